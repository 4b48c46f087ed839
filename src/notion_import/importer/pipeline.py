"""The conversion feed: the documents of a source -> :class:`ImportPage` objects, as they come.

Each document is converted, serialized (request blocks and their typed references) and
planned, then let go; for full verification, its source HTML is read once more by the
independent reader of :mod:`notion_import.witness` and its witness kept with the page.
:func:`converted_pages` runs this in a worker thread so that parsing never stalls the
network.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Generator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Final

from notion_import.convert.html.base import DEFAULT_OPTIONS, ConvertOptions
from notion_import.convert.ir import Asset, ConvertedPage, Loss
from notion_import.convert.serialize import serialize
from notion_import.errors import NothingToImportError
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import plan_page
from notion_import.importer.reorder import choose_segments
from notion_import.sources.root import ExportRoot
from notion_import.witness import extract

if TYPE_CHECKING:
    from notion_import.sources import SkippedFile

#: Pages converted ahead of the importer, at most.
AHEAD = 64
#: How often (seconds) a conversion thread waiting for room looks whether it should stop.
POLL = 0.1


def to_import_page(
    page: ConvertedPage, root: Path | None, source_root: Path | None, *, witness: bool = False
) -> ImportPage:
    """Serialize and plan one converted page (with ``witness``: and take the witness of its
    source HTML, see :mod:`notion_import.witness`). Files of a temporary folder (an extracted
    zip) are read now, while the folder exists."""
    serialized = serialize(page.blocks, assets=list(page.assets), where=page.source)
    assets = serialized.assets
    if root is not None and source_root is not None and not ExportRoot(source_root).contains(root):
        assets = [_inline(a, root) for a in assets]
    losses = [*page.losses, *serialized.losses]
    error = getattr(page, "error", "")
    if error:
        losses.append(Loss("document", error, page.source))
    return ImportPage(
        key=page.source,
        parent_key="",
        title=page.title or PurePosixPath(page.source).stem,
        blocks=serialized.blocks,
        assets=assets,
        losses=losses,
        plan=plan_page(
            serialized.blocks,
            choose_segments(serialized.blocks, serialized.links, serialized.anchors, page.source),
        ),
        root=root,
        links=serialized.links,
        files=serialized.files,
        anchors=serialized.anchors,
        metadata=dict(page.metadata),
        witness=extract(page.html, page.source) if witness and page.html else None,
    )


def _inline(asset: Asset, root: Path) -> Asset:
    """A local file as an embedded one (its bytes read now), if it is one of the export."""
    path = ExportRoot(root).file(asset.ref) if asset.kind == "local" else None
    if path is None:
        return asset
    return Asset("data", asset.ref, asset.media_type, path.read_bytes(), asset.name or path.name)


def documents_to_pages(
    source: Path,
    kind: str | None = None,
    options: ConvertOptions = DEFAULT_OPTIONS,
    *,
    witness: bool = False,
    skipped: list[SkippedFile] | None = None,
) -> Generator[ImportPage, None, None]:
    """Convert (as ``options`` say) and plan every document of ``source``, one at a time
    (blocking); with ``witness``, each page keeps the witness of its source (for full
    verification). Files that are no page are never pages: they go to ``skipped``."""
    from notion_import.sources import SkippedFile, convert_document, detect_source, get_source

    chosen = get_source(kind) if kind else detect_source(source)
    source_root = source if source.is_dir() else source.parent
    documents = chosen.documents(source)
    try:
        for document in documents:
            # the converted document is let go once serialized, not kept until the next one
            page = convert_document(document, options)
            if isinstance(page, SkippedFile):
                if skipped is not None:
                    skipped.append(page)
                continue
            yield to_import_page(page, document.root, source_root, witness=witness)
    finally:
        close = getattr(documents, "close", None)
        if close is not None:
            close()


async def converted_pages(
    source: Path,
    kind: str | None = None,
    options: ConvertOptions = DEFAULT_OPTIONS,
    *,
    witness: bool = False,
    skipped: list[SkippedFile] | None = None,
) -> AsyncIterator[ImportPage]:
    """:func:`documents_to_pages` in a worker thread: parsing never stalls the network.
    Files that are no page go to ``skipped`` (complete once the pages are).

    The thread runs at most :data:`AHEAD` pages ahead, and stops as soon as the consumer does
    (the generator closed, its task cancelled, its loop gone): it never blocks, so an
    interrupted import never waits for it. It is a daemon thread, so that the interpreter's
    exit does not wait for a page being converted either.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[ImportPage | BaseException | None] = asyncio.Queue()
    room = threading.Semaphore(AHEAD)
    stop = threading.Event()

    def hand_over(item: ImportPage | BaseException | None) -> bool:
        """Queue ``item`` once there is room; ``False`` once the consumer has stopped."""
        while not room.acquire(timeout=POLL):
            if stop.is_set():
                return False
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the loop is closed: nobody is listening any more
            return False
        return not stop.is_set()

    def produce() -> None:
        try:
            with contextlib.closing(
                documents_to_pages(source, kind, options, witness=witness, skipped=skipped)
            ) as pages:
                for page in pages:
                    if not hand_over(page):
                        return
            hand_over(None)
        except BaseException as exc:
            hand_over(exc)

    threading.Thread(target=produce, name="notion-import-convert", daemon=True).start()
    try:
        while True:
            item = await queue.get()
            room.release()
            if item is None:
                break
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


#: What an import looks for in its source, as a message names it.
IMPORTABLE: Final = (
    "HTML (.html, .htm), Markdown (.md, .markdown), Evernote (.enex), Notion's export "
    "(a .zip of HTML or Markdown)"
)


async def first_page_or_refuse(
    pages: AsyncIterator[ImportPage], source: Path, skipped: list[SkippedFile]
) -> AsyncIterator[ImportPage]:
    """``pages``, once it has given one: a source without any page is refused with
    :class:`NothingToImportError` before anything is written."""
    first = await anext(pages, None)
    if first is None:
        found = f" ({len(skipped)} files that are not pages)" if skipped else ""
        raise NothingToImportError(f"nothing to import in {source}{found}: looked for {IMPORTABLE}")
    return _chain(first, pages)


async def _chain(first: ImportPage, rest: AsyncIterator[ImportPage]) -> AsyncIterator[ImportPage]:
    yield first
    async for page in rest:
        yield page
