"""The /v1 endpoints; importing this package registers every route."""

from notion_emulator.handlers import databases, pages, uploads, users

__all__ = ["databases", "pages", "uploads", "users"]
