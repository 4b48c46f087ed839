"""Notion-export and admonition rules: snippet -> expected blocks; the corpus exports end to end."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from tests import paths
from tests.notion_import.convert.ir_builders import P, T, b, cols, eq, img, rounded, s, valid_notion
from tests.notion_import.convert.rules_reader import read

from notion_import.convert.ir import (
    Asset,
    Block,
    Callout,
    Code,
    Equation,
    Heading,
    Image,
    ListItem,
    Marks,
    Media,
    TableOfContents,
    Toggle,
)

CORPUS = paths.CORPUS
KATEX = (
    '<span class="katex"><span class="katex-mathml"><math><semantics><mi>x</mi>'
    '<annotation encoding="application/x-tex">{tex}</annotation></semantics></math></span>'
    '<span class="katex-html" aria-hidden="true">x</span></span>'
)
BOLD_ITALIC = Marks(bold=True, italic=True)

NOTION: list[tuple[str, str, list[Block]]] = [
    (
        "column-list-with-widths",
        '<div class="column-list"><div style="width:25%" class="column"><p>left</p></div>'
        '<div style="width:75%" class="column"><p>right</p><p>more</p></div></div>',
        [cols([P("left")], [P("right"), P("more")], widths=[0.25, 0.75])],
    ),
    (
        "column-list-calc-widths",
        '<div class="column-list"><div style="width:calc((100% - (min(32px, 4vw) * 1)) * 0.5)" '
        'class="column"><p>a</p></div><div style="width:calc((100% - (min(32px, 4vw) * 1)) * 0.5)"'
        ' class="column"><p>b</p></div></div>',
        [cols([P("a")], [P("b")], widths=[0.5, 0.5])],
    ),
    (
        "column-list-equal-100-percent",
        '<div class="column-list"><div style="width:100%" class="column"><p>a</p></div>'
        '<div style="width:100%" class="column"><p>b</p></div></div>',
        [cols([P("a")], [P("b")])],
    ),
    (
        "callout-emoji-blocks",
        '<figure class="block-color-gray_background callout" style="white-space:pre-wrap;'
        'display:flex"><div style="font-size:1.5em"><span class="icon">💡</span></div>'
        '<div style="width:100%"><p>first</p><p>second</p></div></figure>',
        [Callout([], icon="💡", color="gray_background", children=[P("first"), P("second")])],
    ),
    (
        "callout-with-own-text",
        '<figure class="block-color-default callout" style="display:flex"><div style="font-size:'
        '1.5em"><img class="icon" src="https://www.notion.so/icons/info.svg"/></div>'
        '<div style="width:100%">Title for Callout<p>Body.</p></div></figure>',
        [
            Callout(
                [s("Title for Callout")],
                icon="https://www.notion.so/icons/info.svg",
                children=[P("Body.")],
            )
        ],
    ),
    (
        "teal-is-green",
        '<ul class="toggle block-color-teal_background"><li><details><summary>T</summary>'
        "</details></li></ul>",
        [Toggle([s("T")], color="green_background")],
    ),
    (
        "empty-callout",
        '<figure class="callout" style="display:flex"><div style="width:100%"></div></figure>',
        [Callout([])],
    ),
    (
        "toggle-list",
        '<ul class="toggle"><li><details open=""><summary>Question?</summary><p>Answer</p>'
        "</details></li></ul>",
        [Toggle([s("Question?")], children=[P("Answer")])],
    ),
    (
        "toggle-heading",
        '<details open=""><summary style="font-weight:600;font-size:1.5em;line-height:1.3;'
        'margin:0">A Toggle Heading 2</summary><div class="indented"><p>hidden</p></div></details>',
        [Heading(2, [s("A Toggle Heading 2")], toggleable=True, children=[P("hidden")])],
    ),
    (
        "to-do-list",
        '<ul class="to-do-list"><li><div class="checkbox checkbox-off"></div> '
        '<span class="to-do-children-unchecked">open <b>item</b></span><div class="indented">'
        '<p>child</p></div></li><li><div class="checkbox checkbox-on"></div> '
        '<span class="to-do-children-checked">done</span></li></ul>',
        [
            ListItem("to_do", [s("open "), b("item")], children=[P("child")]),
            ListItem("to_do", [s("done")], checked=True),
        ],
    ),
    (
        "equation-figure",
        '<figure class="equation"><style>@import url(x)</style><div class="equation-container">'
        f'<span class="katex-display">{KATEX.format(tex="|x| = 1")}</span></div></figure>',
        [Equation("|x| = 1")],
    ),
    (
        "inline-equation-token",
        '<p>See <span class="notion-text-equation-token"><span></span><span>'
        f"{KATEX.format(tex='e^x')}</span></span> here</p>",
        [P("See ", eq("e^x"), " here")],
    ),
    (
        "bookmark",
        '<figure><a href="https://w.wiki/Wz6" class="bookmark source"><div class="bookmark-info">'
        '<div class="bookmark-text"><div class="bookmark-title">Cat</div><div class="bookmark-'
        'description">The cat is small.</div></div><div class="bookmark-href"><img src="https://'
        'en.wikipedia.org/x.png" class="icon bookmark-icon"/>https://w.wiki/Wz6</div></div></a>'
        "<figcaption><strong>Webpage Bookmark</strong></figcaption></figure>",
        [Media("bookmark", Asset("remote", "https://w.wiki/Wz6"), caption=[b("Webpage Bookmark")])],
    ),
    (
        "embed-source",
        '<figure><div class="source"><a href="https://w.wiki/Wz6">https://w.wiki/Wz6</a></div>'
        "<figcaption>Embedded</figcaption></figure>",
        [Media("embed", Asset("remote", "https://w.wiki/Wz6"), caption=[s("Embedded")])],
    ),
    (
        "video-source",
        '<figure><div class="source"><a href="https://youtu.be/dQw4w9WgXcQ">x</a></div></figure>',
        [Media("video", Asset("remote", "https://youtu.be/dQw4w9WgXcQ"))],
    ),
    (
        "file-attachments",
        '<figure><div class="source"><a href="Page/felis-catus.jpg">felis-catus.jpg</a></div>'
        '</figure><figure><div class="source"><a href="Page/doc.pdf">doc.pdf</a></div></figure>'
        '<figure><div class="source"><a href="Page/a.mp3">a.mp3</a></div></figure>',
        [
            Media("file", Asset("local", "Page/felis-catus.jpg"), caption=[s("felis-catus.jpg")]),
            Media("pdf", Asset("local", "Page/doc.pdf"), caption=[s("doc.pdf")]),
            Media("audio", Asset("local", "Page/a.mp3"), caption=[s("a.mp3")]),
        ],
    ),
    (
        "image-figure",
        '<figure class="image"><a href="https://x.org/cat.jpg"><img style="width:720px" '
        'src="https://x.org/cat.jpg"/></a><figcaption><strong>Embedded image</strong></figcaption>'
        "</figure>",
        [Image(Asset("remote", "https://x.org/cat.jpg"), caption=[b("Embedded image")])],
    ),
    (
        "code-language",
        '<pre class="code"><code class="language-Python">print(&quot;hi&quot;)\n# done</code></pre>'
        '<pre class="code"><code class="language-Plain Text">x</code></pre>'
        '<pre class="code"><code class="language-Java/C/C++/C#">y</code></pre>'
        '<pre class="code"><code class="language-Klingon">z</code></pre>',
        [
            Code('print("hi")\n# done', language="python"),
            Code("x", language="plain text"),
            Code("y", language="java/c/c++/c#"),
            Code("z", language="plain text"),
        ],
    ),
    (
        "table-of-contents",
        '<nav class="block-color-gray table_of_contents"><div class="table_of_contents-item">'
        '<a class="table_of_contents-link" href="#a">A</a></div></nav>',
        [TableOfContents()],
    ),
    (
        "link-to-page",
        '<figure class="link-to-page"><a href="Sub%20Page%20123.html"><span class="icon">📄</span>'
        "Sub Page</a></figure>",
        [P(s("📄Sub Page", link="Sub%20Page%20123.html"))],
    ),
    (
        "simple-table",
        '<table class="simple-table"><thead class="simple-table-header"><tr><th class="simple-'
        'table-header-color simple-table-header">A</th><th class="simple-table-header-color '
        'simple-table-header">B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>',
        [T([["A", "B"], ["1", "2"]], header=True)],
    ),
    (
        "one-row-simple-table-is-data",
        '<table class="simple-table"><tbody><tr><td><img src="x.png">a</td><td>b</td></tr>'
        "</tbody></table>",
        [T([["a", "b"]]), img("x.png")],
    ),
    (
        "database-table",
        '<div class="collection-content"><h4 class="collection-title">Tasks</h4>'
        '<table class="collection-content"><thead><tr><th><span class="icon property-icon">'
        '<svg viewBox="0 0 14 14" class="typesTitle"><path d="M7"></path></svg></span>Name</th>'
        '<th><span class="icon property-icon"><img src="https://www.notion.so/icons/tag.svg"/>'
        '</span>Tags</th><th>Done</th></tr></thead><tbody><tr><td class="cell-title">'
        '<a href="Tasks/Row%201.html">Row 1</a></td><td><span class="selected-value select-value'
        '-color-green">home</span><span class="selected-value">coffee</span></td><td><div '
        'class="checkbox checkbox-on"></div></td></tr></tbody></table></div>',
        [
            Heading(3, [s("Tasks")]),
            T(
                [
                    ["Name", "Tags", "Done"],
                    [[s("Row 1", link="Tasks/Row%201.html")], "home, coffee", "☑"],
                ],
                header=True,
            ),
        ],
    ),
    (
        "page-header",
        '<header><img class="page-cover-image" src="cover.jpg"/><div class="page-header-icon '
        'undefined"><span class="icon">🐧</span></div><h1 class="page-title">Title</h1>'
        '</header><div class="page-body"><p>body</p></div>',
        [P("body")],
    ),
]

ADMONITIONS: list[tuple[str, str, list[Block]]] = [
    (
        "sphinx-mkdocs",
        '<div class="admonition note"><p class="admonition-title">Note</p><p>Body text.</p>'
        "<ul><li>x</li></ul></div>",
        [
            Callout(
                [b("Note"), s("\nBody text.")],
                icon="💡",
                color="gray_background",
                children=[ListItem("bulleted", [s("x")])],
            )
        ],
    ),
    (
        "docutils-aside",
        '<aside class="admonition warning"><p class="admonition-title">Warning</p>'
        "<p>Hot.</p></aside>",
        [Callout([b("Warning"), s("\nHot.")], icon="⚠️", color="yellow_background")],
    ),
    (
        "docusaurus-3",
        '<div class="theme-admonition theme-admonition-danger admonition_xyz alert alert--danger">'
        '<div class="admonitionHeading_abc"><span class="admonitionIcon_q">'
        '<svg viewBox="0 0 12 16"><path d="M5"></path></svg></span>danger</div>'
        '<div class="admonitionContent_r"><p>Do not.</p></div></div>',
        [Callout([b("danger"), s("\nDo not.")], icon="❗", color="red_background")],
    ),
    (
        "docusaurus-2",
        '<div class="admonition admonition-tip alert alert--success">'
        '<div class="admonition-heading">'
        '<h5><span class="admonition-icon"></span>tip</h5></div><div class="admonition-content">'
        "<p>Use it.</p></div></div>",
        [Callout([b("tip"), s("\nUse it.")], icon="💡", color="green_background")],
    ),
    (
        "github-alert",
        '<div class="markdown-alert markdown-alert-important" dir="auto"><p class="markdown-alert-'
        'title" dir="auto"><svg class="octicon octicon-report mr-2" viewBox="0 0 16 16" width="16" '
        'height="16"><path d="M0"></path></svg>Important</p><p dir="auto">Read this.</p></div>',
        [Callout([b("Important"), s("\nRead this.")], icon="❗", color="red_background")],
    ),
    (
        "asciidoctor",
        '<div class="admonitionblock caution"><table><tr><td class="icon"><div class="title">'
        'Caution</div></td><td class="content">Mind the gap.</td></tr></table></div>',
        [Callout([b("Caution"), s("\nMind the gap.")], icon="⚠️", color="yellow_background")],
    ),
    (
        "quarto",
        '<div class="callout callout-style-default callout-info"><div class="callout-header">'
        '<div class="callout-title-container">Info</div></div><div class="callout-body-container">'
        "<p>FYI.</p></div></div>",
        [Callout([b("Info"), s("\nFYI.")], icon="ℹ️", color="blue_background")],
    ),
    (
        "bootstrap-alert",
        '<div class="alert alert-warning" role="alert">Careful <a href="https://x.org">here</a>'
        "</div>",
        [
            Callout(
                [s("Careful "), s("here", link="https://x.org")],
                icon="⚠️",
                color="yellow_background",
            )
        ],
    ),
    (
        "bootstrap-alert-with-icon-is-not-columns",
        '<div class="alert alert-warning d-flex align-items-center"><svg class="bi" width="24"'
        ' height="24"><use href="#exclamation"/></svg><div>A warning long enough to count as '
        "content.</div></div>",
        [
            Callout(
                [s("A warning long enough to count as content.")],
                icon="⚠️",
                color="yellow_background",
            )
        ],
    ),
    (
        "docbook-sidebar-kind-from-title",
        '<div class="sidebar"><div class="titlepage"><div><div><p class="title"><strong><span '
        'class="emphasis"><em>TIP</em></span> Incremental updates</strong></p></div></div></div>'
        '<a id="i1" class="indexterm"></a><div class="para">Use pdiffs.</div></div>',
        [
            Callout(
                [s("TIP", BOLD_ITALIC), b(" Incremental updates"), s("\nUse pdiffs.")],
                icon="💡",
                color="green_background",
            )
        ],
    ),
    (
        "publican-body-wrapper",
        '<div class="note"><div class="admonition_header"><h2>Note</h2></div>'
        '<div class="admonition"><div class="para">Plain note.</div></div></div>',
        [Callout([b("Note"), s("\nPlain note.")], icon="💡", color="gray_background")],
    ),
    (
        "nested-admonitions",
        '<div class="admonition note"><p class="admonition-title">Outer</p><div class="admonition '
        'tip"><p class="admonition-title">Inner</p><p>x</p></div></div>',
        [
            Callout(
                [b("Outer")],
                icon="💡",
                color="gray_background",
                children=[Callout([b("Inner"), s("\nx")], icon="💡", color="green_background")],
            )
        ],
    ),
    (
        "plain-aside",
        "<aside><h3>Sidebar</h3><p>More.</p></aside>",
        [Callout([b("Sidebar"), s("\nMore.")])],
    ),
    (
        "paragraph-note",
        '<p class="note">Remember.</p>',
        [Callout([s("Remember.")], icon="💡", color="gray_background")],
    ),
    ("callout-image-is-not-admonition", '<img class="callout" src="1.png">', [img("1.png")]),
]


@pytest.mark.parametrize(("name", "html", "expected"), NOTION, ids=[c[0] for c in NOTION])
def test_notion_export(name: str, html: str, expected: list[Block]) -> None:
    blocks, _ = read(html)
    assert rounded(blocks) == rounded(expected)
    valid_notion(blocks)


@pytest.mark.parametrize(("name", "html", "expected"), ADMONITIONS, ids=[c[0] for c in ADMONITIONS])
def test_admonitions(name: str, html: str, expected: list[Block]) -> None:
    blocks, _ = read(html)
    assert rounded(blocks) == rounded(expected)
    valid_notion(blocks)


def test_the_table_of_contents_entries_are_chrome_with_their_words() -> None:
    _, reader = read(
        '<nav class="table_of_contents"><div class="table_of_contents-item">'
        '<a class="table_of_contents-link" href="#a">First heading</a></div></nav>'
    )
    key = ("nav", "table of contents drawn by Notion")
    assert reader.kinds[key] == "chrome"
    assert reader.texts[key].strip() == "First heading"


def test_page_icon_and_cover_go_to_metadata() -> None:
    _, reader = read(
        '<header><img class="page-cover-image" src="cover.jpg"/><div class="page-header-icon">'
        '<span class="icon">🐧</span></div><h1 class="page-title">T</h1></header>'
    )
    assert reader.metadata == {"cover": "cover.jpg", "icon": "🐧"}


def test_database_row_properties_go_to_metadata_too() -> None:
    blocks, reader = read(
        '<header><table class="properties"><tbody><tr class="property-row"><th><span class="icon '
        'property-icon"></span>Tags</th><td><span class="selected-value">home</span><span '
        'class="selected-value">coffee</span></td></tr><tr><th>Serviced</th><td><div class='
        '"checkbox checkbox-on"></div></td></tr><tr><th>Empty</th><td></td></tr></tbody></table>'
        "</header>"
    )
    assert reader.metadata["properties"] == {"Tags": "home, coffee", "Serviced": "☑", "Empty": ""}
    assert rounded(blocks) == [
        T([["Tags", "home, coffee"], ["Serviced", "☑"], ["Empty", ""]], row_header=True)
    ]


def test_bookmark_preview_and_icon_images_are_reported() -> None:
    _, reader = read(
        '<figure><a href="https://x.org" class="bookmark source"><div class="bookmark-title">T'
        '</div><img class="bookmark-icon" src="f%20i.ico"></a></figure><figure class="callout">'
        '<div><img class="icon" src="i.svg"></div><div style="width:100%">x</div></figure>'
    )
    reasons = " ".join(r for _, r in reader.losses)
    assert "preview regenerated by Notion" in reasons and "icon image" in reasons
    assert "its images: f i.ico" in reasons


# -- the corpus: Notion's own exports, end to end ------------------------------------------------

#: Notion block type -> the export markup that stands for it.
_EXPORT_MARKERS: dict[str, str] = {
    "heading_1": r"<h1 id=", "heading_2": r"<h2 id=", "heading_3": r"<h3 id=",
    "bulleted_list_item": r'class="bulleted-list"', "numbered_list_item": r'class="numbered-list"',
    "to_do": r'class="to-do-list"', "toggle": r'class="toggle"', "quote": r"<blockquote",
    "callout": r'callout"', "code": r'class="code"', "equation": r'class="equation"',
    "divider": r"<hr", "table_of_contents": r"table_of_contents\"",
    "bookmark": r'class="bookmark source"', "image": r'class="image"',
    "column_list": r'class="column-list"', "table": r'class="simple-table"',
}  # fmt: skip


def _export_pages() -> list[tuple[str, str]]:
    pages: list[tuple[str, str]] = []
    folder = CORPUS / "notion-export"
    if not folder.is_dir():
        return pages
    for archive in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(archive) as outer:
            for name in outer.namelist():
                data = outer.read(name)
                if name.endswith(".zip"):
                    with zipfile.ZipFile(io.BytesIO(data)) as inner:
                        for member in inner.namelist():
                            if member.endswith(".html") and not member.endswith("index.html"):
                                pages.append((member, inner.read(member).decode("utf-8")))
                elif name.endswith(".html") and not name.endswith("index.html"):
                    pages.append((name, data.decode("utf-8")))
    for html_file in sorted(folder.glob("*.html")):
        pages.append((html_file.name, html_file.read_text("utf-8")))
    return pages


def _types(payload: list[dict[str, Any]], into: Counter[str]) -> Counter[str]:
    for block in payload:
        into[block["type"]] += 1
        inner = block.get(block["type"], {})
        _types(inner.get("children", []), into)
    return into


def _convert(html: str) -> list[Block]:
    try:
        from notion_import.convert.html.reader import convert_html
    except ImportError:  # the walker is not there yet: use the stand-in
        blocks, _ = read(html)
        return blocks
    return convert_html(html, source="page.html").blocks


PAGES = _export_pages()


@pytest.mark.skipif(not PAGES, reason="../shared/corpus/notion-export is not here")
@pytest.mark.parametrize(("name", "html"), PAGES, ids=[Path(p[0]).stem[:40] for p in PAGES])
def test_export_blocks_come_back_as_the_same_types(name: str, html: str) -> None:
    payload = valid_notion(_convert(html))
    found = _types(payload, Counter())
    body = html[html.find('class="page-body"') :]
    for block_type, marker in _EXPORT_MARKERS.items():
        if re.search(marker, body):
            assert found[block_type], f"{block_type} of the export is missing"
    if re.search(r'<details open=""><summary style="font-weight:600;font-size:1.875em', body):
        assert any(
            b["type"] == "heading_1" and b["heading_1"].get("is_toggleable") for b in payload
        )


def test_a_callout_icon_at_a_web_address_is_its_icon() -> None:
    from notion_import.convert.html.reader import convert_html
    from notion_import.convert.serialize import to_notion

    page = convert_html(
        '<figure class="block-color-gray_background callout"><div><img class="icon" '
        'src="https://www.notion.so/icons/info-alternate_green.svg"/></div><div>Note.</div>'
        "</figure>",
        source="p.html",
    )
    blocks, losses = to_notion(page.blocks)
    assert blocks[0]["callout"]["icon"] == {
        "type": "external",
        "external": {"url": "https://www.notion.so/icons/info-alternate_green.svg"},
    }
    assert page.losses == losses == []
