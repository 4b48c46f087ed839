"""Verification against the source: what a page's source shows, measured against Notion.

The converter's own plan cannot tell whether the converter lost something: a check that
compares Notion with the plan compares the converter with itself. This package reads the
same HTML the converter reads with an independent reader (the standard library's
:class:`html.parser.HTMLParser`, never :mod:`notion_import.convert`'s walker or rules) and
keeps a compact :class:`~.extract.Witness` of it: the visible words, the images, the links
with their words and targets, the table cells. After an import, :mod:`.measure` compares the
witness with the page read back from Notion: text recall, images, links and cells kept, and
a short excerpt of what is missing.
"""

from __future__ import annotations

from notion_import.witness.extract import SourceCell, SourceLink, Witness, extract, words
from notion_import.witness.measure import Figures, Measured, measure

__all__ = [
    "Figures",
    "Measured",
    "SourceCell",
    "SourceLink",
    "Witness",
    "extract",
    "measure",
    "words",
]
