"""Issue 21 items 2-4: the efficiency plan by stage and category (adding up to the headline),
identified against unidentified, QIA exceptions, WTE by staff group, the credibility flags and
the stage weights, on a register of 2026/27 reported at September 2026 (M6), no actuals.

A  FYE 120k, live Apr, green, in delivery, pay, QIA approved, -3 WTE nursing -> plan 120k
B  FYE 240k, live Oct, amber, not started, non-pay, QIA pending          -> plan 120k (6/12)
C  FYE  60k, live Jan, red, opportunity, income, QIA pending             -> plan  15k (3/12)
U  FYE 120k, live Apr, unrated, the unidentified line                    -> plan 120k
E  FYE  48k, live Jun, amber, in progress, non-pay, no QIA               -> plan  40k (10/12)
Plan 415k. Forecast (board): 120 + 90 + 7.5 + 0 (weight 0) + 30 = 247.5k.
"""

from __future__ import annotations

import pandas as pd
import pytest

from commissioning_analytics.model.decisions import proposals, top_risks
from commissioning_analytics.model.headline import headline
from commissioning_analytics.month import month_from_frames
from commissioning_analytics.pages.efficiency import summary_block
from commissioning_analytics.schema import Scheme
from commissioning_analytics.views import efficiency
from commissioning_analytics.views.summary import scheme_outturn
from fixtures import board_register

pytestmark = pytest.mark.unit


def _register():
    return board_register(
        ("A", 120_000, "2026-04", "green", 0),
        ("B", 240_000, "2026-10", "amber", 0),
        ("C", 60_000, "2027-01", "red", 0),
        ("UNIDENTIFIED", 120_000, "2026-04", None, 0),
        ("E", 48_000, "2026-06", "amber", 0),
        **{
            Scheme.stage: ["in_delivery", "not_started", "opportunity", "unidentified",
                           "in_progress"],
            Scheme.category: ["pay", "non_pay", "income", None, "non_pay"],
            Scheme.cash_releasing: [True, False, True, None, True],
            Scheme.qia: ["approved", "pending", "pending", None, None],
            Scheme.wte: [-3.0, None, None, None, None],
            Scheme.staff_group: ["Nursing", None, None, None, None],
        },
    )  # fmt: skip


def _month(weights="board"):
    return month_from_frames(_register(), 2026, "2026-09", weights=weights)


def test_by_stage_and_by_category_add_up_to_the_headline():
    month = _month()
    head = headline(month)
    keys = efficiency.summary_keys(month, head)
    k = 1_000.0
    assert keys["by_stage"] == {
        "in_delivery": {"schemes": 1, "plan_in_year": 120 * k, "forecast_in_year": 120 * k,
                        "forecast_outturn": 120 * k},
        "not_started": {"schemes": 1, "plan_in_year": 120 * k, "forecast_in_year": 90 * k,
                        "forecast_outturn": 90 * k},
        "in_progress": {"schemes": 1, "plan_in_year": 40 * k, "forecast_in_year": 30 * k,
                        "forecast_outturn": 30 * k},
        "opportunity": {"schemes": 1, "plan_in_year": 15 * k, "forecast_in_year": 7.5 * k,
                        "forecast_outturn": 7.5 * k},
        "unidentified": {"schemes": 1, "plan_in_year": 120 * k, "forecast_in_year": 0.0,
                         "forecast_outturn": 0.0},
    }  # fmt: skip
    assert keys["by_category"] == {
        "pay": {"schemes": 1, "plan_in_year": 120 * k, "forecast_in_year": 120 * k,
                "forecast_outturn": 120 * k},
        "non_pay": {"schemes": 2, "plan_in_year": 160 * k, "forecast_in_year": 120 * k,
                    "forecast_outturn": 120 * k},
        "income": {"schemes": 1, "plan_in_year": 15 * k, "forecast_in_year": 7.5 * k,
                   "forecast_outturn": 7.5 * k},
        "not_stated": {"schemes": 1, "plan_in_year": 120 * k, "forecast_in_year": 0.0,
                       "forecast_outturn": 0.0},
    }  # fmt: skip
    assert keys["unidentified_in_year"] == 120 * k
    for by in ("by_stage", "by_category"):
        for figure, total in (("plan_in_year", head.plan_in_year),
                              ("forecast_in_year", head.forecast_in_year),
                              ("forecast_outturn", head.forecast_outturn)):  # fmt: skip
            assert sum(v[figure] for v in keys[by].values()) == pytest.approx(total)
    assert head.plan_in_year == 415 * k and head.forecast_in_year == 247.5 * k


def test_identified_against_unidentified():
    table = efficiency.identified(_month())
    assert table[["key", "schemes", "plan_in_year", "forecast_in_year"]].values.tolist() == [
        ["identified", 4, 295_000.0, 247_500.0],
        ["unidentified", 1, 120_000.0, 0.0],
    ]


def test_cash_releasing_against_cost_avoidance():
    table = efficiency.breakdown(_month(), Scheme.cash_releasing)
    assert table[["key", "schemes", "plan_in_year"]].values.tolist() == [
        ["cash_releasing", 3, 175_000.0],  # A 120k + C 15k + E 40k
        ["cost_avoidance", 1, 120_000.0],  # B
        ["not_stated", 1, 120_000.0],  # the unidentified line
    ]


def test_a_scheme_live_or_in_delivery_without_qia_sign_off_is_an_exception():
    # E is live since June with no QIA; B and C are pending but not yet live; A is approved;
    # the unidentified line is no scheme.
    table = efficiency.qia_exceptions(_month())
    assert table[[Scheme.scheme_id, Scheme.qia, "plan_in_year"]].values.tolist() == [
        ["E", "Not stated", 40_000.0]
    ]


def test_wte_by_staff_group():
    table = efficiency.wte_by_staff_group(_month())
    assert table.values.tolist() == [["Nursing", 1, -3.0]]


def test_the_credibility_flags_on_each_side_of_their_thresholds():
    flags = {f.key: f for f in efficiency.credibility(_month())}
    # Dec-Mar: A 40k + B 80k + C 15k + U 40k + E 16k = 191k of 415k = 46.0% > 40%
    assert flags["last_four_months"].value == pytest.approx(191 / 415)
    assert flags["last_four_months"].raised
    assert flags["opportunity_unidentified"].value == pytest.approx(135 / 415)
    assert flags["opportunity_unidentified"].raised
    assert flags["without_qia"].value == 1 and flags["without_qia"].raised
    assert flags["not_yet_live"].value == pytest.approx(135 / 415)  # B and C
    assert flags["not_yet_live"].raised
    assert not flags["non_recurrent"].stated and not flags["non_recurrent"].raised
    # the reader leaves the column blank when the register has none: still not stated
    blank = _register().assign(**{Scheme.recurrent: pd.array([pd.NA] * 5, dtype="boolean")})
    blank_flags = {
        f.key: f for f in efficiency.credibility(month_from_frames(blank, 2026, "2026-09"))
    }
    assert not blank_flags["non_recurrent"].stated
    # the other side: A and E alone (flat from April / June, signed off, all live)
    register = _register().iloc[[0, 4]].reset_index(drop=True)
    register[Scheme.qia] = ["approved", "not_required"]
    register[Scheme.recurrent] = [True, False]  # E one-off: 40k of 160k = 25%, not above
    calm = {f.key: f for f in efficiency.credibility(month_from_frames(register, 2026, "2026-09"))}
    assert calm["last_four_months"].value == pytest.approx(56 / 160)  # 40k + 16k: 35% <= 40%
    assert calm["non_recurrent"].value == pytest.approx(0.25)
    assert not any(f.raised for f in calm.values())


def test_the_stage_weights_give_the_forecast():
    month = _month("stage")
    # 120k x 100% + 120k x 90% + 15k x 30% + 120k x 0% + 40k x 60%
    assert headline(month).forecast_in_year == pytest.approx(120_000 + 108_000 + 4_500 + 24_000)


def test_a_register_without_the_columns_is_all_not_stated():
    register = _register().drop(columns=efficiency.has_columns(_register()))
    register = register.iloc[[0, 1, 2, 4]].reset_index(drop=True)
    month = month_from_frames(register, 2026, "2026-09")
    keys = efficiency.summary_keys(month, headline(month))
    assert list(keys["by_stage"]) == ["not_stated"] == list(keys["by_category"])
    assert keys["by_stage"]["not_stated"]["plan_in_year"] == 295_000.0
    assert keys["unidentified_in_year"] == 0.0
    assert efficiency.none_stated_note(register).startswith("The register has no efficiency")
    assert efficiency.qia_exceptions(month).empty and efficiency.wte_by_staff_group(month).empty


def test_the_summary_block_shows_the_tables_and_raised_flags():
    month = _month()
    html = summary_block(month, headline(month))
    assert (
        "<tr><td>Plans in progress</td><td class=num>1</td><td class=num>£40.0k</td>"
        "<td class=num>10%</td><td class=num>£30.0k</td><td class=num>£30.0k</td></tr>"
    ) in html  # 40k of 415k = 9.6%
    assert "<td>Unidentified</td><td class=num>1</td><td class=num>£120k</td>" in html
    assert (
        '<span data-flag="without_qia" data-raised="yes"><b>Flag:</b> Schemes going ahead' in html
    )
    assert "<td>E Scheme E</td><td>Plans in progress</td><td>Not stated</td>" in html
    assert "<tr><td>Nursing</td><td class=num>1</td><td class=num>−3.0</td></tr>" in html
    assert "The register has no efficiency-plan columns" not in html


def test_the_summary_block_of_a_register_without_the_columns_is_the_note_and_flags():
    register = _register().drop(columns=efficiency.has_columns(_register()))
    month = month_from_frames(register, 2026, "2026-09")
    html = summary_block(month, headline(month))
    assert "The register has no efficiency-plan columns" in html
    assert "<table" not in html and html.count("<span data-flag=") == 5


def test_the_unidentified_line_is_never_a_top_risk_or_a_proposal():
    # U: plan 120k, outturn 0 (weight 0): the largest "at risk" and "forecast to deliver
    # nothing", but no scheme stands behind it to withdraw or recover
    schemes = scheme_outturn(_month())
    assert schemes.loc[schemes["scheme_id"] == "UNIDENTIFIED", "at_risk_gbp"].item() == 120_000
    assert "UNIDENTIFIED" not in set(top_risks(schemes)["scheme_id"])
    assert "UNIDENTIFIED" not in set(proposals(schemes)["scheme_id"])
    assert list(top_risks(schemes)["scheme_id"]) == ["B", "E", "C"]  # 30k, 10k, 7.5k at risk


def test_the_board_summarys_top_risks_leave_the_unidentified_line_out():
    # no scheme has lost months or actuals, so the risks rank by weighting: U's 120k (weight 0)
    # would come first, then B 30k, E 10k, C 7.5k
    from commissioning_analytics.views.board import board_figures

    board = board_figures(_month())
    assert list(board.top_risks[Scheme.scheme_id]) == ["B", "E", "C"]
