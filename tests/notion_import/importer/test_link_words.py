"""A link keeps its own words: what lands in Notion (the emulator) for links to other pages,
to anchors that are not headings, and for permalinks that only point where they stand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.notion_import.importer.test_import import NOTION, emulator, run_import
from tests.paths import ROOT

from notion_import.convert.html.base import ConvertOptions
from notion_import.convert.html.reader import convert_html
from notion_import.convert.serialize import serialize
from notion_import.sources.root import ExportRoot

API_PAGE = """<title>pkg.Scaler</title>
<section id="methods"><h2>Methods<a class="headerlink" href="#methods">¶</a></h2>
<table class="autosummary"><tr>
<td><a href="#pkg.Scaler.fit"><code>fit</code></a>(X[, y])</td><td>Fit the scaler.</td>
</tr></table>
<p>As proved in <a href="#fn6">[6]</a>, see <a href="tour.html">galleries and media</a>,
the <a href="tour.html">office tour</a>, <a href="#named">the named part</a> and
<a href="#nowhere">a lost anchor</a>.</p>
<dl class="py method"><dt id="pkg.Scaler.fit"><code>fit</code>(X, y=None)<a class="headerlink"
href="#pkg.Scaler.fit" title="Permalink to this definition">¶</a></dt><dd><p>Fits.</p></dd></dl>
<a name="named"></a><h2><a class="toc-backref" href="#id3">Named part</a></h2>
<p>Body of the named part.</p>
<aside class="footnote" id="fn6"><span class="label">6</span><p>The footnote.</p></aside>
</section>"""

TOUR_PAGE = "<title>Office Tour</title><p>The tour.</p>"


def _url(object_id: str) -> str:
    return NOTION + object_id.replace("-", "")


def _texts(block: dict[str, Any]) -> list[dict[str, Any]]:
    return list(block[block["type"]].get("rich_text", []))


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _arrays(block: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """A block's rich-text arrays: its text, its caption, each of its cells."""
    body = block[block["type"]]
    return [body.get("rich_text", []), body.get("caption", []), *body.get("cells", [])]


def _aligned(
    planned: list[dict[str, Any]], landed: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each landed rich-text item with the first sent item it stands for: Notion stores
    adjacent text items of the same link and annotations as one (recorded: a code block sent
    as 2,000 + 1 characters reads back as one item), so one landed text may stand for several
    sent ones; anything else stands for exactly one."""
    sent = iter(planned)
    for item in landed:
        first = next(sent)
        if item["type"] == "text" and first["type"] == "text":
            size = len(first["text"]["content"])
            while size < len(item["text"]["content"]):
                size += len(next(sent)["text"]["content"])
        yield first, item
    assert next(sent, None) is None, "sent rich text left over"


async def test_links_keep_their_words(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "api.html").write_text(API_PAGE)
    (source / "tour.html").write_text(TOUR_PAGE)
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert report.exit_code() == 0, report.to_json()  # navigation links are no loss
    totals = report.totals()
    assert totals["requests"] == totals["minimal_requests"], totals["requests_by_endpoint"]
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    pages = {c["child_page"]["title"]: c for c in tree["children"] if c["type"] == "child_page"}
    api, tour = pages["pkg.Scaler"], pages["Office Tour"]
    blocks = api["children"]
    heading, table, paragraph, term = blocks[0], blocks[1], blocks[2], blocks[3]
    named, footnote = blocks[4], blocks[6]

    def block_link(block: dict[str, Any]) -> str:
        return f"{_url(api['id'])}#{block['id'].replace('-', '')}"

    # a permalink ¶ in a heading or a definition term is dropped; the words stay, unlinked
    assert [t["plain_text"] for t in _texts(heading)] == ["Methods"]
    assert [(t["plain_text"], t["href"]) for t in _texts(term)] == [
        ("fit", None),
        ("(X, y=None)", None),
    ]
    # docutils' toc-backref heading link: the heading's words, no link
    assert [(t["plain_text"], t["href"]) for t in _texts(named)] == [("Named part", None)]

    # the methods table: the cell keeps `fit` (code) and links it to the definition term
    cell = table["children"][0]["table_row"]["cells"][0]
    assert [(t["type"], t["plain_text"], t["href"]) for t in cell] == [
        ("text", "fit", block_link(term)),
        ("text", "(X[, y])", None),
    ]
    assert cell[0]["annotations"]["code"] is True

    items = [(t["type"], t["plain_text"], t["href"]) for t in _texts(paragraph)]
    assert items == [
        ("text", "As proved in ", None),
        ("text", "[6]", block_link(footnote)),  # the footnote's block
        ("text", ", see ", None),
        ("text", "galleries and media", _url(tour["id"])),  # its words, not "Office Tour"
        ("text", ", the ", None),
        ("mention", "Office Tour", _url(tour["id"])),  # its words are the title
        ("text", ", ", None),
        ("text", "the named part", block_link(named)),  # <a name> before the heading
        ("text", " and ", None),
        ("text", "a lost anchor", _url(api["id"])),  # no such anchor: the page, words kept
        ("text", ".", None),
    ]
    assert _texts(footnote)[0]["plain_text"] == "6"


#: A real documentation site (Debian's handbook, see benchmarks/bench_convert.py), if cached.
HANDBOOK = ROOT / ".cache" / "debian-handbook" / "usr/share/doc/debian-handbook/html/en-US"


@pytest.mark.skipif(not HANDBOOK.is_dir(), reason="the Debian handbook is not cached")
async def test_no_title_stands_in_for_a_real_sites_link_words(tmp_path: Path) -> None:
    """A chapter of the handbook and the pages it links to: every link's words land as they
    are; a mention only where those words are the title it shows. The pages keep their
    navigation (``keep_chrome``): its Prev/Next links are the ones whose words are titles."""
    chapter = HANDBOOK / "apt.html"
    links = convert_html(chapter.read_bytes(), source="apt.html", keep_chrome=True).links
    linked = {chapter.name} | set(links)
    source = tmp_path / "src"
    source.mkdir()
    for name in sorted(linked):
        if "/" not in name and (HANDBOOK / name).is_file():
            (source / name).write_bytes((HANDBOOK / name).read_bytes())
    app = emulator()
    report = await run_import(
        app, source, tmp_path / "j.sqlite", verify="full", options=ConvertOptions(keep_chrome=True)
    )
    assert all(page.verified for page in report.pages), report.summary()
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    got = {c["child_page"]["title"]: c for c in tree["children"] if c["type"] == "child_page"}
    mentions = substituted = internal = 0
    for path in sorted(source.iterdir()):
        page = convert_html(
            path.read_bytes(), source=path.name, files=ExportRoot(source), keep_chrome=True
        )
        sent = serialize(page.blocks).blocks
        landed = [b for b in got[page.title]["children"] if b["type"] != "child_page"]
        pairs = list(zip(sent, landed, strict=True))
        while pairs:
            want, have = pairs.pop()
            if want["type"] != have["type"]:  # a file not in the copy: a paragraph naming it
                continue
            for wanted, landed in zip(_arrays(want), _arrays(have), strict=True):
                for planned, item in _aligned(wanted, landed):
                    internal += item["type"] == "text" and NOTION in (item["href"] or "")
                    if item["type"] == "mention":
                        mentions += 1
                        substituted += _words(planned["text"]["content"]) != _words(
                            item["plain_text"]
                        )
            children = want[want["type"]].get("children", [])
            pairs += zip(children, have.get("children", []), strict=False)
    assert internal > 50 and mentions > 10  # the test saw the chapter's links
    assert substituted == 0, f"{substituted} of {mentions} mentions replaced the link's words"


async def test_a_file_named_with_a_hash_is_linked_to(tmp_path: Path) -> None:
    """``#`` in a file's name (written ``%23`` in the link) is part of the path, not an
    anchor: the link reaches the page, and its anchor the block that carries it."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "index.html").write_text(
        '<title>Index</title><p><a href="notes%231.html">the notes</a> and '
        '<a href="notes%231.html#later">their later part</a></p>'
    )
    (source / "notes#1.html").write_text(
        '<title>Notes</title><p>Intro.</p><h2 id="later">Later</h2><p>More.</p>'
    )
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert report.losses_by_kind()["dropped"] == 0, report.to_json()
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    pages = {c["child_page"]["title"]: c for c in tree["children"] if c["type"] == "child_page"}
    notes = pages["Notes"]
    later = next(b for b in notes["children"] if b["type"] == "heading_2")
    paragraph = pages["Index"]["children"][0]
    assert [(t["plain_text"], t["href"]) for t in _texts(paragraph) if t["href"]] == [
        ("the notes", _url(notes["id"])),
        ("their later part", f"{_url(notes['id'])}#{later['id'].replace('-', '')}"),
    ]
