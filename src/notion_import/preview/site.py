"""Writing the static site: the index, one page per Notion page beside its original, the
stylesheet, and the output folder it all goes into."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from notion_import.errors import PreviewError
from notion_import.preview.files import FileCopies
from notion_view import STYLE, PageView, ViewOptions, render_page

#: The file that marks a folder as a preview this command wrote (and may rewrite).
MARKER = ".notion-import-preview"
#: The folders of a preview, removed before it is written again.
OWNED = ("pages", "files", "source", "assets")
_TEXT_ORIGINALS = (".md", ".markdown", ".txt", ".csv")


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
        # a database's row: the database (its data source has no page of its own)
        found = parent.get("page_id") or parent.get("block_id") or parent.get("database_id")
        return str(found) if found else None


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
                f"<td>{len(_lost(page))}</td><td>{_status(page)}</td></tr>"
            )
        items = "".join(f"<li>{escape(line)}</li>" for line in summary)
        body = (
            f'<header class="index-head"><h1>{escape(heading)}</h1><ul class="summary">{items}</ul>'
            "</header>"
            '<table class="index"><thead><tr><th>Page</th><th>Source</th><th>Losses</th>'
            f"<th>Status</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        return _document(heading, "assets/preview.css", body, css="preview-index")


def _href(path: str) -> str:
    """A relative path (``/``-separated) as a URL path: every segment percent-encoded."""
    return "/".join(quote(part, safe="") for part in path.split("/"))


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
    if _lost(page):
        count = len(_lost(page))
        label = f"{count} loss" if count == 1 else f"{count} losses"
        parts.append(f'<span class="status status-losses">{label}</span>')
    return "".join(parts) or '<span class="status">read back</span>'


def _lost(page: PreviewPage) -> list[dict[str, str]]:
    """The page's losses but the site navigation left out (kind ``chrome``), shown apart."""
    return [loss for loss in page.losses if loss.get("kind") != "chrome"]


def _losses(page: PreviewPage) -> str:
    chrome = [loss for loss in page.losses if loss.get("kind") == "chrome"]
    sections = []
    if _lost(page) or page.error:
        items = [f'<li class="error">{escape(page.error)}</li>'] if page.error else []
        items += [_loss_item(loss) for loss in _lost(page)]
        sections.append(f"<h2>Not carried over</h2><ul>{''.join(items)}</ul>")
    if chrome:
        items = [_loss_item(loss) for loss in chrome]
        sections.append(f"<h2>Site navigation left out</h2><ul>{''.join(items)}</ul>")
    return f'<section class="losses">{"".join(sections)}</section>' if sections else ""


def _loss_item(loss: dict[str, str]) -> str:
    element = escape(str(loss.get("element", "")))
    reason = escape(str(loss.get("reason", "")))
    where = escape(str(loss.get("where", "")))
    return f"<li><strong>{element}</strong>: {reason} <small>{where}</small></li>"


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
