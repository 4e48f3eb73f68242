"""Reading a QIPP scheme register as analysts keep it, into the canonical scheme table.

A register is found on any sheet of a workbook (a cover sheet first is common), in an ``.xlsx``,
an old ``.xls``, ``.xlsb``, ``.ods`` or a CSV export (:mod:`.tabular`). Above its header there
may be title rows ("All values £000"); the header may span two rows, with group cells merged
over several columns ("Scoping", "Rag Rating 23/01/2013", "Director Assessment ...").

Headers are read by evidence (:mod:`.headers`): every column of the header block is scored
against every canonical column of :data:`REGISTER_FIELDS` (its words and synonyms used in real
papers, the group above it, the financial year it names against the register's year, and a
sample of its values), then columns are given to canonical columns jointly, each at most once,
best total score. Each choice, its evidence and any close call are kept in the load report
(``LoadReport.choices``) and shown by ``commissioning-analytics inspect``.

Money is converted to pounds: a unit in a header ("Plan £000", "(£000s)", "£k", "£m") applies to
its column, one in a title row ("All values £'000") to every money column that names none.

Monthly trackers (a plan month by month under ``Apr-19`` ... ``Mar-20``, ``M1`` ... ``M12``,
``Month 1`` ... or real dates; optionally monthly actuals, YTD columns and a forecast outturn)
give the same scheme table and also the tidy monthly plan profile ``scheme_id, month, plan_gbp,
source`` (``RegisterLoad.monthly_plan``). Without a go-live column, go-live is the first month
with a plan; without a full-year effect, FYE is the last month's plan x 12 (the exit run rate).

Rows below the header are schemes, totals ("Total", "Grand total"), unlabelled adjustment rows
(figures with no scheme number or name), notes or blanks: every row read is accounted for in
the :class:`LoadReport`. Totals and adjustments are kept apart in ``RegisterLoad.totals`` and
each totals row is checked against the sum of the schemes above it.

Every problem in a workbook is collected and raised at once as a
:class:`~commissioning_analytics.errors.ValidationError`, each naming file, sheet and cell.
A layout the detector reads wrongly is corrected by a YAML mapping file (header text, a group
cell's text, or ``group / sub`` for a two-row header -> canonical column; ``ignore`` leaves a
column out); ``inspect --write-mapping`` writes one to start from::

    sheet: Savings plan      # optional: the sheet holding the register
    header_row: 3            # optional: the (last) header row, 1-based
    columns:
      Ref: scheme_id
      Initiative: scheme
      Rag Rating / Finance: rag_value
      Annual saving: fye_net_saving
"""

from __future__ import annotations

import datetime as dt
import gc
import operator
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import calendar
from ..errors import ConfigError, Problem, ValidationError, WorkbookError
from ..schema import MONTHLY_PLAN_COLUMNS, SCHEME_SCHEMA, Scheme
from .headers import (
    IGNORE,
    Assignment,
    Field,
    HeaderCell,
    assign,
    find_header,
    header_cells,
    header_year,
    is_header_like,
    money_unit,
    month_label,
    norm,
    read_mapping_file,
)
from .values import MAX_MONTHS, MONEY_LIMIT_GBP, NotANumber, shown, strict_money, strict_number
from .workbook import XlsxBook, column_letter, rag_from_colour, reading

SCAN_ROWS = 40  # rows of each sheet searched for a header
SAMPLE_ROWS = 60  # data rows below the header sampled for value evidence
MIN_HEADER_COLUMNS = 3  # canonical columns a header row must name
GO_LIVE_WINDOW_YEARS = 10  # a go-live further than this from the register's year is a typo

# Outcomes of a worksheet row in the load report.
SCHEME, TOTAL, ADJUSTMENT, BLANK, TITLE, HEADER, NOTE = (
    "scheme",
    "total",
    "adjustment",
    "blank",
    "title",
    "header",
    "note",
)
OUTCOMES = (SCHEME, TOTAL, ADJUSTMENT, BLANK, TITLE, HEADER, NOTE)

_TOTAL_LABEL = re.compile(r"\b(?:grand\s+|sub[\s-]?)?totals?\b", re.IGNORECASE)
_RAG_WORDS = {
    "green": "green",
    "g": "green",
    "amber": "amber",
    "a": "amber",
    "red": "red",
    "r": "red",
    "blue": "green",
    "b": "green",
    "complete": "green",
    "completed": "green",
}  # BRAG: blue is delivered
_RAG_ORDER = ("green", "amber", "red")
_EXPECTED_HEADERS = {
    Scheme.scheme_id: "'No'",
    Scheme.scheme: "'Scheme'",
    Scheme.go_live: "'Go Live Date'",
    Scheme.fye_net_saving: "'(Full Year) Effect Net Saving' (the FYE)",
}


# --- the canonical fields of a register ----------------------------------------------------

_RATING_GROUP = ((r"\brag\b|rating|assessment|confidence|\brisks?\b|scoring|\bscores?\b", 2.5),)
_NOT_MONEY_WORDS = r"ytd|year to date|cumulative|variance|\bvar\b"
# a header that is only a year (and a unit): "2013/14 £", "FY27", under a group naming the plan
_YEAR_ALONE = r"^(?:fy ?)?\d{2,4} ?[/-] ?\d{2,4}(?: ?£ ?(?:0{3}|k|m)?)?$|^fy ?\d{2,4}$"
_FORECAST_GROUP = ((r"director|forecast|assessment", 1.0),)

REGISTER_FIELDS: tuple[Field, ...] = (
    Field(
        Scheme.scheme_id,
        (
            (
                r"^(?:scheme |qipp |project |cip |unique |initiative |saving |savings )?"
                r"(?:no\.?|number|ref\.?|ref no\.?|reference|id|#|code|ref number|item)$",
                5.0,
            ),
            (r"^(?:scheme|project|qipp|cip|initiative)s? (?:no|ref|id|code|number)\b", 4.0),
            (r"\bref\b|\bid\b|\bno\.?$|^#|\bcode\b", 2.0),
            (r"^(?:scheme|project|initiative)$", 1.5),
        ),  # numbers under "Scheme": the scheme number
        values="id",
        required=True,
        avoid=(r"file ref|plan ref|\bpid\b",),
    ),
    Field(
        Scheme.file_ref,
        ((r"file ref|file reference|plan ref|\bpid\b|project plan", 5.0),),
        values="id",
    ),
    Field(
        Scheme.theme,
        (
            (
                r"transformation heading|\btheme\b|programme|work ?stream|portfolio|pillar|"
                r"care group|directorate|division|service area|clinical area|\bpod\b|"
                r"point of delivery|category of spend|\bsector\b|\bspecialty\b|\bheading\b",
                4.0,
            ),
            (r"\barea\b|\bservice\b|\btype\b|\bcategory\b", 2.0),
        ),
        values="category",
        avoid=(r"\blead\b|\bmanager\b",),
    ),
    Field(
        Scheme.scheme,
        (
            (
                r"^(?:scheme|project|initiative|opportunity|intervention|qipp scheme|cip scheme)"
                r"(?: name| title| description)?$",
                5.0,
            ),
            (
                r"\bscheme\b|\bproject\b|\binitiative\b|description|\btitle\b|\bopportunity\b|"
                r"\bname\b|\bintervention\b|saving(?:s)? (?:idea|proposal)",
                2.5,
            ),
        ),
        values="name",
        required=True,
        avoid=(
            r"\b(?:no\.?|number|ref|id|code|lead|owner|manager|sro|type)$",
            r"\bdelivery value\b",
        ),
    ),
    Field(
        Scheme.phase,
        ((r"\bphase\b|complexity|\bcategory\b|\bstage\b|\btier\b", 4.0),),
        values="phase",
    ),
    Field(
        Scheme.go_live,
        (
            (
                r"go ?-?live|start date|implementation date|start month|commenc|live date|"
                r"date of implementation|^starts?$|implementation month|effective from|"
                r"delivery start|^from$|date live|implementation",
                5.0,
            ),
            (r"\bstart\b|\bdate\b", 2.0),
        ),
        values="month",
        required=True,
    ),
    Field(
        Scheme.months_in_year,
        (
            (
                r"no\.? of months|months? saving|months? in (?:the )?year|months? of saving|"
                r"number of months|^months$|months? (?:in )?\d|months? live",
                5.0,
            ),
            (r"\bmonths?\b", 2.0),
        ),
        values="months",
        year="this",
        avoid=(r"\+ ?/ ?-|change|slip|delay|gain|lost|£",),
    ),
    Field(
        Scheme.gross_opportunity,
        (
            (
                r"gross(?! (?:plan|savings?|target))|current cost|baseline (?:spend|cost)|opportunity|"
                r"current spend",
                4.0,
            ),
            (r"\bgross\b", 2.5),
        ),  # "Gross Plan" is gross only beside a net plan that takes the plan
        values="money",
        avoid=(_NOT_MONEY_WORDS, r"\bactual\b|\bnet\b"),
    ),
    Field(
        Scheme.fye_net_saving,
        (
            (
                r"full ?-?year|\bfye\b|effect net saving|annuali[sz]ed|recurrent (?:saving|value|"
                r"effect|benefit)|run ?-?rate|annual (?:saving|value|benefit|effect|impact)",
                5.0,
            ),
            (r"net saving|\bannual\b", 2.5),
            (r"\bsavings?\b|\bbenefit\b", 2.0),  # a bare "Saving" is the scheme's full saving
            (r"\bvalue\b", 1.5),
        ),
        values="money",
        required=True,
        avoid=(
            _NOT_MONEY_WORDS,
            r"\bactual\b|\bmonths?\b|gross|most likely|delivery value|"
            r"forecast|next year|following year|in ?-?year|delivered|achieved|realised|%",
        ),
    ),
    Field(
        Scheme.plan_in_year,
        (
            (
                r"plann?(?:ed)? sav|in ?-?year (?:plan|saving|target|value|effect)|plan in year|"
                r"annual (?:plan|target)|savings? (?:plan|target)|qipp (?:plan|target)|"
                r"cip (?:plan|target)|total plan|plan total|part ?-?year (?:effect|saving|value)|"
                r"\bpye\b",
                4.0,
            ),
            (r"\bplan\b|\bplanned\b|\btarget\b|" + _YEAR_ALONE, 3.0),
            (r"\bbudget\b|\bin ?-?year\b|^total\b", 2.0),
            (r"\bsavings?\b", 1.8),
        ),  # "Savings 24/25": the year it names settles it
        values="money",
        year="this",
        avoid=(
            _NOT_MONEY_WORDS,
            r"\bactual\b|\bref\b|\blead\b|\bfile\b|most likely|"
            r"next year|following year|\bmonths?\b|\bm\d+\b|gross(?! (?:plan|savings?|target))",
        ),
        avoid_unnamed=(r"forecast",),
    ),
    Field(
        Scheme.plan_next_year,
        (
            (r"next year|following year|incremental|\bfye? impact|c/f|carr(?:y|ied) forward", 4.0),
            (r"plann?(?:ed)? sav|\bplan\b|\bplanned\b|\btarget\b|" + _YEAR_ALONE, 3.0),
            (r"\bsavings?\b", 2.0),
        ),
        values="money",
        year="next",
        avoid=(
            _NOT_MONEY_WORDS,
            r"\bactual\b|delivery value|most likely|\bmonths?\b|"
            r"\bref\b|gross(?! (?:plan|savings?|target))",
        ),
        avoid_unnamed=(r"forecast",),
    ),
    Field(
        Scheme.rag_value,
        ((r"^value$|financ|benefit|saving|\bvalue\b|\bcost\b", 3.0),),
        values="rag",
        group=_RATING_GROUP,
        order=0.0,
        avoid=(_NOT_MONEY_WORDS,),
    ),
    Field(
        Scheme.rag_resources,
        ((r"resourc|workforce|capacity|staff|people|capabilit", 3.0),),
        values="rag",
        group=_RATING_GROUP,
        order=0.25,
    ),
    Field(
        Scheme.rag_timeliness,
        ((r"timeliness|timescale|\btim(?:e|ing)\b|pace|milestone|deliverab|progress", 3.0),),
        values="rag",
        group=_RATING_GROUP,
        order=0.5,
    ),
    Field(
        Scheme.rag_codependency,
        ((r"dependen|co-?dep|partner|stakeholder|\bsystem\b|enabler", 3.0),),
        values="rag",
        group=_RATING_GROUP,
        order=0.75,
    ),
    Field(
        Scheme.rag_overall,
        (
            (r"\boverall\b", 4.0),
            (
                r"^rag$|rag rating|rag status|confidence|risk rating|^rating$|^status$|"
                r"delivery risk|^rag\b|\brag$|^risks?$|^risk level$|^confidence level$",
                3.0,
            ),
        ),
        values="rag",
        group=_RATING_GROUP,
        order=1.0,
        avoid=(r"most likely|£|value £",),
    ),
    Field(
        Scheme.most_likely_in_year,
        (
            (
                r"most likely|risk ?-?adjusted|risk ?-?assessed|risk ?-?weighted|\bweighted\b|"
                r"expected (?:saving|value)|probab",
                5.0,
            ),
        ),
        values="money",
        year="this",
        avoid=(_NOT_MONEY_WORDS,),
    ),
    Field(
        Scheme.change_in_delivery_months,
        (
            (
                r"change in delivery|delivery change|months? \+ ?/ ?-|\+ ?/ ?- ?months|slippage|"
                r"slip(?:ped)? months|\bdelay|months? (?:gained|lost)",
                5.0,
            ),
        ),
        values="signed_months",
        avoid=(r"£|\bvalue\b|\bcost\b",),
    ),  # "Slippage £000": money
    Field(
        Scheme.forecast_in_year,
        ((r"forecast|delivery value|outturn|\bfot\b|projected|expected delivery", 4.0),),
        values="money",
        year="this",
        group=_FORECAST_GROUP,
        avoid=(_NOT_MONEY_WORDS, r"\bm\d+\b|month \d|next year|following year|variance"),
    ),
    Field(
        Scheme.forecast_next_year,
        ((r"next year|following year", 3.0), (r"forecast|delivery value|outturn|projected", 3.0)),
        values="money",
        year="next",
        group=_FORECAST_GROUP,
        avoid=(_NOT_MONEY_WORDS, r"\bm\d+\b|month \d"),
    ),
    Field(
        Scheme.recurrent,
        ((r"recurr|\br ?/ ?nr\b|one-?off|type of saving|nature of saving", 5.0),),
        values="bool",
    ),
    Field(
        Scheme.owner,
        (
            (r"\blead\b|owner|\bsro\b|responsib|accountable|champion|\bmanager\b", 4.0),
            (r"director", 2.0),
        ),
        values="person",
        avoid=(r"lead ?-?in|director assessment|most likely|\btime\b",),
    ),
    Field(
        Scheme.commentary,
        (
            (
                r"comment|narrative|\bupdate\b|\bnotes?\b|progress|key issues|mitigat|remarks|"
                r"exception",
                4.0,
            ),
        ),
        values="long_text",
        avoid=(r"\brag\b",),
    ),
    # Recognised so that their columns are not misread as annual figures; not output.
    Field(
        "ytd_plan",
        (
            (
                r"(?:ytd|year to date|cumulative).*(?:plan|target|budget)|"
                r"(?:plan|target|budget).*(?:ytd|year to date|to date)",
                5.0,
            ),
            (r"^(?:plan|target|budget)\b", 1.5),
        ),
        values="money",
        output=False,
        group=((r"\bytd\b|year to date|cumulative", 3.0),),
        avoid=(r"variance|\bvar\b|%",),
    ),
    Field(
        "ytd_actual",
        (
            (
                r"(?:ytd|year to date|to date).*(?:actual|achieved|delivered)|"
                r"(?:actual|achieved|delivered).*(?:ytd|year to date|to date)",
                5.0,
            ),
            (r"^(?:actual|achieved|delivered)\b", 1.5),
        ),
        values="money",
        output=False,
        group=((r"\bytd\b|year to date|cumulative", 3.0),),
        avoid=(r"variance|\bvar\b|%",),
    ),
    Field(
        "ytd_variance",
        ((r"variance|\bvar\b|\bdiff", 4.0),),
        values="money",
        output=False,
        avoid=(r"%|percent",),
    ),
    Field(
        "actual",
        ((r"\bactuals?\b|achieved|delivered|realised", 2.5),),
        values="money",
        output=False,
        avoid=(r"%|percent",),
    ),
    # an amount of one-off saving ("Non-recurrent £000" beside a "Recurrent FYE"): marks the
    # schemes whose saving is all one-off
    Field(
        "non_recurrent_amount",
        ((r"^(?:non-? ?recurr\w*|one-? ?off)\b", 5.0),),
        values="money",
        output=False,
        avoid=(r"%|percent|\?|y ?/ ?n",),
    ),
    Field(
        "share",
        ((r"%|percent|\bpct\b", 3.0),),
        output=False,
        avoid=(r"most likely|weighted|adjusted",),
    ),
)
FIELDS_BY_NAME = {f.name: f for f in REGISTER_FIELDS}
_MEASURES = (
    ("actual", r"\bactuals?\b|achieved|delivered|realised"),
    ("forecast", r"forecast|\bfcst\b|projected|outturn|\bfot\b"),
    ("plan", r"\bplan\b|planned|budget|target|profile|trajectory|phasing"),
)


# --- results ------------------------------------------------------------------------------


@dataclass
class LoadReport:
    """What became of every worksheet row read, and how the header was read.

    Attributes:
        file: the workbook's file name.
        sheet: the sheet the register was read from.
        rows: one row per worksheet row: ``source`` (file!sheet!row), ``row`` (1-based),
            ``outcome`` (scheme, total, adjustment, blank, title, header, note), ``reason``.
        skipped_sheets: sheets looked at before the register was found, with why they were not it.
        unmapped_headers: header cells read but not used, with why.
        year: the register's financial year (its starting calendar year).
        year_from: where the year was read (a header, a title row, month columns, go-lives).
        choices: one row per header column read: ``cell`` (e.g. ``J5``), ``header`` (``group /
            sub``), ``column`` (canonical), ``score``, ``evidence``, ``close_call``.
        units: money unit per canonical money column (``"£"``, ``"£000"``, ``"£m"``).
        notes: plain sentences on what was derived or assumed (close calls, FYE from run rate).
        header_row: the last header row (1-based).
    """

    file: str
    sheet: str | None = None
    rows: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["source", "row", "outcome", "reason"])
    )
    skipped_sheets: list[str] = field(default_factory=list)
    unmapped_headers: list[str] = field(default_factory=list)
    year: int | None = None
    year_from: str = ""
    choices: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["cell", "header", "column", "score", "evidence", "close_call"]
        )
    )
    units: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    header_row: int | None = None

    def counts(self) -> dict[str, int]:
        """Rows per outcome, every outcome listed."""
        found = self.rows["outcome"].value_counts()
        return {outcome: int(found.get(outcome, 0)) for outcome in OUTCOMES}

    def summary(self) -> str:
        """One line: where the register was, and how many rows became what."""
        counts = self.counts()
        parts = ", ".join(
            f"{n} {k}{'' if n == 1 or k == BLANK else 's'}" for k, n in counts.items() if n
        )
        year = f", financial year {calendar.fy_label(self.year)}" if self.year else ""
        scaled = sorted({u for u in self.units.values() if u != "£"})
        units = f", money in {' and '.join(scaled)} converted to £" if scaled else ""
        return f"{self.file}!{self.sheet}: {len(self.rows)} rows read: {parts}{year}{units}"

    def details(self) -> list[str]:
        """The header reading in lines: each column's choice with its evidence, then notes."""
        lines = [
            f"{r.cell}: {r.header!r} -> {r.column} (score {r.score}; {r.evidence})"
            + (" [close call]" if r.close_call else "")
            for r in self.choices.itertuples()
        ]
        lines += [f"not used: {text}" for text in self.unmapped_headers]
        return lines + list(self.notes)


@dataclass
class RegisterLoad:
    """A register read from a workbook.

    Attributes:
        schemes: the canonical scheme table (columns ``Scheme.COLUMNS`` in order).
        year: the register's financial year, by its starting calendar year (2026 = 2026/27).
        totals: totals rows and unlabelled adjustment rows: ``kind``, ``label``, the money
            columns (£), ``agrees`` (a totals row's figures equal the sum of the schemes above
            it, within £1; NA for adjustments) and ``source``.
        totals_check: the check of each totals figure, long: ``source, label, field, stated,
            schemes_sum, difference`` (£).
        report: what became of every row read.
        file: the workbook's file name.
        sheet: the sheet read.
        monthly_plan: a monthly tracker's plan, ``scheme_id, month, plan_gbp, source``
            (schema.MONTHLY_PLAN_COLUMNS; empty for a register with no month columns).
        monthly_actual: its monthly actuals where it has them, ``scheme_id, month, actual_gbp,
            source`` (empty otherwise).
        assumed: canonical columns the workbook does not have and that were derived from its
            annual figures (``go_live``, ``fye_net_saving``; see the report's notes), so that
            ``reconcile`` does not check figures against what was only assumed.
    """

    schemes: pd.DataFrame
    year: int
    totals: pd.DataFrame
    totals_check: pd.DataFrame
    report: LoadReport
    file: str
    sheet: str
    monthly_plan: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(MONTHLY_PLAN_COLUMNS))
    )
    monthly_actual: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=[Scheme.scheme_id, "month", "actual_gbp", Scheme.source]
        )
    )
    assumed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mapping:
    """A user's description of a layout: header text -> canonical column, and where it is."""

    columns: dict[str, str]
    sheet: str | None = None
    header_row: int | None = None
    file: str = "mapping"


# --- containers ---------------------------------------------------------------------------


def open_book(path: Path):
    """The register's container by its suffix: .xlsx/.xlsm here, CSV and .xls/.xlsb/.ods by
    :mod:`.tabular`; anything else is opened as .xlsx and refused in one line if it is not."""
    from . import tabular

    if path.suffix.lower() in tabular.SUFFIXES:
        return tabular.open_book(path)
    return XlsxBook(path)


# --- header reading -----------------------------------------------------------------------


def _norm(text: object) -> str:
    """Header text for matching: lower case, no quotes, one space between words."""
    return norm(text)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, dt.date, dt.datetime)) and not isinstance(value, bool)


def _measure(cell: HeaderCell) -> str | None:
    text = f"{norm(cell.group)} {norm(cell.sub) if isinstance(cell.sub, str) else ''}"
    for name, pattern in _MEASURES:
        if re.search(pattern, text):
            return name
    return None


def _years_named(texts) -> list[int]:
    return [y for y in (header_year(t) for t in texts) if y is not None]


def _best_year(named: list[int]) -> int | None:
    """The register's year from the years headers name: the year that explains most of them
    as this year or next (a "13/14" and a "14/15" column: 2013/14); the earlier on a tie."""
    if not named:
        return None
    counts = Counter(named)

    def fit(y):
        return (
            counts[y]
            + 0.9 * counts[y + 1]
            - 0.5 * sum(n for k, n in counts.items() if k not in (y, y + 1))
        )

    return max(sorted(counts), key=lambda y: (fit(y), -y))


@dataclass
class _Layout:
    """How a sheet's header was read: canonical column -> 0-based position, and the rest."""

    positions: dict[str, int]
    header_first: int  # 1-based worksheet rows
    header_last: int
    year: int | None
    year_from: str
    problems: list[Problem]
    unmapped: list[str]
    assignment: Assignment | None
    months: list[tuple[int, str, pd.Period]]  # position, measure, month
    units: dict[int, tuple[str, float]]  # position -> unit of a money column
    notes: list[str]
    month_headers: dict[int, str] = field(default_factory=dict)  # position -> header shown


def _month_columns(cells: list[HeaderCell], year: int | None):
    """Columns headed by a month (in the sub-header, or in the group over "Plan", "Actual",
    "Var" sub-headers), with the measure they hold, and those that cannot be placed."""
    found, unplaced = [], []
    for cell in cells:
        label = month_label(cell.sub) if cell.sub != "" else None
        if label is None and cell.group:
            label = month_label(cell.group)
        if label is None:
            continue
        kind, value = label
        if kind == "month":
            month = value
        elif year is not None:
            month = calendar.fy_start(year) + (value - 1)
        else:
            unplaced.append(cell)
            continue
        found.append((cell, _measure(cell), month))
    # Runs of consecutive columns, months rising; a column naming its measure keeps it. In a
    # run of plain months the unnamed columns take the measure the run names; the first run
    # naming none is the plan when nothing names the plan; anything else is left unread
    # (a "Var" column between a month's plan and actual).
    runs: list[list] = []
    for cell, measure, month in found:
        last = runs[-1][-1] if runs else None
        if last is None or cell.column != last[0].column + 1 or month <= last[2]:
            runs.append([])
        runs[-1].append((cell, measure, month))
    plan_named = any(m == "plan" for _, m, _ in found)
    interleaved = any(
        a[0].column + 1 == b[0].column and a[2] == b[2] for a, b in zip(found, found[1:])
    )
    if interleaved:  # Plan | Actual | Var under each month: only named columns are read
        return [(cell, measure or "unlabelled", month) for cell, measure, month in found], unplaced
    out = []
    for run in runs:
        named = {m for _, m, _ in run if m}
        if len(named) == 1:
            fill = named.pop()
        elif not named and not plan_named:
            fill, plan_named = "plan", True
        else:
            fill = "unlabelled"
        out.extend((cell, measure or fill, month) for cell, measure, month in run)
    return out, unplaced


_QUARTER = re.compile(
    r"^(?:q|qtr|quarter) ?([1-4])(?: ?(?:plan|actual|forecast|budget|target|"
    r"profile|fot|var(?:iance)?|£0{3}|£k|£m|£))*$"
)


def _quarter(cell: HeaderCell) -> bool:
    """A column heading one quarter of the year ("Q1", "Qtr 2 Plan", "Quarter 3 £000")."""
    sub = norm(cell.sub) if isinstance(cell.sub, str) else ""
    text = sub or norm(cell.group)
    return bool(_QUARTER.match(re.sub(r"[()'`]", "", text).strip()))


def _mapping_fixed(
    cells: list[HeaderCell], mapping: Mapping, file: str, sheet: str, row: int
) -> tuple[dict[int, str], set[int], list[Problem]]:
    """Columns the mapping names: by sub-header, by group, or by ``group / sub``."""
    fixed: dict[int, str] = {}
    ignored: set[int] = set()
    problems: list[Problem] = []
    for key, column in mapping.columns.items():
        hits = []
        for cell in cells:
            forms = {
                norm(cell.sub),
                norm(f"{cell.group} / {cell.sub}"),
                norm(f"{cell.group}/{cell.sub}"),
                norm(f"{cell.group} {cell.sub}"),
            }
            if key in forms or key == norm(cell.shown):
                hits.append(cell)
        if not hits:
            hits = [c for c in cells if c.group and norm(c.group) == key]
            if len(hits) > 1 and column != IGNORE:
                letters = ", ".join(column_letter(c.column) for c in hits)
                problems.append(
                    Problem(
                        mapping.file,
                        f"mapping key {key!r} is a group over {len(hits)} columns "
                        f"({letters}) of {file}!{sheet}: name one as 'group / sub-header'",
                    )
                )
                continue
        if not hits:
            present = ", ".join(repr(c.shown) for c in cells)
            problems.append(
                Problem(
                    mapping.file,
                    f"mapping key {key!r} matches no header of {file}!{sheet} "
                    f"(header row {row}); the headers are: {present}",
                )
            )
            continue
        for cell in hits:
            if column == IGNORE:
                ignored.add(cell.column)
            else:
                fixed[cell.column] = column
    return fixed, ignored, problems


def _read_header(
    rows: list,
    first: int,
    last: int,
    merges,
    mapping: Mapping | None,
    file: str,
    sheet: str,
    data: list,
    fills: list | None,
) -> _Layout:
    """Read the header block: units, the year, month columns, and the joint assignment."""
    cells = header_cells(rows, first, last, merges, data=data, fills=fills)
    top_row, bottom_row = first + 1, last + 1
    problems: list[Problem] = []
    notes: list[str] = []
    titles = [v for r in rows[:first] for v in r if isinstance(v, str) and v.strip()]
    # The financial year: month columns, then headers, then title rows (go-lives later).
    dated = [month_label(c.sub) or month_label(c.group) for c in cells]
    months_named = [calendar.fy_start_year(v) for k, v in (d for d in dated if d) if k == "month"]
    year, year_from = None, ""
    if len(months_named) >= 3:
        year = Counter(months_named).most_common(1)[0][0]
        year_from = "the month columns"
    if year is None:
        named = _years_named(
            [c.sub for c in cells if isinstance(c.sub, str)] + [c.group for c in cells]
        )
        year = _best_year(named)
        year_from = "the headers" if year is not None else ""
    if year is None:
        named = _years_named(titles)
        if named:
            year, year_from = min(named), "the title"
    if year is None:  # "QIPP 2021-22": the year only in the sheet's name
        named = _years_named([sheet])
        if named:
            year, year_from = min(named), "the sheet name"
    month_cols, unplaced = _month_columns(cells, year)
    month_positions = {cell.column for cell, _, _ in month_cols}
    if unplaced:
        problems.append(
            Problem(
                file,
                "month columns named without a year ("
                f"{unplaced[0].shown!r}, ...) and no header or title names the "
                "financial year: add it to the title (e.g. 'Savings plan "
                "2019/20')",
                sheet,
                f"{column_letter(unplaced[0].column)}{bottom_row}",
            )
        )
    fixed: dict[int, str] = {}
    ignored: set[int] = set()
    if mapping is not None:
        fixed, ignored, mapping_problems = _mapping_fixed(cells, mapping, file, sheet, bottom_row)
        if mapping_problems:
            raise ConfigError(mapping_problems)
    quarters = {c.column for c in cells if c.column not in fixed and _quarter(c)}
    pool = [
        c
        for c in cells
        if c.column not in month_positions
        and c.column not in ignored
        and c.column not in quarters
        and not (isinstance(c.sub, (dt.date, pd.Timestamp)))
    ]
    assignment = assign(
        REGISTER_FIELDS,
        pool,
        year,
        fixed={k: v for k, v in fixed.items() if k not in month_positions},
    )
    positions = {
        name: choice.cell.column - 1
        for name, choice in assignment.choices.items()
        if FIELDS_BY_NAME.get(name) is None or FIELDS_BY_NAME[name].output
    }
    for choice in assignment.choices.values():
        if choice.close:
            notes.append(f"close call: {choice.describe()}")
    unmapped = [
        f"{column_letter(c.column)}{bottom_row}: {c.shown!r} ({why})"
        for c, why in assignment.unmapped
    ]
    for name, choice in assignment.choices.items():
        field_ = FIELDS_BY_NAME.get(name)
        if field_ is not None and not field_.output:
            unmapped.append(
                f"{column_letter(choice.cell.column)}{bottom_row}: "
                f"{choice.cell.shown!r} (read as {name}, not part of the "
                "scheme table)"
            )
    for cell in cells:
        if cell.column in quarters:
            unmapped.append(
                f"{column_letter(cell.column)}{bottom_row}: {cell.shown!r} (a quarter "
                "column: a quarterly profile is not read; the annual figures are)"
            )
    for cell, measure, _month in month_cols:
        if measure not in ("plan", "actual", "forecast"):
            unmapped.append(
                f"{column_letter(cell.column)}{bottom_row}: {cell.shown!r} "
                "(a month column not labelled plan, actual or forecast)"
            )
    # Money units: a column's own header, else a title row; plain "£" is pounds.
    sheet_unit = next((u for u in (money_unit(t) for t in titles) if u), None)
    if sheet_unit is None:  # a unit written only in the group row over every column
        groups = [money_unit(c.group) for c in cells if c.group and not c.sub]
        sheet_unit = next((u for u in groups if u), None)
    if sheet_unit is None:  # one unit named in some headers ("Annual Plan £000") is the
        named = {money_unit(f"{c.group} {c.sub}") for c in cells if isinstance(c.sub, str)}
        named.discard(None)  # register's: its month columns name none
        if len(named) == 1:
            sheet_unit = named.pop()
    units: dict[int, tuple[str, float]] = {}
    for cell in cells:
        text = f"{cell.group} {cell.sub if isinstance(cell.sub, str) else ''}"
        own = money_unit(text)
        if own is None and "£" in text:
            own = ("£", 1.0)
        units[cell.column - 1] = own or sheet_unit or ("£", 1.0)
    months = [
        (cell.column - 1, measure, month)
        for cell, measure, month in month_cols
        if measure in ("plan", "actual", "forecast")
    ]
    has_plan_months = any(m == "plan" for _, m, _ in months)
    # Only a scheme and a money figure of the year are truly required: with no go-live (and
    # no months or monthly plan to give it) and no FYE, they are derived from the annual
    # figures after the rows are read (:func:`_assume_from_year_figures`), and said so.
    year_figure = Scheme.plan_in_year in positions or Scheme.fye_net_saving in positions
    if not year_figure and not has_plan_months:
        problems.append(
            Problem(
                file,
                "no full-year effect (FYE) column and no plan for the "
                "year: expected a column like '(Full Year) Effect Net Saving', "
                "'Annual Plan', 'Saving 2024/25 £' or monthly plan columns",
                sheet,
                f"A{bottom_row}",
            )
        )
    for name in assignment.missing:
        if (
            name in (Scheme.go_live, Scheme.fye_net_saving)
            and not year_figure
            and not has_plan_months
        ):
            continue  # said once above
        if name == Scheme.go_live and (
            has_plan_months or Scheme.months_in_year in positions or year_figure
        ):
            continue
        if name == Scheme.fye_net_saving and (has_plan_months or Scheme.plan_in_year in positions):
            continue
        if name == Scheme.scheme_id and Scheme.scheme in positions:
            notes.append(
                "no scheme number column: schemes are numbered 1, 2, ... in register order"
            )
            continue
        what = (
            "no full-year effect (FYE) column"
            if name == Scheme.fye_net_saving
            else f"no {name} column"
        )
        problems.append(
            Problem(
                file,
                f"{what}: expected a header like {_EXPECTED_HEADERS.get(name, repr(name))}",
                sheet,
                f"A{bottom_row}",
            )
        )
    shown = {
        cell.column - 1: (
            cell.shown if isinstance(cell.shown, str) else cell.shown.strftime("%b-%y")
        )
        for cell, _, _ in month_cols
    }
    return _Layout(
        positions,
        top_row,
        bottom_row,
        year,
        year_from,
        problems,
        unmapped,
        assignment,
        months,
        units,
        notes,
        shown,
    )


# --- cell parsing -------------------------------------------------------------------------


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _each_distinct(fn, cells: list[tuple]) -> list:
    """``fn(*cell)`` for every cell, computed once for each distinct cell (a register repeats
    its ratings, phases, months and flags thousands of times); cells equal but of other
    types (``1``, ``1.0``, ``True``) are kept apart."""
    kinds = set(map(type, map(operator.itemgetter(0), cells)))
    if len(kinds & {bool, int, float}) > 1:
        keys = [(type(c[0]), c) for c in cells]
        table = {key: fn(*key[1]) for key in set(keys)}
    else:
        keys = cells
        table = {key: fn(*key) for key in set(keys)}
    return list(map(table.__getitem__, keys))


_NUMBER_KINDS = frozenset((int, float, type(None)))


def _plain_numbers(values: list) -> np.ndarray:
    """The cells as floats where they are plain numbers (``int``/``float``, not booleans, below
    10^15), NaN elsewhere: one C call when the column holds only numbers and blanks."""
    if set(map(type, values)) <= _NUMBER_KINDS:
        try:
            numbers = np.array(values, dtype=float)
        except OverflowError:  # an integer beyond float
            pass
        else:
            numbers[np.abs(numbers) >= 1e15] = np.nan
            return numbers
    return np.array(
        [
            v if (type(v) is float or type(v) is int) and -1e15 < v < 1e15 else np.nan
            for v in values
        ],
        dtype=float,
    )


def _money(value: object) -> tuple[float, str | None]:
    """Pounds from a number or text like '£12,345' / '(1,200)'; NaN for blank (strict:
    see :mod:`.values`; "NaN", "inf", "1_000" and "£12,3,4" are not amounts)."""
    try:
        return strict_money(value), None
    except NotANumber:
        return np.nan, f"expected an amount in £, found {shown(value)}"


def _number(
    value: object, what: str, blank: float = np.nan, limit: float = MAX_MONTHS
) -> tuple[float, str | None]:
    """A register's plain number, which is a count of months (months in year, change in
    delivery): strict (:mod:`.values`) and within ±``limit`` (default ±36 months, three years:
    the forecast keeps effective months within 0-12 anyway, so a larger change is a typo)."""
    try:
        number = strict_number(value, limit=limit)
    except NotANumber as error:
        return np.nan, f"expected {what}, found {shown(value)}" + (
            " (beyond the plausible range)" if "range" in str(error) else ""
        )
    return (blank if np.isnan(number) else number), None


def _months(value: object) -> tuple[float, str | None]:
    number, error = _number(value, "a number of months 0-12")
    if error is None and not np.isnan(number) and not 0 <= number <= 12:
        return np.nan, f"expected a number of months 0-12, found {shown(value)}"
    return number, error


def _phase(value: object) -> tuple[float, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return np.nan, None
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(?:phase\s*)?([0-9]+)\s*", value, re.IGNORECASE)
        number = float(match[1]) if match else None
    if number is None or number not in (1, 2, 3, 4):
        return np.nan, f"expected a phase 1, 2, 3 or 4, found {shown(value)}"
    return number, None


_LEVELS = {
    "risk": {"high": "red", "medium": "amber", "med": "amber", "low": "green"},
    "confidence": {"high": "green", "medium": "amber", "med": "amber", "low": "red"},
}


def _level_sense(header: str) -> str | None:
    """How a header's High/Medium/Low reads: as a risk (high = red) or a confidence (high =
    green); ``None`` when it names neither."""
    text = norm(header)
    if re.search(r"confiden|certaint|assurance|likelihood of delivery|deliverability", text):
        return "confidence"
    if re.search(r"\brisks?\b", text):
        return "risk"
    return None


def _rag(
    value: object, fill: str | None, sense: str | None = None
) -> tuple[str | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return rag_from_colour(fill), None
    text = str(value).strip().lower()
    word = _RAG_WORDS.get(text) or _LEVELS.get(sense or "", {}).get(text)
    if word is None:  # a five-point rating ("Amber/Green", "A-R"): the worse of the two
        parts = [_RAG_WORDS.get(p) for p in re.split(r"\s*[/\-&]\s*|\s+", text) if p]
        if len(parts) == 2 and all(parts):
            word = max(parts, key=_RAG_ORDER.index)
    if word is None:
        levels = (
            " (High, Medium, Low under a header naming risk or confidence)"
            if text in _LEVELS["risk"]
            else ""
        )
        return None, f"unknown RAG rating {value!r}: expected Green, Amber or Red{levels}"
    return word, None


def _month(value: object, year: int | None = None) -> tuple[pd.Period | None, str | None]:
    """A go-live month; ``year`` is the register's financial year when known.

    A two-digit year ("Jul-99") is read in the window of ``GO_LIVE_WINDOW_YEARS`` around the
    register's year and refused when the window cannot place it; any go-live further than
    that from the register's year, or outside 1900-2100, is refused (a typo, never a plan).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "no go-live month: expected a month such as Jul-26 or a date"
    around = None if year is None else year
    window = calendar.TWO_DIGIT_WINDOW if year is None else GO_LIVE_WINDOW_YEARS
    try:
        month = calendar.parse_month(value, around=around, window=window)
    except ValueError as error:
        why = "" if "is not a month" in str(error) else f" ({error})"
        return None, (
            f"unreadable month {shown(value)}{why}: expected a month such as "
            "Jul-26, July 2026, 2026-07 or an Excel date"
        )
    if year is not None and abs(calendar.fy_start_year(month) - year) > GO_LIVE_WINDOW_YEARS:
        return None, (
            f"go-live {month.strftime('%b %Y')} is more than {GO_LIVE_WINDOW_YEARS} "
            f"years from the register's year {calendar.fy_label(year)}: a typo?"
        )
    return month, None


# --- the loader ---------------------------------------------------------------------------


def _recurrent(value: object, negated: bool) -> tuple[bool | None, str | None]:
    """Recurrent (True) or one-off (False) from Y/N, R/NR, Recurrent/Non-recurrent; blank is
    recurrent. ``negated``: the header asks "Non-recurrent?", so "Y" means one-off."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True, None
    if isinstance(value, bool):
        return value != negated, None
    word = norm(value).replace("_", " ")
    if word in ("y", "yes", "true", "1", "recurrent", "rec", "r"):
        return not negated, None
    if word in (
        "n",
        "no",
        "false",
        "0",
        "non-recurrent",
        "non recurrent",
        "nonrecurrent",
        "nr",
        "non-rec",
        "one-off",
        "one off",
        "oneoff",
    ):
        return negated, None
    return None, (f"expected recurrent or non-recurrent (R/NR, Y/N), found {value!r}")


def read_mapping(path: str | Path) -> Mapping:
    """Read a YAML mapping file (see the module docstring; :func:`headers.read_mapping_file`).

    Raises:
        ConfigError: naming the file, for a missing or malformed file or an unknown column.
    """
    known = [c for c in Scheme.COLUMNS if c != Scheme.source]
    columns, sheet, header_row = read_mapping_file(path, known)
    return Mapping(
        {_norm(k): v for k, v in columns.items()},
        sheet=sheet,
        header_row=header_row,
        file=Path(path).name,
    )


def _year_from_go_lives(go_lives: pd.Series) -> int | None:
    """The financial year most schemes go live in (the earliest on a tie)."""
    years = Counter(calendar.fy_start_year(m) for m in go_lives.dropna())
    if not years:
        return None
    top = max(years.values())
    return min(y for y, n in years.items() if n == top)


def load_register(
    path: str | Path, sheet: str | None = None, mapping: str | Path | Mapping | None = None
) -> RegisterLoad:
    """Read a scheme register from a workbook (.xlsx, .xls, .xlsb, .ods) or a CSV export.

    Args:
        path: the register file.
        sheet: the sheet holding the register; by default every sheet is searched in order.
        mapping: a YAML mapping file (or :class:`Mapping`) correcting the header reading.

    Returns:
        A :class:`RegisterLoad`: schemes (money in £, months as ``Period[M]``, the financial
        year by its starting calendar year), totals kept apart, a monthly tracker's plan
        profile, and a report of every row and of how each header was read.

    Raises:
        WorkbookError: the file can't be opened, the sheet is missing, or no sheet has a register.
        ValidationError: every cell that breaks the column contract, each named by sheet and cell.
        ConfigError: the mapping file is malformed or names a header that is not there.
    """
    path = Path(path)
    file = path.name
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = read_mapping(mapping)
    sheet = sheet or (mapping.sheet if mapping else None)
    book = open_book(path)
    try:
        with reading(file), _no_cyclic_gc():
            return _load(book, file, sheet, mapping)
    finally:
        book.close()


@contextmanager
def _no_cyclic_gc():
    """Python's cyclic garbage collector paused while a register is read. The load makes a
    list or tuple for every row and cell group (no reference cycles, all freed by reference
    counting), and each full collection would walk them all again: about a tenth of a
    50,000-row load. Restored on the way out, error or not."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Sheet:
    """The first rows of a sheet (enough to find and read its header) and the rest, lazily."""

    title: str
    buffer: list  # (row_number, values, styles)
    rest: object  # iterator of the rows after the buffer
    block: tuple[int, int] | None
    merges: list


def _scan(book, title: str, mapping: Mapping | None, fields=REGISTER_FIELDS) -> _Sheet | None:
    rows = book.rows(title)
    if rows is None:
        return None
    scan = max(SCAN_ROWS, (mapping.header_row or 0) + 1) if mapping else SCAN_ROWS
    buffer = []
    for row in rows:
        buffer.append(row)
        if len(buffer) >= scan:
            break
    values = [v for _, v, _ in buffer]
    block = find_header(
        values,
        fields,
        MIN_HEADER_COLUMNS,
        header_row=mapping.header_row if mapping else None,
        strong=2.0,
    )
    if block is not None and mapping and mapping.header_row:
        first, last = block
        below = values[last + 1] if last + 1 < len(values) else []
        if first == last and is_header_like(below) and not any(_is_number(v) for v in below):
            block = (last, last + 1)  # header_row named the group row of a two-row header
    return _Sheet(title, buffer, rows, block, [])


def _load(book, file: str, sheet: str | None, mapping: Mapping | None) -> RegisterLoad:
    if sheet is not None and sheet not in book.sheetnames:
        raise WorkbookError(
            Problem(
                file,
                f"no sheet named {sheet!r}; the workbook has "
                f"{', '.join(repr(s) for s in book.sheetnames)}",
                sheet,
            )
        )
    skipped: list[str] = []
    deferred = None
    for title in [sheet] if sheet else book.sheetnames:
        found = _scan(book, title, mapping)
        if found is None:
            skipped.append(f"{title}: a chart sheet")
            continue
        if found.block is None:
            skipped.append(
                f"{title}: no header row naming scheme columns in its first {SCAN_ROWS} rows"
            )
            continue
        layout = _layout(book, found, mapping, file)
        if sheet is None and Scheme.scheme not in layout.positions:
            # A summary by programme before the register ("Programme | Plan | Forecast"): no
            # column names schemes, so look on; its problems stand if no sheet is a register.
            deferred = deferred or (found, layout)
            skipped.append(
                f"{title}: its header (row {layout.header_last}) names no scheme "
                "column (a summary?)"
            )
            continue
        return _read_rows(book, found, file, layout, skipped)
    if deferred is not None:
        found, layout = deferred
        skipped[:] = [s for s in skipped if not s.startswith(f"{found.title}: ")]
        return _read_rows(book, found, file, layout, skipped)
    where = (
        f"sheet {sheet!r}"
        if sheet
        else f"any sheet ({', '.join(repr(s) for s in book.sheetnames)})"
    )
    raise WorkbookError(
        Problem(
            file,
            f"no scheme register found on {where}: expected a header row with columns like "
            "'No', 'Scheme', 'Go Live Date' and '(Full Year) Effect Net Saving'",
            sheet,
        )
    )


def _layout(book, found: _Sheet, mapping: Mapping | None, file: str) -> _Layout:
    """Sample the rows below the header (topping up the buffer) and read the header."""
    first, last = found.block
    while len(found.buffer) < last + 1 + SAMPLE_ROWS:
        try:
            found.buffer.append(next(found.rest))
        except StopIteration:
            break
    data_rows = found.buffer[last + 1 : last + 1 + SAMPLE_ROWS]
    data = [v for _, v, _ in data_rows]
    fills = [
        [rag_from_colour(book.fill(s)) if s else None for s in styles] for _, _, styles in data_rows
    ]
    found.merges = book.merges(found.title)
    values = [v for _, v, _ in found.buffer]
    if first == last and first > 0:
        # A cell merged over several header columns in the row above, away from the label
        # columns at the left (where a title is merged), is a group ("Actual" over months),
        # even when it is the only text of its row.
        header = values[last]
        left = next((i for i, v in enumerate(header) if v not in (None, "")), 0) + 1
        if any(
            m.min_row == m.max_row == first and m.max_col > m.min_col and m.min_col > left
            for m in found.merges
        ):
            first -= 1
            found.block = (first, last)
    return _read_header(values, first, last, found.merges, mapping, file, found.title, data, fills)


def _read_rows(book, found: _Sheet, file: str, layout: _Layout, skipped) -> RegisterLoad:
    title, buffer = found.title, found.buffer
    first, last = found.block
    prefix = f"{file}!{title}!"
    report_rows: list[tuple[int, str, str]] = []
    for index in range(last + 1):
        row_number = index + 1
        if index >= first:
            report_rows.append((row_number, HEADER, "header"))
        elif any(v not in (None, "") for v in buffer[index][1]):
            report_rows.append((row_number, TITLE, "above the header"))
        else:
            report_rows.append((row_number, BLANK, ""))

    pos = layout.positions
    label_positions = sorted(
        {
            0,
            *(
                pos[c]
                for c in (Scheme.scheme_id, Scheme.file_ref, Scheme.theme, Scheme.scheme)
                if c in pos
            ),
        }
    )
    label_set = set(label_positions)
    id_pos, name_pos = pos.get(Scheme.scheme_id), pos.get(Scheme.scheme)
    money_positions = [pos[c] for c in Scheme.MONEY_COLUMNS if c in pos] + [
        p for p, m, _ in layout.months if m == "plan"
    ]
    wanted = list(pos.items())
    ytd = layout.assignment.choices.get("ytd_plan") if layout.assignment else None
    if ytd is not None:  # evidence for a flat year where go-live is assumed
        wanted.append(("ytd_plan", ytd.cell.column - 1))
    one_off = layout.assignment.choices.get("non_recurrent_amount") if layout.assignment else None
    if one_off is not None:
        wanted.append(("non_recurrent_amount", one_off.cell.column - 1))
    month_positions = [(p, m, month) for p, m, month in layout.months]
    rag_positions = {c: pos[c] for c in Scheme.RAG_COLUMNS if c in pos}

    scheme_rows: list[int] = []
    # A scheme row's cells are taken in one C call (itemgetter on the row padded to the last
    # column read), kept as a tuple a row, and turned into columns after the loop.
    positions = [p for _, p in wanted] + [p for p, _, _ in month_positions]
    reach = max(positions, default=-1) + 1
    pick = (
        operator.itemgetter(*positions)
        if len(positions) > 1
        else (lambda row: tuple(row[p] for p in positions))
    )
    picked: list[tuple] = []
    painted: list[tuple] = []  # (scheme index, cells, styles) of scheme rows with a style
    other_rows: list[tuple[str, int, str, list]] = []  # kind, row, label, cells by column
    seen_total = False
    heading: str | None = None  # the section heading row above a run of schemes
    headings: list[str | None] = []

    def rest():
        yield from buffer[last + 1 :]
        yield from found.rest

    # Cells merged down over several scheme rows (a programme or lead written once beside
    # its schemes): each row of the merge takes the value of its top cell. Only attributes
    # shared by schemes are carried: a number, name or amount merged down is one scheme's
    # (a scheme written over two rows), never repeated.
    shared = {
        pos[c]
        for c in (
            Scheme.theme,
            Scheme.owner,
            Scheme.phase,
            Scheme.go_live,
            Scheme.recurrent,
            *Scheme.RAG_COLUMNS,
        )
        if c in pos
    }
    anchors: dict[int, list[int]] = {}  # row -> 0-based columns whose value a merge carries
    carried: dict[int, list[tuple[int, tuple[int, int]]]] = {}  # row -> (column, anchor)
    for m in found.merges:
        if m.min_row > last + 1 and m.max_row > m.min_row:
            anchors.setdefault(m.min_row, []).append(m.min_col - 1)
            for c in range(m.min_col - 1, m.max_col):
                if c not in shared:
                    continue
                for r in range(m.min_row + 1, m.max_row + 1):
                    carried.setdefault(r, []).append((c, (m.min_row, m.min_col - 1)))
    anchor_values: dict[tuple[int, int], object] = {}

    for row_number, vals, styles in rest():
        if row_number in anchors:
            for c in anchors[row_number]:
                anchor_values[(row_number, c)] = vals[c] if c < len(vals) else None
        if row_number in carried and any(v not in (None, "") for v in vals):
            vals = list(vals) + [None] * max(
                0, max(c for c, _ in carried[row_number]) + 1 - len(vals)
            )
            for c, anchor in carried[row_number]:
                if vals[c] in (None, ""):
                    vals[c] = anchor_values.get(anchor)
        width = len(vals)
        first = vals[0] if vals else None  # (a number first: not blank, no need to look on)
        if (first is None or isinstance(first, str)) and all(
            v is None or (isinstance(v, str) and not v.strip()) for v in vals
        ):
            report_rows.append((row_number, BLANK, ""))
            continue
        id_value = vals[id_pos] if id_pos is not None and id_pos < width else None
        has_id = id_value not in (None, "") and not (
            isinstance(id_value, str) and _TOTAL_LABEL.search(id_value)
        )
        label = None
        if not has_id:  # a numbered row is a scheme, even one named "Total hip replacement"
            for p in label_positions:
                v = vals[p] if p < width else None
                if isinstance(v, str) and _TOTAL_LABEL.search(v):
                    label = v.strip()
                    break
        if label is not None:
            seen_total = True
            other_rows.append((TOTAL, row_number, label, vals))
            report_rows.append((row_number, TOTAL, f"labelled {label!r}"))
            continue
        has_name = name_pos is not None and name_pos < width and vals[name_pos] not in (None, "")
        if id_pos is None:
            has_id = has_name
        if has_id != has_name or id_pos is None:
            # A number or a name alone, with nothing else on the row beside other labels, is a
            # heading or a note ("PLANNED CARE"), not a scheme.
            has_id = has_name = (has_id or has_name) and any(
                v not in (None, "") for i, v in enumerate(vals) if i not in label_set
            )
        if has_id or has_name:
            scheme_rows.append(row_number)
            picked.append(pick(vals if width >= reach else vals + [None] * (reach - width)))
            if styles:
                painted.append((len(picked) - 1, vals, styles))
            report_rows.append((row_number, SCHEME, ""))
            headings.append(heading)
            continue
        if any(_is_number(vals[p]) for p in money_positions if p < width):
            other_rows.append((ADJUSTMENT, row_number, "", vals))
            reason = "figures with no scheme number or name" + (
                ", under a totals row" if seen_total else ""
            )
            report_rows.append((row_number, ADJUSTMENT, reason))
            continue
        filled = [(i, v) for i, v in enumerate(vals) if v not in (None, "")]
        if len(filled) == 1 and filled[0][0] in label_set and isinstance(filled[0][1], str):
            heading = filled[0][1].strip()
            report_rows.append((row_number, NOTE, "a heading: one label and nothing else"))
            continue
        report_rows.append(
            (row_number, NOTE, "text with no scheme number and name, and no figures")
        )

    # A blank rating cell's fill (a rating given as a colour); rows with no style have none.
    rag_fills: dict[str, list] = {c: [None] * len(picked) for c in rag_positions}
    for k, vals, styles in painted:
        for column, p in rag_positions.items():
            if p < len(styles) and styles[p] and (p >= len(vals) or vals[p] in (None, "")):
                rag_fills[column][k] = book.fill(styles[p])
    by_column = list(zip(*picked)) if picked else [()] * len(positions)
    raw: dict[str, list] = {c: list(by_column[k]) for k, (c, _) in enumerate(wanted)}
    raw_months: list[list] = [list(row[len(wanted) :]) for row in picked]
    problems = list(layout.problems)
    notes = list(layout.notes)
    factors = {
        column: layout.units[p][1] for column, p in pos.items() if column in Scheme.MONEY_COLUMNS
    }
    schemes = _parse_schemes(
        raw, rag_fills, scheme_rows, pos, file, title, problems, factors, layout, layout.year
    )
    sections = [h for h in dict.fromkeys(headings) if h is not None]
    if Scheme.theme not in pos and len(sections) >= 2:
        # Schemes grouped under two or more heading rows ("SURGERY", "MEDICINE"): the heading
        # is each scheme's theme where no column names one.
        schemes[Scheme.theme] = pd.Series(headings, dtype="object")
        notes.append(
            "theme read from the heading rows above each run of schemes ("
            + ", ".join(repr(h) for h in sections[:4])
            + (", ..." if len(sections) > 4 else "")
            + "; no theme column)"
        )
    monthly_plan, monthly_actual = _monthly(
        raw_months, month_positions, schemes, scheme_rows, layout, file, title, problems
    )
    if one_off is not None and Scheme.recurrent not in pos:
        amounts = np.array([_money(v)[0] for v in raw["non_recurrent_amount"]], dtype=float)
        recurring = np.nan_to_num(schemes[Scheme.fye_net_saving].to_numpy(dtype=float))
        only_once = (np.nan_to_num(amounts) != 0) & (recurring == 0)
        if only_once.any():
            flags = schemes[Scheme.recurrent].to_numpy(dtype=object)
            flags[only_once] = False
            schemes[Scheme.recurrent] = pd.array(list(flags), dtype="boolean")
            if Scheme.plan_in_year in pos:  # a one-off saving's FYE is its plan in year
                schemes.loc[only_once, Scheme.fye_net_saving] = schemes.loc[
                    only_once, Scheme.plan_in_year
                ]
            notes.append(
                f"one-off savings: {int(only_once.sum())} scheme(s) with a "
                f"{one_off.cell.shown!r} amount and no recurrent effect (their FYE "
                "is their plan in year)"
            )
    if _savings_negative(schemes, pos, monthly_plan):
        # Savings written as reductions in spend (every figure negative): read as savings.
        for column in _SAVING_COLUMNS:
            if column in pos:
                schemes[column] = -schemes[column]
                factors[column] = -factors[column]
        monthly_plan["plan_gbp"] = -monthly_plan["plan_gbp"]
        monthly_actual["actual_gbp"] = -monthly_actual["actual_gbp"]
        notes.append(
            "every saving is written as a negative figure (a reduction in spend): "
            "read as positive savings"
        )
    year = layout.year
    year_from = layout.year_from
    if not monthly_plan.empty:
        _from_months(schemes, monthly_plan, pos, notes)
    _derive_go_live(schemes, pos, year, notes)
    if year is None:
        year = _year_from_go_lives(schemes[Scheme.go_live])
        year_from = "the go-live months" if year is not None else ""
        _derive_go_live(schemes, pos, year, notes)
    ytd_plan = None
    if ytd is not None:
        factor = layout.units[ytd.cell.column - 1][1]
        ytd_plan = np.array([_money(v)[0] * factor for v in raw["ytd_plan"]], dtype=float)
    assumed = _assume_from_year_figures(schemes, pos, year, notes, ytd_plan)
    _derive_fye(schemes, pos, year, notes)
    if year is None and not problems:
        problems.append(
            Problem(
                file,
                "cannot tell the register's financial year: no header "
                "names one (like 'No of Months Saving in 26/27') and no "
                "go-live month was read",
                title,
            )
        )
    totals, totals_check = _totals(
        other_rows, schemes, scheme_rows, pos, file, title, prefix, problems, factors
    )
    if not scheme_rows and not problems:  # a header and nothing under it: one line, the cell
        problems.append(
            Problem(
                file,
                "no schemes under the header: expected a row per scheme from here",
                title,
                f"A{layout.header_last + 1}",
            )
        )
    if not problems:
        problems.extend(_schema_problems(schemes, scheme_rows, pos, file, title))
    if problems:
        raise ValidationError(problems)
    units = {
        column: layout.units[p][0] for column, p in pos.items() if column in Scheme.MONEY_COLUMNS
    }
    if month_positions:
        units["monthly_plan"] = layout.units[month_positions[0][0]][0]
    report = LoadReport(
        file=file,
        sheet=title,
        rows=pd.DataFrame(
            {
                "source": [f"{prefix}{r}" for r, _, _ in report_rows],
                "row": [r for r, _, _ in report_rows],
                "outcome": [o for _, o, _ in report_rows],
                "reason": [why for _, _, why in report_rows],
            }
        ),
        skipped_sheets=skipped,
        unmapped_headers=layout.unmapped,
        year=year,
        year_from=year_from,
        choices=_choices_frame(layout),
        units=units,
        notes=notes,
        header_row=layout.header_last,
    )
    return RegisterLoad(
        schemes=schemes,
        year=year,
        totals=totals,
        totals_check=totals_check,
        report=report,
        file=file,
        sheet=title,
        monthly_plan=monthly_plan,
        monthly_actual=monthly_actual,
        assumed=assumed,
    )


def _choices_frame(layout: _Layout) -> pd.DataFrame:
    rows = []
    if layout.assignment is not None:
        for name, choice in sorted(
            layout.assignment.choices.items(), key=lambda kv: kv[1].cell.column
        ):
            rows.append(
                {
                    "cell": f"{column_letter(choice.cell.column)}{layout.header_last}",
                    "header": choice.cell.shown,
                    "column": name,
                    "score": round(choice.score, 1) if np.isfinite(choice.score) else "mapping",
                    "evidence": "; ".join(choice.evidence),
                    "close_call": choice.close,
                }
            )
    for p, measure, month in layout.months:
        rows.append(
            {
                "cell": f"{column_letter(p + 1)}{layout.header_last}",
                "header": layout.month_headers.get(p, str(month)),
                "column": f"{measure} month {month}",
                "score": "",
                "evidence": "a month header",
                "close_call": False,
            }
        )
    return pd.DataFrame(
        rows, columns=["cell", "header", "column", "score", "evidence", "close_call"]
    )


def _monthly(
    raw_months, month_positions, schemes, scheme_rows, layout, file, sheet, problems
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy monthly plan (and actuals) of a tracker, money in pounds, in register order
    (scheme, then month). A blank plan month is 0; a blank actual month is left out."""
    ids = np.asarray(schemes[Scheme.scheme_id].tolist(), dtype=object)
    sources = np.asarray([f"{file}!{sheet}!{r}" for r in scheme_rows], dtype=object)
    frames = {}
    for measure, value_column in (("plan", "plan_gbp"), ("actual", "actual_gbp")):
        wanted = [(k, p, month) for k, (p, m, month) in enumerate(month_positions) if m == measure]
        amounts = np.full((len(ids), len(wanted)), np.nan)
        for j, (k, p, _) in enumerate(wanted):
            factor = layout.units[p][1]
            for i, row in enumerate(raw_months):
                value = row[k]
                if value is None:
                    continue
                if type(value) in (int, float) and np.isfinite(value):  # the common case
                    amounts[i, j] = value * factor
                    continue
                amount, error = _money(value)
                if error:
                    problems.append(
                        Problem(file, error, sheet, f"{column_letter(p + 1)}{scheme_rows[i]}")
                    )
                else:
                    amounts[i, j] = amount * factor
        months = [month for _, _, month in wanted]
        order = np.argsort([m.ordinal for m in months], kind="stable")
        amounts = amounts[:, order]
        months = pd.PeriodIndex([months[o] for o in order], freq="M")
        if measure == "plan":
            amounts = np.nan_to_num(amounts, nan=0.0)
        keep = ~np.isnan(amounts).ravel()
        n_months = len(months)
        frames[measure] = pd.DataFrame(
            {
                Scheme.scheme_id: np.repeat(ids, n_months)[keep],
                "month": pd.PeriodIndex(np.tile(months, len(ids)), freq="M")[keep]
                if n_months
                else pd.PeriodIndex([], freq="M"),
                value_column: amounts.ravel()[keep],
                Scheme.source: np.repeat(sources, n_months)[keep],
            }
        )
    return frames["plan"].loc[:, list(MONTHLY_PLAN_COLUMNS)], frames["actual"]


_SAVING_COLUMNS = (
    Scheme.fye_net_saving,
    Scheme.plan_in_year,
    Scheme.plan_next_year,
    Scheme.most_likely_in_year,
    Scheme.forecast_in_year,
    Scheme.forecast_next_year,
)


def _savings_negative(schemes: pd.DataFrame, pos, monthly_plan: pd.DataFrame) -> bool:
    """Every non-zero saving figure (and monthly plan) negative, at least two of them."""
    parts = [schemes[c].to_numpy(dtype=float) for c in _SAVING_COLUMNS if c in pos]
    parts.append(monthly_plan["plan_gbp"].to_numpy(dtype=float))
    values = np.concatenate(parts) if parts else np.array([])
    values = values[~np.isnan(values) & (values != 0)]
    return len(values) >= 2 and bool((values < 0).all())


def _from_months(schemes: pd.DataFrame, monthly_plan: pd.DataFrame, pos, notes) -> None:
    """Fill what a monthly plan gives where the register states nothing: go-live (first month
    with a plan), plan in year (the sum of the year's months), FYE (the exit run rate)."""
    year_months = monthly_plan.groupby(Scheme.scheme_id, sort=False)
    total = year_months["plan_gbp"].sum()
    live = monthly_plan[monthly_plan["plan_gbp"] != 0].groupby(Scheme.scheme_id)["month"].min()
    last_month = monthly_plan["month"].max()
    exit_rate = (
        monthly_plan[monthly_plan["month"] == last_month].set_index(Scheme.scheme_id)["plan_gbp"]
        * 12
    )
    ids = schemes[Scheme.scheme_id]
    if Scheme.go_live not in pos:
        found = ids.map(live)
        schemes[Scheme.go_live] = pd.PeriodIndex(
            [m if isinstance(m, pd.Period) else pd.NaT for m in found], freq="M"
        )
        notes.append("go-live read as the first month with a plan (no go-live column)")
    if Scheme.plan_in_year not in pos:
        schemes[Scheme.plan_in_year] = ids.map(total).astype(float).to_numpy()
        notes.append("plan in year read as the sum of the monthly plan (no annual plan column)")
    if Scheme.fye_net_saving not in pos:
        rate = ids.map(exit_rate).astype(float)
        in_year = ids.map(total).astype(float)
        schemes[Scheme.fye_net_saving] = np.where(rate > 0, rate, in_year)
        notes.append(
            f"full-year effect (FYE) read as the plan for {last_month.strftime('%b-%y')}"
            " x 12, the exit run rate (no FYE column); a scheme with no plan that month"
            " takes its in-year plan"
        )


def _derive_go_live(schemes: pd.DataFrame, pos, year, notes) -> None:
    """With no go-live column, go-live from the stated months in year (12 = April)."""
    if Scheme.go_live in pos or year is None or Scheme.months_in_year not in pos:
        return
    missing = schemes[Scheme.go_live].isna()
    if not missing.any():
        return
    months = schemes[Scheme.months_in_year].to_numpy(dtype=float)
    start = calendar.fy_start(year)
    found = [start + int(12 - m) if not np.isnan(m) else pd.NaT for m in months]
    current = list(schemes[Scheme.go_live])
    schemes[Scheme.go_live] = pd.PeriodIndex(
        [f if miss else c for f, c, miss in zip(found, current, missing)], freq="M"
    )
    notes.append("go-live read from the months in year (no go-live column)")


def _assume_from_year_figures(
    schemes: pd.DataFrame, pos, year, notes, ytd_plan: np.ndarray | None = None
) -> tuple[str, ...]:
    """A register with annual figures only (a finance report's QIPP table: annual plan, YTD,
    forecast outturn; a pooled-budget tracker: "Saving 2024/25", "Saving 2025/26") and no
    go-live, months in year or monthly plan: FYE and go-live as the board's rules give them.

    FYE, where no column states it, is the plan in year plus the plan next year (the rules'
    incremental effect; a one-off saving's FYE is its plan in year), or the plan in year alone.
    Go-live is the month that makes plan in year = FYE x months / 12 (whole months): with no
    next-year figure every scheme saves from April. A YTD plan column is the evidence for that
    flat year: YTD plan = annual plan x M / 12 for one M. Returns the columns assumed.
    """
    if Scheme.go_live in pos or Scheme.months_in_year in pos or year is None:
        return ()
    missing = schemes[Scheme.go_live].isna().to_numpy()
    if not missing.any():
        return ()
    assumed = [Scheme.go_live]
    plan = schemes[Scheme.plan_in_year].to_numpy(dtype=float)
    one_off = schemes[Scheme.recurrent].astype("boolean").eq(False).fillna(False).to_numpy()
    if Scheme.fye_net_saving not in pos and Scheme.plan_in_year in pos:
        nxt = schemes[Scheme.plan_next_year].to_numpy(dtype=float)
        fye = (
            plan
            if Scheme.plan_next_year not in pos
            else np.where(one_off, plan, np.nan_to_num(plan) + np.nan_to_num(nxt))
        )
        schemes[Scheme.fye_net_saving] = np.where(
            schemes[Scheme.fye_net_saving].isna(), fye, schemes[Scheme.fye_net_saving]
        )
        assumed.append(Scheme.fye_net_saving)
        notes.append(
            "no full-year effect (FYE) column: FYE = the annual plan"
            + (
                " plus the plan next year (a one-off saving's, its plan in year)"
                if Scheme.plan_next_year in pos
                else ""
            )
        )
    fye = schemes[Scheme.fye_net_saving].to_numpy(dtype=float)
    if Scheme.plan_in_year not in pos and Scheme.fye_net_saving in pos:
        # "Full year plan" alone: a flat year from April, plan in year = FYE by the rules
        plan = fye.copy()
        schemes[Scheme.plan_in_year] = plan
        assumed.append(Scheme.plan_in_year)
        notes.append("no plan in year column: plan in year = the full-year figure (a flat year)")
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = np.where((fye > 0) & ~np.isnan(plan), 12 * plan / fye, 12.0)
    exact = np.where(np.isnan(exact), 12.0, exact)
    months = np.clip(np.round(exact), 0, 12).astype(int)
    start = calendar.fy_start(year)
    found = [start + int(12 - m) for m in months]
    current = list(schemes[Scheme.go_live])
    schemes[Scheme.go_live] = pd.PeriodIndex(
        [f if miss else c for f, c, miss in zip(found, current, missing)], freq="M"
    )
    from_april = bool((months[missing] == 12).all())
    if from_april:
        notes.append(
            f"no go-live column: every scheme taken as saving from April "
            f"{start.year} (plan in year = FYE, a flat year)"
        )
    else:
        later = ", ".join(
            f"{i} from {m.strftime('%b-%y')}"
            for i, m, k, miss in zip(schemes[Scheme.scheme_id], found, months, missing)
            if miss and k < 12
        )
        notes.append(
            "no go-live column: go-live taken as the month that gives plan in year "
            f"= FYE x months / 12 ({later}; the others from April {start.year})"
        )
    uneven = [
        str(i)
        for i, e, miss in zip(schemes[Scheme.scheme_id], exact, missing)
        if miss and abs(e - round(e)) > 0.05
    ]
    if uneven:
        notes.append(
            "plan in year is not a whole number of months of FYE for scheme(s) "
            f"{', '.join(uneven)}: go-live rounded to the nearest month"
        )
    if ytd_plan is not None and from_april:
        usable = (plan > 0) & ~np.isnan(ytd_plan)
        ratios = 12 * ytd_plan[usable] / plan[usable]
        if usable.any():
            month = round(float(ratios.max()))  # a scheme saving from April: M/12
            off = [
                str(i)
                for i, r in zip(schemes[Scheme.scheme_id][usable], ratios)
                if abs(r - month) > 0.05
            ]
            if 1 <= month <= 12 and not off:
                notes.append(
                    f"the YTD plan is the annual plan x {month}/12 for every scheme: "
                    "a flat year, consistent with saving from April"
                )
            else:
                notes.append(
                    "the YTD plan is not the annual plan x months/12 for scheme(s) "
                    f"{', '.join(off) or 'all'}: their plan may not be flat through "
                    "the year; go-live is still taken as April"
                )
    return tuple(assumed)


def _derive_fye(schemes: pd.DataFrame, pos, year, notes) -> None:
    """With no FYE column, FYE = plan in year x 12 / months in year (the board's rule turned
    round; months as stated, else from go-live); a one-off saving's FYE is its in-year plan."""
    if Scheme.fye_net_saving in pos or schemes[Scheme.fye_net_saving].notna().all():
        return
    months = schemes[Scheme.months_in_year].to_numpy(dtype=float)
    if year is not None:
        from_go_live = np.array(
            [
                calendar.months_in_year(m, year) if not pd.isna(m) else np.nan
                for m in schemes[Scheme.go_live]
            ],
            dtype=float,
        )
        months = np.where(np.isnan(months), from_go_live, months)
    plan = schemes[Scheme.plan_in_year].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        fye = np.where(months > 0, plan * 12 / months, np.nan)
    one_off = schemes[Scheme.recurrent].astype("boolean").eq(False).fillna(False).to_numpy()
    fye = np.where(one_off, plan, fye)
    schemes[Scheme.fye_net_saving] = np.where(
        schemes[Scheme.fye_net_saving].isna(), fye, schemes[Scheme.fye_net_saving]
    )
    notes.append(
        "full-year effect (FYE) read as plan in year x 12 / months in year "
        "(no FYE column; a one-off saving's FYE is its plan in year)"
    )


def _parse_schemes(
    raw,
    rag_fills,
    scheme_rows,
    pos,
    file,
    sheet,
    problems,
    factors=None,
    layout: _Layout | None = None,
    year=None,
) -> pd.DataFrame:
    """Canonical scheme frame from raw cell values, collecting each bad cell as a problem."""
    n = len(scheme_rows)
    factors = factors or {}

    def cell(column: str, i: int) -> str:
        return f"{column_letter(pos[column] + 1)}{scheme_rows[i]}"

    def parse(column: str, parser, *extra, accept=None):
        # Parsers are pure: each distinct cell (its type and value, and the extras) is parsed
        # once (a register repeats its ratings, phases, months and flags thousands of times).
        # ``accept``: the range in which the parser reads a plain number as itself; those
        # cells are checked at once with numpy, and only the others go cell by cell.
        values = raw[column]
        out: list = [None] * len(values)
        todo = range(len(values))
        if accept is not None and values:
            numbers = _plain_numbers(values)
            with np.errstate(invalid="ignore"):
                done = accept(numbers)  # (NaN: never)
            out = numbers.tolist()
            todo = np.flatnonzero(~done).tolist()
        cells = list(zip(values, *extra))
        if not isinstance(todo, range):
            cells = [cells[i] for i in todo]
        for i, (parsed, error) in zip(todo, _each_distinct(parser, cells)):
            if error:
                problems.append(Problem(file, error, sheet, cell(column, i)))
            out[i] = parsed
        return out

    frame: dict[str, object] = {}
    for column in (
        Scheme.scheme_id,
        Scheme.file_ref,
        Scheme.theme,
        Scheme.scheme,
        Scheme.owner,
        Scheme.commentary,
    ):
        # (text, the commonest cell, is stripped in line: _text's own call costs more)
        frame[column] = (
            [(v.strip() or None) if type(v) is str else _text(v) for v in raw[column]]
            if column in raw
            else [None] * n
        )
    if Scheme.scheme_id not in raw:
        frame[Scheme.scheme_id] = [str(i + 1) for i in range(n)]
    for column in (Scheme.scheme_id, Scheme.scheme):
        if column in raw:
            for i, value in enumerate(frame[column]):
                if value is None:
                    what = "scheme number" if column == Scheme.scheme_id else "scheme name"
                    problems.append(
                        Problem(file, f"no {what} on a scheme row", sheet, cell(column, i))
                    )
    frame[Scheme.phase] = (
        parse(Scheme.phase, _phase, accept=lambda x: np.isin(x, (1, 2, 3, 4)))
        if Scheme.phase in raw
        else [np.nan] * n
    )
    year = year or calendar.common_fy(raw.get(Scheme.go_live, ()))  # two-digit years' window
    frame[Scheme.go_live] = (
        parse(Scheme.go_live, _month, [year] * n) if Scheme.go_live in raw else [None] * n
    )
    frame[Scheme.months_in_year] = (
        parse(Scheme.months_in_year, _months, accept=lambda x: (x >= 0) & (x <= 12))
        if Scheme.months_in_year in raw
        else [np.nan] * n
    )
    for column in Scheme.MONEY_COLUMNS:
        if column in raw:
            factor = factors.get(column, 1.0)
            frame[column] = [
                v * factor
                for v in parse(column, _money, accept=lambda x: np.abs(x) <= MONEY_LIMIT_GBP)
            ]
        else:
            frame[column] = [np.nan] * n
    if Scheme.fye_net_saving in raw:
        fye = np.asarray(frame[Scheme.fye_net_saving], dtype=float)
        for i in np.flatnonzero(np.isnan(fye)).tolist():
            if raw[Scheme.fye_net_saving][i] is None:
                problems.append(
                    Problem(
                        file,
                        "no full-year effect (FYE): expected an amount in £",
                        sheet,
                        cell(Scheme.fye_net_saving, i),
                    )
                )
    for column in Scheme.RAG_COLUMNS:
        if column not in raw:
            frame[column] = [None] * n
            continue
        choice = (
            layout.assignment.choices.get(column)
            if layout is not None and layout.assignment is not None
            else None
        )
        sense = _level_sense(choice.cell.shown) if choice is not None else None
        frame[column] = parse(column, _rag, rag_fills[column], [sense] * n)
    frame[Scheme.change_in_delivery_months] = (
        parse(
            Scheme.change_in_delivery_months,
            lambda v: _number(v, "months gained (+) or lost (-)", blank=0.0),
            accept=lambda x: np.abs(x) <= MAX_MONTHS,
        )
        if Scheme.change_in_delivery_months in raw
        else [0.0] * n
    )
    if Scheme.recurrent in raw:
        header = ""
        if layout is not None and layout.assignment is not None:
            choice = layout.assignment.choices.get(Scheme.recurrent)
            header = norm(choice.cell.shown) if choice else ""
        negated = bool(re.search(r"non-? ?recurr|one-?off", header)) and not re.search(
            r"\brecurrent ?/|\br ?/ ?nr\b|/ ?non", header
        )
        frame[Scheme.recurrent] = parse(Scheme.recurrent, lambda v: _recurrent(v, negated))
    else:
        frame[Scheme.recurrent] = [True] * n
    # "Non-recurrent" marks a one-off saving when it qualifies the scheme itself: anywhere in
    # its type (theme), but in its name only as a label (in brackets, at the end, or before a
    # colon or dash at the start), so "Non-recurrent grants review" (a review of grants,
    # whose saving recurs) stays recurrent while "Estates disposal (non-recurrent)" does not.
    words = r"(?:non[\s-]?recurr\w*|one[\s-]?off|nr)"
    in_type = re.compile(rf"\b{words}\b", re.IGNORECASE)
    in_name = re.compile(
        rf"[(\[]\s*{words}\s*[)\]]|[-–:,]\s*{words}\s*$|^\s*{words}\s*[-–:]", re.IGNORECASE
    )

    def marked(text, pattern) -> bool:  # (every form of the words has "non", "one" or "nr")
        if not isinstance(text, str):
            return False
        lower = text.lower()
        return (
            "n" in lower
            and ("non" in lower or "one" in lower or "nr" in lower)
            and pattern.search(text) is not None
        )

    kinds = frame[Scheme.theme] if Scheme.theme in frame else [None] * n
    type_marked = dict(zip(set(kinds), (marked(k, in_type) for k in set(kinds))))
    for i, (name, kind) in enumerate(zip(frame[Scheme.scheme], kinds)):
        if type_marked[kind] or marked(name, in_name):
            frame[Scheme.recurrent][i] = False
    frame[Scheme.source] = [f"{file}!{sheet}!{r}" for r in scheme_rows]

    if Scheme.scheme_id in raw:
        first_seen: dict[str, int] = {}
        for i, scheme_id in enumerate(frame[Scheme.scheme_id]):
            if scheme_id is None:
                continue
            if scheme_id in first_seen:
                problems.append(
                    Problem(
                        file,
                        f"scheme number {scheme_id!r} appears twice (first at "
                        f"{cell(Scheme.scheme_id, first_seen[scheme_id])}): expected each once",
                        sheet,
                        cell(Scheme.scheme_id, i),
                    )
                )
            else:
                first_seen[scheme_id] = i

    text = lambda column: pd.Series(frame[column], dtype="object")  # noqa: E731
    schemes = pd.DataFrame(
        {
            Scheme.scheme_id: text(Scheme.scheme_id),
            Scheme.file_ref: text(Scheme.file_ref),
            Scheme.theme: text(Scheme.theme),
            Scheme.scheme: text(Scheme.scheme),
            Scheme.phase: pd.array(frame[Scheme.phase], dtype="Float64").astype("Int64")
            if n
            else pd.array([], dtype="Int64"),
            Scheme.go_live: pd.PeriodIndex(
                [m if m is not None else pd.NaT for m in frame[Scheme.go_live]], freq="M"
            ),
            Scheme.months_in_year: np.asarray(frame[Scheme.months_in_year], dtype=float),
            **{
                c: np.asarray(frame[c], dtype=float)
                for c in (
                    Scheme.gross_opportunity,
                    Scheme.fye_net_saving,
                    Scheme.plan_in_year,
                    Scheme.plan_next_year,
                )
            },
            **{c: text(c) for c in Scheme.RAG_COLUMNS},
            Scheme.most_likely_in_year: np.asarray(frame[Scheme.most_likely_in_year], dtype=float),
            Scheme.change_in_delivery_months: np.asarray(
                frame[Scheme.change_in_delivery_months], dtype=float
            ),
            Scheme.forecast_in_year: np.asarray(frame[Scheme.forecast_in_year], dtype=float),
            Scheme.forecast_next_year: np.asarray(frame[Scheme.forecast_next_year], dtype=float),
            Scheme.recurrent: pd.array(
                [v if v is not None else pd.NA for v in frame[Scheme.recurrent]], dtype="boolean"
            ),
            Scheme.owner: text(Scheme.owner),
            Scheme.commentary: text(Scheme.commentary),
            Scheme.source: text(Scheme.source),
        },
        columns=list(Scheme.COLUMNS),
    )
    return schemes


def _totals(other_rows, schemes, scheme_rows, pos, file, sheet, prefix, problems, factors=None):
    """Totals and adjustment rows as a frame, and each totals figure checked against schemes."""
    factors = factors or {}
    money = [c for c in Scheme.MONEY_COLUMNS if c in pos]
    records, checks = [], []
    rows = np.asarray(scheme_rows)
    previous_total = 0
    for kind, row_number, label, vals in other_rows:
        record = {"kind": kind, "label": label}
        for column in Scheme.MONEY_COLUMNS:
            value = vals[pos[column]] if column in pos and pos[column] < len(vals) else None
            amount, error = _money(value)
            if error:
                problems.append(
                    Problem(file, error, sheet, f"{column_letter(pos[column] + 1)}{row_number}")
                )
            record[column] = amount * factors.get(column, 1.0)
        agrees = pd.NA
        if kind == TOTAL:
            since = 0 if re.search(r"grand", label, re.IGNORECASE) else previous_total
            mask = (rows > since) & (rows < row_number)
            if not mask.any():  # a totals row above its schemes (a summary first): those
                later = [r for k, r, _, _ in other_rows if k == TOTAL and r > row_number]
                mask = (rows > row_number) & (rows < (later[0] if later else np.inf))
                label = f"{label} (the schemes below it)"
            agrees = True
            for column in money:
                stated = record[column]
                if np.isnan(stated):
                    continue
                summed = float(np.nansum(schemes[column].to_numpy()[mask])) if len(rows) else 0.0
                difference = stated - summed
                checks.append(
                    {
                        "source": f"{prefix}{row_number}",
                        "label": label,
                        "field": column,
                        "stated": stated,
                        "schemes_sum": summed,
                        "difference": difference,
                    }
                )
                # a total in £000 rounds to the £1,000: the tolerance follows the unit
                agrees = agrees and abs(difference) <= max(1.0, abs(factors.get(column, 1.0)))
            previous_total = row_number
        record["agrees"] = agrees
        record["source"] = f"{prefix}{row_number}"
        records.append(record)
    totals = pd.DataFrame(
        records, columns=["kind", "label", *Scheme.MONEY_COLUMNS, "agrees", "source"]
    )
    totals_check = pd.DataFrame(
        checks, columns=["source", "label", "field", "stated", "schemes_sum", "difference"]
    )
    return totals, totals_check


@cache
def _text_columns() -> tuple[str, ...]:
    """The columns :data:`SCHEME_SCHEMA` types ``str``."""
    from pandera.engines.pandas_engine import Engine

    text = Engine.dtype(str)
    return tuple(c for c, column in SCHEME_SCHEMA.columns.items() if column.dtype == text)


@cache
def _schema_with_text_checked(checked: frozenset) -> object:
    """:data:`SCHEME_SCHEMA` less the type check of the text columns in ``checked``."""
    if not checked:
        return SCHEME_SCHEMA
    return SCHEME_SCHEMA.update_columns({c: {"dtype": None} for c in checked})


def _schema_problems(schemes, scheme_rows, pos, file, sheet) -> list[Problem]:
    """The schema's lazy check, each failure turned into a located problem.

    pandera checks a ``str`` column of Python objects value by value (``isinstance`` mapped
    over the column: the check's largest cost). A text column whose values are all ``str`` or
    missing, by one C pass (``infer_dtype``), passes that check for certain, so it is not
    asked again; any other column keeps pandera's check and its failure cases."""
    import pandera.errors

    checked = frozenset(
        c
        for c in _text_columns()
        if c in schemes
        and schemes[c].dtype == object
        and len(schemes)
        and pd.api.types.infer_dtype(schemes[c], skipna=True) in ("string", "empty")
    )
    try:
        _schema_with_text_checked(checked).validate(schemes, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.itertuples():
            column, index = case.column, case.index
            where = None
            if column in pos and index is not None and not pd.isna(index):
                where = f"{column_letter(pos[column] + 1)}{scheme_rows[int(index)]}"
            problems.append(
                Problem(file, f"{column}: {case.failure_case!r} fails {case.check}", sheet, where)
            )
        return problems
    return []


def schemes_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """The scheme table as the CSV carries it: go-live as ``YYYY-MM``, columns in order."""
    out = frame.loc[:, list(Scheme.COLUMNS)].copy()
    out[Scheme.go_live] = out[Scheme.go_live].dt.strftime("%Y-%m")
    return out


@dataclass
class HeaderReading:
    """How a sheet's header was read, without its rows (for ``inspect`` when cells are bad).

    Attributes mirror :class:`LoadReport`: ``choices`` (cell, header, column, score,
    evidence, close_call), ``unmapped``, ``units`` (canonical column -> unit), ``year``.
    """

    file: str
    sheet: str
    header_row: int
    year: int | None
    year_from: str
    choices: pd.DataFrame
    unmapped: list[str]
    units: dict[str, str]
    notes: list[str]


def read_header(
    path: str | Path, sheet: str, mapping: str | Path | Mapping | None = None
) -> HeaderReading | None:
    """Read only the header of a register sheet; ``None`` when the sheet has none."""
    path = Path(path)
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = read_mapping(mapping)
    book = open_book(path)
    try:
        with reading(path.name):
            found = _scan(book, sheet, mapping)
            if found is None or found.block is None:
                return None
            layout = _layout(book, found, mapping, path.name)
    finally:
        book.close()
    units = {
        column: layout.units[p][0]
        for column, p in layout.positions.items()
        if column in Scheme.MONEY_COLUMNS
    }
    return HeaderReading(
        path.name,
        sheet,
        layout.header_last,
        layout.year,
        layout.year_from,
        _choices_frame(layout),
        layout.unmapped,
        units,
        layout.notes,
    )


def mapping_text(load: RegisterLoad | HeaderReading) -> str:
    """The reading of a register (or of its header alone) as a mapping file (YAML) that reads
    it the same way."""
    import yaml

    choices = load.report.choices if isinstance(load, RegisterLoad) else load.choices
    header_row = load.report.header_row if isinstance(load, RegisterLoad) else load.header_row
    what = load.report.summary() if isinstance(load, RegisterLoad) else "its header only"
    columns = {}
    for row in choices.itertuples():
        if row.column in Scheme.COLUMNS:
            columns[row.header] = row.column
    spec = {"sheet": load.sheet, "header_row": header_row, "columns": columns}
    head = (
        f"# How {load.file}!{load.sheet} was read ({what}).\n"
        "# Correct a line and pass this file back with --mapping; 'ignore' leaves a column "
        "out.\n# Month columns are found again by their headers.\n"
    )
    return head + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
