"""The rule modules inside the real walker: every snippet of the rule tests, through
:func:`~notion_import.convert.html.reader.convert_html`, gives blocks of the same shape as with
the test reader, and valid Notion request JSON."""

from __future__ import annotations

import pytest
from tests.notion_import.convert import test_rules_media_math as media_math
from tests.notion_import.convert import test_rules_notion as notion
from tests.notion_import.convert import test_rules_tables_layout as tables_layout
from tests.notion_import.convert.ir_builders import shape, valid_notion

from notion_import.convert.ir import Block

reader = pytest.importorskip("notion_import.convert.html.reader")

CASES = (
    tables_layout.TABLES
    + tables_layout.LAYOUTS
    + media_math.MEDIA
    + media_math.MATH
    + notion.NOTION
    + notion.ADMONITIONS
)
#: cases whose outcome depends on the test reader, not on the rules.
ONLY_IN_TEST_READER = {"missing-file"}  # the test reader pretends a file is missing


def _params() -> list[object]:
    params: list[object] = []
    for name, html, expected in CASES:
        if name in ONLY_IN_TEST_READER:
            continue
        params.append(pytest.param(html, expected, id=name))
    return params


@pytest.mark.parametrize(("html", "expected"), _params())
def test_same_shape_through_the_walker(html: str, expected: list[Block]) -> None:
    # titled, so that a snippet opening with a heading keeps it (an untitled page takes its
    # title from that heading and leaves it out of the blocks)
    page = reader.convert_html(f"<title>Snippet</title>{html}", source="page.html")
    assert shape(page.blocks) == shape(expected)
    valid_notion(page.blocks)


FILLER = "x" * 50
DEEP = {
    "layout-tables": f"<table><tr><td>{{}}</td><td><p>{FILLER}</p><img src=a.png></td></tr>"
    "</table>",
    "bootstrap-rows": f"<div class=row><div class=col>{{}}</div><div class=col><p>{FILLER}</p>"
    "</div></div>",
    "notion-columns": "<div class=column-list><div class=column>{}</div><div class=column>z</div>"
    "</div>",
    "callouts": "<figure class=callout><div>{}</div></figure>",
    "admonitions": "<div class='admonition note'>{}</div>",
    "data-tables": "<table><tr><th>h</th></tr><tr><td>{}</td></tr></table>",
    "toggles": "<ul class=toggle><li><details><summary>s</summary>{}</details></li></ul>",
    "galleries": "<div><img src=a.png><div>{}</div></div>",
    "mathml": "<p><math><mrow>{}</mrow></math></p>",
}


def _nest(template: str, depth: int) -> str:
    head, tail = template.split("{}")
    return head * depth + "end" + tail * depth


@pytest.mark.parametrize("template", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_converts(template: str) -> None:
    page = reader.convert_html(_nest(template, 3000), source="page.html")
    assert not [loss for loss in page.losses if "could not be converted" in loss.reason]
    valid_notion(page.blocks)


_VOCABULARY = [
    "div class=row", "div class='col-md-6'", "div style='display:flex'",
    "div style='display:grid;grid-template-columns:1fr 1fr'", "table", "tr", "td colspan=3",
    "td rowspan=0", "th", "thead", "caption", "figure", "figcaption", "p", "span class=katex",
    "span class='katex-display'", "math", "mfrac", "mi", "iframe src='https://youtu.be/x'",
    "video src=v.mp4", "svg width=100", "aside", "div class='admonition note'",
    "p class=admonition-title", "div class=column-list", "div class=column style='width:30%'",
    "figure class=callout", "ul class=toggle", "li", "details", "summary",
    "ul class=to-do-list", "table class=simple-table", "span class=selected-value",
    "div class='checkbox checkbox-on'", "img src=a.png", "b", "object data=x.pdf", "canvas",
    "div class=markdown-alert", "nav class=table_of_contents", "span class='math display'",
]  # fmt: skip
_TEXT = ["x", "hello world ", "$$a$$", "\\(b\\)", " ", "\\[c\\]"]


def test_random_markup_of_these_rules_converts() -> None:
    import random

    generator = random.Random(4)
    for _ in range(1500):
        parts = []
        for _ in range(generator.randint(1, 50)):
            roll = generator.random()
            if roll < 0.45:
                parts.append(f"<{generator.choice(_VOCABULARY)}>")
            elif roll < 0.75:
                parts.append(f"</{generator.choice(_VOCABULARY).split()[0]}>")
            else:
                parts.append(generator.choice(_TEXT))
        html = "".join(parts)
        page = reader.convert_html(html, source="page.html")
        failed = [loss for loss in page.losses if "could not be converted" in loss.reason]
        assert not failed, (html, failed)
        valid_notion(page.blocks)
