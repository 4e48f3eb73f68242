"""Change in delivery figures: months gained or lost per scheme, and the next-year effect of
slippage (the bridge from plan to outturn is ``figures.savings.bridge``)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import NHS_BLUE, NHS_DARK_GREY, NHS_GREEN, NHS_MID_GREY, NHS_ORANGE, NHS_RED, money, wrap
from .savings import money_axis


def _source_lines(table: pd.DataFrame) -> list[str]:
    """A hover line naming each row's register row, ``""`` when the frame has no source."""
    if "source" not in table:
        return [""] * len(table)
    return [f"<br>Source: {s}" if s else "" for s in table["source"].fillna("").astype(str)]


#: share of the months-gained chart's width kept for the words beside zero, on the side of zero
#: the bars do not take
WORD_SHARE = 0.4


def months_gained(table: pd.DataFrame, *, title: str) -> go.Figure:
    """Months gained (+) or lost (-) per scheme with a change in delivery
    (report.delivery_by_scheme), with the in-year effect in words; with a ``source`` column
    (``file!sheet!row``), each bar's hover names its register row. A row with no
    ``scheme_id`` adds up other schemes (``pages.common.top_n``): drawn in grey as words
    only (its net months and in-year effect), so the scale stays that of one scheme."""
    others = table["scheme_id"].isna().to_numpy()
    names = table["scheme"].astype(str)
    names = names.map(lambda n: wrap(n, 36))  # wrapped at spaces, never cut
    labels = [
        n if other else f"{i} {n}"
        for i, n, other in zip(table["scheme_id"].astype(str), names, others)
    ]
    months = table["change_months"].astype(float)

    def words(m: float, e: float, other: bool) -> str:
        if other:
            return (
                f"together {'gain' if m > 0 else 'lose'} {abs(m):,g} month"
                f"{'s' if abs(m) != 1 else ''} net: {money(e)} in year"
            )
        return (
            f"{'gained' if m > 0 else 'lost'} {abs(m):g} month{'s' if abs(m) != 1 else ''}"
            f": {money(e)} in year"
        )

    fig = go.Figure(
        go.Bar(
            y=labels,
            x=months.where(~others, 0.0),
            orientation="h",
            marker_color=[
                NHS_MID_GREY if other else NHS_GREEN if m > 0 else NHS_RED
                for m, other in zip(months, others)
            ],
            text=[
                words(m, e, other)
                for m, e, other in zip(months, table["in_year_effect_gbp"], others)
            ],
            textposition="none",  # the words are written beside zero (below), never over names
            customdata=_source_lines(table),
            hovertemplate="%{y}: %{text}%{customdata}<extra></extra>",
        )
    )
    # Each scheme's words start at zero on the side its bar does not take (a lost month's to
    # the right, a gained month's to the left): a row holds one bar, so the words never sit on
    # a bar, and never run into the scheme names left of the axis however narrow the screen.
    any_lost = bool((months[~others] < 0).any())
    for row, (m, e, other) in enumerate(zip(months, table["in_year_effect_gbp"], others)):
        left = (m > 0) if not other else not any_lost
        fig.add_annotation(  # y: the row's position (the pack re-wraps the names it shows)
            x=0,
            y=row,
            text=words(m, e, other),
            showarrow=False,
            xanchor="right" if left else "left",
            xshift=-4 if left else 4,
            font=dict(color=NHS_DARK_GREY, size=12),
        )
    fig.update_layout(
        title=title,
        xaxis_title="Months of saving gained (+) or lost (-)",
        yaxis_title="Scheme",
        yaxis=dict(autorange="reversed"),
        showlegend=False,
        height=max(320, 30 * len(table) + 170),
    )
    fig.update_yaxes(automargin=True)
    months = months[~others]
    if len(months):  # room beside zero for the words ("lost 2 months: −£195k in year") on
        # the side the bars do not take: WORD_SHARE of the plot's width
        low, high = min(float(months.min()), 0.0), max(float(months.max()), 0.0)
        lost, gained = -low * 1.05, high * 1.05
        right = max(gained, lost * WORD_SHARE / (1 - WORD_SHARE)) if lost else gained
        left = max(lost, gained * WORD_SHARE / (1 - WORD_SHARE)) if gained else lost
        fig.update_xaxes(range=[-left - (0 if lost or gained else 1), right or 1.0])
    return fig


def next_year(table: pd.DataFrame, *, title: str) -> go.Figure:
    """Next year's incremental saving, plan vs forecast, by theme (report.next_year_effect)."""
    fig = go.Figure()
    for column, name, colour in (
        ("plan_next_year_gbp", "Plan next year", NHS_BLUE),
        ("forecast_next_year_gbp", "Forecast next year", NHS_ORANGE),
    ):
        fig.add_trace(
            go.Bar(
                y=table["theme"].astype(str),
                x=table[column],
                name=name,
                orientation="h",
                marker_color=colour,
                text=[money(v) for v in table[column]],
                textposition="outside",
                hovertemplate="%{y}: %{text}<extra>" + name + "</extra>",
            )
        )
    money_axis(
        fig, list(table["plan_next_year_gbp"]) + list(table["forecast_next_year_gbp"]), axis="xaxis"
    )
    fig.update_layout(
        title=title,
        barmode="group",
        xaxis_title="Incremental saving next year",
        yaxis_title="Theme",
        yaxis=dict(autorange="reversed", automargin=True),
        height=max(340, 70 * len(table) + 150),
    )
    return fig
