"""Table and layout rules: HTML snippet -> expected blocks (and valid Notion JSON)."""

from __future__ import annotations

import pytest
from tests.notion_import.convert.ir_builders import P, T, b, cols, img, rounded, s, valid_notion
from tests.notion_import.convert.rules_reader import read

from notion_import.convert.html.rules.tables import build_grid
from notion_import.convert.ir import Block, ColumnList, Heading, ListItem, Marks, Table

LONG = "A paragraph long enough to count as real column content."

TABLES: list[tuple[str, str, list[Block]]] = [
    (
        "thead-header",
        "<table><thead><tr><th>Title</th><th>Year</th></tr></thead>"
        "<tbody><tr><td><em>Piranesi</em></td><td>2020</td></tr></tbody></table>",
        [T([["Title", "Year"], [[s("Piranesi", marks=Marks(italic=True))], "2020"]], header=True)],
    ),
    (
        "first-row-of-th",
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>",
        [T([["A", "B"], ["1", "2"]], header=True)],
    ),
    (
        "no-header",
        "<table><tr><td>Kyoto</td><td>3 nights</td></tr><tr><td>Osaka</td><td>2</td></tr></table>",
        [T([["Kyoto", "3 nights"], ["Osaka", "2"]])],
    ),
    (
        "row-header",
        "<table><tr><th>a</th><td>1</td></tr><tr><th>b</th><td>2</td></tr></table>",
        [T([["a", "1"], ["b", "2"]], row_header=True)],
    ),
    (
        "both-headers",
        "<table><tr><th></th><th>x</th></tr><tr><th>a</th><td>1</td></tr></table>",
        [T([["", "x"], ["a", "1"]], header=True, row_header=True)],
    ),
    (
        "th-elsewhere-is-bold",
        "<table><tr><td>a</td><th>b</th></tr><tr><td>c</td><td>d</td></tr></table>",
        [T([["a", [b("b")]], ["c", "d"]])],
    ),
    (
        "colspan-rowspan",
        "<table><tr><th>A</th><th>B</th><th>C</th></tr>"
        "<tr><td colspan=2>wide</td><td rowspan=2>tall</td></tr>"
        "<tr><td>1</td><td>2</td></tr></table>",
        [T([["A", "B", "C"], ["wide", "", "tall"], ["1", "2", ""]], header=True)],
    ),
    (
        "rowspan-zero-reaches-group-end",
        "<table><tbody><tr><td rowspan=0>r</td><td>1</td></tr><tr><td>2</td></tr>"
        "<tr><td>3</td></tr></tbody><tbody><tr><td>x</td><td>y</td></tr></tbody></table>",
        [T([["r", "1"], ["", "2"], ["", "3"], ["x", "y"]])],
    ),
    (
        "hostile-colspan-trimmed",
        "<table><tr><td>a</td><td colspan=100000>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
        [T([["a", "b"], ["c", "d"]])],
    ),
    (
        "caption-before",
        "<table><caption>Prices</caption><tr><td>tea</td><td>2</td></tr></table>",
        [P("Prices"), T([["tea", "2"]])],
    ),
    (
        "tfoot-last-thead-first",
        "<table><tfoot><tr><td>total</td><td>3</td></tr></tfoot>"
        "<tbody><tr><td>a</td><td>1</td></tr></tbody>"
        "<thead><tr><th>k</th><th>v</th></tr></thead></table>",
        [T([["k", "v"], ["a", "1"], ["total", "3"]], header=True)],
    ),
    (
        "google-docs-all-rows-in-thead",
        "<table><thead><tr><td><p><span>Col</span></p></td><td><p>Head</p></td></tr>"
        "<tr><td><p>x</p></td><td><p>y</p></td></tr></thead></table>",
        [T([["Col", "Head"], ["x", "y"]], header=True)],
    ),
    (
        "cell-with-paragraphs-and-list",
        "<table><tr><th>Stop</th><th>Notes</th></tr>"
        "<tr><td>Nara</td><td><p>Deer park.</p><p>Go early.</p></td></tr>"
        "<tr><td>Kobe</td><td><ul><li>Harbour</li><li>Beef</li></ul></td></tr></table>",
        [
            T(
                [["Stop", "Notes"], ["Nara", "Deer park.\nGo early."], ["Kobe", "Harbour\nBeef"]],
                header=True,
            )
        ],
    ),
    (
        "nested-table-in-data-table-lifted",
        "<table><tr><th>k</th><th>v</th></tr><tr><td>x</td>"
        "<td><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></td>"
        "</tr></table>",
        [T([["k", "v"], ["x", ""]], header=True), T([["a", "b"], ["c", "d"]])],
    ),
    (
        "images-in-cells-lifted-after",
        "<table><tr><th>name</th><th>photo</th></tr>"
        "<tr><td>cat</td><td><img src='cat.png'> a cat</td></tr>"
        "<tr><td>dog</td><td><picture><img src='dog.png'></picture></td></tr></table>",
        [
            T([["name", "photo"], ["cat", "a cat"], ["dog", ""]], header=True),
            img("cat.png"),
            img("dog.png"),
        ],
    ),
    (
        "one-row-layout-with-picture-and-list",
        "<table><tr><td><img src='a.png'><p>Caption</p></td><td><ul><li>x</li></ul></td></tr>"
        "</table>",
        [cols([img("a.png"), P("Caption")], [ListItem("bulleted", [s("x")])])],
    ),
    (
        "one-row-text-only-stays-data",
        "<table><tr><td><div>one</div></td><td><div>two</div></td></tr></table>",
        [T([["one", "two"]])],
    ),
    (
        "presentation-role-single-row",
        "<table role=presentation><tr><td>left</td><td>right</td></tr></table>",
        [cols([P("left")], [P("right")])],
    ),
    (
        "presentation-role-widths",
        f"<table role=presentation><tr><td width='25%'><p>{LONG}</p></td>"
        f"<td width='75%'><p>{LONG}</p></td></tr></table>",
        [cols([P(LONG)], [P(LONG)], widths=[0.25, 0.75])],
    ),
    (
        "single-column-box-unwrapped",
        "<table><tr><td><p>Exported pages often wrap a paragraph.</p></td></tr>"
        "<tr><td><p>It is not data.</p></td></tr></table>",
        [P("Exported pages often wrap a paragraph."), P("It is not data.")],
    ),
    (
        "nested-layout-tables",
        f"<table><tr><td><table><tr><td><p>{LONG}</p></td><td><img src='x.png'></td></tr>"
        f"</table></td><td><p>{LONG}</p></td></tr></table>",
        [cols([P(LONG), img("x.png")], [P(LONG)])],
    ),
    ("empty-table", "<table></table>", []),
    (
        "notion-properties-icons-not-lifted",
        "<table class='x'><tr><th><span class='icon property-icon'><img src='i.svg'></span>Tags"
        "</th><td>a</td></tr></table>",
        [T([["Tags", "a"]], row_header=True)],
    ),
]

LAYOUTS: list[tuple[str, str, list[Block]]] = [
    (
        "flex-row",
        f"<div style='display:flex'><div><p>{LONG}</p></div><div><img src='a.png'></div></div>",
        [cols([P(LONG)], [img("a.png")])],
    ),
    (
        "flex-column-is-not-layout",
        f"<div style='display: flex; flex-direction: column'><p>{LONG}</p><p>two</p></div>",
        [P(LONG), P("two")],
    ),
    (
        "grid-fr-widths",
        f"<div style='display:grid;grid-template-columns:1fr 3fr'><div>{LONG}</div>"
        f"<div>{LONG}</div></div>",
        [cols([P(LONG)], [P(LONG)], widths=[0.25, 0.75])],
    ),
    (
        "grid-repeat-wraps-rows",
        "<div style='display:grid;grid-template-columns:repeat(2, 1fr)'>"
        + "".join(f"<div><p>{i} {LONG}</p></div>" for i in range(4))
        + "</div>",
        [
            cols([P(f"0 {LONG}")], [P(f"1 {LONG}")], widths=[0.5, 0.5]),
            cols([P(f"2 {LONG}")], [P(f"3 {LONG}")], widths=[0.5, 0.5]),
        ],
    ),
    (
        "one-column-grid-is-not-layout",
        f"<div style='display:grid'><div>{LONG}</div><div>two</div></div>",
        [P(LONG), P("two")],
    ),
    (
        "bootstrap-widths",
        f"<div class='row'><div class='col-12 col-md-4'><p>{LONG}</p></div>"
        f"<div class='col-12 col-md-8'><p>{LONG}</p></div></div>",
        [cols([P(LONG)], [P(LONG)], widths=[1 / 3, 2 / 3])],
    ),
    (
        "bootstrap-wraps-past-twelve",
        "<div class='row'>"
        + "".join(f"<div class='col-md-6'>{i} {LONG}</div>" for i in range(3))
        + "</div>",
        [cols([P(f"0 {LONG}")], [P(f"1 {LONG}")], widths=[0.5, 0.5]), P(f"2 {LONG}")],
    ),
    (
        "bulma-columns",
        f"<div class='columns'><div class='column is-one-third'>{LONG}</div>"
        f"<div class='column'>{LONG}</div></div>",
        [cols([P(LONG)], [P(LONG)], widths=[1 / 3, 2 / 3])],
    ),
    (
        "foundation-column-content-not-split",
        f"<div class='large-6 columns'><h2>Title</h2><p>{LONG}</p><p>{LONG}</p></div>",
        [Heading(2, [s("Title")]), P(LONG), P(LONG)],
    ),
    (
        "gallery-of-images",
        "<div><img src='1.png'><img src='2.png'><a href='3.png'><img src='3.png'></a></div>",
        [cols([img("1.png")], [img("2.png")], [img("3.png")])],
    ),
    (
        "figure-gallery-with-caption",
        "<figure><img src='icon.png'><img src='icon2.png' width='256px'>"
        "<figcaption>icons</figcaption></figure>",
        [cols([img("icon.png")], [img("icon2.png")]), P("icons")],
    ),
    (
        "wordpress-gallery-rows-of-four",
        "<ul class='wp-block-gallery'>"
        + "".join(f"<li><figure><img src='{i}.jpg'></figure></li>" for i in range(5))
        + "</ul>",
        [cols(*[[img(f"{i}.jpg")] for i in range(4)]), img("4.jpg")],
    ),
    (
        "paragraph-of-two-images",
        "<p><img src='a.png'> <img src='b.png'></p>",
        [cols([img("a.png")], [img("b.png")])],
    ),
    (
        "images-on-separate-lines-are-not-a-gallery",
        "<p><img src='a.png'><br><img src='b.png'></p>",
        [img("a.png"), img("b.png")],
    ),
    ("single-child-is-not-layout", f"<div class='row'><div>{LONG}</div></div>", [P(LONG)]),
    (
        "row-of-short-links-is-not-layout",
        "<div class='d-flex'><div><a href='https://x.org/a'>Home</a></div>"
        "<div><a href='https://x.org/b'>About</a></div></div>",
        [P(s("Home", link="https://x.org/a")), P(s("About", link="https://x.org/b"))],
    ),
    (
        "title-next-to-an-icon-is-not-layout",
        "<div style='display:flex;flex-direction:row'><div>Example #1</div>"
        "<div><img src='chevron.svg'></div></div>",
        [P("Example #1"), img("chevron.svg")],
    ),
    (
        "tailwind-flex-col",
        f"<div class='flex flex-col'><div>{LONG}</div><div>{LONG}</div></div>",
        [P(LONG), P(LONG)],
    ),
    (
        "nested-row-flattened-into-column",
        f"<div class='row'><div class='col'><div class='row'><div class='col'>{LONG}</div>"
        f"<div class='col'>{LONG} 2</div></div></div><div class='col'>{LONG} 3</div></div>",
        [cols([P(LONG), P(f"{LONG} 2")], [P(f"{LONG} 3")])],
    ),
    (
        "width-style-percent",
        f"<div style='display:flex'><div style='width:30%'>{LONG}</div>"
        f"<div style='flex: 0 0 70%'>{LONG}</div></div>",
        [cols([P(LONG)], [P(LONG)], widths=[0.3, 0.7])],
    ),
    (
        "flex-grow-weights",
        f"<div style='display:flex'><div style='flex:1'>{LONG}</div>"
        f"<div style='flex:3'>{LONG}</div></div>",
        [cols([P(LONG)], [P(LONG)], widths=[0.25, 0.75])],
    ),
    (
        "loose-text-is-not-layout",
        f"<div style='display:flex'>Hello <b>you</b><div>{LONG}</div></div>",
        [P("Hello ", b("you")), P(LONG)],
    ),
]


def _ids(cases: list[tuple[str, str, list[Block]]]) -> list[str]:
    return [c[0] for c in cases]


@pytest.mark.parametrize(("name", "html", "expected"), TABLES, ids=_ids(TABLES))
def test_tables(name: str, html: str, expected: list[Block]) -> None:
    blocks, _ = read(html)
    assert rounded(blocks) == rounded(expected)
    valid_notion(blocks)


@pytest.mark.parametrize(("name", "html", "expected"), LAYOUTS, ids=_ids(LAYOUTS))
def test_layouts(name: str, html: str, expected: list[Block]) -> None:
    blocks, _ = read(html)
    assert rounded(blocks) == rounded(expected)
    valid_notion(blocks)


LOSSES = [
    (
        "colspan-rowspan",
        "<table><tr><td colspan=2>a</td></tr><tr><td>b</td><td>c</td></tr></table>",
        "merged cells split",
    ),
    (
        "nested-lifted",
        "<table><tr><th>k</th></tr><tr><td><table><tr><td>a</td><td>b</td>"
        "</tr></table></td></tr></table>",
        "table inside a table cell moved",
    ),
    (
        "pictures-moved",
        "<table><tr><th>a</th></tr><tr><td><img src='x.png'></td></tr></table>",
        "moved after the table",
    ),
    (
        "nested-columns",
        f"<div class='row'><div class='col'><div class='row'><div>{LONG}</div>"
        f"<div>{LONG}</div></div></div><div class='col'>{LONG}</div></div>",
        "columns inside a column",
    ),
]


@pytest.mark.parametrize(("name", "html", "reason"), LOSSES, ids=[c[0] for c in LOSSES])
def test_losses_are_reported(name: str, html: str, reason: str) -> None:
    _, reader = read(html)
    assert any(reason in r for _, r in reader.losses), reader.losses


def test_more_than_100_rows_stay_one_table() -> None:
    rows = "".join(f"<tr><td>{i}</td><td>x</td></tr>" for i in range(250))
    blocks, _ = read(f"<table><tr><th>n</th><th>v</th></tr>{rows}</table>")
    assert len(blocks) == 1
    table = blocks[0]
    assert isinstance(table, Table) and len(table.rows) == 251 and table.has_column_header
    payload = valid_notion(blocks)
    assert len(payload[0]["table"]["children"]) == 251  # the writer appends past 100


def test_wide_table_is_split_by_the_serializer() -> None:
    cells = "".join(f"<td>{i}</td>" for i in range(130))
    blocks, _ = read(f"<table><tr>{cells}</tr><tr>{cells}</tr></table>")
    payload = valid_notion(blocks)
    assert [p["table"]["table_width"] for p in payload] == [100, 30]


def test_more_than_100_columns_in_a_layout_row() -> None:
    row = "".join(f"<td><p>{i} {LONG}</p><img src='{i}.png'></td>" for i in range(120))
    blocks, reader = read(f"<table role=presentation><tr>{row}</tr></table>")
    assert len(blocks) == 1 and isinstance(blocks[0], ColumnList)
    assert len(blocks[0].children) == 100
    assert sum(len(c.children) for c in blocks[0].children) == 240
    assert any("merged" in r for _, r in reader.losses)
    valid_notion(blocks)


def test_grid_of_hostile_spans_is_bounded() -> None:
    from selectolax.lexbor import LexborHTMLParser

    html = "<table>" + "<tr><td rowspan=65534 colspan=1000>x</td></tr>" * 50 + "</table>"
    node = LexborHTMLParser(html).css_first("table")
    assert node is not None
    grid = build_grid(node)
    assert grid.width == 1 and len(grid.rows) == 50
