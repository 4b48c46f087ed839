"""The plain values of properties, and what reading and writing them share.

:class:`DateRange`, :class:`FileRef` and :class:`FileUploadRef` are the plain values of
date and files properties (see :mod:`notion_import.properties`); the functions read ISO 8601
dates and time zones, and show a value in a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class DateRange:
    """The value of a date property: a day or a moment, optionally a range, optionally zoned."""

    start: date | datetime
    """The first day or moment (a ``datetime`` read from Notion always carries a time zone)."""
    end: date | datetime | None = None
    """The last day or moment of a range, ``None`` for a single day or moment."""
    time_zone: str | None = None
    """An IANA time zone name (``"Europe/Paris"``) the date-times are expressed in."""


@dataclass(frozen=True)
class FileRef:
    """One file of a files property: a link to an external file or a file hosted by Notion."""

    name: str
    """The name shown in Notion."""
    url: str
    """Where the file is; a Notion-hosted (``"file"``) URL expires after about an hour."""
    type: str = "external"
    """``"external"`` (a link) or ``"file"`` (hosted by Notion, uploaded or added in the UI)."""


@dataclass(frozen=True)
class FileUploadRef:
    """A file uploaded with the File Upload API, to attach to a files property by its id."""

    id: str
    """The id of the file upload (status ``uploaded``, attached within an hour of creation)."""
    name: str | None = None
    """The name to show in Notion; ``None`` sends no name and leaves the choice to Notion."""


def time_zone_named(name: str) -> tzinfo | None:
    """The time zone of an IANA name, or ``None`` if this system does not know it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_when(text: str, time_zone: str | None = None) -> date | datetime:
    """An ISO 8601 day (``2026-07-04``) or moment; a moment without offset gets ``time_zone``."""
    if "T" not in text and " " not in text:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None and time_zone is not None:
        zone = time_zone_named(time_zone)
        if zone is not None:
            moment = moment.replace(tzinfo=zone)
    return moment


def show(value: Any, limit: int = 60) -> str:
    """``value`` as a message shows it: its ``repr``, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def type_name(value: Any) -> str:
    """The name of ``value``'s type, for messages."""
    return type(value).__name__
