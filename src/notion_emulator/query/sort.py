"""A query's ``sorts``: parsed, bound to a schema, applied as a stable multi-key sort."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
from notion_emulator.query.values import (
    as_list,
    date_value,
    ids,
    instant,
    is_true,
    norm_id,
    num,
    option_name,
    option_names,
    plain,
    rich_plain,
    unique_number,
    verification_state,
)
from notion_emulator.schema.limits import MAX_ARRAY
from notion_emulator.schema.messages import (
    MISSING,
    body_failed,
    fix_one,
    missing_line,
)

_DIRECTIONS: Final = ("ascending", "descending")


#: Sort key over a raw payload; None means empty (sorted last).
SortKey = Callable[[Any], Any]


def _text_key(text: str) -> tuple[str, str] | None:
    return (text.casefold(), text) if text else None


def _option_order(spec: dict[str, Any]) -> dict[str, int]:
    config = spec.get(spec.get("type") or "")
    options = config.get("options") if isinstance(config, dict) else None
    if not isinstance(options, list):
        return {}
    names = (option_name(option) for option in options)
    return {name: i for i, name in enumerate(names) if name is not None}


def _select_key(spec: dict[str, Any]) -> SortKey:
    order = _option_order(spec)

    def key(raw: Any) -> tuple[int, str] | None:
        name = option_name(raw)
        return None if name is None else (order.get(name, len(order)), name)

    return key


def _multi_select_key(spec: dict[str, Any]) -> SortKey:
    order = _option_order(spec)

    def key(raw: Any) -> tuple[tuple[int, str], ...] | None:
        names = option_names(raw)
        return tuple((order.get(n, len(order)), n) for n in names) if names else None

    return key


def _user_name(user: Any) -> str:
    if not isinstance(user, dict):
        return ""
    name = user.get("name")
    if isinstance(name, str):
        return name.casefold()
    return norm_id(user.get("id")) or ""


def _people_key(raw: Any) -> tuple[str, ...] | None:
    names = tuple(_user_name(u) for u in as_list(raw))
    return names or None


def _files_key(raw: Any) -> tuple[str, ...] | None:
    names = tuple(str(f.get("name", "")) for f in as_list(raw) if isinstance(f, dict))
    return names or None


def _formula_key(raw: Any) -> tuple[int, Any] | None:
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    value = raw.get(kind) if isinstance(kind, str) else None
    if kind == "string":
        text = _text_key(plain(value))
        return None if text is None else (0, text)
    if kind == "number":
        number = num(value)
        return None if number is None else (1, number)
    if kind == "boolean":
        return (2, value is True)
    if kind == "date":
        moment = date_value(value)
        return None if moment is None else (3, moment)
    return None


def _rollup_key(raw: Any) -> Any:
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    if kind == "number":
        return num(raw.get("number"))
    if kind == "date":
        return date_value(raw.get("date"))
    if kind == "array":
        return len(as_list(raw.get("array"))) or None
    return None


def _fixed(key: SortKey) -> Callable[[dict[str, Any]], SortKey]:
    return lambda spec: key


#: Property type -> factory (given the property's schema entry) of its sort key.
_SORT_KEYS: Final[dict[str, Callable[[dict[str, Any]], SortKey]]] = {
    "title": _fixed(lambda raw: _text_key(rich_plain(raw))),
    "rich_text": _fixed(lambda raw: _text_key(rich_plain(raw))),
    "url": _fixed(lambda raw: _text_key(plain(raw))),
    "email": _fixed(lambda raw: _text_key(plain(raw))),
    "phone_number": _fixed(lambda raw: _text_key(plain(raw))),
    "number": _fixed(num),
    "checkbox": _fixed(is_true),
    "select": _select_key,
    "status": _select_key,
    "multi_select": _multi_select_key,
    "date": _fixed(date_value),
    "people": _fixed(_people_key),
    "created_by": _fixed(lambda raw: _people_key([raw])),
    "last_edited_by": _fixed(lambda raw: _people_key([raw])),
    "relation": _fixed(lambda raw: ids(raw) or None),
    "files": _fixed(_files_key),
    "created_time": _fixed(instant),
    "last_edited_time": _fixed(instant),
    "formula": _fixed(_formula_key),
    "unique_id": _fixed(unique_number),
    "rollup": _fixed(_rollup_key),
    "verification": _fixed(verification_state),
}


@dataclass(frozen=True, slots=True)
class _Sort:
    property: str | None
    timestamp: str | None
    descending: bool


def _parse_sorts(sorts: Any, path: str) -> list[_Sort]:
    if not isinstance(sorts, list):
        raise expected(path, "an array", sorts)
    if len(sorts) > MAX_ARRAY:
        raise too_long(path, len(sorts))
    return [_parse_sort(item, f"{path}[{i}]") for i, item in enumerate(sorts)]


def _parse_sort(item: Any, path: str) -> _Sort:
    if not isinstance(item, dict):
        raise expected(path, "an object", item)
    if "property" in item:
        key = "property"
    elif "timestamp" in item:
        key = "timestamp"
    else:
        raise fix_one([missing_line(f"{path}.property"), missing_line(f"{path}.timestamp")])
    target = item[key]
    if key == "property" and not isinstance(target, str):
        raise expected(f"{path}.property", "a string", target)
    if key == "timestamp" and target not in TIMESTAMPS:
        raise one_of_error(f"{path}.timestamp", TIMESTAMPS, target)
    if "direction" not in item:
        raise body_failed(f"{path}.direction", MISSING)
    direction = item["direction"]
    if direction not in _DIRECTIONS:
        raise one_of_error(f"{path}.direction", _DIRECTIONS, direction)
    for name, value in item.items():
        if name not in (key, "direction"):
            raise not_present(f"{path}.{name}", value)
    prop = target if key == "property" else None
    stamp = target if key == "timestamp" else None
    return _Sort(prop, stamp, direction == "descending")


def _page_key(sort: _Sort, index: Mapping[str, tuple[str, dict[str, Any]]]) -> SortKey:
    if sort.timestamp is not None:
        stamp = sort.timestamp
        return lambda page: instant(page.get(stamp))
    assert sort.property is not None
    found = index.get(sort.property)
    if found is None:
        raise ValidationError(f"Could not find sort property with name or id: {sort.property}")
    name, spec = found
    kind = spec.get("type")
    factory = _SORT_KEYS.get(kind) if isinstance(kind, str) else None
    raw_key: SortKey = factory(spec) if factory is not None else _no_key

    def key(page: Any) -> Any:
        props = page.get("properties") if isinstance(page, dict) else None
        value = props.get(name) if isinstance(props, dict) else None
        return raw_key(value.get(kind) if isinstance(value, dict) else None)

    return key


def _no_key(raw: Any) -> None:
    return None


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def sort_pages(
    pages: list[dict[str, Any]],
    sorts: Any,
    schema: dict[str, dict[str, Any]],
    *,
    path: str = "body.sorts",
) -> list[dict[str, Any]]:
    """``pages`` ordered by the query's ``sorts``; a new list, ``pages`` is left alone.

    Each sort is ``{"property": name-or-id, "direction": ...}`` or ``{"timestamp":
    "created_time"|"last_edited_time", "direction": ...}``; earlier sorts take precedence,
    ties keep the input order (the sort is stable), empty values go last in either
    direction. An empty ``sorts`` keeps the input order: Notion guarantees no default order,
    and the emulator's callers pass creation order. Malformed sorts raise
    :class:`~notion_emulator.errors.ValidationError`; an unknown property raises Notion's
    ``Could not find sort property with name or id: X``.
    """
    specs = _parse_sorts(sorts, path)
    index = property_index(schema)
    keys = [(_page_key(spec, index), spec.descending) for spec in specs]
    ordered = list(pages)
    for key, descending in reversed(keys):
        decorated = [(key(page), page) for page in ordered]
        present = [pair for pair in decorated if pair[0] is not None]
        present.sort(key=_first, reverse=descending)
        ordered = [page for _, page in present]
        ordered.extend(page for value, page in decorated if value is None)
    return ordered
