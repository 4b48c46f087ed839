"""What a cassette's recorded answers show of the workspace before the run, as request bodies.

:class:`Recorded` finds, in the recorded answers, each object the run used but did not create
(its first appearance: the state before the run changed it); the functions below write such
objects back in the form a create request takes. :mod:`tests.notion_emulator.replay_seed`
sends them to the emulator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.notion_emulator.replay import Exchange, hex_id

#: Answer objects the seeder can rebuild.
_KINDS = ("page", "database", "data_source", "block", "comment")
#: Keys of a relation or rollup configuration that Notion computes (the ids of what is named).
_LINK_COMPUTED = (
    "database_id",
    "synced_property_id",
    "synced_property_name",
    "relation_property_id",
    "rollup_property_id",
)
#: Property values a request sends as they are recorded.
_PLAIN_VALUES = {"number", "checkbox", "url", "email", "phone_number", "date"}
#: Schema properties that refer to others, added once their data source exists, in this order.
LINKED = ("relation", "rollup")
_BLOCK_PROPERTY = re.compile(r"\{\{notion:block_property:([^:]+):[^}]*\}\}")


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every object with an ``object`` kind and an ``id`` inside an answer, outermost first."""
    if isinstance(value, dict):
        if value.get("object") in _KINDS and isinstance(value.get("id"), str):
            yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def _users(value: Any) -> Iterator[dict[str, Any]]:
    """Every user object inside an answer (full or just ``{"object", "id"}``)."""
    if isinstance(value, dict):
        if value.get("object") == "user" and isinstance(value.get("id"), str):
            yield value
        for item in value.values():
            yield from _users(item)
    elif isinstance(value, list):
        for item in value:
            yield from _users(item)


def user_ids(exchanges: list[Exchange], bot_id: str, person_id: str) -> dict[str, str]:
    """Recorded user id -> the emulator's person (for people) or bot (for everyone else)."""
    out: dict[str, str] = {}
    for exchange in exchanges:
        for user in _users(exchange.answer):
            person = user.get("type") == "person"
            if person or hex_id(user["id"]) not in out:
                out[hex_id(user["id"])] = hex_id(person_id if person else bot_id)
    return out


def _creates(exchange: Exchange) -> bool:
    """Whether the objects at the top of the answer were made by this request."""
    if exchange.status != 200:
        return False
    if exchange.method == "POST":
        return not exchange.target.split("?")[0].endswith(("/query", "/search"))
    return exchange.endpoint == "PATCH /v1/blocks/{id}/children"


@dataclass
class Recorded:
    """What the recorded answers show of the objects the run did not create."""

    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> first appearance
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # parent -> blocks
    comments: list[dict[str, Any]] = field(default_factory=list)
    created: set[str] = field(default_factory=set)

    @classmethod
    def scan(cls, exchanges: list[Exchange]) -> Recorded:
        """Walk the answers in order: what each request created, and the rest at first sight."""
        seen = cls()
        for exchange in exchanges:
            answer = exchange.answer
            if _creates(exchange):
                tops = answer.get("results", [answer]) if isinstance(answer, dict) else []
                for top in tops:
                    seen.created.add(hex_id(top["id"]))
                    for source in top.get("data_sources") or []:
                        seen.created.add(hex_id(source["id"]))
            for obj in _objects(answer):
                key = hex_id(obj["id"])
                if key in seen.created or parent_id(obj) in seen.created:
                    seen.created.add(key)
                    continue
                known = seen.objects.get(key)
                # a page or database is better known by itself than by the block showing it
                if known is None or (known["object"] == "block" != obj["object"]):
                    seen.objects[key] = obj
                    if obj["object"] == "comment":
                        seen.comments.append(obj)
            if exchange.endpoint == "GET /v1/blocks/{id}/children" and exchange.status == 200:
                parent = hex_id(exchange.target.split("/")[3])
                if parent not in seen.created and parent not in seen.children:
                    seen.children[parent] = [
                        block
                        for block in answer["results"]
                        if hex_id(block["id"]) not in seen.created
                    ]
        return seen


def parent_id(obj: dict[str, Any]) -> str | None:
    """The 32-hex id of an answer object's parent (None for the workspace)."""
    parent = obj.get("parent")
    if not isinstance(parent, dict):
        return None
    value = parent.get(parent.get("type", ""))
    return hex_id(value) if isinstance(value, str) else None


def rich_text(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Answer rich text as request rich text (a user mention names only the user's id)."""
    out = []
    for item in items:
        kind = item["type"]
        content = item[kind]
        if kind == "mention" and content.get("type") == "user":
            content = {"type": "user", "user": {"id": content["user"]["id"]}}
        out.append({"type": kind, kind: content, **_annotations(item)})
    return out


def references(value: Any) -> Iterator[tuple[str, str]]:
    """(kind, id) of every page or database a block refers to (mentions, links to pages)."""
    if isinstance(value, dict):
        kind = value.get("type")
        if kind in ("page", "database") and isinstance(value.get(kind), dict):
            yield kind, hex_id(value[kind]["id"])
        if kind in ("page_id", "database_id") and isinstance(value.get(kind), str):
            yield kind[: -len("_id")], hex_id(value[kind])
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def schema_request(schema: dict[str, Any], whole: dict[str, Any] | None = None) -> dict[str, Any]:
    """Recorded schema properties as a create request's ``properties`` (formulas name the
    properties of ``whole``, the data source's entire recorded schema, by default ``schema``)."""
    names = {prop["id"]: name for name, prop in (whole or schema).items()}
    out: dict[str, Any] = {}
    for name, prop in schema.items():
        kind = prop["type"]
        config = dict(prop.get(kind) or {})
        if kind in ("select", "multi_select", "status"):
            config = {
                "options": [{"name": o["name"], "color": o["color"]} for o in config["options"]]
            }
        elif kind == "formula":
            config = {
                "expression": _BLOCK_PROPERTY.sub(
                    lambda m: f'prop("{names.get(m.group(1), m.group(1))}")',
                    config["expression"],
                )
            }
        elif kind in LINKED:
            for computed in _LINK_COMPUTED:
                config.pop(computed, None)
        out[name] = {"type": kind, kind: config}
        if prop.get("description"):
            out[name]["description"] = prop["description"]
    return out


def inline(block: dict[str, Any]) -> bool:
    """Whether a block is created with its children in the same request (Notion requires it
    of tables, column lists, columns and original synced blocks)."""
    if block["type"] == "synced_block":
        return block["synced_block"].get("synced_from") is None
    return block["type"] in ("table", "column_list", "column")


def values(recorded: dict[str, Any]) -> dict[str, Any]:
    """A row's recorded property values as a create request's (what Notion computes left out)."""
    out: dict[str, Any] = {}
    for name, value in recorded.items():
        kind = value["type"]
        content = value[kind]
        if kind in ("title", "rich_text"):
            content = rich_text(content)
        elif kind in ("select", "status") and content is not None:
            content = {"name": content["name"]}
        elif kind == "multi_select":
            content = [{"name": option["name"]} for option in content]
        elif kind == "people":
            content = [{"id": person["id"]} for person in content]
        elif kind not in _PLAIN_VALUES:
            continue
        out[name] = {kind: content}
    return out


def _annotations(item: dict[str, Any]) -> dict[str, Any]:
    """The item's annotations as a request key, when it has any."""
    return {"annotations": item["annotations"]} if "annotations" in item else {}


def text(content: str) -> list[dict[str, Any]]:
    """Plain request rich text."""
    return [{"type": "text", "text": {"content": content}}]
