/**
 * The SDK's response types as JSON Schema, read from the SDK's own declaration files.
 *
 * ts-json-schema-generator walks `api-endpoints.d.ts` with the TypeScript compiler and writes
 * one definition per exported type. That takes a while (about 20 s), so the result is kept in
 * build/ and made again only when the SDK or the generator changes version.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { createGenerator } from "ts-json-schema-generator";

export type JsonSchema = { definitions: Record<string, unknown> } & Record<string, unknown>;

type Cached = { key: string; schema: JsonSchema };

const CACHE = join(__dirname, "sdk-schema.json");

function versionOf(pkg: string): string {
  const manifest = require.resolve(`${pkg}/package.json`);
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

function generate(): JsonSchema {
  const sdk = dirname(require.resolve("@notionhq/client/package.json"));
  const generator = createGenerator({
    path: join(sdk, "build", "src", "api-endpoints.d.ts"),
    type: "*",
    expose: "export",
    topRef: true,
    jsDoc: "none",
    skipTypeCheck: true,
    // An answer carrying a key the SDK does not declare is a difference worth seeing.
    additionalProperties: false,
  });
  return generator.createSchema("*") as JsonSchema;
}

/** The schema of every exported type of the installed SDK, made on first use. */
export function sdkSchema(): JsonSchema {
  const key = ["@notionhq/client", "ts-json-schema-generator"].map((p) => `${p}@${versionOf(p)}`).join(" ");
  if (existsSync(CACHE)) {
    const cached = JSON.parse(readFileSync(CACHE, "utf8")) as Cached;
    if (cached.key === key) {
      return cached.schema;
    }
  }
  const schema = generate();
  mkdirSync(dirname(CACHE), { recursive: true });
  writeFileSync(CACHE, JSON.stringify({ key, schema } satisfies Cached));
  return schema;
}
