"""Shared test set-up: the project root on sys.path so tests can import ``tests.*`` helpers,
and a real notion-emulator server for tests of the command against a network API."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.served import served_emulator

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where imports keep their journals during a test (``NOTION_IMPORT_STATE_DIR``): a
    folder of the test's own, never the user's state directory."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("NOTION_IMPORT_STATE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def served() -> Iterator[dict[str, str]]:
    """One ``notion-emulator serve`` process without rate limit for the whole session: its JSON
    line (base_url, token, root_page_id)."""
    with served_emulator() as line:
        yield line


@pytest.fixture
def server(served: dict[str, str]) -> dict[str, str]:
    """A served emulator without rate limit holding an empty workspace, as a process of its own
    would: the session's server, emptied (``POST /_emulator/reset``; the root keeps its id)."""
    emptied = httpx.post(f"{served['base_url']}/_emulator/reset", timeout=30)
    emptied.raise_for_status()
    assert emptied.json()["root_page_id"] == served["root_page_id"]
    return dict(served)
