"""``GET /_emulator/view/{page_id}``: a page as Notion shows it, read through the emulator's
own ``/v1`` the way any integration reads it.

:class:`NotionReader` reads a page through the public HTTP API (``GET /v1/pages/{id}``, then
``GET /v1/blocks/{id}/children`` page by page, into every block that ``has_children``) over an
``httpx.AsyncClient``; :func:`serve_view` renders what it read with :mod:`notion_view`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping
from html import escape
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from notion_emulator.transport import EmulatorTransport
from notion_view import PageView, ViewOptions, error_document, render_document

DEFAULT_VERSION = "2025-09-03"
#: Blocks whose children are pages of their own (not read as part of this page).
OWN_PAGES = frozenset({"child_page", "child_database"})
#: Nesting deeper than this is not read (Notion itself stops far sooner).
MAX_DEPTH = 64
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_HEX_ID = re.compile(r"^[0-9a-fA-F]{32}$")


class ReadError(Exception):
    """The API refused a read (the page is missing, not shared, the token is wrong, ...)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}" if message else f"{status} {code}")
        self.status = status
        self.code = code


class NotionReader:
    """Reads pages and their blocks through ``/v1``, as any integration would.

    ``client`` may have its own ``base_url`` (pass ``base_url=""``) or none (pass the API's
    base URL). 429 and 5xx answers are retried after ``Retry-After`` (or a short backoff), at
    most ``attempts`` times; at most ``concurrency`` requests are in flight at once.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        token: str,
        *,
        base_url: str = "",
        notion_version: str = DEFAULT_VERSION,
        concurrency: int = 4,
        attempts: int = 8,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._client = client
        self._headers = {"Authorization": f"Bearer {token}", "Notion-Version": notion_version}
        self.base_url = base_url.rstrip("/")
        self._gate = asyncio.Semaphore(concurrency)
        self._attempts = attempts
        self._sleep = sleep
        self.requests = 0

    def __repr__(self) -> str:  # never the token
        return f"NotionReader(base_url={self.base_url!r})"

    async def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """``GET /v1{path}`` as JSON; :class:`ReadError` when Notion refuses."""
        url = f"{self.base_url}/v1{path}"
        attempt = 0
        while True:
            attempt += 1
            async with self._gate:
                self.requests += 1
                response = await self._client.get(url, params=params, headers=self._headers)
            if response.status_code in _RETRY_STATUSES and attempt < self._attempts:
                await self._sleep(_retry_delay(response, attempt))
                continue
            try:
                body = response.json()
            except ValueError:
                body = None
            if response.status_code >= 400 or not isinstance(body, dict):
                code = body.get("code", "error") if isinstance(body, dict) else "invalid_json"
                message = body.get("message", "") if isinstance(body, dict) else ""
                raise ReadError(response.status_code, str(code), str(message))
            return body

    async def page(self, page_id: str) -> dict[str, Any]:
        return await self.get(f"/pages/{page_id}")

    async def children(self, block_id: str) -> list[dict[str, Any]]:
        """Every child of a block or page, following ``next_cursor``."""
        out: list[dict[str, Any]] = []
        params = {"page_size": "100"}
        while True:
            body = await self.get(f"/blocks/{block_id}/children", params)
            out.extend(item for item in body.get("results", []) if isinstance(item, dict))
            cursor = body.get("next_cursor")
            if not body.get("has_more") or not cursor:
                return out
            params = {"page_size": "100", "start_cursor": str(cursor)}

    async def tree(self, block_id: str, depth: int = 0) -> list[dict[str, Any]]:
        """The children of a block, each with its own ``children`` read in (siblings read
        concurrently, order kept)."""
        blocks = await self.children(block_id)
        nested = [
            b
            for b in blocks
            if b.get("has_children") and b.get("type") not in OWN_PAGES and depth < MAX_DEPTH
        ]
        found = await asyncio.gather(*(self.tree(str(b["id"]), depth + 1) for b in nested))
        for block, children in zip(nested, found, strict=True):
            block["children"] = children
        return blocks

    async def page_view(self, page_id: str) -> PageView:
        page, blocks = await asyncio.gather(self.page(page_id), self.tree(page_id))
        return PageView(page, blocks)


def _retry_delay(response: httpx.Response, attempt: int) -> float:
    raw = response.headers.get("retry-after")
    try:
        if raw is not None:
            return min(max(float(raw), 0.0), 60.0)
    except ValueError:
        pass
    return float(min(0.25 * 2 ** (attempt - 1), 8.0))


async def serve_view(app: Any, token: str, request: Request) -> Response:
    """``GET /_emulator/view/{page_id}``: the page read through the emulator's own ``/v1``
    (in-process, with its token, so it counts against the rate limit like any client)."""
    raw = str(request.path_params["page_id"])
    hex_id = raw.replace("-", "")[-32:]
    if not _HEX_ID.match(hex_id):
        return HTMLResponse(error_document("Not a page id", raw), status_code=404)
    page_id = _dashed(hex_id)
    base = str(request.base_url).rstrip("/")
    async with httpx.AsyncClient(transport=EmulatorTransport(app), timeout=60.0) as client:
        reader = NotionReader(client, token, base_url=base, attempts=30)
        try:
            view = await reader.page_view(page_id)
        except ReadError as exc:
            status = exc.status if 400 <= exc.status < 600 else 502
            return HTMLResponse(error_document("Cannot show this page", str(exc)), status)
        except httpx.HTTPError as exc:
            return HTMLResponse(error_document("Cannot read this page", type(exc).__name__), 502)
    parent = view.page.get("parent") or {}
    before = ""
    if parent.get("type") == "page_id" and parent.get("page_id"):
        up = escape(str(parent["page_id"]), quote=True)
        before = f'<nav class="view-bar"><a href="{up}">↑ Parent page</a></nav>'
    options = ViewOptions(page_href=lambda target: target, breadcrumb=((view.title, None),))
    head = "<style>.view-bar { max-width: 708px; margin: 12px auto 0; padding: 0 24px; }</style>"
    return HTMLResponse(render_document(view, options, head=head, before=before))


def _dashed(hex_id: str) -> str:
    h = hex_id.replace("-", "").lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
