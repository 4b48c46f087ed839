"""The values a formula works on, read from page properties and shaped as Notion answers.

A formula value is a Python ``float`` (number), ``str``, ``bool``, :class:`DateValue`,
:class:`PageRef` (a related page), a ``list`` of values, or ``None`` (empty).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from notion_emulator.formulas.errors import FormulaError


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date or date-time (UTC), with an optional end."""

    start: datetime
    end: datetime | None = None
    has_time: bool = True


@dataclass(frozen=True, slots=True)
class PageRef:
    """A related page: its id and title."""

    id: str
    title: str


def parse_date(text: Any) -> DateValue | None:
    """A Notion date string (``2026-07-01`` or an ISO date-time) as a value; junk reads None."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    has_time = "T" in text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return DateValue(moment.astimezone(UTC), None, has_time)


def _date_payload(payload: Any) -> DateValue | None:
    if not isinstance(payload, Mapping):
        return None
    start = parse_date(payload.get("start"))
    if start is None:
        return None
    end = parse_date(payload.get("end"))
    return DateValue(start.start, end.start if end else None, start.has_time)


def kind_of(value: Any) -> str:
    """The formula type of a value: number, string, boolean, date, page or list."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, DateValue):
        return "date"
    if isinstance(value, PageRef):
        return "page"
    if isinstance(value, list):
        return "list"
    return "empty"


def number_text(number: float) -> str:
    """A number as Notion (JavaScript) prints it: ``3``, ``2.5``, ``0.30000000000000004``."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == int(number) and abs(number) < 1e21:
        return str(int(number))
    return repr(number)


def _date_text(moment: datetime, has_time: bool) -> str:
    day = f"{moment:%B} {moment.day}, {moment.year}"
    if not has_time:
        return day
    hour = moment.hour % 12 or 12
    return f"{day} {hour}:{moment:%M} {'PM' if moment.hour >= 12 else 'AM'}"


def format_value(value: Any) -> str:
    """A value as text, as ``format()`` and ``+`` with a string show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(float(value))
    if isinstance(value, DateValue):
        text = _date_text(value.start, value.has_time)
        if value.end is not None:
            text += " \u2192 " + _date_text(value.end, value.has_time)
        return text
    if isinstance(value, PageRef):
        return value.title
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    return str(value)


def _plain(items: Any) -> str:
    if not isinstance(items, list):
        return ""
    out = []
    for item in items:
        if isinstance(item, Mapping):
            text = item.get("plain_text")
            if not isinstance(text, str):
                text = (item.get("text") or {}).get("content", "")
            out.append(str(text))
    return "".join(out)


def _user_name(user: Any) -> str:
    if not isinstance(user, Mapping):
        return ""
    return str(user.get("name") or user.get("id") or "")


def from_payload(kind: str, payload: Any) -> Any:
    """A stored property payload (``value[kind]``) as a formula value.

    Relations are handled by the caller (they need the related pages' titles); formula and
    rollup payloads are read from their computed results.
    """
    if kind in ("title", "rich_text"):
        return _plain(payload)
    if kind == "number":
        return float(payload) if isinstance(payload, (int, float)) else None
    if kind == "checkbox":
        return payload is True
    if kind in ("select", "status"):
        return str(payload.get("name", "")) if isinstance(payload, Mapping) else ""
    if kind == "multi_select":
        return [str(o.get("name", "")) for o in payload or [] if isinstance(o, Mapping)]
    if kind in ("url", "email", "phone_number"):
        return payload if isinstance(payload, str) else ""
    if kind == "date":
        return _date_payload(payload)
    if kind == "people":
        return [_user_name(user) for user in payload or []]
    if kind in ("created_by", "last_edited_by"):
        return _user_name(payload)
    if kind in ("created_time", "last_edited_time"):
        return parse_date(payload)
    if kind == "files":
        return [str(f.get("name", "")) for f in payload or [] if isinstance(f, Mapping)]
    if kind == "unique_id" and isinstance(payload, Mapping):
        number = payload.get("number")
        return float(number) if isinstance(number, (int, float)) else None
    if kind == "formula" and isinstance(payload, Mapping):
        return _result_value(payload)
    if kind == "rollup" and isinstance(payload, Mapping):
        return _result_value(payload)
    return None


def _result_value(payload: Mapping[str, Any]) -> Any:
    """A computed result (formula or rollup payload) back as a formula value."""
    kind = payload.get("type")
    inner = payload.get(kind) if isinstance(kind, str) else None
    if kind == "number":
        return float(inner) if isinstance(inner, (int, float)) else None
    if kind == "string":
        return inner if isinstance(inner, str) else None
    if kind == "boolean":
        return inner is True
    if kind == "date":
        return _date_payload(inner)
    if kind == "array":
        items = inner if isinstance(inner, list) else []
        return [
            from_payload(str(item.get("type")), item.get(item.get("type")))
            for item in items
            if isinstance(item, Mapping)
        ]
    return None


def date_text(value: DateValue, moment: datetime | None = None) -> str:
    """A date as Notion's API writes it: ``2026-07-01`` or ``2026-07-01T10:00:00.000+00:00``."""
    at = (moment or value.start).astimezone(UTC)
    if not value.has_time:
        return at.strftime("%Y-%m-%d")
    return at.strftime("%Y-%m-%dT%H:%M:%S") + f".{at.microsecond // 1000:03d}+00:00"


def date_payload(value: DateValue) -> dict[str, Any]:
    """A date value as a ``date`` payload (``start``, ``end``, ``time_zone``)."""
    end = date_text(value, value.end) if value.end is not None else None
    return {"start": date_text(value), "end": end, "time_zone": None}


def json_number(number: float) -> int | float | None:
    """A number for JSON: integral values as integers, NaN and infinities as null."""
    if math.isnan(number) or math.isinf(number):
        return None
    return int(number) if number == int(number) and abs(number) < 2**53 else number


def to_result(value: Any, kind: str) -> dict[str, Any]:
    """A formula's result as Notion answers it, ``kind`` naming its type when empty."""
    actual = kind_of(value)
    if actual == "empty":
        actual = kind if kind in ("number", "string", "boolean", "date") else "string"
        return {"type": actual, actual: None}
    if actual == "number":
        return {"type": "number", "number": json_number(float(value))}
    if actual == "boolean":
        return {"type": "boolean", "boolean": value}
    if actual == "date":
        return {"type": "date", "date": date_payload(value)}
    if actual in ("string", "page", "list"):
        return {"type": "string", "string": format_value(value)}
    raise FormulaError(f"A formula cannot answer a {actual}.")
