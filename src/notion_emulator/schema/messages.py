"""How Notion words a refused request: every message shape and every quoted value, once.

Notion's validation messages read::

    body failed validation: <path> <expectation>.
    body failed validation. Fix one:
    <path> <expectation>.
    <path> <expectation>.

(``query`` or ``path`` in place of ``body`` for a query-string or path parameter).
``<expectation>`` is ``should be defined, instead was `undefined```, ``should be not present,
instead was `<value>```, ``should be a string``, ``should be ≤ `<n>```, ``should be `"a"`,
`"b"`, or `"c"```, ...

A refused value is quoted in one of two ways, depending on which of Notion's validators
answers:

- :func:`describe` (block, rich-text, filter and most body checks): JSON between backticks,
  except that non-empty arrays and objects read ``[...]`` and ``{...}`` (empty ones ``[]`` and
  ``{}``) and whole floats print as integers, as JavaScript prints them.
- :func:`show` (page property values and data-source schemas): compact JSON, cut after
  :data:`SHOWN_CHARS` characters with ``...``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

from notion_emulator.errors import ValidationError

#: Notion cuts the :func:`show` rendering of a value after this many characters of JSON.
SHOWN_CHARS: Final = 55
#: The expectation of a key that is required and absent.
MISSING: Final = "should be defined, instead was `undefined`"
#: A table row whose cells do not match its table's width.
CELLS_MISMATCH: Final = (
    "Number of cells in table row must match the table width of the parent table."
)
#: a text link Notion cannot use, worded as Notion words it (one line per refused link in
#: the real API; the emulator stops at the first one).
INVALID_LINK: Final = "Content creation Failed. Fix the following: \nInvalid URL for link."


class _Undefined:
    """Marks a key that is absent (Notion renders it as ``undefined``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Final = _Undefined()


def describe(value: Any) -> str:
    """A value as Notion quotes it in most messages (without the backticks)."""
    if value is UNDEFINED:
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


def show(value: Any) -> str:
    """A value as Notion quotes it in property messages: compact JSON, cut after 55 chars."""
    if value is UNDEFINED:
        return "undefined"
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "..."


def was(expectation: str, value: Any) -> str:
    """``<expectation>, instead was `<value>```, the value quoted by :func:`describe`."""
    return f"{expectation}, instead was `{describe(value)}`"


def at_most(limit: int, length: int) -> str:
    """``should be ≤ `<limit>`, instead was `<length>```: a string or array too long."""
    return f"should be ≤ `{limit}`, instead was `{length}`"


def at_least(minimum: int, length: int) -> str:
    """``should be ≥ `<minimum>`, instead was `<length>```: a string or array too short."""
    return f"should be ≥ `{minimum}`, instead was `{length}`"


def choices(values: Sequence[str], optional: bool) -> str:
    """```"a"`, `"b"`, or `"c"``` (with `` `undefined` `` last when the key is optional)."""
    items = [f"`{json.dumps(v, ensure_ascii=False)}`" for v in values]
    if optional:
        items.append("`undefined`")
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + ", or " + items[-1]


def property_choices(allowed: Iterable[str]) -> str:
    """``should be `"a"`, `"b"`, or `"c"``` as the property validators word an enum."""
    quoted = [f'`"{item}"`' for item in allowed]
    if len(quoted) == 1:
        return f"should be {quoted[0]}"
    return "should be " + ", ".join(quoted[:-1]) + f", or {quoted[-1]}"


def one_of(allowed: Sequence[str]) -> str:
    """``one of `"a"`, `"b"``` as the query validators word an enum."""
    return "one of " + ", ".join(f"`{json.dumps(a)}`" for a in allowed)


def missing_line(path: str) -> str:
    """One line of a "Fix one:" list: ``<path> should be defined, instead was `undefined`.``"""
    return f"{path} {MISSING}."


def body_failed(path: str, expectation: str) -> ValidationError:
    """``body failed validation: <path> <expectation>.`` as Notion words it.

    >>> body_failed("body.children.length", "should be ≤ `100`, instead was `101`").message
    'body failed validation: body.children.length should be ≤ `100`, instead was `101`.'
    """
    return ValidationError(f"body failed validation: {path} {expectation}.")


def failed(path: str, expectation: str) -> ValidationError:
    """``<root> failed validation: <path> <expectation>.``, the root (``body``, ``query``,
    ``path``) read from the path."""
    root = re.split(r"[.\[]", path, maxsplit=1)[0]
    return ValidationError(f"{root} failed validation: {path} {expectation}.")


def fix_one(lines: Iterable[str], root: str = "body") -> ValidationError:
    """Notion's answer when no alternative of a union fits: one line per alternative."""
    return ValidationError(f"{root} failed validation. Fix one:\n" + "\n".join(lines))
