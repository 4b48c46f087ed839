"""File uploads: one call turns a path or some bytes into a Notion file upload id.

:class:`Uploader` picks the mode Notion needs (``single_part`` up to 20 MB, ``multi_part``
above, parts sent concurrently and out of order, then ``complete``), refuses a file above the
workspace's per-file limit before sending anything, names the content type, and uploads each
distinct content once per uploader (it remembers the ids of the :data:`REMEMBERED` contents
used last, so that its memory does not grow with the files of a long run).

Memory stays bounded for paths: the content is hashed by streaming the file, and each part is
read from disk only when it is about to be sent, so at most ``concurrency`` payloads (each at
most ``part_size``, or the single-part limit) are held at once, whatever the file's size.

The pure decisions (content type, file name, how to split) are plain functions with no I/O.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import mimetypes
import os
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NamedTuple

from notion_import.errors import FileTooLargeError, UploadError

logger = logging.getLogger(__name__)

MIB: Final = 1024 * 1024
#: Notion's largest ``single_part`` upload, and its largest ``multi_part`` part.
SINGLE_PART_LIMIT: Final = 20 * MIB
#: The part size Notion advises for ``multi_part`` uploads (parts are 5 to 20 MiB but the last).
DEFAULT_PART_SIZE: Final = 10 * MIB
#: The most parts one ``multi_part`` upload may have.
MAX_PARTS: Final = 1000
#: Notion's limit on ``filename``, in UTF-8 bytes.
MAX_FILENAME_BYTES: Final = 900
#: The content type of content nothing could name.
OCTET_STREAM: Final = "application/octet-stream"
#: How much of the content the sniffer looks at.
SNIFF_BYTES: Final = 4096
#: Chunk size of the hashing pass over a file.
_CHUNK: Final = 1 * MIB
#: The longest extension kept when a file name is shortened (``.xlsx``, ``.backup``...).
_MAX_EXTENSION_BYTES: Final = 16
#: How many finished uploads an :class:`Uploader` remembers (content hash -> id), the most
#: recently used first: about 1 MB, whatever the number of files a run uploads.
REMEMBERED: Final = 4096


# -- content type ----------------------------------------------------------------------------

#: The standard library's built-in table only (not the host's ``/etc/mime.types``), so the
#: answer is the same on every machine, plus the image types Notion accepts that Python 3.11
#: does not know.
_TYPES = mimetypes.MimeTypes()
for _type, _extension in (
    ("image/webp", ".webp"),
    ("image/apng", ".apng"),
    ("image/heic", ".heic"),
    ("image/heif", ".heif"),
    ("image/avif", ".avif"),
):
    _TYPES.add_type(_type, _extension)

#: Compressed files (``notes.tar.gz``, ``drawing.svgz``) are sent as what they are on disk.
_ENCODING_TYPES: Final = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "br": "application/x-brotli",
    "compress": "application/x-compress",
}

#: Fixed signatures at offset 0, in the order they are tried.
_SIGNATURES: Final = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"%PDF-", "application/pdf"),
)
#: ISO base media (``ftyp``) brands of the HEIF family, most specific first.
_AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})
_HEIC_BRANDS: Final = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_HEIF_BRANDS: Final = frozenset({b"mif1", b"msf1"})
#: Sizes of the BMP info headers (core, v1..v5), which follow the 14-byte file header.
_BMP_INFO_SIZES: Final = frozenset({12, 16, 40, 52, 56, 64, 108, 124})
#: What may precede an SVG root element: an XML declaration, processing instructions,
#: comments, a doctype (with an internal subset), white space.
_XML_PROLOG: Final = re.compile(
    rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.DOTALL | re.IGNORECASE
)
_SVG_ROOT: Final = re.compile(rb"<(?:[\w.-]+:)?svg[\s/>]", re.IGNORECASE)


def _ftyp_type(head: bytes) -> str | None:
    """The type named by an ISO base media ``ftyp`` box (HEIC, HEIF, AVIF), if any."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    box_end = min(len(head), max(16, int.from_bytes(head[0:4], "big")))
    # The major brand, then the compatible brands after the 4-byte minor version.
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, box_end - 3, 4)}
    if brands & _AVIF_BRANDS:
        return "image/avif"
    if brands & _HEIC_BRANDS:
        return "image/heic"
    if brands & _HEIF_BRANDS:
        return "image/heif"
    return None


def _is_svg(head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf")
    prolog = _XML_PROLOG.match(text)
    start = prolog.end() if prolog else 0
    return _SVG_ROOT.match(text, start) is not None


def sniff_content_type(head: bytes) -> str | None:
    """The content type told by the first bytes of some content, or ``None``.

    Knows the image types Notion accepts (PNG and APNG, JPEG, GIF, WebP, SVG, HEIC, HEIF,
    AVIF, TIFF, ICO, BMP) and PDF. ``head`` should be the first :data:`SNIFF_BYTES` bytes.
    """
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[0:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    found = _ftyp_type(head)
    if found is not None:
        return found
    # ICO: reserved 0, type 1, then at least one image.
    if head[0:4] == b"\x00\x00\x01\x00" and int.from_bytes(head[4:6], "little") > 0:
        return "image/vnd.microsoft.icon"
    if head[0:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_INFO_SIZES:
        return "image/bmp"
    if _is_svg(head):
        return "image/svg+xml"
    return None


def guess_content_type(filename: str | None) -> str | None:
    """The content type named by a file name's extension, or ``None``."""
    if not filename:
        return None
    content_type, encoding = _TYPES.guess_type(filename)
    if encoding is not None:
        return _ENCODING_TYPES.get(encoding, OCTET_STREAM)
    return content_type


def detect_content_type(filename: str | None, head: bytes) -> str:
    """The content type to declare: from the file name, else from the content, else
    ``application/octet-stream``. The name wins when both speak, as a browser would have it."""
    return guess_content_type(filename) or sniff_content_type(head) or OCTET_STREAM


def extension_for(content_type: str) -> str:
    """A file extension for a content type (``".png"``), or ``""``."""
    return _TYPES.guess_extension(content_type) or ""


# -- file name -------------------------------------------------------------------------------


def shorten_filename(name: str, limit: int = MAX_FILENAME_BYTES) -> str:
    """``name`` cut to at most ``limit`` UTF-8 bytes, keeping its extension.

    The stem is cut on a character boundary; an "extension" longer than 16 bytes is taken to
    be part of the name. Names within the limit come back unchanged.
    """
    encoded = name.encode()
    if len(encoded) <= limit:
        return name
    stem, extension = os.path.splitext(name)
    if len(extension.encode()) > min(_MAX_EXTENSION_BYTES, limit):
        stem, extension = name, ""
    budget = limit - len(extension.encode())
    return stem.encode()[:budget].decode("utf-8", "ignore") + extension


# -- splitting -------------------------------------------------------------------------------


class Part(NamedTuple):
    """One ``multi_part`` part: its 1-based number and where it lies in the content."""

    number: int
    offset: int
    length: int


def plan_parts(size: int, part_size: int) -> list[Part]:
    """The parts of ``size`` bytes: ``part_size`` each but the last, which holds the rest.

    The part size grows if ``part_size`` would need more than :data:`MAX_PARTS` parts.
    """
    if size <= 0:
        return [Part(1, 0, 0)]
    part_size = max(part_size, math.ceil(size / MAX_PARTS))
    return [
        Part(number, offset, min(part_size, size - offset))
        for number, offset in enumerate(range(0, size, part_size), start=1)
    ]


# -- reading (run in a worker thread) --------------------------------------------------------


class _Scan(NamedTuple):
    digest: str
    size: int
    head: bytes
    signature: tuple[int, int] | None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _signature(path: Path) -> tuple[int, int]:
    """What tells a file was changed: its size and modification time."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def _scan_file(path: Path) -> _Scan:
    """Hash a file by streaming it in chunks; keep its first bytes for sniffing."""
    before = _signature(path)
    hasher = hashlib.sha256()
    head = b""
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            if size < SNIFF_BYTES:
                head = (head + chunk[:SNIFF_BYTES])[:SNIFF_BYTES]
            hasher.update(chunk)
            size += len(chunk)
    after = _signature(path)
    if after != before or size != before[0]:
        raise UploadError(f"{path} changed while it was being read; try again")
    return _Scan(hasher.hexdigest(), size, head, after)


def _read_range(path: Path, offset: int, length: int) -> bytes:
    """``length`` bytes of a file from ``offset``."""
    with path.open("rb") as file:
        file.seek(offset)
        data = file.read(length)
    if len(data) != length:
        raise UploadError(f"{path} changed while it was being uploaded; try again")
    return data


# -- the uploader ----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Source:
    """Content to upload: a file on disk or bytes in memory, with what is known of it."""

    path: Path | None
    data: bytes | None
    size: int
    digest: str
    filename: str
    content_type: str
    signature: tuple[int, int] | None

    async def read(self, offset: int, length: int) -> bytes:
        if self.data is not None:
            return self.data[offset : offset + length]
        assert self.path is not None
        return await asyncio.to_thread(_read_range, self.path, offset, length)

    async def check_unchanged(self) -> None:
        if self.path is not None and await asyncio.to_thread(_signature, self.path) != (
            self.signature
        ):
            raise UploadError(f"{self.path} changed while it was being uploaded; try again")


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
            digest = await asyncio.to_thread(_sha256, data) if len(data) > _CHUNK else _sha256(data)
            scan = _Scan(digest, len(data), data[:SNIFF_BYTES], None)
        else:
            path = Path(source)
            label = str(path)
            size = (await asyncio.to_thread(path.stat)).st_size
            if size > limit:
                raise FileTooLargeError(label, size, limit)
            scan = await asyncio.to_thread(_scan_file, path)
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
        content = _Source(
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

    async def _send(self, content: _Source) -> str:
        if content.size <= self.single_part_limit:
            return await self._send_single(content)
        return await self._send_multi(content)

    async def _send_single(self, content: _Source) -> str:
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

    async def _send_multi(self, content: _Source) -> str:
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

    def _accepted(self, upload_id: str, answer: Any, content: _Source) -> str:
        status = answer.get("status") if isinstance(answer, dict) else None
        if status != "uploaded":
            raise UploadError(
                f"Notion did not accept {content.filename} (file upload {upload_id}): its status "
                f"is {status!r}, not 'uploaded'"
            )
        self.stats.uploads += 1
        return upload_id
