"""Parses a formula expression into a small syntax tree (precedence climbing).

The grammar is Notion's formula language (2.0): literals (numbers, strings, ``true``,
``false``, lists ``[a, b]``), ``prop("Name")`` and Notion's stored references, function
calls ``f(a, b)`` and method calls ``a.f(b)`` (the same as ``f(a, b)``), the operators
``+ - * / % ^``, comparisons, ``and``/``&&``, ``or``/``||``, ``not``/``!`` and the ternary
``c ? a : b``. Property names and function names are checked while parsing, so an unknown one
is an error at once, as Notion refuses it when the formula is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Final

from notion_emulator.formulas.errors import FormulaError
from notion_emulator.formulas.tokens import Token, tokenize


@dataclass(frozen=True, slots=True)
class Literal:
    """A number, string or boolean written in the expression."""

    value: float | str | bool


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list literal ``[a, b]``."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Prop:
    """A property of the page, by its id."""

    prop_id: str


@dataclass(frozen=True, slots=True)
class Call:
    """A function call (method calls are calls with the receiver first)."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Unary:
    """``-x`` or ``not x``."""

    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    """``a op b`` for arithmetic, comparison and logic."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Ternary:
    """``condition ? then : otherwise``."""

    condition: Node
    then: Node
    otherwise: Node


Node = Literal | ListOf | Prop | Call | Unary | Binary | Ternary

#: Binary operators: spelling -> (canonical operator, precedence). Higher binds tighter.
_BINARY: Final[dict[str, tuple[str, int]]] = {
    "or": ("or", 2), "||": ("or", 2),
    "and": ("and", 3), "&&": ("and", 3),
    "==": ("==", 4), "!=": ("!=", 4),
    "<": ("<", 5), "<=": ("<=", 5), ">": (">", 5), ">=": (">=", 5),
    "+": ("+", 6), "-": ("-", 6),
    "*": ("*", 7), "/": ("/", 7), "%": ("%", 7),
    "^": ("^", 9),
}  # fmt: skip
_UNARY_PRECEDENCE: Final = 8
_CONSTANTS: Final[dict[str, float | bool]] = {
    "true": True,
    "false": False,
    "pi": 3.141592653589793,
    "e": 2.718281828459045,
}


@dataclass(slots=True)
class Parsed:
    """A parsed expression and the spans of its ``prop("Name")`` calls, with their ids."""

    tree: Node
    prop_spans: list[tuple[int, int, str]] = field(default_factory=list)


class _Parser:
    def __init__(
        self,
        source: str,
        resolve: Callable[[str], str | None],
        known_id: Callable[[str], bool],
        functions: Collection[str],
    ) -> None:
        self.tokens = tokenize(source)
        self.at = 0
        self.resolve = resolve
        self.known_id = known_id
        self.functions = functions
        self.spans: list[tuple[int, int, str]] = []

    @property
    def current(self) -> Token:
        return self.tokens[self.at]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.current
        if token.kind != "op" or token.text != text:
            shown = token.text or "the end"
            raise FormulaError(f"Expected {text!r} at position {token.start}, found {shown!r}.")
        return self.advance()

    def is_op(self, text: str) -> bool:
        return self.current.kind == "op" and self.current.text == text

    def expression(self, minimum: int = 0) -> Node:
        left = self.unary()
        while True:
            token = self.current
            if token.kind in ("op", "name") and token.text in _BINARY:
                op, precedence = _BINARY[token.text]
                if precedence < minimum:
                    break
                self.advance()
                right_min = precedence if op == "^" else precedence + 1
                left = Binary(op, left, self.expression(right_min))
                continue
            if self.is_op("?") and minimum <= 1:
                self.advance()
                then = self.expression(1)
                self.expect(":")
                left = Ternary(left, then, self.expression(1))
                continue
            break
        return left

    def unary(self) -> Node:
        token = self.current
        if (token.kind == "op" and token.text in ("-", "!", "+")) or (
            token.kind == "name" and token.text == "not"
        ):
            self.advance()
            operand = self.expression(_UNARY_PRECEDENCE)
            if token.text == "+":
                return operand
            return Unary("-" if token.text == "-" else "not", operand)
        return self.postfix(self.primary())

    def postfix(self, node: Node) -> Node:
        while self.is_op("."):
            self.advance()
            name = self.advance()
            if name.kind != "name":
                raise FormulaError(f"Expected a function name after '.' at position {name.start}.")
            args: tuple[Node, ...] = ()
            if self.is_op("("):
                args = self.arguments()
            node = self.call(name, (node, *args))
        return node

    def arguments(self) -> tuple[Node, ...]:
        self.expect("(")
        args: list[Node] = []
        if not self.is_op(")"):
            args.append(self.expression())
            while self.is_op(","):
                self.advance()
                args.append(self.expression())
        self.expect(")")
        return tuple(args)

    def call(self, name: Token, args: tuple[Node, ...]) -> Node:
        if name.text not in self.functions:
            raise FormulaError(f"Unknown function: {name.text}.")
        return Call(name.text, args)

    def primary(self) -> Node:
        token = self.advance()
        if token.kind == "number":
            return Literal(float(token.text))
        if token.kind == "string":
            return Literal(token.text)
        if token.kind == "reference":
            if not self.known_id(token.text):
                raise FormulaError(f"Unknown property id in formula: {token.text}.")
            return Prop(token.text)
        if token.kind == "op" and token.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == "op" and token.text == "[":
            items: list[Node] = []
            if not self.is_op("]"):
                items.append(self.expression())
                while self.is_op(","):
                    self.advance()
                    items.append(self.expression())
            self.expect("]")
            return ListOf(tuple(items))
        if token.kind == "name":
            if token.text == "prop" and self.is_op("("):
                return self.prop(token)
            if self.is_op("("):
                return self.call(token, self.arguments())
            if token.text in _CONSTANTS:
                return Literal(_CONSTANTS[token.text])
            if token.text in self.functions:
                return Call(token.text, ())
            raise FormulaError(f"Unknown name: {token.text}.")
        shown = token.text or "the end of the formula"
        raise FormulaError(f"Unexpected {shown!r} at position {token.start}.")

    def prop(self, start: Token) -> Node:
        self.expect("(")
        name = self.advance()
        if name.kind != "string":
            raise FormulaError(f"prop() takes a property name in quotes (position {name.start}).")
        end = self.expect(")")
        prop_id = self.resolve(name.text)
        if prop_id is None:
            raise FormulaError(f"Unknown property: {name.text}.")
        self.spans.append((start.start, end.end, prop_id))
        return Prop(prop_id)


def parse(
    source: str,
    *,
    resolve: Callable[[str], str | None],
    known_id: Callable[[str], bool],
    functions: Collection[str],
) -> Parsed:
    """The tree of ``source``; ``resolve`` maps a property name to its id (None: unknown)."""
    parser = _Parser(source, resolve, known_id, functions)
    if parser.current.kind == "end":
        raise FormulaError("The formula is empty.")
    tree = parser.expression()
    if parser.current.kind != "end":
        token = parser.current
        raise FormulaError(f"Unexpected {token.text!r} at position {token.start}.")
    return Parsed(tree, parser.spans)
