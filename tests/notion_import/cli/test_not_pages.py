"""Inputs that are not pages: a binary or empty file named ``.html`` and an unreadable file
are skipped and listed (the report's ``skipped``, a line of the summary), never created as
pages; a source with nothing to import is refused with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_import.cli import main
from notion_import.sources import SkippedFile, convert_path


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of one page and three files that are not pages."""
    source = tmp_path / "export"
    source.mkdir()
    (source / "good.html").write_text("<title>Good</title><p>A good page.</p>")
    (source / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (source / "empty.html").write_text("  \n")
    locked = source / "locked.html"
    locked.write_text("<p>Nobody may read this.</p>")
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:  # chmod 000 does not stop every user (root)
        if path.name == "locked.html":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    return source


def test_files_that_are_not_pages_are_skipped_with_a_reason(mixed: Path) -> None:
    pages = list(convert_path(mixed))
    skipped = {p.source: p.error for p in pages if isinstance(p, SkippedFile)}
    assert skipped == {
        "empty.html": "an empty file",
        "locked.html": "cannot read the file: Permission denied",
        "picture.html": "a binary file, not HTML",
    }


def test_an_import_lists_them_and_creates_none(mixed: Path, tmp_path: Path) -> None:
    report_file = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["import", str(mixed), "--report", str(report_file)])
    assert result.exit_code == 0, result.output
    assert "skipped: 3 files that are not pages (see " in result.output  # the report's path
    report = json.loads(report_file.read_text())
    assert [p["source"] for p in report["pages"]] == ["good.html"]
    assert sorted(s["source"] for s in report["skipped"]) == [
        "empty.html",
        "locked.html",
        "picture.html",
    ]
    assert report["totals"]["skipped"] == 3
    assert "page 'Good'" in result.output
    assert "page 'empty'" not in result.output and "page 'picture'" not in result.output


@pytest.mark.parametrize("content", [[], ["notes.txt", "photo.jpg"]], ids=["empty", "unrelated"])
def test_a_source_with_nothing_to_import_is_refused(content: list[str], tmp_path: Path) -> None:
    source = tmp_path / "export"
    source.mkdir()
    for name in content:
        (source / name).write_text("not a page")
    result = CliRunner().invoke(main, ["import", str(source)])
    assert result.exit_code == 2, result.output
    assert f"nothing to import in {source}" in result.output
    assert "HTML (.html, .htm), Markdown" in result.output
    assert "Traceback" not in result.output


def test_a_folder_of_only_skipped_files_is_refused_too(mixed: Path) -> None:
    (mixed / "good.html").unlink()
    result = CliRunner().invoke(main, ["import", str(mixed)])
    assert result.exit_code == 2, result.output
    assert "nothing to import in" in result.output and "3 files that are not pages" in result.output


def test_a_preview_leaves_them_out_and_says_so(mixed: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["preview", str(mixed), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "skipped: 3 files that are not pages" in result.output
    assert "1 of 1 page match" in result.output
