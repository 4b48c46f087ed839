"""A page's formula and rollup values, computed from the store when the page is read."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from notion_emulator.computed.rollups import rollup_payload
from notion_emulator.formulas.errors import FormulaError
from notion_emulator.formulas.evaluate import Env, evaluate
from notion_emulator.formulas.expressions import compile_expression
from notion_emulator.formulas.values import PageRef, from_payload, to_result
from notion_emulator.schema.page_properties import page_title
from notion_emulator.store import DataSource, Node, Store

#: How deep formulas and rollups may reach through other formulas and rollups.
_MAX_DEPTH = 12


def _same_id(a: Any, b: Any) -> bool:
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return a == b or urllib.parse.unquote(a) == urllib.parse.unquote(b)


class Computation:
    """Computes values for pages of one store at one instant (one per rendered response)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.now = datetime.fromtimestamp(store.clock(), UTC)
        self.active: set[tuple[str, str]] = set()

    def source_of(self, node: Node) -> DataSource | None:
        source_id = node.parent.get("data_source_id")
        return self.store.data_sources.get(source_id) if isinstance(source_id, str) else None

    def fill(self, node: Node, properties: dict[str, Any]) -> dict[str, Any]:
        """``properties`` with each formula and rollup value computed for ``node``."""
        if self.source_of(node) is None:
            return properties
        out = dict(properties)
        for name, value in properties.items():
            kind = value.get("type") if isinstance(value, Mapping) else None
            if kind in ("formula", "rollup"):
                out[name] = {**value, kind: self.payload(node, str(value.get("id")))}
        return out

    def payload(self, node: Node, prop_id: str) -> Any:
        """The computed payload of a formula or rollup property (its ``value[type]``)."""
        source = self.source_of(node)
        prop = _schema_prop(source, prop_id) if source else None
        if source is None or prop is None:
            return None
        key = (node.id, str(prop.get("id")))
        if key in self.active or len(self.active) >= _MAX_DEPTH:
            return _empty(prop)
        self.active.add(key)
        try:
            if prop.get("type") == "formula":
                return self._formula(node, source, prop)
            return self._rollup(node, prop)
        finally:
            self.active.discard(key)

    def _formula(self, node: Node, source: DataSource, prop: Mapping[str, Any]) -> Any:
        expression = str((prop.get("formula") or {}).get("expression", ""))
        if not expression.strip():
            return {"type": "string", "string": None}
        try:
            compiled = compile_expression(expression, source.properties)
        except FormulaError:
            return {"type": "string", "string": None}
        env = Env(lambda prop_id: self.value(node, prop_id), self.now)
        try:
            return to_result(evaluate(compiled.tree, env), compiled.kind)
        except FormulaError:
            return to_result(None, compiled.kind)

    def _rollup(self, node: Node, prop: Mapping[str, Any]) -> Any:
        config = prop.get("rollup") or {}
        function = str(config.get("function", "count"))
        relation = _stored(
            node, config.get("relation_property_id"), config.get("relation_property_name")
        )
        pages = self.related(relation)
        items: list[dict[str, Any]] = []
        for page in pages:
            target = _stored(
                page, config.get("rollup_property_id"), config.get("rollup_property_name")
            )
            if target is None:
                continue
            kind = str(target.get("type"))
            payload = target.get(kind)
            if kind in ("formula", "rollup"):
                payload = self.payload(page, str(target.get("id")))
            items.append({"type": kind, kind: payload})
        return rollup_payload(function, len(pages), items)

    def related(self, relation: Mapping[str, Any] | None) -> list[Node]:
        """The live pages a relation value links to, in its order."""
        if relation is None or relation.get("type") != "relation":
            return []
        out = []
        for ref in relation.get("relation") or []:
            page = self.store.nodes.get(str(ref.get("id"))) if isinstance(ref, Mapping) else None
            if page is not None and not page.in_trash:
                out.append(page)
        return out

    def value(self, node: Node, prop_id: str) -> Any:
        """Property ``prop_id`` of ``node`` as a formula value."""
        stored = _stored(node, prop_id, None)
        if stored is None:
            return None
        kind = str(stored.get("type"))
        if kind == "relation":
            return [
                PageRef(page.id, page_title(page.properties or {})) for page in self.related(stored)
            ]
        if kind in ("formula", "rollup"):
            return from_payload(kind, self.payload(node, str(stored.get("id"))))
        if kind == "created_time":
            return from_payload("date", {"start": _iso(node.created)})
        if kind == "last_edited_time":
            return from_payload("date", {"start": _iso(node.edited)})
        return from_payload(kind, stored.get(kind))


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).replace(second=0, microsecond=0).isoformat()


def _schema_prop(source: DataSource, prop_id: str) -> Mapping[str, Any] | None:
    return next((p for p in source.properties.values() if _same_id(p.get("id"), prop_id)), None)


def _stored(node: Node, prop_id: Any, name: Any) -> Mapping[str, Any] | None:
    """The page's stored value of the property with this id (else this name)."""
    properties = node.properties or {}
    for value in properties.values():
        if isinstance(value, Mapping) and _same_id(value.get("id"), prop_id):
            return value
    found = properties.get(name) if isinstance(name, str) and name else None
    return found if isinstance(found, Mapping) else None


def _empty(prop: Mapping[str, Any]) -> Any:
    if prop.get("type") == "formula":
        return {"type": "string", "string": None}
    return rollup_payload(str((prop.get("rollup") or {}).get("function", "count")), 0, [])
