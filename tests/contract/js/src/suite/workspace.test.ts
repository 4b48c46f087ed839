/** Search, users, comments and file uploads. */

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  type CreateCommentResponse,
  type FileUploadObjectResponse,
  type ListUsersResponse,
  type SearchResponse,
  collectPaginatedAPI,
  isFullBlock,
  isFullComment,
  isFullDataSource,
  isFullPage,
  isFullPageOrDataSource,
  isFullUser,
} from "@notionhq/client";

import { conforms, conformsBlock } from "../check";
import { client, rootPageId } from "../env";

const notion = client();

function text(content: string): { type: "text"; text: { content: string } } {
  return { type: "text", text: { content } };
}

async function newPage(title: string): Promise<string> {
  const page = await notion.pages.create({
    parent: { page_id: rootPageId },
    properties: { title: { title: [text(title)] } },
  });
  assert.ok(isFullPage(page));
  return page.id;
}

test("search finds pages and data sources by title and object", async () => {
  const pageId = await newPage("Searchable zebra");
  const found: SearchResponse = await notion.search({
    query: "zebra",
    filter: { property: "object", value: "page" },
    sort: { timestamp: "last_edited_time", direction: "descending" },
  });
  conforms("SearchResponse", found);
  assert.ok(found.results.some((r) => r.id === pageId));
  for (const result of found.results) {
    assert.ok(isFullPageOrDataSource(result));
  }

  const database = await notion.databases.create({
    parent: { type: "page_id", page_id: rootPageId },
    title: [text("Searchable okapi")],
    initial_data_source: { properties: { Name: { title: {} } } },
  });
  const sources = await collectPaginatedAPI(notion.search, {
    query: "okapi",
    filter: { property: "object", value: "data_source" },
    page_size: 1,
  });
  assert.ok(sources.length >= 1);
  for (const source of sources) {
    assert.ok(isFullDataSource(source));
    conforms("DataSourceObjectResponse", source);
    assert.ok(source.parent.type === "database_id");
    assert.equal(source.parent.database_id, database.id);
  }
});

test("users.list, users.me and users.retrieve answer full users", async () => {
  const listed: ListUsersResponse = await notion.users.list({});
  conforms("ListUsersResponse", listed);
  assert.ok(listed.results.length >= 1);
  const me = await notion.users.me({});
  conforms("UserObjectResponse", me);
  assert.equal(me.type, "bot");
  for (const user of listed.results) {
    assert.ok(isFullUser(user));
    const read = await notion.users.retrieve({ user_id: user.id });
    conforms("UserObjectResponse", read);
    assert.equal(read.id, user.id);
  }
});

test("comments: create on a page, reply in the discussion, list, retrieve", async () => {
  const pageId = await newPage("Discussed");
  const first: CreateCommentResponse = await notion.comments.create({
    parent: { page_id: pageId },
    rich_text: [text("first "), { type: "text", text: { content: "bold" }, annotations: { bold: true } }],
  });
  assert.ok(isFullComment(first));
  conforms("CommentObjectResponse", first);
  const reply = await notion.comments.create({
    discussion_id: first.discussion_id,
    rich_text: [text("reply")],
  });
  assert.ok(isFullComment(reply));
  conforms("CommentObjectResponse", reply);
  assert.equal(reply.discussion_id, first.discussion_id);

  const listed = await notion.comments.list({ block_id: pageId });
  conforms("ListCommentsResponse", listed);
  assert.deepEqual(
    listed.results.map((c) => c.id),
    [first.id, reply.id],
  );
  const read = await notion.comments.retrieve({ comment_id: first.id });
  assert.ok(isFullComment(read));
  conforms("CommentObjectResponse", read);
  assert.equal(read.rich_text.map((t) => t.plain_text).join(""), "first bold");
  const edited = await notion.comments.update({ comment_id: reply.id, rich_text: [text("edited")] });
  assert.ok(isFullComment(edited));
  conforms("CommentObjectResponse", edited);
  const removed = await notion.comments.delete({ comment_id: reply.id });
  assert.ok(isFullComment(removed));
  conforms("CommentObjectResponse", removed);
});

test("a single-part upload is sent, then attached to an image block", async () => {
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  );
  const created: FileUploadObjectResponse = await notion.fileUploads.create({
    mode: "single_part",
    filename: "dot.png",
    content_type: "image/png",
  });
  conforms("FileUploadObjectResponse", created);
  assert.equal(created.status, "pending");
  const sent = await notion.fileUploads.send({
    file_upload_id: created.id,
    file: { filename: "dot.png", data: new Blob([png], { type: "image/png" }) },
  });
  conforms("FileUploadObjectResponse", sent);
  assert.equal(sent.status, "uploaded");
  assert.equal(sent.content_length, png.length);
  const read = await notion.fileUploads.retrieve({ file_upload_id: created.id });
  conforms("FileUploadObjectResponse", read);
  const listed = await notion.fileUploads.list({});
  conforms("ListFileUploadsResponse", listed);
  assert.ok(listed.results.some((u) => u.id === created.id));

  const pageId = await newPage("With an upload");
  const appended = await notion.blocks.children.append({
    block_id: pageId,
    children: [{ type: "image", image: { type: "file_upload", file_upload: { id: created.id } } }],
  });
  const [image] = appended.results;
  assert.ok(image !== undefined && isFullBlock(image) && image.type === "image");
  conformsBlock(image);
  assert.equal(image.image.type, "file");
});

async function upload(filename: string, contentType: string): Promise<string> {
  const created = await notion.fileUploads.create({
    mode: "single_part",
    filename,
    content_type: contentType,
  });
  await notion.fileUploads.send({
    file_upload_id: created.id,
    file: { filename, data: new Blob(["contents"], { type: contentType }) },
  });
  return created.id;
}

test("uploads become a page's icon and cover, media blocks and comment attachments", async () => {
  const page = await notion.pages.create({
    parent: { page_id: rootPageId },
    icon: { type: "file_upload", file_upload: { id: await upload("icon.png", "image/png") } },
    cover: { type: "file_upload", file_upload: { id: await upload("cover.png", "image/png") } },
    properties: { title: { title: [text("Uploads")] } },
  });
  assert.ok(isFullPage(page));
  conforms("PageObjectResponse", page);
  assert.equal(page.icon?.type, "file");
  const appended = await notion.blocks.children.append({
    block_id: page.id,
    children: [
      {
        type: "file",
        file: {
          type: "file_upload",
          file_upload: { id: await upload("a.txt", "text/plain") },
          caption: [text("cap")],
        },
      },
      {
        type: "pdf",
        pdf: { type: "file_upload", file_upload: { id: await upload("a.pdf", "application/pdf") } },
      },
      {
        type: "audio",
        audio: { type: "file_upload", file_upload: { id: await upload("a.mp3", "audio/mpeg") } },
      },
      {
        type: "video",
        video: { type: "file_upload", file_upload: { id: await upload("a.mp4", "video/mp4") } },
      },
      { type: "audio", audio: { type: "external", external: { url: "https://example.com/a.mp3" } } },
    ],
  });
  for (const block of appended.results) {
    assert.ok(isFullBlock(block));
    conformsBlock(block);
  }
  const comment = await notion.comments.create({
    parent: { page_id: page.id },
    rich_text: [text("see attached")],
    attachments: [{ file_upload_id: await upload("shot.png", "image/png") }],
  });
  assert.ok(isFullComment(comment));
  conforms("CommentObjectResponse", comment);
  const external = await notion.fileUploads.create({
    mode: "external_url",
    external_url: "https://example.com/remote.png",
    filename: "remote.png",
  });
  conforms("FileUploadObjectResponse", external);
  const everything = await notion.search({ page_size: 5 });
  conforms("SearchResponse", everything);
});

test("a multi-part upload is sent in parts and completed", async () => {
  const part = Buffer.alloc(5 * 1024 * 1024, 7);
  const tail = Buffer.from("the last part");
  const created = await notion.fileUploads.create({
    mode: "multi_part",
    number_of_parts: 2,
    filename: "big.bin",
    content_type: "application/octet-stream",
  });
  conforms("FileUploadObjectResponse", created);
  for (const [index, data] of [part, tail].entries()) {
    const sent = await notion.fileUploads.send({
      file_upload_id: created.id,
      part_number: String(index + 1),
      file: { filename: "big.bin", data: new Blob([data]) },
    });
    conforms("FileUploadObjectResponse", sent);
  }
  const done = await notion.fileUploads.complete({ file_upload_id: created.id });
  conforms("FileUploadObjectResponse", done);
  assert.equal(done.status, "uploaded");
  assert.equal(done.content_length, part.length + tail.length);
});
