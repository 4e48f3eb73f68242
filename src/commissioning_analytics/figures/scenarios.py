"""Scenario, delivery-risk and bring-forward figures: tidy frame in, plotly Figure out.

* :func:`scenario_curves`: cumulative savings over the year, one line per scenario, target line;
* :func:`risk_fan`: the Monte Carlo's P10-P90 band and P50 line of cumulative savings, target;
* :func:`scenario_totals_table`, :func:`bring_forward_table`: frames ready to display (money
  in £k/£m, words for ratings).

Money in pounds (shown in £k/£m); months April to March of the financial year.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from ..style import CATEGORY_COLOURS, NHS_MID_GREY, SERIES, SERIES_LABELS, money, month_label
from . import rag_label


def _labels(months) -> list[str]:
    return [month_label(m) for m in months]


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _money_axis(fig: go.Figure, values, axis: str = "yaxis") -> None:
    """Tick labels in £k/£m over ``values`` (pounds)."""
    values = [float(v) for v in values if v == v] + [0.0]
    low, high = min(values), max(values)
    raw = max(high - low, 1.0) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if raw <= m * power)
    ticks = [i * step for i in range(math.floor(low / step), math.ceil(high / step) + 1)]
    fig.update_layout({axis: dict(tickvals=ticks, ticktext=[money(t) for t in ticks])})


def _target_line(fig: go.Figure, x: list[str], target_gbp: float | None) -> None:
    if target_gbp is None:
        return
    fig.add_trace(
        go.Scatter(
            x=[x[0], x[-1]],
            y=[target_gbp, target_gbp],
            mode="lines",
            name=f"Plan (target) {money(target_gbp)}",
            line=dict(color=SERIES["plan"], dash="dash", width=2),
            hovertemplate=f"Target for the year: {money(target_gbp)}<extra></extra>",
        )
    )


def scenario_curves(
    curves: pd.DataFrame,
    target_gbp: float | None = None,
    *,
    highlight: str = "",
    title: str = "Cumulative savings by scenario",
) -> go.Figure:
    """One cumulative savings line per scenario over the financial year.

    Args:
        curves: long format ``scenario, month, cumulative_gbp`` (``compare_scenarios().curves``:
            actuals to the reporting month, then each scenario's forecast; the baseline is drawn
            in the forecast's colour).
        target_gbp: the year's target, drawn as a horizontal line at March's level.
        highlight: a scenario name drawn thick (the others thin); ``""`` = none.
        title: chart title.
    """
    fig = go.Figure()
    names = list(dict.fromkeys(curves["scenario"]))
    x = []
    for i, name in enumerate(names):
        rows = curves[curves["scenario"] == name]
        x = _labels(rows["month"])
        baseline = i == 0
        bold = name == highlight or (not highlight and baseline)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=rows["cumulative_gbp"],
                mode="lines",
                name=name,
                line=dict(
                    color=SERIES["forecast"]
                    if baseline
                    else CATEGORY_COLOURS[(i - 1) % len(CATEGORY_COLOURS)],
                    width=4 if bold else 2,
                    dash="solid" if baseline or bold else "dot",
                ),
                customdata=[money(v) for v in rows["cumulative_gbp"]],
                hovertemplate="%{x}: %{customdata}<extra>" + name + "</extra>",
            )
        )
    _target_line(fig, x, target_gbp)
    _money_axis(fig, list(curves["cumulative_gbp"]) + ([target_gbp] if target_gbp else []))
    fig.update_layout(
        title=title,
        xaxis_title="Month (financial year April to March)",
        yaxis_title="Cumulative saving from April",
        height=450,
    )
    return fig


def risk_fan(
    fan: pd.DataFrame,
    target_gbp: float | None = None,
    *,
    prob_reach: float | None = None,
    outturn_gbp: float | None = None,
    title: str = "How sure are we? Range of cumulative savings",
) -> go.Figure:
    """The Monte Carlo fan from today's position: the actual to date, then the P10-P90 band
    and the P50 line of cumulative savings, the outturn and the target.

    Args:
        fan: ``month, p10, p50, p90`` and ``actual`` (a reported month) (``RiskResult.fan()``),
            cumulative pounds.
        target_gbp: the year's target (horizontal line).
        prob_reach: the chance of reaching the target (0-1), shown in the title.
        outturn_gbp: the headline outturn, marked at March.
        title: chart title.
    """
    x = _labels(fan["month"])
    reported = fan["actual"].to_numpy(dtype=bool) if "actual" in fan else [False] * len(fan)
    last = max((i for i, r in enumerate(reported) if r), default=-1)
    start = max(last, 0)  # the band starts at the actual-to-date point
    xs = x[start:]
    fig = go.Figure()
    if last >= 0:
        fig.add_trace(
            go.Scatter(
                x=x[: last + 1],
                y=fan["p50"].iloc[: last + 1],
                mode="lines+markers",
                name=f"{SERIES_LABELS['actual']} to date",
                line=dict(color=SERIES["actual"], width=3),
                customdata=[money(v) for v in fan["p50"].iloc[: last + 1]],
                hovertemplate="%{x}: actual to date %{customdata}<extra></extra>",
            )
        )
    edge = dict(width=0, color=SERIES["forecast"])
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=fan["p90"].iloc[start:],
            mode="lines",
            line=edge,
            name="P90 (1 in 10 chance of more)",
            showlegend=False,
            customdata=[money(v) for v in fan["p90"].iloc[start:]],
            hovertemplate="%{x}: P90 %{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=fan["p10"].iloc[start:],
            mode="lines",
            fill="tonexty",
            fillcolor=_rgba(SERIES["forecast"], 0.25),
            line=edge,
            name="P10 to P90: 8 in 10 outcomes fall in this band",
            customdata=[money(v) for v in fan["p10"].iloc[start:]],
            hovertemplate="%{x}: P10 %{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=fan["p50"].iloc[start:],
            mode="lines",
            line=dict(color=SERIES["forecast"], width=3),
            name="P50 (median)",
            customdata=[money(v) for v in fan["p50"].iloc[start:]],
            hovertemplate="%{x}: P50 %{customdata}<extra></extra>",
        )
    )
    if outturn_gbp is not None:
        fig.add_trace(
            go.Scatter(
                x=[x[-1]],
                y=[outturn_gbp],
                mode="markers",
                name=f"Outturn {money(outturn_gbp)}",
                marker=dict(color=SERIES["outturn"], size=12, symbol="diamond"),
                hovertemplate=f"Outturn (actual to date + forecast): {money(outturn_gbp)}"
                "<extra></extra>",
            )
        )
    _target_line(fig, x, target_gbp)
    if prob_reach is not None and target_gbp is not None:
        title = f"{title}: {prob_reach:.0%} chance of reaching {money(target_gbp)}"
    _money_axis(fig, list(fan["p90"]) + list(fan["p10"]) + ([target_gbp] if target_gbp else []))
    fig.update_layout(
        title=title,
        xaxis_title="Month (financial year April to March)",
        yaxis_title="Cumulative saving from April",
        height=450,
        hovermode="x unified",
    )
    fig.add_annotation(
        text="Band: P10 to P90 of the simulated outcomes, from the actual to date",
        x=0,
        xref="paper",
        y=1.02,
        yref="paper",
        showarrow=False,
        font=dict(color=NHS_MID_GREY),
    )
    return fig


def scenario_totals_table(totals: pd.DataFrame) -> pd.DataFrame:
    """``compare_scenarios().totals`` for display: money in £k/£m, plain headings; the outturn
    (actual to date + the forecast for the months left) and the gap to the plan, as the headline
    states them."""

    def gap(v: float) -> str:
        if v > 0.5:
            return f"{money(v)} short"
        return f"{money(-v)} ahead" if v < -0.5 else "on target"

    return pd.DataFrame(
        {
            "Scenario": totals["scenario"],
            "What changes": totals["description"],
            "Outturn": totals["outturn_gbp"].map(money),
            "Change against baseline": totals["change_gbp"].map(lambda v: money(v, signed=True)),
            "Against the plan": totals["gap_to_target_gbp"].map(gap),
            "Next year (by the rule)": totals["next_year_gbp"].map(money),
        }
    )


def risk_table(percentiles: pd.DataFrame, year_label: str = "") -> pd.DataFrame:
    """``RiskResult.percentiles()`` for display."""
    names = {  # simulated: never the same label as the rules' figures (issue 20 item 7)
        "in_year": f"In year {year_label}, simulated outturn".replace("  ", " ").strip(),
        "next_year": "Next year (incremental), simulated",
    }
    return pd.DataFrame(
        {
            "": [names.get(i, i) for i in percentiles.index],
            "P10 (1 in 10 chance of less)": percentiles["p10"].map(money).to_numpy(),
            "P50 (median)": percentiles["p50"].map(money).to_numpy(),
            "P90 (1 in 10 chance of more)": percentiles["p90"].map(money).to_numpy(),
            "Mean": percentiles["mean"].map(money).to_numpy(),
        }
    )


def bring_forward_table(moves: pd.DataFrame) -> pd.DataFrame:
    """``BringForwardPlan.moves`` for display: which schemes move, by how much, and the gain
    (and each scheme's register row, ``file!sheet!row``, when ``moves`` has ``source``)."""
    table = pd.DataFrame(
        {
            "Scheme": moves["scheme_id"].astype(str) + " " + moves.get("scheme", "").astype(str),
            "Theme": moves.get("theme", ""),
            "Phase": moves.get("phase", ""),
            "Rating": moves["rag_overall"].map(rag_label) if "rag_overall" in moves else "",
            "Go-live (forecast)": _labels(moves["go_live"]),
            "Brought forward to": _labels(moves["new_go_live"]),
            "Months": moves["months_forward"],
            "Saving gained in year": moves["gain_gbp"].map(money),
        }
    )
    if "source" in moves:
        table["Source"] = moves["source"].fillna("").astype(str).to_numpy()
    return table


def bring_forward_figure(
    moves: pd.DataFrame, *, title: str = "Schemes to bring forward"
) -> go.Figure:
    """The bring-forward plan as a plotly table (for pages that want a figure)."""
    table = bring_forward_table(moves)
    fig = go.Figure(
        go.Table(
            header=dict(
                values=list(table.columns),
                fill_color=SERIES["plan"],
                font=dict(color="white"),
                align="left",
            ),
            cells=dict(values=[table[c] for c in table.columns], align="left"),
        )
    )
    fig.update_layout(title=title, height=max(220, 32 * len(table) + 140))
    return fig
