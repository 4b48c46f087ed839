"""A data source's schema (its ``properties``) from a configuration request.

:func:`normalize_schema` turns a property *configuration* request (``POST /v1/data_sources``
``properties``, ``POST /v1/databases`` ``initial_data_source.properties``, ``PATCH
/v1/data_sources/{id}`` ``properties``) into a data source's ``properties`` object, and applies
updates (add, rename, remove, change type, edit options) to an existing one. The grammar follows
the official SDK's ``PropertyConfigurationRequest``: unknown keys are rejected as Notion rejects
them. Errors are :class:`~notion_emulator.errors.ValidationError` in Notion's wording, and only
that.
"""

from __future__ import annotations

import copy
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.schema.messages import (
    MISSING,
    UNDEFINED,
    body_failed,
)
from notion_emulator.schema.property_checks import (
    as_choice,
    as_nullable_string,
    as_object,
    as_string,
    missing_keys,
    only_keys,
    option_id,
    refuse,
)
from notion_emulator.schema.property_configs import CONFIG_BUILDERS, SchemaContext
from notion_emulator.schema.vocabularies import (
    CONFIG_TYPES,
)

#: What ``POST /v1/databases`` gets when the request brings no schema: one title called Name.
DEFAULT_SCHEMA_REQUEST: Final[dict[str, Any]] = {"Name": {"title": {}}}


@dataclass(slots=True)
class ConfigRequest:
    """One property of a schema request, split into its parts."""

    type: str | None
    payload: Any
    name: Any = UNDEFINED
    description: Any = UNDEFINED
    #: the property's id, which an update may carry inside the object
    id: str | None = None


def parse_config_request(raw: Any, path: str, *, allow_name: bool) -> ConfigRequest:
    """One property of a schema request, shape-checked and split into its parts."""
    obj = as_object(raw, path)
    # an update may send a property as read back, its ``id`` included
    common = ("type", "description", *(("name", "id") if allow_name else ()))
    present = [key for key in obj if key in CONFIG_TYPES]
    kind: str | None
    if "type" in obj:
        kind = as_choice(obj["type"], CONFIG_TYPES, f"{path}.type")
        if kind not in obj:
            raise body_failed(f"{path}.{kind}", MISSING)
    else:
        kind = present[0] if present else None
    only_keys(obj, (*common, *((kind,) if kind else ())), path)
    request = ConfigRequest(kind, obj.get(kind) if kind else None)
    if "id" in obj:
        request.id = as_string(obj["id"], f"{path}.id", minimum=1)
    if "name" in obj:
        request.name = as_string(obj["name"], f"{path}.name", minimum=1)
    if "description" in obj:
        request.description = as_nullable_string(obj["description"], f"{path}.description")
    return request


def _schema_property(
    name: str,
    request: ConfigRequest,
    path: str,
    ctx: SchemaContext,
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
        config = CONFIG_BUILDERS[kind](request.payload, f"{path}.{kind}", ctx, old_config)
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


def _resolve_rollups(schema: dict[str, dict[str, Any]], ctx: SchemaContext) -> None:
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
    new_option_id: Callable[[], str] = option_id,
) -> dict[str, dict[str, Any]]:
    """A data source's ``properties`` (response form) from a configuration request.

    Without ``existing`` this is a creation: every key is a property name, every value one
    ``PropertyConfigurationRequest`` (``{"number": {"format": "percent"}}``, optionally with
    ``"type"`` and ``"description"``), and exactly one must be a title (id ``"title"``). Other
    ids come from ``new_id`` (skipping any already used); option and status-group ids from
    ``new_option_id`` (UUIDs, as Notion's).

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
    request = as_object(properties, path)
    taken: set[str] = set()
    for prop in (existing or {}).values():
        taken.add(str(prop.get("id")))
        for key in ("select", "multi_select", "status"):
            config = prop.get(key)
            if isinstance(config, dict):
                taken.update(str(o.get("id")) for o in config.get("options", []))
                taken.update(str(g.get("id")) for g in config.get("groups", []))
    ctx = SchemaContext(new_id, taken, database_of, new_option_id=new_option_id)
    if existing is None:
        schema = _create_schema(request, path, ctx)
    else:
        schema = _update_schema(request, path, existing, ctx)
    _check_titles(schema)
    _resolve_rollups(schema, ctx)
    return schema


def _create_schema(
    request: dict[str, Any], path: str, ctx: SchemaContext
) -> dict[str, dict[str, Any]]:
    schema: dict[str, dict[str, Any]] = {}
    for name, raw in request.items():
        prop_path = f"{path}.{name}"
        if not name:
            raise refuse(path, "should not have an empty property name", request)
        parsed = parse_config_request(raw, prop_path, allow_name=False)
        if parsed.type is None:
            raise missing_keys(prop_path, CONFIG_TYPES)
        schema[name] = _schema_property(name, parsed, prop_path, ctx, None)
    return schema


def find_property(schema: Mapping[str, Mapping[str, Any]], key: str) -> str | None:
    """The name of the property ``key`` names or ids (ids may come URL-encoded or not)."""
    if key in schema:
        return key
    decoded = urllib.parse.unquote(key)
    for name, prop in schema.items():
        prop_id = prop.get("id")
        if isinstance(prop_id, str) and decoded in (prop_id, urllib.parse.unquote(prop_id)):
            return name
    return None


def _update_schema(
    request: dict[str, Any],
    path: str,
    existing: dict[str, dict[str, Any]],
    ctx: SchemaContext,
) -> dict[str, dict[str, Any]]:
    changes: dict[str, ConfigRequest | None] = {}
    added: list[tuple[str, ConfigRequest, str]] = []
    for key, raw in request.items():
        prop_path = f"{path}.{key}"
        target = find_property(existing, key)
        if raw is None:
            if target is None:
                raise ValidationError(f"{key} is not a property that exists.")
            if existing[target].get("type") == "title":
                raise ValidationError(f"Cannot delete the title property {target}.")
            changes[target] = None
            continue
        parsed = parse_config_request(raw, prop_path, allow_name=True)
        if target is None and parsed.id is not None:
            target = find_property(existing, parsed.id)
        if target is None:
            if parsed.type is None:
                raise ValidationError(f"{key} is not a property that exists.")
            name = parsed.name if isinstance(parsed.name, str) else key
            if not name:
                raise refuse(path, "should not have an empty property name", request)
            added.append((name, parsed, prop_path))
            continue
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
