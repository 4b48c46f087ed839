"""The core element rules: HTML elements -> typed blocks.

Each rule has the :data:`~notion_import.convert.html.base.BlockRule` signature and is
registered by tag (or by predicate) in :func:`register`. The mapping, and the decisions taken
where Notion has no exact equivalent:

==========================  =====================================  =================================
element                     Notion result                          fallback / decision
==========================  =====================================  =================================
h1, h2, h3                  heading_1, heading_2, heading_3        an empty heading is dropped
h4, h5, h6                  heading_3                              one loss entry per page and tag:
                                                                   Notion has three levels, keeping
                                                                   them headings keeps the outline
p, div, section, ... (any   paragraph per run of inline content    transparent: no loss
container without a rule)
br                          ``"\\n"`` inside the paragraph's text
hr                          divider
blockquote                  quote; first paragraph is its text,    an empty quote is dropped
                            other blocks are its children
pre, xmp, listing,          code, language from class names        unknown language names: plain
plaintext                   (language-x, lang-x, highlight-x,      text and a loss entry
                            highlight-source-x, brush: x, a bare
                            name next to sourceCode/hljs/...) on
                            the pre, its code, or two ancestors;   formatting inside is dropped (it
                            images inside follow as image blocks   is highlighting); a link inside
                                                                   keeps its text, with a loss entry
Evernote code blocks        code (plain text), as pre
(div style -en-codeblock)
ul, ol, menu, dir           bulleted / numbered list items, any    ``<ol start>`` other than 1 and
                            depth (nested lists are children;      ``reversed`` record a loss;
                            text after a nested list is a child    stray content between items is a
                            paragraph)                             child of the item before it
li with a leading checkbox  to_do (checked from the checkbox,      Google Docs level classes
(input, OneNote data-tag,   ``checked``/``done`` classes,          (lst-kix_*-N) are nested by the
task-list-item)             ``to-do:completed``)                   walker
p/div with a leading        to_do                                  (Evernote, OneNote)
checkbox or data-tag to-do
dl / dt / dd                dt: a bold paragraph; dd: its blocks   dd without a dt: plain blocks
                            become children of the dt paragraph
                            (shown indented under the term)
details / summary           toggle (summary is its text)           no summary: "Details"
img                         image (alt kept; inside a link, the    unresolvable: loss, alt text kept
                            link becomes the caption)              in the paragraph; 1x1 pixels
                                                                   dropped silently
picture, img srcset         image from the largest candidate       local/data candidates before
                            that resolves                          remote ones
figure + figcaption         the caption of the single image,       several or no media: the caption
                            media or code block                    is a paragraph in place
input                       checkbox/radio: consumed by a to-do,   other fields: their value as text
                            else ☐/☑/○/◉ in the text               and a loss entry
textarea                    paragraph with its text (line breaks
                            kept)
sub, sup                    text kept, unformatted                 one loss entry per page and tag
small, big, abbr, span...   text kept (no Notion equivalent;       no loss: presentational
                            meaning survives)
==========================  =====================================  =================================

Inline formatting (b, strong, i, em, u, ins, s, strike, del, mark, code, kbd, samp, tt, var,
cite, dfn, q) and colours are the walker's (:mod:`.reader`), not rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Final, Protocol, cast

from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.html.reader import HIDDEN_TAGS, collapse, is_hidden, visible_text
from notion_import.convert.ir import (
    Asset,
    Block,
    Code,
    Divider,
    Heading,
    Image,
    ListItem,
    Media,
    Paragraph,
    Quote,
    Span,
    Toggle,
)
from notion_import.convert.languages import PLAIN_TEXT, notion_language


class TreeReader(Reader, Protocol):
    """What the core rules use of the HTML walker beyond :class:`Reader`."""

    def blocks_of(self, nodes: Iterable[Node], ctx: Context) -> list[Block]:
        """Blocks of a run of sibling nodes."""
        ...

    def loss_once(self, element: str, reason: str) -> None:
        """Record a loss once per page."""
        ...

    def resolve_asset(self, ref: str) -> tuple[Asset | None, str]:
        """Resolve a source quietly: (asset, "") or (None, why not)."""
        ...

    def keep_asset(self, asset: Asset) -> None:
        """Add an asset to the page's list."""
        ...


def _tree(reader: Reader) -> TreeReader:
    return cast(TreeReader, reader)


def lead(blocks: list[Block]) -> tuple[list[Span], list[Block]]:
    """A container's own text (its first paragraph) and its children (the rest)."""
    first = blocks[0] if blocks else None
    if type(first) is Paragraph:
        return first.spans, [*first.children, *blocks[1:]]
    return [], blocks


def _lstrip(spans: list[Span]) -> list[Span]:
    """Spans without leading white space of any kind (the gap after a to-do's checkbox)."""
    spans = list(spans)
    while spans and spans[0].kind == "text":
        first = spans[0]
        text = first.text.lstrip()
        if text:
            spans[0] = Span(text, first.marks, first.link)
            break
        spans.pop(0)
    return spans


def _significant_child(node: Node) -> Node | None:
    """The first child that shows something, if it is an element (else None)."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            if (child.text_content or "").strip():
                return None
            continue
        if tag and tag[0] != "-":
            return child
    return None


# -- headings, rules, quotes ---------------------------------------------------------------------

HEADING_LEVELS: Final = {"h1": 1, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}


def heading(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """h1-h3 -> heading_1-3; h4-h6 -> heading_3 (one loss entry per page and tag)."""
    tag = node.tag or "h1"
    spans = reader.spans(node, ctx)
    if not spans:
        return []
    if tag in ("h4", "h5", "h6"):
        _tree(reader).loss_once(
            tag, "Notion has three heading levels: h4-h6 are shown as heading 3"
        )
    return [Heading(HEADING_LEVELS.get(tag, 3), spans, anchors=heading_anchors(node))]


def heading_anchors(node: Node) -> tuple[str, ...]:
    """Ids a link can use to reach a heading: its own, those of anchors inside it, and those
    of the sections it opens (each ancestor whose first element it is, a few levels up)."""
    found: list[str] = []
    own = node.attributes.get("id")
    if own:
        found.append(own)
    for inner in node.css("[id], a[name]"):
        for name in ("id", "name"):
            value = inner.attributes.get(name)
            if value and value not in found:
                found.append(value)
    child, parent = node, node.parent
    for _ in range(4):
        if parent is None or parent.tag in ("body", "html"):
            break
        first = next((c for c in parent.iter() if c.tag and c.tag[0] != "-"), None)
        if first is None or first.mem_id != child.mem_id:
            break
        value = parent.attributes.get("id")
        if value and value not in found:
            found.append(value)
        child, parent = parent, parent.parent
    return tuple(found)


def divider(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """hr -> divider."""
    return [Divider()]


def quote(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """blockquote -> quote; its first paragraph is the quote's text, the rest its children."""
    spans, children = lead(reader.blocks(node, ctx))
    if not spans and not children:
        return []
    return [Quote(spans, children=children)]


# -- code ---------------------------------------------------------------------------------------

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
    inner = _significant_child(node)
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


def _links_in_code(reader: Reader, node: Node) -> None:
    """Code blocks hold plain text: a link inside one keeps its text and loses its target."""
    for anchor in node.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if href and not href.startswith("#"):
            reader.loss("a", f"link to {href[:200]!r} inside a code block: only its text is kept")


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
    return _tree(reader).blocks_of(found, ctx) if found else []


def code(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """pre (and xmp, listing, plaintext) -> code, white space kept; images inside it follow
    it as blocks of their own."""
    text = visible_text(node, preformatted=True)
    embedded = _embedded(reader, node, ctx)
    if not text.strip():
        return embedded
    _links_in_code(reader, node)
    language, unknown = code_language(node)
    if unknown is not None:
        reader.loss(
            node.tag or "pre",
            f"code language {unknown[:40]!r} is not in Notion's list: shown as plain text",
        )
    return [Code(text, language), *embedded]


def is_evernote_code(node: Node) -> bool:
    """Evernote's code block: a div styled ``-en-codeblock: true``."""
    return node.tag == "div" and "-en-codeblock" in (node.attributes.get("style") or "")


def evernote_code(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """Evernote code block -> code (its lines are child divs)."""
    text = visible_text(node, preformatted=True)
    embedded = _embedded(reader, node, ctx)
    if not text.strip():
        return embedded
    _links_in_code(reader, node)
    return [Code(text, PLAIN_TEXT), *embedded]


def textarea(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """textarea -> a paragraph of its text, line breaks kept."""
    text = visible_text(node, preformatted=True)
    return [Paragraph([Span(text, ctx.marks)])] if text.strip() else []


# -- lists ---------------------------------------------------------------------------------------

#: classes that make a list item a to-do.
TODO_CLASSES: Final = frozenset(
    {"task-list-item", "todo", "to-do", "todo-item", "task-item", "checklist-item"}
)
#: classes that mark a to-do as done.
CHECKED_CLASSES: Final = frozenset(
    {"checked", "done", "completed", "is-checked", "task-list-item-checked", "checkbox-on"}
)


def _marker_state(node: Node) -> bool | None:
    """If ``node`` itself marks a to-do: whether it is checked; else None."""
    attrs = node.attributes
    if node.tag == "input":
        if (attrs.get("type") or "").lower() != "checkbox":
            return None
        return "checked" in attrs and (attrs.get("checked") or "").lower() != "false"
    tag = attrs.get("data-tag")
    if tag and tag.startswith("to-do"):
        return "completed" in tag
    raw = attrs.get("class")
    if not raw or not ("to" in raw or "task" in raw or "check" in raw):
        return None
    names = set(raw.split())
    if names & TODO_CLASSES or ("checkbox" in names and names & {"checkbox-on", "checkbox-off"}):
        checked = attrs.get("data-checked") or attrs.get("aria-checked") or ""
        return bool(names & CHECKED_CLASSES) or checked.lower() in ("true", "x")
    return None


def leading_marker(node: Node) -> Node | None:
    """The checkbox (or to-do tag) that starts ``node``'s content, looking 3 levels down."""
    current = node
    for _ in range(3):
        child = _significant_child(current)
        if child is None:
            return None
        if _marker_state(child) is not None:
            return child
        if child.tag not in ("p", "span", "label", "div", "font", "b", "strong"):
            return None
        current = child
    return None


def todo_state(node: Node) -> bool | None:
    """None if ``node`` is not a to-do, else whether it is checked (by its own classes or
    tag, or by the checkbox its content starts with)."""
    own = _marker_state(node)
    marker = leading_marker(node)
    if marker is None:
        return own
    if own or _marker_state(marker):
        return True
    return bool(set((node.attributes.get("class") or "").split()) & CHECKED_CLASSES)


def list_block(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """ul/ol/menu/dir -> list items; other content goes under the item before it."""
    tree = _tree(reader)
    inner = replace(ctx, list_depth=ctx.list_depth + 1)
    out: list[Block] = []
    last: list[ListItem] = []
    pending: list[Node] = []

    def settle() -> None:
        if pending:
            blocks = tree.blocks_of(pending, inner)
            (last[-1].children if last else out).extend(blocks)
            pending.clear()

    for child in node.iter(include_text=True):
        if child.tag == "li":
            settle()
            produced = tree.blocks_of([child], inner)
            out.extend(produced)
            last.extend(b for b in produced if isinstance(b, ListItem))
        else:
            pending.append(child)
    settle()
    attrs = node.attributes
    start = (attrs.get("start") or "1").strip()
    if node.tag == "ol" and start not in ("1", "") and "lst-kix_" not in (attrs.get("class") or ""):
        reader.loss("ol", f"numbering starts at {start[:20]} in the source; Notion counts from 1")
    if node.tag == "ol" and "reversed" in attrs:
        reader.loss("ol", "reversed numbering is not kept")
    return out


def list_item(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """li -> a bulleted, numbered or to-do item; its first paragraph is the item's text."""
    parent = node.parent
    state = todo_state(node)
    spans, children = lead(reader.blocks(node, ctx))
    if state is not None:
        return [ListItem("to_do", _lstrip(spans), checked=state, children=children)]
    numbered = parent is not None and parent.tag == "ol"
    return [ListItem("numbered" if numbered else "bulleted", spans, children=children)]


def is_todo_block(node: Node) -> bool:
    """A p or div that starts with a checkbox or carries OneNote's to-do tag (not in an li,
    which claims the checkbox itself)."""
    if node.tag not in ("p", "div"):
        return False
    parent = node.parent
    if parent is not None and parent.tag == "li":
        return False
    return todo_state(node) is not None


def todo_block(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """p/div with a leading checkbox -> a to-do."""
    state = todo_state(node)
    spans, children = lead(reader.blocks(node, ctx))
    return [ListItem("to_do", _lstrip(spans), checked=bool(state), children=children)]


def _consumed(node: Node) -> bool:
    """Is this checkbox the marker of an enclosing to-do (li, p or div)?"""
    ancestor = node.parent
    for _ in range(4):
        if ancestor is None:
            return False
        if ancestor.tag in ("li", "p", "div"):
            marker = leading_marker(ancestor)
            if marker is not None and marker.mem_id == node.mem_id:
                return True
        ancestor = ancestor.parent
    return False


_GLYPHS: Final = {
    ("checkbox", True): "☑ ",
    ("checkbox", False): "☐ ",
    ("radio", True): "◉ ",
    ("radio", False): "○ ",
}


def form_input(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """input: a to-do's checkbox vanishes into the to-do; other checkboxes and radio buttons
    become a glyph in the text; buttons keep their label; other fields keep their value."""
    attrs = node.attributes
    kind = (attrs.get("type") or "text").strip().lower()
    if kind in ("checkbox", "radio"):
        if kind == "checkbox" and _consumed(node):
            return []
        glyph = _GLYPHS[(kind, "checked" in attrs)]
        return [Paragraph([Span(glyph, ctx.marks, ctx.link)])]
    if kind == "hidden":
        return []
    value = collapse(attrs.get("value") or "")
    if kind not in ("submit", "button", "reset"):
        reader.loss("input", f"form field ({kind[:20]}) not carried; its value is kept as text")
    return [Paragraph([Span(value, ctx.marks, ctx.link)])] if value else []


# -- definition lists, details -------------------------------------------------------------------


def definition_term(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """dt -> a bold paragraph."""
    spans = reader.spans(node, ctx.with_marks(bold=True))
    return [Paragraph(spans)] if spans else []


def definition_list(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """dl -> each dt a bold paragraph; the blocks of the dd after it become its children."""
    tree = _tree(reader)
    out: list[Block] = []
    term: list[Paragraph] = []
    pending: list[Node] = []

    def settle() -> None:
        if pending:
            out.extend(tree.blocks_of(pending, ctx))
            pending.clear()

    children: list[Node] = []
    for child in node.iter(include_text=True):
        if child.tag == "div":  # HTML allows <div> groups of dt/dd
            children.extend(child.iter(include_text=True))
        else:
            children.append(child)
    for child in children:
        if child.tag == "dt":
            settle()
            produced = tree.blocks_of([child], ctx)
            out.extend(produced)
            term[:] = [b for b in produced if isinstance(b, Paragraph)][-1:]
        elif child.tag == "dd":
            settle()
            blocks = tree.blocks_of([child], ctx)
            (term[0].children if term else out).extend(blocks)
        else:
            pending.append(child)
    settle()
    return out


def details(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """details/summary -> toggle; the summary is its text, the rest its children."""
    summary: Node | None = None
    rest: list[Node] = []
    for child in node.iter(include_text=True):
        if summary is None and child.tag == "summary":
            summary = child
        else:
            rest.append(child)
    spans = reader.spans(summary, ctx) if summary is not None else [Span("Details", ctx.marks)]
    return [Toggle(spans, children=_tree(reader).blocks_of(rest, ctx))]


# -- images and figures --------------------------------------------------------------------------

#: attributes lazy-loading scripts keep the real image in.
LAZY_SOURCES: Final = ("data-src", "data-original", "data-lazy-src", "data-actualsrc", "data-url")


def parse_srcset(value: str) -> list[tuple[str, tuple[int, float]]]:
    """``srcset`` -> [(url, size key)]; the key sorts w descriptors above x descriptors."""
    out: list[tuple[str, tuple[int, float]]] = []
    pos, end = 0, len(value)
    while pos < end:
        while pos < end and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < end and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            begin = pos
            while pos < end and value[pos] != ",":
                pos += 1
            descriptor = value[begin:pos].strip()
        if url:
            out.append((url, _size(descriptor)))
    return out


def _size(descriptor: str) -> tuple[int, float]:
    try:
        if descriptor.endswith("w"):
            return 1, float(descriptor[:-1])
        if descriptor.endswith("x"):
            return 0, float(descriptor[:-1])
    except ValueError:
        pass
    return 0, 1.0


def image_candidates(img: Node, sources: Iterable[Node] = ()) -> list[str]:
    """Every source an image offers, largest first: srcset candidates (of ``<picture>``
    sources, then the img), lazy-loading attributes, then ``src``."""
    sized: list[tuple[str, tuple[int, float]]] = []
    attrs = img.attributes
    for source in sources:
        sized.extend(parse_srcset(source.attributes.get("srcset") or ""))
    for attribute in ("srcset", "data-srcset"):
        sized.extend(parse_srcset(attrs.get(attribute) or ""))
    sized.sort(key=lambda item: item[1], reverse=True)
    refs = [url for url, _ in sized]
    refs += [v for v in (attrs.get(name) for name in LAZY_SOURCES) if v and v.strip()]
    src = attrs.get("src")
    if src and src.strip():
        refs.append(src)
    return list(dict.fromkeys(refs))


def _pixel(attrs: dict[str, str | None]) -> bool:
    width, height = (attrs.get(k) or "" for k in ("width", "height"))
    return width.strip() in ("0", "1", "1px") and height.strip() in ("0", "1", "1px")


def image(reader: Reader, node: Node, ctx: Context, sources: Iterable[Node] = ()) -> list[Block]:
    """img -> image from the largest candidate that resolves (local or embedded files before
    remote URLs); the alt text stays in the paragraph when none does."""
    tree = _tree(reader)
    attrs = node.attributes
    if _pixel(attrs):
        return []  # a tracking pixel: nothing visible
    candidates = image_candidates(node, sources)
    resolved = [found for found in (tree.resolve_asset(r)[0] for r in candidates) if found]
    alt = collapse(attrs.get("alt") or "")
    if not resolved:
        if candidates:
            reader.asset(attrs.get("src") or candidates[0], element="img")
        else:
            reader.loss("img", "image without a source")
        return [Paragraph([Span(alt, ctx.marks, ctx.link)])] if alt else []
    chosen = next((a for a in resolved if a.kind != "remote"), resolved[0])
    tree.keep_asset(chosen)
    link = ctx.link
    caption = []
    if link is not None and link.url != chosen.ref:  # the link is not just the image itself
        caption = [Span(link.url, link=link)]
    return [Image(chosen, caption=caption, alt=alt)]


def picture(reader: Reader, node: Node, ctx: Context) -> list[Block] | None:
    """picture -> image from its sources and img."""
    sources: list[Node] = []
    img: Node | None = None
    for child in node.iter():
        if child.tag == "source":
            sources.append(child)
        elif child.tag == "img" and img is None:
            img = child
    if img is None:
        return None
    return image(reader, img, ctx, sources)


def figure(reader: Reader, node: Node, ctx: Context) -> list[Block]:
    """figure -> its blocks; the figcaption becomes the caption of its single image, media or
    code block, or else a paragraph where it stands."""
    caption_node: Node | None = None
    before = True
    rest: list[Node] = []
    for child in node.iter(include_text=True):
        if caption_node is None and child.tag == "figcaption":
            caption_node = child
            continue
        if caption_node is None and child.tag and child.tag[0] != "-":
            before = False  # content comes before the caption
        rest.append(child)
    blocks = _tree(reader).blocks_of(rest, ctx)
    if caption_node is None:
        return blocks
    caption = reader.spans(caption_node, ctx)
    if not caption:
        return blocks
    targets = [b for b in blocks if isinstance(b, Image | Media | Code)]
    if len(targets) == 1:
        target = targets[0]
        target.caption = [*caption, Span(" "), *target.caption] if target.caption else caption
        return blocks
    paragraph = Paragraph(caption)
    return [paragraph, *blocks] if before else [*blocks, paragraph]


def sub_sup(reader: Reader, node: Node, ctx: Context) -> None:
    """sub, sup: text kept unformatted (Notion has no such formatting); one loss per page."""
    tag = node.tag or "sup"
    kind = "superscript" if tag == "sup" else "subscript"
    _tree(reader).loss_once(tag, f"{kind} shown as normal text (x<{tag}>2</{tag}> reads x2)")
    return None


def register(table: RuleTable) -> None:
    """Put the core rules into ``table``."""
    for tag in HEADING_LEVELS:
        table.by_tag[tag] = heading
    table.by_tag.update(
        {
            "hr": divider,
            "blockquote": quote,
            "pre": code,
            "xmp": code,
            "listing": code,
            "plaintext": code,
            "textarea": textarea,
            "ul": list_block,
            "ol": list_block,
            "menu": list_block,
            "dir": list_block,
            "li": list_item,
            "dl": definition_list,
            "dt": definition_term,
            "details": details,
            "img": image,
            "picture": picture,
            "figure": figure,
            "input": form_input,
            "sub": sub_sup,
            "sup": sub_sup,
        }
    )
    table.by_predicate.extend([(is_evernote_code, evernote_code), (is_todo_block, todo_block)])
