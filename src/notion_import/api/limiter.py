"""One rate limiter shared by every request of a run, that learns what the workspace allows.

It is a reservation-based token bucket (GCRA): each :meth:`AdaptiveLimiter.acquire` reserves the
next free slot — first come, first served, no thundering herd — and sleeps until it. ``burst``
requests may go back to back after a quiet spell.

Notion limits a run in two ways that look alike from outside: a token bucket (about 3 requests
per second, short bursts tolerated) and a budget of requests per window (a number per 60-second
window, spendable at any pace). The limiter treats both as a budget it must measure:

- Until the first refusal it does not know the budget, so while senders queue (demand exceeds
  the rate) the rate grows by the factor ``1 + slow_start`` per second of saturated sending, up
  to ``ceiling`` (TCP's slow start).
- A 429 or 529 says when the budget returns (``Retry-After``, whole seconds, so the moment lies
  within the second before it). *Every* sender waits until then; meanwhile one request at a
  time goes out at the middle of what is still uncertain (a probe, at most :data:`PROBES` per
  refusal): when it is accepted the budget is back and everyone resumes at once, when it is
  refused the moment is later. So a pause lasts no longer than it must.
- After the first pause every sender resumes at the last good rate — the rate in use, not half
  of it (and, while senders still queue, it grows by ``increase`` requests/second per second
  until the next pause). The first stretch of a run began with a budget of unknown size, sent
  slowly at first, so it shows nothing; from the next pause on, the requests accepted since the
  first pause ended, over the time until the budget last returned, are the rate the workspace
  has *shown*.
  The limiter paces a hair (:data:`MARGIN`) below it for the rest of the run and never probes
  above it (a later refusal measures again, over the longer time). Paced so, a window budget is
  spent evenly and runs out as its window ends, and a token bucket is never emptied.
- Nothing is learnt from a period in which nothing was accepted; the rate never goes below
  ``floor``. A period in which the senders had less to send than the rate allowed shows less
  than the workspace would grant: the measure assumes the run kept the limiter busy.

A rate shown before (:meth:`AdaptiveLimiter.adopt`: kept from an earlier run, or read from the
workspace) starts the run at that rate with no probing. With ``ceiling == rate`` (a rate the
caller fixed) it never probes above the rate; a refusal still pauses everyone, and lowers the
rate to the one shown if that is lower. Time goes through ``clock`` and ``sleep`` so tests run
on a fake clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

#: Notion's documented average for one integration.
NOTION_RATE = 3.0
#: Probes sent during one pause, each halving the time in which the budget returns.
PROBES = 3
#: No probe once the moment the budget returns is known to within this many seconds.
PRECISION = 0.2
#: The pace keeps this share below the rate shown, so that timing noise does not empty a
#: token bucket paced at exactly its rate.
MARGIN = 0.01
#: How often paused senders look whether a probe has ended the pause (seconds).
POLL = 0.05


@dataclass
class LimiterStats:
    granted: int = 0
    waited_seconds: float = 0.0
    #: 429/529 answers.
    throttles: int = 0
    #: Times the rate went down: a rate shown below the one in use.
    decreases: int = 0
    #: Times the rate went up while probing (slow start).
    increases: int = 0
    #: Refusal events (the first 429 of a pause; the others sent before it count as throttles).
    pauses: int = 0
    #: Requests sent during a pause to find out whether the budget was back.
    probes: int = 0


@dataclass
class _Period:
    """The time between two pauses, and the requests sent in it that the server accepted.

    ``returned`` is when the budget returned after it: the refusal's ``Retry-After`` at first,
    then the middle of what the pause left uncertain; ``None`` while the period is open."""

    start: float
    #: Whether it began as a pause ended (so the budget was whole at its start).
    after_pause: bool
    accepted: int = 0
    returned: float | None = None

    def average(self) -> float | None:
        """The rate the server granted over the period, or None if nothing was accepted."""
        if self.returned is None or self.accepted < 1:
            return None
        return self.accepted / max(self.returned - self.start, 1e-3)


@dataclass
class _Pause:
    """One refusal event: the budget returns at some moment in ``(low, high]``."""

    low: float
    high: float
    probes: int = 0
    #: When the probe in flight was granted (None: no probe in flight).
    probe: float | None = None

    def probe_due(self, now: float) -> bool:
        return (
            self.probe is None
            and self.probes < PROBES
            and self.high - self.low > PRECISION
            and now >= (self.low + self.high) / 2
        )

    def next_wake(self, now: float) -> float:
        middle = (self.low + self.high) / 2
        if self.probe is None and self.probes < PROBES and middle > now:
            return middle
        return self.high


class AdaptiveLimiter:
    """A shared token bucket that learns the workspace's rate. See the module docstring."""

    def __init__(
        self,
        rate: float = NOTION_RATE,
        *,
        burst: int = 3,
        ceiling: float | None = None,
        floor: float = 0.5,
        slow_start: float = 0.5,
        increase: float = 0.3,
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
        #: Whether the caller fixed the rate (no probing, nothing learnt is kept).
        self.fixed = self.ceiling == rate
        self._limit = self.ceiling
        self.floor = min(floor, rate)
        self.slow_start = slow_start
        self.increase = increase
        #: The rate the workspace has shown (requests/second), once known.
        self.shown: float | None = None
        self._clock = clock
        self._sleep: Sleep = sleep or asyncio.sleep
        self._tat: float | None = None  # theoretical arrival time of the next request
        self._open: _Period | None = None
        self._closed: _Period | None = None
        self._pause: _Pause | None = None
        #: The end of the first pause, and the requests accepted that were sent since.
        self._since: float | None = None
        self._since_accepted = 0
        self.stats = LimiterStats()

    def now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    @property
    def paused_until(self) -> float:
        """The latest moment the current pause may last (0.0 when not paused)."""
        return self._pause.high if self._pause is not None else 0.0

    def adopt(self, shown: float) -> None:
        """Take ``shown`` as the rate the workspace has shown (kept from an earlier run, or
        read from the workspace): pace at it from now on and never probe above it."""
        if shown > 0:
            self._learn(shown)

    def reserve(self) -> float:
        """Reserve the next slot; returns the time at which the caller may send."""
        now = self.now()
        interval = 1.0 / self.rate
        tat = now if self._tat is None else max(self._tat, now)
        start = max(now, tat - (self.burst - 1) * interval)
        self._tat = max(tat, start) + interval
        return start

    async def acquire(self) -> float:
        """Wait for this caller's turn, pauses included; returns the moment it was granted,
        which the caller passes back to :meth:`accepted` or :meth:`throttled`."""
        asked = self.now()
        while True:
            pause = self._pause
            now = self.now()
            if pause is not None:
                if now >= pause.high:
                    self._resume(pause.high)
                elif pause.probe_due(now):
                    pause.probe = now
                    pause.probes += 1
                    self.stats.probes += 1
                    return self._grant(asked, now)
                else:
                    await self._sleep(min(POLL, pause.next_wake(now) - now))
                continue
            pauses = self.stats.pauses
            start = self.reserve()
            if start > now:
                await self._sleep(start - now)
            if self.stats.pauses == pauses:  # no refusal arrived while this caller slept
                now = self.now()
                if now > asked and not self.fixed and self.shown is None:
                    self._grow(min(now - asked, 1.0 / self.rate))
                return self._grant(asked, now)

    def _grant(self, asked: float, now: float) -> float:
        self.stats.granted += 1
        self.stats.waited_seconds += now - asked
        if self._open is None and self._pause is None:
            self._open = _Period(now, after_pause=False)
        return now

    def _grow(self, seconds: float) -> None:
        if self.stats.pauses == 0:
            new_rate = min(self.ceiling, self.rate * (1.0 + self.slow_start * seconds))
        else:
            new_rate = min(self.ceiling, self.rate + self.increase * seconds)
        if new_rate > self.rate:
            self.rate = new_rate
            self.stats.increases += 1

    def accepted(self, sent_at: float) -> None:
        """The server answered the request granted at ``sent_at`` with anything but 429/529."""
        pause = self._pause
        if pause is not None and pause.probe is not None and sent_at == pause.probe:
            self._resume(sent_at, probe=True)
        if self._since is not None and sent_at >= self._since:
            self._since_accepted += 1
        for period in (self._open, self._closed):
            if period is not None and sent_at >= period.start:
                period.accepted += 1
                if period is self._closed and self._pause is None:
                    self._relearn()
                return

    def throttled(self, retry_after: float, sent_at: float | None = None) -> None:
        """A 429/529 came back for the request granted at ``sent_at`` (now if not given):
        pause everyone until the budget returns, ``retry_after`` seconds from now at most."""
        now = self.now()
        sent = now if sent_at is None else sent_at
        self.stats.throttles += 1
        # Retry-After is whole seconds rounded up: the budget returned within the second before
        low = max(sent, sent + retry_after - 1.0)
        high = max(low, now + retry_after)
        pause = self._pause
        if pause is not None:  # another refusal of the same event, or a refused probe
            if pause.probe is not None and sent == pause.probe:
                pause.probe = None
            pause.low = max(pause.low, low)
            pause.high = max(pause.low, min(pause.high, high))
            return
        if self._open is not None and sent < self._open.start:
            return  # sent before the last pause ended: that refusal is already accounted for
        self.stats.pauses += 1
        closed = self._open or _Period(sent, after_pause=False)
        closed.returned = high
        self._closed, self._open = closed, None
        self._pause = _Pause(low, high)

    def _resume(self, at: float, *, probe: bool = False) -> None:
        """End the pause: the budget was back by ``at`` (when an accepted ``probe`` left)."""
        if self._pause is not None and self._closed is not None:
            # it came back somewhere after the pause's low mark: count from the middle
            self._closed.returned = (min(self._pause.low, at) + at) / 2
        self._pause = None
        if self._since is None:
            self._since = at
        self._open = _Period(at, after_pause=True)
        self._relearn()
        self._tat = at + 1.0 / self.rate if probe else at

    def _relearn(self) -> None:
        closed = self._closed
        average = closed.average() if closed is not None else None
        if closed is None or average is None:
            return
        if closed.after_pause and self._since is not None and closed.returned is not None:
            # all that was accepted since the first pause ended, over the time it took: the
            # longer it runs, the less a bucket's burst or a late window counts
            opened = self._open.accepted if self._open is not None else 0
            self._learn((self._since_accepted - opened) / max(closed.returned - self._since, 1e-3))
        elif self.fixed or self.shown is not None:
            self._learn(average)
        # else the first pause of a run that knew nothing: its first period began with a budget
        # of unknown size, sent slowly at first, and shows nothing; resume at the last good
        # rate (the rate in use, not half of it) and let the next period show the rate

    def _learn(self, shown: float) -> None:
        self.shown = shown
        new_rate = max(self.floor, min(self._limit, shown * (1.0 - MARGIN)))
        if new_rate < self.rate:
            self.stats.decreases += 1
        self.rate = self.ceiling = new_rate
