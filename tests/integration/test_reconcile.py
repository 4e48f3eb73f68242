"""Reconciliation: exactly the stated figures the rules do not give, with what they should be."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics.io.register import load_register
from commissioning_analytics.model.reconcile import describe, reconcile
from commissioning_analytics.schema import Scheme
from fixtures import EXAMPLE, SECOND, THIRD, appendix

pytestmark = pytest.mark.integration

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "qipp_register.xlsx"


def _register(**changes) -> pd.DataFrame:
    """The issue's worked example as a one-scheme table (2013/14), with ``changes`` applied.

    FYE £602,000 live July 2013: 9 months, £451,500 in year, £150,500 next; amber: £338,625;
    change -1: 8 months, 602,000 x 8/12 x 0.75 = £301,000 and 602,000 x 4/12 = £200,666.67.
    """
    row = {c: None for c in Scheme.COLUMNS}
    row.update(
        {
            Scheme.scheme_id: "1",
            Scheme.scheme: "MSK triage",
            Scheme.go_live: pd.Period("2013-07"),
            Scheme.months_in_year: 9.0,
            Scheme.fye_net_saving: 602_000.0,
            Scheme.plan_in_year: 451_500.0,
            Scheme.plan_next_year: 150_500.0,
            Scheme.rag_overall: "amber",
            Scheme.phase: 2,
            Scheme.most_likely_in_year: 338_625.0,
            Scheme.change_in_delivery_months: -1.0,
            Scheme.forecast_in_year: 301_000.0,
            Scheme.forecast_next_year: 200_667.0,
            Scheme.source: "qipp.xlsx!QIPP!6",
        }
    )
    row.update(changes)
    frame = pd.DataFrame([row], columns=list(Scheme.COLUMNS))
    frame[Scheme.go_live] = pd.PeriodIndex(frame[Scheme.go_live], freq="M")
    return frame


def test_the_worked_example_agrees():
    assert reconcile(_register(), year=2013).empty


def test_each_wrong_figure_is_found_with_its_expected_value():
    findings = reconcile(_register(plan_in_year=415_500.0, forecast_next_year=150_500.0), year=2013)
    assert findings[["scheme_id", "field", "stated", "expected"]].values.tolist() == [
        ["1", "plan_in_year", 415_500.0, 451_500.0],
        ["1", "forecast_next_year", 150_500.0, 200_666.67],
    ]
    assert list(findings["source"]) == ["qipp.xlsx!QIPP!6"] * 2


def test_go_live_disagreeing_with_stated_months_is_a_finding():
    # Live in July is 9 months of 2013/14; the register says 8.
    findings = reconcile(_register(months_in_year=8.0), year=2013)
    assert findings[["field", "stated", "expected"]].values.tolist() == [
        ["months_in_year", 8.0, 9.0]
    ]


def test_blank_stated_figures_are_not_findings():
    assert reconcile(_register(plan_in_year=np.nan, forecast_in_year=np.nan), year=2013).empty


@pytest.mark.parametrize("stated, found", [(451_500.6, False), (451_501.5, True)])
def test_published_figures_round_to_the_pound(stated, found):
    # £0.60 off is rounding; £1.50 off is a slip (tolerance £1).
    assert (not reconcile(_register(plan_in_year=stated), year=2013).empty) is found


def test_weights_change_what_most_likely_should_be():
    # Treasury weights go by phase: phase 2 counts 50%: 451,500 x 0.5 = £225,750.
    findings = reconcile(_register(), year=2013, weights="treasury")
    expected = findings.set_index("field")["expected"]
    assert expected["most_likely_in_year"] == 225_750
    # Forecast: 602,000 x 8/12 x 0.5 = £200,666.67.
    assert expected["forecast_in_year"] == 200_666.67


def test_year_is_inferred_for_a_bare_table():
    assert reconcile(_register()).empty  # July 2013 is in 2013/14


def test_a_register_with_correct_arithmetic_has_no_findings(tmp_path):
    load = load_register(appendix(tmp_path / "qipp.xlsx"))
    assert reconcile(load).empty


def test_a_totals_row_that_does_not_add_up_is_a_finding(tmp_path):
    path = appendix(tmp_path / "qipp.xlsx", [EXAMPLE, SECOND, THIRD])
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["QIPP 13-14"]["I10"] = 872_000  # the FYE total, 782,000 with two digits swapped
    workbook.save(path)
    findings = reconcile(load_register(path))
    assert findings[["scheme_id", "field", "stated", "expected", "source"]].values.tolist() == [
        ["TOTAL", "fye_net_saving", 872_000.0, 782_000.0, "qipp.xlsx!QIPP 13-14!10"]
    ]
    assert describe(findings.iloc[0]) == (
        "qipp.xlsx!QIPP 13-14!10: totals row fye_net_saving: "
        "stated £872,000, the schemes add up to £782,000"
    )


def test_sample_register_has_exactly_the_planted_slips():
    findings = reconcile(load_register(SAMPLE))
    assert set(zip(findings["scheme_id"], findings["field"])) == {
        ("7", "months_in_year"),
        ("12", "plan_in_year"),
        ("18", "most_likely_in_year"),
        ("23", "forecast_next_year"),
    }
    assert len(findings) == 4
