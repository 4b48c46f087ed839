"""Notion's error responses, raised anywhere in the emulator and rendered in one place.

Exception tree::

    NotionError                 any answer that is not a 2xx
     └── ValidationError        400 validation_error with Notion's message style

Every error is rendered as Notion's body::

    {"object": "error", "status": 400, "code": "validation_error",
     "message": "...", "request_id": "<uuid>", "additional_data": {...}?}
"""

from __future__ import annotations

from typing import Any

#: Default messages for the codes whose wording Notion keeps constant.
DEFAULT_MESSAGES: dict[str, str] = {
    "invalid_json": "Error parsing JSON body.",
    "invalid_request_url": "Invalid request URL.",
    "invalid_request": "Invalid request.",
    "missing_version": (
        "Notion-Version header failed validation: Notion-Version header should be defined, "
        "instead was `undefined`."
    ),
    "unauthorized": "API token is invalid.",
    "restricted_resource": "Insufficient permissions for this endpoint.",
    "rate_limited": "You have been rate limited. Please try again in a few minutes.",
    "internal_server_error": "Unexpected error occurred.",
    "bad_gateway": "Bad gateway.",
    "service_unavailable": "Notion is unavailable. Please try again later.",
    "gateway_timeout": "Gateway timeout.",
    "service_overload": "Notion is currently overloaded. Please try again later.",
    "conflict_error": "Conflict occurred while saving. Please try again.",
}


class NotionError(Exception):
    """An error answer: HTTP status, Notion error code, message and optional extras."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str | None = None,
        *,
        additional_data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message if message is not None else DEFAULT_MESSAGES.get(code, code)
        self.additional_data = additional_data
        self.headers = headers or {}
        super().__init__(f"{status} {code}: {self.message}")

    def body(self, request_id: str) -> dict[str, Any]:
        """The JSON body Notion sends for this error."""
        out: dict[str, Any] = {
            "object": "error",
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "request_id": request_id,
        }
        if self.additional_data is not None:
            out["additional_data"] = self.additional_data
        return out


class ValidationError(NotionError):
    """400 ``validation_error``; ``message`` is the full text Notion would send."""

    def __init__(self, message: str) -> None:
        super().__init__(400, "validation_error", message)


def not_found(object_id: str, kind: str = "block") -> NotionError:
    """404 ``object_not_found`` in Notion's wording."""
    return NotionError(
        404,
        "object_not_found",
        f"Could not find {kind} with ID: {object_id}. Make sure the relevant pages and "
        "databases are shared with your integration.",
    )
