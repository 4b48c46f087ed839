/**
 * Expected failures: behaviours of the emulator that issue 14 lists as wrong and that are being
 * fixed. Each stays red-but-expected until it starts passing; then it fails loudly so that the
 * entry is removed and the check becomes an ordinary test.
 */

import type { TestContext } from "node:test";

export async function expectedFailure(
  t: TestContext,
  item: number,
  what: string,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    t.diagnostic(`expected failure, issue 14 item ${item} (${what}): ${reason}`);
    return;
  }
  throw new Error(
    `issue 14 item ${item} (${what}) now passes: remove its expectedFailure so it is an ordinary test`,
  );
}
