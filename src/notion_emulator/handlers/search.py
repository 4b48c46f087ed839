"""Search: ``POST /v1/search`` over page titles and data-source titles (database titles before
2025-09-03)."""

from __future__ import annotations

from typing import Any

from notion_emulator import query
from notion_emulator.handlers.common import (
    reject_unknown,
)
from notion_emulator.handlers.legacy import search_databases
from notion_emulator.render import listing, plain_text
from notion_emulator.routing import Ctx
from notion_emulator.schema.messages import body_failed, was
from notion_emulator.versions import list_kind, searchable_object

_SEARCH_KEYS = frozenset({"query", "filter", "sort", "start_cursor", "page_size"})


async def search(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _SEARCH_KEYS)
    text = body.get("query", "")
    if not isinstance(text, str):
        raise body_failed("body.query", was("should be a string", text))
    beside = searchable_object(ctx.version)
    wanted = _search_filter(body.get("filter"), beside)
    direction = _search_sort(body.get("sort"))
    needle = text.casefold()
    found: list[tuple[int, dict[str, Any]]] = []
    if wanted in (None, "page"):
        for node in ctx.store.nodes.values():
            if node.type == "child_page" and not node.in_trash:
                page = ctx.render.page(node)
                if needle in _page_title(page).casefold():
                    found.append((node.seq, page))
    if wanted in (None, beside) and beside == "database":
        found += search_databases(ctx, needle)
    elif wanted in (None, beside):
        for source in ctx.store.data_sources.values():
            if not source.in_trash and needle in plain_text(source.title).casefold():
                found.append((source.seq, ctx.render.data_source(source)))
    found.sort(key=lambda pair: pair[0], reverse=direction == "descending")
    cursor = body.get("start_cursor")
    chunk, next_cursor, _more, _capped = query.paginate(
        [item for _seq, item in found],
        str(cursor) if cursor is not None else None,
        ctx.page_size(body.get("page_size", 100)),
        lambda item: str(item["id"]),
    )
    return listing(chunk, next_cursor, list_kind(ctx.version))


def _page_title(page: dict[str, Any]) -> str:
    for value in page["properties"].values():
        if value.get("type") == "title":
            return plain_text(value["title"])
    return ""


def _search_filter(value: Any, beside: str) -> str | None:
    """The object type the filter asks for: ``"page"`` or ``beside`` (data sources or, before
    2025-09-03, databases); None without a filter."""
    if value is None:
        return None
    if (
        not isinstance(value, dict)
        or value.get("property") != "object"
        or value.get("value") not in ("page", beside)
    ):
        raise body_failed("body.filter.value", was(f'should be `"page"` or `"{beside}"`', value))
    return str(value["value"])


def _search_sort(value: Any) -> str:
    if value is None:
        return "descending"
    if (
        not isinstance(value, dict)
        or value.get("timestamp") != "last_edited_time"
        or value.get("direction") not in ("ascending", "descending")
    ):
        raise body_failed(
            "body.sort",
            was(
                'should be an object with `timestamp` `"last_edited_time"` and a `direction`', value
            ),
        )
    return str(value["direction"])
