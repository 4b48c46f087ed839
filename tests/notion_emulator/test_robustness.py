"""Bad input never breaks the emulator: junk at every route gets Notion's errors, never a 500."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest

from notion_emulator.app import create_app
from notion_emulator.handlers.routes import ROUTES
from notion_emulator.transport import EmulatorTransport

ALLOWED = {200, 400, 401, 404, 413}
SCALARS: list[Any] = [None, True, False, 0, -1, 1.5, 10**20, "", "x", "é" * 3000, "null"]
KEYS = [
    "children",
    "paragraph",
    "rich_text",
    "text",
    "content",
    "type",
    "parent",
    "page_id",
    "properties",
    "title",
    "filter",
    "sorts",
    "position",
    "after",
    "icon",
    "cover",
    "query",
    "start_cursor",
    "page_size",
    "mode",
    "filename",
    "number_of_parts",
    "in_trash",
    "archived",
    "table",
    "cells",
    "column_list",
    "column",
    "image",
    "file_upload",
    "id",
    "and",
    "or",
    "property",
    "equals",
    "database_id",
    "data_source_id",
    "initial_data_source",
    "code",
    "language",
    "link",
    "url",
    "annotations",
    "mention",
    "equation",
    "expression",
]


def junk(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.35:
        return rng.choice(SCALARS)
    if roll < 0.6:
        return [junk(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(KEYS): junk(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def fill(template: str, ids: dict[str, str], rng: random.Random) -> str:
    path = template
    for name in ("id", "property_id"):
        choice = rng.choice([ids.get(name, "nope"), "nope", "0" * 32, ids["page"]])
        path = path.replace("{" + name + "}", choice)
    return path


async def test_junk_everywhere_gets_notion_errors_only() -> None:
    app = create_app(rate=0)
    emulator = app.state.emulator
    token = emulator.config.token
    headers = {"Authorization": f"Bearer {token}", "Notion-Version": "2025-09-03"}
    rng = random.Random(20261122)
    async with httpx.AsyncClient(
        transport=EmulatorTransport(app), base_url="http://e", headers=headers
    ) as http:
        page = (
            await http.post(
                "/v1/pages",
                json={
                    "parent": {"page_id": emulator.root_page_id},
                    "properties": {"title": [{"text": {"content": "target"}}]},
                    "children": [{"paragraph": {"rich_text": [{"text": {"content": "p"}}]}}],
                },
            )
        ).json()
        block_id = (await http.get(f"/v1/blocks/{page['id']}/children")).json()["results"][0]["id"]
        ids = {"page": page["id"], "id": block_id, "property_id": "title"}
        seen: set[int] = set()
        for _ in range(25):
            for route in ROUTES:
                template = route.name.split(" ", 1)[1]
                path = "/v1" + fill(template, ids, rng)
                body = junk(rng)
                if rng.random() < 0.1:
                    content = b"{" + bytes(rng.randrange(256) for _ in range(20))
                else:
                    content = json.dumps(body).encode()
                ctype = rng.choice(["application/json", "text/plain", "multipart/form-data"])
                response = await http.request(
                    route.method,
                    path,
                    content=content if route.method != "GET" else None,
                    params={"page_size": str(rng.choice(SCALARS)), "start_cursor": "x"}
                    if rng.random() < 0.3
                    else None,
                    headers={"content-type": ctype},
                )
                seen.add(response.status_code)
                assert response.status_code in ALLOWED, (route.name, response.text)
                error = response.json()
                if response.status_code != 200:
                    assert error["object"] == "error" and error["request_id"]
                    assert isinstance(error["message"], str) and error["message"]
    stats = emulator.stats_json()
    assert stats["internal_errors"] == 0
    assert 400 in seen and 404 in seen


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "application/x-www-form-urlencoded"]
)
async def test_wrong_content_types_are_parsed_or_refused_cleanly(content_type: str) -> None:
    app = create_app(rate=0)
    token = app.state.emulator.config.token
    headers = {
        "Authorization": f"Bearer {token}",
        "Notion-Version": "2025-09-03",
        "content-type": content_type,
    }
    async with httpx.AsyncClient(transport=EmulatorTransport(app), base_url="http://e") as http:
        r = await http.post("/v1/search", headers=headers, content=b'{"query": ""}')
        assert r.status_code == 200
        r = await http.post("/v1/search", headers=headers, content=b"query=x")
        assert r.status_code == 400 and r.json()["code"] == "invalid_json"
