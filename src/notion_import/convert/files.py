"""What the converter may ask about the files of an export, without touching them.

A page names other files by relative references (``<a href="other.html">``,
``<img src="img/a.png">``). The converter turns a reference into an export-relative path and
asks a :class:`FileLookup` what is there; the lookup is the only part that knows where the
export lives. :class:`notion_import.sources.root.ExportRoot` implements it on a folder (it
checks that the file exists and that symbolic links stay inside the export); tests may pass a
dictionary-backed one. Without a lookup, the converter keeps local paths unchecked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

#: what an entry is: ``"file"`` (a regular file), ``"folder"``, ``"other"`` (a device, a
#: socket...), ``"missing"`` (nothing there, or not reachable), ``"outside"`` (a symbolic link
#: on the way leads out of the export).
FileKind = Literal["file", "folder", "other", "missing", "outside"]


@dataclass(frozen=True, slots=True)
class FileEntry:
    """What is at an export-relative path."""

    kind: FileKind
    #: where the entry really is, relative to the export root (``/``-separated, symbolic
    #: links resolved; ``"."`` is the root itself); the asked path when nothing is there.
    path: str


class FileLookup(Protocol):
    """Answers "what is at this export-relative path?" for the converter."""

    def find(self, path: str) -> FileEntry:
        """The entry at ``path``: an export-relative, normalised, ``/``-separated path that
        does not climb out of the export (``"."`` for the root)."""
        ...


__all__ = ["FileEntry", "FileKind", "FileLookup"]
