"""Evaluates a parsed formula against one page, and checks its types when it is saved."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from notion_emulator.formulas.errors import FormulaError
from notion_emulator.formulas.functions import FUNCTIONS
from notion_emulator.formulas.parser import (
    Binary,
    Call,
    ListOf,
    Literal,
    Node,
    Prop,
    Ternary,
    Unary,
)
from notion_emulator.formulas.values import DateValue, format_value, kind_of

#: The formula type a property of each type reads as (formula and rollup: decided per page).
PROPERTY_KINDS: Final[dict[str, str]] = {
    "title": "string",
    "rich_text": "string",
    "url": "string",
    "email": "string",
    "phone_number": "string",
    "select": "string",
    "status": "string",
    "created_by": "string",
    "last_edited_by": "string",
    "number": "number",
    "unique_id": "number",
    "checkbox": "boolean",
    "date": "date",
    "created_time": "date",
    "last_edited_time": "date",
    "multi_select": "list",
    "people": "list",
    "files": "list",
    "relation": "list",
}


@dataclass(frozen=True, slots=True)
class Env:
    """What evaluation reads: a property's value by id, and the clock."""

    prop: Callable[[str], Any]
    now: datetime


def _key(value: Any) -> Any:
    return value.start if isinstance(value, DateValue) else value


def _ordered(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def run(left: Any, right: Any) -> Any:
        if left is None or right is None:
            return False
        if kind_of(left) != kind_of(right):
            raise FormulaError(
                f"Cannot compare {format_value(left)!r} with {format_value(right)!r}."
            )
        return op(_key(left), _key(right))

    return run


def _plus(left: Any, right: Any) -> Any:
    if isinstance(left, str) or isinstance(right, str):
        return format_value(left) + format_value(right)
    if isinstance(left, list) and isinstance(right, list):
        return left + right
    return _arithmetic("+", operator.add)(left, right)


def _divide(left: float, right: float) -> float:
    if right == 0:
        return math.nan if left == 0 else math.copysign(math.inf, left)
    return left / right


def _arithmetic(symbol: str, op: Callable[[float, float], float]) -> Callable[[Any, Any], Any]:
    def run(left: Any, right: Any) -> Any:
        for side in (left, right):
            if side is not None and kind_of(side) != "number":
                raise FormulaError(f"{symbol} expects numbers, got {format_value(side)!r}.")
        if left is None or right is None:
            return None
        try:
            return float(op(float(left), float(right)))
        except (OverflowError, ValueError, ZeroDivisionError):
            return math.nan

    return run


_BINARY: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "+": _plus,
    "-": _arithmetic("-", operator.sub),
    "*": _arithmetic("*", operator.mul),
    "/": _arithmetic("/", _divide),
    "%": _arithmetic("%", math.fmod),
    "^": _arithmetic("^", math.pow),
    "==": lambda left, right: _key(left) == _key(right),
    "!=": lambda left, right: _key(left) != _key(right),
    "<": _ordered(operator.lt),
    "<=": _ordered(operator.le),
    ">": _ordered(operator.gt),
    ">=": _ordered(operator.ge),
}


def _truth(value: Any, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise FormulaError(f"{where} expects true or false, got {format_value(value)!r}.")
    return value


def evaluate(node: Node, env: Env) -> Any:
    """The value of ``node`` for the page ``env`` reads."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Prop):
        return env.prop(node.prop_id)
    if isinstance(node, ListOf):
        return [evaluate(item, env) for item in node.items]
    if isinstance(node, Unary):
        value = evaluate(node.operand, env)
        if node.op == "not":
            return not _truth(value, "not")
        return _arithmetic("-", operator.sub)(0.0, value)
    if isinstance(node, Ternary):
        branch = node.then if _truth(evaluate(node.condition, env), "?") else node.otherwise
        return evaluate(branch, env)
    if isinstance(node, Binary):
        if node.op in ("and", "or"):
            left = _truth(evaluate(node.left, env), node.op)
            if left == (node.op == "or"):
                return left
            return _truth(evaluate(node.right, env), node.op)
        return _BINARY[node.op](evaluate(node.left, env), evaluate(node.right, env))
    return _call(node, env)


def _call(node: Call, env: Env) -> Any:
    args = node.args
    if node.name in ("if", "ifs"):
        for at in range(0, len(args) - 1, 2):
            if _truth(evaluate(args[at], env), node.name):
                return evaluate(args[at + 1], env)
        return evaluate(args[-1], env)
    if node.name in ("and", "or") and len(args) == 2:
        return evaluate(Binary(node.name, args[0], args[1]), env)
    return FUNCTIONS[node.name].run([evaluate(arg, env) for arg in args], env.now)


# -- static types ----------------------------------------------------------------------


def _need(kind: str, wanted: tuple[str, ...], what: str) -> None:
    if kind != "any" and kind not in wanted:
        raise FormulaError(f"Type error: {what} expects {' or '.join(wanted)}, not {kind}.")


def static_kind(node: Node, kinds: Callable[[str], str]) -> str:
    """The type ``node`` evaluates to (``any`` when only a page can tell); FormulaError when the
    types cannot fit, or a function gets the wrong number of arguments."""
    if isinstance(node, Literal):
        return kind_of(node.value)
    if isinstance(node, Prop):
        return kinds(node.prop_id)
    if isinstance(node, ListOf):
        for item in node.items:
            static_kind(item, kinds)
        return "list"
    if isinstance(node, Unary):
        operand = static_kind(node.operand, kinds)
        if node.op == "not":
            _need(operand, ("boolean",), "not")
            return "boolean"
        _need(operand, ("number",), "-")
        return "number"
    if isinstance(node, Ternary):
        _need(static_kind(node.condition, kinds), ("boolean",), "?")
        then, otherwise = static_kind(node.then, kinds), static_kind(node.otherwise, kinds)
        return then if then != "any" else otherwise
    if isinstance(node, Binary):
        return _binary_kind(node, kinds)
    return _call_kind(node, kinds)


def _binary_kind(node: Binary, kinds: Callable[[str], str]) -> str:
    left, right = static_kind(node.left, kinds), static_kind(node.right, kinds)
    if node.op in ("and", "or"):
        _need(left, ("boolean",), node.op)
        _need(right, ("boolean",), node.op)
        return "boolean"
    if node.op in ("==", "!="):
        return "boolean"
    if node.op in ("<", "<=", ">", ">="):
        if "any" not in (left, right) and left != right:
            raise FormulaError(f"Type error: cannot compare {left} with {right}.")
        return "boolean"
    if node.op == "+":
        if "string" in (left, right):
            return "string"
        if left == right == "list":
            return "list"
    _need(left, ("number",), node.op)
    _need(right, ("number",), node.op)
    return "number"


def _call_kind(node: Call, kinds: Callable[[str], str]) -> str:
    function = FUNCTIONS[node.name]
    count = len(node.args)
    if count < function.least or (function.most is not None and count > function.most):
        most = "any number of" if function.most is None else str(function.most)
        wanted = (
            str(function.least)
            if function.most == function.least
            else f"{function.least} to {most}"
        )
        raise FormulaError(f"{node.name}() takes {wanted} arguments, not {count}.")
    arg_kinds = [static_kind(arg, kinds) for arg in node.args]
    if node.name in ("if", "ifs"):
        for at in range(0, count - 1, 2):
            _need(arg_kinds[at], ("boolean",), node.name)
        branches = [arg_kinds[at] for at in range(1, count, 2)] + [arg_kinds[-1]]
        return next((kind for kind in branches if kind != "any"), "any")
    if function.kind.startswith("arg"):
        return arg_kinds[int(function.kind[3:])]
    return function.kind
