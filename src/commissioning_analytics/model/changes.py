"""The one rule for what a change (a scenario, the explorer, bring-forward) may move.

A month that has been reported has its actuals: no change can move savings into it, or out of
it. So a change can only affect months **after the reporting month**:

* the earliest month a change can affect is the month after the reporting month
  (:func:`earliest_offset`; April of the year when there is no reporting month);
* a scheme whose forecast start is before that month is already live (or due to have been):
  a change neither brings it forward nor slips it;
* any other scheme may move later freely, and earlier only as far as that month
  (:func:`hold_reported`).

Scenarios (:func:`..scenarios.apply_scenario`), bring-forward
(:func:`.bring_forward.bring_forward`) and the explorer (:func:`..explorer.recompute`) all call
these two functions. Months are offsets from April of the register's financial year (M1 = 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar


def earliest_offset(year: int, as_of: str | pd.Period | None) -> int:
    """The first month a change can affect, as an offset from April of ``year``.

    Args:
        year: the register's financial year (2026 for 2026/27).
        as_of: the reporting month (``None``: nothing is reported yet, April is the earliest).

    Returns:
        The month after ``as_of`` (0 = April of ``year``; 12 = April of the next year), never
        below 0.

    Examples:
        Reporting October 2026 in 2026/27: 7 (November). No reporting month: 0 (April).
    """
    if as_of is None:
        return 0
    offset = calendar.month_offset(pd.Period(as_of, freq="M"), calendar.fy_start(year))
    return max(int(offset) + 1, 0)


def hold_reported(before: np.ndarray, after: np.ndarray, earliest: int) -> np.ndarray:
    """Each scheme's start month once a change is held out of the reported months.

    Args:
        before: forecast start per scheme before the change (offset from April; NaN = none).
        after: the start the change asks for.
        earliest: :func:`earliest_offset`.

    Returns:
        ``before`` for a scheme that starts before ``earliest`` (already live: it cannot move);
        otherwise ``after``, but never before ``earliest``. NaN stays NaN.
    """
    before = np.asarray(before, dtype=float)
    after = np.asarray(after, dtype=float)
    live = before < earliest
    held = np.where(live, before, np.where(after < earliest, float(earliest), after))
    return np.where(np.isnan(before), np.nan, held)


def outturn_gbp(
    forecast_by_month: np.ndarray,
    actual_by_month: np.ndarray | None,
    period_index: int | None,
    reported: np.ndarray | None = None,
):
    """The year's outturn, the one definition (docs/methods.md): actual savings of the months
    reported so far + the forecast for every other month (the months after the reporting month,
    and a past month with no actuals when the pack is allowed to go without them); the forecast
    in year when there are no actuals or no reporting month. Pounds.

    :mod:`commissioning_analytics.headline`, scenarios, bring-forward, delivery risk and the
    explorer all call this, so they state the same outturn and gap.

    Args:
        forecast_by_month: the forecast (risk-weighted) per month, April to March: 12 values, or
            a schemes x months array (then one outturn per scheme).
        actual_by_month: actual savings per month, April to March (0 where none), shaped as
            ``forecast_by_month``; ``None``: no actuals.
        period_index: the reporting month as an offset from April (``None``: none).
        reported: 12 bools, the months that have actuals (default: every month to date), or
            schemes x 12 bools, the scheme-months with an actual recorded: a live scheme with
            no actual for a reported month counts its forecast there, not nothing.
    """
    forecast = np.asarray(forecast_by_month, dtype=float)[..., :12]
    if actual_by_month is None or period_index is None:
        total = forecast.sum(axis=-1)
        return float(total) if np.ndim(total) == 0 else total
    counted = np.arange(12) <= int(period_index)
    if reported is not None:
        counted = counted & np.asarray(reported, dtype=bool)[..., :12]
    actual = np.asarray(actual_by_month, dtype=float)[..., :12]
    total = np.where(counted, actual, forecast).sum(axis=-1)
    return float(total) if np.ndim(total) == 0 else total
