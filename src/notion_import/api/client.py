"""``connect()``: one pooled HTTP client, one SDK client, one limiter for the whole run."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import httpx

from notion_import.api.batch import Result
from notion_import.api.batch import gather as _gather
from notion_import.api.cache import ResponseCache
from notion_import.api.limiter import NOTION_RATE, AdaptiveLimiter
from notion_import.api.paginate import collect as _collect
from notion_import.api.paginate import paginate as _paginate
from notion_import.api.retry import RetryPolicy
from notion_import.api.shown import workspace_rate
from notion_import.api.stats import ApiStats
from notion_import.api.transport import NotionTransport
from notion_import.api.uploads import Uploader
from notion_import.errors import ConfigurationError

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.notion.com"
DEFAULT_VERSION = "2025-09-03"
#: How far above Notion's documented average the limiter may probe when no rate is given.
DEFAULT_CEILING = 30.0
TOKEN_FILE_ENV = "NOTION_TOKEN_FILE"


def resolve_token(
    token: str | None = None, token_file: str | os.PathLike[str] | None = None
) -> str:
    """The token, from the first of: ``token``, ``token_file``, ``NOTION_TOKEN``,
    ``NOTION_TOKEN_FILE``. A token file holds the token on its first line."""
    if token:
        return token
    if token_file:
        return _read_token_file(token_file)
    env = os.environ.get("NOTION_TOKEN", "").strip()
    if env:
        return env
    env_file = os.environ.get(TOKEN_FILE_ENV)
    if env_file:
        return _read_token_file(env_file)
    raise ConfigurationError(
        "no Notion token: set NOTION_TOKEN, pass --token-file, or create an internal "
        "integration at https://www.notion.so/profile/integrations and share a page with it"
    )


def _read_token_file(path: str | os.PathLike[str]) -> str:
    try:
        lines = Path(path).read_text(encoding="utf-8").strip().splitlines()
    except OSError as exc:
        raise ConfigurationError(f"cannot read the token file {path}: {exc.strerror}") from None
    if lines and lines[0].strip():
        return lines[0].strip()
    raise ConfigurationError(f"the token file {path} is empty")


class NotionAPI:
    """The toolkit for one run. Use as ``async with connect(...) as api:``.

    ``api.client`` is a ``notion_client.AsyncClient`` whose every request goes through the
    shared limiter, retries, cache and statistics; ``api.http`` is the pooled httpx client.
    """

    def __init__(
        self,
        *,
        token: str,
        base_url: str,
        notion_version: str,
        limiter: AdaptiveLimiter,
        transport: NotionTransport,
        timeout: float,
        concurrency: int,
    ) -> None:
        from notion_client import AsyncClient

        self.base_url = base_url.rstrip("/")
        self.notion_version = notion_version
        self.limiter = limiter
        self.transport = transport
        self.concurrency = concurrency
        self.http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        )
        self.client = AsyncClient(
            auth=token,
            base_url=self.base_url,
            notion_version=notion_version,
            timeout_ms=int(timeout * 1000),
            client=self.http,
            retry=False,
            logger=logging.getLogger("notion_import.sdk"),
            # the SDK warns of every refused request; the toolkit handles them and logs its own
            log_level=logging.getLogger("notion_import").getEffectiveLevel(),
        )
        self._me: dict[str, Any] | None = None
        self._me_lock = asyncio.Lock()
        self.uploader = Uploader(self.client, max_size=self.max_upload_size)

    def __repr__(self) -> str:  # never the token
        return f"NotionAPI(base_url={self.base_url!r}, notion_version={self.notion_version!r})"

    @property
    def stats(self) -> ApiStats:
        return self.transport.stats

    async def __aenter__(self) -> NotionAPI:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()

    async def me(self) -> dict[str, Any]:
        """``GET /v1/users/me``, asked once per run. A rate that ``bot.workspace_limits``
        states becomes the limiter's (unless the caller fixed the rate)."""
        async with self._me_lock:
            if self._me is None:
                self._me = await self.client.users.me()
                stated = workspace_rate(self._me)
                if stated is not None and not self.limiter.fixed:
                    self.limiter.adopt(stated)
        return self._me

    async def max_upload_size(self) -> int:
        """The workspace's per-file upload limit in bytes."""
        me = await self.me()
        limits = me.get("bot", {}).get("workspace_limits", {})
        return int(limits.get("max_file_upload_size_in_bytes", 5 * 1024 * 1024))

    def paginate(
        self, method: Callable[..., Awaitable[Any]], /, **kwargs: Any
    ) -> AsyncIterator[dict[str, Any]]:
        """Every result of a list endpoint, 100 per request, constant memory."""
        return _paginate(method, **kwargs)

    async def collect(self, method: Callable[..., Awaitable[Any]], /, **kwargs: Any) -> list[Any]:
        return await _collect(method, **kwargs)

    async def gather(
        self,
        awaitables: Iterable[Awaitable[T]],
        *,
        concurrency: int | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> list[Result[T]]:
        """Run awaitables with bounded concurrency; one result or error per item, in order."""
        return await _gather(
            awaitables, concurrency=concurrency or self.concurrency, on_progress=on_progress
        )

    async def upload(
        self,
        source: str | os.PathLike[str] | bytes,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> str:
        """Upload a file once per content (SHA-256) and return its file upload id."""
        return await self.uploader.upload(source, filename=filename, content_type=content_type)


def connect(
    token: str | None = None,
    base_url: str | None = None,
    *,
    notion_version: str = DEFAULT_VERSION,
    rate: float | None = None,
    burst: int = 1,
    max_rate: float = DEFAULT_CEILING,
    concurrency: int = 8,
    cache: bool | ResponseCache = False,
    timeout: float = 60.0,
    token_file: str | os.PathLike[str] | None = None,
    retry: RetryPolicy | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> NotionAPI:
    """Build the toolkit.

    ``rate`` fixes the request rate (requests/second) and never probes above it; by default
    the limiter starts at Notion's 3/s and probes upward to ``max_rate`` until the workspace
    refuses a request, then keeps the rate the workspace has shown (see :mod:`.limiter`).
    ``burst`` is how many requests may leave back to back after a pause: 1 (the default) keeps
    the server's own burst allowance free to absorb network jitter, so that a client pacing at
    exactly the server's rate gets no 429. ``transport`` replaces the network (tests pass the
    emulator's transport).
    """
    resolved = resolve_token(token, token_file)
    url = base_url or os.environ.get("NOTION_BASE_URL") or DEFAULT_BASE_URL
    if rate is not None and rate <= 0:
        raise ConfigurationError("rate must be a positive number of requests per second")
    if concurrency < 1:
        raise ConfigurationError("concurrency must be at least 1")
    start = rate if rate is not None else NOTION_RATE
    ceiling = rate if rate is not None else max(max_rate, start)
    limiter = AdaptiveLimiter(start, burst=burst, ceiling=ceiling)
    response_cache = ResponseCache() if cache is True else (cache or None)
    inner = transport or httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    )
    seam = NotionTransport(
        inner, limiter=limiter, policy=retry, cache=response_cache, concurrency=concurrency
    )
    return NotionAPI(
        token=resolved,
        base_url=url,
        notion_version=notion_version,
        limiter=limiter,
        transport=seam,
        timeout=timeout,
        concurrency=concurrency,
    )


class SyncNotionAPI:
    """A blocking facade for scripts: ``with connect_sync() as api: api.call(...)``.

    ``api.client`` mirrors the SDK with blocking calls (``api.client.pages.retrieve(page_id=...)``).
    """

    def __init__(self, **options: Any) -> None:
        self._runner = asyncio.Runner()
        self._api: NotionAPI = self._runner.run(_build(options))
        self.client = _Blocking(self._api.client, self._runner)

    @property
    def stats(self) -> ApiStats:
        return self._api.stats

    def collect(self, method: Any, /, **kwargs: Any) -> list[Any]:
        target = method._target if isinstance(method, _Blocking) else method
        return self._runner.run(self._api.collect(target, **kwargs))

    def upload(self, source: str | os.PathLike[str] | bytes, **kwargs: Any) -> str:
        return self._runner.run(self._api.upload(source, **kwargs))

    def close(self) -> None:
        self._runner.run(self._api.aclose())
        self._runner.close()

    def __enter__(self) -> SyncNotionAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SyncNotionAPI({self._api!r})"


async def _build(options: dict[str, Any]) -> NotionAPI:
    return connect(**options)


class _Blocking:
    """Wraps an SDK object: attributes are wrapped too, coroutine results are awaited."""

    def __init__(self, target: Any, runner: asyncio.Runner) -> None:
        self._target = target
        self._runner = runner

    def __getattr__(self, name: str) -> Any:
        return _Blocking(getattr(self._target, name), self._runner)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        result = self._target(*args, **kwargs)
        if asyncio.iscoroutine(result):
            return self._runner.run(result)
        return result

    def __repr__(self) -> str:
        return f"<blocking {type(self._target).__name__}>"


def connect_sync(
    token: str | None = None, base_url: str | None = None, **options: Any
) -> SyncNotionAPI:
    """The blocking counterpart of :func:`connect`."""
    return SyncNotionAPI(token=token, base_url=base_url, **options)
