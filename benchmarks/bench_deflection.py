"""Deflection model and SPC: 500 interventions over 60 months (target: under 100 ms).

One recompute is what the explorer does when an assumption moves: the monthly plan (long
format), gap closure by year, realisation against plan (baseline fit for every intervention at
once) and XmR charts of every intervention's activity. The reference is the same SPC computed
one series at a time (a Python loop over series), to show what the vectorisation buys.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import best_of  # noqa: E402

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
    interventions = pd.DataFrame({
        Intervention.intervention_id: ids,
        Intervention.intervention: [f"Intervention {i}" for i in range(n)],
        Intervention.theme: rng.choice(["A", "B", "C", "D"], n),
        Intervention.point_of_delivery: rng.choice(
            ["A&E attendances", "Non-elective admissions", "Bed days", "Outpatient appointments"], n),
        Intervention.baseline_annual_activity: rng.uniform(500, 20000, n),
        Intervention.aspiration_share: rng.uniform(0.05, 0.25, n),
        Intervention.aspiration_count: np.nan,
        Intervention.unit_cost_gbp: rng.uniform(100, 3000, n),
        Intervention.annual_reinvestment_gbp: rng.uniform(20000, 400000, n),
        Intervention.mobilisation_month: pd.PeriodIndex(mobilisation, freq="M"),
        Intervention.months_to_full_effect: rng.integers(1, 7, n),
        Intervention.source: "bench",
    })
    base = interventions[Intervention.baseline_annual_activity].to_numpy()[:, None] / 12
    season = 1 + 0.08 * np.cos(2 * np.pi * (period_index.month.to_numpy() - 1) / 12)
    values = base * season * (1 + rng.normal(0, 0.03, (n, months)))
    activity = pd.DataFrame({
        Activity.series: np.repeat(ids, months),
        Activity.intervention_id: np.repeat(ids, months),
        Activity.point_of_delivery: None,
        Activity.month: pd.PeriodIndex(np.tile(period_index, n), freq="M"),
        Activity.activity: values.reshape(-1),
        Activity.source: "bench",
    })
    gap = pd.DataFrame({"financial_year": [2024, 2025, 2026, 2027, 2028],
                        "gap_gbp": [5e6, 2e7, 4e7, 6e7, 8e7], "source": "bench"})
    return interventions, activity, gap, period_index


def recompute(interventions, activity, gap, months):
    plan = model.plan(interventions, months)
    closure = model.gap_closure(plan, gap)
    monthly, summary = model.realisation(interventions, activity, months[-1])
    chart = spc.spc(activity, value=Activity.activity, date=Activity.month,
                    facet=Activity.series, improvement_direction="decrease")
    return closure, summary, spc.summarise(chart, facet=Activity.series, date=Activity.month)


def spc_one_at_a_time(activity):
    for _, series in activity.groupby(Activity.series, sort=False):
        spc.spc(series, value=Activity.activity, date=Activity.month,
                improvement_direction="decrease")


def run() -> list[dict]:
    interventions, activity, gap, months = inputs()
    recompute(interventions, activity, gap, months)  # warm up
    ours = best_of(lambda: recompute(interventions, activity, gap, months), repeats=5)
    spc_vectorised = best_of(lambda: spc.spc(activity, value=Activity.activity,
                                             date=Activity.month, facet=Activity.series), 3)
    loop = best_of(lambda: spc_one_at_a_time(activity), repeats=1)
    return [
        {"name": f"deflection model + SPC, {N_INTERVENTIONS} interventions x {N_MONTHS} months",
         "seconds": ours, "target": "under 100 ms", "met": ours < TARGET_SECONDS},
        {"name": f"SPC of {N_INTERVENTIONS} series at once", "seconds": spc_vectorised,
         "reference": "one series at a time", "reference_seconds": loop,
         "ratio": loop / spc_vectorised, "target": "faster than one at a time",
         "met": spc_vectorised < loop},
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
