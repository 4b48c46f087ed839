"""notion_import.api.tree: a page and its block tree read back through the toolkit.

Against an in-process emulator (the pytest plugin's fixtures) for what Notion returns, and
against a scripted transport for cursors, depth, retries and refusals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from notion_client import APIResponseError
from notion_client.errors import HTTPResponseError
from tests.emulated_pages import PAGINATED, build_page, call, headers, plain, req, req_text
from tests.notion_view.html_checks import dom, one, texts

from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import NotionAPI, connect
from notion_import.api.retry import RetryPolicy
from notion_import.api.tree import MAX_DEPTH, read_blocks, read_page
from notion_view import PageView, ViewOptions, iter_blocks, media_sources, render_page

FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0, default_pause=0.0)
TOKEN = "secret-token-123"
Handler = Callable[[httpx.Request], httpx.Response]


def scripted(handler: Handler) -> NotionAPI:
    """The toolkit over a scripted transport (no pacing, fast retries)."""
    return connect(
        TOKEN,
        "http://api.test",
        transport=httpx.MockTransport(handler),
        rate=1000.0,
        burst=50,
        retry=FAST_RETRY,
    )


def emulated(app: Any, token: str) -> NotionAPI:
    return connect(
        token,
        "http://notion-emulator.local",
        transport=EmulatorTransport(app),
        rate=1000.0,
        burst=50,
        retry=FAST_RETRY,
    )


def listing(results: list[dict[str, Any]], cursor: str | None = None) -> dict[str, Any]:
    return {
        "object": "list",
        "results": results,
        "has_more": cursor is not None,
        "next_cursor": cursor,
    }


def block(block_id: str, kind: str = "paragraph", children: bool = False) -> dict[str, Any]:
    return {"object": "block", "id": block_id, "type": kind, kind: {}, "has_children": children}


# -- a scripted transport ----------------------------------------------------------------------


async def test_cursors_are_followed_100_at_a_time() -> None:
    pages = {
        None: listing([block("1"), block("2")], "c2"),
        "c2": listing([block("3")], "c3"),
        "c3": listing([block("4")]),
    }
    cursors: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/blocks/b/children"
        assert request.url.params["page_size"] == "100"
        cursor = request.url.params.get("start_cursor")
        cursors.append(cursor)
        return httpx.Response(200, json=pages[cursor])

    async with scripted(handler) as api:
        found = await read_blocks(api, "b")
    assert [b["id"] for b in found] == ["1", "2", "3", "4"]
    assert cursors == [None, "c2", "c3"]
    assert all("children" not in b for b in found)


async def test_children_are_nested_in_order_and_own_pages_are_not_read() -> None:
    tree = {
        "root": [
            block("a", children=True),
            block("sub", "child_page", children=True),
            block("b"),
            block("db", "child_database", children=True),
            block("c", "toggle", children=True),
        ],
        "a": [block("a1"), block("a2", children=True)],
        "a2": [block("leaf")],
        "c": [block("c1")],
    }
    read: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        block_id = request.url.path.split("/")[3]
        read.append(block_id)
        return httpx.Response(200, json=listing(tree[block_id]))

    async with scripted(handler) as api:
        found = await read_blocks(api, "root")
    assert sorted(read) == ["a", "a2", "c", "root"]
    assert [b["id"] for b in found] == ["a", "sub", "b", "db", "c"]
    assert [b["id"] for b in found[0]["children"]] == ["a1", "a2"]
    assert [b["id"] for b in found[0]["children"][1]["children"]] == ["leaf"]
    assert [b["id"] for b in found[4]["children"]] == ["c1"]
    assert "children" not in found[1] and "children" not in found[3]
    assert [b["id"] for b in iter_blocks(found)] == [
        "a",
        "a1",
        "a2",
        "leaf",
        "sub",
        "b",
        "db",
        "c",
        "c1",
    ]


async def test_nesting_stops_at_the_depth_cap() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        block_id = request.url.path.split("/")[3]
        return httpx.Response(200, json=listing([block(f"{block_id}+", children=True)]))

    async with scripted(handler) as api:
        found = await read_blocks(api, "b")
        assert api.stats.total == MAX_DEPTH + 1
    depth = 0
    while "children" in found[0]:
        found = found[0]["children"]
        depth += 1
    assert depth == MAX_DEPTH


async def test_one_retry_layer_the_toolkits() -> None:
    answers = [
        httpx.Response(503, json={"object": "error", "code": "service_unavailable"}),
        httpx.Response(200, json={"object": "page", "id": "p", "properties": {}}),
        httpx.Response(200, json=listing([])),
    ]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers[len(seen) - 1]

    async with scripted(handler) as api:
        page, blocks = await read_page(api, "p")
        assert api.stats.retries == 1
    assert page["id"] == "p" and blocks == []
    assert [str(r.url) for r in seen[:2]] == ["http://api.test/v1/pages/p"] * 2
    assert seen[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert seen[0].headers["notion-version"] == "2025-09-03"


async def test_a_persisting_failure_is_given_up_after_the_policys_attempts() -> None:
    count = 0

    def failing(request: httpx.Request) -> httpx.Response:
        nonlocal count
        count += 1
        return httpx.Response(
            500, json={"object": "error", "code": "internal_server_error", "message": "boom"}
        )

    async with scripted(failing) as api:
        with pytest.raises(APIResponseError) as excinfo:
            await read_page(api, "p")
    assert excinfo.value.status == 500 and excinfo.value.code == "internal_server_error"
    assert str(excinfo.value) == "boom"
    assert count == FAST_RETRY.max_attempts  # not multiplied by a second retry loop


async def test_refusals_stop_the_read_from_any_depth() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/blocks/deep/children":
            return httpx.Response(
                404, json={"object": "error", "code": "object_not_found", "message": "gone"}
            )
        return httpx.Response(200, json=listing([block("deep", "toggle", children=True)]))

    async with scripted(handler) as api:
        with pytest.raises(APIResponseError) as excinfo:
            await read_blocks(api, "b")
    assert excinfo.value.status == 404 and excinfo.value.code == "object_not_found"


async def test_the_token_is_in_no_repr_and_no_log(caplog: pytest.LogCaptureFixture) -> None:
    answers = iter(
        [
            httpx.Response(502, json={"object": "error", "code": "bad_gateway"}),
            httpx.Response(200, json={"object": "page", "id": "p", "properties": {}}),
            httpx.Response(200, json=listing([block("x")])),
        ]
    )
    caplog.set_level(logging.DEBUG)
    async with scripted(lambda request: next(answers)) as api:
        view = PageView(*await read_page(api, "p"))
        assert TOKEN not in repr(api)
    assert [b["id"] for b in view.blocks] == ["x"]
    assert caplog.records, "the retry is logged"
    assert TOKEN not in caplog.text


# -- through the emulator ----------------------------------------------------------------------


async def test_a_whole_page_is_read_through_the_emulator(
    notion_emulator_app: Any,
    notion_http: httpx.AsyncClient,
    notion_token: str,
    notion_root_page_id: str,
) -> None:
    page_id, other_id = await build_page(notion_http, notion_token, notion_root_page_id)
    async with emulated(notion_emulator_app, notion_token) as api:
        view = PageView(*await read_page(api, page_id))
        # the page, 3 pages of its children, and one read per block with children
        assert api.stats.total == 1 + 3 + 1 + 2 + 1 + 1 + 1
    assert view.id == page_id and view.title == "Preview <test> page"
    blocks = view.blocks
    assert len(blocks) == 5 + PAGINATED
    assert [b["type"] for b in blocks[:5]] == [
        "heading_1",
        "column_list",
        "table",
        "toggle",
        "paragraph",
    ]
    assert [plain(b) for b in blocks[5:]] == [f"p{n:03d}" for n in range(PAGINATED)]
    assert len({b["id"] for b in iter_blocks(blocks)}) == len(list(iter_blocks(blocks)))

    columns = blocks[1]["children"]
    assert [c["type"] for c in columns] == ["column", "column"]
    assert [[plain(p) for p in c["children"]] for c in columns] == [["left 1", "left 2"], ["right"]]
    rows = blocks[2]["children"]
    assert [[r[0]["plain_text"] for r in row["table_row"]["cells"]] for row in rows] == [
        ["Name", "Qty"],
        ["apple", "3"],
    ]
    toggle = blocks[3]["children"]
    assert [plain(b) for b in toggle] == ["inside", "item"]
    assert [plain(b) for b in toggle[1]["children"]] == ["deep"]
    assert "children" not in blocks[0] and "children" not in toggle[1]["children"][0]
    mentioned = blocks[4]["paragraph"]["rich_text"][1]
    assert mentioned["mention"]["page"]["id"] == other_id
    assert mentioned["plain_text"] == "Other page"

    html = render_page(view, ViewOptions(page_href=lambda pid: f"/p/{pid}"))
    assert one(html, "h1.page-title").text() == "Preview <test> page"
    row = one(html, "div.page-body > div.column-list")
    assert [c.text() for c in row.iter()] == ["left 1left 2", "right"]
    assert texts(dom(html).css("thead th")) == ["Name", "Qty"]
    assert one(html, "details.toggle > div.children > ul > li > div.children").text() == "deep"
    link = one(html, "a:has(> span.mention-page)")
    assert link.attributes["href"] == f"/p/{other_id}" and link.text() == "Other page"
    body = dom(html).css("div.page-body > div.paragraph")
    assert [p.text() for p in body[-PAGINATED:]] == [f"p{n:03d}" for n in range(PAGINATED)]


async def test_a_wrong_token_fails_cleanly(
    notion_emulator_app: Any, notion_root_page_id: str
) -> None:
    async with emulated(notion_emulator_app, "not-the-token") as api:
        with pytest.raises(APIResponseError) as excinfo:
            await read_page(api, notion_root_page_id)
    assert excinfo.value.status == 401 and excinfo.value.code == "unauthorized"


async def test_an_unknown_page_is_object_not_found(
    notion_emulator_app: Any, notion_token: str
) -> None:
    async with emulated(notion_emulator_app, notion_token) as api:
        with pytest.raises(APIResponseError) as excinfo:
            await read_page(api, "0" * 32)
    assert excinfo.value.status == 404 and excinfo.value.code == "object_not_found"


async def test_media_sources_through_the_emulator(
    notion_emulator_app: Any,
    notion_http: httpx.AsyncClient,
    notion_token: str,
    notion_root_page_id: str,
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    upload = await call(
        notion_http,
        notion_token,
        "POST",
        "/v1/file_uploads",
        {"mode": "single_part", "filename": "pic.png", "content_type": "image/png"},
    )
    sent = await notion_http.post(
        f"/v1/file_uploads/{upload['id']}/send",
        headers=headers(notion_token),
        files={"file": ("pic.png", png, "image/png")},
    )
    assert sent.status_code == 200, sent.text
    video = "https://www.youtube.com/watch?v=abc"
    pdf = "https://example.com/doc.pdf"
    children = [
        {
            "column_list": {
                "children": [
                    {
                        "column": {
                            "children": [
                                {
                                    "image": {
                                        "type": "file_upload",
                                        "file_upload": {"id": upload["id"]},
                                    }
                                }
                            ]
                        }
                    },
                    {"column": {"children": [{"video": {"external": {"url": video}}}]}},
                ]
            }
        },
        req("toggle", "files", [{"pdf": {"external": {"url": pdf}}}]),
        req("paragraph", "no media"),
    ]
    page = await call(
        notion_http,
        notion_token,
        "POST",
        "/v1/pages",
        {
            "parent": {"page_id": notion_root_page_id},
            "properties": {"title": req_text("Media")},
            "children": children,
        },
    )
    async with emulated(notion_emulator_app, notion_token) as api:
        view = PageView(*await read_page(api, str(page["id"])))
    found = media_sources(view)
    assert [kind for _, kind in found] == ["file", "external", "external"]
    assert found[1:] == [(video, "external"), (pdf, "external")]
    file_url = found[0][0]
    assert "/_emulator/files/" in file_url and file_url.endswith("pic.png")
    assert (await notion_http.get(file_url)).content == png


async def test_an_answer_that_is_not_json_is_the_sdks_response_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>bad gateway</html>")

    async with scripted(handler) as api:
        with pytest.raises(HTTPResponseError) as excinfo:
            await read_page(api, "p")
    assert excinfo.value.status == 502
