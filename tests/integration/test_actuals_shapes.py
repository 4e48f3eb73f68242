"""Actuals as they come: units from a header or a title, wide (a column per month) as well as
long, the sheet chosen by name or reporting month and never the first silently, and actuals
the month cannot count named."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import Workbook

from commissioning_analytics.errors import WorkbookError
from commissioning_analytics.io.actuals import load_actuals, out_of_period, read_actuals

pytestmark = pytest.mark.integration


def _book(path, sheets):
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _table(frame):
    return [
        (r.scheme_id, str(r.month), r.actual_gbp, r.source) for r in frame.itertuples(index=False)
    ]


def test_actuals_in_thousands_are_converted_to_pounds(tmp_path):
    path = _book(
        tmp_path / "a.xlsx",
        {
            "Actuals": [
                ["QIPP actuals 2026/27"],
                ["No", "Scheme", "Month", "Actual Saving £000"],
                [1, "MSK triage", dt.datetime(2026, 4, 1), 12.5],
                [1, "MSK triage", "May-26", "3.32"],
            ]
        },
    )
    load = read_actuals(path)
    assert _table(load.actuals) == [
        ("1", "2026-04", 12_500.0, "a.xlsx!Actuals!3"),
        ("1", "2026-05", 3_320.0, "a.xlsx!Actuals!4"),
    ]
    assert load.unit == "£000"
    assert "actuals in £000 (from the header 'Actual Saving £000'): converted to £" in load.notes
    assert not any("'Scheme'" in note for note in load.notes)  # the name: a label


def test_a_unit_in_the_title_applies_when_the_header_names_none(tmp_path):
    path = _book(
        tmp_path / "a.xlsx",
        {
            "Actuals": [
                ["Actual savings, all values £m"],
                ["Ref", "Month", "Actual"],
                ["A", "Apr-26", 1.2],
            ]
        },
    )
    assert _table(load_actuals(path)) == [("A", "2026-04", 1_200_000.0, "a.xlsx!Actuals!3")]


def test_wide_actuals_a_column_per_month(tmp_path):
    path = _book(
        tmp_path / "a.xlsx",
        {
            "M3": [
                ["QIPP actuals 2026/27 (£000)"],
                ["No", "Scheme", "Apr-26", "May-26", "Jun-26", "YTD"],
                [1, "MSK triage", 10, 11, None, 21],
                [2, "Wound care", 0, "£2", 3, 5],
                [None, "Total", 10, 13, 3, 26],
            ]
        },
    )
    load = read_actuals(path)
    assert load.shape == "wide"
    assert _table(load.actuals) == [
        ("1", "2026-04", 10_000.0, "a.xlsx!M3!3"),
        ("1", "2026-05", 11_000.0, "a.xlsx!M3!3"),
        ("2", "2026-04", 0.0, "a.xlsx!M3!4"),
        ("2", "2026-05", 2_000.0, "a.xlsx!M3!4"),
        ("2", "2026-06", 3_000.0, "a.xlsx!M3!4"),
    ]
    assert not any("'Scheme'" in note for note in load.notes)  # the name: a label
    assert "not used: F2 'YTD' (not read)" in load.notes


def test_wide_actuals_by_month_number_take_the_year_from_the_title(tmp_path):
    path = _book(
        tmp_path / "a.xlsx",
        {
            "Actuals": [
                ["Savings delivered 2025/26"],
                ["Ref", "M1", "M2", "M3", "M4"],
                ["X", 5, 6, 7, None],
            ]
        },
    )
    assert [str(m) for m in load_actuals(path)["month"]] == ["2025-04", "2025-05", "2025-06"]


def test_wide_months_under_a_plan_group_are_not_actuals(tmp_path):
    path = _book(
        tmp_path / "a.xlsx",
        {
            "Tracker": [
                ["Tracker 2026/27"],
                [None, "Plan", None, None, "Actual", None, None],
                ["No", "Apr-26", "May-26", "Jun-26", "Apr-26", "May-26", "Jun-26"],
                [1, 10, 10, 10, 9, 8, None],
            ]
        },
    )
    load = read_actuals(path)
    assert _table(load.actuals) == [
        ("1", "2026-04", 9.0, "a.xlsx!Tracker!4"),
        ("1", "2026-05", 8.0, "a.xlsx!Tracker!4"),
    ]
    assert "not used: B3 'Apr-26' (a month of the plan or forecast, not actuals)" in load.notes


LAST_MONTH = [["Actuals to M6"], ["No", "Month", "Actual £"], [1, "Apr-26", 10]]
THIS_MONTH = [["Actuals to M7"], ["No", "Month", "Actual £"], [1, "Apr-26", 10], [1, "Oct-26", 5]]


def test_two_actuals_sheets_are_never_read_first_silently(tmp_path):
    path = _book(tmp_path / "a.xlsx", {"Old": LAST_MONTH, "New": THIS_MONTH})
    with pytest.raises(WorkbookError) as caught:
        load_actuals(path)
    assert caught.value.lines() == [
        "a.xlsx: 2 sheets hold actuals ('Old', 'New'): name the one to read (--sheet, or "
        "actuals_sheet: in the data folder's pack.yml), or give the reporting month its name "
        "or title names"
    ]
    assert load_actuals(path, sheet="New")["actual_gbp"].sum() == 15
    chosen = read_actuals(path, period="2026-10")
    assert chosen.sheet == "New" and chosen.actuals["actual_gbp"].sum() == 15
    assert chosen.notes[0] == (
        "sheet 'New' read: of the actuals sheets ('Old', 'New') it is the one whose name or "
        "title names October 2026"
    )
    assert read_actuals(path, period="2026-09").sheet == "Old"


def test_actuals_outside_the_year_or_after_the_reporting_month_are_named():
    actuals = pd.DataFrame(
        {
            "scheme_id": ["1", "1", "2", "2"],
            "month": pd.PeriodIndex(["2025-07", "2026-07", "2026-11", "2026-08"], freq="M"),
            "actual_gbp": [5_000.0, 7_000.0, 1_200.0, 800.0],
            "source": ["a!A!3", "a!A!4", "a!A!5", "a!A!6"],
        }
    )
    assert out_of_period(actuals, 2026, "2026-10") == [
        "1 actual(s) totalling £5,000 dated outside 2026/27 are not counted: 1 Jul-25 "
        "(first at a!A!3)",
        "1 actual(s) totalling £1,200 dated after the reporting month Oct-26 are not counted: "
        "2 Nov-26 (first at a!A!5)",
    ]
    assert out_of_period(actuals.iloc[[1, 3]], 2026, "2026-10") == []


def test_a_negative_total_of_actuals_not_counted_is_in_the_house_money_format():
    """A clawback dated last year (−£91,912) reads "−£91,912", never "£-91,912"."""
    actuals = pd.DataFrame(
        {
            "scheme_id": ["1", "2"],
            "month": pd.PeriodIndex(["2025-07", "2025-08"], freq="M"),
            "actual_gbp": [-100_000.0, 8_088.0],
            "source": ["a!A!3", "a!A!4"],
        }
    )
    (line,) = out_of_period(actuals, 2026, "2026-10")
    assert line.startswith("2 actual(s) totalling \u2212£91,912 dated outside 2026/27")
    assert "£-" not in line
