"""Bring-forward plans: hand-worked cases, and optimality against brute force."""

import itertools

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics.model.bring_forward import bring_forward, month_limits

pytestmark = pytest.mark.unit


def register(fye, go_live, phase_no, rag="green", change=0.0):
    n = len(fye)
    return pd.DataFrame(
        {
            "scheme_id": [str(i + 1) for i in range(n)],
            "scheme": [f"Scheme {i + 1}" for i in range(n)],
            "theme": "Planned Care",
            "phase": phase_no,
            "go_live": pd.PeriodIndex(go_live, freq="M"),
            "fye_net_saving": np.asarray(fye, dtype=float),
            "rag_overall": np.resize(np.atleast_1d(rag), n),
            "change_in_delivery_months": np.resize(np.atleast_1d(change), n).astype(float),
        }
    )


# 1: phase 1, cannot move; 10,000/month, July: 9 months = 90,000
# 2: phase 3, up to 2 months; 240,000 amber = 20,000 x 75% = 15,000/month, October: 6 = 90,000
# 3: phase 4, up to 3 months; 10,000/month, January: 3 months = 30,000
THREE = register(
    [120_000, 240_000, 120_000],
    ["2026-07", "2026-10", "2027-01"],
    [1, 3, 4],
    rag=["green", "amber", "green"],
)


def test_target_already_met_moves_nothing():
    plan = bring_forward(THREE, 2026, 200_000)
    assert plan.baseline_gbp == pytest.approx(210_000)
    assert plan.reached and plan.total_months == 0 and plan.moves.empty


def test_most_valuable_months_first():
    # Need 240,000 - 210,000 = 30,000: two months of scheme 2 (15,000 each), not three of 3.
    plan = bring_forward(THREE, 2026, 240_000)
    assert plan.reached and plan.total_months == 2
    move = plan.moves.iloc[0]
    assert (move.scheme_id, move.months_forward, move.gain_gbp) == ("2", 2, 30_000)
    assert str(move.go_live) == "2026-10" and str(move.new_go_live) == "2026-08"
    # Need 40,000: 2 x 15,000 + 1 x 10,000 = 40,000 in 3 months.
    plan = bring_forward(THREE, 2026, 250_000)
    assert plan.total_months == 3 and plan.achieved_gbp == pytest.approx(250_000)
    assert dict(zip(plan.moves.scheme_id, plan.moves.months_forward)) == {"2": 2, "3": 1}


def test_out_of_reach_reports_the_shortfall():
    # Everything allowed: 2 x 15,000 + 3 x 10,000 = 60,000 on top of 210,000 = 270,000.
    plan = bring_forward(THREE, 2026, 300_000)
    assert not plan.reached
    assert plan.achieved_gbp == plan.best_possible_gbp == pytest.approx(270_000)
    assert plan.shortfall_gbp == pytest.approx(30_000)
    assert plan.total_months == 5
    assert plan.summary().startswith("From the outturn of £210k (£90.0k short of the target)")
    assert "gives £270k, £30.0k short" in plan.summary()


def test_limits_override_per_scheme_and_by_phase():
    # Scheme 1 (phase 1, July) allowed 4 months, but July is only 3 months from April:
    # 3 x 10,000 more, so at most 270,000 + 30,000 = 300,000.
    assert list(month_limits(THREE)) == [0, 2, 3]
    assert list(month_limits(THREE, overrides={"1": 4})) == [4, 2, 3]
    assert list(month_limits(THREE, limits={1: 1})) == [1, 0, 0]
    plan = bring_forward(THREE, 2026, 300_000, overrides={"1": 4})
    assert plan.best_possible_gbp == pytest.approx(300_000) and plan.reached
    assert plan.total_months == 8


def test_never_beyond_april_or_for_live_or_next_year_schemes():
    # Phase 4, go-live May 2026: only 1 month to April; live before April / next year: none.
    r = register([120_000, 120_000, 120_000], ["2026-05", "2026-01", "2027-05"], [4, 4, 4])
    plan = bring_forward(r, 2026, 10**9)
    assert dict(zip(plan.moves.scheme_id, plan.moves.months_forward)) == {"1": 1}
    assert str(plan.moves.new_go_live.iloc[0]) == "2026-04"


def test_forecast_go_live_is_the_starting_point():
    # Go-live July, director says 1 month late (change -1): forecast August, 8 months.
    r = register([120_000], ["2026-07"], [4], change=-1)
    plan = bring_forward(r, 2026, 100_000)
    assert plan.baseline_gbp == pytest.approx(80_000)
    assert plan.total_months == 2 and str(plan.moves.new_go_live.iloc[0]) == "2026-06"


def test_nothing_moves_before_the_month_after_the_reporting_month():
    # Reporting October 2026: earliest go-live November. Scheme 2 (October) is live: cannot
    # move; scheme 3 (January, phase 4, 3 allowed) can reach November only (2 months).
    plan = bring_forward(THREE, 2026, 10**9, as_of="2026-10")
    assert dict(zip(plan.moves.scheme_id, plan.moves.months_forward)) == {"3": 2}
    assert str(plan.moves.new_go_live.iloc[0]) == "2026-11"
    assert plan.achieved_gbp == pytest.approx(230_000)  # 210,000 + 2 x 10,000


def brute_force(per_month, room, need):
    """Fewest months reaching ``need`` over every allocation; else the best value."""
    best = None
    for months in itertools.product(*(range(r + 1) for r in room)):
        value = float(np.dot(months, per_month))
        total = sum(months)
        if value >= need - 1e-6 and (best is None or total < best):
            best = total
    top = float(np.dot(room, per_month))
    return best, top


def test_greedy_matches_brute_force_on_random_portfolios():
    rng = np.random.default_rng(2026)
    for trial in range(150):
        n = int(rng.integers(1, 6))
        fye = rng.choice([12_000, 24_000, 36_000, 60_000, 96_000, 120_000], n).astype(float)
        go = pd.Period("2026-04", "M") + rng.integers(1, 13, n)
        phase_no = rng.integers(1, 5, n)
        rag = rng.choice(["green", "amber", "red"], n)
        r = register(fye, go, phase_no, rag=rag)
        weight = pd.Series(rag).map({"green": 1.0, "amber": 0.75, "red": 0.5}).to_numpy()
        per_month = fye / 12 * weight
        start = np.asarray([(g - pd.Period("2026-04", "M")).n for g in go])
        room = np.minimum(np.array([0, 0, 1, 2, 3])[phase_no], start)
        baseline = float(np.sum(per_month * (12 - start)))
        target = baseline + float(rng.uniform(0, 1.2)) * float(np.dot(room, per_month)) + 1
        fewest, top = brute_force(per_month, room, target - baseline)
        plan = bring_forward(r, 2026, target)
        assert plan.best_possible_gbp == pytest.approx(baseline + top), trial
        if fewest is None:
            assert not plan.reached and plan.achieved_gbp == pytest.approx(baseline + top)
        else:
            assert plan.reached and plan.total_months == fewest, trial


def test_ten_thousand_schemes_run_vectorised():
    rng = np.random.default_rng(1)
    n = 10_000
    r = register(
        rng.uniform(1e4, 1e6, n),
        pd.Period("2026-04", "M") + rng.integers(0, 14, n),
        rng.integers(1, 5, n),
        rag=rng.choice(["green", "amber", "red"], n),
    )
    plan = bring_forward(r, 2026, 1e12)
    # Out of reach: every allowed month moves, and the months add up to the allowances.
    assert plan.total_months == plan.moves.months_forward.sum() > 0
    assert plan.achieved_gbp == pytest.approx(plan.best_possible_gbp)


def test_baseline_is_the_outturn_with_actuals():
    # Reporting October 2026 with 35,000 saved to date: the outturn is 35,000 + the forecast for
    # November to March: scheme 1 5 x 10,000, scheme 2 5 x 15,000, scheme 3 3 x 10,000 = 190,000.
    actual = np.array([5_000.0] * 7 + [0.0] * 5)
    plan = bring_forward(THREE, 2026, 200_000, as_of="2026-10", actual_by_month=actual)
    assert plan.baseline_gbp == pytest.approx(190_000)
    # 10,000 short: scheme 3 moves one month (December), the earliest it could is November.
    assert plan.total_months == 1 and plan.achieved_gbp == pytest.approx(200_000)
    assert plan.best_possible_gbp == pytest.approx(210_000)
    assert "raises the outturn from £190k to £200k" in plan.summary()
