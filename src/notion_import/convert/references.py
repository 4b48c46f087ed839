"""The serializer's typed output: request blocks, and the references only the importer can fill.

A page's request blocks (:class:`Serialized.blocks`) are Notion JSON as the importer sends it,
except at the places that name something which does not exist in Notion yet:

- a local or embedded file: the block's ``file_upload`` is ``{}`` until the file is uploaded
  (a :class:`FileRef` names the block and the page's asset);
- an internal link: the rich-text item is written without a link, as text, until the page it
  names exists (a :class:`LinkRef` names the block, the item and the :class:`PageLink`).

Each reference gives the block's *index path* in the request tree (child indexes from the top),
so the importer fills a copy of any part of the tree directly, without scanning it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from notion_import.convert.ir import Asset, Loss

#: How the ``convert`` command shows a reference in place (for people: nothing reads it back).
ASSET_MARKER = "asset:"
PAGE_MARKER = "page:"


@dataclass(frozen=True, slots=True)
class PageLink:
    """What an internal link names: a file of the export (its export-relative path) and an
    anchor in it (``""``: the page itself)."""

    path: str
    fragment: str = ""

    @property
    def key(self) -> str:
        """``path`` or ``path#anchor``: the link as the journal names it."""
        return f"{self.path}#{self.fragment}" if self.fragment else self.path

    @property
    def page(self) -> PageLink:
        """The page the link names, without its anchor."""
        return PageLink(self.path) if self.fragment else self


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A rich-text item of the request tree that links to another file of the export."""

    #: the index path of the block that holds the item.
    block: tuple[int, ...]
    field: Literal["rich_text", "caption", "cells"]
    #: the item's index in the field (``cells``: the cell's index, then the item's).
    index: tuple[int, ...]
    target: PageLink


@dataclass(frozen=True, slots=True)
class FileRef:
    """A block of the request tree whose file is one of the page's assets, to upload."""

    block: tuple[int, ...]
    #: the index of the file in the page's assets.
    asset: int


@dataclass
class Serialized:
    """One page's blocks as Notion request JSON, with what only the importer can fill."""

    blocks: list[dict[str, Any]]
    #: every internal link, by block in tree order (a block's: text, caption, cells).
    links: list[LinkRef] = field(default_factory=list)
    #: every file to upload, in tree order.
    files: list[FileRef] = field(default_factory=list)
    #: anchors (``id``/``name`` values of the source) -> the index path of the block that
    #: carries them (a heading, a definition term, a table, the paragraph of a footnote...).
    anchors: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: the page's assets (:attr:`FileRef.asset` indexes them).
    assets: list[Asset] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)


def locate(
    blocks: list[dict[str, Any]],
    linked: dict[int, tuple[dict[str, Any], PageLink]],
    uploads: dict[int, tuple[dict[str, Any], int]],
    anchored: dict[int, tuple[str, ...]],
) -> tuple[list[LinkRef], list[FileRef], dict[str, tuple[int, ...]]]:
    """Where the serializer's references landed in ``blocks``: the rich-text items of
    ``linked``, the ``file_upload`` objects of ``uploads`` and the blocks of ``anchored`` (each
    keyed by the ``id()`` of the object). An anchor named twice keeps the first block found."""
    links: list[LinkRef] = []
    files: list[FileRef] = []
    anchors: dict[str, tuple[int, ...]] = {}
    stack: list[tuple[list[dict[str, Any]], tuple[int, ...]]] = [(blocks, ())]
    while stack:
        items, prefix = stack.pop()
        for position, block in enumerate(items):
            path = (*prefix, position)
            for anchor in anchored.get(id(block), ()):
                anchors.setdefault(anchor, path)
            body = block[block["type"]]
            links += _links_of(body, path, linked)
            upload = uploads.get(id(body.get("file_upload")))
            if upload is not None:
                files.append(FileRef(path, upload[1]))
            children = body.get("children")
            if children:
                stack.append((children, path))
    # tree order: a block before its children; a block's own links stay in field order
    links.sort(key=lambda ref: ref.block)
    files.sort(key=lambda ref: ref.block)
    return links, files, anchors


def _links_of(
    body: dict[str, Any], path: tuple[int, ...], linked: dict[int, tuple[dict[str, Any], PageLink]]
) -> list[LinkRef]:
    found: list[LinkRef] = []
    for name in ("rich_text", "caption"):
        for position, item in enumerate(body.get(name, ())):
            known = linked.get(id(item))
            if known is not None:
                found.append(LinkRef(path, name, (position,), known[1]))
    for column, cell in enumerate(body.get("cells", ())):
        for position, item in enumerate(cell):
            known = linked.get(id(item))
            if known is not None:
                found.append(LinkRef(path, "cells", (column, position), known[1]))
    return found


Ref = TypeVar("Ref", LinkRef, FileRef)


def on_block(refs: list[Ref], path: tuple[int, ...]) -> list[Ref]:
    """The references (sorted by block, as :class:`Serialized` lists them) of the block at
    index path ``path``, in order."""
    start = bisect_left(refs, path, key=_block)
    return refs[start : bisect_right(refs, path, lo=start, key=_block)]


def among(refs: list[Ref], at: tuple[int, ...], count: int) -> list[Ref]:
    """The references (sorted by block) inside ``count`` sibling blocks, the first at index
    path ``at``, and their children."""
    start = bisect_left(refs, at, key=_block)
    return refs[start : bisect_left(refs, (*at[:-1], at[-1] + count), lo=start, key=_block)]


def _block(ref: LinkRef | FileRef) -> tuple[int, ...]:
    return ref.block


def block_at(blocks: list[dict[str, Any]], path: tuple[int, ...]) -> dict[str, Any] | None:
    """The block at an index path of ``blocks``, or None when the tree holds no such block."""
    found: dict[str, Any] | None = None
    for index in path:
        if found is not None:
            blocks = found[found["type"]].get("children", [])
        if index >= len(blocks):
            return None
        found = blocks[index]
    return found


def items_of(body: dict[str, Any], ref: LinkRef) -> list[dict[str, Any]]:
    """The rich-text array of a block's payload that holds the item ``ref`` names."""
    if ref.field == "cells":
        cells: list[list[dict[str, Any]]] = body["cells"]
        return cells[ref.index[0]]
    items: list[dict[str, Any]] = body[ref.field]
    return items


def with_markers(page: Serialized) -> list[dict[str, Any]]:
    """The blocks with each reference shown in place, as the ``convert`` command prints them:
    ``{"file_upload": {"id": "asset:<n>"}}`` and ``{"link": {"url": "page:<path>#anchor"}}``.
    Changes ``page.blocks`` in place; for reading only, never sent nor read back."""
    for link in page.links:
        block = block_at(page.blocks, link.block)
        assert block is not None
        item = items_of(block[block["type"]], link)[link.index[-1]]
        item["text"]["link"] = {"url": PAGE_MARKER + link.target.key}
    for ref in page.files:
        block = block_at(page.blocks, ref.block)
        assert block is not None
        block[block["type"]]["file_upload"]["id"] = f"{ASSET_MARKER}{ref.asset}"
    return page.blocks
