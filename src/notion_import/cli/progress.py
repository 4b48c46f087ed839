"""Progress for long imports: a live line on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any

from rich.console import Console

from notion_import.importer import Report


class ProgressPrinter:
    """Receives the importer's events; shows pages done, failures and the pace."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self.console = Console(stderr=True, highlight=False)
        self.live = sys.stderr.isatty() and not quiet
        self.planned = 0
        self.written = 0
        self.failed = 0
        self.planned_requests = 0
        self.started = time.perf_counter()
        self._api: Any = None
        self._last_plain = 0.0
        self._status: Any = None
        if self.live:
            self._status = self.console.status("Starting…")
            self._status.start()

    def attach(self, api: Any) -> None:
        """Read the pace from this :class:`NotionAPI` (its statistics and limiter)."""
        self._api = api

    def line(self, text: str) -> None:
        if not self.quiet:
            self.console.print(text, markup=False, soft_wrap=True)

    def event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "planned":
            self.planned += 1
            self.planned_requests += int(data.get("requests", 0))
        elif kind == "written":
            self.written += 1
        elif kind == "failed":
            self.failed += 1
            self.line(f"failed: {data['key']}: {data['error']}")
        if self.quiet:
            return
        message = self.message()
        if self._status is not None:
            self._status.update(message)
        elif kind == "written" and time.perf_counter() - self._last_plain >= 1.0:
            self._last_plain = time.perf_counter()  # plain lines: at most one a second
            self.console.print(f"written {data['key']} — {message}", markup=False, soft_wrap=True)

    def message(self) -> str:
        """Pages, uploads, pace, 429s and the time left at the current rate."""
        elapsed = time.perf_counter() - self.started
        parts = [f"pages {self.written}/{self.planned}"]
        if self.failed:
            parts.append(f"failed {self.failed}")
        if self._api is not None:
            stats = self._api.stats
            sent = stats.total
            parts.append(f"uploads {stats.requests.get('POST /v1/file_uploads', 0)}")
            parts.append(f"{sent / elapsed if elapsed > 0 else 0.0:.1f} req/s")
            parts.append(f"429s {stats.rate_limited}")
            rate = getattr(self._api.limiter, "rate", 0.0) or 0.0
            left = max(0, self.planned_requests - sent)
            if rate > 0 and left:
                parts.append(f"ETA {_clock(left / rate)}")
        parts.append(_clock(elapsed))
        return ", ".join(parts)

    def stop(self) -> None:
        """End the live line (before the last words of an interrupted run)."""
        if self._status is not None:
            self._status.stop()
            self._status = None

    def done(self, report: Report) -> None:
        self.stop()
        self.console.print(report.summary(), markup=False, soft_wrap=True)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
