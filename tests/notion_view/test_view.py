"""Pages as Notion shows them (notion_view): block JSON -> HTML.

The tests feed API-shaped block JSON straight to the renderer and check the HTML structure
with a real parser (selectolax). Reading pages back is tested with ``notion_import.api.tree``
(tests/notion_import/api/test_tree.py), the emulator's ``/_emulator/view`` page with the
emulator (tests/notion_emulator/test_view_route.py).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from tests.notion_view.html_checks import classes, dom, no_scripts, one, texts

from notion_view import (
    STYLE,
    PageView,
    RenderContext,
    ViewOptions,
    iter_blocks,
    language_label,
    media_sources,
    render_blocks,
    render_document,
    render_page,
    render_rich_text,
    safe_href,
)

Block = dict[str, Any]

PLAIN = {
    "bold": False,
    "italic": False,
    "strikethrough": False,
    "underline": False,
    "code": False,
    "color": "default",
}
SCRIPT = '<script>alert("x")</script>'
SCRIPT_ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
S3 = "https://prod-files-secure.s3.us-west-2.amazonaws.com/space/"


# -- building API-shaped JSON ----------------------------------------------------------------


def rt(content: str, *, link: str | None = None, **annotations: Any) -> dict[str, Any]:
    """A rich text item as the API returns it."""
    return {
        "type": "text",
        "text": {"content": content, "link": {"url": link} if link else None},
        "annotations": {**PLAIN, **annotations},
        "plain_text": content,
        "href": link,
    }


def mention(kind: str, detail: dict[str, Any], plain_text: str) -> dict[str, Any]:
    return {
        "type": "mention",
        "mention": {"type": kind, kind: detail},
        "annotations": dict(PLAIN),
        "plain_text": plain_text,
        "href": None,
    }


def blk(
    kind: str, payload: dict[str, Any] | None = None, children: list[Block] | None = None
) -> Block:
    block: Block = {
        "object": "block",
        "id": str(uuid.uuid4()),
        "type": kind,
        kind: payload if payload is not None else {},
        "has_children": bool(children),
    }
    if children is not None:
        block["children"] = children
    return block


def texted(kind: str, text: str, children: list[Block] | None = None, **extra: Any) -> Block:
    return blk(kind, {"rich_text": [rt(text)], "color": "default", **extra}, children)


def para(text: str, children: list[Block] | None = None, **extra: Any) -> Block:
    return texted("paragraph", text, children, **extra)


def anchor(block: Block) -> str:
    return str(block["id"]).replace("-", "")


def file_media(kind: str, url: str, **extra: Any) -> Block:
    payload = {"caption": [], "type": "file", "file": {"url": url, "expiry_time": "x"}, **extra}
    return blk(kind, payload)


def external_media(kind: str, url: str, **extra: Any) -> Block:
    return blk(kind, {"caption": [], "type": "external", "external": {"url": url}, **extra})


def page_object(title: str, page_id: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "object": "page",
        "id": page_id or str(uuid.uuid4()),
        "properties": {"title": {"id": "title", "type": "title", "title": [rt(title)]}},
        **extra,
    }


# -- rendering and looking at the result -----------------------------------------------------


def render(blocks: list[Block], **options: Any) -> str:
    return render_blocks(blocks, RenderContext(ViewOptions(**options)))


def top_tags(html: str) -> list[str]:
    body = dom(html).body
    assert body is not None
    return [str(node.tag) for node in body.iter()]


# -- blocks ----------------------------------------------------------------------------------


def test_paragraph_exact_markup_colour_and_children() -> None:
    block = para("Hello world")
    assert render([block]) == (
        f'<div class="block paragraph" id="{anchor(block)}"><p>Hello world</p></div>'
    )
    coloured = para("Blue", color="blue")
    assert classes(one(render([coloured]), "div.paragraph")) == {"block", "paragraph", "color-blue"}
    shaded = para("Shaded", color="yellow_background")
    assert "bg-yellow" in classes(one(render([shaded]), "div.paragraph"))
    nested = para("outer", [para("inner")])
    inner = one(render([nested]), "div.paragraph > div.children > div.paragraph > p")
    assert inner.text() == "inner"


@pytest.mark.parametrize(
    ("kind", "tag"), [("heading_1", "h2"), ("heading_2", "h3"), ("heading_3", "h4")]
)
def test_headings_have_their_own_level(kind: str, tag: str) -> None:
    block = texted(kind, "Title")
    html = render([block])
    assert html == (
        f'<div class="block heading {kind}" id="{anchor(block)}"><{tag}>Title</{tag}></div>'
    )
    assert dom(html).css("details") == []


@pytest.mark.parametrize(("kind", "tag"), [("heading_1", "h2"), ("heading_3", "h4")])
def test_toggleable_heading_is_details_with_children_inside(kind: str, tag: str) -> None:
    block = texted(kind, "Open me", [para("hidden")], is_toggleable=True)
    html = render([block])
    details = one(html, "details")
    assert {"heading", kind, "toggle-heading"} <= classes(details)
    assert details.attributes["id"] == anchor(block)
    assert one(html, f"details > summary > {tag}").text() == "Open me"
    assert one(html, "details > div.children > div.paragraph").text() == "hidden"


def test_consecutive_list_items_share_one_list() -> None:
    blocks = [
        texted("bulleted_list_item", "a"),
        texted("bulleted_list_item", "b"),
        texted("bulleted_list_item", "c"),
        para("break"),
        texted("bulleted_list_item", "d"),
        texted("numbered_list_item", "one"),
        texted("numbered_list_item", "two"),
    ]
    html = render(blocks)
    assert top_tags(html) == ["ul", "div", "ul", "ol"]
    tree = dom(html)
    lists = tree.css("body > ul")
    assert texts(lists[0].css("li")) == ["a", "b", "c"]
    assert texts(lists[1].css("li")) == ["d"]
    assert "bulleted-list" in classes(lists[0])
    ordered = one(html, "body > ol")
    assert "numbered-list" in classes(ordered)
    assert texts(ordered.css("li")) == ["one", "two"]
    assert [li.attributes["id"] for li in ordered.css("li")] == [anchor(b) for b in blocks[5:]]


def test_nested_lists_change_marker_style_by_depth() -> None:
    deepest = texted("bulleted_list_item", "level 3")
    blocks = [
        texted(
            "bulleted_list_item",
            "level 1",
            [
                texted("bulleted_list_item", "level 2a", [deepest]),
                texted("bulleted_list_item", "level 2b"),
                texted("numbered_list_item", "numbered 2"),
            ],
        )
    ]
    html = render(blocks)
    outer = one(html, "body > ul")
    assert "disc" in str(outer.attributes["style"])
    second = one(html, "body > ul > li > div.children > ul")
    assert "circle" in str(second.attributes["style"])
    assert [li.text(deep=False) for li in second.css("li")] == ["level 2a", "level 3", "level 2b"]
    assert one(html, "body > ul > li > div.children > ol").attributes["style"] == (
        "list-style-type: lower-alpha"
    )
    third = one(html, "ul > li > div.children > ul > li > div.children > ul")
    assert "square" in str(third.attributes["style"])
    assert third.text() == "level 3"


def test_numbered_list_markers_by_depth() -> None:
    blocks = [
        texted(
            "numbered_list_item",
            "1",
            [texted("numbered_list_item", "a", [texted("numbered_list_item", "i")])],
        )
    ]
    styles = [str(ol.attributes["style"]) for ol in dom(render(blocks)).css("ol")]
    assert styles == [
        "list-style-type: decimal",
        "list-style-type: lower-alpha",
        "list-style-type: lower-roman",
    ]


def test_to_do_checked_and_unchecked() -> None:
    done = texted("to_do", "Done", checked=True)
    todo = texted("to_do", "Todo", checked=False)
    html = render([done, todo])
    rows = dom(html).css("div.to-do")
    assert len(rows) == 2
    assert "checked" in classes(rows[0])
    assert "checked" not in classes(rows[1])
    on = rows[0].css_first("div.to-do-row > span.checkbox")
    off = rows[1].css_first("div.to-do-row > span.checkbox")
    assert on is not None and off is not None
    assert classes(on) == {"checkbox", "checkbox-on"} and on.text() == "✓"
    assert classes(off) == {"checkbox"} and off.text() == ""
    assert texts(dom(html).css("span.to-do-text")) == ["Done", "Todo"]


def test_toggle_is_details_with_summary_and_children() -> None:
    block = texted("toggle", "More", [para("first"), texted("bulleted_list_item", "second")])
    html = render([block])
    details = one(html, "details.toggle")
    assert details.attributes["id"] == anchor(block)
    assert one(html, "details.toggle > summary").text() == "More"
    assert one(html, "details.toggle > div.children > div.paragraph").text() == "first"
    assert one(html, "details.toggle > div.children > ul > li").text() == "second"


def test_quote() -> None:
    block = texted("quote", "Wise words", [para("more")], color="gray")
    quote = one(render([block]), "blockquote")
    assert classes(quote) == {"block", "quote", "color-gray"}
    assert one(render([block]), "blockquote > p").text() == "Wise words"
    assert one(render([block]), "blockquote > div.nested > div.paragraph").text() == "more"


def test_callout_with_emoji_and_background() -> None:
    block = texted(
        "callout",
        "Note this",
        [para("detail")],
        icon={"type": "emoji", "emoji": "💡"},
        color="blue_background",
    )
    html = render([block])
    callout = one(html, "div.callout")
    assert classes(callout) == {"block", "callout", "bg-blue"}
    assert one(html, "div.callout > span.callout-icon").text() == "💡"
    assert one(html, "div.callout > div.callout-body > p").text() == "Note this"
    assert one(html, "div.callout-body > div.nested > div.paragraph").text() == "detail"


def test_callout_without_colour_or_with_image_icon() -> None:
    plain = texted("callout", "x", icon=None)
    assert "callout-plain" in classes(one(render([plain]), "div.callout"))
    assert one(render([plain]), "span.callout-icon").text() == ""
    pictured = texted(
        "callout", "y", icon={"type": "external", "external": {"url": "https://ex.com/i.png"}}
    )
    assert one(render([pictured]), "img.callout-icon").attributes["src"] == "https://ex.com/i.png"
    hostile = texted(
        "callout", "z", icon={"type": "external", "external": {"url": "javascript:alert(1)"}}
    )
    html = render([hostile])
    assert dom(html).css("img") == [] and "javascript" not in html


def test_code_block_language_label_and_escaping() -> None:
    source = f'if a < b:\n    print("{SCRIPT}")'
    block = blk(
        "code",
        {"rich_text": [rt(source)], "language": "python", "caption": [rt("A snippet")]},
    )
    html = render([block])
    assert one(html, "figure.code > div.code-language").text() == "Python"
    code = one(html, "figure.code > pre > code")
    assert code.attributes["class"] == "language-python"
    assert code.text() == source
    assert "a &lt; b" in html and SCRIPT_ESCAPED in html
    no_scripts(html)
    assert one(html, "figure.code > figcaption").text() == "A snippet"


def test_code_block_without_language_is_plain_text() -> None:
    html = render([blk("code", {"rich_text": [rt("x")], "caption": []})])
    assert one(html, "div.code-language").text() == "Plain Text"
    assert one(html, "pre > code").attributes["class"] == "language-plain-text"
    assert dom(html).css("figcaption") == []


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("python", "Python"),
        ("javascript", "JavaScript"),
        ("typescript", "TypeScript"),
        ("c++", "C++"),
        ("plain text", "Plain Text"),
        ("shell", "Shell"),
        ("visual basic", "Visual Basic"),
        ("json", "JSON"),
        ("", "Plain Text"),
    ],
)
def test_language_label(language: str, label: str) -> None:
    assert language_label(language) == label


def test_equation_block_and_inline() -> None:
    block = blk("equation", {"expression": r"a < b \sum_i x_i"})
    html = render([block])
    equation = one(html, "div.equation")
    assert equation.attributes["title"] == "LaTeX"
    assert one(html, "div.equation > code").text() == r"a < b \sum_i x_i"
    assert "a &lt; b" in html
    inline = {
        "type": "equation",
        "equation": {"expression": "x<y"},
        "annotations": dict(PLAIN),
        "plain_text": "x<y",
        "href": None,
    }
    assert render_rich_text([rt("so "), inline]) == (
        'so <span class="equation-inline" title="LaTeX"><code>x&lt;y</code></span>'
    )


def test_divider() -> None:
    block = blk("divider")
    assert render([block]) == f'<div class="block divider" id="{anchor(block)}"><hr></div>'


def test_uploaded_image_goes_through_file_src_with_caption() -> None:
    url = S3 + "photo.png?X-Amz-Signature=abc&X-Amz-Date=1"
    block = file_media("image", url, caption=[rt("A "), rt("cat <3", bold=True)])
    calls: list[tuple[str, str]] = []

    def file_src(source: str, kind: str) -> str | None:
        calls.append((source, kind))
        return "../files/photo.png"

    html = render([block], file_src=file_src)
    assert calls == [(url, "file")]
    img = one(html, "figure.image > img")
    assert img.attributes["src"] == "../files/photo.png"
    assert img.attributes["alt"] == "A cat <3"
    caption = one(html, "figure.image > figcaption")
    assert caption.text() == "A cat <3"
    assert caption.css_first("strong") is not None
    assert S3 not in html


def test_external_image_keeps_its_url() -> None:
    url = "https://images.example.com/a.png?w=1&h=2"
    html = render([external_media("image", url)])
    assert one(html, "figure.image > img").attributes["src"] == url
    assert "w=1&amp;h=2" in html


def test_image_not_available_is_a_placeholder() -> None:
    block = file_media("image", S3 + "photo.png?sig=1")
    html = render([block], file_src=lambda url, kind: None)
    figure = one(html, "figure.media-missing")
    assert "image" in classes(figure)
    assert figure.text().startswith("Image not included in this preview: photo.png")
    assert dom(html).css("img") == [] and dom(html).css("a") == []
    external = render([external_media("image", "https://ex.com/b.png")], file_src=lambda u, k: None)
    assert one(external, "figure.media-missing a").attributes["href"] == "https://ex.com/b.png"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:image/svg+xml;base64,PHN2Zz4=", "file:///etc/passwd"]
)
def test_image_with_unsafe_address_is_not_loaded(url: str) -> None:
    html = render([external_media("image", url)])
    assert dom(html).css("img") == []
    assert dom(html).css("a") == []
    one(html, "figure.media-missing")


def test_video_audio_pdf_file_players_and_cards() -> None:
    local = {"video": "v.mp4", "audio": "a.mp3", "pdf": "r.pdf", "file": "n.txt"}

    def file_src(url: str, kind: str) -> str | None:
        if kind == "external":
            return url
        return "files/" + local[url.rsplit("/", 1)[-1].split(".")[0]]

    blocks = [
        file_media("video", S3 + "video.mp4"),
        file_media("audio", S3 + "audio.mp3"),
        file_media("pdf", S3 + "pdf.pdf"),
        file_media("file", S3 + "file.bin", name="notes.txt"),
    ]
    html = render(blocks, file_src=file_src)
    video = one(html, "figure.video > video")
    assert video.attributes["src"] == "files/v.mp4" and "controls" in video.attributes
    audio = one(html, "figure.audio > audio")
    assert audio.attributes["src"] == "files/a.mp3" and "controls" in audio.attributes
    pdf = one(html, "figure.file-block.pdf > div.file-card")
    assert one(pdf.html or "", "span.file-icon").text() == "📄"
    assert one(pdf.html or "", "a").attributes["href"] == "files/r.pdf"
    assert one(pdf.html or "", "a").text() == "pdf.pdf"
    card = one(html, "figure.file-block.file > div.file-card")
    assert one(card.html or "", "span.file-icon").text() == "📎"
    assert one(card.html or "", "a").attributes["href"] == "files/n.txt"
    assert one(card.html or "", "a").text() == "notes.txt"


def test_external_video_is_a_link_card() -> None:
    url = "https://www.youtube.com/watch?v=abc&t=1"
    html = render([external_media("video", url, caption=[rt("Talk")])])
    assert dom(html).css("video") == []
    assert one(html, "figure.video span.link-kind").text() == "video"
    assert one(html, "figure.video a").attributes["href"] == url
    assert one(html, "figure.video > figcaption").text() == "Talk"


def test_missing_file_and_pdf_are_placeholders() -> None:
    html = render(
        [file_media("file", S3 + "x.bin", name="plan.xlsx"), file_media("pdf", S3 + "doc.pdf")],
        file_src=lambda url, kind: None,
    )
    placeholders = texts(dom(html).css("figure.media-missing > div.placeholder"))
    assert placeholders == [
        "File not included in this preview: plan.xlsx",
        "Pdf not included in this preview: doc.pdf",
    ]
    assert dom(html).css("a") == []


@pytest.mark.parametrize(("kind", "label"), [("embed", "embed"), ("bookmark", "bookmark")])
def test_embed_and_bookmark_are_link_cards(kind: str, label: str) -> None:
    url = "https://example.com/page?a=1&b=2"
    block = blk(kind, {"url": url, "caption": [rt("About <this>")]})
    html = render([block])
    figure = one(html, f"figure.{kind}")
    assert figure.attributes["id"] == anchor(block)
    assert one(html, "div.link-card > span.link-kind").text() == label
    link = one(html, "div.link-card > span.link-url > a")
    assert link.attributes["href"] == url and link.text() == url
    assert "a=1&amp;b=2" in html
    assert one(html, "figcaption").text() == "About <this>"
    assert "About &lt;this&gt;" in html


def table_block(rows: list[list[str]], width: int, **flags: bool) -> Block:
    children = [blk("table_row", {"cells": [[rt(text)] for text in row]}) for row in rows]
    return blk("table", {"table_width": width, **flags}, children)


def test_table_with_column_header() -> None:
    block = table_block(
        [["Name", "Qty", "Note"], ["apple", "3", "red"], ["pear"]],
        3,
        has_column_header=True,
        has_row_header=False,
    )
    html = render([block])
    assert {"table", "column-header"} <= classes(one(html, "div.table"))
    headers = dom(html).css("table > thead > tr > th")
    assert texts(headers) == ["Name", "Qty", "Note"]
    assert {h.attributes["scope"] for h in headers} == {"col"}
    body_rows = dom(html).css("table > tbody > tr")
    assert len(body_rows) == 2
    assert texts(body_rows[0].css("td")) == ["apple", "3", "red"]
    assert texts(body_rows[1].css("td")) == ["pear", "", ""]  # padded to the table width
    assert dom(html).css("tbody th") == []
    rows = block["children"]
    assert [tr.attributes["id"] for tr in dom(html).css("tr")] == [anchor(r) for r in rows]


def test_table_with_row_header_and_both() -> None:
    rows = [["", "Q1"], ["North", "5"], ["South", "7"]]
    html = render([table_block(rows, 2, has_column_header=False, has_row_header=True)])
    assert dom(html).css("thead") == []
    for tr, row in zip(dom(html).css("tbody > tr"), rows, strict=True):
        cells = [node for node in tr.iter()]
        assert [c.tag for c in cells] == ["th", "td"]
        assert cells[0].attributes["scope"] == "row"
        assert texts(cells) == row
    both = render([table_block(rows, 2, has_column_header=True, has_row_header=True)])
    assert [th.attributes["scope"] for th in dom(both).css("thead th")] == ["col", "col"]
    assert texts(dom(both).css("tbody th")) == ["North", "South"]
    assert texts(dom(both).css("tbody td")) == ["5", "7"]


def test_plain_table_has_only_data_cells() -> None:
    html = render([table_block([["a", "b"], ["c", "d"]], 2)])
    assert dom(html).css("th") == [] and dom(html).css("thead") == []
    assert texts(dom(html).css("td")) == ["a", "b", "c", "d"]


def test_column_list_is_a_flex_row_of_columns() -> None:
    left = blk("column", {"width_ratio": 0.25}, [para("left 1"), para("left 2")])
    right = blk("column", {"width_ratio": 0.75}, [texted("heading_2", "right")])
    block = blk("column_list", {}, [left, right])
    html = render([block])
    row = one(html, "body > div.column-list")
    assert row.attributes["id"] == anchor(block)
    columns = [node for node in row.iter()]
    assert [(c.tag, classes(c)) for c in columns] == [("div", {"column"}), ("div", {"column"})]
    assert [c.attributes["id"] for c in columns] == [anchor(left), anchor(right)]
    assert texts(columns[0].css("div.paragraph")) == ["left 1", "left 2"]
    assert columns[1].css_first("h3") is not None and columns[1].text() == "right"
    assert columns[0].attributes["style"] == "flex: 0.2500 1 0%"
    assert columns[1].attributes["style"] == "flex: 0.7500 1 0%"
    assert re.search(r"\.column-list\s*\{[^}]*display:\s*flex", STYLE)


def test_columns_without_ratio_share_equally_and_lone_column_is_wrapped() -> None:
    html = render([blk("column_list", {}, [blk("column", {}, [para("a")])] * 3)])
    styles = [c.attributes["style"] for c in dom(html).css("div.column-list > div.column")]
    assert styles == ["flex: 1.0000 1 0%"] * 3
    lone = render([blk("column", {}, [para("solo")])])
    assert one(lone, "div.column-list > div.column > div.paragraph").text() == "solo"


def test_child_page_links_through_page_href() -> None:
    block = blk("child_page", {"title": "Sub <page>"})
    href = one(render([block], page_href=lambda pid: f"pages/{pid}.html"), "div.child-page > a")
    assert href.attributes["href"] == f"pages/{block['id']}.html"
    assert one(href.html or "", "span.page-link-title").text() == "Sub <page>"
    fallback = one(render([block]), "div.child-page > a")
    assert fallback.attributes["href"] == f"https://www.notion.so/{anchor(block)}"
    assert "Sub &lt;page&gt;" in render([block])
    untitled = render([blk("child_page", {"title": ""})])
    assert one(untitled, "span.page-link-title").text() == "Untitled"


def test_link_to_page_uses_page_titles_and_page_href() -> None:
    target = str(uuid.uuid4())
    block = blk("link_to_page", {"type": "page_id", "page_id": target})
    html = render(
        [block],
        page_titles={target: "Target <title>"},
        page_href=lambda pid: "t.html" if pid == target else None,
    )
    link = one(html, "div.link-to-page > a")
    assert link.attributes["href"] == "t.html"
    assert one(html, "span.page-link-title").text() == "Target <title>"
    unknown = render([block])
    assert one(unknown, "a").attributes["href"] == "https://www.notion.so/" + target.replace(
        "-", ""
    )
    assert one(unknown, "span.page-link-title").text() == "Linked page"
    database = render([blk("link_to_page", {"type": "database_id", "database_id": target})])
    assert one(database, "span.page-link-title").text() == "Linked database"


def test_table_of_contents_lists_every_heading_with_anchors() -> None:
    h1 = texted("heading_1", "Intro")
    h2 = texted("heading_2", "Nested <in> toggle")
    h3 = texted("heading_3", "In a column")
    blocks = [
        blk("table_of_contents", {"color": "gray"}),
        h1,
        para("text"),
        texted("toggle", "t", [h2]),
        blk("column_list", {}, [blk("column", {}, [h3]), blk("column", {}, [para("x")])]),
    ]
    html = render_page(PageView(page_object("Doc"), blocks))
    toc = one(html, "nav.table-of-contents")
    assert "color-gray" in classes(toc)
    items = toc.css("li")
    assert [classes(li) for li in items] == [{"toc-level-1"}, {"toc-level-2"}, {"toc-level-3"}]
    assert texts(items) == ["Intro", "Nested <in> toggle", "In a column"]
    hrefs = [str(li.css_first("a").attributes["href"]) for li in items]  # type: ignore[union-attr]
    assert hrefs == [f"#{anchor(b)}" for b in (h1, h2, h3)]
    tree = dom(html)
    for href in hrefs:  # every entry points at a heading of the page
        target = tree.css_first(f"[id='{href[1:]}']")
        assert target is not None and "heading" in classes(target)
    empty = render([blk("table_of_contents", {})])
    assert one(empty, "nav.table-of-contents > p.empty").text() == "No headings"


def test_synced_block_shows_its_children() -> None:
    original = blk("synced_block", {"synced_from": None}, [para("shared"), para("twice")])
    copy = blk("synced_block", {"synced_from": {"block_id": original["id"]}}, [para("shared")])
    html = render([original, copy])
    blocks = dom(html).css("body > div.synced-block")
    assert len(blocks) == 2
    assert texts(blocks[0].css("div.paragraph")) == ["shared", "twice"]
    assert texts(blocks[1].css("div.paragraph")) == ["shared"]


def test_breadcrumb_and_template() -> None:
    crumbs = (("Home", "index.html"), ("Here <now>", None))
    html = render([blk("breadcrumb")], breadcrumb=crumbs)
    nav = one(html, "nav.breadcrumb")
    assert one(nav.html or "", "a").attributes["href"] == "index.html"
    assert nav.text() == "Home / Here <now>"
    template = render([texted("template", "Add task", [para("inside")])])
    assert one(template, "div.template > span.template-button").text() == "Add task"
    assert one(template, "div.template > div.children > div.paragraph").text() == "inside"


def test_unknown_and_unsupported_types_are_placeholders() -> None:
    blocks = [
        blk("ai_block", {"prompt": "x"}),
        blk("unsupported", {"block_type": "form"}),
        texted("future_block", "with <text>"),
        {"object": "block", "id": str(uuid.uuid4())},
        para("still here"),
    ]
    html = render(blocks)
    labels = texts(dom(html).css("div.unsupported > span.placeholder"))
    assert labels == [
        "Block not shown here: ai_block",
        "Block not shown here: form",
        "Block not shown here: future_block",
        "Block not shown here: unknown",
    ]
    assert one(html, "div.unsupported > p").text() == "with <text>"
    assert one(html, "div.paragraph").text() == "still here"


def test_malformed_block_is_a_placeholder_not_an_error() -> None:
    broken = blk("table", {"table_width": "wide"})
    weird_heading = blk("heading_x", {"rich_text": []})
    html = render([broken, weird_heading, para("after")])
    labels = texts(dom(html).css("span.placeholder"))
    assert labels == [
        "table (could not be shown: ValueError)",
        "Block not shown here: heading_x",
    ]
    assert one(html, "div.paragraph").text() == "after"


def test_every_type_renders_distinct_markup() -> None:
    samples: dict[str, tuple[Block, str]] = {
        "paragraph": (para("p"), "div.paragraph > p"),
        "heading_1": (texted("heading_1", "h"), "div.heading_1 > h2"),
        "bulleted": (texted("bulleted_list_item", "b"), "ul.bulleted-list > li"),
        "numbered": (texted("numbered_list_item", "n"), "ol.numbered-list > li"),
        "to_do": (texted("to_do", "t"), "div.to-do span.checkbox"),
        "toggle": (texted("toggle", "t"), "details.toggle > summary"),
        "quote": (texted("quote", "q"), "blockquote.quote"),
        "callout": (texted("callout", "c"), "div.callout > div.callout-body"),
        "code": (texted("code", "c", language="go"), "figure.code > pre > code"),
        "equation": (blk("equation", {"expression": "e"}), "div.equation > code"),
        "divider": (blk("divider"), "div.divider > hr"),
        "image": (external_media("image", "https://e.com/i.png"), "figure.image > img"),
        "embed": (blk("embed", {"url": "https://e.com"}), "figure.embed .link-card"),
        "table": (table_block([["x"]], 1), "div.table > table"),
        "columns": (blk("column_list", {}, [blk("column", {}, [])]), "div.column-list"),
        "child_page": (blk("child_page", {"title": "c"}), "div.child-page > a"),
        "link_to_page": (blk("link_to_page", {"page_id": "p"}), "div.link-to-page > a"),
        "toc": (blk("table_of_contents"), "nav.table-of-contents"),
        "synced": (blk("synced_block", {}, [para("s")]), "div.synced-block"),
    }
    seen: set[str] = set()
    for name, (block, selector) in samples.items():
        html = render([block])
        assert dom(html).css(selector), f"{name}: no {selector} in {html}"
        assert dom(html).css("div.unsupported") == [], name
        shape = re.sub(r'(id|style)="[^"]*"|>[^<]*<', "", html)
        seen.add(shape)
    assert len(seen) == len(samples)


# -- rich text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annotation", "html"),
    [
        ("bold", "<strong>x</strong>"),
        ("italic", "<em>x</em>"),
        ("strikethrough", "<s>x</s>"),
        ("underline", '<span class="underline">x</span>'),
        ("code", '<code class="inline-code">x</code>'),
    ],
)
def test_each_annotation(annotation: str, html: str) -> None:
    marks: dict[str, Any] = {annotation: True}
    assert render_rich_text([rt("x", **marks)]) == html


def test_all_annotations_together_nest() -> None:
    item = rt("x", bold=True, italic=True, strikethrough=True, underline=True, code=True)
    html = render_rich_text([item], RenderContext(ViewOptions()))
    node = one(html, "span.underline > s > em > strong > code.inline-code")
    assert node.text() == "x"
    assert html.count("x") == 1


@pytest.mark.parametrize(
    ("color", "html"),
    [
        ("red", '<span class="highlight-red">x</span>'),
        ("blue", '<span class="highlight-blue">x</span>'),
        ("gray_background", '<span class="bg-gray">x</span>'),
        ("pink_background", '<span class="bg-pink">x</span>'),
        ("default", "x"),
        ("neon", "x"),
        ("red_foreground", "x"),
        ('red" onclick="alert(1)', "x"),
    ],
)
def test_text_colours(color: str, html: str) -> None:
    assert render_rich_text([rt("x", color=color)]) == html


def test_plain_runs_concatenate_and_non_lists_are_empty() -> None:
    assert render_rich_text([rt("a"), rt("b", bold=True), rt("c")]) == "a<strong>b</strong>c"
    assert render_rich_text(None) == ""
    assert render_rich_text("text") == ""
    assert render_rich_text([]) == ""


def test_links_in_text() -> None:
    html = render_rich_text([rt("site", link="https://example.com/?a=1&b=2", bold=True)])
    assert html == '<a href="https://example.com/?a=1&amp;b=2"><strong>site</strong></a>'
    mail = render_rich_text([rt("write", link="mailto:a@example.com")])
    assert mail == '<a href="mailto:a@example.com">write</a>'


def test_notion_page_links_resolve_through_page_href() -> None:
    target = uuid.uuid4()
    block_hex = uuid.uuid4().hex
    url = f"https://www.notion.so/Some-Title-{target.hex}#{block_hex}"
    ctx = RenderContext(ViewOptions(page_href=lambda pid: f"{pid}.html"))
    html = render_rich_text([rt("see", link=url)], ctx)
    assert one(html, "a").attributes["href"] == f"{target}.html#{block_hex}"
    assert one(render_rich_text([rt("see", link=url)]), "a").attributes["href"] == url
    relative = render_rich_text([rt("see", link=f"/{target.hex}")])
    assert one(relative, "a").attributes["href"] == f"https://www.notion.so/{target.hex}"


def test_page_mention_href_and_title() -> None:
    target = str(uuid.uuid4())
    item = mention("page", {"id": target}, "Roadmap <2025>")
    ctx = RenderContext(ViewOptions(page_href=lambda pid: f"pages/{pid}.html"))
    html = render_rich_text([item], ctx)
    assert html == (
        f'<a href="pages/{target}.html"><span class="mention mention-page">'
        "Roadmap &lt;2025&gt;</span></a>"
    )
    outside = one(render_rich_text([item]), "a")
    assert outside.attributes["href"] == "https://www.notion.so/" + target.replace("-", "")
    untitled = render_rich_text([mention("page", {"id": target}, "")])
    assert one(untitled, "span.mention-page").text() == "Untitled"
    database = render_rich_text([mention("database", {"id": target}, "Tasks")], ctx)
    assert one(database, "a").attributes["href"] == f"pages/{target}.html"


def test_user_date_and_link_mentions() -> None:
    user = render_rich_text([mention("user", {"object": "user", "id": "u1"}, "@Ada <L>")])
    assert user == '<span class="mention mention-user">@Ada &lt;L&gt;</span>'
    nameless = render_rich_text([mention("user", {"id": "u1", "name": "Bob"}, "")])
    assert one(nameless, "span.mention-user").text() == "@Bob"
    date = render_rich_text([mention("date", {"start": "2025-01-02"}, "2025-01-02 → 2025-01-05")])
    assert date == '<span class="mention mention-date">2025-01-02 → 2025-01-05</span>'
    link = render_rich_text([mention("link_preview", {"url": "https://ex.com/x"}, "")])
    assert one(link, "a").attributes["href"] == "https://ex.com/x"
    bad = render_rich_text([mention("link_preview", {"url": "javascript:alert(1)"}, "x")])
    assert "<a" not in bad and "javascript" not in bad


def test_custom_emoji_mention_goes_through_file_src() -> None:
    emoji = {"id": "e1", "name": "party", "url": S3 + "party.png"}
    item = mention("custom_emoji", emoji, ":party:")
    shown = render_rich_text([item], RenderContext(ViewOptions(file_src=lambda u, k: "e.png")))
    img = one(shown, "img.custom-emoji")
    assert img.attributes["src"] == "e.png" and img.attributes["alt"] == ":party:"
    hidden = render_rich_text([item], RenderContext(ViewOptions(file_src=lambda u, k: None)))
    assert hidden == "<span>:party:</span>"


@pytest.mark.parametrize(
    "make",
    [
        lambda: para(SCRIPT),
        lambda: texted("heading_2", SCRIPT),
        lambda: texted("toggle", SCRIPT),
        lambda: texted("to_do", SCRIPT),
        lambda: texted("callout", SCRIPT, icon={"type": "emoji", "emoji": SCRIPT}),
        lambda: texted("bulleted_list_item", SCRIPT, color=SCRIPT),
        lambda: texted("code", SCRIPT, language=SCRIPT),
        lambda: blk("equation", {"expression": SCRIPT}),
        lambda: blk("child_page", {"title": SCRIPT}),
        lambda: blk("bookmark", {"url": SCRIPT, "caption": [rt(SCRIPT)]}),
        lambda: external_media("image", "https://e.com/i.png", caption=[rt(SCRIPT)]),
        lambda: table_block([[SCRIPT]], 1),
        lambda: blk(SCRIPT, {"rich_text": [rt(SCRIPT)]}),
    ],
)
def test_text_is_always_escaped(make: Callable[[], Block]) -> None:
    html = render([make()])
    no_scripts(html)
    assert "&lt;script&gt;" in html


def test_exact_escaping_of_text() -> None:
    assert render_rich_text([rt(f"{SCRIPT} & more")]) == f"{SCRIPT_ESCAPED} &amp; more"


def test_page_title_is_escaped_in_document() -> None:
    view = PageView(page_object(SCRIPT), [para("body")])
    html = render_document(view)
    assert html.startswith("<!DOCTYPE html>")
    no_scripts(html)
    tree = dom(html)
    title = tree.css_first("title")
    assert title is not None and title.text() == SCRIPT
    assert one(html, "h1.page-title").text() == SCRIPT
    assert one(html, "article.notion-page").attributes["data-page-id"] == view.id


# -- links stay safe -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "relative/path.html",
        "//evil.example.com/x",
        "",
        "   ",
    ],
)
def test_safe_href_refuses(url: str) -> None:
    assert safe_href(url) is None
    html = render_rich_text([rt("click", link=url or None)])
    assert html == "click"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/",
        "https://example.com/a?b=c#d",
        "HTTPS://EXAMPLE.COM/",
        "mailto:someone@example.com",
        "tel:+15551234",
        "#section",
    ],
)
def test_safe_href_keeps(url: str) -> None:
    assert safe_href(url) == url
    assert one(render_rich_text([rt("ok", link=url)]), "a").attributes["href"] == url


def test_unsafe_urls_never_become_attributes() -> None:
    bad = ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd"]
    blocks: list[Block] = []
    for url in bad:
        blocks += [
            para("x", rich_text=[rt("link", link=url)]),
            blk("bookmark", {"url": url, "caption": []}),
            blk("embed", {"url": url, "caption": []}),
            external_media("video", url),
            external_media("pdf", url),
            external_media("file", url),
            external_media("image", url),
        ]
    html = render(blocks)
    for node in dom(html).css("[href], [src]"):
        for key in ("href", "src"):
            value = str(node.attributes.get(key) or "")
            assert not value.lower().startswith(("javascript", "data", "file")), node.html
    assert dom(html).css("a") == []
    assert dom(html).css("img, video, audio, iframe") == []


def test_href_attribute_quotes_are_escaped() -> None:
    url = 'https://example.com/"><script>alert(1)</script>'
    html = render_rich_text([rt("x", link=url)])
    no_scripts(html)
    assert one(html, "a").attributes["href"] == url


# -- media_sources ---------------------------------------------------------------------------


def test_media_sources_lists_files_and_external_media_everywhere() -> None:
    cover = S3 + "cover.jpg"
    icon = "https://icons.example.com/page.svg"
    top_image = S3 + "top.png"
    in_column = S3 + "col.png"
    video = "https://www.youtube.com/watch?v=1"
    in_toggle = S3 + "deep.pdf"
    callout_icon = S3 + "emoji.png"
    audio = "https://cdn.example.com/a.mp3"
    page = page_object(
        "Media",
        icon={"type": "external", "external": {"url": icon}},
        cover={"type": "file", "file": {"url": cover, "expiry_time": "x"}},
    )
    blocks = [
        file_media("image", top_image),
        para("no media here"),
        blk("embed", {"url": "https://not.media.example.com"}),
        blk(
            "column_list",
            {},
            [
                blk("column", {}, [file_media("image", in_column)]),
                blk("column", {}, [external_media("video", video)]),
            ],
        ),
        texted(
            "toggle",
            "more",
            [
                texted(
                    "callout",
                    "c",
                    [file_media("pdf", in_toggle)],
                    icon={"type": "custom_emoji", "custom_emoji": {"id": "1", "url": callout_icon}},
                ),
                external_media("audio", audio),
            ],
        ),
        file_media("image", top_image),  # the same file twice is listed once
        texted("callout", "emoji icon", icon={"type": "emoji", "emoji": "💡"}),
    ]
    assert media_sources(PageView(page, blocks)) == [
        (icon, "external"),
        (cover, "file"),
        (top_image, "file"),
        (in_column, "file"),
        (video, "external"),
        (callout_icon, "file"),
        (in_toggle, "file"),
        (audio, "external"),
    ]


def test_media_sources_lists_custom_emoji_mentioned_in_text() -> None:
    """The renderer asks file_src for mentioned custom emoji, so media_sources (what a caller
    downloads before rendering) must list them: in text, captions and table cells."""
    in_text, in_caption, in_cell = S3 + "party.png", S3 + "wave.png", S3 + "cell.png"

    def emoji(name: str, url: str) -> dict[str, Any]:
        return mention("custom_emoji", {"id": name, "name": name, "url": url}, f":{name}:")

    blocks = [
        blk("paragraph", {"rich_text": [rt("hi "), emoji("party", in_text)]}),
        texted(
            "toggle",
            "t",
            [external_media("image", "https://e.com/i.png", caption=[emoji("wave", in_caption)])],
        ),
        blk("table", {"table_width": 1}, [blk("table_row", {"cells": [[emoji("c", in_cell)]]})]),
        blk("paragraph", {"rich_text": [emoji("party", in_text)]}),
    ]
    view = PageView(page_object("Emoji"), blocks)
    assert media_sources(view) == [
        (in_text, "file"),
        ("https://e.com/i.png", "external"),
        (in_caption, "file"),
        (in_cell, "file"),
    ]
    saved = {in_text: "e/party.png", in_caption: "e/wave.png", in_cell: "e/cell.png"}
    html = render_page(view, ViewOptions(file_src=lambda url, kind: saved.get(url, url)))
    srcs = [img.attributes["src"] for img in dom(html).css("img.custom-emoji")]
    assert srcs == ["e/party.png", "e/wave.png", "e/cell.png", "e/party.png"]


def test_media_sources_of_a_page_without_media() -> None:
    view = PageView(page_object("Plain", icon={"type": "emoji", "emoji": "📄"}), [para("x")])
    assert media_sources(view) == []


def test_iter_blocks_is_depth_first_in_order() -> None:
    leaf = para("leaf")
    tree = [para("a", [para("b", [leaf]), para("c")]), para("d")]
    order = [b["paragraph"]["rich_text"][0]["plain_text"] for b in iter_blocks(tree)]
    assert order == ["a", "b", "leaf", "c", "d"]
