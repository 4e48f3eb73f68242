"""Page 10, savings curves: the headline figures and the bridge from plan to outturn, the
register tie-out, monthly and cumulative curves, by theme and phase, year-to-date variance and
schemes with no actual recorded, outturn and how much of the plan is live from April."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown

from ..figures import savings
from ..model import headline as H
from ..model.headline import Headline
from ..month import MonthInputs
from ..schema import Scheme
from ..style import money, month_label
from ..views import savings as views
from .common import (
    banner,
    figure,
    html_table,
    inputs,
    needs_month,
    open_month,
    shown_count,
    title,
    top_n,
)

__all__ = ["open_month", "title", "inputs", "banner"]


@needs_month
def headline(month: MonthInputs) -> HTML:
    """The headline figures in a sentence each, in a director's words."""
    h = H.headline(month)
    to = month.period.strftime("%B")
    actual = (
        f"{figure(h, 'actual_to_date')} against a plan to date of "
        f"{figure(h, 'plan_to_date')} and a forecast to date of "
        f"{figure(h, 'forecast_to_date')}"
        if h.has_actuals
        else "no actuals recorded"
    )
    lines = [
        f"Plan (target) for {month.fy}: {figure(h, 'plan_in_year')}: what the register's "
        "schemes are planned to save this year",
        f"Risk weighting: {figure(h, 'risk_weighting')} off the plan for the schemes' overall "
        f"RAG ratings, leaving {figure(h, 'most_likely_in_year')} most likely",
        f"Slippage: {figure(h, 'slippage')} less again on the directors' view of when each "
        f"scheme starts, giving the forecast of {figure(h, 'forecast_in_year')}",
        f"Actual to date (April to {to}): {actual}",
        f"Outturn (actual to date + forecast for the rest of the year): "
        f"{figure(h, 'forecast_outturn')}; gap to the plan {figure(h, 'gap_to_target')} "
        f"({h.gap_words()})",
        _recurrent_line(h),
    ]
    if h.adjustments_in_year or h.adjustments_excluded_in_year:
        lines.append(_adjustment_line(h))
    items = "".join(f"<li>{line}</li>" for line in lines)
    return HTML(f"<ul>{items}</ul>")


def _recurrent_line(h: Headline) -> str:
    if not h.recurrent_stated:
        return (
            "Recurrent savings: the register has no recurrent / non-recurrent column, so "
            "every scheme is treated as recurrent"
        )
    if h.non_recurrent_schemes == 0:
        return (
            "Recurrent savings: no scheme is marked non-recurrent, so every scheme is "
            "treated as recurrent (a register without a recurrent / non-recurrent column "
            "counts every scheme as recurrent)"
        )
    return (
        f"Recurrent: plan {figure(h, 'plan_recurrent')}, forecast "
        f"{figure(h, 'forecast_recurrent')}, outturn {figure(h, 'outturn_recurrent')}; "
        f"{h.non_recurrent_schemes} non-recurrent scheme"
        f"{'' if h.non_recurrent_schemes == 1 else 's'} (one-off savings: "
        f"{money(h.non_recurrent('outturn'))} of the outturn), which carry nothing into "
        "next year"
    )


def _adjustment_line(h: Headline) -> str:
    if h.adjustments == "include":
        return (
            f"Adjustment rows under the register's totals: {figure(h, 'adjustments_in_year')} "
            "in year, included in the plan, forecast and outturn (the pack's settings are "
            "under About this page)"
        )
    return (
        f"Adjustment rows under the register's totals: "
        f"{figure(h, 'adjustments_excluded_in_year')} in year, <b>not</b> counted in any "
        "figure (the pack's settings are under About this page)"
    )


@needs_month
def bridge(month: MonthInputs):
    """The bridge (waterfall) from the plan to the outturn."""
    return savings.bridge(H.bridge(month))


@needs_month
def tie_out(month: MonthInputs) -> HTML:
    """The register's own totals row beside the pack's figures, each difference explained."""
    table = views.register_tie_out(month)
    shown = pd.DataFrame(
        {
            "Figure": table["figure"],
            "Register's totals row": table["register_total_gbp"].map(_pounds),
            "Pack": table["pack_gbp"].map(_pounds),
            "Difference (pack − register)": table["difference_gbp"].map(_pounds),
            "Pack uses": table["used"].map({"rule": "the rule", "stated": "the stated figures"}),
            "Explained by": [
                e or ("no finding: within rounding" if abs(d) < 5 else "not explained")
                if d == d
                else "the register has no totals row"
                for e, d in zip(table["explanation"], table["difference_gbp"])
            ],
        }
    )
    used = (
        "the board's rules (the default)"
        if month.settings.figures == "rule"
        else "the register's stated figures"
    )
    adjust = views.register_adjustments(month)
    lines = [f"The pack uses **{used}** for every scheme."]
    for row in adjust.itertuples():
        lines.append(
            f"Adjustment row at {html.escape(str(row.source))}: FYE "
            f"{_pounds(row.fye_net_saving)}, in year {_pounds(row.plan_in_year)}: "
            f"{'<b>included</b>' if row.counted else '<b>excluded</b>'}."
        )
    if month.findings is not None:
        months = month.findings[month.findings["field"] == Scheme.months_in_year]
        n = shown_count(month)
        for f in months.iloc[:n].itertuples():
            lines.append(
                f"Scheme {html.escape(str(f.scheme_id))} at {html.escape(f.source)}: "
                f"stated {f.stated:g} months in year, its go-live gives "
                f"{f.expected:g} (the pack uses the go-live)."
            )
        if len(months) > n:
            lines.append(
                f"And {len(months) - n:,} more schemes whose stated months in year "
                "differ from their go-live (every one: `commissioning-analytics "
                "reconcile` on the register)."
            )
    notes = "".join(f"<p>{line.replace('**', '')}</p>" for line in lines)
    return HTML(notes + html_table(shown).data)


def _pounds(value) -> str:
    """Whole pounds with a true minus, for tie-outs to the register's own figures."""
    if value is None or value != value:
        return "—"
    return ("−" if value < -0.5 else "") + f"£{abs(value):,.0f}"


@needs_month
def no_actual_recorded(month: MonthInputs):
    """Live schemes with no actual recorded for a past month (not the same as £0)."""
    table = views.unrecorded_actuals(month)
    if month.actuals is None:
        return Markdown("> No actuals workbook in the data folder.")
    if table.empty:
        return Markdown(
            "Every scheme the forecast has saving in a month to date has an actual "
            "recorded for that month (a recorded £0 counts as recorded)."
        )
    caption = (
        f"{len(table):,} scheme-month(s) with no actual recorded: counted as nothing "
        "saved in actual to date until the finance team records them."
    )
    n = shown_count(month)
    if len(table) > n:  # the scheme-months expected to save most, the rest in one row
        caption += (
            f" The {n} expected to save most are listed; all the other "
            f"{len(table) - n:,} are added up in the last row (every one: the workbook, "
            "sheet no_actual_recorded)."
        )
        table = top_n(
            table,
            "forecast_gbp",
            n,
            keep_order=True,
            others=f"All {len(table) - n:,} other scheme-months",
        )
    shown = table.assign(
        month=[month_label(m) if m == m and m is not None else "" for m in table["month"]],
        scheme_id=table["scheme_id"].fillna(""),
        source=table["source"].fillna(""),
    )
    return html_table(
        shown,
        ["plan_gbp", "forecast_gbp"],
        {
            "scheme_id": "No",
            "scheme": "Scheme",
            "month": "Month",
            "plan_gbp": "Plan for the month",
            "forecast_gbp": "Forecast for the month",
            "source": "Register row",
        },
        caption=caption,
    )


# -- savings curves ---------------------------------------------------------------------------


@needs_month
def monthly_curve(month: MonthInputs):
    return savings.savings_curves(
        views.savings_curve(month), cumulative=False, title=f"Savings each month, {month.fy}"
    )


@needs_month
def cumulative_curve(month: MonthInputs):
    return savings.savings_curves(
        views.savings_curve(month),
        cumulative=True,
        title=f"Cumulative savings over {month.fy}: plan, risk-weighted, forecast and actual",
    )


@needs_month
def by_theme(month: MonthInputs):
    return savings.by_group(
        views.in_year_by(month, Scheme.theme),
        Scheme.theme,
        title=f"Savings in {month.fy} by theme",
        group_label="Theme",
    )


@needs_month
def by_phase(month: MonthInputs):
    return savings.by_group(
        views.in_year_by(month, Scheme.phase),
        Scheme.phase,
        title=f"Savings in {month.fy} by phase (1 = most redesign)",
        group_label="Phase",
    )


@needs_month
def ytd_variance(month: MonthInputs):
    if month.actuals is None:
        return Markdown("> No actuals workbook in the data folder: no year-to-date variance.")
    table = views.ytd_variance(month)
    return html_table(
        table,
        ["plan_to_date_gbp", "actual_to_date_gbp", "ytd_variance_gbp"],
        {
            "theme": "Theme",
            "plan_to_date_gbp": "Plan to date",
            "actual_to_date_gbp": "Actual to date",
            "ytd_variance_gbp": "Variance (actual - plan)",
        },
        caption=f"April to {month.period.strftime('%B %Y')}; a negative variance is behind plan.",
    )


@needs_month
def ytd_variance_chart(month: MonthInputs):
    if month.actuals is None:
        return Markdown("> No actuals: nothing to compare with the plan yet.")
    return savings.variance_bars(
        views.ytd_variance(month),
        title=f"Year to date: ahead of or behind plan, by theme "
        f"(to {month.period.strftime('%B %Y')})",
    )


@needs_month
def outturn(month: MonthInputs) -> HTML:
    h = H.headline(month)
    return HTML(
        f"<p>Outturn for {month.fy}: {figure(h, 'forecast_outturn')} against a plan of "
        f"{figure(h, 'plan_in_year')}: {html.escape(h.gap_words())}. The outturn is the actual "
        "saving to date plus the directors' forecast for the remaining months.</p>"
    )


@needs_month
def live_from_april(month: MonthInputs):
    share = views.share_live_from_april(month)
    return savings.go_live_profile(
        views.live_from_april(month),
        title=f"{share:.0%} of the {month.fy} plan comes from schemes live from April",
    )
