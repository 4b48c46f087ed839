"""The transport seam: every request of a run passes here, whoever sends it.

Layers, outermost first (as httpx's own ``send`` chain): cache lookup -> concurrency gate ->
retry loop -> shared rate limiter -> one attempt on the inner transport. The SDK built on top
(``notion_client.AsyncClient`` with its own retries off) and any direct ``httpx`` call share the
same limiter, retries and statistics.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from typing import Any

import httpx

from notion_import.api.cache import ResponseCache
from notion_import.api.limiter import AdaptiveLimiter, Sleep
from notion_import.api.retry import (
    DROPPED,
    NOT_SENT,
    TIMEOUT,
    Action,
    RetryPolicy,
    parse_retry_after,
)
from notion_import.api.stats import ApiStats, endpoint
from notion_import.errors import UncertainWriteError

log = logging.getLogger(__name__)

_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def classify(exc: httpx.TransportError) -> str:
    """Whether a failed attempt may have reached Notion."""
    if isinstance(exc, _NOT_SENT_ERRORS):
        return NOT_SENT
    if isinstance(exc, httpx.TimeoutException):
        return TIMEOUT
    return DROPPED


class NotionTransport(httpx.AsyncBaseTransport):
    """Rate limiting, retries, caching and statistics around an inner transport."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        limiter: AdaptiveLimiter,
        policy: RetryPolicy | None = None,
        stats: ApiStats | None = None,
        cache: ResponseCache | None = None,
        concurrency: int = 8,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.inner = inner
        self.limiter = limiter
        self.policy = policy or RetryPolicy()
        self.stats = stats or ApiStats()
        self.cache = cache
        self._gate = asyncio.Semaphore(concurrency)
        self._rng = rng or random.Random()
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        content = await request.aread()
        method = request.method
        path = request.url.path
        key = None
        if self.cache is not None:
            key = self.cache.key(method, path, request.url.query.decode(), content)
            if key is not None:
                cached = self.cache.get(key)
                if cached is not None:
                    self.stats.cache_hits += 1
                    return httpx.Response(
                        cached.status,
                        headers=cached.headers,
                        content=cached.content,
                        request=request,
                    )
                self.stats.cache_misses += 1
        try:
            async with self._gate:
                response = await self._send(request, method, path, content)
        except UncertainWriteError:
            if self.cache is not None:  # it may have changed things: forget what it touched
                self.cache.invalidate_for_write(method, path, _json_or_none(content), None)
            raise
        if self.cache is not None:
            self._update_cache(key, method, path, content, response)
        return response

    async def _send(
        self, request: httpx.Request, method: str, path: str, content: bytes
    ) -> httpx.Response:
        name = endpoint(method, path)
        attempt = 0
        while True:
            attempt += 1
            sent_at = await self.limiter.acquire()
            started = time.perf_counter()
            status: int | None = None
            failure: str | None = None
            retry_after: float | None = None
            response: httpx.Response | None = None
            error: httpx.TransportError | None = None
            try:
                raw = await self.inner.handle_async_request(request)
                body = await raw.aread()
                await raw.aclose()
                response = httpx.Response(
                    raw.status_code,
                    headers=raw.headers,
                    content=body,
                    request=request,
                    extensions=raw.extensions,
                )
                status = raw.status_code
                retry_after = parse_retry_after(raw.headers.get("retry-after"))
            except httpx.TransportError as exc:
                error = exc
                failure = classify(exc)
            elapsed = time.perf_counter() - started
            if status in (429, 529):
                self.limiter.throttled(
                    retry_after if retry_after is not None else self.policy.default_pause,
                    sent_at,
                )
            elif status is not None:
                self.limiter.accepted(sent_at)
            received = len(response.content) if response is not None else 0
            self.stats.record(name, status, elapsed, len(content), received)
            decision = self.policy.decide(
                method,
                path,
                attempt,
                status=status,
                failure=failure,
                retry_after=retry_after,
                rng=self._rng,
            )
            if decision.action is Action.DONE:
                assert response is not None
                return response
            if decision.action is Action.UNCERTAIN:
                self.stats.uncertain_writes += 1
                log.warning("uncertain write: %s %s (%s)", method, path, decision.reason)
                raise UncertainWriteError(method, path, _json_or_none(content), decision.reason)
            if decision.action is Action.GIVE_UP:
                if response is not None:
                    return response
                assert error is not None
                raise error
            self.stats.retries += 1
            if status not in (429, 529):  # a refusal's pause is the limiter's, for everyone
                await self._sleep(decision.delay)
            log.debug("retrying %s %s after %s", method, path, decision.reason)

    def _update_cache(
        self, key: str | None, method: str, path: str, content: bytes, response: httpx.Response
    ) -> None:
        assert self.cache is not None
        if response.status_code != 200:
            return
        if key is not None:
            self.cache.put(key, 200, list(response.headers.raw), response.content)
            return
        if method != "GET":
            self.cache.invalidate_for_write(
                method, path, _json_or_none(content), _json_or_none(response.content)
            )

    async def aclose(self) -> None:
        await self.inner.aclose()


def _json_or_none(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None
