"""Figures a register does not state, derived by the board's rules turned round: go-live and
plan in year from a monthly plan, go-live from the months in year, FYE and go-live from annual
figures only, FYE from plan in year and months; each said in the load report's notes."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from ... import calendar
from ...schema import Scheme


def _year_from_go_lives(go_lives: pd.Series) -> int | None:
    """The financial year most schemes go live in (the earliest on a tie)."""
    years = Counter(calendar.fy_start_year(m) for m in go_lives.dropna())
    if not years:
        return None
    top = max(years.values())
    return min(y for y, n in years.items() if n == top)


_SAVING_COLUMNS = (
    Scheme.fye_net_saving,
    Scheme.plan_in_year,
    Scheme.plan_next_year,
    Scheme.most_likely_in_year,
    Scheme.forecast_in_year,
    Scheme.forecast_next_year,
)


def _savings_negative(schemes: pd.DataFrame, pos, monthly_plan: pd.DataFrame) -> bool:
    """Every non-zero saving figure (and monthly plan) negative, at least two of them."""
    parts = [schemes[c].to_numpy(dtype=float) for c in _SAVING_COLUMNS if c in pos]
    parts.append(monthly_plan["plan_gbp"].to_numpy(dtype=float))
    values = np.concatenate(parts) if parts else np.array([])
    values = values[~np.isnan(values) & (values != 0)]
    return len(values) >= 2 and bool((values < 0).all())


def _from_months(schemes: pd.DataFrame, monthly_plan: pd.DataFrame, pos, notes) -> None:
    """Fill what a monthly plan gives where the register states nothing: go-live (first month
    with a plan), plan in year (the sum of the year's months), FYE (the exit run rate)."""
    year_months = monthly_plan.groupby(Scheme.scheme_id, sort=False)
    total = year_months["plan_gbp"].sum()
    live = monthly_plan[monthly_plan["plan_gbp"] != 0].groupby(Scheme.scheme_id)["month"].min()
    last_month = monthly_plan["month"].max()
    exit_rate = (
        monthly_plan[monthly_plan["month"] == last_month].set_index(Scheme.scheme_id)["plan_gbp"]
        * 12
    )
    ids = schemes[Scheme.scheme_id]
    if Scheme.go_live not in pos:
        found = ids.map(live)
        schemes[Scheme.go_live] = pd.PeriodIndex(
            [m if isinstance(m, pd.Period) else pd.NaT for m in found], freq="M"
        )
        notes.append("go-live read as the first month with a plan (no go-live column)")
    if Scheme.plan_in_year not in pos:
        schemes[Scheme.plan_in_year] = ids.map(total).astype(float).to_numpy()
        notes.append("plan in year read as the sum of the monthly plan (no annual plan column)")
    if Scheme.fye_net_saving not in pos:
        rate = ids.map(exit_rate).astype(float)
        in_year = ids.map(total).astype(float)
        schemes[Scheme.fye_net_saving] = np.where(rate > 0, rate, in_year)
        notes.append(
            f"full-year effect (FYE) read as the plan for {last_month.strftime('%b-%y')}"
            " x 12, the exit run rate (no FYE column); a scheme with no plan that month"
            " takes its in-year plan"
        )


def _derive_go_live(schemes: pd.DataFrame, pos, year, notes) -> None:
    """With no go-live column, go-live from the stated months in year (12 = April)."""
    if Scheme.go_live in pos or year is None or Scheme.months_in_year not in pos:
        return
    missing = schemes[Scheme.go_live].isna()
    if not missing.any():
        return
    months = schemes[Scheme.months_in_year].to_numpy(dtype=float)
    start = calendar.fy_start(year)
    found = [start + int(12 - m) if not np.isnan(m) else pd.NaT for m in months]
    current = list(schemes[Scheme.go_live])
    schemes[Scheme.go_live] = pd.PeriodIndex(
        [f if miss else c for f, c, miss in zip(found, current, missing)], freq="M"
    )
    notes.append("go-live read from the months in year (no go-live column)")


def _assume_from_year_figures(
    schemes: pd.DataFrame, pos, year, notes, ytd_plan: np.ndarray | None = None
) -> tuple[str, ...]:
    """A register with annual figures only (a finance report's QIPP table: annual plan, YTD,
    forecast outturn; a pooled-budget tracker: "Saving 2024/25", "Saving 2025/26") and no
    go-live, months in year or monthly plan: FYE and go-live as the board's rules give them.

    FYE, where no column states it, is the plan in year plus the plan next year (the rules'
    incremental effect; a one-off saving's FYE is its plan in year), or the plan in year alone.
    Go-live is the month that makes plan in year = FYE x months / 12 (whole months): with no
    next-year figure every scheme saves from April. A YTD plan column is the evidence for that
    flat year: YTD plan = annual plan x M / 12 for one M. Returns the columns assumed.
    """
    if Scheme.go_live in pos or Scheme.months_in_year in pos or year is None:
        return ()
    missing = schemes[Scheme.go_live].isna().to_numpy()
    if not missing.any():
        return ()
    assumed = [Scheme.go_live]
    plan = schemes[Scheme.plan_in_year].to_numpy(dtype=float)
    one_off = schemes[Scheme.recurrent].astype("boolean").eq(False).fillna(False).to_numpy()
    if Scheme.fye_net_saving not in pos and Scheme.plan_in_year in pos:
        nxt = schemes[Scheme.plan_next_year].to_numpy(dtype=float)
        fye = (
            plan
            if Scheme.plan_next_year not in pos
            else np.where(one_off, plan, np.nan_to_num(plan) + np.nan_to_num(nxt))
        )
        schemes[Scheme.fye_net_saving] = np.where(
            schemes[Scheme.fye_net_saving].isna(), fye, schemes[Scheme.fye_net_saving]
        )
        assumed.append(Scheme.fye_net_saving)
        notes.append(
            "no full-year effect (FYE) column: FYE = the annual plan"
            + (
                " plus the plan next year (a one-off saving's, its plan in year)"
                if Scheme.plan_next_year in pos
                else ""
            )
        )
    fye = schemes[Scheme.fye_net_saving].to_numpy(dtype=float)
    if Scheme.plan_in_year not in pos and Scheme.fye_net_saving in pos:
        # "Full year plan" alone: a flat year from April, plan in year = FYE by the rules
        plan = fye.copy()
        schemes[Scheme.plan_in_year] = plan
        assumed.append(Scheme.plan_in_year)
        notes.append("no plan in year column: plan in year = the full-year figure (a flat year)")
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = np.where((fye > 0) & ~np.isnan(plan), 12 * plan / fye, 12.0)
    exact = np.where(np.isnan(exact), 12.0, exact)
    months = np.clip(np.round(exact), 0, 12).astype(int)
    start = calendar.fy_start(year)
    found = [start + int(12 - m) for m in months]
    current = list(schemes[Scheme.go_live])
    schemes[Scheme.go_live] = pd.PeriodIndex(
        [f if miss else c for f, c, miss in zip(found, current, missing)], freq="M"
    )
    from_april = bool((months[missing] == 12).all())
    if from_april:
        notes.append(
            f"no go-live column: every scheme taken as saving from April "
            f"{start.year} (plan in year = FYE, a flat year)"
        )
    else:
        later = ", ".join(
            f"{i} from {m.strftime('%b-%y')}"
            for i, m, k, miss in zip(schemes[Scheme.scheme_id], found, months, missing)
            if miss and k < 12
        )
        notes.append(
            "no go-live column: go-live taken as the month that gives plan in year "
            f"= FYE x months / 12 ({later}; the others from April {start.year})"
        )
    uneven = [
        str(i)
        for i, e, miss in zip(schemes[Scheme.scheme_id], exact, missing)
        if miss and abs(e - round(e)) > 0.05
    ]
    if uneven:
        notes.append(
            "plan in year is not a whole number of months of FYE for scheme(s) "
            f"{', '.join(uneven)}: go-live rounded to the nearest month"
        )
    if ytd_plan is not None and from_april:
        usable = (plan > 0) & ~np.isnan(ytd_plan)
        ratios = 12 * ytd_plan[usable] / plan[usable]
        if usable.any():
            month = round(float(ratios.max()))  # a scheme saving from April: M/12
            off = [
                str(i)
                for i, r in zip(schemes[Scheme.scheme_id][usable], ratios)
                if abs(r - month) > 0.05
            ]
            if 1 <= month <= 12 and not off:
                notes.append(
                    f"the YTD plan is the annual plan x {month}/12 for every scheme: "
                    "a flat year, consistent with saving from April"
                )
            else:
                notes.append(
                    "the YTD plan is not the annual plan x months/12 for scheme(s) "
                    f"{', '.join(off) or 'all'}: their plan may not be flat through "
                    "the year; go-live is still taken as April"
                )
    return tuple(assumed)


def _derive_fye(schemes: pd.DataFrame, pos, year, notes) -> None:
    """With no FYE column, FYE = plan in year x 12 / months in year (the board's rule turned
    round; months as stated, else from go-live); a one-off saving's FYE is its in-year plan."""
    if Scheme.fye_net_saving in pos or schemes[Scheme.fye_net_saving].notna().all():
        return
    months = schemes[Scheme.months_in_year].to_numpy(dtype=float)
    if year is not None:
        from_go_live = np.array(
            [
                calendar.months_in_year(m, year) if not pd.isna(m) else np.nan
                for m in schemes[Scheme.go_live]
            ],
            dtype=float,
        )
        months = np.where(np.isnan(months), from_go_live, months)
    plan = schemes[Scheme.plan_in_year].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        fye = np.where(months > 0, plan * 12 / months, np.nan)
    one_off = schemes[Scheme.recurrent].astype("boolean").eq(False).fillna(False).to_numpy()
    fye = np.where(one_off, plan, fye)
    schemes[Scheme.fye_net_saving] = np.where(
        schemes[Scheme.fye_net_saving].isna(), fye, schemes[Scheme.fye_net_saving]
    )
    notes.append(
        "full-year effect (FYE) read as plan in year x 12 / months in year "
        "(no FYE column; a one-off saving's FYE is its plan in year)"
    )
