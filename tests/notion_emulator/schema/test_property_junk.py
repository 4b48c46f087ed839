"""Junk property requests: anything malformed is a ValidationError, never KeyError, TypeError or
ValueError.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from tests.notion_emulator.schema.properties import (
    SELECT_OPTIONS,
    UUID,
    counter,
    message_of,
    resolve_upload,
    schema_with,
    tiny_rich_text,
    values,
)

from notion_emulator.errors import ValidationError
from notion_emulator.schema.data_source_schema import normalize_schema
from notion_emulator.schema.page_properties import (
    normalize_plain_page_properties,
)
from notion_emulator.schema.vocabularies import (
    CONFIG_TYPES,
    READ_ONLY_TYPES,
    VALUE_TYPES,
)

JUNK: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    float("nan"),
    float("inf"),
    "",
    "x",
    "a,b",
    [],
    [None],
    [1],
    ["x"],
    [[]],
    [{}],
    [{"name": None}],
    [{"id": None}],
    [{"text": None}],
    [{"text": {"content": None}}],
    [{"name": "a", "color": None}],
    {},
    {"": None},
    {"id": None},
    {"name": None},
    {"name": 1},
    {"name": ""},
    {"start": None},
    {"start": 5},
    {"url": None},
    {"options": None},
    {"options": [None]},
    {"options": [{"name": None}]},
    {"options": [{}]},
    {"format": None},
    {"expression": 1},
    {"prefix": 1},
    {"data_source_id": None},
    {"function": None},
    {"type": None},
    {"type": "nope"},
    {"state": None},
    {"state": "verified", "date": None},
    {"lat": "x", "lon": None},
    {"external": None, "name": "n"},
    {"file_upload": None},
    {"file_upload": {"id": None}},
    {"title": None},
    {"x": {"y": {"z": [1, 2, 3]}}},
    {"nested": [{"deep": [None]}]},
]


def _assert_only_validation_errors(call: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """Run ``call``; a ValidationError is fine, any other exception fails the test."""
    with contextlib.suppress(ValidationError):
        call(*args, **kwargs)


@pytest.mark.parametrize("junk", JUNK, ids=[f"junk{i}" for i in range(len(JUNK))])
def test_junk_values_raise_validation_errors_only(junk: Any) -> None:
    for kind in [*VALUE_TYPES, *READ_ONLY_TYPES]:
        config: dict[str, Any] = {kind: {}}
        if kind == "relation":
            config = {"relation": {"data_source_id": UUID, "single_property": {}}}
        if kind == "rollup":
            continue
        schema = schema_with(config)
        key = "P" if "P" in schema else "Name"
        for request in (
            junk,
            {key: junk},
            {key: {kind: junk}},
            {key: {"type": kind, kind: junk}},
            {key: {kind: [junk]}},
            {key: {kind: {"name": junk}}},
            {key: {kind: {"id": junk}}},
            {key: {kind: {"start": junk}}},
            {key: {kind: [{"name": "n", "external": junk}]}},
            {key: {kind: [{"text": {"content": junk}}]}},
        ):
            _assert_only_validation_errors(
                values, request, schema, resolve_file_upload=resolve_upload
            )


@pytest.mark.parametrize("junk", JUNK, ids=[f"junk{i}" for i in range(len(JUNK))])
def test_junk_stored_values_read_empty(junk: Any) -> None:
    """Stored values are trusted, but a damaged one must still not crash a merge."""
    for kind in ("select", "multi_select", "status", "unique_id", "title"):
        schema = schema_with({kind: {}})
        key = "P" if "P" in schema else "Name"
        stored = {key: {"id": schema[key]["id"], "type": kind, kind: junk}, "x": junk}
        result, _ = values({}, schema, existing=stored)
        assert list(result) == list(schema)


@pytest.mark.parametrize("junk", JUNK, ids=[f"junk{i}" for i in range(len(JUNK))])
def test_junk_schemas_raise_validation_errors_only(junk: Any) -> None:
    base = schema_with({"select": SELECT_OPTIONS})
    for kind in CONFIG_TYPES:
        for request in (
            junk,
            {"Name": {"title": {}}, "P": junk},
            {"Name": {"title": {}}, "P": {kind: junk}},
            {"Name": {"title": {}}, "P": {"type": kind, kind: junk}},
            {"Name": {"title": {}}, "P": {kind: {"options": junk}}},
            {"Name": {"title": {}}, "P": {kind: {"options": [junk]}}},
            {"Name": {"title": {}}, "P": {kind: {"data_source_id": UUID, "type": junk}}},
            {"Name": {"title": {}}, "P": {kind: {"function": "sum", "relation_property_id": junk}}},
            {"Name": {"title": {}}, "P": {kind: {}, "description": junk}},
        ):
            _assert_only_validation_errors(
                normalize_schema, request, path="body.properties", new_id=counter()
            )
        for request in (
            {"P": junk},
            {"P": {"name": junk}},
            {"P": {kind: junk}},
            {"Name": {kind: junk}},
            {"New": {kind: junk}},
            {"P": {"select": {"options": [junk]}}},
            {"P": {"select": {"options": [{"id": junk}]}}},
        ):
            _assert_only_validation_errors(
                normalize_schema,
                request,
                path="body.properties",
                existing=base,
                new_id=counter(),
            )


@pytest.mark.parametrize("junk", JUNK, ids=[f"junk{i}" for i in range(len(JUNK))])
def test_junk_plain_pages_raise_validation_errors_only(junk: Any) -> None:
    for request in (junk, {"title": junk}, {"title": {"title": junk}}, {"other": junk}):
        _assert_only_validation_errors(
            normalize_plain_page_properties, request, rich_text=tiny_rich_text
        )


def test_shown_values_are_cut_like_notion() -> None:
    schema = schema_with({"number": {}})
    message = message_of(lambda: values({"P": {"number": "y" * 80}}, schema))
    assert message.endswith('instead was `"' + "y" * 54 + "...`.")
