"""A lower bound on the requests an import needs, and the distinct files it uploads.

What the report compares the requests sent with (``minimal_requests`` in its totals), and
what a dry run announces before anything is sent. The bound is computed from the converted
pages alone (their blocks, links and anchors, the sizes of their files), whatever plan the
writer makes: no way of writing the same content through Notion's API sends fewer requests.
``docs/requests.md`` states the formula and why each term holds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from notion_import.api.uploads import SINGLE_PART_LIMIT
from notion_import.importer.page import ImportPage
from notion_import.importer.placement import page_key
from notion_import.importer.plan import MAX_CHILDREN, MAX_LEVELS, children_of
from notion_import.importer.uploads import asset_bytes

#: Notion's limits on one request body (the planner keeps a margin below the byte limit).
BODY_ELEMENTS = 1000
BODY_BYTES = 500_000
#: the largest group of pages waiting for each other in a cycle checked page by page.
GROUP_CHECKED = 200


@dataclass(frozen=True, slots=True)
class PageFloor:
    """What the bound needs of one page, taken while its content is at hand: the requests
    its blocks force alone, and the pages (keys or link paths) and anchors it links to."""

    key: str
    #: requests Notion's size and nesting limits force for its blocks: to blocks (as
    #: parents of appends or listings), and at least ``least`` in all (bodies' limits).
    requests: int
    least: int = 1
    #: the page it goes under (a key; "" at the top), and the page before it there (pages
    #: keep their source order: each is created after the one before it).
    parent: str = ""
    previous: str = ""
    #: its first-level blocks.
    top: int = 0
    #: the pages it links to (keys, or paths not resolved when taken), itself excluded, and
    #: the first first-level block that holds a link to each.
    targets: tuple[tuple[str, int], ...] = ()
    #: the pages whose anchors it links to (same naming), itself excluded.
    anchor_targets: frozenset[tuple[str, str]] = frozenset()
    #: it links to one of its own anchors.
    own_anchor: bool = False
    #: blocks linking to each other's anchors (or their own) in disjoint cycles: in each,
    #: one block is written before the other's id exists and updated afterwards.
    own_cycles: int = 0
    #: the first first-level block that links to the page itself (not an anchor); -1: none.
    own_page: int = -1
    #: its anchors on nested blocks (the index path of each), the anchors it links to
    #: itself, and (when it has nested anchors) the blocks counted in ``requests`` as
    #: parents of requests: a link to a nested block needs its id, which only a request to
    #: each block above it returns.
    nested: tuple[tuple[str, tuple[int, ...]], ...] = ()
    own_fragments: frozenset[str] = frozenset()
    parents: frozenset[tuple[int, ...]] = frozenset()
    #: of those, the pairs (two blocks linking to each other's anchors), and whether a
    #: link inside a first-level block forces a request there (see :func:`_forced_inside`).
    own_pairs: int = 0
    own_inside: bool = False

    def blocks(self, linked: set[str], early: int = -1) -> int:
        """The requests its blocks force (the create included) when the anchors ``linked``
        are linked to, and when it is created before its first-level block ``early`` (-1:
        not): the create then carries at most the blocks before it, the rest are appended.

        The page takes ``ceil(n / 100)`` requests for its ``n`` first-level blocks (the
        create carrying the first ones); when some block must be the parent of a request its
        id comes from an append (or a listing): one more when ``n <= 100``."""
        above = {
            path[:k] for name, path in self.nested if name in linked for k in range(1, len(path))
        }
        new = above - self.parents
        root = max(1, -(-self.top // MAX_CHILDREN))
        if (self.requests or new) and self.top <= MAX_CHILDREN:
            root += 1
        if early >= 0:
            root = max(root, 1 + -(-(self.top - min(early, MAX_CHILDREN)) // MAX_CHILDREN))
        return max(root + self.requests + len(new), self.least)


def page_floor(page: ImportPage, previous: str = "") -> PageFloor:
    """The part of the bound one page holds (see :func:`minimal_requests`); ``previous``:
    the page before it under the same parent."""
    targets: dict[str, int] = {}
    anchored: set[tuple[str, str]] = set()
    own_anchor = False
    own_page = -1
    own: set[str] = set()
    edges: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    for link in page.links:
        path, fragment = link.target.path, link.target.fragment
        key = page_key(path, {page.key: page})
        if key == page.key:
            if fragment in page.anchors:
                own_anchor = True
                own.add(fragment)
                edges.add((link.block, page.anchors[fragment]))
            elif own_page < 0:  # the page itself (an anchor it lacks leads to the page)
                own_page = link.block[0]
            continue
        targets.setdefault(path, link.block[0])
        if fragment:
            anchored.add((path, fragment))
    requests, least, parents = _block_parts(page.blocks)
    nested = tuple((name, path) for name, path in page.anchors.items() if len(path) > 1)
    loops, pairs, taken = _disjoint_cycles(edges)
    inside = _forced_inside(edges, parents, [path for _, path in nested], taken)
    return PageFloor(
        page.key,
        requests,
        least,
        page.parent_key,
        previous,
        len(page.blocks),
        tuple(targets.items()),
        frozenset(anchored),
        own_anchor,
        loops + pairs + inside,
        own_page,
        nested,
        frozenset(own),
        frozenset(parents) if nested else frozenset(),
        pairs,
        inside > 0,
    )


def _disjoint_cycles(
    edges: set[tuple[tuple[int, ...], tuple[int, ...]]],
) -> tuple[int, int, set[int]]:
    """How many blocks link to their own anchor, and how many pairs of blocks link to each
    other's, no block counted twice (greedily; longer cycles are not counted): each needs an
    update. With the first-level blocks that hold them."""
    used: set[tuple[int, ...]] = set()
    loops = pairs = 0
    for source, target in sorted(edges):
        if source == target and source not in used:
            used.add(source)
            loops += 1
    for source, target in sorted(edges):
        if (
            source != target
            and (target, source) in edges
            and source not in used
            and target not in used
        ):
            used |= {source, target}
            pairs += 1
    return loops, pairs, {path[0] for path in used}


def _forced_inside(
    edges: set[tuple[tuple[int, ...], tuple[int, ...]]],
    parents: set[tuple[int, ...]],
    nested: list[tuple[int, ...]],
    taken: set[int],
) -> int:
    """Requests that links to the page's own anchors force inside first-level blocks, on
    top of every other term: one per first-level block (outside ``taken``) that holds both
    a link and the anchor it names, and one per pair of first-level blocks that link into
    each other, no block counted twice (greedily).

    Inside one first-level block, the link's block must be written once the anchor's id is
    known, which takes a request inside that block: an update when the link's block is the
    anchor's or above it (it exists first), else an update or an append below a block above
    it. That append may be one the other terms count (a request under a block above a
    nested anchor, or one the limits force: ``parents``, and every block above an anchor of
    ``nested``) only if it is under a block above the link's block and not above the
    anchor's (a request above the anchor's block comes before its id is known); such blocks
    are not counted here. Between two first-level blocks linking into each other, one is
    written before the other's anchor is known: a request inside one of them, counted only
    when neither holds a block the other terms count."""
    counted = set(parents) | {path[:k] for path in nested for k in range(1, len(path))}
    inside: set[int] = set()
    for source, target in sorted(edges):
        first = source[0]
        if first != target[0] or first in taken or first in inside:
            continue
        above = {target[:k] for k in range(1, len(target))}
        if target[: len(source)] == source or not any(
            source[:k] in counted and source[:k] not in above for k in range(1, len(source))
        ):
            inside.add(first)
    busy = taken | inside | {path[0] for path in counted}
    between = {(s[0], t[0]) for s, t in edges if s[0] != t[0]}
    pairs = 0
    for one, other in sorted(between):
        if (other, one) in between and one not in busy and other not in busy:
            busy |= {one, other}
            pairs += 1
    return len(inside) + pairs


def block_requests(blocks: list[dict[str, Any]]) -> int:
    """The fewest requests that write ``blocks`` under a new page, the create included.

    Each request adds children to one parent (the page, or a block whose id is known) and
    carries its first-level blocks plus two levels below them (columns use no level), at most
    100 children per array, 1,000 blocks and 500 KB; it answers with the ids of its
    first-level blocks only. So the page takes ``ceil(n / 100)`` requests for its ``n``
    blocks; a block with ``k > 100`` children ``ceil(k / 100) - 1`` of its own; a block with
    content 3 levels below it or deeper, or holding a column list, one (see
    :meth:`_Nodes.parents`), as does every block above those; any such block's id comes
    from an append to the page (or a listing): one more when ``n <= 100``; and the whole
    takes at least ``ceil(blocks / 1000)`` and ``ceil(bytes / 500 KB)`` requests.
    """
    requests, least, _ = _block_parts(blocks)
    return PageFloor("", requests, least, top=len(blocks)).blocks(set())


def _block_parts(blocks: list[dict[str, Any]]) -> tuple[int, int, set[tuple[int, ...]]]:
    """(the requests to blocks, the least the body limits allow, the index paths of the
    blocks that must be parents of requests), for :func:`block_requests`."""
    nodes = _Nodes(blocks)
    parents = nodes.parents()
    total = sum(max(1, -(-nodes.kids[node] // MAX_CHILDREN) - 1) for node in parents)
    size = sum(
        len(json.dumps(b, ensure_ascii=False, separators=(",", ":")).encode()) for b in blocks
    )
    least = max(-(-len(nodes.level) // BODY_ELEMENTS), -(-size // BODY_BYTES))
    return total, least, {nodes.path[n] for n in parents}


class _Nodes:
    """The blocks of a page as a flat tree: each block's parent (-1: the page), level
    (first-level blocks 1; a column has its column list's level) and children count."""

    def __init__(self, blocks: list[dict[str, Any]]) -> None:
        self.parent: list[int] = []
        self.level: list[int] = []
        self.kids: list[int] = []
        self.kind: list[str] = []
        self.path: list[tuple[int, ...]] = []
        stack: list[tuple[dict[str, Any], int, int, tuple[int, ...]]] = [
            (b, -1, 1, (i,)) for i, b in reversed(list(enumerate(blocks)))
        ]
        while stack:
            block, parent, level, path = stack.pop()
            index = len(self.parent)
            kids = children_of(block)
            self.path.append(path)
            self.parent.append(parent)
            self.level.append(level)
            self.kids.append(len(kids))
            self.kind.append(block["type"])
            below = level if block["type"] == "column_list" else level + 1
            stack.extend(
                (kid, index, below, (*path, i)) for i, kid in reversed(list(enumerate(kids)))
            )

    def parents(self) -> set[int]:
        """The blocks that must each be the parent of a request (an append under it, or a
        listing of its children): those with more than 100 children, above a column list
        that is not first-level, or with content 3 levels below them or deeper (a request
        reaches 3 levels below its parent); and every block above one of those, since a
        parent's id is known only from a request to the block above it."""
        height = [0] * len(self.level)
        for node in reversed(range(len(self.level))):  # children come after their parent
            above = self.parent[node]
            if above >= 0:
                rise = height[node] + self.level[node] - self.level[above]
                height[above] = max(height[above], rise)
        chosen = {n for n in range(len(self.level)) if height[n] >= MAX_LEVELS}
        chosen |= {n for n, k in enumerate(self.kids) if k > MAX_CHILDREN}
        chosen |= {
            self.parent[n]
            for n, kind in enumerate(self.kind)
            if kind == "column_list" and self.parent[n] >= 0
        }
        for node in list(chosen):
            above = self.parent[node]
            while above >= 0 and above not in chosen:
                chosen.add(above)
                above = self.parent[above]
        return chosen


def minimal_requests(
    pages: list[ImportPage],
    *,
    floors: Iterable[PageFloor] | None = None,
    sizes: Iterable[int] | None = None,
) -> int:
    """A lower bound on the requests that write ``pages`` (their :class:`PageFloor`, taken
    here unless given as ``floors``), with uploads of the distinct file contents of sizes
    ``sizes`` (read from the pages unless given). docs/requests.md states each term.

    Per page, the most of: what its blocks force (:meth:`PageFloor.blocks`: with one
    request more for each block above a linked anchor on a nested block, and its create
    carrying only the blocks before its first link to itself or to a page created after
    it); 3 when it links to one of its own anchors; 2 + one update per disjoint cycle of
    blocks linking to each other's anchors (or their own); 2 when another page links to one
    of its anchors. Per group of pages waiting for each other in a cycle (links wait for
    their targets to exist, a page for its parent and the page before it), the least that
    creating one of them before its blocks adds (see :func:`_breaking`).
    Per distinct file: 2 (create the upload, send the bytes), or 2 + its parts over 20 MiB
    (one send per part, then complete). Reads for verification are not counted.
    """
    if floors is None:
        last: dict[str, str] = {}
        floors = []
        for page in pages:
            floors.append(page_floor(page, last.get(page.parent_key, "")))
            last[page.parent_key] = page.key
    floors = list(floors)
    by_key = {f.key: f for f in floors}

    def key_of(path: str) -> str | None:
        return page_key(path, by_key)

    anchored = {key_of(path) for f in floors for path, _ in f.anchor_targets}
    linked: dict[str, set[str]] = {f.key: set(f.own_fragments) for f in floors}
    for f in floors:
        for path, fragment in f.anchor_targets:
            key = key_of(path)
            if key is not None:
                linked[key].add(fragment)
    links: dict[str, dict[str, int]] = {}
    for floor in floors:
        out = links.setdefault(floor.key, {})
        for name, first in floor.targets:
            key = key_of(name)
            if key is not None and key != floor.key:
                out[key] = min(first, out.get(key, first))

    def need(floor: PageFloor, early: int) -> int:
        blocks = floor.blocks(linked[floor.key], early)
        out = blocks
        if floor.own_anchor:  # the updates of blocks in cycles come on top of the appends
            out = max(out, 3, max(blocks, 2) + floor.own_cycles)
            if floor.own_pairs and not floor.own_inside:  # docs/requests.md, term 2
                cycles = floor.own_cycles
                out = max(
                    out, min(max(blocks, 2) + cycles + floor.own_pairs, max(blocks, 3) + cycles)
                )
        if floor.key in anchored:
            out = max(out, 2)
        return out

    # a page that links to itself, or to a page created after it in any order (below it,
    # or after it among its siblings or theirs), is created before the blocks that hold
    # those links
    places = _Places(floors)
    early: dict[str, int] = {}
    for floor in floors:
        firsts = [first for key, first in links[floor.key].items() if places.after(key, floor.key)]
        if firsts:
            links[floor.key] = {}
        if floor.own_page >= 0:
            firsts.append(floor.own_page)
        early[floor.key] = min(firsts, default=-1)
    least = {f.key: need(f, early[f.key]) for f in floors}
    total = sum(least.values())
    edges = {key: set(out) for key, out in links.items()}
    for floor in floors:
        edges[floor.key] |= {floor.parent, floor.previous} & edges.keys()
    for group in _cycles(edges):
        extra: dict[str, int] = {}
        members = set(group)
        for key in group:
            firsts = [first for target, first in links[key].items() if target in members]
            if firsts:
                at = min(firsts) if early[key] < 0 else min(early[key], *firsts)
                extra[key] = need(by_key[key], at) - least[key]
        total += _breaking(group, extra, edges, by_key)
    if sizes is None:
        sizes = distinct_files(pages).values()
    return total + sum(upload_requests(size) for size in sizes)


def upload_requests(size: int) -> int:
    """The fewest requests that upload one file of ``size`` bytes."""
    if size <= SINGLE_PART_LIMIT:
        return 2
    return 2 + -(-size // SINGLE_PART_LIMIT)


class _Places:
    """Where pages go: each page's parent and its rank among its parent's pages."""

    def __init__(self, floors: list[PageFloor]) -> None:
        self.parent = {f.key: f.parent for f in floors}
        self.rank: dict[str, int] = {}
        counts: dict[str, int] = {}
        for floor in floors:
            self.rank[floor.key] = counts.get(floor.parent, 0)
            counts[floor.parent] = self.rank[floor.key] + 1

    def after(self, later: str, key: str) -> bool:
        """Whether page ``later`` is created after page ``key`` in any order: below it, or
        below a page after it under the same parent (or is such a page)."""
        node: str | None = later
        seen: set[str] = set()
        while node is not None and node in self.parent and node not in seen:
            seen.add(node)
            if self.parent[node] == self.parent[key] and self.rank[key] <= self.rank[node]:
                return True
            node = self.parent[node] or None
        return False


def _breaking(
    group: list[str],
    extra: dict[str, int],
    edges: dict[str, set[str]],
    by_key: dict[str, PageFloor],
) -> int:
    """The fewest requests a cycle of waiting pages adds: a page breaks the waits of its
    links (not those for its parent and the page before it) by being created before the
    blocks that hold them, which adds ``extra`` of it; the least of a page that breaks
    every cycle of the group alone, else of two pages."""
    members = set(group)
    if len(group) <= GROUP_CHECKED:
        alone = []
        for key in extra:
            floor = by_key[key]
            kept = {
                k: (edges[k] & members) if k != key else ({floor.parent, floor.previous} & members)
                for k in group
            }
            if not _cycles(kept):
                alone.append(extra[key])
        if alone:
            return min(alone)
        return sum(sorted(extra.values())[:2])
    return min(extra.values(), default=0)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one page (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for start in edges:
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def page_files(page: ImportPage) -> dict[str, int]:
    """The file contents one page references (what the importer uploads): size by SHA-256."""
    sizes: dict[str, int] = {}
    for asset in page.assets:
        content = asset_bytes(asset, page.root)
        if content is not None:
            sizes[hashlib.sha256(content).hexdigest()] = len(content)
    return sizes


def distinct_files(pages: list[ImportPage]) -> dict[str, int]:
    """The distinct file contents the pages reference (what the importer uploads): size by
    SHA-256."""
    sizes: dict[str, int] = {}
    for page in pages:
        sizes.update(page_files(page))
    return sizes
