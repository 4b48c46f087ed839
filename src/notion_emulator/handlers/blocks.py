"""Blocks: ``/v1/blocks/{id}`` and ``/v1/blocks/{id}/children``."""

from __future__ import annotations

from typing import Any

from notion_emulator.errors import ValidationError
from notion_emulator.handlers.common import (
    attach,
    block_payload,
    check_not_trashed,
    create_blocks,
    trash_flag,
    upload_refs,
)
from notion_emulator.render import listing
from notion_emulator.routing import Ctx
from notion_emulator.schema.block_requests import (
    validate_append_body,
    validate_append_target,
    validate_block_update,
)
from notion_emulator.schema.messages import body_failed, was
from notion_emulator.store import Node, normalize_id


def _block(ctx: Ctx) -> Node:
    return ctx.node(ctx.id_param(kind="block"))


async def retrieve_block(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.block(_block(ctx))


async def update_block(ctx: Ctx) -> dict[str, Any]:
    node = _block(ctx)
    body = ctx.body()
    validate_block_update(node.type, body, ctx.version)
    trash = trash_flag(ctx, body)
    if node.in_trash and trash is not False:
        check_not_trashed(node)
    patch = body.get(node.type)
    if isinstance(patch, dict):
        patch = {key: value for key, value in patch.items() if key != "children"}
    if isinstance(patch, dict) and patch:
        refs = list(upload_refs([{node.type: patch}]))
        attach(ctx, refs)
        node.payload = block_payload(ctx, node.type, patch, node.payload)
    if trash is not None:
        node.in_trash = trash
    ctx.store.touch(node)
    return ctx.render.block(node)


async def delete_block(ctx: Ctx) -> dict[str, Any]:
    node = _block(ctx)
    check_not_trashed(node)
    node.in_trash = True
    ctx.store.touch(node)
    return ctx.render.block(node)


async def list_children(ctx: Ctx) -> dict[str, Any]:
    node = ctx.store.shown_content(_block(ctx))  # a synced reference lists its original's
    size = ctx.page_size()
    start = 0
    cursor = ctx.query.get("start_cursor")
    if cursor:
        position = ctx.store.index.position(node, normalize_id(cursor) or cursor)
        if position is None:
            raise body_failed("start_cursor", was("should be a valid cursor", cursor))
        start = position
    results: list[dict[str, Any]] = []
    next_cursor: str | None = None
    nodes = ctx.store.nodes
    for child_id in node.children[start:]:
        child = nodes[child_id]
        if child.in_trash:
            continue
        if len(results) == size:
            next_cursor = child_id
            break
        results.append(ctx.render.block(child))
    return listing(results, next_cursor, "block")


async def append_children(ctx: Ctx) -> dict[str, Any]:
    node = _block(ctx)
    body = ctx.body()
    validate_append_body(body, ctx.version)  # validates the children too
    children: list[Any] = body["children"]
    check_not_trashed(node)
    validate_append_target(node.type, node.payload, children)
    at = _position(ctx, node, body)
    attach(ctx, upload_refs(children))
    created = create_blocks(ctx, children, node, at)
    ctx.store.touch(node)
    answered = list(created)
    if at is not None and created:
        # inserted before the end: Notion answers the new blocks, then every later sibling
        nodes = ctx.store.nodes
        after = (ctx.store.index.position(node, created[-1].id) or 0) + 1
        answered += [c for c in (nodes[i] for i in node.children[after:]) if not c.in_trash]
    return listing([ctx.render.block(n) for n in answered], None, "block")


def _position(ctx: Ctx, node: Node, body: dict[str, Any]) -> int | None:
    """Where appended children go: None for the end."""
    after: Any = body.get("after")
    position = body.get("position")
    if isinstance(position, dict):
        kind = position.get("type")
        if kind == "start":
            return 0
        if kind == "after_block":
            after = (position.get("after_block") or {}).get("id")
        else:
            return None
    if after is None:
        return None
    after_id = normalize_id(str(after)) or str(after)
    index = ctx.store.index.position(node, after_id)
    if index is None:
        raise ValidationError(
            f"Block with ID {after_id} is not a child of block {node.id}; `after_block` must "
            "name a child of the parent block."
        )
    return index + 1
