"""Data sources: ``/v1/data_sources``, their templates and their queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from notion_emulator import query
from notion_emulator.computed.hooks import check_formulas, schema_saved
from notion_emulator.errors import not_found
from notion_emulator.handlers.common import (
    Described,
    attach_icon_cover,
    database_node,
    icon_source,
    normalize_source,
    reject_unknown,
    require,
    rich_field,
)
from notion_emulator.handlers.moves import data_source_target, move_data_source
from notion_emulator.handlers.views import add_default_view
from notion_emulator.render import listing
from notion_emulator.routing import Ctx
from notion_emulator.schema.data_source_schema import normalize_schema
from notion_emulator.schema.messages import body_failed, was
from notion_emulator.schema.page_properties import conform_values
from notion_emulator.schema.property_checks import short_id
from notion_emulator.store import DataSource, Node, new_id, normalize_id
from notion_emulator.versions import list_kind

_DS_CREATE_KEYS = frozenset({"parent", "properties", "title", "description", "icon", "cover"})
_DS_UPDATE_KEYS = frozenset(
    {"title", "description", "icon", "cover", "properties", "in_trash", "archived", "parent"}
)
_QUERY_KEYS = frozenset(
    {
        "filter",
        "sorts",
        "start_cursor",
        "page_size",
        "filter_properties",
        "in_trash",
        "archived",
        "result_type",
    }
)


def _source(ctx: Ctx, source_id: str) -> DataSource:
    source = ctx.store.data_sources.get(source_id)
    if source is None:
        raise not_found(source_id, "data source")
    return source


def database_of(ctx: Ctx) -> Callable[[str], str | None]:
    """The lookup a schema fills a relation's ``database_id`` from: the target's database."""

    def lookup(source_id: str) -> str | None:
        source = ctx.store.data_sources.get(source_id)
        return source.database_id if source is not None else None

    return lookup


def new_data_source(
    ctx: Ctx, database: Node, title: list[dict[str, Any]], schema_request: Any, path: str
) -> DataSource:
    schema = normalize_schema(
        schema_request, path=path, new_id=short_id, database_of=database_of(ctx)
    )
    source_id = new_id()
    check_formulas(schema, None, source_id, ctx.emulator.config.workspace_id)
    now = ctx.store.clock()
    source = DataSource(
        id=source_id,
        database_id=database.id,
        title=title,
        description=[],
        properties=schema,
        created=now,
        edited=now,
        seq=ctx.store.next_seq(),
    )
    ctx.store.data_sources[source.id] = source
    ctx.store.mark("data_source", source.id)
    database.data_sources = [*(database.data_sources or []), source.id]
    add_default_view(ctx, source)
    schema_saved(ctx.store, source)
    return source


async def create_data_source(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _DS_CREATE_KEYS)
    parent = require(body, "parent")
    raw = parent.get("database_id") if isinstance(parent, dict) else None
    database_id = normalize_id(str(raw)) if raw is not None else None
    if database_id is None:
        raise body_failed("body.parent.database_id", was("should be a valid uuid", raw))
    database = database_node(ctx, database_id)
    title = rich_field(ctx, body, "title") or []
    attach_icon_cover(ctx, body)
    source = new_data_source(ctx, database, title, require(body, "properties"), "body.properties")
    source.icon = icon_source(body.get("icon"))
    source.cover = normalize_source(body.get("cover"))
    source.description = rich_field(ctx, body, "description") or []
    ctx.store.touch(database)
    return ctx.render.data_source(source)


async def retrieve_data_source(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.data_source(_source(ctx, ctx.id_param(kind="data_source")))


async def update_data_source(ctx: Ctx) -> dict[str, Any]:
    source = _source(ctx, ctx.id_param(kind="data_source"))
    body = ctx.body()
    reject_unknown(body, _DS_UPDATE_KEYS)
    target = data_source_target(ctx, body["parent"]) if "parent" in body else None
    described = Described.read(ctx, body)
    if "properties" in body:
        change_schema(ctx, source, body["properties"], "body.properties")
    described.apply(source)
    if target is not None:
        move_data_source(ctx, source, target)
    source.edited = ctx.store.clock()
    ctx.store.mark("data_source", source.id)
    return ctx.render.data_source(source)


def change_schema(ctx: Ctx, source: DataSource, request: Any, path: str) -> None:
    """Apply a schema update request (``properties``, read at ``path``) to ``source``."""
    schema = normalize_schema(
        request,
        path=path,
        existing=source.properties,
        new_id=short_id,
        database_of=database_of(ctx),
    )
    check_formulas(schema, source.properties, source.id, ctx.emulator.config.workspace_id)
    source.properties = schema
    _reshape_rows(ctx, source)
    schema_saved(ctx.store, source)


def _reshape_rows(ctx: Ctx, source: DataSource) -> None:
    """After a schema change, rows follow: renamed, removed, retyped and added properties."""
    for row_id in source.rows:
        row = ctx.store.nodes[row_id]
        row.properties = conform_values(row.properties or {}, source.properties)
        ctx.store.mark("node", row_id)


async def list_templates(ctx: Ctx) -> dict[str, Any]:
    _source(ctx, ctx.id_param(kind="data_source"))
    return {"templates": [], "has_more": False, "next_cursor": None}


async def query_data_source(ctx: Ctx) -> dict[str, Any]:
    return query_rows(ctx, _source(ctx, ctx.id_param(kind="data_source")))


def query_rows(ctx: Ctx, source: DataSource) -> dict[str, Any]:
    """The answer to a query of ``source``'s rows (the request body: filter, sorts, page)."""
    body = ctx.body()
    reject_unknown(body, _QUERY_KEYS)
    size = ctx.page_size(body.get("page_size", 100))
    want_trash = body.get("in_trash", body.get("archived", False)) is True
    rows = [n for n in map(ctx.store.nodes.__getitem__, source.rows) if n.in_trash == want_trash]
    cursor = body.get("start_cursor")
    start = str(cursor) if cursor is not None else None
    if body.get("filter") is None and body.get("sorts") is None:
        # creation order needs no rendering: render only the page asked for
        ids, next_cursor, _has_more, capped = query.paginate(
            [n.id for n in rows], start, size, str, cap=query.QUERY_ROW_CAP
        )
        chunk = [ctx.render.page(ctx.store.nodes[i]) for i in ids]
    else:
        pages = [ctx.render.page(n) for n in rows]
        if body.get("filter") is not None:
            predicate = query.compile_filter(
                body["filter"], source.properties, me=ctx.emulator.config.bot_id
            )
            pages = [p for p in pages if predicate(p)]
        if body.get("sorts") is not None:
            pages = query.sort_pages(pages, body["sorts"], source.properties)
        chunk, next_cursor, _has_more, capped = query.paginate(
            pages, start, size, lambda page: str(page["id"]), cap=query.QUERY_ROW_CAP
        )
    out = listing(chunk, next_cursor, list_kind(ctx.version))
    if capped:
        out["request_status"] = query.request_status_incomplete()
    return out
