"""The conversion thread never outlives its consumer: a consumer that stops (cancelled, or
closing the stream) lets it end within a moment, whatever the size of the source."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from notion_import.importer.pipeline import AHEAD, converted_pages


def make_pages(root: Path, pages: int) -> Path:
    root.mkdir()
    for n in range(pages):
        (root / f"page{n:03d}.html").write_text(f"<title>Page {n}</title><p>Text {n}.</p>")
    return root


def converters() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "notion-import-convert"]


async def wait_until_gone(seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while converters():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


async def test_a_cancelled_consumer_does_not_leave_the_converter_blocked(tmp_path: Path) -> None:
    source = make_pages(tmp_path / "export", AHEAD * 3)
    taken = asyncio.Event()

    async def consume() -> None:
        async for _page in converted_pages(source):
            taken.set()
            await asyncio.sleep(3600)  # an importer that stops taking pages

    task = asyncio.create_task(consume())
    await taken.wait()
    await asyncio.sleep(0.5)  # the converter fills the queue and waits for room
    assert converters()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert await wait_until_gone(2.0), "the conversion thread is still running"


async def test_a_closed_stream_stops_the_converter(tmp_path: Path) -> None:
    source = make_pages(tmp_path / "export", AHEAD * 3)
    pages = converted_pages(source)
    first = await anext(pages)
    assert first.title.startswith("Page")
    await asyncio.sleep(0.5)
    await pages.aclose()
    assert await wait_until_gone(2.0), "the conversion thread is still running"


def test_the_converter_is_a_daemon(tmp_path: Path) -> None:
    """The interpreter's exit never waits for a page being converted."""
    # more pages than the queue holds: the thread is still there, waiting for room
    source = make_pages(tmp_path / "export", AHEAD * 3)
    seen: list[bool] = []

    async def take_one() -> None:
        pages = converted_pages(source)
        await anext(pages)
        seen.extend(t.daemon for t in converters())
        await pages.aclose()

    asyncio.run(take_one())
    assert seen and all(seen)
