"""A ``notion-emulator serve`` process, for tests that need the real command on a real port."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: ``notion-import`` options for tests whose point is not the pace: against a server without a
#: rate limit the adaptive limiter, starting from Notion's 3 requests/s, only makes them wait.
UNPACED = ("--rate", "1000")


@contextmanager
def served_emulator() -> Iterator[dict[str, str]]:
    """A served emulator without rate limit while the block runs: its JSON line (base_url,
    token, root_page_id)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "notion_emulator", "serve", "--port", "0", "--rate", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        yield json.loads(process.stdout.readline())
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
