"""docs/elements.md cannot drift from the code: every element it names is one the converter
knows (a rule, an inline effect, a block or hidden tag of the walker), and the example in it
runs."""

from __future__ import annotations

import re
from pathlib import Path

from notion_import.convert.html import reader
from notion_import.convert.html.reader import convert_html, default_rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "elements.md"
#: elements the walker handles itself, or reads as transparent on purpose (text kept)
TRANSPARENT = {"div", "section", "article", "main", "span", "center", "p", "font", "a", "br"}
TRANSPARENT |= {"q", "abbr", "small", "big"}
#: class names and CSS values the tables quote next to elements: not elements
NOT_ELEMENTS = {"admonition", "alert", "callout", "note", "tip", "warning", "color", "hidden"}
NOT_ELEMENTS |= {"none", "href", "srcset"}


def documented_tags() -> set[str]:
    """Bare tag names in the first column of the document's tables."""
    tags: set[str] = set()
    for line in DOC.read_text().splitlines():
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        first = line.split("|")[1]
        for quoted in re.findall(r"`([^`]+)`", first):
            for word in quoted.split():
                if re.fullmatch(r"[a-z][a-z0-9]*", word) and word not in NOT_ELEMENTS:
                    tags.add(word)
    return tags


def known_tags() -> set[str]:
    table = default_rules()
    known = set(table.by_tag) | TRANSPARENT
    for name in ("INLINE_EFFECTS", "BLOCK_TAGS", "HIDDEN_TAGS", "UNSUPPORTED"):
        known |= set(getattr(reader, name, ()))
    return known


def test_every_documented_element_is_known_to_the_converter() -> None:
    tags = documented_tags()
    assert len(tags) > 40, sorted(tags)
    unknown = sorted(tags - known_tags())
    assert not unknown, f"docs/elements.md names elements the converter does not know: {unknown}"


def test_the_rule_override_example_runs() -> None:
    code = DOC.read_text().split("```python\n", 1)[1].split("```", 1)[0]
    scope: dict[str, object] = {}
    exec(compile(code, str(DOC), "exec"), scope)  # the documented example, as a user runs it
    page = scope["page"]
    assert [type(b).__name__ for b in page.blocks] == ["Paragraph", "Divider"]  # type: ignore[attr-defined]
    assert convert_html("<blink>b</blink>", source="p.html").blocks  # default: text kept
