"""notion_import.api.paginate against the emulator, through the official SDK.

Every list endpoint is paginated through its SDK bound method; data-source queries past the
row cap are continued by created_time. The emulator's store clock is a fake one here, so the
tests decide how many rows share each (minute-precision) created_time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from notion_emulator import query as emulator_query
from notion_emulator.app import EmulatorConfig
from notion_import.api.paginate import and_filter, collect, paginate
from notion_import.errors import IncompleteQueryError

#: 1 July 2026, 00:00 UTC.
EPOCH = 1_782_864_000.0


class FakeClock:
    """The emulator store's clock: stands still until a test moves it."""

    def __init__(self, now: float = EPOCH) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def notion_emulator_config(fake_clock: FakeClock) -> EmulatorConfig:
    return EmulatorConfig(rate=0, clock=fake_clock)


class Counting:
    """Wraps an SDK method, recording the keyword arguments of every call."""

    def __init__(self, method: Callable[..., Awaitable[Any]]) -> None:
        self.method = method
        self.calls: list[dict[str, Any]] = []

    async def __call__(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return await self.method(**kwargs)


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


def para(content: str) -> dict[str, Any]:
    return {"object": "block", "type": "paragraph", "paragraph": {"rich_text": text(content)}}


def block_text(block: dict[str, Any]) -> str:
    return "".join(t["plain_text"] for t in block[block["type"]]["rich_text"])


async def new_page(client: Any, parent_id: str, title: str) -> dict[str, Any]:
    page: dict[str, Any] = await client.pages.create(
        parent={"type": "page_id", "page_id": parent_id},
        properties={"title": {"title": text(title)}},
    )
    return page


# -- plain list endpoints ------------------------------------------------------------------


@pytest.fixture
async def page_of_250(notion_client: Any, notion_root_page_id: str) -> str:
    """A page holding 250 paragraphs "0".."249", appended in three calls."""
    page = await new_page(notion_client, notion_root_page_id, "Long page")
    for start, stop in [(0, 100), (100, 200), (200, 250)]:
        await notion_client.blocks.children.append(
            block_id=page["id"], children=[para(str(i)) for i in range(start, stop)]
        )
    return str(page["id"])


@pytest.mark.parametrize("page_size", [100, 7, 1])
async def test_block_children_every_page(
    notion_client: Any, page_of_250: str, page_size: int
) -> None:
    method = Counting(notion_client.blocks.children.list)
    texts = [
        block_text(b) async for b in paginate(method, block_id=page_of_250, page_size=page_size)
    ]
    assert texts == [str(i) for i in range(250)]
    assert len(method.calls) == math.ceil(250 / page_size)
    assert all(call["page_size"] == page_size for call in method.calls)
    assert "start_cursor" not in method.calls[0]
    assert all(call["start_cursor"] for call in method.calls[1:])


async def test_start_cursor_is_where_iteration_begins(notion_client: Any, page_of_250: str) -> None:
    first = await notion_client.blocks.children.list(block_id=page_of_250, page_size=40)
    rest = await collect(
        notion_client.blocks.children.list,
        block_id=page_of_250,
        start_cursor=first["next_cursor"],
        page_size=30,
    )
    assert [block_text(b) for b in rest] == [str(i) for i in range(40, 250)]


async def test_stopping_early_stops_requesting(notion_client: Any, page_of_250: str) -> None:
    method = Counting(notion_client.blocks.children.list)
    seen = 0
    async for _ in paginate(method, block_id=page_of_250, page_size=10):
        seen += 1
        if seen == 25:
            break
    assert len(method.calls) == 3


@pytest.mark.parametrize("page_size", [0, -1, 101])
async def test_page_size_out_of_range(notion_client: Any, page_size: int) -> None:
    with pytest.raises(ValueError, match="page_size"):
        await collect(notion_client.users.list, page_size=page_size)


async def test_empty_listing(notion_client: Any, notion_root_page_id: str) -> None:
    page = await new_page(notion_client, notion_root_page_id, "Empty")
    assert await collect(notion_client.blocks.children.list, block_id=page["id"]) == []


async def test_search(notion_client: Any, notion_root_page_id: str) -> None:
    titles = {f"Note {i}" for i in range(23)}
    for title in sorted(titles):
        await new_page(notion_client, notion_root_page_id, title)
    method = Counting(notion_client.search)
    found = await collect(
        method, query="note", filter={"property": "object", "value": "page"}, page_size=5
    )
    assert {r["properties"]["title"]["title"][0]["plain_text"] for r in found} == titles
    assert len(found) == 23
    assert len(method.calls) == 5


async def test_users(notion_client: Any) -> None:
    users = await collect(notion_client.users.list, page_size=1)
    assert sorted(u["type"] for u in users) == ["bot", "person"]


async def test_comments(notion_client: Any, notion_root_page_id: str) -> None:
    page = await new_page(notion_client, notion_root_page_id, "Discussed")
    for i in range(5):
        await notion_client.comments.create(
            parent={"page_id": page["id"]}, rich_text=text(f"comment {i}")
        )
    comments = await collect(notion_client.comments.list, block_id=page["id"], page_size=2)
    assert sorted(c["rich_text"][0]["plain_text"] for c in comments) == [
        f"comment {i}" for i in range(5)
    ]


async def test_file_uploads(notion_client: Any) -> None:
    created = [
        await notion_client.file_uploads.create(
            mode="single_part", filename=f"f{i}.txt", content_type="text/plain"
        )
        for i in range(11)
    ]
    method = Counting(notion_client.file_uploads.list)
    listed = await collect(method, page_size=4)
    assert sorted(u["id"] for u in listed) == sorted(u["id"] for u in created)
    assert len(method.calls) == 3
    pending = await collect(notion_client.file_uploads.list, status="pending", page_size=4)
    assert len(pending) == 11


# -- data-source queries past the row cap --------------------------------------------------


async def new_source(client: Any, parent_id: str) -> str:
    database = await client.databases.create(
        parent={"type": "page_id", "page_id": parent_id},
        title=text("Rows"),
        initial_data_source={
            "properties": {
                "Name": {"title": {}},
                "N": {"number": {}},
                "Kind": {"select": {"options": [{"name": "even"}, {"name": "odd"}]}},
            }
        },
    )
    return str(database["data_sources"][0]["id"])


async def add_rows(
    client: Any, clock: FakeClock, source_id: str, count: int, per_minute: int
) -> list[str]:
    """``count`` rows numbered 0.., ``per_minute`` of them created in each minute."""
    ids = []
    for i in range(count):
        clock.now = EPOCH + 60 * (i // per_minute)
        row = await client.pages.create(
            parent={"type": "data_source_id", "data_source_id": source_id},
            properties={
                "Name": {"title": text(f"row {i}")},
                "N": {"number": i},
                "Kind": {"select": {"name": "odd" if i % 2 else "even"}},
            },
        )
        ids.append(str(row["id"]))
    return ids


def numbers(rows: list[dict[str, Any]]) -> list[int]:
    return [int(r["properties"]["N"]["number"]) for r in rows]


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    """A row cap of 100 instead of 10,000, so a capped query needs only a few hundred rows."""
    monkeypatch.setattr(emulator_query, "QUERY_ROW_CAP", 100)
    return 100


#: (rows per minute, page size): one stamp per row; many rows per stamp, the boundary
#: stamp split across result sets; a page size that does not divide the cap.
CAP_CASES = [(1, 100), (7, 100), (40, 100), (7, 33), (99, 100)]


@pytest.mark.parametrize(("per_minute", "page_size"), CAP_CASES)
async def test_capped_query_continues_without_sorts(
    notion_client: Any,
    notion_root_page_id: str,
    fake_clock: FakeClock,
    small_cap: int,
    per_minute: int,
    page_size: int,
) -> None:
    source = await new_source(notion_client, notion_root_page_id)
    ids = await add_rows(notion_client, fake_clock, source, 250, per_minute)
    first = await notion_client.data_sources.query(data_source_id=source)
    assert first["request_status"]["incomplete_reason"] == "query_result_limit_reached"
    method = Counting(notion_client.data_sources.query)
    rows = await collect(method, data_source_id=source, page_size=page_size)
    assert [r["id"] for r in rows] == ids  # every row once, in creation order
    continuations = [call for call in method.calls if "filter" in call]
    assert continuations, "the cap was never hit"
    for call in continuations:
        assert call["sorts"] == [{"timestamp": "created_time", "direction": "ascending"}]


FILTERS: list[tuple[str, dict[str, Any], Callable[[int], bool]]] = [
    ("leaf", {"property": "N", "number": {"greater_than_or_equal_to": 20}}, lambda n: n >= 20),
    (
        "and",
        {
            "and": [
                {"property": "N", "number": {"less_than": 240}},
                {"property": "Kind", "select": {"does_not_equal": "odd"}},
            ]
        },
        lambda n: n < 240 and n % 2 == 0,
    ),
    (
        "or of groups",
        {
            "or": [
                {
                    "and": [
                        {"property": "N", "number": {"greater_than": 10}},
                        {"property": "Kind", "select": {"equals": "odd"}},
                    ]
                },
                {"property": "N", "number": {"less_than": 5}},
                {"or": [{"property": "N", "number": {"equals": 6}}]},
            ]
        },
        lambda n: (n > 10 and n % 2 == 1) or n < 5 or n == 6,
    ),
]


@pytest.mark.parametrize(("name", "query_filter", "wanted"), FILTERS, ids=[f[0] for f in FILTERS])
async def test_capped_query_keeps_the_callers_filter(
    notion_client: Any,
    notion_root_page_id: str,
    fake_clock: FakeClock,
    small_cap: int,
    name: str,
    query_filter: dict[str, Any],
    wanted: Callable[[int], bool],
) -> None:
    source = await new_source(notion_client, notion_root_page_id)
    await add_rows(notion_client, fake_clock, source, 330, 9)
    rows = await collect(
        notion_client.data_sources.query, data_source_id=source, filter=query_filter
    )
    expected = [n for n in range(330) if wanted(n)]
    assert len(expected) > 100  # the filtered result is capped too
    assert numbers(rows) == expected


async def test_capped_query_sorted_by_created_time(
    notion_client: Any, notion_root_page_id: str, fake_clock: FakeClock, small_cap: int
) -> None:
    source = await new_source(notion_client, notion_root_page_id)
    await add_rows(notion_client, fake_clock, source, 230, 6)
    sorts = [
        {"timestamp": "created_time", "direction": "ascending"},
        {"property": "N", "direction": "descending"},
    ]
    method = Counting(notion_client.data_sources.query)
    rows = await collect(method, data_source_id=source, sorts=sorts)
    assert sorted(numbers(rows)) == list(range(230))
    # Within each minute, the caller's second sort still holds.
    assert numbers(rows)[:6] == [5, 4, 3, 2, 1, 0]
    assert all(call["sorts"] == sorts for call in method.calls)


async def test_capped_query_sorted_otherwise_fails_before_yielding(
    notion_client: Any, notion_root_page_id: str, fake_clock: FakeClock, small_cap: int
) -> None:
    source = await new_source(notion_client, notion_root_page_id)
    await add_rows(notion_client, fake_clock, source, 150, 10)
    rows = paginate(
        notion_client.data_sources.query,
        data_source_id=source,
        sorts=[{"property": "N", "direction": "descending"}],
    )
    with pytest.raises(IncompleteQueryError, match=r"created_time.*ascending"):
        await anext(rows)


async def test_capped_query_from_a_cursor_without_sorts_fails(
    notion_client: Any, notion_root_page_id: str, fake_clock: FakeClock, small_cap: int
) -> None:
    source = await new_source(notion_client, notion_root_page_id)
    await add_rows(notion_client, fake_clock, source, 150, 10)
    first = await notion_client.data_sources.query(data_source_id=source, page_size=10)
    with pytest.raises(IncompleteQueryError, match="start_cursor"):
        await collect(
            notion_client.data_sources.query,
            data_source_id=source,
            start_cursor=first["next_cursor"],
        )


async def test_more_rows_in_one_minute_than_the_cap_fails(
    notion_client: Any, notion_root_page_id: str, fake_clock: FakeClock, small_cap: int
) -> None:
    source = await new_source(notion_client, notion_root_page_id)
    await add_rows(notion_client, fake_clock, source, 30, 1)
    await add_rows(notion_client, fake_clock, source, 120, 1000)  # all in the first minute
    method = Counting(notion_client.data_sources.query)
    seen: list[dict[str, Any]] = []
    with pytest.raises(IncompleteQueryError, match="same minute"):
        async for row in paginate(method, data_source_id=source):
            seen.append(row)
    assert len({r["id"] for r in seen}) == len(seen)  # nothing yielded twice
    assert len(method.calls) <= 4  # gave up instead of looping


async def test_uncapped_query_is_one_plain_pass(
    notion_client: Any, notion_root_page_id: str, fake_clock: FakeClock, small_cap: int
) -> None:
    source = await new_source(notion_client, notion_root_page_id)
    await add_rows(notion_client, fake_clock, source, 100, 3)
    method = Counting(notion_client.data_sources.query)
    rows = await collect(method, data_source_id=source, page_size=40)
    assert numbers(rows) == list(range(100))
    assert [sorted(call) for call in method.calls] == [
        ["data_source_id", "page_size"],
        ["data_source_id", "page_size", "start_cursor"],
        ["data_source_id", "page_size", "start_cursor"],
    ]


async def test_a_larger_cap_twice_over(
    notion_client: Any,
    notion_root_page_id: str,
    fake_clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """2,050 rows under a 1,000-row cap: two continuations, every row back exactly once.

    (Notion's real cap of 10,000 takes over 10 s to fill and page through in-process; the
    code path is the same, only the constant differs.)
    """
    monkeypatch.setattr(emulator_query, "QUERY_ROW_CAP", 1_000)
    source = await new_source(notion_client, notion_root_page_id)
    ids = await add_rows(notion_client, fake_clock, source, 2_050, 3)
    method = Counting(notion_client.data_sources.query)
    rows = [row["id"] async for row in paginate(method, data_source_id=source)]
    assert rows == ids
    boundaries = {
        call["filter"]["created_time"]["on_or_after"] for call in method.calls if "filter" in call
    }
    assert len(boundaries) == 2


# -- a Notion that reports the cap late ----------------------------------------------------


async def test_cap_reported_only_on_the_last_page_fails_cleanly() -> None:
    """If the cap shows only after unsorted rows were yielded, continuing would be a guess."""
    pages = [
        {"results": [{"id": "a", "created_time": "x"}], "has_more": True, "next_cursor": "b"},
        {
            "results": [{"id": "b", "created_time": "y"}],
            "has_more": False,
            "next_cursor": None,
            "request_status": {
                "type": "incomplete",
                "incomplete_reason": "query_result_limit_reached",
            },
        },
    ]

    async def query(**kwargs: Any) -> dict[str, Any]:
        return pages[1] if kwargs.get("start_cursor") == "b" else pages[0]

    seen = []
    with pytest.raises(IncompleteQueryError, match=r"no particular order.*sorts="):
        async for row in paginate(query):
            seen.append(row["id"])
    assert seen == ["a"]


# -- and_filter: valid for the emulator's parser and logically an AND ---------------------

SCHEMA: dict[str, dict[str, Any]] = {
    "Name": {"id": "title", "name": "Name", "type": "title", "title": {}},
    "N": {"id": "n1", "name": "N", "type": "number", "number": {"format": "number"}},
}
EXTRA = {"timestamp": "created_time", "created_time": {"on_or_after": "2026-07-01T00:05:00.000Z"}}


def leaf(op: str, value: int) -> dict[str, Any]:
    return {"property": "N", "number": {op: value}}


AND_CASES: list[tuple[str, Any]] = [
    ("none", None),
    ("empty", {}),
    ("leaf", leaf("greater_than", 3)),
    ("and", {"and": [leaf("greater_than", 3), leaf("less_than", 8)]}),
    (
        "and with or",
        {"and": [{"or": [leaf("equals", 1), leaf("equals", 9)]}, leaf("less_than", 8)]},
    ),
    ("full and of leaves", {"and": [leaf("does_not_equal", i) for i in range(100)]}),
    ("or of leaves", {"or": [leaf("less_than", 2), leaf("greater_than", 7)]}),
    (
        "or of groups",
        {"or": [{"and": [leaf("greater_than", 1), leaf("less_than", 4)]}, leaf("equals", 8)]},
    ),
    ("or of or", {"or": [{"or": [leaf("equals", 2), leaf("equals", 6)]}, leaf("equals", 9)]}),
]


def row(n: int, minute: int) -> dict[str, Any]:
    stamp = datetime.fromtimestamp(EPOCH + 60 * minute, UTC).strftime("%Y-%m-%dT%H:%M:00.000Z")
    return {
        "object": "page",
        "id": f"{n:032x}",
        "created_time": stamp,
        "last_edited_time": stamp,
        "properties": {
            "Name": {"id": "title", "type": "title", "title": []},
            "N": {"id": "n1", "type": "number", "number": n},
        },
    }


@pytest.mark.parametrize(("name", "base"), AND_CASES, ids=[c[0] for c in AND_CASES])
def test_and_filter_is_valid_and_means_and(name: str, base: Any) -> None:
    combined = and_filter(base, EXTRA)
    check = emulator_query.compile_filter(combined, SCHEMA)  # raises if nested too deep
    base_check = emulator_query.compile_filter(base, SCHEMA) if base else (lambda page: True)
    extra_check = emulator_query.compile_filter(EXTRA, SCHEMA)
    rng = random.Random(name)
    for _ in range(200):
        page = row(rng.randrange(11), rng.randrange(10))
        assert check(page) == (base_check(page) and extra_check(page)), page
    if isinstance(base, dict) and "and" in base and len(base["and"]) < 100:
        assert combined == {"and": [*base["and"], EXTRA]}  # appended, not wrapped


def test_and_filter_without_room_raises() -> None:
    crowded = {"and": [{"or": [leaf("equals", i)]} for i in range(100)]}
    with pytest.raises(IncompleteQueryError, match="simplify the filter"):
        and_filter(crowded, EXTRA)
