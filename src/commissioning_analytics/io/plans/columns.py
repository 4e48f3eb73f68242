"""Every column with content accounted for: used, or named with the reason; day-first dates and
dates out of order found."""

from __future__ import annotations

import datetime as dt
import re

from openpyxl.utils import get_column_letter

from ..headers import (
    MIN_SCORE,
    HeaderCell,
    ValueProfile,
    score,
)
from .classify import Classification
from .fields import _NOT_USED, _ROLE_NAMES, _USED, ACTION_LOG, GANTT, MILESTONES, PLAN_FIELDS
from .grid import _cell, _Grid
from .mapping import PlanMapping
from .rows import _Context

_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_DATE_ROLES = ("start", "end", "due", "raised", "forecast", "actual")


def _month_first(grid: _Grid, found: Classification, ctx: _Context) -> None:
    """Dates typed as text month first (an export from a US-locale tool: "05/30/2025"):
    where a date column holds a date that can only be month first (a second number above 12)
    and no date column holds one that can only be day first, every date of the sheet's date
    columns is read month first (one export, one locale), and the report says so. Otherwise
    dates are day first, as the UK writes them."""
    header = found.header
    body = range(header.last + 1, grid.n_rows)
    pairs = []
    for role in _DATE_ROLES:
        c = header.roles.get(role)
        for r in body if c is not None else ():
            value = grid.value(r, c)
            match = _NUMERIC_DATE.search(value) if isinstance(value, str) else None
            if match:
                pairs.append((int(match[1]), int(match[2]), r, c, match[0]))
    month_first = [p for p in pairs if p[1] > 12 and p[0] <= 12]
    if not month_first or any(p[0] > 12 for p in pairs):
        return
    for _, _, r, c, _ in pairs:
        grid.values[r][c] = _NUMERIC_DATE.sub(r"\2/\1/\3", grid.values[r][c], count=1)
    _, _, r, c, text = month_first[0]
    columns = ", ".join(get_column_letter(k + 1) for k in sorted({p[3] for p in pairs}))
    ctx.report.notes.append(
        f"dates written month first ({text!r} at {_cell(r, c)} can be nothing else): "
        f"every date of column(s) {columns} read so"
    )


def _check_order(ctx: _Context) -> None:
    """A task that starts after it ends is read as written, with a warning naming its row (a
    typing slip, or dates whose day and month were swapped)."""
    for row in ctx.rows:
        start, end = row.get("start"), row.get("end")
        if start is not None and end is not None and _day(start) > _day(end):
            ctx.report.warnings.append(
                f"row {row['source'].rsplit('!', 1)[1]} {row['task']!r} starts "
                f"{_day(start).isoformat()}, after it ends {_day(end).isoformat()}"
            )


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _account_columns(grid: _Grid, found: Classification, ctx: _Context) -> None:
    """Every column with content in the header or a task's row: used (its reading in
    ``columns``), or named in ``unused`` with the reason; a column of dates or ratings that
    nothing reads is a warning, never silence."""
    header, report = found.header, ctx.report
    roles = dict(header.roles)
    shape = found.shape
    used = set(_USED[shape])
    if shape == ACTION_LOG and "due" in roles:
        used.discard("end")  # the due date is read; an end date beside it is not
    if shape == MILESTONES and "due" in roles:
        used.discard("end")
    if shape == ACTION_LOG and "section" in roles:
        used.discard("stage")
    if shape == GANTT and "end" in roles:
        used.discard("due")
    used |= ctx.used_fields
    axis = found.axis
    axis_cols = set(range(axis.first_col, axis.first_col + len(axis.tokens))) if axis else set()
    rows = sorted({int(row["source"].rsplit("!", 1)[1]) - 1 for row in ctx.rows})
    rows = list(range(header.first, header.last + 1)) + rows
    width = max((len(grid.values[r]) for r in rows), default=0)
    field_of = {column: name for name, column in roles.items()}
    cells = {c.column - 1: c for c in header.cells}
    kept: list[str] = []
    for c in range(width):
        if c in axis_cols or not any(grid.text(r, c) for r in rows):
            continue
        letter = get_column_letter(c + 1)
        if c in ctx.legend_cols and c not in field_of:
            report.unused.append(f"{letter}: the colour key (its teams name the bars' colours)")
            continue
        cell = cells.get(c)
        shown = repr(cell.shown) if cell is not None else "(no header)"
        name = field_of.get(c)
        if name in used:
            kept += [line for line in header.evidence if line.split(" ", 1)[0] == letter]
            continue
        if name is not None:
            why = _NOT_USED.get(name, name)
            if name in ("outline", "outline_number", "summary") and ctx.hierarchy in roles:
                where = get_column_letter(roles[ctx.hierarchy] + 1)
                why = f"{_ROLE_NAMES[name]}: the outline is read from column {where}"
            report.unused.append(f"{letter} {shown}: {why}")
            continue
        values = [grid.value(r, c) for r in rows[header.last - header.first + 1 :]]
        profile = ValueProfile.of(values)
        if profile.n and profile.month >= 0.6:
            report.warnings.append(
                f"{letter} {shown} holds dates but no plan field reads it (name it in a "
                "mapping file: start, end, due, raised, forecast or actual)"
            )
            continue
        if profile.n and profile.rag >= 0.6:
            report.warnings.append(
                f"{letter} {shown} holds ratings but no plan field reads it (the pack rates "
                "each task by its dates)"
            )
            continue
        best = None if cell is None else _best_reading(cell, roles)
        report.unused.append(f"{letter} {shown}: {best or 'no plan field has these words'}")
    report.columns = kept


def _best_reading(cell: HeaderCell, roles: dict[str, int]) -> str | None:
    """Why a header that no field took is not read: the field it reads as, taken by another
    column."""
    best, best_score = None, MIN_SCORE
    for f in PLAN_FIELDS:
        value, _ = score(f, cell)
        if value >= best_score:
            best, best_score = f, value
    if best is None:
        return None
    if not best.output and best.name in _NOT_USED:  # a second notes, flag, tool field ...
        return _NOT_USED[best.name]
    other = roles.get(best.name)
    if other is not None:
        label = _ROLE_NAMES.get(best.name, best.name)
        return f"reads as {label} too, but column {get_column_letter(other + 1)} is read as it"
    return f"reads as {_ROLE_NAMES.get(best.name, best.name)}, but its values do not fit"


def _exclude(grid: _Grid, mapping: PlanMapping | None) -> frozenset[int]:
    """Blank the rows a mapping file leaves out (so no header, axis or legend is found in
    them) and return them, 0-based: each is counted as excluded in the load report."""
    if mapping is None or not mapping.exclude_rows:
        return frozenset()
    rows = frozenset(r for r in range(grid.n_rows) if mapping.excludes(r + 1))
    for r in rows:
        grid.values[r], grid.fills[r], grid.bold[r] = [], [], False
    return rows
