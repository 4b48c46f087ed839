"""Page property values and data-source schemas: request form in, response form out.

Pure functions, no store and no clock. The routes hand in what a request carried plus what the
store holds, and get back what the store should keep and the API should answer:

- :func:`normalize_schema` turns a property *configuration* request (``POST /v1/data_sources``
  ``properties``, ``POST /v1/databases`` ``initial_data_source.properties``, ``PATCH
  /v1/data_sources/{id}`` ``properties``) into a data source's ``properties`` object, and applies
  updates (add, rename, remove, change type, edit options) to an existing one.
- :func:`normalize_values` turns property *values* (``POST /v1/pages``, ``PATCH
  /v1/pages/{id}``) into a page's full ``properties`` object for a page in a data source, creating
  select options the schema does not know yet, as Notion does.
- :func:`normalize_plain_page_properties` does the same for a page under a page or the
  workspace, whose only property is ``title``.
- :func:`conform_values` re-fits stored page values to a schema that changed.
- :func:`page_title` reads the plain title back.

Errors are :class:`~notion_emulator.errors.ValidationError` in Notion's wording, and only that:
shape errors read ``body failed validation: <path> <expectation>, instead was `<json>`.``;
semantic ones are Notion's sentences (``Tags is not a property that exists.``,
``Score is expected to be number.``, ``Invalid select option, commas not allowed: a,b``).

The grammar follows the official SDK's generated request types (``PropertyConfigurationRequest``,
the ``properties`` of ``CreatePageBodyParameters``): unknown keys are rejected as Notion rejects
them. Lengths are counted in UTF-16 code units, as Notion (JavaScript) counts them.

Values the API computes (``created_time``, ``created_by``, ``last_edited_*``, ``unique_id``'s
number, ``formula`` and ``rollup`` results) are placeholders here; the caller fills them.
"""

from __future__ import annotations

import copy
import json
import math
import re
import secrets
import string
import urllib.parse
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Final

from .errors import ValidationError, body_failed

__all__ = [
    "CONFIG_TYPES",
    "DEFAULT_SCHEMA_REQUEST",
    "READ_ONLY_TYPES",
    "SELECT_COLORS",
    "VALUE_TYPES",
    "FileResolver",
    "RichText",
    "conform_values",
    "normalize_plain_page_properties",
    "normalize_schema",
    "normalize_values",
    "page_title",
    "short_id",
]

#: Normalizes request rich text to response rich text (``blocks.normalize_rich_text``).
RichText = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
#: Maps a file upload id to ``{"url": ..., "expiry_time": ...}`` (optionally ``filename``),
#: or raises :class:`~notion_emulator.errors.NotionError`.
FileResolver = Callable[[str], dict[str, Any]]
IdMaker = Callable[[], str]

# ---------------------------------------------------------------------------------------------
# Limits and vocabularies
# ---------------------------------------------------------------------------------------------

MAX_ARRAY: Final = 100
MAX_TEXT: Final = 2000
MAX_URL: Final = 2000
MAX_EQUATION: Final = 1000
MAX_EMAIL: Final = 200
MAX_PHONE: Final = 200
MAX_OPTION_NAME: Final = 100
#: Notion cuts the ``instead was`` rendering of a value after this many characters of JSON.
SHOWN_CHARS: Final = 55

#: Colors of select, multi-select and status options; new options without one cycle through it.
SELECT_COLORS: Final = (
    "default",
    "gray",
    "brown",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "red",
)

ROLLUP_FUNCTIONS: Final = (
    "count",
    "count_values",
    "empty",
    "not_empty",
    "unique",
    "show_unique",
    "percent_empty",
    "percent_not_empty",
    "sum",
    "average",
    "median",
    "min",
    "max",
    "range",
    "earliest_date",
    "latest_date",
    "date_range",
    "checked",
    "unchecked",
    "percent_checked",
    "percent_unchecked",
    "count_per_group",
    "percent_per_group",
    "show_original",
)

#: Property types whose configuration is an empty object.
EMPTY_CONFIG_TYPES: Final = (
    "title",
    "rich_text",
    "url",
    "people",
    "files",
    "email",
    "phone_number",
    "date",
    "checkbox",
    "created_by",
    "created_time",
    "last_edited_by",
    "last_edited_time",
    "button",
    "location",
    "verification",
    "last_visited_time",
    "place",
)

#: Every property type a schema request may create (the SDK's ``PropertyConfigurationRequest``).
CONFIG_TYPES: Final = (
    "number",
    "formula",
    "select",
    "multi_select",
    "status",
    "relation",
    "rollup",
    "unique_id",
    *EMPTY_CONFIG_TYPES,
)

#: Property types a page request may write, in the order of the SDK's union (and of Notion's
#: ``Fix one:`` listing).
VALUE_TYPES: Final = (
    "title",
    "rich_text",
    "number",
    "url",
    "select",
    "multi_select",
    "people",
    "email",
    "phone_number",
    "date",
    "checkbox",
    "relation",
    "files",
    "status",
    "place",
    "verification",
)

#: Property types whose values only Notion sets.
READ_ONLY_TYPES: Final = tuple(t for t in CONFIG_TYPES if t not in VALUE_TYPES)

#: What ``POST /v1/databases`` gets when the request brings no schema: one title called Name.
DEFAULT_SCHEMA_REQUEST: Final[dict[str, Any]] = {"Name": {"title": {}}}

_STATUS_DEFAULT_OPTIONS: Final = (
    ("Not started", "default", "To-do"),
    ("In progress", "blue", "In progress"),
    ("Done", "green", "Complete"),
)
_STATUS_GROUPS: Final = (("To-do", "gray"), ("In progress", "blue"), ("Complete", "green"))

_ID_ALPHABET: Final = string.ascii_letters + string.digits
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")


class _Undefined:
    """Marks a key that is absent (Notion renders it as ``undefined``)."""

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Final = _Undefined()


# ---------------------------------------------------------------------------------------------
# Small validators, each raising Notion's body-failed message
# ---------------------------------------------------------------------------------------------


def short_id() -> str:
    """A fresh 4-character URL-safe id, like Notion's property and option ids."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(4))


def _show(value: Any) -> str:
    """How Notion shows an offending value: compact JSON, cut after 55 characters."""
    if value is UNDEFINED:
        return "undefined"
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "..."


def _fail(path: str, expectation: str, value: Any) -> ValidationError:
    return body_failed(path, f"{expectation}, instead was `{_show(value)}`")


def _fix_one(path: str, keys: Iterable[str]) -> ValidationError:
    """Notion's answer when no branch of a union matched: one line per missing key."""
    lines = [f"{path}.{key} should be defined, instead was `undefined`." for key in keys]
    return ValidationError("body failed validation. Fix one:\n" + "\n".join(lines))


def _js_len(text: str) -> int:
    """Length in UTF-16 code units, as JavaScript's ``string.length``."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _enum_text(allowed: Iterable[str]) -> str:
    quoted = [f'`"{item}"`' for item in allowed]
    if len(quoted) == 1:
        return f"should be {quoted[0]}"
    return "should be " + ", ".join(quoted[:-1]) + f", or {quoted[-1]}"


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, "should be an object", value)
    return value


def _array(value: Any, path: str, limit: int = MAX_ARRAY) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(path, "should be an array", value)
    if len(value) > limit:
        raise _fail(f"{path}.length", f"should be ≤ `{limit}`", len(value))
    return value


def _only(obj: Mapping[str, Any], allowed: Iterable[str], path: str) -> None:
    allowed_set = set(allowed)
    for key, value in obj.items():
        if key not in allowed_set:
            raise _fail(f"{path}.{key}", "should be not present", value)


def _string(value: Any, path: str, *, limit: int | None = None, minimum: int = 0) -> str:
    if not isinstance(value, str):
        raise _fail(path, "should be a string", value)
    _length(value, path, limit=limit, minimum=minimum)
    return value


def _nullable_string(value: Any, path: str, *, limit: int | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(path, "should be a string or `null`", value)
    _length(value, path, limit=limit)
    return value


def _length(value: str, path: str, *, limit: int | None = None, minimum: int = 0) -> None:
    size = _js_len(value)
    if limit is not None and size > limit:
        raise _fail(f"{path}.length", f"should be ≤ `{limit}`", size)
    if size < minimum:
        raise _fail(f"{path}.length", f"should be ≥ `{minimum}`", size)


def _number(value: Any, path: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(path, "should be a number", value)
    return value


def _enum(value: Any, allowed: tuple[str, ...], path: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise _fail(path, _enum_text(allowed), value)
    return value


def _uuid(value: Any, path: str) -> str:
    """A page, user or data source id, returned in dashed lower-case form."""
    raw = value.replace("-", "") if isinstance(value, str) else ""
    if not _HEX32.fullmatch(raw) or len(value) not in (32, 36):
        raise _fail(path, "should be a valid uuid", value)
    raw = raw.lower()
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _time_zone(value: Any, path: str) -> str | None:
    if value is None:
        return None
    zones = _time_zones()
    if not isinstance(value, str) or (zones and value not in zones):
        raise _fail(path, "should be a valid IANA time zone", value)
    return value


def _iso_date(value: Any, path: str, *, zoned: bool) -> str:
    """A date (kept as given) or a date-time (milliseconds, offset; UTC when none and unzoned)."""
    if not isinstance(value, str):
        raise _fail(path, "should be a string", value)
    try:
        if _DATE_ONLY.fullmatch(value):
            date.fromisoformat(value)
            return value
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _fail(path, "should be a valid ISO 8601 date string", value) from None
    if moment.tzinfo is None and not zoned:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="milliseconds")


def _date_request(value: Any, path: str) -> dict[str, Any]:
    """``DateRequest`` -> ``DateResponse``."""
    obj = _object(value, path)
    _only(obj, ("start", "end", "time_zone"), path)
    if "start" not in obj:
        raise _fail(f"{path}.start", "should be defined", UNDEFINED)
    zone = _time_zone(obj.get("time_zone"), f"{path}.time_zone")
    start = _iso_date(obj["start"], f"{path}.start", zoned=zone is not None)
    end = obj.get("end")
    if end is not None:
        end = _iso_date(end, f"{path}.end", zoned=zone is not None)
    return {"start": start, "end": end, "time_zone": zone}


def _fresh_id(new_id: IdMaker, taken: set[str]) -> str:
    for _ in range(1000):
        candidate = new_id()
        if candidate not in taken and candidate != "title":
            taken.add(candidate)
            return candidate
    raise RuntimeError("new_id keeps returning ids that are already taken")


# ---------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _SchemaContext:
    """What building one schema needs besides the request: id source and lookups."""

    new_id: IdMaker
    taken: set[str]
    database_of: Callable[[str], str | None] | None
    #: ids (``id()``) of the rollup configurations this request wrote, checked strictly.
    new_rollups: set[int] = field(default_factory=set)

    def fresh(self) -> str:
        return _fresh_id(self.new_id, self.taken)


@dataclass(slots=True)
class _ConfigRequest:
    """One property of a schema request, split into its parts."""

    type: str | None
    payload: Any
    name: Any = UNDEFINED
    description: Any = UNDEFINED


def _parse_config_request(raw: Any, path: str, *, allow_name: bool) -> _ConfigRequest:
    obj = _object(raw, path)
    common = ("type", "description", *(("name",) if allow_name else ()))
    present = [key for key in obj if key in CONFIG_TYPES]
    kind: str | None
    if "type" in obj:
        kind = _enum(obj["type"], CONFIG_TYPES, f"{path}.type")
        if kind not in obj:
            raise _fail(f"{path}.{kind}", "should be defined", UNDEFINED)
    else:
        kind = present[0] if present else None
    _only(obj, (*common, *((kind,) if kind else ())), path)
    request = _ConfigRequest(kind, obj.get(kind) if kind else None)
    if "name" in obj:
        request.name = _string(obj["name"], f"{path}.name", minimum=1)
    if "description" in obj:
        request.description = _nullable_string(obj["description"], f"{path}.description")
    return request


def _empty_config(
    payload: Any, path: str, ctx: _SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    _only(_object(payload, path), (), path)
    return {}


def _number_config(
    payload: Any, path: str, ctx: _SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    obj = _object(payload, path)
    _only(obj, ("format",), path)
    default = previous.get("format", "number") if previous else "number"
    if "format" not in obj:
        return {"format": default}
    return {"format": _string(obj["format"], f"{path}.format", minimum=1)}


def _formula_config(
    payload: Any, path: str, ctx: _SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    obj = _object(payload, path)
    _only(obj, ("expression",), path)
    default = previous.get("expression", "") if previous else ""
    if "expression" not in obj:
        return {"expression": default}
    return {"expression": _string(obj["expression"], f"{path}.expression")}


def _unique_id_config(
    payload: Any, path: str, ctx: _SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    obj = _object(payload, path)
    _only(obj, ("prefix",), path)
    default = previous.get("prefix") if previous else None
    if "prefix" not in obj:
        return {"prefix": default}
    return {"prefix": _nullable_string(obj["prefix"], f"{path}.prefix")}


def _option_request(raw: Any, path: str, *, kind: str, with_id: bool) -> dict[str, Any]:
    """One option of a select/multi_select/status configuration, validated, absent keys left out."""
    obj = _object(raw, path)
    _only(obj, ("name", "color", "description", *(("id",) if with_id else ())), path)
    if "name" not in obj and "id" not in obj:
        raise (
            _fix_one(path, ("name", "id"))
            if with_id
            else _fail(f"{path}.name", "should be defined", UNDEFINED)
        )
    out: dict[str, Any] = {}
    if "id" in obj:
        out["id"] = _string(obj["id"], f"{path}.id", minimum=1)
    if "name" in obj:
        out["name"] = _option_name(obj["name"], f"{path}.name", kind=kind)
    if "color" in obj:
        out["color"] = _enum(obj["color"], SELECT_COLORS, f"{path}.color")
    if "description" in obj:
        out["description"] = _nullable_string(obj["description"], f"{path}.description")
    return out


def _option_name(value: Any, path: str, *, kind: str) -> str:
    name = _string(value, path, limit=MAX_OPTION_NAME, minimum=1)
    if kind != "status" and "," in name:
        raise ValidationError(f"Invalid select option, commas not allowed: {name}")
    return name


def _merge_options(
    requested: list[dict[str, Any]],
    previous: list[dict[str, Any]],
    *,
    kind: str,
    ctx: _SchemaContext,
) -> list[dict[str, Any]]:
    """The options a configuration asks for, keeping ids (and colors) of the ones that exist.

    The list replaces the old one: options left out are removed. An option is matched by ``id``
    (which must exist) or else by ``name``; a matched option keeps its color, and asking for
    another raises Notion's ``Cannot update color of ...``.
    """
    by_id = {option["id"]: option for option in previous}
    by_name = {option["name"]: option for option in previous}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for request in requested:
        if "id" in request:
            match = by_id.get(request["id"])
            if match is None:
                raise ValidationError(f"Option with id {request['id']} does not exist.")
        else:
            match = by_name.get(request["name"])
        if match is not None:
            color = request.get("color", match["color"])
            if color != match["color"]:
                raise ValidationError(f"Cannot update color of {kind} with name: {match['name']}.")
            option = {
                "id": match["id"],
                "name": request.get("name", match["name"]),
                "color": match["color"],
                "description": request.get("description", match.get("description")),
            }
        else:
            option = {
                "id": ctx.fresh(),
                "name": request["name"],
                "color": request.get("color", SELECT_COLORS[len(out) % len(SELECT_COLORS)]),
                "description": request.get("description"),
            }
        if option["name"] in seen:
            raise ValidationError(f"Duplicate {kind} option name: {option['name']}.")
        seen.add(option["name"])
        out.append(option)
    return out


def _select_config(
    payload: Any, path: str, ctx: _SchemaContext, previous: dict[str, Any] | None, *, kind: str
) -> dict[str, Any]:
    obj = _object(payload, path)
    _only(obj, ("options",), path)
    old = list(previous.get("options", [])) if previous else []
    if "options" not in obj:
        return {"options": copy.deepcopy(old)}
    items = _array(obj["options"], f"{path}.options")
    requested = [
        _option_request(item, f"{path}.options[{i}]", kind=kind, with_id=previous is not None)
        for i, item in enumerate(items)
    ]
    return {"options": _merge_options(requested, old, kind=kind, ctx=ctx)}


def _status_config(
    payload: Any, path: str, ctx: _SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    """Status: options plus the three fixed groups. New options land in the To-do group."""
    obj = _object(payload, path)
    _only(obj, ("options",), path)
    if previous is None and "options" not in obj:
        defaults: list[dict[str, Any]] = []
        members: dict[str, list[str]] = {name: [] for name, _ in _STATUS_GROUPS}
        for name, color, group_name in _STATUS_DEFAULT_OPTIONS:
            option_id = ctx.fresh()
            defaults.append({"id": option_id, "name": name, "color": color, "description": None})
            members[group_name].append(option_id)
        return {"options": defaults, "groups": _status_groups(members, None, ctx)}
    old_options = list(previous.get("options", [])) if previous else []
    old_groups: list[dict[str, Any]] = list(previous.get("groups", [])) if previous else []
    if "options" in obj:
        items = _array(obj["options"], f"{path}.options")
        requested = [
            _option_request(
                item, f"{path}.options[{i}]", kind="status", with_id=previous is not None
            )
            for i, item in enumerate(items)
        ]
        options = _merge_options(requested, old_options, kind="status", ctx=ctx)
    else:
        options = copy.deepcopy(old_options)
    kept = {option["id"] for option in options}
    groups: dict[str, list[str]] = {name: [] for name, _ in _STATUS_GROUPS}
    placed: set[str] = set()
    for group in old_groups:
        ids = [i for i in group.get("option_ids", []) if i in kept]
        groups.setdefault(group["name"], []).extend(ids)
        placed.update(ids)
    groups[_STATUS_GROUPS[0][0]].extend(o["id"] for o in options if o["id"] not in placed)
    return {"options": options, "groups": _status_groups(groups, old_groups, ctx)}


def _status_groups(
    members: dict[str, list[str]], previous: list[dict[str, Any]] | None, ctx: _SchemaContext
) -> list[dict[str, Any]]:
    old = {group["name"]: group for group in previous or []}
    colors = dict(_STATUS_GROUPS)
    out = []
    for name, option_ids in members.items():
        before = old.get(name)
        out.append(
            {
                "id": before["id"] if before else ctx.fresh(),
                "name": name,
                "color": before["color"] if before else colors.get(name, "default"),
                "option_ids": option_ids,
            }
        )
    return out


def _relation_config(
    payload: Any, path: str, ctx: _SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    obj = _object(payload, path)
    if "type" in obj:
        kind = _enum(obj["type"], ("single_property", "dual_property"), f"{path}.type")
        if kind not in obj:
            raise _fail(f"{path}.{kind}", "should be defined", UNDEFINED)
    elif "single_property" in obj:
        kind = "single_property"
    elif "dual_property" in obj:
        kind = "dual_property"
    else:
        raise _fix_one(path, ("single_property", "dual_property"))
    _only(obj, ("data_source_id", "type", kind), path)
    if "data_source_id" not in obj:
        raise _fail(f"{path}.data_source_id", "should be defined", UNDEFINED)
    source = _uuid(obj["data_source_id"], f"{path}.data_source_id")
    detail = _object(obj[kind], f"{path}.{kind}")
    if kind == "single_property":
        _only(detail, (), f"{path}.{kind}")
        shaped: dict[str, Any] = {}
    else:
        _only(detail, ("synced_property_id", "synced_property_name"), f"{path}.{kind}")
        shaped = {
            key: _string(detail.get(key, ""), f"{path}.{kind}.{key}")
            for key in ("synced_property_id", "synced_property_name")
        }
    database = ctx.database_of(source) if ctx.database_of else None
    return {"database_id": database, "data_source_id": source, "type": kind, kind: shaped}


_ROLLUP_KEYS: Final = (
    "relation_property_name",
    "relation_property_id",
    "rollup_property_name",
    "rollup_property_id",
)


def _rollup_config(
    payload: Any, path: str, ctx: _SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    """Rollup; the relation property is looked up once the whole schema is built."""
    obj = _object(payload, path)
    _only(obj, ("function", *_ROLLUP_KEYS), path)
    if "function" not in obj:
        raise _fail(f"{path}.function", "should be defined", UNDEFINED)
    function = _enum(obj["function"], ROLLUP_FUNCTIONS, f"{path}.function")
    for side in ("relation", "rollup"):
        if f"{side}_property_name" not in obj and f"{side}_property_id" not in obj:
            raise _fix_one(path, (f"{side}_property_name", f"{side}_property_id"))
    given = {key: _string(obj.get(key, ""), f"{path}.{key}") for key in _ROLLUP_KEYS}
    config = {
        "function": function,
        "rollup_property_name": given["rollup_property_name"],
        "relation_property_name": given["relation_property_name"],
        "rollup_property_id": given["rollup_property_id"],
        "relation_property_id": given["relation_property_id"],
    }
    ctx.new_rollups.add(id(config))
    return config


_ConfigBuilder = Callable[[Any, str, _SchemaContext, "dict[str, Any] | None"], dict[str, Any]]

_CONFIG_BUILDERS: Final[dict[str, _ConfigBuilder]] = {
    **dict.fromkeys(EMPTY_CONFIG_TYPES, _empty_config),
    "number": _number_config,
    "formula": _formula_config,
    "unique_id": _unique_id_config,
    "select": lambda p, path, ctx, prev: _select_config(p, path, ctx, prev, kind="select"),
    "multi_select": lambda p, path, ctx, prev: _select_config(
        p, path, ctx, prev, kind="multi_select"
    ),
    "status": _status_config,
    "relation": _relation_config,
    "rollup": _rollup_config,
}


def _schema_property(
    name: str,
    request: _ConfigRequest,
    path: str,
    ctx: _SchemaContext,
    previous: dict[str, Any] | None,
) -> dict[str, Any]:
    """The response form of one property, from its request and (for updates) its old form."""
    kind = request.type or (previous["type"] if previous else None)
    if kind is None:  # pragma: no cover - callers make sure there is a type
        raise ValueError("a property needs a type")
    same = previous is not None and previous.get("type") == kind
    if request.type is None and previous is not None:
        config = copy.deepcopy(previous.get(kind, {}))
    else:
        old_config = previous.get(kind) if same and previous else None
        config = _CONFIG_BUILDERS[kind](request.payload, f"{path}.{kind}", ctx, old_config)
    if kind == "title":
        prop_id = "title"
    elif previous is not None:
        prop_id = previous["id"]
    else:
        prop_id = ctx.fresh()
    if request.description is not UNDEFINED:
        description = request.description
    else:
        description = previous.get("description") if previous else None
    return {"id": prop_id, "name": name, "description": description, "type": kind, kind: config}


def _resolve_rollups(schema: dict[str, dict[str, Any]], ctx: _SchemaContext) -> None:
    """Fill each rollup's relation property name and id from the finished schema.

    A rollup this request configured must name a relation property of the schema; one that was
    already there only follows a renamed relation (and is left alone if it lost it).
    """
    by_id = {prop["id"]: prop for prop in schema.values()}
    for name, prop in schema.items():
        if prop.get("type") != "rollup" or not isinstance(prop.get("rollup"), dict):
            continue
        config = prop["rollup"]
        wanted_id = config.get("relation_property_id") or ""
        wanted_name = config.get("relation_property_name") or ""
        relation = by_id.get(wanted_id) if wanted_id else schema.get(wanted_name)
        if relation is None or relation.get("type") != "relation":
            if id(config) not in ctx.new_rollups:
                continue
            shown = wanted_id or wanted_name
            raise ValidationError(
                f"{shown} is not a relation property that exists, for rollup {name}."
            )
        config["relation_property_id"] = relation["id"]
        config["relation_property_name"] = relation["name"]


def _check_titles(schema: Mapping[str, Mapping[str, Any]]) -> None:
    titles = [name for name, prop in schema.items() if prop.get("type") == "title"]
    if not titles:
        raise ValidationError("Title is not provided")
    if len(titles) > 1:
        raise ValidationError("Only one title property is allowed: " + ", ".join(titles) + ".")


def normalize_schema(
    properties: Any,
    *,
    path: str,
    existing: dict[str, dict[str, Any]] | None = None,
    new_id: Callable[[], str],
    database_of: Callable[[str], str | None] | None = None,
) -> dict[str, dict[str, Any]]:
    """A data source's ``properties`` (response form) from a configuration request.

    Without ``existing`` this is a creation: every key is a property name, every value one
    ``PropertyConfigurationRequest`` (``{"number": {"format": "percent"}}``, optionally with
    ``"type"`` and ``"description"``), and exactly one must be a title (id ``"title"``). Other
    ids come from ``new_id`` (skipping any already used), and so do option and status-group ids.

    With ``existing`` (the data source's current ``properties``) this is an update: keys name
    or id an existing property; ``null`` removes it, ``{"name": "New"}`` renames it, a type
    configuration changes or edits it (select options are replaced by the list given, matched
    by id or name so that existing ones keep their ids and colors), ``"description"`` sets the
    description. A key that names nothing with a type configuration adds a property. The title
    can be renamed but neither removed nor given another type.

    ``database_of(data_source_id)`` fills a relation's ``database_id`` (``None`` without it),
    and may raise NotionError for an unknown data source. A ``dual_property`` relation keeps the
    synced names given; creating the reciprocal property is the caller's business.

    Never mutates ``existing``. Raises :class:`ValidationError` for any malformed request.
    """
    request = _object(properties, path)
    taken: set[str] = set()
    for prop in (existing or {}).values():
        taken.add(str(prop.get("id")))
        for key in ("select", "multi_select", "status"):
            config = prop.get(key)
            if isinstance(config, dict):
                taken.update(str(o.get("id")) for o in config.get("options", []))
                taken.update(str(g.get("id")) for g in config.get("groups", []))
    ctx = _SchemaContext(new_id, taken, database_of)
    if existing is None:
        schema = _create_schema(request, path, ctx)
    else:
        schema = _update_schema(request, path, existing, ctx)
    _check_titles(schema)
    _resolve_rollups(schema, ctx)
    return schema


def _create_schema(
    request: dict[str, Any], path: str, ctx: _SchemaContext
) -> dict[str, dict[str, Any]]:
    schema: dict[str, dict[str, Any]] = {}
    for name, raw in request.items():
        prop_path = f"{path}.{name}"
        if not name:
            raise _fail(path, "should not have an empty property name", request)
        parsed = _parse_config_request(raw, prop_path, allow_name=False)
        if parsed.type is None:
            raise _fix_one(prop_path, CONFIG_TYPES)
        schema[name] = _schema_property(name, parsed, prop_path, ctx, None)
    return schema


def _find(schema: Mapping[str, Mapping[str, Any]], key: str) -> str | None:
    """The name of the property ``key`` names or ids (ids may come URL-encoded)."""
    if key in schema:
        return key
    decoded = urllib.parse.unquote(key)
    for name, prop in schema.items():
        if prop.get("id") in (key, decoded):
            return name
    return None


def _update_schema(
    request: dict[str, Any],
    path: str,
    existing: dict[str, dict[str, Any]],
    ctx: _SchemaContext,
) -> dict[str, dict[str, Any]]:
    changes: dict[str, _ConfigRequest | None] = {}
    added: list[tuple[str, _ConfigRequest, str]] = []
    for key, raw in request.items():
        prop_path = f"{path}.{key}"
        target = _find(existing, key)
        if target is None:
            if raw is None:
                raise ValidationError(f"{key} is not a property that exists.")
            parsed = _parse_config_request(raw, prop_path, allow_name=True)
            if parsed.type is None:
                raise ValidationError(f"{key} is not a property that exists.")
            name = parsed.name if isinstance(parsed.name, str) else key
            if not name:
                raise _fail(path, "should not have an empty property name", request)
            added.append((name, parsed, prop_path))
            continue
        if raw is None:
            if existing[target].get("type") == "title":
                raise ValidationError(f"Cannot delete the title property {target}.")
            changes[target] = None
            continue
        parsed = _parse_config_request(raw, prop_path, allow_name=True)
        old_type = existing[target].get("type")
        if (
            parsed.type is not None
            and parsed.type != old_type
            and "title" in (old_type, parsed.type)
        ):
            raise ValidationError(f"Cannot change the type of {target} to or from title.")
        changes[target] = parsed

    schema: dict[str, dict[str, Any]] = {}

    def place(name: str, prop: dict[str, Any]) -> None:
        if name in schema:
            raise ValidationError(f"A property named {name} already exists.")
        schema[name] = prop

    for old_name, old_prop in existing.items():
        if old_name not in changes:
            place(old_name, copy.deepcopy(old_prop))
            continue
        change = changes[old_name]
        if change is None:
            continue
        new_name = change.name if isinstance(change.name, str) else old_name
        prop_path = f"{path}.{old_name}"
        place(new_name, _schema_property(new_name, change, prop_path, ctx, old_prop))
    for name, parsed, prop_path in added:
        place(name, _schema_property(name, parsed, prop_path, ctx, None))
    return schema


# ---------------------------------------------------------------------------------------------
# Page property values
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Parsed:
    """A request value after its shape check: the type it claims, and its payload.

    ``kind`` is ``None`` for a bare rich-text list (title or rich_text, decided by the schema).
    Payloads are already in response form except option references and file uploads, which
    need the schema and the resolver.
    """

    kind: str | None
    payload: Any
    path: str


@dataclass(slots=True)
class _ValueContext:
    rich_text: RichText
    resolve_file_upload: FileResolver | None
    new_id: IdMaker


def _rich_text(value: Any, path: str, ctx: _ValueContext) -> list[dict[str, Any]]:
    """Check the limits Notion checks on request rich text, then normalize it."""
    items = _array(value, path)
    checked: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        item_path = f"{path}[{index}]"
        obj = _object(item, item_path)
        text = obj.get("text")
        if isinstance(text, dict):
            content = text.get("content")
            if isinstance(content, str):
                _length(content, f"{item_path}.text.content", limit=MAX_TEXT)
            link = text.get("link")
            if isinstance(link, dict) and isinstance(link.get("url"), str):
                _length(link["url"], f"{item_path}.text.link.url", limit=MAX_URL)
        equation = obj.get("equation")
        if isinstance(equation, dict) and isinstance(equation.get("expression"), str):
            _length(equation["expression"], f"{item_path}.equation.expression", limit=MAX_EQUATION)
        checked.append(obj)
    return ctx.rich_text(checked)


def _number_value(value: Any, path: str, ctx: _ValueContext) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(path, "should be a number or `null`", value)
    return value


def _text_value(limit: int) -> Callable[[Any, str, _ValueContext], str | None]:
    def parse(value: Any, path: str, ctx: _ValueContext) -> str | None:
        return _nullable_string(value, path, limit=limit)

    return parse


def _option_ref(value: Any, path: str, kind: str) -> dict[str, Any]:
    """A select/status option named by ``id`` or ``name`` (plus optional color, description)."""
    obj = _object(value, path)
    _only(obj, ("id", "name", "color", "description"), path)
    if "id" not in obj and "name" not in obj:
        raise _fix_one(path, ("id", "name"))
    out: dict[str, Any] = {}
    if "id" in obj:
        out["id"] = _string(obj["id"], f"{path}.id")
    if "name" in obj:
        out["name"] = _option_name(obj["name"], f"{path}.name", kind=kind)
    if "color" in obj:
        out["color"] = _enum(obj["color"], SELECT_COLORS, f"{path}.color")
    if "description" in obj:
        out["description"] = _nullable_string(obj["description"], f"{path}.description")
    return out


def _single_option(kind: str) -> Callable[[Any, str, _ValueContext], dict[str, Any] | None]:
    def parse(value: Any, path: str, ctx: _ValueContext) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise _fail(path, "should be an object or `null`", value)
        return _option_ref(value, path, kind)

    return parse


def _multi_select_value(value: Any, path: str, ctx: _ValueContext) -> list[dict[str, Any]]:
    items = _array(value, path)
    return [_option_ref(item, f"{path}[{i}]", "multi_select") for i, item in enumerate(items)]


def _people_value(value: Any, path: str, ctx: _ValueContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for index, item in enumerate(_array(value, path)):
        item_path = f"{path}[{index}]"
        obj = _object(item, item_path)
        _only(obj, ("id", "object", "name"), item_path)
        if "id" not in obj:
            raise _fail(f"{item_path}.id", "should be defined", UNDEFINED)
        person = _uuid(obj["id"], f"{item_path}.id")
        kind = _enum(obj.get("object", "user"), ("user", "group"), f"{item_path}.object")
        if kind == "group":
            name = _nullable_string(obj.get("name"), f"{item_path}.name")
            out.append({"id": person, "object": "group", "name": name})
        else:
            if "name" in obj:
                raise _fail(f"{item_path}.name", "should be not present", obj["name"])
            out.append({"object": "user", "id": person})
    return out


def _date_value(value: Any, path: str, ctx: _ValueContext) -> dict[str, Any] | None:
    if value is None:
        return None
    return _date_request(value, path)


def _checkbox_value(value: Any, path: str, ctx: _ValueContext) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, "should be a boolean", value)
    return value


def _relation_value(value: Any, path: str, ctx: _ValueContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for index, item in enumerate(_array(value, path)):
        item_path = f"{path}[{index}]"
        obj = _object(item, item_path)
        _only(obj, ("id",), item_path)
        if "id" not in obj:
            raise _fail(f"{item_path}.id", "should be defined", UNDEFINED)
        out.append({"id": _uuid(obj["id"], f"{item_path}.id")})
    return out


def _files_value(value: Any, path: str, ctx: _ValueContext) -> list[dict[str, Any]]:
    """Files: external links and Notion-hosted files as is, uploads marked for resolving."""
    out: list[dict[str, Any]] = []
    for index, item in enumerate(_array(value, path)):
        item_path = f"{path}[{index}]"
        obj = _object(item, item_path)
        present = [key for key in ("external", "file", "file_upload") if key in obj]
        if "type" in obj:
            kind = _enum(obj["type"], ("file", "external", "file_upload"), f"{item_path}.type")
            if kind not in obj:
                raise _fail(f"{item_path}.{kind}", "should be defined", UNDEFINED)
        elif present:
            kind = present[0]
        else:
            raise _fix_one(item_path, ("file", "external", "file_upload"))
        _only(obj, ("type", "name", kind), item_path)
        detail = _object(obj[kind], f"{item_path}.{kind}")
        if kind == "file_upload":
            _only(detail, ("id",), f"{item_path}.{kind}")
            if "id" not in detail:
                raise _fail(f"{item_path}.{kind}.id", "should be defined", UNDEFINED)
            upload = _string(detail["id"], f"{item_path}.{kind}.id", minimum=1)
            name = _string(obj["name"], f"{item_path}.name") if "name" in obj else None
            out.append({"name": name, "type": "file_upload", "file_upload": {"id": upload}})
            continue
        if "name" not in obj:
            raise _fail(f"{item_path}.name", "should be defined", UNDEFINED)
        name = _string(obj["name"], f"{item_path}.name")
        allowed = ("url", "expiry_time") if kind == "file" else ("url",)
        _only(detail, allowed, f"{item_path}.{kind}")
        if "url" not in detail:
            raise _fail(f"{item_path}.{kind}.url", "should be defined", UNDEFINED)
        url = _string(detail["url"], f"{item_path}.{kind}.url", limit=MAX_URL, minimum=1)
        if kind == "external":
            out.append({"name": name, "type": "external", "external": {"url": url}})
        else:
            expiry = detail.get("expiry_time")
            if expiry is not None:
                expiry = _string(expiry, f"{item_path}.{kind}.expiry_time")
            out.append({"name": name, "type": "file", "file": {"url": url, "expiry_time": expiry}})
    return out


def _place_value(value: Any, path: str, ctx: _ValueContext) -> dict[str, Any] | None:
    if value is None:
        return None
    obj = _object(value, path)
    optional = ("name", "address", "aws_place_id", "google_place_id")
    _only(obj, ("lat", "lon", *optional), path)
    place: dict[str, Any] = {}
    for key in ("lat", "lon"):
        if key not in obj:
            raise _fail(f"{path}.{key}", "should be defined", UNDEFINED)
        place[key] = _number(obj[key], f"{path}.{key}")
    for key in optional:
        place[key] = _nullable_string(obj.get(key), f"{path}.{key}")
    return place


def _verification_value(value: Any, path: str, ctx: _ValueContext) -> dict[str, Any]:
    obj = _object(value, path)
    if "state" not in obj:
        raise _fail(f"{path}.state", "should be defined", UNDEFINED)
    state = _enum(obj["state"], ("verified", "unverified"), f"{path}.state")
    if state == "unverified":
        _only(obj, ("state",), path)
        return {"state": "unverified", "date": None, "verified_by": None}
    _only(obj, ("state", "date"), path)
    when = _date_request(obj["date"], f"{path}.date") if "date" in obj else None
    return {"state": "verified", "date": when, "verified_by": None}


_ValueParser = Callable[[Any, str, _ValueContext], Any]

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


def _parse_value(raw: Any, path: str, ctx: _ValueContext) -> _Parsed:
    """Shape check of one request value, discriminated by its type key."""
    if isinstance(raw, list):
        return _Parsed(None, _rich_text(raw, path, ctx), path)
    obj = _object(raw, path)
    if "type" in obj:
        kind = _enum(obj["type"], VALUE_TYPES, f"{path}.type")
        if kind not in obj:
            raise _fail(f"{path}.{kind}", "should be defined", UNDEFINED)
    else:
        present = [key for key in obj if key in VALUE_TYPES]
        if not present:
            raise _fix_one(path, VALUE_TYPES)
        kind = present[0]
    _only(obj, (kind, "type", "id"), path)
    return _Parsed(kind, _VALUE_PARSERS[kind](obj[kind], f"{path}.{kind}", ctx), path)


class _SchemaCopy:
    """Copy-on-write view of a schema: option creation copies it once, reads see the copy."""

    def __init__(self, schema: dict[str, dict[str, Any]]) -> None:
        self.original = schema
        self.copy: dict[str, dict[str, Any]] | None = None

    @property
    def current(self) -> dict[str, dict[str, Any]]:
        return self.copy if self.copy is not None else self.original

    def options(self, name: str, kind: str) -> list[dict[str, Any]]:
        config = self.current[name].get(kind)
        options = config.get("options") if isinstance(config, dict) else None
        return options if isinstance(options, list) else []

    def writable_options(self, name: str, kind: str) -> list[dict[str, Any]]:
        if self.copy is None:
            self.copy = copy.deepcopy(self.original)
        config = self.copy[name].setdefault(kind, {})
        return config.setdefault("options", [])  # type: ignore[no-any-return]


def _partial_option(option: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": option["id"], "name": option["name"], "color": option["color"]}


def _pick_option(
    ref: dict[str, Any], name: str, kind: str, schema: _SchemaCopy, ctx: _ValueContext
) -> dict[str, Any]:
    """The option ``ref`` names; select names unknown to the schema become new options."""
    options = schema.options(name, kind)
    label = "status" if kind == "status" else "select"
    if "id" in ref:
        match = next((o for o in options if o.get("id") == ref["id"]), None)
        if match is None:
            raise ValidationError(f"Invalid {label} option id for property {name}: {ref['id']}.")
    else:
        match = next((o for o in options if o.get("name") == ref["name"]), None)
        if match is None:
            if kind == "status":
                raise ValidationError(
                    f'Invalid status option for property {name}: "{ref["name"]}" does not exist.'
                )
            writable = schema.writable_options(name, kind)
            taken = {str(o.get("id")) for o in writable}
            created = {
                "id": _fresh_id(ctx.new_id, taken),
                "name": ref["name"],
                "color": ref.get("color", SELECT_COLORS[len(writable) % len(SELECT_COLORS)]),
                "description": ref.get("description"),
            }
            writable.append(created)
            return _partial_option(created)
    if "color" in ref and ref["color"] != match.get("color"):
        raise ValidationError(f"Cannot update color of {label} with name: {match['name']}.")
    return _partial_option(match)


def _resolve_files(items: list[dict[str, Any]], ctx: _ValueContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if item["type"] != "file_upload":
            out.append(item)
            continue
        upload_id = item["file_upload"]["id"]
        if ctx.resolve_file_upload is None:
            raise ValidationError(f"Could not find file upload with ID: {upload_id}.")
        resolved = ctx.resolve_file_upload(upload_id)
        name = item["name"] or resolved.get("filename") or resolved.get("name") or ""
        out.append(
            {
                "name": name,
                "type": "file",
                "file": {"url": resolved.get("url"), "expiry_time": resolved.get("expiry_time")},
            }
        )
    return out


def _rollup_empty(config: Mapping[str, Any]) -> dict[str, Any]:
    function = config.get("function", "count")
    if function in ("earliest_date", "latest_date", "date_range"):
        return {"type": "date", "date": None, "function": function}
    if function in ("show_original", "show_unique"):
        return {"type": "array", "array": [], "function": function}
    counting = function not in ("average", "median", "min", "max", "range")
    return {"type": "number", "number": 0 if counting else None, "function": function}


def _status_default(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """A new page's status: the first option of the first group (Notion's "Not started")."""
    options = {o.get("id"): o for o in config.get("options", [])}
    for group in config.get("groups", []):
        for option_id in group.get("option_ids", []):
            if option_id in options:
                return _partial_option(options[option_id])
    first = next(iter(options.values()), None)
    return _partial_option(first) if first else None


def _empty_payload(prop: Mapping[str, Any]) -> Any:
    """The value an unset property reads as."""
    kind = prop.get("type")
    config = prop.get(kind) if isinstance(kind, str) else None
    config = config if isinstance(config, dict) else {}
    if kind in ("title", "rich_text", "multi_select", "people", "files", "relation"):
        return []
    if kind == "checkbox":
        return False
    if kind == "status":
        return _status_default(config)
    if kind == "formula":
        return {"type": "string", "string": None}
    if kind == "rollup":
        return _rollup_empty(config)
    if kind == "unique_id":
        return {"prefix": config.get("prefix"), "number": None}
    if kind == "verification":
        return {"state": "unverified", "date": None, "verified_by": None}
    if kind == "button":
        return {}
    return None


def _value(prop: Mapping[str, Any], payload: Any) -> dict[str, Any]:
    kind = str(prop.get("type"))
    value: dict[str, Any] = {"id": prop.get("id"), "type": kind, kind: payload}
    if kind == "relation":
        value["has_more"] = False
    return value


def _refreshed(prop: Mapping[str, Any], old: Mapping[str, Any]) -> dict[str, Any]:
    """A stored value re-fitted to its (possibly edited) schema property."""
    kind = str(prop.get("type"))
    payload = copy.deepcopy(old.get(kind))
    raw_config = prop.get(kind)
    config: Mapping[str, Any] = raw_config if isinstance(raw_config, Mapping) else {}
    if kind in ("select", "multi_select", "status"):
        options = {o.get("id"): o for o in config.get("options", [])}
        if kind == "multi_select":
            items = payload if isinstance(payload, list) else []
            payload = [
                _partial_option(options[item.get("id")])
                for item in items
                if isinstance(item, dict) and item.get("id") in options
            ]
        elif isinstance(payload, dict) and payload.get("id") in options:
            payload = _partial_option(options[payload["id"]])
        else:
            payload = None
    elif kind == "unique_id" and isinstance(payload, dict):
        payload["prefix"] = config.get("prefix")
    return _value(prop, payload)


def conform_values(
    existing: Mapping[str, Any] | None, schema: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """A page's values re-fitted to ``schema``: one entry per property, in schema order.

    Stored values are matched by property id, so renamed properties keep their values;
    removed properties disappear; a property whose type changed reads empty; select, multi-select
    and status values follow option renames and drop removed options. Unset properties get their
    empty value (see :func:`normalize_values`).
    """
    by_id: dict[Any, Mapping[str, Any]] = {}
    for value in (existing or {}).values():
        if isinstance(value, Mapping):
            by_id[value.get("id")] = value
    out: dict[str, dict[str, Any]] = {}
    for name, prop in schema.items():
        old = by_id.get(prop.get("id"))
        if old is not None and old.get("type") == prop.get("type"):
            out[name] = _refreshed(prop, old)
        else:
            out[name] = _value(prop, _empty_payload(prop))
    return out


def normalize_values(
    values: Any,
    schema: dict[str, dict[str, Any]],
    *,
    path: str = "body.properties",
    rich_text: RichText,
    resolve_file_upload: FileResolver | None = None,
    existing: dict[str, dict[str, Any]] | None = None,
    new_id: Callable[[], str] = short_id,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """A page's full ``properties`` from request values, and the schema they may have grown.

    ``values`` is the request's ``properties`` (``None`` reads as ``{}``), keyed by property
    name or id; each value is ``{"<type>": ...}`` (optionally with ``"type"``), or a bare
    rich-text list for a title or rich_text property. ``existing`` is the page's current
    ``properties`` for an update: values not in the request are kept.

    Returns ``(properties, schema)``: every schema property appears, each as
    ``{"id": ..., "type": t, t: value}`` (``relation`` also has ``"has_more": False``); unset ones
    hold their empty value (``[]``, ``None``, ``False``; status its default option). Computed
    types (created/edited time and user, formula, rollup, unique_id's number) hold placeholders
    the caller fills. A select or multi-select name the schema lacks becomes a new option (id
    from ``new_id``, next color in :data:`SELECT_COLORS` unless given): the returned schema is
    then a new dict, otherwise the very ``schema`` passed in.

    Errors, all :class:`ValidationError`: shape errors in body-failed form first (the first one
    found), then every unknown key (``X is not a property that exists.``) and type mismatch
    (``X is expected to be number.``) joined in one message, then option lookups. An upload
    ``resolve_file_upload`` cannot resolve raises whatever it raises.
    """
    request = {} if values is None else _object(values, path)
    ctx = _ValueContext(rich_text, resolve_file_upload, new_id)
    parsed = [(key, _parse_value(raw, f"{path}.{key}", ctx)) for key, raw in request.items()]

    problems: list[str] = []
    targets: list[tuple[str, str, _Parsed]] = []
    for key, item in parsed:
        name = _find(schema, key)
        if name is None:
            problems.append(f"{key} is not a property that exists.")
            continue
        expected = str(schema[name].get("type"))
        kind = item.kind
        if kind is None and expected in ("title", "rich_text"):
            kind = expected
        if kind != expected:
            problems.append(f"{key} is expected to be {expected}.")
            continue
        targets.append((name, kind, item))
    if problems:
        raise ValidationError(" ".join(problems))

    grown = _SchemaCopy(schema)
    resolved: dict[str, Any] = {}
    for name, kind, item in targets:
        payload = item.payload
        if kind in ("select", "status") and payload is not None:
            payload = _pick_option(payload, name, kind, grown, ctx)
        elif kind == "multi_select":
            picked: dict[str, dict[str, Any]] = {}
            for ref in payload:
                option = _pick_option(ref, name, kind, grown, ctx)
                picked.setdefault(option["id"], option)
            payload = list(picked.values())
        elif kind == "files":
            payload = _resolve_files(payload, ctx)
        resolved[name] = payload

    final_schema = grown.current
    properties = conform_values(existing, final_schema)
    for name, payload in resolved.items():
        properties[name] = _value(final_schema[name], payload)
    return properties, final_schema


#: The schema of a page that is not in a data source: its title and nothing else.
_PLAIN_PAGE_SCHEMA: Final[dict[str, dict[str, Any]]] = {
    "title": {"id": "title", "name": "title", "description": None, "type": "title", "title": {}}
}


def normalize_plain_page_properties(
    values: Any,
    *,
    path: str = "body.properties",
    rich_text: RichText,
    existing: dict[str, dict[str, Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """``properties`` of a page under a page or the workspace: ``{"title": {...}}`` only.

    Accepts ``{"title": {"title": [...]}}`` or ``{"title": [...]}``; any other key fails as
    Notion's page-parent branch fails it (``body.properties.X should be not present``).
    ``existing`` keeps the current title when the request carries none.
    """
    request = {} if values is None else _object(values, path)
    for key, raw in request.items():
        if key != "title":
            raise _fail(f"{path}.{key}", "should be not present", raw)
    properties, _ = normalize_values(
        request, _PLAIN_PAGE_SCHEMA, path=path, rich_text=rich_text, existing=existing
    )
    return properties


def page_title(properties: Mapping[str, Any]) -> str:
    """Plain text of a page's title property (``""`` when it has none)."""
    for value in properties.values():
        if isinstance(value, Mapping) and value.get("type") == "title":
            items = value.get("title")
            if not isinstance(items, list):
                return ""
            return "".join(_plain(item) for item in items)
    return ""


def _plain(item: Any) -> str:
    if not isinstance(item, Mapping):
        return ""
    if isinstance(item.get("plain_text"), str):
        return str(item["plain_text"])
    text = item.get("text")
    if isinstance(text, Mapping) and isinstance(text.get("content"), str):
        return str(text["content"])
    equation = item.get("equation")
    if isinstance(equation, Mapping) and isinstance(equation.get("expression"), str):
        return str(equation["expression"])
    return ""
