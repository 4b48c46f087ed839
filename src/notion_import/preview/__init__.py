"""Preview: look at the result before touching the workspace.

:func:`preview_source` imports a source into an embedded notion-emulator (the sandbox of
``notion-import import`` without a token), then reads every page back through the public API
and writes a static site; :func:`preview_workspace` does the reading and writing for pages of a
real workspace. Rendering is :mod:`notion_view`'s, so what the site shows is what the
API holds, not what the importer meant to write.

The site needs no server and loads nothing from the network::

    index.html                 every page, its status (losses, verification), a link to it
    pages/<page id>.html       the page as Notion shows it, beside its original, with its losses
    files/<key>/<name>         the files the pages show (uploads, read back through their URLs)
    source/...                 copies of the original documents and the files they reference
    assets/preview.css         the stylesheet

Every text is escaped; the token is only ever sent in request headers, never written.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import httpx

from notion_import.api.client import NotionAPI, connect
from notion_import.cli.sandbox import open_sandbox
from notion_import.errors import PreviewError
from notion_import.importer import (
    Importer,
    ImportOptions,
    ImportPage,
    Journal,
    Report,
    documents_to_pages,
)
from notion_view import (
    STYLE,
    NotionReader,
    PageView,
    ReadError,
    ViewOptions,
    iter_blocks,
    media_sources,
    render_page,
)

log = logging.getLogger(__name__)

__all__ = [
    "MARKER",
    "PreviewError",
    "PreviewPage",
    "PreviewSite",
    "preview_source",
    "preview_workspace",
]

#: The file that marks a folder as a preview this command wrote (and may rewrite).
MARKER = ".notion-import-preview"
#: The folders of a preview, removed before it is written again.
OWNED = ("pages", "files", "source", "assets")
#: Pages read from a workspace at most (the page and its subpages).
MAX_WORKSPACE_PAGES = 1000
#: Largest file downloaded into the site; larger ones are shown as a placeholder.
MAX_FILE_BYTES = 200 * 1024 * 1024
_TEXT_ORIGINALS = (".md", ".markdown", ".txt", ".csv")
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")

Progress = Callable[[str], None]


@dataclass
class PreviewPage:
    """One page of the site: what the API returned, and what the import said about it."""

    page_id: str
    title: str
    view: PageView | None
    #: the document's path in the source ("" for a page of a workspace).
    source: str = ""
    #: the copy of the original, relative to the site root.
    original: str | None = None
    losses: list[dict[str, str]] = field(default_factory=list)
    verified: bool | None = None
    error: str | None = None
    #: the page in Notion (workspace previews only).
    url: str | None = None

    @property
    def parent_id(self) -> str | None:
        parent = (self.view.page.get("parent") if self.view else None) or {}
        found = parent.get("page_id") or parent.get("block_id")
        return str(found) if found else None


# -- originals ----------------------------------------------------------------------------------


class Originals:
    """Copies each document, and the files it references, into ``dest`` while the import reads
    it (the folder of an extracted zip exists only then)."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        #: document key -> path of its copy, relative to ``dest``.
        self.paths: dict[str, str] = {}
        self._copied: set[str] = set()

    def pages(self, source: Path, kind: str | None) -> Iterator[ImportPage]:
        for page in documents_to_pages(source, kind):
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
        origin = root.joinpath(*relative.parts)
        try:
            real_root = root.resolve()
            real = origin.resolve()
        except OSError:
            return False
        if origin.is_symlink() or not real.is_relative_to(real_root) or not real.is_file():
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


# -- files ---------------------------------------------------------------------------------------


class FileCopies:
    """Downloads the files pages show into ``folder``: Notion-hosted files always (through the
    API's client when they are on the API's host, else a plain client, never with the token),
    external ones only when asked."""

    def __init__(
        self,
        folder: Path,
        api_client: httpx.AsyncClient,
        api_base_url: str,
        *,
        fetch_external: bool = False,
        web: httpx.AsyncClient | None = None,
    ) -> None:
        self.folder = folder
        self.api_client = api_client
        self.api_origin = _origin(api_base_url)
        self.fetch_external = fetch_external
        self._web = web
        self._own_web = web is None
        #: (url, kind) -> path relative to ``folder``.
        self.saved: dict[tuple[str, str], str] = {}
        self.failed: dict[tuple[str, str], str] = {}

    async def aclose(self) -> None:
        if self._web is not None and self._own_web:
            await self._web.aclose()

    def _web_client(self) -> httpx.AsyncClient:
        if self._web is None:
            self._web = httpx.AsyncClient(follow_redirects=True, timeout=60.0)
        return self._web

    async def fetch_all(self, sources: list[tuple[str, str]], concurrency: int = 8) -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(source: tuple[str, str]) -> None:
            async with gate:
                await self.fetch(*source)

        await asyncio.gather(*(one(s) for s in dict.fromkeys(sources)))

    async def fetch(self, url: str, kind: str) -> str | None:
        key = (url, kind)
        if key in self.saved:
            return self.saved[key]
        if kind == "external" and not self.fetch_external:
            return None
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            self.failed[key] = "not an http(s) address"
            return None
        client = self.api_client if _origin(url) == self.api_origin else self._web_client()
        try:
            content = await _download(client, url)
        except (httpx.HTTPError, ValueError) as exc:
            self.failed[key] = f"{type(exc).__name__}: {exc}"
            log.warning("cannot download %s: %s", _redact(url), exc)
            return None
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        name = _file_name(url)
        target = self.folder / digest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.saved[key] = f"{digest}/{name}"
        return self.saved[key]


async def _download(client: httpx.AsyncClient, url: str) -> bytes:
    async with client.stream("GET", url, follow_redirects=True) as response:
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise ValueError(f"larger than {MAX_FILE_BYTES:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _redact(url: str) -> str:
    """A URL without its query (signed URLs carry credentials there)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _file_name(url: str) -> str:
    tail = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    stem, dot, suffix = tail.rpartition(".")
    if not dot:
        stem, suffix = tail, ""
    stem = _UNSAFE_NAME.sub("_", stem).strip("._")[:80] or "file"
    suffix = _UNSAFE_NAME.sub("", suffix)[:12]
    return f"{stem}.{suffix}" if suffix else stem


def _href(path: str) -> str:
    """A relative path (``/``-separated) as a URL path: every segment percent-encoded."""
    return "/".join(quote(part, safe="") for part in path.split("/"))


# -- the site ------------------------------------------------------------------------------------


class PreviewSite:
    """Writes the site for a list of pages into ``out``."""

    def __init__(self, out: Path, pages: list[PreviewPage], files: FileCopies) -> None:
        self.out = out
        self.pages = pages
        self.files = files
        self.by_id = {p.page_id: p for p in pages if p.view is not None}

    def page_file(self, page_id: str) -> str:
        return f"{page_id}.html"

    def write(self, *, heading: str, summary: list[str]) -> Path:
        (self.out / "assets").mkdir(parents=True, exist_ok=True)
        (self.out / "assets" / "preview.css").write_text(STYLE + PREVIEW_STYLE, encoding="utf-8")
        (self.out / "pages").mkdir(exist_ok=True)
        for page in self.pages:
            if page.view is not None:
                html = self.page_html(page, heading)
                target = self.out / "pages" / self.page_file(page.page_id)
                target.write_text(html, encoding="utf-8")
        index = self.out / "index.html"
        index.write_text(self.index_html(heading, summary), encoding="utf-8")
        return index

    # -- one page

    def options(self, page: PreviewPage) -> ViewOptions:
        def page_href(page_id: str) -> str | None:
            return self.page_file(page_id) if page_id in self.by_id else None

        def file_src(url: str, kind: str) -> str | None:
            saved = self.files.saved.get((url, kind))
            if saved is not None:
                return "../files/" + _href(saved)
            return None

        return ViewOptions(
            page_href=page_href,
            file_src=file_src,
            page_titles={p.page_id: p.title for p in self.pages},
            breadcrumb=tuple(
                (p.title, self.page_file(p.page_id) if p is not page else None)
                for p in self.ancestry(page)
            ),
        )

    def ancestry(self, page: PreviewPage) -> list[PreviewPage]:
        chain = [page]
        seen = {page.page_id}
        parent = page.parent_id
        while parent in self.by_id and parent not in seen:
            seen.add(parent)
            chain.append(self.by_id[parent])
            parent = self.by_id[parent].parent_id
        return chain[::-1]

    def page_html(self, page: PreviewPage, heading: str) -> str:
        assert page.view is not None
        article = render_page(page.view, self.options(page))
        trail = " / ".join(
            f'<a href="{_attr(self.page_file(p.page_id))}">{escape(p.title or "Untitled")}</a>'
            for p in self.ancestry(page)[:-1]
        )
        bar = (
            f'<header class="preview-bar"><a href="../index.html">← {escape(heading)}</a>'
            f'<span class="trail">{trail}</span>{_status(page)}'
        )
        if page.url:
            bar += f'<a class="in-notion" href="{_attr(page.url)}">Open in Notion</a>'
        bar += "</header>"
        return _document(
            page.title or "Untitled",
            "../assets/preview.css",
            bar
            + _losses(page)
            + '<main class="preview-main"><section class="pane pane-notion">'
            + '<h2 class="pane-title">In Notion</h2>'
            + article
            + "</section>"
            + self.original_pane(page)
            + "</main>",
        )

    def original_pane(self, page: PreviewPage) -> str:
        if page.original is None:
            if not page.source:
                return ""
            body = (
                f'<p class="no-original">{escape(page.source)}: no file of its own '
                "(a folder, or a note of a larger file).</p>"
            )
            return _pane_original(body)
        href = "../source/" + _href(page.original)
        name = escape(page.source)
        title = f'<a href="{_attr(href)}">{name}</a>'
        suffix = PurePosixPath(page.original).suffix.lower()
        if suffix in _TEXT_ORIGINALS:
            try:
                text = (self.out / "source" / page.original).read_text("utf-8", errors="replace")
            except OSError:
                text = ""
            return _pane_original(f'{title}<pre class="original-text">{escape(text)}</pre>')
        # sandboxed: no scripts, forms or popups; same-origin only so that its files load
        frame = (
            '<iframe class="original" sandbox="allow-same-origin" '
            f'src="{_attr(href)}" title="Original"></iframe>'
        )
        return _pane_original(f"{title}{frame}")

    # -- the index

    def ordered(self) -> list[tuple[int, PreviewPage]]:
        """Pages in tree order, with their depth (parents first, children after them)."""
        children: dict[str | None, list[PreviewPage]] = {}
        for page in self.pages:
            parent = page.parent_id if page.parent_id in self.by_id else None
            children.setdefault(parent, []).append(page)
        out: list[tuple[int, PreviewPage]] = []
        seen: set[str] = set()

        def walk(parent: str | None, depth: int) -> None:
            for page in children.get(parent, []):
                if page.page_id in seen:
                    continue
                seen.add(page.page_id)
                out.append((depth, page))
                walk(page.page_id, depth + 1)

        walk(None, 0)
        out.extend((0, p) for p in self.pages if p.page_id not in seen)
        return out

    def index_html(self, heading: str, summary: list[str]) -> str:
        rows = []
        for depth, page in self.ordered():
            title = escape(page.title or "Untitled")
            if page.view is not None:
                title = f'<a href="pages/{_attr(self.page_file(page.page_id))}">{title}</a>'
            rows.append(
                f'<tr><td class="title" style="padding-left: {0.6 + 1.4 * depth:.1f}em">'
                f'{title}</td><td class="source">{escape(page.source)}</td>'
                f"<td>{len(page.losses)}</td><td>{_status(page)}</td></tr>"
            )
        items = "".join(f"<li>{escape(line)}</li>" for line in summary)
        body = (
            f'<header class="index-head"><h1>{escape(heading)}</h1><ul class="summary">{items}</ul>'
            "</header>"
            '<table class="index"><thead><tr><th>Page</th><th>Source</th><th>Losses</th>'
            f"<th>Status</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        return _document(heading, "assets/preview.css", body, css="preview-index")


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _pane_original(body: str) -> str:
    return (
        f'<section class="pane pane-original"><h2 class="pane-title">Original</h2>{body}</section>'
    )


def _status(page: PreviewPage) -> str:
    if page.error:
        return f'<span class="status status-failed" title="{_attr(page.error)}">failed</span>'
    parts = []
    if page.verified is True:
        parts.append('<span class="status status-ok">verified</span>')
    elif page.verified is False:
        parts.append('<span class="status status-failed">mismatch</span>')
    if page.losses:
        count = len(page.losses)
        label = f"{count} loss" if count == 1 else f"{count} losses"
        parts.append(f'<span class="status status-losses">{label}</span>')
    return "".join(parts) or '<span class="status">read back</span>'


def _losses(page: PreviewPage) -> str:
    if not page.losses and not page.error:
        return ""
    items = []
    if page.error:
        items.append(f'<li class="error">{escape(page.error)}</li>')
    for loss in page.losses:
        element = escape(str(loss.get("element", "")))
        reason = escape(str(loss.get("reason", "")))
        where = escape(str(loss.get("where", "")))
        items.append(f"<li><strong>{element}</strong>: {reason} <small>{where}</small></li>")
    return f'<section class="losses"><h2>Not carried over</h2><ul>{"".join(items)}</ul></section>'


def _document(title: str, stylesheet: str, body: str, css: str = "preview") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)}</title><link rel="stylesheet" href="{_attr(stylesheet)}">'
        f'</head><body class="{css}">{body}</body></html>\n'
    )


PREVIEW_STYLE = """
body.preview, body.preview-index { margin: 0; color: rgb(55, 53, 47); background: #fff;
  font-family: ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial,
    sans-serif; font-size: 14px; }
.preview-bar { position: sticky; top: 0; z-index: 2; display: flex; gap: 16px;
  align-items: center; padding: 8px 16px; background: rgb(251, 251, 250);
  border-bottom: 1px solid rgba(55, 53, 47, 0.16); }
.preview-bar a { color: inherit; }
.preview-bar .trail { flex: 1; color: rgba(55, 53, 47, 0.65); overflow: hidden;
  white-space: nowrap; text-overflow: ellipsis; }
.status { display: inline-block; margin-right: 4px; padding: 1px 8px; border-radius: 10px;
  background: rgba(55, 53, 47, 0.08); font-size: 12px; }
.status-ok { background: rgb(219, 237, 219); color: rgb(28, 56, 41); }
.status-losses { background: rgb(253, 236, 200); color: rgb(64, 44, 27); }
.status-failed { background: rgb(255, 226, 221); color: rgb(93, 23, 21); }
.losses { margin: 12px 16px 0; padding: 8px 16px; border-radius: 4px;
  background: rgb(253, 245, 226); }
.losses h2 { font-size: 14px; margin: 4px 0; }
.losses ul { margin: 4px 0 8px; padding-left: 20px; }
.losses small { color: rgba(55, 53, 47, 0.65); }
.preview-main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.pane { min-width: 0; }
.pane-title { margin: 0; padding: 8px 16px; font-size: 12px; font-weight: 500;
  text-transform: uppercase; letter-spacing: 0.04em; color: rgba(55, 53, 47, 0.65); }
.pane-original { border-left: 1px solid rgba(55, 53, 47, 0.16); padding: 0 0 16px;
  position: sticky; top: 41px; align-self: start; height: calc(100vh - 41px);
  display: flex; flex-direction: column; }
.pane-original > a, .pane-original > .no-original { padding: 0 16px 8px; display: block;
  word-break: break-all; }
iframe.original { flex: 1; width: 100%; border: none; border-top: 1px solid
  rgba(55, 53, 47, 0.16); background: #fff; }
pre.original-text { flex: 1; margin: 0; padding: 12px 16px; overflow: auto;
  white-space: pre-wrap; border-top: 1px solid rgba(55, 53, 47, 0.16); }
@media (max-width: 1000px) {
  .preview-main { grid-template-columns: minmax(0, 1fr); }
  .pane-original { position: static; height: 80vh; border-left: none;
    border-top: 1px solid rgba(55, 53, 47, 0.16); }
}
.index-head { padding: 24px 32px 8px; }
.index-head h1 { margin: 0 0 8px; font-size: 28px; }
.summary { margin: 0; padding-left: 20px; color: rgba(55, 53, 47, 0.8); }
table.index { border-collapse: collapse; margin: 16px 32px 48px; min-width: 60%; }
table.index th, table.index td { text-align: left; padding: 6px 12px;
  border-bottom: 1px solid rgba(55, 53, 47, 0.09); vertical-align: top; }
table.index th { font-weight: 500; color: rgba(55, 53, 47, 0.65); }
table.index td.source { color: rgba(55, 53, 47, 0.65); word-break: break-all; }
table.index a { color: inherit; }
"""


# -- the output folder -------------------------------------------------------------------------


def prepare_output(out: Path) -> None:
    """Make ``out`` ready: create it, or clear a preview written there before. A folder that
    holds anything else is refused (never delete what this command did not write)."""
    if out.exists() and not out.is_dir():
        raise PreviewError(f"{out} is a file; choose a folder for the preview with --out")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise PreviewError(
                f"{out} is not empty and holds no earlier preview; choose an empty or new "
                "folder with --out"
            )
        for name in OWNED:
            shutil.rmtree(out / name, ignore_errors=True)
        (out / "index.html").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by notion-import preview; safe to delete\n")


# -- reading pages back --------------------------------------------------------------------------


async def read_views(
    reader: NotionReader, page_ids: list[str], concurrency: int = 8
) -> dict[str, PageView | ReadError]:
    gate = asyncio.Semaphore(concurrency)

    async def one(page_id: str) -> PageView | ReadError:
        async with gate:
            try:
                return await reader.page_view(page_id)
            except ReadError as exc:
                return exc

    found = await asyncio.gather(*(one(p) for p in page_ids))
    return dict(zip(page_ids, found, strict=True))


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
        summary.append(f"{len(missing)} files could not be downloaded and are not shown.")
    return PreviewSite(out, pages, files).write(heading=heading, summary=summary)


# -- the two entry points ----------------------------------------------------------------------


async def preview_source(
    source: Path,
    out: Path,
    *,
    source_kind: str | None = None,
    fetch_external: bool = False,
    progress: Callable[[str, dict[str, Any]], None] | None = None,
    attach: Callable[[NotionAPI], None] | None = None,
) -> tuple[Path, Report]:
    """Import ``source`` into a fresh sandbox, read it back, write the site into ``out``.
    Returns the index file and the import's report."""
    prepare_output(out)
    originals = Originals(out / "source")
    sandbox = open_sandbox()
    api = connect(
        sandbox.token,
        sandbox.base_url,
        transport=sandbox.transport(),
        rate=1000.0,  # the sandbox does not limit: do not wait for nothing
        burst=50,
    )
    if attach is not None:
        attach(api)
    with tempfile.TemporaryDirectory(prefix="notion-import-preview-") as scratch:
        async with api:
            with Journal(Path(scratch) / "journal.sqlite") as journal:
                importer = Importer(
                    api,
                    journal,
                    {"page_id": sandbox.root_page_id},
                    ImportOptions(verify="full"),
                    progress=progress,
                )
                report = await importer.run(originals.pages(source, source_kind))
            reader = NotionReader(api.http, sandbox.token, base_url=sandbox.base_url)
            ids = [p.page_id for p in report.pages if p.page_id]
            views = await read_views(reader, ids)
            files = FileCopies(
                out / "files", api.http, sandbox.base_url, fetch_external=fetch_external
            )
            try:
                pages: list[PreviewPage] = []
                for entry in report.pages:
                    found = views.get(entry.page_id or "")
                    view = found if isinstance(found, PageView) else None
                    error = entry.error or (str(found) if isinstance(found, ReadError) else None)
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
                    f"{totals['pages']} pages, {totals['blocks']} blocks, "
                    f"{totals['files_uploaded']} files, imported into an embedded "
                    "notion-emulator: nothing was written to Notion.",
                    _verification_line(report),
                    f"{totals['losses']} elements could not be carried over."
                    if totals["losses"]
                    else "Nothing was lost.",
                ]
                if totals["failed"]:
                    summary.append(f"{totals['failed']} pages failed.")
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
    return f"Read back and compared with the source: {good}/{len(checked)} pages match."


async def preview_workspace(
    page_id: str,
    out: Path,
    api: NotionAPI,
    token: str,
    *,
    subpages: bool = True,
    fetch_external: bool = False,
    say: Progress | None = None,
) -> Path:
    """Read ``page_id`` (and its subpages) from a workspace through ``api`` and write the site."""
    prepare_output(out)
    reader = NotionReader(api.http, token, base_url=api.base_url)
    views: list[PageView] = []
    queue = [page_id]
    seen: set[str] = set()
    while queue and len(views) < MAX_WORKSPACE_PAGES:
        batch = [p for p in dict.fromkeys(queue) if p not in seen][
            : MAX_WORKSPACE_PAGES - len(views)
        ]
        queue = []
        seen.update(batch)
        found = await read_views(reader, batch)
        for current in batch:
            result = found[current]
            if isinstance(result, ReadError):
                if current == page_id:
                    raise PreviewError(f"cannot read page {page_id}: {result}")
                log.warning("cannot read page %s: %s", current, result)
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
    summary = [f"{len(pages)} pages read from the workspace at {api.base_url}."]
    if queue:
        summary.append(f"Stopped at {MAX_WORKSPACE_PAGES} pages; more subpages were not read.")
    try:
        heading = f"Preview of {pages[0].title or page_id}"
        return await _write_site(out, pages, files, heading=heading, summary=summary)
    finally:
        await files.aclose()
