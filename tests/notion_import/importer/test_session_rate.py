"""An import keeps the rate its workspace showed beside its journal, for the next run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from notion_emulator.transport import EmulatorTransport
from notion_import.api import NotionAPI, connect
from notion_import.api.shown import load_rate, rate_file, save_rate
from notion_import.importer.session import ImportSession, ImportSettings


def api_for(app: Any, token: str, rate: float | None = None) -> NotionAPI:
    return connect(token, "http://emulator.local", transport=EmulatorTransport(app), rate=rate)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite"


@pytest.fixture
def chosen(tmp_path: Path, notion_root_page_id: str, journal: Path) -> ImportSettings:
    """A one-page import journaled at ``journal``."""
    source = tmp_path / "site"
    source.mkdir()
    (source / "a.html").write_text("<h1>A</h1><p>text</p>")
    return ImportSettings(source, notion_root_page_id, journal_path=journal)


async def test_a_kept_rate_starts_the_next_run_and_a_learnt_one_is_kept(
    notion_emulator_app: Any, notion_token: str, journal: Path, chosen: ImportSettings
) -> None:
    kept = rate_file(journal)
    save_rate(kept, 2.0)
    async with api_for(notion_emulator_app, notion_token) as api, ImportSession(api, chosen):
        assert api.limiter.shown == 2.0 and api.limiter.rate < 2.0
        api.limiter.adopt(4.5)  # as a refusal during the run would show
    assert load_rate(kept) == 4.5


async def test_a_run_that_learnt_nothing_writes_nothing(
    notion_emulator_app: Any, notion_token: str, journal: Path, chosen: ImportSettings
) -> None:
    async with api_for(notion_emulator_app, notion_token) as api, ImportSession(api, chosen):
        pass
    assert not rate_file(journal).exists()


async def test_an_explicit_rate_wins_and_is_not_kept(
    notion_emulator_app: Any, notion_token: str, journal: Path, chosen: ImportSettings
) -> None:
    kept = rate_file(journal)
    save_rate(kept, 2.0)
    async with (
        api_for(notion_emulator_app, notion_token, rate=6.0) as api,
        ImportSession(api, chosen),
    ):
        assert api.limiter.rate == 6.0 and api.limiter.shown is None
        api.limiter.adopt(1.0)  # lowered by what the workspace showed, not kept
    assert load_rate(kept) == 2.0
