"""One run at a time on a journal: an advisory lock beside it (``<journal>.lock``).

An import holds the lock exclusively for its whole run; ``notion-import verify`` holds it
shared (verifications may run side by side, never beside an import). The lock is an
``flock`` on the lock file, so the operating system frees it when its holder ends in any way
(a ``kill -9`` included): a lock left by a killed run is simply taken by the next one. The
exclusive holder writes who it is into the file (process id, host, start time), so that a run
refused can say which run holds the journal; the file itself stays, empty, between runs.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from notion_import.errors import JournalBusyError


def lock_path(journal: Path) -> Path:
    """The lock file of the journal ``journal``."""
    return journal.with_name(journal.name + ".lock")


class JournalLock:
    """The lock on one journal: ``with JournalLock(path):`` holds it or raises
    :class:`JournalBusyError` at once, saying who holds it."""

    def __init__(self, journal: Path, *, shared: bool = False) -> None:
        self.journal = journal
        self.path = lock_path(journal)
        self.shared = shared
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`JournalBusyError` without waiting."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        file = self.path.open("a+")
        try:
            fcntl.flock(file, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read()
            file.close()
            raise JournalBusyError(busy_message(self.journal, holder)) from None
        if not self.shared:
            file.seek(0)
            file.truncate()
            me = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
            file.write(json.dumps(me))
            file.flush()
        self._file = file

    def release(self) -> None:
        """Let the lock go (an exclusive holder first empties the file it wrote)."""
        if self._file is None:
            return
        if not self.shared:
            self._file.seek(0)
            self._file.truncate()
            self._file.flush()
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
        self._file = None

    def __enter__(self) -> JournalLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def busy_message(journal: Path, holder: str) -> str:
    """What a refused run says: which run holds ``journal`` (``holder``: the lock file's
    words, empty when a verification holds it or the holder has not written them yet)."""
    try:
        info = json.loads(holder)
        started = time.strftime("%H:%M", time.localtime(float(info["started"])))
        host = "" if info["host"] == socket.gethostname() else f" on {info['host']}"
        who = f"another notion-import run (pid {int(info['pid'])}{host}, started {started})"
    except (ValueError, KeyError, TypeError):
        who = "another notion-import run or verification"
    return (
        f"{who} is using the journal {journal}; wait for it to finish (a run that was killed "
        "frees the journal by itself)"
    )
