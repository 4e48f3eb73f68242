"""What every page of the pack shares: opening the month, the page title, tables, inputs.

Each page module (``pages/savings_curves.py`` for ``10_savings_curves.ipynb``, ...) is a set of
section functions: ``MonthInputs`` in, something to display out (a plotly Figure or an
``IPython.display`` object), so a notebook cell ends with one call.
"""

from __future__ import annotations

import functools
import html
import math
import re
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from ..io.datafolder import ORGANISATION, REGISTER_FILE
from ..model.headline import Headline
from ..month import MonthInputs, PackSettings, load_month, missing_actuals_banner
from ..schema import Scheme
from ..style import NHS_BLUE, NHS_PALE_GREY, SERIES, money

TABLE_STYLE = (
    "<style>.pack-table{border-collapse:collapse;font-size:13px}"
    f".pack-table th{{background:{NHS_BLUE};color:white;padding:4px 8px;text-align:left}}"
    f".pack-table td{{padding:3px 8px;border-bottom:1px solid {NHS_PALE_GREY}}}"
    ".pack-table thead{display:table-header-group}"
    ".pack-table tr{break-inside:avoid;page-break-inside:avoid}"
    ".pack-source{font-size:10px;color:#425563;white-space:nowrap}"
    ".pack-money{white-space:nowrap}</style>"
)

SOURCE_COLUMNS = ("Source", "Register row")  # shown in small type: file!sheet!row

__all__ = [
    "load_month",
    "open_month",
    "needs_month",
    "title",
    "html_table",
    "inputs",
    "top_n",
    "TOP_N",
    "shown_count",
    "sources",
    "figure",
    "banner",
]


def open_month(
    period: str,
    data_dir: str,
    register_file: str = REGISTER_FILE,
    *,
    weight_set: str = "board",
    scenario: str = "",
    organisation: str = ORGANISATION,
    allow_missing_actuals: bool | None = None,
) -> MonthInputs | None:
    """:func:`month.load_month`, or ``None`` with a note on the page when the data folder has
    no register (a notebook opened on an empty data folder says so rather than failing)."""
    register = Path(data_dir) / register_file
    if not register.is_file():
        display(
            Markdown(
                f"> **No register found** at `{register}`: put the month's register "
                "there (see the README), then run this page again."
            )
        )
        return None
    return load_month(
        period,
        data_dir,
        register_file,
        weight_set=weight_set,
        scenario=scenario,
        organisation=organisation,
        allow_missing_actuals=allow_missing_actuals,
    )


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
    return Markdown(
        f"# {page}\n\n**{month.organisation}** · savings programme {month.fy} · "
        f"reporting month **{month.period_label}**"
    )


def money_or_na(value: float) -> str:
    return (
        "not available"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else money(value)
    )


def sources(month: MonthInputs, scheme_ids) -> list[str]:
    """Each scheme's register row (``file!sheet!row``, the register's ``source`` column) for
    ``scheme_ids`` (in their order; ``""`` for an id not in the register, e.g. an "others"
    row), so a page table can say where every scheme row came from."""
    register = month.register
    if Scheme.source not in register or Scheme.scheme_id not in register:
        return [""] * len(scheme_ids)
    lookup = dict(zip(register[Scheme.scheme_id].astype(str), register[Scheme.source].astype(str)))
    return [lookup.get(str(i), "") for i in scheme_ids]


_SOURCE_TOKEN = re.compile(r"@@src(\d+)@@")
_MONEY_CELL = re.compile(r"<td>([+\u2212]?£[0-9][0-9.,]*(?:k|m|bn)?)</td>")


def html_table(frame: pd.DataFrame, money_columns=(), rename=None, caption: str = "") -> HTML:
    """A page table; a ``Source`` (or ``Register row``) column is set in small type, so the
    register row behind every scheme row shows on screen and in print without crowding (parts
    joined by " · ", e.g. the register row and the plan's, one a line)."""
    shown = frame.copy()
    for column in money_columns:
        shown[column] = shown[column].map(money_or_na)
    shown = shown.rename(columns=rename or {})
    marks = []
    for column in SOURCE_COLUMNS:
        if column in shown.columns:
            values = shown[column].fillna("").astype(str)
            shown[column] = [f"@@src{len(marks) + i}@@" for i in range(len(values))]
            marks.extend(values)
    table = shown.to_html(index=False, escape=True, border=0, classes="pack-table")
    if marks:  # one pass over the table (a replace per token was quadratic in its rows)

        def source_cell(found: re.Match) -> str:
            value = marks[int(found.group(1))]
            parts = "<br>".join(html.escape(part) for part in value.split(" · "))
            return f'<span class="pack-source">{parts}</span>' if value else ""

        table = _SOURCE_TOKEN.sub(source_cell, table)
    # an amount is never broken between its sign and its digits ("−" / "£49.4m")
    table = _MONEY_CELL.sub(r'<td><span class="pack-money">\1</span></td>', table)
    cap = f"<p><em>{html.escape(caption)}</em></p>" if caption else ""
    return HTML(TABLE_STYLE + cap + table)


TOP_N = PackSettings.top_n  # the default of the pack.yml setting top_n (25)


def shown_count(month) -> int:
    """How many schemes a per-scheme chart or table of ``month`` shows (setting ``top_n``)."""
    settings = getattr(month, "settings", None)
    return int(getattr(settings, "top_n", TOP_N) or TOP_N)


def top_n(
    frame: pd.DataFrame,
    value_column: str,
    n: int | None = TOP_N,
    *,
    label_column: str = "scheme",
    others: str = "All {k:,} other schemes",
    keep_order: bool = False,
) -> pd.DataFrame:
    """The ``n`` rows with the largest ``value_column`` (by size, largest first; in the
    frame's own order with ``keep_order``) and one more row adding up the rest (numeric
    columns summed, other columns blank, ``label_column`` saying how many), so a per-scheme
    chart or table of thousands stays readable and its total still adds up. ``n`` of
    ``None`` (or a frame of ``n`` rows or fewer) keeps every row."""
    if n is None or len(frame) <= n:
        return frame.reset_index(drop=True)
    frame = frame.reset_index(drop=True)
    order = frame[value_column].abs().sort_values(ascending=False, kind="stable").index
    top, rest = frame.loc[order[:n]], frame.loc[order[n:]]
    if keep_order:
        top = top.sort_index()
    sums = rest.sum(numeric_only=True)
    other = {c: (sums[c] if c in sums.index else None) for c in frame.columns}
    other[label_column] = others.format(k=len(rest))
    return pd.concat([top, pd.DataFrame([other], columns=frame.columns)], ignore_index=True)


@needs_month
def inputs(month: MonthInputs) -> Markdown:
    """What the page was built from, and any input that is absent."""
    described = (month.weights.description or "").strip().rstrip(".")
    if not described:
        described = ", ".join(
            f"{rag} {weight:.0%}" for rag, weight in dict(month.weights.weights).items()
        )
    lines = [
        f"**{month.organisation}**, reporting month **{month.period_label}**; "
        f"{len(month.register)} schemes in the {month.fy} register; risk weights: "
        f"**{month.weights.name}**: {described}."
    ]
    if month.scenario:
        lines.append(f"Scenario: **{month.scenario}**.")
    settings = getattr(month, "settings", None)
    if settings is not None:  # how the figures were counted, and where that is set
        lines.append(
            settings.describe() + " A data folder's `pack.yml` sets `figures: "
            "rule|stated`, `adjustments: exclude|include`, `forecast: "
            "directors|plans` and `top_n` (a whole number)."
        )
    lines += [f"> {note}" for note in month.notes]
    return Markdown("\n\n".join(lines))


def figure(head: Headline, key: str, *, signed: bool = False) -> str:
    """One headline figure as the pages print it, marked with its ``summary.json`` key
    (``<b data-figure="plan_in_year">£13.9m</b>``) so a test can check every page against it."""
    value = getattr(head, key)
    text = money(value, signed=signed) if value == value else "not available"
    return f'<b data-figure="{key}">{html.escape(text)}</b>'


def banner(month: MonthInputs | None) -> HTML | Markdown:
    """The warning every page carries when months of the year to date have no actuals."""
    text = missing_actuals_banner(month) if month is not None else ""
    if not text:
        return Markdown("")
    return HTML(
        f'<div class="pack-banner" role="alert" style="border:3px solid '
        f'{SERIES["gap"]};padding:8px 12px;font-weight:bold">{html.escape(text)}</div>'
    )
