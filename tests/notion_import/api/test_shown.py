"""The rate a workspace has shown: read from ``bot.workspace_limits``, kept in a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from notion_import.api import connect
from notion_import.api.shown import load_rate, rate_file, save_rate, workspace_rate

#: ``bot.workspace_limits`` as Notion's recorded answers hold it (no rate).
RECORDED = {"max_file_upload_size_in_bytes": 5242880}


def me(limits: dict[str, Any]) -> dict[str, Any]:
    return {"object": "user", "id": "b", "type": "bot", "bot": {"workspace_limits": limits}}


def test_workspace_rate_where_present() -> None:
    assert workspace_rate(me(RECORDED)) is None
    assert workspace_rate({"object": "user", "type": "person"}) is None
    assert workspace_rate(me({**RECORDED, "requests_per_second": 2.5})) == 2.5
    assert workspace_rate(me({"requests_per_minute": 180})) == 3.0
    assert workspace_rate(me({"requests_per_second": 0})) is None
    assert workspace_rate(me({"requests_per_second": True})) is None


def api_answering(body: dict[str, Any], **options: Any) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    return connect("secret_x", "http://n", transport=httpx.MockTransport(handler), **options)


async def test_the_rate_workspace_limits_state_becomes_the_limiters() -> None:
    async with api_answering(me({**RECORDED, "requests_per_second": 2.5})) as api:
        await api.me()
        assert api.limiter.shown == 2.5 and api.limiter.rate < 2.5
    async with api_answering(me(RECORDED)) as api:
        await api.me()
        assert api.limiter.shown is None


async def test_an_explicit_rate_wins_over_workspace_limits() -> None:
    async with api_answering(me({"requests_per_second": 2.5}), rate=5.0) as api:
        await api.me()
        assert api.limiter.rate == 5.0 and api.limiter.shown is None


def test_the_rate_file_sits_beside_the_journal_and_round_trips(tmp_path: Path) -> None:
    journal = tmp_path / "import-abc.sqlite"
    path = rate_file(journal)
    assert path == tmp_path / "import-abc.sqlite.rate.json"
    assert load_rate(path) is None
    save_rate(path, 2.934567)
    assert load_rate(path) == 2.9346
    assert json.loads(path.read_text()) == {"requests_per_second": 2.9346}  # nothing else
    path.write_text("not json")
    assert load_rate(path) is None
    path.write_text('{"requests_per_second": -1}')
    assert load_rate(path) is None
