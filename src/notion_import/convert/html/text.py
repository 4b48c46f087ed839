"""Text as a browser shows it: white space collapsed, hidden content skipped, a locator.

:func:`visible_text` is the visible text of a subtree (rules use it for code blocks, alt
texts, titles); :func:`collapse` is white-space collapsing; :func:`is_hidden` tells content a
page's own style hides; :func:`locate` names an element for loss entries.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from typing import Final
from urllib.parse import unquote, urlsplit

from notion_import.convert.html.base import Node
from notion_import.convert.html.css import style_effect
from notion_import.convert.html.elements import BLOCK_TAGS, HIDDEN_TAGS

#: white space as HTML collapses it.
WHITE_SPACE: Final = re.compile(r"[ \t\n\r\f]+")
#: control characters (and the byte-order mark), for ``str.translate`` to drop.
CONTROLS: Final = dict.fromkeys([*range(9), 11, 12, *range(14, 32), 127, 0xFEFF])
HAS_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")


def collapse(text: str) -> str:
    """Browser white-space collapsing of a piece of text, trimmed."""
    return WHITE_SPACE.sub(" ", text).strip()


def visible_text(
    node: Node, *, preformatted: bool = False, skip: Callable[[Node], bool] | None = None
) -> str:
    """The visible text of ``node``: hidden content skipped, ``<br>`` and blocks as line breaks.

    With ``preformatted`` the text keeps its white space (code); otherwise it is collapsed.
    Elements for which ``skip`` answers True are left out too (a code block's line numbers).
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
            if "hidden" in attrs or is_hidden(child, attrs) or (skip is not None and skip(child)):
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
    text = "".join(parts).translate(CONTROLS)
    if preformatted:
        return text.lstrip("\n").rstrip()
    lines = (collapse(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def math_script(node: Node) -> bool:
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


def picture_names(node: Node) -> list[str]:
    """The file names of the pictures (``<img src>``, not ``data:``) in ``node``'s subtree,
    once each: how a loss names the pictures it leaves out."""
    names: list[str] = []
    for image in node.css("img[src]"):
        src = (image.attributes.get("src") or "").strip()
        if src and not src.lower().startswith("data:"):
            name = posixpath.basename(unquote(urlsplit(src).path))
            if name and name not in names:
                names.append(name)
    return names
