/** Pages: create, retrieve, update, trash and restore, a property read on its own. */

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  type CreatePageResponse,
  type GetPagePropertyResponse,
  type GetPageResponse,
  type UpdatePageResponse,
  isFullDataSource,
  isFullDatabase,
  isFullPage,
} from "@notionhq/client";

import { conforms, conformsAt2026, conformsTo } from "../check";
import { client, rootPageId } from "../env";

const notion = client();

function titleText(page: GetPageResponse): string {
  assert.ok(isFullPage(page));
  const title = Object.values(page.properties).find((p) => p.type === "title");
  assert.ok(title !== undefined && title.type === "title");
  return title.title.map((t) => t.plain_text).join("");
}

test("pages.create, retrieve, update and trash answer full pages", async () => {
  const created: CreatePageResponse = await notion.pages.create({
    parent: { page_id: rootPageId },
    icon: { type: "emoji", emoji: "🧪" },
    cover: { type: "external", external: { url: "https://example.com/cover.png" } },
    properties: { title: { title: [{ text: { content: "Contract page" } }] } },
  });
  assert.ok(isFullPage(created));
  conforms("PageObjectResponse", created);
  assert.equal(created.parent.type, "page_id");

  const read: GetPageResponse = await notion.pages.retrieve({ page_id: created.id });
  assert.ok(isFullPage(read));
  conforms("PageObjectResponse", read);
  assert.equal(titleText(read), "Contract page");
  assert.deepEqual(read.icon, { type: "emoji", emoji: "🧪" });

  const updated: UpdatePageResponse = await notion.pages.update({
    page_id: created.id,
    icon: { type: "external", external: { url: "https://example.com/icon.png" } },
    properties: {
      title: {
        title: [
          { text: { content: "Renamed " } },
          { text: { content: "bold" }, annotations: { bold: true, color: "red" } },
        ],
      },
    },
  });
  assert.ok(isFullPage(updated));
  conforms("PageObjectResponse", updated);
  assert.equal(titleText(updated), "Renamed bold");

  const trashed = await notion.pages.update({ page_id: created.id, in_trash: true });
  assert.ok(isFullPage(trashed));
  conforms("PageObjectResponse", trashed);
  assert.equal(trashed.in_trash, true);
  const restored = await notion.pages.update({ page_id: created.id, in_trash: false });
  assert.ok(isFullPage(restored));
  assert.equal(restored.in_trash, false);
});

test("pages.properties.retrieve pages a title as a property item list", async () => {
  const page = await notion.pages.create({
    parent: { page_id: rootPageId },
    properties: { title: { title: [{ text: { content: "Item list" } }] } },
  });
  assert.ok(isFullPage(page));
  const titleId = page.properties["title"]?.id;
  assert.ok(titleId !== undefined);
  const item: GetPagePropertyResponse = await notion.pages.properties.retrieve({
    page_id: page.id,
    property_id: titleId,
  });
  assert.equal(item.object, "list");
  conformsTo("PropertyItemListResponse", item);
});

test("a page that does not exist answers object_not_found", async () => {
  await assert.rejects(
    notion.pages.retrieve({ page_id: "00000000-0000-4000-8000-000000000000" }),
    (err: unknown) => (err as { code?: string }).code === "object_not_found",
  );
});

test("a malformed id in a path answers 400 validation_error", async () => {
  await assert.rejects(notion.pages.retrieve({ page_id: "not-a-uuid" }), (err: unknown) => {
    const e = err as { status?: number; code?: string };
    return e.status === 400 && e.code === "validation_error";
  });
});

test("Notion-Version 2026-03-11: the same answers without archived, and after refused", async () => {
  const current = client("2026-03-11");
  const page = await current.pages.create({
    parent: { page_id: rootPageId },
    properties: { title: { title: [{ text: { content: "2026" } }] } },
    children: [{ paragraph: { rich_text: [{ text: { content: "a" } }] } }],
  });
  assert.ok(isFullPage(page));
  conformsAt2026("PageObjectResponse", page);
  const listed = await current.blocks.children.list({ block_id: page.id });
  conformsAt2026("ListBlockChildrenResponse", listed);
  const [first] = listed.results;
  assert.ok(first !== undefined);
  const appended = await current.blocks.children.append({
    block_id: page.id,
    children: [{ paragraph: { rich_text: [{ text: { content: "b" } }] } }],
    position: { type: "after_block", after_block: { id: first.id } },
  });
  conformsAt2026("AppendBlockChildrenResponse", appended);
  await assert.rejects(
    current.blocks.children.append({
      block_id: page.id,
      children: [{ paragraph: { rich_text: [{ text: { content: "c" } }] } }],
      after: first.id,
    }),
    (err: unknown) => (err as { code?: string }).code === "validation_error",
  );
  const database = await current.databases.create({
    parent: { type: "page_id", page_id: rootPageId },
    title: [{ text: { content: "2026 database" } }],
    initial_data_source: { properties: { Name: { title: {} } } },
  });
  assert.ok(isFullDatabase(database));
  conformsAt2026("DatabaseObjectResponse", database);
  const source = await current.dataSources.retrieve({ data_source_id: database.data_sources[0]?.id ?? "" });
  assert.ok(isFullDataSource(source));
  conformsAt2026("DataSourceObjectResponse", source);
  const trashed = await current.pages.update({ page_id: page.id, in_trash: true });
  assert.ok(isFullPage(trashed));
  conformsAt2026("PageObjectResponse", trashed);
});
