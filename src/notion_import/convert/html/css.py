"""CSS as the HTML walker reads it: what ``style`` attributes and stylesheet classes do to text.

:func:`style_effect` turns declarations (``"color: red; font-weight: bold"``) into an
:class:`Effect` (bold, italic, underline, strikethrough, code for monospace fonts, text colour
and, on inline elements only, background colour, mapped by :mod:`notion_import.convert.colors`;
hidden content; preformatted white space; a block's left margin, which indents it);
:func:`apply_effect` applies one to inherited :class:`~notion_import.convert.ir.Marks`.
:class:`PageStyles` holds a page's ``<style>`` declarations of simple class selectors, for
exports that format through classes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final, NamedTuple

from notion_import.convert.colors import notion_color
from notion_import.convert.ir import Marks


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
    #: a block's ``margin-left`` and ``padding-left``, in CSS pixels.
    margin_left: float = 0.0
    padding_left: float = 0.0
    #: a block with a left border: a box (a quotation, a sidebar), not indentation.
    bordered: bool = False

    @property
    def indent(self) -> float:
        """How far a block's content is moved right (pixels): 0 under :data:`MIN_INDENT` or
        for a bordered box."""
        total = self.margin_left + self.padding_left
        return total if total >= MIN_INDENT and not self.bordered else 0.0


NO_EFFECT: Final = Effect()

#: the smallest left margin read as indentation (a browser indents a blockquote by 40px,
#: Google Docs by 36pt, Evernote by 40px; smaller ones are spacing).
MIN_INDENT: Final = 20.0
#: CSS units in pixels (relative units against the default 16px font).
_UNITS: Final = {
    "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4,
    "em": 16.0, "rem": 16.0, "": 1.0,
}  # fmt: skip
_LENGTH: Final = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))([a-z]*)")

_MONOSPACE: Final = re.compile(
    r"mono|courier|consolas|monaco|menlo|inconsolata|lucida console|source code|fira code"
    r"|cascadia|\bhack\b"
)


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


def _length(value: str) -> float:
    """A CSS length in pixels; 0 for ``auto``, percentages and anything unreadable."""
    match = _LENGTH.fullmatch(value.strip())
    if match is None or match.group(2) not in _UNITS:
        return 0.0
    if match.group(2) == "" and float(match.group(1)) != 0:
        return 0.0  # a unitless length is only valid as 0
    return float(match.group(1)) * _UNITS[match.group(2)]


def _margin_left(value: str, inline: bool) -> dict[str, Any]:
    return {} if inline else {"margin_left": _length(value)}


def _padding_left(value: str, inline: bool) -> dict[str, Any]:
    return {} if inline else {"padding_left": _length(value)}


def _margin(value: str, inline: bool) -> dict[str, Any]:
    """The ``margin`` shorthand: its left value (the fourth of four, else the second)."""
    parts = value.split()
    if inline or not parts:
        return {}
    left = parts[3] if len(parts) == 4 else parts[1] if len(parts) in (2, 3) else parts[0]
    return {"margin_left": _length(left)}


def _border(value: str, inline: bool) -> dict[str, Any]:
    """``border`` or ``border-left``: whether a block has a visible left border."""
    if inline:
        return {}
    words = value.split()
    return {"bordered": bool(words) and not ({"none", "hidden", "0", "0px"} & set(words))}


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
    "margin-left": _margin_left,
    "padding-left": _padding_left,
    "margin": _margin,
    "border": _border,
    "border-left": _border,
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
    """``marks`` changed by ``effect`` (``marks`` itself when nothing changes); a background
    highlight wins over a text colour."""
    color = marks.color
    if effect.background is not None and effect.background != "default":
        color = effect.background
    else:
        if effect.background == "default" and color.endswith("_background"):
            color = "default"
        if effect.color is not None and not color.endswith("_background"):
            color = effect.color
    changed = Marks(
        bold=marks.bold if effect.bold is None else effect.bold,
        italic=marks.italic if effect.italic is None else effect.italic,
        strikethrough=marks.strikethrough if effect.strikethrough is None else effect.strikethrough,
        underline=marks.underline if effect.underline is None else effect.underline,
        code=marks.code if effect.code is None else effect.code,
        color=color,
    )
    return marks if changed == marks else changed  # the same object: runs need not split


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


class PageStyles:
    """A page's stylesheet: the declarations of its simple class selectors, and what an
    element's ``style``, classes and ``<font>`` attributes do to its content."""

    __slots__ = ("_by_class", "_by_names")

    def __init__(self, css: str = "") -> None:
        self._by_class = class_styles(css) if css.strip() else {}
        self._by_names: dict[str, str] = {}

    def __bool__(self) -> bool:
        """Whether any class carries formatting."""
        return bool(self._by_class)

    def effect(self, tag: str, attrs: dict[str, str | None], inline: bool) -> Effect:
        """The effect of an element's ``style``, classes and (on ``<font>``) attributes."""
        style = attrs.get("style")
        declarations = style or ""
        if self._by_class:
            names = attrs.get("class")
            if names:
                from_classes = self._by_names.get(names)
                if from_classes is None:
                    styles = self._by_class
                    from_classes = ";".join(styles[c] for c in names.split() if c in styles)
                    self._by_names[names] = from_classes
                if from_classes:
                    declarations = f"{from_classes};{declarations}"
        if tag == "font":
            color, face = attrs.get("color"), attrs.get("face")
            declarations = f"color:{color or ''};font-family:{face or ''};{declarations}"
        if not declarations:
            return NO_EFFECT
        return style_effect(declarations, inline)
