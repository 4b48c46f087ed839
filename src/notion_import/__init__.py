"""notion-import: move whole HTML exports into Notion, exactly once and verified.

The library's face::

    import notion_import

    async with notion_import.connect() as api:              # token from NOTION_TOKEN
        report = await notion_import.import_source("export/", parent_page_id, api)
    print(report.summary())

    for page in notion_import.convert_path(Path("export/")):  # no network: blocks as JSON
        ...

:func:`import_source` imports a folder, file or archive under a page and returns its report
(:mod:`notion_import.importer.session` has the session behind it); :func:`convert_path`
converts without importing (:mod:`notion_import.sources`); :func:`connect` opens the Notion
toolkit (:mod:`notion_import.api`). Every error raised on purpose is a
:class:`NotionImportError` (the tree is drawn in :mod:`notion_import.errors`).

Importing this package is cheap: the functions above load their modules on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from notion_import.errors import (
    ConfigurationError,
    ConflictError,
    ConversionError,
    DuplicateImportError,
    FileTooLargeError,
    IncompleteQueryError,
    InvalidRequestError,
    JournalBusyError,
    JournalError,
    NotAPageError,
    NothingToImportError,
    NotionAPIError,
    NotionImportError,
    NotionUnavailableError,
    NotionUnreachableError,
    ObjectNotFoundError,
    PreviewError,
    PropertyError,
    RateLimitedError,
    RefusedRunError,
    RestrictedResourceError,
    SourceError,
    UnauthorizedError,
    UncertainWriteError,
    UnknownSourceError,
    UnsafeArchiveError,
    UploadError,
)

if TYPE_CHECKING:
    from notion_import.api import connect
    from notion_import.importer.session import import_source
    from notion_import.sources import convert_path

__version__ = "0.1.0"

#: The functions loaded on first use, and the module each comes from.
_LAZY = {
    "connect": "notion_import.api",
    "convert_path": "notion_import.sources",
    "import_source": "notion_import.importer.session",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'notion_import' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ConfigurationError",
    "ConflictError",
    "ConversionError",
    "DuplicateImportError",
    "FileTooLargeError",
    "IncompleteQueryError",
    "InvalidRequestError",
    "JournalBusyError",
    "JournalError",
    "NotAPageError",
    "NothingToImportError",
    "NotionAPIError",
    "NotionImportError",
    "NotionUnavailableError",
    "NotionUnreachableError",
    "ObjectNotFoundError",
    "PreviewError",
    "PropertyError",
    "RateLimitedError",
    "RefusedRunError",
    "RestrictedResourceError",
    "SourceError",
    "UnauthorizedError",
    "UncertainWriteError",
    "UnknownSourceError",
    "UnsafeArchiveError",
    "UploadError",
    "__version__",
    "connect",
    "convert_path",
    "import_source",
]
