"""A relation value inside a page object shows at most 25 references, as Notion's does."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.asyncio


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


async def data_source(client: Any, parent: str, properties: dict[str, Any]) -> str:
    database = await client.databases.create(
        parent={"type": "page_id", "page_id": parent},
        title=text("Items"),
        initial_data_source={"properties": properties},
    )
    return str(database["data_sources"][0]["id"])


async def test_a_page_shows_25_references_and_the_property_endpoint_all(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """Recorded: notion-recordings-uno/test_page/test_more_than_max_refs_per_relation_property.yaml
    (a page related to 30 others: GET /v1/pages answers 25 with ``"has_more": true``, the
    page-property endpoint answers all 30)."""
    items = await data_source(notion_client, notion_root_page_id, {"Name": {"title": {}}})
    item_ids = [
        (
            await notion_client.pages.create(
                parent={"type": "data_source_id", "data_source_id": items},
                properties={"Name": {"title": text(f"item {n}")}},
            )
        )["id"]
        for n in range(30)
    ]
    customers = await data_source(
        notion_client,
        notion_root_page_id,
        {
            "Name": {"title": {}},
            "Bought": {"relation": {"data_source_id": items, "single_property": {}}},
        },
    )
    few = await notion_client.pages.create(
        parent={"type": "data_source_id", "data_source_id": customers},
        properties={"Bought": {"relation": [{"id": i} for i in item_ids[:25]]}},
    )
    assert few["properties"]["Bought"]["has_more"] is False
    assert len(few["properties"]["Bought"]["relation"]) == 25

    many = await notion_client.pages.create(
        parent={"type": "data_source_id", "data_source_id": customers},
        properties={"Bought": {"relation": [{"id": i} for i in item_ids]}},
    )
    for page in (many, await notion_client.pages.retrieve(page_id=many["id"])):
        bought = page["properties"]["Bought"]
        assert bought["has_more"] is True
        assert [r["id"] for r in bought["relation"]] == item_ids[:25]

    listed = await notion_client.pages.properties.retrieve(
        page_id=many["id"], property_id=many["properties"]["Bought"]["id"], page_size=100
    )
    assert [r["relation"]["id"] for r in listed["results"]] == item_ids
    assert listed["has_more"] is False
