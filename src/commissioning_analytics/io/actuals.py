"""Actual savings to date, by scheme and month, from a tidy-ish workbook.

The sheet (any sheet; the first with such a header) has a header row naming a scheme number
("No", "Scheme No", "Ref"), a month ("Month", "Period") and an actual saving ("Actual Saving £",
"Actual £"); title rows above it are skipped, other columns (the scheme name) ignored. Months are
Excel dates or text ("Jul-26"); amounts are pounds, as numbers or text like "£12,345"; a blank
amount means no actual was recorded (``nan``), which is not a saving of £0. Every problem in the
workbook is raised at once, each naming the sheet and cell.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import calendar
from ..errors import Problem, ValidationError, WorkbookError
from .headers import norm as _norm
from .register.translate import _money, _text
from .workbook import column_letter, open_workbook, reading

SCAN_ROWS = 30
ACTUALS_COLUMNS = ("scheme_id", "month", "actual_gbp", "source")


def _role(header: str) -> str | None:
    t = _norm(header)
    if re.fullmatch(r"(?:scheme |qipp |ref )?(?:no\.?|number|ref|id|#)|scheme id", t):
        return "scheme_id"
    if re.fullmatch(r"(?:month|period|reporting month|month ending)(?: .*)?", t):
        return "month"
    if "actual" in t:
        return "actual_gbp"
    return None


def load_actuals(path: str | Path) -> pd.DataFrame:
    """Read actual savings by scheme and month.

    Args:
        path: the xlsx workbook.

    Returns:
        ``scheme_id`` (text), ``month`` (``Period[M]``), ``actual_gbp`` (£, float; ``nan``
        where the amount is blank: no actual recorded) and
        ``source`` (``file!sheet!row``), one row per scheme and month, in sheet order.

    Raises:
        WorkbookError: the file can't be opened or no sheet has an actuals header.
        ValidationError: every unreadable month, non-amount, missing scheme number or repeated
            scheme-month, each with its sheet and cell.
    """
    path = Path(path)
    file = path.name
    workbook = open_workbook(path)
    try:
        with reading(file):
            found = _find_and_read(workbook, file)
    finally:
        workbook.close()
    if found is not None:
        return found
    raise WorkbookError(
        Problem(
            file,
            "no actual savings found on any sheet: expected a header row with 'No', "
            "'Month' and 'Actual Saving £'",
        )
    )


def _find_and_read(workbook, file: str) -> pd.DataFrame | None:
    """The first sheet with an actuals header, read; ``None`` if no sheet has one."""
    for title in workbook.sheetnames:
        worksheet = workbook[title]
        if not hasattr(worksheet, "iter_rows"):
            continue
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()
        rows = worksheet.iter_rows(values_only=True)
        for number, values in enumerate(rows, start=1):
            roles: dict[str, int] = {}
            for index, value in enumerate(values):
                role = _role(value) if isinstance(value, str) else None
                if role and role not in roles:
                    roles[role] = index
            if len(roles) == 3:
                return _read(rows, number, roles, file, title)
            if number >= SCAN_ROWS:
                break
    return None


def _read(rows, header_row: int, roles: dict[str, int], file: str, sheet: str) -> pd.DataFrame:
    problems: list[Problem] = []
    ids, months, amounts, sources = [], [], [], []
    first_seen: dict[tuple, str] = {}
    id_col, month_col, gbp_col = roles["scheme_id"], roles["month"], roles["actual_gbp"]
    for number, values in enumerate(rows, start=header_row + 1):
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
        key = (scheme_id, month)
        if scheme_id is not None and month is not None:
            if key in first_seen:
                problems.append(
                    Problem(
                        file,
                        f"scheme {scheme_id} has a second actual for {month} (first at "
                        f"{first_seen[key]}): expected one per scheme and month",
                        sheet,
                        where(id_col),
                    )
                )
            else:
                first_seen[key] = where(id_col)
        ids.append(scheme_id)
        months.append(month if month is not None else pd.NaT)
        amounts.append(amount)
        sources.append(f"{file}!{sheet}!{number}")
    if problems:
        raise ValidationError(problems)
    return pd.DataFrame(
        {
            "scheme_id": pd.Series(ids, dtype="object"),
            "month": pd.PeriodIndex(months, freq="M"),
            "actual_gbp": np.asarray(amounts, dtype=float),
            "source": pd.Series(sources, dtype="object"),
        }
    )
