"""ultimate-notion, a Notion library nobody here wrote, driven against a served emulator.

ultimate-notion (in the test extra) wraps the official ``notion-client`` and validates every
answer with its own pydantic models, so it notices a missing key, a null where Notion sends a
value or a request refused that Notion accepts. The tests here do what a user of the library
does — pages, schemas with relations and formulas, rows, queries, blocks, columns, uploads,
Markdown export — and assert what that user would see. Each module runs one emulator as
``notion-emulator serve`` on a loopback port; the library reaches it through a
``notion_client.Client`` whose ``base_url`` is that server, and nothing may open a connection
anywhere else.

Where the emulator still differs from Notion the test is a strict expected failure naming the
item of issue 14 that fixes it: it turns red (an unexpected pass) when that fix lands.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import notion_client
import pytest
import ultimate_notion as uno
from tests.served import served_emulator
from ultimate_notion.config import Config, UNOCfg

#: The Notion-Version ultimate-notion 0.10 speaks.
VERSION = "2026-03-11"


def _loopback_only(real_connect: Any) -> Any:
    """``socket.connect`` refusing every address but loopback (an OSError, so that the caller
    closes its socket and the client reports a connection error naming the address)."""

    def connect(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
                raise ConnectionRefusedError(f"the contract suite may not reach {address}")
        return real_connect(sock, address)

    return connect


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, str]]:
    """A ``notion-emulator serve`` process without rate limit: base_url, token, root_page_id."""
    with served_emulator() as line:
        yield line


@pytest.fixture(scope="module")
def notion(
    served: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[uno.Session]:
    """An ultimate-notion session on the served emulator, its configuration in a folder of the
    test's own (never the user's ``~/.ultimate-notion``), every socket kept on loopback."""
    folder = tmp_path_factory.mktemp("ultimate-notion")
    config_file = folder / "config.toml"
    config_file.write_text('[ultimate_notion]\nsync_state_dir = "sync_states"\n')
    config = Config(
        ultimate_notion=UNOCfg(token=served["token"], cfg_path=config_file),
    )
    client = notion_client.Client(
        auth=served["token"], base_url=served["base_url"], notion_version=VERSION
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ULTIMATE_NOTION_CONFIG", str(config_file))
        patch.setattr(socket.socket, "connect", _loopback_only(socket.socket.connect))
        with uno.Session(config, client=client) as session:
            yield session


@pytest.fixture
def page(notion: uno.Session, served: dict[str, str], request: pytest.FixtureRequest) -> Any:
    """A fresh page under the workspace root, titled after the test."""
    root = notion.get_page(served["root_page_id"])
    return notion.create_page(root, title=request.node.name)
