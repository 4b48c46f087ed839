"""notion_import.api.cache.ResponseCache: keys, TTL, LRU, statistics and invalidation rules.

The invalidation rules are one table: a small workspace's worth of cached responses, and for
each write the names of the entries it must drop (everything else must survive).
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
import pytest

from notion_import.api.cache import CachedResponse, ResponseCache


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def dashed(compact: str) -> str:
    return f"{compact[:8]}-{compact[8:12]}-{compact[12:16]}-{compact[16:20]}-{compact[20:]}"


ROOT = "1" * 32
P = "2" * 32  # a page under ROOT
B = "3" * 32  # a block on P
C = "4" * 32  # a block under B
O = "5" * 32  # another page under ROOT  # noqa: E741
D = "6" * 32  # a database on P
S = "7" * 32  # D's data source
W = "8" * 32  # a row of S
T = "9" * 32  # another data source
C2 = "a" * 32  # a block on P's second page of children

BODY = {"object": "list", "has_more": False, "next_cursor": None}


def listing(*items: tuple[str, str]) -> dict[str, Any]:
    return {**BODY, "results": [{"object": kind, "id": dashed(i)} for kind, i in items]}


#: name -> (method, path, query, request body, response body); ids spelled either way.
ENTRIES: dict[str, tuple[str, str, str, bytes, dict[str, Any]]] = {
    "block P": ("GET", f"/v1/blocks/{dashed(P)}", "", b"", {"object": "block", "id": P}),
    "page P": ("GET", f"/v1/pages/{P}", "", b"", {"object": "page", "id": P}),
    "prop P": ("GET", f"/v1/pages/{P}/properties/title", "", b"", {"object": "list"}),
    "children P": (
        "GET",
        f"/v1/blocks/{P}/children",
        "page_size=100",
        b"",
        listing(("block", B), ("block", D)),
    ),
    "children P cursor2": (
        "GET",
        f"/v1/blocks/{P}/children",
        f"page_size=100&start_cursor={dashed(C2)}",
        b"",
        listing(("block", C2)),
    ),
    "block B": ("GET", f"/v1/blocks/{B}", "", b"", {"object": "block", "id": B}),
    "children B": ("GET", f"/v1/blocks/{B}/children", "", b"", listing(("block", C))),
    "children R": (
        "GET",
        f"/v1/blocks/{ROOT}/children",
        "",
        b"",
        listing(("block", P), ("block", O)),
    ),
    "page O": ("GET", f"/v1/pages/{dashed(O)}", "", b"", {"object": "page", "id": O}),
    "children O": ("GET", f"/v1/blocks/{O}/children", "", b"", listing()),
    "database D": ("GET", f"/v1/databases/{D}", "", b"", {"object": "database"}),
    "source S": ("GET", f"/v1/data_sources/{S}", "", b"", {"object": "data_source"}),
    "query S": ("POST", f"/v1/data_sources/{S}/query", "", b"{}", listing(("page", W))),
    "query S filtered": (
        "POST",
        f"/v1/data_sources/{dashed(S)}/query",
        "",
        b'{"filter": {"property": "Done", "checkbox": {"equals": true}}}',
        listing(),
    ),
    "page W": ("GET", f"/v1/pages/{W}", "", b"", {"object": "page", "id": W}),
    "source T": ("GET", f"/v1/data_sources/{T}", "", b"", {"object": "data_source"}),
    "query T": ("POST", f"/v1/data_sources/{T}/query", "", b"{}", listing()),
    "users": ("GET", "/v1/users", "", b"", listing()),
    "me": ("GET", "/v1/users/me", "", b"", {"object": "user"}),
}
ALL = frozenset(ENTRIES)
CHILDREN = {"children P", "children P cursor2", "children B", "children R", "children O"}
QUERIES = {"query S", "query S filtered", "query T"}
PAGES = {"page P", "prop P", "page O", "page W"}
SOURCES = {"database D", "source S", "source T"}


def page_parent(page_id: str) -> dict[str, Any]:
    return {"type": "page_id", "page_id": dashed(page_id)}


ROW_PARENT = {"type": "data_source_id", "data_source_id": dashed(S), "database_id": dashed(D)}

#: (name, method, path, request body, response body, entries dropped)
WRITES: list[tuple[str, str, str, Any, Any, set[str]]] = [
    (
        "append to a block",
        "PATCH",
        f"/v1/blocks/{B}/children",
        {"children": [{}]},
        listing(("block", "b" * 32)),
        {"block B", "children B", "children P"},  # B's has_children shows in P's listing
    ),
    (
        "update a nested block",
        "PATCH",
        f"/v1/blocks/{dashed(C)}",
        {"paragraph": {}},
        {
            "object": "block",
            "id": C,
            "type": "paragraph",
            "parent": {"type": "block_id", "block_id": B},
        },
        {"children B", "block B", "children P"},
    ),
    (
        "delete a block",
        "DELETE",
        f"/v1/blocks/{B}",
        None,
        {"object": "block", "id": B, "type": "toggle", "parent": page_parent(P)},
        {"block B", "children B", "children P", "children P cursor2", "block P", "page P"}
        | {"prop P", "children R"},
    ),
    (
        "update a page through the blocks endpoint",
        "PATCH",
        f"/v1/blocks/{P}",
        {"in_trash": True},
        {"object": "block", "id": P, "type": "child_page", "parent": page_parent(ROOT)},
        {"block P", "page P", "prop P", "children R", "children P", "children P cursor2"},
    ),
    (
        "delete a child database block",
        "DELETE",
        f"/v1/blocks/{D}",
        None,
        {"object": "block", "id": D, "type": "child_database", "parent": page_parent(P)},
        {"children P", "children P cursor2", "block P", "page P", "prop P", "children R"}
        | SOURCES
        | QUERIES,
    ),
    (
        "update a block, outcome unknown",
        "PATCH",
        f"/v1/blocks/{B}",
        {"toggle": {}},
        None,
        {"block B", "children P"} | CHILDREN | QUERIES | SOURCES,
    ),
    (
        "create a page under a page",
        "POST",
        "/v1/pages",
        {"parent": {"page_id": P}, "properties": {"title": {}}},
        {"object": "page", "id": "c" * 32, "parent": page_parent(P)},
        {"block P", "page P", "prop P", "children R", "children P", "children P cursor2"},
    ),
    (
        "create a row",
        "POST",
        "/v1/pages",
        {"parent": {"data_source_id": S}, "properties": {"Name": {"title": []}}},
        {"object": "page", "id": "c" * 32, "parent": ROW_PARENT},
        {"query S", "query S filtered"},
    ),
    (
        "create a row under a database id, outcome unknown",
        "POST",
        "/v1/pages",
        {"parent": {"type": "database_id", "database_id": D}, "properties": {}},
        None,
        {"database D", "children P"} | QUERIES,  # P's listing shows D's block
    ),
    (
        "create a row with a relation",
        "POST",
        "/v1/pages",
        {"parent": {"data_source_id": S}, "properties": {"Link": {"relation": [{"id": O}]}}},
        {"object": "page", "id": "c" * 32, "parent": ROW_PARENT},
        QUERIES | PAGES,
    ),
    (
        "create a page in the workspace",
        "POST",
        "/v1/pages",
        {"parent": {"type": "workspace", "workspace": True}, "properties": {}},
        {"object": "page", "id": "c" * 32, "parent": {"type": "workspace", "workspace": True}},
        set(),
    ),
    (
        "update a row's properties",
        "PATCH",
        f"/v1/pages/{dashed(W)}",
        {"properties": {"Done": {"checkbox": True}}},
        {"object": "page", "id": W, "parent": ROW_PARENT},
        QUERIES | PAGES,  # rollups and two-way relations elsewhere may follow
    ),
    (
        "change a row's icon",
        "PATCH",
        f"/v1/pages/{W}",
        {"icon": {"type": "emoji", "emoji": "🙂"}},
        {"object": "page", "id": W, "parent": ROW_PARENT},
        {"page W", "query S", "query S filtered"},
    ),
    (
        "trash a page",
        "PATCH",
        f"/v1/pages/{O}",
        {"in_trash": True},
        {"object": "page", "id": O, "parent": page_parent(ROOT)},
        {"page O", "children O", "children R"},
    ),
    (
        "move a page",
        "POST",
        f"/v1/pages/{O}/move",
        {"parent": {"type": "page_id", "page_id": P}},
        {"object": "page", "id": O, "parent": page_parent(P)},
        {"page O", "block P", "page P", "prop P"} | CHILDREN | QUERIES,
    ),
    (
        "rewrite a page as markdown",
        "PATCH",
        f"/v1/pages/{O}/markdown",
        {"type": "replace_content"},
        {"object": "page_markdown"},
        {"page O"} | CHILDREN,
    ),
    (
        "create a database",
        "POST",
        "/v1/databases",
        {"parent": {"page_id": P}},
        {"object": "database", "id": "d" * 32, "parent": page_parent(P)},
        {"block P", "page P", "prop P", "children R", "children P", "children P cursor2"},
    ),
    (
        "update a database",
        "PATCH",
        f"/v1/databases/{D}",
        {"title": []},
        {"object": "database", "id": D, "parent": page_parent(P)},
        SOURCES | QUERIES | PAGES | {"block P", "children R", "children P", "children P cursor2"},
    ),
    (
        "create a data source",
        "POST",
        "/v1/data_sources",
        {"parent": {"type": "database_id", "database_id": D}},
        {"object": "data_source", "parent": {"type": "database_id", "database_id": dashed(D)}},
        {"database D", "children P"},
    ),
    (
        "update a data source",
        "PATCH",
        f"/v1/data_sources/{dashed(S).upper()}",
        {"properties": {"Done": None}},
        {"object": "data_source", "parent": {"type": "database_id", "database_id": D}},
        {"source S", "query S", "query S filtered", "database D", "children P"} | PAGES,
    ),
    ("create a file upload", "POST", "/v1/file_uploads", {"mode": "single_part"}, {}, set()),
    ("send a file", "POST", f"/v1/file_uploads/{C2}/send", None, {}, set()),
    ("complete a file upload", "POST", f"/v1/file_uploads/{C2}/complete", None, {}, set()),
    ("search", "POST", "/v1/search", {"query": "x"}, listing(("page", P)), set()),
    ("a query is a read", "POST", f"/v1/data_sources/{S}/query", {}, listing(), set()),
    ("comment", "POST", "/v1/comments", {"parent": {"page_id": P}}, {}, set()),
    ("a read", "GET", f"/v1/blocks/{P}/children", None, listing(), set()),
    ("an unknown write", "POST", "/v1/something_new", {}, {}, set(ALL)),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def filled(clock: FakeClock) -> tuple[ResponseCache, dict[str, str]]:
    cache = ResponseCache(ttl=30, max_entries=100, clock=clock)
    keys = {}
    for name, (method, path, query, body, response) in ENTRIES.items():
        key = cache.key(method, path, query, body)
        assert key is not None, name
        cache.put(key, 200, [(b"content-type", b"application/json")], json.dumps(response).encode())
        keys[name] = key
    assert len(set(keys.values())) == len(ENTRIES)
    return cache, keys


@pytest.mark.parametrize(
    ("name", "method", "path", "request_body", "response_body", "dropped"),
    WRITES,
    ids=[w[0] for w in WRITES],
)
def test_invalidation_rules(
    filled: tuple[ResponseCache, dict[str, str]],
    name: str,
    method: str,
    path: str,
    request_body: Any,
    response_body: Any,
    dropped: set[str],
) -> None:
    cache, keys = filled
    count = cache.invalidate_for_write(method, path, request_body, response_body)
    gone = {entry for entry, key in keys.items() if key not in cache}
    assert gone == dropped
    assert count == len(dropped) == cache.stats.invalidations
    for entry in ALL - dropped:
        assert cache.get(keys[entry]) is not None, entry


def test_invalidation_accepts_raw_json_bodies(
    filled: tuple[ResponseCache, dict[str, str]],
) -> None:
    cache, keys = filled
    response = json.dumps({"object": "page", "id": W, "parent": ROW_PARENT}).encode()
    assert cache.invalidate_for_write("PATCH", f"/v1/pages/{W}", b'{"icon": null}', response) == 3
    assert keys["query S"] not in cache and keys["query T"] in cache


def test_index_holds_no_stale_keys(filled: tuple[ResponseCache, dict[str, str]]) -> None:
    cache, _ = filled
    for _name, method, path, request_body, response_body, _dropped in WRITES:
        cache.invalidate_for_write(method, path, request_body, response_body)
    assert len(cache) == 0
    assert cache._index == {}


# -- keys ----------------------------------------------------------------------------------

ID = "0123456789abcdef0123456789abcdef"

CACHEABLE = [
    ("GET", f"/v1/blocks/{ID}", ""),
    ("GET", f"/v1/blocks/{ID}/children", "page_size=100"),
    ("GET", f"/v1/pages/{ID}", ""),
    ("GET", f"/v1/pages/{ID}/properties/title", ""),
    ("GET", f"/v1/pages/{ID}/properties/a%3Fb", "start_cursor=x"),
    ("GET", f"/v1/databases/{ID}", ""),
    ("GET", f"/v1/data_sources/{ID}", ""),
    ("GET", "/v1/users", ""),
    ("GET", f"/v1/users/{ID}", ""),
    ("GET", "/v1/users/me", ""),
    ("POST", f"/v1/data_sources/{ID}/query", ""),
]
NOT_CACHEABLE = [
    ("PATCH", f"/v1/blocks/{ID}/children"),
    ("PATCH", f"/v1/blocks/{ID}"),
    ("DELETE", f"/v1/blocks/{ID}"),
    ("POST", "/v1/pages"),
    ("PATCH", f"/v1/pages/{ID}"),
    ("POST", "/v1/search"),
    ("GET", "/v1/file_uploads"),
    ("GET", f"/v1/file_uploads/{ID}"),
    ("POST", "/v1/file_uploads"),
    ("GET", "/v1/comments"),
    ("GET", f"/v1/pages/{ID}/markdown"),
    ("POST", f"/v1/databases/{ID}/query"),
    ("GET", f"/v1/data_sources/{ID}/query"),
    ("GET", "/v1/blocks"),
    ("GET", "/"),
]


@pytest.mark.parametrize(("method", "path", "query"), CACHEABLE)
def test_cacheable_requests(method: str, path: str, query: str) -> None:
    body = b'{"page_size": 100}' if method == "POST" else b""
    assert ResponseCache().key(method, path, query, body) is not None


@pytest.mark.parametrize(("method", "path"), NOT_CACHEABLE)
def test_requests_never_cached(method: str, path: str) -> None:
    assert ResponseCache().key(method, path, "", b"") is None


SAME_KEY = [
    ("GET", f"/v1/blocks/{ID}/children", "", "GET", f"/v1/blocks/{dashed(ID)}/children", ""),
    ("GET", f"/v1/pages/{ID}", "", "GET", f"/v1/pages/{dashed(ID).upper()}/", ""),
    ("GET", f"/v1/pages/{ID}", "", "get", f"/pages/{ID}", ""),
    (
        "GET",
        "/v1/users",
        "page_size=5&start_cursor=a",
        "GET",
        "/v1/users",
        "?start_cursor=a&page_size=5",
    ),
    ("GET", f"/v1/pages/{ID}/properties/a%3Fb", "", "GET", f"/v1/pages/{ID}/properties/a%3fb", ""),
]


@pytest.mark.parametrize(("m1", "p1", "q1", "m2", "p2", "q2"), SAME_KEY)
def test_spellings_share_a_key(m1: str, p1: str, q1: str, m2: str, p2: str, q2: str) -> None:
    cache = ResponseCache()
    assert cache.key(m1, p1, q1, b"") == cache.key(m2, p2, q2, b"")


def test_query_keys_follow_the_json_not_its_spelling() -> None:
    cache = ResponseCache()
    path = f"/v1/data_sources/{ID}/query"
    one = cache.key("POST", path, "", b'{"page_size": 10, "filter": {"a": 1}}')
    assert one == cache.key(
        "POST", f"/v1/data_sources/{dashed(ID)}/query", "", b'{"filter":{"a":1},"page_size":10}'
    )
    assert one != cache.key("POST", path, "", b'{"page_size": 10, "filter": {"a": 2}}')
    assert one != cache.key("POST", path, "", b'{"page_size": 10}')
    assert cache.key("GET", f"/v1/blocks/{ID}/children", "start_cursor=a", b"") != cache.key(
        "GET", f"/v1/blocks/{ID}/children", "start_cursor=b", b""
    )


def test_ids_spelled_either_way_share_an_entry_and_its_invalidation() -> None:
    cache = ResponseCache()
    key = cache.key("GET", f"/v1/blocks/{dashed(ID)}", "", b"")
    assert key is not None
    cache.put(key, 200, {}, b"{}")
    other = cache.key("GET", f"/v1/blocks/{ID.upper()}", "", b"")
    assert other is not None and cache.get(other) is not None
    assert (
        cache.invalidate_for_write(
            "DELETE",
            f"/v1/blocks/{ID.upper()}",
            None,
            {"parent": {"type": "workspace", "workspace": True}},
        )
        == 1
    )
    assert cache.get(key) is None


# -- storing, TTL, LRU, statistics ----------------------------------------------------------


def key_for(cache: ResponseCache, n: int) -> str:
    key = cache.key("GET", f"/v1/blocks/{n:032x}", "", b"")
    assert key is not None
    return key


def test_put_and_get(clock: FakeClock) -> None:
    cache = ResponseCache(clock=clock)
    key = key_for(cache, 1)
    cache.put(key, 200, {"Content-Type": "application/json"}, b'{"id": 1}')
    assert cache.get(key) == CachedResponse(
        200, ((b"Content-Type", b"application/json"),), b'{"id": 1}', clock.now
    )
    cache.put(key, 200, [(b"x-a", b"1"), (b"x-a", b"2")], b"{}")  # replaces, keeps repeats
    found = cache.get(key)
    assert found is not None and found.headers == ((b"x-a", b"1"), (b"x-a", b"2"))


def test_a_gzipped_answer_is_stored_decoded_and_rebuilds(clock: FakeClock) -> None:
    """Real Notion compresses; the stored body is the decoded one, so the framing goes."""
    body = json.dumps({"object": "block", "id": ID}).encode()
    wire = httpx.Response(
        200,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        content=gzip.compress(body),
    )
    assert wire.content == body
    cache = ResponseCache(clock=clock)
    key = key_for(cache, 1)
    cache.put(key, 200, list(wire.headers.raw), wire.content)
    cached = cache.get(key)
    assert cached is not None
    rebuilt = httpx.Response(cached.status, headers=cached.headers, content=cached.content)
    assert rebuilt.json() == {"object": "block", "id": ID}
    assert rebuilt.headers["content-type"] == "application/json"
    assert rebuilt.headers["content-length"] == str(len(body))


@pytest.mark.parametrize("status", [201, 204, 400, 404, 429, 500])
def test_only_200_is_stored_and_a_failure_drops_the_entry(status: int) -> None:
    cache = ResponseCache()
    key = key_for(cache, 1)
    cache.put(key, status, {}, b"{}")
    assert cache.get(key) is None
    cache.put(key, 200, {}, b"{}")
    cache.put(key, status, {}, b"{}")
    assert cache.get(key) is None and len(cache) == 0


def test_put_rejects_foreign_keys() -> None:
    with pytest.raises(ValueError, match="not a key"):
        ResponseCache().put("GET /search", 200, {}, b"{}")


def test_ttl(clock: FakeClock) -> None:
    cache = ResponseCache(ttl=30, clock=clock)
    key = key_for(cache, 1)
    cache.put(key, 200, {}, b"{}")
    clock.now += 29.999
    assert cache.get(key) is not None
    clock.now += 0.001
    assert cache.get(key) is None
    assert len(cache) == 0
    assert (cache.stats.hits, cache.stats.misses, cache.stats.expirations) == (1, 1, 1)


def test_a_hit_does_not_extend_the_ttl(clock: FakeClock) -> None:
    cache = ResponseCache(ttl=10, clock=clock)
    key = key_for(cache, 1)
    cache.put(key, 200, {}, b"{}")
    for _ in range(9):
        clock.now += 1
        assert cache.get(key) is not None
    clock.now += 1
    assert cache.get(key) is None


def test_lru_eviction(clock: FakeClock) -> None:
    cache = ResponseCache(max_entries=3, clock=clock)
    a, b, c, d = (key_for(cache, n) for n in range(4))
    for key in (a, b, c):
        cache.put(key, 200, {}, b"{}")
    assert cache.get(a) is not None  # a is now the most recently used
    cache.put(d, 200, {}, b"{}")
    assert b not in cache
    assert all(key in cache for key in (a, c, d))
    assert cache.stats.evictions == 1
    cache.put(c, 200, {}, b"{}")  # re-storing refreshes recency too
    cache.put(b, 200, {}, b"{}")
    assert a not in cache and c in cache
    assert cache.stats.evictions == 2


@pytest.mark.parametrize(("ttl", "max_entries"), [(0, 10), (30, 0)])
def test_disabled(ttl: float, max_entries: int) -> None:
    cache = ResponseCache(ttl=ttl, max_entries=max_entries)
    key = key_for(cache, 1)
    cache.put(key, 200, {}, b"{}")
    assert cache.get(key) is None and len(cache) == 0


@pytest.mark.parametrize(("ttl", "max_entries"), [(-1, 10), (30, -1)])
def test_bad_settings(ttl: float, max_entries: int) -> None:
    with pytest.raises(ValueError):
        ResponseCache(ttl=ttl, max_entries=max_entries)


def test_hit_rate(clock: FakeClock) -> None:
    cache = ResponseCache(clock=clock)
    assert cache.hit_rate == 0.0
    key = key_for(cache, 1)
    assert cache.get(key) is None
    cache.put(key, 200, {}, b"{}")
    for _ in range(3):
        assert cache.get(key) is not None
    assert (cache.stats.hits, cache.stats.misses) == (3, 1)
    assert cache.hit_rate == cache.stats.hit_rate == 0.75


def test_clear(filled: tuple[ResponseCache, dict[str, str]]) -> None:
    cache, _ = filled
    assert cache.clear() == len(ENTRIES)
    assert len(cache) == 0 and cache.stats.invalidations == 0
