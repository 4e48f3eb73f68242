"""One function per section of a pack notebook: ``MonthInputs`` in, something to display out.

Notebooks stay thin: a markdown heading a director reads, then one call from here. Each call
returns a plotly Figure or an ``IPython.display`` object (Markdown / HTML tables with money in
£k/£m and ratings in words), so a notebook cell just ends with it.
"""

from __future__ import annotations

import functools
import html
import math

import pandas as pd
from IPython.display import HTML, Markdown

from . import report
from .figures import delivery, money, rag, rag_label, savings
from .report import MonthInputs, load_month
from .schema import Scheme

__all__ = ["load_month", "open_month"]


def open_month(period: str, data_dir: str, register_file: str = "qipp_register.xlsx", *,
               weight_set: str = "board", scenario: str = "",
               organisation: str = "NHS Northfield ICB") -> MonthInputs | None:
    """:func:`report.load_month`, or ``None`` with a note on the page when the data folder has
    no register (a notebook opened on an empty data folder says so rather than failing)."""
    from pathlib import Path

    from IPython.display import display

    register = Path(data_dir) / register_file
    if not register.is_file():
        display(Markdown(f"> **No register found** at `{register}`: put the month's register "
                         "there (see the README), then run this page again."))
        return None
    return load_month(period, data_dir, register_file, weight_set=weight_set,
                      scenario=scenario, organisation=organisation)


def _needs_month(section):
    """Sections show a short note instead of failing when there is no register."""
    @functools.wraps(section)
    def wrapper(month, *args, **kwargs):
        if month is None:
            return Markdown("_Not available: no register._")
        return section(month, *args, **kwargs)
    return wrapper


def title(month: MonthInputs | None, page: str) -> Markdown:
    """The page title: page name, organisation, reporting month."""
    if month is None:
        return Markdown(f"# {page}")
    return Markdown(f"# {page}\n\n**{month.organisation}** · savings programme {month.fy} · "
                    f"reporting month **{month.period_label}**")


def _money(value: float) -> str:
    return "not available" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else money(value)


def _table(frame: pd.DataFrame, money_columns=(), rename=None, caption: str = "") -> HTML:
    shown = frame.copy()
    for column in money_columns:
        shown[column] = shown[column].map(_money)
    shown = shown.rename(columns=rename or {})
    table = shown.to_html(index=False, escape=True, border=0, classes="pack-table")
    cap = f"<p><em>{html.escape(caption)}</em></p>" if caption else ""
    style = ("<style>.pack-table{border-collapse:collapse;font-size:13px}"
             ".pack-table th{background:#005EB8;color:white;padding:4px 8px;text-align:left}"
             ".pack-table td{padding:3px 8px;border-bottom:1px solid #E8EDEE}</style>")
    return HTML(style + cap + table)


@_needs_month
def inputs(month: MonthInputs) -> Markdown:
    """What the page was built from, and any input that is absent."""
    lines = [f"**{month.organisation}**, reporting month **{month.period_label}**; "
             f"{len(month.register)} schemes in the {month.fy} register; risk weights: "
             f"**{month.weights.name}** ({month.weights.description or month.weights.weights})."]
    if month.scenario:
        lines.append(f"Scenario: **{month.scenario}**.")
    lines += [f"> {note}" for note in month.notes]
    return Markdown("\n\n".join(lines))


@_needs_month
def headline(month: MonthInputs) -> Markdown:
    """The headline figures in a sentence each."""
    h = report.headline(month)
    gap = h["gap_to_target"]
    gap_text = (f"a shortfall of **{money(gap)}**" if gap > 0.5
                else f"**{money(-gap)} ahead** of target" if gap < -0.5 else "exactly on target")
    lines = [
        f"- Plan (target) for {month.fy}: **{money(h['plan_in_year'])}**",
        f"- Most likely after risk weighting: **{money(h['most_likely_in_year'])}**",
        f"- Forecast (director-assessed): **{money(h['forecast_in_year'])}**",
        f"- Actual to date (April to {month.period.strftime('%B')}): "
        f"**{_money(h['actual_to_date'])}** against a plan to date of "
        f"**{money(h['plan_to_date'])}**",
        f"- Forecast outturn (actual to date + forecast for the rest of the year): "
        f"**{money(h['forecast_outturn'])}**, {gap_text}",
    ]
    return Markdown("\n".join(lines))


# -- savings curves ---------------------------------------------------------------------------

@_needs_month
def monthly_curve(month: MonthInputs):
    return savings.savings_curves(report.savings_curve(month), cumulative=False,
                                  title=f"Savings each month, {month.fy}")


@_needs_month
def cumulative_curve(month: MonthInputs):
    return savings.savings_curves(
        report.savings_curve(month), cumulative=True,
        title=f"Cumulative savings over {month.fy}: plan, risk-weighted, forecast and actual")


@_needs_month
def by_theme(month: MonthInputs):
    return savings.by_group(report.in_year_by(month, Scheme.theme), Scheme.theme,
                            title=f"Savings in {month.fy} by theme", group_label="Theme")


@_needs_month
def by_phase(month: MonthInputs):
    return savings.by_group(report.in_year_by(month, Scheme.phase), Scheme.phase,
                            title=f"Savings in {month.fy} by phase (1 = most redesign)",
                            group_label="Phase")


@_needs_month
def ytd_variance(month: MonthInputs):
    if month.actuals is None:
        return Markdown("> No actuals workbook in the data folder: no year-to-date variance.")
    table = report.ytd_variance(month)
    return _table(table, ["plan_to_date_gbp", "actual_to_date_gbp", "ytd_variance_gbp"],
                  {"theme": "Theme", "plan_to_date_gbp": "Plan to date",
                   "actual_to_date_gbp": "Actual to date",
                   "ytd_variance_gbp": "Variance (actual - plan)"},
                  caption=f"April to {month.period.strftime('%B %Y')}; a negative variance is "
                          "behind plan.")


@_needs_month
def ytd_variance_chart(month: MonthInputs):
    if month.actuals is None:
        return Markdown("> No actuals: nothing to compare with the plan yet.")
    return savings.variance_bars(report.ytd_variance(month),
                                 title=f"Year to date: ahead of or behind plan, by theme "
                                       f"(to {month.period.strftime('%B %Y')})")


@_needs_month
def outturn(month: MonthInputs) -> Markdown:
    h = report.headline(month)
    return Markdown(
        f"Forecast outturn for {month.fy}: **{money(h['forecast_outturn'])}** against a plan of "
        f"**{money(h['plan_in_year'])}**, a gap to target of **{money(h['gap_to_target'])}** "
        "(positive = shortfall). The outturn is the actual saving to date plus the "
        "director-assessed forecast for the remaining months.")


@_needs_month
def live_from_april(month: MonthInputs):
    share = report.share_live_from_april(month)
    return savings.go_live_profile(
        report.live_from_april(month),
        title=f"{share:.0%} of the {month.fy} plan comes from schemes live from April")


# -- RAG --------------------------------------------------------------------------------------

@_needs_month
def rag_heatmap(month: MonthInputs):
    return rag.panel_heatmap(report.rag_panel(month),
                             title="Panel ratings by scheme (value, resources, timeliness, "
                                   "co-dependency, overall)")


@_needs_month
def rag_by_rating(month: MonthInputs):
    return rag.by_rating(report.rag_summary(month), title="Schemes and plan value by overall rating")


@_needs_month
def rag_by_phase(month: MonthInputs):
    return rag.by_rating_and(report.rag_summary(month, Scheme.phase), Scheme.phase,
                             title="Plan value by phase and overall rating", group_label="Phase")


@_needs_month
def rag_by_theme(month: MonthInputs):
    return rag.by_rating_and(report.rag_summary(month, Scheme.theme), Scheme.theme,
                             title="Plan value by theme and overall rating", group_label="Theme")


@_needs_month
def risk_weighting(month: MonthInputs):
    summary = report.rag_summary(month)
    taken = -summary["risk_adjustment_gbp"].sum()
    return rag.risk_adjustment(
        summary, title=f"Risk weighting takes {money(taken)} off the plan "
                       f"({month.weights.name} weights)")


@_needs_month
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
    return _table(moved, rename={"scheme_id": "No", "scheme": "Scheme", "panel": "Panel",
                                 "was": "Was", "now": "Now", "direction": "Direction"},
                  caption=f"Ratings that differ from the {(month.period - 1).strftime('%B %Y')} pack.")


# -- change in delivery -----------------------------------------------------------------------

@_needs_month
def delivery_waterfall(month: MonthInputs):
    return delivery.waterfall(report.waterfall(month),
                              title=f"From plan to forecast, {month.fy}")


@_needs_month
def months_gained(month: MonthInputs):
    table = report.delivery_by_scheme(month)
    if table.empty:
        return Markdown("No scheme has a change in delivery this month.")
    lost = int((table["change_months"] < 0).sum())
    gained = int((table["change_months"] > 0).sum())
    return delivery.months_gained(
        table, title=f"Months of saving gained or lost: {lost} schemes slipping, {gained} ahead")


@_needs_month
def next_year_effect(month: MonthInputs):
    table = report.next_year_effect(month)
    moved = table["slippage_into_next_year_gbp"].sum()
    return delivery.next_year(
        table, title=f"Next year: slippage moves {money(moved)} of saving into "
                     f"{month.year + 1}/{(month.year + 2) % 100:02d}")


@_needs_month
def delivery_table(month: MonthInputs):
    table = report.delivery_by_scheme(month)
    if table.empty:
        return Markdown("No scheme has a change in delivery this month.")
    table = table.assign(
        months_in_year=table["months_in_year"].map(lambda m: f"{m:g}"),
        change_months=table["change_months"].map(lambda m: f"{m:+g}"),
        effective_months=table["effective_months"].map(lambda m: f"{m:g}"))
    return _table(table, ["in_year_effect_gbp", "next_year_effect_gbp"],
                  {"scheme_id": "No", "scheme": "Scheme", "theme": "Theme",
                   "months_in_year": "Planned months", "change_months": "Change (months)",
                   "effective_months": "Forecast months", "in_year_effect_gbp": "Effect this year",
                   "next_year_effect_gbp": "Effect next year"})


@_needs_month
def scenario_placeholder(month: MonthInputs) -> Markdown:
    """Until the scenarios pages land: which scenario, if any, was asked for."""
    if not month.scenario:
        return Markdown("No scenario was selected for this pack.")
    return Markdown(f"Scenario **{month.scenario}** was selected; scenario comparisons are "
                    "added to this page by the scenarios module.")
