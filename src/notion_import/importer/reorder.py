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

import heapq
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
    later: frozenset[int] = frozenset(),
) -> Segments:
    """The layout (see :attr:`~notion_import.importer.plan.Plan.segments`) that writes the
    page in the fewest requests, counting each block left to patch; ``()`` (in order, one
    run) when nothing is cheaper. The first-level blocks ``later`` (and those linking to
    anchors in them) are written last, in runs of their own (see :func:`phased`)."""
    own = [link for link in links if own_anchor(key, anchors, link)]
    count = len(blocks)
    pairs = [(link.block[0], anchors[link.target.fragment][0]) for link in own]
    if later:
        return min(
            (
                acyclic_runs(pairs, count, late, later_blocks(pairs, later))
                for late in (False, True)
            ),
            key=lambda layout: _cost(blocks, own, anchors, key, layout),
        )
    if not own or count < 2:
        return ()
    layouts: list[Segments] = [((0, count),)]
    back = _cuts([(target, source) for source, target in pairs if target < source])
    layouts.append(_runs(back, count))
    ahead = _cuts([(source, target) for source, target in pairs if source < target])
    if ahead:
        layouts.append(tuple(reversed(_runs(ahead, count))))
    for cut in sorted({target for source, target in pairs if source < target})[:CANDIDATES]:
        layouts.append(((cut, count), (0, cut)))
    layouts += [acyclic_runs(pairs, count, late) for late in (False, True)]

    best: Segments = ()
    best_cost = _cost(blocks, own, anchors, key, ())
    for layout in dict.fromkeys(layouts):
        if (candidate := _cost(blocks, own, anchors, key, layout)) < best_cost:
            best, best_cost = layout, candidate
    return best


def _cost(
    blocks: list[dict[str, Any]],
    own: list[LinkRef],
    anchors: dict[str, tuple[int, ...]],
    key: str,
    segments: Segments,
) -> int:
    """The requests a layout makes: its plan's, one per block left to patch, and the reads
    that find blocks (above a patched block, above a nested anchor written whole)."""
    plan = plan_page(blocks, segments)
    steps = first_level_steps(plan) if segments else None
    patched = {link.block for link in own if not written_whole(steps, key, anchors, link)}
    reads = {path[:k] for path in patched for k in range(1, len(path))}
    # a nested anchor's block is found by reading the blocks above it, once each
    found = {anchors[link.target.fragment] for link in own if link.block not in patched}
    above = {path[:k] for path in found for k in range(1, len(path))}
    return plan.requests + len(patched) + len(reads) + len(above)


def later_blocks(pairs: list[tuple[int, int]], later: frozenset[int]) -> frozenset[int]:
    """``later`` and the first-level blocks that link, in one step or more, to an anchor in
    one of them (written after it, they are written late too)."""
    into: dict[int, set[int]] = {}
    for source, target in pairs:
        into.setdefault(target, set()).add(source)
    out, stack = set(later), list(later)
    while stack:
        for source in into.get(stack.pop(), ()):
            if source not in out:
                out.add(source)
                stack.append(source)
    return frozenset(out)


def two_parts(
    blocks: list[dict[str, Any]],
    links: list[LinkRef],
    anchors: dict[str, tuple[int, ...]],
    key: str,
    later: set[tuple[int, ...]],
    plan: Plan,
) -> Plan | None:
    """The plan of a page written in two parts (see :attr:`~.plan.Plan.later`): the
    first-level blocks of the blocks ``later`` (whose links must wait), and those linking to
    anchors in them, in the second; None when the second part would hold an anchor (the
    pages linking to it would wait, or patch) or the page's one-part ``plan``, with each of
    the blocks ``later`` patched, costs no more."""
    own = [link for link in links if own_anchor(key, anchors, link)]
    pairs = [(link.block[0], anchors[link.target.fragment][0]) for link in own]
    second = later_blocks(pairs, frozenset(path[0] for path in later))
    if any(path[0] in second for path in anchors.values()):
        return None  # its anchors would wait too, and the links of other pages to them
    segments = choose_segments(blocks, links, anchors, key, second)
    if _cost(blocks, own, anchors, key, segments) >= _cost(
        blocks, own, anchors, key, plan.segments
    ) + len(later):
        return None
    out = plan_page(blocks, segments)
    out.later = phased(out, second)
    out.second = second if out.later is not None else frozenset()
    return out


def phased(plan: Plan, later: frozenset[int]) -> int | None:
    """The first step of ``plan`` that writes one of the first-level blocks ``later`` (every
    step from it on is of the second part); None when none does."""
    for index, step in enumerate(plan.steps):
        if step.target.is_page and step.kind == "append" and step.at[0] in later:
            return index
    return None


def acyclic_runs(
    pairs: list[tuple[int, int]],
    count: int,
    late: bool = False,
    later: frozenset[int] = frozenset(),
) -> Segments:
    """Runs of ``count`` first-level blocks, in an order that writes each block after the
    blocks it links to (``pairs``: (block, block it links to)), in few runs.

    A block in a cycle of links (a footnote and its citation) is patched: its links are left
    out, the fewest such blocks chosen greedily (among equals, the first in the page, or with
    ``late`` the last: the citations or the notes). Then each linked block starts a run (the
    blocks without links join the run before them), and neighbouring runs are merged, left
    to right, while no link joins them and no chain of links leads from one to the other
    (the runs' order would then have a cycle). The runs are written in an order where each
    comes after those it links to, the earliest in the page first among those ready. The
    blocks ``later`` form runs of their own, written after every other run (nothing among
    the others may link to them: see :func:`later_blocks`)."""
    edges = {(source, target) for source, target in pairs if source != target}
    patched = _feedback(edges, late)
    edges = {(source, target) for source, target in edges if source not in patched}
    if not edges and not later:
        return ()
    bounds_later = {block + step for block in later for step in (0, 1) if block + step < count}
    starts = sorted({0, *(block for edge in edges for block in edge), *bounds_later})
    phase = {index: starts[index] in later for index in range(len(starts))}
    run_of = {block: index for index, block in enumerate(starts)}
    #: runs by number -> the runs each links to, and the runs linking to each
    after: dict[int, set[int]] = {index: set() for index in range(len(starts))}
    before: dict[int, set[int]] = {index: set() for index in range(len(starts))}
    for source, target in edges:
        after[run_of[source]].add(run_of[target])
        before[run_of[target]].add(run_of[source])
    order = list(range(len(starts)))
    position = 0
    while position + 1 < len(order):
        left, right = order[position], order[position + 1]
        if (
            phase[left] != phase[right]
            or right in after[left]
            or left in after[right]
            or _leads(after, left, right)
        ):
            position += 1
            continue
        for target in after.pop(right):  # the right run joins the left one
            before[target].discard(right)
            before[target].add(left)
            after[left].add(target)
        for source in before.pop(right):
            after[source].discard(right)
            after[source].add(left)
            before[left].add(source)
        del order[position + 1]
    bounds = dict(zip(order, [*(starts[run] for run in order[1:]), count], strict=True))
    ready = [(phase[run], starts[run], run) for run in order if not after[run]]
    heapq.heapify(ready)
    waiting = {run: len(after[run]) for run in order}
    out: list[tuple[int, int]] = []
    while ready:
        _, start, run = heapq.heappop(ready)
        out.append((start, bounds[run]))
        for source in before[run]:
            waiting[source] -= 1
            if not waiting[source]:
                heapq.heappush(ready, (phase[source], starts[source], source))
    return tuple(out)


def _leads(after: dict[int, set[int]], one: int, other: int) -> bool:
    """Whether a chain of two links or more leads from run ``one`` to ``other`` or back."""
    for start, goal in ((one, other), (other, one)):
        stack = [run for run in after[start] if run != goal]
        seen = set(stack)
        while stack:
            run = stack.pop()
            if run == goal:
                return True
            for nxt in after[run]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    return False


def _feedback(edges: set[tuple[int, int]], late: bool) -> set[int]:
    """Blocks whose links, left out, leave no cycle among ``edges``: greedily, the block
    with the most links in and out within what still forms cycles (the first in the page
    among equals, or the last with ``late``)."""
    patched: set[int] = set()
    while True:
        live = {(s, t) for s, t in edges if s not in patched}
        cyclic = _in_cycles(live)
        if not cyclic:
            return patched
        degree: dict[int, int] = {}
        for source, target in live:
            if source in cyclic and target in cyclic:
                degree[source] = degree.get(source, 0) + 1
                degree[target] = degree.get(target, 0) + 1
        ranked = sorted(degree, reverse=late)
        patched.add(max(ranked, key=lambda block: degree[block]))


def _in_cycles(edges: set[tuple[int, int]]) -> set[int]:
    """The blocks on some cycle of ``edges``: those left once blocks with no link in, or
    none out, are taken away again and again."""
    out: dict[int, set[int]] = {}
    into: dict[int, set[int]] = {}
    for source, target in edges:
        out.setdefault(source, set()).add(target)
        into.setdefault(target, set()).add(source)
    nodes = set(out) | set(into)
    queue = [n for n in nodes if not out.get(n) or not into.get(n)]
    while queue:
        node = queue.pop()
        if node not in nodes:
            continue
        nodes.discard(node)
        for target in out.pop(node, set()):
            into[target].discard(node)
            if target in nodes and not into[target]:
                queue.append(target)
        for source in into.pop(node, set()):
            out[source].discard(node)
            if source in nodes and not out[source]:
                queue.append(source)
    return nodes


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
