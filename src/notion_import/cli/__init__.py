"""The ``notion-import`` command: one module per command group."""

from __future__ import annotations

import logging

import click

from notion_import import __version__
from notion_import.cli.convert_cmd import convert_command
from notion_import.cli.import_cmd import import_command
from notion_import.cli.preview_cmd import preview_command
from notion_import.cli.verify_cmd import verify_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notion-import")
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Log what happens (-v: retries and refusals; -vv: every request).",
)
def main(verbose: int) -> None:
    """notion-import: move whole HTML exports into Notion, exactly once and verified."""
    level = {0: logging.ERROR, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("notion_import").setLevel(level)


main.add_command(import_command)
main.add_command(convert_command)
main.add_command(verify_command)
main.add_command(preview_command)

__all__ = ["main"]
