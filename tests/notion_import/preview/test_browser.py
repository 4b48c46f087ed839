"""The preview in a real browser: headless Chromium loads every page of the previews of
``examples/`` and of Notion's own export from the corpus, and checks that images load, columns
sit side by side, and no block is left unshown; screenshots are saved.

Chromium comes from Debian's ``chromium`` and ``chromium-driver`` packages, installed here when
missing (as root, with apt-get); where that cannot be done the tests are skipped and say why.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.notion_import.preview.browser import Browser, find_or_install_chromium
from tests.notion_import.preview.site import EXAMPLES, NOTION_SOURCES, local_references, site_pages
from tests.served import UNPACED

from notion_import.cli import main
from notion_import.sources import convert_path

pytestmark = pytest.mark.slow

SOURCES = [EXAMPLES, *NOTION_SOURCES]

#: What a page looks like to the browser, as one JSON-able value.
CHECK = """(() => {
  const images = [...document.querySelectorAll('.notion-page img')];
  const brokenImages = images
    .filter(i => !(i.complete && i.naturalWidth > 0))
    .map(i => i.getAttribute('src'));
  const rows = [...document.querySelectorAll('.notion-page .column-list')].map(list => {
    const columns = [...list.children].filter(c => c.classList.contains('column'));
    return columns.map(c => { const r = c.getBoundingClientRect();
      return {top: r.top, left: r.left, width: r.width, height: r.height}; });
  });
  return {
    title: document.title,
    images: images.length,
    brokenImages,
    rows,
    unsupported: document.querySelectorAll('.notion-page .unsupported').length,
    blocks: document.querySelectorAll('.notion-page .block').length,
  };
})()"""


@pytest.fixture(scope="module")
def chromium() -> str:
    path, why = find_or_install_chromium(timeout=420.0)
    if path is None:
        pytest.skip(f"browser test skipped: {why}")
    return path


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with Browser(chromium) as running:
        yield running


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


def side_by_side(columns: list[dict[str, float]]) -> bool:
    """Columns of one row: same top, left to right, none overlapping, all of some width."""
    if len(columns) < 2:
        return False
    tops = {round(c["top"]) for c in columns}
    ordered = all(a["left"] + a["width"] <= b["left"] + 1 for a, b in itertools.pairwise(columns))
    return len(tops) == 1 and ordered and all(c["width"] > 20 for c in columns)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_preview_renders_in_chromium(browser: Browser, source: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["preview", str(source), "--out", str(site), "--quiet"])
    assert result.exit_code == 0, result.output
    browser.goto((site / "index.html").as_uri())
    # every page listed with a link has its file (a database is listed, with no page of its own)
    assert browser.evaluate("document.querySelectorAll('table.index tbody tr a').length") == len(
        site_pages(site)
    )
    seen: dict[str, Any] = {}
    for page in site_pages(site):
        browser.goto(page.as_uri())
        seen[page.name] = browser.evaluate(CHECK)
    # a page is shown empty only when its source holds nothing but its title (as in Notion)
    shown_empty = sorted(s["title"] for s in seen.values() if s["blocks"] == 0)
    assert shown_empty == sorted(
        page.title
        for page in convert_path(source)
        if not page.blocks and not page.metadata.get("database")
    )
    assert {name: s["brokenImages"] for name, s in seen.items() if s["brokenImages"]} == {}
    assert {name: s["unsupported"] for name, s in seen.items() if s["unsupported"]} == {}
    links = [(p.name, v) for p, _, v, target in local_references(site) if not target.exists()]
    assert links == []  # no broken link or file anywhere in the site
    rows = [row for s in seen.values() for row in s["rows"]]
    assert all(side_by_side(row) for row in rows), rows
    if source == EXAMPLES:
        assert len(rows) == 2  # the gallery and the two-column section
        assert sum(s["images"] for s in seen.values()) == 3
        office = next(p for p in site_pages(site) if seen[p.name]["title"] == "Office tour")
        browser.goto(office.as_uri())
        shot = browser.screenshot(tmp_path / "office-tour.png")
        assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert shot.stat().st_size > 10_000


def test_emulator_view_renders_in_chromium(
    browser: Browser, server: dict[str, str], tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(server["token"])
    report = tmp_path / "report.json"
    imported = CliRunner().invoke(
        main,
        [
            "import",
            str(EXAMPLES),
            "--parent",
            server["root_page_id"],
            "--base-url",
            server["base_url"],
            "--token-file",
            str(token_file),
            "--report",
            str(report),
            "--quiet",
            *UNPACED,
        ],
    )
    assert imported.exit_code == 0, imported.output
    pages = json.loads(report.read_text())["pages"]
    office = next(p for p in pages if p["title"] == "Office tour")
    origin = server["base_url"].removesuffix("/v1")
    browser.goto(f"{origin}/_emulator/view/{office['page_id']}")
    seen = browser.evaluate(CHECK)
    assert seen["title"] == "Office tour"
    assert seen["images"] == 2 and seen["brokenImages"] == []
    assert len(seen["rows"]) == 2 and all(side_by_side(row) for row in seen["rows"])
    browser.screenshot(tmp_path / "emulator-view.png")
