"""Reading a register, stage by stage: find the table (:mod:`.find`), assign the columns
(:mod:`.columns`), walk the rows (:mod:`.rows`), translate the cells into the scheme table
(:mod:`.schemes`, :mod:`.translate`), derive what is not stated (:mod:`.derive`), check totals
(:mod:`.totals`), and account for it all in the load report (:mod:`.report`)."""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ... import calendar
from ...errors import Problem, ValidationError, WorkbookError
from ...schema import Scheme
from ..headers import names_month, norm
from ..values import amount as _money
from ..workbook import reading
from .columns import _choices_frame, _Layout, _layout
from .derive import (
    _SAVING_COLUMNS,
    _assume_from_year_figures,
    _derive_fye,
    _derive_go_live,
    _from_months,
    _savings_negative,
    _year_from_go_lives,
)
from .efficiency import efficiency_frame, is_unidentified_line, read_efficiency
from .find import SCAN_ROWS, _scan, _Sheet, open_book
from .mapping import Mapping, read_mapping
from .regroup import accounted, month_sources
from .report import RATING_COLUMNS, LoadReport, RegisterLoad
from .rows import _walk_rows
from .schemes import _monthly, _parse_schemes, _schema_problems
from .totals import _totals


def load_register(
    path: str | Path,
    sheet: str | None = None,
    mapping: str | Path | Mapping | None = None,
    period: str | pd.Period | None = None,
) -> RegisterLoad:
    """Read a scheme register from a workbook (.xlsx, .xls, .xlsb, .ods) or a CSV export.

    Args:
        path: the register file.
        sheet: the sheet holding the register; by default every sheet is looked at, and the
            only one holding a register read.
        mapping: a YAML mapping file (or :class:`Mapping`) correcting the header reading.
        period: the reporting month, to choose between several register sheets by the month
            their name or title names.

    Returns:
        A :class:`RegisterLoad`: schemes (money in £, months as ``Period[M]``, the financial
        year by its starting calendar year), totals kept apart, a monthly tracker's plan
        profile, and a report of every row and of how each header was read.

    Raises:
        WorkbookError: the file can't be opened, the sheet is missing, no sheet has a register
            (or only actuals), or several do and neither ``sheet`` nor ``period`` tells them
            apart.
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
            return _load(book, file, sheet, mapping, period)
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


def _load(book, file: str, sheet: str | None, mapping: Mapping | None, period=None) -> RegisterLoad:
    """Find the register's sheet and read it. Every sheet is looked at; with two or more
    registers (a Move-or-Copy duplicate placed first, last month's tab), the one named, else
    the one whose name or title names the reporting month (said in the notes), else an error
    naming them: never the first silently."""
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
    candidates: list[tuple[_Sheet, _Layout]] = []
    actuals: list[str] = []
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
        if mapping is None and _holds_actuals(found):
            actuals.append(title)
            skipped.append(f"{title}: actual savings by scheme and month (an actuals sheet)")
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
        candidates.append((found, layout))
    clean = [c for c in candidates if not c[1].problems] or candidates[:1]
    if len(clean) > 1:
        found, layout, why = _choose(clean, file, period)
        return _read_rows(book, found, file, layout, skipped, mapping, why)
    if clean:
        found, layout = clean[0]
        return _read_rows(book, found, file, layout, skipped, mapping)
    if deferred is not None:
        found, layout = deferred
        skipped[:] = [s for s in skipped if not s.startswith(f"{found.title}: ")]
        return _read_rows(book, found, file, layout, skipped, mapping)
    if actuals:
        raise WorkbookError(
            Problem(
                file,
                f"no register here: {', '.join(repr(a) for a in actuals)} "
                f"{'holds' if len(actuals) == 1 else 'hold'} actual savings by scheme and month "
                "(an actuals workbook), not a scheme register",
            )
        )
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


def _unidentified_lines(schemes: pd.DataFrame, year: int | None, notes: list) -> np.ndarray:
    """The plan's unidentified lines (a part of the target with no scheme behind it): a blank
    go-live is April of the year (the whole year), a blank FYE is the plan in year (else 0).
    Returns the mask of those lines."""
    mask = np.array(
        [
            is_unidentified_line(i, s)
            for i, s in zip(schemes[Scheme.scheme_id], schemes[Scheme.scheme])
        ],
        dtype=bool,
    )
    if not mask.any():
        return mask
    if year is not None:
        start = calendar.fy_start(year)
        blank = mask & schemes[Scheme.go_live].isna().to_numpy()
        if blank.any():
            schemes[Scheme.go_live] = pd.PeriodIndex(
                [start if b else g for b, g in zip(blank, schemes[Scheme.go_live])], freq="M"
            )
    fye = schemes[Scheme.fye_net_saving].to_numpy(dtype=float)
    plan = schemes[Scheme.plan_in_year].to_numpy(dtype=float)
    blank_fye = mask & np.isnan(fye)
    schemes[Scheme.fye_net_saving] = np.where(blank_fye, np.nan_to_num(plan), fye)
    names = ", ".join(repr(n) for n in schemes.loc[mask, Scheme.scheme])
    notes.append(
        f"unidentified savings: {names} read as a line of the plan with stage unidentified "
        "(counted in the plan, never a total; weighted 0 and forecast 0 unless stated)"
        + ("; its blank go-live taken as April (the whole year)" if year is not None else "")
        + ("; its blank FYE taken as its plan in year" if blank_fye.any() else "")
    )
    return mask


def _with_efficiency(
    schemes: pd.DataFrame, columns: dict, unidentified: np.ndarray
) -> pd.DataFrame:
    """The scheme table with the efficiency columns the register has (after COLUMNS); an
    unidentified line's stage is ``unidentified``."""
    if unidentified.any():
        stages = list(columns.get(Scheme.stage, [None] * len(schemes)))
        for i in np.flatnonzero(unidentified).tolist():
            stages[i] = "unidentified"
        columns = {**columns, Scheme.stage: stages}
    if not columns:  # (the pack says the register has none: views/efficiency.py)
        return schemes
    extra = efficiency_frame(columns, len(schemes))
    return pd.concat([schemes, extra.set_axis(schemes.index)], axis=1)


def _unrated_note(unrated: list[str], mapping: Mapping | None) -> str:
    """The schemes with no overall rating, and the weight they are counted at."""
    named = ", ".join(unrated[:10]) + (
        f" and {len(unrated) - 10} more" if len(unrated) > 10 else ""
    )
    weight = (mapping.weights if mapping else {}).get("unrated")
    at = (
        f"at {weight:.0%}, the mapping file's unrated weight"
        if weight is not None
        else "at the weight set's unrated weight (weights.yml 'unrated', a prudent default: "
        "board 50%), not in full"
    )
    return f"{len(unrated)} scheme(s) have no overall rating ({named}): counted {at}"


def _holds_actuals(found: _Sheet) -> bool:
    """A header naming a scheme number, a month and an actual saving, and nothing of a plan
    or a full-year effect: a sheet of actuals by scheme and month (io/actuals.py reads it)."""
    from ..actuals import _role

    header = found.buffer[found.block[1]][1]
    roles = {_role(v) for v in header if isinstance(v, str)}
    words = " ".join(norm(v) for v in header if isinstance(v, str))
    planned = re.search(r"\bplan|full ?-?year|\bfye\b|target|go ?-?live|forecast", words)
    return {"scheme_id", "month", "actual_gbp"} <= roles and not planned


def _choose(candidates, file: str, period) -> tuple[_Sheet, _Layout, str]:
    """The register sheet among several: the one whose name or title rows name the reporting
    month; else an error naming them all."""
    names = ", ".join(repr(found.title) for found, _ in candidates)
    if period is not None:
        period = pd.Period(period, freq="M")
        naming = []
        for found, layout in candidates:
            titles = [
                v
                for _, values, _ in found.buffer[: found.block[0]]
                for v in values
                if isinstance(v, str) and v.strip()
            ]
            if any(names_month(t, period) for t in [found.title, *titles]):
                naming.append((found, layout))
        if len(naming) == 1:
            found, layout = naming[0]
            return (
                found,
                layout,
                (
                    f"sheet {found.title!r} read: of the register sheets ({names}) it is the one "
                    f"whose name or title names {period.strftime('%B %Y')}"
                ),
            )
    raise WorkbookError(
        Problem(
            file,
            f"{len(candidates)} sheets hold a scheme register ({names}): name the one to read "
            "(--sheet, a mapping file's sheet:, or register_sheet: in the data folder's "
            "pack.yml), or give the reporting month its name or title names",
        )
    )


def _read_rows(
    book,
    found: _Sheet,
    file: str,
    layout: _Layout,
    skipped,
    mapping: Mapping | None = None,
    chosen: str = "",
) -> RegisterLoad:
    """The rows read (:func:`.rows._walk_rows`) into the scheme table, its totals, its monthly
    plan and the load report."""
    title = found.title
    prefix = f"{file}!{title}!"
    walked = _walk_rows(book, found, layout, mapping.exclude_rows if mapping else (), file)
    if walked.problems:  # rows that cannot be gathered into schemes: say only that
        raise ValidationError(walked.problems)
    report_rows, scheme_rows, raw = walked.report_rows, walked.scheme_rows, walked.raw
    raw_months, month_positions = walked.raw_months, walked.month_positions
    rag_fills, other_rows, headings = walked.rag_fills, walked.other_rows, walked.headings
    ytd, one_off = walked.ytd, walked.one_off
    pos = walked.positions  # (the header's reading, less what the row layout took)
    problems = list(layout.problems)
    notes = ([chosen] if chosen else []) + list(layout.notes) + walked.notes
    factors = {
        column: layout.units[p][1] for column, p in pos.items() if column in Scheme.MONEY_COLUMNS
    }
    vocabulary: list[tuple] = []
    schemes = _parse_schemes(
        raw,
        rag_fills,
        scheme_rows,
        pos,
        file,
        title,
        problems,
        factors,
        layout,
        layout.year,
        values=mapping.values if mapping else None,
        vocabulary=vocabulary,
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
    if walked.sources:  # each month from its own row (a long extract, an actual row)
        month_sources(monthly_plan, "plan", schemes, walked.sources, prefix)
        month_sources(monthly_actual, "actual", schemes, walked.sources, prefix)
    stated_fye = schemes[Scheme.fye_net_saving].to_numpy(dtype=float).copy()  # for totals
    if one_off is not None and Scheme.recurrent not in pos:
        amounts = np.array([_money(v)[0] for v in raw["non_recurrent_amount"]], dtype=float)
        recurring = np.nan_to_num(schemes[Scheme.fye_net_saving].to_numpy(dtype=float))
        only_once = (np.nan_to_num(amounts) != 0) & (recurring == 0)
        # the split says it: a recurrent effect recurs, a one-off amount alone does not
        flags = schemes[Scheme.recurrent].to_numpy(dtype=object)
        flags[(recurring != 0) & pd.isna(flags)] = True
        flags[only_once] = False
        schemes[Scheme.recurrent] = pd.array(list(flags), dtype="boolean")
        if only_once.any():
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
        stated_fye = -stated_fye
        monthly_plan["plan_gbp"] = -monthly_plan["plan_gbp"]
        monthly_actual["actual_gbp"] = -monthly_actual["actual_gbp"]
        notes.append(
            "every saving is written as a negative figure (a reduction in spend): "
            "read as positive savings"
        )
    year = layout.year
    year_from = layout.year_from
    if year is None and walked.year is not None:
        year, year_from = walked.year, "the months of its rows"
    if not monthly_plan.empty:
        _from_months(schemes, monthly_plan, pos, notes)
    _derive_go_live(schemes, pos, year, notes)
    if year is None:
        year = _year_from_go_lives(schemes[Scheme.go_live])
        year_from = "the go-live months" if year is not None else ""
        _derive_go_live(schemes, pos, year, notes)
    unidentified = _unidentified_lines(schemes, year, notes)
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
    # totals add up the figures as stated: a one-off saving's FYE, taken as its plan in year,
    # is not in a "Recurrent FYE" total
    as_stated = schemes.assign(**{Scheme.fye_net_saving: stated_fye})
    totals, totals_check = _totals(
        other_rows, as_stated, scheme_rows, pos, file, title, prefix, problems, factors
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
    efficiency = read_efficiency(
        raw, scheme_rows, pos, file, title, problems, mapping.words if mapping else None
    )
    if not problems:
        problems.extend(_schema_problems(schemes, scheme_rows, pos, file, title))
    if problems:
        raise ValidationError(problems)
    schemes = _with_efficiency(schemes, efficiency, unidentified)
    unrated = schemes.loc[
        schemes[Scheme.rag_overall].isna().to_numpy() & ~unidentified, Scheme.scheme_id
    ].tolist()  # (an unidentified line weighs 0 in every set)
    if unrated:
        notes.append(_unrated_note(unrated, mapping))
    units = {
        column: layout.units[p][0] for column, p in pos.items() if column in Scheme.MONEY_COLUMNS
    }
    if month_positions:
        units["monthly_plan"] = layout.units[month_positions[0][0]][0]
    choices, unmapped, warnings = accounted(
        _choices_frame(layout),
        layout.unmapped,
        layout.warnings,
        walked.relabel,
        list(found.buffer[layout.header_last - 1][1]),
        layout.header_last,
    )
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
        unmapped_headers=unmapped,
        year=year,
        year_from=year_from,
        choices=choices,
        units=units,
        notes=notes,
        sheet_choice=chosen,
        header_row=layout.header_last,
        warnings=warnings,
        ratings=pd.DataFrame(vocabulary, columns=list(RATING_COLUMNS)),
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
        ids_invented=walked.ids_invented,
        weights=dict(mapping.weights) if mapping else {},
    )
