"""Which order writes a page's links to its own anchors in the fewest requests.

A link to an anchor of its own page (a table of contents, "see below", a footnote) needs the
id of the block that carries the anchor, known once the request that wrote that block is
answered. Written in order in one run, each block holding such a link is patched afterwards:
one request per block. Instead, the page's first-level blocks can be written in runs (see
:attr:`~notion_import.importer.plan.Plan.segments`), each run put in place among those
written before it: a link is then written whole when its anchor's block went in with an
earlier request (an anchor on a nested block is then found by reading the blocks above it,
one request per level, once). :func:`choose_segments` counts, for a few layouts, the
requests the plan makes plus the blocks left to patch and the reads, and keeps the cheapest;
pure, no I/O.

The layouts tried: in order (links back to an anchor of an earlier request are whole); in
order, cut before each block that links back into its own request; the page cut before
each linked anchor that an earlier block links forward to (the fewest such cuts), the runs
written last to first; and the page cut once, at one of its first linked anchors, the
second part written first.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from notion_import.convert.references import LinkRef
from notion_import.importer.plan import Plan, children_of, plan_page

#: the single cuts tried at most (the first linked anchors: a table of contents links forward).
CANDIDATES = 8

Segments = tuple[tuple[int, int], ...]


def own_anchor(key: str, anchors: dict[str, tuple[int, ...]], link: LinkRef) -> bool:
    """Whether ``link`` (of page ``key``) names one of that page's own anchors."""
    target = link.target
    return bool(target.fragment) and target.path == key and target.fragment in anchors


@dataclass(frozen=True, slots=True)
class Written:
    """What a plan's first-level requests write: the rank of the one that writes each
    first-level block (by its index), and the first-level blocks as sent (their children cut
    short where the rest comes in later requests)."""

    rank: dict[int, int]
    sent: dict[int, dict[str, Any]]

    def inline(self, path: tuple[int, ...]) -> bool:
        """Whether the block at ``path`` goes in with its first-level block's request."""
        block: dict[str, Any] | None = self.sent.get(path[0])
        for index in path[1:]:
            kids = children_of(block) if block is not None else []
            block = kids[index] if index < len(kids) else None
        return block is not None


def first_level_steps(plan: Plan) -> Written:
    """Which first-level request of ``plan`` writes each first-level block, and how."""
    rank: dict[int, int] = {}
    sent: dict[int, dict[str, Any]] = {}
    count = 0
    for step in plan.steps:
        if step.target.is_page and step.kind == "append":
            for offset, block in enumerate(step.children):
                rank[step.at[0] + offset] = count
                sent[step.at[0] + offset] = block
            count += 1
    return Written(rank, sent)


def written_whole(
    steps: Written | None, key: str, anchors: dict[str, tuple[int, ...]], link: LinkRef
) -> bool:
    """Whether a link to the page's own anchor is written with its block: the anchor is on a
    first-level block, or inside one, written by an earlier request than the link's (a
    nested one's id is then read, a request per level: ``steps``: see
    :func:`first_level_steps`; None for a plan written in one run, whose links are patched).
    A nested anchor must go in with its first-level block's request, not after it."""
    if steps is None or not own_anchor(key, anchors, link):
        return False
    where = anchors[link.target.fragment]
    return steps.rank[where[0]] < steps.rank[link.block[0]] and steps.inline(where)


def choose_segments(
    blocks: list[dict[str, Any]],
    links: list[LinkRef],
    anchors: dict[str, tuple[int, ...]],
    key: str,
) -> Segments:
    """The layout (see :attr:`~notion_import.importer.plan.Plan.segments`) that writes the
    page in the fewest requests, counting each block left to patch; ``()`` (in order, one
    run) when nothing is cheaper."""
    own = [link for link in links if own_anchor(key, anchors, link)]
    count = len(blocks)
    if not own or count < 2:
        return ()
    pairs = [(link.block[0], anchors[link.target.fragment][0]) for link in own]
    layouts: list[Segments] = [((0, count),)]
    back = _cuts([(target, source) for source, target in pairs if target < source])
    layouts.append(_runs(back, count))
    ahead = _cuts([(source, target) for source, target in pairs if source < target])
    if ahead:
        layouts.append(tuple(reversed(_runs(ahead, count))))
    for cut in sorted({target for source, target in pairs if source < target})[:CANDIDATES]:
        layouts.append(((cut, count), (0, cut)))

    def cost(segments: Segments) -> int:
        plan = plan_page(blocks, segments)
        steps = first_level_steps(plan) if segments else None
        patched = {link.block for link in own if not written_whole(steps, key, anchors, link)}
        reads = {path[:k] for path in patched for k in range(1, len(path))}
        # a nested anchor's block is found by reading the blocks above it, once each
        found = {anchors[link.target.fragment] for link in own if link.block not in patched}
        above = {path[:k] for path in found for k in range(1, len(path))}
        return plan.requests + len(patched) + len(reads) + len(above)

    best: Segments = ()
    best_cost = cost(()) + 0
    for layout in dict.fromkeys(layouts):
        if (candidate := cost(layout)) < best_cost:
            best, best_cost = layout, candidate
    return best


def _cuts(spans: list[tuple[int, int]]) -> list[int]:
    """The fewest cut points ``c`` (a run starts at ``c``) with ``low < c <= high`` for each
    span ``(low, high)``: greedily, by the spans' ends."""
    cuts: list[int] = []
    for low, high in sorted(spans, key=lambda span: span[1]):
        if not cuts or cuts[-1] <= low:
            cuts.append(high)
    return cuts


def _runs(cuts: list[int], count: int) -> Segments:
    """The runs ``[start, end)`` of ``count`` blocks cut at ``cuts``, in order."""
    bounds = [0, *sorted(set(cuts) - {0, count}), count]
    return tuple(itertools.pairwise(bounds))
