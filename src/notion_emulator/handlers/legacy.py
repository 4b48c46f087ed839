"""Databases as Notion-Version ``2022-06-28`` shows them: one table each, no data sources.

The store keeps the 2025-09-03 model (a database holds data sources); a client on 2022-06-28
sees a database together with its one data source: the database's title, description, parent,
icon and cover with the data source's ``properties``, and queries its rows at
``POST /v1/databases/{id}/query``. Relation configurations name the related *database*
(``database_id``) both ways. A database with several data sources is refused as Notion refuses
it (:func:`~notion_emulator.versions.multiple_sources`), and search leaves it out. Which
version gets which handler is :mod:`notion_emulator.versions`' business.
"""

from __future__ import annotations

from typing import Any

from notion_emulator.errors import not_found
from notion_emulator.handlers.common import (
    Described,
    database_node,
    reject_unknown,
    require,
)
from notion_emulator.handlers.data_sources import change_schema, query_rows
from notion_emulator.handlers.databases import new_database
from notion_emulator.render import page_url, plain_text
from notion_emulator.routing import Ctx
from notion_emulator.schema.messages import body_failed, was
from notion_emulator.store import DataSource, Node, minute_stamp, normalize_id
from notion_emulator.versions import multiple_sources

_CREATE_KEYS = frozenset(
    {"parent", "title", "description", "is_inline", "icon", "cover", "properties"}
)
_UPDATE_KEYS = frozenset(
    {"title", "description", "is_inline", "icon", "cover", "properties", "in_trash", "archived"}
)


def _single_source(ctx: Ctx, database: Node) -> DataSource | None:
    """The data source of ``database`` when it has one (not counting trashed ones), else None."""
    sources = [ctx.store.data_sources[i] for i in database.data_sources or []]
    live = [s for s in sources if not s.in_trash]
    if len(live) == 1:
        return live[0]
    return sources[0] if len(sources) == 1 else None


def only_source(ctx: Ctx, database: Node) -> DataSource:
    """The one data source of ``database``; refused when it has several."""
    source = _single_source(ctx, database)
    if source is None:
        raise multiple_sources()
    return source


def database_object(ctx: Ctx, database: Node) -> dict[str, Any]:
    """A database in the 2022-06-28 shape: the container and its one data source's schema."""
    source = only_source(ctx, database)
    render = ctx.render
    return {
        "object": "database",
        "id": database.id,
        "cover": render.file_source(database.cover),
        "icon": render.file_source(database.icon),
        "created_time": minute_stamp(database.created),
        "created_by": render.user,
        "last_edited_by": render.user,
        "last_edited_time": minute_stamp(max(database.edited, source.edited)),
        "title": database.title or [],
        "description": database.description or [],
        "is_inline": database.is_inline,
        "properties": _shown_schema(ctx, source.properties),
        "parent": database.parent,
        "url": page_url("", database.id),
        "public_url": None,
        "archived": database.in_trash,
        "in_trash": database.in_trash,
    }


def _shown_schema(ctx: Ctx, properties: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A schema as 2022-06-28 shows it: a relation names its database (the one holding the
    related data source), not the data source."""
    out: dict[str, dict[str, Any]] = {}
    for name, config in properties.items():
        relation = config.get("relation")
        if config.get("type") == "relation" and isinstance(relation, dict):
            shown = {k: v for k, v in relation.items() if k != "data_source_id"}
            target = ctx.store.data_sources.get(str(relation.get("data_source_id")))
            if target is not None:
                shown["database_id"] = target.database_id
            config = {**config, "relation": shown}
        out[name] = config
    return out


def _schema_request(ctx: Ctx, request: Any, path: str) -> Any:
    """A 2022-06-28 schema request in the data-source model: a relation's ``database_id``
    becomes that database's one ``data_source_id``. Anything malformed is left for the
    schema checks to refuse."""
    if not isinstance(request, dict):
        return request
    out: dict[str, Any] = {}
    for name, config in request.items():
        relation = config.get("relation") if isinstance(config, dict) else None
        if isinstance(relation, dict) and "database_id" in relation:
            raw = relation["database_id"]
            database_id = normalize_id(raw) if isinstance(raw, str) else None
            if database_id is None:
                raise body_failed(
                    f"{path}.{name}.relation.database_id", was("should be a valid uuid", raw)
                )
            target = ctx.store.get_node(database_id)
            if target is None or target.type != "child_database":
                raise not_found(database_id, "database")
            rest = {k: v for k, v in relation.items() if k != "database_id"}
            relation = {"data_source_id": only_source(ctx, target).id, **rest}
            config = {**config, "relation": relation}
        out[name] = config
    return out


# -- handlers ----------------------------------------------------------------------------


async def create_database(ctx: Ctx) -> dict[str, Any]:
    """``POST /v1/databases`` with the schema under ``properties``."""
    body = ctx.body()
    reject_unknown(body, _CREATE_KEYS)
    path = "body.properties"
    schema_request = _schema_request(ctx, require(body, "properties"), path)
    return database_object(ctx, new_database(ctx, body, schema_request, path))


async def retrieve_database(ctx: Ctx) -> dict[str, Any]:
    """``GET /v1/databases/{id}``: the database with its schema."""
    return database_object(ctx, database_node(ctx, ctx.id_param(kind="database")))


async def update_database(ctx: Ctx) -> dict[str, Any]:
    """``PATCH /v1/databases/{id}``: title, description, icon, cover, trash and the schema.

    A new title names the data source too: in this version they are one table.
    """
    database = database_node(ctx, ctx.id_param(kind="database"))
    source = only_source(ctx, database)
    body = ctx.body()
    reject_unknown(body, _UPDATE_KEYS)
    described = Described.read(ctx, body)
    if "properties" in body:
        path = "body.properties"
        change_schema(ctx, source, _schema_request(ctx, body["properties"], path), path)
        ctx.store.mark("data_source", source.id)
    described.apply(database)
    if described.title is not None:
        source.title = described.title
        ctx.store.mark("data_source", source.id)
    if isinstance(body.get("is_inline"), bool):
        database.is_inline = body["is_inline"]
    ctx.store.touch(database)
    return database_object(ctx, database)


async def query_database(ctx: Ctx) -> dict[str, Any]:
    """``POST /v1/databases/{id}/query``: its data source's rows, filtered, sorted, paged."""
    database = database_node(ctx, ctx.id_param(kind="database"))
    return query_rows(ctx, only_source(ctx, database))


def search_databases(ctx: Ctx, needle: str) -> list[tuple[int, dict[str, Any]]]:
    """(order key, database object) of every database search finds in this version: live,
    with one data source, its title containing ``needle`` (case-folded)."""
    found: list[tuple[int, dict[str, Any]]] = []
    for node in ctx.store.nodes.values():
        if node.type != "child_database" or node.in_trash:
            continue
        if _single_source(ctx, node) is None:
            continue
        if needle in plain_text(node.title).casefold():
            found.append((node.seq, database_object(ctx, node)))
    return found
