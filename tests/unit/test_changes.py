"""The one rule for the earliest month a change can affect, and the outturn changes are
stated against."""

import numpy as np
import pytest

from commissioning_analytics.model.changes import earliest_offset, hold_reported, outturn_gbp

pytestmark = pytest.mark.unit


def test_earliest_month_is_the_month_after_the_reporting_month():
    assert earliest_offset(2026, "2026-10") == 7  # November 2026 = M8 = offset 7
    assert earliest_offset(2026, "2026-04") == 1
    assert earliest_offset(2026, "2027-03") == 12  # the year is fully reported
    assert earliest_offset(2026, None) == 0  # nothing reported: April


def test_live_schemes_stay_and_nothing_moves_before_the_earliest_month():
    # earliest November (7). Scheme a: live in July (3), asks for May: stays July.
    # b: December (8) asks for October (6): held at November. c: January (9) asks for
    # March (11, later): fine. d: no go-live. e: live in July asks for later: stays.
    before = np.array([3, 8, 9, np.nan, 3])
    after = np.array([1, 6, 11, 5, 6])
    held = hold_reported(before, after, 7)
    assert held[[0, 1, 2, 4]].tolist() == [3, 7, 11, 3]
    assert np.isnan(held[3])


def test_outturn_is_actual_to_date_plus_the_forecast_for_the_months_left():
    forecast = np.full(12, 10.0)
    actual = np.array([8.0] * 7 + [99.0] * 5)  # months after the reporting month are ignored
    assert outturn_gbp(forecast, actual, 6) == pytest.approx(7 * 8 + 5 * 10)
    assert outturn_gbp(forecast, None, 6) == pytest.approx(120)
    assert outturn_gbp(forecast, actual, None) == pytest.approx(120)


def test_outturn_counts_the_forecast_of_a_scheme_month_not_reported():
    # two schemes, £10 a month forecast; actuals £8 a month April-October (k = 6), except
    # scheme 2's October, not reported: 7 x 8 + 5 x 10 for scheme 1, 6 x 8 + 6 x 10 for 2
    forecast = np.full((2, 12), 10.0)
    actual = np.where(np.arange(12) <= 6, 8.0, 0.0) * np.ones((2, 1))
    recorded = np.tile(np.arange(12) <= 6, (2, 1))
    recorded[1, 6] = False
    actual[1, 6] = 0.0
    assert outturn_gbp(forecast, actual, 6, recorded).tolist() == pytest.approx([106, 108])
    # every scheme-month reported: the actuals count, the forecast only after October
    assert outturn_gbp(forecast, actual, 6, np.tile(np.arange(12) <= 6, (2, 1))).tolist() == (
        pytest.approx([106, 98])
    )
