"""Request -> response normalization of rich text, icons, covers and block payloads
(``notion_emulator.normalize``).

Expected shapes come from the recorded real exchanges where one exists (those tests skip when
``../shared/reference/notion-recordings`` is absent) and from tables of request -> response.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from tests.notion_emulator.block_samples import (
    ANNOTATIONS,
    HEADINGS,
    PAGE,
    PAGE_DASHED,
    RECORDINGS,
    ordered,
    recorded,
    text,
    text_out,
)

from notion_emulator.normalize import (
    merge_block_update,
    normalize_block_payload,
    normalize_cover,
    normalize_icon,
    normalize_rich_text,
)
from notion_emulator.schema.block_requests import validate_children
from notion_emulator.schema.block_types import (
    CREATABLE_TYPES,
    MEDIA_TYPES,
    split_request_block,
)


def title_of(object_id: str) -> str | None:
    return {PAGE_DASHED: "Roadmap"}.get(object_id)


RICH_TEXT_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("plain", {"text": {"content": "Hi"}}, text_out("Hi")),
    (
        "typed with null link",
        {"type": "text", "text": {"content": "Hi", "link": None}},
        text_out("Hi"),
    ),
    (
        "link becomes href",
        {"text": {"content": "site", "link": {"url": "https://example.com/"}}},
        {
            "type": "text",
            "text": {"content": "site", "link": {"url": "https://example.com/"}},
            "annotations": ANNOTATIONS,
            "plain_text": "site",
            "href": "https://example.com/",
        },
    ),
    (
        "annotations merged in Notion's order",
        {"text": {"content": "x"}, "annotations": {"color": "red_background", "bold": True}},
        text_out("x", bold=True, color="red_background"),
    ),
    (
        "equation",
        {"equation": {"expression": "E = mc^2"}},
        {
            "type": "equation",
            "equation": {"expression": "E = mc^2"},
            "annotations": ANNOTATIONS,
            "plain_text": "E = mc^2",
            "href": None,
        },
    ),
    (
        "page mention with a known title",
        {"mention": {"page": {"id": PAGE}}},
        {
            "type": "mention",
            "mention": {"type": "page", "page": {"id": PAGE_DASHED}},
            "annotations": ANNOTATIONS,
            "plain_text": "Roadmap",
            "href": f"https://www.notion.so/{PAGE}",
        },
    ),
    (
        "page mention of an unknown page",
        {"type": "mention", "mention": {"type": "page", "page": {"id": "0" * 32}}},
        {
            "type": "mention",
            "mention": {"type": "page", "page": {"id": "00000000-0000-0000-0000-000000000000"}},
            "annotations": ANNOTATIONS,
            "plain_text": "Untitled",
            "href": "https://www.notion.so/" + "0" * 32,
        },
    ),
    (
        "database mention",
        {"mention": {"database": {"id": PAGE_DASHED}}},
        {
            "type": "mention",
            "mention": {"type": "database", "database": {"id": PAGE_DASHED}},
            "annotations": ANNOTATIONS,
            "plain_text": "Roadmap",
            "href": f"https://www.notion.so/{PAGE}",
        },
    ),
    (
        "user mention",
        {"mention": {"user": {"id": "1" * 32}}},
        {
            "type": "mention",
            "mention": {
                "type": "user",
                "user": {"object": "user", "id": "11111111-1111-1111-1111-111111111111"},
            },
            "annotations": ANNOTATIONS,
            "plain_text": "@Anonymous",
            "href": None,
        },
    ),
    (
        "date mention (as recorded)",
        {"mention": {"type": "date", "date": {"start": "2022-12-16", "end": None}}},
        {
            "type": "mention",
            "mention": {
                "type": "date",
                "date": {"start": "2022-12-16", "end": None, "time_zone": None},
            },
            "annotations": ANNOTATIONS,
            "plain_text": "2022-12-16",
            "href": None,
        },
    ),
    (
        "date range mention",
        {"mention": {"date": {"start": "2022-12-16", "end": "2022-12-20"}}},
        {
            "type": "mention",
            "mention": {
                "type": "date",
                "date": {"start": "2022-12-16", "end": "2022-12-20", "time_zone": None},
            },
            "annotations": ANNOTATIONS,
            "plain_text": "2022-12-16 → 2022-12-20",
            "href": None,
        },
    ),
    (
        "template mention",
        {"mention": {"template_mention": {"template_mention_user": "me"}}},
        {
            "type": "mention",
            "mention": {
                "type": "template_mention",
                "template_mention": {
                    "type": "template_mention_user",
                    "template_mention_user": "me",
                },
            },
            "annotations": ANNOTATIONS,
            "plain_text": "@Me",
            "href": None,
        },
    ),
    (
        "custom emoji mention",
        {"mention": {"custom_emoji": {"id": PAGE, "name": "bufo", "url": "https://e/b.png"}}},
        {
            "type": "mention",
            "mention": {
                "type": "custom_emoji",
                "custom_emoji": {"id": PAGE_DASHED, "name": "bufo", "url": "https://e/b.png"},
            },
            "annotations": ANNOTATIONS,
            "plain_text": ":bufo:",
            "href": None,
        },
    ),
    (
        "link preview mention (read back only)",
        {"mention": {"link_preview": {"url": "https://github.com/x"}}},
        {
            "type": "mention",
            "mention": {"type": "link_preview", "link_preview": {"url": "https://github.com/x"}},
            "annotations": ANNOTATIONS,
            "plain_text": "https://github.com/x",
            "href": "https://github.com/x",
        },
    ),
    (
        "response form sent back: plain_text and href recomputed",
        {**text_out("kept"), "plain_text": "stale", "href": None},
        text_out("kept"),
    ),
]


@pytest.mark.parametrize(
    ("request_item", "expected"),
    [case[1:] for case in RICH_TEXT_CASES],
    ids=[case[0] for case in RICH_TEXT_CASES],
)
def test_normalize_rich_text(request_item: dict[str, Any], expected: dict[str, Any]) -> None:
    got = normalize_rich_text([request_item], mention_title=title_of)
    assert ordered(got) == ordered([expected])
    assert ordered(normalize_rich_text(got, mention_title=title_of)) == ordered(got)


def test_normalize_rich_text_does_not_touch_its_input() -> None:
    item = {"text": {"content": "x"}, "annotations": {"bold": True}}
    normalize_rich_text([item])
    assert item == {"text": {"content": "x"}, "annotations": {"bold": True}}


RT = text("a")
RT_OUT = [text_out("a")]
UPLOAD = {"id": PAGE}


#: (type, request payload without children, response payload in Notion's key order)
PAYLOAD_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("paragraph", {"rich_text": RT}, {"rich_text": RT_OUT, "icon": None, "color": "default"}),
    (
        "paragraph",
        {"color": "blue", "icon": {"emoji": "🥑"}, "rich_text": RT},
        {"rich_text": RT_OUT, "icon": {"type": "emoji", "emoji": "🥑"}, "color": "blue"},
    ),
    *(
        (h, {"rich_text": RT}, {"rich_text": RT_OUT, "is_toggleable": False, "color": "default"})
        for h in sorted(HEADINGS)
    ),
    (
        "heading_2",
        {"is_toggleable": True, "rich_text": [], "color": "red"},
        {"rich_text": [], "is_toggleable": True, "color": "red"},
    ),
    *(
        (t, {"rich_text": RT}, {"rich_text": RT_OUT, "color": "default"})
        for t in ("bulleted_list_item", "numbered_list_item", "quote", "toggle")
    ),
    (
        "to_do",
        {"rich_text": RT},
        {"rich_text": RT_OUT, "checked": False, "color": "default"},
    ),
    (
        "to_do",
        {"color": "gray", "checked": True, "rich_text": RT},
        {"rich_text": RT_OUT, "checked": True, "color": "gray"},
    ),
    ("template", {"rich_text": RT}, {"rich_text": RT_OUT}),
    (
        "callout",
        {"rich_text": RT, "icon": {"type": "external", "external": {"url": "https://i/x.png"}}},
        {
            "rich_text": RT_OUT,
            "icon": {"type": "external", "external": {"url": "https://i/x.png"}},
            "color": "default",
        },
    ),
    ("callout", {"rich_text": RT}, {"rich_text": RT_OUT, "icon": None, "color": "default"}),
    (
        "code",
        {"rich_text": RT, "language": "python"},
        {"caption": [], "rich_text": RT_OUT, "language": "python"},
    ),
    (
        "code",
        {"caption": RT, "language": "plain text", "rich_text": []},
        {"caption": RT_OUT, "rich_text": [], "language": "plain text"},
    ),
    ("equation", {"expression": "a^2"}, {"expression": "a^2"}),
    ("divider", {}, {}),
    ("breadcrumb", {}, {}),
    ("tab", {}, {}),
    ("column_list", {}, {}),
    ("table_of_contents", {}, {"color": "default"}),
    ("table_of_contents", {"color": "pink"}, {"color": "pink"}),
    (
        "link_to_page",
        {"page_id": PAGE},
        {"type": "page_id", "page_id": PAGE_DASHED},
    ),
    (
        "link_to_page",
        {"type": "database_id", "database_id": PAGE_DASHED},
        {"type": "database_id", "database_id": PAGE_DASHED},
    ),
    (
        "table",
        {"table_width": 3},
        {"table_width": 3, "has_column_header": False, "has_row_header": False},
    ),
    (
        "table",
        {"has_row_header": True, "table_width": 1, "has_column_header": True},
        {"table_width": 1, "has_column_header": True, "has_row_header": True},
    ),
    (
        "table_row",
        {"cells": [RT, [], text("b")]},
        {"cells": [RT_OUT, [], [text_out("b")]]},
    ),
    ("column", {}, {}),
    ("column", {"width_ratio": 0.25}, {"width_ratio": 0.25}),
    ("synced_block", {"synced_from": None}, {"synced_from": None}),
    (
        "synced_block",
        {"synced_from": {"block_id": PAGE}},
        {"synced_from": {"type": "block_id", "block_id": PAGE_DASHED}},
    ),
    (
        "bookmark",
        {"url": "https://example.com"},
        {"caption": [], "url": "https://example.com"},
    ),
    (
        "embed",
        {"caption": RT, "url": "https://example.com"},
        {"caption": RT_OUT, "url": "https://example.com"},
    ),
    *(
        (
            media,
            {"external": {"url": "https://cdn/x.bin"}},
            {"caption": [], "type": "external", "external": {"url": "https://cdn/x.bin"}},
        )
        for media in ("image", "video", "pdf", "audio")
    ),
    (
        "image",
        {"caption": RT, "type": "file_upload", "file_upload": UPLOAD},
        {"caption": RT_OUT, "type": "file_upload", "file_upload": {"id": PAGE_DASHED}},
    ),
    (
        "image",
        {"type": "file", "file": {"url": "https://s3/x.png", "expiry_time": "2026-07-04T10:00Z"}},
        {
            "caption": [],
            "type": "file",
            "file": {"url": "https://s3/x.png", "expiry_time": "2026-07-04T10:00Z"},
        },
    ),
    (
        "file",
        {"external": {"url": "https://cdn/dir/My%20Report.pdf?x=1"}},
        {
            "caption": [],
            "type": "external",
            "external": {"url": "https://cdn/dir/My%20Report.pdf?x=1"},
            "name": "My Report.pdf",
        },
    ),
    (
        "file",
        {"name": "notes.txt", "file_upload": UPLOAD},
        {
            "caption": [],
            "type": "file_upload",
            "file_upload": {"id": PAGE_DASHED},
            "name": "notes.txt",
        },
    ),
    (
        "file",
        {"file_upload": UPLOAD},
        {"caption": [], "type": "file_upload", "file_upload": {"id": PAGE_DASHED}, "name": ""},
    ),
    ("child_page", {"title": "Doc"}, {"title": "Doc"}),
    ("child_database", {}, {"title": ""}),
    ("link_preview", {"url": "https://x"}, {"url": "https://x"}),
    ("unsupported", {}, {"block_type": "unsupported"}),
    (
        "meeting_notes",
        {"title": [], "status": "notes_ready"},
        {"title": [], "status": "notes_ready"},
    ),
    ("no_such_type", {"b": 1, "a": 2}, {"b": 1, "a": 2}),
]


@pytest.mark.parametrize(
    ("block_type", "payload", "expected"),
    PAYLOAD_CASES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(PAYLOAD_CASES)],
)
def test_normalize_block_payload(
    block_type: str, payload: dict[str, Any], expected: dict[str, Any]
) -> None:
    got = normalize_block_payload(block_type, payload, mention_title=title_of)
    assert ordered(got) == ordered(expected)
    again = normalize_block_payload(block_type, got, mention_title=title_of)
    assert ordered(again) == ordered(got)


def test_every_creatable_type_has_a_normalization_case() -> None:
    covered = {case[0] for case in PAYLOAD_CASES}
    assert set(CREATABLE_TYPES) <= covered


def test_payload_cases_are_valid_requests() -> None:
    """The create cases are requests Notion accepts (given children where required)."""
    kid = {"paragraph": {"rich_text": []}}
    needs = {
        "column_list": {"children": [{"column": {"children": [kid]}}] * 2},
        "column": {"children": [kid]},
        "tab": {"children": [kid]},
    }
    for block_type, payload, _ in PAYLOAD_CASES:
        if block_type not in CREATABLE_TYPES or "file" in payload:
            continue  # a ``file`` source is response-only
        body = {**payload, **needs.get(block_type, {})}
        if block_type == "table":
            width = payload["table_width"]
            body["children"] = [{"table_row": {"cells": [[]] * width}}]
        validate_children([{block_type: body}])


@pytest.mark.parametrize(
    ("block_type", "current", "patch", "expected"),
    [
        (
            "paragraph",
            {"rich_text": RT_OUT, "icon": None, "color": "blue"},
            {"rich_text": text("b")},
            {"rich_text": [text_out("b")], "icon": None, "color": "blue"},
        ),
        (
            "to_do",
            {"rich_text": RT_OUT, "checked": False, "color": "default"},
            {"checked": True},
            {"rich_text": RT_OUT, "checked": True, "color": "default"},
        ),
        (
            "image",
            {"caption": RT_OUT, "type": "external", "external": {"url": "https://a/x.png"}},
            {"file_upload": UPLOAD},
            {"caption": RT_OUT, "type": "file_upload", "file_upload": {"id": PAGE_DASHED}},
        ),
        (
            "image",
            {"caption": [], "type": "external", "external": {"url": "https://a/x.png"}},
            {"caption": RT},
            {"caption": RT_OUT, "type": "external", "external": {"url": "https://a/x.png"}},
        ),
        (
            "link_to_page",
            {"type": "page_id", "page_id": PAGE_DASHED},
            {"database_id": PAGE},
            {"type": "database_id", "database_id": PAGE_DASHED},
        ),
        (
            "table",
            {"table_width": 2, "has_column_header": False, "has_row_header": False},
            {"has_row_header": True},
            {"table_width": 2, "has_column_header": False, "has_row_header": True},
        ),
        (
            "heading_1",
            {"rich_text": RT_OUT, "is_toggleable": False, "color": "default"},
            {"is_toggleable": True, "rich_text": []},
            {"rich_text": [], "is_toggleable": True, "color": "default"},
        ),
    ],
)
def test_merge_block_update(
    block_type: str, current: dict[str, Any], patch: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert ordered(merge_block_update(block_type, current, patch)) == ordered(expected)


@pytest.mark.parametrize(
    ("icon", "expected"),
    [
        ({"emoji": "🥑"}, {"type": "emoji", "emoji": "🥑"}),
        ({"type": "emoji", "emoji": "🥑"}, {"type": "emoji", "emoji": "🥑"}),
        (
            {"external": {"url": "https://x/i.png"}},
            {"type": "external", "external": {"url": "https://x/i.png"}},
        ),
        ({"file_upload": UPLOAD}, {"type": "file_upload", "file_upload": {"id": PAGE_DASHED}}),
        (
            {"custom_emoji": {"id": PAGE}},
            {"type": "custom_emoji", "custom_emoji": {"id": PAGE_DASHED}},
        ),
        ({"icon": {"name": "pizza"}}, {"type": "icon", "icon": {"name": "pizza", "color": "gray"}}),
        (
            {"type": "file", "file": {"url": "u", "expiry_time": "t"}},
            {"type": "file", "file": {"url": "u", "expiry_time": "t"}},
        ),
        (None, None),
    ],
)
def test_normalize_icon(icon: Any, expected: Any) -> None:
    assert ordered(normalize_icon(icon)) == ordered(expected)


def test_normalize_cover() -> None:
    assert normalize_cover({"external": {"url": "https://x/c.jpg"}}) == {
        "type": "external",
        "external": {"url": "https://x/c.jpg"},
    }
    assert normalize_cover({"type": "file_upload", "file_upload": UPLOAD}) == {
        "type": "file_upload",
        "file_upload": {"id": PAGE_DASHED},
    }
    assert normalize_cover(None) is None


@pytest.mark.parametrize(
    "recording",
    [
        "test_blocks_children_create.yaml",
        "test_is_mention_rich_text_item_response.yaml",
        "test_is_equation_rich_text_item_response.yaml",
    ],
)
def test_appended_paragraph_matches_recording(recording: str) -> None:
    request, response = recorded(recording, "PATCH", "/children")
    block_request = request["children"][0]
    validate_children(request["children"])
    block_type, payload, _ = split_request_block(block_request)
    got = normalize_block_payload(block_type, payload)
    block = response["results"][0]
    assert block["type"] == block_type
    assert ordered(got) == ordered(block[block_type])


def test_updated_paragraph_matches_recording() -> None:
    path = RECORDINGS / "test_blocks_update.yaml"
    if not path.exists():
        pytest.skip("recording not available")
    interactions = yaml.safe_load(path.read_text())["interactions"]
    update = next(
        i
        for i in interactions
        if i["request"]["method"] == "PATCH" and not i["request"]["uri"].endswith("/children")
    )
    patch = json.loads(update["request"]["body"])
    response = json.loads(update["response"]["body"]["string"])
    current = normalize_block_payload("paragraph", {"rich_text": text("I'm a paragraph.")})
    got = merge_block_update("paragraph", current, patch["paragraph"])
    assert ordered(got) == ordered(response["paragraph"])


def test_page_title_rich_text_matches_recording() -> None:
    request, response = recorded("test_blocks_children_create.yaml", "POST", "/v1/pages")
    got = normalize_rich_text(request["properties"]["title"])
    assert ordered(got) == ordered(response["properties"]["title"]["title"])


def test_recorded_response_rich_text_is_a_fixed_point() -> None:
    _, response = recorded("test_is_mention_rich_text_item_response.yaml", "PATCH", "/children")
    items = response["results"][0]["paragraph"]["rich_text"]
    assert ordered(normalize_rich_text(items)) == ordered(items)


def test_module_exports_media_types() -> None:
    assert {"image", "video", "pdf", "file", "audio"} == MEDIA_TYPES
