"""The block-type table (``schema.block_types``): which types hold children, which the API
creates, how versions name them.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.notion_emulator.block_samples import (
    HEADINGS,
    PAGE,
    PAGE_DASHED,
)

from notion_emulator.normalize import (
    dashed_id,
)
from notion_emulator.schema.block_types import (
    BLOCK_TYPES,
    CREATABLE_TYPES,
    block_type_name,
    can_hold_children,
    request_block_type,
    split_request_block,
)
from notion_emulator.schema.vocabularies import CODE_LANGUAGES

HOLDS_CHILDREN = {
    "paragraph",
    "bulleted_list_item",
    "numbered_list_item",
    "to_do",
    "toggle",
    "quote",
    "callout",
    "synced_block",
    "column",
    "column_list",
    "table",
    "template",
    "tab",
    "child_page",
}


NOT_CREATABLE = {
    "child_page",
    "child_database",
    "link_preview",
    "meeting_notes",
    "transcription",
    "unsupported",
}


@pytest.mark.parametrize("block_type", sorted(BLOCK_TYPES))
def test_children_capability(block_type: str) -> None:
    if block_type in HEADINGS:
        assert not can_hold_children(block_type, {"is_toggleable": False})
        assert can_hold_children(block_type, {"is_toggleable": True})
    else:
        assert can_hold_children(block_type, {}) == (block_type in HOLDS_CHILDREN)


@pytest.mark.parametrize("block_type", sorted(BLOCK_TYPES))
def test_creatable(block_type: str) -> None:
    assert (block_type in CREATABLE_TYPES) == (block_type not in NOT_CREATABLE)


def test_unknown_type_holds_nothing() -> None:
    assert not can_hold_children("no_such_type", {})


def test_creatable_order_starts_like_the_sdk() -> None:
    assert CREATABLE_TYPES[:3] == ("embed", "bookmark", "image")
    assert CREATABLE_TYPES[-1] == "synced_block"


def test_code_languages() -> None:
    assert len(CODE_LANGUAGES) == len(set(CODE_LANGUAGES)) == 90
    for language in ("python", "javascript", "plain text", "c++", "java/c/c++/c#", "mermaid"):
        assert language in CODE_LANGUAGES
    assert "py" not in CODE_LANGUAGES


@pytest.mark.parametrize(
    ("block_type", "version", "expected"),
    [
        ("transcription", "2025-09-03", "transcription"),
        ("meeting_notes", "2025-09-03", "transcription"),
        ("transcription", "2026-03-11", "meeting_notes"),
        ("meeting_notes", "2026-03-11", "meeting_notes"),
        ("paragraph", "2026-03-11", "paragraph"),
        ("paragraph", "2022-06-28", "paragraph"),
    ],
)
def test_block_type_name(block_type: str, version: str, expected: str) -> None:
    assert block_type_name(block_type, version) == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ({"paragraph": {}}, "paragraph"),
        ({"object": "block", "type": "toggle", "toggle": {}}, "toggle"),
        ({"type": "heading_1", "paragraph": {}}, "paragraph"),
        ({"object": "block"}, ""),
        ({}, ""),
    ],
)
def test_request_block_type(block: dict[str, Any], expected: str) -> None:
    assert request_block_type(block) == expected


def test_split_request_block() -> None:
    kid = {"paragraph": {"rich_text": []}}
    block = {"type": "toggle", "toggle": {"rich_text": [], "color": "red", "children": [kid]}}
    assert split_request_block(block) == ("toggle", {"rich_text": [], "color": "red"}, [kid])
    assert split_request_block({"divider": {}}) == ("divider", {}, [])
    assert block["toggle"]["children"] == [kid]  # the request is not modified


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PAGE, PAGE_DASHED),
        (PAGE.upper(), PAGE_DASHED),
        (PAGE_DASHED, PAGE_DASHED),
        ("not-an-id", "not-an-id"),
        ("g" * 32, "g" * 32),
        (None, None),
    ],
)
def test_dashed_id(value: Any, expected: Any) -> None:
    assert dashed_id(value) == expected
