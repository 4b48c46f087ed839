"""Pages: ``/v1/pages`` and a page's property items."""

from __future__ import annotations

from typing import Any

from notion_emulator.computed.hooks import page_saved
from notion_emulator.errors import ValidationError, not_found
from notion_emulator.handlers.common import (
    attach,
    check_not_trashed,
    check_upload,
    create_blocks,
    icon_cover_refs,
    icon_source,
    normalize_source,
    page_node,
    reject_unknown,
    require,
    rich_text,
    trash_flag,
    unknown_parent,
    upload_refs,
    validate_children,
)
from notion_emulator.render import listing
from notion_emulator.routing import Ctx
from notion_emulator.schema.block_requests import validate_append_target
from notion_emulator.schema.messages import body_failed, was
from notion_emulator.schema.page_properties import (
    normalize_plain_page_properties,
    normalize_values,
)
from notion_emulator.store import DataSource, Node, new_id, normalize_id
from notion_emulator.versions import has_data_sources, multiple_sources

_PAGE_CREATE_KEYS = frozenset(
    {"parent", "properties", "children", "icon", "cover", "content", "markdown", "template"}
)
_PAGE_UPDATE_KEYS = frozenset(
    {"properties", "icon", "cover", "in_trash", "archived", "is_locked", "erase_content"}
)
_UPLOAD_MARK = "upload:"


# -- pages -------------------------------------------------------------------------------


def _resolve_parent(ctx: Ctx, parent: Any) -> tuple[Node | None, DataSource | None, dict[str, Any]]:
    """(parent page, data source, parent reference as stored) for a page create."""
    if not isinstance(parent, dict):
        raise unknown_parent(parent)
    for key in ("page_id", "data_source_id", "database_id"):
        raw = parent.get(key)
        if raw is None:
            continue
        object_id = normalize_id(str(raw))
        if object_id is None:
            raise body_failed(f"body.parent.{key}", was("should be a valid uuid", raw))
        if key == "page_id":
            node = ctx.store.get_node(object_id)
            if node is None or node.type != "child_page":
                raise not_found(object_id, "page")
            check_not_trashed(node)
            return node, None, {"type": "page_id", "page_id": object_id}
        if key == "database_id":
            database = ctx.store.get_node(object_id)
            if database is None or database.type != "child_database":
                raise not_found(object_id, "database")
            sources = database.data_sources or []
            if len(sources) != 1:
                if not has_data_sources(ctx.version):
                    raise multiple_sources()
                raise ValidationError(
                    f"Database with ID {object_id} has {len(sources)} data sources; "
                    "use parent.data_source_id to choose one."
                )
            object_id = sources[0]
        source = ctx.store.data_sources.get(object_id)
        if source is None or source.in_trash:
            raise not_found(object_id, "data source")
        ref = {
            "type": "data_source_id",
            "data_source_id": source.id,
            "database_id": source.database_id,
        }
        return None, source, ref
    if parent.get("workspace") is True:
        raise ValidationError(
            "Pages can be created at the workspace level only by public integrations."
        )
    raise unknown_parent(parent)


def _file_resolver(ctx: Ctx, refs: list[str]) -> Any:
    def resolve(raw_id: str) -> dict[str, Any]:
        upload_id = check_upload(ctx, raw_id)
        refs.append(upload_id)
        return {"url": _UPLOAD_MARK + upload_id, "expiry_time": None}

    return resolve


def _keep_upload_refs(values: dict[str, Any]) -> dict[str, Any]:
    """Files properties keep their upload reference; the renderer signs a URL per read."""
    for value in values.values():
        if value.get("type") != "files":
            continue
        fixed = []
        for item in value["files"]:
            url = item.get("file", {}).get("url", "") if item.get("type") == "file" else ""
            if url.startswith(_UPLOAD_MARK):
                item = {
                    "name": item.get("name"),
                    "type": "file_upload",
                    "file_upload": {"id": url[len(_UPLOAD_MARK) :]},
                }
            fixed.append(item)
        value["files"] = fixed
    return values


def _properties(
    ctx: Ctx,
    values: Any,
    source: DataSource | None,
    existing: dict[str, Any] | None,
    refs: list[str],
) -> dict[str, Any]:
    if source is None:
        out = normalize_plain_page_properties(
            values, path="body.properties", rich_text=lambda items: rich_text(ctx, items)
        )
        if existing is not None:
            return {**existing, **out}
        return out
    values_out, schema = normalize_values(
        values,
        source.properties,
        path="body.properties",
        rich_text=lambda items: rich_text(ctx, items),
        resolve_file_upload=_file_resolver(ctx, refs),
        existing=existing,
    )
    if schema != source.properties:
        source.properties = schema
        ctx.store.mark("data_source", source.id)
    return _keep_upload_refs(values_out)


async def create_page(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _PAGE_CREATE_KEYS)
    parent_page, source, parent_ref = _resolve_parent(ctx, require(body, "parent"))
    if "markdown" in body or "content" in body:
        raise ValidationError(
            "notion-emulator does not support creating pages from `markdown`; send `children`."
        )
    children = body.get("children", [])
    if children:
        validate_children(ctx, children)
        validate_append_target("child_page", {}, children)
    refs = icon_cover_refs(body)
    refs += list(upload_refs(children))
    prop_refs: list[str] = []
    properties = _properties(ctx, body.get("properties", {}), source, None, prop_refs)
    attach(ctx, refs + prop_refs)
    now = ctx.store.clock()
    node = Node(
        id=new_id(),
        type="child_page",
        parent=parent_ref,
        payload={},
        created=now,
        edited=now,
        seq=ctx.store.next_seq(),
        properties=properties,
        icon=icon_source(body.get("icon")),
        cover=normalize_source(body.get("cover")),
    )
    ctx.store.add_node(node, parent_page)
    if source is not None:
        source.rows.append(node.id)
        ctx.store.mark("data_source", source.id)
        page_saved(ctx.store, source, node, None)
    if children:
        create_blocks(ctx, children, node)
    return ctx.render.page(node)


async def retrieve_page(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.page(page_node(ctx, ctx.id_param(kind="page")))


async def update_page(ctx: Ctx) -> dict[str, Any]:
    node = page_node(ctx, ctx.id_param(kind="page"))
    body = ctx.body()
    reject_unknown(body, _PAGE_UPDATE_KEYS)
    trash = trash_flag(ctx, body)
    if node.in_trash and trash is not False:
        check_not_trashed(node)
    refs = icon_cover_refs(body)
    source = _source_of(ctx, node)
    if "properties" in body:
        prop_refs: list[str] = []
        before = node.properties
        node.properties = _properties(ctx, body["properties"], source, node.properties, prop_refs)
        refs += prop_refs
        if source is not None:
            page_saved(ctx.store, source, node, before)
    attach(ctx, refs)
    if "icon" in body:
        node.icon = icon_source(body["icon"])
    if "cover" in body:
        node.cover = normalize_source(body["cover"])
    if isinstance(body.get("is_locked"), bool):
        node.is_locked = body["is_locked"]
    if trash is not None:
        node.in_trash = trash
    ctx.store.touch(node)
    return ctx.render.page(node)


def _source_of(ctx: Ctx, node: Node) -> DataSource | None:
    source_id = node.parent.get("data_source_id")
    return ctx.store.data_sources.get(source_id) if isinstance(source_id, str) else None


async def retrieve_page_property(ctx: Ctx) -> dict[str, Any]:
    node = page_node(ctx, ctx.id_param(kind="page"))
    wanted = ctx.params["property_id"]
    for name, value in (node.properties or {}).items():
        if value.get("id") != wanted and name != wanted:
            continue
        kind = value["type"]
        rendered = ctx.render.page_values(node)[name]
        if kind in ("title", "rich_text", "people", "relation"):
            items = [
                {"object": "property_item", "type": kind, "id": value["id"], kind: item}
                for item in rendered[kind]
            ]
            out = listing(items, None, "property_item")
            out["property_item"] = {"id": value["id"], "next_url": None, "type": kind, kind: {}}
            return out
        return {"object": "property_item", **rendered}
    raise not_found(wanted, "property")
