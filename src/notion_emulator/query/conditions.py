"""Filter conditions, property type by property type: operand checks and operator tables.

:data:`PARSERS` maps a filter key (a property type) to the parser of its condition object, which
checks the operand and returns a :data:`Test` over the property's raw payload.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from notion_emulator.query.checks import (
    expected,
    not_present,
    one_of_error,
    pick,
    too_long,
)
from notion_emulator.query.values import (
    DATE_ONLY,
    DAY,
    MS,
    as_list,
    date_value,
    ids,
    instant,
    is_true,
    midnight,
    norm_id,
    num,
    one_id,
    option_name,
    option_names,
    plain,
    rich_plain,
    unique_number,
    verification_state,
)
from notion_emulator.schema.limits import MAX_ARRAY
from notion_emulator.schema.messages import (
    describe,
    fix_one,
)


@dataclass(frozen=True, slots=True)
class Context:
    """What a condition may depend on besides its operand."""

    today: date
    me: str | None


#: A test over one property's raw payload (``page.properties[name][type]``).
Test = Callable[[Any], bool]


#: A normalizer: raw payload -> the value an operator table compares.
Normalizer = Callable[[Any], Any]


#: Parses one condition object at a path and returns its test over a raw payload.
Parser = Callable[[Any, str, Context], Test]


#: Validates an operand at a path; returns it in the form the operator's builder wants.
Check = Callable[[Any, str, Context], Any]


@dataclass(frozen=True, slots=True)
class _Op:
    """One operator: how its operand is checked, and how a test is built from it."""

    check: Check
    build: Callable[[Any], Callable[[Any], bool]]


def as_string(value: Any, path: str, ctx: Context) -> str:
    """A string operand."""
    if not isinstance(value, str):
        raise expected(path, "a string", value)
    return value


def _folded(value: Any, path: str, ctx: Context) -> str:
    return as_string(value, path, ctx).casefold()


def _number(value: Any, path: str, ctx: Context) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise expected(path, "a number", value)
    return value


def _boolean(value: Any, path: str, ctx: Context) -> bool:
    if not isinstance(value, bool):
        raise expected(path, "a boolean", value)
    return value


def _true(value: Any, path: str, ctx: Context) -> None:
    if value is not True:
        raise expected(path, "`true`", value)


def _names(value: Any, path: str, ctx: Context) -> frozenset[str]:
    """``string | string[]``: the set of option names."""
    if isinstance(value, str):
        return frozenset((value,))
    if not isinstance(value, list):
        raise fix_one(
            [
                f"{path} should be a string, instead was `{describe(value)}`.",
                f"{path} should be an array, instead was `{describe(value)}`.",
            ]
        )
    if len(value) > MAX_ARRAY:
        raise too_long(path, len(value))
    return frozenset(as_string(item, f"{path}[{i}]", ctx) for i, item in enumerate(value))


_UUID = re.compile(r"^[0-9a-fA-F]{8}-?(?:[0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")


def _uuid(value: Any, path: str, ctx: Context) -> str:
    text = as_string(value, path, ctx)
    if not _UUID.match(text):
        raise expected(path, "a valid uuid", value)
    return text.replace("-", "").lower()


def _person(value: Any, path: str, ctx: Context) -> str:
    if value == "me":
        return norm_id(ctx.me) or "me"  # "me" never equals a normalized id
    return _uuid(value, path, ctx)


_RELATIVE_DAYS: Final[dict[str, Callable[[date], date]]] = {
    "today": lambda d: d,
    "tomorrow": lambda d: d + DAY,
    "yesterday": lambda d: d - DAY,
    "one_week_ago": lambda d: d - 7 * DAY,
    "one_week_from_now": lambda d: d + 7 * DAY,
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
    return midnight(first), _later(midnight(last), DAY)


def _date_operand(value: Any, path: str, ctx: Context) -> tuple[datetime, datetime]:
    """A date operand as the half-open span ``[lo, hi)`` it stands for."""
    text = as_string(value, path, ctx)
    relative = _RELATIVE_DAYS.get(text)
    if relative is not None:
        day = relative(ctx.today)
        return _days(day, day)
    moment = instant(text)
    if moment is None:
        raise expected(path, "a valid ISO 8601 date string", value)
    return moment, _later(moment, DAY if DATE_ONLY.match(text) else MS)


def _relative(span: Callable[[date], tuple[date, date]]) -> Check:
    """A check for ``{"past_week": {}}``-style operands: an empty object, read as a span."""

    def check(value: Any, path: str, ctx: Context) -> tuple[datetime, datetime]:
        if not isinstance(value, dict):
            raise expected(path, "an object", value)
        for key, extra in value.items():
            raise not_present(f"{path}.{key}", extra)
        return _days(*span(ctx.today))

    return check


def _this_week(today: date) -> tuple[date, date]:
    sunday = today - timedelta(days=(today.weekday() + 1) % 7)
    return sunday, sunday + 6 * DAY


_VERIFICATION_STATES: Final[dict[str, frozenset[str | None]]] = {
    "verified": frozenset({"verified"}),
    "expired": frozenset({"expired"}),
    "none": frozenset({"unverified", None}),
}


def _verification(value: Any, path: str, ctx: Context) -> frozenset[str | None]:
    states = _VERIFICATION_STATES.get(value) if isinstance(value, str) else None
    if states is None:
        raise one_of_error(path, tuple(_VERIFICATION_STATES), value)
    return states


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
    "equals": _Op(as_string, lambda s: lambda v: v == s),
    "does_not_equal": _Op(as_string, lambda s: lambda v: v != s),
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
    "past_week": _Op(_relative(lambda d: (d - 7 * DAY, d)), _in_span),
    "past_month": _Op(_relative(lambda d: (_add_months(d, -1), d)), _in_span),
    "past_year": _Op(_relative(lambda d: (_add_months(d, -12), d)), _in_span),
    "next_week": _Op(_relative(lambda d: (d, d + 7 * DAY)), _in_span),
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

    def parse(cond: Any, path: str, ctx: Context) -> Test:
        name = pick(cond, path, ops)
        op = ops[name]
        test = op.build(op.check(cond[name], f"{path}.{name}", ctx))
        return lambda raw: bool(test(normalize(raw)))

    return parse


#: Filter key (= property type) -> parser of its condition, in the SDK's order.
PARSERS: dict[str, Parser] = {
    "title": _table(_TEXT_OPS, rich_plain),
    "rich_text": _table(_TEXT_OPS, rich_plain),
    "number": _table(_NUMBER_OPS, num),
    "checkbox": _table(_CHECKBOX_OPS, is_true),
    "select": _table(_SELECT_OPS, option_name),
    "multi_select": _table(_MULTI_SELECT_OPS, option_names),
    "status": _table(_SELECT_OPS, option_name),
    "date": _table(_DATE_OPS, date_value),
    "people": _table(_PEOPLE_OPS, ids),
    "files": _table(_FILES_OPS, as_list),
    "url": _table(_TEXT_OPS, plain),
    "email": _table(_TEXT_OPS, plain),
    "phone_number": _table(_TEXT_OPS, plain),
    "relation": _table(_RELATION_OPS, ids),
    "created_by": _table(_PEOPLE_OPS, one_id),
    "created_time": _table(_DATE_OPS, instant),
    "last_edited_by": _table(_PEOPLE_OPS, one_id),
    "last_edited_time": _table(_DATE_OPS, instant),
}


#: Formula filter key -> (the result ``type`` it applies to, its parser).
_FORMULA_PARSERS: Final[dict[str, tuple[str, Parser]]] = {
    "string": ("string", _table(_TEXT_OPS, plain)),
    "checkbox": ("boolean", _table(_CHECKBOX_OPS, is_true)),
    "number": ("number", _table(_NUMBER_OPS, num)),
    "date": ("date", _table(_DATE_OPS, date_value)),
}


def _parse_formula(cond: Any, path: str, ctx: Context) -> Test:
    key = pick(cond, path, _FORMULA_PARSERS)
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


def _parse_rollup(cond: Any, path: str, ctx: Context) -> Test:
    key = pick(cond, path, (*_QUANTIFIERS, "date", "number"))
    sub = f"{path}.{key}"
    if key in ("date", "number"):
        direct = PARSERS[key](cond[key], sub, ctx)
        return lambda raw: direct(
            raw.get(key) if isinstance(raw, dict) and raw.get("type") == key else None
        )
    item_key = pick(cond[key], sub, _ROLLUP_ITEM_KEYS)
    item_test = PARSERS[item_key](cond[key][item_key], f"{sub}.{item_key}", ctx)
    accepted = ("title", "rich_text") if item_key == "rich_text" else (item_key,)
    quantify = _QUANTIFIERS[key]

    def on_item(item: Any) -> bool:
        kind = item.get("type") if isinstance(item, dict) else None
        return item_test(item.get(kind) if kind in accepted else None)

    def run(raw: Any) -> bool:
        array = raw.get("array") if isinstance(raw, dict) and raw.get("type") == "array" else []
        return quantify(on_item, array if isinstance(array, list) else [])

    return run


PARSERS.update(
    {
        "formula": _parse_formula,
        "unique_id": _table(_NUMBER_OPS, unique_number),
        "rollup": _parse_rollup,
        "verification": _table(_VERIFICATION_OPS, verification_state),
    }
)
