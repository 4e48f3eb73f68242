"""Every table of the pack by sheet name: what the workbook and ``data/processed/<period>/``
hold (:func:`pack_tables`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import headline as _headline
from ..model.phasing import Phasing
from ..month import MonthInputs
from ..schema import Scheme
from .delivery import delivery_by_scheme, next_year_effect, waterfall
from .rag import previous_ratings, rag_panel, rag_summary, ratings_moved
from .savings import (
    in_year_by,
    live_from_april,
    register_tie_out,
    savings_curve,
    scheme_table,
    unrecorded_actuals,
    ytd_variance,
)


def long_profile(phasings: list[Phasing]) -> pd.DataFrame:
    """:meth:`Phasing.to_long` of each basis, one under the other, with the month as text
    (``2026-04``): ``scheme_id, month, measure, value_gbp``. The text columns are categorical
    (30,000 schemes: 2.16 million rows of two dozen months and three measures), which holds
    the table in 28 MB where a string per row took 450 MB; the CSV reads the same."""
    first = phasings[0]
    n_schemes, n_months = first.monthly.shape
    if any(
        p.monthly.shape != first.monthly.shape or list(p.months) != list(first.months)
        for p in phasings
    ):  # not one grid: the plain way
        out = pd.concat([p.to_long() for p in phasings], ignore_index=True)
        return out.assign(month=out["month"].astype(str))
    ids, schemes = pd.factorize(pd.Series(np.asarray(first.scheme_ids, dtype=object)))
    k = len(phasings)
    return pd.DataFrame(
        {
            Scheme.scheme_id: pd.Categorical.from_codes(
                np.tile(np.repeat(ids, n_months), k), categories=pd.Index(schemes).astype(str)
            ),
            "month": pd.Categorical.from_codes(
                np.tile(np.arange(n_months), n_schemes * k),
                categories=[str(m) for m in first.months],
            ),
            "measure": pd.Categorical.from_codes(
                np.repeat(np.arange(k), n_schemes * n_months),
                categories=[p.basis.name for p in phasings],
            ),
            "value_gbp": np.concatenate([p.monthly.ravel() for p in phasings]),
        }
    )


def pack_tables(month: MonthInputs) -> dict[str, pd.DataFrame]:
    """Every table of the pack by sheet name (Excel workbook and ``data/processed``)."""

    head = _headline.headline(month).as_dict()
    summary = pd.DataFrame(
        {
            "figure": list(head),
            "value": [
                v
                if isinstance(v, (int, float)) or v is None
                else ", ".join(v)
                if isinstance(v, list)
                else str(v)
                for v in head.values()
            ],
        }
    )
    curve = savings_curve(month)
    curve["month"] = curve["month"].astype(str)
    monthly = long_profile([month.plan, month.most_likely, month.forecast])
    actuals = (
        month.actuals.assign(month=month.actuals["month"].astype(str))
        if month.actuals is not None
        else pd.DataFrame(columns=["scheme_id", "month", "actual_gbp", "source"])
    )
    return {
        "summary": summary,
        "actuals": actuals.reset_index(drop=True),
        "schemes": scheme_table(month),
        "savings_curve": curve,
        "by_theme": in_year_by(month, Scheme.theme),
        "by_phase": in_year_by(month, Scheme.phase),
        "by_rag": rag_summary(month),
        "ytd_variance": ytd_variance(month),
        "live_from_april": live_from_april(month),
        "ratings": rag_panel(month),
        "ratings_moved": ratings_moved(month, previous_ratings(month)),
        "waterfall": waterfall(month),
        "bridge": _headline.bridge(month),
        "register_tie_out": register_tie_out(month),
        "no_actual_recorded": unrecorded_actuals(month),
        "change_in_delivery": delivery_by_scheme(month),
        "next_year_effect": next_year_effect(month),
        "monthly_profile": monthly.reset_index(drop=True),
    }
