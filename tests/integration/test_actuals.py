"""Actual savings by scheme and month: reading, and every bad cell at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from commissioning_analytics.errors import ValidationError, WorkbookError
from commissioning_analytics.io.actuals import load_actuals
from commissioning_analytics.io.register import load_register

pytestmark = pytest.mark.integration

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def _actuals(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actuals"
    sheet["A1"] = "QIPP actual savings 2026/27"
    sheet.append([])
    sheet.append(["No", "Scheme", "Month", "Actual Saving £"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_reads_dates_text_months_and_money(tmp_path):
    path = _actuals(
        tmp_path / "actuals.xlsx",
        [
            [1, "MSK triage", dt.datetime(2026, 7, 1), 50_166],
            [1, "MSK triage", "Aug-26", "£49,000"],
            ["12", "Wound care", dt.datetime(2026, 4, 1), None],  # blank: nothing recorded
        ],
    )
    actuals = load_actuals(path)
    assert list(actuals.columns) == ["scheme_id", "month", "actual_gbp", "source"]
    assert list(actuals["scheme_id"]) == ["1", "1", "12"]
    assert list(actuals["month"]) == [
        pd.Period("2026-07", "M"),
        pd.Period("2026-08", "M"),
        pd.Period("2026-04", "M"),
    ]
    # 50,166 + 49,000 = £99,166; the blank is not a recorded £0.
    assert actuals["actual_gbp"].sum() == 99_166
    assert np.isnan(actuals["actual_gbp"].iloc[2])
    assert actuals["source"].iloc[1] == "actuals.xlsx!Actuals!5"


def test_every_bad_cell_is_reported(tmp_path):
    path = _actuals(
        tmp_path / "actuals.xlsx",
        [
            [1, "MSK triage", "Jull-26", 100],
            [2, "Wound care", "Aug-26", "n/a"],
            [2, "Wound care", "Aug-26", 200],
        ],
    )
    with pytest.raises(ValidationError) as caught:
        load_actuals(path)
    assert caught.value.lines() == [
        "actuals.xlsx!Actuals!C4: unreadable month 'Jull-26': expected a month such as "
        "Jul-26 or an Excel date",
        "actuals.xlsx!Actuals!D5: expected an amount in £, found 'n/a'",
        "actuals.xlsx!Actuals!A6: scheme 2 has a second actual for 2026-08 (first at A5): "
        "expected one per scheme and month",
    ]


def test_a_workbook_with_no_actuals(tmp_path):
    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(WorkbookError, match=r"^other\.xlsx: no actual savings found"):
        load_actuals(path)


def test_sample_actuals_run_april_to_october_for_register_schemes():
    actuals = load_actuals(RAW / "qipp_actuals.xlsx")
    assert actuals["month"].min() == pd.Period("2026-04", "M")
    assert actuals["month"].max() == pd.Period("2026-10", "M")
    register = load_register(RAW / "qipp_register.xlsx").schemes
    assert set(actuals["scheme_id"]) <= set(register["scheme_id"])
    assert not actuals.duplicated(["scheme_id", "month"]).any()
    assert (actuals["actual_gbp"] > 0).all()
