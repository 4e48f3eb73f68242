"""The board summary of one pack (``OUT/<period>/index.html``) and the style it shares with the
list of packs (``OUT/index.html``)."""

from __future__ import annotations

import html

from ..headline import Headline
from ..report import MonthInputs
from .common import money_or_na

INDEX_CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#425563;max-width:1000px;margin:24px auto;padding:0 16px}
h1,h2{color:#003087} .org{color:#005EB8;font-weight:bold}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border-top:6px solid #005EB8;background:#E8EDEE;padding:12px 16px;min-width:190px;flex:1}
.card .label{font-size:14px} .card .value{font-size:28px;font-weight:bold;color:#003087}
.card .note{font-size:12px}
.rag{display:inline-block;padding:4px 10px;margin-right:8px;border-radius:3px;font-weight:bold}
.green{background:#009639;color:white}.amber{background:#FFB81C;color:#231f20}.red{background:#DA291C;color:white}
a{color:#005EB8} li{margin:6px 0} table{border-collapse:collapse} td,th{padding:4px 10px;text-align:left}
th{background:#005EB8;color:white} tr:nth-child(even){background:#E8EDEE}
"""


def render_index(month: MonthInputs, head: Headline, pages: list,
                 workbook: str, built: str) -> str:
    """The executive summary page of one pack (``OUT/<period>/index.html``)."""
    gap = head.gap_to_target
    gap_note = ("shortfall against the plan" if gap > 0.5
                else "ahead of the plan" if gap < -0.5 else "on plan")
    cards = [
        ("Plan (target)", head.plan_in_year, f"savings planned for {month.fy}"),
        ("Forecast", head.forecast_in_year, "director-assessed, risk-weighted"),
        ("Actual to date", head.actual_to_date,
         f"April to {month.period.strftime('%B %Y')}; plan to date {money_or_na(head.plan_to_date)}"),
        ("Gap to target", abs(gap) if gap == gap else gap,
         f"{gap_note}; forecast outturn {money_or_na(head.forecast_outturn)}"),
    ]
    cards_html = "".join(
        f'<div class="card" data-figure="{html.escape(label)}"><div class="label">{label}</div>'
        f'<div class="value">{money_or_na(value)}</div><div class="note">{html.escape(note)}</div></div>'
        for label, value, note in cards)
    rag = "".join(f'<span class="rag {w}">{w.capitalize()}: {getattr(head, f"rag_{w}")} '
                  f'scheme{"" if getattr(head, f"rag_{w}") == 1 else "s"}</span>'
                  for w in ("green", "amber", "red"))
    links = "".join(f'<li><a href="{p.page.name}">{html.escape(p.title)}</a></li>' for p in pages)
    notes = "".join(f"<p><em>{html.escape(n)}</em></p>" for n in month.notes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(month.organisation)}: savings pack {month.period.strftime('%B %Y')}</title>
<style>{INDEX_CSS}</style></head>
<body>
<p class="org">{html.escape(month.organisation)}</p>
<h1>Savings programme {month.fy}: pack for {month.period.strftime('%B %Y')}</h1>
<p>Reporting month {html.escape(month.period_label)}. {head.schemes} schemes in the register.
Money in £k (thousands) and £m (millions).</p>
<div class="cards">{cards_html}</div>
<p>Most likely after risk weighting: <b>{money_or_na(head.most_likely_in_year)}</b>.
Year-to-date variance (actual minus plan): <b>{money_or_na(head.ytd_variance)}</b>.</p>
<h2>Overall ratings</h2><p>{rag}</p>
{notes}
<h2>Pages</h2><ul>{links}</ul>
<h2>Tables</h2><ul><li><a href="{workbook}">Excel workbook of the pack's tables</a></li></ul>
<p><small>Built {built}. Executed notebooks (.ipynb) sit next to the pages.</small></p>
</body></html>
"""
