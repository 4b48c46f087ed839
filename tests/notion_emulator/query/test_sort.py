"""Query sorts: each case names the order it must produce, each junk case Notion's message."""

from __future__ import annotations

import random
from typing import Any

import pytest
from tests.notion_emulator.query.pages import (
    ALL,
    PAGES,
    SCHEMA,
    asc,
    bad,
    desc,
    junk,
    names,
)

from notion_emulator.errors import ValidationError
from notion_emulator.query import (
    sort_pages,
)

# -- sorts ---------------------------------------------------------------------------------


SORT_CASES: list[tuple[str, Any, list[str]]] = [
    ("none keeps the input order", [], ALL),
    ("text ignores case", [asc("Name")], ["Alpha", "beta", "Delta", "EPSILON", "Gamma"]),
    ("text descending", [desc("Name")], ["Gamma", "EPSILON", "Delta", "beta", "Alpha"]),
    (
        "number ascending, empty last",
        [asc("Count")],
        ["EPSILON", "Delta", "beta", "Alpha", "Gamma"],
    ),
    (
        "number descending, empty last",
        [desc("Count")],
        ["Alpha", "beta", "Delta", "EPSILON", "Gamma"],
    ),
    ("by property id", [asc("cnt1")], ["EPSILON", "Delta", "beta", "Alpha", "Gamma"]),
    ("select by option order", [asc("Tag")], ["Alpha", "EPSILON", "beta", "Gamma", "Delta"]),
    ("select descending", [desc("Tag")], ["beta", "EPSILON", "Alpha", "Gamma", "Delta"]),
    ("status by option order", [asc("Stage")], ["Gamma", "beta", "Alpha", "Delta", "EPSILON"]),
    (
        "multi_select by option order",
        [asc("Labels")],
        ["Alpha", "EPSILON", "beta", "Gamma", "Delta"],
    ),
    ("checkbox ascending", [asc("Done")], ["beta", "Gamma", "Delta", "Alpha", "EPSILON"]),
    ("date ascending", [asc("Due")], ["EPSILON", "Alpha", "Gamma", "beta", "Delta"]),
    ("date descending, empty last", [desc("Due")], ["beta", "Gamma", "Alpha", "EPSILON", "Delta"]),
    ("url, empties last", [desc("Site")], ["EPSILON", "Alpha", "beta", "Gamma", "Delta"]),
    ("people by name", [desc("Owner")], ["beta", "Gamma", "Alpha", "Delta", "EPSILON"]),
    ("unique_id descending", [desc("Ref")], ["EPSILON", "Gamma", "beta", "Alpha", "Delta"]),
    ("formula string", [asc("Score")], ALL),
    ("rollup number", [desc("Total")], ["EPSILON", "Alpha", "beta", "Gamma", "Delta"]),
    ("rollup array by item count", [asc("Items")], ["beta", "Alpha", "Gamma", "Delta", "EPSILON"]),
    ("an unsortable type keeps the order", [desc("Button")], ALL),
    (
        "timestamp created_time descending, ties stable",
        [{"timestamp": "created_time", "direction": "descending"}],
        ["beta", "Gamma", "Alpha", "EPSILON", "Delta"],
    ),
    (
        "timestamp last_edited_time ascending",
        [{"timestamp": "last_edited_time", "direction": "ascending"}],
        ["Delta", "beta", "Alpha", "EPSILON", "Gamma"],
    ),
    (
        "created_time property ascending",
        [asc("Created")],
        ["Delta", "EPSILON", "Alpha", "beta", "Gamma"],
    ),
    (
        "two keys: checkbox then name",
        [desc("Done"), desc("Name")],
        ["EPSILON", "Alpha", "Gamma", "Delta", "beta"],
    ),
    (
        "two keys: empties of the first sorted by the second",
        [asc("Tag"), desc("Name")],
        ["Alpha", "EPSILON", "beta", "Gamma", "Delta"],
    ),
    (
        "three keys",
        [asc("Done"), {"timestamp": "created_time", "direction": "ascending"}, asc("Name")],
        ["Delta", "beta", "Gamma", "EPSILON", "Alpha"],
    ),
]


@pytest.mark.parametrize(
    ("sorts", "expected"),
    [pytest.param(s, e, id=i) for i, s, e in SORT_CASES],
)
def test_sort(sorts: Any, expected: list[str]) -> None:
    before = names(PAGES)
    assert names(sort_pages(PAGES, sorts, SCHEMA)) == expected
    assert names(PAGES) == before


JUNK_SORTS: list[tuple[str, Any, str]] = [
    ("an object", {}, bad("body.sorts", "should be an array, instead was `{}`")),
    ("a string", "Name", bad("body.sorts", 'should be an array, instead was `"Name"`')),
    (
        "too many",
        [asc("Name")] * 101,
        bad("body.sorts.length", "should be ≤ `100`, instead was `101`"),
    ),
    ("item a number", [5], bad("body.sorts[0]", "should be an object, instead was `5`")),
    (
        "item empty",
        [asc("Name"), {}],
        "body failed validation. Fix one:\n"
        "body.sorts[1].property should be defined, instead was `undefined`.\n"
        "body.sorts[1].timestamp should be defined, instead was `undefined`.",
    ),
    (
        "no direction",
        [{"property": "Name"}],
        bad("body.sorts[0].direction", "should be defined, instead was `undefined`"),
    ),
    (
        "bad direction",
        [{"property": "Name", "direction": "up"}],
        bad(
            "body.sorts[0].direction",
            'should be one of `"ascending"`, `"descending"`, instead was `"up"`',
        ),
    ),
    (
        "direction a list",
        [{"property": "Name", "direction": ["ascending"]}],
        bad(
            "body.sorts[0].direction",
            'should be one of `"ascending"`, `"descending"`, instead was `[...]`',
        ),
    ),
    (
        "property not a string",
        [{"property": {"name": "Name"}, "direction": "ascending"}],
        bad("body.sorts[0].property", "should be a string, instead was `{...}`"),
    ),
    (
        "bad timestamp",
        [{"timestamp": "edited", "direction": "ascending"}],
        bad(
            "body.sorts[0].timestamp",
            'should be one of `"created_time"`, `"last_edited_time"`, instead was `"edited"`',
        ),
    ),
    (
        "property and timestamp",
        [{"property": "Name", "timestamp": "created_time", "direction": "ascending"}],
        bad("body.sorts[0].timestamp", 'should be not present, instead was `"created_time"`'),
    ),
    (
        "extra key",
        [{"property": "Name", "direction": "ascending", "nulls": "first"}],
        bad("body.sorts[0].nulls", 'should be not present, instead was `"first"`'),
    ),
    ("unknown property", [asc("Nope")], "Could not find sort property with name or id: Nope"),
    (
        "shape errors come before unknown properties",
        [asc("Nope"), {"property": "Name", "direction": 1}],
        bad(
            "body.sorts[1].direction",
            'should be one of `"ascending"`, `"descending"`, instead was `1`',
        ),
    ),
]


@pytest.mark.parametrize(
    ("sorts", "message"),
    [pytest.param(s, m, id=i) for i, s, m in JUNK_SORTS],
)
def test_junk_sorts(sorts: Any, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        sort_pages(PAGES, sorts, SCHEMA)
    assert caught.value.message == message


def test_random_junk_sorts_only_ever_raise_validation_error() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        sorts = junk(rng)
        if rng.random() < 0.5:
            sorts = [junk(rng) for _ in range(rng.randrange(3))]
        try:
            result = sort_pages(PAGES, sorts, SCHEMA)
        except ValidationError:
            continue
        assert sorted(map(id, result)) == sorted(map(id, PAGES))
