"""The forecast over the year: the plan, outturn and gap at each reported month, ending with
this one, so a board sees the direction of travel (M3, M4 ... M7), not last month alone.

Each earlier month's figures are the ones its pack published (``outputs/<period>/summary.json``,
or the tidy tables' ``summary.csv`` in ``data/processed/<period>/`` or a data folder's
``history/<period>/``; :mod:`commissioning_analytics.io.history` reads them): what the board was
told that month, never recomputed with this month's register. Only months of this month's
financial year, before it, count; a month of the year to date with no figures is named as
missing, never filled in. Money is in pounds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .. import calendar

#: the figures of each point, as ``summary.json`` names them
FIGURES = ("plan_in_year", "forecast_outturn", "gap_to_target")


@dataclass(frozen=True)
class Trajectory:
    """The forecast over the year.

    Attributes:
        points: one row per month with figures, oldest first: ``period`` (``YYYY-MM``),
            ``plan_in_year``, ``forecast_outturn``, ``gap_to_target`` (pounds; positive =
            shortfall) and ``source`` (where the figures came from; this month's: ``""``).
        missing: months of the year to date with no figures (``YYYY-MM``).
        notes: plain sentences on figures left out or worked out (a gap not stated: plan -
            outturn), for the page's notes.
    """

    points: pd.DataFrame
    missing: tuple[str, ...]
    notes: tuple[str, ...]

    def as_json(self) -> list[dict[str, object]]:
        """``summary.json``'s ``trajectory``: ``[{"period", "plan_in_year",
        "forecast_outturn", "gap_to_target"}]``, oldest first."""
        return [
            {
                "period": str(row["period"]),
                **{figure: float(row[figure]) for figure in FIGURES},
            }
            for row in self.points.to_dict("records")
        ]


def trajectory(
    current: Mapping[str, object],
    earlier: Mapping[str, Mapping[str, object]],
    *,
    sources: Mapping[str, str] | None = None,
) -> Trajectory:
    """The plan, outturn and gap at each reported month of the year, ending with this one.

    Args:
        current: this month's headline figures (``period`` and :data:`FIGURES`; the
            ``Headline.as_dict()`` of the month).
        earlier: period (``YYYY-MM``) -> that month's published headline figures (its
            ``summary.json`` or ``summary.csv``); months of other years, or not before
            ``current``, are left out (and said so).
        sources: period -> where its figures were read (shown in ``points.source``).

    Raises:
        ValueError: when ``current`` lacks its period or one of :data:`FIGURES`.
    """
    period = pd.Period(str(current["period"]), freq="M")
    year = calendar.fy_start_year(period)
    this = _figures(current)
    if this is None:
        raise ValueError(f"{period}: this month's figures lack one of {', '.join(FIGURES)}")
    sources = sources or {}
    notes: list[str] = []
    rows: list[tuple[str, float, float, float, str]] = []
    for key in sorted(earlier):
        month = pd.Period(key, freq="M")
        if calendar.fy_start_year(month) != year or not month < period:
            notes.append(
                f"{key}: left out of the forecast over the year (not a month of "
                f"{calendar.fy_label(year)} before {period})."
            )
            continue
        figures = _figures(earlier[key])
        if figures is None:
            notes.append(
                f"{key}: left out of the forecast over the year (its figures lack one of "
                f"plan, outturn)."
            )
            continue
        plan, outturn, gap, stated = figures
        if not stated:
            notes.append(f"{key}: no gap stated; taken as plan less outturn.")
        rows.append((str(month), plan, outturn, gap, sources.get(key, "")))
    plan, outturn, gap, _ = this
    rows.append((str(period), plan, outturn, gap, ""))
    found = {r[0] for r in rows}
    first = calendar.fy_start(year)
    missing = tuple(str(m) for m in pd.period_range(first, period, freq="M") if str(m) not in found)
    points = pd.DataFrame(rows, columns=["period", *FIGURES, "source"])
    return Trajectory(points=points, missing=missing, notes=tuple(notes))


def _figures(summary: Mapping[str, object]) -> tuple[float, float, float, bool] | None:
    """``(plan, outturn, gap, gap_stated)`` of a summary, or ``None`` without plan or outturn."""
    plan = _number(summary.get("plan_in_year"))
    outturn = _number(summary.get("forecast_outturn"))
    if plan is None or outturn is None:
        return None
    gap = _number(summary.get("gap_to_target"))
    if gap is None:
        return plan, outturn, plan - outturn, False
    return plan, outturn, gap, True


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value)) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        return None
    return None if math.isnan(number) else number
