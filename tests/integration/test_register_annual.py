"""Registers with annual figures only (no go-live, months or monthly plan): a CCG finance
report's QIPP table, a pooled-budget savings tracker. Go-live and FYE come from the board's rules
turned round, are said in the load report, and ``reconcile`` checks nothing it only assumed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from registers import bcf_pooled_budget, ccg_finance_report_month7  # noqa: E402

from commissioning_analytics.cli import main  # noqa: E402
from commissioning_analytics.errors import ValidationError  # noqa: E402
from commissioning_analytics.io.register import load_register  # noqa: E402
from commissioning_analytics.model.reconcile import reconcile  # noqa: E402

pytestmark = pytest.mark.integration


def _save(path: Path, rows: list[list], title: str = "Sheet1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for values in rows:
        ws.append(values)
    wb.save(path)
    return path


def test_finance_report_table_saves_from_april_with_the_annual_plan_as_fye(tmp_path):
    load = load_register(ccg_finance_report_month7(tmp_path))
    schemes = load.schemes.set_index("scheme_id")
    # Q02: annual plan 600 (£000), forecast outturn 620, "Green", lead "J Smith"
    assert schemes.loc["Q02", "plan_in_year"] == 600_000
    assert schemes.loc["Q02", "fye_net_saving"] == 600_000
    assert str(schemes.loc["Q02", "go_live"]) == "2019-04"
    assert schemes.loc["Q02", "forecast_in_year"] == 620_000
    assert schemes.loc["Q02", "owner"] == "J Smith"
    assert set(load.assumed) == {"go_live", "fye_net_saving"}
    notes = " | ".join(load.report.notes)
    assert "no go-live column: every scheme taken as saving from April 2019" in notes
    assert "FYE = the annual plan" in notes
    # YTD plan 700 of 1,200, 350 of 600, 490 of 840: each 7/12
    assert "the YTD plan is the annual plan x 7/12 for every scheme" in notes


def test_a_ytd_plan_that_is_not_flat_is_said(tmp_path):
    rows = [
        ["QIPP 2019/20 month 6 (£000)"],
        ["Ref", "QIPP Scheme", "Annual Plan", "YTD Plan", "Forecast Outturn"],
        ["A", "Flat", 120, 60, 120],
        ["B", "Back-loaded", 120, 20, 100],
    ]
    load = load_register(_save(tmp_path / "m6.xlsx", rows))
    notes = " | ".join(load.report.notes)
    assert "not the annual plan x months/12 for scheme(s) B" in notes


def test_reconcile_invents_no_finding_from_an_assumed_april_start(tmp_path, capsys):
    path = ccg_finance_report_month7(tmp_path)
    # Q01's forecast 1,100 of a 1,200 plan rated amber: the rules would expect 900 from April,
    # but April was assumed, so it is no finding; the totals row adds up (2,640 ...).
    assert reconcile(load_register(path)).empty
    assert main(["reconcile", str(path)]) == 0
    captured = capsys.readouterr()
    assert "every totals row agrees" in captured.out
    assert "scheme figures are not checked against the rules" in captured.err


def test_reconcile_still_checks_the_totals_of_an_annual_table(tmp_path):
    rows = [
        ["QIPP 2019/20 (£000)"],
        ["Ref", "QIPP Scheme", "Annual Plan", "Forecast Outturn"],
        ["A", "One", 100, 90],
        ["B", "Two", 50, 50],
        [None, "Total", 160, 140],
    ]
    findings = reconcile(load_register(_save(tmp_path / "t.xlsx", rows)))
    assert list(findings["scheme_id"]) == ["TOTAL"]
    assert (findings.loc[0, "stated"], findings.loc[0, "expected"]) == (160_000, 150_000)


def test_next_year_saving_gives_fye_and_the_go_live_the_rules_give(tmp_path):
    load = load_register(bcf_pooled_budget(tmp_path))
    schemes = load.schemes.set_index("scheme_id")
    # 80,000 this year + 40,000 next = FYE 120,000; 80/120 of a year = 8 months: August
    assert schemes.loc["BCF02", "fye_net_saving"] == 120_000
    assert str(schemes.loc["BCF02", "go_live"]) == "2024-08"
    assert str(schemes.loc["BCF03", "go_live"]) == "2025-04"  # nothing this year
    assert "BCF02 from Aug-24" in " | ".join(load.report.notes)


def test_fye_and_plan_without_go_live_give_the_months(tmp_path):
    rows = [
        ["Savings plan 2024/25"],
        ["Ref", "Scheme", "Full year saving £", "In year saving £"],
        ["X1", "Nine months", 120_000, 90_000],
        ["X2", "Odd", 120_000, 55_000],
    ]
    load = load_register(_save(tmp_path / "f.xlsx", rows))
    schemes = load.schemes.set_index("scheme_id")
    assert str(schemes.loc["X1", "go_live"]) == "2024-07"  # 90/120 x 12 = 9 months
    assert str(schemes.loc["X2", "go_live"]) == "2024-10"  # 5.5 months rounds to 6: October
    assert "go-live rounded to the nearest month" in " | ".join(load.report.notes)


def test_the_year_in_the_sheet_name_alone(tmp_path):
    rows = [["Scheme No", "Scheme", "Months", "FYE", "In Year"], [1, "A", 6, 100, 50]]
    load = load_register(_save(tmp_path / "y.xlsx", rows, title="QIPP 2021-22"))
    assert load.year == 2021 and load.report.year_from == "the sheet name"
    assert str(load.schemes.loc[0, "go_live"]) == "2021-10"


def test_no_saving_figure_at_all_still_stops_the_read(tmp_path):
    rows = [
        ["Programme 2024/25"],
        ["Ref", "Scheme", "Lead", "RAG", "Comments"],
        ["X1", "Thing", "A", "Green", "ok"],
    ]
    with pytest.raises(
        ValidationError,
        match=r"no full-year effect \(FYE\) column and no "
        r"plan for the year",
    ) as error:
        load_register(_save(tmp_path / "n.xlsx", rows))
    assert "go_live" not in str(error.value)


def test_a_register_in_millions_is_reconciled_in_pounds(tmp_path):
    from registers import millions_one_decimal

    findings = reconcile(load_register(millions_one_decimal(tmp_path)))
    # ICS3: FYE 2.4 (£m) from February = 2 months = 0.4; the register states 0.2
    assert list(zip(findings["scheme_id"], findings["field"])) == [("ICS3", "plan_in_year")]
    assert (findings.loc[0, "stated"], findings.loc[0, "expected"]) == (200_000, 400_000)


def test_negative_savings_are_read_as_savings_and_their_total_agrees(tmp_path):
    from registers import negative_savings

    load = load_register(negative_savings(tmp_path))
    assert list(load.schemes["fye_net_saving"]) == [120_000, 50_000]
    assert "read as positive savings" in " | ".join(load.report.notes)
    # Total -170 / -110 (£000) = 170,000 / 110,000: the schemes add up to it
    assert bool(load.totals["agrees"].iloc[0])
    assert reconcile(load).empty  # N1: 120,000 from October = 6 months = 60,000


def test_high_medium_low_need_a_header_naming_risk_or_confidence(tmp_path):
    rows = [
        ["QIPP 2022/23"],
        ["Ref", "Scheme", "Plan", "Confidence level"],
        ["A", "One", 100, "High"],
        ["B", "Two", 50, "Low"],
    ]
    load = load_register(_save(tmp_path / "c.xlsx", rows))
    assert list(load.schemes["rag_overall"]) == ["green", "red"]  # high confidence is green
    rows[1][3] = "Status"
    with pytest.raises(
        ValidationError,
        match=r"D3: unknown RAG rating 'High'.*naming risk or "
        r"confidence",
    ):
        load_register(_save(tmp_path / "s.xlsx", rows))


def test_a_total_above_its_schemes_is_checked_against_the_schemes_below(tmp_path):
    from registers import quarterly_summary_first

    load = load_register(quarterly_summary_first(tmp_path))
    # Total 160 / 130 (£000) above S1 (120 / 90) and S2 (40 / 40): it agrees
    assert bool(load.totals["agrees"].iloc[0])
    assert reconcile(load).empty
    assert any("phased by quarter" in note for note in load.report.notes)
    assert load.monthly_plan["plan_gbp"].sum() == pytest.approx(130_000)  # = the total row


def test_months_under_a_lone_merged_actual_cell_are_actuals(tmp_path):
    from registers import actuals_under_one_group

    load = load_register(actuals_under_one_group(tmp_path))
    assert load.monthly_plan.empty
    actual = load.monthly_actual[load.monthly_actual["scheme_id"] == "A"]
    assert list(actual["actual_gbp"]) == [10_000, 10_000, 10_000, 10_000, 9_000, 8_000]
