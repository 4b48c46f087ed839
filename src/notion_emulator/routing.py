"""How a /v1 request finds its handler, and the per-request context handlers receive.

A handler takes a :class:`Ctx` and returns the response object (status 200 unless it sets
:attr:`Ctx.status`) or raises :class:`~notion_emulator.errors.NotionError`. The table of
routes is :data:`notion_emulator.handlers.routes.ROUTES`; :func:`match` looks a request up in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notion_emulator.errors import NotionError, not_found
from notion_emulator.render import Renderer
from notion_emulator.schema.messages import body_failed, failed, was
from notion_emulator.store import Node, Store, normalize_id

if TYPE_CHECKING:
    from notion_emulator.app import Emulator

Handler = Callable[["Ctx"], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Route:
    """One endpoint: ``METHOD /v1<template>`` and the handler that answers it."""

    method: str
    pattern: re.Pattern[str]
    #: ``"<METHOD> <template>"``, the name the statistics count requests under
    name: str
    handler: Handler
    write: bool
    #: whether a successful answer carries a top-level ``request_id`` (nearly all do)
    request_id: bool = True


def route(method: str, template: str, handler: Handler, *, request_id: bool = True) -> Route:
    """The route of ``METHOD /v1<template>``; ``{name}`` in the template captures one segment.

    ``request_id=False`` for the few endpoints whose successful answers Notion sends without
    a ``request_id`` (error answers always carry one).
    """
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
    pattern = re.compile(f"^{regex}/?$")
    name = f"{method} {template}"
    return Route(method, pattern, name, handler, method != "GET", request_id)


def match(routes: Sequence[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route for a request, or None (Notion answers ``invalid_request_url``)."""
    for candidate in routes:
        if candidate.method != method:
            continue
        found = candidate.pattern.match(path)
        if found:
            return candidate, found.groupdict()
    return None


#: The all-zero id, which Notion takes as a well-formed uuid (and answers 404 for).
_NIL_UUID = "00000000-0000-0000-0000-000000000000"


def _valid_uuid(object_id: str) -> bool:
    """Whether a dashed id is a UUID as Notion's path check has it (RFC variant, or nil)."""
    return object_id[19] in "89ab" or object_id == _NIL_UUID


class Ctx:
    """Everything a handler needs about one request."""

    __slots__ = (
        "_body",
        "content_type",
        "emulator",
        "params",
        "query",
        "raw",
        "render",
        "status",
        "store",
        "version",
    )

    def __init__(
        self,
        emulator: Emulator,
        version: str,
        params: dict[str, str],
        query: dict[str, str],
        raw: bytes,
        render: Renderer,
        content_type: str = "",
    ) -> None:
        self.content_type = content_type
        self.emulator = emulator
        self.store: Store = emulator.store
        self.version = version
        self.params = params
        self.query = query
        self.raw = raw
        self.render = render
        #: the HTTP status of a successful answer; a handler sets 202 for an accepted task
        self.status = 200
        self._body: Any = None

    @property
    def latest(self) -> bool:
        return self.render.latest

    def json(self) -> Any:
        """The parsed JSON body (``{}`` when empty); 400 ``invalid_json`` when unparsable."""
        if self._body is None:
            if not self.raw.strip():
                self._body = {}
            else:
                try:
                    self._body = json.loads(self.raw)
                except (ValueError, UnicodeDecodeError):
                    raise NotionError(400, "invalid_json") from None
        return self._body

    def body(self) -> dict[str, Any]:
        """The JSON body, which must be an object."""
        body = self.json()
        if not isinstance(body, dict):
            raise body_failed("body", was("should be an object", body))
        return body

    def id_param(self, name: str = "id", kind: str = "block") -> str:
        """A path id in dashed form; malformed ids are validation errors like Notion's.

        Notion checks a path id as a UUID, its variant included: 32 hex digits whose 17th is
        one of 8, 9, a, b (``12345678-1234-1234-1234-123456789abc`` is refused), or the nil id.
        """
        raw = self.params[name]
        object_id = normalize_id(raw)
        if object_id is None or not _valid_uuid(object_id):
            raise failed(
                f"path.{name.replace('id', kind + '_id')}",
                f"should be a valid uuid, instead was `{json.dumps(raw)}`",
            )
        return object_id

    def node(self, object_id: str, kind: str = "block") -> Node:
        node = self.store.get_node(object_id)
        if node is None:
            raise not_found(object_id, kind)
        return node

    def page_size(self, value: Any = None) -> int:
        """``page_size`` from the query string or body: 1..100, default 100."""
        raw = self.query.get("page_size") if value is None else value
        if raw is None:
            return 100
        try:
            size = int(raw)
        except (TypeError, ValueError):
            size = -1
        if isinstance(raw, bool) or not 1 <= size <= 100:
            raise body_failed("body.page_size", was("should be ≤ `100` and ≥ `1`", raw))
        return size
