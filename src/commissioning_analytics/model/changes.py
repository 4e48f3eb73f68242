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


def outturn_gbp(forecast_by_month: np.ndarray, actual_by_month: np.ndarray | None,
                period_index: int | None) -> float:
    """The year's outturn: actual to date + the forecast for the months after the reporting
    month (shared/DESIGN.md); the forecast in year when there are no actuals or no reporting
    month. Pounds.

    TODO(headline.py): the one definition of outturn lives in headline.py once it lands; this
    mirrors DESIGN.md's so that scenarios, bring-forward, delivery risk and the explorer state
    the same outturn and gap. Switch these callers to headline.py at merge.

    Args:
        forecast_by_month: the forecast (risk-weighted) per month, April to March (12 values).
        actual_by_month: actual savings per month, April to March (0 where none); ``None``:
            no actuals.
        period_index: the reporting month as an offset from April (``None``: none).
    """
    forecast = np.asarray(forecast_by_month, dtype=float)[:12]
    if actual_by_month is None or period_index is None:
        return float(forecast.sum())
    k = int(period_index)
    return float(np.asarray(actual_by_month, dtype=float)[: k + 1].sum() + forecast[k + 1:].sum())
