"""A database as Notion's table view shows it: the title column first, every property's value
as text, each row's title linking to its page, rows in the order given."""

from __future__ import annotations

from typing import Any

from tests.notion_view.html_checks import dom, no_scripts

from notion_view import PageView, ViewOptions, page_title, render_page


def text(value: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": value}, "plain_text": value}]


DATABASE = {"object": "database", "id": "db-1", "title": text("Reading <list>")}
SCHEMA = {
    "Pages": {"id": "a", "type": "number", "number": {}},
    "Name": {"id": "title", "type": "title", "title": {}},
    "Tags": {"id": "b", "type": "multi_select", "multi_select": {}},
}


def row(page_id: str, name: str, pages: int | None, tags: list[str]) -> dict[str, Any]:
    return {
        "object": "page",
        "id": page_id,
        "properties": {
            "Name": {"type": "title", "title": text(name)},
            "Pages": {"type": "number", "number": pages},
            "Tags": {"type": "multi_select", "multi_select": [{"name": t} for t in tags]},
        },
    }


def test_rows_as_a_table_with_the_title_first() -> None:
    rows = [row("r-2", "Dune", 412, ["sf", "classic"]), row("r-1", "Emma", None, [])]
    view = PageView(DATABASE, [], schema=SCHEMA, rows=rows)
    assert view.title == page_title(DATABASE) == "Reading <list>"
    html = render_page(view, ViewOptions(page_href=lambda i: f"{i}.html" if i == "r-2" else None))
    no_scripts(html)
    tree = dom(html)
    assert tree.css_first("h1").text() == "Reading <list>"
    assert [th.text() for th in tree.css("thead th")] == ["Name", "Pages", "Tags"]
    cells = [[td.text() for td in tr.css("td")] for tr in tree.css("tbody tr")]
    assert cells == [["Dune", "412", "sf, classic"], ["Emma", "", ""]]
    hrefs = [a.attributes["href"] for a in tree.css("td.row-title a")]
    assert hrefs[0] == "r-2.html"  # in this rendering
    assert hrefs[1].startswith("https://www.notion.so/")  # not part of it: Notion's address
    assert "2 rows" in tree.css_first(".database-count").text()


def test_a_database_without_rows_still_shows_its_columns() -> None:
    tree = dom(render_page(PageView(DATABASE, [], schema=SCHEMA, rows=[])))
    assert [th.text() for th in tree.css("thead th")] == ["Name", "Pages", "Tags"]
    assert tree.css("tbody tr") == []
