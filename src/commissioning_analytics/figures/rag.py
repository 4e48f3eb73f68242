"""RAG dashboard figures: panel ratings per scheme, value and count by rating, risk weighting.

Ratings are always shown in words as well as colour.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import NHS_MID_GREY, NHS_PALE_GREY, RAG_COLOURS, RAG_ORDER, money, rag_label, wrap
from .savings import money_axis

_CODE = {"green": 0, "amber": 1, "red": 2}


def panel_heatmap(
    panel: pd.DataFrame,
    *,
    title: str,
    others: str | None = None,
    others_text: list[str] | None = None,
) -> go.Figure:
    """Every scheme's five panel ratings as coloured cells with the rating written in.

    Args:
        panel: ``scheme_id, scheme, panel, rating`` (report.rag_panel), the schemes to draw;
            with ``source`` (``file!sheet!row``), each cell's hover names its register row.
        others: label of a last, uncoloured row standing for the schemes not drawn
            (``"All 2,975 other schemes"``); ``None`` for no such row.
        others_text: that row's text per panel (counts by rating), in the panels' order.
    """
    panel = panel.copy()
    names = panel["scheme"].astype(str)
    # wrapped at spaces, never cut; most names on one line (a row of two lines doubles the
    # chart's height: 26 schemes would no longer print on one page under their heading)
    names = names.map(lambda n: wrap(n, HEATMAP_NAME_WIDTH))
    panel["row"] = panel["scheme_id"].astype(str) + " " + names
    rows = list(dict.fromkeys(panel["row"]))
    cols = list(dict.fromkeys(panel["panel"]))
    grid = panel.pivot(index="row", columns="panel", values="rating").reindex(
        index=rows, columns=cols
    )
    z = grid.apply(lambda c: c.map(_CODE)).astype(float).to_numpy()
    text = grid.apply(
        lambda c: c.map(lambda r: rag_label(r if isinstance(r, str) else None))
    ).to_numpy()
    where = (
        panel.drop_duplicates("row").set_index("row")["source"].reindex(rows).fillna("").astype(str)
        if "source" in panel
        else pd.Series("", index=rows)
    )
    custom = np.array(
        [[f"<br>Source: {w}" if w else ""] * len(cols) for w in where], dtype=object
    ).reshape(len(rows), len(cols))
    if others:
        rows = rows + [others]
        z = np.vstack([z, np.full((1, len(cols)), np.nan)])
        text = np.vstack([text, np.array([others_text or [""] * len(cols)], dtype=object)])
        custom = np.vstack([custom, np.array([[""] * len(cols)], dtype=object)])
    scale = [
        [0, RAG_COLOURS["green"]],
        [0.333, RAG_COLOURS["green"]],
        [0.334, RAG_COLOURS["amber"]],
        [0.666, RAG_COLOURS["amber"]],
        [0.667, RAG_COLOURS["red"]],
        [1, RAG_COLOURS["red"]],
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=cols,
            y=rows,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=2,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
            customdata=custom,
            hovertemplate="%{y}<br>%{x}: %{text}%{customdata}<extra></extra>",
        )
    )
    # A wrapped name keeps a line of text per line (names of two lines used to overlap the next
    # row's); the panels' names sit on top, under the title (wrapped, never cut), which keeps
    # its own lines above them: no axis title there to collide with it.
    lines = max((str(r).count("<br>") + 1 for r in rows), default=1)
    title_text = wrap(title, HEATMAP_TITLE_WIDTH)
    title_lines = title_text.count("<br>") + 1
    top = HEATMAP_TITLE_LINE * title_lines + HEATMAP_TICKS
    fig.update_layout(
        title=dict(text=title_text, y=1, yref="container", yanchor="top", pad=dict(t=10)),
        yaxis_title="Scheme",
        xaxis=dict(side="top", title=None),
        yaxis=dict(autorange="reversed", automargin=True),
        plot_bgcolor=NHS_PALE_GREY,
        margin=dict(t=top),
        height=max(420, heatmap_row_height(lines) * len(rows) + top + 60),
    )
    return fig


HEATMAP_NAME_WIDTH = 52  # characters of a scheme's name a line
HEATMAP_TITLE_WIDTH = 80  # characters of the title a line (about 700 px at 16 px)
HEATMAP_TITLE_LINE = 24  # px a line of the title takes
HEATMAP_TICKS = 40  # px of the panels' names on top
HEATMAP_LINE = 15  # px a line of a scheme's name takes (12 px text)


def heatmap_row_height(lines: int) -> int:
    """Pixels a row of the panel heatmap takes so a name of ``lines`` lines fits in it."""
    return max(24, HEATMAP_LINE * lines + 6)


def by_rating(summary: pd.DataFrame, *, title: str) -> go.Figure:
    """Count and plan value by overall RAG, side by side.

    Args:
        summary: report.rag_summary(month) (no ``by``).
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Number of schemes", "Plan in year"))
    colours = [RAG_COLOURS.get(r, NHS_MID_GREY) for r in summary["rating"]]
    labels = [rag_label(r) for r in summary["rating"]]
    fig.add_trace(
        go.Bar(
            x=labels,
            y=summary["schemes"],
            marker_color=colours,
            text=summary["schemes"],
            textposition="outside",
            name="Schemes",
            hovertemplate="%{x}: %{y} schemes<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=summary["plan_gbp"],
            marker_color=colours,
            text=[money(v) for v in summary["plan_gbp"]],
            textposition="outside",
            name="Plan in year",
            hovertemplate="%{x}: %{text}<extra></extra>",
        ),
        1,
        2,
    )
    fig.update_xaxes(title_text="Overall rating")
    fig.update_yaxes(title_text="Schemes", row=1, col=1)
    fig.update_yaxes(title_text="Plan in year", row=1, col=2)
    money_axis(fig, summary["plan_gbp"], axis="yaxis2")
    fig.update_layout(title=title, showlegend=False, height=420)
    return fig


def by_rating_and(summary: pd.DataFrame, by: str, *, title: str, group_label: str) -> go.Figure:
    """Plan value by ``by`` (phase or theme), stacked by overall RAG, with counts on hover.

    Args:
        summary: report.rag_summary(month, by).
    """
    fig = go.Figure()
    groups = list(dict.fromkeys(summary[by].astype(str)))
    if by == "phase":
        names = {g: f"Phase {g}" for g in groups}
    else:
        names = {g: g for g in groups}
    for rating in (*RAG_ORDER, "not rated"):
        rows = summary[summary["rating"] == rating]
        if rows.empty:
            continue
        fig.add_trace(
            go.Bar(
                y=[names[str(g)] for g in rows[by]],
                x=rows["plan_gbp"],
                orientation="h",
                name=rag_label(rating if rating != "not rated" else None),
                marker_color=RAG_COLOURS.get(rating, NHS_MID_GREY),
                customdata=list(zip([money(v) for v in rows["plan_gbp"]], rows["schemes"])),
                hovertemplate="%{y}, " + rag_label(rating) + ": %{customdata[0]} "
                "(%{customdata[1]} schemes)<extra></extra>",
            )
        )
    totals = summary.groupby(by)["plan_gbp"].sum()
    money_axis(fig, totals, axis="xaxis")
    fig.update_layout(
        title=title,
        barmode="stack",
        xaxis_title="Plan in year",
        yaxis_title=group_label,
        yaxis=dict(
            autorange="reversed",
            automargin=True,
            categoryorder="array",
            categoryarray=[names[g] for g in groups],
        ),
        height=max(340, 45 * len(groups) + 170),
        legend_title_text="Overall rating",
        legend_traceorder="normal",
    )
    return fig


def risk_adjustment(summary: pd.DataFrame, *, title: str) -> go.Figure:
    """Plan and most likely by overall RAG: what the risk weighting takes off the plan."""
    labels = [rag_label(r if r != "not rated" else None) for r in summary["rating"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=labels,
            y=summary["most_likely_gbp"],
            name="Counted (most likely)",
            marker_color=[RAG_COLOURS.get(r, NHS_MID_GREY) for r in summary["rating"]],
            text=[money(v) for v in summary["most_likely_gbp"]],
            hovertemplate="%{x}: %{text} counted<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=-summary["risk_adjustment_gbp"],
            name="Taken off by risk weighting",
            marker=dict(color="white", line=dict(color=NHS_MID_GREY, width=1.5)),
            text=[money(-v) for v in summary["risk_adjustment_gbp"]],
            hovertemplate="%{x}: %{text} taken off<extra></extra>",
        )
    )
    money_axis(fig, summary["plan_gbp"])
    fig.update_layout(
        title=title,
        barmode="stack",
        xaxis_title="Overall rating",
        yaxis_title="Plan in year",
        height=420,
    )
    return fig
