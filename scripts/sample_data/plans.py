"""Sample project plans for the fictional NHS Northfield ICB, 2026/27, as analysts keep them.

Writes to ``<out_dir>/plans/``:

* ``community_services_gantt_v1.xlsx``: a Gantt grid (weeks commencing 7 September to
  28 December 2026, then months January to June with no year, so the year carries over from
  December), bars painted as fills, section headings, a lead-only row, a colour legend
  ("Resource coding structure"), file refs of a register scheme;
* ``community_services_gantt_v2.xlsx``: the same plan a month later, with slippage (discharge
  to assess now commences in March 2027 instead of December 2026, care home support in March
  instead of January, falls prevention a week earlier), one task added, one removed;
* ``integration_action_log.xlsx``: an action log with free-text due dates;
* ``transition_milestones.xlsx``: a milestone plan with bulleted deliverables.

Schemes of the sample register (scripts/sample_data/register.py) the plans belong to:
``QIPP-26-009`` discharge to assess (file ref on its tasks), ``QIPP-26-018`` out of area
placements (file ref on the milestones), and two schemes the register gives no file ref, linked
by their names as the plan's workstream headings: 5 falls prevention and community rehab,
10 care home enhanced support. Deterministic: no randomness.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

D = dt.date
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)

TEAMS = {  # team -> fill colour (RGB)
    "Commissioning": "9DC3E6",
    "Contracts & procurement": "F4B183",
    "Finance": "A9D18E",
    "Provider": "C9A0DC",
    "PMO": "BFBFBF",
}

WEEKS = [D(2026, 9, 7) + dt.timedelta(weeks=k) for k in range(17)]  # to w/c 28 Dec 2026
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]  # 2027, year left for the reader
MONTH_STARTS = [D(2027, m, 1) for m in range(1, 7)]

# (section, [(id, task, lead, team, file ref, start, end, status)]) or a lead-only row "LEAD".
GANTT_V1 = [
    (
        "1. Governance and mobilisation",
        [
            (
                "1.1",
                "Project board established",
                "A. Patel",
                "PMO",
                None,
                D(2026, 9, 7),
                D(2026, 9, 27),
                "Complete",
            ),
            (
                "1.2",
                "Business case approved",
                "S. Okafor",
                "Finance",
                None,
                D(2026, 9, 21),
                D(2026, 10, 18),
                "Complete",
            ),
            "R. Hughes",  # a lead under the heading, no task
        ],
    ),
    (
        "2. Discharge to assess pathway",
        [
            (
                "2.1",
                "Service specification",
                "J. Moore",
                "Commissioning",
                "QIPP-26-009",
                D(2026, 10, 5),
                D(2026, 11, 1),
                "Complete",
            ),
            (
                "2.2",
                "Procurement of step-down beds",
                "L. Evans",
                "Contracts & procurement",
                "QIPP-26-009",
                D(2026, 10, 26),
                D(2026, 11, 22),
                None,
            ),
            (
                "2.3",
                "Recruitment of discharge coordinators",
                "Provider lead",
                "Provider",
                "QIPP-26-009",
                D(2026, 11, 9),
                D(2026, 12, 6),
                None,
            ),
            (
                "2.4",
                "Commencement of service",
                "J. Moore",
                "Provider",
                "QIPP-26-009",
                D(2026, 12, 7),
                D(2026, 12, 20),
                None,
            ),
        ],
    ),
    (
        "3. Falls prevention and community rehab",
        [  # no file refs: linked by scheme name
            (
                "3.1",
                "Pathway design",
                "K. Singh",
                "Commissioning",
                None,
                D(2026, 9, 14),
                D(2026, 10, 11),
                None,
            ),  # not marked complete: overdue
            (
                "3.2",
                "Training of care home staff",
                "Provider lead",
                "Provider",
                None,
                D(2026, 10, 12),
                D(2026, 11, 22),
                None,
            ),
            (
                "3.3",
                "Commencement of service",
                "K. Singh",
                "Provider",
                None,
                D(2026, 11, 30),
                D(2026, 12, 6),
                None,
            ),
        ],
    ),
    (
        "4. Care home enhanced support",
        [
            (
                "4.1",
                "Clinical model agreed",
                "Dr M. Shah",
                "Commissioning",
                None,
                D(2026, 10, 19),
                D(2026, 11, 15),
                None,
            ),
            (
                "4.2",
                "Care home liaison team recruited",
                "Provider lead",
                "Provider",
                None,
                D(2026, 11, 16),
                D(2026, 12, 27),
                None,
            ),
            (
                "4.3",
                "Commencement of service",
                "Dr M. Shah",
                "Provider",
                None,
                D(2027, 1, 1),
                D(2027, 1, 31),
                None,
            ),
        ],
    ),
    (
        "5. Evaluation",
        [
            (
                "5.1",
                "Benefits realisation review",
                "S. Okafor",
                "Finance",
                None,
                D(2027, 3, 1),
                D(2027, 4, 30),
                None,
            ),
            (
                "5.2",
                "Post-implementation review",
                "A. Patel",
                "PMO",
                None,
                D(2027, 5, 1),
                D(2027, 6, 30),
                None,
            ),
        ],
    ),
]


def _v2() -> list:
    """Version 2 (19 October 2026): slippage, one task added, one removed."""
    moves = {  # id -> (start, end)
        "2.2": (D(2026, 10, 26), D(2026, 12, 20)),  # procurement four weeks late
        "2.3": (D(2026, 12, 7), D(2027, 2, 28)),
        "2.4": (D(2027, 3, 1), D(2027, 3, 31)),  # discharge to assess: December -> March
        "3.3": (D(2026, 11, 23), D(2026, 11, 29)),  # falls: a week earlier (November)
        "4.3": (D(2027, 3, 1), D(2027, 3, 31)),  # care homes: January -> March
    }
    plan = []
    for section, rows in GANTT_V1:
        new_rows = []
        for row in rows:
            if isinstance(row, str):
                new_rows.append(row)
                continue
            if row[0] == "4.1":  # folded into 4.2
                continue
            if row[0] in moves:
                row = row[:5] + moves[row[0]] + row[7:]
            if row[0] == "2.1":
                row = row[:7] + ("Complete",)
            new_rows.append(row)
            if row[0] == "2.2":
                new_rows.append(
                    (
                        "2.2a",
                        "Mobilisation workshop with provider",
                        "J. Moore",
                        "Commissioning",
                        "QIPP-26-009",
                        D(2027, 1, 1),
                        D(2027, 1, 31),
                        None,
                    )
                )
        plan.append((section, new_rows))
    return plan


def _workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "NHS Northfield ICB PMO"
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 10, 19, 9, 0)
    return wb


def _save(wb: Workbook, path: Path) -> Path:
    """Save with fixed zip timestamps, so regenerating gives byte-identical files."""
    buffer = io.BytesIO()
    wb.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(2026, 10, 19, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "modified" with now
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-10-19T09:00:00Z", data
                )
            target.writestr(fixed, data)
    return path


def _write_gantt(path: Path, plan: list, version: str) -> Path:
    wb = _workbook()
    ws = wb.active
    ws.title = "Gantt"
    ws["A1"] = "NHS Northfield ICB: community services redesign, project plan 2026/27"
    ws["A1"].font = TITLE
    ws["A2"] = version
    first_axis = 6  # column F
    labels = ["ID", "Task", "Lead", "File ref", "Status"]
    for c, label in enumerate(labels, start=1):
        ws.cell(4, c, label).font = BOLD
    previous_month = None
    for k, week in enumerate(WEEKS):
        column = first_axis + k
        if week.month != previous_month:  # month group labels over the weeks
            ws.cell(3, column, week.strftime("%b")).font = BOLD
            previous_month = week.month
        cell = ws.cell(4, column, week)
        cell.number_format = "dd/mm/yy"
        cell.alignment = Alignment(text_rotation=90)
        ws.column_dimensions[cell.column_letter].width = 3.5
    ws.cell(3, first_axis + len(WEEKS), "Months").font = BOLD
    for k, label in enumerate(MONTHS):
        cell = ws.cell(4, first_axis + len(WEEKS) + k, label)
        cell.font = BOLD
        ws.column_dimensions[cell.column_letter].width = 5
    periods = [(w, w + dt.timedelta(days=6)) for w in WEEKS] + [
        (m, (D(m.year + (m.month == 12), m.month % 12 + 1, 1) - dt.timedelta(days=1)))
        for m in MONTH_STARTS
    ]
    ws.column_dimensions["B"].width = 38
    ws.column_dimensions["C"].width = 14
    row = 5
    for section, tasks in plan:
        ws.cell(row, 1, section).font = BOLD
        row += 1
        for task in tasks:
            if isinstance(task, str):
                ws.cell(row, 3, task)
                row += 1
                continue
            ident, name, lead, team, ref, start, end, status = task
            for c, value in enumerate((ident, name, lead, ref, status), start=1):
                if value is not None:
                    ws.cell(row, c, value)
            fill = PatternFill("solid", fgColor=TEAMS[team])
            for k, (p_start, p_end) in enumerate(periods):
                middle = (
                    p_start + (p_end - p_start) / 2
                )  # paint a period whose middle the task covers
                if start <= middle <= end:
                    ws.cell(row, first_axis + k).fill = fill
            row += 1
        row += 1  # a blank row between sections
    row += 1
    ws.cell(row, 2, "Resource coding structure").font = BOLD
    for team, colour in TEAMS.items():
        row += 1
        ws.cell(row, 2, team)
        ws.cell(row, 3).fill = PatternFill("solid", fgColor=colour)
    # legend: the team name sits left of its colour; the reader looks either side
    return _save(wb, path)


ACTIONS = [
    (
        "Governance",
        [
            ("1", "Agree terms of reference for the integration board", "Chair", "Complete", None),
            (
                "2",
                "Confirm section 75 pooled budget contributions",
                "S. Okafor",
                "Dec 26",
                "In progress",
            ),
            (
                "3",
                "Report progress to the health and wellbeing board",
                "A. Patel",
                "March Meeting",
                None,
            ),
            ("4", "Risk register reviewed monthly", "PMO", "Ongoing", None),
        ],
    ),
    (
        "Workforce",
        [
            ("5", "Joint workforce plan for community teams", "HR lead", "Feb & March 27", None),
            (
                "6",
                "Single line management of integrated teams",
                "R. Hughes",
                "April – May 2027",
                None,
            ),
            ("7", "Staff side consultation", "HR lead", "Agreed", "Complete"),
            ("8", "Training needs analysis", "Provider lead", "Oct 26", None),
            ("8a", "Appoint integrated care programme director", "HR lead", "Aug & Sept 26", None),
        ],
    ),
    (
        "Estates and digital",
        [
            ("9", "Co-location of teams at Northfield health centre", "Estates", "Jan 27", None),
            (
                "10",
                "Shared care record access for social workers",
                "Digital",
                D(2026, 11, 13),
                None,
            ),
            ("11", "Options for a single point of access", "J. Moore", "TBC", None),
            ("12", "Review of equipment service contract", "L. Evans", "Q4 2026/27", None),
            ("13", "Data sharing agreement signed", "IG lead", "w/c 2 Nov 26", None),
        ],
    ),
]


def _write_action_log(path: Path) -> Path:
    wb = _workbook()
    ws = wb.active
    ws.title = "Action log"
    ws["A1"] = "Health and social care integration programme: action log"
    ws["A1"].font = TITLE
    ws["A2"] = "Updated 14 October 2026"
    for c, label in enumerate(("No", "Action", "Lead", "Due", "Status"), start=1):
        ws.cell(4, c, label).font = BOLD
    row = 5
    for section, actions in ACTIONS:
        ws.cell(row, 2, section).font = BOLD
        row += 1
        for action in actions:
            for c, value in enumerate(action, start=1):
                if value is not None:
                    cell = ws.cell(row, c, value)
                    if isinstance(value, D):
                        cell.number_format = "dd/mm/yyyy"
            row += 1
    ws.column_dimensions["B"].width = 55
    ws.column_dimensions["D"].width = 18
    return _save(wb, path)


MILESTONES = [
    (
        "Stage 1: Case for change",
        D(2026, 6, 30),
        "• Case for change\n• Stakeholder engagement report",
        "A. Patel",
        "Complete",
        None,
    ),
    (
        "Stage 2: Options appraisal",
        D(2026, 9, 30),
        "• Long list of options\n• Shortlist with scoring\n• Preferred option to board",
        "S. Okafor",
        None,
        None,
    ),  # not signed off: red at the end of October
    (
        "Stage 3: Provider engagement",
        "Nov 26",
        "• Market engagement event\n• Provider capacity assessment",
        "J. Moore",
        None,
        None,
    ),
    (None, None, "• Engagement report to the programme board", None, None, None),
    (
        "Stage 4: Procurement of local placements",
        D(2027, 1, 31),
        "• Invitation to tender\n• Evaluation and award\n• Contract signed",
        "L. Evans",
        None,
        "QIPP-26-018",
    ),
    (
        "Stage 5: Transition of patients",
        "Feb 27",
        "• Individual transition plans\n• Family communication\n• Care coordinator handover",
        "R. Hughes",
        None,
        "QIPP-26-018",
    ),
    (
        "Stage 6: Commencement of service",
        D(2027, 3, 31),
        "• Local placements in use\n• First month activity report",
        "R. Hughes",
        None,
        "QIPP-26-018",
    ),
]


def _write_milestones(path: Path) -> Path:
    wb = _workbook()
    ws = wb.active
    ws.title = "Milestones"
    ws["A1"] = "Out of area placements repatriation: transition plan 2026/27"
    ws["A1"].font = TITLE
    headers = ("Stage", "Milestone date", "Deliverables", "Lead", "Status", "File ref")
    for c, label in enumerate(headers, start=1):
        ws.cell(3, c, label).font = BOLD
    for r, milestone in enumerate(MILESTONES, start=4):
        for c, value in enumerate(milestone, start=1):
            if value is not None:
                cell = ws.cell(r, c, value)
                if isinstance(value, D):
                    cell.number_format = "dd/mm/yyyy"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["C"].width = 45
    return _save(wb, path)


def write(out_dir: Path) -> list[Path]:
    """Write the sample plans into ``out_dir/plans/``; returns the paths written."""
    folder = Path(out_dir) / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    return [
        _write_gantt(
            folder / "community_services_gantt_v1.xlsx", GANTT_V1, "Version 1, 14 September 2026"
        ),
        _write_gantt(
            folder / "community_services_gantt_v2.xlsx", _v2(), "Version 2, 19 October 2026"
        ),
        _write_action_log(folder / "integration_action_log.xlsx"),
        _write_milestones(folder / "transition_milestones.xlsx"),
    ]
