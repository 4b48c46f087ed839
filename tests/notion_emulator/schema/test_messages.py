"""How a refused value is quoted (``schema.messages``) and how a string is counted
(``schema.limits``).
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from notion_emulator.schema.limits import js_length
from notion_emulator.schema.messages import describe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bar", '"bar"'),
        ("é", '"é"'),
        (3, "3"),
        (1.0, "1"),
        (1.5, "1.5"),
        (True, "true"),
        (None, "null"),
        ([], "[]"),
        ([1], "[...]"),
        ({}, "{}"),
        ({"a": 1}, "{...}"),
        (math.nan, "NaN"),
        (object, "\"<class 'object'>\""),  # not JSON: its repr, quoted
    ],
)
def test_describe(value: Any, expected: str) -> None:
    assert describe(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("abc", 3), ("é", 1), ("😀", 2), ("a😀b", 4), ("\ud83d", 1)]
)
def test_js_length(value: str, expected: int) -> None:
    assert js_length(value) == expected
