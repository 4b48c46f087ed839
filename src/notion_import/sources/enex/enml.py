"""ENML (Evernote's XHTML) -> HTML for the walker, and rules for Evernote's own elements.

- ``<en-media hash=...>`` -> an image block (``image/*``) or a file, pdf, audio or video block,
  whose asset is the resource's bytes (``Asset(kind="data")``), found by the MD5 of the
  decoded data; resources that the content does not show are appended at the end;
- ``<en-todo checked=...>`` and Evernote 10 checklists (``--en-checked``) -> to_do items;
- ``<en-crypt>`` -> a callout saying that encrypted text was not imported, and a loss;
- Evernote 10 task groups (``--en-task-group``) -> to_do items for the note's ``<task>``\\ s.
"""

from __future__ import annotations

import html
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.html.reader import default_rules
from notion_import.convert.ir import Asset, Block, Callout, Image, ListItem, Media, Span
from notion_import.sources.enex.notes import Note, Resource, Task, iso_time

# -- ENML -> HTML --------------------------------------------------------------------------

_ATTRS = r"""(?:\s+[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*"""
_PROLOG = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>\s*)?", re.I
)
_EN_TODO = re.compile(rf"<en-todo({_ATTRS})\s*/?>(?:\s*</en-todo>)?", re.I)
_CHECKED = re.compile(r"""\bchecked\s*=\s*["']?true""", re.I)
_EN_CHECKED_LI = re.compile(rf"<li({_ATTRS})\s*>", re.I)
_EN_CHECKED = re.compile(r"--en-checked\s*:\s*(true|false)", re.I)
_SELF_CLOSING = re.compile(rf"<([A-Za-z][\w:.-]*)({_ATTRS})\s*/>")
_EN_NOTE = re.compile(r"<(/?)en-note\b", re.I)
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    }
)  # fmt: skip
_TASK_GROUP = re.compile(r"--en-task-group\s*:\s*true", re.I)
_TASK_GROUP_ID = re.compile(r"--en-id\s*:\s*([^;\"']+)", re.I)


def _checkbox(checked: bool) -> str:
    return (
        '<input type="checkbox" disabled checked>'
        if checked
        else '<input type="checkbox" disabled>'
    )


def _todo(match: re.Match[str]) -> str:
    return _checkbox(bool(_CHECKED.search(match.group(1))))


def _checked_li(match: re.Match[str]) -> str:
    state = _EN_CHECKED.search(match.group(1))
    if state is None:
        return match.group(0)
    return match.group(0) + _checkbox(state.group(1).lower() == "true")


def _open_close(match: re.Match[str]) -> str:
    tag = match.group(1)
    if tag.lower() in _VOID:
        return match.group(0)
    return f"<{tag}{match.group(2)}></{tag}>"


def enml_to_html(enml: str, *, title: str = "") -> str:
    """ENML (XHTML) -> an HTML document the walker reads the same way.

    Self-closing elements are opened and closed (an HTML parser would otherwise nest what
    follows inside them), ``<en-note>`` becomes a ``<div>``, ``<en-todo>`` and
    ``--en-checked`` list items get checkbox inputs. ``<en-media>`` and ``<en-crypt>`` stay
    for the Evernote rules added to the walker's table.
    """
    body = _PROLOG.sub("", enml, count=1)
    body = _EN_TODO.sub(_todo, body)
    body = _EN_CHECKED_LI.sub(_checked_li, body)
    body = _SELF_CLOSING.sub(_open_close, body)
    body = _EN_NOTE.sub(lambda m: f"<{m.group(1)}div", body)
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'
    )


# -- rules for Evernote's elements ---------------------------------------------------------


def _media_kind(mime: str) -> Literal["pdf", "audio", "video", "file"]:
    if mime == "application/pdf":
        return "pdf"
    major = mime.partition("/")[0]
    if major == "audio":
        return "audio"
    if major == "video":
        return "video"
    return "file"


def _resource_asset(resource: Resource, data: bytes) -> Asset:
    extension = mimetypes.guess_extension(resource.mime, strict=False) or ""
    ref = resource.md5 + extension
    return Asset(
        kind="data",
        ref=ref,
        media_type=resource.mime,
        data=data,
        name=resource.attributes.get("file-name") or ref,
    )


def _resource_block(resource: Resource, alt: str = "") -> Block | None:
    data = resource.decode()
    if data is None:
        return None
    asset = _resource_asset(resource, data)
    if resource.mime.startswith("image/"):
        return Image(asset=asset, alt=alt)
    return Media(kind=_media_kind(resource.mime), asset=asset)


@dataclass
class NoteRules:
    """The Evernote rules for one note: they need the note's resources and tasks."""

    note: Note
    used: set[str] = field(default_factory=set)
    placed_groups: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_hash = {resource.md5: resource for resource in self.note.resources}

    def media(self, reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
        digest = (node.attributes.get("hash") or "").strip().lower()
        resource = self.by_hash.get(digest)
        if resource is None:
            reader.loss("en-media", f"the note has no resource with hash {digest or '(none)'}")
            return []
        self.used.add(digest)
        block = _resource_block(resource, alt=node.attributes.get("alt") or "")
        if block is None:
            reader.loss("en-media", f"resource {digest} is not valid base64")
            return []
        return [block]

    @staticmethod
    def crypt(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
        hint = (node.attributes.get("hint") or "").strip()
        reader.loss(
            "en-crypt",
            "encrypted content cannot be decrypted; not imported",
            text=reader.text(node),
        )
        text = "Encrypted content (not imported)" + (f" — hint: {hint}" if hint else "")
        return [Callout(spans=[Span(text)], icon="🔒", color="gray_background")]

    def task_group(self, reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
        match = _TASK_GROUP_ID.search(node.attributes.get("style") or "")
        group = match.group(1).strip() if match else ""
        self.placed_groups.add(group)
        placeholder = reader.text(node)
        if placeholder.strip():  # Evernote's notice that older versions cannot show tasks
            reader.loss("div", "task placeholder replaced by the tasks", "chrome", text=placeholder)
        return self.tasks(group)

    def tasks(self, group: str | None) -> list[Block]:
        """to_do items for the tasks of ``group`` (None: the tasks of groups not placed)."""
        chosen = [
            task
            for task in self.note.tasks
            if (task.group == group if group is not None else task.group not in self.placed_groups)
        ]
        chosen.sort(key=lambda task: task.sort_weight)
        return [_task_item(task) for task in chosen]

    def leftovers(self) -> list[Block]:
        """Blocks for the resources the content never showed."""
        blocks: list[Block] = []
        for resource in self.note.resources:
            if resource.md5 in self.used:
                continue
            self.used.add(resource.md5)
            block = _resource_block(resource)
            if block is not None:
                blocks.append(block)
        return blocks


def _task_item(task: Task) -> ListItem:
    text = task.title or "(untitled task)"
    if task.due:
        text += f" (due {iso_time(task.due)})"
    return ListItem(style="to_do", spans=[Span(text)], checked=task.status == "completed")


def _has_style(pattern: re.Pattern[str]) -> Callable[[Node], bool]:
    def predicate(node: Node) -> bool:
        return node.tag == "div" and bool(pattern.search(node.attributes.get("style") or ""))

    return predicate


@cache
def base_rules() -> RuleTable:
    """The walker's default table, built once (it is copied, never changed)."""
    return default_rules()


def enex_rules(base: RuleTable, rules: NoteRules) -> RuleTable:
    """``base`` plus the rules for Evernote's elements of one note."""
    table = base.copy()
    table.by_tag["en-media"] = rules.media
    table.by_tag["en-crypt"] = rules.crypt
    table.by_predicate.insert(0, (_has_style(_TASK_GROUP), rules.task_group))
    return table
