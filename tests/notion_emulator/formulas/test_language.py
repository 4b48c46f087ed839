"""The formula language on its own (formulas/): each family of operators and functions
evaluated against a fixed set of property values, and expressions the parser refuses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from notion_emulator.formulas.errors import FormulaError
from notion_emulator.formulas.evaluate import Env, evaluate
from notion_emulator.formulas.expressions import compile_expression, stored_expression
from notion_emulator.formulas.values import DateValue, to_result

SCHEMA: dict[str, dict[str, Any]] = {
    "Name": {"id": "title", "type": "title"},
    "Score": {"id": "sc%3Ar", "type": "number"},
    "Done": {"id": "done", "type": "checkbox"},
    "Due": {"id": "due1", "type": "date"},
    "Tags": {"id": "tags", "type": "multi_select"},
    "Empty": {"id": "empt", "type": "number"},
}
VALUES: dict[str, Any] = {
    "title": "Write report",
    "sc%3Ar": 21.0,
    "done": True,
    "due1": DateValue(datetime(2026, 7, 1, tzinfo=UTC), None, False),
    "tags": ["Done", "Urgent"],
    "empt": None,
}
NOW = datetime(2026, 6, 15, 9, 30, tzinfo=UTC)


def result(expression: str) -> dict[str, Any]:
    compiled = compile_expression(expression, SCHEMA)
    return to_result(evaluate(compiled.tree, Env(VALUES.__getitem__, NOW)), compiled.kind)


def number(n: float) -> dict[str, Any]:
    return {"type": "number", "number": n}


def string(s: str | None) -> dict[str, Any]:
    return {"type": "string", "string": s}


def boolean(b: bool) -> dict[str, Any]:
    return {"type": "boolean", "boolean": b}


def date(start: str) -> dict[str, Any]:
    return {"type": "date", "date": {"start": start, "end": None, "time_zone": None}}


ARITHMETIC = [
    ('prop("Score") * 2', number(42)),
    ("1 + 2 * 3 - 4 / 2", number(5)),
    ("(1 + 2) * 3", number(9)),
    ("2 ^ 3 ^ 2", number(512)),
    ('-prop("Score") % 5', number(-1)),
    ("7 / 2", number(3.5)),
    ("1 / 0", number(None)),  # type: ignore[arg-type]
    ('prop("Empty") * 2', number(None)),  # type: ignore[arg-type]
    ("round(2.567, 2) + abs(-1) + floor(1.9) + ceil(0.1)", number(5.57)),
    ("min(3, 1, 2) + max(3, 1, 2) + sum(1, 2)", number(7)),
    ("add(1, 2) + subtract(5, 1) + multiply(2, 3) + divide(8, 4) + mod(7, 3)", number(16)),
]
COMPARISON = [
    ('prop("Score") > 20', boolean(True)),
    ('prop("Score") >= 22', boolean(False)),
    ('prop("Name") == "Write report"', boolean(True)),
    ('prop("Name") != "Write report"', boolean(False)),
    ('"a" < "b"', boolean(True)),
    ('prop("Due") < now()', boolean(False)),
]
LOGIC = [
    ('if(prop("Done"), "yes", "no")', string("yes")),
    ('prop("Done") ? 1 : 2', number(1)),
    ("true and false", boolean(False)),
    ("true && not false", boolean(True)),
    ("false || !false", boolean(True)),
    ("or(false, true)", boolean(True)),
    ('not empty(prop("Name"))', boolean(True)),
    ('empty(prop("Empty"))', boolean(True)),
    ('ifs(prop("Score") > 30, "high", prop("Score") > 10, "mid", "low")', string("mid")),
]
TEXT = [
    ('concat(prop("Name"), "!")', string("Write report!")),
    ('prop("Name") + " #" + prop("Score")', string("Write report #21")),
    ('length(prop("Name"))', number(12)),
    ('prop("Tags").length()', number(2)),
    ('contains(prop("Name"), "report")', boolean(True)),
    ('prop("Tags").includes("Done")', boolean(True)),
    ('format(prop("Score"))', string("21")),
    ("format(true)", string("true")),
    ('toNumber("42.5kg") + toNumber(true)', number(43.5)),
    ('upper(prop("Name"))', string("WRITE REPORT")),
    ('replaceAll("a-b-c", "-", "+")', string("a+b+c")),
    ('join(prop("Tags"), "/")', string("Done/Urgent")),
    ('prop("Tags")', string("Done, Urgent")),
]
DATES = [
    ('prop("Due")', date("2026-07-01")),
    ('dateAdd(prop("Due"), 2, "days")', date("2026-07-03")),
    ('dateSubtract(prop("Due"), 1, "months")', date("2026-06-01")),
    ('dateAdd(prop("Due"), 3, "hours")', date("2026-07-01T03:00:00.000+00:00")),
    ('dateBetween(prop("Due"), now(), "days")', number(15)),
    ('dateBetween(now(), prop("Due"), "days")', number(-15)),
    ('dateBetween(prop("Due"), dateSubtract(prop("Due"), 1, "years"), "months")', number(12)),
    ('formatDate(prop("Due"), "YYYY/MM/DD dddd")', string("2026/07/01 Wednesday")),
    ('formatDate(now(), "MMMM Do, h:mm A")', string("June 15th, 9:30 AM")),
    ("now()", date("2026-06-15T09:30:00.000+00:00")),
    ('format(prop("Due"))', string("July 1, 2026")),
    ('year(prop("Due")) + month(prop("Due"))', number(2033)),
]


@pytest.mark.parametrize(("expression", "expected"), ARITHMETIC)
def test_arithmetic(expression: str, expected: dict[str, Any]) -> None:
    assert result(expression) == expected


@pytest.mark.parametrize(("expression", "expected"), COMPARISON)
def test_comparison(expression: str, expected: dict[str, Any]) -> None:
    assert result(expression) == expected


@pytest.mark.parametrize(("expression", "expected"), LOGIC)
def test_logic(expression: str, expected: dict[str, Any]) -> None:
    assert result(expression) == expected


@pytest.mark.parametrize(("expression", "expected"), TEXT)
def test_text(expression: str, expected: dict[str, Any]) -> None:
    assert result(expression) == expected


@pytest.mark.parametrize(("expression", "expected"), DATES)
def test_dates(expression: str, expected: dict[str, Any]) -> None:
    assert result(expression) == expected


def test_empty_result_keeps_its_type() -> None:
    assert result('if(prop("Done"), prop("Empty"), 1)') == number(None)  # type: ignore[arg-type]
    assert result('if(false, "x", prop("Name"))') == string("Write report")


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("foo(1)", "Unknown function: foo."),
        ('prop("Nope")', "Unknown property: Nope."),
        ("1 +", "Unexpected 'the end of the formula'"),
        ("(1", "Expected ')'"),
        ('"open', "Unterminated string"),
        ("1 + true", "Type error: + expects number"),
        ('if(1, "a", "b")', "Type error: if expects boolean"),
        ("length()", "length() takes 1 arguments, not 0."),
        ('prop("Score") > "a"', "Type error: cannot compare number with string."),
        ("1 $ 2", "Unexpected character '$'"),
        ("", "The formula is empty."),
    ],
)
def test_refused_expressions(expression: str, reason: str) -> None:
    with pytest.raises(FormulaError) as caught:
        compile_expression(expression, SCHEMA)
    assert reason in str(caught.value)


def test_prop_references_are_rewritten_to_notions_stored_form() -> None:
    """As recorded in notion-recordings-uno/fixtures/mod_formula_db.yaml: only the references
    change, ``{{notion:block_property:<property id>:<data source id>:<workspace id>}}``."""
    stored = stored_expression('prop("Tags").includes("Done")', SCHEMA, "ds-1", "ws-1")
    assert stored == '{{notion:block_property:tags:ds-1:ws-1}}.includes("Done")'
    again = stored_expression(stored + ' and prop("Score")>1', SCHEMA, "ds-1", "ws-1")
    assert again == stored + " and {{notion:block_property:sc%3Ar:ds-1:ws-1}}>1"
    assert result(stored) == boolean(True)
