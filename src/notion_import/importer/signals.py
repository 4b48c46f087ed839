"""Names that have happened (a page created, a page written), and what waits for them.

A set entry per name and a callback per waiter: no :class:`asyncio.Event` per page or link
path, so that thousands of pages waiting cost next to nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Signals:
    """Names (page keys, link paths) that have happened, say a page being created, and what
    to call when one that has not yet does: a set entry per name and a callback per waiter, no
    :class:`asyncio.Event` each, so that thousands of pages cost next to nothing."""

    def __init__(self) -> None:
        self._done: set[str] = set()
        self._callbacks: dict[str, list[Callable[[], None]]] = {}
        self._moot: Callable[[str], bool] | None = None

    def is_set(self, name: str) -> bool:
        return name in self._done or (self._moot is not None and self._moot(name))

    def set(self, name: str) -> None:
        self._done.add(name)
        for callback in self._callbacks.pop(name, ()):
            callback()

    def when(self, name: str, callback: Callable[[], None]) -> None:
        """Call ``callback`` once ``name`` has happened: now if it has."""
        if self.is_set(name):
            callback()
        else:
            self._callbacks.setdefault(name, []).append(callback)

    async def wait(self, name: str) -> None:
        if self.is_set(name):
            return
        future = asyncio.get_running_loop().create_future()
        self.when(name, lambda: None if future.done() else future.set_result(None))
        await future

    def settle(self, moot: Callable[[str], bool]) -> None:
        """From now on the names ``moot`` accepts count as happened (they never will: a link
        to what is not a page of the import); what waits for one goes on."""
        self._moot = moot
        for name in [name for name in self._callbacks if moot(name)]:
            for callback in self._callbacks.pop(name, ()):
                callback()


class AllOf:
    """Calls ``then`` once every one of ``waits`` (what tells, the name) has happened: a
    callback on one name at a time, and nothing else held meanwhile."""

    __slots__ = ("_position", "_then", "_waits")

    def __init__(self, waits: list[tuple[Signals, str]], then: Callable[[], None]) -> None:
        self._waits = waits
        self._then = then
        self._position = 0

    def __call__(self) -> None:
        while self._position < len(self._waits):
            signals, name = self._waits[self._position]
            if not signals.is_set(name):
                signals.when(name, self)  # called again once it has
                return
            self._position += 1
        self._then()
