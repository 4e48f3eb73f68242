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
from ..model.decisions import TOP_RISKS, proposals, top_risks
from ..model.headline import Headline, bridge_steps, headline
from ..model.verdict import VerdictRule
from ..month import MonthInputs, previous_tables, ratings_date
from ..pages.common import shown_count
from ..style import money
from ..views import rag as rag_views
from ..views.summary import (
    Exception_,
    bring_forward_option,
    deflection_exceptions,
    headline_figures,
    movement,
    plan_exceptions,
    plural,
    previous_ratings,
    savings_exceptions,
    scheme_outturn,
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
.about{{font-size:13px;margin-top:32px;border-top:2px solid {_C.NHS_PALE_GREY}}}
@media print{{
  @page{{size:A4 landscape;margin:12mm 12mm 16mm 12mm}}
  body{{max-width:none;margin:0;padding:0}} .pack-nav{{display:none}}
  h1,h2,h3{{break-after:avoid;page-break-after:avoid}}
  thead{{display:table-header-group}} tr,.card,.verdict{{break-inside:avoid;page-break-inside:avoid}}
  a{{color:inherit;text-decoration:none}}
  *{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
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
    """
    rule = rule or VerdictRule()
    figures = head if isinstance(head, Headline) else headline(month)
    h = headline_figures(month, head if head is not None else figures)
    links = _page_links(pages)
    commentary = commentary or Commentary()
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

    # schemes at risk
    schemes = scheme_outturn(month)
    top = top_risks(schemes)
    has_owner = bool((schemes["owner"] != "").any())
    risk_rows = "".join(
        f"<tr><td>{E(r.scheme)} (No {E(r.scheme_id)})</td><td>{E(r.theme)}</td>"
        + (f"<td>{E(r.owner) or 'not named'}</td>" if has_owner else "")
        + f'<td><span class="rag {E(r.rating)}">{E(r.rating.capitalize() or "Not rated")}</span>'
        f'</td><td class="num">{money(r.plan_gbp)}</td><td class="num">{money(r.outturn_gbp)}'
        f'</td><td class="num"><b>{money(r.at_risk_gbp)}</b></td>'
        f"<td>{E(commentary.scheme(r.scheme_id) or r.commentary)}</td>"
        f'<td class="source" style="font-size:10px;white-space:nowrap">{E(r.source)}</td></tr>'
        for r in top.itertuples(index=False)
    )
    risk_table = (
        (
            "<table><thead><tr><th>Scheme</th><th>Theme</th>"
            + ("<th>Owner</th>" if has_owner else "")
            + '<th>Rating</th><th class="num">Plan</th><th class="num">Outturn</th>'
            '<th class="num">At risk</th><th>Commentary</th><th>Source</th></tr></thead><tbody>'
            + risk_rows
            + "</tbody></table>"
        )
        if len(top)
        else "<p>No scheme has savings at risk.</p>"
    )

    # decisions
    decisions = []
    option = bring_forward_option(month, h)
    if option:
        decisions.append(
            f"<li><b>Bring schemes forward?</b> {E(option)} "
            f"({_link(links, 'change_in_delivery', 'options on the change in delivery page')})</li>"
        )
    proposed = proposals(schemes)
    rest = proposed.iloc[shown_count(month) :]  # the most at risk named, the others counted
    for r in proposed.iloc[: shown_count(month)].itertuples(index=False):
        decisions.append(
            f"<li><b>{E(r.proposal.capitalize())}:</b> {E(r.scheme)} (No "
            f"{E(r.scheme_id)}; {E(r.owner) + ', ' if r.owner else ''}plan "
            f"{money(r.plan_gbp)}, outturn {money(r.outturn_gbp)})</li>"
        )
    if len(rest):
        decisions.append(
            f"<li><b>And {len(rest):,} more schemes</b> to withdraw, re-phase or "
            f"recover (plan {money(rest['plan_gbp'].sum())}, outturn "
            f"{money(rest['outturn_gbp'].sum())} together): every scheme's figures "
            "are in the workbook (sheet schemes).</li>"
        )
    decisions_html = (
        f"<ul>{''.join(decisions)}</ul>"
        if decisions
        else "<p>No decision is needed this month.</p>"
    )

    # movement
    moved_frame = rag_views.ratings_moved(month, previous_ratings(month))
    prev = previous_tables(month)
    move = movement(month, h, prev)
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

    if move is None:
        move_html = (
            f"<p>No figures for {style.month_name(month.period - 1)} were found, so "
            "there is no movement to show.</p>"
        )
    else:

        def then_now(label, pair, worse_if_up):
            then, now = pair
            if then != then:
                return f"<tr><td>{label}</td><td class=num>not recorded</td><td class=num>{money(now)}</td><td></td></tr>"
            change = now - then
            return (
                f"<tr><td>{label}</td><td class=num>{money(then)}</td><td class=num>"
                f"{money(now)}</td><td class=num>{money(change, signed=True)}</td></tr>"
            )

        lines = []
        if move["ratings"]:
            lines.append(
                "<li><b>Ratings moved:</b> "
                + "; ".join(f"{E(n)} {E(w)} to {E(v)} ({d})" for n, w, v, d in move["ratings"])
                + "</li>"
            )
        else:
            lines.append("<li>No overall rating moved.</li>")
        lines.append(
            "<li><b>Schemes added:</b> " + (E("; ".join(move["added"])) or "none") + "</li>"
        )
        lines.append(
            "<li><b>Schemes removed:</b> " + (E("; ".join(move["removed"])) or "none") + "</li>"
        )
        if move["go_lives"]:
            lines.append(
                "<li><b>Go-lives moved:</b> "
                + "; ".join(
                    f"{E(n)} {style.month_label(a)} to {style.month_label(b)} "
                    f"({style.months(s, signed=True)})"
                    for n, a, b, s in move["go_lives"]
                )
                + "</li>"
            )
        else:
            lines.append("<li>No go-live moved.</li>")
        prev_name = style.month_name(move["period"])
        move_html = (
            f'<table style="width:auto"><thead><tr><th></th><th class=num>{prev_name}'
            f"</th><th class=num>{month_name}</th><th class=num>Change</th></tr></thead>"
            "<tbody>"
            + then_now("Forecast in year", move["forecast"], False)
            + then_now("Forecast outturn", move["outturn"], False)
            + then_now("Gap to target", move["gap"], True)
            + f"</tbody></table><ul>{''.join(lines)}</ul>"
        )
        about_notes.append(f"Last month's figures were read from {move['folder']}.")

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
<h2>From plan to outturn</h2>
{_bridge_html(bridge_steps(figures))}
<h2>Commentary</h2>
{comm_html}
<h2>Top {TOP_RISKS} schemes by savings at risk</h2>
<p>At risk: the plan in year less the scheme's outturn.</p>
{risk_table}
<h2>Decisions needed</h2>
<p><small>Proposed for withdrawal: planned this year but forecast to deliver nothing this year.
Proposed for a recovery plan: rated red, or forecast to deliver under half its plan.</small></p>
{decisions_html}
<h2>Exceptions on every page</h2>
{exc_html}
<h2>Since last month</h2>
{move_html}
<h2>Overall ratings</h2><p>{rag}</p>
<h2>Pages</h2><ul>{links_html}</ul>
<h2>Tables</h2><ul><li><a href="{E(workbook)}">Excel workbook of the pack's tables</a></li>{pdf_link}</ul>
<div class="about"><h3>About this page</h3><ul>{about}</ul>
<p>Built {E(built)}. Executed notebooks (.ipynb) sit next to the pages.</p></div>
</body></html>
"""
