"""A query ``filter``: parsed once into a tree, bound to a schema, compiled to a predicate."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.query.checks import (
    TIMESTAMPS,
    expected,
    not_present,
    one_of_error,
    property_index,
    too_long,
)
from notion_emulator.query.conditions import PARSERS, Context, Test
from notion_emulator.schema.limits import MAX_ARRAY
from notion_emulator.schema.messages import (
    MISSING,
    body_failed,
    fix_one,
    missing_line,
)

Page = dict[str, Any]


Predicate = Callable[[Page], bool]


_GROUPS: Final = ("or", "and")


#: Compound filters may nest this deep: ``{"and": [{"or": [<leaf>, ...]}, ...]}``.
_MAX_DEPTH: Final = 2


@dataclass(frozen=True, slots=True)
class _Leaf:
    """A property condition (``property`` set) or a timestamp condition (``property=None``)."""

    property: str | None
    key: str
    test: Test


@dataclass(frozen=True, slots=True)
class _Group:
    op: str
    children: tuple[_Leaf | _Group, ...]


#: Properties a ``rich_text`` filter also applies to (Notion accepts it on them).
_TEXT_KINDS: Final = frozenset({"title", "url", "email", "phone_number"})


def _parse(obj: Any, path: str, depth: int, ctx: Context) -> _Leaf | _Group:
    """Validate the shape of one filter object (no schema needed)."""
    if not isinstance(obj, dict):
        raise expected(path, "an object", obj)
    groups = _GROUPS if depth < _MAX_DEPTH else ()
    for op in groups:
        if op in obj:
            return _parse_group(op, obj, path, depth, ctx)
    if "timestamp" in obj:
        return _parse_timestamp(obj, path, ctx)
    key = next((k for k in obj if k in PARSERS), None)
    if key is None:
        raise fix_one([missing_line(f"{path}.{k}") for k in (*groups, *PARSERS)])
    prop = obj.get("property")
    if "property" not in obj:
        raise body_failed(f"{path}.property", MISSING)
    if not isinstance(prop, str):
        raise expected(f"{path}.property", "a string", prop)
    test = PARSERS[key](obj[key], f"{path}.{key}", ctx)
    _check_rest(obj, path, key, "property")
    return _Leaf(prop, key, test)


def _check_rest(obj: dict[str, Any], path: str, key: str, discriminator: str) -> None:
    """The optional ``type`` must name ``key``; nothing else may be there."""
    for name, value in obj.items():
        if name == "type":
            if value != key:
                raise expected(f"{path}.type", f"`{json.dumps(key)}`", value)
        elif name not in (key, discriminator):
            raise not_present(f"{path}.{name}", value)


def _parse_group(op: str, obj: dict[str, Any], path: str, depth: int, ctx: Context) -> _Group:
    items = obj[op]
    for name, value in obj.items():
        if name != op:
            raise not_present(f"{path}.{name}", value)
    where = f"{path}.{op}"
    if not isinstance(items, list):
        raise expected(where, "an array", items)
    if len(items) > MAX_ARRAY:
        raise too_long(where, len(items))
    children = tuple(_parse(item, f"{where}[{i}]", depth + 1, ctx) for i, item in enumerate(items))
    return _Group(op, children)


def _parse_timestamp(obj: dict[str, Any], path: str, ctx: Context) -> _Leaf:
    which = obj["timestamp"]
    if which not in TIMESTAMPS:
        raise one_of_error(f"{path}.timestamp", TIMESTAMPS, which)
    if which not in obj:
        raise body_failed(f"{path}.{which}", MISSING)
    test = PARSERS[which](obj[which], f"{path}.{which}", ctx)
    _check_rest(obj, path, which, "timestamp")
    return _Leaf(None, which, test)


def _always(page: Page) -> bool:
    return True


def _bind(node: _Leaf | _Group, index: Mapping[str, tuple[str, dict[str, Any]]]) -> Predicate:
    if isinstance(node, _Group):
        preds = tuple(_bind(child, index) for child in node.children)
        if not preds:
            return _always
        if len(preds) == 1:
            return preds[0]
        if node.op == "and":
            return lambda page: all(p(page) for p in preds)
        return lambda page: any(p(page) for p in preds)
    key, test = node.key, node.test
    if node.property is None:
        return lambda page: test(page.get(key))
    found = index.get(node.property)
    if found is None:
        raise ValidationError(f"Could not find property with name or id: {node.property}")
    name, spec = found
    kind = spec.get("type")
    if kind != key and not (key == "rich_text" and kind in _TEXT_KINDS):
        raise ValidationError(
            "The property type in the database does not match the property type of the "
            f"filter provided: database property {kind} does not match filter {key}"
        )
    as_text = kind != key  # a rich_text filter on another text property: its text

    def predicate(page: Page) -> bool:
        props = page.get("properties")
        value = props.get(name) if isinstance(props, dict) else None
        raw = value.get(kind) if isinstance(value, dict) else None
        if as_text and isinstance(raw, str):
            raw = [{"plain_text": raw}]
        return test(raw)

    return predicate


def compile_filter(
    filter_obj: Any,
    schema: dict[str, dict[str, Any]],
    *,
    path: str = "body.filter",
    now: datetime | None = None,
    me: str | None = None,
) -> Callable[[dict[str, Any]], bool]:
    """Validate a query ``filter`` against ``schema`` once; return a predicate over pages.

    ``schema`` is the data source's ``properties`` in response form; the predicate takes a
    page object in response form. ``now`` fixes "today" for relative dates (default: the
    current time; a naive value is UTC); ``me`` is the user id that ``"me"`` stands for.
    ``None`` (no filter) matches every page. Any malformed filter raises
    :class:`~notion_emulator.errors.ValidationError` in Notion's wording, never another
    exception. See the module docstring for the comparison semantics.
    """
    if filter_obj is None:
        return _always
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    ctx = Context(today=moment.astimezone(UTC).date(), me=me)
    tree = _parse(filter_obj, path, 0, ctx)
    return _bind(tree, property_index(schema))
