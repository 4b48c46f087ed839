"""Request validation with Notion's messages (notion_emulator.schema).

Tables of request -> expected message (None: accepted). Every limit is tried exactly at the
limit (accepted) and one past it (the exact message).
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml
from tests import paths

from notion_emulator.errors import ValidationError
from notion_emulator.normalize import normalize_block_payload
from notion_emulator.schema.block_requests import (
    count_blocks,
    validate_append_body,
    validate_append_target,
    validate_block_update,
    validate_children,
)
from notion_emulator.schema.block_types import CREATABLE_TYPES, split_request_block
from notion_emulator.schema.limits import js_length
from notion_emulator.schema.messages import CELLS_MISMATCH, INVALID_LINK, describe
from notion_emulator.schema.rich_text import validate_cover, validate_icon, validate_rich_text
from notion_emulator.schema.vocabularies import CODE_LANGUAGES

RECORDINGS = paths.RECORDINGS
ID = "393abc1eedcd8170aebfcf1d14057b30"
FAILED = "body failed validation: "
FIX_ONE = "body failed validation. Fix one:\n"


def text(content: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"text": {"content": content, **extra}}]


def para(content: str = "x", **extra: Any) -> dict[str, Any]:
    return {"paragraph": {"rich_text": text(content), **extra}}


def block(block_type: str, children: list[Any] | None = None, **payload: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"rich_text": text("x"), **payload}
    if children is not None:
        body["children"] = children
    return {block_type: body}


def column(*children: Any, **extra: Any) -> dict[str, Any]:
    return {"column": {"children": list(children) or [para()], **extra}}


def columns(count: int, **extra: Any) -> dict[str, Any]:
    return {"column_list": {"children": [column(**extra) for _ in range(count)]}}


def row(width: int) -> dict[str, Any]:
    return {"table_row": {"cells": [text("c") for _ in range(width)]}}


def table(width: int, rows: int, *, cells: int | None = None) -> dict[str, Any]:
    return {
        "table": {
            "table_width": width,
            "children": [row(width if cells is None else cells) for _ in range(rows)],
        }
    }


def message_of(call: Callable[[], Any]) -> str | None:
    """The ValidationError message a call raises, or None when it passes."""
    try:
        call()
    except ValidationError as error:
        assert error.status == 400
        assert error.code == "validation_error"
        return error.message
    return None


def url(length: int) -> str:
    base = "https://example.com/"
    return base + "a" * (length - len(base))


# -- validate_children: limits at the boundary ------------------------------------------------

C0 = "body.children[0]"
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
    (
        "empty column",
        [{"column_list": {"children": [column(), {"column": {"children": []}}]}}],
        f"{FAILED}{C0}.column_list.children[1].column.children.length should be ≥ `1`, "
        "instead was `0`.",
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


# -- nesting --------------------------------------------------------------------------------


def numbered(*children: Any) -> dict[str, Any]:
    return block("numbered_list_item", list(children) if children else None)


def toggle(*children: Any) -> dict[str, Any]:
    return block("toggle", list(children))


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


# -- types Notion cannot create, and malformed blocks ----------------------------------------


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


# -- the 1,000-element total ----------------------------------------------------------------


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


# -- rich text on its own -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (text("a"), None),
        ([], None),
        (text("a") * 100, None),
        (text("a") * 101, f"{FAILED}body.title.length should be ≤ `100`, instead was `101`."),
        (
            {"text": {"content": "a"}},
            f"{FAILED}body.title should be an array, instead was `{{...}}`.",
        ),
        ([{"text": {"content": "a"}, "plain_text": "a", "href": None}], None),
        (
            [{"text": {"content": "a"}, "href": 3}],
            # the href failure ties with the other two kinds: Notion lists all three
            FIX_ONE + "body.title[0].href should be a string, instead was `3`.\n"
            "body.title[0].mention should be defined, instead was `undefined`.\n"
            "body.title[0].equation should be defined, instead was `undefined`.",
        ),
    ],
)
def test_rich_text(value: Any, expected: str | None) -> None:
    assert message_of(lambda: validate_rich_text(value, "body.title")) == expected


def test_recorded_response_rich_text_is_a_valid_request() -> None:
    path = RECORDINGS / "test_blocks_update.yaml"
    if not path.exists():
        pytest.skip("recording not available")
    for interaction in yaml.safe_load(path.read_text())["interactions"]:
        body = json.loads(interaction["response"]["body"]["string"])
        if body.get("type") == "paragraph":
            validate_rich_text(body["paragraph"]["rich_text"], "body.rich_text")
            validate_children([{"paragraph": {"rich_text": body["paragraph"]["rich_text"]}}])
            return
    raise AssertionError("no paragraph in the recording")


def test_recorded_requests_are_valid() -> None:
    if not RECORDINGS.exists():
        pytest.skip("recordings not available")
    seen = 0
    for path in sorted(RECORDINGS.glob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            request = interaction["request"]
            if request["method"] == "PATCH" and request["uri"].endswith("/children"):
                validate_append_body(json.loads(request["body"]), "2025-09-03")
                seen += 1
    assert seen >= 3


# -- icons and covers -----------------------------------------------------------------------

ICON_PATH = "body.icon"
ICON_CASES: list[tuple[Any, str | None]] = [
    (None, None),
    ({"emoji": "🥑"}, None),
    ({"type": "emoji", "emoji": "🥑"}, None),
    ({"type": "external", "external": {"url": "https://x/i.png"}}, None),
    ({"file_upload": {"id": ID}}, None),
    ({"custom_emoji": {"id": ID, "name": "bufo"}}, None),
    ({"icon": {"name": "pizza", "color": "lightgray"}}, None),
    (
        {"type": "externaeel", "external": {"url": "https://x/i.png"}},
        FIX_ONE + "body.icon.emoji should be defined, instead was `undefined`.\n"
        'body.icon.type should be `"external"` or `undefined`, instead was `"externaeel"`.\n'
        "body.icon.file_upload should be defined, instead was `undefined`.\n"
        "body.icon.custom_emoji should be defined, instead was `undefined`.\n"
        "body.icon.icon should be defined, instead was `undefined`.",
    ),
    (
        {"emoji": 3},
        FIX_ONE
        + "body.icon.emoji should be a string, instead was `3`.\n"
        + "\n".join(
            f"body.icon.{kind} should be defined, instead was `undefined`."
            for kind in ("external", "file_upload", "custom_emoji", "icon")
        ),
    ),
    (
        {"file_upload": {"id": "nope"}},
        f'{FAILED}body.icon.file_upload.id should be a valid uuid, instead was `"nope"`.',
    ),
    ("🥑", f'{FAILED}body.icon should be an object, instead was `"🥑"`.'),
]


@pytest.mark.parametrize(("icon", "expected"), ICON_CASES)
def test_icon(icon: Any, expected: str | None) -> None:
    assert message_of(lambda: validate_icon(icon, ICON_PATH)) == expected


@pytest.mark.parametrize(
    ("cover", "expected"),
    [
        (None, None),
        ({"external": {"url": "https://x/c.jpg"}}, None),
        ({"type": "file_upload", "file_upload": {"id": ID}}, None),
        (
            {"emoji": "🥑"},
            FIX_ONE + "body.cover.external should be defined, instead was `undefined`.\n"
            "body.cover.file_upload should be defined, instead was `undefined`.",
        ),
        (
            {"external": {"url": ""}},
            f"{FAILED}body.cover.external.url.length should be ≥ `1`, instead was `0`.",
        ),
    ],
)
def test_cover(cover: Any, expected: str | None) -> None:
    assert message_of(lambda: validate_cover(cover, "body.cover")) == expected


def test_callout_icon_cannot_be_an_upload() -> None:
    item = block("callout", icon={"file_upload": {"id": ID}})
    assert message_of(lambda: validate_children([item])) == (
        FIX_ONE
        + "\n".join(
            f"{C0}.callout.icon.{kind} should be defined, instead was `undefined`."
            for kind in ("emoji", "external", "custom_emoji", "icon")
        )
    )


# -- append body ------------------------------------------------------------------------------

APPEND_CASES: list[tuple[str, Any, str, str | None]] = [
    ("children only", {"children": [para()]}, "2025-09-03", None),
    ("position end", {"children": [para()], "position": {"type": "end"}}, "2026-03-11", None),
    ("position start", {"children": [para()], "position": {"type": "start"}}, "2026-03-11", None),
    (
        "position after_block",
        {"children": [para()], "position": {"type": "after_block", "after_block": {"id": ID}}},
        "2025-09-03",
        None,
    ),
    ("legacy after", {"children": [para()], "after": ID}, "2025-09-03", None),
    ("legacy after in 2022", {"children": [para()], "after": ID}, "2022-06-28", None),
    (
        "after is gone in 2026-03-11",
        {"children": [para()], "after": ID},
        "2026-03-11",
        f'{FAILED}body.after should be not present, instead was `"{ID}"`.',
    ),
    (
        "after with position",
        {"children": [para()], "after": ID, "position": {"type": "end"}},
        "2025-09-03",
        f"{FAILED}body.after should be not present when body.position is defined, "
        f'instead was `"{ID}"`.',
    ),
    (
        "after not an id",
        {"children": [para()], "after": "first"},
        "2025-09-03",
        f'{FAILED}body.after should be a valid uuid, instead was `"first"`.',
    ),
    (
        "no children",
        {},
        "2025-09-03",
        f"{FAILED}body.children should be defined, instead was `undefined`.",
    ),
    (
        "body an array",
        [para()],
        "2025-09-03",
        f"{FAILED}body should be an object, instead was `[...]`.",
    ),
    (
        "unknown key",
        {"children": [], "foo": 1},
        "2025-09-03",
        f"{FAILED}body.foo should be not present, instead was `1`.",
    ),
    (
        "101 children",
        {"children": [para()] * 101},
        "2025-09-03",
        f"{FAILED}body.children.length should be ≤ `100`, instead was `101`.",
    ),
    (
        "bad block inside",
        {"children": [{"divider": {"x": 1}}]},
        "2026-03-11",
        f"{FAILED}{C0}.divider.x should be not present, instead was `1`.",
    ),
    (
        "position of an unknown type",
        {"children": [], "position": {"type": "bogus"}},
        "2025-09-03",
        FIX_ONE + "body.position.after_block should be defined, instead was `undefined`.\n"
        'body.position.type should be `"start"`, instead was `"bogus"`.\n'
        'body.position.type should be `"end"`, instead was `"bogus"`.',
    ),
    (
        "after_block without id",
        {"children": [], "position": {"type": "after_block", "after_block": {}}},
        "2025-09-03",
        f"{FAILED}body.position.after_block.id should be defined, instead was `undefined`.",
    ),
]


@pytest.mark.parametrize(
    ("body", "version", "expected"),
    [case[1:] for case in APPEND_CASES],
    ids=[case[0] for case in APPEND_CASES],
)
def test_append_body(body: Any, version: str, expected: str | None) -> None:
    assert message_of(lambda: validate_append_body(body, version)) == expected


# -- append target --------------------------------------------------------------------------

TARGET_CASES: list[tuple[str, dict[str, Any], list[Any], str | None]] = [
    *(
        (parent, {}, [para(), toggle(para()), columns(2), table(1, 1)], None)
        for parent in (
            "child_page",
            "paragraph",
            "bulleted_list_item",
            "numbered_list_item",
            "to_do",
            "toggle",
            "quote",
            "callout",
            "synced_block",
            "column",
            "template",
        )
    ),
    *(
        (parent, {}, [para()], f"Block type {parent} does not support children.")
        for parent in (
            "divider",
            "image",
            "code",
            "equation",
            "bookmark",
            "table_row",
            "child_database",
            "link_to_page",
            "no_such_type",
        )
    ),
    ("heading_1", {"is_toggleable": True}, [para()], None),
    (
        "heading_1",
        {"is_toggleable": False},
        [para()],
        "Block type heading_1 does not support children.",
    ),
    ("heading_4", {}, [para()], "Block type heading_4 does not support children."),
    ("column_list", {}, [column()], None),
    (
        "column_list",
        {},
        [column(), para()],
        f"{FAILED}body.children[1].column should be defined, instead was `undefined`.",
    ),
    (
        "child_page",
        {},
        [column()],
        f"{FAILED}{C0}.column should be not present, instead was `{{...}}`.",
    ),
    (
        "toggle",
        {},
        [row(1)],
        f"{FAILED}{C0}.table_row should be not present, instead was `{{...}}`.",
    ),
    ("table", {"table_width": 2}, [row(2), row(2)], None),
    ("table", {"table_width": 2}, [row(2), row(3)], CELLS_MISMATCH),
    (
        "table",
        {"table_width": 2},
        [para()],
        f"{FAILED}{C0}.table_row should be defined, instead was `undefined`.",
    ),
    ("tab", {}, [para()], None),
    (
        "tab",
        {},
        [toggle(para())],
        f"{FAILED}{C0}.paragraph should be defined, instead was `undefined`.",
    ),
]


@pytest.mark.parametrize(
    ("parent", "payload", "children", "expected"),
    TARGET_CASES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(TARGET_CASES)],
)
def test_append_target(
    parent: str, payload: dict[str, Any], children: list[Any], expected: str | None
) -> None:
    validate_children(children)
    assert message_of(lambda: validate_append_target(parent, payload, children)) == expected


def test_append_target_reads_the_stored_payload() -> None:
    stored = normalize_block_payload("heading_2", {"rich_text": [], "is_toggleable": True})
    validate_append_target("heading_2", stored, [para()])
    stored = normalize_block_payload("table", {"table_width": 3})
    validate_append_target("table", stored, [row(3)])


# -- block update ---------------------------------------------------------------------------

UPDATE_CASES: list[tuple[str, str, Any, str, str | None]] = [
    ("rich text", "paragraph", {"paragraph": {"rich_text": text("b")}}, "2025-09-03", None),
    (
        "recorded update",
        "paragraph",
        {
            "paragraph": {
                "rich_text": [
                    {
                        "text": {"content": "u"},
                        "annotations": {"bold": True, "color": "red_background"},
                    }
                ]
            }
        },
        "2025-09-03",
        None,
    ),
    (
        "paragraph icon only",
        "paragraph",
        {"paragraph": {"icon": {"emoji": "📌"}}},
        "2025-09-03",
        None,
    ),
    ("empty body", "paragraph", {}, "2025-09-03", None),
    ("trash", "paragraph", {"in_trash": True}, "2026-03-11", None),
    ("archived before 2026-03-11", "paragraph", {"archived": True}, "2025-09-03", None),
    (
        "archived in 2026-03-11",
        "paragraph",
        {"archived": True},
        "2026-03-11",
        f"{FAILED}body.archived should be not present, instead was `true`.",
    ),
    (
        "in_trash not a boolean",
        "paragraph",
        {"in_trash": "yes"},
        "2025-09-03",
        f'{FAILED}body.in_trash should be a boolean, instead was `"yes"`.',
    ),
    ("type matches", "toggle", {"type": "toggle", "toggle": {"rich_text": []}}, "2025-09-03", None),
    (
        "type differs",
        "paragraph",
        {"type": "heading_1"},
        "2025-09-03",
        f'{FAILED}body.type should be `"paragraph"` or `undefined`, instead was `"heading_1"`.',
    ),
    (
        "another type's payload",
        "paragraph",
        {"heading_1": {"rich_text": []}},
        "2025-09-03",
        f"{FAILED}body.heading_1 should be not present, instead was `{{...}}`.",
    ),
    (
        "children are appended, not updated",
        "paragraph",
        {"paragraph": {"children": []}},
        "2025-09-03",
        f"{FAILED}body.paragraph.children should be not present, instead was `[]`.",
    ),
    (
        "table_width is fixed",
        "table",
        {"table": {"table_width": 3}},
        "2025-09-03",
        f"{FAILED}body.table.table_width should be not present, instead was `3`.",
    ),
    ("table headers", "table", {"table": {"has_column_header": True}}, "2025-09-03", None),
    (
        "heading needs rich_text",
        "heading_1",
        {"heading_1": {"is_toggleable": True}},
        "2025-09-03",
        f"{FAILED}body.heading_1.rich_text should be defined, instead was `undefined`.",
    ),
    ("code language", "code", {"code": {"language": "rust"}}, "2025-09-03", None),
    (
        "code language unknown",
        "code",
        {"code": {"language": "rustlang"}},
        "2025-09-03",
        f"{FAILED}body.code.language should be "
        + ", ".join(f'`"{lang}"`' for lang in CODE_LANGUAGES)
        + ', or `undefined`, instead was `"rustlang"`.',
    ),
    ("to_do checked", "to_do", {"to_do": {"checked": True}}, "2025-09-03", None),
    ("column ratio", "column", {"column": {"width_ratio": 0.3}}, "2025-09-03", None),
    (
        "column ratio 1.5",
        "column",
        {"column": {"width_ratio": 1.5}},
        "2025-09-03",
        f"{FAILED}body.column.width_ratio should be > `0` and < `1`, instead was `1.5`.",
    ),
    (
        "image new source",
        "image",
        {"image": {"external": {"url": "https://x/y.png"}}},
        "2025-09-03",
        None,
    ),
    ("file rename", "file", {"file": {"name": "b.pdf"}}, "2025-09-03", None),
    (
        "image name",
        "image",
        {"image": {"name": "b.png"}},
        "2025-09-03",
        f'{FAILED}body.image.name should be not present, instead was `"b.png"`.',
    ),
    ("bookmark url", "bookmark", {"bookmark": {"url": "https://x"}}, "2025-09-03", None),
    ("link_to_page", "link_to_page", {"link_to_page": {"page_id": ID}}, "2025-09-03", None),
    ("equation", "equation", {"equation": {"expression": "x"}}, "2025-09-03", None),
    (
        "equation without expression",
        "equation",
        {"equation": {}},
        "2025-09-03",
        f"{FAILED}body.equation.expression should be defined, instead was `undefined`.",
    ),
    ("divider", "divider", {"divider": {}}, "2025-09-03", None),
    (
        "child_page cannot be updated here",
        "child_page",
        {"child_page": {"title": "x"}},
        "2025-09-03",
        f"{FAILED}body.child_page should be not present, instead was `{{...}}`.",
    ),
    (
        "body not an object",
        "paragraph",
        "x",
        "2025-09-03",
        f'{FAILED}body should be an object, instead was `"x"`.',
    ),
]


@pytest.mark.parametrize(
    ("block_type", "body", "version", "expected"),
    [case[1:] for case in UPDATE_CASES],
    ids=[case[0] for case in UPDATE_CASES],
)
def test_block_update(block_type: str, body: Any, version: str, expected: str | None) -> None:
    assert message_of(lambda: validate_block_update(block_type, body, version)) == expected


# -- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bar", '"bar"'),
        ("é", '"é"'),
        (3, "3"),
        (1.0, "1"),
        (1.5, "1.5"),
        (True, "true"),
        (None, "null"),
        ([], "[]"),
        ([1], "[...]"),
        ({}, "{}"),
        ({"a": 1}, "{...}"),
        (math.nan, "NaN"),
        (object, "\"<class 'object'>\""),  # not JSON: its repr, quoted
    ],
)
def test_describe(value: Any, expected: str) -> None:
    assert describe(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("abc", 3), ("é", 1), ("😀", 2), ("a😀b", 4), ("\ud83d", 1)]
)
def test_js_length(value: str, expected: int) -> None:
    assert js_length(value) == expected


# -- junk of every shape: only ValidationError may come out -----------------------------------

JUNK: list[Any] = [
    None,
    0,
    -1,
    1.5,
    math.nan,
    math.inf,
    10**40,
    True,
    "",
    "x",
    "\ud83d",
    [],
    [None],
    [[]],
    [{}],
    {},
    {"type": None},
    {"type": 3},
    {"type": []},
    {"children": None},
    {"rich_text": {}},
    {"": ""},
]

RICH_TREE: list[Any] = [
    {
        "object": "block",
        "type": "paragraph",
        "paragraph": {
            "rich_text": [
                {
                    "text": {"content": "a", "link": {"url": "https://x.org"}},
                    "annotations": {"bold": True},
                },
                {"mention": {"page": {"id": ID}}},
                {"mention": {"date": {"start": "2026-01-01", "end": None}}},
                {"equation": {"expression": "x"}},
            ],
            "icon": {"emoji": "🥑"},
            "children": [
                block("toggle", [para()]),
                block("heading_1", [para()], is_toggleable=True),
            ],
        },
    },
    {"column_list": {"children": [column(para(), width_ratio=0.5), column(width_ratio=0.5)]}},
    table(2, 2),
    {"image": {"external": {"url": "https://x/i.png"}, "caption": text("c")}},
    {"file": {"file_upload": {"id": ID}, "name": "n.pdf"}},
    {"code": {"rich_text": text("x"), "language": "python", "caption": []}},
    {"link_to_page": {"page_id": ID}},
    {"synced_block": {"synced_from": None, "children": [para()]}},
    {"tab": {"children": [para()]}},
    {"callout": {"rich_text": [], "icon": {"icon": {"name": "pizza"}}}},
]


def mutations(value: Any) -> Iterator[Any]:
    """Copies of ``value`` with one subtree replaced by junk or one key removed."""
    for junk in JUNK:
        yield copy.deepcopy(junk)
    if isinstance(value, dict):
        for key in value:
            rest = {k: v for k, v in value.items() if k != key}
            yield rest
            for changed in mutations(value[key]):
                yield {**value, key: changed}
    elif isinstance(value, list):
        for index, element in enumerate(value[:3]):
            for changed in mutations(element):
                yield [*value[:index], changed, *value[index + 1 :]]


def only_validation_errors(call: Callable[[], Any]) -> bool:
    try:
        call()
    except ValidationError:
        return False
    return True


def test_rich_tree_is_valid() -> None:
    validate_children(RICH_TREE)
    validate_append_body({"children": RICH_TREE}, "2025-09-03")


def normalize_tree(children: list[Any]) -> None:
    """Normalize every block of an accepted request, twice: the result must not change."""
    for item in children:
        block_type, payload, kids = split_request_block(item)
        once = normalize_block_payload(block_type, payload)
        assert normalize_block_payload(block_type, once) == once
        normalize_tree(kids)


def test_junk_never_raises_anything_but_validation_error() -> None:
    accepted = rejected = 0
    for mutated in mutations(RICH_TREE):
        if only_validation_errors(lambda m=mutated: validate_children(m)):
            accepted += 1
            normalize_tree(mutated)
            only_validation_errors(lambda m=mutated: validate_append_target("child_page", {}, m))
        else:
            rejected += 1
        only_validation_errors(
            lambda m=mutated: validate_append_body({"children": m}, "2026-03-11")
        )
    assert rejected > 1000 and accepted > 10


@pytest.mark.parametrize("junk", JUNK, ids=[repr(j)[:20] for j in JUNK])
def test_junk_everywhere(junk: Any) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: validate_children(junk),
        lambda: validate_children([junk]),
        lambda: validate_children([{"paragraph": junk}]),
        lambda: validate_rich_text(junk, "body.title"),
        lambda: validate_rich_text([junk], "body.title"),
        lambda: validate_icon(junk, "body.icon"),
        lambda: validate_cover(junk, "body.cover"),
        lambda: validate_append_body(junk, "2025-09-03"),
        lambda: validate_append_body({"children": [], "position": junk}, "2025-09-03"),
        lambda: validate_append_target("table", {"table_width": junk}, [row(1)]),
        lambda: validate_append_target("column_list", {}, [junk]),
        lambda: validate_append_target("heading_1", {"is_toggleable": junk}, [para()]),
        *(
            lambda t=block_type: validate_block_update(t, junk, "2025-09-03")
            for block_type in ("paragraph", "table", "image", "link_to_page", "nothing")
        ),
        *(
            lambda t=block_type: validate_block_update(t, {t: junk}, "2026-03-11")
            for block_type in CREATABLE_TYPES
        ),
    ]
    for call in calls:
        only_validation_errors(call)
