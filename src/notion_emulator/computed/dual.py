"""Two-way (``dual_property``) relations: the reverse property, and links kept in step.

Recorded in ``notion-recordings-uno/test_page/test_more_than_max_refs_per_relation_property.yaml``:
creating ``{"relation": {"type": "dual_property", "data_source_id": T, "dual_property": {}}}``
on data source S adds to T a relation back to S named ``Related to <S's title> (<name>)``;
each side's ``dual_property`` names the other (``synced_property_name``/``_id``), renaming one
side renames it in the other's configuration, and a page linked from S shows on the linked
page's reverse property.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notion_emulator.schema.page_properties import conform_values
from notion_emulator.schema.property_checks import fresh_id, short_id
from notion_emulator.store import DataSource, Node, Store


def _plain(items: list[dict[str, Any]]) -> str:
    return "".join(str(item.get("plain_text", "")) for item in items)


def _dual(prop: Mapping[str, Any]) -> dict[str, Any] | None:
    """The relation configuration of a two-way relation property, else None."""
    config = prop.get("relation") if prop.get("type") == "relation" else None
    if isinstance(config, dict) and config.get("type") == "dual_property":
        return config
    return None


def _free_name(schema: Mapping[str, Any], wanted: str) -> str:
    name, n = wanted, 1
    while name in schema:
        name, n = f"{wanted} {n}", n + 1
    return name


def _partner(store: Store, config: Mapping[str, Any]) -> tuple[DataSource, str] | None:
    """The target data source and the name of the reverse property, if both exist."""
    target = store.data_sources.get(str(config.get("data_source_id")))
    wanted = (config.get("dual_property") or {}).get("synced_property_id")
    if target is None or not wanted:
        return None
    name = next((n for n, p in target.properties.items() if p.get("id") == wanted), None)
    return (target, name) if name is not None else None


def _reshape(store: Store, source: DataSource) -> None:
    for row_id in source.rows:
        row = store.nodes.get(row_id)
        if row is not None:
            row.properties = conform_values(row.properties or {}, source.properties)
            store.mark("node", row_id)


def link_schemas(store: Store, source: DataSource) -> None:
    """Create the reverse property of each new two-way relation of ``source``; sync names.

    A relation is new when its ``dual_property`` names no property of its target yet (a
    ``synced_property_name`` given in the request names the reverse property).
    """
    for name, prop in source.properties.items():
        config = _dual(prop)
        if config is None:
            continue
        detail = config.setdefault("dual_property", {})
        found = _partner(store, config)
        if found is None:
            target = store.data_sources.get(str(config.get("data_source_id")))
            if target is None:
                continue
            title = _plain(source.title)
            wanted = detail.get("synced_property_name") or f"Related to {title} ({name})"
            reverse_name = _free_name(target.properties, wanted)
            taken = {str(p.get("id")) for p in target.properties.values()}
            created: dict[str, Any] = {
                "id": fresh_id(short_id, taken),
                "name": reverse_name,
                "description": None,
                "type": "relation",
                "relation": {
                    "database_id": source.database_id,
                    "data_source_id": source.id,
                    "type": "dual_property",
                    "dual_property": {},
                },
            }
            target.properties = {**target.properties, reverse_name: created}
            found = (target, reverse_name)
            _reshape(store, target)
        target, reverse_name = found
        reverse = target.properties[reverse_name]
        detail.clear()
        detail.update(synced_property_name=reverse_name, synced_property_id=reverse["id"])
        reverse["relation"]["dual_property"] = {
            "synced_property_name": name,
            "synced_property_id": prop["id"],
        }
        store.mark("data_source", target.id)


def _links(properties: Mapping[str, Any] | None, prop_id: Any) -> list[str]:
    for value in (properties or {}).values():
        if isinstance(value, Mapping) and value.get("id") == prop_id:
            return [str(r.get("id")) for r in value.get("relation") or [] if isinstance(r, Mapping)]
    return []


def link_pages(
    store: Store, source: DataSource, page: Node, before: Mapping[str, Any] | None
) -> None:
    """After ``page`` changed (``before``: its old properties), update the linked pages.

    Each page newly linked through a two-way relation gains ``page`` on its reverse
    property; each page unlinked loses it.
    """
    for prop in source.properties.values():
        config = _dual(prop)
        found = _partner(store, config) if config is not None else None
        if found is None:
            continue
        target, reverse_name = found
        reverse_id = target.properties[reverse_name]["id"]
        old = _links(before, prop["id"])
        new = _links(page.properties, prop["id"])
        changed = [i for i in new if i not in old] + [i for i in old if i not in new]
        for other_id in changed:
            other = store.nodes.get(other_id)
            if other is None or other.parent.get("data_source_id") != target.id:
                continue
            value = next(
                (v for v in (other.properties or {}).values() if v.get("id") == reverse_id), None
            )
            if value is None:
                continue
            refs = [r for r in value.get("relation") or [] if r.get("id") != page.id]
            if other_id in new:
                refs.append({"id": page.id})
            if refs != value.get("relation"):
                value["relation"] = refs
                store.mark("node", other_id)
