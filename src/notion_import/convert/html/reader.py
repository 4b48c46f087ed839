"""The HTML walker: a DOM (selectolax/lexbor) -> the typed block tree, laid out as a browser would.

:func:`convert_html` parses a page and walks its ``<body>`` with an :class:`HtmlReader`, which
implements the :class:`~notion_import.convert.html.base.Reader` protocol the element rules
call back into. How the walk goes:

- **Blocks and inline runs.** Children are visited in order with an explicit stack (no Python
  recursion for containers, so 10,000 nested ``<div>`` are fine). Text and inline elements
  accumulate into a run; a block-level element (:data:`BLOCK_TAGS`) ends the run, which becomes
  a :class:`~notion_import.convert.ir.Paragraph`. Whitespace collapses as in a browser outside
  ``<pre>``; ``<br>`` is a ``"\\n"`` in the paragraph's text; empty paragraphs are dropped.
- **Rules.** For each element the :class:`RuleTable` is asked first (predicate rules, then the
  tag). A rule returns blocks, or ``None`` to let the walker treat the element as transparent.
  A rule's result for an *inline* element that is a single plain :class:`Paragraph` is spliced
  into the surrounding text (that is how inline rules, e.g. a checkbox glyph or an inline
  equation, return spans); any other result ends the current paragraph and the blocks go in
  place — so an ``<img>`` in the middle of a paragraph splits it in two around the image.
- **Transparent containers.** Elements without a rule (div, section, article, main, span,
  center, font, custom elements...) only contribute their content, with the formatting their
  tag (:data:`INLINE_EFFECTS`), ``style`` attribute and page stylesheet classes imply (bold,
  italic, underline, strikethrough, code for monospace fonts, text colour and — on inline
  elements only — background colour, mapped by :mod:`notion_import.convert.colors`).
- **Hidden content** (:data:`HIDDEN_TAGS`, the ``hidden`` attribute, ``display: none``,
  ``visibility: hidden``, comments) is skipped silently — except ``<script type="math/...">``
  (MathJax 2's TeX source), which is offered to the rules first.
- **Unsupported elements** without a rule (:data:`UNSUPPORTED`: iframe, video, svg, canvas,
  form fields...) record a :class:`~notion_import.convert.ir.Loss`; their fallback content is
  kept where a browser without support would show it.
- **Depth.** Each rule call goes one level deeper (``Context.depth``); past :data:`MAX_DEPTH`
  the rest of the subtree is kept as plain text with a loss entry, so hostile nesting cannot
  exhaust Python's recursion limit (nor the serializer's).
- **Spans.** :meth:`HtmlReader.spans` converts the children to blocks and flattens them into
  one text (paragraphs joined by ``"\\n"``; lists, quotes, code become text with a loss entry);
  images, tables and other blocks that cannot be text are *lifted*: placed right after the
  block whose rule asked for the spans (an image inside a heading follows the heading).
- **References.** :meth:`HtmlReader.link` and :meth:`HtmlReader.asset` resolve ``href`` and
  ``src`` values: http(s) and mailto links are kept, ``#anchors`` point into the page, relative
  links to files of the export become internal links (recorded in ``page.links``), local files
  are checked to exist and to stay inside the export root (symlinks included), ``data:`` URIs
  are decoded; anything else keeps its text and records a loss.
"""

from __future__ import annotations

import base64
import binascii
import gc
import hashlib
import importlib
import mimetypes
import os
import posixpath
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Final, NamedTuple, cast
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

from selectolax.lexbor import LexborHTMLParser

from notion_import.convert.colors import notion_color
from notion_import.convert.encoding import decode_html
from notion_import.convert.html.base import BlockRule, Context, Node, RuleTable
from notion_import.convert.html.media import file_block, file_kind
from notion_import.convert.ir import (
    PLAIN,
    Asset,
    Block,
    Callout,
    Code,
    ConvertedPage,
    Equation,
    Heading,
    Image,
    Link,
    ListItem,
    Loss,
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

#: Files a link keeps pointing at as pages of the export (any other local file is attached).
DOCUMENTS: Final = frozenset({".html", ".htm", ".xhtml", ".md", ".markdown", ".mdown"})

#: Elements that start and end a paragraph (a browser's block boxes).
BLOCK_TAGS: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "optgroup",
        "option", "p", "plaintext", "pre", "search", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
    }
)  # fmt: skip

#: Elements whose content is never shown: skipped silently.
HIDDEN_TAGS: Final = frozenset(
    {
        "head", "title", "script", "style", "template", "noscript", "noframes", "meta", "link",
        "base", "source", "track", "param", "datalist", "rp", "colgroup", "col", "area",
    }
)  # fmt: skip

#: Elements whose whitespace is kept.
PRE_TAGS: Final = frozenset({"pre", "listing", "xmp", "plaintext", "textarea"})


class Effect(NamedTuple):
    """What an element does to the formatting of its content (None: leaves it as it is)."""

    bold: bool | None = None
    italic: bool | None = None
    strikethrough: bool | None = None
    underline: bool | None = None
    code: bool | None = None
    #: a Notion text colour; ``"default"`` resets an inherited text colour.
    color: str | None = None
    #: a Notion ``*_background`` colour; ``"default"`` resets an inherited background.
    background: str | None = None
    hidden: bool = False
    preformatted: bool = False


NO_EFFECT: Final = Effect()

#: Inline formatting by tag. ``sub``, ``sup``, ``small``, ``big``, ``abbr`` have no Notion
#: equivalent and keep their text unformatted (see :mod:`.rules` for the loss policy).
INLINE_EFFECTS: Final[dict[str, Effect]] = {
    **dict.fromkeys(("b", "strong"), Effect(bold=True)),
    **dict.fromkeys(("i", "em", "cite", "var", "dfn", "address"), Effect(italic=True)),
    **dict.fromkeys(("u", "ins"), Effect(underline=True)),
    **dict.fromkeys(("s", "strike", "del"), Effect(strikethrough=True)),
    **dict.fromkeys(("code", "kbd", "samp", "tt"), Effect(code=True)),
    "mark": Effect(background="yellow_background"),
}

#: Text a browser draws around an element's content.
AFFIXES: Final[dict[str, tuple[str, str]]] = {
    "q": ("“", "”"),
    "rt": (" (", ")"),
    "button": (" ", " "),
}
#: Form controls a browser draws as boxes of their own: their text is kept apart by spaces.
WIDGETS: Final = frozenset({"input", "textarea", "select", "button"})

#: Elements with no rule and no Notion equivalent -> (what the loss says, keep the content?).
#: Content is kept where a browser that does not support the element would show it.
UNSUPPORTED: Final[dict[str, tuple[str, bool]]] = {
    "iframe": ("embedded frame not carried", False),
    "frame": ("frame not carried", False),
    "frameset": ("frames not carried", True),
    "object": ("embedded object not carried; its fallback content is kept", True),
    "embed": ("embedded content not carried", False),
    "applet": ("applet not carried; its fallback content is kept", True),
    "video": ("video not carried; its fallback content is kept", True),
    "audio": ("audio not carried; its fallback content is kept", True),
    "svg": ("inline SVG drawing not carried", False),
    "math": ("MathML formula kept as plain text", True),
    "canvas": ("canvas drawing not carried", False),
    "select": ("drop-down list not carried", False),
    "table": ("table layout not kept: cells become paragraphs", True),
    "portal": ("embedded page not carried", False),
}

#: how list items read once flattened into text (a table cell, a heading).
_GLYPHS: Final = {"bulleted": "• ", "numbered": "– "}
_TODO: Final = {True: "☑ ", False: "☐ "}

_WS: Final = re.compile(r"[ \t\n\r\f]+")
_CONTROLS: Final = dict.fromkeys([*range(9), 11, 12, *range(14, 32), 127, 0xFEFF])
_HAS_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LIST_LEVEL: Final = re.compile(r"\blst-kix_\w+-(\d+)\b")
_MONOSPACE: Final = re.compile(
    r"mono|courier|consolas|monaco|menlo|inconsolata|lucida console|source code|fira code"
    r"|cascadia|\bhack\b"
)
_URL_SAFE: Final = ":/?#[]@!$&'()*+,;=%~"
#: what is trimmed from both ends of a URL (a browser trims C0 controls and spaces:
#: ``"\x01javascript:..."`` is a javascript: URL).
_URL_TRIM: Final = re.compile(r"^[\x00-\x20\s]+|[\x00-\x20\s]+$")

#: rule modules registered after the core rules, in this order (later ones win).
#: tags that change the context of their content by themselves.
_CONTEXT_TAGS: Final = frozenset({*INLINE_EFFECTS, "a", *PRE_TAGS})

OPTIONAL_MODULES: Final = ("tables", "media", "math", "admonitions", "layout", "notion")


# -- CSS --------------------------------------------------------------------------------------


def _font_weight(value: str, inline: bool) -> dict[str, Any]:
    if value in ("bold", "bolder"):
        return {"bold": True}
    if value in ("normal", "lighter"):
        return {"bold": False}
    if value.isdigit():
        return {"bold": int(value) >= 600}
    return {}


def _font_style(value: str, inline: bool) -> dict[str, Any]:
    if value.startswith(("italic", "oblique")):
        return {"italic": True}
    return {"italic": False} if value == "normal" else {}


def _text_decoration(value: str, inline: bool) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if "underline" in value:
        changes["underline"] = True
    if "line-through" in value:
        changes["strikethrough"] = True
    return changes  # "none" does not undo an ancestor's decoration in CSS


def _font_family(value: str, inline: bool) -> dict[str, Any]:
    return {"code": True} if inline and _MONOSPACE.search(value) else {}


def _font(value: str, inline: bool) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    words = value.replace(",", " ").split()
    if "bold" in words or any(w.isdigit() and int(w) >= 600 for w in words):
        changes["bold"] = True
    if "italic" in words or "oblique" in words:
        changes["italic"] = True
    changes.update(_font_family(value, inline))
    return changes


def _color(value: str, inline: bool) -> dict[str, Any]:
    color = notion_color(value)
    return {} if color is None else {"color": color}


_COLOR_TOKEN: Final = re.compile(r"#[0-9a-f]{3,8}\b|(?:rgb|hsl)a?\([^)]*\)|[a-z]+")


def _background(value: str, inline: bool) -> dict[str, Any]:
    if not inline:
        return {}  # a block's background is a box, not a highlight of its text
    color = notion_color(value, background=True)
    if color is None:  # the shorthand: find the colour among images, positions...
        for token in _COLOR_TOKEN.findall(value):
            color = notion_color(token, background=True)
            if color is not None:
                break
    return {} if color is None else {"background": color}


def _display(value: str, inline: bool) -> dict[str, Any]:
    return {"hidden": True} if value == "none" else {}


def _visibility(value: str, inline: bool) -> dict[str, Any]:
    return {"hidden": True} if value in ("hidden", "collapse") else {}


def _white_space(value: str, inline: bool) -> dict[str, Any]:
    return {"preformatted": value.startswith(("pre", "break-spaces"))}


#: CSS properties the walker reads -> what they mean for the content.
CSS_PROPERTIES: Final = {
    "font-weight": _font_weight,
    "font-style": _font_style,
    "text-decoration": _text_decoration,
    "text-decoration-line": _text_decoration,
    "font-family": _font_family,
    "font": _font,
    "color": _color,
    "background-color": _background,
    "background": _background,
    "display": _display,
    "visibility": _visibility,
    "white-space": _white_space,
}


@lru_cache(maxsize=8192)
def style_effect(declarations: str, inline: bool) -> Effect:
    """The effect of CSS declarations (``"color: red; font-weight: bold"``); later ones win."""
    changes: dict[str, Any] = {}
    for declaration in declarations.split(";"):
        name, _, value = declaration.partition(":")
        handler = CSS_PROPERTIES.get(name.strip().lower())
        if handler is not None:
            value = value.strip().lower().removesuffix("!important").strip()
            changes.update(handler(value, inline))
    return Effect(**changes) if changes else NO_EFFECT


@lru_cache(maxsize=8192)
def apply_effect(marks: Marks, effect: Effect) -> Marks:
    """``marks`` changed by ``effect``; a background highlight wins over a text colour."""
    color = marks.color
    if effect.background is not None and effect.background != "default":
        color = effect.background
    else:
        if effect.background == "default" and color.endswith("_background"):
            color = "default"
        if effect.color is not None and not color.endswith("_background"):
            color = effect.color
    return Marks(
        bold=marks.bold if effect.bold is None else effect.bold,
        italic=marks.italic if effect.italic is None else effect.italic,
        strikethrough=marks.strikethrough if effect.strikethrough is None else effect.strikethrough,
        underline=marks.underline if effect.underline is None else effect.underline,
        code=marks.code if effect.code is None else effect.code,
        color=color,
    )


_CSS_COMMENT: Final = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_RULE: Final = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR: Final = re.compile(r"(?:[a-z][a-z0-9]*)?\.([\w-]+)", re.IGNORECASE)


def class_styles(css: str) -> dict[str, str]:
    """Declarations of simple class selectors (``.c5``, ``span.c5``) in a stylesheet.

    Enough for exports that format through classes (Google Docs: ``.c5{font-weight:700}``);
    rules inside at-rules (``@media``...) and complex selectors are ignored.
    """
    css = _drop_at_rules(_CSS_COMMENT.sub("", css))
    found: dict[str, str] = {}
    for selectors, body in _CSS_RULE.findall(css):
        kept = ";".join(
            d for d in body.split(";") if d.partition(":")[0].strip().lower() in CSS_PROPERTIES
        )
        if not kept:
            continue
        for selector in selectors.split(","):
            match = _CLASS_SELECTOR.fullmatch(selector.strip())
            if match:
                name = match.group(1)
                found[name] = f"{found[name]};{kept}" if name in found else kept
    return found


def _drop_at_rules(css: str) -> str:
    out: list[str] = []
    index = 0
    while True:
        at = css.find("@", index)
        if at < 0:
            out.append(css[index:])
            return "".join(out)
        out.append(css[index:at])
        brace = css.find("{", at)
        semicolon = css.find(";", at)
        if brace < 0 or (0 <= semicolon < brace):  # @import ...; @charset ...;
            index = len(css) if semicolon < 0 else semicolon + 1
            continue
        depth = 0
        index = brace
        while index < len(css):
            if css[index] == "{":
                depth += 1
            elif css[index] == "}":
                depth -= 1
                if depth == 0:
                    break
            index += 1
        index += 1


# -- text --------------------------------------------------------------------------------------


class _Run:
    """The inline content of the paragraph being built, with browser whitespace rules."""

    __slots__ = ("link", "marks", "space", "spans", "texts")

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.texts: list[str] = []
        self.marks: Marks | None = None
        self.link: Link | None = None
        #: the last character was collapsible white space or a line start.
        self.space = True

    def _switch(self, marks: Marks, link: Link | None) -> None:
        if self.texts:
            self.spans.append(Span("".join(self.texts), self.marks or PLAIN, self.link))
            self.texts = []
        self.marks = marks
        self.link = link

    def text(self, raw: str, ctx: Context) -> None:
        if ctx.preformatted:
            text = raw
        else:
            text = _WS.sub(" ", raw)
            if text[0] == " " and self.space:
                text = text[1:]
                if not text:
                    return
        if ctx.marks is not self.marks or ctx.link is not self.link:
            self._switch(ctx.marks, ctx.link)
        self.texts.append(text)
        self.space = text[-1] == " " and not ctx.preformatted

    def newline(self, ctx: Context) -> None:
        if not ctx.preformatted:
            self._trim_end()  # a space before a line break does not show
        if ctx.marks is not self.marks or ctx.link is not self.link:
            self._switch(ctx.marks, ctx.link)
        self.texts.append("\n")
        self.space = True

    def extend(self, spans: list[Span]) -> None:
        self._switch(PLAIN, None)
        self.marks = None
        self.spans.extend(spans)
        if spans:
            last = spans[-1].text
            self.space = not last or last[-1] in " \n"

    def _trim_end(self) -> None:
        if self.texts:
            if self.texts[-1].endswith(" "):
                self.texts[-1] = self.texts[-1].rstrip(" ")
        elif self.spans and self.spans[-1].text.endswith(" "):
            last = self.spans[-1]
            self.spans[-1] = Span(last.text.rstrip(" "), last.marks, last.link, last.kind)

    def take(self) -> list[Span] | None:
        """The finished paragraph's spans (trimmed), or None if it holds no visible text."""
        self._switch(PLAIN, None)
        self.marks = None
        spans = self.spans
        self.spans = []
        self.space = True
        if not spans:
            return None
        return _trim(spans)

    def flush(self, out: list[Block]) -> None:
        spans = self.take()
        if spans:
            out.append(Paragraph(spans))


def _trim(spans: list[Span]) -> list[Span] | None:
    """Clean spans: control characters out, outer spaces and line breaks off; None if blank."""
    cleaned = [
        Span(s.text.translate(_CONTROLS), s.marks, s.link)
        if s.kind == "text" and _HAS_CONTROL.search(s.text)
        else s
        for s in spans
    ]
    visible = False
    for span in cleaned:
        if span.kind != "text" or span.text.strip():
            visible = True
            break
    if not visible:
        return None
    while cleaned[0].kind == "text" and not cleaned[0].text.lstrip(" \n"):
        cleaned.pop(0)
    while cleaned[-1].kind == "text" and not cleaned[-1].text.rstrip(" \n"):
        cleaned.pop()
    first = cleaned[0]
    if first.kind == "text":
        cleaned[0] = Span(first.text.lstrip(" \n"), first.marks, first.link)
    last = cleaned[-1]
    if last.kind == "text":
        cleaned[-1] = Span(last.text.rstrip(" \n"), last.marks, last.link)
    return cleaned


def collapse(text: str) -> str:
    """Browser white-space collapsing of a piece of text, trimmed."""
    return _WS.sub(" ", text).strip()


def visible_text(node: Node, *, preformatted: bool = False) -> str:
    """The visible text of ``node``: hidden content skipped, ``<br>`` and blocks as line breaks.

    With ``preformatted`` the text keeps its white space (code); otherwise it is collapsed.
    Iterative: any nesting depth.
    """
    if node.tag == "-text":
        raw = node.text_content or ""
        return raw if preformatted else collapse(raw)
    parts: list[str] = []
    stack: list[tuple[Iterator[Node], bool]] = [(node.iter(include_text=True), False)]
    while stack:
        iterator, block = stack[-1]
        for child in iterator:
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
                continue
            if not tag or tag[0] == "-" or tag in HIDDEN_TAGS:
                continue
            if tag == "br":
                parts.append("\n")
                continue
            attrs = child.attributes
            if "hidden" in attrs or is_hidden(child, attrs):
                continue
            child_block = tag in BLOCK_TAGS
            if child_block and parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            stack.append((child.iter(include_text=True), child_block))
            break
        else:
            stack.pop()
            if block and parts and not parts[-1].endswith("\n"):
                parts.append("\n")
    text = "".join(parts).translate(_CONTROLS)
    if preformatted:
        return text.lstrip("\n").rstrip()
    lines = (collapse(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _math_script(node: Node) -> bool:
    """MathJax 2 keeps TeX in ``<script type="math/tex">``: rules may want to see it."""
    return (node.attributes.get("type") or "").lower().startswith("math/")


def is_hidden(node: Node, attrs: dict[str, str | None] | None = None) -> bool:
    """Hidden by its style (``display: none``, ``visibility: hidden``) or a hidden input."""
    attrs = node.attributes if attrs is None else attrs
    style = attrs.get("style")
    if style and ("none" in style or "hidden" in style or "collapse" in style):
        return style_effect(style, node.tag not in BLOCK_TAGS).hidden
    if node.tag == "input":
        return (attrs.get("type") or "").lower() == "hidden"
    return False


def locate(node: Node | None) -> str:
    """A short locator for messages: up to four ancestors, stopping at one with an id."""
    parts: list[str] = []
    current = node
    while current is not None and len(parts) < 4:
        tag = current.tag
        if not tag or tag in ("html", "body", "-document"):
            break
        if tag[0] == "-":
            current = current.parent
            continue
        ident = current.attributes.get("id")
        parts.append(f"{tag}#{ident}" if ident else tag)
        if ident:
            break
        current = current.parent
    return " > ".join(reversed(parts)) or "body"


# -- the walker --------------------------------------------------------------------------------


class HtmlReader:
    """Walks one page; implements the :class:`~notion_import.convert.html.base.Reader` protocol.

    Beyond the protocol it offers :meth:`blocks_of` (the blocks of a run of sibling nodes) and
    :meth:`loss_once`, and collects ``assets``, ``losses``, ``links`` and ``metadata`` (rules
    may add page properties there, e.g. from a database row's property table).
    """

    def __init__(self, *, source: str, root: Path | None, rules: RuleTable) -> None:
        self.source = source
        self.rules = rules
        self.root = root.resolve() if root is not None else None
        self._root = str(self.root) if self.root is not None else None
        self._real_dirs: set[str] = set()
        self.assets: list[Asset] = []
        self.losses: list[Loss] = []
        self.links: list[str] = []
        self.metadata: dict[str, Any] = {}
        self._page_dir = posixpath.dirname(source)
        self._asset_keys: set[tuple[str, str]] = set()
        self._loss_keys: set[Loss] = set()
        self._once: set[tuple[str, str]] = set()
        self._link_cache: dict[str, Link | None] = {}
        self._targets: set[str] = set()
        self._asset_cache: dict[str, tuple[Asset | None, str]] = {}
        self._class_styles: dict[str, str] = {}
        self._class_cache: dict[str, str] = {}
        self._lifted: list[Block] = []
        #: files linked from text, placed after the text's block by :meth:`blocks_of`.
        self._attached: list[Block] = []
        self._node: Node | None = None

    # -- protocol: losses and text -------------------------------------------------------

    def loss(self, element: str, reason: str) -> None:
        """Record something that could not be carried, located at the element being read."""
        loss = Loss(element, reason, f"{self.source}: {locate(self._node)}")
        if loss not in self._loss_keys:
            self._loss_keys.add(loss)
            self.losses.append(loss)

    def loss_once(self, element: str, reason: str) -> None:
        """Record a loss once per page (for page-wide degradations such as heading levels)."""
        if (element, reason) not in self._once:
            self._once.add((element, reason))
            self.loss(element, reason)

    def text(self, node: Node) -> str:
        """The visible text of ``node`` (see :func:`visible_text`)."""
        return visible_text(node, preformatted=node.tag in PRE_TAGS)

    def use_stylesheet(self, parser: LexborHTMLParser) -> None:
        """Read the page's ``<style>`` elements for class-based formatting."""
        css = "\n".join(node.text() for node in parser.css("style"))
        if css.strip():
            self._class_styles = class_styles(css)

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
            self.loss(node.tag or "?", f"{names} flattened into the text of <{node.tag}>")
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
                spans = [Span(block.text, Marks(code=True))]
                kinds.append("code block")
            elif isinstance(block, Equation):
                spans = [Span(block.expression, kind="equation")]
            else:
                self._lifted.append(block)
                continue
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
        run = _Run()
        attached: list[Block] = []  # files linked from the text being gathered

        def flush() -> None:  # the text so far becomes blocks, then the files it links to
            run.flush(out)
            if attached:
                out.extend(attached)
                attached.clear()

        levels: dict[int, int] | None = None
        rule_for = self.rules.rule_for
        by_tag = self.rules.by_tag
        class_styles = bool(self._class_styles)
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
                if tag in HIDDEN_TAGS and not (tag == "script" and _math_script(node)):
                    continue
                attrs = node.attributes
                if "hidden" in attrs:
                    continue
                if tag == "br" and "br" not in by_tag:
                    run.newline(cur)
                    continue
                if attrs.get("style") or tag == "font" or (class_styles and "class" in attrs):
                    effect = self._effect(tag, attrs)
                    if effect.hidden:
                        continue
                else:
                    effect = NO_EFFECT
                if effect is NO_EFFECT and tag not in _CONTEXT_TAGS:
                    inner = cur
                else:
                    inner = self._derive(cur, node, tag, attrs, effect)
                    if self._attached:
                        attached.extend(self._attached)
                        self._attached.clear()
                rule = rule_for(node)
                if rule is not None:
                    result, lifted = self._call(rule, node, inner)
                    if result is not None:
                        if tag in ("ul", "ol") and result:
                            levels = self._note_level(attrs, result, levels)
                        if tag not in BLOCK_TAGS and _spliceable(result):
                            if tag in WIDGETS:  # boxes of their own: apart from the text
                                run.text(" ", cur)
                            run.extend(cast(Paragraph, result[0]).spans)
                            if tag in WIDGETS:
                                run.text(" ", cur)
                        elif result or tag in BLOCK_TAGS:
                            flush()
                            out.extend(result)
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
        if levels:
            out = _nest_levels(out, levels)
        return out

    def _effect(self, tag: str, attrs: dict[str, str | None]) -> Effect:
        style = attrs.get("style")
        declarations = style or ""
        if self._class_styles:
            names = attrs.get("class")
            if names:
                from_classes = self._class_cache.get(names)
                if from_classes is None:
                    styles = self._class_styles
                    from_classes = ";".join(styles[c] for c in names.split() if c in styles)
                    self._class_cache[names] = from_classes
                if from_classes:
                    declarations = f"{from_classes};{declarations}"
        if tag == "font":
            color, face = attrs.get("color"), attrs.get("face")
            declarations = f"color:{color or ''};font-family:{face or ''};{declarations}"
        if not declarations:
            return NO_EFFECT
        return style_effect(declarations, tag not in BLOCK_TAGS)

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
    ) -> tuple[list[Block] | None, list[Block]]:
        """Run a rule one level deeper; returns its blocks and the blocks it lifted."""
        saved_lifted, saved_node = self._lifted, self._node
        self._lifted = []
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
            lifted = self._lifted
            self._lifted = saved_lifted
            self._node = saved_node
        return result, lifted

    def _unsupported(self, node: Node, attrs: dict[str, str | None], reason: str) -> None:
        source = attrs.get("src") or attrs.get("data")
        saved, self._node = self._node, node
        self.loss(node.tag or "?", f"{reason} ({source[:200]})" if source else reason)
        self._node = saved

    def _note_level(
        self, attrs: dict[str, str | None], result: list[Block], levels: dict[int, int] | None
    ) -> dict[int, int] | None:
        """Lists whose level is only in a class name (Google Docs: ``lst-kix_<id>-<level>``)."""
        match = _LIST_LEVEL.search(attrs.get("class") or "")
        if match is None:
            return levels
        levels = {} if levels is None else levels
        for block in result:
            if isinstance(block, ListItem):
                levels[id(block)] = int(match.group(1))
        return levels

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
        )
        return [Paragraph([Span(text)])] if text else []

    # -- protocol: links and assets ------------------------------------------------------

    def link(self, href: str) -> Link | None:
        """A link target, or None with a loss entry (once per target) if it cannot be kept."""
        url = _clean_href(href)
        if not url:
            return None
        if url in self._link_cache:
            return self._link_cache[url]
        found, reason = self._resolve_link(url)
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
        url = _clean_href(href)
        if not url or url.startswith(("#", "?", "//")) or _SCHEME.match(url) or "\\" in url:
            return False
        path = unquote(url.partition("#")[0].partition("?")[0])
        if not path or path.endswith("/") or posixpath.splitext(path)[1].lower() in DOCUMENTS:
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

    def _resolve_link(self, url: str) -> tuple[Link | None, str]:
        if url.startswith("#"):
            return self._self_link(url[1:]), ""
        if url.startswith("//"):
            url = "https:" + url
        scheme = _SCHEME.match(url)
        if scheme is not None and len(scheme.group(1)) > 1:
            name = scheme.group(1).lower()
            if name in ("http", "https"):
                external = external_url(url)
                if external is None:
                    return None, "has no host"
                return Link(external), ""
            if name == "mailto":
                address = url[len(name) + 1 :]
                if not address.strip():
                    return None, "has no address"
                return Link("mailto:" + quote(address, safe=_URL_SAFE)), ""
            return None, f"uses the {name}: scheme, which Notion cannot link to"
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
        if not path:
            return self._self_link(fragment), ""
        target, reason = self._local(path, want="page")
        if target is None:
            return None, reason
        if target == self.source:
            return self._self_link(fragment), ""
        if target not in self._targets:
            self._targets.add(target)
            self.links.append(target)
        return Link(f"{target}#{fragment}" if fragment else target, internal=True), ""

    def _self_link(self, fragment: str) -> Link:
        return Link(f"{self.source}#{fragment}" if fragment else self.source, internal=True)

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
        key = ref
        cached = self._asset_cache.get(key)
        if cached is not None:
            return cached
        ref = ref.strip()
        found: tuple[Asset | None, str]
        if not ref:
            found = None, "no source given"
        elif ref[:5].lower() == "data:":
            found = data_asset(ref)
        else:
            if ref.startswith("//"):
                ref = "https:" + ref
            scheme = _SCHEME.match(ref)
            if scheme is not None and len(scheme.group(1)) > 1:
                name = scheme.group(1).lower()
                external = external_url(ref) if name in ("http", "https") else None
                if external is not None:
                    found = Asset(kind="remote", ref=external), ""
                elif name in ("http", "https"):
                    found = None, "URL without a host"
                else:
                    found = None, f"{name}: sources cannot be carried"
            else:
                path = ref.partition("#")[0].partition("?")[0]
                target, reason = self._local(path, want="file")
                if target is None:
                    found = None, reason
                else:
                    name = posixpath.basename(target)
                    media_type = mimetypes.guess_type(name)[0]
                    found = Asset(kind="local", ref=target, media_type=media_type, name=name), ""
        self._asset_cache[key] = found
        return found

    def _local(self, path: str, *, want: str) -> tuple[str | None, str]:
        """A relative reference -> an export-relative path that exists, or (None, why not)."""
        decoded = unquote(path.replace("\\", "/"))
        candidates = [decoded]
        if "%" in decoded:  # double-encoded names (Notion's export)
            candidates.append(unquote(decoded))
        if decoded != path:
            candidates.append(path)
        reason = "is not in the export"
        for candidate in candidates:
            target, reason = self._inside(candidate, want)
            if target is not None:
                return target, ""
        return None, reason

    def _inside(self, path: str, want: str) -> tuple[str | None, str]:
        if "\x00" in path:
            return None, "is not a valid path"
        # a root-relative path ("/img/a.png") is relative to the export root
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(self._page_dir, path)
        target = posixpath.normpath(joined) if joined else "."
        if target == ".." or target.startswith("../"):
            return None, "points outside the export"
        if self.root is None:
            return (None, "is not a file") if target == "." else (target, "")
        found, reason = self._real(target)
        if found is None:
            return None, reason
        real, status = found
        if stat.S_ISDIR(status.st_mode):
            if want == "page":
                for index in ("index.html", "index.htm"):
                    inner, _ = self._real(posixpath.join(real, index) if real != "." else index)
                    if inner is not None and stat.S_ISREG(inner[1].st_mode):
                        return inner[0], ""
            return None, "is a folder"
        if not stat.S_ISREG(status.st_mode):
            return None, "is not a regular file"
        return real, ""

    def _real(self, target: str) -> tuple[tuple[str, os.stat_result] | None, str]:
        """Check an export-relative path on disk: (real relative path, its status) or
        (None, why not). Symbolic links are followed and must stay inside the root; folders
        already checked on this page are not checked again."""
        assert self._root is not None
        parts = [] if target == "." else target.split("/")
        prefix = self._root
        try:
            status = os.stat(prefix)
            for index, part in enumerate(parts):
                prefix = f"{prefix}/{part}"
                last = index == len(parts) - 1
                if not last and prefix in self._real_dirs:
                    continue
                status = os.lstat(prefix)
                if stat.S_ISLNK(status.st_mode):
                    return self._through_link(target)
                if not last:
                    if not stat.S_ISDIR(status.st_mode):
                        return None, "is not in the export"
                    self._real_dirs.add(prefix)
        except (OSError, ValueError):
            return None, "is not in the export"
        return (target, status), ""

    def _through_link(self, target: str) -> tuple[tuple[str, os.stat_result] | None, str]:
        assert self._root is not None
        try:
            real = os.path.realpath(os.path.join(self._root, target))
            if os.path.commonpath([real, self._root]) != self._root:
                return None, "points outside the export (through a symbolic link)"
            status = os.stat(real)
        except (OSError, ValueError):
            return None, "is not in the export"
        relative = os.path.relpath(real, self._root).replace(os.sep, "/")
        return (relative, status), ""


def _clean_href(href: str) -> str:
    """A link's address as a browser reads it: tabs and line breaks dropped, control
    characters and spaces trimmed."""
    return _URL_TRIM.sub("", href.replace("\n", "").replace("\t", "").replace("\r", ""))


def _spliceable(result: list[Block]) -> bool:
    if len(result) != 1:
        return False
    block = result[0]
    return type(block) is Paragraph and not block.children and block.color == "default"


def _nest_levels(blocks: list[Block], levels: dict[int, int]) -> list[Block]:
    """Put list items of deeper levels under the last item of the level above."""
    out: list[Block] = []
    stack: list[tuple[int, ListItem]] = []
    for block in blocks:
        level = levels.get(id(block))
        if level is None or not isinstance(block, ListItem):
            out.append(block)
            stack.clear()
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        if stack:
            stack[-1][1].children.append(block)
        else:
            out.append(block)
        stack.append((level, block))
    return out


# -- references ---------------------------------------------------------------------------------


def external_url(url: str) -> str | None:
    """An http(s) URL made safe for Notion (spaces and other characters escaped), or None
    if it has no valid host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.netloc or not parts.hostname:
        return None
    netloc = parts.netloc
    if any(c.isspace() or c in '<>"{}|\\^`' for c in netloc):
        return None  # no valid host (a typo such as "trac er.debian.org")
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    rest = url[url.index(parts.netloc) + len(parts.netloc) :]
    return f"{parts.scheme.lower()}://{netloc}{quote(rest, safe=_URL_SAFE)}"


def data_asset(ref: str) -> tuple[Asset | None, str]:
    """Decode a ``data:`` URI into an embedded asset."""
    header, comma, payload = ref[5:].partition(",")
    if not comma:
        return None, "malformed data: URI"
    params = [p.strip().lower() for p in header.split(";")]
    media_type = params[0] or "text/plain"
    try:
        if "base64" in params[1:]:
            cleaned = "".join(unquote(payload).split())
            data = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))
        else:
            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None, "data: URI that does not decode"
    if not data:
        return None, "empty data: URI"
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]
    name = f"data-{digest}{mimetypes.guess_extension(media_type) or ''}"
    return Asset(kind="data", ref=name, media_type=media_type, data=data, name=name), ""


# -- the page ------------------------------------------------------------------------------------

#: ``<meta name|property>`` -> metadata key (scalar keys: the first one found wins).
META_KEYS: Final[dict[str, str]] = {
    "author": "author", "article:author": "author", "dc.creator": "author",
    "dcterms.creator": "author", "creator": "author",
    "date": "date", "dc.date": "date", "dcterms.date": "date", "dcterms.created": "date",
    "dc.date.created": "date", "article:published_time": "date", "created": "date",
    "citation_publication_date": "date",
    "updated": "updated", "dcterms.modified": "updated", "article:modified_time": "updated",
    "last-modified": "updated", "revised": "updated", "og:updated_time": "updated",
    "description": "description", "og:description": "description",
    "dc.description": "description", "dcterms.description": "description",
    "keywords": "tags", "news_keywords": "tags", "article:tag": "tags", "tags": "tags",
    "og:url": "source_url", "source-url": "source_url", "original-source": "source_url",
    "generator": "generator", "exporter-version": "exporter",
}  # fmt: skip

_TAG_SPLIT: Final = re.compile(r"[,;，、]")


def page_metadata(parser: LexborHTMLParser) -> dict[str, Any]:
    """Author, date, updated, tags, description, source URL, generator/exporter, language,
    and every named ``<meta>`` under ``"meta"``."""
    metadata: dict[str, Any] = {}
    tags: list[str] = []
    raw: dict[str, str] = {}
    for node in parser.css("meta[content], link[rel][href], html[lang]"):
        attrs = node.attributes
        if node.tag == "html":
            metadata.setdefault("language", (attrs.get("lang") or "").strip())
            continue
        if node.tag == "link":
            rels = (attrs.get("rel") or "").lower().split()
            if "canonical" in rels:
                metadata.setdefault("source_url", (attrs.get("href") or "").strip())
            continue
        name = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        if not name or not content:
            continue
        raw.setdefault(name, content)
        key = META_KEYS.get(name)
        if key == "tags":
            tags.extend(t.strip() for t in _TAG_SPLIT.split(content) if t.strip())
        elif key is not None:
            metadata.setdefault(key, content)
    if tags:
        metadata["tags"] = list(dict.fromkeys(tags))
    if raw:
        metadata["meta"] = raw
    return {k: v for k, v in metadata.items() if v}


def page_title(parser: LexborHTMLParser, source: str) -> str:
    """``<title>``, else the first ``<h1>``, else the first heading, else the file's stem."""
    head = parser.head
    node = head.css_first("title") if head is not None else None
    title = collapse(node.text()) if node is not None else ""
    for selector in ("h1", "h2, h3, h4, h5, h6"):
        if title:
            break
        heading = parser.css_first(selector)
        if heading is not None:
            title = collapse(visible_text(heading))
    return title or PurePosixPath(source).stem or source


def default_rules() -> RuleTable:
    """The core element rules, then the optional rule modules (tables, media, math, layout,
    Notion's export), each registering into the same table; later ones win on conflicts."""
    from notion_import.convert.html import rules as core

    table = RuleTable()
    core.register(table)
    for name in OPTIONAL_MODULES:
        module_name = f"notion_import.convert.html.{name}"
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            if error.name != module_name:
                raise
            continue
        module.register(table)
    return table


_DEFAULT: list[RuleTable] = []


def _default_table() -> RuleTable:
    if not _DEFAULT:
        _DEFAULT.append(default_rules())
    return _DEFAULT[0]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a page is converted.

    A page's tree holds no reference cycles (refcounting frees it), but its hundreds of
    thousands of small objects trigger collections that scan every live object again and
    again: on a 20 MB page that doubles the time. The collector's previous state is restored.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def convert_html(
    html: str | bytes,
    *,
    source: str,
    root: Path | None = None,
    rules: RuleTable | None = None,
    encoding: str | None = None,
) -> ConvertedPage:
    """Convert one HTML page.

    ``source`` is the page's path relative to the export root (it locates relative links and
    files, and appears in loss entries); ``root`` is the export root on disk, used to check
    that local files exist and stay inside it (without it, local paths are normalized and kept
    unchecked). Bytes are decoded with :func:`~notion_import.convert.encoding.decode_html`
    (``encoding`` is an encoding known from outside the file). Raises
    :class:`~notion_import.errors.ConversionError` for binary files.
    """
    text = decode_html(html, encoding)[0] if isinstance(html, bytes) else html
    table = rules or _default_table()
    with collector_paused():
        parser = LexborHTMLParser(text)
        reader = HtmlReader(source=source, root=root, rules=table)
        reader.use_stylesheet(parser)
        body = parser.body
        top = body if body is not None else parser.root
        blocks = reader.blocks(top, Context()) if top is not None else []
        blocks.extend(reader._lifted)
        metadata = page_metadata(parser)
        metadata.update(reader.metadata)
    return ConvertedPage(
        source=source,
        title=page_title(parser, source),
        blocks=blocks,
        assets=reader.assets,
        losses=reader.losses,
        metadata=metadata,
        links=reader.links,
    )
