"""Sources: detection, the plugin registry, each built-in source, zip safety, the corpus."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import stat
import tempfile
import urllib.parse
import zipfile
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from tests import paths

from notion_import.convert.ir import (
    Block,
    Callout,
    ConvertedPage,
    Heading,
    Image,
    ListItem,
    Media,
    Table,
)
from notion_import.sources import (
    BUILTIN_SOURCES,
    ENTRY_POINT_GROUP,
    Document,
    FailedPage,
    UnknownSourceError,
    UnsafeArchiveError,
    available_sources,
    convert_document,
    convert_path,
    detect_source,
    get_source,
    page_json,
)
from notion_import.sources.notion_export import ZipLimits, extract_archive

CORPUS = paths.CORPUS
PAGE_KEYS = {"source", "title", "blocks", "assets", "losses", "metadata", "links"}

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")


def walk(blocks: list[Block]) -> Iterator[Block]:
    for block in blocks:
        yield block
        yield from walk(block.children)


def text_of(page: ConvertedPage) -> str:
    return json.dumps(page_json(page)["blocks"], ensure_ascii=False)


def pages_of(path: Path, **kwargs: str) -> list[ConvertedPage]:
    return list(convert_path(path, **kwargs))


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary files of the code under test go here, so tests can see them cleaned up."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


# -- registry and detection ----------------------------------------------------------------


def test_builtins_are_registered_as_entry_points() -> None:
    names = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert set(BUILTIN_SOURCES) <= names
    sources = available_sources()
    assert list(sources)[:4] == list(BUILTIN_SOURCES)
    for name, source in sources.items():
        assert source.name == name


def test_unknown_source_name_lists_the_choices() -> None:
    with pytest.raises(UnknownSourceError, match="choose one of notion-export"):
        get_source("nope")


def test_detection_order(tmp_path: Path) -> None:
    (tmp_path / "export.zip").write_bytes(_zip({"a.html": b"<p>x</p>"}))
    (tmp_path / "notes.enex").write_text(_enex([_note("A")]))
    md = tmp_path / "md"
    md.mkdir()
    (md / "a.md").write_text("# A")
    html = tmp_path / "site"
    html.mkdir()
    (html / "a.html").write_text("<p>x</p>")
    (html / "b.md").write_text("# B")
    enex = tmp_path / "enex"
    enex.mkdir()
    (enex / "n.enex").write_text(_enex([_note("A")]))
    (tmp_path / "page.htm").write_text("<p>x</p>")
    (tmp_path / "noext").write_text("<!DOCTYPE html><p>x</p>")
    assert detect_source(tmp_path / "export.zip").name == "notion-export"
    assert detect_source(tmp_path / "notes.enex").name == "enex"
    assert detect_source(enex).name == "enex"
    assert detect_source(md).name == "markdown"
    assert detect_source(md / "a.md").name == "markdown"
    assert detect_source(html).name == "html"
    assert detect_source(tmp_path / "page.htm").name == "html"
    assert detect_source(tmp_path / "noext").name == "html"


def test_undetectable_file(tmp_path: Path) -> None:
    blob = tmp_path / "photo.jpg"
    blob.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    with pytest.raises(UnknownSourceError, match="--source"):
        detect_source(blob)


# -- documents and pages -------------------------------------------------------------------


def test_page_json_has_exactly_the_keys_and_no_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<title>T</title><p>Hi <a href="b.html">b</a></p>'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
    )
    (tmp_path / "b.html").write_text("<p>b</p>")
    page = pages_of(tmp_path)[0]
    out = page_json(page)
    assert set(out) == PAGE_KEYS
    assert out["source"] == "a.html"
    assert out["title"] == "T"
    for asset in out["assets"]:
        assert set(asset) == {"kind", "ref", "media_type", "name"}
    for loss in out["losses"]:
        assert set(loss) == {"element", "reason", "where"}
    json.dumps(out)


def test_failed_pages_carry_an_error_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"\x00\x01\x02PK\x03\x04" + os.urandom(2000))
    (tmp_path / "b.html").write_text("<p>fine</p>")
    pages = pages_of(tmp_path)
    assert [p.source for p in pages] == ["a.html", "b.html"]
    assert isinstance(pages[0], FailedPage)
    out = page_json(pages[0])
    assert set(out) == PAGE_KEYS | {"error"}
    assert "binary" in out["error"]
    assert "error" not in page_json(pages[1])


def test_a_bug_in_a_converter_is_a_failed_page() -> None:
    def broken(rules: object) -> ConvertedPage:
        raise KeyError("oops")

    page = convert_document(Document(source="x.html", root=None, converter=broken))
    assert isinstance(page, FailedPage)
    assert "internal error" in page.error


def test_documents_are_read_only_when_converted(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>before</p>")
    documents = get_source("html").documents(tmp_path)
    document = next(documents)
    (tmp_path / "a.html").write_text("<p>after</p>")
    assert "after" in text_of(document.convert())


def test_metadata_becomes_json() -> None:
    import datetime as dt

    page = ConvertedPage(
        source="s", title="t", blocks=[], metadata={"when": dt.date(2024, 1, 2), "tags": {"b"}}
    )
    assert page_json(page)["metadata"] == {"when": "2024-01-02", "tags": ["b"]}


# -- html ----------------------------------------------------------------------------------


def test_html_folder_order(tmp_path: Path) -> None:
    for name in ["b.html", "index.html", "a.htm", "sub/index.html", "sub/a.html", "z.txt"]:
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"<h1>{name}</h1>")
    assert [p.source for p in pages_of(tmp_path)] == [
        "index.html",
        "a.htm",
        "b.html",
        "sub/index.html",
        "sub/a.html",
    ]


def test_html_single_file(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<h1>Hello</h1><p>text</p>")
    (page,) = pages_of(tmp_path / "page.html")
    assert page.source == "page.html"
    assert page.title == "Hello"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_leaving_the_root_are_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("<p>secret</p>")
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.html").write_text("<p>a</p>")
    (root / "inner.html").symlink_to(root / "a.html")
    (root / "leak.html").symlink_to(outside / "secret.html")
    (root / "leakdir").symlink_to(outside, target_is_directory=True)
    pages = pages_of(root)
    by_source = {p.source: p for p in pages}
    assert set(by_source) == {"a.html", "inner.html", "leak.html"}
    assert isinstance(by_source["leak.html"], FailedPage)
    assert "outside" in by_source["leak.html"].error
    assert all("secret" not in text_of(p) for p in pages)


# -- markdown ------------------------------------------------------------------------------


def test_markdown_features(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(
        "---\n"
        'title: "Front: title"\n'
        "tags: [one, two]\n"
        "aliases:\n"
        "  - a\n"
        "  - b\n"
        "---\n"
        "# Heading\n\n"
        "Some ~~old~~ text.\n\n"
        "- [ ] open task\n"
        "- [x] done task\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    (page,) = pages_of(tmp_path)
    assert page.title == "Front: title"
    assert page.metadata["tags"] == ["one", "two"]
    assert page.metadata["aliases"] == ["a", "b"]
    blocks = list(walk(page.blocks))
    todos = [b for b in blocks if isinstance(b, ListItem) and b.style == "to_do"]
    assert [t.checked for t in todos] == [False, True]
    assert "[ ]" not in text_of(page) and "[x]" not in text_of(page)
    assert any(isinstance(b, Table) for b in blocks)
    assert any(isinstance(b, Heading) for b in blocks)
    strike = page_json(page)["blocks"]
    assert '"strikethrough": true' in json.dumps(strike)


def test_markdown_title_from_first_heading_or_file_name(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Intro\n\n## Second level\n")
    (tmp_path / "b.markdown").write_text("just text\n")
    first, second = pages_of(tmp_path)
    assert first.title == "Second level"
    assert second.title == "b"


def test_markdown_in_legacy_encoding(tmp_path: Path) -> None:
    text = "# 笔记\n\n这是一个用GBK编码保存的中文笔记，包含一些常见的汉字和标点符号。\n"
    (tmp_path / "a.md").write_bytes(text.encode("gbk"))
    (page,) = pages_of(tmp_path)
    assert page.title == "笔记"
    assert "中文笔记" in text_of(page)


# -- enex ----------------------------------------------------------------------------------

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _resource(data: bytes, mime: str, name: str) -> str:
    encoded = base64.b64encode(data).decode()
    return (
        f'<resource><data encoding="base64">{encoded}</data><mime>{mime}</mime>'
        f"<resource-attributes><file-name>{name}</file-name></resource-attributes></resource>"
    )


def _note(title: str, body: str = "<div>text</div>", extra: str = "", resources: str = "") -> str:
    return (
        f"<note><title>{title}</title>"
        f'<content><![CDATA[<?xml version="1.0" encoding="UTF-8"?>'
        f'<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">'
        f"<en-note>{body}</en-note>]]></content>{extra}{resources}</note>"
    )


def _enex(notes: list[str], doctype: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + (
            doctype
            or '<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export3.dtd">'
        )
        + '<en-export application="Evernote">'
        + "".join(notes)
        + "</en-export>"
    )


def test_enex_note_with_resources_todos_and_metadata(tmp_path: Path) -> None:
    png_hash = hashlib.md5(PNG).hexdigest()
    pdf_hash = hashlib.md5(PDF).hexdigest()
    body = (
        f'<div>Picture: <en-media hash="{png_hash}" type="image/png"/></div>'
        f'<div><en-media hash="{pdf_hash}" type="application/pdf" /></div>'
        '<div><en-todo checked="true"/>bought milk</div>'
        "<div><en-todo/>call mum</div>"
        '<en-crypt hint="the usual">AAAA</en-crypt>'
        '<ul style="--en-todo:true;"><li style="--en-checked:true;"><div>ten</div></li></ul>'
    )
    extra = (
        "<created>20170825T013331Z</created><updated>20210312T034853Z</updated>"
        "<tag>work</tag><tag>home</tag>"
        "<note-attributes><author>Ann</author><source-url>https://example.com/a</source-url>"
        "<latitude>48.85</latitude><longitude>2.35</longitude></note-attributes>"
    )
    resources = (
        _resource(PNG, "image/png", "dot.png")
        + _resource(PDF, "application/pdf", "doc.pdf")
        + _resource(b"unused bytes", "text/plain", "extra.txt")
    )
    path = tmp_path / "Book.enex"
    path.write_text(_enex([_note("Shopping", body, extra, resources)]), encoding="utf-8")
    (page,) = pages_of(path)
    assert page.source == "Book.enex/Shopping"
    assert page.title == "Shopping"
    assert page.metadata["created"] == "2017-08-25T01:33:31Z"
    assert page.metadata["updated"] == "2021-03-12T03:48:53Z"
    assert page.metadata["tags"] == ["work", "home"]
    assert page.metadata["author"] == "Ann"
    assert page.metadata["source_url"] == "https://example.com/a"
    assert page.metadata["latitude"] == pytest.approx(48.85)
    assert page.metadata["longitude"] == pytest.approx(2.35)
    assert page.metadata["notebook"] == "Book"
    blocks = list(walk(page.blocks))
    images = [b for b in blocks if isinstance(b, Image)]
    assert len(images) == 1
    assert images[0].asset.kind == "data"
    assert images[0].asset.data == PNG
    assert images[0].asset.name == "dot.png"
    media = [b for b in blocks if isinstance(b, Media)]
    assert [(m.kind, m.asset.name) for m in media] == [("pdf", "doc.pdf"), ("file", "extra.txt")]
    assert {a.name for a in page.assets} >= {"dot.png", "doc.pdf", "extra.txt"}
    todos = [b for b in blocks if isinstance(b, ListItem) and b.style == "to_do"]
    assert [t.checked for t in todos] == [True, False, True]
    assert any(isinstance(b, Callout) for b in blocks)
    assert any(loss.element == "en-crypt" for loss in page.losses)
    out = page_json(page)
    assert "AAAA" not in json.dumps(out)
    assert all("data" not in a for a in out["assets"])


def test_enex_same_titles_get_distinct_names(tmp_path: Path) -> None:
    path = tmp_path / "n.enex"
    path.write_text(_enex([_note("Same"), _note("Same"), _note(""), _note("a/b")]))
    assert [p.source for p in pages_of(path)] == [
        "n.enex/Same",
        "n.enex/Same (2)",
        "n.enex/Untitled",
        "n.enex/a-b",
    ]


def test_enex_malformed_note_is_an_error_and_reading_goes_on(tmp_path: Path) -> None:
    broken = "<note><title>Broken</title><note-attributes></note-attributesv></note>"
    path = tmp_path / "n.enex"
    path.write_text(_enex([_note("One"), broken, _note("Three")]))
    pages = pages_of(path)
    assert [(p.source, isinstance(p, FailedPage)) for p in pages] == [
        ("n.enex/One", False),
        ("n.enex/Broken", True),
        ("n.enex/Three", False),
    ]
    assert "malformed" in page_json(pages[1])["error"]


def test_enex_entity_declarations_are_refused(tmp_path: Path) -> None:
    laughs = (
        '<!DOCTYPE en-export [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    path = tmp_path / "bomb.enex"
    path.write_text(_enex([_note("&c;")], doctype=laughs))
    (page,) = pages_of(path)
    assert isinstance(page, FailedPage)
    assert "entit" in page.error


def test_enex_external_entities_are_not_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doctype = f'<!DOCTYPE en-export [<!ENTITY x SYSTEM "file://{secret}">]>'
    path = tmp_path / "xxe.enex"
    path.write_text(_enex([_note("&x;")], doctype=doctype))
    for page in pages_of(path):
        assert "TOP SECRET" not in json.dumps(page_json(page))


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\x03", b"<html><body>not enex</body></html>", b"<en-export><note><title>T"],
)
def test_enex_garbage_is_an_error_entry(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.enex"
    path.write_bytes(content)
    pages = pages_of(path)
    assert pages and all(isinstance(p, FailedPage) for p in pages)


# -- zip safety ----------------------------------------------------------------------------


def _zip(members: dict[str, bytes], *, symlinks: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def _extract(tmp_path: Path, data: bytes, limits: ZipLimits | None = None) -> Path:
    archive = tmp_path / "in.zip"
    archive.write_bytes(data)
    root, skipped = extract_archive(archive, tmp_path / "box" / "out", limits)
    assert not skipped
    return root


@pytest.mark.parametrize(
    ("members", "symlinks", "message"),
    [
        ({"../evil.html": b"x"}, None, "outside"),
        ({"a/../../evil.html": b"x"}, None, "outside"),
        ({"..\\evil.html": b"x"}, None, "outside"),
        ({"/tmp/evil.html": b"x"}, None, "absolute"),
        ({"C:/evil.html": b"x"}, None, "absolute"),
        ({"ok.html": b"x"}, {"link.html": "/etc/passwd"}, "symlink"),
        ({"big.bin": bytes(8 * 1024 * 1024)}, None, "zip bomb"),
    ],
)
def test_hostile_archives_are_refused(
    tmp_path: Path, members: dict[str, bytes], symlinks: dict[str, str] | None, message: str
) -> None:
    with pytest.raises(UnsafeArchiveError, match=message):
        _extract(tmp_path, _zip(members, symlinks=symlinks))
    box = tmp_path / "box"
    written = [p for p in box.rglob("*") if p.is_file()] if box.exists() else []
    assert written == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["box", "in.zip"]


def test_member_count_and_total_size_limits(tmp_path: Path) -> None:
    many = _zip({f"{i}.html": b"x" for i in range(20)})
    with pytest.raises(UnsafeArchiveError, match="members"):
        _extract(tmp_path, many, ZipLimits(max_members=10))
    large = _zip({"a.html": os.urandom(4000), "b.html": os.urandom(4000)})
    with pytest.raises(UnsafeArchiveError, match="bytes"):
        _extract(tmp_path, large, ZipLimits(max_total_size=5000))


def test_nested_archives_are_checked_too(tmp_path: Path) -> None:
    inner = _zip({"Export-1/../../evil.html": b"x"})
    with pytest.raises(UnsafeArchiveError, match="outside"):
        _extract(tmp_path, _zip({"Export-1-Part-1.zip": inner}))
    assert not (tmp_path / "evil.html").exists()


def test_nested_export_is_unwrapped(tmp_path: Path) -> None:
    part1 = _zip({"Export-1/A 0123456789abcdef0123456789abcdef.html": b"<h1>A</h1>"})
    part2 = _zip({"Export-1/A 0123456789abcdef0123456789abcdef/B.html": b"<h1>B</h1>"})
    root = _extract(tmp_path, _zip({"Export-1-Part-1.zip": part1, "Export-1-Part-2.zip": part2}))
    assert root.name == "Export-1"
    assert (root / "A 0123456789abcdef0123456789abcdef" / "B.html").is_file()


def test_notion_export_pages_tree_and_cleanup(tmp_path: Path, private_tmp: Path) -> None:
    a_id = "0123456789abcdef0123456789abcdef"
    inner = _zip(
        {
            "Export-1/index.html": b"<ul><li>list of pages</li></ul>",
            f"Export-1/Parent {a_id}.html": b"<h1>Parent</h1><p>top</p>",
            f"Export-1/Parent {a_id}/Child.md": b"# Child\n\n- [x] done\n",
            f"Export-1/Parent {a_id}/DB.csv": b"Name,Tags\nrow one,a\n",
            f"Export-1/Parent {a_id}/DB_all.csv": b"Name,Tags\nrow one,a\nrow two,b\n",
            f"Export-1/Parent {a_id}/pic%20%C3%A9.png": PNG,
        }
    )
    archive = tmp_path / "export.zip"
    archive.write_bytes(_zip({"Export-1-Part-1.zip": inner}))
    pages = pages_of(archive)
    assert [p.source for p in pages] == [
        f"Parent {a_id}.html",
        f"Parent {a_id}/Child.md",
        f"Parent {a_id}/DB.csv",
    ]
    parent, child, table = pages
    assert parent.title == "Parent"
    assert parent.metadata["notion_id"] == a_id
    assert child.metadata["parent"] == f"Parent {a_id}.html"
    assert table.title == "DB"
    assert table.blocks == []  # a database, not a table
    assert table.metadata["database"] == {
        "columns": ["Name", "Tags"],
        "rows": [["row one", "a"], ["row two", "b"]],  # the rows of DB_all.csv
        "pages": [None, None],
    }
    assert list(private_tmp.iterdir()) == []


def test_notion_export_temp_dir_removed_on_early_close(tmp_path: Path, private_tmp: Path) -> None:
    archive = tmp_path / "export.zip"
    archive.write_bytes(_zip({"a.html": b"<p>a</p>", "b.html": b"<p>b</p>"}))
    pages = convert_path(archive)
    next(pages)
    assert list(private_tmp.iterdir()) != []
    pages.close()
    assert list(private_tmp.iterdir()) == []


def test_refused_export_leaves_nothing_behind(tmp_path: Path, private_tmp: Path) -> None:
    archive = tmp_path / "export.zip"
    archive.write_bytes(_zip({"a.html": b"<p>a</p>", "../../evil.html": b"x"}))
    with pytest.raises(UnsafeArchiveError):
        pages_of(archive)
    assert list(private_tmp.iterdir()) == []
    assert not (tmp_path / "evil.html").exists()


# -- the corpus ----------------------------------------------------------------------------


def _check_pages(pages: list[ConvertedPage]) -> None:
    for page in pages:
        out = page_json(page)
        json.dumps(out, ensure_ascii=False)
        assert "internal error" not in out.get("error", ""), (page.source, out.get("error"))


@needs_corpus
def test_corpus_every_enex_file_converts() -> None:
    files = sorted((CORPUS / "enex").glob("*.enex"))
    assert len(files) >= 100
    failed = []
    for file in files:
        pages = pages_of(file)
        assert pages, file.name
        _check_pages(pages)
        failed += [p.source for p in pages if isinstance(p, FailedPage)]
    # the one file of the corpus with broken XML (a mistyped closing tag)
    assert failed == ["test.enex/test"]


@needs_corpus
def test_corpus_enex_resources_and_duplicates() -> None:
    pages = pages_of(CORPUS / "enex" / "test-3NotesWithSameName.enex")
    assert len({p.source for p in pages}) == len(pages) == 3
    (pdf_note,) = pages_of(CORPUS / "enex" / "test-noteWithPdf.enex")
    assert any(isinstance(b, Media) and b.kind == "pdf" for b in walk(pdf_note.blocks))
    (pictures,) = pages_of(CORPUS / "enex" / "test-threePictures.enex")
    images = [b for b in walk(pictures.blocks) if isinstance(b, Image)]
    assert len(images) >= 3
    assert all(i.asset.kind == "data" and i.asset.data for i in images)
    (crypt,) = pages_of(CORPUS / "enex" / "test-encryption.enex")
    (secret,) = [loss for loss in crypt.losses if loss.element == "en-crypt"]
    assert secret.text.strip()  # the words left out, for verification against the source
    (tasks,) = pages_of(CORPUS / "enex" / "test-things-to-do.enex")
    todos = [b for b in walk(tasks.blocks) if isinstance(b, ListItem) and b.style == "to_do"]
    assert len(todos) >= 3 and any(t.checked for t in todos)
    (placeholder,) = [loss for loss in tasks.losses if loss.kind == "chrome"]
    assert "placeholder for Tasks" in placeholder.text


@needs_corpus
@pytest.mark.parametrize("name", ["notion-testspace.zip", "Notion.Test.Export.zip"])
def test_corpus_notion_exports(name: str, private_tmp: Path) -> None:
    pages = pages_of(CORPUS / "notion-export" / name)
    assert len(pages) >= 3
    _check_pages(pages)
    assert not [p.source for p in pages if isinstance(p, FailedPage)]
    assert all(p.title for p in pages)
    assert list(private_tmp.iterdir()) == []


@needs_corpus
def test_corpus_notion_attachment_names() -> None:
    pages = pages_of(CORPUS / "notion-export" / "notion-testspace.zip")
    (attachments,) = [p for p in pages if "Attachment Tests" in p.source]
    refs = {a.ref for a in attachments.assets if a.kind == "local"}
    encoded = urllib.parse.quote("кошки-самые-лучшие.jpg")
    assert any(ref.endswith("felis-catus.jpg") for ref in refs), refs
    assert any(ref.endswith(encoded) for ref in refs), refs
    names = {a.name for a in attachments.assets}
    assert "кошки-самые-лучшие.jpg" in names
    assert not any("%" in (name or "") for name in names)
    out = page_json(attachments)
    assert len(out["assets"]) == len(attachments.assets)  # blocks point at the renamed assets


@needs_corpus
@pytest.mark.parametrize("folder", ["web-html", "google-docs", "evernote-html", "onenote"])
def test_corpus_html_folders(folder: str) -> None:
    pages = pages_of(CORPUS / folder)
    assert pages
    _check_pages(pages)
    assert not [p.source for p in pages if isinstance(p, FailedPage)]
