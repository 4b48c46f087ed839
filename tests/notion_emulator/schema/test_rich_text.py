"""Rich text, icons and covers in a request (``schema.rich_text``), with Notion's messages."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from tests.notion_emulator.schema.block_builders import (
    C0,
    FAILED,
    FIX_ONE,
    ID,
    RECORDINGS,
    block,
    message_of,
    text,
)

from notion_emulator.schema.block_requests import (
    validate_append_body,
    validate_children,
)
from notion_emulator.schema.rich_text import validate_cover, validate_icon, validate_rich_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (text("a"), None),
        ([], None),
        (text("a") * 100, None),
        (text("a") * 101, f"{FAILED}body.title.length should be ≤ `100`, instead was `101`."),
        (
            {"text": {"content": "a"}},
            f"{FAILED}body.title should be an array, instead was `{{...}}`.",
        ),
        ([{"text": {"content": "a"}, "plain_text": "a", "href": None}], None),
        # Notion takes a link's "type": "url" beside its address (recorded: 200 in
        # notion-recordings-uno/test_rich_text/test_rich_text_bases.yaml)
        ([{"text": {"content": "a", "link": {"type": "url", "url": "https://e.org/"}}}], None),
        (
            [{"text": {"content": "a"}, "href": 3}],
            # the href failure ties with the other two kinds: Notion lists all three
            FIX_ONE + "body.title[0].href should be a string, instead was `3`.\n"
            "body.title[0].mention should be defined, instead was `undefined`.\n"
            "body.title[0].equation should be defined, instead was `undefined`.",
        ),
    ],
)
def test_rich_text(value: Any, expected: str | None) -> None:
    assert message_of(lambda: validate_rich_text(value, "body.title")) == expected


def test_recorded_response_rich_text_is_a_valid_request() -> None:
    path = RECORDINGS / "test_blocks_update.yaml"
    if not path.exists():
        pytest.skip("recording not available")
    for interaction in yaml.safe_load(path.read_text())["interactions"]:
        body = json.loads(interaction["response"]["body"]["string"])
        if body.get("type") == "paragraph":
            validate_rich_text(body["paragraph"]["rich_text"], "body.rich_text")
            validate_children([{"paragraph": {"rich_text": body["paragraph"]["rich_text"]}}])
            return
    raise AssertionError("no paragraph in the recording")


def test_recorded_requests_are_valid() -> None:
    if not RECORDINGS.exists():
        pytest.skip("recordings not available")
    seen = 0
    for path in sorted(RECORDINGS.glob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            request = interaction["request"]
            if request["method"] == "PATCH" and request["uri"].endswith("/children"):
                validate_append_body(json.loads(request["body"]), "2025-09-03")
                seen += 1
    assert seen >= 3


ICON_PATH = "body.icon"
ICON_CASES: list[tuple[Any, str | None]] = [
    (None, None),
    ({"emoji": "🥑"}, None),
    ({"type": "emoji", "emoji": "🥑"}, None),
    ({"type": "external", "external": {"url": "https://x/i.png"}}, None),
    ({"file_upload": {"id": ID}}, None),
    ({"custom_emoji": {"id": ID, "name": "bufo"}}, None),
    ({"icon": {"name": "pizza", "color": "lightgray"}}, None),
    (
        {"type": "externaeel", "external": {"url": "https://x/i.png"}},
        FIX_ONE + "body.icon.emoji should be defined, instead was `undefined`.\n"
        'body.icon.type should be `"external"` or `undefined`, instead was `"externaeel"`.\n'
        "body.icon.file_upload should be defined, instead was `undefined`.\n"
        "body.icon.custom_emoji should be defined, instead was `undefined`.\n"
        "body.icon.icon should be defined, instead was `undefined`.",
    ),
    (
        {"emoji": 3},
        FIX_ONE
        + "body.icon.emoji should be a string, instead was `3`.\n"
        + "\n".join(
            f"body.icon.{kind} should be defined, instead was `undefined`."
            for kind in ("external", "file_upload", "custom_emoji", "icon")
        ),
    ),
    (
        {"file_upload": {"id": "nope"}},
        f'{FAILED}body.icon.file_upload.id should be a valid uuid, instead was `"nope"`.',
    ),
    ("🥑", f'{FAILED}body.icon should be an object, instead was `"🥑"`.'),
]


@pytest.mark.parametrize(("icon", "expected"), ICON_CASES)
def test_icon(icon: Any, expected: str | None) -> None:
    assert message_of(lambda: validate_icon(icon, ICON_PATH)) == expected


@pytest.mark.parametrize(
    ("cover", "expected"),
    [
        (None, None),
        ({"external": {"url": "https://x/c.jpg"}}, None),
        ({"type": "file_upload", "file_upload": {"id": ID}}, None),
        (
            {"emoji": "🥑"},
            FIX_ONE + "body.cover.external should be defined, instead was `undefined`.\n"
            "body.cover.file_upload should be defined, instead was `undefined`.",
        ),
        (
            {"external": {"url": ""}},
            f"{FAILED}body.cover.external.url.length should be ≥ `1`, instead was `0`.",
        ),
    ],
)
def test_cover(cover: Any, expected: str | None) -> None:
    assert message_of(lambda: validate_cover(cover, "body.cover")) == expected


def test_callout_icon_cannot_be_an_upload() -> None:
    item = block("callout", icon={"file_upload": {"id": ID}})
    assert message_of(lambda: validate_children([item])) == (
        FIX_ONE
        + "\n".join(
            f"{C0}.callout.icon.{kind} should be defined, instead was `undefined`."
            for kind in ("emoji", "external", "custom_emoji", "icon")
        )
    )
