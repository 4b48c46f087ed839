"""Rate limits: the import with the client's default settings (adaptive, from Notion's 3/s)
against each limiter mode of the emulator — a token bucket, a per-window budget the client is
not told, 529 overload storms — reporting utilisation, the share of 429s and wall time against
the floor (requests / allowed rate). Every run must also produce the fault-free tree.

    python -m reliability.ratelimit [--quick]
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
from notion_import.importer import Importer, ImportOptions, Journal, documents_to_pages
from reliability.common import TOKEN, duplicates, finish, log, parser, shape

NAME = "ratelimit"
#: what the campaign does and what PASS means (RELIABILITY.md shows it).
ABOUT = (
    "Imports with the client's default settings against each of the emulator's limiter modes (a "
    "token bucket, a per-window budget the client is not told, storms of 529 overload answers), "
    "and reports how much of the allowed rate was used, the share of 429s and the wall time "
    "against the floor (requests divided by the allowed rate). PASS means every run also "
    "produces the fault-free tree."
)


async def run(config: EmulatorConfig, source: Path, journal: Path) -> tuple[Any, Any, float]:
    app = create_app(config)
    state = app.state.emulator
    started = time.perf_counter()
    async with connect(TOKEN, "http://e", transport=EmulatorTransport(app)) as api:
        with Journal(journal) as opened:
            importer = Importer(
                api, opened, {"page_id": state.root_page_id}, ImportOptions(verify="acked")
            )
            report = await importer.run(documents_to_pages(source))
    seconds = time.perf_counter() - started
    state.faults.probability = 0.0
    return report, state.tree(state.root_page_id, "http://e"), seconds


async def campaign(pages: int) -> tuple[dict[str, Any], bool]:
    figures: dict[str, Any] = {"pages": pages}
    passed = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = make_export(work / "export", pages=pages)
        _, clean_tree, _ = await run(EmulatorConfig(token=TOKEN, rate=0), source, work / "c.db")
        expected = shape(clean_tree)
        modes = {
            # Notion's documented average, a small burst, some latency
            "bucket": (EmulatorConfig(token=TOKEN, rate=3, burst=3, latency_ms=100), 3.0),
            # a budget per window the client is not told: 90 per 10 s (9/s on average)
            "window": (
                EmulatorConfig(token=TOKEN, rate=0, window_budget=90, window_seconds=10),
                9.0,
            ),
            # 529 overloads on a third of the requests, over a 10/s bucket
            "storm529": (
                EmulatorConfig(
                    token=TOKEN, rate=10, burst=3, faults=0.3, fault_kinds="529", fault_seed=5
                ),
                10.0,
            ),
        }
        for name, (config, allowed) in modes.items():
            report, tree, seconds = await run(config, source, work / f"{name}.db")
            totals = report.totals()
            sent = totals["requests"]
            refused = totals["rate_limited"]
            identical = shape(tree) == expected and duplicates(tree) == 0
            figures[f"{name}_requests"] = sent
            figures[f"{name}_429_share"] = round(refused / sent, 4) if sent else 0.0
            figures[f"{name}_utilisation"] = round(sent / (seconds * allowed), 3)
            figures[f"{name}_wall_over_floor"] = round(seconds / (sent / allowed), 3)
            figures[f"{name}_identical"] = identical
            log(NAME, f"{name}: {sent} requests in {seconds:.1f} s, {refused} 429s, {identical=}")
            passed = passed and identical and report.exit_code() == 0
    return figures, passed


def main() -> int:
    args = parser(__doc__.splitlines()[0]).parse_args()
    figures, passed = asyncio.run(campaign(4 if args.quick else 20))
    return finish(NAME, figures, passed, about=ABOUT)


if __name__ == "__main__":
    sys.exit(main())
