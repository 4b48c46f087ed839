"""Databases: ``/v1/databases`` (Notion-Version 2025-09-03 model: a database holds data sources;
2022-06-28 is :mod:`notion_emulator.handlers.legacy`)."""

from __future__ import annotations

from typing import Any

from notion_emulator.errors import not_found
from notion_emulator.handlers.common import (
    Described,
    attach_icon_cover,
    check_not_trashed,
    database_node,
    icon_source,
    normalize_source,
    reject_unknown,
    require,
    rich_field,
)
from notion_emulator.handlers.data_sources import new_data_source
from notion_emulator.normalize import normalize_rich_text
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

#: The title Notion gives a database created without one (its data source stays untitled).
_NEW_DATABASE = [{"type": "text", "text": {"content": "New database"}}]


async def create_database(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _DB_CREATE_KEYS)
    initial = body.get("initial_data_source", {})
    if not isinstance(initial, dict):
        raise body_failed("body.initial_data_source", was("should be an object", initial))
    reject_unknown(initial, frozenset({"properties"}), "body.initial_data_source")
    schema_request = initial.get("properties", DEFAULT_SCHEMA_REQUEST)
    database = new_database(ctx, body, schema_request, "body.initial_data_source.properties")
    return ctx.render.database(database)


def new_database(ctx: Ctx, body: dict[str, Any], schema_request: Any, schema_path: str) -> Node:
    """A database under the page ``body["parent"]`` names, with one data source whose schema
    ``schema_request`` (read at ``schema_path``) configures."""
    parent = require(body, "parent")
    raw = parent.get("page_id") if isinstance(parent, dict) else None
    page_id = normalize_id(str(raw)) if raw is not None else None
    if page_id is None:
        raise body_failed("body.parent.page_id", was("should be a valid uuid", raw))
    page = ctx.store.get_node(page_id)
    if page is None or page.type != "child_page":
        raise not_found(page_id, "page")
    check_not_trashed(page)
    title = rich_field(ctx, body, "title") or []
    description = rich_field(ctx, body, "description") or []
    attach_icon_cover(ctx, body)
    # without a title Notion names the database (not its data source) "New database"
    database_title = title if "title" in body else normalize_rich_text(_NEW_DATABASE)
    now = ctx.store.clock()
    database = Node(
        id=new_id(),
        type="child_database",
        parent={"type": "page_id", "page_id": page_id},
        payload={},
        created=now,
        edited=now,
        seq=ctx.store.next_seq(),
        title=database_title,
        description=description,
        is_inline=bool(body.get("is_inline", False)),
        icon=icon_source(body.get("icon")),
        cover=normalize_source(body.get("cover")),
        data_sources=[],
    )
    new_data_source(ctx, database, title, schema_request, schema_path)
    ctx.store.add_node(database, page)
    return database


async def retrieve_database(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.database(database_node(ctx, ctx.id_param(kind="database")))


async def update_database(ctx: Ctx) -> dict[str, Any]:
    database = database_node(ctx, ctx.id_param(kind="database"))
    body = ctx.body()
    reject_unknown(body, _DB_UPDATE_KEYS)
    described = Described.read(ctx, body)
    described.apply(database)
    sources = database.data_sources or []
    if described.description is not None and len(sources) == 1:
        # a single data source shows its database's description
        ctx.store.data_sources[sources[0]].description = described.description
    if isinstance(body.get("is_inline"), bool):
        database.is_inline = body["is_inline"]
    if isinstance(body.get("is_locked"), bool):
        database.is_locked = body["is_locked"]
    ctx.store.touch(database)
    return ctx.render.database(database)
