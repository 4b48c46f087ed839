"""Identity: the same import run from three working directories (the first run killed part
way), and several runs of one import started at once — each time, one copy in Notion.

    python -m reliability.identity [--quick] [--rounds N] [--runs N]
"""

from __future__ import annotations

import os
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
    duplicates,
    finish,
    import_command,
    log,
    parser,
    server,
    shape,
)

NAME = "identity"
ABOUT = (
    "Runs the real command the way a person or a scheduler might, without `--journal`, so "
    "that the import finds its journal by itself (in the user's state directory, here a "
    "temporary one). *From three folders*: an import is started from one working directory "
    "and killed with SIGKILL once some pages are written, then the same command is run from a "
    "second folder (which must finish the import) and from a third (which must find nothing "
    "left to do). *Concurrent runs*: several copies of the same command are started at once, "
    "each from its own folder, over several rounds on a fresh workspace. PASS means: the "
    "workspace ends with the same tree as one uninterrupted run and no page twice, every run "
    "after the killed one exits 0, and in every concurrent round exactly one run imports while "
    "each other exits at once with code 2 naming the process that holds the journal."
)
#: an import slow enough (client-side rate) that every concurrent run starts while the first
#: one still holds the journal.
RATE = ("--rate", "20")


def command(source: Path, target: Server, token_file: Path) -> list[str]:
    """The import of ``source`` into ``target`` with the journal it finds by itself."""
    return import_command(source, target, None, token_file, *RATE)


def written_pages(state: Path) -> int:
    """Pages created so far, from the journal of the running import (read while it writes)."""
    total = 0
    for journal in state.glob("journals/*.sqlite"):
        try:
            with closing(sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=0.05)) as db:
                row = db.execute("SELECT COUNT(*) FROM pages WHERE page_id IS NOT NULL").fetchone()
                total += int(row[0])
        except sqlite3.Error:
            continue
    return total


def from_three_folders(
    source: Path, target: Server, token_file: Path, work: Path, env: dict[str, str]
) -> tuple[bool, list[int]]:
    """Kill a run from the first folder after a few pages, finish from the second, run again
    from the third."""
    state = Path(env["NOTION_IMPORT_STATE_DIR"])
    folders = [work / name for name in ("first", "second", "third")]
    for folder in folders:
        folder.mkdir()
    run = command(source, target, token_file)
    first = subprocess.Popen(
        run, cwd=folders[0], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while first.poll() is None and written_pages(state) < 3:
        time.sleep(0.01)
    killed = first.poll() is None
    if killed:
        os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=60)
    exits = []
    for folder in folders[1:]:
        done = subprocess.run(run, cwd=folder, env=env, capture_output=True, text=True)
        exits.append(done.returncode)
        if done.returncode != 0:
            log(NAME, f"from {folder.name}: exit {done.returncode}: {done.stderr[-300:]}")
    return killed, exits


def concurrent(
    source: Path, target: Server, token_file: Path, work: Path, env: dict[str, str], runs: int
) -> tuple[list[int], int]:
    """Start ``runs`` copies of the import at once, each from its own folder."""
    folders = [work / f"run{n}" for n in range(runs)]
    for folder in folders:
        folder.mkdir(exist_ok=True)
    started = [
        subprocess.Popen(
            command(source, target, token_file),
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    exits: list[int] = []
    named = 0
    for process in started:
        _, err = process.communicate(timeout=900)
        exits.append(process.returncode)
        if process.returncode == 2 and "another notion-import run (pid" in err:
            named += 1
        elif process.returncode != 0:
            log(NAME, f"a concurrent run: exit {process.returncode}: {err[-300:]}")
    return exits, named


def main() -> int:
    arguments = parser(__doc__.splitlines()[0])
    arguments.add_argument("--rounds", type=int, default=5)
    arguments.add_argument("--runs", type=int, default=4)
    args = arguments.parse_args()
    rounds = 2 if args.quick else args.rounds
    pages = 12 if args.quick else 30
    figures: dict[str, object] = {"pages": pages}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = make_export(work / "export", pages=pages)
        token_file = work / "token"
        env = {**clean_env(), "NOTION_IMPORT_STATE_DIR": str(work / "state")}
        with server("--rate", "0", "--latency-ms", "20") as target:
            token_file.write_text(target.token)
            clean = subprocess.run(
                command(source, target, token_file), cwd=work, env=env, capture_output=True
            )
            if clean.returncode != 0:
                log(NAME, f"clean run failed: exit {clean.returncode}")
                return finish(NAME, {"clean_run_exit": clean.returncode}, False, about=ABOUT)
            expected = shape(target.tree())

            def fresh() -> None:
                target.http.post("/_emulator/reset")
                for journal in (work / "state").glob("journals/*"):
                    journal.unlink()

            fresh()
            killed, folder_exits = from_three_folders(source, target, token_file, work, env)
            tree = target.tree()
            folders_ok = folder_exits == [0, 0] and shape(tree) == expected and not duplicates(tree)
            log(NAME, f"three folders: exits {folder_exits}, identical {shape(tree) == expected}")
            figures["three_folders_first_run_killed"] = killed
            figures["three_folders_exits"] = folder_exits
            figures["three_folders_identical"] = shape(tree) == expected
            figures["three_folders_duplicates"] = duplicates(tree)

            exits: Counter[int] = Counter()
            bad_rounds = named = 0
            for number in range(rounds):
                fresh()
                round_exits, round_named = concurrent(
                    source, target, token_file, work, env, args.runs
                )
                tree = target.tree()
                exits.update(round_exits)
                named += round_named
                good = (
                    sorted(round_exits) == [0] + [2] * (args.runs - 1)
                    and shape(tree) == expected
                    and not duplicates(tree)
                )
                bad_rounds += not good
                log(NAME, f"round {number + 1}: exits {round_exits}, as expected {good}")
            figures.update(
                {
                    "concurrent_rounds": rounds,
                    "concurrent_runs_per_round": args.runs,
                    "concurrent_exits": dict(exits),
                    "concurrent_refusals_naming_the_holder": named,
                    "concurrent_rounds_not_as_expected": bad_rounds,
                }
            )
            passed = folders_ok and bad_rounds == 0 and named == rounds * (args.runs - 1)
    return finish(NAME, figures, passed, about=ABOUT)


if __name__ == "__main__":
    sys.exit(main())
