"""The emulator's own page view, ``GET /_emulator/view/{page_id}``: a page read through the
emulator's ``/v1`` and shown as Notion shows it."""

from __future__ import annotations

import subprocess
import sys
import uuid

import httpx
import pytest
from tests.emulated_pages import PAGINATED, build_page
from tests.notion_view.html_checks import classes, dom, no_scripts, one, texts


async def test_view_endpoint_renders_the_page(
    notion_http: httpx.AsyncClient, notion_token: str, notion_root_page_id: str
) -> None:
    page_id, other_id = await build_page(notion_http, notion_token, notion_root_page_id)
    response = await notion_http.get(f"/_emulator/view/{page_id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    no_scripts(html)
    tree = dom(html)
    title = tree.css_first("title")
    assert title is not None and title.text() == "Preview <test> page"
    assert "Preview &lt;test&gt; page" in html
    assert one(html, "h1.page-title").text() == "Preview <test> page"
    row = one(html, "div.column-list")
    columns = [c for c in row.iter()]
    assert [classes(c) for c in columns] == [{"column"}, {"column"}]
    assert [texts(c.css("p")) for c in columns] == [["left 1", "left 2"], ["right"]]
    assert texts(tree.css("table > thead > tr > th")) == ["Name", "Qty"]
    assert one(html, "details.toggle > summary").text() == "More"
    assert len(tree.css("div.page-body > div.paragraph")) == PAGINATED + 1
    assert one(html, "nav.view-bar > a").attributes["href"] == notion_root_page_id
    assert one(html, "a:has(> span.mention-page)").attributes["href"] == other_id

    for form in (page_id.replace("-", ""), "Preview-test-page-" + page_id.replace("-", "")):
        again = await notion_http.get(f"/_emulator/view/{form}")
        assert again.status_code == 200
        assert one(again.text, "h1.page-title").text() == "Preview <test> page"


@pytest.mark.parametrize("raw", ["not-a-page", "1234", "z" * 32])
async def test_view_endpoint_malformed_id_is_404(notion_http: httpx.AsyncClient, raw: str) -> None:
    response = await notion_http.get(f"/_emulator/view/{raw}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert one(response.text, "h1.page-title").text() == "Not a page id"
    assert "Traceback" not in response.text


async def test_view_endpoint_unknown_page_is_a_404_page(notion_http: httpx.AsyncClient) -> None:
    response = await notion_http.get(f"/_emulator/view/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert one(response.text, "h1.page-title").text() == "Cannot show this page"
    assert "object_not_found" in response.text
    assert "Traceback" not in response.text


def test_emulator_does_not_import_notion_import() -> None:
    code = (
        "import sys\n"
        "import notion_emulator.app, notion_emulator.transport, notion_emulator.handlers.view\n"
        "import notion_view\n"
        "from notion_view import PageView, render_document\n"
        "render_document(PageView({'id': 'x'}, []))\n"
        "notion_emulator.app.create_app(rate=0)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('notion_import'))\n"
        "assert not bad, bad\n"
        "print('alone')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "alone"
