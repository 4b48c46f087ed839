"""What the core rule families share: the walker's extra services and a few helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, cast

from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.html.css import PageStyles
from notion_import.convert.ir import Asset, Block, LossKind, Paragraph, Span


class TreeReader(Reader, Protocol):
    """What the core rules use of the HTML walker beyond :class:`Reader`."""

    #: the page's stylesheet (its ``<style>`` elements), as the walker reads it.
    styles: PageStyles
    #: the rule table the walker reads with (its ``documents``: what a link keeps as a page).
    rules: RuleTable

    def blocks_of(self, nodes: Iterable[Node], ctx: Context) -> list[Block]:
        """Blocks of a run of sibling nodes."""
        ...

    def loss_once(self, element: str, reason: str, kind: LossKind = "dropped") -> None:
        """Record a loss once per page."""
        ...

    def resolve_asset(self, ref: str) -> tuple[Asset | None, str]:
        """Resolve a source quietly: (asset, "") or (None, why not)."""
        ...

    def keep_asset(self, asset: Asset) -> None:
        """Add an asset to the page's list."""
        ...


def tree_reader(reader: Reader) -> TreeReader:
    return cast(TreeReader, reader)


def lead(blocks: list[Block]) -> tuple[list[Span], list[Block]]:
    """A container's own text (its first paragraph) and its children (the rest)."""
    first = blocks[0] if blocks else None
    if type(first) is Paragraph:
        return first.spans, [*first.children, *blocks[1:]]
    return [], blocks


def lstrip(spans: list[Span]) -> list[Span]:
    """Spans without leading white space of any kind (the gap after a to-do's checkbox)."""
    spans = list(spans)
    while spans and spans[0].kind == "text":
        first = spans[0]
        text = first.text.lstrip()
        if text:
            spans[0] = Span(text, first.marks, first.link)
            break
        spans.pop(0)
    return spans


def significant_child(node: Node) -> Node | None:
    """The first child that shows something, if it is an element (else None)."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            if (child.text_content or "").strip():
                return None
            continue
        if tag and tag[0] != "-":
            return child
    return None
