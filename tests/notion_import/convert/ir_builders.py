"""Short constructors for expected IR in the rule tests, and JSON validation helpers."""

from __future__ import annotations

import json
import re
from typing import Any

from notion_emulator.schema.block_requests import validate_children
from notion_import.convert.ir import (
    Asset,
    Block,
    Column,
    ColumnList,
    Image,
    Link,
    Marks,
    Paragraph,
    Span,
    Table,
)
from notion_import.convert.serialize import to_notion

BOLD = Marks(bold=True)
_PLACEHOLDER_ID = re.compile(r'"asset:\d+"')
_PAGE_LINK = re.compile(r'"page:[^"]*"')


def s(text: str, marks: Marks | None = None, link: str | None = None) -> Span:
    """A text span (a relative ``link`` is internal, as the test reader makes it)."""
    internal = bool(link) and not str(link).startswith(("http", "mailto:", "#"))
    return Span(text, marks or Marks(), Link(link, internal=internal) if link else None)


def b(text: str) -> Span:
    """A bold span."""
    return Span(text, BOLD)


def eq(tex: str) -> Span:
    """An inline equation."""
    return Span(tex, kind="equation")


def spans(*parts: str | Span) -> list[Span]:
    return [s(p) if isinstance(p, str) else p for p in parts]


def P(*parts: str | Span) -> Paragraph:
    """A paragraph."""
    return Paragraph(spans(*parts))


def T(rows: list[list[str | list[Span]]], header: bool = False, row_header: bool = False) -> Table:
    """A table; a cell is a string (plain text, "" for empty) or a list of spans."""
    cells = [[([s(c)] if c else []) if isinstance(c, str) else c for c in row] for row in rows]
    return Table(cells, has_column_header=header, has_row_header=row_header)


def cols(*columns: list[Block], widths: list[float | None] | None = None) -> ColumnList:
    """A column list of the given columns' blocks."""
    widths = widths or [None] * len(columns)
    return ColumnList(
        children=[
            Column(children=list(c), width_ratio=w) for c, w in zip(columns, widths, strict=True)
        ]
    )


def img(ref: str, alt: str = "") -> Image:
    """A local image."""
    kind = "remote" if ref.startswith("http") else "local"
    return Image(Asset(kind, ref), alt=alt)  # type: ignore[arg-type]


def merge(spans: list[Span]) -> list[Span]:
    """Neighbouring text spans with the same marks and link joined (for comparisons)."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == span.kind == "text"
            and (last.marks, last.link) == (span.marks, span.link)
        ):
            out[-1] = Span(last.text + span.text, span.marks, span.link)
        else:
            out.append(span)
    return out


def rounded(blocks: list[Block]) -> list[Block]:
    """Blocks normalized for comparisons: column widths rounded, neighbouring spans merged."""
    for block in blocks:
        if isinstance(block, ColumnList):
            for column in block.children:
                if isinstance(column, Column) and column.width_ratio is not None:
                    column.width_ratio = round(column.width_ratio, 4)
        if isinstance(block, Table):
            block.rows = [[merge(cell) for cell in row] for row in block.rows]
        for name in ("spans", "caption"):
            value = getattr(block, name, None)
            if isinstance(value, list):
                setattr(block, name, merge(value))
        rounded(block.children)
    return blocks


def valid_notion(blocks: list[Block]) -> list[dict[str, Any]]:
    """Serialize the blocks and check the request JSON with the emulator's validator, with the
    placeholders the importer fills in (uploads, page links) replaced by real-looking values."""
    payload, _ = to_notion(blocks)
    text = _PLACEHOLDER_ID.sub('"5a6e7d3c-0000-4000-8000-000000000001"', json.dumps(payload))
    text = _PAGE_LINK.sub('"https://www.notion.so/page"', text)
    pending = [json.loads(text)]
    while pending:  # each request, then what the writer appends below it
        blocks = pending.pop()
        _defer(blocks, 0, pending)
        for start in range(0, len(blocks), 100):
            validate_children(blocks[start : start + 100])
    return payload


def _defer(blocks: list[dict[str, Any]], level: int, pending: list[Any]) -> None:
    """Cut what one request cannot hold into later requests, as the writer does: table rows
    past 100; children past 100; children below the second level (a column does not count
    as a level); and the children of a block that holds a column list or, below the top, a
    table (those may only be at the top of a request, or one level down for a table)."""
    for block in blocks:
        kind = block["type"]
        payload = block.get(kind, {})
        children = payload.get("children")
        if not isinstance(children, list):
            continue
        if kind == "table":
            del children[100:]
            continue
        if len(children) > 100:  # appended afterwards
            pending.append(children[100:])
            del children[100:]
        if kind in ("column_list", "column"):
            _defer(children, level + (kind == "column"), pending)
            continue
        kinds = {c["type"] for c in children}
        if level >= 2 or "column_list" in kinds or (level >= 1 and "table" in kinds):
            pending.append(payload.pop("children"))
        else:
            _defer(children, level + 1, pending)


def shape(blocks: list[Block]) -> list[Any]:
    """The block types of a tree, nested (what an end-to-end run must reproduce)."""
    out: list[Any] = []
    for block in blocks:
        out.append(type(block).__name__)
        if block.children:
            out.append(shape(block.children))
    return out
