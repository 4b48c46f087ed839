"""Block trees in a request (``schema.block_requests.validate_children``), with Notion's messages.

Tables of request -> expected message (None: accepted). Every limit is tried exactly at the
limit (accepted) and one past it (the exact message): sizes, nesting, types Notion cannot
create, the 1,000-element total.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.notion_emulator.schema.block_builders import (
    C0,
    FAILED,
    FIX_ONE,
    ID,
    block,
    column,
    columns,
    message_of,
    para,
    row,
    table,
    text,
    toggle,
    url,
)

from notion_emulator.schema.block_requests import (
    count_blocks,
    validate_children,
)
from notion_emulator.schema.block_types import CREATABLE_TYPES
from notion_emulator.schema.messages import CELLS_MISMATCH, INVALID_LINK
from notion_emulator.schema.vocabularies import CODE_LANGUAGES

CHILDREN_CASES: list[tuple[str, Any, str | None]] = [
    ("100 blocks", [para()] * 100, None),
    (
        "101 blocks",
        [para()] * 101,
        f"{FAILED}body.children.length should be ≤ `100`, instead was `101`.",
    ),
    ("empty", [], None),
    ("100 rich text items", [{"paragraph": {"rich_text": text("a") * 100}}], None),
    (
        "101 rich text items",
        [{"paragraph": {"rich_text": text("a") * 101}}],
        f"{FAILED}{C0}.paragraph.rich_text.length should be ≤ `100`, instead was `101`.",
    ),
    ("2000 chars", [para("x" * 2000)], None),
    (
        "2345 chars at index 3",
        [para(), para(), para(), para("x" * 2345)],
        f"{FAILED}body.children[3].paragraph.rich_text[0].text.content.length should be ≤ "
        "`2000`, instead was `2345`.",
    ),
    ("1000 astral emoji = 2000 UTF-16 units", [para("😀" * 1000)], None),
    (
        "1000 emoji + 1 char",
        [para("😀" * 1000 + "a")],
        f"{FAILED}{C0}.paragraph.rich_text[0].text.content.length should be ≤ `2000`, "
        "instead was `2001`.",
    ),
    ("2000 BMP non-ASCII chars", [para("é" * 2000)], None),
    ("link url 2000", [{"paragraph": {"rich_text": text("a", link={"url": url(2000)})}}], None),
    (
        "link url 2001",
        [{"paragraph": {"rich_text": text("a", link={"url": url(2001)})}}],
        f"{FAILED}{C0}.paragraph.rich_text[0].text.link.url.length should be ≤ `2000`, "
        "instead was `2001`.",
    ),
    ("link null", [{"paragraph": {"rich_text": text("a", link=None)}}], None),
    ("relative link", [{"paragraph": {"rich_text": text("a", link={"url": "/x"})}}], INVALID_LINK),
    *(
        (f"link {target}", [{"paragraph": {"rich_text": text("a", link={"url": target})}}], None)
        for target in ("mailto:a@b.c", "MAILTO:a@b.c?subject=Hi", "HTTPS://Example.org/a?b#c")
    ),
    *(
        (
            f"link {target}",
            [{"paragraph": {"rich_text": text("a", link={"url": target})}}],
            INVALID_LINK,
        )
        for target in (
            "mailto:",
            "mailto:a b@c.d",
            "#anchor",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "zotero://select/items/1",
            "https://",
            "https:example.org",
            "https://example.org/a b",
        )
    ),
    (
        "equation 1000",
        [{"paragraph": {"rich_text": [{"equation": {"expression": "x" * 1000}}]}}],
        None,
    ),
    (
        "equation 1001",
        [{"paragraph": {"rich_text": [{"equation": {"expression": "x" * 1001}}]}}],
        f"{FAILED}{C0}.paragraph.rich_text[0].equation.expression.length should be ≤ `1000`, "
        "instead was `1001`.",
    ),
    ("block equation has no 1000 limit", [{"equation": {"expression": "x" * 5000}}], None),
    ("bookmark url 2000", [{"bookmark": {"url": url(2000)}}], None),
    (
        "bookmark url 2001",
        [{"bookmark": {"url": url(2001)}}],
        f"{FAILED}{C0}.bookmark.url.length should be ≤ `2000`, instead was `2001`.",
    ),
    (
        "bookmark url empty",
        [{"bookmark": {"url": ""}}],
        f"{FAILED}{C0}.bookmark.url.length should be ≥ `1`, instead was `0`.",
    ),
    ("image url 2000", [{"image": {"external": {"url": url(2000)}}}], None),
    (
        "image url 2001",
        [{"image": {"type": "external", "external": {"url": url(2001)}}}],
        f"{FAILED}{C0}.image.external.url.length should be ≤ `2000`, instead was `2001`.",
    ),
    ("file name 100", [{"file": {"external": {"url": url(30)}, "name": "n" * 100}}], None),
    (
        "file name 101",
        [{"file": {"external": {"url": url(30)}, "name": "n" * 101}}],
        f"{FAILED}{C0}.file.name.length should be ≤ `100`, instead was `101`.",
    ),
    (
        "file name empty",
        [{"file": {"file_upload": {"id": ID}, "name": ""}}],
        f"{FAILED}{C0}.file.name.length should be ≥ `1`, instead was `0`.",
    ),
    (
        "caption 100 items",
        [{"image": {"external": {"url": url(30)}, "caption": text("c") * 100}}],
        None,
    ),
    (
        "caption 101 items",
        [{"image": {"external": {"url": url(30)}, "caption": text("c") * 101}}],
        f"{FAILED}{C0}.image.caption.length should be ≤ `100`, instead was `101`.",
    ),
    ("table of 100 cells", [table(100, 1)], None),
    (
        "row of 101 cells",
        [table(101, 1)],
        f"{FAILED}{C0}.table.children[0].table_row.cells.length should be ≤ `100`, "
        "instead was `101`.",
    ),
    (
        "cell of 101 items",
        [{"table": {"table_width": 1, "children": [{"table_row": {"cells": [text("c") * 101]}}]}}],
        f"{FAILED}{C0}.table.children[0].table_row.cells[0].length should be ≤ `100`, "
        "instead was `101`.",
    ),
    ("table of 100 rows", [table(2, 100)], None),
    (
        "table of 101 rows",
        [table(2, 101)],
        f"{FAILED}{C0}.table.children.length should be ≤ `100`, instead was `101`.",
    ),
    (
        "table without rows",
        [table(2, 0)],
        f"{FAILED}{C0}.table.children.length should be ≥ `1`, instead was `0`.",
    ),
    (
        "table without children key",
        [{"table": {"table_width": 2}}],
        f"{FAILED}{C0}.table.children should be defined, instead was `undefined`.",
    ),
    ("table width 1", [table(1, 1)], None),
    (
        "table width 0",
        [table(0, 1)],
        f"{FAILED}{C0}.table.table_width should be ≥ `1`, instead was `0`.",
    ),
    (
        "table width 1.5",
        [{"table": {"table_width": 1.5, "children": [row(1)]}}],
        f"{FAILED}{C0}.table.table_width should be an integer, instead was `1.5`.",
    ),
    (
        "table width 2.0 is an integer",
        [{"table": {"table_width": 2.0, "children": [row(2)]}}],
        None,
    ),
    ("cells != table_width", [table(3, 2, cells=2)], CELLS_MISMATCH),
    # columns
    ("2 columns", [columns(2)], None),
    ("100 columns", [columns(100)], None),
    (
        "1 column",
        [columns(1)],
        f"{FAILED}{C0}.column_list.children.length should be ≥ `2`, instead was `1`.",
    ),
    (
        "101 columns",
        [columns(101)],
        f"{FAILED}{C0}.column_list.children.length should be ≤ `100`, instead was `101`.",
    ),
    # Notion creates an empty column (../shared/reference/notion-recordings-uno/test_blocks/
    # test_create_column_blocks.yaml #3)
    (
        "empty column",
        [{"column_list": {"children": [column(), {"column": {"children": []}}]}}],
        None,
    ),
    (
        "column without children",
        [{"column_list": {"children": [column(), {"column": {}}]}}],
        f"{FAILED}{C0}.column_list.children[1].column.children should be defined, "
        "instead was `undefined`.",
    ),
    (
        "paragraph in a column_list",
        [{"column_list": {"children": [column(), para()]}}],
        f"{FAILED}{C0}.column_list.children[1].column should be defined, instead was `undefined`.",
    ),
    (
        "ratios 0.5 + 0.5",
        [{"column_list": {"children": [column(width_ratio=0.5), column(width_ratio=0.5)]}}],
        None,
    ),
    (
        "ratios off by less than the tolerance",
        [{"column_list": {"children": [column(width_ratio=0.5), column(width_ratio=0.5000001)]}}],
        None,
    ),
    (
        "ratios 0.5 + 0.6",
        [{"column_list": {"children": [column(width_ratio=0.5), column(width_ratio=0.6)]}}],
        f"{FAILED}{C0}.column_list.children should have width_ratio values summing to `1`, "
        "instead was `1.1`.",
    ),
    (
        "one ratio of three",
        [{"column_list": {"children": [column(width_ratio=0.5), column(), column()]}}],
        None,
    ),
    (
        "two given ratios of three reaching 1",
        [
            {
                "column_list": {
                    "children": [column(width_ratio=0.5), column(width_ratio=0.5), column()]
                }
            }
        ],
        f"{FAILED}{C0}.column_list.children should have width_ratio values summing to `1`, "
        "instead was `1`.",
    ),
    (
        "ratio 0",
        [{"column_list": {"children": [column(width_ratio=0), column()]}}],
        f"{FAILED}{C0}.column_list.children[0].column.width_ratio should be > `0` and < `1`, "
        "instead was `0`.",
    ),
    (
        "ratio 1",
        [{"column_list": {"children": [column(width_ratio=1), column()]}}],
        f"{FAILED}{C0}.column_list.children[0].column.width_ratio should be > `0` and < `1`, "
        "instead was `1`.",
    ),
    (
        "ratio as a string",
        [{"column_list": {"children": [column(width_ratio="0.5"), column()]}}],
        f"{FAILED}{C0}.column_list.children[0].column.width_ratio should be a number, "
        'instead was `"0.5"`.',
    ),
    ("a column appended on its own", [column(para())], None),
    # enums and types
    ("code in python", [{"code": {"rich_text": text("print()"), "language": "python"}}], None),
    (
        "code without language",
        [{"code": {"rich_text": []}}],
        f"{FAILED}{C0}.code.language should be defined, instead was `undefined`.",
    ),
    (
        "paragraph without rich_text",
        [{"paragraph": {}}],
        f"{FAILED}{C0}.paragraph.rich_text should be defined, instead was `undefined`.",
    ),
    (
        "rich_text a string",
        [{"paragraph": {"rich_text": "x"}}],
        f'{FAILED}{C0}.paragraph.rich_text should be an array, instead was `"x"`.',
    ),
    (
        "content a number",
        [{"paragraph": {"rich_text": [{"text": {"content": 3}}]}}],
        f"{FAILED}{C0}.paragraph.rich_text[0].text.content should be a string, instead was `3`.",
    ),
    (
        "content missing",
        [{"paragraph": {"rich_text": [{"text": {}}]}}],
        f"{FAILED}{C0}.paragraph.rich_text[0].text.content should be defined, "
        "instead was `undefined`.",
    ),
    (
        "annotations inside text",
        [{"paragraph": {"rich_text": [{"text": {"content": "a", "annotations": {"bold": True}}}]}}],
        f"{FAILED}{C0}.paragraph.rich_text[0].text.annotations should be not present, "
        "instead was `{...}`.",
    ),
    (
        "annotation not a boolean",
        [
            {
                "paragraph": {
                    "rich_text": [{"text": {"content": "a"}, "annotations": {"bold": "yes"}}]
                }
            }
        ],
        f"{FAILED}{C0}.paragraph.rich_text[0].annotations.bold should be a boolean, "
        'instead was `"yes"`.',
    ),
    (
        "to_do checked not a boolean",
        [block("to_do", checked=1)],
        f"{FAILED}{C0}.to_do.checked should be a boolean, instead was `1`.",
    ),
    ("every color", [block("quote", color=color) for color in ("default", "red_background")], None),
    # unknown keys
    (
        "unknown payload key",
        [{"paragraph": {"rich_text": text("a"), "foo": "bar"}}],
        f'{FAILED}{C0}.paragraph.foo should be not present, instead was `"bar"`.',
    ),
    (
        "children under a divider",
        [{"divider": {"children": [para()]}}],
        f"{FAILED}{C0}.divider.children should be not present, instead was `[...]`.",
    ),
    (
        "empty children array shown as []",
        [{"divider": {"children": []}}],
        f"{FAILED}{C0}.divider.children should be not present, instead was `[]`.",
    ),
    (
        "empty object shown as {}",
        [{"embed": {"url": url(30), "caption": [], "foo": {}}}],
        f"{FAILED}{C0}.embed.foo should be not present, instead was `{{}}`.",
    ),
    ("object and type given", [{"object": "block", "type": "paragraph", **para()}], None),
    # rich text in several forms
    (
        "mention page id invalid",
        [{"paragraph": {"rich_text": [{"mention": {"page": {"id": "abc"}}}]}}],
        f"{FAILED}{C0}.paragraph.rich_text[0].mention.page.id should be a valid uuid, "
        'instead was `"abc"`.',
    ),
    (
        "mention date invalid",
        [{"paragraph": {"rich_text": [{"mention": {"date": {"start": "Invalid DateTime"}}}]}}],
        f"{FAILED}{C0}.paragraph.rich_text[0].mention.date.start should be a valid ISO 8601 "
        'date string, instead was `"Invalid DateTime"`.',
    ),
    (
        "mentions of every creatable kind",
        [
            {
                "paragraph": {
                    "rich_text": [
                        {"mention": {"page": {"id": ID}}},
                        {"mention": {"database": {"id": ID}}},
                        {"mention": {"user": {"object": "user", "id": ID}}},
                        {"mention": {"date": {"start": "2026-07-04T09:08:00.000Z", "end": None}}},
                        {"mention": {"template_mention": {"template_mention_date": "now"}}},
                        {"mention": {"custom_emoji": {"id": ID}}},
                    ]
                }
            }
        ],
        None,
    ),
]


@pytest.mark.parametrize(
    ("children", "expected"),
    [case[1:] for case in CHILDREN_CASES],
    ids=[case[0] for case in CHILDREN_CASES],
)
def test_children(children: Any, expected: str | None) -> None:
    assert message_of(lambda: validate_children(children)) == expected


def numbered(*children: Any) -> dict[str, Any]:
    return block("numbered_list_item", list(children) if children else None)


def fix_one_of_every_type(path: str, level: int) -> str:
    """The message for a block naming no type Notion can create at this level."""
    allowed = [
        name
        for name in CREATABLE_TYPES
        if not (level > 0 and name in ("column_list", "column"))
        and not (level > 1 and name == "table")
    ]
    return FIX_ONE + "\n".join(
        f"{path}.{name} should be defined, instead was `undefined`." for name in allowed
    )


NESTING_CASES: list[tuple[str, list[Any], str | None]] = [
    ("two levels of children", [numbered(numbered(numbered()))], None),
    (
        "three levels of children (Notion's message)",
        [para(), numbered(numbered(numbered(numbered())))],
        f"{FAILED}body.children[1].numbered_list_item.children[0].numbered_list_item.children[0]"
        ".numbered_list_item.children should be not present, instead was `[...]`.",
    ),
    (
        "column_list > column > block > children",
        [{"column_list": {"children": [column(toggle(para())), column()]}}],
        None,
    ),
    (
        "column_list > column > block > children > children",
        [{"column_list": {"children": [column(toggle(toggle(para()))), column()]}}],
        f"{FAILED}{C0}.column_list.children[0].column.children[0].toggle.children[0].toggle"
        ".children should be not present, instead was `[...]`.",
    ),
    ("table one level down", [toggle(table(2, 2))], None),
    (
        "table two levels down",
        [toggle(toggle(table(2, 2)))],
        fix_one_of_every_type(f"{C0}.toggle.children[0].toggle.children[0]", 2),
    ),
    (
        "column_list one level down",
        [toggle(columns(2))],
        fix_one_of_every_type(f"{C0}.toggle.children[0]", 1),
    ),
    (
        "table_row outside a table",
        [toggle(row(1))],
        f"{FAILED}{C0}.toggle.children[0].table_row should be not present, instead was `{{...}}`.",
    ),
    ("toggleable heading with children", [block("heading_2", [para()], is_toggleable=True)], None),
    (
        "heading with children, not toggleable",
        [block("heading_1", [para()])],
        f"{FAILED}{C0}.heading_1.is_toggleable should be `true`, instead was `undefined`.",
    ),
    (
        "heading with children, toggleable false",
        [toggle(block("heading_3", [para()], is_toggleable=False))],
        f"{FAILED}{C0}.toggle.children[0].heading_3.is_toggleable should be `true`, "
        "instead was `false`.",
    ),
    ("heading with an empty children array", [block("heading_1", [])], None),
    (
        "tab with paragraph items",
        [
            {
                "tab": {
                    "children": [
                        para(icon={"emoji": "📄"}),
                        {"paragraph": {"rich_text": [], "children": [para()]}},
                    ]
                }
            }
        ],
        None,
    ),
    (
        "tab with a heading item",
        [{"tab": {"children": [block("heading_1")]}}],
        f"{FAILED}{C0}.tab.children[0].paragraph should be defined, instead was `undefined`.",
    ),
    (
        "block children given at the top level of the block",
        [{"paragraph": {"rich_text": []}, "children": [para()]}],
        FIX_ONE
        + fix_one_of_every_type(C0, 0)
        .removeprefix(FIX_ONE)
        .replace(
            f"{C0}.paragraph should be defined, instead was `undefined`.",
            f"{C0}.children should be not present, instead was `[...]`.",
        ),
    ),
]


@pytest.mark.parametrize(
    ("children", "expected"),
    [case[1:] for case in NESTING_CASES],
    ids=[case[0] for case in NESTING_CASES],
)
def test_nesting(children: list[Any], expected: str | None) -> None:
    assert message_of(lambda: validate_children(children)) == expected


@pytest.mark.parametrize(
    "item",
    [
        {"child_page": {"title": "x"}},
        {"type": "child_database", "child_database": {"title": "x"}},
        {"link_preview": {"url": "https://x"}},
        {"meeting_notes": {}},
        {"transcription": {}},
        {"unsupported": {}},
        {"heading_5": {"rich_text": []}},
        {"object": "block"},
        {},
    ],
)
def test_not_creatable(item: dict[str, Any]) -> None:
    assert message_of(lambda: validate_children([item])) == fix_one_of_every_type(C0, 0)


@pytest.mark.parametrize(
    ("item", "extra_line"),
    [
        (
            {"type": "heading_1", **para()},
            f'{C0}.type should be `"paragraph"` or `undefined`, instead was `"heading_1"`.',
        ),
        (
            {"object": "page", **para()},
            f'{C0}.object should be `"block"` or `undefined`, instead was `"page"`.',
        ),
        (
            {**para(), "id": ID},
            f'{C0}.id should be not present, instead was `"{ID}"`.',
        ),
    ],
)
def test_block_level_mistakes_list_every_alternative(item: dict[str, Any], extra_line: str) -> None:
    message = message_of(lambda: validate_children([item]))
    assert message is not None
    lines = message.removeprefix(FIX_ONE).split("\n")
    assert message.startswith(FIX_ONE + f"{C0}.embed should be defined, instead was `undefined`.")
    assert extra_line in lines
    assert len(lines) == len(CREATABLE_TYPES)


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ("x", f'{FAILED}body.children should be an array, instead was `"x"`.'),
        (None, f"{FAILED}body.children should be an array, instead was `null`."),
        ({}, f"{FAILED}body.children should be an array, instead was `{{}}`."),
        ([3], f"{FAILED}{C0} should be an object, instead was `3`."),
        ([[]], f"{FAILED}{C0} should be an object, instead was `[]`."),
        ([para(), None], f"{FAILED}body.children[1] should be an object, instead was `null`."),
    ],
)
def test_children_not_blocks(children: Any, expected: str) -> None:
    assert message_of(lambda: validate_children(children)) == expected


def test_code_language_lists_every_language() -> None:
    message = message_of(lambda: validate_children([{"code": {"rich_text": [], "language": "py"}}]))
    assert message == (
        f"{FAILED}{C0}.code.language should be "
        + ", ".join(f'`"{lang}"`' for lang in CODE_LANGUAGES[:-1])
        + f', or `"{CODE_LANGUAGES[-1]}"`, instead was `"py"`.'
    )
    assert message.startswith(f'{FAILED}{C0}.code.language should be `"abap"`, `"abc"`, `"agda"`')


def test_optional_color_lists_undefined() -> None:
    message = message_of(lambda: validate_children([block("toggle", color="rainbow")]))
    assert message is not None
    assert message.startswith(f'{FAILED}{C0}.toggle.color should be `"default"`, `"gray"`, ')
    assert message.endswith('`"red_background"`, or `undefined`, instead was `"rainbow"`.')


def test_rich_text_item_without_a_kind() -> None:
    message = message_of(
        lambda: validate_children([{"paragraph": {"rich_text": [{"type": "text"}]}}])
    )
    path = f"{C0}.paragraph.rich_text[0]"
    assert message == (
        f"{FAILED.replace(': ', '. Fix one:')}\n"
        f"{path}.text should be defined, instead was `undefined`.\n"
        f"{path}.mention should be defined, instead was `undefined`.\n"
        f"{path}.equation should be defined, instead was `undefined`."
    )


def test_thousand_block_elements_pass_and_count() -> None:
    tree = [toggle(*[para()] * 99) for _ in range(10)]
    assert validate_children(tree) == 1000
    assert count_blocks(tree) == 1000


def test_thousand_and_one_block_elements_fail() -> None:
    tree = [toggle(*[para()] * 99) for _ in range(10)] + [para()]
    assert message_of(lambda: validate_children(tree)) == (
        f"{FAILED}body.children should have ≤ `1000` block elements in total, instead was `1001`."
    )


def test_count_includes_columns_and_rows() -> None:
    tree = [{"column_list": {"children": [column(para(), para()), column()]}}, table(2, 3)]
    # column_list + 2 columns + 3 paragraphs + table + 3 rows
    assert validate_children(tree) == 10


def test_path_is_the_callers() -> None:
    message = message_of(lambda: validate_children([3], path="body.children", version="2026-03-11"))
    assert message == f"{FAILED}{C0} should be an object, instead was `3`."
