"""The embedded notion-emulator: what the command talks to when no token is given.

The emulator is imported when a sandbox is opened, not with the command: a run against Notion
(or ``--help``) does not load it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notion_import.importer.report import plural

if TYPE_CHECKING:
    import httpx

SANDBOX_BASE_URL = "http://notion-emulator.local"


@dataclass
class Sandbox:
    """An in-process emulated workspace."""

    app: Any
    token: str
    root_page_id: str
    base_url: str = SANDBOX_BASE_URL

    def transport(self) -> httpx.AsyncBaseTransport:
        """A transport routed to the emulator, behaving like a network."""
        from notion_emulator.transport import EmulatorTransport

        return EmulatorTransport(self.app)

    def tree(self, page_id: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.app.state.emulator.tree(page_id, self.base_url)
        return found

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self.app.state.emulator.stats_json()
        return stats

    def show(self, line: Callable[[str], None], page_id: str) -> None:
        """Print the sandbox's page tree under ``page_id``."""
        tree = self.tree(page_id)
        if tree is None:
            return
        line("The sandbox workspace now holds:")
        _print_tree(tree, 1, line)
        stored = self.stats()["stored"]
        line(
            f"Stored in the sandbox: {plural(stored['pages'], 'page')}, "
            f"{plural(stored['blocks'], 'block')}, "
            f"{plural(stored['file_uploads'], 'uploaded file')}."
        )
        line("To see the pages as Notion shows them: notion-import preview SOURCE")
        line("To import into Notion: set NOTION_TOKEN and pass --parent PAGE_ID_OR_URL.")


def _print_tree(node: dict[str, Any], depth: int, line: Callable[[str], None]) -> None:
    kind = node["type"]
    payload = node[kind]
    if kind == "child_page":
        label = f"page '{payload['title']}'"
    else:
        text = "".join(t.get("plain_text", "") for t in payload.get("rich_text", []))
        text = " ".join(text.split())
        label = f"{kind}: {text[:60]}" if text else kind
    line("  " * depth + label)
    for child in node.get("children", []):
        _print_tree(child, depth + 1, line)


def open_sandbox(rate: float = 0.0) -> Sandbox:
    """A fresh emulated workspace; ``rate`` 0 means no rate limiting."""
    from notion_emulator.app import EmulatorConfig, create_app

    config = EmulatorConfig(rate=rate)
    app = create_app(config)
    return Sandbox(app, config.token, app.state.emulator.root_page_id)
