"""Bringing schemes forward to reach an in-year target, with the fewest months moved.

Bringing a scheme's go-live forward by one month adds one more month of its saving to the year:
``FYE / 12 x weight(RAG)`` on the forecast basis, the same for every month moved, as long as the
scheme stays within the year (at most 12 in-year months). So each scheme offers up to its limit
of identical "month" items, and the fewest months reaching the target are the most valuable
months first: for any number of months t, the t most valuable items are the most that t months
can add (no other choice of t items sums to more). The plan is therefore greedy, and exact:
sort the items by value, take them until the gap closes (tests check it against brute force).

Which schemes can move (limits, in months): by default none in phase 1 (most redesign, the
longest lead-in), 1 in phase 2, 2 in phase 3, 3 in phase 4 (contractual / already done), and
never beyond April (12 in-year months), nor before the month after the reporting month
when one is given; a scheme already live at the start of the year cannot
move, nor (by default) one going live after the year ends: bringing it into the year takes months
that add nothing, which the simple rule above does not price. Limits are overridable per scheme.
Money in pounds; months are offsets from April of the register's financial year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from ..schema import Scheme
from ..style import money
from .changes import earliest_offset, hold_reported, outturn_gbp
from .phasing import (
    FORECAST,
    Basis,
    WeightSet,
    delivery_offset,
    go_live_offsets,
    monthly_savings,
    weight_set,
)

DEFAULT_LIMITS: dict[int, int] = {1: 0, 2: 1, 3: 2, 4: 3}


@dataclass
class BringForwardPlan:
    """The result of :func:`bring_forward`.

    Attributes:
        target_gbp: the in-year target.
        baseline_gbp: the year's outturn before any move (actual to date + the risk-weighted
            forecast for the months after the reporting month; the forecast in year without
            actuals), pounds.
        achieved_gbp: the outturn with the plan's moves.
        best_possible_gbp: the in-year saving if every scheme moved as far as its limit allows.
        total_months: months brought forward, summed over schemes.
        moves: one row per scheme that moves: ``scheme_id``, ``scheme``, ``theme``, ``phase``,
            ``rag_overall``, ``go_live`` (forecast), ``new_go_live``, ``months_forward``,
            ``gain_gbp``, most valuable first.
    """

    target_gbp: float
    baseline_gbp: float
    achieved_gbp: float
    best_possible_gbp: float
    total_months: int
    moves: pd.DataFrame

    @property
    def reached(self) -> bool:
        return self.achieved_gbp >= self.target_gbp - 1e-6

    @property
    def shortfall_gbp(self) -> float:
        """How far short the plan stays (0 when the target is reached), pounds."""
        return max(self.target_gbp - self.achieved_gbp, 0.0)

    def summary(self) -> str:
        """One sentence a director can read."""

        if self.baseline_gbp >= self.target_gbp - 1e-6:
            return (
                f"The outturn of {money(self.baseline_gbp)} already reaches the target of "
                f"{money(self.target_gbp)}: nothing needs to move."
            )
        n = len(self.moves)
        if self.reached:
            return (
                f"Bringing {n} scheme{'s' * (n != 1)} forward by {self.total_months} month"
                f"{'s' * (self.total_months != 1)} in total raises the outturn from "
                f"{money(self.baseline_gbp)} to {money(self.achieved_gbp)}, reaching the "
                f"target of {money(self.target_gbp)}."
            )
        return (
            f"From the outturn of {money(self.baseline_gbp)} "
            f"({money(self.target_gbp - self.baseline_gbp)} short of the target), even "
            f"bringing every eligible scheme forward as far as allowed ({n} scheme"
            f"{'s' * (n != 1)}, {self.total_months} month{'s' * (self.total_months != 1)}) "
            f"gives {money(self.achieved_gbp)}, "
            f"{money(self.shortfall_gbp)} short of the target of {money(self.target_gbp)}."
        )


def month_limits(
    register: pd.DataFrame,
    limits: dict[int, int] | None = None,
    overrides: dict[str, int] | pd.Series | None = None,
) -> np.ndarray:
    """Months each scheme may be brought forward, before the in-year cap.

    Args:
        register: canonical scheme table (``scheme_id``, ``phase``).
        limits: months by phase (default :data:`DEFAULT_LIMITS`); a phase not listed, or no
            phase, gives 0.
        overrides: months per ``scheme_id``, replacing the phase's limit.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    phases = (
        register[Scheme.phase].astype("Int64")
        if Scheme.phase in register
        else pd.Series(pd.NA, index=register.index, dtype="Int64")
    )
    out = (
        phases.map({int(k): int(v) for k, v in limits.items()})
        .astype("float64")
        .fillna(0)
        .to_numpy()
    )
    if overrides is not None:
        extra = pd.Series(overrides, dtype="float64")
        ids = register[Scheme.scheme_id].astype(str).to_numpy()
        mapped = pd.Series(ids).map(extra.rename(index=str)).to_numpy(dtype=float)
        out = np.where(np.isnan(mapped), out, mapped)
    return np.maximum(out, 0).astype(np.int64)


def bring_forward(
    register: pd.DataFrame,
    year: int,
    target_gbp: float,
    *,
    weights: str | dict[str, float] | WeightSet = "board",
    basis: Basis = FORECAST,
    limits: dict[int, int] | None = None,
    overrides: dict[str, int] | pd.Series | None = None,
    as_of: str | pd.Period | None = None,
    actual_by_month: np.ndarray | None = None,
) -> BringForwardPlan:
    """The fewest months brought forward, across schemes, that reach an in-year target.

    Args:
        register: canonical scheme table (``scheme_id``, ``go_live``, ``fye_net_saving``,
            ``phase``, the weight set's column and, for the forecast basis,
            ``change_in_delivery_months``).
        year: the register's financial year (2026 for 2026/27).
        target_gbp: the in-year saving to reach, pounds (on the same basis: risk-weighted
            forecast by default).
        weights: risk weights (``"board"``, ``"treasury"``, a RAG mapping or a WeightSet).
        basis: the basis whose go-live dates move (``FORECAST``: the director-assessed ones).
        limits: months by phase (default none for phase 1, then 1, 2, 3).
        overrides: months per scheme id, replacing its phase's limit.
        as_of: the reporting month; nothing can go live before the month after it, so a
            scheme live by then cannot move and others move at most to the next month.
            ``None``: April is the earliest go-live. The rule is
            :func:`.changes.hold_reported`, the same for scenarios and the explorer.
        actual_by_month: actual savings per month of the year, April to March, pounds (with
            ``as_of``): the baseline is then the outturn (actual to date + the forecast for the
            months after the reporting month), as the headline states it; ``None``: the
            forecast in year.

    Returns:
        A :class:`BringForwardPlan`: the moves, or, when the target is out of reach, every move
        allowed and how far short it stays.
    """
    fye = register[Scheme.fye_net_saving].to_numpy(dtype=float)
    start = go_live_offsets(register, year)
    if basis.with_change:
        start = delivery_offset(start, register[Scheme.change_in_delivery_months].to_numpy(float))
    weight = weight_set(weights).lookup(register) if basis.weighted else np.ones(len(fye))
    per_month = fye / 12.0 * weight
    earliest = min(earliest_offset(year, as_of), 12)
    eligible = (start <= 12) & (per_month > 0) & ~np.isnan(start)
    limit = month_limits(register, limits, overrides)
    moved_to = hold_reported(start, start - limit, earliest)
    room = np.where(eligible, np.nan_to_num(start - moved_to), 0).astype(np.int64)
    baseline = float(  # one outturn: the programme's months (float already)
        outturn_gbp(
            monthly_savings(fye, np.nan_to_num(start, nan=99), 12, scale=weight).sum(axis=0),
            actual_by_month,
            None if as_of is None else earliest - 1,
        )
    )
    need = float(target_gbp) - baseline

    # One item per month a scheme may move; most valuable first (ties: register order).
    order = np.argsort(-per_month, kind="stable")
    counts = room[order]
    item_value = np.repeat(per_month[order], counts)
    gained = np.cumsum(item_value)
    if need <= 1e-6:
        taken = 0
    else:
        taken = int(np.searchsorted(gained, need - 1e-6, side="left")) + 1
        taken = min(taken, len(item_value))
    # Months per scheme (in sorted order) among the first `taken` items.
    ends = np.cumsum(counts)
    moved_sorted = np.clip(taken - (ends - counts), 0, counts)
    months_forward = np.zeros(len(fye), dtype=np.int64)
    months_forward[order] = moved_sorted

    rows = np.flatnonzero(months_forward)
    rows = rows[np.argsort(-per_month[rows] * months_forward[rows], kind="stable")]
    first = pd.Period(year=year, month=4, freq="M").ordinal
    forecast_start = start[rows].astype(np.int64)
    # PeriodIndex.from_ordinals: pandas >= 2.2, not in pandas-stubs yet
    from_ordinals = cast(Any, pd.PeriodIndex).from_ordinals
    forecast_go_live = from_ordinals(first + forecast_start, freq="M")
    new_go_live = from_ordinals(first + forecast_start - months_forward[rows], freq="M")
    columns = {
        c: register[c].iloc[rows].to_numpy()
        for c in (Scheme.scheme_id, Scheme.scheme, Scheme.theme, Scheme.phase, Scheme.rag_overall)
        if c in register
    }
    moves = pd.DataFrame(
        {
            **columns,
            Scheme.go_live: forecast_go_live,
            "new_go_live": new_go_live,
            "months_forward": months_forward[rows],
            "gain_gbp": per_month[rows] * months_forward[rows],
        }
    )
    achieved = baseline + float(item_value[:taken].sum())
    return BringForwardPlan(
        target_gbp=float(target_gbp),
        baseline_gbp=baseline,
        achieved_gbp=achieved,
        best_possible_gbp=baseline + float(item_value.sum()),
        total_months=int(months_forward.sum()),
        moves=moves.reset_index(drop=True),
    )
