"""A virtual clock for asyncio tests: ``sleep`` returns when virtual time reaches it."""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Awaitable
from typing import Any


class VirtualClock:
    """Time only moves when every task is waiting on it; then it jumps to the next wake-up."""

    def __init__(self) -> None:
        self.now = 0.0
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (self.now + max(0.0, delay), self._seq, future))
        self._seq += 1
        await future

    async def run(self, *awaitables: Awaitable[Any], settle: int = 50) -> list[Any]:
        tasks = [asyncio.ensure_future(a) for a in awaitables]
        while not all(t.done() for t in tasks):
            for _ in range(settle):
                await asyncio.sleep(0)
            if all(t.done() for t in tasks):
                break
            if not self._heap:
                continue
            when, _seq, future = heapq.heappop(self._heap)
            self.now = max(self.now, when)
            if not future.done():
                future.set_result(None)
        return [t.result() for t in tasks]
