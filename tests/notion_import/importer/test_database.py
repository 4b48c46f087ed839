"""What a CSV column becomes: the property type inferred from its values, and each value."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notion_import.importer.database import (
    cell_value,
    column_type,
    database_of,
    empty_rows,
    parse_date,
)
from notion_import.importer.page import ImportPage
from notion_import.importer.plan import plan_page
from notion_import.properties import DateRange


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["Yes", "No", "No"], "checkbox"),
        (["1", "2.5", "-3", "1e3"], "number"),
        (["007", "12"], "rich_text"),  # a code keeps its leading zero
        (["12345678901234567890"], "rich_text"),  # more digits than a number keeps
        (["April 1, 2025", "May 2, 2025 6:18 AM", "2025-01-02"], "date"),
        (["https://a.example", "http://b.example/x"], "url"),
        (["a@b.example", "c@d.example"], "email"),
        (["+1 555 0100", "(555) 010-0199"], "phone_number"),
        (["Lead", "Dev", "Dev"], "select"),
        (["a, b", "b", "a"], "multi_select"),
        (["a,b", "a,b"], "rich_text"),  # an option name holds no comma
        (["one", "two", "three"], "rich_text"),  # nothing repeats: text, not options
        (["Bob (Bob%20123.md)", "Bob (Bob%20123.md)"], "rich_text"),  # a relation
        ([], "rich_text"),
    ],
)
def test_column_types(cells: list[str], kind: str) -> None:
    assert column_type(cells) == kind


def test_values() -> None:
    assert cell_value("number", "36") == 36 and cell_value("number", "2.0") == 2.0
    assert cell_value("checkbox", "Yes") is True
    assert cell_value("multi_select", "a, b") == ["a", "b"]
    assert cell_value("select", "") is None
    assert cell_value("rich_text", "") == ""
    assert parse_date("April 1, 2025") == DateRange(date(2025, 4, 1))
    assert parse_date("April 1, 2025 11:24 AM → April 2, 2025 1:00 PM") == DateRange(
        datetime(2025, 4, 1, 11, 24), datetime(2025, 4, 2, 13, 0), "UTC"
    )
    assert parse_date("someday") is None


def test_a_table_imported_into_a_database_is_a_table_on_its_row_page() -> None:
    table = {"columns": ["Name", "Due"], "rows": [["a", "May 2"], ["b", ""]], "pages": [None] * 2}
    page = ImportPage("T.csv", "", "T", [], [], [], plan_page([]), metadata={"database": table})
    assert database_of(page, {"data_source_id": "d" * 32}) is None
    assert [(loss.element, loss.kind) for loss in page.losses] == [("csv", "approximated")]
    assert [b["type"] for b in page.blocks] == ["table"]
    rows = [
        ["".join(item["text"]["content"] for item in cell) for cell in row["table_row"]["cells"]]
        for row in page.blocks[0]["table"]["children"]
    ]
    assert rows == [["Name", "Due"], ["a", "May 2"], ["b", ""]]
    assert page.blocks[0]["table"]["has_column_header"] is True
    assert page.plan.requests >= 1
    page = ImportPage("T.csv", "", "T", [], [], [], plan_page([]), metadata={"database": table})
    database = database_of(page, {"page_id": "p" * 32})
    assert database is not None and page.database
    assert [row.key for row in empty_rows(database)] == ["T.csv#0", "T.csv#1"]


def test_a_row_page_titled_otherwise_than_its_record_says_so() -> None:
    table = {"columns": ["Date"], "rows": [["@August 1, 2025 "]], "pages": ["T/@Last Friday.md"]}
    csv_page = ImportPage("T.csv", "", "T", [], [], [], plan_page([]), metadata={"database": table})
    database = database_of(csv_page, {"page_id": "p" * 32})
    assert database is not None
    row = ImportPage(
        "T/@Last Friday.md", "T.csv", "@Last Friday", [{"type": "paragraph"}], [], [], plan_page([])
    )
    database.row_properties(row)
    assert row.title == "@August 1, 2025"
    assert [(x.element, x.kind, x.text) for x in row.losses] == [
        ("title", "approximated", "@Last Friday")
    ]
