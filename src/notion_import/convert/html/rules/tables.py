"""``<table>`` -> a Notion table, or columns when the table only lays the page out.

Data tables
    Rows come from ``thead`` (first), the ``tbody`` groups and loose ``tr`` in order, then
    ``tfoot`` (last), as browsers draw them. ``has_column_header`` when the first row is in
    ``thead`` or made only of ``th``; ``has_row_header`` when every other row starts with a
    ``th``. A ``th`` anywhere else keeps its emphasis as bold text. Cells hold rich text: their
    inline content, with block children flattened into lines by the walker.

Merged cells
    ``colspan`` / ``rowspan`` are expanded on a grid (``rowspan="0"`` reaches the end of its row
    group, as in HTML). The text stays in the top-left cell and the cells it covered are left
    empty: repeating it would duplicate text and change what the table says (a total spread
    over three columns is one total). One loss entry per table says that merged cells were
    split. Columns made only of the tail of a ``colspan`` are dropped.

Nested tables and pictures in cells
    Notion cells hold rich text only. Cells are read with :meth:`Reader.spans`, which flattens
    text and *lifts* what cannot be text right after the block being built: a table inside a
    cell comes out as a table of its own after the outer one (its structure kept, rather than
    its text squeezed into one cell), and images, SVG, video and embeds follow the table in
    order. A loss entry per table says what moved. Notion's icons (an ``icon`` class) are page
    chrome, not counted. A table holding tables but no header cell is a layout table (below)
    and never gets here.

Captions
    ``caption`` becomes a paragraph before the table.

More than 100 rows stay in one :class:`~notion_import.convert.ir.Table`; the writer appends the
rest. Tables wider than 100 columns are split by the serializer.

Layout tables
    A table is taken for page layout, and becomes columns (``column_list``) instead, when it has
    no header cell nor caption and is one of: a single column (a framed box: its content is
    unwrapped), a table holding tables, or a single row of two or more cells one of which holds
    block content a cell cannot (pictures, lists, headings, preformatted text, quotes). With
    ``role="presentation"`` (or ``none``) a table is layout whenever it holds such content or has
    a single row, header cells or not. Each row of a layout table becomes a column list of its
    cells (widths from ``width``); a row with one non-empty cell becomes that cell's blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notion_import.convert.html.base import Context, Node, Reader, RuleTable, strip_spans
from notion_import.convert.html.rules.layout import column_list, ratios, width_hint
from notion_import.convert.ir import Block, Column, Paragraph, Span, Table

#: HTML's own caps on ``colspan`` and ``rowspan``.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
#: grid columns kept in one row (only hostile colspans get there; the serializer splits at 100).
MAX_WIDTH = 1000
#: what a cell holds that a Notion cell cannot: makes a one-row table a layout.
_RICH = (
    "img, picture, figure, video, audio, iframe, object, embed, svg, ul, ol, dl, h1, h2, h3, "
    "h4, h5, h6, table, pre, blockquote, hr"
)
_MEDIA = "img, picture, video, audio, iframe, object, embed, svg"
_MEDIA_TAGS = frozenset({"img", "picture", "video", "audio", "iframe", "object", "embed", "svg"})
_CELL_TAGS = frozenset({"td", "th"})
_LAYOUT_ROLES = frozenset({"presentation", "none"})
#: ancestors (class names) whose pictures are page chrome, not content.
_CHROME = frozenset({"icon", "property-icon", "bookmark-icon"})

#: a grid slot: the cell and whether it is only covered by that cell's span; None: no cell.
Slot = tuple[Node, bool] | None


@dataclass(slots=True)
class Grid:
    """A table's cells on a grid, merged cells expanded."""

    rows: list[list[Slot]] = field(default_factory=list)
    #: how many leading rows come from ``thead``.
    head_rows: int = 0
    caption: Node | None = None
    #: whether any cell spans more than one slot.
    merged: bool = False

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _int(value: str | None, default: int) -> int:
    try:
        return int((value or "").strip() or default)
    except ValueError:
        return default


def _row_groups(table: Node) -> tuple[Node | None, list[tuple[str, list[Node]]]]:
    caption: Node | None = None
    heads: list[tuple[str, list[Node]]] = []
    bodies: list[tuple[str, list[Node]]] = []
    feet: list[tuple[str, list[Node]]] = []
    loose: list[Node] = []
    by_kind = {"thead": heads, "tbody": bodies, "tfoot": feet}
    for child in table.iter():
        tag = child.tag
        if tag == "tr":
            loose.append(child)
            continue
        if loose:
            bodies.append(("tbody", loose))
            loose = []
        if tag in by_kind:
            rows = [r for r in child.iter() if r.tag == "tr"]
            if rows:
                by_kind[tag].append((tag, rows))
        elif tag == "caption" and caption is None:
            caption = child
    if loose:
        bodies.append(("tbody", loose))
    return caption, heads + bodies + feet


def build_grid(table: Node) -> Grid:
    """Lay the table's cells out on a grid, expanding colspan and rowspan."""
    caption, groups = _row_groups(table)
    grid = Grid(caption=caption)
    for kind, rows in groups:
        carry: dict[int, tuple[Node, int]] = {}  # column -> its cell, rows still covered below
        for index, tr in enumerate(rows):
            out: list[Slot] = []
            for cell in tr.iter():
                if cell.tag not in _CELL_TAGS:
                    continue
                while len(out) in carry:
                    _cover(out, carry)
                if len(out) >= MAX_WIDTH:
                    break
                attributes = cell.attributes
                colspan = min(max(_int(attributes.get("colspan"), 1), 1), MAX_COLSPAN)
                rowspan = _int(attributes.get("rowspan"), 1)
                left = len(rows) - index
                rowspan = left if rowspan == 0 else min(max(rowspan, 1), MAX_ROWSPAN, left)
                start = len(out)
                out.append((cell, False))
                extra = min(colspan - 1, MAX_WIDTH - len(out))
                out.extend([(cell, True)] * extra)
                if extra or rowspan > 1:
                    grid.merged = True
                if rowspan > 1:
                    for column in range(start, start + 1 + extra):
                        carry[column] = (cell, rowspan - 1)
            while carry and len(out) <= max(carry):
                if len(out) in carry:
                    _cover(out, carry)
                else:
                    out.append(None)
            if not out:
                continue
            grid.rows.append(out)
            if kind == "thead":
                grid.head_rows += 1
    _trim_covered_columns(grid)
    return grid


def _cover(out: list[Slot], carry: dict[int, tuple[Node, int]]) -> None:
    """Fill the next slot of ``out`` with the cell spanning down into it."""
    column = len(out)
    cell, left = carry[column]
    if left > 1:
        carry[column] = (cell, left - 1)
    else:
        del carry[column]
    out.append((cell, True))


def _trim_covered_columns(grid: Grid) -> None:
    """Drop trailing columns that only hold the tails of spans (``colspan="1000"``)."""
    last = -1
    for row in grid.rows:
        for index in range(len(row) - 1, last, -1):
            slot = row[index]
            if slot is not None and not slot[1]:
                last = index
                break
    for row in grid.rows:
        del row[last + 1 :]


# -- classification ------------------------------------------------------------------------


def _is_header(slot: Slot) -> bool:
    return slot is not None and slot[0].tag == "th"


def _headers(grid: Grid) -> tuple[bool, bool]:
    rows = grid.rows
    if not rows:
        return False, False
    first = [s for s in rows[0] if s is not None]
    column_header = grid.head_rows > 0 or (bool(first) and all(_is_header(s) for s in first))
    rest = rows[1:] if column_header else rows
    row_header = bool(rest) and all(bool(r) and _is_header(r[0]) for r in rest)
    return column_header, row_header


def _cells(grid: Grid) -> list[Node]:
    return [slot[0] for row in grid.rows for slot in row if slot is not None and not slot[1]]


def is_layout_table(table: Node, grid: Grid) -> bool:
    """Whether the table lays the page out rather than holding data (see the module doc)."""
    role = (table.attributes.get("role") or "").strip().lower() in _LAYOUT_ROLES
    cells = _cells(grid)
    if not cells:
        return False
    has_header = grid.head_rows > 0 or grid.caption is not None or any(c.tag == "th" for c in cells)
    if has_header and not role:
        return False
    if grid.width <= 1 or any(c.css_first("table") is not None for c in cells):
        return True
    single_row = len(grid.rows) == 1
    if role and single_row:
        return True
    if not (role or single_row):
        return False
    return any(c.css_first(_RICH) is not None for c in cells)


# -- conversion ------------------------------------------------------------------------------


def _caption(reader: Reader, grid: Grid, ctx: Context) -> list[Block]:
    if grid.caption is None:
        return []
    spans = strip_spans(reader.spans(grid.caption, ctx))
    return [Paragraph(spans)] if spans else []


def _is_chrome(node: Node, cell: Node) -> bool:
    """A picture that is part of an icon, or inside another picture (``picture > img``)."""
    stop = cell.mem_id
    current: Node | None = node
    while current is not None and current.mem_id != stop:
        raw = current.attributes.get("class")
        if raw and not _CHROME.isdisjoint(raw.split()):
            return True
        if current is not node and current.tag in _MEDIA_TAGS:
            return True
        current = current.parent
    return False


def _report_lifted(reader: Reader, table: Node, cells: list[Node]) -> None:
    """Losses for what the walker lifts out of the cells (pictures, tables) when it reads them
    as text."""
    if table.css_first(_MEDIA) is not None:
        moved = sum(1 for cell in cells for node in cell.css(_MEDIA) if not _is_chrome(node, cell))
        if moved:
            reader.loss(
                "td",
                f"{moved} picture(s) in table cells moved after the table "
                "(Notion cells hold only text)",
                "approximated",
            )
    if any(cell.css_first("table") is not None for cell in cells):
        reader.loss("table", "table inside a table cell moved after the table", "approximated")


def data_table(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """The table as a Notion table (its caption as a paragraph before it)."""
    return _data_table(reader, node, build_grid(node), ctx)


def _data_table(reader: Reader, node: Node, grid: Grid, ctx: Context) -> list[Block]:
    out = _caption(reader, grid, ctx)
    if not grid.rows:
        return out
    column_header, row_header = _headers(grid)
    bold = ctx.with_marks(bold=True)
    rows: list[list[list[Span]]] = []
    for r, row in enumerate(grid.rows):
        cells: list[list[Span]] = []
        for c, slot in enumerate(row):
            if slot is None or slot[1]:
                cells.append([])
                continue
            cell = slot[0]
            in_header = (column_header and r == 0) or (row_header and c == 0)
            emphasis = cell.tag == "th" and not in_header
            cells.append(strip_spans(reader.spans(cell, bold if emphasis else ctx)))
        rows.append(cells)
    if grid.merged:
        reader.loss(
            "td",
            "merged cells split: text kept in the first cell, the others empty",
            "approximated",
        )
    out.append(Table(rows, has_column_header=column_header, has_row_header=row_header))
    _report_lifted(reader, node, _cells(grid))
    return out


def _layout_table(reader: Reader, grid: Grid, ctx: Context) -> list[Block]:
    out = _caption(reader, grid, ctx)
    for row in grid.rows:
        cells = [slot[0] for slot in row if slot is not None and not slot[1]]
        widths = ratios([width_hint(cell) for cell in cells])
        columns = [
            Column(children=reader.blocks(cell, ctx), width_ratio=width)
            for cell, width in zip(cells, widths, strict=True)
        ]
        out.extend(column_list(reader, columns))
    return out


def table_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """``<table>``: a Notion table, or columns for a layout table."""
    grid = build_grid(node)
    if is_layout_table(node, grid):
        return _layout_table(reader, grid, ctx)
    return _data_table(reader, node, grid, ctx)


def register(table: RuleTable) -> None:
    """``table``: a Notion table or columns."""
    table.by_tag["table"] = table_rule


__all__ = [
    "Grid",
    "build_grid",
    "data_table",
    "is_layout_table",
    "register",
    "strip_spans",
    "table_rule",
]
