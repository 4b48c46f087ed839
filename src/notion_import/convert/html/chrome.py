"""Content, not chrome: what of a page is its content, and what is the site's navigation.

A page saved from a site, or written by a documentation generator, wraps its content in the
site's *chrome*: navigation bars, sidebars, breadcrumbs, search forms, the Prev/Up/Next
tables of a manual. :func:`find_chrome` tells them apart, in this order:

1. **The content root.** A page that marks its content — one visible ``<main>``, else one
   ``[role=main]``, else a single ``<article>`` — is read from that element only: everything
   outside it is chrome, provided that what lies outside is recognisably the site's (see
   :func:`content_root`).
2. **Chrome inside what is read.** Any page: ``<nav>``, ``<search>``, ``[role=navigation]``,
   ``[role=search]``, search forms, breadcrumbs; without a content root, also
   ``[role=banner]`` and ``[role=contentinfo]``, and a page-level ``<header>`` or ``<footer>``
   (one inside no article, aside, main, nav or section) that holds navigation. Then the
   signatures of documentation generators (:data:`GENERATORS`), each recognised by its
   ``<meta name="generator">`` or by markup only it writes.

Nothing is removed from a page that shows none of these signs, nor from Notion's own export
(its ``<header>`` holds the page's title and properties), nor from a page that would be left
without a word (a site map: its links are its content). Each subtree left out is described
by a :class:`LeftOut` with its visible words, so that the reader records it as a loss of kind
``chrome`` (:meth:`Chrome.losses`) and verification against the source can excuse those words.
Pure: reads the parsed document and says what to leave out; the reader walks the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from selectolax.lexbor import LexborHTMLParser

from notion_import.convert.html.base import Node
from notion_import.convert.html.elements import HIDDEN_TAGS
from notion_import.convert.html.text import (
    collapse,
    is_hidden,
    locate,
    picture_names,
    visible_text,
)
from notion_import.convert.ir import Loss

#: what the loss entries say, after what was left out.
HINT: Final = "--keep-chrome keeps it"


@dataclass(frozen=True, slots=True)
class Generator:
    """A documentation generator's signature: how to recognise its pages, and its chrome."""

    #: the name the loss entries give.
    name: str
    #: matched against ``<meta name="generator">`` (case ignored).
    meta: re.Pattern[str] | None
    #: a selector of markup only this generator writes ("" when the meta tag must say it).
    markup: str
    #: the chrome on its pages.
    chrome: str


#: documentation generators whose chrome is known (a selector matches nothing elsewhere only
#: once the generator is recognised: ``div.footer`` is chrome on a Sphinx page only).
GENERATORS: Final = (
    Generator(
        "Sphinx",
        re.compile(r"^sphinx"),
        'div.sphinxsidebar, script[src*="documentation_options"]',
        "div.sphinxsidebar, div.related, div.footer, div.rst-footer-buttons",
    ),
    Generator(
        "DocBook",
        re.compile(r"docbook"),
        "div.navheader, div.navfooter",
        "div.navheader, div.navfooter",
    ),
    Generator("Publican", re.compile(r"^publican"), "", "ul.docnav, div#banner, p#title"),
    Generator(
        "MkDocs",
        re.compile(r"^mkdocs"),
        "div.md-sidebar, header.md-header",
        ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search",
    ),
    Generator(
        "Javadoc",
        re.compile(r"^javadoc"),
        ".topNav, .top-nav, .subNav, .sub-nav, .bottomNav, .bottom-nav",
        ".topNav, .top-nav, .subNav, .sub-nav, .bottomNav, .bottom-nav, .skipNav, .skip-nav",
    ),
    Generator(
        "Doxygen",
        re.compile(r"^doxygen"),
        "div#titlearea, div#nav-path, div#MSearchBox",
        "div#top, div#titlearea, div#side-nav, div#nav-path, div.navpath, div#MSearchBox, "
        "div#MSearchSelectWindow, div#MSearchResultsWindow, div#main-nav, hr.footer, "
        "address.footer",
    ),
    Generator(
        "pydoc",
        None,
        'table.heading:has(.title), table[summary="heading"]',
        'table.heading:has(.title), table[summary="heading"]',
    ),
    Generator(
        "SQLite",
        None,
        "div.nosearch div.mainmenu",
        "div.nosearch:has(div.mainmenu)",
    ),
    Generator(
        "mdBook",
        None,
        "div#menu-bar.menu-bar",
        "div#menu-bar, div#search-wrapper, nav#sidebar, nav.nav-wrapper, nav.nav-wide-wrapper",
    ),
    Generator(
        "Texinfo",
        re.compile(r"^(?:makeinfo|texi2any|texi2html)"),
        "div.nav-panel",
        "div.nav-panel, div.header",
    ),
)

#: chrome on any page.
ANY_PAGE: Final = (
    "nav, search, [role=navigation], [role=search], form[role=search], "
    "form:has(input[type=search]), form[action*=search i], "
    "form:has(input[name=q]), form:has(input[name=query]), "
    ".breadcrumb, .breadcrumbs, [aria-label*=breadcrumb i]"
)
#: a table of contents the author placed in the content (docutils' ``contents`` directive,
#: Pandoc's ``#TOC``, Notion's): content, though written as a ``<nav>``.
TABLES_OF_CONTENTS: Final = (
    "nav.contents, nav.toc, nav#toc, nav#TOC, nav.table_of_contents, [role=doc-toc]"
)
#: the site's banner and footer, chrome when the page marks no content root (with one they
#: are outside it anyway, unless the content holds them).
LANDMARKS: Final = "[role=banner], [role=contentinfo]"
#: what surrounds the content of a page and may lie outside its content root.
SURROUNDINGS: Final = (
    "header, footer, aside, [role=banner], [role=contentinfo], [role=complementary]"
)
#: a page-level ``<header>`` or ``<footer>`` holding navigation (a saved web page's bars).
BARS: Final = "header, footer"
#: what makes a header or footer one of the site's bars.
NAVIGATION: Final = "nav, [role=navigation], [role=search]"
#: elements that make a header or footer belong to a part of the page, not to the site.
SECTIONING: Final = frozenset({"article", "aside", "main", "nav", "section"})
#: markup of Notion's own export, which has no chrome.
NOTION_PAGE: Final = "article.page > div.page-body, article.page > header > h1.page-title"
#: legacy Javadoc's navigation bars, between ``<!-- START OF TOP NAVBAR -->`` and
#: ``<!-- END OF TOP NAVBAR -->`` comments (likewise BOTTOM).
_NAVBAR_START: Final = re.compile(r"START OF (?:TOP|BOTTOM) NAVBAR", re.I)
_NAVBAR_END: Final = re.compile(r"END OF (?:TOP|BOTTOM) NAVBAR", re.I)
#: what a subtree without words may still show: media (a logo), form controls (a search box).
_SHOWN: Final = (
    "img, svg, picture, video, audio, iframe, object, embed, canvas, "
    "input:not([type=hidden]), select, textarea, button"
)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A subtree left out of the page as chrome."""

    node: Node
    #: what it is, for the loss entry ("navigation", "outside the page's <main>"...).
    why: str
    #: its visible words, white space collapsed.
    text: str


@dataclass(slots=True)
class Chrome:
    """The chrome of a page: the subtrees to leave out (those outside the content root, in
    document order, then those inside what is read)."""

    left_out: list[LeftOut] = field(default_factory=list)

    def remove(self) -> None:
        """Take the chrome out of the tree (the reader then walks what is left)."""
        for left in self.left_out:
            left.node.decompose()

    def losses(self, source: str) -> list[Loss]:
        """One loss of kind ``chrome`` per subtree left out, with its words; the element is
        named with its first class (``div.related``), the clearest name a site gives it."""
        return [
            Loss(
                _name(left.node),
                f"{left.why}{_pictures(left.node)}, left out ({HINT})",
                f"{source}: {locate(left.node)}",
                "chrome",
                left.text,
            )
            for left in self.left_out
        ]


def _pictures(node: Node) -> str:
    """The pictures of a subtree left out (``; its images: up.png, logo.svg``), so that the
    report names them as it names the words."""
    names = picture_names(node)
    return f"; its images: {', '.join(names)}" if names else ""


def find_chrome(parser: LexborHTMLParser) -> Chrome:
    """The chrome of ``parser``'s page (see the module documentation)."""
    body = parser.body
    chrome = Chrome()
    if body is None or parser.css_first(NOTION_PAGE) is not None:
        return chrome
    generators = _generators(parser)
    families = [
        family
        for family in GENERATORS
        if (family.meta is not None and any(family.meta.search(name) for name in generators))
        or (family.markup and parser.css_first(family.markup) is not None)
    ]
    root, marker = content_root(parser, body, families)
    if root is not None:
        chrome.left_out += _outside(root, body, f"outside the page's content ({marker})")
    top = root or body
    found = _signs(top, families)
    if root is None:
        for node in body.css(LANDMARKS):
            found.setdefault(node.mem_id, (node, "the site's banner or footer"))
        for node in body.css(BARS):
            if _page_level(node) and node.css_first(NAVIGATION) is not None:
                found.setdefault(node.mem_id, (node, f"the site's <{node.tag}>"))
    inside = [entry for entry in found.values() if entry[0].mem_id != top.mem_id]
    for node, why in _outermost(inside):
        left = _left_out(node, why)
        if left is not None:
            chrome.left_out.append(left)
    left_words = sum(len(left.text.split()) for left in chrome.left_out)
    if root is None and left_words >= len(visible_text(body).split()):
        return Chrome()  # nothing but navigation: the links are the page's content
    return chrome


def content_root(
    parser: LexborHTMLParser, body: Node, families: list[Generator] | None = None
) -> tuple[Node | None, str]:
    """The element a page marks as its content, and the marker's name; (None, "") if none.

    A marker is trusted only when what lies outside it is chrome (:func:`_signs` of the
    page's ``families``, headers, footers, asides and landmarks) but for a few words: at
    most a quarter of the words inside it. A page that marks a small part of itself (an
    ``<article>`` in a sidebar, a ``<main>`` around one paragraph) is read whole.
    """
    signs = _signs(body, families or [])
    explained = {node.mem_id for node, _ in signs.values()}
    explained.update(node.mem_id for node in body.css(SURROUNDINGS))
    candidates = [
        ("<main>", [node for node in parser.css("main") if _shown(node)]),
        ("role=main", [node for node in parser.css("[role=main]") if _shown(node)]),
        ("<article>", [node for node in parser.css("article") if _shown(node)]),
    ]
    for marker, nodes in candidates:
        if len(nodes) != 1:
            continue
        words = len(visible_text(nodes[0]).split())
        if words and 4 * _unexplained(nodes[0], body, explained) <= words:
            return nodes[0], marker
    return None, ""


def _signs(top: Node, families: list[Generator]) -> dict[int, tuple[Node, str]]:
    """The elements under ``top`` that look like chrome on any page or on pages of the
    recognised ``families``, by id, with what they are."""
    found: dict[int, tuple[Node, str]] = {}
    contents = {node.mem_id for node in top.css(TABLES_OF_CONTENTS)}
    for node in top.css(ANY_PAGE):
        if node.mem_id not in contents:
            found.setdefault(node.mem_id, (node, "navigation"))
    for family in families:
        for node in top.css(family.chrome):
            found.setdefault(node.mem_id, (node, f"{family.name} navigation"))
    for node in _javadoc_bars(top):
        found.setdefault(node.mem_id, (node, "Javadoc navigation"))
    return found


def _unexplained(root: Node, body: Node, explained: set[int]) -> int:
    """How many words outside ``root`` lie in no element of ``explained``."""
    count = 0
    for left in _outside(root, body, ""):
        if left.node.tag == "-text":
            count += len(left.text.split())
        elif left.node.mem_id not in explained:
            text = visible_text(left.node, skip=lambda node: node.mem_id in explained)
            count += len(text.split())
    return count


def _name(node: Node) -> str:
    """``tag.first-class`` (``text`` for loose text)."""
    if node.tag == "-text":
        return "text"
    first = (node.attributes.get("class") or "").split()[:1]
    return f"{node.tag}.{first[0]}" if first else node.tag or "?"


def _generators(parser: LexborHTMLParser) -> list[str]:
    """What the page's ``<meta name="generator">`` elements say, lower case."""
    return [
        (node.attributes.get("content") or "").strip().lower()
        for node in parser.css("meta[name=generator i]")
    ]


def _shown(node: Node) -> bool:
    """Neither the node nor an ancestor hidden by an attribute or its style."""
    current: Node | None = node
    while current is not None and current.tag not in ("body", "html"):
        if "hidden" in current.attributes or is_hidden(current):
            return False
        current = current.parent
    return True


def _page_level(node: Node) -> bool:
    """A header or footer of the page itself: no sectioning ancestor (the ARIA rule that
    makes such a one the page's banner or content information)."""
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in SECTIONING:
            return False
        current = current.parent
    return True


def _outside(root: Node, body: Node, why: str) -> list[LeftOut]:
    """What of the body lies outside ``root``: the siblings of the root and of each of its
    ancestors below ``<body>``, in document order."""
    out: list[LeftOut] = []
    child = root
    while child.mem_id != body.mem_id and child.parent is not None:
        parent = child.parent
        before: list[LeftOut] = []
        after: list[LeftOut] = []
        side = before
        for sibling in parent.iter(include_text=True):
            if sibling.mem_id == child.mem_id:
                side = after
                continue
            left = _left_out(sibling, why)
            if left is not None:
                side.append(left)
        out = before + out + after
        child = parent
    return out


def _left_out(node: Node, why: str) -> LeftOut | None:
    """``node`` as chrome left out, or None when it shows nothing (a script, a hidden bar)."""
    tag = node.tag or ""
    if tag == "-text":
        text = collapse(node.text_content or "")
        return LeftOut(node, why, text) if text else None
    if not tag or tag[0] == "-" or tag in HIDDEN_TAGS or not _shown(node):
        return None
    text = " ".join(visible_text(node).split())
    if not text and node.css_first(_SHOWN) is None and not node.css_matches(_SHOWN):
        return None
    return LeftOut(node, why, text)


def _outermost(found: list[tuple[Node, str]]) -> list[tuple[Node, str]]:
    """The nodes of ``found`` that no other one holds."""
    ids = {node.mem_id for node, _ in found}
    kept: list[tuple[Node, str]] = []
    for node, why in found:
        current = node.parent
        while current is not None and current.mem_id not in ids:
            current = current.parent
        if current is None:
            kept.append((node, why))
    return kept


def _javadoc_bars(top: Node) -> list[Node]:
    """Legacy Javadoc's navigation bars: the siblings between a START and an END comment."""
    out: list[Node] = []
    for comment in top.traverse(include_text=False):
        if comment.tag != "-comment" or not _NAVBAR_START.search(comment.html or ""):
            continue
        sibling = comment.next
        while sibling is not None and not (
            sibling.tag == "-comment" and _NAVBAR_END.search(sibling.html or "")
        ):
            if sibling.tag and sibling.tag[0] != "-":
                out.append(sibling)
            sibling = sibling.next
    return out


__all__ = ["GENERATORS", "Chrome", "Generator", "LeftOut", "content_root", "find_chrome"]
