"""The dry run: what an import of a source would send, counted without sending anything.

:func:`estimate` converts and plans the source as the import would, and counts its pages,
blocks, distinct files, losses and a lower bound on the requests the import makes (see
docs/requests.md), with the time they take at a given rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from notion_import.api.limiter import NOTION_RATE
from notion_import.convert.html.base import DEFAULT_OPTIONS, ConvertOptions
from notion_import.importer import arrange, distinct_files, documents_to_pages, minimal_requests

#: Reads an import makes before any write: the parent page, the workspace's upload limit.
READS_FIRST: Final = 2
#: Blocks a Free workspace with more than one member may create through an integration.
FREE_BLOCK_LIMIT: Final = 1000


@dataclass(frozen=True)
class Estimate:
    """What an import of one source would do."""

    pages: int
    blocks: int
    files: int
    """Distinct files to upload."""
    file_bytes: int
    """Their size in bytes."""
    losses: int
    """Elements the conversion cannot carry over as they are (site navigation left out is
    counted in :attr:`chrome` instead)."""
    requests: int
    """A lower bound on the requests the import makes, the first reads included (retries
    not counted)."""
    rate: float
    """Requests per second the duration is counted at."""
    chrome: int = 0
    """Pieces of site navigation left out (``--keep-chrome`` keeps them)."""

    @property
    def seconds(self) -> float:
        """How long the requests take at :attr:`rate`."""
        return self.requests / self.rate

    @property
    def over_free_block_limit(self) -> bool:
        """More blocks than a Free workspace with several members may create (see
        :data:`FREE_BLOCK_LIMIT`)."""
        return self.blocks > FREE_BLOCK_LIMIT


def estimate(
    source: Path,
    source_kind: str | None = None,
    rate: float | None = None,
    options: ConvertOptions = DEFAULT_OPTIONS,
) -> Estimate:
    """Convert (as ``options`` say) and plan ``source`` (read as ``source_kind``, else
    detected) and count what its import would send, at ``rate`` requests per second (default
    Notion's 3/s)."""
    pages = arrange(documents_to_pages(source, source_kind, options))
    files = distinct_files(pages)
    return Estimate(
        pages=len(pages),
        blocks=sum(p.plan.blocks for p in pages),
        files=len(files),
        file_bytes=sum(files.values()),
        losses=sum(1 for p in pages for loss in p.losses if loss.kind != "chrome"),
        requests=minimal_requests(pages) + READS_FIRST,
        rate=rate or NOTION_RATE,
        chrome=sum(1 for p in pages for loss in p.losses if loss.kind == "chrome"),
    )


__all__ = ["FREE_BLOCK_LIMIT", "Estimate", "estimate"]
