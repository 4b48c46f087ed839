"""The one error tree of notion-import.

Exception tree::

    NotionImportError                 anything this library raises on purpose
     ├── ConfigurationError           no token, unreadable token file, bad option
     ├── UncertainWriteError          a write whose outcome is unknown (5xx, timeout, dropped
     │                                connection after sending): check before retrying
     ├── FileTooLargeError            a file above the workspace's per-file upload limit
     ├── UploadError                  an upload Notion did not accept
     ├── IncompleteQueryError         a data-source query that cannot be continued past the cap
     ├── ConversionError              one file cannot be converted at all (a binary file named
     │    │                           .html, an unreadable file); other files of the export go on
     │    └── SourceError             the input as a whole cannot be converted
     │         ├── UnknownSourceError no source recognises the path, or has the requested name
     │         └── UnsafeArchiveError an archive that would write outside its folder or expand
     │                                without bound
     ├── PropertyError (ValueError)   a property value that cannot be written or read
     └── PreviewError                 the preview cannot be written

Anything a page holds that cannot be carried is not an error: it is a
:class:`~notion_import.convert.ir.Loss` in the page's ``losses``.

Errors answered by Notion itself stay the SDK's (``notion_client.APIResponseError`` and
friends): the toolkit retries what may be retried and lets the rest through unchanged.
"""

from __future__ import annotations

from typing import Any


class NotionImportError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigurationError(NotionImportError):
    """The toolkit cannot start: no token, an unreadable token file, a bad option."""


class UncertainWriteError(NotionImportError):
    """A write was sent but its outcome is unknown; it may or may not have been applied.

    Notion has no idempotency keys, so the toolkit never retries such a write blindly. The
    caller reads back what it meant to change (for example the parent's children) and decides.
    ``method``, ``path`` and ``body`` describe the request; ``reason`` says what happened
    (``"status 502"``, ``"timeout"``, ``"connection dropped"``).
    """

    def __init__(self, method: str, path: str, body: Any, reason: str) -> None:
        self.method = method
        self.path = path
        self.body = body
        self.reason = reason
        super().__init__(
            f"{method} {path} may or may not have been applied ({reason}); read back before "
            "sending it again"
        )


class FileTooLargeError(NotionImportError):
    """A file is larger than the workspace accepts per file."""

    def __init__(self, name: str, size: int, limit: int) -> None:
        self.name = name
        self.size = size
        self.limit = limit
        super().__init__(
            f"{name} is {size:,} bytes; this workspace accepts files up to {limit:,} bytes "
            "(5 MiB on Free plans, 5 GiB on paid plans)"
        )


class UploadError(NotionImportError):
    """Notion did not accept an upload (for example it is not ``uploaded`` after sending)."""


class IncompleteQueryError(NotionImportError):
    """A data-source query hit Notion's 10,000-row cap and could not be continued."""


class ConversionError(NotionImportError):
    """A file cannot be converted at all; the message says why and what to do."""


class SourceError(ConversionError):
    """The input as a whole cannot be converted (nothing was produced)."""


class UnknownSourceError(SourceError):
    """No source recognises the path, or no source has the requested name."""


class UnsafeArchiveError(SourceError):
    """An archive was refused: it would write outside its folder, or expand without bound."""


class PropertyError(NotionImportError, ValueError):
    """A property value that cannot be written (or read); the message says which property,
    what is wrong and what to do.

    ``property_name`` is the property concerned, ``problem`` what is wrong, ``remedy`` what to
    do about it.
    """

    def __init__(self, property_name: str, problem: str, remedy: str) -> None:
        self.property_name = property_name
        self.problem = problem
        self.remedy = remedy
        super().__init__(f"property {property_name!r}: {problem}; {remedy}")


class PreviewError(NotionImportError):
    """The preview cannot be written (the output folder is not ours, the page is not found)."""
