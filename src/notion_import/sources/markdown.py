"""The ``markdown`` source: ``*.md``/``*.markdown`` files rendered to HTML, then the HTML walker.

Markdown goes through markdown-it-py (CommonMark with tables and strikethrough) into HTML, so
it reaches exactly the same block tree as HTML pages. Task-list items (``- [ ]``/``- [x]``)
get a checkbox, which the walker turns into ``to_do``. A front-matter block (``---`` ...
``---``) of simple ``key: value`` lines and lists becomes the page's metadata; its ``title``
is the page title, else the first heading, else the file name.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from notion_import.convert.encoding import decode_html
from notion_import.convert.files import FileLookup
from notion_import.convert.html.base import DEFAULT_OPTIONS, ConvertOptions, RuleTable
from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import ConvertedPage
from notion_import.sources import Document, file_documents, has_files, read_text_file
from notion_import.sources.root import ExportRoot

SUFFIXES = (".md", ".markdown")
_HTML_SUFFIXES = (".html", ".htm")

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?:(?P<body>.*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_KEY = re.compile(r"^(?P<key>[^\s:#\-][^:]*?)\s*:(?:[ \t]+(?P<value>.*))?$")
_ITEM = re.compile(r"^\s*-(?:[ \t]+(?P<value>.*))?$")
_TASK = re.compile(r"\[([ xX])\](?=\s|$)[ \t]?")


# -- front matter --------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(metadata, body)``: a leading ``---`` block parsed as simple YAML, and the rest.

    Supported: ``key: value`` (quotes removed), ``key: [a, b]`` and ``key:`` followed by
    ``- item`` lines (lists of strings). Anything else (nested maps, multi-line strings) is
    skipped. Text without front matter comes back unchanged with empty metadata.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    meta: dict[str, Any] = {}
    current: str | None = None
    for line in (match.group("body") or "").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        item = _ITEM.match(line)
        if item is not None and current is not None:
            values = meta.get(current)
            if not isinstance(values, list):
                values = meta[current] = []
            values.append(_scalar(item.group("value") or ""))
            continue
        key = _KEY.match(line) if not line[:1].isspace() else None
        if key is None:
            current = None
            continue
        name, value = key.group("key").strip(), (key.group("value") or "").strip()
        if value:
            meta[name] = _value(value)
            current = None
        else:
            meta[name] = None
            current = name
    return meta, text[match.end() :]


def _value(raw: str) -> Any:
    if raw.startswith("[") and raw.endswith("]"):
        inner = raw[1:-1].strip()
        return [_scalar(part) for part in _split_list(inner)] if inner else []
    return _scalar(raw)


def _split_list(inner: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    for char in inner:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part for part in parts if part.strip()]


def _scalar(raw: str) -> str:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    comment = value.find(" #")
    return value[:comment].rstrip() if comment >= 0 else value


# -- Markdown -> HTML ----------------------------------------------------------------------


def _task_lists(state: StateCore) -> None:
    """``[ ]``/``[x]`` at the start of a list item -> a checkbox input."""
    tokens = state.tokens
    for index in range(2, len(tokens)):
        token = tokens[index]
        if (
            token.type != "inline"
            or tokens[index - 1].type != "paragraph_open"
            or tokens[index - 2].type != "list_item_open"
            or not token.children
            or token.children[0].type != "text"
        ):
            continue
        first = token.children[0]
        match = _TASK.match(first.content)
        if match is None:
            continue
        first.content = first.content[match.end() :]
        box = Token("html_inline", "", 0)
        checked = " checked" if match.group(1) in "xX" else ""
        box.content = f'<input type="checkbox" disabled{checked}>'
        token.children.insert(0, box)


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.core.ruler.push("task_lists", _task_lists)
    return md


def render_markdown(text: str, *, title: str | None = None) -> str:
    """Markdown -> an HTML document (with ``<title>`` when ``title`` is given)."""
    head = f"<title>{html.escape(title)}</title>" if title else ""
    body = _markdown().render(text)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'
    )


def decode_text(data: bytes) -> str:
    """Text file bytes -> str, with the HTML walker's policy (BOM, UTF-8, then detection)."""
    return decode_html(data)[0]


def convert_markdown(
    text: str, *, source: str, files: FileLookup | None, rules: RuleTable | None = None
) -> ConvertedPage:
    """Convert Markdown text; front matter becomes metadata. Local references are checked
    with ``files`` (unchecked without it). A Markdown document is all content: nothing is
    left out as a site's navigation."""
    meta, body = split_front_matter(text)
    raw_title = meta.get("title")
    title = raw_title.strip() if isinstance(raw_title, str) else None
    rendered = render_markdown(body, title=title)
    page = convert_html(rendered, source=source, files=files, rules=rules, keep_chrome=True)
    page.metadata.update(meta)
    if title:
        page.title = title
    if not page.title:
        page.title = Path(source).stem
    return page


def convert_markdown_file(
    path: Path, *, source: str, root: Path | None, options: ConvertOptions = DEFAULT_OPTIONS
) -> ConvertedPage:
    """Read and convert one Markdown file."""
    text = decode_text(read_text_file(path, what="Markdown"))
    files = ExportRoot(root) if root is not None else None
    return convert_markdown(text, source=source, files=files, rules=options.rules)


class MarkdownSource:
    """Markdown files: a single file, or a folder of them (walked like the HTML source)."""

    name = "markdown"

    def detect(self, path: Path) -> bool:
        """A ``*.md``/``*.markdown`` file, or a folder with Markdown files and no HTML."""
        if path.is_dir():
            return has_files(path, SUFFIXES) and not has_files(path, _HTML_SUFFIXES)
        return path.suffix.lower() in SUFFIXES

    def documents(self, path: Path) -> Iterator[Document]:
        """One document per Markdown file (a folder's ``index.md``/``README.md`` first)."""
        first = ("index.md", "readme.md", "index.markdown", "readme.markdown")
        yield from file_documents(path, SUFFIXES, first, convert_markdown_file)


__all__ = [
    "MarkdownSource",
    "convert_markdown",
    "convert_markdown_file",
    "render_markdown",
    "split_front_matter",
]
