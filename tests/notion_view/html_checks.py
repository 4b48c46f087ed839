"""Looking at rendered HTML with a real parser (selectolax), for the renderer's tests and for
the tests of what reads pages back and shows them."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode


def dom(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def one(html: str, selector: str) -> LexborNode:
    found = dom(html).css(selector)
    assert len(found) == 1, f"{len(found)} matches for {selector!r} in {html}"
    return found[0]


def classes(node: LexborNode) -> set[str]:
    return set(str(node.attributes.get("class") or "").split())


def texts(nodes: list[LexborNode]) -> list[str]:
    return [node.text() for node in nodes]


def no_scripts(html: str) -> None:
    assert "<script" not in html.lower()
    assert dom(html).css("script") == []
