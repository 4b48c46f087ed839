"""Iterate every result of a Notion list endpoint, past the 10,000-row query cap.

:func:`paginate` drives any list endpoint of the official SDK through its bound method
(``client.blocks.children.list``, ``client.data_sources.query``, ``client.search``,
``client.users.list``, ``client.comments.list``, ``client.file_uploads.list``, ...): it passes
``start_cursor`` and ``page_size`` and yields results as they arrive, holding one page at a time.

A data-source query serves at most 10,000 rows per filter + sort; past that Notion marks every
page of the result with ``request_status.incomplete_reason == "query_result_limit_reached"`` and
turns ``has_more`` false at the 10,000th row. :func:`paginate` then continues by itself:

1. the query must be ordered by ``created_time`` ascending: when the caller gave no ``sorts``
   and the very first page shows the cap, the query is restarted with that sort (nothing has
   been yielded yet; Notion guarantees no default order anyway); a caller whose ``sorts`` start
   with anything else gets :class:`~notion_import.errors.IncompleteQueryError` as soon as the
   cap shows, before more rows are yielded;
2. at the end of a capped result the query is sent again with the caller's filter AND-ed with
   ``{"timestamp": "created_time", "created_time": {"on_or_after": <last row's created_time>}}``
   (see :func:`and_filter` for how the two-level nesting limit is respected);
3. ``created_time`` has minute precision, so many rows share the boundary stamp: the ids already
   yielded *at that stamp* (and only those) are remembered and skipped when they come again;
4. a capped continuation that ends on the stamp it started from (more than 10,000 rows created
   within one minute) cannot make progress and raises ``IncompleteQueryError``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Final

from notion_import.errors import IncompleteQueryError

__all__ = ["MAX_PAGE_SIZE", "and_filter", "collect", "paginate"]

#: The largest ``page_size`` Notion accepts (and its default).
MAX_PAGE_SIZE: Final = 100
#: The most items one compound filter (``and``/``or``) may hold.
MAX_GROUP_ITEMS: Final = 100
#: ``request_status.incomplete_reason`` of a query result cut at the row cap.
CAP_REASON: Final = "query_result_limit_reached"
#: The one ordering a capped query can be continued in.
CREATED_ASCENDING: Final = {"timestamp": "created_time", "direction": "ascending"}

_GROUPS: Final = ("and", "or")

Method = Callable[..., Awaitable[Any]]


async def paginate(
    method: Method, /, *, page_size: int = MAX_PAGE_SIZE, **kwargs: Any
) -> AsyncIterator[dict[str, Any]]:
    """Yield every result of the list endpoint ``method``, one page in memory at a time.

    ``kwargs`` go to ``method`` unchanged (``block_id=...``, ``data_source_id=...``,
    ``filter=...``, ``sorts=...``, ``query=...``); a ``start_cursor`` among them is where the
    first page starts. ``page_size`` must be 1 to 100. Data-source queries past the row cap are
    continued as the module docstring describes; one that cannot be continued raises
    :class:`~notion_import.errors.IncompleteQueryError`.
    """
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, not {page_size}")
    cursor: str | None = kwargs.pop("start_cursor", None)
    caller_sorts = kwargs.get("sorts")
    caller_filter = kwargs.get("filter")
    from_cursor = cursor is not None
    ordered = _starts_with_created_ascending(caller_sorts)
    # The boundary: the created_time of the last row yielded and the ids yielded at that stamp.
    stamp: str | None = None
    seen_at_stamp: set[str] = set()
    continued_from: str | None = None  # the stamp the current continuation started from
    first = True
    while True:
        call = dict(kwargs, page_size=page_size)
        if cursor is not None:
            call["start_cursor"] = cursor
        response = await method(**call)
        capped = _is_capped(response)
        if capped and not ordered:
            if first and not from_cursor and not caller_sorts:
                kwargs["sorts"] = [dict(CREATED_ASCENDING)]
                ordered = True
                first = False
                continue
            raise IncompleteQueryError(_unordered_message(caller_sorts, from_cursor))
        first = False
        for item in response.get("results") or ():
            item_id = str(item.get("id", ""))
            created = item.get("created_time") if ordered else None
            if isinstance(created, str):
                if created == stamp:
                    if item_id in seen_at_stamp:
                        continue  # already yielded before the continuation
                    seen_at_stamp.add(item_id)
                else:
                    stamp, seen_at_stamp = created, {item_id}
            yield item
        cursor = response.get("next_cursor")
        if response.get("has_more") and cursor:
            continue
        if not capped:
            return
        # A capped result ended: continue from the boundary stamp.
        if stamp is None:
            raise IncompleteQueryError(
                "a data-source query hit the 10,000-row cap but its rows carry no "
                "created_time, so it cannot be continued; narrow it with a filter"
            )
        if stamp == continued_from:
            raise IncompleteQueryError(
                f"a data-source query hit the 10,000-row cap with every row from {stamp} on "
                "created in the same minute, so it cannot be continued by created_time; "
                "split it with a narrower filter (for example on a property)"
            )
        continued_from = stamp
        kwargs["filter"] = and_filter(
            caller_filter,
            {"timestamp": "created_time", "created_time": {"on_or_after": stamp}},
        )
        if not caller_sorts:
            kwargs["sorts"] = [dict(CREATED_ASCENDING)]
        cursor = None


async def collect(method: Method, /, **kwargs: Any) -> list[dict[str, Any]]:
    """Every result of :func:`paginate` (same arguments) in one list."""
    return [item async for item in paginate(method, **kwargs)]


def and_filter(base: Any, extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` AND ``extra`` as one Notion filter, within the two-level nesting limit.

    A compound filter may nest two levels (``{"and": [{"or": [<leaf>, ...]}, ...]}``) with at
    most 100 items per group, so ``extra`` (a leaf) is placed where it fits:

    - no ``base``: ``extra`` alone;
    - a leaf: ``{"and": [base, extra]}``;
    - an ``and``: ``extra`` appended to its list (if full and made of leaves only, the
      leaves are split into two sub-groups first);
    - an ``or`` of leaves: ``{"and": [base, extra]}``;
    - an ``or`` holding groups (``and`` would make three levels): distributed, ``(a & b) | c``
      AND ``x`` becomes ``(a & b & x) | (c & x)`` (nested ``or`` groups are flattened first).

    Raises :class:`~notion_import.errors.IncompleteQueryError` when no arrangement fits.
    """
    if base is None or base == {}:
        return extra
    if not isinstance(base, dict):
        raise TypeError(f"a filter must be a dict, not {type(base).__name__}")
    if "and" in base:
        items = list(base["and"])
        if len(items) < MAX_GROUP_ITEMS:
            return {"and": [*items, extra]}
        if not any(_is_group(item) for item in items):
            half = len(items) // 2
            return {"and": [{"and": items[:half]}, {"and": items[half:]}, extra]}
        raise IncompleteQueryError(_no_room_message())
    if "or" in base:
        items = list(base["or"])
        if not any(_is_group(item) for item in items):
            return {"and": [base, extra]}
        flat: list[Any] = []
        for item in items:
            flat.extend(item["or"] if _is_group(item) and "or" in item else [item])
        if len(flat) > MAX_GROUP_ITEMS:
            raise IncompleteQueryError(_no_room_message())
        branches: list[dict[str, Any]] = []
        for item in flat:
            if _is_group(item):
                inner = list(item["and"])
                if len(inner) >= MAX_GROUP_ITEMS:
                    raise IncompleteQueryError(_no_room_message())
                branches.append({"and": [*inner, extra]})
            else:
                branches.append({"and": [item, extra]})
        return {"or": branches}
    return {"and": [base, extra]}


def _is_group(item: Any) -> bool:
    return isinstance(item, dict) and any(op in item for op in _GROUPS)


def _is_capped(response: Any) -> bool:
    status = response.get("request_status") if isinstance(response, dict) else None
    return isinstance(status, dict) and status.get("incomplete_reason") == CAP_REASON


def _starts_with_created_ascending(sorts: Any) -> bool:
    if not isinstance(sorts, list | tuple) or not sorts:
        return False
    head = sorts[0]
    return (
        isinstance(head, dict)
        and head.get("timestamp") == "created_time"
        and head.get("direction", "ascending") == "ascending"
        and "property" not in head
    )


def _unordered_message(sorts: Any, from_cursor: bool) -> str:
    if sorts:
        why = "it is sorted by something other than created_time ascending"
    elif from_cursor:
        why = "it started from a start_cursor without sorts"
    else:
        why = "Notion reported the cap only after rows had come back in no particular order"
    return (
        "a data-source query hit Notion's 10,000-row cap and cannot be continued because "
        f"{why}; query with sorts=[{{'timestamp': 'created_time', 'direction': 'ascending'}}] "
        "(then sort the rows yourself) or narrow it with a filter"
    )


def _no_room_message() -> str:
    return (
        "a data-source query hit Notion's 10,000-row cap and its filter has no room for the "
        "created_time condition needed to continue it (compound filters nest two levels, 100 "
        "items per group); simplify the filter or split the query"
    )
