"""The decisions the board summary proposes, by rules stated on the page (docs/methods.md):
the schemes with most saving at risk, and the schemes to propose for withdrawal or a recovery
plan. Pure functions on the per-scheme table of :func:`views.summary.scheme_outturn` (pounds)."""

from __future__ import annotations

import pandas as pd

from ..schema import Scheme

TOP_RISKS = 5


def top_risks(schemes: pd.DataFrame, n: int = TOP_RISKS) -> pd.DataFrame:
    """The ``n`` schemes with the most in-year saving at risk (plan - outturn > £0), largest
    first (ties by scheme number)."""
    risky = schemes[schemes["at_risk_gbp"] > 0.5]
    return (
        risky.sort_values(["at_risk_gbp", Scheme.scheme_id], ascending=[False, True])
        .head(n)
        .reset_index(drop=True)
    )


def proposals(schemes: pd.DataFrame) -> pd.DataFrame:
    """Schemes to propose for recovery or withdrawal, by a stated rule.

    * withdrawal (or re-phasing into next year): planned in year but its outturn is £0;
    * recovery: rated red overall, or its outturn under half its plan.
    """
    planned = schemes["plan_gbp"] > 0.5
    nothing = planned & (schemes["outturn_gbp"].abs() < 0.5)
    recover = (
        planned
        & ~nothing
        & (
            (schemes["rating"] == "red")
            | (schemes["outturn_gbp"] < 0.5 * schemes["plan_gbp"] - 0.5)
        )
    )
    out = pd.concat(
        [
            schemes[nothing].assign(proposal="withdraw or re-phase into next year"),
            schemes[recover].assign(proposal="recovery plan"),
        ]
    )
    return out.sort_values(["at_risk_gbp", Scheme.scheme_id], ascending=[False, True]).reset_index(
        drop=True
    )
