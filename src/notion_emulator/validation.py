"""Validation of block, rich-text, icon and cover requests, with Notion's exact messages.

Pure functions: no I/O. Each raises :class:`~notion_emulator.errors.ValidationError` (400
``validation_error``) and nothing else, whatever it is given.

How Notion words a failure, and so how these functions do::

    body failed validation: <path> <expectation>.
    body failed validation. Fix one:
    <path> <expectation>.
    <path> <expectation>.

``<expectation>`` is one of ``should be defined, instead was `undefined```, ``should be not
present, instead was `<value>```, ``should be an object|an array|a string|a boolean|a number``,
``should be ≤ `<n>```, ``should be `"a"`, `"b"`, or `"c"```, ``should be a valid uuid``, ...
Values are quoted as JSON between backticks, except that non-empty arrays and objects are
abbreviated to ``[...]`` and ``{...}`` (empty ones read ``[]`` and ``{}``) and whole floats
print as integers, as JavaScript prints them. String lengths are counted as JavaScript counts
them (UTF-16 code units: an emoji outside the BMP counts 2).

The request schemas are built once, at import, from :data:`notion_emulator.blocks.BLOCK_TYPES`
(which keys each type takes) and the field table :data:`FIELD_SPECS` (what each key holds), as
a small tree of spec objects. Objects check their required keys, then their known keys in
order, then reject unknown keys; the first failure wins. A union (a block, a rich-text item, an
icon, a mention) tries the alternative its keys point at first and, only when that fails, all
of them: the alternatives that failed deepest are reported, one as a plain message, several as
Notion's "Fix one:" list. So a paragraph nested too deep reads as one precise message, and a
block naming no known type lists every type it could have been, as Notion does.

Rules that are not about shape (a table row's cell count, a heading that holds children, the
1,000-block total) run after the shape check of the object they concern.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any, Final

from notion_emulator.blocks import (
    ANY,
    API_COLORS,
    BLOCK_TYPES,
    CODE_LANGUAGES,
    COLUMNS,
    CREATABLE_TYPES,
    LINK_TARGETS,
    NONE,
    NOTICON_COLORS,
    ONLY_CHILD,
    PARENT_OF,
    ROWS,
    TAB_ITEMS,
    TOGGLEABLE,
    BlockType,
    request_block_type,
)
from notion_emulator.errors import ValidationError, body_failed

#: The version that drops ``archived`` (for ``in_trash``) and the append ``after`` key.
LATEST_VERSION: Final = "2026-03-11"
MAX_ARRAY: Final = 100
MAX_TEXT: Final = 2000
MAX_URL: Final = 2000
MAX_EQUATION: Final = 1000
MAX_BLOCKS: Final = 1000
#: Tolerance for ``width_ratio`` values summing to 1.
RATIO_TOLERANCE: Final = 1e-6
CELLS_MISMATCH: Final = (
    "Number of cells in table row must match the table width of the parent table."
)
#: a text link Notion cannot use, worded as Notion words it (one line per refused link in
#: the real API; the emulator stops at the first one).
INVALID_LINK: Final = "Content creation Failed. Fix the following: \nInvalid URL for link."

_UNDEFINED: Final = object()


# -- messages -------------------------------------------------------------------------------


def describe(value: Any) -> str:
    """A value as Notion quotes it in messages (without the backticks)."""
    if value is _UNDEFINED:
        return "undefined"
    if isinstance(value, list):
        return "[...]" if value else "[]"
    if isinstance(value, dict):
        return "{...}" if value else "{}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return json.dumps(repr(value), ensure_ascii=False)


def js_length(text: str) -> int:
    """The length JavaScript gives a string: UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _choices(values: Sequence[str], optional: bool) -> str:
    """```"a"`, `"b"`, or `"c"``` (with `` `undefined` `` last when the key is optional)."""
    items = [f"`{json.dumps(v, ensure_ascii=False)}`" for v in values]
    if optional:
        items.append("`undefined`")
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + ", or " + items[-1]


class _Fail(Exception):
    """A shape failure: alternative ``(path, expectation)`` pairs, all at one depth."""

    def __init__(self, errors: list[tuple[str, str]], depth: int) -> None:
        super().__init__(errors)
        self.errors = errors
        self.depth = depth


def _fail(path: str, expectation: str) -> _Fail:
    return _Fail([(path, expectation)], path.count(".") + path.count("["))


def _was(expectation: str, value: Any) -> str:
    return f"{expectation}, instead was `{describe(value)}`"


def _error(failure: _Fail) -> ValidationError:
    """The ValidationError Notion sends for a shape failure."""
    first = failure.errors[0][0]
    root = re.split(r"[.\[]", first, maxsplit=1)[0]
    if len(failure.errors) == 1:
        path, expectation = failure.errors[0]
        if root == "body":
            return body_failed(path, expectation)
        return ValidationError(f"{root} failed validation: {path} {expectation}.")
    lines = "\n".join(f"{path} {expectation}." for path, expectation in failure.errors)
    return ValidationError(f"{root} failed validation. Fix one:\n{lines}")


def _run(spec: _Spec, value: Any, path: str) -> None:
    try:
        spec.check(value, path)
    except _Fail as failure:
        raise _error(failure) from None


# -- specs ------------------------------------------------------------------------------------


class _Spec:
    """What one JSON value must look like."""

    __slots__ = ()

    def check(self, value: Any, path: str) -> None:
        """Raise :class:`_Fail` (shape) or ValidationError (rule) when ``value`` is wrong."""
        raise NotImplementedError


_UUID_RE: Final = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)
_DATE_RE: Final = re.compile(
    r"(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?"
)


def _is_uuid(text: str) -> bool:
    return _UUID_RE.fullmatch(text) is not None


def _is_iso_date(text: str) -> bool:
    found = _DATE_RE.fullmatch(text)
    if found is None:
        return False
    try:
        date.fromisoformat(found.group(1))
    except ValueError:
        return False
    return True


#: String formats: name -> (test, what the message says it should be).
_FORMATS: Final[Mapping[str, tuple[Callable[[str], bool], str]]] = {
    "uuid": (_is_uuid, "a valid uuid"),
    "date": (_is_iso_date, "a valid ISO 8601 date string"),
}


class _String(_Spec):
    __slots__ = ("fmt", "max_len", "min_len")

    def __init__(self, *, min_len: int = 0, max_len: int | None = None, fmt: str = "") -> None:
        self.min_len = min_len
        self.max_len = max_len
        self.fmt = fmt

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, str):
            raise _fail(path, _was("should be a string", value))
        if self.max_len is not None or self.min_len:
            length = js_length(value)
            if self.max_len is not None and length > self.max_len:
                raise _fail(
                    f"{path}.length", f"should be ≤ `{self.max_len}`, instead was `{length}`"
                )
            if length < self.min_len:
                raise _fail(
                    f"{path}.length", f"should be ≥ `{self.min_len}`, instead was `{length}`"
                )
        if self.fmt:
            test, what = _FORMATS[self.fmt]
            if not test(value):
                raise _fail(path, _was(f"should be {what}", value))


class _Bool(_Spec):
    __slots__ = ()

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, bool):
            raise _fail(path, _was("should be a boolean", value))


class _Number(_Spec):
    """A number; ``integer``, ``minimum`` (≥) and an open interval (``above``, ``below``)."""

    __slots__ = ("above", "below", "integer", "minimum")

    def __init__(
        self,
        *,
        integer: bool = False,
        minimum: float | None = None,
        above: float | None = None,
        below: float | None = None,
    ) -> None:
        self.integer = integer
        self.minimum = minimum
        self.above = above
        self.below = below

    def check(self, value: Any, path: str) -> None:
        kind = "an integer" if self.integer else "a number"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(path, _was(f"should be {kind}", value))
        if self.integer and isinstance(value, float) and not value.is_integer():
            raise _fail(path, _was(f"should be {kind}", value))
        if self.minimum is not None and not value >= self.minimum:
            raise _fail(path, _was(f"should be ≥ `{describe(self.minimum)}`", value))
        if (
            self.above is not None
            and self.below is not None
            and not (self.above < value < self.below)
        ):
            bounds = f"> `{describe(self.above)}` and < `{describe(self.below)}`"
            raise _fail(path, _was(f"should be {bounds}", value))


class _Literal(_Spec):
    """One of a few strings; ``optional`` adds `` `undefined` `` to the message."""

    __slots__ = ("optional", "shown", "values", "words")

    def __init__(self, values: Sequence[str], optional: bool = True) -> None:
        self.words = tuple(values)
        self.values = frozenset(values)
        self.optional = optional
        self.shown = _choices(self.words, optional)

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, str) or value not in self.values:
            raise _fail(path, _was(f"should be {self.shown}", value))


class _Nullable(_Spec):
    __slots__ = ("inner",)

    def __init__(self, inner: _Spec) -> None:
        self.inner = inner

    def check(self, value: Any, path: str) -> None:
        if value is not None:
            self.inner.check(value, path)


class _Array(_Spec):
    __slots__ = ("item", "max_len", "min_len")

    def __init__(self, item: _Spec, *, min_len: int = 0, max_len: int = MAX_ARRAY) -> None:
        self.item = item
        self.min_len = min_len
        self.max_len = max_len

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, list):
            raise _fail(path, _was("should be an array", value))
        length = len(value)
        if length > self.max_len:
            raise _fail(f"{path}.length", f"should be ≤ `{self.max_len}`, instead was `{length}`")
        if length < self.min_len:
            raise _fail(f"{path}.length", f"should be ≥ `{self.min_len}`, instead was `{length}`")
        item = self.item
        for index, element in enumerate(value):
            item.check(element, f"{path}[{index}]")


#: A rule run on an object once its shape passed: (object, path) -> None or raise.
Rule = Callable[[dict[str, Any], str], None]
Field = tuple[str, _Spec, bool]


class _Object(_Spec):
    """Known keys (each with whether it is required), no others, then optional rules."""

    __slots__ = ("fields", "names", "required", "rules")

    def __init__(self, fields: Sequence[Field], rules: Sequence[Rule] = ()) -> None:
        self.fields = tuple((name, spec) for name, spec, _ in fields)
        self.required = tuple(name for name, _, required in fields if required)
        self.names = frozenset(name for name, _, _ in fields)
        self.rules = tuple(rules)

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise _fail(path, _was("should be an object", value))
        for name in self.required:
            if name not in value:
                raise _fail(f"{path}.{name}", "should be defined, instead was `undefined`")
        for name, spec in self.fields:
            if name in value:
                spec.check(value[name], f"{path}.{name}")
        names = self.names
        for key, element in value.items():
            if key not in names:
                raise _fail(f"{path}.{key}", _was("should be not present", element))
        for rule in self.rules:
            rule(value, path)


class _Union(_Spec):
    """Alternatives named by a tag: the key (or ``type`` value) that picks them."""

    __slots__ = ("index", "variants")

    def __init__(self, variants: Sequence[tuple[str, _Spec]]) -> None:
        self.variants = tuple(spec for _, spec in variants)
        self.index = {tag: position for position, (tag, _) in enumerate(variants)}

    def _hint(self, value: Any) -> int:
        if not isinstance(value, dict):
            return -1
        declared = value.get("type")
        if isinstance(declared, str) and declared in self.index:
            return self.index[declared]
        for key in value:
            position = self.index.get(key)
            if position is not None:
                return position
        return -1

    def check(self, value: Any, path: str) -> None:
        first = self._hint(value)
        failures: list[_Fail] = []
        if first >= 0:
            try:
                self.variants[first].check(value, path)
                return
            except _Fail as failure:
                failures.append(failure)
        for position, spec in enumerate(self.variants):
            if position == first:
                continue
            try:
                spec.check(value, path)
                return
            except _Fail as failure:
                failures.append(failure)
        if first > 0:  # report in declaration order
            failures.insert(first, failures.pop(0))
        raise _merge(failures)


def _merge(failures: Sequence[_Fail]) -> _Fail:
    """The deepest failures of a union's alternatives, without repeats."""
    depth = max(failure.depth for failure in failures)
    seen: set[tuple[str, str]] = set()
    errors: list[tuple[str, str]] = []
    for failure in failures:
        if failure.depth != depth:
            continue
        for error in failure.errors:
            if error not in seen:
                seen.add(error)
                errors.append(error)
    return _Fail(errors, depth)


def _tagged(tag: str, inner: _Spec, *extra: Field, rules: Sequence[Rule] = ()) -> _Object:
    """``{tag: inner, type?: tag, ...extra}``: one alternative of a Notion union."""
    return _Object([(tag, inner, True), ("type", _Literal((tag,)), False), *extra], rules)


# -- rich text ------------------------------------------------------------------------------

_BOOL: Final = _Bool()
_ID: Final = _String(fmt="uuid")
_URL: Final = _String(min_len=1, max_len=MAX_URL)
_COLOR: Final = _Literal(API_COLORS)


def _is_link_url(url: str) -> bool:
    """What Notion accepts as a text link: an absolute http(s) URL with a host, or a
    ``mailto:`` URL with something after the colon; no white space in either.

    Anything else is refused with :data:`INVALID_LINK`: a relative path or ``#anchor``, an
    empty ``mailto:``, and other schemes (``javascript:``, ``file:``, ``zotero:`` — the last
    one reported refused by Notion in public issue trackers; ``tel:`` is refused here for want
    of evidence either way).
    """
    if any(c.isspace() for c in url):
        return False
    scheme, colon, rest = url.partition(":")
    scheme = scheme.lower()
    if not colon:
        return False
    if scheme == "mailto":
        return bool(rest)
    if scheme not in ("http", "https") or not rest.startswith("//"):
        return False
    host = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    return bool(host)


def _link_rule(link: dict[str, Any], path: str) -> None:
    if not _is_link_url(link["url"]):
        raise ValidationError(INVALID_LINK)


_ANNOTATIONS: Final = _Object(
    [
        *(
            (name, _BOOL, False)
            for name in ("bold", "italic", "strikethrough", "underline", "code")
        ),
        ("color", _COLOR, False),
    ]
)
#: Keys every rich-text item may carry; ``plain_text`` and ``href`` are accepted (so a
#: response's rich text can be sent back) and ignored.
_ITEM_COMMON: Final[tuple[Field, ...]] = (
    ("annotations", _ANNOTATIONS, False),
    ("plain_text", _String(), False),
    ("href", _Nullable(_String()), False),
)
_TEXT: Final = _Object(
    [
        ("content", _String(max_len=MAX_TEXT), True),
        ("link", _Nullable(_Object([("url", _URL, True)], [_link_rule])), False),
    ]
)
_DATE: Final = _Object(
    [
        ("start", _String(fmt="date"), True),
        ("end", _Nullable(_String(fmt="date")), False),
        ("time_zone", _Nullable(_String()), False),
    ]
)
_CUSTOM_EMOJI: Final = _Object(
    [("id", _ID, True), ("name", _String(), False), ("url", _String(), False)]
)
_USER: Final = _Object([("id", _ID, True), ("object", _Literal(("user",)), False)])
_TEMPLATE_MENTION: Final = _Union(
    [
        (tag, _tagged(tag, _Literal(words, False)))
        for tag, words in (
            ("template_mention_date", ("today", "now")),
            ("template_mention_user", ("me",)),
        )
    ]
)
_MENTION: Final = _Union(
    [
        ("user", _tagged("user", _USER)),
        ("date", _tagged("date", _DATE)),
        ("page", _tagged("page", _Object([("id", _ID, True)]))),
        ("database", _tagged("database", _Object([("id", _ID, True)]))),
        ("template_mention", _tagged("template_mention", _TEMPLATE_MENTION)),
        ("custom_emoji", _tagged("custom_emoji", _CUSTOM_EMOJI)),
    ]
)
_RICH_TEXT_ITEM: Final = _Union(
    [
        ("text", _tagged("text", _TEXT, *_ITEM_COMMON)),
        ("mention", _tagged("mention", _MENTION, *_ITEM_COMMON)),
        (
            "equation",
            _tagged(
                "equation",
                _Object([("expression", _String(max_len=MAX_EQUATION), True)]),
                *_ITEM_COMMON,
            ),
        ),
    ]
)
RICH_TEXT: Final = _Array(_RICH_TEXT_ITEM)


# -- icons and covers -----------------------------------------------------------------------

_EXTERNAL: Final = _Object([("url", _URL, True)])
_FILE_UPLOAD: Final = _Object([("id", _ID, True)])
_ICON_VARIANTS: Final = {
    "emoji": _tagged("emoji", _String(min_len=1)),
    "external": _tagged("external", _EXTERNAL),
    "file_upload": _tagged("file_upload", _FILE_UPLOAD),
    "custom_emoji": _tagged("custom_emoji", _CUSTOM_EMOJI),
    "icon": _tagged(
        "icon",
        _Object([("name", _String(min_len=1), True), ("color", _Literal(NOTICON_COLORS), False)]),
    ),
}
#: Page and database icons (null clears them).
PAGE_ICON: Final = _Nullable(_Union(list(_ICON_VARIANTS.items())))
#: Callout and paragraph icons: every kind but ``file_upload``, which Notion's documentation
#: says block icons do not take on write.
BLOCK_ICON: Final = _Union([(k, v) for k, v in _ICON_VARIANTS.items() if k != "file_upload"])
PAGE_COVER: Final = _Nullable(
    _Union(
        [
            ("external", _tagged("external", _EXTERNAL)),
            ("file_upload", _tagged("file_upload", _FILE_UPLOAD)),
        ]
    )
)


# -- blocks ---------------------------------------------------------------------------------

#: What each block payload key holds (``children`` is built per type and level).
FIELD_SPECS: Final[Mapping[str, _Spec]] = {
    "rich_text": RICH_TEXT,
    "caption": RICH_TEXT,
    "color": _COLOR,
    "icon": BLOCK_ICON,
    "is_toggleable": _BOOL,
    "checked": _BOOL,
    "language": _Literal(CODE_LANGUAGES),
    "expression": _String(),
    "url": _URL,
    "cells": _Array(RICH_TEXT),
    "table_width": _Number(integer=True, minimum=1),
    "has_column_header": _BOOL,
    "has_row_header": _BOOL,
    "width_ratio": _Number(above=0, below=1),
    "synced_from": _Nullable(
        _Object([("block_id", _ID, True), ("type", _Literal(("block_id",)), False)])
    ),
    "name": _String(min_len=1, max_len=100),
    "external": _EXTERNAL,
    "file_upload": _FILE_UPLOAD,
}
#: Minimum number of children where a type requires some.
_MIN_CHILDREN: Final[Mapping[str, int]] = {"column_list": 2, "column": 1, "table": 1}


def _field(name: str, required: bool) -> Field:
    """A payload key's spec; an enum's message lists `` `undefined` `` only when optional."""
    spec = FIELD_SPECS[name]
    if isinstance(spec, _Literal) and spec.optional == required:
        spec = _Literal(spec.words, not required)
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
            raise body_failed(
                f"{path}[{index}].{only}", "should be defined, instead was `undefined`"
            )
        if only is None and child_type in PARENT_OF:
            raise body_failed(
                f"{path}[{index}].{child_type}", _was("should be not present", child[child_type])
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
        raise _fail(
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
            shown = payload.get("is_toggleable", _UNDEFINED)
            raise _fail(f"{path}.is_toggleable", _was("should be `true`", shown))
        _check_child_kinds(block.children, payload, children, f"{path}.children")

    return rule


def _children_spec(block: BlockType, level: int) -> _Spec | None:
    """The ``children`` array of a payload at ``level``, or None where none is allowed."""
    if level >= 2 or block.children == NONE:
        return None
    minimum = _MIN_CHILDREN.get(block.name, 0)
    if block.children == COLUMNS:
        item: _Spec = block_object("column", level)
    elif block.children == ROWS:
        item = block_object("table_row", 2)
    elif block.children == TAB_ITEMS:
        item = block_object("paragraph", level + 1)
    else:
        item = block_union(level + 1)
    return _Array(item, min_len=minimum)


@cache
def payload_spec(block_type: str, level: int) -> _Spec:
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
        return _Union(
            [
                ("external", _tagged("external", _EXTERNAL, *fields)),
                ("file_upload", _tagged("file_upload", _FILE_UPLOAD, *fields)),
            ]
        )
    if block.shape == "link":
        return _Union([(target, _tagged(target, _ID)) for target in LINK_TARGETS])
    return _Object(fields, rules)


@cache
def block_object(block_type: str, level: int) -> _Spec:
    """``{<type>: payload, type?: <type>, object?: "block"}`` at one nesting level."""
    return _Object(
        [
            (block_type, payload_spec(block_type, level), True),
            ("type", _Literal((block_type,)), False),
            ("object", _Literal(("block",)), False),
        ]
    )


@cache
def block_union(level: int) -> _Spec:
    """Any block a request may carry at this nesting level."""
    return _Union(
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


class _BlockTree(_Spec):
    """A request's top-level ``children``: at most 100 blocks, 1,000 block elements in all."""

    __slots__ = ("array",)

    def __init__(self) -> None:
        self.array = _Array(block_union(0))

    def check(self, value: Any, path: str) -> None:
        self.array.check(value, path)
        total = count_blocks(value)
        if total > MAX_BLOCKS:
            raise _fail(
                path,
                f"should have ≤ `{MAX_BLOCKS}` block elements in total, instead was `{total}`",
            )


_BLOCK_TREE: Final = _BlockTree()


# -- public API -----------------------------------------------------------------------------


def validate_rich_text(value: Any, path: str) -> None:
    """A rich-text array (block text, captions, page titles, comments) at ``path``."""
    _run(RICH_TEXT, value, path)


def validate_icon(value: Any, path: str) -> None:
    """A page or database icon: emoji, external, file_upload, custom_emoji, icon, or null."""
    _run(PAGE_ICON, value, path)


def validate_cover(value: Any, path: str) -> None:
    """A page or database cover: external, file_upload, or null."""
    _run(PAGE_COVER, value, path)


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
    _run(_BLOCK_TREE, children, path)
    return count_blocks(children)


def _append_rule(body: dict[str, Any], path: str) -> None:
    if "after" in body and "position" in body:
        raise _fail(
            f"{path}.after",
            _was(f"should be not present when {path}.position is defined", body["after"]),
        )


_POSITION: Final = _Union(
    [
        (
            "after_block",
            _Object(
                [
                    ("type", _Literal(("after_block",), False), True),
                    ("after_block", _Object([("id", _ID, True)]), True),
                ]
            ),
        ),
        ("start", _Object([("type", _Literal(("start",), False), True)])),
        ("end", _Object([("type", _Literal(("end",), False), True)])),
    ]
)
_APPEND_BODY: Final[Mapping[bool, _Spec]] = {
    latest: _Object(
        [
            ("children", _BLOCK_TREE, True),
            ("position", _POSITION, False),
            *([] if latest else [("after", _ID, False)]),
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
    _run(_APPEND_BODY[version >= LATEST_VERSION], body, "body")


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


@cache
def _update_spec(block_type: str, latest: bool) -> _Spec:
    block = BLOCK_TYPES.get(block_type)
    fields: list[Field] = []
    if block is not None and block.update is not None:
        if block.shape == "link":
            payload = payload_spec(block_type, 2)
        else:
            payload = _Object([_field(name, required) for name, required in block.update])
        fields.append((block_type, payload, False))
    fields.append(("type", _Literal((block_type,)), False))
    fields.append(("in_trash", _BOOL, False))
    if not latest:
        fields.append(("archived", _BOOL, False))
    return _Object(fields)


def validate_block_update(block_type: str, body: Any, version: str) -> None:
    """The body of ``PATCH /v1/blocks/{id}`` for a block of ``block_type``.

    The block's own type key with the fields that type may update (``table_width`` may not
    change; media may switch source; ``children`` are appended, not updated), ``type``
    (that same type), ``in_trash`` and, before 2026-03-11, ``archived``.
    """
    _run(_update_spec(block_type, version >= LATEST_VERSION), body, "body")
