"""Run many awaitables with bounded concurrency, one :class:`Result` per item, in input order.

:func:`gather` is :func:`asyncio.gather` with three differences that matter for thousands of
Notion calls: at most ``concurrency`` run at once; items are pulled from the iterable only when
a slot is free (a generator of 100,000 coroutines creates them one by one); and an item that
fails becomes a failed :class:`Result` instead of aborting its siblings.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

__all__ = ["Result", "gather"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    """The outcome of one item: its ``value``, or the ``error`` it raised.

    ``ok`` tells them apart (a successful item may well return ``None``). Build one with
    :meth:`success` or :meth:`failure`.
    """

    value: T | None = None
    """What the awaitable returned (``None`` when it failed)."""
    error: Exception | None = None
    """What the awaitable raised (``None`` when it succeeded)."""

    @classmethod
    def success(cls, value: T) -> Result[T]:
        """A successful outcome."""
        return cls(value=value)

    @classmethod
    def failure(cls, error: Exception) -> Result[T]:
        """A failed outcome."""
        return cls(error=error)

    @property
    def ok(self) -> bool:
        """True when the item succeeded."""
        return self.error is None

    def unwrap(self) -> T:
        """The value; raises the item's error if it failed."""
        if self.error is not None:
            raise self.error
        return cast(T, self.value)


async def gather(
    awaitables: Iterable[Awaitable[T]],
    *,
    concurrency: int = 8,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Result[T]]:
    """Await every item of ``awaitables``, at most ``concurrency`` at a time.

    Returns one :class:`Result` per item, in input order. An item raising an
    :class:`Exception` gives a failed ``Result``; anything else it raises (``CancelledError``,
    ``KeyboardInterrupt``, ``SystemExit``) cancels the other running items and propagates.

    Items are taken from the iterable only when a slot frees up, so a generator is consumed
    lazily. ``on_progress(done, total)`` is called after each completion, ``total`` being
    ``len(awaitables)`` when the iterable has a length and ``-1`` when it has not (a generator);
    an exception raised by ``on_progress`` propagates like a ``BaseException`` from an item.

    Cancelling the caller cancels the running items (and waits for them to finish their
    cleanup). Items never started are not leaked: coroutines still held by a sized iterable
    (a list, a tuple) are closed, and a generator is closed so it creates no more; other
    iterators are left as they are. Nothing is printed or logged.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    total = len(awaitables) if isinstance(awaitables, Sized) else -1
    iterator = iter(awaitables)
    results: list[Result[T] | None] = []
    running: dict[asyncio.Future[T], int] = {}
    done_count = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(running) < concurrency:
                try:
                    item = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                running[asyncio.ensure_future(item)] = len(results)
                results.append(None)
            if not running:
                break
            finished, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                results[index] = _outcome(future)
                done_count += 1
                if on_progress is not None:
                    on_progress(done_count, total)
    except BaseException:
        await _cancel(running)
        _discard(awaitables, iterator, exhausted)
        raise
    return [cast(Result[T], result) for result in results]


def _outcome(future: asyncio.Future[T]) -> Result[T]:
    """The Result of a finished item; re-raises what must not be caught."""
    if future.cancelled():
        raise asyncio.CancelledError("an item of gather() was cancelled")
    error = future.exception()
    if error is None:
        return Result.success(future.result())
    if isinstance(error, Exception):
        return Result.failure(error)
    raise error


async def _cancel(running: dict[asyncio.Future[T], int]) -> None:
    """Cancel the running items and wait until they have finished unwinding."""
    for future in running:
        future.cancel()
    if running:
        await asyncio.wait(running)
    for future in running:
        if not future.cancelled():
            future.exception()  # mark as retrieved: no "never retrieved" warning
    running.clear()


def _discard(source: Iterable[Awaitable[T]], iterator: Iterator[Awaitable[T]], done: bool) -> None:
    """Release the items that were never started."""
    if done:
        return
    if isinstance(source, Sized):
        for item in iterator:
            if inspect.iscoroutine(item):
                item.close()
        return
    close = getattr(iterator, "close", None)
    if inspect.isgenerator(iterator) and callable(close):
        close()
