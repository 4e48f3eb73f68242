"""What the three readers share: the read of one sheet (its tasks, report and problems) and the row
helpers (headings, parents, dates, revised dates)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from openpyxl.styles.colors import Color

from ...errors import Problem
from ..headers import (
    norm,
)
from ..plan_dates import (
    DATE_RANGE,
    DueDate,
    parse_due,
)
from ..workbook import colour_hex
from .classify import _Header
from .fields import COLUMNS, EXCLUDED
from .grid import _cell, _Grid
from .mapping import PlanMapping
from .report import SheetReport

# --- the three readers -------------------------------------------------------------------


@dataclass
class _Context:
    file: str
    plan: str
    sheet: str
    report: SheetReport
    problems: list[Problem]
    rows: list[dict] = field(default_factory=list)
    theme: tuple[str, ...] = ()
    mapping: PlanMapping | None = None
    excluded: frozenset[int] = frozenset()
    legend_cols: set[int] = field(default_factory=set)
    hierarchy: str = ""  # the field the outline of summary tasks came from
    used_fields: set[str] = field(default_factory=set)  # fields read besides _USED's

    def skip(self, r: int) -> bool:
        """A body row the mapping file excludes (counted as such)."""
        if r in self.excluded:
            self.report.rows[EXCLUDED] += 1
            return True
        return False

    def hex(self, key: str | None) -> str | None:
        """A fill key (``#RRGGBB`` or ``theme4+0.40``) as ``#RRGGBB`` in this workbook's
        theme, for drawing a bar in the colour the plan painted it."""
        match = re.fullmatch(r"theme(\d+)([+-]\d+\.\d+)?", key or "")
        if not match:
            return key
        colour = Color(theme=int(match[1]), tint=float(match[2] or 0.0))
        return colour_hex(colour, self.theme) if self.theme else None

    def where(self, r: int) -> str:
        return f"{self.file}!{self.sheet}!{r + 1}"

    def task(self, r: int, **values) -> None:
        row = {c: None for c in COLUMNS}
        row.update(values)
        row.update(source=self.where(r), plan=self.plan, sheet=self.sheet)
        row.setdefault("task_id", None)
        self.rows.append(row)


def _is_parent(ident: str | None, child: str | None) -> bool:
    """``"1"``, ``"1."`` or ``"1.0"`` heads ``"1.1"`` or ``"1a"``; ``"2.1"`` heads ``"2.1.1"``:
    an item number that numbers a section rather than a task."""
    if not ident or not child:
        return False
    stem = re.sub(r"(?:\.0)?\.?$", "", ident.strip())
    child = child.strip()
    if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", stem) or child == ident.strip():
        return False
    return child.startswith(stem + ".") or bool(re.fullmatch(re.escape(stem) + r"[a-z]", child))


def _next_ident(grid: _Grid, r: int, col: int | None) -> str | None:
    if col is None:
        return None
    for k in range(r + 1, min(grid.n_rows, r + 6)):
        ident = grid.text(k, col)
        if ident:
            return ident
    return None


def _heading_text(texts: list[str | None]) -> str | None:
    """The words of a heading row (an item number alone is not a heading)."""
    words = [t for t in texts if t and re.search(r"[A-Za-z]", t)]
    return " ".join(words) if words else None


def _repeats_header(grid: _Grid, r: int, header: _Header) -> bool:
    """A body row that repeats the header's words (a second table under its own copy of the
    header: "Closed actions" below "Open actions"): two or more of the columns read, and most
    of those holding text, say what their header says."""
    said = {
        c.column - 1: norm(c.sub or c.shown)
        for c in header.cells
        if c.column - 1 in header.roles.values()
    }
    texts = {c: norm(grid.text(r, c)) for c in said if grid.text(r, c)}
    same = sum(1 for c, text in texts.items() if text == said[c])
    return same >= 2 and 2 * same > len(texts)


def _own_date(grid: _Grid, r: int, c: int | None, end: bool) -> dt.date | None:
    """A Gantt row's own start (first day) or end (last day) date, where it gives one."""
    if c is None or grid.value(r, c) is None:
        return None
    due = parse_due(grid.value(r, c))
    if due.problem is not None:
        return None
    return due.end if end else (due.start or due.end)


def _revised(
    grid: _Grid, r: int, roles: dict[str, int], end: dt.date | None, state: str | None
) -> tuple[dt.date | None, str | None]:
    """A row's end and state after its forecast and actual dates: met on its actual date
    (complete), else due on its forecast date, else on its own due (baseline) date."""
    actual = _own_date(grid, r, roles.get("actual"), end=True)
    if actual is not None:
        return actual, "complete"
    forecast = _own_date(grid, r, roles.get("forecast"), end=True)
    return forecast or end, state


def _in_range(day: dt.date | None) -> bool:
    return day is None or DATE_RANGE[0] <= day.year <= DATE_RANGE[1]


def _check_date(ctx: _Context, due: DueDate, r: int, c: int) -> bool:
    """False (and a problem naming the cell) when a date lies outside 1900-2100."""
    if due.problem is None:
        return True
    ctx.problems.append(Problem(ctx.file, due.problem, ctx.sheet, _cell(r, c)))
    return False


def _count_top(ctx: _Context, first: int, body: int) -> None:
    """Count the rows above a plan's body: titles above the header row ``first``, header
    rows from it to ``body`` (0-based), and rows the mapping file excluded among them."""
    title = sum(1 for r in range(first) if r not in ctx.excluded)
    header = sum(1 for r in range(first, body) if r not in ctx.excluded)
    for outcome, n in (("title", title), ("header", header), (EXCLUDED, body - title - header)):
        if n:
            ctx.report.rows[outcome] += n
