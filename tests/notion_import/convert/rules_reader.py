"""A small stand-in for the HTML walker, to test element rules on their own.

It implements the :class:`~notion_import.convert.html.base.Reader` protocol with just enough
core rules (paragraphs, headings, lists, images, code, quotes) to read test snippets, and asks
the rule table exactly as the walker does: predicate rules first (for any element, inline tags
included), then the tag rule; inline rules while collecting spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from notion_import.convert.html.base import Context, Node, RuleTable, strip_spans
from notion_import.convert.html.rules import admonitions, layout, math, media, notion, tables
from notion_import.convert.ir import (
    Asset,
    Block,
    Code,
    Divider,
    Equation,
    Heading,
    Image,
    Link,
    ListItem,
    Paragraph,
    Quote,
    Span,
)

INLINE = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "code", "span", "sub",
        "sup", "small", "br", "time", "kbd", "abbr", "q", "cite", "label", "font", "math",
        "script", "mjx-container", "img", "svg", "picture", "iframe", "video", "audio",
        "embed", "object", "canvas", "nobr",
    }
)  # fmt: skip
SKIP = frozenset({"style", "template", "head", "title"})
_SPACE = re.compile(r"\s+")


class FakeReader:
    """A walker good enough for rule tests; records losses and metadata.

    It follows the real walker's contract: a rule's result for an inline element that is one
    plain paragraph is spliced into the surrounding text; :meth:`spans` flattens the blocks of
    the children and lifts what cannot be text (images, tables) after the block being built.
    """

    def __init__(self, rules: RuleTable, source: str = "page.html") -> None:
        self.rules = rules
        self.source = source
        self.losses: list[tuple[str, str]] = []
        #: the kind each loss was given (dropped, approximated, chrome).
        self.kinds: dict[tuple[str, str], str] = {}
        #: the words each loss leaves out (its ``text``).
        self.texts: dict[tuple[str, str], str] = {}
        self.metadata: dict[str, Any] = {}
        self.lifted: list[Block] = []

    # -- blocks --------------------------------------------------------------------------

    def blocks(self, node: Node, ctx: Context) -> list[Block]:
        return self.blocks_of(node.iter(include_text=True), ctx)

    def blocks_of(self, nodes: Iterable[Node], ctx: Context) -> list[Block]:
        out: list[Block] = []
        run: list[Span] = []
        for node in nodes:
            tag = node.tag or ""
            if tag == "-text":
                text = _SPACE.sub(" ", node.text_content or "")
                if text:
                    run.append(Span(text, ctx.marks, ctx.link))
                continue
            if tag.startswith("-") or tag in SKIP:
                continue
            inner = _derive(self, ctx, node)
            rule = self.rules.rule_for(node)
            if rule is not None:
                saved, self.lifted = self.lifted, []
                result = rule(self, node, inner.deeper())
                lifted, self.lifted = self.lifted, saved
                if result is not None:
                    if tag in INLINE and _spliceable(result):
                        run.extend(result[0].spans)  # type: ignore[attr-defined]
                    elif result or tag not in INLINE:
                        _flush(run, out)
                        out.extend(result)
                    if lifted:
                        _flush(run, out)
                        out.extend(lifted)
                    continue
            if tag == "br":
                run.append(Span("\n", ctx.marks, ctx.link))
                continue
            if tag in INLINE:
                for block in self.blocks(node, inner):  # inline content: back into the run
                    if isinstance(block, Paragraph):
                        run.extend(block.spans)
                    else:
                        _flush(run, out)
                        out.append(block)
                continue
            _flush(run, out)
            out.extend(self.blocks(node, inner))
        _flush(run, out)
        return out

    # -- inline --------------------------------------------------------------------------

    def spans(self, node: Node, ctx: Context) -> list[Span]:
        out: list[Span] = []
        self._flatten(self.blocks(node, ctx), out)
        return out

    def _flatten(self, blocks: list[Block], out: list[Span]) -> None:
        for block in blocks:
            if isinstance(block, Paragraph | Heading | Quote | ListItem):
                spans = block.spans
            elif isinstance(block, Equation):
                spans = [Span(block.expression, kind="equation")]
            else:
                self.lifted.append(block)
                continue
            if out and spans:
                out.append(Span("\n"))
            out.extend(spans)
            self._flatten(block.children, out)

    # -- the rest of the protocol ----------------------------------------------------------

    def asset(self, ref: str, *, element: str) -> Asset | None:
        if "missing" in ref:
            self.loss(element, f"missing file {ref}")
            return None
        if ref.startswith(("http://", "https://")):
            return Asset("remote", ref)
        return Asset("local", ref)

    def link(self, href: str) -> Link | None:
        return Link(href, internal=not href.startswith(("http", "mailto:", "#")))

    def loss(self, element: str, reason: str, kind: str = "dropped", *, text: str = "") -> None:
        self.losses.append((element, reason))
        self.kinds[(element, reason)] = kind
        self.texts[(element, reason)] = text

    def text(self, node: Node) -> str:
        return _SPACE.sub(" ", node.text(deep=True) or "").strip()


def _derive(reader: FakeReader, ctx: Context, node: Node) -> Context:
    tag = node.tag
    if tag in ("b", "strong"):
        return ctx.with_marks(bold=True)
    if tag in ("i", "em"):
        return ctx.with_marks(italic=True)
    if tag == "code":
        return ctx.with_marks(code=True)
    if tag == "a" and node.attributes.get("href"):
        return Context(marks=ctx.marks, link=reader.link(node.attributes.get("href") or ""))
    return ctx


def _spliceable(result: list[Block]) -> bool:
    return (
        len(result) == 1
        and type(result[0]) is Paragraph
        and not result[0].children
        and result[0].color == "default"
    )


def _flush(run: list[Span], out: list[Block]) -> None:
    spans = _strip(run)
    if spans:
        out.append(Paragraph(spans))
    run.clear()


def _strip(spans: list[Span]) -> list[Span]:
    return strip_spans(spans)


# -- core rules, just enough for the tests -------------------------------------------------------


def _paragraph(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    return reader.blocks(node, ctx)  # type: ignore[no-any-return]


def _heading(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    level = min(3, int((node.tag or "h1")[1]))
    return [Heading(level, _strip(reader.spans(node, ctx)))]


def _list(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    style = "numbered" if node.tag == "ol" else "bulleted"
    out: list[Block] = []
    for item in node.iter():
        if item.tag != "li":
            continue
        inline = [c for c in item.iter(include_text=True) if c.tag not in ("ul", "ol")]
        nested = [c for c in item.iter() if c.tag in ("ul", "ol")]
        children = reader.blocks_of(nested, ctx)
        spans: list[Span] = []
        reader._flatten(reader.blocks_of(inline, ctx), spans)
        out.append(ListItem(style, _strip(spans), children=children))
    return out


def _image(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    asset = reader.asset(node.attributes.get("src") or "", element="img")
    return [Image(asset, alt=node.attributes.get("alt") or "")] if asset else []


def _code(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    return [Code(node.text(deep=True) or "")]


def _quote(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    blocks = reader.blocks(node, ctx)
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph):
        return [Quote(first.spans, children=blocks[1:])]
    return [Quote([], children=blocks)]


def _nothing(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    return []


def _script(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    return []  # reached only when no predicate rule (math) took the script


def _divider(reader: Any, node: Node, ctx: Context) -> list[Block] | None:
    return [Divider()]


def core_rules() -> RuleTable:
    """Core rules of the stand-in, without the modules under test."""
    table = RuleTable()
    table.by_tag.update(
        {
            "p": _paragraph,
            "h1": _heading,
            "h2": _heading,
            "h3": _heading,
            "h4": _heading,
            "ul": _list,
            "ol": _list,
            "img": _image,
            "pre": _code,
            "blockquote": _quote,
            "hr": _divider,
            "script": _script,
            "style": _nothing,
            "head": _nothing,
        }
    )
    return table


#: registration order the walker uses.
MODULES = (tables, media, math, layout, admonitions, notion)


def full_rules() -> RuleTable:
    table = core_rules()
    for module in MODULES:
        module.register(table)
    return table


RULES = full_rules()


def read(html: str, rules: RuleTable | None = None) -> tuple[list[Block], FakeReader]:
    """Blocks for an HTML snippet (its body), and the reader (for losses and metadata)."""
    reader = FakeReader(rules or RULES)
    body = LexborHTMLParser(html).body
    assert body is not None
    return reader.blocks(body, Context()), reader
