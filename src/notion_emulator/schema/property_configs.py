"""One property's configuration in a data-source schema, type by type: request in, stored out.

:data:`CONFIG_BUILDERS` maps each property type to the function that validates its
configuration request and returns the stored configuration, given the old one on an update
(select and status options keep their ids and colours, status keeps its three groups).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.schema.limits import (
    MAX_OPTION_NAME,
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
    as_object,
    as_string,
    as_uuid,
    fresh_id,
    missing_keys,
    only_keys,
    option_id,
)
from notion_emulator.schema.vocabularies import (
    COLORS,
    EMPTY_CONFIG_TYPES,
    ROLLUP_FUNCTIONS,
)

STATUS_DEFAULT_OPTIONS: Final = (
    ("Not started", "default", "To-do"),
    ("In progress", "blue", "In progress"),
    ("Done", "green", "Complete"),
)
STATUS_GROUPS: Final = (("To-do", "gray"), ("In progress", "blue"), ("Complete", "green"))


@dataclass(slots=True)
class SchemaContext:
    """What building one schema needs besides the request: id source and lookups."""

    new_id: IdMaker
    taken: set[str]
    database_of: Callable[[str], str | None] | None
    #: ids (``id()``) of the rollup configurations this request wrote, checked strictly.
    new_rollups: set[int] = field(default_factory=set)
    #: makes option and status-group ids (UUIDs in Notion, where property ids are short)
    new_option_id: IdMaker = option_id

    def fresh(self) -> str:
        return fresh_id(self.new_id, self.taken)

    def fresh_option(self) -> str:
        return fresh_id(self.new_option_id, self.taken)


def _empty_config(
    payload: Any, path: str, ctx: SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    only_keys(as_object(payload, path), (), path)
    return {}


def _number_config(
    payload: Any, path: str, ctx: SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    obj = as_object(payload, path)
    only_keys(obj, ("format",), path)
    default = previous.get("format", "number") if previous else "number"
    if "format" not in obj:
        return {"format": default}
    return {"format": as_string(obj["format"], f"{path}.format", minimum=1)}


def _formula_config(
    payload: Any, path: str, ctx: SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    obj = as_object(payload, path)
    only_keys(obj, ("expression",), path)
    default = previous.get("expression", "") if previous else ""
    if "expression" not in obj:
        return {"expression": default}
    return {"expression": as_string(obj["expression"], f"{path}.expression")}


def _unique_id_config(
    payload: Any, path: str, ctx: SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    obj = as_object(payload, path)
    only_keys(obj, ("prefix",), path)
    default = previous.get("prefix") if previous else None
    if "prefix" not in obj:
        return {"prefix": default}
    return {"prefix": as_nullable_string(obj["prefix"], f"{path}.prefix")}


def _option_request(raw: Any, path: str, *, kind: str, with_id: bool) -> dict[str, Any]:
    """One option of a select/multi_select/status configuration, validated, absent keys left out."""
    obj = as_object(raw, path)
    only_keys(obj, ("name", "color", "description", *(("id",) if with_id else ())), path)
    if "name" not in obj and "id" not in obj:
        raise (
            missing_keys(path, ("name", "id")) if with_id else body_failed(f"{path}.name", MISSING)
        )
    out: dict[str, Any] = {}
    if "id" in obj:
        out["id"] = as_string(obj["id"], f"{path}.id", minimum=1)
    if "name" in obj:
        out["name"] = option_name(obj["name"], f"{path}.name", kind=kind)
    if "color" in obj:
        out["color"] = as_choice(obj["color"], COLORS, f"{path}.color")
    if "description" in obj:
        out["description"] = as_nullable_string(obj["description"], f"{path}.description")
    return out


def option_name(value: Any, path: str, *, kind: str) -> str:
    """An option's name: 1 to 100 characters, no comma but in a status option."""
    name = as_string(value, path, limit=MAX_OPTION_NAME, minimum=1)
    if kind != "status" and "," in name:
        raise ValidationError(f"Invalid select option, commas not allowed: {name}")
    return name


def _merge_options(
    requested: list[dict[str, Any]],
    previous: list[dict[str, Any]],
    *,
    kind: str,
    ctx: SchemaContext,
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
                "id": ctx.fresh_option(),
                "name": request["name"],
                "color": request.get("color", COLORS[len(out) % len(COLORS)]),
                "description": request.get("description"),
            }
        if option["name"] in seen:
            raise ValidationError(f"Duplicate {kind} option name: {option['name']}.")
        seen.add(option["name"])
        out.append(option)
    return out


def _select_config(
    payload: Any, path: str, ctx: SchemaContext, previous: dict[str, Any] | None, *, kind: str
) -> dict[str, Any]:
    obj = as_object(payload, path)
    only_keys(obj, ("options",), path)
    old = list(previous.get("options", [])) if previous else []
    if "options" not in obj:
        return {"options": copy.deepcopy(old)}
    items = as_array(obj["options"], f"{path}.options")
    requested = [
        _option_request(item, f"{path}.options[{i}]", kind=kind, with_id=previous is not None)
        for i, item in enumerate(items)
    ]
    return {"options": _merge_options(requested, old, kind=kind, ctx=ctx)}


def _status_config(
    payload: Any, path: str, ctx: SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    """Status: options plus the three fixed groups. New options land in the To-do group."""
    obj = as_object(payload, path)
    only_keys(obj, ("options",), path)
    if previous is None and "options" not in obj:
        defaults: list[dict[str, Any]] = []
        members: dict[str, list[str]] = {name: [] for name, _ in STATUS_GROUPS}
        for name, color, group_name in STATUS_DEFAULT_OPTIONS:
            new_option = ctx.fresh_option()
            defaults.append({"id": new_option, "name": name, "color": color, "description": None})
            members[group_name].append(new_option)
        return {"options": defaults, "groups": _status_groups(members, None, ctx)}
    old_options = list(previous.get("options", [])) if previous else []
    old_groups: list[dict[str, Any]] = list(previous.get("groups", [])) if previous else []
    if "options" in obj:
        items = as_array(obj["options"], f"{path}.options")
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
    groups: dict[str, list[str]] = {name: [] for name, _ in STATUS_GROUPS}
    placed: set[str] = set()
    for group in old_groups:
        ids = [i for i in group.get("option_ids", []) if i in kept]
        groups.setdefault(group["name"], []).extend(ids)
        placed.update(ids)
    groups[STATUS_GROUPS[0][0]].extend(o["id"] for o in options if o["id"] not in placed)
    return {"options": options, "groups": _status_groups(groups, old_groups, ctx)}


def _status_groups(
    members: dict[str, list[str]], previous: list[dict[str, Any]] | None, ctx: SchemaContext
) -> list[dict[str, Any]]:
    old = {group["name"]: group for group in previous or []}
    colors = dict(STATUS_GROUPS)
    out = []
    for name, option_ids in members.items():
        before = old.get(name)
        out.append(
            {
                "id": before["id"] if before else ctx.fresh_option(),
                "name": name,
                "color": before["color"] if before else colors.get(name, "default"),
                "option_ids": option_ids,
            }
        )
    return out


def _relation_config(
    payload: Any, path: str, ctx: SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    obj = as_object(payload, path)
    if "type" in obj:
        kind = as_choice(obj["type"], ("single_property", "dual_property"), f"{path}.type")
        if kind not in obj:
            raise body_failed(f"{path}.{kind}", MISSING)
    elif "single_property" in obj:
        kind = "single_property"
    elif "dual_property" in obj:
        kind = "dual_property"
    else:
        raise missing_keys(path, ("single_property", "dual_property"))
    only_keys(obj, ("data_source_id", "type", kind), path)
    if "data_source_id" not in obj:
        raise body_failed(f"{path}.data_source_id", MISSING)
    source = as_uuid(obj["data_source_id"], f"{path}.data_source_id")
    detail = as_object(obj[kind], f"{path}.{kind}")
    if kind == "single_property":
        only_keys(detail, (), f"{path}.{kind}")
        shaped: dict[str, Any] = {}
    else:
        only_keys(detail, ("synced_property_id", "synced_property_name"), f"{path}.{kind}")
        shaped = {
            key: as_string(detail.get(key, ""), f"{path}.{kind}.{key}")
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
    payload: Any, path: str, ctx: SchemaContext, previous: dict[str, Any] | None
) -> dict[str, Any]:
    """Rollup; the relation property is looked up once the whole schema is built."""
    obj = as_object(payload, path)
    only_keys(obj, ("function", *_ROLLUP_KEYS), path)
    if "function" not in obj:
        raise body_failed(f"{path}.function", MISSING)
    function = as_choice(obj["function"], ROLLUP_FUNCTIONS, f"{path}.function")
    for side in ("relation", "rollup"):
        if f"{side}_property_name" not in obj and f"{side}_property_id" not in obj:
            raise missing_keys(path, (f"{side}_property_name", f"{side}_property_id"))
    given = {key: as_string(obj.get(key, ""), f"{path}.{key}") for key in _ROLLUP_KEYS}
    config = {
        "function": function,
        "rollup_property_name": given["rollup_property_name"],
        "relation_property_name": given["relation_property_name"],
        "rollup_property_id": given["rollup_property_id"],
        "relation_property_id": given["relation_property_id"],
    }
    ctx.new_rollups.add(id(config))
    return config


ConfigBuilder = Callable[[Any, str, SchemaContext, "dict[str, Any] | None"], dict[str, Any]]

CONFIG_BUILDERS: Final[dict[str, ConfigBuilder]] = {
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
