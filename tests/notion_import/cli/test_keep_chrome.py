"""``--keep-chrome`` on ``convert``, ``import`` (and its dry run) and ``preview``: a site's
navigation is left out by default, counted apart from the losses, and kept with the option."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from notion_import.cli import main

PAGE = """<html><head><title>Building</title>
<meta name="generator" content="DocBook XSL Stylesheets V1.79.2"></head><body>
<div class="navheader"><table summary="Navigation header"><tr><td><a href="https://example.com/a">Prev</a>
</td><td><a href="https://example.com/b">Next</a></td></tr></table></div>
<div class="chapter"><h1>Building</h1><p>Build the package.</p></div>
<div class="navfooter"><table summary="Navigation footer"><tr><td><a href="https://example.com/a">Prev</a>
</td><td><a href="https://example.com/">Up</a></td></tr></table></div></body></html>"""


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "site" / "build.html"
    path.parent.mkdir()
    path.write_text(PAGE)
    return path


def converted(page: Path, *options: str) -> tuple[dict[str, object], str]:
    result = CliRunner().invoke(main, ["convert", str(page), *options])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["pages"]
    return entry, result.stderr


def test_convert_leaves_navigation_out_and_counts_it_apart(page: Path) -> None:
    entry, summary = converted(page)
    assert [loss["kind"] for loss in entry["losses"]] == ["chrome", "chrome"]  # type: ignore[index]
    assert "Prev" not in json.dumps(entry["blocks"])
    assert "0 losses" in summary
    assert "2 navigation elements left out (--keep-chrome keeps them)" in summary


def test_convert_with_keep_chrome_keeps_the_navigation(page: Path) -> None:
    entry, summary = converted(page, "--keep-chrome")
    assert entry["losses"] == []
    assert "Prev" in json.dumps(entry["blocks"])
    assert "left out" not in summary


def test_import_reports_the_navigation_apart_and_exits_0(page: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    report_file = tmp_path / "report.json"
    done = runner.invoke(main, ["import", str(page), "--report", str(report_file)])
    assert done.exit_code == 0, done.output
    assert "2 navigation elements were left out (--keep-chrome keeps them)." in done.output
    kinds = json.loads(report_file.read_text())["totals"]["losses_by_kind"]
    assert kinds == {"dropped": 0, "approximated": 0, "chrome": 2}
    kept = runner.invoke(main, ["import", str(page), "--keep-chrome", "--report", str(report_file)])
    assert kept.exit_code == 0, kept.output
    assert "left out" not in kept.output
    assert json.loads(report_file.read_text())["totals"]["losses_by_kind"]["chrome"] == 0


def test_dry_run_counts_the_navigation_left_out(page: Path) -> None:
    runner = CliRunner()
    dry = runner.invoke(main, ["import", str(page), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "losses:   0" in dry.output
    assert "left out: 2 navigation elements (--keep-chrome keeps them)" in dry.output
    kept = runner.invoke(main, ["import", str(page), "--dry-run", "--keep-chrome"])
    assert "left out" not in kept.output


@pytest.mark.parametrize("command", ["convert", "import", "preview"])
def test_every_converting_command_offers_keep_chrome(command: str) -> None:
    chosen = main.commands[command] if isinstance(main, click.Group) else None
    assert chosen is not None
    assert "--keep-chrome" in [opt for param in chosen.params for opt in param.opts]
