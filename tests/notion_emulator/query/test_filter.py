"""Query filters: each case names the pages it must match (in input order), each junk case
the exact message Notion would answer with.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from tests.notion_emulator.query.pages import (
    ALL,
    FILTER_KEYS,
    NOW,
    P1,
    P2,
    PAGES,
    SCHEMA,
    U1,
    U2,
    bad,
    fix_one,
    junk,
    prop,
    run,
)

from notion_emulator.errors import ValidationError
from notion_emulator.query import (
    compile_filter,
)

# -- filters: property -> condition -> matching pages ---------------------------------------

FILTER_CASES: list[tuple[str, Any, list[str]]] = [
    # title / rich_text: equals is exact, the rest ignore case
    ("title equals", prop("Name", "title", equals="beta"), ["beta"]),
    ("title equals is case-sensitive", prop("Name", "title", equals="Beta"), []),
    ("title does_not_equal", prop("Name", "title", does_not_equal="beta"), [*ALL[:1], *ALL[2:]]),
    ("title contains ignores case", prop("Name", "title", contains="EPS"), ["EPSILON"]),
    ("title contains", prop("Name", "title", contains="a"), ["Alpha", "beta", "Gamma", "Delta"]),
    ("title does_not_contain", prop("Name", "title", does_not_contain="A"), ["EPSILON"]),
    ("title starts_with", prop("Name", "title", starts_with="al"), ["Alpha"]),
    ("title ends_with", prop("Name", "title", ends_with="ON"), ["EPSILON"]),
    ("title is_not_empty", prop("Name", "title", is_not_empty=True), ALL),
    ("rich_text contains", prop("Notes", "rich_text", contains="fox"), ["Alpha"]),
    (
        "rich_text is_empty",
        prop("Notes", "rich_text", is_empty=True),
        ["Gamma", "Delta", "EPSILON"],
    ),
    ("rich_text is_not_empty", prop("Notes", "rich_text", is_not_empty=True), ["Alpha", "beta"]),
    (
        "rich_text does_not_contain matches empties",
        prop("Notes", "rich_text", does_not_contain="dog"),
        ["Alpha", "Gamma", "Delta", "EPSILON"],
    ),
    ("by property id", prop("cnt1", "number", equals=10), ["Alpha"]),
    ("by url-encoded id, decoded", prop("n:e", "rich_text", contains="lazy"), ["beta"]),
    ("by url-encoded id, as given", prop("n%3Ae", "rich_text", contains="lazy"), ["beta"]),
    # number
    ("number equals", prop("Count", "number", equals=2.5), ["beta"]),
    ("number equals zero is not empty", prop("Count", "number", equals=0), ["Delta"]),
    (
        "number does_not_equal matches empty",
        prop("Count", "number", does_not_equal=10),
        ["beta", "Gamma", "Delta", "EPSILON"],
    ),
    ("number greater_than", prop("Count", "number", greater_than=0), ["Alpha", "beta"]),
    ("number less_than", prop("Count", "number", less_than=0), ["EPSILON"]),
    (
        "number greater_than_or_equal_to",
        prop("Count", "number", greater_than_or_equal_to=0),
        ["Alpha", "beta", "Delta"],
    ),
    (
        "number less_than_or_equal_to",
        prop("Count", "number", less_than_or_equal_to=2.5),
        ["beta", "Delta", "EPSILON"],
    ),
    ("number is_empty", prop("Count", "number", is_empty=True), ["Gamma"]),
    (
        "number is_not_empty",
        prop("Count", "number", is_not_empty=True),
        ["Alpha", "beta", "Delta", "EPSILON"],
    ),
    ("unique_id", prop("Ref", "unique_id", greater_than=2), ["Gamma", "EPSILON"]),
    # select / status
    ("select equals", prop("Tag", "select", equals="High"), ["Alpha"]),
    ("select equals any of", prop("Tag", "select", equals=["High", "Low"]), ["Alpha", "beta"]),
    ("select equals is exact", prop("Tag", "select", equals="high"), []),
    (
        "select does_not_equal",
        prop("Tag", "select", does_not_equal="High"),
        ["beta", "Gamma", "Delta", "EPSILON"],
    ),
    (
        "select does_not_equal none of",
        prop("Tag", "select", does_not_equal=["High", "Low", "Medium"]),
        ["Gamma", "Delta"],
    ),
    ("select is_empty", prop("Tag", "select", is_empty=True), ["Gamma", "Delta"]),
    ("select is_not_empty", prop("Tag", "select", is_not_empty=True), ["Alpha", "beta", "EPSILON"]),
    ("status equals", prop("Stage", "status", equals="Done"), ["Alpha"]),
    ("status is_empty", prop("Stage", "status", is_empty=True), ["Delta", "EPSILON"]),
    # multi_select
    ("multi_select contains", prop("Labels", "multi_select", contains="red"), ["Alpha", "EPSILON"]),
    (
        "multi_select contains any of",
        prop("Labels", "multi_select", contains=["blue", "red"]),
        ["Alpha", "beta", "EPSILON"],
    ),
    ("multi_select contains is exact", prop("Labels", "multi_select", contains="re"), []),
    (
        "multi_select does_not_contain",
        prop("Labels", "multi_select", does_not_contain="red"),
        ["beta", "Gamma", "Delta"],
    ),
    ("multi_select is_empty", prop("Labels", "multi_select", is_empty=True), ["Gamma", "Delta"]),
    (
        "multi_select is_not_empty",
        prop("Labels", "multi_select", is_not_empty=True),
        ["Alpha", "beta", "EPSILON"],
    ),
    # checkbox
    ("checkbox equals true", prop("Done", "checkbox", equals=True), ["Alpha", "EPSILON"]),
    ("checkbox equals false", prop("Done", "checkbox", equals=False), ["beta", "Gamma", "Delta"]),
    (
        "checkbox does_not_equal",
        prop("Done", "checkbox", does_not_equal=True),
        ["beta", "Gamma", "Delta"],
    ),
    # date: Alpha 07-01, beta 07-04T07:30Z, Gamma 07-04 (range), EPSILON 06-29T03:59:59.999Z
    ("date equals a day", prop("Due", "date", equals="2026-07-04"), ["beta", "Gamma"]),
    ("date equals an instant", prop("Due", "date", equals="2026-07-04T07:30:00Z"), ["beta"]),
    (
        "date equals an instant with offset",
        prop("Due", "date", equals="2026-07-04T09:30:00+02:00"),
        ["beta"],
    ),
    ("date equals naive instant is UTC", prop("Due", "date", equals="2026-07-04T09:30:00"), []),
    ("date before a day", prop("Due", "date", before="2026-07-04"), ["Alpha", "EPSILON"]),
    ("date after a day", prop("Due", "date", after="2026-07-01"), ["beta", "Gamma"]),
    ("date after an instant", prop("Due", "date", after="2026-07-04T07:00:00Z"), ["beta"]),
    (
        "date on_or_before a day",
        prop("Due", "date", on_or_before="2026-07-01"),
        ["Alpha", "EPSILON"],
    ),
    ("date on_or_after a day", prop("Due", "date", on_or_after="2026-07-04"), ["beta", "Gamma"]),
    ("date in a time zone", prop("Due", "date", equals="2026-06-29"), ["EPSILON"]),
    ("date relative today", prop("Due", "date", equals="today"), ["beta", "Gamma"]),
    (
        "date relative yesterday",
        prop("Due", "date", on_or_before="yesterday"),
        ["Alpha", "EPSILON"],
    ),
    (
        "date relative one_week_ago",
        prop("Due", "date", after="one_week_ago"),
        ["Alpha", "beta", "Gamma", "EPSILON"],
    ),
    (
        "date this_week (from Sunday)",
        prop("Due", "date", this_week={}),
        ["Alpha", "beta", "Gamma", "EPSILON"],
    ),
    ("date past_week", prop("Due", "date", past_week={}), ["Alpha", "beta", "Gamma", "EPSILON"]),
    ("date next_week", prop("Due", "date", next_week={}), ["beta", "Gamma"]),
    ("date past_month", prop("Due", "date", past_month={}), ["Alpha", "beta", "Gamma", "EPSILON"]),
    ("date next_year", prop("Due", "date", next_year={}), ["beta", "Gamma"]),
    ("date is_empty", prop("Due", "date", is_empty=True), ["Delta"]),
    (
        "date is_not_empty",
        prop("Due", "date", is_not_empty=True),
        ["Alpha", "beta", "Gamma", "EPSILON"],
    ),
    # url / email / phone_number: text conditions over a plain string
    ("url contains", prop("Site", "url", contains="EXAMPLE"), ["Alpha", "EPSILON"]),
    # Notion takes a rich_text filter on any text property: title, url, email, phone_number
    ("rich_text on a url", prop("Site", "rich_text", contains="EXAMPLE"), ["Alpha", "EPSILON"]),
    (
        "rich_text on a title",
        prop("Name", "rich_text", contains="a"),
        ["Alpha", "beta", "Gamma", "Delta"],
    ),
    ("url is_empty", prop("Site", "url", is_empty=True), ["beta", "Gamma", "Delta"]),
    ("email ends_with", prop("Mail", "email", ends_with=".org"), ["beta"]),
    ("email equals", prop("Mail", "email", equals="alpha@example.com"), ["Alpha"]),
    ("phone_number starts_with", prop("Phone", "phone_number", starts_with="+1"), ["Alpha"]),
    # people / relation / files / created_by
    ("people contains", prop("Owner", "people", contains=U1), ["Alpha", "Gamma"]),
    (
        "people contains without dashes",
        prop("Owner", "people", contains=U2.replace("-", "").upper()),
        ["beta", "Gamma"],
    ),
    (
        "people does_not_contain",
        prop("Owner", "people", does_not_contain=U1),
        ["beta", "Delta", "EPSILON"],
    ),
    ("people is_empty", prop("Owner", "people", is_empty=True), ["Delta", "EPSILON"]),
    ("relation contains", prop("Links", "relation", contains=P2), ["Gamma"]),
    ("relation is_not_empty", prop("Links", "relation", is_not_empty=True), ["Alpha", "Gamma"]),
    (
        "relation does_not_contain",
        prop("Links", "relation", does_not_contain=P1),
        ["beta", "Delta", "EPSILON"],
    ),
    ("files is_not_empty", prop("Attachments", "files", is_not_empty=True), ["Alpha"]),
    ("files is_empty", prop("Attachments", "files", is_empty=True), ALL[1:]),
    ("created_by contains", prop("Creator", "created_by", contains=U1), ["Alpha"]),
    # created_time / last_edited_time as properties and as timestamps
    (
        "created_time property",
        prop("Created", "created_time", on_or_after="2026-07-02"),
        ["beta", "Gamma"],
    ),
    (
        "last_edited_time property",
        prop("Edited", "last_edited_time", equals="today"),
        ["Gamma", "EPSILON"],
    ),
    (
        "timestamp created_time",
        {"timestamp": "created_time", "created_time": {"before": "2026-07-01"}},
        ["Delta", "EPSILON"],
    ),
    (
        "timestamp last_edited_time with type",
        {
            "timestamp": "last_edited_time",
            "type": "last_edited_time",
            "last_edited_time": {"past_week": {}},
        },
        ["Alpha", "beta", "Gamma", "EPSILON"],
    ),
    # formula / rollup / verification
    (
        "formula string",
        {"property": "Score", "formula": {"string": {"contains": "ALPHA"}}},
        ["Alpha"],
    ),
    (
        "formula string is_empty",
        {"property": "Score", "formula": {"string": {"is_empty": True}}},
        ALL[1:],
    ),
    (
        "formula of another type is empty",
        {"property": "Score", "formula": {"number": {"is_empty": True}}},
        ALL,
    ),
    (
        "rollup number",
        {"property": "Total", "rollup": {"number": {"greater_than": 5}}},
        ["EPSILON"],
    ),
    (
        "rollup any",
        {"property": "Items", "rollup": {"any": {"rich_text": {"equals": "three"}}}},
        ["beta"],
    ),
    (
        "rollup every (vacuous on no items)",
        {"property": "Items", "rollup": {"every": {"rich_text": {"contains": "t"}}}},
        ["beta", "Gamma", "Delta", "EPSILON"],
    ),
    (
        "rollup none",
        {"property": "Items", "rollup": {"none": {"rich_text": {"equals": "one"}}}},
        ["beta", "Gamma", "Delta", "EPSILON"],
    ),
    ("verification status verified", prop("Check", "verification", status="verified"), ["Alpha"]),
    (
        "verification status none",
        prop("Check", "verification", status="none"),
        ["beta", "Delta", "EPSILON"],
    ),
    (
        "verification does_not_equal",
        prop("Check", "verification", does_not_equal="expired"),
        ["Alpha", "beta", "Delta", "EPSILON"],
    ),
    # the optional "type" key
    ("type key", {"property": "Count", "type": "number", "number": {"equals": 10}}, ["Alpha"]),
    # compound filters
    (
        "and",
        {"and": [prop("Done", "checkbox", equals=True), prop("Count", "number", greater_than=0)]},
        ["Alpha"],
    ),
    (
        "or",
        {"or": [prop("Tag", "select", equals="Low"), prop("Count", "number", is_empty=True)]},
        ["beta", "Gamma"],
    ),
    (
        "and of or (two levels)",
        {
            "and": [
                prop("Name", "title", contains="a"),
                {"or": [prop("Count", "number", equals=0), prop("Done", "checkbox", equals=True)]},
            ]
        },
        ["Alpha", "Delta"],
    ),
    (
        "or of and with a timestamp",
        {
            "or": [
                {"and": [{"timestamp": "created_time", "created_time": {"after": "2026-07-01"}}]},
                prop("Count", "number", less_than=0),
            ]
        },
        ["beta", "Gamma", "EPSILON"],
    ),
    ("empty and matches all", {"and": []}, ALL),
    ("empty or matches all", {"or": []}, ALL),
    ("no filter", None, ALL),
]


@pytest.mark.parametrize(
    ("filter_obj", "expected"),
    [pytest.param(f, e, id=i) for i, f, e in FILTER_CASES],
)
def test_filter(filter_obj: Any, expected: list[str]) -> None:
    assert run(filter_obj) == expected


def test_people_contains_me() -> None:
    condition = prop("Owner", "people", contains="me")
    assert run(condition, me=U2) == ["beta", "Gamma"]
    assert run(condition) == []


def test_filter_leaves_pages_untouched() -> None:
    before = repr(PAGES)
    run({"or": [c for _, c, _ in FILTER_CASES[:40] if c is not None and "or" not in c]})
    assert repr(PAGES) == before


# -- filters: junk in, Notion's exact message out -------------------------------------------

ROLLUP_ITEM_KEYS = [
    "rich_text", "number", "checkbox", "select", "multi_select", "relation", "date", "people",
    "files", "status",
]  # fmt: skip


JUNK_FILTERS: list[tuple[str, Any, str]] = [
    ("number", 5, bad("body.filter", "should be an object, instead was `5`")),
    ("string", "x", bad("body.filter", 'should be an object, instead was `"x"`')),
    ("list", [], bad("body.filter", "should be an object, instead was `[]`")),
    ("empty object", {}, fix_one("body.filter", ["or", "and", *FILTER_KEYS])),
    (
        "unknown key only",
        {"text": {"equals": "x"}},
        fix_one("body.filter", ["or", "and", *FILTER_KEYS]),
    ),
    (
        "no property",
        {"select": {"equals": "A"}},
        bad("body.filter.property", "should be defined, instead was `undefined`"),
    ),
    (
        "property not a string",
        {"property": 5, "select": {"equals": "A"}},
        bad("body.filter.property", "should be a string, instead was `5`"),
    ),
    (
        "condition not an object",
        {"property": "Tag", "select": "High"},
        bad("body.filter.select", 'should be an object, instead was `"High"`'),
    ),
    (
        "condition empty",
        {"property": "Tag", "select": {}},
        fix_one("body.filter.select", ["equals", "does_not_equal", "is_empty", "is_not_empty"]),
    ),
    (
        "condition operator unknown",
        {"property": "Done", "checkbox": {"is": True}},
        fix_one("body.filter.checkbox", ["equals", "does_not_equal"]),
    ),
    (
        "select equals a number",
        {"property": "Tag", "select": {"equals": 5}},
        "body failed validation. Fix one:\n"
        "body.filter.select.equals should be a string, instead was `5`.\n"
        "body.filter.select.equals should be an array, instead was `5`.",
    ),
    (
        "select equals list with a number",
        {"property": "Tag", "select": {"equals": ["A", 5]}},
        bad("body.filter.select.equals[1]", "should be a string, instead was `5`"),
    ),
    (
        "multi_select contains too many",
        {"property": "Labels", "multi_select": {"contains": ["x"] * 101}},
        bad("body.filter.multi_select.contains.length", "should be ≤ `100`, instead was `101`"),
    ),
    (
        "number equals a string",
        {"property": "Count", "number": {"equals": "5"}},
        bad("body.filter.number.equals", 'should be a number, instead was `"5"`'),
    ),
    (
        "number equals a boolean",
        {"property": "Count", "number": {"equals": True}},
        bad("body.filter.number.equals", "should be a number, instead was `true`"),
    ),
    (
        "number equals null",
        {"property": "Count", "number": {"equals": None}},
        bad("body.filter.number.equals", "should be a number, instead was `null`"),
    ),
    (
        "checkbox equals a string",
        {"property": "Done", "checkbox": {"equals": "yes"}},
        bad("body.filter.checkbox.equals", 'should be a boolean, instead was `"yes"`'),
    ),
    (
        "is_empty false",
        {"property": "Name", "title": {"is_empty": False}},
        bad("body.filter.title.is_empty", "should be `true`, instead was `false`"),
    ),
    (
        "text equals an object",
        {"property": "Name", "title": {"equals": {}}},
        bad("body.filter.title.equals", "should be a string, instead was `{}`"),
    ),
    (
        "date not ISO",
        {"property": "Due", "date": {"after": "next tuesday"}},
        bad(
            "body.filter.date.after",
            'should be a valid ISO 8601 date string, instead was `"next tuesday"`',
        ),
    ),
    (
        "date out of range",
        {"property": "Due", "date": {"equals": "2026-13-01"}},
        bad(
            "body.filter.date.equals",
            'should be a valid ISO 8601 date string, instead was `"2026-13-01"`',
        ),
    ),
    (
        "date a number",
        {"property": "Due", "date": {"before": 20260101}},
        bad("body.filter.date.before", "should be a string, instead was `20260101`"),
    ),
    (
        "relative date not an object",
        {"property": "Due", "date": {"past_week": []}},
        bad("body.filter.date.past_week", "should be an object, instead was `[]`"),
    ),
    (
        "relative date with content",
        {"property": "Due", "date": {"past_week": {"days": 3}}},
        bad("body.filter.date.past_week.days", "should be not present, instead was `3`"),
    ),
    (
        "people contains not a uuid",
        {"property": "Owner", "people": {"contains": "bob"}},
        bad("body.filter.people.contains", 'should be a valid uuid, instead was `"bob"`'),
    ),
    (
        "relation contains me",
        {"property": "Links", "relation": {"contains": "me"}},
        bad("body.filter.relation.contains", 'should be a valid uuid, instead was `"me"`'),
    ),
    (
        "two operators",
        {"property": "Name", "title": {"equals": "a", "contains": "b"}},
        bad("body.filter.title.contains", 'should be not present, instead was `"b"`'),
    ),
    (
        "extra key",
        {"property": "Name", "title": {"equals": "a"}, "extra": 1},
        bad("body.filter.extra", "should be not present, instead was `1`"),
    ),
    (
        "two type keys",
        {"property": "Name", "title": {"equals": "a"}, "rich_text": {"equals": "a"}},
        bad("body.filter.rich_text", "should be not present, instead was `{...}`"),
    ),
    (
        "type key disagrees",
        {"property": "Name", "type": "rich_text", "title": {"equals": "a"}},
        bad("body.filter.type", 'should be `"title"`, instead was `"rich_text"`'),
    ),
    (
        "and not a list",
        {"and": "x"},
        bad("body.filter.and", 'should be an array, instead was `"x"`'),
    ),
    ("or an object", {"or": {}}, bad("body.filter.or", "should be an array, instead was `{}`")),
    (
        "and too long",
        {"and": [prop("Done", "checkbox", equals=True)] * 101},
        bad("body.filter.and.length", "should be ≤ `100`, instead was `101`"),
    ),
    (
        "and and or",
        {"and": [], "or": []},
        bad("body.filter.and", "should be not present, instead was `[]`"),
    ),
    (
        "and with property",
        {"and": [], "property": "Name"},
        bad("body.filter.property", 'should be not present, instead was `"Name"`'),
    ),
    (
        "and item not an object",
        {"and": [5]},
        bad("body.filter.and[0]", "should be an object, instead was `5`"),
    ),
    (
        "nested error path",
        {
            "or": [
                prop("Done", "checkbox", equals=True),
                {"and": [prop("Count", "number", equals="x")]},
            ]
        },
        bad("body.filter.or[1].and[0].number.equals", 'should be a number, instead was `"x"`'),
    ),
    (
        "three levels of nesting",
        {"and": [{"or": [{"and": []}]}]},
        fix_one("body.filter.and[0].or[0]", FILTER_KEYS),
    ),
    (
        "timestamp unknown",
        {"timestamp": "created", "created_time": {}},
        bad(
            "body.filter.timestamp",
            'should be one of `"created_time"`, `"last_edited_time"`, instead was `"created"`',
        ),
    ),
    (
        "timestamp a list",
        {"timestamp": ["created_time"]},
        bad(
            "body.filter.timestamp",
            'should be one of `"created_time"`, `"last_edited_time"`, instead was `[...]`',
        ),
    ),
    (
        "timestamp without condition",
        {"timestamp": "created_time"},
        bad("body.filter.created_time", "should be defined, instead was `undefined`"),
    ),
    (
        "timestamp with the other condition",
        {"timestamp": "created_time", "created_time": {"past_week": {}}, "last_edited_time": {}},
        bad("body.filter.last_edited_time", "should be not present, instead was `{}`"),
    ),
    (
        "timestamp condition bad operand",
        {"timestamp": "last_edited_time", "last_edited_time": {"before": 5}},
        bad("body.filter.last_edited_time.before", "should be a string, instead was `5`"),
    ),
    (
        "formula without result type",
        {"property": "Score", "formula": {"text": {"equals": "x"}}},
        fix_one("body.filter.formula", ["string", "checkbox", "number", "date"]),
    ),
    (
        "formula inner operand",
        {"property": "Score", "formula": {"number": {"equals": "x"}}},
        bad("body.filter.formula.number.equals", 'should be a number, instead was `"x"`'),
    ),
    (
        "rollup item type unknown",
        {"property": "Items", "rollup": {"any": {"title": {"equals": "x"}}}},
        fix_one(
            "body.filter.rollup.any",
            ROLLUP_ITEM_KEYS,
        ),
    ),
    (
        "rollup without quantifier",
        {"property": "Items", "rollup": {}},
        fix_one("body.filter.rollup", ["any", "none", "every", "date", "number"]),
    ),
    (
        "verification status unknown",
        {"property": "Check", "verification": {"status": "ok"}},
        bad(
            "body.filter.verification.status",
            'should be one of `"verified"`, `"expired"`, `"none"`, instead was `"ok"`',
        ),
    ),
    # checked against the schema only once the whole shape is valid
    (
        "unknown property",
        prop("Nope", "number", equals=1),
        "Could not find property with name or id: Nope",
    ),
    (
        "property names are case-sensitive",
        prop("name", "title", equals="x"),
        "Could not find property with name or id: name",
    ),
    (
        "type mismatch",
        prop("Tag", "status", equals="High"),
        "The property type in the database does not match the property type of the filter "
        "provided: database property select does not match filter status",
    ),
    (
        "rich_text filter on a number",
        prop("Count", "rich_text", contains="a"),
        "The property type in the database does not match the property type of the filter "
        "provided: database property number does not match filter rich_text",
    ),
    (
        "filter on a button",
        prop("Button", "checkbox", equals=True),
        "The property type in the database does not match the property type of the filter "
        "provided: database property button does not match filter checkbox",
    ),
    (
        "shape errors come before unknown properties",
        {"and": [prop("Nope", "number", equals=1), prop("Count", "number", equals="x")]},
        bad("body.filter.and[1].number.equals", 'should be a number, instead was `"x"`'),
    ),
    (
        "unknown property deep inside",
        {"or": [prop("Count", "number", equals=1), {"and": [prop("Gone", "date", is_empty=True)]}]},
        "Could not find property with name or id: Gone",
    ),
]


@pytest.mark.parametrize(
    ("filter_obj", "message"),
    [pytest.param(f, m, id=i) for i, f, m in JUNK_FILTERS],
)
def test_junk_filter(filter_obj: Any, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        compile_filter(filter_obj, SCHEMA, now=NOW)
    assert caught.value.status == 400
    assert caught.value.code == "validation_error"
    assert caught.value.message == message


def test_custom_path() -> None:
    with pytest.raises(ValidationError) as caught:
        compile_filter({"property": "Count"}, SCHEMA, path="body.view.filter")
    assert caught.value.message.startswith(
        "body failed validation. Fix one:\nbody.view.filter.or should be defined"
    )


def test_random_junk_only_ever_raises_validation_error() -> None:
    rng = random.Random(20260704)
    compiled = 0
    for _ in range(4000):
        filter_obj = junk(rng)
        try:
            predicate = compile_filter(filter_obj, SCHEMA, now=NOW, me=U1)
        except ValidationError as error:
            assert error.message
            continue
        compiled += 1
        for p in PAGES:
            assert predicate(p) in (True, False)
    assert compiled > 0


@pytest.mark.parametrize(
    "condition",
    [
        {"equals": "x"},
        {"is_empty": True},
        {"contains": U1},
        {"before": "2026-07-04"},
        {"past_week": {}},
        {"greater_than": 1},
        {"does_not_equal": True},
        {"status": "none"},
    ],
)
def test_any_fitting_condition_on_odd_pages_never_raises(condition: dict[str, Any]) -> None:
    odd_pages: list[dict[str, Any]] = [
        {},
        {"properties": None},
        {"properties": {"X": None}},
        {"properties": {"X": {"type": "x"}}},
        {"properties": {"X": {"type": "x", "x": 5}}},
        {"properties": {"X": {"type": "x", "x": [1, None, {"id": 5}, {"name": 3}]}}},
        {"properties": {"X": {"type": "x", "x": {"start": "nonsense", "type": "array"}}}},
    ]
    for kind in FILTER_KEYS:
        schema = {"X": {"id": "x", "name": "X", "type": kind, kind: {}}}
        for key in (kind, "timestamp"):
            filter_obj: dict[str, Any] = {"property": "X", kind: condition}
            if key == "timestamp":
                filter_obj = {"timestamp": "created_time", "created_time": condition}
            try:
                predicate = compile_filter(filter_obj, schema, now=NOW)
            except ValidationError:
                continue
            for odd in odd_pages:
                for_kind = {"properties": {"X": {"type": kind, kind: 5}}}
                assert predicate(odd) in (True, False)
                assert predicate(for_kind) in (True, False)
