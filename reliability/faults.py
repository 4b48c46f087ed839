"""Faults: the same import under 5 %, 10 % and 20 % injected faults of every kind the
emulator offers (applied-then-failed writes, 5xx, 529, 429, hangs, dropped connections)
gives the tree of a fault-free run, with no duplicate, every uncertain write reconciled.

    python -m reliability.faults [--quick] [--pages N]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.workload import make_export

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import connect
from notion_import.api.retry import RetryPolicy
from notion_import.importer import Importer, ImportOptions, Journal, documents_to_pages
from reliability.common import TOKEN, duplicates, finish, log, parser, shape

NAME = "faults"
#: what the campaign does and what PASS means (RELIABILITY.md shows it).
ABOUT = (
    "Imports the same export while the emulator injects faults into 5 %, 10 % and 20 % of "
    "requests: writes applied and then answered with an error, 5xx and 529 answers, 429s, hangs "
    "and dropped connections. PASS means every run ends with the tree of a fault-free run, with "
    "no duplicate, and every write whose outcome was unknown was reconciled by reading back."
)

#: quick retries: the faults are what is tested, not the waiting.
RETRY = RetryPolicy(max_attempts=12, base_delay=0.005, max_delay=0.05, default_pause=0.01)


def tree(app: Any) -> dict[str, Any]:
    state = app.state.emulator
    state.faults.probability = 0.0
    return dict(state.tree(state.root_page_id, "http://e"))


async def run(app: Any, source: Path, journal: Path) -> Any:
    state = app.state.emulator
    async with connect(
        TOKEN,
        "http://e",
        transport=EmulatorTransport(app),
        rate=1e6,
        burst=1000,
        retry=RETRY,
        timeout=2.0,
    ) as api:
        with Journal(journal) as opened:
            importer = Importer(
                api,
                opened,
                {"page_id": state.root_page_id},
                ImportOptions(verify="acked", concurrency=8),
            )
            return await importer.run(documents_to_pages(source))


def emulator(probability: float, seed: int) -> Any:
    return create_app(
        EmulatorConfig(
            token=TOKEN,
            rate=0,
            faults=probability,
            fault_seed=seed,
            fault_kinds="all",
            hang_seconds=3.0,
        )
    )


async def campaign(pages: int, seed: int) -> tuple[dict[str, Any], bool]:
    figures: dict[str, Any] = {"pages": pages}
    passed = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = make_export(work / "export", pages=pages)
        clean = emulator(0.0, seed)
        await run(clean, source, work / "clean.sqlite")
        expected = shape(tree(clean))
        for percent in (5, 10, 20):
            app = emulator(percent / 100, seed + percent)
            started = time.perf_counter()
            journal = work / f"faults-{percent}.sqlite"
            report = await run(app, source, journal)
            runs = 1
            while report.exit_code() == 1 and runs < 5:  # a page gave up: run it again
                report = await run(app, source, journal)
                runs += 1
            injected_by_kind = {str(k): n for k, n in app.state.emulator.faults.injected.items()}
            got = tree(app)
            identical = shape(got) == expected
            dups = duplicates(got)
            totals = report.totals()
            injected = sum(injected_by_kind.values())
            log(
                NAME,
                f"{percent}%: {injected} faults injected, {runs} run(s), identical={identical}, "
                f"duplicates={dups}, reconciled={totals['uncertain_writes_reconciled']}",
            )
            figures[f"faults_{percent}pct_injected"] = injected
            figures[f"faults_{percent}pct_identical"] = identical
            figures[f"faults_{percent}pct_duplicates"] = dups
            figures[f"faults_{percent}pct_reconciled"] = totals["uncertain_writes_reconciled"]
            figures[f"faults_{percent}pct_runs"] = runs
            figures[f"faults_{percent}pct_seconds"] = round(time.perf_counter() - started, 1)
            figures[f"faults_{percent}pct_kinds"] = injected_by_kind
            passed = passed and identical and dups == 0 and report.exit_code() == 0
    return figures, passed


def main() -> int:
    args = parser(__doc__.splitlines()[0]).parse_args()
    pages = 20 if args.quick else 200
    figures, passed = asyncio.run(campaign(pages, args.seed))
    return finish(NAME, figures, passed, about=ABOUT)


if __name__ == "__main__":
    sys.exit(main())
