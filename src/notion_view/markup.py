"""The small pieces of markup every renderer shares: escaped attributes, anchors, css
classes, Notion's colour names."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

#: The colours Notion names, for text (``red``) and backgrounds (``red_background``).
COLORS = frozenset(
    {"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"}
)


def attr(value: str) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return escape(value, quote=True)


def anchor_of(block: Mapping[str, Any]) -> str:
    """The block's id without dashes, as Notion's links to a block spell it."""
    return str(block.get("id", "")).replace("-", "")


def id_attr(block: Mapping[str, Any]) -> str:
    """`` id="<anchor>"`` for the block's element, or ``""`` when it has no id."""
    anchor = anchor_of(block)
    return f' id="{attr(anchor)}"' if anchor else ""


def classes(*names: str) -> str:
    """A ``class`` value from the names that are not empty."""
    return " ".join(n for n in names if n)


def color_class(color: Any, prefix: str = "color") -> str:
    """``red`` -> ``color-red``, ``red_background`` -> ``bg-red``; unknown -> ``""``."""
    if not isinstance(color, str) or color in ("default", "default_background"):
        return ""
    base, _, background = color.partition("_")
    if base not in COLORS or (background and background != "background"):
        return ""
    return f"bg-{base}" if background else f"{prefix}-{base}"


def payload_of(block: Mapping[str, Any]) -> dict[str, Any]:
    """The block's payload (``block[block["type"]]``), or ``{}``."""
    payload = block.get(str(block.get("type")))
    return payload if isinstance(payload, dict) else {}
