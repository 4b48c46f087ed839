"""Requests sent against the lower bound, per corpus.

Each corpus is imported into an in-process notion-emulator (no rate limit, no latency: only
the requests matter here) and the requests the import sent (verification reads apart) are
printed beside the report's ``minimal_requests`` (the lower bound of
``notion_import.importer.minimal``, see docs/requests.md), their ratio, and the block patches
among them (the link pass). Corpora: the synthetic workload (``benchmarks/workload.py``), the
corpus beside the project (``../shared/corpus``) and the documentation sites cached in
``.cache/sites/`` (see ``benchmarks/bench_fidelity.py``; absent ones are skipped).

Usage: python benchmarks/bench_requests.py [--only NAME ...] [--pages N] [--json OUT]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_fidelity import CACHE, SITES, source_of
from benchmarks.workload import make_export
from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import connect
from notion_import.importer import Importer, ImportOptions, Journal, documents_to_pages


async def measure(source: Path, work: Path, pages: int | None) -> dict[str, Any]:
    """Import ``source`` (its first ``pages`` pages) and count what was sent."""
    app = create_app(EmulatorConfig(rate=10_000.0, burst=10_000))
    state = app.state.emulator
    async with connect(
        state.config.token, "http://e", transport=EmulatorTransport(app), rate=10_000.0
    ) as api:
        with Journal(work / "journal.sqlite") as journal:
            importer = Importer(
                api, journal, {"page_id": state.root_page_id}, ImportOptions(verify="acked")
            )
            converted = documents_to_pages(source)
            report = await importer.run(
                converted if pages is None else itertools.islice(converted, pages)
            )
    totals = report.totals()
    sent = totals["requests"] - totals["verify_requests"]
    patches = totals["requests_by_endpoint"].get("PATCH /v1/blocks/{id}", 0)
    return {
        "pages": totals["pages"],
        "requests": sent,
        "lower_bound": totals["minimal_requests"],
        "ratio": round(sent / totals["minimal_requests"], 3),
        "block_patches": patches,
        "by_endpoint": totals["requests_by_endpoint"],
    }


def corpora(work: Path) -> list[tuple[str, Path | None]]:
    """Each corpus by name, with its source (None: not on this machine)."""
    workload = make_export(work / "workload", pages=100)
    out: list[tuple[str, Path | None]] = [("workload (100 pages)", workload)]
    for site in SITES:
        if site.package and not (CACHE / site.package).is_dir():
            out.append((site.name, None))
            continue
        scratch = work / f"site{len(out)}"
        scratch.mkdir()
        out.append((site.name, source_of(site, scratch)))
    return out


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="Corpora whose name has this.")
    parser.add_argument("--pages", type=int, default=None, help="The first N pages of each.")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, source in corpora(work):
            if args.only and not any(o.lower() in name.lower() for o in args.only):
                continue
            if source is None:
                print(f"{name}: skipped (not cached)", file=sys.stderr)
                continue
            scratch = work / f"run{len(rows)}"
            scratch.mkdir()
            row = {"corpus": name, **await measure(source, scratch, args.pages)}
            rows.append(row)
            print(json.dumps(row), flush=True)
    worst = max((r["ratio"] for r in rows), default=0.0)
    print(json.dumps({"cores": os.cpu_count(), "worst_ratio": worst}))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main())
