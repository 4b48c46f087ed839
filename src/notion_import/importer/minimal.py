"""A deliberately small importer: one page per HTML file with its headings, paragraphs and
images. It exercises the whole path (files -> pages -> uploads -> blocks) until the full
converter and importer replace it."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

MAX_TEXT = 2000
_HEADINGS = {"h1": "heading_1", "h2": "heading_2", "h3": "heading_3"}
_TEXT_BLOCKS = {"p": "paragraph", "li": "bulleted_list_item", "blockquote": "quote", "pre": "code"}


@dataclass
class Extracted:
    title: str = ""
    blocks: list[tuple[str, str]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


class _Extractor(HTMLParser):
    """Collects (block type, text) pairs and image sources in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Extracted()
        self._kind: str | None = None
        self._text: list[str] = []
        self._in_title = False

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if self._kind and text:
            self.out.blocks.append((self._kind, text))
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _HEADINGS or tag in _TEXT_BLOCKS:
            self._flush()
            self._kind = _HEADINGS.get(tag) or _TEXT_BLOCKS[tag]
        elif tag == "img":
            src = dict(attrs).get("src")
            if src:
                self._flush()
                self.out.blocks.append(("image", src))
                self.out.images.append(src)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _HEADINGS or tag in _TEXT_BLOCKS:
            self._flush()
            self._kind = "paragraph"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.out.title += data.strip()
        elif self._kind:
            self._text.append(data)


def extract(html: str) -> Extracted:
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.out


def html_files(source: Path) -> Iterator[Path]:
    if source.is_file():
        yield source
        return
    yield from sorted(p for p in source.rglob("*.htm*") if p.is_file())


def _text(content: str) -> list[dict[str, Any]]:
    return [
        {"type": "text", "text": {"content": content[i : i + MAX_TEXT]}}
        for i in range(0, len(content), MAX_TEXT)
    ]


def to_blocks(page: Extracted, uploads: dict[str, str]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for kind, text in page.blocks:
        if kind == "image":
            upload_id = uploads.get(text)
            if upload_id is not None:
                source = {"type": "file_upload", "file_upload": {"id": upload_id}}
                blocks.append({"type": "image", "image": source})
            continue
        payload: dict[str, Any] = {"rich_text": _text(text)}
        if kind == "code":
            payload["language"] = "plain text"
        blocks.append({"type": kind, kind: payload})
    return blocks


async def upload_image(client: Any, path: Path) -> str:
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    created = await client.file_uploads.create(
        mode="single_part", filename=path.name, content_type=content_type
    )
    await client.file_uploads.send(
        file_upload_id=created["id"], file=(path.name, path.read_bytes(), content_type)
    )
    return str(created["id"])


async def import_tree(client: Any, source: Path, parent_id: str) -> list[dict[str, Any]]:
    """Create one page per HTML file under ``parent_id``; returns a summary per page."""
    summary = []
    base = source if source.is_dir() else source.parent
    for path in html_files(source):
        page = extract(path.read_text(encoding="utf-8", errors="replace"))
        uploads: dict[str, str] = {}
        for src in page.images:
            local = (path.parent / src).resolve()
            if local.is_file() and local.is_relative_to(base.resolve()):
                uploads[src] = await upload_image(client, local)
        blocks = to_blocks(page, uploads)
        title = page.title or path.stem
        created = await client.pages.create(
            parent={"page_id": parent_id},
            properties={"title": [{"text": {"content": title[:MAX_TEXT]}}]},
            children=blocks[:100],
        )
        for start in range(100, len(blocks), 100):
            await client.blocks.children.append(
                block_id=created["id"], children=blocks[start : start + 100]
            )
        summary.append(
            {
                "source": str(path.relative_to(base)),
                "title": title,
                "page_id": created["id"],
                "blocks": len(blocks),
                "files": len(uploads),
            }
        )
    return summary
