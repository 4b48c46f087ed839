"""Media blocks: images, players, file cards and link cards, icons and captions. A file the
rendering does not show is a placeholder naming it, never a broken reference."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any
from urllib.parse import urlsplit

from notion_view.files import display_src, file_source
from notion_view.links import safe_href
from notion_view.markup import attr, id_attr, payload_of
from notion_view.model import RenderContext, plain
from notion_view.rich_text import render_rich_text


def render_icon(icon: Any, ctx: RenderContext, css: str = "icon") -> str:
    """An emoji or an image icon; ``""`` when there is none to show."""
    if not isinstance(icon, dict):
        return ""
    if icon.get("type") == "emoji":
        return f'<span class="{css}">{escape(str(icon.get("emoji", "")))}</span>'
    src = display_src(icon, ctx)
    if src is not None:
        return f'<img class="{css}" src="{attr(src)}" alt="">'
    return ""


def render_caption(payload: Mapping[str, Any], ctx: RenderContext) -> str:
    caption = render_rich_text(payload.get("caption"), ctx)
    return f"<figcaption>{caption}</figcaption>" if caption else ""


def _media_name(payload: Mapping[str, Any], url: str) -> str:
    name = payload.get("name")
    if isinstance(name, str) and name:
        return name
    tail = urlsplit(url).path.rsplit("/", 1)[-1] if url else ""
    return tail or "file"


def _missing(
    block: Mapping[str, Any], payload: Mapping[str, Any], what: str, ctx: RenderContext
) -> str:
    """A file that is not shown (not downloaded, or external and not loaded)."""
    found = file_source(payload)
    url = found[0] if found else ""
    name = escape(_media_name(payload, url))
    href = safe_href(url, ctx) if found and found[1] == "external" else None
    label = f'<a href="{attr(href)}">{name}</a>' if href else name
    return (
        f'<figure class="block media-missing {escape(what)}"{id_attr(block)}>'
        f'<div class="placeholder">{escape(what.capitalize())} not included in this preview: '
        f"{label}</div>{render_caption(payload, ctx)}</figure>"
    )


def image(block: dict[str, Any], ctx: RenderContext) -> str:
    """The image's figure (its children, if any, are the caller's to add after it)."""
    payload = payload_of(block)
    src = display_src(payload, ctx)
    if src is None:
        return _missing(block, payload, "image", ctx)
    alt = attr(plain(payload.get("caption")))
    return (
        f'<figure class="block image"{id_attr(block)}><img src="{attr(src)}" alt="{alt}">'
        f"{render_caption(payload, ctx)}</figure>"
    )


def video(block: dict[str, Any], ctx: RenderContext) -> str:
    """An uploaded video as a player; an external one (YouTube...) as a link card."""
    return _player(block, ctx, "video")


def audio(block: dict[str, Any], ctx: RenderContext) -> str:
    return _player(block, ctx, "audio")


def _player(block: dict[str, Any], ctx: RenderContext, tag: str) -> str:
    payload = payload_of(block)
    found = file_source(payload)
    if found is not None and found[1] == "external":  # YouTube and the like: a link card
        return _link_card(block, found[0], payload, ctx, tag)
    src = display_src(payload, ctx)
    if src is None:
        return _missing(block, payload, tag, ctx)
    return (
        f'<figure class="block {tag}"{id_attr(block)}>'
        f'<{tag} controls preload="metadata" src="{attr(src)}"></{tag}>'
        f"{render_caption(payload, ctx)}</figure>"
    )


def file_card(block: dict[str, Any], ctx: RenderContext) -> str:
    """A ``file`` or ``pdf`` block: a card linking to the file."""
    payload = payload_of(block)
    kind = str(block.get("type"))
    found = file_source(payload)
    src = display_src(payload, ctx)
    if src is None and (found is None or found[1] != "external"):
        return _missing(block, payload, kind, ctx)
    href = src if src is not None else safe_href(found[0] if found else "", ctx)
    name = escape(_media_name(payload, found[0] if found else ""))
    icon = "📄" if kind == "pdf" else "📎"
    link = f'<a href="{attr(href)}">{name}</a>' if href else name
    return (
        f'<figure class="block file-block {kind}"{id_attr(block)}>'
        f'<div class="file-card"><span class="file-icon">{icon}</span>{link}</div>'
        f"{render_caption(payload, ctx)}</figure>"
    )


def _link_card(
    block: Mapping[str, Any], url: str, payload: Mapping[str, Any], ctx: RenderContext, kind: str
) -> str:
    href = safe_href(url, ctx)
    shown = escape(url)
    link = f'<a href="{attr(href)}">{shown}</a>' if href else shown
    return (
        f'<figure class="block {escape(kind)}"{id_attr(block)}>'
        f'<div class="link-card"><span class="link-kind">{escape(kind.replace("_", " "))}'
        f'</span><span class="link-url">{link}</span></div>{render_caption(payload, ctx)}</figure>'
    )


def url_card(block: dict[str, Any], ctx: RenderContext) -> str:
    """An ``embed``, ``bookmark`` or ``link_preview`` block: a card with its address."""
    payload = payload_of(block)
    return _link_card(block, str(payload.get("url", "")), payload, ctx, str(block["type"]))
