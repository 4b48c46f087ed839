"""Date arithmetic and formatting for formulas (``dateAdd``, ``dateBetween``, ``formatDate``)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from notion_emulator.formulas.errors import FormulaError
from notion_emulator.formulas.values import DateValue

#: Fixed-length units, in seconds; months, quarters and years follow the calendar.
_FIXED: Final[dict[str, float]] = {
    "weeks": 7 * 86400,
    "days": 86400,
    "hours": 3600,
    "minutes": 60,
    "seconds": 1,
    "milliseconds": 0.001,
}
_MONTHS: Final[dict[str, int]] = {"months": 1, "quarters": 3, "years": 12}
_UNITS: Final = (*_MONTHS, *_FIXED)


def _unit(unit: str) -> str:
    if unit not in _UNITS:
        raise FormulaError(f"Unknown date unit {unit!r}; use one of {', '.join(_UNITS)}.")
    return unit


def _shift_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _add(moment: datetime, amount: float, unit: str) -> datetime:
    if unit in _MONTHS:
        return _shift_months(moment, int(amount) * _MONTHS[unit])
    return moment + timedelta(seconds=amount * _FIXED[unit])


def add_to_date(value: DateValue, amount: float, unit: str) -> DateValue:
    """``value`` moved by ``amount`` units (negative moves back)."""
    unit = _unit(unit)
    end = _add(value.end, amount, unit) if value.end is not None else None
    has_time = value.has_time or unit in ("hours", "minutes", "seconds", "milliseconds")
    return DateValue(_add(value.start, amount, unit), end, has_time)


def between(first: DateValue, second: DateValue, unit: str) -> int:
    """Whole ``unit``s from ``second`` to ``first`` (negative when first is earlier)."""
    unit = _unit(unit)
    a, b = first.start, second.start
    if unit in _FIXED:
        return int((a - b).total_seconds() / _FIXED[unit])
    months = (a.year - b.year) * 12 + (a.month - b.month)
    if months > 0 and _shift_months(b, months) > a:
        months -= 1
    elif months < 0 and _shift_months(b, months) < a:
        months += 1
    return int(months / _MONTHS[unit])


def now_value(now: datetime) -> DateValue:
    """``now()``: this instant."""
    return DateValue(now)


def today_value(now: datetime) -> DateValue:
    """``today()``: this day, without a time."""
    return DateValue(now.replace(hour=0, minute=0, second=0, microsecond=0), None, False)


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


_TOKENS: Final[dict[str, Callable[[datetime], str]]] = {
    "YYYY": lambda d: f"{d.year:04d}",
    "YY": lambda d: f"{d.year % 100:02d}",
    "MMMM": lambda d: d.strftime("%B"),
    "MMM": lambda d: d.strftime("%b"),
    "MM": lambda d: f"{d.month:02d}",
    "M": lambda d: str(d.month),
    "Do": lambda d: _ordinal(d.day),
    "DD": lambda d: f"{d.day:02d}",
    "D": lambda d: str(d.day),
    "dddd": lambda d: d.strftime("%A"),
    "ddd": lambda d: d.strftime("%a"),
    "HH": lambda d: f"{d.hour:02d}",
    "H": lambda d: str(d.hour),
    "hh": lambda d: f"{d.hour % 12 or 12:02d}",
    "h": lambda d: str(d.hour % 12 or 12),
    "mm": lambda d: f"{d.minute:02d}",
    "m": lambda d: str(d.minute),
    "ss": lambda d: f"{d.second:02d}",
    "s": lambda d: str(d.second),
    "A": lambda d: "PM" if d.hour >= 12 else "AM",
    "a": lambda d: "pm" if d.hour >= 12 else "am",
}
_TOKEN_PATTERN: Final = re.compile(
    r"\[([^\]]*)\]|" + "|".join(sorted(_TOKENS, key=len, reverse=True))
)


def format_date(value: DateValue, pattern: str) -> str:
    """``formatDate(date, "YYYY-MM-DD")``: Moment-style tokens; ``[text]`` stays as written."""
    moment = value.start

    def one(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        return _TOKENS[match.group()](moment)

    return _TOKEN_PATTERN.sub(one, pattern)
