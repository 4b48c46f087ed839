"""The origin scenario's benchmark: the generator makes the shape the issue describes, and the
naive importer it is measured against lands what notion-import lands."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks.bench_origin import differences, landed, naive_import
from benchmarks.workload import make_origin_export
from notion_client import Client

from notion_emulator.app import EmulatorConfig, create_app
from notion_emulator.transport import EmulatorTransport
from notion_import.api.client import connect
from notion_import.importer import Importer, ImportOptions, Journal, documents_to_pages


class Shape(HTMLParser):
    """What one generated page holds, read from its HTML (not through the converter)."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []
        self.depth = 0
        self.deepest_list = 0
        self.tags: Counter[str] = Counter()
        self.gallery_figures = 0
        self.in_gallery = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags[tag] += 1
        if tag == "ul":
            self.depth += 1
            self.deepest_list = max(self.deepest_list, self.depth)
        elif tag == "img":
            self.images.append(str(found["src"]))
        elif tag == "a":
            self.links.append(str(found["href"]))
        elif tag == "div" and "flex" in (found.get("style") or ""):
            self.in_gallery = True
        elif tag == "figure" and self.in_gallery:
            self.gallery_figures += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self.depth -= 1
        elif tag == "div":
            self.in_gallery = False


def test_the_origin_export_has_the_shape_of_the_origin_document(tmp_path: Path) -> None:
    root = make_origin_export(tmp_path)
    pages = sorted(root.glob("*.html"))
    assert len(pages) == 100
    shown_by: dict[str, set[str]] = {}
    references = 0
    for page in pages:
        shape = Shape()
        shape.feed(page.read_text(encoding="utf-8"))
        assert shape.gallery_figures == 5 and len(shape.images) == 5
        assert shape.deepest_list == 4
        assert shape.tags["table"] == 1 and shape.tags["td"] == 12 and shape.tags["code"] == 1
        internal = [h for h in shape.links if not h.startswith("https:")]
        assert len(internal) == 2 and all((root / h).is_file() for h in internal)
        assert page.name not in internal
        references += len(shape.images)
        for src in shape.images:
            shown_by.setdefault(src, set()).add(page.name)
    assert references == 500
    assert len(shown_by) == 450
    assert sum(len(p) - 1 for p in shown_by.values()) == 50  # each reuse on another page
    contents = {hashlib.sha256((root / src).read_bytes()).digest() for src in shown_by}
    assert len(contents) == 450  # no two files alike: deduplication by content finds 450


def test_the_converter_sees_galleries_deep_lists_tables_code_and_links(tmp_path: Path) -> None:
    pages = list(documents_to_pages(make_origin_export(tmp_path, pages=3)))
    assert len(pages) == 3
    for page in pages:
        text = str(page.blocks)
        assert "'column_list'" in text and "'table'" in text and "'code'" in text
        assert re.search(r"bulleted_list_item.*" * 4, text)
        assert len([a for a in page.assets if a.kind == "local"]) == 5
        assert {link.target.path for link in page.links} == {
            p.key for p in pages if p.key != page.key
        }


class SyncOnLoop(httpx.BaseTransport):
    """A synchronous transport (for notion-client's ``Client`` in a worker thread) that
    answers through an in-process emulator running on ``loop``."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.inner = EmulatorTransport(app)
        self.loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            sent = httpx.Request(
                request.method, request.url, headers=request.headers, content=request.read()
            )
            answer = await self.inner.handle_async_request(sent)
            content = await answer.aread()
            return httpx.Response(answer.status_code, headers=answer.headers, content=content)

        return asyncio.run_coroutine_threadsafe(send(), self.loop).result()


def tree_of(app: Any) -> dict[str, Any]:
    state = app.state.emulator

    def digest(url: str) -> str:
        upload_id = url.split("/_emulator/files/", 1)[1].split("/")[0]
        return hashlib.sha256(state.store.files[upload_id]).hexdigest()

    found = state.tree(state.root_page_id, "http://e")
    assert found is not None
    return landed(found, digest)


async def test_the_naive_importer_lands_what_notion_import_lands(tmp_path: Path) -> None:
    source = make_origin_export(tmp_path / "export", pages=4)
    ours_app, naive_app = (create_app(EmulatorConfig(rate=0)) for _ in range(2))
    ours = ours_app.state.emulator
    transport = EmulatorTransport(ours_app)
    async with connect(ours.config.token, "http://e", transport=transport, rate=10_000) as api:
        with Journal(tmp_path / "journal.sqlite") as journal:
            importer = Importer(
                api, journal, {"page_id": ours.root_page_id}, ImportOptions(verify="full")
            )
            report = await importer.run(documents_to_pages(source, witness=True))
    assert report.exit_code() == 0

    naive = naive_app.state.emulator
    http = httpx.Client(
        transport=SyncOnLoop(naive_app, asyncio.get_running_loop()), base_url="http://e"
    )
    client = Client(auth=naive.config.token, base_url="http://e", client=http)
    await asyncio.to_thread(naive_import, client, source, naive.root_page_id, 0.0)
    http.close()

    ours_tree, naive_tree = tree_of(ours_app), tree_of(naive_app)
    assert len(naive_tree["pages"]) == 4
    assert "<page Page 1 in export>" in str(naive_tree["pages"]["Page 0 in export"])
    assert str(naive_tree).count("'file': {'file': ") == 20  # 5 images a page
    assert differences(ours_tree, naive_tree) == []


def test_differences_name_the_pages_that_differ() -> None:
    def page(*blocks: str, **pages: Any) -> dict[str, Any]:
        return {"blocks": list(blocks), "pages": pages}

    one = page("a", A=page("x", B=page("y")), C=page("z"))
    assert differences(one, one) == []
    other = page("a", A=page("x", B=page("changed")), D=page("z"))
    assert differences(one, other) == ["A/B", "C", "D"]
    assert differences(page("a"), page("b")) == [""]


@pytest.mark.slow
def test_the_quick_run_measures_all_three_importers(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_origin.py"
    out = tmp_path / "figures.json"
    subprocess.run(
        [sys.executable, str(script), "--quick", "--json", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    runs = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert set(runs) == {"full", "acked", "naive"}
    for mode in ("full", "acked"):
        assert runs[mode]["exit_code"] == 0 and runs[mode]["same_content_as_naive"]
        assert runs[mode]["requests"] >= runs[mode]["minimal_requests"] > 0
    assert set(runs["full"]["fidelity"].values()) == {1.0}
    assert runs["full"]["verify_requests"] > 0 == runs["acked"]["verify_requests"]
    assert runs["naive"]["requests"] > 0
