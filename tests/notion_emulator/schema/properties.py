"""Helpers and constants the property tests share."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from notion_emulator.errors import ValidationError
from notion_emulator.schema.data_source_schema import normalize_schema
from notion_emulator.schema.page_properties import (
    normalize_values,
)

UUID = "393abc1e-edcd-8191-9a63-e96e455face5"
UUID_HEX = UUID.replace("-", "")
OTHER_UUID = "e8a73c8a-58db-4ab7-b0d2-690d24025a01"
ANNOTATIONS = {
    "bold": False,
    "italic": False,
    "strikethrough": False,
    "underline": False,
    "code": False,
    "color": "default",
}


def tiny_rich_text(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A stand-in for ``blocks.normalize_rich_text``: text items only, response form."""
    out = []
    for item in items:
        text = item.get("text")
        if not isinstance(text, dict) or not isinstance(text.get("content"), str):
            raise ValidationError("tiny normalizer: text items only")
        out.append(
            {
                "type": "text",
                "text": {"content": text["content"], "link": text.get("link")},
                "annotations": dict(ANNOTATIONS),
                "plain_text": text["content"],
                "href": None,
            }
        )
    return out


def rt(content: str) -> list[dict[str, Any]]:
    return [{"text": {"content": content}}]


def rt_response(content: str) -> list[dict[str, Any]]:
    return tiny_rich_text(rt(content))


def counter(prefix: str = "i") -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"{prefix}{next(numbers)}"


def schema_with(config: dict[str, Any], name: str = "P") -> dict[str, dict[str, Any]]:
    """A schema holding a title ``Name`` and the property ``name`` configured by ``config``."""
    request: dict[str, Any] = {"Name": {"title": {}}}
    if config != {"title": {}}:
        request[name] = config
    ids = counter("s")
    return normalize_schema(request, path="body.properties", new_id=ids, new_option_id=ids)


def values(
    request: Any,
    schema: dict[str, dict[str, Any]],
    **kwargs: Any,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    return normalize_values(
        request, schema, rich_text=tiny_rich_text, new_id=counter("o"), **kwargs
    )


def message_of(call: Callable[[], object]) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message


def update(
    base: dict[str, dict[str, Any]], request: Any, new_id: Callable[[], str] | None = None
) -> dict[str, dict[str, Any]]:
    ids = new_id or counter("u")
    return normalize_schema(
        request, path="body.properties", existing=base, new_id=ids, new_option_id=ids
    )


SELECT_OPTIONS = {"options": [{"name": "a"}, {"name": "b", "color": "red"}]}


def resolve_upload(upload_id: str) -> dict[str, Any]:
    return {
        "url": f"https://files/{upload_id}",
        "expiry_time": "soon",
        "filename": f"{upload_id}.png",
    }
