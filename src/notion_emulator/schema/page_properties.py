"""A page's ``properties`` from request values, and stored values re-fitted to a schema.

Pure functions, no store and no clock. The routes hand in what a request carried plus what the
store holds, and get back what the store should keep and the API should answer:

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
Lengths are counted in UTF-16 code units, as Notion (JavaScript) counts them. Values the API
computes (``created_time``, ``created_by``, ``last_edited_*``, ``unique_id``'s number,
``formula`` and ``rollup`` results) are placeholders here; the caller fills them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.schema.data_source_schema import find_property
from notion_emulator.schema.property_checks import (
    as_object,
    fresh_id,
    option_id,
    refuse,
)
from notion_emulator.schema.property_values import (
    FileResolver,
    Parsed,
    RichText,
    ValueContext,
    parse_value,
)
from notion_emulator.schema.vocabularies import (
    COLORS,
)


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


def partial_option(option: Mapping[str, Any]) -> dict[str, Any]:
    """An option as a page value shows it: id, name and colour."""
    return {"id": option["id"], "name": option["name"], "color": option["color"]}


def _pick_option(
    ref: dict[str, Any], name: str, kind: str, schema: _SchemaCopy, ctx: ValueContext
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
                "id": fresh_id(ctx.new_id, taken),
                "name": ref["name"],
                "color": ref.get("color", COLORS[len(writable) % len(COLORS)]),
                "description": ref.get("description"),
            }
            writable.append(created)
            return partial_option(created)
    if "color" in ref and ref["color"] != match.get("color"):
        raise ValidationError(f"Cannot update color of {label} with name: {match['name']}.")
    return partial_option(match)


def _resolve_files(items: list[dict[str, Any]], ctx: ValueContext) -> list[dict[str, Any]]:
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
        for member in group.get("option_ids", []):
            if member in options:
                return partial_option(options[member])
    first = next(iter(options.values()), None)
    return partial_option(first) if first else None


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
                partial_option(options[item.get("id")])
                for item in items
                if isinstance(item, dict) and item.get("id") in options
            ]
        elif isinstance(payload, dict) and payload.get("id") in options:
            payload = partial_option(options[payload["id"]])
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
    new_id: Callable[[], str] = option_id,
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
    from ``new_id``, next color in :data:`COLORS` unless given): the returned schema is
    then a new dict, otherwise the very ``schema`` passed in.

    Errors, all :class:`ValidationError`: shape errors in body-failed form first (the first one
    found), then every unknown key (``X is not a property that exists.``) and type mismatch
    (``X is expected to be number.``) joined in one message, then option lookups. An upload
    ``resolve_file_upload`` cannot resolve raises whatever it raises.
    """
    request = {} if values is None else as_object(values, path)
    ctx = ValueContext(rich_text, resolve_file_upload, new_id)
    parsed = [(key, parse_value(raw, f"{path}.{key}", ctx)) for key, raw in request.items()]

    problems: list[str] = []
    targets: list[tuple[str, str, Parsed]] = []
    for key, item in parsed:
        name = find_property(schema, key)
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
    request = {} if values is None else as_object(values, path)
    for key, raw in request.items():
        if key != "title":
            raise refuse(f"{path}.{key}", "should be not present", raw)
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
