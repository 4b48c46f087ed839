"""Pages as Markdown: ``GET`` and ``PATCH /v1/pages/{id}/markdown``.

Read: Notion-flavoured Markdown as Notion renders it (:mod:`.markdown_render`). Written: the
line blocks of that dialect, one block per non-blank line, text taken literally (no inline
Markdown), no nesting.

A Markdown update sent with ``allow_async: true`` is applied at once and answered 202 with an
``async_task`` (:mod:`notion_emulator.handlers.async_tasks`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.handlers.async_tasks import accept
from notion_emulator.handlers.common import (
    check_not_trashed,
    create_blocks,
    invalid,
    object_at,
    page_node,
    reject_unknown,
    require,
    string_at,
    validate_children,
)
from notion_emulator.handlers.markdown_render import (
    LINE_PREFIXES,
    PageMarkdown,
    inline_markdown,
)
from notion_emulator.routing import Ctx
from notion_emulator.schema.limits import MAX_ARRAY, MAX_TEXT
from notion_emulator.schema.vocabularies import CODE_LANGUAGES
from notion_emulator.store import (
    Node,
)

_MARKDOWN_COMMANDS: Final = (
    "insert_content",
    "replace_content",
    "replace_content_range",
    "update_content",
)


_FENCE = re.compile(r"^```\s*([\w +#-]*)$")
_HEADING = re.compile(r"^(#{1,3}) (.*)$")
_DIVIDER = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_TODO = re.compile(r"^[-*+] \[([ xX])\] ?(.*)$")
_BULLET = re.compile(r"^[-*+] (.*)$")
_NUMBERED = re.compile(r"^\d+[.)] (.*)$")
_QUOTE = re.compile(r"^> ?(.*)$")


def block_markdown(node: Node, number: int = 1) -> str | None:
    """One block's own Markdown line (children aside) as an update's selection matches it,
    or None for a block that has none."""
    payload = node.payload
    kind = node.type
    if kind in LINE_PREFIXES:
        return LINE_PREFIXES[kind] + inline_markdown(payload.get("rich_text"))
    if kind == "numbered_list_item":
        return f"{number}. {inline_markdown(payload.get('rich_text'))}"
    if kind == "to_do":
        box = "x" if payload.get("checked") else " "
        return f"- [{box}] {inline_markdown(payload.get('rich_text'))}"
    if kind == "divider":
        return "---"
    if kind == "code":
        code = "".join(str(i.get("plain_text", "")) for i in payload.get("rich_text") or [])
        return f"```{payload.get('language', 'plain text')}\n{code}\n```"
    if kind == "equation":
        return f"$$\n{payload.get('expression', '')}\n$$"
    return None


def _rich(text: str) -> list[dict[str, Any]]:
    """Plain text as rich-text items of at most 2,000 characters (split, never cut)."""
    chunks = [text[i : i + MAX_TEXT] for i in range(0, len(text), MAX_TEXT)]
    return [{"type": "text", "text": {"content": chunk}} for chunk in chunks]


def _text_block(kind: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, kind: {"rich_text": _rich(text), **extra}}


def _line_block(line: str) -> dict[str, Any]:
    if heading := _HEADING.match(line):
        return _text_block(f"heading_{len(heading.group(1))}", heading.group(2))
    if _DIVIDER.match(line):
        return {"type": "divider", "divider": {}}
    if todo := _TODO.match(line):
        return _text_block("to_do", todo.group(2), checked=todo.group(1) != " ")
    if bullet := _BULLET.match(line):
        return _text_block("bulleted_list_item", bullet.group(1))
    if numbered := _NUMBERED.match(line):
        return _text_block("numbered_list_item", numbered.group(1))
    if quote := _QUOTE.match(line):
        return _text_block("quote", quote.group(1))
    return _text_block("paragraph", line)


def parse_markdown(text: str) -> list[dict[str, Any]]:
    """Block request objects for ``text``: one block per non-blank line, fences kept whole."""
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[dict[str, Any]] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        fence = _FENCE.match(line)
        if fence or line == "$$":
            closing = "```" if fence else "$$"
            body: list[str] = []
            while i < len(lines) and lines[i].strip() != closing:
                body.append(lines[i])
                i += 1
            i += 1  # the closing fence (or the end)
            if fence is None:
                blocks.append({"type": "equation", "equation": {"expression": "\n".join(body)}})
                continue
            language = fence.group(1).strip().lower() or "plain text"
            if language not in CODE_LANGUAGES:
                language = "plain text"
            blocks.append(_text_block("code", "\n".join(body), language=language))
            continue
        blocks.append(_line_block(line))
    return blocks


def _checked_blocks(ctx: Ctx, text: str, path: str) -> list[list[dict[str, Any]]]:
    """``text`` as validated batches of at most 100 blocks (validated before any write)."""
    blocks = parse_markdown(text)
    batches = [blocks[i : i + MAX_ARRAY] for i in range(0, len(blocks), MAX_ARRAY)]
    for batch in batches:
        validate_children(ctx, batch, path)
    return batches


def _write(ctx: Ctx, page: Node, batches: list[list[dict[str, Any]]], at: int | None) -> None:
    for batch in batches:
        created = create_blocks(ctx, batch, page, at)
        if at is not None:
            at += len(created)


def _select(ctx: Ctx, page: Node, selection: str, path: str) -> tuple[int, int]:
    """Positions in ``page.children`` of the first and last top-level blocks an
    ellipsis selection (``"start text...end text"``, or one block's text) spans."""
    head, dots, tail = selection.partition("...")
    live = list(ctx.store.live_children(page))
    texts = [block_markdown(c) or "" for c in live]
    first = next((i for i, t in enumerate(texts) if head and head in t), None)
    last = first
    if first is not None and dots and tail:
        last = next((j for j in range(first, len(texts)) if tail in texts[j]), None)
    if first is None or last is None:
        raise invalid(path, "should match the page's content", selection)
    return page.children.index(live[first].id), page.children.index(live[last].id)


def _markdown_answer(ctx: Ctx, page: Node) -> dict[str, Any]:
    rendered = PageMarkdown(ctx.store, ctx.render, page)
    markdown = rendered.run()
    return {
        "object": "page_markdown",
        "id": page.id,
        "markdown": markdown,
        "truncated": rendered.truncated,
        "unknown_block_ids": rendered.unknown,
    }


async def retrieve_page_markdown(ctx: Ctx) -> dict[str, Any]:
    return _markdown_answer(ctx, page_node(ctx, ctx.id_param(kind="page")))


async def update_page_markdown(ctx: Ctx) -> dict[str, Any]:
    """``insert_content``, ``replace_content`` and ``replace_content_range``."""
    page = page_node(ctx, ctx.id_param(kind="page"))
    body = ctx.body()
    reject_unknown(body, frozenset({"type", "allow_async", *_MARKDOWN_COMMANDS}))
    command = require(body, "type")
    if command not in _MARKDOWN_COMMANDS:
        choices = ", ".join(f"`{c}`" for c in _MARKDOWN_COMMANDS)
        raise invalid("body.type", f"should be one of {choices}", command)
    if command == "update_content":
        raise ValidationError(
            "notion-emulator does not support `update_content`; send `replace_content`, "
            "`replace_content_range` or `insert_content`."
        )
    if not isinstance(body.get("allow_async", False), bool):
        raise invalid("body.allow_async", "should be a boolean", body["allow_async"])
    path = f"body.{command}"
    args = object_at(require(body, command, "body"), path)
    check_not_trashed(page)
    store = ctx.store
    if command == "insert_content":
        reject_unknown(args, frozenset({"content", "after", "position"}), path)
        batches = _checked_blocks(
            ctx, string_at(require(args, "content", path), f"{path}.content"), path
        )
        at: int | None = None
        position = args.get("position", {"type": "end"})
        if not isinstance(position, dict) or position.get("type") not in ("start", "end"):
            raise invalid(f"{path}.position", 'should be `{"type": "start" | "end"}`', position)
        if "after" in args:
            selection = string_at(args["after"], f"{path}.after")
            at = _select(ctx, page, selection, f"{path}.after")[1] + 1
        elif position["type"] == "start":
            at = 0
        _write(ctx, page, batches, at)
    else:
        content_key = "new_str" if command == "replace_content" else "content"
        allowed = {content_key, "allow_deleting_content"}
        if command == "replace_content_range":
            allowed.add("content_range")
        reject_unknown(args, frozenset(allowed), path)
        text = string_at(require(args, content_key, path), f"{path}.{content_key}")
        batches = _checked_blocks(ctx, text, path)
        doomed = [c.id for c in store.live_children(page)]
        at = None
        if command == "replace_content_range":
            selection = string_at(require(args, "content_range", path), f"{path}.content_range")
            first, last = _select(ctx, page, selection, f"{path}.content_range")
            doomed = [i for i in page.children[first : last + 1] if not store.nodes[i].in_trash]
            at = first
        for block_id in doomed:
            block = store.nodes[block_id]
            block.in_trash = True
            store.touch(block)
        _write(ctx, page, batches, at)
    store.touch(page)
    answer = _markdown_answer(ctx, page)
    if body.get("allow_async") is True:
        return accept(ctx, "PATCH /v1/pages/:page_id/markdown", answer)
    return answer
