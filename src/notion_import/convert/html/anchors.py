"""Where a link within the export leads, and which links only point at where they stand.

Any element with an ``id``, and any ``<a name>``, is an anchor a link ``page.html#id`` can
reach: the walker gives each one to the block produced for the element, or to the nearest block
that holds it (:func:`names`, :func:`place`), and the serializer reports which request block
carries it. A link to the heading or element it sits in — a permalink ``¶``, Sphinx's
``headerlink``, docutils' ``toc-backref`` heading link — is navigation, not content: its link
is dropped and its words kept; when its whole text is a permalink symbol, the symbol goes too
(:func:`navigation`).
"""

from __future__ import annotations

from typing import Final, Literal
from urllib.parse import unquote

from notion_import.convert.html.base import Node
from notion_import.convert.html.refs import clean_href
from notion_import.convert.ir import Block

#: classes of links that point back at their own heading (Sphinx, MkDocs, docutils).
NAVIGATION_CLASSES: Final = frozenset({"headerlink", "toc-backref"})
#: what a permalink shows instead of words (with zero-width and variation characters around).
PERMALINK_SYMBOLS: Final = frozenset({"¶", "§", "#", "🔗", "⚓", "⚓︎", "🔗︎"})
_INVISIBLE: Final = "\u200b\u200c\u200d\ufe0e\ufe0f \t\n\r\xa0"

#: what becomes of a link: kept, its link dropped (words kept), or left out altogether.
Navigation = Literal["", "link", "all"]


def names(tag: str, attrs: dict[str, str | None]) -> tuple[str, ...]:
    """The anchors an element offers: its ``id``, and an ``<a>``'s ``name``."""
    own = attrs.get("id")
    name = attrs.get("name") if tag == "a" else None
    if name and name != own:
        return (own, name) if own else (name,)
    return (own,) if own else ()


def place(blocks: list[Block], start: int, anchors: list[str]) -> None:
    """Give ``anchors`` to ``blocks[start]`` (and empty the list), when there is that block."""
    if anchors and 0 <= start < len(blocks):
        block = blocks[start]
        block.anchors = tuple(dict.fromkeys((*block.anchors, *anchors)))
        anchors.clear()


def navigation(node: Node, attrs: dict[str, str | None]) -> Navigation:
    """Whether an ``<a href>`` only points at the heading or element it sits in: ``""`` (a
    real link), ``"link"`` (drop the link, keep the words) or ``"all"`` (its text is only a
    permalink symbol: drop it whole)."""
    classes = attrs.get("class")
    if not (classes and not NAVIGATION_CLASSES.isdisjoint(classes.split())) and not (
        "#" in (attrs.get("href") or "") and _points_at_itself(node, attrs)
    ):
        return ""
    text = (node.text(deep=True) or "").strip(_INVISIBLE)
    return "all" if not text or text in PERMALINK_SYMBOLS else "link"


def _points_at_itself(node: Node, attrs: dict[str, str | None]) -> bool:
    href = clean_href(attrs.get("href") or "")
    if not href.startswith("#") or len(href) == 1:
        return False
    wanted = {href[1:], unquote(href[1:])}
    current: Node | None = node
    while current is not None and current.tag not in ("body", "html"):
        found = current.attributes
        if found.get("id") in wanted or (current.tag == "a" and found.get("name") in wanted):
            return True
        current = current.parent
    return False
