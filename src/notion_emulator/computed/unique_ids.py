"""``unique_id`` numbers: 1, 2, 3... per data source, in the order its pages were created.

Numbers are stored on the pages once given, so they never change when pages are trashed or
the schema is edited; a ``unique_id`` property added to a data source that already has pages
numbers them in creation order (recorded: ``notion-recordings-uno/fixtures/mod_all_props_db.yaml``
shows ``{"prefix": null, "number": 3}``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from notion_emulator.store import DataSource, Node, Store


def _value(node: Node | None, prop_id: Any) -> dict[str, Any] | None:
    if node is None:
        return None
    for value in (node.properties or {}).values():
        if isinstance(value, dict) and value.get("id") == prop_id:
            return value
    return None


def _number(value: dict[str, Any] | None) -> int | None:
    payload = value.get("unique_id") if value else None
    number = payload.get("number") if isinstance(payload, dict) else None
    return number if isinstance(number, int) else None


def _highest(store: Store, rows: Iterable[str], prop_id: Any) -> int:
    """The number of the last numbered row (numbers grow with creation order)."""
    for row_id in rows:
        number = _number(_value(store.nodes.get(row_id), prop_id))
        if number is not None:
            return number
    return 0


def number_pages(store: Store, source: DataSource, only: Node | None = None) -> None:
    """Give the pages of ``source`` (or just ``only``) that lack one their ``unique_id`` number."""
    for prop in source.properties.values():
        if prop.get("type") != "unique_id":
            continue
        prop_id = prop.get("id")
        prefix = (prop.get("unique_id") or {}).get("prefix")
        targets = [only.id] if only is not None else source.rows
        highest: int | None = None
        for row_id in targets:
            value = _value(store.nodes.get(row_id), prop_id)
            if value is None or _number(value) is not None:
                continue
            if highest is None:
                earlier = (r for r in reversed(source.rows) if r != row_id)
                highest = _highest(store, earlier, prop_id)
            highest += 1
            value["unique_id"] = {"prefix": prefix, "number": highest}
            store.mark("node", row_id)
