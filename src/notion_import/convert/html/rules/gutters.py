"""Line numbers beside or inside code: what a highlighter or a web clipper adds to a code
block, and the code block leaves out.

They come in four shapes:

- a table of two columns, the first holding only line numbers, the second the code
  (Pygments ``linenos="table"``'s ``highlighttable``, Hexo, web clippers): one row for the
  whole block, or one row per line (GitHub's ``blob-num``/``blob-code``, highlight.js's
  line-numbers plugin) — :func:`gutter_table`;
- elements with a line-number class inside the ``<pre>`` (Pygments ``linenos="inline"``'s
  ``linenos``, Chroma's ``ln``...) — :data:`GUTTER_CLASSES`;
- a web clipper's column: the first element of the ``<pre>`` (or of its one ``<code>``)
  holding only "1 2 … 12", floated beside the code — :func:`gutters_inside`;
- a ``<pre>`` or ``<div>`` of only line numbers right before the code —
  :func:`is_gutter_beside_code`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from notion_import.convert.html.base import Node, classes

#: classes highlighters give their line numbers.
GUTTER_CLASSES: Final = frozenset(
    {
        "lineno", "linenos", "linenodiv", "ln", "lnt", "gutter", "line-number", "linenumber",
        "line-numbers-rows", "line-num", "hljs-ln-numbers", "hljs-ln-n", "blob-num",
        "rouge-gutter", "code-line-number", "react-syntax-highlighter-line-number",
    }
)  # fmt: skip
_GUTTER_SELECTOR: Final = ", ".join(f".{name}" for name in sorted(GUTTER_CLASSES))
#: elements a column of line numbers is made of; any other element means it is not one.
_NUMBER_HOLDERS: Final = frozenset({"span", "br", "div", "pre", "code", "a", "p", "td"})
#: classes that say a table is code (a table of numbered lines).
_CODE_HINT: Final = re.compile(r"code|hljs|highlight|blob|syntax|source", re.I)
_DEPTH: Final = 4


def line_numbers(text: str) -> int:
    """How many consecutive line numbers (``1 2 3``..., from any start) ``text`` is; 0 if it
    is anything else."""
    words = text.split()
    if not words or not all(word.isdigit() and len(word) < 7 for word in words):
        return 0
    first = int(words[0])
    return len(words) if all(int(w) == first + i for i, w in enumerate(words)) else 0


def numbers_only(node: Node, depth: int = _DEPTH) -> str | None:
    """The text of ``node`` when it is only digits and white space in elements at most
    ``depth`` levels down; else None. Stops at the first thing that is not, so asking every
    ``<div>`` of a page stays cheap."""
    parts: list[str] = []
    stack = [node.iter(include_text=True)]
    while stack:
        for child in stack[-1]:
            tag = child.tag or ""
            if tag == "-text":
                text = child.text_content or ""
                digits = "".join(text.split())
                if digits and not digits.isdigit():
                    return None
                parts.append(text)
            elif tag == "br":
                parts.append("\n")
            elif tag.startswith("-"):
                continue
            elif tag not in _NUMBER_HOLDERS or len(stack) >= depth:
                return None
            else:
                parts.append("\n")
                stack.append(child.iter(include_text=True))
                break
        else:
            stack.pop()
    return "".join(parts)


def _is_gutter_classed(node: Node) -> bool:
    return not classes(node).isdisjoint(GUTTER_CLASSES)


def _first_element(node: Node) -> Node | None:
    """The first child element, when only white space comes before it."""
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            if (child.text_content or "").strip():
                return None
        elif not tag.startswith("-"):
            return child
    return None


def _next_element(node: Node) -> Node | None:
    """The element right after ``node``, past white space and comments."""
    after = node.next
    while after is not None and (
        after.tag == "-comment" or (after.tag == "-text" and not (after.text_content or "").strip())
    ):
        after = after.next
    return after if after is not None and after.tag != "-text" else None


def gutters_inside(pre: Node) -> set[int]:
    """The ``mem_id`` of each line-number element inside a ``<pre>``: those with a gutter
    class, and a clipper's column of numbers that opens it with code after it."""
    found = {node.mem_id for node in pre.css(_GUTTER_SELECTOR)}
    first = _first_element(pre)
    candidates = [first]
    if first is not None and first.tag == "code":
        candidates.append(_first_element(first))
    for candidate in candidates:
        if candidate is None:
            continue
        text = numbers_only(candidate)
        if text is not None and line_numbers(text) >= 2 and _text_after(pre, candidate):
            found.add(candidate.mem_id)
            break
    return found


def _text_after(pre: Node, gutter: Node) -> bool:
    """Is there text in ``pre`` besides ``gutter``'s?"""
    whole = (pre.text(deep=True) or "").split()
    return len(whole) > len((gutter.text(deep=True) or "").split())


def is_gutter_beside_code(node: Node) -> bool:
    """A ``<pre>`` or ``<div>`` of only line numbers (two or more, or one with a gutter
    class) right before a ``<pre>``, or before an element holding one."""
    if node.tag not in ("pre", "div"):
        return False
    after = _next_element(node)
    if after is None:
        return False
    text = numbers_only(node)
    if text is None or line_numbers(text) < (1 if _is_gutter_classed(node) else 2):
        return False
    return after.tag == "pre" or after.css_first("pre") is not None


@dataclass(frozen=True, slots=True)
class GutterTable:
    """A table that is a code block with its line numbers: the code is in ``code_cells``,
    one cell for the whole block or one per line (``per_line``)."""

    code_cells: list[Node]
    per_line: bool
    #: the line numbers left out, as read.
    numbers: str = ""


def _rows(table: Node) -> list[list[Node]]:
    """The cells of each row of ``table`` (not of tables inside it)."""
    rows: list[list[Node]] = []
    for row in table.css("tr"):
        owner = row.parent
        while owner is not None and owner.tag != "table":
            owner = owner.parent
        if owner is None or owner.mem_id != table.mem_id:
            continue
        rows.append([cell for cell in row.iter() if cell.tag in ("td", "th")])
    return rows


def _cell_number(cell: Node) -> str | None:
    """A per-line table's number cell: its text, or its ``data-line-number`` (GitHub)."""
    text = numbers_only(cell)
    if text is None:
        return None
    if text.strip():
        return text
    marked = cell if "data-line-number" in cell.attributes else cell.css_first("[data-line-number]")
    return (marked.attributes.get("data-line-number") or "") if marked is not None else None


def gutter_table(table: Node) -> GutterTable | None:
    """The code cells of a table of line numbers and code, or None for any other table."""
    rows = _rows(table)
    if not rows or any(len(row) != 2 for row in rows):
        return None
    if len(rows) == 1:
        numbers, code = rows[0]
        text = numbers_only(numbers)
        holds_code = code.css_first("pre") is not None or "code" in classes(code)
        if text is not None and line_numbers(text) >= 1 and holds_code:
            return GutterTable([code], per_line=False, numbers=text)
    hint = " ".join([table.attributes.get("class") or "", rows[0][1].attributes.get("class") or ""])
    if not _CODE_HINT.search(hint):
        return None
    numbers_text = [_cell_number(row[0]) for row in rows]
    if any(text is None for text in numbers_text):
        return None
    if line_numbers(" ".join(t for t in numbers_text if t)) != len(rows):
        return None
    read = " ".join(t for t in numbers_text if t)
    return GutterTable([row[1] for row in rows], per_line=True, numbers=read)
