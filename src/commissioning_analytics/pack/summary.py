"""The board summary of one pack (``OUT/<period>/index.html``) and the style it shares with the
list of packs (``OUT/index.html``).

What a director reads first: a verdict by a rule stated on the page, the bridge from plan to
outturn, the five schemes with most at risk and their owners, the decisions needed, one list
of the exceptions found on every page (each linking to its page), the movement since last
month, and the month's commentary (or a note that there is none).

The headline figures come through one adapter, :func:`headline_figures`, so that the one
definition of every headline figure (plan, weighting, slippage, forecast, actual to date,
outturn, gap) is taken from wherever it lives.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from .. import style
from ..commentary import Commentary, to_html
from ..errors import UserError
from ..model.headline import Headline, bridge_steps, headline
from ..model.position import DEFINITIONS as POSITION_WORDS
from ..model.verdict import VerdictRule
from ..month import MonthInputs, previous_tables, ratings_date
from ..pages.efficiency import summary_block as efficiency_block
from ..style import money
from ..views import rag as rag_views
from ..views.board import Board, board_figures
from ..views.summary import (
    Exception_,
    deflection_exceptions,
    headline_figures,
    plan_exceptions,
    plural,
    previous_ratings,
    savings_exceptions,
    scheme_outturn,
    style_date,
)

E = html.escape
_C = style  # colours below come only from style

INDEX_CSS = f"""
body{{font-family:Arial,Helvetica,sans-serif;color:{_C.NHS_DARK_GREY};max-width:1000px;margin:24px auto;padding:0 16px;box-sizing:border-box}}
h1,h2,h3{{color:{_C.NHS_DARK_BLUE}}} h2{{margin-top:28px;border-bottom:2px solid {_C.NHS_PALE_GREY};padding-bottom:4px}}
.org{{color:{_C.NHS_BLUE};font-weight:bold}}
.pack-nav{{padding:8px 0;border-bottom:4px solid {_C.NHS_BLUE};margin-bottom:8px;font-size:14px;display:flex;flex-wrap:wrap;gap:4px 14px}}
.pack-nav a[aria-current="page"]{{font-weight:bold;color:{_C.NHS_DARK_BLUE};text-decoration:none}}
.verdict{{padding:12px 16px;margin:12px 0;font-size:18px;border-radius:3px}}
.verdict .rule{{font-size:13px;margin-top:4px}}
.cards{{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}}
.card{{border-top:6px solid {_C.NHS_BLUE};background:{_C.NHS_PALE_GREY};padding:10px 12px;min-width:140px;flex:1 1 0;box-sizing:border-box}}
.card .label{{font-size:14px}} .card .value{{font-size:28px;font-weight:bold;color:{_C.NHS_DARK_BLUE}}}
.card .note{{font-size:12px}} .card[data-verdict-card] .value{{color:inherit}}
.rag{{display:inline-block;padding:4px 10px;margin:2px 8px 2px 0;border-radius:3px;font-weight:bold}}
.green{{background:{_C.RAG_COLOURS["green"]};color:{_C.RAG_TEXT["green"]}}}
.amber{{background:{_C.RAG_COLOURS["amber"]};color:{_C.RAG_TEXT["amber"]}}}
.red{{background:{_C.RAG_COLOURS["red"]};color:{_C.RAG_TEXT["red"]}}}
a{{color:{_C.NHS_BLUE}}} li{{margin:6px 0}}
table{{border-collapse:collapse;width:100%;font-size:14px}} td,th{{padding:4px 8px;text-align:left;vertical-align:top}}
td.num,th.num{{text-align:right;white-space:nowrap}}
th{{background:{_C.NHS_BLUE};color:white}} tr:nth-child(even){{background:{_C.NHS_PALE_GREY}}}
.bridge td{{padding:3px 8px}} .bridge .bar{{position:relative;height:18px;min-width:300px}}
.bridge .bar span{{position:absolute;top:0;height:18px;display:block}}
.commentary{{border-left:6px solid {_C.NHS_BLUE};background:{_C.NHS_PALE_GREY};padding:8px 14px}}
.missing{{border-left:6px solid {_C.NHS_WARM_YELLOW};background:{_C.NHS_PALE_GREY};padding:8px 14px}}
table.compact{{font-size:12px}} table.compact td,table.compact th{{padding:2px 6px}}
.side{{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}} .side>table{{flex:1 1 320px;width:auto}}
.about{{font-size:13px;margin-top:32px;border-top:2px solid {_C.NHS_PALE_GREY}}}
@media print{{
  @page{{size:A4 landscape;margin:12mm 12mm 16mm 12mm}}
  body{{max-width:none;margin:0;padding:0}} .pack-nav{{display:none}}
  h1,h2,h3{{break-after:avoid;page-break-after:avoid}}
  thead{{display:table-header-group}} tr,.card,.verdict{{break-inside:avoid;page-break-inside:avoid}}
  a{{color:inherit;text-decoration:none}}
  *{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
  /* the summary in print: verdict, decisions, trajectory, movement and risks first */
  body{{font-size:10px}} h1{{font-size:16px;margin:2px 0}} h2{{font-size:13px;margin:8px 0 3px;padding-bottom:1px}}
  p{{margin:3px 0}} li{{margin:1px 0}} .org{{margin:0}}
  .verdict{{font-size:12px;padding:4px 8px;margin:4px 0}} .verdict .rule{{font-size:9px;margin-top:1px}}
  .cards{{gap:6px;margin:4px 0}} .card{{padding:3px 6px;min-width:0;border-top-width:4px}}
  .card .label{{font-size:9px}} .card .value{{font-size:15px}} .card .note{{font-size:8px}}
  table{{font-size:9px}} td,th{{padding:1px 4px}} table.compact{{font-size:8.5px}}
  table.compact td,table.compact th{{padding:1px 3px}} .rag{{padding:0 4px;margin:0}}
  .option-rule{{display:none}} .bridge .bar,.bridge .bar span{{height:10px}}
  h2{{clear:both}} svg.trajectory{{float:left;max-height:120px;max-width:520px;margin:0 16px 4px 0}}
  section.efficiency .grid{{gap:0 14px}} section.efficiency .grid>div{{flex:1 1 auto}}
  section.efficiency table{{font-size:8.5px}} section.efficiency h3{{font-size:11px;margin:4px 0 1px}}
  section.efficiency p{{margin:1px 0}} .commentary,.missing{{padding:2px 10px}}
}}
"""


# ---------------------------------------------------------------------------------------------
# Settings


# ---------------------------------------------------------------------------------------------
# Headline figures (one adapter)


# ---------------------------------------------------------------------------------------------
# Schemes at risk, decisions


# ---------------------------------------------------------------------------------------------
# Exceptions from every page


# ---------------------------------------------------------------------------------------------
# Movement since last month


# ---------------------------------------------------------------------------------------------
# The ratings' date


# ---------------------------------------------------------------------------------------------
# The page


# ---------------------------------------------------------------------------------------------
# The board's figures beyond the headline (views.board): movement, trajectory, decisions,
# top risks, next year


def _named_schemes(schemes: list[dict], more: int, more_gbp: float, count: int = 3) -> str:
    shown = "; ".join(
        f"{s['scheme']} (No {s['scheme_id']}, {money(s['gbp'], signed=True)})"
        for s in schemes[:count]
    )
    rest = more + max(len(schemes) - count, 0)
    if rest:
        rest_gbp = more_gbp + sum(s["gbp"] for s in schemes[count:])
        shown += f"; and {plural(rest, 'more scheme')} ({money(rest_gbp, signed=True)})"
    return shown


def _movement_html(board: Board, month: MonthInputs, h: dict) -> str:
    """The bridge by cause from last month's outturn to this month's, the plan's beside it."""
    move = board.movement
    if move is None:
        if month.period_index == 0:
            return "<p>April is the first month of the year: there is no movement to show.</p>"
        return (
            f"<p>No figures for {style.month_name(month.period - 1)} were found, so "
            "there is no movement to show.</p>"
        )
    data = move.as_json()
    prev_name = style.month_name(move.previous_period)
    rows = [
        f'<tr><td><b>Outturn, {E(prev_name)}</b></td><td class="num"><b>'
        f"{money(move.previous_outturn)}</b></td><td></td></tr>"
    ]
    for step in data["movement"]:
        rows.append(
            f'<tr data-step="{E(step["key"])}"><td>{E(step["step"])}</td><td class="num">'
            f"{money(step['gbp'], signed=True)}</td><td>"
            f"{E(_named_schemes(step['schemes'], step['more_schemes'], step['more_gbp']))}"
            "</td></tr>"
        )
    rows.append(
        f'<tr><td><b>Outturn, {E(style.month_name(month.period))}</b></td><td class="num"><b>'
        f"{money(move.outturn)}</b></td><td>change {money(move.outturn - move.previous_outturn, signed=True)}</td></tr>"
    )
    plan_rows = "".join(
        f'<tr><td>{E(step["step"])}</td><td class="num">{money(step["gbp"], signed=True)}</td></tr>'
        for step in data["plan_movement"]
    )
    plan_table = (
        '<table class="compact"><thead><tr><th>The plan\'s own movement</th>'
        '<th class="num">Plan, £</th></tr></thead><tbody>'
        f'<tr><td>Plan, {E(prev_name)}</td><td class="num">{money(move.previous_plan)}</td></tr>'
        f"{plan_rows}"
        f'<tr><td><b>Plan, {E(style.month_name(month.period))}</b></td><td class="num"><b>'
        f"{money(move.plan)}</b></td></tr></tbody></table>"
    )
    return (
        '<div class="side"><table class="compact movement"><thead><tr><th>Outturn since last '
        'month, by cause</th><th class="num">Outturn, £</th><th>Schemes</th></tr></thead><tbody>'
        + "".join(rows)
        + f"</tbody></table>{plan_table}</div>"
        "<p><small>Causes taken in turn: schemes new (their whole outturn, actuals back to "
        "April included) and removed; then, for the other schemes, actuals against last "
        "month's forecast, go-live and FYE edits, ratings, and the directors' change in "
        "delivery. A rating or a change in delivery does not move the plan.</small></p>"
    )


def _trajectory_svg(board: Board, month: MonthInputs) -> str:
    """The plan, outturn and gap at each reported month, as a small inline SVG (offline)."""
    path = board.trajectory
    if path is None or path.points.empty:
        return "<p>No figures for the months of the year were found.</p>"
    points = path.points
    width, height, left, right, top, bottom = 720, 190, 70, 150, 12, 28
    months = list(pd.period_range(f"{month.year}-04", periods=12, freq="M"))
    index = {str(m): i for i, m in enumerate(months)}
    peak = max(float(points[["plan_in_year", "forecast_outturn"]].to_numpy().max()), 1.0)
    span_x = (width - left - right) / 11

    def x(period: str) -> float:
        return left + index[period] * span_x

    def y(value: float) -> float:
        return top + (1 - value / peak) * (height - top - bottom)

    parts = [
        f'<svg class="trajectory" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" role="img" aria-label="The plan, outturn and gap at '
        'each reported month of the year">'
    ]
    for fraction in (0.0, 0.5, 1.0):
        value = peak * fraction
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="{style.NHS_PALE_GREY}"/><text x="{left - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end" font-size="11">{E(money(value))}</text>'
        )
    for m in months:
        parts.append(
            f'<text x="{x(str(m)):.1f}" y="{height - 10}" text-anchor="middle" '
            f'font-size="11">{m.strftime("%b")}</text>'
        )
    for key in ("plan_in_year", "forecast_outturn"):
        colour = style.SERIES["plan" if key == "plan_in_year" else "outturn"]
        xy = [(x(p), y(v)) for p, v in zip(points["period"], points[key]) if p in index]
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="'
            + " ".join(f"{a:.1f},{b:.1f}" for a, b in xy)
            + '"/>'
            + "".join(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{colour}"/>' for a, b in xy)
        )
    for p, plan, outturn in zip(
        points["period"], points["plan_in_year"], points["forecast_outturn"]
    ):
        if p in index and plan > outturn:
            parts.append(
                f'<line x1="{x(p):.1f}" x2="{x(p):.1f}" y1="{y(plan):.1f}" y2="{y(outturn):.1f}" '
                f'stroke="{style.SERIES["gap"]}" stroke-width="2" stroke-dasharray="3,2"/>'
            )
    last = points.iloc[-1]
    lx = x(str(last["period"])) + 8
    for key, label, colour in (
        ("plan_in_year", "Plan", style.SERIES["plan"]),
        ("forecast_outturn", "Outturn", style.SERIES["outturn"]),
    ):
        parts.append(
            f'<text x="{lx:.1f}" y="{y(float(last[key])) + 4:.1f}" font-size="12" '
            f'fill="{colour}">{label} {E(money(float(last[key])))}</text>'
        )
    mid = (y(float(last["plan_in_year"])) + y(float(last["forecast_outturn"]))) / 2
    parts.append(
        f'<text x="{lx:.1f}" y="{mid + 4:.1f}" font-size="12" fill="{style.SERIES["gap"]}">'
        f"Gap {E(money(float(last['gap_to_target'])))}</text></svg>"
    )
    rows = "".join(f'<td class="num">{money(v)}</td>' for v in points["gap_to_target"])
    heads = "".join(
        f'<th class="num">{pd.Period(p, freq="M").strftime("%b")}</th>' for p in points["period"]
    )
    missing = (
        f"<p><small>No figures for {E(', '.join(style.month_label(m) for m in path.missing))}."
        "</small></p>"
        if path.missing
        else ""
    )
    return (
        "".join(parts)
        + f'<table class="compact" style="width:auto"><thead><tr><th>Gap to target</th>{heads}'
        f"</tr></thead><tbody><tr><td>as reported</td>{rows}</tr></tbody></table>{missing}"
    )


def _options_html(board: Board, h: dict) -> str:
    """The options that face the gap, with their £ and owner, and what they leave."""
    found = board.options
    if found is None:
        return "<p>The options could not be worked out (see About this page).</p>"
    if not h["gap"] > 0.5:
        return "<p>No decision is needed: the outturn meets the plan.</p>"
    table = found.table
    rows = []
    for r in table.to_dict("records"):
        if r["key"] == "plans_contradict":
            continue
        remainder = r["key"] == "remainder"
        rows.append(
            f'<tr data-option="{E(r["key"])}"><td><b>{E(r["option"])}</b><br><small class="option-rule">'
            f'{E(r["rule"])}</small></td><td class="num">{"<b>" if remainder else ""}'
            f"{money(r['gbp'])}{'</b>' if remainder else ''}</td><td>{E(r['owner'] or '—')}</td>"
            f"<td>{E(r['words'])}{' ' + E(r['named']) if r['named'] else ''}</td></tr>"
        )
    plans = table[table["key"] == "plans_contradict"].iloc[0]
    total = (
        f'<tr><td><b>The options together close</b></td><td class="num"><b>'
        f"{money(found.closed_gbp)}</b></td><td></td><td>of the {money(found.gap_gbp)} gap"
        "</td></tr>"
    )
    plans_row = (
        f'<tr data-option="plans_contradict"><td><b>{E(plans["option"])}</b><br><small class="option-rule">'
        f'{E(plans["rule"])}</small></td><td class="num">{money(-float(plans["gbp"]))}</td>'
        f"<td>{E(plans['owner'] or '—')}</td><td>{E(plans['words'])}"
        f"{' ' + E(plans['named']) if plans['named'] else ''}</td></tr>"
    )
    return (
        '<table class="compact options"><thead><tr><th>Option (the rule)</th><th class="num">£'
        "</th><th>Owner</th><th>What it does</th></tr></thead><tbody>"
        + "".join(rows[:3])
        + total
        + "".join(rows[3:])
        + plans_row
        + "</tbody></table>"
    )


def _due(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "no date"
    return style_date(value)


def _top_risks_html(board: Board) -> str:
    """The schemes that cost the outturn most, each with its owner, action and due date."""
    top = board.top_risks
    if top is None:
        return "<p>The top risks could not be worked out (see About this page).</p>"
    if top.empty:
        return "<p>No scheme has savings at risk.</p>"
    rows = "".join(
        f"<tr><td>{r.rank}</td><td>{E(r.scheme)} (No {E(r.scheme_id)})</td>"
        f"<td>{E(r.owner) or 'not named'}</td>"
        f'<td><span class="rag {E(r.rating)}">{E(r.rating.capitalize() or "Not rated")}</span>'
        f'</td><td class="num"><b>{money(r.effect_gbp)}</b></td><td>{E(r.why)}</td>'
        f"<td>{E(r.action) or '<i>no action recorded</i>'}</td>"
        f"<td>{E(r.action_owner) or 'not named'}</td>"
        f"<td>{_due(r.due)}{' (overdue)' if r.overdue else ''}</td></tr>"
        for r in top.itertuples(index=False)
    )
    return (
        '<table class="compact risks"><thead><tr><th>#</th><th>Scheme</th><th>Owner</th>'
        '<th>Rating</th><th class="num">Effect on outturn</th><th>Why</th><th>Action</th>'
        f"<th>Action owner</th><th>Due</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _next_year_html(board: Board) -> str:
    """Next year and the recurrent position (model.position's definitions)."""
    pos = board.next_year
    if pos is None:
        return "<p>Next year's position could not be worked out (see About this page).</p>"
    rows = [
        ("Recurrent outturn", pos.recurrent_outturn, "recurrent_outturn"),
        ("Non-recurrent outturn", pos.non_recurrent_outturn, "non_recurrent_outturn"),
        ("Exit run-rate", pos.exit_run_rate, "exit_run_rate"),
        ("Plan's exit run-rate", pos.plan_exit_run_rate, "plan_exit_run_rate"),
        ("Shortfall carried forward", pos.shortfall_carried_forward, "shortfall_carried_forward"),
        ("Next year's plan", pos.plan_next_year, "plan_next_year"),
        ("Next year's forecast", pos.forecast_next_year, "forecast_next_year"),
    ]
    body = "".join(
        f'<tr><td>{E(label)}</td><td class="num">{money(value)}</td><td><small>'
        f"{E(POSITION_WORDS[key].split(': ', 1)[-1])}</small></td></tr>"
        for label, value, key in rows
    )
    return (
        '<table class="compact position"><thead><tr><th>Next year and the recurrent position'
        f'</th><th class="num">£</th><th>Definition</th></tr></thead><tbody>{body}</tbody></table>'
    )


def _links_html(board: Board, month: MonthInputs) -> str:
    """Schemes and deflection interventions of the same service, and whether their savings
    overlap (model.overlap); no total on the pack adds the two."""
    links = board.links
    if links is None or (links.pairs.empty and links.ambiguous.empty):
        return ""
    pairs = links.pairs
    rows = "".join(
        f"<tr><td>{E(r['scheme'])} (No {E(str(r['scheme_id']))})</td>"
        f"<td>{E(r['intervention'])} ({E(str(r['intervention_id']))})</td>"
        f'<td>{E(r["link"])}</td><td class="num">{money(r["scheme_gbp"])}</td>'
        f'<td class="num">{money(r["intervention_gbp"])}</td>'
        f'<td class="num">{money(r["overlap_gbp"]) if r["overlaps"] else "none"}</td></tr>'
        for r in pairs.to_dict("records")
    )
    overlapping = int(pairs["overlaps"].sum())
    ambiguous = "".join(
        f"<li>{E(r['intervention'])} ({E(str(r['intervention_id']))}) matches schemes "
        f"{E(str(r['scheme_ids']))}: not linked; give it a reference.</li>"
        for r in links.ambiguous.to_dict("records")
    )
    return (
        f"<h2>The same service as a scheme and an intervention</h2><p>{plural(len(pairs), 'service')} "
        f"appear both in the savings register and in the deflection programme; "
        f"{plural(overlapping, 'pair')} count a saving in {month.fy} on both sides, "
        f"{money(links.overlap_gbp)} in common. No total in this pack adds the two: the "
        "savings figures count the schemes only, the deflection page the interventions only. "
        "Together, counting the common part once, the linked services save "
        f"{money(links.total_gbp(pairs['scheme_gbp'].sum(), pairs['intervention_gbp'].sum()))} "
        f"in {month.fy}.</p>"
        '<table class="compact links"><thead><tr><th>Scheme</th><th>Intervention</th>'
        '<th>Linked by</th><th class="num">Scheme outturn</th><th class="num">Intervention '
        'net saving (plan)</th><th class="num">Overlap</th></tr></thead><tbody>'
        + rows
        + "</tbody></table>"
        + (f"<ul>{ambiguous}</ul>" if ambiguous else "")
        + "<p><small>Linked by the intervention's reference to the scheme, else by a stated "
        "name match (every word of the shorter name in the longer, or an acronym in brackets "
        "that is the other's initials). The overlap is the smaller of the two savings.</small></p>"
    )


PAGE_KEYS = ("savings_curves", "rag_dashboard", "change_in_delivery", "project_plans", "deflection")


def _page_links(pages) -> dict[str, tuple[str, str]]:
    """Page key -> (href, title) of the pack's pages (``10_savings_curves.html``...)."""
    out = {}
    for p in pages:
        stem = p.page.stem if getattr(p, "page", None) else ""
        key = re.sub(r"^\d+_", "", stem)
        out[key] = (p.page.name, p.title)
    return out


def _link(links, key: str, text: str | None = None) -> str:
    if key in links:
        href, title = links[key]
        return f'<a href="{E(href)}">{E(text or title)}</a>'
    return E(text or key.replace("_", " ").capitalize())


# The colour of each step of the bridge (model.headline.bridge_steps) on the summary.
BRIDGE_SERIES = {
    "schemes_plan": "plan",
    "adjustments": "plan",
    "plan": "plan",
    "risk_weighting": "most_likely",
    "slippage": "forecast",
    "forecast": "forecast",
    "actual_vs_forecast": "actual",
    "outturn": "outturn",
}


def _bridge_html(steps: pd.DataFrame) -> str:
    """The bridge's steps (:func:`model.headline.bridge_steps`, the one bridge) as a table with
    a bar per step: a total from zero, a change from the running total."""
    totals = steps["value_gbp"].to_numpy(dtype=float)
    running, spans = 0.0, []
    for value, measure in zip(totals, steps["measure"]):
        if measure != "relative":
            spans.append((0.0, value))
            running = value
        else:
            spans.append((running, running + value))
            running += value
    top = max(max(max(a, b) for a, b in spans), 1.0)
    rows = []
    for (a, b), row in zip(spans, steps.itertuples(index=False)):
        left, width = min(a, b) / top * 100, abs(b - a) / top * 100
        change = row.measure == "relative"
        colour = (
            style.SERIES[BRIDGE_SERIES[row.key]]
            if not change or row.value_gbp >= 0
            else style.SERIES["gap"]
        )
        rows.append(
            f'<tr><td>{E(row.step)}</td><td class="num">'
            f'{money(row.value_gbp, signed=change)}</td><td class="bar"><span style="'
            f'left:{left:.2f}%;width:{max(width, 0.3):.2f}%;background:{colour}"></span>'
            "</td></tr>"
        )
    return (
        '<table class="bridge"><thead><tr><th>From plan to outturn</th><th class="num">£'
        "</th><th></th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _nav_html(pages) -> str:
    links = "".join(
        f'<a href="{E(p.page.name)}">{E(p.title)}</a>' for p in pages if getattr(p, "page", None)
    )
    return (
        '<nav class="pack-nav" aria-label="Pages of the pack">'
        f'<a href="index.html" aria-current="page">Summary</a>{links}</nav>'
    )


def render_index(
    month: MonthInputs,
    head: dict | None,
    pages: list,
    workbook: str,
    built: str,
    *,
    commentary: Commentary | None = None,
    rule: VerdictRule | None = None,
    pdf: str = "",
    board: Board | None = None,
) -> str:
    """The board summary of one pack (``OUT/<period>/index.html``).

    Args:
        month: the month's inputs.
        head: the month's headline figures (``headline.Headline``), or ``None`` to work them
            out (see :func:`headline_figures`).
        pages: the pack's pages (``.page`` path and ``.title``), in order.
        workbook: file name of the pack's Excel workbook.
        built: when the pack was built (shown at the foot).
        commentary: the month's commentary (``None``: none was found).
        rule: the verdict's thresholds.
        pdf: file name of the PDF board paper, when one was written.
        board: the month's figures beyond the headline (:func:`views.board.board_figures`;
            ``None``: worked out here).
    """
    rule = rule or VerdictRule()
    figures = head if isinstance(head, Headline) else headline(month)
    h = headline_figures(month, head if head is not None else figures)
    links = _page_links(pages)
    commentary = commentary or Commentary()
    if board is None:
        board = board_figures(month, figures, commentary=commentary if commentary.found else None)
    verdict = rule.verdict(h["outturn"], h["plan"])
    v_bg, v_fg = style.VERDICT_COLOURS[verdict], style.VERDICT_TEXT[verdict]
    share = h["outturn"] / h["plan"] if h["plan"] else float("nan")
    month_name = style.month_name(month.period)
    rated = ratings_date(month)
    gap = h["gap"]
    gap_note = (
        "shortfall against the plan"
        if gap > 0.5
        else "ahead of the plan"
        if gap < -0.5
        else "on plan"
    )

    # cards
    actual = h["actual_to_date"]
    cards = [
        ("Plan (target)", money(h["plan"]), f"savings planned for {month.fy}", ""),
        ("Forecast", money(h["forecast"]), "in year, director-assessed, risk-weighted", ""),
        (
            "Actual to date",
            money(actual) if actual == actual else "not available",
            f"April to {month_name}; plan to date {money(h['plan_to_date'])}",
            "",
        ),
        (
            "Forecast outturn",
            money(h["outturn"]),
            "actual to date plus forecast for the rest of the year",
            "",
        ),
        (
            "Gap to target",
            money(abs(gap)),
            gap_note,
            f' style="background:{v_bg};color:{v_fg};border-top-color:{v_bg}" data-verdict-card',
        ),
    ]
    cards_html = "".join(
        f'<div class="card"{attr} data-figure="{E(label)}"><div class="label">{E(label)}</div>'
        f'<div class="value">{E(value)}</div>'
        f'<div class="note">{E(note)}</div></div>'
        for label, value, note, attr in cards
    )

    schemes = scheme_outturn(month)

    # movement
    moved_frame = rag_views.ratings_moved(month, previous_ratings(month))
    prev = previous_tables(month)
    exceptions: list[Exception_] = []
    about_notes: list[str] = []
    exceptions += savings_exceptions(month, schemes, h, moved_frame if prev else None)
    try:
        plan_exc, plan_notes = plan_exceptions(month)
        exceptions += plan_exc
        about_notes += plan_notes
        if plan_notes:  # a plan file not read is an exception too, never only a footnote
            exceptions.append(
                Exception_(
                    "project_plans",
                    f"{plural(len(plan_notes), 'plan file')} not read",
                    "; ".join(plan_notes),
                )
            )
    except UserError as error:
        about_notes += error.lines()
    try:
        exceptions += deflection_exceptions(month)
    except UserError as error:
        about_notes += error.lines()
    if commentary.problems:  # optional: never a stop, always said (issue 18)
        exceptions.append(
            Exception_(
                "commentary",
                "Commentary file needs correcting",
                "; ".join(commentary.problems),
            )
        )
    order = {k: i for i, k in enumerate(PAGE_KEYS)}
    exceptions.sort(key=lambda x: order.get(x.page, 99))
    exc_rows = "".join(
        f"<tr><td>{_link(links, x.page)}</td><td><b>{E(x.what)}</b></td>"
        f'<td class="num">{money(x.amount_gbp) if x.amount_gbp is not None else ""}</td>'
        f"<td>{E(x.detail)}</td></tr>"
        for x in exceptions
    )
    exc_html = (
        '<table><thead><tr><th>Page</th><th>Exception</th><th class="num">£</th>'
        f"<th>Detail</th></tr></thead><tbody>{exc_rows}</tbody></table>"
        if exceptions
        else "<p>No exceptions on any page.</p>"
    )

    move_html = _movement_html(board, month, h)
    about_notes += board.notes

    # commentary
    summary_text = commentary.page("summary")
    if summary_text:
        comm_html = f'<div class="commentary">{to_html(summary_text)}</div>'
    else:
        comm_html = (
            f'<p class="missing"><b>No commentary has been written for {month_name}.</b>'
            " The pages show the figures without the leads' explanation.</p>"
        )
    if commentary.found:
        about_notes.append(f"Commentary read from {commentary.source}.")
        missing = [links[k][1] for k in PAGE_KEYS if k in links and not commentary.page(k)]
        if missing:
            comm_html += "<p><small>No commentary on: " + E(", ".join(missing)) + ".</small></p>"
    else:
        about_notes.append(
            f"No commentary file for {month.period} (write "
            f"commentary/{month.period}.md or .yml in the data folder)."
        )

    rag = "".join(
        f'<span class="rag {w}">{w.capitalize()}: {plural(h["rag"][w], "scheme")}</span>'
        for w in style.RAG_ORDER
    )
    rated_text = (
        f"Ratings as given on {rated.day} {rated:%B %Y}; forecasts as assessed for {month_name}."
        if rated
        else "The register does not state when its ratings were given."
    )
    links_html = "".join(
        f'<li><a href="{E(p.page.name)}">{E(p.title)}</a></li>'
        for p in pages
        if getattr(p, "page", None)
    )
    pdf_link = (
        f'<li><a href="{E(pdf)}">The whole pack as one PDF board paper</a></li>' if pdf else ""
    )
    about_notes = [*month.notes, *about_notes]
    about = "".join(f"<li>{E(n)}</li>" for n in about_notes)
    footer = E(f"{month.organisation} · savings pack {month_name}")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Summary · {E(month.organisation)} · savings pack {month_name}</title>
<style>{INDEX_CSS}
@media print{{@page{{@bottom-left{{content:"{footer}";font:9pt Arial,sans-serif;color:{_C.NHS_DARK_GREY}}}
@bottom-right{{content:"Page " counter(page) " of " counter(pages);font:9pt Arial,sans-serif;color:{_C.NHS_DARK_GREY}}}}}}}</style></head>
<body>
{_nav_html(pages)}
<p class="org">{E(month.organisation)}</p>
<h1>Savings programme {month.fy}: board summary, {month_name}</h1>
<p>Reporting month {E(month.period_label)}. {h["schemes"]} schemes in the register. {E(rated_text)}</p>
<div class="verdict" data-verdict="{verdict}" style="background:{v_bg};color:{v_fg}">
<b>{verdict.capitalize()}</b>: forecast outturn {money(h["outturn"])} is {share:.0%} of the plan of {money(h["plan"])}.
<div class="rule">The rule: {E(rule.words())}.</div></div>
<div class="cards">{cards_html}</div>
<h2>Decisions that face the gap</h2>
{_options_html(board, h)}
<h2>The forecast over the year</h2>
{_trajectory_svg(board, month)}
<h2>Since last month</h2>
{move_html}
<h2>Top {len(board.top_risks) if board.top_risks is not None else 5} risks to the outturn</h2>
<p><small>Ranked by effect on the outturn: months lost, actuals below forecast, and what the
scheme's own project plan would lose where it is later than the forecast (the rating's
weighting only breaks ties). The action: the next open task of the scheme's plan, else the
commentary's first sentence.</small></p>
{_top_risks_html(board)}
<h2>Next year and the recurrent position</h2>
{_next_year_html(board)}
{_links_html(board, month)}
<h2>From plan to outturn</h2>
{_bridge_html(bridge_steps(figures))}
<h2>Commentary</h2>
{comm_html}
<h2>Exceptions on every page</h2>
{exc_html}
{efficiency_block(month, figures)}
<h2>Overall ratings</h2><p>{rag}</p>
<h2>Pages</h2><ul>{links_html}</ul>
<h2>Tables</h2><ul><li><a href="{E(workbook)}">Excel workbook of the pack's tables</a></li>{pdf_link}</ul>
<div class="about"><h3>About this page</h3><ul>{about}</ul>
<p>Built {E(built)}. Executed notebooks (.ipynb) sit next to the pages.</p></div>
</body></html>
"""
