"""What an import is asked to do, and what it tells as it goes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Told each event of an import as it happens: (what, its details).
Progress = Callable[[str, dict[str, Any]], None]

#: Told each page's block tree as full verification read it: (page id, blocks).
ReadBack = Callable[[str, list[dict[str, Any]]], None]


@dataclass
class ImportOptions:
    verify: str = "acked"
    concurrency: int = 8
    source_kind: str | None = None
    #: with ``verify="full"``: told every page's blocks as read back (the preview renders them
    #: instead of reading each page a second time).
    read_back: ReadBack | None = None
