"""The journal's lock and its checks, in one process: exclusive against anything, shared
beside shared, freed on release; a journal refused without being written to."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from notion_import.errors import DuplicateImportError, JournalBusyError, JournalError
from notion_import.importer import Journal
from notion_import.importer.identity import ImportIdentity, check_duplicates, check_identity
from notion_import.importer.lock import JournalLock, lock_path


def test_an_exclusive_lock_refuses_another_and_says_who(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite"
    with JournalLock(journal):
        assert json.loads(lock_path(journal).read_text())["pid"] == os.getpid()
        with pytest.raises(JournalBusyError, match=rf"\(pid {os.getpid()}, started \d\d:\d\d\)"):
            JournalLock(journal).acquire()
        with pytest.raises(JournalBusyError):
            JournalLock(journal, shared=True).acquire()
    assert lock_path(journal).read_text() == ""  # released: the holder's words go too
    with JournalLock(journal):
        pass


def test_shared_locks_go_together_but_not_with_an_import(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite"
    with (
        JournalLock(journal, shared=True),
        JournalLock(journal, shared=True),
        pytest.raises(JournalBusyError, match="run or verification"),
    ):
        JournalLock(journal).acquire()


def test_a_journal_of_another_import_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    mine = ImportIdentity.of(tmp_path / "a", "1" * 32)
    with Journal(tmp_path / "j.sqlite") as journal:
        check_identity(journal, mine, None)
        check_identity(journal, ImportIdentity.of(tmp_path / "a", "11111111-" + "1" * 24), None)
        for other in (
            ImportIdentity.of(tmp_path / "b", "1" * 32),
            ImportIdentity.of(tmp_path / "a", "2" * 32),
            ImportIdentity.of(tmp_path / "a", "1" * 32, into_database=True),
        ):
            with pytest.raises(JournalError, match="records an import of"):
                check_identity(journal, other, None)
        assert ImportIdentity.read(journal) == mine


def test_a_journal_of_an_earlier_version_is_checked_by_its_record(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    mine = ImportIdentity.of(tmp_path / "a", "1" * 32)
    under = {"page_id": "1" * 32}
    with Journal(tmp_path / "j.sqlite") as journal:
        for source, target in (
            (tmp_path / "b", under),
            (mine.path, {"page_id": "2" * 32}),
            (mine.path, {"data_source_id": "3" * 32}),
        ):
            with pytest.raises(JournalError, match="records an import of"):
                check_identity(journal, mine, (source, target))
        check_identity(journal, mine, (mine.path, under))
        assert ImportIdentity.read(journal) == mine


def test_a_file_is_known_by_its_bytes(tmp_path: Path) -> None:
    one, two = tmp_path / "one.zip", tmp_path / "two.zip"
    one.write_bytes(b"x" * 3_000_000)
    two.write_bytes(b"x" * 3_000_000)
    assert ImportIdentity.of(one, "p").key == ImportIdentity.of(two, "p").key
    two.write_bytes(b"y")
    assert ImportIdentity.of(one, "p").key != ImportIdentity.of(two, "p").key


def test_an_sqlite_file_without_our_tables_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    db.close()
    with pytest.raises(JournalError, match="no journal tables"):
        Journal(path)
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert tables == {"recipes"}


def test_an_empty_file_becomes_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    path.touch()
    with Journal(path) as journal:
        assert journal.get_meta("journal_version") == "1"
        assert not journal.has_pages()


def test_duplicates_are_named_a_few_then_counted(tmp_path: Path) -> None:
    check_duplicates(["A", "B"], {"C"}, tmp_path / "j")
    with pytest.raises(DuplicateImportError, match=r"'T0', 'T1', 'T2', 'T3', 'T4' and 2 more"):
        check_duplicates([f"T{n}" for n in range(7)], {f"T{n}" for n in range(9)}, tmp_path)
