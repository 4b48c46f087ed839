"""The HTML walker: a DOM (selectolax/lexbor) -> the typed block tree, laid out as a browser would.

:class:`HtmlReader` walks a page's ``<body>`` and implements the
:class:`~notion_import.convert.html.base.Reader` protocol the element rules call back into.
How the walk goes:

- **Blocks and inline runs.** Children are visited in order with an explicit stack (no Python
  recursion for containers, so 10,000 nested ``<div>`` are fine). Text and inline elements
  accumulate into a run (:mod:`.inline`); a block-level element
  (:data:`~notion_import.convert.html.elements.BLOCK_TAGS`) ends the run, which becomes
  a :class:`~notion_import.convert.ir.Paragraph`. Whitespace collapses as in a browser outside
  ``<pre>``; ``<br>`` is a ``"\\n"`` in the paragraph's text; empty paragraphs are dropped.
- **Rules.** For each element the :class:`RuleTable` is asked first (predicate rules, then the
  tag). A rule returns blocks, or ``None`` to let the walker treat the element as transparent.
  A rule's result for an *inline* element that is a single plain :class:`Paragraph` is spliced
  into the surrounding text (that is how inline rules, e.g. a checkbox glyph or an inline
  equation, return spans); any other result ends the current paragraph and the blocks go in
  place — so an ``<img>`` in the middle of a paragraph splits it in two around the image.
- **Transparent containers.** Elements without a rule (div, section, span, custom ones...) give
  their content, formatted as the tag (:mod:`.elements`), ``style`` and classes say (:mod:`.css`).
- **Hidden content** (``HIDDEN_TAGS``, ``hidden``, ``display: none``, ``visibility: hidden``,
  comments) is skipped, except MathJax 2's ``<script type="math/...">``, offered to the rules.
- **Unsupported elements** (``UNSUPPORTED``: iframe, svg...) record a loss; their fallback
  content is kept, as a browser would.
- **Nesting.** Indented content goes under the block before it, and list levels written only
  in class names are nested, once a run's blocks are made (:mod:`.nesting`).
- **Depth.** Past :data:`MAX_DEPTH` rule levels the rest is plain text with a loss entry.
- **Spans.** :meth:`HtmlReader.spans` converts the children to blocks and flattens them into
  one text (paragraphs joined by ``"\\n"``; lists, quotes, code become text with a loss entry);
  images, tables and other blocks that cannot be text are *lifted*: placed right after the
  block whose rule asked for the spans (an image inside a heading follows the heading).
- **References.** :meth:`HtmlReader.link` and :meth:`HtmlReader.asset` resolve ``href`` and
  ``src`` through :mod:`.refs` and the page's ``FileLookup``; what cannot be kept keeps its
  text and records a loss; a linked local file that is not a page follows the text. Anchors
  go to their element's block or the nearest; self-links lose their link (:mod:`.anchors`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from typing import Any, Final, cast
from urllib.parse import unquote

from notion_import.convert.files import FileLookup
from notion_import.convert.html.anchors import names, navigation, place
from notion_import.convert.html.base import BlockRule, Context, Node, RuleTable
from notion_import.convert.html.css import NO_EFFECT, Effect, PageStyles, apply_effect
from notion_import.convert.html.elements import (
    AFFIXES,
    BLOCK_TAGS,
    CONTEXT_TAGS,
    HIDDEN_TAGS,
    INLINE_EFFECTS,
    PRE_TAGS,
    UNSUPPORTED,
    WIDGETS,
)
from notion_import.convert.html.inline import Run, spliceable
from notion_import.convert.html.nesting import NOT_NESTED, nest_indents, nest_levels, note_level
from notion_import.convert.html.refs import References, clean_href, has_scheme
from notion_import.convert.html.rules.indent import INDENTING, indented
from notion_import.convert.html.rules.media import file_block, file_kind
from notion_import.convert.html.text import is_hidden, locate, math_script, visible_text
from notion_import.convert.ir import (
    Asset,
    Block,
    Callout,
    Code,
    Equation,
    Heading,
    Image,
    Link,
    ListItem,
    Loss,
    LossKind,
    Marks,
    Media,
    Paragraph,
    Quote,
    Span,
    Toggle,
)

#: rule nesting past which a subtree is kept as plain text. Each level costs the walker, the
#: rules and later the serializer a handful of Python frames: 64 levels stay well inside the
#: default recursion limit of 1,000 even when the caller is itself deep (a list level is two:
#: the list and its item; real documents stay far below).
MAX_DEPTH: Final = 64

#: how list items read once flattened into text (a table cell, a heading).
_GLYPHS: Final = {"bulleted": "• ", "numbered": "– "}
_TODO: Final = {True: "☑ ", False: "☐ "}


class HtmlReader:
    """Walks one page; implements the :class:`~notion_import.convert.html.base.Reader` protocol.

    Beyond the protocol it offers :meth:`blocks_of` (the blocks of a run of sibling nodes) and
    :meth:`loss_once`, and collects ``assets``, ``losses``, ``links`` and ``metadata`` (rules
    may add page properties there, e.g. from a database row's property table).
    """

    def __init__(self, *, source: str, files: FileLookup | None, rules: RuleTable) -> None:
        self.source = source
        self.rules = rules
        self.refs = References(source=source, files=files)
        self.assets: list[Asset] = []
        self.losses: list[Loss] = []
        #: targets of internal links (export-relative paths), for the importer's link pass.
        self.links = self.refs.links
        self.metadata: dict[str, Any] = {}
        self.styles = PageStyles()
        self._asset_keys: set[tuple[str, str]] = set()
        self._loss_keys: set[Loss] = set()
        self._once: set[tuple[str, str]] = set()
        self._link_cache: dict[str, Link | None] = {}
        self._lifted: list[Block] = []
        #: anchors whose block was flattened into text or never made: for the block the
        #: rule being called returns (see :meth:`_call`).
        self._loose: list[str] = []
        #: files linked from text, placed after the text's block by :meth:`blocks_of`.
        self._attached: list[Block] = []
        self._node: Node | None = None

    # -- protocol: losses and text -------------------------------------------------------

    def loss(
        self, element: str, reason: str, kind: LossKind = "dropped", *, text: str = ""
    ) -> None:
        """Record something that could not be carried, located at the element being read
        (``text``: the words it leaves out)."""
        loss = Loss(element, reason, f"{self.source}: {locate(self._node)}", kind, text)
        if loss not in self._loss_keys:
            self._loss_keys.add(loss)
            self.losses.append(loss)

    def loss_once(self, element: str, reason: str, kind: LossKind = "dropped") -> None:
        """Record a loss once per page (for page-wide degradations such as heading levels)."""
        if (element, reason) not in self._once:
            self._once.add((element, reason))
            self.loss(element, reason, kind)

    def _not_nested(self, element: str) -> None:
        self.loss_once(element, NOT_NESTED, "approximated")

    def text(self, node: Node) -> str:
        """The visible text of ``node`` (see :func:`visible_text`)."""
        return visible_text(node, preformatted=node.tag in PRE_TAGS)

    def lifted(self) -> list[Block]:
        """Blocks lifted out of text that no rule placed yet (they end the page)."""
        return self._lifted

    def use_stylesheet(self, css: str) -> None:
        """Take the page's stylesheet (its ``<style>`` elements) for class-based formatting."""
        self.styles = PageStyles(css)

    # -- protocol: blocks and spans ------------------------------------------------------

    def blocks(self, node: Node, ctx: Context) -> list[Block]:
        """Block content of ``node``'s children."""
        return self.blocks_of(node.iter(include_text=True), ctx)

    def spans(self, node: Node, ctx: Context) -> list[Span]:
        """Inline content of ``node``'s children; blocks are flattened into lines of text and
        what cannot be text (images, tables...) is lifted after the current block."""
        kinds: list[str] = []
        spans: list[Span] = []
        self._flatten(self.blocks(node, ctx), spans, kinds)
        if kinds:
            names = ", ".join(sorted(set(kinds)))
            self.loss(
                node.tag or "?", f"{names} flattened into the text of <{node.tag}>", "approximated"
            )
        return spans

    def _flatten(self, blocks: list[Block], out: list[Span], kinds: list[str]) -> None:
        for block in blocks:
            spans: list[Span]
            if isinstance(block, Paragraph | Heading):
                spans = block.spans
            elif isinstance(block, ListItem):
                spans = [Span(_GLYPHS.get(block.style) or _TODO[block.checked]), *block.spans]
                kinds.append("list")
            elif isinstance(block, Quote | Callout | Toggle):
                spans = block.spans
                kinds.append(type(block).__name__.lower())
            elif isinstance(block, Code):
                spans = [Span(s.text, Marks(code=True), s.link) for s in block.as_spans()]
                kinds.append("code block")
            elif isinstance(block, Equation):
                spans = [Span(block.expression, kind="equation")]
            else:
                self._lifted.append(block)
                continue
            self._loose += block.anchors  # the flattened block's anchors: the asking rule's
            if out and spans:
                out.append(Span("\n"))
            out.extend(spans)
            if block.children:
                self._flatten(block.children, out, kinds)

    def blocks_of(self, nodes: Iterable[Node], ctx: Context) -> list[Block]:
        """Blocks of a run of sibling nodes (text, inline and block elements, in order)."""
        if ctx.depth > MAX_DEPTH:
            return self._too_deep(nodes)
        out: list[Block] = []
        run = Run()
        attached: list[Block] = []  # files linked from the text being gathered
        pending: list[str] = []  # anchors met since the last block: the next block's

        def flush() -> None:  # the text so far becomes blocks, then the files it links to
            start = len(out)
            run.flush(out)
            place(out, start, pending)
            if attached:
                out.extend(attached)
                attached.clear()

        levels: dict[int, int] | None = None
        rule_for = self.rules.rule_for
        by_tag = self.rules.by_tag
        styles = self.styles
        class_styles = bool(styles)
        stack: list[tuple[Iterator[Node], Context, bool, str]] = [(iter(nodes), ctx, False, "")]
        while stack:
            iterator, cur, boundary, suffix = stack[-1]
            for node in iterator:
                tag = node.tag
                if tag == "-text":
                    text = node.text_content
                    if text:
                        run.text(text, cur)
                    continue
                if not tag or tag[0] == "-":
                    continue
                if tag in HIDDEN_TAGS and not (tag == "script" and math_script(node)):
                    continue
                attrs = node.attributes
                if "hidden" in attrs:
                    continue
                if tag == "a" and "href" in attrs:
                    drop = navigation(node, attrs)
                    if drop == "all":
                        continue
                    if drop:  # a permalink to where it stands: its words without the link
                        attrs = {k: v for k, v in attrs.items() if k != "href"}
                anchors = names(tag, attrs) if "id" in attrs or "name" in attrs else ()
                if tag == "br" and "br" not in by_tag:
                    run.newline(cur)
                    continue
                if attrs.get("style") or tag == "font" or (class_styles and "class" in attrs):
                    effect = styles.effect(tag, attrs, tag not in BLOCK_TAGS)
                    if effect.hidden:
                        continue
                else:
                    effect = NO_EFFECT
                if effect is NO_EFFECT and tag not in CONTEXT_TAGS:
                    inner = cur
                else:
                    inner = self._derive(cur, node, tag, attrs, effect)
                    if self._attached:
                        attached.extend(self._attached)
                        self._attached.clear()
                rule = rule_for(node)
                if rule is None and effect.indent and tag in INDENTING:
                    rule = indented  # only a left margin: its content is indented
                if rule is not None:
                    result, lifted, loose = self._call(rule, node, inner)
                    if result is not None:
                        if tag in ("ul", "ol") and result:
                            levels = note_level(attrs.get("class") or "", result, levels)
                        spliced = tag not in BLOCK_TAGS and spliceable(result)
                        if spliced:
                            if tag in WIDGETS:  # boxes of their own: apart from the text
                                run.text(" ", cur)
                            run.extend(cast(Paragraph, result[0]).spans)
                            if tag in WIDGETS:
                                run.text(" ", cur)
                        elif result or tag in BLOCK_TAGS:
                            flush()
                        pending += (*anchors, *loose)
                        if result and not spliced:
                            out.extend(result)
                            place(out, len(out) - len(result), pending)
                        if lifted:
                            flush()
                            out.extend(lifted)
                        continue
                    if lifted:
                        flush()
                        out.extend(lifted)
                if tag == "script":
                    continue  # a math script no rule took: the rendered copy carries the text
                unsupported = UNSUPPORTED.get(tag)
                if unsupported is not None:
                    self._unsupported(node, attrs, unsupported[0])
                    if not unsupported[1]:
                        continue
                if tag == "br":
                    run.newline(cur)
                    continue
                block = tag in BLOCK_TAGS
                if block:
                    flush()
                pending += anchors
                affix = AFFIXES.get(tag)
                if affix is not None:
                    run.text(affix[0], inner)
                stack.append(
                    (node.iter(include_text=True), inner, block, affix[1] if affix else "")
                )
                break
            else:
                stack.pop()
                if suffix:
                    run.text(suffix, cur)
                if boundary:
                    flush()
        flush()
        place(out, len(out) - 1, pending)  # anchors after the last block: the nearest one
        self._loose += pending  # no block here: the block of the rule that asked has them
        if levels:
            out = nest_levels(out, levels)
        return nest_indents(out, self._not_nested)

    def _derive(
        self, cur: Context, node: Node, tag: str, attrs: dict[str, str | None], effect: Effect
    ) -> Context:
        """The context of an element's content."""
        marks = cur.marks
        tag_effect = INLINE_EFFECTS.get(tag)
        if tag_effect is not None:
            marks = apply_effect(marks, tag_effect)
        if effect is not NO_EFFECT:
            marks = apply_effect(marks, effect)
        link = cur.link
        if tag == "a":
            href = attrs.get("href")
            if href is not None:
                saved, self._node = self._node, node
                if not self._attach(href, node, cur):
                    link = self.link(href)
                self._node = saved
        preformatted = cur.preformatted or tag in PRE_TAGS or effect.preformatted
        if marks is cur.marks and link is cur.link and preformatted == cur.preformatted:
            return cur
        return Context(marks, link, preformatted, cur.list_depth, cur.depth)

    def _call(
        self, rule: BlockRule, node: Node, ctx: Context
    ) -> tuple[list[Block] | None, list[Block], list[str]]:
        """Run a rule one level deeper; returns its blocks, the blocks it lifted and the
        anchors of content it flattened (for its first block)."""
        saved_lifted, saved_node, saved_loose = self._lifted, self._node, self._loose
        self._lifted, self._loose = [], []
        self._node = node
        deeper = Context(ctx.marks, ctx.link, ctx.preformatted, ctx.list_depth, ctx.depth + 1)
        try:
            result = rule(self, node, deeper)
        except Exception as error:  # a faulty rule must not lose the whole page
            self.loss(
                node.tag or "?",
                f"could not be converted ({type(error).__name__}: {error}); "
                "its content is kept as plain blocks",
            )
            result = None
        finally:
            lifted, loose = self._lifted, self._loose
            self._lifted, self._loose = saved_lifted, saved_loose
            self._node = saved_node
        return result, lifted, loose

    def _unsupported(self, node: Node, attrs: dict[str, str | None], reason: str) -> None:
        source = attrs.get("src") or attrs.get("data")
        saved, self._node = self._node, node
        self.loss(node.tag or "?", f"{reason} ({source[:200]})" if source else reason)
        self._node = saved

    def _too_deep(self, nodes: Iterable[Node]) -> list[Block]:
        texts = [
            visible_text(node)
            for node in nodes
            if node.tag == "-text"
            or (
                node.tag
                and node.tag[0] != "-"
                and node.tag not in HIDDEN_TAGS
                and "hidden" not in node.attributes
                and not is_hidden(node, node.attributes)
            )
        ]
        text = "\n".join(t for t in texts if t)
        self.loss_once(
            "html",
            f"content nested more than {MAX_DEPTH} levels deep is kept as plain text",
            "approximated",
        )
        return [Paragraph([Span(text)])] if text else []

    # -- protocol: links and assets ------------------------------------------------------

    def link(self, href: str) -> Link | None:
        """A link target, or None with a loss entry (once per target) if it cannot be kept."""
        url = clean_href(href)
        if not url:
            return None
        if url in self._link_cache:
            return self._link_cache[url]
        found, reason = self.refs.link(url)
        if found is None and reason:
            self.loss("a", f"link to {url[:200]!r} {reason}; its text is kept")
        self._link_cache[url] = found
        return found

    def _attach(self, href: str, node: Node, ctx: Context) -> bool:
        """A link to a local file that is not a page (a PDF, a spreadsheet, an archive...):
        the file is carried as its own block right after the text, captioned with the link's
        text, since Notion's text cannot link to an uploaded file; around an image (a
        thumbnail opening the full picture) the link is dropped with a loss. True when taken
        so; links to pages and anything else are left to :meth:`link`."""
        url = clean_href(href)
        if not url or url.startswith(("#", "?", "//")) or has_scheme(url) or "\\" in url:
            return False
        path = unquote(url.partition("#")[0].partition("?")[0])
        suffix = posixpath.splitext(path)[1].lower()
        if not path or path.endswith("/") or suffix in self.rules.documents:
            return False
        asset, _ = self.resolve_asset(url.partition("#")[0])
        if asset is None or asset.kind != "local":
            return False  # missing or outside the export: :meth:`link` reports it
        kind = file_kind(asset.ref, asset.media_type)
        if kind in ("page", "flash"):
            return False
        media = node.css_first("img, picture, svg, video, audio, iframe, object, embed")
        if media is not None:
            shown, _ = self.resolve_asset(media.attributes.get("src") or "")
            if shown is not None and shown.ref == asset.ref:
                return True  # an image linking to itself: the image is all there is
            self.loss(
                "a",
                f"link to {path[:200]!r} around an image not carried (a Notion image "
                "cannot link); the image is kept",
            )
            return True
        self.keep_asset(asset)
        block = file_block(asset, kind)
        caption = (node.text(deep=True) or "").strip()
        if caption and isinstance(block, Image | Media):
            block.caption = [Span(" ".join(caption.split()), ctx.marks)]
        self._attached.append(block)
        return True

    def asset(self, ref: str, *, element: str) -> Asset | None:
        """A file the page references, or None with a loss entry."""
        found, reason = self.resolve_asset(ref)
        if found is None:
            shown = ref if len(ref) <= 200 else ref[:200] + "…"
            self.loss(element, f"{shown!r}: {reason}" if ref.strip() else reason)
            return None
        self.keep_asset(found)
        return found

    def keep_asset(self, asset: Asset) -> None:
        """Add an asset to the page's list (once)."""
        key = (asset.kind, asset.ref)
        if key not in self._asset_keys:
            self._asset_keys.add(key)
            self.assets.append(asset)

    def resolve_asset(self, ref: str) -> tuple[Asset | None, str]:
        """Resolve a ``src`` without recording anything: (asset, "") or (None, why not)."""
        return self.refs.resolve_asset(ref)
