"""Progress for long imports: a live line on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any

from rich.console import Console

from notion_import.importer.report import Report


class ProgressPrinter:
    """Receives the importer's events; shows pages done, failures and the pace."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self.console = Console(stderr=True, highlight=False)
        self.live = sys.stderr.isatty() and not quiet
        self.planned = 0
        self.written = 0
        self.failed = 0
        self.started = time.perf_counter()
        self._status: Any = None
        if self.live:
            self._status = self.console.status("Starting…")
            self._status.start()

    def line(self, text: str) -> None:
        if not self.quiet:
            self.console.print(text, markup=False, soft_wrap=True)

    def event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "planned":
            self.planned += 1
        elif kind == "written":
            self.written += 1
        elif kind == "failed":
            self.failed += 1
            self.line(f"failed: {data['key']}: {data['error']}")
        if self.quiet:
            return
        elapsed = time.perf_counter() - self.started
        message = (
            f"pages written {self.written}/{self.planned}"
            + (f", failed {self.failed}" if self.failed else "")
            + f" ({elapsed:.0f} s)"
        )
        if self._status is not None:
            self._status.update(message)
        elif kind == "written":
            self.console.print(f"written {data['key']} — {message}", markup=False, soft_wrap=True)

    def done(self, report: Report) -> None:
        if self._status is not None:
            self._status.stop()
        self.console.print(report.summary(), markup=False, soft_wrap=True)
