"""A property value as one line of text, as Notion shows it in a table cell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notion_view.model import plain


def property_text(prop: Mapping[str, Any]) -> str:
    """The text of a page property value (``{"type": "select", "select": {...}}``...);
    empty for kinds shown otherwise (relations, formulas)."""
    kind = prop.get("type")
    value = prop.get(str(kind))
    if kind in ("rich_text", "title"):
        return plain(value)
    if kind == "select" or kind == "status":
        return str(value.get("name", "")) if isinstance(value, dict) else ""
    if kind == "multi_select" and isinstance(value, list):
        return ", ".join(str(v.get("name", "")) for v in value if isinstance(v, dict))
    if kind == "date" and isinstance(value, dict):
        end = value.get("end")
        return f"{value.get('start', '')} → {end}" if end else str(value.get("start", ""))
    if kind == "checkbox":
        return "✓" if value else "☐"
    if kind == "people" and isinstance(value, list):
        return ", ".join(
            str(p.get("name") or p.get("id", "")) for p in value if isinstance(p, dict)
        )
    if kind in ("number", "url", "email", "phone_number") and value is not None:
        return str(value)
    if kind == "files" and isinstance(value, list):
        return ", ".join(str(f.get("name", "")) for f in value if isinstance(f, dict))
    return ""
