"""The one error of the formula language."""

from __future__ import annotations


class FormulaError(Exception):
    """An expression that cannot be read or evaluated; the message says why."""
