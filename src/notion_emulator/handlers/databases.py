"""Databases, data sources, their queries, and search (Notion-Version 2025-09-03 model)."""

from __future__ import annotations

from typing import Any

from notion_emulator import props, query, validation
from notion_emulator.errors import ValidationError, not_found
from notion_emulator.handlers.common import (
    attach,
    check_not_trashed,
    normalize_source,
    reject_unknown,
    require,
    rich_text,
    source_ref,
    trash_flag,
)
from notion_emulator.handlers.extras import add_default_view
from notion_emulator.render import listing, plain_text
from notion_emulator.routing import Ctx, describe, route
from notion_emulator.store import DataSource, Node, new_id, normalize_id

_DB_CREATE_KEYS = frozenset(
    {"parent", "title", "description", "is_inline", "icon", "cover", "initial_data_source"}
)
_DB_UPDATE_KEYS = frozenset(
    {"title", "description", "is_inline", "icon", "cover", "in_trash", "archived", "is_locked"}
)
_DS_CREATE_KEYS = frozenset({"parent", "properties", "title", "description", "icon", "cover"})
_DS_UPDATE_KEYS = frozenset(
    {"title", "description", "icon", "cover", "properties", "in_trash", "archived"}
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
_SEARCH_KEYS = frozenset({"query", "filter", "sort", "start_cursor", "page_size"})


def _rich(ctx: Ctx, body: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
    if key not in body:
        return None
    validation.validate_rich_text(body[key], f"body.{key}")
    return rich_text(ctx, body[key])


def _icon_cover(ctx: Ctx, body: dict[str, Any]) -> None:
    refs: list[str] = []
    if "icon" in body:
        validation.validate_icon(body["icon"], "body.icon")
        refs += source_ref(body["icon"])
    if "cover" in body:
        validation.validate_cover(body["cover"], "body.cover")
        refs += source_ref(body["cover"])
    attach(ctx, refs)


def _database(ctx: Ctx, database_id: str) -> Node:
    node = ctx.store.get_node(database_id)
    if node is None or node.type != "child_database":
        raise not_found(database_id, "database")
    return node


def _source(ctx: Ctx, source_id: str) -> DataSource:
    source = ctx.store.data_sources.get(source_id)
    if source is None:
        raise not_found(source_id, "data source")
    return source


def _new_source(
    ctx: Ctx, database: Node, title: list[dict[str, Any]], schema_request: Any, path: str
) -> DataSource:
    schema = props.normalize_schema(schema_request, path=path, new_id=props.short_id)
    now = ctx.store.clock()
    source = DataSource(
        id=new_id(),
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
    return source


@route("POST", "/databases")
async def create_database(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _DB_CREATE_KEYS)
    parent = require(body, "parent")
    raw = parent.get("page_id") if isinstance(parent, dict) else None
    page_id = normalize_id(str(raw)) if raw is not None else None
    if page_id is None:
        raise ValidationError(
            "body failed validation: body.parent.page_id should be a valid uuid, instead was "
            f"`{describe(raw)}`."
        )
    page = ctx.store.get_node(page_id)
    if page is None or page.type != "child_page":
        raise not_found(page_id, "page")
    check_not_trashed(page)
    initial = body.get("initial_data_source", {})
    if not isinstance(initial, dict):
        raise ValidationError(
            "body failed validation: body.initial_data_source should be an object, instead was "
            f"`{describe(initial)}`."
        )
    reject_unknown(initial, frozenset({"properties"}), "body.initial_data_source")
    title = _rich(ctx, body, "title") or []
    description = _rich(ctx, body, "description") or []
    _icon_cover(ctx, body)
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
    schema_request = initial.get("properties", props.DEFAULT_SCHEMA_REQUEST)
    _new_source(ctx, database, title, schema_request, "body.initial_data_source.properties")
    ctx.store.add_node(database, page)
    return ctx.render.database(database)


@route("GET", "/databases/{id}")
async def retrieve_database(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.database(_database(ctx, ctx.id_param(kind="database")))


@route("PATCH", "/databases/{id}")
async def update_database(ctx: Ctx) -> dict[str, Any]:
    database = _database(ctx, ctx.id_param(kind="database"))
    body = ctx.body()
    reject_unknown(body, _DB_UPDATE_KEYS)
    trash = trash_flag(ctx, body)
    title = _rich(ctx, body, "title")
    description = _rich(ctx, body, "description")
    _icon_cover(ctx, body)
    if title is not None:
        database.title = title
    if description is not None:
        database.description = description
    for key in ("icon", "cover"):
        if key in body:
            setattr(database, key, normalize_source(body[key]))
    if isinstance(body.get("is_inline"), bool):
        database.is_inline = body["is_inline"]
    if isinstance(body.get("is_locked"), bool):
        database.is_locked = body["is_locked"]
    if trash is not None:
        database.in_trash = trash
    ctx.store.touch(database)
    return ctx.render.database(database)


@route("POST", "/data_sources")
async def create_data_source(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _DS_CREATE_KEYS)
    parent = require(body, "parent")
    raw = parent.get("database_id") if isinstance(parent, dict) else None
    database_id = normalize_id(str(raw)) if raw is not None else None
    if database_id is None:
        raise ValidationError(
            "body failed validation: body.parent.database_id should be a valid uuid, instead "
            f"was `{describe(raw)}`."
        )
    database = _database(ctx, database_id)
    title = _rich(ctx, body, "title") or []
    _icon_cover(ctx, body)
    source = _new_source(ctx, database, title, require(body, "properties"), "body.properties")
    source.icon = normalize_source(body.get("icon"))
    source.cover = normalize_source(body.get("cover"))
    source.description = _rich(ctx, body, "description") or []
    ctx.store.touch(database)
    return ctx.render.data_source(source)


@route("GET", "/data_sources/{id}")
async def retrieve_data_source(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.data_source(_source(ctx, ctx.id_param(kind="data_source")))


@route("PATCH", "/data_sources/{id}")
async def update_data_source(ctx: Ctx) -> dict[str, Any]:
    source = _source(ctx, ctx.id_param(kind="data_source"))
    body = ctx.body()
    reject_unknown(body, _DS_UPDATE_KEYS)
    trash = trash_flag(ctx, body)
    title = _rich(ctx, body, "title")
    description = _rich(ctx, body, "description")
    _icon_cover(ctx, body)
    if "properties" in body:
        source.properties = props.normalize_schema(
            body["properties"],
            path="body.properties",
            existing=source.properties,
            new_id=props.short_id,
        )
        _reshape_rows(ctx, source)
    if title is not None:
        source.title = title
    if description is not None:
        source.description = description
    for key in ("icon", "cover"):
        if key in body:
            setattr(source, key, normalize_source(body[key]))
    if trash is not None:
        source.in_trash = trash
    source.edited = ctx.store.clock()
    ctx.store.mark("data_source", source.id)
    return ctx.render.data_source(source)


def _reshape_rows(ctx: Ctx, source: DataSource) -> None:
    """After a schema change, rows follow: renamed, removed, retyped and added properties."""
    for row_id in source.rows:
        row = ctx.store.nodes[row_id]
        row.properties = props.conform_values(row.properties or {}, source.properties)
        ctx.store.mark("node", row_id)


@route("GET", "/data_sources/{id}/templates", request_id=False)  # as Notion answers
async def list_templates(ctx: Ctx) -> dict[str, Any]:
    _source(ctx, ctx.id_param(kind="data_source"))
    return {"templates": [], "has_more": False, "next_cursor": None}


@route("POST", "/data_sources/{id}/query")
async def query_data_source(ctx: Ctx) -> dict[str, Any]:
    source = _source(ctx, ctx.id_param(kind="data_source"))
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
    out = listing(chunk, next_cursor, "page_or_data_source")
    if capped:
        out["request_status"] = query.request_status_incomplete()
    return out


@route("POST", "/search")
async def search(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _SEARCH_KEYS)
    text = body.get("query", "")
    if not isinstance(text, str):
        raise ValidationError(
            f"body failed validation: body.query should be a string, instead was "
            f"`{describe(text)}`."
        )
    wanted = _search_filter(body.get("filter"))
    direction = _search_sort(body.get("sort"))
    needle = text.casefold()
    found: list[tuple[int, dict[str, Any]]] = []
    if wanted in (None, "page"):
        for node in ctx.store.nodes.values():
            if node.type == "child_page" and not node.in_trash:
                page = ctx.render.page(node)
                if needle in _page_title(page).casefold():
                    found.append((node.seq, page))
    if wanted in (None, "data_source"):
        for source in ctx.store.data_sources.values():
            if not source.in_trash and needle in plain_text(source.title).casefold():
                found.append((source.seq, ctx.render.data_source(source)))
    found.sort(key=lambda pair: pair[0], reverse=direction == "descending")
    cursor = body.get("start_cursor")
    chunk, next_cursor, _more, _capped = query.paginate(
        [item for _seq, item in found],
        str(cursor) if cursor is not None else None,
        ctx.page_size(body.get("page_size", 100)),
        lambda item: str(item["id"]),
    )
    return listing(chunk, next_cursor, "page_or_data_source")


def _page_title(page: dict[str, Any]) -> str:
    for value in page["properties"].values():
        if value.get("type") == "title":
            return plain_text(value["title"])
    return ""


def _search_filter(value: Any) -> str | None:
    if value is None:
        return None
    if (
        not isinstance(value, dict)
        or value.get("property") != "object"
        or value.get("value") not in ("page", "data_source")
    ):
        raise ValidationError(
            'body failed validation: body.filter.value should be `"page"` or '
            f'`"data_source"`, instead was `{describe(value)}`.'
        )
    return str(value["value"])


def _search_sort(value: Any) -> str:
    if value is None:
        return "descending"
    if (
        not isinstance(value, dict)
        or value.get("timestamp") != "last_edited_time"
        or value.get("direction") not in ("ascending", "descending")
    ):
        raise ValidationError(
            "body failed validation: body.sort should be an object with `timestamp` "
            f'`"last_edited_time"` and a `direction`, instead was `{describe(value)}`.'
        )
    return str(value["direction"])
