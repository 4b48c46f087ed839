"""Comments: ``/v1/comments``."""

from __future__ import annotations

from typing import Any

from notion_emulator.errors import not_found
from notion_emulator.handlers.common import reject_unknown, require, rich_text
from notion_emulator.render import listing
from notion_emulator.routing import Ctx
from notion_emulator.schema.messages import body_failed, failed, was
from notion_emulator.schema.rich_text import validate_rich_text
from notion_emulator.store import Comment, new_id, normalize_id


def _comment(ctx: Ctx) -> Comment:
    comment_id = ctx.id_param(kind="comment")
    comment = ctx.store.comments.get(comment_id)
    if comment is None or comment.in_trash:
        raise not_found(comment_id, "comment")
    return comment


async def create_comment(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(
        body,
        frozenset(
            {"parent", "discussion_id", "rich_text", "attachments", "display_name", "markdown"}
        ),
    )
    items = require(body, "rich_text")
    validate_rich_text(items, "body.rich_text")
    parent = body.get("parent")
    discussion = body.get("discussion_id")
    if isinstance(parent, dict):
        raw = parent.get("page_id") or parent.get("block_id")
        target = normalize_id(str(raw)) if raw else None
        node = ctx.store.get_node(target) if target else None
        if node is None:
            raise not_found(str(raw), "page")
        kind = "page_id" if node.type == "child_page" else "block_id"
        ref: dict[str, Any] = {"type": kind, kind: node.id}
        discussion_id = _page_discussion(ctx, ref) or new_id()
    elif isinstance(discussion, str):
        first = next(
            (c for c in ctx.store.comments.values() if c.discussion_id == discussion), None
        )
        if first is None:
            raise not_found(discussion, "discussion")
        ref, discussion_id = first.parent, discussion
    else:
        raise body_failed("body.parent", was("should be defined", parent))
    now = ctx.store.clock()
    comment = Comment(new_id(), ref, discussion_id, rich_text(ctx, items), now, now)
    ctx.store.comments[comment.id] = comment
    ctx.store.mark("comment", comment.id)
    return ctx.render.comment(comment)


def _page_discussion(ctx: Ctx, ref: dict[str, Any]) -> str | None:
    """The discussion a new comment on a page joins: a page has one, the first comment's."""
    if ref["type"] != "page_id":
        return None
    return next((c.discussion_id for c in ctx.store.comments.values() if c.parent == ref), None)


async def list_comments(ctx: Ctx) -> dict[str, Any]:
    raw = ctx.query.get("block_id")
    block_id = normalize_id(raw) if raw else None
    if block_id is None:
        raise failed("query.block_id", was("should be a valid uuid", raw))
    ctx.page_size()
    found = [
        ctx.render.comment(c)
        for c in ctx.store.comments.values()
        if not c.in_trash and block_id in (c.parent.get("page_id"), c.parent.get("block_id"))
    ]
    return listing(found, None, "comment")


async def retrieve_comment(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.comment(_comment(ctx))


async def update_comment(ctx: Ctx) -> dict[str, Any]:
    comment = _comment(ctx)
    body = ctx.body()
    reject_unknown(body, frozenset({"rich_text", "markdown"}))
    items = require(body, "rich_text")
    validate_rich_text(items, "body.rich_text")
    comment.rich_text = rich_text(ctx, items)
    comment.edited = ctx.store.clock()
    ctx.store.mark("comment", comment.id)
    return ctx.render.comment(comment)


async def delete_comment(ctx: Ctx) -> dict[str, Any]:
    comment = _comment(ctx)
    comment.in_trash = True
    ctx.store.mark("comment", comment.id)
    return ctx.render.comment(comment)
