"""Notion's block types as data, and request -> response normalization of blocks and rich text.

:data:`BLOCK_TYPES` is the one table of what the emulator knows about each block type: which
keys a create or update request may carry in the payload, what the response payload looks like
(key order and defaults, as in the recorded real responses), whether the block may hold
children and which, and whether the API can create it at all. :mod:`notion_emulator.validation`
builds its request schemas from this table; the functions here turn an already validated
request payload into the stored response form.

Request levels (from the official SDK's generated request types): a create request's top-level
blocks are level 0, their ``children`` level 1, and those children's ``children`` level 2, which
may carry no ``children`` at all. ``column_list`` and ``column`` appear only at level 0 (the
columns of a ``column_list`` do not use up a level), ``table`` at level 0 or 1.

Everything here is pure: no I/O, no clock, no store.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

#: Title lookup for page and database mentions (dashed id -> title, None when unknown).
MentionTitle = Callable[[str], str | None]

#: ``ApiColor``: text and background colors of rich text and blocks.
API_COLORS: Final = (
    "default",
    "gray",
    "brown",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "red",
    "default_background",
    "gray_background",
    "brown_background",
    "orange_background",
    "yellow_background",
    "green_background",
    "blue_background",
    "purple_background",
    "pink_background",
    "red_background",
)

#: ``NoticonColor``: colors of Notion's native icons (``{"type": "icon", ...}``).
NOTICON_COLORS: Final = (
    "gray",
    "lightgray",
    "brown",
    "yellow",
    "orange",
    "green",
    "blue",
    "purple",
    "pink",
    "red",
)

#: ``LanguageRequest``: the fixed list of ``code.language`` values, in the SDK's order.
CODE_LANGUAGES: Final = (
    "abap", "abc", "agda", "arduino", "ascii art", "assembly", "bash", "basic", "bnf", "c",
    "c#", "c++", "clojure", "coffeescript", "coq", "css", "dart", "dhall", "diff", "docker",
    "ebnf", "elixir", "elm", "erlang", "f#", "flow", "fortran", "gherkin", "glsl", "go",
    "graphql", "groovy", "haskell", "hcl", "html", "idris", "java", "javascript", "json",
    "julia", "kotlin", "latex", "less", "lisp", "livescript", "llvm ir", "lua", "makefile",
    "markdown", "markup", "matlab", "mathematica", "mermaid", "nix", "notion formula",
    "objective-c", "ocaml", "pascal", "perl", "php", "plain text", "powershell", "prolog",
    "protobuf", "purescript", "python", "r", "racket", "reason", "ruby", "rust", "sass",
    "scala", "scheme", "scss", "shell", "smalltalk", "solidity", "sql", "swift", "toml",
    "typescript", "vb.net", "verilog", "vhdl", "visual basic", "webassembly", "xml", "yaml",
    "java/c/c++/c#",
)  # fmt: skip

#: Response annotations of a rich-text item that sets none, in Notion's key order.
DEFAULT_ANNOTATIONS: Final[Mapping[str, Any]] = {
    "bold": False,
    "italic": False,
    "strikethrough": False,
    "underline": False,
    "code": False,
    "color": "default",
}

MEDIA_TYPES: Final = frozenset({"image", "video", "pdf", "file", "audio"})
HEADING_TYPES: Final = frozenset({"heading_1", "heading_2", "heading_3", "heading_4"})
#: Keys that name where a media block's file lives (``file_upload`` is turned into ``file``
#: when the block is read back).
MEDIA_SOURCES: Final = ("external", "file", "file_upload")
#: Keys of a ``link_to_page`` payload that name its target.
LINK_TARGETS: Final = ("page_id", "database_id", "comment_id")

# What a block may hold (BlockType.children).
NONE: Final = "none"  #: no children
ANY: Final = "any"  #: any block except ``column`` and ``table_row``
TOGGLEABLE: Final = "toggleable"  #: like ANY, only when ``is_toggleable`` is true (headings)
COLUMNS: Final = "columns"  #: ``column`` blocks only (``column_list``)
ROWS: Final = "rows"  #: ``table_row`` blocks only, ``table_width`` cells each (``table``)
TAB_ITEMS: Final = "tab_items"  #: ``paragraph`` blocks only (``tab``)

#: The only child type a parent of this kind accepts.
ONLY_CHILD: Final[Mapping[str, str]] = {
    COLUMNS: "column",
    ROWS: "table_row",
    TAB_ITEMS: "paragraph",
}
#: Child types that need one specific parent type.
PARENT_OF: Final[Mapping[str, str]] = {"column": "column_list", "table_row": "table"}


class _Omit:
    """Marks a response key that has no default: present only when the request gave it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Final = _Omit()
#: Response-layout markers: where a media block's ``type`` + source object, or a
#: ``link_to_page`` block's ``type`` + target id, go.
SOURCE: Final = "<source>"
TARGET: Final = "<target>"
#: Response-layout marker: the payload is kept as given (types the API only ever returns).
AS_IS: Final = "<as-is>"

Fields = tuple[tuple[str, bool], ...]
#: A response payload layout: (key or marker, default) pairs in Notion's key order.
Layout = tuple[tuple[str, Any], ...]

_TEXT: Final[Fields] = (("rich_text", True), ("color", False))
_HEADING: Final[Fields] = (("rich_text", True), ("color", False), ("is_toggleable", False))
_MEDIA_UPDATE: Final[Fields] = (("caption", False), ("external", False), ("file_upload", False))
_TEXT_RESPONSE: Final[Layout] = (("rich_text", []), ("color", "default"))
_HEADING_RESPONSE: Final[Layout] = (
    ("rich_text", []),
    ("is_toggleable", False),
    ("color", "default"),
)
_URL_RESPONSE: Final[Layout] = (("caption", []), ("url", ""))
_MEDIA_RESPONSE: Final[Layout] = (("caption", []), (SOURCE, None))


@dataclass(frozen=True, slots=True)
class BlockType:
    """What Notion knows about one block type.

    ``fields`` and ``update`` list the payload keys a create / update request may carry, each
    with whether it is required (``children`` excluded: see ``children``); ``update`` is None
    when the type cannot be updated through the API. ``response`` lists the response payload's
    keys in Notion's order with their defaults (:data:`OMIT`: no default; :data:`SOURCE`,
    :data:`TARGET`, :data:`AS_IS`: layout markers). ``shape`` is ``"object"``, ``"media"`` (one
    of ``external`` / ``file_upload``) or ``"link"`` (one of :data:`LINK_TARGETS`).
    """

    name: str
    creatable: bool = False
    #: The deepest request level (0, 1, 2) the type may appear at.
    max_level: int = 2
    fields: Fields = ()
    update: Fields | None = None
    response: Layout = ()
    children: str = NONE
    #: Whether a create request must carry ``children`` (where children are allowed at all).
    children_required: bool = False
    shape: str = "object"


def _text_type(name: str, **extra: Any) -> BlockType:
    options: dict[str, Any] = {
        "creatable": True,
        "fields": _TEXT,
        "update": _TEXT,
        "response": _TEXT_RESPONSE,
        "children": ANY,
    }
    options.update(extra)
    return BlockType(name, **options)


def _media_type(name: str, *, named: bool = False) -> BlockType:
    fields: Fields = (("caption", False), ("name", False)) if named else (("caption", False),)
    update: Fields = (*_MEDIA_UPDATE, ("name", False)) if named else _MEDIA_UPDATE
    response = (*_MEDIA_RESPONSE, ("name", OMIT)) if named else _MEDIA_RESPONSE
    return BlockType(
        name, creatable=True, fields=fields, update=update, response=response, shape="media"
    )


def _heading(name: str) -> BlockType:
    return BlockType(
        name,
        creatable=True,
        fields=_HEADING,
        update=_HEADING,
        response=_HEADING_RESPONSE,
        children=TOGGLEABLE,
    )


def _url_type(name: str) -> BlockType:
    return BlockType(
        name,
        creatable=True,
        fields=(("url", True), ("caption", False)),
        update=(("url", False), ("caption", False)),
        response=_URL_RESPONSE,
    )


#: Every block type, creatable ones first in the order of the SDK's ``BlockObjectRequest``
#: (the order Notion lists them in a "Fix one:" message).
BLOCK_TYPES: Final[Mapping[str, BlockType]] = {
    t.name: t
    for t in (
        _url_type("embed"),
        _url_type("bookmark"),
        _media_type("image"),
        _media_type("video"),
        _media_type("pdf"),
        _media_type("file", named=True),
        _media_type("audio"),
        BlockType(
            "code",
            creatable=True,
            fields=(("rich_text", True), ("language", True), ("caption", False)),
            update=(("rich_text", False), ("language", False), ("caption", False)),
            response=(("caption", []), ("rich_text", []), ("language", "plain text")),
        ),
        BlockType(
            "equation",
            creatable=True,
            fields=(("expression", True),),
            update=(("expression", True),),
            response=(("expression", ""),),
        ),
        BlockType("divider", creatable=True, update=()),
        BlockType("breadcrumb", creatable=True, update=()),
        BlockType("tab", creatable=True, update=(), children=TAB_ITEMS, children_required=True),
        BlockType(
            "table_of_contents",
            creatable=True,
            fields=(("color", False),),
            update=(("color", False),),
            response=(("color", "default"),),
        ),
        BlockType(
            "link_to_page", creatable=True, update=(), response=((TARGET, None),), shape="link"
        ),
        BlockType(
            "table_row",
            creatable=True,
            fields=(("cells", True),),
            update=(("cells", True),),
            response=(("cells", []),),
        ),
        BlockType(
            "table",
            creatable=True,
            max_level=1,
            fields=(
                ("table_width", True),
                ("has_column_header", False),
                ("has_row_header", False),
            ),
            update=(("has_column_header", False), ("has_row_header", False)),
            response=(
                ("table_width", OMIT),
                ("has_column_header", False),
                ("has_row_header", False),
            ),
            children=ROWS,
            children_required=True,
        ),
        BlockType(
            "column_list", creatable=True, max_level=0, children=COLUMNS, children_required=True
        ),
        BlockType(
            "column",
            creatable=True,
            max_level=0,
            fields=(("width_ratio", False),),
            update=(("width_ratio", False),),
            response=(("width_ratio", OMIT),),
            children=ANY,
            children_required=True,
        ),
        _heading("heading_1"),
        _heading("heading_2"),
        _heading("heading_3"),
        _heading("heading_4"),
        _text_type(
            "paragraph",
            fields=(("rich_text", True), ("color", False), ("icon", False)),
            update=(("rich_text", False), ("icon", False), ("color", False)),
            response=(("rich_text", []), ("icon", None), ("color", "default")),
        ),
        _text_type("bulleted_list_item"),
        _text_type("numbered_list_item"),
        _text_type("quote"),
        _text_type(
            "to_do",
            fields=(("rich_text", True), ("color", False), ("checked", False)),
            update=(("rich_text", False), ("checked", False), ("color", False)),
            response=(("rich_text", []), ("checked", False), ("color", "default")),
        ),
        _text_type("toggle"),
        _text_type(
            "template",
            fields=(("rich_text", True),),
            update=(("rich_text", True),),
            response=(("rich_text", []),),
        ),
        _text_type(
            "callout",
            fields=(("rich_text", True), ("color", False), ("icon", False)),
            update=(("rich_text", False), ("icon", False), ("color", False)),
            response=(("rich_text", []), ("icon", None), ("color", "default")),
        ),
        BlockType(
            "synced_block",
            creatable=True,
            fields=(("synced_from", True),),
            update=(("synced_from", True),),
            response=(("synced_from", None),),
            children=ANY,
        ),
        # Read-only types: the API returns them but cannot create them.
        BlockType("child_page", max_level=-1, response=(("title", ""),), children=ANY),
        BlockType("child_database", max_level=-1, response=(("title", ""),)),
        BlockType("link_preview", max_level=-1, response=(("url", ""),)),
        BlockType("meeting_notes", max_level=-1, response=((AS_IS, None),)),
        BlockType("transcription", max_level=-1, response=((AS_IS, None),)),
        BlockType("unsupported", max_level=-1, response=(("block_type", "unsupported"),)),
    )
}

#: Block types a request may create, in "Fix one:" order.
CREATABLE_TYPES: Final = tuple(name for name, t in BLOCK_TYPES.items() if t.creatable)

#: ``transcription`` is called ``meeting_notes`` from this version on.
MEETING_NOTES_VERSION: Final = "2026-03-11"


def block_type_name(block_type: str, version: str) -> str:
    """The name a version uses for a block type (``transcription`` <-> ``meeting_notes``)."""
    if block_type in ("transcription", "meeting_notes"):
        return "meeting_notes" if version >= MEETING_NOTES_VERSION else "transcription"
    return block_type


def can_hold_children(block_type: str, payload: Mapping[str, Any]) -> bool:
    """Whether a block of this type (with this response payload) may have children."""
    spec = BLOCK_TYPES.get(block_type)
    if spec is None or spec.children == NONE:
        return False
    return spec.children != TOGGLEABLE or payload.get("is_toggleable") is True


def request_block_type(block: Mapping[str, Any]) -> str:
    """The type of a block request object: its ``type``, else its first block-type key.

    Returns ``""`` when the object names no known block type (it cannot pass validation).
    """
    declared = block.get("type")
    if isinstance(declared, str) and declared in block:
        return declared
    for key in block:
        if key in BLOCK_TYPES:
            return key
    return ""


def split_request_block(
    block: Mapping[str, Any],
) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """A validated block request object as (type, payload without ``children``, children)."""
    block_type = request_block_type(block)
    payload = block.get(block_type)
    if not isinstance(payload, dict):
        return block_type, {}, []
    rest = {k: v for k, v in payload.items() if k != "children"}
    children = payload.get("children")
    return block_type, rest, children if isinstance(children, list) else []


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


def _mention_date(value: Any, _: MentionTitle | None) -> tuple[Any, str, str | None]:
    date = value if isinstance(value, Mapping) else {}
    start, end = date.get("start", ""), date.get("end")
    out = {"start": start, "end": end, "time_zone": date.get("time_zone")}
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
    ``start → end``. Ids come back dashed. ``plain_text`` / ``href`` sent in a request are
    ignored and recomputed, so normalizing a response again changes nothing.
    """
    return [_rich_text_item(item, mention_title) for item in items]


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
