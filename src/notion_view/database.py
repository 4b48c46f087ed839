"""A database as Notion's default table view shows it: its title, one column per property
(the title first, then the schema's order) and one row per page, each title linking to the
row's page."""

from __future__ import annotations

from html import escape
from typing import Any

from notion_view.links import page_link
from notion_view.markup import attr
from notion_view.media import render_icon
from notion_view.model import PageView, RenderContext, ViewOptions
from notion_view.properties import property_text


def _columns(schema: dict[str, Any]) -> list[str]:
    """Property names, the title first, the others in the schema's order."""
    names = [str(name) for name in schema]
    titles = [n for n in names if (schema[n] or {}).get("type") == "title"]
    return titles + [n for n in names if n not in titles]


def _cell(row: dict[str, Any], name: str, ctx: RenderContext) -> str:
    prop = (row.get("properties") or {}).get(name)
    if not isinstance(prop, dict):
        return "<td></td>"
    text = escape(property_text(prop))
    if prop.get("type") == "title":
        href = page_link(str(row.get("id", "")), ctx)
        return f'<td class="row-title"><a href="{attr(href)}">{text or "Untitled"}</a></td>'
    return f"<td>{text}</td>"


def render_database(view: PageView, options: ViewOptions | None = None) -> str:
    """A database as an ``<article>``: icon, title, then its rows as a table."""
    ctx = RenderContext(options or ViewOptions(), page_id=view.id)
    schema = view.schema or {}
    columns = _columns(schema)
    head = "".join(f"<th>{escape(name)}</th>" for name in columns)
    body = "".join(
        "<tr>" + "".join(_cell(row, name, ctx) for name in columns) + "</tr>"
        for row in view.rows or []
    )
    icon = render_icon(view.page.get("icon"), ctx, "page-icon-large")
    count = len(view.rows or [])
    return (
        f'<article class="notion-page notion-database" data-page-id="{attr(view.id)}">'
        f'<header>{icon}<h1 class="page-title">{escape(view.title or "Untitled")}</h1></header>'
        f'<div class="page-body"><p class="database-count">{count} '
        f'{"row" if count == 1 else "rows"}</p><div class="block table column-header">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>"
        "</article>"
    )
