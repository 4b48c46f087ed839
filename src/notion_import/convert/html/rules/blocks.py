"""Headings, dividers, quotes, definition lists, details, text areas, sub- and superscripts."""

from __future__ import annotations

from typing import Final

from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.html.rules.common import lead, tree_reader
from notion_import.convert.html.text import visible_text
from notion_import.convert.ir import Block, Divider, Heading, Paragraph, Quote, Span, Toggle

HEADING_LEVELS: Final = {"h1": 1, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}


def heading(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """h1-h3 -> heading_1-3; h4-h6 -> heading_3 (one loss entry per page and tag)."""
    tag = node.tag or "h1"
    spans = reader.spans(node, ctx)
    if not spans:
        return []
    if tag in ("h4", "h5", "h6"):
        tree_reader(reader).loss_once(
            tag, "Notion has three heading levels: h4-h6 are shown as heading 3", "approximated"
        )
    return [Heading(HEADING_LEVELS.get(tag, 3), spans, anchors=heading_anchors(node))]


def heading_anchors(node: Node) -> tuple[str, ...]:
    """Ids a link can use to reach a heading: its own, those of anchors inside it, and those
    of the sections it opens (each ancestor whose first element it is, a few levels up)."""
    found: list[str] = []
    own = node.attributes.get("id")
    if own:
        found.append(own)
    for inner in node.css("[id], a[name]"):
        for name in ("id", "name"):
            value = inner.attributes.get(name)
            if value and value not in found:
                found.append(value)
    child, parent = node, node.parent
    for _ in range(4):
        if parent is None or parent.tag in ("body", "html"):
            break
        first = next((c for c in parent.iter() if c.tag and c.tag[0] != "-"), None)
        if first is None or first.mem_id != child.mem_id:
            break
        value = parent.attributes.get("id")
        if value and value not in found:
            found.append(value)
        child, parent = parent, parent.parent
    return tuple(found)


def divider(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """hr -> divider."""
    return [Divider()]


def quote(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """blockquote -> quote; its first paragraph is the quote's text, the rest its children."""
    spans, children = lead(reader.blocks(node, ctx))
    if not spans and not children:
        return []
    return [Quote(spans, children=children)]


def textarea(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """textarea -> a paragraph of its text, line breaks kept."""
    text = visible_text(node, preformatted=True)
    return [Paragraph([Span(text, ctx.marks)])] if text.strip() else []


# -- definition lists, details -------------------------------------------------------------------


def definition_term(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """dt -> a bold paragraph."""
    spans = reader.spans(node, ctx.with_marks(bold=True))
    return [Paragraph(spans)] if spans else []


def definition_list(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """dl -> each dt a bold paragraph; the blocks of the dd after it become its children."""
    tree = tree_reader(reader)
    out: list[Block] = []
    term: list[Paragraph] = []
    pending: list[Node] = []

    def settle() -> None:
        if pending:
            out.extend(tree.blocks_of(pending, ctx))
            pending.clear()

    children: list[Node] = []
    for child in node.iter(include_text=True):
        if child.tag == "div":  # HTML allows <div> groups of dt/dd
            children.extend(child.iter(include_text=True))
        else:
            children.append(child)
    for child in children:
        if child.tag == "dt":
            settle()
            produced = tree.blocks_of([child], ctx)
            out.extend(produced)
            term[:] = [b for b in produced if isinstance(b, Paragraph)][-1:]
        elif child.tag == "dd":
            settle()
            blocks = tree.blocks_of([child], ctx)
            (term[0].children if term else out).extend(blocks)
        else:
            pending.append(child)
    settle()
    return out


def details(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """details/summary -> toggle; the summary is its text, the rest its children."""
    summary: Node | None = None
    rest: list[Node] = []
    for child in node.iter(include_text=True):
        if summary is None and child.tag == "summary":
            summary = child
        else:
            rest.append(child)
    spans = reader.spans(summary, ctx) if summary is not None else [Span("Details", ctx.marks)]
    return [Toggle(spans, children=tree_reader(reader).blocks_of(rest, ctx))]


def sub_sup(reader: Reader, node: Node, ctx: Context) -> None:
    """sub, sup: text kept unformatted (Notion has no such formatting); one loss per page."""
    tag = node.tag or "sup"
    kind = "superscript" if tag == "sup" else "subscript"
    tree_reader(reader).loss_once(
        tag, f"{kind} shown as normal text (x<{tag}>2</{tag}> reads x2)", "approximated"
    )
    return None


def register(table: RuleTable) -> None:
    """Put the rules of this module into ``table``."""
    for tag in HEADING_LEVELS:
        table.by_tag[tag] = heading
    table.by_tag.update(
        {
            "hr": divider,
            "blockquote": quote,
            "textarea": textarea,
            "dl": definition_list,
            "dt": definition_term,
            "details": details,
            "sub": sub_sup,
            "sup": sub_sup,
        }
    )
