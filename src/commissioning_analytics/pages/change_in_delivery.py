"""Page 30, change in delivery: the bridge from plan to outturn, plans that contradict the
directors' forecast, months gained or lost per scheme, the next-year effect of slippage; then scenarios side by side, delivery risk and
bring-forward (and the explorer's scenario picker)."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown, display

from .. import style
from ..errors import ConfigError
from ..figures import delivery, savings
from ..figures import scenarios as figures
from ..io.datafolder import RISK_FILE, DataFolder
from ..model import headline as H
from ..month import MonthInputs, plan_tasks
from ..schema import Scheme
from ..style import money, month_label
from ..views import delivery as views
from .common import (
    TABLE_STYLE,
    banner,
    figure,
    html_table,
    needs_month,
    open_month,
    shown_count,
    sources,
    title,
    top_n,
)
from .common import inputs as _common_inputs

__all__ = ["open_month", "title", "inputs", "banner"]


def inputs(month: MonthInputs) -> Markdown:
    """The About note of pages 10-30, plus where page 30's delivery-risk assumptions came from
    (a file name: it belongs here, at the foot, not in the section a director reads)."""
    note = _common_inputs(month)
    if month is None:
        return note
    own = DataFolder(month.data_dir).risk if month.data_dir is not None else None
    source = (
        f"`{own.name}` in the data folder"
        if own is not None and own.is_file()
        else f"the built-in `{RISK_FILE}` (a data folder's own `{RISK_FILE}` replaces it)"
    )
    return Markdown(
        note.data + f"\n\nDelivery risk: slippage and shortfall by rating from {source}."
    )


def _top(frame: pd.DataFrame, size: pd.Series, what: str, n: int):
    """The ``n`` rows of ``frame`` largest by ``size`` (in their order), and a sentence saying
    how many more there are ("" when none): a page stays readable at any register size."""
    if len(frame) <= n:
        return frame, ""
    keep = size.abs().sort_values(ascending=False, kind="stable").index[:n]
    return (
        frame.loc[frame.index.isin(keep)],
        f"The {n} largest of {len(frame):,} {what} are shown.",
    )


def _problems(error: ConfigError, what: str) -> Markdown:
    lines = "\n".join(f"- `{html.escape(line)}`" for line in error.lines())
    return Markdown(f"> **{what}**: please correct these and run the page again.\n\n{lines}")


def _basis(month) -> str:
    """How the outturn is made up, in words (as the headline states it)."""
    if month.actuals is None:
        return "the forecast for the year (no actuals: the outturn is the forecast)"
    return (
        f"the actual to date, April to {style.month_name(month.period)}, plus the forecast "
        "for the months after it"
    )


def _held_table(held: pd.DataFrame, month=None) -> HTML:
    table = pd.DataFrame(
        {
            "Scenario": held["scenario"],
            "Scheme": held["scheme_id"],
            # a scenario's shift is a go-live shift, + later; the register's change in
            # delivery is + earlier (issue 20 item 7): the headers say which
            "Go-live shift asked (months, + later)": held["asked"],
            "Applied (months, + later)": held["applied"],
        }
    )
    if month is not None:
        table["Source"] = sources(month, held["scheme_id"])
    return html_table(table)


def scenarios_side_by_side(month) -> None:
    """Outturn per scenario against the plan, overlaid cumulative curves, and the schemes each
    scenario changes (the selected scenario's, or every scenario's)."""
    if month is None:
        display(Markdown("_Not available: no register._"))
        return
    try:
        scenarios = views.month_scenarios(month)
    except ConfigError as error:
        display(_problems(error, "Some scenario files could not be read"))
        return
    if not scenarios:
        display(
            Markdown(
                f"_No scenarios in the data folder "
                f"(`{DataFolder(month.data_dir or '.').scenarios_dir}`): add "
                "`*.yml` files there to compare them here._"
            )
        )
        return
    chosen, note = views.selected_scenario(month, scenarios)
    if note:
        display(Markdown(note))
    try:
        comparison = views.compare(month, scenarios)
    except ConfigError as error:
        display(_problems(error, "Some scenarios do not fit this register"))
        return
    first = style.month_name(month.period + 1)
    display(
        Markdown(
            f"The outturn for {month.fy} under each scenario, against the year's plan of "
            f"**{money(comparison.target_gbp)}**. The outturn is {_basis(month)} (risk-weighted "
            f"as the forecast is), as in the headline; the gap is plan \u2212 outturn. A change "
            f"can only affect months from **{first}**: the months to "
            f"{style.month_name(month.period)} are reported."
        )
    )
    display(html_table(figures.scenario_totals_table(comparison.totals)))
    display(
        figures.scenario_curves(
            comparison.curves,
            comparison.target_gbp,
            highlight=chosen.name if chosen else "",
            title=f"Cumulative savings by scenario (actual to date, then forecast), {month.fy}",
        )
    )
    held = comparison.held
    if chosen is not None:
        held = held[held.scenario == chosen.name]
    if not held.empty:
        display(
            Markdown(
                f"{len(held)} change{'s' * (len(held) != 1)} held back: nothing moves into a month "
                f"already reported, so a scheme live by {style.month_name(month.period)} does not "
                f"move, and nothing goes live before {first}."
            )
        )
        shown_held, more = _top(
            held, pd.Series(1.0, index=held.index), "changes held back", shown_count(month)
        )
        display(_held_table(shown_held, month))
        if more:
            display(Markdown(more.replace("largest of", "first of")))
    per = comparison.per_scheme
    if chosen is not None:
        per = per[per.scenario == chosen.name]
    if per.empty:
        return
    shown = pd.DataFrame(
        {
            "Scenario": per["scenario"],
            "Scheme": per["scheme_id"] + " " + per["scheme"].astype(str),
            "Theme": per["theme"],
            "Outturn, baseline": per["baseline_in_year_gbp"].map(money),
            "Outturn, scenario": per["in_year_gbp"].map(money),
            "Change in year": per["in_year_change_gbp"].map(lambda v: money(v, signed=True)),
            "Change next year": per["next_year_change_gbp"].map(lambda v: money(v, signed=True)),
            "Source": sources(month, per["scheme_id"]),
        }
    )
    shown, more = _top(shown, per["in_year_change_gbp"], "scheme changes", shown_count(month))
    rest = per.loc[~per.index.isin(shown.index)]
    display(
        Markdown(
            "Schemes whose savings each scenario changes"
            + (
                f" (the largest changes in year first; the other {len(rest):,} change "
                f"the outturn by {money(rest['in_year_change_gbp'].sum(), signed=True)} "
                "in all):"
                if len(rest)
                else ":"
            )
        )
    )
    display(html_table(shown))
    if more:
        display(Markdown(more))


def delivery_risk(month, draws: int = 10_000, seed: int = 2026) -> None:
    """The Monte Carlo from today's position: P10 / P50 / P90 of the outturn and next year, the
    fan from the actual to date, the chance of reaching the plan, and the mean against the
    outturn."""
    if month is None:
        display(Markdown("_Not available: no register._"))
        return
    register, which, _, note = views.scenario_register(month)
    if note:
        display(Markdown(note))
    target = views.target_gbp(month)
    try:
        result, config = views.risk_for(month, register, draws=draws, seed=seed)
    except ConfigError as error:
        display(_problems(error, "The risk settings could not be read"))
        return
    chance = result.prob_reach(target)
    difference = result.mean_gbp - result.outturn_gbp
    if result.calibrated:
        mean = (
            f"Each scheme's draws are scaled so that on average they give its risk-weighted "
            f"forecast (the risk weights already price the expected loss; the simulation "
            f"adds the spread): the mean simulated outturn is **{money(result.mean_gbp)}** "
            f"against the outturn of **{money(result.outturn_gbp)}** "
            f"({money(difference, signed=True)}, sampling error)."
        )
    else:
        mean = (
            f"The draws follow the distributions as written, not scaled to the risk "
            f"weights (`calibrate: false`): the mean simulated outturn is "
            f"**{money(result.mean_gbp)}**, {money(abs(difference))} "
            f"{'below' if difference < 0 else 'above'} the outturn of "
            f"**{money(result.outturn_gbp)}**: what those distributions take off "
            f"{'beyond' if difference < 0 else 'less than'} the risk weights."
        )
    to_date = (
        "the actual to date" if month.actuals is not None else "the forecast to date (no actuals)"
    )
    display(
        Markdown(
            f"{draws:,} simulated years of {which} from today's position: {to_date}, "
            f"**{money(result.actual_to_date_gbp)}** April to {style.month_name(month.period)}, is "
            f"fixed; a scheme live by then cannot slip; only the months after it are uncertain. "
            f"Each scheme not yet live may slip, and every scheme may deliver less than its "
            f"full-year effect in the months left, more often the worse its overall rating. "
            f"{mean} Chance of reaching the plan of **{money(target)}**: **{chance:.0%}**. "
            f"How often schemes slip, and by how much they fall short, by rating: the pack's "
            f"stated risk assumptions (named in About this page)."
        )
    )
    display(html_table(figures.risk_table(result.percentiles(), month.fy)))
    display(
        figures.risk_fan(
            result.fan(),
            target,
            prob_reach=chance,
            outturn_gbp=result.outturn_gbp,
            title=f"How sure are we? Cumulative savings, {month.fy}",
        )
    )


def bring_forward_plan(month) -> None:
    """Which schemes to bring forward, and by how many months, to reach the plan from the
    outturn; or how far short the best plan stays."""
    if month is None:
        display(Markdown("_Not available: no register._"))
        return
    register, which, _, note = views.scenario_register(month)
    if note:
        display(Markdown(note))
    plan = views.bring_forward_for(month, register)
    display(
        Markdown(
            f"Working on {which}; the outturn is {_basis(month)}. {plan.summary()} "
            "Limits: phase 1 schemes cannot move; phase 2 by up to 1 month, phase 3 "
            "by 2, phase 4 by 3; a scheme live by the reporting month cannot move and "
            f"none goes live before {style.month_name(month.period + 1)} (the month "
            "after this report)."
        )
    )
    if not plan.moves.empty:
        moves, more = _top(
            plan.moves, plan.moves["gain_gbp"], "schemes to bring forward", shown_count(month)
        )
        moves = moves.assign(source=sources(month, moves["scheme_id"]))
        display(html_table(figures.bring_forward_table(moves)))
        if more:
            rest = plan.moves.loc[~plan.moves.index.isin(moves.index)]
            display(
                Markdown(
                    f"{more} The other {len(rest):,} together move "
                    f"{int(rest.months_forward.sum()):,} "
                    f"months and gain {money(rest.gain_gbp.sum())}."
                )
            )


def scenario_picker(month):
    """The explorer's scenario picker: choose a scenario, see its curve against the baseline and
    the target, its totals and the schemes it changes."""
    # widgets only in the explorer notebook: the pack's kernels never pay for ipywidgets
    import ipywidgets as W
    import plotly.graph_objects as go

    if month is None:
        return Markdown("_No register: nothing to explore._")
    try:
        scenarios = views.month_scenarios(month)
        comparison = views.compare(month, scenarios)
    except ConfigError as error:
        return _problems(error, "Some scenario files could not be used")
    names = list(comparison.totals.scenario)
    labels = [style.month_label(m) for m in comparison.curves.month.iloc[:12]]
    chosen, _ = views.selected_scenario(month, scenarios)
    picker = W.Dropdown(
        options=names, value=chosen.name if chosen else names[-1], description="Scenario"
    )
    base = comparison.curves[comparison.curves.scenario == names[0]]
    first = comparison.curves[comparison.curves.scenario == picker.value]
    # Traces and layout in the constructor: a FigureWidget inside a box only sends the
    # frontend what it held when created (see explorer.Explorer).
    fig = go.FigureWidget(
        data=[
            go.Scatter(
                x=labels,
                y=base.cumulative_gbp.to_numpy(),
                name="Baseline (forecast)",
                line=dict(color=style.SERIES["forecast"], width=3),
            ),
            go.Scatter(
                x=labels,
                y=first.cumulative_gbp.to_numpy(),
                name=picker.value,
                line=dict(color=style.CATEGORY_COLOURS[0], width=3, dash="dot"),
            ),
            go.Scatter(
                x=[labels[0], labels[-1]],
                y=[comparison.target_gbp] * 2,
                name="Plan (target)",
                line=dict(color=style.SERIES["plan"], dash="dash"),
            ),
        ],
        layout=go.Layout(
            title="Cumulative savings: baseline and scenario",
            xaxis_title="Month (April to March)",
            yaxis_title="Cumulative saving (£)",
            height=430,
            legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
            margin=dict(t=90),
        ),
    )
    details = W.HTML()

    def update(*_):
        name = picker.value
        rows = comparison.curves[comparison.curves.scenario == name]
        with fig.batch_update():
            fig.data[1].x = labels  # x and y together: the line keeps its months
            fig.data[1].y = rows.cumulative_gbp.to_numpy()
            fig.data[1].name = name
        total = figures.scenario_totals_table(
            comparison.totals[comparison.totals.scenario.isin([names[0], name])]
        )
        per = comparison.per_scheme[comparison.per_scheme.scenario == name]
        changed = (
            f"<p>{len(per)} scheme{'s' * (len(per) != 1)} changed.</p>" if name != names[0] else ""
        )
        details.value = (
            TABLE_STYLE + total.to_html(index=False, border=0, classes="pack-table") + changed
        )

    picker.observe(update, names="value")
    update()
    return W.VBox([picker, fig, details])


# -- change in delivery ---------------------------------------------------------------------


@needs_month
def delivery_waterfall(month: MonthInputs):
    """The bridge from the plan to the outturn: weighting, slippage, actuals against the
    forecast to date (the same figures as page 10 and the index)."""
    return savings.bridge(H.bridge(month))


@needs_month
def plans_against_forecast(month: MonthInputs) -> HTML | Markdown:
    """Schemes whose project plan starts the service later than the directors' forecast, with
    the £ effect, and the plan-adjusted forecast beside the directors' one."""
    tasks, notes = plan_tasks(month)
    check = H.plan_check(month, tasks)
    if month.plan_driven_schemes:
        notes.append(
            f"The headline forecast follows the project plans (setting forecast: "
            f"plans) for schemes {', '.join(month.plan_driven_schemes)}."
        )
    extra = "".join(f"<p><em>{html.escape(n)}</em></p>" for n in notes)
    if tasks is None:
        return HTML(
            extra + "<p>No project plans in the data folder: nothing to check the "
            "directors' forecast against.</p>"
        )
    h = H.headline(month)
    table = check.contradictions
    if table.empty:
        return HTML(
            extra + "<p>No linked plan starts a service later than the directors' "
            f"forecast: the forecast of {figure(h, 'forecast_in_year')} stands.</p>"
        )
    n = len(table)
    text = (
        f"<p>{n} scheme{'s' if n != 1 else ''}' plans start the service later than the "
        f"register's go-live plus the directors' change in delivery: together "
        f'<b data-figure="plan_contradictions_gbp">{html.escape(money(check.effect_gbp))}'
        f"</b> less in year. Directors' forecast (the headline): "
        f"{figure(h, 'forecast_in_year')}; <b>plan-adjusted forecast</b>: "
        f'<b data-figure="plan_adjusted_forecast">'
        f"{html.escape(money(check.plan_adjusted_forecast))}</b>; outturn "
        f"{figure(h, 'forecast_outturn')} against a plan-adjusted outturn of "
        f'<b data-figure="plan_adjusted_outturn">'
        f"{html.escape(money(check.plan_adjusted_outturn))}</b>.</p>"
    )
    n_shown, cut = shown_count(month), ""
    if len(table) > n_shown:
        rest = len(table) - n_shown
        table = top_n(
            table,
            "effect_gbp",
            n_shown,
            keep_order=True,
            others=f"All {rest:,} other schemes whose plans start later",
        )
        cut = (
            f"The {n_shown} schemes whose plans take most off the forecast are listed; all "
            f"the other {rest:,} are added up in the last row; every scheme is in the "
            "workbook (sheet plan_contradictions)."
        )
    named = table["scheme_id"].notna()

    def when(column):
        return [month_label(m) if ok else "" for m, ok in zip(table[column], named)]

    shown = pd.DataFrame(
        {
            "Scheme": (
                table["scheme_id"].fillna("") + " " + table["scheme"].astype(str)
            ).str.strip(),
            "Register go-live": when("go_live"),
            "Directors' forecast start": when("directors_go_live"),
            "Plan: service commences": when("plan_go_live"),
            "Directors' forecast in year": table["forecast_gbp"].map(money),
            "Plan-adjusted in year": table["plan_forecast_gbp"].map(money),
            "Effect": table["effect_gbp"].map(lambda v: money(-v, signed=True)),
            "Register row": table["source"].fillna(""),
        }
    )
    return HTML(extra + text + html_table(shown, caption=cut).data)


def _delivery_shown(month: MonthInputs, table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The schemes of :func:`views.delivery.delivery_by_scheme` whose change in delivery moves most
    saving this year (setting ``top_n``, in the table's order: largest loss first) and one
    row adding up all the others; and a sentence saying so ("" when every scheme is shown)."""
    n = shown_count(month)
    if len(table) <= n:
        return table, ""
    rest = len(table) - n
    return (
        top_n(
            table,
            "in_year_effect_gbp",
            n,
            keep_order=True,
            others=f"All {rest:,} other schemes with a change",
        ),
        f"The {n} schemes whose change in delivery moves most saving this year are shown "
        f"of {len(table):,}; all the other {rest:,} are added up in the last row; every "
        "scheme is in the workbook (sheet change_in_delivery).",
    )


@needs_month
def months_gained(month: MonthInputs):
    table = views.delivery_by_scheme(month)
    if table.empty:
        return Markdown("No scheme has a change in delivery this month.")
    lost = int((table["change_months"] < 0).sum())
    gained = int((table["change_months"] > 0).sum())
    table, cut = _delivery_shown(month, table)
    table = table.assign(source=sources(month, table[Scheme.scheme_id]))
    fig = delivery.months_gained(
        table,
        title=f"Months of saving gained or lost: {lost:,} schemes slipping, {gained:,} "
        "ahead" + (f"<br><sup>{style.wrap(cut, 110)}</sup>" if cut else ""),
    )
    return fig.update_layout(margin_t=110) if cut else fig  # room for the subtitle's lines


@needs_month
def next_year_effect(month: MonthInputs):
    table = views.next_year_effect(month)
    moved = table["slippage_into_next_year_gbp"].sum()
    return delivery.next_year(
        table,
        title=f"Next year: slippage moves {money(moved)} of saving into "
        f"{month.year + 1}/{(month.year + 2) % 100:02d}",
    )


@needs_month
def delivery_table(month: MonthInputs):
    table = views.delivery_by_scheme(month)
    if table.empty:
        return Markdown("No scheme has a change in delivery this month.")
    table, cut = _delivery_shown(month, table)
    table = table.assign(
        source=sources(month, table[Scheme.scheme_id]),
        scheme_id=table[Scheme.scheme_id].fillna(""),
        theme=table[Scheme.theme].fillna(""),
        months_in_year=table["months_in_year"].map(lambda m: f"{m:g}"),
        change_months=table["change_months"].map(lambda m: f"{m:+g}"),
        effective_months=table["effective_months"].map(lambda m: f"{m:g}"),
    )
    return html_table(
        table,
        ["in_year_effect_gbp", "next_year_effect_gbp"],
        {
            "scheme_id": "No",
            "scheme": "Scheme",
            "theme": "Theme",
            "months_in_year": "Planned months",
            "change_months": "Change (months)",
            "effective_months": "Forecast months",
            "in_year_effect_gbp": "Effect this year",
            "next_year_effect_gbp": "Effect next year",
            "source": "Register row",
        },
        caption=cut,
    )
