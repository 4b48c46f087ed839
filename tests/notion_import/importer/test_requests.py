"""The lower bound on requests (each of its terms, on pages made here) and the writing of
links to a page's own anchors without a patch per block (layouts in runs, exactly once)."""

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

from notion_import.convert.references import LinkRef, PageLink
from notion_import.importer.minimal import block_requests, minimal_requests, upload_requests
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import plan_page
from notion_import.importer.reorder import acyclic_runs, choose_segments

MIB = 1024 * 1024


def para(text: str = "x", kids: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"rich_text": [{"type": "text", "text": {"content": text}}]}
    if kids:
        body["children"] = kids
    return {"type": "paragraph", "paragraph": body}


def chain(depth: int) -> dict[str, Any]:
    """A block with one child, ``depth`` levels in all."""
    return para() if depth == 1 else para(kids=[chain(depth - 1)])


def link(block: tuple[int, ...], path: str, fragment: str = "") -> LinkRef:
    return LinkRef(block, "rich_text", (0,), PageLink(path, fragment))


def page(
    key: str,
    blocks: list[dict[str, Any]],
    links: list[LinkRef] | None = None,
    anchors: dict[str, tuple[int, ...]] | None = None,
    parent: str = "",
) -> ImportPage:
    return ImportPage(
        key=key,
        parent_key=parent,
        title=key,
        blocks=blocks,
        assets=[],
        losses=[],
        plan=plan_page(blocks),
        links=links or [],
        anchors=anchors or {},
    )


# -- the bound, term by term -----------------------------------------------------------------


def test_one_request_per_page_and_one_per_100_first_level_blocks() -> None:
    assert block_requests([]) == 1
    assert block_requests([para()] * 100) == 1
    assert block_requests([para()] * 250) == 3
    assert minimal_requests([page("a", []), page("b", [para()] * 101)]) == 3


def test_more_than_100_children_need_appends_under_their_block() -> None:
    # the page's create, an append that answers with the block's id, one append under it
    assert block_requests([para(kids=[para()] * 150)]) == 3
    assert block_requests([para(kids=[para()] * 100)]) == 1


def test_nesting_needs_a_request_to_every_block_above_the_content_it_cannot_reach() -> None:
    assert block_requests([chain(3)]) == 1  # a request reaches two levels below its blocks
    # 4 levels: one append under the first block, whose id an append to the page returns
    assert block_requests([chain(4)]) == 3
    # 6 levels: the blocks at levels 1 to 3 each take a request (ids come one level a time)
    assert block_requests([chain(6)]) == 5
    # past 100 first-level blocks an append to the page exists anyway and returns the ids
    assert block_requests([chain(4)] + [para()] * 100) == 3


def test_a_column_list_below_the_first_level_needs_a_request_to_its_parent() -> None:
    columns = {
        "type": "column_list",
        "column_list": {"children": [{"type": "column", "column": {"children": [para()]}}] * 2},
    }
    assert block_requests([columns]) == 1
    assert block_requests([para(kids=[columns])]) == 3


def test_bodies_over_1000_blocks_or_500_kb_take_more_requests() -> None:
    assert block_requests([para(kids=[para()] * 99) for _ in range(20)]) == 2  # 2,000 blocks
    big = {
        "type": "paragraph",
        "paragraph": {"rich_text": [{"type": "text", "text": {"content": "y" * 2000}}] * 60},
    }
    assert block_requests([big] * 10) == 3  # about 1.3 MB


def test_a_link_to_an_own_anchor_takes_three_requests() -> None:
    toc = page("a", [para(), para()], [link((0,), "a", "h")], {"h": (1,)})
    assert minimal_requests([toc]) == 3


def test_blocks_linking_to_each_other_take_an_update_per_disjoint_cycle() -> None:
    blocks = [para() for _ in range(4)]
    links = [link((0,), "a", "n1"), link((1,), "a", "r1"), link((2,), "a", "n2")]
    links.append(link((3,), "a", "r2"))
    anchors = {"r1": (0,), "n1": (1,), "r2": (2,), "n2": (3,)}
    # an update per pair, and either the other block of each pair updated too (create,
    # append, 4 updates) or written after its partner's id is known (create, the append
    # that reveals it, the one that writes the link, 2 updates)
    assert minimal_requests([page("a", blocks, links, anchors)]) == 5
    one = page("a", blocks[:2], links[:2], {"r1": (0,), "n1": (1,)})
    assert minimal_requests([one]) == 4
    # a block linking to its own anchor is a cycle too
    assert minimal_requests([page("b", [para()], [link((0,), "b", "me")], {"me": (0,)})]) == 3


def test_links_inside_a_first_level_block_need_a_request_inside_it() -> None:
    # two blocks whose child links to the block itself: each child is written once its
    # parent's id is known (an update, or an append under the parent): create, append, 2
    blocks = [para(kids=[para()]), para(kids=[para()])]
    links = [link((0, 0), "a", "x"), link((1, 0), "a", "y")]
    anchors = {"x": (0,), "y": (1,)}
    assert minimal_requests([page("a", blocks, links, anchors)]) == 4
    # two pairs of blocks whose children link into each other: one more request per pair
    pairs = [link((0, 0), "a", "b1"), link((1, 0), "a", "b0")]
    pairs += [link((2, 0), "a", "b3"), link((3, 0), "a", "b2")]
    four = {f"b{i}": (i,) for i in range(4)}
    assert minimal_requests([page("a", [para(kids=[para()])] * 4, pairs, four)]) == 4
    # a link to a nested anchor of its own block: the requests above the anchor come
    # before its id is known, so the link's takes one more (create, append, two below, one)
    deep = [para(kids=[para(), para(kids=[para()])])]
    nested = page("a", deep, [link((0, 0), "a", "z")], {"z": (0, 1, 0)})
    assert minimal_requests([nested]) == 5
    # unless a block above the link's is the parent of a request anyway, for an anchor of
    # its own linked from elsewhere, and that request may carry it: create, append, a
    # request under the block and each of its two children (the one under the second
    # carries the link, and its answer the anchor b links to), b's create
    other = [para(kids=[para(kids=[para()]), para(kids=[para()])])]
    shared = page("a", other, [link((0, 0, 0), "a", "z")], {"z": (0, 1, 0), "w": (0, 0, 0)})
    from_b = page("b", [para()], [link((0,), "a", "w")])
    assert minimal_requests([shared, from_b]) == 6


def test_an_anchor_linked_from_another_page_needs_its_block_id() -> None:
    a = page("a", [para()], anchors={"x": (0,)})
    b = page("b", [para()], [link((0,), "a", "x")])
    assert minimal_requests([a, b]) == 3  # a: create + append; b: one create
    # on a nested block: a request to the block above it as well
    deep = page("a", [para(kids=[para()])], anchors={"x": (0, 0)})
    assert minimal_requests([deep, b]) == 4


def test_a_page_linking_to_itself_or_to_a_page_created_after_it_is_created_first() -> None:
    assert minimal_requests([page("a", [para()], [link((0,), "a")])]) == 2
    earlier, later = page("a", [para()]), page("b", [para()], [link((0,), "a")])
    assert minimal_requests([earlier, later]) == 2  # a link back: no wait
    forward = page("a", [para()], [link((0,), "b")])
    assert minimal_requests([forward, page("b", [para()])]) == 3  # b comes after a
    child = page("b", [para()], parent="a")
    assert minimal_requests([forward, child]) == 3  # below it
    # its create may carry the blocks before the first such link
    late = page("a", [para()] * 150, [link((120,), "b")])
    assert minimal_requests([late, page("b", [para()])]) == 3


def test_two_requests_per_file_and_one_more_per_part_over_20_mib() -> None:
    assert upload_requests(10) == 2
    assert upload_requests(20 * MIB) == 2
    assert upload_requests(25 * MIB) == 4  # create, two parts, complete
    assert minimal_requests([page("a", [])], sizes=[10, 25 * MIB]) == 7


# -- links to own anchors, in runs ------------------------------------------------------------


def test_a_table_of_contents_is_written_after_the_headings_it_links_to() -> None:
    blocks = [para() for _ in range(10)]
    links = [link((0,), "a", "h5"), link((1,), "a", "h8")]
    anchors = {"h5": (5,), "h8": (8,)}
    assert choose_segments(blocks, links, anchors, "a") == ((5, 10), (0, 5))
    # links back need no reordering: a run cut before them (one request more, two patches
    # fewer); for one such block both cost the same, and the page is written in order
    back = [link((8,), "a", "h1"), link((9,), "a", "h1")]
    assert choose_segments(blocks, back, {"h1": (1,)}, "a") == ((0, 8), (8, 10))
    assert choose_segments(blocks, back[1:], {"h1": (1,)}, "a") == ()
    assert choose_segments(blocks, [], {}, "a") == ()  # no own links: in order


def test_links_both_ways_are_written_in_runs_each_after_what_it_links_to() -> None:
    # a table of contents (0 -> 3, 0 -> 6) and a block further down linking back (8 -> 3):
    # the headings' runs first, the table of contents last, the link back after its heading
    runs = acyclic_runs([(0, 3), (0, 6), (8, 3)], 10)
    assert sorted(runs) == [(0, 3), (3, 8), (8, 10)]
    written = [block for start, end in runs for block in range(start, end)]
    assert sorted(written) == list(range(10))
    rank = {block: n for n, (start, end) in enumerate(runs) for block in range(start, end)}
    assert rank[0] > rank[3] and rank[0] > rank[6] and rank[8] > rank[3]
    # a citation and its note link to each other: one of the two is left to patch, and the
    # other is written after it (the citation, or the note with ``late``)
    assert acyclic_runs([(1, 5), (5, 1)], 6) == ((0, 5), (5, 6))
    assert acyclic_runs([(1, 5), (5, 1)], 6, late=True) == ((5, 6), (0, 5))
    # nothing links: no runs
    assert acyclic_runs([(2, 2)], 4) == ()


def toc_page(source: Path) -> None:
    """A page with a table of contents, footnotes cited and citing back, and a long tail."""
    source.mkdir()
    sections = "".join(
        f"<h2 id='s{i}'>Section {i}</h2><p>text {i}<a id='r{i}' href='#n{i}'>[{i}]</a></p>"
        for i in range(6)
    )
    notes = "".join(f"<p id='n{i}'><a href='#r{i}'>^</a> note {i}</p>" for i in range(6))
    toc = "".join(f"<li><a href='#s{i}'>Section {i}</a></li>" for i in range(6))
    (source / "a.html").write_text(
        f"<title>A</title><ul>{toc}</ul>{sections}{notes}"
        + "".join(f"<p>more {i}</p>" for i in range(120))
        # patched: a link back; the page mentions itself, so it exists before it is written
        + "<p><a href='#s0'>back to the first section</a> of <a href='a.html'>A</a></p>",
        encoding="utf-8",
    )


async def test_own_anchor_links_are_written_whole_except_one_per_cycle(tmp_path: Path) -> None:
    source = tmp_path / "src"
    toc_page(source)
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert report.exit_code() == 0, report.to_json()
    totals = report.totals()
    by_endpoint = totals["requests_by_endpoint"]
    # the create; the notes and what follows them (126 blocks: two appends), the sections
    # before them, the table of contents before those; each footnote and its citation link
    # to each other: one of the two is patched (the notes' links back); the last
    # paragraph's link back to the first section goes in whole with the notes; nothing is read
    assert by_endpoint == {
        "POST /v1/pages": 1,
        "PATCH /v1/blocks/{id}/children": 4,
        "PATCH /v1/blocks/{id}": 6,
    }
    assert totals["minimal_requests"] <= totals["requests"]
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    (a,) = [c for c in tree["children"] if c["type"] == "child_page"]
    ids = {
        block["id"].replace("-", ""): block
        for block in a["children"]
        if block["type"].startswith("heading")
    }
    toc = [b for b in a["children"] if b["type"] == "bulleted_list_item"]
    targets = [b["bulleted_list_item"]["rich_text"][0]["href"].rsplit("#", 1)[1] for b in toc]
    assert [ids[t]["heading_2"]["rich_text"][0]["plain_text"] for t in targets] == [
        f"Section {i}" for i in range(6)
    ]
    kinds = [b["type"] for b in a["children"]]
    assert kinds[:7] == ["bulleted_list_item"] * 6 + ["heading_2"]  # in the source's order


@pytest.mark.parametrize("crash_at", [1, 2, 3, 4, 5, 7])
async def test_a_page_written_in_runs_survives_a_crash_at_any_request(
    tmp_path: Path, crash_at: int
) -> None:
    source = tmp_path / "src"
    toc_page(source)
    clean = emulator()
    await run_import(clean, source, tmp_path / "clean.sqlite")
    app = emulator()
    journal = tmp_path / "crash.sqlite"
    task = asyncio.ensure_future(run_import(app, source, journal))
    await cancel_after(task, app.state.emulator.stats, crash_at)
    with contextlib.suppress(asyncio.CancelledError):
        await task
    report = await run_import(app, source, journal, verify="full")
    assert report.exit_code() == 0, report.to_json()
    assert shape_tree(app) == shape_tree(clean)
    assert max(titles(app).values()) == 1
