"""Images and figures: ``img`` (srcset, lazy loading), ``picture``, ``figure`` captions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from notion_import.convert.html.base import Context, Node, Reader, RuleTable
from notion_import.convert.html.rules.common import tree_reader
from notion_import.convert.html.text import collapse
from notion_import.convert.ir import Block, Code, Image, Media, Paragraph, Span

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
    tree = tree_reader(reader)
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
    blocks = tree_reader(reader).blocks_of(rest, ctx)
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


def register(table: RuleTable) -> None:
    """Put the rules of this module into ``table``."""
    table.by_tag.update({"img": image, "picture": picture, "figure": figure})
