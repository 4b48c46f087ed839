"""The embedded notion-emulator: what the command talks to when no token is given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport

SANDBOX_BASE_URL = "http://notion-emulator.local"


@dataclass
class Sandbox:
    """An in-process emulated workspace."""

    app: Any
    token: str
    root_page_id: str
    base_url: str = SANDBOX_BASE_URL

    def http_client(self) -> httpx.AsyncClient:
        """A fresh httpx client routed to the emulator (the caller closes it)."""
        return httpx.AsyncClient(transport=EmulatorTransport(self.app), base_url=self.base_url)

    def tree(self, page_id: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.app.state.emulator.tree(page_id, self.base_url)
        return found

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self.app.state.emulator.stats_json()
        return stats


def open_sandbox(rate: float = 0.0) -> Sandbox:
    """A fresh emulated workspace; ``rate`` 0 means no rate limiting."""
    config = EmulatorConfig(rate=rate)
    app = create_app(config)
    return Sandbox(app, config.token, app.state.emulator.root_page_id)
