"""Notion's size limits on requests, and how it counts the length of a string.

Each limit is kept here once; the request checks (:mod:`notion_emulator.schema`) and the
handlers read them from here.
"""

from __future__ import annotations

from typing import Final

#: Items in any array of a request (children, rich text, compound filters, sorts, options).
MAX_ARRAY: Final = 100
#: Characters (UTF-16 code units) of one rich-text ``content``.
MAX_TEXT: Final = 2000
#: Characters of a URL (links, external files, ``url`` properties).
MAX_URL: Final = 2000
#: Characters of an equation's ``expression`` in rich text.
MAX_EQUATION: Final = 1000
#: Block elements in one request's tree of children.
MAX_BLOCKS: Final = 1000
#: Characters of an ``email`` and of a ``phone_number`` property value.
MAX_EMAIL: Final = 200
MAX_PHONE: Final = 200
#: Characters of a select, multi-select or status option's name.
MAX_OPTION_NAME: Final = 100
#: References a relation value shows inside a page object; past it ``has_more`` is true and the
#: whole list is read from the page-property endpoint.
PAGE_RELATION_SHOWN: Final = 25


def js_length(text: str) -> int:
    """The length JavaScript gives a string: UTF-16 code units (an emoji outside the BMP
    counts 2), as Notion counts every length."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
