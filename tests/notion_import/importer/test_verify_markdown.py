"""Full verification through a page's Markdown: one request per page reads what the block
listings read (words, links and their targets, mentions, media files, table cells, columns),
a page Notion truncates is listed instead, a block the Markdown cannot say is retrieved on its
own, and a landing damaged after the import (a changed word, a missing image, a broken link)
is still caught by ``notion-import verify``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from tests.emulated_pages import call, req, req_text

from notion_emulator.handlers import markdown_render
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import NotionAPI, connect
from notion_import.api.retry import RetryPolicy
from notion_import.api.tree import OWN_PAGES, read_blocks, read_markdown
from notion_import.cli import main
from notion_import.importer.verify import _links, _text, code_links, list_paths, through_markdown

FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0, default_pause=0.0)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5b2c5d40000000049454e44ae426082"
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


def shape(blocks: list[dict[str, Any]]) -> list[Any]:
    """What verification compares and measures of blocks: type, words, links and mention
    targets, captions, cells, media file names, callout icons, children."""
    out: list[Any] = []
    for block in blocks:
        kind = block["type"]
        body = block.get(kind) or {}
        items = body.get("rich_text") or []
        mentions = [
            i["mention"][i["mention"]["type"]].get("id") for i in items if i["type"] == "mention"
        ]
        source = body.get(body.get("type", "")) or {}
        icon = body.get("icon") or {}
        out.append(
            (
                kind,
                _text(items).replace("@", ""),
                "".join(i.get("plain_text", "") for i in items if i["type"] == "mention"),
                _links(items),
                mentions,
                _text(body.get("caption") or []),
                [_text(c) for c in body.get("cells") or []],
                str(source.get("url", "")).rsplit("/", 1)[-1] if isinstance(source, dict) else "",
                icon.get("emoji") or (icon.get(icon.get("type", "")) or {}).get("url"),
                body.get("title") if kind in OWN_PAGES else None,
                shape(block.get("children") or []),
            )
        )
    return out


async def everything(http: httpx.AsyncClient, token: str, parent: str) -> str:
    """A page holding every construct the importer writes."""
    other = await call(
        http,
        token,
        "POST",
        "/v1/pages",
        {"parent": {"page_id": parent}, "properties": {"title": req_text("Other [page]")}},
    )
    upload = await call(
        http,
        token,
        "POST",
        "/v1/file_uploads",
        {"mode": "single_part", "filename": "pic one.png", "content_type": "image/png"},
    )
    sent = await http.post(
        f"/v1/file_uploads/{upload['id']}/send",
        files={"file": ("pic one.png", PNG, "image/png")},
        headers={"Authorization": f"Bearer {token}", "Notion-Version": "2025-09-03"},
    )
    assert sent.status_code == 200, sent.text
    linked = {
        "type": "text",
        "text": {"content": "a *link*", "link": {"url": "https://x.test/a_(b)"}},
    }
    bold_part = {
        "type": "text",
        "text": {"content": " in bold", "link": {"url": "https://x.test/a_(b)"}},
        "annotations": {"bold": True},
    }
    children = [
        req("heading_1", "Top # one"),
        req("paragraph", "1. not a list, - not a bullet <tag> {x} $5 | a\\b ~ ^"),
        req("paragraph", "# not a heading"),
        {"paragraph": {"rich_text": [*req_text("multi\nline and "), linked, bold_part]}},
        {
            "paragraph": {
                "rich_text": [
                    *req_text("code ", code=True),
                    *req_text("with <br>\nbreak", code=True),
                    {"type": "equation", "equation": {"expression": "e^x\n+1"}},
                    {"type": "mention", "mention": {"page": {"id": other["id"]}}},
                    *req_text(" red", color="red", underline=True, italic=True),
                ]
            }
        },
        {"paragraph": {"rich_text": []}},
        req("bulleted_list_item", "one", [req("numbered_list_item", "deep")]),
        req("numbered_list_item", "first"),
        req("numbered_list_item", "second"),
        {"to_do": {"rich_text": req_text("task"), "checked": True}},
        req("quote", "said\nso"),
        req("toggle", "More", [req("paragraph", "inside")]),
        {
            "heading_2": {
                "rich_text": req_text("Folded"),
                "is_toggleable": True,
                "children": [req("paragraph", "under")],
            }
        },
        {
            "callout": {
                "rich_text": req_text("Note"),
                "icon": {"emoji": "💡"},
                "children": [req("paragraph", "body")],
            }
        },
        {
            "callout": {
                "rich_text": req_text("Pic"),
                "icon": {"external": {"url": "https://i.test/icon.svg"}},
            }
        },
        {"code": {"rich_text": req_text("x = 1\n```\n\ty"), "language": "python"}},
        {"equation": {"expression": "a \\\\ b"}},
        {"divider": {}},
        {
            "table": {
                "table_width": 2,
                "has_column_header": True,
                "children": [
                    {"table_row": {"cells": [req_text("Name"), req_text("a | b")]}},
                    {"table_row": {"cells": [[linked], []]}},
                ],
            }
        },
        {
            "column_list": {
                "children": [
                    {"column": {"children": [req("paragraph", "left")]}},
                    {"column": {"children": [req("paragraph", "right")]}},
                ]
            }
        },
        {
            "image": {
                "type": "file_upload",
                "file_upload": {"id": upload["id"]},
                "caption": req_text("A caption"),
            }
        },
        {"image": {"external": {"url": "https://img.test/x/cat.jpg"}}},
        {"pdf": {"external": {"url": "https://f.test/doc.pdf"}, "caption": req_text("Doc")}},
        {"bookmark": {"url": "https://b.test/page", "caption": req_text("Mark")}},
        {"table_of_contents": {}},
    ]
    page = await call(
        http,
        token,
        "POST",
        "/v1/pages",
        {
            "parent": {"page_id": parent},
            "properties": {"title": req_text("Everything")},
            "children": children,
        },
    )
    await call(
        http,
        token,
        "POST",
        "/v1/pages",
        {"parent": {"page_id": page["id"]}, "properties": {"title": req_text("Child <1>")}},
    )
    return str(page["id"])


async def test_the_markdown_reads_what_the_listings_read_in_one_request_per_page(
    notion_emulator_app: Any,
    notion_http: httpx.AsyncClient,
    notion_token: str,
    notion_root_page_id: str,
) -> None:
    page_id = await everything(notion_http, notion_token, notion_root_page_id)
    async with emulated(notion_emulator_app, notion_token) as api:
        listed = await read_blocks(api, page_id)
        before = api.stats.total
        read = await read_markdown(api, page_id)
        # the Markdown, and the one block it cannot say (the bookmark) retrieved on its own
        assert api.stats.total - before == 2
    assert shape(read) == shape(listed)
    assert [b["type"] for b in read][-3:] == ["bookmark", "table_of_contents", "child_page"]


async def test_a_truncated_page_is_listed(
    notion_emulator_app: Any,
    notion_http: httpx.AsyncClient,
    notion_token: str,
    notion_root_page_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page_id = await everything(notion_http, notion_token, notion_root_page_id)
    monkeypatch.setattr(markdown_render, "MARKDOWN_BLOCKS", 10)
    answer = await call(notion_http, notion_token, "GET", f"/v1/pages/{page_id}/markdown")
    assert answer["truncated"] is True and answer["unknown_block_ids"]
    async with emulated(notion_emulator_app, notion_token) as api:
        listed = await read_blocks(api, page_id)
        listings = api.stats.total
        read = await read_markdown(api, page_id)
        assert api.stats.total - listings == 1 + listings  # the Markdown, then every listing
    assert shape(read) == shape(listed) and read[0]["id"] == listed[0]["id"]


def test_the_markdown_is_read_when_it_costs_no_more() -> None:
    linked = {"type": "text", "text": {"content": "x", "link": {"url": "https://x.test/"}}}
    code = {"type": "code", "code": {"rich_text": req_text("y")}}
    assert through_markdown([req("paragraph", "plain"), code])
    assert through_markdown([])
    # code with a link is read from the listings down to it: two here, as many as listing all
    linked_code = {"type": "code", "code": {"rich_text": [linked]}}
    toggle = req("toggle", "t", [linked_code])
    assert list(code_links([code, toggle])) == [(1, 0)]
    assert not through_markdown([toggle])
    assert through_markdown([toggle, req("toggle", "u", [req("paragraph", "p")])])
    # blocks the dialect cannot say are retrieved one by one: listing costs less
    marks = [{"type": "bookmark", "bookmark": {"url": "https://b.test/"}} for _ in range(3)]
    assert through_markdown([req("toggle", "t", [req("paragraph", "p")]), *marks[:1]])
    assert not through_markdown([req("toggle", "t", [req("paragraph", "p")]), *marks])


async def test_code_with_a_link_is_read_from_the_listings_down_to_it(
    notion_emulator_app: Any,
    notion_http: httpx.AsyncClient,
    notion_token: str,
    notion_root_page_id: str,
) -> None:
    linked = {"type": "text", "text": {"content": "see", "link": {"url": "https://x.test/"}}}
    code = {"code": {"rich_text": [*req_text("call "), linked], "language": "python"}}
    planned = [
        req("paragraph", "before"),
        req("toggle", "t", [req("paragraph", "p"), {"type": "code", **code}]),
        req("toggle", "u", [req("paragraph", "q", [req("paragraph", "deep")])]),
    ]
    page = await call(
        notion_http,
        notion_token,
        "POST",
        "/v1/pages",
        {
            "parent": {"page_id": notion_root_page_id},
            "properties": {"title": req_text("Code links")},
            "children": planned,
        },
    )
    await call(
        notion_http,
        notion_token,
        "POST",
        "/v1/pages",
        {"parent": {"page_id": page["id"]}, "properties": {"title": req_text("Sub")}},
    )
    assert through_markdown(planned)
    async with emulated(notion_emulator_app, notion_token) as api:
        listed = await read_blocks(api, page["id"])
        before = api.stats.total
        read = await read_markdown(api, page["id"])
        assert shape(read) != shape(listed)  # the Markdown lost the link
        assert await list_paths(api, page["id"], read, list(code_links(planned)))
        # the Markdown, the page's listing and the toggle's
        assert api.stats.total - before == 3
        assert shape(read) == shape(listed)
        # a page that does not hold a block where planned (then listed whole)
        assert not await list_paths(api, page["id"], read, [(0, 1)])


# -- a damaged landing ---------------------------------------------------------------------------

SOURCE_PAGE = (
    "<title>A</title><p>The secret word is xylophone, see <a href='https://example.com/doc'>the"
    " manual</a>.</p><img src='pic.png'><p>The end.</p>"
)


@pytest.mark.parametrize("damage", ["word", "image", "link"])
def test_a_damaged_landing_is_caught(damage: str, server: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "site"
    source.mkdir()
    (source / "pic.png").write_bytes(PNG)
    (source / "a.html").write_text(SOURCE_PAGE)
    token = tmp_path / "token"
    token.write_text(server["token"])
    connection = ["--base-url", server["base_url"], "--token-file", str(token)]
    journal = tmp_path / "j.sqlite"
    runner = CliRunner()
    done = runner.invoke(
        main,
        [
            "import",
            str(source),
            "--parent",
            server["root_page_id"],
            *connection,
            "--journal",
            str(journal),
            "--report",
            str(tmp_path / "i.json"),
        ],
    )
    assert done.exit_code == 0, done.output
    page_id = json.loads((tmp_path / "i.json").read_text())["pages"][0]["page_id"]
    with httpx.Client(
        base_url=server["base_url"],
        headers={"Authorization": f"Bearer {server['token']}", "Notion-Version": "2025-09-03"},
    ) as http:
        blocks = http.get(f"/v1/blocks/{page_id}/children").json()["results"]
        if damage == "image":
            image = next(b for b in blocks if b["type"] == "image")
            assert http.delete(f"/v1/blocks/{image['id']}").status_code == 200
        else:
            first = next(b for b in blocks if b["type"] == "paragraph")
            items = first["paragraph"]["rich_text"]
            for item in items:
                if damage == "word":
                    item["text"]["content"] = item["text"]["content"].replace(
                        "xylophone", "marimba"
                    )
                elif item["text"]["link"]:
                    item["text"]["link"] = {"url": "https://example.com/elsewhere"}
            changed = http.patch(
                f"/v1/blocks/{first['id']}", json={"paragraph": {"rich_text": items}}
            )
            assert changed.status_code == 200, changed.text
    again = runner.invoke(
        main,
        ["verify", "--journal", str(journal), *connection, "--report", str(tmp_path / "v.json")],
    )
    assert again.exit_code == 3, again.output
    report = json.loads((tmp_path / "v.json").read_text())
    page = report["pages"][0]
    assert page["verified"] is False
    # the page read through its Markdown, nothing listed
    assert report["totals"]["requests_by_endpoint"] == {"GET /v1/pages/{id}/markdown": 1}
    figure = {"word": "text", "image": "images", "link": "links"}[damage]
    assert page["verification"][figure] < 1.0
