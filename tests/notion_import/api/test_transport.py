"""Retries, uncertain writes and statistics at the transport seam (httpx.MockTransport)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from tests.virtual_clock import VirtualClock

from notion_import.api.limiter import AdaptiveLimiter
from notion_import.api.retry import (
    DROPPED,
    NOT_SENT,
    TIMEOUT,
    Action,
    RetryPolicy,
    is_read,
)
from notion_import.api.transport import NotionTransport
from notion_import.errors import UncertainWriteError

RNG = random.Random(1)
POLICY = RetryPolicy(max_attempts=4)


@pytest.mark.parametrize(
    ("method", "path", "status", "failure", "expected"),
    [
        ("GET", "/v1/blocks/x", 200, None, Action.DONE),
        ("PATCH", "/v1/blocks/x", 400, None, Action.DONE),
        ("PATCH", "/v1/blocks/x", 404, None, Action.DONE),
        ("PATCH", "/v1/blocks/x/children", 429, None, Action.RETRY),
        ("POST", "/v1/pages", 529, None, Action.RETRY),
        ("GET", "/v1/blocks/x", 500, None, Action.RETRY),
        ("GET", "/v1/blocks/x", 502, None, Action.RETRY),
        ("GET", "/v1/blocks/x", 503, None, Action.RETRY),
        ("GET", "/v1/blocks/x", 504, None, Action.RETRY),
        ("POST", "/v1/search", 502, None, Action.RETRY),
        ("POST", "/v1/data_sources/abc/query", 500, None, Action.RETRY),
        ("POST", "/v1/pages", 500, None, Action.UNCERTAIN),
        ("PATCH", "/v1/blocks/x/children", 502, None, Action.UNCERTAIN),
        ("DELETE", "/v1/blocks/x", 503, None, Action.UNCERTAIN),
        ("POST", "/v1/pages", None, TIMEOUT, Action.UNCERTAIN),
        ("POST", "/v1/pages", None, DROPPED, Action.UNCERTAIN),
        ("POST", "/v1/pages", None, NOT_SENT, Action.RETRY),
        ("GET", "/v1/users/me", None, TIMEOUT, Action.RETRY),
    ],
)
def test_policy_table(
    method: str, path: str, status: int | None, failure: str | None, expected: Action
) -> None:
    decision = POLICY.decide(method, path, 1, status=status, failure=failure, rng=RNG)
    assert decision.action is expected


def test_policy_bounds_attempts_and_backoff() -> None:
    last = POLICY.decide("GET", "/v1/users", 4, status=503, rng=RNG)
    assert last.action is Action.GIVE_UP
    assert POLICY.decide("GET", "/v1/users", 4, status=429, rng=RNG).action is Action.GIVE_UP
    delays = [POLICY.backoff(a, random.Random(a)) for a in range(1, 30)]
    assert all(0 <= d <= POLICY.max_delay for d in delays)
    assert POLICY.decide("POST", "/v1/pages", 1, status=429, retry_after=7, rng=RNG).delay == 7
    assert is_read("POST", "/v1/search") and not is_read("POST", "/v1/pages")


Handler = Callable[[httpx.Request], httpx.Response]


def scripted(*answers: Any) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A transport answering in order: a status int, (status, headers), or an exception."""
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, headers = answer if isinstance(answer, tuple) else (answer, {})
        return httpx.Response(status, headers=headers, json={"object": "x", "status": status})

    return httpx.MockTransport(handler), seen


def seam(inner: httpx.AsyncBaseTransport, clock: VirtualClock) -> NotionTransport:
    limiter = AdaptiveLimiter(3.0, burst=3, ceiling=3.0, clock=clock, sleep=clock.sleep)
    return NotionTransport(
        inner, limiter=limiter, policy=POLICY, rng=random.Random(0), sleep=clock.sleep
    )


async def call(transport: NotionTransport, clock: VirtualClock, method: str, path: str) -> Any:
    async with httpx.AsyncClient(transport=transport, base_url="http://n") as http:
        result = await clock.run(http.request(method, path, json={"a": 1}))
        return result[0]


async def test_429_is_retried_after_the_pause_for_writes_too() -> None:
    clock = VirtualClock()
    inner, seen = scripted((429, {"Retry-After": "2"}), 200)
    transport = seam(inner, clock)
    response = await call(transport, clock, "PATCH", "/v1/blocks/x/children")
    assert response.status_code == 200
    assert len(seen) == 2
    # Retry-After 2 (whole seconds): back somewhere in (1, 2]; the retry waits for all of it
    assert clock.now == pytest.approx(2.0)
    assert transport.stats.rate_limited == 1 and transport.stats.retries == 1
    assert transport.limiter.stats.throttles == 1 and transport.limiter.stats.pauses == 1


async def test_5xx_on_read_is_retried() -> None:
    clock = VirtualClock()
    inner, seen = scripted(502, 503, 200)
    transport = seam(inner, clock)
    response = await call(transport, clock, "GET", "/v1/blocks/x")
    assert response.status_code == 200 and len(seen) == 3


async def test_5xx_on_write_is_uncertain_never_resent() -> None:
    clock = VirtualClock()
    inner, seen = scripted(502, 200)
    transport = seam(inner, clock)
    with pytest.raises(UncertainWriteError) as excinfo:
        await call(transport, clock, "POST", "/v1/pages")
    assert len(seen) == 1
    assert excinfo.value.body == {"a": 1} and excinfo.value.reason == "status 502"
    assert transport.stats.uncertain_writes == 1


@pytest.mark.parametrize(
    "error",
    [httpx.ReadTimeout("t"), httpx.RemoteProtocolError("dropped"), httpx.ReadError("reset")],
)
async def test_write_that_may_have_arrived_is_uncertain(error: Exception) -> None:
    clock = VirtualClock()
    inner, seen = scripted(error, 200)
    with pytest.raises(UncertainWriteError):
        await call(seam(inner, clock), clock, "PATCH", "/v1/blocks/x/children")
    assert len(seen) == 1


async def test_write_that_never_left_is_retried() -> None:
    clock = VirtualClock()
    inner, seen = scripted(httpx.ConnectError("refused"), 200)
    response = await call(seam(inner, clock), clock, "POST", "/v1/pages")
    assert response.status_code == 200 and len(seen) == 2


async def test_reads_give_up_after_bounded_attempts() -> None:
    clock = VirtualClock()
    inner, seen = scripted(500, 500, 500, 500, 200)
    response = await call(seam(inner, clock), clock, "GET", "/v1/users")
    assert response.status_code == 500 and len(seen) == POLICY.max_attempts


async def test_stats_by_endpoint_with_ids_folded() -> None:
    clock = VirtualClock()
    inner, _seen = scripted(200, 200)
    transport = seam(inner, clock)
    await call(transport, clock, "GET", "/v1/blocks/0123456789abcdef0123456789abcdef")
    await call(transport, clock, "GET", "/v1/blocks/01234567-89ab-cdef-0123-456789abcdef")
    assert transport.stats.requests == {"GET /v1/blocks/{id}": 2}
    assert transport.stats.as_dict()["by_status"] == {"200": 2}
