"""``notion-import preview`` shows the site navigation left out apart from the losses, and
``--keep-chrome`` previews whole pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser
from tests.notion_import.preview.site import site_pages

from notion_import.cli import main

PAGE = """<title>Guide</title><nav><a href="https://example.com/">Site menu</a></nav>
<main><p>Kept words of the guide.</p><img src="missing.png"></main>"""


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


def preview(tmp_path: Path, *extra: str) -> tuple[LexborHTMLParser, LexborHTMLParser, str]:
    source = tmp_path / "export"
    source.mkdir(exist_ok=True)
    (source / "guide.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / ("site" + "".join(extra))
    result = CliRunner().invoke(main, ["preview", str(source), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    (page,) = site_pages(out)
    index = (out / "index.html").read_text(encoding="utf-8")
    return LexborHTMLParser(page.read_text(encoding="utf-8")), LexborHTMLParser(index), index


def test_navigation_left_out_is_listed_apart_from_the_losses(tmp_path: Path) -> None:
    page, index, raw = preview(tmp_path)
    headings = [h.text() for h in page.css(".losses h2")]
    assert headings == ["Not carried over", "Site navigation left out"]
    assert "Site menu" not in (page.css_first(".notion-page") or page.root).text()
    assert page.css_first(".status-losses").text() == "1 loss"  # type: ignore[union-attr]
    row = index.css_first("table.index tbody tr")
    assert row is not None and row.css("td")[2].text(strip=True) == "1"
    assert "1 navigation element was left out (--keep-chrome keeps them)." in raw


def test_keep_chrome_previews_the_whole_page(tmp_path: Path) -> None:
    page, _, raw = preview(tmp_path, "--keep-chrome")
    assert [h.text() for h in page.css(".losses h2")] == ["Not carried over"]
    assert "Site menu" in (page.css_first(".notion-page") or page.root).text()
    assert "left out" not in raw
