"""Page property values (``schema.page_properties``): one request per type and its response
form, empty values, select options created on the fly, pages under pages.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.notion_emulator.schema.properties import (
    OTHER_UUID,
    SELECT_OPTIONS,
    UUID,
    UUID_HEX,
    counter,
    message_of,
    resolve_upload,
    rt,
    rt_response,
    schema_with,
    tiny_rich_text,
    update,
    values,
)

from notion_emulator.schema.data_source_schema import normalize_schema
from notion_emulator.schema.page_properties import (
    conform_values,
    normalize_plain_page_properties,
    page_title,
)

VALUE_ROUND_TRIPS: list[tuple[str, dict[str, Any], Any, Any]] = [
    ("title", {"title": {}}, {"title": rt("Hello")}, rt_response("Hello")),
    ("title-bare", {"title": {}}, rt("Hello"), rt_response("Hello")),
    ("title-typed", {"title": {}}, {"type": "title", "title": rt("x")}, rt_response("x")),
    ("rich_text", {"rich_text": {}}, {"rich_text": rt("body")}, rt_response("body")),
    ("rich_text-bare", {"rich_text": {}}, rt("body"), rt_response("body")),
    ("rich_text-with-id", {"rich_text": {}}, {"id": "x", "rich_text": []}, []),
    ("number", {"number": {}}, {"number": 3}, 3),
    ("number-float", {"number": {}}, {"number": -2.5}, -2.5),
    ("number-null", {"number": {}}, {"number": None}, None),
    ("url", {"url": {}}, {"url": "https://example.com"}, "https://example.com"),
    ("url-null", {"url": {}}, {"url": None}, None),
    ("email", {"email": {}}, {"email": "a@b.c"}, "a@b.c"),
    ("phone_number", {"phone_number": {}}, {"phone_number": "+1 555"}, "+1 555"),
    ("checkbox", {"checkbox": {}}, {"checkbox": True}, True),
    (
        "select-name",
        {"select": SELECT_OPTIONS},
        {"select": {"name": "b"}},
        {"id": "s2", "name": "b", "color": "red"},
    ),
    (
        "select-id",
        {"select": SELECT_OPTIONS},
        {"select": {"id": "s1"}},
        {"id": "s1", "name": "a", "color": "default"},
    ),
    ("select-null", {"select": SELECT_OPTIONS}, {"select": None}, None),
    (
        "multi_select",
        {"multi_select": SELECT_OPTIONS},
        {"multi_select": [{"name": "b"}, {"id": "s1"}, {"name": "b"}]},
        [{"id": "s2", "name": "b", "color": "red"}, {"id": "s1", "name": "a", "color": "default"}],
    ),
    (
        "status",
        {"status": {}},
        {"status": {"name": "Done"}},
        {"id": "s3", "name": "Done", "color": "green"},
    ),
    ("status-null", {"status": {}}, {"status": None}, None),
    (
        "date",
        {"date": {}},
        {"date": {"start": "2026-01-01"}},
        {"start": "2026-01-01", "end": None, "time_zone": None},
    ),
    (
        "date-time-utc",
        {"date": {}},
        {"date": {"start": "2026-01-01T10:00:00Z", "end": "2026-01-02T10:00:00.5+02:00"}},
        {
            "start": "2026-01-01T10:00:00.000+00:00",
            "end": "2026-01-02T10:00:00.500+02:00",
            "time_zone": None,
        },
    ),
    (
        "date-naive-is-utc",
        {"date": {}},
        {"date": {"start": "2026-01-01T10:00:00"}},
        {"start": "2026-01-01T10:00:00.000+00:00", "end": None, "time_zone": None},
    ),
    (
        "date-zoned",
        {"date": {}},
        {"date": {"start": "2026-01-01T10:00:00", "time_zone": "Europe/Berlin"}},
        {"start": "2026-01-01T10:00:00.000", "end": None, "time_zone": "Europe/Berlin"},
    ),
    ("date-null", {"date": {}}, {"date": None}, None),
    (
        "people",
        {"people": {}},
        {"people": [{"id": UUID_HEX}, {"object": "group", "id": OTHER_UUID, "name": "Team"}]},
        [{"object": "user", "id": UUID}, {"id": OTHER_UUID, "object": "group", "name": "Team"}],
    ),
    (
        "relation",
        {"relation": {"data_source_id": UUID, "single_property": {}}},
        {"relation": [{"id": UUID_HEX}]},
        [{"id": UUID}],
    ),
    (
        "files-external",
        {"files": {}},
        {"files": [{"name": "a.pdf", "external": {"url": "https://x.test/a.pdf"}}]},
        [{"name": "a.pdf", "type": "external", "external": {"url": "https://x.test/a.pdf"}}],
    ),
    (
        "files-hosted",
        {"files": {}},
        {
            "files": [
                {"name": "b", "type": "file", "file": {"url": "https://s3/b", "expiry_time": "t"}}
            ]
        },
        [{"name": "b", "type": "file", "file": {"url": "https://s3/b", "expiry_time": "t"}}],
    ),
    (
        "files-upload",
        {"files": {}},
        {
            "files": [
                {"file_upload": {"id": "up1"}},
                {"name": "n", "type": "file_upload", "file_upload": {"id": "up2"}},
            ]
        },
        [
            {
                "name": "up1.png",
                "type": "file",
                "file": {"url": "https://files/up1", "expiry_time": "soon"},
            },
            {
                "name": "n",
                "type": "file",
                "file": {"url": "https://files/up2", "expiry_time": "soon"},
            },
        ],
    ),
    (
        "place",
        {"place": {}},
        {"place": {"lat": 52.5, "lon": 13.4, "name": "Berlin"}},
        {
            "lat": 52.5,
            "lon": 13.4,
            "name": "Berlin",
            "address": None,
            "aws_place_id": None,
            "google_place_id": None,
        },
    ),
    ("place-null", {"place": {}}, {"place": None}, None),
    (
        "verification-verified",
        {"verification": {}},
        {"verification": {"state": "verified", "date": {"start": "2026-02-01"}}},
        {
            "state": "verified",
            "date": {"start": "2026-02-01", "end": None, "time_zone": None},
            "verified_by": None,
        },
    ),
    (
        "verification-unverified",
        {"verification": {}},
        {"verification": {"state": "unverified"}},
        {"state": "unverified", "date": None, "verified_by": None},
    ),
]


@pytest.mark.parametrize(
    ("config", "request_value", "expected"),
    [pytest.param(c, r, e, id=case) for case, c, r, e in VALUE_ROUND_TRIPS],
)
def test_value_round_trip(config: dict[str, Any], request_value: Any, expected: Any) -> None:
    schema = schema_with(config)
    kind = schema["P"]["type"] if "P" in schema else "title"
    key = "P" if "P" in schema else "Name"
    result, grown = values({key: request_value}, schema, resolve_file_upload=resolve_upload)
    prop_id = schema[key]["id"]
    wanted = {"id": prop_id, "type": kind, kind: expected}
    if kind == "relation":
        wanted["has_more"] = False
    assert result[key] == wanted
    assert grown is schema


def test_values_keyed_by_id_and_url_encoded_id() -> None:
    schema = schema_with({"number": {}})
    schema["P"]["id"] = ":UPp"
    result, _ = values({"%3AUPp": {"number": 1}}, schema)
    assert result["P"]["number"] == 1
    result, _ = values({"title": {"title": rt("t")}}, schema)
    assert page_title(result) == "t"


EMPTY_VALUES: list[tuple[str, dict[str, Any], Any]] = [
    ("title", {"title": {}}, []),
    ("rich_text", {"rich_text": {}}, []),
    ("number", {"number": {}}, None),
    ("select", {"select": SELECT_OPTIONS}, None),
    ("multi_select", {"multi_select": {}}, []),
    ("status", {"status": {}}, {"id": "s1", "name": "Not started", "color": "default"}),
    ("status-no-options", {"status": {"options": []}}, None),
    ("date", {"date": {}}, None),
    ("people", {"people": {}}, []),
    ("files", {"files": {}}, []),
    ("checkbox", {"checkbox": {}}, False),
    ("url", {"url": {}}, None),
    ("email", {"email": {}}, None),
    ("phone_number", {"phone_number": {}}, None),
    ("relation", {"relation": {"data_source_id": UUID, "single_property": {}}}, []),
    ("formula", {"formula": {"expression": "1"}}, {"type": "string", "string": None}),
    ("unique_id", {"unique_id": {"prefix": "T"}}, {"prefix": "T", "number": None}),
    ("created_time", {"created_time": {}}, None),
    ("created_by", {"created_by": {}}, None),
    ("last_edited_time", {"last_edited_time": {}}, None),
    ("last_edited_by", {"last_edited_by": {}}, None),
    ("place", {"place": {}}, None),
    (
        "verification",
        {"verification": {}},
        {"state": "unverified", "date": None, "verified_by": None},
    ),
    ("button", {"button": {}}, {}),
]


@pytest.mark.parametrize(
    ("config", "expected"), [pytest.param(c, e, id=case) for case, c, e in EMPTY_VALUES]
)
def test_unset_properties_read_empty(config: dict[str, Any], expected: Any) -> None:
    schema = schema_with(config)
    for request in (None, dict[str, Any]()):
        result, _ = values(request, schema)
        assert list(result) == list(schema)
        key = "P" if "P" in schema else "Name"
        kind = schema[key]["type"]
        assert result[key][kind] == expected
        assert result[key]["id"] == schema[key]["id"]


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        ("count", {"type": "number", "number": 0, "function": "count"}),
        ("average", {"type": "number", "number": None, "function": "average"}),
        ("latest_date", {"type": "date", "date": None, "function": "latest_date"}),
        ("show_original", {"type": "array", "array": [], "function": "show_original"}),
    ],
)
def test_unset_rollup_reads_empty(function: str, expected: dict[str, Any]) -> None:
    schema = normalize_schema(
        {
            "Name": {"title": {}},
            "R": {"relation": {"data_source_id": UUID, "single_property": {}}},
            "S": {
                "rollup": {
                    "function": function,
                    "relation_property_name": "R",
                    "rollup_property_name": "x",
                }
            },
        },
        path="body.properties",
        new_id=counter(),
    )
    result, _ = values({}, schema)
    assert result["S"]["rollup"] == expected


def test_unknown_select_names_become_options() -> None:
    schema = schema_with({"select": SELECT_OPTIONS})
    result, grown = values({"P": {"select": {"name": "new", "description": "fresh"}}}, schema)
    assert result["P"]["select"] == {"id": "o1", "name": "new", "color": "brown"}
    assert grown is not schema
    assert grown["P"]["select"]["options"][-1] == {
        "id": "o1",
        "name": "new",
        "color": "brown",
        "description": "fresh",
    }
    assert len(schema["P"]["select"]["options"]) == 2  # the input is untouched


def test_unknown_multi_select_names_are_created_once() -> None:
    schema = schema_with({"multi_select": {}})
    result, grown = values(
        {"P": {"multi_select": [{"name": "x", "color": "pink"}, {"name": "y"}, {"name": "x"}]}},
        schema,
    )
    assert result["P"]["multi_select"] == [
        {"id": "o1", "name": "x", "color": "pink"},
        {"id": "o2", "name": "y", "color": "gray"},
    ]
    assert [o["name"] for o in grown["P"]["multi_select"]["options"]] == ["x", "y"]


OPTION_ERRORS: list[tuple[str, dict[str, Any], Any, str]] = [
    (
        "select-color-differs",
        {"select": SELECT_OPTIONS},
        {"select": {"name": "b", "color": "blue"}},
        "Cannot update color of select with name: b.",
    ),
    (
        "select-unknown-id",
        {"select": SELECT_OPTIONS},
        {"select": {"id": "zz"}},
        "Invalid select option id for property P: zz.",
    ),
    (
        "status-unknown",
        {"status": {}},
        {"status": {"name": "Later"}},
        'Invalid status option for property P: "Later" does not exist.',
    ),
    (
        "select-comma",
        {"select": {}},
        {"select": {"name": "a, b"}},
        "Invalid select option, commas not allowed: a, b",
    ),
    (
        "multi-select-comma",
        {"multi_select": {}},
        {"multi_select": [{"name": "x,y"}]},
        "Invalid select option, commas not allowed: x,y",
    ),
    (
        "option-without-id-or-name",
        {"select": {}},
        {"select": {"color": "red"}},
        "body failed validation. Fix one:\n"
        "body.properties.P.select.id should be defined, instead was `undefined`.\n"
        "body.properties.P.select.name should be defined, instead was `undefined`.",
    ),
]


@pytest.mark.parametrize(
    ("config", "request_value", "expected"),
    [pytest.param(c, r, e, id=case) for case, c, r, e in OPTION_ERRORS],
)
def test_option_errors(config: dict[str, Any], request_value: Any, expected: str) -> None:
    schema = schema_with(config)
    assert message_of(lambda: values({"P": request_value}, schema)) == expected


def test_update_merges_with_existing_values() -> None:
    schema = normalize_schema(
        {"Name": {"title": {}}, "N": {"number": {}}, "C": {"checkbox": {}}},
        path="body.properties",
        new_id=counter(),
    )
    first, _ = values({"Name": rt("t"), "N": {"number": 1}}, schema)
    second, _ = values({"C": {"checkbox": True}}, schema, existing=first)
    assert second["Name"] == first["Name"]
    assert second["N"]["number"] == 1
    assert second["C"]["checkbox"] is True
    cleared, _ = values({"N": {"number": None}}, schema, existing=second)
    assert cleared["N"]["number"] is None


def test_conform_values_follows_schema_changes() -> None:
    schema = normalize_schema(
        {
            "Name": {"title": {}},
            "Tags": {"multi_select": {"options": [{"name": "a"}, {"name": "b"}]}},
            "N": {"number": {}},
            "Gone": {"rich_text": {}},
        },
        path="body.properties",
        new_id=counter(),
    )
    page, _ = values(
        {
            "Name": rt("t"),
            "Tags": {"multi_select": [{"name": "a"}, {"name": "b"}]},
            "N": {"number": 2},
        },
        schema,
    )
    a_id = page["Tags"]["multi_select"][0]["id"]
    changed = update(
        schema,
        {
            "Tags": {"name": "Labels", "multi_select": {"options": [{"id": a_id, "name": "A"}]}},
            "N": {"rich_text": {}},
            "Gone": None,
        },
    )
    fitted = conform_values(page, changed)
    assert list(fitted) == ["Name", "Labels", "N"]
    assert fitted["Labels"]["multi_select"] == [{"id": a_id, "name": "A", "color": "default"}]
    assert fitted["N"] == {"id": schema["N"]["id"], "type": "rich_text", "rich_text": []}
    assert fitted["Name"] == page["Name"]


def test_plain_page_title_matches_the_recording() -> None:
    result = normalize_plain_page_properties(
        {"title": rt("Test 2026-07-04")}, rich_text=tiny_rich_text
    )
    assert result == {
        "title": {"id": "title", "type": "title", "title": rt_response("Test 2026-07-04")}
    }
    assert page_title(result) == "Test 2026-07-04"


@pytest.mark.parametrize(
    "request_values",
    [None, {}, {"title": {"title": rt("a")}}, {"title": {"type": "title", "title": []}}],
)
def test_plain_page_accepts_title_forms(request_values: Any) -> None:
    result = normalize_plain_page_properties(request_values, rich_text=tiny_rich_text)
    assert list(result) == ["title"]
    assert result["title"]["type"] == "title"


def test_plain_page_update_keeps_the_title() -> None:
    first = normalize_plain_page_properties({"title": rt("a")}, rich_text=tiny_rich_text)
    second = normalize_plain_page_properties({}, rich_text=tiny_rich_text, existing=first)
    assert second == first


@pytest.mark.parametrize(
    ("request_values", "expected"),
    [
        (
            {"Name": rt("a")},
            "body failed validation: body.properties.Name should be not present, instead was "
            '`[{"text":{"content":"a"}}]`.',
        ),
        (
            {"title": rt("a"), "Tags": {"multi_select": []}},
            "body failed validation: body.properties.Tags should be not present, instead was "
            '`{"multi_select":[]}`.',
        ),
        ({"title": {"rich_text": []}}, "title is expected to be title."),
        (
            "x",
            'body failed validation: body.properties should be an object, instead was `"x"`.',
        ),
    ],
)
def test_plain_page_errors(request_values: Any, expected: str) -> None:
    assert (
        message_of(
            lambda: normalize_plain_page_properties(request_values, rich_text=tiny_rich_text)
        )
        == expected
    )


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({}, ""),
        ({"Name": {"type": "title", "title": rt_response("a") + rt_response("b")}}, "ab"),
        ({"N": {"type": "number", "number": 1}, "T": {"type": "title", "title": rt("raw")}}, "raw"),
        (
            {
                "T": {
                    "type": "title",
                    "title": [{"type": "equation", "equation": {"expression": "x"}}],
                }
            },
            "x",
        ),
        ({"T": {"type": "title", "title": None}}, ""),
        ({"T": {"type": "title", "title": [None, 3]}}, ""),
    ],
)
def test_page_title(properties: dict[str, Any], expected: str) -> None:
    assert page_title(properties) == expected
