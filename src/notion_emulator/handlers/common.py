"""Pieces shared by the handlers: lookups, parents, trash flags, block trees, upload references."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from notion_emulator import normalize
from notion_emulator.errors import NotionError, ValidationError, not_found
from notion_emulator.render import plain_text, title_of
from notion_emulator.routing import Ctx
from notion_emulator.schema.block_requests import validate_children as validate_block_tree
from notion_emulator.schema.block_types import MEDIA_TYPES
from notion_emulator.schema.messages import MISSING, body_failed, failed, was
from notion_emulator.schema.rich_text import validate_cover, validate_icon, validate_rich_text
from notion_emulator.store import DataSource, Node, new_id, normalize_id

_BLOCK_META_KEYS = frozenset({"object", "type", "children"})


# -- lookups -----------------------------------------------------------------------------


def page_node(ctx: Ctx, page_id: str) -> Node:
    """The page ``page_id`` names; 404 when there is none."""
    node = ctx.store.get_node(page_id)
    if node is None or node.type != "child_page":
        raise not_found(page_id, "page")
    return node


def database_node(ctx: Ctx, database_id: str) -> Node:
    """The database ``database_id`` names; 404 when there is none."""
    node = ctx.store.get_node(database_id)
    if node is None or node.type != "child_database":
        raise not_found(database_id, "database")
    return node


def live_data_source(ctx: Ctx, source_id: str) -> DataSource:
    """The data source ``source_id`` names; 404 when there is none or it is in the trash."""
    source = ctx.store.data_sources.get(source_id)
    if source is None or source.in_trash:
        raise not_found(source_id, "data source")
    return source


# -- request checks ----------------------------------------------------------------------


def invalid(path: str, expectation: str, raw: Any) -> ValidationError:
    """``<body|query|path> failed validation: <path> <expectation>, instead was ...``."""
    return failed(path, was(expectation, raw))


def uuid_at(raw: Any, path: str) -> str:
    """An id in dashed form; anything else is refused at ``path``."""
    object_id = normalize_id(raw) if isinstance(raw, str) else None
    if object_id is None:
        raise invalid(path, "should be a valid uuid", raw)
    return object_id


def string_at(raw: Any, path: str) -> str:
    """A string; anything else is refused at ``path``."""
    if not isinstance(raw, str):
        raise invalid(path, "should be a string", raw)
    return raw


def object_at(raw: Any, path: str) -> dict[str, Any]:
    """An object; anything else is refused at ``path``."""
    if not isinstance(raw, dict):
        raise invalid(path, "should be an object", raw)
    return raw


def reject_unknown(body: dict[str, Any], allowed: frozenset[str], path: str = "body") -> None:
    """Unknown keys are validation errors, as in Notion."""
    for key in body:
        if key not in allowed:
            raise body_failed(f"{path}.{key}", was("should be not present", body[key]))


def trash_flag(ctx: Ctx, body: dict[str, Any]) -> bool | None:
    """The requested trash state from ``in_trash`` (or ``archived`` before 2026-03-11)."""
    value: Any = None
    for key in ("in_trash", "archived"):
        if key in body:
            if key == "archived" and ctx.latest:
                raise body_failed("body.archived", was("should be not present", body[key]))
            value = body[key]
            if not isinstance(value, bool):
                raise body_failed(f"body.{key}", was("should be a boolean", value))
    return value if isinstance(value, bool) else None


def block_type_of(item: dict[str, Any]) -> str:
    """The type of a (validated) block request object."""
    declared = item.get("type")
    if isinstance(declared, str):
        return declared
    return next(k for k in item if k not in _BLOCK_META_KEYS)


def mention_title(ctx: Ctx) -> Any:
    """What a mention of an id reads: a page's or database's title, a user's name."""
    users = ctx.emulator.users

    def title(page_id: str) -> str | None:
        node = ctx.store.get_node(page_id)
        if node is None:
            return users.name_of(page_id)
        if node.type == "child_database":
            return plain_text(node.title)
        return title_of(node) if node.type == "child_page" else None

    return title


def rich_text(ctx: Ctx, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Request rich text as stored and answered, mentioned users embedded."""
    normalized = normalize.normalize_rich_text(items, mention_title=mention_title(ctx))
    embedded: list[dict[str, Any]] = ctx.emulator.users.embed_mentions(normalized)
    return embedded


def block_payload(
    ctx: Ctx, kind: str, payload: dict[str, Any], current: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A block payload as stored and answered: a new one, or ``current`` with ``payload``
    applied as an update; mentioned users embedded."""
    titles = mention_title(ctx)
    if current is None:
        stored = normalize.normalize_block_payload(kind, payload, mention_title=titles)
    else:
        stored = normalize.merge_block_update(kind, current, payload, mention_title=titles)
    embedded: dict[str, Any] = ctx.emulator.users.embed_mentions(stored)
    return embedded


def rich_field(ctx: Ctx, body: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
    """The rich text under ``body[key]``, validated and normalized; None when absent."""
    if key not in body:
        return None
    validate_rich_text(body[key], f"body.{key}")
    return rich_text(ctx, body[key])


def icon_cover_refs(body: dict[str, Any]) -> list[str]:
    """Check a body's ``icon`` and ``cover``; the upload ids they refer to."""
    refs: list[str] = []
    if "icon" in body:
        validate_icon(body["icon"], "body.icon")
        refs += source_ref(body["icon"])
    if "cover" in body:
        validate_cover(body["cover"], "body.cover")
        refs += source_ref(body["cover"])
    return refs


def attach_icon_cover(ctx: Ctx, body: dict[str, Any]) -> None:
    """Check a body's ``icon`` and ``cover`` and attach the uploads they refer to."""
    attach(ctx, icon_cover_refs(body))


@dataclass(frozen=True)
class Described:
    """The fields a database and a data source are updated alike: read and checked first,
    applied once the whole body is known to be valid."""

    body: dict[str, Any]
    title: list[dict[str, Any]] | None
    description: list[dict[str, Any]] | None
    trash: bool | None

    @classmethod
    def read(cls, ctx: Ctx, body: dict[str, Any]) -> Described:
        trash = trash_flag(ctx, body)
        title = rich_field(ctx, body, "title")
        description = rich_field(ctx, body, "description")
        attach_icon_cover(ctx, body)
        return cls(body, title, description, trash)

    def apply(self, target: Any) -> None:
        """Set what the body gave on ``target`` (a database node or a data source)."""
        if self.title is not None:
            target.title = self.title
        if self.description is not None:
            target.description = self.description
        if "icon" in self.body:
            target.icon = icon_source(self.body["icon"])
        if "cover" in self.body:
            target.cover = normalize_source(self.body["cover"])
        if self.trash is not None:
            target.in_trash = self.trash


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


def icon_source(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A page, database or data source icon as stored: like :func:`normalize_source`, and an
    external icon at one of Notion's own icon URLs becomes a native ``icon``, as in Notion."""
    return normalize_source(normalize.native_icon(value))


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
            payload=block_payload(ctx, kind, payload),
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
    validate_block_tree(children, path=path, version=ctx.version)
    assert isinstance(children, list)
    return children


def require(body: dict[str, Any], key: str, path: str = "body") -> Any:
    if key not in body:
        raise body_failed(f"{path}.{key}", MISSING)
    return body[key]


def unknown_parent(value: Any) -> NotionError:
    return body_failed(
        "body.parent",
        was(
            "should be an object with one of `page_id`, `database_id`, `data_source_id`, "
            "`workspace`",
            value,
        ),
    )
