"""Scenario, risk and bring-forward figures: titled, labelled, money in £k/£m."""

import pandas as pd

from commissioning_analytics.figures import scenarios as figures

MONTHS = pd.period_range("2026-04", periods=12, freq="M")


def test_scenario_curves_one_line_each_and_the_target():
    curves = pd.concat([
        pd.DataFrame({"scenario": name, "month": MONTHS, "cumulative_gbp": [k * step] * 12})
        for name, step, k in (("Baseline", 1, 10_000), ("Slip", 1, 5_000))])
    fig = figures.scenario_curves(curves, 240_000, highlight="Slip")
    assert [t.name for t in fig.data] == ["Baseline", "Slip", "Target £240k"]
    assert fig.data[1].line.width == 4 and fig.data[0].line.width == 2
    assert list(fig.data[2].y) == [240_000, 240_000]
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert "£200k" in fig.layout.yaxis.ticktext


def test_risk_fan_band_median_target_and_chance_in_title():
    fan = pd.DataFrame({"month": MONTHS, "p10": range(12), "p50": range(1, 13),
                        "p90": range(2, 14)})
    fig = figures.risk_fan(fan, 120_000, prob_reach=0.5)
    assert fig.data[1].fill == "tonexty"  # the P10-P90 band
    assert fig.data[2].name == "P50 (median)"
    assert "50% chance of reaching £120k" in fig.layout.title.text


def test_tables_show_money_and_words():
    moves = pd.DataFrame({"scheme_id": ["2"], "scheme": ["Generics"], "theme": ["Prescribing"],
                          "phase": [3], "rag_overall": ["amber"],
                          "go_live": pd.PeriodIndex(["2026-10"], freq="M"),
                          "new_go_live": pd.PeriodIndex(["2026-08"], freq="M"),
                          "months_forward": [2], "gain_gbp": [30_000.0]})
    row = figures.bring_forward_table(moves).iloc[0]
    assert (row["Scheme"], row["Rating"], row["Go-live (forecast)"], row["Brought forward to"],
            row["Saving gained in year"]) == ("2 Generics", "Amber", "Oct 2026", "Aug 2026",
                                              "£30.0k")
    totals = pd.DataFrame({"scenario": ["Baseline"], "description": [""],
                           "in_year_gbp": [210_000.0], "next_year_gbp": [240_000.0],
                           "change_gbp": [0.0], "gap_to_target_gbp": [-5_000.0]})
    assert figures.scenario_totals_table(totals).iloc[0]["Against target"] == "£5.00k ahead"
    assert len(figures.bring_forward_figure(moves).data) == 1
