"""Users and custom emojis: ``/v1/users`` and ``/v1/custom_emojis``."""

from __future__ import annotations

from typing import Any

from notion_emulator.errors import not_found
from notion_emulator.render import listing
from notion_emulator.routing import Ctx


async def me(ctx: Ctx) -> dict[str, Any]:
    return ctx.emulator.users.bot()


async def list_users(ctx: Ctx) -> dict[str, Any]:
    ctx.page_size()
    return listing(ctx.emulator.users.listed(), None, "user")


async def retrieve_user(ctx: Ctx) -> dict[str, Any]:
    user_id = ctx.id_param(kind="user")
    for user in ctx.emulator.users.listed():
        if user["id"] == user_id:
            return user
    raise not_found(user_id, "user")


async def custom_emojis(ctx: Ctx) -> dict[str, Any]:
    return {
        "object": "list",
        "type": "custom_emoji",
        "results": [],
        "has_more": False,
        "next_cursor": None,
    }
