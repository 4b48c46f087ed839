"""pytest plugin: a fresh in-process emulator per test.

Installed with the package (entry point ``pytest11``), it provides:

- ``notion_emulator_config`` — the :class:`EmulatorConfig` used (override it in a conftest to
  turn on rate limiting, latency or faults; the default disables limiting so tests run fast);
- ``notion_emulator_app`` — the Starlette app (``app.state.emulator`` is the :class:`Emulator`);
- ``notion_base_url``, ``notion_token``, ``notion_root_page_id``;
- ``notion_http`` — an ``httpx.AsyncClient`` routed to the emulator;
- ``notion_client`` — a ready ``notion_client.AsyncClient`` routed to the emulator.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport

BASE_URL = "http://notion-emulator.local"


@pytest.fixture
def notion_emulator_config() -> EmulatorConfig:
    return EmulatorConfig(rate=0)


@pytest.fixture
def notion_emulator_app(notion_emulator_config: EmulatorConfig) -> Any:
    return create_app(notion_emulator_config)


@pytest.fixture
def notion_base_url() -> str:
    return BASE_URL


@pytest.fixture
def notion_token(notion_emulator_config: EmulatorConfig) -> str:
    return notion_emulator_config.token


@pytest.fixture
def notion_root_page_id(notion_emulator_app: Any) -> str:
    return str(notion_emulator_app.state.emulator.root_page_id)


@pytest.fixture
async def notion_http(notion_emulator_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=EmulatorTransport(notion_emulator_app), base_url=BASE_URL
    ) as client:
        yield client


@pytest.fixture
async def notion_client(notion_emulator_app: Any, notion_token: str) -> AsyncIterator[Any]:
    from notion_client import AsyncClient

    http = httpx.AsyncClient(transport=EmulatorTransport(notion_emulator_app))
    client = AsyncClient(auth=notion_token, base_url=BASE_URL, client=http)
    try:
        yield client
    finally:
        await client.aclose()
