"""ExportRoot: the one "inside the export?" check, and the converter's file lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from notion_import.convert.files import FileEntry
from notion_import.sources.root import ExportRoot


@pytest.fixture
def export(tmp_path: Path) -> Path:
    root = tmp_path / "export"
    (root / "pages" / "folder").mkdir(parents=True)
    (root / "pages" / "a.png").write_bytes(b"png")
    (root / "pages" / "folder" / "index.html").write_text("<p>i</p>")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "pages" / "alias.png").symlink_to(root / "pages" / "a.png")
    (root / "pages" / "escape.txt").symlink_to(tmp_path / "secret.txt")
    (root / "up").symlink_to(tmp_path, target_is_directory=True)
    return root


def test_find_tells_files_folders_and_missing_paths(export: Path) -> None:
    files = ExportRoot(export)
    assert files.find("pages/a.png") == FileEntry("file", "pages/a.png")
    assert files.find("pages/folder") == FileEntry("folder", "pages/folder")
    assert files.find(".") == FileEntry("folder", ".")
    assert files.find("pages/none.png") == FileEntry("missing", "pages/none.png")
    assert files.find("pages/a.png/x") == FileEntry("missing", "pages/a.png/x")


def test_find_follows_symbolic_links_only_inside(export: Path) -> None:
    files = ExportRoot(export)
    assert files.find("pages/alias.png") == FileEntry("file", "pages/a.png")
    assert files.find("pages/escape.txt").kind == "outside"
    assert files.find("up/secret.txt").kind == "outside"


def test_contains_resolves_symbolic_links(export: Path) -> None:
    files = ExportRoot(export)
    assert files.contains(export / "pages" / "alias.png")
    assert not files.contains(export / "pages" / "escape.txt")
    assert not files.contains(export / "up" / "secret.txt")
    assert not files.contains(export.parent / "secret.txt")


def test_file_and_bytes_stay_inside(export: Path) -> None:
    files = ExportRoot(export)
    assert files.read_bytes("pages/alias.png") == b"png"
    assert files.file("pages/a.png") == (export / "pages" / "a.png").resolve()
    assert files.file("pages/escape.txt") is None
    assert files.file("../secret.txt") is None
    assert files.file("pages/folder") is None
    assert files.read_bytes("pages/none.png") is None
