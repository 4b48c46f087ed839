"""The small table of pages every query test reads (one property of every type), and the
pieces malformed requests are made of."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from notion_emulator.query import (
    compile_filter,
)

#: Saturday 4 July 2026, noon UTC: "this week" runs Sunday 28 June to Saturday 4 July.
NOW = datetime(2026, 7, 4, 12, 0, tzinfo=UTC)

U1 = "7775f3a3-893f-43fa-b625-460c61094c78"
U2 = "11111111-2222-4333-8444-555555555555"
BOT = "99999999-2222-4333-8444-555555555555"
P1 = "393abc1e-edcd-8169-85ce-c64d3d3f20fd"
P2 = "393abc1e-edcd-81a2-8d0b-000bae7f15dc"


def options(*names: str) -> dict[str, Any]:
    return {"options": [{"id": f"o-{n}", "name": n, "color": "default"} for n in names]}


SCHEMA: dict[str, dict[str, Any]] = {
    name: {"id": prop_id, "name": name, "description": None, "type": kind, kind: config}
    for name, prop_id, kind, config in [
        ("Name", "title", "title", {}),
        ("Notes", "n%3Ae", "rich_text", {}),
        ("Count", "cnt1", "number", {"format": "number"}),
        ("Tag", "tag1", "select", options("High", "Medium", "Low")),
        ("Stage", "stg1", "status", {**options("Not started", "In progress", "Done")}),
        ("Labels", "lab1", "multi_select", options("red", "green", "blue")),
        ("Done", "don1", "checkbox", {}),
        ("Due", "due1", "date", {}),
        ("Site", "sit1", "url", {}),
        ("Mail", "mai1", "email", {}),
        ("Phone", "pho1", "phone_number", {}),
        ("Owner", "own1", "people", {}),
        ("Links", "lnk1", "relation", {"data_source_id": P2, "type": "single_property"}),
        ("Attachments", "att1", "files", {}),
        ("Created", "cre1", "created_time", {}),
        ("Edited", "edi1", "last_edited_time", {}),
        ("Creator", "crb1", "created_by", {}),
        ("Score", "sco1", "formula", {"expression": "..."}),
        ("Ref", "ref1", "unique_id", {"prefix": "T"}),
        ("Total", "tot1", "rollup", {"function": "sum"}),
        ("Items", "itm1", "rollup", {"function": "show_original"}),
        ("Check", "chk1", "verification", {}),
        ("Button", "btn1", "button", {}),
    ]
}


def rich(text: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "text",
            "text": {"content": text, "link": None},
            "annotations": {"bold": False, "color": "default"},
            "plain_text": text,
            "href": None,
        }
    ]


def option(name: str | None) -> dict[str, Any] | None:
    return None if name is None else {"id": f"o-{name}", "name": name, "color": "default"}


def user(user_id: str, name: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"object": "user", "id": user_id}
    if name is not None:
        out["name"] = name
    return out


def when(start: str | None, end: str | None = None, tz: str | None = None) -> Any:
    return None if start is None else {"start": start, "end": end, "time_zone": tz}


#: Property type -> how a test writes a value -> the response payload.
CONVERT: dict[str, Any] = {
    "title": rich,
    "rich_text": rich,
    "select": option,
    "status": option,
    "multi_select": lambda names: [option(n) for n in names],
    "date": lambda value: when(value) if isinstance(value, str | None) else when(*value),
    "people": lambda ids: [user(i, n) for i, n in ids],
    "relation": lambda ids: [{"id": i} for i in ids],
    "files": lambda names: [
        {"name": n, "type": "external", "external": {"url": f"https://x/{n}"}} for n in names
    ],
    "created_by": lambda i: user(i),
    "formula": lambda value: {"type": "string", "string": value},
    "unique_id": lambda n: {"prefix": "T", "number": n},
    "verification": lambda state: None if state is None else {"state": state},
}

EMPTY: dict[str, Any] = {
    "title": [],
    "rich_text": [],
    "number": None,
    "select": None,
    "status": None,
    "multi_select": [],
    "checkbox": False,
    "date": None,
    "url": None,
    "email": None,
    "phone_number": None,
    "people": [],
    "relation": [],
    "files": [],
    "created_by": user(BOT),
    "formula": {"type": "string", "string": None},
    "unique_id": None,
    "rollup": {"type": "number", "number": None, "function": "sum"},
    "verification": None,
    "button": {},
}


def page(index: int, created: str, edited: str, **values: Any) -> dict[str, Any]:
    """A page in response form; ``values`` by property name, in the test's short forms."""
    pid = f"{index:08x}-0000-4000-8000-000000000000"
    properties: dict[str, Any] = {}
    for name, spec in SCHEMA.items():
        kind = spec["type"]
        if kind == "created_time":
            raw: Any = created
        elif kind == "last_edited_time":
            raw = edited
        elif name in values:
            convert = CONVERT.get(kind)
            raw = convert(values[name]) if convert else values[name]
        else:
            raw = EMPTY[kind]
        properties[name] = {"id": spec["id"], "type": kind, kind: raw}
    return {
        "object": "page",
        "id": pid,
        "created_time": created,
        "last_edited_time": edited,
        "in_trash": False,
        "properties": properties,
    }


def rollup_array(*titles: str) -> dict[str, Any]:
    items = [{"type": "title", "title": rich(t)} for t in titles]
    return {"type": "array", "array": items, "function": "show_original"}


PAGES = [
    page(
        1,
        "2026-07-01T10:00:00.000Z",
        "2026-07-03T10:00:00.000Z",
        Name="Alpha",
        Notes="The quick brown Fox",
        Count=10,
        Tag="High",
        Stage="Done",
        Labels=["red", "green"],
        Done=True,
        Due="2026-07-01",
        Site="https://alpha.example/home",
        Mail="alpha@example.com",
        Phone="+1 555 0100",
        Owner=[(U1, "Ada")],
        Links=[P1],
        Attachments=["a.pdf"],
        Creator=U1,
        Score="alpha-score",
        Ref=1,
        Total={"type": "number", "number": 3, "function": "sum"},
        Items=rollup_array("one", "two"),
        Check="verified",
    ),
    page(
        2,
        "2026-07-02T10:00:00.000Z",
        "2026-07-02T10:00:00.000Z",
        Name="beta",
        Notes="lazy dog",
        Count=2.5,
        Tag="Low",
        Stage="In progress",
        Labels=["blue"],
        Due="2026-07-04T09:30:00.000+02:00",
        Mail="beta@example.org",
        Owner=[(U2, "Bob")],
        Ref=2,
        Items=rollup_array("three"),
        Check="unverified",
    ),
    page(
        3,
        "2026-07-02T10:00:00.000Z",
        "2026-07-04T11:00:00.000Z",
        Name="Gamma",
        Notes="",
        Stage="Not started",
        Due=("2026-07-04", "2026-07-10"),
        Owner=[(U1, "Ada"), (U2, "Bob")],
        Links=[P1, P2],
        Ref=3,
        Items=rollup_array(),
        Check="expired",
    ),
    page(4, "2026-06-20T10:00:00.000Z", "2026-06-20T10:00:00.000Z", Name="Delta", Count=0),
    page(
        5,
        "2026-06-30T08:00:00.000Z",
        "2026-07-04T08:00:00.000Z",
        Name="EPSILON",
        Count=-5,
        Tag="Medium",
        Labels=["green", "red"],
        Done=True,
        Due=("2026-06-28T23:59:59.999", None, "America/New_York"),
        Site="https://epsilon.example",
        Ref=5,
        Total={"type": "number", "number": 7, "function": "sum"},
        Check=None,
    ),
]

ALL = ["Alpha", "beta", "Gamma", "Delta", "EPSILON"]


def names(pages: list[dict[str, Any]]) -> list[str]:
    return ["".join(t["plain_text"] for t in p["properties"]["Name"]["title"]) for p in pages]


def run(filter_obj: Any, *, me: str | None = None) -> list[str]:
    predicate = compile_filter(filter_obj, SCHEMA, now=NOW, me=me)
    return names([p for p in PAGES if predicate(p)])


def prop(name: str, kind: str, **condition: Any) -> dict[str, Any]:
    return {"property": name, kind: condition}


def asc(name: str) -> dict[str, str]:
    return {"property": name, "direction": "ascending"}


def desc(name: str) -> dict[str, str]:
    return {"property": name, "direction": "descending"}


# -- junk: what malformed requests are made of ------------------------------------------

FILTER_KEYS = [
    "title", "rich_text", "number", "checkbox", "select", "multi_select", "status", "date",
    "people", "files", "url", "email", "phone_number", "relation", "created_by",
    "created_time", "last_edited_by", "last_edited_time", "formula", "unique_id", "rollup",
    "verification",
]  # fmt: skip


def fix_one(path: str, keys: list[str]) -> str:
    lines = [f"{path}.{k} should be defined, instead was `undefined`." for k in keys]
    return "body failed validation. Fix one:\n" + "\n".join(lines)


def bad(path: str, expectation: str) -> str:
    return f"body failed validation: {path} {expectation}."


#: Keys, values and fragments a random filter is made of: mostly plausible, often wrong.
VOCABULARY = [
    "and", "or", "property", "timestamp", "type", *FILTER_KEYS, "equals", "does_not_equal",
    "contains", "does_not_contain", "starts_with", "ends_with", "is_empty", "is_not_empty",
    "greater_than", "less_than", "before", "after", "on_or_before", "on_or_after",
    "past_week", "this_week", "next_month", "string", "any", "every", "none", "status",
    "direction", "Name", "Count", "Due", "Tag", "Labels", "Owner", "Score", "Items", "Check",
]  # fmt: skip
VALUES: list[Any] = [
    None, True, False, 0, -1, 2.5, float("inf"), "", "x", "me", "today", "2026-07-04",
    "2026-07-04T25:00:00", "0001-01-01T00:00:00+05:00", "9999-12-31", U1, P1, [], {},
    "ascending", "created_time", "verified",
]  # fmt: skip


def junk(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.35:
        return rng.choice(VALUES + VOCABULARY)
    if roll < 0.5:
        return [junk(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(VOCABULARY): junk(rng, depth + 1) for _ in range(rng.randrange(1, 4))}
