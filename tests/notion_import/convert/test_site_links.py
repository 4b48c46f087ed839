"""A page that names its own address (``<base href>``, a canonical link, ``og:url``): its links
to pages that are not in the export go to the site, not into a loss; links to pages of the
export stay internal."""

from __future__ import annotations

from pathlib import Path

import pytest

from notion_import.convert.html.reader import convert_html
from notion_import.convert.serialize import to_notion
from notion_import.sources.root import ExportRoot


def links(html: str, root: Path) -> tuple[list[tuple[str, str | None]], list[str]]:
    (root / "dir").mkdir(exist_ok=True)
    (root / "dir" / "b.html").write_text("<p>b</p>")
    page = convert_html(html, source="dir/page.html", files=ExportRoot(root))
    blocks, losses = to_notion(page.blocks, where=page.source)
    found = [
        (item["text"]["content"], (item["text"].get("link") or {}).get("url"))
        for block in blocks
        for item in block[block["type"]].get("rich_text", [])
        if item["text"]["content"].strip()
    ]
    return found, [loss.reason for loss in [*page.losses, *losses]]


@pytest.mark.parametrize(
    ("head", "href", "url"),
    [
        ('<base href="https://example.org/docs/">', "/wiki/Foo", "https://example.org/wiki/Foo"),
        ('<base href="https://example.org/docs/">', "c.html", "https://example.org/docs/c.html"),
        (
            '<link rel="canonical" href="https://site.test/a/b.html">',
            "/wiki/Foo?q=1#s",
            "https://site.test/wiki/Foo?q=1#s",
        ),
        ('<meta property="og:url" content="https://og.test/x/">', "../y", "https://og.test/y"),
        (  # a relative <base> is resolved against the page's own address
            '<link rel="canonical" href="https://s.test/a/p.html"><base href="/docs/">',
            "c.html",
            "https://s.test/docs/c.html",
        ),
    ],
)
def test_links_outside_the_export_go_to_the_site(
    head: str, href: str, url: str, tmp_path: Path
) -> None:
    found, losses = links(f'{head}<p><a href="{href}">words</a></p>', tmp_path)
    assert found == [("words", url)]
    assert losses == []


def test_a_page_of_the_export_stays_internal(tmp_path: Path) -> None:
    found, losses = links(
        '<base href="https://example.org/"><p><a href="b.html">B</a></p>', tmp_path
    )
    assert found == [("B", "page:dir/b.html")]
    assert losses == []


@pytest.mark.parametrize("head", ["", '<base href="/relative/">', '<base href="ftp://x.test/">'])
def test_without_an_address_of_its_own_the_link_is_a_loss(head: str, tmp_path: Path) -> None:
    found, losses = links(f'{head}<p><a href="/wiki/Foo">Foo</a></p>', tmp_path)
    assert found == [("Foo", None)]
    assert losses == ["link to '/wiki/Foo' is not in the export; its text is kept"]
