"""The progress line: pages, uploads, pace, 429s and an ETA from the limiter's rate."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from notion_import.cli.progress import ProgressPrinter


def test_message_shows_pace_and_time_left() -> None:
    printer = ProgressPrinter(quiet=True)
    stats = SimpleNamespace(
        total=10, requests=Counter({"POST /v1/file_uploads": 4}), rate_limited=2
    )
    printer.attach(SimpleNamespace(stats=stats, limiter=SimpleNamespace(rate=3.0)))
    for key in ("a", "b", "c"):
        printer.event("planned", {"key": key, "requests": 100})
    printer.event("written", {"key": "a"})
    message = printer.message()
    assert "pages 1/3" in message
    assert "uploads 4" in message
    assert "429s 2" in message
    assert "ETA 1:36" in message  # (300 - 10) requests at 3/s


def test_failures_are_counted_and_printed(capsys: object) -> None:
    printer = ProgressPrinter()
    printer.event("planned", {"key": "a", "requests": 1})
    printer.event("failed", {"key": "a", "error": "boom"})
    assert "failed 1" in printer.message()
