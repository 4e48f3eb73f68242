"""The milestone-plan reader: stages with a date and their deliverables (a cell may hold a bulleted
list)."""

from __future__ import annotations

import datetime as dt
import re

from ..plan_dates import (
    parse_due,
)
from .classify import Classification
from .fields import _BULLET, MILESTONES
from .grid import _cell, _fy_hint, _Grid, _state, _title_date
from .rows import _check_date, _Context, _count_top, _repeats_header, _revised


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
