"""Indentation becomes children: Notion's indented blocks, left margins, blockquotes used for
indent and definition lists nest under the block before them where Notion allows children."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.notion_import.convert.test_reader import assert_valid
from tests.paths import CORPUS, ROOT

from notion_import.convert.html.nesting import NOT_NESTED
from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import ConvertedPage
from notion_import.convert.serialize import serialize, to_notion
from notion_import.sources import convert_path


def _page(html: str) -> ConvertedPage:
    return convert_html(html, source="page.html")


def _text(block: dict[str, Any]) -> str:
    return "".join(
        item.get("text", {}).get("content", "") for item in block[block["type"]]["rich_text"]
    )


def _tree(blocks: list[dict[str, Any]]) -> list[Any]:
    """Blocks as (type, text) with their children: ``[("paragraph", "A", [...]), ...]``."""
    out: list[Any] = []
    for block in blocks:
        body = block[block["type"]]
        text = _text(block) if "rich_text" in body else ""
        children = _tree(body.get("children", []))
        out.append((block["type"], text, children) if children else (block["type"], text))
    return out


def _converted(html: str) -> tuple[list[Any], ConvertedPage]:
    page = _page(html)
    blocks = to_notion(page.blocks)[0]
    assert_valid(blocks)
    return _tree(blocks), page


def _not_nested(page: ConvertedPage) -> list[str]:
    return [loss.element for loss in page.losses if loss.reason == NOT_NESTED]


def test_notion_indented_blocks_are_the_children_of_the_block_before() -> None:
    # as Notion exports them: the parser closes the <p> before the <div>
    tree, page = _converted(
        '<p id="a">A<div class="indented"><p id="b">B<div class="indented">'
        '<p id="c">C</p></div></p></div></p><p>D</p>'
    )
    assert tree == [
        ("paragraph", "A", [("paragraph", "B", [("paragraph", "C")])]),
        ("paragraph", "D"),
    ]
    assert _not_nested(page) == []
    assert serialize(page.blocks).anchors == {"a": (0,), "b": (0, 0), "c": (0, 0, 0)}


def test_notion_indented_children_of_list_items_and_toggle_headings_stay_theirs() -> None:
    tree, _ = _converted(
        '<ul class="bulleted-list"><li>item</li></ul><div class="indented"><p>under</p></div>'
        '<details open=""><summary style="font-weight:600;font-size:1.5em">Heading</summary>'
        '<div class="indented"><p>hidden</p></div></details>'
    )
    assert tree == [
        ("bulleted_list_item", "item", [("paragraph", "under")]),
        ("heading_2", "Heading", [("paragraph", "hidden")]),
    ]


def test_left_margins_nest_by_their_depth() -> None:
    # Evernote's indentation (from a real note), then Google Docs' through a class
    tree, page = _converted(
        "<style>.c9{margin-left:36pt}</style>"
        "<div>level 1</div><div style='padding-left:40px;'>level 2</div>"
        "<div style='padding-left:80px;'>level 3</div><div style='padding-left:40px;'>level 2"
        "</div><p>top</p><p class='c9'>indented by a class</p>"
        "<p style='margin-left: 2.5em'>em</p><p style='margin: 0 0 0 40px'>shorthand</p>"
        "<p style='margin-left:1in'>deeper</p>"
    )
    level_3 = ("paragraph", "level 3")
    deeper = ("paragraph", "deeper")
    assert tree == [
        ("paragraph", "level 1", [("paragraph", "level 2", [level_3]), ("paragraph", "level 2")]),
        (
            "paragraph",
            "top",
            [
                ("paragraph", "indented by a class"),
                ("paragraph", "em"),
                ("paragraph", "shorthand", [deeper]),
            ],
        ),
    ]
    assert page.losses == []


@pytest.mark.parametrize(
    "html",
    [
        "<p>a</p><p style='margin-left:10px'>b</p>",  # spacing, not indentation
        "<p>a</p><p style='margin-left:auto'>b</p>",
        "<p>a</p><p style='margin-left:-40px'>b</p>",
        "<p>a</p><div style='margin-left:220px'><h2>Body</h2><p>b</p></div>",  # a layout box
        "<p>a</p><div><img src='https://e.x/a.png' style='float:left'>"
        "<div style='margin-left:48px'>b</div></div>",  # room for a floating avatar
        # a box with a left border is a quotation or a sidebar (asciidoc's quoteblock)
        "<style>div.quoteblock{padding-left:1.0em;margin-left:1.0em;"
        "border-left:5px solid #f0f0f0}</style><p>a</p><div class='quoteblock'><p>b</p></div>",
    ],
    ids=["small", "auto", "negative", "layout-box", "beside-float", "bordered"],
)
def test_margins_that_do_not_indent(html: str) -> None:
    tree, page = _converted(html)
    assert all(len(node) == 2 for node in tree), tree
    assert _not_nested(page) == []


def test_blockquotes_used_for_indent() -> None:
    tree, page = _converted(
        "<p>intro</p><blockquote><blockquote>twice indented</blockquote></blockquote>"
        "<p>mail</p><blockquote style='margin: 0 0 0 40px; border: none; padding: 0px;'>"
        "indented reply</blockquote>"
        "<ul><li>item</li><blockquote>loose in the list</blockquote></ul>"
        "<p>said</p><blockquote>a real quote</blockquote>"
        "<blockquote type='cite'>reply<blockquote type='cite'>cited</blockquote></blockquote>"
    )
    assert tree == [
        ("paragraph", "intro", [("paragraph", "twice indented")]),
        ("paragraph", "mail", [("paragraph", "indented reply")]),
        ("bulleted_list_item", "item", [("paragraph", "loose in the list")]),
        ("paragraph", "said"),
        ("quote", "a real quote"),
        ("quote", "reply", [("quote", "cited")]),
    ]
    assert page.losses == []


def test_after_a_block_that_cannot_hold_children_the_content_stays_at_its_level() -> None:
    tree, page = _converted(
        "<pre>code</pre><p style='margin-left:40px'>after code</p>"
        "<p style='margin-left:80px'>deeper</p>"
        "<h2>Plain heading</h2><div class='indented'><p>after heading</p></div>"
        "<hr><blockquote><blockquote>after divider</blockquote></blockquote>"
    )
    assert tree == [
        ("code", "code"),
        ("paragraph", "after code", [("paragraph", "deeper")]),
        ("heading_2", "Plain heading"),
        ("paragraph", "after heading"),
        ("divider", ""),
        ("paragraph", "after divider"),
    ]
    # one loss per page and element, approximated: nothing is lost
    assert sorted(_not_nested(page)) == ["blockquote", "div", "p"]
    assert {loss.kind for loss in page.losses} == {"approximated"}


def test_indented_content_first_in_its_container_stays_there() -> None:
    tree, page = _converted("<div class='indented'><p>first</p></div><p>next</p>")
    assert tree == [("paragraph", "first"), ("paragraph", "next")]
    assert page.losses == []


def test_google_docs_list_levels_are_unchanged() -> None:
    tree, _ = _converted(
        "<style>.c6{margin-left:36pt;padding-left:0pt}.c7{margin-left:72pt}</style>"
        "<ul class='lst-kix_a-0 start'><li class='c6'>one</li></ul>"
        "<ul class='lst-kix_a-1 start'><li class='c7'>one.one</li></ul>"
        "<ul class='lst-kix_a-0'><li class='c6'>two</li></ul>"
    )
    assert tree == [
        ("bulleted_list_item", "one", [("bulleted_list_item", "one.one")]),
        ("bulleted_list_item", "two"),
    ]


def test_a_definition_keeps_its_anchor_on_the_term_and_its_description_as_children() -> None:
    page = _page(
        '<dl class="py method"><dt class="sig sig-object py" id="json.dump">'
        '<span class="sig-name">json.dump</span>(obj, fp)'
        '<a class="headerlink" href="#json.dump">¶</a></dt>'
        "<dd><p>Serialize <em>obj</em>.</p><div class='admonition note'><p>Note</p>"
        "<p>Careful.</p></div></dd></dl><p>See <a href='#json.dump'>dump</a>.</p>"
    )
    serialized = serialize(page.blocks)
    term = serialized.blocks[0]
    note = ("callout", "Note", [("paragraph", "Careful.")])
    assert _tree([term]) == [
        ("paragraph", "json.dump(obj, fp)", [("paragraph", "Serialize obj."), note])
    ]
    assert serialized.anchors["json.dump"] == (0,)
    assert [link.target.fragment for link in serialized.links] == ["json.dump"]


# -- real material --------------------------------------------------------------------------

NOTION_EXPORT = CORPUS / "notion-export" / "notion-testspace.zip"
EVERNOTE = CORPUS / "enex" / "test-intend-newlines.enex"
SPHINX = ROOT / ".cache/sites/python3.11-doc/usr/share/doc/python3.11/html/library/json.html"


@pytest.mark.skipif(not NOTION_EXPORT.is_file(), reason="the shared corpus is not here")
def test_a_real_notion_export_keeps_its_indented_blocks(tmp_path: Path) -> None:
    with zipfile.ZipFile(NOTION_EXPORT) as outer:
        outer.extractall(tmp_path)
    (inner,) = tmp_path.glob("*.zip")
    pages = [p for p in convert_path(inner) if isinstance(p, ConvertedPage)]
    (page,) = [p for p in pages if p.title == "Formatting Tests"]
    tree = _tree(to_notion(page.blocks)[0])
    (found,) = [node for node in tree if node[1].startswith("An unindented text block")]
    assert found[2] == [
        (
            "paragraph",
            "An indented text bock, equal to a single new paragraph.",
            [("paragraph", "A further-indented text block, equal to a single new paragraph.")],
        )
    ]


@pytest.mark.skipif(not EVERNOTE.is_file(), reason="the shared corpus is not here")
def test_a_real_evernote_note_keeps_its_levels() -> None:
    (page,) = [p for p in convert_path(EVERNOTE) if isinstance(p, ConvertedPage)]
    tree = _tree(to_notion(page.blocks)[0])
    assert tree[-1] == (
        "paragraph",
        "level 1",
        [("paragraph", "level 2", [("paragraph", "level 3")]), ("paragraph", "level 2")],
    )


@pytest.mark.skipif(not SPHINX.is_file(), reason="the Python documentation is not cached")
def test_a_sphinx_api_reference_nests_descriptions_under_anchored_signatures() -> None:
    page = convert_html(SPHINX.read_bytes(), source="library/json.html")
    serialized = serialize(page.blocks)
    path = serialized.anchors["json.dump"]
    term = serialized.blocks[path[0]]
    assert _text(term).startswith("json.dump(obj, fp")
    assert len(term["paragraph"]["children"]) > 5
