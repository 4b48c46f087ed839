"""The importer against its floor, Notion's rate, side by side with a naive importer.

Workload: `benchmarks/workload.py` (100 pages, 5-image galleries with shared files, lists 4
deep, a table, code, links between pages), imported into an in-process notion-emulator that
limits to R requests/s and adds latency L. Reported for each importer: requests, wall time,
429s; for ours also `minimal_requests` (see `notion_import.importer.minimal.minimal_requests`) and
the two ratios: requests / minimal and wall / (requests / R).

The naive importer does what the old synchronous design did: one request at a time, a
0.35 s pause before each (scaled by 3/R), every image reference uploaded (no dedup), same
content, same planner.

Usage: python benchmarks/bench_import.py [--rate 30 --latency-ms 30] [--pages 100]
       (the design point is --rate 3 --latency-ms 300: about half an hour for both)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.workload import make_export
from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import connect
from notion_import.importer import Importer, ImportOptions, Journal, documents_to_pages
from notion_import.importer.fill import step_blocks, unresolved


def emulator(rate: float, latency_ms: float) -> Any:
    return create_app(EmulatorConfig(rate=rate, burst=3, latency_ms=latency_ms))


async def ours(
    source: Path, rate: float, latency_ms: float, work: Path, verify: str = "acked"
) -> dict[str, Any]:
    app = emulator(rate, latency_ms)
    state = app.state.emulator
    async with connect(
        state.config.token,
        "http://e",
        transport=EmulatorTransport(app),
        rate=rate,
        burst=1,
        concurrency=8,
    ) as api:
        with Journal(work / "journal.sqlite") as journal:
            importer = Importer(
                api,
                journal,
                {"page_id": state.root_page_id},
                ImportOptions(verify=verify, concurrency=8),
            )
            started = time.perf_counter()
            report = await importer.run(documents_to_pages(source))
            wall = time.perf_counter() - started
    totals = report.totals()
    # the ratios are about the import; verification reads are reported apart
    sent = totals["requests"] - totals["verify_requests"]
    return {
        "requests": sent,
        "minimal_requests": totals["minimal_requests"],
        "requests_over_minimal": round(sent / totals["minimal_requests"], 3),
        "wall_seconds": round(wall, 1),
        "floor_seconds": round(totals["requests"] / rate, 1),
        "wall_over_floor": round(wall / (totals["requests"] / rate), 3),
        "verify_requests": totals["verify_requests"],
        "verified_pages": sum(1 for p in report.pages if p.verified),
        "pages_imported": len(report.pages),
        "status_429": totals["rate_limited"],
        "files_uploaded": totals["files_uploaded"],
        "exit_code": report.exit_code(),
    }


async def naive(source: Path, rate: float, latency_ms: float) -> dict[str, Any]:
    import httpx
    from notion_client import AsyncClient

    app = emulator(rate, latency_ms)
    state = app.state.emulator
    pause = 0.35 * 3.0 / rate
    client = AsyncClient(
        auth=state.config.token,
        base_url="http://e",
        client=httpx.AsyncClient(transport=EmulatorTransport(app)),
        retry=False,
    )
    requests = 0

    async def call(coro_factory: Any) -> Any:
        nonlocal requests
        while True:
            await asyncio.sleep(pause)
            requests += 1
            try:
                return await coro_factory()
            except Exception as exc:  # the old design slept and retried on 429
                if getattr(exc, "status", None) != 429:
                    raise
                await asyncio.sleep(1.0)

    started = time.perf_counter()
    parents: dict[str, str] = {}
    for page in documents_to_pages(source):
        uploads: dict[int, str] = {}
        for index, asset in enumerate(page.assets):
            if asset.kind != "local" or page.root is None:
                continue
            content = (page.root / asset.ref).read_bytes()
            name = Path(asset.ref).name
            created = await call(lambda n=name: client.file_uploads.create(filename=n))
            await call(
                lambda c=created, b=content, n=name: client.file_uploads.send(
                    file_upload_id=c["id"], file=(n, b, "image/png")
                )
            )
            uploads[index] = created["id"]
        folder = str(Path(page.key).parent)
        if folder != "." and folder not in parents:
            made = await call(
                lambda f=folder: client.pages.create(
                    parent={"page_id": state.root_page_id},
                    properties={"title": [{"text": {"content": f}}]},
                )
            )
            parents[folder] = made["id"]
        parent = parents.get(folder, state.root_page_id)
        created_page = await call(
            lambda p=parent, t=page.title: client.pages.create(
                parent={"page_id": p}, properties={"title": [{"text": {"content": t}}]}
            )
        )
        results: dict[int, list[str]] = {}
        page.uploads = uploads
        for number, step in enumerate(page.plan.steps):
            target = (
                created_page["id"]
                if step.target.request is None
                else (results[step.target.request][step.target.index])
            )
            if step.kind == "list":
                listed = await call(lambda t=target: client.blocks.children.list(block_id=t))
                results[number] = [b["id"] for b in listed["results"]]
                continue
            children = step_blocks(page, step, unresolved)
            answer = await call(
                lambda t=target, c=children: client.blocks.children.append(block_id=t, children=c)
            )
            results[number] = [b["id"] for b in answer["results"]]
    wall = time.perf_counter() - started
    await client.aclose()
    return {"requests": requests, "wall_seconds": round(wall, 1)}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--latency-ms", type=float, default=30.0)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument(
        "--source", type=Path, default=None, help="Import this export instead of the workload."
    )
    parser.add_argument(
        "--verify", default="acked", choices=["acked", "full"], help="Verification mode."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = args.source or make_export(work / "export", pages=args.pages)
        result: dict[str, Any] = {
            "cores": os.cpu_count(),
            "pages": args.pages,
            "rate": args.rate,
            "latency_ms": args.latency_ms,
            "ours": await ours(source, args.rate, args.latency_ms, work, args.verify),
        }
        if not args.skip_naive:
            result["naive"] = await naive(source, args.rate, args.latency_ms)
            result["speedup"] = round(
                result["naive"]["wall_seconds"] / result["ours"]["wall_seconds"], 2
            )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
