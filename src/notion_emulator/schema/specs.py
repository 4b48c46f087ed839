r"""The building blocks of request validation: a small tree of spec objects per request.

Each spec checks one JSON value at a path. Objects check their required keys, then their known
keys in order, then reject unknown keys; the first failure wins. A union (a block, a rich-text
item, an icon, a mention) tries the alternative its keys point at first and, only when that
fails, all of them: the alternatives that failed deepest are reported, one as a plain message,
several as Notion's "Fix one:" list. So a paragraph nested too deep reads as one precise
message, and a block naming no known type lists every type it could have been, as Notion does.

Rules that are not about shape (a table row's cell count, a heading that holds children, the
1,000-block total) run after the shape check of the object they concern, as :data:`Rule`\ s.
Pure: no I/O. :func:`run` raises :class:`~notion_emulator.errors.ValidationError` (400
``validation_error``) and nothing else, whatever it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.schema.limits import MAX_ARRAY, js_length
from notion_emulator.schema.messages import (
    MISSING,
    at_least,
    at_most,
    choices,
    describe,
    failed,
    fix_one,
    was,
)


class Fail(Exception):
    """A shape failure: alternative ``(path, expectation)`` pairs, all at one depth."""

    def __init__(self, errors: list[tuple[str, str]], depth: int) -> None:
        super().__init__(errors)
        self.errors = errors
        self.depth = depth


def fail(path: str, expectation: str) -> Fail:
    """A shape failure at ``path``, as deep as the path is long."""
    return Fail([(path, expectation)], path.count(".") + path.count("["))


def _error(failure: Fail) -> ValidationError:
    """The ValidationError Notion sends for a shape failure."""
    if len(failure.errors) == 1:
        return failed(*failure.errors[0])
    root = re.split(r"[.\[]", failure.errors[0][0], maxsplit=1)[0]
    return fix_one((f"{path} {expectation}." for path, expectation in failure.errors), root)


def run(spec: Spec, value: Any, path: str) -> None:
    """Check ``value`` at ``path``; a shape failure becomes Notion's ValidationError."""
    try:
        spec.check(value, path)
    except Fail as failure:
        raise _error(failure) from None


# -- specs ------------------------------------------------------------------------------------


class Spec:
    """What one JSON value must look like."""

    __slots__ = ()

    def check(self, value: Any, path: str) -> None:
        """Raise :class:`Fail` (shape) or ValidationError (rule) when ``value`` is wrong."""
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


class String(Spec):
    """A string: length bounds (counted as JavaScript counts) and a format (``uuid``, ``date``)."""

    __slots__ = ("fmt", "max_len", "min_len")

    def __init__(self, *, min_len: int = 0, max_len: int | None = None, fmt: str = "") -> None:
        self.min_len = min_len
        self.max_len = max_len
        self.fmt = fmt

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, str):
            raise fail(path, was("should be a string", value))
        if self.max_len is not None or self.min_len:
            length = js_length(value)
            if self.max_len is not None and length > self.max_len:
                raise fail(f"{path}.length", at_most(self.max_len, length))
            if length < self.min_len:
                raise fail(f"{path}.length", at_least(self.min_len, length))
        if self.fmt:
            test, what = _FORMATS[self.fmt]
            if not test(value):
                raise fail(path, was(f"should be {what}", value))


class Bool(Spec):
    """A boolean."""

    __slots__ = ()

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, bool):
            raise fail(path, was("should be a boolean", value))


class Number(Spec):
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
            raise fail(path, was(f"should be {kind}", value))
        if self.integer and isinstance(value, float) and not value.is_integer():
            raise fail(path, was(f"should be {kind}", value))
        if self.minimum is not None and not value >= self.minimum:
            raise fail(path, was(f"should be ≥ `{describe(self.minimum)}`", value))
        if (
            self.above is not None
            and self.below is not None
            and not (self.above < value < self.below)
        ):
            bounds = f"> `{describe(self.above)}` and < `{describe(self.below)}`"
            raise fail(path, was(f"should be {bounds}", value))


class Literal(Spec):
    """One of a few strings; ``optional`` adds `` `undefined` `` to the message."""

    __slots__ = ("optional", "shown", "values", "words")

    def __init__(self, values: Sequence[str], optional: bool = True) -> None:
        self.words = tuple(values)
        self.values = frozenset(values)
        self.optional = optional
        self.shown = choices(self.words, optional)

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, str) or value not in self.values:
            raise fail(path, was(f"should be {self.shown}", value))


class Nullable(Spec):
    """``null`` or what ``inner`` accepts."""

    __slots__ = ("inner",)

    def __init__(self, inner: Spec) -> None:
        self.inner = inner

    def check(self, value: Any, path: str) -> None:
        if value is not None:
            self.inner.check(value, path)


class Array(Spec):
    """An array of ``min_len`` to ``max_len`` items, each checked by ``item``."""

    __slots__ = ("item", "max_len", "min_len")

    def __init__(self, item: Spec, *, min_len: int = 0, max_len: int = MAX_ARRAY) -> None:
        self.item = item
        self.min_len = min_len
        self.max_len = max_len

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, list):
            raise fail(path, was("should be an array", value))
        length = len(value)
        if length > self.max_len:
            raise fail(f"{path}.length", at_most(self.max_len, length))
        if length < self.min_len:
            raise fail(f"{path}.length", at_least(self.min_len, length))
        item = self.item
        for index, element in enumerate(value):
            item.check(element, f"{path}[{index}]")


#: A rule run on an object once its shape passed: (object, path) -> None or raise.
Rule = Callable[[dict[str, Any], str], None]
Field = tuple[str, Spec, bool]


class Object(Spec):
    """Known keys (each with whether it is required), no others, then optional rules."""

    __slots__ = ("fields", "names", "required", "rules")

    def __init__(self, fields: Sequence[Field], rules: Sequence[Rule] = ()) -> None:
        self.fields = tuple((name, spec) for name, spec, _ in fields)
        self.required = tuple(name for name, _, required in fields if required)
        self.names = frozenset(name for name, _, _ in fields)
        self.rules = tuple(rules)

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise fail(path, was("should be an object", value))
        for name in self.required:
            if name not in value:
                raise fail(f"{path}.{name}", MISSING)
        for name, spec in self.fields:
            if name in value:
                spec.check(value[name], f"{path}.{name}")
        names = self.names
        for key, element in value.items():
            if key not in names:
                raise fail(f"{path}.{key}", was("should be not present", element))
        for rule in self.rules:
            rule(value, path)


class Union(Spec):
    """Alternatives named by a tag: the key (or ``type`` value) that picks them."""

    __slots__ = ("index", "variants")

    def __init__(self, variants: Sequence[tuple[str, Spec]]) -> None:
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
        failures: list[Fail] = []
        if first >= 0:
            try:
                self.variants[first].check(value, path)
                return
            except Fail as failure:
                failures.append(failure)
        for position, spec in enumerate(self.variants):
            if position == first:
                continue
            try:
                spec.check(value, path)
                return
            except Fail as failure:
                failures.append(failure)
        if first > 0:  # report in declaration order
            failures.insert(first, failures.pop(0))
        raise _merge(failures)


def _merge(failures: Sequence[Fail]) -> Fail:
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
    return Fail(errors, depth)


def tagged(tag: str, inner: Spec, *extra: Field, rules: Sequence[Rule] = ()) -> Object:
    """``{tag: inner, type?: tag, ...extra}``: one alternative of a Notion union."""
    return Object([(tag, inner, True), ("type", Literal((tag,)), False), *extra], rules)


# -- common leaves ------------------------------------------------------------------------

BOOL: Final = Bool()
ID: Final = String(fmt="uuid")
