"""Full verification: read a written page back, compare it with what was planned (this finds
write errors) and measure it against its source (this finds what the converter lost).

The whole tree is read in about one request: the page's Markdown
(:func:`notion_import.api.tree.read_markdown`; a block the Markdown cannot say is retrieved on
its own, a page Notion truncates is listed whole; code with a link, which the Markdown writes
as plain text, is read from the listings down to it). A page with so many blocks the Markdown
cannot say that listing costs less (:func:`through_markdown`), or given ``read_back`` (a
caller that wants the blocks as Notion lists them, ids and all), is listed instead (through
column lists, columns, toggles, tables; :func:`~notion_import.api.tree.read_blocks`). It is
compared block by block: type, text, links, images and files, table cells. Mentions written
by the link pass are compared by target, not by text (Notion shows the target's title). The
measure against the source is :mod:`notion_import.witness`'s: it never reads the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from notion_import.api.client import NotionAPI
from notion_import.api.markdown import SAID
from notion_import.api.tree import OWN_PAGES, read_blocks, read_markdown
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import children_of, payload
from notion_import.witness import Measured, Witness, measure

MEDIA = ("image", "file", "pdf", "video", "audio")
#: children per listing request.
PAGE_SIZE = 100
#: a block's position in a page: its index among its siblings at each level, from the top.
Path = tuple[int, ...]


def _text(items: list[dict[str, Any]]) -> str:
    out = []
    for item in items:
        if item.get("type") == "mention":
            out.append("@")
        elif item.get("type") == "equation":
            out.append(item["equation"]["expression"])
        else:
            out.append(item.get("plain_text") or item["text"]["content"])
    return "".join(out)


def _links(items: list[dict[str, Any]]) -> list[str]:
    """The link targets of a rich text, one per run (pieces of one link that differ only in
    their annotations are one link: annotations are not compared)."""
    urls: list[str] = []
    last = None
    for item in items:
        link = (item.get("text") or {}).get("link")
        url = str(link["url"]) if isinstance(link, dict) else None
        if url is not None and url != last:
            urls.append(url)
        last = url
    return urls


def code_links(planned: list[dict[str, Any]], at: Path = ()) -> Iterator[Path]:
    """Where ``planned`` holds code with a link (positions among the planned siblings, from
    the page down): the Markdown writes code as plain text, so these are read listed."""
    for index, block in enumerate(planned):
        if block["type"] == "code" and _links(payload(block).get("rich_text", [])):
            yield (*at, index)
        yield from code_links(children_of(block), (*at, index))


def through_markdown(planned: list[dict[str, Any]]) -> bool:
    """Whether to read a page written as ``planned`` through its Markdown rather than list
    it: whether that costs no more requests — one, one more per block the dialect cannot
    say, and the listings down to each code block with a link — than a listing per 100
    children of the page and of each block that holds some."""
    unsaid = sum(len(path) for path in code_links(planned))
    listings = -(-len(planned) // PAGE_SIZE)
    stack = list(planned)
    while stack:
        block = stack.pop()
        unsaid += block["type"] not in SAID
        kids = children_of(block)
        listings += -(-len(kids) // PAGE_SIZE)
        stack += kids
    return 1 + unsaid <= max(listings, 1)


async def list_paths(
    api: NotionAPI, page_id: str, actual: list[dict[str, Any]], paths: list[Path]
) -> bool:
    """Put in ``actual`` (the page read through its Markdown) the blocks at ``paths``
    (planned positions) as listed, reading the listings down each path (each once). False
    when the page does not hold them where planned."""
    listed: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        parent, here = page_id, actual
        for depth, index in enumerate(path):
            if parent not in listed:
                found = await api.collect(api.client.blocks.children.list, block_id=parent)
                listed[parent] = [b for b in found if b["type"] not in OWN_PAGES]
            kids, mine = listed[parent], [b for b in here if b["type"] not in OWN_PAGES]
            if index >= min(len(kids), len(mine)) or kids[index]["type"] != mine[index]["type"]:
                return False
            if depth < len(path) - 1:
                parent, here = str(kids[index]["id"]), mine[index].get("children") or []
                continue
            children = mine[index].get("children")
            mine[index].clear()
            mine[index].update(kids[index], **({"children": children} if children else {}))
    return True


def compare(planned: list[dict[str, Any]], actual: list[dict[str, Any]], path: str) -> list[str]:
    """Differences between planned request blocks and blocks read back (child pages and
    databases are pages of their own, not content of this one)."""
    actual = [b for b in actual if b["type"] not in OWN_PAGES]
    problems: list[str] = []
    if len(planned) != len(actual):
        problems.append(f"{path}: {len(planned)} blocks planned, {len(actual)} found")
    for index, (want, got) in enumerate(zip(planned, actual, strict=False)):
        where = f"{path}[{index}]"
        if want["type"] != got["type"]:
            problems.append(f"{where}: {want['type']} planned, {got['type']} found")
            continue
        w, g = payload(want), got[got["type"]]
        if _text(w.get("rich_text", [])) != _text(g.get("rich_text", [])):
            problems.append(f"{where}: text differs")
        if _links(w.get("rich_text", [])) != _links(g.get("rich_text", [])):
            problems.append(f"{where}: links differ")
        if _text(w.get("caption", [])) != _text(g.get("caption", [])):
            problems.append(f"{where}: caption differs")
        if want["type"] in MEDIA and g.get("type") not in ("file", "external"):
            problems.append(f"{where}: {want['type']} has no file")
        if want["type"] == "table_row" and [_text(c) for c in w["cells"]] != [
            _text(c) for c in g["cells"]
        ]:
            problems.append(f"{where}: table cells differ")
        problems += compare(children_of(want), got.get("children", []), where)
    return problems


@dataclass
class Checked:
    """What full verification found on one page."""

    #: the differences from the plan (empty: identical).
    problems: list[str] = field(default_factory=list)
    #: the page measured against its source (None: the page has no witness).
    measured: Measured | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and not (self.measured is not None and self.measured.mismatch)

    def all_problems(self) -> list[str]:
        """The differences from the plan, then what the source shows and Notion misses."""
        against = self.measured.problems() if self.measured is not None else []
        return [*self.problems, *(f"against the source: {p}" for p in against)]


async def verify_page(
    api: NotionAPI,
    page: ImportPage,
    planned: list[dict[str, Any]],
    read_back: Callable[[str, list[dict[str, Any]]], None] | None = None,
    witness: Witness | None = None,
    page_id_of: Callable[[str], str | None] = lambda path: None,
) -> Checked:
    """Read the page back: the differences from ``planned`` (what it should hold once
    written and linked; see ``Links.final_blocks``) and, given the ``witness`` of its
    source, the measure against it (``page_id_of``: the page imported from a file of the
    export, for links). ``read_back``, when given, is told the blocks listed."""
    if page.page_id is None:
        return Checked(["page was not created"])
    if page.database:
        return Checked()  # a database holds no blocks; its rows are pages, verified as such
    actual: list[dict[str, Any]] | None = None
    if read_back is None and through_markdown(planned):
        actual = await read_markdown(api, page.page_id)
        paths = list(code_links(planned))
        if paths and not await list_paths(api, page.page_id, actual, paths):
            actual = None
    if actual is None:
        actual = await read_blocks(api, page.page_id)
        if read_back is not None:
            read_back(page.page_id, actual)
    measured = None
    if witness is not None:
        measured = measure(
            witness,
            actual,
            title=page.title,
            losses=page.losses,
            extra_text=[page.property_text],
            page_id_of=page_id_of,
        )
    return Checked(compare(planned, actual, page.key), measured)
