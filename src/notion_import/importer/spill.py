"""What an import keeps on disk instead of in memory, so that memory stays flat in pages.

A page's content (its request blocks, each step's children, its files and uploads) is needed
while it is written, and later only by the link pass (a page whose links waited) and by full
verification. A page that waits for pages far ahead in the source (a deferred page: created
empty, its blocks written once the pages it mentions exist) would otherwise hold its blocks
all that time, and an export where every page links forward holds half of them at once.

:class:`Spill` holds such content in a private temporary SQLite database (deleted when it is
closed; SQLite keeps a bounded cache in memory and the rest on disk), one entry per page key,
and the SHA-256 of every distinct file the import references (for the report's fewest
requests) so that neither set lives in memory. Pickled: the store is written and read by one
process within one run, never shared.
"""

from __future__ import annotations

import pickle
import sqlite3
from typing import Any

SCHEMA = """
CREATE TABLE content (key TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE files (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL);
"""


class Spill:
    """Page content by key, and the distinct files of an import, on disk for one run."""

    def __init__(self) -> None:
        # "" is a private temporary database on disk, removed when the connection closes
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        # scratch: nothing survives a crash, so neither a rollback journal nor fsync is needed
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        # each entry is read once or twice: a small page cache will do (the default is 2 MB)
        self._db.execute("PRAGMA cache_size=-512")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- page content --------------------------------------------------------------------

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` (anything picklable) under ``key``, replacing what was there."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._db.execute("INSERT OR REPLACE INTO content VALUES (?, ?)", (key, data))

    def get(self, key: str) -> Any | None:
        """What was kept under ``key`` (a fresh copy each time), or None."""
        row = self._db.execute("SELECT data FROM content WHERE key = ?", (key,)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def discard(self, key: str) -> None:
        self._db.execute("DELETE FROM content WHERE key = ?", (key,))

    # -- files ---------------------------------------------------------------------------

    def add_files(self, files: dict[str, int]) -> None:
        """Count these file contents (size by SHA-256) as referenced by the import."""
        self._db.executemany("INSERT OR IGNORE INTO files VALUES (?, ?)", files.items())

    def file_sizes(self) -> list[int]:
        """The sizes of the distinct file contents the import references."""
        return [int(row[0]) for row in self._db.execute("SELECT size FROM files")]
