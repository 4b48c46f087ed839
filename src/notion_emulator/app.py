"""The emulator as an ASGI application.

A request to ``/v1`` goes through, in order: body read (size-capped) -> authorization ->
``Notion-Version`` -> route lookup (:data:`~notion_emulator.handlers.routes.ROUTES`) -> rate
limit -> fault injection -> latency -> handler -> (for writes) persistence. Every answer carries
a ``request_id`` (but the few successful ones Notion sends without); any failure inside a
handler is answered as Notion would (500 ``internal_server_error``) and counted, so the server
keeps serving.

Introspection lives outside ``/v1`` (no token needed): ``GET /_emulator/stats``,
``GET /_emulator/tree/{page_id}``, ``POST /_emulator/reset``, ``GET /_emulator/files/{id}/{name}``,
``GET /_emulator/view/{page_id}`` (the page as Notion shows it, read through ``/v1``); see
:mod:`notion_emulator.handlers.introspection`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.routing import Mount

from notion_emulator.directory import Directory
from notion_emulator.errors import NotionError, ValidationError
from notion_emulator.faults import ConnectionDropped, FaultKind, FaultPlan, error_for, parse_kinds
from notion_emulator.handlers.introspection import introspection_routes
from notion_emulator.handlers.routes import ROUTES
from notion_emulator.ratelimit import RateLimiter
from notion_emulator.render import Renderer
from notion_emulator.routing import Ctx, match
from notion_emulator.schema.vocabularies import DATA_SOURCES_VERSION, SUPPORTED_VERSIONS
from notion_emulator.store import Store
from notion_emulator.versions import route_available

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

DEFAULT_TOKEN = "secret_notion_emulator"
#: Notion's limit on a JSON body; far past it we stop reading and answer 413.
MAX_JSON_BYTES = 500 * 1000
HARD_BODY_BYTES = 30 * 1024 * 1024
FREE_UPLOAD_BYTES = 5 * 1024 * 1024
PAID_UPLOAD_BYTES = 5 * 1024 * 1024 * 1024


@dataclass
class EmulatorConfig:
    """Everything that shapes an emulator's behaviour; the CLI options map onto it."""

    token: str = DEFAULT_TOKEN
    rate: float = 3.0
    burst: int | None = None
    window_budget: int | None = None
    window_seconds: float = 60.0
    latency_ms: float = 0.0
    latency_jitter_ms: float = 0.0
    faults: float = 0.0
    fault_seed: int = 0
    fault_kinds: str = "all"
    hang_seconds: float = 90.0
    data_path: str | None = None
    max_upload_bytes: int = PAID_UPLOAD_BYTES
    workspace_name: str = "Notion Emulator"
    root_page_id: str | None = None
    clock: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic
    bot_id: str = "7775f3a3-893f-43fa-b625-460c61094c78"
    person_id: str = "a4f789cc-7bc8-4cf0-82b9-a8ba7d985ecf"
    workspace_id: str = field(default_factory=lambda: str(uuid.uuid4()))


class Stats:
    """Counters served at ``/_emulator/stats``."""

    def __init__(self) -> None:
        self.by_route: Counter[str] = Counter()
        self.by_status: Counter[int] = Counter()
        self.by_route_status: Counter[str] = Counter()
        self.rate_limited = 0
        self.internal_errors = 0
        self.requests = 0

    def record(self, route_name: str, status: int) -> None:
        self.requests += 1
        self.by_route[route_name] += 1
        self.by_status[status] += 1
        self.by_route_status[f"{route_name} {status}"] += 1


class Emulator:
    """One emulated Notion workspace with its limiter, fault plan and counters."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        cfg = self.config
        self.store = Store(
            clock=cfg.clock,
            data_path=cfg.data_path,
            root_page_id=cfg.root_page_id,
            root_title=cfg.workspace_name,
        )
        self.limiter = RateLimiter.from_options(
            rate=cfg.rate,
            burst=cfg.burst,
            window_budget=cfg.window_budget,
            window_seconds=cfg.window_seconds,
            clock=cfg.monotonic,
        )
        #: the users the workspace knows, as every answer shows them
        self.users = Directory(
            cfg.bot_id, cfg.person_id, cfg.workspace_name, cfg.workspace_id, cfg.max_upload_bytes
        )
        self.faults = FaultPlan(cfg.faults, cfg.fault_seed, list(parse_kinds(cfg.fault_kinds)))
        self.stats = Stats()
        self._jitter = random.Random(cfg.fault_seed + 1)
        self._bearer = f"Bearer {cfg.token}".encode()

    @property
    def root_page_id(self) -> str:
        return self.store.root_page_id

    # -- the /v1 pipeline ----------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry for ``/v1`` (mounted by :func:`create_app`)."""
        request_id = str(uuid.uuid4())
        route_name = "invalid"
        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        try:
            raw = await _read_body(receive, HARD_BODY_BYTES)
            status, body, headers, route_name, fault = await self._handle(
                scope, path, raw, request_id
            )
        except NotionError as exc:
            status, body, headers, fault = exc.status, exc.body(request_id), exc.headers, None
            if exc.code == "object_not_found" and "additional_data" not in body:
                # Notion names the integration that lacks access to the object
                body["additional_data"] = {"integration_id": self.config.bot_id}
        except ConnectionDropped:
            raise
        except Exception:
            log.exception("emulator failure on %s %s", scope.get("method"), path)
            self.stats.internal_errors += 1
            error = NotionError(500, "internal_server_error")
            status, body, headers, fault = 500, error.body(request_id), {}, None
        if status >= 400:  # successful answers were stamped (or not) by _handle
            body["request_id"] = request_id
        self.stats.record(route_name, status)
        await self._respond(send, status, body, headers, fault)

    async def _handle(
        self, scope: Scope, path: str, raw: bytes, request_id: str
    ) -> tuple[int, dict[str, Any], dict[str, str], str, FaultKind | None]:
        headers = dict(scope["headers"])
        if headers.get(b"authorization") != self._bearer:
            raise NotionError(401, "unauthorized")
        version_raw = headers.get(b"notion-version")
        if version_raw is None:
            raise NotionError(400, "missing_version")
        version = version_raw.decode("latin-1")
        if version not in SUPPORTED_VERSIONS:
            raise ValidationError(
                "Notion-Version header failed validation: Notion-Version header should be one "
                f"of {', '.join(f'`{v}`' for v in SUPPORTED_VERSIONS)}, instead was `{version}`."
            )
        method = scope["method"]
        found = match(ROUTES, method, path)
        if found is None:
            raise NotionError(400, "invalid_request_url")
        route, params = found
        if not route_available(route.name, version):
            raise NotionError(400, "invalid_request_url")
        limited = self.limiter.check()
        if limited is not None:
            self.stats.rate_limited += 1
            return limited.status, limited.body(""), limited.headers, route.name, None
        fault = self.faults.decide(method, "/v1" + path)
        if fault is not None and not fault.applied:
            return await self._early_fault(fault, route.name)
        await self._latency()
        if len(raw) > MAX_JSON_BYTES and "multipart" not in _content_type(headers):
            raise ValidationError(
                f"body failed validation: body should be at most `{MAX_JSON_BYTES}` bytes, "
                f"instead was `{len(raw)}`."
            )
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        renderer = Renderer(self.store, version, _base_url(scope, headers), self.users)
        ctx = Ctx(self, version, params, query, raw, renderer, _content_type(headers))
        try:
            result = await route.handler(ctx)
        finally:
            if route.write:
                self.store.flush()
        if fault is not None:  # applied, then the answer fails
            return await self._late_fault(fault, result, route.name)
        if route.request_id:
            result["request_id"] = request_id
        return ctx.status, result, {}, route.name, None

    async def _early_fault(
        self, fault: FaultKind, route_name: str
    ) -> tuple[int, dict[str, Any], dict[str, str], str, FaultKind | None]:
        if fault is FaultKind.HANG:
            await asyncio.sleep(self.config.hang_seconds)
            error = NotionError(504, "gateway_timeout")
            return 504, error.body(""), {}, route_name, None
        if fault is FaultKind.DROP:
            return 0, {}, {}, route_name, fault
        error = error_for(fault)
        return error.status, error.body(""), error.headers, route_name, None

    async def _late_fault(
        self, fault: FaultKind, result: dict[str, Any], route_name: str
    ) -> tuple[int, dict[str, Any], dict[str, str], str, FaultKind | None]:
        if fault is FaultKind.APPLIED_HANG:
            await asyncio.sleep(self.config.hang_seconds)
            error = NotionError(504, "gateway_timeout")
            return 504, error.body(""), {}, route_name, None
        if fault is FaultKind.APPLIED_DROP:
            return 0, {}, {}, route_name, fault
        error = error_for(FaultKind.INTERNAL_SERVER_ERROR)
        return error.status, error.body(""), error.headers, route_name, None

    async def _latency(self) -> None:
        cfg = self.config
        if cfg.latency_ms <= 0 and cfg.latency_jitter_ms <= 0:
            return
        delay = cfg.latency_ms + self._jitter.uniform(-1.0, 1.0) * cfg.latency_jitter_ms
        await asyncio.sleep(max(0.0, delay) / 1000.0)

    async def _respond(
        self,
        send: Send,
        status: int,
        body: dict[str, Any],
        headers: dict[str, str],
        fault: FaultKind | None,
    ) -> None:
        if fault is not None:  # drop: start a response, then vanish
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
                }
            )
            raise ConnectionDropped(fault.value)
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        raw_headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(payload)).encode()),
        ]
        raw_headers.extend((k.lower().encode(), v.encode()) for k, v in headers.items())
        await send({"type": "http.response.start", "status": status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": payload})

    # -- introspection -------------------------------------------------------------------

    def stats_json(self) -> dict[str, Any]:
        return {
            "requests": self.stats.requests,
            "by_route": dict(self.stats.by_route),
            "by_status": {str(k): v for k, v in self.stats.by_status.items()},
            "by_route_status": dict(self.stats.by_route_status),
            "rate_limited": self.stats.rate_limited,
            "faults_injected": dict(self.faults.injected),
            "internal_errors": self.stats.internal_errors,
            "stored": self.store.count(),
        }

    def tree(self, node_id: str, base_url: str) -> dict[str, Any] | None:
        """A page or block with all its descendants, as response JSON plus ``children``."""
        node = self.store.get_node(node_id)
        if node is None:
            return None
        renderer = Renderer(self.store, DATA_SOURCES_VERSION, base_url, self.users)

        def walk(current_id: str) -> dict[str, Any]:
            current = self.store.nodes[current_id]
            out = renderer.block(current)
            if current.type == "child_page":
                out["page"] = renderer.page(current)
            out["children"] = [walk(c.id) for c in self.store.live_children(current)]
            return out

        return walk(node.id)


def _content_type(headers: dict[bytes, bytes]) -> str:
    return headers.get(b"content-type", b"").decode("latin-1")


def _base_url(scope: Scope, headers: dict[bytes, bytes]) -> str:
    host = headers.get(b"host", b"localhost").decode("latin-1")
    return f"{scope.get('scheme', 'http')}://{host}"


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise NotionError(413, "validation_error", "Request body too large.")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def create_app(config: EmulatorConfig | None = None, **options: Any) -> Starlette:
    """A Starlette app serving one fresh emulated workspace.

    ``options`` are :class:`EmulatorConfig` fields (``create_app(rate=0)``). The
    :class:`Emulator` is at ``app.state.emulator``.
    """
    if config is None:
        config = EmulatorConfig(**options)
    elif options:
        raise TypeError("pass either a config or options, not both")
    emulator = Emulator(config)
    app = Starlette(routes=[*introspection_routes(emulator), Mount("/v1", app=emulator)])
    app.state.emulator = emulator
    return app
