""":class:`Interruptible` on a run that will not stop when asked (it swallows its
cancellation): a second interrupt ends the process at once, and without one it is ended
:data:`GRACE` seconds after the first. Both with exit 130 and the farewell line."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from notion_import.cli.interrupts import GRACE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")

STUBBORN = """
import asyncio
from notion_import.cli.interrupts import Interruptible

async def stubborn() -> None:
    print("ready", flush=True)
    while True:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            pass  # a run that does not stop when asked

Interruptible(lambda: "Interrupted: 7 pages written; run the same command again to resume.").run(
    stubborn()
)
"""


def start() -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    return process


def test_a_second_interrupt_ends_a_stubborn_run_at_once() -> None:
    process = start()
    process.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert process.poll() is None  # the first asked the run to stop; it did not
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - sent < 1.0
    assert process.returncode == 130
    assert "Interrupted: 7 pages written; run the same command again to resume." in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_stubborn_run_is_ended_after_the_grace_period() -> None:
    process = start()
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    took = time.monotonic() - sent
    assert GRACE - 0.5 < took < 5.0
    assert process.returncode == 130
    assert "run the same command again to resume" in err and "Traceback" not in err
