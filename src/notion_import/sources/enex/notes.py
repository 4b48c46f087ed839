"""Reading an ENEX file: notes, their resources and tasks, streamed one at a time.

The file is read incrementally with expat and never fetches anything: external entities and
DTDs are not loaded, and a file that declares entities (``<!DOCTYPE ... [<!ENTITY ...>]>``,
the entity-expansion attack) is refused. A malformed note becomes an error entry and reading
resumes at the next ``<note>``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.parsers import expat

logger = logging.getLogger(__name__)

_CHUNK = 1 << 20
_NOTE_START = re.compile(rb"<note[\s>]")
_SYNTHETIC_ROOT = b"<en-export>"


class _Refused(Exception):
    """The file uses a feature refused for safety (entity declarations)."""


# -- the parsed note ---------------------------------------------------------------------


@dataclass
class Resource:
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
class Task:
    title: str = ""
    status: str = ""
    sort_weight: str = ""
    group: str = ""
    due: str = ""


@dataclass
class Note:
    title: str = ""
    content: str = ""
    created: str = ""
    updated: str = ""
    tags: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    resources: list[Resource] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


# -- streaming XML -------------------------------------------------------------------------


class _NoteParser:
    """Feeds an ENEX byte stream to expat and collects finished notes."""

    def __init__(self, base: int) -> None:
        #: file offset of the parser's byte 0 (negative after a resync's synthetic root).
        self.base = base
        self.done: list[Note] = []
        self.note: Note | None = None
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
            self.note = Note()
            self.notes_started += 1
        elif depth == 3 and self.note is not None:
            if name == "resource":
                self.note.resources.append(Resource())
            elif name == "task":
                self.note.tasks.append(Task())

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


def _store(note: Note, path: tuple[str, ...], text: str) -> None:
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
class Parsed:
    """A note read from an ENEX file, or an error for one note (or the whole file)."""

    note: Note | None
    error: str | None = None
    #: the title of the note that failed, if it got that far.
    title: str = ""


def read_notes(handle: BinaryIO) -> Iterator[Parsed]:
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
            yield Parsed(None, f"refused: {exc}")
            return
        except expat.ExpatError as exc:
            for note in parser.done:
                yield Parsed(note)
            any_note = any_note or bool(parser.done) or parser.note is not None
            offset = max(parser.base + parser.parser.ErrorByteIndex, 0)
            reason = f"malformed ENEX ({expat.ErrorString(exc.code)}) at byte {offset}"
            if parser.note is not None:
                yield Parsed(None, reason, title=parser.note.title)
            elif parser.root and parser.root != "en-export":
                yield Parsed(None, f"not an ENEX file (the root element is <{parser.root}>)")
                return
            elif not any_note:
                yield Parsed(None, f"not a readable ENEX file: {reason}")
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
            yield Parsed(note)
        parser.done.clear()
        if not chunk:
            if not any_note and parser.root != "en-export":
                what = f"<{parser.root}>" if parser.root else "nothing"
                yield Parsed(None, f"not an ENEX file (the root element is {what})")
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


def iso_time(stamp: str) -> str:
    """Evernote's ``20170825T013331Z`` -> ``2017-08-25T01:33:31Z`` (other text unchanged)."""
    try:
        moment = _dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")
    except ValueError:
        return stamp
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
