"""An httpx transport that runs the emulator in-process and behaves like a network.

``httpx.ASGITransport`` alone lets an emulated *dropped connection* surface as the emulator's
own exception and ignores the client's timeouts. :class:`EmulatorTransport` maps both to what a
real socket would give: :class:`httpx.RemoteProtocolError` and :class:`httpx.ReadTimeout`.

It speaks ASGI to the app itself, as ``httpx.ASGITransport`` does, for asyncio only: that one
asks for every request whether trio runs, through an import of ``sniffio`` that fails again each
time where it is not installed (0.1 to 0.2 ms a request).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx

from notion_emulator.faults import ConnectionDropped

#: The client address the app sees (the one ``httpx.ASGITransport`` gives).
CLIENT = ("127.0.0.1", 123)


class _Body(httpx.AsyncByteStream):
    """An answer's body, whole."""

    def __init__(self, parts: list[bytes]) -> None:
        self._parts = parts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"".join(self._parts)


class EmulatorTransport(httpx.AsyncBaseTransport):
    """``httpx.AsyncClient(transport=EmulatorTransport(app), base_url="http://notion.local")``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout", {})
        limit = timeout.get("read") if isinstance(timeout, dict) else None
        try:
            if limit is None:
                return await self._exchange(request)
            return await asyncio.wait_for(self._exchange(request), limit)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a complete response.", request=request
            ) from None
        except TimeoutError:
            raise httpx.ReadTimeout(
                "Timed out waiting for the response.", request=request
            ) from None

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        """One request through the app; an exception of the app propagates."""
        assert isinstance(request.stream, httpx.AsyncByteStream)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for (k, v) in request.headers.raw],
            "scheme": request.url.scheme,
            "path": request.url.path,
            "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query,
            "server": (request.url.host, request.url.port),
            "client": CLIENT,
            "root_path": "",
        }
        chunks = request.stream.__aiter__()
        sent_all = False
        status: int | None = None
        headers: list[tuple[bytes, bytes]] = []
        parts: list[bytes] = []
        complete = asyncio.Event()

        async def receive() -> dict[str, Any]:
            nonlocal sent_all
            if sent_all:
                await complete.wait()
                return {"type": "http.disconnect"}
            try:
                chunk = await chunks.__anext__()
            except StopAsyncIteration:
                sent_all = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}

        async def send(message: MutableMapping[str, Any]) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                body = message.get("body", b"")
                if body and request.method != "HEAD":
                    parts.append(body)
                if not message.get("more_body", False):
                    complete.set()

        await self.app(scope, receive, send)
        assert complete.is_set() and status is not None, "the app gave no whole answer"
        return httpx.Response(status, headers=headers, stream=_Body(parts))

    async def aclose(self) -> None:
        """Nothing to close: the app lives as long as its owner keeps it."""
