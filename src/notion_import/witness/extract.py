"""A page's source HTML -> its :class:`Witness`: what a reader of the page sees, compactly.

The reader is the standard library's :class:`html.parser.HTMLParser`, independent of the
converter, and follows what a browser shows:

- **Words**: the text of the document outside its ``<head>``, split at every element that
  is not inline text formatting (``<b>``, ``<a>``, ``<span>``... join the words around
  them, as a browser draws them; but each value of a Notion export's multi-select, drawn as
  a tag of its own). Left out, as a browser does: the
  ``<head>``, scripts, styles, templates, ``<noscript>``, frames' fallback content, elements
  with the ``hidden`` attribute or an inline ``display: none`` / ``visibility: hidden``.
  Drawings and formulas (``<svg>``, ``<math>``, KaTeX's and MathJax's rendering) are not
  words. Words are normalised
  (:func:`words`) so that formatting does not count.
- **Images**: each ``<img src>``, by the file name it names (empty for a ``data:`` URI).
- **Links**: each ``<a href>`` with words, its words and where it leads (resolved against
  ``<base href>`` and the page's folder). Left out: links without words, ``javascript:``, and
  links that only point at where they stand (a fragment naming an enclosing element's ``id``
  or ``name``; Sphinx ``headerlink``, docutils ``toc-backref``; the page itself, without a
  fragment): their words stay in the text.
- **Cells**: the words of each ``<td>``/``<th>`` with words (a table inside a cell has cells
  of its own, not counted in the outer cell), and whether its table is a grid (two rows or
  more of two cells or more).

Elements a browser closes without an end tag (``<p>``, ``<li>``, ``<td>``, ``<tr>``...) are
closed as the HTML standard says, near enough for these purposes.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final
from urllib.parse import unquote, urljoin, urlsplit

#: elements whose content a browser does not show (or that hold no words).
HIDDEN: Final = frozenset(
    {
        "head", "title", "script", "style", "template", "noscript", "noframes", "iframe",
        "datalist", "rp", "svg", "math", "canvas", "audio", "video", "object",
        "mjx-container",
    }
)  # fmt: skip
#: classes of rendered formulas (KaTeX, MathJax 2): no words either, as ``<math>``.
FORMULA_CLASSES: Final = frozenset({"katex", "katex-display", "MathJax", "MathJax_Display"})
#: inline elements: the words on both sides of their tags are one text (no word break).
INLINE: Final = frozenset(
    {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del",
        "dfn", "em", "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "s",
        "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
        "wbr",
    }
)  # fmt: skip
#: elements without content (never on the stack of open elements).
VOID: Final = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "frame",
    }
)  # fmt: skip
#: classes of links that point back at their own heading (Sphinx, MkDocs, docutils).
SELF_LINK_CLASSES: Final = frozenset({"headerlink", "toc-backref"})

_BLOCKS_CLOSING_P: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "dd", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
        "summary", "table", "ul",
    }
)  # fmt: skip
#: start tag -> (open elements it closes, elements that stop the search for them).
_IMPLIED_END: Final[dict[str, tuple[frozenset[str], frozenset[str]]]] = {
    **{
        tag: (frozenset({"p"}), frozenset({"button", "td", "th", "table", "caption"}))
        for tag in _BLOCKS_CLOSING_P
    },
    "li": (frozenset({"li", "p"}), frozenset({"ul", "ol", "menu", "td", "th", "table"})),
    "dt": (frozenset({"dt", "dd", "p"}), frozenset({"dl", "td", "th", "table"})),
    "dd": (frozenset({"dt", "dd", "p"}), frozenset({"dl", "td", "th", "table"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table"})),
    "tbody": (frozenset({"tr", "td", "th", "thead", "tbody", "tfoot"}), frozenset({"table"})),
    "thead": (frozenset({"tr", "td", "th", "thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tfoot": (frozenset({"tr", "td", "th", "thead", "tbody", "tfoot"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist"})),
}
_HIDDEN_STYLE: Final = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b")
_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_TRIM: Final = re.compile(r"^[\x00-\x20\s]+|[\x00-\x20\s]+$")
#: a word: from its first letter or digit to its last, within a run without white space.
_WORD: Final = re.compile(r"\w(?:\S*\w)?")
_NO_ATTRIBUTES: Final[dict[str, str | None]] = {}


def words(text: str) -> list[str]:
    """``text`` as normalised words: NFKC, case folded, split at white space, punctuation and
    symbols trimmed from both ends (a word of punctuation only is no word)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _WORD.findall(text.casefold())


@dataclass(frozen=True, slots=True)
class SourceLink:
    """One link of the source, as a reader follows it."""

    #: the link's words (normalised, see :func:`words`).
    words: tuple[str, ...]
    #: the ``href`` as written (white space trimmed), to find the converter's loss for it.
    href: str
    #: where it leads outside the export: an absolute URL (``mailto:`` and other schemes
    #: included); empty for a link into the export.
    url: str = ""
    #: where it leads inside the export: the path from the export root ("" for the page
    #: itself when ``url`` is empty), and the fragment after ``#``.
    path: str = ""
    fragment: str = ""


@dataclass(frozen=True, slots=True)
class SourceCell:
    """One table cell of the source that has words."""

    words: tuple[str, ...]
    #: in a grid: a table with at least two rows of two or more cells with words (anything
    #: less is read as text laid out: a one-cell frame, a note beside its label).
    grid: bool = False


@dataclass(frozen=True, slots=True)
class Witness:
    """What a page's source shows: its words in order, images, links and table cells."""

    #: the page's path from the export root (what internal links are resolved against).
    source: str
    #: the visible words, normalised, in source order.
    words: tuple[str, ...]
    #: the file name of each image, in order ("" for an image given as a ``data:`` URI).
    images: tuple[str, ...]
    links: tuple[SourceLink, ...]
    #: each table cell that has words, in order.
    cells: tuple[SourceCell, ...]
    #: the http(s) address the page names for itself (``<base href>``, canonical, ``og:url``):
    #: a link to a page missing from the export may lead there instead.
    site: str = ""


def extract(html: str, source: str) -> Witness:
    """The :class:`Witness` of one page (``source``: its path from the export root)."""
    parser = _Reader(source)
    parser.feed(html)
    parser.close()
    return parser.witness()


@dataclass(slots=True)
class _Open:
    """An open element: its tag, anchors, and what it started."""

    tag: str
    names: tuple[str, ...] = ()
    hides: bool = False
    link: bool = False
    table: bool = False


class _Reader(HTMLParser):
    """One pass over the page, collecting the witness as it goes."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._stack: list[_Open] = []
        self._hidden = 0
        self._text: list[str] = []
        self._images: list[str] = []
        self._links: list[SourceLink] = []
        #: the open link: (href, its text so far), or None.
        self._link: tuple[str, list[str]] | None = None
        #: open tables, innermost last: the text of the open cell, or None between cells.
        self._tables: list[list[str] | None] = []
        #: the rows of each open table so far (the last one open): the cells with words.
        self._rows: list[list[list[tuple[str, ...]]]] = []
        self._cells: list[SourceCell] = []
        self._base = ""
        self._site = ""
        self._canonical = ""

    # -- the result ----------------------------------------------------------------------

    def witness(self) -> Witness:
        while self._stack:
            self._pop()
        base = self._base if _is_web(self._base) else ""
        return Witness(
            source=self.source,
            words=tuple(words("".join(self._text))),
            images=tuple(self._images),
            links=tuple(self._links),
            cells=tuple(self._cells),
            site=base or self._canonical or self._site,
        )

    # -- parser events -------------------------------------------------------------------

    def updatepos(self, i: int, j: int) -> int:
        """Positions (line, column) are not needed: not counting them saves a fifth."""
        return j

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs) if attrs else _NO_ATTRIBUTES
        if tag in ("base", "link", "meta"):
            self._head(tag, values)
        implied = _IMPLIED_END.get(tag)
        if implied is not None:
            self._close_implied(*implied)
        if (tag not in INLINE and tag not in HIDDEN) or _pill(values.get("class")):
            self._break()
        hides = tag in HIDDEN or (
            bool(values)
            and (
                "hidden" in values
                or bool(_HIDDEN_STYLE.search((values.get("style") or "").lower()))
                or _formula(values.get("class"))
            )
        )
        if tag == "img" and not self._hidden and not hides:
            self._image(values.get("src") or "")
        if tag in VOID:
            return
        entry = _Open(tag, _names(tag, values) if values else (), hides)
        self._stack.append(entry)
        if hides:
            self._hidden += 1
            return
        if self._hidden:
            return
        if tag == "a" and values.get("href") is not None:
            self._end_link()
            if not self._self_link(values):
                self._link = (_clean(values.get("href") or ""), [])
                entry.link = True
        elif tag == "table":
            self._tables.append(None)
            self._rows.append([[]])
            entry.table = True
        elif tag == "tr" and self._tables:
            self._end_row()
        elif tag in ("td", "th") and self._tables:
            self._end_cell()
            self._tables[-1] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE and tag not in HIDDEN:
            self._break()
        if self._stack and self._stack[-1].tag == tag:
            self._pop()
            return
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                while len(self._stack) > index:
                    self._pop()
                return

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self._text.append(data)
        if self._link is not None:
            self._link[1].append(data)
        if self._tables and self._tables[-1] is not None:
            cell = self._tables[-1]
            cell.append(data)

    # -- helpers -------------------------------------------------------------------------

    def _break(self) -> None:
        """A word break (a block starts or ends)."""
        if not self._hidden and self._text and self._text[-1] != " ":
            self._text.append(" ")
            if self._link is not None:
                self._link[1].append(" ")
            if self._tables and self._tables[-1] is not None:
                cell = self._tables[-1]
                cell.append(" ")

    def _pop(self) -> None:
        entry = self._stack.pop()
        if entry.hides:
            self._hidden -= 1
        elif self._hidden:
            return
        if entry.link:
            self._end_link()
        elif entry.table:
            self._end_cell()
            self._tables.pop()
            rows = self._rows.pop()
            grid = sum(1 for row in rows if len(row) > 1) > 1
            self._cells.extend(SourceCell(cell, grid) for row in rows for cell in row)
        elif entry.tag in ("td", "th") and self._tables:
            self._end_cell()
        elif entry.tag == "tr" and self._tables:
            self._end_row()

    def _close_implied(self, closes: frozenset[str], stops: frozenset[str]) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            tag = self._stack[index].tag
            if tag in closes:
                while len(self._stack) > index:
                    self._pop()
                return
            if tag in stops:
                return

    def _end_cell(self) -> None:
        cell = self._tables[-1]
        if cell is not None:
            found = tuple(words("".join(cell)))
            if found:
                self._rows[-1][-1].append(found)
            self._tables[-1] = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._rows[-1][-1]:
            self._rows[-1].append([])

    def _end_link(self) -> None:
        if self._link is None:
            return
        href, text = self._link
        self._link = None
        found = tuple(words("".join(text)))
        if found:
            link = self._resolve(href, found)
            if link is not None:
                self._links.append(link)

    def _self_link(self, values: dict[str, str | None]) -> bool:
        classes = set((values.get("class") or "").split())
        if not classes.isdisjoint(SELF_LINK_CLASSES):
            return True
        href = _clean(values.get("href") or "")
        if not href.startswith("#") or len(href) == 1:
            return False
        wanted = {href[1:], unquote(href[1:])}
        return any(not wanted.isdisjoint(entry.names) for entry in self._stack)

    def _head(self, tag: str, values: dict[str, str | None]) -> None:
        href = _clean(values.get("href") or "")
        if tag == "base" and href and not self._base:
            self._base = href
        elif tag == "link" and "canonical" in (values.get("rel") or "").lower().split():
            self._canonical = self._canonical or (href if _is_web(href) else "")
        elif tag == "meta" and (values.get("property") or "").lower() == "og:url":
            content = _clean(values.get("content") or "")
            self._site = self._site or (content if _is_web(content) else "")

    def _image(self, src: str) -> None:
        src = _clean(src)
        if not src:
            return
        if src[:5].lower() == "data:":
            self._images.append("")
            return
        path = urlsplit(src).path if _SCHEME.match(src) or src.startswith("//") else src
        path = path.partition("#")[0].partition("?")[0]
        name = posixpath.basename(unquote(path))
        self._images.append(unquote(name) if "%" in name else name)

    def _resolve(self, href: str, found: tuple[str, ...]) -> SourceLink | None:
        """Where a link leads, as a browser follows it (None: not a link to follow)."""
        if href.startswith("//"):
            href = "https:" + href
        scheme = _SCHEME.match(href)
        if scheme is not None and len(scheme.group(1)) > 1:
            if scheme.group(1).lower() == "javascript":
                return None
            return SourceLink(found, href, url=href)
        base = self._base
        if _is_web(base):
            absolute = urljoin(base, href)
            local = ""  # the converter looks for the file in the export first, as a path
        else:
            absolute, local = "", base
        path, _, fragment = href.partition("#")
        path = path.partition("?")[0]
        if not path:  # within the page ("" or "#": the page itself, not a link to follow)
            return (
                SourceLink(found, href, path=self.source, fragment=fragment) if fragment else None
            )
        page_dir = posixpath.dirname(self.source)
        if local:
            page_dir = posixpath.normpath(posixpath.join(page_dir, local.partition("?")[0]))
            if not local.endswith("/"):
                page_dir = posixpath.dirname(page_dir)
        decoded = unquote(path.replace("\\", "/"))
        if "%" in decoded:  # Notion's export encodes its file names twice
            decoded = unquote(decoded)
        joined = (
            decoded.lstrip("/") if decoded.startswith("/") else posixpath.join(page_dir, decoded)
        )
        target = posixpath.normpath(joined) if joined else "."
        if target == self.source and not fragment:
            return None  # the page itself: a reader following it stays where it is
        return SourceLink(found, href, absolute, target, fragment)


def _names(tag: str, values: dict[str, str | None]) -> tuple[str, ...]:
    """The anchors an element offers: its ``id``, and an ``<a>``'s ``name``."""
    own = values.get("id")
    name = values.get("name") if tag == "a" else None
    if name:
        return (own, name) if own else (name,)
    return (own,) if own else ()


def _pill(classes: str | None) -> bool:
    """Whether an inline element is drawn apart, as a tag (Notion's export: each value of a
    multi-select property is a ``selected-value`` pill, written without space between)."""
    return classes is not None and "selected-value" in classes.split()


def _formula(classes: str | None) -> bool:
    """Whether an element's classes mark a rendered formula (looked for cheaply first)."""
    return (
        classes is not None
        and ("katex" in classes or "MathJax" in classes)
        and not FORMULA_CLASSES.isdisjoint(classes.split())
    )


def _clean(href: str) -> str:
    """An address as a browser reads it: tabs and line breaks dropped, spaces trimmed."""
    return _URL_TRIM.sub("", href.replace("\n", "").replace("\t", "").replace("\r", ""))


def _is_web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


__all__ = ["HIDDEN", "INLINE", "SourceCell", "SourceLink", "Witness", "extract", "words"]
