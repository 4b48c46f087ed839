"""Property values at their limits and wrong (``schema.property_values``): at the limit passes,
one over fails with Notion's exact message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.notion_emulator.schema.properties import (
    UUID,
    counter,
    message_of,
    rt,
    schema_with,
    values,
)

from notion_emulator.errors import NotionError
from notion_emulator.schema.data_source_schema import normalize_schema
from notion_emulator.schema.page_properties import (
    normalize_values,
)
from notion_emulator.schema.vocabularies import (
    VALUE_TYPES,
)

LIMITS: list[tuple[str, dict[str, Any], Callable[[int], Any], int, str]] = [
    ("title-items", {"title": {}}, lambda n: {"title": rt("x") * n}, 100, "Name.title.length"),
    (
        "rich-text-items",
        {"rich_text": {}},
        lambda n: {"rich_text": rt("x") * n},
        100,
        "P.rich_text.length",
    ),
    (
        "text-content",
        {"rich_text": {}},
        lambda n: {"rich_text": rt("x" * n)},
        2000,
        "P.rich_text[0].text.content.length",
    ),
    (
        "text-content-bare",
        {"title": {}},
        lambda n: rt("x" * n),
        2000,
        "Name[0].text.content.length",
    ),
    (
        "text-content-utf16",
        {"rich_text": {}},
        lambda n: {"rich_text": rt("😀" * (n // 2) + "x" * (n % 2))},
        2000,
        "P.rich_text[0].text.content.length",
    ),
    (
        "link-url",
        {"rich_text": {}},
        lambda n: {"rich_text": [{"text": {"content": "x", "link": {"url": "h" * n}}}]},
        2000,
        "P.rich_text[0].text.link.url.length",
    ),
    ("url", {"url": {}}, lambda n: {"url": "h" * n}, 2000, "P.url.length"),
    ("email", {"email": {}}, lambda n: {"email": "e" * n}, 200, "P.email.length"),
    (
        "phone",
        {"phone_number": {}},
        lambda n: {"phone_number": "1" * n},
        200,
        "P.phone_number.length",
    ),
    (
        "select-name",
        {"select": {}},
        lambda n: {"select": {"name": "s" * n}},
        100,
        "P.select.name.length",
    ),
    (
        "multi-select-items",
        {"multi_select": {}},
        lambda n: {"multi_select": [{"name": f"o{i}"} for i in range(n)]},
        100,
        "P.multi_select.length",
    ),
    (
        "multi-select-name",
        {"multi_select": {}},
        lambda n: {"multi_select": [{"name": "m" * n}]},
        100,
        "P.multi_select[0].name.length",
    ),
    ("people", {"people": {}}, lambda n: {"people": [{"id": UUID}] * n}, 100, "P.people.length"),
    (
        "relation",
        {"relation": {"data_source_id": UUID, "single_property": {}}},
        lambda n: {"relation": [{"id": UUID}] * n},
        100,
        "P.relation.length",
    ),
    (
        "files",
        {"files": {}},
        lambda n: {"files": [{"name": "f", "external": {"url": "https://x"}}] * n},
        100,
        "P.files.length",
    ),
    (
        "file-url",
        {"files": {}},
        lambda n: {"files": [{"name": "f", "external": {"url": "h" * n}}]},
        2000,
        "P.files[0].external.url.length",
    ),
]


@pytest.mark.parametrize(
    ("config", "build", "limit", "where"),
    [pytest.param(c, b, lim, w, id=case) for case, c, b, lim, w in LIMITS],
)
def test_value_limits(
    config: dict[str, Any], build: Callable[[int], Any], limit: int, where: str
) -> None:
    schema = schema_with(config)
    key = where.split(".")[0].split("[")[0]
    result, _ = values({key: build(limit)}, schema)
    assert key in result
    expected = (
        f"body failed validation: body.properties.{where} should be ≤ `{limit}`, "
        f"instead was `{limit + 1}`."
    )
    assert message_of(lambda: values({key: build(limit + 1)}, schema)) == expected


def test_equation_expression_limit() -> None:
    """The length check runs before the rich-text normalizer sees the item."""
    seen: list[int] = []

    def count_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen.append(len(items))
        return []

    schema = schema_with({"rich_text": {}})

    def build(n: int) -> dict[str, Any]:
        return {"P": {"rich_text": [{"equation": {"expression": "e" * n}}]}}

    normalize_values(build(1000), schema, rich_text=count_items)
    message = message_of(lambda: normalize_values(build(1001), schema, rich_text=count_items))
    assert message == (
        "body failed validation: body.properties.P.rich_text[0].equation.expression.length "
        "should be ≤ `1000`, instead was `1001`."
    )
    assert seen == [1]


@pytest.mark.parametrize(
    ("build", "limit", "where"),
    [
        pytest.param(
            lambda n: {"select": {"options": [{"name": f"o{i}"} for i in range(n)]}},
            100,
            "P.select.options.length",
            id="schema-options",
        ),
        pytest.param(
            lambda n: {"multi_select": {"options": [{"name": "o" * n}]}},
            100,
            "P.multi_select.options[0].name.length",
            id="schema-option-name",
        ),
    ],
)
def test_schema_limits(build: Callable[[int], Any], limit: int, where: str) -> None:
    def run(n: int) -> dict[str, dict[str, Any]]:
        return normalize_schema(
            {"Name": {"title": {}}, "P": build(n)}, path="body.properties", new_id=counter()
        )

    run(limit)
    expected = (
        f"body failed validation: body.properties.{where} should be ≤ `{limit}`, "
        f"instead was `{limit + 1}`."
    )
    assert message_of(lambda: run(limit + 1)) == expected


@pytest.mark.parametrize(
    ("config", "request_value", "where"),
    [
        ({"select": {}}, {"select": {"name": ""}}, "P.select.name.length"),
        ({"multi_select": {}}, {"multi_select": [{"name": ""}]}, "P.multi_select[0].name.length"),
    ],
)
def test_option_names_need_one_character(
    config: dict[str, Any], request_value: Any, where: str
) -> None:
    schema = schema_with(config)
    expected = f"body failed validation: body.properties.{where} should be ≥ `1`, instead was `0`."
    assert message_of(lambda: values({"P": request_value}, schema)) == expected


VALUE_ERRORS: list[tuple[str, dict[str, Any], Any, str]] = [
    (
        "number-string",
        {"number": {}},
        {"P": {"number": "x"}},
        "body failed validation: body.properties.P.number should be a number or `null`, "
        'instead was `"x"`.',
    ),
    (
        "number-bool",
        {"number": {}},
        {"P": {"number": True}},
        "body failed validation: body.properties.P.number should be a number or `null`, "
        "instead was `true`.",
    ),
    (
        "checkbox-null",
        {"checkbox": {}},
        {"P": {"checkbox": None}},
        "body failed validation: body.properties.P.checkbox should be a boolean, instead was "
        "`null`.",
    ),
    (
        "url-number",
        {"url": {}},
        {"P": {"url": 5}},
        "body failed validation: body.properties.P.url should be a string or `null`, instead was "
        "`5`.",
    ),
    (
        "title-string",
        {"title": {}},
        {"Name": {"title": "plain"}},
        "body failed validation: body.properties.Name.title should be an array, instead was "
        '`"plain"`.',
    ),
    (
        "select-string",
        {"select": {}},
        {"P": {"select": "a"}},
        "body failed validation: body.properties.P.select should be an object or `null`, "
        'instead was `"a"`.',
    ),
    (
        "date-no-start",
        {"date": {}},
        {"P": {"date": {"end": "2026-01-01"}}},
        "body failed validation: body.properties.P.date.start should be defined, instead was "
        "`undefined`.",
    ),
    (
        "date-bad",
        {"date": {}},
        {"P": {"date": {"start": "yesterday"}}},
        "body failed validation: body.properties.P.date.start should be a valid ISO 8601 date "
        'string, instead was `"yesterday"`.',
    ),
    (
        "date-bad-day",
        {"date": {}},
        {"P": {"date": {"start": "2026-02-30"}}},
        "body failed validation: body.properties.P.date.start should be a valid ISO 8601 date "
        'string, instead was `"2026-02-30"`.',
    ),
    (
        "people-bad-id",
        {"people": {}},
        {"P": {"people": [{"id": "nope"}]}},
        "body failed validation: body.properties.P.people[0].id should be a valid uuid, instead "
        'was `"nope"`.',
    ),
    (
        "relation-extra",
        {"relation": {"data_source_id": UUID, "single_property": {}}},
        {"P": {"relation": [{"id": UUID, "x": 1}]}},
        "body failed validation: body.properties.P.relation[0].x should be not present, instead "
        "was `1`.",
    ),
    (
        "value-extra-key",
        {"number": {}},
        {"P": {"number": 1, "foo": 2}},
        "body failed validation: body.properties.P.foo should be not present, instead was `2`.",
    ),
    (
        "value-two-types",
        {"number": {}},
        {"P": {"number": 1, "url": None}},
        "body failed validation: body.properties.P.url should be not present, instead was `null`.",
    ),
    (
        "type-disagrees",
        {"number": {}},
        {"P": {"type": "url", "number": 1}},
        "body failed validation: body.properties.P.url should be defined, instead was `undefined`.",
    ),
    (
        "value-null",
        {"number": {}},
        {"P": None},
        "body failed validation: body.properties.P should be an object, instead was `null`.",
    ),
    ("unknown", {"number": {}}, {"Nope": {"number": 1}}, "Nope is not a property that exists."),
    ("mismatch", {"number": {}}, {"P": {"url": "x"}}, "P is expected to be number."),
    ("bare-list-for-number", {"number": {}}, {"P": []}, "P is expected to be number."),
    (
        "read-only-type",
        {"created_time": {}},
        {"P": {"rich_text": []}},
        "P is expected to be created_time.",
    ),
    (
        "all-problems-together",
        {"number": {}},
        {"A": {"number": 1}, "P": {"checkbox": True}, "B": {"number": 2}},
        "A is not a property that exists. P is expected to be number. "
        "B is not a property that exists.",
    ),
    (
        "files-no-name",
        {"files": {}},
        {"P": {"files": [{"external": {"url": "https://x"}}]}},
        "body failed validation: body.properties.P.files[0].name should be defined, instead was "
        "`undefined`.",
    ),
    (
        "upload-without-resolver",
        {"files": {}},
        {"P": {"files": [{"file_upload": {"id": "u"}}]}},
        "Could not find file upload with ID: u.",
    ),
    (
        "time-zone",
        {"date": {}},
        {"P": {"date": {"start": "2026-01-01", "time_zone": "Mars/Olympus"}}},
        "body failed validation: body.properties.P.date.time_zone should be a valid IANA time "
        'zone, instead was `"Mars/Olympus"`.',
    ),
]


@pytest.mark.parametrize(
    ("config", "request_values", "expected"),
    [pytest.param(c, r, e, id=case) for case, c, r, e in VALUE_ERRORS],
)
def test_value_errors(config: dict[str, Any], request_values: Any, expected: str) -> None:
    schema = schema_with(config)
    assert message_of(lambda: values(request_values, schema)) == expected


def test_a_value_without_a_type_lists_every_branch() -> None:
    schema = schema_with({"number": {}})
    message = message_of(lambda: values({"P": {}}, schema))
    lines = message.split("\n")
    assert lines[0] == "body failed validation. Fix one:"
    assert lines[1:] == [
        f"body.properties.P.{t} should be defined, instead was `undefined`." for t in VALUE_TYPES
    ]


def test_upload_resolver_errors_pass_through() -> None:
    def gone(upload_id: str) -> dict[str, Any]:
        raise NotionError(400, "validation_error", f"File upload {upload_id} has expired.")

    schema = schema_with({"files": {}})
    with pytest.raises(NotionError, match="has expired"):
        values({"P": {"files": [{"file_upload": {"id": "u"}}]}}, schema, resolve_file_upload=gone)
