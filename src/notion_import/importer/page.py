"""One page to write: the :class:`ImportPage` record, and its content moved out and back.

A page holds its request blocks and the typed references in them (the files to upload, the
links to other pages, see :mod:`notion_import.convert.references`), the plan that writes the
blocks, and what writing it learns: its id, its uploads, which links could be written at once.
Its content (what its size grows with) can be moved out while the page waits and dropped once
it is written, so that an import's memory stays flat in pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from notion_import.convert.ir import Asset, Loss
from notion_import.convert.references import FileRef, LinkRef, on_block
from notion_import.importer.plan import Plan
from notion_import.witness import Measured, Witness

if TYPE_CHECKING:
    from notion_import.importer.fill import Reached

#: What a page holds in place of content it no longer holds: the same read-only empty list
#: and dict for every page (an empty container per field and page adds up over thousands of
#: pages). Changing one raises: nothing changes a released page's content.
_NO_LIST: list[Any] = cast(list[Any], ())
_NO_DICT: dict[Any, Any] = cast(dict[Any, Any], MappingProxyType({}))


@dataclass
class ImportPage:
    """One page to write: where it goes, what it holds, and the plan to write it."""

    key: str
    parent_key: str
    title: str
    blocks: list[dict[str, Any]]
    assets: list[Asset]
    losses: list[Loss]
    plan: Plan
    root: Path | None = None
    properties: dict[str, Any] | None = None
    #: the internal links of ``blocks``, in tree order (once written: those to a heading).
    links: list[LinkRef] = field(default_factory=list)
    #: the blocks of ``blocks`` whose file is one of ``assets``, in tree order.
    files: list[FileRef] = field(default_factory=list)
    #: link targets (``path`` or ``path#anchor``) already created when the page was written,
    #: and where they lead: a page, or the block of an anchor (written as such at once).
    known_links: dict[str, Reached] = field(default_factory=dict)
    #: blocks whose links could not all be resolved then: patched by the link pass.
    pending_links: list[tuple[int, ...]] = field(default_factory=list)
    #: anchors (``id``/``name`` values) -> the index path in ``blocks`` of the block that
    #: carries each (a heading, a definition term, a footnote...).
    anchors: dict[str, tuple[int, ...]] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: created as a database (a table of the export), its rows pages under it; it holds no
    #: blocks, and a link to it is written as its address (see :mod:`.database`).
    database: bool = False
    #: created empty first, its blocks written once the pages it mentions exist (then put
    #: before any child page created meanwhile).
    deferred: bool = False
    #: the number of blocks, once they are taken out (see :meth:`take`).
    released_blocks: int | None = None
    page_id: str | None = None
    #: upload ids by the index of the file in ``assets``.
    uploads: dict[int, str] = field(default_factory=dict)
    bytes_uploaded: int = 0
    files_uploaded: int = 0
    reconciled: int = 0
    #: what the page's source shows (for full verification; None when not asked or when the
    #: source is not HTML, as a CSV table).
    witness: Witness | None = None
    #: the page read back, measured against its witness (full verification).
    verification: Measured | None = None
    #: the text of its property values, kept once they are let go (for that measure).
    property_text: str = ""

    @property
    def block_count(self) -> int:
        return self.released_blocks if self.released_blocks is not None else self.plan.blocks

    @property
    def link_paths(self) -> list[tuple[int, ...]]:
        """The index paths of the blocks that hold :attr:`links`, in tree order."""
        paths: list[tuple[int, ...]] = []
        for ref in self.links:
            if not paths or paths[-1] != ref.block:
                paths.append(ref.block)
        return paths

    def links_at(self, path: tuple[int, ...]) -> list[LinkRef]:
        """The links of the block at ``path``, in order (its text, caption, cells)."""
        return on_block(self.links, path)

    def take(self) -> PageContent:
        """Move the page's content out, for :meth:`put_back`: its blocks and their references,
        each step's children, its files and their uploads, its witness. What waits and reports
        read stays: the plan's shape, the anchors, the number of blocks."""
        if self.released_blocks is None:
            self.released_blocks = self.plan.blocks
        content = PageContent(
            self.blocks,
            [step.children for step in self.plan.steps],
            self.assets,
            dict(self.uploads),
            self.links,
            self.files,
            self.witness,
        )
        self.witness = None
        self.blocks, self.assets, self.uploads = _NO_LIST, _NO_LIST, _NO_DICT
        self.links, self.files = _NO_LIST, _NO_LIST
        for step in self.plan.steps:
            step.children = _NO_LIST
        return content

    def put_back(self, content: PageContent) -> None:
        """Give the page back what :meth:`take` moved out."""
        self.blocks, self.assets, self.uploads = content.blocks, content.assets, content.uploads
        self.links, self.files = content.links, content.files
        self.witness = content.witness
        for step, children in zip(self.plan.steps, content.children, strict=True):
            step.children = children

    def release(self) -> PageContent:
        """Drop the page's content once written, keeping what links, verification and reports
        need (ids, anchors, the plan's shape, links to headings): the importer's memory then
        stays flat however many pages an import holds. Returns the content, for the importer
        to keep on disk when the link pass or full verification reads it again."""
        # once written, only links naming a heading matter (the fewest requests, final links)
        headings = [ref for ref in self.links if ref.target.fragment]
        content = self.take()
        self.links = headings or _NO_LIST
        self.known_links = self.metadata = _NO_DICT
        if self.properties and content.witness is not None:
            self.property_text = " ".join(_values(self.properties))
        self.properties = None
        if not self.anchors:
            self.anchors = _NO_DICT
        if not self.pending_links:
            self.pending_links = _NO_LIST
        return content


def _values(value: Any) -> list[str]:
    """The words a reader sees in property values (request JSON): texts, names, dates,
    addresses and numbers."""
    if isinstance(value, dict):
        out: list[str] = []
        for key, item in value.items():
            if key in ("content", "name", "start", "end", "url", "email", "phone_number"):
                out += [str(item)] if isinstance(item, str) else _values(item)
            elif key == "number" and isinstance(item, int | float):
                out.append(str(item))
            elif isinstance(item, dict | list):
                out += _values(item)
        return out
    if isinstance(value, list):
        return [text for item in value for text in _values(item)]
    return []


@dataclass
class PageContent:
    """What :meth:`ImportPage.take` moves out of a page: everything its size grows with."""

    blocks: list[dict[str, Any]]
    #: each plan step's children, in step order.
    children: list[list[dict[str, Any]]]
    assets: list[Asset]
    uploads: dict[int, str]
    links: list[LinkRef]
    files: list[FileRef]
    witness: Witness | None = None
