"""HTML -> the typed block tree.

:func:`convert_html` converts one page, leaving out the site's navigation (:mod:`.chrome`);
:func:`default_rules` is the rule table it uses (the core rules of :mod:`.rules`, then tables,
media, maths, admonitions, layouts and Notion's own export). Plugins copy the table
(:meth:`RuleTable.copy`) and set or add rules; a rule receives the :class:`Reader` (the walker)
and the immutable :class:`Context`. :class:`ConvertOptions` is what a caller chooses for a
whole run (the rule table, whether to keep the navigation).
"""

from __future__ import annotations

from notion_import.convert.html.base import Context, ConvertOptions, Reader, RuleTable, classes
from notion_import.convert.html.reader import HtmlReader, convert_html, default_rules

__all__ = [
    "Context",
    "ConvertOptions",
    "HtmlReader",
    "Reader",
    "RuleTable",
    "classes",
    "convert_html",
    "default_rules",
]
