"""The explorer's recompute: figures a reader can check, and 1,000 schemes without a loop."""

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics import explorer, report
from commissioning_analytics.model.phasing import FORECAST, MOST_LIKELY, PLAN, Ramp, phase

from test_report import small_actuals, small_register


@pytest.fixture
def data():
    return explorer.ExplorerData.from_month(
        report.month_from_frames(small_register(), 2026, "2026-10", small_actuals()))


def test_defaults_agree_with_the_pack_headline(data):
    month = report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    totals = explorer.recompute(data, period_index=month.period_index).totals
    head = report.headline(month)
    for key in ("plan_in_year", "most_likely_in_year", "forecast_in_year", "actual_to_date",
                "forecast_outturn", "gap_to_target"):
        assert totals[key] == pytest.approx(head[key]), key


def test_rag_weights_move_most_likely(data):
    # amber at 50% instead of 75%: B's 120,000 counts 60,000 -> 120,000 + 60,000 + 7,500
    result = explorer.recompute(data, weights={"amber": 0.5})
    assert result.totals["most_likely_in_year"] == pytest.approx(187_500)
    assert result.totals["plan_in_year"] == pytest.approx(255_000)  # the plan never weighted


def test_change_in_delivery_overrides(data):
    # Urgent care (B) put back on plan (0 months): forecast = most likely = 217,500
    result = explorer.recompute(data, overrides={("theme", "Urgent care"): 0, ("scheme", "C"): 0})
    assert result.totals["forecast_in_year"] == pytest.approx(217_500)
    # a scheme's own override beats its theme's: Planned care -3 months, but A itself 0
    change = explorer.change_in_delivery(data, {("theme", "Planned care"): -3, ("scheme", "A"): 0})
    assert change.tolist() == [0.0, -2.0, -3.0]


def test_ramp_lowers_the_first_year(data):
    # A live April with a linear 3-month ramp: 1/3 + 2/3 of a month lost = 10,000 x 1 = 10,000
    step = explorer.recompute(data).totals["plan_in_year"]
    linear = explorer.recompute(data, ramp=Ramp("linear", 3)).totals["plan_in_year"]
    # B (live October, 20,000 a month) also loses 20,000; C (live January, 5,000) loses 5,000
    assert step - linear == pytest.approx(10_000 + 20_000 + 5_000)


def random_register(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "scheme_id": [f"S{i}" for i in range(n)],
        "theme": rng.choice(["Planned care", "Urgent care", "Prescribing", "Community"], n),
        "scheme": [f"Scheme {i}" for i in range(n)],
        "phase": rng.integers(1, 5, n),
        "go_live": pd.PeriodIndex(pd.Period("2026-01", "M") + rng.integers(0, 20, n), freq="M"),
        "fye_net_saving": rng.integers(10, 1_000, n) * 1_000.0,
        "rag_overall": rng.choice(["green", "amber", "red"], n),
        "change_in_delivery_months": rng.choice([0.0, 0.0, -1.0, -3.0, 2.0], n),
    })


def test_a_thousand_schemes_match_the_phasing_model():
    register = random_register(1_000)
    data = explorer.ExplorerData.from_register(register, 2026)
    result = explorer.recompute(data, weights={"green": 1.0, "amber": 0.75, "red": 0.5},
                                overrides={("phase", "1"): -2})
    changed = register.assign(change_in_delivery_months=np.where(
        register["phase"] == 1, -2.0, register["change_in_delivery_months"]))
    assert result.totals["plan_in_year"] == pytest.approx(phase(register, 2026, PLAN).in_year.sum())
    assert result.most_likely == pytest.approx(
        phase(register, 2026, MOST_LIKELY).totals_by_month().to_numpy()[:12])
    assert result.forecast == pytest.approx(
        phase(changed, 2026, FORECAST).totals_by_month().to_numpy()[:12])
    assert result.totals["forecast_next_year"] == pytest.approx(
        phase(changed, 2026, FORECAST).next_year.sum())
    assert np.isnan(result.totals["actual_to_date"])  # no actuals given


def test_app_builds_widgets():
    month = report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    box = explorer.app(month)
    figure = box.children[1].children[0]
    # cumulative plan at March = 255,000
    assert figure.data[0].y[-1] == pytest.approx(255_000)
    assert "£255k" in box.children[1].children[1].value


def test_moving_a_slider_updates_the_curve():
    month = report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    box = explorer.app(month)
    controls, figure = box.children[0], box.children[1].children[0]
    amber = next(w for w in controls.children if getattr(w, "description", "") == "Amber weight")
    amber.value = 0.5
    # most likely at March: 120,000 + 120,000 x 50% + 15,000 x 50% = 187,500
    assert figure.data[1].y[-1] == pytest.approx(187_500)
