/**
 * Relations, formulas, rollups and unique ids, and the other values issue 14 listed as
 * answered differently from Notion: relation targets, computed values, users, options, icons,
 * moves and Notion-Version 2022-06-28.
 */

import assert from "node:assert/strict";
import { before, test } from "node:test";

import {
  type DataSourceObjectResponse,
  type PageObjectResponse,
  isFullDataSource,
  isFullDatabase,
  isFullPage,
} from "@notionhq/client";

import { conforms } from "../check";
import { client, rootPageId } from "../env";

const notion = client();

function text(content: string): { type: "text"; text: { content: string } } {
  return { type: "text", text: { content } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Made = { databaseId: string; dataSourceId: string };

async function database(
  title: string,
  properties: Parameters<typeof notion.databases.create>[0]["initial_data_source"],
): Promise<Made> {
  const made = await notion.databases.create({
    parent: { type: "page_id", page_id: rootPageId },
    title: [text(title)],
    ...(properties === undefined ? {} : { initial_data_source: properties }),
  });
  assert.ok(isFullDatabase(made));
  const [source] = made.data_sources;
  assert.ok(source !== undefined);
  return { databaseId: made.id, dataSourceId: source.id };
}

async function schema(dataSourceId: string): Promise<DataSourceObjectResponse> {
  const source = await notion.dataSources.retrieve({ data_source_id: dataSourceId });
  assert.ok(isFullDataSource(source));
  return source;
}

async function row(dataSourceId: string, properties: Record<string, unknown>): Promise<PageObjectResponse> {
  const page = await notion.pages.create({
    parent: { type: "data_source_id", data_source_id: dataSourceId },
    properties: properties as Parameters<typeof notion.pages.create>[0]["properties"],
  });
  assert.ok(isFullPage(page));
  return page;
}

let targets: Made;
let sources: Made;
let targetRow = "";
let sourceRow: PageObjectResponse;

before(async () => {
  targets = await database("Targets", { properties: { Name: { title: {} }, Points: { number: {} } } });
  targetRow = (await row(targets.dataSourceId, { Name: { title: [text("T1")] }, Points: { number: 7 } })).id;
  sources = await database("Sources", {
    properties: {
      Name: { title: {} },
      Score: { number: {} },
      Double: { formula: { expression: 'prop("Score") * 2' } },
      Code: { unique_id: { prefix: "SRC" } },
      Kind: { select: { options: [{ name: "First" }, { name: "Second" }] } },
      Author: { created_by: {} },
    },
  });
  await notion.dataSources.update({
    data_source_id: sources.dataSourceId,
    properties: {
      Target: { relation: { data_source_id: targets.dataSourceId, single_property: {} } },
    },
  });
  await notion.dataSources.update({
    data_source_id: sources.dataSourceId,
    properties: {
      Count: {
        rollup: { relation_property_name: "Target", rollup_property_name: "Points", function: "count" },
      },
    },
  });
  sourceRow = await row(sources.dataSourceId, {
    Name: { title: [text("S1")] },
    Score: { number: 21 },
    Target: { relation: [{ id: targetRow }] },
  });
});

test("a row with a relation, a formula, a rollup and a unique id is a PageObjectResponse", async () => {
  conforms("PageObjectResponse", sourceRow);
  const read = await notion.pages.retrieve({ page_id: sourceRow.id });
  assert.ok(isFullPage(read));
  conforms("PageObjectResponse", read);
  const relation = read.properties["Target"];
  assert.ok(relation?.type === "relation");
  assert.deepEqual(
    relation.relation.map((r) => r.id),
    [targetRow],
  );
});

test("a page shows 25 references of a longer relation; the property endpoint lists them all", async () => {
  const many: string[] = [];
  for (let n = 0; n < 30; n += 1) {
    many.push((await row(targets.dataSourceId, { Name: { title: [text(`T${n + 2}`)] } })).id);
  }
  const page = await row(sources.dataSourceId, {
    Name: { title: [text("Many")] },
    Target: { relation: many.map((id) => ({ id })) },
  });
  conforms("PageObjectResponse", page);
  const shown = page.properties["Target"];
  assert.ok(shown?.type === "relation");
  assert.deepEqual(
    shown.relation.map((r) => r.id),
    many.slice(0, 25),
  );
  assert.equal((shown as unknown as { has_more: boolean }).has_more, true);
  const listed = await notion.pages.properties.retrieve({
    page_id: page.id,
    property_id: shown.id,
    page_size: 100,
  });
  assert.ok(listed.object === "list");
  conforms("PropertyItemListResponse", listed);
  assert.deepEqual(
    listed.results.map((item) => (item.type === "relation" ? item.relation.id : "")),
    many,
  );
});

test("a relation in a schema names its target database", async () => {
  const source = await schema(sources.dataSourceId);
  const relation = source.properties["Target"];
  assert.ok(relation?.type === "relation");
  assert.equal(relation.relation.database_id, targets.databaseId);
  conforms("DataSourceObjectResponse", source);
});

test("a relation value carrying has_more: false is accepted", async () => {
  await row(sources.dataSourceId, {
    Name: { title: [text("S2")] },
    Target: { relation: [{ id: targetRow }], has_more: false },
  });
});

test("a schema property sent back with its id is accepted", async () => {
  const source = await schema(sources.dataSourceId);
  const score = source.properties["Score"];
  assert.ok(score !== undefined);
  {
    await notion.dataSources.update({
      data_source_id: sources.dataSourceId,
      properties: { Score: { id: score.id, name: "Score", number: { format: "number" } } } as never,
    });
  }
});

test("formulas, rollups and unique ids are computed", async () => {
  const read = await notion.pages.retrieve({ page_id: sourceRow.id });
  assert.ok(isFullPage(read));
  const p = read.properties;
  {
    assert.ok(p["Double"]?.type === "formula");
    assert.deepEqual(p["Double"].formula, { type: "number", number: 42 });
  }
  {
    const found = await notion.dataSources.query({
      data_source_id: sources.dataSourceId,
      filter: { property: "Double", formula: { number: { equals: 42 } } },
    });
    assert.equal(found.results.length, 1);
  }
  {
    assert.ok(p["Count"]?.type === "rollup");
    assert.deepEqual(p["Count"].rollup, { type: "number", number: 1, function: "count" });
  }
  {
    // Notion fills rollup_property_id (notion-recordings-uno/fixtures/mod_formula_db.yaml).
    const count = (await schema(sources.dataSourceId)).properties["Count"];
    assert.ok(count?.type === "rollup");
    const points = (await schema(targets.dataSourceId)).properties["Points"];
    assert.equal(count.rollup.rollup_property_id, points?.id);
  }
  {
    assert.ok(p["Code"]?.type === "unique_id");
    assert.deepEqual(p["Code"].unique_id, { prefix: "SRC", number: 1 });
  }
});

test("a dual_property relation creates its reverse property", async () => {
  await notion.dataSources.update({
    data_source_id: sources.dataSourceId,
    properties: { Linked: { relation: { data_source_id: targets.dataSourceId, dual_property: {} } } },
  });
  {
    const linked = (await schema(sources.dataSourceId)).properties["Linked"];
    assert.ok(linked?.type === "relation" && linked.relation.type === "dual_property");
    const synced = linked.relation.dual_property;
    assert.ok(synced.synced_property_name.length > 0 && synced.synced_property_id.length > 0);
    const reverse = (await schema(targets.dataSourceId)).properties[synced.synced_property_name];
    assert.equal(reverse?.type, "relation");
  }
});

test("users inside values are full users", async () => {
  // the page's own created_by stays partial, as recorded; a created_by property holds a full user
  const author = sourceRow.properties["Author"];
  assert.ok(author?.type === "created_by");
  assert.ok("type" in author.created_by && "name" in author.created_by);
});

test("options, icons and moves", async () => {
  const kind = (await schema(sources.dataSourceId)).properties["Kind"];
  assert.ok(kind?.type === "select");
  assert.equal(kind.select.options[0]?.color, "default", "the first option without a colour");
  {
    assert.match(kind.select.options[0]?.id ?? "", UUID);
  }
  {
    const page = await notion.pages.create({
      parent: { page_id: rootPageId },
      icon: { type: "external", external: { url: "https://www.notion.so/icons/star_yellow.svg" } },
      properties: { title: { title: [text("Icon")] } },
    });
    assert.ok(isFullPage(page));
    assert.equal(page.icon?.type, "icon");
  }
  {
    const other = await database("Other home", undefined);
    await notion.dataSources.update({
      data_source_id: targets.dataSourceId,
      parent: { type: "database_id", database_id: other.databaseId },
    } as never);
  }
});

test("Notion-Version 2022-06-28 answers the 2022 shapes", async () => {
  const old = client("2022-06-28");
  const single = await database("One source", { properties: { Name: { title: {} } } });
  {
    const answer: Record<string, unknown> = await old.request({
      path: `databases/${single.databaseId}`,
      method: "get",
    });
    assert.ok(typeof answer["properties"] === "object" && answer["properties"] !== null);
    const queried: Record<string, unknown> = await old.request({
      path: `databases/${single.databaseId}/query`,
      method: "post",
      body: {},
    });
    assert.equal(queried["object"], "list");
  }
});
