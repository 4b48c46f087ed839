"""Behaviours the replay of ``../shared/reference/notion-recordings-uno/`` showed, each checked
on its own (the cassette that shows Notion doing it is named in each test)."""

from __future__ import annotations

from typing import Any


def text(content: str, **annotations: bool) -> list[dict[str, Any]]:
    item: dict[str, Any] = {"type": "text", "text": {"content": content}}
    if annotations:
        item["annotations"] = annotations
    return [item]


async def test_a_database_created_without_a_title_is_named_new_database(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """notion-recordings-uno/test_page/test_parent_db.yaml #0-#1: the database reads
    "New database" (so does its entry in ``data_sources``); the data source stays untitled."""
    database = await notion_client.databases.create(
        parent={"page_id": notion_root_page_id},
        is_inline=False,
        initial_data_source={"properties": {"Name": {"type": "title", "title": {}}}},
    )
    assert [t["plain_text"] for t in database["title"]] == ["New database"]
    assert database["title"][0]["text"] == {"content": "New database", "link": None}
    assert database["data_sources"][0]["name"] == "New database"
    source = await notion_client.data_sources.retrieve(database["data_sources"][0]["id"])
    assert source["title"] == []


async def test_a_database_given_a_title_keeps_it(
    notion_client: Any, notion_root_page_id: str
) -> None:
    database = await notion_client.databases.create(
        parent={"page_id": notion_root_page_id},
        title=[],
        initial_data_source={"properties": {"Name": {"title": {}}}},
    )
    assert database["title"] == []


async def test_a_database_description_shows_on_its_data_source(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """notion-recordings-uno/test_page/test_more_than_max_mentions_per_text_property.yaml
    #1-#2 (and test_option_page_props.yaml): PATCH /v1/databases/{id} with a description, then
    the data source reads that description."""
    database = await notion_client.databases.create(
        parent={"page_id": notion_root_page_id},
        title=text("Items"),
        initial_data_source={"properties": {"Name": {"title": {}}}},
    )
    updated = await notion_client.databases.update(
        database_id=database["id"], description=text("Database of all items")
    )
    assert [t["plain_text"] for t in updated["description"]] == ["Database of all items"]
    source = await notion_client.data_sources.retrieve(database["data_sources"][0]["id"])
    assert source["description"] == updated["description"]


async def test_adjacent_text_with_the_same_formatting_reads_back_as_one_item(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """notion-recordings-uno/test_blocks/test_long_code_block.yaml #3: a code block sent as
    2,000 + 1 characters in two items reads back as one item of 2,001 characters."""
    code = "x" * 2000 + "y"
    sent = [*text(code[:2000]), *text(code[2000:]), *text("!", bold=True)]
    answer = await notion_client.blocks.children.append(
        block_id=notion_root_page_id,
        children=[{"type": "code", "code": {"rich_text": sent, "language": "python"}}],
    )
    rich = answer["results"][0]["code"]["rich_text"]
    assert [item["plain_text"] for item in rich] == [code, "!"]
    assert rich[0]["text"] == {"content": code, "link": None}


async def test_a_date_mention_with_a_time_zone_reads_back_with_an_offset(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """notion-recordings-uno/test_rich_text/test_mention.yaml #3: a date mention sent with
    ``time_zone`` "UTC" reads back as the offset time, its time zone null."""
    mention = {"type": "date", "date": {"start": "2022-01-01T00:00:00", "time_zone": "UTC"}}
    day = {"type": "date", "date": {"start": "2022-12-16"}}
    answer = await notion_client.blocks.children.append(
        block_id=notion_root_page_id,
        children=[
            {
                "type": "paragraph",
                "paragraph": {
                    "rich_text": [
                        {"type": "mention", "mention": mention},
                        {"type": "mention", "mention": day},
                    ]
                },
            }
        ],
    )
    at_time, on_day = answer["results"][0]["paragraph"]["rich_text"]
    assert at_time["mention"]["date"] == {
        "start": "2022-01-01T00:00:00.000+00:00",
        "end": None,
        "time_zone": None,
    }
    assert at_time["plain_text"] == "2022-01-01T00:00:00.000+00:00"
    assert on_day["mention"]["date"] == {"start": "2022-12-16", "end": None, "time_zone": None}


async def test_comments_on_a_page_join_its_one_discussion(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """notion-recordings-uno/test_comment/test_new_page_comment.yaml #3 and #6: two comments
    created with the page as parent carry the same discussion_id."""
    page = await notion_client.pages.create(
        parent={"page_id": notion_root_page_id}, properties={"title": text("Page")}
    )
    first = await notion_client.comments.create(
        parent={"page_id": page["id"]}, rich_text=text("My first comment")
    )
    second = await notion_client.comments.create(
        parent={"page_id": page["id"]}, rich_text=text("Another comment")
    )
    assert second["discussion_id"] == first["discussion_id"]
    other = await notion_client.pages.create(
        parent={"page_id": notion_root_page_id}, properties={"title": text("Other")}
    )
    elsewhere = await notion_client.comments.create(
        parent={"page_id": other["id"]}, rich_text=text("Elsewhere")
    )
    assert elsewhere["discussion_id"] != first["discussion_id"]
