"""A whole page: cover, icon, title and properties above its blocks, as an ``<article>`` or a
whole HTML document (styles inlined; no script, no network)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from notion_view.blocks import render_blocks
from notion_view.database import render_database
from notion_view.files import display_src
from notion_view.markup import attr
from notion_view.media import render_icon
from notion_view.model import PageView, RenderContext, ViewOptions, iter_blocks
from notion_view.properties import property_text
from notion_view.style import STYLE


def _properties(page: Mapping[str, Any]) -> str:
    rows = []
    for name, prop in (page.get("properties") or {}).items():
        if not isinstance(prop, dict) or prop.get("type") == "title":
            continue
        text = property_text(prop)
        if text:
            rows.append(f"<tr><th>{escape(str(name))}</th><td>{escape(text)}</td></tr>")
    return f'<table class="page-properties">{"".join(rows)}</table>' if rows else ""


def _headings(blocks: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    return tuple(b for b in iter_blocks(blocks) if str(b.get("type", "")).startswith("heading_"))


def render_page(view: PageView, options: ViewOptions | None = None) -> str:
    """A page as an ``<article>``: cover, icon, title, properties, then its blocks (a
    database: its rows, see :func:`~notion_view.database.render_database`)."""
    if view.rows is not None:
        return render_database(view, options)
    opts = options or ViewOptions()
    ctx = RenderContext(opts, page_id=view.id, headings=_headings(view.blocks))
    cover = ""
    raw_cover = view.page.get("cover")
    if isinstance(raw_cover, dict) and (src := display_src(raw_cover, ctx)):
        cover = f'<div class="page-cover"><img src="{attr(src)}" alt=""></div>'
    icon = render_icon(view.page.get("icon"), ctx, "page-icon-large")
    title = escape(view.title or "Untitled")
    return (
        f'<article class="notion-page" data-page-id="{attr(view.id)}">'
        f'{cover}<header>{icon}<h1 class="page-title">{title}</h1>'
        f"{_properties(view.page)}</header>"
        f'<div class="page-body">{render_blocks(view.blocks, ctx)}</div></article>'
    )


def render_document(
    view: PageView, options: ViewOptions | None = None, *, head: str = "", before: str = ""
) -> str:
    """A whole HTML document showing one page (styles inlined; no script, no network)."""
    title = escape(view.title or "Untitled")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style>{head}</head>"
        f'<body class="notion-view">{before}{render_page(view, options)}</body></html>\n'
    )


def error_document(title: str, detail: str) -> str:
    """A whole HTML document saying that a page cannot be shown, and why."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f'<body class="notion-view"><article class="notion-page"><header>'
        f'<h1 class="page-title">{escape(title)}</h1></header>'
        f"<p>{escape(detail)}</p></article></body></html>\n"
    )
