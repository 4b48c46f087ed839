"""Rate-limit policies, driven by a fake clock (no sleeps)."""

from __future__ import annotations

import pytest

from notion_emulator.ratelimit import (
    DEFAULT_BURST,
    RateLimiter,
    TokenBucket,
    WindowBudget,
    retry_after_seconds,
)


class FakeClock:
    """Monotonic seconds that move only when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def drain(acquire: object, limit: int = 10_000) -> int:
    """Acquire until refused; the number granted."""
    assert callable(acquire)
    for granted in range(limit):
        if acquire() is not None:
            return granted
    raise AssertionError("never refused")


# -- TokenBucket -------------------------------------------------------------------------


def test_bucket_burst_then_limited() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=3.0, burst=10, clock=clock)
    assert [bucket.acquire() for _ in range(10)] == [None] * 10
    wait = bucket.acquire()
    assert wait == pytest.approx(1 / 3)


def test_bucket_refused_acquire_takes_nothing() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=3.0, burst=1, clock=clock)
    assert bucket.acquire() is None
    for _ in range(5):
        assert bucket.acquire() == pytest.approx(1 / 3)
    clock.advance(1 / 3)
    assert bucket.acquire() is None


@pytest.mark.parametrize("seconds", [1, 2, 5, 30])
@pytest.mark.parametrize("step", [1.0, 0.1, 1 / 3, 0.05])
def test_bucket_refill_gives_exactly_rate_times_seconds(seconds: int, step: float) -> None:
    """Polling every ``step`` seconds for ``seconds`` seconds yields exactly 3 per second."""
    clock = FakeClock()
    bucket = TokenBucket(rate=3.0, burst=10, clock=clock)
    drain(bucket.acquire)
    granted = 0
    steps = round(seconds / step)
    for _ in range(steps):
        clock.advance(step)
        granted += drain(bucket.acquire)
    assert granted == 3 * seconds


def test_bucket_refill_caps_at_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=3.0, burst=10, clock=clock)
    drain(bucket.acquire)
    clock.advance(3600)
    assert bucket.tokens == 10
    assert drain(bucket.acquire) == 10


def test_bucket_defaults() -> None:
    bucket = TokenBucket(clock=FakeClock())
    assert (bucket.rate, bucket.burst) == (3.0, DEFAULT_BURST)


@pytest.mark.parametrize(("rate", "burst"), [(0.0, 10), (-1.0, 10), (3.0, 0)])
def test_bucket_rejects_bad_options(rate: float, burst: int) -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate, burst, clock=FakeClock())


# -- WindowBudget ------------------------------------------------------------------------


def test_window_budget_spent_then_waits_for_reset() -> None:
    clock = FakeClock()
    window = WindowBudget(budget=5, window_seconds=60.0, clock=clock)
    assert window.acquire() is None
    clock.advance(10)
    assert [window.acquire() for _ in range(4)] == [None] * 4
    assert window.acquire() == pytest.approx(50.0)
    clock.advance(49.5)
    assert window.acquire() == pytest.approx(0.5)
    clock.advance(0.5)
    assert window.remaining == 5
    assert drain(window.acquire) == 5


def test_window_opens_at_first_request_after_reset() -> None:
    clock = FakeClock()
    window = WindowBudget(budget=2, window_seconds=60.0, clock=clock)
    drain(window.acquire)
    clock.advance(100)  # idle past the end of the window
    assert window.acquire() is None
    clock.advance(20)
    assert window.acquire() is None
    assert window.acquire() == pytest.approx(40.0)


@pytest.mark.parametrize(("budget", "seconds"), [(0, 60.0), (5, 0.0), (5, -1.0)])
def test_window_rejects_bad_options(budget: int, seconds: float) -> None:
    with pytest.raises(ValueError):
        WindowBudget(budget, seconds, clock=FakeClock())


# -- RateLimiter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wait", "expected"), [(0.001, 1), (1 / 3, 1), (1.0, 1), (1.0000001, 2), (59.2, 60)]
)
def test_retry_after_is_whole_seconds_rounded_up(wait: float, expected: int) -> None:
    assert retry_after_seconds(wait) == expected


def test_limiter_token_bucket_429() -> None:
    clock = FakeClock()
    limiter = RateLimiter.from_options(rate=3.0, burst=4, clock=clock)
    assert [limiter.check() for _ in range(4)] == [None] * 4
    error = limiter.check()
    assert error is not None
    assert (error.status, error.code) == (429, "rate_limited")
    assert error.additional_data == {"rate_limit_reason": "public_api_request_rate_limit"}
    assert error.headers == {"Retry-After": "1"}
    assert error.body("r")["additional_data"] == error.additional_data
    assert limiter.limited == 1
    clock.advance(1 / 3)
    assert limiter.check() is None
    assert limiter.limited == 1


def test_limiter_slow_rate_retry_after_rounds_up() -> None:
    clock = FakeClock()
    limiter = RateLimiter.from_options(rate=0.4, burst=1, clock=clock)  # one per 2.5 s
    assert limiter.check() is None
    error = limiter.check()
    assert error is not None
    assert error.headers["Retry-After"] == "3"


def test_limiter_window_429_retry_after_is_time_to_reset() -> None:
    clock = FakeClock()
    limiter = RateLimiter.from_options(rate=0, window_budget=3, window_seconds=60, clock=clock)
    for _ in range(3):
        assert limiter.check() is None
        clock.advance(7.4)
    error = limiter.check()
    assert error is not None
    assert error.status == 429
    retry_after = int(error.headers["Retry-After"])
    assert retry_after == 38  # 60 - 3 * 7.4 = 37.8, rounded up
    clock.advance(37.8)
    assert limiter.check() is None
    assert limiter.limited == 1


def test_limiter_both_limits_refusal_takes_from_neither() -> None:
    clock = FakeClock()
    limiter = RateLimiter.from_options(
        rate=3.0, burst=2, window_budget=4, window_seconds=60, clock=clock
    )
    bucket, window = limiter.limits
    assert isinstance(bucket, TokenBucket)
    assert isinstance(window, WindowBudget)
    assert limiter.check() is None
    assert limiter.check() is None
    assert limiter.check() is not None  # bucket empty
    assert window.remaining == 2  # the refused request spent nothing
    clock.advance(1.0)
    assert limiter.check() is None
    assert limiter.check() is None
    error = limiter.check()  # window spent: wait for the reset, the longer wait
    assert error is not None
    assert error.headers["Retry-After"] == "59"
    assert limiter.limited == 2


def test_limiter_disabled() -> None:
    clock = FakeClock()
    limiter = RateLimiter.from_options(rate=0, clock=clock)
    assert not limiter.enabled
    assert all(limiter.check() is None for _ in range(10_000))
    assert limiter.limited == 0
    assert not RateLimiter.from_options(rate=0, window_budget=0, clock=clock).enabled


def test_limiter_default_burst() -> None:
    limiter = RateLimiter.from_options(clock=FakeClock())
    assert limiter.enabled
    assert drain(limiter.check) == DEFAULT_BURST


def test_limiter_rejects_bad_options() -> None:
    with pytest.raises(ValueError, match="rate"):
        RateLimiter.from_options(rate=-1.0, clock=FakeClock())
    with pytest.raises(ValueError, match="window_budget"):
        RateLimiter.from_options(window_budget=-1, clock=FakeClock())
