"""The originals shown beside each page: each document, and the files it references, copied
into the site while the import reads it (the folder of an extracted zip exists only then)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from notion_import.convert.html.base import DEFAULT_OPTIONS, ConvertOptions
from notion_import.importer import ImportPage, documents_to_pages
from notion_import.sources import SkippedFile
from notion_import.sources.root import ExportRoot

log = logging.getLogger(__name__)


class Originals:
    """Copies each document, and the files it references, into ``dest`` while the import reads
    it (the folder of an extracted zip exists only then)."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        #: document key -> path of its copy, relative to ``dest``.
        self.paths: dict[str, str] = {}
        self._copied: set[str] = set()
        #: files of the source that are not pages, as :meth:`pages` went by them.
        self.skipped: list[SkippedFile] = []

    def pages(
        self, source: Path, kind: str | None, options: ConvertOptions = DEFAULT_OPTIONS
    ) -> Iterator[ImportPage]:
        """The pages of ``source`` (read as ``kind``, converted as ``options`` say), each
        original kept as it goes by."""
        for page in documents_to_pages(source, kind, options, skipped=self.skipped):
            try:
                self.keep(page)
            except OSError as exc:  # a preview without its original is still a preview
                log.warning("cannot copy the original of %s: %s", page.key, exc)
            yield page

    def keep(self, page: ImportPage) -> None:
        if page.root is None:
            return
        if self._copy(page.root, page.key):
            self.paths[page.key] = page.key
        for asset in page.assets:
            if asset.kind in ("local", "data") and asset.ref:
                self._copy(page.root, asset.ref)

    def _copy(self, root: Path, ref: str) -> bool:
        relative = _relative(ref)
        if relative is None:
            return False
        if str(relative) in self._copied:
            return True
        real = ExportRoot(root).file(relative.as_posix())
        if real is None:
            return False
        target = self.dest.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real, target)
        self._copied.add(str(relative))
        return True


def _relative(ref: str) -> PurePosixPath | None:
    """``ref`` as a relative path that stays inside its folder, or None."""
    path = PurePosixPath(ref.replace("\\", "/"))
    if path.is_absolute() or not path.parts or ".." in path.parts or ":" in path.parts[0]:
        return None
    return path
