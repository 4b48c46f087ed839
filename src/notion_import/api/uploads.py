"""File uploads: one call turns a path or some bytes into a Notion file upload id.

:class:`Uploader` picks the mode Notion needs (``single_part`` up to 20 MB, ``multi_part``
above, parts sent concurrently and out of order, then ``complete``), refuses a file above the
workspace's per-file limit before sending anything, names the content type, and uploads each
distinct content once per uploader (it remembers the ids of the :data:`REMEMBERED` contents
used last, so that its memory does not grow with the files of a long run).

Memory stays bounded for paths: the content is hashed by streaming the file, and each part is
read from disk only when it is about to be sent, so at most ``concurrency`` payloads (each at
most ``part_size``, or the single-part limit) are held at once, whatever the file's size.

The pure decisions are plain functions with no I/O: the content type in
:mod:`~notion_import.api.content_types`, the file name and the parts in
:mod:`~notion_import.api.upload_content`, which also reads the content.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from notion_import.api.content_types import SNIFF_BYTES, detect_content_type, extension_for
from notion_import.api.upload_content import (
    CHUNK,
    MAX_FILENAME_BYTES,
    MIB,
    Content,
    Scan,
    plan_parts,
    scan_file,
    sha256,
    shorten_filename,
)
from notion_import.errors import FileTooLargeError, UploadError

logger = logging.getLogger(__name__)

#: Notion's largest ``single_part`` upload, and its largest ``multi_part`` part.
SINGLE_PART_LIMIT: Final = 20 * MIB
#: The part size Notion advises for ``multi_part`` uploads (parts are 5 to 20 MiB but the last).
DEFAULT_PART_SIZE: Final = 10 * MIB
#: How many finished uploads an :class:`Uploader` remembers (content hash -> id), the most
#: recently used first: about 1 MB, whatever the number of files a run uploads.
REMEMBERED: Final = 4096


@dataclass
class UploadStats:
    """What an :class:`Uploader` did."""

    #: File uploads made and accepted (``uploaded``).
    uploads: int = 0
    #: Bytes of content sent (every part counted once it was accepted).
    bytes_sent: int = 0
    #: Calls answered with the id of content already uploaded (or being uploaded).
    dedup_hits: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "uploads": self.uploads,
            "bytes_sent": self.bytes_sent,
            "dedup_hits": self.dedup_hits,
        }


class Uploader:
    """Uploads files to Notion through a ``notion_client.AsyncClient``, each content once.

    ``max_size`` returns the workspace's per-file limit (``GET /v1/users/me`` ->
    ``bot.workspace_limits.max_file_upload_size_in_bytes``); it is awaited on every call, so
    it should be cached. ``part_size`` is the size of ``multi_part`` parts (Notion takes 5 to
    20 MiB, advises 10 MB), ``concurrency`` how many payloads may be read and sent at once over
    all the uploader's uploads, ``single_part_limit`` the largest content sent in one part.

    Content is identified by its SHA-256: the same content given twice (even at once, even
    under two file names) is uploaded once and both calls get the same id. Notion then shows
    the name of the first. That fits an import, where an image used by several pages is one
    file. A failed upload is forgotten, so the next call for that content tries again. The ids
    of the ``remember`` contents used last are kept (an upload in flight always is): content
    not seen for longer than that is uploaded again.
    Notion expires an upload not attached within an hour; once attached, it may be attached
    again, so the remembered ids are meant to be attached as soon as they are returned.
    """

    def __init__(
        self,
        client: Any,
        *,
        max_size: Callable[[], Awaitable[int]],
        part_size: int = DEFAULT_PART_SIZE,
        concurrency: int = 4,
        single_part_limit: int = SINGLE_PART_LIMIT,
        remember: int = REMEMBERED,
    ) -> None:
        if part_size < 1:
            raise ValueError(f"part_size must be positive, not {part_size}")
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        if single_part_limit < 0:
            raise ValueError(f"single_part_limit must not be negative, not {single_part_limit}")
        self._client = client
        self._max_size = max_size
        self.part_size = part_size
        self.concurrency = concurrency
        self.single_part_limit = single_part_limit
        self.remember = remember
        self.stats = UploadStats()
        self._slots = asyncio.Semaphore(concurrency)
        #: uploads in flight, and the ids of finished ones (least recently used first), by
        #: content hash: a finished task is not kept (nor its coroutine), only its id.
        self._uploads: dict[str, asyncio.Task[str]] = {}
        self._done: OrderedDict[str, str] = OrderedDict()

    def __repr__(self) -> str:
        return (
            f"Uploader(part_size={self.part_size}, concurrency={self.concurrency}, "
            f"single_part_limit={self.single_part_limit})"
        )

    async def upload(
        self,
        source: str | os.PathLike[str] | bytes,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> str:
        """Upload a file (a path) or some bytes and return the file upload id.

        ``filename`` defaults to the path's name (for bytes, to a name made of the content's
        hash and an extension for its type); names above 900 UTF-8 bytes are shortened,
        keeping the extension. ``content_type`` defaults to what the name or the content tells.

        Raises :class:`FileTooLargeError` before sending anything when the content is above
        the workspace's limit, :class:`UploadError` when Notion does not accept the upload,
        and lets the client's own errors through.
        """
        limit = await self._max_size()
        path: Path | None = None
        data: bytes | None = None
        if isinstance(source, bytes):
            label = filename or "the content"
            if len(source) > limit:
                raise FileTooLargeError(label, len(source), limit)
            data = source
            # Large content is hashed off the event loop (hashlib releases the GIL).
            digest = await asyncio.to_thread(sha256, data) if len(data) > CHUNK else sha256(data)
            scan = Scan(digest, len(data), data[:SNIFF_BYTES], None)
        else:
            path = Path(source)
            label = str(path)
            size = (await asyncio.to_thread(path.stat)).st_size
            if size > limit:
                raise FileTooLargeError(label, size, limit)
            scan = await asyncio.to_thread(scan_file, path)
            if scan.size > limit:  # it grew since it was measured
                raise FileTooLargeError(label, scan.size, limit)

        done = self._done.get(scan.digest)
        if done is not None:
            self._done.move_to_end(scan.digest)
            self.stats.dedup_hits += 1
            logger.debug("%s: same content as an earlier upload", label)
            return done
        running = self._uploads.get(scan.digest)
        if running is not None:
            self.stats.dedup_hits += 1
            logger.debug("%s: same content as an earlier upload", label)
            return await asyncio.shield(running)

        name = filename or (path.name if path is not None else None)
        content_type = content_type or detect_content_type(name, scan.head)
        if not name:
            name = f"file-{scan.digest[:12]}{extension_for(content_type)}"
        short = shorten_filename(name)
        if short != name:
            logger.info("file name shortened to Notion's %d bytes: %s", MAX_FILENAME_BYTES, short)
        content = Content(
            path=path,
            data=data,
            size=scan.size,
            digest=scan.digest,
            filename=short,
            content_type=content_type,
            signature=scan.signature,
        )
        task = asyncio.create_task(self._send(content), name=f"upload {short}")
        self._uploads[scan.digest] = task
        task.add_done_callback(lambda done: self._finished(scan.digest, done))
        # Shielded: a caller giving up does not cancel the upload other callers may wait for.
        return await asyncio.shield(task)

    def _finished(self, digest: str, task: asyncio.Task[str]) -> None:
        """Remember a finished upload's id; drop a failed or cancelled one so the next call
        for its content starts anew."""
        if self._uploads.get(digest) is task:
            del self._uploads[digest]
        # ``exception()`` also marks the error as seen, so an unawaited failure is not logged.
        if task.cancelled() or task.exception() is not None or self.remember <= 0:
            return
        self._done[digest] = task.result()
        self._done.move_to_end(digest)
        while len(self._done) > self.remember:
            self._done.popitem(last=False)

    async def _send(self, content: Content) -> str:
        if content.size <= self.single_part_limit:
            return await self._send_single(content)
        return await self._send_multi(content)

    async def _send_single(self, content: Content) -> str:
        created = await self._client.file_uploads.create(
            mode="single_part", filename=content.filename, content_type=content.content_type
        )
        upload_id = str(created["id"])
        async with self._slots:
            data = await content.read(0, content.size)
            await content.check_unchanged()
            sent = await self._client.file_uploads.send(
                file_upload_id=upload_id,
                file=(content.filename, data, content.content_type),
            )
        self.stats.bytes_sent += content.size
        return self._accepted(upload_id, sent, content)

    async def _send_multi(self, content: Content) -> str:
        parts = plan_parts(content.size, self.part_size)
        created = await self._client.file_uploads.create(
            mode="multi_part",
            filename=content.filename,
            content_type=content.content_type,
            number_of_parts=len(parts),
        )
        upload_id = str(created["id"])
        logger.debug("%s: %d parts to %s", content.filename, len(parts), upload_id)
        pending = iter(parts)

        async def worker() -> None:
            # Workers share one iterator: each part is taken once, read just before it is sent.
            for part in pending:
                async with self._slots:
                    data = await content.read(part.offset, part.length)
                    await self._client.file_uploads.send(
                        file_upload_id=upload_id,
                        file=(content.filename, data, content.content_type),
                        part_number=str(part.number),
                    )
                    # Let go of the part before waiting for a slot for the next one.
                    del data
                self.stats.bytes_sent += part.length

        workers = [asyncio.create_task(worker()) for _ in range(min(self.concurrency, len(parts)))]
        try:
            await asyncio.gather(*workers)
        except BaseException:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            raise
        await content.check_unchanged()
        completed = await self._client.file_uploads.complete(file_upload_id=upload_id)
        return self._accepted(upload_id, completed, content)

    def _accepted(self, upload_id: str, answer: Any, content: Content) -> str:
        status = answer.get("status") if isinstance(answer, dict) else None
        if status != "uploaded":
            raise UploadError(
                f"Notion did not accept {content.filename} (file upload {upload_id}): its status "
                f"is {status!r}, not 'uploaded'"
            )
        self.stats.uploads += 1
        return upload_id
