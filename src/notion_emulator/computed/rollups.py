"""Rollup functions: the related pages' values of one property, aggregated.

Items come as ``{"type": <property type>, <type>: <payload>}``, one per related page that
has the property; results are shaped as Notion answers them: ``{"type": "number", "number":
3, "function": "count"}``, ``{"type": "date", "date": {...}, ...}`` or ``{"type": "array",
"array": [items], ...}`` (recorded: ``notion-recordings-uno/fixtures/mod_all_props_db.yaml``).
Percentages are fractions (``0.5``), as Notion's API gives them.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Mapping
from typing import Any, Final

from notion_emulator.formulas.values import DateValue, date_payload, json_number, parse_date


def _inner(item: Mapping[str, Any]) -> Any:
    """An item's payload; a formula's or rollup's own result payload for those types."""
    kind = item.get("type")
    payload = item.get(kind) if isinstance(kind, str) else None
    if kind in ("formula", "rollup") and isinstance(payload, Mapping):
        inner_kind = payload.get("type")
        return payload.get(inner_kind) if isinstance(inner_kind, str) else None
    return payload


def _is_empty(item: Mapping[str, Any]) -> bool:
    payload = _inner(item)
    return payload is None or payload is False or payload == "" or payload == []


def _values(item: Mapping[str, Any]) -> list[Any]:
    """The single values an item holds (a list payload holds several)."""
    payload = _inner(item)
    if payload is None or payload == "":
        return []
    return list(payload) if isinstance(payload, list) else [payload]


def _numbers(items: list[dict[str, Any]]) -> list[float]:
    out: list[float] = []
    for item in items:
        payload = _inner(item)
        if isinstance(payload, (int, float)) and not isinstance(payload, bool):
            out.append(float(payload))
    return out


def _dates(items: list[dict[str, Any]]) -> list[DateValue]:
    out: list[DateValue] = []
    for item in items:
        payload = _inner(item)
        texts = [payload] if isinstance(payload, str) else []
        if isinstance(payload, Mapping):
            texts = [t for t in (payload.get("start"), payload.get("end")) if isinstance(t, str)]
        out.extend(value for value in map(parse_date, texts) if value is not None)
    return out


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _fraction(part: int, whole: int) -> float:
    return part / whole if whole else 0


def _unique_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        seen.setdefault(_key(item), item)
    return list(seen.values())


def _number_result(
    pick: Callable[[list[float]], float], empty: float | None = None
) -> Callable[[int, list[dict[str, Any]]], dict[str, Any]]:
    def run(pages: int, items: list[dict[str, Any]]) -> dict[str, Any]:
        numbers = _numbers(items)
        value = pick(numbers) if numbers else empty
        return {"type": "number", "number": None if value is None else json_number(value)}

    return run


def _count(test: Callable[[int, list[dict[str, Any]]], float]) -> Callable[..., dict[str, Any]]:
    def run(pages: int, items: list[dict[str, Any]]) -> dict[str, Any]:
        return {"type": "number", "number": json_number(test(pages, items))}

    return run


def _date_result(which: str) -> Callable[[int, list[dict[str, Any]]], dict[str, Any]]:
    def run(pages: int, items: list[dict[str, Any]]) -> dict[str, Any]:
        dates = sorted(_dates(items), key=lambda d: d.start)
        if not dates:
            return {"type": "date", "date": None}
        first, last = dates[0], dates[-1]
        if which == "earliest":
            return {"type": "date", "date": date_payload(first)}
        if which == "latest":
            return {"type": "date", "date": date_payload(last)}
        span = DateValue(first.start, last.start, first.has_time or last.has_time)
        return {"type": "date", "date": date_payload(span)}

    return run


def _checked(pages: int, items: list[dict[str, Any]]) -> int:
    return sum(1 for item in items if _inner(item) is True)


_FUNCTIONS: Final[dict[str, Callable[[int, list[dict[str, Any]]], dict[str, Any]]]] = {
    "count": _count(lambda pages, items: pages),
    "count_values": _count(lambda pages, items: sum(len(_values(i)) for i in items)),
    "empty": _count(lambda pages, items: pages - sum(1 for i in items if not _is_empty(i))),
    "not_empty": _count(lambda pages, items: sum(1 for i in items if not _is_empty(i))),
    "unique": _count(lambda pages, items: len({_key(v) for item in items for v in _values(item)})),
    "percent_empty": _count(
        lambda pages, items: _fraction(pages - sum(1 for i in items if not _is_empty(i)), pages)
    ),
    "percent_not_empty": _count(
        lambda pages, items: _fraction(sum(1 for i in items if not _is_empty(i)), pages)
    ),
    "checked": _count(_checked),
    "unchecked": _count(lambda pages, items: pages - _checked(pages, items)),
    "percent_checked": _count(lambda pages, items: _fraction(_checked(pages, items), pages)),
    "percent_unchecked": _count(
        lambda pages, items: _fraction(pages - _checked(pages, items), pages)
    ),
    "sum": _number_result(sum, 0),
    "average": _number_result(statistics.fmean),
    "median": _number_result(statistics.median),
    "min": _number_result(min),
    "max": _number_result(max),
    "range": _number_result(lambda numbers: max(numbers) - min(numbers)),
    "earliest_date": _date_result("earliest"),
    "latest_date": _date_result("latest"),
    "date_range": _date_result("range"),
    "show_original": lambda pages, items: {"type": "array", "array": items},
    "show_unique": lambda pages, items: {"type": "array", "array": _unique_items(items)},
}


def rollup_payload(function: str, pages: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The rollup value of ``function`` over ``pages`` related pages and their ``items``.

    ``count_per_group`` and ``percent_per_group`` (whose API shape no recording shows) read
    ``{"type": "number", "number": null}``.
    """
    compute = _FUNCTIONS.get(function)
    if compute is None:
        return {"type": "number", "number": None, "function": function}
    return {**compute(pages, items), "function": function}
