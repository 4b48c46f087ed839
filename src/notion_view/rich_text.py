"""Rich text -> inline HTML: annotations, colours, links, mentions, equations."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from notion_view.files import display_src
from notion_view.links import page_link, safe_href
from notion_view.markup import attr, color_class
from notion_view.model import RenderContext, ViewOptions


def render_rich_text(items: Any, ctx: RenderContext | None = None) -> str:
    """Rich text items -> inline HTML (annotations, colours, links, mentions, equations)."""
    if not isinstance(items, list):
        return ""
    context = ctx or RenderContext(ViewOptions())
    return "".join(_rich_item(item, context) for item in items if isinstance(item, dict))


def _rich_item(item: Mapping[str, Any], ctx: RenderContext) -> str:
    kind = item.get("type")
    text = str(item.get("plain_text", ""))
    href: str | None = None
    if kind == "equation":
        expression = str((item.get("equation") or {}).get("expression", text))
        inner = (
            f'<span class="equation-inline" title="LaTeX"><code>{escape(expression)}</code></span>'
        )
    elif kind == "mention":
        inner, href = _mention(item.get("mention") or {}, text, ctx)
    else:
        inner = escape(text)
        link = (item.get("text") or {}).get("link") if kind == "text" else None
        raw = item.get("href") or (link.get("url") if isinstance(link, dict) else None)
        if isinstance(raw, str):
            href = safe_href(raw, ctx)
    marks = item.get("annotations") or {}
    if marks.get("code"):
        inner = f'<code class="inline-code">{inner}</code>'
    if marks.get("bold"):
        inner = f"<strong>{inner}</strong>"
    if marks.get("italic"):
        inner = f"<em>{inner}</em>"
    if marks.get("strikethrough"):
        inner = f"<s>{inner}</s>"
    if marks.get("underline"):
        inner = f'<span class="underline">{inner}</span>'
    color = color_class(marks.get("color"), "highlight")
    if color:
        inner = f'<span class="{color}">{inner}</span>'
    if href is not None:
        inner = f'<a href="{attr(href)}">{inner}</a>'
    return inner


def _mention(mention: Mapping[str, Any], text: str, ctx: RenderContext) -> tuple[str, str | None]:
    kind = mention.get("type")
    detail = mention.get(str(kind)) or {}
    if kind in ("page", "database", "data_source") and isinstance(detail, dict):
        target = str(detail.get("id", ""))
        label = escape(text or "Untitled")
        return f'<span class="mention mention-page">{label}</span>', page_link(target, ctx)
    if kind == "user":
        name = text.lstrip("@") or str(detail.get("name") or "user")
        return f'<span class="mention mention-user">@{escape(name)}</span>', None
    if kind == "date":
        return f'<span class="mention mention-date">{escape(text)}</span>', None
    if kind in ("link_preview", "link_mention") and isinstance(detail, dict):
        url = str(detail.get("url") or detail.get("href") or "")
        return f'<span class="mention mention-link">{escape(text or url)}</span>', safe_href(
            url, ctx
        )
    if kind == "custom_emoji" and isinstance(detail, dict):
        src = display_src({"type": "custom_emoji", "custom_emoji": detail}, ctx)
        name = escape(str(detail.get("name", "")))
        if src is not None:
            return f'<img class="custom-emoji" src="{attr(src)}" alt=":{name}:">', None
        return f"<span>:{name}:</span>", None
    return f'<span class="mention">{escape(text)}</span>', None
