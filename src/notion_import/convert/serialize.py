"""The one place that turns the typed tree into Notion request JSON, and knows Notion's limits.

Every limit is met by splitting, never by cutting:

- text longer than 2,000 characters is split into several rich-text items on word boundaries;
- a rich-text array longer than 100 items continues in the next block (a paragraph after a
  paragraph or heading, a child paragraph of a list item, quote, callout or toggle);
- an inline equation over 1,000 characters becomes an equation block in place;
- code longer than 100 x 2,000 characters continues in another code block (its links stay on
  their words, which are split as any text is);
- tables wider than 100 columns are split into side-by-side column groups (a loss entry says
  so); rows past 100 and lists past 100 items stay in the tree — the writer appends them;
- children of blocks that cannot hold children are moved right after their parent;
- a URL over 2,000 characters (or one Notion refuses) keeps its text and loses its link, with a
  loss entry.

References that only the importer can fill (a file to upload, a link to another page of the
export) stay typed: :func:`serialize` returns them beside the blocks, each with its place in
the tree (see :mod:`notion_import.convert.references`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from notion_import.convert.ir import (
    PLAIN,
    Asset,
    Block,
    Callout,
    Code,
    Column,
    ColumnList,
    Divider,
    Equation,
    Heading,
    Image,
    ListItem,
    Loss,
    LossKind,
    Marks,
    Media,
    Paragraph,
    Quote,
    Span,
    Table,
    TableOfContents,
    Toggle,
)
from notion_import.convert.references import PageLink, Serialized, locate, with_markers
from notion_import.notion import (
    MAX_COLUMNS,
    MAX_EQUATION,
    MAX_ITEMS,
    MAX_TEXT,
    MAX_URL,
    js_length,
    split_text,
)

_WEB_LINK = re.compile(r"https?://[^/?#\s]+[^\s]*", re.IGNORECASE)
_MAIL_LINK = re.compile(r"mailto:[^\s]+", re.IGNORECASE)


@dataclass
class Serializer:
    """Serializes one page's blocks; ``assets`` is the page's asset list (extended as needed)."""

    where: str = ""
    assets: list[Asset] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)
    _asset_index: dict[Asset, int] = field(default_factory=dict)
    #: anchors by the ``id()`` of the request block that carries them.
    anchored: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: internal links by the ``id()`` of their rich-text item (the item kept alive with it).
    linked: dict[int, tuple[dict[str, Any], PageLink]] = field(default_factory=dict)
    #: files to upload by the ``id()`` of their ``file_upload`` object: the asset's index.
    uploads: dict[int, tuple[dict[str, Any], int]] = field(default_factory=dict)

    def lose(self, element: str, reason: str, kind: LossKind = "dropped") -> None:
        """Record what the page cannot carry as it is (see :class:`Loss`)."""
        self.losses.append(Loss(element, reason, self.where, kind))

    def __post_init__(self) -> None:
        for index, asset in enumerate(self.assets):
            self._asset_index.setdefault(asset, index)

    # -- text ----------------------------------------------------------------------------

    def rich_text(self, spans: list[Span]) -> list[dict[str, Any]]:
        """Spans -> rich-text items (merged, split at 2,000 characters); any length."""
        items: list[dict[str, Any]] = []
        for span in _merge(spans):
            if span.kind == "equation":
                items.append(
                    {
                        "type": "equation",
                        "equation": {"expression": span.text},
                        **_annotations(span.marks),
                    }
                )
                continue
            link = self._link(span)
            for chunk in split_text(span.text, MAX_TEXT):
                text: dict[str, Any] = {"content": chunk}
                if isinstance(link, str):
                    text["link"] = {"url": link}
                item = {"type": "text", "text": text, **_annotations(span.marks)}
                if isinstance(link, PageLink):  # written as text until its page exists
                    self.linked[id(item)] = (item, link)
                items.append(item)
        return items

    def _link(self, span: Span) -> str | PageLink | None:
        if span.link is None:
            return None
        url = span.link.url
        if span.link.internal:
            return PageLink(url, span.link.fragment)
        if js_length(url) > MAX_URL:
            self.lose(
                "a",
                f"link URL of {len(url)} characters is over Notion's 2,000; "
                "kept the text without the link",
            )
            return None
        if not is_link_target(url):
            self.lose("a", f"link to {url[:80]!r} is not an http(s) or mailto URL; kept the text")
            return None
        return url

    def asset_source(self, asset: Asset, element: str = "img") -> dict[str, Any] | None:
        """A media source: an upload for files (its id filled by the importer), external for
        remote URLs; None (with a loss for ``element``) for a URL Notion refuses."""
        if asset.kind == "remote":
            if js_length(asset.ref) > MAX_URL:
                self.lose(
                    element,
                    f"URL of {len(asset.ref)} characters is over Notion's 2,000; kept as text",
                )
                return None
            return {"type": "external", "external": {"url": asset.ref}}
        index = self._asset_index.get(asset)
        if index is None:
            index = len(self.assets)
            self.assets.append(asset)
            self._asset_index[asset] = index
        upload: dict[str, Any] = {}
        self.uploads[id(upload)] = (upload, index)
        return {"type": "file_upload", "file_upload": upload}

    # -- blocks --------------------------------------------------------------------------

    def blocks(self, blocks: list[Block]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for block in blocks:
            out.extend(self.block(block))
        return out

    def block(self, block: Block) -> list[dict[str, Any]]:
        """One IR block -> one or more request blocks (continuations, moved children)."""
        handler = _HANDLERS.get(type(block))
        if handler is None:
            self.lose(type(block).__name__, "no Notion equivalent")
            out = self.blocks(block.children)
        else:
            out = handler(self, block)
        if block.anchors and out:
            # the block's own request block (long equations split out of text may come first)
            head = next((b for b in out if b["type"] != "equation"), out[0])
            self.anchored[id(head)] = (*self.anchored.get(id(head), ()), *block.anchors)
        return out

    def _text_block(
        self,
        kind: str,
        spans: list[Span],
        children: list[Block],
        extra: dict[str, Any],
        continuation: str,
    ) -> list[dict[str, Any]]:
        """A rich-text block; long arrays continue in ``continuation`` blocks."""
        pieces = list(self._with_equation_blocks(spans))
        out: list[dict[str, Any]] = []
        own_children = self.blocks(children)
        first = True
        for piece in pieces:
            if isinstance(piece, dict):  # an equation block split out of the text
                out.append(piece)
                continue
            items = self.rich_text(piece)
            chunks = [items[i : i + MAX_ITEMS] for i in range(0, len(items), MAX_ITEMS)] or [[]]
            for chunk in chunks:
                if first:
                    out.append({"type": kind, kind: {"rich_text": chunk, **extra}})
                    first = False
                elif continuation == "child":
                    head = out[0][kind]
                    head.setdefault("children", []).append(_paragraph(chunk))
                else:
                    out.append(_paragraph(chunk))
        if first:  # the text was only equation blocks: keep the block itself
            out.insert(0, {"type": kind, kind: {"rich_text": [], **extra}})
        if own_children:
            head = next(b for b in out if b["type"] == kind)[kind]
            head.setdefault("children", []).extend(own_children)
        return out

    def _with_equation_blocks(self, spans: list[Span]) -> Iterator[list[Span] | dict[str, Any]]:
        """Text runs, with equations too long for inline use as equation blocks between."""
        run: list[Span] = []
        for span in spans:
            if span.kind == "equation" and js_length(span.text) > MAX_EQUATION:
                if run:
                    yield run
                    run = []
                yield {"type": "equation", "equation": {"expression": span.text}}
            else:
                run.append(span)
        if run or not spans:
            yield run

    def paragraph(self, block: Paragraph) -> list[dict[str, Any]]:
        return self._text_block(
            "paragraph", block.spans, block.children, _color(block.color), "after"
        )

    def heading(self, block: Heading) -> list[dict[str, Any]]:
        kind = f"heading_{min(3, max(1, block.level))}"
        extra = _color(block.color)
        if block.toggleable or block.children:
            extra["is_toggleable"] = True
        out = self._text_block(kind, block.spans, block.children, extra, "after")
        return out

    def list_item(self, block: ListItem) -> list[dict[str, Any]]:
        kind = {
            "bulleted": "bulleted_list_item",
            "numbered": "numbered_list_item",
            "to_do": "to_do",
        }[block.style]
        extra = _color(block.color)
        if block.style == "to_do":
            extra["checked"] = block.checked
        return self._text_block(kind, block.spans, block.children, extra, "child")

    def quote(self, block: Quote) -> list[dict[str, Any]]:
        return self._text_block("quote", block.spans, block.children, _color(block.color), "child")

    def toggle(self, block: Toggle) -> list[dict[str, Any]]:
        return self._text_block("toggle", block.spans, block.children, _color(block.color), "child")

    def callout(self, block: Callout) -> list[dict[str, Any]]:
        extra = _color(block.color)
        if block.icon and block.icon.startswith(("https://", "http://")):
            extra["icon"] = {"type": "external", "external": {"url": block.icon}}
        elif block.icon:
            extra["icon"] = {"type": "emoji", "emoji": block.icon}
        return self._text_block("callout", block.spans, block.children, extra, "child")

    def code(self, block: Code) -> list[dict[str, Any]]:
        items = self.rich_text(block.as_spans()) or [{"type": "text", "text": {"content": ""}}]
        per_block = [items[i : i + MAX_ITEMS] for i in range(0, len(items), MAX_ITEMS)]
        out = []
        for index, group in enumerate(per_block):
            payload: dict[str, Any] = {"rich_text": group, "language": block.language}
            if index == len(per_block) - 1 and block.caption:
                payload["caption"] = self.rich_text(block.caption)[:MAX_ITEMS]
            out.append({"type": "code", "code": payload})
        return out + self.blocks(block.children)

    def equation(self, block: Equation) -> list[dict[str, Any]]:
        return [
            {"type": "equation", "equation": {"expression": block.expression}},
            *self.blocks(block.children),
        ]

    def divider(self, block: Divider) -> list[dict[str, Any]]:
        return [{"type": "divider", "divider": {}}, *self.blocks(block.children)]

    def toc(self, block: TableOfContents) -> list[dict[str, Any]]:
        return [{"type": "table_of_contents", "table_of_contents": {}}]

    def image(self, block: Image) -> list[dict[str, Any]]:
        source = self.asset_source(block.asset)
        if source is None:  # its alt text, or its URL, as a paragraph (split as text is)
            text = block.alt or block.asset.ref
            return [*self.paragraph(Paragraph([Span(text)])), *self.blocks(block.children)]
        payload = dict(source)
        if block.caption:
            payload["caption"] = self._caption(block.caption)
        return [{"type": "image", "image": payload}, *self.blocks(block.children)]

    def media(self, block: Media) -> list[dict[str, Any]]:
        if block.kind in ("embed", "bookmark"):
            url = block.asset.ref
            if len(url) > MAX_URL or not url.startswith(("http://", "https://")):
                self.lose(block.kind, f"cannot embed {url[:80]!r}; kept as text", "approximated")
                return [*self.paragraph(Paragraph([Span(url)])), *self.blocks(block.children)]
            payload: dict[str, Any] = {"url": url}
            if block.caption:
                payload["caption"] = self._caption(block.caption)
            return [{"type": block.kind, block.kind: payload}, *self.blocks(block.children)]
        source = self.asset_source(block.asset, block.kind)
        if source is None:
            return [
                *self.paragraph(Paragraph([Span(block.asset.ref)])),
                *self.blocks(block.children),
            ]
        payload = dict(source)
        if block.caption:
            payload["caption"] = self._caption(block.caption)
        return [{"type": block.kind, block.kind: payload}, *self.blocks(block.children)]

    def _caption(self, spans: list[Span]) -> list[dict[str, Any]]:
        items = self.rich_text(spans)
        if len(items) > MAX_ITEMS:
            self.lose("figcaption", f"caption of {len(items)} pieces shortened to 100")
        return items[:MAX_ITEMS]

    def table(self, block: Table) -> list[dict[str, Any]]:
        width = block.width
        if width == 0:
            return self.blocks(block.children)
        if width > MAX_COLUMNS:
            self.lose("table", f"table of {width} columns split into groups of 100", "approximated")
        out: list[dict[str, Any]] = []
        for start in range(0, width, MAX_COLUMNS):
            group_width = min(MAX_COLUMNS, width - start)
            rows = []
            for row in block.rows:
                cells = [self._cell(c) for c in row[start : start + group_width]]
                cells += [[] for _ in range(group_width - len(cells))]
                rows.append({"type": "table_row", "table_row": {"cells": cells}})
            out.append(
                {
                    "type": "table",
                    "table": {
                        "table_width": group_width,
                        "has_column_header": block.has_column_header,
                        "has_row_header": block.has_row_header and start == 0,
                        "children": rows,
                    },
                }
            )
        return out + self.blocks(block.children)

    def _cell(self, spans: list[Span]) -> list[dict[str, Any]]:
        items = self.rich_text(spans)
        if len(items) <= MAX_ITEMS:
            return items
        # too many pieces for one cell: keep every character, drop the formatting
        pieces = split_text("".join(_plain(i) for i in items), MAX_TEXT)
        self.lose(
            "td", "cell with more than 100 formatted pieces kept as plain text", "approximated"
        )
        if len(pieces) > MAX_ITEMS:
            self.lose("td", "cell text over 200,000 characters cut at 200,000")
        return [{"type": "text", "text": {"content": p}} for p in pieces[:MAX_ITEMS]]

    def column_list(self, block: ColumnList) -> list[dict[str, Any]]:
        columns = [c for c in block.children if isinstance(c, Column) and c.children]
        if len(columns) < 2:
            return self.blocks([b for c in columns for b in c.children])
        if len(columns) > MAX_ITEMS:
            columns = columns[:MAX_ITEMS]  # cannot happen from readers; guard anyway
        ratios = [c.width_ratio for c in columns]
        give_ratios = all(r is not None and 0 < r < 1 for r in ratios)
        total = sum(r for r in ratios if r is not None) if give_ratios else 0.0
        out_columns = []
        for column, ratio in zip(columns, ratios, strict=True):
            payload: dict[str, Any] = {"children": self.blocks(column.children)}
            if give_ratios and ratio is not None and total > 0:
                payload["width_ratio"] = ratio / total
            out_columns.append({"type": "column", "column": payload})
        return [{"type": "column_list", "column_list": {"children": out_columns}}]

    def column(self, block: Column) -> list[dict[str, Any]]:
        return self.blocks(block.children)  # a column outside a column list: just its content


_HANDLERS: dict[type[Block], Callable[[Serializer, Any], list[dict[str, Any]]]] = {
    Paragraph: Serializer.paragraph,
    Heading: Serializer.heading,
    ListItem: Serializer.list_item,
    Quote: Serializer.quote,
    Toggle: Serializer.toggle,
    Callout: Serializer.callout,
    Code: Serializer.code,
    Equation: Serializer.equation,
    Divider: Serializer.divider,
    TableOfContents: Serializer.toc,
    Image: Serializer.image,
    Media: Serializer.media,
    Table: Serializer.table,
    ColumnList: Serializer.column_list,
    Column: Serializer.column,
}


def is_link_target(url: str) -> bool:
    """Can ``url`` be a text link? Notion takes an http(s) URL with a host or a ``mailto:``
    URL with an address, without white space; it refuses anything else ("Invalid URL for
    link.": relative paths, ``javascript:``, ``file:``, other schemes)."""
    return bool(_WEB_LINK.fullmatch(url) or _MAIL_LINK.fullmatch(url))


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbouring text spans with the same marks and link; drop empty ones."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if (
            out
            and out[-1].kind == span.kind == "text"
            and out[-1].marks == span.marks
            and (out[-1].link == span.link)
        ):
            out[-1] = Span(out[-1].text + span.text, span.marks, span.link)
        else:
            out.append(span)
    return out


def _annotations(marks: Marks) -> dict[str, Any]:
    if marks == PLAIN:
        return {}
    values = {
        "bold": marks.bold,
        "italic": marks.italic,
        "strikethrough": marks.strikethrough,
        "underline": marks.underline,
        "code": marks.code,
    }
    annotations: dict[str, Any] = {k: v for k, v in values.items() if v}
    if marks.color != "default":
        annotations["color"] = marks.color
    return {"annotations": annotations}


def _color(color: str) -> dict[str, Any]:
    return {"color": color} if color != "default" else {}


def _paragraph(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "paragraph", "paragraph": {"rich_text": items}}


def _plain(item: dict[str, Any]) -> str:
    if item["type"] == "equation":
        return str(item["equation"]["expression"])
    return str(item["text"]["content"])


def serialize(
    blocks: list[Block], *, assets: list[Asset] | None = None, where: str = ""
) -> Serialized:
    """Blocks -> request blocks, with the references only the importer can fill, the anchors
    (the blocks that carry each ``id``) and the losses. ``assets`` (the page's files) is
    extended with new ones."""
    serializer = Serializer(where=where, assets=assets if assets is not None else [])
    out = serializer.blocks(blocks)
    links, files, anchors = locate(out, serializer.linked, serializer.uploads, serializer.anchored)
    return Serialized(out, links, files, anchors, serializer.assets, serializer.losses)


def to_notion(
    blocks: list[Block], *, assets: list[Asset] | None = None, where: str = ""
) -> tuple[list[dict[str, Any]], list[Loss]]:
    """Blocks -> (request blocks, losses), references shown in place as the ``convert``
    command prints them (see :func:`~notion_import.convert.references.with_markers`).
    ``assets`` is extended with new files."""
    page = serialize(blocks, assets=assets, where=where)
    return with_markers(page), page.losses
