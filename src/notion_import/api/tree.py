"""Reading a page back: the page object and its block tree, as plain JSON.

Every request goes through the toolkit (:class:`~notion_import.api.client.NotionAPI`): its SDK
client, its one retry layer and its limiter. Children are listed with ``api.collect`` (every
cursor page); the children of sibling blocks are read concurrently with ``api.gather``, order
kept. A block that ``has_children`` gets them under ``block["children"]``; child pages and
child databases are pages of their own and are not descended into.

What Notion refuses stays the SDK's error (``notion_client.APIResponseError``), raised here
unchanged for the caller to report.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from notion_import.api.client import NotionAPI

#: Blocks whose children are pages of their own (not read as part of this page).
OWN_PAGES = frozenset({"child_page", "child_database"})
#: Nesting deeper than this is not read (Notion itself stops far sooner).
MAX_DEPTH = 64


class PageTree(NamedTuple):
    """A page as the API returns it: the page object, and its blocks with their children."""

    page: dict[str, Any]
    blocks: list[dict[str, Any]]


async def read_blocks(api: NotionAPI, block_id: str, *, depth: int = 0) -> list[dict[str, Any]]:
    """The children of ``block_id`` (a block or a page), each with its own ``children`` read
    in, down to :data:`MAX_DEPTH` levels."""
    blocks: list[dict[str, Any]] = await api.collect(
        api.client.blocks.children.list, block_id=block_id
    )
    nested = [
        b
        for b in blocks
        if b.get("has_children") and b.get("type") not in OWN_PAGES and depth < MAX_DEPTH
    ]
    results = await api.gather(read_blocks(api, str(b["id"]), depth=depth + 1) for b in nested)
    for block, result in zip(nested, results, strict=True):
        block["children"] = result.unwrap()
    return blocks


async def read_page(api: NotionAPI, page_id: str) -> PageTree:
    """The page object of ``page_id`` and its whole block tree."""
    page: dict[str, Any] = await api.client.pages.retrieve(page_id=page_id)
    return PageTree(page, await read_blocks(api, page_id))
