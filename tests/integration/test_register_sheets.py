"""Which sheet holds the register: never the first silently. Two register sheets (a Move-or-Copy
duplicate placed first, last month's tab) are told apart by a named sheet or the reporting
month, else refused naming both; an actuals workbook is "no register here"."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from commissioning_analytics.errors import WorkbookError
from commissioning_analytics.io.register import load_register

pytestmark = pytest.mark.integration


def _register(ws, title_row, plan):
    ws.append([title_row])
    ws.append(["Ref", "Scheme", "Go live", "FYE £", "Plan 2026/27 £"])
    ws.append(["S1", "Virtual wards", "Apr-26", plan, plan])
    ws.append(["S2", "Care homes", "Oct-26", 60_000, 30_000])


def _two_registers(path):
    wb = Workbook()
    old = wb.active
    old.title = "QIPP (2)"
    _register(old, "QIPP register 2026/27, September (M6)", 100_000)
    new = wb.create_sheet("QIPP")
    _register(new, "QIPP register 2026/27, October (M7)", 120_000)
    wb.save(path)
    return path


def test_two_register_sheets_are_refused_naming_both(tmp_path):
    path = _two_registers(tmp_path / "r.xlsx")
    with pytest.raises(WorkbookError) as caught:
        load_register(path)
    assert caught.value.lines() == [
        "r.xlsx: 2 sheets hold a scheme register ('QIPP (2)', 'QIPP'): name the one to read "
        "(--sheet, a mapping file's sheet:, or register_sheet: in the data folder's pack.yml), "
        "or give the reporting month its name or title names"
    ]


def test_a_named_sheet_is_read(tmp_path):
    load = load_register(_two_registers(tmp_path / "r.xlsx"), sheet="QIPP")
    assert load.sheet == "QIPP"
    assert list(load.schemes["plan_in_year"]) == [120_000, 30_000]


@pytest.mark.parametrize(
    ("period", "sheet", "plan"), [("2026-10", "QIPP", 120_000), ("2026-09", "QIPP (2)", 100_000)]
)
def test_the_reporting_month_chooses_by_the_title_and_says_so(tmp_path, period, sheet, plan):
    load = load_register(_two_registers(tmp_path / "r.xlsx"), period=period)
    assert load.sheet == sheet
    assert load.schemes["plan_in_year"].iloc[0] == plan
    month = "October 2026" if period == "2026-10" else "September 2026"
    assert load.report.notes[0] == (
        f"sheet {sheet!r} read: of the register sheets ('QIPP (2)', 'QIPP') it is the one "
        f"whose name or title names {month}"
    )


def test_a_month_no_sheet_names_is_still_refused(tmp_path):
    with pytest.raises(WorkbookError, match="2 sheets hold a scheme register"):
        load_register(_two_registers(tmp_path / "r.xlsx"), period="2026-11")


def test_an_actuals_workbook_is_no_register(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Actuals"
    ws.append(["QIPP actual savings to date, 2026/27"])
    ws.append(["No", "Scheme", "Month", "Actual Saving £"])
    for month in ("Apr-26", "May-26", "Jun-26"):
        ws.append([1, "Virtual wards", month, 10_000])
        ws.append([2, "Care homes", month, 5_000])
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(WorkbookError) as caught:
        load_register(tmp_path / "a.xlsx")
    assert caught.value.lines() == [
        "a.xlsx: no register here: 'Actuals' holds actual savings by scheme and month (an "
        "actuals workbook), not a scheme register"
    ]
