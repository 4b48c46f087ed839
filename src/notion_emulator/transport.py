"""An httpx transport that runs the emulator in-process and behaves like a network.

``httpx.ASGITransport`` alone lets an emulated *dropped connection* surface as the emulator's
own exception and ignores the client's timeouts. :class:`EmulatorTransport` maps both to what a
real socket would give: :class:`httpx.RemoteProtocolError` and :class:`httpx.ReadTimeout`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from notion_emulator.faults import ConnectionDropped


class EmulatorTransport(httpx.AsyncBaseTransport):
    """``httpx.AsyncClient(transport=EmulatorTransport(app), base_url="http://notion.local")``."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout", {})
        limit = timeout.get("read") if isinstance(timeout, dict) else None
        try:
            if limit is None:
                return await self._inner.handle_async_request(request)
            return await asyncio.wait_for(self._inner.handle_async_request(request), limit)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a complete response.", request=request
            ) from None
        except TimeoutError:
            raise httpx.ReadTimeout(
                "Timed out waiting for the response.", request=request
            ) from None

    async def aclose(self) -> None:
        await self._inner.aclose()
