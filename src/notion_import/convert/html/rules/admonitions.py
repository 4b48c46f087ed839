"""Asides and admonitions -> Notion callouts.

An element becomes a :class:`~notion_import.convert.ir.Callout` when it is an ``aside``, or a
``div``/``section``/``p``/``blockquote`` with an admonition class:

==============================  ===========================================================
markup                          written by
==============================  ===========================================================
``admonition note``             Sphinx, MkDocs (title: ``p.admonition-title``)
``theme-admonition-tip``        Docusaurus (title: ``div.admonitionHeading_*``)
``admonition admonition-tip``   Docusaurus 2 (title: ``div.admonition-heading``)
``markdown-alert-warning``      GitHub (title: ``p.markdown-alert-title``)
``admonitionblock note``        Asciidoctor (title and content in a table)
``callout callout-note``        Quarto
``alert alert-info``            Bootstrap, Infima (``alert--info``)
``note``, ``tip``, ``warning``  DocBook, Publican, hand-written pages
``sidebar``                     DocBook (title: ``.titlepage``)
==============================  ===========================================================

The kind (from the classes, else from the first word of the title) chooses the icon and the
colour: 💡 note/tip/hint, ⚠️ warning/caution, ❗ danger/important/error, ℹ️ info, ✅ success,
❓ question, ... (:data:`KINDS`). The title becomes the callout's first line, in bold; when the
body starts with a paragraph, that paragraph follows the title on a new line, and the rest of
the body becomes the callout's children.

A bare ``admonition`` element directly inside another admonition is its body wrapper
(Publican), not a second callout.
"""

from __future__ import annotations

from dataclasses import dataclass

from notion_import.convert.html.base import Context, Node, Reader, RuleTable, strip_spans
from notion_import.convert.ir import Block, Callout, Paragraph, Span


@dataclass(frozen=True, slots=True)
class Kind:
    """How a kind of admonition looks in Notion."""

    icon: str
    color: str


_NOTE = Kind("💡", "gray_background")
_INFO = Kind("ℹ️", "blue_background")
_TIP = Kind("💡", "green_background")
_WARNING = Kind("⚠️", "yellow_background")
_DANGER = Kind("❗", "red_background")

#: admonition kinds (class names and title words) -> icon and colour.
KINDS: dict[str, Kind] = {
    "note": _NOTE, "notes": _NOTE, "seealso": _NOTE, "abstract": _NOTE, "summary": _NOTE,
    "tldr": _NOTE, "example": _NOTE, "secondary": _NOTE, "vocabulary": _NOTE,
    "info": _INFO, "information": _INFO, "primary": _INFO, "todo": _INFO,
    "tip": _TIP, "hint": _TIP, "tips": _TIP,
    "success": Kind("✅", "green_background"), "check": Kind("✅", "green_background"),
    "done": Kind("✅", "green_background"),
    "question": Kind("❓", "purple_background"), "faq": Kind("❓", "purple_background"),
    "help": Kind("❓", "purple_background"),
    "quote": Kind("💬", "gray_background"), "cite": Kind("💬", "gray_background"),
    "warning": _WARNING, "caution": _WARNING, "attention": _WARNING, "warn": _WARNING,
    "danger": _DANGER, "important": _DANGER, "error": _DANGER, "bug": _DANGER,
    "failure": _DANGER, "fail": _DANGER, "missing": _DANGER, "critical": _DANGER,
}  # fmt: skip

#: class names that make an element an admonition even without a kind.
_MARKERS = frozenset(
    {
        "admonition", "admonitionblock", "theme-admonition", "markdown-alert", "callout",
        "alert", "sidebar", "note", "tip", "hint", "info", "warning", "caution", "danger",
        "important", "attention",
    }
)  # fmt: skip
#: prefixes of class names that carry the kind (``admonition-tip``, ``alert-info``, ...).
_KIND_PREFIXES = (
    "theme-admonition-", "admonition-", "markdown-alert-", "callout-", "alert--", "alert-",
    "confluence-information-macro-",
)  # fmt: skip
_HOSTS = frozenset({"div", "section", "p", "blockquote", "aside"})
#: class names (or prefixes, ending in ``*``) of an admonition's title element.
_TITLE_CLASSES = frozenset(
    {
        "admonition-title", "markdown-alert-title", "admonition-heading", "titlepage",
        "title", "callout-title", "alert-heading", "admonition_header", "admonition-header",
        "alert-title", "callout-header",
    }
)  # fmt: skip
_TITLE_PREFIXES = ("admonitionHeading", "admonition-heading", "callout-title")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIPPED = frozenset({"script", "style", "template"})


def kind_of(names: list[str]) -> Kind | None:
    """The admonition kind named by a list of class names, if any."""
    for name in names:
        lowered = name.lower()
        kind = KINDS.get(lowered)
        if kind is not None:
            return kind
        for prefix in _KIND_PREFIXES:
            if lowered.startswith(prefix):
                kind = KINDS.get(lowered[len(prefix) :])
                if kind is not None:
                    return kind
    return None


def _names(node: Node) -> list[str]:
    raw = node.attributes.get("class")
    return raw.split() if raw else []


def _marked(names: list[str]) -> bool:
    return any(n in _MARKERS for n in names) or kind_of(names) is not None


def is_admonition(node: Node) -> bool:
    """An ``aside``, or a block element with an admonition class (see the module doc)."""
    tag = node.tag
    if tag not in _HOSTS:
        return False
    if tag == "aside":
        return True
    names = _names(node)
    if not names or not _marked(names):
        return False
    if names == ["admonition"] or (kind_of(names) is None and "admonition" in names):
        parent = node.parent
        if parent is not None and _marked(_names(parent)):
            return False  # Publican's body wrapper inside the admonition
    return True


def _is_title(node: Node) -> bool:
    if node.tag in _HEADINGS:
        return True
    return any(n in _TITLE_CLASSES or n.startswith(_TITLE_PREFIXES) for n in _names(node))


def _parts(node: Node) -> tuple[Node | None, list[Node]]:
    """The title element (if the admonition starts with one) and the body nodes."""
    title: Node | None = None
    body: list[Node] = []
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            if (child.text_content or "").strip():
                body.append(child)
            continue
        if tag.startswith("-") or tag in _SKIPPED:
            continue
        if title is None and not body and _is_title(child):
            title = child
            continue
        body.append(child)
    return title, body


def _asciidoc_parts(node: Node) -> tuple[Node | None, list[Node]] | None:
    """Asciidoctor keeps the title and the content in two cells of a table."""
    icon = node.css_first("td.icon")
    content = node.css_first("td.content")
    if content is None:
        return None
    return icon, list(content.iter(include_text=True))


def callout_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """A callout: bold title, first paragraph, the rest as children."""
    names = _names(node)
    parts = _asciidoc_parts(node) if "admonitionblock" in names else None
    title_node, body = parts if parts is not None else _parts(node)
    title: list[Span] = []
    if title_node is not None:
        title = strip_spans(reader.spans(title_node, ctx.with_marks(bold=True)))
        if not title:
            alt = next(
                (i.attributes.get("alt") or "" for i in title_node.css("img[alt]")), ""
            ).strip(" []")
            title = [Span(alt, ctx.with_marks(bold=True).marks)] if alt else []
    kind = kind_of(names)
    if kind is None and title:
        words = "".join(s.text for s in title).strip().split()
        kind = KINDS.get(words[0].lower().strip(":!.")) if words else None
    blocks = reader.blocks_of(body, ctx)
    spans = list(title)
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph) and first.color == "default":
        del blocks[0]
        if spans:
            spans.append(Span("\n", ctx.marks))
        spans.extend(first.spans)
        blocks[:0] = first.children
    return [
        Callout(
            spans,
            icon=kind.icon if kind else None,
            color=kind.color if kind else "default",
            children=blocks,
        )
    ]


def register(table: RuleTable) -> None:
    """Put the admonition rule in front of the predicate rules."""
    table.by_predicate.insert(0, (is_admonition, callout_rule))


__all__ = ["KINDS", "Kind", "callout_rule", "is_admonition", "kind_of", "register"]
