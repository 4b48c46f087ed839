"""A page read back from Notion, measured against the witness of its source."""

from __future__ import annotations

from typing import Any

from notion_import.convert.ir import Loss
from notion_import.witness import Measured, extract, measure

PAGE_ID = "0123456789abcdef0123456789abcdef"
OTHER_ID = "fedcba9876543210fedcba9876543210"
IDS = {"a.html": PAGE_ID, "b.html": OTHER_ID}


def text(content: str, url: str | None = None) -> dict[str, Any]:
    link = {"url": url} if url else None
    return {"type": "text", "text": {"content": content, "link": link}, "plain_text": content}


def mention(page_id: str, title: str) -> dict[str, Any]:
    return {
        "type": "mention",
        "mention": {"type": "page", "page": {"id": page_id}},
        "plain_text": title,
        "href": f"https://www.notion.so/{page_id}",
    }


def block(kind: str, *items: dict[str, Any], **body: Any) -> dict[str, Any]:
    return {"type": kind, kind: {"rich_text": list(items), **body}}


def image(url: str) -> dict[str, Any]:
    return {"type": "image", "image": {"type": "file", "file": {"url": url}, "caption": []}}


def table(*rows: list[str]) -> dict[str, Any]:
    return {
        "type": "table",
        "table": {},
        "children": [
            {"type": "table_row", "table_row": {"cells": [[text(c)] for c in row]}} for row in rows
        ],
    }


SOURCE = (
    "<h1>Guide</h1><p>Read <a href='b.html'>the other page</a> and"
    " <a href='https://e.org/x?q=1'>the web</a>.</p><img src='img/pic.png'>"
    "<table><tr><th>k<th>v<tr><td>one<td>1</table>"
)


def faithful() -> list[dict[str, Any]]:
    return [
        block("heading_1", text("Guide")),
        block(
            "paragraph",
            text("Read "),
            text("the other page", f"https://www.notion.so/{OTHER_ID}"),
            text(" and "),
            text("the web", "https://e.org/x?q=1"),
            text("."),
        ),
        image("http://emulator/_emulator/files/u1/pic.png"),
        table(["k", "v"], ["one", "1"]),
    ]


def run(blocks: list[dict[str, Any]], losses: list[Loss] | None = None) -> Measured:
    return measure(
        extract(SOURCE, "a.html"),
        blocks,
        title="Guide",
        losses=losses or [],
        page_id_of=IDS.get,
    )


def test_a_faithful_page_measures_one_everywhere() -> None:
    measured = run(faithful())
    assert not measured.mismatch
    assert measured.as_json() == {
        "text": 1.0,
        "images": 1.0,
        "links": 1.0,
        "cells": 1.0,
        "counts": {
            "words_kept": 12,
            "words": 12,
            "images_kept": 1,
            "images": 1,
            "links_kept": 2,
            "links": 2,
            "cells_kept": 4,
            "cells": 4,
            "links_retitled": 0,
        },
    }


def test_missing_words_are_shown_in_source_order() -> None:
    blocks = faithful()
    blocks[1] = block("paragraph", text("Read the other page"))
    measured = run(blocks)
    assert measured.mismatch
    assert measured.text.kept == 9
    assert measured.problems()[0] == "text 0.750: missing and the web"


def test_words_a_loss_lists_are_excused() -> None:
    measured = measure(
        extract("<p>kept</p><nav>Home</nav>", "a.html"),
        [block("paragraph", text("kept"))],
        title="",
        losses=[Loss("nav", "site navigation", "a.html", "chrome", text="Home")],
    )
    assert (measured.text.kept, measured.text.expected) == (1, 1)


def test_links_need_their_words_and_their_target() -> None:
    blocks = faithful()
    blocks[1] = block(
        "paragraph",
        text("Read the other page", "https://www.notion.so/" + OTHER_ID + "#abc"),
        text(" and the web."),
    )
    measured = run(blocks)
    assert (measured.links.kept, measured.links.expected) == (1, 2)
    assert measured.missing["links"] == "“the web” → https://e.org/x?q=1"


def test_a_mention_in_place_of_the_link_words_is_counted_as_retitled() -> None:
    blocks = faithful()
    blocks[1] = block("paragraph", text("Read "), mention(OTHER_ID, "Other"), text(" and the web."))
    measured = run(blocks)
    assert measured.links_retitled == 1
    assert measured.links.kept == 0


def test_a_link_written_as_words_then_a_mention_of_its_page_is_kept() -> None:
    """A link whose words end with the page's title: its first words linked, then a mention
    (the words run on, as in the source: "Prev" and "6.3." make one word)."""
    link = f"https://www.notion.so/{OTHER_ID}"
    measured = measure(
        extract("<p><a href='b.html'><strong>Prev</strong>6.3. Other page</a></p>", "a.html"),
        [block("paragraph", text("Prev", link), mention(OTHER_ID, "6.3. Other page"))],
        title="",
        page_id_of=IDS.get,
    )
    assert (measured.links.kept, measured.links_retitled) == (1, 0)
    assert measured.text.ratio == 1.0


def test_images_by_name_then_by_what_is_left() -> None:
    blocks = faithful()
    blocks[2] = image("https://files.example/abc/renamed.png?X-Amz=1")
    assert run(blocks).images.ratio == 1.0  # one image each side
    measured = run(blocks[:2] + blocks[3:])
    assert measured.images.kept == 0
    assert measured.missing["images"] == "pic.png"
    excused = [Loss("img", "image too large", "a.html")]
    assert run(blocks[:2] + blocks[3:], excused).images.ratio == 1.0


def test_linked_files_are_file_blocks_of_their_name_or_left_over() -> None:
    source = "<p><a href='a.pdf'>a.pdf</a> <a href='b.pdf'>b.pdf</a> <a href='c.pdf'>c</a></p>"
    blocks = [
        block("paragraph", text("a.pdf b.pdf c")),
        {"type": "file", "file": {"type": "file", "file": {"url": "http://e/f/1/a.pdf"}}},
        {"type": "file", "file": {"type": "file", "file": {"url": "http://e/f/1/a.pdf"}}},
    ]
    measured = measure(extract(source, "p.html"), blocks, title="")
    assert (measured.links.kept, measured.links.expected) == (2, 3)
    assert measured.missing["links"] == "“c” → c.pdf"


def test_cells_of_a_grid_must_be_cells_others_may_be_text() -> None:
    blocks = faithful()
    blocks[3] = block("paragraph", text("k v one 1"))
    measured = run(blocks)
    assert measured.cells.kept == 0
    layout = measure(
        extract("<table><tr><td>Note<td>Only <b>cell</b> here</table>", "a.html"),
        [block("callout", text("Note\nOnly cell here"))],
        title="",
    )
    assert layout.cells.ratio == 1.0


def test_totals_add_the_counts() -> None:
    one, two = run(faithful()), run(faithful()[:1])
    total = one + Measured.from_json(two.as_json())
    assert total.text.expected == 24
    assert total.images.kept == 1
    assert total.images.ratio == 0.5


def test_a_link_shown_as_its_address_may_become_a_block_that_shows_it() -> None:
    source = extract(
        "<p>See</p><div><a href='https://w.wiki/Wz6'>https://w.wiki/Wz6</a></div>", "a.html"
    )
    bookmark = {"type": "bookmark", "bookmark": {"url": "https://w.wiki/Wz6", "caption": []}}
    measured = measure(source, [block("paragraph", text("See")), bookmark], title="", losses=[])
    assert (measured.text.kept, measured.text.expected) == (2, 2)
    alone = measure(source, [block("paragraph", text("See"))], title="", losses=[])
    assert alone.text.kept == 1


def test_words_an_approximation_rewords_are_excused_but_not_its_images() -> None:
    source = extract("<p>Last Friday</p><p>kept</p><img src='a.png'>", "a.html")
    reworded = Loss("title", "given as its date", "a.html", "approximated", text="Last Friday")
    named = Loss("img", "moved 'a.png'", "a.html", "approximated", text="")
    measured = measure(
        source, [block("paragraph", text("kept"))], title="", losses=[reworded, named]
    )
    assert (measured.text.kept, measured.text.expected) == (1, 1)
    assert (measured.images.kept, measured.images.expected) == (0, 1)  # only dropped excuses


def test_a_link_to_a_database_view_the_export_lacks_reaches_the_views_page() -> None:
    source = extract("<p><a href='Tasks%2012ab.csv'>My tasks</a></p>", "a.html")
    link = text("My tasks", f"https://www.notion.so/{OTHER_ID}")
    measured = measure(
        source,
        [block("paragraph", link)],
        title="",
        losses=[],
        page_id_of={"Tasks 12ab.md": OTHER_ID}.get,
    )
    assert (measured.links.kept, measured.links.expected) == (1, 1)


def test_a_callouts_icon_picture_is_the_sources_picture() -> None:
    source = extract(
        "<div><img src='https://www.notion.so/icons/info_green.svg'>Note</div>", "a.html"
    )
    icon = {"type": "external", "external": {"url": "https://www.notion.so/icons/info_green.svg"}}
    callout = block("callout", text("Note"), icon=icon)
    measured = measure(source, [callout], title="", losses=[])
    assert (measured.images.kept, measured.images.expected) == (1, 1)
    assert measure(source, [block("callout", text("Note"))], title="", losses=[]).images.kept == 0


def test_a_navigation_link_left_out_is_not_retitled_by_a_mention_elsewhere() -> None:
    source = extract(
        "<p><a href='b.html'>Other</a></p><nav><a href='b.html'>Next</a></nav>", "a.html"
    )
    measured = measure(
        source,
        [block("paragraph", mention(OTHER_ID, "Other"))],
        title="",
        losses=[Loss("nav", "navigation", "a.html", "chrome", text="Next")],
        page_id_of=IDS.get,
    )
    assert (measured.links.kept, measured.links.expected) == (2, 2)
    assert measured.links_retitled == 0


def test_adjacent_links_to_two_blocks_of_one_page_are_two_links() -> None:
    source = extract("<p><a href='b.html#x'>[1]</a><a href='b.html#y'>[2]</a></p>", "a.html")
    base = f"https://www.notion.so/{OTHER_ID}"

    def item(content: str, block_id: str) -> dict[str, Any]:
        return {**text(content, f"{base}#{block_id}"), "href": f"{base}#{block_id}"}

    measured = measure(
        source,
        [block("paragraph", item("[1]", "a" * 32), item("[2]", "b" * 32))],
        title="",
        losses=[],
        page_id_of=IDS.get,
    )
    assert (measured.links.kept, measured.links.expected) == (2, 2)
