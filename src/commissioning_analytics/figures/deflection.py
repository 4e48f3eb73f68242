"""Activity-deflection figures: planned against realised deflection (one unit at a time, and in
pounds), SPC charts of the indicators with Making Data Count icons, interventions in recovery,
and the financial gap by year.

Tidy frames in (from :mod:`commissioning_analytics.model.deflection` and
:mod:`commissioning_analytics.model.spc`), plotly figures or SVG text out. Special-cause points
use the Making Data Count colours (improvement blue, concern orange, neutral purple, common cause
grey), and every icon is also written in words.

The variation and assurance icons are the project's own drawings (SVG), following the meanings
NHS England's *Making Data Count* gives its icons: a variation icon says whether the latest point
is common cause or a special cause (improvement, concern or neutral; high or low), an assurance
icon whether the process limits say the target will consistently be met, consistently missed, or
hit and miss.
"""

from __future__ import annotations

import base64
import html
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..style import (
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_DARK_GREY,
    NHS_LIGHT_BLUE,
    NHS_MID_GREY,
    NHS_PALE_GREY,
    NHS_RED,
    SERIES,
    money,
    month_label,
)

# Making Data Count colours (as NHSRplotthedots' ptd_spc_colours defaults).
MDC_COMMON = "#7B7D7D"
MDC_IMPROVEMENT = "#289DE0"
MDC_CONCERN = "#FAB428"
MDC_NEUTRAL = "#361475"
MDC_MEAN_LINE = MDC_COMMON  # the dashed mean inside a variation icon
ICON_BACKGROUND = "white"
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
ASSURANCE_COLOURS = {
    "consistent_pass": MDC_IMPROVEMENT,
    "consistent_fail": MDC_CONCERN,
    "inconsistent": MDC_COMMON,
}
ASSURANCE_SHORT = {
    "consistent_pass": "Passes",
    "consistent_fail": "Fails",
    "inconsistent": "Hit and miss",
}
REALISED = SERIES["actual"]  # realised (actual) deflection and savings
PLANNED = SERIES["plan"]
IN_RECOVERY = NHS_RED


def wrap(text: str, width: int = 32) -> str:
    """A long name broken at spaces into lines (``<br>``), never cut."""
    lines = textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) if lines else str(text)


def _percent(value: float) -> str:
    return "-" if value is None or not np.isfinite(value) else f"{value:.0%}"


# -- Making Data Count icons (the project's own SVG drawings) ---------------------------------


def variation_kind(point_type: str, improvement_direction: str) -> str:
    """The variation icon for a latest point: ``common_cause``, ``improvement_high``,
    ``improvement_low``, ``concern_high``, ``concern_low``, ``neutral_high`` or ``neutral_low``
    (high/low: the special cause is above or below the mean)."""
    if point_type == "special_cause_improvement":
        return "improvement_high" if improvement_direction == "increase" else "improvement_low"
    if point_type == "special_cause_concern":
        return "concern_low" if improvement_direction == "increase" else "concern_high"
    if point_type == "special_cause_neutral_high":
        return "neutral_high"
    if point_type == "special_cause_neutral_low":
        return "neutral_low"
    return "common_cause"


VARIATION_ICON_WORDS = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause variation: improvement, higher",
    "improvement_low": "Special cause variation: improvement, lower",
    "concern_high": "Special cause variation: concern, higher",
    "concern_low": "Special cause variation: concern, lower",
    "neutral_high": "Special cause variation: neither better nor worse, higher",
    "neutral_low": "Special cause variation: neither better nor worse, lower",
}
ASSURANCE_ICON_WORDS = {
    "consistent_pass": "Assurance: the target will consistently be met",
    "consistent_fail": "Assurance: the target will consistently be missed",
    "inconsistent": "Assurance: hit and miss, the target will sometimes be met",
}


def _svg(colour: str, body: str, words: str, size: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 40 40" role="img" aria-label="{html.escape(words)}">'
        f"<title>{html.escape(words)}</title>"
        f'<circle cx="20" cy="20" r="17.5" fill="{ICON_BACKGROUND}" stroke="{colour}" stroke-width="3"/>'
        f"{body}</svg>"
    )


def variation_icon(kind: str, size: int = 36) -> str:
    """The SVG of a variation icon (see :func:`variation_kind`): a ring in the icon's colour
    around seven dots; the last dots above (high) or below (low) the dashed mean for a special
    cause, with an H or an L."""
    family, _, side = kind.partition("_")
    colour = {
        "common": MDC_COMMON,
        "improvement": MDC_IMPROVEMENT,
        "concern": MDC_CONCERN,
        "neutral": MDC_NEUTRAL,
    }[family]
    if kind == "common_cause":
        heights = [0, -3, 2, -2, 3, -1, 1]
    elif side == "high":
        heights = [1, -2, 0, 4, 6, 7, 8]
    else:
        heights = [-1, 2, 0, -4, -6, -7, -8]
    dots = []
    for i, h in enumerate(heights):
        special = kind != "common_cause" and i >= 3
        dots.append(
            f'<circle cx="{8 + 4 * i}" cy="{22 - h}" r="1.9" '
            f'fill="{colour if special else MDC_COMMON}"/>'
        )
    letter = ""
    if side in ("high", "low"):
        letter = (
            f'<text x="20" y="{13 if side == "high" else 35}" font-family="Arial" '
            f'font-size="9" font-weight="bold" text-anchor="middle" fill="{colour}">'
            f"{'H' if side == 'high' else 'L'}</text>"
        )
    body = (
        f'<line x1="6" y1="22" x2="34" y2="22" stroke="{MDC_MEAN_LINE}" stroke-width="0.8" '
        'stroke-dasharray="2,1.5"/>' + "".join(dots) + letter
    )
    return _svg(colour, body, VARIATION_ICON_WORDS[kind], size)


def assurance_icon(assurance: str, size: int = 36) -> str:
    """The SVG of an assurance icon: ``consistent_pass`` (blue, P), ``consistent_fail`` (orange,
    F) or ``inconsistent`` (grey, ?, hit and miss), a dashed target line across it."""
    colour = ASSURANCE_COLOURS[assurance]
    letter = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}[assurance]
    body = (
        f'<line x1="5" y1="27" x2="35" y2="27" stroke="{colour}" stroke-width="1.2" '
        f'stroke-dasharray="3,2"/>'
        f'<text x="20" y="24" font-family="Arial" font-size="17" font-weight="bold" '
        f'text-anchor="middle" fill="{colour}">{letter}</text>'
    )
    return _svg(colour, body, ASSURANCE_ICON_WORDS[assurance], size)


def data_uri(svg: str) -> str:
    """An SVG as a ``data:`` URI (for plotly layout images; works offline)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def icons_html(summary_row: pd.Series, size: int = 32) -> str:
    """Both icons of a series side by side, as inline SVG with the words beside them."""
    kind = variation_kind(summary_row["variation"], summary_row["improvement_direction"])
    parts = [variation_icon(kind, size)]
    assurance = summary_row.get("assurance")
    if isinstance(assurance, str):
        parts.append(assurance_icon(assurance, size))
    return (
        '<span style="display:inline-flex;gap:4px;white-space:nowrap">' + "".join(parts) + "</span>"
    )


# -- planned against realised ------------------------------------------------------------------


def planned_vs_realised(summary: pd.DataFrame, title: str = "") -> go.Figure:
    """Deflection to date per live intervention, planned against realised: one panel per point
    of delivery, each on its own axis in its own unit (bed days are never added to attendances).

    Args:
        summary: the summary of :func:`~commissioning_analytics.model.deflection.realisation`.
        title: the chart title.
    """
    live = summary[summary["planned_to_date"] > 0].sort_values("realisation_to_date")
    pods = [p for p in dict.fromkeys(live["point_of_delivery"])]
    pods.sort()
    counts = [int((live["point_of_delivery"] == p).sum()) for p in pods] or [1]
    fig = make_subplots(
        rows=max(len(pods), 1),
        cols=1,
        row_heights=counts,
        vertical_spacing=0.22 / max(len(pods), 1),
        subplot_titles=[f"<b>{p}</b>" for p in pods],
    )
    shown = set()
    for row, pod in enumerate(pods, start=1):
        part = live[live["point_of_delivery"] == pod]
        labels = [wrap(name, 34) for name in part["intervention"]]
        fig.add_bar(
            y=labels,
            x=part["planned_to_date"],
            orientation="h",
            name="Planned",
            legendgroup="Planned",
            showlegend="Planned" not in shown,
            offsetgroup="planned",
            marker_color=NHS_PALE_GREY,
            marker_line_color=NHS_MID_GREY,
            marker_line_width=1,
            row=row,
            col=1,
            hovertemplate=f"%{{y}}<br>Planned to date: %{{x:,.0f}} {pod.lower()}<extra></extra>",
        )
        shown.add("Planned")
        for flag, name, colour in (
            (False, "Realised", REALISED),
            (True, "Realised: in recovery", IN_RECOVERY),
        ):
            bars = part[part["in_recovery"] == flag]
            if not len(bars) and not (flag is False and row == 1):
                continue
            fig.add_bar(
                y=[wrap(n, 34) for n in bars["intervention"]],
                x=bars["realised_to_date"],
                orientation="h",
                name=name,
                legendgroup=name,
                showlegend=name not in shown,
                marker_color=colour,
                offsetgroup="realised",
                text=[f"{_percent(r)} of plan" for r in bars["realisation_to_date"]],
                textposition="outside",
                cliponaxis=False,
                row=row,
                col=1,
                hovertemplate=f"%{{y}}<br>Realised to date: %{{x:,.0f}} {pod.lower()}"
                "<extra></extra>",
            )
            shown.add(name)
        fig.update_xaxes(title_text=f"{pod} deflected to date", row=row, col=1, title_standoff=4)
        fig.update_yaxes(
            categoryorder="array", categoryarray=labels, automargin=True, row=row, col=1
        )
    height = 140 + 70 * sum(counts) + 90 * len(pods)
    fig.update_layout(
        title=title or "Deflection to date: planned against realised, by point of delivery",
        barmode="group",
        bargap=0.25,
        height=height,
        margin=dict(l=20, r=110, t=90, b=90),
        # the legend at the chart's foot, under the last panel's axis title: above the panels
        # it reached across at 800 px and sat on the first panel's title
        legend=dict(orientation="h", y=-50 / (height - 90 - 90), yanchor="top", x=0),
    )
    fig.update_annotations(font_size=13, x=0, xanchor="left")
    return fig


def net_saving_to_date(summary: pd.DataFrame, title: str = "") -> go.Figure:
    """Net saving to date per live intervention in pounds, planned against realised (realised
    deflection x unit cost - reinvestment); the one unit every intervention shares."""
    live = summary[summary["planned_to_date"] > 0].sort_values("realised_net_to_date_gbp")
    labels = [wrap(name, 34) for name in live["intervention"]]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=live["planned_net_to_date_gbp"],
        orientation="h",
        name="Planned",
        marker_color=NHS_PALE_GREY,
        marker_line_color=NHS_MID_GREY,
        marker_line_width=1,
        customdata=[money(v) for v in live["planned_net_to_date_gbp"]],
        hovertemplate="%{y}<br>Planned net saving to date: %{customdata}<extra></extra>",
    )
    fig.add_bar(
        y=labels,
        x=live["realised_net_to_date_gbp"],
        orientation="h",
        name="Realised",
        marker_color=REALISED,
        text=[money(v) for v in live["realised_net_to_date_gbp"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}<br>Realised net saving to date: %{text}<extra></extra>",
    )
    ticks = _money_ticks(
        np.r_[live["planned_net_to_date_gbp"], live["realised_net_to_date_gbp"], 0.0]
    )
    fig.update_layout(
        title=title or "Net saving to date: planned against realised, by intervention",
        barmode="group",
        bargap=0.25,
        height=max(320, 120 + 44 * len(live)),
        xaxis=dict(
            title="Net saving to date (£, after the cost of the new service)",
            tickvals=ticks,
            ticktext=[money(t) for t in ticks],
        ),
        yaxis=dict(categoryorder="array", categoryarray=labels, automargin=True),
        margin=dict(l=20, r=110, t=90),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
    )
    return fig


def _money_ticks(values: np.ndarray, count: int = 6) -> list[float]:
    """Round tick values spanning ``values`` (labelled with :func:`style.money`)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
    span = max(high - low, 1.0)
    raw = span / count
    magnitude = 10 ** np.floor(np.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = np.floor(low / step) * step
    return [float(first + i * step) for i in range(int(np.ceil((high - first) / step)) + 1)]


# -- SPC charts --------------------------------------------------------------------------------


def _spc_traces(
    fig: go.Figure, chart: pd.DataFrame, row: int | None = None, show_legend: bool = True
) -> None:
    where = dict(row=row, col=1) if row else {}
    months = pd.PeriodIndex(chart["month"], freq="M")
    x = list(months.to_timestamp())
    labels = [month_label(m) for m in months]
    fig.add_scatter(
        x=x,
        y=chart["value"],
        mode="lines",
        line=dict(color=MDC_COMMON, width=1.5),
        name="Activity",
        showlegend=False,
        hoverinfo="skip",
        **where,
    )
    groups = chart["rebase_group"].to_numpy() if "rebase_group" in chart else np.zeros(len(x))
    for name, style in (
        ("mean", dict(color=NHS_DARK_GREY, width=1.5)),
        ("upl", dict(color=NHS_DARK_GREY, width=1, dash="dash")),
        ("lpl", dict(color=NHS_DARK_GREY, width=1, dash="dash")),
    ):
        label = {"mean": "Mean", "upl": "Process limits", "lpl": "Process limits"}[name]
        # One segment per group: limits recalculated at a rebase are not joined across it.
        xs, ys = [], []
        for group in dict.fromkeys(groups):
            keep = groups == group
            xs += [v for v, k in zip(x, keep) if k] + [None]
            ys += list(chart[name].to_numpy()[keep]) + [None]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line=style,
            name=label,
            legendgroup=label,
            showlegend=show_legend and name != "lpl",
            connectgaps=False,
            hovertemplate=f"{label}: %{{y:,.0f}}<extra></extra>",
            **where,
        )
    if chart["target"].notna().any():
        fig.add_scatter(
            x=x,
            y=chart["target"],
            mode="lines",
            name="Planned level",
            line=dict(color=PLANNED, width=1.5, dash="dot"),
            legendgroup="Planned level",
            showlegend=show_legend,
            connectgaps=False,
            hovertemplate="Planned level: %{y:,.0f}<extra></extra>",
            **where,
        )
    for point_type, colour in POINT_COLOURS.items():
        points = chart["point_type"].to_numpy() == point_type
        if not points.any():
            continue
        words = POINT_WORDS[point_type]
        fig.add_scatter(
            x=[v for v, keep in zip(x, points) if keep],
            y=chart["value"][points],
            mode="markers",
            marker=dict(color=colour, size=7, line=dict(color="white", width=0.5)),
            name=words,
            legendgroup=words,
            showlegend=show_legend,
            customdata=np.column_stack(
                [
                    np.array(labels, dtype=object)[points],
                    chart["special_cause_type"][points].astype(str),
                ]
            ),
            hovertemplate="%{customdata[0]}: %{y:,.0f}<br>%{customdata[1]}<extra></extra>",
            **where,
        )


def _icon_text(summary_row: pd.Series) -> str:
    text = f"Variation: {summary_row['variation_words']}"
    if isinstance(summary_row.get("assurance"), str):
        text += f"<br>Assurance: {summary_row['assurance_words']}"
    return text


def _add_icons(fig: go.Figure, summary_row: pd.Series, axis: str = "") -> None:
    """The two icons at the top right of a chart (``axis``: "" for the first, "2", ...)."""
    kind = variation_kind(summary_row["variation"], summary_row["improvement_direction"])
    icons = [variation_icon(kind)]
    if isinstance(summary_row.get("assurance"), str):
        icons.append(assurance_icon(summary_row["assurance"]))
    for i, svg in enumerate(reversed(icons)):
        fig.add_layout_image(
            source=data_uri(svg),
            xref=f"x{axis} domain",
            yref=f"y{axis} domain",
            x=1 - 0.075 * i,
            y=1.02,
            sizex=0.07,
            sizey=0.3,
            xanchor="right",
            yanchor="bottom",
            sizing="contain",
            layer="above",
        )


def spc_chart(
    chart: pd.DataFrame, summary_row: pd.Series, title: str, y_title: str = "Activity a month"
) -> go.Figure:
    """One XmR chart: points, mean, process limits (recalculated at each rebase), the planned
    level, special-cause points coloured, the two icons drawn and written in words.

    Args:
        chart: one series' rows of :func:`~commissioning_analytics.model.spc.spc` (``month`` and
            ``value`` columns).
        summary_row: its row of :func:`~commissioning_analytics.model.spc.summarise`.
        title: the chart title.
        y_title: the value axis title.
    """
    fig = go.Figure()
    _spc_traces(fig, chart)
    _add_icons(fig, summary_row)
    fig.add_annotation(
        text=_icon_text(summary_row),
        xref="paper",
        yref="paper",
        x=0,
        y=1.02,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font=dict(size=12, color=NHS_DARK_BLUE),
    )
    fig.update_layout(
        title=title,
        xaxis_title="Month",
        yaxis_title=y_title,
        height=440,
        xaxis_tickformat="%b %Y",
        margin=dict(t=110),
    )
    return fig


def spc_grid(
    chart: pd.DataFrame,
    summary: pd.DataFrame,
    series: list,
    titles: dict,
    facet: str = "series",
    y_title: str = "Activity a month",
    title: str = "Indicators: SPC charts",
) -> go.Figure:
    """Several XmR charts stacked, one per series, each with its icons drawn and in words.

    Args:
        chart: the output of :func:`~commissioning_analytics.model.spc.spc`.
        summary: :func:`~commissioning_analytics.model.spc.summarise` of it.
        series: the series to draw, in order.
        titles: a title per series (wrapped, never cut).
        facet: the series column.
        y_title: the value axis title.
        title: the figure title.
    """
    summary = summary.set_index(facet)
    subtitles = [
        f"<b>{wrap(titles.get(s, s), 70)}</b><br><span style='font-size:11px'>"
        f"{_icon_text(summary.loc[s])}</span>"
        for s in series
    ]
    rows = max(len(series), 1)
    fig = make_subplots(
        rows=rows, cols=1, subplot_titles=subtitles, vertical_spacing=min(0.25 / rows + 0.02, 0.2)
    )
    for i, name in enumerate(series, start=1):
        _spc_traces(fig, chart[chart[facet] == name], row=i, show_legend=(i == 1))
        fig.update_yaxes(title_text=y_title, row=i, col=1)
        _add_icons(fig, summary.loc[name], "" if i == 1 else str(i))
    fig.update_xaxes(tickformat="%b %Y")
    fig.update_xaxes(title_text="Month", row=rows, col=1)
    fig.update_annotations(font_size=13, align="left", x=0, xanchor="left")
    height = 220 + 300 * rows
    fig.update_layout(
        title=title,
        height=height,
        margin=dict(t=140, b=120),
        legend=dict(orientation="h", y=-60 / height, yanchor="top", x=0),
    )
    return fig


# -- the financial gap -------------------------------------------------------------------------


def gap_position_chart(table: pd.DataFrame, period: pd.Period, title: str = "") -> go.Figure:
    """The financial gap by year against realised and planned net savings.

    Years gone show the realised net saving; the current year the realised net saving to date
    plus the plan for the months left; years to come the plan, with the part planned from
    interventions not yet mobilised in its own (hatched) segment.

    Args:
        table: :func:`~commissioning_analytics.model.deflection.gap_position`.
        period: the reporting month (named in the axis labels).
        title: the chart title.
    """
    basis_words = {
        "realised": "realised",
        "realised to date + plan": f"realised to {month_label(period)}<br>+ plan",
        "plan": "plan",
    }
    x = [f"{y}<br>({basis_words[b]})" for y, b in zip(table["year"], table["basis"])]
    fig = go.Figure()
    segments = (
        ("closed_realised_gbp", "Realised net saving", dict(color=REALISED)),
        (
            "closed_mobilised_gbp",
            "Planned: interventions already started",
            dict(color=NHS_LIGHT_BLUE),
        ),
        (
            "closed_not_mobilised_gbp",
            "Planned: interventions not yet started",
            dict(
                color="white",
                line=dict(color=NHS_LIGHT_BLUE, width=1.5),
                pattern=dict(shape="/", fgcolor=NHS_LIGHT_BLUE, size=8),
            ),
        ),
        ("left_gbp", "Gap left", dict(color=SERIES["gap"])),
    )
    for column, name, marker in segments:
        values = table[column].to_numpy(dtype=float)
        if column != "left_gbp" and not np.any(np.abs(values) > 0.5):
            continue
        fig.add_bar(
            x=x,
            y=values,
            name=name,
            marker=marker,
            text=[money(v) if abs(v) >= 0.5 else "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(color=NHS_DARK_BLUE if column == "closed_not_mobilised_gbp" else "white"),
            customdata=[money(v) for v in values],
            hovertemplate=f"{name}: %{{customdata}}<extra></extra>",
        )
    fig.add_scatter(
        x=x,
        y=table["gap_gbp"],
        mode="markers+text",
        name="Financial gap",
        marker=dict(symbol="line-ew-open", size=44, color=NHS_DARK_BLUE, line=dict(width=2)),
        text=[f"gap {money(v)}" for v in table["gap_gbp"]],
        textposition="top center",
        cliponaxis=False,
        customdata=[money(v) for v in table["gap_gbp"]],
        hovertemplate="Gap: %{customdata}<extra></extra>",
    )
    ticks = _money_ticks(np.r_[table["gap_gbp"].to_numpy(dtype=float) * 1.12, 0.0])
    below = sum(np.minimum(table[c].to_numpy(dtype=float), 0) for c, _, _ in segments)
    fig.update_yaxes(range=_room_for_gap_labels(table["gap_gbp"], below))
    fig.update_layout(
        title=title or "The financial gap by year: realised and planned net savings, and left",
        barmode="relative",
        xaxis_title="Financial year",
        height=500,
        yaxis=dict(title="£ a year", tickvals=ticks, ticktext=[money(t) for t in ticks]),
        legend=dict(orientation="h", y=-0.3, yanchor="top", x=0),
        margin=dict(b=140),
    )
    return fig


def _room_for_gap_labels(gap: pd.Series, below) -> list[float]:
    """A y range from the lowest bar (or 0) to a fifth above the largest gap, so the "gap £…"
    label over each gap marker is never cut, on screen or printed short."""
    top = max(float(np.nanmax(np.asarray(gap, dtype=float), initial=0.0)), 1.0)
    low = min(float(np.min(below, initial=0.0)), 0.0)
    return [low * 1.1, top * 1.2]


def gap_closure_chart(table: pd.DataFrame, title: str = "") -> go.Figure:
    """The financial gap by year as planned: closed by net savings, and left; one bar per
    scenario (for comparing aspirations, all on the plan).

    Args:
        table: :func:`~commissioning_analytics.model.deflection.gap_closure` or
            :func:`~commissioning_analytics.model.deflection.compare_gap_closure` output.
        title: the chart title.
    """
    scenarios = table["scenario"] if "scenario" in table else pd.Series([""] * len(table))
    several = scenarios.nunique() > 1
    x = [list(table["year"]), list(scenarios)] if several else list(table["year"])
    fig = go.Figure()
    fig.add_bar(
        x=x,
        y=table["closed_gbp"],
        name="Closed by planned net savings",
        marker_color=NHS_LIGHT_BLUE,
        text=[money(v) for v in table["closed_gbp"]],
        textposition="inside",
        customdata=[money(v) for v in table["closed_gbp"]],
        hovertemplate="Closed: %{customdata}<extra></extra>",
    )
    fig.add_bar(
        x=x,
        y=table["left_gbp"],
        name="Gap left",
        marker_color=SERIES["gap"],
        text=[money(v) if v > 0 else "" for v in table["left_gbp"]],
        customdata=[money(v) for v in table["left_gbp"]],
        textposition="inside",
        hovertemplate="Left: %{customdata}<extra></extra>",
    )
    fig.add_scatter(
        x=x,
        y=table["gap_gbp"],
        mode="markers+text",
        name="Financial gap",
        marker=dict(symbol="line-ew-open", size=40, color=NHS_DARK_BLUE, line=dict(width=2)),
        # the year's gap is the same under every scenario: labelled once a year (over its first
        # bar), not once a bar, where side by side the labels would print over each other
        text=[
            f"gap {money(v)}" if first else ""
            for v, first in zip(table["gap_gbp"], ~pd.Series(list(table["year"])).duplicated())
        ],
        customdata=[money(v) for v in table["gap_gbp"]],
        textposition="top center",
        cliponaxis=False,
        hovertemplate="Gap: %{customdata}<extra></extra>",
    )
    ticks = _money_ticks(np.r_[table["gap_gbp"].to_numpy(dtype=float) * 1.12, 0.0])
    fig.update_yaxes(
        range=_room_for_gap_labels(
            table["gap_gbp"], np.minimum(table["closed_gbp"].to_numpy(dtype=float), 0)
        )
    )
    fig.update_layout(
        title=title or "The financial gap by year as planned: closed by net savings, and left",
        barmode="stack",
        xaxis_title="Financial year" + (" and scenario" if several else ""),
        yaxis=dict(title="£ a year", tickvals=ticks, ticktext=[money(t) for t in ticks]),
        height=480,
        legend=dict(y=-0.28),
    )
    return fig


def recovery_table(summary: pd.DataFrame, title: str = "") -> go.Figure:
    """Interventions flagged for recovery, worst realisation first, as a table figure."""
    flagged = summary[summary["in_recovery"]].sort_values("realisation_to_date")
    header = [
        "Intervention",
        "Theme",
        "Point of delivery",
        "Months under threshold",
        "Latest month's realisation",
        "Realisation to date",
        "Planned to date",
        "Realised to date",
        "Net saving to date: planned",
        "Net saving to date: realised",
    ]
    unit = [p.lower() for p in flagged["point_of_delivery"]]
    cells = [
        [wrap(n, 26) for n in flagged["intervention"]],
        [wrap(t, 22) for t in flagged["theme"]],
        flagged["point_of_delivery"],
        flagged["months_under"],
        [_percent(v) for v in flagged["latest_realisation"]],
        [_percent(v) for v in flagged["realisation_to_date"]],
        [f"{v:,.0f} {u}" for v, u in zip(flagged["planned_to_date"], unit)],
        [f"{v:,.0f} {u}" for v, u in zip(flagged["realised_to_date"], unit)],
        [money(v) for v in flagged["planned_net_to_date_gbp"]],
        [money(v) for v in flagged["realised_net_to_date_gbp"]],
    ]
    fig = go.Figure(
        go.Table(
            columnwidth=[3, 2.5, 2, 1.3, 1.3, 1.3, 1.8, 1.8, 1.5, 1.5],
            header=dict(
                values=header,
                fill_color=NHS_BLUE,
                font=dict(color="white"),
                align="left",
                height=40,
            ),
            cells=dict(
                values=cells, align="left", fill_color="white", line_color=NHS_PALE_GREY, height=44
            ),
        )
    )
    fig.update_layout(
        title=title or f"Interventions in recovery ({len(flagged)})",
        height=170 + 70 * max(len(flagged), 1),
        margin=dict(t=60, b=10),
    )
    return fig
