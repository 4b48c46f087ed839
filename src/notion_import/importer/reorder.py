"""Which order writes a page's links to its own anchors in the fewest requests.

A link to an anchor of its own page (a table of contents, "see below") needs the id of the
block that carries the anchor, known only once that block is written. Written in order, the
block holding the link is patched afterwards: one request per such block. Written out of
order, the blocks from the first linked anchor on go first, and the blocks before it (the
ones that link forward) are then inserted at the page's start with their links whole: about
one request more for the page, whatever the number of links. :func:`choose_split` counts
both (and every split at a linked anchor) and keeps the cheapest; pure, no I/O.
"""

from __future__ import annotations

from typing import Any

from notion_import.convert.references import LinkRef
from notion_import.importer.plan import plan_page

#: the splits tried at most (the first linked anchors: a table of contents links forward).
CANDIDATES = 16


def own_anchor(key: str, anchors: dict[str, tuple[int, ...]], link: LinkRef) -> bool:
    """Whether ``link`` (of page ``key``) names one of that page's own anchors."""
    target = link.target
    return bool(target.fragment) and target.path == key and target.fragment in anchors


def written_whole(
    split: int, key: str, anchors: dict[str, tuple[int, ...]], link: LinkRef
) -> bool:
    """Whether a link to the page's own anchor is written with its block: the block goes in
    before ``split`` (so after the blocks from there on) and the anchor's block is a
    first-level block from ``split`` on."""
    if not split or not own_anchor(key, anchors, link):
        return False
    where = anchors[link.target.fragment]
    return link.block[0] < split and len(where) == 1 and where[0] >= split


def choose_split(
    blocks: list[dict[str, Any]],
    links: list[LinkRef],
    anchors: dict[str, tuple[int, ...]],
    key: str,
) -> int:
    """The split (see :attr:`~notion_import.importer.plan.Plan.split`) that writes the page
    in the fewest requests, counting each block left to patch (and the reads that find a
    nested one); 0 when writing in order is as cheap."""
    own = [link for link in links if own_anchor(key, anchors, link)]
    if not own:
        return 0
    candidates = sorted(
        {
            anchors[link.target.fragment][0]
            for link in own
            if len(anchors[link.target.fragment]) == 1
        }
        - {0}
    )[:CANDIDATES]
    if not any(link.block[0] < c for link in own for c in candidates):
        return 0

    def cost(split: int) -> int:
        patched = {link.block for link in own if not written_whole(split, key, anchors, link)}
        reads = {path[:k] for path in patched for k in range(1, len(path))}
        return plan_page(blocks, split).requests + len(patched) + len(reads)

    best, best_cost = 0, cost(0)
    for split in candidates:
        if split < len(blocks) and (candidate := cost(split)) < best_cost:
            best, best_cost = split, candidate
    return best
