"""Writing: plain Python values -> the ``properties`` of a page write request.

:func:`build` checks each value against its property's type and Notion's limits before
anything is sent; nothing is truncated or dropped. The values each type accepts are in the
table of :mod:`notion_import.properties`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, Final
from urllib.parse import unquote, urlsplit

from notion_import.errors import PropertyError
from notion_import.notion import (
    MAX_EMAIL,
    MAX_ITEMS,
    MAX_OPTION_NAME,
    MAX_PHONE,
    MAX_TEXT,
    MAX_URL,
    js_length,
    split_units,
)
from notion_import.properties.values import (
    DateRange,
    FileRef,
    FileUploadRef,
    parse_when,
    show,
    time_zone_named,
    type_name,
)

_READ_ONLY: Final = (
    "button",
    "created_by",
    "created_time",
    "formula",
    "last_edited_by",
    "last_edited_time",
    "rollup",
    "unique_id",
)
_HEX_ID: Final = re.compile(r"[0-9a-fA-F]{32}")


@dataclass(frozen=True)
class _Target:
    """The property a value is built for: its name (for messages) and its schema entry."""

    name: str
    config: Mapping[str, Any]

    @property
    def kind(self) -> str:
        return str(self.config.get("type"))

    def error(self, problem: str, remedy: str) -> PropertyError:
        return PropertyError(self.name, problem, remedy)


_Builder = Callable[[_Target, Any], Any]


def build(schema: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn plain values by property name into the ``properties`` of a page write request.

    ``schema`` is a data source's ``properties`` as Notion returns them (name ->
    ``{"id", "name", "type", ...}``); for a page under a page use
    ``{"title": {"type": "title"}}``. ``values`` maps property names to plain values (see the
    module documentation); properties left out are left alone by Notion.

    Raises :class:`PropertyError` for a name the schema does not have, a read-only property, a
    value of the wrong kind or one past Notion's limits. Nothing is truncated or dropped.
    """
    request: dict[str, Any] = {}
    for name, value in values.items():
        config = schema.get(name)
        if not isinstance(config, Mapping):
            raise _unknown_property(name, schema)
        target = _Target(name, config)
        builder = _BUILDERS.get(target.kind)
        if builder is None:
            raise target.error(
                f"properties of type {target.kind!r} cannot be written by build",
                "leave it out of the values, or write its request value yourself",
            )
        request[name] = {target.kind: builder(target, value)}
    return request


def _unknown_property(name: str, schema: Mapping[str, Any]) -> PropertyError:
    known = sorted(schema)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    listing = ", ".join(repr(k) for k in known) or "none"
    return PropertyError(
        name,
        f"the data source has no such property{hint}",
        f"use one of its properties ({listing}) or add it to the data source first",
    )


def _rich_text(target: _Target, value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if isinstance(value, str):
        return _text_items(target, value)
    if isinstance(value, Sequence) and all(isinstance(item, Mapping) for item in value):
        return _checked_items(target, value)
    raise target.error(
        f"expected text (str) for a {target.kind} property, got {type_name(value)}",
        "pass a str, a list of rich-text request items, or None to clear it",
    )


def _text_items(target: _Target, text: str) -> list[dict[str, Any]]:
    pieces = split_units(text, MAX_TEXT)
    if len(pieces) > MAX_ITEMS:
        raise target.error(
            f"the text is {js_length(text):,} characters long and needs {len(pieces)} rich-text "
            f"items of at most {MAX_TEXT:,} characters, more than the {MAX_ITEMS} Notion accepts",
            f"shorten it to at most {MAX_TEXT * MAX_ITEMS:,} characters or move it to the body",
        )
    return [{"type": "text", "text": {"content": piece}} for piece in pieces]


def _checked_items(target: _Target, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if len(items) > MAX_ITEMS:
        raise target.error(
            f"{len(items)} rich-text items, more than the {MAX_ITEMS} Notion accepts",
            "merge adjacent items or pass the text as a str to have it split",
        )
    for index, item in enumerate(items):
        text = item.get("text")
        content = text.get("content") if isinstance(text, Mapping) else None
        if isinstance(content, str) and js_length(content) > MAX_TEXT:
            raise target.error(
                f"rich-text item {index} holds {js_length(content):,} characters, more than the "
                f"{MAX_TEXT:,} Notion accepts in one item",
                "split it into several items, or pass the text as a str to have it split",
            )
    return [dict(item) for item in items]


def _number(target: _Target, value: Any) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise target.error(
            f"expected a number, got {type_name(value)} {show(value)}",
            "pass an int or a float, or None to clear it",
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise target.error(
            f"{value} is not a finite number, which Notion cannot store",
            "pass a finite number, or None to clear it",
        )
    return value


def _option(target: _Target, name: Any) -> str:
    kind = target.kind.replace("_", "-")
    if not isinstance(name, str):
        raise target.error(
            f"expected an option name (str), got {type_name(name)} {show(name)}",
            f"pass the {kind} option's name",
        )
    if not 1 <= js_length(name) <= MAX_OPTION_NAME:
        raise target.error(
            f"option name {show(name)} is {js_length(name)} characters long; Notion accepts "
            f"1 to {MAX_OPTION_NAME} in {kind} options",
            "shorten it, or use a rich_text property for longer values",
        )
    if "," in name:
        raise target.error(
            f"option name {name!r} contains a comma, which Notion does not allow in {kind} options",
            "replace the comma (for example with ';' or '/') or split it into several options",
        )
    return name


def _many(target: _Target, value: Any, noun: str) -> list[Any]:
    """A list from one value or an iterable of values, duplicates removed, at most 100."""
    if value is None:
        return []
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        items: list[Any] = [value]
    else:
        items = _unique(value)
    if len(items) > MAX_ITEMS:
        raise target.error(
            f"{len(items)} {noun}, more than the {MAX_ITEMS} Notion accepts in one request",
            f"keep at most {MAX_ITEMS}",
        )
    return items


def _unique(values: Iterable[Any]) -> list[Any]:
    """``values`` in order without repeats (kept as given when they cannot be hashed)."""
    items = list(values)
    try:
        return list(dict.fromkeys(items))
    except TypeError:
        return items


def _select(target: _Target, value: Any) -> dict[str, str] | None:
    return None if value is None else {"name": _option(target, value)}


def _status(target: _Target, value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    name = _option(target, value)
    options = (target.config.get("status") or {}).get("options")
    known = [str(option.get("name")) for option in options or ()]
    if options is not None and name not in known:
        raise target.error(
            f"{name!r} is not one of the data source's statuses ({', '.join(map(repr, known))})",
            "use one of them, or add the status to the data source first: Notion creates "
            "missing select options on write, but not statuses",
        )
    return {"name": name}


def _multi_select(target: _Target, value: Any) -> list[dict[str, str]]:
    return [{"name": _option(target, name)} for name in _many(target, value, "options")]


def _notion_id(target: _Target, value: Any, what: str) -> str:
    if not isinstance(value, str) or not _HEX_ID.fullmatch(value.replace("-", "")):
        raise target.error(
            f"{show(value)} is not a {what} id",
            f"pass {what} ids: 32 hexadecimal digits, dashes optional",
        )
    return value


def _people(target: _Target, value: Any) -> list[dict[str, str]]:
    return [{"id": _notion_id(target, item, "user")} for item in _many(target, value, "people")]


def _relation(target: _Target, value: Any) -> list[dict[str, str]]:
    return [{"id": _notion_id(target, item, "page")} for item in _many(target, value, "pages")]


def _checkbox(target: _Target, value: Any) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise target.error(
            f"expected True or False, got {type_name(value)} {show(value)}",
            "pass a bool (None unchecks it)",
        )
    return value


def _text(limit: int, what: str) -> _Builder:
    """A builder of a plain string value of at most ``limit`` characters (url, email, phone)."""

    def build_text(target: _Target, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise target.error(
                f"expected {what} (str), got {type_name(value)} {show(value)}",
                "pass a str, or None to clear it",
            )
        if js_length(value) > limit:
            raise target.error(
                f"{what} {show(value)} is {js_length(value):,} characters long, more than the "
                f"{limit:,} Notion accepts",
                f"shorten it to at most {limit:,} characters",
            )
        return value

    return build_text


# -- dates ------------------------------------------------------------------------------------


def _when_text(target: _Target, when: Any, time_zone: str | None) -> str:
    """One end of a date range in ISO 8601, as Notion wants it given ``time_zone``."""
    if isinstance(when, str):
        when = _parse_request_when(target, when)
    if isinstance(when, datetime):
        return _moment_text(target, when, time_zone)
    if isinstance(when, date):
        return when.isoformat()
    raise target.error(
        f"expected a date, a datetime or an ISO 8601 string, got {type_name(when)} {show(when)}",
        "pass a date, an aware datetime, a DateRange, or None to clear it",
    )


def _parse_request_when(target: _Target, text: str) -> date | datetime:
    try:
        return parse_when(text)
    except ValueError:
        raise target.error(
            f"{text!r} is not an ISO 8601 date or date-time",
            "pass '2026-07-04', '2026-07-04T09:30:00+02:00', a date or a datetime",
        ) from None


def _moment_text(target: _Target, moment: datetime, time_zone: str | None) -> str:
    spec = "milliseconds" if moment.microsecond else "seconds"
    if time_zone is None:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise target.error(
                f"the datetime {moment.isoformat()} has no time zone, so the moment is ambiguous",
                "attach one (tzinfo=datetime.UTC or a ZoneInfo) or pass "
                "DateRange(start, time_zone='Europe/Paris')",
            )
        return moment.isoformat(timespec=spec)
    if moment.tzinfo is not None:
        zone = time_zone_named(time_zone)
        if zone is None:
            raise target.error(
                f"{time_zone!r} is not a time zone this system knows",
                "pass an IANA time zone name such as 'Europe/Paris'",
            )
        moment = moment.astimezone(zone).replace(tzinfo=None)
    return moment.isoformat(timespec=spec)


def _date(target: _Target, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    span = value if isinstance(value, DateRange) else DateRange(value)
    request: dict[str, Any] = {"start": _when_text(target, span.start, span.time_zone)}
    if span.end is not None:
        request["end"] = _when_text(target, span.end, span.time_zone)
    if span.time_zone is not None:
        request["time_zone"] = span.time_zone
    return request


# -- files ------------------------------------------------------------------------------------


def _file_name(target: _Target, name: Any) -> str:
    if not isinstance(name, str):
        raise target.error(
            f"expected a file name (str), got {type_name(name)} {show(name)}",
            "give the file the name Notion should show",
        )
    return name


def _file_url(target: _Target, url: str) -> str:
    if not 1 <= js_length(url) <= MAX_URL:
        raise target.error(
            f"file URL {show(url)} is {js_length(url):,} characters long; Notion accepts "
            f"1 to {MAX_URL:,}",
            "host the file at a shorter URL, or upload it and pass a FileUploadRef",
        )
    return url


def _name_from_url(url: str) -> str:
    """The last path segment of ``url``, unquoted (else its host, else the URL itself)."""
    parts = urlsplit(url)
    return unquote(PurePosixPath(parts.path).name) or parts.netloc or url


def _file_from_url(target: _Target, url: str) -> dict[str, Any]:
    return {
        "type": "external",
        "name": _file_name(target, _name_from_url(url)),
        "external": {"url": _file_url(target, url)},
    }


def _file_from_ref(target: _Target, ref: FileRef) -> dict[str, Any]:
    if ref.type not in ("external", "file"):
        raise target.error(
            f"FileRef type {ref.type!r} is neither 'external' nor 'file'",
            "use FileRef(..., type='external') for links, FileUploadRef for uploads",
        )
    return {
        "type": ref.type,
        "name": _file_name(target, ref.name),
        ref.type: {"url": _file_url(target, ref.url)},
    }


def _file_from_upload(target: _Target, ref: FileUploadRef) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "file_upload",
        "file_upload": {"id": _notion_id(target, ref.id, "file upload")},
    }
    if ref.name is not None:
        item["name"] = _file_name(target, ref.name)
    return item


_FILE_ITEM_BUILDERS: Final[
    tuple[tuple[type[Any], Callable[[_Target, Any], dict[str, Any]]], ...]
] = (
    (str, _file_from_url),
    (FileRef, _file_from_ref),
    (FileUploadRef, _file_from_upload),
)


def _file_item(target: _Target, item: Any) -> dict[str, Any]:
    for kind, builder in _FILE_ITEM_BUILDERS:
        if isinstance(item, kind):
            return builder(target, item)
    raise target.error(
        f"expected a URL, a FileRef or a FileUploadRef, got {type_name(item)} {show(item)}",
        "upload local files first (Uploader) and pass FileUploadRef(upload_id, name)",
    )


def _files_value(target: _Target, value: Any) -> list[dict[str, Any]]:
    return [_file_item(target, item) for item in _many(target, value, "files")]


# -- the rest ---------------------------------------------------------------------------------


def _verification_value(target: _Target, value: Any) -> dict[str, str]:
    state = "unverified" if value is None else value
    if state not in ("verified", "unverified"):
        raise target.error(
            f"verification state {show(value)} is neither 'verified' nor 'unverified'",
            "pass 'verified' or 'unverified' (None means unverified)",
        )
    return {"state": state}


def _place(target: _Target, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    coordinates = (value.get("lat"), value.get("lon")) if isinstance(value, Mapping) else ()
    if len(coordinates) != 2 or not all(
        isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates
    ):
        raise target.error(
            f"expected a mapping with numeric 'lat' and 'lon', got {show(value)}",
            "pass {'lat': 48.85, 'lon': 2.35} (optionally with 'name' and 'address')",
        )
    return dict(value)


def _read_only(target: _Target, value: Any) -> Any:
    raise target.error(
        f"a {target.kind} property is computed by Notion and cannot be written",
        "leave it out of the values",
    )


_BUILDERS: Final[Mapping[str, _Builder]] = {
    "title": _rich_text,
    "rich_text": _rich_text,
    "number": _number,
    "select": _select,
    "status": _status,
    "multi_select": _multi_select,
    "date": _date,
    "people": _people,
    "files": _files_value,
    "checkbox": _checkbox,
    "url": _text(MAX_URL, "a URL"),
    "email": _text(MAX_EMAIL, "an email address"),
    "phone_number": _text(MAX_PHONE, "a phone number"),
    "relation": _relation,
    "verification": _verification_value,
    "place": _place,
    **dict.fromkeys(_READ_ONLY, _read_only),
}
