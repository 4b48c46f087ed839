"""LinkOrder: the waits it decides can never deadlock, whatever links pages hold."""

from __future__ import annotations

import random

import pytest

from notion_import.convert.serialize import PAGE_PREFIX
from notion_import.importer.links import LinkOrder
from notion_import.importer.plan import plan_page
from notion_import.importer.writer import ImportPage, find_link_paths


def page(key: str, parent: str, links: list[str]) -> ImportPage:
    blocks = [{"type": "heading_2", "heading_2": {"rich_text": [{"text": {"content": key}}]}}]
    for target in links:
        item = {"text": {"content": target, "link": {"url": PAGE_PREFIX + target}}}
        blocks.append({"type": "paragraph", "paragraph": {"rich_text": [item]}})
    return ImportPage(
        key=key,
        parent_key=parent,
        title=key,
        blocks=blocks,
        assets=[],
        losses=[],
        plan=plan_page(blocks),
        link_paths=find_link_paths(blocks),
        anchors={"h": (0,)},
    )


def has_cycle(edges: dict[str, set[str]]) -> bool:
    state: dict[str, int] = {}

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(edges))


@pytest.mark.parametrize("seed", range(40))
def test_waits_never_form_a_cycle(seed: int) -> None:
    rng = random.Random(seed)
    count = rng.randint(2, 30)
    keys = [f"p{i}.html" for i in range(count)]
    order = LinkOrder()
    parents: dict[str, str] = {}
    previous: dict[str, str] = {}
    last_child: dict[str, str] = {}
    for index, key in enumerate(keys):
        parent = rng.choice(["", *keys[:index]]) if index else ""
        links = [rng.choice(keys) + rng.choice(["", "#h"]) for _ in range(rng.randint(0, 5))] + (
            ["#missing.html"] if rng.random() < 0.1 else []
        )
        order.adopt(page(key, parent, links))
        parents[key] = parent
        if parent in last_child:
            previous[key] = last_child[parent]
        last_child[parent] = key

    # what waits for what: C = created, W = written (see links.py and Importer._write)
    edges: dict[str, set[str]] = {}
    for key in keys:
        waits = order.waits[key]
        create = edges.setdefault(f"C:{key}", set())
        written = edges.setdefault(f"W:{key}", {f"C:{key}"})
        parent = parents[key]
        if parent:
            create.add(f"C:{parent}" if parent in order.deferred else f"W:{parent}")
        if key in previous:
            create.add(f"C:{previous[key]}")
        needs = {f"C:{n}" for n in waits.created if n in keys}
        needs |= {f"W:{n}" for n in waits.written if n in keys}
        (written if waits.deferred else create).update(needs)
    assert not has_cycle(edges)


def test_a_page_that_mentions_a_later_page_is_deferred() -> None:
    order = LinkOrder()
    first = order.adopt(page("a.html", "", ["b.html"]))
    second = order.adopt(page("b.html", "", ["a.html", "a.html#h"]))
    assert first.deferred and first.created == ["b.html"]
    assert second.created == []  # waiting to be written covers being created
    # b links to a heading of a deferred page: it is deferred and waits for a to be written
    assert second.deferred and second.written == ["a.html"]
