"""Formula properties through the API: values as Notion shapes them, following their inputs,
filters and sorts on them, the stored expression, and expressions refused when saved."""

from __future__ import annotations

from typing import Any

import pytest
from notion_client import APIResponseError

from notion_emulator.app import EmulatorConfig


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


async def source_with(client: Any, parent: str, properties: dict[str, Any]) -> dict[str, Any]:
    database = await client.databases.create(
        parent={"page_id": parent},
        title=text("Formula DB"),
        initial_data_source={"properties": {"Name": {"title": {}}, **properties}},
    )
    return await client.data_sources.retrieve(data_source_id=database["data_sources"][0]["id"])


RECORDED_SCHEMA = {
    "Date Source": {"date": {}},
    "Tags": {"multi_select": {"options": [{"name": "In Progress"}, {"name": "Done"}]}},
    "Date": {"formula": {"expression": 'prop("Date Source")'}},
    "String": {"formula": {"expression": 'format(prop("Name"))'}},
    "Checkbox": {"formula": {"expression": 'prop("Tags").includes("Done")'}},
    "Number": {"formula": {"expression": 'prop("Tags").length()'}},
}


async def test_formula_values_have_notions_result_shapes(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """The Formula DB of notion-recordings-uno/fixtures/mod_formula_db.yaml, its pages as
    recorded in fixtures/mod_notion_cleanups.yaml (Item 1 and Item 2)."""
    source = await source_with(notion_client, notion_root_page_id, RECORDED_SCHEMA)
    pages = []
    for name, tags in (("Item 1", ["Done", "In Progress"]), ("Item 2", ["In Progress"])):
        pages.append(
            await notion_client.pages.create(
                parent={"data_source_id": source["id"]},
                properties={
                    "Name": {"title": text(name)},
                    "Tags": {"multi_select": [{"name": t} for t in tags]},
                    "Date Source": {"date": {"start": "2024-11-25T14:08:00.000+00:00"}},
                },
            )
        )
    recorded_date = {"start": "2024-11-25T14:08:00.000+00:00", "end": None, "time_zone": None}
    first, second = (p["properties"] for p in pages)
    assert first["Date"]["formula"] == {"type": "date", "date": recorded_date}
    assert first["String"]["formula"] == {"type": "string", "string": "Item 1"}
    assert first["Checkbox"]["formula"] == {"type": "boolean", "boolean": True}
    assert first["Number"]["formula"] == {"type": "number", "number": 2}
    assert second["String"]["formula"] == {"type": "string", "string": "Item 2"}
    assert second["Checkbox"]["formula"] == {"type": "boolean", "boolean": False}
    assert second["Number"]["formula"] == {"type": "number", "number": 1}


async def test_expression_reads_back_with_notions_property_references(
    notion_client: Any, notion_root_page_id: str, notion_emulator_config: EmulatorConfig
) -> None:
    """Recorded in notion-recordings-uno/fixtures/mod_formula_db.yaml:
    ``format({{notion:block_property:title:<data source id>:<workspace id>}})``."""
    source = await source_with(notion_client, notion_root_page_id, RECORDED_SCHEMA)
    space = notion_emulator_config.workspace_id
    ref = {
        name: f"{{{{notion:block_property:{prop['id']}:{source['id']}:{space}}}}}"
        for name, prop in source["properties"].items()
    }
    expressions = {
        n: p["formula"]["expression"]
        for n, p in source["properties"].items()
        if p["type"] == "formula"
    }
    assert expressions == {
        "Date": ref["Date Source"],
        "String": f"format({ref['Name']})",
        "Checkbox": f'{ref["Tags"]}.includes("Done")',
        "Number": f"{ref['Tags']}.length()",
    }
    # a stored expression sent back unchanged is accepted and kept
    updated = await notion_client.data_sources.update(
        data_source_id=source["id"],
        properties={"String": {"formula": {"expression": expressions["String"] + ' + "!"'}}},
    )
    assert updated["properties"]["String"]["formula"]["expression"] == (
        f'format({ref["Name"]}) + "!"'
    )


async def test_formula_follows_its_inputs_on_update(
    notion_client: Any, notion_root_page_id: str
) -> None:
    source = await source_with(
        notion_client,
        notion_root_page_id,
        {"Score": {"number": {}}, "Double": {"formula": {"expression": 'prop("Score") * 2'}}},
    )
    page = await notion_client.pages.create(
        parent={"data_source_id": source["id"]},
        properties={"Name": {"title": text("a")}, "Score": {"number": 4}},
    )
    assert page["properties"]["Double"]["formula"] == {"type": "number", "number": 8}
    page = await notion_client.pages.update(page_id=page["id"], properties={"Score": {"number": 5}})
    assert page["properties"]["Double"]["formula"] == {"type": "number", "number": 10}
    page = await notion_client.pages.update(
        page_id=page["id"], properties={"Score": {"number": None}}
    )
    assert page["properties"]["Double"]["formula"] == {"type": "number", "number": None}
    item = await notion_client.pages.properties.retrieve(
        page_id=page["id"], property_id=source["properties"]["Double"]["id"]
    )
    assert item["formula"] == {"type": "number", "number": None}


async def test_formula_added_later_applies_to_existing_pages(
    notion_client: Any, notion_root_page_id: str
) -> None:
    source = await source_with(notion_client, notion_root_page_id, {"Score": {"number": {}}})
    page = await notion_client.pages.create(
        parent={"data_source_id": source["id"]},
        properties={"Name": {"title": text("a")}, "Score": {"number": 3}},
    )
    await notion_client.data_sources.update(
        data_source_id=source["id"],
        properties={"Big": {"formula": {"expression": 'prop("Score") > 2 ? "big" : "small"'}}},
    )
    read = await notion_client.pages.retrieve(page_id=page["id"])
    assert read["properties"]["Big"]["formula"] == {"type": "string", "string": "big"}


async def test_filters_and_sorts_on_formulas(notion_client: Any, notion_root_page_id: str) -> None:
    source = await source_with(
        notion_client,
        notion_root_page_id,
        {
            "Score": {"number": {}},
            "Double": {"formula": {"expression": 'prop("Score") * 2'}},
            "Label": {"formula": {"expression": '"n" + prop("Score")'}},
            "High": {"formula": {"expression": 'prop("Score") >= 3'}},
            "When": {
                "formula": {"expression": 'dateAdd(parseDate("2026-01-01"), prop("Score"), "days")'}
            },
        },
    )
    for name, score in (("a", 3), ("b", 1), ("c", 5)):
        await notion_client.pages.create(
            parent={"data_source_id": source["id"]},
            properties={"Name": {"title": text(name)}, "Score": {"number": score}},
        )

    async def names(**query: Any) -> list[str]:
        found = await notion_client.data_sources.query(data_source_id=source["id"], **query)
        return [p["properties"]["Name"]["title"][0]["plain_text"] for p in found["results"]]

    number = {"property": "Double", "formula": {"number": {"greater_than": 4}}}
    assert sorted(await names(filter=number)) == ["a", "c"]
    string = {"property": "Label", "formula": {"string": {"equals": "n1"}}}
    assert await names(filter=string) == ["b"]
    checkbox = {"property": "High", "formula": {"checkbox": {"equals": False}}}
    assert await names(filter=checkbox) == ["b"]
    date = {"property": "When", "formula": {"date": {"after": "2026-01-03"}}}
    assert sorted(await names(filter=date)) == ["a", "c"]
    assert await names(sorts=[{"property": "Double", "direction": "descending"}]) == [
        "c",
        "a",
        "b",
    ]


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("nosuch(1)", "Unknown function: nosuch."),
        ('prop("Missing") + 1', "Unknown property: Missing."),
        ("1 +* 2", "Unexpected '*'"),
        ('prop("Score") + true', "Type error"),
    ],
)
async def test_invalid_formula_is_refused_when_saved(
    notion_client: Any, notion_root_page_id: str, expression: str, reason: str
) -> None:
    """No recording shows Notion refusing a formula: the answer is a validation_error naming
    the property, the reason and the expression."""
    schema = {"Score": {"number": {}}, "Bad": {"formula": {"expression": expression}}}
    with pytest.raises(APIResponseError) as caught:
        await source_with(notion_client, notion_root_page_id, schema)
    assert caught.value.status == 400
    assert caught.value.code == "validation_error"
    message = str(caught.value)
    assert message.startswith("Invalid formula for property Bad:")
    assert reason in message and expression in message

    source = await source_with(notion_client, notion_root_page_id, {"Score": {"number": {}}})
    with pytest.raises(APIResponseError) as again:
        await notion_client.data_sources.update(
            data_source_id=source["id"], properties={"Bad": {"formula": {"expression": expression}}}
        )
    assert again.value.code == "validation_error"
    kept = await notion_client.data_sources.retrieve(data_source_id=source["id"])
    assert "Bad" not in kept["properties"]
