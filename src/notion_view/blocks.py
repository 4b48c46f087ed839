"""Blocks -> HTML: one renderer per block type, found by type name in
:data:`BLOCK_RENDERERS`; a type with no renderer becomes a labelled placeholder, never an
error. Runs of list items become one list; children render inside their parent."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from html import escape
from typing import Any

from notion_view import media
from notion_view.links import page_link
from notion_view.markup import anchor_of, attr, classes, color_class, id_attr, payload_of
from notion_view.model import RenderContext, ViewOptions, plain
from notion_view.rich_text import render_rich_text

BlockRenderer = Callable[[dict[str, Any], RenderContext], str]


def render_blocks(blocks: list[dict[str, Any]], ctx: RenderContext | None = None) -> str:
    """A list of sibling blocks -> HTML; runs of list items become one ``<ul>``/``<ol>``."""
    context = ctx or RenderContext(ViewOptions())
    out: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        kind = block.get("type")
        if kind in ("bulleted_list_item", "numbered_list_item"):
            end = index
            while end < len(blocks) and blocks[end].get("type") == kind:
                end += 1
            out.append(_list(blocks[index:end], str(kind), context))
            index = end
            continue
        out.append(render_block(block, context))
        index += 1
    return "".join(out)


def render_block(block: dict[str, Any], ctx: RenderContext) -> str:
    """One block by its renderer; a malformed block becomes a placeholder saying so."""
    kind = str(block.get("type", ""))
    handler = BLOCK_RENDERERS.get(kind, _unknown)
    try:
        return handler(block, ctx)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # malformed: say so
        return _placeholder(block, f"{kind} (could not be shown: {type(exc).__name__})", ctx)


def render_children(block: Mapping[str, Any], ctx: RenderContext, css: str = "children") -> str:
    """The block's children in a ``<div class="{css}">``; ``""`` when it has none."""
    children = block.get("children")
    if not isinstance(children, list) or not children:
        return ""
    return f'<div class="{css}">{render_blocks(children, ctx)}</div>'


def block_text(block: Mapping[str, Any], ctx: RenderContext) -> str:
    """The block's ``rich_text`` as inline HTML."""
    return render_rich_text(payload_of(block).get("rich_text"), ctx)


def _paragraph(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = payload_of(block)
    css = classes("block", "paragraph", color_class(payload.get("color")))
    return (
        f'<div class="{css}"{id_attr(block)}><p>{block_text(block, ctx)}</p>'
        f"{render_children(block, ctx)}</div>"
    )


def _heading(block: dict[str, Any], ctx: RenderContext) -> str:
    kind = str(block["type"])
    level = min(int(kind.rsplit("_", 1)[1]), 4)
    payload = payload_of(block)
    css = classes("block", "heading", kind, color_class(payload.get("color")))
    tag = f"h{level + 1}"
    title = f"<{tag}>{block_text(block, ctx)}</{tag}>"
    if payload.get("is_toggleable"):
        return (
            f'<details class="{css} toggle-heading"{id_attr(block)}><summary>{title}</summary>'
            f"{render_children(block, ctx)}</details>"
        )
    return (
        f'<div class="{css}"{id_attr(block)}>{title}{render_children(block, ctx, "nested")}</div>'
    )


_BULLETS = ("disc", "circle", "square")

_NUMBERS = ("decimal", "lower-alpha", "lower-roman")


def _list(items: list[dict[str, Any]], kind: str, ctx: RenderContext) -> str:
    numbered = kind == "numbered_list_item"
    tag = "ol" if numbered else "ul"
    style = (_NUMBERS if numbered else _BULLETS)[ctx.list_depth % 3]
    inner = replace(ctx, list_depth=ctx.list_depth + 1)
    parts = []
    for item in items:
        color = color_class(payload_of(item).get("color"))
        css = f' class="{color}"' if color else ""
        nested = render_children(item, inner)
        parts.append(f"<li{css}{id_attr(item)}>{block_text(item, ctx)}{nested}</li>")
    list_css = "numbered-list" if numbered else "bulleted-list"
    return (
        f'<{tag} class="block {list_css}" style="list-style-type: {style}">{"".join(parts)}</{tag}>'
    )


def _list_item(block: dict[str, Any], ctx: RenderContext) -> str:  # a single item, out of a run
    return _list([block], str(block["type"]), ctx)


def _to_do(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = payload_of(block)
    checked = bool(payload.get("checked"))
    css = classes("block", "to-do", "checked" if checked else "", color_class(payload.get("color")))
    box = (
        '<span class="checkbox checkbox-on">✓</span>'
        if checked
        else '<span class="checkbox"></span>'
    )
    return (
        f'<div class="{css}"{id_attr(block)}><div class="to-do-row">{box}'
        f'<span class="to-do-text">{block_text(block, ctx)}</span></div>'
        f"{render_children(block, ctx)}</div>"
    )


def _toggle(block: dict[str, Any], ctx: RenderContext) -> str:
    color = color_class(payload_of(block).get("color"))
    css = classes("block", "toggle", color)
    return (
        f'<details class="{css}"{id_attr(block)}><summary>{block_text(block, ctx)}</summary>'
        f"{render_children(block, ctx)}</details>"
    )


def _quote(block: dict[str, Any], ctx: RenderContext) -> str:
    css = classes("block", "quote", color_class(payload_of(block).get("color")))
    return (
        f'<blockquote class="{css}"{id_attr(block)}><p>{block_text(block, ctx)}</p>'
        f"{render_children(block, ctx, 'nested')}</blockquote>"
    )


def _callout(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = payload_of(block)
    color = color_class(payload.get("color")) or "callout-plain"
    icon = (
        media.render_icon(payload.get("icon"), ctx, "callout-icon")
        or '<span class="callout-icon"></span>'
    )
    return (
        f'<div class="{classes("block", "callout", color)}"{id_attr(block)}>{icon}'
        f'<div class="callout-body"><p>{block_text(block, ctx)}</p>'
        f"{render_children(block, ctx, 'nested')}</div></div>"
    )


_LANGUAGE_NAMES = {
    "plain text": "Plain Text",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "c++": "C++",
    "c#": "C#",
    "css": "CSS",
    "html": "HTML",
    "json": "JSON",
    "sql": "SQL",
    "php": "PHP",
    "xml": "XML",
    "yaml": "YAML",
    "graphql": "GraphQL",
    "latex": "LaTeX",
    "powershell": "PowerShell",
    "objective-c": "Objective-C",
    "vb.net": "VB.Net",
    "webassembly": "WebAssembly",
    "f#": "F#",
    "markdown": "Markdown",
    "toml": "TOML",
    "java/c/c++/c#": "Java/C/C++/C#",
}


def language_label(language: str) -> str:
    """Notion's label for a code block language (``python`` -> ``Python``)."""
    known = _LANGUAGE_NAMES.get(language.lower())
    if known:
        return known
    return " ".join(part[:1].upper() + part[1:] for part in language.split(" ")) or "Plain Text"


def _code(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = payload_of(block)
    language = str(payload.get("language") or "plain text")
    css = "language-" + re.sub(r"[^a-z0-9+#-]+", "-", language.lower())
    return (
        f'<figure class="block code"{id_attr(block)}>'
        f'<div class="code-language">{escape(language_label(language))}</div>'
        f'<pre><code class="{attr(css)}">{block_text(block, ctx)}</code></pre>'
        f"{media.render_caption(payload, ctx)}</figure>"
    )


def _equation(block: dict[str, Any], ctx: RenderContext) -> str:
    expression = str(payload_of(block).get("expression", ""))
    return (
        f'<div class="block equation"{id_attr(block)} title="LaTeX">'
        f"<code>{escape(expression)}</code></div>"
    )


def _image(block: dict[str, Any], ctx: RenderContext) -> str:
    return media.image(block, ctx) + render_children(block, ctx)


def _divider(block: dict[str, Any], ctx: RenderContext) -> str:
    return f'<div class="block divider"{id_attr(block)}><hr></div>'


def _table(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = payload_of(block)
    column_header = bool(payload.get("has_column_header"))
    row_header = bool(payload.get("has_row_header"))
    rows = [r for r in block.get("children") or [] if isinstance(r, dict)]
    width = int(payload.get("table_width") or 0)
    html_rows = []
    for index, row in enumerate(rows):
        cells = payload_of(row).get("cells") or []
        cells = list(cells) + [[]] * max(0, width - len(cells))
        parts = []
        for column, cell in enumerate(cells):
            header = (column_header and index == 0) or (row_header and column == 0)
            tag = "th" if header else "td"
            scope = ""
            if header:
                scope = ' scope="col"' if column_header and index == 0 else ' scope="row"'
            parts.append(f"<{tag}{scope}>{render_rich_text(cell, ctx)}</{tag}>")
        tr = f"<tr{id_attr(row)}>{''.join(parts)}</tr>"
        html_rows.append(tr)
    head = ""
    if column_header and html_rows:
        head = f"<thead>{html_rows.pop(0)}</thead>"
    css = classes("block", "table", "column-header" if column_header else "")
    css = classes(css, "row-header" if row_header else "")
    return (
        f'<div class="{css}"{id_attr(block)}><table>{head}'
        f"<tbody>{''.join(html_rows)}</tbody></table></div>"
    )


def _column_list(block: dict[str, Any], ctx: RenderContext) -> str:
    columns = [c for c in block.get("children") or [] if isinstance(c, dict)]
    parts = []
    for column in columns:
        ratio = payload_of(column).get("width_ratio")
        grow = float(ratio) if isinstance(ratio, int | float) and 0 < ratio <= 100 else 1.0
        inner = render_blocks(column.get("children") or [], ctx)
        parts.append(
            f'<div class="column"{id_attr(column)} style="flex: {grow:.4f} 1 0%">{inner}</div>'
        )
    return f'<div class="block column-list"{id_attr(block)}>{"".join(parts)}</div>'


def _column(block: dict[str, Any], ctx: RenderContext) -> str:  # a column out of its list
    return _column_list({"id": "", "children": [block]}, ctx)


def _page_card(block: Mapping[str, Any], css: str, icon: str, title: str, href: str) -> str:
    """A link to a page as Notion shows it in the page body: icon and underlined title."""
    return (
        f'<div class="block {css}"{id_attr(block)}><a href="{attr(href)}">'
        f'<span class="page-icon">{icon}</span><span class="page-link-title">{escape(title)}'
        f"</span></a></div>"
    )


def _child_page(block: dict[str, Any], ctx: RenderContext) -> str:
    title = str(payload_of(block).get("title") or "Untitled")
    href = page_link(str(block.get("id", "")), ctx)
    return _page_card(block, "child-page", "📄", title, href)


def _child_database(block: dict[str, Any], ctx: RenderContext) -> str:
    title = str(payload_of(block).get("title") or "Untitled database")
    href = page_link(str(block.get("id", "")), ctx)
    return _page_card(block, "child-database", "🗂️", title, href)


def _link_to_page(block: dict[str, Any], ctx: RenderContext) -> str:
    payload = payload_of(block)
    kind = str(payload.get("type", "page_id"))
    target = str(payload.get(kind, ""))
    title = ctx.options.page_titles.get(target) or (
        "Linked database" if kind == "database_id" else "Linked page"
    )
    return _page_card(block, "link-to-page", "↗", title, page_link(target, ctx))


def _synced_block(block: dict[str, Any], ctx: RenderContext) -> str:
    return (
        f'<div class="block synced-block"{id_attr(block)}>'
        f"{render_blocks(block.get('children') or [], ctx)}</div>"
    )


def _table_of_contents(block: dict[str, Any], ctx: RenderContext) -> str:
    color = color_class(payload_of(block).get("color"))
    items = []
    for heading in ctx.headings:
        kind = str(heading.get("type"))
        level = min(int(kind.rsplit("_", 1)[1]), 4)
        text = escape(plain(payload_of(heading).get("rich_text"))) or "Untitled"
        items.append(
            f'<li class="toc-level-{level}"><a href="#{attr(anchor_of(heading))}">{text}</a></li>'
        )
    body = f"<ul>{''.join(items)}</ul>" if items else '<p class="empty">No headings</p>'
    css = classes("block", "table-of-contents", color)
    return f'<nav class="{css}"{id_attr(block)}>{body}</nav>'


def _breadcrumb(block: dict[str, Any], ctx: RenderContext) -> str:
    parts = []
    for title, href in ctx.options.breadcrumb:
        label = escape(title or "Untitled")
        parts.append(f'<a href="{attr(href)}">{label}</a>' if href else f"<span>{label}</span>")
    inner = ' <span class="separator">/</span> '.join(parts) or "<span>Breadcrumb</span>"
    return f'<nav class="block breadcrumb"{id_attr(block)}>{inner}</nav>'


def _template(block: dict[str, Any], ctx: RenderContext) -> str:
    return (
        f'<div class="block template"{id_attr(block)}><span class="template-button">'
        f"{block_text(block, ctx)}</span>{render_children(block, ctx)}</div>"
    )


def _placeholder(block: Mapping[str, Any], label: str, ctx: RenderContext) -> str:
    return (
        f'<div class="block unsupported"{id_attr(block)}>'
        f'<span class="placeholder">{escape(label)}</span>{render_children(block, ctx)}</div>'
    )


def _unknown(block: dict[str, Any], ctx: RenderContext) -> str:
    kind = str(block.get("type") or "unknown")
    if kind == "unsupported":
        kind = str(payload_of(block).get("block_type") or "unsupported")
    text = block_text(block, ctx)
    label = f"Block not shown here: {kind}"
    if text:
        return (
            f'<div class="block unsupported"{id_attr(block)}><span class="placeholder">'
            f"{escape(label)}</span><p>{text}</p>{render_children(block, ctx)}</div>"
        )
    return _placeholder(block, label, ctx)


#: Block type -> renderer; replace or add entries to change how a type is shown.
BLOCK_RENDERERS: dict[str, BlockRenderer] = {
    "paragraph": _paragraph,
    "heading_1": _heading,
    "heading_2": _heading,
    "heading_3": _heading,
    "heading_4": _heading,
    "bulleted_list_item": _list_item,
    "numbered_list_item": _list_item,
    "to_do": _to_do,
    "toggle": _toggle,
    "quote": _quote,
    "callout": _callout,
    "code": _code,
    "equation": _equation,
    "divider": _divider,
    "image": _image,
    "video": media.video,
    "audio": media.audio,
    "pdf": media.file_card,
    "file": media.file_card,
    "embed": media.url_card,
    "bookmark": media.url_card,
    "link_preview": media.url_card,
    "table": _table,
    "column_list": _column_list,
    "column": _column,
    "child_page": _child_page,
    "child_database": _child_database,
    "link_to_page": _link_to_page,
    "synced_block": _synced_block,
    "table_of_contents": _table_of_contents,
    "breadcrumb": _breadcrumb,
    "template": _template,
}
