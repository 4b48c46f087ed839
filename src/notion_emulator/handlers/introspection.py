"""The emulator's own endpoints, outside ``/v1`` and without a token.

``GET /_emulator/stats`` (counters), ``GET /_emulator/tree/{page_id}`` (a page with all its
descendants), ``POST /_emulator/reset`` (an empty workspace), ``GET
/_emulator/files/{upload_id}/{name}`` (an uploaded file's bytes) and ``GET
/_emulator/view/{page_id}`` (the page as Notion shows it, :mod:`.view`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from notion_emulator.handlers.view import serve_view
from notion_emulator.store import normalize_id

if TYPE_CHECKING:
    from notion_emulator.app import Emulator


def introspection_routes(emulator: Emulator) -> list[Route]:
    """The ``/_emulator`` routes of one emulator (the view reads through ``request.app``)."""

    async def stats(request: Request) -> Response:
        return JSONResponse(emulator.stats_json())

    async def tree(request: Request) -> Response:
        node_id = normalize_id(request.path_params["page_id"])
        found = emulator.tree(node_id, str(request.base_url)) if node_id else None
        if found is None:
            return JSONResponse({"object": "error", "status": 404}, status_code=404)
        return JSONResponse(found)

    async def reset(request: Request) -> Response:
        emulator.store.reset()
        return JSONResponse({"root_page_id": emulator.root_page_id})

    async def view(request: Request) -> Response:
        return await serve_view(request.app, emulator.config.token, request)

    async def files(request: Request) -> Response:
        upload_id = request.path_params["upload_id"]
        content = emulator.store.files.get(upload_id)
        upload = emulator.store.uploads.get(upload_id)
        if content is None or upload is None:
            return Response(status_code=404)
        media = upload.content_type or "application/octet-stream"
        return Response(content, media_type=media)

    return [
        Route("/_emulator/stats", stats),
        Route("/_emulator/tree/{page_id}", tree),
        Route("/_emulator/reset", reset, methods=["POST"]),
        Route("/_emulator/files/{upload_id}/{name:path}", files),
        Route("/_emulator/view/{page_id}", view),
    ]
