"""Pages that link to each other's anchors in a cycle: one of them is written in two parts
(the blocks linking back second), so that no link waits for the link pass."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import pytest
from tests.notion_import.importer.test_import import (
    cancel_after,
    emulator,
    run_import,
    shape_tree,
    titles,
)

from notion_import.importer import documents_to_pages, linkpass
from notion_import.importer.order import LinkOrder
from notion_import.importer.placement import arrange


def cycle(source: Path) -> None:
    """a links to b's headings, and b (three blocks in a row) to a's."""
    source.mkdir()
    (source / "a.html").write_text(
        "<title>A</title><h2 id='x'>A x</h2><p>text of a</p>"
        "<p><a href='b.html#y'>to y</a></p><p><a href='b.html#z'>to z</a></p>",
        encoding="utf-8",
    )
    (source / "b.html").write_text(
        "<title>B</title><h2 id='y'>B y</h2><p>text of b</p><h2 id='z'>B z</h2>"
        + "".join(f"<p><a href='a.html#x'>back {i}</a></p>" for i in range(3))
        + "<p>the end</p>",
        encoding="utf-8",
    )


def test_the_page_closing_the_cycle_writes_its_links_back_second(tmp_path: Path) -> None:
    cycle(tmp_path / "src")
    order = LinkOrder()
    pages = arrange(documents_to_pages(tmp_path / "src"))
    for page in pages:
        order.adopt(page)
    a, b = pages
    assert a.plan.later is None and order.waits[a.key].written == ["b.html"]
    # b waits for a, which waits for b: b's headings and text first, its links back second
    assert b.plan.later is not None and order.waits[b.key].later == ["a.html"]
    assert b.plan.second == frozenset({3, 4, 5})
    first = {
        step.at[0] + i for step in b.plan.steps[: b.plan.later] for i in range(len(step.children))
    }
    assert first == {0, 1, 2, 6}


def landed(app: Any) -> dict[str, list[dict[str, Any]]]:
    """Each page's blocks (nested ones below them), by title."""
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    return {c["child_page"]["title"]: c["children"] for c in tree["children"]}


async def imported(source: Path, tmp_path: Path) -> tuple[Any, dict[str, int]]:
    """An emulator ``source`` was imported into, and the requests by endpoint."""
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert report.exit_code() == 0, report.to_json()
    return app, report.totals()["requests_by_endpoint"]


def hrefs(app: Any) -> dict[str, list[tuple[str, str]]]:
    """Each page's links (words, the heading's words they lead to), by title."""
    pages = landed(app)
    headings = {
        block["id"].replace("-", ""): block["heading_2"]["rich_text"][0]["plain_text"]
        for blocks in pages.values()
        for block in blocks
        if block["type"] == "heading_2"
    }
    out: dict[str, list[tuple[str, str]]] = {}
    for title, blocks in pages.items():
        for block in blocks:
            for item in block[block["type"]].get("rich_text", []):
                if item.get("href"):
                    target = item["href"].rsplit("#", 1)[1]
                    out.setdefault(title, []).append((item["plain_text"], headings[target]))
    return out


async def test_a_cycle_of_anchor_links_needs_no_patch(tmp_path: Path) -> None:
    cycle(tmp_path / "src")
    app = emulator()
    report = await run_import(app, tmp_path / "src", tmp_path / "j.sqlite", verify="full")
    assert report.exit_code() == 0, report.to_json()
    by_endpoint = report.totals()["requests_by_endpoint"]
    assert "PATCH /v1/blocks/{id}" not in by_endpoint, by_endpoint
    assert hrefs(app) == {
        "A": [("to y", "B y"), ("to z", "B z")],
        "B": [(f"back {i}", "A x") for i in range(3)],
    }
    # in the source's order, the second part put back in its place
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    (b,) = [c for c in tree["children"] if c["child_page"]["title"] == "B"]
    words = [
        "".join(t["plain_text"] for t in block[block["type"]]["rich_text"])
        for block in b["children"]
    ]
    assert words == ["B y", "text of b", "B z", "back 0", "back 1", "back 2", "the end"]


@pytest.mark.parametrize("crash_at", range(1, 8))
async def test_a_page_in_two_parts_survives_a_crash_at_any_request(
    tmp_path: Path, crash_at: int
) -> None:
    cycle(tmp_path / "src")
    clean = emulator()
    await run_import(clean, tmp_path / "src", tmp_path / "clean.sqlite")
    app = emulator()
    journal = tmp_path / "crash.sqlite"
    task = asyncio.ensure_future(run_import(app, tmp_path / "src", journal))
    await cancel_after(task, app.state.emulator.stats, crash_at)
    with contextlib.suppress(asyncio.CancelledError):
        await task
    report = await run_import(app, tmp_path / "src", journal, verify="full")
    assert report.exit_code() == 0, report.to_json()
    assert shape_tree(app) == shape_tree(clean)
    assert hrefs(app) == hrefs(clean)
    assert max(titles(app).values()) == 1


async def test_a_link_to_a_nested_anchor_of_a_written_page_is_written_whole(
    tmp_path: Path,
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.html").write_text(
        "<title>A</title><ul><li>outer<ul><li id='deep'>the deep item</li></ul></li></ul>",
        encoding="utf-8",
    )
    (source / "b.html").write_text(
        "<title>B</title><p>see <a href='a.html#deep'>the deep item</a></p>", encoding="utf-8"
    )
    app, by_endpoint = await imported(source, tmp_path)
    # a's blocks rode on its create: its blocks and the one above the anchor are read once,
    # before b is written, and b's link goes in with its create; nothing is patched
    assert by_endpoint == {"POST /v1/pages": 2, "GET /v1/blocks/{id}/children": 2}
    pages = landed(app)
    deep = pages["A"][0]["children"][0]["id"].replace("-", "")
    (words, link) = pages["B"][0]["paragraph"]["rich_text"]
    assert (words["plain_text"], link["plain_text"]) == ("see ", "the deep item")
    assert link["href"].endswith(f"#{deep}")


async def test_a_listing_read_for_one_nested_anchor_serves_its_siblings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linkpass, "LISTINGS_KEPT", 1)  # listings are not kept: found links are
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.html").write_text(
        "<title>A</title><ul><li>one<ul><li id='d1'>d1</li><li id='d2'>d2</li></ul></li>"
        "<li>two<ul><li id='e1'>e1</li></ul></li></ul>",
        encoding="utf-8",
    )
    for name, anchor in (("b", "d1"), ("c", "e1"), ("d", "d2")):
        (source / f"{name}.html").write_text(
            f"<title>{name}</title><p><a href='a.html#{anchor}'>to {anchor}</a></p>",
            encoding="utf-8",
        )
    app, by_endpoint = await imported(source, tmp_path)
    # a's first-level blocks (they rode on its create) then the item above the anchor, for d1
    # and again for e1 (nothing kept between); d2 was found with d1: nothing read for it
    assert by_endpoint == {"POST /v1/pages": 4, "GET /v1/blocks/{id}/children": 4}
    pages = landed(app)
    items = pages["A"][0]["children"], pages["A"][1]["children"]
    for name, block in (("b", items[0][0]), ("c", items[1][0]), ("d", items[0][1])):
        link = pages[name][0]["paragraph"]["rich_text"][0]
        assert link["href"].endswith("#" + block["id"].replace("-", ""))
