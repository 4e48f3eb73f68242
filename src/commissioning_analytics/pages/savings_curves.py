"""Page 10, savings curves: the headline figures, monthly and cumulative curves, by theme and
phase, year-to-date variance, outturn and how much of the plan is live from April."""

from __future__ import annotations

from IPython.display import Markdown

from .. import report
from ..figures import money, savings
from ..report import MonthInputs
from ..schema import Scheme
from .common import html_table, inputs, money_or_na, needs_month, open_month, title

__all__ = ["open_month", "title", "inputs"]


@needs_month
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
        f"**{money_or_na(h['actual_to_date'])}** against a plan to date of "
        f"**{money(h['plan_to_date'])}**",
        f"- Forecast outturn (actual to date + forecast for the rest of the year): "
        f"**{money(h['forecast_outturn'])}**, {gap_text}",
    ]
    return Markdown("\n".join(lines))


# -- savings curves ---------------------------------------------------------------------------

@needs_month
def monthly_curve(month: MonthInputs):
    return savings.savings_curves(report.savings_curve(month), cumulative=False,
                                  title=f"Savings each month, {month.fy}")


@needs_month
def cumulative_curve(month: MonthInputs):
    return savings.savings_curves(
        report.savings_curve(month), cumulative=True,
        title=f"Cumulative savings over {month.fy}: plan, risk-weighted, forecast and actual")


@needs_month
def by_theme(month: MonthInputs):
    return savings.by_group(report.in_year_by(month, Scheme.theme), Scheme.theme,
                            title=f"Savings in {month.fy} by theme", group_label="Theme")


@needs_month
def by_phase(month: MonthInputs):
    return savings.by_group(report.in_year_by(month, Scheme.phase), Scheme.phase,
                            title=f"Savings in {month.fy} by phase (1 = most redesign)",
                            group_label="Phase")


@needs_month
def ytd_variance(month: MonthInputs):
    if month.actuals is None:
        return Markdown("> No actuals workbook in the data folder: no year-to-date variance.")
    table = report.ytd_variance(month)
    return html_table(table, ["plan_to_date_gbp", "actual_to_date_gbp", "ytd_variance_gbp"],
                  {"theme": "Theme", "plan_to_date_gbp": "Plan to date",
                   "actual_to_date_gbp": "Actual to date",
                   "ytd_variance_gbp": "Variance (actual - plan)"},
                  caption=f"April to {month.period.strftime('%B %Y')}; a negative variance is "
                          "behind plan.")


@needs_month
def ytd_variance_chart(month: MonthInputs):
    if month.actuals is None:
        return Markdown("> No actuals: nothing to compare with the plan yet.")
    return savings.variance_bars(report.ytd_variance(month),
                                 title=f"Year to date: ahead of or behind plan, by theme "
                                       f"(to {month.period.strftime('%B %Y')})")


@needs_month
def outturn(month: MonthInputs) -> Markdown:
    h = report.headline(month)
    return Markdown(
        f"Forecast outturn for {month.fy}: **{money(h['forecast_outturn'])}** against a plan of "
        f"**{money(h['plan_in_year'])}**, a gap to target of **{money(h['gap_to_target'])}** "
        "(positive = shortfall). The outturn is the actual saving to date plus the "
        "director-assessed forecast for the remaining months.")


@needs_month
def live_from_april(month: MonthInputs):
    share = report.share_live_from_april(month)
    return savings.go_live_profile(
        report.live_from_april(month),
        title=f"{share:.0%} of the {month.fy} plan comes from schemes live from April")
