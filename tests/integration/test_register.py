"""Reading registers as analysts keep them: layouts, cells, totals, the load report, problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from commissioning_analytics.errors import ConfigError, ValidationError, WorkbookError
from commissioning_analytics.io.register import load_register, schemes_for_csv
from commissioning_analytics.schema import Scheme
from fixtures import EXAMPLE, SECOND, THIRD, appendix, as_excel_saves_it

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw" / "qipp_register.xlsx"


@pytest.fixture
def register(tmp_path):
    return load_register(appendix(tmp_path / "qipp.xlsx"))


def test_appendix_layout_reads_every_column(register):
    schemes = register.schemes
    assert list(schemes.columns) == list(Scheme.COLUMNS)
    assert register.year == 2013  # "No of Months Saving in 13/14"
    assert register.sheet == "QIPP 13-14"  # found after the cover sheet
    msk = schemes.iloc[0]
    assert msk[Scheme.scheme_id] == "1"
    assert msk[Scheme.theme] == "Planned Care"
    assert msk[Scheme.go_live] == pd.Period("2013-07", "M")
    assert msk[Scheme.months_in_year] == 9
    assert msk[Scheme.fye_net_saving] == 602_000
    assert msk[Scheme.plan_in_year] == 451_500
    assert msk[Scheme.plan_next_year] == 150_500  # "14/15 Planned Saving" is next year
    # Words in any case: "Green", "amber", "AMBER", "Red" under the merged "Rag Rating" group.
    assert [msk[c] for c in Scheme.RAG_COLUMNS] == ["green", "amber", "amber", "red", "amber"]
    assert msk[Scheme.most_likely_in_year] == 338_625
    assert msk[Scheme.change_in_delivery_months] == -1
    assert msk[Scheme.forecast_in_year] == 301_000
    assert msk[Scheme.forecast_next_year] == 200_667
    assert msk[Scheme.source] == "qipp.xlsx!QIPP 13-14!6"


def test_text_month_text_money_and_blank_change(register):
    biosimilar = register.schemes.iloc[1]
    assert biosimilar[Scheme.go_live] == pd.Period("2013-04", "M")  # typed "Apr-13"
    assert biosimilar[Scheme.gross_opportunity] == 150_000  # typed "£150,000"
    assert biosimilar[Scheme.fye_net_saving] == 120_000
    assert biosimilar[Scheme.change_in_delivery_months] == 0  # blank = 0
    assert biosimilar[Scheme.file_ref] is None
    assert pd.isna(register.schemes.iloc[2][Scheme.gross_opportunity])  # blank stays blank


def test_totals_and_adjustments_are_kept_apart_and_checked(register):
    assert len(register.schemes) == 3
    totals = register.totals
    assert list(totals["kind"]) == ["total", "adjustment"]
    assert list(totals["source"]) == ["qipp.xlsx!QIPP 13-14!10", "qipp.xlsx!QIPP 13-14!11"]
    # FYE: 602,000 + 120,000 + 60,000 = 782,000, as the totals row states.
    assert totals.iloc[0][Scheme.fye_net_saving] == 782_000
    assert bool(totals.iloc[0]["agrees"]) is True
    assert totals.iloc[1][Scheme.fye_net_saving] == -50_000
    check = register.totals_check.set_index("field")
    assert check.loc[Scheme.plan_in_year, "schemes_sum"] == 451_500 + 120_000 + 15_000
    assert (check["difference"] == 0).all()


def test_report_accounts_for_every_row(register):
    report = register.report
    # Rows 1-2 titles, 3 blank, 4-5 header, 6-8 schemes, 9 blank, 10 total, 11 adjustment.
    assert list(report.rows["outcome"]) == [
        "title",
        "title",
        "blank",
        "header",
        "header",
        "scheme",
        "scheme",
        "scheme",
        "blank",
        "total",
        "adjustment",
    ]
    assert report.rows["source"].iloc[0] == "qipp.xlsx!QIPP 13-14!1"
    assert report.summary() == (
        "qipp.xlsx!QIPP 13-14: 11 rows read: 3 schemes, 1 total, 1 adjustment, 2 blank, "
        "2 titles, 2 headers, financial year 2013/14"
    )
    assert report.skipped_sheets[0].startswith("Cover:")


def test_fill_with_no_word_is_read_from_its_colour(tmp_path):
    path = appendix(tmp_path / "qipp.xlsx")
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["QIPP 13-14"]
    sheet["O7"] = None  # SECOND's co-dependency was blank already; paint it amber
    sheet["O7"].fill = PatternFill("solid", fgColor="FFFFC000")
    sheet["L8"] = None  # THIRD's value rating: remove the word, keep the red fill
    workbook.save(path)
    schemes = load_register(path).schemes
    assert schemes.iloc[1][Scheme.rag_codependency] == "amber"
    assert schemes.iloc[2][Scheme.rag_value] == "red"


def test_sample_register_loads():
    load = load_register(SAMPLE)
    assert len(load.schemes) == 30
    assert load.year == 2026
    assert load.sheet == "Appendix 2 QIPP"
    assert list(load.totals["kind"]) == ["total", "adjustment"]
    assert bool(load.totals.iloc[0]["agrees"]) is True
    counts = load.report.counts()
    assert counts["scheme"] == 30 and counts["total"] == 1 and counts["adjustment"] == 1
    assert set(load.schemes[Scheme.theme]) == {
        "Primary & Community Care",
        "Integrated Care",
        "Planned Care",
        "Mental Health",
        "Prescribing",
        "Corporate",
    }
    assert load.schemes[Scheme.rag_codependency].notna().all()  # one is a fill with no word
    assert set(load.schemes[Scheme.phase]) == {1, 2, 3, 4}


def test_schemes_for_csv_writes_months_as_year_month(register):
    csv = schemes_for_csv(register.schemes)
    assert list(csv[Scheme.go_live]) == ["2013-07", "2013-04", "2014-01"]
    assert list(csv.columns) == list(Scheme.COLUMNS)


def test_other_layout_header_on_row_one_other_wording(tmp_path):
    path = tmp_path / "simple.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Schemes"
    sheet.append(
        [
            "Scheme Name",
            "Scheme No",
            "Overall RAG",
            "FYE £",
            "Go Live",
            "In Year Plan",
            "Next Year Plan",
            "Lead",
        ]
    )
    sheet.append(["Falls service", 10, "Green", 240_000, "Oct-21", 120_000, 120_000, "Ann"])
    sheet.append(["Wound care", 11, "red", 36_000, dt.datetime(2021, 4, 1), 36_000, 0, "Bo"])
    sheet.append(["Estates", 12, "amber", 12_000, "Mar-22", 1_000, 11_000, "Cy"])
    workbook.save(path)
    load = load_register(path)
    # No header names a year: the go-lives (Oct-21, Apr-21, Mar-22) all fall in 2021/22.
    assert load.year == 2021
    schemes = load.schemes.set_index(Scheme.scheme_id)
    assert schemes.loc["10", Scheme.scheme] == "Falls service"
    assert schemes.loc["10", Scheme.fye_net_saving] == 240_000
    assert schemes.loc["11", Scheme.plan_in_year] == 36_000
    assert schemes.loc["12", Scheme.plan_next_year] == 11_000
    assert schemes.loc["12", Scheme.rag_overall] == "amber"
    assert schemes[Scheme.months_in_year].isna().all()  # no such column: blank, not invented
    # "Lead" names the scheme's owner (an optional column read where a register has one).
    assert list(schemes[Scheme.owner]) == ["Ann", "Bo", "Cy"]


def _odd_layout(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Savings"
    sheet["A1"] = "Savings tracker"
    sheet.append([])
    sheet.append(["Code", "Initiative", "Starts", "Annual benefit (£)", "Confidence"])
    sheet.append(["S-01", "Care navigation", "Jun-24", 48_000, "Amber"])
    sheet.append(["S-02", "Pathology contract", "Apr-24", 96_000, "Green"])
    workbook.save(path)
    return path


def test_a_layout_in_other_words_is_read_without_a_mapping(tmp_path):
    # Once needed a mapping file: "Initiative", "Starts", "Annual benefit (£)" and
    # "Confidence" are words real trackers use for scheme, go-live, FYE and overall RAG.
    load = load_register(_odd_layout(tmp_path / "odd.xlsx"))
    assert list(load.schemes[Scheme.scheme_id]) == ["S-01", "S-02"]
    assert list(load.schemes[Scheme.go_live].astype(str)) == ["2024-06", "2024-04"]
    assert list(load.schemes[Scheme.fye_net_saving]) == [48_000, 96_000]
    assert list(load.schemes[Scheme.rag_overall]) == ["amber", "green"]


def test_mapping_file_describes_the_layout(tmp_path):
    path = _odd_layout(tmp_path / "odd.xlsx")
    mapping = tmp_path / "odd.yml"
    mapping.write_text(
        "sheet: Savings\nheader_row: 3\ncolumns:\n  Code: scheme_id\n  Initiative: scheme\n"
        "  Starts: go_live\n  Annual benefit (£): fye_net_saving\n  Confidence: rag_overall\n"
    )
    load = load_register(path, mapping=mapping)
    assert list(load.schemes[Scheme.scheme_id]) == ["S-01", "S-02"]
    assert list(load.schemes[Scheme.fye_net_saving]) == [48_000, 96_000]
    assert list(load.schemes[Scheme.rag_overall]) == ["amber", "green"]
    assert load.year == 2024  # Jun-24 and Apr-24 fall in 2024/25
    assert load.schemes.iloc[0][Scheme.source] == "odd.xlsx!Savings!4"


def test_mapping_file_with_an_unknown_column_is_refused(tmp_path):
    mapping = tmp_path / "bad.yml"
    mapping.write_text("Code: scheme_number\n")
    with pytest.raises(ConfigError, match=r"bad\.yml: header 'Code': unknown column"):
        load_register(_odd_layout(tmp_path / "odd.xlsx"), mapping=mapping)


def test_missing_sheet_is_named(tmp_path):
    with pytest.raises(WorkbookError, match=r"qipp\.xlsx!Appendix 9: no sheet named"):
        load_register(appendix(tmp_path / "qipp.xlsx"), sheet="Appendix 9")


def test_no_register_on_any_sheet(tmp_path):
    path = tmp_path / "cover.xlsx"
    workbook = Workbook()
    workbook.active["A1"] = "QIPP Plan 2013/14"
    workbook.save(path)
    with pytest.raises(WorkbookError, match=r"^cover\.xlsx: no scheme register found on any"):
        load_register(path)


def test_every_problem_is_reported_at_once(tmp_path):
    bad = [row[:] for row in (EXAMPLE, SECOND, THIRD)]
    bad[0][5] = "Jull-13"  # F6: no such month
    bad[1][8] = "tbc"  # I7: words in a money column
    bad[2][15] = "Ambr"  # P8: no such rating
    bad[2][0] = "1"  # A8: the number of the first scheme again
    with pytest.raises(ValidationError) as caught:
        load_register(appendix(tmp_path / "qipp.xlsx", bad, totals=False))
    lines = caught.value.lines()
    assert lines == [
        "qipp.xlsx!QIPP 13-14!F6: unreadable month 'Jull-13': expected a month such as "
        "Jul-26, July 2026, 2026-07 or an Excel date",
        "qipp.xlsx!QIPP 13-14!I7: expected an amount in £, found 'tbc'",
        "qipp.xlsx!QIPP 13-14!P8: unknown RAG rating 'Ambr': expected Green, Amber or Red, "
        "or a rating of another scale (Blue, Yellow, On track / At risk / Off track, a "
        "percentage); a mapping file's 'values:' can translate it",
        "qipp.xlsx!QIPP 13-14!A8: scheme number '1' appears twice (first at A6): "
        "expected each once",
    ]


def test_no_fye_column(tmp_path):
    headers = [
        "No",
        "File REF",
        "Transformation Heading",
        "Scheme",
        "Phase",
        "Go 'Live' Date",
        "No of Months Saving in 13/14",
        "Gross Opportunity / Current Cost",
        "Notes",
    ]
    rows = [row[:8] + ["-"] for row in (EXAMPLE, SECOND)]
    with pytest.raises(
        ValidationError,
        match=r"qipp\.xlsx!QIPP 13-14!A5: no full-year "
        r"effect \(FYE\) column",
    ):
        load_register(appendix(tmp_path / "qipp.xlsx", rows, headers=headers, totals=False))


def test_a_register_as_excel_saves_it_reads_the_same(tmp_path):
    # Excel keeps text in a shared-strings table (openpyxl writes it inline): same schemes.
    inline = appendix(tmp_path / "inline.xlsx")
    shared = as_excel_saves_it(inline, tmp_path / "shared.xlsx")
    a = load_register(inline).schemes.drop(columns=Scheme.source)
    b = load_register(shared).schemes.drop(columns=Scheme.source)
    pd.testing.assert_frame_equal(a, b)
    assert load_register(shared).report.summary().startswith("shared.xlsx!QIPP 13-14: 11 rows")


def test_headings_notes_and_a_scheme_called_total(tmp_path):
    heading = [None, None, None, "PLANNED CARE"] + [None] * 16  # a heading in the Scheme column
    note = ["Figures in £, rounded"] + [None] * 19  # a note in the No column
    total_hip = EXAMPLE[:]
    total_hip[0], total_hip[3] = "4", "Total hip replacement thresholds"  # numbered: a scheme
    load = load_register(
        appendix(tmp_path / "qipp.xlsx", [heading, EXAMPLE, note, total_hip], totals=False)
    )
    assert list(load.schemes[Scheme.scheme]) == ["MSK triage", "Total hip replacement thresholds"]
    assert list(load.report.rows["outcome"].iloc[5:]) == ["note", "scheme", "note", "scheme"]
    assert load.totals.empty


def test_months_out_of_range_and_words_for_a_change_are_reported_together(tmp_path):
    rows = [EXAMPLE[:], SECOND[:]]
    rows[0][6] = 13  # G6: a year has 12 months
    rows[1][17] = "two"  # R7: a change in delivery is a number of months
    with pytest.raises(ValidationError) as caught:
        load_register(appendix(tmp_path / "qipp.xlsx", rows, totals=False))
    assert caught.value.lines() == [
        "qipp.xlsx!QIPP 13-14!G6: expected a number of months 0-12, found 13",
        "qipp.xlsx!QIPP 13-14!R7: expected months gained (+) or lost (-), found 'two'",
    ]


def test_a_text_column_holding_a_non_text_value_fails_the_schema_as_before(register):
    # The text columns' type check is done in one pass where every value is text or missing;
    # a column with anything else is still checked by pandera, cell by cell, as before.
    from commissioning_analytics.io.register.schemes import _schema_problems

    schemes = register.schemes.copy()
    pos = {c: i for i, c in enumerate(Scheme.COLUMNS)}
    assert _schema_problems(schemes, [6, 7, 8], pos, "f.xlsx", "S") == []
    schemes[Scheme.theme] = pd.Series(["Planned Care", 7, None], dtype=object)
    schemes[Scheme.owner] = pd.Series([None, None, dt.date(2026, 1, 1)], dtype=object)
    problems = [str(p) for p in _schema_problems(schemes, [6, 7, 8], pos, "f.xlsx", "S")]
    assert len(problems) == 2
    assert "C7" in problems[0] and "theme: 7 fails" in problems[0]
    assert "V8" in problems[1] and "owner: datetime.date(2026, 1, 1) fails" in problems[1]
