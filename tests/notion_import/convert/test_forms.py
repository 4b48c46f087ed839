"""Form controls: their text is kept, apart from the text around them, with losses."""

from __future__ import annotations

from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import Paragraph


def _texts(html: str) -> tuple[list[str], list[str]]:
    page = convert_html(html, source="form.html")
    texts = ["".join(s.text for s in b.spans) for b in page.blocks if isinstance(b, Paragraph)]
    return texts, [loss.element for loss in page.losses]


def test_adjacent_fields_do_not_run_together() -> None:
    texts, losses = _texts(
        '<form><label>Name <input value="Ann"></label><input value="Bob">'
        "<textarea>Hello</textarea><button>Send</button></form>"
    )
    assert texts == ["Name Ann Bob Hello Send"]
    assert losses == ["input", "input"]


def test_fields_inside_words_are_separated_once() -> None:
    texts, _ = _texts('<p>a<input value="x">b <input value="y"> c</p><p><input value="z"></p>')
    assert texts == ["a x b y c", "z"]


def test_checkboxes_and_hidden_fields() -> None:
    texts, losses = _texts(
        '<p>x <input type="checkbox" checked>done <input type="radio">no'
        '<input type="hidden" value="secret"></p>'
    )
    assert texts == ["x ☑ done ○ no"]
    assert losses == []
