"""Which shape a sheet is (Gantt grid, action log, milestone plan) and its header: the evidence
behind the choice."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ..headers import (
    HeaderCell,
    _best,
    assign,
    header_cells,
    header_evidence,
    header_year,
    is_header_like,
    mapping_columns,
    norm,
)
from .axis import _Axis, _find_axis, _unshade
from .fields import _HEADER_SCAN_ROWS, _ROLE_NAMES, ACTION_LOG, GANTT, MILESTONES, PLAN_FIELDS
from .grid import _cell, _Grid, _marked, _read_grid, _values_grid
from .mapping import PlanMapping


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
