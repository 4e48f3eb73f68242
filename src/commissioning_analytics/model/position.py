"""Next year and the recurrent position: what this year's savings leave the organisation with.

One definition each (:data:`DEFINITIONS`, in the words the methods document and the summary
use):

* **recurrent outturn**: the part of this year's outturn that comes from savings that recur
  (every scheme not marked one-off; adjustment rows counted in the outturn count as
  recurrent); the rest is the **non-recurrent outturn**;
* **exit run-rate**: the recurrent saving of the year's last month (March: its actual once
  reported, else its risk-weighted forecast) x 12, the full-year value of the savings running
  as the year ends; the **plan's exit run-rate** is the same from the plan;
* **shortfall carried forward**: the plan's exit run-rate less the exit run-rate, the recurrent
  saving a year ahead that the plan expected and the year will not deliver (negative: ahead);
* **next year's plan** and **next year's forecast**: the incremental effect in the following
  financial year of this year's recurrent schemes (FYE less this year's part), by the board's
  rules from the planned and from the forecast go-live; neither is risk-weighted.

Money is in pounds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .monthly import MonthlyFigures, recurrent

DEFINITIONS: dict[str, str] = {
    "recurrent_outturn": (
        "Recurrent outturn: the part of this year's outturn from savings that recur (every "
        "scheme not marked one-off)."
    ),
    "non_recurrent_outturn": (
        "Non-recurrent outturn: the part of this year's outturn from one-off savings."
    ),
    "exit_run_rate": (
        "Exit run-rate: the recurrent saving in March (its actual once reported, else the "
        "risk-weighted forecast) × 12, the full-year value of the savings running as the "
        "year ends."
    ),
    "plan_exit_run_rate": "Plan's exit run-rate: the same from the plan (March's plan × 12).",
    "shortfall_carried_forward": (
        "Shortfall carried forward: the plan's exit run-rate less the exit run-rate, the "
        "recurrent saving the plan expected to carry into next year that the year will not "
        "deliver."
    ),
    "plan_next_year": (
        "Next year's plan: the incremental saving next year of this year's recurrent schemes "
        "(FYE less this year's part) if they go live as planned; not risk-weighted."
    ),
    "forecast_next_year": (
        "Next year's forecast: the same from the directors' forecast go-live; not risk-weighted."
    ),
}


@dataclass(frozen=True)
class NextYear:
    """The recurrent position and next year (see :data:`DEFINITIONS`), pounds."""

    recurrent_outturn: float
    non_recurrent_outturn: float
    exit_run_rate: float
    plan_exit_run_rate: float
    shortfall_carried_forward: float
    plan_next_year: float
    forecast_next_year: float

    @property
    def next_year_gap(self) -> float:
        """Next year's plan less its forecast (positive: the forecast falls short)."""
        return self.plan_next_year - self.forecast_next_year

    def as_json(self) -> dict[str, float]:
        return {**dataclasses.asdict(self), "next_year_gap": self.next_year_gap}


def next_year(figures: MonthlyFigures, *, adjustments_next_year: float = 0.0) -> NextYear:
    """The month's recurrent position and next year.

    Args:
        figures: the month (:class:`.monthly.MonthlyFigures`).
        adjustments_next_year: adjustment rows counted in next year's plan and forecast
            (``0`` unless the pack includes them), pounds.
    """
    rec = recurrent(figures.register)
    outturn = figures.outturn_by_scheme()
    march = figures.outturn_by_month()[:, 11]
    exit_rate = 12.0 * float(march[rec].sum())
    plan_exit = 12.0 * float(figures.plan[rec, 11].sum())
    adj = figures.adjustments_in_year
    return NextYear(
        recurrent_outturn=float(outturn[rec].sum()) + adj,
        non_recurrent_outturn=float(outturn[~rec].sum()),
        exit_run_rate=exit_rate,
        plan_exit_run_rate=plan_exit,
        shortfall_carried_forward=plan_exit - exit_rate,
        plan_next_year=float(np.sum(figures.plan_next_year[rec])) + adjustments_next_year,
        forecast_next_year=float(np.sum(figures.forecast_next_year[rec])) + adjustments_next_year,
    )
