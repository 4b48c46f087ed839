"""Fidelity over the real exports in ../shared/corpus.

For every page: >= 99.5 % of the visible text characters appear in the output in order (but
the words of the site's navigation, left out and reported as ``chrome``); every http(s) link
and every resolvable image is carried, or accounted for in ``losses``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from selectolax.lexbor import LexborHTMLParser
from tests import paths
from tests.notion_import.convert.chrome_words import without_chrome

from notion_import.convert.encoding import decode_html
from notion_import.convert.html.chrome import find_chrome
from notion_import.convert.html.reader import convert_html
from notion_import.convert.serialize import to_notion
from notion_import.sources.root import ExportRoot

CORPUS = paths.CORPUS
HTML_FOLDERS = ["evernote-html", "google-docs", "web-html", "onenote"]
INVISIBLE = ("script", "style", "head", "template", "noscript", "title")
#: Text a reader does not see as such, or that Notion renders itself: KaTeX's glyph copy (the
#: TeX is carried), media fallback text (browsers hide it), bookmark previews (Notion builds
#: them from the URL), the line numbers a web clipper floats beside code (a code block holds
#: only the code).
RENDERED = (
    ".katex",
    'pre code[style*="float:left"]',
    "video *",
    "audio *",
    ".bookmark-text",
    ".bookmark-image",
    ".table_of_contents",
    "[hidden]",
    '[style*="display:none"]',
    '[style*="display: none"]',
)
_WORD = re.compile(r"\S+")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def html_pages() -> Iterator[tuple[str, Path, Path]]:
    """(id, file, root) for every HTML page of the HTML folders."""
    if not CORPUS.is_dir():
        return
    for folder in HTML_FOLDERS:
        root = CORPUS / folder
        for path in sorted(root.rglob("*.htm*")):
            yield f"{folder}/{path.relative_to(root)}", path, root


def visible_text(raw: bytes | str) -> str:
    if isinstance(raw, bytes):
        raw = decode_html(raw)[0]
    tree = LexborHTMLParser(raw)
    for selector in (*INVISIBLE, *RENDERED):
        for node in tree.css(selector):
            node.decompose()
    body = tree.body or tree.root
    return body.text(separator=" ") if body is not None else ""


def output_text(blocks: list[dict[str, Any]]) -> str:
    """All text a reader of the Notion page would see, in block order."""
    parts: list[str] = []

    def rich(items: list[dict[str, Any]]) -> None:
        for item in items:
            if item["type"] == "text":
                parts.append(item["text"]["content"])
            elif item["type"] == "equation":
                parts.append(item["equation"]["expression"])
        parts.append(" ")

    def walk(block: dict[str, Any]) -> None:
        payload = block[block["type"]]
        icon = payload.get("icon")
        if isinstance(icon, dict) and icon.get("type") == "emoji":
            parts.append(icon["emoji"] + " ")
        rich(payload.get("rich_text", []))
        if block["type"] in ("bookmark", "embed"):
            # Notion shows the card (its URL) above the caption.
            parts.append(payload["url"] + " ")
        rich(payload.get("caption", []))
        if block["type"] == "table_row":
            for cell in payload["cells"]:
                rich(cell)
        if block["type"] == "equation":
            parts.append(payload["expression"] + " ")
        for child in payload.get("children", []):
            walk(child)

    for block in blocks:
        walk(block)
    return "".join(parts)


def in_order_ratio(source: str, output: str) -> float:
    """Share of the source's visible characters found, word by word, in order in the output."""
    haystack = re.sub(r"\s+", "", output)
    position = 0
    total = found = 0
    for word in _WORD.findall(source):
        total += len(word)
        at = haystack.find(word, position)
        if at >= 0:
            found += len(word)
            position = at + len(word)
    return found / total if total else 1.0


def links_out(blocks: list[dict[str, Any]]) -> list[str]:
    urls: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            link = value.get("link")
            if isinstance(link, dict) and isinstance(link.get("url"), str):
                urls.append(link["url"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(blocks)
    return urls


def count_media(blocks: list[dict[str, Any]]) -> int:
    total = 0
    for block in blocks:
        if block["type"] in ("image", "video", "audio", "file", "pdf"):
            total += 1
        payload = block[block["type"]]
        total += count_media(payload.get("children", []))
    return total


def content_tree(raw: bytes) -> LexborHTMLParser:
    """The page without what is invisible or rendered, and without its chrome (the site's
    navigation, reported as such), for counting the images and links it must carry."""
    tree = LexborHTMLParser(raw)
    find_chrome(tree).remove()
    for selector in (*INVISIBLE, *RENDERED):
        for node in tree.css(selector):
            node.decompose()
    return tree


def resolvable_images(raw: bytes, page: Path, root: Path) -> int:
    tree = content_tree(raw)
    count = 0
    for img in tree.css("img"):
        src = (img.attributes.get("src") or "").strip()
        if src.startswith(("http://", "https://", "data:image")):
            count += 1
        elif src and not src.startswith(("javascript:", "file:")):
            local = (page.parent / unquote(src.split("#")[0].split("?")[0])).resolve()
            if local.is_file() and local.is_relative_to(root.resolve()):
                count += 1
    return count


def http_links(raw: bytes) -> list[str]:
    tree = content_tree(raw)
    out = []
    for a in tree.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if href.startswith(("http://", "https://")) and a.text().strip():
            out.append(href)
    return out


@pytest.mark.parametrize(("name", "path", "root"), list(html_pages()), ids=lambda v: str(v))
def test_html_page_fidelity(name: str, path: Path, root: Path) -> None:
    raw = path.read_bytes()
    page = convert_html(raw, source=str(path.relative_to(root)), files=ExportRoot(root))
    blocks, losses = to_notion(page.blocks, assets=list(page.assets), where=page.source)
    all_losses = [*page.losses, *losses]
    expected = without_chrome(visible_text(raw), page.losses)
    ratio = in_order_ratio(expected, page.title + " " + output_text(blocks))
    assert ratio >= 0.995, f"{name}: only {ratio:.2%} of the visible text carried"
    carried = set(links_out(blocks))
    link_losses = [loss for loss in all_losses if loss.element == "a"]
    missing = [u for u in http_links(raw) if u not in carried]
    assert len(missing) <= len(link_losses), f"{name}: links lost silently: {missing[:5]}"
    image_losses = [loss for loss in all_losses if loss.element in ("img", "image", "picture")]
    assert count_media(blocks) + len(image_losses) >= resolvable_images(raw, path, root), name


def notion_export_pages(tmp_root: Path) -> Iterator[tuple[Path, Path]]:
    for archive in sorted((CORPUS / "notion-export").glob("*.zip")):
        target = tmp_root / archive.stem
        with zipfile.ZipFile(archive) as outer:
            outer.extractall(target)
        for inner in list(target.rglob("*.zip")):
            with zipfile.ZipFile(inner) as nested:
                nested.extractall(inner.with_suffix(""))
        for page in sorted(target.rglob("*.html")):
            yield page, target


def test_notion_export_fidelity(tmp_path: Path) -> None:
    checked = 0
    for page_path, root in notion_export_pages(tmp_path):
        raw = page_path.read_bytes()
        page = convert_html(raw, source=str(page_path.relative_to(root)), files=ExportRoot(root))
        blocks, _losses = to_notion(page.blocks, assets=list(page.assets), where=page.source)
        ratio = in_order_ratio(visible_text(raw), page.title + " " + output_text(blocks))
        assert ratio >= 0.995, f"{page_path.name}: only {ratio:.2%} of the visible text carried"
        checked += 1
    assert checked > 0
