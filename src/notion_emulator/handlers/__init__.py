"""The /v1 endpoints; importing this package registers every route."""

from notion_emulator.handlers import databases, extras, pages, uploads, users

__all__ = ["databases", "extras", "pages", "uploads", "users"]
