"""Page moves, pages as Markdown, async tasks, views and view queries (handlers/moves.py,
markdown.py, async_tasks.py, views.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from notion_client import APIResponseError

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport

VERSION = {"Notion-Version": "2025-09-03"}


def text(content: str, **annotations: bool) -> list[dict[str, Any]]:
    item: dict[str, Any] = {"type": "text", "text": {"content": content}}
    if annotations:
        item["annotations"] = annotations
    return [item]


async def new_page(client: Any, parent: str, title: str, **extra: Any) -> Any:
    return await client.pages.create(
        parent={"page_id": parent}, properties={"title": text(title)}, **extra
    )


async def new_database(client: Any, parent: str) -> tuple[Any, str]:
    database = await client.databases.create(
        parent={"page_id": parent},
        title=text("Tasks"),
        initial_data_source={
            "properties": {"Name": {"title": {}}, "Done": {"checkbox": {}}, "N": {"number": {}}}
        },
    )
    return database, database["data_sources"][0]["id"]


async def row(client: Any, source_id: str, name: str, n: int, done: bool = False) -> Any:
    return await client.pages.create(
        parent={"data_source_id": source_id},
        properties={"Name": {"title": text(name)}, "N": {"number": n}, "Done": {"checkbox": done}},
    )


# -- move --------------------------------------------------------------------------------


async def test_move_page_under_another_page(notion_client: Any, notion_root_page_id: str) -> None:
    a = await new_page(notion_client, notion_root_page_id, "A")
    b = await new_page(notion_client, notion_root_page_id, "B")
    moved = await notion_client.pages.move(page_id=b["id"], parent={"page_id": a["id"]})
    assert moved["parent"] == {"type": "page_id", "page_id": a["id"]}
    under_a = await notion_client.blocks.children.list(block_id=a["id"])
    assert [c["id"] for c in under_a["results"]] == [b["id"]]
    under_root = await notion_client.blocks.children.list(block_id=notion_root_page_id)
    assert b["id"] not in [c["id"] for c in under_root["results"]]


async def test_move_refuses_cycles(notion_client: Any, notion_root_page_id: str) -> None:
    a = await new_page(notion_client, notion_root_page_id, "A")
    b = await new_page(notion_client, a["id"], "B")
    for target in (a, b):
        with pytest.raises(APIResponseError) as excinfo:
            await notion_client.pages.move(page_id=a["id"], parent={"page_id": target["id"]})
        assert excinfo.value.status == 400


async def test_move_page_into_a_data_source_and_out(
    notion_client: Any, notion_root_page_id: str
) -> None:
    _database, source_id = await new_database(notion_client, notion_root_page_id)
    page = await new_page(notion_client, notion_root_page_id, "Loose")
    moved = await notion_client.pages.move(
        page_id=page["id"], parent={"type": "data_source_id", "data_source_id": source_id}
    )
    assert moved["parent"]["data_source_id"] == source_id
    assert moved["properties"]["Name"]["title"][0]["plain_text"] == "Loose"
    assert set(moved["properties"]) == {"Name", "Done", "N"}
    rows = await notion_client.data_sources.query(data_source_id=source_id)
    assert [r["id"] for r in rows["results"]] == [page["id"]]
    under_root = await notion_client.blocks.children.list(block_id=notion_root_page_id)
    assert page["id"] not in [c["id"] for c in under_root["results"]]


async def test_move_row_back_keeps_only_the_title(
    notion_client: Any, notion_root_page_id: str
) -> None:
    _database, source_id = await new_database(notion_client, notion_root_page_id)
    entry = await row(notion_client, source_id, "Row", 3)
    moved = await notion_client.pages.move(
        page_id=entry["id"], parent={"page_id": notion_root_page_id}
    )
    assert list(moved["properties"]) == ["title"]
    assert moved["properties"]["title"]["title"][0]["plain_text"] == "Row"
    rows = await notion_client.data_sources.query(data_source_id=source_id)
    assert rows["results"] == []


# -- Markdown ----------------------------------------------------------------------------


async def test_markdown_renders_blocks(notion_client: Any, notion_root_page_id: str) -> None:
    children = [
        {"heading_2": {"rich_text": text("Title")}},
        {"paragraph": {"rich_text": text("bold", bold=True) + text(" and plain")}},
        {"numbered_list_item": {"rich_text": text("one")}},
        {
            "numbered_list_item": {
                "rich_text": text("two"),
                "children": [{"bulleted_list_item": {"rich_text": text("nested")}}],
            }
        },
        {"to_do": {"rich_text": text("task"), "checked": True}},
        {"code": {"rich_text": text("print(1)"), "language": "python"}},
        {"divider": {}},
        {"table_of_contents": {}},
        {"bookmark": {"url": "https://example.com/"}},
    ]
    page = await new_page(notion_client, notion_root_page_id, "MD", children=children)
    got = await notion_client.pages.retrieve_markdown(page_id=page["id"])
    listed = await notion_client.blocks.children.list(block_id=page["id"])
    bookmark = listed["results"][-1]["id"].replace("-", "")
    assert got["markdown"] == (
        "## Title\n**bold** and plain\n1. one\n2. two\n\t- nested\n- [x] task\n"
        "```python\nprint(1)\n```\n---\n<table_of_contents/>\n"
        f'<unknown url="https://www.notion.so/{page["id"].replace("-", "")}#{bookmark}"'
        ' alt="bookmark"/>'
    )
    assert got["truncated"] is False and got["unknown_block_ids"] == []


async def test_markdown_speaks_notions_dialect(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """Toggles, callouts, tables, columns, media, mentions and escapes as Notion's published
    dialect writes them."""
    other = await new_page(notion_client, notion_root_page_id, "Other")
    link = {"type": "text", "text": {"content": "site", "link": {"url": "https://e.test/"}}}
    mention = {"type": "mention", "mention": {"page": {"id": other["id"]}}}
    children = [
        {"paragraph": {"rich_text": text("1. a *b* <c>\nd")}},
        {"paragraph": {"rich_text": [link, mention], "color": "red"}},
        {"paragraph": {"rich_text": []}},
        {
            "toggle": {
                "rich_text": text("T"),
                "children": [{"paragraph": {"rich_text": text("in")}}],
            }
        },
        {"callout": {"rich_text": text("C"), "icon": {"emoji": "💡"}}},
        {
            "table": {
                "table_width": 2,
                "has_column_header": True,
                "children": [{"table_row": {"cells": [text("x"), text("a|b")]}}],
            }
        },
        {
            "column_list": {
                "children": [
                    {"column": {"children": [{"paragraph": {"rich_text": text("L")}}]}},
                    {"column": {"children": [{"paragraph": {"rich_text": text("R")}}]}},
                ]
            }
        },
        {"image": {"external": {"url": "https://e.test/a.png"}, "caption": text("cap")}},
        {"video": {"external": {"url": "https://e.test/v.mp4"}}},
        {"code": {"rich_text": text("a\n```\nb"), "language": "python"}},
    ]
    page = await new_page(notion_client, notion_root_page_id, "MD", children=children)
    got = await notion_client.pages.retrieve_markdown(page_id=page["id"])
    other_hex = other["id"].replace("-", "")
    assert got["markdown"].split("\n") == [
        "1\\. a \\*b\\* \\<c\\><br>d",
        f'[site](https://e.test/)<mention-page url="https://www.notion.so/{other_hex}">Other'
        '</mention-page> {color="red"}',
        "<empty-block/>",
        "<details>",
        "<summary>T</summary>",
        "\tin",
        "</details>",
        '::: callout {icon="💡"}',
        "C",
        ":::",
        '<table header-row="true">',
        "\t<tr>",
        "\t\t<td>x</td>",
        "\t\t<td>a\\|b</td>",
        "\t</tr>",
        "</table>",
        "<columns>",
        "\t<column>",
        "\t\tL",
        "\t</column>",
        "\t<column>",
        "\t\tR",
        "\t</column>",
        "</columns>",
        "![cap](https://e.test/a.png)",
        '<video source="https://e.test/v.mp4"></video>',
        "````python",
        "a",
        "```",
        "b",
        "````",
    ]


async def test_markdown_insert_and_replace(notion_client: Any, notion_root_page_id: str) -> None:
    page = await new_page(notion_client, notion_root_page_id, "MD")
    pid = page["id"]

    async def update(**command: Any) -> str:
        answer = await notion_client.pages.update_markdown(page_id=pid, **command)
        return str(answer["markdown"])

    assert await update(type="insert_content", insert_content={"content": "b\n\n- c"}) == "b\n- c"
    insert_first = {"content": "# a", "position": {"type": "start"}}
    assert await update(type="insert_content", insert_content=insert_first) == "# a\nb\n- c"
    after_b = {"content": "> q", "after": "b"}
    assert await update(type="insert_content", insert_content=after_b) == "# a\nb\n> q\n- c"
    ranged = {"content": "middle", "content_range": "b...q"}
    assert await update(type="replace_content_range", replace_content_range=ranged) == (
        "# a\nmiddle\n- c"
    )
    code = {"new_str": "```python\nx = 1\n\ny = 2\n```"}
    assert await update(type="replace_content", replace_content=code) == (
        "```python\nx = 1\n\ny = 2\n```"
    )
    listed = await notion_client.blocks.children.list(block_id=pid)
    assert [b["type"] for b in listed["results"]] == ["code"]


async def test_markdown_errors(notion_client: Any, notion_root_page_id: str) -> None:
    page = await new_page(notion_client, notion_root_page_id, "MD")
    bad = [
        {"type": "nope"},
        {"type": "insert_content"},
        {"type": "insert_content", "insert_content": {"content": "x", "after": "missing"}},
        {"type": "update_content", "update_content": {}},
    ]
    for body in bad:
        with pytest.raises(APIResponseError) as excinfo:
            await notion_client.pages.update_markdown(page_id=page["id"], **body)
        assert excinfo.value.code == "validation_error", body


async def test_async_markdown_update_is_a_task(
    notion_http: httpx.AsyncClient, notion_token: str, notion_root_page_id: str
) -> None:
    headers = {**VERSION, "Authorization": f"Bearer {notion_token}"}
    page = await notion_http.post(
        "/v1/pages",
        headers=headers,
        json={"parent": {"page_id": notion_root_page_id}, "properties": {"title": text("T")}},
    )
    answer = await notion_http.patch(
        f"/v1/pages/{page.json()['id']}/markdown",
        headers=headers,
        json={"allow_async": True, "type": "insert_content", "insert_content": {"content": "hi"}},
    )
    assert answer.status_code == 202
    task = answer.json()
    assert task["object"] == "async_task" and task["status"] == "queued"
    assert task["id"].startswith("task_")
    polled = await notion_http.get(task["status_url"], headers=headers)
    assert polled.json()["status"] == "succeeded"
    assert polled.json()["result"]["markdown"] == "hi"
    missing = await notion_http.get("/v1/async_tasks/task_unknown", headers=headers)
    assert missing.status_code == 404


# -- views -------------------------------------------------------------------------------


async def test_every_data_source_gets_a_default_view(
    notion_client: Any, notion_root_page_id: str
) -> None:
    database, source_id = await new_database(notion_client, notion_root_page_id)
    listed = await notion_client.views.list(database_id=database["id"])
    assert len(listed["results"]) == 1
    view = await notion_client.views.retrieve(view_id=listed["results"][0]["id"])
    assert (view["type"], view["data_source_id"]) == ("table", source_id)
    await notion_client.data_sources.create(
        parent={"database_id": database["id"]}, properties={"Name": {"title": {}}}
    )
    listed = await notion_client.views.list(database_id=database["id"])
    assert len(listed["results"]) == 2
    by_source = await notion_client.views.list(data_source_id=source_id)
    assert [v["id"] for v in by_source["results"]] == [view["id"]]


async def test_view_crud_and_queries(notion_client: Any, notion_root_page_id: str) -> None:
    database, source_id = await new_database(notion_client, notion_root_page_id)
    rows = [await row(notion_client, source_id, f"r{n}", n, done=n % 2 == 0) for n in range(5)]
    view = await notion_client.views.create(
        database_id=database["id"],
        data_source_id=source_id,
        name="Done, by N desc",
        type="board",
        filter={"property": "Done", "checkbox": {"equals": True}},
        sorts=[{"property": "N", "direction": "descending"}],
    )
    assert view["url"].endswith("?v=" + view["id"].replace("-", ""))
    renamed = await notion_client.views.update(view_id=view["id"], name="Renamed")
    assert renamed["name"] == "Renamed" and renamed["filter"] == view["filter"]
    first = await notion_client.views.queries.create(view_id=view["id"], page_size=2)
    expected = [rows[4]["id"], rows[2]["id"], rows[0]["id"]]
    assert first["total_count"] == 3
    assert [r["id"] for r in first["results"]] == expected[:2] and first["has_more"]
    rest = await notion_client.views.queries.results(
        view_id=view["id"], query_id=first["id"], start_cursor=first["next_cursor"]
    )
    assert [r["id"] for r in rest["results"]] == expected[2:] and not rest["has_more"]
    deleted = await notion_client.views.queries.delete(view_id=view["id"], query_id=first["id"])
    assert deleted == {**deleted, "object": "view_query", "deleted": True}
    with pytest.raises(APIResponseError) as excinfo:
        await notion_client.views.queries.results(view_id=view["id"], query_id=first["id"])
    assert excinfo.value.status == 404
    gone = await notion_client.views.delete(view_id=view["id"])
    assert set(gone) - {"request_id"} == {"object", "id", "parent", "type"}
    with pytest.raises(APIResponseError):
        await notion_client.views.retrieve(view_id=view["id"])


async def test_view_requests_are_validated(notion_client: Any, notion_root_page_id: str) -> None:
    database, source_id = await new_database(notion_client, notion_root_page_id)
    other, _ = await new_database(notion_client, notion_root_page_id)
    good = {"database_id": database["id"], "data_source_id": source_id, "name": "V"}
    bad = [
        {**good, "type": "spreadsheet"},
        {**good, "type": "table", "filter": {"property": "Nope", "checkbox": {"equals": True}}},
        {**good, "type": "table", "sorts": [{"property": "N", "direction": "up"}]},
        {**good, "type": "table", "database_id": other["id"]},
        {**good, "type": "table", "configuration": {"type": "board"}},
    ]
    for body in bad:
        with pytest.raises(APIResponseError) as excinfo:
            await notion_client.views.create(**body)
        assert excinfo.value.code == "validation_error", body
    listed = await notion_client.views.list(database_id=database["id"])
    assert len(listed["results"]) == 1  # nothing half-made


async def test_views_persist(tmp_path: Path) -> None:
    config = EmulatorConfig(rate=0, data_path=str(tmp_path / "ws.sqlite"))
    app = create_app(config)
    headers = {**VERSION, "Authorization": f"Bearer {config.token}"}
    transport = EmulatorTransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://e") as http:
        database = await http.post(
            "/v1/databases",
            headers=headers,
            json={"parent": {"page_id": app.state.emulator.root_page_id}, "title": text("D")},
        )
        database_id = database.json()["id"]
        source_id = database.json()["data_sources"][0]["id"]
        views = (await http.get(f"/v1/views?database_id={database_id}", headers=headers)).json()
        await http.delete(f"/v1/views/{views['results'][0]['id']}", headers=headers)
        kept = await http.post(
            "/v1/views",
            headers=headers,
            json={
                "database_id": database_id,
                "data_source_id": source_id,
                "name": "Kept",
                "type": "list",
            },
        )
    app.state.emulator.store.close()
    again = create_app(EmulatorConfig(rate=0, data_path=config.data_path))
    async with httpx.AsyncClient(transport=EmulatorTransport(again), base_url="http://e") as http:
        listed = await http.get(f"/v1/views?database_id={database_id}", headers=headers)
        view = await http.get(f"/v1/views/{kept.json()['id']}", headers=headers)
    assert listed.json()["results"] == [{"object": "view", "id": kept.json()["id"]}]
    assert view.json()["name"] == "Kept"
