"""Text links through the API: what Notion keeps (http, https, mailto) and what it refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from notion_client import APIResponseError

from notion_emulator.schema.messages import INVALID_LINK


def linked(content: str, url: str) -> dict[str, Any]:
    item = {"type": "text", "text": {"content": content, "link": {"url": url}}}
    return {"paragraph": {"rich_text": [item]}}


@pytest.mark.asyncio
async def test_mailto_link_is_kept(notion_client: Any, notion_root_page_id: str) -> None:
    await notion_client.blocks.children.append(
        block_id=notion_root_page_id,
        children=[linked("mail", "mailto:x@example.com"), linked("web", "https://example.com/")],
    )
    listed = await notion_client.blocks.children.list(block_id=notion_root_page_id)
    items = [block["paragraph"]["rich_text"][0] for block in listed["results"][-2:]]
    assert [item["text"]["link"] for item in items] == [
        {"url": "mailto:x@example.com"},
        {"url": "https://example.com/"},
    ]
    assert [item["href"] for item in items] == ["mailto:x@example.com", "https://example.com/"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "mailto:", "page.html"]
)
async def test_unusable_link_is_refused(
    notion_client: Any, notion_root_page_id: str, url: str
) -> None:
    with pytest.raises(APIResponseError) as excinfo:
        await notion_client.blocks.children.append(
            block_id=notion_root_page_id, children=[linked("x", url)]
        )
    assert excinfo.value.status == 400
    assert excinfo.value.code == "validation_error"
    assert json.loads(str(excinfo.value.body))["message"] == INVALID_LINK


def test_the_message_is_notions() -> None:
    """As Notion words it in the bodies users have posted (validation_error, 400)."""
    assert INVALID_LINK == "Content creation Failed. Fix the following: \nInvalid URL for link."
