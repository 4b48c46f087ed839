"""``notion-import import`` in the sandbox: dry run, report, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture
def server() -> Iterator[dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "notion_emulator", "serve", "--port", "0", "--rate", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    yield json.loads(process.stdout.readline())
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()


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
    result = run_against(server, tmp_path, server["token"], "0123456789abcdef0123456789abcdef")
    assert result.exit_code == 1
    assert "Connections" in result.output
    assert "Traceback" not in result.output
