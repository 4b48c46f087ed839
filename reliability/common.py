"""What every campaign shares: results on disk, the summary line, an emulator server, the
shape of a workspace tree, and the search for a leaked token."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "reliability" / "results"
CORPUS = PROJECT.parent / "shared" / "corpus"
PYTHON = sys.executable
#: A token no run uses for anything else, so that any hit of the secrets scan is a leak.
TOKEN = "secret_reliability_" + "7f3a9c2e51b84d06a1e4c8b2f9d07e63"


def parser(description: str) -> argparse.ArgumentParser:
    """The options every campaign takes."""
    out = argparse.ArgumentParser(description=description)
    out.add_argument("--quick", action="store_true", help="A small run, for development.")
    out.add_argument("--seed", type=int, default=1, help="Seed for everything random.")
    return out


def finish(name: str, figures: dict[str, Any], passed: bool, *, about: str = "") -> int:
    """Write ``results/<name>.json`` (with ``about``: what the campaign does and what PASS
    means, in prose), print the summary line; the exit code."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "campaign": name,
        "about": about,
        "command": " ".join(shlex.quote(a) for a in [Path(PYTHON).name, "-m", *sys.argv]),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cores": os.cpu_count()},
        "figures": figures,
        "passed": passed,
    }
    result["command"] = f".venv/bin/python -m reliability.{name} " + " ".join(
        shlex.quote(a) for a in sys.argv[1:]
    )
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    shown = " ".join(f"{k}={v}" for k, v in figures.items() if not isinstance(v, dict | list))
    print(f"campaign {name}: {'PASS' if passed else 'FAIL'} {shown}", flush=True)
    return 0 if passed else 1


def log(name: str, message: str) -> None:
    print(f"[{name}] {message}", flush=True)


class Server:
    """A ``notion-emulator serve`` process and a client for its public API."""

    def __init__(self, *options: str, token: str = TOKEN) -> None:
        self.process = subprocess.Popen(
            [PYTHON, "-m", "notion_emulator", "serve", "--port", "0", "--token", token, *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        info = json.loads(self.process.stdout.readline())
        self.base_url: str = info["base_url"]
        self.token: str = info["token"]
        self.root: str = info["root_page_id"]
        self.http = httpx.Client(base_url=self.base_url, timeout=600)

    def tree(self) -> dict[str, Any]:
        """The whole workspace below the root, through the emulator's introspection."""
        answer = self.http.get(f"/_emulator/tree/{self.root}")
        answer.raise_for_status()
        return dict(answer.json())

    def stats(self) -> dict[str, Any]:
        return dict(self.http.get("/_emulator/stats").json())

    def close(self) -> None:
        self.http.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextmanager
def server(*options: str) -> Iterator[Server]:
    started = Server(*options)
    try:
        yield started
    finally:
        started.close()


def import_command(
    source: Path, target: Server, journal: Path | None, token_file: Path, *extra: str
) -> list[str]:
    """The real command, against ``target`` (``journal`` None: the one it finds itself)."""
    return [
        PYTHON,
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
        *(("--journal", str(journal)) if journal is not None else ()),
        "--quiet",
        *extra,
    ]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("NOTION_TOKEN", "NOTION_BASE_URL")}


@dataclass(frozen=True)
class CleanRun:
    """A fault-free import of a campaign's source: what a workspace must end up as."""

    #: The landed tree's :func:`shape`; None when the run failed.
    expected: tuple[Any, ...] | None
    seconds: float
    exit_code: int
    stderr: str


def clean_run(source: Path, journal: Path, token_file: Path, *extra: str) -> CleanRun:
    """Import ``source`` once into a fresh, unlimited emulator with ``journal`` and read back
    the tree it landed (the campaigns' reference)."""
    with server("--rate", "0", "--latency-ms", "20") as clean:
        token_file.write_text(clean.token)
        started = time.perf_counter()
        done = subprocess.run(
            import_command(source, clean, journal, token_file, *extra),
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=900,
        )
        seconds = time.perf_counter() - started
        expected = shape(clean.tree()) if done.returncode == 0 else None
    return CleanRun(expected, seconds, done.returncode, done.stderr)


def shape(node: dict[str, Any]) -> tuple[Any, ...]:
    """A tree as (type, text, files, children): ids, times and URLs left out."""
    kind = node["type"]
    body = node.get(kind, {})
    if kind == "child_page":
        text = body.get("title", "")
    else:
        text = "".join(
            "@" if t["type"] == "mention" else t.get("plain_text", "")
            for t in body.get("rich_text", [])
        )
    cells = tuple("".join(t["plain_text"] for t in c) for c in body.get("cells", []))
    media = body.get("type") if kind in ("image", "file", "pdf", "video", "audio") else None
    return (kind, text, cells, media, tuple(shape(c) for c in node.get("children", [])))


def titles(node: dict[str, Any]) -> Counter[tuple[str, str]]:
    """(parent title, title) of every page below ``node``: a count over 1 is a duplicate."""
    found: Counter[tuple[str, str]] = Counter()
    here = node.get("child_page", {}).get("title", "")
    for child in node.get("children", []):
        if child["type"] == "child_page":
            found[(here, child["child_page"]["title"])] += 1
        found.update(titles(child))
    return found


def duplicates(node: dict[str, Any]) -> int:
    return sum(n - 1 for n in titles(node).values() if n > 1)


def count_pages(node: dict[str, Any]) -> int:
    return sum(1 for _ in titles(node).elements())


def token_hits(paths: Iterable[Path], token: str = TOKEN) -> list[str]:
    """Files under ``paths`` that hold ``token`` (as text or bytes): what leaked where."""
    needle = token.encode()
    hits: list[str] = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            try:
                if needle in path.read_bytes():
                    hits.append(str(path))
            except OSError:
                continue
    return hits


def elapsed(started: float) -> float:
    return round(time.perf_counter() - started, 1)
