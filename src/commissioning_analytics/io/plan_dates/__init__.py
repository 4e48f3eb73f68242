"""Dates as project plans write them: pure functions, no workbook in sight.

Two jobs, both tested against tables of cases in ``tests/unit/test_plan_dates.py``:

* :func:`parse_due` reads an action log's free-text due date ("Jan 08", "Feb & March 08",
  "April - May 2008", "Ongoing", "March Meeting") as the *last day of the period named*; words
  such as Ongoing, Complete or Agreed are kept as a state; when no date is named the answer has
  no date, never a guess.
* :func:`resolve_axis` turns the labels of a Gantt grid's time axis (week-commencing dates,
  month names, "wk 1", "month4", a misspelt "mnth5") into the first and last day of each
  column's period, inferring missing years from neighbouring dated columns and carrying the
  year over from December to January.

Dates are ``datetime.date``; a period's end is its last day (a week commencing Monday 5 October
ends Sunday 11 October). Financial years run April to March (see :mod:`..calendar`).

The package, one job a module (every name above is importable from ``io.plan_dates``):
:mod:`.due` the due dates, :mod:`.axis` the time axis, :mod:`.words` what both share.
"""

from __future__ import annotations

from .axis import (
    DAY,
    MONTH,
    QUARTER,
    WEEK,
    AxisPeriod,
    AxisProblem,
    AxisToken,
    axis_token,
    iso_weeks,
    resolve_axis,
    resolve_axis_from,
)
from .due import DueDate, parse_due, year_period
from .words import DATE_RANGE, DONE_STATES, STATE_WORDS

__all__ = [
    "AxisPeriod",
    "AxisProblem",
    "AxisToken",
    "DATE_RANGE",
    "DAY",
    "DONE_STATES",
    "DueDate",
    "MONTH",
    "QUARTER",
    "STATE_WORDS",
    "WEEK",
    "axis_token",
    "iso_weeks",
    "parse_due",
    "resolve_axis",
    "resolve_axis_from",
    "year_period",
]
