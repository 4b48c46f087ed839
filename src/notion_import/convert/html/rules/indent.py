"""Elements that only indent their content: it becomes children of the block before them.

Notion's export writes a block's children as ``<div class="indented">`` right after the
block's element (or inside it); Evernote, Google Docs and word processors indent a paragraph
with a left margin (``<div style="padding-left:40px">``, ``<p style="margin-left:36pt">``,
or through a class of the page's stylesheet); old editors and mail programs indent with
``<blockquote>`` (``<blockquote style="margin:0 0 0 40px; border:none">``, a blockquote
holding only another blockquote, a blockquote loose in a list). Each gives an
:class:`~notion_import.convert.html.nesting.Indented` marker that the walker nests under the
block before it (:func:`~notion_import.convert.html.nesting.nest_indents`).

A ``<div>`` with a left border (a quotation, a sidebar), holding headings or sections, or whose
margin makes room for a floating element before it, is a box, not an indent: it stays
transparent.
"""

from __future__ import annotations

import re
from typing import Final

from notion_import.convert.html.base import Context, Node, Reader, RuleTable, classes
from notion_import.convert.html.css import style_effect
from notion_import.convert.html.nesting import Indented
from notion_import.convert.html.rules.common import significant_child, tree_reader
from notion_import.convert.ir import Block

#: elements a left margin of their own indents (the walker asks when no other rule did).
INDENTING: Final = frozenset({"p", "div"})
#: what makes a ``<div>`` a box of the page's layout rather than an indent.
_LAYOUT: Final = "h1, h2, h3, h4, h5, h6, section, article, main, nav, header, footer, aside"
_NO_BORDER: Final = re.compile(r"border(?:-left)?\s*:\s*(?:none|0)\b", re.I)


def indented(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """An element that indents its content -> an :class:`Indented` marker of its blocks (None:
    a layout box, read as a plain container)."""
    tag = node.tag or "div"
    level: float | None = None
    if tag != "blockquote" and "indented" not in classes(node):
        if node.css_first(_LAYOUT) is not None or _beside_float(node):
            return None
        level = tree_reader(reader).styles.effect(tag, node.attributes, False).indent
    elif tag == "blockquote":
        style = node.attributes.get("style")
        level = style_effect(style, False).indent if style else None
    blocks = reader.blocks(node, ctx)
    return [Indented(level or None, tag, children=blocks)] if blocks else []


def is_notion_indent(node: Node) -> bool:
    """Notion's export: the children of the block before, ``<div class="indented">``."""
    return node.tag == "div" and "indented" in classes(node)


def is_indenting_quote(node: Node) -> bool:
    """A ``<blockquote>`` used for indentation, not quotation: styled as a plain margin
    without its border, holding only another blockquote or held only by one, or loose in a
    list; never one that cites its source."""
    if node.tag != "blockquote":
        return False
    attrs = node.attributes
    if "cite" in attrs or (attrs.get("type") or "").lower() == "cite":
        return False
    style = attrs.get("style")
    if style and _NO_BORDER.search(style) and style_effect(style, False).indent:
        return True
    inner = significant_child(node)
    if inner is not None and inner.tag == "blockquote" and _alone(inner):
        return True
    parent = node.parent
    if parent is None:
        return False
    if parent.tag in ("ul", "ol"):
        return True
    first = significant_child(parent) if parent.tag == "blockquote" else None
    return first is not None and first.mem_id == node.mem_id and _alone(node)


def _beside_float(node: Node) -> bool:
    """Whether the element before ``node`` floats: the margin makes room for it (an avatar
    beside a comment), it does not indent."""
    sibling = node.prev
    while sibling is not None and (sibling.tag or "-").startswith("-"):
        sibling = sibling.prev
    return sibling is not None and "float" in (sibling.attributes.get("style") or "")


def _alone(node: Node) -> bool:
    """Whether nothing visible follows ``node`` in its parent."""
    sibling = node.next
    while sibling is not None:
        tag = sibling.tag or ""
        if tag == "-text":
            if (sibling.text_content or "").strip():
                return False
        elif not tag.startswith("-"):
            return False
        sibling = sibling.next
    return True


def register(table: RuleTable) -> None:
    """Put the rules of this module into ``table``."""
    table.by_predicate.append((is_notion_indent, indented))
    table.by_predicate.append((is_indenting_quote, indented))
