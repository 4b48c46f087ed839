"""notion-import: move whole HTML exports into Notion, exactly once and verified."""

__version__ = "0.1.0"
