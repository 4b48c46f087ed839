"""One rate limiter shared by every request of a run, that adapts to what Notion allows.

It is a reservation-based token bucket (GCRA): each :meth:`AdaptiveLimiter.acquire` reserves the
next free slot — first come, first served, no thundering herd — and sleeps until it. ``burst``
requests may go back to back after a quiet spell.

It adapts in both directions (additive increase, multiplicative decrease):

- a 429 or 529 pauses *every* sender until ``Retry-After`` has passed and multiplies the rate by
  ``decrease`` (once per congestion event, however many in-flight requests were refused);
- while senders are queueing (demand exceeds the rate) and nothing is refused, the rate grows,
  up to ``ceiling``: until the first refusal it grows by the factor ``1 + slow_start`` per
  second of saturated sending (to find an unknown budget quickly, as TCP's slow start does),
  afterwards by ``increase`` requests/second per second.

With ``ceiling == rate`` (a rate the caller knows) it never probes above it. Time goes through
``clock`` and ``sleep`` so tests run on a fake clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

#: Notion's documented average for one integration.
NOTION_RATE = 3.0


@dataclass
class LimiterStats:
    granted: int = 0
    waited_seconds: float = 0.0
    throttles: int = 0
    decreases: int = 0
    increases: int = 0


class AdaptiveLimiter:
    """A shared, adaptive token bucket. See the module docstring."""

    def __init__(
        self,
        rate: float = NOTION_RATE,
        *,
        burst: int = 3,
        ceiling: float | None = None,
        floor: float = 0.5,
        increase: float = 0.3,
        slow_start: float = 0.5,
        decrease: float = 0.5,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.rate = rate
        self.burst = burst
        self.ceiling = rate if ceiling is None else max(ceiling, rate)
        self.floor = min(floor, rate)
        self.increase = increase
        self.slow_start = slow_start
        self.decrease = decrease
        self._clock = clock
        self._sleep: Sleep = sleep or asyncio.sleep
        self._tat: float | None = None  # theoretical arrival time of the next request
        self._paused_until = 0.0
        self._quiet_until = 0.0  # no second decrease before this
        self.stats = LimiterStats()

    def now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    @property
    def paused_until(self) -> float:
        return self._paused_until

    def reserve(self) -> float:
        """Reserve the next slot; returns the time at which the caller may send."""
        now = self.now()
        interval = 1.0 / self.rate
        tat = now if self._tat is None else max(self._tat, now)
        start = max(now, tat - (self.burst - 1) * interval, self._paused_until)
        self._tat = max(tat, start) + interval
        return start

    async def acquire(self) -> None:
        """Wait for this caller's slot (and for any pause announced meanwhile)."""
        start = self.reserve()
        now = self.now()
        waited = 0.0
        if start > now:
            waited = start - now
            await self._sleep(waited)
        while self.now() < self._paused_until:  # a 429 arrived while we slept
            delay = self._paused_until - self.now()
            waited += delay
            await self._sleep(delay)
        self.stats.granted += 1
        self.stats.waited_seconds += waited
        if waited > 0 and self.ceiling > self.rate and self.now() >= self._quiet_until:
            self._grow(min(waited, 1.0 / self.rate))

    def _grow(self, seconds: float) -> None:
        if self.stats.throttles == 0:
            new_rate = min(self.ceiling, self.rate * (1.0 + self.slow_start * seconds))
        else:
            new_rate = min(self.ceiling, self.rate + self.increase * seconds)
        if new_rate > self.rate:
            self.rate = new_rate
            self.stats.increases += 1

    def throttled(self, retry_after: float) -> None:
        """A 429/529 came back: pause everyone, and slow down once per congestion event."""
        now = self.now()
        self.stats.throttles += 1
        self._paused_until = max(self._paused_until, now + retry_after)
        if self._tat is not None:
            self._tat = max(self._tat, self._paused_until)
        if now >= self._quiet_until:
            self.rate = max(self.floor, self.rate * self.decrease)
            self.stats.decreases += 1
            self._quiet_until = self._paused_until + 1.0 / self.rate
