"""The errors of the Notion toolkit.

Exception tree::

    NotionImportError                 anything this library raises on purpose
     ├── ConfigurationError           no token, unreadable token file, bad option
     ├── UncertainWriteError          a write whose outcome is unknown (5xx, timeout, dropped
     │                                connection after sending): check before retrying
     ├── FileTooLargeError            a file above the workspace's per-file upload limit
     ├── UploadError                  an upload Notion did not accept
     └── IncompleteQueryError         a data-source query that cannot be continued past the cap

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
