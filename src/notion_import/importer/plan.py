"""How to write a page's blocks in the fewest requests Notion's limits allow.

Input: a page's blocks as Notion request JSON (from the serializer), nested to any depth, of
any length. Output: a :class:`Plan` — an ordered list of requests. Each request appends
children under a *target*: the page itself, a block created by an earlier request, or a block
learnt by listing a column list's children. Pure: no I/O.

Notion's limits, and how the plan meets them:

- at most 100 children, 1,000 block elements and 500 KB per request: children are packed
  greedily into requests in order (:data:`MAX_CHILDREN`, :data:`MAX_ELEMENTS`, :data:`MAX_BYTES`);
- the top-level blocks of a request plus two levels of children: a block whose subtree is
  deeper is sent with the prefix of its children that fits, and the rest is appended
  afterwards *under that block*, which is then a first-level block of its request — the only
  blocks whose ids a response returns;
- tables and lists over 100 items: the first 100 go inline, the rest are appended under the
  created block;
- ``column_list`` only at the top level of a request: a nested one is deferred so that it is the
  first level of an append under its parent. Blocks inside columns are not returned by the
  API, so content too deep or too long for one request is appended after a ``list`` step that
  reads the column ids (one request per column list).

Order is kept: everything under one target is appended in sequence, after the inline part.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

MAX_CHILDREN = 100
MAX_ELEMENTS = 1000
#: 500 KB per body; keep a margin for the envelope.
MAX_BYTES = 480_000
#: first-level blocks plus two levels of children.
MAX_LEVELS = 3


@dataclass(frozen=True, slots=True)
class Target:
    """Where children go: the page (``request`` None), the ``index``-th first-level block
    created by request ``request``, or the ``index``-th column listed by a list step."""

    request: int | None = None
    index: int = 0

    @property
    def is_page(self) -> bool:
        return self.request is None


PAGE = Target()


@dataclass(slots=True)
class Step:
    """One request: ``append`` children under ``target``, or ``list`` a column list's columns
    (``target`` is the column list; the step's results are its columns, in order)."""

    kind: str
    target: Target
    children: list[dict[str, Any]] = field(default_factory=list)
    #: steps that must finish first (the one creating the target, the previous one under it).
    after: tuple[int, ...] = ()
    #: the index path, in the page's blocks, of the first child (the others follow it).
    at: tuple[int, ...] = ()

    @property
    def elements(self) -> int:
        return sum(count_elements(b) for b in self.children)


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    #: the runs of first-level blocks (start, end), in the order they are written, each
    #: put in place among those written before it; empty: every block in order, and the
    #: first request may ride on the create. Set when links to the page's own anchors are
    #: written whole (see :mod:`~notion_import.importer.reorder`).
    segments: tuple[tuple[int, int], ...] = ()
    #: the first step of the second part of a page written in two (None: one part): its
    #: blocks link to anchors of pages that wait, in turn, for this one; they are written
    #: once the first part of those pages is (see :mod:`~notion_import.importer.order`).
    later: int | None = None
    #: the first-level blocks that the second part writes.
    second: frozenset[int] = frozenset()

    @property
    def requests(self) -> int:
        return len(self.steps)

    @property
    def blocks(self) -> int:
        return sum(s.elements for s in self.steps)


def payload(block: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = block[block["type"]]
    return value


def children_of(block: dict[str, Any]) -> list[dict[str, Any]]:
    kids: list[dict[str, Any]] = payload(block).get("children", [])
    return kids


def count_elements(block: dict[str, Any]) -> int:
    return 1 + sum(count_elements(c) for c in children_of(block))


def _depth(block: dict[str, Any]) -> int:
    """Levels a block uses in a request: 1 for a leaf; columns do not use a level."""
    kids = children_of(block)
    if not kids:
        return 1
    inner = max(_depth(c) for c in kids)
    return inner if block["type"] == "column_list" or block["type"] == "column" else 1 + inner


def _size(block: dict[str, Any]) -> int:
    return len(json.dumps(block, ensure_ascii=False, separators=(",", ":")).encode())


def _with_children(block: dict[str, Any], kids: list[dict[str, Any]]) -> dict[str, Any]:
    body = {k: v for k, v in payload(block).items() if k != "children"}
    if kids:
        body["children"] = kids
    return {"type": block["type"], block["type"]: body}


class _Planner:
    def __init__(self) -> None:
        self.plan = Plan()
        #: the last step appending under each target (to keep order).
        self.last: dict[Target, int] = {}

    def add(self, step: Step, creator: int | None) -> int:
        deps = {d for d in (creator, self.last.get(step.target)) if d is not None}
        step.after = tuple(sorted(deps))
        self.plan.steps.append(step)
        index = len(self.plan.steps) - 1
        self.last[step.target] = index
        return index

    def append(self, target: Target, blocks: list[dict[str, Any]], at: tuple[int, ...]) -> None:
        """Append ``blocks`` (siblings, the first at index path ``at`` of the page's blocks)
        under ``target`` in as few requests as the limits allow."""
        creator = target.request
        pending: list[_Pending] = []
        elements = size = 0
        for position, block in enumerate(blocks):
            inline, deferred = self.fit(block, top=True)
            block_elements, block_size = count_elements(inline), _size(inline)
            if pending and (
                len(pending) == MAX_CHILDREN
                or elements + block_elements > MAX_ELEMENTS
                or size + block_size > MAX_BYTES
            ):
                self.flush(target, creator, pending)
                pending, elements, size = [], 0, 0
            pending.append(_Pending(inline, deferred, (*at[:-1], at[-1] + position)))
            elements += block_elements
            size += block_size
        if pending:
            self.flush(target, creator, pending)

    def flush(self, target: Target, creator: int | None, pending: list[_Pending]) -> None:
        children = [p.inline for p in pending]
        step = self.add(Step("append", target, children, at=pending[0].at), creator)
        for index, p in enumerate(pending):
            if p.inline["type"] == "column_list" and p.deferred:
                self.columns(Target(step, index), p.deferred, p.at)
            elif p.deferred:  # the children that did not fit follow those that did
                kept = len(children_of(p.inline))
                self.append(Target(step, index), p.deferred, (*p.at, kept))

    def columns(self, target: Target, rests: list[Any], at: tuple[int, ...]) -> None:
        """Column content that did not fit: list the columns, then append under each (and
        under a column's last inline block, listed too, when that block was cut short).
        ``at`` is the column list's index path in the page's blocks."""
        listing = self.add(Step("list", target), target.request)
        for index, rest in enumerate(rests):
            column = Target(listing, index)
            if rest.block_rest:
                inner = self.add(Step("list", column), listing)
                where = (*at, index, rest.block_index, rest.block_kept)
                self.append(Target(inner, rest.block_index), rest.block_rest, where)
            if rest.column_rest:
                self.append(column, rest.column_rest, (*at, index, rest.column_kept))

    def fit(self, block: dict[str, Any], *, top: bool) -> tuple[dict[str, Any], list[Any]]:
        """(what goes inline with ``block`` as a first-level block, what is appended later)."""
        kind = block["type"]
        if kind == "column_list":
            return self.fit_columns(block)
        kids = children_of(block)
        if not kids:
            return block, []
        budget = MAX_ELEMENTS - 1
        inline_kids: list[dict[str, Any]] = []
        for position, child in enumerate(kids):
            if len(inline_kids) >= MAX_CHILDREN or not _fits(child, MAX_LEVELS - 1, budget):
                return _with_children(block, inline_kids), kids[position:]
            inline_kids.append(child)
            budget -= count_elements(child)
        return block, []

    def fit_columns(self, block: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
        """A column list inline: each column keeps the prefix of its blocks that fits; a block
        inside a column may only bring leaf children (column > block > children)."""
        budget = MAX_ELEMENTS - 1 - len(children_of(block))
        inline_columns = []
        rests: list[_ColumnRest] = []
        for column in children_of(block):
            kids = children_of(column)
            keep: list[dict[str, Any]] = []
            rest = _ColumnRest()
            for position, child in enumerate(kids):
                if _fits(child, MAX_LEVELS - 1, budget) and len(keep) < MAX_CHILDREN:
                    keep.append(child)
                    budget -= count_elements(child)
                    continue
                if keep or len(keep) >= MAX_CHILDREN:
                    rest.column_rest = kids[position:]
                    rest.column_kept = position
                    break
                # the column's first block does not fit whole: send it with the leaf
                # children that do, the rest goes under it once its id is known
                grand = children_of(child)
                leaves: list[dict[str, Any]] = []
                for leaf in grand:
                    if children_of(leaf) or len(leaves) >= MAX_CHILDREN or budget < 2:
                        break
                    leaves.append(leaf)
                    budget -= 1
                keep.append(_with_children(child, leaves))
                budget -= 1
                rest.block_index = 0
                rest.block_rest = grand[len(leaves) :]
                rest.block_kept = len(leaves)
                rest.column_rest = kids[position + 1 :]
                rest.column_kept = position + 1
                break
            inline_columns.append(_with_children(column, keep))
            rests.append(rest)
        inline = _with_children(block, inline_columns)
        deferred = any(r.block_rest or r.column_rest for r in rests)
        return inline, rests if deferred else []


@dataclass(slots=True)
class _Pending:
    """A block waiting for its request: what goes inline, what is appended under it later,
    and its index path in the page's blocks."""

    inline: dict[str, Any]
    deferred: list[Any]
    at: tuple[int, ...]


@dataclass(slots=True)
class _ColumnRest:
    """What one column could not take inline (each rest follows the ``kept`` first children
    of its parent)."""

    block_index: int = 0
    block_rest: list[dict[str, Any]] = field(default_factory=list)
    block_kept: int = 0
    column_rest: list[dict[str, Any]] = field(default_factory=list)
    column_kept: int = 0


def _fits(block: dict[str, Any], levels: int, budget: int) -> bool:
    """Whether ``block`` can go inline whole with ``levels`` levels available (itself included)."""
    return (
        _depth(block) <= levels
        and count_elements(block) <= budget
        and _placeable(block, MAX_LEVELS - levels)
    )


def _placeable(block: dict[str, Any], level: int) -> bool:
    """Whether ``block`` and its subtree may sit at ``level`` (0 = first level) of a request:
    column lists only at level 0, tables at level 0 or 1 with at most 100 rows, no children
    list over 100."""
    kind = block["type"]
    kids = children_of(block)
    if (kind == "column_list" and level > 0) or (kind == "table" and level > 1):
        return False
    if len(kids) > MAX_CHILDREN:
        return False
    below = level if kind in ("column_list", "column") else level + 1
    return all(_placeable(child, below) for child in kids)


def plan_page(blocks: list[dict[str, Any]], segments: tuple[tuple[int, int], ...] = ()) -> Plan:
    """The steps that write ``blocks`` under a page, in order. The first step's children may
    instead be sent with the page create (``pages.create(children=...)``). With
    ``segments`` (runs of first-level blocks covering them all), the runs are written one
    after the other in that order, each in as few requests as the limits allow."""
    planner = _Planner()
    if segments:
        for start, end in segments:
            planner.append(PAGE, blocks[start:end], (start,))
        planner.plan.segments = segments
    else:
        planner.append(PAGE, blocks, (0,))
    return planner.plan
