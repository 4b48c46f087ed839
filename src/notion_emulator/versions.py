"""What each ``Notion-Version`` changes, decided in one place.

The emulator answers the versions of
:data:`~notion_emulator.schema.vocabularies.SUPPORTED_VERSIONS`:

- ``2022-06-28``: a database *is* its one table. ``GET /v1/databases/{id}`` carries the schema
  (``properties``), ``POST /v1/databases`` and ``PATCH /v1/databases/{id}`` take it, rows are
  queried with ``POST /v1/databases/{id}/query``, a row's parent reads
  ``{"type": "database_id", ...}``, search filters and answers ``"database"`` objects
  (``page_or_database`` lists) and the ``/v1/data_sources`` endpoints do not exist
  (400 ``invalid_request_url``). A database with several data sources cannot be shown in this
  model: Notion refuses it with 400 ``validation_error`` (:func:`multiple_sources`) and search
  leaves it out. The handlers are :mod:`notion_emulator.handlers.legacy`.
- ``2025-09-03``: a database holds data sources (``/v1/data_sources``); the database query
  endpoint is gone (``invalid_request_url``).
- ``2026-03-11``: ``archived`` and the append ``after`` key are gone, ``transcription`` blocks
  are ``meeting_notes`` (decided where those shapes are, with
  :data:`~notion_emulator.schema.vocabularies.LATEST_VERSION`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.schema.vocabularies import DATA_SOURCES_VERSION

if TYPE_CHECKING:
    from notion_emulator.routing import Ctx, Handler

#: Routes (by :attr:`~notion_emulator.routing.Route.name`) that only versions before
#: :data:`DATA_SOURCES_VERSION` have.
_LEGACY_ROUTES: Final = frozenset({"POST /databases/{id}/query"})
#: Path prefix of the routes that only :data:`DATA_SOURCES_VERSION` and later have.
_DATA_SOURCE_PREFIX: Final = "/data_sources"


def has_data_sources(version: str) -> bool:
    """Whether ``version`` speaks of data sources (2025-09-03 on) rather than of databases."""
    return version >= DATA_SOURCES_VERSION


def route_available(route_name: str, version: str) -> bool:
    """Whether the route named ``"<METHOD> <template>"`` exists in ``version``.

    Notion answers 400 ``invalid_request_url`` for one that does not: the database query under
    2025-09-03 and later, every ``/v1/data_sources`` endpoint under 2022-06-28.
    """
    if has_data_sources(version):
        return route_name not in _LEGACY_ROUTES
    template = route_name.partition(" ")[2]
    return not template.startswith(_DATA_SOURCE_PREFIX)


def by_version(current: Handler, legacy: Handler) -> Handler:
    """A handler answering with ``current`` from 2025-09-03 on and with ``legacy`` before."""

    async def handler(ctx: Ctx) -> dict[str, Any]:
        chosen = current if has_data_sources(ctx.version) else legacy
        return await chosen(ctx)

    handler.__doc__ = current.__doc__
    return handler


def shown_parent(parent: dict[str, Any], data_sources: bool) -> dict[str, Any]:
    """A stored parent reference as a version shows it: before data sources, a row's
    ``{"type": "data_source_id", "data_source_id", "database_id"}`` reads
    ``{"type": "database_id", "database_id"}``."""
    if data_sources or parent.get("type") != "data_source_id":
        return parent
    return {"type": "database_id", "database_id": parent["database_id"]}


def list_kind(version: str) -> str:
    """The ``type`` of a list of search or query results."""
    return "page_or_data_source" if has_data_sources(version) else "page_or_database"


def searchable_object(version: str) -> str:
    """What search lists beside pages (and its filter may name): data sources or databases."""
    return "data_source" if has_data_sources(version) else "database"


def multiple_sources() -> ValidationError:
    """Notion's answer, before 2025-09-03, for a database with more than one data source."""
    return ValidationError(
        "Databases with multiple data sources are not supported in this API version."
    )
