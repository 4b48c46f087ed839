"""Notion's export zips import into the page tree Notion shows: each page under its own page,
no page named by a folder (``Page 1590080aa5a3...``), id-less names too; a resume creates
nothing twice. The expected tree is read from the zip's own names, not from the converter."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from tests.notion_import.importer.test_import import cancel_after, emulator, run_import
from tests.paths import CORPUS

from notion_import.importer import arrange, documents_to_pages

NOTION_ID = re.compile(r" [0-9a-f]{32}")
PAGE_SUFFIXES = (".html", ".md", ".csv")

#: (title, children) with the children sorted: the tree as a comparable value.
Tree = tuple[str, tuple[Any, ...]]


def members(archive: zipfile.ZipFile) -> list[str]:
    """The file names of an export zip, through the ``Part-N.zip`` archives inside it."""
    names: list[str] = []
    for info in archive.infolist():
        if info.filename.lower().endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(archive.read(info))) as inner:
                names += members(inner)
        elif not info.is_dir():
            names.append(info.filename)
    return names


def expected_tree(zip_path: Path) -> tuple[Tree, ...]:
    """The pages the export describes: a page file ``D/N.ext`` is a subpage of the page file
    named ``D.ext`` (Notion's subpage folder); titles are the names without the page id."""
    with zipfile.ZipFile(zip_path) as archive:
        names = [PurePosixPath(name) for name in members(archive)]
    top = {name.parts[0] for name in names}
    if len(top) == 1:  # everything inside Export-<id>/
        names = [PurePosixPath(*name.parts[1:]) for name in names]
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

    def node(page: PurePosixPath) -> Tree:
        title = NOTION_ID.sub("", page.stem)
        return (title, tuple(sorted(node(child) for child in children.get(page, []))))

    return tuple(sorted(node(page) for page in children.get(None, [])))


def imported_tree(app: Any) -> tuple[Tree, ...]:
    """The pages under the import's parent, read back from the emulator."""
    state = app.state.emulator
    root = state.tree(state.root_page_id, "http://e")

    def pages(node: dict[str, Any]) -> tuple[Tree, ...]:
        out: list[Tree] = []
        for child in node["children"]:
            if child["type"] == "child_page":
                out.append((child["child_page"]["title"], pages(child)))
            else:
                out.extend(pages(child))  # a subpage inside a toggle, a column...
        return tuple(sorted(out))

    return pages(root)


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
    assert tree == expected_tree(source)
    assert not [t for t in titles(tree) if re.search(r"[0-9a-f]{32}", t)]


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
        assert tree == expected_tree(source)
    counts = Counter(titles(tree))
    assert max(counts.values()) == 1, counts
