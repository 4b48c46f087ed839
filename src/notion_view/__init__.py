"""Pages as Notion shows them: block JSON from the public API -> HTML and CSS.

The renderer is pure: it is given what was read (a :class:`PageView`: the page object and its
blocks, each with its ``children``) and reads nothing itself. :func:`render_page` /
:func:`render_document` turn it into HTML: Notion's typography and colours, side-by-side
columns, toggles, callouts, tables, code, equations, media. Block types are rendered by the
functions of :data:`BLOCK_RENDERERS`, found by type name; a type with no renderer becomes a
labelled placeholder, never an error.

Every piece of text is escaped; links keep only safe schemes; where links and files point is
decided by the caller (:class:`ViewOptions`), so a static site can point at its own copies.

The modules, each with one job::

    model      PageView, ViewOptions, RenderContext: what the renderer is given
    markup     escaped attributes, anchors, css classes, Notion's colour names
    links      where links point (Notion page addresses, safe schemes)
    files      where the files a page shows come from, and where they are shown from
    rich_text  inline text: annotations, links, mentions, equations
    media      images, players, file and link cards, icons, captions
    blocks     one renderer per block type (BLOCK_RENDERERS)
    properties a property value as text
    database   a database: its rows as a table
    page       a whole page (or database): article, document, error page
    style      the stylesheet
"""

from notion_view.blocks import (
    BLOCK_RENDERERS,
    BlockRenderer,
    language_label,
    render_block,
    render_blocks,
)
from notion_view.database import render_database
from notion_view.files import MEDIA_BLOCKS, media_sources
from notion_view.links import notion_url, safe_href
from notion_view.markup import COLORS
from notion_view.model import (
    FileSrc,
    PageHref,
    PageView,
    RenderContext,
    ViewOptions,
    iter_blocks,
    page_title,
)
from notion_view.page import error_document, render_document, render_page
from notion_view.rich_text import render_rich_text
from notion_view.style import STYLE

__all__ = [
    "BLOCK_RENDERERS",
    "COLORS",
    "MEDIA_BLOCKS",
    "STYLE",
    "BlockRenderer",
    "FileSrc",
    "PageHref",
    "PageView",
    "RenderContext",
    "ViewOptions",
    "error_document",
    "iter_blocks",
    "language_label",
    "media_sources",
    "notion_url",
    "page_title",
    "render_block",
    "render_blocks",
    "render_database",
    "render_document",
    "render_page",
    "render_rich_text",
    "safe_href",
]
