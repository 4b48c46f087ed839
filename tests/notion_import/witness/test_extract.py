"""The witness of a page's source: what a reader sees, read without the converter."""

from __future__ import annotations

import pytest

from notion_import.witness import SourceCell, SourceLink, extract, words


def test_words_are_normalised() -> None:
    assert words("Ｆｕｌｌ-width «Quoted», STRASSE  ¶  x²") == [
        "full-width",
        "quoted",
        "strasse",
        "x2",
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Some <b>bo</b>ld text</p>", ("some", "bold", "text")),
        ("<p>one</p><p>two<br>three</p>", ("one", "two", "three")),
        ("<head><title>Title</title><style>p{}</style></head><p>body</p>", ("body",)),
        ("<p>a<script>var b</script><noscript>c</noscript><template>d</template>e</p>", ("ae",)),
        ("<p>shown</p><div hidden>secret</div><p style='display: none'>gone</p>", ("shown",)),
        ("<p style='color:red;visibility:hidden'>gone</p><p>kept</p>", ("kept",)),
        ("<ul><li>one<li>two</ul>", ("one", "two")),
        ("<p>a <svg><text>drawn</text></svg> b</p>", ("a", "b")),
        ("<p>so <span class='katex'><span>x∣=1</span></span> here</p>", ("so", "here")),
        (
            "<td><span class='selected-value'>a b</span><span class='selected-value'>c</span></td>",
            ("a", "b", "c"),
        ),
    ],
)
def test_visible_words(html: str, expected: tuple[str, ...]) -> None:
    assert extract(html, "p.html").words == expected


def test_images_by_file_name() -> None:
    html = (
        "<img src='img/a%20b.png?v=1'><img src='data:image/png;base64,AA'>"
        "<img src='https://x.org/p/c.jpg#f'><img src=''><div hidden><img src='h.png'></div>"
    )
    assert extract(html, "p.html").images == ("a b.png", "", "c.jpg")


def test_links_resolved_against_the_page_folder() -> None:
    html = (
        "<a href='../b.html#top'>to B</a> <a href='/c/d.html'>root</a>"
        " <a href='https://e.org/x'>web</a> <a href='mailto:a@b.c'>mail</a>"
        " <a href='javascript:void(0)'>script</a> <a href='x.html'></a>"
    )
    assert extract(html, "dir/a.html").links == (
        SourceLink(("to", "b"), "../b.html#top", path="b.html", fragment="top"),
        SourceLink(("root",), "/c/d.html", path="c/d.html"),
        SourceLink(("web",), "https://e.org/x", url="https://e.org/x"),
        SourceLink(("mail",), "mailto:a@b.c", url="mailto:a@b.c"),
    )


def test_self_links_and_permalinks_are_not_links_but_keep_their_words() -> None:
    html = (
        "<section id='s'><h2 id='h'>Title<a class='headerlink' href='#h'>¶</a></h2>"
        "<h3>Sub <a href='#s'>here</a></h3><p><a class='toc-backref' href='#x'>Back</a>"
        " <a href='a.html'>this page</a> <a href='#other'>other</a> <a href=''>top</a></p>"
        "</section>"
    )
    witness = extract(html, "a.html")
    assert witness.words == ("title", "sub", "here", "back", "this", "page", "other", "top")
    assert witness.links == (SourceLink(("other",), "#other", path="a.html", fragment="other"),)


def test_base_href() -> None:
    relative = extract("<base href='../'><a href='x/y.html'>y</a>", "d/p.html")
    assert relative.links[0].path == "x/y.html"
    site = extract("<base href='https://s.org/doc/'><a href='y.html'>y</a>", "d/p.html")
    assert site.site == "https://s.org/doc/"
    assert site.links[0].url == "https://s.org/doc/y.html"  # if the export has no d/y.html
    assert site.links[0].path == "d/y.html"


def test_table_cells() -> None:
    html = (
        "<table><tr><th>Key<th>Value<tr><td>a<td>1 <table><tr><td>inner</table>"
        "<tr><td colspan=2>wide</table>"
    )
    assert extract(html, "p.html").cells == (
        SourceCell(("inner",)),
        SourceCell(("key",), grid=True),
        SourceCell(("value",), grid=True),
        SourceCell(("a",), grid=True),
        SourceCell(("1",), grid=True),
        SourceCell(("wide",), grid=True),
    )
    note = "<table><tr><td>Note</td><td>Mind the gap.</td></tr></table>"
    assert [cell.grid for cell in extract(note, "p.html").cells] == [False, False]
