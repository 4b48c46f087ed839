"""Notion's formula language: tokenizer, parser, evaluator and built-in functions.

A formula property's ``expression`` is parsed once per evaluation by :mod:`.parser` (which
also rewrites ``prop("Name")`` into Notion's stored reference form), evaluated against one
page by :mod:`.evaluate`, and its result shaped as Notion answers it (``{"type": "number",
"number": 3}``). :mod:`.functions` holds the built-in functions, :mod:`.values` the value model.
"""

from notion_emulator.formulas.errors import FormulaError

__all__ = ["FormulaError"]
