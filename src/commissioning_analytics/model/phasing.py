"""Savings phasing: the board's rules of docs/methods.md, month by month, vectorised.

Every figure comes from one monthly profile: a scheme saves ``FYE / 12`` a month (times a
ramp factor while it builds up) from the month it goes live, for ever (a recurrent saving).
Summing the profile over a financial year gives that year's saving, so

* in-year months = months from go-live to the end of the financial year, 0-12;
* plan in year = FYE x in-year months / 12, plan next year = FYE - plan in year
  (the incremental recurrent effect: next year's total less this year's);
* most likely = plan in year x weight(overall RAG);
* forecast: go-live moved by the change in delivery (months gained +, lost -), so effective
  months = in-year months + change, kept within 0-12; forecast in year is risk-weighted,
  forecast next year is not. A change of part of a month pro-rates the go-live month (a
  change of +0.5 saves half of the month before the go-live month), so the profile, the
  rule, reconcile, bring-forward and every page count the same 0.5 months.

Plan, most likely and forecast are the same function, :func:`phase`, given different
:class:`Basis` inputs. Money is in pounds; months are offsets from April of the register's
financial year (M1 = offset 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import numpy as np
import pandas as pd
import yaml

from .. import calendar
from ..errors import ConfigError
from ..schema import Scheme

RampShape = Literal["step", "linear", "s-curve"]


@dataclass(frozen=True)
class Ramp:
    """How a scheme's monthly saving builds up after go-live.

    Attributes:
        shape: ``"step"`` (full saving from the go-live month), ``"linear"`` (1/N, 2/N, ... of
            the full saving in the first N months) or ``"s-curve"`` (slow, fast, slow over N months).
        months: N, months to full effect; ignored for ``"step"``.
    """

    shape: RampShape = "step"
    months: int = 1

    def factor(self, months_live: np.ndarray) -> np.ndarray:
        """Share of the full monthly saving in the k-th month live (k = 0 is the go-live month)."""
        k = np.asarray(months_live, dtype=float)
        if self.shape == "step" or self.months <= 1:
            return (k >= 0).astype(float)
        progress = np.clip((k + 1) / self.months, 0.0, 1.0)
        if self.shape == "linear":
            return progress * (k >= 0)
        if self.shape == "s-curve":
            # Smoothstep through the ramp; reaches 1 in month N like the linear ramp.
            return progress * progress * (3 - 2 * progress) * (k >= 0)
        raise ConfigError(f"ramp shape {self.shape!r}: expected step, linear or s-curve")


STEP = Ramp()


@dataclass(frozen=True)
class WeightSet:
    """Risk weights (0-1) looked up on one register column (overall RAG or phase)."""

    name: str
    by: str
    weights: dict
    description: str = ""
    unrated: float | None = None  # a scheme with no rating; None: the set's lowest weight

    @property
    def unrated_weight(self) -> float:
        """The weight of a scheme with no rating: ``unrated`` as set (weights.yml, a mapping
        file), else the lowest weight of the set, a prudent default (board: red's 50%)."""
        if self.unrated is not None:
            return float(self.unrated)
        return min(float(v) for v in self.weights.values())

    def lookup(self, register: pd.DataFrame) -> np.ndarray:
        """Weight per scheme; a scheme with no rating counts at :attr:`unrated_weight`."""
        keys = register[self.by]
        if self.by == Scheme.phase:
            keys = keys.astype("Int64")
            table = {int(k): float(v) for k, v in self.weights.items()}
        else:
            keys = keys.astype("string").str.lower()
            table = {str(k).lower(): float(v) for k, v in self.weights.items()}
        return keys.map(table).astype("float64").fillna(self.unrated_weight).to_numpy()


@cache
def weight_sets() -> dict[str, WeightSet]:
    """The shipped weight sets (``board``: 100/75/50 by RAG; ``treasury``: 70/60/50/40 by phase)."""
    text = resources.files("commissioning_analytics").joinpath("weights.yml").read_text()
    return {
        name: WeightSet(
            name=name,
            by=spec["by"],
            weights=dict(spec["weights"]),
            description=spec.get("description", ""),
            unrated=spec.get("unrated"),
        )
        for name, spec in yaml.safe_load(text).items()
    }


def weight_set(name_or_weights: str | dict | WeightSet = "board") -> WeightSet:
    """A weight set by name, or a custom RAG weight mapping such as ``{"amber": 0.6, ...}``."""
    if isinstance(name_or_weights, WeightSet):
        return name_or_weights
    if isinstance(name_or_weights, dict):
        custom = dict(name_or_weights)
        unrated = custom.pop("unrated", weight_sets()["board"].unrated)
        merged = {**weight_sets()["board"].weights, **custom}
        return WeightSet(name="custom", by=Scheme.rag_overall, weights=merged, unrated=unrated)
    try:
        return weight_sets()[name_or_weights]
    except KeyError:
        known = ", ".join(weight_sets())
        raise ConfigError(f"weight set {name_or_weights!r}: expected one of {known}") from None


@dataclass(frozen=True)
class Basis:
    """What distinguishes plan, most likely and forecast: whether RAG weights and the
    director's change in delivery apply."""

    name: str
    weighted: bool
    with_change: bool


PLAN = Basis("plan", weighted=False, with_change=False)
MOST_LIKELY = Basis("most_likely", weighted=True, with_change=False)
FORECAST = Basis("forecast", weighted=True, with_change=True)
BASES = {b.name: b for b in (PLAN, MOST_LIKELY, FORECAST)}


def monthly_savings(
    fye_gbp: np.ndarray,
    start_offset: np.ndarray,
    n_months: int,
    ramp: Ramp = STEP,
    scale: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Monthly savings, schemes x months, with no Python loop over schemes or months: one numpy
    broadcast (measured against blocks of rows filled on threads, which were no faster).

    Args:
        fye_gbp: full-year effect per scheme, pounds.
        start_offset: month each scheme starts saving, as an offset from the first month of
            the horizon (may be negative, i.e. before the horizon, or beyond it). A part
            month is pro-rated: a start of 3.5 saves half of month 3 and all of month 4 on.
        n_months: length of the horizon in months.
        ramp: how savings build after go-live.
        scale: a factor per scheme (e.g. its risk weight), applied to every month.

    Returns:
        Array of shape ``(len(fye_gbp), n_months)`` in pounds per month.
    """
    start = np.asarray(start_offset, dtype=float)[:, None]
    per_month = np.broadcast_to(np.asarray(fye_gbp, dtype=float) / 12.0 * scale, start.shape[:1])[
        :, None
    ]
    months = np.arange(n_months, dtype=float)
    if ramp.shape == "step" or ramp.months <= 1:
        out = (months >= start) * per_month  # no go-live (nan): nothing
    else:
        out = ramp.factor(months - start) * per_month
    # Part months, one rule: a start of 3.5 (go-live moved half a month) saves half of month 3,
    # so the profile sums to the rule's months (12 - 3.5 = 8.5) on every page (pro-rated).
    # Only the rows with a part month are worked again: whole months stay one broadcast.
    part = np.flatnonzero(np.isfinite(start[:, 0]) & (start[:, 0] != np.floor(start[:, 0])))
    if len(part):
        share = np.clip(months + 1.0 - start[part], 0.0, 1.0)
        if ramp.shape == "step" or ramp.months <= 1:
            out[part] = share * per_month[part]
        else:
            out[part] = ramp.factor(np.ceil(months - start[part])) * share * per_month[part]
    return out


def delivery_offset(go_live_offset: np.ndarray, change_months: np.ndarray) -> np.ndarray:
    """The go-live offset (from April of the year) once the change in delivery is applied.

    A change of +2 months brings go-live two months earlier, -1 one month later. As the board's
    rule does, a changed go-live is held within the year (April of this year to April of next),
    so the effective months in year are exactly ``clip(in-year months + change, 0, 12)`` and the
    following year has the full effect: forecast next year = FYE - FYE x effective months / 12.
    """
    offset = np.asarray(go_live_offset, dtype=float)
    change = np.nan_to_num(np.asarray(change_months, dtype=float))
    return np.where(change != 0, np.clip(np.clip(offset, 0, 12) - change, 0, 12), offset)


@dataclass
class Phasing:
    """Monthly savings of a register on one basis, and the board's yearly figures.

    Attributes:
        basis: plan, most likely or forecast.
        year: the register's financial year (its starting calendar year).
        scheme_ids: one per row of ``monthly``.
        months: the horizon, starting April of ``year``.
        monthly: pounds per scheme per month, risk-weighted where the basis is.
        weight: risk weight per scheme (1 where the basis is unweighted).
        in_year: the year's saving per scheme, weighted where the basis is.
        next_year: the incremental effect in the following year, never weighted.
    """

    basis: Basis
    year: int
    scheme_ids: np.ndarray
    months: pd.PeriodIndex
    monthly: np.ndarray
    weight: np.ndarray
    in_year: np.ndarray
    next_year: np.ndarray
    months_in_year: np.ndarray = field(repr=False)

    def annual(self) -> pd.DataFrame:
        """Savings per scheme per financial year of the horizon (weighted like ``monthly``)."""
        years = np.asarray([calendar.fy_start_year(m) for m in self.months])
        labels, first = np.unique(years, return_index=True)
        totals = np.add.reduceat(self.monthly, first, axis=1) if len(first) else self.monthly
        return pd.DataFrame(
            totals,
            index=pd.Index(self.scheme_ids, name=Scheme.scheme_id),
            columns=[calendar.fy_label(y) for y in labels],
        )

    def to_long(self) -> pd.DataFrame:
        """Long format: ``scheme_id, month, measure, value_gbp`` (one row per scheme-month)."""
        n_schemes, n_months = self.monthly.shape
        return pd.DataFrame(
            {
                Scheme.scheme_id: np.repeat(self.scheme_ids, n_months),
                "month": np.tile(self.months, n_schemes),
                "measure": self.basis.name,
                "value_gbp": self.monthly.ravel(),
            }
        )

    def totals_by_month(self) -> pd.Series:
        """All schemes' savings per month, pounds."""
        return pd.Series(self.monthly.sum(axis=0), index=self.months, name=self.basis.name)


def go_live_offsets(register: pd.DataFrame, year: int) -> np.ndarray:
    """Months from April of ``year`` to each scheme's go-live."""
    return calendar.month_offsets(register[Scheme.go_live], calendar.fy_start(year))


def phase(
    register: pd.DataFrame,
    year: int,
    basis: Basis | str = PLAN,
    *,
    weights: str | dict | WeightSet = "board",
    horizon_years: int = 2,
    ramp: Ramp = STEP,
) -> Phasing:
    """Phase a register's savings month by month on one basis.

    Args:
        register: canonical scheme table (needs ``scheme_id``, ``go_live``, ``fye_net_saving``,
            and for weighted bases the weight set's column, for forecasts
            ``change_in_delivery_months``).
        year: the register's financial year, e.g. ``2013`` for 2013/14.
        basis: ``PLAN``, ``MOST_LIKELY`` or ``FORECAST`` (or their names).
        weights: weight set name (``"board"``, ``"treasury"``), RAG mapping or :class:`WeightSet`.
        horizon_years: financial years in the monthly profile, from April of ``year`` (>= 2).
        ramp: build-up after go-live; the board's rules assume ``STEP``.

    Returns:
        A :class:`Phasing` with monthly savings and the board's in-year / next-year figures.
    """
    basis = BASES[basis] if isinstance(basis, str) else basis
    horizon_years = max(int(horizon_years), 2)
    fye = register[Scheme.fye_net_saving].to_numpy(dtype=float)
    offset = go_live_offsets(register, year)
    if basis.with_change:
        change = register[Scheme.change_in_delivery_months].to_numpy(dtype=float)
        offset = delivery_offset(offset, change)
    weight = weight_set(weights).lookup(register) if basis.weighted else np.ones(len(fye))
    monthly = monthly_savings(fye, offset, 12 * horizon_years, ramp, scale=weight)
    unweighted = monthly_savings(fye, offset, 24, ramp)  # the board's yearly rules, unweighted
    first_year = unweighted[:, :12].sum(axis=1)
    second_year = unweighted[:, 12:24].sum(axis=1)
    if Scheme.recurrent in register:  # a one-off saving has no next-year effect (docs/methods.md)
        one_off = register[Scheme.recurrent].astype("boolean").eq(False).fillna(False).to_numpy()
        monthly[one_off, 12:] = 0.0
        second_year = np.where(one_off, first_year, second_year)
    return Phasing(
        basis=basis,
        year=year,
        scheme_ids=register[Scheme.scheme_id].to_numpy(),
        months=pd.period_range(calendar.fy_start(year), periods=12 * horizon_years, freq="M"),
        monthly=monthly,
        weight=weight,
        in_year=first_year * weight,
        next_year=second_year - first_year,
        months_in_year=np.clip(12 - offset, 0, 12),
    )


def board_figures(
    register: pd.DataFrame, year: int, *, weights: str | dict | WeightSet = "board"
) -> pd.DataFrame:
    """Every figure of the rules of docs/methods.md per scheme, as the register should state them.

    Returns:
        One row per scheme (indexed by ``scheme_id``) with ``months_in_year``,
        ``plan_in_year``, ``plan_next_year``, ``most_likely_in_year``, ``forecast_in_year``,
        ``forecast_next_year`` in pounds.
    """
    plan = phase(register, year, PLAN, weights=weights)
    likely = phase(register, year, MOST_LIKELY, weights=weights)
    forecast = phase(register, year, FORECAST, weights=weights)
    return pd.DataFrame(
        {
            Scheme.months_in_year: plan.months_in_year,
            Scheme.plan_in_year: plan.in_year,
            Scheme.plan_next_year: plan.next_year,
            Scheme.most_likely_in_year: likely.in_year,
            Scheme.forecast_in_year: forecast.in_year,
            Scheme.forecast_next_year: forecast.next_year,
        },
        index=pd.Index(register[Scheme.scheme_id].to_numpy(), name=Scheme.scheme_id),
    )
