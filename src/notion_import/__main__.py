"""``python -m notion_import``, and where the ``notion-import`` command starts: Ctrl-C while
its modules load ends it with the same exit code and a line, as it does later, instead of a
traceback."""

from __future__ import annotations

import sys

from notion_import.errors import EXIT_INTERRUPTED


def main() -> None:
    try:
        from notion_import.cli import main as command
    except KeyboardInterrupt:
        sys.stderr.write("notion-import: interrupted while starting; nothing was done\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    command(prog_name="notion-import")


if __name__ == "__main__":
    main()
