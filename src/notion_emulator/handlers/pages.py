"""Pages and blocks: ``/v1/pages`` and ``/v1/blocks``."""

from __future__ import annotations

from typing import Any

from notion_emulator import blocks, props, validation
from notion_emulator.errors import ValidationError, not_found
from notion_emulator.handlers.common import (
    attach,
    check_not_trashed,
    check_upload,
    create_blocks,
    mention_title,
    normalize_source,
    reject_unknown,
    require,
    rich_text,
    source_ref,
    trash_flag,
    unknown_parent,
    upload_refs,
    validate_children,
)
from notion_emulator.render import listing
from notion_emulator.routing import Ctx, describe, route
from notion_emulator.store import DataSource, Node, new_id, normalize_id

_PAGE_CREATE_KEYS = frozenset(
    {"parent", "properties", "children", "icon", "cover", "content", "markdown", "template"}
)
_PAGE_UPDATE_KEYS = frozenset(
    {"properties", "icon", "cover", "in_trash", "archived", "is_locked", "erase_content"}
)
_UPLOAD_MARK = "upload:"


# -- pages -------------------------------------------------------------------------------


def _page(ctx: Ctx, page_id: str) -> Node:
    node = ctx.store.get_node(page_id)
    if node is None or node.type != "child_page":
        raise not_found(page_id, "page")
    return node


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
            raise ValidationError(
                f"body failed validation: body.parent.{key} should be a valid uuid, "
                f"instead was `{describe(raw)}`."
            )
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
        out = props.normalize_plain_page_properties(
            values, path="body.properties", rich_text=lambda items: rich_text(ctx, items)
        )
        if existing is not None:
            return {**existing, **out}
        return out
    values_out, schema = props.normalize_values(
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


def _check_icon_cover(body: dict[str, Any]) -> list[str]:
    refs: list[str] = []
    if "icon" in body:
        validation.validate_icon(body["icon"], "body.icon")
        refs += source_ref(body["icon"])
    if "cover" in body:
        validation.validate_cover(body["cover"], "body.cover")
        refs += source_ref(body["cover"])
    return refs


@route("POST", "/pages")
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
        validation.validate_append_target("child_page", {}, children)
    refs = _check_icon_cover(body)
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
        icon=normalize_source(body.get("icon")),
        cover=normalize_source(body.get("cover")),
    )
    ctx.store.add_node(node, parent_page)
    if source is not None:
        source.rows.append(node.id)
        ctx.store.mark("data_source", source.id)
    if children:
        create_blocks(ctx, children, node)
    return ctx.render.page(node)


@route("GET", "/pages/{id}")
async def retrieve_page(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.page(_page(ctx, ctx.id_param(kind="page")))


@route("PATCH", "/pages/{id}")
async def update_page(ctx: Ctx) -> dict[str, Any]:
    node = _page(ctx, ctx.id_param(kind="page"))
    body = ctx.body()
    reject_unknown(body, _PAGE_UPDATE_KEYS)
    trash = trash_flag(ctx, body)
    if node.in_trash and trash is not False:
        check_not_trashed(node)
    refs = _check_icon_cover(body)
    source = _source_of(ctx, node)
    if "properties" in body:
        prop_refs: list[str] = []
        node.properties = _properties(ctx, body["properties"], source, node.properties, prop_refs)
        refs += prop_refs
    attach(ctx, refs)
    if "icon" in body:
        node.icon = normalize_source(body["icon"])
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


@route("GET", "/pages/{id}/properties/{property_id}")
async def retrieve_page_property(ctx: Ctx) -> dict[str, Any]:
    node = _page(ctx, ctx.id_param(kind="page"))
    wanted = ctx.params["property_id"]
    for name, value in (node.properties or {}).items():
        if value.get("id") != wanted and name != wanted:
            continue
        kind = value["type"]
        if kind in ("title", "rich_text", "people", "relation"):
            items = [
                {"object": "property_item", "type": kind, "id": value["id"], kind: item}
                for item in value[kind]
            ]
            out = listing(items, None, "property_item")
            out["property_item"] = {"id": value["id"], "next_url": None, "type": kind, kind: {}}
            return out
        rendered = ctx.render.page(node)["properties"][name]
        return {"object": "property_item", **rendered}
    raise not_found(wanted, "property")


# -- blocks ------------------------------------------------------------------------------


def _block(ctx: Ctx) -> Node:
    return ctx.node(ctx.id_param(kind="block"))


@route("GET", "/blocks/{id}")
async def retrieve_block(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.block(_block(ctx))


@route("PATCH", "/blocks/{id}")
async def update_block(ctx: Ctx) -> dict[str, Any]:
    node = _block(ctx)
    body = ctx.body()
    validation.validate_block_update(node.type, body, ctx.version)
    trash = trash_flag(ctx, body)
    if node.in_trash and trash is not False:
        check_not_trashed(node)
    patch = body.get(node.type)
    if isinstance(patch, dict) and patch:
        refs = list(upload_refs([{node.type: patch}]))
        attach(ctx, refs)
        node.payload = blocks.merge_block_update(
            node.type, node.payload, patch, mention_title=mention_title(ctx)
        )
    if trash is not None:
        node.in_trash = trash
    ctx.store.touch(node)
    return ctx.render.block(node)


@route("DELETE", "/blocks/{id}")
async def delete_block(ctx: Ctx) -> dict[str, Any]:
    node = _block(ctx)
    check_not_trashed(node)
    node.in_trash = True
    ctx.store.touch(node)
    return ctx.render.block(node)


@route("GET", "/blocks/{id}/children")
async def list_children(ctx: Ctx) -> dict[str, Any]:
    node = _block(ctx)
    size = ctx.page_size()
    start = 0
    cursor = ctx.query.get("start_cursor")
    if cursor:
        position = ctx.store.index.position(node, normalize_id(cursor) or cursor)
        if position is None:
            raise ValidationError(
                f"body failed validation: start_cursor should be a valid cursor, instead was "
                f"`{describe(cursor)}`."
            )
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


@route("PATCH", "/blocks/{id}/children")
async def append_children(ctx: Ctx) -> dict[str, Any]:
    node = _block(ctx)
    body = ctx.body()
    validation.validate_append_body(body, ctx.version)  # validates the children too
    children: list[Any] = body["children"]
    check_not_trashed(node)
    validation.validate_append_target(node.type, node.payload, children)
    at = _position(ctx, node, body)
    attach(ctx, upload_refs(children))
    created = create_blocks(ctx, children, node, at)
    ctx.store.touch(node)
    return listing([ctx.render.block(n) for n in created], None, "block")


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
