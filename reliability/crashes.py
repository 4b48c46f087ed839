"""Crashes: ``kill -9`` the real import command at 20 seeded random moments — during
uploads, creates, appends, the link pass and verification — each followed by running the same
command again; the final tree equals an uninterrupted run's, with no duplicate.

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
from pathlib import Path

from benchmarks.workload import make_export

from reliability.common import (
    clean_env,
    duplicates,
    finish,
    import_command,
    log,
    parser,
    server,
    shape,
)

NAME = "crashes"
#: full verification (so kills land in it too), at a rate that keeps the campaign short.
FAST = ("--verify", "full", "--rate", "100")


def phase(journal: Path, pages: int) -> str:
    """What the killed run was doing, from its journal."""
    if not journal.exists():
        return "start-up"
    with sqlite3.connect(journal) as db:
        states = Counter(dict(db.execute("SELECT state, COUNT(*) FROM pages GROUP BY state")))
        uploads = db.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
        patches = db.execute("SELECT COUNT(*) FROM patches").fetchone()[0]
    written = states.get("written", 0)
    if not states.get("created", 0) and not written and not states.get("sent", 0):
        return "uploads" if uploads else "start-up"
    if written < pages:
        return "creates and appends"
    return "link pass" if patches else "link pass or verification"


def main() -> int:
    arguments = parser(__doc__.splitlines()[0])
    arguments.add_argument("--kills", type=int, default=20)
    args = arguments.parse_args()
    kills_wanted = 5 if args.quick else args.kills
    pages = 12 if args.quick else 40
    rng = random.Random(args.seed)
    env = clean_env()
    figures: dict[str, object] = {"pages": pages}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = make_export(work / "export", pages=pages)
        token_file = work / "token"
        with server("--rate", "0", "--latency-ms", "5") as clean:
            token_file.write_text(clean.token)
            started = time.perf_counter()
            done = subprocess.run(
                import_command(
                    source, clean, work / "clean.sqlite", token_file, "--verify", "full"
                ),
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            duration = time.perf_counter() - started
            if done.returncode != 0:
                log(NAME, f"clean run failed: {done.stderr[-500:]}")
                return finish(NAME, {"clean_run_exit": done.returncode}, False)
            expected = shape(clean.tree())
            # time a second run: the first one also pays for the interpreter's warm-up
            clean.http.post("/_emulator/reset")
            started = time.perf_counter()
            subprocess.run(
                import_command(source, clean, work / "again.sqlite", token_file, *FAST),
                env=env,
                capture_output=True,
                timeout=900,
            )
            duration = time.perf_counter() - started
        log(NAME, f"clean run: {duration:.1f} s")
        figures["clean_run_seconds"] = round(duration, 1)
        phases: Counter[str] = Counter()
        cycles = mismatches = kills = 0
        final_exits: Counter[int] = Counter()
        with server("--rate", "0", "--latency-ms", "5") as target:
            journal = work / "crash.sqlite"
            command = import_command(source, target, journal, token_file, *FAST)
            while kills < kills_wanted:  # a cycle: a fresh import, killed 1-3 times, finished
                target.http.post("/_emulator/reset")
                for stale in (journal, journal.with_name(journal.name + "-wal")):
                    stale.unlink(missing_ok=True)
                for _ in range(min(rng.randint(1, 3), kills_wanted - kills)):
                    process = subprocess.Popen(
                        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                    )
                    time.sleep(rng.uniform(0.7, max(1.0, duration)))  # start-up, then any time
                    if process.poll() is None:
                        os.kill(process.pid, signal.SIGKILL)
                        process.wait(timeout=60)
                        kills += 1
                        where = phase(journal, pages + 3)
                        phases[where] += 1
                        log(NAME, f"kill {kills}: during {where}")
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
            }
        )
        passed = identical and dups == 0 and mismatches == 0
    return finish(NAME, figures, passed)


if __name__ == "__main__":
    sys.exit(main())
