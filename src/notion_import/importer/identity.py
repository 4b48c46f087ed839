"""One identity per import: which journal an import uses, and whether a journal is its own.

An import is named by its source and its target. A folder is known by its resolved path; a
file or an archive by the SHA-256 of its bytes (read in chunks), so that the same zip
unpacked or copied anywhere is the same import. The journal of an import lives in the user's
state directory (``platformdirs``; ``NOTION_IMPORT_STATE_DIR`` replaces it), named from that
identity: the same command resumes from any working directory.

Earlier versions kept the journal in ``./.notion-import/`` under the working directory; a
journal found there for the same source and parent is still used (:func:`choose_journal`).

A journal is checked against the import before use (:func:`check_identity`): one that
records another source, another parent or another kind of target is refused. A run with a
journal of its own that has not begun looks at the parent's pages first
(:func:`check_duplicates`): if the pages it would create at the top are there already under
the same titles, it is most likely an import already done, and the run stops.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import platformdirs

from notion_import.api import NotionAPI
from notion_import.errors import DuplicateImportError, JournalError
from notion_import.importer.journal import Journal
from notion_import.importer.page import ImportPage
from notion_import.importer.placement import arrange
from notion_import.importer.plan import plan_page

#: The environment variable that replaces the user's state directory (tests, containers).
STATE_DIR_ENV: Final = "NOTION_IMPORT_STATE_DIR"
#: The folder, under the working directory, where earlier versions kept journals.
LEGACY_FOLDER: Final = Path(".notion-import")
#: The journal metadata key of the import's identity.
META_IDENTITY: Final = "identity"
#: How many titles a refusal names before "and N more".
NAMED: Final = 5
_CHUNK = 1 << 20


def state_dir() -> Path:
    """Where notion-import keeps its journals: ``NOTION_IMPORT_STATE_DIR``, else the user's
    state directory (``~/.local/state/notion-import`` on Linux)."""
    override = os.environ.get(STATE_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_state_dir("notion-import"))


def source_identity(source: Path) -> str:
    """What names a source: ``sha256:<digest>`` of the bytes of a file or an archive,
    ``path:<resolved path>`` for a folder (or anything else)."""
    if not source.is_file():
        return f"path:{source.resolve()}"
    digest = hashlib.sha256()
    with source.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return f"sha256:{digest.hexdigest()}"


def _plain_id(page_id: str) -> str:
    return page_id.replace("-", "").lower()


@dataclass(frozen=True)
class ImportIdentity:
    """The import a journal belongs to: its source (identity and resolved path), its parent
    page and whether the pages go into a database made under it."""

    source: str
    path: Path
    parent_id: str
    into_database: bool = False

    @classmethod
    def of(cls, source: Path, parent_id: str, into_database: bool = False) -> ImportIdentity:
        return cls(source_identity(source), source.resolve(), parent_id, into_database)

    @classmethod
    def read(cls, journal: Journal) -> ImportIdentity | None:
        """The identity kept in ``journal``, or ``None`` if it has none (a new journal, or one
        from an earlier version)."""
        saved = journal.get_meta(META_IDENTITY)
        if saved is None:
            return None
        info = json.loads(saved)
        return cls(info["source"], Path(info["path"]), info["parent"], info["into_database"])

    def write(self, journal: Journal) -> None:
        saved = {
            "source": self.source,
            "path": str(self.path),
            "parent": self.parent_id,
            "into_database": self.into_database,
        }
        journal.set_meta(META_IDENTITY, json.dumps(saved))

    @property
    def key(self) -> str:
        """A short digest of the identity: the name of its journal."""
        parts = (self.source, _plain_id(self.parent_id), "database" if self.into_database else "")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    @property
    def journal(self) -> Path:
        """This import's own journal, in the user's state directory (named by the key alone:
        an archive renamed or moved is the same import)."""
        return state_dir() / "journals" / f"import-{self.key}.sqlite"

    def same_import(self, other: ImportIdentity) -> bool:
        """Whether ``other`` is this import: the same parent and kind of target, and the same
        source (the same contents, or the same place: a zip re-exported over itself)."""
        return (
            _plain_id(self.parent_id) == _plain_id(other.parent_id)
            and self.into_database == other.into_database
            and (self.source == other.source or self.path == other.path)
        )

    def describe(self) -> str:
        into = "into a database under" if self.into_database else "under"
        return f"{self.path} {into} page {self.parent_id}"


def default_journal(source: Path, parent_id: str, into_database: bool = False) -> Path:
    """The journal an import of ``source`` under ``parent_id`` uses unless told otherwise, in
    the user's state directory: the same command finds it again from any working directory."""
    return ImportIdentity.of(source, parent_id, into_database).journal


def legacy_journal(source: Path, parent_id: str) -> Path:
    """Where earlier versions kept the journal of the same import (under the working
    directory)."""
    key = hashlib.sha1(f"{source.resolve()}|{parent_id}".encode()).hexdigest()[:12]
    return LEGACY_FOLDER / f"journal-{source.name or 'source'}-{key}.sqlite"


def choose_journal(source: Path, identity: ImportIdentity) -> tuple[Path, str | None]:
    """The journal to use when none is given, and a note to tell the user when it is a
    journal an earlier version left in ``./.notion-import/`` (used, so that its import
    resumes; it stays there)."""
    legacy = legacy_journal(source, identity.parent_id)
    if legacy.is_file():
        return legacy, (
            f"Using the journal {legacy} left by an earlier version (new imports keep theirs "
            f"in {state_dir() / 'journals'})"
        )
    return identity.journal, None


def check_identity(
    journal: Journal,
    identity: ImportIdentity,
    recorded: tuple[Path, dict[str, str]] | None = None,
) -> None:
    """Refuse ``journal`` unless it is this import's; then keep the identity in it.
    ``recorded`` is the source and target its import record names, which tell for a journal
    written before identities were kept (its parent is known only for pages, not a database)."""
    kept = ImportIdentity.read(journal)
    if kept is None and recorded is not None:
        source, target = recorded
        into_database = "page_id" not in target
        earlier = ImportIdentity(
            "", source, target.get("page_id", identity.parent_id), into_database
        )
        if not earlier.same_import(identity):
            kept = earlier
    if kept is not None and not kept.same_import(identity):
        raise JournalError(
            f"the journal {journal.path} records an import of {kept.describe()}, not of "
            f"{identity.describe()}: give another --journal (or none) for this import"
        )
    if ImportIdentity.read(journal) is None:
        identity.write(journal)


async def existing_titles(api: NotionAPI, parent_id: str) -> set[str]:
    """The titles of the pages right under ``parent_id``."""
    children = await api.collect(api.client.blocks.children.list, block_id=parent_id)
    return {
        str(block["child_page"]["title"]).strip()
        for block in children
        if block.get("type") == "child_page"
    }


def top_titles(pages: Iterable[ImportPage]) -> list[str]:
    """The titles of the pages an import of ``pages`` creates right under its parent (folder
    pages included), reading each page's title and place only."""
    light = (
        ImportPage(
            key=page.key,
            parent_key="",
            title=page.title,
            blocks=[],
            assets=[],
            losses=[],
            plan=plan_page([]),
            metadata={"parent": page.metadata["parent"]} if "parent" in page.metadata else {},
        )
        for page in pages
    )
    return [page.title for page in arrange(light) if not page.parent_key]


def check_duplicates(titles: Iterable[str], existing: set[str], journal: Path) -> None:
    """Raise :class:`DuplicateImportError` naming the ``titles`` already in ``existing``."""
    found = list(dict.fromkeys(title.strip() for title in titles if title.strip() in existing))
    if not found:
        return
    named = ", ".join(repr(title) for title in found[:NAMED])
    more = f" and {len(found) - NAMED} more" if len(found) > NAMED else ""
    raise DuplicateImportError(
        f"the parent page already holds {named}{more}, which this import would create again: "
        f"no earlier run of it is recorded in {journal}. Give --journal FILE to resume a "
        "known run, or --allow-duplicates to import again anyway"
    )
