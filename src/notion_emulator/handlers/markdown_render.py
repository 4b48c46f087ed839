"""A page's blocks as Notion-flavoured Markdown (``GET /v1/pages/{id}/markdown``).

The dialect is Notion's published "enhanced markdown": children indented one tab per level;
``#``-``###`` headings (``{toggle="true"}`` when they hold children), ``-`` bullets, ``1.``
numbers, ``- [ ]`` to-dos, ``>`` quotes, ``---`` dividers, fenced code, ``$$`` equations,
``<empty-block/>`` for an empty paragraph; ``<details>``/``<summary>`` toggles, ``::: callout``
fenced callouts, ``<table>``/``<tr>``/``<td>`` tables, ``<columns>``/``<column>``,
``![caption](url)`` images and ``<video|audio|file|pdf source>`` media, ``<page>`` and
``<database>`` for child pages and databases, ``<table_of_contents/>``. Block colours are
``{color="..."}`` after the first line.
Rich text: ``**bold**``, ``*italic*``, ``~~strike~~``, ```code```, ``[text](url)``,
``$math$``, ``<br>`` for a line break, ``<span underline="true">`` and ``<span color>``,
``<mention-page url>``-style mentions; the characters ``\\ * ~ ` $ [ ] < > { } | ^`` escaped
with a backslash outside code. A block the dialect cannot say (a bookmark, an embed, a synced
block) is an ``<unknown url="...#id" alt="type"/>`` line: its content is read through the
block API.

A page longer than :data:`MARKDOWN_BLOCKS` blocks is cut: the answer is ``truncated`` and
``unknown_block_ids`` names the top-level blocks left out.
"""

from __future__ import annotations

import re
from typing import Any, Final

from notion_emulator.render import Renderer, plain_text
from notion_emulator.store import Node, Store

#: the most blocks one Markdown answer renders before it is truncated.
MARKDOWN_BLOCKS: Final = 20_000

#: The Markdown that starts each simple text block's line.
LINE_PREFIXES: Final = {
    "paragraph": "",
    "heading_1": "# ",
    "heading_2": "## ",
    "heading_3": "### ",
    "bulleted_list_item": "- ",
    "quote": "> ",
}
_MEDIA_TAGS: Final = ("video", "audio", "file", "pdf")
_ESCAPED: Final = re.compile(r"([\\*~`$\[\]<>{}|^])")
#: what starts the line of another block: escaped at the start of a paragraph.
_MARKER: Final = re.compile(r"^(?:#{1,6} |- |-$|(\d+)\. |---$|:::)")
_TICKS: Final = re.compile(r"`+")
_MENTION_URL: Final = "https://www.notion.so/"


def escape(text: str) -> str:
    """Text as it reads outside code: the dialect's special characters escaped, line
    breaks as ``<br>``."""
    return _ESCAPED.sub(r"\\\1", text).replace("\n", "<br>")


def _line_start(text: str) -> str:
    """A paragraph's text with a leading block marker escaped (``1\\.``, ``\\#``, ``\\-``),
    so it reads back as a paragraph."""
    marker = _MARKER.match(text)
    if marker is None:
        return text
    at = len(marker.group(1)) if marker.group(1) else 0
    return text[:at] + "\\" + text[at:]


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _mention(item: dict[str, Any]) -> str:
    mention = item.get("mention") or {}
    kind = str(mention.get("type", ""))
    target = mention.get(kind) or {}
    text = escape(str(item.get("plain_text", "")))
    if kind in ("page", "database"):
        url = _MENTION_URL + str(target.get("id", "")).replace("-", "")
        return f'<mention-{kind} url="{url}">{text}</mention-{kind}>'
    if kind == "user":
        return f'<mention-user url="user://{target.get("id", "")}">{text}</mention-user>'
    if kind == "date":
        end = f' end="{target["end"]}"' if target.get("end") else ""
        return f'<mention-date start="{target.get("start", "")}"{end}/>'
    if kind == "link_mention":
        return f"[{text}]({target.get('href', '')})"
    return text


def _spans(fence: str, literal: str) -> str:
    """Literal text (inline code, an inline equation) fenced line by line, the lines joined
    by ``<br>``: a fence holds one line, and no escapes. Code holding backticks is fenced
    by a longer run of them (padded with a space where it starts or ends with one)."""
    out = []
    for line in literal.split("\n"):
        own = fence
        if fence == "`" and "`" in line:
            own = "`" * (1 + max(len(run) for run in _TICKS.findall(line)))
            if line.startswith("`") or line.endswith("`"):
                line = f" {line} "
        out.append(f"{own}{line}{own}")
    return "<br>".join(out)


def inline_markdown(rich_text: list[dict[str, Any]] | None) -> str:
    """Rich text as Notion-flavoured Markdown: annotations, colours, links, mentions."""
    out: list[str] = []
    for item in rich_text or []:
        kind = item.get("type")
        if kind == "mention":
            out.append(_mention(item))
            continue
        if kind == "equation":
            expression = str(item.get("equation", {}).get("expression", ""))
            out.append(_spans("$", expression))
            continue
        plain = str(item.get("plain_text", ""))
        marks = item.get("annotations") or {}
        text = _spans("`", plain) if marks.get("code") else escape(plain)
        if marks.get("bold"):
            text = f"**{text}**"
        if marks.get("italic"):
            text = f"*{text}*"
        if marks.get("strikethrough"):
            text = f"~~{text}~~"
        if marks.get("underline"):
            text = f'<span underline="true">{text}</span>'
        color = marks.get("color", "default")
        if color and color != "default":
            text = f'<span color="{color}">{text}</span>'
        if item.get("href"):
            text = f"[{text}]({item['href']})"
        out.append(text)
    return "".join(out)


def _color(payload: dict[str, Any], extra: str = "") -> str:
    color = payload.get("color", "default")
    attrs = [extra] if extra else []
    if color and color != "default":
        attrs.append(f'color="{color}"')
    return " {" + " ".join(attrs) + "}" if attrs else ""


def _source(payload: dict[str, Any]) -> str:
    holder = payload.get(str(payload.get("type", ""))) or {}
    return str(holder.get("url", "")) if isinstance(holder, dict) else ""


def _icon(icon: dict[str, Any]) -> str:
    """A callout's icon as its attribute says it: the emoji, or the picture's address."""
    if icon.get("type") == "emoji":
        return str(icon.get("emoji", ""))
    return _source(icon)


class PageMarkdown:
    """One page rendered: the Markdown lines, and what could not be said or was cut."""

    def __init__(self, store: Store, render: Renderer, page: Node) -> None:
        self.store = store
        self.render = render
        self.page = page
        self.lines: list[str] = []
        self.rendered = 0
        self.truncated = False
        #: the top-level blocks left out of a truncated page.
        self.unknown: list[str] = []

    def run(self) -> str:
        number = 0
        for child in self.store.live_children(self.page):
            number = number + 1 if child.type == "numbered_list_item" else 0
            if self.truncated or self.rendered + self._size(child) > MARKDOWN_BLOCKS:
                self.truncated = True
                self.unknown.append(child.id)
                continue
            self._block(child, 0, number)
        return "\n".join(self.lines)

    def _size(self, node: Node) -> int:
        return 1 + sum(self._size(c) for c in self.store.live_children(node))

    def _add(self, depth: int, text: str) -> None:
        self.lines.extend("\t" * depth + line for line in text.split("\n"))

    def _children(self, node: Node, depth: int) -> None:
        number = 0
        for child in self.store.live_children(node):
            number = number + 1 if child.type == "numbered_list_item" else 0
            self._block(child, depth, number)

    def _block(self, node: Node, depth: int, number: int) -> None:
        self.rendered += 1
        kind = node.type
        payload: dict[str, Any] = self.render.block(node).get(kind) or {}
        rich = inline_markdown(payload.get("rich_text"))
        if kind == "paragraph" and not rich and not node.children:
            self._add(depth, "<empty-block/>")
        elif kind == "paragraph":
            self._add(depth, _line_start(rich) + _color(payload))
            self._children(node, depth + 1)
        elif kind in LINE_PREFIXES:
            toggle = 'toggle="true"' if payload.get("is_toggleable") else ""
            self._add(depth, LINE_PREFIXES[kind] + rich + _color(payload, toggle))
            self._children(node, depth + 1)
        elif kind == "numbered_list_item":
            self._add(depth, f"{number}. {rich}{_color(payload)}")
            self._children(node, depth + 1)
        elif kind == "to_do":
            box = "x" if payload.get("checked") else " "
            self._add(depth, f"- [{box}] {rich}{_color(payload)}")
            self._children(node, depth + 1)
        elif kind == "toggle":
            color = payload.get("color", "default")
            attr = f' color="{color}"' if color and color != "default" else ""
            self._add(depth, f"<details{attr}>\n<summary>{rich}</summary>")
            self._children(node, depth + 1)
            self._add(depth, "</details>")
        elif kind == "callout":
            icon = payload.get("icon") or {}
            attrs = f'icon="{_attribute(_icon(icon))}"' if _icon(icon) else ""
            self._add(depth, f"::: callout{_color(payload, attrs)}\n{rich}")
            self._children(node, depth)
            self._add(depth, ":::")
        elif kind == "divider":
            self._add(depth, "---")
        elif kind == "code":
            code = plain_text(payload.get("rich_text"))
            fence = "`" * max(3, 1 + max((len(run) for run in _TICKS.findall(code)), default=0))
            self._add(depth, f"{fence}{payload.get('language', 'plain text')}\n{code}\n{fence}")
        elif kind == "equation":
            self._add(depth, f"$$\n{payload.get('expression', '')}\n$$")
        elif kind == "table":
            self._table(node, payload, depth)
        elif kind == "column_list":
            self._add(depth, "<columns>")
            for column in self.store.live_children(node):
                self.rendered += 1
                self._add(depth + 1, "<column>")
                self._children(column, depth + 2)
                self._add(depth + 1, "</column>")
            self._add(depth, "</columns>")
        elif kind == "image":
            caption = inline_markdown(payload.get("caption"))
            self._add(depth, f"![{caption}]({_source(payload)}){_color(payload)}")
        elif kind in _MEDIA_TAGS:
            caption = inline_markdown(payload.get("caption"))
            self._add(depth, f'<{kind} source="{_attribute(_source(payload))}">{caption}</{kind}>')
        elif kind in ("child_page", "child_database"):
            tag = "page" if kind == "child_page" else "database"
            title = str(payload.get("title", ""))
            url = _MENTION_URL + node.id.replace("-", "")
            self._add(depth, f'<{tag} url="{url}">{escape(title)}</{tag}>')
        elif kind == "table_of_contents":
            color = payload.get("color", "default")
            attr = f' color="{color}"' if color and color != "default" else ""
            self._add(depth, f"<table_of_contents{attr}/>")
        else:
            url = _MENTION_URL + self.page.id.replace("-", "") + "#" + node.id.replace("-", "")
            self._add(depth, f'<unknown url="{url}" alt="{kind}"/>')

    def _table(self, node: Node, payload: dict[str, Any], depth: int) -> None:
        attrs = ""
        if payload.get("has_column_header"):
            attrs += ' header-row="true"'
        if payload.get("has_row_header"):
            attrs += ' header-column="true"'
        self._add(depth, f"<table{attrs}>")
        for row in self.store.live_children(node):
            self.rendered += 1
            self._add(depth + 1, "<tr>")
            for cell in row.payload.get("cells") or []:
                self._add(depth + 2, f"<td>{inline_markdown(cell)}</td>")
            self._add(depth + 1, "</tr>")
        self._add(depth, "</table>")
