"""ultimate-notion on pages and blocks: the session, pages, comments, every common block,
rich text, tables, columns, uploads and Markdown export (the set-up is in conftest.py)."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
import ultimate_notion as uno
from ultimate_notion import PropType, Schema
from ultimate_notion.errors import UnknownPageError

#: A web address for links (never fetched).
LINK = "https://example.com/words"
#: The bytes of a small picture to upload.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def texts(blocks: Any) -> list[str]:
    """The plain text of each block that has text, in order."""
    return [str(block.rich_text) for block in blocks if hasattr(block, "rich_text")]


# -- session and pages ----------------------------------------------------------------------


def test_nothing_leaves_the_machine(notion: uno.Session) -> None:
    with pytest.raises(httpx.ConnectError, match="may not reach"):
        httpx.get("http://192.0.2.1/")


def test_the_session_knows_its_bot_and_the_workspace(
    notion: uno.Session, served: dict[str, str]
) -> None:
    bot = notion.whoami()
    users = notion.all_users()
    root = notion.get_page(served["root_page_id"])
    assert bot.name == "notion-emulator"
    assert bot in users and any(not user.is_bot for user in users)
    assert root.title == "Notion Emulator"


def test_pages_nest_rename_search_trash_and_restore(notion: uno.Session, page: Any) -> None:
    child = notion.create_page(page, title="Child of pages")
    page.title = "Renamed parent"
    page.icon = "🚀"
    page.reload()
    assert str(page.title) == "Renamed parent"
    assert str(page.icon) == "🚀"
    assert page.subpages == [child] and child.parent == page
    assert notion.search_page("Child of pages").item() == child
    child.delete()
    assert child.is_deleted
    child.restore()
    assert not child.is_deleted and notion.get_page(child.id, use_cache=False).title == child.title


def test_an_unknown_page_is_reported_as_unknown(notion: uno.Session) -> None:
    with pytest.raises(UnknownPageError):
        notion.get_page("00000000-0000-4000-8000-00000000abcd")


def test_comments_are_added_and_listed(page: Any) -> None:
    page.comments.append("First remark")
    page.comments.append("Second remark")
    assert [str(comment) for comment in page.comments] == ["First remark", "Second remark"]


def test_a_gallery_icon_url_becomes_a_built_in_icon(page: Any) -> None:
    """Recorded: notion-recordings-uno/test_page/test_icon_attr.yaml (the PATCH with
    ``icons/snake_purple.svg`` answers ``{"type": "icon", "icon": {"name": "snake", ...}}``)."""
    page.icon = uno.url("https://www.notion.so/icons/snake_purple.svg")
    page.reload()
    assert isinstance(page.icon, uno.BuiltInIcon)
    assert (page.icon.name, page.icon.color) == ("snake", "purple")


# -- blocks, columns, uploads, Markdown -----------------------------------------------------


def test_blocks_are_appended_and_read_back(notion: uno.Session, page: Any) -> None:
    page.append(
        [
            uno.Heading1("Chapter"),
            uno.Paragraph("Plain words"),
            uno.BulletedItem("a bullet"),
            uno.NumberedItem("a number"),
            uno.ToDoItem("a task", checked=True),
            uno.Quote("a quote"),
            uno.Callout("a callout", icon="💡"),
            uno.Code("print(1)", language=uno.CodeLang.PYTHON),
            uno.Equation("E=mc^2"),
            uno.Divider(),
            uno.Bookmark("https://example.com/bookmark"),
        ]
    )
    fresh = notion.get_page(page.id, use_cache=False)
    assert [type(block).__name__ for block in fresh.children] == [
        "Heading1",
        "Paragraph",
        "BulletedItem",
        "NumberedItem",
        "ToDoItem",
        "Quote",
        "Callout",
        "Code",
        "Equation",
        "Divider",
        "Bookmark",
    ]
    assert texts(fresh.children)[:7] == [
        "Chapter",
        "Plain words",
        "a bullet",
        "a number",
        "a task",
        "a quote",
        "a callout",
    ]
    assert fresh.children[4].checked and fresh.children[7].language == uno.CodeLang.PYTHON


def test_blocks_nest_update_insert_and_delete(notion: uno.Session, page: Any) -> None:
    first, toggle = uno.Paragraph("first"), uno.ToggleItem("toggle")
    toggle.append(uno.Paragraph("inside"))  # assembled offline, sent with its parent
    page.append([first, toggle])
    first.rich_text = "changed"
    first.insert_after(uno.Paragraph("inserted"))
    assert texts(notion.get_block(toggle.id, use_cache=False).children) == ["inside"]
    toggle.delete()
    fresh = notion.get_page(page.id, use_cache=False)
    assert texts(fresh.children) == ["changed", "inserted"]
    assert notion.get_block(toggle.id, use_cache=False).is_deleted


def test_a_block_with_children_changes_its_text(notion: uno.Session, page: Any) -> None:
    toggle = uno.ToggleItem("toggle")
    page.append(toggle)
    toggle.append(uno.Paragraph("inside"))
    toggle.rich_text = "renamed toggle"
    assert str(notion.get_block(toggle.id, use_cache=False).rich_text) == "renamed toggle"


def test_rich_text_keeps_styles_links_and_mentions(notion: uno.Session, page: Any) -> None:
    other = notion.create_page(page, title="Linked page")
    words = uno.text("bold", bold=True) + uno.text(" and ") + uno.text("a link", href=LINK)
    page.append(uno.Paragraph(words + uno.text(" to ") + uno.mention(other)))
    read = notion.get_page(page.id, use_cache=False).children[-1]
    assert str(read.rich_text) == "bold and a link to Linked page"
    assert read.to_markdown().startswith("**bold** and [a link](https://example.com/words) to ")


def test_a_user_mention_reads_back_with_the_name(notion: uno.Session, page: Any) -> None:
    """Recorded: ../shared/reference/notion-recordings-uno/test_rich_text/test_mention.yaml
    (the appended mention answers the full user and ``"plain_text": "@Adam Dangoor"``)."""
    person = next(user for user in notion.all_users() if not user.is_bot)
    page.append(uno.Paragraph(uno.mention(person)))
    read = notion.get_page(page.id, use_cache=False).children[0]
    assert str(read.rich_text) == "@Emulated Person"


def test_a_table_is_created_and_its_cells_changed(notion: uno.Session, page: Any) -> None:
    table = uno.Table(2, 2, header_row=True)
    table[0] = ("Name", "Count")
    table[1] = ("apples", "3")
    page.append(table)
    table[1] = ("pears", "4")
    read = notion.get_page(page.id, use_cache=False).children[0]
    assert read.has_header_row
    assert [tuple(str(cell) for cell in row) for row in read.children] == [
        ("Name", "Count"),
        ("pears", "4"),
    ]


def test_columns_hold_blocks_side_by_side(notion: uno.Session, page: Any) -> None:
    columns = uno.Columns([0.25, 0.75])
    page.append(columns)
    columns[0].append(uno.Paragraph("left"))
    columns[1].append(uno.Paragraph("right"))
    read = notion.get_page(page.id, use_cache=False).children[0]
    assert [texts(column.children) for column in read.children] == [["left"], ["right"]]
    assert [column.width_ratio for column in read.children] == [0.25, 0.75]
    assert "left" in page.to_markdown() and "right" in page.to_markdown()


def test_uploaded_files_are_attached_and_served(notion: uno.Session, page: Any) -> None:
    content = b"hello from ultimate-notion"
    upload = notion.upload(io.BytesIO(content), file_name="hello.txt", mime_type="text/plain")
    assert upload.status == uno.FileUploadStatus.UPLOADED
    page.append(uno.File(upload, caption="the greeting"))
    block = notion.get_page(page.id, use_cache=False).children[0]
    assert isinstance(block, uno.File) and str(block.caption) == "the greeting"
    assert httpx.get(block.url).content == content
    assert upload in notion.list_uploads()
    picture = notion.upload(io.BytesIO(PNG), file_name="cover.png", mime_type="image/png")
    page.cover = picture
    assert httpx.get(notion.get_page(page.id, use_cache=False).cover.url).content == PNG


def test_uploaded_and_linked_files_fill_a_files_property(notion: uno.Session, page: Any) -> None:
    class Documents(Schema, db_title="Documents"):
        name = PropType.Title("Name")
        files = PropType.Files("Files")

    notion.create_ds(page, schema=Documents)
    upload = notion.upload(io.BytesIO(b"minutes"), file_name="minutes.txt", mime_type="text/plain")
    linked = uno.url("https://example.com/agenda.pdf", name="agenda.pdf")
    row = Documents.create(name="Meeting", files=[upload, linked])
    files = notion.get_page(row.id, use_cache=False).props["Files"]
    assert httpx.get(files[0].url).content == b"minutes"
    assert files[1].url == "https://example.com/agenda.pdf"


def test_markdown_export_shows_the_page(notion: uno.Session, page: Any) -> None:
    table = uno.Table(2, 2, header_row=True)
    table[0] = ("Fruit", "Count")
    table[1] = ("apples", "3")
    page.append(
        [
            uno.Heading1("Shopping"),
            uno.Paragraph("Buy what is missing."),
            uno.BulletedItem("bread"),
            uno.NumberedItem("first this"),
            uno.Code("print('done')", language=uno.CodeLang.PYTHON),
            table,
        ]
    )
    markdown = notion.get_page(page.id, use_cache=False).to_markdown()
    assert markdown.startswith(f"# {page.title}\n")
    for expected in (
        "## Shopping",
        "Buy what is missing.",
        "- bread",
        "1. first this",
        "```python\nprint('done')\n```",
        "apples",
    ):
        assert expected in markdown


def test_a_synced_reference_shows_the_original_content(notion: uno.Session, page: Any) -> None:
    original = uno.SyncedBlock(uno.Paragraph("shared words"))
    page.append(original)
    reference = original.create_synced()
    page.append(reference)
    read = notion.get_block(reference.id, use_cache=False)
    assert read.is_synced and texts(read.children) == ["shared words"]
