"""The public entry points: a plan workbook read into the tasks table with its report, several plans
at once, and a mapping file written from a reading."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import yaml

from ...errors import Problem, ValidationError, WorkbookError
from ...schema import TASK_SCHEMA, Task
from .. import tabular
from ..filememo import by_file
from ..headers import (
    norm,
)
from ..workbook import open_workbook, theme_colours
from .action_log import _read_action_log
from .classify import classify_grid
from .columns import _account_columns, _check_order, _exclude, _month_first
from .fields import ACTION_LOG, COLUMNS, GANTT, MILESTONES
from .gantt import _read_gantt
from .grid import _values_grid, _xlsx_grid
from .mapping import MAPPING_FIELDS, PlanMapping, read_plan_mapping
from .milestones import _read_milestones
from .report import PlanLoad, PlanReport, SheetReport
from .rows import _Context

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
