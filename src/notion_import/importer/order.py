"""In what order pages are written so that links between them need no patching.

A page mention needs its target to exist; a link to a heading needs the heading's block id,
known once its page is written. Pages arrive in source order, so a page may link to pages
that come later. :class:`LinkOrder` decides, as each page is adopted, what its blocks wait
for:

- a page whose links all point back (to pages already adopted, not deferred) is written as
  soon as those are created (headings: written), its first blocks riding on its create;
- a page that mentions a later page, itself, or links to a heading of a later or deferred
  page is *deferred*: created empty first, its blocks written once its targets exist (and,
  for headings, are written), put before any child page created meanwhile.

Waits never close a cycle. A page's creation waits only for its parent's creation (or the
parent's blocks, when the parent is not deferred: those wait for earlier pages only) and its
previous sibling's creation. Waits for a page to be *written* come from non-deferred pages
(pointing back at non-deferred pages only) or from deferred pages, whose waits form a graph
kept acyclic here. A wait that would close a cycle splits the page in two parts
(:attr:`~notion_import.importer.plan.Plan.later`): the blocks linking to those pages' anchors
(and the blocks linking to anchors in them) are written second, once those pages' first
parts are; the others first. For a page in two parts, "written" (what other pages wait for)
means its first part: a second part waits only for first parts, which wait for no second
part, so no cycle can form. A link to an anchor that is in a second part is found when
its block is written (reading the blocks above it if it is nested), else patched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notion_import.importer.minimal import PageFloor, page_floor
from notion_import.importer.page import ImportPage
from notion_import.importer.placement import page_key
from notion_import.importer.reorder import two_parts


@dataclass
class Waits:
    """What one page's blocks wait for: names are page keys, or link paths of pages not
    adopted yet (released at the end if they never come)."""

    deferred: bool = False
    created: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    #: the pages whose first part (see :attr:`~.plan.Plan.later`) the page's second part
    #: waits for, once its first part is written.
    later: list[str] = field(default_factory=list)


class LinkOrder:
    """Decides, page by page in adoption order, what each page's blocks wait for."""

    def __init__(self, pages: dict[str, ImportPage] | None = None) -> None:
        self.pages: dict[str, ImportPage] = pages if pages is not None else {}
        self.deferred: set[str] = set()
        self.waits: dict[str, Waits] = {}
        #: deferred page -> the names whose writing it waits for (kept acyclic).
        self._edges: dict[str, set[str]] = {}
        #: what each page adds to the lower bound on requests, taken as it is adopted
        #: (while its content is here; see :func:`~.minimal.minimal_requests`).
        self.floors: dict[str, PageFloor] = {}

    def key(self, name: str) -> str | None:
        return page_key(name, self.pages)

    def adopt(self, page: ImportPage, previous: str = "") -> Waits:
        """Register ``page`` (after every page before it; ``previous``: the page before it
        under the same parent) and decide its waits."""
        self.pages[page.key] = page
        self.floors[page.key] = page_floor(page, previous)
        deferred = False
        created: set[str] = set()
        headings: set[str] = set()
        for link in page.links:
            where, fragment = link.target.path, link.target.fragment
            key = self.key(where)
            if key == page.key:
                deferred = deferred or not fragment  # it mentions itself
                continue  # a link to its own heading is patched
            name = key if key is not None else where.rstrip("/")
            if fragment:
                headings.add(name)
                deferred = deferred or key is None or key in self.deferred
            else:
                deferred = deferred or key is None
                created.add(name)
        written: set[str] = set()
        later: set[str] = set()
        for name in sorted(headings):
            key = self.key(name)
            if key is not None and key not in self.deferred:
                written.add(key)  # an earlier page that waits for earlier ones only
            elif deferred and not self._reaches(name, page.key):
                written.add(name)
                self._edges.setdefault(page.key, set()).add(name)
            else:  # it waits for this one: the blocks linking to it are written second
                later.add(key or name)
        if later:
            blocks = {
                link.block
                for link in page.links
                if link.target.fragment and (self.key(link.target.path) or "") in later
            }
            args = (page.blocks, page.links, page.anchors, page.key)
            split = two_parts(*args, blocks, page.plan)
            if split is None:  # cheaper in one part: those links are patched at the end
                created |= later
                later = set()
            else:
                page.plan = split
        if deferred:
            self.deferred.add(page.key)
        page.deferred = deferred
        waits = Waits(deferred, sorted(created - written), sorted(written), sorted(later))
        self.waits[page.key] = waits
        return waits

    def settle(self, key: str) -> None:
        """The page is written: forget its waits, so that they do not pile up over an import."""
        self.waits.pop(key, None)

    def _reaches(self, start: str, goal: str) -> bool:
        """Whether waiting for ``start`` to be written may wait, in turn, for ``goal``."""
        stack, seen = [start], set()
        while stack:
            name = stack.pop()
            key = self.key(name) or name
            if key == goal:
                return True
            if key not in seen:
                seen.add(key)
                stack.extend(self._edges.get(key, ()))
        return False
