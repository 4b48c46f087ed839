/** Databases and data sources: schemas, rows with every common value, queries, a second source. */

import assert from "node:assert/strict";
import { before, test } from "node:test";

import {
  type CreateDatabaseResponse,
  type GetDataSourceResponse,
  type PageObjectResponse,
  type QueryDataSourceParameters,
  type QueryDataSourceResponse,
  collectPaginatedAPI,
  isFullDataSource,
  isFullDatabase,
  isFullPage,
  isFullPageOrDataSource,
} from "@notionhq/client";

import { conforms } from "../check";
import { client, rootPageId } from "../env";

const notion = client();

function text(content: string): { type: "text"; text: { content: string } } {
  return { type: "text", text: { content } };
}

let databaseId = "";
let dataSourceId = "";
let personId = "";

before(async () => {
  const users = await collectPaginatedAPI(notion.users.list, {});
  const person = users.find((u) => u.type === "person");
  assert.ok(person !== undefined);
  personId = person.id;

  const database: CreateDatabaseResponse = await notion.databases.create({
    parent: { type: "page_id", page_id: rootPageId },
    title: [text("Projects")],
    icon: { type: "emoji", emoji: "📁" },
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Score: { number: { format: "number_with_commas" } },
        Stage: {
          select: {
            options: [
              { name: "Idea", color: "gray" },
              { name: "Doing", color: "blue" },
              { name: "Done", color: "green" },
            ],
          },
        },
        Tags: {
          multi_select: {
            options: [
              { name: "red", color: "red" },
              { name: "blue", color: "blue" },
            ],
          },
        },
        Due: { date: {} },
        Finished: { checkbox: {} },
        Notes: { rich_text: {} },
        Link: { url: {} },
        Mail: { email: {} },
        Phone: { phone_number: {} },
        Owner: { people: {} },
        Attachments: { files: {} },
        Created: { created_time: {} },
        Edited: { last_edited_time: {} },
      },
    },
  });
  assert.ok(isFullDatabase(database));
  conforms("DatabaseObjectResponse", database);
  databaseId = database.id;
  const [source] = database.data_sources;
  assert.ok(source !== undefined);
  dataSourceId = source.id;

  const rows: Array<[string, number, string, string[], string, boolean]> = [
    ["Alpha", 10, "Idea", ["red"], "2026-01-10", false],
    ["Beta", 25, "Doing", ["red", "blue"], "2026-02-20", true],
    ["Gamma", 40, "Done", ["blue"], "2026-03-30", true],
    ["Delta", 5, "Doing", [], "2026-04-01", false],
  ];
  for (const [name, score, stage, tags, due, finished] of rows) {
    await notion.pages.create({
      parent: { type: "data_source_id", data_source_id: dataSourceId },
      properties: {
        Name: { title: [text(name)] },
        Score: { number: score },
        Stage: { select: { name: stage } },
        Tags: { multi_select: tags.map((tag) => ({ name: tag })) },
        Due: { date: { start: due } },
        Finished: { checkbox: finished },
        Notes: { rich_text: [text(`notes on ${name}`)] },
        Link: { url: `https://example.com/${name}` },
        Mail: { email: `${name.toLowerCase()}@example.com` },
        Phone: { phone_number: "+1 555 0100" },
        Owner: { people: [{ id: personId }] },
        Attachments: {
          files: [{ name: "spec.pdf", type: "external", external: { url: "https://example.com/spec.pdf" } }],
        },
      },
    });
  }
});

test("databases.retrieve and dataSources.retrieve answer full objects", async () => {
  const database = await notion.databases.retrieve({ database_id: databaseId });
  assert.ok(isFullDatabase(database));
  conforms("DatabaseObjectResponse", database);
  assert.deepEqual(
    database.data_sources.map((s) => s.id),
    [dataSourceId],
  );
  const source: GetDataSourceResponse = await notion.dataSources.retrieve({ data_source_id: dataSourceId });
  assert.ok(isFullDataSource(source));
  conforms("DataSourceObjectResponse", source);
  assert.equal(source.properties["Stage"]?.type, "select");
  assert.equal(source.parent.type, "database_id");
});

function names(pages: QueryDataSourceResponse["results"]): string[] {
  return pages.map((page) => {
    assert.ok(isFullPage(page));
    const title = page.properties["Name"];
    assert.ok(title !== undefined && title.type === "title");
    return title.title.map((t) => t.plain_text).join("");
  });
}

async function query(args: Omit<QueryDataSourceParameters, "data_source_id">): Promise<string[]> {
  const answer = await notion.dataSources.query({ data_source_id: dataSourceId, ...args });
  conforms("QueryDataSourceResponse", answer);
  for (const page of answer.results) {
    assert.ok(isFullPageOrDataSource(page));
    if (isFullPage(page)) {
      conforms("PageObjectResponse", page);
    }
  }
  return names(answer.results);
}

test("rows read back with every value as the SDK declares it", async () => {
  const rows = await collectPaginatedAPI(notion.dataSources.query, {
    data_source_id: dataSourceId,
    page_size: 2,
  });
  assert.equal(rows.length, 4);
  const first = rows.find((r) => isFullPage(r) && names([r])[0] === "Beta");
  assert.ok(first !== undefined && isFullPage(first));
  const page: PageObjectResponse = first;
  conforms("PageObjectResponse", page);
  const p = page.properties;
  assert.ok(p["Score"]?.type === "number" && p["Score"].number === 25);
  assert.ok(p["Stage"]?.type === "select" && p["Stage"].select?.name === "Doing");
  assert.ok(p["Tags"]?.type === "multi_select");
  assert.deepEqual(
    p["Tags"].multi_select.map((o) => o.name),
    ["red", "blue"],
  );
  assert.ok(p["Due"]?.type === "date" && p["Due"].date?.start === "2026-02-20");
  assert.ok(p["Finished"]?.type === "checkbox" && p["Finished"].checkbox);
  assert.ok(p["Owner"]?.type === "people");
  assert.deepEqual(
    p["Owner"].people.map((u) => u.id),
    [personId],
  );
  assert.ok(p["Created"]?.type === "created_time" && p["Created"].created_time.length > 0);
});

test("dataSources.query filters", async () => {
  const expectSet = async (
    args: Omit<QueryDataSourceParameters, "data_source_id">,
    want: string[],
  ): Promise<void> => {
    assert.deepEqual((await query(args)).sort(), [...want].sort(), JSON.stringify(args.filter));
  };
  await expectSet({ filter: { property: "Score", number: { greater_than: 20 } } }, ["Beta", "Gamma"]);
  await expectSet({ filter: { property: "Stage", select: { equals: "Doing" } } }, ["Beta", "Delta"]);
  await expectSet({ filter: { property: "Tags", multi_select: { contains: "blue" } } }, ["Beta", "Gamma"]);
  await expectSet({ filter: { property: "Tags", multi_select: { is_empty: true } } }, ["Delta"]);
  await expectSet({ filter: { property: "Finished", checkbox: { equals: true } } }, ["Beta", "Gamma"]);
  await expectSet({ filter: { property: "Due", date: { on_or_after: "2026-03-01" } } }, ["Gamma", "Delta"]);
  await expectSet({ filter: { property: "Name", title: { contains: "ta" } } }, ["Beta", "Delta"]);
  await expectSet({ filter: { property: "Name", rich_text: { starts_with: "Al" } } }, ["Alpha"]);
  await expectSet({ filter: { property: "Notes", rich_text: { ends_with: "Gamma" } } }, ["Gamma"]);
  await expectSet({ filter: { property: "Mail", email: { equals: "delta@example.com" } } }, ["Delta"]);
  await expectSet({ filter: { property: "Owner", people: { contains: personId } } }, [
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
  ]);
  await expectSet(
    {
      filter: {
        or: [
          { property: "Stage", select: { equals: "Idea" } },
          {
            and: [
              { property: "Finished", checkbox: { equals: true } },
              { property: "Score", number: { less_than_or_equal_to: 30 } },
            ],
          },
        ],
      },
    },
    ["Alpha", "Beta"],
  );
  await expectSet({ filter: { timestamp: "created_time", created_time: { past_week: {} } } }, [
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
  ]);
});

test("dataSources.query sorts", async () => {
  assert.deepEqual(await query({ sorts: [{ property: "Score", direction: "descending" }] }), [
    "Gamma",
    "Beta",
    "Alpha",
    "Delta",
  ]);
  assert.deepEqual(
    await query({
      sorts: [
        { property: "Stage", direction: "ascending" },
        { property: "Name", direction: "ascending" },
      ],
    }),
    ["Alpha", "Beta", "Delta", "Gamma"],
  );
  assert.deepEqual(await query({ sorts: [{ timestamp: "created_time", direction: "ascending" }] }), [
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
  ]);
});

test("dataSources.create adds a second source; update changes a schema; databases.update renames", async () => {
  const second = await notion.dataSources.create({
    parent: { type: "database_id", database_id: databaseId },
    title: [text("Archive")],
    properties: { Title: { title: {} }, Year: { number: {} } },
  });
  assert.ok(isFullDataSource(second));
  conforms("DataSourceObjectResponse", second);
  const database = await notion.databases.retrieve({ database_id: databaseId });
  assert.ok(isFullDatabase(database));
  assert.equal(database.data_sources.length, 2);

  const updated = await notion.dataSources.update({
    data_source_id: second.id,
    title: [text("Old archive")],
    properties: { Year: { name: "Yr" }, Kind: { select: { options: [{ name: "Box", color: "brown" }] } } },
  });
  assert.ok(isFullDataSource(updated));
  conforms("DataSourceObjectResponse", updated);
  assert.equal(updated.properties["Yr"]?.type, "number");
  assert.equal(updated.properties["Kind"]?.type, "select");

  const renamed = await notion.databases.update({
    database_id: databaseId,
    title: [text("Projects, renamed")],
  });
  assert.ok(isFullDatabase(renamed));
  conforms("DatabaseObjectResponse", renamed);
  assert.equal(renamed.title.map((t) => t.plain_text).join(""), "Projects, renamed");
});
