"""An import's choice to keep a site's navigation (``keep_chrome``) reaches the conversion,
is recorded in the journal, and a later verification converts the source the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import notion_import
from notion_emulator.transport import EmulatorTransport
from notion_import.api import NotionAPI, connect
from notion_import.importer import Journal
from notion_import.importer.session import ImportRecord, recheck

PAGE = """<html><head><title>Guide</title></head><body><nav><a href="a.html">Home</a>
<a href="b.html">Blog</a></nav><main><h2>Start here</h2><p>Read this first.</p></main>
<footer>Site footer</footer></body></html>"""


def api_for(app: Any, token: str) -> NotionAPI:
    return connect(token, "http://emulator.local", transport=EmulatorTransport(app), rate=1000.0)


async def test_keep_chrome_is_imported_recorded_and_verified_alike(
    notion_emulator_app: Any, notion_token: str, notion_root_page_id: str, tmp_path: Path
) -> None:
    source = tmp_path / "site"
    source.mkdir()
    (source / "guide.html").write_text(PAGE)
    journal = tmp_path / "journal.sqlite"
    async with api_for(notion_emulator_app, notion_token) as api:
        report = await notion_import.import_source(
            source, notion_root_page_id, api, journal_path=journal, keep_chrome=True
        )
        assert report.losses_by_kind()["chrome"] == 0
        assert report.pages[0].blocks == 4  # the menu, the heading, the text, the footer
        with Journal(journal) as kept:
            record = ImportRecord.read(kept)
        assert record is not None and record.keep_chrome
        again = await recheck(api, journal, record)
        assert [page.verified for page in again.pages] == [True]
        # the same source converted without the navigation does not match what was written
        other = ImportRecord(record.source, record.source_kind, record.target)
        assert [page.verified for page in (await recheck(api, journal, other)).pages] == [False]


async def test_navigation_is_left_out_by_default(
    notion_emulator_app: Any, notion_token: str, notion_root_page_id: str, tmp_path: Path
) -> None:
    source = tmp_path / "site"
    source.mkdir()
    (source / "guide.html").write_text(PAGE)
    async with api_for(notion_emulator_app, notion_token) as api:
        report = await notion_import.import_source(
            source, notion_root_page_id, api, journal_path=tmp_path / "j.sqlite"
        )
    assert report.exit_code() == 0
    assert report.losses_by_kind()["chrome"] == 2
    assert report.pages[0].blocks == 2
