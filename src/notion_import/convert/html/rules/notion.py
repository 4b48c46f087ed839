"""Notion's own HTML export back to the Notion blocks it was made from.

Notion writes each block with a recognisable class; these rules sit in front of every other
predicate rule, so that an export comes back block for block:

================================  =========================================================
export markup                     block
================================  =========================================================
``div.column-list > div.column``  ``column_list`` / ``column`` (width from the column's
                                  ``style="width:…%"`` or ``calc(… * 0.5)``)
``figure.callout``                ``callout``: emoji from ``.icon`` (a Notion icon image is
                                  reported), colour from ``block-color-*`` (the export's
                                  ``teal`` is the API's ``green``); leading text is the
                                  callout's text, blocks are its children
``ul.toggle > li > details``      ``toggle`` (summary = text, the rest = children)
``details`` with a sized summary  a toggleable ``heading_1..3`` (1.875em, 1.5em, 1.25em)
``ul.to-do-list``                 ``to_do`` (``checkbox-on``: checked; ``div.indented``:
                                  children)
``figure.equation``               ``equation`` (KaTeX annotation)
``figure > a.bookmark``           ``bookmark`` (caption from ``figcaption``; Notion fetches
                                  the preview again, so its title and description are
                                  reported)
``figure > div.source > a``       by the target: a local file as ``file`` / ``pdf`` /
                                  ``video`` / ``audio`` (captioned with the name Notion showed,
                                  which the file on disk may have lost), a video site as
                                  ``video``, another page as ``embed``
``figure.image``                  ``image`` with its caption
``pre.code > code.language-X``    ``code`` in Notion's language ``X`` (``Plain Text``,
                                  ``C++``, ``Java/C/C++/C#``; the whole class attribute,
                                  since Notion's names may hold spaces)
``nav.table_of_contents``         ``table_of_contents``
``figure.link-to-page``           a paragraph linking to the page (the importer turns the
                                  link into a page mention)
``table.simple-table``            ``table`` (never taken for a layout table)
``table.collection-content``      ``table`` of the database's rows (a database export)
``table.properties``              ``table`` of a database row's properties, one per row; they
                                  also go in the metadata (``properties``: name -> text) for
                                  database imports
``h1.page-title``                 nothing: the walker takes the title
``div.page-header-icon``,         nothing in the body: the icon (emoji or image URL) and
``img.page-cover-image``          the cover go in the page's metadata (``icon``, ``cover``)
``div.page-body``                 a plain container
``div.indented``                  the children of the block before (:mod:`.indent`)
================================  =========================================================

In inline content: a database's property icons are dropped, checkboxes become ☑ / ☐, and the
values of a multi-select are separated by commas.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from notion_import.convert.html.base import Context, Node, Reader, RuleTable, strip_spans
from notion_import.convert.html.rules.code import code_content
from notion_import.convert.html.rules.layout import column_list, width_hint
from notion_import.convert.html.rules.math import tex_annotation
from notion_import.convert.html.rules.media import classify_url, file_block, file_kind
from notion_import.convert.html.rules.tables import data_table
from notion_import.convert.html.text import picture_names
from notion_import.convert.ir import (
    Asset,
    Block,
    Callout,
    Column,
    Equation,
    Heading,
    Image,
    ListItem,
    Media,
    Paragraph,
    Span,
    Table,
    TableOfContents,
    Toggle,
)
from notion_import.convert.languages import notion_language
from notion_import.notion import COLORS, MAX_URL, PLAIN_TEXT, js_length

#: the summary sizes Notion gives toggleable headings.
_HEADING_SIZES = {"1.875em": 1, "1.5em": 2, "1.25em": 3}
_FONT_SIZE = re.compile(r"font-size\s*:\s*([0-9.]+em)")
_BLOCK_COLOR = "block-color-"
#: colour names of the export's CSS that the API spells differently.
_COLOR_ALIASES = {"teal": "green", "teal_background": "green_background"}

NotionRule = Callable[[Reader, Node, Context], "list[Block] | None"]


# -- helpers -----------------------------------------------------------------------------------


def _names(node: Node) -> list[str]:
    raw = node.attributes.get("class")
    return raw.split() if raw else []


def _color(node: Node) -> str:
    for name in _names(node):
        if name.startswith(_BLOCK_COLOR):
            color = name[len(_BLOCK_COLOR) :]
            color = _COLOR_ALIASES.get(color, color)
            return color if color in COLORS else "default"
    return "default"


def _elements(node: Node) -> list[Node]:
    return [c for c in node.iter() if c.tag not in ("script", "style")]


def _child(node: Node, tag: str, name: str | None = None) -> Node | None:
    for child in node.iter():
        if child.tag == tag and (name is None or name in _names(child)):
            return child
    return None


def _caption(reader: Reader, figure: Node, ctx: Context) -> list[Span]:
    caption = _child(figure, "figcaption")
    return strip_spans(reader.spans(caption, ctx)) if caption is not None else []


def _starts_inline(nodes: list[Node]) -> bool:
    """Whether the first visible node is text or an inline element (the block's own text)."""
    for node in nodes:
        tag = node.tag or ""
        if tag == "-text":
            if (node.text_content or "").strip():
                return True
            continue
        if tag.startswith("-"):
            continue
        return tag in _INLINE
    return False


_INLINE = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "code", "span", "sub",
        "sup", "small", "br", "time", "kbd", "img",
    }
)  # fmt: skip


# -- block rules -----------------------------------------------------------------------------


def _column_list(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    columns = []
    for child in _elements(node):
        hint = width_hint(child)
        fraction = hint[1] if hint is not None and hint[0] == "fraction" else None
        columns.append(Column(children=reader.blocks(child, ctx), width_ratio=fraction))
    return column_list(reader, columns)


def _callout(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    parts = [c for c in node.iter() if c.tag == "div"]
    icon: str | None = None
    content = parts[-1] if parts else node
    icon_node = next((c for p in parts[:-1] for c in p.css(".icon")), None)
    if icon_node is not None:
        if icon_node.tag == "img":
            src = (icon_node.attributes.get("src") or "").strip()
            if src.startswith(("https://", "http://")) and js_length(src) <= MAX_URL:
                icon = src  # Notion's own icons too (``notion.so/icons/x_green.svg``)
            else:
                named = f" {src[:200]!r}" if src else ""
                reason = f"callout icon image{named} not carried (only web addresses are)"
                reader.loss("callout", reason)
        else:
            icon = (icon_node.text(deep=True) or "").strip() or None
    nodes = list(content.iter(include_text=True))
    blocks = reader.blocks_of(nodes, ctx)
    spans: list[Span] = []
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph) and _starts_inline(nodes):
        del blocks[0]
        spans = first.spans
        blocks[:0] = first.children
    return [Callout(spans, icon=icon, color=_color(node), children=blocks)]


def _toggles(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    out: list[Block] = []
    color = _color(node)
    for item in _elements(node):
        details = _child(item, "details")
        if details is None:
            out.extend(reader.blocks(item, ctx))
            continue
        summary = _child(details, "summary")
        rest = [c for c in details.iter(include_text=True) if c.tag != "summary"]
        spans = strip_spans(reader.spans(summary, ctx)) if summary is not None else []
        out.append(Toggle(spans, color=color, children=reader.blocks_of(rest, ctx)))
    return out


def _heading_level(node: Node) -> int | None:
    summary = _child(node, "summary")
    if summary is None:
        return None
    match = _FONT_SIZE.search(summary.attributes.get("style") or "")
    return _HEADING_SIZES.get(match.group(1)) if match else None


def _toggle_heading(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    level = _heading_level(node)
    summary = _child(node, "summary")
    if level is None or summary is None:
        return None
    rest = [c for c in node.iter(include_text=True) if c.tag != "summary"]
    spans = strip_spans(reader.spans(summary, ctx))
    return [Heading(level, spans, toggleable=True, children=reader.blocks_of(rest, ctx))]


def _to_dos(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    out: list[Block] = []
    color = _color(node)
    for item in _elements(node):
        checked = item.css_first(".checkbox-on") is not None
        text = next(
            (c for c in item.iter() if any(n.startswith("to-do-children") for n in _names(c))),
            None,
        )
        spans = strip_spans(reader.spans(text if text is not None else item, ctx))
        indented = _child(item, "div", "indented")
        children = reader.blocks(indented, ctx) if indented is not None else []
        out.append(ListItem("to_do", spans, checked=checked, color=color, children=children))
    return out


def _equation(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    tex = tex_annotation(node)
    if tex is None:
        return None  # let the math rules read it
    return [Equation(tex)] if tex else []


def _bookmark(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    anchor = _child(node, "a", "bookmark")
    href = (anchor.attributes.get("href") or "").strip() if anchor is not None else ""
    if anchor is None or not href:
        return None
    caption = _caption(reader, node, ctx)
    preview = " / ".join(
        t for c in anchor.css(".bookmark-title, .bookmark-description") if (t := reader.text(c))
    )
    if preview:  # Notion draws the preview (title, description, icon, picture) itself
        pictures = picture_names(anchor)
        named = f"; its images: {', '.join(pictures)}" if pictures else ""
        reader.loss(
            "bookmark",
            f"preview regenerated by Notion from the URL{named}: {preview[:80]}",
            "chrome",
            text=reader.text(anchor),
        )
    if href.startswith(("http://", "https://")):
        return [Media("bookmark", Asset("remote", href), caption=caption)]
    link = reader.link(href)
    return [Paragraph([Span(reader.text(anchor) or href, link=link)])]


def _source(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    source = _child(node, "div", "source")
    anchor = source.css_first("a[href]") if source is not None else None
    if source is None or anchor is None:
        return None
    href = (anchor.attributes.get("href") or "").strip()
    caption = _caption(reader, node, ctx)
    block: Block
    if href.startswith(("http://", "https://")):
        kind, url = classify_url(href)
        block = Media(kind, Asset("remote", url), caption=caption)
    else:
        asset = reader.asset(href, element="a")
        if asset is None:
            return [Paragraph(strip_spans(reader.spans(source, ctx)))]
        file = file_kind(href)
        # an image here was a file block in Notion (image blocks are figure.image)
        block = file_block(asset, None if file == "image" else file)
        if isinstance(block, Media):
            # the name Notion showed (the file on disk may have lost it): the caption
            block.caption = caption or strip_spans(reader.spans(anchor, ctx))
    return [block]


def _image(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    img = node.css_first("img")
    src = (img.attributes.get("src") or "").strip() if img is not None else ""
    if img is None or not src:
        return None
    caption = _caption(reader, node, ctx)
    asset = reader.asset(src, element="img")
    if asset is None:
        return [Paragraph(caption)] if caption else []
    return [Image(asset, caption=caption, alt=img.attributes.get("alt") or "")]


def _code(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    code = _child(node, "code")
    target = code if code is not None else node
    raw = (target.attributes.get("class") or "").strip()
    named = raw[len("language-") :] if raw.startswith("language-") else None
    language = notion_language(named) or PLAIN_TEXT
    return [code_content(reader, target).block(language)]


def _link_to_page(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    return [Paragraph(strip_spans(reader.spans(node, ctx)))]


def _toc(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    listed = reader.text(node)
    if listed.strip():  # Notion draws the entries again from the page's headings
        reader.loss("nav", "table of contents drawn by Notion", "chrome", text=listed)
    return [TableOfContents()]


def _simple_table(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    return data_table(reader, node, ctx)


def _properties(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    blocks = data_table(reader, node, ctx)
    found: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                if len(row) >= 2:
                    name = "".join(s.text for s in row[0]).strip()
                    if name:
                        found[name] = "".join(s.text for s in row[1]).strip()
    if found:
        reader.metadata.setdefault("properties", {}).update(found)
    return blocks


def _nothing(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    return []


def _transparent(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    return None


def _header_icon(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    icon = node.css_first(".icon")
    if icon is not None:
        if icon.tag == "img":
            value = (icon.attributes.get("src") or "").strip()
        else:
            value = (icon.text(deep=True) or "").strip()
        if value:
            reader.metadata["icon"] = value
    return []


def _cover(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    src = (node.attributes.get("src") or "").strip()
    if src:
        reader.metadata["cover"] = src
    return []


# -- inline markup of database exports --------------------------------------------------------


_INLINE_CLASSES = frozenset({"property-icon", "checkbox", "selected-value"})


def _inline_kind(node: Node) -> str | None:
    raw = node.attributes.get("class")
    if not raw:
        return None
    names = raw.split()
    if "property-icon" in names:
        return "icon"
    if "checkbox" in names and node.tag == "div":
        return "checkbox"
    if "selected-value" in names:
        return "value"
    return None


def notion_inline_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """Icons dropped, checkboxes as ☑ / ☐, multi-select values separated by commas (a
    one-paragraph result, spliced by the walker into the surrounding text)."""
    kind = _inline_kind(node)
    if kind == "icon":
        return []
    if kind == "checkbox":
        return [Paragraph([Span("☑" if "checkbox-on" in _names(node) else "☐", ctx.marks)])]
    if kind == "value":
        spans = reader.spans(node, ctx)
        previous = node.prev
        while previous is not None and previous.tag == "-text":
            if (previous.text_content or "").strip():
                break
            previous = previous.prev
        if previous is not None and "selected-value" in _names(previous):
            spans = [Span(", ", ctx.marks), *spans]
        return [Paragraph(spans)]
    return None


# -- dispatch --------------------------------------------------------------------------------


def _has_column(node: Node) -> bool:
    return any("column" in _names(c) for c in node.iter())


def _has_details(node: Node) -> bool:
    return any(_child(item, "details") is not None for item in node.iter())


def _always(node: Node) -> bool:
    return True


#: class name -> (tags it applies to, structural check, rule).
_BY_CLASS: dict[str, tuple[frozenset[str], Callable[[Node], bool], NotionRule]] = {
    "column-list": (frozenset({"div"}), _has_column, _column_list),
    "callout": (frozenset({"figure"}), _always, _callout),
    "toggle": (frozenset({"ul"}), _has_details, _toggles),
    "to-do-list": (frozenset({"ul"}), _always, _to_dos),
    "equation": (frozenset({"figure"}), lambda n: tex_annotation(n) is not None, _equation),
    "image": (frozenset({"figure"}), lambda n: n.css_first("img[src]") is not None, _image),
    "code": (frozenset({"pre"}), _always, _code),
    "table_of_contents": (frozenset({"nav"}), _always, _toc),
    "link-to-page": (frozenset({"figure"}), _always, _link_to_page),
    "simple-table": (frozenset({"table"}), _always, _simple_table),
    "collection-content": (frozenset({"table"}), _always, _simple_table),
    "properties": (frozenset({"table"}), _always, _properties),
    "page-title": (frozenset({"h1", "h2", "h3"}), _always, _nothing),
    "page-header-icon": (frozenset({"div"}), _always, _header_icon),
    "page-cover-image": (frozenset({"img"}), _always, _cover),
    "page-body": (frozenset({"div"}), _always, _transparent),
}


#: tags that Notion's export marks with a class this module knows.
_TAGS = frozenset(tag for entry in _BY_CLASS.values() for tag in entry[0]) | {"span", "div"}


def _match(node: Node) -> NotionRule | None:
    tag = node.tag or ""
    if tag == "figure":
        for child in node.iter():
            names = _names(child)
            if child.tag == "a" and "bookmark" in names:
                return _bookmark
            if child.tag == "div" and "source" in names:
                return _source
    elif tag == "details":
        return _toggle_heading if _heading_level(node) is not None else None
    elif tag not in _TAGS:
        return None
    raw = node.attributes.get("class")
    if raw:
        for name in raw.split():
            entry = _BY_CLASS.get(name)
            if entry is not None and tag in entry[0] and entry[1](node):
                return entry[2]
            if name in _INLINE_CLASSES and _inline_kind(node) is not None:
                return notion_inline_rule
    return None


def is_notion_block(node: Node) -> bool:
    """An element of Notion's HTML export with a rule of its own."""
    return _match(node) is not None


def notion_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """The block(s) Notion exported ``node`` from (or, for the inline markup of a database
    export, a one-paragraph result the walker splices into the text)."""
    rule = _match(node)
    return rule(reader, node, ctx) if rule is not None else None


def register(table: RuleTable) -> None:
    """Put the Notion-export rules in front of every other predicate rule."""
    table.by_predicate.insert(0, (is_notion_block, notion_rule))


__all__ = [
    "is_notion_block",
    "notion_inline_rule",
    "notion_rule",
    "register",
]
