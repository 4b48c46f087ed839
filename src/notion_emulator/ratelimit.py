"""Notion's rate limits as small policy objects with an injectable clock.

Two limits, either or both active:

- :class:`TokenBucket`: the classic "an average of 3 requests per second per integration,
  short bursts tolerated". The bucket holds ``burst`` tokens and refills at ``rate`` per second.
- :class:`WindowBudget`: the newest "N requests per 60-second window, spend them at any pace";
  once spent, ``Retry-After`` is the time until the window resets.

:class:`RateLimiter` combines them and turns a refusal into Notion's 429 ``rate_limited``.

Time comes only from the ``clock`` (monotonic seconds, ``time.monotonic`` by default), so
tests drive it with a fake clock and never sleep.

Thread-safety: none, by design. The emulator runs on one event loop and these objects never
await, so a check-and-take is atomic with respect to other requests. Do not share one
instance between threads.
"""

from __future__ import annotations

import math
import time
from typing import Protocol

from .errors import NotionError

__all__ = [
    "DEFAULT_BURST",
    "DEFAULT_RATE",
    "DEFAULT_WINDOW_SECONDS",
    "RATE_LIMIT_REASON",
    "Clock",
    "RateLimiter",
    "TokenBucket",
    "WindowBudget",
    "retry_after_seconds",
]

#: Notion's documented average: 3 requests per second per integration.
DEFAULT_RATE = 3.0
#: Notion tolerates "short bursts" without saying how short; 10 requests back to back
#: (a bit over three seconds' worth) is the emulator's reading of it.
DEFAULT_BURST = 10
#: The newest docs count a per-connection budget over 60-second windows.
DEFAULT_WINDOW_SECONDS = 60.0
#: ``additional_data.rate_limit_reason`` for the per-connection limit. The emulator has no
#: workspace-wide limit (``public_api_space_request_rate_limit``): both the token bucket and
#: the window budget are per-connection limits and answer with this reason.
RATE_LIMIT_REASON = "public_api_request_rate_limit"

#: Slack for floating-point sums of refill time (e.g. ten steps of 0.1 s).
_EPSILON = 1e-9


class Clock(Protocol):
    """A source of monotonic time in seconds, like ``time.monotonic``."""

    def __call__(self) -> float: ...


def retry_after_seconds(wait: float) -> int:
    """``Retry-After`` for a wait of ``wait`` seconds: whole seconds, rounded up, at least 1.

    >>> retry_after_seconds(0.2), retry_after_seconds(1.0), retry_after_seconds(1.01)
    (1, 1, 2)
    """
    return max(1, math.ceil(wait - _EPSILON))


class TokenBucket:
    """``burst`` tokens, refilled continuously at ``rate`` per second; one token per request.

    The bucket starts full, so ``burst`` requests pass at once and then one every
    ``1 / rate`` seconds.
    """

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        clock: Clock = time.monotonic,
    ) -> None:
        if not rate > 0:
            raise ValueError(f"rate must be > 0 requests per second, got {rate!r}")
        if burst < 1:
            raise ValueError(f"burst must be >= 1, got {burst!r}")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._last)
        self._tokens = min(float(self.burst), self._tokens + elapsed * self.rate)
        self._last = now

    @property
    def tokens(self) -> float:
        """Tokens available now (fractional while refilling)."""
        self._refill()
        return self._tokens

    def wait_time(self) -> float:
        """Seconds until a token is available; 0.0 if one is available now. Takes nothing."""
        self._refill()
        if self._tokens >= 1.0 - _EPSILON:
            return 0.0
        return (1.0 - self._tokens) / self.rate

    def acquire(self) -> float | None:
        """Take a token and return None, or return the seconds until one is available."""
        wait = self.wait_time()
        if wait > 0.0:
            return wait
        self._tokens = max(0.0, self._tokens - 1.0)
        return None


class WindowBudget:
    """``budget`` requests per fixed window of ``window_seconds``.

    A window opens at the first request after the previous one closed and lasts
    ``window_seconds`` however it is spent. Refused requests do not count against it.
    """

    def __init__(
        self,
        budget: int,
        window_seconds: float = DEFAULT_WINDOW_SECONDS,
        clock: Clock = time.monotonic,
    ) -> None:
        if budget < 1:
            raise ValueError(f"budget must be >= 1 request per window, got {budget!r}")
        if not window_seconds > 0:
            raise ValueError(f"window_seconds must be > 0, got {window_seconds!r}")
        self.budget = budget
        self.window_seconds = window_seconds
        self._clock = clock
        self._window_start: float | None = None
        self._used = 0

    def _roll(self) -> float:
        now = self._clock()
        if self._window_start is None or now >= self._window_start + self.window_seconds:
            self._window_start = now
            self._used = 0
        return now

    @property
    def remaining(self) -> int:
        """Requests left in the current window."""
        self._roll()
        return self.budget - self._used

    def wait_time(self) -> float:
        """Seconds until the window resets if the budget is spent; else 0.0. Takes nothing."""
        now = self._roll()
        if self._used < self.budget:
            return 0.0
        assert self._window_start is not None
        return self._window_start + self.window_seconds - now

    def acquire(self) -> float | None:
        """Spend one request and return None, or return the seconds until the window resets."""
        wait = self.wait_time()
        if wait > 0.0:
            return wait
        self._used += 1
        return None


class RateLimiter:
    """All active limits together; :meth:`check` answers a request with None or a 429.

    A request passes only if every limit has room, and then takes from each (a refusal by
    one limit takes nothing from the others). ``Retry-After`` is the longest wait.
    """

    def __init__(self, limits: list[TokenBucket | WindowBudget] | None = None) -> None:
        self.limits: list[TokenBucket | WindowBudget] = list(limits or [])
        #: Number of 429 answers issued.
        self.limited = 0

    @classmethod
    def from_options(
        cls,
        rate: float = DEFAULT_RATE,
        burst: int | None = None,
        window_budget: int | None = None,
        window_seconds: float = DEFAULT_WINDOW_SECONDS,
        clock: Clock = time.monotonic,
    ) -> RateLimiter:
        """Build from command-line style options.

        ``rate`` of 0 turns the token bucket off, ``window_budget`` of None or 0 turns the
        window off; with both off the limiter is disabled and never refuses.
        ``burst`` defaults to :data:`DEFAULT_BURST`.
        """
        if rate < 0:
            raise ValueError(f"rate must be >= 0 requests per second, got {rate!r}")
        if window_budget is not None and window_budget < 0:
            raise ValueError(f"window_budget must be >= 0, got {window_budget!r}")
        limits: list[TokenBucket | WindowBudget] = []
        if rate > 0:
            limits.append(TokenBucket(rate, DEFAULT_BURST if burst is None else burst, clock))
        if window_budget:
            limits.append(WindowBudget(window_budget, window_seconds, clock))
        return cls(limits)

    @property
    def enabled(self) -> bool:
        """Whether any limit is active."""
        return bool(self.limits)

    def check(self) -> NotionError | None:
        """Let one request through (None) or return the 429 ``rate_limited`` to answer with."""
        wait = max((limit.wait_time() for limit in self.limits), default=0.0)
        if wait > 0.0:
            self.limited += 1
            return NotionError(
                429,
                "rate_limited",
                additional_data={"rate_limit_reason": RATE_LIMIT_REASON},
                headers={"Retry-After": str(retry_after_seconds(wait))},
            )
        for limit in self.limits:
            limit.acquire()
        return None
