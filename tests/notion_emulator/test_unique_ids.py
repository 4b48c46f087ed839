"""unique_id properties: pages numbered 1, 2, 3... per data source in creation order, with
the schema's prefix (shape recorded in notion-recordings-uno/fixtures/mod_notion_cleanups.yaml:
``{"prefix": null, "number": 3}``)."""

from __future__ import annotations

from typing import Any


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


async def new_source(client: Any, parent: str, properties: dict[str, Any]) -> str:
    database = await client.databases.create(
        parent={"page_id": parent},
        title=text("Tickets"),
        initial_data_source={"properties": {"Name": {"title": {}}, **properties}},
    )
    return str(database["data_sources"][0]["id"])


async def add(client: Any, source: str, name: str) -> dict[str, Any]:
    page = await client.pages.create(
        parent={"data_source_id": source}, properties={"Name": {"title": text(name)}}
    )
    return dict(page)


async def test_pages_are_numbered_in_creation_order_with_the_prefix(
    notion_client: Any, notion_root_page_id: str
) -> None:
    source = await new_source(
        notion_client, notion_root_page_id, {"ID": {"unique_id": {"prefix": "TCK"}}}
    )
    other = await new_source(notion_client, notion_root_page_id, {"ID": {"unique_id": {}}})
    first = await add(notion_client, source, "a")
    second = await add(notion_client, source, "b")
    elsewhere = await add(notion_client, other, "x")
    assert first["properties"]["ID"]["unique_id"] == {"prefix": "TCK", "number": 1}
    assert second["properties"]["ID"]["unique_id"] == {"prefix": "TCK", "number": 2}
    assert elsewhere["properties"]["ID"]["unique_id"] == {"prefix": None, "number": 1}

    await notion_client.pages.update(page_id=second["id"], in_trash=True)
    third = await add(notion_client, source, "c")
    assert third["properties"]["ID"]["unique_id"] == {"prefix": "TCK", "number": 3}
    updated = await notion_client.pages.update(
        page_id=first["id"], properties={"Name": {"title": text("renamed")}}
    )
    assert updated["properties"]["ID"]["unique_id"]["number"] == 1

    await notion_client.data_sources.update(
        data_source_id=source, properties={"ID": {"unique_id": {"prefix": "T"}}}
    )
    read = await notion_client.pages.retrieve(page_id=third["id"])
    assert read["properties"]["ID"]["unique_id"] == {"prefix": "T", "number": 3}


async def test_property_added_later_numbers_existing_pages(
    notion_client: Any, notion_root_page_id: str
) -> None:
    source = await new_source(notion_client, notion_root_page_id, {})
    pages = [await add(notion_client, source, name) for name in ("a", "b")]
    await notion_client.data_sources.update(
        data_source_id=source, properties={"No": {"unique_id": {"prefix": None}}}
    )
    numbers = []
    for page in pages:
        read = await notion_client.pages.retrieve(page_id=page["id"])
        numbers.append(read["properties"]["No"]["unique_id"]["number"])
    assert numbers == [1, 2]
    assert (await add(notion_client, source, "c"))["properties"]["No"]["unique_id"]["number"] == 3
    found = await notion_client.data_sources.query(
        data_source_id=source,
        filter={"property": "No", "unique_id": {"greater_than": 1}},
        sorts=[{"property": "No", "direction": "descending"}],
    )
    assert [p["properties"]["No"]["unique_id"]["number"] for p in found["results"]] == [3, 2]
