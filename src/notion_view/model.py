"""What the renderer is given: a page read back (:class:`PageView`), what the caller decides
(:class:`ViewOptions`), and what travels down the block tree while rendering
(:class:`RenderContext`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class PageView:
    """A page as the API returns it: the page object, and its blocks, each with its
    ``children`` read in (child pages and databases excepted: they are pages of their own)."""

    page: dict[str, Any]
    blocks: list[dict[str, Any]]
    #: for a database (``page`` is the database object): its data source's properties (the
    #: schema, in order) and its rows (page objects, as a query returns them); else None.
    schema: dict[str, Any] | None = None
    rows: list[dict[str, Any]] | None = None

    @property
    def id(self) -> str:
        return str(self.page.get("id", ""))

    @property
    def title(self) -> str:
        return page_title(self.page)


def page_title(page: Mapping[str, Any]) -> str:
    """The plain title of a page object (its ``title`` property), or of a database object
    (its ``title``)."""
    if page.get("object") == "database":
        return plain(page.get("title"))
    for prop in (page.get("properties") or {}).values():
        if isinstance(prop, dict) and prop.get("type") == "title":
            return plain(prop.get("title"))
    return ""


def plain(items: Any) -> str:
    """The plain text of a list of rich text items."""
    if not isinstance(items, list):
        return ""
    return "".join(str(i.get("plain_text", "")) for i in items if isinstance(i, dict))


def iter_blocks(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every block of a tree, depth first, in document order."""
    for block in blocks:
        yield block
        children = block.get("children")
        if isinstance(children, list):
            yield from iter_blocks(children)


# -- what the caller decides ----------------------------------------------------------------

#: page id (dashed) -> where a link to it goes in this rendering, or None (not part of it).
PageHref = Callable[[str], str | None]

#: media URL and whether Notion hosts it ("file") or it is "external" -> img/a src, or None.
FileSrc = Callable[[str, str], str | None]


def _no_page(page_id: str) -> str | None:
    return None


def _same_file(url: str, kind: str) -> str | None:
    return url


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """Where links and files point; the rest of the rendering is fixed."""

    #: local address of a page that is part of this rendering (others go to notion.so).
    page_href: PageHref = _no_page
    #: the address to load a file from; None shows a placeholder naming the file instead.
    file_src: FileSrc = _same_file
    #: titles of pages known to the caller (for ``link_to_page`` blocks, which carry none).
    page_titles: Mapping[str, str] = field(default_factory=dict)
    #: the path to this page, as (title, href or None), shown by ``breadcrumb`` blocks.
    breadcrumb: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What travels down the block tree while rendering."""

    options: ViewOptions
    page_id: str = ""
    list_depth: int = 0
    headings: tuple[dict[str, Any], ...] = ()
