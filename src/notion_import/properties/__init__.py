"""Page property values <-> plain Python values.

``extract(page["properties"])`` reads the properties of a page (as ``pages.retrieve`` or a data
source query return them) into plain values by property name; ``build(schema, values)`` does the
reverse for writes: it turns plain values into the ``properties`` of a ``pages.create`` or
``pages.update`` request, checked against Notion's limits before anything is sent.

=================  ==================================  =======================================
Notion type        ``extract`` gives                   ``build`` accepts
=================  ==================================  =======================================
title, rich_text   ``str`` (plain text)                ``str`` (split into items of at most
                                                       2,000 characters, at most 100 items) or
                                                       a list of rich-text request items
number             ``int | float | None``              ``int | float | None``
select, status     option name or ``None``             option name or ``None``
multi_select       ``list[str]`` of option names       names (a ``str`` is one name)
date               :class:`DateRange` or ``None``      ``date``, aware ``datetime``,
                                                       :class:`DateRange`, ISO string
people             ``list[str]`` of user ids           user ids (a ``str`` is one id)
files              ``list[FileRef]``                   URLs, :class:`FileRef`,
                                                       :class:`FileUploadRef`
checkbox           ``bool``                            ``bool`` (``None`` is ``False``)
url, email,        ``str | None``                      ``str | None`` (``""`` clears)
phone_number
relation           ``list[str]`` of page ids           page ids (a ``str`` is one id)
verification       state (``"verified"`` ...) or None  ``"verified"`` or ``"unverified"``
place              the raw ``{"lat", "lon", ...}``     a mapping with ``lat`` and ``lon``
formula            its value: ``str``, number,         read-only: raises
                   ``bool``, :class:`DateRange`
rollup             number, :class:`DateRange` or a     read-only: raises
                   list of extracted items
created_by,        user id (``str``)                   read-only: raises
last_edited_by
created_time,      aware ``datetime``                  read-only: raises
last_edited_time
unique_id          ``"PREFIX-12"``, or ``12`` when     read-only: raises
                   the property has no prefix
button             the raw ``{}``                      read-only: raises
anything else      the raw value under its type key    raises
=================  ==================================  =======================================

Decisions:

- People, ``created_by`` and ``last_edited_by`` extract to user ids, not to user objects: page
  responses often carry partial users (``{"object": "user", "id": ...}``) without a name, ids
  are what ``build`` takes back, and names are one ``users.list`` away.
- ``None`` clears a property in ``build`` (an empty list for list types, ``False`` for a
  checkbox, ``"unverified"`` for verification).
- A ``datetime`` without a time zone is refused by ``build``: give it a ``tzinfo`` or put it in
  a :class:`DateRange` with ``time_zone`` (an IANA name; the date-time is then sent without an
  offset, as Notion requires). ``extract`` attaches that zone to the date-times it reads.
- Lengths are counted as Notion counts them, in UTF-16 code units: an emoji outside the Basic
  Multilingual Plane counts as two characters. Text is split only between code points.
- Select and multi-select names that do not exist yet are created by Notion on write; status
  names must already exist, so ``build`` checks them against the schema's options.
- Notion documents that a page object holds at most 25 references per property (a relation
  value carries ``has_more``); ``extract`` gives what the page holds, :func:`truncated` names
  the properties whose full value must be read with ``pages.properties.retrieve``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import PurePosixPath
from typing import Any, Final
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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

__all__ = [
    "MAX_EMAIL",
    "MAX_ITEMS",
    "MAX_OPTION_NAME",
    "MAX_PHONE",
    "MAX_TEXT",
    "MAX_URL",
    "DateRange",
    "FileRef",
    "FileUploadRef",
    "PropertyError",
    "build",
    "extract",
    "truncated",
]

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


# ---------------------------------------------------------------------------------------------
# extract: response values -> plain values
# ---------------------------------------------------------------------------------------------

_Extractor = Callable[[Any], Any]


def extract(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Read a page's ``properties`` (response form) into plain Python values by property name.

    See the module documentation for the value each type gives. A type this module does not
    know gives its raw value (what is under the key named by its ``type``), so a new Notion
    property type never breaks a reader. A value of a known type that does not have the shape
    Notion gives raises :class:`PropertyError`.
    """
    return {name: _extract_named(name, prop) for name, prop in properties.items()}


def truncated(properties: Mapping[str, Any]) -> list[str]:
    """The names of the properties whose value in this page object is incomplete
    (``has_more: true``); read those with ``pages.properties.retrieve`` before trusting them."""
    return [
        name
        for name, prop in properties.items()
        if isinstance(prop, Mapping) and prop.get("has_more") is True
    ]


def _extract_named(name: str, prop: Any) -> Any:
    try:
        return _extract_value(prop)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PropertyError(
            name,
            f"the value {_show(prop)} does not have the shape Notion gives ({error!r})",
            "pass a page's 'properties' as pages.retrieve or a data source query return them",
        ) from error


def _extract_value(prop: Any) -> Any:
    """One property value (or one rollup array item): ``{"type": T, T: ...}`` -> plain value."""
    if not isinstance(prop, Mapping):
        return prop
    kind = prop.get("type")
    if not isinstance(kind, str) or kind not in prop:
        return prop
    extractor = _EXTRACTORS.get(kind)
    return prop[kind] if extractor is None else extractor(prop[kind])


def _by_type(table: Mapping[str, _Extractor]) -> _Extractor:
    """An extractor for a nested ``{"type": T, T: ...}`` value (formula, rollup) by its table."""

    def extract_nested(value: Mapping[str, Any]) -> Any:
        kind = value["type"]
        extractor = table.get(kind)
        return value.get(kind, value) if extractor is None else extractor(value.get(kind))

    return extract_nested


def _same(value: Any) -> Any:
    return value


def _nothing(value: Any) -> None:
    return None


def _plain_text(items: Sequence[Mapping[str, Any]]) -> str:
    return "".join(_item_text(item) for item in items)


def _item_text(item: Mapping[str, Any]) -> str:
    text = item.get("plain_text")
    if isinstance(text, str):
        return text
    inner = item.get(item.get("type", "text")) or {}
    return str(inner.get("content") or inner.get("expression") or "")


def _option_name(option: Mapping[str, Any] | None) -> str | None:
    return None if option is None else str(option["name"])


def _option_names(options: Sequence[Mapping[str, Any]]) -> list[str]:
    return [str(option["name"]) for option in options]


def _id(obj: Mapping[str, Any]) -> str:
    return str(obj["id"])


def _ids(objs: Sequence[Mapping[str, Any]]) -> list[str]:
    return [_id(obj) for obj in objs]


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _parse_when(text: str, time_zone: str | None = None) -> date | datetime:
    """An ISO 8601 day (``2026-07-04``) or moment; a moment without offset gets ``time_zone``."""
    if "T" not in text and " " not in text:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None and time_zone is not None:
        zone = _zone(time_zone)
        if zone is not None:
            moment = moment.replace(tzinfo=zone)
    return moment


def _date_range(value: Mapping[str, Any] | None) -> DateRange | None:
    if value is None:
        return None
    time_zone = value.get("time_zone")
    end = value.get("end")
    return DateRange(
        start=_parse_when(value["start"], time_zone),
        end=None if end is None else _parse_when(end, time_zone),
        time_zone=time_zone,
    )


def _timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _files(items: Sequence[Mapping[str, Any]]) -> list[FileRef]:
    return [_file_ref(item) for item in items]


def _file_ref(item: Mapping[str, Any]) -> FileRef:
    kind = item["type"]
    return FileRef(name=str(item.get("name", "")), url=str(item[kind]["url"]), type=str(kind))


def _unique_id(value: Mapping[str, Any]) -> str | int | None:
    number = value.get("number")
    prefix = value.get("prefix")
    if number is None:
        return None
    return f"{prefix}-{number}" if prefix else int(number)


def _verification(value: Mapping[str, Any] | None) -> str | None:
    return None if value is None else str(value["state"])


def _rollup_array(items: Sequence[Any]) -> list[Any]:
    return [_extract_value(item) for item in items]


_FORMULA_EXTRACTORS: Final[Mapping[str, _Extractor]] = {
    "string": _same,
    "number": _same,
    "boolean": _same,
    "date": _date_range,
    "unsupported": _nothing,
}

_ROLLUP_EXTRACTORS: Final[Mapping[str, _Extractor]] = {
    "number": _same,
    "date": _date_range,
    "array": _rollup_array,
    "unsupported": _nothing,
}

_EXTRACTORS: Final[Mapping[str, _Extractor]] = {
    "title": _plain_text,
    "rich_text": _plain_text,
    "number": _same,
    "select": _option_name,
    "status": _option_name,
    "multi_select": _option_names,
    "date": _date_range,
    "people": _ids,
    "created_by": _id,
    "last_edited_by": _id,
    "files": _files,
    "checkbox": bool,
    "url": _same,
    "email": _same,
    "phone_number": _same,
    "formula": _by_type(_FORMULA_EXTRACTORS),
    "relation": _ids,
    "rollup": _by_type(_ROLLUP_EXTRACTORS),
    "created_time": _timestamp,
    "last_edited_time": _timestamp,
    "unique_id": _unique_id,
    "verification": _verification,
}


# ---------------------------------------------------------------------------------------------
# build: plain values -> request values
# ---------------------------------------------------------------------------------------------


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


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_name(value: Any) -> str:
    return type(value).__name__


def _rich_text(target: _Target, value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if isinstance(value, str):
        return _text_items(target, value)
    if isinstance(value, Sequence) and all(isinstance(item, Mapping) for item in value):
        return _checked_items(target, value)
    raise target.error(
        f"expected text (str) for a {target.kind} property, got {_type_name(value)}",
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
            f"expected a number, got {_type_name(value)} {_show(value)}",
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
            f"expected an option name (str), got {_type_name(name)} {_show(name)}",
            f"pass the {kind} option's name",
        )
    if not 1 <= js_length(name) <= MAX_OPTION_NAME:
        raise target.error(
            f"option name {_show(name)} is {js_length(name)} characters long; Notion accepts "
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
            f"{_show(value)} is not a {what} id",
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
            f"expected True or False, got {_type_name(value)} {_show(value)}",
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
                f"expected {what} (str), got {_type_name(value)} {_show(value)}",
                "pass a str, or None to clear it",
            )
        if js_length(value) > limit:
            raise target.error(
                f"{what} {_show(value)} is {js_length(value):,} characters long, more than the "
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
        f"expected a date, a datetime or an ISO 8601 string, got {_type_name(when)} {_show(when)}",
        "pass a date, an aware datetime, a DateRange, or None to clear it",
    )


def _parse_request_when(target: _Target, text: str) -> date | datetime:
    try:
        return _parse_when(text)
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
        zone = _zone(time_zone)
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
            f"expected a file name (str), got {_type_name(name)} {_show(name)}",
            "give the file the name Notion should show",
        )
    return name


def _file_url(target: _Target, url: str) -> str:
    if not 1 <= js_length(url) <= MAX_URL:
        raise target.error(
            f"file URL {_show(url)} is {js_length(url):,} characters long; Notion accepts "
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
        f"expected a URL, a FileRef or a FileUploadRef, got {_type_name(item)} {_show(item)}",
        "upload local files first (Uploader) and pass FileUploadRef(upload_id, name)",
    )


def _files_value(target: _Target, value: Any) -> list[dict[str, Any]]:
    return [_file_item(target, item) for item in _many(target, value, "files")]


# -- the rest ---------------------------------------------------------------------------------


def _verification_value(target: _Target, value: Any) -> dict[str, str]:
    state = "unverified" if value is None else value
    if state not in ("verified", "unverified"):
        raise target.error(
            f"verification state {_show(value)} is neither 'verified' nor 'unverified'",
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
            f"expected a mapping with numeric 'lat' and 'lon', got {_show(value)}",
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
