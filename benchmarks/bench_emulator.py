"""Emulator throughput, in-process, with limiting and latency off.

Prints, as medians of several rounds:
- simple requests per second through httpx + EmulatorTransport (client cost included) and
  through the bare ASGI app (the emulator's own cost);
- append and list times on a page holding few blocks vs one holding 100,000 blocks.

Usage: python benchmarks/bench_emulator.py [--rounds 5] [--requests 2000] [--blocks 100000]
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

from notion_emulator.app import create_app
from notion_emulator.transport import EmulatorTransport


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Notion-Version": "2025-09-03"}


async def _asgi_call(
    app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes = b""
) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("e", 80),
    }
    await app(scope, receive, send)
    return status


async def simple_requests(n: int) -> tuple[float, float]:
    app = create_app(rate=0)
    token = app.state.emulator.config.token
    page = app.state.emulator.root_page_id
    async with httpx.AsyncClient(
        transport=EmulatorTransport(app), base_url="http://e", headers=_headers(token)
    ) as http:
        start = time.perf_counter()
        for _ in range(n):
            r = await http.get(f"/v1/blocks/{page}")
            assert r.status_code == 200
        via_httpx = n / (time.perf_counter() - start)
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in _headers(token).items()]
    raw_headers.append((b"host", b"e"))
    start = time.perf_counter()
    for _ in range(n):
        assert await _asgi_call(app, "GET", f"/v1/blocks/{page}", raw_headers) == 200
    bare = n / (time.perf_counter() - start)
    return via_httpx, bare


def _paragraphs(n: int, tag: str) -> list[dict[str, Any]]:
    return [{"paragraph": {"rich_text": [{"text": {"content": f"{tag} {i}"}}]}} for i in range(n)]


async def big_page(blocks: int, rounds: int) -> dict[str, float]:
    app = create_app(rate=0)
    emulator = app.state.emulator
    token = emulator.config.token
    async with httpx.AsyncClient(
        transport=EmulatorTransport(app), base_url="http://e", headers=_headers(token), timeout=60
    ) as http:

        async def new_page() -> str:
            r = await http.post(
                "/v1/pages",
                json={
                    "parent": {"page_id": emulator.root_page_id},
                    "properties": {"title": [{"text": {"content": "bench"}}]},
                },
            )
            return str(r.json()["id"])

        small, big = await new_page(), await new_page()
        await http.patch(f"/v1/blocks/{small}/children", json={"children": _paragraphs(100, "s")})
        fill_start = time.perf_counter()
        for _ in range(blocks // 100):
            r = await http.patch(
                f"/v1/blocks/{big}/children", json={"children": _paragraphs(100, "b")}
            )
            assert r.status_code == 200
        fill_seconds = time.perf_counter() - fill_start

        async def timed(coro_factory: Any) -> float:
            samples = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                await coro_factory()
                samples.append(time.perf_counter() - t0)
            return statistics.median(samples) * 1000

        async def append(page: str) -> None:
            r = await http.patch(
                f"/v1/blocks/{page}/children", json={"children": _paragraphs(100, "x")}
            )
            assert r.status_code == 200

        async def list_last_page(page: str) -> None:
            node = emulator.store.nodes[page]
            cursor = node.children[-100]
            r = await http.get(f"/v1/blocks/{page}/children", params={"start_cursor": cursor})
            assert r.status_code == 200 and len(r.json()["results"]) == 100

        return {
            "fill_seconds": fill_seconds,
            "append_small_ms": await timed(lambda: append(small)),
            "append_big_ms": await timed(lambda: append(big)),
            "list_last_page_small_ms": await timed(lambda: list_last_page(small)),
            "list_last_page_big_ms": await timed(lambda: list_last_page(big)),
            "blocks_stored": float(emulator.store.count()["blocks"]),
        }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--blocks", type=int, default=100_000)
    args = parser.parse_args()
    httpx_rates, bare_rates = [], []
    for _ in range(args.rounds):
        via_httpx, bare = await simple_requests(args.requests)
        httpx_rates.append(via_httpx)
        bare_rates.append(bare)
    big = await big_page(args.blocks, args.rounds)
    result = {
        "cores": os.cpu_count(),
        "simple_rps_httpx_median": round(statistics.median(httpx_rates)),
        "simple_rps_asgi_median": round(statistics.median(bare_rates)),
        **{k: round(v, 2) for k, v in big.items()},
        "append_ratio_big_vs_small": round(big["append_big_ms"] / big["append_small_ms"], 2),
        "list_ratio_big_vs_small": round(
            big["list_last_page_big_ms"] / big["list_last_page_small_ms"], 2
        ),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
