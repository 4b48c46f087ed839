"""The HTML reader: fixture files, hostile input, and the shared corpus.

Each ``fixtures/<name>.html`` is converted with the core rules (the rule modules for tables,
media, maths, layouts and Notion's export have their own tests) and compared with
``fixtures/<name>.json``: the serialized blocks (``serialize.to_notion``), the losses (the
reader's, then the serializer's), the title, and the links, assets and metadata when the page
has any. Add a case by adding the two files. Every produced payload also goes through the
emulator's validator, split as the writer would send it.
"""

from __future__ import annotations

import copy
import json
import random
import re
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import paths
from tests.notion_import.convert.chrome_words import without_chrome

from notion_emulator.schema.block_requests import count_blocks, validate_children
from notion_import.convert.encoding import decode_html
from notion_import.convert.html import rules as core
from notion_import.convert.html.base import RuleTable
from notion_import.convert.html.reader import convert_html, default_rules
from notion_import.convert.html.text import visible_text
from notion_import.convert.html.walker import MAX_DEPTH
from notion_import.convert.ir import ConvertedPage
from notion_import.convert.serialize import to_notion
from notion_import.errors import ConversionError
from notion_import.sources.root import ExportRoot

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(path.stem for path in FIXTURES.glob("*.html"))
CORPUS = paths.CORPUS

DUMMY_ID = "2f6a1c4e-8b1d-4c3a-9e5f-0a1b2c3d4e5f"
_ASSET = re.compile(r'"asset:\d+"')
_PAGE_LINK = re.compile(r'"page:(?:[^"\\]|\\.)*"')


def core_rules() -> RuleTable:
    table = RuleTable()
    core.register(table)
    return table


def result(page: ConvertedPage) -> dict[str, Any]:
    """What a fixture's JSON holds."""
    blocks, losses = to_notion(page.blocks, assets=page.assets, where=page.source)
    out: dict[str, Any] = {
        "title": page.title,
        "blocks": blocks,
        "losses": [
            {"element": loss.element, "reason": loss.reason, "where": loss.where}
            for loss in [*page.losses, *losses]
        ],
    }
    if page.links:
        out["links"] = page.links
    if page.assets:
        out["assets"] = [
            {
                "kind": asset.kind,
                "ref": asset.ref,
                "media_type": asset.media_type,
                **({"size": len(asset.data)} if asset.data is not None else {}),
            }
            for asset in page.assets
        ]
    if page.metadata:
        out["metadata"] = page.metadata
    return out


# -- validation against the emulator -------------------------------------------------------------


def requests(blocks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split serialized blocks into append requests the way the writer does: one top-level
    block per request; children past two levels, past 100 per array, column lists below the
    top level and tables below level one are sent as later requests of their own."""
    blocks = json.loads(_PAGE_LINK.sub('"https://example.com/"', json.dumps(blocks)))
    blocks = json.loads(_ASSET.sub(f'"{DUMMY_ID}"', json.dumps(blocks)))
    out: list[list[dict[str, Any]]] = []
    pending = list(blocks)
    while pending:
        block = pending.pop()
        later: list[dict[str, Any]] = []
        _trim(block, 0, later)
        if count_blocks([block]) > 1000:
            for child in block[block["type"]].get("children", []):
                later.extend(child[child["type"]].pop("children", []))
        out.append([block])
        pending.extend(later)
    return out


def _trim(block: dict[str, Any], level: int, later: list[dict[str, Any]]) -> None:
    kind = block["type"]
    payload = block[kind]
    children = payload.get("children")
    if not children:
        return
    if kind == "table":
        if len(children) > 100:
            rest = copy.deepcopy(block)
            rest["table"]["children"] = children[100:]
            later.append(rest)
            payload["children"] = children[:100]
        return
    if kind == "column_list":
        for column in children:
            inner = column["column"]["children"]
            later.extend(inner[100:])
            column["column"]["children"] = inner[:100]
            kept = []
            for child in column["column"]["children"]:
                if child["type"] == "column_list":
                    later.append(child)
                else:
                    _trim(child, level + 1, later)
                    kept.append(child)
            column["column"]["children"] = kept or [_empty_paragraph()]
        return
    if level >= 2:
        later.extend(payload.pop("children"))
        return
    later.extend(children[100:])
    kept = []
    for child in children[:100]:
        if child["type"] == "column_list" or (child["type"] == "table" and level >= 1):
            later.append(child)
        else:
            _trim(child, level + 1, later)
            kept.append(child)
    if kept:
        payload["children"] = kept
    else:
        del payload["children"]


def _empty_paragraph() -> dict[str, Any]:
    return {"type": "paragraph", "paragraph": {"rich_text": []}}


def assert_valid(blocks: list[dict[str, Any]]) -> None:
    """Every request the blocks make passes the emulator's validator."""
    for request in requests(blocks):
        validate_children(request)


def convert(html: str | bytes, *, source: str = "page.html", **options: Any) -> ConvertedPage:
    options.setdefault("rules", default_rules())
    return convert_html(html, source=source, **options)


def serialized(page: ConvertedPage) -> list[dict[str, Any]]:
    return to_notion(page.blocks, assets=page.assets, where=page.source)[0]


# -- fixtures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_fixture(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    page = convert_html(
        (FIXTURES / f"{name}.html").read_bytes(),
        source=f"{name}.html",
        files=ExportRoot(FIXTURES),
        rules=core_rules(),
    )
    actual = result(page)
    assert actual == expected
    assert_valid(actual["blocks"])


def test_every_fixture_has_its_expectation() -> None:
    assert CASES
    for name in CASES:
        assert (FIXTURES / f"{name}.json").is_file(), name


# -- hostile input -------------------------------------------------------------------------------

NESTINGS = [
    ("div",),
    ("span",),
    ("b",),
    ("ul", "li"),
    ("ol", "li", "p"),
    ("blockquote",),
    ("details",),
    ("dl", "dd"),
    ("table", "tr", "td"),
    ("section", "ul", "li", "blockquote"),
]


@pytest.mark.slow
@pytest.mark.parametrize("tags", NESTINGS, ids=lambda tags: ">".join(tags))
def test_ten_thousand_levels_of_nesting(tags: tuple[str, ...]) -> None:
    opening = "".join(f"<{tag}>" for tag in tags)
    html = "<body>" + opening * 10_000 + "deepest words</body>"
    page = convert(html)
    blocks = serialized(page)
    assert "deepest words" in json.dumps(blocks)
    assert_valid(blocks)
    deep = [loss for loss in page.losses if "levels deep" in loss.reason]
    assert len(deep) <= 1
    assert all(str(MAX_DEPTH) in loss.reason for loss in deep)


@pytest.mark.slow
def test_a_five_megabyte_page_converts() -> None:
    paragraph = (
        '<p>Some <b>bold</b> text, <a href="https://example.com/x">a link</a>, '
        '<span style="color:red">red</span> and <code>code</code> words.</p>\n'
    )
    unit = (
        "<section><h2>Title</h2>" + paragraph * 20 + "<ul><li>one</li><li>two <i>it</i>"
        "<ol><li>nested</li></ol></li></ul><pre class='language-js'>var x = 1;</pre>"
        "<blockquote>quoted</blockquote></section>\n"
    )
    html = "<html><body>" + unit * (5_000_000 // len(unit)) + "</body></html>"
    page = convert(html.encode())
    blocks = serialized(page)
    assert len(blocks) > 10_000
    assert_valid(blocks[:300])


def test_binary_files_are_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(ConversionError, match="binary"):
        convert(png)
    noise = random.Random(7).randbytes(20_000)
    with pytest.raises(ConversionError):
        convert(noise)
    with pytest.raises(ConversionError, match="control characters"):
        convert(b"\x01\x02\x03\x04<p>x</p>" * 500)


def test_garbage_text_still_converts() -> None:
    rng = random.Random(11)
    alphabet = string.printable + "<<>>&;#/=\"'éü中\u00a0"
    soup = "".join(rng.choice(alphabet) for _ in range(100_000))
    blocks = serialized(convert(soup))
    assert_valid(blocks)
    invalid_utf8 = b"<p>caf\xe9 \xff\xfe \xc3\x28 ok</p>" * 200
    page = convert(invalid_utf8)
    assert "ok" in json.dumps(serialized(page))


SOUP_ATTRIBUTES = [
    "",
    ' href="x.html"',
    ' src="y.png"',
    ' type="checkbox"',
    ' style="color:red;display:none"',
    ' class="language-py"',
]


def test_random_tag_soup() -> None:
    rng = random.Random(3)
    tags = ["p", "div", "ul", "ol", "li", "b", "i", "a", "table", "tr", "td", "pre", "h2",
            "blockquote", "details", "summary", "dl", "dt", "dd", "span", "img", "br", "hr",
            "figure", "figcaption", "code", "input", "sup"]  # fmt: skip
    pieces = []
    for _ in range(20_000):
        tag = rng.choice(tags)
        roll = rng.random()
        if roll < 0.4:
            attrs = rng.choice(SOUP_ATTRIBUTES)
            pieces.append(f"<{tag}{attrs}>")
        elif roll < 0.7:
            pieces.append(f"</{tag}>")
        else:
            pieces.append(rng.choice(["word ", "x" * 2100, " ", "\n", "&amp;", "é"]))
    page = convert("".join(pieces))
    assert_valid(serialized(page))


_TAGS = st.sampled_from(
    ["p", "div", "span", "b", "i", "u", "s", "code", "a", "ul", "ol", "li", "pre", "h1", "h4",
     "blockquote", "details", "summary", "dl", "dt", "dd", "figure", "figcaption", "img",
     "br", "hr", "table", "tr", "td", "th", "sup", "mark", "font", "input", "q", "math"]
)  # fmt: skip
_ATTRS = st.sampled_from(
    ["", ' href="https://example.com/a b"', ' href="other.html#x"', ' href="javascript:x"',
     ' src="pic.png"', ' src="data:image/png;base64,AAAA"', ' type="checkbox" checked',
     ' style="color: #c00; background: yellow"', ' class="language-python"', " hidden",
     ' color="blue"', ' data-tag="to-do"']
)  # fmt: skip
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
_PIECE = st.one_of(
    st.tuples(_TAGS, _ATTRS).map(lambda t: f"<{t[0]}{t[1]}>"),
    _TAGS.map(lambda tag: f"</{tag}>"),
    _TEXT,
    st.just("x" * 2500),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECE, max_size=60))
def test_any_html_gives_valid_payloads(pieces: list[str]) -> None:
    page = convert("".join(pieces))
    assert_valid(serialized(page))


def test_astral_text_is_split_by_utf16_length() -> None:
    page = convert("<p>" + "😀" * 1500 + "</p>")
    assert_valid(serialized(page))


# -- references stay inside the export -----------------------------------------------------------


def test_references_cannot_leave_the_export(tmp_path: Path) -> None:
    root = tmp_path / "export"
    pages = root / "pages"
    pages.mkdir(parents=True)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"secret")
    (tmp_path / "outside.html").write_text("<p>outside</p>")
    (pages / "inside.png").write_bytes(b"png")
    (pages / "alias.png").symlink_to(pages / "inside.png")
    (pages / "escape.png").symlink_to(secret)
    (pages / "hosts.png").symlink_to("/etc/hosts")
    (pages / "up").symlink_to(tmp_path, target_is_directory=True)
    html = """
    <img src="../../secret.png"><img src="/etc/passwd"><img src="hosts.png">
    <img src="escape.png"><img src="%2e%2e/%2e%2e/secret.png"><img src="..\\..\\secret.png">
    <img src="up/secret.png"><img src="file:///etc/passwd"><img src="alias.png">
    <img src="inside.png"><img src="/pages/inside.png">
    <a href="../../outside.html">a</a> <a href="/etc/passwd">b</a> <a href="up/outside.html">c</a>
    """
    page = convert(html, source="pages/page.html", files=ExportRoot(root))
    assert [(a.kind, a.ref) for a in page.assets] == [("local", "pages/inside.png")]
    assert page.links == []
    image_losses = [loss for loss in page.losses if loss.element == "img"]
    link_losses = [loss for loss in page.losses if loss.element == "a"]
    assert len(image_losses) == 8
    assert len(link_losses) == 3
    assert any("symbolic link" in loss.reason for loss in image_losses)
    assert all(loss.where.startswith("pages/page.html: ") for loss in page.losses)
    for asset in page.assets:
        assert (root / asset.ref).resolve().is_relative_to(root.resolve())


def test_without_a_root_paths_are_normalized_but_unchecked() -> None:
    page = convert(
        '<img src="img/../pics/a.png"><img src="../../x.png"><a href="../doc.html#p">d</a>',
        source="notes/page.html",
    )
    assert [a.ref for a in page.assets] == ["notes/pics/a.png"]
    assert page.links == ["doc.html"]
    assert [loss.element for loss in page.losses] == ["img"]


# -- encodings -----------------------------------------------------------------------------------


def test_the_gbk_corpus_file_decodes() -> None:
    path = CORPUS / "evernote-html" / "yinxiang_gbk.html"
    if not path.is_file():
        pytest.skip("../shared/corpus is not available")
    raw = path.read_bytes()
    text, encoding = decode_html(raw)
    assert encoding == "gb18030"  # it declares UTF-8, wrongly
    assert "the word “hamburger” gets broken up" in text
    page = convert(raw, source="yinxiang_gbk.html", files=ExportRoot(path.parent))
    assert "“hamburger”" in json.dumps(serialized(page), ensure_ascii=False)


def test_gbk_chinese_that_claims_utf8() -> None:
    chinese = (
        "汉语是汉藏语系中最大的一支语族，若把整个汉语族视为单一语言，则汉语为世界上使用人数最多的"
        "语言。现代标准汉语以北京语音为标准音，以北方话为基础方言。"
    )
    html = f'<html><head><meta charset="utf-8"><title>中文</title></head><body><p>{chinese}</p>'
    page = convert(html.encode("gbk"))
    assert page.title == "中文"
    assert chinese in json.dumps(serialized(page), ensure_ascii=False)


LATIN1_META = "<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><p>été</p>"


@pytest.mark.parametrize(
    ("raw", "declared", "text", "encoding"),
    [
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", None, "<p>café</p>", "utf-8"),
        ("\ufeff<p>café</p>".encode("utf-16-le"), None, "<p>café</p>", "utf-16-le"),
        ("<p>café</p>".encode("utf-16-be"), None, "<p>café</p>", "utf-16-be"),
        ('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"), None, None, "cp1251"),
        (LATIN1_META.encode("cp1252"), None, None, "cp1252"),
        (
            '<?xml version="1.0" encoding="koi8-r"?><p>мир</p>'.encode("koi8-r"),
            None,
            None,
            "koi8-r",
        ),
        ("<p>naïve</p>".encode("cp1252"), "windows-1252", "<p>naïve</p>", "cp1252"),
        (b"<p>plain ascii</p>", None, "<p>plain ascii</p>", "utf-8"),
        (b"", None, "", "utf-8"),
    ],
)
def test_encodings(raw: bytes, declared: str | None, text: str | None, encoding: str) -> None:
    decoded, name = decode_html(raw, declared)
    assert name == encoding
    if text is not None:
        assert decoded == text


# -- the corpus ----------------------------------------------------------------------------------


def _corpus_pages() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p
        for p in CORPUS.rglob("*.html")
        if "notion-export" not in p.parts or p.stem == "database-row"
    )


def _root_of(path: Path) -> Path:
    return CORPUS / path.relative_to(CORPUS).parts[0]


def _output_text(blocks: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    pending = list(blocks)
    while pending:
        block = pending.pop(0)
        payload = block[block["type"]]
        items = [*payload.get("rich_text", []), *payload.get("caption", [])]
        for row in payload.get("children", []) if block["type"] == "table" else []:
            items += [item for cell in row["table_row"]["cells"] for item in cell]
        for item in items:
            parts.append(item["text"]["content"] if item["type"] == "text" else "")
        parts.append(payload.get("expression", ""))
        if block["type"] != "table":
            pending[0:0] = payload.get("children", [])
    return "".join(parts)


def _in_order(expected: str, actual: str) -> float:
    """Share of ``expected``'s characters found in ``actual`` in the same order."""
    position = hits = 0
    for char in expected:
        found = actual.find(char, position)
        if found >= 0:
            hits += 1
            position = found + 1
    return hits / max(1, len(expected))


@pytest.mark.parametrize("path", _corpus_pages(), ids=lambda p: p.name)
def test_corpus_page(path: Path) -> None:
    root = _root_of(path)
    source = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    page = convert(raw, source=source, files=ExportRoot(root))
    assert_valid(serialized(page))
    core_page = convert(raw, source=source, files=ExportRoot(root), rules=core_rules())
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(decode_html(raw)[0]).body
    assert body is not None
    for gutter in body.css('pre code[style*="float:left"]'):
        gutter.decompose()  # a clipper's line numbers: the code block holds only the code
    visible = re.sub(r"\s+", "", without_chrome(visible_text(body), core_page.losses))
    # the title is carried as the page's title, above its blocks
    carried = re.sub(r"\s+", "", core_page.title + _output_text(serialized(core_page)))
    assert _in_order(visible, carried) >= 0.995


def test_a_link_whose_host_has_a_space_is_text_with_a_loss() -> None:
    page = convert_html("<p><a href='https://trac er.debian.org/'>tracker</a></p>", source="p.html")
    blocks, _ = to_notion(page.blocks)
    assert "link" not in blocks[0]["paragraph"]["rich_text"][0]["text"]
    assert any("trac er" in loss.reason for loss in page.losses)
