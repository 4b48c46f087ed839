"""Append bodies, append targets and block updates (``schema.block_requests``), with Notion's
messages.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.notion_emulator.schema.block_builders import (
    C0,
    FAILED,
    FIX_ONE,
    ID,
    column,
    columns,
    message_of,
    para,
    row,
    table,
    text,
    toggle,
)

from notion_emulator.normalize import normalize_block_payload
from notion_emulator.schema.block_requests import (
    validate_append_body,
    validate_append_target,
    validate_block_update,
    validate_children,
)
from notion_emulator.schema.messages import CELLS_MISMATCH
from notion_emulator.schema.vocabularies import CODE_LANGUAGES

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
    # an empty list is taken (../shared/reference/notion-recordings-uno/test_blocks/
    # test_modify_basic_blocks.yaml #14, #15); children are appended, not updated
    (
        "children may be an empty list",
        "paragraph",
        {"paragraph": {"children": []}},
        "2025-09-03",
        None,
    ),
    (
        "children are appended, not updated",
        "paragraph",
        {"paragraph": {"children": [{"paragraph": {"rich_text": []}}]}},
        "2025-09-03",
        f"{FAILED}body.paragraph.children should be not present, instead was `[...]`.",
    ),
    (
        "no children where a type holds none",
        "divider",
        {"divider": {"children": []}},
        "2025-09-03",
        f"{FAILED}body.divider.children should be not present, instead was `[]`.",
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
