"""Crashes: ``kill -9`` the real import command 20 times, each aimed at a phase — uploads,
creates, appends, the link pass, verification — seen in its journal (and, for verification,
in the server's reads) at a seeded random moment; each cycle of kills is followed by running
the same command again: the final tree equals an uninterrupted run's, with no duplicate.

    python -m reliability.crashes [--quick] [--kills N]
"""

from __future__ import annotations

import os
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
    Server,
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

NAME = "crashes"
#: what the campaign does and what PASS means (RELIABILITY.md shows it).
ABOUT = (
    "Kills the real import command with SIGKILL (`kill -9`) twenty times, each kill aimed at "
    "one phase of the run (uploads, creates, appends, the link pass, verification) as its "
    "journal shows it, at a seeded random moment; after each cycle of kills it runs the same "
    "command again until it finishes. PASS means every final run exits 0 and the workspace "
    "holds exactly the tree of one uninterrupted run: no page, block or file missing and none "
    "twice."
)

#: full verification (so kills land in it too), at a rate that keeps the campaign short.
FAST = ("--verify", "full", "--rate", "100")
#: what a kill is aimed at, in the order a run goes through it.
PHASES = ("uploads", "creates", "appends", "link pass", "verification")
#: pairs of pages linking to each other's headings: a cycle, closed by the link pass.
CYCLES = 6


def add_link_cycles(root: Path, pairs: int) -> None:
    """Pages that link to a heading of each other: one of each pair must be patched at the
    end, so that the run has a link pass to be killed in."""
    folder = root / "cycles"
    folder.mkdir()
    for n in range(pairs):
        for me, other in (("a", "b"), ("b", "a")):
            (folder / f"pair{n}{me}.html").write_text(
                f"<title>Pair {n}{me}</title><h2 id='top'>Pair {n}{me}</h2>"
                f"<p>See <a href='pair{n}{other}.html#top'>the other one</a>.</p>",
                encoding="utf-8",
            )


def journal_phases(journal: Path, total: int) -> set[str]:
    """What a running import is doing, from its journal (read while it writes: WAL)."""
    if not journal.exists():
        return set()
    try:
        with closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=0.05)) as db:
            uploads = db.execute("SELECT COUNT(*) FROM uploads WHERE state = 'sent'").fetchone()
            steps = dict(
                db.execute(
                    "SELECT step > 0, COUNT(*) FROM steps WHERE state = 'sent' GROUP BY step > 0"
                ).fetchall()
            )
            patches = dict(db.execute("SELECT state, COUNT(*) FROM patches GROUP BY state"))
            pages = dict(db.execute("SELECT state, COUNT(*) FROM pages GROUP BY state"))
    except sqlite3.Error:  # the schema is not there yet, or the file is being created
        return set()
    found = set()
    if uploads[0]:
        found.add("uploads")
    if steps.get(0) or pages.get("sent"):
        found.add("creates")
    if steps.get(1):
        found.add("appends")
    if patches.get("sent"):
        found.add("link pass")
    if pages.get("written") == total and not steps and not patches.get("sent") and patches:
        found.add("after the link pass")
    return found


def reads(target: Server) -> int:
    routes = target.stats().get("by_route", {})
    return sum(int(n) for route, n in routes.items() if route.startswith("GET"))


def uploading(target: Server) -> bool:
    """A file upload created and not yet sent (uploads are not journaled before they end:
    one cut short is an orphan Notion expires, never a duplicate)."""
    routes = target.stats().get("by_route", {})
    created = routes.get("POST /file_uploads", 0)
    sent = sum(n for route, n in routes.items() if route.endswith("/send"))
    return bool(created > sent)


def kill_in(
    command: list[str], journal: Path, total: int, target: Server, aim: str, rng: random.Random
) -> str | None:
    """Run ``command`` and ``kill -9`` it as soon as it is in phase ``aim`` (None: it ended
    first). Verification is seen from the server: reads growing after the link pass."""
    process = subprocess.Popen(
        command, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    baseline: int | None = None
    try:
        while process.poll() is None:
            now = journal_phases(journal, total)
            if aim == "uploads" and uploading(target):
                now.add("uploads")
            if aim == "verification" and "after the link pass" in now:
                baseline = reads(target) if baseline is None else baseline
                if reads(target) > baseline + rng.randint(3, 40):
                    now.add("verification")
            if aim in now:
                time.sleep(rng.uniform(0, 0.01))
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=60)
                return aim
            time.sleep(0.002)
        return None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)


def main() -> int:
    arguments = parser(__doc__.splitlines()[0])
    arguments.add_argument("--kills", type=int, default=20)
    args = arguments.parse_args()
    kills_wanted = 5 if args.quick else args.kills
    pages = 12 if args.quick else 40
    rng = random.Random(args.seed)
    env = clean_env()
    figures: dict[str, object] = {"pages": pages, "link_cycles": CYCLES}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = make_export(work / "export", pages=pages)
        add_link_cycles(source, CYCLES)
        token_file = work / "token"
        run = clean_run(source, work / "clean.sqlite", token_file, *FAST)
        if run.expected is None:
            log(NAME, f"clean run failed: {run.stderr[-500:]}")
            return finish(NAME, {"clean_run_exit": run.exit_code}, False, about=ABOUT)
        expected, duration = run.expected, run.seconds
        with closing(sqlite3.connect(work / "clean.sqlite")) as db:
            total = db.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
            figures["clean_run_patches"] = db.execute("SELECT COUNT(*) FROM patches").fetchone()[0]
        log(NAME, f"clean run: {duration:.1f} s, {total} pages")
        figures["clean_run_seconds"] = round(duration, 1)
        phases: Counter[str] = Counter()
        missed: Counter[str] = Counter()
        cycles = mismatches = kills = 0
        final_exits: Counter[int] = Counter()
        aims = [PHASES[n % len(PHASES)] for n in range(kills_wanted)]
        with server("--rate", "0", "--latency-ms", "20") as target:
            journal = work / "crash.sqlite"
            command = import_command(source, target, journal, token_file, *FAST)
            while aims:  # a cycle: a fresh import, killed 1-3 times in phase order, finished
                target.http.post("/_emulator/reset")
                for stale in (journal, journal.with_name(journal.name + "-wal")):
                    stale.unlink(missing_ok=True)
                count = min(rng.randint(1, 3), len(aims))
                chosen = sorted(
                    (aims.pop(rng.randrange(len(aims))) for _ in range(count)), key=PHASES.index
                )
                for aim in chosen:
                    hit = kill_in(command, journal, total, target, aim, rng)
                    if hit is None:
                        missed[aim] += 1
                        log(NAME, f"aimed at {aim}: the run ended first")
                        continue
                    kills += 1
                    phases[hit] += 1
                    log(NAME, f"kill {kills}: during {hit}")
                final = subprocess.run(command, env=env, capture_output=True, text=True)
                final_exits[final.returncode] += 1
                got = target.tree()
                cycles += 1
                if final.returncode != 0 or shape(got) != expected or duplicates(got):
                    mismatches += 1
                    log(NAME, f"cycle {cycles}: exit {final.returncode}, tree differs or dups")
        identical = shape(got) == expected
        dups = duplicates(got)
        figures.update(
            {
                "kills": kills,
                "cycles": cycles,
                "cycles_not_identical": mismatches,
                "final_exits": dict(final_exits),
                "identical": identical,
                "duplicates": dups,
                "phases": dict(phases),
                "aimed_but_ended_first": dict(missed),
            }
        )
        every_phase = set(phases) == set(PHASES) or args.quick
        passed = identical and dups == 0 and mismatches == 0 and every_phase
    return finish(NAME, figures, passed, about=ABOUT)


if __name__ == "__main__":
    sys.exit(main())
