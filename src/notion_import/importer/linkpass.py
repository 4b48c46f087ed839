"""Links between the pages of an import: what each internal link becomes, and the link pass.

An internal link keeps its words: it becomes a link to the block that carries its anchor
(``page.html#id`` where ``id`` is an anchor of that page: a heading, a definition term, a
footnote...) once that block's id is known, else a link to its page once the page exists (a
page mention when its words are the page's title, see :func:`~.fill.linked`). When a
page is written, :meth:`Links.prepare` decides (journaled) which of its links are written so
at once; the blocks holding the others are patched by :meth:`Links.link_pass` once every page
exists. Should Notion refuse a link that is not http(s) (``mailto:``), every such link is then
written as its text, with a loss entry (:meth:`Links.send`).
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from notion_client import APIResponseError

from notion_import.api.client import NotionAPI
from notion_import.api.paginate import collect
from notion_import.api.tree import OWN_PAGES
from notion_import.convert.ir import Loss
from notion_import.convert.references import LinkRef, PageLink, among, block_at
from notion_import.errors import InvalidRequestError, UncertainWriteError, from_notion
from notion_import.importer.fill import (
    Reached,
    Resolve,
    linked_fields,
    page_blocks,
    step_blocks,
)
from notion_import.importer.journal import WRITE_ATTEMPTS, Journal, digest
from notion_import.importer.page import ImportPage
from notion_import.importer.placement import page_key
from notion_import.importer.plan import Step, payload
from notion_import.importer.reorder import first_level_steps, written_whole
from notion_import.importer.report import page_url

log = logging.getLogger(__name__)
#: Listings of blocks' children kept to find anchors: several anchors under one block are
#: found with one read.
LISTINGS_KEPT = 64
#: Set while one task sends a refused request again with http(s) links only.
_WEB_LINKS_ONLY: ContextVar[bool] = ContextVar("web_links_only", default=False)

T = TypeVar("T")


def block_url(page_id: str, block_id: str) -> str:
    """A link to one block of a page, as Notion's "Copy link to block" gives it."""
    return f"{page_url(page_id)}#{block_id.replace('-', '')}"


class Links:
    """What the internal links of an import's pages become, through one :class:`NotionAPI`."""

    def __init__(self, api: NotionAPI, journal: Journal, pages: dict[str, ImportPage]) -> None:
        self.api = api
        self.journal = journal
        #: every page of the import by key (the importer's own dict).
        self.pages = pages
        #: page ids by key, once created.
        self.page_ids: dict[str, str] = {}
        #: links to an anchor -> the URL of the block that carries it, once known.
        self.heading_urls: dict[PageLink, str] = {}
        #: set once Notion refuses a link that is not http(s) (``mailto:``): from then on such
        #: links are written as their text, with a loss entry.
        self.web_links_only = False
        #: links other than http(s) taken out of requests so far.
        self._stripped = 0
        self._refused: set[tuple[str, str]] = set()
        #: the children of the blocks read last to find anchors (block id -> their ids).
        self._listed: dict[str, list[str]] = {}

    # -- what a link becomes -------------------------------------------------------------

    def page_reached(self, path: str) -> Reached | None:
        """The page a link's path names (a page, or a folder's page), if created."""
        key = page_key(path, self.page_ids)
        if key is None:
            return None
        page_id = self.page_ids[key]
        page = self.pages.get(key)
        if page is not None and page.database:  # a link to a database: its address, words kept
            return Reached(page_url(page_id))
        return Reached(page_url(page_id), page_id, page.title if page is not None else "")

    def page_id(self, path: str) -> str | None:
        """The id of the page created from the file ``path`` of the export (or its folder)."""
        key = page_key(path, self.page_ids)
        return None if key is None else self.page_ids[key]

    def resolve_link(self, target: PageLink) -> Reached | None:
        """Where an internal link leads: the block that carries its anchor, when that block's
        id is known; else the target page, if created; else None (the link pass, or not in
        the import)."""
        if target.fragment and self.is_heading_link(target):
            url = self.heading_url(target)
            return None if url is None else Reached(url)
        return self.page_reached(target.path)

    def is_heading_link(self, target: PageLink) -> bool:
        """Whether a link names an anchor of a page of the import (a heading or other block)."""
        key = page_key(target.path, self.pages)
        return key is not None and target.fragment in self.pages[key].anchors

    def heading_url(self, target: PageLink) -> str | None:
        """The block link of the anchor ``target`` names, if the block's id is known now."""
        if target in self.heading_urls:
            return self.heading_urls[target]
        saved = self.journal.get_meta(f"heading:{target.key}")
        if saved is None:
            key = page_key(target.path, self.pages)
            page = self.pages[key] if key is not None else None
            if page is None or page.page_id is None:
                return None
            where = page.anchors[target.fragment]
            block_id = self.top_level_id(page, where[0]) if len(where) == 1 else None
            if block_id is None:
                return None
            saved = block_url(page.page_id, block_id)
        self.heading_urls[target] = saved
        return saved

    async def find_heading(self, target: PageLink) -> str | None:
        """Like :meth:`heading_url`, reading the target page's blocks when the block is
        nested or its page's first blocks rode on the create (journaled once found)."""
        known = self.heading_url(target)
        if known is not None:
            return known
        key = page_key(target.path, self.pages)
        if key is None or self.pages[key].page_id is None:
            return None
        page = self.pages[key]
        assert page.page_id is not None
        where = page.anchors[target.fragment]
        first = self.top_level_id(page, where[0])
        block_id, above = (page.page_id, ()) if first is None else (first, where[:1])
        for index in where[len(above) :]:
            listed = await self._children(block_id)
            if index >= len(listed):  # not all written yet: read again next time
                self._listed.pop(block_id, None)
                return None
            self._found_beside(target.path, page, above, listed)
            block_id, above = listed[index], (*above, index)
        return self.heading_urls.get(target)

    def _found_beside(
        self, path: str, page: ImportPage, above: tuple[int, ...], listed: list[str]
    ) -> None:
        """Keep (and journal) the block link of every anchor of ``page`` among the children
        listed below the block at ``above``: a listing is read once for all of them."""
        assert page.page_id is not None
        for fragment, where in page.anchors.items():
            if len(where) == len(above) + 1 and where[:-1] == above and where[-1] < len(listed):
                target = PageLink(path, fragment)
                if target not in self.heading_urls:
                    url = block_url(page.page_id, listed[where[-1]])
                    self.journal.set_meta(f"heading:{target.key}", url)
                    self.heading_urls[target] = url

    async def _children(self, block_id: str) -> list[str]:
        """The ids of a block's children (its child pages left out), the last few read kept."""
        if block_id not in self._listed:
            listed = await collect(self.api.client.blocks.children.list, block_id=block_id)
            self._listed[block_id] = [str(b["id"]) for b in listed if b["type"] not in OWN_PAGES]
            while len(self._listed) > LISTINGS_KEPT:
                del self._listed[next(iter(self._listed))]
        return self._listed[block_id]

    async def find_own(self, page: ImportPage, step: Step) -> None:
        """Find the nested blocks of the page's own anchors that the step's links name, once
        the blocks above them exist (see :mod:`.reorder`), before its children are built."""
        if not page.plan.segments or not step.children:
            return
        steps = first_level_steps(page.plan)
        for link in among(page.links, step.at, len(step.children)):
            nested = len(page.anchors.get(link.target.fragment, ())) > 1
            if (
                nested
                and written_whole(steps, page.key, page.anchors, link)
                and await self.find_heading(link.target) is None  # cannot be: it went in
            ):
                raise RuntimeError(f"{link.target.key}: its block is not where it was sent")

    def top_level_ids(self, page: ImportPage) -> list[str] | None:
        """The page's first-level block ids, from the journal's acknowledged steps (None
        while some are not known: not written yet, or sent with the create)."""
        steps = self.journal.steps(page.key)
        found: list[tuple[int, list[str]]] = []
        for index, step in enumerate(page.plan.steps):
            if step.target.is_page and step.kind == "append":
                record = steps.get(index)
                if record is None or record.state != "acked" or not record.result:
                    return None  # not written, or sent with the create (no ids returned)
                found.append((step.at[0], record.result))
        return [block_id for _, ids in sorted(found) for block_id in ids]

    def top_level_id(self, page: ImportPage, index: int) -> str | None:
        """The id of the page's ``index``-th first-level block, once its step is
        acknowledged with ids (the others need not be)."""
        steps = self.journal.steps(page.key)
        for number, step in enumerate(page.plan.steps):
            if step.target.is_page and step.kind == "append":
                record = steps.get(number)
                ids = record.result if record is not None and record.state == "acked" else None
                if ids and step.at[0] <= index < step.at[0] + len(ids):
                    return ids[index - step.at[0]]
        return None

    # -- writing a page ------------------------------------------------------------------

    async def prepare(self, page: ImportPage, *, second: bool = False) -> None:
        """Decide once (journaled) which links are written to their targets at once: those
        of the page's first part, or with ``second`` of its second part (see
        :attr:`~notion_import.importer.plan.Plan.later`). An anchor of another page on a
        nested block is found first by reading the blocks above it, once the block it is
        in is written whole (the page is, or the part that holds it is)."""
        paths = [path for path in page.link_paths if (path[0] in page.plan.second) == second]
        name = f"links2:{page.key}" if second else f"links:{page.key}"
        if self.journal.get_meta(name) is None:
            for path in paths:
                for link in page.links_at(path):
                    if self._written_nested(page, link.target):
                        await self.find_heading(link.target)
        self._decide(page, name, paths, keep=second)

    def _written_nested(self, page: ImportPage, target: PageLink) -> bool:
        """Whether ``target`` names an anchor of another page whose block is not known yet
        but can be found by reading: the page is written, or the part that holds the
        anchor's first-level block (those a page links to are, see :mod:`.order`) and the
        anchor is nested below it."""
        key = page_key(target.path, self.pages)
        other = self.pages.get(key) if key is not None and key != page.key else None
        if other is None or target.fragment not in other.anchors or other.page_id is None:
            return False
        if self.heading_url(target) is not None:
            return False
        record = self.journal.page(other.key)
        if record is not None and record.state in ("written", "linked", "verified"):
            return True
        where = other.anchors[target.fragment]
        return (
            len(where) > 1
            and where[0] not in other.plan.second
            and self.top_level_id(other, where[0]) is not None
        )

    def _decide(
        self, page: ImportPage, name: str, paths: list[tuple[int, ...]], *, keep: bool = False
    ) -> None:
        """Decide (journaled as ``name``) what the links of the blocks at ``paths`` become
        when written: their targets when known, else patched later (with ``keep``: added
        to what the page's first part decided)."""
        saved = self.journal.get_meta(name)
        if saved is not None:
            data = json.loads(saved)
            loaded = {key: _reached(value) for key, value in data["known"].items()}
            waiting = [tuple(p) for p in data["pending"]]
            if keep:
                loaded, waiting = {**page.known_links, **loaded}, [*page.pending_links, *waiting]
            page.known_links, page.pending_links = loaded, waiting
            return
        known: dict[str, Reached] = {}
        pending: list[tuple[int, ...]] = []
        steps = first_level_steps(page.plan) if page.plan.segments else None
        for path in paths:
            later = False
            for link in page.links_at(path):
                target = link.target
                if written_whole(steps, page.key, page.anchors, link):
                    continue  # its block goes in after the anchor's: resolved when sent
                found = self.resolve_link(target)
                if found is None and self.is_heading_link(target):
                    later = True  # a link to the page for now, to its anchor's block later
                    found = self.page_reached(target.path)
                elif found is None:  # a page of this import not created yet (else: text)
                    later = later or page_key(target.path, self.pages) is not None
                if found is not None:
                    known[target.key] = found
            if later:
                pending.append(path)
        saved_known = {key: [r.url, r.page_id, r.title] for key, r in known.items()}
        self.journal.set_meta(name, json.dumps({"known": saved_known, "pending": pending}))
        if keep:
            known, pending = {**page.known_links, **known}, [*page.pending_links, *pending]
        page.known_links, page.pending_links = known, pending

    @property
    def web_only(self) -> bool:
        """Are links other than http(s) left out of the requests built now?"""
        return self.web_links_only or _WEB_LINKS_ONLY.get()

    def request(self, page: ImportPage, step: Step) -> list[dict[str, Any]]:
        """The children a step of the page's plan sends: files by their upload ids, links to
        pages that existed when the page was started to them, links to the page's own
        anchors whose blocks exist by now (see :mod:`.reorder`) to them, the others as text (for the
        link pass)."""
        known = page.known_links

        def resolve(target: PageLink) -> Reached | None:
            # an own anchor's block, once known (another block linking to it may have been
            # decided a page link for now: patched later, see prepare)
            if page.plan.segments and target.path == page.key and target.fragment in page.anchors:
                url = self.heading_url(target)
                if url is not None:
                    return Reached(url)
            return known.get(target.key)

        out = step_blocks(page, step, resolve)
        return self.web_links(page, out) if self.web_only else out

    def web_links(self, page: ImportPage, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``blocks`` (request JSON, changed in place) with only http(s) links."""
        for block in blocks:
            body = payload(block)
            body.update(_each_item(body, lambda item: self._web_link(page, item)))
            self.web_links(page, body.get("children", []))
        return blocks

    def _web_link(self, page: ImportPage, item: dict[str, Any]) -> dict[str, Any]:
        link = item.get("text", {}).get("link") if item.get("type", "text") == "text" else None
        url = str(link.get("url", "")) if isinstance(link, dict) else ""
        if not url or url.lower().startswith(("http://", "https://")):
            return item
        self._stripped += 1
        if (page.key, url) not in self._refused:
            self._refused.add((page.key, url))
            page.losses.append(
                Loss("a", f"Notion refused the link to {url[:200]!r}: its text is kept", page.key)
            )
        out = copy.deepcopy(item)
        del out["text"]["link"]
        return out

    async def send(self, send: Callable[[], Awaitable[T]]) -> T:
        """``send()``, sent again once with only http(s) links if Notion refuses a link (a
        400 changes nothing, so sending again is safe); ``send`` builds its body each time."""
        try:
            return await send()
        except APIResponseError as exc:
            if self.web_links_only or not isinstance(from_notion(exc), InvalidRequestError):
                raise
        # Notion has no code of its own for a refused link (it is a validation_error): send
        # once more with http(s) links only, in this task alone; only if that succeeds with a
        # link taken out was the refusal about a link, and from then on every request drops
        # such links.
        stripped = self._stripped
        retrying = _WEB_LINKS_ONLY.set(True)
        try:
            answer = await send()
        finally:
            _WEB_LINKS_ONLY.reset(retrying)
        if self._stripped > stripped:
            log.info("Notion refused a link that is not http(s); writing such links as text")
            self.web_links_only = True
        return answer

    # -- once every page exists ----------------------------------------------------------

    async def link_pass(self, page: ImportPage) -> int:
        """Patch the blocks whose links pointed to pages or blocks not known when they were
        written: their links now lead there. Returns the blocks patched."""
        if not page.pending_links or page.page_id is None:
            return 0
        # one journal entry says this page's link pass is done (for these very links), so a
        # run that resumes a finished import reads nothing to find its blocks again
        links = [
            {"path": list(p), "to": [link.target.key for link in page.links_at(p)]}
            for p in page.pending_links
        ]
        done_key = f"links:{page.key}:{digest(links)}"
        if self.journal.patch_state(done_key) == "acked":
            return 0
        patched = 0
        listings: dict[str, list[str]] = {}
        top = self.top_level_ids(page)
        if top is not None:
            listings[page.page_id] = top

        async def children(block_id: str) -> list[str]:
            if block_id not in listings:
                listed = await collect(self.api.client.blocks.children.list, block_id=block_id)
                listings[block_id] = [str(b["id"]) for b in listed if b["type"] not in OWN_PAGES]
            return listings[block_id]

        missing: list[str] = []
        for path in page.pending_links:
            refs = page.links_at(path)
            absent = [link.target.key for link in refs if self._not_created(link.target)]
            if absent:  # a page of the import that failed: patch once it exists (next run)
                missing += absent
                continue
            for link in refs:
                if self.is_heading_link(link.target):
                    await self.find_heading(link.target)
            block_id = page.page_id
            for index in path:
                block_id = (await children(block_id))[index]
            if self.journal.patch_state(block_id) == "acked":
                continue
            self.journal.set_patch(block_id, "sent")
            planned = block_at(page.blocks, path)
            assert planned is not None

            async def update(
                planned: dict[str, Any] = planned,
                block_id: str = block_id,
                refs: list[LinkRef] = refs,
            ) -> Any:
                kind = planned["type"]
                fields = linked_fields(kind, payload(planned), refs, self.resolve_link)
                if self.web_only:
                    fields = _each_item(fields, lambda i: self._web_link(page, i))
                return await self.api.client.blocks.update(block_id=block_id, **{kind: fields})

            for attempt in range(WRITE_ATTEMPTS):  # the same content again: safe to repeat
                try:
                    await self.send(update)
                    break
                except UncertainWriteError:
                    if attempt == WRITE_ATTEMPTS - 1:
                        raise
            self.journal.set_patch(block_id, "acked")
            patched += 1
        if missing:
            raise RuntimeError(
                f"links to {', '.join(sorted(set(missing))[:3])} wait for pages that could not "
                "be written: run the import again to finish them"
            )
        self.journal.set_patch(done_key, "acked")
        return patched

    def _not_created(self, target: PageLink) -> bool:
        """Whether a link names a page of this import that does not exist (it failed)."""
        key = page_key(target.path, self.pages)
        return key is not None and key not in self.page_ids

    async def final_links(self) -> None:
        """Find every heading a link names (before verification compares links)."""
        wanted = {
            link.target
            for page in self.pages.values()
            for link in page.links
            if self.is_heading_link(link.target)
        }
        for target in sorted(wanted, key=lambda t: t.key):
            await self.find_heading(target)

    def final_blocks(self, page: ImportPage, resolve: Resolve) -> list[dict[str, Any]]:
        """What the page should hold once written and linked (for verification)."""
        out = page_blocks(page, resolve)
        return self.web_links(page, out) if self.web_only else out


def _reached(saved: str | list[Any]) -> Reached:
    """A journaled :class:`Reached` (an earlier journal holds a block's URL or a page id)."""
    if isinstance(saved, list):
        return Reached(str(saved[0]), saved[1], str(saved[2]))
    if saved.startswith("https://"):
        return Reached(saved)
    return Reached(page_url(saved), saved)


def _each_item(
    body: dict[str, Any], change: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """The payload fields that hold rich text, with ``change`` applied to each item."""
    out: dict[str, Any] = {
        name: [change(item) for item in body[name]]
        for name in ("rich_text", "caption")
        if name in body
    }
    if "cells" in body:
        out["cells"] = [[change(item) for item in cell] for cell in body["cells"]]
    return out
