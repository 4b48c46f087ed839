"""The replay harness itself (tests/notion_emulator/replay.py and its seeding), on small
hand-written cassettes: it must catch a difference, and rebuild what a workspace held."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.notion_emulator.replay import Allowed, Replay, ShapeCheck, load_exchanges

ROOT = "00000000-0000-4000-8000-000000000001"
PAGE = "00000000-0000-4000-8000-000000000002"
BLOCK = "38a9ce7b-60a4-8164-9877-c47b2b666481"
BOT = "00000000-0000-4000-8000-0000000000f1"


def _text(content: str) -> dict[str, Any]:
    return {
        "type": "text",
        "text": {"content": content, "link": None},
        "annotations": {
            "bold": False,
            "italic": False,
            "strikethrough": False,
            "underline": False,
            "code": False,
            "color": "default",
        },
        "plain_text": content,
        "href": None,
    }


def _paragraph() -> dict[str, Any]:
    return {
        "object": "block",
        "id": BLOCK,
        "parent": {"type": "page_id", "page_id": PAGE},
        "created_time": "2026-06-18T17:51:00.000Z",
        "last_edited_time": "2026-06-18T17:51:00.000Z",
        "created_by": {"object": "user", "id": BOT},
        "last_edited_by": {"object": "user", "id": BOT},
        "has_children": False,
        "in_trash": False,
        "type": "paragraph",
        "paragraph": {
            "rich_text": [_text("Held before the run")],
            "icon": None,
            "color": "default",
        },
    }


def _cassette(tmp_path: Path, answer: dict[str, Any], new_format: bool) -> Path:
    """One GET of the page's children, in either cassette format."""
    content = json.dumps(answer)
    response: dict[str, Any] = (
        {"status_code": 200, "content": content}
        if new_format
        else {"status": {"code": 200}, "body": {"string": content}}
    )
    request = {
        "method": "GET",
        "uri": f"https://api.notion.com/v1/blocks/{PAGE}/children?page_size=100",
        "headers": {"notion-version": ["2026-03-11"]},
        "body": "",
    }
    path = tmp_path / "cassette.yaml"
    path.write_text(yaml.safe_dump({"interactions": [{"request": request, "response": response}]}))
    return path


def _listing(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "object": "list",
        "results": blocks,
        "next_cursor": None,
        "has_more": False,
        "type": "block",
        "block": {},
        "request_id": "d4f0a4f4-0000-4000-8000-000000000000",
    }


@pytest.mark.parametrize("new_format", [True, False], ids=["content", "body.string"])
def test_both_cassette_formats_load(tmp_path: Path, new_format: bool) -> None:
    (exchange,) = load_exchanges(_cassette(tmp_path, _listing([]), new_format))
    assert (exchange.status, exchange.endpoint) == (200, "GET /v1/blocks/{id}/children")
    assert exchange.answer["results"] == []


async def test_seeding_rebuilds_the_blocks_a_recorded_page_held(tmp_path: Path) -> None:
    cassette = _cassette(tmp_path, _listing([_paragraph()]), new_format=True)
    exchanges = load_exchanges(cassette)
    await Replay(root_id=ROOT, dependent={}, seed=True).run(cassette, exchanges)
    with pytest.raises(AssertionError, match="recorded status 200, the emulator answered 404"):
        await Replay(root_id=ROOT, dependent={}, seed=False).run(cassette, exchanges)


async def test_a_different_shape_is_caught(tmp_path: Path) -> None:
    answer = _listing([_paragraph()])
    answer["results"][0]["is_archived"] = False  # a key this version's answer does not hold
    cassette = _cassette(tmp_path, answer, new_format=True)
    with pytest.raises(AssertionError, match=r"keys differ: missing in the emulator's answer"):
        await Replay(root_id=ROOT, dependent={}, seed=True).run(cassette, load_exchanges(cassette))


def test_an_allowed_key_may_be_missing_and_is_not_compared() -> None:
    recorded = {"person": {"email": "a@b.c"}, "name": "x"}
    emulated = {"person": {"email": "d@e.f", "email_verified": True}, "name": "y"}
    assert list(ShapeCheck(frozenset()).compare(recorded, emulated))
    allowed = (Allowed("*.person.email_verified", "the workspace's person"),)
    assert not list(ShapeCheck(frozenset(), allowed).compare(recorded, emulated))


def test_a_dependent_list_pairs_elements_by_their_mapped_id() -> None:
    recorded = {"results": [{"id": "a" * 32, "n": 1}, {"id": "b" * 32, "s": "x"}]}
    emulated = {"results": [{"id": "c" * 32, "s": "y"}]}
    loose = ShapeCheck(frozenset({"results"}))
    assert not list(loose.compare(recorded, emulated))  # like some recorded element
    paired = ShapeCheck(frozenset({"results"}), recorded_ids={"c" * 32: "a" * 32})
    assert list(paired.compare(recorded, emulated))  # but not like its own recorded twin
