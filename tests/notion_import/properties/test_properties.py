"""notion_import.properties: extract and build by table, then round trips through the emulator.

Tables: response values -> plain values (``EXTRACTS``), plain values -> request values
(``BUILDS``), refused values -> message (``REFUSALS``), limits at their boundary (``LIMITS``),
and plain values -> Notion -> plain values (``ROUND_TRIPS``). Add a case by adding a row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests import paths

from notion_import.properties import (
    DateRange,
    FileRef,
    FileUploadRef,
    PropertyError,
    build,
    extract,
    truncated,
)

USER = "a4f789cc-7bc8-4cf0-82b9-a8ba7d985ecf"
BOT = "7775f3a3-893f-43fa-b625-460c61094c78"
GROUP = "5c1a7f3e-2b8d-4c7a-9e1f-0a2b3c4d5e6f"
PAGE = "393abc1e-edcd-81f5-ae94-ec2d55fe98ed"
OTHER_PAGE = "393abc1e-edcd-8169-85ce-c64d3d3f20fd"
UPLOAD = "637a4697-a4d3-4c30-8e15-2b476299657d"
ANNOTATIONS = {
    "bold": False,
    "italic": False,
    "strikethrough": False,
    "underline": False,
    "code": False,
    "color": "default",
}
RECORDINGS = paths.RECORDINGS
PARIS = ZoneInfo("Europe/Paris")
CEST = timezone(timedelta(hours=2))


# ---------------------------------------------------------------------------------------------
# Response shapes (as pages.retrieve gives them)
# ---------------------------------------------------------------------------------------------


def text(content: str, href: str | None = None) -> dict[str, Any]:
    """A text rich-text item, response form."""
    link = None if href is None else {"url": href}
    return {
        "type": "text",
        "text": {"content": content, "link": link},
        "annotations": dict(ANNOTATIONS),
        "plain_text": content,
        "href": href,
    }


def mention(user_id: str, shown: str) -> dict[str, Any]:
    return {
        "type": "mention",
        "mention": {"type": "user", "user": {"object": "user", "id": user_id}},
        "annotations": dict(ANNOTATIONS),
        "plain_text": shown,
        "href": None,
    }


def equation(expression: str) -> dict[str, Any]:
    return {
        "type": "equation",
        "equation": {"expression": expression},
        "annotations": dict(ANNOTATIONS),
        "plain_text": expression,
        "href": None,
    }


def value(kind: str, payload: Any, prop_id: str = "a%3Bb", **extra: Any) -> dict[str, Any]:
    """A page property value, response form: ``{"id", "type", <type>: payload}``."""
    return {"id": prop_id, "type": kind, kind: payload, **extra}


def option(name: str, color: str = "default") -> dict[str, str]:
    return {"id": "Xy%3F", "name": name, "color": color}


def person(user_id: str = USER, name: str = "Ada Lovelace") -> dict[str, Any]:
    return {
        "object": "user",
        "id": user_id,
        "name": name,
        "avatar_url": None,
        "type": "person",
        "person": {"email": "ada@example.com"},
    }


def partial_user(user_id: str = BOT) -> dict[str, str]:
    return {"object": "user", "id": user_id}


def notion_date(start: str, end: str | None = None, time_zone: str | None = None) -> Any:
    return {"start": start, "end": end, "time_zone": time_zone}


HOSTED = "https://prod-files-secure.s3.us-west-2.amazonaws.com/abc/report.pdf?X-Amz-Signature=1"

EXTRACTS = [
    pytest.param(
        value("title", [text("Hello "), text("world")], "title"), "Hello world", id="title"
    ),
    pytest.param(
        value("title", [text("See "), mention(USER, "@Ada"), text(" and "), equation("E=mc^2")]),
        "See @Ada and E=mc^2",
        id="title-mention-equation",
    ),
    pytest.param(value("title", []), "", id="title-empty"),
    pytest.param(value("rich_text", [text("a", "https://x.org"), text("b")]), "ab", id="rich_text"),
    pytest.param(value("rich_text", []), "", id="rich_text-empty"),
    pytest.param(value("number", 42), 42, id="number-int"),
    pytest.param(value("number", 2.5), 2.5, id="number-float"),
    pytest.param(value("number", None), None, id="number-empty"),
    pytest.param(value("select", option("Red", "red")), "Red", id="select"),
    pytest.param(value("select", None), None, id="select-empty"),
    pytest.param(value("status", option("In progress", "blue")), "In progress", id="status"),
    pytest.param(value("status", None), None, id="status-empty"),
    pytest.param(value("multi_select", [option("a"), option("b")]), ["a", "b"], id="multi_select"),
    pytest.param(value("multi_select", []), [], id="multi_select-empty"),
    pytest.param(value("date", notion_date("2026-07-04")), DateRange(date(2026, 7, 4)), id="day"),
    pytest.param(
        value("date", notion_date("2026-07-04T09:08:00.000+00:00")),
        DateRange(datetime(2026, 7, 4, 9, 8, tzinfo=UTC)),
        id="moment-utc",
    ),
    pytest.param(
        value("date", notion_date("2026-07-04T09:08:00.000Z", "2026-07-05T10:00:00.000+02:00")),
        DateRange(datetime(2026, 7, 4, 9, 8, tzinfo=UTC), datetime(2026, 7, 5, 10, tzinfo=CEST)),
        id="moment-range",
    ),
    pytest.param(
        value("date", notion_date("2026-07-01", "2026-07-31")),
        DateRange(date(2026, 7, 1), date(2026, 7, 31)),
        id="day-range",
    ),
    pytest.param(
        value("date", notion_date("2026-07-04T09:30:00.000", None, "Europe/Paris")),
        DateRange(datetime(2026, 7, 4, 9, 30, tzinfo=PARIS), None, "Europe/Paris"),
        id="moment-zoned",
    ),
    pytest.param(value("date", None), None, id="date-empty"),
    pytest.param(
        value(
            "people", [person(), partial_user(), {"object": "group", "id": GROUP, "name": "Ops"}]
        ),
        [USER, BOT, GROUP],
        id="people",
    ),
    pytest.param(value("people", []), [], id="people-empty"),
    pytest.param(value("created_by", partial_user()), BOT, id="created_by"),
    pytest.param(value("last_edited_by", person()), USER, id="last_edited_by"),
    pytest.param(
        value(
            "files",
            [
                {
                    "name": "report.pdf",
                    "type": "file",
                    "file": {"url": HOSTED, "expiry_time": "2026-07-04T10:08:00.000Z"},
                },
                {"name": "site", "type": "external", "external": {"url": "https://x.org/"}},
            ],
        ),
        [FileRef("report.pdf", HOSTED, "file"), FileRef("site", "https://x.org/", "external")],
        id="files",
    ),
    pytest.param(value("files", []), [], id="files-empty"),
    pytest.param(value("checkbox", True), True, id="checkbox-true"),
    pytest.param(value("checkbox", False), False, id="checkbox-false"),
    pytest.param(value("url", "https://x.org/a"), "https://x.org/a", id="url"),
    pytest.param(value("url", None), None, id="url-empty"),
    pytest.param(value("email", "ada@example.com"), "ada@example.com", id="email"),
    pytest.param(value("email", None), None, id="email-empty"),
    pytest.param(value("phone_number", "+33 1 23 45 67 89"), "+33 1 23 45 67 89", id="phone"),
    pytest.param(value("phone_number", None), None, id="phone-empty"),
    pytest.param(value("formula", {"type": "string", "string": "ok"}), "ok", id="formula-string"),
    pytest.param(value("formula", {"type": "string", "string": None}), None, id="formula-null"),
    pytest.param(value("formula", {"type": "number", "number": 7.5}), 7.5, id="formula-number"),
    pytest.param(value("formula", {"type": "boolean", "boolean": True}), True, id="formula-bool"),
    pytest.param(
        value("formula", {"type": "date", "date": notion_date("2026-07-04")}),
        DateRange(date(2026, 7, 4)),
        id="formula-date",
    ),
    pytest.param(
        value("formula", {"type": "unsupported", "unsupported": {}}), None, id="formula-unsupported"
    ),
    pytest.param(
        value("formula", {"type": "vector", "vector": [1, 2]}), [1, 2], id="formula-unknown"
    ),
    pytest.param(
        value("relation", [{"id": PAGE}, {"id": OTHER_PAGE}], has_more=False),
        [PAGE, OTHER_PAGE],
        id="relation",
    ),
    pytest.param(value("relation", [], has_more=False), [], id="relation-empty"),
    pytest.param(
        value("rollup", {"type": "number", "number": 12, "function": "sum"}), 12, id="rollup-number"
    ),
    pytest.param(
        value(
            "rollup",
            {"type": "date", "date": notion_date("2026-07-04"), "function": "latest_date"},
        ),
        DateRange(date(2026, 7, 4)),
        id="rollup-date",
    ),
    pytest.param(
        value(
            "rollup",
            {
                "type": "array",
                "function": "show_original",
                "array": [
                    {"type": "title", "title": [text("First")]},
                    {"type": "title", "title": [text("Second")]},
                    {"type": "people", "people": [partial_user(USER)]},
                    {"type": "number", "number": 3},
                    {"type": "date", "date": None},
                ],
            },
        ),
        ["First", "Second", [USER], 3, None],
        id="rollup-array",
    ),
    pytest.param(
        value("rollup", {"type": "unsupported", "unsupported": {}, "function": "count_per_group"}),
        None,
        id="rollup-unsupported",
    ),
    pytest.param(
        value("created_time", "2026-07-04T09:08:00.000Z"),
        datetime(2026, 7, 4, 9, 8, tzinfo=UTC),
        id="created_time",
    ),
    pytest.param(
        value("last_edited_time", "2026-07-04T09:09:00.000Z"),
        datetime(2026, 7, 4, 9, 9, tzinfo=UTC),
        id="last_edited_time",
    ),
    pytest.param(value("unique_id", {"prefix": "TASK", "number": 12}), "TASK-12", id="unique_id"),
    pytest.param(value("unique_id", {"prefix": None, "number": 12}), 12, id="unique_id-bare"),
    pytest.param(value("unique_id", {"prefix": "T", "number": None}), None, id="unique_id-none"),
    pytest.param(
        value(
            "verification",
            {
                "state": "verified",
                "date": notion_date("2026-07-04T09:08:00.000Z"),
                "verified_by": partial_user(),
            },
        ),
        "verified",
        id="verification",
    ),
    pytest.param(
        value("verification", {"state": "unverified", "date": None, "verified_by": None}),
        "unverified",
        id="verification-unverified",
    ),
    pytest.param(value("verification", None), None, id="verification-empty"),
    pytest.param(
        value("place", {"lat": 48.85, "lon": 2.35, "name": "Paris", "address": None}),
        {"lat": 48.85, "lon": 2.35, "name": "Paris", "address": None},
        id="place-raw",
    ),
    pytest.param(value("button", {}), {}, id="button-raw"),
    pytest.param(value("hologram", {"x": 1}), {"x": 1}, id="unknown-type-raw"),
    pytest.param({"id": "weird"}, {"id": "weird"}, id="no-type-raw"),
]


@pytest.mark.parametrize(("prop", "expected"), EXTRACTS)
def test_extract(prop: dict[str, Any], expected: Any) -> None:
    assert extract({"P": prop}) == {"P": expected}


def test_extract_keeps_every_name_and_order() -> None:
    props = {"Name": value("title", [text("x")], "title"), "N": value("number", 1)}
    assert list(extract(props)) == ["Name", "N"]


def test_extract_names_the_property_when_a_known_type_is_malformed() -> None:
    with pytest.raises(PropertyError, match=r"^property 'When': .*shape Notion gives") as caught:
        extract({"When": value("date", {"end": None})})
    assert caught.value.property_name == "When"


def recorded_bodies() -> list[Any]:
    """Every JSON response body of the recorded real exchanges (empty when they are absent)."""
    if not RECORDINGS.is_dir():
        return []
    yaml = pytest.importorskip("yaml")
    bodies = []
    for path in sorted(RECORDINGS.glob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            raw = interaction["response"]["body"]["string"]
            try:
                bodies.append(json.loads(raw))
            except ValueError:
                continue
    return bodies


def test_recorded_pages_and_schemas() -> None:
    """Real pages extract (their titles to their plain text); real schemas build a title."""
    bodies = recorded_bodies()
    if not bodies:
        pytest.skip(f"the recorded Notion exchanges are not present at {RECORDINGS}")
    pages = [b for b in bodies if isinstance(b, dict) and b.get("object") == "page"]
    sources = [b for b in bodies if isinstance(b, dict) and b.get("object") == "data_source"]
    assert pages and sources
    for page in pages:
        plain = extract(page["properties"])
        for name, prop in page["properties"].items():
            if prop["type"] == "title":
                assert plain[name] == "".join(item["plain_text"] for item in prop["title"])
    for source in sources:
        (title,) = [n for n, p in source["properties"].items() if p["type"] == "title"]
        assert build(source["properties"], {title: "x"}) == {
            title: {"title": [{"type": "text", "text": {"content": "x"}}]}
        }


# ---------------------------------------------------------------------------------------------
# build: plain values -> request values
# ---------------------------------------------------------------------------------------------


def column(kind: str, config: Any = None, prop_id: str = "ab%3D") -> dict[str, Any]:
    """A data source schema entry, response form (``name`` is filled in by ``schema``)."""
    return {"id": prop_id, "name": "", "description": None, "type": kind, kind: config or {}}


def schema(**columns: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: {**col, "name": name} for name, col in columns.items()}


STATUS_CONFIG = {
    "options": [
        {"id": "1", "name": "Not started", "color": "default", "description": None},
        {"id": "2", "name": "In progress", "color": "blue", "description": None},
        {"id": "3", "name": "Done", "color": "green", "description": None},
    ],
    "groups": [],
}

SCHEMA = schema(
    Name=column("title", prop_id="title"),
    Notes=column("rich_text"),
    Count=column("number", {"format": "number"}),
    Kind=column("select", {"options": [{"id": "x", "name": "A", "color": "red"}]}),
    Tags=column("multi_select", {"options": []}),
    State=column("status", STATUS_CONFIG),
    When=column("date"),
    Who=column("people"),
    Docs=column("files"),
    Done=column("checkbox"),
    Link=column("url"),
    Mail=column("email"),
    Phone=column("phone_number"),
    Rel=column("relation", {"data_source_id": PAGE, "type": "single_property"}),
    Ver=column("verification"),
    Where=column("place"),
    Formula=column("formula", {"expression": "1"}),
    Rollup=column("rollup", {"function": "count"}),
    Created=column("created_time"),
    Creator=column("created_by"),
    Edited=column("last_edited_time"),
    Editor=column("last_edited_by"),
    ID=column("unique_id", {"prefix": "T"}),
    Button=column("button"),
    Visited=column("last_visited_time"),
)


def items(*contents: str) -> list[dict[str, Any]]:
    """Rich-text request items as build makes them."""
    return [{"type": "text", "text": {"content": c}} for c in contents]


BUILDS = [
    pytest.param("Name", "Hello", items("Hello"), id="title"),
    pytest.param("Name", "", [], id="title-empty-string"),
    pytest.param("Name", None, [], id="title-none"),
    pytest.param("Notes", "a\nb", items("a\nb"), id="rich_text"),
    pytest.param(
        "Notes",
        [{"text": {"content": "bold"}, "annotations": {"bold": True}}],
        [{"text": {"content": "bold"}, "annotations": {"bold": True}}],
        id="rich_text-items-pass-through",
    ),
    pytest.param("Count", 3, 3, id="number-int"),
    pytest.param("Count", -0.25, -0.25, id="number-float"),
    pytest.param("Count", None, None, id="number-none"),
    pytest.param("Kind", "A", {"name": "A"}, id="select"),
    pytest.param("Kind", "New one", {"name": "New one"}, id="select-new-option"),
    pytest.param("Kind", None, None, id="select-none"),
    pytest.param("Tags", ["a", "b"], [{"name": "a"}, {"name": "b"}], id="multi_select"),
    pytest.param("Tags", ("b", "a", "b"), [{"name": "b"}, {"name": "a"}], id="multi_select-dedup"),
    pytest.param("Tags", "solo", [{"name": "solo"}], id="multi_select-one-str"),
    pytest.param("Tags", None, [], id="multi_select-none"),
    pytest.param("State", "Done", {"name": "Done"}, id="status"),
    pytest.param("State", None, None, id="status-none"),
    pytest.param("When", date(2026, 7, 4), {"start": "2026-07-04"}, id="day"),
    pytest.param(
        "When",
        datetime(2026, 7, 4, 9, 30, tzinfo=UTC),
        {"start": "2026-07-04T09:30:00+00:00"},
        id="moment",
    ),
    pytest.param(
        "When",
        datetime(2026, 7, 4, 9, 30, 0, 123456, tzinfo=CEST),
        {"start": "2026-07-04T09:30:00.123+02:00"},
        id="moment-milliseconds",
    ),
    pytest.param(
        "When",
        DateRange(date(2026, 7, 1), date(2026, 7, 31)),
        {"start": "2026-07-01", "end": "2026-07-31"},
        id="day-range",
    ),
    pytest.param(
        "When",
        DateRange(datetime(2026, 7, 4, 7, 30, tzinfo=UTC), None, "Europe/Paris"),
        {"start": "2026-07-04T09:30:00", "time_zone": "Europe/Paris"},
        id="zoned-aware-converted",
    ),
    pytest.param(
        "When",
        DateRange(datetime(2026, 7, 4, 9, 30), datetime(2026, 7, 4, 11), "America/New_York"),
        {
            "start": "2026-07-04T09:30:00",
            "end": "2026-07-04T11:00:00",
            "time_zone": "America/New_York",
        },
        id="zoned-naive",
    ),
    pytest.param("When", "2026-07-04", {"start": "2026-07-04"}, id="iso-day"),
    pytest.param(
        "When", "2026-07-04T09:30:00Z", {"start": "2026-07-04T09:30:00+00:00"}, id="iso-moment"
    ),
    pytest.param("When", None, None, id="date-none"),
    pytest.param("Who", [USER, GROUP], [{"id": USER}, {"id": GROUP}], id="people"),
    pytest.param("Who", USER.replace("-", ""), [{"id": USER.replace("-", "")}], id="people-one"),
    pytest.param("Who", None, [], id="people-none"),
    pytest.param(
        "Docs",
        ["https://x.org/files/My%20Report.pdf", "https://x.org/"],
        [
            {
                "type": "external",
                "name": "My Report.pdf",
                "external": {"url": "https://x.org/files/My%20Report.pdf"},
            },
            {"type": "external", "name": "x.org", "external": {"url": "https://x.org/"}},
        ],
        id="files-urls",
    ),
    pytest.param(
        "Docs",
        [FileRef("Site", "https://x.org/"), FileRef("report.pdf", HOSTED, "file")],
        [
            {"type": "external", "name": "Site", "external": {"url": "https://x.org/"}},
            {"type": "file", "name": "report.pdf", "file": {"url": HOSTED}},
        ],
        id="files-refs",
    ),
    pytest.param(
        "Docs",
        [FileUploadRef(UPLOAD, "notes.txt"), FileUploadRef(UPLOAD)],
        [
            {"type": "file_upload", "file_upload": {"id": UPLOAD}, "name": "notes.txt"},
            {"type": "file_upload", "file_upload": {"id": UPLOAD}},
        ],
        id="files-uploads",
    ),
    pytest.param("Docs", None, [], id="files-none"),
    pytest.param("Done", True, True, id="checkbox"),
    pytest.param("Done", None, False, id="checkbox-none"),
    pytest.param("Link", "https://x.org", "https://x.org", id="url"),
    pytest.param("Link", "", None, id="url-empty-clears"),
    pytest.param("Mail", "ada@example.com", "ada@example.com", id="email"),
    pytest.param("Phone", "+33 1 23 45 67 89", "+33 1 23 45 67 89", id="phone"),
    pytest.param("Phone", None, None, id="phone-none"),
    pytest.param("Rel", [PAGE, OTHER_PAGE], [{"id": PAGE}, {"id": OTHER_PAGE}], id="relation"),
    pytest.param("Rel", PAGE, [{"id": PAGE}], id="relation-one"),
    pytest.param("Rel", [], [], id="relation-empty"),
    pytest.param("Ver", "verified", {"state": "verified"}, id="verification"),
    pytest.param("Ver", None, {"state": "unverified"}, id="verification-none"),
    pytest.param("Where", {"lat": 48.85, "lon": 2}, {"lat": 48.85, "lon": 2}, id="place"),
    pytest.param("Where", None, None, id="place-none"),
]


@pytest.mark.parametrize(("name", "plain", "request_value"), BUILDS)
def test_build(name: str, plain: Any, request_value: Any) -> None:
    kind = SCHEMA[name]["type"]
    assert build(SCHEMA, {name: plain}) == {name: {kind: request_value}}


def test_build_many_at_once_and_nothing_else() -> None:
    assert build(SCHEMA, {"Name": "x", "Count": 1}) == {
        "Name": {"title": items("x")},
        "Count": {"number": 1},
    }
    assert build(SCHEMA, {}) == {}


def test_build_for_a_page_under_a_page() -> None:
    assert build({"title": {"type": "title"}}, {"title": "Hi"}) == {"title": {"title": items("Hi")}}


class Unhashable:
    __hash__ = None  # type: ignore[assignment]


REFUSALS = [
    pytest.param("Nmae", "x", ["no such property", "did you mean 'Name'?", "'Notes'"], id="name"),
    pytest.param("Name", 12, ["expected text (str)", "got int"], id="title-type"),
    pytest.param("Count", "12", ["expected a number", "got str"], id="number-str"),
    pytest.param("Count", True, ["expected a number", "got bool"], id="number-bool"),
    pytest.param("Count", float("nan"), ["not a finite number"], id="number-nan"),
    pytest.param(
        "Tags",
        ["ok", "a,b"],
        ["option name 'a,b' contains a comma, which Notion does not allow in multi-select options"],
        id="multi_select-comma",
    ),
    pytest.param(
        "Kind",
        "a,b",
        ["option name 'a,b' contains a comma, which Notion does not allow in select options"],
        id="select-comma",
    ),
    pytest.param("Kind", "", ["is 0 characters long", "1 to 100"], id="select-empty"),
    pytest.param("Kind", 3, ["expected an option name (str), got int"], id="select-type"),
    pytest.param(
        "State",
        "Blocked",
        ["'Blocked' is not one of the data source's statuses", "'Done'", "not statuses"],
        id="status-unknown",
    ),
    pytest.param(
        "When",
        datetime(2026, 7, 4, 9, 30),
        ["has no time zone", "tzinfo", "time_zone="],
        id="date-naive",
    ),
    pytest.param("When", "2026-07-04T09:30", ["has no time zone"], id="date-naive-str"),
    pytest.param("When", "next friday", ["not an ISO 8601 date"], id="date-junk"),
    pytest.param("When", 20260704, ["expected a date, a datetime"], id="date-int"),
    pytest.param(
        "When",
        DateRange(datetime(2026, 7, 4, tzinfo=UTC), None, "Mars/Olympus"),
        ["'Mars/Olympus' is not a time zone"],
        id="date-bad-zone",
    ),
    pytest.param("Who", ["ada"], ["'ada' is not a user id", "32 hexadecimal digits"], id="people"),
    pytest.param("Rel", [PAGE, 7], ["7 is not a page id"], id="relation-type"),
    pytest.param("Docs", [b"bytes"], ["expected a URL, a FileRef or a FileUploadRef"], id="files"),
    pytest.param("Docs", [Unhashable()], ["got Unhashable"], id="files-unhashable"),
    pytest.param(
        "Docs", [FileRef("x", "https://x.org", "file_upload")], ["neither"], id="fileref-type"
    ),
    pytest.param("Docs", [""], ["file URL '' is 0 characters long"], id="files-empty-url"),
    pytest.param("Docs", [FileUploadRef("nope")], ["not a file upload id"], id="upload-id"),
    pytest.param("Done", "yes", ["expected True or False"], id="checkbox"),
    pytest.param("Link", 5, ["expected a URL (str), got int"], id="url-type"),
    pytest.param("Ver", "expired", ["neither 'verified' nor 'unverified'"], id="verification"),
    pytest.param("Where", {"lat": 1}, ["numeric 'lat' and 'lon'"], id="place"),
    pytest.param("Formula", 1, ["a formula property is computed by Notion"], id="formula"),
    pytest.param("Rollup", 1, ["a rollup property is computed by Notion"], id="rollup"),
    pytest.param("Created", None, ["created_time property is computed"], id="created_time"),
    pytest.param("Creator", BOT, ["created_by property is computed"], id="created_by"),
    pytest.param("Edited", None, ["last_edited_time property is computed"], id="last_edited"),
    pytest.param("Editor", BOT, ["last_edited_by property is computed"], id="last_edited_by"),
    pytest.param("ID", "T-1", ["unique_id property is computed"], id="unique_id"),
    pytest.param("Button", None, ["button property is computed"], id="button"),
    pytest.param(
        "Visited", None, ["type 'last_visited_time' cannot be written"], id="unknown-type"
    ),
]


@pytest.mark.parametrize(("name", "plain", "fragments"), REFUSALS)
def test_build_refuses(name: str, plain: Any, fragments: list[str]) -> None:
    with pytest.raises(PropertyError) as caught:
        build(SCHEMA, {name: plain})
    message = str(caught.value)
    assert message.startswith(f"property {name!r}: ")
    assert caught.value.property_name == name
    assert caught.value.remedy  # always says what to do
    for fragment in fragments:
        assert fragment in message
    assert isinstance(caught.value, ValueError)


# ---------------------------------------------------------------------------------------------
# Limits at their boundary
# ---------------------------------------------------------------------------------------------

EMOJI = "\U0001f600"  # two UTF-16 code units, as Notion counts
PLACE_EXTRAS = ("name", "address", "aws_place_id", "google_place_id")


@dataclass(frozen=True)
class Limit:
    """A value at a limit (accepted, checked by ``accepted``) or just past it (refused)."""

    name: str
    plain: Any
    accepted: Callable[[Any], bool] | None  # None: refused
    refusal: str = ""


def chunks(*lengths: int) -> Callable[[Any], bool]:
    def check(request: Any) -> bool:
        return [len(item["text"]["content"]) for item in request] == list(lengths)

    return check


def count(n: int) -> Callable[[Any], bool]:
    return lambda request: len(request) == n


def same(plain: Any) -> Callable[[Any], bool]:
    return lambda request: request == plain


LIMITS = [
    pytest.param(Limit("Name", "a" * 2000, chunks(2000)), id="text-2000-one-item"),
    pytest.param(Limit("Name", "a" * 2001, chunks(2000, 1)), id="text-2001-two-items"),
    pytest.param(Limit("Notes", "a" * 4000, chunks(2000, 2000)), id="text-4000-two-items"),
    pytest.param(Limit("Notes", "a" * 200_000, chunks(*[2000] * 100)), id="text-100-items"),
    pytest.param(
        Limit("Notes", "a" * 200_001, None, "needs 101 rich-text items"), id="text-101-items"
    ),
    pytest.param(Limit("Name", "a" * 1998 + EMOJI, chunks(1999)), id="emoji-fits"),
    pytest.param(Limit("Name", "a" * 1999 + EMOJI, chunks(1999, 1)), id="emoji-not-split"),
    pytest.param(Limit("Notes", EMOJI * 100_000, lambda r: len(r) == 100), id="emoji-100-items"),
    pytest.param(
        Limit("Notes", [{"text": {"content": "a" * 2001}}], None, "item 0 holds 2,001"),
        id="items-too-long",
    ),
    pytest.param(
        Limit("Notes", [{"text": {"content": "a"}}] * 101, None, "101 rich-text items"),
        id="items-101",
    ),
    pytest.param(Limit("Tags", [f"t{i}" for i in range(100)], count(100)), id="options-100"),
    pytest.param(
        Limit("Tags", [f"t{i}" for i in range(101)], None, "101 options, more than the 100"),
        id="options-101",
    ),
    pytest.param(Limit("Kind", "o" * 100, same({"name": "o" * 100})), id="option-name-100"),
    pytest.param(Limit("Kind", "o" * 101, None, "is 101 characters long"), id="option-name-101"),
    pytest.param(Limit("Kind", "o" * 99 + EMOJI, None, "is 101 characters"), id="option-emoji"),
    pytest.param(Limit("Rel", [PAGE] * 3, count(1)), id="relation-duplicates"),
    pytest.param(Limit("Rel", [f"{i:032x}" for i in range(100)], count(100)), id="relation-100"),
    pytest.param(
        Limit("Rel", [f"{i:032x}" for i in range(101)], None, "101 pages"), id="relation-101"
    ),
    pytest.param(Limit("Who", [f"{i:032x}" for i in range(100)], count(100)), id="people-100"),
    pytest.param(
        Limit("Who", [f"{i:032x}" for i in range(101)], None, "101 people"), id="people-101"
    ),
    pytest.param(
        Limit("Docs", [f"https://x.org/{i}" for i in range(100)], count(100)), id="files-100"
    ),
    pytest.param(
        Limit("Docs", [f"https://x.org/{i}" for i in range(101)], None, "101 files"),
        id="files-101",
    ),
    pytest.param(
        Limit("Link", "https://x.org/" + "u" * 1986, same("https://x.org/" + "u" * 1986)),
        id="url-2000",
    ),
    pytest.param(
        Limit("Link", "https://x.org/" + "u" * 1987, None, "2,001 characters long"),
        id="url-2001",
    ),
    pytest.param(
        Limit("Docs", ["https://x.org/" + "u" * 1987], None, "2,001 characters long"),
        id="file-url-2001",
    ),
    pytest.param(Limit("Mail", "m" * 200, same("m" * 200)), id="email-200"),
    pytest.param(Limit("Mail", "m" * 201, None, "201 characters long"), id="email-201"),
    pytest.param(Limit("Phone", "1" * 200, same("1" * 200)), id="phone-200"),
    pytest.param(Limit("Phone", "1" * 201, None, "201 characters long"), id="phone-201"),
]


@pytest.mark.parametrize("limit", LIMITS)
def test_limits(limit: Limit) -> None:
    if limit.accepted is None:
        with pytest.raises(PropertyError, match=limit.refusal):
            build(SCHEMA, {limit.name: limit.plain})
        return
    (request,) = build(SCHEMA, {limit.name: limit.plain})[limit.name].values()
    assert limit.accepted(request)
    if isinstance(limit.plain, str) and SCHEMA[limit.name]["type"] in ("title", "rich_text"):
        assert "".join(item["text"]["content"] for item in request) == limit.plain


# ---------------------------------------------------------------------------------------------
# Round trips through the emulator
# ---------------------------------------------------------------------------------------------


@dataclass
class World:
    """A database with a column of every type, a related database, and what the rows refer to."""

    client: Any
    data_source_id: str
    target_source: str
    schema: dict[str, Any]
    targets: list[str]
    user_id: str
    bot_id: str
    upload_id: str

    async def create(self, properties: Mapping[str, Any]) -> dict[str, Any]:
        page: dict[str, Any] = await self.client.pages.create(
            parent={"type": "data_source_id", "data_source_id": self.data_source_id},
            properties=build(self.schema, properties),
        )
        return page

    async def read(self, page_id: str) -> dict[str, Any]:
        """The page's values as ``pages.retrieve`` and a data source query give them (equal)."""
        page = await self.client.pages.retrieve(page_id=page_id)
        rows = await self.client.data_sources.query(data_source_id=self.data_source_id)
        (row,) = [r for r in rows["results"] if r["id"] == page_id]
        plain = extract(page["properties"])
        assert extract(row["properties"]) == plain
        return plain


def writable_columns(target_source: str) -> dict[str, Any]:
    """``initial_data_source.properties`` with every writable type and the computed ones."""
    return {
        "Name": {"title": {}},
        "Notes": {"rich_text": {}},
        "Count": {"number": {"format": "number"}},
        "Kind": {"select": {"options": [{"name": "A", "color": "red"}]}},
        "Tags": {"multi_select": {"options": [{"name": "x"}]}},
        "State": {"status": {}},
        "When": {"date": {}},
        "Who": {"people": {}},
        "Docs": {"files": {}},
        "Done": {"checkbox": {}},
        "Link": {"url": {}},
        "Mail": {"email": {}},
        "Phone": {"phone_number": {}},
        "Rel": {"relation": {"data_source_id": target_source, "single_property": {}}},
        "Where": {"place": {}},
        "Created": {"created_time": {}},
        "Creator": {"created_by": {}},
        "Edited": {"last_edited_time": {}},
        "Editor": {"last_edited_by": {}},
        "ID": {"unique_id": {"prefix": "TASK"}},
    }


async def make_database(client: Any, root: str, title: str, columns: dict[str, Any]) -> str:
    db = await client.databases.create(
        parent={"type": "page_id", "page_id": root},
        title=[{"type": "text", "text": {"content": title}}],
        initial_data_source={"properties": columns},
    )
    return str(db["data_sources"][0]["id"])


@pytest.fixture
async def world(notion_client: Any, notion_root_page_id: str) -> World:
    target_source = await make_database(
        notion_client, notion_root_page_id, "Targets", {"Name": {"title": {}}}
    )
    targets = []
    for index in range(2):
        page = await notion_client.pages.create(
            parent={"type": "data_source_id", "data_source_id": target_source},
            properties={"Name": {"title": [{"text": {"content": f"Target {index}"}}]}},
        )
        targets.append(page["id"])
    source = await make_database(
        notion_client, notion_root_page_id, "Everything", writable_columns(target_source)
    )
    retrieved = await notion_client.data_sources.retrieve(data_source_id=source)
    users = await notion_client.users.list()
    (user_id,) = [u["id"] for u in users["results"] if u["type"] == "person"][:1]
    me = await notion_client.users.me()
    upload = await notion_client.file_uploads.create(
        filename="notes.txt", content_type="text/plain"
    )
    await notion_client.file_uploads.send(
        file_upload_id=upload["id"], file=("notes.txt", b"hello", "text/plain")
    )
    return World(
        client=notion_client,
        data_source_id=source,
        target_source=target_source,
        schema=retrieved["properties"],
        targets=targets,
        user_id=user_id,
        bot_id=me["id"],
        upload_id=upload["id"],
    )


@dataclass(frozen=True)
class Trip:
    """Plain values to write, and the plain values expected back (the written ones by default)."""

    write: Callable[[World], dict[str, Any]]
    expect: Callable[[World], dict[str, Any]] | None = None


EMPTY: dict[str, Any] = {
    "Name": "",
    "Notes": "",
    "Count": None,
    "Kind": None,
    "Tags": [],
    "State": None,
    "When": None,
    "Who": [],
    "Docs": [],
    "Done": False,
    "Link": None,
    "Mail": None,
    "Phone": None,
    "Rel": [],
    "Where": None,
}

EVERY_TYPE = Trip(
    lambda w: {
        "Name": "Everything",
        "Notes": "line one\nline two — ünïcödé " + EMOJI,
        "Count": 12.5,
        "Kind": "A",
        "Tags": ["x", "brand new"],
        "State": "In progress",
        "When": DateRange(
            datetime(2026, 7, 4, 9, 30, tzinfo=UTC), datetime(2026, 7, 4, 11, tzinfo=UTC)
        ),
        "Who": [w.user_id],
        "Docs": [FileRef("Site", "https://example.com/site")],
        "Done": True,
        "Link": "https://example.com/a?b=c",
        "Mail": "ada@example.com",
        "Phone": "+33 1 23 45 67 89",
        "Rel": w.targets,
        "Where": {"lat": 48.85, "lon": 2.35},
    },
    lambda w: {"Where": {"lat": 48.85, "lon": 2.35, **dict.fromkeys(PLACE_EXTRAS)}},
)

ROUND_TRIPS = [
    pytest.param(EVERY_TYPE, id="every-type"),
    pytest.param(
        Trip(
            lambda w: {
                "Name": "Days",
                "When": DateRange(date(2026, 7, 1), date(2026, 7, 31)),
                "Rel": w.targets[0],
                "Tags": "solo",
            },
            lambda w: {"Rel": [w.targets[0]], "Tags": ["solo"]},
        ),
        id="day-range-and-singles",
    ),
    pytest.param(
        Trip(
            lambda w: {
                "Name": "Zoned",
                "When": DateRange(datetime(2026, 7, 4, 7, 30, tzinfo=UTC), None, "Europe/Paris"),
            },
            lambda w: {
                "When": DateRange(datetime(2026, 7, 4, 9, 30, tzinfo=PARIS), None, "Europe/Paris")
            },
        ),
        id="zoned-date",
    ),
    pytest.param(
        Trip(
            lambda w: {
                "Name": "Files",
                "Docs": [
                    "https://example.com/files/My%20Report.pdf",
                    FileUploadRef(w.upload_id, "notes.txt"),
                ],
            },
            lambda w: {
                "Docs": [
                    FileRef("My Report.pdf", "https://example.com/files/My%20Report.pdf"),
                    ("notes.txt", "file"),  # a hosted URL: compared by name and type
                ]
            },
        ),
        id="files",
    ),
    pytest.param(
        Trip(lambda w: {"Name": "a" * 200_000, "Notes": "b" * 1999 + EMOJI + "c"}),
        id="text-at-the-limits",
    ),
    pytest.param(
        Trip(lambda w: {"Name": "Many", "Tags": [f"tag {i}" for i in range(100)]}),
        id="100-options",
    ),
    pytest.param(
        Trip(
            lambda w: {
                "Name": "Many files",
                "Docs": [f"https://x.org/f{i}.txt" for i in range(100)],
            },
            lambda w: {
                "Docs": [FileRef(f"f{i}.txt", f"https://x.org/f{i}.txt") for i in range(100)]
            },
        ),
        id="100-files",
    ),
    pytest.param(Trip(lambda w: dict(EMPTY)), id="all-empty"),
]


def comparable(plain: dict[str, Any]) -> dict[str, Any]:
    """Files hosted by Notion have signed URLs: compare those by name and type only."""
    docs = plain.get("Docs")
    if docs:
        plain = {
            **plain,
            "Docs": [(f.name, f.type) if f.type == "file" else f for f in docs],
        }
    return plain


@pytest.mark.parametrize("trip", ROUND_TRIPS)
async def test_round_trip(world: World, trip: Trip) -> None:
    written = trip.write(world)
    page = await world.create(written)
    expected = {**written, **(trip.expect(world) if trip.expect else {})}
    back = comparable(await world.read(page["id"]))
    assert {name: back[name] for name in expected} == expected
    # the computed properties read back as their plain types
    assert isinstance(back["Created"], datetime) and back["Created"].tzinfo is not None
    assert isinstance(back["Edited"], datetime) and back["Edited"].tzinfo is not None
    assert back["Creator"] == back["Editor"] == world.bot_id
    assert back["ID"] is None or (isinstance(back["ID"], str) and back["ID"].startswith("TASK-"))


async def test_none_clears_every_writable_property(world: World) -> None:
    full = EVERY_TYPE.write(world)
    page = await world.create(full)
    cleared = build(world.schema, dict.fromkeys(full))
    await world.client.pages.update(page_id=page["id"], properties=cleared)
    back = await world.read(page["id"])
    assert {name: back[name] for name in full} == EMPTY


async def test_the_schema_read_back_refuses_what_notion_would(world: World) -> None:
    with pytest.raises(PropertyError, match="not one of the data source's statuses"):
        build(world.schema, {"State": "Blocked"})
    with pytest.raises(PropertyError, match="computed by Notion"):
        build(world.schema, {"Created": datetime.now(UTC)})
    # what build lets through, the emulator takes: every status the schema lists
    statuses = [o["name"] for o in world.schema["State"]["status"]["options"]]
    for status in statuses:
        page = await world.create({"Name": status, "State": status})
        assert (await world.read(page["id"]))["State"] == status


async def test_100_relations(world: World) -> None:
    targets = list(world.targets)
    while len(targets) < 100:
        page = await world.client.pages.create(
            parent={"type": "data_source_id", "data_source_id": world.target_source},
            properties={},
        )
        targets.append(page["id"])
    page = await world.create({"Name": "Linked", "Rel": targets})
    raw = await world.client.pages.retrieve(page_id=page["id"])
    held = extract(raw["properties"])["Rel"]
    # a page object may hold only the first 25 (has_more); the emulator holds them all
    assert held == targets[: len(held)]
    assert truncated(raw["properties"]) == ([] if len(held) == 100 else ["Rel"])
    with pytest.raises(PropertyError, match="101 pages"):
        build(world.schema, {"Rel": [*targets, world.targets[0].replace("-", "")]})


@pytest.mark.parametrize(
    ("properties", "names"),
    [
        pytest.param({}, [], id="none"),
        pytest.param({"R": value("relation", [{"id": PAGE}], has_more=False)}, [], id="complete"),
        pytest.param(
            {
                "T": value("title", [text("x")]),
                "R": value("relation", [{"id": PAGE}] * 25, has_more=True),
            },
            ["R"],
            id="relation-has-more",
        ),
    ],
)
def test_truncated(properties: dict[str, Any], names: list[str]) -> None:
    assert truncated(properties) == names
