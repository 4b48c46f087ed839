"""The importer's Notion facts: the limits of a request, how Notion counts text, and the
fixed vocabularies a request may use (colours, code languages).

Notion counts characters in UTF-16 code units (as JavaScript does), so a character beyond
U+FFFF counts two. Every limit here is from Notion's documentation, confirmed by the recorded
exchanges; the emulator keeps its own copy, and ``tests/contract`` checks that the two agree.
"""

from __future__ import annotations

import re
from typing import Final

MAX_TEXT: Final = 2000
"""Characters (UTF-16 code units) in the ``text.content`` of one rich-text item."""
MAX_ITEMS: Final = 100
"""Elements of any array in a request: rich-text items, options, people, relations, files."""
MAX_URL: Final = 2000
"""Characters in any URL."""
MAX_EMAIL: Final = 200
"""Characters in an email address."""
MAX_PHONE: Final = 200
"""Characters in a phone number."""
MAX_OPTION_NAME: Final = 100
"""Characters in a select, multi-select or status option name (at least 1)."""
MAX_EQUATION: Final = 1000
"""Characters in the expression of an equation."""
MAX_COLUMNS: Final = 100
"""Cells in a table row (the table width)."""

COLORS: Final = frozenset(
    {
        "default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red",
        "gray_background", "brown_background", "orange_background", "yellow_background",
        "green_background", "blue_background", "purple_background", "pink_background",
        "red_background",
    }
)  # fmt: skip
"""Notion's colours for text and backgrounds (``annotations.color``, a block's ``color``)."""

PLAIN_TEXT: Final = "plain text"
"""The code language of a code block with no particular language."""
CODE_LANGUAGES: Final = frozenset(
    {
        "abap", "abc", "agda", "arduino", "ascii art", "assembly", "bash", "basic", "bnf", "c",
        "c#", "c++", "clojure", "coffeescript", "coq", "css", "dart", "dhall", "diff", "docker",
        "ebnf", "elixir", "elm", "erlang", "f#", "flow", "fortran", "gherkin", "glsl", "go",
        "graphql", "groovy", "haskell", "hcl", "html", "idris", "java", "javascript", "json",
        "julia", "kotlin", "latex", "less", "lisp", "livescript", "llvm ir", "lua", "makefile",
        "markdown", "markup", "matlab", "mathematica", "mermaid", "nix", "notion formula",
        "objective-c", "ocaml", "pascal", "perl", "php", "plain text", "powershell", "prolog",
        "protobuf", "purescript", "python", "r", "racket", "reason", "ruby", "rust", "sass",
        "scala", "scheme", "scss", "shell", "smalltalk", "solidity", "sql", "swift", "toml",
        "typescript", "vb.net", "verilog", "vhdl", "visual basic", "webassembly", "xml", "yaml",
        "java/c/c++/c#",
    }
)  # fmt: skip
"""The languages a code block accepts: ``LanguageRequest`` of the official SDK's request types
(``@notionhq/client``, ``build/src/api-endpoints/common.d.ts``); any other is refused."""

_BREAK = re.compile(r"\s")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def js_length(text: str) -> int:
    """Length as Notion counts it: UTF-16 code units (a character beyond U+FFFF counts 2)."""
    return len(text) + len(_ASTRAL.findall(text))


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` UTF-16 units, cut after whitespace when there is some.
    Linear in the text's length."""
    astral = _ASTRAL.search(text) is not None
    pieces = []
    start = 0
    end = len(text)
    while start < end:
        cut = _prefix_end(text, start, limit) if astral else min(end, start + limit)
        if cut < end:
            for index in range(cut - 1, start + (cut - start) // 2, -1):
                if _BREAK.match(text, index):
                    cut = index + 1
                    break
        pieces.append(text[start:cut])
        start = cut
    return pieces


def _prefix_end(text: str, start: int, limit: int) -> int:
    """The end of the longest piece from ``start`` within ``limit`` UTF-16 units."""
    units = 0
    for index in range(start, min(len(text), start + limit)):
        units += 2 if ord(text[index]) > 0xFFFF else 1
        if units > limit:
            return index
    return min(len(text), start + limit)


def split_units(text: str, size: int) -> list[str]:
    """``text`` in consecutive pieces of at most ``size`` UTF-16 code units, never splitting a
    code point; ``""`` gives no pieces."""
    if js_length(text) == len(text):
        return [text[i : i + size] for i in range(0, len(text), size)]
    pieces: list[str] = []
    start = units = 0
    for index, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > size:
            pieces.append(text[start:index])
            start, units = index, 0
        units += width
    pieces.append(text[start:])
    return pieces
