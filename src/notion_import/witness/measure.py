"""A page read back from Notion, measured against its source's :class:`~.extract.Witness`.

What Notion holds, as a reader sees it: the words of every block read back (rich text,
captions, table cells, code, an equation's expression, child page titles), the page title and
its property values; a page mention reads as its target's title, as Notion shows it.

- **text**: recall of the source's words (a multiset): kept / (source words - excused), where
  the excused words are those of the page's losses of kind ``dropped`` or ``chrome``, and
  those an ``approximated`` loss says it gave another form
  (``Loss.text``).
- **images**: each source image found among the image, file and media blocks, by the file
  name of its URL (an upload's name or an external URL's last segment); images whose name
  is not found are matched with the blocks left over (a file uploaded once for two names, a
  ``data:`` URI), in order.
- **links**: a link is kept when the runs of rich text that carry a link to its target hold
  its words (a link around several blocks, as a card, becomes one link per block): an
  external link to the same URL; a link into the export to the page imported from that
  file (a page address, with or without ``#block``, or a mention of the page); a link to a
  file of the export that is not a page to a file block of that name (else to one left
  over: a file uploaded once for several names carries the first name). A link whose words
  were replaced by a mention of its page (the page's title in place of the link's words) is
  counted apart, as ``links_retitled``.
- **cells**: each source cell's words found in a table cell read back, or in a column (a
  layout table becomes columns, one per cell); a cell of a table that is no grid (a one-cell
  frame around a paragraph, a note beside its label) may also be carried as text: its words
  in order anywhere in the page.

Images, links and cells missing from Notion are excused when the page's report lists them
(a ``dropped`` or ``chrome`` loss naming the address or the file, or holding the words).
"""

from __future__ import annotations

import contextlib
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol
from urllib.parse import unquote, urlsplit

from notion_import.witness.extract import SourceCell, SourceLink, Witness, words

#: the lowest text recall a page may have and still match its source.
TEXT_RECALL: Final = 0.995
#: the figures, in the order they are reported.
FIGURES: Final = ("text", "images", "links", "cells")
#: losses whose words and elements are left out on purpose (so excused).
EXCUSING: Final = ("dropped", "chrome")
#: losses whose words (``Loss.text``) are excused though nothing is left out: words the report
#: says were given another form (a database row's relative date title).
REWORDED: Final = ("approximated",)
#: how long a missing-words excerpt may grow.
EXCERPT: Final = 80

_MEDIA: Final = frozenset({"image", "file", "pdf", "video", "audio"})
#: blocks that show their address (a source link whose words are its URL may become one).
_SHOWN_URL: Final = frozenset({"bookmark", "embed", "link_preview"})
_NOTION_ID: Final = re.compile(r"([0-9a-f]{32})(?:[#?]|$)")


class Loss(Protocol):
    """What the report says was not carried (the converter's ``Loss``, read, never imported:
    this package is independent of the converter)."""

    @property
    def element(self) -> str: ...

    @property
    def reason(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Figures:
    """How many of one kind of thing the source shows, and how many Notion keeps."""

    kept: int = 0
    expected: int = 0

    @property
    def ratio(self) -> float:
        return 1.0 if self.expected == 0 else self.kept / self.expected

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.kept + other.kept, self.expected + other.expected)


@dataclass
class Measured:
    """One page (or a whole import, added up) measured against its source."""

    text: Figures = field(default_factory=Figures)
    images: Figures = field(default_factory=Figures)
    links: Figures = field(default_factory=Figures)
    cells: Figures = field(default_factory=Figures)
    #: links whose words Notion shows as the target page's title instead.
    links_retitled: int = 0
    #: what is missing, by figure: a short excerpt (the first missing things, in order).
    missing: dict[str, str] = field(default_factory=dict)

    @property
    def mismatch(self) -> bool:
        """Whether the page misses more than it may: text recall under :data:`TEXT_RECALL`,
        or any image, link or cell."""
        short = any(getattr(self, name).kept < getattr(self, name).expected for name in FIGURES[1:])
        return self.text.ratio < TEXT_RECALL or short

    def problems(self) -> list[str]:
        """One line per figure under its mark, with what is missing."""
        out = []
        for name in FIGURES:
            figures: Figures = getattr(self, name)
            limit = TEXT_RECALL if name == "text" else 1.0
            if figures.ratio < limit:
                excerpt = self.missing.get(name, "")
                out.append(f"{name} {figures.ratio:.3f}: missing {excerpt}".rstrip())
        return out

    def __add__(self, other: Measured) -> Measured:
        return Measured(
            self.text + other.text,
            self.images + other.images,
            self.links + other.links,
            self.cells + other.cells,
            self.links_retitled + other.links_retitled,
        )

    def as_json(self) -> dict[str, Any]:
        """``text``, ``images``, ``links``, ``cells`` (ratios, 0..1) and ``counts``."""
        out: dict[str, Any] = {name: round(getattr(self, name).ratio, 4) for name in FIGURES}
        counts: dict[str, int] = {}
        for name in FIGURES:
            figures: Figures = getattr(self, name)
            unit = "words" if name == "text" else name
            counts[f"{unit}_kept"], counts[unit] = figures.kept, figures.expected
        counts["links_retitled"] = self.links_retitled
        out["counts"] = counts
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Measured:
        """Back from :meth:`as_json`'s counts (for totals over page reports)."""
        counts = data["counts"]
        text, images, links, cells = (
            Figures(counts[f"{unit}_kept"], counts[unit])
            for unit in ("words", "images", "links", "cells")
        )
        return cls(text, images, links, cells, counts["links_retitled"])


def measure(
    witness: Witness,
    blocks: list[dict[str, Any]],
    *,
    title: str,
    losses: Sequence[Loss] = (),
    extra_text: Iterable[str] = (),
    page_id_of: Callable[[str], str | None] = lambda path: None,
) -> Measured:
    """Measure the blocks read back from a page (with ``title`` and ``extra_text``, its
    property values) against the page's ``witness``. ``page_id_of`` gives the id of the page
    imported from a file of the export (None when the import holds no such page)."""
    notion = _Notion()
    notion.sequence = f" {' '.join(notion.walk(blocks))} "
    notion.words.update(words(title))
    for text in extra_text:
        notion.words.update(words(text))
    excused = _Excused(losses)
    out = Measured()
    out.text, out.missing["text"] = _text(witness.words, notion.words, excused.words)
    out.images, out.missing["images"] = _images(witness.images, notion.files, excused)
    links, retitled, out.missing["links"] = _links(witness, notion, excused, page_id_of)
    out.links, out.links_retitled = links, retitled
    out.cells, out.missing["cells"] = _cells(witness.cells, notion, excused)
    out.missing = {name: text for name, text in out.missing.items() if text}
    return out


# -- what Notion holds ----------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    """Consecutive rich text leading to one target (text linked to it, mentions of it): its
    target, its words, and whether a mention is part of it."""

    target: str
    words: list[str]
    mention: bool
    #: the address as written (two links to blocks of one page are two runs).
    address: str = ""


class _Notion:
    """The words, files, linked runs and cell-like containers of a page read back."""

    def __init__(self) -> None:
        self.words: Counter[str] = Counter()
        #: every word of the page in order, joined by spaces (with one at each end).
        self.sequence = " "
        self.files: list[str] = []
        self.runs: list[_Run] = []
        #: the words of each table cell and each column, as multisets.
        self.containers: list[Counter[str]] = []

    def walk(self, blocks: list[dict[str, Any]]) -> list[str]:
        """Collect ``blocks`` and their children; returns the words they hold."""
        found: list[str] = []
        for block in blocks:
            kind = block.get("type", "")
            body = block.get(kind) or {}
            own: list[str] = []
            for key in ("rich_text", "caption"):
                own += self._rich_text(body.get(key) or [])
            if kind == "table_row":
                for cell in body.get("cells") or []:
                    cell_words = self._rich_text(cell)
                    self.containers.append(Counter(cell_words))
                    own += cell_words
            elif kind == "equation":
                own += words(str(body.get("expression", "")))
            elif kind in ("child_page", "child_database"):
                own += words(str(body.get("title", "")))
            elif kind in _SHOWN_URL:  # Notion shows the address these blocks lead to
                own += words(str(body.get("url", "")))
            elif kind in _MEDIA:
                self.files.append(_file_name(body))
            icon = body.get("icon")
            if isinstance(icon, dict) and icon.get("type") in ("external", "file"):
                self.files.append(_file_name(icon))  # a callout's picture
            self.words.update(own)
            below = self.walk(block.get("children") or [])
            if kind == "column":
                self.containers.append(Counter(below))
            found += own + below
        return found

    def _rich_text(self, items: list[dict[str, Any]]) -> list[str]:
        """The words of one rich text, its linked runs recorded."""
        text: list[str] = []
        run: _Run | None = None
        run_text: list[str] = []
        for item in items:
            piece = _plain(item)
            text.append(piece)
            target, mention = _target(item)
            link = (item.get("text") or {}).get("link") or {}
            address = str(item.get("href") or (link.get("url") if isinstance(link, dict) else ""))
            if run is not None and not target and not piece.strip():
                run_text.append(piece)  # a line break between two parts of one link
                continue
            if run is not None and (target != run.target or address != run.address):
                run.words = words("".join(run_text))
                self.runs.append(run)
                run = None
            if target and run is None:
                run, run_text = _Run(target, [], mention, address), []
            if run is not None:
                run.mention = run.mention or mention
                run_text.append(piece)
        if run is not None:
            run.words = words("".join(run_text))
            self.runs.append(run)
        return words("".join(text))


def _plain(item: dict[str, Any]) -> str:
    if item.get("type") == "equation":
        return str(item.get("equation", {}).get("expression", ""))
    plain = item.get("plain_text")
    if plain is None:
        plain = (item.get("text") or {}).get("content", "")
    return str(plain)


def _target(item: dict[str, Any]) -> tuple[str, bool]:
    """Where a rich text item leads (a page as ``notion/<id>``, else the URL), and whether it
    is a mention."""
    if item.get("type") == "mention":
        mention = item.get("mention") or {}
        target = mention.get(mention.get("type", "")) or {}
        if isinstance(target, dict) and target.get("id"):
            return "notion/" + str(target["id"]).replace("-", "").lower(), True
        return "", True
    link = (item.get("text") or {}).get("link") or {}
    url = item.get("href") or (link.get("url") if isinstance(link, dict) else None)
    return (_link_key(str(url)) if url else ""), False


def _link_key(url: str) -> str:
    """A link target as compared: a Notion page address as ``notion/<id>``, else the URL
    normalised (unescaped, scheme and host in lower case)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in ("notion.so", "www.notion.so") or host.endswith(".notion.site"):
        found = _NOTION_ID.search(url.replace("-", "").lower())
        if found is not None:
            return "notion/" + found.group(1)
    return _normal_url(url)


def _normal_url(url: str) -> str:
    text = unquote(unquote(url.strip()))
    parts = urlsplit(text)
    if not parts.netloc:
        return text.lower() if parts.scheme.lower() == "mailto" else text
    netloc = parts.netloc.lower()
    with contextlib.suppress(UnicodeError):
        netloc = netloc.encode("idna").decode("ascii")
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{parts.scheme.lower()}://{netloc}{parts.path or '/'}{query}{fragment}"


def _file_name(body: dict[str, Any]) -> str:
    """The name a media block's file carries: its upload's name or its URL's last part."""
    holder = body.get(body.get("type", "")) or {}
    url = str(holder.get("url", "")) if isinstance(holder, dict) else ""
    return posixpath.basename(unquote(urlsplit(url).path))


# -- what is excused --------------------------------------------------------------------------


class _Excused:
    """What the page's report says was left out: words, and addresses or names."""

    def __init__(self, losses: Sequence[Loss]) -> None:
        chosen = [loss for loss in losses if loss.kind in EXCUSING]
        self.words: Counter[str] = Counter()
        for loss in losses:
            if loss.kind in EXCUSING or loss.kind in REWORDED:
                self.words.update(words(loss.text))
        self._reasons = [loss.reason for loss in chosen]
        self.images = sum(1 for loss in chosen if loss.element == "img")

    def names(self, text: str) -> bool:
        """Whether a loss names ``text`` (an address, a file name)."""
        return bool(text) and any(text[:100] in reason for reason in self._reasons)

    def holds(self, found: Iterable[str]) -> bool:
        """Whether the left-out words hold all of ``found``."""
        wanted = Counter(found)
        return bool(wanted) and all(self.words[w] >= n for w, n in wanted.items())


# -- the four figures -------------------------------------------------------------------------


def _text(
    source: Sequence[str], notion: Counter[str], excused: Counter[str]
) -> tuple[Figures, str]:
    counts = Counter(source)
    needed = {w: max(0, n - excused[w]) for w, n in counts.items()}
    kept = sum(min(n, notion[w]) for w, n in needed.items())
    total = sum(needed.values())
    # the occurrences past what Notion and the losses account for are the missing ones
    allowed = {w: notion[w] + excused[w] for w in counts}
    seen: Counter[str] = Counter()
    missing: list[str] = []
    for word in source:
        seen[word] += 1
        if seen[word] > allowed[word]:
            missing.append(word)
    return Figures(kept, total), _excerpt(missing)


def _images(source: Sequence[str], files: list[str], excused: _Excused) -> tuple[Figures, str]:
    left = Counter(files)
    unnamed: list[str] = []
    for name in source:
        if name and left[name] > 0:
            left[name] -= 1
        else:
            unnamed.append(name)
    spare = sum(left.values())  # blocks whose name no source image has: taken in order
    missing = unnamed[spare:]
    allowance = excused.images
    shown = []
    for name in missing:
        if excused.names(name) if name else False:
            continue
        if allowance > 0:
            allowance -= 1
            continue
        shown.append(name or "(data: image)")
    return Figures(len(source) - len(shown), len(source)), _excerpt(shown)


def _links(
    witness: Witness,
    notion: _Notion,
    excused: _Excused,
    page_id_of: Callable[[str], str | None],
) -> tuple[Figures, int, str]:
    by_target: dict[str, Counter[str]] = {}
    mentioned: set[str] = set()
    for run in notion.runs:
        by_target.setdefault(run.target, Counter()).update(run.words)
        if run.mention:
            mentioned.add(run.target)
    # the file blocks that are not the page's images: linked files of the export
    files = Counter(notion.files) - Counter(witness.images)
    kept = retitled = 0
    missing: list[str] = []
    for link in witness.links:
        targets = list(_expected(link, page_id_of))
        wanted = Counter(link.words)
        if any(_holds(by_target.get(target), wanted) for target in targets):
            kept += 1
            continue
        if link.path and not link.url and _take_file(files, posixpath.basename(link.path)):
            kept += 1  # a linked file of the export, carried as a file block
            continue
        if excused.names(link.href) or excused.holds(link.words):
            kept += 1  # left out with its words (navigation): not retitled either
            continue
        if not mentioned.isdisjoint(targets):
            retitled += 1
        missing.append(f"“{' '.join(link.words)}” → {link.url or link.path}")
    return Figures(kept, len(witness.links)), retitled, _excerpt(missing, sep="; ")


def _take_file(files: Counter[str], name: str) -> bool:
    """Count a file block for a linked file: the one of its name, else one whose name no
    source image or link has (a file uploaded once for several names carries the first)."""
    if files[name] <= 0:
        name = next((other for other, n in files.items() if n > 0), "")
        if not name:
            return False
    files[name] -= 1
    return True


def _expected(link: SourceLink, page_id_of: Callable[[str], str | None]) -> Iterator[str]:
    """The targets (as :func:`_link_key` gives them) that keep ``link``."""
    if link.path:
        page_id = page_id_of(link.path)
        if page_id is None and link.path.lower().endswith(".csv"):
            # Notion's export links a database view it did not write (``Tasks 12ab.csv``);
            # the view's own page is beside it, as Markdown or HTML
            stem = link.path[: -len(".csv")]
            page_id = page_id_of(stem + ".md") or page_id_of(stem + ".html")
        if page_id is not None:
            yield "notion/" + page_id.replace("-", "").lower()
    if link.url:
        yield _normal_url(link.url)


def _holds(found: Counter[str] | None, wanted: Counter[str]) -> bool:
    return found is not None and all(found[w] >= n for w, n in wanted.items())


def _cells(source: Sequence[SourceCell], notion: _Notion, excused: _Excused) -> tuple[Figures, str]:
    exact = Counter(tuple(sorted(c.elements())) for c in notion.containers)
    left: list[SourceCell] = []
    for cell in source:
        key = tuple(sorted(cell.words))
        if exact[key] > 0:
            exact[key] -= 1
        else:
            left.append(cell)
    remaining = [Counter(key) for key, n in exact.items() for _ in range(n)]
    missing: list[str] = []
    for cell in left:
        wanted = Counter(cell.words)
        found = next(
            (i for i, c in enumerate(remaining) if all(c[w] >= n for w, n in wanted.items())),
            None,
        )
        if found is not None:
            del remaining[found]
        elif not cell.grid and f" {' '.join(cell.words)} " in notion.sequence:
            continue
        elif not excused.holds(cell.words):
            missing.append(f"“{' '.join(cell.words)}”")
    return Figures(len(source) - len(missing), len(source)), _excerpt(missing, sep="; ")


def _excerpt(items: Sequence[str], sep: str = " ") -> str:
    """The first of ``items``, up to about :data:`EXCERPT` characters."""
    out = ""
    for item in items:
        candidate = f"{out}{sep}{item}" if out else item
        if len(candidate) > EXCERPT and out:
            return out + " …"
        out = candidate
    return out


__all__ = ["EXCUSING", "FIGURES", "TEXT_RECALL", "Figures", "Measured", "measure"]
