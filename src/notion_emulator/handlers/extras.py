"""Moving pages, pages as Markdown, async tasks, and database views with their cached queries.

Views are kept per database, each scoped to one data source; every new data source gets a
``table`` view named "Default view", as in Notion. A view's ``filter`` and ``sorts`` are
checked like a data-source query's and applied by its queries, whose result sets are cached
for 15 minutes. Dashboards, views placed with ``view_id``/``create_database``, and
``position``/``placement`` (accepted, ignored) are outside what the emulator models.

Markdown is a small, honest subset of Notion-flavoured Markdown. Read: one line per block
(``#``-``###`` headings, ``-`` bullets, ``1.`` numbers, ``- [ ]`` to-dos, ``>`` quotes,
``---`` dividers, fenced code, ``$$`` equations, paragraphs), rich text with its bold, italic,
strike-through, code and links, children indented by one tab per level; blocks it cannot
express are listed in ``unknown_block_ids``. Written: the same block syntax, one block per
non-blank line, text taken literally (no inline Markdown), no nesting.

A Markdown update sent with ``allow_async: true`` is applied at once and answered 202 with an
``async_task``; ``GET /v1/async_tasks/{id}`` then reports it ``succeeded`` with its result.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Final

from notion_emulator import props, query
from notion_emulator.blocks import CODE_LANGUAGES
from notion_emulator.errors import ValidationError, not_found
from notion_emulator.handlers.common import (
    check_not_trashed,
    create_blocks,
    reject_unknown,
    require,
    validate_children,
)
from notion_emulator.render import listing
from notion_emulator.routing import Ctx, describe, route
from notion_emulator.store import (
    AsyncTask,
    DataSource,
    Node,
    Store,
    View,
    ViewQuery,
    iso_z,
    milli_stamp,
    new_id,
    normalize_id,
)

#: How long a view query's results stay cached, as in Notion.
VIEW_QUERY_TTL_SECONDS: Final = 15 * 60
#: What Notion tells a client to wait before polling an async task.
POLL_AFTER_SECONDS: Final = 2
DEFAULT_VIEW_NAME: Final = "Default view"
VIEW_TYPES: Final = (
    "table",
    "board",
    "calendar",
    "timeline",
    "gallery",
    "list",
    "form",
    "chart",
    "map",
    "dashboard",
)
_VIEW_CREATE_KEYS: Final = frozenset(
    {
        "data_source_id",
        "name",
        "type",
        "database_id",
        "view_id",
        "create_database",
        "filter",
        "sorts",
        "quick_filters",
        "configuration",
        "position",
        "placement",
    }
)
_VIEW_SETTINGS: Final = ("filter", "sorts", "quick_filters", "configuration")
_MARKDOWN_COMMANDS: Final = (
    "insert_content",
    "replace_content",
    "replace_content_range",
    "update_content",
)
_MAX_TEXT: Final = 2000
_MAX_CHILDREN: Final = 100


# -- lookups -----------------------------------------------------------------------------


def _invalid(path: str, expectation: str, raw: Any) -> ValidationError:
    """``<body|query|path> failed validation: <path> <expectation>, instead was ...``."""
    where = path.split(".", 1)[0]
    return ValidationError(
        f"{where} failed validation: {path} {expectation}, instead was `{describe(raw)}`."
    )


def _uuid(raw: Any, path: str) -> str:
    object_id = normalize_id(raw) if isinstance(raw, str) else None
    if object_id is None:
        raise _invalid(path, "should be a valid uuid", raw)
    return object_id


def _string(raw: Any, path: str) -> str:
    if not isinstance(raw, str):
        raise _invalid(path, "should be a string", raw)
    return raw


def _object(raw: Any, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _invalid(path, "should be an object", raw)
    return raw


def _page(ctx: Ctx, page_id: str) -> Node:
    node = ctx.store.get_node(page_id)
    if node is None or node.type != "child_page":
        raise not_found(page_id, "page")
    return node


def _database(ctx: Ctx, database_id: str) -> Node:
    node = ctx.store.get_node(database_id)
    if node is None or node.type != "child_database":
        raise not_found(database_id, "database")
    return node


def _source(ctx: Ctx, source_id: str) -> DataSource:
    source = ctx.store.data_sources.get(source_id)
    if source is None or source.in_trash:
        raise not_found(source_id, "data source")
    return source


def _ancestors(store: Store, node: Node) -> list[str]:
    """Ids above ``node``: parent blocks and pages, and a row's database."""
    found: list[str] = []
    current: Node | None = node
    while current is not None:
        ref = current.parent
        parent_id = ref.get("page_id") or ref.get("block_id") or ref.get("database_id")
        current = store.get_node(parent_id) if isinstance(parent_id, str) else None
        if current is not None:
            found.append(current.id)
    return found


# -- moving pages ------------------------------------------------------------------------


def _detach(store: Store, node: Node) -> None:
    """Take ``node`` out of its parent's children (or its data source's rows)."""
    source_id = node.parent.get("data_source_id")
    if isinstance(source_id, str):
        source = store.data_sources.get(source_id)
        if source is not None and node.id in source.rows:
            source.rows.remove(node.id)
            store.mark("data_source", source.id)
        return
    holder_id = node.parent.get("page_id") or node.parent.get("block_id")
    holder = store.get_node(holder_id) if isinstance(holder_id, str) else None
    if holder is not None and node.id in holder.children:
        holder.children.remove(node.id)
        store.index.invalidate(holder.id)
        store.mark("node", holder.id)


def _title_only(properties: dict[str, Any] | None) -> dict[str, Any]:
    """A database row's values as a plain page keeps them: its title alone."""
    for value in (properties or {}).values():
        if value.get("type") == "title":
            return {"title": {**value, "id": "title"}}
    return {"title": {"id": "title", "type": "title", "title": []}}


@route("POST", "/pages/{id}/move")
async def move_page(ctx: Ctx) -> dict[str, Any]:
    """Move a page under another page, or into a data source as a row."""
    node = _page(ctx, ctx.id_param(kind="page"))
    body = ctx.body()
    reject_unknown(body, frozenset({"parent"}))
    parent = _object(require(body, "parent"), "body.parent")
    check_not_trashed(node)
    store = ctx.store
    if "page_id" in parent:
        target = _page(ctx, _uuid(parent["page_id"], "body.parent.page_id"))
        check_not_trashed(target)
        if target.id == node.id or node.id in _ancestors(store, target):
            raise ValidationError("A page cannot be moved into itself or one of its subpages.")
        from_source = "data_source_id" in node.parent
        _detach(store, node)
        node.parent = {"type": "page_id", "page_id": target.id}
        if from_source:
            node.properties = _title_only(node.properties)
        store.add_node(node, target)
    elif "data_source_id" in parent:
        source = _source(ctx, _uuid(parent["data_source_id"], "body.parent.data_source_id"))
        _detach(store, node)
        node.parent = {
            "type": "data_source_id",
            "data_source_id": source.id,
            "database_id": source.database_id,
        }
        node.properties = props.conform_values(node.properties, source.properties)
        source.rows.append(node.id)
        store.mark("data_source", source.id)
    else:
        raise _invalid(
            "body.parent", "should be an object with `page_id` or `data_source_id`", parent
        )
    store.touch(node)
    return ctx.render.page(node)


# -- pages as Markdown -------------------------------------------------------------------

_PREFIXES: Final = {
    "paragraph": "",
    "heading_1": "# ",
    "heading_2": "## ",
    "heading_3": "### ",
    "bulleted_list_item": "- ",
    "quote": "> ",
}
_FENCE = re.compile(r"^```\s*([\w +#-]*)$")
_HEADING = re.compile(r"^(#{1,3}) (.*)$")
_DIVIDER = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_TODO = re.compile(r"^[-*+] \[([ xX])\] ?(.*)$")
_BULLET = re.compile(r"^[-*+] (.*)$")
_NUMBERED = re.compile(r"^\d+[.)] (.*)$")
_QUOTE = re.compile(r"^> ?(.*)$")


def inline_markdown(rich_text: list[dict[str, Any]] | None) -> str:
    """Rich text as Markdown: annotations and links kept, colours and mentions as text."""
    out: list[str] = []
    for item in rich_text or []:
        text = str(item.get("plain_text", ""))
        marks = item.get("annotations") or {}
        if marks.get("code"):
            text = f"`{text}`"
        if marks.get("bold"):
            text = f"**{text}**"
        if marks.get("italic"):
            text = f"*{text}*"
        if marks.get("strikethrough"):
            text = f"~~{text}~~"
        if item.get("href"):
            text = f"[{text}]({item['href']})"
        out.append(text)
    return "".join(out)


def block_markdown(node: Node, number: int = 1) -> str | None:
    """One block's own Markdown (children aside), or None when this subset cannot say it."""
    payload = node.payload
    kind = node.type
    if kind in _PREFIXES:
        return _PREFIXES[kind] + inline_markdown(payload.get("rich_text"))
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


def page_markdown(store: Store, page: Node) -> tuple[str, list[str]]:
    """(Markdown of the page's live blocks, ids of the blocks it could not express)."""
    unknown: list[str] = []

    def lines(node: Node, depth: int) -> list[str]:
        out: list[str] = []
        number = 0
        for child in store.live_children(node):
            number = number + 1 if child.type == "numbered_list_item" else 0
            text = block_markdown(child, number)
            if text is None:
                unknown.append(child.id)
                continue
            out.extend("\t" * depth + line for line in text.split("\n"))
            out.extend(lines(child, depth + 1))
        return out

    return "\n".join(lines(page, 0)), unknown


def _rich(text: str) -> list[dict[str, Any]]:
    """Plain text as rich-text items of at most 2,000 characters (split, never cut)."""
    chunks = [text[i : i + _MAX_TEXT] for i in range(0, len(text), _MAX_TEXT)]
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
    batches = [blocks[i : i + _MAX_CHILDREN] for i in range(0, len(blocks), _MAX_CHILDREN)]
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
        raise _invalid(path, "should match the page's content", selection)
    return page.children.index(live[first].id), page.children.index(live[last].id)


def _markdown_answer(ctx: Ctx, page: Node) -> dict[str, Any]:
    markdown, unknown = page_markdown(ctx.store, page)
    return {
        "object": "page_markdown",
        "id": page.id,
        "markdown": markdown,
        "truncated": False,
        "unknown_block_ids": unknown,
    }


@route("GET", "/pages/{id}/markdown")
async def retrieve_page_markdown(ctx: Ctx) -> dict[str, Any]:
    return _markdown_answer(ctx, _page(ctx, ctx.id_param(kind="page")))


@route("PATCH", "/pages/{id}/markdown")
async def update_page_markdown(ctx: Ctx) -> dict[str, Any]:
    """``insert_content``, ``replace_content`` and ``replace_content_range``."""
    page = _page(ctx, ctx.id_param(kind="page"))
    body = ctx.body()
    reject_unknown(body, frozenset({"type", "allow_async", *_MARKDOWN_COMMANDS}))
    command = require(body, "type")
    if command not in _MARKDOWN_COMMANDS:
        choices = ", ".join(f"`{c}`" for c in _MARKDOWN_COMMANDS)
        raise _invalid("body.type", f"should be one of {choices}", command)
    if command == "update_content":
        raise ValidationError(
            "notion-emulator does not support `update_content`; send `replace_content`, "
            "`replace_content_range` or `insert_content`."
        )
    if not isinstance(body.get("allow_async", False), bool):
        raise _invalid("body.allow_async", "should be a boolean", body["allow_async"])
    path = f"body.{command}"
    args = _object(require(body, command, "body"), path)
    check_not_trashed(page)
    store = ctx.store
    if command == "insert_content":
        reject_unknown(args, frozenset({"content", "after", "position"}), path)
        batches = _checked_blocks(
            ctx, _string(require(args, "content", path), f"{path}.content"), path
        )
        at: int | None = None
        position = args.get("position", {"type": "end"})
        if not isinstance(position, dict) or position.get("type") not in ("start", "end"):
            raise _invalid(f"{path}.position", 'should be `{"type": "start" | "end"}`', position)
        if "after" in args:
            selection = _string(args["after"], f"{path}.after")
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
        text = _string(require(args, content_key, path), f"{path}.{content_key}")
        batches = _checked_blocks(ctx, text, path)
        doomed = [c.id for c in store.live_children(page)]
        at = None
        if command == "replace_content_range":
            selection = _string(require(args, "content_range", path), f"{path}.content_range")
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
        return _accept(ctx, "PATCH /v1/pages/:page_id/markdown", answer)
    return answer


# -- async tasks -------------------------------------------------------------------------


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


def _accept(ctx: Ctx, operation: str, result: dict[str, Any]) -> dict[str, Any]:
    """Answer 202 with a queued task whose work (already done) is ``result``."""
    task = AsyncTask(f"task_{uuid.uuid4().hex}", operation, ctx.store.clock(), result)
    ctx.store.tasks[task.id] = task
    ctx.status = 202
    return _task(ctx, task, done=False)


@route("GET", "/async_tasks/{id}")
async def retrieve_async_task(ctx: Ctx) -> dict[str, Any]:
    task = ctx.store.tasks.get(ctx.params["id"])
    if task is None:
        raise not_found(ctx.params["id"], "async task")
    return _task(ctx, task, done=True)


# -- views -------------------------------------------------------------------------------


def _new_view(ctx: Ctx, database_id: str, source_id: str, name: str, kind: str) -> View:
    now = ctx.store.clock()
    return View(new_id(), database_id, source_id, name, kind, now, now)


def _save(ctx: Ctx, view: View) -> None:
    ctx.store.views[view.id] = view
    ctx.store.mark("view", view.id)


def add_default_view(ctx: Ctx, source: DataSource) -> View:
    """The table view Notion creates alongside every new data source."""
    view = _new_view(ctx, source.database_id, source.id, DEFAULT_VIEW_NAME, "table")
    _save(ctx, view)
    return view


def _view(ctx: Ctx) -> View:
    view_id = ctx.id_param(kind="view")
    view = ctx.store.views.get(view_id)
    if view is None or view.in_trash:
        raise not_found(view_id, "view")
    return view


def _apply_settings(ctx: Ctx, view: View, body: dict[str, Any]) -> None:
    """Validate, then store, a view's filter, sorts, quick filters and configuration."""
    source = ctx.store.data_sources.get(view.data_source_id or "")
    schema = source.properties if source is not None else {}
    if body.get("filter") is not None:
        query.compile_filter(body["filter"], schema, me=ctx.emulator.config.bot_id)
    if body.get("sorts") is not None:
        query.sort_pages([], body["sorts"], schema)
    for key in ("quick_filters", "configuration"):
        if body.get(key) is not None:
            _object(body[key], f"body.{key}")
    configuration = body.get("configuration")
    if isinstance(configuration, dict) and configuration.get("type", view.type) != view.type:
        raise _invalid("body.configuration.type", f"should be `{view.type}`", configuration["type"])
    for key in _VIEW_SETTINGS:
        if key in body:
            setattr(view, key, body[key])


@route("POST", "/views")
async def create_view(ctx: Ctx) -> dict[str, Any]:
    body = ctx.body()
    reject_unknown(body, _VIEW_CREATE_KEYS)
    places = [k for k in ("database_id", "view_id", "create_database") if k in body]
    if len(places) != 1:
        raise ValidationError(
            "body failed validation: exactly one of body.database_id, body.view_id, "
            "body.create_database should be defined."
        )
    if places[0] != "database_id":
        raise ValidationError(
            f"notion-emulator does not support `{places[0]}`; create views on a database "
            "with `database_id`."
        )
    database = _database(ctx, _uuid(body["database_id"], "body.database_id"))
    source = _source(ctx, _uuid(require(body, "data_source_id"), "body.data_source_id"))
    if source.database_id != database.id:
        raise ValidationError(
            f"Data source with ID {source.id} does not belong to database {database.id}."
        )
    name = _string(require(body, "name"), "body.name")
    kind = require(body, "type")
    if kind not in VIEW_TYPES or kind == "dashboard":  # dashboards hold views, not rows
        choices = ", ".join(f"`{t}`" for t in VIEW_TYPES if t != "dashboard")
        raise _invalid("body.type", f"should be one of {choices}", kind)
    view = _new_view(ctx, database.id, source.id, name, kind)
    _apply_settings(ctx, view, body)
    _save(ctx, view)
    return ctx.render.view(view)


@route("GET", "/views")
async def list_views(ctx: Ctx) -> dict[str, Any]:
    """Views of a database (``database_id``) or of one data source (``data_source_id``)."""
    database_raw, source_raw = ctx.query.get("database_id"), ctx.query.get("data_source_id")
    if (database_raw is None) == (source_raw is None):
        raise ValidationError(
            "query failed validation: exactly one of query.database_id, query.data_source_id "
            "should be defined."
        )
    if database_raw is not None:
        key, wanted = "database_id", _database(ctx, _uuid(database_raw, "query.database_id")).id
    else:
        key = "data_source_id"
        wanted = _source(ctx, _uuid(source_raw, "query.data_source_id")).id
    views = [v for v in ctx.store.views.values() if not v.in_trash and getattr(v, key) == wanted]
    chunk, next_cursor, _more, _capped = query.paginate(
        views,
        ctx.query.get("start_cursor"),
        ctx.page_size(),
        lambda v: v.id,
        path="query.start_cursor",
    )
    return listing([{"object": "view", "id": v.id} for v in chunk], next_cursor, "view")


@route("GET", "/views/{id}")
async def retrieve_view(ctx: Ctx) -> dict[str, Any]:
    return ctx.render.view(_view(ctx))


@route("PATCH", "/views/{id}")
async def update_view(ctx: Ctx) -> dict[str, Any]:
    view = _view(ctx)
    body = ctx.body()
    reject_unknown(body, frozenset({"name", *_VIEW_SETTINGS}))
    name = _string(body["name"], "body.name") if "name" in body else view.name
    _apply_settings(ctx, view, body)
    view.name = name
    view.edited = ctx.store.clock()
    ctx.store.mark("view", view.id)
    return ctx.render.view(view)


@route("DELETE", "/views/{id}")
async def delete_view(ctx: Ctx) -> dict[str, Any]:
    view = _view(ctx)
    view.in_trash = True
    ctx.store.mark("view", view.id)
    for query_id in [q.id for q in ctx.store.view_queries.values() if q.view_id == view.id]:
        del ctx.store.view_queries[query_id]
    return {
        "object": "view",
        "id": view.id,
        "parent": {"type": "database_id", "database_id": view.database_id},
        "type": view.type,
    }


# -- view queries ------------------------------------------------------------------------


def _view_rows(ctx: Ctx, view: View) -> list[str]:
    """Ids of the view's data source rows, filtered and sorted as the view says."""
    source = ctx.store.data_sources.get(view.data_source_id or "")
    if source is None:
        return []
    rows = [ctx.store.nodes[i] for i in source.rows if not ctx.store.nodes[i].in_trash]
    if view.filter is None and not view.sorts:
        return [n.id for n in rows]
    pages = [ctx.render.page(n) for n in rows]
    if view.filter is not None:
        keep = query.compile_filter(view.filter, source.properties, me=ctx.emulator.config.bot_id)
        pages = [p for p in pages if keep(p)]
    if view.sorts:
        pages = query.sort_pages(pages, view.sorts, source.properties)
    return [str(p["id"]) for p in pages]


def _query_page(
    record: ViewQuery, start: str | None, size: int, path: str
) -> tuple[list[dict[str, Any]], str | None, bool]:
    chunk, next_cursor, has_more, _capped = query.paginate(
        record.page_ids, start, size, str, path=path
    )
    return [{"object": "page", "id": i} for i in chunk], next_cursor, has_more


@route("POST", "/views/{id}/queries")
async def create_view_query(ctx: Ctx) -> dict[str, Any]:
    """Run the view's query, cache the result set, answer its first page."""
    view = _view(ctx)
    body = ctx.body()
    reject_unknown(body, frozenset({"page_size"}))
    size = ctx.page_size(body.get("page_size", 100))
    ids = _view_rows(ctx, view)
    record = ViewQuery(
        id=new_id(),
        view_id=view.id,
        page_ids=ids[: query.QUERY_ROW_CAP],
        expires=ctx.store.clock() + VIEW_QUERY_TTL_SECONDS,
        incomplete=len(ids) > query.QUERY_ROW_CAP,
    )
    ctx.store.view_queries[record.id] = record
    results, next_cursor, has_more = _query_page(record, None, size, "body.start_cursor")
    out: dict[str, Any] = {
        "object": "view_query",
        "id": record.id,
        "view_id": view.id,
        "expires_at": milli_stamp(record.expires),
        "total_count": len(record.page_ids),
        "results": results,
        "next_cursor": next_cursor,
        "has_more": has_more,
    }
    if record.incomplete:
        out["request_status"] = query.request_status_incomplete()
    return out


def _view_query(ctx: Ctx, view: View) -> ViewQuery:
    query_id = _uuid(ctx.params["query_id"], "path.query_id")
    record = ctx.store.view_queries.get(query_id)
    if record is None or record.view_id != view.id or ctx.store.clock() > record.expires:
        raise not_found(query_id, "view query")
    return record


@route("GET", "/views/{id}/queries/{query_id}")
async def view_query_results(ctx: Ctx) -> dict[str, Any]:
    record = _view_query(ctx, _view(ctx))
    results, next_cursor, _has_more = _query_page(
        record, ctx.query.get("start_cursor"), ctx.page_size(), "query.start_cursor"
    )
    out = listing(results, next_cursor, "page")
    if record.incomplete:
        out["request_status"] = query.request_status_incomplete()
    return out


@route("DELETE", "/views/{id}/queries/{query_id}")
async def delete_view_query(ctx: Ctx) -> dict[str, Any]:
    """Forget a cached query; idempotent, as in Notion."""
    query_id = _uuid(ctx.params["query_id"], "path.query_id")
    record = ctx.store.view_queries.get(query_id)
    if record is not None and record.view_id == ctx.id_param(kind="view"):
        del ctx.store.view_queries[query_id]
    return {"object": "view_query", "id": query_id, "deleted": True}
