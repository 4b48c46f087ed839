"""The built-in functions of the formula language, by name.

Each :class:`Function` takes its evaluated arguments (``if``, ``ifs``, ``and``, ``or`` are
evaluated lazily by :mod:`.evaluate`) and the evaluation's clock. ``kind`` is the static type
of its result (``"arg0"``: the type of its first argument), used for an empty result's type
and for type checks when the formula is saved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from notion_emulator.formulas.dates import (
    add_to_date,
    between,
    format_date,
    now_value,
    today_value,
)
from notion_emulator.formulas.errors import FormulaError
from notion_emulator.formulas.values import DateValue, format_value, parse_date


@dataclass(frozen=True, slots=True)
class Function:
    """A built-in: its implementation, how many arguments it takes, its result's type."""

    run: Callable[[list[Any], datetime], Any]
    least: int
    most: int | None
    kind: str


def _number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormulaError(f"{name}() expects a number, got {format_value(value)!r}.")
    return float(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else format_value(value)


def _date(value: Any, name: str) -> DateValue | None:
    if value is None or isinstance(value, DateValue):
        return value
    raise FormulaError(f"{name}() expects a date, got {format_value(value)!r}.")


def is_empty(value: Any) -> bool:
    """What ``empty()`` calls empty: nothing, ``""``, ``0``, ``false`` and ``[]``."""
    if value is None or value is False:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 0
    return isinstance(value, (str, list)) and len(value) == 0


def _numeric(name: str, operation: Callable[..., float]) -> Callable[[list[Any], datetime], Any]:
    def run(args: list[Any], now: datetime) -> Any:
        numbers = [_number(arg, name) for arg in args]
        if any(n is None for n in numbers):
            return None
        try:
            return float(operation(*numbers))
        except (ValueError, OverflowError, ZeroDivisionError):
            return math.nan

    return run


def _flat_numbers(args: list[Any], name: str) -> list[float]:
    out: list[float] = []
    for arg in args:
        for item in arg if isinstance(arg, list) else [arg]:
            number = _number(item, name)
            if number is not None:
                out.append(number)
    return out


def _concat(args: list[Any], now: datetime) -> Any:
    if args and all(isinstance(arg, list) for arg in args):
        return [item for arg in args for item in arg]
    return "".join(_text(arg) for arg in args)


def _length(args: list[Any], now: datetime) -> Any:
    value = args[0]
    if value is None:
        return 0.0
    if isinstance(value, (str, list)):
        return float(len(value))
    raise FormulaError(f"length() expects text or a list, got {format_value(value)!r}.")


def _contains(args: list[Any], now: datetime) -> Any:
    haystack, needle = args
    if isinstance(haystack, list):
        return any(item == needle or _text(item) == _text(needle) for item in haystack)
    return _text(needle) in _text(haystack)


def _to_number(args: list[Any], now: datetime) -> Any:
    value = args[0]
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, DateValue):
        return float(int(value.start.timestamp() * 1000))
    match = re.match(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", _text(value))
    return float(match.group()) if match else None


def _round(args: list[Any], now: datetime) -> Any:
    number = _number(args[0], "round")
    places = int(_number(args[1], "round") or 0) if len(args) > 1 else 0
    if number is None:
        return None
    scale = 10.0**places
    return math.floor(number * scale + 0.5) / scale


def _slice(args: list[Any], now: datetime) -> Any:
    value = args[0]
    start = int(_number(args[1], "slice") or 0)
    end = int(_number(args[2], "slice") or 0) if len(args) > 2 else None
    if isinstance(value, list):
        return value[start:end]
    return _text(value)[start:end]


def _date_part(part: Callable[[datetime], int]) -> Callable[[list[Any], datetime], Any]:
    def run(args: list[Any], now: datetime) -> Any:
        value = _date(args[0], "date")
        return None if value is None else float(part(value.start))

    return run


def _timestamp(args: list[Any], now: datetime) -> Any:
    value = _date(args[0], "timestamp")
    return None if value is None else float(int(value.start.timestamp() * 1000))


def _from_timestamp(args: list[Any], now: datetime) -> Any:
    number = _number(args[0], "fromTimestamp")
    if number is None:
        return None
    return DateValue(datetime.fromtimestamp(number / 1000, UTC))


def _date_add(sign: int) -> Callable[[list[Any], datetime], Any]:
    def run(args: list[Any], now: datetime) -> Any:
        value = _date(args[0], "dateAdd")
        amount = _number(args[1], "dateAdd")
        if value is None or amount is None:
            return None
        return add_to_date(value, sign * amount, _text(args[2]))

    return run


def _date_between(args: list[Any], now: datetime) -> Any:
    first, second = _date(args[0], "dateBetween"), _date(args[1], "dateBetween")
    if first is None or second is None:
        return None
    return float(between(first, second, _text(args[2])))


def _format_date(args: list[Any], now: datetime) -> Any:
    value = _date(args[0], "formatDate")
    return None if value is None else format_date(value, _text(args[1]))


def _replace(every: bool) -> Callable[[list[Any], datetime], Any]:
    def run(args: list[Any], now: datetime) -> Any:
        text, pattern, replacement = (_text(arg) for arg in args)
        try:
            return re.sub(pattern, replacement, text, count=0 if every else 1)
        except re.error as error:
            raise FormulaError(f"Invalid pattern {pattern!r}: {error}.") from error

    return run


def _test(args: list[Any], now: datetime) -> Any:
    try:
        return re.search(_text(args[1]), _text(args[0])) is not None
    except re.error as error:
        raise FormulaError(f"Invalid pattern {_text(args[1])!r}: {error}.") from error


def _compare(test: Callable[[Any, Any], bool]) -> Callable[[list[Any], datetime], Any]:
    return lambda args, now: test(args[0], args[1])


def _min_max(pick: Callable[[list[float]], float], name: str) -> Callable[..., Any]:
    def run(args: list[Any], now: datetime) -> Any:
        numbers = _flat_numbers(args, name)
        return pick(numbers) if numbers else None

    return run


def _bool_args(args: list[Any], name: str) -> list[bool]:
    for arg in args:
        if arg is not None and not isinstance(arg, bool):
            raise FormulaError(f"{name}() expects true or false, got {format_value(arg)!r}.")
    return [arg is True for arg in args]


FUNCTIONS: Final[dict[str, Function]] = {
    # logic (if, ifs, and, or are lazy: see evaluate.py)
    "if": Function(lambda a, n: None, 3, 3, "arg1"),
    "ifs": Function(lambda a, n: None, 3, None, "arg1"),
    "and": Function(lambda a, n: all(_bool_args(a, "and")), 2, None, "boolean"),
    "or": Function(lambda a, n: any(_bool_args(a, "or")), 2, None, "boolean"),
    "not": Function(lambda a, n: not _bool_args(a, "not")[0], 1, 1, "boolean"),
    "empty": Function(lambda a, n: is_empty(a[0]), 1, 1, "boolean"),
    "equal": Function(_compare(lambda x, y: x == y), 2, 2, "boolean"),
    "unequal": Function(_compare(lambda x, y: x != y), 2, 2, "boolean"),
    # text
    "concat": Function(_concat, 1, None, "arg0"),
    "join": Function(lambda a, n: _text(a[1]).join(_text(x) for x in a[0] or []), 2, 2, "string"),
    "length": Function(_length, 1, 1, "number"),
    "contains": Function(_contains, 2, 2, "boolean"),
    "includes": Function(_contains, 2, 2, "boolean"),
    "format": Function(lambda a, n: format_value(a[0]), 1, 1, "string"),
    "toNumber": Function(_to_number, 1, 1, "number"),
    "lower": Function(lambda a, n: _text(a[0]).lower(), 1, 1, "string"),
    "upper": Function(lambda a, n: _text(a[0]).upper(), 1, 1, "string"),
    "trim": Function(lambda a, n: _text(a[0]).strip(), 1, 1, "string"),
    "repeat": Function(
        lambda a, n: _text(a[0]) * int(_number(a[1], "repeat") or 0), 2, 2, "string"
    ),
    "replace": Function(_replace(False), 3, 3, "string"),
    "replaceAll": Function(_replace(True), 3, 3, "string"),
    "slice": Function(_slice, 2, 3, "arg0"),
    "substring": Function(_slice, 2, 3, "string"),
    "test": Function(_test, 2, 2, "boolean"),
    # numbers
    "add": Function(_numeric("add", lambda x, y: x + y), 2, 2, "number"),
    "subtract": Function(_numeric("subtract", lambda x, y: x - y), 2, 2, "number"),
    "multiply": Function(_numeric("multiply", lambda x, y: x * y), 2, 2, "number"),
    "divide": Function(_numeric("divide", lambda x, y: x / y), 2, 2, "number"),
    "mod": Function(_numeric("mod", math.fmod), 2, 2, "number"),
    "pow": Function(_numeric("pow", math.pow), 2, 2, "number"),
    "abs": Function(_numeric("abs", abs), 1, 1, "number"),
    "ceil": Function(_numeric("ceil", math.ceil), 1, 1, "number"),
    "floor": Function(_numeric("floor", math.floor), 1, 1, "number"),
    "sqrt": Function(_numeric("sqrt", math.sqrt), 1, 1, "number"),
    "sign": Function(_numeric("sign", lambda x: (x > 0) - (x < 0)), 1, 1, "number"),
    "round": Function(_round, 1, 2, "number"),
    "min": Function(_min_max(min, "min"), 1, None, "number"),
    "max": Function(_min_max(max, "max"), 1, None, "number"),
    "sum": Function(lambda a, n: sum(_flat_numbers(a, "sum")), 1, None, "number"),
    # dates
    "now": Function(lambda a, n: now_value(n), 0, 0, "date"),
    "today": Function(lambda a, n: today_value(n), 0, 0, "date"),
    "dateAdd": Function(_date_add(1), 3, 3, "date"),
    "dateSubtract": Function(_date_add(-1), 3, 3, "date"),
    "dateBetween": Function(_date_between, 3, 3, "number"),
    "formatDate": Function(_format_date, 2, 2, "string"),
    "parseDate": Function(lambda a, n: parse_date(_text(a[0])), 1, 1, "date"),
    "timestamp": Function(_timestamp, 1, 1, "number"),
    "fromTimestamp": Function(_from_timestamp, 1, 1, "date"),
    "year": Function(_date_part(lambda d: d.year), 1, 1, "number"),
    "month": Function(_date_part(lambda d: d.month), 1, 1, "number"),
    "date": Function(_date_part(lambda d: d.day), 1, 1, "number"),
    "day": Function(_date_part(lambda d: d.isoweekday() % 7), 1, 1, "number"),
    "hour": Function(_date_part(lambda d: d.hour), 1, 1, "number"),
    "minute": Function(_date_part(lambda d: d.minute), 1, 1, "number"),
    # lists
    "first": Function(lambda a, n: a[0][0] if a[0] else None, 1, 1, "any"),
    "last": Function(lambda a, n: a[0][-1] if a[0] else None, 1, 1, "any"),
}
