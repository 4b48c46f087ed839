"""Errors of the converter.

Exception tree (below :class:`~notion_import.api.errors.NotionImportError`)::

    NotionImportError
     └── ConversionError      one file cannot be converted at all (a binary file named .html,
                              an unreadable file); other files of the export go on

Anything a page holds that cannot be carried is not an error: it is a
:class:`~notion_import.convert.ir.Loss` in the page's ``losses``.
"""

from __future__ import annotations

from notion_import.api.errors import NotionImportError


class ConversionError(NotionImportError):
    """A file cannot be converted at all; the message says why and what to do."""
