"""Assigning the columns: the header block read into canonical columns (a joint assignment
by evidence, :func:`..headers.assign`), month columns with the measure they hold, the money
unit of each column, the financial year, and the columns a mapping file fixes."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ... import calendar
from ...errors import Problem
from ...schema import Scheme
from ..headers import (
    Assignment,
    HeaderCell,
    assign,
    header_cells,
    header_words,
    header_year,
    mapping_columns,
    money_unit,
    month_label,
    norm,
)
from ..ratings import rating_of_fill
from ..values import cell_text as _text
from ..workbook import column_letter, reading
from .fields import _EXPECTED_HEADERS, _MEASURES, FIELDS_BY_NAME, REGISTER_FIELDS
from .find import _scan, _Sheet, open_book
from .mapping import Mapping, read_mapping
from .report import HeaderReading

SAMPLE_ROWS = 60  # data rows below the header sampled for value evidence


def _norm(text: object) -> str:
    """Header text for matching: lower case, no quotes, one space between words."""
    return norm(text)


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
    warnings: list[str] = field(default_factory=list)  # columns that look like a field, unread
    shares: dict[int, float] = field(default_factory=dict)  # position -> share of a quarter's


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


_PART = re.compile(
    r"^(?:(?P<q>q|qtr|quarter)|(?P<h>h|half|half year|half-year)) ?(?P<n>[1-4])"
    r"(?P<year> ?(?:fy ?)?\d{2,4}(?: ?[/-] ?\d{2,4})?)?"
    r"(?: ?(?:plan|planned|actual|forecast|budget|target|profile|fot|var(?:iance)?|savings?|"
    r"£0{3}s?|£k|£m|£))*$"
)


def _part_of_year(cell: HeaderCell) -> tuple[int, int, int | None] | None:
    """A column heading a quarter ("Q1", "Qtr 2 Plan", "Q3 24/25 £000") or a half-year ("H1"):
    ``(first month 0-11 of the year, months, the year it names or None)``; else ``None``."""
    sub = norm(cell.sub) if isinstance(cell.sub, str) else ""
    text = re.sub(r"[()'`]", "", sub or norm(cell.group)).strip()
    match = _PART.match(text)
    if match is None:
        return None
    n = int(match["n"])
    if match["h"] and n > 2:
        return None
    span = 6 if match["h"] else 3
    named = header_year(match["year"]) if match["year"] else None
    if match["year"] and named is None:  # "FY25", "2025"
        named = header_year(f"fy{match['year'].strip().removeprefix('fy').strip()}")
    return (n - 1) * span, span, named


def _phased(cells, fixed, year, month_cols, positions) -> tuple[list, dict, list, list]:
    """Quarter and half-year columns: a plan's become months of the monthly plan (each spread
    evenly over its months, the stated rule); the rest are named with why they are not read.

    Returns ``(months, shares, unmapped, notes)``: (position, "plan", month) per month, the share
    of its column each month takes, lines for the load report."""
    months, shares, unmapped, notes = [], {}, [], []
    plan_months = any(m == "plan" for _, m, _ in month_cols)
    for cell in cells:
        part = None if cell.column in fixed else _part_of_year(cell)
        if part is None:
            continue
        first, span, named = part
        where = f"{column_letter(cell.column)}: {cell.shown!r}"
        measure = _measure(cell)
        why = None
        if measure not in (None, "plan"):
            why = f"a {measure} by {'quarter' if span == 3 else 'half-year'}, not the plan"
        elif plan_months:
            why = "a subtotal of the monthly plan, which is read"
        elif year is None:
            why = "no financial year to place it in"
        elif named is not None and named != year:
            why = f"names {calendar.fy_label(named)}, not this year"
        if why is not None:
            unmapped.append(f"{where} ({why})")
            continue
        start = calendar.fy_start(year) + first
        months += [(cell.column - 1, "plan", start + k) for k in range(span)]
        shares[cell.column - 1] = 1 / span
        positions.add(cell.column)
    if shares:
        kinds = sorted({"quarter" if s == 1 / 3 else "half-year" for s in shares.values()})
        notes.append(
            f"the plan is phased by {' and '.join(kinds)}: each column's plan spread evenly over "
            "its months into the monthly plan (a stated rule: 1/3 of a quarter, 1/6 of a "
            "half-year, each month)"
        )
    return months, shares, unmapped, notes


def _shown_part(cells, position: int) -> str:
    return next(c.shown for c in cells if c.column - 1 == position)


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
        fixed, ignored = mapping_columns(
            cells, mapping.columns, mapping.file, f"{file}!{sheet}", bottom_row
        )
    quarters: set[int] = set()
    phased, shares, phased_unmapped, phased_notes = _phased(
        cells, fixed, year, month_cols, quarters
    )
    notes += phased_notes
    quarters |= {c.column for c in cells if c.column not in fixed and _part_of_year(c)}
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
    unmapped += [line.replace(":", f"{bottom_row}:", 1) for line in phased_unmapped]
    for cell, measure, _month in month_cols:
        if measure not in ("plan", "actual", "forecast"):
            unmapped.append(
                f"{column_letter(cell.column)}{bottom_row}: {cell.shown!r} "
                "(a month column not labelled plan, actual or forecast)"
            )
    warnings = [
        f"{column_letter(c.column)}{bottom_row}: {c.shown!r} {looks}"
        for c, _why in assignment.unmapped
        if (looks := _looks_like_a_field(c, year)) is not None
    ]
    unmapped += _headless_columns(cells, data, bottom_row)
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
    months += phased
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
            continue  # codes in the names, or numbers in row order: said by the row walk
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
        {**shown, **{p: _shown_part(cells, p) for p in shares}},
        warnings,
        shares,
    )


def _looks_like_a_field(cell: HeaderCell, year: int | None) -> str | None:
    """Why a column not read looks like a known field, by its values (ratings of any scale or
    fills, money under a financial year, dates) or by a rating header over values of no
    scale; ``None`` when it does not."""
    p = cell.profile
    shown_values = [_text(v) for v in cell.values if _text(v) is not None]
    examples = ", ".join(repr(v) for v in list(dict.fromkeys(shown_values))[:4])
    unread = "but was not read as one: name it in a mapping file if it is"
    if (p.n >= 2 and p.rag >= 0.6) or p.filled >= 0.5:
        return f"holds ratings ({examples or 'as fills'}) {unread}"
    money = p.number >= 0.6 and p.big >= 0.5
    if (
        p.n >= 2
        and not money
        and any(header_words(FIELDS_BY_NAME[c], cell) >= 3 for c in Scheme.RAG_COLUMNS)
    ):
        return (
            f"is headed like a rating but its values ({examples}) are no rating scale's, so it "
            "was not read: a mapping file's 'values:' can translate them"
        )
    if p.n >= 2 and p.month >= 0.6:
        return f"holds dates {unread}"
    if p.n >= 2 and cell.year is not None and p.number >= 0.6 and p.big >= 0.5:
        return f"names {calendar.fy_label(cell.year)} and holds money {unread}"
    return None


def _headless_columns(cells: list[HeaderCell], data: list, row: int) -> list[str]:
    """Columns with values in the rows sampled below the header but no header text: named, so
    that no column with content goes unsaid."""
    headed = {c.column for c in cells}
    filled: dict[int, int] = {}
    for values in data:
        for i, v in enumerate(values):
            if v is not None and not (isinstance(v, str) and not v.strip()) and i + 1 not in headed:
                filled[i + 1] = filled.get(i + 1, 0) + 1
    return [
        f"{column_letter(c)}{row}: (no header text; {n} of the first {len(data)} rows below "
        "have values) not read"
        for c, n in sorted(filled.items())
    ]


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
    if mapping is not None and mapping.values:  # a register's own rating words are evidence
        words = mapping.values
        data = [[words.get(norm(v), v) if isinstance(v, str) else v for v in row] for row in data]
    fills = [
        [rating_of_fill(book.fill(s)) if s else None for s in styles] for _, _, styles in data_rows
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
