"""The async Notion toolkit: one shared limiter, safe retries, pagination, cache, batches,
uploads and statistics, under the official ``notion-client`` SDK.

>>> async with connect() as api:                         # token from NOTION_TOKEN
...     page = await api.client.pages.retrieve(page_id=...)
...     async for block in api.paginate(api.client.blocks.children.list, block_id=...):
...         ...
"""

from notion_import.api.batch import Result, gather
from notion_import.api.cache import ResponseCache
from notion_import.api.client import (
    NotionAPI,
    SyncNotionAPI,
    connect,
    connect_sync,
    resolve_token,
)
from notion_import.api.limiter import AdaptiveLimiter
from notion_import.api.paginate import collect, paginate
from notion_import.api.retry import RetryPolicy
from notion_import.api.stats import ApiStats
from notion_import.api.transport import NotionTransport
from notion_import.api.uploads import Uploader
from notion_import.errors import (
    ConfigurationError,
    FileTooLargeError,
    IncompleteQueryError,
    NotionImportError,
    UncertainWriteError,
    UploadError,
)

__all__ = [
    "AdaptiveLimiter",
    "ApiStats",
    "ConfigurationError",
    "FileTooLargeError",
    "IncompleteQueryError",
    "NotionAPI",
    "NotionImportError",
    "NotionTransport",
    "ResponseCache",
    "Result",
    "RetryPolicy",
    "SyncNotionAPI",
    "UncertainWriteError",
    "UploadError",
    "Uploader",
    "collect",
    "connect",
    "connect_sync",
    "gather",
    "paginate",
    "resolve_token",
]
