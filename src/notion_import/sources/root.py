"""The export on disk: the one place that answers "is this file inside the export?".

An :class:`ExportRoot` is a folder that pages and their files come from. It answers the
converter's questions about relative references (:meth:`ExportRoot.find`, the
:class:`~notion_import.convert.files.FileLookup` protocol), tells whether a path found while
walking the folder stays inside it (:meth:`ExportRoot.contains`), and finds and reads the
files a page references (:meth:`ExportRoot.file`, :meth:`ExportRoot.read_bytes`). Symbolic
links are followed and must lead to a place inside the export; anything else counts as absent.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from notion_import.convert.files import FileEntry, FileKind


class ExportRoot:
    """A folder holding an export; implements :class:`~notion_import.convert.files.FileLookup`.

    :meth:`find` remembers the folders it has already checked, so one instance is meant for
    one page's conversion (files do not change under it): make a new one for each page.
    """

    def __init__(self, path: Path) -> None:
        #: the folder, as given.
        self.path = path
        #: the folder with symbolic links resolved: what "inside" is measured against.
        self.real = path.resolve()
        self._real = str(self.real)
        self._checked_dirs: set[str] = set()

    def __repr__(self) -> str:
        return f"ExportRoot({str(self.path)!r})"

    def find(self, path: str) -> FileEntry:
        """What is at the export-relative ``path`` (normalised, ``/``-separated, not climbing
        out; ``"."`` is the root): symbolic links are followed and must stay inside."""
        parts = [] if path == "." else path.split("/")
        prefix = self._real
        try:
            status = os.stat(prefix)
            for index, part in enumerate(parts):
                prefix = f"{prefix}/{part}"
                last = index == len(parts) - 1
                if not last and prefix in self._checked_dirs:
                    continue
                status = os.lstat(prefix)
                if stat.S_ISLNK(status.st_mode):
                    return self._through_link(path)
                if not last:
                    if not stat.S_ISDIR(status.st_mode):
                        return FileEntry("missing", path)
                    self._checked_dirs.add(prefix)
        except (OSError, ValueError):
            return FileEntry("missing", path)
        return FileEntry(_kind(status), path)

    def _through_link(self, path: str) -> FileEntry:
        try:
            real = os.path.realpath(os.path.join(self._real, path))
            if os.path.commonpath([real, self._real]) != self._real:
                return FileEntry("outside", path)
            status = os.stat(real)
        except (OSError, ValueError):
            return FileEntry("missing", path)
        relative = os.path.relpath(real, self._real).replace(os.sep, "/")
        return FileEntry(_kind(status), relative)

    def contains(self, path: Path) -> bool:
        """Whether ``path`` (symbolic links resolved) lies inside the export."""
        try:
            return path.resolve().is_relative_to(self.real)
        except (OSError, RuntimeError):
            return False

    def file(self, ref: str) -> Path | None:
        """The regular file at the export-relative ``ref`` (symbolic links resolved), or None
        if there is none or it lies outside the export."""
        try:
            real = (self.path / ref).resolve()
            inside = real.is_relative_to(self.real) and real.is_file()
        except (OSError, RuntimeError, ValueError):
            return None
        return real if inside else None

    def read_bytes(self, ref: str) -> bytes | None:
        """The bytes of the file at ``ref`` (see :meth:`file`), or None."""
        found = self.file(ref)
        return None if found is None else found.read_bytes()


def _kind(status: os.stat_result) -> FileKind:
    if stat.S_ISREG(status.st_mode):
        return "file"
    if stat.S_ISDIR(status.st_mode):
        return "folder"
    return "other"


__all__ = ["ExportRoot"]
