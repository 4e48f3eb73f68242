"""Actual savings to date, by scheme and month, from a workbook kept long or wide.

Long: a header row naming a scheme number ("No", "Scheme No", "Ref"), a month ("Month",
"Period") and an actual saving ("Actual Saving £", "Actual £000"), one row per scheme and month.
Wide: a header row naming a scheme number and one column per month (``Apr-26`` ... or dates, or
``M1`` ... ``M12`` / ``Month 1`` with the year in a title or the sheet's name), one row per
scheme; month columns headed or grouped as plan, budget, target or forecast are not actuals and
are named, as are other columns with a header (YTD, totals, the scheme name).

Money is converted to pounds: a unit in the amount's header or the month headers ("Actual
Saving £000", "£k", "£m"), else in a title row above ("All values £'000"), else pounds; the
unit is named in :attr:`ActualsLoad.notes`. Months are Excel dates or text ("Jul-26"); amounts
are numbers or text like "£12,345"; a blank amount means no actual was recorded (``nan`` in a
long sheet, no row in a wide one), which is not a saving of £0.

Which sheet: the one named; else the only sheet with an actuals header; with several (last
month's tab kept, a copy placed first), the one whose name or title names the reporting month,
said in the notes; else an error naming them all. Never the first silently.

:func:`out_of_period` names the actuals a month cannot count: dated outside the register's
financial year, or after the reporting month. Every problem in the workbook is raised at once,
each naming the sheet and cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import calendar
from ..errors import Problem, ValidationError, WorkbookError
from ..style import money_exact
from .headers import header_year, money_unit, month_label, names_month
from .headers import norm as _norm
from .values import amount as _money
from .values import cell_text as _text
from .workbook import column_letter, open_workbook, reading

SCAN_ROWS = 30
MIN_MONTH_COLUMNS = 3  # month columns that make a header a wide actuals sheet
ACTUALS_COLUMNS = ("scheme_id", "month", "actual_gbp", "source")
_NOT_ACTUAL = re.compile(r"\bplan|budget|target|forecast|\bfcst\b|profile|trajectory")


@dataclass
class ActualsLoad:
    """Actuals read from a workbook, and how.

    Attributes:
        actuals: ``scheme_id, month, actual_gbp, source`` (see :func:`load_actuals`).
        file: the workbook's file name.
        sheet: the sheet read.
        shape: ``"long"`` (a row per scheme and month) or ``"wide"`` (a column per month).
        unit: the money unit read (``"£"``, ``"£000"``, ``"£m"``), converted to pounds.
        notes: plain sentences: the unit and where it was read, the sheet chosen and why,
            columns not read and why.
        sheet_choice: which of several actuals sheets was read and why ("" when one holds
            actuals or the sheet was named).
    """

    actuals: pd.DataFrame
    file: str
    sheet: str
    shape: str
    unit: str = "£"
    notes: list[str] = field(default_factory=list)
    sheet_choice: str = ""

    def summary(self) -> str:
        """One line: where the actuals were and what was read."""
        money = "" if self.unit == "£" else f", money in {self.unit} converted to £"
        return (
            f"{self.file}!{self.sheet}: {len(self.actuals)} actuals read ({self.shape}: "
            f"{'a column per month' if self.shape == 'wide' else 'a row per scheme and month'})"
            f"{money}"
        )


@dataclass
class _Header:
    """An actuals header found on a sheet (rows 1-based, columns 0-based)."""

    sheet: str
    row: int
    shape: str
    id_col: int
    month_col: int | None = None
    amount_col: int | None = None
    months: list[tuple[int, pd.Period]] = field(default_factory=list)
    unit: tuple[str, float] = ("£", 1.0)
    unit_from: str = ""
    titles: list[str] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _role(header: str) -> str | None:
    t = _norm(header)
    if re.fullmatch(r"(?:scheme |qipp |ref |cip )?(?:no\.?|number|ref|id|#)|scheme id", t):
        return "scheme_id"
    if re.fullmatch(r"(?:month|period|reporting month|month ending)(?: .*)?", t):
        return "month"
    if "actual" in t:
        return "actual_gbp"
    return None


def load_actuals(
    path: str | Path, sheet: str | None = None, period: str | pd.Period | None = None
) -> pd.DataFrame:
    """Read actual savings by scheme and month (:func:`read_actuals`'s table).

    Returns:
        ``scheme_id`` (text), ``month`` (``Period[M]``), ``actual_gbp`` (£, float; ``nan``
        where a long sheet's amount is blank: no actual recorded) and ``source``
        (``file!sheet!row``), one row per scheme and month, in sheet order.

    Raises:
        WorkbookError: the file can't be opened, no sheet has an actuals header, or several do
            and neither ``sheet`` nor ``period`` tells them apart.
        ValidationError: every unreadable month, non-amount, missing scheme number or repeated
            scheme-month, each with its sheet and cell.
    """
    return read_actuals(path, sheet=sheet, period=period).actuals


def read_actuals(
    path: str | Path, sheet: str | None = None, period: str | pd.Period | None = None
) -> ActualsLoad:
    """Read an actuals workbook, long or wide, and say how (:class:`ActualsLoad`).

    Args:
        path: the xlsx workbook.
        sheet: the sheet holding the actuals; by default the only sheet with an actuals header.
        period: the reporting month, to choose between several actuals sheets by the month
            their name or title names.
    """
    path = Path(path)
    file = path.name
    workbook = open_workbook(path)
    try:
        with reading(file):
            return _find_and_read(workbook, file, sheet, period)
    finally:
        workbook.close()


def _find_and_read(workbook, file: str, sheet: str | None, period) -> ActualsLoad:
    if sheet is not None and sheet not in workbook.sheetnames:
        raise WorkbookError(
            Problem(
                file,
                f"no sheet named {sheet!r}; the workbook has "
                f"{', '.join(repr(s) for s in workbook.sheetnames)}",
                sheet,
            )
        )
    found: list[_Header] = []
    for title in [sheet] if sheet else workbook.sheetnames:
        worksheet = workbook[title]
        if not hasattr(worksheet, "iter_rows"):
            continue
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()
        header = _find_header(worksheet, title)
        if header is not None:
            found.append(header)
    if not found:
        raise WorkbookError(
            Problem(
                file,
                "no actual savings found on "
                + (f"sheet {sheet!r}" if sheet else "any sheet")
                + ": expected a header row with 'No', 'Month' and 'Actual Saving £', or 'No' "
                "and a column per month",
                sheet,
            )
        )
    header, why = _choose(found, file, period)
    worksheet = workbook[header.sheet]
    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()
    rows = worksheet.iter_rows(min_row=header.row + 1, values_only=True)
    read = _read_long if header.shape == "long" else _read_wide
    actuals = read(rows, header, file)
    notes = [why] if why else []
    if header.unit[0] != "£":
        notes.append(f"actuals in {header.unit[0]} ({header.unit_from}): converted to £")
    notes += header.not_read
    return ActualsLoad(actuals, file, header.sheet, header.shape, header.unit[0], notes, why)


def _find_header(worksheet, title: str) -> _Header | None:
    """The first row of a sheet's first :data:`SCAN_ROWS` that heads actuals, long or wide."""
    titles: list[str] = []
    above: tuple = ()
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > SCAN_ROWS:
            return None
        roles: dict[str, int] = {}
        for index, value in enumerate(values):
            role = _role(value) if isinstance(value, str) else None
            if role and role not in roles:
                roles[role] = index
        texts = [v for v in values if isinstance(v, str) and v.strip()]
        if "scheme_id" in roles and "month" in roles and "actual_gbp" in roles:
            header = _Header(
                title, number, "long", roles["scheme_id"], roles["month"], roles["actual_gbp"]
            )
            header.titles = titles
            header.unit, header.unit_from = _unit([values[roles["actual_gbp"]]], titles)
            used = set(roles.values())
            header.not_read = [
                f"not used: {column_letter(i + 1)}{number} {_shown(v)!r} (not read)"
                for i, v in enumerate(values)
                if i not in used and v is not None and str(v).strip() and not _label(v)
            ]
            return header
        if "scheme_id" in roles:
            header = _wide(values, above, roles["scheme_id"], title, number, titles)
            if header is not None:
                return header
        titles.extend(texts)
        above = values
    return None


def _wide(values, above, id_col: int, title: str, number: int, titles: list[str]):
    """A header of one column per month, with the columns that are not actuals named."""
    year = next((y for y in (header_year(t) for t in [*titles, title]) if y is not None), None)
    groups: dict[int, str] = {}
    label = ""
    for index, value in enumerate(above):  # a group ("Plan", "Actual") spread right
        if isinstance(value, str) and value.strip():
            label = value.strip()
        groups[index] = label
    months, skipped, texts = [], [], []
    for index, value in enumerate(values):
        found = month_label(value)
        if found is None:
            continue
        kind, what = found
        if kind == "month":
            month = what
        elif year is not None:
            month = calendar.fy_start(year) + (what - 1)
        else:
            continue
        text = f"{groups.get(index, '')} {value if isinstance(value, str) else ''}"
        if _NOT_ACTUAL.search(_norm(text)) and "actual" not in _norm(text):
            skipped.append(index)
            continue
        months.append((index, month))
        texts.append(text)
    if len(months) < MIN_MONTH_COLUMNS:
        return None
    header = _Header(title, number, "wide", id_col, months=months)
    header.titles = titles
    header.unit, header.unit_from = _unit(texts, titles)
    used = {id_col, *(i for i, _ in months)}
    for index, value in enumerate(values):
        if index in used or value is None or (isinstance(value, str) and not value.strip()):
            continue
        if _label(value):
            continue
        why = "a month of the plan or forecast, not actuals" if index in skipped else "not read"
        header.not_read.append(
            f"not used: {column_letter(index + 1)}{number} {_shown(value)!r} ({why})"
        )
    return header


def _label(value) -> bool:
    """The scheme's name or programme beside its number: a label, read by the register."""
    return isinstance(value, str) and bool(
        re.fullmatch(
            r"(?:scheme|project|initiative|qipp scheme)(?: name| title)?|name|"
            r"description|programme|theme|workstream",
            _norm(value),
        )
    )


def _shown(value) -> str:
    return value.strftime("%b-%y") if hasattr(value, "strftime") else str(value)


def _unit(headers: list, titles: list[str]) -> tuple[tuple[str, float], str]:
    """The money unit of the amounts: named in their headers, else in a title row."""
    for text in headers:
        unit = money_unit(text) if isinstance(text, str) else None
        if unit is not None:
            return unit, f"from the header {str(text).strip()!r}"
    for text in titles:
        unit = money_unit(text)
        if unit is not None:
            return unit, f"from the title {text.strip()!r}"
    return ("£", 1.0), ""


def _choose(found: list[_Header], file: str, period) -> tuple[_Header, str]:
    """The one actuals sheet, or the one naming the reporting month; else an error."""
    if len(found) == 1:
        return found[0], ""
    names = ", ".join(repr(h.sheet) for h in found)
    if period is not None:
        period = pd.Period(period, freq="M")
        naming = [h for h in found if any(names_month(t, period) for t in [h.sheet, *h.titles])]
        if len(naming) == 1:
            return naming[0], (
                f"sheet {naming[0].sheet!r} read: of the actuals sheets ({names}) it is the one "
                f"whose name or title names {period.strftime('%B %Y')}"
            )
    raise WorkbookError(
        Problem(
            file,
            f"{len(found)} sheets hold actuals ({names}): name the one to read (--sheet, or "
            "actuals_sheet: in the data folder's pack.yml), or give the reporting month its name "
            "or title names",
        )
    )


def _read_long(rows, header: _Header, file: str) -> pd.DataFrame:
    sheet, factor = header.sheet, header.unit[1]
    problems: list[Problem] = []
    ids, months, amounts, sources = [], [], [], []
    first_seen: dict[tuple, str] = {}
    id_col, month_col, gbp_col = header.id_col, header.month_col, header.amount_col
    for number, values in enumerate(rows, start=header.row + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        get = lambda i: values[i] if i < len(values) else None  # noqa: E731
        where = lambda i: f"{column_letter(i + 1)}{number}"  # noqa: E731
        scheme_id = _text(get(id_col))
        if scheme_id is None:
            problems.append(
                Problem(
                    file, "no scheme number: expected the register's 'No'", sheet, where(id_col)
                )
            )
        raw_month = get(month_col)
        try:
            month = calendar.parse_month(raw_month) if raw_month is not None else None
        except ValueError:
            month = None
        if month is None:
            problems.append(
                Problem(
                    file,
                    f"unreadable month {raw_month!r}: expected a month "
                    "such as Jul-26 or an Excel date",
                    sheet,
                    where(month_col),
                )
            )
        amount, error = _money(get(gbp_col))  # a blank amount stays nan: nothing recorded
        if error:
            problems.append(Problem(file, error, sheet, where(gbp_col)))
        _once(first_seen, problems, file, sheet, scheme_id, month, where(id_col))
        ids.append(scheme_id)
        months.append(month if month is not None else pd.NaT)
        amounts.append(amount * factor)
        sources.append(f"{file}!{sheet}!{number}")
    if problems:
        raise ValidationError(problems)
    return _frame(ids, months, amounts, sources)


def _read_wide(rows, header: _Header, file: str) -> pd.DataFrame:
    sheet, factor = header.sheet, header.unit[1]
    problems: list[Problem] = []
    ids, months, amounts, sources = [], [], [], []
    first_seen: dict[tuple, str] = {}
    for number, values in enumerate(rows, start=header.row + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        get = lambda i: values[i] if i < len(values) else None  # noqa: E731
        scheme_id = _text(get(header.id_col))
        cells = [(i, month, get(i)) for i, month in header.months]
        recorded = [(i, m, v) for i, m, v in cells if not (v is None or str(v).strip() == "")]
        if scheme_id is None or re.search(r"\btotals?\b", scheme_id, re.IGNORECASE):
            if scheme_id is None and recorded and not _is_total_row(values):
                problems.append(
                    Problem(
                        file,
                        "amounts with no scheme number: expected the register's 'No'",
                        sheet,
                        f"{column_letter(header.id_col + 1)}{number}",
                    )
                )
            continue  # a totals or notes row
        for i, month, value in recorded:
            amount, error = _money(value)
            if error:
                problems.append(Problem(file, error, sheet, f"{column_letter(i + 1)}{number}"))
                continue
            where = f"{column_letter(i + 1)}{number}"
            _once(first_seen, problems, file, sheet, scheme_id, month, where)
            ids.append(scheme_id)
            months.append(month)
            amounts.append(amount * factor)
            sources.append(f"{file}!{sheet}!{number}")
    if problems:
        raise ValidationError(problems)
    return _frame(ids, months, amounts, sources)


def _is_total_row(values) -> bool:
    return any(isinstance(v, str) and re.search(r"\btotals?\b", v, re.IGNORECASE) for v in values)


def _once(first_seen, problems, file, sheet, scheme_id, month, where) -> None:
    """A scheme's month read once; a second actual for it is a problem naming both cells."""
    if scheme_id is None or month is None:
        return
    key = (scheme_id, month)
    if key in first_seen:
        problems.append(
            Problem(
                file,
                f"scheme {scheme_id} has a second actual for {month} (first at "
                f"{first_seen[key]}): expected one per scheme and month",
                sheet,
                where,
            )
        )
    else:
        first_seen[key] = where


def _frame(ids, months, amounts, sources) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scheme_id": pd.Series(ids, dtype="object"),
            "month": pd.PeriodIndex(months, freq="M"),
            "actual_gbp": np.asarray(amounts, dtype=float),
            "source": pd.Series(sources, dtype="object"),
        }
    )


def out_of_period(actuals: pd.DataFrame, year: int, period: str | pd.Period) -> list[str]:
    """The actuals a month cannot count, named: dated outside the financial year ``year``
    (a typo, or last year's), or after the reporting month ``period`` (reported early). One
    sentence each kind, with the schemes, months, total and first source; empty when none.
    """
    if actuals is None or actuals.empty:
        return []
    period = pd.Period(period, freq="M")
    months = pd.PeriodIndex(actuals["month"], freq="M")
    start, end = calendar.fy_start(year), calendar.fy_start(year + 1)
    kinds = (
        ((months < start) | (months >= end), f"dated outside {calendar.fy_label(year)}"),
        (
            (months >= start) & (months < end) & (months > period),
            f"dated after the reporting month {period.strftime('%b-%y')}",
        ),
    )
    lines = []
    for mask, what in kinds:
        mask = np.asarray(mask) & actuals["actual_gbp"].notna().to_numpy()
        if not mask.any():
            continue
        part = actuals[mask]
        named = ", ".join(
            f"{s} {m.strftime('%b-%y')}"
            for s, m in zip(part["scheme_id"].head(6), pd.PeriodIndex(part["month"]).to_list())
        )
        more = f" and {len(part) - 6} more" if len(part) > 6 else ""
        lines.append(
            f"{len(part)} actual(s) totalling {money_exact(part['actual_gbp'].sum())} {what} are not "
            f"counted: {named}{more} (first at {part['source'].iloc[0]})"
        )
    return lines
