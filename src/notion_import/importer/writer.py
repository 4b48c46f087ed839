"""Writing planned pages into Notion exactly once, with the journal as the source of truth.

For each page: upload its files (once per content hash), create the page (with its first
request's blocks inline when nothing needs their ids), then run the remaining steps of its
:class:`~notion_import.importer.plan.Plan` — steps under different targets concurrently,
steps under one target in order. Every write is journaled before it is sent and after it is
acknowledged. A write whose outcome is unknown (a crash between the two, or an
:class:`~notion_import.errors.UncertainWriteError`) is reconciled by listing the target's
children and comparing them with what was planned: found -> acknowledged with those ids; not
found -> sent again.

Child pages are created after their parent's blocks, so they come after the content and never
interleave with it. Internal links are written as plain text first and turned into page
mentions by :meth:`Writer.link_pass` once every page exists.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

from notion_client import APIResponseError

from notion_import.api.client import NotionAPI
from notion_import.api.paginate import collect
from notion_import.convert.ir import Asset, Loss
from notion_import.convert.serialize import ASSET_PREFIX, PAGE_PREFIX
from notion_import.errors import FileTooLargeError, UncertainWriteError
from notion_import.importer.journal import Journal
from notion_import.importer.plan import Plan, Step, Target, children_of, payload

log = logging.getLogger(__name__)

#: Uploads not attached within an hour expire; reuse a journaled one only if younger.
UPLOAD_REUSE_SECONDS = 50 * 60

T = TypeVar("T")
#: How often a write whose outcome stays unknown is checked and sent again before the page is
#: left for the next run (each time: read back first, send only if it did not happen).
WRITE_ATTEMPTS = 5


#: What a page holds in place of content it no longer holds: the same read-only empty list
#: and dict for every page (an empty container per field and page adds up over thousands of
#: pages). Changing one raises: nothing changes a released page's content.
_NO_LIST: list[Any] = cast(list[Any], ())
_NO_DICT: dict[Any, Any] = cast(dict[Any, Any], MappingProxyType({}))


@dataclass
class ImportPage:
    """One page to write: where it goes, what it holds, and the plan to write it."""

    key: str
    parent_key: str
    title: str
    blocks: list[dict[str, Any]]
    assets: list[Asset]
    losses: list[Loss]
    plan: Plan
    root: Path | None = None
    properties: dict[str, Any] | None = None
    #: (top-level index path) of blocks whose rich text holds internal links.
    link_paths: list[tuple[int, ...]] = field(default_factory=list)
    #: link targets already created when the page was written (written as mentions at once).
    known_links: dict[str, str] = field(default_factory=dict)
    #: blocks whose links could not all be resolved then: patched by the link pass.
    pending_links: list[tuple[int, ...]] = field(default_factory=list)
    #: heading anchors (``id`` values) -> the heading's index path in ``blocks``.
    anchors: dict[str, tuple[int, ...]] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: created empty first, its blocks written once the pages it mentions exist (then put
    #: before any child page created meanwhile).
    deferred: bool = False
    #: the link targets of each block in ``link_paths`` (kept when the blocks are taken out).
    links: dict[tuple[int, ...], list[str]] = field(default_factory=dict)
    #: the number of blocks, once they are taken out (see :meth:`take`).
    released_blocks: int | None = None
    page_id: str | None = None
    uploads: dict[int, str] = field(default_factory=dict)
    bytes_uploaded: int = 0
    files_uploaded: int = 0
    reconciled: int = 0

    @property
    def block_count(self) -> int:
        return self.released_blocks if self.released_blocks is not None else self.plan.blocks

    def urls_at(self, path: tuple[int, ...]) -> list[str]:
        """The link targets of the block at ``path`` (one of ``link_paths``)."""
        if path in self.links:
            return self.links[path]
        return link_urls(_at(self.blocks, path))

    def take(self) -> PageContent:
        """Move the page's content out, for :meth:`put_back`: its blocks, each step's children,
        its files and their uploads. What waits, links and reports read stays: the plan's
        shape, the anchors, the number of blocks (links are read from the blocks, so call
        :meth:`urls_at` before, or after putting them back)."""
        if self.released_blocks is None:
            self.released_blocks = self.plan.blocks
        content = PageContent(
            self.blocks,
            [step.children for step in self.plan.steps],
            self.assets,
            dict(self.uploads),
        )
        self.blocks, self.assets, self.uploads = _NO_LIST, _NO_LIST, _NO_DICT
        for step in self.plan.steps:
            step.children = _NO_LIST
        return content

    def put_back(self, content: PageContent) -> None:
        """Give the page back what :meth:`take` moved out."""
        self.blocks, self.assets, self.uploads = content.blocks, content.assets, content.uploads
        for step, children in zip(self.plan.steps, content.children, strict=True):
            step.children = children

    def release(self) -> PageContent:
        """Drop the page's content once written, keeping what links, verification and reports
        need (ids, anchors, the plan's shape, links to headings): the importer's memory then
        stays flat however many pages an import holds. Returns the content, for the importer
        to keep on disk when the link pass or full verification reads it again."""
        # once written, only links naming a heading matter (the fewest requests, final links)
        links = {
            path: kept
            for path in self.link_paths
            if (kept := [url for url in self.urls_at(path) if "#" in url])
        }
        self.links = links or _NO_DICT
        self.link_paths = list(links) or _NO_LIST
        content = self.take()
        self.known_links = self.metadata = _NO_DICT
        self.properties = None
        if not self.anchors:
            self.anchors = _NO_DICT
        if not self.pending_links:
            self.pending_links = _NO_LIST
        return content


@dataclass
class PageContent:
    """What :meth:`ImportPage.take` moves out of a page: everything its size grows with."""

    blocks: list[dict[str, Any]]
    #: each plan step's children, in step order.
    children: list[list[dict[str, Any]]]
    assets: list[Asset]
    uploads: dict[int, str]


def digest(children: list[dict[str, Any]]) -> str:
    raw = json.dumps(children, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def find_link_paths(blocks: list[dict[str, Any]]) -> list[tuple[int, ...]]:
    """Paths (child indexes from the top) of blocks whose rich text links to another page."""
    found: list[tuple[int, ...]] = []

    def walk(items: list[dict[str, Any]], prefix: tuple[int, ...]) -> None:
        for index, block in enumerate(items):
            body = payload(block)
            if any(_is_page_link(item) for items in rich_arrays(body) for item in items):
                found.append((*prefix, index))
            walk(body.get("children", []), (*prefix, index))

    walk(blocks, ())
    return found


def _is_page_link(item: dict[str, Any]) -> bool:
    link = item.get("text", {}).get("link") if item.get("type", "text") == "text" else None
    return isinstance(link, dict) and str(link.get("url", "")).startswith(PAGE_PREFIX)


class Writer:
    """Writes :class:`ImportPage` objects through one :class:`NotionAPI`, journaled."""

    def __init__(
        self,
        api: NotionAPI,
        journal: Journal,
        parent_id: str,
        *,
        on_event: Callable[[str, ImportPage], None] | None = None,
    ) -> None:
        self.api = api
        self.journal = journal
        self.parent_id = parent_id
        self.on_event = on_event or (lambda _event, _page: None)
        self.page_ids: dict[str, str] = {}
        #: every page of the import by key (the importer shares its own dict).
        self.pages: dict[str, ImportPage] = {}
        #: ``path#anchor`` -> the URL of the heading block it names, once known.
        self.heading_urls: dict[str, str] = {}
        #: set once Notion refuses a link that is not http(s) (``mailto:``): from then on such
        #: links are written as their text, with a loss entry.
        self.web_links_only = False
        self._refused: set[tuple[str, str]] = set()
        self.uncertain_reconciled = 0
        #: uploads in flight by content hash (a finished one is found in the journal).
        self._uploading: dict[str, asyncio.Future[tuple[str, bool]]] = {}
        #: when this writer started: an upload journaled since then was made by this run.
        self._started = time.time()

    # -- uploads -------------------------------------------------------------------------

    async def upload_assets(self, page: ImportPage) -> None:
        """Upload the page's local and embedded files, concurrently, once per content."""

        async def one(index: int, asset: Asset) -> None:
            content = self._content(page, asset)
            if content is None:
                return
            sha = hashlib.sha256(content).hexdigest()
            task = self._uploading.get(sha)
            first = task is None
            if task is None:
                task = asyncio.ensure_future(self._upload_sha(sha, content, asset))
                self._uploading[sha] = task
                # done, it is forgotten: a later page finds the upload in the journal (or,
                # after a failure, tries again), so memory does not grow with the files
                task.add_done_callback(functools.partial(self._uploaded, sha))
            try:
                upload_id, fresh = await asyncio.shield(task)
            except FileTooLargeError as exc:
                page.losses.append(Loss("img", str(exc), f"{page.key}: {asset.ref}"))
                return
            page.uploads[index] = upload_id
            if fresh and first:
                page.bytes_uploaded += len(content)
                page.files_uploaded += 1

        await asyncio.gather(*(one(i, a) for i, a in enumerate(page.assets) if a.kind != "remote"))

    def known_uploads(self, page: ImportPage) -> None:
        """Fill ``page.uploads`` from the journal (to verify an earlier import)."""
        for index, asset in enumerate(page.assets):
            if asset.kind == "remote":
                continue
            content = self._content(page, asset)
            known = (
                None
                if content is None
                else self.journal.upload(hashlib.sha256(content).hexdigest())
            )
            if known is not None and known[0]:
                page.uploads[index] = known[0]

    def _uploaded(self, sha: str, task: asyncio.Future[tuple[str, bool]]) -> None:
        if self._uploading.get(sha) is task:
            del self._uploading[sha]

    async def aclose(self) -> None:
        """Cancel uploads still running (after a cancelled import)."""
        running = [t for t in self._uploading.values() if not t.done()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)

    async def _upload_sha(self, sha: str, content: bytes, asset: Asset) -> tuple[str, bool]:
        """(upload id, whether it was sent now) for content with this hash."""
        known = self.journal.upload(sha)
        if (
            known is not None
            and known[0]
            and (
                known[1] == "attached"
                or (
                    known[1] == "uploaded"
                    # made by this run: reused however long the run lasts, as the first page
                    # to use it attaches it at once
                    and (known[2] >= self._started or _age(known[2]) < UPLOAD_REUSE_SECONDS)
                )
            )
        ):
            return known[0], False
        upload_id = await self._upload_once(content, asset)
        self.journal.upload_state(sha, "uploaded", len(content), upload_id)
        return upload_id, True

    async def _upload_once(self, content: bytes, asset: Asset) -> str:
        name = asset.name or Path(asset.ref).name or None
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return await self.api.upload(content, filename=name, content_type=asset.media_type)
            except UncertainWriteError:
                # an unattached upload is harmless (it expires): simply make another
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _content(self, page: ImportPage, asset: Asset) -> bytes | None:
        if asset.kind == "data":
            return asset.data
        if page.root is None:
            return None
        path = (page.root / asset.ref).resolve()
        root = page.root.resolve()
        if not path.is_relative_to(root) or not path.is_file():
            page.losses.append(Loss("img", "file missing or outside the export", asset.ref))
            return None
        return path.read_bytes()

    # -- placeholders --------------------------------------------------------------------

    def resolve(self, page: ImportPage, children: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Request JSON with upload placeholders replaced; links to pages that existed when
        the page was started become mentions, the others plain text (for the link pass)."""
        out = resolve_placeholders(page, children, page.known_links.get)
        return self.web_links(page, out) if self.web_links_only else out

    def web_links(self, page: ImportPage, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``blocks`` (resolved request JSON, changed in place) with only http(s) links."""
        for block in blocks:
            body = payload(block)
            body.update(linked_fields(body, lambda item: self._web_link(page, item)))
            self.web_links(page, body.get("children", []))
        return blocks

    def _web_link(self, page: ImportPage, item: dict[str, Any]) -> dict[str, Any]:
        link = item.get("text", {}).get("link") if item.get("type", "text") == "text" else None
        url = str(link.get("url", "")) if isinstance(link, dict) else ""
        if not url or url.lower().startswith(("http://", "https://")):
            return item
        if (page.key, url) not in self._refused:
            self._refused.add((page.key, url))
            page.losses.append(
                Loss("a", f"Notion refused the link to {url[:200]!r}: its text is kept", page.key)
            )
        out = copy.deepcopy(item)
        del out["text"]["link"]
        return out

    async def _send(self, send: Callable[[], Awaitable[T]]) -> T:
        """``send()``, sent again once with only http(s) links if Notion refuses a link (a
        400 changes nothing, so sending again is safe); ``send`` builds its body each time."""
        try:
            return await send()
        except APIResponseError as exc:
            if self.web_links_only or exc.code != "validation_error" or "link" not in str(exc):
                raise
            log.info("Notion refused a link that is not http(s); writing such links as text")
            self.web_links_only = True
            return await send()

    def resolve_key(self, target: str) -> str | None:
        """The page id of an internal link's target (a page, or a folder's page), if created."""
        key = self.page_key(target, self.page_ids)
        return None if key is None else self.page_ids[key]

    @staticmethod
    def page_key(target: str, known: dict[str, Any]) -> str | None:
        """The key in ``known`` a link target names (a page, or a folder's page)."""
        for candidate in (target, target.rstrip("/") + "/index.html", target.rstrip("/") + "/"):
            if candidate in known:
                return candidate
        return None

    def resolve_link(self, target: str) -> str | None:
        """What an internal link (``path`` or ``path#anchor``) becomes: the URL of a heading
        block (a block link) when the anchor names a heading whose id is known, else the
        target page's id (a page mention), else None (not created, or not in the import)."""
        path, _, fragment = target.partition("#")
        if fragment and self.is_heading_link(target):
            return self.heading_url(target)
        return self.resolve_key(path)

    def is_heading_link(self, target: str) -> bool:
        path, _, fragment = target.partition("#")
        key = self.page_key(path, self.pages)
        return key is not None and fragment in self.pages[key].anchors

    def heading_url(self, target: str) -> str | None:
        """The block link of the heading ``path#anchor`` names, if its id is known now."""
        if target in self.heading_urls:
            return self.heading_urls[target]
        saved = self.journal.get_meta(f"heading:{target}")
        if saved is None:
            path, _, fragment = target.partition("#")
            key = self.page_key(path, self.pages)
            page = self.pages[key] if key is not None else None
            if page is None or page.page_id is None:
                return None
            where = page.anchors[fragment]
            ids = self._top_level_ids(page) if len(where) == 1 else None
            if ids is None or len(ids) <= where[0]:
                return None
            saved = block_url(page.page_id, ids[where[0]])
        self.heading_urls[target] = saved
        return saved

    async def find_heading(self, target: str) -> str | None:
        """Like :meth:`heading_url`, reading the target page's blocks when the heading is
        nested or its page's first blocks rode on the create (journaled once found)."""
        known = self.heading_url(target)
        if known is not None:
            return known
        path, _, fragment = target.partition("#")
        key = self.page_key(path, self.pages)
        if key is None or self.pages[key].page_id is None:
            return None
        page = self.pages[key]
        assert page.page_id is not None
        block_id = page.page_id
        for index in page.anchors[fragment]:
            listed = [
                b
                for b in await collect(self.api.client.blocks.children.list, block_id=block_id)
                if b["type"] != "child_page"
            ]
            if index >= len(listed):
                return None
            block_id = str(listed[index]["id"])
        url = block_url(page.page_id, block_id)
        self.journal.set_meta(f"heading:{target}", url)
        self.heading_urls[target] = url
        return url

    def prepare_links(self, page: ImportPage) -> None:
        """Decide once (journaled) which links are written as mentions at once."""
        saved = self.journal.get_meta(f"links:{page.key}")
        if saved is not None:
            data = json.loads(saved)
            page.known_links = dict(data["known"])
            page.pending_links = [tuple(p) for p in data["pending"]]
            return
        known: dict[str, str] = {}
        pending: list[tuple[int, ...]] = []
        for path in page.link_paths:
            later = False
            for target in page.urls_at(path):
                found = self.resolve_link(target)
                if found is None and self.is_heading_link(target):
                    later = True  # a mention of the page for now, its heading's block later
                    found = self.resolve_key(target.partition("#")[0])
                elif found is None:  # a page of this import not created yet (else: text)
                    key = self.page_key(target.partition("#")[0], self.pages)
                    later = later or key is not None
                if found is not None:
                    known[target] = found
            if later:
                pending.append(path)
        page.known_links, page.pending_links = known, pending
        self.journal.set_meta(f"links:{page.key}", json.dumps({"known": known, "pending": pending}))

    def final_blocks(
        self, page: ImportPage, resolve_key: Callable[[str], str | None]
    ) -> list[dict[str, Any]]:
        """What the page should hold once written and linked (for verification)."""
        out = resolve_placeholders(page, page.blocks, resolve_key)
        return self.web_links(page, out) if self.web_links_only else out

    async def final_links(self) -> None:
        """Find every heading a link names (before verification compares links)."""
        wanted = {
            target
            for page in self.pages.values()
            for path in page.link_paths
            for target in page.urls_at(path)
            if self.is_heading_link(target)
        }
        for target in sorted(wanted):
            await self.find_heading(target)

    # -- pages ---------------------------------------------------------------------------

    async def create_page(self, page: ImportPage, parent: dict[str, str]) -> str:
        """Create the page (exactly once) under ``parent`` (``{"page_id": ...}`` or
        ``{"data_source_id": ...}``); returns its id."""
        record = self.journal.page(page.key)
        if record is not None and record.page_id:
            page.page_id = record.page_id
            self.page_ids[page.key] = record.page_id
            return record.page_id
        self.journal.plan_page(page.key, page.parent_key, page.title)
        if record is not None and record.state == "sent":
            found = await self._find_created(page, parent)
            if found is not None:
                return self._created(page, found, reconciled=True)
        inline = self._inline_first_step(page)
        kwargs: dict[str, Any] = {
            "parent": parent,
            "properties": page.properties or {"title": _title(page.title)},
        }
        if inline:
            self.journal.step_sent(page.key, 0, digest(page.plan.steps[0].children))
        self.journal.page_state(page.key, "sent")

        async def create() -> Any:
            if inline:
                kwargs["children"] = self.resolve(page, page.plan.steps[0].children)
            return await self.api.client.pages.create(**kwargs)

        for attempt in range(WRITE_ATTEMPTS):
            try:
                created = await self._send(create)
                return self._created(page, str(created["id"]), inline=inline)
            except UncertainWriteError:
                found = await self._find_created(page, parent)
                if found is not None:
                    return self._created(page, found, reconciled=True, inline=inline)
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _created(
        self, page: ImportPage, page_id: str, *, reconciled: bool = False, inline: bool = False
    ) -> str:
        if reconciled:
            self.uncertain_reconciled += 1
            page.reconciled += 1
        self.journal.page_state(page.key, "created", page_id)
        if inline:
            self.journal.step_acked(page.key, 0, [])
        page.page_id = page_id
        self.page_ids[page.key] = page_id
        self.on_event("created", page)
        return page_id

    def _inline_first_step(self, page: ImportPage) -> bool:
        """Send the first step with the create when no later step needs its block ids."""
        steps = page.plan.steps
        if not steps or not steps[0].target.is_page or steps[0].kind != "append":
            return False
        if page.pending_links or page.deferred:
            return False
        return not any(s.target.request == 0 for s in steps[1:])

    async def _find_created(self, page: ImportPage, parent: dict[str, str]) -> str | None:
        """A page with this title under the parent that no journaled page owns."""
        owned = {r.page_id for r in self.journal.pages() if r.page_id}
        if "data_source_id" in parent:
            rows = await collect(
                self.api.client.data_sources.query, data_source_id=parent["data_source_id"]
            )
            for row in rows:
                title = "".join(
                    t.get("plain_text", "")
                    for prop in row["properties"].values()
                    if prop.get("type") == "title"
                    for t in prop["title"]
                )
                if title == page.title and row["id"] not in owned:
                    return str(row["id"])
            return None
        listed = await collect(self.api.client.blocks.children.list, block_id=parent["page_id"])
        for block in listed:
            if (
                block["type"] == "child_page"
                and block["child_page"]["title"] == page.title
                and block["id"] not in owned
            ):
                return str(block["id"])
        return None

    # -- steps ---------------------------------------------------------------------------

    async def write_steps(self, page: ImportPage) -> None:
        """Run every step of the page's plan not yet acknowledged, keeping order per target."""
        assert page.page_id is not None
        done = self.journal.steps(page.key)
        results: dict[int, list[str]] = {
            i: r.result or [] for i, r in done.items() if r.state == "acked"
        }
        events = {i: asyncio.Event() for i in range(len(page.plan.steps))}
        for i in results:
            events[i].set()

        async def run(index: int, step: Step) -> None:
            for dependency in step.after:
                await events[dependency].wait()
            if index not in results:
                results[index] = await self._run_step(page, index, step, results, done)
            events[index].set()

        await asyncio.gather(*(run(i, s) for i, s in enumerate(page.plan.steps)))
        self.journal.page_state(page.key, "written")
        self.on_event("written", page)

    def _target_id(self, page: ImportPage, target: Target, results: dict[int, list[str]]) -> str:
        if target.request is None:
            assert page.page_id is not None
            return page.page_id
        return results[target.request][target.index]

    async def _run_step(
        self,
        page: ImportPage,
        index: int,
        step: Step,
        results: dict[int, list[str]],
        done: dict[int, Any],
    ) -> list[str]:
        parent = self._target_id(page, step.target, results)
        if step.kind == "list":
            listed = await collect(self.api.client.blocks.children.list, block_id=parent)
            ids = [str(b["id"]) for b in listed if b["type"] != "child_page"]
            self.journal.step_acked(page.key, index, ids)
            return ids
        before = self._planned_before(page, index)

        async def reconciled() -> list[str] | None:
            """The step's block ids if Notion holds them already (counted, journaled)."""
            found = await self._find_appended(parent, before, step)
            if found is not None:
                self.uncertain_reconciled += 1
                page.reconciled += 1
                self.journal.step_acked(page.key, index, found)
            return found

        record = done.get(index)
        if record is not None and record.state == "sent" and (found := await reconciled()):
            return found
        where = self._position(page, index, results)
        self.journal.step_sent(page.key, index, digest(step.children))

        async def append() -> Any:
            children = self.resolve(page, step.children)
            return await self.api.client.blocks.children.append(
                block_id=parent, children=children, **where
            )

        for attempt in range(WRITE_ATTEMPTS):
            try:
                answer = await self._send(append)
                break
            except UncertainWriteError:
                if found := await reconciled():
                    return found
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
        ids = [str(b["id"]) for b in answer["results"]]
        self.journal.step_acked(page.key, index, ids)
        return ids

    @staticmethod
    def _position(
        page: ImportPage, index: int, results: dict[int, list[str]]
    ) -> dict[str, dict[str, Any]]:
        """Where a deferred page's own blocks go: before any child page made meanwhile (the
        first at the start, each next one after the last block of the one before)."""
        step = page.plan.steps[index]
        if not page.deferred or not step.target.is_page:
            return {}
        earlier = [
            i
            for i in range(index)
            if page.plan.steps[i].target.is_page and page.plan.steps[i].kind == "append"
        ]
        if not earlier or not results.get(earlier[-1]):
            return {"position": {"type": "start"}}
        last = results[earlier[-1]][-1]
        return {"position": {"type": "after_block", "after_block": {"id": last}}}

    def _planned_before(self, page: ImportPage, index: int) -> int:
        """How many children the step's target holds before the step, per the plan."""
        step = page.plan.steps[index]
        count = 0
        if step.target.request is not None:
            creator = page.plan.steps[step.target.request]
            if creator.kind == "append":
                count += len(children_of(creator.children[step.target.index]))
        for other in page.plan.steps[:index]:
            if other.target == step.target and other.kind == "append":
                count += len(other.children)
        return count

    async def _find_appended(self, parent: str, before: int, step: Step) -> list[str] | None:
        """The ids of the step's blocks if Notion holds them after the ``before`` first ones."""
        listed = [
            b
            for b in await collect(self.api.client.blocks.children.list, block_id=parent)
            if b["type"] != "child_page"
        ]
        if len(listed) == before:
            return None
        tail = listed[before : before + len(step.children)]
        if len(listed) == before + len(step.children) and [b["type"] for b in tail] == [
            c["type"] for c in step.children
        ]:
            return [str(b["id"]) for b in tail]
        raise RuntimeError(
            f"block {parent} holds {len(listed)} children where {before} or "
            f"{before + len(step.children)} were expected; the page changed outside this import"
        )

    # -- links ---------------------------------------------------------------------------

    async def link_pass(self, page: ImportPage) -> int:
        """Patch the blocks whose links pointed to pages not yet created when they were
        written: their links become page mentions. Returns the blocks patched."""
        if not page.pending_links or page.page_id is None:
            return 0
        # one journal entry says this page's link pass is done (for these very links), so a
        # run that resumes a finished import reads nothing to find its blocks again
        links = [
            {"path": list(p), "to": link_urls(_at(page.blocks, p))} for p in page.pending_links
        ]
        done_key = f"links:{page.key}:{digest(links)}"
        if self.journal.patch_state(done_key) == "acked":
            return 0
        patched = 0
        listings: dict[str, list[str]] = {}
        top = self._top_level_ids(page)
        if top is not None:
            listings[page.page_id] = top

        async def children(block_id: str) -> list[str]:
            if block_id not in listings:
                listed = await collect(self.api.client.blocks.children.list, block_id=block_id)
                listings[block_id] = [str(b["id"]) for b in listed if b["type"] != "child_page"]
            return listings[block_id]

        missing: list[str] = []
        for path in page.pending_links:
            planned = _at(page.blocks, path)
            absent = [t for t in link_urls(planned) if self._not_created(t)]
            if absent:  # a page of the import that failed: patch once it exists (next run)
                missing += absent
                continue
            for target in link_urls(planned):
                if self.is_heading_link(target):
                    await self.find_heading(target)
            block_id = page.page_id
            for index in path:
                block_id = (await children(block_id))[index]
            if self.journal.patch_state(block_id) == "acked":
                continue
            self.journal.set_patch(block_id, "sent")

            async def update(planned: dict[str, Any] = planned, block_id: str = block_id) -> Any:
                kind = planned["type"]
                fields = linked_fields(
                    payload(planned), lambda i: mention_for(i, self.resolve_link)
                )
                if self.web_links_only:
                    fields = linked_fields(fields, lambda i: self._web_link(page, i))
                return await self.api.client.blocks.update(block_id=block_id, **{kind: fields})

            for attempt in range(WRITE_ATTEMPTS):  # the same content again: safe to repeat
                try:
                    await self._send(update)
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

    def _not_created(self, target: str) -> bool:
        """Whether a link names a page of this import that does not exist (it failed)."""
        key = self.page_key(target.partition("#")[0], self.pages)
        return key is not None and key not in self.page_ids

    def _top_level_ids(self, page: ImportPage) -> list[str] | None:
        """The page's first-level block ids, from the journal's acknowledged steps (None
        while some are not known: not written yet, or sent with the create)."""
        steps = self.journal.steps(page.key)
        ids: list[str] = []
        for index, step in enumerate(page.plan.steps):
            if step.target.is_page and step.kind == "append":
                record = steps.get(index)
                if record is None or record.state != "acked" or not record.result:
                    return None  # not written, or sent with the create (no ids returned)
                ids += record.result or []
        return ids


def resolve_placeholders(
    page: ImportPage,
    children: list[dict[str, Any]],
    resolve_key: Callable[[str], str | None] | None = None,
) -> list[dict[str, Any]]:
    """A copy of ``children`` with ``asset:N`` uploads replaced by the page's upload ids (a
    file that could not be uploaded becomes a paragraph naming it) and internal links either
    dropped (``resolve_key`` None: written as text first) or made page mentions."""
    out = copy.deepcopy(children)
    if resolve_key is None:
        _resolve_into(page, out, _unlinked)
    else:
        resolve = resolve_key
        _resolve_into(page, out, lambda item: mention_for(item, resolve))
    return out


def _resolve_into(
    page: ImportPage,
    blocks: list[dict[str, Any]],
    change: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    for block in blocks:
        body = payload(block)
        source = body.get("file_upload")
        if isinstance(source, dict) and str(source.get("id", "")).startswith(ASSET_PREFIX):
            index = int(str(source["id"])[len(ASSET_PREFIX) :])
            upload_id = page.uploads.get(index)
            if upload_id is None:  # not uploaded (missing, too large): keep a trace
                asset = page.assets[index]
                kind = block["type"]
                block.clear()
                block.update(_text_block(f"[{kind}: {asset.name or asset.ref}]"))
                continue
            body["file_upload"] = {"id": upload_id}
        body.update(linked_fields(body, change))
        _resolve_into(page, body.get("children", []), change)


def link_urls(block: dict[str, Any]) -> list[str]:
    """The export-relative targets (``path`` or ``path#anchor``) a block's rich text links to."""
    return [
        str(item["text"]["link"]["url"])[len(PAGE_PREFIX) :]
        for items in rich_arrays(payload(block))
        for item in items
        if _is_page_link(item)
    ]


def rich_arrays(body: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Every rich-text array of a block's payload: its text, caption, table cells."""
    arrays = [body[name] for name in ("rich_text", "caption") if name in body]
    return arrays + list(body.get("cells", []))


def linked_fields(
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


def _unlinked(item: dict[str, Any]) -> dict[str, Any]:
    """An item with its link to another page of the export removed (written as text first)."""
    if not _is_page_link(item):
        return item
    out = copy.deepcopy(item)
    del out["text"]["link"]
    return out


def link_targets(block: dict[str, Any]) -> list[str]:
    """The export-relative pages a block's rich text links to."""
    return [url.split("#", 1)[0] for url in link_urls(block)]


def block_url(page_id: str, block_id: str) -> str:
    """A link to one block of a page, as Notion's "Copy link to block" gives it."""
    return f"https://www.notion.so/{page_id.replace('-', '')}#{block_id.replace('-', '')}"


def mention_for(item: dict[str, Any], resolve_key: Callable[[str], str | None]) -> dict[str, Any]:
    """A rich-text item with an internal link -> a page mention, a link to a heading block
    (``resolve_key`` gives a URL), or plain text when the target is not part of the import.
    ``resolve_key`` is asked for the whole target (``path#anchor``) first, then its path."""
    if not _is_page_link(item):
        return item
    target = str(item["text"]["link"]["url"])[len(PAGE_PREFIX) :]
    page_id = resolve_key(target)
    if page_id is None and "#" in target:
        page_id = resolve_key(target.split("#", 1)[0])
    out = copy.deepcopy(item)
    if page_id is None:
        del out["text"]["link"]
        return out
    if page_id.startswith("https://"):
        out["text"]["link"] = {"url": page_id}
        return out
    mention: dict[str, Any] = {
        "type": "mention",
        "mention": {"type": "page", "page": {"id": page_id}},
    }
    if "annotations" in item:
        mention["annotations"] = item["annotations"]
    return mention


def _at(blocks: list[dict[str, Any]], path: tuple[int, ...]) -> dict[str, Any]:
    block = blocks[path[0]]
    for index in path[1:]:
        block = children_of(block)[index]
    return block


def _title(text: str) -> list[dict[str, Any]]:
    pieces = [text[i : i + 2000] for i in range(0, len(text), 2000)][:100] or [""]
    return [{"type": "text", "text": {"content": p}} for p in pieces]


def _text_block(text: str) -> dict[str, Any]:
    return {"type": "paragraph", "paragraph": {"rich_text": _title(text)}}


def _age(updated: float) -> float:
    return time.time() - updated
