"""Link targets in the converter's output: what is kept as a link, what keeps only its text."""

from __future__ import annotations

from typing import Any

import pytest
from tests.notion_import.convert.ir_builders import valid_notion

from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import Link, Paragraph, Span
from notion_import.convert.serialize import is_link_target, serialize, to_notion


def _items(html: str) -> tuple[list[dict[str, Any]], list[str]]:
    page = convert_html(html, source="page.html")
    payload = valid_notion(page.blocks)
    _, losses = to_notion(page.blocks, where=page.source)
    reasons = [f"{loss.element}: {loss.reason}" for loss in [*page.losses, *losses]]
    return payload[0]["paragraph"]["rich_text"], reasons


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("mailto:x@example.com", "mailto:x@example.com"),
        ("MAILTO:X@Example.com", "mailto:X@Example.com"),
        (
            " mailto:a b@example.com?subject=Hi there ",
            "mailto:a%20b@example.com?subject=Hi%20there",
        ),
        ("https://example.com/a b", "https://example.com/a%20b"),
    ],
)
def test_mail_and_web_links_are_kept_and_valid(href: str, url: str) -> None:
    items, losses = _items(f'<p><a href="{href}">mail</a></p>')
    assert items == [{"type": "text", "text": {"content": "mail", "link": {"url": url}}}]
    assert losses == []


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:void(0)",
        "&#1;javascript:alert(1)",
        "java&#9;script:alert(1)",
        "file:///etc/passwd",
        "file://server/share/doc.html",
        "vbscript:msgbox",
        "data:text/html,<b>x</b>",
        "mailto:",
    ],
)
def test_unusable_links_keep_their_text_and_record_a_loss(href: str) -> None:
    items, losses = _items(f'<p>see <a href="{href}">this</a></p>')
    assert items == [{"type": "text", "text": {"content": "see this"}}]
    assert len(losses) == 1
    assert losses[0].startswith("a: link to ")
    assert losses[0].endswith("its text is kept")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com", True),
        ("HTTP://example.com/x?y#z", True),
        ("mailto:x@example.com", True),
        ("Mailto:x@example.com", True),
        ("mailto:", False),
        ("https://", False),
        ("https://example.com/a b", False),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("tel:+15551234", False),
        ("other.html", False),
    ],
)
def test_serializer_link_targets(url: str, kept: bool) -> None:
    assert is_link_target(url) is kept
    blocks, losses = to_notion([Paragraph([Span("x", link=Link(url))])])
    text = blocks[0]["paragraph"]["rich_text"][0]["text"]
    assert ("link" in text) is kept
    assert bool(losses) is not kept


def _anchors(html: str) -> tuple[dict[str, tuple[int, ...]], list[dict[str, Any]]]:
    page = convert_html(html, source="page.html")
    out = serialize(page.blocks)
    return out.anchors, out.blocks


def test_every_id_and_named_anchor_is_carried_by_its_block() -> None:
    anchors, blocks = _anchors(
        "<p>intro</p><dl><dt id='f'>f(x)</dt><dd>does f</dd></dl>"
        "<table id='t'><tr><th>k</th><th>v</th></tr>"
        "<tr><td>a <span id='cell'>b</span></td><td>c</td></tr></table>"
        "<a name='n'></a><h2>Named</h2>"
        "<div class='footnote' id='fn6'><p>[6] the note</p></div>"
        "<p>text <span id='inline'>here</span></p><section id='s'><p>first</p></section>"
    )
    kinds = {name: blocks[path[0]]["type"] for name, path in anchors.items()}
    assert anchors == {
        "f": (1,),
        "t": (2,),
        "cell": (2,),  # flattened into the table's cell: the table carries it
        "n": (3,),
        "fn6": (4,),
        "inline": (5,),
        "s": (6,),
    }
    assert kinds["n"] == "heading_2" and kinds["t"] == "table"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('<h2 id="x">Title<a class="headerlink" href="#x">¶</a></h2>', "Title"),
        ('<section id="x"><h2>Title <a href="#x">#</a></h2></section>', "Title"),
        ('<h2><a class="toc-backref" href="#id3">Title</a></h2>', "Title"),
        ('<h2 id="x"><a href="#x">Title</a></h2>', "Title"),
    ],
)
def test_links_to_where_they_stand_keep_their_words_without_a_link(html: str, text: str) -> None:
    page = convert_html(f"<title>Page</title>{html}", source="page.html")
    blocks, losses = to_notion(page.blocks, where=page.source)
    assert blocks[0]["heading_2"]["rich_text"] == [{"type": "text", "text": {"content": text}}]
    assert page.links == [] and page.losses == [] and losses == []
