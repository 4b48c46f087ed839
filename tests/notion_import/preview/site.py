"""Reading a written preview site back: its pages, the block types they show, its links."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from tests import paths

ROOT = paths.ROOT
EXAMPLES = ROOT / "examples"
NOTION_EXPORT = ROOT.parent / "shared" / "corpus" / "notion-export"
NOTION_SOURCES = (
    sorted([*NOTION_EXPORT.glob("*.zip"), *NOTION_EXPORT.glob("*.html")])
    if NOTION_EXPORT.is_dir()
    else []
)

#: Converter block type -> the class its rendering carries (``class="block <css>"``).
TYPE_CLASSES = {
    "paragraph": "paragraph",
    "heading_1": "heading_1",
    "heading_2": "heading_2",
    "heading_3": "heading_3",
    "bulleted_list_item": "bulleted-list",
    "numbered_list_item": "numbered-list",
    "to_do": "to-do",
    "toggle": "toggle",
    "quote": "quote",
    "callout": "callout",
    "code": "code",
    "equation": "equation",
    "divider": "divider",
    "image": "image",
    "video": "video",
    "audio": "audio",
    "pdf": "pdf",
    "file": "file",
    "embed": "embed",
    "bookmark": "bookmark",
    "table": "table",
    "column_list": "column-list",
    "table_of_contents": "table-of-contents",
    "child_page": "child-page",
}
#: Block types that are parts of another block's rendering, not blocks of their own.
PARTS = {"column", "table_row"}


def site_pages(site: Path) -> list[Path]:
    return sorted((site / "pages").glob("*.html"))


def block_classes(page: Path) -> set[str]:
    """Every class worn by a rendered block (``class="block ..."``) of the page."""
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.css(".notion-page .block"):
        found.update((node.attributes.get("class") or "").split())
    return found


def converted_types(convert_json: str) -> set[str]:
    """The block types in the output of ``notion-import convert``."""
    types: set[str] = set()

    def walk(blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            kind = block["type"]
            types.add(kind)
            walk(block[kind].get("children", []))
            walk(block.get("children", []))

    for page in json.loads(convert_json)["pages"]:
        walk(page["blocks"])
    return types


def local_references(site: Path) -> Iterator[tuple[Path, str, str, Path]]:
    """(page, attribute, value, resolved path) of every relative href/src in the site."""
    for page in [site / "index.html", *site_pages(site)]:
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.css("[href], [src]"):
            for attribute in ("href", "src"):
                value = node.attributes.get(attribute)
                if not value:
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                yield page, attribute, value, (page.parent / unquote(parts.path)).resolve()


def remote_sources(site: Path) -> list[tuple[Path, str]]:
    """(page, URL) of everything the preview's own pages would load from the network."""
    found = []
    for page in [site / "index.html", *site_pages(site)]:
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.css("[src], link[href]"):
            value = node.attributes.get("src") or node.attributes.get("href") or ""
            if urlsplit(value).scheme in ("http", "https"):
                found.append((page, value))
    return found
