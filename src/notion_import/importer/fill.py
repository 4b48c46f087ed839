"""Filling a page's typed references into the request JSON that is sent.

The serializer leaves the places that name what does not exist in Notion yet in a form that
can be sent as it is (a file without its upload id, a link to another page written as text)
and lists them (:class:`~notion_import.convert.references.FileRef`,
:class:`~notion_import.convert.references.LinkRef`). Before a request is sent, a copy of its
blocks gets, at those places, the page's upload ids and what each link became: a link to the
block that carries its anchor or to its page, with the link's own words and marks; a page
mention only when those words are the page's title (or there are none); or (its page not
created, or not part of the import) the words alone. Nothing is put in place of the words.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from notion_import.convert.html.meta import title_key
from notion_import.convert.references import LinkRef, PageLink, among, block_at, items_of
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import Step, payload
from notion_import.notion import MAX_ITEMS, MAX_TEXT


@dataclass(frozen=True, slots=True)
class Reached:
    """Where an internal link leads in Notion: a block (``url`` links to it) or a page
    (``page_id`` set; its ``title`` decides whether the link may be a mention of it)."""

    url: str
    page_id: str | None = None
    title: str = ""


#: Where an internal link leads, or None (its page not created, or not part of the import).
Resolve = Callable[[PageLink], Reached | None]


def step_blocks(page: ImportPage, step: Step, resolve: Resolve) -> list[dict[str, Any]]:
    """The children one step of the page's plan sends, references filled."""
    return fill(page, step.children, step.at, resolve)


def page_blocks(page: ImportPage, resolve: Resolve) -> list[dict[str, Any]]:
    """The page's whole tree, references filled: what it holds once written and linked."""
    return fill(page, page.blocks, (0,), resolve)


def fill(
    page: ImportPage, blocks: list[dict[str, Any]], at: tuple[int, ...], resolve: Resolve
) -> list[dict[str, Any]]:
    """A copy of ``blocks`` (siblings, the first at index path ``at`` of the page's blocks;
    possibly cut short, as a plan step sends them) with the page's references filled: links
    resolved by ``resolve``, files by their upload ids (a file that could not be uploaded
    becomes a paragraph naming it)."""
    out = copy.deepcopy(blocks)
    if not out:  # a step that lists blocks: it sends none
        return out
    for link in among(page.links, at, len(out)):
        block = _block_in(out, at, link.block)
        if block is not None:
            items = items_of(payload(block), link)
            items[link.index[-1]] = linked(
                items[link.index[-1]], link.target, resolve, mentions=block["type"] != "code"
            )
    for ref in among(page.files, at, len(out)):
        block = _block_in(out, at, ref.block)
        if block is None:
            continue
        upload_id = page.uploads.get(ref.asset)
        if upload_id is None:  # not uploaded (missing, too large): keep a trace
            asset = page.assets[ref.asset]
            kind = block["type"]
            block.clear()
            block.update(text_block(f"[{kind}: {asset.name or asset.ref}]"))
        else:
            payload(block)["file_upload"] = {"id": upload_id}
    return out


def linked_fields(
    kind: str, body: dict[str, Any], links: list[LinkRef], resolve: Resolve
) -> dict[str, Any]:
    """The payload fields of a block of type ``kind`` that hold rich text, its ``links``
    resolved (what the link pass sends to update the block)."""
    out: dict[str, Any] = {
        name: list(body[name]) for name in ("rich_text", "caption") if name in body
    }
    if "cells" in body:
        out["cells"] = [list(cell) for cell in body["cells"]]
    for link in links:
        items = items_of(out, link)
        items[link.index[-1]] = linked(
            items[link.index[-1]], link.target, resolve, mentions=kind != "code"
        )
    return out


def linked(
    item: dict[str, Any], target: PageLink, resolve: Resolve, *, mentions: bool = True
) -> dict[str, Any]:
    """A rich-text item written as text -> the same words and marks linked to where the link
    leads (a block, or the page when its anchor's block is not known), a page mention when the
    words are the page's title or there are none (unless ``mentions`` is False: in a code
    block, whose text is words only), or the item itself when the target is not known.
    ``resolve`` is asked for the whole target first, then for its page."""
    found = resolve(target)
    if found is None and target.fragment:
        found = resolve(target.page)
    if found is None:
        return item
    if (
        not mentions
        or found.page_id is None
        or not same_words(item["text"]["content"], found.title)
    ):
        out = copy.deepcopy(item)
        out["text"]["link"] = {"url": found.url}
        return out
    mention: dict[str, Any] = {
        "type": "mention",
        "mention": {"type": "page", "page": {"id": found.page_id}},
    }
    if "annotations" in item:
        mention["annotations"] = item["annotations"]
    return mention


def same_words(words: str, title: str) -> bool:
    """Whether a link's words say nothing but its page's title (compared as titles are, see
    :func:`~notion_import.convert.html.meta.title_key`): a mention, which shows the title,
    then loses none of them."""
    if not words:
        return True
    said = title_key(words)
    return bool(said) and said == title_key(title)


def unresolved(_target: PageLink) -> Reached | None:
    """Resolves no link: every internal link written as its text."""
    return None


def text_block(text: str) -> dict[str, Any]:
    """A paragraph of ``text`` (cut in rich-text items of 2,000 characters, at most 100)."""
    return {"type": "paragraph", "paragraph": {"rich_text": title_text(text)}}


def title_text(text: str) -> list[dict[str, Any]]:
    """``text`` as rich text, as a page title takes it."""
    pieces = [text[i : i + MAX_TEXT] for i in range(0, len(text), MAX_TEXT)][:MAX_ITEMS] or [""]
    return [{"type": "text", "text": {"content": p}} for p in pieces]


def _block_in(
    blocks: list[dict[str, Any]], at: tuple[int, ...], path: tuple[int, ...]
) -> dict[str, Any] | None:
    """The block at the page's index ``path`` among ``blocks`` (whose first is at ``at``), or
    None when it is not part of them (appended by a later request)."""
    depth = len(at) - 1
    return block_at(blocks, (path[depth] - at[-1], *path[depth + 1 :]))
