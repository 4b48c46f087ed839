"""A page built through an in-process emulator's ``/v1``, for the tests that read pages back
and show them: columns, a table, a nested toggle, a mention and more paragraphs than one
cursor page holds."""

from __future__ import annotations

from typing import Any

import httpx

PAGINATED = 230  # paragraphs appended in batches of at most 100


def headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Notion-Version": "2025-09-03"}


def req_text(content: str, **annotations: Any) -> list[dict[str, Any]]:
    item: dict[str, Any] = {"type": "text", "text": {"content": content}}
    if annotations:
        item["annotations"] = annotations
    return [item]


def req(kind: str, text: str, children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"rich_text": req_text(text)}
    if children is not None:
        payload["children"] = children
    return {"type": kind, kind: payload}


async def call(
    http: httpx.AsyncClient, token: str, method: str, path: str, body: Any = None
) -> dict[str, Any]:
    response = await http.request(method, path, json=body, headers=headers(token))
    assert response.status_code == 200, response.text
    found = response.json()
    assert isinstance(found, dict)
    return found


async def build_page(http: httpx.AsyncClient, token: str, parent: str) -> tuple[str, str]:
    """A page with columns, a table, a nested toggle, a mention and 230 more paragraphs.
    Returns (page id, id of the mentioned page)."""
    other = await call(
        http,
        token,
        "POST",
        "/v1/pages",
        {"parent": {"page_id": parent}, "properties": {"title": req_text("Other page")}},
    )
    children = [
        req("heading_1", "Top"),
        {
            "column_list": {
                "children": [
                    {
                        "column": {
                            "children": [req("paragraph", "left 1"), req("paragraph", "left 2")]
                        }
                    },
                    {"column": {"children": [req("paragraph", "right")]}},
                ]
            }
        },
        {
            "table": {
                "table_width": 2,
                "has_column_header": True,
                "has_row_header": False,
                "children": [
                    {"table_row": {"cells": [req_text("Name"), req_text("Qty")]}},
                    {"table_row": {"cells": [req_text("apple"), req_text("3")]}},
                ],
            }
        },
        req(
            "toggle",
            "More",
            [
                req("paragraph", "inside"),
                req("bulleted_list_item", "item", [req("paragraph", "deep")]),
            ],
        ),
        {
            "paragraph": {
                "rich_text": [
                    {"type": "text", "text": {"content": "see "}},
                    {"type": "mention", "mention": {"page": {"id": other["id"]}}},
                ]
            }
        },
    ]
    page = await call(
        http,
        token,
        "POST",
        "/v1/pages",
        {
            "parent": {"page_id": parent},
            "properties": {"title": req_text("Preview <test> page")},
            "children": children,
        },
    )
    numbers = list(range(PAGINATED))
    for start in range(0, PAGINATED, 100):
        batch = [req("paragraph", f"p{n:03d}") for n in numbers[start : start + 100]]
        await call(http, token, "PATCH", f"/v1/blocks/{page['id']}/children", {"children": batch})
    return str(page["id"]), str(other["id"])


def plain(block: dict[str, Any]) -> str:
    """The plain text of a block read back."""
    return "".join(i["plain_text"] for i in block[block["type"]].get("rich_text", []))
