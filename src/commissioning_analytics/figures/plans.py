"""Project-plan figures: Gantt, slippage, milestone RAG and savings at risk.

Tidy frames in (from :mod:`commissioning_analytics.model.plans`), plotly Figures out. RAG and
status are always written in words as well as shown in colour. Dates are calendar dates; money
is in pounds, shown in £k/£m.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..model.plans import at_risk_total
from ..schema import Task
from ..style import months
from . import (
    NHS_AQUA_GREEN,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_DARK_GREY,
    NHS_GREEN,
    NHS_LIGHT_BLUE,
    NHS_MID_GREY,
    NHS_PALE_GREY,
    NHS_RED,
    NHS_WARM_YELLOW,
    RAG_COLOURS,
    SERIES_COLOURS,
    money,
    rag_label,
)

STATUS_COLOURS = {
    "complete": NHS_GREEN,
    "in progress": NHS_BLUE,
    "not started": NHS_LIGHT_BLUE,
    "due this month": NHS_WARM_YELLOW,
    "overdue": NHS_RED,
    "ongoing": NHS_AQUA_GREEN,
    "undated": NHS_MID_GREY,
    "all others": NHS_DARK_GREY,  # one bar spanning the tasks a large plan leaves out
}


def _source_lines(frame: pd.DataFrame, plan_column: str = "") -> list[str]:
    """A hover line per row naming where it was read (``Source: file!sheet!row``, the
    ``source`` column; and the plan task's row from ``plan_column`` when given), ``""`` for a
    frame without them."""

    def cells(column):
        if column and column in frame:
            return frame[column].fillna("").astype(str).tolist()
        return [""] * len(frame)

    return [
        (f"<br>Source: {s}" if s else "") + (f"<br>Plan task: {t}" if t else "")
        for s, t in zip(cells("source"), cells(plan_column))
    ]


def wrap_label(text: str, width: int = 48) -> str:
    """A long label wrapped onto lines of about ``width`` characters at spaces (``<br>``),
    never cut mid-word, so a director reads the whole task name."""
    return "<br>".join(textwrap.wrap(str(text), width=width, break_long_words=False)) or ""


def _padded_range(values: pd.Series) -> list[float]:
    """An axis range with room for bar labels outside the bars on either side of zero."""
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    span = (high - low) or 1.0
    return [low - (0.45 * span if low < 0 else 0.0), high + 0.45 * span]


def _mark_date(fig: go.Figure, as_of, label: str = "Reporting date") -> None:
    when = pd.Timestamp(as_of)
    fig.add_shape(
        type="line",
        x0=when,
        x1=when,
        y0=0,
        y1=1,
        yref="paper",
        line=dict(color=NHS_DARK_BLUE, width=2, dash="dash"),
    )
    fig.add_annotation(
        x=when,
        y=1,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=f"{label} {when:%d %b %Y}",
        font=dict(color=NHS_DARK_BLUE),
    )


def plan_key_colours(tasks: pd.DataFrame, by: str = "team") -> dict[str, str]:
    """Each team's colour as the plan's own colour key paints it: the colour most of its bars
    carry (``colour`` column, ``#RRGGBB``), so the chart matches the plan people know."""
    if by not in tasks or "colour" not in tasks:
        return {}
    painted = tasks[
        tasks[by].notna() & tasks["colour"].astype(str).str.fullmatch(r"#[0-9A-Fa-f]{6}")
    ]
    if painted.empty:
        return {}
    return (
        painted.groupby(by)["colour"].agg(lambda c: c.value_counts().index[0]).astype(str).to_dict()
    )


def gantt(
    tasks: pd.DataFrame, as_of, *, colour_by: str = "status", title: str = "Project plan"
) -> go.Figure:
    """Bars from start to end per task, grouped by section, the reporting date marked.

    Args:
        tasks: tasks table with ``status`` as of ``as_of`` (see ``model.plans.with_status``).
        as_of: the reporting date, drawn as a dashed line.
        colour_by: ``"status"`` or ``"team"`` (any column works; missing values "(none)").
        title: the chart title.

    Tasks with no dates are left out (the title says how many); a task with an end but no
    start (a milestone) is drawn as a diamond on its date.
    """
    frame = tasks.copy()
    frame["_start"] = pd.to_datetime(frame[Task.start])
    frame["_end"] = pd.to_datetime(frame[Task.end])
    undated = int(frame["_end"].isna().sum())
    frame = frame[frame["_end"].notna()]
    section = frame[Task.section].fillna("").astype(str)
    frame["_y"] = [
        wrap_label(f"{s}: {t}" if s else str(t))
        for s, t in zip(section, frame[Task.task].astype(str))
    ]
    # workstreams in the plan's order, tasks by start within each
    frame["_section_order"] = frame[Task.section].map(
        {s: i for i, s in enumerate(dict.fromkeys(frame[Task.section]))}
    )
    missing = f"No {colour_by} named"
    frame["_colour"] = (
        frame[colour_by].fillna(missing).astype(str) if colour_by in frame else missing
    )
    keys = list(dict.fromkeys(frame["_colour"]))
    palette = STATUS_COLOURS if colour_by == "status" else plan_key_colours(frame, colour_by)
    colours = {
        k: palette.get(k, SERIES_COLOURS[i % len(SERIES_COLOURS)]) for i, k in enumerate(keys)
    }
    if missing in colours and colour_by != "status":
        colours[missing] = NHS_MID_GREY
    ordered = frame.assign(_first=frame["_start"].fillna(frame["_end"])).sort_values(
        ["_section_order", "_first", "_end"], kind="stable"
    )
    order = list(dict.fromkeys(ordered["_y"]))
    fig = go.Figure()
    for key in keys:
        part = frame[frame["_colour"] == key]
        bars = part[part["_start"].notna()]
        if not bars.empty:
            days = (bars["_end"] - bars["_start"]).dt.days + 1
            fig.add_trace(
                go.Bar(
                    y=bars["_y"],
                    x=days * 86_400_000,
                    base=bars["_start"],
                    orientation="h",
                    name=key,
                    legendgroup=key,
                    marker_color=colours[key],
                    customdata=np.column_stack(
                        [bars[[Task.lead, Task.status]].fillna("").to_numpy(), _source_lines(bars)]
                    ),
                    hovertemplate="%{y}<br>from %{base|%d %b %Y}<br>lead %{customdata[0]}, "
                    "%{customdata[1]}%{customdata[2]}<extra></extra>",
                )
            )
        points = part[part["_start"].isna()]
        if not points.empty:
            fig.add_trace(
                go.Scatter(
                    y=points["_y"],
                    x=points["_end"],
                    mode="markers",
                    name=f"{key} (milestone)",
                    legendgroup=key,
                    marker=dict(symbol="diamond", size=12, color=colours[key]),
                    customdata=_source_lines(points),
                    hovertemplate="%{y}<br>due %{x|%d %b %Y}%{customdata}<extra></extra>",
                )
            )
    _mark_date(fig, as_of)
    suffix = f" ({undated} undated task{'s' if undated != 1 else ''} not shown)" if undated else ""
    fig.update_layout(
        title=f"{title}: bars coloured by {colour_by}{suffix}",
        barmode="overlay",
        height=max(320, sum(max(26, 16 * (y.count("<br>") + 1) + 8) for y in order) + 160),
        xaxis=dict(type="date", title="Date"),
        yaxis=dict(title="Task", categoryorder="array", categoryarray=order[::-1], automargin=True),
        legend_title_text=colour_by.capitalize(),
    )
    return fig


def slippage_chart(
    diff: pd.DataFrame,
    *,
    title: str = "Slippage since the previous version",
    top: int | None = None,
) -> go.Figure:
    """Days each task's end moved between two plan versions (``model.plans.compare_versions``):
    slipped to the right in red, brought forward to the left in green; added and removed
    tasks are counted in the title. ``top``: draw only the tasks that moved most (by days,
    either way); the others are counted in a line under the title."""
    moved = diff[diff["change"].isin(["slipped", "brought forward"])].copy()
    rest = moved.iloc[0:0]
    if top is not None and len(moved) > top:
        order = moved["days"].astype(float).abs().sort_values(ascending=False, kind="stable")
        rest = moved.loc[order.index[top:]]
        moved = moved.loc[order.index[:top]]
    moved = moved.sort_values("days")
    added = int((diff["change"] == "added").sum())
    removed = int((diff["change"] == "removed").sum())
    colours = [NHS_RED if d > 0 else NHS_GREEN for d in moved["days"].astype(float)]
    labels = [
        f"{'slipped' if d > 0 else 'brought forward'} {abs(int(d))} days"
        for d in moved["days"].astype(float)
    ]
    names = moved[Task.task].astype(str)
    sections = moved[Task.section].fillna("").astype(str)
    fig = go.Figure(
        go.Bar(
            y=[wrap_label(f"{a}: {b}" if a else b) for a, b in zip(sections, names)],
            x=moved["days"].astype(float),
            orientation="h",
            marker_color=colours,
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} days<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"{title}: {int((diff['change'] == 'slipped').sum())} slipped, "
        f"{int((diff['change'] == 'brought forward').sum())} brought forward, "
        f"{added} added, {removed} removed"
        + (
            f"<br><sup>The {len(moved)} tasks that moved most are drawn; the other "
            f"{len(rest):,} moved {abs(int(rest['days'].astype(float).sum())):,} days "
            f"{'later' if rest['days'].astype(float).sum() >= 0 else 'earlier'} in all "
            "(net).</sup>"
            if len(rest)
            else ""
        ),
        xaxis=dict(
            title="Change in end date (days; positive = later)",
            zeroline=True,
            range=_padded_range(moved["days"].astype(float)),
        ),
        yaxis=dict(title="Task", automargin=True),
        height=max(300, 40 * len(moved) + 160),
        showlegend=False,
    )
    return fig


def milestone_rag_table(milestones: pd.DataFrame, *, title: str = "Milestones") -> go.Figure:
    """A table of milestones with their date, status, RAG (in words, cell coloured) and
    deliverables (``model.plans.milestones_as_of``)."""
    frame = milestones.sort_values(Task.end, na_position="last")
    due = pd.to_datetime(frame[Task.end]).dt.strftime("%d %b %Y").fillna("no date")
    rag = frame["rag"].map(rag_label)
    fills = frame["rag"].map(RAG_COLOURS).fillna(NHS_PALE_GREY).tolist()
    white = ["white"] * len(frame)
    dark = [NHS_DARK_GREY] * len(frame)
    rag_text = ["black" if r == "amber" else "white" for r in frame["rag"]]
    deliverables = frame.get("deliverables", pd.Series("", index=frame.index)).fillna("")
    fig = go.Figure(
        go.Table(
            columnwidth=[3, 1.3, 1.3, 0.9, 1.3, 5],
            header=dict(
                values=["Milestone", "Due", "Status", "RAG", "Lead", "Deliverables"],
                fill_color=NHS_DARK_BLUE,
                font=dict(color="white"),
                align="left",
            ),
            cells=dict(
                values=[
                    frame[Task.task],
                    due,
                    frame[Task.status],
                    rag,
                    frame[Task.lead].fillna(""),
                    deliverables.str.replace("; ", "<br>", regex=False),
                ],
                fill_color=[white, white, white, fills, white, white],
                align="left",
                font=dict(color=[dark, dark, dark, rag_text, dark, dark]),
            ),
        )
    )
    counts = frame["rag"].value_counts()
    summary = ", ".join(f"{counts.get(r, 0)} {rag_label(r)}" for r in ("red", "amber", "green"))
    fig.update_layout(title=f"{title}: {summary}", height=max(260, 70 * len(frame) + 120))
    return fig


def actions_table(
    actions: pd.DataFrame, *, title: str = "Actions overdue or due soon"
) -> go.Figure:
    """Overdue and due-soon actions (``model.plans.actions_due``), most overdue first."""
    due = pd.to_datetime(actions[Task.end]).dt.strftime("%d %b %Y").fillna("no date")
    days = actions["days_to_due"].astype("Int64")
    when = [
        f"{-d} days overdue" if d < 0 else ("due today" if d == 0 else f"due in {d} days")
        for d in days.fillna(0)
    ]
    fills = [NHS_RED if s == "overdue" else NHS_WARM_YELLOW for s in actions[Task.status]]
    white = ["white"] * len(actions)
    dark = [NHS_DARK_GREY] * len(actions)
    status_text = ["white" if s == "overdue" else "black" for s in actions[Task.status]]
    plan = (
        actions["plan"].fillna("").astype(str).str.replace("_", " ", regex=False)
        if "plan" in actions
        else [""] * len(actions)
    )
    fig = go.Figure(
        go.Table(
            columnwidth=[4, 1.5, 1.2, 1.5, 1.5, 2],
            header=dict(
                values=["Action", "Lead", "Due", "Status", "When", "Plan"],
                fill_color=NHS_DARK_BLUE,
                font=dict(color="white"),
                align="left",
            ),
            cells=dict(
                values=[
                    actions[Task.task],
                    actions[Task.lead].fillna(""),
                    due,
                    actions[Task.status],
                    when,
                    plan,
                ],
                fill_color=[white, white, white, fills, white, white],
                align="left",
                font=dict(color=[dark, dark, dark, status_text, dark, dark]),
            ),
        )
    )
    overdue = int((actions[Task.status] == "overdue").sum())
    fig.update_layout(
        title=f"{title}: {overdue} overdue, {len(actions) - overdue} due soon",
        height=max(240, 36 * len(actions) + 140),
    )
    return fig


def savings_at_risk_chart(
    at_risk: pd.DataFrame,
    *,
    title: str = "Savings at risk from slipped plans",
    total=None,
    subtitle: str = "",
) -> go.Figure:
    """In-year savings lost per scheme when the plans' service-commencement dates replace the
    register's change in delivery (``model.plans.savings_at_risk``); negative = gained. A row
    with no ``scheme_id`` adds up other schemes (``pages.common.top_n``): drawn last, in
    grey (the foot of the chart); ``total`` (:class:`model.plans.AtRisk` of every scheme) then
    names the title's figures, which the bars still add up to; ``subtitle``: a line under
    the title (what the chart leaves out)."""
    named = at_risk["scheme_id"].notna()
    frame = pd.concat([at_risk[~named], at_risk[named].sort_values("at_risk_gbp")])
    others = frame["scheme_id"].isna().to_numpy()
    labels = [
        wrap_label(row.scheme if other else f"{row.scheme} ({row.scheme_id})")
        for row, other in zip(frame.itertuples(), others)
    ]
    colours = [
        NHS_MID_GREY if other else NHS_RED if v > 0 else NHS_GREEN
        for v, other in zip(frame["at_risk_gbp"], others)
    ]
    text = [
        f"{money(v)} ({months(m, signed=True)}{' net' if other else ''})"
        for v, m, other in zip(frame["at_risk_gbp"], frame["plan_change_months"], others)
    ]
    if total is None:
        total = at_risk_total(frame)  # the one figure: what the bars add up to
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=frame["at_risk_gbp"],
            orientation="h",
            marker_color=colours,
            text=text,
            textposition="outside",
            cliponaxis=False,
            customdata=_source_lines(frame, "plan_source"),
            hovertemplate="%{y}: £%{x:,.0f}%{customdata}<extra></extra>",
        )
    )
    fig.update_layout(
        # one number per label (issue 20 item 7): "at risk from slipped plans" is the loss
        # alone everywhere; a net of plans earlier says it is net
        title=(
            f"Savings at risk from plans, net of plans earlier: {money(total.net_gbp)} of the "
            f"in-year forecast ({money(total.lost_gbp)} at risk from slipped plans, "
            f"{money(total.gained_gbp)} gained where plans start earlier)"
            if total.gained_gbp and total.lost_gbp
            else f"{title}: {money(total.net_gbp)} of the in-year forecast"
        )
        + (f"<br><sup>{subtitle}</sup>" if subtitle else ""),
        xaxis=dict(
            title="In-year forecast saving at risk (£)",
            tickprefix="£",
            range=_padded_range(frame["at_risk_gbp"]),
        ),
        yaxis=dict(title="Scheme", automargin=True),
        height=max(280, 50 * len(frame) + 160),
        showlegend=False,
    )
    if subtitle:
        fig.update_layout(margin_t=110)  # room for the subtitle's lines
    return fig
