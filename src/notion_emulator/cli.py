"""The ``notion-emulator`` command."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
from typing import Any

import click

from notion_emulator.app import (
    DEFAULT_TOKEN,
    FREE_UPLOAD_BYTES,
    PAID_UPLOAD_BYTES,
    EmulatorConfig,
    create_app,
)
from notion_emulator.faults import ConnectionDropped, parse_kinds


class _HideDrops(logging.Filter):
    """Injected dropped connections are the emulator working, not failing: keep logs quiet."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


def _check_kinds(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        parse_kinds(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def _rate(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value < 0:
        raise click.BadParameter("a positive number of requests per second (0: --no-limit)")
    return value


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="notion-import", prog_name="notion-emulator")
def main() -> None:
    """notion-emulator: a faithful local Notion API for offline runs and tests."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=0, show_default=True, help="Port to bind; 0 picks a free one.")
@click.option(
    "--token",
    default=DEFAULT_TOKEN,
    show_default=True,
    help="The integration token the emulator accepts; any other gets 401.",
)
@click.option(
    "--rate",
    default=3.0,
    show_default=True,
    callback=_rate,
    help="Token-bucket rate in requests per second (0: the same as --no-limit).",
)
@click.option("--no-limit", is_flag=True, help="Answer every request: no rate limit at all.")
@click.option("--burst", type=int, default=None, help="Token-bucket size (default 10).")
@click.option(
    "--window-budget",
    type=int,
    default=None,
    help="Requests allowed per window (Notion's newer per-window budget).",
)
@click.option("--window-seconds", default=60.0, show_default=True, help="Budget window length.")
@click.option("--latency-ms", default=0.0, show_default=True, help="Added latency per request.")
@click.option(
    "--latency-jitter-ms",
    default=0.0,
    show_default=True,
    help="Uniform jitter around --latency-ms.",
)
@click.option(
    "--faults",
    default=0.0,
    show_default=True,
    help="Probability of injecting a fault into a /v1 request (0..1).",
)
@click.option("--fault-seed", default=0, show_default=True, help="Seed for reproducible faults.")
@click.option(
    "--fault-kinds",
    default="all",
    show_default=True,
    callback=_check_kinds,
    help="Comma list of 500,502,503,504,529,hang,drop,applied_500,applied_hang,"
    "applied_drop or groups all,errors,network,applied.",
)
@click.option(
    "--hang-seconds",
    default=90.0,
    show_default=True,
    help="How long a hanging request waits before answering 504.",
)
@click.option(
    "--data",
    "data_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Persist the workspace in this SQLite file.",
)
@click.option(
    "--plan",
    type=click.Choice(["free", "paid"]),
    default="paid",
    show_default=True,
    help="Workspace plan: sets the per-file upload cap (5 MiB free, 5 GiB paid).",
)
def serve(host: str, port: int, plan: str, no_limit: bool, **options: Any) -> None:
    """Serve the API until killed; prints ONE JSON line: base_url, token, root_page_id."""
    if no_limit:
        options["rate"] = 0.0  # the emulator's own spelling of "unlimited"
    upload_cap = FREE_UPLOAD_BYTES if plan == "free" else PAID_UPLOAD_BYTES
    try:
        config = EmulatorConfig(max_upload_bytes=upload_cap, **options)
        app = create_app(config)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    try:
        sock = listening_socket(host, port)
    except OSError as exc:
        raise click.ClickException(f"cannot bind {host}:{port}: {exc}") from None
    bound_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    emulator = app.state.emulator
    line = {
        "base_url": f"http://{shown_host}:{bound_port}",
        "token": config.token,
        "root_page_id": emulator.root_page_id,
    }
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    _run(app, sock)


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's listening socket, bound to ``host``:``port`` (0: a free port).

    It is made with protocol ``IPPROTO_TCP`` spelled out: asyncio turns Nagle's algorithm off
    on an accepted connection only when its socket says so, and with protocol 0 every answer
    after a connection's first waited for the client's delayed ACK (40 ms on Linux)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    return sock


def _run(app: Any, sock: socket.socket) -> None:
    import uvicorn

    logging.getLogger("uvicorn.error").addFilter(_HideDrops())
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    try:
        asyncio.run(server.serve(sockets=[sock]))
    except KeyboardInterrupt:
        pass
    finally:
        app.state.emulator.store.close()
