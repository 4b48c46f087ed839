"""notion_import.api.batch.gather: order, bounded concurrency, laziness, errors, cancellation.

No sleeping: items wait on events the test sets, or yield to the loop with ``sleep(0)``.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Coroutine, Iterator
from typing import Any

import pytest

from notion_import.api.batch import Result, gather


class Tracker:
    """Counts coroutines created, running and finished; remembers the peaks."""

    def __init__(self) -> None:
        self.created = 0
        self.running = 0
        self.finished = 0
        self.peak_running = 0
        self.peak_pending = 0  # created but not finished
        self.cancelled: list[int] = []

    async def item(self, index: int, *, steps: int = 3, fail: bool = False) -> int:
        self.running += 1
        self.peak_running = max(self.peak_running, self.running)
        self.peak_pending = max(self.peak_pending, self.created - self.finished)
        try:
            for _ in range(steps):
                await asyncio.sleep(0)
            if fail:
                raise ValueError(f"item {index} failed")
            return index * 10
        except asyncio.CancelledError:
            self.cancelled.append(index)
            raise
        finally:
            self.running -= 1
            self.finished += 1

    def make(self, index: int, **kwargs: Any) -> Coroutine[Any, Any, int]:
        self.created += 1
        return self.item(index, **kwargs)

    def generate(self, count: int, **kwargs: Any) -> Iterator[Coroutine[Any, Any, int]]:
        for index in range(count):
            yield self.make(index, **kwargs)


async def test_results_follow_input_order_not_completion_order() -> None:
    gates = [asyncio.Event() for _ in range(5)]

    async def item(index: int) -> int:
        await gates[index].wait()
        return index

    async def release_backwards() -> None:
        for gate in reversed(gates):
            gate.set()
            await asyncio.sleep(0)

    finished_order: list[int] = []
    releaser = asyncio.create_task(release_backwards())
    results = await gather(
        (item(i) for i in range(5)),
        concurrency=5,
        on_progress=lambda done, total: finished_order.append(done),
    )
    await releaser
    assert [r.unwrap() for r in results] == [0, 1, 2, 3, 4]
    assert finished_order == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("concurrency", "count"), [(1, 5), (3, 20), (8, 100), (50, 10)])
async def test_concurrency_is_bounded(concurrency: int, count: int) -> None:
    tracker = Tracker()
    results = await gather(tracker.generate(count), concurrency=concurrency)
    assert [r.value for r in results] == [i * 10 for i in range(count)]
    assert tracker.peak_running == min(concurrency, count)


@pytest.mark.parametrize("concurrency", [1, 4])
async def test_items_are_created_lazily(concurrency: int) -> None:
    tracker = Tracker()
    results = await gather(tracker.generate(5_000, steps=1), concurrency=concurrency)
    assert len(results) == 5_000 and all(r.ok for r in results)
    assert tracker.peak_pending <= concurrency


async def test_each_error_stays_with_its_item() -> None:
    tracker = Tracker()
    failing = {1, 4, 5}
    results = await gather([tracker.make(i, fail=i in failing) for i in range(7)], concurrency=2)
    assert [r.ok for r in results] == [i not in failing for i in range(7)]
    for index, result in enumerate(results):
        if index in failing:
            assert isinstance(result.error, ValueError)
            assert result.value is None
            with pytest.raises(ValueError, match=f"item {index} failed"):
                result.unwrap()
        else:
            assert result.error is None and result.unwrap() == index * 10


@pytest.mark.parametrize(
    ("make_source", "total"),
    [
        (lambda t: [t.make(i) for i in range(4)], 4),
        (lambda t: tuple(t.make(i) for i in range(4)), 4),
        (lambda t: t.generate(4), -1),
        (lambda t: map(t.make, range(4)), -1),
    ],
    ids=["list", "tuple", "generator", "map"],
)
async def test_progress_after_each_completion(make_source: Any, total: int) -> None:
    calls: list[tuple[int, int]] = []
    results = await gather(
        make_source(Tracker()), concurrency=2, on_progress=lambda d, t: calls.append((d, t))
    )
    assert len(results) == 4
    assert calls == [(1, total), (2, total), (3, total), (4, total)]


async def test_empty_input() -> None:
    calls: list[tuple[int, int]] = []
    assert await gather([], on_progress=lambda d, t: calls.append((d, t))) == []
    assert calls == []


async def test_futures_and_tasks_are_awaitables_too() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()
    future.set_result("future")

    async def coro() -> str:
        return "coroutine"

    task = asyncio.ensure_future(coro())
    results = await gather([future, task, coro()])
    assert [r.unwrap() for r in results] == ["future", "coroutine", "coroutine"]


@pytest.mark.parametrize("concurrency", [0, -3])
async def test_concurrency_must_be_positive(concurrency: int) -> None:
    with pytest.raises(ValueError, match="concurrency"):
        await gather([], concurrency=concurrency)


# -- cancellation and what must not be caught ----------------------------------------------


class Blocked:
    """Items that start, then wait for a gate the test never opens."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.started: list[int] = []
        self.cancelled: list[int] = []

    async def item(self, index: int) -> int:
        self.started.append(index)
        try:
            await self.gate.wait()
        except asyncio.CancelledError:
            self.cancelled.append(index)
            raise
        return index


async def test_cancelling_the_caller_cancels_running_items_and_closes_the_rest() -> None:
    blocked = Blocked()
    coroutines = [blocked.item(i) for i in range(10)]
    caller = asyncio.create_task(gather(coroutines, concurrency=3))
    while len(blocked.started) < 3:
        await asyncio.sleep(0)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert blocked.started == [0, 1, 2]
    assert sorted(blocked.cancelled) == [0, 1, 2]
    states = {inspect.getcoroutinestate(c) for c in coroutines}
    assert states == {inspect.CORO_CLOSED}  # started ones finished, the rest closed unstarted


async def test_cancelling_the_caller_closes_a_generator_without_draining_it() -> None:
    blocked = Blocked()
    made: list[int] = []

    def source() -> Iterator[Coroutine[Any, Any, int]]:
        for index in range(100_000):
            made.append(index)
            yield blocked.item(index)

    generator = source()
    caller = asyncio.create_task(gather(generator, concurrency=4))
    while len(blocked.started) < 4:
        await asyncio.sleep(0)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert made == [0, 1, 2, 3]
    assert sorted(blocked.cancelled) == [0, 1, 2, 3]
    assert inspect.getgeneratorstate(generator) == inspect.GEN_CLOSED


class Abort(BaseException):
    """Not an Exception: must not be turned into a Result."""


@pytest.mark.parametrize("error", [Abort("stop"), asyncio.CancelledError()], ids=repr)
async def test_base_exceptions_propagate_and_cancel_siblings(error: BaseException) -> None:
    blocked = Blocked()

    async def boom() -> int:
        await asyncio.sleep(0)
        raise error

    coroutines = [blocked.item(0), boom(), blocked.item(2), blocked.item(3)]
    with pytest.raises(type(error)):
        await gather(coroutines, concurrency=3)
    assert sorted(blocked.cancelled) == [0, 2]
    assert inspect.getcoroutinestate(coroutines[3]) == inspect.CORO_CLOSED


async def test_a_failing_progress_callback_propagates() -> None:
    blocked = Blocked()

    async def quick() -> int:
        return 1

    def progress(done: int, total: int) -> None:
        raise RuntimeError("progress display broke")

    with pytest.raises(RuntimeError, match="progress display broke"):
        await gather([quick(), blocked.item(1)], concurrency=2, on_progress=progress)
    assert blocked.cancelled == [1]


# -- Result ----------------------------------------------------------------------------------


def test_result() -> None:
    good: Result[int | None] = Result.success(None)
    assert good.ok and good.unwrap() is None and good.error is None
    error = KeyError("x")
    bad: Result[int] = Result.failure(error)
    assert not bad.ok and bad.error is error and bad.value is None
    with pytest.raises(KeyError):
        bad.unwrap()
    assert Result.success(3) == Result(value=3)
    with pytest.raises(AttributeError):
        good.value = 1  # type: ignore[misc]
