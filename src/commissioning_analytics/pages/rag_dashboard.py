"""Page 20, RAG dashboard: panel ratings, value by rating, phase and theme, what risk weighting
takes off the plan, ratings moved since last month."""

from __future__ import annotations

from IPython.display import Markdown

from ..figures import rag, rag_label
from ..month import MonthInputs
from ..schema import Scheme
from ..style import money
from ..views import rag as views
from .common import (
    TOP_N,
    html_table,
    inputs,
    needs_month,
    open_month,
    shown_count,
    sources,
    title,
    top_n,
)

__all__ = ["open_month", "title", "inputs", "TOP_N"]


def _shown_ids(month: MonthInputs, n: int | None) -> list[str]:
    risk = views.value_at_risk(month).sort_values(
        ["at_risk_gbp", "plan_gbp"], ascending=False, kind="stable"
    )
    ranked = top_n(risk, "at_risk_gbp", n)
    return [i for i in ranked[Scheme.scheme_id] if isinstance(i, str)]


@needs_month
def rag_heatmap(month: MonthInputs, n: int | None = None):
    """The panel ratings of the ``n`` schemes with most value at risk (default: the setting
    ``top_n``; all when there are no more than ``n``), and one row counting the ratings of
    all the others."""
    n = shown_count(month) if n is None else n
    panel = views.rag_panel(month)
    panel = panel.assign(source=sources(month, panel[Scheme.scheme_id]))
    what = "Panel ratings by scheme (value, resources, timeliness, co-dependency, overall)"
    if n is None or len(month.register) <= n:
        return rag.panel_heatmap(panel, title=what)
    shown = _shown_ids(month, n)
    keep = panel[Scheme.scheme_id].astype(str).isin(set(shown))
    drawn = panel[keep].set_index(Scheme.scheme_id, drop=False).loc[shown].reset_index(drop=True)
    rest = panel[~keep]
    counts = []
    for name in dict.fromkeys(panel["panel"]):
        ratings = rest.loc[rest["panel"] == name, "rating"].value_counts()
        counts.append(
            " · ".join(f"{ratings.get(w, 0):,} {w[0].upper()}" for w in ("green", "amber", "red"))
        )
    others = len(month.register) - len(shown)
    at_risk = views.value_at_risk(month)
    rest_risk = at_risk.loc[~at_risk[Scheme.scheme_id].isin(set(shown)), "at_risk_gbp"].sum()
    return rag.panel_heatmap(
        drawn,
        others=f"All {others:,} other schemes",
        others_text=counts,
        title=f"{what}: the {len(shown)} schemes with most value at risk of "
        f"{len(month.register):,}; the other {others:,} ({money(rest_risk)} at risk) "
        "counted in the last row, every scheme in the workbook (sheet ratings)",
    )


@needs_month
def rag_by_rating(month: MonthInputs):
    return rag.by_rating(views.rag_summary(month), title="Schemes and plan value by overall rating")


@needs_month
def rag_by_phase(month: MonthInputs):
    return rag.by_rating_and(
        views.rag_summary(month, Scheme.phase),
        Scheme.phase,
        title="Plan value by phase and overall rating",
        group_label="Phase",
    )


@needs_month
def rag_by_theme(month: MonthInputs):
    return rag.by_rating_and(
        views.rag_summary(month, Scheme.theme),
        Scheme.theme,
        title="Plan value by theme and overall rating",
        group_label="Theme",
    )


@needs_month
def risk_weighting(month: MonthInputs):
    summary = views.rag_summary(month)
    taken = -summary["risk_adjustment_gbp"].sum()
    return rag.risk_adjustment(
        summary,
        title=f"Risk weighting takes {money(taken)} off the plan ({month.weights.name} weights)",
    )


@needs_month
def ratings_moved(month: MonthInputs, n: int | None = None):
    """Ratings that differ from the previous month's pack, for the ``n`` schemes with most
    value at risk (default: the setting ``top_n``)."""
    n = shown_count(month) if n is None else n
    previous = views.previous_ratings(month)
    if previous is None:
        return Markdown(
            f"> No pack for {(month.period - 1).strftime('%B %Y')} was found, so "
            "there is nothing to compare the ratings with."
        )
    moved = views.ratings_moved(month, previous)
    if moved.empty:
        return Markdown(
            f"No rating has moved since the {(month.period - 1).strftime('%B %Y')} pack."
        )
    moved = moved.assign(
        was=moved["was"].map(lambda r: "New scheme" if r == "new" else rag_label(r)),
        now=moved["now"].map(rag_label),
    )
    caption = f"Ratings that differ from the {(month.period - 1).strftime('%B %Y')} pack."
    if n is not None and moved[Scheme.scheme_id].nunique() > n:
        shown = _shown_ids(month, None)
        order = {scheme_id: k for k, scheme_id in enumerate(shown)}
        schemes = sorted(set(moved[Scheme.scheme_id].astype(str)), key=lambda i: order.get(i, 1e12))
        keep = set(schemes[:n])
        total = len(moved)
        moved = moved[moved[Scheme.scheme_id].astype(str).isin(keep)]
        caption += (
            f" The {n} schemes with most value at risk are shown ({len(moved):,} of "
            f"{total:,} changes); every change is in data/processed/{month.period}/"
            "ratings_moved.csv and the workbook."
        )
    moved = moved.assign(source=sources(month, moved[Scheme.scheme_id]))
    return html_table(
        moved,
        rename={
            "scheme_id": "No",
            "scheme": "Scheme",
            "panel": "Panel",
            "was": "Was",
            "now": "Now",
            "direction": "Direction",
            "source": "Source",
        },
        caption=caption,
    )
