"""``notion-import import`` in the sandbox: dry run, report, exit codes."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks.workload import make_export
from click.testing import CliRunner

from notion_import.cli import main


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


def test_dry_run_counts_the_requests_the_import_sends(tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=8)
    runner = CliRunner()
    dry = runner.invoke(main, ["import", str(source), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    predicted = int(re.search(r"requests: (\d+)", dry.output).group(1))  # type: ignore[union-attr]
    report_file = tmp_path / "report.json"
    done = runner.invoke(main, ["import", str(source), "--report", str(report_file), "--quiet"])
    assert done.exit_code == 0, done.output
    totals = json.loads(report_file.read_text())["totals"]
    assert totals["requests"] == predicted
    assert totals["pages"] == int(re.search(r"pages: +(\d+)", dry.output).group(1))  # type: ignore[union-attr]


def test_missing_source_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def run_against(server: dict[str, str], tmp_path: Path, token: str, parent: str) -> Any:
    source = make_export(tmp_path / "export", pages=1)
    token_file = tmp_path / "token"
    token_file.write_text(token)
    return CliRunner().invoke(
        main,
        [
            "import",
            str(source),
            "--parent",
            parent,
            "--base-url",
            server["base_url"],
            "--token-file",
            str(token_file),
        ],
    )


def test_bad_token_is_a_clear_error(server: dict[str, str], tmp_path: Path) -> None:
    result = run_against(server, tmp_path, "secret_wrong_token_value", server["root_page_id"])
    assert result.exit_code == 1
    assert "401" in result.output and "NOTION_TOKEN" in result.output
    assert "Traceback" not in result.output
    assert "secret_wrong_token_value" not in result.output


def test_parent_not_shared_says_how_to_share(server: dict[str, str], tmp_path: Path) -> None:
    # a well-formed uuid that names nothing (a malformed one is a 400 validation_error)
    result = run_against(server, tmp_path, server["token"], "0123456789ab4def8123456789abcdef")
    assert result.exit_code == 1
    assert "Connections" in result.output
    assert "Traceback" not in result.output


def test_report_has_every_documented_field(tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=3)
    report_file = tmp_path / "report.json"
    done = CliRunner().invoke(main, ["import", str(source), "--report", str(report_file)])
    assert done.exit_code == 0, done.output
    report = json.loads(report_file.read_text())
    assert set(report["pages"][0]) >= {
        "source",
        "page_id",
        "url",
        "blocks",
        "files",
        "losses",
        "verified",
    }
    assert set(report["totals"]) >= {
        "pages",
        "blocks",
        "files_uploaded",
        "bytes_uploaded",
        "requests",
        "requests_by_endpoint",
        "minimal_requests",
        "retries",
        "rate_limited",
        "uncertain_writes_reconciled",
        "wall_seconds",
    }
    assert report["totals"]["pages"] == len(report["pages"])


def test_a_zip_imports_like_its_folder(tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=3)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(source.rglob("*")):
            zipped.write(path, path.relative_to(source))
    runner = CliRunner()
    folder = runner.invoke(main, ["import", str(source), "--report", str(tmp_path / "a.json")])
    zipped_run = runner.invoke(main, ["import", str(archive), "--report", str(tmp_path / "b.json")])
    assert folder.exit_code == zipped_run.exit_code == 0, zipped_run.output
    a = json.loads((tmp_path / "a.json").read_text())["totals"]
    b = json.loads((tmp_path / "b.json").read_text())["totals"]
    for name in ("pages", "blocks", "files_uploaded", "bytes_uploaded", "minimal_requests"):
        assert a[name] == b[name], name


def test_dry_run_warns_past_a_free_workspace_block_limit(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_text("<title>Big</title>" + "".join(f"<p>{i}</p>" for i in range(1200)))
    result = CliRunner().invoke(main, ["import", str(page), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1,000 blocks" in result.output
    small = CliRunner().invoke(main, ["import", str(page.parent / "big.html"), "--dry-run"])
    assert small.output.count("warning") == 1


def test_into_database_makes_rows_with_properties(server: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "notes"
    source.mkdir()
    (source / "a.html").write_text(
        "<html><head><title>Alpha</title><meta name='author' content='Ada'>"
        "<meta name='keywords' content='x, y'></head><body><p>one</p></body></html>"
    )
    (source / "b.html").write_text("<title>Beta</title><p>two</p>")
    token_file = tmp_path / "token"
    token_file.write_text(server["token"])
    result = CliRunner().invoke(
        main,
        [
            "import",
            str(source),
            "--parent",
            server["root_page_id"],
            "--base-url",
            server["base_url"],
            "--token-file",
            str(token_file),
            "--into-database",
            "--verify",
            "full",
        ],
    )
    assert result.exit_code == 0, result.output
    http = httpx.Client(
        base_url=server["base_url"],
        headers={"Authorization": f"Bearer {server['token']}", "Notion-Version": "2025-09-03"},
    )
    with http:
        found = http.post(
            "/v1/search", json={"filter": {"property": "object", "value": "data_source"}}
        )
        source_id = found.json()["results"][0]["id"]
        rows = http.post(f"/v1/data_sources/{source_id}/query", json={}).json()["results"]
    titles = sorted(r["properties"]["Name"]["title"][0]["plain_text"] for r in rows)
    assert titles == ["Alpha", "Beta"]
    alpha = next(r for r in rows if r["properties"]["Name"]["title"][0]["plain_text"] == "Alpha")
    assert alpha["properties"]["Author"]["rich_text"][0]["plain_text"] == "Ada"


def test_source_format_takes_plugins_and_names_the_choices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.metadata import EntryPoint

    from notion_import import sources

    installed = sources.entry_points(group=sources.ENTRY_POINT_GROUP)
    plugin = EntryPoint("web", "notion_import.sources.html:HtmlSource", "x")
    monkeypatch.setattr(sources, "entry_points", lambda group: [*installed, plugin])
    source = make_export(tmp_path / "export", pages=2)
    for command in ("import", "preview"):
        extra = ["--dry-run"] if command == "import" else ["--out", str(tmp_path / "site")]
        done = CliRunner().invoke(main, [command, str(source), "--source-format", "web", *extra])
        assert done.exit_code == 0, done.output
    wrong = CliRunner().invoke(main, ["import", str(source), "--source-format", "nope"])
    assert wrong.exit_code == 2
    assert "choose one of" in wrong.output and "web" in wrong.output
