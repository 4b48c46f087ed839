"""A clean conversion: no title repeated as the first heading, code without its line-number
gutter and in its language, numbered lists that continue one another kept as one list."""

from __future__ import annotations

from typing import Any

import pytest

from notion_import.convert.html.meta import without_title_heading
from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import ConvertedPage, Heading, Paragraph, Span
from notion_import.convert.serialize import to_notion


def _page(html: str) -> ConvertedPage:
    return convert_html(html, source="page.html")


def _blocks(html: str) -> list[dict[str, Any]]:
    return to_notion(_page(html).blocks)[0]


def _text(block: dict[str, Any]) -> str:
    return "".join(item["text"]["content"] for item in block[block["type"]]["rich_text"])


# -- the title is not repeated as the first heading -----------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<title>Trip notes</title><h1>Trip notes</h1><p>Day one</p>",
        "<title>Trip  notes</title><h1>\n  trip NOTES </h1><p>Day one</p>",
        "<title>Trip notes</title><h1>Trip notes<a class='headerlink' href='#t'>¶</a></h1>"
        "<p>Day one</p>",
        "<title>Trip notes</title><div><header><h2>Trip notes</h2></header></div><p>Day one</p>",
        "<h1>Trip notes</h1><p>Day one</p>",  # untitled: the heading names the page
    ],
    ids=["same", "spacing-and-case", "permalink", "first-heading-nested", "untitled"],
)
def test_a_first_heading_repeating_the_title_is_left_out(html: str) -> None:
    page = _page(html)
    assert page.title.lower().split() == ["trip", "notes"]
    blocks = to_notion(page.blocks)[0]
    assert [b["type"] for b in blocks] == ["paragraph"]
    assert _text(blocks[0]) == "Day one"


@pytest.mark.parametrize(
    ("html", "kinds"),
    [
        # not the first content
        ("<title>Trip</title><p>Intro</p><h1>Trip</h1>", ["paragraph", "heading_1"]),
        # another heading's text
        ("<title>Trip</title><h1>Trip, day one</h1><p>x</p>", ["heading_1", "paragraph"]),
        # only the first one
        ("<title>Trip</title><h1>Trip</h1><h1>Trip</h1>", ["heading_1"]),
    ],
    ids=["not-first", "other-text", "only-one"],
)
def test_other_headings_stay(html: str, kinds: list[str]) -> None:
    assert [b["type"] for b in _blocks(html)] == kinds


def test_a_toggle_heading_repeating_the_title_keeps_its_blocks() -> None:
    heading = Heading(1, [Span("Trip")], toggleable=True, children=[Paragraph([Span("x")])])
    assert without_title_heading([heading], "Trip") == [heading]
    assert without_title_heading([Heading(1, [Span("Trip")])], "Trip") == []


# -- numbered lists that continue one another -----------------------------------------------


def test_lists_continuing_one_another_are_one_numbered_list_without_loss() -> None:
    # as Notion's own export writes a numbered list: one <ol start> per item
    page = _page(
        "<title>T</title>"
        '<ol type="1" class="numbered-list" start="1"><li>one</li></ol>'
        '<ol type="1" class="numbered-list" start="2"><li>two</li></ol>\n'
        "<!-- between -->"
        '<ol type="1" class="numbered-list" start="3"><li>three</li><li>four</li></ol>'
        '<ol start="5"><li>five</li></ol>'
    )
    blocks = to_notion(page.blocks)[0]
    assert [b["type"] for b in blocks] == ["numbered_list_item"] * 5
    assert [_text(b) for b in blocks] == ["one", "two", "three", "four", "five"]
    assert page.losses == []


def test_a_list_continuing_one_without_start_is_no_loss() -> None:
    page = _page("<ol><li>a</li><li>b</li></ol><ol start='3'><li>c</li></ol>")
    assert page.losses == []


@pytest.mark.parametrize(
    "html",
    [
        "<ol start='2'><li>b</li></ol>",  # nothing before it
        "<ol><li>a</li></ol><ol start='5'><li>e</li></ol>",  # a gap
        "<ol><li>a</li></ol><p>between</p><ol start='2'><li>b</li></ol>",  # not side by side
        "<ul><li>a</li></ul><ol start='2'><li>b</li></ol>",  # after a bulleted list
        "<ol reversed><li>a</li></ol><ol start='2'><li>b</li></ol>",  # after a countdown
    ],
    ids=["first", "gap", "apart", "after-bullets", "after-reversed"],
)
def test_a_list_not_continuing_the_one_before_keeps_its_loss(html: str) -> None:
    reasons = [loss.reason for loss in _page(html).losses if loss.element == "ol"]
    assert any(reason.startswith("numbering starts at") for reason in reasons)
