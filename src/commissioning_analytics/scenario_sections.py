"""Pack sections for scenarios, delivery risk and bringing schemes forward; the explorer's
scenario picker.

One call per notebook section, each taking the page's
:class:`~commissioning_analytics.report.MonthInputs` (``None`` when the data folder has no
register: a short note instead). Scenarios come from the data folder's ``scenarios/*.yml``
(:meth:`DataFolder.scenarios`); the notebooks' ``scenario`` parameter (a file stem or a
scenario's name) highlights one in the comparison, and the risk and bring-forward sections are
then worked on that scenario's register. The year's target is the plan in year. A data folder
may carry its own ``risk.yml`` (shaped like the package's) for the delivery-risk section.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from .datafolder import DataFolder
from .errors import ConfigError
from .figures import money
from .figures import scenarios as figures
from .model.bring_forward import bring_forward
from .model.risk import default_risk, load_risk_config, simulate
from .scenarios import Scenario, apply_scenario, compare_scenarios, find_scenario, load_scenarios

RISK_FILE = "risk.yml"  # a data folder's own slippage and shortfall by RAG, if it has one

_STYLE = ("<style>.pack-table{border-collapse:collapse;font-size:13px}"
          ".pack-table th{background:#005EB8;color:white;padding:4px 8px;text-align:left}"
          ".pack-table td{padding:3px 8px;border-bottom:1px solid #E8EDEE}</style>")


def _html_table(frame: pd.DataFrame) -> HTML:
    return HTML(_STYLE + frame.to_html(index=False, escape=True, border=0, classes="pack-table"))


def _problems(error: ConfigError, what: str) -> Markdown:
    lines = "\n".join(f"- `{html.escape(line)}`" for line in error.lines())
    return Markdown(f"> **{what}**: please correct these and run the page again.\n\n{lines}")


def target_gbp(month) -> float:
    """The year's target: the plan in year of the baseline register, pounds."""
    return float(month.plan.in_year.sum())


def month_scenarios(month) -> list[Scenario]:
    """The data folder's scenarios (``[]`` when it has none).

    Raises:
        ConfigError: every problem of every scenario file.
    """
    if month.data_dir is None:
        return []
    return load_scenarios(DataFolder(month.data_dir).scenarios())


def _selected(month, scenarios: list[Scenario]) -> tuple[Scenario | None, str]:
    """The scenario the page's ``scenario`` parameter names, and a note if it names none."""
    if not getattr(month, "scenario", ""):
        return None, ""
    try:
        return find_scenario(scenarios, month.scenario), ""
    except ConfigError as error:
        return None, f"> {error.lines()[0]}. The baseline is shown."


def _register(month):
    """The register the risk and bring-forward sections work on, and its name."""
    try:
        chosen, note = _selected(month, month_scenarios(month))
    except ConfigError:
        chosen, note = None, "> The scenario files have problems (see Scenarios side by side)."
    if chosen is None:
        return month.register, "the register as it stands", chosen, note
    return apply_scenario(month.register, chosen), f"scenario **{chosen.name}**", chosen, note


def scenarios_side_by_side(month) -> None:
    """Totals per scenario against the target, overlaid cumulative curves, and the schemes each
    scenario changes (the selected scenario's, or every scenario's)."""
    if month is None:
        display(Markdown("_Not available: no register._"))
        return
    try:
        scenarios = month_scenarios(month)
    except ConfigError as error:
        display(_problems(error, "Some scenario files could not be read"))
        return
    if not scenarios:
        display(Markdown(f"_No scenarios in the data folder "
                         f"(`{DataFolder(month.data_dir or '.').scenarios_dir}`): add "
                         "`*.yml` files there to compare them here._"))
        return
    chosen, note = _selected(month, scenarios)
    if note:
        display(Markdown(note))
    try:
        comparison = compare_scenarios(month.register, month.year, scenarios,
                                       target_gbp=target_gbp(month), weights=month.weights)
    except ConfigError as error:
        display(_problems(error, "Some scenarios do not fit this register"))
        return
    display(Markdown(f"Forecast savings in {month.fy} under each scenario, against the year's "
                     f"plan of **{money(comparison.target_gbp)}** (risk-weighted as the "
                     "forecast is)."))
    display(_html_table(figures.scenario_totals_table(comparison.totals)))
    display(figures.scenario_curves(
        comparison.curves, comparison.target_gbp, highlight=chosen.name if chosen else "",
        title=f"Cumulative forecast savings by scenario, {month.fy}"))
    per = comparison.per_scheme
    if chosen is not None:
        per = per[per.scenario == chosen.name]
    if per.empty:
        return
    shown = pd.DataFrame({
        "Scenario": per["scenario"], "Scheme": per["scheme_id"] + " " + per["scheme"].astype(str),
        "Theme": per["theme"], "In year, baseline": per["baseline_in_year_gbp"].map(money),
        "In year, scenario": per["in_year_gbp"].map(money),
        "Change in year": per["in_year_change_gbp"].map(money),
        "Change next year": per["next_year_change_gbp"].map(money)})
    display(Markdown("Schemes whose savings each scenario changes:"))
    display(_html_table(shown))


def delivery_risk(month, draws: int = 10_000, seed: int = 2026) -> None:
    """The Monte Carlo's P10 / P50 / P90 for the year and the next, the fan chart and the
    chance of reaching the plan."""
    if month is None:
        display(Markdown("_Not available: no register._"))
        return
    register, which, _, note = _register(month)
    if note:
        display(Markdown(note))
    target = target_gbp(month)
    own = DataFolder(month.data_dir).root / RISK_FILE if month.data_dir is not None else None
    try:
        config = load_risk_config(own) if own is not None and own.is_file() else default_risk()
    except ConfigError as error:
        display(_problems(error, "The risk settings could not be read"))
        return
    result = simulate(register, month.year, draws=draws, seed=seed, as_of=month.period,
                      config=config)
    chance = result.prob_reach(target)
    display(Markdown(
        f"{draws:,} simulated years of {which}: each scheme not yet live may slip and may "
        f"deliver less than its full-year effect, more often the worse its overall rating. "
        f"Chance of reaching the plan of **{money(target)}**: **{chance:.0%}**. "
        f"Slippage and shortfall by rating from `{Path(config.source).name}`."))
    display(_html_table(figures.risk_table(result.percentiles(), month.fy)))
    display(figures.risk_fan(result.fan(), target, prob_reach=chance,
                             title=f"How sure are we? Cumulative savings, {month.fy}"))


def bring_forward_plan(month) -> None:
    """Which schemes to bring forward, and by how many months, to reach the plan; or how far
    short the best plan stays."""
    if month is None:
        display(Markdown("_Not available: no register._"))
        return
    register, which, _, note = _register(month)
    if note:
        display(Markdown(note))
    plan = bring_forward(register, month.year, target_gbp(month), weights=month.weights,
                         as_of=month.period)
    display(Markdown(f"Working on {which}. {plan.summary()} Limits: phase 1 schemes cannot "
                     "move; phase 2 by up to 1 month, phase 3 by 2, phase 4 by 3; none before "
                     f"{(month.period + 1).strftime('%B %Y')} (the month after this report)."))
    if not plan.moves.empty:
        display(_html_table(figures.bring_forward_table(plan.moves)))


def scenario_picker(month):
    """The explorer's scenario picker: choose a scenario, see its curve against the baseline and
    the target, its totals and the schemes it changes."""
    import ipywidgets as W
    import plotly.graph_objects as go

    from .figures import NHS_DARK_BLUE, NHS_ORANGE, NHS_RED

    if month is None:
        return Markdown("_No register: nothing to explore._")
    try:
        scenarios = month_scenarios(month)
        comparison = compare_scenarios(month.register, month.year, scenarios,
                                       target_gbp=target_gbp(month), weights=month.weights)
    except ConfigError as error:
        return _problems(error, "Some scenario files could not be used")
    names = list(comparison.totals.scenario)
    labels = [m.strftime("%b %Y") for m in comparison.curves.month.iloc[:12]]
    chosen, _ = _selected(month, scenarios)
    picker = W.Dropdown(options=names, value=chosen.name if chosen else names[-1],
                        description="Scenario")
    fig = go.FigureWidget()
    base = comparison.curves[comparison.curves.scenario == names[0]]
    fig.add_scatter(x=labels, y=base.cumulative_gbp.to_numpy(), name="Baseline",
                    line=dict(color=NHS_DARK_BLUE, width=3))
    fig.add_scatter(x=labels, y=base.cumulative_gbp.to_numpy(), name="Scenario",
                    line=dict(color=NHS_ORANGE, width=3, dash="dot"))
    fig.add_scatter(x=[labels[0], labels[-1]], y=[comparison.target_gbp] * 2, name="Target",
                    line=dict(color=NHS_RED, dash="dash"))
    fig.update_layout(title="Cumulative forecast savings: baseline and scenario",
                      xaxis_title="Month (April to March)", yaxis_title="Cumulative saving (£)",
                      height=430)
    details = W.HTML()

    def update(*_):
        name = picker.value
        rows = comparison.curves[comparison.curves.scenario == name]
        with fig.batch_update():
            fig.data[1].y = rows.cumulative_gbp.to_numpy()
            fig.data[1].name = name
        total = figures.scenario_totals_table(
            comparison.totals[comparison.totals.scenario.isin([names[0], name])])
        per = comparison.per_scheme[comparison.per_scheme.scenario == name]
        changed = (f"<p>{len(per)} scheme{'s' * (len(per) != 1)} changed.</p>"
                   if name != names[0] else "")
        details.value = (_STYLE + total.to_html(index=False, border=0, classes="pack-table")
                         + changed)

    picker.observe(update, names="value")
    update()
    return W.VBox([picker, fig, details])
