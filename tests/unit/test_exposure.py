"""Each scheme's road from plan to outturn, and its project plan's effect: October 2026 (M7),
board weights, worked by hand."""

import pytest

from commissioning_analytics.model.exposure import plans_outturn_effect, scheme_exposure
from commissioning_analytics.model.monthly import MonthlyFigures
from fixtures import actual_rows, board_register

pytestmark = pytest.mark.unit

# H: £20k a month from July, amber, 2 months lost (from September): plan 9 x 20,000 = 180,000,
#    most likely 135,000, forecast 7 x 15,000 = 105,000; nothing saved in September or October
#    (both reported): outturn 5 x 15,000 = 75,000.
# R: £10k a month from April, red: forecast 60,000; saved £5k a month April-October, as
#    forecast: outturn 60,000.
# P: £10k a month from December, green: its plan starts the service in February (-2 months).
REGISTER = board_register(
    ("H", 240_000, "2026-07", "amber", -2),
    ("R", 120_000, "2026-04", "red", 0),
    ("P", 120_000, "2026-12", "green", 0),
)
ACTUALS = actual_rows(
    *[("R", f"2026-{m:02d}", 5_000) for m in range(4, 11)],
    ("H", "2026-09", 0),
)


def figures():
    return MonthlyFigures.from_register(REGISTER, 2026, "2026-10", ACTUALS)


def test_plan_less_weighting_slippage_and_actuals_gives_each_outturn():
    table = scheme_exposure(figures()).set_index("scheme_id")
    h = table.loc["H"]
    assert (h.plan_gbp, h.weighting_gbp, h.slippage_gbp) == pytest.approx((180_000, 45_000, 30_000))
    assert h.actual_vs_forecast_gbp == pytest.approx(-30_000)  # September and October: 0 of 15,000
    assert h.outturn_gbp == pytest.approx(75_000)
    assert h.effect_gbp == pytest.approx(60_000)  # slippage + actuals below forecast
    r = table.loc["R"]
    assert (r.weighting_gbp, r.slippage_gbp, r.actual_vs_forecast_gbp) == pytest.approx(
        (60_000, 0, 0)
    )
    assert r.effect_gbp == 0  # the red rating's haircut alone is no effect on the outturn
    assert r.at_risk_gbp == pytest.approx(60_000)
    steps = table.plan_gbp - table.weighting_gbp - table.slippage_gbp + table.actual_vs_forecast_gbp
    assert (steps - table.outturn_gbp).abs().max() < 1e-6
    # months not yet reported (November to March)
    assert (h.plan_open_gbp, h.forecast_open_gbp) == pytest.approx((100_000, 75_000))


def test_a_plan_later_than_the_forecast_costs_its_open_months_and_only_a_later_one_counts():
    month = figures()
    # P: plan -2 (February): 2 months of £10k. R: plan +1 is earlier than the directors' 0: not
    # counted. H: plan -3 (October, reported) against the directors' -2 (September): from
    # November it is live either way, so it costs nothing more.
    effect = plans_outturn_effect(month, {"P": -2, "R": 1, "H": -3}).set_index("scheme_id")
    assert set(effect.index) == {"P", "H"}
    assert effect.loc["P", "effect_gbp"] == pytest.approx(20_000)
    assert effect.loc["H", "effect_gbp"] == pytest.approx(0)
    table = scheme_exposure(month, plans_outturn_effect(month, {"P": -2})).set_index("scheme_id")
    assert table.loc["P", "plans_effect_gbp"] == pytest.approx(20_000)
    assert table.loc["P", "effect_gbp"] == pytest.approx(20_000)
    assert table.loc["P", "plan_change_months"] == -2
    assert table.loc["H", "plans_effect_gbp"] == 0


def test_no_plan_later_gives_an_empty_table():
    assert plans_outturn_effect(figures(), {"P": 0, "R": 2}).empty
    assert plans_outturn_effect(figures(), {}).empty
