"""What every page of the pack shares: opening the month, the page title, tables, inputs.

Each page module (``pages/savings_curves.py`` for ``10_savings_curves.ipynb``, ...) is a set of
section functions: ``MonthInputs`` in, something to display out (a plotly Figure or an
``IPython.display`` object), so a notebook cell ends with one call.
"""

from __future__ import annotations

import functools
import html
import math

import pandas as pd
from IPython.display import HTML, Markdown

from ..style import NHS_BLUE, NHS_PALE_GREY, money
from ..report import MonthInputs, load_month

TABLE_STYLE = ("<style>.pack-table{border-collapse:collapse;font-size:13px}"
               f".pack-table th{{background:{NHS_BLUE};color:white;padding:4px 8px;text-align:left}}"
               f".pack-table td{{padding:3px 8px;border-bottom:1px solid {NHS_PALE_GREY}}}"
               ".pack-table thead{display:table-header-group}"
               ".pack-table tr{break-inside:avoid;page-break-inside:avoid}</style>")

__all__ = ["load_month", "open_month", "needs_month", "title", "html_table", "inputs"]


def open_month(period: str, data_dir: str, register_file: str = "qipp_register.xlsx", *,
               weight_set: str = "board", scenario: str = "",
               organisation: str = "NHS Northfield ICB",
               allow_missing_actuals: bool | None = None) -> MonthInputs | None:
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
                      scenario=scenario, organisation=organisation,
                      allow_missing_actuals=allow_missing_actuals)


def needs_month(section):
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


def money_or_na(value: float) -> str:
    return "not available" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else money(value)


def html_table(frame: pd.DataFrame, money_columns=(), rename=None, caption: str = "") -> HTML:
    shown = frame.copy()
    for column in money_columns:
        shown[column] = shown[column].map(money_or_na)
    shown = shown.rename(columns=rename or {})
    table = shown.to_html(index=False, escape=True, border=0, classes="pack-table")
    cap = f"<p><em>{html.escape(caption)}</em></p>" if caption else ""
    return HTML(TABLE_STYLE + cap + table)


@needs_month
def inputs(month: MonthInputs) -> Markdown:
    """What the page was built from, and any input that is absent."""
    described = (month.weights.description or "").strip().rstrip(".")
    if not described:
        described = ", ".join(f"{rag} {weight:.0%}" for rag, weight in
                              dict(month.weights.weights).items())
    lines = [f"**{month.organisation}**, reporting month **{month.period_label}**; "
             f"{len(month.register)} schemes in the {month.fy} register; risk weights: "
             f"**{month.weights.name}**: {described}."]
    if month.scenario:
        lines.append(f"Scenario: **{month.scenario}**.")
    lines += [f"> {note}" for note in month.notes]
    return Markdown("\n\n".join(lines))
