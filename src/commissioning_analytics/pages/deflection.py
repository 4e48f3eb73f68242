"""The deflection page of the monthly pack: one function per section, inputs loaded once.

:func:`open_deflection` reads ``deflection/interventions.xlsx`` and ``deflection/activity.xlsx``
of a data folder with :func:`views.deflection.load`, which computes everything the page shows
(plan, realisation in activity and in pounds, the gap by year, SPC of the indicators). The
workbooks are an optional input: when they are absent, invalid or cannot be read at all, the
page says why in one note (and a line goes to stderr) and every section shows a one-line note
instead of failing, so the pack goes on.
Sections return a plotly Figure or an ``IPython.display`` object, so a notebook cell ends with
one call. Money in pounds; financial years named by their starting year (2025 = 2025/26).
Activity is only ever added within one point of delivery: the programme's totals are in pounds.
"""

from __future__ import annotations

import functools
import html

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown, display

from .. import calendar
from ..figures import deflection as figures
from ..io.datafolder import ORGANISATION
from ..model import deflection as model
from ..model import spc
from ..schema import POINTS_OF_DELIVERY, Intervention
from ..style import NHS_BLUE, NHS_PALE_GREY, money, month_label, month_name
from ..views.deflection import (
    SPC_OPTIONS,
    DeflectionInputs,
    attention,
    load,
    series_title,
)

REDUCED_SCALE = 0.75


def open_deflection(
    period: str,
    data_dir: str,
    *,
    organisation: str = ORGANISATION,
    threshold: float = model.RECOVERY_THRESHOLD,
    months_under: int = model.RECOVERY_MONTHS,
) -> DeflectionInputs | None:
    """:func:`load`, showing its note on the page when the inputs cannot be used."""
    inputs, note = load(
        period, data_dir, organisation=organisation, threshold=threshold, months_under=months_under
    )
    if note:
        display(Markdown(note))
    return inputs


def _needs_inputs(section):
    @functools.wraps(section)
    def wrapper(inputs, *args, **kwargs):
        if inputs is None:
            return Markdown(
                "_Not available: the deflection workbooks could not be used "
                "(see the note under the title)._"
            )
        return section(inputs, *args, **kwargs)

    return wrapper


_TABLE_STYLE = (
    f"<style>.pack-table{{border-collapse:collapse;font-size:13px}}"
    f".pack-table th{{background:{NHS_BLUE};color:white;padding:4px 8px;"
    f"text-align:left !important;vertical-align:bottom}}"
    f".pack-table td{{padding:3px 8px;border-bottom:1px solid {NHS_PALE_GREY};"
    f"text-align:left !important;vertical-align:middle}}"
    f".pack-table td.num{{text-align:right !important}}</style>"
)


def _table(frame: pd.DataFrame, raw: tuple[str, ...] = (), numeric: tuple[str, ...] = ()) -> HTML:
    """An HTML table; cells of ``raw`` columns are trusted markup (the icons), the rest escaped;
    ``numeric`` columns right-aligned."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for values in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, values):
            text = str(value) if column in raw else html.escape("" if value is None else str(value))
            cls = ' class="num"' if column in numeric else ""
            cells.append(f"<td{cls}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return HTML(
        _TABLE_STYLE + f'<table class="pack-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def title(inputs: DeflectionInputs | None) -> Markdown:
    """Page title and, when loaded, the organisation, reporting month and notes."""
    if inputs is None:
        return Markdown("# Activity deflection")
    notes = "".join(f"\n\n_{n}_" for n in inputs.notes)
    return Markdown(
        f"# Activity deflection\n\n**{inputs.organisation}** · transformation "
        f"programme · reporting month **{month_name(inputs.period)}**{notes}"
    )


def _names(frame: pd.DataFrame) -> str:
    names = list(frame[Intervention.intervention])
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


@_needs_inputs
def headline(inputs: DeflectionInputs) -> Markdown:
    """The programme in pounds: realised net saving to date against plan, the gap by year
    (realised for the year gone, planned with and without interventions not yet started), the
    interventions that cost more than they save, and those in recovery."""
    s = inputs.summary
    live = s[s["months_live"] > 0]
    planned, realised = (
        live["planned_net_to_date_gbp"].sum(),
        live["realised_net_to_date_gbp"].sum(),
    )
    reinvestment = live["reinvestment_to_date_gbp"].sum()
    share = f" (**{realised / planned:.0%}**)" if planned > 0 else ""
    lines = [
        # "to date" here runs from each intervention's start, not April of this year as on
        # the savings pages (issue 20 item 7): said so
        f"- From each intervention's start (the first in "
        f"{month_name(inputs.interventions[Intervention.mobilisation_month].min())}) to "
        f"{month_name(inputs.period)}, the {len(live)} interventions running realised a "
        f"net saving of **{money(realised)}** against **{money(planned)}** planned{share}. Both "
        f"are after the {money(reinvestment)} paid for the new services, which is paid whatever "
        f"the deflection."
    ]
    position = inputs.position
    gone = position[position["basis"] == "realised"]
    if len(gone):
        last_gone = gone.iloc[-1]
        planned_then = inputs.gap_table.set_index("year").loc[last_gone["year"], "net_saving_gbp"]
        lines.append(
            f"- {last_gone['year']} (over): the net saving realised, **{money(last_gone['realised_gbp'])}**"
            f", closed **{last_gone['share_closed']:.0%}** of its {money(last_gone['gap_gbp'])} "
            f"gap (the plan was {money(planned_then)})."
        )
    last = position.iloc[-1]
    not_started = inputs.interventions[
        inputs.interventions[Intervention.mobilisation_month] > inputs.period
    ]
    line = (
        f"- {last['year']}: as planned, the net saving of **{money(last['net_saving_gbp'])}** "
        f"closes **{last['share_closed']:.0%}** of the {money(last['gap_gbp'])} gap"
    )
    if len(not_started) and abs(last["planned_not_mobilised_gbp"]) >= 0.5:
        line += (
            f"; {money(last['planned_not_mobilised_gbp'])} of it is planned from "
            f"{len(not_started)} interventions not started yet ({_names(not_started)}): "
            f"without them, **{last['share_closed_without_not_mobilised']:.0%}**"
        )
    lines.append(line + ".")
    losing = inputs.full_year[inputs.full_year["net_saving_gbp"] < 0]
    if len(losing):
        lines.append(
            f"- **{len(losing)} intervention{'s' if len(losing) != 1 else ''} cost "
            f"more than {'they save' if len(losing) != 1 else 'it saves'}** at full "
            "effect: "
            + ", ".join(
                f"{name} ({money(net)} a year)"
                for name, net in zip(losing[Intervention.intervention], losing["net_saving_gbp"])
            )
            + "."
        )
    flagged = s[s["in_recovery"]]
    lines.append(
        f"- **{len(flagged)} in recovery** (realisation under {inputs.threshold:.0%} for "
        f"{inputs.months_under} months or more)"
        + (f": {_names(flagged)}." if len(flagged) else ".")
    )
    return Markdown("\n".join(lines))


@_needs_inputs
def activity_by_point_of_delivery(inputs: DeflectionInputs) -> HTML:
    """Activity deflected to date, planned against realised, one point of delivery a row (bed
    days, attendances, admissions and appointments are never added together)."""
    live = inputs.summary[inputs.summary["planned_to_date"] > 0]
    table = live.groupby(Intervention.point_of_delivery, observed=True)[
        ["planned_to_date", "realised_to_date"]
    ].sum()
    count = live.groupby(Intervention.point_of_delivery, observed=True).size()
    table = table.reindex([p for p in POINTS_OF_DELIVERY if p in table.index])
    shown = pd.DataFrame(
        {
            "Point of delivery": table.index,
            "Interventions": count.reindex(table.index).to_numpy(),
            "Planned to date": [f"{v:,.0f}" for v in table["planned_to_date"]],
            "Realised to date": [f"{v:,.0f}" for v in table["realised_to_date"]],
            "Realised, share of plan": [
                f"{r / p:.0%}" if p > 0 else "-"
                for p, r in zip(table["planned_to_date"], table["realised_to_date"])
            ],
        }
    )
    return _table(
        shown,
        numeric=("Interventions", "Planned to date", "Realised to date", "Realised, share of plan"),
    )


@_needs_inputs
def planned_vs_realised(inputs: DeflectionInputs):
    """Planned against realised deflection to date, per live intervention, one panel (and one
    unit) per point of delivery."""
    return figures.planned_vs_realised(
        inputs.summary,
        title=f"Deflection to {month_label(inputs.period)}: planned against "
        "realised, by point of delivery",
    )


@_needs_inputs
def net_saving_to_date(inputs: DeflectionInputs):
    """Planned against realised net saving to date per intervention, in pounds."""
    return figures.net_saving_to_date(
        inputs.summary,
        title=f"Net saving to {month_label(inputs.period)}: planned against "
        "realised, by intervention",
    )


@_needs_inputs
def losing_interventions(inputs: DeflectionInputs):
    """Interventions whose new service costs more than the activity it deflects saves."""
    losing = inputs.full_year[inputs.full_year["net_saving_gbp"] < 0]
    if not len(losing):
        return Markdown("Every intervention saves more than its new service costs, at full effect.")
    to_date = inputs.summary.set_index(Intervention.intervention_id)
    shown = pd.DataFrame(
        {
            "Intervention": losing[Intervention.intervention],
            "Theme": losing[Intervention.theme],
            "Started": [month_label(m) for m in losing[Intervention.mobilisation_month]],
            "Saving a year at full effect": losing["gross_saving_gbp"].map(money),
            "Cost of the new service a year": losing["reinvestment_gbp"].map(money),
            "Net saving a year": losing["net_saving_gbp"].map(money),
            "Net saving realised to date": [
                money(to_date.loc[i, "realised_net_to_date_gbp"])
                for i in losing[Intervention.intervention_id]
            ],
        }
    )
    return _table(shown, numeric=tuple(shown.columns[3:]))


@_needs_inputs
def savings_by_year(inputs: DeflectionInputs) -> HTML:
    """Planned activity deflected (one column per point of delivery: never added across them),
    gross saving, reinvestment and net saving, by theme and year."""
    plan = inputs.plan
    activity = plan[plan["measure"] == "deflected_activity"].pivot_table(
        index=["theme", "financial_year"],
        columns=Intervention.point_of_delivery,
        values="value",
        aggfunc="sum",
        observed=True,
    )
    pods = [p for p in POINTS_OF_DELIVERY if p in activity.columns]
    money_table = model.summarise(plan, by=["theme", "financial_year"]).set_index(
        ["theme", "financial_year"]
    )
    shown = pd.DataFrame(index=money_table.index)
    for pod in pods:
        values = activity[pod].reindex(shown.index)
        shown[pod] = [f"{v:,.0f}" if np.isfinite(v) and v else "" for v in values]
    shown["Gross saving"] = money_table["gross_saving_gbp"].map(money)
    shown["Reinvestment"] = money_table["reinvestment_gbp"].map(money)
    shown["Net saving"] = money_table["net_saving_gbp"].map(money)
    shown = shown.reset_index()
    shown["financial_year"] = shown["financial_year"].map(calendar.fy_label)
    shown = shown.rename(columns={"theme": "Theme", "financial_year": "Year"})
    return _table(shown, numeric=tuple(pods) + ("Gross saving", "Reinvestment", "Net saving"))


def _limits(lo: float, hi: float) -> str:
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return "too few months since the start"
    return f"{lo:,.0f} to {hi:,.0f}"


def _indicator_table(inputs: DeflectionInputs, s: pd.DataFrame, reason: bool = False) -> HTML:
    frame = pd.DataFrame(
        {
            "Indicator": [series_title(inputs, x) for x in s["series"]],
            "Icons": [figures.icons_html(row) for _, row in s.iterrows()],
            "Variation (latest month)": s["variation_words"],
            "Assurance against the planned level": s["assurance_words"],
            "Average a month (latest limits)": s["mean"].map(
                lambda v: f"{v:,.0f}" if np.isfinite(v) else "-"
            ),
            "Process limits": [_limits(lo, hi) for lo, hi in zip(s["lpl"], s["upl"])],
        }
    )
    if reason:
        frame.insert(1, "Why it needs attention", s["reason"].str.capitalize())
    return _table(frame, raw=("Icons",), numeric=("Average a month (latest limits)",))


@_needs_inputs
def tpi_summary(inputs: DeflectionInputs) -> HTML:
    """Every indicator with its variation and assurance icons, drawn and in words."""
    return _indicator_table(inputs, inputs.chart_summary)


@_needs_inputs
def needing_attention(inputs: DeflectionInputs) -> HTML | Markdown:
    """The indicators needing attention, worst first, with why."""
    s = attention(inputs)
    if not len(s):
        return Markdown(
            "No indicator needs attention: no special-cause concern, and every "
            "intervention's limits sit on the right side of its planned level."
        )
    return _indicator_table(inputs, s, reason=True)


@_needs_inputs
def tpi_charts(inputs: DeflectionInputs, max_charts: int | None = None):
    """SPC charts of every indicator needing attention, worst first (all of them unless
    ``max_charts`` is given)."""
    s = attention(inputs)
    chosen = s["series"].tolist()[:max_charts]
    if not chosen:
        return Markdown("_No indicator needs attention this month._")
    titles = {x: series_title(inputs, x) for x in chosen}
    return figures.spc_grid(
        inputs.chart,
        inputs.chart_summary,
        chosen,
        titles,
        title=f"Indicators needing attention, worst first ({len(chosen)}); "
        "lower activity is better",
    )


@_needs_inputs
def recovery(inputs: DeflectionInputs):
    """Interventions flagged for recovery, or a sentence when none is."""
    if not inputs.summary["in_recovery"].any():
        return Markdown(
            f"No intervention has realised under {inputs.threshold:.0%} of its plan "
            f"for {inputs.months_under} months in a row."
        )
    return figures.recovery_table(
        inputs.summary,
        title=f"Interventions in recovery: realisation under "
        f"{inputs.threshold:.0%} for {inputs.months_under}+ months",
    )


@_needs_inputs
def gap_closure(inputs: DeflectionInputs):
    """The financial gap by year: realised net saving for the years gone, realised to date plus
    plan this year, plan to come, with interventions not yet started apart."""
    return figures.gap_position_chart(
        inputs.position,
        inputs.period,
        title=f"The financial gap by year: realised and planned net savings (target: closed by "
        f"{calendar.fy_label(inputs.last_year)})",
    )


@_needs_inputs
def reduced_aspiration(inputs: DeflectionInputs, scale: float = REDUCED_SCALE):
    """The gap left, as planned, when every intervention deflects only ``scale`` of its
    aspiration."""
    reduced = model.reduced_aspiration(scale)
    table = model.compare_gap_closure(inputs.interventions, inputs.gap, [model.PLANNED, reduced])
    last = table[table["financial_year"] == inputs.last_year].set_index("scenario")["left_gbp"]
    return figures.gap_closure_chart(
        table,
        title=f"{reduced.name}: {money(last[reduced.name])} of the "
        f"{calendar.fy_label(inputs.last_year)} gap left, against "
        f"{money(last[model.PLANNED.name])} as planned",
    )


def about(inputs: DeflectionInputs | None = None) -> Markdown:
    """How the page's figures are made, for analysts (at the foot of the page)."""
    rule = (
        "a point beyond a limit also counts"
        if SPC_OPTIONS.two_of_three_counts_outside
        else "only points between the near and the process limits count; a point beyond a "
        "limit is already a special cause of its own"
    )
    return Markdown(
        "**About this page.** Realised deflection is the activity expected without the "
        "intervention (the pattern by month and the growth before it started) less the activity "
        "reported. Savings are deflection times the unit cost saved; the net saving takes off "
        "the cost of the new service, paid from its first month whatever it deflects. Activity "
        "is added only within one point of delivery; the programme's totals are in pounds. "
        "Statistical process control follows NHS England's *Making Data Count*: mean and "
        "process limits (the mean plus or minus 2.66 times the average moving range, "
        "recalculated from each intervention's start); special causes are a point beyond a "
        "limit, seven points in a row rising or falling, two of three points near a limit on "
        f"the same side ({rule}: the default, as the NHS-R Community's reference), or seven "
        "points in a row on one side of the mean. Assurance compares the latest limits with "
        "the planned level in the reporting month; an intervention has no planned level before "
        f"it starts. {spc.ATTENTION_RULE.capitalize()}."
    )
