"""Links between Evernote notes (``evernote:///view/...``) go to the imported notes: the link's
text is the title of the note it opens; a link to a note that is not in the export keeps its
text, with a loss."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notion_import.convert.ir import Block, ConvertedPage
from notion_import.sources import convert_path

VIEW = "evernote:///view/16093948/s150/{0}/{0}/"


def note(title: str, body: str) -> str:
    return (
        f"<note><title>{title}</title>"
        '<content><![CDATA[<?xml version="1.0" encoding="UTF-8"?>'
        '<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">'
        f"<en-note>{body}</en-note>]]></content></note>"
    )


def enex(*notes: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><en-export application="Evernote">'
        + "".join(notes)
        + "</en-export>"
    )


def link(text: str, guid: str = "0c4e") -> str:
    return f'<a href="{VIEW.format(guid)}">{text}</a>'


def links_of(page: ConvertedPage) -> list[tuple[str, Any, bool]]:
    found: list[tuple[str, Any, bool]] = []

    def walk(blocks: list[Block]) -> None:
        for block in blocks:
            for span in getattr(block, "spans", None) or []:
                if span.link is not None:
                    found.append((span.text, span.link.url, span.link.internal))
            walk(block.children)

    walk(page.blocks)
    return found


def pages(path: Path) -> dict[str, ConvertedPage]:
    return {page.source: page for page in convert_path(path)}


def test_a_link_to_a_note_of_the_same_file_links_its_page(tmp_path: Path) -> None:
    (tmp_path / "book.enex").write_text(
        enex(
            note("Index", f"<div>see {link('Travel <b>plans</b>')} and {link('Gone')}</div>"),
            note("Travel plans", "<div>Rome</div>"),
        )
    )
    found = pages(tmp_path / "book.enex")
    index = found["book.enex/Index"]
    assert links_of(index) == [
        ("Travel ", "book.enex/Travel plans", True),
        ("plans", "book.enex/Travel plans", True),
    ]
    lost = [loss.reason for loss in index.losses]
    assert len(lost) == 1 and "evernote:" in lost[0]  # the note that is not in the export


def test_links_across_notebooks_prefer_the_same_notebook(tmp_path: Path) -> None:
    (tmp_path / "a#1.enex").write_text(
        enex(note("Home", f"<div>{link('Shared')} {link('Only in B')}</div>"), note("Shared", "x"))
    )
    (tmp_path / "b.enex").write_text(enex(note("Shared", "y"), note("Only in B", "z")))
    found = pages(tmp_path)
    assert links_of(found["a#1.enex/Home"]) == [
        ("Shared", "a#1.enex/Shared", True),
        ("Only in B", "b.enex/Only in B", True),
    ]
    assert found["a#1.enex/Home"].losses == []
