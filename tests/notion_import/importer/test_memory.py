"""Memory stays flat in pages: what the importer keeps of a page once written, or while it
waits for later pages, and the report written page by page."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks.workload import make_export

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import connect
from notion_import.importer import (
    Importer,
    ImportOptions,
    ImportPage,
    Journal,
    PageReport,
    Report,
    arrange,
    documents_to_pages,
)
from notion_import.importer.spill import Spill

CONCURRENCY = 4


def holds_content(page: ImportPage) -> bool:
    return bool(page.blocks or page.assets or page.uploads or page.witness) or any(
        step.children for step in page.plan.steps
    )


async def import_with(
    source: Path, journal: Path, verify: str, watch: Any = None
) -> tuple[Importer, Report]:
    app = create_app(EmulatorConfig(rate=0))
    state = app.state.emulator
    api = connect(
        state.config.token,
        "http://emulator.test",
        transport=EmulatorTransport(app),
        rate=1e6,
        burst=1000,
    )
    async with api:
        with Journal(journal) as j:
            importer = Importer(
                api,
                j,
                {"page_id": state.root_page_id},
                ImportOptions(verify=verify, concurrency=CONCURRENCY),
                progress=lambda kind, data: watch(importer, kind) if watch else None,
            )
            pages = documents_to_pages(source, witness=verify == "full")
            return importer, await importer.run(pages)


@pytest.mark.parametrize("verify", ["acked", "full"])
async def test_written_pages_keep_no_content(tmp_path: Path, verify: str) -> None:
    source = make_export(tmp_path / "export", pages=12)
    importer, report = await import_with(source, tmp_path / "j.sqlite", verify)
    assert report.exit_code() == 0, report.summary()
    assert all(page.verified for page in report.pages)
    if verify == "full":  # measured against the source, its witness read back from disk
        assert all(page.verification for page in report.pages if page.blocks)
    assert [page for page in importer.pages.values() if holds_content(page)] == []
    planned = sum(page.plan.blocks for page in arrange(documents_to_pages(source)))
    assert sum(page.blocks for page in report.pages) == planned  # still counted


async def test_pages_waiting_for_later_pages_hold_neither_content_nor_task(
    tmp_path: Path,
) -> None:
    """Every even page links to odd pages, which come later in the source (``notes/`` after
    ``guides/``): the even pages wait, created empty, many more than the pages in flight."""
    source = make_export(tmp_path / "export", pages=80)
    seen: dict[str, int] = {"parked": 0, "tasks": 0}

    def watch(importer: Importer, kind: str) -> None:
        parked = [importer.pages[key] for key in importer._parked]
        assert not any(holds_content(page) for page in parked)
        if len(parked) > seen["parked"]:
            seen.update(parked=len(parked), tasks=len(importer._tasks))

    _, report = await import_with(source, tmp_path / "j.sqlite", "acked", watch)
    assert report.exit_code() == 0, report.summary()
    window = CONCURRENCY * 4
    assert seen["parked"] > window  # more pages waited than may be in flight...
    assert seen["tasks"] <= window + 2 * CONCURRENCY  # ...without a task each


def test_the_report_is_written_page_by_page_as_json_dumps_writes_it() -> None:
    losses = [{"element": "img", "reason": "missing\nfile", "where": "a/b.html", "kind": "dropped"}]
    pages = [
        PageReport(
            f"p{i}.html",
            f"Pàge {i} “quoted”",
            "id",
            "https://x",
            i,
            1,
            losses * (i % 3),
            i % 2 == 0,
        )
        for i in range(5)
    ]
    for report in (Report(), Report(pages=pages, requests_by_endpoint={"GET x": 2})):
        out = io.StringIO()
        report.write_json(out)
        assert out.getvalue() == json.dumps(report.to_json(), indent=2, ensure_ascii=False)


def test_the_spill_keeps_content_and_counts_files_on_disk() -> None:
    with Spill() as spill:
        spill.put("a.html", {"blocks": [1, 2]})
        assert spill.get("a.html") == {"blocks": [1, 2]}
        assert spill.get("a.html") is not spill.get("a.html")  # a fresh copy each time
        spill.discard("a.html")
        assert spill.get("a.html") is None
        spill.add_files({"aa": 1, "bb": 2})
        spill.add_files({"aa": 1})
        assert sorted(spill.file_sizes()) == [1, 2]
