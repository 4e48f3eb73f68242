"""Loading the interventions and activity workbooks: values, every problem at once, the report."""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from commissioning_analytics.errors import ValidationError, WorkbookError
from commissioning_analytics.io.deflection import load_activity, load_interventions

pytestmark = pytest.mark.integration

HEADERS = [
    "ID",
    "Intervention",
    "Theme",
    "Point of delivery",
    "Baseline annual activity",
    "Deflection aspired (%)",
    "Deflection aspired (activity)",
    "Unit cost saved (£)",
    "Annual reinvestment (£)",
    "Mobilisation month",
    "Months to full effect",
]
GOOD = [
    [
        "V1",
        "Virtual ward",
        "Flow",
        "Bed days",
        1200,
        0.1,
        None,
        350,
        10000,
        dt.datetime(2025, 4, 1),
        3,
    ],
    ["V2", "Falls service", "UEC", "A&E", "2,400", None, 240, "£200", None, "Oct-25", None],
]


def interventions_workbook(path, rows=GOOD, gap=(("2025/26", 20000), ("2026/27", "£30k"))):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Interventions"
    sheet.append(["Eastmoor programme"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append([None, "Total", None, None, 3600])
    gap_sheet = workbook.create_sheet("Gap")
    gap_sheet.append(["Financial year", "Gap (£)"])
    for row in gap:
        gap_sheet.append(list(row))
    workbook.create_sheet("Notes")["A1"] = "read me"
    workbook.save(path)
    return path


def test_loads_interventions_and_gap(tmp_path):
    loaded = load_interventions(interventions_workbook(tmp_path / "i.xlsx"))
    table = loaded.interventions.set_index("intervention_id")
    assert list(table.index) == ["V1", "V2"]
    assert table.loc["V1", "aspiration_share"] == pytest.approx(0.1)
    assert np.isnan(table.loc["V1", "aspiration_count"])
    assert table.loc["V1", "mobilisation_month"] == pd.Period("2025-04", "M")
    assert table.loc["V1", "source"] == "i.xlsx!Interventions!4"
    # V2: text numbers and money read, "A&E" is A&E attendances, blank reinvestment is 0,
    # blank ramp is full effect at once (1 month), "Oct-25" is October 2025.
    assert table.loc["V2", "point_of_delivery"] == "A&E attendances"
    assert table.loc["V2", "baseline_annual_activity"] == 2400
    assert table.loc["V2", "aspiration_count"] == 240
    assert table.loc["V2", "unit_cost_gbp"] == 200
    assert table.loc["V2", "annual_reinvestment_gbp"] == 0
    assert table.loc["V2", "months_to_full_effect"] == 1
    assert table.loc["V2", "mobilisation_month"] == pd.Period("2025-10", "M")
    assert loaded.gap["financial_year"].tolist() == [2025, 2026]
    assert loaded.gap["gap_gbp"].tolist() == [20000, 30000]


def test_report_accounts_for_every_row(tmp_path):
    loaded = load_interventions(interventions_workbook(tmp_path / "i.xlsx"))
    report = loaded.report
    sheet = report[report["sheet"] == "Interventions"].set_index("row")["outcome"]
    # Rows 1-2 title, 3 header, 4-5 interventions, 6 blank, 7 the total row.
    assert sheet.to_dict() == {
        1: "title",
        2: "title",
        3: "header",
        4: "loaded",
        5: "loaded",
        6: "blank",
        7: "total",
    }
    assert report[report["sheet"] == "Gap"]["outcome"].tolist() == ["header", "loaded", "loaded"]
    assert report[report["sheet"] == "Notes"]["outcome"].tolist() == ["sheet skipped"]


def test_every_problem_at_once_with_cells(tmp_path):
    rows = [
        ["V1", "Virtual ward", "Flow", "Beds", 1200, 1.5, None, 350, 10000, "Jull-25", 3],
        ["V1", "", "Flow", "Bed days", -5, None, None, "lots", 0, "Apr-25", 2.5],
        ["V3", "Both", "Flow", "Bed days", 100, 0.1, 10, 350, 0, "Apr-25", 1],
        ["V4", "Too many", "Flow", "Bed days", 100, None, 150, 350, 0, "Apr-25", 1],
    ]
    path = interventions_workbook(
        tmp_path / "bad.xlsx", rows=rows, gap=(("2025/27", 1), ("2026/27", -3))
    )
    with pytest.raises(ValidationError) as caught:
        load_interventions(path)
    lines = caught.value.lines()
    cells = {line.split(":")[0] for line in lines}
    f = f"{path}!Interventions!"
    assert {
        f + "D4",
        f + "F4",
        f + "J4",  # 'Beds', 150%, 'Jull-25'
        f + "A5",
        f + "B5",
        f + "E5",
        f + "F5",
        f + "H5",
        f + "K5",  # duplicate, blanks...
        f + "G6",  # both a share and a count
        f + "G7",  # 150 more than the baseline 100
        f"{path}!Gap!A2",
        f"{path}!Gap!B3",
    } <= cells
    assert any("'Beds' is not a point of delivery" in line for line in lines)
    assert any("appears twice" in line for line in lines)


def test_missing_file_and_table(tmp_path):
    with pytest.raises(WorkbookError, match="no such file"):
        load_interventions(tmp_path / "absent.xlsx")
    workbook = Workbook()
    workbook.active.append(["nothing", "here"])
    workbook.save(tmp_path / "empty.xlsx")
    with pytest.raises(WorkbookError, match="no sheet with an interventions table"):
        load_interventions(tmp_path / "empty.xlsx")
    (tmp_path / "junk.xlsx").write_bytes(b"not a zip")
    with pytest.raises(WorkbookError, match="junk.xlsx: not an Excel workbook"):
        load_interventions(tmp_path / "junk.xlsx")


def activity_workbook(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Activity"
    sheet.append(["Intervention", "Point of delivery", "Month", "Activity"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_loads_activity_by_intervention_and_point_of_delivery(tmp_path):
    known = load_interventions(interventions_workbook(tmp_path / "i.xlsx")).interventions
    path = activity_workbook(
        tmp_path / "a.xlsx",
        [
            ["V1", None, dt.datetime(2025, 4, 1), 95],
            ["Falls service", None, "May-25", "1,010"],  # by name -> V2
            [None, "bed days", "2025-04", 12000],
            [],
        ],
    )
    loaded = load_activity(path, known)
    table = loaded.activity
    assert table["series"].tolist() == ["Bed days", "V1", "V2"]
    assert table["intervention_id"].tolist()[1:] == ["V1", "V2"]
    assert table["activity"].tolist() == [12000, 95, 1010]
    # (the empty last row is never written by openpyxl, so the sheet has 4 rows)
    assert loaded.report["outcome"].tolist() == ["header", "loaded", "loaded", "loaded"]


def test_activity_problems_at_once(tmp_path):
    known = load_interventions(interventions_workbook(tmp_path / "i.xlsx")).interventions
    path = activity_workbook(
        tmp_path / "a.xlsx",
        [
            ["V9", None, "Apr-25", 10],
            ["V1", None, "Apr-25", 10],
            ["V1", None, "Apr-25", 11],
            [None, None, "someday", -1],
        ],
    )
    with pytest.raises(ValidationError) as caught:
        load_activity(path, known)
    cells = {line.split(":")[0] for line in caught.value.lines()}
    f = f"{path}!Activity!"
    assert cells == {f + "A2", f + "C4", f + "A5", f + "C5", f + "D5"}


def test_an_entity_bomb_interventions_workbook_is_refused(tmp_path):
    from fixtures import entity_bomb

    sample = Path(__file__).resolve().parents[2] / "data/raw/deflection/interventions.xlsx"
    bomb = entity_bomb(sample, tmp_path / "bomb.xlsx")
    with pytest.raises(WorkbookError, match="bomb.xlsx.*entit"):
        load_interventions(bomb)


def test_nan_and_infinity_typed_as_text_are_errors_naming_the_cell(tmp_path):
    # float("NaN") and float("inf") parse in Python; nobody types them as a figure. Each is an
    # input error at its own cell, in the interventions, the gap and the activity alike.
    rows = [
        ["V1", "Virtual ward", "Flow", "Bed days", "NaN", 0.1, None, 350, 10000, "Apr-25", 3],
        ["V2", "Falls service", "UEC", "A&E", 2400, None, 240, "inf", "-Infinity", "Oct-25", 1],
    ]
    path = interventions_workbook(
        tmp_path / "nan.xlsx", rows=rows, gap=(("2025/26", "nan"), ("2026/27", "1e999"))
    )
    with pytest.raises(ValidationError) as caught:
        load_interventions(path)
    lines = caught.value.lines()
    f = f"{path}!Interventions!"
    cells = {line.split(":")[0] for line in lines}
    assert cells == {f + "E4", f + "H5", f + "I5", f"{path}!Gap!B2", f"{path}!Gap!B3"}
    assert any(line.startswith(f + "E4") and "'NaN'" in line for line in lines)

    known = load_interventions(interventions_workbook(tmp_path / "i.xlsx")).interventions
    activity = activity_workbook(
        tmp_path / "a.xlsx",
        [
            ["V1", None, "Apr-25", "NaN"],
            ["V1", None, "May-25", "Infinity"],
            ["V1", None, "Jun-25", 10],
        ],
    )
    with pytest.raises(ValidationError) as caught:
        load_activity(activity, known)
    assert {line.split(":")[0] for line in caught.value.lines()} == {
        f"{activity}!Activity!D2",
        f"{activity}!Activity!D3",
    }


def test_a_gap_table_without_a_year_is_an_input_error(tmp_path):
    path = interventions_workbook(tmp_path / "nogap.xlsx", gap=())
    with pytest.raises(ValidationError) as caught:
        load_interventions(path)
    assert caught.value.lines() == [
        f"{path}!Gap!row 2: the financial gap table has no year (expected rows such as 2025/26 "
        "and an amount)"
    ]
