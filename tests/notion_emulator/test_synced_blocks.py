"""Synced blocks: a reference (``synced_from``) shows its original's content.

The exchange follows (under ../shared/reference/notion-recordings-uno/)
test_blocks/test_create_sync_blocks.yaml: an original ``synced_block`` appended with one
paragraph, then a reference appended with ``"children": []`` and ``synced_from`` naming the
original, which Notion answers with ``"has_children": true``; test_page/test_page_to_markdown.yaml
lists such a reference (``has_children: true``) on a page beside an original. Listing the
reference's children answers the original's blocks, so an edit to the original shows through.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.asyncio


def para(content: str) -> dict[str, Any]:
    return {
        "object": "block",
        "type": "paragraph",
        "paragraph": {"rich_text": [{"type": "text", "text": {"content": content}}]},
    }


def texts(listed: Any) -> list[str]:
    return [
        "".join(t["plain_text"] for t in block["paragraph"]["rich_text"])
        for block in listed["results"]
    ]


async def original_and_reference(client: Any, root: str, *contents: str) -> tuple[Any, Any]:
    page = await client.pages.create(
        parent={"page_id": root},
        properties={"title": [{"type": "text", "text": {"content": "Synced"}}]},
    )
    appended = await client.blocks.children.append(
        block_id=page["id"],
        children=[
            {
                "object": "block",
                "type": "synced_block",
                "synced_block": {"synced_from": None, "children": [para(c) for c in contents]},
            }
        ],
    )
    (original,) = appended["results"]
    appended = await client.blocks.children.append(
        block_id=page["id"],
        children=[
            {
                "object": "block",
                "type": "synced_block",
                "synced_block": {
                    "children": [],
                    "synced_from": {"type": "block_id", "block_id": original["id"]},
                },
            }
        ],
    )
    (reference,) = appended["results"]
    return original, reference


async def test_reference_has_the_originals_children(
    notion_client: Any, notion_root_page_id: str
) -> None:
    original, reference = await original_and_reference(
        notion_client, notion_root_page_id, "This is a synced paragraph"
    )
    assert original["has_children"] is True
    assert reference["has_children"] is True
    assert reference["synced_block"] == {
        "synced_from": {"type": "block_id", "block_id": original["id"]}
    }
    retrieved = await notion_client.blocks.retrieve(block_id=reference["id"])
    assert retrieved["has_children"] is True

    of_original = await notion_client.blocks.children.list(block_id=original["id"])
    of_reference = await notion_client.blocks.children.list(block_id=reference["id"])
    assert texts(of_reference) == ["This is a synced paragraph"]
    assert of_reference["results"] == of_original["results"]


async def test_edits_to_the_original_show_through(
    notion_client: Any, notion_root_page_id: str
) -> None:
    original, reference = await original_and_reference(notion_client, notion_root_page_id, "before")
    (child,) = (await notion_client.blocks.children.list(block_id=original["id"]))["results"]
    await notion_client.blocks.update(
        block_id=child["id"],
        paragraph={"rich_text": [{"type": "text", "text": {"content": "after"}}]},
    )
    await notion_client.blocks.children.append(block_id=original["id"], children=[para("more")])
    listed = await notion_client.blocks.children.list(block_id=reference["id"])
    assert texts(listed) == ["after", "more"]

    for block in listed["results"]:
        await notion_client.blocks.delete(block_id=block["id"])
    assert (await notion_client.blocks.retrieve(block_id=reference["id"]))["has_children"] is False
    listed = await notion_client.blocks.children.list(block_id=reference["id"])
    assert listed["results"] == []


async def test_reference_children_page_like_the_originals(
    notion_client: Any, notion_root_page_id: str
) -> None:
    _original, reference = await original_and_reference(
        notion_client, notion_root_page_id, "one", "two", "three"
    )
    first = await notion_client.blocks.children.list(block_id=reference["id"], page_size=2)
    assert texts(first) == ["one", "two"] and first["has_more"] is True
    rest = await notion_client.blocks.children.list(
        block_id=reference["id"], page_size=2, start_cursor=first["next_cursor"]
    )
    assert texts(rest) == ["three"] and rest["has_more"] is False
