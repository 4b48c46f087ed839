"""``notion-import preview``: the site written for a source and for a workspace page."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from notion_client.errors import HTTPResponseError
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from tests.notion_import.preview.site import (
    EXAMPLES,
    NOTION_SOURCES,
    PARTS,
    TYPE_CLASSES,
    block_classes,
    converted_types,
    local_references,
    remote_sources,
    site_pages,
)
from tests.served import UNPACED

from notion_import.api.client import connect
from notion_import.cli import main
from notion_import.preview.run import read_views, refusal
from notion_view import PageView


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


def preview(source: Path, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(main, ["preview", str(source), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    line = [x for x in result.output.splitlines() if x.startswith("Preview: ")]
    assert line, result.output
    index = Path(line[-1].removeprefix("Preview: "))
    assert index == (out / "index.html").resolve()
    return index


@pytest.fixture(scope="module")
def examples_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("examples") / "site"
    preview(EXAMPLES, out)
    return out


def titles(page: Path) -> str:
    node = HTMLParser(page.read_text(encoding="utf-8")).css_first(".page-title")
    assert node is not None
    return node.text()


def page_titled(site: Path, title: str) -> Path:
    found = [p for p in site_pages(site) if titles(p) == title]
    assert len(found) == 1, [titles(p) for p in site_pages(site)]
    return found[0]


def test_index_lists_every_page_with_its_status(examples_site: Path) -> None:
    index = HTMLParser((examples_site / "index.html").read_text(encoding="utf-8"))
    rows = index.css("table.index tbody tr")
    shown = [r.css_first("td.title").text(strip=True) for r in rows]  # type: ignore[union-attr]
    assert shown == ["Team Handbook", "guides", "Decision log", "Office tour", "Setting up"]
    assert all("verified" in r.text() for r in rows)
    assert len(site_pages(examples_site)) == 5
    assert "nothing was written to Notion" in index.text()


def test_every_converted_block_type_is_rendered_by_its_own_renderer(
    examples_site: Path,
) -> None:
    converted = CliRunner().invoke(main, ["convert", str(EXAMPLES)])
    assert converted.exit_code == 0, converted.output
    types = converted_types(converted.output[: converted.output.rindex("}") + 1]) - PARTS
    shown: set[str] = set()
    for page in site_pages(examples_site):
        shown |= block_classes(page)
    assert "unsupported" not in shown
    missing = {t for t in types if TYPE_CLASSES[t] not in shown}
    assert not missing
    # the sample shows every kind of block the project wants a newcomer to see
    assert {"column_list", "image", "equation", "callout", "toggle", "table", "code"} <= types


def test_images_are_the_uploaded_files_and_every_local_link_resolves(
    examples_site: Path,
) -> None:
    references = list(local_references(examples_site))
    broken = [(p.name, v) for p, _, v, target in references if not target.exists()]
    assert not broken
    images = [target for _, a, v, target in references if a == "src" and "/files/" in v]
    digests = {hashlib.sha256(t.read_bytes()).hexdigest() for t in images}
    originals = EXAMPLES / "sample-export" / "images"
    assert digests >= {hashlib.sha256(p.read_bytes()).hexdigest() for p in originals.iterdir()}
    assert remote_sources(examples_site) == []  # the preview loads nothing from the network


def test_links_between_pages_go_to_the_other_preview_pages(examples_site: Path) -> None:
    home = HTMLParser(page_titled(examples_site, "Team Handbook").read_text(encoding="utf-8"))
    targets = {a.text(strip=True): a.attributes.get("href") for a in home.css("a")}
    setup = page_titled(examples_site, "Setting up").name
    # each link keeps its own words (not the page's title) and goes to the page's preview
    assert targets["links between pages"] == setup, targets
    assert targets["galleries and media"] == page_titled(examples_site, "Office tour").name
    office = HTMLParser(page_titled(examples_site, "Office tour").read_text(encoding="utf-8"))
    # a link to a heading of another page goes to that heading in its preview page
    heading_links = [
        a.attributes.get("href") or ""
        for a in office.css("a")
        if (a.attributes.get("href") or "").startswith(setup + "#")
    ]
    assert heading_links
    anchor = heading_links[0].split("#", 1)[1]
    setup_tree = HTMLParser((examples_site / "pages" / setup).read_text(encoding="utf-8"))
    target = setup_tree.css_first(f'[id="{anchor}"]')
    assert target is not None and "Troubleshooting" in target.text()


def test_columns_gallery_and_original_side_by_side(examples_site: Path) -> None:
    page = page_titled(examples_site, "Office tour")
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    lists = tree.css(".column-list")
    assert len(lists) == 2
    columns = [
        [c for c in cl.iter() if "column" in (c.attributes.get("class") or "").split()]
        for cl in lists
    ]
    assert [len(c) for c in columns] == [2, 2]
    assert len(lists[0].css("img")) == 2
    frame = tree.css_first("iframe.original")
    assert frame is not None
    original = (page.parent / (frame.attributes.get("src") or "")).resolve()
    assert original.read_bytes() == (EXAMPLES / "sample-export/guides/office.html").read_bytes()


def test_losses_are_listed_on_the_page_and_counted_in_the_index(tmp_path: Path) -> None:
    source = tmp_path / "export"
    source.mkdir()
    (source / "page.html").write_text(
        "<title>Lossy &lt;one&gt;</title><p>kept</p><img src='missing.png'>"
        "<p><a href='javascript:alert(1)'>click</a></p><script>alert(2)</script>",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    preview(source, site)
    page = site_pages(site)[0]
    html = page.read_text(encoding="utf-8")
    tree = HTMLParser(html)
    losses = tree.css(".losses li")
    assert losses and any("missing.png" in li.text() for li in losses)
    article = tree.css_first(".notion-page")
    assert article is not None and "click" in article.text()
    assert not tree.css("script") and not tree.css('[href^="javascript"]')
    assert titles(page) == "Lossy <one>"
    index = HTMLParser((site / "index.html").read_text(encoding="utf-8"))
    row = index.css_first("table.index tbody tr")
    assert row is not None
    assert row.css("td")[2].text(strip=True) == str(len(losses))


def test_rewriting_a_preview_replaces_it_and_other_folders_are_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    preview(EXAMPLES, site)
    stale = site / "pages" / "stale.html"
    stale.write_text("old")
    preview(EXAMPLES, site)
    assert not stale.exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["preview", str(EXAMPLES), "--out", str(mine)])
    assert result.exit_code == 1
    assert "not empty" in result.output and "Traceback" not in result.output
    assert (mine / "notes.txt").read_text() == "keep me"


def test_source_and_page_are_exclusive() -> None:
    result = CliRunner().invoke(main, ["preview"])
    assert result.exit_code == 2
    assert "either SOURCE or --page" in result.output


@pytest.mark.parametrize("archive", NOTION_SOURCES, ids=lambda p: p.name)
def test_notion_export_previews_every_block_it_converts(archive: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    preview(archive, site, "--quiet")
    converted = CliRunner().invoke(main, ["convert", str(archive), "--out", str(tmp_path / "c")])
    assert converted.exit_code == 0, converted.output
    types = converted_types((tmp_path / "c").read_text(encoding="utf-8")) - PARTS
    shown: set[str] = set()
    for page in site_pages(site):
        shown |= block_classes(page)
    assert "unsupported" not in shown
    assert {t for t in types if TYPE_CLASSES.get(t, t) not in shown} == set()
    broken = [(p.name, v) for p, _, v, target in local_references(site) if not target.exists()]
    assert not broken
    assert remote_sources(site) == []


# -- a page of a workspace -------------------------------------------------------------------


@pytest.mark.slow
def test_page_of_a_workspace_is_previewed_through_the_api(
    server: dict[str, Any], tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(server["token"])
    common = ["--base-url", server["base_url"], "--token-file", str(token_file)]
    imported = CliRunner().invoke(
        main,
        ["import", str(EXAMPLES), "--parent", server["root_page_id"], "--quiet", *common, *UNPACED],
    )
    assert imported.exit_code == 0, imported.output
    site = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["preview", "--page", server["root_page_id"], "--out", str(site), *common]
    )
    assert result.exit_code == 0, result.output
    shown = {titles(p) for p in site_pages(site)}
    assert {"Team Handbook", "Decision log", "Office tour", "Setting up", "guides"} <= shown
    broken = [(p.name, v) for p, _, v, target in local_references(site) if not target.exists()]
    assert not broken
    office = HTMLParser(page_titled(site, "Office tour").read_text(encoding="utf-8"))
    assert len(office.css(".column-list img")) == 2
    for path in site.rglob("*"):
        if path.is_file():
            assert server["token"].encode() not in path.read_bytes(), path


def test_page_that_does_not_exist_is_a_clear_error(server: dict[str, Any], tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(server["token"])
    result = CliRunner().invoke(
        main,
        [
            "preview",
            "--page",
            "0" * 32,
            "--out",
            str(tmp_path / "site"),
            "--base-url",
            server["base_url"],
            "--token-file",
            str(token_file),
        ],
    )
    assert result.exit_code == 1
    assert "cannot read page" in result.output and "Traceback" not in result.output


async def test_pages_that_cannot_be_read_are_reported_as_notion_answered() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/pages/gone":
            body = {"object": "error", "code": "object_not_found", "message": "Could not find"}
            return httpx.Response(404, json=body)
        if request.url.path == "/v1/pages/broken":
            body = {"object": "error", "code": "validation_error", "message": ""}
            return httpx.Response(400, json=body)
        if request.url.path.startswith("/v1/pages/"):
            return httpx.Response(200, json={"object": "page", "id": "here", "properties": {}})
        return httpx.Response(200, json={"results": [], "has_more": False, "next_cursor": None})

    api = connect("t", "http://api.test", transport=httpx.MockTransport(handler), rate=1000.0)
    async with api:
        found = await read_views(api, ["gone", "here", "broken"])
    assert isinstance(found["here"], PageView)
    gone, broken = found["gone"], found["broken"]
    assert isinstance(gone, HTTPResponseError) and isinstance(broken, HTTPResponseError)
    assert refusal(gone) == "404 object_not_found: Could not find"
    assert refusal(broken) == "400 validation_error"


async def test_a_source_preview_reads_each_page_once(tmp_path: Path) -> None:
    """Full verification already reads every page's blocks back; the preview renders those
    and asks only for the page objects: no block is listed twice."""
    from collections import Counter

    from notion_emulator.app import EmulatorConfig, create_app
    from notion_emulator.transport import EmulatorTransport
    from notion_import.preview import preview_source

    source = tmp_path / "src"
    source.mkdir()
    nested = "<ul><li>one<ul><li>two<ul><li>three</li></ul></li></ul></li></ul>"
    for name in ("a", "b"):
        (source / f"{name}.html").write_text(f"<title>{name}</title><p>{name}</p>{nested}")
    app = create_app(EmulatorConfig(rate=0))
    listed: Counter[str] = Counter()
    pages_read: Counter[str] = Counter()

    class Counting(httpx.AsyncBaseTransport):
        inner = EmulatorTransport(app)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            path = request.url.path
            if request.method == "GET" and path.endswith("/children"):
                listed[path.split("/")[-2]] += 1
            elif request.method == "GET" and path.startswith("/v1/pages/"):
                pages_read[path.rsplit("/", 1)[-1]] += 1
            return await self.inner.handle_async_request(request)

    state = app.state.emulator
    api = connect(state.config.token, "http://emulator.test", transport=Counting(), rate=1e6)
    async with api:
        _, report = await preview_source(source, tmp_path / "site", api, state.root_page_id)
    assert [p.verified for p in report.pages] == [True, True]
    assert len(listed) == 2 * 3  # each page and its two list items that hold a list
    assert set(listed.values()) == {1}
    assert sorted(pages_read.values()) == [1, 1]


# -- databases -------------------------------------------------------------------------------


def test_a_database_is_shown_as_its_rows_in_the_order_of_its_csv(tmp_path: Path) -> None:
    import zipfile

    from tests.notion_import.sources.test_notion_csv import write_export

    order = ["Zeta", "alpha", "Mid"]
    folder = tmp_path / "export"
    folder.mkdir()
    write_export(folder, order)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(folder.rglob("*")):
            zf.write(file, file.relative_to(folder).as_posix())
    site = tmp_path / "site"
    preview(archive, site, "--quiet")
    database = page_titled(site, "Tasks")
    tree = HTMLParser(database.read_text(encoding="utf-8"))
    assert [th.text() for th in tree.css("thead th")] == ["Name", "Done"]
    links = tree.css("td.row-title a")
    assert [a.text() for a in links] == order
    for link in links:  # each row's title opens the row's own page
        row = database.parent / str(link.attributes["href"])
        assert titles(row) == link.text()
    assert [td.text() for td in tree.css("tbody tr td:nth-child(2)")] == ["☐"] * 3
    # the index shows the rows under the database
    index = HTMLParser((site / "index.html").read_text(encoding="utf-8"))
    depth = {
        td.text(): td.attributes.get("style", "")
        for td in index.css("td.title")
        if td.text() in ("Tasks", *order)
    }
    assert len({depth[t] for t in order}) == 1
    assert depth["Tasks"] != depth["Zeta"]
