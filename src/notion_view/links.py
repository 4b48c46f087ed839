"""Where links point: Notion page addresses, safe schemes, pages of this rendering."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from notion_view.model import RenderContext

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: A Notion page address: ``https://www.notion.so/Title-<id>#<block>``, ``/<id>``, ...
NOTION_PAGE = re.compile(
    r"^(?:https?://(?:[\w-]+\.)*notion\.(?:so|site|com)(?:/[^/?#]*)*/|/)"
    r"(?:[^/?#]*-)?(?P<id>[0-9a-fA-F]{32})(?:\?[^#]*)?(?:#(?P<anchor>[\w-]*))?$"
)


def notion_url(object_id: str, anchor: str = "") -> str:
    """The notion.so address of a page (and a block in it)."""
    url = f"https://www.notion.so/{object_id.replace('-', '')}"
    return f"{url}#{anchor.replace('-', '')}" if anchor else url


def dashed(hex_id: str) -> str:
    """A page id in its dashed form."""
    h = hex_id.replace("-", "").lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def safe_href(url: str, ctx: RenderContext | None = None) -> str | None:
    """Where a link may point: Notion page addresses resolved to the page when it is part of
    the rendering, absolute http(s)/mailto/tel URLs and ``#anchors`` kept, anything else
    (``javascript:``, relative paths) refused (None)."""
    url = url.strip()
    if not url:
        return None
    found = NOTION_PAGE.match(url)
    if found:
        page_id = dashed(found["id"])
        anchor = found["anchor"] or ""
        local = ctx.options.page_href(page_id) if ctx is not None else None
        if local is not None:
            return f"{local}#{anchor}" if anchor else local
        return url if url.startswith("http") else notion_url(page_id, anchor)
    if url.startswith("#"):
        return url
    return url if scheme(url) in SAFE_SCHEMES else None


def scheme(url: str) -> str:
    """The URL's scheme in lower case; ``""`` when it has none or cannot be parsed."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def page_link(page_id: str, ctx: RenderContext) -> str:
    """Where a link to a page goes: its page in this rendering, else notion.so."""
    local = ctx.options.page_href(page_id)
    return local if local is not None else notion_url(page_id)
