/** The rest of the surface a user reaches: moves, Markdown, views, templates, property items, errors. */

import assert from "node:assert/strict";
import { before, test } from "node:test";

import {
  APIErrorCode,
  APIResponseError,
  Client,
  type PageObjectResponse,
  collectPaginatedAPI,
  isFullBlock,
  isFullComment,
  isFullDatabase,
  isFullPage,
  isFullView,
  isNotionClientError,
} from "@notionhq/client";

import { conforms, conformsBlock, conformsTo } from "../check";
import { baseUrl, client, rootPageId } from "../env";

const notion = client();

function text(content: string): { type: "text"; text: { content: string } } {
  return { type: "text", text: { content } };
}

async function newPage(title: string, parent = rootPageId): Promise<PageObjectResponse> {
  const page = await notion.pages.create({
    parent: { page_id: parent },
    properties: { title: { title: [text(title)] } },
  });
  assert.ok(isFullPage(page));
  return page;
}

let databaseId = "";
let dataSourceId = "";
let personId = "";
let row: PageObjectResponse;

before(async () => {
  const users = await collectPaginatedAPI(notion.users.list, {});
  personId = users.find((u) => u.type === "person")?.id ?? "";
  const database = await notion.databases.create({
    parent: { type: "page_id", page_id: rootPageId },
    title: [text("Items")],
    is_inline: true,
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Amount: { number: { format: "euro" } },
        Notes: { rich_text: {} },
        Owner: { people: {} },
        Status: { status: {} },
        Edited: { last_edited_by: {} },
      },
    },
  });
  assert.ok(isFullDatabase(database));
  databaseId = database.id;
  dataSourceId = database.data_sources[0]?.id ?? "";
  const created = await notion.pages.create({
    parent: { type: "data_source_id", data_source_id: dataSourceId },
    properties: {
      Name: { title: [text("First")] },
      Amount: { number: 12.5 },
      Notes: { rich_text: [text("one "), text("two")] },
      Owner: { people: [{ id: personId }] },
      Status: { status: { name: "In progress" } },
    },
  });
  assert.ok(isFullPage(created));
  row = created;
});

test("each property read on its own is a property item the SDK declares", async () => {
  for (const [name, property] of Object.entries(row.properties)) {
    const item = await notion.pages.properties.retrieve({ page_id: row.id, property_id: property.id });
    if (item.object === "list") {
      conformsTo("PropertyItemListResponse", item);
    } else {
      conformsTo("PropertyItemObjectResponse", item);
      assert.equal(item.type, property.type, name);
    }
  }
});

test("a page moves under another page and into a data source", async () => {
  const home = await newPage("New home");
  const moving = await newPage("Moving");
  const moved = await notion.pages.move({
    page_id: moving.id,
    parent: { type: "page_id", page_id: home.id },
  });
  assert.ok(isFullPage(moved));
  conforms("PageObjectResponse", moved);
  assert.deepEqual(moved.parent, { type: "page_id", page_id: home.id });
  const listed = await collectPaginatedAPI(notion.blocks.children.list, { block_id: home.id });
  const [child] = listed;
  assert.ok(child !== undefined && isFullBlock(child) && child.type === "child_page");
  conformsBlock(child);
  assert.equal(child.child_page.title, "Moving");

  const intoSource = await notion.pages.move({
    page_id: moving.id,
    parent: { type: "data_source_id", data_source_id: dataSourceId },
  });
  assert.ok(isFullPage(intoSource));
  conforms("PageObjectResponse", intoSource);
  assert.equal(intoSource.parent.type, "data_source_id");
});

test("a page's content as Markdown, read and extended", async () => {
  const page = await newPage("Markdown");
  await notion.blocks.children.append({
    block_id: page.id,
    children: [{ type: "heading_2", heading_2: { rich_text: [text("Title")] } }],
  });
  const read = await notion.pages.retrieveMarkdown({ page_id: page.id });
  conforms("GetPageMarkdownResponse", read);
  assert.match(read.markdown, /## Title/);
  const updated = await notion.pages.updateMarkdown({
    page_id: page.id,
    type: "insert_content",
    insert_content: { content: "- one\n- two" },
  });
  conforms("GetPageMarkdownResponse", updated);
  const blocks = await collectPaginatedAPI(notion.blocks.children.list, { block_id: page.id });
  assert.deepEqual(
    blocks.map((b) => (isFullBlock(b) ? b.type : "")),
    ["heading_2", "bulleted_list_item", "bulleted_list_item"],
  );
});

test("a child database block, views and their queries", async () => {
  const blocks = await collectPaginatedAPI(notion.blocks.children.list, { block_id: rootPageId });
  const childDatabase = blocks.find((b) => b.id === databaseId);
  assert.ok(
    childDatabase !== undefined && isFullBlock(childDatabase) && childDatabase.type === "child_database",
  );
  conformsBlock(childDatabase);

  const view = await notion.views.create({
    data_source_id: dataSourceId,
    database_id: databaseId,
    name: "All items",
    type: "table",
  });
  assert.ok(isFullView(view));
  conforms("DataSourceViewObjectResponse", view);
  const listed = await notion.views.list({ database_id: databaseId });
  conforms("ListDatabaseViewsResponse", listed);
  assert.ok(listed.results.some((v) => v.id === view.id));
  const read = await notion.views.retrieve({ view_id: view.id });
  assert.ok(isFullView(read));
  conforms("DataSourceViewObjectResponse", read);

  const query = await notion.views.queries.create({ view_id: view.id });
  conforms("ViewQueryResponse", query);
  const results = await notion.views.queries.results({ view_id: view.id, query_id: query.id });
  conforms("GetViewQueryResultsResponse", results);
  assert.ok(results.results.some((r) => r.id === row.id));
  conforms(
    "DeletedViewQueryResponse",
    await notion.views.queries.delete({ view_id: view.id, query_id: query.id }),
  );
  const renamed = await notion.views.update({ view_id: view.id, name: "Everything" });
  assert.ok(isFullView(renamed));
  conforms("DataSourceViewObjectResponse", renamed);
  assert.equal(renamed.name, "Everything");
  conforms("PartialDataSourceViewObjectResponse", await notion.views.delete({ view_id: view.id }));
});

test("templates and custom emojis list as the SDK declares", async () => {
  const templates = await notion.dataSources.listTemplates({ data_source_id: dataSourceId });
  conforms("ListDataSourceTemplatesResponse", templates);
  const emojis = await notion.customEmojis.list();
  conforms("ListCustomEmojisResponse", emojis);
});

test("mentions of a user, a database and a page, and a comment on a block", async () => {
  const page = await newPage("Mentions");
  const appended = await notion.blocks.children.append({
    block_id: page.id,
    children: [
      {
        type: "paragraph",
        paragraph: {
          rich_text: [
            { type: "mention", mention: { user: { id: personId } } },
            { type: "mention", mention: { database: { id: databaseId } } },
            { type: "mention", mention: { page: { id: row.id } } },
          ],
        },
      },
    ],
  });
  const [paragraph] = appended.results;
  assert.ok(paragraph !== undefined && isFullBlock(paragraph));
  conformsBlock(paragraph);
  const comment = await notion.comments.create({
    parent: { block_id: paragraph.id },
    rich_text: [text("on a block")],
  });
  assert.ok(isFullComment(comment));
  conforms("CommentObjectResponse", comment);
  assert.deepEqual(comment.parent, { type: "block_id", block_id: paragraph.id });
});

test("refusals arrive as the SDK's error classes with Notion's codes", async () => {
  const stranger = new Client({ auth: "not-the-token", baseUrl, retry: false });
  await assert.rejects(
    stranger.users.me({}),
    (err: unknown) => isNotionClientError(err) && err.code === APIErrorCode.Unauthorized,
  );
  await assert.rejects(
    notion.pages.create({
      parent: { page_id: rootPageId },
      properties: { title: { title: [text("x".repeat(2001))] } },
    }),
    (err: unknown) => isNotionClientError(err) && err.code === APIErrorCode.ValidationError,
  );
  await assert.rejects(
    notion.blocks.children.list({ block_id: row.id, start_cursor: "not-a-cursor" }),
    (err: unknown) => isNotionClientError(err) && err.code === APIErrorCode.ValidationError,
  );
  // As recorded in notion-recordings/test_api_response_error_request_id.yaml.
  await assert.rejects(notion.request({ path: "invalid", method: "get" }), (err: unknown) => {
    assert.ok(APIResponseError.isAPIResponseError(err));
    assert.equal(err.status, 400);
    assert.equal(err.code, APIErrorCode.InvalidRequestURL);
    assert.equal(err.message, "Invalid request URL.");
    assert.match(err.request_id ?? "", /^[0-9a-f-]{36}$/);
    return true;
  });
});
