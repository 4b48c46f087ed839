"""Databases of an export: a table's records -> a Notion database, its rows pages of it.

A page whose ``metadata["database"]`` holds ``columns``, ``rows`` and ``pages`` (a CSV that
Notion's export wrote, see :func:`~notion_import.sources.notion_export.convert_csv_file`) is
created as a database under its parent (``databases.create`` with the properties inferred from
the records) instead of a page. Each record is a row: the row's own exported page when the
export has one (its content written as any page's), else an empty page keyed
``"<table key>#<n>"``. Row properties are built with :func:`notion_import.properties.build`;
people and relations, which name things of another workspace, are kept as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from notion_import.api.client import NotionAPI
from notion_import.api.paginate import collect
from notion_import.convert.ir import Loss, Span, Table
from notion_import.convert.serialize import serialize
from notion_import.errors import UncertainWriteError
from notion_import.importer.fill import title_text
from notion_import.importer.journal import WRITE_ATTEMPTS, Journal
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import plan_page
from notion_import.properties import DateRange, PropertyError, build

#: How Notion's export writes a checkbox.
_CHECKBOX = {"Yes": True, "No": False}
#: a number as written plainly; not one with a leading zero (a code: ``007``, ``01234``) or
#: more digits than a float keeps (an identifier).
_NUMBER = re.compile(r"^-?(?:(?:0|[1-9]\d{0,14})(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_URL = re.compile(r"^https?://\S+$")
_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
_PHONE = re.compile(r"^\+?[\d\s().-]{6,}\d$")
#: How Notion's export writes a date, with a time, and the arrow of a range.
_DATE_FORMATS = ("%B %d, %Y", "%Y-%m-%d")
_MOMENT_FORMATS = ("%B %d, %Y %I:%M %p", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")
_RANGE = " → "
#: how Notion's export writes a relation: the page's title and its file (``A (A%20123.md)``).
_RELATION = re.compile(r"\([^()]*\.(?:md|html|csv)\)")
#: a select holds few names, each often repeated; a multi-select names them ", "-separated.
_MAX_OPTIONS = 100
_MAX_OPTION_LENGTH = 100


@dataclass
class Database:
    """A table of the export, as the import makes it a database."""

    key: str
    #: property name -> Notion's schema entry (``{"number": {}}``...).
    schema: dict[str, dict[str, Any]]
    columns: list[str]
    #: row values by the key of the row's page.
    rows: dict[str, list[str]] = field(default_factory=dict)

    def row_properties(self, page: ImportPage) -> dict[str, Any]:
        """The ``properties`` of a row page's create request (a value that cannot be
        written is left out, with a loss); the page takes the record's title."""
        record = self.rows[page.key]
        title = record[0].strip()
        if page.title and page.title != title and page.blocks:
            # the CSV dates what the row's page titles relatively (``@Last Friday``)
            reason = f"the row's title is its record's {title!r}, its page's was {page.title!r}"
            page.losses.append(Loss("title", reason, page.key, "approximated", page.title))
        page.title = title
        typed = {
            name: {"type": next(iter(spec)), "name": name} for name, spec in self.schema.items()
        }
        values: dict[str, Any] = {}
        for name, cell in zip(self.columns, record, strict=True):
            value = cell_value(next(iter(self.schema[name])), cell.strip())
            try:
                build({name: typed[name]}, {name: value})
                values[name] = value
            except PropertyError as exc:
                page.losses.append(Loss("property", str(exc), page.key))
        return build(typed, values)


def database_of(page: ImportPage, target: dict[str, str] | None = None) -> Database | None:
    """The database ``page`` stands for (its content and plan cleared: a database holds no
    blocks), or ``None`` for a page. Under an import into a database (``target`` a data
    source) a table cannot be a database: its records become a table on its page."""
    table = page.metadata.get("database")
    if not isinstance(table, dict):
        return None
    columns: list[str] = list(table["columns"])
    rows: list[list[str]] = [list(row) for row in table["rows"]]
    if target is not None and "page_id" not in target:
        _as_table(page, columns, rows)
        return None
    page.blocks, page.plan, page.links, page.files, page.anchors = [], plan_page([]), [], [], {}
    page.database = True
    database = Database(page.key, infer_schema(columns, rows), columns)
    for index, (row, row_page) in enumerate(zip(rows, table["pages"], strict=True)):
        database.rows[row_page or f"{page.key}#{index}"] = row
    return database


def _as_table(page: ImportPage, columns: list[str], rows: list[list[str]]) -> None:
    """A table's records as a table block of its page: what a row of a database (an import
    ``--into-database``) can hold instead of a database."""
    cells = [[[Span(cell)] if cell else [] for cell in row] for row in [columns, *rows]]
    serialized = serialize([Table(cells, has_column_header=True)], where=page.key)
    page.blocks, page.plan = serialized.blocks, plan_page(serialized.blocks)
    reason = "a row of a database cannot be a database: its records are a table on its page"
    page.losses += [Loss("csv", reason, page.key, "approximated"), *serialized.losses]


def empty_rows(database: Database) -> list[ImportPage]:
    """The rows the export wrote no page for, as empty pages under the database."""
    return [
        ImportPage(
            key=key,
            parent_key=database.key,
            title=row[0].strip(),
            blocks=[],
            assets=[],
            losses=[],
            plan=plan_page([]),
            metadata={"parent": database.key},
        )
        for key, row in database.rows.items()
        if key.startswith(f"{database.key}#")
    ]


def infer_schema(
    columns: Sequence[str], rows: Sequence[Sequence[str]]
) -> dict[str, dict[str, Any]]:
    """Notion's schema for the columns: the first is the title, each other the type every
    value of it fits (text when none does)."""
    schema: dict[str, dict[str, Any]] = {}
    for index, name in enumerate(columns):
        cells = [row[index].strip() for row in rows if row[index].strip()]
        schema[name] = {"title": {}} if index == 0 else {column_type(cells): {}}
    return schema


def column_type(cells: Sequence[str]) -> str:
    """The property type all of ``cells`` (non-empty) fit."""
    if not cells:
        return "rich_text"
    checks: tuple[tuple[str, Callable[[str], bool]], ...] = (
        ("checkbox", lambda c: c in _CHECKBOX),
        ("number", lambda c: bool(_NUMBER.match(c))),
        ("date", lambda c: parse_date(c) is not None),
        ("url", lambda c: bool(_URL.match(c))),
        ("email", lambda c: bool(_EMAIL.match(c))),
        # a phone number is written with a "+" or separators; bare digits are an identifier
        ("phone_number", lambda c: bool(_PHONE.match(c)) and not c.isdigit()),
    )
    if any(_RELATION.search(cell) for cell in cells):
        return "rich_text"  # a relation names pages of the export: kept as its text
    for kind, fits in checks:
        if all(fits(cell) for cell in cells):
            return kind
    names = [name for cell in cells for name in split_options(cell)]
    distinct = set(names)
    # Notion's option names hold no comma
    short = all(0 < len(name) <= _MAX_OPTION_LENGTH and "," not in name for name in names)
    if short and len(distinct) <= _MAX_OPTIONS and len(distinct) < len(names):
        return "multi_select" if any(", " in cell for cell in cells) else "select"
    return "rich_text"


def split_options(cell: str) -> list[str]:
    """The option names of a multi-select cell (Notion's export joins them with ``", "``)."""
    return [name.strip() for name in cell.split(", ")]


def parse_date(text: str) -> DateRange | None:
    """A date as Notion's export writes it (``April 1, 2025``, ``April 1, 2025 11:24 AM``,
    ``A → B``), or ``None``."""
    start, _, end = text.partition(_RANGE)
    first = _when(start)
    if first is None:
        return None
    last = _when(end) if end else None
    if end and last is None:
        return None
    timed = isinstance(first, datetime) or isinstance(last, datetime)
    return DateRange(first, last, "UTC" if timed else None)


def _when(text: str) -> date | datetime | None:
    for formats, moment in ((_MOMENT_FORMATS, True), (_DATE_FORMATS, False)):
        for form in formats:
            try:
                parsed = datetime.strptime(text.strip(), form)
            except ValueError:
                continue
            return parsed if moment else parsed.date()
    return None


def cell_value(kind: str, cell: str) -> Any:
    """The plain value :func:`~notion_import.properties.build` takes for a cell."""
    if kind in ("title", "rich_text"):
        return cell
    if not cell:
        return None
    if kind == "checkbox":
        return _CHECKBOX[cell]
    if kind == "number":
        number = float(cell)
        return int(number) if number.is_integer() and "." not in cell else number
    if kind == "date":
        return parse_date(cell)
    if kind == "multi_select":
        return split_options(cell)
    return cell


def data_source_meta(key: str) -> str:
    """The journal's metadata key holding the data source of the database of ``key``."""
    return f"data_source:{key}"


async def create_database(
    api: NotionAPI, journal: Journal, page: ImportPage, database: Database, parent: dict[str, str]
) -> str:
    """Create the database of ``page`` under ``parent`` exactly once; returns its id (the
    journal keeps it as the page's, and its data source under :func:`data_source_meta`).
    A create whose answer was lost is found again among the parent's children (else sent
    again)."""
    record = journal.page(page.key)
    if record is not None and record.page_id:
        return record.page_id
    journal.plan_page(page.key, page.parent_key, page.title)
    found = None
    if record is not None and record.state == "sent":
        found = await _find_database(api, journal, page.title, parent["page_id"])
    journal.page_state(page.key, "sent")
    for attempt in range(WRITE_ATTEMPTS):
        if found is not None:
            break
        try:
            created = await api.client.databases.create(
                parent={"type": "page_id", **parent},
                title=title_text(page.title),
                initial_data_source={"properties": database.schema},
            )
            found = (str(created["id"]), str(created["data_sources"][0]["id"]))
        except UncertainWriteError:
            found = await _find_database(api, journal, page.title, parent["page_id"])
            if found is None and attempt == WRITE_ATTEMPTS - 1:
                raise
    assert found is not None
    journal.set_meta(data_source_meta(page.key), found[1])
    journal.page_state(page.key, "created", found[0])
    return found[0]


async def _find_database(
    api: NotionAPI, journal: Journal, title: str, parent_id: str
) -> tuple[str, str] | None:
    """A database titled ``title`` under the page that no journaled page owns: (its id, its
    data source's id)."""
    owned = {r.page_id for r in journal.pages() if r.page_id}
    for block in await collect(api.client.blocks.children.list, block_id=parent_id):
        kind = block["type"]
        if kind == "child_database" and block["id"] not in owned and block[kind]["title"] == title:
            found = await api.client.databases.retrieve(database_id=block["id"])
            return str(found["id"]), str(found["data_sources"][0]["id"])
    return None
