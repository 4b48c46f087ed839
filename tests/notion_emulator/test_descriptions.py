"""A database's description, as its data sources show it (handlers/databases.py)."""

from __future__ import annotations

from typing import Any


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


async def test_a_database_description_shows_on_its_data_source(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """Recorded: ../shared/reference/notion-recordings-uno/test_page/test_option_page_props.yaml
    (PATCH /v1/databases/{id} with a description, then GET /v1/data_sources/{id} answers that
    description; ultimate-notion sets a schema's docstring this way)."""
    database = await notion_client.databases.create(
        parent={"page_id": notion_root_page_id},
        title=text("Items"),
        initial_data_source={"properties": {"Name": {"title": {}}}},
    )
    source_id = database["data_sources"][0]["id"]
    await notion_client.databases.update(
        database_id=database["id"], description=text("Database of all items")
    )
    source = await notion_client.data_sources.retrieve(data_source_id=source_id)
    assert [part["plain_text"] for part in source["description"]] == ["Database of all items"]
