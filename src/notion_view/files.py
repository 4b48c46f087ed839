"""Where the files a page shows come from: media blocks, icons, covers, custom emoji; and
the address each is shown from in this rendering (the caller's :class:`ViewOptions`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from notion_view.links import scheme
from notion_view.model import PageView, RenderContext, iter_blocks

MEDIA_BLOCKS = ("image", "video", "audio", "pdf", "file")


def file_source(payload: Mapping[str, Any]) -> tuple[str, str] | None:
    """(url, "file" or "external") of a media payload, icon or cover."""
    kind = payload.get("type")
    if kind in ("file", "external"):
        detail = payload.get(kind)
        if isinstance(detail, dict) and isinstance(detail.get("url"), str):
            return str(detail["url"]), str(kind)
    if kind == "custom_emoji":
        detail = payload.get("custom_emoji")
        if isinstance(detail, dict) and isinstance(detail.get("url"), str):
            return str(detail["url"]), "file"
    return None


def display_src(payload: Mapping[str, Any], ctx: RenderContext) -> str | None:
    """The address a media payload, icon or cover is shown from in this rendering, or None
    (not available: shown as a placeholder)."""
    found = file_source(payload)
    if found is None:
        return None
    src = ctx.options.file_src(*found)
    if src is None:
        return None
    if src == found[0] and scheme(src) not in ("http", "https"):
        return None  # addresses from the content load only over http(s)
    return src


def media_sources(view: PageView) -> list[tuple[str, str]]:
    """Every (url, "file"|"external") a page shows: media blocks, icons, cover, mentions of
    custom emoji."""
    found: list[tuple[str, str]] = []
    for holder in (view.page.get("icon"), view.page.get("cover")):
        if isinstance(holder, dict) and (source := file_source(holder)):
            found.append(source)
    for block in iter_blocks(view.blocks):
        payload = block.get(str(block.get("type")))
        if not isinstance(payload, dict):
            continue
        if block.get("type") in MEDIA_BLOCKS and (source := file_source(payload)):
            found.append(source)
        icon = payload.get("icon")
        if isinstance(icon, dict) and (source := file_source(icon)):
            found.append(source)
        found.extend(_emoji_mentions(payload))
    return list(dict.fromkeys(found))


def _emoji_mentions(payload: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Custom emoji mentioned in a block's text, caption or table cells."""
    cells = payload.get("cells")
    runs = [payload.get("rich_text"), payload.get("caption")]
    runs += cells if isinstance(cells, list) else []
    for run in runs:
        for item in run if isinstance(run, list) else []:
            mention = item.get("mention") if isinstance(item, dict) else None
            if isinstance(mention, dict) and mention.get("type") == "custom_emoji":
                source = file_source(mention)
                if source is not None:
                    yield source
