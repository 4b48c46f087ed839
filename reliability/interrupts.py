"""Interrupts: SIGINT to the real import command at seeded random moments (after a random
number of pages written, seen in its journal, or after a random delay), each followed by
running the same command again. PASS: every interrupted run exited 130 within 5 seconds and
said how to resume, every resumed run exited 0, and each final tree equals an uninterrupted
run's, with no duplicate.

    python -m reliability.interrupts [--quick] [--interrupts N]
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

from benchmarks.workload import make_export

from reliability.common import (
    clean_env,
    clean_run,
    duplicates,
    finish,
    import_command,
    log,
    parser,
    server,
    shape,
)

NAME = "interrupts"
ABOUT = (
    "Sends SIGINT (Ctrl-C) to the real import command at seeded random moments — after a "
    "random number of pages written, seen in its journal, or a random delay after the run "
    "began — and then "
    "runs the same command again to resume. PASS means every interrupted run exited with code "
    "130 within 5 seconds and printed the resume line, every resumed run exited 0, and every "
    "final tree equals an uninterrupted run's, with no page or block twice."
)
#: full verification at a rate that keeps the campaign short.
FAST = ("--verify", "full", "--rate", "100")
#: the longest an interrupted run may take to end.
LIMIT = 5.0
RESUME = "run the same command again to resume"


def pages_written(journal: Path) -> int:
    """Pages the running import has written, from its journal (read while it writes: WAL)."""
    if not journal.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=0.05)) as db:
            row = db.execute(
                "SELECT COUNT(*) FROM pages WHERE state IN ('written', 'linked', 'verified')"
            ).fetchone()
    except sqlite3.Error:  # the schema is not there yet, or the file is being created
        return 0
    return int(row[0])


def interrupt(
    command: list[str], journal: Path, work: Path, *, pages: int | None, delay: float
) -> tuple[int | None, float, bool, int]:
    """Run ``command``, send SIGINT once ``pages`` are written (or ``delay`` seconds after
    the run began, its journal created):
    the exit code (``None``: it ended first), seconds from the signal to the exit, whether it
    printed the resume line, and the pages written when the signal was sent."""
    errors = work / "stderr.txt"
    with errors.open("w") as err:
        process = subprocess.Popen(
            command, env=clean_env(), stdout=subprocess.DEVNULL, stderr=err, text=True
        )
        started: float | None = None
        try:
            while process.poll() is None:
                if started is None and journal.exists():
                    started = time.monotonic()
                if pages is not None and pages_written(journal) >= pages:
                    break
                if pages is None and started is not None and time.monotonic() - started >= delay:
                    break
                time.sleep(0.005)
            else:
                return None, 0.0, False, 0
            at = pages_written(journal)
            sent = time.monotonic()
            process.send_signal(signal.SIGINT)
            try:
                code = process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                code = -1
            took = time.monotonic() - sent
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=60)
    return code, took, RESUME in errors.read_text(), at


def main() -> int:
    arguments = parser(__doc__.splitlines()[0])
    arguments.add_argument("--interrupts", type=int, default=10)
    args = arguments.parse_args()
    wanted = 3 if args.quick else args.interrupts
    pages = 12 if args.quick else 40
    rng = random.Random(args.seed)
    env = clean_env()
    figures: dict[str, object] = {"pages": pages}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = make_export(work / "export", pages=pages)
        token_file = work / "token"
        run = clean_run(source, work / "clean.sqlite", token_file, *FAST)
        if run.expected is None:
            log(NAME, f"clean run failed: {run.stderr[-500:]}")
            return finish(NAME, {"clean_run_exit": run.exit_code}, False, about=ABOUT)
        expected, duration = run.expected, run.seconds
        total = pages_written(work / "clean.sqlite")
        log(NAME, f"clean run: {duration:.1f} s, {total} pages")
        figures["clean_run_seconds"] = round(duration, 1)
        exits: Counter[int] = Counter()
        final_exits: Counter[int] = Counter()
        slowest = 0.0
        no_resume_line = mismatches = dups = ended_first = 0
        written_at: list[int] = []
        with server("--rate", "0", "--latency-ms", "20") as target:
            journal = work / "interrupted.sqlite"
            command = import_command(source, target, journal, token_file, *FAST)
            for n in range(wanted):
                target.http.post("/_emulator/reset")
                for stale in (journal, journal.with_name(journal.name + "-wal")):
                    stale.unlink(missing_ok=True)
                by_pages = n % 2 == 0  # alternately: after some pages, after some time
                code, took, resume_line, at = interrupt(
                    command,
                    journal,
                    work,
                    pages=rng.randint(1, total - 1) if by_pages else None,
                    delay=rng.uniform(0.0, duration * 0.6),
                )
                if code is None:
                    ended_first += 1
                    log(NAME, f"interrupt {n + 1}: the run ended first")
                    continue
                exits[code] += 1
                slowest = max(slowest, took)
                written_at.append(at)
                no_resume_line += not resume_line
                log(NAME, f"interrupt {n + 1}: {at} pages written, exit {code} in {took:.2f} s")
                final = subprocess.run(command, env=env, capture_output=True, text=True)
                final_exits[final.returncode] += 1
                got = target.tree()
                dups += duplicates(got)
                if final.returncode != 0 or shape(got) != expected:
                    mismatches += 1
                    log(NAME, f"resume {n + 1}: exit {final.returncode}, the tree differs")
        figures.update(
            {
                "interrupts": sum(exits.values()),
                "ended_before_the_interrupt": ended_first,
                "exits": dict(exits),
                "slowest_stop_seconds": round(slowest, 2),
                "without_resume_line": no_resume_line,
                "pages_written_at_interrupt": written_at,
                "resumes": dict(final_exits),
                "resumes_not_identical": mismatches,
                "duplicates": dups,
            }
        )
        passed = (
            sum(exits.values()) > 0
            and set(exits) == {130}
            and slowest < LIMIT
            and no_resume_line == 0
            and mismatches == 0
            and dups == 0
        )
    return finish(NAME, figures, passed, about=ABOUT)


if __name__ == "__main__":
    sys.exit(main())
