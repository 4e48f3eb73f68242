"""The system's figures (views/system.py): the organisations' headlines added up key by key,
and what deducting double-counted schemes takes off."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from commissioning_analytics.model.headline import bridge_steps
from commissioning_analytics.views.system import as_headline, deducted, deduction, system_totals

pytestmark = pytest.mark.unit

ICB = {
    "period": "2026-10",
    "schemes": 30,
    "plan_in_year": 1_000.0,
    "forecast_outturn": 800.0,
    "actual_to_date": 300.0,
    "recurrent_stated": False,
    "months_without_actuals": [],
    "trajectory": [{"period": "2026-09", "forecast_outturn": 700.0}],
}
TRUST = {
    "period": "2026-10",
    "schemes": 12,
    "plan_in_year": 500.0,
    "forecast_outturn": 450.0,
    "actual_to_date": None,
    "recurrent_stated": True,
    "months_without_actuals": ["2026-04"],
    "trajectory": [{"period": "2026-09", "forecast_outturn": 400.0}],
}


def test_numbers_add_up_and_none_adds_nothing():
    totals, notes = system_totals({"ICB": ICB, "TRUST": TRUST})
    assert totals["plan_in_year"] == 1_500.0
    assert totals["forecast_outturn"] == 1_250.0
    assert totals["actual_to_date"] == 300.0
    assert totals["schemes"] == 42 and isinstance(totals["schemes"], int)
    assert totals["period"] == "2026-10"
    assert totals["recurrent_stated"] is True
    assert totals["months_without_actuals"] == ["2026-04"]
    assert totals["trajectory"] == [{"period": "2026-09", "forecast_outturn": 1_100.0}]
    assert notes == []


def test_no_organisation_with_actuals_leaves_actual_to_date_none():
    totals, _ = system_totals({"TRUST": TRUST})
    assert totals["actual_to_date"] is None
    assert math.isnan(as_headline(totals).actual_to_date)


def test_a_ratio_is_not_added_up_and_is_named():
    totals, notes = system_totals({"A": {"delivery_share": 0.9}, "B": {"delivery_share": 0.8}})
    assert totals["delivery_share"] is None
    assert notes and "delivery_share" in notes[0]


def test_deducting_a_scheme_keeps_the_bridge_adding_up():
    head = {
        "plan_in_year": 1_000.0,
        "schemes_plan_in_year": 1_000.0,
        "most_likely_in_year": 900.0,
        "forecast_in_year": 850.0,
        "risk_weighting": 100.0,
        "slippage": 50.0,
        "actual_to_date": 300.0,
        "actual_vs_forecast_to_date": -20.0,
        "forecast_outturn": 830.0,
        "gap_to_target": 170.0,
        "schemes": 3,
    }
    left_out = pd.DataFrame(
        {
            "plan": [200.0],
            "most_likely": [150.0],
            "forecast": [120.0],
            "plan_to_date": [100.0],
            "forecast_to_date": [60.0],
            "actual_to_date": [50.0],
            "forecast_reported": [60.0],
            "forecast_after": [60.0],
            "forecast_unreported": [0.0],
            "outturn": [110.0],
            "plan_next_year": [0.0],
            "forecast_next_year": [0.0],
            "recurrent": [True],
        }
    )
    less = deducted(head, deduction(left_out))
    assert less["plan_in_year"] == 800.0
    assert less["forecast_outturn"] == 720.0
    assert less["gap_to_target"] == 80.0  # 170 - (200 - 110)
    assert less["schemes"] == 2
    steps = bridge_steps(as_headline(less))
    plan, weighting, slippage, forecast, avf, outturn = steps["value_gbp"]
    assert plan + weighting + slippage == forecast == 730.0  # 800 - 50 - 20
    assert forecast + avf == outturn == 720.0  # -20 - (50 - 60) = -10


def test_a_month_of_the_trajectory_one_organisation_lacks_is_left_out_and_said():
    later = dict(
        TRUST,
        trajectory=[
            {"period": "2026-09", "forecast_outturn": 400.0},
            {"period": "2026-10", "forecast_outturn": 450.0},
        ],
    )
    totals, notes = system_totals({"ICB": ICB, "TRUST": later})
    assert totals["trajectory"] == [{"period": "2026-09", "forecast_outturn": 1_100.0}]
    assert notes == ["trajectory: 2026-10 not in every organisation's: left out of the system's"]


def test_a_figure_one_organisation_lacks_has_no_system_total_and_is_said():
    totals, notes = system_totals(
        {
            "ICB": dict(ICB, previous_forecast_outturn=700.0),
            "TRUST": dict(TRUST, previous_forecast_outturn=None),
        }
    )
    assert totals["previous_forecast_outturn"] is None
    assert "previous_forecast_outturn: not known for every organisation: no system figure" in notes
