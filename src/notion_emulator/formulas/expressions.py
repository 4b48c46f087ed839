"""A formula property's expression as Notion stores it, and its compiled form.

Notion keeps ``prop("Score")`` as ``{{notion:block_property:<property id>:<data source
id>:<workspace id>}}`` (recorded in ``notion-recordings-uno/fixtures/mod_formula_db.yaml``);
:func:`stored_expression` makes that rewrite when a schema is saved, after checking that the
expression parses, names only known properties and functions, and that its types fit.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from notion_emulator.formulas.errors import FormulaError
from notion_emulator.formulas.evaluate import PROPERTY_KINDS, static_kind
from notion_emulator.formulas.functions import FUNCTIONS
from notion_emulator.formulas.parser import Node, parse


@dataclass(frozen=True, slots=True)
class Compiled:
    """A parsed expression, the type of its result, and its ``prop()`` spans."""

    tree: Node
    kind: str
    spans: tuple[tuple[int, int, str], ...]


def _same_id(a: str, b: str) -> bool:
    return a == b or urllib.parse.unquote(a) == urllib.parse.unquote(b)


@functools.lru_cache(maxsize=512)
def _compile(expression: str, props: tuple[tuple[str, str, str], ...]) -> Compiled:
    by_name = {name: prop_id for name, prop_id, _ in props}

    def known_id(prop_id: str) -> bool:
        return any(_same_id(prop_id, other) for _, other, _ in props)

    def kind(prop_id: str) -> str:
        found = next((k for _, other, k in props if _same_id(prop_id, other)), "")
        return PROPERTY_KINDS.get(found, "any")

    parsed = parse(expression, resolve=by_name.get, known_id=known_id, functions=FUNCTIONS)
    return Compiled(parsed.tree, static_kind(parsed.tree, kind), tuple(parsed.prop_spans))


def compile_expression(expression: str, schema: Mapping[str, Mapping[str, Any]]) -> Compiled:
    """``expression`` parsed and type-checked against ``schema``; FormulaError if it cannot be."""
    props = tuple((name, str(p.get("id")), str(p.get("type"))) for name, p in schema.items())
    return _compile(expression, props)


def reference(prop_id: str, source_id: str, workspace_id: str) -> str:
    """Notion's stored form of a property reference."""
    return f"{{{{notion:block_property:{prop_id}:{source_id}:{workspace_id}}}}}"


def stored_expression(
    expression: str, schema: Mapping[str, Mapping[str, Any]], source_id: str, workspace_id: str
) -> str:
    """``expression`` with each ``prop("Name")`` rewritten to Notion's reference form."""
    compiled = compile_expression(expression, schema)
    out = expression
    for start, end, prop_id in sorted(compiled.spans, reverse=True):
        out = out[:start] + reference(prop_id, source_id, workspace_id) + out[end:]
    return out


def store_formulas(
    schema: dict[str, dict[str, Any]],
    previous: Mapping[str, Mapping[str, Any]] | None,
    source_id: str,
    workspace_id: str,
) -> None:
    """Check and rewrite, in place, each formula expression of ``schema`` that is new.

    An expression that ``previous`` (the schema before the update) already held for the same
    property is left as it is. Raises :class:`FormulaError` naming the property and expression.
    """
    old = {str(p.get("id")): p for p in (previous or {}).values()}
    for name, prop in schema.items():
        config = prop.get("formula") if prop.get("type") == "formula" else None
        if not isinstance(config, dict):
            continue
        expression = str(config.get("expression", ""))
        before = old.get(str(prop.get("id")), {}).get("formula")
        if not expression.strip() or (
            isinstance(before, Mapping) and before.get("expression") == expression
        ):
            continue
        try:
            config["expression"] = stored_expression(expression, schema, source_id, workspace_id)
        except FormulaError as error:
            raise FormulaError(
                f"Invalid formula for property {name}: {error} Expression: {expression}"
            ) from error
