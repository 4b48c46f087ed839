"""`connect()` against notion-emulator: the SDK on top, faults underneath."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from notion_client import APIResponseError

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import NotionAPI, connect, connect_sync, resolve_token
from notion_import.api.retry import RetryPolicy
from notion_import.errors import ConfigurationError, UncertainWriteError

FAST_RETRY = RetryPolicy(max_attempts=10, base_delay=0.001, max_delay=0.01, default_pause=0.01)


def emulator(**options: Any) -> Any:
    return create_app(EmulatorConfig(**{"rate": 0, **options}))


def api_for(app: Any, **options: Any) -> NotionAPI:
    return connect(
        app.state.emulator.config.token,
        "http://emulator.test",
        transport=EmulatorTransport(app),
        rate=options.pop("rate", 1000.0),
        retry=options.pop("retry", FAST_RETRY),
        **options,
    )


def title(text: str) -> dict[str, Any]:
    return {"title": [{"text": {"content": text}}]}


async def test_sdk_calls_go_through_the_toolkit() -> None:
    app = emulator()
    async with api_for(app) as api:
        me = await api.me()
        assert me["type"] == "bot"
        assert await api.max_upload_size() > 0
        assert api.stats.total == 1  # users.me asked once per run
        root = app.state.emulator.root_page_id
        page = await api.client.pages.create(parent={"page_id": root}, properties=title("A"))
        children = [
            {"paragraph": {"rich_text": [{"text": {"content": str(i)}}]}} for i in range(250)
        ]
        for start in range(0, 250, 100):
            await api.client.blocks.children.append(
                block_id=page["id"], children=children[start : start + 100]
            )
        listed = await api.collect(api.client.blocks.children.list, block_id=page["id"])
        assert len(listed) == 250
        assert api.stats.requests["GET /v1/blocks/{id}/children"] == 3


@pytest.mark.slow
async def test_faults_reads_always_succeed_writes_reported_never_resent() -> None:
    app = emulator(faults=0.3, fault_seed=11, hang_seconds=0.3)
    state = app.state.emulator
    root = state.root_page_id
    async with api_for(app, timeout=0.05, concurrency=4) as api:
        reads = await api.gather(api.client.blocks.retrieve(block_id=root) for _ in range(60))
        assert all(r.ok for r in reads)
        outcomes: Counter[str] = Counter()
        for i in range(60):
            try:
                await api.client.pages.create(parent={"page_id": root}, properties=title(f"p{i}"))
                outcomes["ok"] += 1
            except UncertainWriteError:
                outcomes["uncertain"] += 1
        assert outcomes["uncertain"] > 0 and outcomes["ok"] > 0
        assert api.stats.uncertain_writes == outcomes["uncertain"]
    state.faults.probability = 0.0
    titles = Counter(
        node.payload.get("title")
        or state.store.nodes[node.id].properties["title"]["title"][0]["plain_text"]
        for node in state.store.nodes.values()
        if node.type == "child_page" and node.id != root
    )
    assert max(titles.values()) == 1  # never a duplicate
    assert outcomes["ok"] <= len(titles) <= 60


async def test_429_pauses_slows_down_and_recovers() -> None:
    app = emulator(rate=1, burst=3)
    async with api_for(app, rate=100.0, burst=10) as api:
        root = app.state.emulator.root_page_id
        for _ in range(5):  # the 4th is refused once: Retry-After 1 s, then it goes through
            await api.client.blocks.retrieve(block_id=root)
        assert api.limiter.stats.throttles >= 1
        assert api.limiter.rate < 100.0
        assert api.stats.rate_limited >= 1 and api.stats.retries >= 1


async def test_rate_limited_past_the_attempts_surfaces_as_sdk_error() -> None:
    app = emulator(rate=1, burst=1)
    async with api_for(app, retry=RetryPolicy(max_attempts=1)) as api:
        await api.client.users.me()
        with pytest.raises(APIResponseError) as excinfo:
            await api.client.users.list()
        assert excinfo.value.code == "rate_limited"
        assert api.stats.rate_limited == 1


async def test_cache_hits_and_invalidation() -> None:
    app = emulator()
    async with api_for(app, cache=True) as api:
        root = app.state.emulator.root_page_id
        page = await api.client.pages.create(parent={"page_id": root}, properties=title("C"))
        first = await api.client.blocks.children.list(block_id=page["id"])
        again = await api.client.blocks.children.list(block_id=page["id"])
        assert first["results"] == again["results"] == []
        assert api.stats.cache_hits == 1
        await api.client.blocks.children.append(
            block_id=page["id"], children=[{"paragraph": {"rich_text": []}}]
        )
        after = await api.client.blocks.children.list(block_id=page["id"])
        assert len(after["results"]) == 1  # the write invalidated the listing
        assert api.stats.as_dict()["cache_hit_rate"] > 0


def test_token_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_TOKEN_FILE", raising=False)
    with pytest.raises(ConfigurationError, match="NOTION_TOKEN"):
        resolve_token()
    secret = tmp_path / "token"
    secret.write_text("ntn_file_token\n")
    assert resolve_token(token_file=secret) == "ntn_file_token"
    monkeypatch.setenv("NOTION_TOKEN_FILE", str(secret))
    assert resolve_token() == "ntn_file_token"
    monkeypatch.setenv("NOTION_TOKEN", "ntn_env")
    assert resolve_token() == "ntn_env"
    assert resolve_token("ntn_arg") == "ntn_arg"
    with pytest.raises(ConfigurationError, match="cannot read"):
        resolve_token(token_file=tmp_path / "missing")


async def test_token_never_in_repr_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    app = emulator(faults=1.0, fault_kinds="applied_500")
    token = app.state.emulator.config.token
    caplog.set_level(logging.DEBUG)
    async with api_for(app) as api:
        assert token not in repr(api)
        with pytest.raises(UncertainWriteError) as excinfo:
            await api.client.pages.create(
                parent={"page_id": app.state.emulator.root_page_id}, properties=title("x")
            )
        assert token not in str(excinfo.value) and token not in repr(excinfo.value.__dict__)
    assert token not in caplog.text


def test_sync_facade() -> None:
    app = emulator()
    with connect_sync(
        app.state.emulator.config.token, "http://emulator.test", transport=EmulatorTransport(app)
    ) as api:
        me = api.client.users.me()
        assert me["type"] == "bot"
        users = api.collect(api.client.users.list)
        assert len(users) == 2
        upload_id = api.upload(b"hello", filename="hello.txt")
        assert app.state.emulator.store.files[upload_id] == b"hello"
        assert "token" not in repr(api).lower() or app.state.emulator.config.token not in repr(api)
