"""``GET /_emulator/view/{page_id}``: a page as Notion shows it, read through the emulator's /v1.

The page is read the way any integration reads it (``GET /v1/pages/{id}``, then ``GET
/v1/blocks/{id}/children`` page by page, into every block that ``has_children``), in-process
through :class:`~notion_emulator.transport.EmulatorTransport` and with the emulator's token,
so it counts against the rate limit like any client. :mod:`notion_view` renders what was read.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from html import escape
from typing import Any, Final

import httpx
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from notion_emulator.schema.vocabularies import DATA_SOURCES_VERSION
from notion_emulator.transport import EmulatorTransport
from notion_view import PageView, ViewOptions, error_document, render_document

#: The API version the view reads with.
VIEW_VERSION: Final = DATA_SOURCES_VERSION
#: Blocks whose children are pages of their own (not read as part of this page).
OWN_PAGES: Final = frozenset({"child_page", "child_database"})
#: Nesting deeper than this is not read (Notion itself stops far sooner).
MAX_DEPTH: Final = 64
#: Requests in flight at once, and tries of one request (429 and 5xx answers are retried).
CONCURRENCY: Final = 4
ATTEMPTS: Final = 30
_RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
_HEX_ID: Final = re.compile(r"^[0-9a-fA-F]{32}$")


class ReadError(Exception):
    """The API refused a read (the page is missing, not shared, ...)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}" if message else f"{status} {code}")
        self.status = status
        self.code = code


class PageReader:
    """Reads a page and its blocks through ``/v1``, as any integration would.

    429 and 5xx answers are retried after ``Retry-After`` (or a short backoff), at most
    :data:`ATTEMPTS` times; at most :data:`CONCURRENCY` requests are in flight at once.
    """

    def __init__(self, client: httpx.AsyncClient, token: str, base_url: str) -> None:
        self._client = client
        self._headers = {"Authorization": f"Bearer {token}", "Notion-Version": VIEW_VERSION}
        self.base_url = base_url.rstrip("/")
        self._gate = asyncio.Semaphore(CONCURRENCY)

    def __repr__(self) -> str:  # never the token
        return f"PageReader(base_url={self.base_url!r})"

    async def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """``GET /v1{path}`` as JSON; :class:`ReadError` when the API refuses."""
        url = f"{self.base_url}/v1{path}"
        attempt = 0
        while True:
            attempt += 1
            async with self._gate:
                response = await self._client.get(url, params=params, headers=self._headers)
            if response.status_code in _RETRY_STATUSES and attempt < ATTEMPTS:
                await asyncio.sleep(_retry_delay(response, attempt))
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
        """The page object and its block tree."""
        page, blocks = await asyncio.gather(self.get(f"/pages/{page_id}"), self.tree(page_id))
        return PageView(page, blocks)


def _retry_delay(response: httpx.Response, attempt: int) -> float:
    raw = response.headers.get("retry-after")
    try:
        if raw is not None:
            return min(max(float(raw), 0.0), 60.0)
    except ValueError:
        pass
    return float(min(0.25 * 2 ** (attempt - 1), 8.0))


def _dashed(hex_id: str) -> str:
    """A 32-hex id in Notion's dashed lower-case form."""
    h = hex_id.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


async def serve_view(app: Any, token: str, request: Request) -> Response:
    """The page ``request`` names, read through ``app``'s own ``/v1`` with ``token``, as HTML."""
    raw = str(request.path_params["page_id"])
    hex_id = raw.replace("-", "")[-32:]
    if not _HEX_ID.match(hex_id):
        return HTMLResponse(error_document("Not a page id", raw), status_code=404)
    page_id = _dashed(hex_id)
    base = str(request.base_url).rstrip("/")
    async with httpx.AsyncClient(transport=EmulatorTransport(app), timeout=60.0) as client:
        reader = PageReader(client, token, base)
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
