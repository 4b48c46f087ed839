"""Pieces shared by the handlers: parents, trash flags, block trees, upload references."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from notion_emulator import blocks, validation
from notion_emulator.errors import NotionError, ValidationError, not_found
from notion_emulator.render import MEDIA_TYPES, plain_text, title_of
from notion_emulator.routing import Ctx, describe
from notion_emulator.store import Node, new_id, normalize_id

_BLOCK_META_KEYS = frozenset({"object", "type", "children"})


def reject_unknown(body: dict[str, Any], allowed: frozenset[str], path: str = "body") -> None:
    """Unknown keys are validation errors, as in Notion."""
    for key in body:
        if key not in allowed:
            raise ValidationError(
                f"body failed validation: {path}.{key} should be not present, instead was "
                f"`{describe(body[key])}`."
            )


def trash_flag(ctx: Ctx, body: dict[str, Any]) -> bool | None:
    """The requested trash state from ``in_trash`` (or ``archived`` before 2026-03-11)."""
    value: Any = None
    for key in ("in_trash", "archived"):
        if key in body:
            if key == "archived" and ctx.latest:
                raise ValidationError(
                    "body failed validation: body.archived should be not present, instead was "
                    f"`{describe(body[key])}`."
                )
            value = body[key]
            if not isinstance(value, bool):
                raise ValidationError(
                    f"body failed validation: body.{key} should be a boolean, instead was "
                    f"`{describe(value)}`."
                )
    return value if isinstance(value, bool) else None


def block_type_of(item: dict[str, Any]) -> str:
    """The type of a (validated) block request object."""
    declared = item.get("type")
    if isinstance(declared, str):
        return declared
    return next(k for k in item if k not in _BLOCK_META_KEYS)


def mention_title(ctx: Ctx) -> Any:
    def title(page_id: str) -> str | None:
        node = ctx.store.get_node(page_id)
        if node is None:
            return None
        if node.type == "child_database":
            return plain_text(node.title)
        return title_of(node) if node.type == "child_page" else None

    return title


def rich_text(ctx: Ctx, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return blocks.normalize_rich_text(items, mention_title=mention_title(ctx))


def upload_refs(children: list[dict[str, Any]]) -> Iterator[str]:
    """Every file upload id referenced by a block tree (media sources, callout icons)."""
    for item in children:
        kind = block_type_of(item)
        payload = item.get(kind)
        if not isinstance(payload, dict):
            continue
        if kind in MEDIA_TYPES and isinstance(payload.get("file_upload"), dict):
            yield str(payload["file_upload"].get("id", ""))
        icon = payload.get("icon")
        if isinstance(icon, dict) and isinstance(icon.get("file_upload"), dict):
            yield str(icon["file_upload"].get("id", ""))
        kids = payload.get("children")
        if isinstance(kids, list):
            yield from upload_refs(kids)


def check_upload(ctx: Ctx, raw_id: str) -> str:
    """An upload that may be attached now: known, ``uploaded``, not expired."""
    upload_id = normalize_id(raw_id) or raw_id
    upload = ctx.store.uploads.get(upload_id)
    if upload is None or upload.in_trash:
        raise not_found(upload_id, "file upload")
    if upload.status == "pending" and ctx.store.clock() > upload.expires and not upload.attached:
        raise ValidationError(
            f"File upload with ID {upload_id} has expired. Create a new file upload and attach "
            "it within one hour."
        )
    if upload.status != "uploaded":
        raise ValidationError(
            f"File upload with ID {upload_id} is in status `{upload.status}` and cannot be "
            "attached; its status must be `uploaded`."
        )
    return upload_id


def attach(ctx: Ctx, upload_ids: Iterator[str] | list[str]) -> None:
    """Check every reference first, then mark them attached (permanent)."""
    checked = [check_upload(ctx, raw) for raw in upload_ids]
    for upload_id in checked:
        upload = ctx.store.uploads[upload_id]
        if not upload.attached:
            upload.attached = True
            ctx.store.mark("upload", upload_id)


def source_ref(value: dict[str, Any] | None) -> list[str]:
    """The upload id an icon or cover refers to, if any."""
    if isinstance(value, dict) and isinstance(value.get("file_upload"), dict):
        return [str(value["file_upload"].get("id", ""))]
    return []


def normalize_source(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Icons and covers are stored with dashed upload ids and an explicit type."""
    if value is None:
        return None
    out = dict(value)
    if "type" not in out:
        out["type"] = next(iter(k for k in out), "emoji")
    if isinstance(out.get("file_upload"), dict):
        raw = str(out["file_upload"].get("id", ""))
        out["file_upload"] = {"id": normalize_id(raw) or raw}
    return out


def child_parent_ref(node: Node) -> dict[str, Any]:
    """How a block directly under ``node`` names its parent."""
    if node.type == "child_page":
        return {"type": "page_id", "page_id": node.id}
    return {"type": "block_id", "block_id": node.id}


def create_blocks(
    ctx: Ctx, children: list[dict[str, Any]], parent: Node, at: int | None = None
) -> list[Node]:
    """Store a validated block tree under ``parent`` from position ``at`` (end if None)."""
    store = ctx.store
    now = store.clock()
    titles = mention_title(ctx)
    created: list[Node] = []
    ref = child_parent_ref(parent)
    for offset, item in enumerate(children):
        kind = block_type_of(item)
        payload = dict(item[kind])
        kids = payload.pop("children", None) or []
        if kind in MEDIA_TYPES and isinstance(payload.get("file_upload"), dict):
            raw = str(payload["file_upload"].get("id", ""))
            upload_id = normalize_id(raw) or raw
            payload["file_upload"] = {"id": upload_id}
            upload = store.uploads.get(upload_id)
            if kind == "file" and "name" not in payload and upload and upload.filename:
                payload["name"] = upload.filename
        if isinstance(payload.get("icon"), dict):
            payload["icon"] = normalize_source(payload["icon"])
        node = Node(
            id=new_id(),
            type=kind,
            parent=ref,
            payload=blocks.normalize_block_payload(kind, payload, mention_title=titles),
            created=now,
            edited=now,
            seq=store.next_seq(),
        )
        store.add_node(node, parent, None if at is None else at + offset)
        created.append(node)
        if kids:
            create_blocks(ctx, kids, node)
    return created


def check_not_trashed(node: Node) -> None:
    if node.in_trash:
        raise ValidationError(
            "Can't edit block that is archived. You must unarchive the block before editing."
        )


def validate_children(ctx: Ctx, children: Any, path: str = "body.children") -> list[Any]:
    validation.validate_children(children, path=path, version=ctx.version)
    assert isinstance(children, list)
    return children


def require(body: dict[str, Any], key: str, path: str = "body") -> Any:
    if key not in body:
        raise ValidationError(
            f"body failed validation: {path}.{key} should be defined, instead was `undefined`."
        )
    return body[key]


def unknown_parent(value: Any) -> NotionError:
    return ValidationError(
        "body failed validation: body.parent should be an object with one of `page_id`, "
        f"`database_id`, `data_source_id`, `workspace`, instead was `{describe(value)}`."
    )
