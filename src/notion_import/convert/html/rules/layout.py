"""Side-by-side layouts -> ``column_list`` / ``column``.

A container becomes a :class:`~notion_import.convert.ir.ColumnList` when it lays its children
out in a row:

==========================  ==============================================================
signal                      examples
==========================  ==============================================================
inline style                ``display:flex`` (row direction), ``display:grid`` with two or
                            more ``grid-template-columns`` tracks
class hints                 ``row`` / ``col-md-6`` (Bootstrap), ``columns`` / ``column``
                            (Bulma, Foundation), ``grid``, ``flex``, ``d-flex``,
                            ``wp-block-columns``, ``gallery``, ``wp-block-gallery``
image gallery               two or more images (``img``, ``picture``, ``figure``, a linked
                            image) and nothing else
==========================  ==============================================================

Each element child is one column (at most 100 in a row). Column widths come, in this order,
from the grid tracks (``1fr 2fr``, ``30% 70%``), the child's ``width`` / ``flex-basis`` /
``flex`` style, its grid classes (``col-md-4`` = 4/12, ``is-half``, ``w-1/3``) or its
``width`` attribute; the serializer normalizes them to sum 1. Grids wrap: ``row-cols-3``,
``grid-cols-3``, ``gallery-columns-3``, the number of grid tracks, or Bootstrap widths adding up
past 12/12 start a new row, and each row becomes its own column list.

A container is *not* a layout (the rule returns ``None`` and the walker reads it as a plain
container) when it has fewer than two non-empty columns, holds loose text of its own, or when
no column has content of its own — several blocks, a list, a heading, a table, a paragraph of
40 characters or more — as in a row of links or badges, or a title next to an icon (a column
holding one picture counts only in a gallery, where every column is a picture). Class hints
only count when every child is a container or a picture, so that ``<div class="columns">``
holding a heading and paragraphs (a Foundation column) is not split apart.

Notion cannot put columns inside a column: a layout nested in a column is flattened into that
column (its columns' blocks one after the other) with a loss entry.

An admonition laid out with flex (Bootstrap's ``alert d-flex``) stays a callout in any rule order.

:func:`column_list`, :func:`ratios` and :func:`width_hint` are shared with the other rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from notion_import.convert.html.base import Context, Node, Reader, RuleTable, strip_spans
from notion_import.convert.html.rules.admonitions import is_admonition
from notion_import.convert.ir import Block, Column, ColumnList, Image, Paragraph

#: Notion's limit on columns in one column list.
MAX_COLUMNS = 100
#: a column that is one paragraph shorter than this (a link, a badge) is not "substantial".
SHORT_TEXT = 40
#: images per row of a gallery that gives no column count.
GALLERY_ROW = 4

#: elements that may carry a layout.
_HOSTS = frozenset({"div", "section", "article", "main", "ul", "ol", "figure", "p", "center"})
#: children that a class-hinted layout may have (containers and pictures).
_CONTAINERS = frozenset(
    {"div", "section", "article", "aside", "figure", "li", "main", "header", "footer", "form"}
)
_PICTURES = frozenset({"img", "picture", "svg", "video", "iframe", "audio", "object", "embed"})
#: children that take no room in a layout.
_IGNORED = frozenset({"script", "style", "template", "noscript", "link", "meta"})
#: class names that make a container a row of columns.
_ROW_CLASSES = frozenset(
    {
        "row", "columns", "grid", "flex", "d-flex", "d-md-flex", "d-lg-flex", "flex-row",
        "wp-block-columns", "is-layout-flex", "is-layout-grid", "gallery", "wp-block-gallery",
        "blocks-gallery-grid", "tiled-gallery", "image-gallery", "photo-gallery", "card-deck",
        "card-group", "row-fluid", "ui-grid", "pure-g",
    }
)  # fmt: skip
#: class names that make a flex container vertical.
_VERTICAL_CLASSES = frozenset(
    {"flex-col", "flex-column", "flex-col-reverse", "flex-column-reverse"}
)
_GALLERY_CLASSES = frozenset(
    {"gallery", "wp-block-gallery", "blocks-gallery-grid", "tiled-gallery", "image-gallery"}
)

_STYLE_DECL = re.compile(r"\s*([-a-zA-Z]+)\s*:\s*([^;]*)")
_PERCENT = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*%\s*$")
_PIXELS = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")
_NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*$")
_CALC_FACTOR = re.compile(r"\*\s*([0-9]*\.?[0-9]+)\s*\)?\s*$")
_REPEAT = re.compile(r"repeat\(\s*(\d+|auto-fill|auto-fit)\s*,\s*([^()]*(?:\([^()]*\))?[^()]*)\)")
_TRACK = re.compile(r"minmax\([^()]*\)|fit-content\([^()]*\)|[^\s]+")
_FRACTION_CLASSES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Bootstrap col-6, col-md-4 (breakpoint in group 1), Foundation large-6, Bulma is-4
    (re.compile(r"^col-(?:(sm|md|lg|xl|xxl)-)?(\d{1,2})$"), "twelfths"),
    (re.compile(r"^(small|medium|large)-(\d{1,2})$"), "twelfths"),
    (re.compile(r"^is-()(\d{1,2})$"), "twelfths"),
    # Tailwind w-1/2, md:w-1/3, basis-2/3
    (re.compile(r"^(?:(sm|md|lg|xl):)?(?:w|basis)-(\d+/\d+)$"), "ratio"),
)
_NAMED_FRACTIONS = {
    "is-half": 1 / 2, "is-one-third": 1 / 3, "is-two-thirds": 2 / 3, "is-one-quarter": 1 / 4,
    "is-three-quarters": 3 / 4, "is-one-fifth": 1 / 5, "is-two-fifths": 2 / 5,
    "is-three-fifths": 3 / 5, "is-four-fifths": 4 / 5, "one-half": 1 / 2, "one-third": 1 / 3,
    "two-thirds": 2 / 3, "one-quarter": 1 / 4, "three-quarters": 3 / 4,
}  # fmt: skip
#: which breakpoint's class wins when several are given (a desktop-sized page).
_BREAKPOINTS = {"lg": 0, "large": 0, "md": 1, "medium": 1, "xl": 2, "sm": 3, "small": 3, "": 4}
_PER_ROW_CLASS = re.compile(
    r"^(?:(?:sm|md|lg|xl):)?(?:row-cols-(?:(?:sm|md|lg|xl)-)?|grid-cols-|gallery-columns-|"
    r"columns-|has-)(\d{1,2})(?:-columns)?$"
)


# -- CSS helpers (shared with tables.py and notion.py) ---------------------------------------


def inline_style(node: Node) -> dict[str, str]:
    """The element's ``style`` declarations, property names lower-cased."""
    raw = node.attributes.get("style")
    if not raw:
        return {}
    return {m.group(1).lower(): m.group(2).strip() for m in _STYLE_DECL.finditer(raw)}


def width_hint(node: Node, style: dict[str, str] | None = None) -> tuple[str, float] | None:
    """How wide an element asks to be: ``("fraction", 0.3)`` (of its row) or
    ``("weight", 200.0)`` (pixels or flex-grow, relative to its siblings), or None."""
    style = inline_style(node) if style is None else style
    for prop in ("width", "flex-basis"):
        value = style.get(prop)
        if value:
            hint = _length(value)
            if hint is not None:
                return hint
    flex = style.get("flex")
    if flex:
        parts = flex.split()
        for part in parts[2:] or parts[:1]:
            if _PERCENT.match(part):
                return _length(part)
        if len(parts) == 1 and _NUMBER.match(parts[0]):
            return ("weight", float(parts[0]))
    fraction = _class_fraction(node.attributes.get("class") or "")
    if fraction is not None:
        return ("fraction", fraction)
    width = node.attributes.get("width")
    if width:
        return _length(width)
    return None


def _length(value: str) -> tuple[str, float] | None:
    match = _PERCENT.match(value)
    if match:
        return ("fraction", float(match.group(1)) / 100)
    if value.lstrip().startswith("calc("):  # Notion: calc((100% - ...) * 0.5)
        factor = _CALC_FACTOR.search(value)
        return ("fraction", float(factor.group(1))) if factor else None
    match = _PIXELS.match(value)
    if match and float(match.group(1)) > 0:
        return ("weight", float(match.group(1)))
    return None


def _class_fraction(raw_classes: str) -> float | None:
    best: tuple[int, float] | None = None
    for name in raw_classes.split():
        named = _NAMED_FRACTIONS.get(name)
        if named is not None:
            return named
        for pattern, kind in _FRACTION_CLASSES:
            match = pattern.match(name)
            if not match:
                continue
            rank = _BREAKPOINTS.get(match.group(1) or "", 4)
            if kind == "twelfths":
                value = int(match.group(2)) / 12
            else:
                top, bottom = match.group(2).split("/")
                value = int(top) / int(bottom) if int(bottom) else 0.0
            if 0 < value <= 1 and (best is None or rank < best[0]):
                best = (rank, value)
    return best[1] if best else None


def ratios(hints: list[tuple[str, float] | None]) -> list[float | None]:
    """Width ratios for a row of columns, or all None when the hints do not agree.

    Fractions are kept (columns without one share what is left); weights (pixels, ``fr``,
    flex-grow) become their share of the total. Any ratio outside (0, 1) cancels them all.
    """
    if not hints or all(h is None for h in hints):
        return [None] * len(hints)
    kinds = {h[0] for h in hints if h is not None}
    if len(kinds) != 1:
        return [None] * len(hints)
    values = [h[1] if h is not None else None for h in hints]
    if kinds == {"weight"}:
        if None in values:
            return [None] * len(hints)
        total = sum(v for v in values if v is not None)
        return [v / total for v in values if v is not None]
    known = sum(v for v in values if v is not None)
    missing = values.count(None)
    if missing:
        if known >= 1:
            return [None] * len(hints)
        share = (1 - known) / missing
        values = [share if v is None else v for v in values]
    if any(v is None or not 0 < v < 1 for v in values):
        return [None] * len(hints)
    return values


def column_list(reader: Reader, columns: list[Column]) -> list[Block]:
    """A column list of the non-empty ``columns`` (at most 100; nested layouts flattened), or
    just the blocks of the one non-empty column, or nothing."""
    kept = [c for c in columns if c.children]
    for column in kept:
        column.children = _flatten_columns(reader, column.children)
    if len(kept) < 2:
        return [block for column in kept for block in column.children]
    if len(kept) > MAX_COLUMNS:  # keep every block: the extra columns join the last one
        merged = f"{len(kept)} columns in a row; the last ones were merged"
        reader.loss("column", merged, "approximated")
        tail = kept[MAX_COLUMNS - 1 :]
        kept = [*kept[: MAX_COLUMNS - 1], Column(children=[b for c in tail for b in c.children])]
    widths = ratios([("fraction", c.width_ratio) if c.width_ratio else None for c in kept])
    for column, width in zip(kept, widths, strict=True):
        column.width_ratio = width
    return [ColumnList(children=list(kept))]


def _flatten_columns(reader: Reader, blocks: list[Block]) -> list[Block]:
    if not any(isinstance(b, ColumnList) for b in blocks):
        return blocks
    flattened = "columns inside a column flattened into that column"
    reader.loss("column_list", flattened, "approximated")
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, ColumnList):
            out.extend(b for column in block.children for b in column.children)
        else:
            out.append(block)
    return out


# -- detection ----------------------------------------------------------------------------


def _children(node: Node) -> list[Node] | None:
    """Element children that would be columns, or None if the node holds loose text."""
    kids: list[Node] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            if (child.text_content or "").strip():
                return None
        elif tag and tag[0] != "-" and tag not in _IGNORED:
            kids.append(child)
    return kids


def _is_picture(node: Node, depth: int = 0) -> bool:
    """An image, a figure of one, a linked image, or an item holding one of those."""
    tag = node.tag
    if tag in ("img", "picture"):
        return True
    if depth > 2 or tag not in ("figure", "a", "li", "div", "span"):
        return False
    picture: Node | None = None
    for child in node.iter(include_text=True):  # one picture (and, in a figure, a caption)
        kind = child.tag or ""
        if kind == "-text":
            if (child.text_content or "").strip():
                return False
        elif kind == "figcaption" and tag == "figure":
            continue
        elif kind and kind[0] != "-" and kind not in _IGNORED:
            if picture is not None:
                return False
            picture = child
    return picture is not None and _is_picture(picture, depth + 1)


def _grid_tracks(value: str) -> tuple[list[str], bool]:
    """The column tracks of ``grid-template-columns``, and whether their number depends on the
    page width (``repeat(auto-fill, ...)``)."""
    auto = False

    def expand(match: re.Match[str]) -> str:
        nonlocal auto
        count = match.group(1)
        if not count.isdigit():
            auto = True
            return match.group(2).strip()
        return " ".join([match.group(2).strip()] * min(int(count), MAX_COLUMNS))

    tracks = [t for t in _TRACK.findall(_REPEAT.sub(expand, value)) if not t.startswith("[")]
    return tracks, auto


def _track_hint(track: str) -> tuple[str, float] | None:
    if track.endswith("fr") and _NUMBER.match(track[:-2]):
        return ("weight", float(track[:-2]))
    return _length(track)


class _Plan:
    """How a container lays its children out."""

    __slots__ = ("caption", "caption_first", "gallery", "kids", "per_row", "tracks")

    def __init__(
        self,
        kids: list[Node],
        per_row: int | None,
        tracks: list[str],
        gallery: bool,
        caption: Node | None,
        caption_first: bool,
    ) -> None:
        self.kids = kids
        self.per_row = per_row
        self.tracks = tracks
        self.gallery = gallery
        self.caption = caption
        self.caption_first = caption_first


def _plan(node: Node) -> _Plan | None:
    """The layout plan for ``node``, or None if it does not lay children out in a row."""
    tag = node.tag
    if tag not in _HOSTS:
        return None
    attributes = node.attributes
    raw_style = attributes.get("style") or ""
    raw_class = attributes.get("class") or ""
    by_style = False
    tracks: list[str] = []
    auto = False
    if "flex" in raw_style or "grid" in raw_style:
        style = inline_style(node)
        display = style.get("display", "").lower()
        if display in ("flex", "inline-flex"):
            direction = (style.get("flex-direction") or style.get("flex-flow") or "").lower()
            by_style = not direction.startswith("column")
        elif display in ("grid", "inline-grid"):
            tracks, auto = _grid_tracks(style.get("grid-template-columns", ""))
            by_style = auto or len(tracks) >= 2
    names = raw_class.split() if raw_class else []
    by_class = not by_style and any(n in _ROW_CLASSES for n in names)
    if by_class and any(n in _VERTICAL_CLASSES for n in names):
        by_class = False
    if not (by_style or by_class or _may_be_gallery(node)):
        return None
    if (by_style or by_class) and is_admonition(node):
        return None  # a callout laid out with flex (Bootstrap's alert with an icon)
    kids = _children(node)
    if kids is None:
        return None
    caption = None
    caption_first = False
    if tag == "figure" and kids and kids[-1].tag == "figcaption":
        caption = kids.pop()
    elif tag == "figure" and kids and kids[0].tag == "figcaption":
        caption, caption_first = kids.pop(0), True
    if len(kids) < 2:
        return None
    gallery = all(_is_picture(k) for k in kids)
    if not (by_style or by_class or gallery):
        return None
    if by_class and not gallery and any(k.tag not in _CONTAINERS | _PICTURES for k in kids):
        return None
    per_row = _per_row(names, [] if auto else tracks)
    if per_row is None and (auto or (gallery and any(n in _GALLERY_CLASSES for n in names))):
        per_row = GALLERY_ROW
    if per_row is None and len(kids) > MAX_COLUMNS:
        return None
    return _Plan(kids, per_row, [] if auto else tracks, gallery, caption, caption_first)


def _may_be_gallery(node: Node) -> bool:
    """A cheap first look: two or more element children, all pictures, and no loose text."""
    count = 0
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            if (child.text_content or "").strip():
                return False
        elif tag == "figcaption" or not tag or tag[0] == "-" or tag in _IGNORED:
            continue
        elif not _is_picture(child):
            return False
        else:
            count += 1
    return count >= 2


def _per_row(names: list[str], tracks: list[str]) -> int | None:
    if tracks:
        return min(len(tracks), MAX_COLUMNS)
    found = None
    for name in names:
        match = _PER_ROW_CLASS.match(name)
        if match and int(match.group(1)) > 0:
            found = int(match.group(1))  # the last one: the widest breakpoint, usually
    return min(found, MAX_COLUMNS) if found else None


def is_layout(node: Node) -> bool:
    """Whether ``node`` lays its children out side by side."""
    return _plan(node) is not None


def _substantial(column: Column) -> bool:
    """Whether a column carries page content of its own: several blocks, a block other than
    a paragraph or a lone picture, or a paragraph of some length. A row of links, or a title
    next to an icon, has no substantial column and is not a layout."""
    blocks = column.children
    if len(blocks) != 1:
        return len(blocks) > 1
    block = blocks[0]
    if isinstance(block, Image):
        return False
    if not isinstance(block, Paragraph):
        return True
    return bool(block.children) or sum(len(s.text) for s in block.spans) >= SHORT_TEXT


_Hinted = tuple[Column, tuple[str, float] | None]


def _rows(columns: list[_Hinted], per_row: int | None) -> Iterator[list[_Hinted]]:
    """Columns in rows: ``per_row`` at a time, or wrapping when widths add up past 1."""
    if per_row:
        for start in range(0, len(columns), per_row):
            yield columns[start : start + per_row]
        return
    row: list[_Hinted] = []
    filled = 0.0
    for column in columns:
        width = column[0].width_ratio
        if row and width is not None and filled + width > 1.0001:  # a grid that wraps
            yield row
            row, filled = [], 0.0
        row.append(column)
        filled += width or 0.0
    if row:
        yield row


def layout_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """Columns for a side-by-side container (or its children's blocks one after the other, when
    they turn out not to make a layout)."""
    plan = _plan(node)
    if plan is None:
        return None
    hints = [width_hint(kid) for kid in plan.kids]
    if plan.tracks:
        track_hints = [_track_hint(t) for t in plan.tracks]
        hints = [h or track_hints[i % len(track_hints)] for i, h in enumerate(hints)]
    columns: list[tuple[Column, tuple[str, float] | None]] = []
    for kid, hint in zip(plan.kids, hints, strict=True):
        # a list item's content, not a list of one item; anything else as it stands
        blocks = reader.blocks(kid, ctx) if kid.tag == "li" else reader.blocks_of([kid], ctx)
        if blocks:
            fraction = hint[1] if hint is not None and hint[0] == "fraction" else None
            columns.append((Column(children=blocks, width_ratio=fraction), hint))
    out: list[Block] = []
    if len(columns) < 2 or not (plan.gallery or any(_substantial(c) for c, _ in columns)):
        # not a layout after all: the children one after the other (flex and grid items are
        # blocks of their own, so this is how the container reads without its columns)
        out = [block for column, _ in columns for block in column.children]
    else:
        for row in _rows(columns, plan.per_row):
            widths = ratios([hint for _, hint in row])
            for (column, _), width in zip(row, widths, strict=True):
                column.width_ratio = width
            out.extend(column_list(reader, [column for column, _ in row]))
    if plan.caption is not None:
        caption = strip_spans(reader.spans(plan.caption, ctx))
        if caption:
            out.insert(0 if plan.caption_first else len(out), Paragraph(caption))
    return out


def register(table: RuleTable) -> None:
    """Put the layout rule in front of the table's predicate rules."""
    table.by_predicate.insert(0, (is_layout, layout_rule))


__all__ = [
    "MAX_COLUMNS",
    "column_list",
    "inline_style",
    "is_layout",
    "layout_rule",
    "ratios",
    "register",
    "width_hint",
]
