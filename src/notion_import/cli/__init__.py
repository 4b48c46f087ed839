"""The ``notion-import`` command: one module per command group."""

from __future__ import annotations

import click

from notion_import import __version__
from notion_import.cli.convert_cmd import convert_command
from notion_import.cli.import_cmd import import_command, verify_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notion-import")
def main() -> None:
    """notion-import: move whole HTML exports into Notion, exactly once and verified."""


main.add_command(import_command)
main.add_command(convert_command)
main.add_command(verify_command)

__all__ = ["main"]
