"""The table of /v1 endpoints: method, path template and the handler answering it.

:mod:`notion_emulator.app` looks every request up in :data:`ROUTES`; this is the one place an
endpoint is added or removed. Which versions have which endpoint, and which handler answers
which version, is :mod:`notion_emulator.versions`' business.
"""

from __future__ import annotations

from typing import Final

from notion_emulator.handlers import (
    async_tasks,
    blocks,
    comments,
    data_sources,
    databases,
    legacy,
    markdown,
    moves,
    pages,
    search,
    uploads,
    users,
    views,
)
from notion_emulator.routing import Route, route
from notion_emulator.versions import by_version

ROUTES: Final[tuple[Route, ...]] = (
    route("POST", "/pages/{id}/move", moves.move_page),
    route("GET", "/pages/{id}/markdown", markdown.retrieve_page_markdown),
    route("PATCH", "/pages/{id}/markdown", markdown.update_page_markdown),
    route("GET", "/async_tasks/{id}", async_tasks.retrieve_async_task),
    route("POST", "/views", views.create_view),
    route("GET", "/views", views.list_views),
    route("GET", "/views/{id}", views.retrieve_view),
    route("PATCH", "/views/{id}", views.update_view),
    route("DELETE", "/views/{id}", views.delete_view),
    route("POST", "/views/{id}/queries", views.create_view_query),
    route("GET", "/views/{id}/queries/{query_id}", views.view_query_results),
    route("DELETE", "/views/{id}/queries/{query_id}", views.delete_view_query),
    route("POST", "/databases", by_version(databases.create_database, legacy.create_database)),
    route(
        "GET", "/databases/{id}", by_version(databases.retrieve_database, legacy.retrieve_database)
    ),
    route(
        "PATCH", "/databases/{id}", by_version(databases.update_database, legacy.update_database)
    ),
    # 2022-06-28 only (notion_emulator.versions.route_available)
    route("POST", "/databases/{id}/query", legacy.query_database),
    route("POST", "/data_sources", data_sources.create_data_source),
    route("GET", "/data_sources/{id}", data_sources.retrieve_data_source),
    route("PATCH", "/data_sources/{id}", data_sources.update_data_source),
    # Notion answers this one without a request_id
    route("GET", "/data_sources/{id}/templates", data_sources.list_templates, request_id=False),
    route("POST", "/data_sources/{id}/query", data_sources.query_data_source),
    route("POST", "/search", search.search),
    route("POST", "/pages", pages.create_page),
    route("GET", "/pages/{id}", pages.retrieve_page),
    route("PATCH", "/pages/{id}", pages.update_page),
    route("GET", "/pages/{id}/properties/{property_id}", pages.retrieve_page_property),
    route("GET", "/blocks/{id}", blocks.retrieve_block),
    route("PATCH", "/blocks/{id}", blocks.update_block),
    route("DELETE", "/blocks/{id}", blocks.delete_block),
    route("GET", "/blocks/{id}/children", blocks.list_children),
    route("PATCH", "/blocks/{id}/children", blocks.append_children),
    route("POST", "/file_uploads", uploads.create_upload),
    route("POST", "/file_uploads/{id}/send", uploads.send_upload),
    route("POST", "/file_uploads/{id}/complete", uploads.complete_upload),
    route("GET", "/file_uploads/{id}", uploads.retrieve_upload),
    route("GET", "/file_uploads", uploads.list_uploads),
    route("GET", "/users/me", users.me),
    route("GET", "/users", users.list_users),
    route("GET", "/users/{id}", users.retrieve_user),
    route("GET", "/custom_emojis", users.custom_emojis),
    route("POST", "/comments", comments.create_comment),
    route("GET", "/comments", comments.list_comments),
    route("GET", "/comments/{id}", comments.retrieve_comment),
    route("PATCH", "/comments/{id}", comments.update_comment),
    route("DELETE", "/comments/{id}", comments.delete_comment),
)
