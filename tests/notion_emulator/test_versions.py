"""Notion-Version 2022-06-28 against the emulator: databases as one table each.

Driven with the installed notion-client set to ``notion_version="2022-06-28"`` (the default of
``@notionhq/client`` 2.x). That SDK speaks 2025-09-03, so the 2022 requests it has no method
for (``databases.query``, ``properties`` on create and update) go through ``client.request``.
No recording holds a 2022-06-28 exchange; the shapes are those of Notion's 2022-06-28 API
reference, the refusal of a multi-source database the message Notion sends
("Databases with multiple data sources are not supported in this API version.").
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from notion_client import APIResponseError, AsyncClient

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport

pytestmark = pytest.mark.asyncio

OLD = "2022-06-28"
MULTI = "Databases with multiple data sources are not supported in this API version."


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


@pytest.fixture
def app() -> Any:
    return create_app(EmulatorConfig(rate=0))


@pytest.fixture
def root(app: Any) -> str:
    return str(app.state.emulator.root_page_id)


def _client(app: Any, version: str) -> AsyncClient:
    return AsyncClient(
        auth=app.state.emulator.config.token,
        base_url="http://emulator.test",
        notion_version=version,
        client=httpx.AsyncClient(transport=EmulatorTransport(app)),
        retry=False,
    )


@pytest.fixture
async def old(app: Any) -> AsyncIterator[AsyncClient]:
    client = _client(app, OLD)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def new(app: Any) -> AsyncIterator[AsyncClient]:
    client = _client(app, "2025-09-03")
    try:
        yield client
    finally:
        await client.aclose()


SCHEMA = {
    "Name": {"title": {}},
    "Score": {"number": {"format": "number"}},
    "Tag": {"select": {"options": [{"name": "a"}, {"name": "b"}]}},
}


async def create_db(client: AsyncClient, parent: str, title: str = "Tasks") -> Any:
    return await client.request(
        path="databases",
        method="POST",
        body={"parent": {"page_id": parent}, "title": text(title), "properties": SCHEMA},
    )


async def add_row(client: AsyncClient, database_id: str, name: str, score: int) -> Any:
    return await client.pages.create(
        parent={"database_id": database_id},
        properties={"Name": {"title": text(name)}, "Score": {"number": score}},
    )


async def query(client: AsyncClient, database_id: str, **body: Any) -> Any:
    return await client.request(path=f"databases/{database_id}/query", method="POST", body=body)


async def refused(call: Any) -> APIResponseError:
    with pytest.raises(APIResponseError) as caught:
        await call
    return caught.value


async def test_create_and_retrieve_carry_the_schema(old: AsyncClient, root: str) -> None:
    created = await create_db(old, root)
    assert created["object"] == "database"
    assert "data_sources" not in created
    assert created["parent"] == {"type": "page_id", "page_id": root}
    assert created["title"][0]["plain_text"] == "Tasks"
    assert created["archived"] is False and created["in_trash"] is False
    assert created["is_inline"] is False
    properties = created["properties"]
    assert set(properties) == {"Name", "Score", "Tag"}
    assert (properties["Name"]["id"], properties["Name"]["type"]) == ("title", "title")
    assert properties["Score"]["number"] == {"format": "number"}
    assert [o["name"] for o in properties["Tag"]["select"]["options"]] == ["a", "b"]
    got = await old.databases.retrieve(database_id=created["id"])
    assert got["properties"] == properties
    assert {k for k in got if k != "request_id"} == {k for k in created if k != "request_id"}


async def test_create_needs_properties_and_refuses_initial_data_source(
    old: AsyncClient, root: str
) -> None:
    error = await refused(
        old.request(
            path="databases", method="POST", body={"parent": {"page_id": root}, "title": []}
        )
    )
    assert error.code == "validation_error"
    assert "body.properties" in str(error)
    error = await refused(
        old.databases.create(parent={"page_id": root}, initial_data_source={"properties": SCHEMA})
    )
    assert error.code == "validation_error"


async def test_rows_have_database_parents_and_query_filters_sorts_pages(
    old: AsyncClient, root: str
) -> None:
    database_id = (await create_db(old, root))["id"]
    row = await add_row(old, database_id, "first", 3)
    assert row["parent"] == {"type": "database_id", "database_id": database_id}
    assert (await old.pages.retrieve(page_id=row["id"]))["parent"] == row["parent"]
    assert (await old.blocks.retrieve(block_id=row["id"]))["parent"] == row["parent"]
    for name, score in (("second", 1), ("third", 2)):
        await add_row(old, database_id, name, score)

    everything = await query(old, database_id)
    assert everything["object"] == "list"
    assert everything["type"] == "page_or_database"
    assert everything["page_or_database"] == {}
    assert len(everything["results"]) == 3
    assert all(
        page["parent"] == {"type": "database_id", "database_id": database_id}
        for page in everything["results"]
    )

    def names(answer: Any) -> list[str]:
        return [p["properties"]["Name"]["title"][0]["plain_text"] for p in answer["results"]]

    sorted_up = await query(
        old,
        database_id,
        filter={"property": "Score", "number": {"greater_than": 1}},
        sorts=[{"property": "Score", "direction": "ascending"}],
    )
    assert names(sorted_up) == ["third", "first"]

    first = await query(old, database_id, page_size=2)
    assert first["has_more"] is True and len(first["results"]) == 2
    rest = await query(old, database_id, page_size=2, start_cursor=first["next_cursor"])
    assert rest["has_more"] is False
    assert len({*names(first), *names(rest)}) == 3


async def test_update_takes_properties_and_the_data_source_follows(
    old: AsyncClient, new: AsyncClient, root: str
) -> None:
    database_id = (await create_db(old, root))["id"]
    await add_row(old, database_id, "row", 5)
    updated = await old.request(
        path=f"databases/{database_id}",
        method="PATCH",
        body={
            "title": text("Renamed"),
            "properties": {"Score": {"name": "Points"}, "Done": {"checkbox": {}}},
        },
    )
    assert set(updated["properties"]) == {"Name", "Points", "Tag", "Done"}
    assert updated["title"][0]["plain_text"] == "Renamed"
    row = (await query(old, database_id))["results"][0]
    assert row["properties"]["Points"]["number"] == 5
    assert row["properties"]["Done"]["checkbox"] is False

    # the same database under 2025-09-03: a container whose data source has that schema
    container = await new.databases.retrieve(database_id=database_id)
    assert "properties" not in container
    (source,) = container["data_sources"]
    assert source["name"] == "Renamed"
    data_source = await new.data_sources.retrieve(data_source_id=source["id"])
    assert set(data_source["properties"]) == {"Name", "Points", "Tag", "Done"}


async def test_a_database_made_in_2025_reads_in_2022(
    old: AsyncClient, new: AsyncClient, root: str
) -> None:
    made = await new.databases.create(
        parent={"page_id": root},
        title=text("Modern"),
        initial_data_source={"properties": SCHEMA},
    )
    got = await old.databases.retrieve(database_id=made["id"])
    assert set(got["properties"]) == {"Name", "Score", "Tag"}
    assert (await query(old, made["id"]))["results"] == []


async def test_relations_name_databases(old: AsyncClient, new: AsyncClient, root: str) -> None:
    target = (await create_db(old, root, "Target"))["id"]
    made = await old.request(
        path="databases",
        method="POST",
        body={
            "parent": {"page_id": root},
            "title": text("Linked"),
            "properties": {
                "Name": {"title": {}},
                "Link": {"relation": {"database_id": target, "single_property": {}}},
            },
        },
    )
    relation = made["properties"]["Link"]["relation"]
    assert relation["database_id"] == target
    assert "data_source_id" not in relation
    assert relation["type"] == "single_property"
    (source,) = (await new.databases.retrieve(database_id=made["id"]))["data_sources"]
    modern = (await new.data_sources.retrieve(data_source_id=source["id"]))["properties"]
    (target_source,) = (await new.databases.retrieve(database_id=target))["data_sources"]
    assert modern["Link"]["relation"]["data_source_id"] == target_source["id"]


async def test_search_filters_and_answers_databases(
    old: AsyncClient, new: AsyncClient, root: str
) -> None:
    database_id = (await create_db(old, root, "Findable"))["id"]
    found = await old.search(filter={"property": "object", "value": "database"})
    assert found["type"] == "page_or_database"
    assert [r["id"] for r in found["results"]] == [database_id]
    assert found["results"][0]["object"] == "database"
    assert "Score" in found["results"][0]["properties"]
    everything = await old.search(query="Findable")
    assert [r["object"] for r in everything["results"]] == ["database"]
    pages = await old.search(filter={"property": "object", "value": "page"})
    assert {r["object"] for r in pages["results"]} == {"page"}
    error = await refused(old.search(filter={"property": "object", "value": "data_source"}))
    assert error.code == "validation_error"
    # 2025-09-03 keeps answering data sources, and refuses "database"
    error = await refused(new.search(filter={"property": "object", "value": "database"}))
    assert error.code == "validation_error"
    modern = await new.search(filter={"property": "object", "value": "data_source"})
    assert [r["object"] for r in modern["results"]] == ["data_source"]


async def test_each_version_has_its_own_endpoints(
    old: AsyncClient, new: AsyncClient, root: str
) -> None:
    made = await new.databases.create(
        parent={"page_id": root}, title=text("T"), initial_data_source={"properties": SCHEMA}
    )
    source_id = made["data_sources"][0]["id"]
    error = await refused(old.data_sources.retrieve(data_source_id=source_id))
    assert (error.status, error.code) == (400, "invalid_request_url")
    error = await refused(old.data_sources.query(data_source_id=source_id))
    assert error.code == "invalid_request_url"
    error = await refused(query(new, made["id"]))
    assert (error.status, error.code) == (400, "invalid_request_url")


async def test_a_database_with_several_data_sources_is_refused(
    old: AsyncClient, new: AsyncClient, root: str
) -> None:
    made = await new.databases.create(
        parent={"page_id": root}, title=text("Twice"), initial_data_source={"properties": SCHEMA}
    )
    await new.data_sources.create(
        parent={"database_id": made["id"]}, title=text("Second"), properties=SCHEMA
    )
    for call in (
        old.databases.retrieve(database_id=made["id"]),
        query(old, made["id"]),
        old.request(path=f"databases/{made['id']}", method="PATCH", body={"title": text("x")}),
        add_row(old, made["id"], "row", 1),
        old.request(
            path="databases",
            method="POST",
            body={
                "parent": {"page_id": root},
                "properties": {
                    "Name": {"title": {}},
                    "Link": {"relation": {"database_id": made["id"], "single_property": {}}},
                },
            },
        ),
    ):
        error = await refused(call)
        assert (error.status, error.code, str(error)) == (400, "validation_error", MULTI)
    found = await old.search(filter={"property": "object", "value": "database"})
    assert found["results"] == []
