"""Page 20's tables: the panel ratings of every scheme, count and value by rating, what the risk
weighting takes off each scheme, and the ratings moved since last month."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..month import MonthInputs, previous_tables
from ..schema import Scheme

NOT_RATED = "not rated"  # a blank rating, now or last month, in the moved table

PANEL_LABELS = {
    Scheme.rag_value: "Value",
    Scheme.rag_resources: "Resources",
    Scheme.rag_timeliness: "Timeliness",
    Scheme.rag_codependency: "Co-dependency",
    Scheme.rag_overall: "Overall",
}


def rag_panel(month: MonthInputs) -> pd.DataFrame:
    """The five panel ratings per scheme, long: ``scheme_id, scheme, panel, rating``."""
    reg = month.register
    cols = [c for c in Scheme.RAG_COLUMNS if c in reg]
    long = reg[[Scheme.scheme_id, Scheme.scheme, *cols]].melt(
        id_vars=[Scheme.scheme_id, Scheme.scheme], var_name="panel", value_name="rating"
    )
    long["rating"] = long["rating"].astype("string").str.lower()
    long["panel"] = long["panel"].map(PANEL_LABELS)
    return long.reset_index(drop=True)


def rag_summary(month: MonthInputs, by: str | None = None) -> pd.DataFrame:
    """Count and plan value by overall RAG (and ``by``: phase or theme), with what the risk
    weighting takes off the plan, pounds."""
    reg = month.register
    frame = pd.DataFrame(
        {
            "rating": reg[Scheme.rag_overall].astype("string").str.lower().fillna("not rated"),
            "schemes": 1,
            "plan_gbp": month.plan.in_year,
            "most_likely_gbp": month.most_likely.in_year,
            "weight": month.most_likely.weight,
        }
    )
    keys = ["rating"]
    if by:
        frame[by] = reg[by].astype("string").fillna("Not stated").to_numpy()
        keys = [by, "rating"]
    out = (
        frame.groupby(keys)
        .agg(
            schemes=("schemes", "sum"),
            plan_gbp=("plan_gbp", "sum"),
            most_likely_gbp=("most_likely_gbp", "sum"),
        )
        .reset_index()
    )
    out["risk_adjustment_gbp"] = out["most_likely_gbp"] - out["plan_gbp"]
    order = {"green": 0, "amber": 1, "red": 2}
    out["_o"] = out["rating"].map(order).fillna(3)
    return out.sort_values([*keys[:-1], "_o"]).drop(columns="_o").reset_index(drop=True)


def previous_ratings(month: MonthInputs) -> pd.DataFrame | None:
    """The previous month's scheme table (:func:`pages.index.previous_tables`: the pack's tidy
    tables, else the data folder's ``history/``), or ``None``."""

    found = previous_tables(month)
    return found[0] if found else None


def ratings_moved(month: MonthInputs, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Schemes whose panel or overall rating differs from the previous month's pack.

    Returns:
        ``scheme_id, scheme, panel, was, now, direction`` (``better``/``worse`` between two
        ratings of the green-amber-red scale, else ``changed``); new schemes appear with
        ``was`` = "new"; a blank rating, now or then, is ``not rated``.
    """
    cols = ["scheme_id", "scheme", "panel", "was", "now", "direction"]
    if previous is None:
        return pd.DataFrame(columns=cols)
    now = rag_panel(month)
    now[Scheme.scheme_id] = now[Scheme.scheme_id].astype(str)
    prev = previous.copy()
    prev[Scheme.scheme_id] = prev[Scheme.scheme_id].astype(str)
    prev = prev.drop_duplicates(Scheme.scheme_id)
    prev_cols = [c for c in Scheme.RAG_COLUMNS if c in prev]
    prev_long = prev[[Scheme.scheme_id, *prev_cols]].melt(
        id_vars=Scheme.scheme_id, var_name="panel", value_name="was"
    )
    prev_long["panel"] = prev_long["panel"].map(PANEL_LABELS)
    prev_long["was"] = prev_long["was"].astype("string").str.strip().str.lower()
    known = set(prev[Scheme.scheme_id])
    merged = now.merge(prev_long, on=[Scheme.scheme_id, "panel"], how="left")
    merged = merged.rename(columns={"rating": "now"})
    # a panel last month's table has no column for is not compared (not "new", not moved)
    merged = merged[
        ~merged[Scheme.scheme_id].isin(known) | merged["panel"].isin(prev_long["panel"].unique())
    ]
    was = merged["was"].astype(object).where(merged["was"].notna(), NOT_RATED)
    was = was.where(merged[Scheme.scheme_id].isin(known), "new")
    now_words = merged["now"].astype(object).where(merged["now"].notna(), NOT_RATED)
    merged = merged.assign(was=was.astype(str), now=now_words.astype(str))
    moved = merged[merged["was"] != merged["now"]].copy()
    rank = {"green": 0, "amber": 1, "red": 2}
    was_r = moved["was"].map(rank).to_numpy(dtype=float)
    now_r = moved["now"].map(rank).to_numpy(dtype=float)
    direction = np.where(
        np.isnan(was_r) | np.isnan(now_r),
        "changed",
        np.where(now_r < was_r, "better", np.where(now_r > was_r, "worse", "changed")),
    )
    moved = moved.assign(direction=direction)
    return moved[cols].reset_index(drop=True)


def value_at_risk(month: MonthInputs) -> pd.DataFrame:
    """Per scheme, what the risk weighting takes off its plan (plan in year - most likely),
    pounds, with the plan as a tie-break: the order the per-scheme views show schemes in."""
    return pd.DataFrame(
        {
            Scheme.scheme_id: month.register[Scheme.scheme_id].astype(str).to_numpy(),
            Scheme.scheme: month.register[Scheme.scheme].astype(str).to_numpy(),
            "at_risk_gbp": month.plan.in_year - month.most_likely.in_year,
            "plan_gbp": month.plan.in_year,
        }
    )
