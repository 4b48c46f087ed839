"""The official notion-client driving the emulator through every endpoint."""

from __future__ import annotations

import importlib.abc
import sys
from typing import Any

import httpx
import pytest
from notion_client import APIResponseError, AsyncClient

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport

pytestmark = pytest.mark.asyncio


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


def para(content: str) -> dict[str, Any]:
    return {"paragraph": {"rich_text": text(content)}}


async def new_page(client: Any, parent: str, title: str = "Page", **extra: Any) -> Any:
    return await client.pages.create(
        parent={"page_id": parent}, properties={"title": text(title)}, **extra
    )


async def child_texts(client: Any, block_id: str) -> list[str]:
    listed = await client.blocks.children.list(block_id=block_id)
    out = []
    for block in listed["results"]:
        payload = block[block["type"]]
        out.append("".join(t["plain_text"] for t in payload.get("rich_text", [])))
    return out


async def test_users(notion_client: Any) -> None:
    me = await notion_client.users.me()
    assert me["type"] == "bot"
    assert me["bot"]["workspace_limits"]["max_file_upload_size_in_bytes"] > 0
    listed = await notion_client.users.list()
    assert {u["type"] for u in listed["results"]} == {"bot", "person"}
    person = next(u for u in listed["results"] if u["type"] == "person")
    assert (await notion_client.users.retrieve(user_id=person["id"]))["id"] == person["id"]


async def test_page_create_retrieve_update_trash(
    notion_client: Any, notion_root_page_id: str
) -> None:
    page = await new_page(notion_client, notion_root_page_id, "Hello world", children=[para("x")])
    assert page["object"] == "page"
    assert page["parent"] == {"type": "page_id", "page_id": notion_root_page_id}
    assert page["url"].endswith("Hello-world-" + page["id"].replace("-", ""))
    title = page["properties"]["title"]["title"][0]
    assert title["plain_text"] == "Hello world"
    assert title["annotations"]["color"] == "default"
    got = await notion_client.pages.retrieve(page_id=page["id"])
    assert got["id"] == page["id"]
    updated = await notion_client.pages.update(
        page_id=page["id"],
        icon={"type": "emoji", "emoji": "🛴"},
        properties={"title": text("Renamed")},
    )
    assert updated["icon"] == {"type": "emoji", "emoji": "🛴"}
    assert updated["properties"]["title"]["title"][0]["plain_text"] == "Renamed"
    trashed = await notion_client.pages.update(page_id=page["id"], in_trash=True)
    assert trashed["in_trash"] is True and trashed["archived"] is True
    # a sub-page shows up in its parent's children as child_page
    children = await notion_client.blocks.children.list(block_id=notion_root_page_id)
    assert [b["type"] for b in children["results"]] == []  # trashed pages are not listed


async def test_append_positions_and_pagination(
    notion_client: Any, notion_root_page_id: str
) -> None:
    page = await new_page(notion_client, notion_root_page_id)
    appended = await notion_client.blocks.children.append(
        block_id=page["id"], children=[para("a"), para("c")]
    )
    first, third = (b["id"] for b in appended["results"])

    def texts(answer: dict[str, Any]) -> list[str]:
        return [b["paragraph"]["rich_text"][0]["plain_text"] for b in answer["results"]]

    # inserted before the end, Notion answers the new blocks then every later sibling
    # (recorded: notion-recordings-uno/test_blocks/test_insert_after_replace_block.yaml)
    inserted = await notion_client.blocks.children.append(
        block_id=page["id"],
        children=[para("b")],
        position={"type": "after_block", "after_block": {"id": first}},
    )
    assert texts(inserted) == ["b", "c"]
    inserted = await notion_client.blocks.children.append(
        block_id=page["id"], children=[para("start")], position={"type": "start"}
    )
    assert texts(inserted) == ["start", "a", "b", "c"]
    at_end = await notion_client.blocks.children.append(
        block_id=page["id"], children=[para("d")], after=third
    )
    assert texts(at_end) == ["d"]  # after the last block: nothing follows
    at_end = await notion_client.blocks.children.append(
        block_id=page["id"], children=[para("e")], position={"type": "end"}
    )
    assert texts(at_end) == ["e"]
    assert await child_texts(notion_client, page["id"]) == ["start", "a", "b", "c", "d", "e"]
    seen: list[str] = []
    cursor = None
    while True:
        kwargs = {"start_cursor": cursor} if cursor else {}
        listed = await notion_client.blocks.children.list(
            block_id=page["id"], page_size=2, **kwargs
        )
        seen += [b["paragraph"]["rich_text"][0]["plain_text"] for b in listed["results"]]
        assert (listed["next_cursor"] is None) == (not listed["has_more"])
        if not listed["has_more"]:
            break
        cursor = listed["next_cursor"]
    assert seen == ["start", "a", "b", "c", "d", "e"]


async def test_nested_children_and_has_children(
    notion_client: Any, notion_root_page_id: str
) -> None:
    page = await new_page(notion_client, notion_root_page_id)
    item = {
        "bulleted_list_item": {
            "rich_text": text("outer"),
            "children": [{"bulleted_list_item": {"rich_text": text("inner")}}],
        }
    }
    result = await notion_client.blocks.children.append(block_id=page["id"], children=[item])
    outer = result["results"][0]
    assert outer["has_children"] is True
    inner = await notion_client.blocks.children.list(block_id=outer["id"])
    assert inner["results"][0]["parent"] == {"type": "block_id", "block_id": outer["id"]}


async def test_block_retrieve_update_delete_restore(
    notion_client: Any, notion_root_page_id: str
) -> None:
    page = await new_page(notion_client, notion_root_page_id)
    block = (await notion_client.blocks.children.append(block_id=page["id"], children=[para("p")]))[
        "results"
    ][0]
    updated = await notion_client.blocks.update(
        block_id=block["id"],
        paragraph={"rich_text": [{"text": {"content": "q"}, "annotations": {"bold": True}}]},
    )
    assert updated["paragraph"]["rich_text"][0]["annotations"]["bold"] is True
    deleted = await notion_client.blocks.delete(block_id=block["id"])
    assert deleted["in_trash"] is True
    assert await child_texts(notion_client, page["id"]) == []
    with pytest.raises(APIResponseError) as excinfo:
        await notion_client.blocks.update(block_id=block["id"], paragraph={"rich_text": text("z")})
    assert excinfo.value.code == "validation_error"
    restored = await notion_client.blocks.update(block_id=block["id"], archived=False)
    assert restored["in_trash"] is False
    assert await child_texts(notion_client, page["id"]) == ["q"]


async def test_validation_message_style(notion_client: Any, notion_root_page_id: str) -> None:
    page = await new_page(notion_client, notion_root_page_id)
    children = [para("ok")] * 3 + [para("x" * 2345)]
    with pytest.raises(APIResponseError) as excinfo:
        await notion_client.blocks.children.append(block_id=page["id"], children=children)
    assert excinfo.value.status == 400
    assert str(excinfo.value) == (
        "body failed validation: body.children[3].paragraph.rich_text[0].text.content.length "
        "should be ≤ `2000`, instead was `2345`."
    )
    with pytest.raises(APIResponseError) as excinfo:
        await notion_client.blocks.children.append(block_id=page["id"], children=[para("a")] * 101)
    assert "body.children.length should be ≤ `100`, instead was `101`." in str(excinfo.value)
    assert await child_texts(notion_client, page["id"]) == []  # nothing half-applied


async def test_not_found_and_bad_ids(notion_client: Any) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(APIResponseError) as excinfo:
        await notion_client.pages.retrieve(page_id=missing)
    assert excinfo.value.code == "object_not_found"
    assert excinfo.value.status == 404


async def test_databases_and_data_sources(notion_client: Any, notion_root_page_id: str) -> None:
    database = await notion_client.databases.create(
        parent={"type": "page_id", "page_id": notion_root_page_id},
        title=text("Tasks"),
        initial_data_source={
            "properties": {
                "Name": {"title": {}},
                "Points": {"number": {}},
                "Tags": {"multi_select": {"options": [{"name": "a"}, {"name": "b"}]}},
                "Done": {"checkbox": {}},
            }
        },
    )
    assert database["object"] == "database"
    source_id = database["data_sources"][0]["id"]
    source = await notion_client.data_sources.retrieve(data_source_id=source_id)
    assert source["properties"]["Name"]["id"] == "title"
    assert source["parent"] == {"type": "database_id", "database_id": database["id"]}
    for name, points, tags, done in [
        ("one", 1, ["a"], True),
        ("two", 5, ["b"], False),
        ("three", 3, ["a", "b"], True),
    ]:
        row = await notion_client.pages.create(
            parent={"type": "data_source_id", "data_source_id": source_id},
            properties={
                "Name": {"title": text(name)},
                "Points": {"number": points},
                "Tags": {"multi_select": [{"name": t} for t in tags]},
                "Done": {"checkbox": done},
            },
        )
        assert row["parent"]["data_source_id"] == source_id
    result = await notion_client.data_sources.query(
        data_source_id=source_id,
        filter={
            "and": [
                {"property": "Done", "checkbox": {"equals": True}},
                {"property": "Points", "number": {"greater_than": 1}},
            ]
        },
    )
    names = [r["properties"]["Name"]["title"][0]["plain_text"] for r in result["results"]]
    assert names == ["three"]
    ordered = await notion_client.data_sources.query(
        data_source_id=source_id, sorts=[{"property": "Points", "direction": "descending"}]
    )
    assert [r["properties"]["Points"]["number"] for r in ordered["results"]] == [5, 3, 1]
    updated = await notion_client.databases.update(database_id=database["id"], title=text("Todo"))
    assert updated["title"][0]["plain_text"] == "Todo"
    source = await notion_client.data_sources.update(
        data_source_id=source_id, properties={"Points": {"name": "Score"}}
    )
    assert "Score" in source["properties"] and "Points" not in source["properties"]
    again = await notion_client.data_sources.query(data_source_id=source_id)
    assert {r["properties"]["Score"]["number"] for r in again["results"]} == {1, 3, 5}


async def test_search(notion_client: Any, notion_root_page_id: str) -> None:
    await new_page(notion_client, notion_root_page_id, "Alpha notes")
    await new_page(notion_client, notion_root_page_id, "Beta notes")
    found = await notion_client.search(
        query="alpha",
        filter={"property": "object", "value": "page"},
        sort={"direction": "descending", "timestamp": "last_edited_time"},
    )
    titles = [r["properties"]["title"]["title"][0]["plain_text"] for r in found["results"]]
    assert titles == ["Alpha notes"]
    everything = await notion_client.search(query="notes")
    assert len(everything["results"]) == 2
    assert everything["type"] == "page_or_data_source"


async def test_file_upload_single_part_and_attach(
    notion_client: Any, notion_root_page_id: str, notion_http: httpx.AsyncClient
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    created = await notion_client.file_uploads.create(
        mode="single_part", filename="pic.png", content_type="image/png"
    )
    assert created["status"] == "pending" and created["upload_url"].endswith("/send")
    sent = await notion_client.file_uploads.send(
        file_upload_id=created["id"], file=("pic.png", png, "image/png")
    )
    assert sent["status"] == "uploaded" and sent["content_length"] == len(png)
    page = await new_page(
        notion_client,
        notion_root_page_id,
        children=[{"image": {"type": "file_upload", "file_upload": {"id": created["id"]}}}],
        cover={"type": "file_upload", "file_upload": {"id": created["id"]}},
    )
    assert page["cover"]["type"] == "file"
    block = (await notion_client.blocks.children.list(block_id=page["id"]))["results"][0]
    assert block["image"]["type"] == "file"
    assert set(block["image"]["file"]) == {"url", "expiry_time"}
    fetched = await notion_http.get(block["image"]["file"]["url"])
    assert fetched.content == png
    listed = await notion_client.file_uploads.list(status="uploaded")
    assert [u["id"] for u in listed["results"]] == [created["id"]]


async def test_file_upload_multi_part(notion_client: Any) -> None:
    mib = 1024 * 1024
    parts = [b"a" * (5 * mib), b"b" * (5 * mib), b"c" * 10]
    created = await notion_client.file_uploads.create(
        mode="multi_part", filename="big.bin", number_of_parts=3
    )
    for number in (3, 1, 2):  # out of order is allowed
        await notion_client.file_uploads.send(
            file_upload_id=created["id"],
            file=("big.bin", parts[number - 1]),
            part_number=str(number),
        )
    done = await notion_client.file_uploads.complete(file_upload_id=created["id"])
    assert done["status"] == "uploaded"
    assert done["content_length"] == sum(len(p) for p in parts)


async def test_unattached_upload_cannot_be_used(
    notion_client: Any, notion_root_page_id: str
) -> None:
    created = await notion_client.file_uploads.create(filename="x.png")
    with pytest.raises(APIResponseError) as excinfo:
        await new_page(
            notion_client,
            notion_root_page_id,
            children=[{"image": {"type": "file_upload", "file_upload": {"id": created["id"]}}}],
        )
    assert excinfo.value.code == "validation_error"
    assert "pending" in str(excinfo.value)


async def test_comments(notion_client: Any, notion_root_page_id: str) -> None:
    page = await new_page(notion_client, notion_root_page_id)
    comment = await notion_client.comments.create(
        parent={"page_id": page["id"]}, rich_text=text("hi")
    )
    listed = await notion_client.comments.list(block_id=page["id"])
    assert [c["id"] for c in listed["results"]] == [comment["id"]]


# -- raw HTTP: errors the SDK would not let us send ---------------------------------------


async def test_raw_errors(notion_http: httpx.AsyncClient, notion_token: str) -> None:
    auth = {"Authorization": f"Bearer {notion_token}", "Notion-Version": "2025-09-03"}
    r = await notion_http.get(
        "/v1/users", headers={"Authorization": "Bearer nope", "Notion-Version": "2025-09-03"}
    )
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    assert r.json()["message"] == "API token is invalid."
    r = await notion_http.get("/v1/users", headers={"Authorization": auth["Authorization"]})
    assert r.status_code == 400 and r.json()["code"] == "missing_version"
    r = await notion_http.get("/v1/invalid", headers=auth)
    assert r.json() == {
        **r.json(),
        "code": "invalid_request_url",
        "message": "Invalid request URL.",
    }
    r = await notion_http.post("/v1/pages", headers=auth, content=b"{not json")
    assert r.status_code == 400 and r.json()["code"] == "invalid_json"
    r = await notion_http.post(
        "/v1/file_uploads/" + "0" * 32 + "/send",
        headers=auth,
        content=b"x",
    )
    assert r.status_code == 404
    body = r.json()
    assert set(body) >= {"object", "status", "code", "message", "request_id"}
    r = await notion_http.post("/v1/pages", headers=auth, content=b"[1, 2]")
    assert r.status_code == 400 and r.json()["code"] == "validation_error"
    r = await notion_http.post("/v1/pages", headers=auth, content=b"x" * 600_000)
    assert r.status_code in (400, 413)


async def test_send_without_file_field(
    notion_client: Any, notion_http: httpx.AsyncClient, notion_token: str
) -> None:
    created = await notion_client.file_uploads.create(filename="a.txt")
    headers = {"Authorization": f"Bearer {notion_token}", "Notion-Version": "2025-09-03"}
    r = await notion_http.post(
        f"/v1/file_uploads/{created['id']}/send",
        headers=headers,
        data={"other": "x"},
        files={"not_file": ("a.txt", b"a")},
    )
    assert r.status_code == 400
    assert r.json()["code"] == "validation_error"
    r = await notion_http.post(
        f"/v1/file_uploads/{created['id']}/send", headers=headers, content=b"{}"
    )
    assert r.status_code == 400


# -- versions, limits, faults -------------------------------------------------------------


async def make_client(version: str = "2025-09-03", **options: Any) -> tuple[Any, AsyncClient]:
    app = create_app(EmulatorConfig(**options))
    client = AsyncClient(
        auth=app.state.emulator.config.token,
        base_url="http://emulator.test",
        notion_version=version,
        client=httpx.AsyncClient(transport=EmulatorTransport(app)),
        retry=False,
    )
    return app, client


async def test_version_2026_03_11_drops_archived_and_after() -> None:
    app, client = await make_client("2026-03-11", rate=0)
    try:
        root = app.state.emulator.root_page_id
        page = await new_page(client, root)
        assert "archived" not in page and page["in_trash"] is False
        block = (await client.blocks.children.append(block_id=page["id"], children=[para("a")]))[
            "results"
        ][0]
        assert "archived" not in block
        with pytest.raises(APIResponseError) as excinfo:
            await client.blocks.children.append(
                block_id=page["id"], children=[para("b")], after=block["id"]
            )
        assert excinfo.value.code == "validation_error"
    finally:
        await client.aclose()


async def test_rate_limited_answers_429_with_retry_after() -> None:
    clock = [0.0]
    app, client = await make_client(rate=3, burst=2, monotonic=lambda: clock[0])
    try:
        await client.users.me()
        await client.users.me()
        with pytest.raises(APIResponseError) as excinfo:
            await client.users.me()
        assert excinfo.value.status == 429 and excinfo.value.code == "rate_limited"
        assert int(excinfo.value.headers["retry-after"]) >= 1
        assert excinfo.value.additional_data["rate_limit_reason"]
        clock[0] += 1.0
        await client.users.me()  # refilled
        assert app.state.emulator.stats_json()["rate_limited"] == 1
    finally:
        await client.aclose()


async def test_applied_fault_applies_the_write() -> None:
    app, client = await make_client(rate=0, faults=1.0, fault_kinds="applied_500")
    emulator = app.state.emulator
    try:
        with pytest.raises(Exception) as excinfo:
            await new_page(client, emulator.root_page_id, "Ghost")
        assert getattr(excinfo.value, "status", None) == 500
        emulator.faults.probability = 0.0
        listed = await client.blocks.children.list(block_id=emulator.root_page_id)
        assert [b["child_page"]["title"] for b in listed["results"]] == ["Ghost"]
        assert emulator.stats_json()["faults_injected"] == {"applied_500": 1}
    finally:
        await client.aclose()


@pytest.mark.parametrize(
    ("kind", "error"),
    [("drop", httpx.RemoteProtocolError), ("applied_drop", httpx.RemoteProtocolError)],
)
async def test_dropped_connection(kind: str, error: type[Exception]) -> None:
    app = create_app(rate=0, faults=1.0, fault_kinds=kind)
    token = app.state.emulator.config.token
    headers = {"Authorization": f"Bearer {token}", "Notion-Version": "2025-09-03"}
    async with httpx.AsyncClient(transport=EmulatorTransport(app), base_url="http://e") as http:
        with pytest.raises(error):
            await http.post(
                "/v1/pages",
                headers=headers,
                json={
                    "parent": {"page_id": app.state.emulator.root_page_id},
                    "properties": {"title": text("Dropped")},
                },
            )
    stored = app.state.emulator.stats_json()["stored"]["pages"]
    assert stored == (2 if kind.startswith("applied") else 1)


async def test_hang_times_out_on_the_client() -> None:
    app = create_app(rate=0, faults=1.0, fault_kinds="hang", hang_seconds=30)
    token = app.state.emulator.config.token
    headers = {"Authorization": f"Bearer {token}", "Notion-Version": "2025-09-03"}
    async with httpx.AsyncClient(
        transport=EmulatorTransport(app), base_url="http://e", timeout=0.05
    ) as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.get("/v1/users/me", headers=headers)


class _Imports(importlib.abc.MetaPathFinder):
    """Every module an ``import`` statement looks for while installed."""

    def __init__(self) -> None:
        self.looked_for: list[str] = []

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        self.looked_for.append(name)


async def test_a_request_through_the_transport_imports_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = create_app(rate=0)
    token = app.state.emulator.config.token
    headers = {"Authorization": f"Bearer {token}", "Notion-Version": "2025-09-03"}
    page = {
        "parent": {"page_id": app.state.emulator.root_page_id},
        "properties": {"title": text("Quick")},
    }
    imports = _Imports()
    async with httpx.AsyncClient(transport=EmulatorTransport(app), base_url="http://e") as http:
        first = await http.post("/v1/pages", headers=headers, json=page)  # loads what it needs
        monkeypatch.setattr(sys, "meta_path", [imports, *sys.meta_path])
        second = await http.post("/v1/pages", headers=headers, json=page)
    assert first.status_code == second.status_code == 200
    assert imports.looked_for == []


async def test_persistence_round_trip(tmp_path: Any) -> None:
    path = str(tmp_path / "ws.sqlite")
    app, client = await make_client(rate=0, data_path=path)
    root = app.state.emulator.root_page_id
    page = await new_page(client, root, "Kept", children=[para("still here")])
    await client.aclose()
    app.state.emulator.store.close()
    app2, client2 = await make_client(rate=0, data_path=path)
    try:
        assert app2.state.emulator.root_page_id == root
        assert await child_texts(client2, page["id"]) == ["still here"]
    finally:
        await client2.aclose()
        app2.state.emulator.store.close()


async def test_introspection(
    notion_client: Any, notion_root_page_id: str, notion_http: httpx.AsyncClient
) -> None:
    page = await new_page(notion_client, notion_root_page_id, "T", children=[para("leaf")])
    tree = (await notion_http.get(f"/_emulator/tree/{notion_root_page_id}")).json()
    assert tree["children"][0]["id"] == page["id"]
    assert tree["children"][0]["children"][0]["paragraph"]["rich_text"][0]["plain_text"] == "leaf"
    stats = (await notion_http.get("/_emulator/stats")).json()
    assert stats["by_route"]["POST /pages"] == 1
    assert stats["stored"]["pages"] == 2 and stats["internal_errors"] == 0
    await notion_http.post("/_emulator/reset")
    stats = (await notion_http.get("/_emulator/stats")).json()
    assert stats["stored"]["pages"] == 1
