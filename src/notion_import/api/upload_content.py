"""The content of an upload: its name, its hash, its parts, and reading them from disk.

:func:`shorten_filename` and :func:`plan_parts` are pure decisions. The reading functions run
in a worker thread: a file is hashed by streaming it (:func:`scan_file`), and each part is read
only when it is about to be sent (:meth:`Content.read`), so that memory does not grow with the
file's size; a file changed while it is read or sent raises :class:`UploadError`.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NamedTuple

from notion_import.api.content_types import SNIFF_BYTES
from notion_import.errors import UploadError

MIB: Final = 1024 * 1024
#: The most parts one ``multi_part`` upload may have.
MAX_PARTS: Final = 1000
#: Notion's limit on ``filename``, in UTF-8 bytes.
MAX_FILENAME_BYTES: Final = 900
#: Chunk size of the hashing pass over a file.
CHUNK: Final = 1 * MIB
#: The longest extension kept when a file name is shortened (``.xlsx``, ``.backup``...).
_MAX_EXTENSION_BYTES: Final = 16


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


class Scan(NamedTuple):
    """What one pass over some content tells: its hash, size, first bytes and (for a file)
    what tells it was changed."""

    digest: str
    size: int
    head: bytes
    signature: tuple[int, int] | None


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data``, in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def signature(path: Path) -> tuple[int, int]:
    """What tells a file was changed: its size and modification time."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def scan_file(path: Path) -> Scan:
    """Hash a file by streaming it in chunks; keep its first bytes for sniffing."""
    before = signature(path)
    hasher = hashlib.sha256()
    head = b""
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            if size < SNIFF_BYTES:
                head = (head + chunk[:SNIFF_BYTES])[:SNIFF_BYTES]
            hasher.update(chunk)
            size += len(chunk)
    after = signature(path)
    if after != before or size != before[0]:
        raise UploadError(f"{path} changed while it was being read; try again")
    return Scan(hasher.hexdigest(), size, head, after)


def read_range(path: Path, offset: int, length: int) -> bytes:
    """``length`` bytes of a file from ``offset``."""
    with path.open("rb") as file:
        file.seek(offset)
        data = file.read(length)
    if len(data) != length:
        raise UploadError(f"{path} changed while it was being uploaded; try again")
    return data


@dataclass(frozen=True)
class Content:
    """Content to upload: a file on disk or bytes in memory, with what is known of it."""

    path: Path | None
    data: bytes | None
    size: int
    digest: str
    filename: str
    content_type: str
    signature: tuple[int, int] | None

    async def read(self, offset: int, length: int) -> bytes:
        """``length`` bytes from ``offset`` (from disk in a worker thread, for a file)."""
        if self.data is not None:
            return self.data[offset : offset + length]
        assert self.path is not None
        return await asyncio.to_thread(read_range, self.path, offset, length)

    async def check_unchanged(self) -> None:
        """Raise :class:`UploadError` if the file changed since it was scanned."""
        if self.path is not None and await asyncio.to_thread(signature, self.path) != (
            self.signature
        ):
            raise UploadError(f"{self.path} changed while it was being uploaded; try again")
