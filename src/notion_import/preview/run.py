"""The two previews: :func:`preview_source` imports a source through the API it is given (the
embedded emulator's) and :func:`preview_workspace` reads pages of a workspace; both read
every page back once through :mod:`notion_import.api.tree` and write the site."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from notion_client.errors import HTTPResponseError

from notion_import.api.client import NotionAPI
from notion_import.api.paginate import collect
from notion_import.api.tree import read_page
from notion_import.errors import PreviewError
from notion_import.importer import Report
from notion_import.importer.report import plural
from notion_import.importer.session import ImportSession, ImportSettings
from notion_import.preview.files import FileCopies
from notion_import.preview.originals import Originals
from notion_import.preview.site import PreviewPage, PreviewSite, prepare_output
from notion_view import PageView, iter_blocks, media_sources

log = logging.getLogger(__name__)

#: Pages read from a workspace at most (the page and its subpages).
MAX_WORKSPACE_PAGES = 1000

Progress = Callable[[str], None]


async def read_views(
    api: NotionAPI,
    page_ids: list[str],
    concurrency: int = 8,
    known: Mapping[str, list[dict[str, Any]]] | None = None,
) -> dict[str, PageView | HTTPResponseError]:
    """Each page with its block tree, read once (of a page whose blocks are ``known``, only
    the page object); what Notion refused, as the SDK's error."""
    read = known or {}

    async def one(page_id: str) -> PageView | HTTPResponseError:
        try:
            if page_id in read:
                return PageView(await api.client.pages.retrieve(page_id=page_id), read[page_id])
            page, blocks = await read_page(api, page_id)
        except HTTPResponseError as exc:
            return exc
        return PageView(page, blocks)

    found = await api.gather((one(p) for p in page_ids), concurrency=concurrency)
    return dict(zip(page_ids, (r.unwrap() for r in found), strict=True))


async def read_databases(
    api: NotionAPI, database_ids: list[str], concurrency: int = 8
) -> dict[str, PageView | HTTPResponseError]:
    """Each database with its data source's schema and every row, read once; what Notion
    refused, as the SDK's error."""

    async def one(database_id: str) -> PageView | HTTPResponseError:
        try:
            database = await api.client.databases.retrieve(database_id=database_id)
            sources = database.get("data_sources") or []
            if not sources:
                return PageView(database, [], schema={}, rows=[])
            source_id = str(sources[0]["id"])
            source = await api.client.data_sources.retrieve(data_source_id=source_id)
            rows = await collect(api.client.data_sources.query, data_source_id=source_id)
        except HTTPResponseError as exc:
            return exc
        return PageView(database, [], schema=dict(source.get("properties") or {}), rows=rows)

    found = await api.gather((one(d) for d in database_ids), concurrency=concurrency)
    return dict(zip(database_ids, (r.unwrap() for r in found), strict=True))


def refusal(exc: HTTPResponseError) -> str:
    """What Notion answered, as ``<status> <code>: <message>``."""
    code = getattr(exc.code, "value", exc.code)
    message = str(exc)
    return f"{exc.status} {code}: {message}" if message else f"{exc.status} {code}"


async def _write_site(
    out: Path,
    pages: list[PreviewPage],
    files: FileCopies,
    *,
    heading: str,
    summary: list[str],
) -> Path:
    sources = [s for p in pages if p.view is not None for s in media_sources(p.view)]
    await files.fetch_all(sources)
    missing = [s for s in sources if s[1] == "file" and s not in files.saved]
    if missing:
        summary.append(
            f"{plural(len(missing), 'file')} could not be downloaded and "
            f"{'is' if len(missing) == 1 else 'are'} not shown."
        )
    return PreviewSite(out, pages, files).write(heading=heading, summary=summary)


async def preview_source(
    source: Path,
    out: Path,
    api: NotionAPI,
    parent_page_id: str,
    *,
    source_kind: str | None = None,
    fetch_external: bool = False,
    progress: Callable[[str, dict[str, Any]], None] | None = None,
    keep_chrome: bool = False,
) -> tuple[Path, Report]:
    """Import ``source`` under ``parent_page_id`` through ``api`` (connected to an embedded
    notion-emulator: the summary says nothing was written to Notion), read it back, write the
    site into ``out``. Returns the index file and the import's report. ``keep_chrome`` keeps
    the navigation of HTML pages, left out otherwise."""
    prepare_output(out)
    originals = Originals(out / "source")
    settings = ImportSettings(
        source,
        parent_page_id,
        source_kind=source_kind,
        verify="full",
        temporary_journal=True,
        check_parent=False,
        keep_chrome=keep_chrome,
    )
    trees: dict[str, list[dict[str, Any]]] = {}  # the blocks verification read, by page
    async with ImportSession(api, settings, progress=progress, read_back=trees.__setitem__) as s:
        report = await s.run(originals.pages(source, source_kind, settings.conversion))
    report.skipped = [{"source": f.source, "reason": f.error} for f in originals.skipped]
    ids = [p.page_id for p in report.pages if p.page_id and not p.database]
    views = await read_views(api, ids, known=trees)
    views |= await read_databases(
        api, [p.page_id for p in report.pages if p.page_id and p.database]
    )
    files = FileCopies(out / "files", api.http, api.base_url, fetch_external=fetch_external)
    try:
        pages: list[PreviewPage] = []
        for entry in report.pages:
            found = views.get(entry.page_id or "")
            view = found if isinstance(found, PageView) else None
            refused = refusal(found) if isinstance(found, HTTPResponseError) else None
            error = entry.error or refused
            pages.append(
                PreviewPage(
                    page_id=entry.page_id or f"unwritten-{len(pages)}",
                    title=entry.title,
                    view=view,
                    source=entry.source,
                    original=originals.paths.get(entry.source),
                    losses=entry.losses,
                    verified=entry.verified,
                    error=error,
                )
            )
        totals = report.totals()
        summary = [
            f"Source: {source}",
            f"{plural(totals['pages'], 'page')}, {plural(totals['blocks'], 'block')}, "
            f"{plural(totals['files_uploaded'], 'file')}, imported into an embedded "
            "notion-emulator: nothing was written to Notion.",
            _verification_line(report),
            f"{plural(totals['losses_by_kind']['dropped'], 'element')} could not be carried over."
            if totals["losses_by_kind"]["dropped"]
            else "Nothing was lost.",
        ]
        if totals["losses_by_kind"]["chrome"]:
            summary.append(
                f"{plural(totals['losses_by_kind']['chrome'], 'navigation element')} "
                f"{'was' if totals['losses_by_kind']['chrome'] == 1 else 'were'} left out "
                "(--keep-chrome keeps them)."
            )
        if totals["failed"]:
            summary.append(f"{plural(totals['failed'], 'page')} failed.")
        index = await _write_site(
            out,
            pages,
            files,
            heading=f"Preview of {source.name or source}",
            summary=summary,
        )
    finally:
        await files.aclose()
    return index, report


def _verification_line(report: Report) -> str:
    checked = [p for p in report.pages if p.verified is not None]
    good = sum(1 for p in checked if p.verified)
    return (
        f"Read back and compared with the source: {good} of {plural(len(checked), 'page')} match."
    )


async def preview_workspace(
    page_id: str,
    out: Path,
    api: NotionAPI,
    *,
    subpages: bool = True,
    fetch_external: bool = False,
    say: Progress | None = None,
) -> Path:
    """Read ``page_id`` (and its subpages) from a workspace through ``api`` and write the site."""
    prepare_output(out)
    views: list[PageView] = []
    queue = [page_id]
    seen: set[str] = set()
    while queue and len(views) < MAX_WORKSPACE_PAGES:
        batch = [p for p in dict.fromkeys(queue) if p not in seen][
            : MAX_WORKSPACE_PAGES - len(views)
        ]
        queue = []
        seen.update(batch)
        found = await read_views(api, batch)
        for current in batch:
            result = found[current]
            if isinstance(result, HTTPResponseError):
                if current == page_id:
                    raise PreviewError(f"cannot read page {page_id}: {refusal(result)}")
                log.warning("cannot read page %s: %s", current, refusal(result))
                continue
            views.append(result)
            if say is not None:
                say(f"read {result.title or current}")
            if subpages:
                queue += [
                    str(b["id"])
                    for b in iter_blocks(result.blocks)
                    if b.get("type") == "child_page"
                ]
    pages = [
        PreviewPage(
            page_id=v.id,
            title=v.title,
            view=v,
            url=str(v.page.get("url")) if v.page.get("url") else None,
        )
        for v in views
    ]
    files = FileCopies(out / "files", api.http, api.base_url, fetch_external=fetch_external)
    summary = [f"{plural(len(pages), 'page')} read from the workspace at {api.base_url}."]
    if queue:
        summary.append(f"Stopped at {MAX_WORKSPACE_PAGES} pages; more subpages were not read.")
    try:
        heading = f"Preview of {pages[0].title or page_id}"
        return await _write_site(out, pages, files, heading=heading, summary=summary)
    finally:
        await files.aclose()
