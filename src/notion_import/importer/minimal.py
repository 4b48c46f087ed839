"""The fewest requests an import needs, and the distinct files it uploads.

What the report compares the requests sent with (``minimal_requests`` in its totals), and
what a dry run announces before anything is sent.
"""

from __future__ import annotations

import hashlib

from notion_import.convert.references import PageLink
from notion_import.importer.order import LinkOrder, Waits
from notion_import.importer.page import ImportPage
from notion_import.importer.placement import page_key
from notion_import.importer.uploads import asset_bytes


def minimal_requests(
    pages: list[ImportPage], *, order: LinkOrder | None = None, files: int | None = None
) -> int:
    """The fewest requests the block API allows for this content, pages written in order
    (the order :class:`~notion_import.importer.order.LinkOrder` decides: ``order``, the one
    that adopted ``pages`` in this order, else one made here). ``files`` is the number of
    distinct file contents the pages reference, counted here when not given (an import
    counts them as pages come, their files being out of memory by now).

    - per page: one create carrying its first request's blocks, plus every further append its
      plan needs (more than 100 children, 1,000 elements or 500 KB; nesting deeper than a
      request allows; tables and lists over 100 items). A create answers with the page only,
      not with its blocks' ids: when a later append goes into a block of the first request,
      that request is an append of its own (or the create needs a listing: one more either way);
    - per distinct file content: two (create the upload, send the bytes);
    - links to pages: a link (or mention) needs its target to exist. A deferred page (it
      links to a later page or itself, or to an anchor of a later or deferred page) is created
      first and its blocks written once the targets exist: its first blocks cannot ride on
      the create, one more request for that page;
    - links to an anchor (``page.html#id``: a heading, or any block that carries the id)
      become links to its block, whose id is known once its page is written. A link the page
      cannot wait for (its own anchor; a wait that would close a cycle), to a block nested in
      another block, or to a page whose first blocks rode on its create (no ids returned), is
      patched at the end: one request per block; finding such a block reads its page, one
      read per level;
    - reads the plan cannot do without (listing the ids of blocks nested in a column list,
      which an append does not return, when more must go inside them; listing the blocks
      above a nested block that must be patched) count one each;
      verification and reconciliation reads are not counted.
    """
    if order is None:
        order = LinkOrder()
        for page in pages:
            order.adopt(page)
    by_key = {page.key: page for page in pages}
    rides: dict[str, bool] = {}
    patches: dict[str, list[tuple[int, ...]]] = {}
    heading_reads: dict[PageLink, int] = {}

    def patched(page: ImportPage) -> list[tuple[int, ...]]:
        if page.key in patches:
            return patches[page.key]
        patches[page.key] = []  # waits for writing are acyclic: no re-entry through them
        waits = order.waits.get(page.key, Waits())
        out = []
        for path in page.link_paths:
            patch = False
            for link in page.links_at(path):
                fragment = link.target.fragment
                key = page_key(link.target.path, by_key)
                if not fragment or key is None or fragment not in by_key[key].anchors:
                    continue
                level = by_key[key].anchors[fragment]
                waited = key in waits.written or any(
                    page_key(w, by_key) == key for w in waits.written
                )
                if not waited or len(level) > 1 or rode(by_key[key]):
                    patch = True
                    if key != page.key and (len(level) > 1 or rode(by_key[key])):
                        heading_reads[link.target] = len(level)
            if patch:
                out.append(path)
        patches[page.key] = out
        return out

    def rode(page: ImportPage) -> bool:
        if page.key not in rides:
            rides[page.key] = False
            steps = page.plan.steps
            rides[page.key] = (
                bool(steps)
                and steps[0].kind == "append"
                and steps[0].target.is_page
                and not page.deferred
                and not patched(page)
                and not any(s.target.request == 0 for s in steps[1:])
            )
        return rides[page.key]

    total = 0
    for page in pages:
        steps = page.plan.steps
        appends = sum(1 for s in steps if s.kind == "append")
        lists = sum(1 for s in steps if s.kind == "list")
        to_patch = patched(page)
        # a nested block to patch is found by listing each block above it
        lists += len({path[:k] for path in to_patch for k in range(1, len(path))})
        total += 1 + appends - (1 if rode(page) else 0) + len(to_patch) + lists
    distinct = unique_files(pages) if files is None else files
    return total + sum(heading_reads.values()) + 2 * distinct


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
