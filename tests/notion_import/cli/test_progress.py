"""Progress: a bar over the planned requests, files counted once, and an ETA that holds.

Time is virtual throughout: a synthetic run at a steady rate, and a real import through the
emulator (rate limited) on an event loop whose clock jumps to the next timer instead of
waiting for it.
"""

from __future__ import annotations

import asyncio
import io
import selectors
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from rich.console import Console

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api import connect
from notion_import.cli.progress import ProgressPrinter, Snapshot
from notion_import.importer.estimate import Estimate, estimate
from notion_import.importer.pipeline import documents_to_pages
from notion_import.importer.session import ImportSession, ImportSettings


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def quiet_console() -> Console:
    return Console(file=io.StringIO(), force_terminal=False, width=200)


def printer_on(clock: FakeClock, stats: Any) -> ProgressPrinter:
    printer = ProgressPrinter(console=quiet_console(), live=False, clock=clock)
    printer.attach(SimpleNamespace(stats=stats))
    return printer


def test_a_steady_run_moves_the_bar_and_its_eta_holds() -> None:
    clock = FakeClock()
    stats = SimpleNamespace(requests=Counter[str](), rate_limited=0)
    printer = printer_on(clock, stats)
    printer.estimated(Estimate(10, 100, 0, 0, 0, requests=300, rate=3.0))
    snapshots: list[Snapshot] = []
    for second in range(1, 101):  # 3 requests a second: 300 requests, done at 100 s
        clock.now = float(second)
        stats.requests["PATCH /v1/blocks/{id}/children"] += 3
        if second % 10 == 0:
            printer.event("planned", {"key": f"p{second}", "requests": 29})
            printer.event("written", {"key": f"p{second}"})
        snapshots.append(printer.snapshot())
    done = [s.requests for s in snapshots]
    assert done == sorted(done) and done[-1] == 300 and len(set(done)) == 100
    for snap in snapshots[10:-1]:  # after the first 10 %
        real = 100 - snap.elapsed
        assert snap.eta is not None
        assert abs(snap.eta - real) <= 0.25 * real, (snap.elapsed, snap.eta, real)
    assert snapshots[-1].pages == 10 and snapshots[-1].total == 300


def test_the_plan_refines_the_estimate() -> None:
    clock = FakeClock()
    stats = SimpleNamespace(requests=Counter({"GET /v1/pages/{id}": 2}), rate_limited=0)
    printer = printer_on(clock, stats)
    printer.estimated(Estimate(2, 10, 1, 10, 0, requests=20, rate=3.0))
    assert printer.snapshot().total == 20
    printer.event("planned", {"key": "a", "requests": 15})
    printer.event("planned", {"key": "b", "requests": 15})
    snap = printer.snapshot()
    assert snap.total == 32  # the pages' plans and the two reads before any write
    assert (snap.pages_total, snap.files_total) == (2, 1)


def test_files_are_counted_once_not_per_attempt() -> None:
    clock = FakeClock()
    # four upload requests, two of them answered 429 and sent again: two files
    stats = SimpleNamespace(requests=Counter({"POST /v1/file_uploads": 4}), rate_limited=2)
    printer = printer_on(clock, stats)
    printer.estimated(Estimate(1, 3, 2, 10, 0, requests=9, rate=3.0))
    printer.event("uploaded", {"key": "a", "bytes": 5})
    printer.event("uploaded", {"key": "a", "bytes": 5})
    line = printer.snapshot().line()
    assert "files 2/2" in line
    assert "429s 2" in line


def test_failures_are_counted_and_printed() -> None:
    console = quiet_console()
    printer = ProgressPrinter(console=console, live=False, clock=FakeClock())
    printer.event("planned", {"key": "a", "requests": 1})
    printer.event("failed", {"key": "a", "error": "boom"})
    assert "failed 1" in printer.snapshot().line()
    assert "failed: a: boom" in console.file.getvalue()  # type: ignore[attr-defined]


class _VirtualSelector:
    """A selector that, with nothing ready, moves its loop's clock to the next timer instead
    of waiting for it."""

    def __init__(self, loop: VirtualTimeLoop, real: selectors.BaseSelector) -> None:
        self._loop = loop
        self._real = real

    def select(self, timeout: float | None = None) -> list[Any]:
        if timeout is None:
            return self._real.select(None)
        ready = self._real.select(0)
        if not ready:
            self._loop.now += max(0.0, timeout)
        return ready

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop on virtual time: a rate-limited run of minutes takes a moment."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0
        self._selector = _VirtualSelector(self, self._selector)  # type: ignore[has-type]

    def time(self) -> float:
        return self.now


def write_export(root: Path, pages: int) -> Path:
    root.mkdir()
    for n in range(pages):
        paragraphs = "".join(f"<p>Page {n}, paragraph {k}.</p>" for k in range(3 + n % 4))
        (root / f"page{n:02d}.html").write_text(
            f"<html><head><title>Page {n}</title></head><body><h1>Page {n}</h1>"
            f"{paragraphs}<table><tr><td>a</td><td>b</td></tr></table></body></html>"
        )
    return root


def test_a_rate_limited_import_through_the_emulator(tmp_path: Path) -> None:
    source = write_export(tmp_path / "export", 300)
    loop = VirtualTimeLoop()
    app = create_app(EmulatorConfig(rate=3.0, burst=10, clock=loop.time, monotonic=loop.time))
    state = app.state.emulator
    counted = estimate(source)
    pages = list(documents_to_pages(source, None))  # converted first: no worker thread
    printer = ProgressPrinter(console=quiet_console(), live=False, clock=loop.time)
    printer.estimated(counted)
    snapshots: list[Snapshot] = []

    async def run() -> float:
        api = connect(state.config.token, "http://emulator.test", transport=EmulatorTransport(app))
        printer.attach(api)
        settings = ImportSettings(
            source, state.root_page_id, journal_path=tmp_path / "journal.sqlite", verify="none"
        )
        finished = asyncio.Event()

        async def watch() -> None:
            while not finished.is_set():
                snapshots.append(printer.snapshot())
                await asyncio.sleep(1.0)

        watcher = asyncio.ensure_future(watch())
        async with api, ImportSession(api, settings, progress=printer.event) as session:
            report = await session.run(iter(pages))
        finished.set()
        await watcher
        assert report.exit_code() == 0, report.summary()
        assert printer.snapshot().pages == len(report.pages) == 300
        return loop.time()

    try:
        end = loop.run_until_complete(run())
    finally:
        loop.close()
    assert end > 60  # rate limited: the run took a while, in virtual time
    done = [s.requests for s in snapshots]
    assert done == sorted(done) and done[-1] > done[len(done) // 2] > done[0]
    late = [s for s in snapshots if s.elapsed >= 0.1 * end and end - s.elapsed >= 2]
    assert late
    for snap in late:
        real = end - snap.elapsed
        assert snap.eta is not None
        assert abs(snap.eta - real) <= 0.25 * real, (snap.elapsed, snap.eta, real)


def test_the_bar_reads_the_import_at_every_redraw() -> None:
    """Redrawn by rich's own thread twice a second, the bar shows what the import has done
    even when no event came in between."""
    clock = FakeClock()
    stats = SimpleNamespace(requests=Counter[str](), rate_limited=0)
    console = Console(file=io.StringIO(), force_terminal=True, width=200)
    printer = ProgressPrinter(console=console, live=True, clock=clock)
    printer.attach(SimpleNamespace(stats=stats))
    printer.estimated(Estimate(4, 8, 0, 0, 0, requests=40, rate=3.0))
    printer.start()
    try:
        bar = printer._bar
        assert bar is not None and bar.live.auto_refresh and bar.live.refresh_per_second >= 1
        stats.requests["POST /v1/pages"] += 10
        clock.now = 5.0
        rendered = Console(file=io.StringIO(), width=200)
        rendered.print(bar)
        text = rendered.file.getvalue()  # type: ignore[attr-defined]
        assert "requests 10/40" in text and "25%" in text
    finally:
        printer.stop()


def test_no_progress_and_quiet_show_none() -> None:
    hidden = ProgressPrinter(console=quiet_console(), live=True, show=False)
    quiet = ProgressPrinter(console=quiet_console(), live=True, quiet=True)
    for printer in (hidden, quiet):
        printer.start()
        assert printer._bar is None and printer._thread is None
        printer.stop()
