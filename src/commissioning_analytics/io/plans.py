"""Project plans as commissioners keep them, read into the tasks table of shared/DESIGN.md.

Three shapes, detected per sheet:

* **Gantt grid** (``"gantt"``): activity rows with bars painted as cell fills over a time axis
  of week or month columns. The axis comes from the header rows (see
  :func:`.plan_dates.resolve_axis`); a bar runs from the first day of its first filled period to
  the last day of its last. Heading rows (text, no bar, no lead) give ``section``; a row holding
  only a lead is not a task. A colour legend on the sheet ("Resource coding structure": a filled
  cell beside a team name) names the ``team`` of each bar by its colour.
* **Action log** (``"action log"``): action, lead and a free-text due date read by
  :func:`.plan_dates.parse_due` (the last day of the period named; state words kept; no date
  named, no date).
* **Milestone plan** (``"milestones"``): stage, date and deliverables (a cell may hold a bulleted
  list; rows holding only deliverables continue the stage above).

Every row read is accounted for in a :class:`PlanReport` (task, heading, blank, legend...);
problems (an axis label no neighbour places, a sheet with no plan) name file, sheet and cell and
are raised together. Workbooks are opened read-only (``read_only=True`` still gives fills,
``data_only=True`` gives cached values) and always closed.

The tasks table has the canonical columns ``task_id, section, task, lead, start, end, status,
source`` followed by ``plan, sheet, shape, team, state, due_text, file_ref, deliverables``.
``start``/``end`` are dates (``datetime64``); ``status`` is read as of a reporting date by
:func:`commissioning_analytics.model.plans.task_status`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils import get_column_letter

from .. import calendar
from ..errors import Problem, ValidationError, WorkbookError
from ..schema import TASK_SCHEMA, Task
from .workbook import open_workbook
from .plan_dates import (
    AxisToken,
    axis_token,
    parse_due,
    resolve_axis,
)

GANTT, ACTION_LOG, MILESTONES = "gantt", "action log", "milestones"

EXTRA_COLUMNS = ("plan", "sheet", "shape", "team", "state", "due_text", "file_ref", "deliverables")
COLUMNS = Task.COLUMNS + EXTRA_COLUMNS

_HEADER_SCAN_ROWS = 40
_LEGEND_TITLE = re.compile(
    r"resource cod|colou?r (?:key|cod)|key to colou?rs|^legend\b|^key\s*:?$", re.I)
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*\-–—o]\s+|[•·▪●◦‣∙*\-–—]|\(?[0-9a-z]{1,2}[.)]\s+)")

# Header words -> role, checked in order (first match wins per cell).
_ROLES = (
    ("file_ref", re.compile(r"file\s*ref|scheme\s*ref|qipp\s*ref|project\s*ref|^ref(erence)?\b", re.I)),
    ("deliverables", re.compile(r"deliverable|outputs?\b|products?\b|evidence", re.I)),
    ("start", re.compile(r"^\s*(start|begin)|start date|baseline start", re.I)),
    ("end", re.compile(r"^\s*(end|finish)\b|end date|finish date", re.I)),
    ("due", re.compile(r"\bdue\b|deadline|by when|timescale|target|\bdate\b|\bwhen\b|complete by",
                       re.I)),
    ("stage", re.compile(r"\bstage\b|milestone|\bphase\b|gateway", re.I)),
    ("lead", re.compile(r"\blead\b|owner|responsib|by whom|\bwho\b|action by|accountable", re.I)),
    ("team", re.compile(r"\bteam\b|resource", re.I)),
    ("state", re.compile(r"status|progress|% ?complete|\brag\b|update", re.I)),
    ("section", re.compile(r"workstream|work stream|section|\btheme\b|\barea\b|programme", re.I)),
    ("task", re.compile(r"\btask|activit|action|description|\bissue|\bitem|deliverable", re.I)),
    ("id", re.compile(r"^(no\.?|id|#|ref\s*no\.?|number|item no\.?)$", re.I)),
)


# --- report ------------------------------------------------------------------------------

@dataclass
class SheetReport:
    """How every row of one sheet was read.

    ``rows`` counts each row read under exactly one heading ("task", "milestone", "heading",
    "blank", "header", "title", "legend", "lead only", "no task name", "continuation"), so their
    sum is the rows read.
    """

    sheet: str
    shape: str | None
    rows_read: int = 0
    rows: Counter = field(default_factory=Counter)
    undated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    axis: str | None = None
    file: str = ""

    @property
    def accounted(self) -> bool:
        return sum(self.rows.values()) == self.rows_read


@dataclass
class PlanReport:
    """What :func:`load_plan` read from one workbook, sheet by sheet."""

    file: str
    sheets: list[SheetReport] = field(default_factory=list)
    as_of: dt.date | None = None

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sheets)

    @property
    def undated(self) -> list[str]:
        return [line for s in self.sheets for line in s.undated]

    def summary(self) -> str:
        """Lines a user reads after ``commissioning-analytics plan``."""
        lines = []
        for s in self.sheets:
            where = f"{s.file or self.file}!{s.sheet}"
            if s.shape is None:
                lines.append(f"{where}: no plan found ({s.rows_read} rows read), skipped")
                continue
            parts = " + ".join(f"{n} {k}" for k, n in s.rows.most_common() if n)
            lines.append(f"{where} ({s.shape}): {s.rows_read} rows read = {parts}")
            if s.axis:
                lines.append(f"  time axis: {s.axis}")
            for text in s.undated:
                lines.append(f"  no date: {text}")
            for text in s.notes:
                lines.append(f"  note: {text}")
        if self.as_of is not None:
            lines.append(f"status as of {self.as_of.isoformat()}")
        return "\n".join(lines)


@dataclass
class PlanLoad:
    """A plan workbook read: its tasks table and the report of how each row was read."""

    tasks: pd.DataFrame
    report: PlanReport


# --- reading cells -----------------------------------------------------------------------

def fill_colour(fill) -> str | None:
    """A cell fill as a comparable key: ``"#RRGGBB"`` for RGB and indexed colours,
    ``"theme4+0.40"`` for theme colours with a tint, ``None`` for no fill or white.

    (The register helper's ``io.workbook`` may provide a shared normaliser; this one is local
    so that plans do not wait for it.)
    """
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    colour = fill.fgColor
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        hex_ = colour.rgb[-6:].upper()
    elif colour.type == "indexed" and isinstance(colour.indexed, int):
        if colour.indexed >= len(COLOR_INDEX):  # 64/65: system foreground/background
            return None
        hex_ = COLOR_INDEX[colour.indexed][-6:].upper()
    elif colour.type == "theme" and isinstance(colour.theme, int):
        tint = float(colour.tint or 0.0)
        return f"theme{colour.theme}" + (f"{tint:+.2f}" if tint else "")
    else:
        return None
    return None if hex_ == "FFFFFF" else f"#{hex_}"


@dataclass
class _Grid:
    values: list[list[object]]
    fills: list[list[str | None]]
    bold: list[bool]

    @property
    def n_rows(self) -> int:
        return len(self.values)

    def value(self, r: int, c: int):
        row = self.values[r]
        return row[c] if c < len(row) else None

    def fill(self, r: int, c: int):
        row = self.fills[r]
        return row[c] if c < len(row) else None

    def text(self, r: int, c: int | None) -> str | None:
        if c is None:
            return None
        value = self.value(r, c)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def row_empty(self, r: int) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.values[r]) \
            and not any(self.fills[r])


def _read_grid(ws) -> _Grid:
    values, fills, bold = [], [], []
    for row in ws.iter_rows():
        values.append([c.value for c in row])
        fills.append([fill_colour(c.fill) for c in row])
        bold.append(any(c.value is not None and c.font is not None and c.font.b for c in row))
    # trailing empty rows carry nothing
    while values and all(v is None for v in values[-1]) and not any(fills[-1]):
        values.pop(), fills.pop(), bold.pop()
    return _Grid(values, fills, bold)


def _cell(r: int, c: int) -> str:
    return f"{get_column_letter(c + 1)}{r + 1}"


def _roles(grid: _Grid, r: int, columns) -> dict[str, int]:
    found: dict[str, int] = {}
    for c in columns:
        text = grid.text(r, c)
        if not text or len(text) > 60:
            continue
        for role, pattern in _ROLES:
            if pattern.search(text):
                found.setdefault(role, c)
                break
    return found


def _fy_hint(grid: _Grid, rows) -> int | None:
    for r in rows:
        for value in grid.values[r]:
            if isinstance(value, str):
                year = calendar.find_fy_label(value)
                if year is not None:
                    return year
    return None


def _state(value) -> str | None:
    """A status/progress cell as a state word: "Done" -> complete, 100% -> complete,
    40% -> in progress, 0% -> not started; other text kept in lower case."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        share = value / 100 if value > 1 else value
        return "complete" if share >= 1 else ("in progress" if share > 0 else "not started")
    text = str(value).strip()
    percent = re.fullmatch(r"(\d{1,3})\s*%", text)
    if percent:
        return _state(int(percent[1]) / 100)
    return parse_due(text).state or text.lower()


def _title_date(grid: _Grid, rows) -> dt.date | None:
    for r in rows:
        for value in grid.values[r]:
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, str):
                due = parse_due(value)
                if due.end is not None:
                    return due.end
    return None


# --- shape detection ---------------------------------------------------------------------

@dataclass
class _Axis:
    first_row: int
    last_row: int
    first_col: int
    tokens: list[AxisToken | None]
    header_cells: list[tuple[int, int]]  # (row, col) of each axis column's label


def _find_axis(grid: _Grid) -> _Axis | None:
    rows = range(min(grid.n_rows, _HEADER_SCAN_ROWS))
    tokens_by_row = {r: [axis_token(v) for v in grid.values[r]] for r in rows}
    axis_rows = [r for r in rows if sum(t is not None for t in tokens_by_row[r]) >= 4]
    if not axis_rows:
        return None
    first = last = axis_rows[0]
    while last + 1 in axis_rows:
        last += 1
    width = max(len(tokens_by_row[r]) for r in range(first, last + 1))
    per_col: dict[int, tuple[AxisToken, int]] = {}
    for r in range(first, last + 1):
        for c, tok in enumerate(tokens_by_row[r]):
            if tok is not None:
                per_col[c] = (tok, r)  # the lowest header row wins
    first_col, last_col = min(per_col), max(per_col)
    tokens, cells = [], []
    for c in range(first_col, min(last_col, width - 1) + 1):
        tok, r = per_col.get(c, (None, last))
        tokens.append(tok)
        cells.append((r, c))
    return _Axis(first, last, first_col, tokens, cells)


def _find_header(grid: _Grid, needs: tuple[set[str], ...]) -> tuple[int, dict[str, int]] | None:
    for r in range(min(grid.n_rows, _HEADER_SCAN_ROWS)):
        roles = _roles(grid, r, range(len(grid.values[r])))
        if all(roles.keys() & need for need in needs):
            return r, roles
    return None


def detect_shape(grid: _Grid) -> str | None:
    """``"gantt"``, ``"milestones"``, ``"action log"`` or ``None`` for a sheet's cells."""
    axis = _find_axis(grid)
    milestones = _find_header(grid, ({"stage"}, {"due", "deliverables"}))
    log = _find_header(grid, ({"task"}, {"due", "end"}))
    # A row of four dates under a log's header is a row of the log (raised, due, revised,
    # closed), not a time axis: a Gantt's axis starts no lower than its column headings.
    headers = [found[0] for found in (milestones, log) if found is not None]
    if axis is not None and not any(row < axis.first_row for row in headers):
        return GANTT
    if milestones is not None:
        return MILESTONES
    if log is not None:
        return ACTION_LOG
    return None


# --- the three readers -------------------------------------------------------------------

@dataclass
class _Context:
    file: str
    plan: str
    sheet: str
    report: SheetReport
    problems: list[Problem]
    rows: list[dict] = field(default_factory=list)

    def where(self, r: int) -> str:
        return f"{self.file}!{self.sheet}!{r + 1}"

    def task(self, r: int, **values) -> None:
        row = {c: None for c in COLUMNS}
        row.update(values)
        row.update(source=self.where(r), plan=self.plan, sheet=self.sheet)
        row.setdefault("task_id", None)
        self.rows.append(row)


def _legend(grid: _Grid, ctx: _Context) -> tuple[dict[str, str], set[int]]:
    """Colour -> team from a legend block, and the rows the legend occupies."""
    for r in range(grid.n_rows):
        for c, value in enumerate(grid.values[r]):
            if isinstance(value, str) and _LEGEND_TITLE.search(value.strip()):
                legend: dict[str, str] = {}
                rows = {r}
                blanks = 0
                for rr in range(r + 1, grid.n_rows):
                    entry = None
                    for cc in range(max(0, c - 1), c + 4):
                        colour = grid.fill(rr, cc)
                        if colour is None:
                            continue
                        name = grid.text(rr, cc)
                        for k in (cc + 1, cc - 1, cc + 2, cc - 2, cc + 3):
                            if name is None and k >= 0:
                                name = grid.text(rr, k)
                        if name:
                            entry = (colour, name)
                        break
                    if entry is None:
                        blanks += 1
                        if blanks >= 2 or legend:
                            break
                        continue
                    blanks = 0
                    legend[entry[0]] = entry[1]
                    rows.add(rr)
                if legend:
                    ctx.report.notes.append(
                        f"legend at {_cell(r, c)}: " + ", ".join(
                            f"{colour} = {team}" for colour, team in legend.items()))
                    return legend, rows
    return {}, set()


def _read_gantt(grid: _Grid, ctx: _Context) -> None:
    axis = _find_axis(grid)
    fy = _fy_hint(grid, range(axis.first_row))
    periods, axis_problems = resolve_axis(axis.tokens, fy_hint=fy)
    for problem in axis_problems:
        r, c = axis.header_cells[problem.index]
        ctx.problems.append(Problem(ctx.file, str(problem), ctx.sheet, _cell(r, c)))
    placed = [p for p in periods if p is not None]
    if placed:
        weeks = sum(p.kind == "week" for p in placed)
        ctx.report.axis = (f"{placed[0].start.isoformat()} to {placed[-1].end.isoformat()} "
                           f"({weeks} weeks, {len(placed) - weeks} months)")
    label_cols = range(axis.first_col)
    roles: dict[str, int] = {}
    for r in range(axis.first_row, axis.last_row + 1):
        for role, c in _roles(grid, r, label_cols).items():
            roles.setdefault(role, c)
    if "task" not in roles:
        counts = Counter(c for r in range(axis.last_row + 1, grid.n_rows) for c in label_cols
                         if isinstance(grid.value(r, c), str)
                         and c not in roles.values())
        if counts:
            roles["task"] = counts.most_common(1)[0][0]
    legend, legend_rows = _legend(grid, ctx)
    axis_cols = range(axis.first_col, axis.first_col + len(axis.tokens))
    report = ctx.report
    report.rows["title"] += axis.first_row
    report.rows["header"] += axis.last_row - axis.first_row + 1
    section = None
    task_col, lead_col = roles.get("task"), roles.get("lead")
    other_cols = [c for c in label_cols if c not in (task_col, lead_col)]
    for r in range(axis.last_row + 1, grid.n_rows):
        filled = [c for c in axis_cols if grid.fill(r, c) is not None]
        name, lead = grid.text(r, task_col), grid.text(r, lead_col)
        others = [grid.text(r, c) for c in other_cols if grid.text(r, c)]
        if r in legend_rows and not filled:
            report.rows["legend"] += 1
            continue
        if grid.row_empty(r):
            report.rows["blank"] += 1
            continue
        if roles.get("section") is not None and grid.text(r, roles["section"]):
            section = grid.text(r, roles["section"])
        if not name:
            if filled:
                report.rows["no task name"] += 1
                report.notes.append(f"{_cell(r, filled[0])}: a bar with no task name, not read")
            elif lead and not others:
                report.rows["lead only"] += 1
            elif others and not lead and roles.get("section") is None:
                section = others[-1]
                report.rows["heading"] += 1
            elif r in legend_rows:
                report.rows["legend"] += 1
            else:
                report.rows["no task name"] += 1
            continue
        whole = len(filled) == len(axis_cols) and len(set(grid.fill(r, c) for c in filled)) == 1 \
            and grid.fill(r, filled[0]) not in legend
        heading_like = grid.bold[r] and not grid.text(r, roles.get("id"))
        if ((not filled or whole) and not lead and (grid.bold[r] or not others or whole)) \
                or (not filled and heading_like):  # a bold workstream row naming its lead
            section = name
            report.rows["heading"] += 1
            continue
        start = end = None
        team = grid.text(r, roles.get("team"))
        if filled:
            first, last = periods[filled[0] - axis.first_col], periods[filled[-1] - axis.first_col]
            start = first.start if first else None
            end = last.end if last else None
            runs = 1 + sum(1 for a, b in zip(filled, filled[1:]) if b != a + 1)
            if runs > 1:
                report.notes.append(f"row {r + 1}: {runs} bars, read as one task from the "
                                    f"first to the last")
            colour = grid.fill(r, filled[0])
            if team is None and legend:
                team = legend.get(colour)
                if team is None:
                    report.notes.append(f"{_cell(r, filled[0])}: colour {colour} is not in "
                                        f"the legend")
        else:
            report.undated.append(f"{ctx.sheet}!{_cell(r, task_col)} {name!r}: no bar painted")
        report.rows["task"] += 1
        ctx.task(r, task_id=grid.text(r, roles.get("id")), section=section, task=name,
                 lead=lead, start=start, end=end, shape=GANTT, team=team,
                 state=_state(grid.value(r, roles["state"]) if "state" in roles else None),
                 file_ref=grid.text(r, roles.get("file_ref")))


def _read_action_log(grid: _Grid, ctx: _Context) -> None:
    header_row, roles = _find_header(grid, ({"task"}, {"due", "end"}))
    report = ctx.report
    report.rows["title"] += header_row
    report.rows["header"] += 1
    title_ref = _title_date(grid, range(header_row))
    fy = _fy_hint(grid, range(header_row))
    if title_ref is None and fy is not None:
        title_ref = dt.date(fy, 10, 1)  # the middle of the financial year
    # a plan kept as a table (Task, Start, Finish) reads like a log with a start column
    due_col = roles["due"] if "due" in roles else roles["end"]
    task_col, lead_col, start_col = roles["task"], roles.get("lead"), roles.get("start")
    body = range(header_row + 1, grid.n_rows)
    # First pass: the dates that name their own year, to place months named without one.
    dated = {r: parse_due(grid.value(r, due_col)).end for r in body}
    section = None
    for r in body:
        if grid.row_empty(r):
            report.rows["blank"] += 1
            continue
        name, lead = grid.text(r, task_col), grid.text(r, lead_col)
        label_cols = [c for c in range(len(grid.values[r])) if c not in (task_col, lead_col)]
        others = [grid.text(r, c) for c in label_cols if grid.text(r, c)]
        if roles.get("section") is not None and grid.text(r, roles["section"]):
            section = grid.text(r, roles["section"])
        if not name:
            if lead and not others:
                report.rows["lead only"] += 1
            elif len(others) == 1 and not lead:
                section = others[0]
                report.rows["heading"] += 1
            else:
                report.rows["no task name"] += 1
            continue
        due_value, state_text = grid.value(r, due_col), grid.text(r, roles.get("state"))
        if not lead and due_value is None and not state_text and (
                grid.bold[r] or not grid.text(r, roles.get("id"))):
            section = name
            report.rows["heading"] += 1
            continue
        before = [dated[k] for k in body if k < r and dated[k] is not None]
        after = [dated[k] for k in body if k > r and dated[k] is not None]
        reference = before[-1] if before else (after[0] if after else title_ref)
        due = parse_due(due_value, reference=reference)
        start = due.start
        if start_col is not None and grid.value(r, start_col) is not None:
            began = parse_due(grid.value(r, start_col), reference=reference)
            start = began.start or began.end or start
        state = due.state
        if state_text:
            state = _state(grid.value(r, roles["state"]))
        if due.end is None:
            report.undated.append(f"{ctx.sheet}!{_cell(r, due_col)} {due.text!r}: "
                                  f"{due.reason}")
        report.rows["task"] += 1
        ctx.task(r, task_id=grid.text(r, roles.get("id")), section=section, task=name,
                 lead=lead, start=start, end=due.end, shape=ACTION_LOG,
                 team=grid.text(r, roles.get("team")), state=state, due_text=due.text or None,
                 file_ref=grid.text(r, roles.get("file_ref")))


def split_deliverables(text: str | None) -> list[str]:
    """A deliverables cell as a list: one item per line or bullet, bullet marks removed.

    >>> split_deliverables("• Service spec\\n• Contract variation")
    ['Service spec', 'Contract variation']
    """
    if not text:
        return []
    items = []
    for line in re.split(r"[\n\r]+|\s*[•▪●◦]\s*", str(text)):
        line = _BULLET.sub("", line).strip(" ;,")
        if line:
            items.append(line)
    return items


def _read_milestones(grid: _Grid, ctx: _Context) -> None:
    header_row, roles = _find_header(grid, ({"stage"}, {"due", "deliverables"}))
    report = ctx.report
    report.rows["title"] += header_row
    report.rows["header"] += 1
    stage_col, due_col = roles["stage"], roles.get("due")
    deliv_col = roles.get("deliverables")
    title_ref = _title_date(grid, range(header_row))
    fy = _fy_hint(grid, range(header_row))
    if title_ref is None and fy is not None:
        title_ref = dt.date(fy, 10, 1)
    section, last = None, None
    reference = title_ref
    for r in range(header_row + 1, grid.n_rows):
        if grid.row_empty(r):
            report.rows["blank"] += 1
            continue
        stage = grid.text(r, stage_col)
        items = split_deliverables(grid.text(r, deliv_col))
        due_value = grid.value(r, due_col) if due_col is not None else None
        if not stage:
            if items and last is not None:
                last["deliverables"] = "; ".join(
                    filter(None, [last["deliverables"], "; ".join(items)]))
                report.rows["continuation"] += 1
            elif grid.text(r, roles.get("lead")):
                report.rows["lead only"] += 1
            else:
                report.rows["no task name"] += 1
            continue
        if due_value is None and not items and not grid.text(r, roles.get("lead")):
            section = stage
            report.rows["heading"] += 1
            continue
        due = parse_due(due_value, reference=reference)
        if due.end is not None:
            reference = due.end
        else:
            report.undated.append(f"{ctx.sheet}!{_cell(r, due_col if due_col is not None else stage_col)}"
                                  f" {due.text!r}: {due.reason}")
        state = _state(grid.value(r, roles["state"])) if "state" in roles else None
        report.rows["milestone"] += 1
        ctx.task(r, task_id=grid.text(r, roles.get("id")), section=section, task=stage,
                 lead=grid.text(r, roles.get("lead")), start=None, end=due.end,
                 shape=MILESTONES, team=grid.text(r, roles.get("team")),
                 state=state or due.state,
                 due_text=due.text or None, deliverables="; ".join(items) or None,
                 file_ref=grid.text(r, roles.get("file_ref")))
        last = ctx.rows[-1]


_READERS = {GANTT: _read_gantt, ACTION_LOG: _read_action_log, MILESTONES: _read_milestones}


# --- the public entry points -------------------------------------------------------------

def load_plan(path: str | Path, sheet: str | None = None,
              as_of: str | dt.date | None = None) -> PlanLoad:
    """Read a plan workbook's Gantt grids, action logs and milestone plans into one table.

    Args:
        path: the ``.xlsx`` file.
        sheet: one sheet to read; by default every sheet holding a plan.
        as_of: reporting date for ``status`` (``YYYY-MM-DD`` or a date); default today.

    Returns:
        A :class:`PlanLoad`: the tasks table (columns :data:`COLUMNS`, ``start``/``end`` as
        ``datetime64``) and a :class:`PlanReport` accounting for every row read.

    Raises:
        WorkbookError: the file is missing or not a workbook, the sheet does not exist, or no
            sheet holds a plan.
        ValidationError: cells that break the plan's layout (every one, at once).
    """
    from ..model.plans import task_status

    path = Path(path)
    name = path.name
    workbook = open_workbook(path)  # safe: entity declarations refused, cached values only
    problems: list[Problem] = []
    report = PlanReport(file=name)
    rows: list[dict] = []
    try:
        titles = workbook.sheetnames
        if sheet is not None and sheet not in titles:
            raise WorkbookError(Problem(name, f"no sheet {sheet!r} (sheets: "
                                              f"{', '.join(titles)})"))
        for title in ([sheet] if sheet is not None else titles):
            ws = workbook[title]
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # some writers record wrong dimensions
            grid = _read_grid(ws)
            shape = detect_shape(grid)
            sheet_report = SheetReport(sheet=title, shape=shape, rows_read=grid.n_rows, file=name)
            report.sheets.append(sheet_report)
            if shape is None:
                if sheet is not None:
                    problems.append(Problem(
                        name, "no plan found: expected a Gantt grid (a header row of weeks or "
                              "months), an action log (Action and Due columns) or a milestone "
                              "plan (Stage/Milestone with Date or Deliverables)", title, "A1"))
                continue
            ctx = _Context(name, path.stem, title, sheet_report, problems)
            _READERS[shape](grid, ctx)
            rows.extend(ctx.rows)
            assert sheet_report.accounted, sheet_report
    finally:
        workbook.close()
    if not any(s.shape for s in report.sheets) and not problems:
        problems.append(Problem(name, "no sheet holds a plan (a Gantt grid, an action log or a "
                                      "milestone plan)"))
    if problems:
        raise ValidationError(problems)
    tasks = _tasks_frame(rows)
    as_of_date = _as_date(as_of) if as_of is not None else dt.date.today()
    tasks[Task.status] = task_status(tasks, as_of_date)
    report.as_of = as_of_date
    return PlanLoad(tasks=tasks, report=report)


def _as_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _tasks_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    fallback = frame["sheet"].astype(str) + "!" + frame[Task.source].str.rsplit("!", n=1).str[-1]
    ids = frame[Task.task_id]
    if ids.isna().any() or ids.duplicated().any():
        frame[Task.task_id] = fallback
    for column in (Task.start, Task.end):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in COLUMNS:
        if column not in (Task.start, Task.end):
            frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    TASK_SCHEMA.validate(frame, lazy=True)
    return frame


def tasks_for_csv(tasks: pd.DataFrame) -> pd.DataFrame:
    """The tasks table as the ``plan`` command writes it: dates as ``YYYY-MM-DD``."""
    out = tasks.loc[:, [c for c in COLUMNS if c in tasks.columns]].copy()
    for column in (Task.start, Task.end):
        out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d")
    return out


_VERSION = re.compile(r"^(?P<family>.*?)[\s_\-]*v(?:ersion)?[\s_\-]*(?P<n>\d+)$", re.I)


def plan_versions(paths: list[Path]) -> dict[str, list[Path]]:
    """Group plan files into versions of the same plan by name: ``gantt_v1.xlsx``,
    ``gantt_v2.xlsx`` -> ``{"gantt": [v1, v2]}`` (oldest first); a file with no version
    number is a plan of its own."""
    families: dict[str, list[tuple[int, Path]]] = {}
    for path in paths:
        match = _VERSION.match(path.stem)
        family, number = (match["family"], int(match["n"])) if match else (path.stem, 0)
        families.setdefault(family, []).append((number, path))
    return {family: [p for _, p in sorted(items)] for family, items in sorted(families.items())}


def load_plans(paths: list[Path], as_of: str | dt.date | None = None) -> PlanLoad:
    """Every plan in ``paths`` in one tasks table (``plan`` column = file stem), reports
    joined; problems of all files raised together."""
    frames, reports, problems = [], [], []
    for path in paths:
        try:
            load = load_plan(path, as_of=as_of)
        except ValidationError as error:
            problems.extend(error.problems)
            continue
        frames.append(load.tasks)
        reports.append(load.report)
    if problems:
        raise ValidationError(problems)
    report = PlanReport(file=", ".join(r.file for r in reports),
                        sheets=[s for r in reports for s in r.sheets],
                        as_of=reports[0].as_of if reports else None)
    if not frames:
        return PlanLoad(pd.DataFrame(columns=list(COLUMNS)), report)
    tasks = pd.concat(frames, ignore_index=True)
    tasks[Task.task_id] = tasks["plan"] + ":" + tasks[Task.task_id]
    return PlanLoad(tasks, report)
