"""Each scheme's road from its plan to its outturn, and what its project plan would add.

Per scheme, by the headline's own steps (shared/DESIGN.md "The headline figures"):

    plan - risk weighting - slippage + (actual - forecast to date) = outturn

* **risk weighting** = plan - most likely: the rating's haircut, an expected loss, not a
  saving anyone has lost yet;
* **slippage** = most likely - forecast: the months the directors say are lost (or gained);
* **actual against forecast to date**: what the months reported so far saved above (+) or
  below (-) their forecast;
* **plans' effect**: where the scheme's project plan starts the service later than the
  directors' forecast, the outturn it would lose if the plan stands
  (:func:`plans_outturn_effect`).

The scheme's **effect on the outturn** is what its outturn has lost, or would lose, to delivery:
slippage, actuals below forecast and the plans' effect (not the rating's haircut, shown beside
it). The board paper ranks its top risks by it. Money is in pounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..schema import Scheme
from .monthly import Floats, MonthlyFigures
from .phasing import FORECAST, phase

COLUMNS = (
    Scheme.scheme_id,
    Scheme.scheme,
    Scheme.owner,
    "rating",
    "plan_gbp",
    "weighting_gbp",
    "slippage_gbp",
    "actual_vs_forecast_gbp",
    "outturn_gbp",
    "at_risk_gbp",
    "plan_open_gbp",
    "forecast_open_gbp",
    "plans_effect_gbp",
    "effect_gbp",
    "change_months",
    "plan_change_months",
)


def scheme_exposure(figures: MonthlyFigures, plans: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each scheme's plan, its steps to the outturn and its effect on the outturn.

    Args:
        figures: the month (:class:`.monthly.MonthlyFigures`).
        plans: :func:`plans_outturn_effect` of the month (``None``: no plan is later than
            the directors' forecast).

    Returns:
        One row per scheme, register order: :data:`COLUMNS` (pounds):
        ``plan_gbp - weighting_gbp - slippage_gbp + actual_vs_forecast_gbp == outturn_gbp``;
        ``at_risk_gbp`` = plan - outturn; ``plan_open_gbp`` and ``forecast_open_gbp``: the
        plan and the forecast for the months not yet reported (whose outturn is the forecast);
        ``effect_gbp`` = slippage - actual against forecast + plans' effect;
        ``change_months`` the directors' change in delivery and ``plan_change_months`` the
        plan's (blank where no plan is later).
    """
    reg = figures.register
    counted = figures.counted
    plan = figures.plan[:, :12]
    likely = figures.most_likely[:, :12]
    forecast = figures.forecast[:, :12]
    outturn = figures.outturn_by_scheme()
    avf = (figures.actual - forecast)[:, counted].sum(axis=1)
    ids = [str(i) for i in reg[Scheme.scheme_id]]
    by_id = (plans if plans is not None else _no_plans()).set_index(Scheme.scheme_id)
    effect_plans = pd.Series(ids).map(by_id["effect_gbp"]).astype(float).fillna(0.0).to_numpy()
    plan_change = pd.Series(ids).map(by_id["plan_change_months"]).astype(float).to_numpy()
    out = pd.DataFrame(
        {
            Scheme.scheme_id: ids,
            Scheme.scheme: _text(reg, Scheme.scheme),
            Scheme.owner: _text(reg, Scheme.owner),
            "rating": _text(reg, Scheme.rag_overall, lower=True),
            "plan_gbp": plan.sum(axis=1),
            "weighting_gbp": (plan - likely).sum(axis=1),
            "slippage_gbp": (likely - forecast).sum(axis=1),
            "actual_vs_forecast_gbp": avf,
            "outturn_gbp": outturn,
            "at_risk_gbp": plan.sum(axis=1) - outturn,
            "plan_open_gbp": plan[:, ~counted].sum(axis=1),
            "forecast_open_gbp": forecast[:, ~counted].sum(axis=1),
            "plans_effect_gbp": effect_plans,
            "change_months": pd.to_numeric(
                reg.get(Scheme.change_in_delivery_months, pd.Series(0.0, index=reg.index))
            )
            .fillna(0.0)
            .to_numpy(dtype=float),
            "plan_change_months": plan_change,
        }
    )
    out["effect_gbp"] = out["slippage_gbp"] - out["actual_vs_forecast_gbp"] + effect_plans
    return out[list(COLUMNS)]


def plans_outturn_effect(
    figures: MonthlyFigures, plan_change_months: Mapping[str, float]
) -> pd.DataFrame:
    """The outturn each scheme would lose if its project plan, not the directors, says when
    the service starts.

    Only a plan that starts the service *later* than the directors' forecast counts (its change
    in delivery below the directors'); only months not yet reported move (a reported month's
    saving is its actual).

    Args:
        figures: the month.
        plan_change_months: scheme_id -> the change in delivery the scheme's plan gives
            (``model.plans.commencement_changes``: go-live month - the plan's month).

    Returns:
        ``scheme_id, change_months`` (the directors'), ``plan_change_months``,
        ``effect_gbp`` (outturn lost, pounds, > 0), one row per scheme whose plan is later;
        largest first.
    """
    columns = [Scheme.scheme_id, "change_months", "plan_change_months", "effect_gbp"]
    reg = figures.register
    ids = reg[Scheme.scheme_id].astype(str)
    directors = (
        pd.to_numeric(reg[Scheme.change_in_delivery_months]).fillna(0.0).to_numpy(dtype=float)
    )
    planned = ids.map({str(k): float(v) for k, v in plan_change_months.items()}).to_numpy(
        dtype=float
    )
    later = ~np.isnan(planned) & (planned < directors)
    if not later.any():
        return pd.DataFrame(columns=columns)
    adjusted = reg.copy()
    adjusted[Scheme.change_in_delivery_months] = np.where(later, planned, directors)
    plan_fc = phase(adjusted, figures.year, FORECAST, weights=figures.weights).monthly[:, :12]
    open_months = ~figures.counted
    effect: Floats = (figures.forecast[:, :12] - plan_fc)[:, open_months].sum(axis=1)
    out = pd.DataFrame(
        {
            Scheme.scheme_id: ids.to_numpy()[later],
            "change_months": directors[later],
            "plan_change_months": planned[later],
            "effect_gbp": effect[later],
        }
    )
    return out.sort_values(["effect_gbp", Scheme.scheme_id], ascending=[False, True]).reset_index(
        drop=True
    )


def _no_plans() -> pd.DataFrame:
    return pd.DataFrame(
        {
            Scheme.scheme_id: pd.Series(dtype=str),
            "plan_change_months": pd.Series(dtype=float),
            "effect_gbp": pd.Series(dtype=float),
        }
    )


def _text(reg: pd.DataFrame, column: str, *, lower: bool = False) -> np.ndarray[Any, Any]:
    if column not in reg:
        return np.full(len(reg), "", dtype=object)
    text = reg[column].astype("string").fillna("").str.strip()
    if lower:
        text = text.str.lower()
    values: np.ndarray[Any, Any] = text.to_numpy(dtype=object)
    return values
