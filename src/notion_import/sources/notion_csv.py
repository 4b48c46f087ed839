"""The databases of Notion's export: a ``.csv`` table -> the records the import makes a
Notion database of, and the names Notion's export gives pages (title, space, 32-digit id)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from notion_import.convert.html.base import RuleTable
from notion_import.convert.ir import ConvertedPage
from notion_import.errors import ConversionError
from notion_import.sources import read_text_file
from notion_import.sources.markdown import decode_text

#: the page id Notion's export appends to a name (and to ``X_all.csv``).
NOTION_ID = re.compile(r"\s+([0-9a-f]{32})(?:_all)?$")


def page_key(name: str, rank: int | None = None) -> tuple[str, ...]:
    """Sort key putting ``A 1.html`` before ``A 1/child.html`` and before ``A 10.html``; the
    row pages of a database (``rank``: the row's place in the CSV) come first in their
    folder, in the CSV's order, each before its own subpages."""
    path = PurePosixPath(name)
    stem = path.stem if rank is None else f"\0{rank:010d}"
    return (*path.parent.parts, stem, "", path.suffix)


def title_from_name(stem: str) -> str:
    """A page's title from its file (or folder) name: the name without Notion's page id."""
    return NOTION_ID.sub("", stem).strip() or stem


def convert_csv_file(
    path: Path, *, source: str, root: Path | None, rules: RuleTable | None = None
) -> ConvertedPage:
    """A database exported as CSV -> a page whose ``metadata["database"]`` holds the table
    the import makes a Notion database of: ``columns`` (the header; the first is the title),
    ``rows`` (the records, each as long as the header) and ``pages`` (for each record, the
    source name of the row's own exported page, or ``None``). A CSV without a header is a
    page without content.

    Notion writes ``X.csv`` (the rows of the current view) and ``X_all.csv`` (every row):
    the page is ``X.csv``, which pages link to, with the rows of ``X_all.csv`` when present.
    A row's page is a file in the folder ``X/`` named as the row's title.
    """
    title = title_from_name(PurePosixPath(source).stem)
    metadata: dict[str, object] = {"csv": True}
    table = _read_table(path, source)
    if table is not None:
        metadata["database"] = table
    return ConvertedPage(source=source, title=title, blocks=[], metadata=metadata)


def _read_table(path: Path, source: str) -> dict[str, Any] | None:
    """The ``columns``, ``rows`` and row ``pages`` of the database exported as ``path`` (see
    :func:`convert_csv_file`); None for a CSV without a header."""
    row_folder = path.with_suffix("")
    every_row = path.with_name(f"{path.stem}_all{path.suffix}")
    if every_row.is_file():
        path = every_row
    text = decode_text(read_text_file(path, what="CSV", empty_ok=True))
    records = list(csv.reader(io.StringIO(text)))
    if not records or not records[0]:
        return None
    columns = _column_names(records[0])
    width = len(columns)
    body = [(row + [""] * width)[:width] for row in records[1:] if any(row)]
    pages = _row_pages(row_folder, PurePosixPath(source).with_suffix(""), body)
    return {"columns": columns, "rows": body, "pages": pages}


def row_ranks(root: Path, names: Iterable[str]) -> dict[str, int]:
    """Each row page of the databases among ``names`` -> its place in its CSV: rows are
    created in the order Notion listed them, which is the order its view shows."""
    ranks: dict[str, int] = {}
    for name in names:
        if not name.lower().endswith(".csv") or name.endswith("_all.csv"):
            continue
        try:
            table = _read_table(root / name, name)
        except (OSError, ConversionError, UnicodeError, csv.Error):
            continue  # its conversion reports the problem
        for rank, page in enumerate(table["pages"] if table else []):
            if page is not None:
                ranks[page] = rank
    return ranks


def _column_names(header: list[str]) -> list[str]:
    """The header's names, each one present and once (``Column 3``, ``Tags 2``)."""
    names: list[str] = []
    for index, raw in enumerate(header, start=1):
        name = base = raw.strip() or f"Column {index}"
        copy = 1
        while name in names:
            copy += 1
            name = f"{base} {copy}"
        names.append(name)
    return names


def _row_pages(folder: Path, name: PurePosixPath, rows: list[list[str]]) -> list[str | None]:
    """For each row, the source name of its page in ``folder``: the page named as the row's
    title, else (a title Notion shows relatively, ``@Last Friday``) the page that lists every
    other value of the row, as a row's page does."""
    files: dict[str, list[Path]] = {}
    if folder.is_dir():
        for file in sorted(folder.iterdir(), key=lambda f: page_key(f.name)):
            if file.is_file() and file.suffix.lower() in (".html", ".htm", ".md"):
                files.setdefault(title_from_name(file.stem), []).append(file)
    found: list[Path | None] = []
    for row in rows:
        same = files.get(row[0].strip())
        found.append(same.pop(0) if same else None)
    left = {file: decode_text(file.read_bytes()) for same in files.values() for file in same}
    for index, row in enumerate(rows):
        values = [cell.strip() for cell in row[1:] if cell.strip()]
        if found[index] is not None or not values:
            continue
        for file, text in left.items():
            if all(value in text for value in values):
                found[index] = file
                del left[file]
                break
    return [None if file is None else str(name / file.name) for file in found]
