"""Notion-flavoured Markdown (``GET /v1/pages/{id}/markdown``) read into blocks.

One request reads a whole page. The Markdown is turned into blocks of the shape
:func:`notion_import.api.tree.read_blocks` returns (``type``, the type's body with its
``rich_text``, ``caption``, ``cells``, media ``url``; ``children``), so verification compares
and measures them as it does blocks listed: the words, links and their targets (a
``<mention-page>`` as a mention of that page), images and media by their address, table cells,
columns, toggles, callouts, child pages. Annotations and colours are read past: verification
does not compare them.

The dialect (Notion's "enhanced markdown"): children one tab deeper than their parent;
``#``-``####`` headings, ``-`` bullets, ``1.`` numbers, ``- [ ]`` to-dos, ``>`` quotes,
``---``, fenced code, ``$$`` equations, ``<empty-block/>``; ``<details><summary>`` toggles,
``::: callout`` (or ``<callout>``) callouts, ``<table><tr><td>``, ``<columns><column>``,
``![caption](url)`` and ``<video|audio|file|pdf source>``, ``<page>``/``<database>``,
``<table_of_contents/>``; ``{...}`` attributes after a line; inline ``**``, ``*``, ``~~``,
```code```, ``[text](url)``, ``$math$``, ``<br>``, ``<span>``, ``<mention-*>``; backslash
escapes. A block the dialect cannot say is an ``<unknown url="...#id" alt="type"/>`` line: it
is read as ``{"type": "unknown", "id": ...}`` for the caller to fetch.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Final

#: a block the Markdown does not hold: to be read through the block API.
UNKNOWN: Final = "unknown"
#: the blocks the dialect says (any other is an ``<unknown/>`` line).
SAID: Final = frozenset(
    {
        "paragraph",
        "heading_1",
        "heading_2",
        "heading_3",
        "bulleted_list_item",
        "numbered_list_item",
        "to_do",
        "quote",
        "toggle",
        "callout",
        "code",
        "equation",
        "divider",
        "table",
        "table_row",
        "column_list",
        "column",
        "image",
        "video",
        "audio",
        "file",
        "pdf",
        "child_page",
        "child_database",
        "table_of_contents",
    }
)

_ATTRS: Final = re.compile(r'([\w-]+)="([^"]*)"')
_TRAILING_ATTRS: Final = re.compile(r'(?<!\\) \{((?:[\w-]+="[^"]*" ?)+)\}$')
_TAG_LINE: Final = re.compile(r"^<([\w-]+)((?: [\w-]+=\"[^\"]*\")*)\s*(/?)>(.*)$")
_HEADING: Final = re.compile(r"^(#{1,6}) (.*)$")
_TODO: Final = re.compile(r"^- \[([ xX])\] ?(.*)$")
_NUMBERED: Final = re.compile(r"^\d+\. (.*)$")
_IMAGE: Final = re.compile(r"^!\[(.*)\]\((.*)\)$")
_MEDIA: Final = ("video", "audio", "file", "pdf")
_INLINE_TAG: Final = re.compile(r"<(/?)([\w-]+)((?: [\w-]+=\"[^\"]*\")*)\s*(/?)>")
_NOTION_ID: Final = re.compile(r"([0-9a-f]{32})")
_TICKS: Final = re.compile(r"`+")


def _attrs(text: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTRS.findall(text)}


def _dashed(hex_id: str) -> str:
    h = hex_id.replace("-", "").lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _id_in(url: str, last: bool = False) -> str:
    found = _NOTION_ID.findall(url.replace("-", "").lower())
    if not found:
        return ""
    return _dashed(found[-1] if last else found[0])


# -- rich text --------------------------------------------------------------------------------


def _item(text: str, url: str | None) -> dict[str, Any]:
    return {
        "type": "text",
        "text": {"content": text, "link": {"url": url} if url else None},
        "plain_text": text,
        "href": url,
    }


@dataclass
class _Inline:
    """A scanner over one line of rich text."""

    text: str
    pos: int = 0

    def parse(self, url: str | None = None, until: str = "") -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                items.append(_item("".join(buffer), url))
                buffer.clear()

        text = self.text
        while self.pos < len(text):
            c = text[self.pos]
            if until and text.startswith(until, self.pos):
                self.pos += len(until)
                break
            if c == "\\" and self.pos + 1 < len(text):
                buffer.append(text[self.pos + 1])
                self.pos += 2
            elif c == "`":
                buffer.append(self._code())
            elif c == "$":
                end = text.find("$", self.pos + 1)
                end = len(text) if end < 0 else end
                flush()
                expression = text[self.pos + 1 : end]
                items.append(
                    {"type": "equation", "equation": {"expression": expression}, "href": url}
                )
                self.pos = end + 1
            elif c == "[":
                flush()
                self.pos += 1
                inner = self.parse(url, until="](")
                target = self._target()
                for item in inner:
                    if item["type"] == "text":
                        item.update(_item(item["plain_text"], target))
                items += inner
            elif c in "*~":
                self.pos += 1
            elif c == "<":
                flush()
                self._tag(items, url)
            else:
                buffer.append(c)
                self.pos += 1
        flush()
        return items

    def _code(self) -> str:
        """An inline code span: literal up to a run of as many backticks as opened it (the
        space each side that pads code starting or ending with a backtick stripped)."""
        fence = _TICKS.match(self.text, self.pos)
        assert fence is not None
        start = fence.end()
        for run in _TICKS.finditer(self.text, start):
            if len(run.group()) == len(fence.group()):
                code, self.pos = self.text[start : run.start()], run.end()
                break
        else:
            code, self.pos = self.text[start:], len(self.text)
        padded = code[1:-1]
        if code[:1] == code[-1:] == " " and (padded[:1] == "`" or padded[-1:] == "`"):
            code = padded
        return code

    def _target(self) -> str:
        """The address of a link, up to its closing parenthesis (nested ones kept)."""
        depth, start = 0, self.pos
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            self.pos += 1
        target = self.text[start : self.pos]
        self.pos += 1
        return target

    def _tag(self, items: list[dict[str, Any]], url: str | None) -> None:
        found = _INLINE_TAG.match(self.text, self.pos)
        if found is None:
            items.append(_item("<", url))
            self.pos += 1
            return
        self.pos = found.end()
        closing, name, attrs, empty = found.groups()
        if closing or name == "span":
            return
        if name == "br":
            items.append(_item("\n", url))
            return
        if not name.startswith("mention-"):
            return
        kind = name.removeprefix("mention-")
        values = _attrs(attrs)
        title = "" if empty else _plain(self.parse(url, until=f"</{name}>"))
        target: dict[str, Any] = {}
        if kind in ("page", "database"):
            target = {"id": _id_in(values.get("url", ""))}
        elif kind == "date":
            target = {"start": values.get("start", ""), "end": values.get("end")}
            title = values.get("start", "")
        elif kind == "user":
            target = {"id": values.get("url", "").removeprefix("user://")}
        items.append(
            {"type": "mention", "mention": {"type": kind, kind: target}, "plain_text": title}
        )


def _plain(items: list[dict[str, Any]]) -> str:
    return "".join(str(i.get("plain_text", "")) for i in items)


def rich_text(text: str) -> list[dict[str, Any]]:
    """One line of Notion-flavoured rich text as rich text items (words, links, mentions,
    equations; annotations read past), adjacent text with the same link joined."""
    out: list[dict[str, Any]] = []
    for item in _Inline(text).parse():
        last = out[-1] if out else None
        if (
            last is not None
            and item["type"] == "text" == last["type"]
            and item["href"] == last["href"]
        ):
            last.update(_item(last["plain_text"] + item["plain_text"], item["href"]))
        else:
            out.append(item)
    return out


# -- blocks -----------------------------------------------------------------------------------


def _block(
    kind: str, body: dict[str, Any], children: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    block: dict[str, Any] = {"object": "block", "type": kind, kind: body}
    if children:
        block["children"] = children
        block["has_children"] = True
    return block


def _text_block(kind: str, text: str, **extra: Any) -> dict[str, Any]:
    text, _attributes = _split_attrs(text)
    return _block(kind, {"rich_text": rich_text(text), **extra})


def _split_attrs(line: str) -> tuple[str, dict[str, str]]:
    found = _TRAILING_ATTRS.search(line)
    if found is None:
        return line, {}
    return line[: found.start()], _attrs(found.group(1))


def _media(kind: str, url: str, caption: str) -> dict[str, Any]:
    return _block(
        kind, {"type": "external", "external": {"url": url}, "caption": rich_text(caption)}
    )


def _icon(value: str) -> dict[str, Any] | None:
    """A callout's icon: an emoji, or a picture by its address."""
    if not value:
        return None
    if "://" in value:
        return {"type": "external", "external": {"url": value}}
    return {"type": "emoji", "emoji": value}


class _Reader:
    """Lines of Markdown read into blocks, each block's children one tab deeper."""

    def __init__(self, markdown: str) -> None:
        self.lines = markdown.split("\n")
        self.i = 0

    def _depth(self, line: str) -> int:
        return len(line) - len(line.lstrip("\t"))

    def _at(self, depth: int) -> str | None:
        """The next line, without its indentation, when it is at least ``depth`` deep."""
        if self.i >= len(self.lines):
            return None
        line = self.lines[self.i]
        if line.strip() and self._depth(line) < depth:
            return None
        return line[depth:] if self._depth(line) >= depth else line.lstrip("\t")

    def blocks(self, depth: int, closing: str = "") -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while (line := self._at(depth)) is not None:
            if closing and line == closing:
                self.i += 1
                break
            if line.startswith("\t") or not line.strip():
                self.i += 1  # a blank line, or a line deeper than any block here
                continue
            self.i += 1
            block = self._one(line, depth)
            if block is None:
                continue
            if "children" not in block and block["type"] not in ("code", "equation"):
                nested = self.blocks(depth + 1)
                if nested:
                    block["children"] = nested
                    block["has_children"] = True
            out.append(block)
        return out

    def _fenced(self, depth: int, closing: str) -> str:
        body: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            self.i += 1
            own = line[depth:] if line[:depth] == "\t" * depth else line.lstrip("\t")
            if own == closing:
                break
            body.append(own)
        return "\n".join(body)

    def _one(self, line: str, depth: int) -> dict[str, Any] | None:
        if line.startswith("```"):
            fence = line[: len(line) - len(line.lstrip("`"))]
            language = line[len(fence) :].strip() or "plain text"
            code = self._fenced(depth, fence)
            return _block(
                "code", {"rich_text": [_item(code, None)] if code else [], "language": language}
            )
        if line == "$$":
            return _block("equation", {"expression": self._fenced(depth, "$$")})
        if line == "---":
            return _block("divider", {})
        if line.startswith("::: callout") or line.startswith("<callout"):
            return self._callout(line, depth)
        tag = _TAG_LINE.match(line)
        if tag is not None:
            return self._tag(tag, depth)
        if image := _IMAGE.match(_split_attrs(line)[0]):
            return _media("image", image.group(2), image.group(1))
        if heading := _HEADING.match(line):
            level = min(len(heading.group(1)), 3)
            return _text_block(f"heading_{level}", heading.group(2))
        if todo := _TODO.match(line):
            return _text_block("to_do", todo.group(2), checked=todo.group(1) != " ")
        if line.startswith("- "):
            return _text_block("bulleted_list_item", line[2:])
        if line == "-":
            return _text_block("bulleted_list_item", "")
        if numbered := _NUMBERED.match(line):
            return _text_block("numbered_list_item", numbered.group(1))
        if line.startswith("> ") or line == ">":
            return _text_block("quote", line[2:])
        return _text_block("paragraph", line)

    def _callout(self, line: str, depth: int) -> dict[str, Any]:
        values = _attrs(line)
        icon = _icon(values.get("icon", ""))
        if line.startswith("<callout"):  # the tag form: content one tab deeper
            children = self.blocks(depth + 1, closing="")
            self._skip(depth, "</callout>")
            first = children.pop(0) if children and children[0]["type"] == "paragraph" else None
            text = first["paragraph"]["rich_text"] if first else []
            return _block("callout", {"rich_text": text, "icon": icon}, children)
        text = self.lines[self.i][depth:] if self.i < len(self.lines) else ""
        self.i += 1
        children = self.blocks(depth, closing=":::")
        return _block("callout", {"rich_text": rich_text(text), "icon": icon}, children)

    def _skip(self, depth: int, closing: str) -> None:
        if self.i < len(self.lines) and self.lines[self.i][depth:] == closing:
            self.i += 1

    def _tag(self, tag: re.Match[str], depth: int) -> dict[str, Any] | None:
        name, attrs, _empty, rest = tag.groups()
        values = _attrs(attrs)
        if name == "empty-block":
            return _block("paragraph", {"rich_text": []})
        if name == "table_of_contents":
            return _block("table_of_contents", {})
        if name == "unknown":
            return {
                "object": "block",
                "type": UNKNOWN,
                "id": _id_in(values.get("url", ""), last=True),
            }
        if name in ("page", "database"):
            title = _plain(rich_text(rest.removesuffix(f"</{name}>")))
            kind = "child_page" if name == "page" else "child_database"
            return _block(kind, {"title": title}) | {"id": _id_in(values.get("url", ""))}
        if name in _MEDIA:
            return _media(name, values.get("source", ""), rest.removesuffix(f"</{name}>"))
        if name == "details":
            summary = self._at(depth) or ""
            self.i += 1
            text = summary.removeprefix("<summary>").removesuffix("</summary>")
            children = self.blocks(depth + 1)
            self._skip(depth, "</details>")
            return _block("toggle", {"rich_text": rich_text(text)}, children)
        if name == "columns":
            columns = []
            while self._at(depth + 1) == "<column>":
                self.i += 1
                columns.append(_block("column", {}, self.blocks(depth + 2)))
                self._skip(depth + 1, "</column>")
            self._skip(depth, "</columns>")
            return _block("column_list", {}, columns)
        if name == "table":
            return self._table(values, depth)
        return _text_block("paragraph", tag.group(0))

    def _table(self, values: dict[str, str], depth: int) -> dict[str, Any]:
        rows = []
        width = 0
        while (line := self._at(depth + 1)) is not None and line.startswith("<tr"):
            self.i += 1
            cells = []
            while (cell := self._at(depth + 2)) is not None and cell.startswith("<td"):
                self.i += 1
                inner = cell[cell.index(">") + 1 :].removesuffix("</td>")
                cells.append(rich_text(inner))
            self._skip(depth + 1, "</tr>")
            width = max(width, len(cells))
            rows.append(_block("table_row", {"cells": cells}))
        self._skip(depth, "</table>")
        body = {
            "table_width": width,
            "has_column_header": values.get("header-row") == "true",
            "has_row_header": values.get("header-column") == "true",
        }
        return _block("table", body, rows)


def read(markdown: str) -> list[dict[str, Any]]:
    """The blocks a page's Notion-flavoured Markdown holds, nested as Notion nests them."""
    return _Reader(markdown).blocks(0)
