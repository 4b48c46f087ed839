"""``kill -9`` the import command at random moments, run it again: the same tree as an
uninterrupted run, with no duplicate page or block.

The emulator runs as a server in its own process (it survives the kills); the importer runs as
the real command in a subprocess, so nothing of the killed run survives but its journal.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks.workload import make_export

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals"),
    pytest.mark.slow,
]

VERSION = "2025-09-03"


class Server:
    def __init__(self, process: subprocess.Popen[str], info: dict[str, str]) -> None:
        self.process = process
        self.base_url = info["base_url"]
        self.token = info["token"]
        self.root = info["root_page_id"]
        self.http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {self.token}", "Notion-Version": VERSION},
            timeout=30,
        )

    def children(self, block_id: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params = {"page_size": 100, **({"start_cursor": cursor} if cursor else {})}
            answer = self.http.get(f"/v1/blocks/{block_id}/children", params=params).json()
            out += answer["results"]
            if not answer["has_more"]:
                return out
            cursor = answer["next_cursor"]

    def tree(self, block_id: str | None = None) -> tuple[Any, ...]:
        """The page tree as (type, text, children) tuples: ids and times left out."""
        shapes = []
        for block in self.children(block_id or self.root):
            kind = block["type"]
            body = block[kind]
            if kind == "child_page":
                text = body["title"]
            else:
                text = "".join(
                    "@page" if t["type"] == "mention" else t["plain_text"]
                    for t in body.get("rich_text", [])
                )
            below = self.tree(block["id"]) if block["has_children"] else ()
            shapes.append((kind, text, below))
        return tuple(shapes)


@pytest.fixture
def server() -> Iterator[Any]:
    servers: list[Server] = []

    def start() -> Server:
        process = subprocess.Popen(
            [sys.executable, "-m", "notion_emulator", "serve", "--port", "0", "--rate", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        started = Server(process, json.loads(line))
        servers.append(started)
        return started

    yield start
    for started in servers:
        started.http.close()
        started.process.terminate()
        started.process.wait(timeout=10)
        if started.process.stdout is not None:
            started.process.stdout.close()


def import_command(target: Server, source: Path, journal: Path, token_file: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "notion_import",
        "import",
        str(source),
        "--parent",
        target.root,
        "--base-url",
        target.base_url,
        "--token-file",
        str(token_file),
        "--journal",
        str(journal),
        "--verify",
        "full",
        "--quiet",
        "--rate",
        "200",
    ]


def titles(tree: tuple[Any, ...]) -> Counter[str]:
    found: Counter[str] = Counter()
    for kind, text, below in tree:
        if kind == "child_page":
            found[text] += 1
        found.update(titles(below))
    return found


def test_kill_9_at_random_moments_then_rerun(server: Any, tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=10)
    env = {k: v for k, v in os.environ.items() if k not in ("NOTION_TOKEN", "NOTION_BASE_URL")}

    clean = server()
    token_file = tmp_path / "token"
    token_file.write_text(clean.token)
    done = subprocess.run(
        import_command(clean, source, tmp_path / "clean.sqlite", token_file),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    expected = clean.tree()
    assert titles(expected)

    crashed = server()
    journal = tmp_path / "crash.sqlite"
    command = import_command(crashed, source, journal, token_file)
    rng = random.Random(9)
    kills = 0
    for _ in range(4):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.7, 1.6))  # start-up, then some writes
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert kills >= 2, "the import finished before it could be killed: slow the emulator down"
    tree = crashed.tree()
    assert tree == expected
    assert max(titles(tree).values()) == 1


def test_verify_command_reads_back_and_finds_changes(server: Any, tmp_path: Path) -> None:
    source = make_export(tmp_path / "export", pages=2)
    env = {k: v for k, v in os.environ.items() if k not in ("NOTION_TOKEN", "NOTION_BASE_URL")}
    target = server()
    token_file = tmp_path / "token"
    token_file.write_text(target.token)
    journal = tmp_path / "journal.sqlite"
    done = subprocess.run(
        import_command(target, source, journal, token_file), env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    verify = [
        sys.executable,
        "-m",
        "notion_import",
        "verify",
        "--journal",
        str(journal),
        "--base-url",
        target.base_url,
        "--token-file",
        str(token_file),
        "--report",
        str(tmp_path / "verify.json"),
    ]
    same = subprocess.run(verify, env=env, capture_output=True, text=True)
    assert same.returncode == 0, same.stdout + same.stderr
    report = json.loads((tmp_path / "verify.json").read_text())
    assert all(page["verified"] for page in report["pages"])
    assert target.token not in same.stdout + same.stderr

    pages = [target.root]
    paragraphs: list[dict[str, Any]] = []
    while not paragraphs:
        blocks = target.children(pages.pop(0))
        pages += [b["id"] for b in blocks if b["type"] == "child_page"]
        paragraphs = [b for b in blocks if b["type"] == "paragraph"]
    paragraph = paragraphs[0]
    edited = target.http.patch(
        f"/v1/blocks/{paragraph['id']}",
        json={"paragraph": {"rich_text": [{"text": {"content": "changed by hand"}}]}},
    )
    assert edited.status_code == 200
    changed = subprocess.run(verify, env=env, capture_output=True, text=True)
    assert changed.returncode == 3, changed.stdout + changed.stderr
    report = json.loads((tmp_path / "verify.json").read_text())
    assert [p["source"] for p in report["pages"] if not p["verified"]]
