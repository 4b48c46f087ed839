"""One rate limiter shared by every request of a run, that learns what the workspace allows.

It is a reservation-based token bucket (GCRA): each :meth:`AdaptiveLimiter.acquire` reserves the
next free slot — first come, first served, one reservation at a time, so that a new rate applies
to the very next request — and sleeps until it. ``burst`` requests may go back to back after a
quiet spell.

Notion limits a run in two ways that look alike from outside: a token bucket (about 3 requests
per second, short bursts tolerated) and a budget of requests per window (a number per 60-second
window, spendable at any pace). The limiter tells them apart by what a refusal says, and measures
each in the way its model allows:

- Until the first refusal it does not know the budget, so while senders queue (demand exceeds
  the rate) the rate grows by the factor ``1 + slow_start`` per second of saturated sending, up
  to ``ceiling`` (TCP's slow start).
- A 429 or 529 says when the budget returns (``Retry-After``, whole seconds rounded up, so the
  moment lies within the second before it). *Every* sender waits until then — nothing goes out
  before the ``Retry-After`` of the refusal (the earliest such moment when several refusals of
  the same event say different things) — and then resumes.
- **A window** (``Retry-After`` of :data:`WINDOW_RETRY_AFTER` seconds or more: a bucket short of
  one request refills it within a second at any rate of 1/s or more). The budget returns whole
  at the reset. The requests accepted since the run's first request (or since the pause before,
  if a bucket-like refusal came first) are the window's budget, and the reset lies in the second
  before ``Retry-After``: the budget over the time until the latest moment is a rate that surely
  fits the window, over the time until the earliest one a rate that surely does not (a tenth
  apart for a 10-second window, a sixtieth for a 60-second one). The next windows are paced at a
  rate half-way between: if no request sent at it is refused before a whole window at it has
  gone by, it fits, else it does not, and the next rate tried is half-way again — until the two
  are within :data:`WINDOW_PRECISION` of each other; then the run paces at the one that fits.
  Each trial costs at most one refusal event (two trials from a tenth apart), so a budget is
  used to within a few hundredths from its third window on. A refusal at a rate that fitted
  (timing noise, or a budget that changed) starts the search again just below it. This needs the
  first window to run out within itself, which the slow start does for budgets of up to about
  ``ceiling`` x (window - 5 s) (150 per 10 s, 1,650 per 60 s at the default ceiling of 30/s); a
  larger one is learnt low, and so is the budget of a run that left its first window partly
  unspent (the count then spans several windows).
- **A bucket** (``Retry-After`` of 1 s). How full it was when the run began is unknown, so the
  first refusal shows nothing: the senders resume at the last rate known to be good (the rate
  the run started at, if the slow start went above it) and, while they queue, the rate grows
  by ``increase`` requests/second per second. At each later refusal the bucket is empty again
  (short of one request) as it was at the first, so the requests it accepted that were sent
  between the two refusals, over the time between them, are its rate to within one request.
  The run paces a hair (:data:`MARGIN`) below the least rate that count allows, and while the
  senders queue it climbs towards the most the count allows, slowly (over
  :data:`BUCKET_CLIMB_SPANS` times the span counted), never above it. A later refusal counts
  again over the whole time since the first, so each refusal halves the uncertainty or better,
  and they grow rarer as the run goes on (a short count is exact to a few per cent; one over a
  minute or more, to a fraction of a per cent). A budget per window of a second or less reads as a
  bucket (its ``Retry-After`` is always 1 s), and is learnt low (the climb back counts in it).
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
#: A refusal whose ``Retry-After`` is at least this many seconds is read as a window's reset:
#: a token bucket short of one token refills it within a second at any rate of 1/s or more.
WINDOW_RETRY_AFTER = 2.0
#: The pace keeps this share below the rate shown, so that timing noise does not spend a
#: budget paced at exactly its rate.
MARGIN = 0.01
#: After counting a bucket's rate over a span of time, the pace climbs from the least rate the
#: count allows to the most it allows over this many times that span: slowly enough that the
#: next refusal (which counts again, over the whole time since the first) is rare and far away.
BUCKET_CLIMB_SPANS = 15.0
#: A window's rate is searched for until the rate known to fit and the rate known to exceed it
#: are within this share of each other (then the run paces at the one that fits).
WINDOW_PRECISION = 0.04
#: How often paused senders look whether the pause has been shortened (seconds).
POLL = 0.05

#: :attr:`AdaptiveLimiter.kind` once a refusal has said how the workspace limits the run.
WINDOW = "window"
BUCKET = "bucket"


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


@dataclass
class _Pause:
    """One refusal event: every sender waits until ``high``; the budget returned somewhere
    in ``(low, high]`` (``Retry-After`` is whole seconds, rounded up)."""

    #: When the first request refused in this event was sent.
    first: float
    #: Its ``Retry-After`` (seconds).
    retry_after: float
    low: float
    high: float
    #: Requests sent after ``first`` that were nevertheless accepted (a bucket's refill).
    later: int = 0


@dataclass
class _Trial:
    """A rate paced from ``since`` to find out whether a window's budget allows it: it does if
    no request sent at it is refused by ``until`` (the next whole window at that rate has
    ended, wherever the current one began)."""

    rate: float
    since: float
    until: float


class AdaptiveLimiter:
    """A shared token bucket that learns the workspace's rate. See the module docstring."""

    def __init__(
        self,
        rate: float = NOTION_RATE,
        *,
        burst: int = 3,
        ceiling: float | None = None,
        floor: float = 0.5,
        slow_start: float = 0.3,
        increase: float = 0.3,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.rate = rate
        #: The rate the run started at: the last rate known good after a bucket's first refusal.
        self._start_rate = rate
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
        #: How the workspace limits the run, once a refusal has said: :data:`WINDOW` or
        #: :data:`BUCKET` (None before the first refusal).
        self.kind: str | None = None
        self._clock = clock
        self._sleep: Sleep = sleep or asyncio.sleep
        self._tat: float | None = None  # theoretical arrival time of the next request
        self._turn = asyncio.Lock()
        self._pause: _Pause | None = None
        #: The current period: from the run's first request or the end of the last pause.
        self._period_start: float | None = None
        self._period_accepted = 0
        #: Windows: the budget per window, the rates known to be within it (``low``) and known
        #: to exceed it (``high``), and the trial of a rate between them, once a window is known.
        self._budget = 0
        self._low = 0.0
        self._high = 0.0
        self._trial: _Trial | None = None
        #: Buckets: the first refused request, and the requests accepted that were sent after it.
        self._first_refusal: float | None = None
        self._since_first = 0
        #: Buckets: how fast the pace climbs towards ``ceiling``, the most the count between
        #: refusals allows (requests/second per second; 0: no climb).
        self._creep = 0.0
        self.stats = LimiterStats()

    def now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    @property
    def paused_until(self) -> float:
        """When the current pause ends (0.0 when not paused)."""
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
                    self._resume(pause, now)
                else:
                    await self._sleep(min(POLL, pause.high - now))
                continue
            async with self._turn:  # one slot reserved at a time: a new rate applies at once
                if self._pause is not None:
                    continue
                pauses = self.stats.pauses
                start = self.reserve()
                if start > self.now():
                    await self._sleep(start - self.now())
                now = self.now()
            if self.stats.pauses == pauses:  # no refusal arrived while this caller slept
                if now > asked and not self.fixed:
                    if self.shown is None:
                        self._grow(min(now - asked, 1.0 / self.rate))
                    elif self._creep:
                        self._climb(min(now - asked, 1.0 / self.rate))
                if self._trial is not None and now >= self._trial.until:
                    self._low = self._trial.rate  # a whole window at it without a refusal
                    self._bisect(now)
                self.stats.granted += 1
                self.stats.waited_seconds += now - asked
                if self._period_start is None:
                    self._period_start = now
                return now

    def _grow(self, seconds: float) -> None:
        if self.stats.pauses == 0:
            new_rate = min(self.ceiling, self.rate * (1.0 + self.slow_start * seconds))
        else:
            new_rate = min(self.ceiling, self.rate + self.increase * seconds)
        if new_rate > self.rate:
            self.rate = new_rate
            self.stats.increases += 1

    def _climb(self, seconds: float) -> None:
        new_rate = min(self.ceiling, self.rate + self._creep * seconds)
        if new_rate > self.rate:
            self.rate = new_rate
            self.stats.increases += 1

    def _bucket_counted(self, count: int, span: float) -> None:
        """A bucket let ``count`` requests through in ``span`` seconds, to within one: pace
        at the least rate that allows, and climb slowly towards the most it allows."""
        self._learn(max(count - 1, 1) / span)
        self.shown = count / span
        self.ceiling = max(self.rate, min(self._limit, (count + 1) / span))
        self._creep = (self.ceiling - self.rate) / (BUCKET_CLIMB_SPANS * span)

    def accepted(self, sent_at: float) -> None:
        """The server answered the request granted at ``sent_at`` with anything but 429/529."""
        pause = self._pause
        if pause is not None and sent_at > pause.first:
            pause.later += 1
        elif self._period_start is not None and sent_at >= self._period_start:
            self._period_accepted += 1
        if self._first_refusal is not None and sent_at > self._first_refusal:
            self._since_first += 1

    def throttled(self, retry_after: float, sent_at: float | None = None) -> None:
        """A 429/529 came back for the request granted at ``sent_at`` (now if not given):
        every sender waits until the budget returns, ``retry_after`` seconds from now."""
        now = self.now()
        sent = now if sent_at is None else sent_at
        self.stats.throttles += 1
        # Retry-After is whole seconds rounded up: the budget returns within the second before
        low = max(sent, sent + retry_after - 1.0)
        high = max(low, now + retry_after)
        pause = self._pause
        if pause is not None:  # another refusal of the same event: narrows the moment
            if sent < pause.first:
                pause.first, pause.retry_after = sent, retry_after
            pause.low = max(pause.low, low)
            pause.high = max(pause.low, min(pause.high, high))
            return
        if self._period_start is not None and sent < self._period_start:
            return  # sent before the last pause ended: that refusal is already accounted for
        self.stats.pauses += 1
        self._pause = _Pause(sent, retry_after, low, high)

    def _resume(self, pause: _Pause, now: float) -> None:
        """End ``pause``: learn what its refusal showed, and start a new period now."""
        if pause.retry_after >= WINDOW_RETRY_AFTER or self.kind == WINDOW:
            self._window_refused(pause, now)
        else:
            self.kind = BUCKET
            if self._first_refusal is None:
                # a bucket's first refusal: how full it was at the start is unknown, so the
                # count so far shows nothing; resume at the last good rate
                self._first_refusal = pause.first
                self._since_first = pause.later
                self.rate = min(self.rate, self._start_rate)
            else:
                # empty (less than one token) at both refusals: what it let through between
                # them is its rate times the time between them, to within a request
                span = pause.first - self._first_refusal
                count = self._since_first - pause.later
                if span > 0 and count > 0:
                    self._bucket_counted(count, span)
        self._pause = None
        self._period_start = now
        self._period_accepted = 0
        self._tat = now

    def _window_refused(self, pause: _Pause, now: float) -> None:
        """A window's budget ran out: learn from it, and pick the rate to pace at from now."""
        trial = self._trial
        if self.kind != WINDOW:
            if self._period_accepted < 1:
                return  # nothing accepted: nothing to learn from
            self.kind = WINDOW
            start = self._period_start if self._period_start is not None else pause.first
            # the period began with a whole budget and spent it: the count is the budget, and
            # the window ended at the reset, somewhere in (low, high]
            self._budget = self._period_accepted
            self._low = self._budget / max(pause.high - start, 1e-3)
            self._high = self._budget / max(pause.low - start, 1e-3)
        elif trial is not None and pause.first >= trial.since:
            self._high = trial.rate  # refused at the rate tried: too fast
        elif trial is None:
            # refused at a rate believed safe: timing noise, or a budget that changed
            self._high = self.rate
            self._low = min(self._low, self.rate) * (1.0 - 2 * MARGIN)
        self._bisect(now)

    def _bisect(self, now: float) -> None:
        """Pace at a rate between the one known to fit the window and the one known to exceed
        it, until they are within :data:`WINDOW_PRECISION` of each other; then at the one that
        fits."""
        self.shown = self._low
        rate = (self._low + self._high) / 2
        if self._high <= self._low * (1.0 + WINDOW_PRECISION) or rate > self._limit:
            self._trial = None  # known closely enough, or the rest is above the ceiling
            rate = self._low
        else:
            until = now + self._budget / self._low + self._budget / rate
            self._trial = _Trial(rate, now, until)
        rate = max(self.floor, min(self._limit, rate))
        if rate < self.rate:
            self.stats.decreases += 1
        self.rate = self.ceiling = rate

    def _learn(self, shown: float) -> None:
        self.shown = shown
        new_rate = max(self.floor, min(self._limit, shown * (1.0 - MARGIN)))
        if new_rate < self.rate:
            self.stats.decreases += 1
        self.rate = self.ceiling = new_rate
