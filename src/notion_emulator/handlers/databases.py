"""Databases: ``/v1/databases`` (Notion-Version 2025-09-03 model: a database holds data sources)."""

from __future__ import annotations

from typing import Any

from notion_emulator.errors import not_found
from notion_emulator.handlers.common import (
    Described,
    attach_icon_cover,
    check_not_trashed,
    database_node,
    normalize_source,
    reject_unknown,
    require,
    rich_field,
)
from notion_emulator.handlers.data_sources import new_data_source
from notion_emulator.routing import Ctx
from notion_emulator.schema.data_source_schema import DEFAULT_SCHEMA_REQUEST
from notion_emulator.schema.messages import body_failed, was
from notion_emulator.store import Node, new_id, normalize_id

_DB_CREATE_KEYS = frozenset(
    {"parent", "title", "description", "is_inline", "icon", "cover", "initial_data_source"}
)
_DB_UPDATE_KEYS = frozenset(
    {"title", "description", "is_inline", "icon", "cover", "in_trash", "archived", "is_locked"}
)


async def create_database(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _DB_CREATE_KEYS)
    parent = require(body, "parent")
    raw = parent.get("page_id") if isinstance(parent, dict) else None
    page_id = normalize_id(str(raw)) if raw is not None else None
    if page_id is None:
        raise body_failed("body.parent.page_id", was("should be a valid uuid", raw))
    page = ctx.store.get_node(page_id)
    if page is None or page.type != "child_page":
        raise not_found(page_id, "page")
    check_not_trashed(page)
    initial = body.get("initial_data_source", {})
    if not isinstance(initial, dict):
        raise body_failed("body.initial_data_source", was("should be an object", initial))
    reject_unknown(initial, frozenset({"properties"}), "body.initial_data_source")
    title = rich_field(ctx, body, "title") or []
    description = rich_field(ctx, body, "description") or []
    attach_icon_cover(ctx, body)
    now = ctx.store.clock()
    database = Node(
        id=new_id(),
        type="child_database",
        parent={"type": "page_id", "page_id": page_id},
        payload={},
        created=now,
        edited=now,
        seq=ctx.store.next_seq(),
        title=title,
        description=description,
        is_inline=bool(body.get("is_inline", False)),
        icon=normalize_source(body.get("icon")),
        cover=normalize_source(body.get("cover")),
        data_sources=[],
    )
    schema_request = initial.get("properties", DEFAULT_SCHEMA_REQUEST)
    new_data_source(ctx, database, title, schema_request, "body.initial_data_source.properties")
    ctx.store.add_node(database, page)
    return ctx.render.database(database)


async def retrieve_database(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.database(database_node(ctx, ctx.id_param(kind="database")))


async def update_database(ctx: Ctx) -> dict[str, Any]:
    database = database_node(ctx, ctx.id_param(kind="database"))
    body = ctx.body()
    reject_unknown(body, _DB_UPDATE_KEYS)
    described = Described.read(ctx, body)
    described.apply(database)
    if described.description is not None:
        # Notion shows a database's description on its data sources too.
        for source_id in database.data_sources or []:
            ctx.store.data_sources[source_id].description = described.description
    if isinstance(body.get("is_inline"), bool):
        database.is_inline = body["is_inline"]
    if isinstance(body.get("is_locked"), bool):
        database.is_locked = body["is_locked"]
    ctx.store.touch(database)
    return ctx.render.database(database)
