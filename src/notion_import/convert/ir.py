"""The converter's typed intermediate form: what a page says, before Notion's JSON.

Source readers (HTML, Markdown, ENEX, Notion's export) produce these objects; one serializer
(:mod:`notion_import.convert.serialize`) turns them into Notion request JSON and is the only
place that knows Notion's limits. Nothing here knows about HTTP or HTML.

A page is a :class:`ConvertedPage`: a title, metadata, a list of :class:`Block`, the
:class:`Asset` files it references and the :class:`Loss` list of what could not be carried.
Inline content is a list of :class:`Span`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Marks:
    """Inline formatting, as Notion's ``annotations``."""

    bold: bool = False
    italic: bool = False
    strikethrough: bool = False
    underline: bool = False
    code: bool = False
    #: a Notion colour name (:data:`notion_import.notion.COLORS`), e.g. ``"red"`` or
    #: ``"yellow_background"``.
    color: str = "default"


PLAIN = Marks()


@dataclass(frozen=True, slots=True)
class Link:
    """Where a span points.

    ``internal`` links target another file of the same export (``url`` is then the target's
    path relative to the export root, which may hold a ``#``, and ``fragment`` the anchor in
    it, ``""`` for the page; a link within the page names the page itself); the importer
    links them to the page, or to the block that carries the anchor, once these exist. Other
    links are absolute URLs (http, https, mailto).
    """

    url: str
    internal: bool = False
    fragment: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline content with one set of marks.

    ``kind`` is ``"text"`` (``text`` is the text) or ``"equation"`` (``text`` is LaTeX).
    """

    text: str
    marks: Marks = PLAIN
    link: Link | None = None
    kind: Literal["text", "equation"] = "text"


@dataclass(frozen=True, slots=True)
class Asset:
    """A file a page references.

    ``kind``: ``"local"`` (``ref`` is the path relative to the export root, already checked to
    stay inside it), ``"remote"`` (``ref`` is an http(s) URL), or ``"data"`` (``ref`` is a
    generated name, ``data`` holds the bytes: data: URIs, inline SVG, ENEX resources).
    """

    kind: Literal["local", "remote", "data"]
    ref: str
    media_type: str | None = None
    data: bytes | None = None
    name: str | None = None


#: What became of something the output does not carry as the source had it: ``dropped`` (not
#: carried: the only kind that makes an import exit 4), ``approximated`` (carried in another
#: form: h4 as heading 3, merged cells split, a form field as its text) or ``chrome`` (the
#: site's navigation, left out on purpose).
LossKind = Literal["dropped", "approximated", "chrome"]
LOSS_KINDS: tuple[LossKind, ...] = ("dropped", "approximated", "chrome")


@dataclass(frozen=True, slots=True)
class Loss:
    """Something the source held that the output does not carry (or carries degraded)."""

    element: str
    reason: str
    where: str
    kind: LossKind = "dropped"
    #: the visible words left out (for ``dropped`` and ``chrome``), so that verification
    #: against the source excuses them; empty when nothing readable was left out.
    text: str = ""


# -- blocks --------------------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """Base of every block; ``children`` nest to any depth (the writer splits requests)."""

    children: list[Block] = field(default_factory=list, kw_only=True)
    #: the ``id``/``name`` values of the source elements this block carries (a heading, a
    #: definition term, a table, a footnote...): where a link ``page.html#id`` leads.
    anchors: tuple[str, ...] = field(default=(), kw_only=True)


@dataclass(slots=True)
class Paragraph(Block):
    spans: list[Span]
    color: str = "default"


@dataclass(slots=True)
class Heading(Block):
    """``level`` 1-3 (Notion's headings); deeper source levels are mapped by the reader."""

    level: int
    spans: list[Span]
    toggleable: bool = False
    color: str = "default"


@dataclass(slots=True)
class ListItem(Block):
    style: Literal["bulleted", "numbered", "to_do"]
    spans: list[Span]
    checked: bool = False
    color: str = "default"


@dataclass(slots=True)
class Quote(Block):
    spans: list[Span]
    color: str = "default"


@dataclass(slots=True)
class Callout(Block):
    spans: list[Span]
    #: an emoji, or the http(s) address of an icon picture (Notion's own icons included).
    icon: str | None = None
    color: str = "default"


@dataclass(slots=True)
class Toggle(Block):
    spans: list[Span]
    color: str = "default"


@dataclass(frozen=True, slots=True)
class CodeLink:
    """A link over the characters ``start`` to ``end`` of a code block's text."""

    start: int
    end: int
    link: Link


@dataclass(slots=True)
class Code(Block):
    """Code: its text, white space kept, unformatted (the source's formatting is
    highlighting); ``links`` are the parts of it that link somewhere, in order."""

    text: str
    #: a language from Notion's list (``"plain text"`` when unknown).
    language: str = "plain text"
    caption: list[Span] = field(default_factory=list)
    links: list[CodeLink] = field(default_factory=list)

    def as_spans(self) -> list[Span]:
        """The text as plain spans, the linked parts carrying their link."""
        spans: list[Span] = []
        done = 0
        for part in self.links:
            if part.start > done:
                spans.append(Span(self.text[done : part.start]))
            spans.append(Span(self.text[part.start : part.end], link=part.link))
            done = part.end
        if done < len(self.text) or not spans:
            spans.append(Span(self.text[done:]))
        return spans


@dataclass(slots=True)
class Equation(Block):
    expression: str


@dataclass(slots=True)
class Divider(Block):
    pass


@dataclass(slots=True)
class Image(Block):
    asset: Asset
    caption: list[Span] = field(default_factory=list)
    alt: str = ""


@dataclass(slots=True)
class Media(Block):
    """``video``, ``audio``, ``file``, ``pdf`` (an asset) or ``embed``, ``bookmark`` (a URL)."""

    kind: Literal["video", "audio", "file", "pdf", "embed", "bookmark"]
    asset: Asset
    caption: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Table(Block):
    """Rows of cells; each cell is a list of spans. Rows may be longer than 100."""

    rows: list[list[list[Span]]]
    has_column_header: bool = False
    has_row_header: bool = False

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


@dataclass(slots=True)
class Column(Block):
    width_ratio: float | None = None


@dataclass(slots=True)
class ColumnList(Block):
    """Side-by-side columns: ``children`` are :class:`Column` (at least two)."""


@dataclass(slots=True)
class TableOfContents(Block):
    pass


@dataclass(slots=True)
class ConvertedPage:
    """One converted document."""

    source: str
    title: str
    blocks: list[Block]
    assets: list[Asset] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)
    #: author, date, tags, description, source_url, ... for database imports.
    metadata: dict[str, Any] = field(default_factory=dict)
    #: targets of internal links (export-relative paths), as the ``convert`` command lists
    #: them (the importer reads the typed references of the serialized page instead).
    links: list[str] = field(default_factory=list)
    #: the HTML the page was converted from, as read (decoded): what verification against
    #: the source reads independently of the converter. The importer lets it go at once.
    html: str = field(default="", repr=False, compare=False)
