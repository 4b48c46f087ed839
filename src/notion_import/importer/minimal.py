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
    #: requests Notion's size and nesting limits force for its blocks (the create included).
    blocks: int
    #: the page it goes under (a key; "" at the top).
    parent: str = ""
    #: its first-level blocks.
    top: int = 0
    #: the pages it links to (keys, or paths not resolved when taken), itself excluded, and
    #: the first first-level block that holds a link to each.
    targets: tuple[tuple[str, int], ...] = ()
    #: the pages whose anchors it links to (same naming), itself excluded.
    anchor_targets: frozenset[str] = frozenset()
    #: it links to one of its own anchors.
    own_anchor: bool = False
    #: it links to itself (its page, not an anchor).
    own_page: bool = False


def page_floor(page: ImportPage) -> PageFloor:
    """The part of the bound one page holds (see :func:`minimal_requests`)."""
    targets: dict[str, int] = {}
    anchored: set[str] = set()
    own_anchor = own_page = False
    for link in page.links:
        path, fragment = link.target.path, link.target.fragment
        key = page_key(path, {page.key: page})
        if key == page.key:
            if fragment in page.anchors:
                own_anchor = True
            else:  # the page itself (an anchor it lacks leads to the page)
                own_page = True
            continue
        targets.setdefault(path, link.block[0])
        if fragment:
            anchored.add(f"{path}#{fragment}")
    return PageFloor(
        page.key,
        block_requests(page.blocks),
        page.parent_key,
        len(page.blocks),
        tuple(targets.items()),
        frozenset(anchored),
        own_anchor,
        own_page,
    )


def block_requests(blocks: list[dict[str, Any]]) -> int:
    """The fewest requests that write ``blocks`` under a new page, the create included.

    Each request adds children to one parent (the page, or a block whose id is known) and
    carries its first-level blocks plus two levels below them (columns use no level), at most
    100 children per array, 1,000 blocks and 500 KB. So the page takes ``ceil(n / 100)``
    requests for its ``n`` blocks; a block with ``k > 100`` children ``ceil(k / 100) - 1``
    of its own; a block deeper than a request reaches needs some ancestor to be the parent of
    a request (the fewest such parents, chosen greedily from the deepest block up, each one
    request), as does a column list below the first level; and the whole takes at least
    ``ceil(blocks / 1000)`` and ``ceil(bytes / 500 KB)`` requests. A create answers with the
    page alone: when any block must be the parent of a request, its id comes from an append
    (or a listing), one more request than the page's ``ceil(n / 100)`` when ``n <= 100``.
    """
    nodes = _Nodes(blocks)
    parents = nodes.parents()
    total = max(1, -(-len(blocks) // MAX_CHILDREN))
    for node in parents:
        total += max(1, -(-nodes.kids[node] // MAX_CHILDREN) - 1)
    if parents and len(blocks) <= MAX_CHILDREN:
        total += 1
    size = sum(len(json.dumps(b, ensure_ascii=False, separators=(",", ":")).encode()) for b in blocks)
    return max(total, -(-len(nodes.level) // BODY_ELEMENTS), -(-size // BODY_BYTES))


class _Nodes:
    """The blocks of a page as a flat tree: each block's parent (-1: the page), level
    (first-level blocks 1; a column has its column list's level) and children count."""

    def __init__(self, blocks: list[dict[str, Any]]) -> None:
        self.parent: list[int] = []
        self.level: list[int] = []
        self.kids: list[int] = []
        self.kind: list[str] = []
        stack: list[tuple[dict[str, Any], int, int]] = [(b, -1, 1) for b in reversed(blocks)]
        while stack:
            block, parent, level = stack.pop()
            index = len(self.parent)
            kids = children_of(block)
            self.parent.append(parent)
            self.level.append(level)
            self.kids.append(len(kids))
            self.kind.append(block["type"])
            below = level if block["type"] == "column_list" else level + 1
            stack.extend((kid, index, below) for kid in reversed(kids))

    def parents(self) -> set[int]:
        """The fewest blocks that must be the parent of a request of their own."""
        chosen = {n for n, k in enumerate(self.kids) if k > MAX_CHILDREN}
        chosen |= {
            self.parent[n]
            for n, kind in enumerate(self.kind)
            if kind == "column_list" and self.parent[n] >= 0
        }
        for node in sorted(range(len(self.level)), key=lambda n: -self.level[n]):
            if self._reached(node, chosen):
                continue
            # the farthest ancestor whose request still reaches this block
            above, best = self.parent[node], self.parent[node]
            while above >= 0 and self.level[node] - self.level[above] <= MAX_LEVELS:
                best, above = above, self.parent[above]
            chosen.add(best)
        return chosen

    def _reached(self, node: int, chosen: set[int]) -> bool:
        """Whether a request to the page or to a chosen block can carry ``node``."""
        above = self.parent[node]
        while above >= 0:
            if self.level[node] - self.level[above] > MAX_LEVELS:
                return False
            if above in chosen:
                return True
            above = self.parent[above]
        return self.level[node] <= MAX_LEVELS


def minimal_requests(
    pages: list[ImportPage],
    *,
    floors: Iterable[PageFloor] | None = None,
    sizes: Iterable[int] | None = None,
) -> int:
    """A lower bound on the requests that write ``pages`` (their :class:`PageFloor`, taken
    here unless given as ``floors``), with uploads of the distinct file contents of sizes
    ``sizes`` (read from the pages unless given).

    Per page, the most of: what its blocks force (:func:`block_requests`); 3 when it links
    to one of its own anchors (a create, an append that answers with the anchor's block id,
    then a request that writes the link: an insert before it or a patch); 2 when it links to
    itself or another page links to one of its anchors (its id, or a block id, is known only
    after a first request). Per set of pages that wait for each other in a cycle (a page's
    links wait for their targets to exist, a page for its parent), one page of the cycle is
    created before its blocks that link on: its create carries at most the blocks before
    the first of them, the rest are appended; the least that adds is counted.
    Per distinct file: 2 (create the upload, send the bytes), or 2 + its parts over 20 MiB
    (one send per part, then complete). Reads for verification are not counted.
    """
    floors = [page_floor(p) for p in pages] if floors is None else list(floors)
    by_key = {f.key: f for f in floors}

    def key_of(name: str) -> str | None:
        return page_key(name.split("#", 1)[0], by_key)

    anchored = {key_of(name) for f in floors for name in f.anchor_targets}
    least: dict[str, int] = {}
    for floor in floors:
        need = floor.blocks
        if floor.own_anchor:
            need = max(need, 3)
        if floor.own_page or floor.key in anchored:
            need = max(need, 2)
        least[floor.key] = need
    links: dict[str, dict[str, int]] = {}
    for floor in floors:
        out = links.setdefault(floor.key, {})
        for name, first in floor.targets:
            key = key_of(name)
            if key is not None and key != floor.key:
                out[key] = min(first, out.get(key, first))
    edges = {key: set(out) for key, out in links.items()}
    for floor in floors:
        if floor.parent in edges:
            edges[floor.key].add(floor.parent)
    total = sum(least.values())
    for group in _cycles(edges):
        total += _breaking(group, links, edges, by_key, least)
    if sizes is None:
        sizes = distinct_files(pages).values()
    return total + sum(upload_requests(size) for size in sizes)


def upload_requests(size: int) -> int:
    """The fewest requests that upload one file of ``size`` bytes."""
    if size <= SINGLE_PART_LIMIT:
        return 2
    return 2 + -(-size // SINGLE_PART_LIMIT)


def _breaking(
    group: list[str],
    links: dict[str, dict[str, int]],
    edges: dict[str, set[str]],
    by_key: dict[str, PageFloor],
    least: dict[str, int],
) -> int:
    """The fewest requests a cycle of waiting pages adds: a page breaks the waits of its
    links (not the one for its parent) by being created before the blocks that hold them;
    the least of a page that breaks every cycle of the group alone, else of two pages."""
    members = set(group)
    extra: dict[str, int] = {}
    for key in group:
        firsts = [first for target, first in links[key].items() if target in members]
        if firsts:
            rest = by_key[key].top - min(min(firsts), MAX_CHILDREN)
            extra[key] = max(0, 1 + -(-rest // MAX_CHILDREN) - least[key])
    if len(group) <= GROUP_CHECKED:
        alone = []
        for key in extra:
            parent = by_key[key].parent
            kept = {
                k: (edges[k] & members) if k != key else ({parent} & members) for k in group
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


def unique_files(pages: list[ImportPage]) -> int:
    """How many distinct file contents the pages reference."""
    return len(distinct_files(pages))
