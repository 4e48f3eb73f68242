"""The deflection page of the monthly pack: one function per section, inputs loaded once.

:func:`open_deflection` reads ``deflection/interventions.xlsx`` and ``deflection/activity.xlsx``
of a data folder and computes everything the page shows (plan, gap closure, realisation, SPC of
the transformation performance indicators). When the workbooks are absent or invalid it shows a
note and returns ``None``; every section then shows a one-line note instead of failing.
Sections return a plotly Figure or an ``IPython.display`` object, so a notebook cell ends with
one call. Money in pounds; financial years named by their starting year (2025 = 2025/26).
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown

from .. import calendar
from ..datafolder import DataFolder
from ..errors import UserError
from ..figures import deflection as figures
from ..figures import money
from ..io.deflection import load_activity, load_interventions
from ..model import deflection as model
from ..model import spc
from ..schema import Activity, FinancialGap, Intervention

REDUCED_SCALE = 0.75


@dataclass
class DeflectionInputs:
    """The page's inputs and results for one reporting month.

    Attributes:
        period: the reporting month (actuals to its end).
        organisation: shown in titles.
        interventions, gap, activity: as loaded (schema Intervention / FinancialGap / Activity).
        plan: the planned deflection and savings, long, over the gap's financial years.
        gap_table: gap closed and left by year, as planned.
        monthly, summary: realisation by intervention and month, and per intervention.
        chart, chart_summary: XmR chart of every TPI series and one row per series.
        threshold, months_under: the recovery rule in force.
        notes: sentences about the inputs shown under the title.
    """

    period: pd.Period
    organisation: str
    interventions: pd.DataFrame
    gap: pd.DataFrame
    activity: pd.DataFrame
    plan: pd.DataFrame
    gap_table: pd.DataFrame
    monthly: pd.DataFrame
    summary: pd.DataFrame
    chart: pd.DataFrame
    chart_summary: pd.DataFrame
    threshold: float = model.RECOVERY_THRESHOLD
    months_under: int = model.RECOVERY_MONTHS
    notes: list[str] = field(default_factory=list)

    @property
    def last_year(self) -> int:
        return int(self.gap[FinancialGap.financial_year].max())


def tpi_chart(interventions: pd.DataFrame, activity: pd.DataFrame, monthly: pd.DataFrame,
              period: pd.Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """XmR charts of every activity series to the reporting month (lower activity is better).

    An intervention's target is the activity its plan implies in the reporting month
    (expected without it, less the planned deflection); point-of-delivery series have none.

    Returns:
        ``(chart, summary)`` of :func:`~commissioning_analytics.model.spc.spc` and
        :func:`~commissioning_analytics.model.spc.summarise`, series in column ``series``.
    """
    rows = activity[activity[Activity.month] <= period]
    frame = rows[[Activity.series, Activity.month, Activity.activity]].rename(
        columns={Activity.activity: "value"})
    last = monthly[monthly["month"] == period]
    target = dict(zip(last[Intervention.intervention_id],
                      last["expected"] - last["planned_deflection"]))
    target = {k: v for k, v in target.items()
              if np.isfinite(v) and k in set(frame[Activity.series])}
    chart = spc.spc(frame, value="value", date=Activity.month, facet=Activity.series,
                    improvement_direction="decrease", target=target)
    return chart, spc.summarise(chart, facet=Activity.series, date=Activity.month)


def build(interventions: pd.DataFrame, gap: pd.DataFrame, activity: pd.DataFrame,
          period: pd.Period | str, *, organisation: str = "NHS Northfield ICB",
          threshold: float = model.RECOVERY_THRESHOLD,
          months_under: int = model.RECOVERY_MONTHS) -> DeflectionInputs:
    """Everything the page shows, from frames (no files)."""
    period = pd.Period(period, freq="M")
    years = gap[FinancialGap.financial_year]
    months = model.months_of_years(int(years.min()), int(years.max()))
    plan = model.plan(interventions, months)
    monthly, summary = model.realisation(interventions, activity, period, threshold=threshold,
                                         months_under=months_under)
    chart, chart_summary = tpi_chart(interventions, activity, monthly, period)
    notes = []
    late = activity[activity[Activity.month] > period]
    if len(late):
        notes.append(f"{len(late)} activity rows after {period.strftime('%B %Y')} are left out.")
    return DeflectionInputs(period, organisation, interventions, gap, activity, plan,
                            model.gap_closure(plan, gap), monthly, summary, chart,
                            chart_summary, threshold, months_under, notes)


def open_deflection(period: str, data_dir: str, *, organisation: str = "NHS Northfield ICB",
                    threshold: float = model.RECOVERY_THRESHOLD,
                    months_under: int = model.RECOVERY_MONTHS) -> DeflectionInputs | None:
    """Load the data folder's deflection workbooks and build the page, or show why not."""
    from IPython.display import display

    folder = DataFolder(Path(data_dir))
    absent = [p for p in (folder.interventions, folder.activity) if not p.is_file()]
    if absent:
        display(Markdown("> **Activity deflection is not in this pack:** no " + " or ".join(
            f"`{p}`" for p in absent) + " in the data folder."))
        return None
    try:
        loaded = load_interventions(folder.interventions)
        activity = load_activity(folder.activity, loaded.interventions)
    except UserError as error:
        lines = "\n".join(f"> - {html.escape(line)}" for line in error.lines())
        display(Markdown("> **The deflection workbooks need correcting** before this page can "
                         f"be drawn:\n{lines}"))
        return None
    return build(loaded.interventions, loaded.gap, activity.activity, period,
                 organisation=organisation, threshold=threshold, months_under=months_under)


def _needs_inputs(section):
    @functools.wraps(section)
    def wrapper(inputs, *args, **kwargs):
        if inputs is None:
            return Markdown("_Not available: no deflection workbooks._")
        return section(inputs, *args, **kwargs)
    return wrapper


def _table(frame: pd.DataFrame) -> HTML:
    style = ("<style>.pack-table{border-collapse:collapse;font-size:13px}"
             ".pack-table th{background:#005EB8;color:white;padding:4px 8px;"
             "text-align:left !important}"
             ".pack-table td{padding:3px 8px;border-bottom:1px solid #E8EDEE;"
             "text-align:left !important}</style>")
    return HTML(style + frame.to_html(index=False, escape=True, border=0, classes="pack-table",
                                      justify="left"))


def title(inputs: DeflectionInputs | None) -> Markdown:
    """Page title and, when loaded, the organisation, reporting month and notes."""
    if inputs is None:
        return Markdown("# Activity deflection")
    notes = "".join(f"\n\n_{n}_" for n in inputs.notes)
    return Markdown(f"# Activity deflection\n\n**{inputs.organisation}** · transformation "
                    f"programme · reporting month **{inputs.period.strftime('%B %Y')}**{notes}")


@_needs_inputs
def headline(inputs: DeflectionInputs) -> Markdown:
    """Three sentences: the plan, the gap in the last year, realisation and recovery."""
    last = inputs.gap_table.iloc[-1]
    live = inputs.summary[inputs.summary["planned_to_date"] > 0]
    planned, realised = live["planned_to_date"].sum(), live["realised_to_date"].sum()
    flagged = inputs.summary[inputs.summary["in_recovery"]]["intervention"].tolist()
    net = last["net_saving_gbp"]
    text = (
        f"- **{len(inputs.interventions)} interventions** plan a net saving of **{money(net)}** "
        f"in {last['year']}, closing **{last['share_closed']:.0%}** of that year's "
        f"{money(last['gap_gbp'])} gap (left: {money(last['left_gbp'])}).\n"
        f"- To {inputs.period.strftime('%B %Y')}, the {len(live)} live interventions realised "
        f"**{realised / planned:.0%}** of the deflection planned so far.\n"
        f"- **{len(flagged)} in recovery** (realisation under {inputs.threshold:.0%} for "
        f"{inputs.months_under} months or more)" + (f": {', '.join(flagged)}." if flagged else ".")
    )
    return Markdown(text)


@_needs_inputs
def planned_vs_realised(inputs: DeflectionInputs):
    """Planned against realised deflection to date, per live intervention."""
    return figures.planned_vs_realised(
        inputs.summary, title=f"Deflection to {inputs.period.strftime('%B %Y')}: planned "
                              "against realised, by intervention")


@_needs_inputs
def savings_by_year(inputs: DeflectionInputs) -> HTML:
    """Planned activity deflected, gross saving, reinvestment and net saving by theme and year."""
    table = model.summarise(inputs.plan, by=["theme", "financial_year"])
    table["financial_year"] = table["financial_year"].map(calendar.fy_label)
    for column in ("gross_saving_gbp", "reinvestment_gbp", "net_saving_gbp"):
        table[column] = table[column].map(money)
    table["deflected_activity"] = table["deflected_activity"].map(lambda v: f"{v:,.0f}")
    return _table(table.rename(columns={
        "theme": "Theme", "financial_year": "Year", "deflected_activity": "Activity deflected",
        "gross_saving_gbp": "Gross saving", "reinvestment_gbp": "Reinvestment",
        "net_saving_gbp": "Net saving"}))


def _series_title(inputs: DeflectionInputs, series: str) -> str:
    row = inputs.interventions[inputs.interventions[Intervention.intervention_id] == series]
    if len(row):
        return (f"{series} {row[Intervention.intervention].iloc[0]}: "
                f"{row[Intervention.point_of_delivery].iloc[0]}")
    return f"Borough total: {series}"


@_needs_inputs
def tpi_summary(inputs: DeflectionInputs) -> HTML:
    """Every TPI with its variation and assurance icons in words."""
    s = inputs.chart_summary
    table = pd.DataFrame({
        "Indicator": [_series_title(inputs, x) for x in s["series"]],
        "Months": s["points"],
        "Mean a month": s["mean"].map(lambda v: f"{v:,.0f}"),
        "Process limits": [f"{lo:,.0f} to {hi:,.0f}" for lo, hi in zip(s["lpl"], s["upl"])],
        "Variation (latest month)": s["variation_words"],
        "Assurance against the planned level": s["assurance_words"],
    })
    return _table(table)


@_needs_inputs
def tpi_charts(inputs: DeflectionInputs, max_charts: int = 6):
    """SPC charts of the TPIs that need attention: interventions in recovery, then those whose
    latest month is special cause, then the most special-cause points."""
    s = inputs.chart_summary.merge(
        inputs.summary[[Intervention.intervention_id, "in_recovery"]],
        left_on="series", right_on=Intervention.intervention_id, how="left")
    s = s[s[Intervention.intervention_id].notna()].copy()
    s["special_now"] = s["variation"] != "common_cause"
    s = s.sort_values(["in_recovery", "special_now", "special_cause_points"],
                      ascending=False)
    chosen = s["series"].head(max_charts).tolist()
    titles = {x: _series_title(inputs, x) for x in chosen}
    return figures.spc_grid(inputs.chart, inputs.chart_summary, chosen, titles,
                            title="Transformation performance indicators needing attention "
                                  "(lower activity is better)")


@_needs_inputs
def recovery(inputs: DeflectionInputs):
    """Interventions flagged for recovery, or a sentence when none is."""
    if not inputs.summary["in_recovery"].any():
        return Markdown(f"No intervention has realised under {inputs.threshold:.0%} of its plan "
                        f"for {inputs.months_under} months in a row.")
    return figures.recovery_table(
        inputs.summary, title=f"Interventions in recovery: realisation under "
                              f"{inputs.threshold:.0%} for {inputs.months_under}+ months")


@_needs_inputs
def gap_closure(inputs: DeflectionInputs):
    """The financial gap by year, closed by the planned net savings, and left."""
    return figures.gap_closure_chart(
        inputs.gap_table, title=f"The financial gap by year: closed by planned net savings, and "
                                f"left (target: closed by {calendar.fy_label(inputs.last_year)})")


@_needs_inputs
def reduced_aspiration(inputs: DeflectionInputs, scale: float = REDUCED_SCALE):
    """The gap left when every intervention deflects only ``scale`` of its aspiration."""
    reduced = model.reduced_aspiration(scale)
    table = model.compare_gap_closure(inputs.interventions, inputs.gap, [model.PLANNED, reduced])
    last = table[table["financial_year"] == inputs.last_year].set_index("scenario")["left_gbp"]
    return figures.gap_closure_chart(
        table, title=f"{reduced.name}: {money(last[reduced.name])} of the "
                     f"{calendar.fy_label(inputs.last_year)} gap left, against "
                     f"{money(last[model.PLANNED.name])} as planned")
