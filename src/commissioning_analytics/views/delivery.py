"""Page 30's tables: the change in delivery by scheme, its next-year effect, the first steps of
the bridge; the scenarios side by side, the delivery-risk simulation and the bring-forward plan,
each worked out by one function that the page, the board summary and the workbook share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..io.datafolder import DataFolder
from ..model import headline as _headline
from ..model.bring_forward import BringForwardPlan, bring_forward
from ..model.risk import RiskConfig, RiskResult, default_risk, load_risk_config, simulate
from ..model.scenarios import (
    Scenario,
    ScenarioComparison,
    apply_scenario,
    compare_scenarios,
    find_scenario,
    load_scenarios,
)
from ..month import MonthInputs
from ..schema import Scheme


def waterfall(month: MonthInputs) -> pd.DataFrame:
    """Plan in year -> risk weighting -> change in delivery -> forecast, pounds: the first
    steps of :func:`headline.bridge` (``stage``, ``step`` = plotly waterfall measure,
    ``value_gbp``)."""

    steps = _headline.bridge(month)
    upto = steps.index[steps["key"] == "forecast"][0]
    steps = steps.loc[:upto]
    return pd.DataFrame(
        {"stage": steps["step"], "step": steps["measure"], "value_gbp": steps["value_gbp"]}
    ).reset_index(drop=True)


def delivery_by_scheme(month: MonthInputs) -> pd.DataFrame:
    """Per scheme with a change in delivery: months gained (+) / lost (-), in-year and
    next-year effect, pounds. Sorted from the largest loss to the largest gain."""
    reg = month.register
    change = reg[Scheme.change_in_delivery_months].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            Scheme.scheme_id: reg[Scheme.scheme_id].astype(str),
            Scheme.scheme: reg[Scheme.scheme],
            Scheme.theme: reg[Scheme.theme] if Scheme.theme in reg else "",
            "months_in_year": month.plan.months_in_year,
            "change_months": change,
            "effective_months": month.forecast.months_in_year,
            "in_year_effect_gbp": month.forecast.in_year - month.most_likely.in_year,
            "next_year_effect_gbp": month.forecast.next_year - month.plan.next_year,
        }
    )
    out = out[out["change_months"] != 0]
    return out.sort_values(["in_year_effect_gbp", Scheme.scheme_id]).reset_index(drop=True)


def next_year_effect(month: MonthInputs) -> pd.DataFrame:
    """Next year's incremental saving, plan vs forecast, by theme, pounds (slippage moves
    savings out of this year and into the next)."""
    frame = pd.DataFrame(
        {
            Scheme.theme: month.register[Scheme.theme].astype("string").fillna("Not stated"),
            "plan_next_year_gbp": month.plan.next_year,
            "forecast_next_year_gbp": month.forecast.next_year,
        }
    )
    out = frame.groupby(Scheme.theme).sum().reset_index()
    out["slippage_into_next_year_gbp"] = out["forecast_next_year_gbp"] - out["plan_next_year_gbp"]
    return out


def target_gbp(month: MonthInputs) -> float:
    """The year's target: the plan in year of the baseline register, pounds."""
    return float(month.plan.in_year.sum())


def scheme_actuals(month: MonthInputs) -> np.ndarray | None:
    """What the outturn counts per scheme and month to date (``None`` without actuals): the
    actual where recorded, else the forecast (:meth:`MonthInputs.outturn_to_date`), so the
    scenarios', bring-forward's and delivery risk's outturn is the headline's."""
    return month.outturn_to_date() if month.actuals is not None else None


def actual_by_month(month: MonthInputs) -> np.ndarray | None:
    """:func:`scheme_actuals` of the programme by month of the year (``None`` without
    actuals)."""
    actuals = scheme_actuals(month)
    return None if actuals is None else actuals.sum(axis=0)


def month_scenarios(month: MonthInputs) -> list[Scenario]:
    """The data folder's scenarios (``[]`` when it has none).

    Raises:
        ConfigError: every problem of every scenario file.
    """
    if month.data_dir is None:
        return []
    return load_scenarios(DataFolder(month.data_dir).scenarios())


def selected_scenario(month: MonthInputs, scenarios: list[Scenario]) -> tuple[Scenario | None, str]:
    """The scenario the page's ``scenario`` parameter names, and a note if it names none."""
    if not month.scenario:
        return None, ""
    try:
        return find_scenario(scenarios, month.scenario), ""
    except ConfigError as error:
        return None, f"> {error.lines()[0]}. The baseline is shown."


def scenario_register(month: MonthInputs) -> tuple[pd.DataFrame, str, Scenario | None, str]:
    """The register the risk and bring-forward sections work on, and its name."""
    try:
        chosen, note = selected_scenario(month, month_scenarios(month))
    except ConfigError:
        chosen, note = None, "> The scenario files have problems (see Scenarios side by side)."
    if chosen is None:
        return month.register, "the register as it stands", chosen, note
    try:
        changed = apply_scenario(month.register, chosen, as_of=month.period)
    except ConfigError:
        return (
            month.register,
            "the register as it stands",
            None,
            f"> Scenario **{chosen.name}** does not fit this register (see Scenarios side "
            "by side). The baseline is shown.",
        )
    return changed, f"scenario **{chosen.name}**", chosen, note


def compare(month: MonthInputs, scenarios: list[Scenario]) -> ScenarioComparison:
    """The data folder's scenarios side by side against the baseline (page 30, the workbook)."""
    return compare_scenarios(
        month.register,
        month.year,
        scenarios,
        target_gbp=target_gbp(month),
        weights=month.weights,
        as_of=month.period,
        actuals=scheme_actuals(month),
    )


def risk_for(
    month: MonthInputs,
    register: pd.DataFrame | None = None,
    draws: int = 10_000,
    seed: int = 2026,
) -> tuple[RiskResult, RiskConfig]:
    """The delivery-risk simulation from today's position and the risk settings it used
    (the data folder's ``risk.yml``, else the defaults): the one computation behind page 30's
    section and the workbook's risk sheet. ``register``: a scenario's register (default the
    one page 30 works on).

    Raises:
        ConfigError: the data folder's risk settings cannot be read.
    """
    if register is None:
        register = scenario_register(month)[0]
    own = DataFolder(month.data_dir).risk if month.data_dir is not None else None
    config = load_risk_config(own) if own is not None and own.is_file() else default_risk()
    result = simulate(
        register,
        month.year,
        draws=draws,
        seed=seed,
        as_of=month.period,
        config=config,
        actual_by_month=actual_by_month(month),
        weights=month.weights,
    )
    return result, config


def bring_forward_for(month: MonthInputs, register: pd.DataFrame | None = None) -> BringForwardPlan:
    """The bring-forward plan that reaches the year's target from the outturn (actuals to date
    fixed, nothing moved into a reported month): the one computation behind page 30's section
    and the board summary's decision. ``register``: a scenario's register (default the
    month's)."""
    return bring_forward(
        month.register if register is None else register,
        month.year,
        target_gbp(month),
        weights=month.weights,
        as_of=month.period,
        actual_by_month=actual_by_month(month),
    )
