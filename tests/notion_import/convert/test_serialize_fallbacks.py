"""Media whose URL Notion refuses (over 2,000 characters) keep their text whole, as paragraphs
that respect Notion's limits, and the loss names the right element."""

from __future__ import annotations

from typing import Any

import pytest
from tests.notion_import.convert.ir_builders import valid_notion

from notion_import.convert.ir import Asset, Block, Image, Media
from notion_import.convert.serialize import to_notion

LONG = "https://example.com/" + "a" * 250_000


def _text(blocks: list[dict[str, Any]]) -> str:
    return "".join(
        item["text"]["content"]
        for block in blocks
        for item in block[block["type"]].get("rich_text", [])
    )


@pytest.mark.parametrize(
    ("block", "element", "text"),
    [
        (Image(Asset("remote", LONG)), "img", LONG),
        (Image(Asset("remote", LONG), alt="a diagram"), "img", "a diagram"),
        (Media("video", Asset("remote", LONG)), "video", LONG),
        (Media("pdf", Asset("remote", LONG)), "pdf", LONG),
        (Media("embed", Asset("remote", LONG)), "embed", LONG),
    ],
)
def test_too_long_media_urls_are_kept_whole_as_text(block: Block, element: str, text: str) -> None:
    blocks, losses = to_notion([block])
    assert {b["type"] for b in blocks} == {"paragraph"}
    assert _text(blocks) == text
    assert [loss.element for loss in losses] == [element]
    valid_notion([block])
