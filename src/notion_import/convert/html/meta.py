"""A page's title and metadata, from its ``<head>`` (and its first heading).

:func:`page_title` is ``<title>``, else the first heading, else the file's stem;
:func:`page_metadata` reads ``<meta>`` (author, dates, tags, description...), the canonical
link and the page's language, for database imports.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

from notion_import.convert.html.text import collapse, visible_text

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
