"""Writing a planned page into Notion exactly once, with the journal as the source of truth.

For each page: create it (with its first request's blocks inline when nothing needs their
ids), then run the remaining steps of its :class:`~notion_import.importer.plan.Plan` — steps
under different targets concurrently, steps under one target in order. Every write is
journaled before it is sent and after it is acknowledged. A write whose outcome is unknown (a
crash between the two, or an :class:`~notion_import.errors.UncertainWriteError`) is reconciled
by listing the target's children and comparing them with what was planned: found ->
acknowledged with those ids; not found -> sent again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from notion_import.api.client import NotionAPI
from notion_import.api.paginate import collect
from notion_import.api.tree import OWN_PAGES
from notion_import.errors import UncertainWriteError
from notion_import.importer.database import Database, create_database, data_source_meta
from notion_import.importer.fill import title_text
from notion_import.importer.journal import WRITE_ATTEMPTS, Journal, digest
from notion_import.importer.linkpass import Links
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import Step, Target, children_of


class Writer:
    """Creates pages and writes their steps through one :class:`NotionAPI`, journaled."""

    def __init__(
        self,
        api: NotionAPI,
        journal: Journal,
        links: Links,
        *,
        on_event: Callable[[str, ImportPage], None] | None = None,
    ) -> None:
        self.api = api
        self.journal = journal
        self.links = links
        self.on_event = on_event or (lambda _event, _page: None)
        self.uncertain_reconciled = 0
        #: the pages that are databases of the export (see :mod:`.database`), by key.
        self.databases: dict[str, Database] = {}

    # -- pages ---------------------------------------------------------------------------

    async def create_page(self, page: ImportPage, parent: dict[str, str]) -> str:
        """Create the page (exactly once) under ``parent`` (``{"page_id": ...}`` or
        ``{"data_source_id": ...}``); returns its id."""
        database = self.databases.get(page.key)
        if database is not None:
            return self._known(
                page, await create_database(self.api, self.journal, page, database, parent)
            )
        record = self.journal.page(page.key)
        if record is not None and record.page_id:
            page.page_id = record.page_id
            self.links.page_ids[page.key] = record.page_id
            return record.page_id
        self.journal.plan_page(page.key, page.parent_key, page.title)
        if record is not None and record.state == "sent":
            found = await self._find_created(page, parent)
            if found is not None:
                return self._created(page, found, reconciled=True)
        inline = self._inline_first_step(page)
        kwargs: dict[str, Any] = {
            "parent": parent,
            "properties": page.properties or {"title": title_text(page.title)},
        }
        if inline:
            self.journal.step_sent(page.key, 0, digest(page.plan.steps[0].children))
        self.journal.page_state(page.key, "sent")

        async def create() -> Any:
            if inline:
                kwargs["children"] = self.links.request(page, page.plan.steps[0])
            return await self.api.client.pages.create(**kwargs)

        for attempt in range(WRITE_ATTEMPTS):
            try:
                created = await self.links.send(create)
                return self._created(page, str(created["id"]), inline=inline)
            except UncertainWriteError:
                found = await self._find_created(page, parent)
                if found is not None:
                    return self._created(page, found, reconciled=True, inline=inline)
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _known(self, page: ImportPage, page_id: str) -> str:
        """A database created (or found in the journal): its id is the page's."""
        page.page_id = page_id
        self.links.page_ids[page.key] = page_id
        return page_id

    def data_source(self, key: str) -> str | None:
        """The data source of the database of page ``key``, once created."""
        if key not in self.databases:
            return None
        return self.journal.get_meta(data_source_meta(key))

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
        self.links.page_ids[page.key] = page_id
        self.on_event("created", page)
        return page_id

    def _inline_first_step(self, page: ImportPage) -> bool:
        """Send the first step with the create when no later step needs its block ids."""
        steps = page.plan.steps
        if not steps or not steps[0].target.is_page or steps[0].kind != "append":
            return False
        if page.pending_links or page.deferred or page.plan.segments:
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

    async def write_steps(self, page: ImportPage, start: int = 0, stop: int | None = None) -> None:
        """Run the steps ``start`` to ``stop`` of the page's plan not yet acknowledged (all
        by default; the steps before ``start`` are), keeping order per target. The page is
        written once its last step is."""
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

        steps = list(enumerate(page.plan.steps))[start:stop]
        await asyncio.gather(*(run(i, s) for i, s in steps))
        if stop is None:
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
            ids = [str(b["id"]) for b in listed if b["type"] not in OWN_PAGES]
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
        await self.links.find_own(page, step)
        self.journal.step_sent(page.key, index, digest(step.children))

        async def append() -> Any:
            children = self.links.request(page, step)
            return await self.api.client.blocks.children.append(
                block_id=parent, children=children, **where
            )

        for attempt in range(WRITE_ATTEMPTS):
            try:
                answer = await self.links.send(append)
                break
            except UncertainWriteError:
                if found := await reconciled():
                    return found
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
        # the new blocks come first; an insert before the end is answered with every later
        # sibling after them, which must never be taken for this step's blocks
        ids = [str(b["id"]) for b in answer["results"][: len(step.children)]]
        self.journal.step_acked(page.key, index, ids)
        return ids

    @staticmethod
    def _position(
        page: ImportPage, index: int, results: dict[int, list[str]]
    ) -> dict[str, dict[str, Any]]:
        """Where a step's first-level blocks go among those written before it (the page's
        earlier steps, see :attr:`~notion_import.importer.plan.Plan.segments`): after the
        last of them that comes before it in the page, else at the start. At the end (no
        position) when that is where they go anyway: not for a deferred page, whose blocks
        go before any child page made meanwhile."""
        step = page.plan.steps[index]
        if not step.target.is_page:
            return {}
        start = step.at[0]
        before: tuple[int, int] | None = None  # (last index, step) of blocks written before
        last = -1
        for other in _page_appends(page):
            if other == index:
                break
            ids = results.get(other, [])
            first = page.plan.steps[other].at[0]
            end = first + max(len(ids), len(page.plan.steps[other].children)) - 1
            last = max(last, end)
            if end < start and (before is None or end > before[0]):
                before = (end, other)
        if before is not None and before[0] == last and not page.deferred:
            return {}
        if before is None:
            return {"position": {"type": "start"}} if last >= 0 or page.deferred else {}
        ids = results[before[1]]
        return {"position": {"type": "after_block", "after_block": {"id": ids[-1]}}}

    def _planned_before(self, page: ImportPage, index: int) -> tuple[int, int]:
        """Where the step's blocks lie among its target's children once sent, and how many
        children the target holds before it, per the plan (first-level blocks written
        earlier may come after them, see :meth:`_position`)."""
        step = page.plan.steps[index]
        count = offset = 0
        if step.target.request is not None:
            creator = page.plan.steps[step.target.request]
            if creator.kind == "append":
                count = offset = len(children_of(creator.children[step.target.index]))
        for other in page.plan.steps[:index]:
            if other.target == step.target and other.kind == "append":
                count += len(other.children)
                if not step.target.is_page or other.at[0] < step.at[0]:
                    offset += len(other.children)
        return offset, count

    async def _find_appended(
        self, parent: str, where: tuple[int, int], step: Step
    ) -> list[str] | None:
        """The ids of the step's blocks if Notion holds them where the plan puts them
        (``where``: their offset, and the children the target holds without them)."""
        offset, before = where
        listed = [
            b
            for b in await collect(self.api.client.blocks.children.list, block_id=parent)
            if b["type"] not in OWN_PAGES
        ]
        if len(listed) == before:
            return None
        tail = listed[offset : offset + len(step.children)]
        if len(listed) == before + len(step.children) and [b["type"] for b in tail] == [
            c["type"] for c in step.children
        ]:
            return [str(b["id"]) for b in tail]
        raise RuntimeError(
            f"block {parent} holds {len(listed)} children where {before} or "
            f"{before + len(step.children)} were expected; the page changed outside this import"
        )


def _page_appends(page: ImportPage) -> list[int]:
    """The steps that append first-level blocks to the page, in plan order."""
    return [i for i, s in enumerate(page.plan.steps) if s.target.is_page and s.kind == "append"]
