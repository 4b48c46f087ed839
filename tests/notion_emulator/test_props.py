"""Property schemas and page property values, request -> response (``notion_emulator.schema``).

Data-driven: one table per concern (schema round trips, value round trips, empty values,
limits at their boundary, junk), each run by one parametrized test.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from notion_emulator.errors import NotionError, ValidationError
from notion_emulator.schema.data_source_schema import normalize_schema
from notion_emulator.schema.page_properties import (
    conform_values,
    normalize_plain_page_properties,
    normalize_values,
    page_title,
)
from notion_emulator.schema.property_checks import short_id
from notion_emulator.schema.vocabularies import (
    CONFIG_TYPES,
    EMPTY_CONFIG_TYPES,
    READ_ONLY_TYPES,
    VALUE_TYPES,
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


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


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
    return normalize_schema(request, path="body.properties", new_id=counter("s"))


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


# ---------------------------------------------------------------------------------------------
# Schemas: one request per type, and its response form
# ---------------------------------------------------------------------------------------------

EMPTY_CONFIG_TYPES = [t for t in EMPTY_CONFIG_TYPES if t != "title"]

SCHEMA_ROUND_TRIPS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    *[(t, {t: {}}, {"type": t, t: {}}) for t in EMPTY_CONFIG_TYPES],
    *[(f"{t}-typed", {"type": t, t: {}}, {"type": t, t: {}}) for t in EMPTY_CONFIG_TYPES],
    ("number-default", {"number": {}}, {"type": "number", "number": {"format": "number"}}),
    (
        "number-format",
        {"number": {"format": "percent"}},
        {"type": "number", "number": {"format": "percent"}},
    ),
    (
        "formula",
        {"formula": {"expression": "1+1"}},
        {"type": "formula", "formula": {"expression": "1+1"}},
    ),
    ("formula-default", {"formula": {}}, {"type": "formula", "formula": {"expression": ""}}),
    (
        "unique_id",
        {"unique_id": {"prefix": "T"}},
        {"type": "unique_id", "unique_id": {"prefix": "T"}},
    ),
    ("unique_id-default", {"unique_id": {}}, {"type": "unique_id", "unique_id": {"prefix": None}}),
    ("select-empty", {"select": {}}, {"type": "select", "select": {"options": []}}),
    (
        "select",
        {"select": {"options": [{"name": "a"}, {"name": "b", "color": "red", "description": "d"}]}},
        {
            "type": "select",
            "select": {
                "options": [
                    {"id": "s1", "name": "a", "color": "default", "description": None},
                    {"id": "s2", "name": "b", "color": "red", "description": "d"},
                ]
            },
        },
    ),
    (
        "multi_select",
        {"type": "multi_select", "multi_select": {"options": [{"name": "x"}, {"name": "y"}]}},
        {
            "type": "multi_select",
            "multi_select": {
                "options": [
                    {"id": "s1", "name": "x", "color": "default", "description": None},
                    {"id": "s2", "name": "y", "color": "gray", "description": None},
                ]
            },
        },
    ),
    (
        "status-default",
        {"status": {}},
        {
            "type": "status",
            "status": {
                "options": [
                    {"id": "s1", "name": "Not started", "color": "default", "description": None},
                    {"id": "s2", "name": "In progress", "color": "blue", "description": None},
                    {"id": "s3", "name": "Done", "color": "green", "description": None},
                ],
                "groups": [
                    {"id": "s4", "name": "To-do", "color": "gray", "option_ids": ["s1"]},
                    {"id": "s5", "name": "In progress", "color": "blue", "option_ids": ["s2"]},
                    {"id": "s6", "name": "Complete", "color": "green", "option_ids": ["s3"]},
                ],
            },
        },
    ),
    (
        "status-options",
        {"status": {"options": [{"name": "Open", "color": "red"}]}},
        {
            "type": "status",
            "status": {
                "options": [{"id": "s1", "name": "Open", "color": "red", "description": None}],
                "groups": [
                    {"id": "s2", "name": "To-do", "color": "gray", "option_ids": ["s1"]},
                    {"id": "s3", "name": "In progress", "color": "blue", "option_ids": []},
                    {"id": "s4", "name": "Complete", "color": "green", "option_ids": []},
                ],
            },
        },
    ),
    (
        "relation-single",
        {"relation": {"data_source_id": UUID_HEX, "single_property": {}}},
        {
            "type": "relation",
            "relation": {
                "database_id": None,
                "data_source_id": UUID,
                "type": "single_property",
                "single_property": {},
            },
        },
    ),
    (
        "relation-dual",
        {
            "relation": {
                "data_source_id": UUID,
                "type": "dual_property",
                "dual_property": {"synced_property_name": "Back"},
            }
        },
        {
            "type": "relation",
            "relation": {
                "database_id": None,
                "data_source_id": UUID,
                "type": "dual_property",
                "dual_property": {"synced_property_id": "", "synced_property_name": "Back"},
            },
        },
    ),
]


@pytest.mark.parametrize(
    ("request_config", "expected"),
    [pytest.param(req, exp, id=case) for case, req, exp in SCHEMA_ROUND_TRIPS],
)
def test_schema_round_trip(request_config: dict[str, Any], expected: dict[str, Any]) -> None:
    schema = normalize_schema(
        {"P": request_config, "Name": {"title": {}}}, path="body.properties", new_id=counter("s")
    )
    prop = schema["P"]
    assert prop == {"id": prop["id"], "name": "P", "description": None, **expected}
    assert list(prop) == ["id", "name", "description", "type", expected["type"]]
    assert schema["Name"] == {
        "id": "title",
        "name": "Name",
        "description": None,
        "type": "title",
        "title": {},
    }


def test_schema_matches_the_recorded_data_source() -> None:
    """The recording's ``{"Name": {"title": {}}}`` answer, exactly."""
    requests: list[dict[str, Any]] = [
        {"Name": {"title": {}}},
        {"Name": {"type": "title", "title": {}}},
    ]
    for request in requests:
        schema = normalize_schema(request, path="body.properties", new_id=counter())
        assert schema == {
            "Name": {
                "id": "title",
                "name": "Name",
                "description": None,
                "type": "title",
                "title": {},
            }
        }


def test_schema_ids_are_fresh_and_default_ids_are_short() -> None:
    schema = normalize_schema(
        {"Name": {"title": {}}, "A": {"number": {}}, "B": {"select": {"options": [{"name": "x"}]}}},
        path="body.properties",
        new_id=short_id,
    )
    ids = [schema["A"]["id"], schema["B"]["id"], schema["B"]["select"]["options"][0]["id"]]
    assert len(set(ids)) == 3
    assert all(len(i) == 4 and i.isalnum() for i in ids)


def test_schema_skips_taken_ids() -> None:
    repeated = iter(["dup", "dup", "dup", "new"])
    schema = normalize_schema(
        {"Name": {"title": {}}, "A": {"number": {}}, "B": {"number": {}}},
        path="body.properties",
        new_id=lambda: next(repeated),
    )
    assert (schema["A"]["id"], schema["B"]["id"]) == ("dup", "new")


def test_schema_description_and_relation_database() -> None:
    schema = normalize_schema(
        {
            "Name": {"title": {}, "description": "the name"},
            "R": {"relation": {"data_source_id": UUID, "single_property": {}}},
        },
        path="body.properties",
        new_id=counter(),
        database_of=lambda source: OTHER_UUID if source == UUID else None,
    )
    assert schema["Name"]["description"] == "the name"
    assert schema["R"]["relation"]["database_id"] == OTHER_UUID


def test_schema_relation_lookup_may_raise_not_found() -> None:
    def missing(source: str) -> str:
        raise NotionError(404, "object_not_found", f"Could not find data source {source}.")

    with pytest.raises(NotionError) as caught:
        normalize_schema(
            {
                "Name": {"title": {}},
                "R": {"relation": {"data_source_id": UUID, "single_property": {}}},
            },
            path="body.properties",
            new_id=counter(),
            database_of=missing,
        )
    assert caught.value.status == 404


def test_schema_rollup_resolves_its_relation() -> None:
    schema = normalize_schema(
        {
            "Name": {"title": {}},
            "Sum": {
                "rollup": {
                    "function": "sum",
                    "relation_property_name": "R",
                    "rollup_property_name": "Price",
                }
            },
            "R": {"relation": {"data_source_id": UUID, "single_property": {}}},
        },
        path="body.properties",
        new_id=counter(),
    )
    assert schema["Sum"]["rollup"] == {
        "function": "sum",
        "rollup_property_name": "Price",
        "relation_property_name": "R",
        "rollup_property_id": "",
        "relation_property_id": schema["R"]["id"],
    }


# ---------------------------------------------------------------------------------------------
# Schema errors
# ---------------------------------------------------------------------------------------------

SCHEMA_ERRORS: list[tuple[str, Any, str | None]] = [
    (
        "not-an-object",
        ["Name"],
        'body failed validation: body.properties should be an object, instead was `["Name"]`.',
    ),
    ("no-title", {"A": {"number": {}}}, "Title is not provided"),
    ("empty", {}, "Title is not provided"),
    (
        "two-titles",
        {"A": {"title": {}}, "B": {"title": {}}},
        "Only one title property is allowed: A, B.",
    ),
    (
        "unknown-key",
        {"Name": {"title": {}, "name": "N"}},
        "body failed validation: body.properties.Name.name should be not present, instead was "
        '`"N"`.',
    ),
    (
        "two-types",
        {"Name": {"title": {}, "number": {}}},
        "body failed validation: body.properties.Name.number should be not present, instead was "
        "`{}`.",
    ),
    (
        "type-without-config",
        {"Name": {"type": "title"}},
        "body failed validation: body.properties.Name.title should be defined, instead was "
        "`undefined`.",
    ),
    (
        "type-and-other-config",
        {"Name": {"type": "title", "number": {}}},
        "body failed validation: body.properties.Name.title should be defined, instead was "
        "`undefined`.",
    ),
    (
        "config-not-empty",
        {"Name": {"title": {"x": 1}}},
        "body failed validation: body.properties.Name.title.x should be not present, instead was "
        "`1`.",
    ),
    (
        "option-comma",
        {"Name": {"title": {}}, "T": {"select": {"options": [{"name": "a,b"}]}}},
        "Invalid select option, commas not allowed: a,b",
    ),
    (
        "option-color",
        {"Name": {"title": {}}, "T": {"select": {"options": [{"name": "a", "color": "teal"}]}}},
        "body failed validation: body.properties.T.select.options[0].color should be "
        '`"default"`, `"gray"`, `"brown"`, `"orange"`, `"yellow"`, `"green"`, `"blue"`, '
        '`"purple"`, `"pink"`, or `"red"`, instead was `"teal"`.',
    ),
    (
        "option-id-on-create",
        {"Name": {"title": {}}, "T": {"select": {"options": [{"id": "x", "name": "a"}]}}},
        "body failed validation: body.properties.T.select.options[0].id should be not present, "
        'instead was `"x"`.',
    ),
    (
        "duplicate-options",
        {"Name": {"title": {}}, "T": {"select": {"options": [{"name": "a"}, {"name": "a"}]}}},
        "Duplicate select option name: a.",
    ),
    (
        "relation-bad-uuid",
        {"Name": {"title": {}}, "R": {"relation": {"data_source_id": "x", "single_property": {}}}},
        "body failed validation: body.properties.R.relation.data_source_id should be a valid "
        'uuid, instead was `"x"`.',
    ),
    (
        "relation-no-kind",
        {"Name": {"title": {}}, "R": {"relation": {"data_source_id": UUID}}},
        "body failed validation. Fix one:\n"
        "body.properties.R.relation.single_property should be defined, instead was `undefined`.\n"
        "body.properties.R.relation.dual_property should be defined, instead was `undefined`.",
    ),
    (
        "rollup-missing-relation",
        {
            "Name": {"title": {}},
            "S": {
                "rollup": {
                    "function": "sum",
                    "relation_property_name": "Nope",
                    "rollup_property_name": "x",
                }
            },
        },
        "Nope is not a relation property that exists, for rollup S.",
    ),
    (
        "rollup-bad-function",
        {
            "Name": {"title": {}},
            "S": {
                "rollup": {
                    "function": "mean",
                    "relation_property_id": "a",
                    "rollup_property_id": "b",
                }
            },
        },
        None,  # an enum message; only its start is checked below
    ),
    (
        "long-value-shown-cut",
        {
            "Name": {
                "title": {},
                "x": {"a": "0123456789012345678901234567890123456789012345678901234"},
            }
        },
        "body failed validation: body.properties.Name.x should be not present, instead was "
        '`{"a":"0123456789012345678901234567890123456789012345678...`.',
    ),
]


@pytest.mark.parametrize(
    ("request_props", "expected"),
    [pytest.param(req, exp, id=case) for case, req, exp in SCHEMA_ERRORS],
)
def test_schema_errors(request_props: Any, expected: str | None) -> None:
    message = message_of(
        lambda: normalize_schema(request_props, path="body.properties", new_id=counter())
    )
    if expected is None:
        assert message.startswith("body failed validation: body.properties.S.rollup.function")
    else:
        assert message == expected


# ---------------------------------------------------------------------------------------------
# Schema updates
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def base_schema() -> dict[str, dict[str, Any]]:
    return normalize_schema(
        {
            "Name": {"title": {}},
            "Tags": {"multi_select": {"options": [{"name": "a"}, {"name": "b", "color": "red"}]}},
            "Score": {"number": {"format": "dollar"}},
            "Notes": {"rich_text": {}},
        },
        path="body.properties",
        new_id=counter("b"),
    )


def update(
    base: dict[str, dict[str, Any]], request: Any, new_id: Callable[[], str] | None = None
) -> dict[str, dict[str, Any]]:
    return normalize_schema(
        request, path="body.properties", existing=base, new_id=new_id or counter("u")
    )


def test_update_renames_in_place_and_keeps_ids(base_schema: dict[str, dict[str, Any]]) -> None:
    before = {name: prop["id"] for name, prop in base_schema.items()}
    schema = update(base_schema, {"Score": {"name": "Price"}, "Name": {"name": "Title"}})
    assert list(schema) == ["Title", "Tags", "Price", "Notes"]
    assert schema["Price"]["id"] == before["Score"]
    assert schema["Price"]["name"] == "Price"
    assert schema["Price"]["number"] == {"format": "dollar"}
    assert schema["Title"]["id"] == "title"


def test_update_by_id_removes_adds_and_leaves_existing_alone(
    base_schema: dict[str, dict[str, Any]],
) -> None:
    snapshot = {k: dict(v) for k, v in base_schema.items()}
    schema = update(base_schema, {base_schema["Notes"]["id"]: None, "Done": {"checkbox": {}}})
    assert list(schema) == ["Name", "Tags", "Score", "Done"]
    assert schema["Done"] == {
        "id": "u1",
        "name": "Done",
        "description": None,
        "type": "checkbox",
        "checkbox": {},
    }
    assert {k: dict(v) for k, v in base_schema.items()} == snapshot


def test_update_changes_type_keeping_the_id(base_schema: dict[str, dict[str, Any]]) -> None:
    schema = update(base_schema, {"Score": {"type": "rich_text", "rich_text": {}}})
    assert schema["Score"]["type"] == "rich_text"
    assert schema["Score"]["id"] == base_schema["Score"]["id"]
    assert "number" not in schema["Score"]


def test_update_edits_options(base_schema: dict[str, dict[str, Any]]) -> None:
    old = {o["name"]: o for o in base_schema["Tags"]["multi_select"]["options"]}
    schema = update(
        base_schema,
        {
            "Tags": {
                "multi_select": {
                    "options": [
                        {"id": old["a"]["id"], "name": "A"},
                        {"name": "b", "description": "bee"},
                        {"name": "c", "color": "blue"},
                        {"name": "d"},
                    ]
                }
            }
        },
    )
    assert schema["Tags"]["multi_select"]["options"] == [
        {"id": old["a"]["id"], "name": "A", "color": old["a"]["color"], "description": None},
        {"id": old["b"]["id"], "name": "b", "color": "red", "description": "bee"},
        {"id": "u1", "name": "c", "color": "blue", "description": None},
        {"id": "u2", "name": "d", "color": "orange", "description": None},
    ]


def test_update_options_left_out_are_removed(base_schema: dict[str, dict[str, Any]]) -> None:
    schema = update(base_schema, {"Tags": {"multi_select": {"options": [{"name": "b"}]}}})
    assert [o["name"] for o in schema["Tags"]["multi_select"]["options"]] == ["b"]


def test_update_description_only(base_schema: dict[str, dict[str, Any]]) -> None:
    schema = update(base_schema, {"Score": {"description": "in USD"}})
    assert schema["Score"]["description"] == "in USD"
    assert schema["Score"]["number"] == {"format": "dollar"}


def test_update_swaps_names(base_schema: dict[str, dict[str, Any]]) -> None:
    schema = update(base_schema, {"Score": {"name": "Notes"}, "Notes": {"name": "Score"}})
    assert schema["Notes"]["type"] == "number"
    assert schema["Score"]["type"] == "rich_text"


def test_update_status_adds_options_to_the_first_group() -> None:
    base = schema_with({"status": {}})
    schema = update(
        base, {"P": {"status": {"options": [{"name": "Not started"}, {"name": "Blocked"}]}}}
    )
    config = schema["P"]["status"]
    names = {o["id"]: o["name"] for o in config["options"]}
    assert [names[i] for i in config["groups"][0]["option_ids"]] == ["Not started", "Blocked"]
    assert config["groups"][1]["option_ids"] == []
    assert [g["id"] for g in config["groups"]] == [g["id"] for g in base["P"]["status"]["groups"]]


def test_update_rollup_follows_a_renamed_relation() -> None:
    base = normalize_schema(
        {
            "Name": {"title": {}},
            "R": {"relation": {"data_source_id": UUID, "single_property": {}}},
            "S": {
                "rollup": {
                    "function": "count",
                    "relation_property_name": "R",
                    "rollup_property_name": "x",
                }
            },
        },
        path="body.properties",
        new_id=counter(),
    )
    schema = update(base, {"R": {"name": "Links"}})
    assert schema["S"]["rollup"]["relation_property_name"] == "Links"
    removed = update(base, {"R": None})
    assert removed["S"]["rollup"]["relation_property_name"] == "R"


SCHEMA_UPDATE_ERRORS: list[tuple[str, Any, str]] = [
    ("remove-title", {"Name": None}, "Cannot delete the title property Name."),
    (
        "title-to-text",
        {"Name": {"rich_text": {}}},
        "Cannot change the type of Name to or from title.",
    ),
    (
        "text-to-title",
        {"Notes": {"title": {}}},
        "Cannot change the type of Notes to or from title.",
    ),
    ("second-title", {"Other": {"title": {}}}, "Only one title property is allowed: Name, Other."),
    ("remove-unknown", {"Nope": None}, "Nope is not a property that exists."),
    ("rename-unknown", {"Nope": {"name": "X"}}, "Nope is not a property that exists."),
    ("rename-clash", {"Score": {"name": "Notes"}}, "A property named Notes already exists."),
    (
        "add-clash",
        {"New": {"name": "Score", "number": {}}},
        "A property named Score already exists.",
    ),
    (
        "option-color",
        {"Tags": {"multi_select": {"options": [{"name": "b", "color": "blue"}]}}},
        "Cannot update color of multi_select with name: b.",
    ),
    (
        "option-unknown-id",
        {"Tags": {"multi_select": {"options": [{"id": "zz"}]}}},
        "Option with id zz does not exist.",
    ),
    (
        "empty-name",
        {"Score": {"name": ""}},
        "body failed validation: body.properties.Score.name.length should be ≥ `1`, instead was "
        "`0`.",
    ),
]


@pytest.mark.parametrize(
    ("request_props", "expected"),
    [pytest.param(req, exp, id=case) for case, req, exp in SCHEMA_UPDATE_ERRORS],
)
def test_schema_update_errors(
    base_schema: dict[str, dict[str, Any]], request_props: Any, expected: str
) -> None:
    assert message_of(lambda: update(base_schema, request_props)) == expected


# ---------------------------------------------------------------------------------------------
# Values: one request per type, and its response form
# ---------------------------------------------------------------------------------------------

SELECT_OPTIONS = {"options": [{"name": "a"}, {"name": "b", "color": "red"}]}

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


def resolve_upload(upload_id: str) -> dict[str, Any]:
    return {
        "url": f"https://files/{upload_id}",
        "expiry_time": "soon",
        "filename": f"{upload_id}.png",
    }


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


# ---------------------------------------------------------------------------------------------
# Empty values of unset properties
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# Select options created on the fly, merging with existing values
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Limits: at the limit passes, one over fails with Notion's exact message
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# Value errors with exact messages
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# Pages under pages: title only
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Junk: anything malformed is a ValidationError, never KeyError/TypeError/ValueError
# ---------------------------------------------------------------------------------------------

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
