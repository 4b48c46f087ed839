"""The shape check of one page property value in a request, type by type.

:func:`parse_value` checks a request value (``{"<type>": ...}``, optionally with ``"type"``, or
a bare rich-text list) and returns its payload in response form, except option references and
file uploads, which need the schema and the resolver
(:mod:`~notion_emulator.schema.page_properties`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from notion_emulator.schema.limits import (
    MAX_EMAIL,
    MAX_EQUATION,
    MAX_PHONE,
    MAX_TEXT,
    MAX_URL,
)
from notion_emulator.schema.messages import (
    MISSING,
    body_failed,
)
from notion_emulator.schema.property_checks import (
    IdMaker,
    as_array,
    as_choice,
    as_nullable_string,
    as_number,
    as_object,
    as_string,
    as_uuid,
    check_length,
    date_request,
    missing_keys,
    only_keys,
    refuse,
)
from notion_emulator.schema.property_configs import option_name
from notion_emulator.schema.vocabularies import (
    COLORS,
    VALUE_TYPES,
)

#: Normalizes request rich text to response rich text (``blocks.normalize_rich_text``).
RichText = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
#: Maps a file upload id to ``{"url": ..., "expiry_time": ...}`` (optionally ``filename``),
#: or raises :class:`~notion_emulator.errors.NotionError`.
FileResolver = Callable[[str], dict[str, Any]]


@dataclass(slots=True)
class Parsed:
    """A request value after its shape check: the type it claims, and its payload.

    ``kind`` is ``None`` for a bare rich-text list (title or rich_text, decided by the schema).
    Payloads are already in response form except option references and file uploads, which
    need the schema and the resolver.
    """

    kind: str | None
    payload: Any
    path: str


@dataclass(slots=True)
class ValueContext:
    """What checking values needs besides the request: rich text, uploads, ids."""

    rich_text: RichText
    resolve_file_upload: FileResolver | None
    new_id: IdMaker


def _rich_text(value: Any, path: str, ctx: ValueContext) -> list[dict[str, Any]]:
    """Check the limits Notion checks on request rich text, then normalize it."""
    items = as_array(value, path)
    checked: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        item_path = f"{path}[{index}]"
        obj = as_object(item, item_path)
        text = obj.get("text")
        if isinstance(text, dict):
            content = text.get("content")
            if isinstance(content, str):
                check_length(content, f"{item_path}.text.content", limit=MAX_TEXT)
            link = text.get("link")
            if isinstance(link, dict) and isinstance(link.get("url"), str):
                check_length(link["url"], f"{item_path}.text.link.url", limit=MAX_URL)
        equation = obj.get("equation")
        if isinstance(equation, dict) and isinstance(equation.get("expression"), str):
            check_length(
                equation["expression"], f"{item_path}.equation.expression", limit=MAX_EQUATION
            )
        checked.append(obj)
    return ctx.rich_text(checked)


def _number_value(value: Any, path: str, ctx: ValueContext) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise refuse(path, "should be a number or `null`", value)
    return value


def _text_value(limit: int) -> Callable[[Any, str, ValueContext], str | None]:
    def parse(value: Any, path: str, ctx: ValueContext) -> str | None:
        return as_nullable_string(value, path, limit=limit)

    return parse


def _option_ref(value: Any, path: str, kind: str) -> dict[str, Any]:
    """A select/status option named by ``id`` or ``name`` (plus optional color, description)."""
    obj = as_object(value, path)
    only_keys(obj, ("id", "name", "color", "description"), path)
    if "id" not in obj and "name" not in obj:
        raise missing_keys(path, ("id", "name"))
    out: dict[str, Any] = {}
    if "id" in obj:
        out["id"] = as_string(obj["id"], f"{path}.id")
    if "name" in obj:
        out["name"] = option_name(obj["name"], f"{path}.name", kind=kind)
    if "color" in obj:
        out["color"] = as_choice(obj["color"], COLORS, f"{path}.color")
    if "description" in obj:
        out["description"] = as_nullable_string(obj["description"], f"{path}.description")
    return out


def _single_option(kind: str) -> Callable[[Any, str, ValueContext], dict[str, Any] | None]:
    def parse(value: Any, path: str, ctx: ValueContext) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise refuse(path, "should be an object or `null`", value)
        return _option_ref(value, path, kind)

    return parse


def _multi_select_value(value: Any, path: str, ctx: ValueContext) -> list[dict[str, Any]]:
    items = as_array(value, path)
    return [_option_ref(item, f"{path}[{i}]", "multi_select") for i, item in enumerate(items)]


def _people_value(value: Any, path: str, ctx: ValueContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for index, item in enumerate(as_array(value, path)):
        item_path = f"{path}[{index}]"
        obj = as_object(item, item_path)
        only_keys(obj, ("id", "object", "name"), item_path)
        if "id" not in obj:
            raise body_failed(f"{item_path}.id", MISSING)
        person = as_uuid(obj["id"], f"{item_path}.id")
        kind = as_choice(obj.get("object", "user"), ("user", "group"), f"{item_path}.object")
        if kind == "group":
            name = as_nullable_string(obj.get("name"), f"{item_path}.name")
            out.append({"id": person, "object": "group", "name": name})
        else:
            if "name" in obj:
                raise refuse(f"{item_path}.name", "should be not present", obj["name"])
            out.append({"object": "user", "id": person})
    return out


def _date_value(value: Any, path: str, ctx: ValueContext) -> dict[str, Any] | None:
    if value is None:
        return None
    return date_request(value, path)


def _checkbox_value(value: Any, path: str, ctx: ValueContext) -> bool:
    if not isinstance(value, bool):
        raise refuse(path, "should be a boolean", value)
    return value


def _relation_value(value: Any, path: str, ctx: ValueContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for index, item in enumerate(as_array(value, path)):
        item_path = f"{path}[{index}]"
        obj = as_object(item, item_path)
        only_keys(obj, ("id",), item_path)
        if "id" not in obj:
            raise body_failed(f"{item_path}.id", MISSING)
        out.append({"id": as_uuid(obj["id"], f"{item_path}.id")})
    return out


def _files_value(value: Any, path: str, ctx: ValueContext) -> list[dict[str, Any]]:
    """Files: external links and Notion-hosted files as is, uploads marked for resolving."""
    out: list[dict[str, Any]] = []
    for index, item in enumerate(as_array(value, path)):
        item_path = f"{path}[{index}]"
        obj = as_object(item, item_path)
        present = [key for key in ("external", "file", "file_upload") if key in obj]
        if "type" in obj:
            kind = as_choice(obj["type"], ("file", "external", "file_upload"), f"{item_path}.type")
            if kind not in obj:
                raise body_failed(f"{item_path}.{kind}", MISSING)
        elif present:
            kind = present[0]
        else:
            raise missing_keys(item_path, ("file", "external", "file_upload"))
        only_keys(obj, ("type", "name", kind), item_path)
        detail = as_object(obj[kind], f"{item_path}.{kind}")
        if kind == "file_upload":
            only_keys(detail, ("id",), f"{item_path}.{kind}")
            if "id" not in detail:
                raise body_failed(f"{item_path}.{kind}.id", MISSING)
            upload = as_string(detail["id"], f"{item_path}.{kind}.id", minimum=1)
            name = as_string(obj["name"], f"{item_path}.name") if "name" in obj else None
            out.append({"name": name, "type": "file_upload", "file_upload": {"id": upload}})
            continue
        if "name" not in obj:
            raise body_failed(f"{item_path}.name", MISSING)
        name = as_string(obj["name"], f"{item_path}.name")
        allowed = ("url", "expiry_time") if kind == "file" else ("url",)
        only_keys(detail, allowed, f"{item_path}.{kind}")
        if "url" not in detail:
            raise body_failed(f"{item_path}.{kind}.url", MISSING)
        url = as_string(detail["url"], f"{item_path}.{kind}.url", limit=MAX_URL, minimum=1)
        if kind == "external":
            out.append({"name": name, "type": "external", "external": {"url": url}})
        else:
            expiry = detail.get("expiry_time")
            if expiry is not None:
                expiry = as_string(expiry, f"{item_path}.{kind}.expiry_time")
            out.append({"name": name, "type": "file", "file": {"url": url, "expiry_time": expiry}})
    return out


def _place_value(value: Any, path: str, ctx: ValueContext) -> dict[str, Any] | None:
    if value is None:
        return None
    obj = as_object(value, path)
    optional = ("name", "address", "aws_place_id", "google_place_id")
    only_keys(obj, ("lat", "lon", *optional), path)
    place: dict[str, Any] = {}
    for key in ("lat", "lon"):
        if key not in obj:
            raise body_failed(f"{path}.{key}", MISSING)
        place[key] = as_number(obj[key], f"{path}.{key}")
    for key in optional:
        place[key] = as_nullable_string(obj.get(key), f"{path}.{key}")
    return place


def _verification_value(value: Any, path: str, ctx: ValueContext) -> dict[str, Any]:
    obj = as_object(value, path)
    if "state" not in obj:
        raise body_failed(f"{path}.state", MISSING)
    state = as_choice(obj["state"], ("verified", "unverified"), f"{path}.state")
    if state == "unverified":
        only_keys(obj, ("state",), path)
        return {"state": "unverified", "date": None, "verified_by": None}
    only_keys(obj, ("state", "date"), path)
    when = date_request(obj["date"], f"{path}.date") if "date" in obj else None
    return {"state": "verified", "date": when, "verified_by": None}


_ValueParser = Callable[[Any, str, ValueContext], Any]

_VALUE_PARSERS: Final[dict[str, _ValueParser]] = {
    "title": _rich_text,
    "rich_text": _rich_text,
    "number": _number_value,
    "url": _text_value(MAX_URL),
    "select": _single_option("select"),
    "multi_select": _multi_select_value,
    "people": _people_value,
    "email": _text_value(MAX_EMAIL),
    "phone_number": _text_value(MAX_PHONE),
    "date": _date_value,
    "checkbox": _checkbox_value,
    "relation": _relation_value,
    "files": _files_value,
    "status": _single_option("status"),
    "place": _place_value,
    "verification": _verification_value,
}


def parse_value(raw: Any, path: str, ctx: ValueContext) -> Parsed:
    """Shape check of one request value, discriminated by its type key."""
    if isinstance(raw, list):
        return Parsed(None, _rich_text(raw, path, ctx), path)
    obj = as_object(raw, path)
    if "type" in obj:
        kind = as_choice(obj["type"], VALUE_TYPES, f"{path}.type")
        if kind not in obj:
            raise body_failed(f"{path}.{kind}", MISSING)
    else:
        present = [key for key in obj if key in VALUE_TYPES]
        if not present:
            raise missing_keys(path, VALUE_TYPES)
        kind = present[0]
    if kind == "relation":
        # a relation as read back carries ``has_more``: Notion takes it back and ignores it
        only_keys(obj, (kind, "type", "id", "has_more"), path)
        if not isinstance(obj.get("has_more", False), bool):
            raise refuse(f"{path}.has_more", "should be a boolean", obj["has_more"])
    else:
        only_keys(obj, (kind, "type", "id"), path)
    return Parsed(kind, _VALUE_PARSERS[kind](obj[kind], f"{path}.{kind}", ctx), path)
