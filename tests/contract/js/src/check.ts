/**
 * Runtime checks of an answer against the SDK's own response types.
 *
 * Every check is typed twice: `conforms("PageObjectResponse", page)` compiles only when `page`
 * is assignable to the SDK's `PageObjectResponse`, and at run time the value is validated by
 * Ajv against the JSON Schema generated from that same declaration (see schema.ts).
 */

import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type * as Api from "@notionhq/client/build/src/api-endpoints";

import { sdkSchema } from "./schema";

/** The SDK types the suite checks answers against, by the name they are exported under. */
export interface SdkTypes {
  AppendBlockChildrenResponse: Api.AppendBlockChildrenResponse;
  CommentObjectResponse: Api.CommentObjectResponse;
  DataSourceObjectResponse: Api.DataSourceObjectResponse;
  DataSourceViewObjectResponse: Api.DataSourceViewObjectResponse;
  DatabaseObjectResponse: Api.DatabaseObjectResponse;
  DeletedViewQueryResponse: Api.DeletedViewQueryResponse;
  FileUploadObjectResponse: Api.FileUploadObjectResponse;
  GetPageMarkdownResponse: Api.GetPageMarkdownResponse;
  GetViewQueryResultsResponse: Api.GetViewQueryResultsResponse;
  ListBlockChildrenResponse: Api.ListBlockChildrenResponse;
  ListCommentsResponse: Api.ListCommentsResponse;
  ListCustomEmojisResponse: Api.ListCustomEmojisResponse;
  ListDataSourceTemplatesResponse: Api.ListDataSourceTemplatesResponse;
  ListDatabaseViewsResponse: Api.ListDatabaseViewsResponse;
  ListFileUploadsResponse: Api.ListFileUploadsResponse;
  ListUsersResponse: Api.ListUsersResponse;
  PageObjectResponse: Api.PageObjectResponse;
  PartialDataSourceViewObjectResponse: Api.PartialDataSourceViewObjectResponse;
  PropertyItemListResponse: Api.PropertyItemListResponse;
  QueryDataSourceResponse: Api.QueryDataSourceResponse;
  SearchResponse: Api.SearchResponse;
  UserObjectResponse: Api.UserObjectResponse;
  ViewQueryResponse: Api.ViewQueryResponse;
}

const SCHEMA_ID = "notion-sdk";
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validator(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (validate === undefined) {
    if (ajv === undefined) {
      ajv = new Ajv({ allErrors: true, strict: false });
      ajv.addSchema(sdkSchema(), SCHEMA_ID);
    }
    validate = ajv.getSchema(`${SCHEMA_ID}#/definitions/${name}`);
    if (validate === undefined) {
      throw new Error(`the SDK exports no type named ${name}`);
    }
    compiled.set(name, validate);
  }
  return validate;
}

/** The deepest errors first: in a union the deepest is where the closest branch went wrong. */
function describe(errors: ErrorObject[]): string {
  const depth = (e: ErrorObject): number => e.instancePath.split("/").length;
  const lines = [...errors]
    .sort((a, b) => depth(b) - depth(a))
    .map((e) => {
      const extra =
        e.keyword === "additionalProperties" ? ` (${String(e.params["additionalProperty"])})` : "";
      return `  ${e.instancePath || "/"} ${e.message ?? e.keyword}${extra}`;
    });
  const unique = [...new Set(lines)];
  const shown = unique.slice(0, 12);
  if (unique.length > shown.length) {
    shown.push(`  ... and ${unique.length - shown.length} more`);
  }
  return shown.join("\n");
}

/**
 * Keys Notion is recorded sending that the SDK's types do not declare, removed before the check.
 * Each entry: where the key sits (a test on the object holding it), the key, the recording.
 */
const UNDECLARED: ReadonlyArray<{
  where: (o: Record<string, unknown>, top: boolean) => boolean;
  key: string;
  seen: string;
}> = [
  { where: (_, top) => top, key: "request_id", seen: "notion-recordings/test_data_sources_update.yaml" },
  {
    where: (o) => o["type"] === "relation" && Array.isArray(o["relation"]),
    key: "has_more",
    seen: "notion-recordings-uno/fixtures/mod_notion_cleanups.yaml",
  },
  {
    where: (o) => o["type"] === "person" && o["object"] === "user",
    key: "person.email_verified",
    seen: "notion-recordings/test_users_list.yaml",
  },
];

function withoutUndeclared(value: unknown, top = true): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => withoutUndeclared(item, false));
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = withoutUndeclared(item, false);
  }
  for (const { where, key } of UNDECLARED) {
    if (where(copy, top)) {
      const [head, rest] = key.split(".", 2) as [string, string | undefined];
      const holder = copy[head];
      if (rest === undefined) {
        delete copy[head];
      } else if (holder !== null && typeof holder === "object") {
        delete (holder as Record<string, unknown>)[rest];
      }
    }
  }
  return copy;
}

/** Fails unless `value` has the shape the SDK declares for `name`. */
export function conforms<K extends keyof SdkTypes>(name: K, value: SdkTypes[K]): void {
  conformsTo(name, value);
}

/** The same check by a type name computed at run time (block types, property items). */
export function conformsTo(name: string, value: unknown): void {
  const validate = validator(name);
  if (!validate(withoutUndeclared(value))) {
    const shown = JSON.stringify(value).slice(0, 600);
    throw new Error(`answer is not a ${name}:\n${describe(validate.errors ?? [])}\nanswer: ${shown}`);
  }
}

function pascal(snake: string): string {
  return snake
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** A block against the SDK type of its own kind (ParagraphBlockObjectResponse, …). */
export function conformsBlock(block: Api.BlockObjectResponse): void {
  conformsTo(`${pascal(block.type)}BlockObjectResponse`, block);
}

const DATED_OBJECTS = new Set(["page", "block", "database", "data_source"]);

/**
 * The SDK's types are those of Notion-Version 2025-09-03. A 2026-03-11 answer differs by one key:
 * pages, blocks, databases and data sources no longer carry `archived`, only `in_trash` (recorded
 * in notion-recordings-uno, e.g. test_blocks/test_append_blocks.yaml). This checks that `archived`
 * is gone, then checks the rest against the SDK's type.
 */
export function conformsAt2026<K extends keyof SdkTypes>(name: K, value: SdkTypes[K]): void {
  const restore = (item: unknown): unknown => {
    if (Array.isArray(item)) {
      return item.map(restore);
    }
    if (item === null || typeof item !== "object") {
      return item;
    }
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(item)) {
      copy[key] = restore(inner);
    }
    if (DATED_OBJECTS.has(String(copy["object"])) && "in_trash" in copy) {
      if ("archived" in copy) {
        throw new Error(`a ${String(copy["object"])} answered for 2026-03-11 still carries archived`);
      }
      copy["archived"] = copy["in_trash"];
    }
    return copy;
  };
  conformsTo(name, restore(value));
}
