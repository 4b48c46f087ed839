"""Pagination and the 10,000-row cap of a data-source query."""

from __future__ import annotations

import time
from typing import Any

import pytest
from tests.notion_emulator.query.pages import (
    bad,
    desc,
)

from notion_emulator.errors import ValidationError
from notion_emulator.query import (
    QUERY_ROW_CAP,
    compile_filter,
    paginate,
    request_status_incomplete,
    sort_pages,
)

# -- pagination and the 10,000-row cap -----------------------------------------------------


def pid(page: dict[str, Any]) -> str:
    return str(page["id"])


def test_paginate_walks_every_item_once() -> None:
    items = [{"id": f"{i:08x}-0000-4000-8000-000000000000"} for i in range(7)]
    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        chunk, cursor, has_more, capped = paginate(items, cursor, 3, pid)
        seen.extend(chunk)
        assert has_more is (cursor is not None)
        assert capped is False
        if not has_more:
            break
    assert seen == items


def test_paginate_cursor_is_the_next_item_and_ignores_dashes_and_case() -> None:
    items = [{"id": f"{i:08x}-aaaa-4000-8000-000000000000"} for i in range(5)]
    chunk, cursor, has_more, _ = paginate(items, None, 2, pid)
    assert (chunk, cursor, has_more) == (items[:2], items[2]["id"], True)
    assert cursor is not None
    undashed = cursor.replace("-", "").upper()
    assert paginate(items, undashed, 2, pid)[0] == items[2:4]
    assert paginate(items, "", 10, pid)[0] == items


def test_paginate_empty() -> None:
    assert paginate([], None, 100, pid) == ([], None, False, False)


def test_paginate_unknown_cursor() -> None:
    with pytest.raises(ValidationError) as caught:
        paginate([{"id": "a"}], "nope", 10, pid)
    assert caught.value.message == bad(
        "body.start_cursor", 'should be a valid cursor, instead was `"nope"`'
    )


def test_paginate_cursor_past_the_cap_is_unknown() -> None:
    items = [{"id": str(i)} for i in range(5)]
    with pytest.raises(ValidationError):
        paginate(items, "3", 1, pid, cap=3)


def test_paginate_rejects_a_page_size_below_one() -> None:
    with pytest.raises(ValueError, match="page_size"):
        paginate([{"id": "a"}], None, 0, pid)


def test_request_status_incomplete_shape() -> None:
    status = request_status_incomplete()
    assert status == {"type": "incomplete", "incomplete_reason": "query_result_limit_reached"}
    status["type"] = "changed"
    assert request_status_incomplete()["type"] == "incomplete"


NUMBER_SCHEMA = {"N": {"id": "n", "name": "N", "type": "number", "number": {}}}


def numbered(count: int) -> list[dict[str, Any]]:
    return [
        {"id": f"{i:032x}", "properties": {"N": {"id": "n", "type": "number", "number": i}}}
        for i in range(count)
    ]


def walk(items: list[dict[str, Any]], page_size: int = 100) -> tuple[list[int], set[bool]]:
    """Page through a query result as a client would: the numbers seen, the cap flags seen."""
    seen: list[int] = []
    flags: set[bool] = set()
    cursor: str | None = None
    while True:
        chunk, cursor, has_more, capped = paginate(items, cursor, page_size, pid, cap=QUERY_ROW_CAP)
        seen.extend(p["properties"]["N"]["number"] for p in chunk)
        flags.add(capped)
        if not has_more:
            assert cursor is None
            return seen, flags


def test_query_over_the_cap_serves_10000_and_says_so_on_every_page() -> None:
    assert QUERY_ROW_CAP == 10_000
    rows = numbered(10_001)
    started = time.perf_counter()
    predicate = compile_filter(
        {"and": [{"property": "N", "number": {"is_not_empty": True}},
                 {"property": "n", "number": {"greater_than_or_equal_to": 0}}]},
        NUMBER_SCHEMA,
    )  # fmt: skip
    matched = [row for row in rows if predicate(row)]
    ordered = sort_pages(matched, [desc("N")], NUMBER_SCHEMA)
    elapsed = time.perf_counter() - started
    assert len(ordered) == 10_001
    seen, flags = walk(ordered)
    assert seen == list(range(10_000, 0, -1))
    assert flags == {True}
    assert elapsed < 5, f"filter + sort of 10,001 rows took {elapsed:.2f}s"


def test_query_at_the_cap_is_complete() -> None:
    rows = numbered(10_001)
    predicate = compile_filter({"property": "N", "number": {"greater_than": 0}}, NUMBER_SCHEMA)
    seen, flags = walk([row for row in rows if predicate(row)])
    assert len(seen) == 10_000
    assert flags == {False}


def test_cap_reached_on_a_single_page() -> None:
    chunk, cursor, has_more, capped = paginate(numbered(12), None, 100, pid, cap=10)
    assert (len(chunk), cursor, has_more, capped) == (10, None, False, True)
