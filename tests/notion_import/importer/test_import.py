"""The importer against notion-emulator: the tree, exactly once under faults and crashes,
and nothing read outside the source."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks.workload import make_export

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import connect
from notion_import.api.retry import RetryPolicy
from notion_import.convert.html.base import DEFAULT_OPTIONS, ConvertOptions
from notion_import.importer import Importer, ImportOptions, Journal, documents_to_pages

NOTION = "https://www.notion.so/"
FAST = RetryPolicy(max_attempts=12, base_delay=0.001, max_delay=0.005, default_pause=0.001)


def emulator(**options: Any) -> Any:
    return create_app(EmulatorConfig(**{"rate": 0, "hang_seconds": 0.2, **options}))


async def run_import(
    app: Any,
    source: Path,
    journal: Path,
    *,
    verify: str = "acked",
    options: ConvertOptions = DEFAULT_OPTIONS,
    **connect_options: Any,
) -> Any:
    state = app.state.emulator
    api = connect(
        state.config.token,
        "http://emulator.test",
        transport=EmulatorTransport(app),
        rate=1e6,
        burst=1000,
        retry=FAST,
        timeout=connect_options.pop("timeout", 5.0),
        **connect_options,
    )
    async with api:
        with Journal(journal) as j:
            importer = Importer(
                api, j, {"page_id": state.root_page_id}, ImportOptions(verify=verify, concurrency=4)
            )
            return await importer.run(documents_to_pages(source, None, options))


def shape_tree(app: Any) -> Any:
    """The workspace as (type, text, children) tuples, ids and times left out."""
    state = app.state.emulator
    state.faults.probability = 0.0

    def walk(node: dict[str, Any]) -> Any:
        kind = node["type"]
        body = node[kind]
        if kind == "child_page":
            text = body["title"]
        else:
            text = "".join(
                t.get("plain_text", "")
                if t["type"] != "mention"
                else "@" + t["mention"]["page"]["id"][:0]
                for t in body.get("rich_text", [])
            )
        cells = tuple("".join(t["plain_text"] for t in c) for c in body.get("cells", []))
        media = body.get("type") if kind in ("image", "file") else None
        return (kind, text, cells, media, tuple(walk(c) for c in node["children"]))

    tree = state.tree(state.root_page_id, "http://e")
    return walk(tree)


def titles(app: Any) -> Counter[str]:
    state = app.state.emulator
    return Counter(
        n.properties["title"]["title"][0]["plain_text"] if n.properties["title"]["title"] else ""
        for n in state.store.nodes.values()
        if n.type == "child_page" and not n.in_trash
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return make_export(tmp_path / "export", pages=12)


async def test_imports_the_tree(export: Path, tmp_path: Path) -> None:
    app = emulator()
    report = await run_import(app, export, tmp_path / "j.sqlite", verify="full")
    assert report.exit_code() in (0, 4), report.summary()
    assert all(p.verified for p in report.pages), [p for p in report.pages if not p.verified]
    tree = shape_tree(app)
    top = {child[1] for child in tree[4]}
    assert {"Workload", "guides", "notes"} <= top  # index page, then folder pages
    counts = titles(app)
    assert max(counts.values()) == 1
    stored = app.state.emulator.stats_json()["stored"]
    assert stored["file_uploads"] == report.totals()["files_uploaded"] == 48  # shared files once
    # links between pages lead to them with their own words ("page 3", not "Page 3 in notes")
    internal = [
        t
        for n in app.state.emulator.store.nodes.values()
        for t in n.payload.get("rich_text", [])
        if t.get("type") == "mention"
        or ((t.get("text") or {}).get("link") or {}).get("url", "").startswith(NOTION)
    ]
    assert len(internal) >= 12
    assert all(
        t["type"] == "text" and t["text"]["content"].lower().startswith("page ") for t in internal
    )
    by_endpoint = report.totals()["requests_by_endpoint"]
    writes = sum(n for name, n in by_endpoint.items() if not name.startswith("GET"))
    assert writes <= report.totals()["minimal_requests"] * 1.1


@pytest.mark.parametrize(("rate", "seed"), [(0.1, 3), (0.3, 7), (0.3, 8)])
async def test_faults_give_the_same_tree_without_duplicates(
    export: Path, tmp_path: Path, rate: float, seed: int
) -> None:
    """At 30 % some pages fail in the first run (their links and later siblings wait for
    them); the next run finishes them, in order."""
    clean = emulator()
    await run_import(clean, export, tmp_path / "clean.sqlite")
    faulty = emulator(faults=rate, fault_seed=seed)
    for _attempt in range(4):  # a run may end with failed pages; running again finishes them
        report = await run_import(faulty, export, tmp_path / "faulty.sqlite", timeout=0.1)
        if not any(p.error for p in report.pages):
            break
    assert not any(p.error for p in report.pages), report.summary()
    assert shape_tree(faulty) == shape_tree(clean)
    assert max(titles(faulty).values()) == 1


async def cancel_after(task: asyncio.Task[Any], stats: Any, requests: int) -> None:
    """Cancel ``task`` (a crash) once the emulator has seen ``requests`` more requests."""
    start = stats.requests
    while not task.done():
        if stats.requests - start >= requests:
            task.cancel()
            return
        await asyncio.sleep(0)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_crash_at_random_moments_then_resume(export: Path, tmp_path: Path, seed: int) -> None:
    clean = emulator()
    await run_import(clean, export, tmp_path / "clean.sqlite")
    app = emulator()
    journal = tmp_path / "crash.sqlite"
    rng = random.Random(seed)
    for _ in range(3):  # crash three times at random request counts
        task = asyncio.ensure_future(run_import(app, export, journal))
        await cancel_after(task, app.state.emulator.stats, rng.randint(5, 120))
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await run_import(app, export, journal)
    assert shape_tree(app) == shape_tree(clean)
    assert max(titles(app).values()) == 1


async def test_never_reads_outside_the_source(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nSECRET")
    source = tmp_path / "src"
    source.mkdir()
    os.symlink("/etc/hosts", source / "hosts.png")
    (source / "page.html").write_text(
        '<html><body><p>hi</p><img src="../secret.png"><img src="/etc/passwd">'
        '<img src="hosts.png"><img src="missing.png"></body></html>'
    )
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert app.state.emulator.store.files == {}
    losses = report.pages[0].losses
    assert len([x for x in losses if x["element"] in ("img", "image")]) >= 4
    assert report.exit_code() == 4


async def test_links_to_headings_become_block_links(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.html").write_text(
        "<title>A</title><p>see <a href='b.html#later'>B's later part</a>"
        " and <a href='#top'>my own top</a></p><h2 id='top'>Top</h2><p>text</p>"
        "<details><summary>more</summary><h3 id='deep'>Deep</h3><p>x</p></details>"
    )
    (source / "b.html").write_text(
        "<title>B</title><p>back to <a href='a.html#top'>A's top</a>,"
        " <a href='a.html#deep'>A's deep</a>, <a href='a.html#nowhere'>A</a></p>"
        "<div id='later'><h2>Later</h2></div>"
    )
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite", verify="full")
    assert report.exit_code() == 0, report.to_json()
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    pages = {c["child_page"]["title"]: c for c in tree["children"] if c["type"] == "child_page"}

    def heading_url(page: dict[str, Any], text: str) -> str:
        stack = list(page["children"])
        while stack:
            block = stack.pop()
            body = block[block["type"]]
            if block["type"].startswith("heading") and body["rich_text"][0]["plain_text"] == text:
                return f"https://www.notion.so/{page['id'].replace('-', '')}#" + block[
                    "id"
                ].replace("-", "")
            stack += block.get("children", [])
        raise AssertionError(text)

    def links(page: dict[str, Any]) -> list[Any]:
        first = page["children"][0]["paragraph"]["rich_text"]
        return [
            t["href"] if t["type"] == "text" else t["mention"]["page"]["id"]
            for t in first
            if t.get("href") or t["type"] == "mention"
        ]

    a, b = pages["A"], pages["B"]
    assert links(b) == [heading_url(a, "Top"), heading_url(a, "Deep"), a["id"]]
    assert links(a) == [heading_url(b, "Later"), heading_url(a, "Top")]


async def test_links_in_captions_and_table_cells_become_mentions(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.html").write_text(
        "<title>A</title><figure><img src='https://example.com/x.png'>"
        "<figcaption>see <a href='b.html'>B</a></figcaption></figure>"
        "<table><tr><th>k</th><th>v</th></tr><tr><td>to</td><td><a href='b.html'>B</a></td>"
        "</tr></table>"
    )
    (source / "b.html").write_text("<title>B</title><p>back to <a href='a.html'>A</a></p>")
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite", verify="full")
    assert report.exit_code() == 0, report.to_json()
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    pages = {c["child_page"]["title"]: c for c in tree["children"] if c["type"] == "child_page"}
    a, b = pages["A"], pages["B"]
    image = next(c for c in a["children"] if c["type"] == "image")
    assert image["image"]["caption"][1]["mention"]["page"]["id"] == b["id"]
    table = next(c for c in a["children"] if c["type"] == "table")
    cell = table["children"][1]["table_row"]["cells"][1]
    assert cell[0]["mention"]["page"]["id"] == b["id"]


async def test_forward_mentions_are_written_inline_before_child_pages(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "docs").mkdir(parents=True)
    (source / "docs" / "index.html").write_text(
        "<title>Docs</title><p>start with <a href='a.html'>A</a></p>"
        + "".join(f"<p>paragraph {i}</p>" for i in range(150))  # two appends
        + "<p>then <a href='b.html'>B</a></p>"
    )
    (source / "docs" / "a.html").write_text(
        "<title>A</title><h2 id='sec'>Section</h2><p>next: <a href='b.html'>B</a>,"
        " up: <a href='index.html'>Docs</a>, me: <a href='a.html'>A</a></p>"
    )
    (source / "docs" / "b.html").write_text(
        "<title>B</title><p>see <a href='a.html#sec'>A's section</a></p>"
    )
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert report.exit_code() == 0, report.to_json()
    totals = report.totals()
    assert "PATCH /v1/blocks/{id}" not in totals["requests_by_endpoint"]  # nothing patched
    assert "GET /v1/blocks/{id}/children" not in totals["requests_by_endpoint"]
    # three creates; index: two appends after its create (it mentions A first); A mentions
    # B and B links to A's heading: one of them is created before its blocks
    assert totals["requests_by_endpoint"] == {
        "POST /v1/pages": 3,
        "PATCH /v1/blocks/{id}/children": 4,
    }
    assert totals["minimal_requests"] <= totals["requests"]

    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    docs = next(c for c in tree["children"] if c["type"] == "child_page")
    kinds = [c["type"] for c in docs["children"]]
    assert kinds == ["paragraph"] * 152 + ["child_page", "child_page"]
    assert [c["child_page"]["title"] for c in docs["children"][-2:]] == ["A", "B"]
    first = docs["children"][0]["paragraph"]["rich_text"]
    assert first[1]["type"] == "mention"
    b = docs["children"][-1]
    section = docs["children"][-2]["children"][0]
    assert b["children"][0]["paragraph"]["rich_text"][1]["href"].endswith(
        section["id"].replace("-", "")
    )


async def test_links_notion_refuses_are_kept_as_text_with_a_loss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a workspace refuse ``mailto:`` links (the emulator accepts them, as Notion is
    reported to), the importer writes them as text, with a loss, and goes on."""
    from notion_emulator.schema import rich_text as validation

    accepts = validation._is_link_url
    monkeypatch.setattr(
        validation, "_is_link_url", lambda url: accepts(url) and not url.startswith("mailto:")
    )
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.html").write_text(
        "<title>A</title><p>write to <a href='mailto:me@example.com'>me</a> or see"
        " <a href='b.html'>B</a></p><p>again <a href='mailto:me@example.com'>me</a></p>"
    )
    (source / "b.html").write_text("<title>B</title><p>mail <a href='mailto:b@example.com'>b</a>")
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite", verify="full")
    assert report.exit_code() == 4, report.to_json()  # finished, with losses
    assert all(page.verified for page in report.pages)
    refused = [x for p in report.pages for x in p.losses if "refused" in x["reason"]]
    assert len(refused) == 2  # one per page and address
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    a = next(c for c in tree["children"] if c["child_page"]["title"] == "A")
    text = a["children"][0]["paragraph"]["rich_text"]
    assert "".join(t["plain_text"] for t in text).startswith("write to me or see")
    assert [t["type"] for t in text][-1] == "mention"


async def test_heading_links_in_a_cycle_finish_and_are_all_block_links(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    names = ["a", "b", "c"]
    for i, name in enumerate(names):
        after = names[(i + 1) % 3]
        before = names[(i - 1) % 3]
        (source / f"{name}.html").write_text(
            f"<title>{name}</title><h2 id='h'>{name} heading</h2>"
            f"<p><a href='{after}.html#h'>next</a> <a href='{before}.html#h'>previous</a>"
            f" <a href='#h'>top</a> <a href='{after}.html'>page</a></p>"
        )
    app = emulator()
    report = await asyncio.wait_for(
        run_import(app, source, tmp_path / "j.sqlite", verify="full"), timeout=30
    )
    assert report.exit_code() == 0, report.to_json()
    totals = report.totals()
    sent = totals["requests"] - sum(
        n for name, n in totals["requests_by_endpoint"].items() if name.startswith("GET")
    )
    assert sent <= totals["minimal_requests"]
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    ids = {c["child_page"]["title"]: c for c in tree["children"]}
    for i, name in enumerate(names):
        page = ids[name]
        heading = {n: ids[n]["children"][0]["id"].replace("-", "") for n in names}
        links = [t for t in page["children"][1]["paragraph"]["rich_text"] if t.get("href")]
        hrefs = [t["href"] for t in links]
        assert hrefs[0].endswith(heading[names[(i + 1) % 3]])
        assert hrefs[1].endswith(heading[names[(i - 1) % 3]])
        assert hrefs[2].endswith(heading[name])


async def test_resuming_a_finished_import_with_a_link_pass_reads_nothing_again(
    tmp_path: Path,
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    # a links to b's heading, which links to a's: b's heading waits for a, and a's link
    # to it (in a nested block) is patched
    (source / "a.html").write_text(
        "<title>a</title><h2 id='h'>Part a</h2><ul><li>item<ul><li>"
        "<a href='b.html#h'>deep</a></li></ul></li></ul>"
    )
    (source / "b.html").write_text(
        "<title>b</title><h2 id='h'>Part b <a href='a.html#h'>a</a></h2>"
    )
    app = emulator()
    first = await run_import(app, source, tmp_path / "j.sqlite")
    assert first.exit_code() == 0
    with contextlib.closing(sqlite3.connect(tmp_path / "j.sqlite")) as db:
        (patched,) = db.execute(
            "SELECT COUNT(*) FROM patches WHERE block_id NOT LIKE 'links:%'"
        ).fetchone()
    assert patched == 1  # the cycle is closed by the link pass
    again = await run_import(app, source, tmp_path / "j.sqlite")
    assert again.exit_code() == 0
    by_endpoint = again.totals()["requests_by_endpoint"]
    assert not any("children" in name or "PATCH" in name for name in by_endpoint), by_endpoint
    assert again.totals()["requests"] <= 2, by_endpoint


class _Refusing(httpx.AsyncBaseTransport):
    """The emulator, except that a write whose body holds ``word`` is refused as Notion refuses
    a bad body (400 validation_error), with a message that says nothing of links."""

    def __init__(self, inner: httpx.AsyncBaseTransport, word: bytes) -> None:
        self.inner = inner
        self.word = word
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        if request.method != "GET" and self.word in body:
            self.refused += 1
            error = {
                "object": "error",
                "status": 400,
                "code": "validation_error",
                "message": "body failed validation: body.children[0] should be defined.",
            }
            return httpx.Response(400, json=error)
        return await self.inner.handle_async_request(request)


async def test_a_refusal_that_is_not_about_links_keeps_every_link(tmp_path: Path) -> None:
    """Notion gives a refused link no code of its own, so the importer sends a refused
    request once more without its non-http(s) links: when nothing was taken out, the refusal
    was about something else, and other pages keep their ``mailto:`` links."""
    source = tmp_path / "src"
    source.mkdir()
    filler = "".join(f"<p>{n}</p>" for n in range(120))  # the refused block is appended later
    (source / "a.html").write_text(f"<title>A</title>{filler}<p>POISON</p>")
    (source / "b.html").write_text("<title>B</title><p>mail <a href='mailto:b@example.com'>b</a>")
    app = emulator()
    state = app.state.emulator
    refusing = _Refusing(EmulatorTransport(app), b"POISON")
    api = connect(
        state.config.token, "http://emulator.test", transport=refusing, rate=1e6, burst=1000
    )
    async with api:
        with Journal(tmp_path / "j.sqlite") as journal:
            importer = Importer(
                api, journal, {"page_id": state.root_page_id}, ImportOptions(concurrency=1)
            )
            report = await importer.run(documents_to_pages(source))
    assert refusing.refused == 2  # sent, then once more without non-http(s) links: no change
    failed = {p.title for p in report.pages if p.error}
    assert failed == {"A"}
    assert not [x for p in report.pages for x in p.losses if "refused" in x["reason"]]
    tree = state.tree(state.root_page_id, "http://e")
    b = next(c for c in tree["children"] if c["child_page"]["title"] == "B")
    links = [t["text"]["link"] for t in b["children"][0]["paragraph"]["rich_text"]]
    assert {"url": "mailto:b@example.com"} in links
