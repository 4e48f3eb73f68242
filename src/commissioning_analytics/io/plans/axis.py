"""A Gantt grid's time axis from its header rows: weeks, months, day numbers under months, years
from groups, and week numbers placed as ISO weeks of the year the sheet states."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ... import calendar
from ..headers import (
    header_year,
)
from ..plan_dates import (
    DATE_RANGE,
    AxisProblem,
    AxisToken,
    axis_token,
    iso_weeks,
    parse_due,
)
from .fields import _HEADER_SCAN_ROWS
from .grid import _Grid
from .mapping import PlanMapping

# --- shape detection ---------------------------------------------------------------------


@dataclass
class _Axis:
    first_row: int
    last_row: int
    first_col: int
    tokens: list[AxisToken | None]
    header_cells: list[tuple[int, int]]  # (row, col) of each axis column's label
    shaded: list[int] = field(default_factory=list)  # columns painted down the whole grid
    week_year: tuple[int, bool] | None = None  # a year group over week numbers (year, is FY)


def _unshade(grid: _Grid, axis: _Axis) -> None:
    """Clear the fill of time-axis columns painted down the whole grid in one colour (the
    current week or a holiday band a template highlights), so they are not read as bars.

    A column is shading when every row of the grid's body, from the first row under the axis to
    the last row with any content, has the same fill there, and that colour is not the colour
    of the bars beside it in most rows that have bars elsewhere (with no such row, or bars of
    the same colour, the column may be every task's bar: it is kept)."""
    first = axis.last_row + 1
    last = max(
        (r for r in range(first, grid.n_rows) if any(v is not None for v in grid.values[r])),
        default=None,
    )
    if last is None or last - first + 1 < 3:
        return
    columns = range(axis.first_col, axis.first_col + len(axis.tokens))
    rows = range(first, last + 1)
    for c in columns:
        colour = grid.fill(first, c)
        if colour is None or any(grid.fill(r, c) != colour for r in rows):
            continue
        beside = [{grid.fill(r, k) for k in columns if k != c} - {None} for r in rows]
        beside = [colours for colours in beside if colours]
        if beside and 2 * sum(colour not in colours for colours in beside) > len(beside):
            axis.shaded.append(c)
    for c in axis.shaded:
        for r in range(first, grid.n_rows):
            if c < len(grid.fills[r]):
                grid.fills[r][c] = None


_YEAR_GROUP = re.compile(
    r"^(?:fy|financial year|year)?\s*((?:19|20)\d{2})(?:\s*[/\-]\s*((?:19|20)?\d{2}))?$", re.I
)


def _year_group(value) -> tuple[int, bool] | None:
    """A group cell naming a year over time-axis columns: ``(2024, False)`` for "2024" (a
    calendar year), ``(2024, True)`` for "2024/25", "2024-25", "FY 2024/25" (a financial
    year), ``None`` otherwise."""
    if isinstance(value, bool):
        return None
    if (
        isinstance(value, (int, float))
        and float(value).is_integer()
        and DATE_RANGE[0] <= value <= DATE_RANGE[1]
    ):
        return int(value), False
    if not isinstance(value, str):
        return None
    match = _YEAR_GROUP.match(value.strip())
    if not match:
        return None
    year = int(match[1])
    if match[2] is None:
        return year, False
    second = int(match[2]) % 100
    return (year, True) if second == (year + 1) % 100 else None


def _spread(grid: _Grid, r: int, cols: range, read) -> dict[int, object]:
    """What a group row says over each column: a label carried right over the blank cells
    after it (a merged group reads as its first cell and blanks when streamed)."""
    out, current = {}, None
    for c in cols:
        value = grid.value(r, c)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            current = read(value)
        if current is not None:
            out[c] = current
    return out


def _with_year(tok: AxisToken, group: tuple[int, bool]) -> AxisToken:
    """A month, quarter or "w/c 5 Oct" label given the year its group names."""
    year, financial = group
    if tok.kind == "quarter" and tok.year is None and financial:
        return AxisToken("quarter", number=tok.number, year=year)
    if tok.kind == "month" and tok.year is None:
        return AxisToken(
            "month", month=tok.month, year=year + (1 if financial and tok.month < 4 else 0)
        )
    if tok.kind == "week" and tok.date is None and tok.month is not None:
        shifted = year + (1 if financial and tok.month < 4 else 0)
        try:
            return AxisToken("week", date=dt.date(shifted, tok.month, tok.number))
        except ValueError:
            return tok
    return tok


def _month_token(value) -> AxisToken | None:
    """A month label ("October 2015", "Oct"), or ``None``."""
    tok = axis_token(value)
    return tok if tok is not None and tok.kind == "month" else None


def _day_numbers(grid: _Grid, r: int, months: dict[int, AxisToken]) -> dict[int, AxisToken]:
    """A row of day numbers (5, 12, 19, 26, 2 ...) under a row of months ("October 2015"
    merged over its weeks): each number is a day of the month above it."""
    out = {}
    for c, month in months.items():
        value = grid.value(r, c)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not float(value).is_integer()
            or not 1 <= value <= 31
        ):
            continue
        if month.year is not None:
            try:
                out[c] = AxisToken("date", date=dt.date(month.year, month.month, int(value)))
            except ValueError:
                continue
        else:
            out[c] = AxisToken("week", month=month.month, number=int(value))
    return out


def _says(tok: AxisToken) -> int:
    """How much a time-axis label places on its own: a date 3, a month or week with its year
    2, one without 1, a week or month number 0."""
    if tok.date is not None:
        return 3
    if tok.kind in ("relweek", "relmonth"):
        return 0
    return 2 if tok.year is not None else 1


def _find_axis(grid: _Grid) -> _Axis | None:
    rows = range(min(grid.n_rows, _HEADER_SCAN_ROWS))
    tokens_by_row = {r: [axis_token(v) for v in grid.values[r]] for r in rows}
    axis_rows = [r for r in rows if sum(t is not None for t in tokens_by_row[r]) >= 4]
    # a row of day numbers under a row of months: the months' weeks (the months alone may be
    # fewer than four, and the numbers are no labels on their own)
    over_days = None
    for r in rows:
        if r == 0 or r in axis_rows:
            continue
        width = range(max(len(grid.values[r - 1]), len(grid.values[r])))
        months = _spread(grid, r - 1, width, _month_token)
        days = _day_numbers(grid, r, months)
        if len(days) >= 4 and (not axis_rows or r <= axis_rows[0] + 1):
            tokens_by_row[r] = [days.get(c) for c in range(len(grid.values[r]))]
            # the months' row (an axis row itself when it has four months or more) is read
            # through the days under it
            axis_rows = sorted(set(axis_rows) - {r - 1} | {r})
            over_days = r
            break
    if not axis_rows:
        return None
    first = last = axis_rows[0]
    while last + 1 in axis_rows:
        last += 1
    width = max(len(tokens_by_row[r]) for r in range(first, last + 1))
    per_col: dict[int, tuple[AxisToken, int]] = {}
    for r in range(first, last + 1):
        for c, tok in enumerate(tokens_by_row[r]):
            # the label that says most wins ("w/c 07/10/2024" over the "Wk 1" under it); of
            # two alike, the lowest header row's
            if tok is not None and (c not in per_col or _says(tok) >= _says(per_col[c][0])):
                per_col[c] = (tok, r)
    first_col, last_col = min(per_col), max(per_col)
    if over_days == first:
        first -= 1  # the months' row is part of the axis
    # a group row above the axis naming years ("2024" over Jan ... Dec, "2024/25" over
    # Q1 ... Q4) gives the labels under it their year
    for r in (first - 1, first - 2):
        if r < 0:
            continue
        groups = _spread(grid, r, range(first_col, last_col + 1), _year_group)
        if len(groups) >= 2:
            # week numbers take their year in _read_gantt (ISO weeks run over a year's end)
            week_year = next(
                (groups[c] for c, (tok, _) in sorted(per_col.items()) if tok.kind == "relweek"),
                None,
            )
            per_col = {
                c: (_with_year(tok, groups[c]) if c in groups else tok, row)
                for c, (tok, row) in per_col.items()
            }
            break
    else:
        week_year = None
    tokens, cells = [], []
    for c in range(first_col, min(last_col, width - 1) + 1):
        tok, r = per_col.get(c, (None, last))
        tokens.append(tok)
        cells.append((r, c))
    return _Axis(first, last, first_col, tokens, cells, week_year=week_year)


_ISO_WORD = re.compile(r"\biso\b", re.I)
_YEAR_ALONE = re.compile(r"(?<![\d/\-.,£$])((?:19|20)\d{2})(?![\d/\-.,%])")


def _stated_year(grid: _Grid, rows) -> int | None:
    """A calendar year the rows above a grid state on its own ("Urgent care plan 2025",
    "Calendar year 2025", a cell holding 2025), not a financial year, not a date's year."""
    for r in rows:
        for value in grid.values[r]:
            if isinstance(value, int) and not isinstance(value, bool):
                if DATE_RANGE[0] <= value <= DATE_RANGE[1]:
                    return value
                continue
            if not isinstance(value, str) or header_year(value) is not None:
                continue
            found = _YEAR_ALONE.search(value)
            rest = _YEAR_ALONE.sub(" ", value)
            if found and not re.search(r"\d", rest) and parse_due(rest).end is None:
                return int(found[1])
    return None


def _place_week_numbers(
    grid: _Grid,
    axis: _Axis,
    fy: int | None,
    start_hint: dt.date | None,
    mapping: PlanMapping | None,
) -> tuple[list[AxisToken | None], str | None, list[AxisProblem]]:
    """Week numbers ("W14", "Wk 15") placed by the year the sheet states, as ISO weeks.

    In order: a mapping file's ``time_axis: {iso_weeks: YEAR}``; dated columns along the axis
    (the axis resolves them); a year written over the week columns ("2025" merged over W14 ...
    W35); "ISO" written above the grid with the year it states; a project start date above the
    grid ("Week 1" is its week: :func:`resolve_axis`); a calendar year the title states. Under a
    financial year the numbers are ISO weeks only where the sheet says "ISO" or they run from
    52 back to 1; otherwise week 1 could be January's (ISO) or April's (the financial year's),
    and the answer is a problem saying how to tell the reader, never a guess.

    Returns: the axis tokens (week numbers replaced by ISO weeks where placed), a note for the
    load report, and problems.
    """
    tokens = axis.tokens
    numbers = [(i, t.number) for i, t in enumerate(tokens) if t is not None and t.kind == "relweek"]
    if not numbers:
        return tokens, None, []
    iso_year = mapping.time_axis.get("iso_weeks") if mapping is not None else None
    if iso_year is not None:
        placed, problems = iso_weeks(tokens, int(iso_year))
        return placed, f"week numbers read as ISO weeks of {iso_year} (mapping file)", problems
    if any(t is not None and t.date is not None for t in tokens):
        return tokens, None, []  # dated columns place their neighbours
    rows = range(axis.last_row + 1)
    said_iso = any(isinstance(v, str) and _ISO_WORD.search(v) for r in rows for v in grid.values[r])
    year, financial, source = None, False, ""
    if axis.week_year is not None:
        (year, financial), source = axis.week_year, "written over the week columns"
    elif said_iso or start_hint is None:
        stated = _stated_year(grid, range(axis.first_row))
        if stated is not None:
            year, source = stated, "stated above the grid"
        elif fy is not None:
            year, financial, source = fy, True, "stated above the grid"
    if year is None:
        return tokens, None, []
    label = calendar.fy_label(year) if financial else str(year)
    wraps = any(b < a for (_, a), (_, b) in zip(numbers, numbers[1:]))
    first, last = numbers[0][1], numbers[-1][1]
    if financial and not (said_iso or wraps):
        return (
            tokens,
            None,
            [
                AxisProblem(
                    numbers[0][0],
                    f"week numbers {first} to {last} under the financial year {label}: ISO "
                    "weeks (week 1 in January) or weeks of the financial year (week 1 in "
                    "April)? Write 'ISO weeks' above the grid, or give the date the first "
                    "column starts in a mapping file (time_axis: {start: YYYY-MM-DD})",
                )
            ],
        )
    placed, problems = iso_weeks(tokens, year, financial=financial)
    how = "the sheet says ISO" if said_iso else "the sheet does not say which numbering"
    note = (
        f"week numbers {first} to {last} read as ISO weeks (Monday to Sunday) of {label}, the "
        f"year {source} ({how}; a mapping file's time_axis sets another)"
    )
    return placed, note, problems
