"""Next year and the recurrent position, worked by hand (2026/27, board weights)."""

import pytest

from commissioning_analytics.model.monthly import MonthlyFigures
from commissioning_analytics.model.position import DEFINITIONS, next_year
from fixtures import actual_rows, board_register

pytestmark = pytest.mark.unit

# R1: recurrent, green, £10k a month from April: outturn 120,000, March 10,000.
# R2: recurrent, amber, £20k a month planned from January, a month lost (February): outturn
#     2 x 15,000 = 30,000; March forecast 15,000 (plan 20,000). Next year: plan 240,000 -
#     60,000 = 180,000; forecast 240,000 - 40,000 = 200,000 (neither risk-weighted).
# N: one-off, green, £5k a month from April: outturn 60,000, no exit, no next year.
REGISTER = board_register(
    ("R1", 120_000, "2026-04", "green", 0),
    ("R2", 240_000, "2027-01", "amber", -1),
    ("N", 60_000, "2026-04", "green", 0),
    recurrent=[True, None, False],
)


def actuals(until: int, march: float = 10_000):
    months = [f"2026-{m:02d}" for m in range(4, 13)] + [f"2027-{m:02d}" for m in range(1, 4)]
    rows = [("R1", m, 10_000) for m in months[:until]] + [("N", m, 5_000) for m in months[:until]]
    if until == 12:
        rows[11] = ("R1", months[11], march)
    return actual_rows(*rows)


def test_recurrent_outturn_exit_run_rate_and_the_shortfall_carried_forward():
    figures = MonthlyFigures.from_register(REGISTER, 2026, "2026-10", actuals(7))
    found = next_year(figures)
    assert found.recurrent_outturn == pytest.approx(150_000)  # blank = recurrent (R2)
    assert found.non_recurrent_outturn == pytest.approx(60_000)
    assert found.exit_run_rate == pytest.approx(12 * (10_000 + 15_000))
    assert found.plan_exit_run_rate == pytest.approx(12 * (10_000 + 20_000))
    assert found.shortfall_carried_forward == pytest.approx(60_000)
    assert found.plan_next_year == pytest.approx(180_000)
    assert found.forecast_next_year == pytest.approx(200_000)
    assert found.next_year_gap == pytest.approx(-20_000)
    assert set(found.as_json()) == set(DEFINITIONS) | {"next_year_gap"}


def test_once_march_is_reported_its_actual_sets_the_exit_run_rate():
    figures = MonthlyFigures.from_register(REGISTER, 2026, "2027-03", actuals(12, march=7_000))
    found = next_year(figures)
    # R1's March actual 7,000; R2 saved nothing recorded in February or March (reported): 0
    assert found.exit_run_rate == pytest.approx(12 * 7_000)
    assert found.shortfall_carried_forward == pytest.approx(12 * (30_000 - 7_000))


def test_adjustment_rows_count_as_recurrent():
    figures = MonthlyFigures.from_register(
        REGISTER, 2026, "2026-10", actuals(7), adjustments_in_year=-5_000
    )
    found = next_year(figures, adjustments_next_year=-2_000)
    assert found.recurrent_outturn == pytest.approx(145_000)
    assert found.plan_next_year == pytest.approx(178_000)
