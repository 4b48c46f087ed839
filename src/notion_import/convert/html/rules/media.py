"""Embedded media: ``iframe``, ``video``, ``audio``, ``embed``, ``object``, inline ``svg``.

==================  ==========================================================================
element             result
==================  ==========================================================================
``iframe``          a ``video`` block for video sites (YouTube, Vimeo, Dailymotion; embed URLs
                    turned into watch URLs), else an ``embed`` block with the URL; a local page
                    in an iframe is attached as a ``file`` (loss entry); ``srcdoc`` and
                    ``about:``/``javascript:`` frames are reported
``video`` ``audio`` ``src`` or the first ``<source src>``: a ``video`` / ``audio`` block (local
                    files as assets, remote URLs as external); ``<track>`` subtitles reported;
                    fallback content dropped (browsers only show it without media support)
``embed``           by ``type`` or file extension: ``pdf``, ``video``, ``audio``, an image,
``object``          an ``embed`` (remote page) or a ``file`` (local); Flash is reported; an
                    ``object`` that cannot be carried falls back to its content
inline ``svg``      an image made from the markup (``image/svg+xml`` data asset named
                    ``inline-<hash>.svg``, the hash of its bytes so that a repeated drawing is
                    one file); icons (32 px or less, an ``icon`` class, a lone ``<use>`` of a
                    sprite) are page chrome and are dropped with a loss entry
``canvas``          reported (it is drawn by scripts; its fallback content is not shown)
``applet``          reported; its fallback content is kept (browsers show it)
``figure``          holding one of the above and a ``figcaption``: the caption goes on the block
==================  ==========================================================================
"""

from __future__ import annotations

import hashlib
import re
from posixpath import splitext
from typing import Literal
from urllib.parse import urlsplit

from notion_import.convert.html.base import Context, Node, Reader, RuleTable, strip_spans
from notion_import.convert.html.rules.layout import inline_style
from notion_import.convert.ir import Asset, Block, Image, Media

MediaKind = Literal["video", "audio", "file", "pdf", "embed", "bookmark"]
#: file kinds that have their own Notion block (others are attached as ``file``).
_FILE_BLOCKS: dict[str, MediaKind] = {"pdf": "pdf", "video": "video", "audio": "audio"}

#: video sites whose pages Notion plays in a video block: (URL pattern, canonical URL or None).
_VIDEO_SITES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (
        re.compile(r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", re.I),
        "https://www.youtube.com/watch?v={0}",
    ),
    (re.compile(r"^https?://(?:www\.|m\.)?youtube\.com/(?:watch|shorts/|live/)", re.I), None),
    (re.compile(r"^https?://youtu\.be/[\w-]+", re.I), None),
    (re.compile(r"^https?://player\.vimeo\.com/video/(\d+)", re.I), "https://vimeo.com/{0}"),
    (re.compile(r"^https?://(?:www\.)?vimeo\.com/\d+", re.I), None),
    (
        re.compile(r"^https?://(?:www\.)?dailymotion\.com/embed/video/(\w+)", re.I),
        "https://www.dailymotion.com/video/{0}",
    ),
)
#: embed URLs with a better page to embed: (URL pattern, canonical URL).
_EMBED_PAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^https?://(?:www\.)?loom\.com/embed/(\w+)", re.I),
        "https://www.loom.com/share/{0}",
    ),
)
_EXTENSION_KINDS = {
    ".pdf": "pdf",
    **dict.fromkeys(
        (".mp4", ".m4v", ".webm", ".ogv", ".mov", ".mkv", ".avi", ".wmv", ".mpg", ".mpeg",
         ".flv", ".3gp"),
        "video",
    ),
    **dict.fromkeys(
        (".mp3", ".wav", ".ogg", ".oga", ".m4a", ".aac", ".flac", ".opus", ".weba", ".mid"),
        "audio",
    ),
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".ico",
         ".avif", ".heic", ".apng"),
        "image",
    ),
    ".swf": "flash",
    **dict.fromkeys((".html", ".htm", ".xhtml"), "page"),
}  # fmt: skip
_TYPE_KINDS = (
    ("application/pdf", "pdf"),
    ("application/x-shockwave-flash", "flash"),
    ("video/", "video"),
    ("audio/", "audio"),
    ("image/", "image"),
    ("text/html", "page"),
)
#: ``figure`` children that make it a media figure.
_FIGURE_MEDIA = frozenset({"video", "audio", "iframe", "embed", "object"})
_ICON_SIZE = 32.0
_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|em|rem)?\s*$")
_VOID = re.compile(
    r"<(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)\b([^>]*?)\s*/?>"
)
_SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
_XLINK_NS = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def file_kind(ref: str, media_type: str | None = None) -> str | None:
    """``pdf``, ``video``, ``audio``, ``image``, ``page`` or ``flash`` from a MIME type or a
    file extension, or None."""
    if media_type:
        lowered = media_type.lower()
        for prefix, kind in _TYPE_KINDS:
            if lowered.startswith(prefix):
                return kind
    path = urlsplit(ref).path if "://" in ref else ref.split("?")[0].split("#")[0]
    return _EXTENSION_KINDS.get(splitext(path)[1].lower())


def classify_url(url: str) -> tuple[MediaKind, str]:
    """``("video", watch URL)`` for video sites, else ``("embed", URL)``."""
    for pattern, canonical in _VIDEO_SITES:
        match = pattern.match(url)
        if match:
            return "video", canonical.format(*match.groups()) if canonical else url
    for pattern, template in _EMBED_PAGES:
        match = pattern.match(url)
        if match:
            return "embed", template.format(*match.groups())
    return "embed", url


def _absolute(src: str) -> str:
    src = src.strip()
    return "https:" + src if src.startswith("//") else src


def _is_web(url: str) -> bool:
    return url[:8].lower().startswith(("http://", "https://"))


def file_block(asset: Asset, kind: str | None) -> Block:
    """A block for a file of the given kind: an image, pdf, video, audio or plain file."""
    if kind == "image":
        return Image(asset)
    return Media(_FILE_BLOCKS.get(kind or "", "file"), asset)


# -- rules -----------------------------------------------------------------------------------


def iframe_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """``iframe``: a video or embed block, or a local page attached as a file."""
    attributes = node.attributes
    src = _absolute(
        attributes.get("src") or attributes.get("data-src") or attributes.get("data-lazy-src") or ""
    )
    if not src or src.lower().startswith(("about:", "javascript:")):
        if attributes.get("srcdoc"):
            reader.loss("iframe", "frame with inline content (srcdoc) not carried")
        elif src:
            reader.loss("iframe", f"empty frame ({src[:40]}) not carried")
        return []
    if _is_web(src):
        kind, url = classify_url(src)
        return [Media(kind, Asset("remote", url))]
    asset = reader.asset(src, element="iframe")
    if asset is None:
        return []
    if asset.kind == "remote":
        kind, url = classify_url(asset.ref)
        return [Media(kind, Asset("remote", url))]
    file = file_kind(src)
    if file in (None, "page", "flash"):
        reader.loss(
            "iframe", f"page shown in a frame ({src[:80]}) attached as a file", "approximated"
        )
        return [Media("file", asset)]
    return [file_block(asset, file)]


def _source(node: Node) -> tuple[str, str | None]:
    src = node.attributes.get("src") or ""
    if src.strip():
        return src.strip(), node.attributes.get("type")
    for child in node.iter():
        if child.tag == "source":
            ref = (child.attributes.get("src") or "").strip()
            if ref:
                return ref, child.attributes.get("type")
    return "", None


def av_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """``video`` / ``audio``: a video or audio block from ``src`` or the first ``source``.

    The element's fallback content is dropped, as browsers do (they show it only when they
    cannot play media at all, not when the file is missing)."""
    tag = node.tag or "video"
    src, _ = _source(node)
    if any(child.tag == "track" for child in node.iter()):
        reader.loss("track", f"subtitles of a {tag} not carried")
    if not src:
        reader.loss(tag, f"{tag} without a source")
        return []
    src = _absolute(src)
    if _is_web(src):
        kind, url = classify_url(src)
        if kind == "video":  # a video site's page given as a video source
            return [Media("video", Asset("remote", url))]
    asset = reader.asset(src, element=tag)
    if asset is None:
        return []
    return [Media("audio" if tag == "audio" else "video", asset)]


def object_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """``embed`` / ``object``: by type or extension; an object falls back to its content."""
    tag = node.tag or "object"
    attributes = node.attributes
    src = _absolute(attributes.get("data" if tag == "object" else "src") or "")
    if not src:
        return reader.blocks(node, ctx) if tag == "object" else []
    kind = file_kind(src, attributes.get("type"))
    if kind == "flash":
        reader.loss(tag, f"Flash content ({src[:80]}) cannot be carried")
        return reader.blocks(node, ctx) if tag == "object" else []
    if _is_web(src) and kind in (None, "page"):
        embed_kind, url = classify_url(src)
        return [Media(embed_kind, Asset("remote", url))]
    asset = reader.asset(src, element=tag)
    if asset is None:
        return reader.blocks(node, ctx) if tag == "object" else []
    return [file_block(asset, kind)]


def _size(value: str | None) -> float | None:
    if not value:
        return None
    match = _SIZE.match(value)
    if not match:
        return None
    number = float(match.group(1))
    return number * 16 if match.group(2) in ("em", "rem") else number


def _is_icon(node: Node) -> bool:
    attributes = node.attributes
    holder: Node | None = node
    for _ in range(3):  # the svg, or a wrapper up to two levels up, says "icon"
        if holder is None:
            break
        if "icon" in (holder.attributes.get("class") or "").lower():
            return True
        holder = holder.parent
    style = inline_style(node)
    sizes = [
        _size(attributes.get("width")),
        _size(attributes.get("height")),
        _size(style.get("width")),
        _size(style.get("height")),
    ]
    if any(s is not None and s <= _ICON_SIZE for s in sizes):
        return True
    if all(s is None for s in sizes):  # sized by CSS only: judge by the drawing's own box
        box = [_size(v) for v in (attributes.get("viewBox") or "").split()[2:]]
        if len(box) == 2 and all(v is not None and v <= _ICON_SIZE for v in box):
            return True
    drawn = [c.tag for c in node.iter() if c.tag not in ("title", "desc", "defs", "style")]
    return drawn == ["use"]


def svg_bytes(node: Node) -> bytes:
    """The element's markup as a standalone SVG file."""
    markup = node.html or ""
    head_end = markup.find(">")
    head = markup[:head_end]
    additions = []
    if "xmlns=" not in head:
        additions.append(_SVG_NS)
    if "xlink:" in markup and "xmlns:xlink" not in head:
        additions.append(_XLINK_NS)
    if additions:
        markup = markup[:4] + " " + " ".join(additions) + markup[4:]
    markup = markup.replace("&nbsp;", "&#160;")
    markup = _VOID.sub(lambda m: f"<{m.group(1)}{m.group(2)}/>", markup)
    return markup.encode("utf-8")


def svg_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """Inline ``svg``: an image asset of its markup (icons dropped, with a loss)."""
    if _is_icon(node):
        reader.loss("svg", "icon drawn in SVG not carried (page decoration)")
        return []
    data = svg_bytes(node)
    name = f"inline-{hashlib.sha1(data).hexdigest()[:12]}.svg"
    title = next((c for c in node.iter() if c.tag == "title"), None)
    alt = (title.text(deep=True) or "").strip() if title is not None else ""
    asset = Asset("data", name, media_type="image/svg+xml", data=data, name=name)
    return [Image(asset, alt=alt or node.attributes.get("aria-label") or "")]


def canvas_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """``canvas``: drawn by scripts, nothing to carry."""
    reader.loss("canvas", "canvas drawing (made by scripts) not carried")
    return []


def applet_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """``applet``: reported; its fallback content is kept (browsers show it)."""
    reader.loss("applet", "Java applet not carried; its fallback content is kept")
    return reader.blocks(node, ctx)


def _media_figure_parts(node: Node) -> tuple[Node, Node | None] | None:
    if node.tag != "figure":
        return None
    media: Node | None = None
    caption: Node | None = None
    for child in node.iter():
        tag = child.tag
        if tag in _FIGURE_MEDIA and media is None:
            media = child
        elif tag == "figcaption" and caption is None:
            caption = child
        elif tag not in ("script", "style", "br"):
            return None
    return (media, caption) if media is not None else None


def is_media_figure(node: Node) -> bool:
    """A ``figure`` holding one video, audio, frame or object, and maybe a caption."""
    return _media_figure_parts(node) is not None


def media_figure_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """A media figure: the media block with the ``figcaption`` as its caption."""
    parts = _media_figure_parts(node)
    if parts is None:
        return None
    media, caption_node = parts
    blocks = reader.blocks_of([media], ctx)
    target = blocks[0] if len(blocks) == 1 else None
    if not isinstance(target, Image | Media):
        return None  # nothing carried but fallback content: read the figure as it stands
    if caption_node is not None:
        target.caption = strip_spans(reader.spans(caption_node, ctx))
    return blocks


_TAG_RULES = {
    "iframe": iframe_rule,
    "video": av_rule,
    "audio": av_rule,
    "embed": object_rule,
    "object": object_rule,
    "svg": svg_rule,
    "canvas": canvas_rule,
    "applet": applet_rule,
}


def register(table: RuleTable) -> None:
    """The media tag rules, and the media-figure predicate in front of the predicate rules."""
    table.by_tag.update(_TAG_RULES)
    table.by_predicate.insert(0, (is_media_figure, media_figure_rule))


__all__ = [
    "av_rule",
    "canvas_rule",
    "classify_url",
    "file_block",
    "file_kind",
    "iframe_rule",
    "is_media_figure",
    "media_figure_rule",
    "object_rule",
    "register",
    "svg_bytes",
    "svg_rule",
]
