"""Seeding: the objects a recorded workspace held before a cassette's run, rebuilt in the emulator.

A cassette often reads objects it never creates (pages a fixture made in an earlier run, their
blocks, data sources, comments). Before the replay, :class:`Seeder` recreates each object
:class:`~tests.notion_emulator.replay_recorded.Recorded` found in the recorded answers, in the
fresh emulator, through the public API: pages with their title and parent (rows with their
values), a data source as a database with its schema, block lists (from
``GET /v1/blocks/{id}/children`` answers) as append requests, files Notion hosted as uploads,
comments as comments of the same discussion. Each recorded id is then mapped to the id the
emulator handed out. Only what the API cannot do goes through the store: blocks Notion shows
as ``unsupported``, the group of each status option, a linked database without a data source.
Nothing here is specific to one cassette.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
from tests.notion_emulator.replay import Exchange, IdMap, dashed, hex_id
from tests.notion_emulator.replay_recorded import (
    LINKED,
    Recorded,
    inline,
    parent_id,
    references,
    rich_text,
    schema_request,
    text,
    values,
)

from notion_emulator.store import Node, Store, new_id

#: Request keys that hold what Notion computed, not what a client sends.
_BLOCK_READ_ONLY = {"children", "block_type"}
#: Block types the public API cannot create; they hold no content a replay depends on.
_NOT_CREATABLE = {"unsupported", "child_page", "child_database"}
#: The schema of a database whose data source the recorded answers never show.
_UNTITLED_SCHEMA = {"Name": {"type": "title", "title": {}}}
#: Schema property types added once the data source exists, in this order.
_LATER = (*LINKED, "formula")


class Seeder:
    """Rebuilds, through the emulator's API, the recorded objects a cassette uses."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        store: Store,
        ids: IdMap,
        root_id: str,
        exchanges: list[Exchange],
    ) -> None:
        self.client = client
        self.store = store
        self.ids = ids
        self.root_id = root_id
        #: Recorded block id -> the upload standing for the file Notion hosted for it.
        self.uploads: dict[str, str] = {}
        self.recorded = Recorded.scan(exchanges)
        self.version = next(
            (e.headers["notion-version"] for e in exchanges if "notion-version" in e.headers),
            "2025-09-03",
        )

    async def seed(self) -> None:
        """Create every recorded object the run did not create, parents first."""
        listed = {hex_id(b["id"]) for blocks in self.recorded.children.values() for b in blocks}
        for key, obj in list(self.recorded.objects.items()):
            if obj["object"] in ("page", "database", "data_source") and key not in listed:
                await self._ensure(key)
        for parent in list(self.recorded.children):
            await self._ensure(parent)
            if parent in self.ids.ids:  # a nested block's list is filled with its block
                await self._fill(parent)
        for key, obj in self.recorded.objects.items():
            holder = parent_id(obj)
            if obj["object"] == "block" and key not in self.ids.ids and holder is not None:
                await self._ensure(holder)
                await self._append(holder, [obj])
        for comment in self.recorded.comments:
            await self._comment(comment)

    async def _call(self, method: str, path: str, body: dict[str, Any]) -> Any:
        headers = {"Notion-Version": self.version}
        response = await self.client.request(
            method, self.ids.rewrite(path), json=self.ids.rewrite_json(body), headers=headers
        )
        assert response.status_code == 200, (
            f"seeding {method} {path} was refused: {response.text[:1000]}\nsent: {body}"
        )
        return response.json()

    def _map(self, recorded: str, emulated: str) -> None:
        self.ids.ids[hex_id(recorded)] = hex_id(emulated)

    async def _ensure(self, key: str, unknown: str = "page") -> None:
        """Make sure the recorded page, database or data source ``key`` exists (as an
        ``unknown`` kind of object when the recorded answers never show it)."""
        if key in self.ids.ids or key in self.recorded.created:
            return
        obj = self.recorded.objects.get(key)
        kind = obj["object"] if obj else unknown
        if kind == "block":
            assert obj is not None
            parent = parent_id(obj)
            if obj["type"] in _NOT_CREATABLE and parent is not None:
                await self._ensure(parent)
                await self._uncreatable(parent, obj)
            return  # other blocks come with their parent's children
        if kind == "data_source":
            await self._data_source(key, obj or {})
        elif kind == "database":
            await self._database(key, obj or {})
        else:
            await self._page(key, obj or {"id": key, "parent": {"type": "workspace"}})

    async def _parent(self, parent: dict[str, Any] | None) -> dict[str, Any]:
        """The request ``parent`` for a recorded parent (the root page when it is unknown)."""
        kind = (parent or {}).get("type")
        if parent and kind in ("page_id", "database_id", "data_source_id"):
            await self._ensure(hex_id(parent[kind]))
            return {"type": kind, kind: parent[kind]}
        return {"type": "page_id", "page_id": self.root_id}

    async def _page(self, key: str, page: dict[str, Any]) -> None:
        parent = await self._parent(page.get("parent"))
        recorded = page.get("properties") or {}
        if "data_source_id" in parent:
            properties = values(recorded)
        else:
            titles = [{"title": rich_text(v["title"])} for v in recorded.values() if "title" in v]
            properties = {"title": next(iter(titles), {"title": []})}
        created = await self._call(
            "POST", "/v1/pages", {"parent": parent, "properties": properties}
        )
        self._map(key, created["id"])
        if page.get("in_trash"):
            await self._call("PATCH", f"/v1/pages/{created['id']}", {"in_trash": True})

    async def _database(self, key: str, database: dict[str, Any]) -> None:
        sources = database.get("data_sources") or []
        known = [s for s in sources if hex_id(s["id"]) in self.recorded.objects]
        if known:
            await self._ensure(hex_id(known[0]["id"]))
            if key in self.ids.ids:
                return
        await self._create_database(key, database, {}, sources[0]["id"] if sources else None)
        if "data_sources" in database and not sources:
            # a linked database shows no data source of its own; the API always makes one
            self.store.nodes[dashed(self.ids.ids[key])].data_sources = []

    async def _data_source(self, key: str, source: dict[str, Any]) -> None:
        database_id = (source.get("parent") or {}).get("database_id")
        database = self.recorded.objects.get(hex_id(database_id)) if database_id else None
        container = database or {
            "parent": source.get("database_parent"),
            "title": source.get("title") or [],
        }
        schema = source.get("properties") or {}
        plain = {n: p for n, p in schema.items() if p["type"] not in _LATER}
        await self._create_database(database_id or key, container, plain, source["id"])
        # once the data source exists: relations, rollups over them, formulas over all
        for kind in LINKED:
            later = {n: p for n, p in schema.items() if p["type"] == kind}
            if kind == "relation":
                later = await self._relations_to_send(source["id"], later)
            if later:
                body = {"properties": schema_request(later, schema)}
                await self._call("PATCH", f"/v1/data_sources/{source['id']}", body)
        for name, prop in schema.items():
            if prop["type"] == "formula":
                await self._formula(source["id"], name, prop, schema)

    async def _relations_to_send(self, source_id: str, relations: dict[str, Any]) -> dict[str, Any]:
        """The recorded relations to create, their targets made first: a two-way relation's
        other side is created by the emulator with it (named by ``synced_property_name``), so a
        side that exists by now, or whose partner is sent in the same request, is left out."""
        for prop in relations.values():
            if target := prop["relation"].get("data_source_id"):
                await self._ensure(hex_id(target), "data_source")
        source = self.store.data_sources[dashed(self.ids.ids[hex_id(source_id)])]
        partners: set[str] = set()
        out: dict[str, Any] = {}
        for name, prop in relations.items():
            if name in source.properties or name in partners:
                continue
            out[name] = prop
            config = prop["relation"]
            if config.get("type") == "dual_property" and hex_id(
                config.get("data_source_id") or ""
            ) == hex_id(source_id):
                partners.add(config["dual_property"].get("synced_property_name", ""))
        return out

    async def _formula(
        self, source_id: str, name: str, prop: dict[str, Any], schema: dict[str, Any]
    ) -> None:
        """Add a recorded formula property; one the emulator refuses to evaluate (the recorded
        workspace holds ``={{notion:block_property:…}}* 2``) is put in the store as recorded,
        where it reads as Notion reads a broken formula."""
        body = {"properties": schema_request({name: prop}, schema)}
        path = self.ids.rewrite(f"/v1/data_sources/{source_id}")
        headers = {"Notion-Version": self.version}
        response = await self.client.request("PATCH", path, json=body, headers=headers)
        if response.status_code == 200:
            return
        assert "Invalid formula" in response.text, f"seeding {name} was refused: {response.text}"
        source = self.store.data_sources[dashed(self.ids.ids[hex_id(source_id)])]
        expression = self.ids.rewrite(prop["formula"]["expression"])
        source.properties[name] = {
            "id": prop["id"],
            "name": name,
            "type": "formula",
            "formula": {"expression": expression},
            "description": prop.get("description"),
        }

    async def _create_database(
        self,
        key: str,
        database: dict[str, Any],
        schema: dict[str, Any],
        source_id: str | None,
    ) -> None:
        body = {
            "parent": await self._parent(database.get("parent")),
            "title": rich_text(database.get("title") or []),
            "description": rich_text(database.get("description") or []),
            "is_inline": bool(database.get("is_inline")),
            "initial_data_source": {"properties": schema_request(schema) or _UNTITLED_SCHEMA},
        }
        created = await self._call("POST", "/v1/databases", body)
        self._map(key, created["id"])
        if source_id is not None:
            self._map(source_id, created["data_sources"][0]["id"])
            self._status_groups(created["data_sources"][0]["id"], schema)
            source = self.recorded.objects.get(hex_id(source_id)) or {}
            if source.get("description"):
                description = {"description": rich_text(source["description"])}
                await self._call("PATCH", f"/v1/data_sources/{source_id}", description)

    def _status_groups(self, source_id: str, schema: dict[str, Any]) -> None:
        """Put each status option in its recorded group (the API files new options under
        To-do and has no way to move them)."""
        source = self.store.data_sources[source_id]
        for name, prop in schema.items():
            if prop["type"] != "status":
                continue
            recorded = {o["id"]: o["name"] for o in prop["status"]["options"]}
            config = source.properties[name]["status"]
            made = {o["name"]: o["id"] for o in config["options"]}
            wanted = {g["name"]: g["option_ids"] for g in prop["status"]["groups"]}
            for group in config["groups"]:
                ids = wanted.get(group["name"], [])
                group["option_ids"] = [made[recorded[i]] for i in ids if recorded.get(i) in made]

    async def _fill(self, parent: str) -> None:
        """Append the recorded children of ``parent`` (which exists by now), in order."""
        blocks = [b for b in self.recorded.children[parent] if hex_id(b["id"]) not in self.ids.ids]
        await self._append(parent, blocks)

    async def _append(self, parent: str, blocks: list[dict[str, Any]]) -> None:
        run: list[dict[str, Any]] = []
        for block in blocks:
            if block["type"] in _NOT_CREATABLE:
                await self._flush(parent, run)
                run = []
                await self._uncreatable(parent, block)
            else:
                run.append(block)
        await self._flush(parent, run)

    async def _uncreatable(self, parent: str, block: dict[str, Any]) -> None:
        kind = block["type"]
        title = (block.get(kind) or {}).get("title", "")
        key = hex_id(block["id"])
        if kind == "child_page":
            await self._page(
                key,
                self.recorded.objects.get(key)
                or {
                    "parent": {"type": "page_id", "page_id": parent},
                    "properties": {"title": {"type": "title", "title": text(title)}},
                },
            )
        elif kind == "child_database":
            database = dict(self.recorded.objects.get(key) or {"title": text(title)})
            database["parent"] = {"type": "page_id", "page_id": parent}
            await self._database(key, database)
        else:
            self._unsupported(parent, block)

    def _unsupported(self, parent: str, block: dict[str, Any]) -> None:
        """A block of a kind the API cannot create (a button, an AI block), put in the store
        directly as Notion shows it: ``unsupported`` with its ``block_type``."""
        holder = self.store.nodes[dashed(self.ids.ids[parent])]
        kind = "page_id" if holder.type == "child_page" else "block_id"
        now = self.store.clock()
        node = Node(
            id=new_id(),
            type="unsupported",
            parent={"type": kind, kind: holder.id},
            payload=dict(block["unsupported"]),
            created=now,
            edited=now,
            seq=self.store.next_seq(),
        )
        self.store.add_node(node, holder)
        self._map(block["id"], node.id)

    async def _flush(self, parent: str, blocks: list[dict[str, Any]]) -> None:
        if not blocks:
            return
        tree = list(self._tree(blocks))
        for kind, key in references([b[b["type"]] for b in tree]):
            await self._ensure(key, kind)
        for block in tree:
            await self._synced_original(block)
            await self._upload(block)
        answer = await self._call(
            "PATCH",
            f"/v1/blocks/{parent}/children",
            {"children": [self._block(b) for b in blocks]},
        )
        for block, made in zip(blocks, answer["results"], strict=False):
            self._map(block["id"], made["id"])
            if inline(block):
                await self._learn(block["id"], made["id"])
            elif hex_id(block["id"]) in self.recorded.children:
                await self._fill(hex_id(block["id"]))

    def _tree(self, blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The blocks and the children each is created with."""
        for block in blocks:
            yield block
            if inline(block):
                yield from self._tree(self.recorded.children.get(hex_id(block["id"]), []))

    async def _upload(self, block: dict[str, Any]) -> None:
        """A file Notion hosts is uploaded again (a few bytes under its recorded name)."""
        payload = block.get(block["type"]) or {}
        if payload.get("type") != "file":
            return
        name = urlsplit(payload["file"]["url"]).path.rsplit("/", 1)[-1] or "file"
        made = await self._call("POST", "/v1/file_uploads", {"filename": name})
        response = await self.client.post(
            f"/v1/file_uploads/{made['id']}/send",
            files={"file": (name, b"seed")},
            headers={"Notion-Version": self.version},
        )
        assert response.status_code == 200, f"seeding upload refused: {response.text[:500]}"
        self.uploads[hex_id(block["id"])] = made["id"]

    async def _synced_original(self, block: dict[str, Any]) -> None:
        """Make sure the original of a synced block reference exists."""
        source = (block.get("synced_block") or {}).get("synced_from") or {}
        key = hex_id(source.get("block_id", "")) if source else ""
        original = self.recorded.objects.get(key)
        if original is None or key in self.ids.ids:
            return
        parent = parent_id(original)
        if parent is not None:
            await self._ensure(parent)
            await self._append(parent, [original])

    async def _learn(self, recorded: str, emulated: str) -> None:
        """Map the ids of children created inline with their parent."""
        response = await self.client.get(
            self.ids.rewrite(f"/v1/blocks/{emulated}/children"),
            headers={"Notion-Version": self.version},
        )
        made = response.json()["results"]
        for block, new in zip(self.recorded.children.get(hex_id(recorded), []), made, strict=False):
            self._map(block["id"], new["id"])
            if inline(block):
                await self._learn(block["id"], new["id"])

    def _block(self, block: dict[str, Any]) -> dict[str, Any]:
        """A recorded block as an append request's child (inline children for containers)."""
        kind = block["type"]
        payload = {
            k: v
            for k, v in (block.get(kind) or {}).items()
            if k not in _BLOCK_READ_ONLY and (v is not None or k == "synced_from")
        }
        if "rich_text" in payload:
            payload["rich_text"] = rich_text(payload["rich_text"])
        if "caption" in payload:
            payload["caption"] = rich_text(payload["caption"])
        if payload.get("type") == "file":
            upload = self.uploads[hex_id(block["id"])]
            payload = {**payload, "type": "file_upload", "file_upload": {"id": upload}}
            del payload["file"]
        if inline(block):
            inner = self.recorded.children.get(hex_id(block["id"]), [])
            payload["children"] = [self._block(b) for b in inner]
        return {"object": "block", "type": kind, kind: payload}

    async def _comment(self, comment: dict[str, Any]) -> None:
        key = hex_id(comment["id"])
        if key in self.ids.ids:
            return
        discussion = hex_id(comment["discussion_id"])
        body: dict[str, Any] = {"rich_text": rich_text(comment["rich_text"])}
        if discussion in self.ids.ids:
            body["discussion_id"] = comment["discussion_id"]
        else:
            parent = comment["parent"]
            await self._ensure(hex_id(parent[parent["type"]]))
            body["parent"] = parent
        made = await self._call("POST", "/v1/comments", body)
        self._map(comment["id"], made["id"])
        self._map(comment["discussion_id"], made["discussion_id"])
