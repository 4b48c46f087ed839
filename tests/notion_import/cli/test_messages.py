"""What the command says and how it exits: global options anywhere, the report always
written and named, "already imported", verification in words, plurals, a closed pipe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.workload import make_export
from click.testing import CliRunner, Result
from tests.served import UNPACED

from notion_import.cli import main
from notion_import.importer.report import EXIT_LOSSES, EXIT_OK, PageReport, Report


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


def into(server: dict[str, str], tmp_path: Path, *args: str) -> list[str]:
    token = tmp_path / "token"
    token.write_text(server["token"])
    return ["--base-url", server["base_url"], "--token-file", str(token), *args]


def test_a_finished_import_run_again_has_nothing_to_do(
    server: dict[str, str], tmp_path: Path
) -> None:
    source = make_export(tmp_path / "export", pages=3)
    journal = tmp_path / "state" / "journal.sqlite"
    command = [
        "import",
        str(source),
        "--parent",
        server["root_page_id"],
        "--journal",
        str(journal),
        "--no-progress",
        *UNPACED,
    ]
    runner = CliRunner()
    first = runner.invoke(main, into(server, tmp_path, *command))
    assert first.exit_code == 0, first.output
    report = journal.with_suffix(".report.json")
    assert f"Report: {report}" in first.output  # written by default, next to the journal
    pages = json.loads(report.read_text())["totals"]["pages"]
    assert pages >= 3
    again = runner.invoke(main, into(server, tmp_path, *command))
    assert again.exit_code == 0, again.output
    assert f"Already imported: nothing to do ({pages} pages)." in again.output
    assert "Imported" not in again.output and "fewest possible" not in again.output

    verified = runner.invoke(
        main, into(server, tmp_path, "verify", "--journal", str(journal), "--report", "-")
    )
    assert verified.exit_code == 0, verified.output
    words = verified.stderr
    assert f"Verified {pages} pages against" in words
    assert "Every page is in Notion as it was imported." in words
    assert "{" not in words and "Imported" not in words
    assert json.loads(verified.stdout)["totals"]["pages"] == pages  # '-': the report on stdout


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_global_options_come_before_or_after_the_command(tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=2)
    for args in (
        ["-v", "import", str(source), "--dry-run"],
        ["import", str(source), "--dry-run", "-v"],
        ["import", "-vv", str(source), "--dry-run", "-q"],
        ["-q", "convert", str(source), "--out", str(tmp_path / "out.json")],
        ["--base-url", "http://x", "import", str(source), "--dry-run"],
    ):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)


def test_quiet_keeps_only_the_summary(tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=2)
    report = tmp_path / "report.json"
    loud = invoke("import", str(source), "--report", str(report))
    quiet = invoke("-q", "import", str(source), "--report", str(report))
    assert loud.exit_code == quiet.exit_code == 0, quiet.output
    assert "sandbox" in loud.output and "sandbox" not in quiet.output
    assert "Imported " in quiet.output and f"Report: {report}" in quiet.output


@pytest.mark.parametrize("rate", ["0", "-3", "fast"])
def test_rate_is_a_positive_number(tmp_path: Path, rate: str) -> None:
    result = invoke("import", str(tmp_path), "--rate", rate)
    assert result.exit_code == 2, result.output
    assert "--rate" in result.output and "Traceback" not in result.output


def test_report_dash_is_standard_output(tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=1)
    result = invoke("-q", "import", str(source), "--report", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"]["pages"] >= 1
    assert "Report: the report on standard output" in result.stderr
    assert not Path("-").exists()


def page(losses: list[str]) -> PageReport:
    return PageReport(
        source="a.html",
        title="A",
        page_id="p",
        url=None,
        blocks=1,
        files=1,
        losses=[{"element": "x", "reason": "r", "where": "a", "kind": kind} for kind in losses],
        verified=True,
        bytes_uploaded=1,
    )


def test_one_is_singular() -> None:
    report = Report(pages=[page(["dropped", "approximated", "chrome"])], requests=3)
    report.requests_by_endpoint = {"POST /v1/pages": 1}
    summary = report.summary("r.json")
    assert "Imported 1 page, 1 block, 1 file (1 byte)" in summary
    assert "1 element could not be carried over (see r.json)." in summary
    assert "1 element was carried in another form (see r.json)." in summary
    assert "1 navigation element was left out" in summary
    assert "Verification (acked): 1 of 1 page match." in summary


def test_losses_point_only_at_a_report_that_exists() -> None:
    report = Report(pages=[page(["dropped"])], requests_by_endpoint={"POST /v1/pages": 1})
    assert "2 elements" not in report.summary()
    assert "see the report" not in report.summary()
    assert "(see the preview)" in report.summary(losses_at="the preview")


def test_strict_counts_any_loss_but_chrome() -> None:
    approximated = Report(pages=[page(["approximated", "chrome"])])
    assert approximated.exit_code() == EXIT_OK
    approximated.strict = True
    assert approximated.exit_code() == EXIT_LOSSES
    chrome = Report(pages=[page(["chrome"])], strict=True)
    assert chrome.exit_code() == EXIT_OK


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    source = tmp_path / "pages"
    source.mkdir()
    for n in range(200):
        (source / f"p{n}.html").write_text(f"<title>P{n}</title><p>{'words ' * 500}</p>")
    convert = subprocess.Popen(
        [sys.executable, "-m", "notion_import", "convert", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert convert.stdout is not None and convert.stderr is not None
    convert.stdout.read(100)
    convert.stdout.close()  # as `| head` does
    error = convert.stderr.read().decode()
    convert.stderr.close()
    convert.wait(timeout=60)
    assert "Broken pipe" not in error and "Traceback" not in error and "Error" not in error
