"""Every loss has a kind: only ``dropped`` content makes an import exit 4; approximations and
left-out navigation are counted apart, per page and in total."""

from __future__ import annotations

import pytest

from notion_import.convert.html.reader import convert_html
from notion_import.convert.ir import LOSS_KINDS
from notion_import.importer.report import EXIT_LOSSES, EXIT_OK, PageReport, Report


def kinds_of(html: str) -> dict[str, str]:
    page = convert_html(html, source="page.html")
    return {loss.reason: loss.kind for loss in page.losses}


@pytest.mark.parametrize(
    ("html", "reason_part"),
    [
        ("<h4>Deep</h4>", "h4-h6 are shown as heading 3"),
        ("<p>x<sup>2</sup></p>", "superscript shown as normal text"),
        ("<table><tr><td colspan=2>a</td></tr><tr><td>b</td><td>c</td></tr></table>", "merged"),
        ("<ol reversed><li>a</li><li>b</li></ol>", "reversed numbering"),
        ("<form><input type=text value='v'></form>", "form field"),
    ],
)
def test_what_is_carried_in_another_form_is_approximated(html: str, reason_part: str) -> None:
    found = {r: k for r, k in kinds_of(html).items() if reason_part in r}
    assert found, kinds_of(html)
    assert set(found.values()) == {"approximated"}


@pytest.mark.parametrize(
    ("html", "reason_part"),
    [
        ("<p><img></p>", "without a source"),
        ("<p><a href='javascript:alert(1)'>x</a></p>", "its text is kept"),
    ],
)
def test_what_is_not_carried_is_dropped(html: str, reason_part: str) -> None:
    found = {r: k for r, k in kinds_of(html).items() if reason_part in r}
    assert found, kinds_of(html)
    assert set(found.values()) == {"dropped"}


def page(*kinds: str) -> PageReport:
    losses = [{"element": "x", "reason": "r", "where": "w", "kind": k} for k in kinds]
    return PageReport("a.html", "A", "id", None, 1, 0, losses, True)


def test_only_dropped_content_makes_exit_4() -> None:
    assert Report([page("approximated", "chrome")]).exit_code() == EXIT_OK
    assert Report([page("approximated", "dropped")]).exit_code() == EXIT_LOSSES


def test_totals_and_summary_count_each_kind() -> None:
    report = Report([page("approximated", "dropped"), page("approximated", "chrome")])
    assert report.totals()["losses_by_kind"] == {"dropped": 1, "approximated": 2, "chrome": 1}
    assert set(report.totals()["losses_by_kind"]) == set(LOSS_KINDS)
    summary = report.summary()
    assert "1 element could not be carried over" in summary
    assert "2 elements were carried in another form" in summary
    assert "1 navigation element was left out (--keep-chrome keeps them)" in summary
