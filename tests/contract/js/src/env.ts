/** The emulator a test file talks to, as the runner (run.ts) describes it in the environment. */

import { Client, LogLevel } from "@notionhq/client";

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: run the suite with "npm test" (build/run.js starts the emulator)`);
  }
  return value;
}

export const baseUrl = required("NOTION_BASE_URL");
export const token = required("NOTION_TOKEN");
export const rootPageId = required("NOTION_ROOT_PAGE_ID");

/** A client as a user builds one, pointed at the emulator. */
export function client(notionVersion?: string): Client {
  return new Client({
    auth: token,
    baseUrl,
    logLevel: LogLevel.ERROR, // the refusals the suite provokes are expected
    ...(notionVersion === undefined ? {} : { notionVersion }),
  });
}
