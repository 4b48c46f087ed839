"""A page's files: read from the export, uploaded once per content, reused from the journal.

Files are read only from inside the export (:func:`export_file` is the importer's one check,
symbolic links resolved). Each distinct content is uploaded once per import: pages that use
the same file wait for one upload, and a later run reuses the journaled upload while it has
not expired.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from notion_import.api.client import NotionAPI
from notion_import.convert.ir import Asset, Loss
from notion_import.errors import FileTooLargeError, UncertainWriteError
from notion_import.importer.journal import WRITE_ATTEMPTS, Journal
from notion_import.importer.page import ImportPage
from notion_import.sources.root import ExportRoot

#: Uploads not attached within an hour expire; reuse a journaled one only if younger.
UPLOAD_REUSE_SECONDS = 50 * 60


def asset_bytes(asset: Asset, root: Path | None) -> bytes | None:
    """The content of a page's file: embedded bytes, or a file of the export (None when it is
    missing, outside the export or remote)."""
    if asset.kind == "data":
        return asset.data
    if asset.kind != "local" or root is None:
        return None
    return ExportRoot(root).read_bytes(asset.ref)


class Uploads:
    """Uploads the files of :class:`ImportPage` objects through one :class:`NotionAPI`."""

    def __init__(
        self,
        api: NotionAPI,
        journal: Journal,
        progress: Callable[[str, dict[str, Any]], None] | None = None,
    ) -> None:
        self.api = api
        self.journal = journal
        #: told ``("uploaded", {"key", "bytes"})`` once per file this run uploads (not per
        #: attempt: a request answered 429 and sent again is one file).
        self.progress = progress or (lambda _event, _data: None)
        #: uploads in flight by content hash (a finished one is found in the journal).
        self._uploading: dict[str, asyncio.Future[tuple[str, bool]]] = {}
        #: when this import started: an upload journaled since then was made by this run.
        self._started = time.time()

    async def upload_assets(self, page: ImportPage) -> None:
        """Upload the page's local and embedded files, concurrently, once per content."""

        async def one(index: int, asset: Asset) -> None:
            content = _content(page, asset)
            if content is None:
                return
            sha = hashlib.sha256(content).hexdigest()
            task = self._uploading.get(sha)
            first = task is None
            if task is None:
                task = asyncio.ensure_future(self._upload_sha(sha, content, asset))
                self._uploading[sha] = task
                # done, it is forgotten: a later page finds the upload in the journal (or,
                # after a failure, tries again), so memory does not grow with the files
                task.add_done_callback(functools.partial(self._uploaded, sha))
            try:
                upload_id, fresh = await asyncio.shield(task)
            except FileTooLargeError as exc:
                page.losses.append(Loss("img", str(exc), f"{page.key}: {asset.ref}"))
                return
            page.uploads[index] = upload_id
            if fresh and first:
                page.bytes_uploaded += len(content)
                page.files_uploaded += 1
                self.progress("uploaded", {"key": page.key, "bytes": len(content)})

        await asyncio.gather(*(one(i, a) for i, a in enumerate(page.assets) if a.kind != "remote"))

    def known_uploads(self, page: ImportPage) -> None:
        """Fill ``page.uploads`` from the journal (to verify an earlier import)."""
        for index, asset in enumerate(page.assets):
            if asset.kind == "remote":
                continue
            content = _content(page, asset)
            known = (
                None
                if content is None
                else self.journal.upload(hashlib.sha256(content).hexdigest())
            )
            if known is not None and known[0]:
                page.uploads[index] = known[0]

    def _uploaded(self, sha: str, task: asyncio.Future[tuple[str, bool]]) -> None:
        if self._uploading.get(sha) is task:
            del self._uploading[sha]

    async def aclose(self) -> None:
        """Cancel uploads still running (after a cancelled import)."""
        running = [t for t in self._uploading.values() if not t.done()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)

    async def _upload_sha(self, sha: str, content: bytes, asset: Asset) -> tuple[str, bool]:
        """(upload id, whether it was sent now) for content with this hash."""
        known = self.journal.upload(sha)
        if (
            known is not None
            and known[0]
            and (
                known[1] == "attached"
                or (
                    known[1] == "uploaded"
                    # made by this run: reused however long the run lasts, as the first page
                    # to use it attaches it at once
                    and (known[2] >= self._started or _age(known[2]) < UPLOAD_REUSE_SECONDS)
                )
            )
        ):
            return known[0], False
        upload_id = await self._upload_once(content, asset)
        self.journal.upload_state(sha, "uploaded", len(content), upload_id)
        return upload_id, True

    async def _upload_once(self, content: bytes, asset: Asset) -> str:
        name = asset.name or Path(asset.ref).name or None
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return await self.api.upload(content, filename=name, content_type=asset.media_type)
            except UncertainWriteError:
                # an unattached upload is harmless (it expires): simply make another
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")


def _content(page: ImportPage, asset: Asset) -> bytes | None:
    """The content of one of the page's files; a file of the export that cannot be read from
    it is a loss."""
    content = asset_bytes(asset, page.root)
    if content is None and asset.kind == "local" and page.root is not None:
        page.losses.append(Loss("img", "file missing or outside the export", asset.ref))
    return content


def _age(updated: float) -> float:
    return time.time() - updated
