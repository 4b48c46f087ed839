"""Links inside a code block land in Notion (the emulator) as links: to another page of the
import, to the code block that carries an anchor, and to the web; never as page mentions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.notion_import.importer.test_import import NOTION, emulator, run_import

RFC_PAGE = """<title>RFC 9999</title>
<pre>See <a href="rfc2119.html">Key words</a> (<a href="rfc2119.html">RFC 2119</a>),
<a href="#section-3">Section 3</a> and <a href="https://www.ietf.org/">the IETF</a>.</pre>
<p>Between.</p>
<pre><a class="selflink" name="section-3" href="#section-3">3</a>.  Terminology</pre>"""

#: links back: one of the two pages is written before the other exists, and its code block
#: is patched by the link pass.
KEY_WORDS = """<title>RFC 2119</title><p>Key words for use in RFCs.</p>
<pre>Used by <a href="rfc9999.html#section-3">RFC 9999, section 3</a>.</pre>"""


def _url(object_id: str) -> str:
    return NOTION + object_id.replace("-", "")


async def test_links_in_a_code_block_are_links_once_imported(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "rfc9999.html").write_text(RFC_PAGE)
    (source / "rfc2119.html").write_text(KEY_WORDS)
    app = emulator()
    report = await run_import(app, source, tmp_path / "j.sqlite")
    assert report.exit_code() == 0, report.to_json()
    state = app.state.emulator
    tree = state.tree(state.root_page_id, "http://e")
    pages = {c["child_page"]["title"]: c for c in tree["children"] if c["type"] == "child_page"}
    rfc, key_words = pages["RFC 9999"], pages["RFC 2119"]
    code, _, section = rfc["children"]
    assert code["type"] == section["type"] == "code"
    items: list[dict[str, Any]] = code["code"]["rich_text"]
    section_link = f"{_url(rfc['id'])}#{section['id'].replace('-', '')}"
    assert [(i["type"], i["plain_text"], i["href"]) for i in items] == [
        ("text", "See ", None),
        ("text", "Key words", _url(key_words["id"])),
        ("text", " (", None),
        # the page's title as its words: still a link, not a mention, in a code block
        ("text", "RFC 2119", _url(key_words["id"])),
        ("text", "),\n", None),
        ("text", "Section 3", section_link),  # the code block that carries the anchor
        ("text", " and ", None),
        ("text", "the IETF", "https://www.ietf.org/"),
        ("text", ".", None),
    ]
    back = key_words["children"][1]["code"]["rich_text"]
    assert [(i["plain_text"], i["href"]) for i in back] == [
        ("Used by ", None),
        ("RFC 9999, section 3", section_link),
        (".", None),
    ]
    assert report.totals()["requests_by_endpoint"].get("PATCH /v1/blocks/{id}", 0) >= 1
