"""The ``html`` source: one HTML file, or every ``*.html``/``*.htm`` file of a folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from notion_import.convert.html.base import DEFAULT_OPTIONS, ConvertOptions
from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import ConvertedPage
from notion_import.sources import Document, file_documents, read_text_file
from notion_import.sources.root import ExportRoot

SUFFIXES = (".html", ".htm")
#: names that lead their folder (a folder's own page).
INDEX_NAMES = ("index.html", "index.htm")
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body|!--)", re.I)


def convert_html_file(
    path: Path, *, source: str, root: Path | None, options: ConvertOptions = DEFAULT_OPTIONS
) -> ConvertedPage:
    """Read and convert one HTML file; a binary file raises ``ConversionError``. Local
    references are checked against the export at ``root`` (unchecked without one); the
    site's navigation is left out unless ``options.keep_chrome``."""
    data = read_text_file(path, what="HTML")
    files = ExportRoot(root) if root is not None else None
    return convert_html(
        data, source=source, files=files, rules=options.rules, keep_chrome=options.keep_chrome
    )


class HtmlSource:
    """HTML files: a single file, or a folder walked in a stable order.

    In a folder, files are taken folder by folder (a folder's ``index.html`` first), names in
    code-point order; symlinks that lead outside the folder are skipped with an error entry.
    """

    name = "html"

    def detect(self, path: Path) -> bool:
        """Any folder; a file named ``*.html``/``*.htm`` or starting like an HTML document."""
        if path.is_dir():
            return True
        if path.suffix.lower() in SUFFIXES:
            return True
        with path.open("rb") as handle:
            return bool(_HTML_START.match(handle.read(1024)))

    def documents(self, path: Path) -> Iterator[Document]:
        """One document per HTML file."""
        yield from file_documents(path, SUFFIXES, INDEX_NAMES, convert_html_file)


__all__ = ["HtmlSource", "convert_html_file"]
