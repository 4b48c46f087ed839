"""Where pages go and how links name them: parents, folder pages, the paths of a page.

A page's key is its source path in the export. It goes under the page its source names as
its parent (``metadata["parent"]``: Notion's export puts a page's subpages in a folder named
as the page, ``A 123.html`` beside ``A 123/``), once that page is adopted; else under the page
of its folder: the folder's ``index.html`` when the export has one, else a page made for the
folder (key ``"<folder>/"``, titled by the folder's name without Notion's id); pages at the top
go under the import's parent. A link names a page by its path, or a folder's page by the
folder's path.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from notion_import.importer.database import database_of, empty_rows
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import plan_page
from notion_import.sources.notion_export import title_from_name

INDEX_NAMES = ("index.html", "index.htm")


def folder_page_key(folder: PurePosixPath, known: set[str]) -> str:
    """The page that stands for a folder: ``""`` at the top, its ``index.html`` when the
    export has one, else a page made for the folder (key ``"<folder>/"``)."""
    if str(folder) in (".", ""):
        return ""
    for name in INDEX_NAMES:
        candidate = f"{folder}/{name}"
        if candidate in known:
            return candidate
    return f"{folder}/"


def page_parent(key: str, known: set[str], declared: str | None = None) -> str:
    """The key of the page ``key`` goes under (``""``: the import's parent): ``declared``,
    the parent its source names, when that page is in ``known``; else its folder's page."""
    if declared and declared != key and declared in known:
        return declared
    path = PurePosixPath(key.rstrip("/"))
    if key.endswith("/") or path.name.lower() in INDEX_NAMES:
        folder = path.parent if key.endswith("/") else path.parent.parent
        if not key.endswith("/") and str(path.parent) == ".":
            return ""
    else:
        folder = path.parent
    return folder_page_key(folder, known)


def aliases(key: str) -> set[str]:
    """The paths links may use for the page ``key`` (a folder's index page is the folder)."""
    path = PurePosixPath(key.rstrip("/"))
    names = {key.rstrip("/")}
    if path.name.lower() in INDEX_NAMES:
        names.add(str(path.parent))
    return names


def page_key(path: str, known: dict[str, Any]) -> str | None:
    """The key in ``known`` a link's path names (a page, or a folder's page)."""
    for candidate in (path, path.rstrip("/") + "/index.html", path.rstrip("/") + "/"):
        if candidate in known:
            return candidate
    return None


def declared_parent(page: ImportPage) -> str | None:
    """The parent page the source names for ``page`` (its key), if any."""
    parent = page.metadata.get("parent")
    return parent if isinstance(parent, str) else None


def folder_page(key: str) -> ImportPage:
    """The empty page an import makes for a folder without an index page."""
    name = PurePosixPath(key.rstrip("/")).name
    title = title_from_name(name)
    return ImportPage(
        key=key, parent_key="", title=title, blocks=[], assets=[], losses=[], plan=plan_page([])
    )


def arrange(pages: Iterable[ImportPage]) -> list[ImportPage]:
    """The pages in writing order, parents set, with the folder pages an import makes for
    them and the rows of its databases that have no page of their own (as
    :meth:`~notion_import.importer.scheduler.Importer.run` does; for plans and dry runs)."""
    out: list[ImportPage] = []
    known: set[str] = set()

    def adopt(page: ImportPage) -> None:
        page.parent_key = page_parent(page.key, {*known, page.key}, declared_parent(page))
        if page.parent_key.endswith("/") and page.parent_key not in known:
            adopt(folder_page(page.parent_key))
        known.add(page.key)
        out.append(page)
        database = database_of(page)
        for row in empty_rows(database) if database is not None else []:
            adopt(row)

    for page in pages:
        adopt(page)
    return out
