"""The action-log reader (and the exports of project tools): action, lead and a free-text due date;
the outline of summary tasks as sections."""

from __future__ import annotations

import datetime as dt
import re

from openpyxl.utils import get_column_letter

from ..headers import (
    norm,
)
from ..plan_dates import (
    parse_due,
)
from .classify import Classification, _Header
from .fields import _STATE_NAMES, ACTION_LOG
from .grid import _cell, _fy_hint, _Grid, _state, _title_date
from .rows import (
    _check_date,
    _Context,
    _count_top,
    _heading_text,
    _in_range,
    _is_parent,
    _next_ident,
    _own_date,
    _repeats_header,
    _revised,
)


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
