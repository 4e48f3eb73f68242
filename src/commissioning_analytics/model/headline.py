"""The headline figures of a pack, defined once (docs/methods.md, "The headline figures").

Every page, the index, ``summary.json``, the workbook and the CSVs take their figures from
:func:`headline`, never from their own arithmetic:

* plan (the target) = the sum of the schemes' plan in year (+ adjustment rows when included);
* risk weighting = plan - most likely; slippage = most likely - forecast (the directors'
  change in delivery); forecast = the sum of the schemes' forecast in year;
* plan, forecast and actual to date: April to the reporting month inclusive;
* outturn = actual to date + the forecast for the months after the reporting month, and for
  each scheme's past months with no actual recorded (a partly reported month: a live scheme
  with no actual yet counts its forecast, not nothing; a month no scheme reported, only when a
  pack was allowed to run without it);
* gap = plan - outturn (positive: a shortfall).

:func:`bridge` walks from the plan to the outturn in named steps (weighting, slippage, actuals
above or below the forecast to date) that add up to the penny; each step is split into
recurrent and non-recurrent savings. Money is in pounds; the financial year runs April to March.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..schema import Scheme
from ..style import money
from .changes import outturn_gbp
from .phasing import FORECAST, phase
from .plans import commencement_changes

# The month these rules are applied to: a month.MonthInputs (register, its phasing on every
# basis, actuals), typed loosely because the model layer never imports the month layer above it.
Month = Any

RECURRENT = "recurrent"  # the register's optional column (blank = recurrent)

# Bridge steps, in order: key, label a director reads.
BRIDGE_LABELS = {
    "schemes_plan": "Schemes' plan",
    "adjustments": "Adjustment rows (register)",
    "plan": "Plan (target)",
    "risk_weighting": "Risk weighting (RAG)",
    "slippage": "Slippage (directors' change in delivery)",
    "forecast": "Forecast",
    "actual_vs_forecast": "Actual above (+) or below (−) forecast to date",
    "outturn": "Outturn",
}


def recurrent_mask(register: pd.DataFrame) -> np.ndarray:
    """Whether each scheme's saving recurs: the register's ``recurrent`` column, blank (or no
    column at all) = recurrent."""
    column = register.get(RECURRENT)
    if column is None:
        return np.ones(len(register), dtype=bool)
    values = column.astype("object").where(column.notna(), True)
    return np.array([_truthy(v) for v in values], dtype=bool)


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "no", "n", "0", "nr", "non-recurrent")
    return bool(value)


@dataclass(frozen=True)
class Headline:
    """The headline figures of one reporting month, pounds (see the module docstring).

    ``actual_to_date`` is ``nan`` when no month of the year to date has actuals. The
    ``*_recurrent`` fields are the recurrent part of the figure before them; the non-recurrent
    part is the difference (see :meth:`non_recurrent`).
    """

    period: str
    financial_year: str
    schemes: int
    plan_in_year: float
    most_likely_in_year: float
    forecast_in_year: float
    risk_weighting: float
    slippage: float
    plan_to_date: float
    forecast_to_date: float
    actual_to_date: float
    ytd_variance: float
    actual_vs_forecast_to_date: float
    forecast_after_period: float
    forecast_for_months_without_actuals: float
    forecast_outturn: float
    gap_to_target: float
    plan_next_year: float
    forecast_next_year: float
    schemes_plan_in_year: float
    adjustments_in_year: float
    adjustments_excluded_in_year: float
    plan_recurrent: float
    forecast_recurrent: float
    outturn_recurrent: float
    non_recurrent_schemes: int
    recurrent_stated: bool
    figures: str
    adjustments: str
    months_without_actuals: tuple[str, ...]
    rag_green: int
    rag_amber: int
    rag_red: int

    @property
    def has_actuals(self) -> bool:
        return not math.isnan(self.actual_to_date)

    def non_recurrent(self, figure: str) -> float:
        """The non-recurrent part of ``plan``, ``forecast`` or ``outturn``."""
        total = {
            "plan": self.plan_in_year,
            "forecast": self.forecast_in_year,
            "outturn": self.forecast_outturn,
        }[figure]
        return float(total - getattr(self, f"{figure}_recurrent"))

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (``nan`` -> ``None``, tuples -> lists), for ``summary.json``."""
        out: dict[str, object] = {}
        for key, value in dataclasses.asdict(self).items():
            if isinstance(value, float) and math.isnan(value):
                value = None
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        for figure in ("plan", "forecast", "outturn"):
            out[f"{figure}_non_recurrent"] = self.non_recurrent(figure)
        return out

    def gap_words(self) -> str:
        """``a shortfall of £4.01m`` / ``£120k ahead of the plan`` / ``exactly on plan``."""
        if self.gap_to_target > 0.5:
            return f"a shortfall of {money(self.gap_to_target)}"
        if self.gap_to_target < -0.5:
            return f"{money(-self.gap_to_target)} ahead of the plan"
        return "exactly on plan"


def scheme_figures(month: Month) -> pd.DataFrame:
    """The headline's figures per scheme (pounds), from which :func:`headline` sums.

    Columns: ``plan, most_likely, forecast, plan_to_date, forecast_to_date, actual_to_date,
    forecast_reported`` (the forecast of the scheme's past months with an actual recorded),
    ``forecast_after`` (months after the reporting month), ``forecast_unreported`` (the
    scheme's past months with no actual recorded: counted at the forecast in the outturn),
    ``outturn``, ``plan_next_year``, ``forecast_next_year`` (0 for non-recurrent schemes),
    ``recurrent``.
    """
    k = month.period_index
    plan_m = month.plan.monthly[:, :12]
    fc_m = month.forecast.monthly[:, :12]
    # schemes x 12: the scheme-months to date with an actual recorded; a live scheme with no
    # actual for a month others reported counts its forecast there (a partly reported month)
    counted = month.actual_recorded() & (np.arange(12) <= k)
    past = np.arange(12) <= k
    actual = month.actual_by_scheme_month()
    recurrent = recurrent_mask(month.register)
    frame = pd.DataFrame(
        {
            Scheme.scheme_id: month.register[Scheme.scheme_id].astype(str).to_numpy(),
            "plan": month.plan.in_year,
            "most_likely": month.most_likely.in_year,
            "forecast": month.forecast.in_year,
            "plan_to_date": plan_m[:, past].sum(axis=1),
            "forecast_to_date": fc_m[:, past].sum(axis=1),
            "actual_to_date": np.where(counted, actual, 0.0).sum(axis=1),
            "forecast_reported": np.where(counted, fc_m, 0.0).sum(axis=1),
            "forecast_after": fc_m[:, ~past].sum(axis=1),
            "forecast_unreported": np.where(past & ~counted, fc_m, 0.0).sum(axis=1),
            "plan_next_year": np.where(recurrent, month.plan.next_year, 0.0),
            "forecast_next_year": np.where(recurrent, month.forecast.next_year, 0.0),
            "recurrent": recurrent,
        }
    )
    frame["outturn"] = outturn_gbp(fc_m, actual, k, counted)
    return frame


def headline(month: Month) -> Headline:
    """The month's headline figures (one definition; see the module docstring).

    Args:
        month: :class:`~commissioning_analytics.month.MonthInputs`.
    """
    per = scheme_figures(month)
    settings = month.settings
    adjust = month.adjustment_total("plan_in_year")
    adjust_next = month.adjustment_total("plan_next_year")
    included = settings.adjustments == "include"
    adj, adj_next = (adjust, adjust_next) if included else (0.0, 0.0)
    has_actuals = bool(month.months_with_actuals_mask()[: month.period_index + 1].any())
    plan_s, ml_s, fc_s = (float(per[c].sum()) for c in ("plan", "most_likely", "forecast"))
    actual = float(per["actual_to_date"].sum()) if has_actuals else float("nan")
    reported = float(per["forecast_reported"].sum())
    outturn = float(per["outturn"].sum()) + adj
    plan = plan_s + adj
    rec = per["recurrent"].to_numpy()
    rag = month.register.get(Scheme.rag_overall, pd.Series(dtype="object"))
    rag = rag.astype("string").str.lower()
    return Headline(
        period=str(month.period),
        financial_year=month.fy,
        schemes=int(len(month.register)),
        plan_in_year=plan,
        most_likely_in_year=ml_s + adj,
        forecast_in_year=fc_s + adj,
        risk_weighting=plan_s - ml_s,
        slippage=ml_s - fc_s,
        plan_to_date=float(per["plan_to_date"].sum()),
        forecast_to_date=float(per["forecast_to_date"].sum()),
        actual_to_date=actual,
        ytd_variance=actual - float(per["plan_to_date"].sum()),
        actual_vs_forecast_to_date=(actual - reported) if has_actuals else 0.0,
        forecast_after_period=float(per["forecast_after"].sum()),
        forecast_for_months_without_actuals=float(per["forecast_unreported"].sum()),
        forecast_outturn=outturn,
        gap_to_target=plan - outturn,
        plan_next_year=float(per["plan_next_year"].sum()) + adj_next,
        forecast_next_year=float(per["forecast_next_year"].sum()) + adj_next,
        schemes_plan_in_year=plan_s,
        adjustments_in_year=adj,
        adjustments_excluded_in_year=0.0 if included else adjust,
        plan_recurrent=float(per.loc[rec, "plan"].sum()) + adj,
        forecast_recurrent=float(per.loc[rec, "forecast"].sum()) + adj,
        outturn_recurrent=float(per.loc[rec, "outturn"].sum()) + adj,
        non_recurrent_schemes=int((~rec).sum()),
        recurrent_stated=bool(
            RECURRENT in month.register and month.register[RECURRENT].notna().any()
        ),
        figures=settings.figures,
        adjustments=settings.adjustments,
        months_without_actuals=tuple(str(m) for m in month.months_without_actuals()),
        rag_green=int((rag == "green").sum()),
        rag_amber=int((rag == "amber").sum()),
        rag_red=int((rag == "red").sum()),
    )


def bridge_steps(head: Headline) -> pd.DataFrame:
    """The bridge's steps from a :class:`Headline` alone (no recurrent split): ``key, step,
    measure, value_gbp`` (see :func:`bridge`)."""
    rows = []
    if head.adjustments_in_year:
        rows += [
            ("schemes_plan", "absolute", head.schemes_plan_in_year),
            ("adjustments", "relative", head.adjustments_in_year),
            ("plan", "total", head.plan_in_year),
        ]
    else:
        rows.append(("plan", "absolute", head.plan_in_year))
    rows += [
        ("risk_weighting", "relative", -head.risk_weighting),
        ("slippage", "relative", -head.slippage),
        ("forecast", "total", head.forecast_in_year),
        ("actual_vs_forecast", "relative", head.actual_vs_forecast_to_date),
        ("outturn", "total", head.forecast_outturn),
    ]
    out = pd.DataFrame(rows, columns=["key", "measure", "value_gbp"])
    out.insert(1, "step", out["key"].map(BRIDGE_LABELS))
    return out


def bridge(month: Month) -> pd.DataFrame:
    """From the plan to the outturn in named steps, tidy, adding up to the penny.

    Args:
        month: :class:`~commissioning_analytics.month.MonthInputs`.

    Returns:
        One row per step: ``key``, ``step`` (label), ``measure`` (plotly waterfall:
        ``absolute`` for the first bar, ``relative`` for a change, ``total`` for a subtotal),
        ``value_gbp`` (the change, or the subtotal's value), ``recurrent_gbp`` and
        ``non_recurrent_gbp`` (its split; adjustment rows count as recurrent). The relative
        steps from the first bar add up to each total: plan - weighting - slippage = forecast;
        forecast + (actual - forecast to date) = outturn.
    """
    head = headline(month)
    per = scheme_figures(month)
    rec = per["recurrent"].to_numpy()
    adj = head.adjustments_in_year
    avf = (
        (per["actual_to_date"] - per["forecast_reported"])
        if head.has_actuals
        else pd.Series(0.0, index=per.index)
    )
    parts = {
        "schemes_plan": (per["plan"], 0.0),
        "adjustments": (pd.Series(0.0, index=per.index), adj),
        "plan": (per["plan"], adj),
        "risk_weighting": (per["most_likely"] - per["plan"], 0.0),
        "slippage": (per["forecast"] - per["most_likely"], 0.0),
        "forecast": (per["forecast"], adj),
        "actual_vs_forecast": (avf, 0.0),
        "outturn": (per["outturn"], adj),
    }
    out = bridge_steps(head)
    out["recurrent_gbp"] = [float(parts[k][0][rec].sum()) + parts[k][1] for k in out["key"]]
    out["non_recurrent_gbp"] = [float(parts[k][0][~rec].sum()) for k in out["key"]]
    return out


# ---------------------------------------------------------------------------------------------
# Plans against the forecast


@dataclass(frozen=True)
class PlanCheck:
    """Where the project plans and the directors' forecast disagree.

    Attributes:
        contradictions: schemes whose plan starts the service later than go-live + change in
            delivery: ``scheme_id, scheme, go_live, directors_go_live, plan_go_live,
            change_in_delivery_months, plan_change_months, forecast_gbp,
            plan_forecast_gbp, effect_gbp`` (in-year £ the plan takes off the directors'
            forecast, positive = less saving), ``source``; largest effect first.
        directors_forecast: the headline forecast (the directors'), £.
        plan_adjusted_forecast: the forecast with those schemes starting when their plans say, £.
        directors_outturn, plan_adjusted_outturn: the same for the outturn, £.
    """

    contradictions: pd.DataFrame
    directors_forecast: float
    plan_adjusted_forecast: float
    directors_outturn: float
    plan_adjusted_outturn: float

    @property
    def effect_gbp(self) -> float:
        return self.directors_forecast - self.plan_adjusted_forecast


def plan_check(month: Month, tasks: pd.DataFrame | None) -> PlanCheck:
    """Compare each linked plan's "commencement of service" with the register's go-live +
    the directors' change in delivery (``model.plans.commencement_changes``).

    Only plans that put a service *later* than the directors' forecast are contradictions;
    the plan-adjusted forecast moves just those schemes to their plan's month (never into a
    month already reported, whose savings are the actuals).
    """

    head = headline(month)
    columns = [
        Scheme.scheme_id,
        Scheme.scheme,
        Scheme.go_live,
        "directors_go_live",
        "plan_go_live",
        Scheme.change_in_delivery_months,
        "plan_change_months",
        "forecast_gbp",
        "plan_forecast_gbp",
        "effect_gbp",
        Scheme.source,
    ]
    empty = PlanCheck(
        pd.DataFrame(columns=columns),
        head.forecast_in_year,
        head.forecast_in_year,
        head.forecast_outturn,
        head.forecast_outturn,
    )
    if tasks is None or tasks.empty:
        return empty
    reg = month.register
    changes = commencement_changes(tasks, reg)
    if changes.empty:
        return empty
    change = reg[Scheme.change_in_delivery_months].astype(float).fillna(0.0)
    directors = pd.Series(change.to_numpy(), index=reg[Scheme.scheme_id].astype(str))
    changes = changes.assign(directors=changes[Scheme.scheme_id].astype(str).map(directors))
    later = changes[changes[Scheme.change_in_delivery_months] < changes["directors"]]
    if later.empty:
        return empty
    adjusted = reg.copy()
    by_id = later.set_index(Scheme.scheme_id)[Scheme.change_in_delivery_months]
    ids = adjusted[Scheme.scheme_id].astype(str)
    adjusted[Scheme.change_in_delivery_months] = ids.map(by_id).combine_first(change).astype(float)
    planned = phase(adjusted, month.year, FORECAST, weights=month.weights)
    k = month.period_index
    fc_m, plan_fc_m = month.forecast.monthly[:, :12], planned.monthly[:, :12]
    # Months already reported keep their actuals: only months after the reporting month move.
    effect_rest = fc_m[:, k + 1 :].sum(axis=1) - plan_fc_m[:, k + 1 :].sum(axis=1)
    effect_year = month.forecast.in_year - planned.in_year
    rows = ids.isin(later[Scheme.scheme_id].astype(str)).to_numpy()
    go_live = pd.PeriodIndex(reg[Scheme.go_live], freq="M")
    table = pd.DataFrame(
        {
            Scheme.scheme_id: ids.to_numpy()[rows],
            Scheme.scheme: reg[Scheme.scheme].to_numpy()[rows],
            Scheme.go_live: go_live[rows],
            "directors_go_live": go_live[rows] - change.to_numpy()[rows].astype(int),
            "plan_go_live": pd.PeriodIndex(
                ids[rows].map(later.set_index(Scheme.scheme_id)["forecast_go_live"]), freq="M"
            ),
            Scheme.change_in_delivery_months: change.to_numpy()[rows],
            "plan_change_months": ids[rows].map(by_id).to_numpy(dtype=float),
            "forecast_gbp": month.forecast.in_year[rows],
            "plan_forecast_gbp": planned.in_year[rows],
            "effect_gbp": effect_year[rows],
            Scheme.source: reg[Scheme.source].to_numpy()[rows] if Scheme.source in reg else "",
        }
    )
    table = table.sort_values(["effect_gbp", Scheme.scheme_id], ascending=[False, True])
    return PlanCheck(
        contradictions=table[columns].reset_index(drop=True),
        directors_forecast=head.forecast_in_year,
        plan_adjusted_forecast=head.forecast_in_year - float(effect_year[rows].sum()),
        directors_outturn=head.forecast_outturn,
        plan_adjusted_outturn=head.forecast_outturn - float(effect_rest[rows].sum()),
    )
