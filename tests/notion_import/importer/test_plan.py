"""The request plan: every step is a valid Notion request, and running the plan against
notion-emulator rebuilds exactly the tree that was planned, in order."""

from __future__ import annotations

import random
from typing import Any

import pytest

from notion_emulator.schema.block_requests import validate_children
from notion_import.api.paginate import collect
from notion_import.convert.references import block_at
from notion_import.importer.plan import (
    MAX_CHILDREN,
    MAX_ELEMENTS,
    Plan,
    children_of,
    count_elements,
    payload,
    plan_page,
)


def para(text: str, children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"rich_text": [{"type": "text", "text": {"content": text}}]}
    if children:
        body["children"] = children
    return {"type": "paragraph", "paragraph": body}


def bullet(text: str, children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    block = para(text, children)
    return {"type": "bulleted_list_item", "bulleted_list_item": block["paragraph"]}


def table(rows: int, width: int = 2) -> dict[str, Any]:
    return {
        "type": "table",
        "table": {
            "table_width": width,
            "has_column_header": True,
            "has_row_header": False,
            "children": [
                {
                    "type": "table_row",
                    "table_row": {
                        "cells": [
                            [{"type": "text", "text": {"content": f"r{r}c{c}"}}]
                            for c in range(width)
                        ]
                    },
                }
                for r in range(rows)
            ],
        },
    }


def columns(*contents: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "column_list",
        "column_list": {
            "children": [{"type": "column", "column": {"children": c}} for c in contents]
        },
    }


def chain(depth: int, label: str = "d") -> dict[str, Any]:
    node = bullet(f"{label}{depth}")
    for level in range(depth - 1, 0, -1):
        node = bullet(f"{label}{level}", [node])
    return node


def random_tree(rng: random.Random, depth: int = 0) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(rng.choice([1, 2, 3, 5, 8, 130]) if depth < 2 else rng.randint(0, 3)):
        roll = rng.random()
        kids = random_tree(rng, depth + 1) if depth < 6 and rng.random() < 0.4 else []
        if roll < 0.5:
            out.append(bullet(f"b{depth}.{i}", kids))
        elif roll < 0.7:
            out.append(para(f"p{depth}.{i}", kids))
        elif roll < 0.8 and depth == 0:
            out.append(table(rng.choice([1, 5, 120, 230])))
        elif roll < 0.9 and depth < 3:
            out.append(columns(random_tree(rng, 3) or [para("x")], [para("y", kids)]))
        else:
            out.append({"type": "divider", "divider": {}})
    return out


def shape(block: dict[str, Any]) -> tuple[Any, ...]:
    """A comparable form: type, text, table cells, children."""
    kind = block["type"]
    body = block[kind]
    text = "".join(
        item.get("plain_text") or item.get("text", {}).get("content", "")
        for item in body.get("rich_text", [])
    )
    cells = tuple(
        "".join(i.get("plain_text") or i["text"]["content"] for i in cell)
        for cell in body.get("cells", [])
    )
    kids = tuple(shape(c) for c in body.get("children", block.get("children", [])))
    return (kind, text, cells, kids)


def part_of(sent: dict[str, Any], planned: dict[str, Any] | None) -> bool:
    """Whether ``sent`` is ``planned`` with the first of its children (at any level)."""
    if planned is None or sent["type"] != planned["type"]:
        return False
    without = [{k: v for k, v in payload(b).items() if k != "children"} for b in (sent, planned)]
    kids, all_kids = children_of(sent), children_of(planned)
    return (
        without[0] == without[1]
        and len(kids) <= len(all_kids)
        and all(part_of(k, p) for k, p in zip(kids, all_kids, strict=False))
    )


def check_steps(plan: Plan, blocks: list[dict[str, Any]]) -> None:
    for step in plan.steps:
        if step.kind != "append":
            continue
        assert 1 <= len(step.children) <= MAX_CHILDREN
        assert step.elements <= MAX_ELEMENTS
        validate_children(step.children)  # raises on anything Notion would refuse
        # each child is (the start of) the block of the page its index path names
        *parent, first = step.at
        for offset, child in enumerate(step.children):
            assert part_of(child, block_at(blocks, (*parent, first + offset)))


async def run(client: Any, page_id: str, plan: Plan) -> None:
    results: dict[int, list[str]] = {}
    for index, step in enumerate(plan.steps):
        target = step.target
        parent = page_id if target.request is None else results[target.request][target.index]
        if step.kind == "append":
            answer = await client.blocks.children.append(block_id=parent, children=step.children)
            results[index] = [b["id"] for b in answer["results"]]
        else:
            listed = await collect(client.blocks.children.list, block_id=parent)
            results[index] = [b["id"] for b in listed]


async def read_tree(client: Any, block_id: str) -> list[dict[str, Any]]:
    out = []
    for block in await collect(client.blocks.children.list, block_id=block_id):
        if block["has_children"]:
            block[block["type"]]["children"] = await read_tree(client, block["id"])
        out.append(block)
    return out


CASES: dict[str, list[dict[str, Any]]] = {
    "flat 250": [para(str(i)) for i in range(250)],
    "deep chain 9": [chain(9)],
    "wide list 230 under one item": [bullet("top", [bullet(str(i)) for i in range(230)])],
    "long table 230": [table(230)],
    "table nested one level": [bullet("t", [table(3)])],
    "long table nested": [bullet("t", [table(150)]), para("after")],
    "column list nested": [bullet("c", [columns([para("a")], [para("b")])]), para("after")],
    "deep content in columns": [columns([chain(5, "x")], [para("y"), chain(6, "z")])],
    "many elements": [bullet(f"{i}", [bullet(f"{i}.{j}") for j in range(30)]) for i in range(60)],
    "order after deferred": [bullet("a", [chain(4, "q"), para("tail")]), para("end")],
}


@pytest.mark.parametrize("name", list(CASES))
async def test_plan_rebuilds_the_tree(
    name: str, notion_client: Any, notion_root_page_id: str
) -> None:
    blocks = CASES[name]
    plan = plan_page(blocks)
    check_steps(plan, blocks)
    assert plan.blocks == sum(count_elements(b) for b in blocks)
    page = await notion_client.pages.create(
        parent={"page_id": notion_root_page_id},
        properties={"title": [{"text": {"content": name}}]},
    )
    await run(notion_client, page["id"], plan)
    got = await read_tree(notion_client, page["id"])
    assert [shape(b) for b in got] == [shape(b) for b in blocks]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(40))
async def test_random_trees(seed: int, notion_client: Any, notion_root_page_id: str) -> None:
    blocks = random_tree(random.Random(seed))
    plan = plan_page(blocks)
    check_steps(plan, blocks)
    page = await notion_client.pages.create(
        parent={"page_id": notion_root_page_id},
        properties={"title": [{"text": {"content": f"random {seed}"}}]},
    )
    await run(notion_client, page["id"], plan)
    got = await read_tree(notion_client, page["id"])
    assert [shape(b) for b in got] == [shape(b) for b in blocks]


def test_fewest_requests_for_simple_content() -> None:
    assert plan_page([para(str(i)) for i in range(250)]).requests == 3
    assert plan_page([chain(3)]).requests == 1
    assert plan_page([chain(4)]).requests == 2
    assert plan_page([table(230)]).requests == 3
