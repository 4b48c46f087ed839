"""Pages as Notion shows them: block JSON from the public API -> HTML and CSS.

Two halves, joined only by plain JSON:

- :class:`NotionReader` reads a page the way any integration does, through the public HTTP
  API (``GET /v1/pages/{id}``, then ``GET /v1/blocks/{id}/children`` page by page, into every
  block that ``has_children``). It holds an ``httpx.AsyncClient`` (the one transport seam), so
  the same code reads the emulator in-process (``httpx.ASGITransport``) or a real workspace.
- :func:`render_page` / :func:`render_document` turn what was read into HTML: Notion's
  typography and colours, side-by-side columns, toggles, callouts, tables, code, equations,
  media. Block types are rendered by the functions of :data:`BLOCK_RENDERERS`, found by type
  name; a type with no renderer becomes a labelled placeholder, never an error.

Every piece of text is escaped; links keep only safe schemes; where links and files point is
decided by the caller (:class:`ViewOptions`), so a static site can point at its own copies.
The renderer never sees a token: only the reader does, and only puts it in request headers.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = [
    "BLOCK_RENDERERS",
    "STYLE",
    "NotionReader",
    "PageView",
    "ReadError",
    "RenderContext",
    "ViewOptions",
    "iter_blocks",
    "media_sources",
    "notion_url",
    "page_title",
    "render_blocks",
    "render_document",
    "render_page",
    "render_rich_text",
]

DEFAULT_VERSION = "2025-09-03"
#: Blocks whose children are pages of their own (not read as part of this page).
OWN_PAGES = frozenset({"child_page", "child_database"})
#: Nesting deeper than this is not read (Notion itself stops far sooner).
MAX_DEPTH = 64
MEDIA_BLOCKS = ("image", "video", "audio", "pdf", "file")
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_HEX_ID = re.compile(r"^[0-9a-fA-F]{32}$")
#: A Notion page address: ``https://www.notion.so/Title-<id>#<block>``, ``/<id>``, ...
_NOTION_PAGE = re.compile(
    r"^(?:https?://(?:[\w-]+\.)*notion\.(?:so|site|com)(?:/[^/?#]*)*/|/)"
    r"(?:[^/?#]*-)?(?P<id>[0-9a-fA-F]{32})(?:\?[^#]*)?(?:#(?P<anchor>[\w-]*))?$"
)
COLORS = frozenset(
    {"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"}
)


# -- reading through the public API ---------------------------------------------------------


class ReadError(Exception):
    """The API refused a read (the page is missing, not shared, the token is wrong, ...)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}" if message else f"{status} {code}")
        self.status = status
        self.code = code


@dataclass(slots=True)
class PageView:
    """A page as the API returns it: the page object, and its blocks, each with its
    ``children`` read in (child pages and databases excepted: they are pages of their own)."""

    page: dict[str, Any]
    blocks: list[dict[str, Any]]

    @property
    def id(self) -> str:
        return str(self.page.get("id", ""))

    @property
    def title(self) -> str:
        return page_title(self.page)


class NotionReader:
    """Reads pages and their blocks through ``/v1``, as any integration would.

    ``client`` may have its own ``base_url`` (pass ``base_url=""``) or none (pass the API's
    base URL). 429 and 5xx answers are retried after ``Retry-After`` (or a short backoff), at
    most ``attempts`` times; at most ``concurrency`` requests are in flight at once.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        token: str,
        *,
        base_url: str = "",
        notion_version: str = DEFAULT_VERSION,
        concurrency: int = 4,
        attempts: int = 8,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._client = client
        self._headers = {"Authorization": f"Bearer {token}", "Notion-Version": notion_version}
        self.base_url = base_url.rstrip("/")
        self._gate = asyncio.Semaphore(concurrency)
        self._attempts = attempts
        self._sleep = sleep
        self.requests = 0

    def __repr__(self) -> str:  # never the token
        return f"NotionReader(base_url={self.base_url!r})"

    async def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """``GET /v1{path}`` as JSON; :class:`ReadError` when Notion refuses."""
        url = f"{self.base_url}/v1{path}"
        attempt = 0
        while True:
            attempt += 1
            async with self._gate:
                self.requests += 1
                response = await self._client.get(url, params=params, headers=self._headers)
            if response.status_code in _RETRY_STATUSES and attempt < self._attempts:
                await self._sleep(_retry_delay(response, attempt))
                continue
            try:
                body = response.json()
            except ValueError:
                body = None
            if response.status_code >= 400 or not isinstance(body, dict):
                code = body.get("code", "error") if isinstance(body, dict) else "invalid_json"
                message = body.get("message", "") if isinstance(body, dict) else ""
                raise ReadError(response.status_code, str(code), str(message))
            return body

    async def page(self, page_id: str) -> dict[str, Any]:
        return await self.get(f"/pages/{page_id}")

    async def children(self, block_id: str) -> list[dict[str, Any]]:
        """Every child of a block or page, following ``next_cursor``."""
        out: list[dict[str, Any]] = []
        params = {"page_size": "100"}
        while True:
            body = await self.get(f"/blocks/{block_id}/children", params)
            out.extend(item for item in body.get("results", []) if isinstance(item, dict))
            cursor = body.get("next_cursor")
            if not body.get("has_more") or not cursor:
                return out
            params = {"page_size": "100", "start_cursor": str(cursor)}

    async def tree(self, block_id: str, depth: int = 0) -> list[dict[str, Any]]:
        """The children of a block, each with its own ``children`` read in (siblings read
        concurrently, order kept)."""
        blocks = await self.children(block_id)
        nested = [
            b
            for b in blocks
            if b.get("has_children") and b.get("type") not in OWN_PAGES and depth < MAX_DEPTH
        ]
        found = await asyncio.gather(*(self.tree(str(b["id"]), depth + 1) for b in nested))
        for block, children in zip(nested, found, strict=True):
            block["children"] = children
        return blocks

    async def page_view(self, page_id: str) -> PageView:
        page, blocks = await asyncio.gather(self.page(page_id), self.tree(page_id))
        return PageView(page, blocks)


def _retry_delay(response: httpx.Response, attempt: int) -> float:
    raw = response.headers.get("retry-after")
    try:
        if raw is not None:
            return min(max(float(raw), 0.0), 60.0)
    except ValueError:
        pass
    return float(min(0.25 * 2 ** (attempt - 1), 8.0))


# -- what the caller decides ----------------------------------------------------------------

#: page id (dashed) -> where a link to it goes in this rendering, or None (not part of it).
PageHref = Callable[[str], str | None]
#: media URL and whether Notion hosts it ("file") or it is "external" -> img/a src, or None.
FileSrc = Callable[[str, str], str | None]


def _no_page(page_id: str) -> str | None:
    return None


def _same_file(url: str, kind: str) -> str | None:
    return url


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """Where links and files point; the rest of the rendering is fixed."""

    #: local address of a page that is part of this rendering (others go to notion.so).
    page_href: PageHref = _no_page
    #: the address to load a file from; None shows a placeholder naming the file instead.
    file_src: FileSrc = _same_file
    #: titles of pages known to the caller (for ``link_to_page`` blocks, which carry none).
    page_titles: Mapping[str, str] = field(default_factory=dict)
    #: the path to this page, as (title, href or None), shown by ``breadcrumb`` blocks.
    breadcrumb: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What travels down the block tree while rendering."""

    options: ViewOptions
    page_id: str = ""
    list_depth: int = 0
    headings: tuple[dict[str, Any], ...] = ()


# -- helpers --------------------------------------------------------------------------------


def page_title(page: Mapping[str, Any]) -> str:
    """The plain title of a page object (its ``title`` property)."""
    for prop in (page.get("properties") or {}).values():
        if isinstance(prop, dict) and prop.get("type") == "title":
            return _plain(prop.get("title"))
    return ""


def notion_url(object_id: str, anchor: str = "") -> str:
    """The notion.so address of a page (and a block in it)."""
    url = f"https://www.notion.so/{object_id.replace('-', '')}"
    return f"{url}#{anchor.replace('-', '')}" if anchor else url


def _dashed(hex_id: str) -> str:
    h = hex_id.replace("-", "").lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _plain(items: Any) -> str:
    if not isinstance(items, list):
        return ""
    return "".join(str(i.get("plain_text", "")) for i in items if isinstance(i, dict))


def _anchor(block: Mapping[str, Any]) -> str:
    return str(block.get("id", "")).replace("-", "")


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _id_attr(block: Mapping[str, Any]) -> str:
    anchor = _anchor(block)
    return f' id="{_attr(anchor)}"' if anchor else ""


def _color_class(color: Any, prefix: str = "color") -> str:
    """``red`` -> ``color-red``, ``red_background`` -> ``bg-red``; unknown -> ``""``."""
    if not isinstance(color, str) or color in ("default", "default_background"):
        return ""
    base, _, background = color.partition("_")
    if base not in COLORS or (background and background != "background"):
        return ""
    return f"bg-{base}" if background else f"{prefix}-{base}"


def safe_href(url: str, ctx: RenderContext | None = None) -> str | None:
    """Where a link may point: Notion page addresses resolved to the page when it is part of
    the rendering, absolute http(s)/mailto/tel URLs and ``#anchors`` kept, anything else
    (``javascript:``, relative paths) refused (None)."""
    url = url.strip()
    if not url:
        return None
    found = _NOTION_PAGE.match(url)
    if found:
        page_id = _dashed(found["id"])
        anchor = found["anchor"] or ""
        local = ctx.options.page_href(page_id) if ctx is not None else None
        if local is not None:
            return f"{local}#{anchor}" if anchor else local
        return url if url.startswith("http") else notion_url(page_id, anchor)
    if url.startswith("#"):
        return url
    return url if _scheme(url) in _SAFE_SCHEMES else None


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def _page_link(page_id: str, ctx: RenderContext) -> str:
    local = ctx.options.page_href(page_id)
    return local if local is not None else notion_url(page_id)


def _file_source(payload: Mapping[str, Any]) -> tuple[str, str] | None:
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


def _src(payload: Mapping[str, Any], ctx: RenderContext) -> str | None:
    found = _file_source(payload)
    if found is None:
        return None
    src = ctx.options.file_src(*found)
    if src is None:
        return None
    if src == found[0] and _scheme(src) not in ("http", "https"):
        return None  # addresses from the content load only over http(s)
    return src


def iter_blocks(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every block of a tree, depth first, in document order."""
    for block in blocks:
        yield block
        children = block.get("children")
        if isinstance(children, list):
            yield from iter_blocks(children)


def media_sources(view: PageView) -> list[tuple[str, str]]:
    """Every (url, "file"|"external") a page shows: media blocks, icons, cover, mentions of
    custom emoji."""
    found: list[tuple[str, str]] = []
    for holder in (view.page.get("icon"), view.page.get("cover")):
        if isinstance(holder, dict) and (source := _file_source(holder)):
            found.append(source)
    for block in iter_blocks(view.blocks):
        payload = block.get(str(block.get("type")))
        if not isinstance(payload, dict):
            continue
        if block.get("type") in MEDIA_BLOCKS and (source := _file_source(payload)):
            found.append(source)
        icon = payload.get("icon")
        if isinstance(icon, dict) and (source := _file_source(icon)):
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
                source = _file_source(mention)
                if source is not None:
                    yield source


# -- rich text ------------------------------------------------------------------------------


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
    color = _color_class(marks.get("color"), "highlight")
    if color:
        inner = f'<span class="{color}">{inner}</span>'
    if href is not None:
        inner = f'<a href="{_attr(href)}">{inner}</a>'
    return inner


def _mention(mention: Mapping[str, Any], text: str, ctx: RenderContext) -> tuple[str, str | None]:
    kind = mention.get("type")
    detail = mention.get(str(kind)) or {}
    if kind in ("page", "database", "data_source") and isinstance(detail, dict):
        target = str(detail.get("id", ""))
        label = escape(text or "Untitled")
        return f'<span class="mention mention-page">{label}</span>', _page_link(target, ctx)
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
        src = _src({"type": "custom_emoji", "custom_emoji": detail}, ctx)
        name = escape(str(detail.get("name", "")))
        if src is not None:
            return f'<img class="custom-emoji" src="{_attr(src)}" alt=":{name}:">', None
        return f"<span>:{name}:</span>", None
    return f'<span class="mention">{escape(text)}</span>', None


# -- blocks ---------------------------------------------------------------------------------

BlockRenderer = Callable[[dict[str, Any], RenderContext], str]


def render_blocks(blocks: list[dict[str, Any]], ctx: RenderContext | None = None) -> str:
    """A list of sibling blocks -> HTML; runs of list items become one ``<ul>``/``<ol>``."""
    context = ctx or RenderContext(ViewOptions())
    out: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        kind = block.get("type")
        if kind in ("bulleted_list_item", "numbered_list_item"):
            end = index
            while end < len(blocks) and blocks[end].get("type") == kind:
                end += 1
            out.append(_list(blocks[index:end], str(kind), context))
            index = end
            continue
        out.append(render_block(block, context))
        index += 1
    return "".join(out)


def render_block(block: dict[str, Any], ctx: RenderContext) -> str:
    kind = str(block.get("type", ""))
    handler = BLOCK_RENDERERS.get(kind, _unknown)
    try:
        return handler(block, ctx)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # malformed: say so
        return _placeholder(block, f"{kind} (could not be shown: {type(exc).__name__})", ctx)


def _payload(block: Mapping[str, Any]) -> dict[str, Any]:
    payload = block.get(str(block.get("type")))
    return payload if isinstance(payload, dict) else {}


def _children(block: Mapping[str, Any], ctx: RenderContext, css: str = "children") -> str:
    children = block.get("children")
    if not isinstance(children, list) or not children:
        return ""
    return f'<div class="{css}">{render_blocks(children, ctx)}</div>'


def _text(block: Mapping[str, Any], ctx: RenderContext) -> str:
    return render_rich_text(_payload(block).get("rich_text"), ctx)


def _classes(*names: str) -> str:
    return " ".join(n for n in names if n)


def _paragraph(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    css = _classes("block", "paragraph", _color_class(payload.get("color")))
    return (
        f'<div class="{css}"{_id_attr(block)}><p>{_text(block, ctx)}</p>'
        f"{_children(block, ctx)}</div>"
    )


def _heading(block: dict[str, Any], ctx: RenderContext) -> str:
    kind = str(block["type"])
    level = min(int(kind.rsplit("_", 1)[1]), 4)
    payload = _payload(block)
    css = _classes("block", "heading", kind, _color_class(payload.get("color")))
    tag = f"h{level + 1}"
    title = f"<{tag}>{_text(block, ctx)}</{tag}>"
    if payload.get("is_toggleable"):
        return (
            f'<details class="{css} toggle-heading"{_id_attr(block)}><summary>{title}</summary>'
            f"{_children(block, ctx)}</details>"
        )
    return f'<div class="{css}"{_id_attr(block)}>{title}{_children(block, ctx, "nested")}</div>'


_BULLETS = ("disc", "circle", "square")
_NUMBERS = ("decimal", "lower-alpha", "lower-roman")


def _list(items: list[dict[str, Any]], kind: str, ctx: RenderContext) -> str:
    numbered = kind == "numbered_list_item"
    tag = "ol" if numbered else "ul"
    style = (_NUMBERS if numbered else _BULLETS)[ctx.list_depth % 3]
    inner = replace(ctx, list_depth=ctx.list_depth + 1)
    parts = []
    for item in items:
        color = _color_class(_payload(item).get("color"))
        css = f' class="{color}"' if color else ""
        nested = _children(item, inner)
        parts.append(f"<li{css}{_id_attr(item)}>{_text(item, ctx)}{nested}</li>")
    list_css = "numbered-list" if numbered else "bulleted-list"
    return (
        f'<{tag} class="block {list_css}" style="list-style-type: {style}">{"".join(parts)}</{tag}>'
    )


def _list_item(block: dict[str, Any], ctx: RenderContext) -> str:  # a single item, out of a run
    return _list([block], str(block["type"]), ctx)


def _to_do(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    checked = bool(payload.get("checked"))
    css = _classes(
        "block", "to-do", "checked" if checked else "", _color_class(payload.get("color"))
    )
    box = (
        '<span class="checkbox checkbox-on">✓</span>'
        if checked
        else '<span class="checkbox"></span>'
    )
    return (
        f'<div class="{css}"{_id_attr(block)}><div class="to-do-row">{box}'
        f'<span class="to-do-text">{_text(block, ctx)}</span></div>{_children(block, ctx)}</div>'
    )


def _toggle(block: dict[str, Any], ctx: RenderContext) -> str:
    color = _color_class(_payload(block).get("color"))
    css = _classes("block", "toggle", color)
    return (
        f'<details class="{css}"{_id_attr(block)}><summary>{_text(block, ctx)}</summary>'
        f"{_children(block, ctx)}</details>"
    )


def _quote(block: dict[str, Any], ctx: RenderContext) -> str:
    css = _classes("block", "quote", _color_class(_payload(block).get("color")))
    return (
        f'<blockquote class="{css}"{_id_attr(block)}><p>{_text(block, ctx)}</p>'
        f"{_children(block, ctx, 'nested')}</blockquote>"
    )


def _icon(icon: Any, ctx: RenderContext, css: str = "icon") -> str:
    if not isinstance(icon, dict):
        return ""
    if icon.get("type") == "emoji":
        return f'<span class="{css}">{escape(str(icon.get("emoji", "")))}</span>'
    src = _src(icon, ctx)
    if src is not None:
        return f'<img class="{css}" src="{_attr(src)}" alt="">'
    return ""


def _callout(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    color = _color_class(payload.get("color")) or "callout-plain"
    icon = _icon(payload.get("icon"), ctx, "callout-icon") or '<span class="callout-icon"></span>'
    return (
        f'<div class="{_classes("block", "callout", color)}"{_id_attr(block)}>{icon}'
        f'<div class="callout-body"><p>{_text(block, ctx)}</p>'
        f"{_children(block, ctx, 'nested')}</div></div>"
    )


_LANGUAGE_NAMES = {
    "plain text": "Plain Text",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "c++": "C++",
    "c#": "C#",
    "css": "CSS",
    "html": "HTML",
    "json": "JSON",
    "sql": "SQL",
    "php": "PHP",
    "xml": "XML",
    "yaml": "YAML",
    "graphql": "GraphQL",
    "latex": "LaTeX",
    "powershell": "PowerShell",
    "objective-c": "Objective-C",
    "vb.net": "VB.Net",
    "webassembly": "WebAssembly",
    "f#": "F#",
    "markdown": "Markdown",
    "toml": "TOML",
    "java/c/c++/c#": "Java/C/C++/C#",
}


def language_label(language: str) -> str:
    """Notion's label for a code block language (``python`` -> ``Python``)."""
    known = _LANGUAGE_NAMES.get(language.lower())
    if known:
        return known
    return " ".join(part[:1].upper() + part[1:] for part in language.split(" ")) or "Plain Text"


def _caption(payload: Mapping[str, Any], ctx: RenderContext) -> str:
    caption = render_rich_text(payload.get("caption"), ctx)
    return f"<figcaption>{caption}</figcaption>" if caption else ""


def _code(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    language = str(payload.get("language") or "plain text")
    css = "language-" + re.sub(r"[^a-z0-9+#-]+", "-", language.lower())
    return (
        f'<figure class="block code"{_id_attr(block)}>'
        f'<div class="code-language">{escape(language_label(language))}</div>'
        f'<pre><code class="{_attr(css)}">{_text(block, ctx)}</code></pre>'
        f"{_caption(payload, ctx)}</figure>"
    )


def _equation(block: dict[str, Any], ctx: RenderContext) -> str:
    expression = str(_payload(block).get("expression", ""))
    return (
        f'<div class="block equation"{_id_attr(block)} title="LaTeX">'
        f"<code>{escape(expression)}</code></div>"
    )


def _divider(block: dict[str, Any], ctx: RenderContext) -> str:
    return f'<div class="block divider"{_id_attr(block)}><hr></div>'


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
    found = _file_source(payload)
    url = found[0] if found else ""
    name = escape(_media_name(payload, url))
    href = safe_href(url, ctx) if found and found[1] == "external" else None
    label = f'<a href="{_attr(href)}">{name}</a>' if href else name
    return (
        f'<figure class="block media-missing {escape(what)}"{_id_attr(block)}>'
        f'<div class="placeholder">{escape(what.capitalize())} not included in this preview: '
        f"{label}</div>{_caption(payload, ctx)}</figure>"
    )


def _image(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    src = _src(payload, ctx)
    if src is None:
        return _missing(block, payload, "image", ctx) + _children(block, ctx)
    alt = _attr(_plain(payload.get("caption")))
    return (
        f'<figure class="block image"{_id_attr(block)}><img src="{_attr(src)}" alt="{alt}">'
        f"{_caption(payload, ctx)}</figure>{_children(block, ctx)}"
    )


def _video(block: dict[str, Any], ctx: RenderContext) -> str:
    return _player(block, ctx, "video")


def _audio(block: dict[str, Any], ctx: RenderContext) -> str:
    return _player(block, ctx, "audio")


def _player(block: dict[str, Any], ctx: RenderContext, tag: str) -> str:
    payload = _payload(block)
    found = _file_source(payload)
    if found is not None and found[1] == "external":  # YouTube and the like: a link card
        return _link_card(block, found[0], payload, ctx, tag)
    src = _src(payload, ctx)
    if src is None:
        return _missing(block, payload, tag, ctx)
    return (
        f'<figure class="block {tag}"{_id_attr(block)}>'
        f'<{tag} controls preload="metadata" src="{_attr(src)}"></{tag}>'
        f"{_caption(payload, ctx)}</figure>"
    )


def _file(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    kind = str(block.get("type"))
    found = _file_source(payload)
    src = _src(payload, ctx)
    if src is None and (found is None or found[1] != "external"):
        return _missing(block, payload, kind, ctx)
    href = src if src is not None else safe_href(found[0] if found else "", ctx)
    name = escape(_media_name(payload, found[0] if found else ""))
    icon = "📄" if kind == "pdf" else "📎"
    link = f'<a href="{_attr(href)}">{name}</a>' if href else name
    return (
        f'<figure class="block file-block {kind}"{_id_attr(block)}>'
        f'<div class="file-card"><span class="file-icon">{icon}</span>{link}</div>'
        f"{_caption(payload, ctx)}</figure>"
    )


def _link_card(
    block: Mapping[str, Any], url: str, payload: Mapping[str, Any], ctx: RenderContext, kind: str
) -> str:
    href = safe_href(url, ctx)
    shown = escape(url)
    link = f'<a href="{_attr(href)}">{shown}</a>' if href else shown
    return (
        f'<figure class="block {escape(kind)}"{_id_attr(block)}>'
        f'<div class="link-card"><span class="link-kind">{escape(kind.replace("_", " "))}'
        f'</span><span class="link-url">{link}</span></div>{_caption(payload, ctx)}</figure>'
    )


def _url_block(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    return _link_card(block, str(payload.get("url", "")), payload, ctx, str(block["type"]))


def _table(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    column_header = bool(payload.get("has_column_header"))
    row_header = bool(payload.get("has_row_header"))
    rows = [r for r in block.get("children") or [] if isinstance(r, dict)]
    width = int(payload.get("table_width") or 0)
    html_rows = []
    for index, row in enumerate(rows):
        cells = _payload(row).get("cells") or []
        cells = list(cells) + [[]] * max(0, width - len(cells))
        parts = []
        for column, cell in enumerate(cells):
            header = (column_header and index == 0) or (row_header and column == 0)
            tag = "th" if header else "td"
            scope = ""
            if header:
                scope = ' scope="col"' if column_header and index == 0 else ' scope="row"'
            parts.append(f"<{tag}{scope}>{render_rich_text(cell, ctx)}</{tag}>")
        tr = f"<tr{_id_attr(row)}>{''.join(parts)}</tr>"
        html_rows.append(tr)
    head = ""
    if column_header and html_rows:
        head = f"<thead>{html_rows.pop(0)}</thead>"
    css = _classes("block", "table", "column-header" if column_header else "")
    css = _classes(css, "row-header" if row_header else "")
    return (
        f'<div class="{css}"{_id_attr(block)}><table>{head}'
        f"<tbody>{''.join(html_rows)}</tbody></table></div>"
    )


def _column_list(block: dict[str, Any], ctx: RenderContext) -> str:
    columns = [c for c in block.get("children") or [] if isinstance(c, dict)]
    parts = []
    for column in columns:
        ratio = _payload(column).get("width_ratio")
        grow = float(ratio) if isinstance(ratio, int | float) and 0 < ratio <= 100 else 1.0
        inner = render_blocks(column.get("children") or [], ctx)
        parts.append(
            f'<div class="column"{_id_attr(column)} style="flex: {grow:.4f} 1 0%">{inner}</div>'
        )
    return f'<div class="block column-list"{_id_attr(block)}>{"".join(parts)}</div>'


def _column(block: dict[str, Any], ctx: RenderContext) -> str:  # a column out of its list
    return _column_list({"id": "", "children": [block]}, ctx)


def _page_card(block: Mapping[str, Any], css: str, icon: str, title: str, href: str) -> str:
    """A link to a page as Notion shows it in the page body: icon and underlined title."""
    return (
        f'<div class="block {css}"{_id_attr(block)}><a href="{_attr(href)}">'
        f'<span class="page-icon">{icon}</span><span class="page-link-title">{escape(title)}'
        f"</span></a></div>"
    )


def _child_page(block: dict[str, Any], ctx: RenderContext) -> str:
    title = str(_payload(block).get("title") or "Untitled")
    href = _page_link(str(block.get("id", "")), ctx)
    return _page_card(block, "child-page", "📄", title, href)


def _child_database(block: dict[str, Any], ctx: RenderContext) -> str:
    title = str(_payload(block).get("title") or "Untitled database")
    href = _page_link(str(block.get("id", "")), ctx)
    return _page_card(block, "child-database", "🗂️", title, href)


def _link_to_page(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = _payload(block)
    kind = str(payload.get("type", "page_id"))
    target = str(payload.get(kind, ""))
    title = ctx.options.page_titles.get(target) or (
        "Linked database" if kind == "database_id" else "Linked page"
    )
    return _page_card(block, "link-to-page", "↗", title, _page_link(target, ctx))


def _synced_block(block: dict[str, Any], ctx: RenderContext) -> str:
    return (
        f'<div class="block synced-block"{_id_attr(block)}>'
        f"{render_blocks(block.get('children') or [], ctx)}</div>"
    )


def _table_of_contents(block: dict[str, Any], ctx: RenderContext) -> str:
    color = _color_class(_payload(block).get("color"))
    items = []
    for heading in ctx.headings:
        kind = str(heading.get("type"))
        level = min(int(kind.rsplit("_", 1)[1]), 4)
        text = escape(_plain(_payload(heading).get("rich_text"))) or "Untitled"
        items.append(
            f'<li class="toc-level-{level}"><a href="#{_attr(_anchor(heading))}">{text}</a></li>'
        )
    body = f"<ul>{''.join(items)}</ul>" if items else '<p class="empty">No headings</p>'
    css = _classes("block", "table-of-contents", color)
    return f'<nav class="{css}"{_id_attr(block)}>{body}</nav>'


def _breadcrumb(block: dict[str, Any], ctx: RenderContext) -> str:
    parts = []
    for title, href in ctx.options.breadcrumb:
        label = escape(title or "Untitled")
        parts.append(f'<a href="{_attr(href)}">{label}</a>' if href else f"<span>{label}</span>")
    inner = ' <span class="separator">/</span> '.join(parts) or "<span>Breadcrumb</span>"
    return f'<nav class="block breadcrumb"{_id_attr(block)}>{inner}</nav>'


def _template(block: dict[str, Any], ctx: RenderContext) -> str:
    return (
        f'<div class="block template"{_id_attr(block)}><span class="template-button">'
        f"{_text(block, ctx)}</span>{_children(block, ctx)}</div>"
    )


def _placeholder(block: Mapping[str, Any], label: str, ctx: RenderContext) -> str:
    return (
        f'<div class="block unsupported"{_id_attr(block)}>'
        f'<span class="placeholder">{escape(label)}</span>{_children(block, ctx)}</div>'
    )


def _unknown(block: dict[str, Any], ctx: RenderContext) -> str:
    kind = str(block.get("type") or "unknown")
    if kind == "unsupported":
        kind = str(_payload(block).get("block_type") or "unsupported")
    text = _text(block, ctx)
    label = f"Block not shown here: {kind}"
    if text:
        return (
            f'<div class="block unsupported"{_id_attr(block)}><span class="placeholder">'
            f"{escape(label)}</span><p>{text}</p>{_children(block, ctx)}</div>"
        )
    return _placeholder(block, label, ctx)


#: Block type -> renderer; replace or add entries to change how a type is shown.
BLOCK_RENDERERS: dict[str, BlockRenderer] = {
    "paragraph": _paragraph,
    "heading_1": _heading,
    "heading_2": _heading,
    "heading_3": _heading,
    "heading_4": _heading,
    "bulleted_list_item": _list_item,
    "numbered_list_item": _list_item,
    "to_do": _to_do,
    "toggle": _toggle,
    "quote": _quote,
    "callout": _callout,
    "code": _code,
    "equation": _equation,
    "divider": _divider,
    "image": _image,
    "video": _video,
    "audio": _audio,
    "pdf": _file,
    "file": _file,
    "embed": _url_block,
    "bookmark": _url_block,
    "link_preview": _url_block,
    "table": _table,
    "column_list": _column_list,
    "column": _column,
    "child_page": _child_page,
    "child_database": _child_database,
    "link_to_page": _link_to_page,
    "synced_block": _synced_block,
    "table_of_contents": _table_of_contents,
    "breadcrumb": _breadcrumb,
    "template": _template,
}


# -- pages ----------------------------------------------------------------------------------


def _property_text(prop: Mapping[str, Any]) -> str:
    kind = prop.get("type")
    value = prop.get(str(kind))
    if kind in ("rich_text", "title"):
        return _plain(value)
    if kind == "select" or kind == "status":
        return str(value.get("name", "")) if isinstance(value, dict) else ""
    if kind == "multi_select" and isinstance(value, list):
        return ", ".join(str(v.get("name", "")) for v in value if isinstance(v, dict))
    if kind == "date" and isinstance(value, dict):
        end = value.get("end")
        return f"{value.get('start', '')} → {end}" if end else str(value.get("start", ""))
    if kind == "checkbox":
        return "✓" if value else "☐"
    if kind == "people" and isinstance(value, list):
        return ", ".join(
            str(p.get("name") or p.get("id", "")) for p in value if isinstance(p, dict)
        )
    if kind in ("number", "url", "email", "phone_number") and value is not None:
        return str(value)
    if kind == "files" and isinstance(value, list):
        return ", ".join(str(f.get("name", "")) for f in value if isinstance(f, dict))
    return ""


def _properties(page: Mapping[str, Any]) -> str:
    rows = []
    for name, prop in (page.get("properties") or {}).items():
        if not isinstance(prop, dict) or prop.get("type") == "title":
            continue
        text = _property_text(prop)
        if text:
            rows.append(f"<tr><th>{escape(str(name))}</th><td>{escape(text)}</td></tr>")
    return f'<table class="page-properties">{"".join(rows)}</table>' if rows else ""


def _headings(blocks: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    return tuple(b for b in iter_blocks(blocks) if str(b.get("type", "")).startswith("heading_"))


def render_page(view: PageView, options: ViewOptions | None = None) -> str:
    """A page as an ``<article>``: cover, icon, title, properties, then its blocks."""
    opts = options or ViewOptions()
    ctx = RenderContext(opts, page_id=view.id, headings=_headings(view.blocks))
    cover = ""
    raw_cover = view.page.get("cover")
    if isinstance(raw_cover, dict) and (src := _src(raw_cover, ctx)):
        cover = f'<div class="page-cover"><img src="{_attr(src)}" alt=""></div>'
    icon = _icon(view.page.get("icon"), ctx, "page-icon-large")
    title = escape(view.title or "Untitled")
    return (
        f'<article class="notion-page" data-page-id="{_attr(view.id)}">'
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


#: The stylesheet: Notion's typography, palette and block layouts (light theme).
STYLE = """
:root { --text: rgb(55, 53, 47); --muted: rgba(55, 53, 47, 0.65); --line: rgba(55, 53, 47, 0.16);
  --code-bg: rgb(247, 246, 243); --inline-code: rgba(135, 131, 120, 0.15); }
.notion-view { margin: 0; background: #fff; }
.notion-page { max-width: 708px; margin: 0 auto; padding: 0 24px 96px; color: var(--text);
  font-family: ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica,
    "Apple Color Emoji", Arial, sans-serif, "Segoe UI Emoji", "Segoe UI Symbol";
  font-size: 16px; line-height: 1.5; -webkit-font-smoothing: auto; word-wrap: break-word; }
.notion-page * { box-sizing: border-box; }
.notion-page header { padding-top: 48px; }
.page-cover { margin: 0 -24px; height: 200px; overflow: hidden; }
.page-cover img { width: 100%; height: 200px; object-fit: cover; display: block; }
.page-icon-large { font-size: 64px; line-height: 1; display: block; margin-bottom: 8px; }
img.page-icon-large { width: 72px; height: 72px; object-fit: cover; }
.page-title { font-size: 40px; font-weight: 700; line-height: 1.2; margin: 0 0 16px; }
.page-properties { border-collapse: collapse; margin-bottom: 16px; font-size: 14px; }
.page-properties th { text-align: left; font-weight: 400; color: var(--muted);
  padding: 4px 24px 4px 0; }
.page-properties td { padding: 4px 0; }
.page-body p { margin: 0; white-space: pre-wrap; }
.block { margin: 2px 0; }
.paragraph p { padding: 3px 2px; min-height: 1.5em; }
.children { padding-left: 1.5em; }
.heading h2, .heading h3, .heading h4, .heading h5 { font-weight: 600; line-height: 1.3;
  margin: 0; padding: 3px 2px; white-space: pre-wrap; }
.heading_1 { margin-top: 2em; } .heading_1 h2 { font-size: 1.875em; }
.heading_2 { margin-top: 1.4em; } .heading_2 h3 { font-size: 1.5em; }
.heading_3 { margin-top: 1em; } .heading_3 h4 { font-size: 1.25em; }
.heading_4 { margin-top: 1em; } .heading_4 h5 { font-size: 1.1em; }
.toggle-heading > summary > * { display: inline; }
.bulleted-list, .numbered-list { margin: 0; padding-inline-start: 1.7em; }
.bulleted-list li, .numbered-list li { padding: 3px 0 3px 2px; white-space: pre-wrap; }
.bulleted-list .children, .numbered-list .children { padding-left: 0; }
.to-do-row { display: flex; align-items: flex-start; padding: 3px 2px; }
.checkbox { flex: none; width: 16px; height: 16px; margin: 4px 8px 0 0; border: 1.5px solid
  var(--text); display: inline-flex; align-items: center; justify-content: center;
  font-size: 12px; line-height: 1; }
.checkbox-on { background: rgb(35, 131, 226); border-color: rgb(35, 131, 226); color: #fff; }
.to-do-text { white-space: pre-wrap; }
.to-do.checked > .to-do-row .to-do-text { text-decoration: line-through; color: var(--muted); }
details.toggle > summary, details.toggle-heading > summary { cursor: pointer; padding: 3px 2px;
  white-space: pre-wrap; }
.quote { margin: 4px 0; padding: 0 14px; border-left: 3px solid currentColor; font-size: 1.2em; }
.quote p { padding: 3px 2px; }
.callout { display: flex; padding: 16px 16px 16px 12px; border-radius: 4px; margin: 4px 0; }
.callout-plain { border: 1px solid var(--line); }
.callout-icon { flex: none; width: 24px; font-size: 1.3em; line-height: 1.1; margin-right: 8px;
  text-align: center; }
img.callout-icon { height: 24px; object-fit: contain; }
.callout-body { flex: 1; min-width: 0; }
.callout-body p { padding: 0 2px; }
.code { margin: 4px 0; background: var(--code-bg); border-radius: 4px; position: relative; }
.code-language { font-size: 12px; color: var(--muted); padding: 8px 14px 0; }
.code pre { margin: 0; padding: 12px 16px 24px 20px; overflow-x: auto; tab-size: 2;
  font-family: "SFMono-Regular", Menlo, Consolas, "PT Mono", "Liberation Mono", Courier,
    monospace; font-size: 85%; line-height: 1.5; white-space: pre; }
.code figcaption { padding: 0 14px 8px; }
code.inline-code { font-family: "SFMono-Regular", Menlo, Consolas, "PT Mono",
  "Liberation Mono", Courier, monospace; background: var(--inline-code); color: #eb5757;
  border-radius: 4px; font-size: 85%; padding: 0.2em 0.4em; }
.equation { margin: 4px 0; padding: 12px 16px; text-align: center; border-radius: 4px;
  background: rgba(35, 131, 226, 0.05); overflow-x: auto; }
.equation code, .equation-inline code { font-family: "Latin Modern Math", "STIX Two Math",
  "Cambria Math", "Times New Roman", serif; font-style: italic; white-space: pre-wrap; }
.equation-inline { background: rgba(35, 131, 226, 0.07); border-radius: 3px; padding: 0 3px; }
.divider hr { border: none; border-bottom: 1px solid var(--line); margin: 8px 0; }
figure { margin: 4px 0; }
figcaption { font-size: 14px; color: var(--muted); padding: 6px 2px; white-space: pre-wrap; }
.image img { max-width: 100%; height: auto; display: block; border-radius: 2px; }
.video video { width: 100%; } .audio audio { width: 100%; }
.file-card, .link-card { display: flex; align-items: center; gap: 8px; padding: 10px 12px;
  border: 1px solid var(--line); border-radius: 4px; overflow: hidden; }
.link-kind { flex: none; font-size: 12px; text-transform: uppercase; color: var(--muted); }
.link-url { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.placeholder { display: inline-block; padding: 8px 12px; border: 1px dashed var(--line);
  border-radius: 4px; color: var(--muted); font-size: 14px; }
.table { overflow-x: auto; margin: 4px 0; }
.table table { border-collapse: collapse; font-size: 14px; }
.table th, .table td { border: 1px solid rgb(233, 233, 231); padding: 7px 9px; min-width: 120px;
  vertical-align: top; text-align: left; white-space: pre-wrap; }
.table th { background: var(--code-bg); font-weight: 500; }
.column-list { display: flex; gap: 46px; margin: 4px 0; }
.column { min-width: 0; }
.child-page a, .child-database a, .link-to-page a { display: inline-flex; gap: 6px;
  padding: 3px 2px; color: inherit; text-decoration: none; }
.page-link-title { border-bottom: 1px solid var(--line); font-weight: 500; }
.synced-block { border-radius: 4px; outline: 1px dashed rgba(235, 87, 87, 0.35); }
.table-of-contents ul { list-style: none; margin: 0; padding: 0; }
.table-of-contents a { color: var(--muted); text-decoration: none;
  border-bottom: 1px solid var(--line); }
.toc-level-2 { padding-left: 24px; } .toc-level-3 { padding-left: 48px; }
.toc-level-4 { padding-left: 72px; }
.breadcrumb { color: var(--muted); font-size: 14px; }
.breadcrumb a { color: inherit; }
.template-button { display: inline-block; padding: 4px 10px; border: 1px solid var(--line);
  border-radius: 4px; }
.notion-page a { color: inherit; text-decoration: underline;
  text-decoration-color: rgba(55, 53, 47, 0.4); }
.mention-page::before { content: "📄 "; }
.mention-user, .mention-date { color: var(--muted); }
.underline { text-decoration: underline; }
img.custom-emoji { height: 1em; vertical-align: -0.1em; }
.color-gray, .highlight-gray { color: rgb(120, 119, 116); }
.color-brown, .highlight-brown { color: rgb(159, 107, 83); }
.color-orange, .highlight-orange { color: rgb(217, 115, 13); }
.color-yellow, .highlight-yellow { color: rgb(203, 145, 47); }
.color-green, .highlight-green { color: rgb(68, 131, 97); }
.color-blue, .highlight-blue { color: rgb(51, 126, 169); }
.color-purple, .highlight-purple { color: rgb(144, 101, 176); }
.color-pink, .highlight-pink { color: rgb(193, 76, 138); }
.color-red, .highlight-red { color: rgb(212, 76, 71); }
.bg-gray { background: rgb(241, 241, 239); } .bg-brown { background: rgb(244, 238, 238); }
.bg-orange { background: rgb(251, 236, 221); } .bg-yellow { background: rgb(251, 243, 219); }
.bg-green { background: rgb(237, 243, 236); } .bg-blue { background: rgb(231, 243, 248); }
.bg-purple { background: rgba(244, 240, 247, 0.8); }
.bg-pink { background: rgba(249, 238, 243, 0.8); } .bg-red { background: rgb(253, 235, 236); }
"""


# -- the emulator's own view ----------------------------------------------------------------


async def serve_view(app: Any, token: str, request: Request) -> Response:
    """``GET /_emulator/view/{page_id}``: the page read through the emulator's own ``/v1``
    (in-process, with its token, so it counts against the rate limit like any client)."""
    from starlette.responses import HTMLResponse

    from notion_emulator.transport import EmulatorTransport

    raw = str(request.path_params["page_id"])
    hex_id = raw.replace("-", "")[-32:]
    if not _HEX_ID.match(hex_id):
        return HTMLResponse(_error_document("Not a page id", raw), status_code=404)
    page_id = _dashed(hex_id)
    base = str(request.base_url).rstrip("/")
    async with httpx.AsyncClient(transport=EmulatorTransport(app), timeout=60.0) as client:
        reader = NotionReader(client, token, base_url=base, attempts=30)
        try:
            view = await reader.page_view(page_id)
        except ReadError as exc:
            status = exc.status if 400 <= exc.status < 600 else 502
            return HTMLResponse(_error_document("Cannot show this page", str(exc)), status)
        except httpx.HTTPError as exc:
            return HTMLResponse(_error_document("Cannot read this page", type(exc).__name__), 502)
    parent = view.page.get("parent") or {}
    before = ""
    if parent.get("type") == "page_id" and parent.get("page_id"):
        up = _attr(str(parent["page_id"]))
        before = f'<nav class="view-bar"><a href="{up}">↑ Parent page</a></nav>'
    options = ViewOptions(page_href=lambda target: target, breadcrumb=((view.title, None),))
    head = "<style>.view-bar { max-width: 708px; margin: 12px auto 0; padding: 0 24px; }</style>"
    return HTMLResponse(render_document(view, options, head=head, before=before))


def _error_document(title: str, detail: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f'<body class="notion-view"><article class="notion-page"><header>'
        f'<h1 class="page-title">{escape(title)}</h1></header>'
        f"<p>{escape(detail)}</p></article></body></html>\n"
    )
