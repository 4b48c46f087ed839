"""Async tasks: work answered 202 with an ``async_task``; ``GET /v1/async_tasks/{id}`` then
reports it ``succeeded`` with its result."""

from __future__ import annotations

import uuid
from typing import Any, Final

from notion_emulator.errors import not_found
from notion_emulator.routing import Ctx
from notion_emulator.store import (
    AsyncTask,
    iso_z,
)

#: What Notion tells a client to wait before polling an async task.
POLL_AFTER_SECONDS: Final = 2


def _task(ctx: Ctx, task: AsyncTask, done: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "object": "async_task",
        "id": task.id,
        "status": "succeeded" if done else "queued",
        "status_url": f"{ctx.render.base_url}/v1/async_tasks/{task.id}",
        "created_time": iso_z(task.created),
    }
    if not done:
        out["poll_after_seconds"] = POLL_AFTER_SECONDS
    out["operation"] = {"surface": "rest", "name": task.operation}
    if done:
        out["result"] = task.result
    return out


def accept(ctx: Ctx, operation: str, result: dict[str, Any]) -> dict[str, Any]:
    """Answer 202 with a queued task whose work (already done) is ``result``."""
    task = AsyncTask(f"task_{uuid.uuid4().hex}", operation, ctx.store.clock(), result)
    ctx.store.tasks[task.id] = task
    ctx.status = 202
    return _task(ctx, task, done=False)


async def retrieve_async_task(ctx: Ctx) -> dict[str, Any]:
    task = ctx.store.tasks.get(ctx.params["id"])
    if task is None:
        raise not_found(ctx.params["id"], "async task")
    return _task(ctx, task, done=True)
