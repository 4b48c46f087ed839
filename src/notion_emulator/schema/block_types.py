"""Notion's block types as data: the one table of what the emulator knows about each type.

:data:`BLOCK_TYPES` says which keys a create or update request may carry in the payload, what
the response payload looks like (key order and defaults, as in the recorded real responses),
whether the block may hold children and which, and whether the API can create it at all.
:mod:`notion_emulator.schema.block_requests` builds its request schemas from this table;
:mod:`notion_emulator.normalize` turns an already validated request payload into the stored
response form with it.

Request levels (from the official SDK's generated request types): a create request's top-level
blocks are level 0, their ``children`` level 1, and those children's ``children`` level 2, which
may carry no ``children`` at all. ``column_list`` and ``column`` appear only at level 0 (the
columns of a ``column_list`` do not use up a level), ``table`` at level 0 or 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from notion_emulator.schema.vocabularies import LATEST_VERSION

MEDIA_TYPES: Final = frozenset({"image", "video", "pdf", "file", "audio"})
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


def block_type_name(block_type: str, version: str) -> str:
    """The name a version uses for a block type (``transcription`` <-> ``meeting_notes``)."""
    if block_type in ("transcription", "meeting_notes"):
        return "meeting_notes" if version >= LATEST_VERSION else "transcription"
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
