"""A clean conversion: no title repeated as the first heading, code without its line-number
gutter and in its language, numbered lists that continue one another kept as one list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.paths import CORPUS

from notion_import.convert.html.meta import title_key, without_title_heading
from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import ConvertedPage, Heading, Paragraph, Span
from notion_import.convert.serialize import to_notion
from notion_import.sources import FailedPage, convert_path


def _page(html: str) -> ConvertedPage:
    return convert_html(html, source="page.html")


def _blocks(html: str) -> list[dict[str, Any]]:
    return to_notion(_page(html).blocks)[0]


def _text(block: dict[str, Any]) -> str:
    return "".join(item["text"]["content"] for item in block[block["type"]]["rich_text"])


# -- the title is not repeated as the first heading -----------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<title>Trip notes</title><h1>Trip notes</h1><p>Day one</p>",
        "<title>Trip  notes</title><h1>\n  trip NOTES </h1><p>Day one</p>",
        "<title>Trip notes</title><h1>Trip notes<a class='headerlink' href='#t'>¶</a></h1>"
        "<p>Day one</p>",
        "<title>Trip notes</title><div><header><h2>Trip notes</h2></header></div><p>Day one</p>",
        "<h1>Trip notes</h1><p>Day one</p>",  # untitled: the heading names the page
    ],
    ids=["same", "spacing-and-case", "permalink", "first-heading-nested", "untitled"],
)
def test_a_first_heading_repeating_the_title_is_left_out(html: str) -> None:
    page = _page(html)
    assert page.title.lower().split() == ["trip", "notes"]
    blocks = to_notion(page.blocks)[0]
    assert [b["type"] for b in blocks] == ["paragraph"]
    assert _text(blocks[0]) == "Day one"


@pytest.mark.parametrize(
    ("html", "kinds"),
    [
        # not the first content
        ("<title>Trip</title><p>Intro</p><h1>Trip</h1>", ["paragraph", "heading_1"]),
        # another heading's text
        ("<title>Trip</title><h1>Trip, day one</h1><p>x</p>", ["heading_1", "paragraph"]),
        # only the first one
        ("<title>Trip</title><h1>Trip</h1><h1>Trip</h1>", ["heading_1"]),
    ],
    ids=["not-first", "other-text", "only-one"],
)
def test_other_headings_stay(html: str, kinds: list[str]) -> None:
    assert [b["type"] for b in _blocks(html)] == kinds


def test_a_title_known_from_outside_is_the_one_compared() -> None:
    # an Evernote note: its title is not in its content, whose first heading is its own
    page = convert_html("<h1>Chapter</h1><p>x</p>", source="note", title="Shopping")
    assert page.title == "Shopping"
    assert [type(block).__name__ for block in page.blocks] == ["Heading", "Paragraph"]
    page = convert_html("<h1>Shopping</h1><p>x</p>", source="note", title="Shopping")
    assert [type(block).__name__ for block in page.blocks] == ["Paragraph"]


def test_a_toggle_heading_repeating_the_title_keeps_its_blocks() -> None:
    heading = Heading(1, [Span("Trip")], toggleable=True, children=[Paragraph([Span("x")])])
    assert without_title_heading([heading], "Trip") == [heading]
    assert without_title_heading([Heading(1, [Span("Trip")])], "Trip") == []


# -- numbered lists that continue one another -----------------------------------------------


def test_lists_continuing_one_another_are_one_numbered_list_without_loss() -> None:
    # as Notion's own export writes a numbered list: one <ol start> per item
    page = _page(
        "<title>T</title>"
        '<ol type="1" class="numbered-list" start="1"><li>one</li></ol>'
        '<ol type="1" class="numbered-list" start="2"><li>two</li></ol>\n'
        "<!-- between -->"
        '<ol type="1" class="numbered-list" start="3"><li>three</li><li>four</li></ol>'
        '<ol start="5"><li>five</li></ol>'
    )
    blocks = to_notion(page.blocks)[0]
    assert [b["type"] for b in blocks] == ["numbered_list_item"] * 5
    assert [_text(b) for b in blocks] == ["one", "two", "three", "four", "five"]
    assert page.losses == []


def test_a_list_continuing_one_without_start_is_no_loss() -> None:
    page = _page("<ol><li>a</li><li>b</li></ol><ol start='3'><li>c</li></ol>")
    assert page.losses == []


@pytest.mark.parametrize(
    "html",
    [
        "<ol start='2'><li>b</li></ol>",  # nothing before it
        "<ol><li>a</li></ol><ol start='5'><li>e</li></ol>",  # a gap
        "<ol><li>a</li></ol><p>between</p><ol start='2'><li>b</li></ol>",  # not side by side
        "<ul><li>a</li></ul><ol start='2'><li>b</li></ol>",  # after a bulleted list
        "<ol reversed><li>a</li></ol><ol start='2'><li>b</li></ol>",  # after a countdown
    ],
    ids=["first", "gap", "apart", "after-bullets", "after-reversed"],
)
def test_a_list_not_continuing_the_one_before_keeps_its_loss(html: str) -> None:
    reasons = [loss.reason for loss in _page(html).losses if loss.element == "ol"]
    assert any(reason.startswith("numbering starts at") for reason in reasons)


# -- code without its line numbers, in its language -----------------------------------------

PYGMENTS_TABLE = (
    '<div class="highlight-python notranslate"><table class="highlighttable"><tr>'
    '<td class="linenos"><div class="linenodiv"><pre><span class="normal">1</span>\n'
    '<span class="normal">2</span></pre></div></td><td class="code"><div class="highlight">'
    '<pre><span></span><span class="kn">import</span> os\nprint(os)\n</pre></div></td>'
    "</tr></table></div>"
)
CLIPPED = (  # a web clipper's copy: the gutter floated inside the <pre>, no classes
    '<pre style="padding:12px"><code style="white-space:pre"><code style="float:left">'
    "<span>1\n</span><span>2\n</span><span>3\n</span></code><span>import os\n</span>"
    "print(os)\nexit()</code></pre>"
)
CODE_CASES = [
    ("pygments-table", PYGMENTS_TABLE, "import os\nprint(os)", "python"),
    (
        "hexo-table",
        '<figure class="highlight python"><table><tr><td class="gutter"><pre>'
        '<span class="line">1</span><br><span class="line">2</span><br></pre></td>'
        '<td class="code"><pre><span class="line">import os</span><br>'
        '<span class="line">print(os)</span><br></pre></td></tr></table></figure>',
        "import os\nprint(os)",
        "python",
    ),
    (
        "clipper-table",
        "<table><tr><td><pre>1\n2</pre></td><td><pre>a = 1\nb = 2</pre></td></tr></table>",
        "a = 1\nb = 2",
        "plain text",
    ),
    (
        "table-per-line",
        '<table class="highlight"><tr><td class="blob-num" data-line-number="1"></td>'
        '<td class="blob-code">x = 1</td></tr><tr><td class="blob-num" data-line-number="2">'
        '</td><td class="blob-code">y = 2</td></tr></table>',
        "x = 1\ny = 2",
        "plain text",
    ),
    (
        "pygments-inline",
        '<div class="highlight-python notranslate"><div class="highlight"><pre>'
        '<span class="linenos">1</span><span class="kn">import</span> os\n'
        '<span class="linenos">2</span>print(os)</pre></div></div>',
        "import os\nprint(os)",
        "python",
    ),
    ("clipped", CLIPPED, "import os\nprint(os)\nexit()", "plain text"),
    (
        "gutter-beside",
        '<div class="code"><pre>1\n2\n3</pre><pre class="lang-js">a()\nb()\nc()</pre></div>',
        "a()\nb()\nc()",
        "javascript",
    ),
    (
        "gutter-div-beside",
        '<div class="gutter"><div>1</div><div>2</div></div>'
        '<div class="highlight"><pre class="language-rust">fn a() {}\nfn b() {}</pre></div>',
        "fn a() {}\nfn b() {}",
        "rust",
    ),
    ("language-x", '<pre><code class="language-go">go f()</code></pre>', "go f()", "go"),
    ("lang-x", '<pre class="lang-yml">a: 1</pre>', "a: 1", "yaml"),
    ("brush", '<pre class="brush: ruby; gutter: true">puts 1</pre>', "puts 1", "ruby"),
    (
        "pandoc",
        '<div class="sourceCode"><pre class="sourceCode haskell">'
        '<code class="sourceCode haskell">main = pure ()</code></pre></div>',
        "main = pure ()",
        "haskell",
    ),
    ("unknown", '<pre class="language-nosuchlang">x</pre>', "x", "plain text"),
]


@pytest.mark.parametrize(
    ("html", "text", "language"),
    [pytest.param(html, text, language, id=name) for name, html, text, language in CODE_CASES],
)
def test_code_keeps_only_the_code_in_its_language(html: str, text: str, language: str) -> None:
    page = _page(f"<title>T</title>{html}")
    blocks = to_notion(page.blocks)[0]
    assert [b["type"] for b in blocks] == ["code"]
    assert _text(blocks[0]) == text
    assert blocks[0]["code"]["language"] == language
    # the line numbers left out are named, with their words, as left out on purpose
    numbers = [loss for loss in page.losses if loss.element == "line numbers"]
    assert all(loss.kind == "chrome" and loss.text for loss in numbers)
    if any(sign in html for sign in ("1\n2", "linenos", "line-number", "<div>1</div>")):
        assert numbers, page.losses
    assert not [loss for loss in page.losses if loss.kind == "dropped"]


@pytest.mark.parametrize(
    ("html", "kinds", "text"),
    [
        # a data table whose first column counts its rows
        (
            "<table><tr><td>1</td><td>Apples</td></tr><tr><td>2</td><td>Pears</td></tr></table>",
            ["table"],
            "1Apples2Pears",
        ),
        # numbers that are the code
        ("<pre>1\n2\n3</pre>", ["code"], "1\n2\n3"),
        ("<pre><code>1\n2\n3</code></pre>", ["code"], "1\n2\n3"),
        # a number starting a line of code
        ("<pre><span>1</span> + 1</pre>", ["code"], "1 + 1"),
        # numbers before a paragraph, not code
        ("<div>1<br>2</div><p>text</p>", ["paragraph", "paragraph"], "1\n2text"),
    ],
    ids=["data-table", "numbers-pre", "numbers-code", "number-in-code", "numbers-paragraph"],
)
def test_numbers_that_are_content_stay(html: str, kinds: list[str], text: str) -> None:
    blocks = _blocks(f"<title>T</title>{html}")
    assert [b["type"] for b in blocks] == kinds
    assert "".join(_all_text(b) for b in blocks) == text


def _all_text(block: dict[str, Any]) -> str:
    payload = block[block["type"]]
    if block["type"] == "table":
        cells = [cell for row in payload["children"] for cell in row["table_row"]["cells"]]
        return "".join(item["text"]["content"] for cell in cells for item in cell)
    return _text(block)


# -- on real exports --------------------------------------------------------------------------


#: Notion's own exports (zips) and saved web pages, when the shared corpus is present.
NOTION_EXPORTS = sorted((CORPUS / "notion-export").glob("*.zip"))
WEB_HTML = [CORPUS / "web-html"] if (CORPUS / "web-html").is_dir() else []


def _converted(path: Path) -> list[ConvertedPage]:
    pages = list(convert_path(path))
    assert pages and not [page for page in pages if isinstance(page, FailedPage)]
    return pages


def _opens_with_its_title(page: ConvertedPage) -> bool:
    first = page.blocks[0] if page.blocks else None
    if not isinstance(first, Heading) or first.level != 1:
        return False
    return title_key("".join(span.text for span in first.spans)) == title_key(page.title)


@pytest.mark.parametrize("path", NOTION_EXPORTS + WEB_HTML, ids=lambda path: path.name)
def test_real_exports_neither_repeat_titles_nor_lose_list_numbering(path: Path) -> None:
    pages = _converted(path)
    assert not [page.source for page in pages if _opens_with_its_title(page)]
    if path.suffix == ".zip":  # Notion's own export: one <ol start> per numbered item
        starts = [
            loss
            for page in pages
            for loss in page.losses
            if loss.element == "ol" and "numbering starts" in loss.reason
        ]
        assert starts == []


def test_the_real_exports_are_there_or_skipped() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    assert NOTION_EXPORTS and WEB_HTML
