"""Stored records -> Notion response objects, for one API version and one base URL.

Key order follows the recorded real responses. ``2026-03-11`` drops ``archived`` (replaced by
``in_trash`` everywhere) and calls ``transcription`` blocks ``meeting_notes``.
"""

from __future__ import annotations

import re
from typing import Any

from notion_emulator.computed.page_values import Computation
from notion_emulator.directory import BOT_NAME, Directory
from notion_emulator.schema.block_types import MEDIA_TYPES
from notion_emulator.schema.limits import PAGE_RELATION_SHOWN
from notion_emulator.schema.vocabularies import LATEST_VERSION
from notion_emulator.store import (
    UPLOAD_TTL_SECONDS,
    Comment,
    DataSource,
    Node,
    Store,
    Upload,
    View,
    iso_z,
    milli_stamp,
    minute_stamp,
)
from notion_emulator.versions import has_data_sources, shown_parent

_SLUG_RE = re.compile(r"[^0-9A-Za-z]+")


def page_url(title: str, object_id: str) -> str:
    """``https://app.notion.com/p/<slug>-<32 hex id>`` as Notion builds it."""
    hex_id = object_id.replace("-", "")
    slug = _SLUG_RE.sub("-", title).strip("-")
    return (
        f"https://app.notion.com/p/{slug}-{hex_id}"
        if slug
        else (f"https://app.notion.com/p/{hex_id}")
    )


def plain_text(rich_text: list[dict[str, Any]] | None) -> str:
    return "".join(item.get("plain_text", "") for item in rich_text or [])


class Renderer:
    """Turns records into response JSON for one request."""

    def __init__(self, store: Store, version: str, base_url: str, users: Directory) -> None:
        self.store = store
        self.latest = version >= LATEST_VERSION
        #: whether this version speaks of data sources (2025-09-03 on) or of databases
        self.data_sources = has_data_sources(version)
        self.base_url = base_url.rstrip("/")
        self.users = users
        self.bot_id = users.bot_id
        #: who created and edited everything, as objects name them (partial)
        self.user = {"object": "user", "id": users.bot_id}
        #: the same user as created_by / last_edited_by property values hold them (full)
        self.author = users.embedded(users.bot_id)

    # -- helpers -------------------------------------------------------------------------

    def _trash(self, out: dict[str, Any], in_trash: bool) -> dict[str, Any]:
        if not self.latest:
            out["archived"] = in_trash
        return out

    def file_object(self, upload_id: str) -> dict[str, Any]:
        """What an attached upload reads back as: a signed URL valid for about an hour."""
        upload = self.store.uploads.get(upload_id)
        name = (upload.filename if upload else None) or "file"
        expiry = self.store.clock() + UPLOAD_TTL_SECONDS
        return {
            "url": f"{self.base_url}/_emulator/files/{upload_id}/{name}",
            "expiry_time": iso_z(expiry),
        }

    def file_source(self, value: dict[str, Any] | None) -> dict[str, Any] | None:
        """Icons, covers and media sources: ``file_upload`` reads back as ``file``."""
        if value is None or value.get("type") != "file_upload":
            return value
        upload_id = value["file_upload"]["id"]
        return {"type": "file", "file": self.file_object(upload_id)}

    # -- objects -------------------------------------------------------------------------

    def block(self, node: Node) -> dict[str, Any]:
        if node.type == "child_page":
            payload: dict[str, Any] = {"title": _title_of(node)}
        elif node.type == "child_database":
            payload = {"title": plain_text(node.title)}
        elif node.type in MEDIA_TYPES and node.payload.get("type") == "file_upload":
            payload = dict(node.payload)
            payload.pop("file_upload", None)
            payload["type"] = "file"
            payload["file"] = self.file_object(node.payload["file_upload"]["id"])
        elif node.type == "callout" and node.payload.get("icon"):
            payload = dict(node.payload)
            payload["icon"] = self.file_source(node.payload["icon"])
        else:
            payload = node.payload
        block_type = node.type
        if block_type == "transcription" and self.latest:
            block_type = "meeting_notes"
        out = {
            "object": "block",
            "id": node.id,
            "parent": shown_parent(node.parent, self.data_sources),
            "created_time": minute_stamp(node.created),
            "last_edited_time": minute_stamp(node.edited),
            "created_by": self.user,
            "last_edited_by": self.user,
            "has_children": self.store.has_children(node),
            "in_trash": node.in_trash,
            "type": block_type,
            block_type: payload,
        }
        return self._trash(out, node.in_trash)

    def page(self, node: Node) -> dict[str, Any]:
        out = {
            "object": "page",
            "id": node.id,
            "created_time": minute_stamp(node.created),
            "last_edited_time": minute_stamp(node.edited),
            "created_by": self.user,
            "last_edited_by": self.user,
            "cover": self.file_source(node.cover),
            "icon": self.file_source(node.icon),
            "parent": shown_parent(node.parent, self.data_sources),
            "in_trash": node.in_trash,
            "is_archived": False,
            "is_locked": node.is_locked,
            "properties": {name: _capped(value) for name, value in self.page_values(node).items()},
            "url": page_url(_title_of(node), node.id),
            "public_url": None,
        }
        return self._trash(out, node.in_trash)

    def page_values(self, node: Node) -> dict[str, Any]:
        """A page's property values whole (the property item endpoint pages through them):
        computed values filled (timestamps, authors, formulas, rollups), people embedded and
        uploaded files signed."""
        properties = Computation(self.store).fill(node, node.properties or {})
        out: dict[str, Any] = {}
        for name, value in properties.items():
            kind = value.get("type")
            if kind == "created_time":
                value = {**value, "created_time": minute_stamp(node.created)}
            elif kind == "last_edited_time":
                value = {**value, "last_edited_time": minute_stamp(node.edited)}
            elif kind in ("created_by", "last_edited_by"):
                value = {**value, kind: self.author}
            elif kind == "people":
                people = [
                    self.users.embedded(p["id"]) if p.get("object") == "user" else p
                    for p in value["people"]
                ]
                value = {**value, "people": people}
            elif kind == "files" and any(f.get("type") == "file_upload" for f in value["files"]):
                files = []
                for item in value["files"]:
                    if item.get("type") == "file_upload":
                        item = {
                            "name": item.get("name"),
                            "type": "file",
                            "file": self.file_object(item["file_upload"]["id"]),
                        }
                    files.append(item)
                value = {**value, "files": files}
            out[name] = value
        return out

    def database(self, node: Node) -> dict[str, Any]:
        sources = [self.store.data_sources[i] for i in node.data_sources or []]
        out = {
            "object": "database",
            "id": node.id,
            "title": node.title or [],
            "description": node.description or [],
            "parent": node.parent,
            "is_inline": node.is_inline,
            "in_trash": node.in_trash,
            "is_locked": node.is_locked,
            "created_time": milli_stamp(node.created),
            "last_edited_time": milli_stamp(node.edited),
            "data_sources": [
                {"id": s.id, "name": plain_text(s.title) or plain_text(node.title or [])}
                for s in sources
            ],
            "icon": self.file_source(node.icon),
            "cover": self.file_source(node.cover),
            "url": page_url("", node.id),
            "public_url": None,
        }
        return self._trash(out, node.in_trash)

    def data_source(self, source: DataSource) -> dict[str, Any]:
        database = self.store.nodes[source.database_id]
        out = {
            "object": "data_source",
            "id": source.id,
            "cover": self.file_source(source.cover),
            "icon": self.file_source(source.icon),
            "created_time": minute_stamp(source.created),
            "created_by": self.user,
            "last_edited_by": self.user,
            "last_edited_time": minute_stamp(source.edited),
            "title": source.title,
            "description": source.description,
            "is_inline": database.is_inline,
            "properties": source.properties,
            "parent": {"type": "database_id", "database_id": source.database_id},
            "database_parent": database.parent,
            "url": page_url("", source.database_id),
            "public_url": None,
            "in_trash": source.in_trash,
        }
        return self._trash(out, source.in_trash)

    def upload(self, upload: Upload) -> dict[str, Any]:
        status = upload.status
        if status == "pending" and self.store.clock() > upload.expires:
            status = "expired"
        out: dict[str, Any] = {
            "object": "file_upload",
            "id": upload.id,
            "created_time": minute_stamp(upload.created),
            "created_by": {"id": self.bot_id, "type": "bot"},
            "last_edited_time": minute_stamp(upload.created),
            "expiry_time": None if upload.attached else iso_z(upload.expires),
        }
        if status == "pending":
            out["upload_url"] = f"{self.base_url}/v1/file_uploads/{upload.id}/send"
        out.update(
            {
                "in_trash": upload.in_trash,
                "status": status,
                "filename": upload.filename,
                "content_type": upload.content_type,
                "content_length": upload.content_length,
            }
        )
        if upload.mode == "multi_part":
            out["number_of_parts"] = {
                "total": upload.number_of_parts,
                "sent": len(upload.parts),
            }
        if upload.mode == "external_url" and status == "uploaded":
            out["file_import_result"] = {
                "type": "success",
                "success": {},
                "imported_time": milli_stamp(upload.created),
            }
        return self._trash(out, upload.in_trash)

    def view(self, view: View) -> dict[str, Any]:
        return {
            "object": "view",
            "id": view.id,
            "parent": {"type": "database_id", "database_id": view.database_id},
            "data_source_id": view.data_source_id,
            "name": view.name,
            "type": view.type,
            "created_time": milli_stamp(view.created),
            "created_by": self.user,
            "last_edited_time": milli_stamp(view.edited),
            "last_edited_by": self.user,
            "url": f"{page_url('', view.database_id)}?v={view.id.replace('-', '')}",
            "filter": view.filter,
            "sorts": view.sorts,
            "quick_filters": view.quick_filters,
            "configuration": view.configuration or {"type": view.type},
        }

    def comment(self, comment: Comment) -> dict[str, Any]:
        return {
            "object": "comment",
            "id": comment.id,
            "parent": comment.parent,
            "discussion_id": comment.discussion_id,
            "created_time": minute_stamp(comment.created),
            "last_edited_time": minute_stamp(comment.edited),
            "created_by": self.user,
            "rich_text": comment.rich_text,
            "display_name": {"type": "integration", "resolved_name": BOT_NAME},
        }


def _title_of(node: Node) -> str:
    prop = next(
        (p for p in (node.properties or {}).values() if p.get("type") == "title"),
        None,
    )
    return plain_text(prop["title"]) if prop else ""


def title_of(node: Node) -> str:
    """Plain-text title of a page node (empty for others)."""
    return _title_of(node)


def listing(results: list[dict[str, Any]], next_cursor: str | None, kind: str) -> dict[str, Any]:
    """Notion's list envelope."""
    return {
        "object": "list",
        "results": results,
        "next_cursor": next_cursor,
        "has_more": next_cursor is not None,
        "type": kind,
        kind: {},
    }


def _capped(value: dict[str, Any]) -> dict[str, Any]:
    """A relation value as a page object shows it: at most ``PAGE_RELATION_SHOWN`` pages
    (recorded: 30 related pages read back as 25 with ``has_more: true``,
    notion-recordings-uno/test_page/test_more_than_max_refs_per_relation_property.yaml #39)."""
    if value.get("type") != "relation" or len(value["relation"]) <= PAGE_RELATION_SHOWN:
        return value
    return {**value, "relation": value["relation"][:PAGE_RELATION_SHOWN], "has_more": True}
