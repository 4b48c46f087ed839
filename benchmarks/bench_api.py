"""The toolkit against notion-emulator's limiters, and its own CPU cost per request.

Three measurements, printed as JSON:

1. ``known_rate``: the emulator limits to R requests/s (token bucket) with 200 ms latency; the
   toolkit is told R. Reported: sustained rate / R, and 429s (target >= 0.95, zero).
2. ``window_budget``: the emulator allows B requests per W-second window; the toolkit is not
   told (adaptive, starts at 3/s). Reported: share of the budget used over the run, and the
   share of requests answered 429 (targets >= 0.90 and < 0.02).
3. ``overhead``: CPU seconds per request through the toolkit minus CPU per request with the
   bare SDK on the same in-process emulator (target < 1 ms).

Usage: python benchmarks/bench_api.py [--rate 10] [--seconds 20] [--budget 60 --window 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from typing import Any

import httpx
from notion_client import AsyncClient

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import connect


async def _drive(api: Any, root: str, seconds: float, concurrency: int) -> tuple[int, float]:
    """Keep ``concurrency`` readers busy for ``seconds``; returns (successes, elapsed)."""
    deadline = time.perf_counter() + seconds
    done = 0

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await api.client.blocks.retrieve(block_id=root)
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done, time.perf_counter() - started


async def known_rate(rate: float, seconds: float) -> dict[str, Any]:
    app = create_app(EmulatorConfig(rate=rate, latency_ms=200))
    emulator = app.state.emulator
    async with connect(
        emulator.config.token,
        "http://e",
        transport=EmulatorTransport(app),
        rate=rate,
        concurrency=8,
    ) as api:
        done, elapsed = await _drive(api, emulator.root_page_id, seconds, 8)
        return {
            "rate": rate,
            "latency_ms": 200,
            "seconds": round(elapsed, 2),
            "requests": done,
            "sustained_ratio": round(done / elapsed / rate, 3),
            "status_429": api.stats.rate_limited,
        }


async def window_budget(budget: int, window: float, seconds: float) -> dict[str, Any]:
    app = create_app(
        EmulatorConfig(rate=0, window_budget=budget, window_seconds=window, latency_ms=50)
    )
    emulator = app.state.emulator
    async with connect(
        emulator.config.token,
        "http://e",
        transport=EmulatorTransport(app),
        concurrency=8,
        max_rate=100,
    ) as api:
        done, elapsed = await _drive(api, emulator.root_page_id, seconds, 8)
        sent = api.stats.total
        available = budget * (elapsed / window)
        return {
            "budget": budget,
            "window_seconds": window,
            "seconds": round(elapsed, 2),
            "requests_ok": done,
            "budget_used_ratio": round(min(done, available) / available, 3),
            "share_429": round(api.stats.rate_limited / sent, 4) if sent else 0.0,
            "final_rate": round(api.limiter.rate, 2),
        }


async def overhead(requests: int, rounds: int) -> dict[str, Any]:
    app = create_app(EmulatorConfig(rate=0))
    emulator = app.state.emulator
    token, root = emulator.config.token, emulator.root_page_id

    async def bare() -> float:
        client = AsyncClient(
            auth=token,
            base_url="http://e",
            client=httpx.AsyncClient(transport=EmulatorTransport(app)),
            retry=False,
        )
        start = time.process_time()
        for _ in range(requests):
            await client.blocks.retrieve(block_id=root)
        cpu = time.process_time() - start
        await client.aclose()
        return cpu

    async def toolkit() -> float:
        async with connect(
            token, "http://e", transport=EmulatorTransport(app), rate=1e9, burst=1000
        ) as api:
            start = time.process_time()
            for _ in range(requests):
                await api.client.blocks.retrieve(block_id=root)
            return time.process_time() - start

    diffs = []
    for _ in range(rounds):
        diffs.append(((await toolkit()) - (await bare())) / requests)
    return {
        "requests_per_round": requests,
        "rounds": rounds,
        "overhead_ms_per_request_median": round(statistics.median(diffs) * 1000, 4),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--budget", type=int, default=60)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--overhead-requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    result = {
        "cores": os.cpu_count(),
        "known_rate": await known_rate(args.rate, args.seconds),
        "window_budget": await window_budget(args.budget, args.window, args.seconds * 3),
        "overhead": await overhead(args.overhead_requests, args.rounds),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
