"""The emulator's Markdown is Notion's: every page the recordings read or wrote as Markdown
(``GET``/``PATCH /v1/pages/{id}/markdown``, and the Markdown an async task answered) is
rebuilt from the recorded requests and read back; its Markdown text, truncation and unknown
blocks are the recorded ones, character for character."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests import paths
from tests.notion_emulator.replay import load_exchanges

RECORDINGS = paths.RECORDINGS

if not RECORDINGS.is_dir():
    pytest.skip(
        f"the recorded Notion exchanges are not present at {RECORDINGS}", allow_module_level=True
    )


def _markdown_cassettes() -> list[Path]:
    return [
        path
        for path in sorted(RECORDINGS.glob("*.yaml"))
        if "/markdown" in path.read_text(encoding="utf-8")
    ]


def _recorded_markdown(answer: Any) -> dict[str, Any] | None:
    """A ``page_markdown`` answer, directly or as an async task's result."""
    if not isinstance(answer, dict):
        return None
    if answer.get("object") == "page_markdown":
        return answer
    result = answer.get("result")
    if isinstance(result, dict) and result.get("object") == "page_markdown":
        return result
    return None


@pytest.mark.parametrize("cassette", _markdown_cassettes(), ids=lambda p: p.stem)
async def test_recorded_markdown_is_rendered_the_same(
    cassette: Path, notion_http: httpx.AsyncClient, notion_token: str, notion_root_page_id: str
) -> None:
    headers = {"Authorization": f"Bearer {notion_token}", "Notion-Version": "2026-03-11"}
    pages: dict[str, str] = {}  # recorded page id -> the emulator's
    expected: dict[str, dict[str, Any]] = {}  # recorded page id -> its last recorded Markdown
    for exchange in load_exchanges(cassette):
        answer = exchange.answer
        if exchange.method == "POST" and exchange.target == "/v1/pages":
            body = json.loads(exchange.body)
            body["parent"] = {"page_id": notion_root_page_id}
            made = await notion_http.post("/v1/pages", json=body, headers=headers)
            assert made.status_code == 200, made.text
            pages[str(answer["id"])] = made.json()["id"]
        elif exchange.target.endswith("/markdown"):
            recorded_id = exchange.target.split("/")[3]
            body = json.loads(exchange.body) if exchange.body else None
            if body is not None:
                body.pop("allow_async", None)
            sent = await notion_http.request(
                exchange.method,
                f"/v1/pages/{pages[recorded_id]}/markdown",
                json=body,
                headers=headers,
            )
            assert sent.status_code == 200, sent.text
        if (markdown := _recorded_markdown(answer)) is not None:
            expected[str(markdown["id"])] = markdown
    assert expected, "the cassette holds no Markdown answer"
    for recorded_id, markdown in expected.items():
        got = await notion_http.get(f"/v1/pages/{pages[recorded_id]}/markdown", headers=headers)
        found = got.json()
        assert found["markdown"] == markdown["markdown"]
        assert found["truncated"] == markdown["truncated"]
        assert found["unknown_block_ids"] == markdown["unknown_block_ids"]
