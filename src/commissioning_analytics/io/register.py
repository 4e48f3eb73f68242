"""Reading a QIPP scheme register as analysts keep it, into the canonical scheme table.

A register is found on any sheet of a workbook (a cover sheet first is common). Above its
header there may be title rows; the header may span two rows, with group cells merged over
several columns ("Scoping", "Rag Rating 23/01/2013", "Director Assessment ..."). Headers are
mapped to the canonical columns of shared/DESIGN.md by meaning, in the wording real appendices
use ("Go 'Live' Date", "No of Months Saving in 13/14", "(Full Year) Effect Net Saving",
"Most Likely Green 100% Amber 75% Red 50%", "2013/14 Delivery Value £", ...). The register's
financial year (named by its starting calendar year, April-March) is read from headers that
name a year, else from the go-live months.

Rows below the header are schemes, totals ("Total", "Grand total"), unlabelled adjustment rows
(figures with no scheme number or name), notes or blanks: every row read is accounted for in
the :class:`LoadReport`. Totals and adjustments are kept apart in ``RegisterLoad.totals`` and
each totals row is checked against the sum of the schemes above it.

Every problem in a workbook is collected and raised at once as a
:class:`~commissioning_analytics.errors.ValidationError`, each naming file, sheet and cell.
A layout the detector cannot read is described by a YAML mapping file::

    sheet: Savings plan      # optional: the sheet holding the register
    header_row: 3            # optional: the (last) header row, 1-based
    columns:                 # header text -> canonical column
      Ref: scheme_id
      Initiative: scheme
      Start: go_live
      Annual saving: fye_net_saving
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import calendar
from ..errors import ConfigError, Problem, ValidationError, WorkbookError
from ..schema import SCHEME_SCHEMA, Scheme
from ..safe_yaml import load_yaml
from .values import MAX_MONTHS, NotANumber, shown, strict_money, strict_number
from .workbook import (StyleFills, column_letter, merged_ranges, open_workbook,
                       rag_from_colour, reading, stream_rows)

SCAN_ROWS = 40  # rows of each sheet searched for a header
MIN_HEADER_COLUMNS = 3  # canonical columns a header row must name
GO_LIVE_WINDOW_YEARS = 10  # a go-live further than this from the register's year is a typo

# Outcomes of a worksheet row in the load report.
SCHEME, TOTAL, ADJUSTMENT, BLANK, TITLE, HEADER, NOTE = (
    "scheme", "total", "adjustment", "blank", "title", "header", "note")
OUTCOMES = (SCHEME, TOTAL, ADJUSTMENT, BLANK, TITLE, HEADER, NOTE)

_TOTAL_LABEL = re.compile(r"\b(?:grand\s+|sub[\s-]?)?totals?\b", re.IGNORECASE)
_RAG_WORDS = {"green": "green", "g": "green", "amber": "amber", "a": "amber", "red": "red",
              "r": "red"}
# Kinds a header can be before the financial year is known.
_PLANNED, _DELIVERY = "planned", "delivery"
_EXPECTED_HEADERS = {
    Scheme.scheme_id: "'No'",
    Scheme.scheme: "'Scheme'",
    Scheme.go_live: "'Go Live Date'",
    Scheme.fye_net_saving: "'(Full Year) Effect Net Saving' (the FYE)",
}


# --- results ------------------------------------------------------------------------------

@dataclass
class LoadReport:
    """What became of every worksheet row read.

    Attributes:
        file: the workbook's file name.
        sheet: the sheet the register was read from.
        rows: one row per worksheet row: ``source`` (file!sheet!row), ``row`` (1-based),
            ``outcome`` (scheme, total, adjustment, blank, title, header, note), ``reason``.
        skipped_sheets: sheets looked at before the register was found, with why they were not it.
        unmapped_headers: header cells read but not used, with why.
        year: the register's financial year (its starting calendar year).
    """

    file: str
    sheet: str | None = None
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["source", "row", "outcome", "reason"]))
    skipped_sheets: list[str] = field(default_factory=list)
    unmapped_headers: list[str] = field(default_factory=list)
    year: int | None = None

    def counts(self) -> dict[str, int]:
        """Rows per outcome, every outcome listed."""
        found = self.rows["outcome"].value_counts()
        return {outcome: int(found.get(outcome, 0)) for outcome in OUTCOMES}

    def summary(self) -> str:
        """One line: where the register was, and how many rows became what."""
        counts = self.counts()
        parts = ", ".join(f"{n} {k}{'' if n == 1 or k == BLANK else 's'}"
                          for k, n in counts.items() if n)
        year = f", financial year {calendar.fy_label(self.year)}" if self.year else ""
        return f"{self.file}!{self.sheet}: {len(self.rows)} rows read: {parts}{year}"


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
    """

    schemes: pd.DataFrame
    year: int
    totals: pd.DataFrame
    totals_check: pd.DataFrame
    report: LoadReport
    file: str
    sheet: str


@dataclass(frozen=True)
class Mapping:
    """A user's description of a layout: header text -> canonical column, and where it is."""

    columns: dict[str, str]
    sheet: str | None = None
    header_row: int | None = None


# --- header reading -----------------------------------------------------------------------

def _norm(text: object) -> str:
    """Header text for matching: lower case, no quotes, one space between words."""
    if text is None:
        return ""
    text = str(text).lower()
    text = re.sub(r"[\"'`\u2018\u2019\u201c\u201d]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _classify(text: str) -> tuple[str, int | None] | None:
    """The canonical column (or a year-dependent kind) a header names, and the year it names."""
    t = text
    if not t:
        return None
    fy = calendar.find_fy_label(t)
    if re.search(r"change in delivery|delivery change|months? \+ ?/ ?-|slippage", t):
        return Scheme.change_in_delivery_months, None
    if "most likely" in t or "risk adjusted" in t or "risk-adjusted" in t:
        return Scheme.most_likely_in_year, None
    if "delivery value" in t or "forecast" in t:
        return _DELIVERY, fy
    if re.search(r"\bmonths?\b", t) and ("saving" in t or "in year" in t or fy):
        return Scheme.months_in_year, fy
    if "gross" in t or "current cost" in t:
        return Scheme.gross_opportunity, None
    if ("full year" in t or re.search(r"\bfye\b", t) or "effect net saving" in t
            or "recurrent" in t):
        return Scheme.fye_net_saving, None
    if re.search(r"\bplan(?:ned)?\b", t) or re.search(r"\b(?:in|next) year saving", t):
        return _PLANNED, fy
    if re.fullmatch(r"(?:scheme |qipp |ref )?(?:no\.?|number|ref|ref no\.?|id|#)", t):
        return Scheme.scheme_id, None
    if "file ref" in t or "file reference" in t or "plan ref" in t:
        return Scheme.file_ref, None
    if re.search(r"heading|\btheme\b|programme|workstream|portfolio", t):
        return Scheme.theme, None
    if re.search(r"\bphase\b|complexity|\bcategory\b", t):
        return Scheme.phase, None
    if re.search(r"go ?-?live|start date|implementation date", t):
        return Scheme.go_live, None
    if "overall" in t:
        return Scheme.rag_overall, None
    if "timeliness" in t or "timescale" in t:
        return Scheme.rag_timeliness, None
    if "resource" in t:
        return Scheme.rag_resources, None
    if "dependen" in t:
        return Scheme.rag_codependency, None
    if re.fullmatch(r"(?:rag )?value(?: rag)?", t):
        return Scheme.rag_value, None
    if re.search(r"\bscheme\b|\bproject\b|\binitiative\b|description", t):
        return Scheme.scheme, None
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, dt.date, dt.datetime)) and not isinstance(value, bool)


def _row_texts(values: list) -> dict[int, str]:
    """Column (1-based) -> stripped text of each non-blank text cell of a row."""
    return {i + 1: v.strip() for i, v in enumerate(values) if isinstance(v, str) and v.strip()}


def _header_score(values: list, mapping: Mapping | None) -> int:
    kinds = set()
    for text in _row_texts(values).values():
        key = _norm(text)
        if mapping and key in mapping.columns:
            kinds.add(mapping.columns[key])
            continue
        found = _classify(key)
        if found:
            kinds.add(found if found[0] in (_PLANNED, _DELIVERY) else found[0])
    return len(kinds)


def _is_header_like(values: list) -> bool:
    """Two or more text cells and no figures: a header (or group) row, not data."""
    return len(_row_texts(values)) >= 2 and not any(_is_number(v) for v in values)


def _find_header(buffer: list[list], mapping: Mapping | None) -> tuple[int, int] | None:
    """Index (in ``buffer``) of the first and last header rows, or ``None``."""
    if mapping and mapping.header_row:
        last = mapping.header_row - 1
        if last >= len(buffer):
            return None
        first = last - 1 if last > 0 and _is_header_like(buffer[last - 1]) and \
            _header_score(buffer[last - 1], mapping) == 0 and \
            len(_row_texts(buffer[last - 1])) >= 2 else last
        return first, last
    scores = [_header_score(values, mapping) for values in buffer]
    if not scores or max(scores) < MIN_HEADER_COLUMNS:
        return None
    best = scores.index(max(scores))
    if best + 1 < len(buffer) and _is_header_like(buffer[best + 1]) and scores[best + 1] >= 1:
        return best, best + 1
    if best > 0 and _is_header_like(buffer[best - 1]):
        return best - 1, best
    return best, best


@dataclass
class _Layout:
    """Where each canonical column is on the sheet (0-based positions in a row)."""

    positions: dict[str, int]
    header_first: int  # 1-based worksheet rows
    header_last: int
    year: int | None
    problems: list[Problem]
    unmapped: list[str]


def _read_header(buffer, first: int, last: int, merges, mapping: Mapping | None,
                 file: str, sheet: str, row_offset: int = 1) -> _Layout:
    """Map the header block's columns to canonical columns."""
    top_row, bottom_row = first + row_offset, last + row_offset
    top = _row_texts(buffer[first])
    bottom = _row_texts(buffer[last]) if last != first else {}
    if first != last:
        for merge in merges:
            if merge.min_row == top_row and merge.max_col > merge.min_col:
                label = top.get(merge.min_col)
                for col in range(merge.min_col + 1, merge.max_col + 1):
                    if label and col not in top:
                        top[col] = label
    columns = sorted(set(top) | set(bottom))
    found: dict[int, tuple[str, int | None, str]] = {}
    for col in columns:
        label_top, label_bottom = top.get(col, ""), bottom.get(col, "")
        candidates = [label_bottom, f"{label_top} {label_bottom}".strip(), label_top]
        shown = f"{label_top} / {label_bottom}" if label_top and label_bottom else \
            (label_bottom or label_top)
        kind = None
        if mapping:
            for text in candidates:
                if _norm(text) in mapping.columns:
                    kind = (mapping.columns[_norm(text)], None)
                    break
        if kind is None:
            for text in candidates:
                kind = _classify(_norm(text))
                if kind:
                    break
        if kind:
            found[col] = (kind[0], kind[1], shown)
    years = [fy for kind, fy, _ in found.values()
             if fy and kind in (_PLANNED, _DELIVERY, Scheme.months_in_year)]
    year = min(years) if years else None
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    unmapped = [f"{column_letter(c)}{bottom_row}: {(bottom.get(c) or top.get(c))!r}"
                for c in columns if c not in found]
    for col, (kind, fy, shown) in sorted(found.items()):
        if kind in (_PLANNED, _DELIVERY):
            if fy is None or year is None:
                later = "next year" in _norm(shown) or "following year" in _norm(shown)
            elif fy in (year, year + 1):
                later = fy == year + 1
            else:
                unmapped.append(f"{column_letter(col)}{bottom_row}: {shown!r} "
                                f"(names {calendar.fy_label(fy)}, not this year or next)")
                continue
            if kind == _PLANNED:
                kind = Scheme.plan_next_year if later else Scheme.plan_in_year
            else:
                kind = Scheme.forecast_next_year if later else Scheme.forecast_in_year
        if kind in positions:
            problems.append(Problem(
                file, f"two columns read as {kind}: {column_letter(positions[kind] + 1)} and "
                f"{column_letter(col)} ({shown!r}); describe the layout with a mapping file",
                sheet, f"{column_letter(col)}{bottom_row}"))
            continue
        positions[kind] = col - 1
    for column, expected in _EXPECTED_HEADERS.items():
        if column not in positions:
            what = "no full-year effect (FYE) column" if column == Scheme.fye_net_saving \
                else f"no {column} column"
            problems.append(Problem(file, f"{what}: expected a header like {expected}",
                                    sheet, f"A{bottom_row}"))
    return _Layout(positions, top_row, bottom_row, year, problems, unmapped)


# --- cell parsing -------------------------------------------------------------------------

def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _money(value: object) -> tuple[float, str | None]:
    """Pounds from a number or text like '£12,345' / '(1,200)'; NaN for blank (strict:
    see :mod:`.values`; "NaN", "inf", "1_000" and "£12,3,4" are not amounts)."""
    try:
        return strict_money(value), None
    except NotANumber:
        return np.nan, f"expected an amount in £, found {shown(value)}"


def _number(value: object, what: str, blank: float = np.nan,
            limit: float = MAX_MONTHS) -> tuple[float, str | None]:
    """A register's plain number, which is a count of months (months in year, change in
    delivery): strict (:mod:`.values`) and within ±``limit`` (default ±36 months, three years:
    the forecast keeps effective months within 0-12 anyway, so a larger change is a typo)."""
    try:
        number = strict_number(value, limit=limit)
    except NotANumber as error:
        return np.nan, f"expected {what}, found {shown(value)}" + (
            " (beyond the plausible range)" if "range" in str(error) else "")
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


def _rag(value: object, fill: str | None) -> tuple[str | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return rag_from_colour(fill), None
    word = _RAG_WORDS.get(str(value).strip().lower())
    if word is None:
        return None, f"unknown RAG rating {value!r}: expected Green, Amber or Red"
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
        return None, (f"unreadable month {shown(value)}{why}: expected a month such as "
                      "Jul-26, July 2026, 2026-07 or an Excel date")
    if year is not None and abs(calendar.fy_start_year(month) - year) > GO_LIVE_WINDOW_YEARS:
        return None, (f"go-live {month.strftime('%b %Y')} is more than {GO_LIVE_WINDOW_YEARS} "
                      f"years from the register's year {calendar.fy_label(year)}: a typo?")
    return month, None


# --- the loader ---------------------------------------------------------------------------

def read_mapping(path: str | Path) -> Mapping:
    """Read a YAML mapping file (see the module docstring).

    Raises:
        ConfigError: naming the file, for a missing or malformed file or an unknown column.
    """
    import yaml

    path = Path(path)
    try:
        spec = load_yaml(path)  # UTF-8, no aliases, finite numbers: one-line ConfigError
    except FileNotFoundError:
        raise ConfigError(Problem(path.name, "no such mapping file")) from None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        raise ConfigError(Problem(path.name, f"not a readable YAML mapping ({error})")) from None
    if not isinstance(spec, dict):
        raise ConfigError(Problem(path.name, "expected 'header text: column' lines"))
    columns = spec.get("columns", {k: v for k, v in spec.items()
                                   if k not in ("sheet", "header_row")})
    problems = []
    if not isinstance(columns, dict):
        problems.append(Problem(path.name, "'columns' must map header text to a column"))
        columns = {}
    for header, column in columns.items():
        if column not in Scheme.COLUMNS or column == Scheme.source:
            problems.append(Problem(path.name, f"header {header!r}: unknown column {column!r}; "
                                    f"expected one of {', '.join(Scheme.COLUMNS[:-1])}"))
    header_row = spec.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        problems.append(Problem(path.name, f"header_row {header_row!r}: expected a row number"))
    if problems:
        raise ConfigError(problems)
    return Mapping({_norm(k): v for k, v in columns.items()},
                   sheet=spec.get("sheet"), header_row=header_row)


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
    """Read a scheme register from a workbook.

    Args:
        path: the xlsx workbook.
        sheet: the sheet holding the register; by default every sheet is searched in order.
        mapping: a YAML mapping file (or :class:`Mapping`) for a layout the detector can't read.

    Returns:
        A :class:`RegisterLoad`: schemes (money in £, months as ``Period[M]``, the financial
        year by its starting calendar year), totals kept apart, and a report of every row.

    Raises:
        WorkbookError: the file can't be opened, the sheet is missing, or no sheet has a register.
        ValidationError: every cell that breaks the column contract, each named by sheet and cell.
        ConfigError: the mapping file is malformed.
    """
    path = Path(path)
    file = path.name
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = read_mapping(mapping)
    sheet = sheet or (mapping.sheet if mapping else None)
    workbook = open_workbook(path)
    try:
        with reading(file):
            return _load(workbook, file, sheet, mapping)
    finally:
        workbook.close()


def _load(workbook, file: str, sheet: str | None, mapping: Mapping | None) -> RegisterLoad:
    if sheet is not None and sheet not in workbook.sheetnames:
        raise WorkbookError(Problem(
            file, f"no sheet named {sheet!r}; the workbook has "
            f"{', '.join(repr(s) for s in workbook.sheetnames)}", sheet))
    skipped: list[str] = []
    for title in [sheet] if sheet else workbook.sheetnames:
        worksheet = workbook[title]
        if not hasattr(worksheet, "iter_rows"):  # a chart sheet
            skipped.append(f"{title}: a chart sheet")
            continue
        rows = stream_rows(worksheet)
        buffer: list[tuple[int, list, list]] = []
        scan = max(SCAN_ROWS, (mapping.header_row or 0) + 1) if mapping else SCAN_ROWS
        for row in rows:
            buffer.append(row)
            if len(buffer) >= scan:
                break
        values = [row_values for _, row_values, _ in buffer]
        block = _find_header(values, mapping)
        if block is None:
            skipped.append(f"{title}: no header row naming scheme columns "
                           f"in its first {SCAN_ROWS} rows")
            continue
        layout = _read_header(values, *block, merged_ranges(worksheet), mapping, file, title)
        return _read_rows(workbook, worksheet, file, title, buffer, block, rows, layout,
                          skipped)
    where = f"sheet {sheet!r}" if sheet else \
        f"any sheet ({', '.join(repr(s) for s in workbook.sheetnames)})"
    raise WorkbookError(Problem(
        file, f"no scheme register found on {where}: expected a header row with columns like "
        "'No', 'Scheme', 'Go Live Date' and '(Full Year) Effect Net Saving'", sheet))


def _read_rows(workbook, worksheet, file, title, buffer, block, rows, layout: _Layout,
               skipped) -> RegisterLoad:
    first, last = block
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
    label_positions = sorted({0, *(pos[c] for c in (Scheme.scheme_id, Scheme.file_ref,
                                                    Scheme.theme, Scheme.scheme) if c in pos)})
    label_set = set(label_positions)
    id_pos, name_pos = pos.get(Scheme.scheme_id), pos.get(Scheme.scheme)
    money_positions = [pos[c] for c in Scheme.MONEY_COLUMNS if c in pos]
    wanted = list(pos.items())
    rag_positions = {c: pos[c] for c in Scheme.RAG_COLUMNS if c in pos}
    fills = StyleFills(workbook)

    scheme_rows: list[int] = []
    raw: dict[str, list] = {c: [] for c, _ in wanted}
    rag_fills: dict[str, list] = {c: [] for c in rag_positions}
    other_rows: list[tuple[str, int, str, list]] = []  # kind, row, label, cells by column
    seen_total = False

    def rest():
        yield from buffer[last + 1:]
        yield from rows

    for row_number, vals, styles in rest():
        width = len(vals)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
            report_rows.append((row_number, BLANK, ""))
            continue
        id_value = vals[id_pos] if id_pos is not None and id_pos < width else None
        has_id = id_value not in (None, "") and not (
            isinstance(id_value, str) and _TOTAL_LABEL.search(id_value))
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
        has_name = name_pos is not None and name_pos < width and \
            vals[name_pos] not in (None, "")
        if has_id != has_name:
            # A number or a name alone, with nothing else on the row beside other labels, is a
            # heading or a note ("PLANNED CARE"), not a scheme.
            has_id = has_name = any(
                v not in (None, "") for i, v in enumerate(vals) if i not in label_set)
        if has_id or has_name:
            scheme_rows.append(row_number)
            for column, p in wanted:
                raw[column].append(vals[p] if p < width else None)
            for column, p in rag_positions.items():
                empty = p >= width or vals[p] in (None, "")
                rag_fills[column].append(fills.hex(styles[p]) if empty and p < width else None)
            report_rows.append((row_number, SCHEME, ""))
            continue
        if any(_is_number(vals[p]) for p in money_positions if p < width):
            other_rows.append((ADJUSTMENT, row_number, "", vals))
            reason = "figures with no scheme number or name" + \
                (", under a totals row" if seen_total else "")
            report_rows.append((row_number, ADJUSTMENT, reason))
            continue
        report_rows.append((row_number, NOTE, "text with no scheme number and name, "
                            "and no figures"))

    problems = list(layout.problems)
    schemes = _parse_schemes(raw, rag_fills, scheme_rows, pos, file, title, problems,
                             layout.year)
    year = layout.year or _year_from_go_lives(schemes[Scheme.go_live])
    if year is None and not problems:
        problems.append(Problem(file, "cannot tell the register's financial year: no header "
                                "names one (like 'No of Months Saving in 26/27') and no "
                                "go-live month was read", title))
    totals, totals_check = _totals(other_rows, schemes, scheme_rows, pos, file, title,
                                   prefix, problems)
    if not scheme_rows and not problems:  # a header and nothing under it: one line, the cell
        problems.append(Problem(file, "no schemes under the header: expected a row per scheme "
                                "from here", title, f"A{layout.header_last + 1}"))
    if not problems:
        problems.extend(_schema_problems(schemes, scheme_rows, pos, file, title))
    if problems:
        raise ValidationError(problems)
    report = LoadReport(
        file=file, sheet=title,
        rows=pd.DataFrame({
            "source": [f"{prefix}{r}" for r, _, _ in report_rows],
            "row": [r for r, _, _ in report_rows],
            "outcome": [o for _, o, _ in report_rows],
            "reason": [why for _, _, why in report_rows],
        }),
        skipped_sheets=skipped, unmapped_headers=layout.unmapped, year=year)
    return RegisterLoad(schemes=schemes, year=year, totals=totals, totals_check=totals_check,
                        report=report, file=file, sheet=title)


def _parse_schemes(raw, rag_fills, scheme_rows, pos, file, sheet, problems,
                   year=None) -> pd.DataFrame:
    """Canonical scheme frame from raw cell values, collecting each bad cell as a problem."""
    n = len(scheme_rows)

    def cell(column: str, i: int) -> str:
        return f"{column_letter(pos[column] + 1)}{scheme_rows[i]}"

    def parse(column: str, parser, *extra):
        out = []
        for i, value in enumerate(raw[column]):
            parsed, error = parser(value, *(e[i] for e in extra))
            if error:
                problems.append(Problem(file, error, sheet, cell(column, i)))
            out.append(parsed)
        return out

    frame: dict[str, object] = {}
    for column in (Scheme.scheme_id, Scheme.file_ref, Scheme.theme, Scheme.scheme):
        frame[column] = [_text(v) for v in raw[column]] if column in raw else [None] * n
    for column in (Scheme.scheme_id, Scheme.scheme):
        if column in raw:
            for i, value in enumerate(frame[column]):
                if value is None:
                    what = "scheme number" if column == Scheme.scheme_id else "scheme name"
                    problems.append(Problem(file, f"no {what} on a scheme row", sheet,
                                            cell(column, i)))
    frame[Scheme.phase] = parse(Scheme.phase, _phase) if Scheme.phase in raw else [np.nan] * n
    year = year or calendar.common_fy(raw.get(Scheme.go_live, ()))  # two-digit years' window
    frame[Scheme.go_live] = parse(Scheme.go_live, _month, [year] * n) if Scheme.go_live in raw \
        else [None] * n
    frame[Scheme.months_in_year] = (parse(Scheme.months_in_year, _months)
                                    if Scheme.months_in_year in raw else [np.nan] * n)
    for column in Scheme.MONEY_COLUMNS:
        frame[column] = parse(column, _money) if column in raw else [np.nan] * n
    if Scheme.fye_net_saving in raw:
        for i, value in enumerate(frame[Scheme.fye_net_saving]):
            if np.isnan(value) and raw[Scheme.fye_net_saving][i] is None:
                problems.append(Problem(file, "no full-year effect (FYE): expected an amount "
                                        "in £", sheet, cell(Scheme.fye_net_saving, i)))
    for column in Scheme.RAG_COLUMNS:
        frame[column] = parse(column, _rag, rag_fills[column]) if column in raw else [None] * n
    frame[Scheme.change_in_delivery_months] = (
        parse(Scheme.change_in_delivery_months,
              lambda v: _number(v, "months gained (+) or lost (-)", blank=0.0))
        if Scheme.change_in_delivery_months in raw else [0.0] * n)
    frame[Scheme.source] = [f"{file}!{sheet}!{r}" for r in scheme_rows]

    if Scheme.scheme_id in raw:
        first_seen: dict[str, int] = {}
        for i, scheme_id in enumerate(frame[Scheme.scheme_id]):
            if scheme_id is None:
                continue
            if scheme_id in first_seen:
                problems.append(Problem(
                    file, f"scheme number {scheme_id!r} appears twice (first at "
                    f"{cell(Scheme.scheme_id, first_seen[scheme_id])}): expected each once",
                    sheet, cell(Scheme.scheme_id, i)))
            else:
                first_seen[scheme_id] = i

    text = lambda column: pd.Series(frame[column], dtype="object")  # noqa: E731
    schemes = pd.DataFrame({
        Scheme.scheme_id: text(Scheme.scheme_id),
        Scheme.file_ref: text(Scheme.file_ref),
        Scheme.theme: text(Scheme.theme),
        Scheme.scheme: text(Scheme.scheme),
        Scheme.phase: pd.array(frame[Scheme.phase], dtype="Float64").astype("Int64")
        if n else pd.array([], dtype="Int64"),
        Scheme.go_live: pd.PeriodIndex([m if m is not None else pd.NaT
                                        for m in frame[Scheme.go_live]], freq="M"),
        Scheme.months_in_year: np.asarray(frame[Scheme.months_in_year], dtype=float),
        **{c: np.asarray(frame[c], dtype=float)
           for c in (Scheme.gross_opportunity, Scheme.fye_net_saving, Scheme.plan_in_year,
                     Scheme.plan_next_year)},
        **{c: text(c) for c in Scheme.RAG_COLUMNS},
        Scheme.most_likely_in_year: np.asarray(frame[Scheme.most_likely_in_year], dtype=float),
        Scheme.change_in_delivery_months: np.asarray(frame[Scheme.change_in_delivery_months],
                                                     dtype=float),
        Scheme.forecast_in_year: np.asarray(frame[Scheme.forecast_in_year], dtype=float),
        Scheme.forecast_next_year: np.asarray(frame[Scheme.forecast_next_year], dtype=float),
        Scheme.source: text(Scheme.source),
    }, columns=list(Scheme.COLUMNS))
    return schemes


def _totals(other_rows, schemes, scheme_rows, pos, file, sheet, prefix, problems):
    """Totals and adjustment rows as a frame, and each totals figure checked against schemes."""
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
                problems.append(Problem(file, error, sheet,
                                        f"{column_letter(pos[column] + 1)}{row_number}"))
            record[column] = amount
        agrees = pd.NA
        if kind == TOTAL:
            since = 0 if re.search(r"grand", label, re.IGNORECASE) else previous_total
            mask = (rows > since) & (rows < row_number)
            agrees = True
            for column in money:
                stated = record[column]
                if np.isnan(stated):
                    continue
                summed = float(np.nansum(schemes[column].to_numpy()[mask])) if len(rows) else 0.0
                difference = stated - summed
                checks.append({"source": f"{prefix}{row_number}", "label": label,
                               "field": column, "stated": stated, "schemes_sum": summed,
                               "difference": difference})
                agrees = agrees and abs(difference) <= 1.0
            previous_total = row_number
        record["agrees"] = agrees
        record["source"] = f"{prefix}{row_number}"
        records.append(record)
    totals = pd.DataFrame(records, columns=["kind", "label", *Scheme.MONEY_COLUMNS, "agrees",
                                            "source"])
    totals_check = pd.DataFrame(checks, columns=["source", "label", "field", "stated",
                                                 "schemes_sum", "difference"])
    return totals, totals_check


def _schema_problems(schemes, scheme_rows, pos, file, sheet) -> list[Problem]:
    """The schema's lazy check, each failure turned into a located problem."""
    import pandera.errors

    try:
        SCHEME_SCHEMA.validate(schemes, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.itertuples():
            column, index = case.column, case.index
            where = None
            if column in pos and index is not None and not pd.isna(index):
                where = f"{column_letter(pos[column] + 1)}{scheme_rows[int(index)]}"
            problems.append(Problem(file, f"{column}: {case.failure_case!r} fails "
                                    f"{case.check}", sheet, where))
        return problems
    return []


def schemes_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """The scheme table as the CSV carries it: go-live as ``YYYY-MM``, columns in order."""
    out = frame.loc[:, list(Scheme.COLUMNS)].copy()
    out[Scheme.go_live] = out[Scheme.go_live].dt.strftime("%Y-%m")
    return out
