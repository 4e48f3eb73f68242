"""The Gantt reader: bars painted as cell fills over the time axis, sections from heading rows,
teams from a colour legend."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from openpyxl.utils import get_column_letter

from ...errors import Problem
from ..plan_dates import (
    AxisProblem,
    AxisToken,
    resolve_axis,
)
from .axis import _place_week_numbers
from .classify import Classification
from .fields import _LEGEND_TITLE, GANTT
from .grid import _cell, _fy_hint, _Grid, _marked, _state, _title_date
from .rows import (
    _Context,
    _count_top,
    _heading_text,
    _is_parent,
    _next_ident,
    _own_date,
    _repeats_header,
)


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
