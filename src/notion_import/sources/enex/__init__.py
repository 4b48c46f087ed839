"""The ``enex`` source: Evernote ENEX files (XML notes with ENML content and base64 resources).

An ENEX file is read incrementally with expat, one note at a time (:mod:`.notes`), and never
fetches anything: external entities and DTDs are not loaded, and a file that declares entities
(``<!DOCTYPE ... [<!ENTITY ...>]>``, the entity-expansion attack) is refused. A malformed note
becomes an error entry and reading resumes at the next ``<note>``.

Each note becomes one page. Its ENML (XHTML with Evernote elements) is turned into HTML for
the walker, with rules added to the walker's table for the Evernote elements (:mod:`.enml`):

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

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any

from notion_import.convert.html.base import ConvertOptions, RuleTable
from notion_import.convert.html.meta import title_key
from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import ConvertedPage, Loss
from notion_import.sources import Document, collect_data_assets, has_files, iter_files
from notion_import.sources.enex.enml import NoteRules, base_rules, enex_rules, enml_to_html
from notion_import.sources.enex.links import NoteKeys, link_notes
from notion_import.sources.enex.notes import Note, Parsed, iso_time, read_notes

SUFFIXES = (".enex",)
_OTHER_PAGES = (".html", ".htm", ".md", ".markdown")
_DATE_ATTRIBUTES = {"reminder-time", "reminder-done-time", "subject-date"}
_NUMBER_ATTRIBUTES = {"latitude", "longitude", "altitude", "reminder-order"}


# -- notes -> pages ------------------------------------------------------------------------


def note_metadata(note: Note, notebook: str) -> dict[str, Any]:
    """A note's metadata as plain values."""
    meta: dict[str, Any] = {}
    if note.created:
        meta["created"] = iso_time(note.created)
    if note.updated:
        meta["updated"] = iso_time(note.updated)
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
            meta[name] = iso_time(value)
        elif key != "application-data":
            meta[name] = value
    if notebook:
        meta["notebook"] = notebook
    return meta


def _convert_note(
    note: Note,
    html_text: str,
    *,
    source: str,
    notebook: str,
    rules: RuleTable | None,
    notes: Mapping[str, list[str]],
) -> ConvertedPage:
    """Convert one parsed note (``html_text`` is its content as HTML) into a page; links to
    the notes of ``notes`` (title -> page keys) go to their pages."""
    title = note.title or "Untitled"
    note_rules = NoteRules(note)
    table = enex_rules(rules if rules is not None else base_rules(), note_rules)
    files = None
    if notes:  # a note's page key has no suffix: a link to one is a link to a page
        html_text = link_notes(html_text, source, notes)
        table = RuleTable(table.by_tag, table.by_predicate, table.documents | {""})
        files = NoteKeys(notes)
    # a note has no site navigation to leave out (a web clip keeps what was clipped)
    page = convert_html(
        html_text, source=source, rules=table, title=title, files=files, keep_chrome=True
    )
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


def named_notes(path: Path, file_name: str) -> Iterator[tuple[Parsed, str]]:
    """The notes of the ENEX file ``path``, each with its page key ``file_name/<title>``
    (``... (2)`` for a repeated title); a file that cannot be read is one failed entry."""
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
        yield Parsed(None, f"cannot read the file: {exc.strerror or exc}"), file_name
        return
    with handle:
        try:
            for item in read_notes(handle):
                if item.note is None:
                    title = item.title or notebook
                    name = unique(item.title) if item.title else file_name
                    yield Parsed(None, item.error or "unreadable", title), name
                    continue
                yield item, unique(item.note.title)
        except OSError as exc:
            reason = f"cannot read the rest of the file: {exc.strerror or exc}"
            yield Parsed(None, reason, notebook), unique(f"{notebook} (read error)")


def note_index(files: Iterable[tuple[Path, str]]) -> dict[str, list[str]]:
    """The notes of the export by title (as links name them) -> their page keys."""
    index: dict[str, list[str]] = {}
    for path, file_name in files:
        for item, key in named_notes(path, file_name):
            if item.note is not None:
                index.setdefault(title_key(item.note.title or "Untitled"), []).append(key)
    return index


def enex_documents(
    path: Path, file_name: str, notes: Mapping[str, list[str]] | None = None
) -> Iterator[Document]:
    """One document per note of the ENEX file ``path``, named ``file_name/<title>``; links to
    other notes go to the notes of ``notes`` (title -> page keys; default: this file's)."""
    notebook = PurePath(file_name).stem
    index = note_index([(path, file_name)]) if notes is None else notes
    for item, key in named_notes(path, file_name):
        if item.note is None:
            yield Document.failure(key, item.error or "unreadable", title=item.title)
        else:
            yield _note_document(item.note, key, notebook, index)


def _note_document(
    note: Note, source: str, notebook: str, notes: Mapping[str, list[str]]
) -> Document:
    title = note.title or "Untitled"
    html_text = enml_to_html(note.content, title=title)

    def converter(options: ConvertOptions) -> ConvertedPage:
        return _convert_note(
            note, html_text, source=source, notebook=notebook, rules=options.rules, notes=notes
        )

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
        found = list(iter_files(path, SUFFIXES))
        notes = note_index((file, name) for name, file, _ in found if file is not None)
        for name, file, error in found:
            if file is None:
                yield Document.failure(name, error or "skipped")
            else:
                yield from enex_documents(file, name, notes)


__all__ = ["EnexSource", "enex_documents", "enml_to_html"]
