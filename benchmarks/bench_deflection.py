"""Deflection model and SPC: 500 interventions over 60 months (target: under 100 ms).

One recompute is what the explorer does when an assumption moves: the monthly plan (long
format), gap closure by year, realisation against plan (baseline fit for every intervention at
once) and XmR charts of every intervention's activity.

The SPC reference is what an analyst would write with pandas: one grouped pass per rule
(``groupby().transform`` for the mean and moving ranges, the screened MR-bar, limits; runs for
shifts and trends by run ids; a grouped rolling window for two of three near a limit), checked
to give the same centre lines, limits and outside-limit points as ours, and timed the same way
(interleaved, medians, spread).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import against, compare, result, timed  # noqa: E402

from commissioning_analytics.model import deflection as model  # noqa: E402
from commissioning_analytics.model import spc  # noqa: E402
from commissioning_analytics.schema import Activity, Intervention  # noqa: E402

N_INTERVENTIONS = 500
N_MONTHS = 60
TARGET_SECONDS = 0.100


def inputs(n: int = N_INTERVENTIONS, months: int = N_MONTHS, seed: int = 7):
    rng = np.random.default_rng(seed)
    first = pd.Period("2024-04", "M")
    period_index = pd.period_range(first, periods=months, freq="M")
    ids = [f"I{i:04d}" for i in range(n)]
    mobilisation = first + rng.integers(18, 40, n)
    interventions = pd.DataFrame(
        {
            Intervention.intervention_id: ids,
            Intervention.intervention: [f"Intervention {i}" for i in range(n)],
            Intervention.theme: rng.choice(["A", "B", "C", "D"], n),
            Intervention.point_of_delivery: rng.choice(
                [
                    "A&E attendances",
                    "Non-elective admissions",
                    "Bed days",
                    "Outpatient appointments",
                ],
                n,
            ),
            Intervention.baseline_annual_activity: rng.uniform(500, 20000, n),
            Intervention.aspiration_share: rng.uniform(0.05, 0.25, n),
            Intervention.aspiration_count: np.nan,
            Intervention.unit_cost_gbp: rng.uniform(100, 3000, n),
            Intervention.annual_reinvestment_gbp: rng.uniform(20000, 400000, n),
            Intervention.mobilisation_month: pd.PeriodIndex(mobilisation, freq="M"),
            Intervention.months_to_full_effect: rng.integers(1, 7, n),
            Intervention.source: "bench",
        }
    )
    base = interventions[Intervention.baseline_annual_activity].to_numpy()[:, None] / 12
    season = 1 + 0.08 * np.cos(2 * np.pi * (period_index.month.to_numpy() - 1) / 12)
    values = base * season * (1 + rng.normal(0, 0.03, (n, months)))
    activity = pd.DataFrame(
        {
            Activity.series: np.repeat(ids, months),
            Activity.intervention_id: np.repeat(ids, months),
            Activity.point_of_delivery: None,
            Activity.month: pd.PeriodIndex(np.tile(period_index, n), freq="M"),
            Activity.activity: values.reshape(-1),
            Activity.source: "bench",
        }
    )
    gap = pd.DataFrame(
        {
            "financial_year": [2024, 2025, 2026, 2027, 2028],
            "gap_gbp": [5e6, 2e7, 4e7, 6e7, 8e7],
            "source": "bench",
        }
    )
    return interventions, activity, gap, period_index


def recompute(interventions, activity, gap, months):
    plan = model.plan(interventions, months)
    closure = model.gap_closure(plan, gap)
    monthly, summary = model.realisation(interventions, activity, months[-1])
    chart = spc.spc(
        activity,
        value=Activity.activity,
        date=Activity.month,
        facet=Activity.series,
        improvement_direction="decrease",
    )
    return closure, summary, spc.summarise(chart, facet=Activity.series, date=Activity.month)


def spc_grouped_pandas(activity: pd.DataFrame) -> pd.DataFrame:
    """XmR charts of every series with pandas groupby, as an analyst would write them."""
    df = (
        activity[[Activity.series, Activity.month, Activity.activity]]
        .sort_values([Activity.series, Activity.month])
        .reset_index(drop=True)
    )
    g = df.groupby(Activity.series, sort=False)[Activity.activity]
    df["mean"] = g.transform("mean")
    df["mr"] = g.diff().abs()
    mr_bar = df.groupby(Activity.series, sort=False)["mr"].transform("mean")
    screened = df["mr"].where(df["mr"] < 3.267 * mr_bar)
    df["mr_bar"] = screened.groupby(df[Activity.series], sort=False).transform("mean")
    df["upl"] = df["mean"] + 2.66 * df["mr_bar"]
    df["lpl"] = df["mean"] - 2.66 * df["mr_bar"]
    x = df[Activity.activity]
    df["outside_limits"] = (x > df["upl"]) | (x < df["lpl"])
    # shift: 7 or more in a row on one side of the mean
    side = np.sign(x - df["mean"])
    run_id = (
        (side != side.groupby(df[Activity.series]).shift())
        | (df[Activity.series] != df[Activity.series].shift())
    ).cumsum()
    run_len = side.groupby(run_id).transform("size")
    df["shift"] = (side != 0) & (run_len >= 7)
    # trend: 7 points each higher (or lower) than the one before
    step = np.sign(g.diff()).fillna(0)
    trend_id = (
        (step != step.shift()) | (df[Activity.series] != df[Activity.series].shift())
    ).cumsum()
    df["trend"] = (step != 0) & (step.groupby(trend_id).transform("size") >= 6)
    # two of three near a limit (2 to 3 sigma), same side
    near_hi = (x > df["mean"] + 2 / 3 * 2.66 * df["mr_bar"]) & (x <= df["upl"])
    near_lo = (x < df["mean"] - 2 / 3 * 2.66 * df["mr_bar"]) & (x >= df["lpl"])
    hi3 = (
        near_hi.astype(int)
        .groupby(df[Activity.series], sort=False)
        .rolling(3, min_periods=1)
        .sum()
        .to_numpy()
    )
    lo3 = (
        near_lo.astype(int)
        .groupby(df[Activity.series], sort=False)
        .rolling(3, min_periods=1)
        .sum()
        .to_numpy()
    )
    df["two_of_three"] = ((hi3 >= 2) & near_hi) | ((lo3 >= 2) & near_lo)
    return df


def run() -> list[dict]:
    interventions, activity, gap, months = inputs()
    ours = timed(lambda: recompute(interventions, activity, gap, months), repeats=5)

    def ours_spc():
        return spc.spc(
            activity, value=Activity.activity, date=Activity.month, facet=Activity.series
        )

    # Same centre lines, limits and points outside them, or the timing means nothing.
    mine = ours_spc().sort_values([Activity.series, Activity.month]).reset_index(drop=True)
    theirs = spc_grouped_pandas(activity)
    assert np.allclose(mine["mean"], theirs["mean"])
    assert np.allclose(mine["upl"], theirs["upl"]) and np.allclose(mine["lpl"], theirs["lpl"])
    assert (mine["outside_limits"].to_numpy(bool) == theirs["outside_limits"].to_numpy()).all()
    timings = compare(ours_spc, {"pandas": lambda: spc_grouped_pandas(activity)}, repeats=5)
    return [
        result(
            f"deflection model + SPC, {N_INTERVENTIONS} interventions x {N_MONTHS} months",
            ours,
            "under 100 ms",
            ours["seconds"] < TARGET_SECONDS,
        ),
        against(
            f"SPC of {N_INTERVENTIONS} series x {N_MONTHS} months",
            timings,
            "pandas",
            "grouped pandas (an analyst's XmR)",
            "no slower than grouped pandas",
            lambda ratio: ratio >= 1.0,
        ),
    ]
