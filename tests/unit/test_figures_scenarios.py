"""Scenario, risk and bring-forward figures: titled, labelled, money in £k/£m."""

import pandas as pd
import pytest

from commissioning_analytics.figures import scenarios as figures

pytestmark = pytest.mark.unit

MONTHS = pd.period_range("2026-04", periods=12, freq="M")


def test_scenario_curves_one_line_each_and_the_target():
    curves = pd.concat(
        [
            pd.DataFrame({"scenario": name, "month": MONTHS, "cumulative_gbp": [k * step] * 12})
            for name, step, k in (("Baseline", 1, 10_000), ("Slip", 1, 5_000))
        ]
    )
    fig = figures.scenario_curves(curves, 240_000, highlight="Slip")
    assert [t.name for t in fig.data] == ["Baseline", "Slip", "Plan (target) £240k"]
    assert fig.data[1].line.width == 4 and fig.data[0].line.width == 2
    assert list(fig.data[2].y) == [240_000, 240_000]
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert "£200k" in fig.layout.yaxis.ticktext


def test_risk_fan_band_median_target_and_chance_in_title():
    fan = pd.DataFrame(
        {"month": MONTHS, "p10": range(12), "p50": range(1, 13), "p90": range(2, 14)}
    )
    fig = figures.risk_fan(fan, 120_000, prob_reach=0.5)
    assert fig.data[1].fill == "tonexty"  # the P10-P90 band
    assert fig.data[2].name == "P50 (median)"
    assert "50% chance of reaching £120k" in fig.layout.title.text


def test_risk_fan_starts_at_the_actual_to_date():
    # Reported April-October (actuals 10,000 a month): the actual line runs April-October, the
    # band starts at October's 70,000 and runs to March; the outturn is marked at March.
    cum = [10_000.0 * (i + 1) for i in range(12)]
    fan = pd.DataFrame(
        {"month": MONTHS, "p10": cum, "p50": cum, "p90": cum, "actual": [True] * 7 + [False] * 5}
    )
    fig = figures.risk_fan(fan, 150_000, outturn_gbp=120_000)
    actual, band = fig.data[0], fig.data[2]
    assert list(actual.x) == [
        "Apr 2026",
        "May 2026",
        "Jun 2026",
        "Jul 2026",
        "Aug 2026",
        "Sep 2026",
        "Oct 2026",
    ]
    assert band.x[0] == "Oct 2026" and band.x[-1] == "Mar 2027" and band.y[0] == 70_000
    outturn = next(t for t in fig.data if t.name.startswith("Outturn"))
    assert list(outturn.y) == [120_000] and outturn.x[0] == "Mar 2027"
    # One forecast colour: the band and the median are the forecast's.
    from commissioning_analytics.style import SERIES

    assert fig.data[3].line.color == SERIES["forecast"] and actual.line.color == SERIES["actual"]


def test_tables_show_money_and_words():
    moves = pd.DataFrame(
        {
            "scheme_id": ["2"],
            "scheme": ["Generics"],
            "theme": ["Prescribing"],
            "phase": [3],
            "rag_overall": ["amber"],
            "go_live": pd.PeriodIndex(["2026-10"], freq="M"),
            "new_go_live": pd.PeriodIndex(["2026-08"], freq="M"),
            "months_forward": [2],
            "gain_gbp": [30_000.0],
        }
    )
    row = figures.bring_forward_table(moves).iloc[0]
    assert (
        row["Scheme"],
        row["Rating"],
        row["Go-live (forecast)"],
        row["Brought forward to"],
        row["Saving gained in year"],
    ) == ("2 Generics", "Amber", "Oct 2026", "Aug 2026", "£30.0k")
    totals = pd.DataFrame(
        {
            "scenario": ["Baseline"],
            "description": [""],
            "outturn_gbp": [210_000.0],
            "next_year_gbp": [240_000.0],
            "change_gbp": [0.0],
            "gap_to_target_gbp": [-5_000.0],
        }
    )
    row = figures.scenario_totals_table(totals).iloc[0]
    assert row["Against the plan"] == "£5.00k ahead" and row["Outturn"] == "£210k"
    assert len(figures.bring_forward_figure(moves).data) == 1


def test_scenario_lines_differ_in_dash_and_are_named_at_their_end():
    """Three scenarios that end at the same March total: each has its own dash, and its name
    and total are written at the line's end, the labels pushed apart (never on top of
    each other)."""
    names = ("Baseline", "Planned care slips a quarter", "Recovery plan", "Prescribing cut")
    curves = pd.concat(
        [
            pd.DataFrame({"scenario": n, "month": MONTHS, "cumulative_gbp": [9_920_000] * 12})
            for n in names
        ]
    )
    fig = figures.scenario_curves(curves, 13_900_000)
    dashes = [t.line.dash for t in fig.data[:4]]
    assert dashes[0] == "solid" and len(set(dashes)) == 4
    labels = {a.text: a for a in fig.layout.annotations}
    assert set(labels) == {f"{n}: £9.92m" for n in names} | {"Plan (target) £13.9m"}
    assert fig.layout.showlegend is False  # named on the chart: no legend over the months
    target = labels.pop("Plan (target) £13.9m")
    assert target.y == 13_900_000 and target.font.color == fig.data[-1].line.color
    # stacked a line of text apart (6% of the axis, £0 to the £13.9m target), not on top
    heights = sorted(a.ay for a in labels.values())
    assert all(b - a == pytest.approx(0.06 * 13_900_000) for a, b in zip(heights, heights[1:]))
    assert all(a.y == 9_920_000 for a in labels.values())  # each arrow at its line's end
    for trace in fig.data[:4]:  # a label in its line's colour
        assert labels[f"{trace.name}: £9.92m"].font.color == trace.line.color


def test_a_scenario_that_changes_nothing_says_why():
    totals = pd.DataFrame(
        {
            "scenario": ["Baseline", "Planned care slips a quarter", "Nobody", "Recovery plan"],
            "description": ["As it stands.", "Planned care slips.", "Scheme 99 slips.", "More."],
            "outturn_gbp": [9_920_000, 9_920_000, 9_920_000, 10_007_667],
            "change_gbp": [0.0, 0.0, 0.3, 87_667.0],
            "gap_to_target_gbp": [4_010_000, 4_010_000, 4_010_000, 3_922_333],
            "next_year_gbp": [9_500_000] * 4,
        }
    )
    held = pd.DataFrame({"scenario": ["Planned care slips a quarter"] * 6 + ["Recovery plan"]})
    why = figures.unchanged_reasons(totals, held, "October 2026")
    assert set(why) == {"Planned care slips a quarter", "Nobody"}  # not the baseline
    table = figures.scenario_totals_table(totals, why)
    said = dict(zip(table["Scenario"], table["What changes"]))
    assert said["Planned care slips a quarter"] == (
        "Planned care slips. Changes nothing: every scheme it moves (6) is already live by "
        "October 2026, and a reported month never changes."
    )
    assert said["Nobody"].endswith("no scheme in the register matches it.")
    assert said["Recovery plan"] == "More." and said["Baseline"] == "As it stands."
