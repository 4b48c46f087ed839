"""The contract between the HTML walker and the element rules.

The walker (:mod:`notion_import.convert.html.walker`) visits the DOM (selectolax/lexbor) and,
for each element, asks the :class:`RuleTable` for a rule: first the class rules (a predicate on
the element, for class-driven markup such as callouts, Notion's export, galleries), then the
rule for the tag name. A rule returns the blocks for the element, or ``None`` to let the walker
treat the element as a transparent container. Rules call back into the walker through the
:class:`Reader` protocol for the element's children, its inline content, assets, links and
losses. Context travels down as an immutable :class:`Context`.

Rules are asked for inline elements too. A rule's result for an inline element that is a
single plain :class:`~notion_import.convert.ir.Paragraph` is spliced into the surrounding text
(that is how a rule returns spans: an inline equation, a checkbox glyph); any other result ends
the paragraph and goes in place.

Plugins override or add rules by copying a table (:meth:`RuleTable.copy`) and setting entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from selectolax.lexbor import LexborNode

from notion_import.convert.html.refs import DOCUMENTS
from notion_import.convert.ir import PLAIN, Asset, Block, Link, LossKind, Marks, Span

Node = LexborNode


@dataclass(frozen=True, slots=True)
class Context:
    """What an element inherits from its ancestors."""

    marks: Marks = PLAIN
    link: Link | None = None
    #: inside <pre>: keep whitespace.
    preformatted: bool = False
    #: nesting depth of lists (0 outside lists).
    list_depth: int = 0
    #: nesting depth of elements, to stop runaway recursion on hostile input.
    depth: int = 0

    def with_marks(self, **changes: Any) -> Context:
        return replace(self, marks=replace(self.marks, **changes))

    def deeper(self) -> Context:
        return replace(self, depth=self.depth + 1)


class Reader(Protocol):
    """What rules may ask of the walker."""

    #: the page's path relative to the export root (for losses and relative links).
    source: str
    #: the page's metadata being collected (rules may add to it: a Notion page's icon, cover).
    metadata: dict[str, Any]

    def blocks(self, node: Node, ctx: Context) -> list[Block]:
        """Block content of ``node``'s children (inline runs become paragraphs)."""
        ...

    def spans(self, node: Node, ctx: Context) -> list[Span]:
        """Inline content of ``node``'s children (block children are flattened into text)."""
        ...

    def asset(self, ref: str, *, element: str) -> Asset | None:
        """Resolve a ``src``/``href`` to an asset (local, remote or data:), or None with a loss
        recorded (missing file, outside the export, unsupported scheme)."""
        ...

    def link(self, href: str) -> Link | None:
        """A link target: absolute URL, internal page link, or None (with a loss) if unusable."""
        ...

    def loss(
        self, element: str, reason: str, kind: LossKind = "dropped", *, text: str = ""
    ) -> None:
        """Record something that could not be carried over (``kind``: see :data:`LossKind`;
        ``text``: the words it leaves out)."""
        ...

    def text(self, node: Node) -> str:
        """The visible text of ``node`` (no scripts, styles or hidden elements)."""
        ...

    def blocks_of(self, nodes: Iterable[Node], ctx: Context) -> list[Block]:
        """Block content of a run of sibling nodes (elements and text), as if they were the
        whole content of one container: each element through its rule, inline runs as
        paragraphs. ``blocks_of([node], ctx)`` converts one element on its own (a column of a
        layout, the body of a callout without its title)."""
        ...


BlockRule = Callable[[Reader, Node, Context], "list[Block] | None"]
ClassRule = tuple[Callable[[Node], bool], BlockRule]


@dataclass
class RuleTable:
    """Element rules by tag name, plus predicate rules tried first, in order."""

    by_tag: dict[str, BlockRule] = field(default_factory=dict)
    by_predicate: list[ClassRule] = field(default_factory=list)
    #: file suffixes a link keeps pointing at as pages of the export (any other local file
    #: is attached); a source whose exports hold other pages (Notion's CSV databases) adds.
    documents: frozenset[str] = DOCUMENTS

    def copy(self) -> RuleTable:
        return RuleTable(dict(self.by_tag), list(self.by_predicate), self.documents)

    def rule_for(self, node: Node) -> BlockRule | None:
        for predicate, rule in self.by_predicate:
            if predicate(node):
                return rule
        return self.by_tag.get(node.tag or "")


@dataclass(frozen=True)
class ConvertOptions:
    """How documents are converted: what a caller chooses for a whole run (the command's
    options, a library call), handed to each document's conversion."""

    #: the element rules; None for the default table (or the source's own, built on it).
    rules: RuleTable | None = None
    #: keep a site's navigation, sidebars and search forms (:mod:`.chrome`) as content
    #: instead of leaving them out (``--keep-chrome``).
    keep_chrome: bool = False


#: the options of a conversion nobody chose anything for.
DEFAULT_OPTIONS = ConvertOptions()


def classes(node: Node) -> set[str]:
    """The element's class names."""
    raw = node.attributes.get("class") or ""
    return set(raw.split())


def span_text(spans: list[Span]) -> str:
    return "".join(s.text for s in spans)


def strip_spans(spans: list[Span]) -> list[Span]:
    """Spans without leading and trailing whitespace (or empty pieces)."""
    out = [s for s in spans if s.text]
    while out and out[0].kind == "text" and not out[0].text.strip():
        out.pop(0)
    while out and out[-1].kind == "text" and not out[-1].text.strip():
        out.pop()
    if out and out[0].kind == "text":
        out[0] = replace(out[0], text=out[0].text.lstrip())
    if out and out[-1].kind == "text":
        out[-1] = replace(out[-1], text=out[-1].text.rstrip())
    return out
