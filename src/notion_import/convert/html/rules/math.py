"""Math -> Notion equations: block ``equation`` blocks and inline equation spans.

=======================================  ===================================================
source                                   TeX taken from
=======================================  ===================================================
MathJax 2 ``<script type="math/tex">``   the script (``; mode=display``: a block); the
                                         rendered copies MathJax put before it
                                         (``.MathJax_Preview``, ``.MathJax``,
                                         ``.MathJax_Display``, ...) are skipped
KaTeX ``.katex`` / ``.katex-display``    ``<annotation encoding="application/x-tex">``
                                         (``.katex-display``: a block)
MathML ``<math>``                        ``alttext``, or a TeX ``annotation``; otherwise the
                                         MathML is converted to LaTeX (fractions, roots,
                                         scripts, under/over, tables, fences, accents) with
                                         a loss entry (``display="block"``: a block)
MathJax 3 ``mjx-container``              its assistive MathML, converted as above
                                         (``display="true"``: a block)
``.math.inline`` / ``.math.display``     the element's text without its ``\\(..\\)``,
(Pandoc), ``.arithmatex`` (MkDocs)       ``\\[..\\]``, ``$$..$$`` or ``$..$`` delimiters
                                         (display, a ``div``, or ``\\[``/``$$``: a block)
=======================================  ===================================================

Display math becomes an :class:`~notion_import.convert.ir.Equation` block (a paragraph holding
nothing but display math included, as Pandoc writes it); inline math becomes a
``Span(kind="equation")``, returned as a one-span paragraph that the walker splices into the
surrounding text. Inline equations longer than 1,000 characters are turned into equation
blocks by the serializer.

MathJax 2's ``<script type="math/tex">`` needs the walker to ask the rule table about
``script`` elements of that type before it skips scripts as hidden content.
"""

from __future__ import annotations

from collections.abc import Callable

from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.ir import Block, Equation, Paragraph, Span

_TEX_ENCODINGS = frozenset(
    {"application/x-tex", "application/x-latex", "text/x-tex", "tex", "latex"}
)
_DELIMITERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))
#: MathJax 2's rendered copies of a ``math/tex`` script (the script itself holds the TeX).
_MATHJAX_FRAMES = frozenset(
    {
        "MathJax", "MathJax_Display", "MathJax_SVG", "MathJax_SVG_Display", "MathJax_CHTML",
        "MathJax_MathML", "MathJax_PHTML", "MathJax_HTML", "MathJax_MathContainer",
    }
)  # fmt: skip
_DISPLAY_FRAMES = frozenset({"MathJax_Display", "MathJax_SVG_Display"})
#: deeper MathML than this is read as plain text (hostile input).
_MAX_DEPTH = 200


# -- TeX from the markup ---------------------------------------------------------------------


def strip_delimiters(text: str) -> str:
    """TeX without its ``$$``, ``\\[ \\]``, ``\\( \\)`` or ``$`` delimiters."""
    text = text.strip()
    for start, end in _DELIMITERS:
        if len(text) >= len(start) + len(end) and text.startswith(start) and text.endswith(end):
            return text[len(start) : len(text) - len(end)].strip()
    return text


def tex_annotation(node: Node) -> str | None:
    """The TeX source a renderer kept in an ``annotation`` (KaTeX, some MathML)."""
    for annotation in node.css("annotation"):
        encoding = (annotation.attributes.get("encoding") or "").strip().lower()
        if encoding in _TEX_ENCODINGS:
            return (annotation.text(deep=True) or "").strip()
    return None


def _escape(text: str) -> str:
    out = []
    for char in text:
        replacement = _ESCAPES.get(char)
        out.append(replacement if replacement is not None else char)
    return "".join(out)


_ESCAPES = {
    "\\": "\\backslash ", "{": "\\{", "}": "\\}", "#": "\\#", "$": "\\$", "%": "\\%",
    "&": "\\&", "_": "\\_", "~": "\\sim ", "^": "\\hat{}", "\u2061": "", "\u2062": "",
    "\u2063": "", "\u200b": "",
}  # fmt: skip
#: accents written with ``mover`` / ``munder``: the operator -> the LaTeX command.
_ACCENTS = {
    "^": "\\hat", "ˆ": "\\hat", "¯": "\\overline", "‾": "\\overline", "_": "\\underline",
    "→": "\\vec", "⃗": "\\vec", "~": "\\tilde", "˜": "\\tilde", "˙": "\\dot", "¨": "\\ddot",
    "⏞": "\\overbrace", "⏟": "\\underbrace", "︷": "\\overbrace", "︸": "\\underbrace",
}  # fmt: skip


class _MathML:
    """MathML -> LaTeX, one handler per element in :attr:`handlers`."""

    def __init__(self) -> None:
        self.handlers: dict[str, Callable[[Node, int], str]] = {
            "mi": self.identifier,
            "mn": self.token,
            "mo": self.token,
            "ms": self.token,
            "mtext": self.text,
            "mspace": lambda node, depth: "\\ ",
            "mfrac": self.pattern("\\frac{{{0}}}{{{1}}}"),
            "msqrt": lambda node, depth: f"\\sqrt{{{self.row(node, depth)}}}",
            "mroot": self.pattern("\\sqrt[{1}]{{{0}}}"),
            "msup": self.pattern("{{{0}}}^{{{1}}}"),
            "msub": self.pattern("{{{0}}}_{{{1}}}"),
            "msubsup": self.pattern("{{{0}}}_{{{1}}}^{{{2}}}"),
            "munder": self.under_over,
            "mover": self.under_over,
            "munderover": self.under_over,
            "mtable": self.table,
            "mfenced": self.fenced,
            "annotation": lambda node, depth: "",
            "annotation-xml": lambda node, depth: "",
            "semantics": self.first,
            "mphantom": lambda node, depth: f"\\phantom{{{self.row(node, depth)}}}",
        }

    def convert(self, node: Node, depth: int = 0) -> str:
        if depth > _MAX_DEPTH:
            return _escape(node.text(deep=True) or "")
        handler = self.handlers.get(node.tag or "")
        if handler is None:  # math, mrow, mstyle, mpadded, menclose, merror, unknown
            return self.row(node, depth)
        return handler(node, depth)

    def row(self, node: Node, depth: int) -> str:
        return "".join(self.convert(child, depth + 1) for child in node.iter())

    def first(self, node: Node, depth: int) -> str:
        for child in node.iter():
            return self.convert(child, depth + 1)
        return ""

    def parts(self, node: Node, depth: int) -> list[str]:
        return [self.convert(child, depth + 1) for child in node.iter()]

    def pattern(self, template: str) -> Callable[[Node, int], str]:
        def handler(node: Node, depth: int) -> str:
            parts = self.parts(node, depth)
            needed = template.count("}}}") + template.count("[{")
            parts += [""] * max(0, needed - len(parts))
            return template.format(*parts)

        return handler

    def token(self, node: Node, depth: int) -> str:
        return _escape((node.text(deep=True) or "").strip())

    def identifier(self, node: Node, depth: int) -> str:
        text = (node.text(deep=True) or "").strip()
        return _escape(text) if len(text) <= 1 else f"\\mathrm{{{_escape(text)}}}"

    def text(self, node: Node, depth: int) -> str:
        return f"\\text{{{_escape(node.text(deep=True) or '')}}}"

    def under_over(self, node: Node, depth: int) -> str:
        kids = list(node.iter())
        parts = [self.convert(k, depth + 1) for k in kids] + ["", ""]
        tag = node.tag
        base = parts[0]
        if tag in ("mover", "munder") and len(kids) >= 2 and kids[1].tag == "mo":
            accent = _ACCENTS.get((kids[1].text(deep=True) or "").strip())
            if accent:
                return f"{accent}{{{base}}}"
        base_is_operator = bool(kids) and kids[0].tag == "mo"
        if tag == "munder":
            return (
                f"{{{base}}}_{{{parts[1]}}}"
                if base_is_operator
                else (f"\\underset{{{parts[1]}}}{{{base}}}")
            )
        if tag == "mover":
            return (
                f"{{{base}}}^{{{parts[1]}}}"
                if base_is_operator
                else (f"\\overset{{{parts[1]}}}{{{base}}}")
            )
        if base_is_operator:
            return f"{{{base}}}_{{{parts[1]}}}^{{{parts[2]}}}"
        return f"\\underset{{{parts[1]}}}{{\\overset{{{parts[2]}}}{{{base}}}}}"

    def table(self, node: Node, depth: int) -> str:
        rows = []
        for row in node.iter():
            cells = [self.convert(cell, depth + 2) for cell in row.iter()]
            rows.append(" & ".join(cells))
        return "\\begin{matrix}" + " \\\\ ".join(rows) + "\\end{matrix}"

    def fenced(self, node: Node, depth: int) -> str:
        attributes = node.attributes
        opening = attributes.get("open") or "("
        closing = attributes.get("close") or ")"
        separator = (attributes.get("separators") or ",").strip()[:1] or ","
        inner = separator.join(self.parts(node, depth))
        return f"\\left{_fence(opening)}{inner}\\right{_fence(closing)}"


def _fence(char: str) -> str:
    return {"{": "\\{", "}": "\\}", "": ".", "⟨": "\\langle ", "⟩": "\\rangle "}.get(char, char)


_MATHML = _MathML()


def mathml_tex(reader: Reader, node: Node) -> str:
    """TeX for a ``<math>`` element: ``alttext``, a TeX annotation, or a conversion (loss)."""
    alttext = (node.attributes.get("alttext") or "").strip()
    if alttext:
        return alttext
    annotated = tex_annotation(node)
    if annotated:
        return annotated
    reader.loss("math", "MathML without TeX source converted to LaTeX", "approximated")
    return _MATHML.convert(node).strip()


# -- classification --------------------------------------------------------------------------


def _math_kind(node: Node) -> str | None:
    """What kind of math markup ``node`` is (a key of the rule tables), or None."""
    tag = node.tag
    if tag == "script":
        kind = (node.attributes.get("type") or "").lower()
        return "script" if kind.startswith("math/tex") else None
    if tag == "math":
        return "mathml"
    if tag == "mjx-container":
        return "mjx"
    if tag not in ("span", "div"):
        return None
    raw = node.attributes.get("class")
    if not raw:
        return None
    names = raw.split()
    for name in names:
        if name in ("katex", "katex-display"):
            return "katex"
        if name == "MathJax_Preview":
            return "preview"
        if name in _MATHJAX_FRAMES:
            return "frame"
        if name == "arithmatex":
            return "tex"
        if name == "math" and ("inline" in names or "display" in names):
            return "tex"
    return None


def _is_display(node: Node, kind: str) -> bool:
    attributes = node.attributes
    if kind == "script":
        return "mode=display" in (attributes.get("type") or "").replace(" ", "").lower()
    if kind == "mathml":
        return (attributes.get("display") or "").lower() == "block"
    if kind == "mjx":
        return (attributes.get("display") or "").lower() == "true"
    names = (attributes.get("class") or "").split()
    if kind == "katex":
        return "katex-display" in names
    if kind == "frame":
        return not _DISPLAY_FRAMES.isdisjoint(names)
    if kind == "tex":
        if "display" in names or node.tag == "div":
            return True
        text = (node.text(deep=True) or "").lstrip()
        return text.startswith(("\\[", "$$"))
    return False


def _script_follows(node: Node) -> bool:
    """Whether MathJax's ``math/tex`` script for this rendered copy comes next."""
    sibling = node.next
    for _ in range(3):
        if sibling is None:
            return False
        tag = sibling.tag
        if tag == "script":
            return (sibling.attributes.get("type") or "").lower().startswith("math/tex")
        if tag == "-text" and not (sibling.text_content or "").strip():
            sibling = sibling.next
            continue
        if tag and "MathJax" in (sibling.attributes.get("class") or ""):
            sibling = sibling.next
            continue
        return False
    return False


def tex_of(reader: Reader, node: Node, kind: str) -> str | None:
    """The TeX of a math element of the given kind, or None when it carries none."""
    if kind == "script":
        return (node.text(deep=True) or "").strip()
    if kind == "mathml":
        return mathml_tex(reader, node)
    if kind == "tex":
        return strip_delimiters(node.text(deep=True) or "")
    if kind in ("preview", "frame") and (kind == "preview" or _script_follows(node)):
        return None  # the script next to it holds the TeX
    if kind == "katex":
        annotated = tex_annotation(node)
        if annotated is not None:
            return annotated
    inner = node.css_first("math")
    if inner is not None:
        return mathml_tex(reader, inner)
    text = reader.text(node).strip()
    if text:
        reader.loss(
            node.tag or "math", "rendered math without its source kept as text", "approximated"
        )
    return None


# -- rules -----------------------------------------------------------------------------------


def _lone_display_math(node: Node) -> Node | None:
    """The display math a paragraph holds and nothing else (Pandoc's ``<p><span class="math
    display">``), if so."""
    found: Node | None = None
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            if (child.text_content or "").strip():
                return None
        elif not tag.startswith("-"):
            kind = _math_kind(child)
            if found is not None or kind is None or not _is_display(child, kind):
                return None
            found = child
    return found


def is_display_math(node: Node) -> bool:
    """Display math (a block equation), a paragraph of only that, or a rendered copy to skip."""
    if node.tag == "p":
        return _lone_display_math(node) is not None
    kind = _math_kind(node)
    if kind is None:
        return False
    return (
        kind == "preview" or _is_display(node, kind) or (kind == "frame" and _script_follows(node))
    )


def display_math_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """An equation block (or nothing, for MathJax's rendered copies)."""
    if node.tag == "p":
        lone = _lone_display_math(node)
        if lone is None:
            return None
        node = lone
    kind = _math_kind(node)
    if kind is None:
        return None
    tex = tex_of(reader, node, kind)
    if tex is None:
        if kind in ("preview", "frame"):
            return []
        return None  # no source: read the rendering as text
    return [Equation(tex)] if tex else []


def is_math(node: Node) -> bool:
    """Any math markup, or a paragraph holding only display math."""
    if node.tag == "p":
        return _lone_display_math(node) is not None
    return _math_kind(node) is not None


def math_rule(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """Display math: an equation block. Inline math: a paragraph of one equation span, which
    the walker splices into the surrounding text. MathJax's rendered copies: nothing."""
    if node.tag == "p" or is_display_math(node):
        return display_math_rule(reader, node, ctx)
    kind = _math_kind(node)
    if kind is None:
        return None
    tex = tex_of(reader, node, kind)
    if tex is None:
        if kind == "preview" or (kind == "frame" and _script_follows(node)):
            return []
        return None
    return [Paragraph([Span(tex, ctx.marks, None, "equation")])] if tex else []


def register(table: RuleTable) -> None:
    """Put the math rule in front of the predicate rules."""
    table.by_predicate.insert(0, (is_math, math_rule))


__all__ = [
    "display_math_rule",
    "is_display_math",
    "is_math",
    "math_rule",
    "mathml_tex",
    "register",
    "strip_delimiters",
    "tex_annotation",
    "tex_of",
]
