"""Code blocks: ``<pre>`` and its kin, Evernote's code blocks, and the language of each;
line numbers beside or inside them (:mod:`.gutters`) are left out; links inside them stay
links over their words, and the anchors inside them are the code block's."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Final, NamedTuple
from urllib.parse import unquote

from notion_import.convert.html.anchors import names, navigation
from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.html.elements import BLOCK_TAGS, HIDDEN_TAGS
from notion_import.convert.html.refs import clean_href
from notion_import.convert.html.rules.common import significant_child, tree_reader
from notion_import.convert.html.rules.gutters import (
    gutter_table,
    gutters_inside,
    is_gutter_beside_code,
)
from notion_import.convert.html.text import CONTROLS, is_hidden
from notion_import.convert.ir import Block, Code, CodeLink, Link
from notion_import.convert.languages import notion_language
from notion_import.notion import PLAIN_TEXT

_LANGUAGE_CLASS: Final = re.compile(
    r"(?:language|lang|highlight-source|highlight|syntax|src|sourcecode)-([\w#+.-]+)", re.I
)
_BRUSH: Final = re.compile(r"brush\s*:\s*([\w#+.-]+)", re.I)
#: classes that say "the other class names are a language".
_CODE_MARKERS: Final = frozenset(
    {"sourcecode", "hljs", "highlight", "prettyprint", "codehilite", "code", "syntax"}
)
#: names highlighters use that mean "no particular language".
_NO_LANGUAGE: Final = frozenset({"default", "notranslate", "source", "nohighlight", "plain"})


def code_language(node: Node) -> tuple[str, str | None]:
    """The Notion language of a code block, and the source's name if Notion lacks it."""
    places: list[Node] = [node]
    inner = significant_child(node)
    if inner is not None and inner.tag == "code":
        places.insert(0, inner)
    parent = node.parent
    for _ in range(2):
        if parent is None or parent.tag in ("body", "html"):
            break
        places.append(parent)
        parent = parent.parent
    for place in places:
        attrs = place.attributes
        for attribute in ("data-lang", "data-language"):
            value = attrs.get(attribute)
            if value:
                return _named(value)
        names = attrs.get("class") or ""
        if not names:
            continue
        brush = _BRUSH.search(names)
        if brush:
            return _named(brush.group(1))
        for name in names.split():
            match = _LANGUAGE_CLASS.fullmatch(name)
            if match:
                return _named(match.group(1))
        words = names.split()
        if any(word.lower() in _CODE_MARKERS for word in words):
            for word in words:
                found = notion_language(word)
                if found is not None and word.lower() not in _CODE_MARKERS:
                    return found, None
    return PLAIN_TEXT, None


def _named(name: str) -> tuple[str, str | None]:
    found = notion_language(name)
    if found is not None:
        return found, None
    if name.lower() in _NO_LANGUAGE:
        return PLAIN_TEXT, None
    return PLAIN_TEXT, name


def _language(reader: Reader, node: Node) -> str:
    """The Notion language of a code block; a language Notion lacks is a loss."""
    language, unknown = code_language(node)
    if unknown is not None:
        reader.loss(
            node.tag or "pre",
            f"code language {unknown[:40]!r} is not in Notion's list: shown as plain text",
            "approximated",
        )
    return language


#: elements inside a code block that are not text: converted on their own, after the code.
EMBEDDED_IN_CODE: Final = frozenset(
    {"img", "picture", "svg", "video", "audio", "iframe", "object", "embed", "canvas", "math"}
)


def _embedded(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """Images and other media inside a code block (rendered diagrams, say), as blocks."""
    found: list[Node] = []
    stack = [node.iter()]
    while stack:
        for child in stack[-1]:
            tag = child.tag or ""
            if tag in HIDDEN_TAGS or "hidden" in child.attributes or is_hidden(child):
                continue
            if tag in EMBEDDED_IN_CODE:
                found.append(child)
                continue
            stack.append(child.iter())
            break
        else:
            stack.pop()
    return tree_reader(reader).blocks_of(found, ctx) if found else []


class CodeContent(NamedTuple):
    """What a code block holds: its text, the parts of it that link, the anchors inside it."""

    text: str
    links: list[CodeLink]
    anchors: tuple[str, ...]

    def block(self, language: str) -> Code:
        return Code(self.text, language, links=self.links, anchors=self.anchors)


def code_content(reader: Reader, node: Node) -> CodeContent:
    """The content of a code block: its text as :func:`visible_text` reads it (white space
    kept, line numbers left out), each ``<a href>`` inside it as a link over its words
    (through :meth:`Reader.link`; a permalink to where it stands keeps its words only), and
    the ``id`` and ``<a name>`` anchors inside it (an RFC's section anchors are in its
    ``<pre>``)."""
    gutters = gutters_inside(node)
    parts: list[tuple[str, Link | None]] = []
    anchors: list[str] = []
    stack: list[tuple[Iterator[Node], bool, Link | None]] = [
        (node.iter(include_text=True), False, None)
    ]

    def line_end() -> None:
        if parts and not parts[-1][0].endswith("\n"):
            parts.append(("\n", None))

    while stack:
        iterator, block, link = stack[-1]
        for child in iterator:
            tag = child.tag
            if tag == "-text":
                parts.append(((child.text_content or "").translate(CONTROLS), link))
                continue
            if not tag or tag[0] == "-" or tag in HIDDEN_TAGS:
                continue
            if tag == "br":
                parts.append(("\n", None))
                continue
            attrs = child.attributes
            if "hidden" in attrs or is_hidden(child, attrs):
                continue
            if child.mem_id in gutters:
                numbers_left_out(reader, child.text(deep=True))
                continue
            if "id" in attrs or "name" in attrs:
                anchors += names(tag, attrs)
            inner = link
            if tag == "a" and attrs.get("href") and not navigation(child, attrs):
                inner = _link(reader, attrs.get("href") or "")
            if tag in BLOCK_TAGS:
                line_end()
            stack.append((child.iter(include_text=True), tag in BLOCK_TAGS, inner))
            break
        else:
            stack.pop()
            if block:
                line_end()
    return _trimmed(parts, tuple(dict.fromkeys(anchors)))


def _link(reader: Reader, href: str) -> Link | None:
    """What a link inside a code block becomes: as in text (:meth:`Reader.link`), except a
    link to a local file that is not a page, which text elsewhere carries as a file block
    after it: not here, its words are kept with a loss."""
    link = reader.link(href)
    if link is None or not link.internal:
        return link
    path = unquote(clean_href(href).partition("#")[0].partition("?")[0])
    suffix = posixpath.splitext(path)[1].lower()
    if not suffix or path.endswith("/") or suffix in tree_reader(reader).rules.documents:
        return link
    reader.loss("a", f"link to the file {href[:200]!r} inside a code block: only its text is kept")
    return None


def _trimmed(parts: list[tuple[str, Link | None]], anchors: tuple[str, ...]) -> CodeContent:
    """The parts as one text without leading blank lines and trailing white space, their
    links moved with it."""
    whole = "".join(text for text, _ in parts)
    lead = len(whole) - len(whole.lstrip("\n"))
    end = max(len(whole.rstrip()), lead)
    links: list[CodeLink] = []
    at = 0
    for text, link in parts:
        start, stop = max(at, lead), min(at + len(text), end)
        at += len(text)
        if link is None or start >= stop:
            continue
        if links and links[-1].link == link and links[-1].end == start - lead:
            links[-1] = CodeLink(links[-1].start, stop - lead, link)
        else:
            links.append(CodeLink(start - lead, stop - lead, link))
    return CodeContent(whole[lead:end], links, anchors)


def joined_content(contents: list[CodeContent]) -> CodeContent:
    """Code contents one per line (a table of code with a row per line)."""
    text: list[str] = []
    links: list[CodeLink] = []
    anchors: list[str] = []
    at = 0
    for content in contents:
        text.append(content.text)
        links += [CodeLink(p.start + at, p.end + at, p.link) for p in content.links]
        anchors += content.anchors
        at += len(content.text) + 1
    return CodeContent("\n".join(text), links, tuple(dict.fromkeys(anchors)))


def code(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """pre (and xmp, listing, plaintext) -> code, white space kept, line numbers left out;
    images inside it follow it as blocks of their own."""
    content = code_content(reader, node)
    embedded = _embedded(reader, node, ctx)
    if not content.text.strip():
        return embedded
    return [content.block(_language(reader, node)), *embedded]


def is_evernote_code(node: Node) -> bool:
    """Evernote's code block: a div styled ``-en-codeblock: true``."""
    return node.tag == "div" and "-en-codeblock" in (node.attributes.get("style") or "")


def evernote_code(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """Evernote code block -> code (its lines are child divs)."""
    content = code_content(reader, node)
    embedded = _embedded(reader, node, ctx)
    if not content.text.strip():
        return embedded
    return [content.block(PLAIN_TEXT), *embedded]


def is_gutter_table(node: Node) -> bool:
    """A table of line numbers and code (see :func:`.gutters.gutter_table`)."""
    return node.tag == "table" and gutter_table(node) is not None


def code_table(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """A table of line numbers and code -> the code alone; its language may be on the
    table or around it (Sphinx's ``highlight-python`` wraps Pygments' ``highlighttable``)."""
    found = gutter_table(node)
    if found is None:
        return None
    numbers_left_out(reader, found.numbers)
    if found.per_line:
        content = joined_content([code_content(reader, cell) for cell in found.code_cells])
        if not content.text.strip():
            return []
        return [content.block(_language(reader, node))]
    blocks = reader.blocks(found.code_cells[0], ctx)
    unnamed = [b for b in blocks if isinstance(b, Code) and b.language == PLAIN_TEXT]
    if unnamed:
        language = _language(reader, node)
        for block in unnamed:
            block.language = language
    return blocks


def gutter(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """A column of line numbers right before the code: nothing (a loss names them)."""
    numbers_left_out(reader, reader.text(node))
    return []


def numbers_left_out(reader: Reader, numbers: str) -> None:
    """Record the line numbers of a code block as left out on purpose (``chrome``: they are
    the page's drawing of its code, not its content), with their words."""
    text = " ".join(numbers.split())
    if text:
        reader.loss("line numbers", "a code block's line numbers, left out", "chrome", text=text)


def register(table: RuleTable) -> None:
    """Put the rules of this module into ``table``."""
    for tag in ("pre", "xmp", "listing", "plaintext"):
        table.by_tag[tag] = code
    table.by_predicate.append((is_evernote_code, evernote_code))
    table.by_predicate.append((is_gutter_table, code_table))
    table.by_predicate.append((is_gutter_beside_code, gutter))
