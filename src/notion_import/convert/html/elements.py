"""The HTML walker's tables of elements: what a tag means to the walk before any rule.

Block boxes (:data:`BLOCK_TAGS`) end a paragraph; hidden elements (:data:`HIDDEN_TAGS`) are
skipped; preformatted ones (:data:`PRE_TAGS`) keep their white space; inline formatting
(:data:`INLINE_EFFECTS`) and the text a browser draws around content (:data:`AFFIXES`) come
from the tag; elements without a rule and without a Notion equivalent (:data:`UNSUPPORTED`)
record a loss. ``docs/elements.md`` lists them all, and its test keeps it in step.
"""

from __future__ import annotations

from typing import Final

from notion_import.convert.html.css import Effect

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


#: tags that change the context of their content by themselves.
CONTEXT_TAGS: Final = frozenset({*INLINE_EFFECTS, "a", *PRE_TAGS})
