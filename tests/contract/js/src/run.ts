/**
 * Runs the suite: makes the SDK's schema, starts a fresh emulator on a free port, runs every
 * test file under build/suite with node's test runner, and stops the emulator whatever happens.
 *
 * NOTION_EMULATOR names the command to start (default `notion-emulator` on the PATH). With
 * NOTION_BASE_URL, NOTION_TOKEN and NOTION_ROOT_PAGE_ID set, a running emulator is used instead.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { sdkSchema } from "./schema";

type Served = { base_url: string; token: string; root_page_id: string };

const START_TIMEOUT_MS = 60_000;

function startEmulator(): Promise<{ child: ChildProcess; served: Served }> {
  const command = process.env["NOTION_EMULATOR"] ?? "notion-emulator";
  const child = spawn(command, ["serve", "--port", "0", "--no-limit"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${command} printed no address within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${command}: ${err.message}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${String(code)} before serving`));
    });
    createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      resolve({ child, served: JSON.parse(line) as Served });
    });
  });
}

function runTests(env: NodeJS.ProcessEnv): Promise<number> {
  const dir = join(__dirname, "suite");
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".test.js"))
    .sort()
    .map((name) => join(dir, name));
  const child = spawn(process.execPath, ["--test", "--test-reporter=spec", ...files], {
    stdio: "inherit",
    env,
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
}

async function main(): Promise<number> {
  sdkSchema(); // once here, so test files running side by side find it made
  if (process.env["NOTION_BASE_URL"] !== undefined) {
    return runTests(process.env);
  }
  const { child, served } = await startEmulator();
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
    }
  };
  process.once("exit", stop);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
  try {
    console.log(`notion-emulator at ${served.base_url}`);
    return await runTests({
      ...process.env,
      NOTION_BASE_URL: served.base_url,
      NOTION_TOKEN: served.token,
      NOTION_ROOT_PAGE_ID: served.root_page_id,
    });
  } finally {
    stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
