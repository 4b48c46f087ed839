"""Notion's export zips import into the page tree Notion shows: each page under its own page,
no page named by a folder (``Page 1590080aa5a3...``), id-less names too; a resume creates
nothing twice. The expected tree is read from the zip's own names, not from the converter."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from tests.notion_import.importer.test_import import cancel_after, emulator, run_import
from tests.paths import CORPUS

from notion_import.importer import arrange, documents_to_pages
from notion_import.importer.estimate import READS_FIRST, estimate

NOTION_ID = re.compile(r" [0-9a-f]{32}")
PAGE_SUFFIXES = (".html", ".md", ".csv")

#: (title, children) with the children sorted: the tree as a comparable value.
Tree = tuple[str, tuple[Any, ...]]


def members(archive: zipfile.ZipFile) -> list[tuple[str, bytes]]:
    """The files of an export zip, through the ``Part-N.zip`` archives inside it."""
    out: list[tuple[str, bytes]] = []
    for info in archive.infolist():
        if info.filename.lower().endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(archive.read(info))) as inner:
                out += members(inner)
        elif not info.is_dir():
            out.append((info.filename, archive.read(info)))
    return out


def records(page: PurePosixPath, files: dict[str, bytes]) -> list[list[str]]:
    """The records of a database's CSV (``X_all.csv``, every row, when there is one)."""
    every = str(page.with_name(page.stem + "_all.csv"))
    text = files.get(every, files[str(page)]).decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text)) if any(row)]


def record_titles(page: PurePosixPath, files: dict[str, bytes]) -> list[str]:
    return [row[0].strip() for row in records(page, files)[1:]]


@dataclass
class Export:
    """What an export zip describes, read from its names and its CSV files alone."""

    tree: tuple[Tree, ...]
    #: each database (by title): the titles of its CSV records, and of its rows' own files.
    records: dict[str, list[str]]
    row_files: dict[str, list[str]]


def expected_tree(zip_path: Path) -> tuple[Tree, ...]:
    return read_export(zip_path).tree


def read_export(zip_path: Path) -> Export:
    """The pages the export describes: a page file ``D/N.ext`` is a subpage of the page file
    named ``D.ext`` (Notion's subpage folder); titles are the names without the page id; a
    CSV is a database, its children left out of the tree (see ``records``)."""
    with zipfile.ZipFile(zip_path) as archive:
        files = dict(members(archive))
    names = [PurePosixPath(name) for name in files]
    top = {name.parts[0] for name in names}
    if len(top) == 1:  # everything inside Export-<id>/
        files = {str(PurePosixPath(*PurePosixPath(n).parts[1:])): b for n, b in files.items()}
        names = [PurePosixPath(name) for name in files]
    pages = [
        name
        for name in names
        if name.suffix in PAGE_SUFFIXES
        and str(name) != "index.html"
        and not name.stem.endswith("_all")
    ]
    by_folder = {str(page.with_suffix("")): page for page in pages}
    children: dict[PurePosixPath | None, list[PurePosixPath]] = {}
    for page in pages:
        above = [by_folder[str(f)] for f in page.parents if str(f) in by_folder]
        children.setdefault(above[0] if above else None, []).append(page)

    found: dict[str, list[str]] = {}
    row_files: dict[str, list[str]] = {}

    def node(page: PurePosixPath) -> Tree:
        title = NOTION_ID.sub("", page.stem)
        if page.suffix == ".csv":
            found[title] = record_titles(page, files)
            row_files[title] = [NOTION_ID.sub("", c.stem) for c in children.get(page, [])]
            return (title, ())
        return (title, tuple(sorted(node(child) for child in children.get(page, []))))

    tree = tuple(sorted(node(page) for page in children.get(None, [])))
    return Export(tree, found, row_files)


def without_rows(tree: tuple[Tree, ...], databases: Collection[str]) -> tuple[Tree, ...]:
    """The tree with the children of the databases left out."""
    return tuple(
        (title, () if title in databases else without_rows(children, databases))
        for title, children in tree
    )


def rows_of(tree: tuple[Tree, ...], database: str) -> list[str]:
    for title, children in tree:
        if title == database:
            return [row for row, _ in children]
        if inside := rows_of(children, database):
            return inside
    return []


def imported_tree(app: Any) -> tuple[Tree, ...]:
    """The pages and databases under the import's parent, read back from the emulator: a
    database's children are its rows."""
    state = app.state.emulator
    root = state.tree(state.root_page_id, "http://e")

    def pages(node: dict[str, Any]) -> tuple[Tree, ...]:
        out: list[Tree] = []
        for child in node["children"]:
            if child["type"] == "child_page":
                out.append((child["child_page"]["title"], pages(child)))
            elif child["type"] == "child_database":
                out.append((child["child_database"]["title"], rows(child["id"])))
            else:
                out.extend(pages(child))  # a subpage inside a toggle, a column...
        return tuple(sorted(out))

    def rows(database_id: str) -> tuple[Tree, ...]:
        out: list[Tree] = []
        for source_id in state.store.nodes[database_id].data_sources:
            for row_id in state.store.data_sources[source_id].rows:
                row = state.tree(row_id, "http://e")
                out.append((row["child_page"]["title"], pages(row)))
        return tuple(sorted(out))

    return pages(root)


def database_rows(app: Any) -> dict[str, list[dict[str, Any]]]:
    """Each database's rows (their properties, as the API gives them), by database title."""
    state = app.state.emulator
    out: dict[str, list[dict[str, Any]]] = {}
    for node in state.store.nodes.values():
        if node.type == "child_database" and not node.in_trash:
            title = "".join(t["plain_text"] for t in node.title)
            source = state.store.data_sources[node.data_sources[0]]
            out[title] = [
                state.tree(row_id, "http://e")["page"]["properties"] for row_id in source.rows
            ]
    return out


def plain(value: dict[str, Any]) -> str:
    return "".join(t["plain_text"] for t in value[value["type"]])


def titles(tree: tuple[Tree, ...]) -> list[str]:
    return [t for title, children in tree for t in (title, *titles(children))]


CORPUS_ZIPS = ["notion-testspace.zip", "Notion.Test.Export.zip"]


@pytest.mark.parametrize("name", CORPUS_ZIPS)
async def test_a_real_export_imports_as_the_tree_notion_shows(name: str, tmp_path: Path) -> None:
    source = CORPUS / "notion-export" / name
    if not source.is_file():
        pytest.skip(f"{source} is not beside the project")
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert not [p for p in report.pages if p.error], report.summary()
    tree = imported_tree(app)
    export = read_export(source)
    assert without_rows(tree, export.records) == export.tree
    assert not [t for t in titles(tree) if re.search(r"[0-9a-f]{32}", t)]
    for database, records in export.records.items():
        rows = Counter(rows_of(tree, database))
        # every record is a row; a row's own file the CSV does not name is a row too
        assert rows >= Counter(records)
        assert rows - Counter(records) <= Counter(export.row_files[database])
        assert rows.total() == max(len(records), len(export.row_files[database]))


async def test_a_real_csv_database_has_typed_rows(tmp_path: Path) -> None:
    source = CORPUS / "notion-export" / "Notion.Test.Export.zip"
    if not source.is_file():
        pytest.skip(f"{source} is not beside the project")
    app = emulator()
    await run_import(app, source, tmp_path / "j.sqlite")
    listed = database_rows(app)["Habit Tracker"]
    with zipfile.ZipFile(source) as archive:
        files = dict(members(archive))
    csv_name = next(n for n in files if "/Habit Tracker " in n and n.endswith("4444.csv"))
    # rows in the order of the CSV, the order Notion's view lists them (then a row page the
    # CSV does not list: this export has two "@Today" pages and one record)
    records = record_titles(PurePosixPath(csv_name), files)
    assert [plain(row["Date"]) for row in listed][: len(records)] == records
    rows = {plain(row["Date"]): row for row in listed}
    row = rows["@August 1, 2025"]  # "@August 1, 2025 ",No,No,No,"August 1, 2025 6:18 AM"
    assert row["Ran today"] == {"id": row["Ran today"]["id"], "type": "checkbox", "checkbox": False}
    assert row["Full date"]["date"]["start"].startswith("2025-08-01T06:18")
    assert [n for n in app.state.emulator.store.nodes.values() if n.type == "child_database"]


def write_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def html(title: str, body: str = "") -> str:
    return f"<html><head><title>{title}</title></head><body><p>{body}</p></body></html>"


#: an export whose names carry no ids (Notion's "export without ids", or a renamed folder).
ID_LESS = {
    "Export/Home.html": html("Home", '<a href="Home/Guide.html">guide</a>'),
    "Export/Home/Guide.html": html("Guide"),
    "Export/Home/Guide/Step one.html": html("Step one"),
    "Export/Home/Guide/Step two.md": "# Step two\n\ntext\n",
    "Export/Home/Notes.md": "# Notes\n\n[home](../Home.html)\n",
    "Export/Other.md": "# Other\n",
    "Export/Other/Loose/Deep.md": "# Deep\n",
    "Export/Loose 0123456789abcdef0123456789abcdef/Alone.md": "# Alone\n",
}


async def test_id_less_names_nest_pages_under_their_pages(tmp_path: Path) -> None:
    source = write_zip(tmp_path / "export.zip", ID_LESS)
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert not [p for p in report.pages if p.error], report.summary()
    assert imported_tree(app) == (
        ("Home", (("Guide", (("Step one", ()), ("Step two", ()))), ("Notes", ()))),
        # a folder that is no page's own keeps a page of its own, named without the id
        ("Loose", (("Alone", ()),)),
        ("Other", (("Deep", ()),)),  # under the nearest page above it
    )


def test_the_dry_run_arranges_the_same_tree(tmp_path: Path) -> None:
    source = write_zip(tmp_path / "export.zip", ID_LESS)
    parents = {page.key: page.parent_key for page in arrange(documents_to_pages(source))}
    assert parents == {
        "Home.html": "",
        "Home/Guide.html": "Home.html",
        "Home/Guide/Step one.html": "Home/Guide.html",
        "Home/Guide/Step two.md": "Home/Guide.html",
        "Home/Notes.md": "Home.html",
        "Other.md": "",
        "Other/Loose/Deep.md": "Other.md",
        "Loose 0123456789abcdef0123456789abcdef/": "",
        "Loose 0123456789abcdef0123456789abcdef/Alone.md": (
            "Loose 0123456789abcdef0123456789abcdef/"
        ),
    }


async def test_a_resumed_export_import_creates_nothing_twice(tmp_path: Path) -> None:
    source = CORPUS / "notion-export" / "notion-testspace.zip"
    if not source.is_file():
        source = write_zip(tmp_path / "export.zip", ID_LESS)
    app = emulator()
    journal = tmp_path / "j.sqlite"
    for requests in (3, 9):  # stopped twice part way, then run to the end
        task = asyncio.ensure_future(run_import(app, source, journal))
        await cancel_after(task, app.state.emulator.stats, requests)
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await run_import(app, source, journal)
    tree = imported_tree(app)
    if source.name != "export.zip":
        assert without_rows(tree, read_export(source).records) == expected_tree(source)
    counts = Counter(titles(tree))
    assert max(counts.values()) == 1, counts


#: a database of every property type the import infers, with one row's own page.
MEMBERS = (
    "\ufeffName,Notes,Age,Role,Skills,Joined,Active,Site,Mail,Phone,Owner,Friend\n"
    '"Ada ",first,36,Lead,"python, rust","January 5, 2024",Yes,https://ada.example,'
    'ada@example.com,+1 555 0100,Ada Lovelace,"Bob (Bob.md)"\n'
    'Bob,,41,Dev,rust,"February 3, 2024 9:30 AM",No,https://bob.example,bob@example.com,'
    "+44 20 7946 0000,Grace Hopper,\n"
    'Cy,"text, with comma",29.5,Dev,python,"March 1, 2024 → March 3, 2024",Yes,'
    "https://cy.example,cy@example.com,(555) 010-0199,Alan Turing,\n"
)
DATABASE_EXPORT = {
    "Export/Team.md": "# Team\n\n[members](Team/Members.csv)\n",
    "Export/Team/Members.csv": MEMBERS,
    "Export/Team/Members_all.csv": MEMBERS,
    "Export/Team/Members/Ada.md": "# Ada\n\nAda's own page.\n",
}


async def test_a_csv_becomes_a_database_with_typed_properties(tmp_path: Path) -> None:
    source = write_zip(tmp_path / "export.zip", DATABASE_EXPORT)
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite", verify="full")
    assert all(p.verified for p in report.pages), report.summary()
    state = app.state.emulator
    (database,) = [n for n in state.store.nodes.values() if n.type == "child_database"]
    schema = state.store.data_sources[database.data_sources[0]].properties
    assert {name: spec["type"] for name, spec in schema.items()} == {
        "Name": "title",
        "Notes": "rich_text",
        "Age": "number",
        "Role": "select",
        "Skills": "multi_select",
        "Joined": "date",
        "Active": "checkbox",
        "Site": "url",
        "Mail": "email",
        "Phone": "phone_number",
        "Owner": "rich_text",  # people: names of another workspace, kept as text
        "Friend": "rich_text",  # a relation, kept as text
    }
    assert imported_tree(app) == (("Team", (("Members", (("Ada", ()), ("Bob", ()), ("Cy", ()))),)),)
    rows = {plain(row["Name"]): row for row in database_rows(app)["Members"]}
    ada, bob, cy = rows["Ada"], rows["Bob"], rows["Cy"]
    assert ada["Age"]["number"] == 36 and cy["Age"]["number"] == 29.5
    assert ada["Role"]["select"]["name"] == "Lead"
    assert [o["name"] for o in ada["Skills"]["multi_select"]] == ["python", "rust"]
    assert ada["Joined"]["date"]["start"] == "2024-01-05"
    assert bob["Joined"]["date"]["start"].startswith("2024-02-03T09:30")
    assert (cy["Joined"]["date"]["start"], cy["Joined"]["date"]["end"]) == (
        "2024-03-01",
        "2024-03-03",
    )
    assert (ada["Active"]["checkbox"], bob["Active"]["checkbox"]) == (True, False)
    assert ada["Site"]["url"] == "https://ada.example"
    assert ada["Mail"]["email"] == "ada@example.com"
    assert cy["Phone"]["phone_number"] == "(555) 010-0199"
    assert plain(ada["Friend"]) == "Bob (Bob.md)" and plain(cy["Notes"]) == "text, with comma"
    # the row's own exported page is the row's content
    ada_page = next(
        n
        for n in state.store.nodes.values()
        if n.type == "child_page"
        and "Name" in (n.properties or {})
        and plain(n.properties["Name"]) == "Ada"
    )
    assert "Ada's own page." in str(state.tree(ada_page.id, "http://e")["children"])
    # the link to the CSV links to the database
    links = [
        t["text"]["link"]["url"]
        for n in state.store.nodes.values()
        for t in n.payload.get("rich_text", [])
        if t.get("type") == "text" and t["text"].get("link")
    ]
    assert links == [f"https://www.notion.so/{database.id.replace('-', '')}"]


async def test_a_resumed_database_import_creates_no_second_database_or_row(
    tmp_path: Path,
) -> None:
    source = write_zip(tmp_path / "export.zip", DATABASE_EXPORT)
    app = emulator()
    journal = tmp_path / "j.sqlite"
    for requests in (1, 2, 4):  # stopped around the database's creation and its rows
        task = asyncio.ensure_future(run_import(app, source, journal))
        await cancel_after(task, app.state.emulator.stats, requests)
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await run_import(app, source, journal)
    again = await run_import(app, source, journal)  # finished: nothing is written again
    writes = {k: n for k, n in again.totals()["requests_by_endpoint"].items() if k[0] in "PD"}
    assert not writes, writes
    state = app.state.emulator
    live = [n for n in state.store.nodes.values() if not n.in_trash]
    assert len([n for n in live if n.type == "child_database"]) == 1
    assert sorted(plain(row["Name"]) for row in database_rows(app)["Members"]) == [
        "Ada",
        "Bob",
        "Cy",
    ]


async def test_the_dry_run_counts_the_database_and_its_rows(tmp_path: Path) -> None:
    source = write_zip(tmp_path / "export.zip", DATABASE_EXPORT)
    figures = estimate(source)
    # Team, the database, Ada (her own page), Bob and Cy (rows without a page)
    assert figures.pages == 5
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    by_endpoint = report.totals()["requests_by_endpoint"]
    assert by_endpoint["POST /v1/databases"] == 1
    writes = sum(n for name, n in by_endpoint.items() if not name.startswith("GET"))
    assert writes == report.totals()["minimal_requests"] == figures.requests - READS_FIRST


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
async def test_faults_create_one_database_and_each_row_once(tmp_path: Path, seed: int) -> None:
    """Lost answers (the create done, its answer not received) are found again: no second
    database, no second row."""
    source = write_zip(tmp_path / "export.zip", DATABASE_EXPORT)
    app = emulator(faults=0.4, fault_seed=seed)
    for _attempt in range(6):
        report = await run_import(app, source, tmp_path / "j.sqlite", timeout=0.1)
        if not any(p.error for p in report.pages):
            break
    assert not any(p.error for p in report.pages), report.summary()
    app.state.emulator.faults.probability = 0.0
    live = [n for n in app.state.emulator.store.nodes.values() if not n.in_trash]
    assert len([n for n in live if n.type == "child_database"]) == 1
    assert sorted(plain(row["Name"]) for row in database_rows(app)["Members"]) == [
        "Ada",
        "Bob",
        "Cy",
    ]


def test_a_link_to_a_view_the_export_did_not_write_names_the_views_page(tmp_path: Path) -> None:
    files = {
        "Export/Home.md": "# Home\n\n[Tasks](Home/Tasks.csv)\n\n[Gone](Home/Gone.csv)\n",
        "Export/Home/Tasks.md": "# Tasks\n",
    }
    pages = {page.key: page for page in documents_to_pages(write_zip(tmp_path / "e.zip", files))}
    home = pages["Home.md"]
    assert [link.target.path for link in home.links] == ["Home/Tasks.md"]
    # a view of a database the export holds nothing of stays text, reported
    assert [loss.reason for loss in home.losses] == [
        "link to 'Home/Gone.csv' is not in the export; its text is kept"
    ]


def test_a_header_without_names_or_with_repeats_still_names_every_column(tmp_path: Path) -> None:
    files = {"Export/T.csv": "Name,,Tags,Tags\na,1,x,y\n"}
    (page,) = documents_to_pages(write_zip(tmp_path / "e.zip", files))
    assert page.metadata["database"]["columns"] == ["Name", "Column 2", "Tags", "Tags 2"]
