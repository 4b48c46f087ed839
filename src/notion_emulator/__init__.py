"""notion-emulator: a faithful local Notion API for offline runs and tests."""
