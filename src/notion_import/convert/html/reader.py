"""One HTML page -> a :class:`~notion_import.convert.ir.ConvertedPage`.

:func:`convert_html` decodes the page (:mod:`notion_import.convert.encoding`), parses it
(selectolax/lexbor), leaves out the site's navigation (:mod:`.chrome`), walks the rest of
its ``<body>`` with the :class:`~.walker.HtmlReader` and the rule table, and reads its title
and metadata (:mod:`.meta`); a first heading that only repeats the title is left out.
:func:`default_rules` is the table it uses unless given another: the core rules of
:mod:`.rules`, then the rule families registered after them (:data:`OPTIONAL_MODULES`).
"""

from __future__ import annotations

import importlib
from typing import Final

from selectolax.lexbor import LexborHTMLParser

from notion_import.convert.encoding import decode_html
from notion_import.convert.files import FileLookup
from notion_import.convert.html import rules as core
from notion_import.convert.html.base import Context, RuleTable
from notion_import.convert.html.chrome import find_chrome
from notion_import.convert.html.meta import (
    page_metadata,
    page_title,
    site_base,
    without_title_heading,
)
from notion_import.convert.html.walker import HtmlReader
from notion_import.convert.ir import ConvertedPage

#: rule modules of :mod:`.rules` registered after the core rules, in this order (later ones
#: win).
OPTIONAL_MODULES: Final = ("tables", "media", "math", "admonitions", "layout", "notion")


def default_rules() -> RuleTable:
    """The core element rules, then the optional rule modules (tables, media, math, layout,
    Notion's export), each registering into the same table; later ones win on conflicts."""
    table = RuleTable()
    core.register(table)
    for name in OPTIONAL_MODULES:
        module_name = f"{core.__name__}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            if error.name != module_name:
                raise
            continue
        module.register(table)
    return table


_DEFAULT: list[RuleTable] = []


def _default_table() -> RuleTable:
    if not _DEFAULT:
        _DEFAULT.append(default_rules())
    return _DEFAULT[0]


def convert_html(
    html: str | bytes,
    *,
    source: str,
    files: FileLookup | None = None,
    rules: RuleTable | None = None,
    encoding: str | None = None,
    title: str | None = None,
    keep_chrome: bool = False,
) -> ConvertedPage:
    """Convert one HTML page.

    ``source`` is the page's path relative to the export root (it locates relative links and
    files, and appears in loss entries); ``files`` answers what is at a path of the export
    (:class:`notion_import.sources.root.ExportRoot` on a folder), to check that local files
    exist and stay inside it (without it, local paths are normalized and kept unchecked).
    Bytes are decoded with :func:`~notion_import.convert.encoding.decode_html` (``encoding``
    is an encoding known from outside the file; ``title`` a title known from outside it, as
    a note's, which the page takes instead of its own). The site's navigation, sidebars,
    search forms and a documentation generator's Prev/Next bars are left out, each recorded
    as a loss of kind ``chrome`` (:mod:`.chrome`), unless ``keep_chrome``. Raises
    :class:`~notion_import.errors.ConversionError` for binary files.
    """
    text = decode_html(html, encoding)[0] if isinstance(html, bytes) else html
    table = rules or _default_table()
    parser = LexborHTMLParser(text)
    reader = HtmlReader(source=source, files=files, rules=table)
    metadata = page_metadata(parser)
    reader.refs.base_url = site_base(parser, metadata)
    reader.use_stylesheet("\n".join(node.text() for node in parser.css("style")))
    if not keep_chrome:
        chrome = find_chrome(parser)
        reader.losses.extend(chrome.losses(source))
        chrome.remove()
    body = parser.body
    top = body if body is not None else parser.root
    blocks = reader.blocks(top, Context()) if top is not None else []
    blocks.extend(reader.lifted())
    metadata.update(reader.metadata)
    title = page_title(parser, source) if title is None else title
    return ConvertedPage(
        source=source,
        title=title,
        blocks=without_title_heading(blocks, title),
        assets=reader.assets,
        losses=reader.losses,
        metadata=metadata,
        links=reader.links,
        html=text,
    )


__all__ = ["OPTIONAL_MODULES", "HtmlReader", "convert_html", "default_rules"]
