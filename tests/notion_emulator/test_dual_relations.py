"""Two-way (dual_property) relations: the reverse property on the target data source, the
synced names and ids on both sides, and links shown from both sides. Shapes and the reverse
property's name as recorded in
notion-recordings-uno/test_page/test_more_than_max_refs_per_relation_property.yaml."""

from __future__ import annotations

from typing import Any


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


async def new_database(client: Any, parent: str, title: str, properties: dict[str, Any]) -> Any:
    return await client.databases.create(
        parent={"page_id": parent},
        title=text(title),
        initial_data_source={"properties": {"Name": {"title": {}}, **properties}},
    )


async def customers_and_items(client: Any, parent: str) -> tuple[str, str]:
    items_db = await new_database(client, parent, "Items", {"Price": {"number": {}}})
    items = items_db["data_sources"][0]["id"]
    relation = {"type": "dual_property", "data_source_id": items, "dual_property": {}}
    customers_db = await new_database(
        client,
        parent,
        "Customer DB",
        {"Items Purchased": {"type": "relation", "relation": relation}},
    )
    return items, customers_db["data_sources"][0]["id"]


async def test_dual_relation_creates_the_reverse_property(
    notion_client: Any, notion_root_page_id: str
) -> None:
    items, customers = await customers_and_items(notion_client, notion_root_page_id)
    customer_source = await notion_client.data_sources.retrieve(data_source_id=customers)
    item_source = await notion_client.data_sources.retrieve(data_source_id=items)
    forward = customer_source["properties"]["Items Purchased"]
    reverse_name = "Related to Customer DB (Items Purchased)"
    reverse = item_source["properties"][reverse_name]
    assert forward["relation"]["dual_property"] == {
        "synced_property_name": reverse_name,
        "synced_property_id": reverse["id"],
    }
    assert reverse["type"] == "relation"
    assert reverse["relation"] == {
        "database_id": customer_source["parent"]["database_id"],
        "data_source_id": customers,
        "type": "dual_property",
        "dual_property": {
            "synced_property_name": "Items Purchased",
            "synced_property_id": forward["id"],
        },
    }
    # renaming the reverse property renames it in the forward one's configuration
    await notion_client.data_sources.update(
        data_source_id=items, properties={reverse["id"]: {"name": "Bought by"}}
    )
    again = await notion_client.data_sources.retrieve(data_source_id=customers)
    assert again["properties"]["Items Purchased"]["relation"]["dual_property"] == {
        "synced_property_name": "Bought by",
        "synced_property_id": reverse["id"],
    }


async def test_a_given_synced_name_names_the_reverse_property(
    notion_client: Any, notion_root_page_id: str
) -> None:
    items_db = await new_database(notion_client, notion_root_page_id, "Items", {})
    items = items_db["data_sources"][0]["id"]
    relation = {"data_source_id": items, "dual_property": {"synced_property_name": "Owners"}}
    people = await new_database(
        notion_client, notion_root_page_id, "People", {"Owns": {"relation": relation}}
    )
    item_source = await notion_client.data_sources.retrieve(data_source_id=items)
    reverse = item_source["properties"]["Owners"]
    assert reverse["relation"]["data_source_id"] == people["data_sources"][0]["id"]
    assert reverse["relation"]["dual_property"]["synced_property_name"] == "Owns"


async def test_links_show_on_both_sides(notion_client: Any, notion_root_page_id: str) -> None:
    items, customers = await customers_and_items(notion_client, notion_root_page_id)
    customer = await notion_client.pages.create(
        parent={"data_source_id": customers}, properties={"Name": {"title": text("Ann")}}
    )
    reverse = "Related to Customer DB (Items Purchased)"
    item_ids = []
    for n in range(3):
        item = await notion_client.pages.create(
            parent={"data_source_id": items},
            properties={
                "Name": {"title": text(f"Item {n}")},
                reverse: {"relation": [{"id": customer["id"]}]},
            },
        )
        item_ids.append(item["id"])

    async def purchased() -> list[str]:
        page = await notion_client.pages.retrieve(page_id=customer["id"])
        return [r["id"] for r in page["properties"]["Items Purchased"]["relation"]]

    assert await purchased() == item_ids
    await notion_client.pages.update(page_id=item_ids[1], properties={reverse: {"relation": []}})
    assert await purchased() == [item_ids[0], item_ids[2]]

    # and from the other side
    await notion_client.pages.update(
        page_id=customer["id"], properties={"Items Purchased": {"relation": [{"id": item_ids[1]}]}}
    )
    assert await purchased() == [item_ids[1]]
    for n, item_id in enumerate(item_ids):
        page = await notion_client.pages.retrieve(page_id=item_id)
        linked = [r["id"] for r in page["properties"][reverse]["relation"]]
        assert linked == ([customer["id"]] if n == 1 else [])


async def test_single_property_relation_creates_nothing(
    notion_client: Any, notion_root_page_id: str
) -> None:
    items_db = await new_database(notion_client, notion_root_page_id, "Items", {})
    items = items_db["data_sources"][0]["id"]
    relation = {"data_source_id": items, "single_property": {}}
    await new_database(
        notion_client, notion_root_page_id, "People", {"Owns": {"relation": relation}}
    )
    item_source = await notion_client.data_sources.retrieve(data_source_id=items)
    assert list(item_source["properties"]) == ["Name"]
