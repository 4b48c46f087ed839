"""The one error tree of notion-import.

Exception tree::

    NotionImportError                 anything this library raises on purpose
     ├── ConfigurationError           no token, unreadable token file, bad option
     ├── UncertainWriteError          a write whose outcome is unknown (5xx, timeout, dropped
     │                                connection after sending): check before retrying
     ├── FileTooLargeError            a file above the workspace's per-file upload limit
     ├── UploadError                  an upload Notion did not accept
     ├── IncompleteQueryError         a data-source query that cannot be continued past the cap
     ├── ConversionError              one file cannot be converted at all; other files of the
     │    │                           export go on
     │    ├── NotAPageError           a file that is no page (binary or empty, though named
     │    │                           .html; unreadable): skipped and listed, never created
     │    └── SourceError             the input as a whole cannot be converted
     │         ├── UnknownSourceError no source recognises the path, or has the requested name
     │         ├── NothingToImportError no file of the source is a page
     │         └── UnsafeArchiveError an archive that would write outside its folder or expand
     │                                without bound
     ├── PropertyError (ValueError)   a property value that cannot be written or read
     ├── PreviewError                 the preview cannot be written
     ├── RefusedRunError              a run refused before it writes anything (exit 2)
     │    ├── JournalError            a journal that is another import's, from a newer
     │    │                           version, or not a journal at all
     │    ├── JournalBusyError        another run holds the journal's lock
     │    └── DuplicateImportError    the parent already holds the pages a new run would create
     ├── NotionUnreachableError       the Notion API cannot be reached (no answer at all)
     └── NotionAPIError               Notion answered with an error (by its ``code``)
          ├── UnauthorizedError       ``unauthorized``: the token is not valid
          ├── RestrictedResourceError ``restricted_resource``: the token may not do this
          ├── ObjectNotFoundError     ``object_not_found``: no such object, or not shared
          ├── InvalidRequestError     ``validation_error``, ``invalid_json``,
          │                           ``invalid_request_url``, ``invalid_request``
          ├── ConflictError           ``conflict_error``: a collision; read and try again
          ├── RateLimitedError        ``rate_limited``
          └── NotionUnavailableError  ``internal_server_error``, ``service_unavailable``,
                                      ``gateway_timeout``

Anything a page holds that cannot be carried is not an error: it is a
:class:`~notion_import.convert.ir.Loss` in the page's ``losses``.

Errors answered by Notion travel as the SDK's (``notion_client.APIResponseError``) through the
toolkit, which retries what may be retried and lets the rest through unchanged. They are mapped
to :class:`NotionAPIError` in one place, :func:`from_notion`, by their ``code`` and never by
their message; :func:`notion_errors` applies it (and :func:`unreachable`) around a block of
calls, where a caller wants this tree instead of the SDK's and httpx's own exceptions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import Enum
from typing import Any, ClassVar, Final

#: The exit code of an interrupted command (128 + SIGINT, the shell's convention): kept here,
#: where the command's first line can read it before anything heavier is loaded.
EXIT_INTERRUPTED: Final = 130


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


class NotAPageError(ConversionError):
    """A file of the source that is no page (binary or empty, though named like one): it is
    skipped and listed in the report, never created as a page."""


class SourceError(ConversionError):
    """The input as a whole cannot be converted (nothing was produced)."""


class NothingToImportError(SourceError):
    """No file of the source is a page: the message says which formats were looked for."""


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


class RefusedRunError(NotionImportError):
    """A run refused before it writes anything, saying why and what to do instead (the command
    exits with 2, as for a usage error)."""


class JournalError(RefusedRunError):
    """A journal that cannot be used for this run: it records another source or parent, was
    written by a newer version, or is not a journal at all."""


class JournalBusyError(RefusedRunError):
    """Another run (an import, or a verification) holds the journal's lock."""


class DuplicateImportError(RefusedRunError):
    """A run with a new journal would create pages the parent already holds under the same
    titles: most likely an import already done, whose journal this run did not find."""


class PreviewError(NotionImportError):
    """The preview cannot be written (the output folder is not ours, the page is not found)."""


class NotionUnreachableError(NotionImportError):
    """No answer from the Notion API at all (the connection failed or was cut before any
    response); ``reason`` names the transport's error (``"ConnectError: ..."``)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"cannot reach the Notion API ({reason})")


class NotionAPIError(NotionImportError):
    """Notion answered a request with an error. The message is Notion's own; ``code`` is
    Notion's error code, ``status`` the HTTP status, ``request_id`` Notion's id of the request
    (for its support), when known. Subclasses are chosen by ``code`` in :func:`from_notion`."""

    #: The codes this class stands for (the base class stands for any other).
    codes: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self, message: str, *, code: str, status: int, request_id: str | None = None
    ) -> None:
        self.code = code
        self.status = status
        self.request_id = request_id
        super().__init__(message)


class UnauthorizedError(NotionAPIError):
    """The token is not valid (revoked, mistyped, or of another workspace)."""

    codes = frozenset({"unauthorized"})


class RestrictedResourceError(NotionAPIError):
    """The token is valid but its integration may not do this (a missing capability)."""

    codes = frozenset({"restricted_resource"})


class ObjectNotFoundError(NotionAPIError):
    """No such page, block or data source, or it is not shared with the integration."""

    codes = frozenset({"object_not_found"})


class InvalidRequestError(NotionAPIError):
    """Notion refused the request itself (its body, its URL or its parameters); sending it
    again unchanged gives the same answer."""

    codes = frozenset(
        {"validation_error", "invalid_json", "invalid_request_url", "invalid_request"}
    )


class ConflictError(NotionAPIError):
    """The write collided with another one; read the object again and retry."""

    codes = frozenset({"conflict_error"})


class RateLimitedError(NotionAPIError):
    """Too many requests, past what the toolkit's own retries absorbed."""

    codes = frozenset({"rate_limited"})


class NotionUnavailableError(NotionAPIError):
    """Notion failed or timed out on its side, past what the toolkit's own retries absorbed."""

    codes = frozenset({"internal_server_error", "service_unavailable", "gateway_timeout"})


_BY_CODE: dict[str, type[NotionAPIError]] = {
    code: kind
    for kind in (
        UnauthorizedError,
        RestrictedResourceError,
        ObjectNotFoundError,
        InvalidRequestError,
        ConflictError,
        RateLimitedError,
        NotionUnavailableError,
    )
    for code in kind.codes
}


def from_notion(error: Any) -> NotionAPIError:
    """The :class:`NotionAPIError` for one of Notion's error answers (a
    ``notion_client.APIResponseError``, or anything with its ``code``, ``status`` and
    message), chosen by its ``code``; an unknown code gives the base class."""
    raw = getattr(error, "code", "")
    code = str(raw.value if isinstance(raw, Enum) else raw)
    kind = _BY_CODE.get(code, NotionAPIError)
    return kind(
        str(error),
        code=code,
        status=int(getattr(error, "status", 0) or 0),
        request_id=getattr(error, "request_id", None),
    )


def unreachable(error: BaseException) -> NotionUnreachableError:
    """The :class:`NotionUnreachableError` for a transport error (an ``httpx.TransportError``)."""
    return NotionUnreachableError(f"{type(error).__name__}: {error}")


@contextlib.contextmanager
def notion_errors() -> Iterator[None]:
    """Inside, Notion's error answers raise :class:`NotionAPIError` (by :func:`from_notion`)
    and transport errors :class:`NotionUnreachableError`, each with the original as its cause.

    The SDK and httpx are imported only when this is entered, so that importing this module
    stays cheap and pure.
    """
    import httpx
    from notion_client import APIResponseError

    try:
        yield
    except APIResponseError as error:
        raise from_notion(error) from error
    except httpx.TransportError as error:
        raise unreachable(error) from error
