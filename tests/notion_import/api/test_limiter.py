"""The shared adaptive limiter, on a virtual clock."""

from __future__ import annotations

import pytest
from tests.virtual_clock import VirtualClock

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


async def test_fixed_rate_burst_then_steady() -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=3)
    times = await send_times(clock, limiter, 30)
    assert times[:3] == [0.0, 0.0, 0.0]
    assert times[3] == pytest.approx(1 / 3)
    assert times[-1] == pytest.approx(27 / 3)
    assert limiter.rate == 3.0  # a fixed rate never probes upward


async def test_throttle_pauses_everyone_and_halves_once() -> None:
    clock = VirtualClock()
    limiter = make(clock, 4.0, burst=1, ceiling=10.0)
    await send_times(clock, limiter, 1)
    limiter.throttled(5.0)
    limiter.throttled(5.0)  # a second in-flight 429 of the same event
    assert limiter.rate == 2.0 and limiter.stats.decreases == 1
    times = await send_times(clock, limiter, 3)
    assert times[0] >= 5.0
    assert limiter.stats.throttles == 2


async def test_probes_upward_while_saturated() -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=1, ceiling=10.0, increase=0.5)
    await send_times(clock, limiter, 200)
    assert limiter.rate > 6.0
    assert limiter.rate <= 10.0
    assert limiter.stats.increases > 0


async def test_never_below_floor_nor_above_ceiling() -> None:
    clock = VirtualClock()
    limiter = make(clock, 3.0, burst=1, ceiling=4.0, floor=1.0)
    for _ in range(10):
        clock.now += 100
        limiter.throttled(1.0)
    assert limiter.rate == 1.0
    await send_times(clock, limiter, 500)
    assert limiter.rate <= 4.0


def test_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        AdaptiveLimiter(0)
    with pytest.raises(ValueError):
        AdaptiveLimiter(3, burst=0)


async def test_slow_start_until_the_first_refusal_then_additive() -> None:
    fast_clock, slow_clock = VirtualClock(), VirtualClock()
    fast = make(fast_clock, 3.0, burst=1, ceiling=100.0, increase=0.3, slow_start=0.5)
    slow = make(slow_clock, 3.0, burst=1, ceiling=100.0, increase=0.3, slow_start=0.0)
    await send_times(fast_clock, fast, 60)
    await send_times(slow_clock, slow, 60)
    assert fast.rate > slow.rate * 1.5
    fast.throttled(1.0)
    rate_after, started = fast.rate, fast_clock.now
    await send_times(fast_clock, fast, 60)
    elapsed = fast_clock.now - started
    assert fast.rate <= rate_after + 0.3 * elapsed + 1e-9
