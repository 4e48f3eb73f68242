"""What each sheet of a workbook is, and how its register would be read (``inspect``).

:func:`inspect_workbook` looks at the first rows of every sheet and names its kind, with the
evidence: a scheme register, a monthly tracker (a register with a plan month by month), a Gantt
grid, an action log, a milestone plan, a deflection workbook, or nothing. For the register
sheet (or the one asked for) it then reads the register as ``schemes`` would and keeps the load,
whose report says how each header was read (canonical column, score, evidence, close calls),
the money units, the financial year and the rows by outcome; :func:`render` prints all of it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError, WorkbookError
from . import plans
from .headers import find_header, month_label, norm
from .register import (
    REGISTER_FIELDS,
    SCAN_ROWS,
    HeaderReading,
    Mapping,
    RegisterLoad,
    load_register,
    open_book,
    read_header,
)

REGISTER, TRACKER, GANTT, ACTION_LOG, MILESTONES, DEFLECTION, NOTHING = (
    "register",
    "monthly tracker",
    "Gantt",
    "action log",
    "milestone plan",
    "deflection workbook",
    "nothing",
)
_MONEY_FIELDS = {
    "fye_net_saving",
    "plan_in_year",
    "plan_next_year",
    "gross_opportunity",
    "forecast_in_year",
    "most_likely_in_year",
}
_PLAN_WORDS = {
    "task": r"\btasks?\b|\bactivit(?:y|ies)\b|\bactions?\b|work ?package",
    "lead": r"\blead\b|owner|responsib|\bwho\b|\bby whom\b",
    "due": r"\bdue\b|deadline|by when|target date|timescale|completion date|\bend\b",
    "milestone": r"milestone|\bstages?\b|gateway",
    "deliverable": r"deliverable|outputs?\b",
    "date": r"\bdate\b|\bby\b|\bwhen\b",
}
_DEFLECTION = (
    r"intervention|point of delivery|\bpod\b|baseline|aspiration|unit cost|deflect|"
    r"reinvest|non-elective|a&e|bed days|performance indicator|\bactivity\b"
)


@dataclass
class SheetKind:
    """One sheet: its kind and why."""

    sheet: str
    kind: str
    why: str


@dataclass
class Inspection:
    """The outcome of :func:`inspect_workbook`."""

    file: str
    sheets: list[SheetKind] = field(default_factory=list)
    chosen: str | None = None
    load: RegisterLoad | None = None
    problems: list[str] = field(default_factory=list)
    header: HeaderReading | None = None  # the header's reading when the rows could not be read


def _texts(rows) -> list[str]:
    return [norm(v) for r in rows for v in r if isinstance(v, str) and v.strip()]


def classify(rows: list[list]) -> tuple[str, str]:
    """The kind of a sheet from its first rows, and the evidence in words."""
    texts = _texts(rows)
    joined = " | ".join(texts)
    hits = {k: bool(re.search(p, joined)) for k, p in _PLAN_WORDS.items()}
    deflection = sorted({m.group(0) for m in re.finditer(_DEFLECTION, joined)})
    if len(deflection) >= 3:
        return DEFLECTION, f"headers name {', '.join(deflection[:5])}"
    block = find_header(rows, REGISTER_FIELDS, strong=2.0)
    if block is not None:
        first, last = block
        named = set()
        for r in rows[first : last + 1]:
            for v in r:
                if isinstance(v, str) and v.strip():
                    text = norm(v)
                    for f in REGISTER_FIELDS:
                        if f.output and any(re.search(p, text) and w >= 2.0 for p, w in f.words):
                            named.add(f.name)
        months = sum(1 for r in rows[first : last + 1] for v in r if month_label(v) is not None)
        money = named & _MONEY_FIELDS
        if "scheme" in named and (money or months >= 6):
            if months >= 6:
                return TRACKER, (
                    f"header row {last + 1} has words for {', '.join(sorted(named))} and "
                    f"{months} month columns"
                )
            return REGISTER, f"header row {last + 1} has words for {', '.join(sorted(named))}"
    axis = max(
        (
            sum(
                1
                for v in r
                if month_label(v) is not None
                or isinstance(v, dt.date)
                or (isinstance(v, str) and re.match(r"^(?:w/?c|wk|week|month)\s*\d", norm(v)))
            )
            for r in rows
        ),
        default=0,
    )
    if axis >= 6 and hits["task"]:
        return GANTT, f"a time axis of {axis} week or month columns beside activities"
    if hits["milestone"] and (hits["deliverable"] or hits["date"]):
        return MILESTONES, "headers name milestones or stages with dates or deliverables"
    if hits["task"] and hits["lead"] and (hits["due"] or hits["date"]):
        return ACTION_LOG, "headers name actions, a lead and a due date"
    if block is not None:
        return NOTHING, "some register headers, but no scheme name with money or months"
    return (
        NOTHING,
        f"no header naming register, plan or deflection columns in its first {SCAN_ROWS} rows",
    )


_PLAN_KINDS = {"gantt": GANTT, "action_log": ACTION_LOG, "milestone_plan": MILESTONES}


def _plan_kind(book, title: str, kind: str, why: str) -> tuple[str, str]:
    """The plans reader's own classifier (``io.plans.classify_plan_sheet``, or
    ``classify_book_sheet`` for a CSV or .xls sheet) where it names a plan; else the evidence
    test of :func:`classify`."""

    classifier = getattr(plans, "classify_plan_sheet", None)
    workbook = getattr(book, "workbook", None)
    try:
        if workbook is not None and hasattr(workbook, "sheetnames"):
            found, reason = classifier(workbook[title])
        else:  # a CSV export or an .xls/.xlsb/.ods workbook: values only
            found, reason = plans.classify_book_sheet(book, title)
    except UserError:
        return kind, why
    if found in _PLAN_KINDS:
        return _PLAN_KINDS[found], reason
    return kind, why


def inspect_workbook(
    path: str | Path, sheet: str | None = None, mapping: str | Path | Mapping | None = None
) -> Inspection:
    """Name every sheet's kind and read the register sheet (or ``sheet``) as ``schemes`` would.

    Raises:
        WorkbookError: the file cannot be opened or has no sheet of that name.
        ConfigError: the mapping file is malformed or names a header that is not there.
    """
    path = Path(path)
    result = Inspection(file=path.name)
    book = open_book(path)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise WorkbookError(
                f"{path.name}!{sheet}: no sheet named {sheet!r}; the workbook "
                f"has {', '.join(repr(s) for s in book.sheetnames)}"
            )
        for title in book.sheetnames:
            rows_iter = book.rows(title)
            if rows_iter is None:
                result.sheets.append(SheetKind(title, NOTHING, "a chart sheet"))
                continue
            rows = []
            for _, values, _ in rows_iter:
                rows.append(values)
                if len(rows) >= SCAN_ROWS:
                    break
            kind, why = classify(rows)
            if kind not in (REGISTER, DEFLECTION):  # month columns of bars: a Gantt
                kind, why = _plan_kind(book, title, kind, why)
            result.sheets.append(SheetKind(title, kind, why))
    finally:
        book.close()
    if sheet is None:
        sheet = next((s.sheet for s in result.sheets if s.kind in (REGISTER, TRACKER)), None)
    result.chosen = sheet
    if sheet is not None:
        try:
            result.load = load_register(path, sheet=sheet, mapping=mapping)
        except WorkbookError as error:
            if mapping is not None:
                raise
            result.problems = error.lines()
        except UserError as error:
            if type(error).__name__ == "ConfigError":
                raise
            result.problems = error.lines()
            try:
                result.header = read_header(path, sheet, mapping)
            except UserError:
                result.header = None
    return result


def _choice_lines(choices, unmapped) -> list[str]:
    """Each header's reading (cell, text -> column, score and evidence) and the headers not
    used, as inspect prints them."""
    lines = []
    for row in choices.itertuples():
        close = "  [close call]" if row.close_call else ""
        lines.append(
            f"    {row.cell} {row.header!r} -> {row.column} ({row.score}; {row.evidence}){close}"
        )
    return lines + [f"    not used: {text}" for text in unmapped]


def render(result: Inspection) -> list[str]:
    """The inspection as lines a person reads."""
    lines = [f"{result.file}: {len(result.sheets)} sheet(s)"]
    for s in result.sheets:
        lines.append(f"  {s.sheet}: {s.kind} ({s.why})")
    if result.chosen is None:
        lines.append("no sheet holds a register: nothing read")
        return lines
    load = result.load
    if load is None:
        header = result.header
        if header is not None:
            lines.append(
                f"{result.file}!{result.chosen}: header row {header.header_row} read as "
                "(score; evidence):"
            )
            lines += _choice_lines(header.choices, header.unmapped)
        lines.append(f"{result.file}!{result.chosen}: could not be read as a register:")
        lines += [f"  {p}" for p in result.problems]
        return lines
    report = load.report
    kind = TRACKER if len(load.monthly_plan) else REGISTER
    lines.append(f"{result.file}!{load.sheet}: read as a {kind}")
    lines.append(
        f"  financial year: {report.year and f'{report.year}/{(report.year + 1) % 100:02d}'}"
        f" (from {report.year_from or 'the go-live months'})"
    )
    units = sorted(set(report.units.values())) or ["£"]
    lines.append(
        f"  money: {', '.join(units)}" + (" (converted to £)" if set(units) - {"£"} else "")
    )
    lines.append(
        f"  header row {report.header_row}: each column -> canonical column (score; evidence)"
    )
    lines += _choice_lines(report.choices, report.unmapped_headers)
    counts = ", ".join(f"{n} {k}" for k, n in report.counts().items() if n)
    lines.append(f"  rows by outcome: {counts}")
    for note in report.notes:
        lines.append(f"  note: {note}")
    return lines
