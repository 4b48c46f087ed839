"""An import from start to finish: convert, plan, write, link, verify, report.

Conversion (:mod:`~notion_import.importer.pipeline`) feeds pages to the writers as they come,
so parsing never stalls the network; pages are written concurrently (a page waits only for its
parent page to be complete), and every request shares the toolkit's one rate limiter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any

from notion_import.api.client import NotionAPI
from notion_import.convert.ir import Loss
from notion_import.importer.create import Writer
from notion_import.importer.database import database_of, empty_rows
from notion_import.importer.journal import Journal
from notion_import.importer.linkpass import Links
from notion_import.importer.minimal import minimal_requests, page_files
from notion_import.importer.options import ImportOptions, Progress
from notion_import.importer.order import LinkOrder
from notion_import.importer.page import ImportPage
from notion_import.importer.placement import aliases, declared_parent, folder_page, page_parent
from notion_import.importer.report import Report, page_report
from notion_import.importer.signals import AllOf, Signals
from notion_import.importer.spill import Spill
from notion_import.importer.uploads import Uploads
from notion_import.importer.verify import Checked, verify_page

log = logging.getLogger(__name__)


class Importer:
    """Runs one import through a :class:`NotionAPI` and a :class:`Journal`.

    Memory stays flat in the number of pages. A page's content is in memory while it is
    converted, waits to be created (a bounded window) and is written. A deferred page whose
    targets come later in the source (any number may) waits with its content on disk
    (:class:`~notion_import.importer.spill.Spill`) and no task: a callback queues it once they
    exist, and queued pages are written a few at a time. What the link pass and full
    verification read again waits on disk too. What stays per page is its ids, title, anchors,
    losses, links to headings and the shape of its plan.
    """

    def __init__(
        self,
        api: NotionAPI,
        journal: Journal,
        parent: dict[str, str],
        options: ImportOptions | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.api = api
        self.journal = journal
        self.parent = parent
        self.options = options or ImportOptions()
        self.progress = progress or (lambda _event, _data: None)
        self.pages: dict[str, ImportPage] = {}
        self.links = Links(api, journal, self.pages)
        self.uploads = Uploads(api, journal, self.progress)
        self.writer = Writer(api, journal, self.links)
        #: pages (keys) created, and written (or failed).
        self._created = Signals()
        self._written = Signals()
        #: the sibling created just before each page (same parent), to keep source order.
        self._previous: dict[str, str] = {}
        self._last_child: dict[str, str] = {}
        #: what each page's blocks wait for, so that links need no patching (see order.py).
        self.order = LinkOrder(self.pages)
        #: link paths (of pages not adopted yet, too) whose page is created, written.
        self._targets = Signals()
        self._targets_written = Signals()
        #: the aliases of adopted folder index pages (the folder's path), see :func:`aliases`.
        self._index_aliases: set[str] = set()
        self.failed: dict[str, str] = {}
        self.verify_requests = 0
        self._window: asyncio.Semaphore | None = None
        #: requests in flight at once (writes of pages share it).
        self._gate = asyncio.Semaphore(self.options.concurrency)
        self._stopping = False
        self._spill: Spill | None = None
        #: running writes (a finished one is let go: a task per page would add up).
        self._tasks: set[asyncio.Task[None]] = set()
        #: deferred pages created empty whose targets now exist (with where they go), in the
        #: order they became ready; at most ``concurrency`` of them are written at once.
        self._ready: deque[tuple[ImportPage, dict[str, str], bool]] = deque()
        self._resuming = 0
        #: deferred pages waiting for their targets, by key.
        self._parked: set[str] = set()

    @property
    def spill(self) -> Spill:
        """Page content and the import's files, on disk while :meth:`run` or :meth:`recheck`
        runs."""
        if self._spill is None:
            raise RuntimeError("the importer keeps content on disk only while it runs")
        return self._spill

    @contextlib.contextmanager
    def _spilling(self) -> Iterator[None]:
        self._spill = Spill()
        try:
            yield
        finally:
            self._spill.close()
            self._spill = None

    def _mark_created(self, page: ImportPage) -> None:
        if not self._created.is_set(page.key) and self._window is not None:
            self._window.release()
        self._created.set(page.key)
        for alias in aliases(page.key):
            self._targets.set(alias)

    def _mark_written(self, page: ImportPage) -> None:
        self._written.set(page.key)
        for alias in aliases(page.key):
            self._targets_written.set(alias)

    def _names_a_page(self, path: str) -> bool:
        """Whether a link path (no trailing ``/``) is an alias of an adopted page."""
        return path in self.pages or f"{path}/" in self.pages or path in self._index_aliases

    def _spawn(self, write: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(write)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        # a write that raised past its own handler stays, for the gather in _run to raise
        if task.cancelled() or task.exception() is None:
            self._tasks.discard(task)

    async def run(self, pages: AsyncIterator[ImportPage] | Iterator[ImportPage]) -> Report:
        """Write every page as it arrives, then link, verify and report."""
        with self._spilling():
            return await self._run(pages)

    async def _run(self, pages: AsyncIterator[ImportPage] | Iterator[ImportPage]) -> Report:
        started = time.perf_counter()
        # pages taken from the source but not created yet: bounded, so that memory stays flat
        # however far conversion runs ahead (a page waiting for later pages is created first)
        self._window = asyncio.Semaphore(self.options.concurrency * 4)
        try:
            async for page in _aiter(pages):
                for extra in self._adopt(page):
                    await self._window.acquire()
                    self._spawn(self._write(extra))
            # a link path that names no page of this import never will: its waiters go on
            for signals in (self._targets, self._targets_written):
                signals.settle(lambda path: not self._names_a_page(path))
            while self._tasks:  # writes start more writes (deferred pages, once ready)
                await asyncio.gather(*self._tasks)
            for key in sorted(self._parked):  # cannot happen: waits never close a cycle
                page = self.pages[key]
                self._load(page)
                self._fail(page, RuntimeError("the pages it links to were never written"))
                self._done_with(page)
        finally:  # cancelled (or failed): stop every write still running, cleanly
            self._stopping = True
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self.uploads.aclose()
        await self._links()
        before = self.api.stats.total
        verified = await self._verify()
        self.verify_requests = self.api.stats.total - before
        return self._report(time.perf_counter() - started, verified)

    async def recheck(self, pages: AsyncIterator[ImportPage] | Iterator[ImportPage]) -> Report:
        """Verify an earlier import of the same source, from its journal: nothing is written;
        every page is read back and compared with what the source gives now."""
        with self._spilling():
            started = time.perf_counter()
            async for page in _aiter(pages):
                for adopted in self._adopt(page):
                    record = self.journal.page(adopted.key)
                    if record is not None and record.page_id:
                        adopted.page_id = record.page_id
                        self.links.page_ids[adopted.key] = record.page_id
                    else:
                        self.failed[adopted.key] = "not written by the import this journal records"
                    self.uploads.known_uploads(adopted)
                    self._settle(adopted)
            verified = await self._verify()
            return self._report(time.perf_counter() - started, verified)

    def _adopt(self, page: ImportPage) -> list[ImportPage]:
        """Register a page, the folder pages it needs first and, for a database, its rows
        without a page of their own after; returns the pages to write."""
        out: list[ImportPage] = []
        database = database_of(page, self.parent)
        if database is not None:
            self.writer.databases[page.key] = database
        if "page_id" in self.parent:
            known = {*self.pages, page.key}
            page.parent_key = page_parent(page.key, known, declared_parent(page))
            if page.parent_key.endswith("/") and page.parent_key not in self.pages:
                out += self._adopt(folder_page(page.parent_key))
            if page.parent_key in self.pages:  # the parent's own string, not one per child
                page.parent_key = self.pages[page.parent_key].key
            table = self.writer.databases.get(page.parent_key)
            if table is not None and page.key in table.rows:
                page.properties = table.row_properties(page)
        self.pages[page.key] = page
        self._index_aliases |= aliases(page.key) - {page.key.rstrip("/")}
        if page.parent_key in self._last_child:
            self._previous[page.key] = self._last_child[page.parent_key]
        self._last_child[page.parent_key] = page.key
        self.order.adopt(page, self._previous.get(page.key, ""))
        # counted now, while its files are at hand (for the report's fewest requests)
        self.spill.add_files(page_files(page))
        self.journal.plan_page(page.key, page.parent_key, page.title)
        self.progress("planned", {"key": page.key, "requests": page.plan.requests})
        out.append(page)
        for row in empty_rows(database) if database is not None else []:
            out += self._adopt(row)
        return out

    async def _write(self, page: ImportPage) -> None:
        """Upload a page's files, create it and write its blocks. A deferred page is created
        empty first; if the pages it links to do not all exist yet, its content goes to disk
        and this write ends: :meth:`_resume` finishes it once they do."""
        parked = False
        try:
            if not page.deferred:
                await self._wait_for_targets(page)
            parent = await self._parent_of(page)
            async with self._gate:
                await self.uploads.upload_assets(page)
            previous = self._previous.pop(page.key, None)
            if previous is not None:  # siblings are created in source order
                await self._created.wait(previous)
                if previous not in self.links.page_ids:  # it failed: keep the order
                    raise RuntimeError(
                        f"{previous}, the page before it, could not be created: run the "
                        "import again to write both in order"
                    )
            if page.deferred:
                async with self._gate:
                    await self.writer.create_page(page, parent)
                self._mark_created(page)
                if not self._ready_for(self._awaited(page)):
                    self._park(page, parent, self._awaited(page))
                    parked = True
                    return
            async with self._gate:
                parked = not await self._write_blocks(page, parent)
        except Exception as exc:  # one page's failure must not stop the others
            self._fail(page, exc)
        finally:
            if not parked:
                self._done_with(page)

    def _park(
        self,
        page: ImportPage,
        parent: dict[str, str],
        awaited: list[tuple[str, bool]],
        *,
        second: bool = False,
    ) -> None:
        """Keep a page on disk, with no task, until ``awaited`` has happened; then queue it
        to be written (``second``: its second part)."""
        self.spill.put(page.key, page.take())
        self._parked.add(page.key)
        waits = [(self._signals(name, written=written), name) for name, written in awaited]
        AllOf(waits, lambda: self._resume(page, parent, second))()

    def _resume(self, page: ImportPage, parent: dict[str, str], second: bool) -> None:
        """A parked page's targets exist: queue it to be written."""
        self._parked.discard(page.key)
        self._ready.append((page, parent, second))
        self._resume_next()

    def _resume_next(self) -> None:
        # a few at a time: many pages may wait for one, and each is in memory while written
        while self._ready and self._resuming < self.options.concurrency and not self._stopping:
            self._resuming += 1
            self._spawn(self._finish(*self._ready.popleft()))

    async def _finish(self, page: ImportPage, parent: dict[str, str], second: bool) -> None:
        """Write the blocks of a parked page (``second``: its second part), its content back
        from disk."""
        self._load(page)
        self.spill.discard(page.key)
        parked = False
        try:
            async with self._gate:
                if second:
                    await self._write_second(page)
                else:
                    parked = not await self._write_blocks(page, parent)
        except Exception as exc:
            self._fail(page, exc)
        finally:
            if not parked:
                self._done_with(page)
            self._resuming -= 1
            self._resume_next()

    async def _write_blocks(self, page: ImportPage, parent: dict[str, str]) -> bool:
        """Decide the page's links, create it (unless it is) and write its steps. A page in
        two parts (see :mod:`.order`) counts as written for the pages linking to it once its
        first part is; its second part is written once the pages it waits for are, parked
        meanwhile: then False."""
        await self.links.prepare(page)
        await self.writer.create_page(page, parent)
        self._mark_created(page)
        await self.writer.write_steps(page, stop=page.plan.later)
        if page.plan.later is not None:
            self._mark_written(page)
            waits = self.order.waits.get(page.key)
            awaited = [(name, True) for name in (waits.later if waits else [])]
            if not self._ready_for(awaited):
                self._park(page, parent, awaited, second=True)
                return False
            await self._write_second(page)
            return True
        self.progress("written", {"key": page.key, "page_id": page.page_id})
        return True

    async def _write_second(self, page: ImportPage) -> None:
        """Write the second part of a page in two (its first part is written)."""
        await self.links.prepare(page, second=True)
        await self.writer.write_steps(page, start=page.plan.later or 0)
        self.progress("written", {"key": page.key, "page_id": page.page_id})

    def _fail(self, page: ImportPage, exc: Exception) -> None:
        log.warning("page %s failed: %s", page.key, exc)
        self.failed[page.key] = f"{type(exc).__name__}: {exc}"
        self.progress("failed", {"key": page.key, "error": self.failed[page.key]})

    def _done_with(self, page: ImportPage) -> None:
        """Written or failed: the page counts as created and written for the pages waiting
        for it, and its content leaves memory."""
        self._mark_created(page)
        self._mark_written(page)
        self.order.settle(page.key)
        self._settle(page)

    def _settle(self, page: ImportPage) -> None:
        """A page is written (or failed, or is being verified): its content leaves memory, to
        disk when the link pass or full verification reads it again."""
        content = page.release()
        if self.options.verify == "full" or (page.pending_links and page.key not in self.failed):
            self.spill.put(page.key, content)

    def _load(self, page: ImportPage) -> None:
        """Put back the content kept on disk (until the page is released again)."""
        content = self.spill.get(page.key)
        if content is not None:
            page.put_back(content)

    def _signals(self, name: str, *, written: bool) -> Signals:
        """What tells that ``name`` (a page key, or the link path of a page not adopted yet)
        is created, or written."""
        if name in self.pages:
            return self._written if written else self._created
        return self._targets_written if written else self._targets

    def _awaited(self, page: ImportPage) -> list[tuple[str, bool]]:
        """What the page's blocks wait for: (name, whether it must be written), in order."""
        waits = self.order.waits.get(page.key)
        if waits is None:
            return []
        return [*((name, False) for name in waits.created), *((n, True) for n in waits.written)]

    def _ready_for(self, awaited: list[tuple[str, bool]]) -> bool:
        return all(self._signals(name, written=written).is_set(name) for name, written in awaited)

    async def _wait_for_targets(self, page: ImportPage) -> None:
        for name, written in self._awaited(page):
            await self._signals(name, written=written).wait(name)

    async def _parent_of(self, page: ImportPage) -> dict[str, str]:
        """Where the page goes, once that exists. Under a page whose blocks wait for later
        pages, a page waits only for its creation (the blocks are then put before it)."""
        if not page.parent_key:
            return self.parent
        above = self.pages.get(page.parent_key)
        if above is not None and above.deferred:
            await self._created.wait(page.parent_key)
        else:
            await self._written.wait(page.parent_key)
        parent_id = self.links.page_ids.get(page.parent_key)
        if parent_id is None:
            raise RuntimeError(f"parent page {page.parent_key} failed")
        data_source = self.writer.data_source(page.parent_key)
        return {"data_source_id": data_source} if data_source else {"page_id": parent_id}

    async def _links(self) -> None:

        async def one(page: ImportPage) -> None:
            if page.key in self.failed:
                return
            try:
                self._load(page)
                try:
                    patched = await self.links.link_pass(page)
                finally:
                    if self.options.verify != "full":  # else verification reads it again
                        self.spill.discard(page.key)
                    page.release()
                if patched:
                    self.progress("linked", {"key": page.key, "blocks": patched})
            except Exception as exc:
                self.failed[page.key] = f"link pass: {type(exc).__name__}: {exc}"

        await self.api.gather(
            (one(p) for p in self.pages.values() if p.pending_links),
            concurrency=self.options.concurrency,
        )

    async def _verify(self) -> dict[str, bool | None]:
        mode = self.options.verify
        if mode == "none":
            return {key: None for key in self.pages}
        if mode == "acked":
            return {key: self._acked(page) for key, page in self.pages.items()}
        await self.links.final_links()

        async def check(page: ImportPage) -> Checked:
            self._load(page)  # one page at a time per request slot, back from disk
            try:
                planned = self.links.final_blocks(page, self.links.resolve_link)
                witness = page.witness
            finally:
                page.release()
            return await verify_page(
                self.api, page, planned, self.options.read_back, witness, self.links.page_id
            )

        results = await self.api.gather(
            (check(page) for page in self.pages.values()),
            concurrency=self.options.concurrency,
        )
        out: dict[str, bool | None] = {}
        for page, result in zip(self.pages.values(), results, strict=True):
            out[page.key] = result.ok and result.unwrap().ok
            if result.ok:
                page.verification = result.unwrap().measured
                problems = result.unwrap().all_problems()
                page.losses.extend(Loss("verify", problem, page.key) for problem in problems[:20])
        return out

    def _acked(self, page: ImportPage) -> bool:
        if page.key in self.failed or page.page_id is None:
            return False
        steps = self.journal.steps(page.key)
        return all(
            steps.get(i) is not None and steps[i].state == "acked"
            for i in range(len(page.plan.steps))
        )

    def _report(self, seconds: float, verified: dict[str, bool | None]) -> Report:
        stats = self.api.stats
        return Report(
            pages=[
                page_report(page, verified.get(key), self.failed.get(key))
                for key, page in self.pages.items()
            ],
            requests=stats.total,
            requests_by_endpoint=dict(stats.requests),
            minimal_requests=minimal_requests(
                [], floors=self.order.floors.values(), sizes=self.spill.file_sizes()
            ),
            retries=stats.retries,
            rate_limited=stats.rate_limited,
            uncertain_writes_reconciled=self.writer.uncertain_reconciled,
            verify_requests=self.verify_requests,
            wall_seconds=round(seconds, 3),
            verify=self.options.verify,
        )


async def _aiter(
    pages: AsyncIterator[ImportPage] | Iterator[ImportPage],
) -> AsyncIterator[ImportPage]:
    if isinstance(pages, AsyncIterator):
        async for page in pages:
            yield page
    else:
        for page in pages:
            yield page
