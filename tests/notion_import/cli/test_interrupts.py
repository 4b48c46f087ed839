"""Ctrl-C and SIGTERM: a 300-page import, run as the real command in a pseudo-terminal against
an emulator server, is interrupted once some pages are written; it stops within 5 seconds
with exit 130 and the resume line, and the same command run again ends with the same tree as
an uninterrupted import. A second Ctrl-C ends the command at once.
"""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from reliability.common import Server, clean_env, duplicates, import_command, shape

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals and terminals"),
    pytest.mark.slow,
]

PAGES = 300
RESUME = "run the same command again to resume."


def make_pages(root: Path, pages: int = PAGES) -> Path:
    """``pages`` small HTML pages in two folders."""
    for n in range(pages):
        folder = root / ("a" if n % 2 else "b")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page{n:03d}.html").write_text(
            f"<title>Page {n}</title><h1>Page {n}</h1>"
            + "".join(f"<p>Paragraph {k} of page {n}.</p>" for k in range(6)),
            encoding="utf-8",
        )
    return root


def written(journal: Path) -> int:
    """Pages the running import has written, from its journal (read while it writes)."""
    if not journal.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=0.05)) as db:
            row = db.execute(
                "SELECT COUNT(*) FROM pages WHERE state IN ('written', 'linked', 'verified')"
            ).fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0])


class Terminal:
    """A command whose standard streams are a pseudo-terminal, its output collected."""

    def __init__(self, command: list[str]) -> None:
        self.master, slave = os.openpty()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=clean_env(), close_fds=True
        )
        os.close(slave)
        self.output = b""

    def read(self, seconds: float) -> None:
        """Collect what the command writes during ``seconds`` (less if it ends)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the other side is closed: the command ended
                    return
                if not chunk:
                    return
                self.output += chunk
            elif self.process.poll() is not None:
                return

    def wait_exit(self, seconds: float) -> int | None:
        """The exit code if the command ends within ``seconds``, else ``None``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read(0.05)
            if self.process.poll() is not None:
                self.read(0.2)
                return self.process.returncode
        return None

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        os.close(self.master)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pages(tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def target() -> Iterator[Server]:
    started = Server("--rate", "0", "--latency-ms", "5")
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def uninterrupted(source: Path, target: Server, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The shape of an uninterrupted import of ``source`` (under a page of its own)."""
    work = tmp_path_factory.mktemp("clean")
    parent = new_parent(target, "clean")
    done = subprocess.run(
        command(source, target, parent, work / "journal.sqlite", token_file(target, work)),
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return imported(target, parent)


def token_file(target: Server, folder: Path) -> Path:
    path = folder / "token"
    path.write_text(target.token)
    return path


def new_parent(target: Server, title: str) -> str:
    """A page under the workspace's root to import under."""
    answer = target.http.post(
        "/v1/pages",
        headers={"Authorization": f"Bearer {target.token}", "Notion-Version": "2025-09-03"},
        json={
            "parent": {"page_id": target.root},
            "properties": {"title": {"title": [{"text": {"content": title}}]}},
        },
    )
    answer.raise_for_status()
    return str(answer.json()["id"])


def imported(target: Server, parent: str) -> Any:
    """The tree imported under ``parent``, without ids (and without its own title)."""
    tree = target.tree()
    for child in tree.get("children", []):
        if child["id"].replace("-", "") == parent.replace("-", ""):
            assert duplicates(child) == 0
            return tuple(shape(c) for c in child.get("children", []))
    raise AssertionError(f"no page {parent} under the root")


def command(source: Path, target: Server, parent: str, journal: Path, token: Path) -> list[str]:
    """The import command, under ``parent``, progress shown (on the terminal)."""
    out = import_command(source, target, journal, token, "--rate", "150")
    out[out.index("--parent") + 1] = parent
    out.remove("--quiet")
    return out


def interrupt(
    source: Path, target: Server, work: Path, parent: str, signals: list[signal.Signals]
) -> tuple[Terminal, float, list[str]]:
    """Start the import in a terminal, send ``signals`` once 20 pages are written (0.05 s
    apart); the terminal, the time from the first signal to the exit, and the command."""
    journal = work / "journal.sqlite"
    run = command(source, target, parent, journal, token_file(target, work))
    terminal = Terminal(run)
    deadline = time.monotonic() + 120
    while written(journal) < 20:
        assert terminal.process.poll() is None, terminal.text[-2000:]
        assert time.monotonic() < deadline, "no page written within 2 minutes"
        terminal.read(0.02)
    assert written(journal) < PAGES, "the import ended before it could be interrupted"
    sent = time.monotonic()
    for n, number in enumerate(signals):
        if n:
            terminal.read(0.05)
        terminal.process.send_signal(number)
    code = terminal.wait_exit(30)
    took = time.monotonic() - sent
    assert code is not None, f"still running 30 s after the interrupt: {terminal.text[-2000:]}"
    return terminal, took, run


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_import_stops_and_resumes(
    number: signal.Signals, source: Path, target: Server, uninterrupted: Any, tmp_path: Path
) -> None:
    parent = new_parent(target, f"interrupted {number.name}")
    terminal, took, run = interrupt(source, target, tmp_path, parent, [number])
    try:
        assert terminal.process.returncode == 130, terminal.text[-2000:]
        assert took < 5, f"took {took:.1f} s to stop"
        assert "Interrupted: " in terminal.text and RESUME in terminal.text, terminal.text[-2000:]
        assert "Traceback" not in terminal.text
    finally:
        terminal.close()
    assert 0 < written(tmp_path / "journal.sqlite") < PAGES
    resumed = subprocess.run(run, env=clean_env(), capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert imported(target, parent) == uninterrupted


def test_a_second_interrupt_ends_the_command_at_once(
    source: Path, target: Server, uninterrupted: Any, tmp_path: Path
) -> None:
    parent = new_parent(target, "interrupted twice")
    terminal, took, run = interrupt(
        source, target, tmp_path, parent, [signal.SIGINT, signal.SIGINT]
    )
    try:
        assert terminal.process.returncode == 130, terminal.text[-2000:]
        assert took < 5, f"took {took:.1f} s to stop"
        assert "Traceback" not in terminal.text, terminal.text[-2000:]
        assert RESUME in terminal.text
    finally:
        terminal.close()
    resumed = subprocess.run(run, env=clean_env(), capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert imported(target, parent) == uninterrupted
