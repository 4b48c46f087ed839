"""One page of a result, and the 10,000-row cap of a data-source query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

from notion_emulator.query.checks import (
    expected,
)
from notion_emulator.query.values import (
    norm_id,
)

#: The most rows one data-source query (one filter + sort) can page through.
QUERY_ROW_CAP: Final = 10_000


T = TypeVar("T")


def request_status_incomplete() -> dict[str, Any]:
    """The ``request_status`` every page of a capped query result carries."""
    return {"type": "incomplete", "incomplete_reason": "query_result_limit_reached"}


def paginate(
    items: list[T],
    start_cursor: str | None,
    page_size: int,
    cursor_of: Callable[[T], str],
    *,
    cap: int | None = None,
    path: str = "body.start_cursor",
) -> tuple[list[T], str | None, bool, bool]:
    """One page of ``items``: ``(page, next_cursor, has_more, cap_reached)``.

    A cursor is ``cursor_of(item)`` of the first item of the page it starts (Notion's
    cursors are the id of the next result); ``None`` or ``""`` starts at the beginning, and
    ids compare without dashes and case. With ``cap``, only the first ``cap`` items can be
    served: ``has_more`` turns false at the cap and ``cap_reached`` is true on *every* page
    when ``items`` held more than ``cap`` (then the response needs
    :func:`request_status_incomplete`). A cursor that names no servable item raises
    :class:`~notion_emulator.errors.ValidationError` at ``path``. ``page_size`` (validated
    by the caller) must be at least 1.
    """
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    servable = items if cap is None else items[:cap]
    cap_reached = cap is not None and len(items) > cap
    start = 0
    if start_cursor:
        wanted = norm_id(start_cursor)
        start = next(
            (i for i, item in enumerate(servable) if norm_id(cursor_of(item)) == wanted), -1
        )
        if start < 0:
            raise expected(path, "a valid cursor", start_cursor)
    end = start + page_size
    has_more = end < len(servable)
    next_cursor = cursor_of(servable[end]) if has_more else None
    return servable[start:end], next_cursor, has_more, cap_reached
