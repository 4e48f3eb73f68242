"""The interactive savings explorer (notebooks/explorer.ipynb): logic here, widgets thin.

:class:`ExplorerData` precomputes what never changes while an analyst moves sliders (full-year
effects, go-live offsets, codes for theme / phase / overall RAG, actuals by month); then
:func:`recompute` turns slider values into the year's monthly curves and totals with a few
vectorised numpy operations (no loop over schemes), so 1,000 schemes recompute in well under a
millisecond-scale budget (see benchmarks/bench_pack.py). :func:`app` wires ipywidgets to a
plotly ``FigureWidget``. Money is in pounds; months are offsets from April of the register's
financial year (M1 = 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import calendar
from .model.phasing import STEP, Ramp, delivery_offset, go_live_offsets, monthly_savings
from .schema import Scheme

RAG_CODES = {"green": 0, "amber": 1, "red": 2}  # 3 = not rated (counts in full)
DEFAULT_WEIGHTS = {"green": 1.0, "amber": 0.75, "red": 0.5}
LEVELS = ("scheme", "theme", "phase")


@dataclass
class ExplorerData:
    """Everything fixed while the sliders move, as numpy arrays (one entry per scheme)."""

    year: int
    scheme_ids: np.ndarray
    labels: dict  # level -> np.ndarray of each scheme's key (str)
    fye: np.ndarray
    go_live_offset: np.ndarray
    change: np.ndarray
    rag_code: np.ndarray
    actual_by_month: np.ndarray  # 12 months, pounds (0 where none)
    has_actuals: bool = False

    @classmethod
    def from_register(cls, register: pd.DataFrame, year: int,
                      actual_by_month: np.ndarray | None = None) -> "ExplorerData":
        def keys(column):
            if column not in register:
                return np.full(len(register), "Not stated")
            return register[column].astype("string").fillna("Not stated").to_numpy(dtype=str)

        rag = register[Scheme.rag_overall].astype("string").str.lower() \
            if Scheme.rag_overall in register else pd.Series([None] * len(register))
        change = pd.to_numeric(register.get(Scheme.change_in_delivery_months,
                                            pd.Series(0.0, index=register.index))).fillna(0.0)
        return cls(
            year=year,
            scheme_ids=register[Scheme.scheme_id].astype(str).to_numpy(),
            labels={"scheme": register[Scheme.scheme_id].astype(str).to_numpy(),
                    "theme": keys(Scheme.theme), "phase": keys(Scheme.phase)},
            fye=register[Scheme.fye_net_saving].to_numpy(dtype=float),
            go_live_offset=go_live_offsets(register, year),
            change=change.to_numpy(dtype=float),
            rag_code=rag.map(RAG_CODES).fillna(3).to_numpy(dtype=int),
            actual_by_month=(np.zeros(12) if actual_by_month is None
                             else np.asarray(actual_by_month, dtype=float)),
            has_actuals=actual_by_month is not None,
        )

    @classmethod
    def from_month(cls, month) -> "ExplorerData":
        """From a :class:`~commissioning_analytics.report.MonthInputs` (all actuals of the year
        to the reporting month)."""
        actual = month.actual_by_scheme_month().sum(axis=0) if month.actuals is not None else None
        return cls.from_register(month.register, month.year, actual)

    def options(self, level: str) -> list[str]:
        """The schemes, themes or phases an analyst can pick."""
        return sorted(set(self.labels[level].tolist()))


@dataclass
class ExplorerResult:
    """Monthly totals (12 months, April to March) and the year's figures, pounds."""

    months: pd.PeriodIndex
    plan: np.ndarray
    most_likely: np.ndarray
    forecast: np.ndarray
    actual: np.ndarray  # to the reporting month only
    totals: dict = field(default_factory=dict)


def change_in_delivery(data: ExplorerData, overrides: dict | None = None) -> np.ndarray:
    """Each scheme's change in delivery (months), the register's unless overridden.

    Args:
        overrides: ``{(level, key): months}`` with level ``phase``, ``theme`` or ``scheme``;
            a scheme's own override beats its theme's, which beats its phase's.
    """
    change = data.change.copy()
    for level in ("phase", "theme", "scheme"):
        for (lvl, key), months in (overrides or {}).items():
            if lvl == level:
                change[data.labels[level] == str(key)] = float(months)
    return change


def recompute(
    data: ExplorerData,
    *,
    weights: dict | None = None,
    overrides: dict | None = None,
    ramp: Ramp = STEP,
    period_index: int = 11,
) -> ExplorerResult:
    """The savings curves and totals for one setting of the explorer's controls.

    Args:
        data: precomputed register arrays.
        weights: RAG weights 0-1 ``{"green", "amber", "red"}`` (board weights by default).
        overrides: change in delivery by scheme / theme / phase (see :func:`change_in_delivery`).
        ramp: build-up after go-live.
        period_index: reporting month as an offset from April (0 = April, 11 = March).

    Returns:
        Monthly totals on each basis and ``totals``: plan / most likely / forecast in year,
        plan, forecast and actual to date, forecast outturn (actual to date + forecast for the
        remaining months) and gap to target (plan - outturn), plus forecast next year.
    """
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    table = np.array([w["green"], w["amber"], w["red"], 1.0])
    weight = table[data.rag_code]
    plan_m = monthly_savings(data.fye, data.go_live_offset, 24, ramp)
    offset = delivery_offset(data.go_live_offset, change_in_delivery(data, overrides))
    forecast_m = monthly_savings(data.fye, offset, 24, ramp)
    plan = plan_m[:, :12].sum(axis=0)
    most_likely = weight @ plan_m[:, :12]
    forecast = weight @ forecast_m[:, :12]
    k = int(period_index)
    actual = data.actual_by_month[: k + 1]
    actual_to_date = float(actual.sum()) if data.has_actuals else float("nan")
    outturn = (actual_to_date + float(forecast[k + 1:].sum())) if data.has_actuals \
        else float(forecast.sum())
    first = forecast_m[:, :12].sum(axis=1)
    totals = {
        "plan_in_year": float(plan.sum()),
        "most_likely_in_year": float(most_likely.sum()),
        "forecast_in_year": float(forecast.sum()),
        "plan_to_date": float(plan[: k + 1].sum()),
        "forecast_to_date": float(forecast[: k + 1].sum()),
        "actual_to_date": actual_to_date,
        "forecast_outturn": outturn,
        "gap_to_target": float(plan.sum()) - outturn,
        "forecast_next_year": float((forecast_m[:, 12:24].sum(axis=1) - first).sum()),
    }
    return ExplorerResult(months=calendar.fy_months(data.year), plan=plan,
                          most_likely=most_likely, forecast=forecast, actual=actual, totals=totals)


def totals_html(result: ExplorerResult) -> str:
    """The totals as a small HTML table (money in £k/£m)."""
    from .figures import money

    names = {"plan_in_year": "Plan in year", "most_likely_in_year": "Most likely",
             "forecast_in_year": "Forecast in year", "plan_to_date": "Plan to date",
             "actual_to_date": "Actual to date", "forecast_outturn": "Forecast outturn",
             "gap_to_target": "Gap to target (+ = shortfall)",
             "forecast_next_year": "Forecast next year (incremental)"}
    rows = "".join(
        f"<tr><td>{label}</td><td style='text-align:right'><b>"
        f"{'n/a' if np.isnan(result.totals[key]) else money(result.totals[key])}</b></td></tr>"
        for key, label in names.items())
    return f"<table style='font-size:13px'>{rows}</table>"


def app(month):
    """The explorer's widgets for a :class:`~commissioning_analytics.report.MonthInputs`
    (``None``: a note that there is no register)."""
    import ipywidgets as W
    import plotly.graph_objects as go
    from IPython.display import Markdown

    from .figures import NHS_BLUE, NHS_DARK_GREY, NHS_GREEN, NHS_ORANGE

    if month is None:
        return Markdown("_No register: nothing to explore._")
    data = ExplorerData.from_month(month)
    labels = [m.strftime("%b %Y") for m in calendar.fy_months(data.year)]
    overrides: dict = {}

    sliders = {r: W.FloatSlider(value=DEFAULT_WEIGHTS[r], min=0, max=1, step=0.05,
                                description=f"{r.capitalize()} weight", continuous_update=True)
               for r in ("green", "amber", "red")}
    level = W.Dropdown(options=LEVELS, value="theme", description="Change by")
    item = W.Dropdown(options=data.options("theme"), description="Which")
    shift = W.IntSlider(value=0, min=-12, max=12, description="Months ±")
    apply_button = W.Button(description="Apply change")
    reset_button = W.Button(description="Reset changes")
    applied = W.HTML("")
    shape = W.Dropdown(options=["step", "linear", "s-curve"], value="step", description="Ramp")
    ramp_months = W.IntSlider(value=3, min=1, max=12, description="Ramp months")
    period = W.Dropdown(options=[(label, i) for i, label in enumerate(labels)],
                        value=month.period_index, description="Month")

    fig = go.FigureWidget()
    for name, colour, dash in (("Plan", NHS_BLUE, "solid"), ("Most likely", NHS_ORANGE, "dot"),
                               ("Forecast", NHS_DARK_GREY, "dash"), ("Actual", NHS_GREEN, "solid")):
        fig.add_scatter(x=labels, y=[0] * 12, name=name, line=dict(color=colour, dash=dash))
    fig.update_layout(title="Cumulative savings over the year (move the controls)",
                      xaxis_title="Month (April to March)", yaxis_title="Cumulative saving (£)",
                      height=450)
    totals = W.HTML()

    def update(*_):
        result = recompute(data, weights={r: s.value for r, s in sliders.items()},
                           overrides=overrides, ramp=Ramp(shape.value, ramp_months.value),
                           period_index=period.value)
        with fig.batch_update():
            fig.data[0].y = np.cumsum(result.plan)
            fig.data[1].y = np.cumsum(result.most_likely)
            fig.data[2].y = np.cumsum(result.forecast)
            fig.data[3].y = np.cumsum(result.actual) if data.has_actuals else []
            fig.data[3].x = labels[: len(result.actual)]
            fig.layout.shapes = [dict(type="line", x0=labels[period.value], x1=labels[period.value],
                                      y0=0, y1=1, yref="paper", line=dict(dash="dot", width=1))]
        totals.value = totals_html(result)
        applied.value = "; ".join(f"{lvl} {key}: {m:+g} months"
                                  for (lvl, key), m in overrides.items()) or "no changes applied"

    def on_level(change):
        item.options = data.options(change["new"])

    def on_apply(_):
        overrides[(level.value, item.value)] = shift.value
        update()

    def on_reset(_):
        overrides.clear()
        update()

    level.observe(on_level, names="value")
    apply_button.on_click(on_apply)
    reset_button.on_click(on_reset)
    for widget in (*sliders.values(), shape, ramp_months, period):
        widget.observe(update, names="value")
    update()
    controls = W.VBox([W.HTML("<b>RAG weights</b>"), *sliders.values(),
                       W.HTML("<b>Change in delivery</b>"), level, item, shift,
                       W.HBox([apply_button, reset_button]), applied,
                       W.HTML("<b>Ramp-up and reporting month</b>"), shape, ramp_months, period])
    return W.HBox([controls, W.VBox([fig, totals])])
