"""The ``enex`` source: Evernote ENEX files (XML notes with ENML content and base64 resources).

An ENEX file is read incrementally with expat, one note at a time, and never fetches
anything: external entities and DTDs are not loaded, and a file that declares entities
(``<!DOCTYPE ... [<!ENTITY ...>]>``, the entity-expansion attack) is refused. A malformed note
becomes an error entry and reading resumes at the next ``<note>``.

Each note becomes one page. Its ENML (XHTML with Evernote elements) is turned into HTML for
the walker, with rules added to the walker's table for the Evernote elements:

- ``<en-media hash=...>`` -> an image block (``image/*``) or a file, pdf, audio or video block,
  whose asset is the resource's bytes (``Asset(kind="data")``), found by the MD5 of the
  decoded data; resources that the content does not show are appended at the end;
- ``<en-todo checked=...>`` and Evernote 10 checklists (``--en-checked``) -> to_do items;
- ``<en-crypt>`` -> a callout saying that encrypted text was not imported, and a loss;
- Evernote 10 task groups (``--en-task-group``) -> to_do items for the note's ``<task>``\\ s.

Evernote's code blocks (``--en-codeblock``) are known to the walker's core rules.

Metadata: ``created``, ``updated`` (ISO 8601), ``tags``, ``author``, ``source_url``,
``latitude``/``longitude``/``altitude``, the other note attributes, and ``notebook`` (the file's
name). Notes with the same title get distinct names: ``file.enex/Title``, ``... (2)``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import hashlib
import html
import logging
import mimetypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePath
from typing import Any, BinaryIO, Literal
from xml.parsers import expat

from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.html.reader import convert_html, default_rules
from notion_import.convert.ir import (
    Asset,
    Block,
    Callout,
    ConvertedPage,
    Image,
    ListItem,
    Loss,
    Media,
    Span,
)
from notion_import.sources import Document, collect_data_assets, has_files, iter_files

logger = logging.getLogger(__name__)

SUFFIXES = (".enex",)
_OTHER_PAGES = (".html", ".htm", ".md", ".markdown")
_CHUNK = 1 << 20
_NOTE_START = re.compile(rb"<note[\s>]")
_SYNTHETIC_ROOT = b"<en-export>"
_DATE_ATTRIBUTES = {"reminder-time", "reminder-done-time", "subject-date"}
_NUMBER_ATTRIBUTES = {"latitude", "longitude", "altitude", "reminder-order"}


class _Refused(Exception):
    """The file uses a feature refused for safety (entity declarations)."""


# -- the parsed note ---------------------------------------------------------------------


@dataclass
class _Resource:
    data: list[str] = field(default_factory=list)
    mime: str = "application/octet-stream"
    attributes: dict[str, str] = field(default_factory=dict)
    _decoded: bytes | None = None
    _hash: str | None = None

    def decode(self) -> bytes | None:
        """The bytes, or None if the base64 is broken."""
        if self._decoded is None and self.data:
            try:
                self._decoded = base64.b64decode("".join(self.data))
            except (binascii.Error, ValueError):
                self.data = []
                return None
            self.data = []
        return self._decoded

    @property
    def md5(self) -> str:
        if self._hash is None:
            data = self.decode()
            self._hash = hashlib.md5(data or b"", usedforsecurity=False).hexdigest()
        return self._hash


@dataclass
class _Task:
    title: str = ""
    status: str = ""
    sort_weight: str = ""
    group: str = ""
    due: str = ""


@dataclass
class _Note:
    title: str = ""
    content: str = ""
    created: str = ""
    updated: str = ""
    tags: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    resources: list[_Resource] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)


# -- streaming XML -------------------------------------------------------------------------


class _NoteParser:
    """Feeds an ENEX byte stream to expat and collects finished notes."""

    def __init__(self, base: int) -> None:
        #: file offset of the parser's byte 0 (negative after a resync's synthetic root).
        self.base = base
        self.done: list[_Note] = []
        self.note: _Note | None = None
        self.notes_started = 0
        self.root = ""
        self._stack: list[str] = []
        self._text: list[str] = []
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text.append
        parser.EntityDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._external
        self.parser = parser

    def feed(self, data: bytes, final: bool = False) -> None:
        self.parser.Parse(data, final)

    @staticmethod
    def _entity(*args: Any) -> None:
        raise _Refused(
            "the file declares XML entities, which ENEX does not use; refused to avoid "
            "entity-expansion attacks"
        )

    @staticmethod
    def _external(*args: Any) -> int:
        return 1  # never load external entities: treat them as empty

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self._text.clear()
        self._stack.append(name)
        depth = len(self._stack)
        if depth == 1:
            self.root = name
        elif depth == 2 and name == "note":
            self.note = _Note()
            self.notes_started += 1
        elif depth == 3 and self.note is not None:
            if name == "resource":
                self.note.resources.append(_Resource())
            elif name == "task":
                self.note.tasks.append(_Task())

    def _end(self, name: str) -> None:
        text = "".join(self._text)
        self._text.clear()
        note = self.note
        if len(self._stack) == 2 and name == "note" and note is not None:
            self.done.append(note)
            self.note = None
        elif note is not None and len(self._stack) >= 3:
            _store(note, tuple(self._stack[2:]), text)
        self._stack.pop()


def _store(note: _Note, path: tuple[str, ...], text: str) -> None:
    """Put one element's text where it belongs in ``note``."""
    head = path[0]
    if len(path) == 1:
        if head == "title":
            note.title = text.strip()
        elif head == "content":
            note.content = text
        elif head in ("created", "updated"):
            setattr(note, head, text.strip())
        elif head == "tag" and text.strip():
            note.tags.append(text.strip())
    elif head == "note-attributes" and len(path) == 2:
        if text.strip():
            note.attributes[path[1]] = text.strip()
    elif head == "resource" and note.resources:
        resource = note.resources[-1]
        if path[1:] == ("data",):
            resource.data = [text]
        elif path[1:] == ("mime",):
            resource.mime = text.strip().lower() or resource.mime
        elif len(path) == 3 and path[1] == "resource-attributes":
            resource.attributes[path[2]] = text.strip()
        elif len(path) == 2 and path[1] in ("width", "height", "duration"):
            resource.attributes[path[1]] = text.strip()
    elif head == "task" and note.tasks and len(path) == 2:
        task = note.tasks[-1]
        key = path[1]
        if key == "title":
            task.title = text.strip()
        elif key == "taskStatus":
            task.status = text.strip()
        elif key == "sortWeight":
            task.sort_weight = text.strip()
        elif key == "taskGroupNoteLevelID":
            task.group = text.strip()
        elif key == "dueDate":
            task.due = text.strip()


@dataclass
class _Parsed:
    """A note read from an ENEX file, or an error for one note (or the whole file)."""

    note: _Note | None
    error: str | None = None
    #: the title of the note that failed, if it got that far.
    title: str = ""


def _read_notes(handle: BinaryIO) -> Iterator[_Parsed]:
    """Notes of an ENEX stream, one at a time; malformed notes come out as errors.

    After a syntax error, reading resumes at the next ``<note>`` after the error.
    """
    parser = _NoteParser(base=0)
    any_note = False
    while True:
        try:
            chunk = handle.read(_CHUNK)
            parser.feed(chunk, final=not chunk)
        except _Refused as exc:
            yield _Parsed(None, f"refused: {exc}")
            return
        except expat.ExpatError as exc:
            for note in parser.done:
                yield _Parsed(note)
            any_note = any_note or bool(parser.done) or parser.note is not None
            offset = max(parser.base + parser.parser.ErrorByteIndex, 0)
            reason = f"malformed ENEX ({expat.ErrorString(exc.code)}) at byte {offset}"
            if parser.note is not None:
                yield _Parsed(None, reason, title=parser.note.title)
            elif parser.root and parser.root != "en-export":
                yield _Parsed(None, f"not an ENEX file (the root element is <{parser.root}>)")
                return
            elif not any_note:
                yield _Parsed(None, f"not a readable ENEX file: {reason}")
            else:
                logger.warning("ENEX: %s, outside any note; skipped", reason)
            resume = _find_note(handle, offset + 1)
            if resume is None:
                return
            handle.seek(resume)
            parser = _NoteParser(base=resume - len(_SYNTHETIC_ROOT))
            parser.feed(_SYNTHETIC_ROOT)
            continue
        for note in parser.done:
            any_note = True
            yield _Parsed(note)
        parser.done.clear()
        if not chunk:
            if not any_note and parser.root != "en-export":
                what = f"<{parser.root}>" if parser.root else "nothing"
                yield _Parsed(None, f"not an ENEX file (the root element is {what})")
            return


def _find_note(handle: BinaryIO, start: int) -> int | None:
    """The file offset of the next ``<note`` at or after ``start``."""
    handle.seek(start)
    position = start
    tail = b""
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return None
        window = tail + chunk
        match = _NOTE_START.search(window)
        if match is not None:
            return position - len(tail) + match.start()
        tail = window[-8:]
        position += len(chunk)


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


def _resource_asset(resource: _Resource, data: bytes) -> Asset:
    extension = mimetypes.guess_extension(resource.mime, strict=False) or ""
    ref = resource.md5 + extension
    return Asset(
        kind="data",
        ref=ref,
        media_type=resource.mime,
        data=data,
        name=resource.attributes.get("file-name") or ref,
    )


def _resource_block(resource: _Resource, alt: str = "") -> Block | None:
    data = resource.decode()
    if data is None:
        return None
    asset = _resource_asset(resource, data)
    if resource.mime.startswith("image/"):
        return Image(asset=asset, alt=alt)
    return Media(kind=_media_kind(resource.mime), asset=asset)


@dataclass
class _NoteRules:
    """The Evernote rules for one note: they need the note's resources and tasks."""

    note: _Note
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
        reader.loss("en-crypt", "encrypted content cannot be decrypted; not imported")
        text = "Encrypted content (not imported)" + (f" — hint: {hint}" if hint else "")
        return [Callout(spans=[Span(text)], icon="🔒", color="gray_background")]

    def task_group(self, reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
        match = _TASK_GROUP_ID.search(node.attributes.get("style") or "")
        group = match.group(1).strip() if match else ""
        self.placed_groups.add(group)
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


def _task_item(task: _Task) -> ListItem:
    text = task.title or "(untitled task)"
    if task.due:
        text += f" (due {_iso(task.due)})"
    return ListItem(style="to_do", spans=[Span(text)], checked=task.status == "completed")


def _has_style(pattern: re.Pattern[str]) -> Callable[[Node], bool]:
    def predicate(node: Node) -> bool:
        return node.tag == "div" and bool(pattern.search(node.attributes.get("style") or ""))

    return predicate


@cache
def _default_rules() -> RuleTable:
    """The walker's default table, built once (it is copied, never changed)."""
    return default_rules()


def _enex_rules(base: RuleTable, rules: _NoteRules) -> RuleTable:
    """``base`` plus the rules for Evernote's elements of one note."""
    table = base.copy()
    table.by_tag["en-media"] = rules.media
    table.by_tag["en-crypt"] = rules.crypt
    table.by_predicate.insert(0, (_has_style(_TASK_GROUP), rules.task_group))
    return table


# -- notes -> pages ------------------------------------------------------------------------


def _iso(stamp: str) -> str:
    """Evernote's ``20170825T013331Z`` -> ``2017-08-25T01:33:31Z`` (other text unchanged)."""
    try:
        moment = _dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")
    except ValueError:
        return stamp
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def note_metadata(note: _Note, notebook: str) -> dict[str, Any]:
    """A note's metadata as plain values."""
    meta: dict[str, Any] = {}
    if note.created:
        meta["created"] = _iso(note.created)
    if note.updated:
        meta["updated"] = _iso(note.updated)
    if note.tags:
        meta["tags"] = list(note.tags)
    for key, value in note.attributes.items():
        name = key.replace("-", "_")
        if key in _NUMBER_ATTRIBUTES:
            try:
                meta[name] = float(value)
            except ValueError:
                meta[name] = value
        elif key in _DATE_ATTRIBUTES:
            meta[name] = _iso(value)
        elif key != "application-data":
            meta[name] = value
    if notebook:
        meta["notebook"] = notebook
    return meta


def _convert_note(
    note: _Note, html_text: str, *, source: str, notebook: str, rules: RuleTable | None
) -> ConvertedPage:
    """Convert one parsed note (``html_text`` is its content as HTML) into a page."""
    title = note.title or "Untitled"
    note_rules = _NoteRules(note)
    table = _enex_rules(rules if rules is not None else _default_rules(), note_rules)
    page = convert_html(html_text, source=source, rules=table)
    page.blocks.extend(note_rules.tasks(None))
    page.blocks.extend(note_rules.leftovers())
    page.title = title
    page.metadata.update(note_metadata(note, notebook))
    if not note.content.strip():
        page.losses.append(Loss("content", "the note has no content", source))
    collect_data_assets(page)
    return page


def _name(title: str) -> str:
    return " ".join(title.replace("/", "-").split()) or "Untitled"


def enex_documents(path: Path, file_name: str) -> Iterator[Document]:
    """One document per note of the ENEX file ``path``, named ``file_name/<title>``."""
    notebook = PurePath(file_name).stem
    taken: dict[str, int] = {}

    def unique(title: str) -> str:
        base = f"{file_name}/{_name(title)}"
        count = taken.get(base, 0) + 1
        taken[base] = count
        return base if count == 1 else f"{base} ({count})"

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Document.failure(file_name, f"cannot read the file: {exc.strerror or exc}")
        return
    with handle:
        try:
            for item in _read_notes(handle):
                if item.note is None:
                    title = item.title or notebook
                    name = unique(item.title) if item.title else file_name
                    yield Document.failure(name, item.error or "unreadable", title=title)
                    continue
                yield _note_document(item.note, unique(item.note.title), notebook)
        except OSError as exc:
            reason = f"cannot read the rest of the file: {exc.strerror or exc}"
            yield Document.failure(unique(f"{notebook} (read error)"), reason, title=notebook)


def _note_document(note: _Note, source: str, notebook: str) -> Document:
    title = note.title or "Untitled"
    html_text = enml_to_html(note.content, title=title)

    def converter(rules: RuleTable | None) -> ConvertedPage:
        return _convert_note(note, html_text, source=source, notebook=notebook, rules=rules)

    return Document(source=source, root=None, converter=converter, html=html_text, title=title)


class EnexSource:
    """Evernote ENEX: one ``.enex`` file, or a folder of them (one page per note)."""

    name = "enex"

    def detect(self, path: Path) -> bool:
        """A ``*.enex`` file, or a folder with ENEX files and no HTML or Markdown files."""
        if path.is_dir():
            return has_files(path, SUFFIXES) and not has_files(path, _OTHER_PAGES)
        return path.suffix.lower() in SUFFIXES

    def documents(self, path: Path) -> Iterator[Document]:
        """Every note of every ENEX file, file by file."""
        if not path.is_dir():
            yield from enex_documents(path, path.name)
            return
        for name, file, error in iter_files(path, SUFFIXES):
            if file is None:
                yield Document.failure(name, error or "skipped")
            else:
                yield from enex_documents(file, name)


__all__ = ["EnexSource", "enex_documents", "enml_to_html"]
