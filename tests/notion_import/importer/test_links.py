"""Links between pages: typed from the serializer to the request, and an order of writing whose
waits can never deadlock, whatever links pages hold."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from notion_import.convert.ir import (
    Asset,
    Block,
    Column,
    ColumnList,
    Heading,
    Image,
    Link,
    ListItem,
    Marks,
    Paragraph,
    Span,
    Table,
)
from notion_import.convert.references import PageLink
from notion_import.convert.serialize import serialize, to_notion
from notion_import.importer.fill import (
    Reached,
    linked_fields,
    page_blocks,
    step_blocks,
    unresolved,
)
from notion_import.importer.order import LinkOrder
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import payload, plan_page


def to(target: str, text: str | None = None, marks: Marks | None = None) -> Span:
    """A span linking to another file of the export (``path`` or ``path#anchor``)."""
    path, _, fragment = target.partition("#")
    return Span(text or target, marks or Marks(), Link(path, internal=True, fragment=fragment))


def import_page(key: str, blocks: list[Block], assets: list[Asset] | None = None) -> ImportPage:
    serialized = serialize(blocks, assets=list(assets or []), where=key)
    return ImportPage(
        key=key,
        parent_key="",
        title=key,
        blocks=serialized.blocks,
        assets=serialized.assets,
        losses=serialized.losses,
        plan=plan_page(serialized.blocks),
        links=serialized.links,
        files=serialized.files,
        anchors=serialized.anchors,
    )


def page(key: str, parent: str, links: list[str]) -> ImportPage:
    blocks: list[Block] = [Heading(2, [Span(key)], anchors=("h",))]
    blocks += [Paragraph([to(target)]) for target in links]
    return import_page(key, blocks)


# -- typed references -----------------------------------------------------------------------


def test_links_are_typed_and_the_blocks_hold_them_as_text() -> None:
    bold = Marks(bold=True)
    built = page("a.html", "", [])
    assert built.links == []
    p = import_page(
        "a.html",
        [
            Paragraph([Span("see "), to("b.html#sec", "B", bold), Span(" and "), to("c.html")]),
            ListItem("bulleted", [Span("item")], children=[Paragraph([to("d/")])]),
            Image(Asset("remote", "https://example.com/x.png"), caption=[to("b.html")]),
            Table([[[Span("k")], [to("e.html")]]]),
        ],
    )
    assert [(r.block, r.field, r.index, r.target) for r in p.links] == [
        ((0,), "rich_text", (1,), PageLink("b.html", "sec")),
        ((0,), "rich_text", (3,), PageLink("c.html")),
        ((1, 0), "rich_text", (0,), PageLink("d/")),
        ((2,), "caption", (0,), PageLink("b.html")),
        ((3, 0), "cells", (1, 0), PageLink("e.html")),
    ]
    assert p.link_paths == [(0,), (1, 0), (2,), (3, 0)]
    assert [r.target.key for r in p.links_at((0,))] == ["b.html#sec", "c.html"]
    assert PageLink("b.html", "sec").page == PageLink("b.html")
    # nothing stands in for a reference in what is sent: the link is simply not there yet
    text = json.dumps(p.blocks)
    assert "page:" not in text and '"link"' not in text
    assert p.blocks[0]["paragraph"]["rich_text"][1] == {
        "type": "text",
        "text": {"content": "B"},
        "annotations": {"bold": True},
    }


def test_files_are_typed_and_filled_with_their_uploads() -> None:
    photo = Asset("local", "photo.png")
    data = Asset("data", "drawing.svg", "image/svg+xml", b"<svg/>", "drawing.svg")
    p = import_page("a.html", [Image(photo), Paragraph([Span("x")]), Image(data), Image(photo)])
    assert [(r.block, r.asset) for r in p.files] == [((0,), 0), ((2,), 1), ((3,), 0)]
    assert p.blocks[0]["image"] == {"type": "file_upload", "file_upload": {}}
    p.uploads = {0: "up-photo"}
    filled = page_blocks(p, unresolved)
    assert filled[0]["image"]["file_upload"] == {"id": "up-photo"}
    assert filled[3]["image"]["file_upload"] == {"id": "up-photo"}
    # a file that could not be uploaded leaves a trace of itself
    assert filled[2] == {
        "type": "paragraph",
        "paragraph": {"rich_text": [{"type": "text", "text": {"content": "[image: drawing.svg]"}}]},
    }
    assert p.blocks[0]["image"]["file_upload"] == {}  # the page's own blocks stay as they were


def test_what_a_link_becomes() -> None:
    p = import_page(
        "a.html",
        [
            Paragraph(
                [
                    to("b.html", " the  b page ", Marks(italic=True)),
                    to("c.html#h"),
                    to("d.html#x", "[6]", Marks(code=True)),
                    to("b.html", "galleries"),
                ]
            )
        ],
    )
    found = {
        "b.html": Reached("https://www.notion.so/idb", "id-b", "The B Page"),
        "c.html#h": Reached("https://www.notion.so/c#h1"),
        "d.html": Reached("https://www.notion.so/idd", "id-d", "D"),
    }
    items = page_blocks(p, lambda t: found.get(t.key))[0]["paragraph"]["rich_text"]
    assert items == [
        # its words are the page's title: a mention shows just that
        {
            "type": "mention",
            "mention": {"type": "page", "page": {"id": "id-b"}},
            "annotations": {"italic": True},
        },
        {
            "type": "text",
            "text": {"content": "c.html#h", "link": {"url": "https://www.notion.so/c#h1"}},
        },
        # no block carries that anchor: a link to its page, its words and marks kept
        {
            "type": "text",
            "text": {"content": "[6]", "link": {"url": "https://www.notion.so/idd"}},
            "annotations": {"code": True},
        },
        # words of its own: never the title in their place
        {
            "type": "text",
            "text": {"content": "galleries", "link": {"url": "https://www.notion.so/idb"}},
        },
    ]
    # the link pass sends only the fields that hold rich text
    fields = linked_fields(
        "paragraph", payload(p.blocks[0]), p.links_at((0,)), lambda t: found.get(t.key)
    )
    assert list(fields) == ["rich_text"] and fields["rich_text"] == items
    # a target not part of the import: its text
    assert page_blocks(p, unresolved) == p.blocks


def _expected(children: list[dict[str, Any]], ids: dict[str, str]) -> list[dict[str, Any]]:
    """The blocks ``to_notion`` shows (links and files marked in place), filled by reading the
    markers back: the same result the typed references must give, found independently."""
    out = copy.deepcopy(children)
    stack = list(out)
    while stack:
        block = stack.pop()
        body = payload(block)
        if "file_upload" in body:
            body["file_upload"] = {"id": "up-" + body["file_upload"]["id"].split(":")[1]}
        arrays = [body[name] for name in ("rich_text", "caption") if name in body]
        for items in arrays + list(body.get("cells", [])):
            for item in items:
                url = item.get("text", {}).get("link", {}).get("url", "")
                if url.startswith("page:"):
                    item["text"]["link"] = {"url": "https://www.notion.so/" + ids[url[5:]]}
        stack += body.get("children", [])
    return out


def _nested(depth: int, target: str) -> ListItem:
    item = ListItem("bulleted", [Span(f"level {depth} "), to(target)])
    if depth < 6:
        item.children = [_nested(depth + 1, target), Paragraph([to(target, "again")])]
    return item


def _big_page() -> list[Block]:
    """Links and files everywhere a plan splits: past 100 children, past the nesting a request
    takes, in tables past 100 rows, in columns too long for one request."""
    image = Asset("local", "img.png")
    blocks: list[Block] = [Paragraph([Span(f"p{i} "), to(f"t{i % 7}.html")]) for i in range(230)]
    blocks.append(_nested(1, "deep.html"))
    rows = [[[Span(f"r{i}")], [to(f"t{i % 5}.html")]] for i in range(160)]
    blocks.append(Table(rows, has_column_header=True))
    blocks.append(ListItem("bulleted", [Span("long")], children=[Image(image)] * 130))
    column = [Paragraph([to(f"t{k % 3}.html", f"c{k}")]) for k in range(130)] + [_nested(2, "x")]
    blocks.append(ColumnList(children=[Column(children=column), Column(children=[Image(image)])]))
    columns = [Column(children=[_nested(1, "y.html")]), Column(children=[Paragraph([to("z")])])]
    blocks.append(ColumnList(children=columns))
    return blocks


def test_each_step_of_a_split_page_gets_its_own_references() -> None:
    blocks = _big_page()
    p = import_page("a.html", blocks)
    shown, _ = to_notion(blocks, assets=[])
    assert [s.kind for s in plan_page(shown).steps] == [s.kind for s in p.plan.steps]
    assert len(p.plan.steps) > 10
    ids = {ref.target.key: f"id-{ref.target.key}" for ref in p.links}
    p.uploads = {n: f"up-{n}" for n in range(len(p.assets))}

    def resolve(target: PageLink) -> Reached | None:
        page_id = ids.get(target.key)
        return None if page_id is None else Reached(f"https://www.notion.so/{page_id}", page_id)

    linked = 0
    for step, shown_step in zip(p.plan.steps, plan_page(shown).steps, strict=True):
        sent = step_blocks(p, step, resolve)
        assert sent == _expected(shown_step.children, ids)
        linked += json.dumps(sent).count('"url": "https://www.notion.so/id-')
        assert "page:" not in json.dumps(sent)
    assert linked == len(p.links)
    assert page_blocks(p, resolve) == _expected(shown, ids)


def test_a_released_page_keeps_only_its_links_to_headings() -> None:
    p = import_page("a.html", [Paragraph([to("b.html"), to("c.html#h")]), Paragraph([to("d")])])
    content = p.release()
    assert [r.target.key for r in p.links] == ["c.html#h"] and p.link_paths == [(0,)]
    assert len(content.links) == 3
    p.put_back(content)
    assert [r.target.key for r in p.links] == ["b.html", "c.html#h", "d"]


# -- the order of writing ---------------------------------------------------------------------


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

    # what waits for what: C = created, W = written (see order.py and Importer._write)
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


async def test_a_deferred_pages_blocks_put_before_its_child_page_are_journaled_alone(
    tmp_path: Path,
) -> None:
    """A page that mentions a later page is created empty, its child page meanwhile; its own
    blocks then go before that child. Notion answers such an insert with the new blocks AND
    every later sibling: only the new ones are this page's blocks in the journal."""
    from tests.notion_import.importer.test_import import emulator, run_import

    from notion_import.importer import Journal

    source = tmp_path / "src"
    guide_folder = source / "guide"
    guide_folder.mkdir(parents=True)
    (guide_folder / "index.html").write_text(
        "<title>Guide</title><p>See <a href='zz.html'>Later</a>.</p><p>Second.</p>"
    )
    (guide_folder / "child.html").write_text("<title>Child</title><p>Child text.</p>")
    (guide_folder / "zz.html").write_text("<title>Later</title><p>Later text.</p>")
    app = emulator()
    journal_path = tmp_path / "j.sqlite"
    report = await run_import(app, source, journal_path, verify="full")
    assert report.exit_code() == 0, report.to_json()
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    guide = next(c for c in tree["children"] if c.get("child_page", {}).get("title") == "Guide")
    kinds = [b["type"] for b in guide["children"]]
    assert kinds == ["paragraph", "paragraph", "child_page", "child_page"]  # blocks first
    own = [b["id"] for b in guide["children"] if b["type"] != "child_page"]
    with Journal(journal_path) as journal:
        recorded = [i for s in journal.steps("guide/index.html").values() for i in s.result or []]
    assert recorded == own
