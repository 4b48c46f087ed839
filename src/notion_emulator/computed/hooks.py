"""The points where handlers hand over to the computed values: schema saved, page saved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notion_emulator.computed.dual import link_pages, link_schemas
from notion_emulator.computed.unique_ids import number_pages
from notion_emulator.errors import ValidationError
from notion_emulator.formulas.errors import FormulaError
from notion_emulator.formulas.expressions import store_formulas
from notion_emulator.store import DataSource, Node, Store


def check_formulas(
    schema: dict[str, dict[str, Any]],
    previous: Mapping[str, Mapping[str, Any]] | None,
    source_id: str,
    workspace_id: str,
) -> None:
    """Check each new formula of ``schema`` and store it in Notion's form (in place).

    An expression the emulator cannot read or evaluate is refused with a 400
    ``validation_error`` naming the property, the reason and the expression.
    """
    try:
        store_formulas(schema, previous, source_id, workspace_id)
    except FormulaError as error:
        raise ValidationError(str(error)) from error


def _resolve_rollup_targets(store: Store, source: DataSource) -> None:
    """Fill each rollup's target property name and id from the related data source's schema.

    Notion keeps both (recorded in ``notion-recordings-uno/fixtures/mod_all_props_db.yaml``:
    ``"rollup_property_name": "Title", "rollup_property_id": "title"``).
    """
    by_id = {prop.get("id"): prop for prop in source.properties.values()}
    for prop in source.properties.values():
        config = prop.get("rollup") if prop.get("type") == "rollup" else None
        relation = by_id.get(config.get("relation_property_id")) if config else None
        if config is None or relation is None:
            continue
        target = store.data_sources.get(str((relation.get("relation") or {}).get("data_source_id")))
        if target is None:
            continue
        wanted_id, wanted_name = (
            config.get("rollup_property_id"),
            config.get("rollup_property_name"),
        )
        found = next(
            (p for p in target.properties.values() if wanted_id and p.get("id") == wanted_id),
            target.properties.get(str(wanted_name)),
        )
        if found is not None:
            config["rollup_property_id"] = found["id"]
            config["rollup_property_name"] = found["name"]


def schema_saved(store: Store, source: DataSource) -> None:
    """After ``source``'s schema was created or changed: reverse relations, rollup targets,
    unique ids."""
    link_schemas(store, source)
    _resolve_rollup_targets(store, source)
    number_pages(store, source)


def page_saved(
    store: Store, source: DataSource, page: Node, before: Mapping[str, Any] | None
) -> None:
    """After ``page`` (a row of ``source``) was created or changed: numbers and links."""
    number_pages(store, source, only=page)
    link_pages(store, source, page, before)
