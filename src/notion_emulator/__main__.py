"""``python -m notion_emulator``."""

from notion_emulator.cli import main

main()
