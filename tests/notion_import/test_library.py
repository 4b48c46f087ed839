"""The library's face: ``import notion_import`` is cheap, ``import_source`` imports through the
session the command line uses, and Notion's errors map onto the one error tree by code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks.workload import make_export
from notion_client import APIResponseError

import notion_import
from notion_emulator.transport import EmulatorTransport
from notion_import.api import NotionAPI, connect
from notion_import.errors import (
    ConfigurationError,
    InvalidRequestError,
    NotionAPIError,
    NotionImportError,
    NotionUnreachableError,
    ObjectNotFoundError,
    UnauthorizedError,
    from_notion,
    notion_errors,
)
from notion_import.importer import Journal
from notion_import.importer.estimate import estimate
from notion_import.importer.session import (
    DATABASE_SCHEMA,
    ImportRecord,
    ImportSession,
    ImportSettings,
    default_journal,
)


def test_importing_the_package_loads_no_network_or_converter() -> None:
    probe = (
        "import sys, notion_import\n"
        "heavy = {'httpx', 'notion_client', 'notion_emulator', 'selectolax', "
        "'notion_import.api', 'notion_import.sources', 'notion_import.importer'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_public_name_resolves() -> None:
    for name in notion_import.__all__:
        assert getattr(notion_import, name) is not None, name
    assert notion_import.connect is connect
    assert issubclass(notion_import.UnauthorizedError, notion_import.NotionImportError)
    with pytest.raises(AttributeError):
        notion_import.nothing_of_that_name  # noqa: B018


def api_for(app: Any, token: str) -> NotionAPI:
    return connect(token, "http://emulator.local", transport=EmulatorTransport(app), rate=1000.0)


async def test_import_source_imports_and_resumes(
    notion_emulator_app: Any, notion_token: str, notion_root_page_id: str, tmp_path: Path
) -> None:
    source = make_export(tmp_path / "export", pages=3)
    journal = tmp_path / "journal.sqlite"
    async with api_for(notion_emulator_app, notion_token) as api:
        report = await notion_import.import_source(
            source, notion_root_page_id, api, journal_path=journal
        )
        again = await notion_import.import_source(
            source, notion_root_page_id, api, journal_path=journal
        )
    assert report.exit_code() == 0
    assert report.totals()["pages"] == again.totals()["pages"] > 0
    assert report.totals()["files_uploaded"] > 0
    assert again.totals()["files_uploaded"] == 0  # the journal says it is done
    with Journal(journal) as kept:
        record = ImportRecord.read(kept)
    assert record == ImportRecord(source.resolve(), None, {"page_id": notion_root_page_id})


async def test_a_session_into_a_database_makes_rows(
    notion_emulator_app: Any, notion_token: str, notion_root_page_id: str, tmp_path: Path
) -> None:
    source = make_export(tmp_path / "export", pages=2)
    settings = ImportSettings(
        source, notion_root_page_id, into_database=True, temporary_journal=True
    )
    async with api_for(notion_emulator_app, notion_token) as api:
        async with ImportSession(api, settings) as session:
            assert session.temporary and session.journal_path.exists()
            report = await session.run()
            target = await session.target()  # once made, found in the journal
        assert not session.journal_path.exists()  # a temporary journal goes with the session
        rows = await api.collect(
            api.client.data_sources.query, data_source_id=target["data_source_id"]
        )
    assert report.exit_code() == 0
    assert len(rows) == report.totals()["pages"] > 0
    assert set(rows[0]["properties"]) == set(DATABASE_SCHEMA)


async def test_a_parent_not_shared_says_how_to_share(
    notion_emulator_app: Any, notion_token: str, tmp_path: Path
) -> None:
    # a well-formed uuid that names nothing (a malformed one is a 400 validation_error)
    settings = ImportSettings(tmp_path, "0123456789ab4def8123456789abcdef")
    async with api_for(notion_emulator_app, notion_token) as api:
        with pytest.raises(ConfigurationError, match="Connections"):
            async with ImportSession(api, settings):
                pass


def test_the_default_journal_is_per_source_and_parent(tmp_path: Path, state_dir: Path) -> None:
    one = default_journal(tmp_path / "a", "p1")
    assert one.parent == state_dir / "journals"  # not under the working directory
    assert one.name.startswith("import-")
    assert one != default_journal(tmp_path / "a", "p2") != default_journal(tmp_path / "b", "p1")


# -- Notion's errors -> the error tree --------------------------------------------------------


def notion_answer(code: str, status: int, message: str = "Notion says no.") -> APIResponseError:
    return APIResponseError(
        code=code, status=status, message=message, headers=httpx.Headers(), raw_body_text="{}"
    )


@pytest.mark.parametrize(
    "code,status,kind",
    [
        ("unauthorized", 401, UnauthorizedError),
        ("object_not_found", 404, ObjectNotFoundError),
        ("validation_error", 400, InvalidRequestError),
        ("invalid_json", 400, InvalidRequestError),
        ("something_new", 418, NotionAPIError),
    ],
)
def test_notion_errors_map_by_code(code: str, status: int, kind: type[NotionAPIError]) -> None:
    mapped = from_notion(notion_answer(code, status))
    assert type(mapped) is kind
    assert (mapped.code, mapped.status, str(mapped)) == (code, status, "Notion says no.")
    assert isinstance(mapped, NotionImportError)


def test_the_message_does_not_choose_the_class() -> None:
    mapped = from_notion(notion_answer("validation_error", 400, "object_not_found unauthorized"))
    assert type(mapped) is InvalidRequestError


def test_notion_errors_keeps_the_original_as_the_cause() -> None:
    original = notion_answer("unauthorized", 401)
    with pytest.raises(UnauthorizedError) as caught, notion_errors():
        raise original
    assert caught.value.__cause__ is original
    request = httpx.Request("GET", "http://nowhere.invalid")
    with pytest.raises(NotionUnreachableError, match=r"\(ConnectError: refused\)"), notion_errors():
        raise httpx.ConnectError("refused", request=request)


def test_the_estimate_counts_without_sending(tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=3)
    counted = estimate(source, rate=2.0)
    assert counted.pages > 0 and counted.blocks > 0 and counted.files > 0
    assert counted.requests > counted.pages
    assert counted.seconds == counted.requests / 2.0
    assert estimate(source).rate == 3.0  # Notion's documented average
    assert not counted.over_free_block_limit
