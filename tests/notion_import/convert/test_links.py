"""Link targets in the converter's output: what is kept as a link, what keeps only its text."""

from __future__ import annotations

from typing import Any

import pytest
from tests.notion_import.convert.ir_builders import valid_notion

from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import Link, Paragraph, Span
from notion_import.convert.serialize import is_link_target, to_notion


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
