"""A page's title and metadata, from its ``<head>`` (and its first heading).

:func:`page_title` is ``<title>``, else the first heading, else the file's stem;
:func:`page_metadata` reads ``<meta>`` (author, dates, tags, description...), the canonical
link and the page's language, for database imports; :func:`without_title_heading` drops the
heading that opens a page by repeating its title (Notion shows the title above the page).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from notion_import.convert.html.text import collapse, visible_text
from notion_import.convert.ir import Block, Heading

#: ``<meta name|property>`` -> metadata key (scalar keys: the first one found wins).
META_KEYS: Final[dict[str, str]] = {
    "author": "author", "article:author": "author", "dc.creator": "author",
    "dcterms.creator": "author", "creator": "author",
    "date": "date", "dc.date": "date", "dcterms.date": "date", "dcterms.created": "date",
    "dc.date.created": "date", "article:published_time": "date", "created": "date",
    "citation_publication_date": "date",
    "updated": "updated", "dcterms.modified": "updated", "article:modified_time": "updated",
    "last-modified": "updated", "revised": "updated", "og:updated_time": "updated",
    "description": "description", "og:description": "description",
    "dc.description": "description", "dcterms.description": "description",
    "keywords": "tags", "news_keywords": "tags", "article:tag": "tags", "tags": "tags",
    "og:url": "source_url", "source-url": "source_url", "original-source": "source_url",
    "generator": "generator", "exporter-version": "exporter",
}  # fmt: skip

_TAG_SPLIT: Final = re.compile(r"[,;，、]")
#: what a heading's permalink adds after its text: Sphinx's and MkDocs' ``¶``, a section
#: sign, link glyphs (emoji, Font Awesome's), or a ``#`` apart from the words.
_PERMALINK_TAIL: Final = re.compile(r"(?:\s*[¶§🔗⚓\uf0c1])+$|\s+#$")


def page_metadata(parser: LexborHTMLParser) -> dict[str, Any]:
    """Author, date, updated, tags, description, source URL, generator/exporter, language,
    and every named ``<meta>`` under ``"meta"``."""
    metadata: dict[str, Any] = {}
    tags: list[str] = []
    raw: dict[str, str] = {}
    for node in parser.css("meta[content], link[rel][href], html[lang]"):
        attrs = node.attributes
        if node.tag == "html":
            metadata.setdefault("language", (attrs.get("lang") or "").strip())
            continue
        if node.tag == "link":
            rels = (attrs.get("rel") or "").lower().split()
            if "canonical" in rels:
                metadata.setdefault("source_url", (attrs.get("href") or "").strip())
            continue
        name = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        if not name or not content:
            continue
        raw.setdefault(name, content)
        key = META_KEYS.get(name)
        if key == "tags":
            tags.extend(t.strip() for t in _TAG_SPLIT.split(content) if t.strip())
        elif key is not None:
            metadata.setdefault(key, content)
    if tags:
        metadata["tags"] = list(dict.fromkeys(tags))
    if raw:
        metadata["meta"] = raw
    return {k: v for k, v in metadata.items() if v}


def page_title(parser: LexborHTMLParser, source: str) -> str:
    """``<title>``, else the first ``<h1>``, else the first heading, else the file's stem."""
    head = parser.head
    node = head.css_first("title") if head is not None else None
    title = collapse(node.text()) if node is not None else ""
    for selector in ("h1", "h2, h3, h4, h5, h6"):
        if title:
            break
        heading = parser.css_first(selector)
        if heading is not None:
            title = collapse(visible_text(heading))
    return title or PurePosixPath(source).stem or source


def title_key(text: str) -> str:
    """A title or heading as compared: white space collapsed, case ignored, a trailing
    permalink symbol left out."""
    return _PERMALINK_TAIL.sub("", collapse(text)).strip().casefold()


def without_title_heading(blocks: list[Block], title: str) -> list[Block]:
    """``blocks`` without their first block when it is a heading that repeats ``title``
    (Notion shows the title above the page, so it would read twice). Only that block: a
    heading further down, or one with blocks under it (a toggle heading), stays."""
    first = blocks[0] if blocks else None
    if not isinstance(first, Heading) or first.children:
        return blocks
    wanted = title_key(title)
    text = "".join(span.text for span in first.spans if span.kind == "text")
    return blocks[1:] if wanted and title_key(text) == wanted else blocks


def site_base(parser: LexborHTMLParser, metadata: dict[str, Any]) -> str | None:
    """The http(s) address the page's relative links are relative to on its own site:
    ``<base href>`` (itself resolved against the page's address), else the canonical link or
    ``og:url`` (``metadata["source_url"]``); None when the page names none."""
    own = str(metadata.get("source_url") or "")
    node = parser.css_first("base[href]")
    href = (node.attributes.get("href") or "").strip() if node is not None else ""
    for candidate in (urljoin(own, href) if href else "", own):
        if urlsplit(candidate).scheme in ("http", "https") and urlsplit(candidate).netloc:
            return candidate
    return None
