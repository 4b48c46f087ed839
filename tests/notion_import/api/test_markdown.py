"""notion_import.api.markdown: Notion-flavoured Markdown read into blocks, one construct at a
time (the fixtures are written as Notion's published dialect writes them)."""

from __future__ import annotations

from typing import Any

import pytest

from notion_import.api.markdown import UNKNOWN, read, rich_text


def plain(items: list[dict[str, Any]]) -> str:
    out = []
    for item in items:
        if item["type"] == "equation":
            out.append(item["equation"]["expression"])
        else:
            out.append(item["plain_text"])
    return "".join(out)


def text_of(block: dict[str, Any]) -> str:
    return plain(block[block["type"]].get("rich_text", []))


def only(markdown: str) -> dict[str, Any]:
    blocks = read(markdown)
    assert len(blocks) == 1, blocks
    return blocks[0]


@pytest.mark.parametrize(
    ("markdown", "kind", "text"),
    [
        ("Just words", "paragraph", "Just words"),
        ("# One", "heading_1", "One"),
        ("## Two", "heading_2", "Two"),
        ("### Three", "heading_3", "Three"),
        ("#### Four", "heading_3", "Four"),
        ("- bullet", "bulleted_list_item", "bullet"),
        ("7. seventh", "numbered_list_item", "seventh"),
        ("> quoted<br>twice", "quote", "quoted\ntwice"),
        ("<empty-block/>", "paragraph", ""),
        ('Red words {color="red"}', "paragraph", "Red words"),
        ("1\\. not a list", "paragraph", "1. not a list"),
        ("\\# not a heading", "paragraph", "# not a heading"),
        ("\\- not a bullet", "paragraph", "- not a bullet"),
    ],
)
def test_line_blocks(markdown: str, kind: str, text: str) -> None:
    block = only(markdown)
    assert block["type"] == kind
    assert text_of(block) == text


def test_to_dos_keep_their_check() -> None:
    done, undone = read("- [x] done\n- [ ] not yet")
    assert (done["type"], done["to_do"]["checked"], text_of(done)) == ("to_do", True, "done")
    assert (undone["to_do"]["checked"], text_of(undone)) == (False, "not yet")


def test_children_are_one_tab_deeper() -> None:
    top, after = read("- top\n\t- child\n\t\t1. grandchild\n\tsecond child\nafter")
    assert [b["type"] for b in top["children"]] == ["bulleted_list_item", "paragraph"]
    assert text_of(top["children"][0]["children"][0]) == "grandchild"
    assert top["has_children"] is True and "children" not in after


def test_inline_marks_are_read_past_and_escapes_kept() -> None:
    items = rich_text(
        '**bold** *it* ~~gone~~ `co*de` <span underline="true">under</span> '
        '<span color="blue">blue</span> \\*star\\* \\[x\\] a\\<b\\> \\$5'
    )
    assert plain(items) == "bold it gone co*de under blue *star* [x] a<b> $5"
    assert all(i["href"] is None for i in items)


def test_code_holding_backticks_is_fenced_longer() -> None:
    assert (
        plain(rich_text("the ``i`th`` one and `` `x` `` and ` a `"))
        == "the i`th one and `x` and  a "
    )


def test_links_keep_their_words_and_targets() -> None:
    items = rich_text("see [the **other** page](https://example.com/a_(b)) now")
    assert [(i["plain_text"], i["href"]) for i in items] == [
        ("see ", None),
        ("the other page", "https://example.com/a_(b)"),
        (" now", None),
    ]
    assert items[1]["text"]["link"] == {"url": "https://example.com/a_(b)"}


def test_mentions_equations_and_line_breaks() -> None:
    items = rich_text(
        'by <mention-page url="https://www.notion.so/0123456789abcdef0123456789abcdef">'
        "Other</mention-page>, $e^x$<br>$+1$ and<br>`a`<br>`<br>`"
        ' <mention-date start="2026-01-02"/>'
    )
    mention = items[1]
    assert mention["type"] == "mention"
    assert mention["mention"]["page"]["id"] == "01234567-89ab-cdef-0123-456789abcdef"
    assert mention["plain_text"] == "Other"
    assert items[3] == {"type": "equation", "equation": {"expression": "e^x"}, "href": None}
    assert plain(items) == "by Other, e^x\n+1 and\na\n<br> 2026-01-02"


def test_code_and_equation_blocks_are_literal() -> None:
    code, equation, nested = read(
        "```python\nx = [1]  # **not bold**\n\n\ty\n```\n$$\na \\\\ b\n$$\n"
        "- item\n\t```js\n\tz\n\t```"
    )
    assert code["type"] == "code" and code["code"]["language"] == "python"
    assert text_of(code) == "x = [1]  # **not bold**\n\n\ty"
    assert equation["equation"]["expression"] == "a \\\\ b"
    assert text_of(nested["children"][0]) == "z"


def test_toggles_callouts_and_toggle_headings() -> None:
    toggle, callout, heading, tagged = read(
        "<details>\n<summary>Open **me**</summary>\n\tinside\n</details>\n"
        '::: callout {icon="💡" color="gray_bg"}\nNote this\n- and this\n:::\n'
        '## Section {toggle="true"}\n\tfolded\n'
        '<callout icon="https://example.com/i/pic.svg">\n\tTagged\n\tmore\n</callout>'
    )
    assert toggle["type"] == "toggle" and text_of(toggle) == "Open me"
    assert [text_of(c) for c in toggle["children"]] == ["inside"]
    assert callout["callout"]["icon"] == {"type": "emoji", "emoji": "💡"}
    assert text_of(callout) == "Note this"
    assert [c["type"] for c in callout["children"]] == ["bulleted_list_item"]
    assert heading["type"] == "heading_2" and text_of(heading["children"][0]) == "folded"
    assert tagged["callout"]["icon"]["external"]["url"] == "https://example.com/i/pic.svg"
    assert text_of(tagged) == "Tagged" and text_of(tagged["children"][0]) == "more"


def test_nested_callouts_close_innermost_first() -> None:
    outer, after = read(
        "::: callout\nOuter\n::: callout\nInner\nin inner\n:::\nin outer\n:::\nafter"
    )
    inner = outer["children"][0]
    assert [text_of(c) for c in inner["children"]] == ["in inner"]
    assert text_of(outer["children"][1]) == "in outer"
    assert text_of(after) == "after"


def test_tables_keep_their_cells() -> None:
    table = only(
        '<table header-row="true">\n\t<tr>\n\t\t<td>Name</td>\n\t\t<td>**Value**</td>\n\t</tr>\n'
        "\t<tr>\n\t\t<td>a \\| b</td>\n\t\t<td></td>\n\t</tr>\n</table>"
    )
    assert table["type"] == "table" and table["table"]["has_column_header"] is True
    assert table["table"]["table_width"] == 2
    cells = [[plain(c) for c in row["table_row"]["cells"]] for row in table["children"]]
    assert cells == [["Name", "Value"], ["a | b", ""]]


def test_columns() -> None:
    columns = only(
        "<columns>\n\t<column>\n\t\tleft\n\t\t- l2\n\t</column>\n"
        "\t<column>\n\t\tright\n\t</column>\n</columns>"
    )
    assert columns["type"] == "column_list"
    assert [[text_of(b) for b in c["children"]] for c in columns["children"]] == [
        ["left", "l2"],
        ["right"],
    ]


def test_media_pages_and_unknown_blocks() -> None:
    image, video, pdf, page, database, toc, unknown, divider = read(
        '![A *cat*](https://files.example/u1/cat.png) {color="red"}\n'
        '<video source="https://v.example/clip.mp4">Clip</video>\n'
        '<pdf source="https://f.example/doc%201.pdf"></pdf>\n'
        '<page url="https://www.notion.so/0123456789abcdef0123456789abcdef">Child \\[1\\]</page>\n'
        '<database url="https://www.notion.so/fedcba9876543210fedcba9876543210">Rows</database>\n'
        "<table_of_contents/>\n"
        '<unknown url="https://www.notion.so/0123456789abcdef0123456789abcdef#'
        'aaaaaaaabbbbccccddddeeeeeeeeeeee" alt="bookmark"/>\n'
        "---"
    )
    assert image["image"]["external"]["url"] == "https://files.example/u1/cat.png"
    assert plain(image["image"]["caption"]) == "A cat"
    assert video["video"]["external"]["url"] == "https://v.example/clip.mp4"
    assert plain(video["video"]["caption"]) == "Clip"
    assert pdf["pdf"]["external"]["url"] == "https://f.example/doc%201.pdf"
    assert page["type"] == "child_page" and page["child_page"]["title"] == "Child [1]"
    assert page["id"] == "01234567-89ab-cdef-0123-456789abcdef"
    assert database["type"] == "child_database" and database["child_database"]["title"] == "Rows"
    assert toc["type"] == "table_of_contents" and divider["type"] == "divider"
    assert unknown == {
        "object": "block",
        "type": UNKNOWN,
        "id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    }


def test_an_empty_page_has_no_blocks() -> None:
    assert read("") == []
