"""Builders of block requests and the helpers the request-validation tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests import paths

from notion_emulator.errors import ValidationError

RECORDINGS = paths.RECORDINGS
ID = "393abc1eedcd8170aebfcf1d14057b30"
FAILED = "body failed validation: "
FIX_ONE = "body failed validation. Fix one:\n"


def text(content: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"text": {"content": content, **extra}}]


def para(content: str = "x", **extra: Any) -> dict[str, Any]:
    return {"paragraph": {"rich_text": text(content), **extra}}


def block(block_type: str, children: list[Any] | None = None, **payload: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"rich_text": text("x"), **payload}
    if children is not None:
        body["children"] = children
    return {block_type: body}


def column(*children: Any, **extra: Any) -> dict[str, Any]:
    return {"column": {"children": list(children) or [para()], **extra}}


def columns(count: int, **extra: Any) -> dict[str, Any]:
    return {"column_list": {"children": [column(**extra) for _ in range(count)]}}


def row(width: int) -> dict[str, Any]:
    return {"table_row": {"cells": [text("c") for _ in range(width)]}}


def table(width: int, rows: int, *, cells: int | None = None) -> dict[str, Any]:
    return {
        "table": {
            "table_width": width,
            "children": [row(width if cells is None else cells) for _ in range(rows)],
        }
    }


def message_of(call: Callable[[], Any]) -> str | None:
    """The ValidationError message a call raises, or None when it passes."""
    try:
        call()
    except ValidationError as error:
        assert error.status == 400
        assert error.code == "validation_error"
        return error.message
    return None


def url(length: int) -> str:
    base = "https://example.com/"
    return base + "a" * (length - len(base))


C0 = "body.children[0]"


def toggle(*children: Any) -> dict[str, Any]:
    return block("toggle", list(children))
