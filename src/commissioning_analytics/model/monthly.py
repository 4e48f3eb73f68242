"""One reporting month's savings, scheme by scheme and month by month: the arrays the board
paper's figures (movement, options, top risks, next year) are worked out from.

:class:`MonthlyFigures` holds what the headline figures are summed from (shared/DESIGN.md
"The headline figures"): the plan, most likely and forecast per scheme per month (two financial
years from April), the actuals per scheme per month of the year to date, and which months have
been reported. The pack builds it from the month it has loaded (its phasings and actuals, so a
register counted by its stated figures or a monthly tracker's own plan is used as the pack uses
it); :meth:`MonthlyFigures.from_register` phases a register by the board's rules, for last
month's tables and for tests.

The one definition of the outturn is :func:`.changes.outturn_gbp`: the actuals of the months
reported so far plus the forecast for every other month of the year. Money is in pounds; months
are offsets from April of the register's financial year (M1 = 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from .. import calendar
from ..schema import Scheme
from .phasing import FORECAST, MOST_LIKELY, PLAN, WeightSet, phase, weight_set

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


def actual_grid(
    register: pd.DataFrame, actuals: pd.DataFrame | None, year: int, period: pd.Period
) -> tuple[Floats, Bools]:
    """Actual savings per scheme per month of the year, and where one is recorded.

    Args:
        register: canonical scheme table (``scheme_id``).
        actuals: ``scheme_id, month, actual_gbp`` (``None``: no actuals).
        year: the register's financial year (2026 for 2026/27).
        period: the reporting month; months after it count nothing.

    Returns:
        ``(amounts, recorded)``, both schemes x 12 (April to March): pounds (0 where nothing is
        recorded), and whether a number (0 included) is recorded. A blank amount is no record;
        a row naming a scheme not in the register is not placed.
    """
    amounts = np.zeros((len(register), 12))
    recorded = np.zeros((len(register), 12), dtype=bool)
    if actuals is None or actuals.empty:
        return amounts, recorded
    rows = pd.Index(register[Scheme.scheme_id].astype(str)).get_indexer(
        pd.Index(actuals[Scheme.scheme_id].astype(str))
    )
    cols = calendar.month_offsets(actuals["month"], calendar.fy_start(year))
    k = calendar.month_offset(period, calendar.fy_start(year))
    value = pd.to_numeric(actuals["actual_gbp"], errors="coerce").to_numpy(dtype=float)
    keep = (rows >= 0) & (cols >= 0) & (cols <= k)
    np.add.at(amounts, (rows[keep], cols[keep].astype(int)), np.nan_to_num(value[keep]))
    placed = keep & ~np.isnan(value)
    recorded[rows[placed], cols[placed].astype(int)] = True
    return amounts, recorded


@dataclass(frozen=True)
class MonthlyFigures:
    """A reporting month's savings per scheme and month (see the module docstring).

    Attributes:
        period: the reporting month.
        year: the register's financial year (its starting calendar year).
        register: the canonical scheme table, one row per scheme, in the arrays' order.
        weights: the risk weight set the most likely and forecast use.
        plan, most_likely, forecast: pounds, schemes x months from April of ``year`` (at
            least 12; the forecast is risk-weighted).
        plan_next_year, forecast_next_year: each scheme's incremental effect in the following
            year, pounds, never risk-weighted (0 for a one-off saving: shared/DESIGN.md).
        actual: actual savings, schemes x 12, pounds (0 where none and after ``period``).
        reported: 12 bools, the months to date for which any scheme has an actual.
        adjustments_in_year: the register's adjustment rows counted in the plan, forecast and
            outturn (pack setting ``adjustments: include``; 0 otherwise), pounds.
    """

    period: pd.Period
    year: int
    register: pd.DataFrame
    weights: WeightSet
    plan: Floats
    most_likely: Floats
    forecast: Floats
    plan_next_year: Floats
    forecast_next_year: Floats
    actual: Floats
    reported: Bools
    adjustments_in_year: float = 0.0

    @classmethod
    def from_register(
        cls,
        register: pd.DataFrame,
        year: int,
        period: str | pd.Period,
        actuals: pd.DataFrame | None = None,
        *,
        weights: str | dict[str, float] | WeightSet = "board",
        adjustments_in_year: float = 0.0,
    ) -> MonthlyFigures:
        """Phase a register by the board's rules (:func:`.phasing.phase`) for a month.

        Args:
            register: canonical scheme table (``scheme_id``, ``go_live`` as months,
                ``fye_net_saving``, ``change_in_delivery_months`` (blank = 0), the weight
                set's column; ``recurrent`` optional).
            year: the register's financial year.
            period: the reporting month, ``YYYY-MM`` or a Period.
            actuals: ``scheme_id, month, actual_gbp`` or ``None``.
            weights: a weight set's name, a RAG mapping or a :class:`WeightSet`.
            adjustments_in_year: see the class.
        """
        month = pd.Period(period, freq="M")
        reg = register.reset_index(drop=True).copy()
        reg[Scheme.go_live] = pd.PeriodIndex(reg[Scheme.go_live], freq="M")
        change = reg.get(Scheme.change_in_delivery_months, pd.Series(0.0, index=reg.index))
        reg[Scheme.change_in_delivery_months] = pd.to_numeric(change).astype(float).fillna(0.0)
        wset = weight_set(weights)
        plan = phase(reg, year, PLAN, weights=wset)
        likely = phase(reg, year, MOST_LIKELY, weights=wset)
        forecast = phase(reg, year, FORECAST, weights=wset)
        one_off = ~recurrent(reg)
        amounts, recorded = actual_grid(reg, actuals, year, month)
        return cls(
            period=month,
            year=year,
            register=reg,
            weights=wset,
            plan=plan.monthly,
            most_likely=likely.monthly,
            forecast=forecast.monthly,
            plan_next_year=np.where(one_off, 0.0, plan.next_year),
            forecast_next_year=np.where(one_off, 0.0, forecast.next_year),
            actual=amounts,
            reported=np.asarray(recorded.any(axis=0), dtype=bool),
            adjustments_in_year=float(adjustments_in_year),
        )

    @property
    def period_index(self) -> int:
        """The reporting month as an offset from April (M1 = 0)."""
        return calendar.month_offset(self.period, calendar.fy_start(self.year))

    @property
    def counted(self) -> Bools:
        """12 bools: the months whose actuals count in the outturn (reported, to date)."""
        return (np.arange(12) <= self.period_index) & self.reported

    @property
    def scheme_ids(self) -> list[str]:
        return [str(i) for i in self.register[Scheme.scheme_id]]

    def outturn_by_month(self) -> Floats:
        """Schemes x 12: the actual where the month counts, else the forecast (pounds)."""
        return np.where(self.counted, self.actual, self.forecast[:, :12])

    def outturn_by_scheme(self) -> Floats:
        """Each scheme's outturn (:func:`.changes.outturn_gbp`), pounds."""
        result: Floats = self.outturn_by_month().sum(axis=1)
        return result

    def outturn(self) -> float:
        """The year's outturn: every scheme's, plus adjustment rows counted, pounds."""
        return float(self.outturn_by_scheme().sum()) + self.adjustments_in_year

    def plan_in_year(self) -> float:
        """The plan (target): every scheme's plan in year, plus adjustment rows counted."""
        return float(self.plan[:, :12].sum()) + self.adjustments_in_year


def recurrent(register: pd.DataFrame) -> Bools:
    """Whether each scheme's saving recurs: the register's ``recurrent`` column, where it is
    blank (or there is no such column) the saving recurs (shared/DESIGN.md)."""
    if Scheme.recurrent not in register:
        return np.ones(len(register), dtype=bool)
    column = register[Scheme.recurrent].astype("boolean")
    result: Bools = column.fillna(True).to_numpy(dtype=bool)
    return result
