"""Database views (``/v1/views``) and their cached queries.

Views are kept per database, each scoped to one data source; every new data source gets a
``table`` view named "Default view", as in Notion. A view's ``filter`` and ``sorts`` are
checked like a data-source query's and applied by its queries, whose result sets are cached
for 15 minutes. Dashboards, views placed with ``view_id``/``create_database``, and
``position``/``placement`` (accepted, ignored) are outside what the emulator models.
"""

from __future__ import annotations

from typing import Any, Final

from notion_emulator import query
from notion_emulator.errors import ValidationError, not_found
from notion_emulator.handlers.common import (
    database_node,
    invalid,
    live_data_source,
    object_at,
    reject_unknown,
    require,
    string_at,
    uuid_at,
)
from notion_emulator.render import listing
from notion_emulator.routing import Ctx
from notion_emulator.schema.vocabularies import VIEW_TYPES
from notion_emulator.store import (
    DataSource,
    View,
    ViewQuery,
    milli_stamp,
    new_id,
)

#: How long a view query's results stay cached, as in Notion.
VIEW_QUERY_TTL_SECONDS: Final = 15 * 60
DEFAULT_VIEW_NAME: Final = "Default view"
_VIEW_CREATE_KEYS: Final = frozenset(
    {
        "data_source_id",
        "name",
        "type",
        "database_id",
        "view_id",
        "create_database",
        "filter",
        "sorts",
        "quick_filters",
        "configuration",
        "position",
        "placement",
    }
)
_VIEW_SETTINGS: Final = ("filter", "sorts", "quick_filters", "configuration")


def _new_view(ctx: Ctx, database_id: str, source_id: str, name: str, kind: str) -> View:
    now = ctx.store.clock()
    return View(new_id(), database_id, source_id, name, kind, now, now)


def _save(ctx: Ctx, view: View) -> None:
    ctx.store.views[view.id] = view
    ctx.store.mark("view", view.id)


def add_default_view(ctx: Ctx, source: DataSource) -> View:
    """The table view Notion creates alongside every new data source."""
    view = _new_view(ctx, source.database_id, source.id, DEFAULT_VIEW_NAME, "table")
    _save(ctx, view)
    return view


def _view(ctx: Ctx) -> View:
    view_id = ctx.id_param(kind="view")
    view = ctx.store.views.get(view_id)
    if view is None or view.in_trash:
        raise not_found(view_id, "view")
    return view


def _apply_settings(ctx: Ctx, view: View, body: dict[str, Any]) -> None:
    """Validate, then store, a view's filter, sorts, quick filters and configuration."""
    source = ctx.store.data_sources.get(view.data_source_id or "")
    schema = source.properties if source is not None else {}
    if body.get("filter") is not None:
        query.compile_filter(body["filter"], schema, me=ctx.emulator.config.bot_id)
    if body.get("sorts") is not None:
        query.sort_pages([], body["sorts"], schema)
    for key in ("quick_filters", "configuration"):
        if body.get(key) is not None:
            object_at(body[key], f"body.{key}")
    configuration = body.get("configuration")
    if isinstance(configuration, dict) and configuration.get("type", view.type) != view.type:
        raise invalid("body.configuration.type", f"should be `{view.type}`", configuration["type"])
    for key in _VIEW_SETTINGS:
        if key in body:
            setattr(view, key, body[key])


async def create_view(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _VIEW_CREATE_KEYS)
    places = [k for k in ("database_id", "view_id", "create_database") if k in body]
    if len(places) != 1:
        raise ValidationError(
            "body failed validation: exactly one of body.database_id, body.view_id, "
            "body.create_database should be defined."
        )
    if places[0] != "database_id":
        raise ValidationError(
            f"notion-emulator does not support `{places[0]}`; create views on a database "
            "with `database_id`."
        )
    database = database_node(ctx, uuid_at(body["database_id"], "body.database_id"))
    source = live_data_source(ctx, uuid_at(require(body, "data_source_id"), "body.data_source_id"))
    if source.database_id != database.id:
        raise ValidationError(
            f"Data source with ID {source.id} does not belong to database {database.id}."
        )
    name = string_at(require(body, "name"), "body.name")
    kind = require(body, "type")
    if kind not in VIEW_TYPES or kind == "dashboard":  # dashboards hold views, not rows
        choices = ", ".join(f"`{t}`" for t in VIEW_TYPES if t != "dashboard")
        raise invalid("body.type", f"should be one of {choices}", kind)
    view = _new_view(ctx, database.id, source.id, name, kind)
    _apply_settings(ctx, view, body)
    _save(ctx, view)
    return ctx.render.view(view)


async def list_views(ctx: Ctx) -> dict[str, Any]:
    """Views of a database (``database_id``) or of one data source (``data_source_id``)."""
    database_raw, source_raw = ctx.query.get("database_id"), ctx.query.get("data_source_id")
    if (database_raw is None) == (source_raw is None):
        raise ValidationError(
            "query failed validation: exactly one of query.database_id, query.data_source_id "
            "should be defined."
        )
    if database_raw is not None:
        key, wanted = (
            "database_id",
            database_node(ctx, uuid_at(database_raw, "query.database_id")).id,
        )
    else:
        key = "data_source_id"
        wanted = live_data_source(ctx, uuid_at(source_raw, "query.data_source_id")).id
    views = [v for v in ctx.store.views.values() if not v.in_trash and getattr(v, key) == wanted]
    chunk, next_cursor, _more, _capped = query.paginate(
        views,
        ctx.query.get("start_cursor"),
        ctx.page_size(),
        lambda v: v.id,
        path="query.start_cursor",
    )
    return listing([{"object": "view", "id": v.id} for v in chunk], next_cursor, "view")


async def retrieve_view(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.view(_view(ctx))


async def update_view(ctx: Ctx) -> dict[str, Any]:
    view = _view(ctx)
    body = ctx.body()
    reject_unknown(body, frozenset({"name", *_VIEW_SETTINGS}))
    name = string_at(body["name"], "body.name") if "name" in body else view.name
    _apply_settings(ctx, view, body)
    view.name = name
    view.edited = ctx.store.clock()
    ctx.store.mark("view", view.id)
    return ctx.render.view(view)


async def delete_view(ctx: Ctx) -> dict[str, Any]:
    view = _view(ctx)
    view.in_trash = True
    ctx.store.mark("view", view.id)
    for query_id in [q.id for q in ctx.store.view_queries.values() if q.view_id == view.id]:
        del ctx.store.view_queries[query_id]
    return {
        "object": "view",
        "id": view.id,
        "parent": {"type": "database_id", "database_id": view.database_id},
        "type": view.type,
    }


# -- view queries ------------------------------------------------------------------------


def _view_rows(ctx: Ctx, view: View) -> list[str]:
    """Ids of the view's data source rows, filtered and sorted as the view says."""
    source = ctx.store.data_sources.get(view.data_source_id or "")
    if source is None:
        return []
    rows = [ctx.store.nodes[i] for i in source.rows if not ctx.store.nodes[i].in_trash]
    if view.filter is None and not view.sorts:
        return [n.id for n in rows]
    pages = [ctx.render.page(n) for n in rows]
    if view.filter is not None:
        keep = query.compile_filter(view.filter, source.properties, me=ctx.emulator.config.bot_id)
        pages = [p for p in pages if keep(p)]
    if view.sorts:
        pages = query.sort_pages(pages, view.sorts, source.properties)
    return [str(p["id"]) for p in pages]


def _query_page(
    record: ViewQuery, start: str | None, size: int, path: str
) -> tuple[list[dict[str, Any]], str | None, bool]:
    chunk, next_cursor, has_more, _capped = query.paginate(
        record.page_ids, start, size, str, path=path
    )
    return [{"object": "page", "id": i} for i in chunk], next_cursor, has_more


async def create_view_query(ctx: Ctx) -> dict[str, Any]:
    """Run the view's query, cache the result set, answer its first page."""
    view = _view(ctx)
    body = ctx.body()
    reject_unknown(body, frozenset({"page_size"}))
    size = ctx.page_size(body.get("page_size", 100))
    ids = _view_rows(ctx, view)
    record = ViewQuery(
        id=new_id(),
        view_id=view.id,
        page_ids=ids[: query.QUERY_ROW_CAP],
        expires=ctx.store.clock() + VIEW_QUERY_TTL_SECONDS,
        incomplete=len(ids) > query.QUERY_ROW_CAP,
    )
    ctx.store.view_queries[record.id] = record
    results, next_cursor, has_more = _query_page(record, None, size, "body.start_cursor")
    out: dict[str, Any] = {
        "object": "view_query",
        "id": record.id,
        "view_id": view.id,
        "expires_at": milli_stamp(record.expires),
        "total_count": len(record.page_ids),
        "results": results,
        "next_cursor": next_cursor,
        "has_more": has_more,
    }
    if record.incomplete:
        out["request_status"] = query.request_status_incomplete()
    return out


def _view_query(ctx: Ctx, view: View) -> ViewQuery:
    query_id = uuid_at(ctx.params["query_id"], "path.query_id")
    record = ctx.store.view_queries.get(query_id)
    if record is None or record.view_id != view.id or ctx.store.clock() > record.expires:
        raise not_found(query_id, "view query")
    return record


async def view_query_results(ctx: Ctx) -> dict[str, Any]:
    record = _view_query(ctx, _view(ctx))
    results, next_cursor, _has_more = _query_page(
        record, ctx.query.get("start_cursor"), ctx.page_size(), "query.start_cursor"
    )
    out = listing(results, next_cursor, "page")
    if record.incomplete:
        out["request_status"] = query.request_status_incomplete()
    return out


async def delete_view_query(ctx: Ctx) -> dict[str, Any]:
    """Forget a cached query; idempotent, as in Notion."""
    query_id = uuid_at(ctx.params["query_id"], "path.query_id")
    record = ctx.store.view_queries.get(query_id)
    if record is not None and record.view_id == ctx.id_param(kind="view"):
        del ctx.store.view_queries[query_id]
    return {"object": "view_query", "id": query_id, "deleted": True}
