"""Blocks and rich text from request form to the stored response form.

The functions here take a request payload that already passed validation
(:mod:`notion_emulator.schema`) and return what the store keeps and the API answers: rich text
with ``plain_text``, ``href`` and full annotations, icons and covers, block payloads laid out
as :data:`~notion_emulator.schema.block_types.BLOCK_TYPES` says, updates merged.

Everything here is pure: no I/O, no clock, no store.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from notion_emulator.schema.block_types import (
    AS_IS,
    BLOCK_TYPES,
    LINK_TARGETS,
    MEDIA_SOURCES,
    OMIT,
    SOURCE,
    TARGET,
)
from notion_emulator.schema.vocabularies import NOTICON_COLORS

#: Title lookup for page and database mentions (dashed id -> title, None when unknown).
MentionTitle = Callable[[str], str | None]

#: Response annotations of a rich-text item that sets none, in Notion's key order.
DEFAULT_ANNOTATIONS: Final[Mapping[str, Any]] = {
    "bold": False,
    "italic": False,
    "strikethrough": False,
    "underline": False,
    "code": False,
    "color": "default",
}


# -- ids and links ---------------------------------------------------------------------------


def dashed_id(value: Any) -> Any:
    """A 32-hex id in Notion's dashed lower-case form; anything else unchanged."""
    if not isinstance(value, str):
        return value
    raw = value.replace("-", "").lower()
    if len(raw) != 32 or not all(c in "0123456789abcdef" for c in raw):
        return value
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def notion_href(object_id: str) -> str:
    """``https://www.notion.so/<32 hex>``: where a page or database mention links to."""
    return "https://www.notion.so/" + str(object_id).replace("-", "")


def _file_name(url: Any) -> str:
    """The last path segment of a URL, unquoted (a file block's default ``name``)."""
    if not isinstance(url, str):
        return ""
    path = urllib.parse.urlsplit(url).path
    return urllib.parse.unquote(path.rsplit("/", 1)[-1])


# -- rich text --------------------------------------------------------------------------------


def _annotations(value: Any) -> dict[str, Any]:
    out = dict(DEFAULT_ANNOTATIONS)
    if isinstance(value, Mapping):
        for key in DEFAULT_ANNOTATIONS:
            if key in value:
                out[key] = value[key]
    return out


def _title(object_id: str, mention_title: MentionTitle | None, fallback: str) -> str:
    title = mention_title(object_id) if mention_title is not None else None
    return title if title is not None else fallback


def _mention_ref(kind: str) -> Callable[[Any, MentionTitle | None], tuple[Any, str, str | None]]:
    """Page and database mentions: ``{id}``, the target's title, a notion.so link."""

    def build(value: Any, mention_title: MentionTitle | None) -> tuple[Any, str, str | None]:
        object_id = dashed_id(value.get("id", "")) if isinstance(value, Mapping) else ""
        title = _title(str(object_id), mention_title, "Untitled")
        return {"id": object_id}, title, notion_href(str(object_id))

    build.__doc__ = f"A {kind} mention."
    return build


def _mention_user(value: Any, mention_title: MentionTitle | None) -> tuple[Any, str, str | None]:
    user_id = dashed_id(value.get("id", "")) if isinstance(value, Mapping) else ""
    name = _title(str(user_id), mention_title, "Anonymous")
    return {"object": "user", "id": user_id}, "@" + name, None


def _in_zone(moment: Any, zone: str) -> Any:
    """A zone-less date-time read in ``zone``, written with milliseconds and its offset."""
    if not isinstance(moment, str) or "T" not in moment:
        return moment
    try:
        parsed = datetime.fromisoformat(moment)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=ZoneInfo(zone))
    except (ValueError, KeyError, ZoneInfoNotFoundError):
        return moment
    return parsed.isoformat(timespec="milliseconds")


def _mention_date(value: Any, _: MentionTitle | None) -> tuple[Any, str, str | None]:
    """A date mention; one sent with a ``time_zone`` comes back as offset times without it."""
    date = value if isinstance(value, Mapping) else {}
    start, end, zone = date.get("start", ""), date.get("end"), date.get("time_zone")
    if isinstance(zone, str):
        start, end, zone = _in_zone(start, zone), _in_zone(end, zone), None
    out = {"start": start, "end": end, "time_zone": zone}
    return out, f"{start} → {end}" if end else str(start), None


_TEMPLATE_TEXT: Final[Mapping[str, str]] = {"today": "@Today", "now": "@Now", "me": "@Me"}


def _mention_template(value: Any, _: MentionTitle | None) -> tuple[Any, str, str | None]:
    template = value if isinstance(value, Mapping) else {}
    kind = template.get("type")
    if not isinstance(kind, str):
        kind = next((k for k in template if k.startswith("template_mention_")), "")
    word = template.get(kind, "")
    return {"type": kind, kind: word}, _TEMPLATE_TEXT.get(str(word), ""), None


def _mention_emoji(value: Any, _: MentionTitle | None) -> tuple[Any, str, str | None]:
    emoji = dict(value) if isinstance(value, Mapping) else {}
    emoji["id"] = dashed_id(emoji.get("id", ""))
    name = emoji.get("name")
    return emoji, f":{name}:" if name else "", None


def _mention_link_preview(value: Any, _: MentionTitle | None) -> tuple[Any, str, str | None]:
    url = value.get("url", "") if isinstance(value, Mapping) else ""
    return {"url": url}, str(url), str(url)


def _mention_link(value: Any, _: MentionTitle | None) -> tuple[Any, str, str | None]:
    link = dict(value) if isinstance(value, Mapping) else {}
    href = str(link.get("href", ""))
    return link, str(link.get("title") or href), href


#: Mention type -> (response object, plain_text, href).
_MENTIONS: Final[
    Mapping[str, Callable[[Any, MentionTitle | None], tuple[Any, str, str | None]]]
] = {
    "page": _mention_ref("page"),
    "database": _mention_ref("database"),
    "user": _mention_user,
    "date": _mention_date,
    "template_mention": _mention_template,
    "custom_emoji": _mention_emoji,
    "link_preview": _mention_link_preview,
    "link_mention": _mention_link,
}


def _item_type(item: Mapping[str, Any], options: tuple[str, ...]) -> str:
    declared = item.get("type")
    if isinstance(declared, str) and declared in item:
        return declared
    return next((key for key in options if key in item), options[0])


def _rich_text_item(item: Any, mention_title: MentionTitle | None) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        item = {}
    kind = _item_type(item, ("text", "mention", "equation"))
    annotations = _annotations(item.get("annotations"))
    if kind == "equation":
        equation = item.get("equation")
        expression = equation.get("expression", "") if isinstance(equation, Mapping) else ""
        return {
            "type": "equation",
            "equation": {"expression": expression},
            "annotations": annotations,
            "plain_text": expression,
            "href": None,
        }
    if kind == "mention":
        mention = item.get("mention")
        mention = mention if isinstance(mention, Mapping) else {}
        mention_type = _item_type(mention, tuple(_MENTIONS))
        value, plain, href = _MENTIONS[mention_type](mention.get(mention_type), mention_title)
        return {
            "type": "mention",
            "mention": {"type": mention_type, mention_type: value},
            "annotations": annotations,
            "plain_text": plain,
            "href": href,
        }
    text = item.get("text")
    text = text if isinstance(text, Mapping) else {}
    content = text.get("content", "")
    link = text.get("link")
    url = link.get("url") if isinstance(link, Mapping) else None
    return {
        "type": "text",
        "text": {"content": content, "link": None if url is None else {"url": url}},
        "annotations": annotations,
        "plain_text": content,
        "href": url,
    }


def normalize_rich_text(
    items: list[dict[str, Any]], *, mention_title: MentionTitle | None = None
) -> list[dict[str, Any]]:
    """Request rich text (already validated) -> response rich text, as Notion returns it.

    Every item gets ``type``, its type object, full ``annotations``, ``plain_text`` and
    ``href`` in that order; text ``link`` is ``null`` or ``{"url"}`` and becomes ``href``;
    equations read back their expression as ``plain_text``; page and database mentions take
    their title from ``mention_title(dashed_id)`` ("Untitled" when None) and link to
    ``https://www.notion.so/<32 hex>``; user mentions read ``@<name>`` (the name from
    ``mention_title`` too, else "Anonymous"); date mentions read ``start`` or
    ``start → end`` (one sent with a ``time_zone`` comes back as offset times and a null
    zone). Adjacent text items with the same link and annotations come back as one item, as
    Notion stores them (a code block sent as 2,000 + 1 characters reads back as one item of
    2,001). Ids come back dashed. ``plain_text`` / ``href`` sent in a request are
    ignored and recomputed, so normalizing a response again changes nothing.
    """
    merged: list[dict[str, Any]] = []
    for item in (_rich_text_item(item, mention_title) for item in items):
        last = merged[-1] if merged else None
        if last is not None and _same_run(last, item):
            last["text"]["content"] += item["text"]["content"]
            last["plain_text"] += item["plain_text"]
        else:
            merged.append(item)
    return merged


def _same_run(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    """Whether two response text items are one run to Notion (same link and annotations)."""
    return bool(
        first["type"] == second["type"] == "text"
        and first["text"]["link"] == second["text"]["link"]
        and first["annotations"] == second["annotations"]
    )


# -- icons and covers -------------------------------------------------------------------------


def _source(value: Mapping[str, Any], options: tuple[str, ...]) -> dict[str, Any]:
    """``{"type": kind, kind: object}`` for whichever of ``options`` the value holds."""
    kind = _item_type(value, options)
    obj = value.get(kind)
    if kind == "external" and isinstance(obj, Mapping):
        obj = {"url": obj.get("url")}
    elif kind == "file_upload" and isinstance(obj, Mapping):
        obj = {"id": dashed_id(obj.get("id"))}
    elif kind == "custom_emoji" and isinstance(obj, Mapping):
        obj = {**obj, "id": dashed_id(obj.get("id"))}
    elif kind == "icon" and isinstance(obj, Mapping):
        obj = {"name": obj.get("name"), "color": obj.get("color", "gray")}
    return {"type": kind, kind: obj}


_ICON_KINDS: Final = ("emoji", "external", "file", "file_upload", "custom_emoji", "icon")

#: Where Notion serves its own icons: ``https://www.notion.so/icons/<name>_<color>.svg``.
_NATIVE_ICON_URL: Final = re.compile(r"https://www\.notion\.so/icons/([a-z0-9-]+)_([a-z]+)\.svg")


def native_icon(icon: Any) -> Any:
    """An external icon at one of Notion's own icon URLs as Notion keeps it.

    ``{"external": {"url": "https://www.notion.so/icons/snake_purple.svg"}}`` becomes
    ``{"type": "icon", "icon": {"name": "snake", "color": "purple"}}`` (when the colour is one
    of Notion's icon colours); any other value is returned unchanged.
    """
    if not isinstance(icon, Mapping) or _item_type(icon, _ICON_KINDS) != "external":
        return icon
    external = icon.get("external")
    url = external.get("url") if isinstance(external, Mapping) else None
    found = _NATIVE_ICON_URL.fullmatch(url) if isinstance(url, str) else None
    if found is None or found.group(2) not in NOTICON_COLORS:
        return icon
    return {"type": "icon", "icon": {"name": found.group(1), "color": found.group(2)}}


_COVER_KINDS: Final = ("external", "file", "file_upload")


def normalize_icon(icon: Any) -> dict[str, Any] | None:
    """A request icon (or a stored one) in response form: ``{"type": kind, kind: ...}``.

    ``file_upload`` icons keep ``{"type": "file_upload", "file_upload": {"id"}}`` (dashed): the
    reader turns them into ``file`` objects. A noticon without a color gets ``gray``.
    """
    if not isinstance(icon, Mapping):
        return None
    return _source(icon, _ICON_KINDS)


def normalize_cover(cover: Any) -> dict[str, Any] | None:
    """A request cover (external or file_upload) in response form, like :func:`normalize_icon`."""
    if not isinstance(cover, Mapping):
        return None
    return _source(cover, _COVER_KINDS)


# -- block payloads ---------------------------------------------------------------------------


def _cells(value: Any, mention_title: MentionTitle | None) -> list[list[dict[str, Any]]]:
    cells = value if isinstance(value, list) else []
    return [_rich(cell, mention_title) for cell in cells]


def _synced_from(value: Any, _: MentionTitle | None) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    return {"type": "block_id", "block_id": dashed_id(value.get("block_id"))}


def _rich(value: Any, mention_title: MentionTitle | None) -> list[dict[str, Any]]:
    return normalize_rich_text(
        value if isinstance(value, list) else [], mention_title=mention_title
    )


#: Response key -> how a request value becomes its response value.
_TRANSFORMS: Final[Mapping[str, Callable[[Any, MentionTitle | None], Any]]] = {
    "rich_text": _rich,
    "caption": _rich,
    "cells": _cells,
    "icon": lambda value, _: normalize_icon(value),
    "synced_from": _synced_from,
}


def _layout_source(
    payload: Mapping[str, Any], options: tuple[str, ...], out: dict[str, Any]
) -> None:
    """Media ``type`` + source object, or ``link_to_page`` ``type`` + target id, into ``out``."""
    if not any(key in payload for key in options):
        return
    kind = _item_type(payload, options)
    value = payload[kind]
    if kind == "external" and isinstance(value, Mapping):
        value = {"url": value.get("url")}
    elif kind == "file_upload" and isinstance(value, Mapping):
        value = {"id": dashed_id(value.get("id"))}
    elif kind in LINK_TARGETS:
        value = dashed_id(value)
    out["type"] = kind
    out[kind] = value


def normalize_block_payload(
    block_type: str,
    payload: dict[str, Any],
    *,
    mention_title: MentionTitle | None = None,
) -> dict[str, Any]:
    """A validated request payload (without ``children``) -> the response payload.

    Keys come in the order of real responses, with Notion's defaults for those the request
    left out (``color: "default"``, ``icon: null``, ``caption: []``, ``is_toggleable: false``,
    ...); rich text, captions, table cells and icons are normalized; ids are dashed. Media keep
    whatever source they are given (``external``, ``file`` or ``file_upload``) under
    ``type`` + that key; a ``file`` block without ``name`` takes the last path segment of its
    URL (``""`` for an upload: pass the upload's filename as ``name``). Idempotent on its own
    output; unknown block types keep their payload as given.
    """
    spec = BLOCK_TYPES.get(block_type)
    if spec is None:
        return dict(payload)
    out: dict[str, Any] = {}
    for key, default in spec.response:
        if key == SOURCE:
            _layout_source(payload, MEDIA_SOURCES, out)
        elif key == TARGET:
            _layout_source(payload, LINK_TARGETS, out)
        elif key == AS_IS:
            out.update(payload)
        elif key in payload:
            transform = _TRANSFORMS.get(key)
            value = payload[key]
            out[key] = transform(value, mention_title) if transform else value
        elif key == "name" and spec.shape == "media":
            source = out.get(out.get("type", ""))
            out[key] = _file_name(source.get("url")) if isinstance(source, Mapping) else ""
        elif default is not OMIT:
            transform = _TRANSFORMS.get(key)
            out[key] = transform(default, mention_title) if transform else default
    return out


def merge_block_update(
    block_type: str,
    current: dict[str, Any],
    patch: dict[str, Any],
    *,
    mention_title: MentionTitle | None = None,
) -> dict[str, Any]:
    """The response payload after ``PATCH /v1/blocks/{id}`` applied a validated ``patch``.

    ``current`` is the stored response payload. Keys the patch gives replace the current
    ones (a new media source replaces the old one and its ``type``); everything else is
    kept; the result is normalized, in response key order.
    """
    spec = BLOCK_TYPES.get(block_type)
    merged = dict(current)
    if spec is not None and spec.shape in ("media", "link"):
        options = MEDIA_SOURCES if spec.shape == "media" else LINK_TARGETS
        if any(key in patch for key in options):
            for key in (*options, "type"):
                merged.pop(key, None)
    merged.update(patch)
    return normalize_block_payload(block_type, merged, mention_title=mention_title)
