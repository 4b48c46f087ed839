"""Junk of every shape in a request: only ValidationError may come out."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.notion_emulator.schema.block_builders import (
    ID,
    block,
    column,
    para,
    row,
    table,
    text,
)

from notion_emulator.errors import ValidationError
from notion_emulator.normalize import normalize_block_payload
from notion_emulator.schema.block_requests import (
    validate_append_body,
    validate_append_target,
    validate_block_update,
    validate_children,
)
from notion_emulator.schema.block_types import CREATABLE_TYPES, split_request_block
from notion_emulator.schema.rich_text import validate_cover, validate_icon, validate_rich_text

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
