"""Ctrl-C and SIGTERM for the long commands: the first stops the run within seconds, the
second at once, both with exit code 130 and a line saying what to do next.

The first interrupt cancels the command's coroutine: the importer stops its writes (what was
sent and not answered stays "sent" in the journal, which the next run reconciles, as after a
crash), the journal is closed, and the command says how far it got. Should that take longer
than :data:`GRACE` seconds, or should a second interrupt come, the process ends at once: the
journal is SQLite, so whatever it committed is kept, and a write it had not recorded is one
the next run reconciles.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Callable, Coroutine
from types import FrameType
from typing import Any, Final, TypeVar

import click

from notion_import.errors import EXIT_INTERRUPTED

T = TypeVar("T")

#: Seconds the first interrupt leaves the command to stop cleanly before it is ended anyway.
GRACE: Final = 4.0
#: The signals that interrupt a command.
SIGNALS: Final = (signal.SIGINT, signal.SIGTERM)


class Interruptible:
    """Runs one command's coroutine so that SIGINT and SIGTERM stop it (see the module).

    ``farewell`` gives the last line of an interrupted run (say, how many pages were written
    and how to resume); ``before_farewell`` is called first on a clean stop (to end a live
    progress display).
    """

    def __init__(
        self,
        farewell: Callable[[], str],
        before_farewell: Callable[[], None] = lambda: None,
    ) -> None:
        self.farewell = farewell
        self.before_farewell = before_farewell
        self.interrupted = False
        self._task: asyncio.Task[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        #: the handlers this one replaced (while guarded).
        self._previous: dict[int, Any] | None = None
        self._until_run_ends = False

    def guard(self) -> Interruptible:
        """From now until the command ends, SIGINT and SIGTERM interrupt it: at once while no
        coroutine runs (there is nothing to stop cleanly), else as :meth:`run` says."""
        if self._previous is None and threading.current_thread() is threading.main_thread():
            self._previous = {number: signal.getsignal(number) for number in SIGNALS}
            for number in SIGNALS:
                signal.signal(number, self._on_signal)
            context = click.get_current_context(silent=True)
            if context is not None:  # else run() puts the handlers back when it ends
                context.call_on_close(self._disarm)
            self._until_run_ends = context is None
        return self

    def _disarm(self) -> None:
        if self._previous is not None and not self.interrupted:
            for number, handler in self._previous.items():
                signal.signal(number, handler)
            self._previous = None

    def run(self, main: Coroutine[Any, Any, T]) -> T:
        """``asyncio.run(main)``, interruptible (see :meth:`guard`, which it implies); an
        interrupted run exits with 130."""
        self.guard()
        try:
            return asyncio.run(self._main(main))
        except asyncio.CancelledError:
            if not self.interrupted:
                raise
        finally:
            if self._until_run_ends:
                self._disarm()
        self.before_farewell()
        _say(self.farewell())
        for number in SIGNALS:  # stopped already: what is left is the interpreter's exit
            signal.signal(number, signal.SIG_IGN)
        sys.exit(EXIT_INTERRUPTED)

    async def _main(self, main: Coroutine[Any, Any, T]) -> T:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        return await main

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        running = self._task is not None and not self._task.done()
        if self.interrupted or not running:  # the second, or nothing to stop cleanly: now
            _end(self.farewell())
        self.interrupted = True
        watchdog = threading.Timer(GRACE, lambda: _end(self.farewell()))
        watchdog.daemon = True
        watchdog.start()
        if self._task is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)


def _say(text: str) -> None:
    sys.stderr.write(f"\n{text}\n")
    sys.stderr.flush()


def _end(text: str) -> None:
    """Say ``text`` and end the process now, whatever it is doing."""
    try:
        _say(text)
    finally:
        os._exit(EXIT_INTERRUPTED)


class PagesWritten:
    """The importer's progress callback, counting the pages written on the way: what an
    interrupted import says it got done."""

    def __init__(self, progress: Callable[[str, dict[str, Any]], None]) -> None:
        self.progress = progress
        self.count = 0

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "written":
            self.count += 1
        self.progress(kind, data)

    def farewell(self, *, resumable: bool = True) -> str:
        """``Interrupted: N pages written; run the same command again to resume.``"""
        pages = "1 page" if self.count == 1 else f"{self.count} pages"
        if not resumable:
            return f"Interrupted: {pages} written."
        return f"Interrupted: {pages} written; run the same command again to resume."
