"""``python -m notion_import``: the same as the ``notion-import`` command."""

from notion_import.cli import main

if __name__ == "__main__":
    main(prog_name="notion-import")
