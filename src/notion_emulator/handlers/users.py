"""Users and custom emojis: ``/v1/users`` and ``/v1/custom_emojis``."""

from __future__ import annotations

from typing import Any

from notion_emulator.errors import not_found
from notion_emulator.render import listing
from notion_emulator.routing import Ctx


def _bot(ctx: Ctx) -> dict[str, Any]:
    cfg = ctx.emulator.config
    return {
        "object": "user",
        "id": cfg.bot_id,
        "name": "notion-emulator",
        "avatar_url": None,
        "type": "bot",
        "bot": {
            "owner": {"type": "workspace", "workspace": True},
            "workspace_name": cfg.workspace_name,
            "workspace_id": cfg.workspace_id,
            "workspace_limits": {"max_file_upload_size_in_bytes": cfg.max_upload_bytes},
        },
    }


def _person(ctx: Ctx) -> dict[str, Any]:
    return {
        "object": "user",
        "id": ctx.emulator.config.person_id,
        "name": "Emulated Person",
        "avatar_url": None,
        "type": "person",
        "person": {"email": "person@example.com", "email_verified": True},
    }


async def me(ctx: Ctx) -> dict[str, Any]:
    return _bot(ctx)


async def list_users(ctx: Ctx) -> dict[str, Any]:
    ctx.page_size()
    return listing([_person(ctx), _bot(ctx)], None, "user")


async def retrieve_user(ctx: Ctx) -> dict[str, Any]:
    user_id = ctx.id_param(kind="user")
    for user in (_person(ctx), _bot(ctx)):
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
