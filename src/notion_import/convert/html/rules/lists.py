"""Lists and to-dos: ``ul``/``ol``/``li``, checkboxes that start a paragraph, form fields."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.html.rules.common import lead, lstrip, significant_child, tree_reader
from notion_import.convert.html.text import collapse
from notion_import.convert.ir import Block, ListItem, Paragraph, Span

#: classes that make a list item a to-do.
TODO_CLASSES: Final = frozenset(
    {"task-list-item", "todo", "to-do", "todo-item", "task-item", "checklist-item"}
)
#: classes that mark a to-do as done.
CHECKED_CLASSES: Final = frozenset(
    {"checked", "done", "completed", "is-checked", "task-list-item-checked", "checkbox-on"}
)


def _marker_state(node: Node) -> bool | None:
    """If ``node`` itself marks a to-do: whether it is checked; else None."""
    attrs = node.attributes
    if node.tag == "input":
        if (attrs.get("type") or "").lower() != "checkbox":
            return None
        return "checked" in attrs and (attrs.get("checked") or "").lower() != "false"
    tag = attrs.get("data-tag")
    if tag and tag.startswith("to-do"):
        return "completed" in tag
    raw = attrs.get("class")
    if not raw or not ("to" in raw or "task" in raw or "check" in raw):
        return None
    names = set(raw.split())
    if names & TODO_CLASSES or ("checkbox" in names and names & {"checkbox-on", "checkbox-off"}):
        checked = attrs.get("data-checked") or attrs.get("aria-checked") or ""
        return bool(names & CHECKED_CLASSES) or checked.lower() in ("true", "x")
    return None


def leading_marker(node: Node) -> Node | None:
    """The checkbox (or to-do tag) that starts ``node``'s content, looking 3 levels down."""
    current = node
    for _ in range(3):
        child = significant_child(current)
        if child is None:
            return None
        if _marker_state(child) is not None:
            return child
        if child.tag not in ("p", "span", "label", "div", "font", "b", "strong"):
            return None
        current = child
    return None


def todo_state(node: Node) -> bool | None:
    """None if ``node`` is not a to-do, else whether it is checked (by its own classes or
    tag, or by the checkbox its content starts with)."""
    own = _marker_state(node)
    marker = leading_marker(node)
    if marker is None:
        return own
    if own or _marker_state(marker):
        return True
    return bool(set((node.attributes.get("class") or "").split()) & CHECKED_CLASSES)


def list_block(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """ul/ol/menu/dir -> list items; other content goes under the item before it."""
    tree = tree_reader(reader)
    inner = replace(ctx, list_depth=ctx.list_depth + 1)
    out: list[Block] = []
    last: list[ListItem] = []
    pending: list[Node] = []

    def settle() -> None:
        if pending:
            blocks = tree.blocks_of(pending, inner)
            (last[-1].children if last else out).extend(blocks)
            pending.clear()

    for child in node.iter(include_text=True):
        if child.tag == "li":
            settle()
            produced = tree.blocks_of([child], inner)
            out.extend(produced)
            last.extend(b for b in produced if isinstance(b, ListItem))
        else:
            pending.append(child)
    settle()
    attrs = node.attributes
    start = (attrs.get("start") or "1").strip()
    if (
        node.tag == "ol"
        and start not in ("1", "")
        and "lst-kix_" not in (attrs.get("class") or "")
        and not continues_previous(node)
    ):
        offset = f"numbering starts at {start[:20]} in the source; Notion counts from 1"
        reader.loss("ol", offset, "approximated")
    if node.tag == "ol" and "reversed" in attrs:
        reader.loss("ol", "reversed numbering is not kept", "approximated")
    return out


def _start(node: Node) -> int | None:
    """An ``<ol>``'s first number (1 unless ``start`` says otherwise), None if unreadable."""
    raw = (node.attributes.get("start") or "1").strip() or "1"
    try:
        return int(raw)
    except ValueError:
        return None


def continues_previous(node: Node) -> bool:
    """Does this ``<ol start>`` take up the numbering where the list right before it ends?

    Notion's own export writes each numbered item as a list of its own (``<ol start="2">``,
    ``<ol start="3">``...); side by side they are one list, as Notion numbers it again."""
    before = node.prev
    while before is not None and (
        before.tag == "-comment"
        or (before.tag == "-text" and not (before.text_content or "").strip())
    ):
        before = before.prev
    if before is None or before.tag != "ol" or "reversed" in before.attributes:
        return False
    first, start = _start(before), _start(node)
    if first is None or start is None:
        return False
    return first + sum(1 for child in before.iter() if child.tag == "li") == start


def list_item(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """li -> a bulleted, numbered or to-do item; its first paragraph is the item's text."""
    parent = node.parent
    state = todo_state(node)
    spans, children = lead(reader.blocks(node, ctx))
    if state is not None:
        return [ListItem("to_do", lstrip(spans), checked=state, children=children)]
    numbered = parent is not None and parent.tag == "ol"
    return [ListItem("numbered" if numbered else "bulleted", spans, children=children)]


def is_todo_block(node: Node) -> bool:
    """A p or div that starts with a checkbox or carries OneNote's to-do tag (not in an li,
    which claims the checkbox itself)."""
    if node.tag not in ("p", "div"):
        return False
    parent = node.parent
    if parent is not None and parent.tag == "li":
        return False
    return todo_state(node) is not None


def todo_block(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """p/div with a leading checkbox -> a to-do."""
    state = todo_state(node)
    spans, children = lead(reader.blocks(node, ctx))
    return [ListItem("to_do", lstrip(spans), checked=bool(state), children=children)]


def _consumed(node: Node) -> bool:
    """Is this checkbox the marker of an enclosing to-do (li, p or div)?"""
    ancestor = node.parent
    for _ in range(4):
        if ancestor is None:
            return False
        if ancestor.tag in ("li", "p", "div"):
            marker = leading_marker(ancestor)
            if marker is not None and marker.mem_id == node.mem_id:
                return True
        ancestor = ancestor.parent
    return False


_GLYPHS: Final = {
    ("checkbox", True): "☑ ",
    ("checkbox", False): "☐ ",
    ("radio", True): "◉ ",
    ("radio", False): "○ ",
}


def form_input(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """input: a to-do's checkbox vanishes into the to-do; other checkboxes and radio buttons
    become a glyph in the text; buttons keep their label; other fields keep their value."""
    attrs = node.attributes
    kind = (attrs.get("type") or "text").strip().lower()
    if kind in ("checkbox", "radio"):
        if kind == "checkbox" and _consumed(node):
            return []
        glyph = _GLYPHS[(kind, "checked" in attrs)]
        return [Paragraph([Span(glyph, ctx.marks, ctx.link)])]
    if kind == "hidden":
        return []
    value = collapse(attrs.get("value") or "")
    if kind not in ("submit", "button", "reset"):
        reader.loss(
            "input",
            f"form field ({kind[:20]}) not carried; its value is kept as text",
            "approximated",
        )
    return [Paragraph([Span(value, ctx.marks, ctx.link)])] if value else []


def register(table: RuleTable) -> None:
    """Put the rules of this module into ``table``."""
    for tag in ("ul", "ol", "menu", "dir"):
        table.by_tag[tag] = list_block
    table.by_tag.update({"li": list_item, "input": form_input})
    table.by_predicate.append((is_todo_block, todo_block))
