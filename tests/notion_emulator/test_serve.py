"""`notion-emulator serve` as a real server, driven by the official notion-client over a socket."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from notion_client import APIResponseError, AsyncClient

from notion_emulator.cli import listening_socket


def _start(*args: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "notion_emulator", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        _out, err = proc.communicate()
        pytest.fail(f"server did not start: {err}")
    return proc, json.loads(line)


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.terminate()
    try:
        _out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    return err


@pytest.fixture
def server() -> Iterator[dict[str, Any]]:
    proc, info = _start("--rate", "0")
    yield info
    err = _stop(proc)
    assert "Traceback" not in err


async def test_serve_prints_one_json_line_and_serves(server: dict[str, Any]) -> None:
    assert set(server) == {"base_url", "token", "root_page_id"}
    client = AsyncClient(
        auth=server["token"], base_url=server["base_url"], client=httpx.AsyncClient()
    )
    try:
        me = await client.users.me()
        assert me["type"] == "bot"
        page = await client.pages.create(
            parent={"page_id": server["root_page_id"]},
            properties={"title": [{"text": {"content": "Over a socket"}}]},
            children=[{"paragraph": {"rich_text": [{"text": {"content": "hello"}}]}}],
        )
        listed = await client.blocks.children.list(block_id=page["id"])
        assert listed["results"][0]["paragraph"]["rich_text"][0]["plain_text"] == "hello"
    finally:
        await client.aclose()
    wrong = AsyncClient(
        auth="not-the-token", base_url=server["base_url"], client=httpx.AsyncClient()
    )
    try:
        with pytest.raises(APIResponseError) as excinfo:
            await wrong.users.me()
        assert excinfo.value.code == "unauthorized"
    finally:
        await wrong.aclose()
    async with httpx.AsyncClient(base_url=server["base_url"]) as http:
        stats = (await http.get("/_emulator/stats")).json()
    assert stats["by_route"]["POST /pages"] == 1
    assert stats["internal_errors"] == 0


async def test_serve_drops_connections_for_real() -> None:
    proc, info = _start("--rate", "0", "--faults", "1", "--fault-kinds", "drop")
    try:
        headers = {"Authorization": f"Bearer {info['token']}", "Notion-Version": "2025-09-03"}
        async with httpx.AsyncClient(base_url=info["base_url"], headers=headers) as http:
            with pytest.raises(httpx.RemoteProtocolError):
                await http.get("/v1/users/me")
            # the server keeps serving
            assert (await http.get("/_emulator/stats")).json()["faults_injected"] == {"drop": 1}
    finally:
        err = _stop(proc)
    assert "Traceback" not in err


def test_serve_persists_with_data_file(tmp_path: Path) -> None:
    data = tmp_path / "ws.sqlite"
    proc, first = _start("--rate", "0", "--data", str(data))
    headers = {"Authorization": f"Bearer {first['token']}", "Notion-Version": "2025-09-03"}
    try:
        r = httpx.post(
            first["base_url"] + "/v1/pages",
            headers=headers,
            json={
                "parent": {"page_id": first["root_page_id"]},
                "properties": {"title": [{"text": {"content": "Kept"}}]},
            },
        )
        assert r.status_code == 200
        page_id = r.json()["id"]
    finally:
        _stop(proc)
    proc, second = _start("--rate", "0", "--data", str(data))
    try:
        assert second["root_page_id"] == first["root_page_id"]
        r = httpx.get(second["base_url"] + f"/v1/pages/{page_id}", headers=headers)
        assert r.status_code == 200
    finally:
        _stop(proc)


def test_bad_options_are_clear_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "notion_emulator", "serve", "--fault-kinds", "501"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "unknown fault kind" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("unlimited", [["--no-limit"], ["--rate", "0"]])
def test_no_limit_answers_every_request(unlimited: list[str]) -> None:
    proc, info = _start(*unlimited)
    try:
        headers = {"Authorization": f"Bearer {info['token']}", "Notion-Version": "2025-09-03"}
        with httpx.Client(base_url=info["base_url"], headers=headers) as http:
            statuses = {http.get("/v1/users/me").status_code for _ in range(25)}
    finally:
        _stop(proc)
    assert statuses == {200}  # 25 at once is past the default bucket of 10


def test_rate_takes_a_positive_number_and_the_version_is_there() -> None:
    from click.testing import CliRunner

    from notion_emulator.cli import main

    refused = CliRunner().invoke(main, ["serve", "--rate", "-1"])
    assert refused.exit_code == 2 and "--no-limit" in refused.output
    version = CliRunner().invoke(main, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("notion-emulator, version ")


async def test_served_connections_send_small_answers_at_once() -> None:
    """Every connection the server accepts has Nagle's algorithm off, as asyncio means it to:
    otherwise an answer written in two parts (head, then body) waits for the client's delayed
    ACK, 40 ms per request after a connection's first."""
    listening = listening_socket("127.0.0.1", 0)
    nodelay: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted = writer.get_extra_info("socket")
        nodelay.set_result(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(connected, sock=listening)
    try:
        _, writer = await asyncio.open_connection(*listening.getsockname()[:2])
        assert await asyncio.wait_for(nodelay, timeout=30) != 0
        writer.close()
    finally:
        server.close()
        await server.wait_closed()
