"""Activity-deflection figures: planned against realised deflection, SPC charts of the TPIs,
interventions in recovery and how much of the financial gap the programme closes.

Tidy frames in (from :mod:`commissioning_analytics.model.deflection` and
:mod:`commissioning_analytics.model.spc`), plotly figures out. Special-cause points use the
Making Data Count colours (improvement blue, concern orange, neutral purple, common cause grey)
and every icon is also written in words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import (NHS_AQUA_GREEN, NHS_BLUE, NHS_DARK_BLUE, NHS_DARK_GREY, NHS_GREEN,
               NHS_MID_GREY, NHS_ORANGE, NHS_PALE_GREY, NHS_RED, money)

# Making Data Count point colours (as NHSRplotthedots' ptd_spc_colours defaults).
MDC_COMMON = "#7B7D7D"
MDC_IMPROVEMENT = "#289DE0"
MDC_CONCERN = "#FAB428"
MDC_NEUTRAL = "#361475"
POINT_COLOURS = {
    "common_cause": MDC_COMMON,
    "special_cause_improvement": MDC_IMPROVEMENT,
    "special_cause_concern": MDC_CONCERN,
    "special_cause_neutral_high": MDC_NEUTRAL,
    "special_cause_neutral_low": MDC_NEUTRAL,
}
POINT_WORDS = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: neutral",
    "special_cause_neutral_low": "Special cause: neutral",
}


def _percent(value: float) -> str:
    return "-" if value is None or not np.isfinite(value) else f"{value:.0%}"


def planned_vs_realised(summary: pd.DataFrame, title: str = "") -> go.Figure:
    """Deflection to date per live intervention: planned against realised (units of activity).

    Args:
        summary: the summary of :func:`~commissioning_analytics.model.deflection.realisation`.
        title: the chart title (a default names the measure).
    """
    live = summary[summary["planned_to_date"] > 0].sort_values("realisation_to_date")
    labels = [f"{name} ({pod})"
              for name, pod in zip(live["intervention"], live["point_of_delivery"])]
    fig = go.Figure()
    fig.add_bar(y=labels, x=live["planned_to_date"], orientation="h", name="Planned",
                marker_color=NHS_PALE_GREY, marker_line_color=NHS_MID_GREY,
                marker_line_width=1,
                hovertemplate="%{y}<br>Planned to date: %{x:,.0f}<extra></extra>")
    colours = np.where(live["in_recovery"], NHS_RED, NHS_BLUE)
    fig.add_bar(y=labels, x=live["realised_to_date"], orientation="h", name="Realised",
                marker_color=colours,
                text=[f"{_percent(r)} of plan" + (" - in recovery" if flag else "")
                      for r, flag in zip(live["realisation_to_date"], live["in_recovery"])],
                textposition="outside", cliponaxis=False,
                hovertemplate="%{y}<br>Realised to date: %{x:,.0f}<extra></extra>")
    fig.update_layout(
        title=title or "Deflection to date: planned against realised, by intervention",
        barmode="group", height=max(320, 60 + 46 * len(live)), bargap=0.25,
        xaxis_title=("Activity deflected to date "
                     "(attendances, admissions, bed days or appointments)"),
        yaxis_title=None, margin=dict(l=320, r=140),
    )
    return fig


def _spc_traces(fig: go.Figure, chart: pd.DataFrame, row: int | None = None,
                show_legend: bool = True) -> None:
    where = dict(row=row, col=1) if row else {}
    x = chart["month"].astype(str) if isinstance(chart["month"].dtype, pd.PeriodDtype) \
        else chart["month"]
    x = list(x)
    fig.add_scatter(x=x, y=chart["value"], mode="lines", line=dict(color=MDC_COMMON, width=1.5),
                    name="Activity", showlegend=False, hoverinfo="skip", **where)
    for name, style in (("mean", dict(color=NHS_DARK_GREY, width=1.5)),
                        ("upl", dict(color=NHS_DARK_GREY, width=1, dash="dash")),
                        ("lpl", dict(color=NHS_DARK_GREY, width=1, dash="dash"))):
        label = {"mean": "Mean", "upl": "Process limits", "lpl": "Process limits"}[name]
        fig.add_scatter(x=x, y=chart[name], mode="lines", line=style, name=label,
                        legendgroup=label, showlegend=show_legend and name != "lpl",
                        hovertemplate=f"{label}: %{{y:,.0f}}<extra></extra>", **where)
    if chart["target"].notna().any():
        fig.add_scatter(x=x, y=chart["target"], mode="lines", name="Target",
                        line=dict(color=NHS_GREEN, width=1.5, dash="dot"), legendgroup="Target",
                        showlegend=show_legend, hovertemplate="Target: %{y:,.0f}<extra></extra>",
                        **where)
    for point_type, colour in POINT_COLOURS.items():
        points = chart["point_type"].to_numpy() == point_type
        if not points.any():
            continue
        words = POINT_WORDS[point_type]
        fig.add_scatter(
            x=[v for v, keep in zip(x, points) if keep], y=chart["value"][points], mode="markers",
            marker=dict(color=colour, size=7, line=dict(color="white", width=0.5)),
            name=words, legendgroup=words, showlegend=show_legend,
            customdata=chart["special_cause_type"][points],
            hovertemplate="%{x}: %{y:,.0f}<br>%{customdata}<extra></extra>", **where)


def _icon_text(summary_row: pd.Series) -> str:
    text = f"Variation: {summary_row['variation_words']}"
    if summary_row.get("assurance") is not None:
        text += f"<br>Assurance: {summary_row['assurance_words']}"
    return text


def spc_chart(chart: pd.DataFrame, summary_row: pd.Series, title: str,
              y_title: str = "Activity a month") -> go.Figure:
    """One XmR chart: points, mean, process limits, special-cause points coloured, icons in words.

    Args:
        chart: one series' rows of :func:`~commissioning_analytics.model.spc.spc` (``month`` and
            ``value`` columns).
        summary_row: its row of :func:`~commissioning_analytics.model.spc.summarise`.
        title: the chart title.
        y_title: the value axis title.
    """
    fig = go.Figure()
    _spc_traces(fig, chart)
    fig.add_annotation(text=_icon_text(summary_row), xref="paper", yref="paper", x=1, y=1.08,
                       xanchor="right", yanchor="bottom", showarrow=False, align="right",
                       font=dict(size=12, color=NHS_DARK_BLUE))
    fig.update_layout(title=title, xaxis_title="Month", yaxis_title=y_title, height=420,
                      margin=dict(t=100))
    return fig


def spc_grid(chart: pd.DataFrame, summary: pd.DataFrame, series: list, titles: dict,
             facet: str = "series", y_title: str = "Activity a month",
             title: str = "Transformation performance indicators: SPC charts") -> go.Figure:
    """Several XmR charts stacked, one per series, each with its icons in words.

    Args:
        chart: the output of :func:`~commissioning_analytics.model.spc.spc`.
        summary: :func:`~commissioning_analytics.model.spc.summarise` of it.
        series: the series to draw, in order.
        titles: a title per series.
        facet: the series column.
        y_title: the value axis title.
        title: the figure title.
    """
    summary = summary.set_index(facet)
    subtitles = [f"<b>{titles.get(s, s)}</b><br><span style='font-size:11px'>"
                 f"{_icon_text(summary.loc[s])}</span>" for s in series]
    fig = make_subplots(rows=max(len(series), 1), cols=1, subplot_titles=subtitles,
                        vertical_spacing=min(0.3 / max(len(series), 1) + 0.04, 0.2))
    for i, name in enumerate(series, start=1):
        _spc_traces(fig, chart[chart[facet] == name], row=i, show_legend=(i == 1))
        fig.update_yaxes(title_text=y_title, row=i, col=1)
    fig.update_xaxes(title_text="Month", row=max(len(series), 1), col=1)
    fig.update_annotations(font_size=13, align="left")
    height = 200 + 330 * max(len(series), 1)
    fig.update_layout(title=title, height=height, margin=dict(t=130, b=120),
                      legend=dict(orientation="h", y=-60 / height, yanchor="top", x=0))
    return fig


def gap_closure_chart(table: pd.DataFrame, title: str = "") -> go.Figure:
    """The financial gap by year: closed by net savings, and left; one bar per scenario.

    Args:
        table: :func:`~commissioning_analytics.model.deflection.gap_closure` or
            :func:`~commissioning_analytics.model.deflection.compare_gap_closure` output.
        title: the chart title.
    """
    scenarios = table["scenario"] if "scenario" in table else pd.Series([""] * len(table))
    several = scenarios.nunique() > 1
    x = [list(table["year"]), list(scenarios)] if several else list(table["year"])
    fig = go.Figure()
    fig.add_bar(x=x, y=table["closed_gbp"], name="Closed by net savings",
                marker_color=NHS_AQUA_GREEN,
                text=[money(v) for v in table["closed_gbp"]], textposition="inside",
                hovertemplate="Closed: £%{y:,.0f}<extra></extra>")
    fig.add_bar(x=x, y=table["left_gbp"], name="Gap left", marker_color=NHS_ORANGE,
                text=[money(v) if v > 0 else "" for v in table["left_gbp"]],
                textposition="inside", hovertemplate="Left: £%{y:,.0f}<extra></extra>")
    fig.add_scatter(x=x, y=table["gap_gbp"], mode="markers+text", name="Financial gap",
                    marker=dict(symbol="line-ew-open", size=40, color=NHS_DARK_BLUE,
                                line=dict(width=2)),
                    text=[f"gap {money(v)}" for v in table["gap_gbp"]],
                    textposition="top center", hovertemplate="Gap: £%{y:,.0f}<extra></extra>")
    fig.update_layout(
        title=title or "The financial gap by year: closed by net savings, and left",
        barmode="stack", xaxis_title="Financial year" + (" and scenario" if several else ""),
        yaxis_title="£ a year", yaxis_tickprefix="£", yaxis_tickformat="~s", height=480,
        legend=dict(y=-0.28))
    return fig


def recovery_table(summary: pd.DataFrame, title: str = "") -> go.Figure:
    """Interventions flagged for recovery, worst realisation first, as a table figure."""
    flagged = summary[summary["in_recovery"]].sort_values("realisation_to_date")
    header = ["Intervention", "Theme", "Point of delivery", "Months under threshold",
              "Latest month's realisation", "Realisation to date", "Planned to date",
              "Realised to date"]
    cells = [flagged["intervention"], flagged["theme"], flagged["point_of_delivery"],
             flagged["months_under"], [_percent(v) for v in flagged["latest_realisation"]],
             [_percent(v) for v in flagged["realisation_to_date"]],
             [f"{v:,.0f}" for v in flagged["planned_to_date"]],
             [f"{v:,.0f}" for v in flagged["realised_to_date"]]]
    fig = go.Figure(go.Table(
        columnwidth=[3, 2.5, 2, 1.3, 1.3, 1.3, 1.3, 1.3],
        header=dict(values=header, fill_color=NHS_BLUE, font=dict(color="white"), align="left",
                    height=40),
        cells=dict(values=cells, align="left", fill_color="white",
                   line_color=NHS_PALE_GREY, height=30)))
    fig.update_layout(title=title or f"Interventions in recovery ({len(flagged)})",
                      height=160 + 64 * max(len(flagged), 1), margin=dict(t=60, b=10))
    return fig
