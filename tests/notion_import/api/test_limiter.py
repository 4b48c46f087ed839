"""The shared limiter, on a virtual clock, against the emulator's own rate-limit policies."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from tests.virtual_clock import VirtualClock

from notion_emulator.ratelimit import TokenBucket, WindowBudget, retry_after_seconds
from notion_import.api.limiter import AdaptiveLimiter


def make(clock: VirtualClock, rate: float = 3.0, **kw: object) -> AdaptiveLimiter:
    return AdaptiveLimiter(rate, clock=clock, sleep=clock.sleep, **kw)  # type: ignore[arg-type]


async def send_times(clock: VirtualClock, limiter: AdaptiveLimiter, n: int) -> list[float]:
    times: list[float] = []

    async def one() -> None:
        await limiter.acquire()
        times.append(clock.now)

    await clock.run(*(one() for _ in range(n)))
    return sorted(times)


@dataclass
class Run:
    accepted: int = 0
    refused: int = 0

    @property
    def refused_share(self) -> float:
        return self.refused / (self.accepted + self.refused)


async def drive(
    clock: VirtualClock,
    limiter: AdaptiveLimiter,
    server: TokenBucket | WindowBudget,
    *,
    seconds: float,
    senders: int,
    latency: float,
) -> Run:
    """``senders`` loops sending through ``limiter`` to ``server`` (checked as the request
    leaves; every answer, accepted or refused, takes ``latency``) until ``seconds``."""
    run = Run()

    async def sender() -> None:
        while clock.now < seconds:
            sent = await limiter.acquire()
            if sent >= seconds:
                return
            wait = server.acquire()
            await clock.sleep(latency)
            if wait is None:
                run.accepted += 1
                limiter.accepted(sent)
            else:
                run.refused += 1
                limiter.throttled(retry_after_seconds(wait), sent)

    await clock.run(*(sender() for _ in range(senders)))
    return run


async def test_fixed_rate_burst_then_steady() -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=3)
    times = await send_times(clock, limiter, 30)
    assert times[:3] == [0.0, 0.0, 0.0]
    assert times[3] == pytest.approx(1 / 3)
    assert times[-1] == pytest.approx(27 / 3)
    assert limiter.rate == 3.0  # a fixed rate never probes upward


async def test_a_refusal_pauses_every_sender_until_retry_after_but_one_probe() -> None:
    clock = VirtualClock()
    limiter = make(clock, 4.0, burst=1, ceiling=10.0)
    sent = await limiter.acquire()
    limiter.throttled(5.0, sent)
    limiter.throttled(5.0, sent)  # a second in-flight 429 of the same event
    assert limiter.stats.pauses == 1 and limiter.stats.throttles == 2
    times: list[float] = []

    async def one() -> None:
        granted = await limiter.acquire()
        times.append(granted)
        if granted < 5.0:  # a probe, half-way through what is uncertain: still refused
            limiter.throttled(1.0, granted)

    await clock.run(*(one() for _ in range(6)))
    times.sort()
    # Retry-After 5: back somewhere in (4, 5]; refused at 4.5, at 4.75, at 4.875
    assert times[:3] == [pytest.approx(4.5), pytest.approx(4.75), pytest.approx(4.875)]
    assert all(t >= 5.0 for t in times[3:])
    assert limiter.stats.probes == 3


async def test_an_accepted_probe_resumes_everyone_at_once() -> None:
    clock = VirtualClock()
    limiter = make(clock, 4.0, burst=1, ceiling=10.0)
    sent = await limiter.acquire()
    limiter.throttled(3.0, sent)
    times: list[float] = []

    async def one() -> None:
        granted = await limiter.acquire()
        times.append(granted)
        if len(times) == 1:
            limiter.accepted(granted)

    await clock.run(*(one() for _ in range(3)))
    times.sort()
    assert times[0] == pytest.approx(2.5)
    assert times[1] < 3.0  # the others did not wait for the whole Retry-After
    assert limiter.paused_until == 0.0


async def test_resumes_at_the_rate_shown_not_at_half_of_it_and_keeps_it() -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=1, ceiling=30.0)
    server = WindowBudget(100, 10.0, clock)
    run = await drive(clock, limiter, server, seconds=120.0, senders=16, latency=0.05)
    # the budget ran out twice while probing (the second time measured it), never again
    assert limiter.stats.pauses == 2
    assert limiter.shown is not None
    assert 0.97 * 10.0 <= limiter.rate <= 10.0  # 100 per 10 s, not 5/s
    assert limiter.ceiling == limiter.rate  # kept: no probing above it
    assert run.accepted >= 0.95 * 1200
    assert run.refused_share < 0.02


@pytest.mark.slow
@pytest.mark.parametrize(("window", "windows"), [(10.0, 12), (60.0, 3)])
@pytest.mark.parametrize("senders", [1, 16])
@pytest.mark.parametrize("latency", [0.05, 0.3])
async def test_an_unknown_window_budget_is_used_with_few_refusals(
    window: float, windows: int, senders: int, latency: float
) -> None:
    # as benchmarks/bench_budget.py: one sender gets a budget it can carry
    rate = 10.0 if senders > 1 else 5.0 if latency < 0.1 else 2.5
    budget = round(rate * window)
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=1, ceiling=30.0)
    server = WindowBudget(budget, window, clock)
    seconds = windows * window
    run = await drive(clock, limiter, server, seconds=seconds, senders=senders, latency=latency)
    assert run.accepted >= 0.95 * windows * budget
    assert run.refused_share < 0.02


@pytest.mark.parametrize("burst", [3, 10])
async def test_a_token_bucket_is_not_probed_above_the_rate_it_showed(burst: int) -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=1, ceiling=30.0)
    server = TokenBucket(3.0, burst, clock)
    run = await drive(clock, limiter, server, seconds=300.0, senders=16, latency=0.05)
    assert limiter.shown is not None and limiter.rate <= min(limiter.shown, 3.05)
    assert run.refused_share < 0.01
    assert run.accepted >= 0.9 * 3.0 * 300


async def test_a_rate_shown_before_is_kept_without_probing() -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=1, ceiling=30.0)
    limiter.adopt(2.0)
    times = await send_times(clock, limiter, 41)
    assert times[-1] == pytest.approx(40 / (2.0 * 0.99))  # a hair below it
    assert limiter.rate == limiter.ceiling < 2.0 and limiter.stats.increases == 0


async def test_probes_upward_until_the_first_refusal() -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=1, ceiling=10.0)
    await send_times(clock, limiter, 200)
    assert 6.0 < limiter.rate <= 10.0
    assert limiter.stats.increases > 0


async def test_a_fixed_rate_is_lowered_to_a_lower_rate_shown_only() -> None:
    clock = VirtualClock()
    limiter = make(clock, 5.0, burst=1)
    server = TokenBucket(2.0, 1, clock)
    await drive(clock, limiter, server, seconds=30.0, senders=4, latency=0.05)
    assert limiter.fixed and limiter.rate <= 2.0
    high = make(clock, 1.0, burst=1)
    high.adopt(4.0)
    assert high.rate == 1.0


async def test_never_below_the_floor() -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=1, ceiling=4.0, floor=1.0)
    server = WindowBudget(2, 10.0, clock)  # 0.2 requests/second
    await drive(clock, limiter, server, seconds=60.0, senders=2, latency=0.05)
    assert limiter.shown is not None and limiter.shown < 1.0
    assert limiter.rate == 1.0


def test_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        AdaptiveLimiter(0)
    with pytest.raises(ValueError):
        AdaptiveLimiter(3, burst=0)
