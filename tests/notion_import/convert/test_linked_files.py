"""Links to local files that are not pages: the file is carried as a block after the text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.notion_import.convert.ir_builders import valid_notion

from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import ConvertedPage
from notion_import.sources.root import ExportRoot


def _page(tmp_path: Path, html: str) -> tuple[ConvertedPage, list[dict[str, Any]]]:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "plan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "docs" / "data.csv").write_text("a,b\n1,2\n")
    (tmp_path / "docs" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "docs" / "other.html").write_text("<title>Other</title>")
    (tmp_path / "docs" / "notes.md").write_text("# Notes")
    page = convert_html(html, source="docs/page.html", files=ExportRoot(tmp_path))
    return page, valid_notion(page.blocks)


def _text(block: dict[str, Any]) -> str:
    payload = block[block["type"]]
    return "".join(item["text"]["content"] for item in payload["rich_text"])


def test_a_linked_file_follows_its_paragraph_with_the_link_text_as_caption(
    tmp_path: Path,
) -> None:
    page, blocks = _page(
        tmp_path,
        '<p>See the <a href="plan.pdf">floor plan</a> and <a href="data.csv">data</a>.</p>',
    )
    assert [b["type"] for b in blocks] == ["paragraph", "pdf", "file"]
    assert _text(blocks[0]) == "See the floor plan and data."
    assert all("link" not in i["text"] for i in blocks[0]["paragraph"]["rich_text"])
    captions = [b[b["type"]]["caption"][0]["text"]["content"] for b in blocks[1:]]
    assert captions == ["floor plan", "data"]
    assert [(a.kind, a.ref) for a in page.assets] == [
        ("local", "docs/plan.pdf"),
        ("local", "docs/data.csv"),
    ]
    assert page.links == [] and page.losses == []


def test_in_a_list_item_the_file_is_a_child_of_the_item(tmp_path: Path) -> None:
    _, blocks = _page(
        tmp_path, '<ul><li>the <a href="./plan.pdf?download=1#p2">plan</a></li><li>next</li></ul>'
    )
    assert [b["type"] for b in blocks] == ["bulleted_list_item", "bulleted_list_item"]
    children = blocks[0]["bulleted_list_item"]["children"]
    assert [c["type"] for c in children] == ["pdf"]


def test_links_to_pages_stay_links_and_images_are_image_blocks(tmp_path: Path) -> None:
    page, blocks = _page(
        tmp_path,
        '<p><a href="other.html">other</a> <a href="notes.md">notes</a> '
        '<a href="photo.png">photo</a></p>',
    )
    assert [b["type"] for b in blocks] == ["paragraph", "image"]
    urls = [i["text"].get("link", {}).get("url") for i in blocks[0]["paragraph"]["rich_text"]]
    assert "page:docs/other.html" in urls and "page:docs/notes.md" in urls
    assert page.links == ["docs/other.html", "docs/notes.md"]


def test_a_link_around_an_image_is_a_loss_and_the_image_is_kept(tmp_path: Path) -> None:
    page, blocks = _page(tmp_path, '<p><a href="plan.pdf"><img src="photo.png" alt="x"></a></p>')
    assert [b["type"] for b in blocks] == ["image"]
    assert page.links == []
    assert [loss.element for loss in page.losses] == ["a"]
    assert "around an image" in page.losses[0].reason


def test_a_missing_or_escaping_file_keeps_its_text_with_a_loss(tmp_path: Path) -> None:
    (tmp_path.parent / "secret.pdf").write_bytes(b"%PDF")
    page, blocks = _page(
        tmp_path, '<p><a href="gone.pdf">gone</a> <a href="../../secret.pdf">out</a></p>'
    )
    assert [b["type"] for b in blocks] == ["paragraph"]
    assert _text(blocks[0]) == "gone out"
    assert page.assets == []
    assert len(page.losses) == 2
