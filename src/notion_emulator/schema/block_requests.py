"""Request schemas of blocks, built from the block-type table, and the checks the routes call.

The schemas are built once, at import, from :data:`~notion_emulator.schema.block_types.BLOCK_TYPES`
(which keys each type takes) and the field table :data:`FIELD_SPECS` (what each key holds),
for each nesting level a request may use. Rules that are not about shape (a table row's cell
count, a heading that holds children, the 1,000-block total) run after the shape check of the
object they concern.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.schema.block_types import (
    ANY,
    BLOCK_TYPES,
    COLUMNS,
    CREATABLE_TYPES,
    LINK_TARGETS,
    NONE,
    ONLY_CHILD,
    PARENT_OF,
    ROWS,
    TAB_ITEMS,
    TOGGLEABLE,
    BlockType,
    request_block_type,
)
from notion_emulator.schema.limits import MAX_BLOCKS
from notion_emulator.schema.messages import (
    CELLS_MISMATCH,
    MISSING,
    UNDEFINED,
    body_failed,
    describe,
    was,
)
from notion_emulator.schema.rich_text import (
    BLOCK_ICON,
    COLOR,
    EXTERNAL,
    FILE_UPLOAD,
    RICH_TEXT,
    URL,
)
from notion_emulator.schema.specs import (
    BOOL,
    ID,
    Array,
    Field,
    Literal,
    Nullable,
    Number,
    Object,
    Rule,
    Spec,
    String,
    Union,
    fail,
    run,
    tagged,
)
from notion_emulator.schema.vocabularies import CODE_LANGUAGES, LATEST_VERSION

#: Tolerance for ``width_ratio`` values summing to 1.
RATIO_TOLERANCE: Final = 1e-6

# -- blocks ---------------------------------------------------------------------------------

#: What each block payload key holds (``children`` is built per type and level).
FIELD_SPECS: Final[Mapping[str, Spec]] = {
    "rich_text": RICH_TEXT,
    "caption": RICH_TEXT,
    "color": COLOR,
    "icon": BLOCK_ICON,
    "is_toggleable": BOOL,
    "checked": BOOL,
    "language": Literal(CODE_LANGUAGES),
    "expression": String(),
    "url": URL,
    "cells": Array(RICH_TEXT),
    "table_width": Number(integer=True, minimum=1),
    "has_column_header": BOOL,
    "has_row_header": BOOL,
    "width_ratio": Number(above=0, below=1),
    "synced_from": Nullable(
        Object([("block_id", ID, True), ("type", Literal(("block_id",)), False)])
    ),
    "name": String(min_len=1, max_len=100),
    "external": EXTERNAL,
    "file_upload": FILE_UPLOAD,
}
#: Minimum number of children where a type requires some (a column may be created empty:
#: Notion answers ``"children": []`` with an empty column).
_MIN_CHILDREN: Final[Mapping[str, int]] = {"column_list": 2, "table": 1}


def _field(name: str, required: bool) -> Field:
    """A payload key's spec; an enum's message lists `` `undefined` `` only when optional."""
    spec = FIELD_SPECS[name]
    if isinstance(spec, Literal) and spec.optional == required:
        spec = Literal(spec.words, not required)
    return name, spec, required


def _check_child_kinds(
    kind: str, parent: Mapping[str, Any], children: Sequence[Any], path: str
) -> None:
    """Which blocks may sit under a parent of this kind (shared by create and append)."""
    only = ONLY_CHILD.get(kind)
    for index, child in enumerate(children):
        if not isinstance(child, dict):
            continue
        child_type = request_block_type(child)
        if only is not None and child_type != only:
            raise body_failed(f"{path}[{index}].{only}", MISSING)
        if only is None and child_type in PARENT_OF:
            raise body_failed(
                f"{path}[{index}].{child_type}", was("should be not present", child[child_type])
            )
        if kind == ROWS:
            row = child.get("table_row")
            cells = row.get("cells") if isinstance(row, dict) else None
            if not isinstance(cells, list) or len(cells) != parent.get("table_width"):
                raise ValidationError(CELLS_MISMATCH)


def _width_ratio_rule(payload: dict[str, Any], path: str) -> None:
    """Given ``width_ratio`` values of one ``column_list`` sum to 1 (below 1 if some are not)."""
    ratios = [column.get("column", {}).get("width_ratio") for column in payload["children"]]
    given = [ratio for ratio in ratios if ratio is not None]
    if not given:
        return
    total = sum(given)
    if len(given) == len(ratios):
        wrong = abs(total - 1) > RATIO_TOLERANCE
    else:
        wrong = total >= 1 - RATIO_TOLERANCE
    if wrong:
        shown = describe(round(total, 9))
        raise fail(
            f"{path}.children",
            f"should have width_ratio values summing to `1`, instead was `{shown}`",
        )


def _children_rule(block: BlockType) -> Rule:
    """Rules on a payload's own ``children``: toggleable headings, child kinds, table width."""

    def rule(payload: dict[str, Any], path: str) -> None:
        children = payload.get("children")
        if not children:
            return
        if block.children == TOGGLEABLE and payload.get("is_toggleable") is not True:
            shown = payload.get("is_toggleable", UNDEFINED)
            raise fail(f"{path}.is_toggleable", was("should be `true`", shown))
        _check_child_kinds(block.children, payload, children, f"{path}.children")

    return rule


def _children_spec(block: BlockType, level: int) -> Spec | None:
    """The ``children`` array of a payload at ``level``, or None where none is allowed."""
    if level >= 2 or block.children == NONE:
        return None
    minimum = _MIN_CHILDREN.get(block.name, 0)
    if block.children == COLUMNS:
        item: Spec = block_object("column", level)
    elif block.children == ROWS:
        item = block_object("table_row", 2)
    elif block.children == TAB_ITEMS:
        item = block_object("paragraph", level + 1)
    else:
        item = block_union(level + 1)
    return Array(item, min_len=minimum)


@cache
def payload_spec(block_type: str, level: int) -> Spec:
    """The create-request payload of one block type at one nesting level (0, 1, 2)."""
    block = BLOCK_TYPES[block_type]
    fields = [_field(name, required) for name, required in block.fields]
    rules: list[Rule] = []
    children = _children_spec(block, level)
    if children is not None:
        fields.append(("children", children, block.children_required))
        rules.append(_children_rule(block))
        if block.children == COLUMNS:
            rules.append(_width_ratio_rule)
    if block.shape == "media":
        return Union(
            [
                ("external", tagged("external", EXTERNAL, *fields)),
                ("file_upload", tagged("file_upload", FILE_UPLOAD, *fields)),
            ]
        )
    if block.shape == "link":
        return Union([(target, tagged(target, ID)) for target in LINK_TARGETS])
    return Object(fields, rules)


@cache
def block_object(block_type: str, level: int) -> Spec:
    """``{<type>: payload, type?: <type>, object?: "block"}`` at one nesting level."""
    return Object(
        [
            (block_type, payload_spec(block_type, level), True),
            ("type", Literal((block_type,)), False),
            ("object", Literal(("block",)), False),
        ]
    )


@cache
def block_union(level: int) -> Spec:
    """Any block a request may carry at this nesting level."""
    return Union(
        [
            (name, block_object(name, level))
            for name in CREATABLE_TYPES
            if BLOCK_TYPES[name].max_level >= level
        ]
    )


def count_blocks(children: Sequence[Any]) -> int:
    """Block elements in a request's tree: every element of every ``children`` array."""
    total = 0
    pending: list[Sequence[Any]] = [children]
    while pending:
        current = pending.pop()
        total += len(current)
        for block in current:
            if not isinstance(block, dict):
                continue
            payload = block.get(request_block_type(block))
            nested = payload.get("children") if isinstance(payload, dict) else None
            if isinstance(nested, list):
                pending.append(nested)
    return total


class _BlockTree(Spec):
    """A request's top-level ``children``: at most 100 blocks, 1,000 block elements in all."""

    __slots__ = ("array",)

    def __init__(self) -> None:
        self.array = Array(block_union(0))

    def check(self, value: Any, path: str) -> None:
        self.array.check(value, path)
        total = count_blocks(value)
        if total > MAX_BLOCKS:
            raise fail(
                path,
                f"should have ≤ `{MAX_BLOCKS}` block elements in total, instead was `{total}`",
            )


_BLOCK_TREE: Final = _BlockTree()


# -- public API -----------------------------------------------------------------------------


def validate_children(
    children: Any, *, path: str = "body.children", version: str = "2025-09-03"
) -> int:
    """An array of block request objects; returns how many block elements it holds.

    Checks every block's shape for its nesting level, every size limit, the in-request
    nesting rules (column_list > column > block > children; table rows only under a table
    with ``table_width`` cells; heading children only with ``is_toggleable``), and the
    1,000-element total. What the top-level blocks may sit under is
    :func:`validate_append_target`'s business. ``version`` is accepted for symmetry: the
    block request schema is the same in every supported version (``transcription`` /
    ``meeting_notes`` are not creatable under either name).
    """
    del version
    run(_BLOCK_TREE, children, path)
    return count_blocks(children)


def _append_rule(body: dict[str, Any], path: str) -> None:
    if "after" in body and "position" in body:
        raise fail(
            f"{path}.after",
            was(f"should be not present when {path}.position is defined", body["after"]),
        )


_POSITION: Final = Union(
    [
        (
            "after_block",
            Object(
                [
                    ("type", Literal(("after_block",), False), True),
                    ("after_block", Object([("id", ID, True)]), True),
                ]
            ),
        ),
        ("start", Object([("type", Literal(("start",), False), True)])),
        ("end", Object([("type", Literal(("end",), False), True)])),
    ]
)
_APPEND_BODY: Final[Mapping[bool, Spec]] = {
    latest: Object(
        [
            ("children", _BLOCK_TREE, True),
            ("position", _POSITION, False),
            *([] if latest else [("after", ID, False)]),
        ],
        [_append_rule],
    )
    for latest in (False, True)
}


def validate_append_body(body: Any, version: str) -> None:
    """The body of ``PATCH /v1/blocks/{id}/children``, children included.

    ``children`` (required, validated as by :func:`validate_children`), ``position``
    (``end`` | ``start`` | ``after_block``) and, before 2026-03-11, ``after`` (a block id; not
    together with ``position``). Nothing else.
    """
    run(_APPEND_BODY[version >= LATEST_VERSION], body, "body")


def validate_append_target(
    parent_type: str,
    parent_payload: Mapping[str, Any],
    children: Sequence[Any],
    path: str = "body.children",
) -> None:
    """Whether these (validated) blocks may be appended under a block of ``parent_type``.

    ``parent_payload`` is the parent's stored payload (``is_toggleable``, ``table_width``).
    Pages (``child_page``), text blocks, toggleable headings, columns and synced blocks take
    any block but ``column`` (only under a ``column_list``) and ``table_row`` (only under a
    ``table``, with exactly ``table_width`` cells); a ``tab`` takes paragraphs; the others
    take none: "Block type divider does not support children."
    """
    block = BLOCK_TYPES.get(parent_type)
    kind = block.children if block is not None else NONE
    if kind == TOGGLEABLE:
        kind = ANY if parent_payload.get("is_toggleable") is True else NONE
    if kind == NONE:
        raise ValidationError(f"Block type {parent_type} does not support children.")
    _check_child_kinds(kind, parent_payload, children, path)


class _NoChildren(Spec):
    """``children`` in a block update: children are appended, not updated, but Notion takes
    an empty list (a block sent back as read); anything else is refused."""

    __slots__ = ()

    def check(self, value: Any, path: str) -> None:
        if value != []:
            raise fail(path, was("should be not present", value))


@cache
def _update_spec(block_type: str, latest: bool) -> Spec:
    block = BLOCK_TYPES.get(block_type)
    fields: list[Field] = []
    if block is not None and block.update is not None:
        if block.shape == "link":
            payload = payload_spec(block_type, 2)
        else:
            updatable = [_field(name, required) for name, required in block.update]
            if block.children != NONE:
                updatable.append(("children", _NoChildren(), False))
            payload = Object(updatable)
        fields.append((block_type, payload, False))
    fields.append(("type", Literal((block_type,)), False))
    fields.append(("in_trash", BOOL, False))
    if not latest:
        fields.append(("archived", BOOL, False))
    return Object(fields)


def validate_block_update(block_type: str, body: Any, version: str) -> None:
    """The body of ``PATCH /v1/blocks/{id}`` for a block of ``block_type``.

    The block's own type key with the fields that type may update (``table_width`` may not
    change; media may switch source; ``children`` are appended, not updated: a type that holds
    children may carry ``"children": []`` and nothing more), ``type``
    (that same type), ``in_trash`` and, before 2026-03-11, ``archived``.
    """
    run(_update_spec(block_type, version >= LATEST_VERSION), body, "body")
