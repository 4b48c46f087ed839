"""The data-source query engine: filters, sorts and the capped, paginated result.

Pure functions over objects in *response* form: a data source's ``properties`` (the schema,
name -> ``{"id", "name", "type", <type>: {...}}``) and page objects as Notion returns them.
No I/O, no clock unless one is passed in.

* :func:`compile_filter` validates a ``filter`` body once and returns a cheap predicate.
  Validation runs in two passes, like Notion's: first the shape of the whole tree (``body
  failed validation: ...``), then the property references against the schema (``Could not
  find property with name or id: X`` and the type-mismatch message).
* :func:`sort_pages` applies ``sorts`` (a stable multi-key sort).
* :func:`paginate` cuts one page out of a result, honouring the 10,000-row query cap
  (:data:`QUERY_ROW_CAP`, :func:`request_status_incomplete`).

Semantics, where Notion's documentation leaves room (each a deliberate choice):

Text (title, rich_text, url, email, phone_number; a rich-text value is its joined
``plain_text``, an empty value is ``""``)
    ``equals`` / ``does_not_equal`` compare exactly and case-sensitively (the docs: "matches
    the provided string exactly"). ``contains``, ``does_not_contain``, ``starts_with`` and
    ``ends_with`` ignore case (``str.casefold``), as the Notion UI does.
Negative conditions and empty values
    ``does_not_equal`` / ``does_not_contain`` match empty values (an empty number is "not
    equal to 5"); ordering conditions (``greater_than``, ``before``, ...) never match an
    empty value.
select / status / multi_select
    Option names compare exactly. A list operand (allowed since the SDK's
    ``StringOrStringArray``) means "any of" for ``equals``/``contains`` and "none of" for
    ``does_not_equal``/``does_not_contain``.
Dates
    Every value becomes a UTC instant truncated to milliseconds; a date-only value is
    midnight UTC; a datetime without an offset is read in its ``time_zone`` if one is given,
    else UTC. A date property's range is compared by its ``start``. A date-only operand (or a
    relative one: ``today``, ``one_week_ago``, ...) stands for that whole UTC day, so
    ``equals "2021-05-10"`` matches any instant of that day, ``after`` means after the day,
    ``on_or_before`` means up to its end. An operand with a time is one millisecond.
    ``past_week`` etc. are whole UTC days: ``past_week`` = the 7 days before today through
    today, ``next_week`` = today through 7 days ahead, ``past_month``/``next_month`` and
    ``past_year``/``next_year`` likewise by calendar months; ``this_week`` is the week
    containing today, starting on Sunday (Notion's default week start).
people / created_by / last_edited_by / relation
    Ids compare without dashes and case; ``"me"`` is the ``me`` id given to
    :func:`compile_filter` (the bot), matching nothing when none is given.
formula / rollup
    A formula condition applies to the formula's result when its type matches
    (``string``, ``checkbox`` -> ``boolean``, ``number``, ``date``), else to an empty value.
    Rollup ``number``/``date`` apply to those results; ``any``/``every``/``none`` quantify
    over an array rollup's items (``every`` of no items is true).
Compound filters
    ``and``/``or`` nest two levels deep (the SDK's ``GroupFilterOperatorArray``), at most
    100 items each; an empty group matches every page, like an empty filter group in the UI.
Sorts
    Earlier sorts take precedence. Empty values go last in both directions. Text sorts by
    case-folded text; select and status by the option order of the schema; multi_select by
    its options' positions; people by name; an array rollup by its number of items. Types
    without a natural order (button, location, ...) compare as empty.
Default order
    The docs say Notion "doesn't guarantee any particular sort order when no sort parameters
    are provided". The emulator keeps the order it is given (the caller passes creation
    order, oldest first), so results are deterministic.
The cap
    A query matching more than :data:`QUERY_ROW_CAP` rows serves only the first 10,000:
    ``has_more`` turns false at the 10,000th and *every* page of such a result carries
    ``"request_status": {"type": "incomplete", "incomplete_reason":
    "query_result_limit_reached"}`` (developers.notion.com/reference/query-a-data-source,
    "Pagination limit"; the SDK's ``QueryDataSourceResponse`` has the same flat shape).
    A complete result carries no ``request_status`` (as recorded against the live API).
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, Final, TypeVar
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from notion_emulator.errors import ValidationError, body_failed

__all__ = [
    "QUERY_ROW_CAP",
    "compile_filter",
    "paginate",
    "request_status_incomplete",
    "sort_pages",
]

#: The most rows one data-source query (one filter + sort) can page through.
QUERY_ROW_CAP: Final = 10_000

#: Items allowed in any array of a request (compound filters, sorts, option lists).
MAX_ARRAY: Final = 100

T = TypeVar("T")

Page = dict[str, Any]
Predicate = Callable[[Page], bool]
#: A test over one property's raw payload (``page.properties[name][type]``).
Test = Callable[[Any], bool]
#: A normalizer: raw payload -> the value an operator table compares.
Normalizer = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What a condition may depend on besides its operand."""

    today: date
    me: str | None


#: Parses one condition object at a path and returns its test over a raw payload.
Parser = Callable[[Any, str, _Ctx], Test]
#: Validates an operand at a path; returns it in the form the operator's builder wants.
Check = Callable[[Any, str, _Ctx], Any]


@dataclass(frozen=True, slots=True)
class _Op:
    """One operator: how its operand is checked, and how a test is built from it."""

    check: Check
    build: Callable[[Any], Callable[[Any], bool]]


# -- messages ------------------------------------------------------------------------------


def _describe(value: Any) -> str:
    """A value as Notion quotes it in messages: JSON, containers abbreviated."""
    if isinstance(value, list):
        return "[...]" if value else "[]"
    if isinstance(value, dict):
        return "{...}" if value else "{}"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _expected(path: str, what: str, value: Any) -> ValidationError:
    return body_failed(path, f"should be {what}, instead was `{_describe(value)}`")


def _not_present(path: str, value: Any) -> ValidationError:
    return _expected(path, "not present", value)


def _undefined(path: str) -> str:
    return f"{path} should be defined, instead was `undefined`."


def _fix_one(lines: Sequence[str]) -> ValidationError:
    """Notion's answer when no variant of a union fits: one line per variant."""
    return ValidationError("body failed validation. Fix one:\n" + "\n".join(lines))


def _one_of(path: str, allowed: Sequence[str], value: Any) -> ValidationError:
    choices = ", ".join(f"`{json.dumps(a)}`" for a in allowed)
    return _expected(path, f"one of {choices}", value)


def _too_long(path: str, length: int) -> ValidationError:
    return body_failed(f"{path}.length", f"should be ≤ `{MAX_ARRAY}`, instead was `{length}`")


def _pick(obj: Any, path: str, keys: Mapping[str, object] | Sequence[str]) -> str:
    """The one key of a discriminated union ``obj`` carries; any other key is refused."""
    if not isinstance(obj, dict):
        raise _expected(path, "an object", obj)
    found = next((k for k in obj if isinstance(k, str) and k in keys), None)
    if found is None:
        raise _fix_one([_undefined(f"{path}.{k}") for k in keys])
    for key, value in obj.items():
        if key != found:
            raise _not_present(f"{path}.{key}", value)
    return found


# -- values: parsing and normalizing -------------------------------------------------------

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-?(?:[0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")
_MS = timedelta(milliseconds=1)
_DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, LookupError):
        return None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _instant(text: Any, time_zone: Any = None) -> datetime | None:
    """An ISO 8601 date or datetime as a UTC instant in whole milliseconds; None if not one."""
    if not isinstance(text, str):
        return None
    try:
        if _DATE_ONLY.match(text):
            return _midnight(date.fromisoformat(text))
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            zone = _zone(time_zone) if isinstance(time_zone, str) else None
            moment = moment.replace(tzinfo=zone or UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _norm_id(value: Any) -> str | None:
    return value.replace("-", "").lower() if isinstance(value, str) else None


def _text_of(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    text = item.get("plain_text")
    if isinstance(text, str):
        return text
    inner = item.get("text")
    content = inner.get("content") if isinstance(inner, dict) else None
    return content if isinstance(content, str) else ""


def _rich_plain(raw: Any) -> str:
    return "".join(_text_of(item) for item in raw) if isinstance(raw, list) else ""


def _plain(raw: Any) -> str:
    return raw if isinstance(raw, str) else ""


def _num(raw: Any) -> int | float | None:
    return raw if isinstance(raw, int | float) and not isinstance(raw, bool) else None


def _is_true(raw: Any) -> bool:
    return raw is True


def _option_name(raw: Any) -> str | None:
    name = raw.get("name") if isinstance(raw, dict) else None
    return name if isinstance(name, str) else None


def _option_names(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(n for n in map(_option_name, raw) if n is not None)


def _date_value(raw: Any) -> datetime | None:
    return _instant(raw.get("start"), raw.get("time_zone")) if isinstance(raw, dict) else None


def _ids(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(i for i in (_norm_id(x.get("id")) for x in raw if isinstance(x, dict)) if i)


def _one_id(raw: Any) -> tuple[str, ...]:
    return _ids([raw])


def _as_list(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else []


def _unique_number(raw: Any) -> int | float | None:
    return _num(raw.get("number")) if isinstance(raw, dict) else None


def _verification_state(raw: Any) -> str | None:
    state = raw.get("state") if isinstance(raw, dict) else None
    return state if isinstance(state, str) else None


# -- operands ------------------------------------------------------------------------------


def _string(value: Any, path: str, ctx: _Ctx) -> str:
    if not isinstance(value, str):
        raise _expected(path, "a string", value)
    return value


def _folded(value: Any, path: str, ctx: _Ctx) -> str:
    return _string(value, path, ctx).casefold()


def _number(value: Any, path: str, ctx: _Ctx) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _expected(path, "a number", value)
    return value


def _boolean(value: Any, path: str, ctx: _Ctx) -> bool:
    if not isinstance(value, bool):
        raise _expected(path, "a boolean", value)
    return value


def _true(value: Any, path: str, ctx: _Ctx) -> None:
    if value is not True:
        raise _expected(path, "`true`", value)


def _names(value: Any, path: str, ctx: _Ctx) -> frozenset[str]:
    """``string | string[]``: the set of option names."""
    if isinstance(value, str):
        return frozenset((value,))
    if not isinstance(value, list):
        raise _fix_one(
            [
                f"{path} should be a string, instead was `{_describe(value)}`.",
                f"{path} should be an array, instead was `{_describe(value)}`.",
            ]
        )
    if len(value) > MAX_ARRAY:
        raise _too_long(path, len(value))
    return frozenset(_string(item, f"{path}[{i}]", ctx) for i, item in enumerate(value))


def _uuid(value: Any, path: str, ctx: _Ctx) -> str:
    text = _string(value, path, ctx)
    if not _UUID.match(text):
        raise _expected(path, "a valid uuid", value)
    return text.replace("-", "").lower()


def _person(value: Any, path: str, ctx: _Ctx) -> str:
    if value == "me":
        return _norm_id(ctx.me) or "me"  # "me" never equals a normalized id
    return _uuid(value, path, ctx)


_RELATIVE_DAYS: Final[dict[str, Callable[[date], date]]] = {
    "today": lambda d: d,
    "tomorrow": lambda d: d + _DAY,
    "yesterday": lambda d: d - _DAY,
    "one_week_ago": lambda d: d - 7 * _DAY,
    "one_week_from_now": lambda d: d + 7 * _DAY,
    "one_month_ago": lambda d: _add_months(d, -1),
    "one_month_from_now": lambda d: _add_months(d, 1),
}


def _add_months(day: date, months: int) -> date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


_END_OF_TIME: Final = datetime.max.replace(tzinfo=UTC)


def _later(moment: datetime, step: timedelta) -> datetime:
    """``moment + step``, saturating at the end of representable time."""
    try:
        return moment + step
    except OverflowError:
        return _END_OF_TIME


def _days(first: date, last: date) -> tuple[datetime, datetime]:
    """Whole UTC days ``first`` through ``last`` as a half-open span of instants."""
    return _midnight(first), _later(_midnight(last), _DAY)


def _date_operand(value: Any, path: str, ctx: _Ctx) -> tuple[datetime, datetime]:
    """A date operand as the half-open span ``[lo, hi)`` it stands for."""
    text = _string(value, path, ctx)
    relative = _RELATIVE_DAYS.get(text)
    if relative is not None:
        day = relative(ctx.today)
        return _days(day, day)
    moment = _instant(text)
    if moment is None:
        raise _expected(path, "a valid ISO 8601 date string", value)
    return moment, _later(moment, _DAY if _DATE_ONLY.match(text) else _MS)


def _relative(span: Callable[[date], tuple[date, date]]) -> Check:
    """A check for ``{"past_week": {}}``-style operands: an empty object, read as a span."""

    def check(value: Any, path: str, ctx: _Ctx) -> tuple[datetime, datetime]:
        if not isinstance(value, dict):
            raise _expected(path, "an object", value)
        for key, extra in value.items():
            raise _not_present(f"{path}.{key}", extra)
        return _days(*span(ctx.today))

    return check


def _this_week(today: date) -> tuple[date, date]:
    sunday = today - timedelta(days=(today.weekday() + 1) % 7)
    return sunday, sunday + 6 * _DAY


_VERIFICATION_STATES: Final[dict[str, frozenset[str | None]]] = {
    "verified": frozenset({"verified"}),
    "expired": frozenset({"expired"}),
    "none": frozenset({"unverified", None}),
}


def _verification(value: Any, path: str, ctx: _Ctx) -> frozenset[str | None]:
    states = _VERIFICATION_STATES.get(value) if isinstance(value, str) else None
    if states is None:
        raise _one_of(path, tuple(_VERIFICATION_STATES), value)
    return states


# -- operator tables -----------------------------------------------------------------------


def _existence(empty: Callable[[Any], bool]) -> dict[str, _Op]:
    return {
        "is_empty": _Op(_true, lambda _: empty),
        "is_not_empty": _Op(_true, lambda _: lambda v: not empty(v)),
    }


def _falsy(value: Any) -> bool:
    return not value


def _none(value: Any) -> bool:
    return value is None


_TEXT_OPS: Final[dict[str, _Op]] = {
    "equals": _Op(_string, lambda s: lambda v: v == s),
    "does_not_equal": _Op(_string, lambda s: lambda v: v != s),
    "contains": _Op(_folded, lambda s: lambda v: s in v.casefold()),
    "does_not_contain": _Op(_folded, lambda s: lambda v: s not in v.casefold()),
    "starts_with": _Op(_folded, lambda s: lambda v: v.casefold().startswith(s)),
    "ends_with": _Op(_folded, lambda s: lambda v: v.casefold().endswith(s)),
    **_existence(_falsy),
}

_NUMBER_OPS: Final[dict[str, _Op]] = {
    "equals": _Op(_number, lambda n: lambda v: v is not None and v == n),
    "does_not_equal": _Op(_number, lambda n: lambda v: v is None or v != n),
    "greater_than": _Op(_number, lambda n: lambda v: v is not None and v > n),
    "less_than": _Op(_number, lambda n: lambda v: v is not None and v < n),
    "greater_than_or_equal_to": _Op(_number, lambda n: lambda v: v is not None and v >= n),
    "less_than_or_equal_to": _Op(_number, lambda n: lambda v: v is not None and v <= n),
    **_existence(_none),
}

_CHECKBOX_OPS: Final[dict[str, _Op]] = {
    "equals": _Op(_boolean, lambda b: lambda v: v is b),
    "does_not_equal": _Op(_boolean, lambda b: lambda v: v is not b),
}

_SELECT_OPS: Final[dict[str, _Op]] = {
    "equals": _Op(_names, lambda names: lambda v: v in names),
    "does_not_equal": _Op(_names, lambda names: lambda v: v not in names),
    **_existence(_none),
}

_MULTI_SELECT_OPS: Final[dict[str, _Op]] = {
    "contains": _Op(_names, lambda names: lambda v: not names.isdisjoint(v)),
    "does_not_contain": _Op(_names, lambda names: lambda v: names.isdisjoint(v)),
    **_existence(_falsy),
}


def _in_span(span: tuple[datetime, datetime]) -> Callable[[Any], bool]:
    lo, hi = span
    return lambda v: v is not None and lo <= v < hi


_DATE_OPS: Final[dict[str, _Op]] = {
    "equals": _Op(_date_operand, _in_span),
    "before": _Op(_date_operand, lambda s: lambda v: v is not None and v < s[0]),
    "after": _Op(_date_operand, lambda s: lambda v: v is not None and v >= s[1]),
    "on_or_before": _Op(_date_operand, lambda s: lambda v: v is not None and v < s[1]),
    "on_or_after": _Op(_date_operand, lambda s: lambda v: v is not None and v >= s[0]),
    "this_week": _Op(_relative(_this_week), _in_span),
    "past_week": _Op(_relative(lambda d: (d - 7 * _DAY, d)), _in_span),
    "past_month": _Op(_relative(lambda d: (_add_months(d, -1), d)), _in_span),
    "past_year": _Op(_relative(lambda d: (_add_months(d, -12), d)), _in_span),
    "next_week": _Op(_relative(lambda d: (d, d + 7 * _DAY)), _in_span),
    "next_month": _Op(_relative(lambda d: (d, _add_months(d, 1))), _in_span),
    "next_year": _Op(_relative(lambda d: (d, _add_months(d, 12))), _in_span),
    **_existence(_none),
}

_PEOPLE_OPS: Final[dict[str, _Op]] = {
    "contains": _Op(_person, lambda i: lambda v: i in v),
    "does_not_contain": _Op(_person, lambda i: lambda v: i not in v),
    **_existence(_falsy),
}

_RELATION_OPS: Final[dict[str, _Op]] = {
    "contains": _Op(_uuid, lambda i: lambda v: i in v),
    "does_not_contain": _Op(_uuid, lambda i: lambda v: i not in v),
    **_existence(_falsy),
}

_FILES_OPS: Final[dict[str, _Op]] = _existence(_falsy)

_VERIFICATION_OPS: Final[dict[str, _Op]] = {
    "status": _Op(_verification, lambda states: lambda v: v in states),
    "does_not_equal": _Op(_verification, lambda states: lambda v: v not in states),
}


def _table(ops: Mapping[str, _Op], normalize: Normalizer) -> Parser:
    """A parser for conditions made of exactly one operator from ``ops``."""

    def parse(cond: Any, path: str, ctx: _Ctx) -> Test:
        name = _pick(cond, path, ops)
        op = ops[name]
        test = op.build(op.check(cond[name], f"{path}.{name}", ctx))
        return lambda raw: bool(test(normalize(raw)))

    return parse


#: Filter key (= property type) -> parser of its condition, in the SDK's order.
_PARSERS: dict[str, Parser] = {
    "title": _table(_TEXT_OPS, _rich_plain),
    "rich_text": _table(_TEXT_OPS, _rich_plain),
    "number": _table(_NUMBER_OPS, _num),
    "checkbox": _table(_CHECKBOX_OPS, _is_true),
    "select": _table(_SELECT_OPS, _option_name),
    "multi_select": _table(_MULTI_SELECT_OPS, _option_names),
    "status": _table(_SELECT_OPS, _option_name),
    "date": _table(_DATE_OPS, _date_value),
    "people": _table(_PEOPLE_OPS, _ids),
    "files": _table(_FILES_OPS, _as_list),
    "url": _table(_TEXT_OPS, _plain),
    "email": _table(_TEXT_OPS, _plain),
    "phone_number": _table(_TEXT_OPS, _plain),
    "relation": _table(_RELATION_OPS, _ids),
    "created_by": _table(_PEOPLE_OPS, _one_id),
    "created_time": _table(_DATE_OPS, _instant),
    "last_edited_by": _table(_PEOPLE_OPS, _one_id),
    "last_edited_time": _table(_DATE_OPS, _instant),
}

#: Formula filter key -> (the result ``type`` it applies to, its parser).
_FORMULA_PARSERS: Final[dict[str, tuple[str, Parser]]] = {
    "string": ("string", _table(_TEXT_OPS, _plain)),
    "checkbox": ("boolean", _table(_CHECKBOX_OPS, _is_true)),
    "number": ("number", _table(_NUMBER_OPS, _num)),
    "date": ("date", _table(_DATE_OPS, _date_value)),
}


def _parse_formula(cond: Any, path: str, ctx: _Ctx) -> Test:
    key = _pick(cond, path, _FORMULA_PARSERS)
    result, parser = _FORMULA_PARSERS[key]
    test = parser(cond[key], f"{path}.{key}", ctx)

    def run(raw: Any) -> bool:
        typed = isinstance(raw, dict) and raw.get("type") == result
        return test(raw.get(result) if typed else None)

    return run


_ROLLUP_ITEM_KEYS: Final = (
    "rich_text",
    "number",
    "checkbox",
    "select",
    "multi_select",
    "relation",
    "date",
    "people",
    "files",
    "status",
)
_QUANTIFIERS: Final[dict[str, Callable[[Test, list[Any]], bool]]] = {
    "any": lambda test, items: any(map(test, items)),
    "none": lambda test, items: not any(map(test, items)),
    "every": lambda test, items: all(map(test, items)),
}


def _parse_rollup(cond: Any, path: str, ctx: _Ctx) -> Test:
    key = _pick(cond, path, (*_QUANTIFIERS, "date", "number"))
    sub = f"{path}.{key}"
    if key in ("date", "number"):
        direct = _PARSERS[key](cond[key], sub, ctx)
        return lambda raw: direct(
            raw.get(key) if isinstance(raw, dict) and raw.get("type") == key else None
        )
    item_key = _pick(cond[key], sub, _ROLLUP_ITEM_KEYS)
    item_test = _PARSERS[item_key](cond[key][item_key], f"{sub}.{item_key}", ctx)
    accepted = ("title", "rich_text") if item_key == "rich_text" else (item_key,)
    quantify = _QUANTIFIERS[key]

    def on_item(item: Any) -> bool:
        kind = item.get("type") if isinstance(item, dict) else None
        return item_test(item.get(kind) if kind in accepted else None)

    def run(raw: Any) -> bool:
        array = raw.get("array") if isinstance(raw, dict) and raw.get("type") == "array" else []
        return quantify(on_item, array if isinstance(array, list) else [])

    return run


_PARSERS.update(
    {
        "formula": _parse_formula,
        "unique_id": _table(_NUMBER_OPS, _unique_number),
        "rollup": _parse_rollup,
        "verification": _table(_VERIFICATION_OPS, _verification_state),
    }
)

_TIMESTAMPS: Final = ("created_time", "last_edited_time")
_GROUPS: Final = ("or", "and")
#: Compound filters may nest this deep: ``{"and": [{"or": [<leaf>, ...]}, ...]}``.
_MAX_DEPTH: Final = 2


# -- filter tree ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Leaf:
    """A property condition (``property`` set) or a timestamp condition (``property=None``)."""

    property: str | None
    key: str
    test: Test


@dataclass(frozen=True, slots=True)
class _Group:
    op: str
    children: tuple[_Leaf | _Group, ...]


def _parse(obj: Any, path: str, depth: int, ctx: _Ctx) -> _Leaf | _Group:
    """Validate the shape of one filter object (no schema needed)."""
    if not isinstance(obj, dict):
        raise _expected(path, "an object", obj)
    groups = _GROUPS if depth < _MAX_DEPTH else ()
    for op in groups:
        if op in obj:
            return _parse_group(op, obj, path, depth, ctx)
    if "timestamp" in obj:
        return _parse_timestamp(obj, path, ctx)
    key = next((k for k in obj if k in _PARSERS), None)
    if key is None:
        raise _fix_one([_undefined(f"{path}.{k}") for k in (*groups, *_PARSERS)])
    prop = obj.get("property")
    if "property" not in obj:
        raise body_failed(f"{path}.property", "should be defined, instead was `undefined`")
    if not isinstance(prop, str):
        raise _expected(f"{path}.property", "a string", prop)
    test = _PARSERS[key](obj[key], f"{path}.{key}", ctx)
    _check_rest(obj, path, key, "property")
    return _Leaf(prop, key, test)


def _check_rest(obj: dict[str, Any], path: str, key: str, discriminator: str) -> None:
    """The optional ``type`` must name ``key``; nothing else may be there."""
    for name, value in obj.items():
        if name == "type":
            if value != key:
                raise _expected(f"{path}.type", f"`{json.dumps(key)}`", value)
        elif name not in (key, discriminator):
            raise _not_present(f"{path}.{name}", value)


def _parse_group(op: str, obj: dict[str, Any], path: str, depth: int, ctx: _Ctx) -> _Group:
    items = obj[op]
    for name, value in obj.items():
        if name != op:
            raise _not_present(f"{path}.{name}", value)
    where = f"{path}.{op}"
    if not isinstance(items, list):
        raise _expected(where, "an array", items)
    if len(items) > MAX_ARRAY:
        raise _too_long(where, len(items))
    children = tuple(_parse(item, f"{where}[{i}]", depth + 1, ctx) for i, item in enumerate(items))
    return _Group(op, children)


def _parse_timestamp(obj: dict[str, Any], path: str, ctx: _Ctx) -> _Leaf:
    which = obj["timestamp"]
    if which not in _TIMESTAMPS:
        raise _one_of(f"{path}.timestamp", _TIMESTAMPS, which)
    if which not in obj:
        raise body_failed(f"{path}.{which}", "should be defined, instead was `undefined`")
    test = _PARSERS[which](obj[which], f"{path}.{which}", ctx)
    _check_rest(obj, path, which, "timestamp")
    return _Leaf(None, which, test)


# -- binding to a schema -------------------------------------------------------------------


def _index(schema: Mapping[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Property lookup by name, then by id (raw and URL-decoded); names win."""
    by_id: dict[str, tuple[str, dict[str, Any]]] = {}
    by_name: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, spec in schema.items():
        if not isinstance(spec, dict):
            continue
        by_name[name] = (name, spec)
        prop_id = spec.get("id")
        if isinstance(prop_id, str):
            by_id.setdefault(prop_id, (name, spec))
            by_id.setdefault(unquote(prop_id), (name, spec))
    return {**by_id, **by_name}


def _always(page: Page) -> bool:
    return True


def _bind(node: _Leaf | _Group, index: Mapping[str, tuple[str, dict[str, Any]]]) -> Predicate:
    if isinstance(node, _Group):
        preds = tuple(_bind(child, index) for child in node.children)
        if not preds:
            return _always
        if len(preds) == 1:
            return preds[0]
        if node.op == "and":
            return lambda page: all(p(page) for p in preds)
        return lambda page: any(p(page) for p in preds)
    key, test = node.key, node.test
    if node.property is None:
        return lambda page: test(page.get(key))
    found = index.get(node.property)
    if found is None:
        raise ValidationError(f"Could not find property with name or id: {node.property}")
    name, spec = found
    kind = spec.get("type")
    if kind != key:
        raise ValidationError(
            "The property type in the database does not match the property type of the "
            f"filter provided: database property {kind} does not match filter {key}"
        )

    def predicate(page: Page) -> bool:
        props = page.get("properties")
        value = props.get(name) if isinstance(props, dict) else None
        return test(value.get(key) if isinstance(value, dict) else None)

    return predicate


def compile_filter(
    filter_obj: Any,
    schema: dict[str, dict[str, Any]],
    *,
    path: str = "body.filter",
    now: datetime | None = None,
    me: str | None = None,
) -> Callable[[dict[str, Any]], bool]:
    """Validate a query ``filter`` against ``schema`` once; return a predicate over pages.

    ``schema`` is the data source's ``properties`` in response form; the predicate takes a
    page object in response form. ``now`` fixes "today" for relative dates (default: the
    current time; a naive value is UTC); ``me`` is the user id that ``"me"`` stands for.
    ``None`` (no filter) matches every page. Any malformed filter raises
    :class:`~notion_emulator.errors.ValidationError` in Notion's wording, never another
    exception. See the module docstring for the comparison semantics.
    """
    if filter_obj is None:
        return _always
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    ctx = _Ctx(today=moment.astimezone(UTC).date(), me=me)
    tree = _parse(filter_obj, path, 0, ctx)
    return _bind(tree, _index(schema))


# -- sorts ---------------------------------------------------------------------------------

_DIRECTIONS: Final = ("ascending", "descending")
#: Sort key over a raw payload; None means empty (sorted last).
SortKey = Callable[[Any], Any]


def _text_key(text: str) -> tuple[str, str] | None:
    return (text.casefold(), text) if text else None


def _option_order(spec: dict[str, Any]) -> dict[str, int]:
    config = spec.get(spec.get("type") or "")
    options = config.get("options") if isinstance(config, dict) else None
    if not isinstance(options, list):
        return {}
    names = (_option_name(option) for option in options)
    return {name: i for i, name in enumerate(names) if name is not None}


def _select_key(spec: dict[str, Any]) -> SortKey:
    order = _option_order(spec)

    def key(raw: Any) -> tuple[int, str] | None:
        name = _option_name(raw)
        return None if name is None else (order.get(name, len(order)), name)

    return key


def _multi_select_key(spec: dict[str, Any]) -> SortKey:
    order = _option_order(spec)

    def key(raw: Any) -> tuple[tuple[int, str], ...] | None:
        names = _option_names(raw)
        return tuple((order.get(n, len(order)), n) for n in names) if names else None

    return key


def _user_name(user: Any) -> str:
    if not isinstance(user, dict):
        return ""
    name = user.get("name")
    if isinstance(name, str):
        return name.casefold()
    return _norm_id(user.get("id")) or ""


def _people_key(raw: Any) -> tuple[str, ...] | None:
    names = tuple(_user_name(u) for u in _as_list(raw))
    return names or None


def _files_key(raw: Any) -> tuple[str, ...] | None:
    names = tuple(str(f.get("name", "")) for f in _as_list(raw) if isinstance(f, dict))
    return names or None


def _formula_key(raw: Any) -> tuple[int, Any] | None:
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    value = raw.get(kind) if isinstance(kind, str) else None
    if kind == "string":
        text = _text_key(_plain(value))
        return None if text is None else (0, text)
    if kind == "number":
        number = _num(value)
        return None if number is None else (1, number)
    if kind == "boolean":
        return (2, value is True)
    if kind == "date":
        moment = _date_value(value)
        return None if moment is None else (3, moment)
    return None


def _rollup_key(raw: Any) -> Any:
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    if kind == "number":
        return _num(raw.get("number"))
    if kind == "date":
        return _date_value(raw.get("date"))
    if kind == "array":
        return len(_as_list(raw.get("array"))) or None
    return None


def _fixed(key: SortKey) -> Callable[[dict[str, Any]], SortKey]:
    return lambda spec: key


#: Property type -> factory (given the property's schema entry) of its sort key.
_SORT_KEYS: Final[dict[str, Callable[[dict[str, Any]], SortKey]]] = {
    "title": _fixed(lambda raw: _text_key(_rich_plain(raw))),
    "rich_text": _fixed(lambda raw: _text_key(_rich_plain(raw))),
    "url": _fixed(lambda raw: _text_key(_plain(raw))),
    "email": _fixed(lambda raw: _text_key(_plain(raw))),
    "phone_number": _fixed(lambda raw: _text_key(_plain(raw))),
    "number": _fixed(_num),
    "checkbox": _fixed(_is_true),
    "select": _select_key,
    "status": _select_key,
    "multi_select": _multi_select_key,
    "date": _fixed(_date_value),
    "people": _fixed(_people_key),
    "created_by": _fixed(lambda raw: _people_key([raw])),
    "last_edited_by": _fixed(lambda raw: _people_key([raw])),
    "relation": _fixed(lambda raw: _ids(raw) or None),
    "files": _fixed(_files_key),
    "created_time": _fixed(_instant),
    "last_edited_time": _fixed(_instant),
    "formula": _fixed(_formula_key),
    "unique_id": _fixed(_unique_number),
    "rollup": _fixed(_rollup_key),
    "verification": _fixed(_verification_state),
}


@dataclass(frozen=True, slots=True)
class _Sort:
    property: str | None
    timestamp: str | None
    descending: bool


def _parse_sorts(sorts: Any, path: str) -> list[_Sort]:
    if not isinstance(sorts, list):
        raise _expected(path, "an array", sorts)
    if len(sorts) > MAX_ARRAY:
        raise _too_long(path, len(sorts))
    return [_parse_sort(item, f"{path}[{i}]") for i, item in enumerate(sorts)]


def _parse_sort(item: Any, path: str) -> _Sort:
    if not isinstance(item, dict):
        raise _expected(path, "an object", item)
    if "property" in item:
        key = "property"
    elif "timestamp" in item:
        key = "timestamp"
    else:
        raise _fix_one([_undefined(f"{path}.property"), _undefined(f"{path}.timestamp")])
    target = item[key]
    if key == "property" and not isinstance(target, str):
        raise _expected(f"{path}.property", "a string", target)
    if key == "timestamp" and target not in _TIMESTAMPS:
        raise _one_of(f"{path}.timestamp", _TIMESTAMPS, target)
    if "direction" not in item:
        raise body_failed(f"{path}.direction", "should be defined, instead was `undefined`")
    direction = item["direction"]
    if direction not in _DIRECTIONS:
        raise _one_of(f"{path}.direction", _DIRECTIONS, direction)
    for name, value in item.items():
        if name not in (key, "direction"):
            raise _not_present(f"{path}.{name}", value)
    prop = target if key == "property" else None
    stamp = target if key == "timestamp" else None
    return _Sort(prop, stamp, direction == "descending")


def _page_key(sort: _Sort, index: Mapping[str, tuple[str, dict[str, Any]]]) -> SortKey:
    if sort.timestamp is not None:
        stamp = sort.timestamp
        return lambda page: _instant(page.get(stamp))
    assert sort.property is not None
    found = index.get(sort.property)
    if found is None:
        raise ValidationError(f"Could not find sort property with name or id: {sort.property}")
    name, spec = found
    kind = spec.get("type")
    factory = _SORT_KEYS.get(kind) if isinstance(kind, str) else None
    raw_key: SortKey = factory(spec) if factory is not None else _no_key

    def key(page: Any) -> Any:
        props = page.get("properties") if isinstance(page, dict) else None
        value = props.get(name) if isinstance(props, dict) else None
        return raw_key(value.get(kind) if isinstance(value, dict) else None)

    return key


def _no_key(raw: Any) -> None:
    return None


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def sort_pages(
    pages: list[dict[str, Any]],
    sorts: Any,
    schema: dict[str, dict[str, Any]],
    *,
    path: str = "body.sorts",
) -> list[dict[str, Any]]:
    """``pages`` ordered by the query's ``sorts``; a new list, ``pages`` is left alone.

    Each sort is ``{"property": name-or-id, "direction": ...}`` or ``{"timestamp":
    "created_time"|"last_edited_time", "direction": ...}``; earlier sorts take precedence,
    ties keep the input order (the sort is stable), empty values go last in either
    direction. An empty ``sorts`` keeps the input order: Notion guarantees no default order,
    and the emulator's callers pass creation order. Malformed sorts raise
    :class:`~notion_emulator.errors.ValidationError`; an unknown property raises Notion's
    ``Could not find sort property with name or id: X``.
    """
    specs = _parse_sorts(sorts, path)
    index = _index(schema)
    keys = [(_page_key(spec, index), spec.descending) for spec in specs]
    ordered = list(pages)
    for key, descending in reversed(keys):
        decorated = [(key(page), page) for page in ordered]
        present = [pair for pair in decorated if pair[0] is not None]
        present.sort(key=_first, reverse=descending)
        ordered = [page for _, page in present]
        ordered.extend(page for value, page in decorated if value is None)
    return ordered


# -- pagination ----------------------------------------------------------------------------


def request_status_incomplete() -> dict[str, Any]:
    """The ``request_status`` every page of a capped query result carries."""
    return {"type": "incomplete", "incomplete_reason": "query_result_limit_reached"}


def paginate(
    items: list[T],
    start_cursor: str | None,
    page_size: int,
    cursor_of: Callable[[T], str],
    *,
    cap: int | None = None,
    path: str = "body.start_cursor",
) -> tuple[list[T], str | None, bool, bool]:
    """One page of ``items``: ``(page, next_cursor, has_more, cap_reached)``.

    A cursor is ``cursor_of(item)`` of the first item of the page it starts (Notion's
    cursors are the id of the next result); ``None`` or ``""`` starts at the beginning, and
    ids compare without dashes and case. With ``cap``, only the first ``cap`` items can be
    served: ``has_more`` turns false at the cap and ``cap_reached`` is true on *every* page
    when ``items`` held more than ``cap`` (then the response needs
    :func:`request_status_incomplete`). A cursor that names no servable item raises
    :class:`~notion_emulator.errors.ValidationError` at ``path``. ``page_size`` (validated
    by the caller) must be at least 1.
    """
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    servable = items if cap is None else items[:cap]
    cap_reached = cap is not None and len(items) > cap
    start = 0
    if start_cursor:
        wanted = _norm_id(start_cursor)
        start = next(
            (i for i, item in enumerate(servable) if _norm_id(cursor_of(item)) == wanted), -1
        )
        if start < 0:
            raise _expected(path, "a valid cursor", start_cursor)
    end = start + page_size
    has_more = end < len(servable)
    next_cursor = cursor_of(servable[end]) if has_more else None
    return servable[start:end], next_cursor, has_more, cap_reached
