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

from collections.abc import Iterator
from typing import Any, NamedTuple

from notion_import.api.client import NotionAPI
from notion_import.api.markdown import UNKNOWN, read

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


async def read_markdown(api: NotionAPI, page_id: str) -> list[dict[str, Any]]:
    """The blocks of ``page_id`` read through its Markdown (one request; see
    :mod:`notion_import.api.markdown`). A block the Markdown cannot say is retrieved
    on its own (its children listed); a page Notion truncates is listed whole
    (:func:`read_blocks`)."""
    answer: dict[str, Any] = await api.client.pages.retrieve_markdown(page_id=page_id)
    if answer.get("truncated") or answer.get("unknown_block_ids"):
        return await read_blocks(api, page_id)
    blocks = read(str(answer.get("markdown") or ""))
    unknown = list(_unknown(blocks))
    results = await api.gather(_retrieve(api, str(b["id"])) for b in unknown)
    for block, result in zip(unknown, results, strict=True):
        block.clear()
        block.update(result.unwrap())
    return blocks


def _unknown(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for block in blocks:
        if block.get("type") == UNKNOWN:
            yield block
        yield from _unknown(block.get("children") or [])


async def _retrieve(api: NotionAPI, block_id: str) -> dict[str, Any]:
    """One block and, unless it is a page of its own, its children."""
    block: dict[str, Any] = await api.client.blocks.retrieve(block_id=block_id)
    if block.get("has_children") and block.get("type") not in OWN_PAGES:
        block["children"] = await read_blocks(api, block_id, depth=1)
    return block


async def read_page(api: NotionAPI, page_id: str) -> PageTree:
    """The page object of ``page_id`` and its whole block tree."""
    page: dict[str, Any] = await api.client.pages.retrieve(page_id=page_id)
    return PageTree(page, await read_blocks(api, page_id))
