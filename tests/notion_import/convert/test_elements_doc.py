"""docs/elements.md against the code, so that the page cannot drift silently.

- every element named (as ``<tag ...>``) in the first column of the page's main table is one
  the converter knows: a rule of the default rule table takes it (by tag or by predicate), a
  table of the walker names it, or it is a standard HTML element that the walker reads as
  plain text (what the page says of ``<span>``, ``<small>``...), so a misspelt or invented
  element fails;
- every element the code handles by name is in that column;
- the page's Python examples run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from selectolax.lexbor import LexborHTMLParser
from tests import paths

from notion_import.convert.html import elements
from notion_import.convert.html.reader import convert_html, default_rules
from notion_import.convert.ir import Paragraph, Span

DOC = paths.DOCS / "elements.md"
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_EXAMPLE = re.compile(r"```python\n(.*?)```", re.DOTALL)

#: elements the walker handles by name outside its tables: links, line breaks, <font>.
WALKER_TAGS = frozenset({"a", "br", "font"})
#: the walker's tables of elements.
READER_TABLES = frozenset(
    {
        *elements.BLOCK_TAGS,
        *elements.HIDDEN_TAGS,
        *elements.PRE_TAGS,
        *elements.INLINE_EFFECTS,
        *elements.AFFIXES,
        *elements.UNSUPPORTED,
    }
)
#: the elements of the HTML standard (WHATWG), and a few obsolete ones legacy pages still
#: use, for the "read as plain text" check.
HTML_ELEMENTS = frozenset(
    {
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "base",
        "bdi", "bdo", "big", "blockquote", "body", "br", "button", "canvas", "caption", "cite",
        "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog",
        "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i",
        "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map",
        "mark", "math", "menu", "meta", "meter", "nav", "nobr", "noscript", "object", "ol",
        "optgroup", "option", "output", "p", "picture", "pre", "progress", "q", "rp", "rt",
        "ruby", "s", "samp", "script", "search", "section", "select", "slot", "small", "source",
        "span", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td",
        "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "u",
        "ul", "var", "video", "wbr",
    }
)  # fmt: skip


def main_table_tags(text: str) -> list[str]:
    """The element names in the first column of the first table under ``## Elements``."""
    section = text.split("\n## Elements", 1)[1].split("\n## ", 1)[0]
    tags: list[str] = []
    in_table = False
    for line in section.splitlines():
        if not line.startswith("|"):
            if in_table:
                break
            continue
        in_table = True
        first = line.strip("|").split("|", 1)[0]
        if set(first.strip()) <= {"-", ":", " "}:
            continue  # the separator row
        tags.extend(name.lower() for name in _TAG.findall(first))
    return tags


def _rule_takes(tag: str) -> bool:
    """Does a rule of the default table take a bare ``<tag>``?"""
    body = LexborHTMLParser(f"<body><{tag}></{tag}></body>").body
    node = body.css_first(tag) if body is not None else None
    return node is not None and default_rules().rule_for(node) is not None


def _read_as_plain_text(tag: str) -> bool:
    """Is ``<tag>`` a standard element whose text the walker keeps, unformatted, unreported?"""
    if tag not in HTML_ELEMENTS:
        return False
    page = convert_html(f"<p>a<{tag}>b</{tag}>c</p>", source="page.html")
    return page.blocks == [Paragraph([Span("abc")])] and not page.losses


def unknown_tags(tags: Iterable[str]) -> list[str]:
    """The tags the converter does not know."""
    return sorted(
        {
            tag
            for tag in tags
            if tag not in READER_TABLES
            and tag not in WALKER_TAGS
            and not _rule_takes(tag)
            and not _read_as_plain_text(tag)
        }
    )


def handled_by_name() -> set[str]:
    """Every element the code handles by its name."""
    return {
        *default_rules().by_tag,
        *elements.UNSUPPORTED,
        *elements.INLINE_EFFECTS,
        *elements.AFFIXES,
        *elements.PRE_TAGS,
        *WALKER_TAGS,
    }


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_main_table_names_many_elements(doc: str) -> None:
    assert len(set(main_table_tags(doc))) > 80


def test_every_element_of_the_table_is_known_to_the_code(doc: str) -> None:
    assert unknown_tags(main_table_tags(doc)) == []


def test_every_element_the_code_names_is_in_the_table(doc: str) -> None:
    assert sorted(handled_by_name() - set(main_table_tags(doc))) == []


@pytest.mark.parametrize("example", _EXAMPLE.findall(DOC.read_text(encoding="utf-8")))
def test_examples_run(example: str) -> None:
    exec(compile(example, str(DOC), "exec"), {})


SAMPLE = """# x

## Elements

| HTML element | Notion result | fallback |
|---|---|---|
| `<b>`, `<strnog>` | bold | |
| `<blink>` | nothing | `<sup>` in this column does not count |
| `<div class="x">`, `<mjx-container>`, `<td>` | | |

## Limits

| `<nothere>` | | |
"""


def test_the_check_finds_what_the_code_does_not_know() -> None:
    tags = main_table_tags(SAMPLE)
    assert tags == ["b", "strnog", "blink", "div", "mjx-container", "td"]
    assert unknown_tags(tags) == ["blink", "strnog"]
    assert "hr" in handled_by_name() - set(tags)


@pytest.mark.parametrize(
    ("tag", "known"),
    [
        ("span", True),  # read as plain text
        ("small", True),
        ("aside", True),  # a predicate rule (admonitions)
        ("mjx-container", True),  # a predicate rule (math)
        ("details", True),  # by tag
        ("frameset", True),  # the walker's unsupported elements
        ("kbd", True),  # the walker's inline formatting
        ("button", True),  # a standard element read as plain text
        ("blink", False),  # not a standard element, no rule
        ("spam", False),
    ],
)
def test_known_elements(tag: str, known: bool) -> None:
    assert (unknown_tags([tag]) == []) is known
