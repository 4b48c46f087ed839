"""Shared test set-up: the project root on sys.path so tests can import ``tests.*`` helpers,
and a real notion-emulator server for tests of the command against a network API."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def server() -> Iterator[dict[str, str]]:
    """A ``notion-emulator serve`` process without rate limit: its JSON line (base_url, token,
    root_page_id)."""
    with served_emulator() as line:
        yield line
