"""Reading: property values as Notion returns them -> plain Python values.

:func:`extract` reads a page's ``properties``; :func:`truncated` names those a page object
holds only in part. The value each type gives is in the table of :mod:`notion_import.properties`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from notion_import.errors import PropertyError
from notion_import.properties.values import DateRange, FileRef, parse_when, show

_Extractor = Callable[[Any], Any]


def extract(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Read a page's ``properties`` (response form) into plain Python values by property name.

    See the module documentation for the value each type gives. A type this module does not
    know gives its raw value (what is under the key named by its ``type``), so a new Notion
    property type never breaks a reader. A value of a known type that does not have the shape
    Notion gives raises :class:`PropertyError`.
    """
    return {name: _extract_named(name, prop) for name, prop in properties.items()}


def truncated(properties: Mapping[str, Any]) -> list[str]:
    """The names of the properties whose value in this page object is incomplete
    (``has_more: true``); read those with ``pages.properties.retrieve`` before trusting them."""
    return [
        name
        for name, prop in properties.items()
        if isinstance(prop, Mapping) and prop.get("has_more") is True
    ]


def _extract_named(name: str, prop: Any) -> Any:
    try:
        return _extract_value(prop)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PropertyError(
            name,
            f"the value {show(prop)} does not have the shape Notion gives ({error!r})",
            "pass a page's 'properties' as pages.retrieve or a data source query return them",
        ) from error


def _extract_value(prop: Any) -> Any:
    """One property value (or one rollup array item): ``{"type": T, T: ...}`` -> plain value."""
    if not isinstance(prop, Mapping):
        return prop
    kind = prop.get("type")
    if not isinstance(kind, str) or kind not in prop:
        return prop
    extractor = _EXTRACTORS.get(kind)
    return prop[kind] if extractor is None else extractor(prop[kind])


def _by_type(table: Mapping[str, _Extractor]) -> _Extractor:
    """An extractor for a nested ``{"type": T, T: ...}`` value (formula, rollup) by its table."""

    def extract_nested(value: Mapping[str, Any]) -> Any:
        kind = value["type"]
        extractor = table.get(kind)
        return value.get(kind, value) if extractor is None else extractor(value.get(kind))

    return extract_nested


def _same(value: Any) -> Any:
    return value


def _nothing(value: Any) -> None:
    return None


def _plain_text(items: Sequence[Mapping[str, Any]]) -> str:
    return "".join(_item_text(item) for item in items)


def _item_text(item: Mapping[str, Any]) -> str:
    text = item.get("plain_text")
    if isinstance(text, str):
        return text
    inner = item.get(item.get("type", "text")) or {}
    return str(inner.get("content") or inner.get("expression") or "")


def _option_name(option: Mapping[str, Any] | None) -> str | None:
    return None if option is None else str(option["name"])


def _option_names(options: Sequence[Mapping[str, Any]]) -> list[str]:
    return [str(option["name"]) for option in options]


def _id(obj: Mapping[str, Any]) -> str:
    return str(obj["id"])


def _ids(objs: Sequence[Mapping[str, Any]]) -> list[str]:
    return [_id(obj) for obj in objs]


def _date_range(value: Mapping[str, Any] | None) -> DateRange | None:
    if value is None:
        return None
    time_zone = value.get("time_zone")
    end = value.get("end")
    return DateRange(
        start=parse_when(value["start"], time_zone),
        end=None if end is None else parse_when(end, time_zone),
        time_zone=time_zone,
    )


def _timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _files(items: Sequence[Mapping[str, Any]]) -> list[FileRef]:
    return [_file_ref(item) for item in items]


def _file_ref(item: Mapping[str, Any]) -> FileRef:
    kind = item["type"]
    return FileRef(name=str(item.get("name", "")), url=str(item[kind]["url"]), type=str(kind))


def _unique_id(value: Mapping[str, Any]) -> str | int | None:
    number = value.get("number")
    prefix = value.get("prefix")
    if number is None:
        return None
    return f"{prefix}-{number}" if prefix else int(number)


def _verification(value: Mapping[str, Any] | None) -> str | None:
    return None if value is None else str(value["state"])


def _rollup_array(items: Sequence[Any]) -> list[Any]:
    return [_extract_value(item) for item in items]


_FORMULA_EXTRACTORS: Final[Mapping[str, _Extractor]] = {
    "string": _same,
    "number": _same,
    "boolean": _same,
    "date": _date_range,
    "unsupported": _nothing,
}

_ROLLUP_EXTRACTORS: Final[Mapping[str, _Extractor]] = {
    "number": _same,
    "date": _date_range,
    "array": _rollup_array,
    "unsupported": _nothing,
}

_EXTRACTORS: Final[Mapping[str, _Extractor]] = {
    "title": _plain_text,
    "rich_text": _plain_text,
    "number": _same,
    "select": _option_name,
    "status": _option_name,
    "multi_select": _option_names,
    "date": _date_range,
    "people": _ids,
    "created_by": _id,
    "last_edited_by": _id,
    "files": _files,
    "checkbox": bool,
    "url": _same,
    "email": _same,
    "phone_number": _same,
    "formula": _by_type(_FORMULA_EXTRACTORS),
    "relation": _ids,
    "rollup": _by_type(_ROLLUP_EXTRACTORS),
    "created_time": _timestamp,
    "last_edited_time": _timestamp,
    "unique_id": _unique_id,
    "verification": _verification,
}
