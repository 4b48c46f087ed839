"""``notion-import convert``: files -> the Notion JSON the importer would send, no network."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from notion_import.cli.options import keep_chrome_option, source_option
from notion_import.importer.report import plural


@dataclass
class _Totals:
    pages: int = 0
    blocks: int = 0
    assets: int = 0
    losses: int = 0
    errors: int = 0
    #: site navigation left out (losses of kind ``chrome``), counted apart from the losses.
    chrome: int = 0

    def add(self, page: dict[str, Any]) -> None:
        self.pages += 1
        self.blocks += _count_blocks(page["blocks"])
        self.assets += len(page["assets"])
        chrome = sum(1 for loss in page["losses"] if loss["kind"] == "chrome")
        self.chrome += chrome
        self.losses += len(page["losses"]) - chrome
        self.errors += "error" in page

    def line(self) -> str:
        left_out = (
            f", {plural(self.chrome, 'navigation element')} left out (--keep-chrome keeps them)"
            if self.chrome
            else ""
        )
        return (
            f"{plural(self.pages, 'page')}, {plural(self.blocks, 'block')}, "
            f"{plural(self.assets, 'asset')}, {plural(self.losses, 'loss', 'losses')}, "
            f"{plural(self.errors, 'error')}{left_out}"
        )


def _count_blocks(blocks: list[dict[str, Any]]) -> int:
    """Blocks at every depth (children sit inside each block's type payload)."""
    count = 0
    stack = list(blocks)
    while stack:
        block = stack.pop()
        count += 1
        payload = block.get(block.get("type", ""), {})
        if isinstance(payload, dict):
            stack.extend(payload.get("children", []))
    return count


@contextlib.contextmanager
def _output(out: Path | None) -> Iterator[IO[bytes]]:
    """Standard output, or a file that is replaced only once the whole output is written."""
    if out is None:
        yield sys.stdout.buffer
        return
    with tempfile.NamedTemporaryFile(
        "wb", dir=out.parent, prefix=f".{out.name}.", suffix=".part", delete=False
    ) as handle:
        try:
            yield handle
        except BaseException:
            handle.close()
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
            raise
    os.replace(handle.name, out)


@click.command("convert")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the JSON to this file (default: standard output).",
)
@source_option
@keep_chrome_option
def convert_command(
    path: Path, out: Path | None, source_name: str | None, keep_chrome: bool
) -> None:
    """Convert PATH (a file or a folder) to Notion block JSON, without importing.

    Writes {"pages": [...]}: for each page its source, title, blocks (Notion request JSON),
    assets, losses, metadata and links, or an "error" for a file that could not be converted.
    Pages are written as they are converted; a summary goes to standard error.
    """
    from notion_import.sources import (
        SourceError,
        available_sources,
        convert_path,
        page_json,
    )

    if source_name is not None and source_name not in available_sources():
        choices = ", ".join(available_sources())
        raise click.BadParameter(f"{source_name!r}: choose one of {choices}", param_hint="--source")
    pages = convert_path(path, source=source_name, keep_chrome=keep_chrome)
    totals = _Totals()
    try:
        with contextlib.closing(pages):
            first = next(pages, None)  # a source-wide error surfaces before any output
            with _output(out) as stream:
                stream.write(b'{"pages": [')
                page = first
                while page is not None:
                    entry = page_json(page)
                    if totals.pages:
                        stream.write(b",")
                    stream.write(b"\n")
                    stream.write(json.dumps(entry, ensure_ascii=False).encode("utf-8"))
                    totals.add(entry)
                    if "error" in entry:
                        click.echo(f"error: {entry['source']}: {entry['error']}", err=True)
                    page = next(pages, None)
                stream.write(b"\n]}\n")
                stream.flush()
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    except BrokenPipeError:
        raise  # the reader stopped reading (``| head``): click ends quietly
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise click.ClickException(f"{exc.strerror or exc}{where}") from exc
    click.echo(f"Converted {totals.line()}.", err=True)


__all__ = ["convert_command"]
