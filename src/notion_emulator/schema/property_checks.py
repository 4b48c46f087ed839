"""The small checks property requests are made of, each raising Notion's body-failed message.

Property schemas and values are checked by hand-written parsers (rather than the spec trees of
:mod:`~notion_emulator.schema.specs`) because Notion quotes the refused value differently there:
compact JSON, cut after 55 characters (:func:`~notion_emulator.schema.messages.show`).
"""

from __future__ import annotations

import math
import re
import secrets
import string
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.schema.limits import (
    MAX_ARRAY,
    js_length,
)
from notion_emulator.schema.messages import (
    MISSING,
    at_least,
    at_most,
    body_failed,
    fix_one,
    missing_line,
    property_choices,
    show,
)

_ID_ALPHABET: Final = string.ascii_letters + string.digits
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")


def short_id() -> str:
    """A fresh 4-character URL-safe id, like Notion's property ids."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(4))


def option_id() -> str:
    """A fresh select, multi-select or status option (or status group) id: a UUID, as Notion's."""
    return str(uuid.uuid4())


#: Makes a fresh property or option id.
IdMaker = Callable[[], str]


def refuse(path: str, expectation: str, value: Any) -> ValidationError:
    """``body failed validation: <path> <expectation>, instead was `<value>```, the value
    quoted as the property validators quote it."""
    return body_failed(path, f"{expectation}, instead was `{show(value)}`")


def missing_keys(path: str, keys: Iterable[str]) -> ValidationError:
    """Notion's answer when no branch of a union matched: one line per missing key."""
    return fix_one(missing_line(f"{path}.{key}") for key in keys)


def as_object(value: Any, path: str) -> dict[str, Any]:
    """An object; anything else is refused."""
    if not isinstance(value, dict):
        raise refuse(path, "should be an object", value)
    return value


def as_array(value: Any, path: str, limit: int = MAX_ARRAY) -> list[Any]:
    """An array of at most ``limit`` items."""
    if not isinstance(value, list):
        raise refuse(path, "should be an array", value)
    if len(value) > limit:
        raise body_failed(f"{path}.length", at_most(limit, len(value)))
    return value


def only_keys(obj: Mapping[str, Any], allowed: Iterable[str], path: str) -> None:
    """Refuse the first key of ``obj`` not in ``allowed``."""
    allowed_set = set(allowed)
    for key, value in obj.items():
        if key not in allowed_set:
            raise refuse(f"{path}.{key}", "should be not present", value)


def as_string(value: Any, path: str, *, limit: int | None = None, minimum: int = 0) -> str:
    """A string of ``minimum`` to ``limit`` characters."""
    if not isinstance(value, str):
        raise refuse(path, "should be a string", value)
    check_length(value, path, limit=limit, minimum=minimum)
    return value


def as_nullable_string(value: Any, path: str, *, limit: int | None = None) -> str | None:
    """A string of at most ``limit`` characters, or null."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise refuse(path, "should be a string or `null`", value)
    check_length(value, path, limit=limit)
    return value


def check_length(value: str, path: str, *, limit: int | None = None, minimum: int = 0) -> None:
    """Refuse a string shorter than ``minimum`` or longer than ``limit`` characters."""
    size = js_length(value)
    if limit is not None and size > limit:
        raise body_failed(f"{path}.length", at_most(limit, size))
    if size < minimum:
        raise body_failed(f"{path}.length", at_least(minimum, size))


def as_number(value: Any, path: str) -> float | int:
    """A finite number (booleans excluded)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise refuse(path, "should be a number", value)
    return value


def as_choice(value: Any, allowed: tuple[str, ...], path: str) -> str:
    """One of ``allowed``."""
    if not isinstance(value, str) or value not in allowed:
        raise refuse(path, property_choices(allowed), value)
    return value


def as_uuid(value: Any, path: str) -> str:
    """A page, user or data source id, returned in dashed lower-case form."""
    raw = value.replace("-", "") if isinstance(value, str) else ""
    if not _HEX32.fullmatch(raw) or len(value) not in (32, 36):
        raise refuse(path, "should be a valid uuid", value)
    raw = raw.lower()
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def as_time_zone(value: Any, path: str) -> str | None:
    """An IANA time zone name, or null."""
    if value is None:
        return None
    zones = _time_zones()
    if not isinstance(value, str) or (zones and value not in zones):
        raise refuse(path, "should be a valid IANA time zone", value)
    return value


def as_iso_date(value: Any, path: str, *, zoned: bool) -> str:
    """A date (kept as given) or a date-time (milliseconds, offset; UTC when none and unzoned)."""
    if not isinstance(value, str):
        raise refuse(path, "should be a string", value)
    try:
        if _DATE_ONLY.fullmatch(value):
            date.fromisoformat(value)
            return value
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise refuse(path, "should be a valid ISO 8601 date string", value) from None
    if moment.tzinfo is None and not zoned:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="milliseconds")


def date_request(value: Any, path: str) -> dict[str, Any]:
    """``DateRequest`` -> ``DateResponse``."""
    obj = as_object(value, path)
    only_keys(obj, ("start", "end", "time_zone"), path)
    if "start" not in obj:
        raise body_failed(f"{path}.start", MISSING)
    zone = as_time_zone(obj.get("time_zone"), f"{path}.time_zone")
    start = as_iso_date(obj["start"], f"{path}.start", zoned=zone is not None)
    end = obj.get("end")
    if end is not None:
        end = as_iso_date(end, f"{path}.end", zoned=zone is not None)
    return {"start": start, "end": end, "time_zone": zone}


def fresh_id(new_id: IdMaker, taken: set[str]) -> str:
    """A new id from ``new_id``, neither in ``taken`` nor ``title``; added to ``taken``."""
    for _ in range(1000):
        candidate = new_id()
        if candidate not in taken and candidate != "title":
            taken.add(candidate)
            return candidate
    raise RuntimeError("new_id keeps returning ids that are already taken")
