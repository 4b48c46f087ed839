"""A stand-in for Notion's per-window budget, independent of notion-emulator.

Semantics: ``budget`` requests per ``window``-second window; windows follow one another on a
fixed grid that starts at the first request; a request over the budget is answered 429
``rate_limited`` with ``Retry-After`` = the whole seconds until the window resets (rounded up,
as HTTP's delta-seconds are whole). Every answer, accepted or refused, takes ``latency``: half
before the budget is checked (the request's way in), half after (the answer's way out).
``POST /v1/pages`` answers a minimal page object; ``GET /v1/users/me`` a bot. Plain asyncio
HTTP/1.1 with keep-alive, no framework.

Usage: python -m benchmarks.window_server --budget 100 --window 10 --latency-ms 50
(prints one JSON line: base_url, token, root_page_id; serves until killed)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import time
import uuid

TOKEN = "secret_stand_in"
ROOT = "5f2a6c1e-0000-4000-8000-000000000001"


class Window:
    """``budget`` per fixed ``seconds``-long window, the grid starting at the first request."""

    def __init__(self, budget: int, seconds: float) -> None:
        self.budget = budget
        self.seconds = seconds
        self.origin: float | None = None
        self.index = -1
        self.used = 0

    def wait(self, now: float) -> float | None:
        """None if a request at ``now`` fits (it is counted), else the seconds to the reset."""
        if self.origin is None:
            self.origin = now
        index = int((now - self.origin) // self.seconds)
        if index != self.index:
            self.index, self.used = index, 0
        if self.used < self.budget:
            self.used += 1
            return None
        return self.origin + (index + 1) * self.seconds - now

    def take(self, now: float) -> int | None:
        """None if the request fits, else the Retry-After (whole seconds)."""
        wait = self.wait(now)
        return None if wait is None else max(1, math.ceil(wait))


def _page(request_id: str) -> dict[str, object]:
    page_id = str(uuid.uuid4())
    return {
        "object": "page",
        "id": page_id,
        "parent": {"type": "page_id", "page_id": ROOT},
        "properties": {},
        "url": f"https://www.notion.so/{page_id.replace('-', '')}",
        "request_id": request_id,
    }


class StandIn:
    def __init__(self, window: Window, latency: float) -> None:
        self.window = window
        self.latency = latency

    async def answer(self, method: str, path: str) -> tuple[int, dict[str, object], str]:
        await asyncio.sleep(self.latency / 2)
        retry_after = self.window.take(time.monotonic())
        await asyncio.sleep(self.latency / 2)
        request_id = str(uuid.uuid4())
        if retry_after is not None:
            body = {
                "object": "error",
                "status": 429,
                "code": "rate_limited",
                "message": "You have been rate limited. Please try again in a few minutes.",
                "request_id": request_id,
            }
            return 429, body, f"Retry-After: {retry_after}\r\n"
        if method == "GET" and path.startswith("/v1/users/me"):
            bot = {"object": "user", "id": str(uuid.uuid4()), "type": "bot", "bot": {}}
            return 200, bot, ""
        return 200, _page(request_id), ""

    async def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if length:
                    await reader.readexactly(length)
                status, body, extra = await self.answer(method, target.split("?")[0])
                data = json.dumps(body).encode()
                reason = "OK" if status == 200 else "Too Many Requests"
                writer.write(
                    f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\n{extra}\r\n".encode("latin-1")
                    + data
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def serve(budget: int, window: float, latency_ms: float, port: int) -> None:
    stand_in = StandIn(Window(budget, window), latency_ms / 1000)
    server = await asyncio.start_server(stand_in.connection, "127.0.0.1", port)
    bound = server.sockets[0].getsockname()[1]
    info = {"base_url": f"http://127.0.0.1:{bound}", "token": TOKEN, "root_page_id": ROOT}
    print(json.dumps(info), flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, required=True)
    parser.add_argument("--window", type=float, required=True)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(serve(args.budget, args.window, args.latency_ms, args.port))


if __name__ == "__main__":
    main()
