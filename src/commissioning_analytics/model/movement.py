"""Movement since last month: a bridge by cause from last month's outturn to this month's.

Every step is one cause, and the steps add up to the penny. Causes are attributed by a stated
**order of substitution**: starting from last month's position, one thing at a time is
replaced by this month's, and each step is what that replacement moved the outturn:

1. **Schemes new this month** (in this month's register, not last month's): their whole
   outturn, actuals back to April included. A scheme added with six months of actuals is new,
   not credited to the ratings of the others.
2. **Schemes removed** (in last month's register, not this month's): their outturn as last
   month stated it, taken off.

   For the schemes in both registers:

3. **Actuals of earlier months restated**: a month counted in both outturns whose actual was
   changed (or recorded, or withdrawn) since last month.
4. **Actual above (+) or below (-) last month's forecast**, for the months reported since
   last month (normally the reporting month): the actual less what last month's register
   forecast for those months. The reported month's outcome is judged against what was
   expected of it, before any edit made this month.
5. **Go-live and FYE edits**: the register's go-live month and full-year effect replaced by
   this month's, at last month's rating and change in delivery.
6. **Rating changes (risk weighting)**: then the column the weight set reads (the overall
   rating for the board's weights, the phase for the Treasury's) replaced by this month's.
7. **Directors' change in delivery**: then ``change_in_delivery_months`` replaced by this
   month's; the scheme is now as this month's register states it.

Steps 5-7 change only the months not yet reported: a reported month's saving is its actual
(shared/DESIGN.md: nothing moves savings into, or out of, a reported month). Both months are
phased by the board's rules with this month's weight set. Two further steps appear only when
they are not zero, so that the bridge still runs between the outturns the packs published:
**last month's outturn restated** (published figure to the rules' recomputation: another weight
set, stated figures, rounding) first, and **counting settings this month** (adjustment rows
included, stated figures) last.

The plan's own movement is shown beside it, by the same order: schemes new, schemes removed,
go-live and FYE edits (a rating or a change in delivery does not move the plan).

Money is in pounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..schema import Scheme
from .monthly import Floats, MonthlyFigures
from .phasing import FORECAST, WeightSet, phase

#: the steps, in the order of substitution: key -> the label a director reads
STEPS: dict[str, str] = {
    "restated_previous": "Last month's outturn restated (weights, settings or rounding)",
    "new_schemes": "Schemes new this month",
    "removed_schemes": "Schemes removed",
    "actuals_restated": "Earlier months' actuals restated",
    "actual_vs_forecast": "Actual above (+) or below (−) last month's forecast for the month",
    "go_live_fye": "Go-live and FYE edits",
    "ratings": "Rating changes (risk weighting)",
    "delivery": "Directors' change in delivery",
    "counting": "Counting settings this month (adjustment rows, stated figures)",
}
#: steps shown only when they move the outturn (they reconcile to the published figures)
OPTIONAL_STEPS = ("restated_previous", "counting")
#: the plan's steps (a rating or a change in delivery does not move the plan)
PLAN_STEPS: dict[str, str] = {
    "restated_previous": "Last month's plan restated (settings or rounding)",
    "new_schemes": "Schemes new this month",
    "removed_schemes": "Schemes removed",
    "go_live_fye": "Go-live and FYE edits",
    "counting": "Counting settings this month (adjustment rows, stated figures)",
}
#: a reconciling step below this is rounding, not shown (pounds)
SHOWN_FROM_GBP = 0.005


@dataclass(frozen=True)
class Movement:
    """The bridge from last month's outturn to this month's (see the module docstring).

    Attributes:
        previous_period, period: last month and this month.
        previous_outturn, outturn: the outturns the bridge runs between, pounds (the published
            ones where given, else the rules').
        steps: ``key, step, gbp``, in order; ``previous_outturn + gbp.sum() == outturn``.
        previous_plan, plan: the plan (target) then and now, pounds.
        plan_steps: ``key, step, gbp`` the same way for the plan.
        by_scheme: one row per scheme in either register: ``scheme_id, scheme, status``
            (``new``, ``removed``, ``continuing``), ``outturn_then, outturn_now, plan_then,
            plan_now`` and one column per outturn step key (pounds; a scheme's steps add up to
            its ``outturn_now - outturn_then``).
    """

    previous_period: pd.Period
    period: pd.Period
    previous_outturn: float
    outturn: float
    steps: pd.DataFrame
    previous_plan: float
    plan: float
    plan_steps: pd.DataFrame
    by_scheme: pd.DataFrame

    def schemes(self, key: str) -> pd.DataFrame:
        """The schemes behind one outturn step, largest effect first: ``scheme_id, scheme,
        gbp``."""
        if key not in self.by_scheme:
            return pd.DataFrame(columns=[Scheme.scheme_id, Scheme.scheme, "gbp"])
        return _largest(self.by_scheme, self.by_scheme[key])

    def plan_schemes(self, key: str) -> pd.DataFrame:
        """The schemes behind one plan step, largest effect first: ``scheme_id, scheme, gbp``."""
        status = self.by_scheme["status"]
        change = {
            "new_schemes": self.by_scheme["plan_now"].where(status == "new", 0.0),
            "removed_schemes": -self.by_scheme["plan_then"].where(status == "removed", 0.0),
            "go_live_fye": (self.by_scheme["plan_now"] - self.by_scheme["plan_then"]).where(
                status == "continuing", 0.0
            ),
        }
        if key not in change:
            return pd.DataFrame(columns=[Scheme.scheme_id, Scheme.scheme, "gbp"])
        return _largest(self.by_scheme, change[key])

    def as_json(self, names: int = 10) -> dict[str, Any]:
        """``summary.json``'s keys: ``previous_forecast_outturn`` and ``movement``, a list of
        ``{"step", "gbp", "key", "schemes", "more_schemes", "more_gbp"}`` (``schemes``: the
        ``names`` schemes that moved most in the step, ``{"scheme_id", "scheme", "gbp"}``;
        the others counted and summed), and ``previous_plan_in_year`` and ``plan_movement``
        the same way."""

        def listed(steps: pd.DataFrame, behind: Any) -> list[dict[str, Any]]:
            out = []
            for key, step, gbp in steps[["key", "step", "gbp"]].itertuples(index=False):
                found = behind(key)
                shown, rest = found.iloc[:names], found.iloc[names:]
                out.append(
                    {
                        "step": str(step),
                        "gbp": float(gbp),
                        "key": str(key),
                        "schemes": [
                            {"scheme_id": str(i), "scheme": str(n), "gbp": float(g)}
                            for i, n, g in shown.itertuples(index=False)
                        ],
                        "more_schemes": int(len(rest)),
                        "more_gbp": float(rest["gbp"].sum()),
                    }
                )
            return out

        return {
            "previous_forecast_outturn": self.previous_outturn,
            "movement": listed(self.steps, self.schemes),
            "previous_plan_in_year": self.previous_plan,
            "plan_movement": listed(self.plan_steps, self.plan_schemes),
        }


def _largest(by_scheme: pd.DataFrame, gbp: pd.Series) -> pd.DataFrame:
    frame = by_scheme[[Scheme.scheme_id, Scheme.scheme]].assign(gbp=gbp.astype(float))
    frame = frame[frame["gbp"].abs() >= SHOWN_FROM_GBP]
    order = frame["gbp"].abs().sort_values(ascending=False, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def movement(
    previous: MonthlyFigures,
    current: MonthlyFigures,
    *,
    previous_outturn: float | None = None,
    outturn: float | None = None,
    previous_plan: float | None = None,
    plan: float | None = None,
) -> Movement:
    """The bridge by cause from ``previous``'s outturn to ``current``'s.

    Args:
        previous: last month's register and actuals (:meth:`MonthlyFigures.from_register` of
            last month's tidy tables); it is phased again with ``current``'s weight set.
        current: this month's.
        previous_outturn, previous_plan: the outturn and plan last month's pack published
            (``None``: the rules' recomputation); a difference is the first step.
        outturn, plan: this month's published outturn and plan (``None``: ``current``'s own,
            with its adjustment rows); a difference from the rules is the last step.

    Raises:
        ValueError: when the months are not of the same financial year, or ``previous`` is not
            before ``current`` (April has no movement within the year).
    """
    if previous.year != current.year:
        raise ValueError(
            f"{previous.period} and {current.period} are not of one financial year: "
            "no movement within the year to show"
        )
    if not previous.period < current.period:
        raise ValueError(f"{previous.period} is not before {current.period}")
    weights = current.weights
    year = current.year
    then_reg = previous.register.reset_index(drop=True)
    then_fc = phase(then_reg, year, FORECAST, weights=weights).monthly[:, :12]
    then_counted = previous.counted
    then_value = np.where(then_counted, previous.actual, then_fc)
    then_plan = phase(then_reg, year, "plan", weights=weights).monthly[:, :12].sum(axis=1)

    now_reg = current.register.reset_index(drop=True)
    now_counted = current.counted
    now_fc = phase(now_reg, year, FORECAST, weights=weights).monthly[:, :12]
    now_value = np.where(now_counted, current.actual, now_fc)
    now_plan = phase(now_reg, year, "plan", weights=weights).monthly[:, :12].sum(axis=1)

    then_ids = then_reg[Scheme.scheme_id].astype(str)
    now_ids = now_reg[Scheme.scheme_id].astype(str)
    new = ~now_ids.isin(set(then_ids)).to_numpy()
    removed = ~then_ids.isin(set(now_ids)).to_numpy()

    # The schemes in both, in this month's order: last month's row of each.
    both_now = np.flatnonzero(~new)
    both_then = pd.Index(then_ids).get_indexer(pd.Index(now_ids.to_numpy()[both_now]))
    steps_both = _continuing(
        then_reg.iloc[both_then].reset_index(drop=True),
        now_reg.iloc[both_now].reset_index(drop=True),
        then_value=then_value[both_then],
        then_fc=then_fc[both_then],
        then_counted=then_counted,
        now_actual=current.actual[both_now],
        now_counted=now_counted,
        year=year,
        weights=weights,
    )

    keys = [k for k in STEPS if k not in OPTIONAL_STEPS]
    n_now = len(now_reg)
    per_now = {k: np.zeros(n_now) for k in keys}
    per_now["new_schemes"][new] = now_value[new].sum(axis=1)
    for key, values in steps_both.items():
        per_now[key][both_now] = values
    gone = np.flatnonzero(removed)
    per_gone = {k: np.zeros(len(gone)) for k in keys}
    per_gone["removed_schemes"] = -then_value[gone].sum(axis=1)

    outturn_then_s = np.zeros(n_now)
    outturn_then_s[both_now] = then_value[both_then].sum(axis=1)
    plan_then_s = np.zeros(n_now)
    plan_then_s[both_now] = then_plan[both_then]
    by_scheme = pd.concat(
        [
            pd.DataFrame(
                {
                    Scheme.scheme_id: now_ids.to_numpy(),
                    Scheme.scheme: _names(now_reg),
                    "status": np.where(new, "new", "continuing"),
                    "outturn_then": outturn_then_s,
                    "outturn_now": now_value.sum(axis=1),
                    "plan_then": plan_then_s,
                    "plan_now": now_plan,
                    **per_now,
                }
            ),
            pd.DataFrame(
                {
                    Scheme.scheme_id: then_ids.to_numpy()[gone],
                    Scheme.scheme: _names(then_reg)[gone],
                    "status": "removed",
                    "outturn_then": then_value[gone].sum(axis=1),
                    "outturn_now": 0.0,
                    "plan_then": then_plan[gone],
                    "plan_now": 0.0,
                    **per_gone,
                }
            ),
        ],
        ignore_index=True,
    )

    rules_then = float(then_value.sum()) + previous.adjustments_in_year
    rules_now = float(now_value.sum()) + current.adjustments_in_year
    start = rules_then if previous_outturn is None else float(previous_outturn)
    end = rules_now if outturn is None else float(outturn)
    totals = {k: float(by_scheme[k].sum()) for k in keys}
    totals["restated_previous"] = rules_then - start
    # adjustment rows move the outturn by the change in their total, a counting setting
    adjusted = current.adjustments_in_year - previous.adjustments_in_year
    totals["counting"] = end - rules_now + adjusted
    steps = _steps(STEPS, totals)

    plan_rules_then = float(then_plan.sum()) + previous.adjustments_in_year
    plan_rules_now = float(now_plan.sum()) + current.adjustments_in_year
    plan_start = plan_rules_then if previous_plan is None else float(previous_plan)
    plan_end = plan_rules_now if plan is None else float(plan)
    continuing = by_scheme["status"] == "continuing"
    plan_totals = {
        "restated_previous": plan_rules_then - plan_start,
        "new_schemes": float(by_scheme.loc[by_scheme["status"] == "new", "plan_now"].sum()),
        "removed_schemes": -float(
            by_scheme.loc[by_scheme["status"] == "removed", "plan_then"].sum()
        ),
        "go_live_fye": float(
            (by_scheme.loc[continuing, "plan_now"] - by_scheme.loc[continuing, "plan_then"]).sum()
        ),
        "counting": plan_end - plan_rules_now + adjusted,
    }
    return Movement(
        previous_period=previous.period,
        period=current.period,
        previous_outturn=start,
        outturn=end,
        steps=steps,
        previous_plan=plan_start,
        plan=plan_end,
        plan_steps=_steps(PLAN_STEPS, plan_totals),
        by_scheme=by_scheme,
    )


def _steps(labels: dict[str, str], totals: dict[str, float]) -> pd.DataFrame:
    rows = [
        (key, label, totals[key])
        for key, label in labels.items()
        if key not in OPTIONAL_STEPS or abs(totals[key]) >= SHOWN_FROM_GBP
    ]
    return pd.DataFrame(rows, columns=["key", "step", "gbp"])


def _names(register: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.object_]]:
    if Scheme.scheme not in register:
        return np.full(len(register), "", dtype=object)
    names: np.ndarray[Any, np.dtype[np.object_]] = (
        register[Scheme.scheme].astype("string").fillna("").to_numpy(dtype=object)
    )
    return names


def _continuing(
    then_reg: pd.DataFrame,
    now_reg: pd.DataFrame,
    *,
    then_value: Floats,
    then_fc: Floats,
    then_counted: np.ndarray[Any, np.dtype[np.bool_]],
    now_actual: Floats,
    now_counted: np.ndarray[Any, np.dtype[np.bool_]],
    year: int,
    weights: WeightSet,
) -> dict[str, Floats]:
    """Steps 3-7 for the schemes in both registers (rows aligned), per scheme."""
    # 3-4: this month's actuals over last month's register.
    after_actuals = np.where(now_counted, now_actual, then_fc)
    restated = (after_actuals - then_value)[:, then_counted].sum(axis=1)
    newly = now_counted & ~then_counted
    vs_forecast = (now_actual - then_fc)[:, newly].sum(axis=1)

    # 5-7: register edits, one after the other, on the months not reported this month.
    open_months = ~now_counted
    hybrid = then_reg.copy()
    for column in (Scheme.go_live, Scheme.fye_net_saving):
        hybrid[column] = now_reg[column].to_numpy()
    after_golive = phase(hybrid, year, FORECAST, weights=weights).monthly[:, :12]
    weight_column = weights.by
    if weight_column in now_reg:
        hybrid[weight_column] = now_reg[weight_column].to_numpy()
    after_rating = phase(hybrid, year, FORECAST, weights=weights).monthly[:, :12]
    hybrid[Scheme.change_in_delivery_months] = now_reg[Scheme.change_in_delivery_months].to_numpy()
    after_delivery = phase(hybrid, year, FORECAST, weights=weights).monthly[:, :12]
    return {
        "actuals_restated": restated,
        "actual_vs_forecast": vs_forecast,
        "go_live_fye": (after_golive - then_fc)[:, open_months].sum(axis=1),
        "ratings": (after_rating - after_golive)[:, open_months].sum(axis=1),
        "delivery": (after_delivery - after_rating)[:, open_months].sum(axis=1),
    }
