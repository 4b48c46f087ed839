"""Links between notes: ``evernote:///view/<user>/<shard>/<note id>/...``.

An ENEX export does not carry the ids these links name, but a link's text is the title of the
note it opens (that is how Evernote writes them). So a link whose text is the title of a note
of the export becomes a link to that note's page: its ``href`` is rewritten, before the walker
reads the note, to the relative path of the note's page key, and the walker is given a
:class:`NoteKeys` lookup that knows those keys (notes are not files on disk). A link to a note
that is not in the export stays as it was: its text is kept, with a loss.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import quote

from selectolax.lexbor import LexborHTMLParser

from notion_import.convert.files import FileEntry
from notion_import.convert.html.meta import title_key


class NoteKeys:
    """The page keys of an ENEX export's notes, as a
    :class:`~notion_import.convert.files.FileLookup` (anything else is missing)."""

    def __init__(self, notes: Mapping[str, list[str]]) -> None:
        self._keys = frozenset(key for keys in notes.values() for key in keys)

    def find(self, path: str) -> FileEntry:
        return FileEntry("file" if path in self._keys else "missing", path)


def link_notes(html: str, source: str, notes: Mapping[str, list[str]]) -> str:
    """``html`` with each ``evernote:`` link whose text is a note's title pointing at that
    note's page (relative to ``source``; a note of the same notebook first, when several
    have that title); unchanged when it holds no such link."""
    if "evernote:" not in html.lower():
        return html
    parser = LexborHTMLParser(html)
    changed = False
    here = posixpath.dirname(source)
    for node in parser.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        keys = notes.get(title_key(node.text(deep=True) or ""))
        if not keys or not href.lower().startswith("evernote:"):
            continue
        key = next((k for k in keys if posixpath.dirname(k) == here), keys[0])
        node.attrs["href"] = quote(posixpath.relpath(key, here or "."), safe="/")
        changed = True
    return parser.html or html if changed else html
