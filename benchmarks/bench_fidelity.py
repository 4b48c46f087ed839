"""Fidelity on real material: import whole documentation sites and real exports into the
embedded emulator with ``--verify full`` and print what verification against the source
measured (text recall, images, links, table cells) and how many pages it found damaged.

The material is nobody's here: the corpus beside the project (``../shared/corpus``) and
Debian's documentation packages, fetched once with ``apt-get download`` into
``.cache/sites/<package>/`` (Sphinx, DocBook, asciidoc, Doxygen and Publican sites). Each run
is a ``notion-import import`` in a fresh process, as a user would start it.

Usage: python benchmarks/bench_fidelity.py [--only NAME ...] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "sites"
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True)
class Site:
    """A body of real material: where it comes from and which part of it is imported."""

    name: str
    #: Debian package holding it, or "" for the corpus.
    package: str
    #: the folder (or file) imported, relative to the package's extracted tree or the corpus.
    path: str
    #: keeps the files of the folder that belong to the site (one language of several).
    keep: Callable[[Path], bool] | None = None


SITES = [
    Site("corpus/web-html", "", "web-html"),
    Site("corpus/evernote-html", "", "evernote-html"),
    Site("corpus/google-docs", "", "google-docs"),
    Site("corpus/onenote", "", "onenote"),
    Site("corpus/enex", "", "enex"),
    Site("corpus/notion-testspace.zip", "", "notion-export/notion-testspace.zip"),
    Site("corpus/Notion.Test.Export.zip", "", "notion-export/Notion.Test.Export.zip"),
    Site(
        "debian-handbook (Publican/DocBook)",
        "debian-handbook",
        "usr/share/doc/debian-handbook/html/en-US",
    ),
    Site("developers-reference (Sphinx)", "developers-reference", "usr/share/developers-reference"),
    Site(
        "maint-guide (DocBook XSL)",
        "maint-guide",
        "usr/share/doc/maint-guide/html",
        keep=lambda p: p.suffix != ".html" or p.name.endswith(".en.html"),
    ),
    Site("git-doc (asciidoc)", "git-doc", "usr/share/doc/git/html"),
    Site("doxygen-doc (Doxygen)", "doxygen-doc", "usr/share/doc/doxygen/html"),
    Site(
        "python3.11-doc library (Sphinx)", "python3.11-doc", "usr/share/doc/python3.11/html/library"
    ),
]


def fetch(package: str) -> Path:
    """The extracted tree of a Debian package, downloaded once into the cache."""
    target = CACHE / package
    if package == "debian-handbook" and not target.is_dir():
        older = ROOT / ".cache" / "debian-handbook"  # where bench_convert keeps it
        if older.is_dir():
            return older
    if target.is_dir():
        return target
    if not shutil.which("apt-get") or not shutil.which("dpkg-deb"):
        sys.exit(f"needs apt-get and dpkg-deb to fetch {package}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", package], cwd=tmp, check=True)
        deb = next(Path(tmp).glob(f"{package}_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
    return target


def source_of(site: Site, scratch: Path) -> Path | None:
    base = CORPUS if not site.package else fetch(site.package)
    path = base / site.path
    if not path.exists():
        return None
    if site.keep is None:
        return path
    copy = scratch / "site"  # only the files of the site, with what they reference
    for file in path.rglob("*"):
        if file.is_file() and site.keep(file):
            dest = copy / file.relative_to(path)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, dest)
    return copy


def run(site: Site) -> dict[str, Any] | None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        source = source_of(site, scratch)
        if source is None:
            return None
        env = {k: v for k, v in os.environ.items() if k != "NOTION_TOKEN"}
        report = scratch / "report.json"
        command = [
            str(Path(sys.executable).parent / "notion-import"),
            "import",
            str(source),
            "--verify",
            "full",
            "--report",
            str(report),
            "--journal",
            str(scratch / "journal.sqlite"),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=scratch)
        seconds = time.perf_counter() - started
        if not report.is_file():
            print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
            return {"site": site.name, "error": f"exit {done.returncode}, no report"}
        data = json.loads(report.read_text(encoding="utf-8"))
    totals = data["totals"]
    figures = totals.get("verification") or {}
    mismatched = sum(1 for p in data["pages"] if p.get("verified") is False)
    return {
        "site": site.name,
        "pages": totals["pages"],
        "text": figures.get("text"),
        "images": figures.get("images"),
        "links": figures.get("links"),
        "cells": figures.get("cells"),
        "counts": figures.get("counts"),
        "mismatched_pages": mismatched,
        "requests": totals.get("requests"),
        "verify_requests": totals.get("verify_requests"),
        "losses_by_kind": totals.get("losses_by_kind"),
        "exit_code": data.get("exit_code"),
        "seconds": round(seconds, 1),
    }


def ratio(value: Any) -> str:
    return "–" if value is None else f"{value:.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only the sites whose name has one of these")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args()
    chosen = [s for s in SITES if not args.only or any(o in s.name for o in args.only)]
    results = []
    print(
        "| material | pages | text | images | links | cells | links retitled "
        "| mismatched pages | verification requests | exit | s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for site in chosen:
        result = run(site)
        if result is None:
            print(f"| {site.name} | (absent) | | | | | | | | | |")
            continue
        results.append(result)
        if "error" in result:
            print(f"| {site.name} | {result['error']} | | | | | | | | | |")
            continue
        print(
            f"| {result['site']} | {result['pages']} | {ratio(result['text'])} | "
            f"{ratio(result['images'])} | {ratio(result['links'])} | {ratio(result['cells'])} | "
            f"{(result['counts'] or {}).get('links_retitled', '–')} | "
            f"{result['mismatched_pages']} | {result['verify_requests']} | "
            f"{result['exit_code']} | {result['seconds']} |",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
