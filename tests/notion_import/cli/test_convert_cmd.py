"""``notion-import convert`` and the command line as a whole."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from notion_import.cli import main

PAGE_KEYS = {"source", "title", "blocks", "assets", "losses", "metadata", "links"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "guide").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<title>Home</title><h1>Home</h1><p>See <a href="guide/intro.html">the guide</a>.</p>'
    )
    (folder / "guide" / "intro.html").write_text("<h1>Intro</h1><ul><li>one</li><li>two</li></ul>")
    return folder


def test_convert_folder_to_stdout(site: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(site)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["pages"]
    pages = document["pages"]
    assert [p["source"] for p in pages] == ["index.html", "guide/intro.html"]
    for page in pages:
        assert set(page) == PAGE_KEYS
    assert pages[0]["title"] == "Home"
    assert pages[1]["blocks"]
    assert "2 pages" in result.stderr
    assert "0 errors" in result.stderr


def test_convert_to_a_file(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["convert", str(site), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))["pages"]) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_convert_empty_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"pages": []}
    assert "0 pages" in result.stderr


def test_bad_files_are_entries_not_failures(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text("<p>fine</p>")
    (tmp_path / "bad.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500))
    result = CliRunner().invoke(main, ["convert", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pages = {p["source"]: p for p in json.loads(result.stdout)["pages"]}
    assert "error" in pages["bad.html"]
    assert "error" not in pages["good.html"]
    assert "1 error." in result.stderr  # one, singular
    assert "bad.html" in result.stderr


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_unknown_source_is_a_usage_error(site: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(site), "--source", "word"])
    assert result.exit_code == 2
    assert "notion-export" in result.output


def test_forced_source(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("# Title\n\ntext\n")
    result = CliRunner().invoke(
        main, ["convert", str(tmp_path / "notes.txt"), "--source", "markdown"]
    )
    assert result.exit_code == 0, result.output
    (page,) = json.loads(result.stdout)["pages"]
    assert page["title"] == "Title"


def test_refused_archive_is_a_clear_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.html", "<p>x</p>")
    (tmp_path / "export.zip").write_bytes(buffer.getvalue())
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "export.zip"), "-o", str(out)])
    assert result.exit_code == 1
    assert "Error:" in result.output and "outside" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not (tmp_path / "evil.html").exists()


def test_convert_options_have_help() -> None:
    from notion_import.cli.convert_cmd import convert_command

    for param in convert_command.params:
        if isinstance(param, click.Option):
            assert param.help, param.opts


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(main), ids=lambda v: str(v))
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"{name} has no help text"
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
