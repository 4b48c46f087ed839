"""Links inside ``<pre>`` stay links over their words in the code block's rich text; the
anchors inside a ``<pre>`` (an RFC's sections) are the code block's."""

from __future__ import annotations

from typing import Any

from tests.notion_import.convert.test_reader import assert_valid

from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import Code, CodeLink, Link, Span, Table
from notion_import.convert.references import PageLink
from notion_import.convert.serialize import serialize, to_notion
from notion_import.notion import MAX_ITEMS, MAX_TEXT

RFC = """<title>RFC 9999</title>
<pre>Abstract: see <a href="#section-3">Section 3</a>, <a href="rfc2119.html">RFC 2119</a> and
   <a href="https://www.rfc-editor.org/rfc/rfc8174">RFC 8174</a>.</pre>
<p>Between.</p>
<pre>
<span class="h2"><a class="selflink" name="section-3" href="#section-3">3</a>.  Terminology</span>

   The key words are <a href="javascript:void(0)">defined</a> elsewhere.
<span id="page-2"></span></pre>"""


def _items(block: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [
        (item["text"]["content"], (item["text"].get("link") or {}).get("url"))
        for item in block["code"]["rich_text"]
    ]


def test_links_in_pre_are_links_of_the_code_block() -> None:
    page = convert_html(RFC, source="rfc9999.html")
    first, second = (block for block in page.blocks if isinstance(block, Code))
    assert first.text == (
        "Abstract: see Section 3, RFC 2119 and\n   RFC 8174."
    )  # the text is as before
    assert [(first.text[p.start : p.end], p.link) for p in first.links] == [
        ("Section 3", Link("rfc9999.html", internal=True, fragment="section-3")),
        ("RFC 2119", Link("rfc2119.html", internal=True)),
        ("RFC 8174", Link("https://www.rfc-editor.org/rfc/rfc8174")),
    ]
    # the anchors inside the <pre> are the code block's; a permalink keeps its words only
    assert second.anchors == ("section-3", "page-2")
    assert second.text.startswith("3.  Terminology")
    assert second.links == []
    # a link Notion cannot hold keeps its words, with a loss naming it
    assert [loss.reason for loss in page.losses] == [
        "link to 'javascript:void(0)' uses the javascript: scheme, which Notion cannot link "
        "to; its text is kept"
    ]

    blocks, losses = to_notion(page.blocks)
    assert losses == []
    assert _items(blocks[0]) == [
        ("Abstract: see ", None),
        ("Section 3", "page:rfc9999.html#section-3"),
        (", ", None),
        ("RFC 2119", "page:rfc2119.html"),
        (" and\n   ", None),
        ("RFC 8174", "https://www.rfc-editor.org/rfc/rfc8174"),
        (".", None),
    ]
    assert_valid(blocks)

    # typed for the importer: the links of the code block, and the block the anchor is on
    serialized = serialize(page.blocks)
    assert [(ref.block, ref.field, ref.index, ref.target) for ref in serialized.links] == [
        ((0,), "rich_text", (1,), PageLink("rfc9999.html", "section-3")),
        ((0,), "rich_text", (3,), PageLink("rfc2119.html")),
    ]
    assert serialized.anchors["section-3"] == (2,)
    assert_valid(serialized.blocks)  # internal links are text until their target exists


def test_a_link_past_2000_characters_stays_on_its_words() -> None:
    head = "x = 1\n" * 400  # 2,400 characters
    html = f'<pre>{head}see <a href="https://example.com/doc">the doc</a>\n{head}</pre>'
    blocks, _ = to_notion(convert_html(html, source="page.html").blocks)
    (code,) = blocks
    items = _items(code)
    assert all(len(text) <= MAX_TEXT for text, _ in items)
    assert [text for text, url in items if url] == ["the doc"]
    assert "".join(text for text, _ in items) == f"{head}see the doc\n{head}".strip()
    assert_valid(blocks)


def test_code_past_a_hundred_items_continues_with_its_links() -> None:
    line = "y" * 1999 + "\n"
    text = line * (MAX_ITEMS + 5) + "end"
    at = len(text) - 3
    links = [
        CodeLink(0, 4, Link("https://a.example/")),
        CodeLink(at, at + 3, Link("https://b.example/")),
    ]
    block = Code(text, links=links)
    blocks, _ = to_notion([block])
    assert [b["type"] for b in blocks] == ["code", "code"]
    first, second = _items(blocks[0]), _items(blocks[1])
    assert first[0] == ("yyyy", "https://a.example/")
    assert second[-1] == ("end", "https://b.example/")
    assert "".join(t for t, _ in first + second) == text
    assert_valid(blocks)


def test_code_without_links_is_serialized_as_before() -> None:
    blocks, _ = to_notion([Code("a" * 4500, language="python")])
    assert blocks == [
        {
            "type": "code",
            "code": {
                "rich_text": [
                    {"type": "text", "text": {"content": "a" * 2000}},
                    {"type": "text", "text": {"content": "a" * 2000}},
                    {"type": "text", "text": {"content": "a" * 500}},
                ],
                "language": "python",
            },
        }
    ]
    assert Code("").as_spans() == [Span("")]


def test_links_in_a_table_of_code_lines_and_in_notions_code_blocks() -> None:
    gutter = (
        "<table class='highlighttable'><tr><td class='linenos'><pre>1\n2</pre></td>"
        "<td class='code'><pre>import os\nos.<a href='https://docs.python.org/os'>path</a>"
        "</pre></td></tr></table>"
    )
    notion = (
        "<pre class='code'><code class='language-Python'>call("
        "<a href='https://example.com/api'>api</a>)</code></pre>"
    )
    for html, words in ((gutter, "path"), (notion, "api")):
        (block,) = convert_html(html, source="page.html").blocks
        assert isinstance(block, Code)
        assert [block.text[p.start : p.end] for p in block.links] == [words]


def test_a_code_block_flattened_into_text_keeps_its_links() -> None:
    page = convert_html(
        "<table><tr><th>how</th><th>what</th></tr>"
        "<tr><td><pre>run <a href='https://e.x/'>it</a></pre></td><td>b</td></tr></table>",
        source="page.html",
    )
    (table,) = page.blocks
    assert isinstance(table, Table)
    cell = table.rows[1][0]
    assert [(s.text, s.link) for s in cell if s.link] == [("it", Link("https://e.x/"))]


def test_a_link_to_a_file_in_a_code_block_keeps_its_words_with_a_loss() -> None:
    # text elsewhere carries a linked file as a block after it; a code block cannot
    page = convert_html(
        "<pre>cat <a href='notes.txt'>notes.txt</a> <a href='guide/'>guide</a></pre>",
        source="page.html",
    )
    (block,) = page.blocks
    assert isinstance(block, Code)
    assert [p.link for p in block.links] == [Link("guide", internal=True)]
    assert [loss.reason for loss in page.losses] == [
        "link to the file 'notes.txt' inside a code block: only its text is kept"
    ]
    assert page.assets == []
