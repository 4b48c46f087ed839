"""Values read out of page payloads in response form, as filters and sorts compare them.

Every reader takes whatever a page holds (or ``None``) and never raises: an unreadable value
reads as empty. Dates become UTC instants in whole milliseconds.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


MS = timedelta(milliseconds=1)


DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, LookupError):
        return None


def midnight(day: date) -> datetime:
    """The start of a UTC day."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def instant(text: Any, time_zone: Any = None) -> datetime | None:
    """An ISO 8601 date or datetime as a UTC instant in whole milliseconds; None if not one."""
    if not isinstance(text, str):
        return None
    try:
        if DATE_ONLY.match(text):
            return midnight(date.fromisoformat(text))
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            zone = _zone(time_zone) if isinstance(time_zone, str) else None
            moment = moment.replace(tzinfo=zone or UTC)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def norm_id(value: Any) -> str | None:
    """An id without dashes, lower-case (None when not a string)."""
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


def rich_plain(raw: Any) -> str:
    """The joined text of a rich-text payload."""
    return "".join(_text_of(item) for item in raw) if isinstance(raw, list) else ""


def plain(raw: Any) -> str:
    """A string payload, or ``""``."""
    return raw if isinstance(raw, str) else ""


def num(raw: Any) -> int | float | None:
    """A number payload (booleans excluded), or None."""
    return raw if isinstance(raw, int | float) and not isinstance(raw, bool) else None


def is_true(raw: Any) -> bool:
    """Whether a checkbox payload is checked."""
    return raw is True


def option_name(raw: Any) -> str | None:
    """The name of a select or status option payload."""
    name = raw.get("name") if isinstance(raw, dict) else None
    return name if isinstance(name, str) else None


def option_names(raw: Any) -> tuple[str, ...]:
    """The names of a multi-select payload."""
    if not isinstance(raw, list):
        return ()
    return tuple(n for n in map(option_name, raw) if n is not None)


def date_value(raw: Any) -> datetime | None:
    """The start of a date payload as a UTC instant."""
    return instant(raw.get("start"), raw.get("time_zone")) if isinstance(raw, dict) else None


def ids(raw: Any) -> tuple[str, ...]:
    """The normalized ids of a list of users or pages."""
    if not isinstance(raw, list):
        return ()
    return tuple(i for i in (norm_id(x.get("id")) for x in raw if isinstance(x, dict)) if i)


def one_id(raw: Any) -> tuple[str, ...]:
    """The normalized id of one user (``created_by``, ``last_edited_by``)."""
    return ids([raw])


def as_list(raw: Any) -> list[Any]:
    """A list payload, or ``[]``."""
    return raw if isinstance(raw, list) else []


def unique_number(raw: Any) -> int | float | None:
    """A ``unique_id`` payload's number."""
    return num(raw.get("number")) if isinstance(raw, dict) else None


def verification_state(raw: Any) -> str | None:
    """A ``verification`` payload's state."""
    state = raw.get("state") if isinstance(raw, dict) else None
    return state if isinstance(state, str) else None
