"""One identity per import, one run at a time, a journal checked before use: the command
against a notion-emulator server, run from several folders and several processes at once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks.workload import make_export
from click.testing import CliRunner
from tests.served import UNPACED

from notion_import.cli import main
from notion_import.importer import Journal
from notion_import.importer.identity import ImportIdentity, legacy_journal
from notion_import.importer.lock import lock_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


def http(server: dict[str, str]) -> httpx.Client:
    return httpx.Client(
        base_url=server["base_url"],
        headers={"Authorization": f"Bearer {server['token']}", "Notion-Version": "2025-09-03"},
    )


def titles_under(server: dict[str, str], page_id: str | None = None) -> Counter[str]:
    """The titles of the pages right under ``page_id`` (the root), with their counts."""
    with http(server) as client:
        answer = client.get(
            f"/v1/blocks/{page_id or server['root_page_id']}/children", params={"page_size": 100}
        ).json()
    return Counter(
        block["child_page"]["title"] for block in answer["results"] if block["type"] == "child_page"
    )


def new_page(server: dict[str, str], title: str) -> str:
    with http(server) as client:
        made = client.post(
            "/v1/pages",
            json={
                "parent": {"page_id": server["root_page_id"]},
                "properties": {"title": {"title": [{"text": {"content": title}}]}},
            },
        ).json()
    return str(made["id"])


def arguments(server: dict[str, str], source: Path, *extra: str, parent: str = "") -> list[str]:
    token_file = source.parent / "token"
    token_file.write_text(server["token"])
    return [
        "import",
        str(source),
        "--parent",
        parent or server["root_page_id"],
        "--base-url",
        server["base_url"],
        "--token-file",
        str(token_file),
        "--quiet",
        *extra,
    ]


def run(server: dict[str, str], source: Path, *extra: str, parent: str = "") -> Any:
    """The command in this process, unpaced (the runs that hold a lock stay at the default
    pace, in a process of their own: see :func:`command`)."""
    return CliRunner().invoke(main, arguments(server, source, *extra, *UNPACED, parent=parent))


def one_line_refusal(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return str(lines[0])


# -- one identity per import ------------------------------------------------------------------


def test_the_same_import_from_two_folders_makes_one_copy(
    server: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_export(tmp_path / "export", pages=4)
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        result = run(server, source)
        assert result.exit_code == 0, result.output
    assert titles_under(server) == Counter({"Workload": 1, "guides": 1, "notes": 1})
    assert not (tmp_path / "first" / ".notion-import").exists()


def test_a_zip_moved_elsewhere_is_the_same_import(
    server: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_export(tmp_path / "export", pages=2)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(source.rglob("*")):
            zipped.write(path, path.relative_to(source))
    assert run(server, archive).exit_code == 0
    (tmp_path / "elsewhere").mkdir()
    moved = Path(shutil.move(archive, tmp_path / "elsewhere" / "copy.zip"))
    assert run(server, moved).exit_code == 0
    assert set(titles_under(server).values()) == {1}


def test_a_journal_left_in_the_old_folder_is_still_used(
    server: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_export(tmp_path / "export", pages=2)
    monkeypatch.chdir(tmp_path)
    old = legacy_journal(source, server["root_page_id"])
    old.parent.mkdir()
    assert run(server, source, "--journal", str(old)).exit_code == 0
    again = CliRunner().invoke(
        main, [a for a in arguments(server, source, *UNPACED) if a != "--quiet"]
    )
    assert again.exit_code == 0, again.output
    assert "left by an earlier version" in again.output
    assert set(titles_under(server).values()) == {1}


def test_a_new_journal_refuses_pages_already_there(server: dict[str, str], tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=2)
    assert run(server, source, "--journal", str(tmp_path / "one.sqlite")).exit_code == 0
    refused = run(server, source, "--journal", str(tmp_path / "two.sqlite"))
    line = one_line_refusal(refused)
    assert "'Workload'" in line and "'guides'" in line and "'notes'" in line
    assert "--journal FILE" in line and "--allow-duplicates" in line
    assert titles_under(server) == Counter({"Workload": 1, "guides": 1, "notes": 1})
    # refused again (the refused run began nothing), then imported again when asked
    assert run(server, source, "--journal", str(tmp_path / "two.sqlite")).exit_code == 2
    allowed = run(server, source, "--journal", str(tmp_path / "two.sqlite"), "--allow-duplicates")
    assert allowed.exit_code == 0, allowed.output
    assert titles_under(server) == Counter({"Workload": 2, "guides": 2, "notes": 2})


def test_a_refusal_names_a_few_pages_and_counts_the_rest(
    server: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "notes"
    source.mkdir()
    for n in range(8):
        (source / f"n{n}.html").write_text(f"<title>Note {n}</title><p>{n}</p>")
        new_page(server, f"Note {n}")
    line = one_line_refusal(run(server, source))
    assert line.count("'Note ") == 5 and "and 3 more" in line


def test_a_page_of_another_title_does_not_stop_a_new_import(
    server: dict[str, str], tmp_path: Path
) -> None:
    new_page(server, "Something else")
    source = make_export(tmp_path / "export", pages=2)
    assert run(server, source).exit_code == 0


# -- a journal checked before use -------------------------------------------------------------


def test_a_journal_of_another_source_or_parent_is_refused(
    server: dict[str, str], tmp_path: Path
) -> None:
    journal = tmp_path / "journal.sqlite"
    first = make_export(tmp_path / "first", pages=2)
    other = make_export(tmp_path / "other", pages=2)
    assert run(server, first, "--journal", str(journal)).exit_code == 0
    line = one_line_refusal(run(server, other, "--journal", str(journal)))
    assert "records an import of" in line and str(first.resolve()) in line
    elsewhere = new_page(server, "Elsewhere")
    line = one_line_refusal(run(server, first, "--journal", str(journal), parent=elsewhere))
    assert "records an import of" in line
    assert run(server, first, "--journal", str(journal), "--into-database").exit_code == 2
    assert titles_under(server, elsewhere) == Counter()
    # the journal still says what it recorded: verify checks the first import in full
    with Journal(journal) as kept:
        assert ImportIdentity.read(kept) == ImportIdentity.of(first, server["root_page_id"])
    verified = CliRunner().invoke(
        main,
        ["verify", "--journal", str(journal), "--base-url", server["base_url"]],
        env={"NOTION_TOKEN": server["token"]},
    )
    assert verified.exit_code == 0, verified.output


def not_a_journal(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.sqlite"
    if kind == "text":
        path.write_text("these are my notes, not a journal\n" * 20)
    elif kind == "other-sqlite":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE recipes (name TEXT)")
        db.close()
    else:  # a journal of a newer version
        with Journal(path) as journal:
            journal.set_meta("journal_version", "99")
    return path


@pytest.mark.parametrize("kind", ["text", "other-sqlite", "newer"])
def test_a_file_that_is_no_journal_of_ours_is_refused(tmp_path: Path, kind: str) -> None:
    path = not_a_journal(tmp_path, kind)
    before = path.read_bytes()
    source = make_export(tmp_path / "export", pages=1)
    line = one_line_refusal(
        CliRunner().invoke(main, ["import", str(source), "--quiet", "--journal", str(path)])
    )
    expected = {"text": "not a notion-import journal", "other-sqlite": "no journal tables"}
    assert expected.get(kind, "newer notion-import") in line
    assert path.read_bytes() == before  # never written to
    verify = CliRunner().invoke(main, ["verify", "--journal", str(path)])
    one_line_refusal(verify)


# -- one run at a time ------------------------------------------------------------------------


def command(server: dict[str, str], source: Path, journal: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "notion_import",
        *arguments(server, source, "--journal", str(journal)),
    ]


def holding(process: subprocess.Popen[bytes], journal: Path) -> None:
    """Wait until ``process`` holds the journal's lock (its pid is in the lock file)."""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if json.loads(lock_path(journal).read_text()).get("pid") == process.pid:
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    raise AssertionError(f"the run never held the lock (exit {process.poll()})")


def test_a_second_run_on_a_journal_in_use_is_refused(
    server: dict[str, str], tmp_path: Path
) -> None:
    source = make_export(tmp_path / "export", pages=2)
    journal = tmp_path / "journal.sqlite"
    first = subprocess.Popen(command(server, source, journal), stdout=subprocess.DEVNULL)
    try:
        holding(first, journal)
        os.kill(first.pid, signal.SIGSTOP)  # it holds the lock, and keeps it while we look
        second = subprocess.run(
            command(server, source, journal), capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 2, second.stdout + second.stderr
        assert f"another notion-import run (pid {first.pid}, started" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        os.kill(first.pid, signal.SIGCONT)
        assert first.wait(timeout=120) == 0
    assert titles_under(server) == Counter({"Workload": 1, "guides": 1, "notes": 1})


def test_a_lock_left_by_a_killed_run_is_taken_over(server: dict[str, str], tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=2)
    journal = tmp_path / "journal.sqlite"
    first = subprocess.Popen(command(server, source, journal), stdout=subprocess.DEVNULL)
    holding(first, journal)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert lock_path(journal).read_text()  # the killed run's words are still there
    second = subprocess.run(
        command(server, source, journal), capture_output=True, text=True, timeout=120
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert titles_under(server) == Counter({"Workload": 1, "guides": 1, "notes": 1})


def test_verify_waits_for_no_import(server: dict[str, str], tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=2)
    journal = tmp_path / "journal.sqlite"
    assert run(server, source, "--journal", str(journal)).exit_code == 0
    running = subprocess.Popen(command(server, source, journal), stdout=subprocess.DEVNULL)
    try:
        holding(running, journal)
        os.kill(running.pid, signal.SIGSTOP)
        verify = CliRunner().invoke(
            main,
            ["verify", "--journal", str(journal), "--base-url", server["base_url"]],
            env={"NOTION_TOKEN": server["token"]},
        )
        assert one_line_refusal(verify).startswith("Error: another notion-import run")
    finally:
        os.kill(running.pid, signal.SIGCONT)
        assert running.wait(timeout=120) == 0
