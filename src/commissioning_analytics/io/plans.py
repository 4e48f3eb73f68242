"""Project plans as commissioners keep them, read into the tasks table of docs/methods.md ("Plans against the forecast").

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

The exports of project tools (MS Project, Smartsheet, Planner) are action logs with a start
column: their wordings are rows of :data:`PLAN_FIELDS`, and their outline (an Outline Level
column, outline numbers, Excel's row grouping, or Summary flags) makes each summary task the
section of the tasks under it (:func:`_hierarchy`). Week numbers are placed as ISO weeks of the
year the sheet states (:func:`_place_week_numbers`), or refused where it leaves that open.

Every row read is accounted for in a :class:`PlanReport` (task, heading, summary task, blank,
legend, excluded by the mapping file...), and every column with content is used or named with
the reason (:func:`_account_columns`); problems (an axis label no neighbour places, a sheet
with no plan) name file, sheet and cell and are raised together. A mapping file
(:class:`PlanMapping`) names columns, sets the time axis and leaves rows out;
:func:`plan_mapping_text` writes one. Workbooks are opened read-only (``read_only=True`` still
gives fills, ``data_only=True`` gives cached values) and always closed; :func:`plan_files`
says which files of a ``plans/`` folder are read.

The tasks table has the canonical columns ``task_id, section, task, lead, start, end, status,
source`` followed by ``plan, sheet, shape, team, state, due_text, file_ref, deliverables``.
``start``/``end`` are dates (``datetime64``). A reader returns what the sheet says: ``status``
is left blank here, and read as of a reporting date by the model
(:func:`commissioning_analytics.model.plans.with_status`), so one read of a plan serves every
reporting date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import pandas as pd
from openpyxl.styles.colors import COLOR_INDEX, Color
from openpyxl.utils import get_column_letter

from .. import calendar
from ..errors import Problem, UserError, ValidationError, WorkbookError
from ..schema import TASK_SCHEMA, Task
from .filememo import by_file
from .headers import (
    IGNORE,
    MIN_SCORE,
    Field,
    HeaderCell,
    ValueProfile,
    _best,
    assign,
    header_cells,
    header_evidence,
    header_year,
    is_header_like,
    mapping_columns,
    norm,
    read_mapping_spec,
    score,
)
from .plan_dates import (
    DATE_RANGE,
    STATE_WORDS,
    AxisProblem,
    AxisToken,
    DueDate,
    axis_token,
    iso_weeks,
    parse_due,
    resolve_axis,
    year_period,
)
from .workbook import colour_hex, merged_ranges, open_workbook, theme_colours

GANTT, ACTION_LOG, MILESTONES = "gantt", "action log", "milestones"

EXTRA_COLUMNS = (
    "plan",
    "sheet",
    "shape",
    "team",
    "state",
    "due_text",
    "file_ref",
    "deliverables",
    "colour",
)
COLUMNS = Task.COLUMNS + EXTRA_COLUMNS

_HEADER_SCAN_ROWS = 40
_STATE_NAMES = frozenset(STATE_WORDS.values())
_LEGEND_TITLE = re.compile(
    r"resource cod|colou?r (?:key|cod)|key to colou?rs|^legend\b|^key\s*:?$", re.I
)
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*\-–—o]\s+|[•·▪●◦‣∙*\-–—]|\(?[0-9a-z]{1,2}[.)]\s+)")

# The plan's canonical fields, declared once and scored by the same evidence as registers
# (io.headers): words of the sub-header and of the group above it, and what the column holds.
# A new wording is a row here, not a new ``if``. Fields with ``output=False`` are recognised
# only so that their columns are not misread (a "Raised" date is not the due date; money
# columns mark a register, not a plan).
PLAN_FIELDS = (
    Field(
        "id",
        words=(
            # a tool's stable key first (MS Project's Unique ID, Planner's Task ID): the row
            # number ("ID") changes when a task is inserted
            (r"^unique[ _]?id$|^task[ _]id$", 4.6),
            (
                r"^(?:item|item no\.?|items?|no\.?|nos?|ref\.?|ref no\.?|ref #|#|id|"
                r"number|action no\.?|task no\.?|action ref|task ref|line|wbs|step)$",
                4.0,
            ),
            (r"\b(?:item|ref|id|no)\b", 2.0),
        ),
        values="id",
    ),
    Field(
        "task",
        words=(
            (r"^(?:task[ _]name|task[ _]title|activity name|action name)$", 4.5),
            (
                r"^(?:tasks?|activit(?:y|ies)|actions?|descriptions?|"
                r"task description|action description|activity description|"
                r"actions? required|key (?:actions?|tasks?|activit(?:y|ies)))$",
                4.0,
            ),
            (
                r"\btasks?\b(?![ _]?(?:id|no|ref|number|mode|type|owner|lead|count))|activit|"
                r"\bactions?\b(?! (?:no|ref|by|owner))|"
                r"description|\bissues?\b|what\b|\bsteps?\b|work ?package",
                3.0,
            ),
            (r"^(?:name|title)$", 3.0),  # MS Project's export map: "Name"
            (
                r"\bpriorit(?:y|ies)\b|initiatives?|\bobjectives?\b|"
                r"\bprojects?(?: name)?$",
                2.5,
            ),
            (r"\bmilestones?\b", 1.5),
        ),
        values="name",
    ),
    Field(
        "stage",
        words=((r"\bstages?\b|\bmilestones?\b|\bphase\b|gateway|\bgates?\b", 4.0),),
        values="name",
    ),
    Field(
        "lead",
        words=(
            (
                r"\blead\b|\bleads\b|owner|responsib|by whom|\bwho\b|action by|"
                r"accountable|\bsro\b|assigned[ _]to|action holder|\bpm\b",
                4.0,
            ),
            (r"resource[ _]names?|assigned|assignee", 4.0),
        ),
        values="person",
    ),
    Field(
        "start",
        words=(
            (
                r"^(?:start|begin)|start[ _]date|baseline[ _]start|planned[ _]start|"
                r"\bfrom\b|commenc",
                4.0,
            ),
        ),
    ),  # dates as text ("Mon 05/10/15") too
    Field(
        "end",
        words=(
            (
                r"^(?:end|finish)(?:\b|_)|end[ _]date|finish[ _]date|completion date|"
                r"planned[ _](?:end|finish)|baseline[ _](?:end|finish)",
                4.0,
            ),
        ),
    ),
    Field(
        "due",
        words=(
            (
                r"\bdue\b|deadline|by when|timescales?|target date|complete by|"
                r"completion by|delivery date",
                4.0,
            ),
            (r"\bdate\b|\bwhen\b|\btarget\b|timeline|timing", 3.0),
        ),
        values=None,
    ),  # free text ("Ongoing", "March Meeting") is a due date's usual value
    Field(
        "deliverables",
        words=(
            (
                r"deliverables?|\boutputs?\b|\bproducts?\b|evidence|"
                r"outcomes?",
                4.0,
            ),
        ),
        values="long_text",
    ),
    Field(
        "state",
        words=(
            (r"^status$", 3.8),  # words ("In Progress") beside a % complete say more
            (
                r"status|progress|% ?complete|complete ?%|percent[ _]complete|"
                r"^(?:completed?|done|achieved|met)\b.*\by ?/ ?n\b|"
                r"^(?:completed?|done|achieved)\s*\?",
                3.5,
            ),
        ),
    ),
    Field(
        "rag",
        words=((r"\brag\b|red ?/ ?amber ?/ ?green|rag rating|rag status", 4.5),),
        values="rag",
    ),
    Field(
        "section",
        words=(
            (
                r"workstream|work stream|work area|\bsection\b|\btheme\b|"
                r"\barea\b|programme|project area|category|\bdomain\b|\bbucket\b",
                3.5,
            ),
            # the aim an action serves, beside the action column
            # ("Priority" is not one: in a log it is High / Medium / Low)
            (
                r"\bobjectives?\b|recommendations?|"
                r"\baims?\b|\bgoals?\b|\boutcomes? sought\b",
                2.0,
            ),
        ),
        values="category",
    ),
    Field(
        "team",
        words=(
            (
                r"\bteam\b|resource|department|directorate|organisation|agency|"
                r"\bpartner\b",
                3.0,
            ),
        ),
        values="category",
    ),
    Field(
        "file_ref",
        words=(
            (
                r"file\s*ref|scheme\s*(?:ref|id|no)|qipp\s*(?:ref|no|id)|"
                r"project\s*ref|cip\s*(?:ref|id)",
                4.5,
            ),
        ),
        values="id",
    ),
    Field(
        "notes",
        words=(
            (
                r"comments?|\bnotes?\b|update|narrative|remarks|mitigation|"
                r"next steps",
                3.0,
            ),
            (r"^descriptions?$", 2.5),  # beside a task name column (Planner, Smartsheet)
        ),
        values="long_text",
        output=False,
    ),
    Field(
        "raised",
        words=(
            (
                r"raised|opened|logged|date added|date agreed|meeting date|"
                r"created[ _](?:date|at|on)|date[ _]created|^created$",
                4.0,
            ),
        ),
        values="date",
        output=False,
    ),
    # a milestone tracker's Baseline / Forecast / Actual dates: due on the forecast (the date
    # now expected), met on the actual
    Field(
        "forecast",
        words=((r"forecast|revised|rebaselin|expected|current (?:due|target)", 3.5),),
        values="date",
        output=False,
    ),
    Field(
        "actual",
        words=(
            (
                r"\bactual(?![ _](?:start|cost|work|duration))|achieved|"
                r"date[ _](?:completed|closed)|completed[ _](?:on|date|at)|"
                r"^closed|^completed$|^done on",
                3.5,
            ),
        ),
        values="date",
        output=False,
    ),
    Field(
        "version",
        words=((r"^(?:version|version no\.?|ver\.?|v|revision|rev\.?|issue)$", 4.0),),
        output=False,
    ),
    Field(
        "money",
        words=((r"£|saving|\bcost\b|\bvalue\b|opportunity|budget|\bfye\b", 3.0),),
        values="money",
        output=False,
    ),
    # What the tools' exports carry besides (MS Project, Smartsheet, Planner): recognised so
    # that identifiers and durations are never taken for money, and each is named as not used
    Field(
        "outline",
        words=((r"outline[ _]?level|^level$|indent(?:ation)?[ _]level|hierarchy", 4.3),),
        output=False,
    ),
    Field(
        "outline_number",
        words=((r"outline[ _]?number|^wbs$|^wbs[ _]code$", 4.3),),
        output=False,
    ),
    Field(
        "summary",
        words=((r"^summary$|^summary[ _]task$|^is[ _]summary$", 4.5),),
        values="bool",
        output=False,
    ),
    Field(
        "predecessors",
        words=((r"predecessors?|successors?|dependenc|depends on|linked to", 4.0),),
        output=False,
    ),
    Field(
        "duration",
        words=(
            (r"duration|^work$|^effort|^days$|^hours$|^(?:baseline|actual|remaining)[ _]work", 4.0),
        ),
        output=False,
    ),
    Field(
        "flag",
        words=(
            (
                r"^(?:critical|milestone|active|manual|estimated|late|is[ _]recurring|"
                r"recurring|at[ _]risk|flag(?:ged)?|marked)$",
                4.5,
            ),
        ),
        values="bool",
        output=False,
    ),
    Field(
        "tool_field",
        words=(
            (
                r"task[ _]mode|^type$|task[ _]type|constraint|^priority$|checklist|^labels?$|"
                r"^tags?$|created[ _]by|completed[ _]by|modified|attachments?|^row[ _]?id$",
                3.5,
            ),
        ),
        output=False,
    ),
)
"""The plan header table: canonical field, words (regex, weight), value kind."""

_ROLE_NAMES = {
    "id": "item number",
    "task": "task",
    "stage": "stage",
    "lead": "lead",
    "start": "start",
    "end": "end",
    "due": "due date",
    "deliverables": "deliverables",
    "state": "status",
    "rag": "RAG",
    "section": "work area",
    "team": "team",
    "file_ref": "file ref",
    "forecast": "forecast date (due on it)",
    "actual": "actual date (met on it)",
    "raised": "date raised (not the due date)",
    "outline": "outline level",
    "outline_number": "outline number",
    "summary": "summary flag",
}

_NOT_USED = {
    "notes": "comments or notes: the tasks table keeps no text besides the task",
    "money": "amounts: a plan's tasks carry no money (the register does)",
    "version": "a version number",
    "predecessors": "links between tasks: the tasks table keeps each task's own dates",
    "duration": "a duration: the start and end dates are read instead",
    "flag": "a yes/no flag the tasks table does not keep",
    "tool_field": "a field the tasks table does not keep (a type, priority, label, checklist, "
    "who created or completed it)",
    "rag": "the plan's own RAG: the pack rates each task by its dates as of the month",
    "deliverables": "deliverables: kept for milestone plans only",
    "stage": "a stage: the task column names the tasks",
    "outline": "outline levels: no summary tasks found by them",
    "outline_number": "outline numbers: no summary tasks found by them",
    "summary": "summary flags: no row is flagged",
    "raised": "a date raised: not read for this layout",
    "forecast": "a forecast date: not read for this layout",
    "actual": "an actual date: not read for this layout",
    "start": "a start date: not read for this layout (a milestone has a due date only)",
    "end": "an end date: the due date column is read",
    "id": "item numbers: not read for this layout",
}
"""Why a column given to a field is still not part of the tasks table (the load report)."""

_USED = {
    GANTT: {"id", "task", "lead", "section", "team", "state", "file_ref", "start", "end", "due"},
    ACTION_LOG: {
        "id",
        "task",
        "lead",
        "section",
        "stage",
        "due",
        "end",
        "start",
        "state",
        "raised",
        "forecast",
        "actual",
        "team",
        "file_ref",
    },
    MILESTONES: {
        "id",
        "stage",
        "lead",
        "due",
        "end",
        "deliverables",
        "section",
        "state",
        "forecast",
        "actual",
        "team",
        "file_ref",
    },
}
"""The fields each reader puts in the tasks table (of due and end, the one it reads)."""


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
    reason: str = ""
    columns: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def accounted(self) -> bool:
        return sum(self.rows.values()) == self.rows_read


@dataclass
class PlanReport:
    """What :func:`load_plan` read from one workbook, sheet by sheet."""

    file: str
    sheets: list[SheetReport] = field(default_factory=list)

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
                lines.append(
                    f"{where}: no plan found ({s.rows_read} rows read: {s.reason}), skipped"
                )
                continue
            parts = " + ".join(f"{n} {k}" for k, n in s.rows.most_common() if n)
            lines.append(f"{where} ({s.shape}): {s.rows_read} rows read = {parts}")
            if s.columns:
                lines.append(f"  columns: {'; '.join(s.columns)}")
            for text in s.unused:
                lines.append(f"  not used: {text}")
            for text in s.warnings:
                lines.append(f"  warning: {text}")
            if s.axis:
                lines.append(f"  time axis: {s.axis}")
            for text in s.undated:
                lines.append(f"  no date: {text}")
            for text in s.notes:
                lines.append(f"  note: {text}")
        return "\n".join(lines)


@dataclass
class PlanLoad:
    """A plan workbook read: its tasks table and the report of how each row was read."""

    tasks: pd.DataFrame
    report: PlanReport


# --- reading cells -----------------------------------------------------------------------


def fill_colour(fill) -> str | None:
    """A cell fill as a comparable key: ``"#RRGGBB"`` for RGB and indexed colours,
    ``"theme4+0.40"`` for theme colours with a tint, ``None`` for no fill, white, or the
    theme's "Background 1" without a tint (templates paint whole grids with it). Pattern
    fills (hatching) count by their pattern colour.

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
        if colour.theme == 0 and not tint:  # "Background 1": the sheet's own background
            return None
        return f"theme{colour.theme}" + (f"{tint:+.2f}" if tint else "")
    else:
        return None
    return None if hex_ == "FFFFFF" else f"#{hex_}"


@dataclass
class _Grid:
    values: list[list[object]]
    fills: list[list[str | None]]
    bold: list[bool]
    merges: list = field(default_factory=list)
    levels: dict[int, int] = field(default_factory=dict)  # row (0-based) -> outline level

    def merged_down(self, first_body: int) -> int:
        """Give every cell of a cell merged down over several body rows (a lead, a work area
        or a due date written once beside the actions it covers) the merged cell's value;
        the number of cells given one."""
        given = 0
        for m in self.merges:
            top, col = m.min_row - 1, m.min_col - 1
            if m.max_row == m.min_row or top < first_body or top >= self.n_rows:
                continue
            value = self.value(top, col)
            if value is None:
                continue
            for r in range(top + 1, min(m.max_row, self.n_rows)):
                row = self.values[r]
                if col < len(row) and row[col] is None:
                    row[col] = value
                    given += 1
                elif col >= len(row):
                    row.extend([None] * (col - len(row)) + [value])
                    self.fills[r].extend([None] * (len(row) - len(self.fills[r])))
                    given += 1
        return given

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
        written = getattr(value, "written", None)  # a CSV's "1.10" stays "1.10"
        if written is not None:
            return written
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def row_empty(self, r: int) -> bool:
        return all(
            v is None or (isinstance(v, str) and not v.strip()) for v in self.values[r]
        ) and not any(self.fills[r])


def _read_sheet(ws, name: str, title: str) -> _Grid:
    """:func:`_read_grid`, a damaged sheet becoming one line naming file and sheet."""
    try:
        return _read_grid(ws)
    except UserError:
        raise
    except Exception as error:  # openpyxl raises a zoo of errors on damaged sheet XML
        raise WorkbookError(
            Problem(
                name, f"the sheet cannot be read: it is damaged ({type(error).__name__})", title
            )
        ) from None


def _read_grid(ws) -> _Grid:
    values, fills, bold = [], [], []
    for row in ws.iter_rows():
        values.append([c.value for c in row])
        fills.append([fill_colour(c.fill) for c in row])
        bold.append(any(c.value is not None and c.font is not None and c.font.b for c in row))
    # trailing empty rows carry nothing
    while values and all(v is None for v in values[-1]) and not any(fills[-1]):
        values.pop(), fills.pop(), bold.pop()
    return _Grid(values, fills, bold, merged_ranges(ws), _row_levels(ws))


def _row_levels(ws) -> dict[int, int]:
    """Rows grouped in outline (Excel's row grouping: Smartsheet exports its hierarchy so, a
    child row one level below its parent): 0-based row -> outline level, for rows above 0.

    A streaming worksheet has no row dimensions, so its sheet XML is read once more through
    expat for the ``<row outlineLevel=...>`` attributes (the part was checked well-formed and
    free of entity declarations when the workbook was opened)."""
    if hasattr(ws, "row_dimensions") and not hasattr(ws, "_worksheet_path"):
        return {
            r - 1: d.outline_level
            for r, d in ws.row_dimensions.items()
            if getattr(d, "outline_level", 0)
        }
    path = getattr(ws, "_worksheet_path", None)
    archive = getattr(ws.parent, "_archive", None)
    if path is None or archive is None:
        return {}
    levels: dict[int, int] = {}

    def start(tag, attrs):
        if tag.rpartition(":")[2] == "row":
            level, number = attrs.get("outlineLevel"), attrs.get("r")
            if level and level.isdigit() and int(level) and number and number.isdigit():
                levels[int(number) - 1] = int(level)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        with archive.open(path) as part:
            while chunk := part.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, KeyError, OSError):
        return {}
    return levels


def _cell(r: int, c: int) -> str:
    return f"{get_column_letter(c + 1)}{r + 1}"


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
    if text.lower() in ("y", "yes", "✓", "✔"):  # a "Complete? (Y/N)" column
        return "complete"
    if text.lower() in ("n", "no"):
        return None  # not complete says nothing more than the dates do
    return parse_due(text).state or text.lower()


def _title_date(grid: _Grid, rows) -> dt.date | None:
    for r in rows:
        for value in grid.values[r]:
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, str):
                due = parse_due(value)
                if due.end is not None and (due.start, due.end) != year_period(value):
                    return due.end  # a day or a month, not a year the title names
    return None


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


_MARK = re.compile(r"^\s*(?:[xX✓✔■□█▇▆●◆♦*+]|yes|y)\s*$")
"""A Gantt cell marked by a character instead of a fill (``x``, ``■``, ``●``...)."""


def _marked(grid: _Grid, r: int, c: int) -> bool:
    """A painted (or marked) cell of a Gantt grid: a bar."""
    if grid.fill(r, c) is not None:
        return True
    value = grid.value(r, c)
    return isinstance(value, str) and bool(_MARK.match(value))


MAPPING_FIELDS = {
    "task_id": "id",
    "task": "task",
    "stage": "stage",
    "lead": "lead",
    "start": "start",
    "end": "end",
    "due": "due",
    "status": "state",
    "rag": "rag",
    "deliverables": "deliverables",
    "section": "section",
    "team": "team",
    "file_ref": "file_ref",
    "raised": "raised",
    "forecast": "forecast",
    "actual": "actual",
}
"""Columns a plan mapping file may name (tasks-table names; ``raised``, ``forecast`` and
``actual`` for a log's date raised, forecast and actual dates) -> the reader's field."""


@dataclass
class PlanMapping:
    """A plan mapping file: header text (normalised) -> field, and optionally the sheet, the
    header row, the time axis and rows to leave out. Written as YAML ``header text: column``
    lines (``columns:`` optional), columns named as in the tasks table
    (:data:`MAPPING_FIELDS`) or ``ignore``; ``time_axis: {start: YYYY-MM-DD}`` (the day the
    first week or month column starts) or ``time_axis: {iso_weeks: YEAR}`` (week numbers are
    ISO weeks of that year); ``exclude_rows: [30-45, 52]`` (sheet rows, 1-based, not read,
    each said in the load report)."""

    columns: dict[str, str]
    file: str
    sheet: str | None = None
    header_row: int | None = None
    time_axis: dict = field(default_factory=dict)
    exclude_rows: tuple[tuple[int, int], ...] = ()

    def excludes(self, row: int) -> bool:
        """Whether the mapping leaves out sheet row ``row`` (1-based)."""
        return any(first <= row <= last for first, last in self.exclude_rows)


def read_plan_mapping(path: str | Path) -> PlanMapping:
    """Read a plan mapping file (:func:`headers.read_mapping_spec`: safe YAML, a header "No"
    kept as text).

    Raises:
        ConfigError: naming the file, for a missing or malformed file, an unknown column, or a
            time axis or row range that is not one (every problem at once).
    """
    from ..errors import ConfigError

    spec = read_mapping_spec(path, list(MAPPING_FIELDS))
    name = Path(path).name
    read = {
        norm(header): IGNORE if column == IGNORE else MAPPING_FIELDS[column]
        for header, column in spec.columns.items()
    }
    problems: list[Problem] = []
    time_axis = _time_axis_option(spec.time_axis, name, problems)
    if problems:
        raise ConfigError(problems)
    sheet = str(spec.sheet) if spec.sheet is not None else None
    return PlanMapping(read, name, sheet, spec.header_row, time_axis, spec.exclude_rows)


def _time_axis_option(value, file: str, problems: list[Problem]) -> dict:
    """``time_axis: {start: 2025-04-07}`` or ``{iso_weeks: 2025}``, checked."""
    if value is None:
        return {}
    expected = (
        "expected 'time_axis: {start: YYYY-MM-DD}' (the day the first week or month column "
        "starts) or 'time_axis: {iso_weeks: YEAR}'"
    )
    if not isinstance(value, dict) or not value or set(value) - {"start", "iso_weeks"}:
        problems.append(Problem(file, f"time_axis {value!r}: {expected}"))
        return {}
    out: dict = {}
    start = value.get("start")
    if start is not None:
        if isinstance(start, dt.datetime):
            start = start.date()
        if isinstance(start, str):
            try:
                start = dt.date.fromisoformat(start.strip())
            except ValueError:
                pass
        if not isinstance(start, dt.date) or not DATE_RANGE[0] <= start.year <= DATE_RANGE[1]:
            problems.append(Problem(file, f"time_axis start {start!r}: {expected}"))
        else:
            out["start"] = start
    year = value.get("iso_weeks")
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int):
            problems.append(Problem(file, f"time_axis iso_weeks {year!r}: {expected}"))
        elif not DATE_RANGE[0] <= year <= DATE_RANGE[1]:
            problems.append(Problem(file, f"time_axis iso_weeks {year}: a year 1900-2100"))
        else:
            out["iso_weeks"] = year
    if len(out) == 2:
        problems.append(Problem(file, f"time_axis: give start or iso_weeks, not both; {expected}"))
    return out


@dataclass
class _Header:
    """A plan's header read by evidence: rows (0-based), columns given to fields, why."""

    first: int
    last: int
    roles: dict[str, int]
    cells: list[HeaderCell]
    evidence: list[str]

    def describe(self) -> str:
        return "; ".join(self.evidence)


def _assign_header(
    grid: _Grid,
    first: int,
    last: int,
    columns=None,
    mapping: PlanMapping | None = None,
    where: str = "",
) -> _Header:
    """Score the header block's columns against :data:`PLAN_FIELDS` and assign them jointly
    (columns a mapping file names are taken as named)."""
    data = grid.values[last + 1 : last + 1 + 60]
    cells = header_cells(grid.values, first, last, data=data)
    cells = [
        c for c in cells if isinstance(c.sub, str) and (columns is None or c.column - 1 in columns)
    ]
    fixed: dict[int, str] = {}
    if mapping is not None and mapping.columns:
        fixed, ignored = mapping_columns(cells, mapping.columns, mapping.file, where, last + 1)
        cells = [c for c in cells if c.column not in ignored]
    assignment = assign(PLAN_FIELDS, cells, fixed=fixed)
    roles, evidence = {}, []
    for name, choice in sorted(assignment.choices.items(), key=lambda kv: kv[1].cell.column):
        roles[name] = choice.cell.column - 1
        label = _ROLE_NAMES.get(name, f"{name} (not read)")
        how = "mapping file" if choice.cell.column in fixed else f"{choice.score:.1f}"
        evidence.append(
            f"{get_column_letter(choice.cell.column)} {choice.cell.shown!r} = {label} ({how})"
        )
    return _Header(first, last, roles, cells, evidence)


def _header_row(grid: _Grid, rows, columns=None) -> tuple[int, int] | None:
    """The row (and how many fields it names) that names most plan fields, header-like."""
    best = None
    for r in rows:
        values = grid.values[r]
        if columns is not None:
            values = [v if i in columns else None for i, v in enumerate(values)]
        if not is_header_like(values) and sum(isinstance(v, str) for v in values) < 2:
            continue
        n = header_evidence(values, PLAN_FIELDS)
        if n >= 2 and (best is None or n > best[1]):
            best = (r, n)
    return best


def _sub_headers(grid: _Grid, top: int, bottom: int) -> bool:
    """Row ``bottom`` holds sub-headers of row ``top`` ("Dates" merged over Raised, Target,
    Completed): short header-like text naming a plan field, some of it under a blank of the
    top row (the rest of a merged group), no dates or figures."""
    if not 0 <= top < bottom < grid.n_rows:
        return False
    cells = {
        c: v
        for c, v in enumerate(grid.values[bottom])
        if v is not None and not (isinstance(v, str) and not v.strip())
    }
    if len(cells) < 2 or not all(
        isinstance(v, str) and len(v.split()) <= 4 for v in cells.values()
    ):
        return False
    under_blank = [c for c in cells if grid.value(top, c) is None]
    return (
        bool(under_blank)
        and any(_names_a_field(v) for v in cells.values())
        and is_header_like(grid.values[top])
    )


def _header_block(grid: _Grid, r: int) -> tuple[int, int]:
    """The header rows around row ``r``: with the sub-header row under it, or over it."""
    if _sub_headers(grid, r, r + 1):
        return r, r + 1
    if _sub_headers(grid, r - 1, r):
        return r - 1, r
    return r, r


def _names_a_field(value) -> bool:
    """A header cell whose words name any plan field (dates such as "Raised" included)."""
    text = norm(value) if isinstance(value, str) else ""
    return any(_best(f.words, text)[0] >= 2.5 for f in PLAN_FIELDS)


_MONEY = next(f for f in PLAN_FIELDS if f.name == "money")


def _money_columns(header: _Header) -> list[HeaderCell]:
    """Columns headed as money ("£", "saving", "FYE", "value"...) or for a financial year
    ("Plan 2014/15", "Forecast 15/16"), or holding money-sized figures: two or more mark a
    register or tracker, not a plan. Figures under a header that names another field (an
    identifier, outline level, predecessors, % complete, a duration) are never money."""
    read = {column for name, column in header.roles.items() if name != "money"}
    return [
        c
        for c in header.cells
        if c.column - 1 not in read
        and (
            _best(_MONEY.words, norm(c.shown))[0] >= 3.0
            or header_year(c.shown) is not None
            or (
                c.profile.n >= 3
                and c.profile.number >= 0.8
                and c.profile.big >= 0.5
                and not _names_another_field(c)
            )
        )
    ]


def _names_another_field(cell: HeaderCell) -> bool:
    """A header whose words name a plan field other than money ("Unique ID", "Max Units"
    does not)."""
    text = norm(cell.sub or cell.shown)
    return any(_best(f.words, text)[0] >= 3.0 for f in PLAN_FIELDS if f.name != "money")


@dataclass
class Classification:
    """What a sheet holds, as far as plans go (see :func:`classify_grid`)."""

    shape: str | None
    reason: str
    header: _Header | None = None
    axis: _Axis | None = None


def classify_grid(
    grid: _Grid, mapping: PlanMapping | None = None, where: str = ""
) -> Classification:
    """Decide a sheet's plan shape from its cells, by evidence, and say why.

    A Gantt grid: a header row of four or more week or month labels whose cells below are
    painted (or marked ``x``), not filled with figures, and a column of task names left of it.
    A milestone plan: a header naming a stage/milestone column of names with a date or
    deliverables column. An action log: a header naming a task/action column of names with a
    due or end date. Two or more columns of money or of a financial year ("Plan 2014/15") mark a
    register or tracker.
    """
    scan = range(min(grid.n_rows, _HEADER_SCAN_ROWS))
    axis = _find_axis(grid)
    if axis is not None:
        _unshade(grid, axis)
        axis_cols = set(range(axis.first_col, axis.first_col + len(axis.tokens)))
        label_cols = set(range(axis.first_col))
        body = range(axis.last_row + 1, grid.n_rows)
        bars = sum(_marked(grid, r, c) for r in body for c in axis_cols)
        figures = sum(
            isinstance(grid.value(r, c), (int, float)) and not isinstance(grid.value(r, c), bool)
            for r in body
            for c in axis_cols
        )
        above = _header_row(grid, range(max(0, axis.first_row - 3), axis.first_row))
        log_above = False
        if above is not None:
            named = [c for c in axis_cols if _names_a_field(grid.value(above[0], c))]
            log_above = len(named) >= 2  # the "axis" is a row of a log's date columns
        if not log_above and figures > bars:
            where = _cell(axis.header_cells[0][0], axis.header_cells[0][1])
            return Classification(
                None,
                f"the {len(axis.tokens)} week/month columns from "
                f"{where} hold figures, not bars: a monthly tracker, "
                f"not a Gantt",
            )
        if not log_above and label_cols and bars:
            rows = range(max(0, axis.first_row - 2), axis.last_row + 1)
            found = _header_row(grid, rows, label_cols)
            last = axis.last_row
            below = axis.last_row + 1
            if (
                found is None
                and below < grid.n_rows
                and not any(_marked(grid, below, c) for c in axis_cols)
            ):
                # the column headers on the row under the dates ("Task", "Lead" below them)
                found = _header_row(grid, [below], label_cols)
                last = below if found else last
            first = min(found[0], axis.first_row) if found else axis.first_row
            if mapping is not None and mapping.header_row is not None:
                first = min(mapping.header_row - 1, axis.first_row)
            # columns right of the axis (Status, RAG, Comments) are read by their headers too
            width = max(len(grid.values[r]) for r in range(first, last + 1))
            right = set(range(axis.first_col + len(axis.tokens), width))
            header = _assign_header(grid, first, last, label_cols | right, mapping, where)
            placed = (
                f"{len(axis.tokens)} week/month columns from "
                + _cell(*axis.header_cells[0])
                + f", {bars} painted cells"
            )
            named = next((role for role in ("stage", "deliverables") if role in header.roles), None)
            if "task" not in header.roles and named is not None:
                # a Gantt's rows are its tasks, whatever the column calls them
                # ("Project / milestone", "Deliverable")
                header.roles["task"] = header.roles.pop(named)
                header.evidence.append(
                    f"{get_column_letter(header.roles['task'] + 1)} = task "
                    f"(headed as {_ROLE_NAMES[named]}: a Gantt's rows are "
                    f"its tasks)"
                )
            if "task" not in header.roles:
                texts = Counter(
                    c
                    for r in body
                    for c in label_cols
                    if isinstance(grid.value(r, c), str) and c not in header.roles.values()
                )
                if not texts:
                    return Classification(
                        None, f"{placed}, but no column of task names", None, axis
                    )
                header.roles["task"] = texts.most_common(1)[0][0]
                header.evidence.append(
                    f"{get_column_letter(header.roles['task'] + 1)} = task "
                    f"(the column with most text)"
                )
            return Classification(GANTT, f"{placed}; {header.describe()}", header, axis)
    found = _header_row(grid, scan)
    if mapping is not None and mapping.header_row is not None:
        found = (mapping.header_row - 1, 0) if mapping.header_row <= grid.n_rows else None
    if found is None:
        return Classification(
            None,
            "no header row naming plan columns (task or action, lead, "
            "due date, stage, deliverables) and no time axis of weeks "
            "or months",
        )
    first, last = _header_block(grid, found[0])
    header = _assign_header(grid, first, last, mapping=mapping, where=where)
    at = f"{first + 1}" if first == last else f"{first + 1}-{last + 1}"
    roles = header.roles
    money = _money_columns(header)
    if len(money) >= 2:
        names = ", ".join(repr(c.shown) for c in money[:4])
        return Classification(
            None,
            f"row {at} heads {len(money)} columns of money, figures "
            f"or a year ({names}): a register, tracker or cost sheet, not a plan",
        )

    if "version" in roles and "task" in roles:
        cell = get_column_letter(roles["version"] + 1)
        return Classification(None, f"row {at} heads a version history (column {cell}), not a plan")

    def texty(role: str) -> bool:
        cell = next(c for c in header.cells if c.column - 1 == roles[role])
        return cell.profile.n == 0 or cell.profile.text >= 0.5

    dated = "due" in roles or "end" in roles
    if (
        "stage" in roles
        and "task" not in roles
        and ("due" in roles or "deliverables" in roles or "end" in roles)
    ):
        if not texty("stage"):
            return Classification(
                None,
                f"column {get_column_letter(roles['stage'] + 1)} "
                f"is headed as a stage but holds numbers, not names",
            )
        return Classification(MILESTONES, f"header row {at}: {header.describe()}", header)
    if "task" in roles and dated:
        if not texty("task"):
            return Classification(
                None,
                f"column {get_column_letter(roles['task'] + 1)} is "
                f"headed as a task but holds numbers, not names",
            )
        return Classification(ACTION_LOG, f"header row {at}: {header.describe()}", header)
    missing = (
        "due or end date column"
        if "task" in roles or "stage" in roles
        else "task, action or stage column"
    )
    named = header.describe() or "no plan columns"
    return Classification(None, f"header row {at} ({named}) has no {missing}")


def detect_shape(grid: _Grid) -> str | None:
    """``"gantt"``, ``"milestones"``, ``"action log"`` or ``None`` for a sheet's cells."""
    return classify_grid(grid).shape


PLAN_KINDS = {GANTT: "gantt", ACTION_LOG: "action_log", MILESTONES: "milestone_plan"}


def classify_plan_sheet(worksheet) -> tuple[str | None, str]:
    """What plan a worksheet holds, and why, for ``inspect``.

    Args:
        worksheet: an openpyxl worksheet (streaming or normal), e.g. from
            ``io.workbook.open_workbook``; its values and fills are read once.

    Returns:
        ``(kind, reason)``: ``kind`` is ``"gantt"`` (bars painted over week or month
        columns), ``"action_log"`` (actions with a lead and a free-text due date),
        ``"milestone_plan"`` (stages with a date or deliverables) or ``None`` when the sheet
        holds no plan; ``reason`` says in one line what evidence decided it (the time axis,
        the header row and each column given to a field with its score), or why not.
    """
    found = classify_grid(_read_grid(worksheet))
    return PLAN_KINDS.get(found.shape), found.reason


def classify_book_sheet(book, title: str) -> tuple[str | None, str]:
    """:func:`classify_plan_sheet` for a sheet of a CSV export or an .xls/.xlsb/.ods workbook
    (a :class:`.tabular.Book`, values only), for ``inspect``."""
    grid = _values_grid(book, title)
    if grid is None:
        return None, "a chart sheet, no cells"
    found = classify_grid(grid)
    return PLAN_KINDS.get(found.shape), found.reason


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


def _legend(grid: _Grid, ctx: _Context) -> tuple[dict[str, str], set[int]]:
    """Colour -> team from a legend block, and the rows the legend occupies."""
    for r in range(grid.n_rows):
        for c, value in enumerate(grid.values[r]):
            if isinstance(value, str) and _LEGEND_TITLE.search(value.strip()):
                legend: dict[str, str] = {}
                rows = {r}
                ctx.legend_cols.add(c)
                blanks = 0
                for rr in range(r + 1, grid.n_rows):
                    entry = None
                    for cc in range(max(0, c - 1), c + 4):
                        colour = grid.fill(rr, cc)
                        if colour is None:
                            continue
                        name = grid.text(rr, cc)
                        at = cc
                        for k in (cc + 1, cc - 1, cc + 2, cc - 2, cc + 3):
                            if name is None and k >= 0:
                                name, at = grid.text(rr, k), k
                        if name:
                            entry = (colour, name)
                            ctx.legend_cols |= {cc, at}
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
                        f"legend at {_cell(r, c)}: "
                        + ", ".join(f"{colour} = {team}" for colour, team in legend.items())
                    )
                    return legend, rows
    return {}, set()


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


def _starting(tokens: list[AxisToken | None], start: dt.date) -> list[AxisToken | None]:
    """An axis whose first column starts on ``start`` (a mapping file's ``time_axis``): a
    week from that day, or its month, or its quarter, as the first label is; the columns after
    it follow as their labels say."""
    out = list(tokens)
    first = next((i for i, t in enumerate(tokens) if t is not None), None)
    if first is None:
        return out
    kind = tokens[first].kind
    if kind in ("month", "relmonth"):
        out[first] = AxisToken("month", month=start.month, year=start.year)
    elif kind == "quarter":
        fy = start.year - (1 if start.month < 4 else 0)
        out[first] = AxisToken("quarter", number=(start.month - 4) % 12 // 3 + 1, year=fy)
    else:
        out[first] = AxisToken("week", date=start)
    # labels that name their own dates would contradict the mapping: the mapping wins
    for i, tok in enumerate(tokens):
        if i != first and tok is not None and tok.date is not None:
            out[i] = None
    return out


def _read_gantt(grid: _Grid, ctx: _Context, found: Classification) -> None:
    axis, header = found.axis, found.header
    fy = _fy_hint(grid, range(axis.first_row))
    start_hint = _title_date(grid, range(axis.first_row))
    start = ctx.mapping.time_axis.get("start") if ctx.mapping is not None else None
    if start is not None:  # the mapping file's date for the first column
        tokens, axis_problems = axis.tokens, []
        periods, more = resolve_axis(_starting(tokens, start))
        ctx.report.notes.append(f"time axis from {start.isoformat()} (mapping file)")
    else:
        tokens, week_note, axis_problems = _place_week_numbers(
            grid, axis, fy, start_hint, ctx.mapping
        )
        if week_note:
            ctx.report.notes.append(week_note)
        periods, more = resolve_axis(tokens, fy_hint=fy, start_hint=start_hint)
    if axis_problems:  # the week numbers' own question says why nothing places them
        more = [p for p in more if "no dated column places" not in str(p)]
    axis_problems += more
    unplaced = [p for p in axis_problems if "no dated column places" in str(p)]
    if unplaced and any(t is not None and t.kind == "relweek" for t in tokens):
        unplaced = [
            AxisProblem(
                p.index,
                "week number that nothing places (expected a week-commencing date along the "
                "axis, a project start date or a year above the grid, or a mapping file's "
                "time_axis)",
            )
            for p in unplaced
        ]
        axis_problems = [p for p in axis_problems if "no dated column places" not in str(p)]
        axis_problems = unplaced + axis_problems
    if len(unplaced) > 1:  # one line for the columns nothing places, naming the first and last
        first, last = axis.header_cells[unplaced[0].index], axis.header_cells[unplaced[-1].index]
        ctx.problems.append(
            Problem(
                ctx.file,
                f"{len(unplaced)} columns to {_cell(*last)}: {unplaced[0]}",
                ctx.sheet,
                _cell(*first),
            )
        )
        axis_problems = [p for p in axis_problems if p not in unplaced]
    for problem in axis_problems:
        r, c = axis.header_cells[problem.index]
        ctx.problems.append(Problem(ctx.file, str(problem), ctx.sheet, _cell(r, c)))
    placed = [p for p in periods if p is not None]
    if placed:
        kinds = Counter(p.kind for p in placed)
        quarters = f", {kinds['quarter']} quarters" if kinds["quarter"] else ""
        quarters += f", {kinds['day']} days" if kinds["day"] else ""
        ctx.report.axis = (
            f"{placed[0].start.isoformat()} to {placed[-1].end.isoformat()} "
            f"({kinds['week']} weeks, {kinds['month']} months{quarters})"
        )
    label_cols = range(axis.first_col)
    roles = header.roles
    ctx.report.columns = header.evidence
    body_start = max(axis.last_row, header.last) + 1  # headers may sit under the dates
    if grid.merged_down(body_start):
        ctx.report.notes.append("cells merged down over several rows read on each of them")
    legend, legend_rows = _legend(grid, ctx)
    if axis.shaded:
        ctx.report.notes.append(
            "column(s) "
            + ", ".join(get_column_letter(c + 1) for c in axis.shaded)
            + " painted down the whole grid: shading, not bars"
        )
    axis_cols = range(axis.first_col, axis.first_col + len(axis.tokens))
    report = ctx.report
    _count_top(ctx, header.first, body_start)
    section = section_lead = None
    task_col, lead_col, id_col = roles.get("task"), roles.get("lead"), roles.get("id")
    other_cols = [c for c in label_cols if c not in (task_col, lead_col, id_col)]
    for r in range(body_start, grid.n_rows):
        if ctx.skip(r):
            continue
        filled = [c for c in axis_cols if _marked(grid, r, c)]
        name, lead, ident = grid.text(r, task_col), grid.text(r, lead_col), grid.text(r, id_col)
        others = [grid.text(r, c) for c in other_cols if grid.text(r, c)]
        if r in legend_rows and not filled:
            report.rows["legend"] += 1
            continue
        if grid.row_empty(r):
            report.rows["blank"] += 1
            continue
        if not filled and _repeats_header(grid, r, header):
            report.rows["header"] += 1
            continue
        if roles.get("section") is not None and grid.text(r, roles["section"]):
            if grid.text(r, roles["section"]) != section:
                section, section_lead = grid.text(r, roles["section"]), None
        if not name:
            heading = _heading_text([ident] + others)
            if filled:
                report.rows["no task name"] += 1
                report.notes.append(f"{_cell(r, filled[0])}: a bar with no task name, not read")
            elif lead and not ident and not others:
                report.rows["lead only"] += 1
                section_lead = lead  # a lead under a heading leads that section
            elif heading and roles.get("section") is None:
                section, section_lead = heading, lead
                report.rows["heading"] += 1
            elif r in legend_rows:
                report.rows["legend"] += 1
            else:
                report.rows["no task name"] += 1
            continue
        whole = (
            len(filled) == len(axis_cols)
            and len(set(grid.fill(r, c) for c in filled)) == 1
            and grid.fill(r, filled[0]) not in legend
        )
        numbered_section = not filled and _is_parent(ident, _next_ident(grid, r, id_col))
        if (
            (
                (not filled or whole)
                and not lead
                and not others
                and (not ident or grid.bold[r] or whole)
            )
            or (not filled and grid.bold[r] and not ident)
            or numbered_section
        ):
            section, section_lead = name, lead
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
                report.notes.append(
                    f"row {r + 1}: {runs} bars, read as one task from the first to the last"
                )
            colour = grid.fill(r, filled[0])
            if team is None and legend and colour is not None:
                team = legend.get(colour)
                if team is None:
                    report.notes.append(
                        f"{_cell(r, filled[0])}: colour {colour} is not in the legend"
                    )
        # a row's own Start/End dates are finer than its bars (a bar fills whole periods)
        own_start = _own_date(grid, r, roles.get("start"), end=False)
        own_end = _own_date(grid, r, roles.get("end", roles.get("due")), end=True)
        start, end = own_start or start, own_end or end
        if start is None and end is None:
            report.undated.append(f"{ctx.sheet}!{_cell(r, task_col)} {name!r}: no bar painted")
        report.rows["task"] += 1
        ctx.task(
            r,
            task_id=ident,
            section=section,
            task=name,
            lead=lead or section_lead,
            start=start,
            end=end,
            shape=GANTT,
            team=team,
            state=_state(grid.value(r, roles["state"]) if "state" in roles else None),
            file_ref=grid.text(r, roles.get("file_ref")),
            colour=ctx.hex(grid.fill(r, filled[0])) if filled else None,
        )


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


def _read_action_log(grid: _Grid, ctx: _Context, found: Classification) -> None:
    header_row, roles = found.header.first, found.header.roles
    ctx.report.columns = found.header.evidence
    report = ctx.report
    _count_top(ctx, header_row, found.header.last + 1)
    title_ref = _title_date(grid, range(header_row))
    fy = _fy_hint(grid, range(header_row))
    if title_ref is None and fy is not None:
        title_ref = dt.date(fy, 10, 1)  # the middle of the financial year
    # a plan kept as a table (Task, Start, Finish) reads like a log with a start column
    due_col = roles["due"] if "due" in roles else roles["end"]
    task_col, lead_col, start_col = roles["task"], roles.get("lead"), roles.get("start")
    id_col = roles.get("id")
    section_col = roles.get("section", roles.get("stage"))
    body = range(found.header.last + 1, grid.n_rows)
    if grid.merged_down(body.start):
        report.notes.append("cells merged down over several rows read on each of them")
    # First pass: the dates that name their own year, to place months named without one.
    dated = [(r, parse_due(grid.value(r, due_col)).end) for r in body]
    dated = [(r, d) for r, d in dated if d is not None and _in_range(d)]
    levels, summaries, how = _hierarchy(grid, found.header, body, ctx)
    if how:
        report.notes.append(how)
        ctx.used_fields.add(ctx.hierarchy)
    parents: list[tuple[int, str, str | None]] = []  # (level, name, lead) of summary tasks above
    section = section_lead = None
    k = 0  # dated[k] is the first dated row after the current one
    for r in body:
        while k < len(dated) and dated[k][0] <= r:
            k += 1
        if ctx.skip(r):
            continue
        if grid.row_empty(r):
            report.rows["blank"] += 1
            continue
        if _repeats_header(grid, r, found.header):
            report.rows["header"] += 1
            continue
        name, lead, ident = grid.text(r, task_col), grid.text(r, lead_col), grid.text(r, id_col)
        label_cols = [
            c for c in range(len(grid.values[r])) if c not in (task_col, lead_col, id_col)
        ]
        others = [grid.text(r, c) for c in label_cols if grid.text(r, c)]
        if section_col is not None and grid.text(r, section_col):
            if grid.text(r, section_col) != section:
                section, section_lead = grid.text(r, section_col), None
        if not name:
            heading = _heading_text([ident] + others)
            if lead and not others and not ident:
                report.rows["lead only"] += 1
                section_lead = lead  # a lead under a heading leads that section
            elif heading and len(others) <= 1 and not lead:
                section, section_lead = heading, None
                report.rows["heading"] += 1
            else:
                report.rows["no task name"] += 1
            continue
        if levels:
            level = levels.get(r, 0)
            while parents and parents[-1][0] >= level:
                parents.pop()
            if r in summaries:  # a summary task rolls up the tasks under it: their section
                parents.append((level, name, lead))
                report.rows["summary task"] += 1
                continue
            if parents:
                section, section_lead = parents[-1][1], parents[-1][2]
            elif section_col is None:
                section = section_lead = None  # a top-level task: in no summary's section
        due_value, state_text = grid.value(r, due_col), grid.text(r, roles.get("state"))
        undated_row = due_value is None and not state_text and not others
        if (
            (undated_row and not lead and (grid.bold[r] or not ident))
            or (undated_row and grid.bold[r] and not ident)
            or (undated_row and not lead and _is_parent(ident, _next_ident(grid, r, id_col)))
        ):
            section, section_lead = name, lead
            report.rows["heading"] += 1
            continue
        before = dated[k - 1][1] if k > 0 and dated[k - 1][0] < r else None
        after = dated[k][1] if k < len(dated) else None
        reference = before or after or title_ref
        raised = _own_date(grid, r, roles.get("raised"), end=True)
        due = parse_due(due_value, reference=reference, after=raised)
        ok = _check_date(ctx, due, r, due_col)
        start = due.start
        if start_col is not None and grid.value(r, start_col) is not None:
            began = parse_due(grid.value(r, start_col), reference=reference, after=raised)
            ok = _check_date(ctx, began, r, start_col) and ok
            start = began.start or began.end or start
        if not ok:
            report.rows["date error"] += 1
            continue
        state = due.state
        if state_text:
            stated = _state(grid.value(r, roles["state"]))
            # "Open" says less than a due date of "Ongoing": keep the state word
            state = stated if stated in _STATE_NAMES or due.state is None else due.state
        end, state = _revised(grid, r, roles, due.end, state)
        if end is None:
            report.undated.append(f"{ctx.sheet}!{_cell(r, due_col)} {due.text!r}: {due.reason}")
        report.rows["task"] += 1
        ctx.task(
            r,
            task_id=ident,
            section=section,
            task=name,
            lead=lead or section_lead,
            start=start,
            end=end,
            shape=ACTION_LOG,
            team=grid.text(r, roles.get("team")),
            state=state,
            due_text=due.text or None,
            file_ref=grid.text(r, roles.get("file_ref")),
        )


_WBS = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")


def _hierarchy(
    grid: _Grid, header: _Header, body: range, ctx: _Context
) -> tuple[dict[int, int], set[int], str | None]:
    """The outline of a tool's export: each body row's level and the summary tasks (a row
    whose next row sits deeper, or flagged Summary), and how it was known.

    The level comes from an Outline Level column (MS Project), an outline number or WBS code
    ("1.2.3": level 3), or Excel's row grouping (Smartsheet); ``({}, set(), None)`` when the
    sheet has none of them."""
    roles = header.roles
    levels: dict[int, int] = {}
    how = None
    rows = [r for r in body if r not in ctx.excluded and not grid.row_empty(r)]
    ctx.hierarchy = ""
    if "outline" in roles:
        ctx.hierarchy = "outline"
        for r in rows:
            value = grid.value(r, roles["outline"])
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                levels[r] = int(value)
            elif isinstance(value, str) and value.strip().isdigit():
                levels[r] = int(value.strip())
        how = f"column {get_column_letter(roles['outline'] + 1)}'s outline levels"
    else:
        code_col = roles.get("outline_number")
        if code_col is None and "id" in roles:
            cell = next(c for c in header.cells if c.column - 1 == roles["id"])
            if re.search(r"wbs|outline", norm(cell.shown)):
                code_col = roles["id"]
        if code_col is not None:
            ctx.hierarchy = "outline_number" if "outline_number" in roles else "id"
            for r in rows:
                code = grid.text(r, code_col)
                if code and _WBS.match(code):
                    levels[r] = len(re.sub(r"\.0$", "", code).split("."))
            how = f"column {get_column_letter(code_col + 1)}'s outline numbers"
        elif any(grid.levels.get(r) for r in rows):
            levels = {r: grid.levels.get(r, 0) for r in rows}
            how = "the rows' outline grouping"
    summaries = set()
    for here, below in zip(rows, rows[1:]):
        if here in levels and below in levels and levels[below] > levels[here]:
            summaries.add(here)
    if "summary" in roles:
        flagged = {r for r in rows if (grid.text(r, roles["summary"]) or "").lower() in _YES}
        summaries |= flagged
        if flagged or not how:
            ctx.hierarchy = "summary"
        if not levels:  # flags alone: a summary heads the tasks after it
            levels = {r: 0 if r in flagged else 1 for r in rows}
        how = how or f"column {get_column_letter(roles['summary'] + 1)}'s summary flags"
    if not summaries:
        return {}, set(), None
    return (
        levels,
        summaries,
        (
            f"{len(summaries)} summary task(s) (from {how}) read as the sections of the tasks "
            "under them"
        ),
    )


_YES = frozenset({"yes", "y", "true", "1", "x"})


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


def _read_milestones(grid: _Grid, ctx: _Context, found: Classification) -> None:
    header_row, roles = found.header.first, found.header.roles
    ctx.report.columns = found.header.evidence
    report = ctx.report
    _count_top(ctx, header_row, found.header.last + 1)
    stage_col, due_col = roles["stage"], roles.get("due", roles.get("end"))
    deliv_col = roles.get("deliverables")
    title_ref = _title_date(grid, range(header_row))
    fy = _fy_hint(grid, range(header_row))
    if title_ref is None and fy is not None:
        title_ref = dt.date(fy, 10, 1)
    section, last = None, None
    reference = title_ref
    section_col = roles.get("section")
    if grid.merged_down(found.header.last + 1):
        report.notes.append("cells merged down over several rows read on each of them")
    for r in range(found.header.last + 1, grid.n_rows):
        if ctx.skip(r):
            continue
        if grid.row_empty(r):
            report.rows["blank"] += 1
            continue
        if _repeats_header(grid, r, found.header):
            report.rows["header"] += 1
            continue
        if section_col is not None and grid.text(r, section_col):
            section = grid.text(r, section_col)
        stage = grid.text(r, stage_col)
        items = split_deliverables(grid.text(r, deliv_col))
        due_value = grid.value(r, due_col) if due_col is not None else None
        if not stage:
            if items and last is not None:
                last["deliverables"] = "; ".join(
                    filter(None, [last["deliverables"], "; ".join(items)])
                )
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
        if not _check_date(ctx, due, r, due_col):
            report.rows["date error"] += 1
            continue
        state = _state(grid.value(r, roles["state"])) if "state" in roles else None
        end, state = _revised(grid, r, roles, due.end, state or due.state)
        if end is not None:
            reference = end
        else:
            report.undated.append(
                f"{ctx.sheet}!{_cell(r, due_col if due_col is not None else stage_col)}"
                f" {due.text!r}: {due.reason}"
            )
        report.rows["milestone"] += 1
        ctx.task(
            r,
            task_id=grid.text(r, roles.get("id")),
            section=section,
            task=stage,
            lead=grid.text(r, roles.get("lead")),
            start=None,
            end=end,
            shape=MILESTONES,
            team=grid.text(r, roles.get("team")),
            state=state,
            due_text=due.text or None,
            deliverables="; ".join(items) or None,
            file_ref=grid.text(r, roles.get("file_ref")),
        )
        last = ctx.rows[-1]


_READERS = {GANTT: _read_gantt, ACTION_LOG: _read_action_log, MILESTONES: _read_milestones}


# --- the public entry points -------------------------------------------------------------


@by_file
def load_plan(
    path: str | Path,
    sheet: str | None = None,
    mapping: str | Path | PlanMapping | None = None,
) -> PlanLoad:
    """Read a plan workbook's Gantt grids, action logs and milestone plans into one table.

    Args:
        path: the ``.xlsx`` file.
        sheet: one sheet to read; by default every sheet holding a plan.
        mapping: a plan mapping file (or :class:`PlanMapping`) naming columns the scoring
            should not decide: ``header text: column`` (tasks-table names), optionally
            ``sheet`` and ``header_row``.

    Returns:
        A :class:`PlanLoad`: the tasks table (columns :data:`COLUMNS`, ``start``/``end`` as
        ``datetime64``, ``status`` blank until the model reads it as of a date) and a
        :class:`PlanReport` accounting for every row read.

    Raises:
        WorkbookError: the file is missing or not a workbook, the sheet does not exist, or no
            sheet holds a plan.
        ValidationError: cells that break the plan's layout (every one, at once).
    """
    path = Path(path)
    name = path.name
    if mapping is not None and not isinstance(mapping, PlanMapping):
        mapping = read_plan_mapping(mapping)
    if mapping is not None and sheet is None:
        sheet = mapping.sheet
    from . import tabular

    values_only = path.suffix.lower() in tabular.SUFFIXES  # CSV, .xls, .xlsb, .ods
    if values_only:
        workbook, theme = tabular.open_book(path), ()
    else:
        workbook = open_workbook(path)  # safe: entity declarations refused, cached values only
        theme = theme_colours(workbook)
    problems: list[Problem] = []
    report = PlanReport(file=name)
    rows: list[dict] = []
    try:
        titles = workbook.sheetnames
        if sheet is not None and sheet not in titles:
            raise WorkbookError(Problem(name, f"no sheet {sheet!r} (sheets: {', '.join(titles)})"))
        for title in [sheet] if sheet is not None else titles:
            grid = (
                _values_grid(workbook, title) if values_only else _xlsx_grid(workbook, name, title)
            )
            if grid is None:  # a chart sheet: no cells to read
                report.sheets.append(
                    SheetReport(
                        sheet=title, shape=None, file=name, reason="a chart sheet, no cells"
                    )
                )
                if sheet is not None:
                    problems.append(Problem(name, "a chart sheet holds no plan", title))
                continue
            excluded = _exclude(grid, mapping)
            found = classify_grid(grid, mapping, f"{name}!{title}")
            shape = found.shape
            sheet_report = SheetReport(
                sheet=title, shape=shape, rows_read=grid.n_rows, file=name, reason=found.reason
            )
            report.sheets.append(sheet_report)
            if shape is None:
                if sheet is not None:
                    problems.append(
                        Problem(
                            name,
                            f"no plan found ({found.reason}); expected a Gantt grid (a header "
                            "row of weeks or months over painted bars), an action log (Action "
                            "and Due columns) or a milestone plan (Stage/Milestone with Date "
                            "or Deliverables)",
                            title,
                            "A1",
                        )
                    )
                continue
            ctx = _Context(
                name,
                path.stem,
                title,
                sheet_report,
                problems,
                theme=theme,
                mapping=mapping,
                excluded=excluded,
            )
            _month_first(grid, found, ctx)
            _READERS[shape](grid, ctx, found)
            _account_columns(grid, found, ctx)
            _check_order(ctx)
            rows.extend(ctx.rows)
            assert sheet_report.accounted, sheet_report
    finally:
        workbook.close()
    if not any(s.shape for s in report.sheets) and not problems:
        why = "; ".join(f"{s.sheet}: {s.reason}" for s in report.sheets)
        problems.append(
            Problem(
                name,
                f"no sheet holds a plan (a Gantt grid, an action log or a milestone plan): {why}",
            )
        )
    if problems:
        raise ValidationError(problems)
    return PlanLoad(tasks=_tasks_frame(rows), report=report)


EXCLUDED = "excluded by the mapping file"


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


def _count_top(ctx: _Context, first: int, body: int) -> None:
    """Count the rows above a plan's body: titles above the header row ``first``, header
    rows from it to ``body`` (0-based), and rows the mapping file excluded among them."""
    title = sum(1 for r in range(first) if r not in ctx.excluded)
    header = sum(1 for r in range(first, body) if r not in ctx.excluded)
    for outcome, n in (("title", title), ("header", header), (EXCLUDED, body - title - header)):
        if n:
            ctx.report.rows[outcome] += n


_A_SHAPE = {GANTT: "a Gantt grid", ACTION_LOG: "an action log", MILESTONES: "a milestone plan"}


def plan_mapping_text(
    path: str | Path, sheet: str | None = None, mapping: str | Path | PlanMapping | None = None
) -> str | None:
    """How the first sheet holding a plan (or ``sheet``) is read, as a plan mapping file
    (YAML) that reads it the same way: its sheet, header row and each column the reader
    gives a field the mapping can name; the time axis and rows to leave out as comments to
    fill in. ``None`` when no sheet holds a plan (``inspect --write-mapping``).

    Raises:
        WorkbookError: the file cannot be opened or has no such sheet.
        ConfigError: ``mapping`` is malformed.
    """
    import yaml

    from . import tabular

    path = Path(path)
    if mapping is not None and not isinstance(mapping, PlanMapping):
        mapping = read_plan_mapping(mapping)
    sheet = sheet if sheet is not None else (mapping.sheet if mapping else None)
    values_only = path.suffix.lower() in tabular.SUFFIXES
    workbook = tabular.open_book(path) if values_only else open_workbook(path)
    try:
        titles = workbook.sheetnames
        if sheet is not None and sheet not in titles:
            raise WorkbookError(
                Problem(path.name, f"no sheet {sheet!r} (sheets: {', '.join(titles)})")
            )
        for title in [sheet] if sheet is not None else titles:
            grid = (
                _values_grid(workbook, title)
                if values_only
                else _xlsx_grid(workbook, path.name, title)
            )
            if grid is None:
                continue
            _exclude(grid, mapping)
            found = classify_grid(grid, mapping, f"{path.name}!{title}")
            if found.shape is not None:
                break
        else:
            return None
    finally:
        workbook.close()
    names = {field_: column for column, field_ in MAPPING_FIELDS.items()}
    shown = Counter(norm(c.shown) for c in found.header.cells)
    columns = {}
    for role, index in sorted(found.header.roles.items(), key=lambda kv: kv[1]):
        cell = next((c for c in found.header.cells if c.column - 1 == index), None)
        if role in names and cell is not None and shown[norm(cell.shown)] == 1:
            columns[cell.shown] = names[role]
    spec = {"sheet": title, "header_row": found.header.first + 1, "columns": columns}
    head = (
        f"# How {path.name}!{title} is read: {_A_SHAPE[found.shape]} ({found.reason}).\n"
        "# Correct a line and pass this file back with `plan --mapping`; 'ignore' leaves a "
        "column out.\n# Columns not named here are read by their headers again.\n"
    )
    tail = (
        "# time_axis: {start: 2025-04-07}  # the day the first week or month column starts\n"
        "# time_axis: {iso_weeks: 2025}    # or: week numbers are ISO weeks of that year\n"
        "# exclude_rows: [30-45]           # sheet rows not to read (each is reported)\n"
    )
    return head + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True) + tail


def _xlsx_grid(workbook, name: str, title: str) -> _Grid | None:
    """A worksheet's values, fills and merges (``None`` for a chart sheet)."""
    ws = workbook[title]
    if not hasattr(ws, "iter_rows"):
        return None
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some writers record wrong dimensions
    return _read_sheet(ws, name, title)


def _values_grid(book, title: str) -> _Grid | None:
    """A CSV export or an .xls/.xlsb/.ods sheet (:mod:`.tabular`): values and merges, no
    fills (an action log or milestone plan reads whole; a Gantt only where its bars are
    marked "x", not painted)."""
    found = book.rows(title)
    if found is None:
        return None
    values = [list(v) for _, v, _ in found]
    while values and all(v is None for v in values[-1]):
        values.pop()
    return _Grid(
        values, [[None] * len(v) for v in values], [False] * len(values), book.merges(title)
    )


def _tasks_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    fallback = frame["sheet"].astype(str) + "!" + frame[Task.source].str.rsplit("!", n=1).str[-1]
    # a row's own item number is its task_id; a row with none (or one used twice) is known
    # by its sheet and row
    ids = frame[Task.task_id]
    frame[Task.task_id] = ids.where(ids.notna() & ~ids.duplicated(keep=False), fallback)
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


XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class PlanFiles:
    """The files of a data folder's ``plans/``: those read as plans, and a line for each
    other file saying why it is not read (:func:`plan_files`)."""

    read: list[Path] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def plan_files(folder: str | Path) -> PlanFiles:
    """Every file in a plans folder, by name: workbooks and exports the plan reader opens
    (``.xlsx``, ``.xlsm``; ``.xls``, ``.xlsb``, ``.ods``, ``.csv``, ``.txt`` through
    :mod:`.tabular`) are read; any other file, a sub-folder, or Excel's lock file of a
    workbook open in Excel (``~$name.xlsx``) is named with the reason it is not read, never
    passed over in silence. Hidden files (a name starting ".", as ``.DS_Store``) are the
    system's, not a user's, and are not named.

    >>> plan_files("no/such/folder")
    PlanFiles(read=[], left_out=[])
    """
    from . import tabular

    folder = Path(folder)
    found = PlanFiles()
    if not folder.is_dir():
        return found
    readable = XLSX_SUFFIXES + tabular.SUFFIXES
    for path in sorted(folder.iterdir()):
        name, suffix = path.name, path.suffix.lower()
        if name.startswith("."):
            continue
        if path.is_dir():
            found.left_out.append(f"{name}: a folder, not read (plans are read from plans/ itself)")
        elif name.startswith("~$"):
            found.left_out.append(
                f"{name}: Excel's lock file of a workbook open in Excel, not read (the "
                f"workbook itself is; unsaved changes in Excel are not)"
            )
        elif suffix in readable:
            found.read.append(path)
        elif suffix in (".mpp", ".mpt"):
            found.left_out.append(
                f"{name}: an MS Project file, not read: save it from MS Project as Excel or "
                f"CSV (File > Save As) into plans/"
            )
        else:
            found.left_out.append(
                f"{name}: not read: plans are read from {', '.join(readable)} files"
            )
    return found


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


def load_plans(paths: list[Path]) -> PlanLoad:
    """Every plan in ``paths`` in one tasks table (``plan`` column = file stem), reports
    joined; problems of all files raised together."""
    frames, reports, problems = [], [], []
    for path in paths:
        try:
            load = load_plan(path)
        except ValidationError as error:
            problems.extend(error.problems)
            continue
        frames.append(load.tasks)
        reports.append(load.report)
    if problems:
        raise ValidationError(problems)
    report = PlanReport(
        file=", ".join(r.file for r in reports),
        sheets=[s for r in reports for s in r.sheets],
    )
    if not frames:
        return PlanLoad(pd.DataFrame(columns=list(COLUMNS)), report)
    tasks = pd.concat(frames, ignore_index=True)
    tasks[Task.task_id] = tasks["plan"] + ":" + tasks[Task.task_id]
    return PlanLoad(tasks, report)
