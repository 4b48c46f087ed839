"""The import journal: every intent and every acknowledged result, in SQLite (WAL).

An import is a sequence of small writes (create a page, append children, upload a file,
patch a block). Before each write the journal records the *intent*; after Notion answers it
records the *result* (ids). A run killed at any moment and started again reads the journal:
acknowledged writes are not sent again, their ids are reused; an intent without a result is
*uncertain* and is reconciled by reading Notion back before anything is resent.

A journal is checked when it is opened: a file that is not SQLite, an SQLite database without
the journal's tables, or a journal written by a newer version (:data:`JOURNAL_VERSION`) is
refused with a :class:`~notion_import.errors.JournalError`, never written to.

The token is never stored here.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notion_import.errors import JournalError

#: How often a write whose outcome stays unknown is checked and sent again before the page is
#: left for the next run (each time: read back first, send only if it did not happen).
WRITE_ATTEMPTS = 5

#: The version of the journal's tables this code writes and reads (kept in ``meta``); a journal
#: with a higher number was written by a newer version and is refused.
JOURNAL_VERSION = 1
#: The ``meta`` key that holds the version.
META_VERSION = "journal_version"
#: The tables every journal has: a database without them is not a journal.
TABLES = frozenset({"meta", "pages", "steps", "uploads", "patches"})

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    key TEXT PRIMARY KEY,          -- the page's source path in the export
    parent_key TEXT,               -- the parent page's key ('' for the import parent)
    title TEXT NOT NULL,
    page_id TEXT,                  -- set once Notion acknowledged the create
    state TEXT NOT NULL,           -- planned | sent | created | written | linked | verified
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS steps (
    page_key TEXT NOT NULL,
    step INTEGER NOT NULL,
    digest TEXT NOT NULL,          -- what the step sends, to detect a changed source
    state TEXT NOT NULL,           -- sent | acked
    result TEXT,                   -- JSON list of the ids Notion returned
    updated REAL NOT NULL,
    PRIMARY KEY (page_key, step)
);
CREATE TABLE IF NOT EXISTS uploads (
    sha256 TEXT PRIMARY KEY,
    upload_id TEXT,
    state TEXT NOT NULL,           -- sent | uploaded | attached
    size INTEGER NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS patches (
    block_id TEXT PRIMARY KEY,     -- a block rewritten by the link pass
    state TEXT NOT NULL,           -- sent | acked
    updated REAL NOT NULL
);
"""


def digest(value: Any) -> str:
    """A short hash of JSON ``value``: what a journal entry was written for."""
    raw = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class PageRecord:
    key: str
    parent_key: str
    title: str
    page_id: str | None
    state: str


@dataclass(frozen=True, slots=True)
class StepRecord:
    step: int
    digest: str
    state: str
    result: list[str] | None


class Journal:
    """One import's journal file. Every method commits before returning."""

    def __init__(self, path: str | Path) -> None:
        """Open the journal at ``path`` (created when missing or empty); raises
        :class:`JournalError` for a file that is not a journal this version can use."""
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal {self.path}: {exc}") from None
        try:
            self._check()
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            # in one transaction: a run killed meanwhile leaves all the tables or none
            self._db.executescript(f"BEGIN;\n{SCHEMA}\nCOMMIT;")
            if self.get_meta(META_VERSION) is None:
                self.set_meta(META_VERSION, str(JOURNAL_VERSION))
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise JournalError(
                f"{self.path} is not a notion-import journal (SQLite says: {exc})"
            ) from None
        except BaseException:
            self._db.close()
            raise

    def _check(self) -> None:
        """Refuse a database that is not a journal, or a journal of a newer version."""
        tables = {
            str(row[0])
            for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return  # a new (or empty) file: made a journal now
        if not tables >= TABLES:
            raise JournalError(
                f"{self.path} is an SQLite database but not a notion-import journal (it has "
                "no journal tables): give --journal a journal file or a new file name"
            )
        found = self.get_meta(META_VERSION)
        if found is not None and (not found.isdigit() or int(found) > JOURNAL_VERSION):
            raise JournalError(
                f"{self.path} was written by a newer notion-import (journal version {found}; "
                f"this one reads up to {JOURNAL_VERSION}): upgrade notion-import to use it"
            )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- run metadata --------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- pages ---------------------------------------------------------------------------

    def has_pages(self) -> bool:
        """Whether any page was planned in this journal (a run with it has begun writing)."""
        return self._db.execute("SELECT 1 FROM pages LIMIT 1").fetchone() is not None

    def page(self, key: str) -> PageRecord | None:
        row = self._db.execute(
            "SELECT key, parent_key, title, page_id, state FROM pages WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else PageRecord(*row)

    def pages(self) -> Iterator[PageRecord]:
        for row in self._db.execute(
            "SELECT key, parent_key, title, page_id, state FROM pages ORDER BY rowid"
        ):
            yield PageRecord(*row)

    def plan_page(self, key: str, parent_key: str, title: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO pages VALUES (?, ?, ?, NULL, 'planned', ?)",
            (key, parent_key, title, time.time()),
        )

    def page_state(self, key: str, state: str, page_id: str | None = None) -> None:
        if page_id is None:
            self._db.execute(
                "UPDATE pages SET state = ?, updated = ? WHERE key = ?", (state, time.time(), key)
            )
        else:
            self._db.execute(
                "UPDATE pages SET state = ?, page_id = ?, updated = ? WHERE key = ?",
                (state, page_id, time.time(), key),
            )

    # -- steps ---------------------------------------------------------------------------

    def steps(self, page_key: str) -> dict[int, StepRecord]:
        out = {}
        for step, digest, state, result in self._db.execute(
            "SELECT step, digest, state, result FROM steps WHERE page_key = ?", (page_key,)
        ):
            out[step] = StepRecord(step, digest, state, json.loads(result) if result else None)
        return out

    def step_sent(self, page_key: str, step: int, digest: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO steps VALUES (?, ?, ?, 'sent', NULL, ?)",
            (page_key, step, digest, time.time()),
        )

    def step_acked(self, page_key: str, step: int, result: list[str]) -> None:
        self._db.execute(
            "UPDATE steps SET state = 'acked', result = ?, updated = ? "
            "WHERE page_key = ? AND step = ?",
            (json.dumps(result), time.time(), page_key, step),
        )

    # -- uploads -------------------------------------------------------------------------

    def upload(self, sha256: str) -> tuple[str | None, str, float] | None:
        row = self._db.execute(
            "SELECT upload_id, state, updated FROM uploads WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else (row[0], str(row[1]), float(row[2]))

    def upload_state(self, sha256: str, state: str, size: int, upload_id: str | None) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO uploads VALUES (?, ?, ?, ?, ?)",
            (sha256, upload_id, state, size, time.time()),
        )

    # -- link pass -----------------------------------------------------------------------

    def patch_state(self, block_id: str) -> str | None:
        row = self._db.execute(
            "SELECT state FROM patches WHERE block_id = ?", (block_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_patch(self, block_id: str, state: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO patches VALUES (?, ?, ?)", (block_id, state, time.time())
        )

    # -- summary -------------------------------------------------------------------------

    def counts(self) -> dict[str, Any]:
        pages = dict(self._db.execute("SELECT state, COUNT(*) FROM pages GROUP BY state"))
        steps = dict(self._db.execute("SELECT state, COUNT(*) FROM steps GROUP BY state"))
        uploads = dict(self._db.execute("SELECT state, COUNT(*) FROM uploads GROUP BY state"))
        return {"pages": pages, "steps": steps, "uploads": uploads}
