"""The ``notion-import`` command: one module per command group."""

from __future__ import annotations

import click

from notion_import import __version__
from notion_import.cli.convert_cmd import convert_command
from notion_import.cli.import_cmd import import_command
from notion_import.cli.options import global_options, verbosity_options
from notion_import.cli.preview_cmd import preview_command
from notion_import.cli.verify_cmd import verify_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notion-import")
@global_options
def main() -> None:
    """notion-import: move whole HTML exports into Notion, exactly once and verified.

    -v, -q, --token-file and --base-url may come before or after the command's name.
    """


for _command in (import_command, convert_command, verify_command, preview_command):
    verbosity_options(_command)
    main.add_command(_command)

__all__ = ["main"]
