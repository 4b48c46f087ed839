"""Nesting the walker gives a run of sibling blocks once they are made: indentation becomes
children, and list items whose level is only in a class name go under the item above.

- **Indentation.** An element that only indents its content (Notion's ``div.indented``, a
  left margin, a ``<blockquote>`` used for indent; :mod:`.rules.indent`) gives an
  :class:`Indented` marker holding its blocks. :func:`nest_indents` puts them under the block
  before them when Notion lets that block hold children (:func:`holds_children`), else right
  after it at its level (one ``approximated`` loss per page). Levels given as a left margin
  compare with the margins of the siblings before them (``40px`` then ``80px`` then ``40px``:
  child, grandchild, child); a relative indent (``level`` None) goes one level under the
  block right before it. An indent with no block before it in its container stays where it
  is: the container already holds it.
- **List levels.** Google Docs writes every list item in a flat list of its own and its
  level only in a class (``lst-kix_<id>-<level>``): :func:`note_level` reads it and
  :func:`nest_levels` puts items of deeper levels under the last item of the level above.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from notion_import.convert.ir import Block, Callout, Heading, ListItem, Paragraph, Quote, Toggle

_LIST_LEVEL: Final = re.compile(r"\blst-kix_\w+-(\d+)\b")
#: what the loss says when indented content cannot go under the block before it.
NOT_NESTED: Final = (
    "indentation kept as a level only where Notion allows children: indented content after "
    "a block that cannot hold any (code, image, table, divider, heading...) follows it at "
    "its level"
)


@dataclass(slots=True)
class Indented(Block):
    """Blocks (``children``) that an element only indents: never leaves the walker, which
    nests them under the block before them (:func:`nest_indents`)."""

    #: the left margin in CSS pixels, compared with the margins of the siblings before it;
    #: None: one level under the block right before it.
    level: float | None
    #: the tag of the indenting element (for the loss entry).
    element: str


def holds_children(block: Block) -> bool:
    """Whether Notion lets ``block`` hold children: a paragraph, list item, to-do, quote,
    callout, toggle or toggleable heading (not code, images, tables, dividers, equations)."""
    if isinstance(block, Heading):
        return block.toggleable
    return isinstance(block, Paragraph | ListItem | Quote | Callout | Toggle)


def nest_indents(blocks: list[Block], approximated: Callable[[str], None]) -> list[Block]:
    """``blocks`` with every :class:`Indented` marker replaced by its blocks, nested under the
    block before it where Notion allows (``approximated(tag)`` is told when it does not)."""
    if not any(type(block) is Indented for block in blocks):
        return blocks
    out: list[Block] = []
    #: blocks content may go under, outermost first: (margin, block, the list that holds it).
    open_: list[tuple[float, Block, list[Block]]] = []
    for block in blocks:
        if not isinstance(block, Indented):
            out.append(block)
            open_ = [(0.0, block, out)]
            continue
        level = block.level
        if level is None:  # one level under the block right before it at this level
            while open_ and open_[-1][2] is not out:
                open_.pop()
            level = open_[-1][0] + 1 if open_ else 1.0
        while open_ and open_[-1][0] >= level:
            open_.pop()
        target = out
        if open_:
            parent, holder = open_[-1][1], open_[-1][2]
            if holds_children(parent):
                target = parent.children
            else:
                target = holder
                approximated(block.element)
        content = block.children
        if block.anchors:  # the indenting element's own id: its first block carries it
            carrier = content[0] if content else (open_[-1][1] if open_ else None)
            if carrier is not None:
                carrier.anchors = tuple(dict.fromkeys((*block.anchors, *carrier.anchors)))
        target.extend(content)
        if content:
            open_.append((level, content[-1], target))
    return out


def note_level(
    class_names: str, result: list[Block], levels: dict[int, int] | None
) -> dict[int, int] | None:
    """Lists whose level is only in a class name (Google Docs: ``lst-kix_<id>-<level>``):
    the level of each item of ``result``, added to ``levels`` (by the item's ``id()``)."""
    match = _LIST_LEVEL.search(class_names)
    if match is None:
        return levels
    levels = {} if levels is None else levels
    for block in result:
        if isinstance(block, ListItem):
            levels[id(block)] = int(match.group(1))
    return levels


def nest_levels(blocks: list[Block], levels: dict[int, int]) -> list[Block]:
    """Put list items of deeper levels under the last item of the level above."""
    out: list[Block] = []
    stack: list[tuple[int, ListItem]] = []
    for block in blocks:
        level = levels.get(id(block))
        if level is None or not isinstance(block, ListItem):
            out.append(block)
            stack.clear()
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        if stack:
            stack[-1][1].children.append(block)
        else:
            out.append(block)
        stack.append((level, block))
    return out
