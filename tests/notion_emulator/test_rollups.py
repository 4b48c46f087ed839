"""Rollup properties through the API: each function over a relation and a target property,
with Notion's result shapes (number / date / array), following relation and value changes."""

from __future__ import annotations

from typing import Any

import pytest


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


async def new_source(client: Any, parent: str, title: str, properties: dict[str, Any]) -> str:
    database = await client.databases.create(
        parent={"page_id": parent},
        title=text(title),
        initial_data_source={"properties": {"Name": {"title": {}}, **properties}},
    )
    return str(database["data_sources"][0]["id"])


class Shop:
    """Items (price, due date, in stock) and one order relating to some of them."""

    def __init__(self, client: Any, items: str, orders: str, item_ids: list[str]) -> None:
        self.client, self.items, self.orders, self.item_ids = client, items, orders, item_ids

    async def add_rollup(self, function: str, target: str) -> None:
        rollup = {
            "function": function,
            "relation_property_name": "Items",
            "rollup_property_name": target,
        }
        await self.client.data_sources.update(
            data_source_id=self.orders, properties={"R": {"rollup": rollup}}
        )

    async def order(self, linked: list[int]) -> dict[str, Any]:
        page = await self.client.pages.create(
            parent={"data_source_id": self.orders},
            properties={
                "Name": {"title": text("order")},
                "Items": {"relation": [{"id": self.item_ids[i]} for i in linked]},
            },
        )
        return dict(page)


@pytest.fixture
async def shop(notion_client: Any, notion_root_page_id: str) -> Shop:
    items = await new_source(
        notion_client,
        notion_root_page_id,
        "Items",
        {"Price": {"number": {}}, "Due": {"date": {}}, "Stock": {"checkbox": {}}},
    )
    orders = await new_source(
        notion_client,
        notion_root_page_id,
        "Orders",
        {"Items": {"relation": {"data_source_id": items, "single_property": {}}}},
    )
    ids = []
    rows = [
        ("pen", 2, "2026-03-01", True),
        ("ink", 10, "2026-01-15", False),
        ("pad", None, None, True),
        ("pen", 4, "2026-02-01", True),
    ]
    for name, price, due, stock in rows:
        page = await notion_client.pages.create(
            parent={"data_source_id": items},
            properties={
                "Name": {"title": text(name)},
                "Price": {"number": price},
                "Due": {"date": {"start": due} if due else None},
                "Stock": {"checkbox": stock},
            },
        )
        ids.append(page["id"])
    return Shop(notion_client, items, orders, ids)


NUMBER_FUNCTIONS = [
    ("count", "Name", 4),
    ("count_values", "Price", 3),
    ("empty", "Price", 1),
    ("not_empty", "Price", 3),
    ("unique", "Name", 3),
    ("percent_empty", "Price", 0.25),
    ("percent_not_empty", "Price", 0.75),
    ("sum", "Price", 16),
    ("average", "Price", 16 / 3),
    ("median", "Price", 4),
    ("min", "Price", 2),
    ("max", "Price", 10),
    ("range", "Price", 8),
    ("checked", "Stock", 3),
    ("unchecked", "Stock", 1),
    ("percent_checked", "Stock", 0.75),
]


@pytest.mark.parametrize(("function", "target", "expected"), NUMBER_FUNCTIONS)
async def test_number_rollups(shop: Shop, function: str, target: str, expected: float) -> None:
    """Shape as recorded in notion-recordings-uno/fixtures/mod_notion_cleanups.yaml:
    ``{"type": "number", "number": 0, "function": "count"}``."""
    await shop.add_rollup(function, target)
    page = await shop.order([0, 1, 2, 3])
    assert page["properties"]["R"]["rollup"] == {
        "type": "number",
        "number": pytest.approx(expected),
        "function": function,
    }


async def test_date_rollups(shop: Shop) -> None:
    def day(start: str, end: str | None = None) -> dict[str, Any]:
        return {"start": start, "end": end, "time_zone": None}

    expected = {
        "earliest_date": day("2026-01-15"),
        "latest_date": day("2026-03-01"),
        "date_range": day("2026-01-15", "2026-03-01"),
    }
    for function, date in expected.items():
        await shop.add_rollup(function, "Due")
        page = await shop.order([0, 1, 2])
        assert page["properties"]["R"]["rollup"] == {
            "type": "date",
            "date": date,
            "function": function,
        }


async def test_show_original_lists_each_related_value(shop: Shop) -> None:
    await shop.add_rollup("show_original", "Price")
    page = await shop.order([1, 0])
    assert page["properties"]["R"]["rollup"] == {
        "type": "array",
        "array": [{"type": "number", "number": 10}, {"type": "number", "number": 2}],
        "function": "show_original",
    }
    await shop.add_rollup("show_original", "Name")
    page = await shop.client.pages.retrieve(page_id=page["id"])
    titles = [item["title"][0]["plain_text"] for item in page["properties"]["R"]["rollup"]["array"]]
    assert [item["type"] for item in page["properties"]["R"]["rollup"]["array"]] == ["title"] * 2
    assert titles == ["ink", "pen"]


async def test_rollup_follows_relation_and_value_changes(shop: Shop) -> None:
    await shop.add_rollup("sum", "Price")
    page = await shop.order([])
    assert page["properties"]["R"]["rollup"]["number"] == 0
    page = await shop.client.pages.update(
        page_id=page["id"], properties={"Items": {"relation": [{"id": shop.item_ids[0]}]}}
    )
    assert page["properties"]["R"]["rollup"]["number"] == 2
    await shop.client.pages.update(page_id=shop.item_ids[0], properties={"Price": {"number": 7}})
    read = await shop.client.pages.retrieve(page_id=page["id"])
    assert read["properties"]["R"]["rollup"]["number"] == 7
    await shop.client.pages.update(page_id=shop.item_ids[0], in_trash=True)
    read = await shop.client.pages.retrieve(page_id=page["id"])
    assert read["properties"]["R"]["rollup"]["number"] == 0


async def test_filter_and_sort_on_rollups(shop: Shop) -> None:
    await shop.add_rollup("sum", "Price")
    small = await shop.order([0])
    big = await shop.order([1, 3])
    found = await shop.client.data_sources.query(
        data_source_id=shop.orders,
        filter={"property": "R", "rollup": {"number": {"greater_than": 5}}},
    )
    assert [p["id"] for p in found["results"]] == [big["id"]]
    ordered = await shop.client.data_sources.query(
        data_source_id=shop.orders, sorts=[{"property": "R", "direction": "descending"}]
    )
    assert [p["id"] for p in ordered["results"]] == [big["id"], small["id"]]


async def test_formula_reads_a_rollup(shop: Shop) -> None:
    await shop.add_rollup("sum", "Price")
    await shop.client.data_sources.update(
        data_source_id=shop.orders,
        properties={"Total": {"formula": {"expression": 'prop("R") * 2 + length(prop("Items"))'}}},
    )
    page = await shop.order([0, 1])
    assert page["properties"]["Total"]["formula"] == {"type": "number", "number": 26}


async def test_rollup_configuration_names_its_target_by_name_and_id(shop: Shop) -> None:
    """Notion fills both (notion-recordings-uno/fixtures/mod_all_props_db.yaml:
    ``"rollup_property_name": "Title", "rollup_property_id": "title"``)."""
    await shop.add_rollup("count", "Name")
    source = await shop.client.data_sources.retrieve(data_source_id=shop.orders)
    config = source["properties"]["R"]["rollup"]
    assert config["rollup_property_name"] == "Name"
    assert config["rollup_property_id"] == "title"
    assert config["relation_property_name"] == "Items"
    assert config["relation_property_id"] == source["properties"]["Items"]["id"]
