"""Savings curves: monthly and cumulative savings over the financial year, by basis and group.

Tidy frame in (from :mod:`commissioning_analytics.views`), plotly Figure out. Money on axes
and hover labels in £k/£m.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..model.headline import Headline, bridge_steps
from ..style import SERIES, month_label
from . import NHS_BLUE, NHS_DARK_GREY, NHS_GREEN, NHS_LIGHT_BLUE, NHS_RED, money

BASIS_STYLE = {
    "plan": dict(name="Plan", color=SERIES["plan"], dash="solid"),
    "most_likely": dict(
        name="Most likely (risk-weighted)", color=SERIES["most_likely"], dash="dot"
    ),
    "forecast": dict(name="Forecast (director-assessed)", color=SERIES["forecast"], dash="dash"),
    "outturn": dict(
        name="Outturn (actual to date, then forecast)", color=SERIES["outturn"], dash="dashdot"
    ),
    "actual": dict(name="Actual to date", color=SERIES["actual"], dash="solid"),
}


def _month_labels(months) -> list[str]:
    return [month_label(m) for m in months]


def money_axis(fig: go.Figure, values, axis: str = "yaxis") -> None:
    """Tick labels in £k/£m for a money axis spanning ``values`` (pounds; may be negative)."""
    values = [float(v) for v in values] + [0.0]
    low, high = min(values), max(values)
    step = _nice_step(max(high - low, 1.0) / 5)
    first = int(np.floor(low / step))
    ticks = [i * step for i in range(first, int(np.ceil(high / step)) + 1)]
    fig.update_layout({axis: dict(tickvals=ticks, ticktext=[money(t) for t in ticks])})


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def savings_curves(curve: pd.DataFrame, *, cumulative: bool, title: str) -> go.Figure:
    """Plan, most likely, forecast and actuals to date over the year, one line per basis.

    Args:
        curve: ``month, measure, value_gbp, cumulative_gbp`` (report.savings_curve).
        cumulative: plot ``cumulative_gbp`` (else monthly ``value_gbp``).
        title: chart title.
    """
    column = "cumulative_gbp" if cumulative else "value_gbp"
    fig = go.Figure()
    for measure, style in BASIS_STYLE.items():
        rows = curve[curve["measure"] == measure]
        if rows.empty:
            continue
        kind = dict(mode="lines+markers") if measure == "actual" else dict(mode="lines")
        fig.add_trace(
            go.Scatter(
                x=_month_labels(rows["month"]),
                y=rows[column],
                name=style["name"],
                line=dict(
                    color=style["color"], dash=style["dash"], width=3 if measure == "actual" else 2
                ),
                customdata=[money(v) for v in rows[column]],
                hovertemplate="%{x}: %{customdata}<extra>" + style["name"] + "</extra>",
                **kind,
            )
        )
    money_axis(fig, curve[column])
    fig.update_layout(
        title=title,
        xaxis_title="Month (financial year April to March)",
        yaxis_title=("Cumulative saving" if cumulative else "Saving in the month"),
        height=430,
    )
    return fig


def by_group(table: pd.DataFrame, by: str, *, title: str, group_label: str) -> go.Figure:
    """Plan, forecast in year and actual to date per group (theme or phase), grouped bars.

    Args:
        table: report.in_year_by output.
        by: the group column.
    """
    labels = [str(v) for v in table[by]]
    if by == "phase":
        labels = [f"Phase {v}" if v != "Not stated" else v for v in labels]
    fig = go.Figure()
    for column, name, colour in (
        ("plan_gbp", "Plan in year", SERIES["plan"]),
        ("forecast_gbp", "Forecast in year", SERIES["forecast"]),
        ("actual_to_date_gbp", "Actual to date", SERIES["actual"]),
    ):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=table[column],
                name=name,
                orientation="h",
                marker_color=colour,
                text=[money(v) for v in table[column]],
                textposition="outside",
                hovertemplate="%{y}: %{text}<extra>" + name + "</extra>",
            )
        )
    money_axis(fig, list(table["plan_gbp"]) + list(table["forecast_gbp"]), axis="xaxis")
    fig.update_layout(
        title=title,
        barmode="group",
        xaxis_title="Saving in the financial year",
        yaxis_title=group_label,
        yaxis=dict(autorange="reversed", automargin=True),
        height=max(360, 70 * len(labels) + 150),
    )
    return fig


def go_live_profile(table: pd.DataFrame, *, title: str) -> go.Figure:
    """The year's plan by go-live month: how back-loaded the programme is.

    Args:
        table: report.live_from_april output.
    """
    colours = [NHS_BLUE if april else NHS_LIGHT_BLUE for april in table["live_from_april"]]
    fig = go.Figure(
        go.Bar(
            x=table["go_live_month"],
            y=table["plan_gbp"],
            marker_color=colours,
            text=[
                f"{money(v)} ({s:.0%})" if v else ""
                for v, s in zip(table["plan_gbp"], table["share"])
            ],
            textposition="outside",
            customdata=table["schemes"],
            hovertemplate="Go-live %{x}: %{text}, %{customdata} schemes<extra></extra>",
        )
    )
    money_axis(fig, table["plan_gbp"])
    fig.update_layout(
        title=title,
        xaxis_title="Month savings start (April = live from April)",
        yaxis_title="Plan in year",
        height=400,
        showlegend=False,
    )
    return fig


def variance_bars(table: pd.DataFrame, *, title: str) -> go.Figure:
    """Year-to-date variance (actual - plan) by theme; red where behind plan."""
    rows = table[table.iloc[:, 0] != "Total"]
    values = rows["ytd_variance_gbp"]
    fig = go.Figure(
        go.Bar(
            y=rows.iloc[:, 0].astype(str),
            x=values,
            orientation="h",
            marker_color=[NHS_RED if v < 0 else NHS_GREEN for v in values],
            text=[("Behind " if v < 0 else "Ahead ") + money(abs(v)) for v in values],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    money_axis(fig, values, axis="xaxis")
    fig.update_layout(
        title=title,
        xaxis_title="Actual to date minus plan to date",
        yaxis_title="Theme",
        yaxis=dict(autorange="reversed", automargin=True),
        height=max(320, 55 * len(rows) + 150),
        showlegend=False,
    )
    return fig


def bridge(steps, *, title: str | None = None) -> go.Figure:
    """The bridge from the plan to the outturn (waterfall), with the gap to the plan marked.

    Args:
        steps: :func:`commissioning_analytics.model.headline.bridge` (a tidy frame), or a
            :class:`~commissioning_analytics.model.headline.Headline` (its steps are taken from it).
        title: chart title (default: the outturn and the gap in words).
    """
    if isinstance(steps, Headline):
        steps = bridge_steps(steps)
    values = steps["value_gbp"].to_numpy(dtype=float)
    plan = float(steps.loc[steps["key"] == "plan", "value_gbp"].iloc[0])
    outturn = float(steps.loc[steps["key"] == "outturn", "value_gbp"].iloc[0])
    gap = plan - outturn
    text = [money(v, signed=m == "relative") for v, m in zip(values, steps["measure"])]
    split = "recurrent_gbp" in steps and steps["non_recurrent_gbp"].abs().sum() > 0.5
    custom = (
        [
            f"recurrent {money(r)}, non-recurrent {money(n)}"
            for r, n in zip(steps["recurrent_gbp"], steps["non_recurrent_gbp"])
        ]
        if split
        else [""] * len(steps)
    )

    labels = ["<br>".join(textwrap.wrap(str(label), 18)) for label in steps["step"]]
    fig = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=list(steps["measure"]),
            text=text,
            textposition="outside",
            customdata=custom,
            increasing=dict(marker_color=SERIES["actual"]),
            decreasing=dict(marker_color=SERIES["gap"]),
            totals=dict(marker_color=SERIES["plan"]),
            connector=dict(line=dict(color=NHS_DARK_GREY, dash="dot")),
            hovertemplate="%{text}<br>%{customdata}<extra></extra>",
        )
    )
    last = labels[-1]
    fig.add_shape(
        type="line",
        xref="paper",
        x0=0,
        x1=1,
        y0=plan,
        y1=plan,
        line=dict(color=SERIES["plan"], dash="dash", width=1),
    )
    fig.add_annotation(
        x=last,
        y=plan,
        text=f"Gap to plan {money(gap)}",
        showarrow=True,
        arrowhead=2,
        ax=0,
        ay=-30,
        font=dict(color=SERIES["gap"]),
    )
    money_axis(fig, [0.0, plan * 1.12, outturn])
    fig.update_layout(
        title=title or f"From plan to outturn: {money(outturn)}, a gap of {money(gap)}",
        xaxis_title="Step from the plan (target) to the outturn",
        yaxis_title="Saving in the financial year",
        showlegend=False,
        height=460,
    )
    return fig
