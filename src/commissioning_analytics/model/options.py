"""Decisions that face the gap: the options, with their pounds and owners, that together close
the gap between the plan and the outturn, and what no option closes.

The options are taken in a stated order, each on the schemes the ones before it left, so no
scheme's pound is counted twice and the totals add up:

1. **Withdraw or re-phase into next year** every scheme planned this year whose outturn is
   £0 (it will save nothing this year): the year's target falls by its plan in year. When none
   qualifies, the option says so, with the rule.
2. **Recovery plans** for every other scheme planned this year that is rated red or whose
   outturn is under half its plan (:class:`Rules`): each at most closes the gap by bringing the
   scheme to its plan for the months not yet reported (its plan less its forecast for them;
   the months already reported are past recovering).
3. **Bring forward** the other schemes (:func:`.bring_forward.bring_forward`: the fewest months,
   within limits by phase, never into a reported month) towards what is left of the gap.
4. **Accept or re-baseline** what the options leave: an explicit ask of the board.

Beside them, **schemes whose own project plan contradicts the forecast**
(:func:`.exposure.plans_outturn_effect`): not an option but a decision, because if the plans
stand the outturn falls and the remainder grows by their effect.

Money is in pounds; a positive gap is a shortfall.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..schema import Scheme
from ..style import money
from .bring_forward import DEFAULT_LIMITS, bring_forward
from .monthly import MonthlyFigures

#: the option rows, in order: key -> label
OPTIONS: dict[str, str] = {
    "withdraw": "Withdraw or re-phase into next year",
    "recovery": "Recovery plans",
    "bring_forward": "Bring schemes forward",
    "remainder": "Accept the shortfall or re-baseline the plan",
}
#: the decision beside the options
PLANS = "plans_contradict"
PLANS_LABEL = "Schemes whose own project plan is later than the forecast"
HALF_PENNY = 0.005


@dataclass(frozen=True)
class Rules:
    """Which schemes each option takes (the page states them).

    Attributes:
        recovery_share: a scheme whose outturn is under this share of its plan in year needs
            a recovery plan (0-1).
        recovery_ratings: overall ratings that need a recovery plan whatever the outturn.
        limits: bring-forward months by phase (``None``: :data:`.bring_forward.DEFAULT_LIMITS`).
    """

    recovery_share: float = 0.5
    recovery_ratings: tuple[str, ...] = ("red",)
    limits: dict[int, int] | None = field(default=None)

    def words(self) -> dict[str, str]:
        """Each option's rule, in a director's words."""
        rated = " or ".join(self.recovery_ratings)
        by_phase = DEFAULT_LIMITS if self.limits is None else self.limits
        limits = ", ".join(
            f"{'none' if months == 0 else f'up to {months}'} in phase {p}"
            for p, months in sorted(by_phase.items())
        )
        return {
            "withdraw": (
                "planned to save this year, but its outturn (actual to date plus forecast) is "
                "£0; withdrawing it, or moving it into next year, takes its plan off the target"
            ),
            "recovery": (
                f"planned to save this year and rated {rated}, or its outturn under "
                f"{self.recovery_share:.0%} of its plan; a recovery plan closes at most its plan "
                "less its forecast for the months not yet reported"
            ),
            "bring_forward": (
                f"the fewest months brought forward, {limits}, never into a month already "
                "reported; schemes withdrawn or under recovery are not moved"
            ),
            "remainder": "what the options above leave of the gap",
            PLANS: (
                "a scheme whose project plan starts the service later than the directors' "
                "forecast; if the plan stands, the outturn falls by the months it loses"
            ),
        }


@dataclass(frozen=True)
class Options:
    """The decisions that face the gap.

    Attributes:
        gap_gbp: the gap (plan - outturn) the options face.
        table: one row per option in order, then the plans' decision: ``key, option, gbp``
            (what it closes; the plans' row: what it would widen the gap by, negative),
            ``owner`` (the owners concerned, or "the board"), ``schemes`` (count), ``named``
            (the schemes, largest first, as ``Name (No id, £)``), ``rule``, ``words`` (one
            sentence a director reads).
        schemes: the schemes each option takes: ``key, scheme_id, scheme, owner, gbp``
            (and ``months`` for bring-forward).
        closed_gbp: what the three options close together.
        remainder_gbp: the gap they leave (negative: they close it with that much to spare).
        plans_gbp: the outturn lost if the contradicting plans stand (>= 0).
    """

    gap_gbp: float
    table: pd.DataFrame
    schemes: pd.DataFrame
    closed_gbp: float
    remainder_gbp: float
    plans_gbp: float

    @property
    def remainder_if_plans_stand_gbp(self) -> float:
        return self.remainder_gbp + self.plans_gbp

    def as_json(self) -> dict[str, Any]:
        """For ``summary.json``: the gap, each option's pounds and owner, the remainder."""
        return {
            "gap_gbp": self.gap_gbp,
            "options": [
                {
                    "key": str(r["key"]),
                    "option": str(r["option"]),
                    "gbp": float(r["gbp"]),
                    "owner": str(r["owner"]),
                    "schemes": int(r["schemes"]),
                }
                for r in self.table.to_dict("records")
            ],
            "closed_gbp": self.closed_gbp,
            "remainder_gbp": self.remainder_gbp,
            "remainder_if_plans_stand_gbp": self.remainder_if_plans_stand_gbp,
        }


def options(
    figures: MonthlyFigures,
    exposure: pd.DataFrame,
    *,
    gap_gbp: float | None = None,
    rules: Rules = Rules(),
    named: int = 5,
) -> Options:
    """The options that face the month's gap (see the module docstring).

    Args:
        figures: the month.
        exposure: :func:`.exposure.scheme_exposure` of the month (with the plans' effect).
        gap_gbp: the headline gap (default: the figures' plan less outturn).
        rules: which schemes each option takes.
        named: schemes named per option (the others are counted).
    """
    gap = figures.plan_in_year() - figures.outturn() if gap_gbp is None else float(gap_gbp)
    words = rules.words()
    ex = exposure.reset_index(drop=True)
    planned = ex["plan_gbp"] > 0.5
    withdraw = planned & (ex["outturn_gbp"].abs() < 0.5)
    recover = (
        planned
        & ~withdraw
        & (
            ex["rating"].isin(rules.recovery_ratings)
            | (ex["outturn_gbp"] < rules.recovery_share * ex["plan_gbp"] - 0.5)
        )
    )
    recovered = np.maximum(ex["plan_open_gbp"] - ex["forecast_open_gbp"], 0.0)
    taken = [
        _chosen(ex[withdraw], "withdraw", ex.loc[withdraw, "plan_gbp"]),
        _chosen(ex[recover], "recovery", recovered[recover]),
    ]
    left = gap - float(taken[0]["gbp"].sum()) - float(taken[1]["gbp"].sum())
    moves = _bring_forward(figures, ex, withdraw | recover, left, rules)
    taken.append(moves)
    plans = ex[ex["plans_effect_gbp"] > HALF_PENNY]
    chosen = pd.concat(
        [*taken, _chosen(plans, PLANS, -plans["plans_effect_gbp"])], ignore_index=True
    )
    closed = float(sum(float(t["gbp"].sum()) for t in taken))
    remainder = gap - closed
    plans_gbp = float(plans["plans_effect_gbp"].sum())

    rows = []
    for key, label in OPTIONS.items():
        mine = chosen[chosen["key"] == key]
        if key == "remainder":
            gbp, owner, count = remainder, "the board", 0
        else:
            gbp, owner, count = float(mine["gbp"].sum()), _owners(mine), len(mine)
        rows.append(
            (key, label, gbp, owner, count, _named(mine, named), words[key])
            + (_sentence(key, gbp, count, gap, remainder, plans_gbp, left),)
        )
    mine = chosen[chosen["key"] == PLANS]
    rows.append(
        (
            PLANS,
            PLANS_LABEL,
            -plans_gbp,
            _owners(mine),
            len(mine),
            _named(mine, named),
            words[PLANS],
            _sentence(PLANS, -plans_gbp, len(mine), gap, remainder, plans_gbp, left),
        )
    )
    table = pd.DataFrame(
        rows, columns=["key", "option", "gbp", "owner", "schemes", "named", "rule", "words"]
    )
    return Options(
        gap_gbp=gap,
        table=table,
        schemes=chosen,
        closed_gbp=closed,
        remainder_gbp=remainder,
        plans_gbp=plans_gbp,
    )


def _chosen(rows: pd.DataFrame, key: str, gbp: Any) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "key": key,
            Scheme.scheme_id: rows[Scheme.scheme_id].astype(str).to_numpy(),
            Scheme.scheme: rows[Scheme.scheme].to_numpy(),
            Scheme.owner: rows[Scheme.owner].to_numpy(),
            "gbp": np.asarray(gbp, dtype=float),
            "months": np.nan,
        }
    )
    return out.sort_values(["gbp", Scheme.scheme_id], ascending=[False, True], key=_abs)


def _abs(column: pd.Series) -> pd.Series:
    return column.abs() if column.dtype.kind == "f" else column


def _bring_forward(
    figures: MonthlyFigures,
    ex: pd.DataFrame,
    excluded: pd.Series,
    need_gbp: float,
    rules: Rules,
) -> pd.DataFrame:
    """The bring-forward moves towards ``need_gbp`` (none when nothing is needed)."""
    empty = _chosen(ex.iloc[:0], "bring_forward", [])
    if need_gbp <= HALF_PENNY:
        return empty
    register = figures.register
    overrides = {str(i): 0 for i in ex.loc[excluded, Scheme.scheme_id]}
    actual = np.where(figures.counted, figures.actual, 0.0).sum(axis=0)
    baseline = bring_forward(
        register,
        figures.year,
        0.0,
        weights=figures.weights,
        limits=rules.limits,
        overrides=overrides,
        as_of=figures.period,
        actual_by_month=actual,
    ).baseline_gbp
    found = bring_forward(
        register,
        figures.year,
        baseline + need_gbp,
        weights=figures.weights,
        limits=rules.limits,
        overrides=overrides,
        as_of=figures.period,
        actual_by_month=actual,
    )
    if found.moves.empty:
        return empty
    moves = found.moves
    owners = dict(zip(ex[Scheme.scheme_id].astype(str), ex[Scheme.owner]))
    out = pd.DataFrame(
        {
            "key": "bring_forward",
            Scheme.scheme_id: moves[Scheme.scheme_id].astype(str).to_numpy(),
            Scheme.scheme: moves[Scheme.scheme].to_numpy(),
            Scheme.owner: [owners.get(str(i), "") for i in moves[Scheme.scheme_id]],
            "gbp": moves["gain_gbp"].to_numpy(dtype=float),
            "months": moves["months_forward"].to_numpy(dtype=float),
        }
    )
    return out


def _owners(rows: pd.DataFrame) -> str:
    names = [str(o) for o in dict.fromkeys(rows[Scheme.owner]) if str(o).strip()]
    missing = int((rows[Scheme.owner].astype(str).str.strip() == "").sum())
    text = ", ".join(names)
    if missing:
        text += (", " if text else "") + f"{missing} scheme{'s' * (missing != 1)} with no owner"
    return text


def _named(rows: pd.DataFrame, count: int) -> str:
    shown = [
        f"{s} (No {i}, {money(abs(g))})"
        for s, i, g in rows[[Scheme.scheme, Scheme.scheme_id, "gbp"]]
        .head(count)
        .itertuples(index=False)
    ]
    rest = len(rows) - count
    return "; ".join(shown) + (f"; and {rest:,} more" if rest > 0 else "")


def _sentence(
    key: str, gbp: float, count: int, gap: float, remainder: float, plans: float, left: float
) -> str:
    """One sentence a director reads for an option row."""
    n = f"{count} scheme{'s' * (count != 1)}"
    if key == "withdraw":
        if not count:
            return "None qualifies: no scheme planned this year has an outturn of £0."
        return f"Withdrawing or re-phasing {n} takes {money(gbp)} off this year's target."
    if key == "recovery":
        if not count:
            return "No scheme needs a recovery plan by the rule."
        return f"Recovery plans for {n} close at most {money(gbp)}."
    if key == "bring_forward":
        if left <= HALF_PENNY:
            return "Not needed: the options above close the gap."
        if not count:
            return "No eligible scheme can be brought forward."
        short = left - gbp
        return f"Bringing {n} forward closes {money(gbp)}" + (
            f", {money(short)} short of what is left." if short > HALF_PENNY else "."
        )
    if key == "remainder":
        if remainder > HALF_PENNY:
            return (
                f"The options leave {money(remainder)} of the {money(gap)} gap: the board is "
                "asked to accept that shortfall or re-baseline the plan."
            )
        return f"The options close the gap, with {money(-remainder)} to spare."
    if not count:
        return "No scheme's project plan is later than the directors' forecast."
    return (
        f"{n}' own project plans start the service later than the directors' forecast: if "
        f"the plans stand, the outturn falls by {money(plans)} and {money(remainder + plans)} "
        "is left to accept or re-baseline. The board is asked which stands."
    )
