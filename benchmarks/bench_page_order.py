"""How many links between pages the page order leaves behind their targets, per site.

A block that links to an anchor of another page goes in whole only if that page's block was
written first; else it is patched, or written in a second part (docs/requests.md). Pages wait
for each other as :class:`~notion_import.importer.order.LinkOrder` decides, page by page as
they stream in. This counts, for each site, the links (a block, the page whose anchor it names)
that order leaves behind their targets, against an order of the whole link graph chosen
greedily by weight (Eades, Lin and Smyth's heuristic for a feedback arc set, each edge weighing
the blocks that link along it): what an import that read the link graph first could reach.
Nothing is imported: the pages are converted and adopted as an import would.

Usage: python benchmarks/bench_page_order.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_fidelity import CACHE, SITES, source_of
from notion_import.importer import documents_to_pages
from notion_import.importer.order import LinkOrder
from notion_import.importer.page import ImportPage
from notion_import.importer.placement import arrange, page_key

#: (linking page, page whose anchor it names) -> the blocks linking so.
Edges = dict[tuple[str, str], set[tuple[int, ...]]]


def anchor_edges(pages: list[ImportPage]) -> Edges:
    by_key = {page.key: page for page in pages}
    edges: Edges = defaultdict(set)
    for page in pages:
        for link in page.links:
            key = page_key(link.target.path, by_key)
            fragment = link.target.fragment
            if key is None or key == page.key or not fragment:
                continue
            if fragment in by_key[key].anchors:
                edges[(page.key, key)].add(link.block)
    return edges


def streamed_behind(pages: list[ImportPage], edges: Edges) -> int:
    """Links whose block does not wait for its target page, as the import orders pages."""
    order = LinkOrder()
    previous: dict[str, str] = {}
    for page in pages:
        order.adopt(page, previous.get(page.parent_key, ""))
        previous[page.parent_key] = page.key
    return sum(
        len(blocks)
        for (source, target), blocks in edges.items()
        if target not in order.waits[source].written
    )


def greedy_order(keys: list[str], weights: dict[tuple[str, str], int]) -> list[str]:
    """Pages in an order where few links point at pages written later: pages linking to no
    page left go first, pages no page left links to go last, else the page whose links out
    outweigh its links in most goes last."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    into: dict[str, dict[str, int]] = defaultdict(dict)
    for (source, target), weight in weights.items():
        out[source][target] = weight
        into[target][source] = weight
    left = set(keys)

    def weight(edges: dict[str, int]) -> int:
        return sum(w for key, w in edges.items() if key in left)

    first: list[str] = []
    last: list[str] = []
    while left:
        moved = True
        while moved:
            moved = False
            for key in sorted(left):
                if not weight(out[key]):
                    first.append(key)
                elif not weight(into[key]):
                    last.append(key)
                else:
                    continue
                left.discard(key)
                moved = True
        if left:
            key = max(sorted(left), key=lambda k: weight(out[k]) - weight(into[k]))
            last.append(key)
            left.discard(key)
    return first + last[::-1]


def graph_behind(pages: list[ImportPage], edges: Edges) -> int:
    """Links whose target page comes after their page in :func:`greedy_order`."""
    weights = {edge: len(blocks) for edge, blocks in edges.items()}
    position = {key: i for i, key in enumerate(greedy_order([p.key for p in pages], weights))}
    return sum(w for (source, target), w in weights.items() if position[target] > position[source])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="Sites whose name holds one.")
    args = parser.parse_args()
    print(
        "| site | pages | links to other pages' anchors | behind: streamed | behind: whole graph |"
    )
    print("|---|---|---|---|---|")
    for site in SITES:
        if args.only and not any(name in site.name for name in args.only):
            continue
        if site.package and not (CACHE / site.package).is_dir():
            continue
        with tempfile.TemporaryDirectory() as scratch:
            source = source_of(site, Path(scratch))
            if source is None:
                continue
            pages = arrange(documents_to_pages(source))
        edges = anchor_edges(pages)
        total = sum(len(blocks) for blocks in edges.values())
        streamed, graph = streamed_behind(pages, edges), graph_behind(pages, edges)
        print(f"| {site.name} | {len(pages)} | {total:,} | {streamed:,} | {graph:,} |")


if __name__ == "__main__":
    main()
