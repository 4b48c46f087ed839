"""Progress for long imports: a live bar on a terminal, plain periodic lines otherwise.

The bar runs over the requests the import plans to send: the dry run's estimate
(:func:`~notion_import.importer.estimate.estimate`) at first, refined as the importer plans
each page (its ``planned`` events). The time left is the requests left at the rate measured
over the last few seconds. A thread redraws it (or prints a plain line) on its own clock, so
it moves whatever the importer is doing.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console, RenderableType
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

from notion_import.convert.html.base import ConvertOptions
from notion_import.importer import Report
from notion_import.importer.estimate import READS_FIRST, Estimate, estimate

#: Seconds of samples the rate (and so the time left) is measured over.
RATE_WINDOW = 10.0
#: Seconds of measure since the first 429 before the rate is taken from them alone.
MIN_SPAN = 2.0
#: The largest source (bytes) whose dry-run totals are counted for the progress.
ESTIMATE_MAX_BYTES = 64 * 2**20
#: Seconds between plain lines when the output is not a terminal.
PLAIN_EVERY = 5.0


@dataclass(frozen=True)
class Snapshot:
    """Where an import stands at one moment."""

    requests: int
    """Requests done so far (those answered 429 are not: they are sent again)."""
    total: int
    """Requests the import is expected to send: the estimate, refined by the pages planned."""
    pages: int
    """Pages written (or failed)."""
    pages_total: int
    files: int
    """Files uploaded (each once, however many attempts it took)."""
    files_total: int
    failed: int
    rate_limited: int
    """Requests answered 429."""
    rate: float
    """Requests done per second, lately (see :meth:`ProgressPrinter.snapshot`)."""
    elapsed: float
    eta: float | None
    """Seconds left at :attr:`rate`; None before anything was measured."""

    def line(self) -> str:
        """The snapshot as one line of words."""
        parts = [f"pages {self.pages}/{self.pages_total}"]
        if self.files_total or self.files:
            parts.append(f"files {self.files}/{self.files_total}")
        if self.failed:
            parts.append(f"failed {self.failed}")
        parts += [
            f"requests {self.requests}/{self.total}",
            f"{self.rate:.1f} req/s",
            f"429s {self.rate_limited}",
        ]
        if self.eta is not None:
            parts.append(f"ETA {clock_text(self.eta)}")
        parts.append(clock_text(self.elapsed))
        return ", ".join(parts)


class ProgressPrinter:
    """Receives the importer's events and shows where the import stands.

    ``quiet`` shows only errors and the final summary; ``show=False`` (``--no-progress``)
    keeps the messages but not the progress. ``live`` (default: whether the console is a
    terminal) chooses the bar over plain lines; ``clock`` is where time comes from.
    """

    def __init__(
        self,
        *,
        quiet: bool = False,
        show: bool = True,
        live: bool | None = None,
        console: Console | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet = quiet
        self.console = console or Console(stderr=True, highlight=False)
        self.clock = clock
        self.show = show and not quiet
        self.live = self.show and (self.console.is_terminal if live is None else live)
        self.started = clock()
        self.pages_planned = 0
        self.requests_planned = 0
        self.written = 0
        self.failed = 0
        self.files = 0
        self.estimate: Estimate | None = None
        self._api: Any = None
        self._samples: deque[tuple[float, int]] = deque()
        self._refused_since: float | None = None
        self._bar: _Bar | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def attach(self, api: Any) -> None:
        """Read the requests sent from this :class:`NotionAPI`'s statistics."""
        self._api = api

    def estimated(self, estimate: Estimate) -> None:
        """The dry run's figures for the source: the totals until pages are planned."""
        self.estimate = estimate

    def count_in_background(
        self,
        source: Path,
        source_kind: str | None,
        rate: float | None,
        options: ConvertOptions,
    ) -> None:
        """Count the dry run's totals for ``source`` in a thread, the import not waiting for
        them. A source over :data:`ESTIMATE_MAX_BYTES` is not counted (the dry run holds
        every page in memory): its totals come from the pages as they are planned."""
        if not self.show:
            return

        def count() -> None:
            with contextlib.suppress(Exception):  # the import itself reports what is wrong
                if _size(source) <= ESTIMATE_MAX_BYTES:
                    self.estimated(estimate(source, source_kind, rate, options))

        threading.Thread(target=count, name="estimate", daemon=True).start()

    def start(self) -> None:
        """Show progress until :meth:`done`: a redrawn bar, or a plain line now and then."""
        if not self.show or self._thread is not None:
            return
        if self.live:
            self._bar = _Bar(self, self.console)
            self._bar.start()
            return
        self._thread = threading.Thread(target=self._plain_lines, name="progress", daemon=True)
        self._thread.start()

    def _plain_lines(self) -> None:
        last, printed = "", self.clock()
        while not self._stop.wait(1.0):  # measured every second, printed now and then
            snap = self.snapshot()
            if self.clock() - printed >= PLAIN_EVERY and snap.line() != last:
                last, printed = snap.line(), self.clock()
                self.console.print(last, markup=False, soft_wrap=True)

    def line(self, text: str) -> None:
        """A message (not an error): left out when quiet."""
        if not self.quiet:
            self.console.print(text, markup=False, soft_wrap=True)

    def event(self, kind: str, data: dict[str, Any]) -> None:
        """One of the importer's events (``planned``, ``written``, ``failed``, ``uploaded``)."""
        if kind == "planned":
            self.pages_planned += 1
            self.requests_planned += int(data.get("requests", 0))
        elif kind == "written":
            self.written += 1
        elif kind == "uploaded":
            self.files += 1
        elif kind == "failed":
            self.failed += 1
            self.console.print(f"failed: {data['key']}: {data['error']}", markup=False)

    def snapshot(self) -> Snapshot:
        """Where the import stands now (and a sample for the rate)."""
        now = self.clock()
        stats = None if self._api is None else self._api.stats
        # a copy first: the importer's thread may add an endpoint while this one reads
        sent = 0 if stats is None else sum(list(stats.requests.values()))
        refused = 0 if stats is None else int(stats.rate_limited)
        done = sent - refused  # a request answered 429 moves nothing forward
        estimate = self.estimate
        total = max(
            self.requests_planned + READS_FIRST if self.pages_planned else 0,
            0 if estimate is None else estimate.requests,
            done,
        )
        rate = self._rate(now, done, refused)
        left = total - done
        return Snapshot(
            requests=done,
            total=total,
            pages=self.written + self.failed,
            pages_total=max(self.pages_planned, 0 if estimate is None else estimate.pages),
            files=self.files,
            files_total=max(self.files, 0 if estimate is None else estimate.files),
            failed=self.failed,
            rate_limited=refused,
            rate=rate,
            elapsed=now - self.started,
            eta=left / rate if rate > 0 else None,
        )

    def _rate(self, now: float, done: int, refused: int) -> float:
        """Requests done per second over the last :data:`RATE_WINDOW` seconds, and only
        since the server first answered 429: what it let through before (its burst, the
        limiter probing upward) does not last."""
        if refused and self._refused_since is None:
            self._refused_since = now
        samples = self._samples
        if not samples or samples[-1][0] < now:
            samples.append((now, done))
        while len(samples) > 2 and samples[1][0] <= now - RATE_WINDOW:
            samples.popleft()
        since = self._refused_since
        start = samples[0]
        if since is not None and now - since >= MIN_SPAN:
            start = next(sample for sample in samples if sample[0] >= since)
        span = now - start[0]
        return (done - start[1]) / span if span > 0 else 0.0

    def stop(self) -> None:
        """Stop showing progress (the bar is left as it last stood)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def done(
        self, report: Report, report_place: str | None = None, *, losses_at: str | None = None
    ) -> None:
        """Stop, then print the summary (see :meth:`Report.summary`)."""
        self.stop()
        summary = report.summary(report_place, losses_at=losses_at)
        self.console.print(summary, markup=False, soft_wrap=True)


class _Bar(Progress):
    """rich's progress with one task whose figures are read from the printer at every
    redraw (at least once a second)."""

    def __init__(self, printer: ProgressPrinter, console: Console) -> None:
        self.printer = printer
        super().__init__(
            TextColumn("[bold]Importing"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.description}"),
            console=console,
            refresh_per_second=2,
            transient=False,
        )
        self.add_task("", total=None)

    def get_renderables(self) -> Iterable[RenderableType]:
        snap = self.printer.snapshot()
        for task in self.tasks:
            self.update(
                task.id,
                completed=snap.requests,
                total=snap.total or None,
                description=snap.line(),
            )
        yield from super().get_renderables()


def _size(source: Path) -> int:
    if source.is_file():
        return source.stat().st_size
    return sum(
        (Path(folder) / name).stat().st_size
        for folder, _dirs, names in os.walk(source)
        for name in names
    )


def clock_text(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
