"""Moves: ``POST /v1/pages/{id}/move`` (a page under another page, or into a data source) and a
data source moved to another database (``PATCH /v1/data_sources/{id}`` with ``parent``)."""

from __future__ import annotations

from typing import Any

from notion_emulator.errors import ValidationError
from notion_emulator.handlers.common import (
    check_not_trashed,
    database_node,
    invalid,
    live_data_source,
    object_at,
    page_node,
    reject_unknown,
    require,
    uuid_at,
)
from notion_emulator.handlers.views import add_default_view
from notion_emulator.routing import Ctx
from notion_emulator.schema.page_properties import conform_values
from notion_emulator.store import (
    DataSource,
    Node,
    Store,
)


def _ancestors(store: Store, node: Node) -> list[str]:
    """Ids above ``node``: parent blocks and pages, and a row's database."""
    found: list[str] = []
    current: Node | None = node
    while current is not None:
        ref = current.parent
        parent_id = ref.get("page_id") or ref.get("block_id") or ref.get("database_id")
        current = store.get_node(parent_id) if isinstance(parent_id, str) else None
        if current is not None:
            found.append(current.id)
    return found


def _detach(store: Store, node: Node) -> None:
    """Take ``node`` out of its parent's children (or its data source's rows)."""
    source_id = node.parent.get("data_source_id")
    if isinstance(source_id, str):
        source = store.data_sources.get(source_id)
        if source is not None and node.id in source.rows:
            source.rows.remove(node.id)
            store.mark("data_source", source.id)
        return
    holder_id = node.parent.get("page_id") or node.parent.get("block_id")
    holder = store.get_node(holder_id) if isinstance(holder_id, str) else None
    if holder is not None and node.id in holder.children:
        holder.children.remove(node.id)
        store.index.invalidate(holder.id)
        store.mark("node", holder.id)


def _title_only(properties: dict[str, Any] | None) -> dict[str, Any]:
    """A database row's values as a plain page keeps them: its title alone."""
    for value in (properties or {}).values():
        if value.get("type") == "title":
            return {"title": {**value, "id": "title"}}
    return {"title": {"id": "title", "type": "title", "title": []}}


async def move_page(ctx: Ctx) -> dict[str, Any]:
    """Move a page under another page, or into a data source as a row."""
    node = page_node(ctx, ctx.id_param(kind="page"))
    body = ctx.body()
    reject_unknown(body, frozenset({"parent"}))
    parent = object_at(require(body, "parent"), "body.parent")
    check_not_trashed(node)
    store = ctx.store
    if "page_id" in parent:
        target = page_node(ctx, uuid_at(parent["page_id"], "body.parent.page_id"))
        check_not_trashed(target)
        if target.id == node.id or node.id in _ancestors(store, target):
            raise ValidationError("A page cannot be moved into itself or one of its subpages.")
        from_source = "data_source_id" in node.parent
        _detach(store, node)
        node.parent = {"type": "page_id", "page_id": target.id}
        if from_source:
            node.properties = _title_only(node.properties)
        store.add_node(node, target)
    elif "data_source_id" in parent:
        source = live_data_source(
            ctx, uuid_at(parent["data_source_id"], "body.parent.data_source_id")
        )
        _detach(store, node)
        node.parent = {
            "type": "data_source_id",
            "data_source_id": source.id,
            "database_id": source.database_id,
        }
        node.properties = conform_values(node.properties, source.properties)
        source.rows.append(node.id)
        store.mark("data_source", source.id)
    else:
        raise invalid(
            "body.parent", "should be an object with `page_id` or `data_source_id`", parent
        )
    store.touch(node)
    return ctx.render.page(node)


def data_source_target(ctx: Ctx, parent: Any) -> Node:
    """The database a data source update's ``parent`` names (checked before any change)."""
    obj = object_at(parent, "body.parent")
    reject_unknown(obj, frozenset({"type", "database_id"}), "body.parent")
    if obj.get("type", "database_id") != "database_id":
        raise invalid("body.parent.type", 'should be `"database_id"` or `undefined`', obj["type"])
    return database_node(
        ctx, uuid_at(require(obj, "database_id", "body.parent"), "body.parent.database_id")
    )


def move_data_source(ctx: Ctx, source: DataSource, target: Node) -> None:
    """Move ``source`` into the database ``target``, as Notion does.

    The old database no longer lists it, the new one lists it last and gets a table view of it;
    its rows and every relation that points at it name the new database.
    """
    store = ctx.store
    if source.database_id == target.id:
        return
    old = store.get_node(source.database_id)
    if old is not None and old.data_sources and source.id in old.data_sources:
        old.data_sources = [i for i in old.data_sources if i != source.id]
        store.touch(old)
    source.database_id = target.id
    target.data_sources = [*(target.data_sources or []), source.id]
    store.touch(target)
    add_default_view(ctx, source)
    for row_id in source.rows:
        row = store.nodes[row_id]
        row.parent = {**row.parent, "database_id": target.id}
        store.mark("node", row_id)
    for other in store.data_sources.values():
        for prop in other.properties.values():
            relation = prop.get("relation")
            if isinstance(relation, dict) and relation.get("data_source_id") == source.id:
                relation["database_id"] = target.id
                store.mark("data_source", other.id)
