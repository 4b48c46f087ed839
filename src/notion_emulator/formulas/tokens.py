"""Splits a formula expression into tokens, each with its place in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from notion_emulator.formulas.errors import FormulaError

#: A property reference as Notion stores it: ``{{notion:block_property:<id>:<source>:<space>}}``.
REFERENCE: Final = re.compile(r"\{\{notion:block_property:([^:}]+):([^:}]*):([^:}]*)\}\}")

_NUMBER: Final = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS: Final = (
    "==", "!=", ">=", "<=", "&&", "||",
    "+", "-", "*", "/", "%", "^", ">", "<", "!", "?", ":", "(", ")", ",", ".", "[", "]",
)  # fmt: skip
_ESCAPES: Final = {"n": "\n", "t": "\t", '"': '"', "'": "'", "\\": "\\"}


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind (number, string, name, reference, op, end), text and span."""

    kind: str
    text: str
    start: int
    end: int


def _string(source: str, at: int) -> tuple[str, int]:
    """The string literal opening at ``at`` and the index after its closing quote."""
    quote = source[at]
    out: list[str] = []
    i = at + 1
    while i < len(source):
        char = source[i]
        if char == quote:
            return "".join(out), i + 1
        if char == "\\" and i + 1 < len(source):
            out.append(_ESCAPES.get(source[i + 1], source[i + 1]))
            i += 2
            continue
        out.append(char)
        i += 1
    raise FormulaError(f"Unterminated string starting at position {at}.")


def tokenize(source: str) -> list[Token]:
    """The tokens of ``source``, ending with one ``end`` token."""
    tokens: list[Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char.isspace():
            i += 1
            continue
        if char in "\"'\u201c":
            if char == "\u201c":
                raise FormulaError(f"Curly quotes are not string quotes (position {i}).")
            text, end = _string(source, i)
            tokens.append(Token("string", text, i, end))
            i = end
            continue
        reference = REFERENCE.match(source, i)
        if reference:
            tokens.append(Token("reference", reference.group(1), i, reference.end()))
            i = reference.end()
            continue
        number = _NUMBER.match(source, i)
        if number and (char.isdigit() or char == "."):
            tokens.append(Token("number", number.group(), i, number.end()))
            i = number.end()
            continue
        name = _NAME.match(source, i)
        if name:
            tokens.append(Token("name", name.group(), i, name.end()))
            i = name.end()
            continue
        op = next((op for op in _OPERATORS if source.startswith(op, i)), None)
        if op is None:
            raise FormulaError(f"Unexpected character {char!r} at position {i}.")
        tokens.append(Token("op", op, i, i + len(op)))
        i += len(op)
    tokens.append(Token("end", "", len(source), len(source)))
    return tokens
