"""Page 30's tables: the change in delivery by scheme, its next-year effect, the first steps of
the bridge; the scenarios side by side, the delivery-risk simulation and the bring-forward plan,
each worked out by one function that the page, the board summary and the workbook share."""

from __future__ import annotations

import pandas as pd

from ..model import headline as _headline
from ..month import MonthInputs
from ..schema import Scheme


def waterfall(month: MonthInputs) -> pd.DataFrame:
    """Plan in year -> risk weighting -> change in delivery -> forecast, pounds: the first
    steps of :func:`headline.bridge` (``stage``, ``step`` = plotly waterfall measure,
    ``value_gbp``)."""

    steps = _headline.bridge(month)
    upto = steps.index[steps["key"] == "forecast"][0]
    steps = steps.loc[:upto]
    return pd.DataFrame(
        {"stage": steps["step"], "step": steps["measure"], "value_gbp": steps["value_gbp"]}
    ).reset_index(drop=True)


def delivery_by_scheme(month: MonthInputs) -> pd.DataFrame:
    """Per scheme with a change in delivery: months gained (+) / lost (-), in-year and
    next-year effect, pounds. Sorted from the largest loss to the largest gain."""
    reg = month.register
    change = reg[Scheme.change_in_delivery_months].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            Scheme.scheme_id: reg[Scheme.scheme_id].astype(str),
            Scheme.scheme: reg[Scheme.scheme],
            Scheme.theme: reg[Scheme.theme] if Scheme.theme in reg else "",
            "months_in_year": month.plan.months_in_year,
            "change_months": change,
            "effective_months": month.forecast.months_in_year,
            "in_year_effect_gbp": month.forecast.in_year - month.most_likely.in_year,
            "next_year_effect_gbp": month.forecast.next_year - month.plan.next_year,
        }
    )
    out = out[out["change_months"] != 0]
    return out.sort_values(["in_year_effect_gbp", Scheme.scheme_id]).reset_index(drop=True)


def next_year_effect(month: MonthInputs) -> pd.DataFrame:
    """Next year's incremental saving, plan vs forecast, by theme, pounds (slippage moves
    savings out of this year and into the next)."""
    frame = pd.DataFrame(
        {
            Scheme.theme: month.register[Scheme.theme].astype("string").fillna("Not stated"),
            "plan_next_year_gbp": month.plan.next_year,
            "forecast_next_year_gbp": month.forecast.next_year,
        }
    )
    out = frame.groupby(Scheme.theme).sum().reset_index()
    out["slippage_into_next_year_gbp"] = out["forecast_next_year_gbp"] - out["plan_next_year_gbp"]
    return out
