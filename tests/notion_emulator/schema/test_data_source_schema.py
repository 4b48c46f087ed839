"""Data-source schemas (``schema.data_source_schema``): one request per type and its response
form, Notion's exact errors, updates.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tests.notion_emulator.schema.properties import (
    OTHER_UUID,
    UUID,
    UUID_HEX,
    counter,
    message_of,
    schema_with,
    update,
)

from notion_emulator.errors import NotionError
from notion_emulator.schema.data_source_schema import find_property, normalize_schema
from notion_emulator.schema.property_checks import short_id
from notion_emulator.schema.vocabularies import (
    EMPTY_CONFIG_TYPES,
)

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
    ids = counter("s")
    schema = normalize_schema(
        {"P": request_config, "Name": {"title": {}}},
        path="body.properties",
        new_id=ids,
        new_option_id=ids,
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


def test_schema_ids_are_fresh_property_ids_short_and_option_ids_uuids() -> None:
    """Property ids are short, option ids UUIDs (../shared/reference/notion-recordings-uno/
    test_page/test_option_page_props.yaml, #2: ``"id": "dJ%5By"``, options
    ``"5a37942d-d9a7-4ec8-be0a-84a6a853bd87"``...)."""
    schema = normalize_schema(
        {"Name": {"title": {}}, "A": {"number": {}}, "B": {"select": {"options": [{"name": "x"}]}}},
        path="body.properties",
        new_id=short_id,
    )
    ids = [schema["A"]["id"], schema["B"]["id"]]
    assert len(set(ids)) == 2
    assert all(len(i) == 4 and i.isalnum() for i in ids)
    option = schema["B"]["select"]["options"][0]["id"]
    assert str(uuid.UUID(option)) == option


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


def test_properties_are_found_by_id_encoded_or_not() -> None:
    """Notion's ids are stored URL-encoded (``"%5BVHf"``); a request may name a property by its
    id either way (../shared/reference/notion-recordings-uno/test_page/
    test_more_than_max_refs_per_relation_property.yaml #6)."""
    schema = {"Bought by": {"id": "%5BVHf", "type": "relation"}, "Plain": {"id": "ab"}}
    for key in ("%5BVHf", "[VHf", "Bought by"):
        assert find_property(schema, key) == "Bought by"
    assert find_property(schema, "ab") == "Plain"
    assert find_property(schema, "%5Bnope") is None
