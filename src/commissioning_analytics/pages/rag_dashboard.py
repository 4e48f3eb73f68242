"""Page 20, RAG dashboard: panel ratings, value by rating, phase and theme, what risk weighting
takes off the plan, ratings moved since last month."""

from __future__ import annotations

from IPython.display import Markdown

from .. import report
from ..figures import money, rag, rag_label
from ..report import MonthInputs
from ..schema import Scheme
from .common import html_table, inputs, money_or_na, needs_month, open_month, title

__all__ = ["open_month", "title", "inputs"]


@needs_month
def rag_heatmap(month: MonthInputs):
    return rag.panel_heatmap(report.rag_panel(month),
                             title="Panel ratings by scheme (value, resources, timeliness, "
                                   "co-dependency, overall)")


@needs_month
def rag_by_rating(month: MonthInputs):
    return rag.by_rating(report.rag_summary(month), title="Schemes and plan value by overall rating")


@needs_month
def rag_by_phase(month: MonthInputs):
    return rag.by_rating_and(report.rag_summary(month, Scheme.phase), Scheme.phase,
                             title="Plan value by phase and overall rating", group_label="Phase")


@needs_month
def rag_by_theme(month: MonthInputs):
    return rag.by_rating_and(report.rag_summary(month, Scheme.theme), Scheme.theme,
                             title="Plan value by theme and overall rating", group_label="Theme")


@needs_month
def risk_weighting(month: MonthInputs):
    summary = report.rag_summary(month)
    taken = -summary["risk_adjustment_gbp"].sum()
    return rag.risk_adjustment(
        summary, title=f"Risk weighting takes {money(taken)} off the plan "
                       f"({month.weights.name} weights)")


@needs_month
def ratings_moved(month: MonthInputs):
    previous = report.previous_ratings(month)
    if previous is None:
        return Markdown(f"> No pack for {(month.period - 1).strftime('%B %Y')} was found, so "
                        "there is nothing to compare the ratings with.")
    moved = report.ratings_moved(month, previous)
    if moved.empty:
        return Markdown(f"No rating has moved since the {(month.period - 1).strftime('%B %Y')} pack.")
    moved = moved.assign(was=moved["was"].map(lambda r: "New scheme" if r == "new" else rag_label(r)),
                         now=moved["now"].map(rag_label))
    return html_table(moved, rename={"scheme_id": "No", "scheme": "Scheme", "panel": "Panel",
                                 "was": "Was", "now": "Now", "direction": "Direction"},
                  caption=f"Ratings that differ from the {(month.period - 1).strftime('%B %Y')} pack.")
