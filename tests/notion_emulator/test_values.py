"""Values as Notion gives and takes them (issue 14, items 2, 3, 9 and 10): relation targets,
what Notion accepts back as it answered it, users embedded in values, data source moves,
native icons, path ids, option ids.

Each test names the recording (under ``../shared/reference/``) that shows the behaviour.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from notion_client import APIResponseError

from notion_emulator.app import Emulator, EmulatorConfig


def text(content: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": {"content": content}}]


async def new_database(
    client: Any, parent: str, title: str, properties: dict[str, Any] | None = None
) -> tuple[str, str]:
    """A database and its data source id."""
    database = await client.databases.create(
        parent={"page_id": parent},
        title=text(title),
        initial_data_source={"properties": properties or {"Name": {"title": {}}}},
    )
    return database["id"], database["data_sources"][0]["id"]


async def new_page(client: Any, parent: str, title: str = "Page") -> Any:
    return await client.pages.create(
        parent={"page_id": parent}, properties={"title": {"title": text(title)}}
    )


def is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


# -- item 2: a relation names its target's database -------------------------------------


async def test_relation_config_carries_the_target_database_id(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """``relation.database_id`` is the target database's id, not null
    (``notion-recordings-uno/test_page/test_more_than_max_refs_per_relation_property.yaml`` #5).
    """
    items_db, items = await new_database(notion_client, notion_root_page_id, "Items")
    _, customers = await new_database(
        notion_client,
        notion_root_page_id,
        "Customers",
        {
            "Name": {"title": {}},
            "Bought": {"relation": {"data_source_id": items, "single_property": {}}},
        },
    )
    source = await notion_client.data_sources.retrieve(data_source_id=customers)
    relation = source["properties"]["Bought"]["relation"]
    assert list(relation)[:2] == ["database_id", "data_source_id"]
    assert relation["database_id"] == items_db
    updated = await notion_client.data_sources.update(
        data_source_id=customers,
        properties={"Again": {"relation": {"data_source_id": items, "single_property": {}}}},
    )
    assert updated["properties"]["Again"]["relation"]["database_id"] == items_db


# -- item 3: what Notion takes back ----------------------------------------------------------


async def test_relation_value_may_carry_has_more(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """A relation value sent as read, ``"has_more": false`` included, is taken
    (``test_page/test_more_than_max_refs_per_relation_property.yaml`` #9, #10)."""
    _, items = await new_database(notion_client, notion_root_page_id, "Items")
    _, orders = await new_database(
        notion_client,
        notion_root_page_id,
        "Orders",
        {
            "Name": {"title": {}},
            "Items": {"relation": {"data_source_id": items, "single_property": {}}},
        },
    )
    item = await notion_client.pages.create(
        parent={"data_source_id": items}, properties={"Name": {"title": text("Item")}}
    )
    value = {"type": "relation", "relation": [{"id": item["id"]}], "has_more": False}
    order = await notion_client.pages.create(
        parent={"data_source_id": orders},
        properties={"Name": {"title": text("Order")}, "Items": value},
    )
    assert order["properties"]["Items"]["relation"] == [{"id": item["id"]}]
    assert order["properties"]["Items"]["has_more"] is False
    updated = await notion_client.pages.update(
        page_id=order["id"], properties={"Items": {**value, "relation": []}}
    )
    assert updated["properties"]["Items"]["relation"] == []
    with pytest.raises(APIResponseError) as caught:
        await notion_client.pages.update(
            page_id=order["id"], properties={"Items": {**value, "has_more": "no"}}
        )
    assert caught.value.code == "validation_error"


async def test_schema_property_named_by_id_or_carrying_its_id(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """A schema update may key a property by its id (``test_page/
    test_more_than_max_refs_per_relation_property.yaml`` #6: ``{"%5BVHf": {"name": ...}}``) and
    may send the property object as read, its ``id`` inside."""
    _, source_id = await new_database(
        notion_client,
        notion_root_page_id,
        "Schema",
        {"Name": {"title": {}}, "Price": {"number": {"format": "dollar"}}},
    )
    source = await notion_client.data_sources.retrieve(data_source_id=source_id)
    price = source["properties"]["Price"]
    renamed = await notion_client.data_sources.update(
        data_source_id=source_id, properties={price["id"]: {"name": "Cost"}}
    )
    assert renamed["properties"]["Cost"]["id"] == price["id"]
    as_read = {**renamed["properties"]["Cost"], "name": "Amount"}
    again = await notion_client.data_sources.update(
        data_source_id=source_id, properties={"Cost": as_read}
    )
    assert again["properties"]["Amount"] == {**as_read, "name": "Amount"}
    by_inner_id = await notion_client.data_sources.update(
        data_source_id=source_id,
        properties={"Whatever": {"id": price["id"], "name": "Total"}},
    )
    assert set(by_inner_id["properties"]) == {"Name", "Total"}


async def test_block_update_takes_empty_children(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """``"children": []`` in a block update is taken and ignored
    (``test_blocks/test_modify_basic_blocks.yaml`` #14 callout, #15 to_do)."""
    page = await new_page(notion_client, notion_root_page_id)
    created = await notion_client.blocks.children.append(
        block_id=page["id"],
        children=[
            {"callout": {"rich_text": text("c"), "icon": {"emoji": "👍"}}},
            {"to_do": {"rich_text": text("t")}},
        ],
    )
    callout, todo = created["results"]
    updated = await notion_client.blocks.update(
        block_id=callout["id"],
        type="callout",
        callout={"children": [], "rich_text": text("This is a callout"), "color": "default"},
    )
    assert "children" not in updated["callout"]
    assert updated["callout"]["rich_text"][0]["plain_text"] == "This is a callout"
    assert updated["has_children"] is False
    updated = await notion_client.blocks.update(
        block_id=todo["id"], to_do={"children": [], "rich_text": text("Checked item")}
    )
    assert "children" not in updated["to_do"] and updated["to_do"]["checked"] is False


async def test_columns_may_be_created_empty(notion_client: Any, notion_root_page_id: str) -> None:
    """Columns created with ``"children": []`` are empty columns, filled later
    (``test_blocks/test_create_column_blocks.yaml`` #3-#8,
    ``test_blocks/test_modify_column_blocks_width_ratios.yaml`` #3, #9)."""
    page = await new_page(notion_client, notion_root_page_id)
    answer = await notion_client.blocks.children.append(
        block_id=page["id"],
        children=[
            {
                "object": "block",
                "type": "column_list",
                "column_list": {
                    "children": [
                        {"object": "block", "type": "column", "column": {"children": []}},
                        {
                            "object": "block",
                            "type": "column",
                            "column": {"children": [], "width_ratio": 0.75},
                        },
                    ]
                },
            }
        ],
    )
    column_list = answer["results"][0]
    assert column_list["column_list"] == {} and column_list["has_children"] is True
    columns = (await notion_client.blocks.children.list(block_id=column_list["id"]))["results"]
    assert [c["column"] for c in columns] == [{}, {"width_ratio": 0.75}]
    assert [c["has_children"] for c in columns] == [False, False]
    empty = await notion_client.blocks.children.list(block_id=columns[0]["id"])
    assert empty["results"] == []
    await notion_client.blocks.children.append(
        block_id=columns[0]["id"],
        children=[{"paragraph": {"children": [], "rich_text": text("1")}}],
    )
    added = await notion_client.blocks.children.append(
        block_id=column_list["id"],
        children=[{"object": "block", "type": "column", "column": {"children": []}}],
        position={"type": "after_block", "after_block": {"id": columns[0]["id"]}},
    )
    assert [b["type"] for b in added["results"]] == ["column", "column"]
    assert added["results"][0]["has_children"] is False


# -- item 9: users inside values -------------------------------------------------------------


async def test_users_inside_values_are_full_objects(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """People values, created_by / last_edited_by properties and user mentions hold full user
    objects (``test_rich_text/test_mention.yaml`` #3: ``person: {email}``;
    ``fixtures/mod_notion_cleanups.yaml`` #0: the integration with ``"bot": {}``); a page's own
    ``created_by`` stays ``{"object", "id"}`` (``test_page/test_icon_attr.yaml``)."""
    users = (await notion_client.users.list())["results"]
    person = next(u for u in users if u["type"] == "person")
    bot = next(u for u in users if u["type"] == "bot")
    full_person = {
        "object": "user",
        "id": person["id"],
        "name": person["name"],
        "avatar_url": None,
        "type": "person",
        "person": {"email": person["person"]["email"]},
    }
    full_bot = {
        "object": "user",
        "id": bot["id"],
        "name": bot["name"],
        "avatar_url": None,
        "type": "bot",
        "bot": {},
    }
    _, source = await new_database(
        notion_client,
        notion_root_page_id,
        "People",
        {
            "Name": {"title": {}},
            "Who": {"people": {}},
            "Notes": {"rich_text": {}},
            "Creator": {"created_by": {}},
            "Editor": {"last_edited_by": {}},
        },
    )
    mention = {"type": "mention", "mention": {"type": "user", "user": {"id": person["id"]}}}
    row = await notion_client.pages.create(
        parent={"data_source_id": source},
        properties={
            "Name": {"title": text("Row")},
            "Who": {"people": [{"id": person["id"]}, {"object": "user", "id": bot["id"]}]},
            "Notes": {"rich_text": [mention]},
        },
    )
    for page in (row, await notion_client.pages.retrieve(page_id=row["id"])):
        values = page["properties"]
        assert values["Who"]["people"] == [full_person, full_bot]
        assert values["Creator"]["created_by"] == full_bot
        assert values["Editor"]["last_edited_by"] == full_bot
        noted = values["Notes"]["rich_text"][0]
        assert noted["mention"]["user"] == full_person
        assert noted["plain_text"] == "@" + person["name"]
        assert page["created_by"] == page["last_edited_by"] == {"object": "user", "id": bot["id"]}
    item = await notion_client.pages.properties.retrieve(
        page_id=row["id"], property_id=values["Who"]["id"]
    )
    assert [i["people"] for i in item["results"]] == [full_person, full_bot]
    block = await notion_client.blocks.children.append(
        block_id=row["id"], children=[{"paragraph": {"rich_text": [mention]}}]
    )
    assert block["results"][0]["paragraph"]["rich_text"][0]["mention"]["user"] == full_person
    listed = await notion_client.blocks.children.list(block_id=row["id"])
    assert listed["results"][0]["paragraph"]["rich_text"][0]["mention"]["user"] == full_person


# -- item 10: moves, icons, path ids, options ------------------------------------------------


async def test_data_source_moves_to_another_database(
    notion_client: Any, notion_http: httpx.AsyncClient, notion_token: str, notion_root_page_id: str
) -> None:
    """``PATCH /v1/data_sources/{id}`` with ``parent`` moves a data source (the SDK's
    ``UpdateDataSourceBodyParameters.parent``; Notion's documentation of that endpoint)."""
    old_db, moving = await new_database(notion_client, notion_root_page_id, "Old")
    new_db, staying = await new_database(
        notion_client,
        notion_root_page_id,
        "New",
        {
            "Name": {"title": {}},
            "Link": {"relation": {"data_source_id": moving, "single_property": {}}},
        },
    )
    row = await notion_client.pages.create(
        parent={"data_source_id": moving}, properties={"Name": {"title": text("Row")}}
    )
    moved = await notion_client.data_sources.update(
        data_source_id=moving, parent={"type": "database_id", "database_id": new_db}
    )
    assert moved["parent"] == {"type": "database_id", "database_id": new_db}
    old = await notion_client.databases.retrieve(database_id=old_db)
    assert old["data_sources"] == []
    new = await notion_client.databases.retrieve(database_id=new_db)
    assert [s["id"] for s in new["data_sources"]] == [staying, moving]
    row = await notion_client.pages.retrieve(page_id=row["id"])
    assert row["parent"]["database_id"] == new_db
    linking = await notion_client.data_sources.retrieve(data_source_id=staying)
    assert linking["properties"]["Link"]["relation"]["database_id"] == new_db
    auth = {"Authorization": f"Bearer {notion_token}", "Notion-Version": "2025-09-03"}
    views = await notion_http.get("/v1/views", params={"database_id": new_db}, headers=auth)
    shown = [
        await notion_http.get(f"/v1/views/{v['id']}", headers=auth) for v in views.json()["results"]
    ]
    assert moving in [v.json()["data_source_id"] for v in shown]
    for wrong, code in (
        ({"type": "page_id", "database_id": new_db}, "validation_error"),
        ({"database_id": "nope"}, "validation_error"),
        ({"database_id": str(uuid.uuid4())}, "object_not_found"),
    ):
        with pytest.raises(APIResponseError) as caught:
            await notion_client.data_sources.update(data_source_id=moving, parent=wrong)
        assert caught.value.code == code


NATIVE = {"type": "external", "external": {"url": "https://www.notion.so/icons/snake_purple.svg"}}


async def test_notion_icon_urls_become_native_icons(
    notion_client: Any, notion_root_page_id: str
) -> None:
    """An external icon at ``https://www.notion.so/icons/<name>_<color>.svg`` reads back as
    ``{"type": "icon", "icon": {"name", "color"}}`` (``test_page/test_icon_attr.yaml`` #5, #6)."""
    native = {"type": "icon", "icon": {"name": "snake", "color": "purple"}}
    page = await new_page(notion_client, notion_root_page_id)
    updated = await notion_client.pages.update(page_id=page["id"], icon=NATIVE)
    assert updated["icon"] == native
    assert (await notion_client.pages.retrieve(page_id=page["id"]))["icon"] == native
    created = await notion_client.pages.create(
        parent={"page_id": notion_root_page_id},
        properties={"title": {"title": text("Iconic")}},
        icon=NATIVE,
    )
    assert created["icon"] == native
    database = await notion_client.databases.create(
        parent={"page_id": notion_root_page_id},
        title=text("Iconic"),
        icon=NATIVE,
        initial_data_source={"properties": {"Name": {"title": {}}}},
    )
    assert database["icon"] == native
    source = await notion_client.data_sources.update(
        data_source_id=database["data_sources"][0]["id"], icon=NATIVE
    )
    assert source["icon"] == native
    other = {"type": "external", "external": {"url": "https://www.notion.so/icons/snake_teal.svg"}}
    kept = await notion_client.pages.update(page_id=page["id"], icon=other)
    assert kept["icon"] == other


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/v1/pages/{}", "page_id"),
        ("/v1/blocks/{}", "block_id"),
        ("/v1/blocks/{}/children", "block_id"),
        ("/v1/databases/{}", "database_id"),
        ("/v1/data_sources/{}", "data_source_id"),
        ("/v1/users/{}", "user_id"),
    ],
)
async def test_malformed_path_uuids_are_validation_errors(
    notion_http: httpx.AsyncClient, notion_token: str, path: str, name: str
) -> None:
    """A path id that is not a valid uuid answers 400, named after its parameter
    (``test_cli/test_upload_invalid_page_uuid.yaml`` #0); the nil uuid is well formed and
    answers 404 (``notion-recordings/test_build_request_error_integration.yaml``)."""
    auth = {"Authorization": f"Bearer {notion_token}", "Notion-Version": "2026-03-11"}
    bad = "12345678-1234-1234-1234-123456789abc"
    r = await notion_http.get(path.format(bad), headers=auth)
    assert r.status_code == 400
    assert r.json()["code"] == "validation_error"
    assert r.json()["message"] == (
        f'path failed validation: path.{name} should be a valid uuid, instead was `"{bad}"`.'
    )
    r = await notion_http.get(path.format("00000000-0000-0000-0000-000000000000"), headers=auth)
    assert r.status_code == 404


async def test_option_ids_are_uuids(notion_client: Any, notion_root_page_id: str) -> None:
    """Select, multi-select and status option ids (and status groups) are UUIDs, in the schema
    and in values (``test_page/test_option_page_props.yaml`` #2-#4)."""
    _, source = await new_database(
        notion_client,
        notion_root_page_id,
        "Options",
        {
            "Title": {"title": {}},
            "Status": {"select": {"options": [{"name": "Open", "color": "gray"}]}},
            "Multi Status": {"multi_select": {"options": [{"name": "Option 1"}]}},
            "Progress": {"status": {}},
        },
    )
    schema = (await notion_client.data_sources.retrieve(data_source_id=source))["properties"]
    ids = [o["id"] for o in schema["Status"]["select"]["options"]]
    ids += [o["id"] for o in schema["Multi Status"]["multi_select"]["options"]]
    ids += [o["id"] for o in schema["Progress"]["status"]["options"]]
    ids += [g["id"] for g in schema["Progress"]["status"]["groups"]]
    assert all(is_uuid(i) for i in ids)
    assert schema["Multi Status"]["multi_select"]["options"][0]["color"] == "default"
    assert not is_uuid(schema["Status"]["id"])
    page = await notion_client.pages.create(
        parent={"data_source_id": source},
        properties={
            "Title": {"title": text("Row")},
            "Status": {"select": {"name": "Open"}},
            "Multi Status": {"multi_select": [{"name": "Option 1"}, {"name": "Option 2"}]},
        },
    )
    values = page["properties"]
    assert values["Status"]["select"]["id"] == ids[0]
    assert all(is_uuid(o["id"]) for o in values["Multi Status"]["multi_select"])


def test_emulator_config_users_are_the_ones_embedded() -> None:
    """The people a workspace is configured with are the ones values embed."""
    config = EmulatorConfig(person_id="6c4ab1b8-8ce4-4f0d-9dde-6d6f5b0a1c2e")
    users = Emulator(config).users
    assert users.embedded(config.person_id)["type"] == "person"
    assert users.embedded(config.bot_id)["bot"] == {}
    stranger = str(uuid.uuid4())
    assert users.embedded(stranger) == {"object": "user", "id": stranger}
