"""Scale: generated exports of 1,000, 5,000 and 10,000 pages (and the 3,302-page multilingual
debian-handbook) imported by the real command into a notion-emulator server at a time-scaled
rate. The importer's peak memory stays flat as pages grow; journal size and the time to resume
a finished import are reported; the tree holds every page once.

    python -m reliability.scale [--quick] [--sizes 1000,5000,10000]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.workload import make_export

from reliability.common import (
    PROJECT,
    PYTHON,
    clean_env,
    count_pages,
    finish,
    import_command,
    log,
    parser,
    server,
)

NAME = "scale"
#: what the campaign does and what PASS means (RELIABILITY.md shows it).
ABOUT = (
    "Imports generated exports of 1,000, 5,000 and 10,000 pages, and the 3,302-page "
    "multilingual debian-handbook, with the real command into an emulator server at a "
    "time-scaled rate, and reports peak memory, journal size and the time to resume a finished "
    "import. PASS means memory stays flat as the pages grow and the tree holds every page once."
)

HANDBOOK = PROJECT / ".cache" / "debian-handbook" / "usr/share/doc/debian-handbook/html"
#: flat: the largest import may use at most this much more memory than the smallest.
FLAT = 1.5
#: Runs the command after its first argument, writes the command's peak RSS (KiB) to the file
#: named first, and exits as the command did. A child's ``ru_maxrss`` starts at the
#: high-water mark of the process that started it (``vfork`` shares its memory until
#: ``exec``): started from the campaign, which holds the workspace trees it read back, every
#: import but the first would be charged with the campaign's memory. Started from this small
#: process, it is charged with this one's (about 10 MB), below any import's own.
MEASURE = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
if code < 0:
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def run(command: list[str]) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS in MB, stderr tail) of one command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        process = subprocess.Popen(
            [PYTHON, "-c", MEASURE, peak.name, *command],
            env=clean_env(),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        code = process.wait()
        err.seek(0)
        tail = err.read()[-400:].decode(errors="replace")
        kib = int(peak.read() or 0)
    return code, time.perf_counter() - started, kib / 1024, tail


def one(source: Path, expected_pages: int, work: Path, label: str) -> dict[str, Any]:
    with server("--rate", "0") as target:
        token_file = work / "token"
        token_file.write_text(target.token)
        journal = work / f"{label}.sqlite"
        report = work / f"{label}.json"
        command = import_command(
            source, target, journal, token_file, "--rate", "1000", "--report", str(report)
        )
        code, seconds, rss, tail = run(command)
        if code not in (0, 4):
            log(NAME, f"{label}: exit {code}: {tail}")
        totals = json.loads(report.read_text())["totals"] if report.exists() else {}
        before = target.stats()["requests"]
        again, resume, _, _ = run(command)  # everything is done: how fast is a resume?
        resume_requests = target.stats()["requests"] - before
        tree = target.tree()
    figures = {
        "pages": expected_pages,
        "exit": code,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(rss, 1),
        "requests": totals.get("requests"),
        "journal_mb": round(journal.stat().st_size / 2**20, 2) if journal.exists() else None,
        "resume_seconds": round(resume, 1),
        "resume_exit": again,
        "resume_requests": resume_requests,
        "pages_in_notion": count_pages(tree),
        # the source may hold pages of the same title: extra pages are what counts
        "duplicates": max(0, count_pages(tree) - expected_pages),
    }
    log(NAME, f"{label}: {figures}")
    return figures


def main() -> int:
    arguments = parser(__doc__.splitlines()[0])
    arguments.add_argument("--sizes", default="1000,5000,10000")
    args = arguments.parse_args()
    sizes = [100, 400] if args.quick else [int(n) for n in args.sizes.split(",")]
    results: dict[str, Any] = {}
    passed = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in sizes:
            source = make_export(work / f"export-{size}", pages=size)
            # the pages, the index and the two folder pages
            got = one(source, size + 3, work, f"generated-{size}")
            results[f"generated_{size}"] = got
            passed = passed and _whole(got)
        if not args.quick and HANDBOOK.is_dir():
            pages = sum(1 for _ in HANDBOOK.rglob("*.html"))
            got = one(HANDBOOK, pages, work, "debian-handbook")
            results["debian_handbook"] = got
            passed = passed and got["exit"] in (0, 4) and got["duplicates"] == 0
        elif not args.quick:
            log(NAME, f"{HANDBOOK} is missing: run benchmarks/bench_convert.py once to fetch it")
    smallest, largest = results[f"generated_{sizes[0]}"], results[f"generated_{sizes[-1]}"]
    growth = round(largest["peak_rss_mb"] / smallest["peak_rss_mb"], 2)
    flat = growth <= FLAT
    figures: dict[str, Any] = {
        "sizes": ",".join(map(str, sizes)),
        "rss_mb": "/".join(str(results[f"generated_{n}"]["peak_rss_mb"]) for n in sizes),
        "rss_growth": growth,
        "lost": sum(r["pages"] - r["pages_in_notion"] for r in results.values() if r["pages"]),
        "duplicates": sum(r["duplicates"] for r in results.values()),
        "runs": results,
    }
    return finish(NAME, figures, passed and flat, about=ABOUT)


def _whole(figures: dict[str, Any]) -> bool:
    return bool(
        figures["exit"] == 0
        and figures["pages_in_notion"] == figures["pages"]
        and figures["duplicates"] == 0
        and figures["resume_exit"] == 0
    )


if __name__ == "__main__":
    sys.exit(main())
