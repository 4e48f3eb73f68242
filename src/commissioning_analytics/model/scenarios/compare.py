"""The scenarios side by side against the baseline: outturn, gap to the target, next year, the
schemes each changes and the curves."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ... import calendar
from ...schema import Scheme
from ..changes import outturn_gbp
from ..phasing import (
    FORECAST,
    PLAN,
    Basis,
    WeightSet,
    phase,
)
from .apply import apply_scenario
from .define import BASELINE, Scenario


@dataclass
class ScenarioComparison:
    """Scenarios side by side (the baseline first), stated against the outturn.

    Attributes:
        year: the financial year compared.
        basis: the basis of the figures (forecast by default).
        target_gbp: the in-year target the gaps are measured against, pounds.
        as_of: the reporting month (``None``: none; then the outturn is the forecast in year).
        totals: one row per scenario: ``scenario``, ``description``, ``forecast_in_year_gbp``
            (the basis for the whole year), ``outturn_gbp`` (actual to date + the forecast for
            the months after the reporting month, as the headline's outturn), ``change_gbp``
            (outturn against the baseline's), ``gap_to_target_gbp`` (target - outturn: + = short
            of target, - = ahead), ``next_year_gbp``, ``held`` (changes held out of reported
            months).
        per_scheme: every scheme a scenario changes: ``scenario``, ``scheme_id``, ``scheme``,
            ``theme``, ``baseline_in_year_gbp``, ``in_year_gbp`` (the scheme's outturn),
            ``in_year_change_gbp``, ``baseline_next_year_gbp``, ``next_year_gbp``,
            ``next_year_change_gbp``.
        curves: long format ``scenario``, ``month``, ``value_gbp`` (that month: actual to the
            reporting month, then the forecast), ``cumulative_gbp`` (from April).
        registers: the changed register of each scenario, by name.
        held: every change held out of the reported months: ``scenario``, ``scheme_id``,
            ``asked``, ``applied``, ``why``.
    """

    year: int
    basis: Basis
    target_gbp: float
    totals: pd.DataFrame
    per_scheme: pd.DataFrame
    curves: pd.DataFrame
    registers: dict[str, pd.DataFrame]
    as_of: pd.Period | None = None
    held: pd.DataFrame = field(default_factory=pd.DataFrame)


def compare_scenarios(
    register: pd.DataFrame,
    year: int,
    scenarios: list[Scenario],
    target_gbp: float | None = None,
    weights: str | dict[str, float] | WeightSet = "board",
    *,
    basis: Basis = FORECAST,
    as_of: str | pd.Period | None = None,
    actuals: np.ndarray | None = None,
) -> ScenarioComparison:
    """Apply each scenario to the baseline and compare the year's outturn.

    Args:
        register: the baseline register (canonical columns).
        year: its financial year (2026 for 2026/27).
        scenarios: the scenarios, compared in this order after the baseline.
        target_gbp: the in-year target; ``None``: the baseline's plan in year (the year's
            plan is the programme's target).
        weights: risk weights, unless a scenario names its own.
        basis: ``FORECAST`` (default: director-assessed, risk-weighted), ``MOST_LIKELY`` or
            ``PLAN``.
        as_of: the reporting month: changes are held out of the months up to it
            (:func:`apply_scenario`) and, with ``actuals``, each outturn is actual to date +
            the scenario's forecast for the months after it.
        actuals: actual savings per scheme of ``register`` (rows in register order) and month
            of the year, ``(schemes, 12)`` pounds (``MonthInputs.actual_by_scheme_month()``);
            ``None``: no actuals (the outturn is the forecast in year). Actuals are fixed: a
            scenario that removes a scheme keeps what it has saved to date.

    Returns:
        A :class:`ScenarioComparison`.
    """
    if target_gbp is None:
        target_gbp = float(phase(register, year, PLAN).in_year.sum())
    as_of = pd.Period(as_of, freq="M") if as_of is not None else None
    k = calendar.month_offset(as_of, calendar.fy_start(year)) if as_of is not None else None
    ids = register[Scheme.scheme_id].astype(str).to_numpy()
    actual_of = {}
    if actuals is not None and k is not None:
        actuals = np.asarray(actuals, dtype=float)[:, :12]
        actual_of = dict(zip(ids, actuals[:, : k + 1].sum(axis=1)))
        actual_months = actuals.sum(axis=0)
    else:
        actuals, actual_months = None, None
    runs = [(BASELINE, "The register as it stands.", register, weights)]
    for s in scenarios:
        changed = apply_scenario(register, s, as_of=as_of)
        runs.append(
            (s.name, s.description, changed, s.weights if s.weights is not None else weights)
        )
    total_rows: list[dict[str, object]] = []
    scheme_frames: list[pd.DataFrame] = []
    curves: list[pd.DataFrame] = []
    registers: dict[str, pd.DataFrame] = {}
    held: list[dict[str, object]] = []
    base_frame = None
    for name, description, frame, w in runs:
        p = phase(frame, year, basis, weights=w)
        registers[name] = frame
        held += [{"scenario": name, **h} for h in frame.attrs.get("held", [])]
        forecast_months = p.monthly[:, :12].sum(axis=0)
        outturn = outturn_gbp(forecast_months, actual_months, k)
        next_year = float(p.next_year.sum())
        total_rows.append(
            {
                "scenario": name,
                "description": description,
                "forecast_in_year_gbp": float(p.in_year.sum()),
                "outturn_gbp": outturn,
                "gap_to_target_gbp": target_gbp - outturn,
                "next_year_gbp": next_year,
                "held": len(frame.attrs.get("held", [])),
            }
        )
        monthly = forecast_months.copy()
        if actual_months is not None and k is not None:
            monthly[: k + 1] = actual_months[: k + 1]
        curves.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "month": p.months[:12],
                    "value_gbp": monthly,
                    "cumulative_gbp": np.cumsum(monthly),
                }
            )
        )
        frame_ids = frame[Scheme.scheme_id].astype(str).to_numpy()
        scheme_outturn = p.in_year
        if actual_months is not None and k is not None:
            scheme_outturn = np.array([actual_of.get(i, 0.0) for i in frame_ids]) + p.monthly[
                :, k + 1 : 12
            ].sum(axis=1)
        by_scheme = pd.DataFrame(
            {
                Scheme.scheme_id: frame_ids,
                Scheme.scheme: frame[Scheme.scheme].to_numpy() if Scheme.scheme in frame else "",
                Scheme.theme: frame[Scheme.theme].to_numpy() if Scheme.theme in frame else "",
                "in_year_gbp": scheme_outturn,
                "next_year_gbp": p.next_year,
            }
        )
        if base_frame is None:
            base_frame = by_scheme
            continue
        merged = base_frame.merge(
            by_scheme, on=Scheme.scheme_id, how="outer", suffixes=("_baseline", ""), sort=False
        )
        for c in (Scheme.scheme, Scheme.theme):
            merged[c] = merged[c].fillna(merged[f"{c}_baseline"])
        merged = merged.rename(
            columns={
                "in_year_gbp_baseline": "baseline_in_year_gbp",
                "next_year_gbp_baseline": "baseline_next_year_gbp",
            }
        )
        money_cols = [
            "baseline_in_year_gbp",
            "in_year_gbp",
            "baseline_next_year_gbp",
            "next_year_gbp",
        ]
        merged[money_cols] = merged[money_cols].astype(float).fillna(0.0)
        removed = ~merged[Scheme.scheme_id].isin(frame_ids)
        # A removed scheme keeps what it saved to date (actuals are fixed).
        merged.loc[removed, "in_year_gbp"] = (
            merged.loc[removed, Scheme.scheme_id].map(actual_of).fillna(0.0).astype(float)
        )
        merged["in_year_change_gbp"] = merged.in_year_gbp - merged.baseline_in_year_gbp
        merged["next_year_change_gbp"] = merged.next_year_gbp - merged.baseline_next_year_gbp
        differs = (merged.in_year_change_gbp.abs() > 0.005) | (
            merged.next_year_change_gbp.abs() > 0.005
        )
        merged = merged.loc[differs].assign(scenario=name)
        scheme_frames.append(
            merged[
                [
                    "scenario",
                    Scheme.scheme_id,
                    Scheme.scheme,
                    Scheme.theme,
                    "baseline_in_year_gbp",
                    "in_year_gbp",
                    "in_year_change_gbp",
                    "baseline_next_year_gbp",
                    "next_year_gbp",
                    "next_year_change_gbp",
                ]
            ]
        )
    totals = pd.DataFrame(total_rows)
    totals.insert(4, "change_gbp", totals.outturn_gbp - totals.outturn_gbp.iloc[0])
    columns = [
        "scenario",
        Scheme.scheme_id,
        Scheme.scheme,
        Scheme.theme,
        "baseline_in_year_gbp",
        "in_year_gbp",
        "in_year_change_gbp",
        "baseline_next_year_gbp",
        "next_year_gbp",
        "next_year_change_gbp",
    ]
    per_scheme = (
        pd.concat(scheme_frames, ignore_index=True)
        if scheme_frames
        else pd.DataFrame(columns=columns)
    )
    return ScenarioComparison(
        year=year,
        basis=basis,
        target_gbp=float(target_gbp),
        totals=totals,
        per_scheme=per_scheme,
        curves=pd.concat(curves, ignore_index=True),
        registers=registers,
        as_of=as_of,
        held=pd.DataFrame(held, columns=["scenario", Scheme.scheme_id, "asked", "applied", "why"]),
    )
