"""A corpus of project-plan layouts as commissioners, councils and PMOs keep them, built in tests.

Each shape is a function ``build(folder) -> Path`` that writes one small plan workbook into a
temporary folder (nothing but this script is committed) and carries what a reader must find in
it (:class:`Expected`): the kind ``inspect`` names, how many tasks, and a few tasks whose item
number, work area, lead and dates can be checked by hand from the comments beside them. The
shapes are modelled on the layouts of public plans (the wording varies; none copies one):

* health and social care **integration plans** of CCGs and councils (Better Care Fund and
  integration programme implementation plans in Health and Wellbeing Board papers): an item
  number column ("Item": 1, 1.1, 1.2 ...) beside a separate activity column, numbered section
  rows, a lead named on its own row under a section heading, un-numbered sub-activities;
* **Excel Gantt templates** used by PMOs: week-commencing dates across the top, bars painted in
  the colour of the team that owns them and a colour key beside the grid ("Key", "Resource
  coding structure");
* **Gantts over month names** ("April" ... "March") under a financial-year title, bars marked
  with an "x" rather than painted; and **mobilisation plans over numbered months**
  ("Month 1" ... "Month 12" of a service contract, here counted from April of the year named
  in the title);
* governing-body and programme-board **action logs** (agenda item "Action log"): action
  number, date raised, action, owner, a free-text due date ("Feb & March 08", "April Board",
  "Ongoing"), status and update;
* **milestone plans** of ICS development and transition plans: milestone, target date
  (a quarter of a financial year, a month), RAG, owner, key deliverables;
* **PMO RAID logs** (risks, actions, issues, decisions, one tab each: ID, description, owner,
  date raised, due date, status, RAG, comments; raidlog.com and public PMO templates): the
  Actions tab is a plan, the Risks tab is not;
* **programme trackers** (a work area column, reference, task, lead, start and end dates,
  % complete, RAG);
* **quarterly roadmaps** of STP and ICS programmes ("Q1" ... "Q4" under a financial-year
  title, two years across, bars painted);
* **Microsoft Project exports** to Excel (ID, Task Name, Duration, Start, Finish,
  Predecessors, Resource Names; dates written as text with the weekday, "Mon 05/10/15").

Shapes 11-20 were written as an outsider would bring them (issue 9: "plans in shapes outside
the corpus"), each from a kind of published plan the first ten do not cover: council
transformation Gantts with calendar years merged over months and theme-tinted or hatched bars;
weekly templates with month names merged over Mondays' day numbers, a task column merged over
two columns and hidden rows and columns; ICB board action logs with due dates as minute-takers
write them; milestone trackers with Baseline / Forecast / Actual dates; strategy implementation
plans with RACI columns; joint forward plan annexes with financial years merged over quarters
and their own Start/End dates; Excel templates over "Week 1" ... from a project start date with
pattern-filled bars; winter plans over "w/c 25/11" text weeks with an organisation colour key;
delivery plans with timescales in words ("H2 2024/25", "2025/26"); PMO action logs with a
two-row header ("Dates" over Raised / Target / Completed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

BOLD = Font(bold=True)
D = dt.datetime


@dataclass
class Expected:
    """What a reader must find in a corpus plan.

    Attributes:
        kind: what ``classify_plan_sheet`` names the plan's sheet.
        sheet: the plan's sheet.
        as_of: the reporting date the plan is read as of.
        n_tasks: tasks read (every sheet).
        tasks: task name -> {column: value}; dates as ``YYYY-MM-DD``, others as text.
        not_plans: sheets of the workbook that hold no plan (kind ``None``).
        names: every task name the plan holds, in order, where the test checks them all.
    """

    kind: str
    sheet: str
    as_of: str
    n_tasks: int
    tasks: dict[str, dict]
    not_plans: tuple[str, ...] = ()
    names: list[str] = field(default_factory=list)


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


def _table(ws, first_row: int, headers: list[str], rows: list[tuple]) -> None:
    """A header row at ``first_row`` and the rows under it (``None`` cells left blank)."""
    for c, label in enumerate(headers, start=1):
        ws.cell(first_row, c, label)
    for r, values in enumerate(rows, start=first_row + 1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)


# --- 1. integration plan: item numbers beside activities -----------------------------------

MONTHS_15 = [
    "Apr-15",
    "May-15",
    "Jun-15",
    "Jul-15",
    "Aug-15",
    "Sep-15",
    "Oct-15",
    "Nov-15",
    "Dec-15",
    "Jan-16",
    "Feb-16",
    "Mar-16",
]
GREY = "D9D9D9"
BAR = "8EB4E3"

# (item, activity, lead, first month index, last month index); a section is
# ("1", "heading", lead-of-section or None, None, None); "LEAD" rows name the section lead.
INTEGRATION = [
    ("1", "Governance and leadership", None, None, None),
    ("LEAD", "Director of Integration"),
    ("1.1", "Establish integration programme board", "Programme Director", 0, 0),
    ("1.2", "Agree terms of reference", None, 0, 1),  # no lead: the section's
    (None, "Confirm membership with partners", None, 1, 1),
    ("1.3", "Section 75 agreement signed", "Head of Legal", 1, 3),
    (None, "Pooled budget hosted by the council", "Chief Finance Officer", 2, 3),
    ("1.4", "Risk share agreed", "Chief Finance Officer", 3, 4),
    ("2", "Integrated locality teams", None, None, None),
    ("LEAD", "Head of Community Services"),
    ("2.1", "Map current community teams", "Service Manager", 0, 1),
    ("2.2", "Design locality team model", "Clinical Lead", 1, 3),
    (None, "Engage GP practices in each locality", "Clinical Lead", 2, 4),
    (None, "Staff briefings", None, 3, 3),
    ("2.3", "Co-locate teams in three localities", "Estates Lead", 4, 7),
    ("2.4", "Single assessment process live", "Head of Community Services", 6, 8),
    (None, "Evaluate first locality", "Public Health", 8, 9),
    ("2.5", "Locality team dashboards", "Information Lead", 7, 9),
    ("3", "Seven-day services", None, None, None),
    ("3.1", "Demand and capacity review", "Information Lead", 0, 2),
    ("3.2", "Weekend social work rota", "Head of Adult Social Care", 3, 5),
    (None, "Consult staff on rota changes", "HR Business Partner", 3, 4),
    ("3.3", "Weekend discharge team live", "Head of Adult Social Care", 6, 6),
    ("4", "Data sharing and IT", None, None, None),
    ("LEAD", "Chief Information Officer"),
    ("4.1", "NHS number as primary identifier", "Information Lead", 0, 3),
    ("4.2", "Information sharing agreement", "Caldicott Guardian", 1, 2),
    (None, "Privacy impact assessment", "IG Manager", 1, 1),
    ("4.3", "Shared care record pilot", None, 5, 9),
    (None, "Roll out to all localities", None, 9, 11),
    ("5", "Reablement and intermediate care", None, None, None),
    ("5.1", "Review reablement capacity", "Commissioning Manager", 0, 1),
    ("5.2", "Procure additional reablement hours", "Procurement Lead", 2, 5),
    (None, "Mobilise new provider", "Commissioning Manager", 6, 7),
    ("5.3", "Step-up beds commissioned", "Commissioning Manager", 5, 8),
    ("5.4", "Evaluate impact on admissions", "Public Health", 9, 11),
    (None, "Report to Health and Wellbeing Board", "Director of Integration", 11, 11),
]


def integration_plan(folder: Path) -> Path:
    """Integration programme plan 2015/16: Item | Activity | Lead | Apr-15 ... Mar-16.

    Section rows carry a whole number and a heading in bold over a grey band; a row with only
    a lead under the heading leads the section; sub-activities have no number. 29 tasks: every
    row with an activity except the five section headings.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Implementation plan"
    ws["A1"] = "Health and social care integration programme: implementation plan 2015/16"
    ws["A1"].font = Font(bold=True, size=14)
    ws["D2"] = "2015/16"
    for c, label in enumerate(["Item", "Activity", "Lead"] + MONTHS_15, start=1):
        ws.cell(3, c, label).font = BOLD
    row = 4
    for entry in INTEGRATION:
        if entry[0] == "LEAD":
            ws.cell(row, 3, entry[1])
        else:
            item, activity, lead, first, last = entry
            if item is not None:
                # Excel keeps "1.1" typed in a cell as the number 1.1; "1" as 1
                ws.cell(row, 1, float(item) if "." in item else int(item))
            ws.cell(row, 2, activity)
            if lead:
                ws.cell(row, 3, lead)
            if first is None:  # a section heading: bold, a grey band across the row
                for c in range(1, 4 + len(MONTHS_15)):
                    ws.cell(row, c).fill = _fill(GREY)
                    ws.cell(row, c).font = BOLD
            else:
                for k in range(first, last + 1):
                    ws.cell(row, 4 + k).fill = _fill(BAR)
        row += 1
    path = folder / "integration_plan_2015-16.xlsx"
    wb.save(path)
    return path


INTEGRATION_TASKS = [e[1] for e in INTEGRATION if e[0] != "LEAD" and e[3] is not None]

INTEGRATION_EXPECTED = Expected(
    kind="gantt",
    sheet="Implementation plan",
    as_of="2015-09-30",
    n_tasks=29,
    names=INTEGRATION_TASKS,
    tasks={
        # item 1.1, April 2015 only
        "Establish integration programme board": {
            "task_id": "1.1",
            "section": "Governance and leadership",
            "lead": "Programme Director",
            "start": "2015-04-01",
            "end": "2015-04-30",
        },
        # no lead of its own: the lead named under the section heading
        "Agree terms of reference": {
            "task_id": "1.2",
            "lead": "Director of Integration",
            "start": "2015-04-01",
            "end": "2015-05-31",
        },
        # no item number: still a task, May 2015
        "Confirm membership with partners": {
            "section": "Governance and leadership",
            "start": "2015-05-01",
            "end": "2015-05-31",
        },
        # May to July 2015
        "Design locality team model": {
            "task_id": "2.2",
            "section": "Integrated locality teams",
            "start": "2015-05-01",
            "end": "2015-07-31",
        },
        # section 3 names no lead: a task without one keeps none
        "Weekend discharge team live": {
            "task_id": "3.3",
            "section": "Seven-day services",
            "start": "2015-10-01",
            "end": "2015-10-31",
        },
        # section 4's lead, September 2015 to January 2016
        "Shared care record pilot": {
            "task_id": "4.3",
            "lead": "Chief Information Officer",
            "start": "2015-09-01",
            "end": "2016-01-31",
        },
        # the last row: March 2016
        "Report to Health and Wellbeing Board": {
            "section": "Reablement and intermediate care",
            "lead": "Director of Integration",
            "start": "2016-03-01",
            "end": "2016-03-31",
        },
    },
)


# --- 2. weekly Gantt with a team colour key --------------------------------------------------

TEAM_KEY = {
    "Commissioning": "4F81BD",
    "Finance": "9BBB59",
    "Provider": "F79646",
    "Clinical": "8064A2",
}


def weekly_gantt(folder: Path) -> Path:
    """PMO Gantt template: No | Task | Owner | w/c 05/10/2015 ... (10 weeks), team key right.

    Dates are real dates in the header row, one a week (Mondays); bars painted in the team's
    colour; a "Key" block to the right of the grid names the colours.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Gantt"
    ws["A1"] = "Community IV therapy: project plan"
    ws["A2"] = "Week commencing"
    weeks = [D(2015, 10, 5) + dt.timedelta(weeks=k) for k in range(10)]
    for c, label in enumerate(["No", "Task", "Owner"] + weeks, start=1):
        ws.cell(3, c, label)
        if isinstance(label, dt.datetime):
            ws.cell(3, c).number_format = "dd/mm/yy"
    tasks = [  # no, task, owner, team, first week, last week
        (1, "Business case signed off", "CFO", "Finance", 0, 1),
        (2, "Service specification", "J Patel", "Commissioning", 1, 3),
        (3, "Clinical protocols", "Dr A Khan", "Clinical", 2, 5),
        (4, "Recruit IV nurses", "Provider manager", "Provider", 3, 7),
        (5, "Go live", "J Patel", "Provider", 8, 9),
    ]
    for r, (no, task, owner, team, first, last) in enumerate(tasks, start=4):
        ws.cell(r, 1, no)
        ws.cell(r, 2, task)
        ws.cell(r, 3, owner)
        for k in range(first, last + 1):
            ws.cell(r, 4 + k).fill = _fill(TEAM_KEY[team])
    ws.cell(3, 16, "Key").font = BOLD
    for r, (team, colour) in enumerate(TEAM_KEY.items(), start=4):
        ws.cell(r, 16).fill = _fill(colour)
        ws.cell(r, 17, team)
    path = folder / "iv_therapy_gantt.xlsx"
    wb.save(path)
    return path


WEEKLY_EXPECTED = Expected(
    kind="gantt",
    sheet="Gantt",
    as_of="2015-10-31",
    n_tasks=5,
    tasks={
        # w/c Mon 5 Oct and w/c 12 Oct 2015: 5 to 18 October
        "Business case signed off": {
            "task_id": "1",
            "start": "2015-10-05",
            "end": "2015-10-18",
            "team": "Finance",
            "colour": "#9BBB59",
        },
        # weeks 3-6: w/c 19 Oct to the Sunday after w/c 9 Nov = 15 November 2015
        "Clinical protocols": {"start": "2015-10-19", "end": "2015-11-15", "team": "Clinical"},
        # weeks 9-10: w/c 30 Nov to Sunday 13 December 2015
        "Go live": {
            "lead": "J Patel",
            "start": "2015-11-30",
            "end": "2015-12-13",
            "team": "Provider",
        },
    },
)


# --- 3. month names under a financial-year title, bars marked "x" ---------------------------


def month_name_gantt(folder: Path) -> Path:
    """Programme plan 2016/17: Ref | Key task | Responsible | April ... March, bars as "x"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan 2016-17"
    ws["A1"] = "Urgent care redesign: delivery plan 2016/17"
    names = [
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "January",
        "February",
        "March",
    ]
    for c, label in enumerate(["Ref", "Key task", "Responsible"] + names, start=1):
        ws.cell(3, c, label)
    rows = [
        ("Workstream A: NHS 111", None, None, ()),
        ("A1", "Re-procure 111 service", "Head of Contracts", range(0, 6)),
        ("A2", "Integrate GP out of hours", "Urgent Care Lead", range(5, 9)),
        ("Workstream B: urgent treatment centres", None, None, ()),
        ("B1", "Public consultation", "Engagement Lead", range(2, 5)),
        ("B2", "UTC opens", "Urgent Care Lead", range(11, 12)),
    ]
    for r, (ref, task, who, months) in enumerate(rows, start=4):
        ws.cell(r, 1, ref)
        if task:
            ws.cell(r, 2, task)
            ws.cell(r, 3, who)
        for k in months:
            ws.cell(r, 4 + k, "x")
    path = folder / "urgent_care_plan.xlsx"
    wb.save(path)
    return path


MONTH_NAME_EXPECTED = Expected(
    kind="gantt",
    sheet="Plan 2016-17",
    as_of="2016-09-30",
    n_tasks=4,
    tasks={
        # April to September 2016 (the title's 2016/17)
        "Re-procure 111 service": {
            "task_id": "A1",
            "section": "Workstream A: NHS 111",
            "start": "2016-04-01",
            "end": "2016-09-30",
        },
        # September to December 2016
        "Integrate GP out of hours": {"start": "2016-09-01", "end": "2016-12-31"},
        # March 2017: the year carried over from December
        "UTC opens": {
            "section": "Workstream B: urgent treatment centres",
            "start": "2017-03-01",
            "end": "2017-03-31",
        },
    },
)


# --- 4. mobilisation plan over numbered months -----------------------------------------------


def month_number_gantt(folder: Path) -> Path:
    """Contract mobilisation plan 2017/18: Workstream | Activity | Accountable | Month 1 ..."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Mobilisation"
    ws["A1"] = "MSK integrated service mobilisation 2017/18"
    labels = ["Month 1", "month2", "Mth 3", "Month 4", "Month 5", "Month 6"]
    for c, label in enumerate(["Workstream", "Activity", "Accountable"] + labels, start=1):
        ws.cell(2, c, label)
    rows = [  # workstream, activity, accountable, months (1-based)
        ("Workforce", "TUPE consultation", "HR Director", (1, 2, 3)),
        ("Workforce", "Recruit physiotherapists", "Service Manager", (2, 3, 4)),
        ("Estates", "Clinic refurbishment", "Estates Manager", (3, 4)),
        ("Digital", "Patient record migration", "IT Lead", (4, 5)),
        ("Digital", "Service commencement", "Service Manager", (6,)),
    ]
    colour = "C0504D"
    for r, (area, activity, who, months) in enumerate(rows, start=3):
        ws.cell(r, 1, area)
        ws.cell(r, 2, activity)
        ws.cell(r, 3, who)
        for m in months:
            ws.cell(r, 3 + m).fill = _fill(colour)
    path = folder / "msk_mobilisation.xlsx"
    wb.save(path)
    return path


MONTH_NUMBER_EXPECTED = Expected(
    kind="gantt",
    sheet="Mobilisation",
    as_of="2017-06-30",
    n_tasks=5,
    tasks={
        # Month 1-3 of 2017/18: April to June 2017
        "TUPE consultation": {
            "section": "Workforce",
            "lead": "HR Director",
            "start": "2017-04-01",
            "end": "2017-06-30",
        },
        # Month 6 = September 2017
        "Service commencement": {"section": "Digital", "start": "2017-09-01", "end": "2017-09-30"},
    },
)


# --- 5. governing-body action log -------------------------------------------------------------


def board_action_log(folder: Path) -> Path:
    """Action log: Action No | Date raised | Action | Owner | Due date | Status | Update."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Action Log"
    ws["A1"] = "Governing Body action log"
    ws["A2"] = "Updated after the meeting of 6 February 2008"
    headers = ["Action No", "Date raised", "Action", "Owner", "Due date", "Status", "Update"]
    rows = [
        (
            "GB/01",
            D(2007, 11, 7),
            "Circulate QIPP delivery plan",
            "Director of Finance",
            "Dec 07",
            "Closed",
            "Circulated 30/11",
        ),
        (
            "GB/02",
            D(2007, 12, 5),
            "Present falls pathway business case",
            "Director of Commissioning",
            "Feb & March 08",
            "Open",
            None,
        ),
        (
            "GB/03",
            D(2007, 12, 5),
            "Review of continuing care spend",
            "Chief Nurse",
            "April Board",
            "Open",
            "Deferred from March",
        ),
        (
            "GB/04",
            D(2008, 1, 9),
            "Update on practice-based commissioning",
            "PBC Lead",
            "Ongoing",
            "Open",
            None,
        ),
        (
            "GB/05",
            D(2008, 2, 6),
            "Estates strategy options",
            "Director of Estates",
            "April – May 2008",
            "Open",
            None,
        ),
        (
            "GB/06",
            D(2008, 2, 6),
            "Audit committee terms of reference",
            "Board Secretary",
            "31/03/2008",
            "Open",
            None,
        ),
    ]
    _table(ws, 4, headers, rows)
    path = folder / "governing_body_action_log.xlsx"
    wb.save(path)
    return path


ACTION_LOG_EXPECTED = Expected(
    kind="action_log",
    sheet="Action Log",
    as_of="2008-02-29",
    n_tasks=6,
    tasks={
        # "Dec 07": the last day of December 2007; "Closed" is complete
        "Circulate QIPP delivery plan": {
            "task_id": "GB/01",
            "lead": "Director of Finance",
            "end": "2007-12-31",
            "status": "complete",
        },
        # "Feb & March 08": 1 February to 31 March 2008, not the date raised (5 Dec 2007)
        "Present falls pathway business case": {"start": "2008-02-01", "end": "2008-03-31"},
        # "April Board": the April nearest the dated rows around it (2008)
        "Review of continuing care spend": {"end": "2008-04-30"},
        # "Ongoing": no date, never a guess
        "Update on practice-based commissioning": {"end": None, "status": "ongoing"},
        "Estates strategy options": {"start": "2008-04-01", "end": "2008-05-31"},
        "Audit committee terms of reference": {"end": "2008-03-31"},
    },
)


# --- 6. milestone plan -------------------------------------------------------------------------


def milestone_plan(folder: Path) -> Path:
    """ICS development plan: Milestone | Target date | RAG | Owner | Key deliverables."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Milestones"
    ws["A1"] = "ICS development plan: key milestones 2021/22"
    rows = [
        (
            "Shadow ICS board established",
            "Q3 2021/22",
            "Green",
            "ICS Chair",
            "• Board terms of reference\n• Membership agreed",
        ),
        (
            "Place-based partnerships agreed",
            "Q4 2021/22",
            "Amber",
            "Director of Strategy",
            "• Place boundaries\n• Partnership agreements",
        ),
        (
            "Financial framework",
            "Jan 22",
            "Red",
            "ICS Director of Finance",
            "• System financial plan",
        ),
        (
            "Statutory ICB established",
            D(2022, 7, 1),
            "Amber",
            "ICS Chief Executive",
            "• Constitution approved\n• Functions transferred",
        ),
    ]
    _table(ws, 3, ["Milestone", "Target date", "RAG", "Owner", "Key deliverables"], rows)
    path = folder / "ics_milestones.xlsx"
    wb.save(path)
    return path


MILESTONE_EXPECTED = Expected(
    kind="milestone_plan",
    sheet="Milestones",
    as_of="2021-12-31",
    n_tasks=4,
    tasks={
        # Q3 of 2021/22 = October to December 2021: due 31 December 2021
        "Shadow ICS board established": {
            "end": "2021-12-31",
            "lead": "ICS Chair",
            "deliverables": "Board terms of reference; Membership agreed",
        },
        # Q4 of 2021/22 = January to March 2022
        "Place-based partnerships agreed": {"end": "2022-03-31"},
        "Financial framework": {"end": "2022-01-31", "lead": "ICS Director of Finance"},
        "Statutory ICB established": {"end": "2022-07-01"},
    },
)


# --- 7. PMO RAID log: an Actions tab and a Risks tab ------------------------------------------


def raid_log(folder: Path) -> Path:
    """RAID log: "Risks" (probability, impact, score: no plan) and "Actions"."""
    wb = Workbook()
    risks = wb.active
    risks.title = "Risks"
    _table(
        risks,
        1,
        [
            "Risk ID",
            "Description",
            "Owner",
            "Probability (1-5)",
            "Impact (1-5)",
            "Score",
            "Mitigation",
        ],
        [
            (
                "R001",
                "Provider cannot recruit to the new rota",
                "Head of Workforce",
                4,
                4,
                16,
                "Agency cover agreed for the first quarter",
            ),
            (
                "R002",
                "Estates works delayed",
                "Estates Lead",
                3,
                3,
                9,
                "Alternative clinic space identified",
            ),
        ],
    )
    actions = wb.create_sheet("Actions")
    headers = [
        "ID",
        "Type",
        "Description",
        "Owner",
        "Date Raised",
        "Due Date",
        "Status",
        "RAG",
        "Comments",
    ]
    rows = [
        (
            "A001",
            "Action",
            "Confirm agency cover with provider",
            "Head of Workforce",
            D(2019, 5, 1),
            D(2019, 5, 31),
            "Complete",
            "Green",
            None,
        ),
        (
            "A002",
            "Action",
            "Submit estates change request",
            "Estates Lead",
            D(2019, 5, 1),
            D(2019, 6, 14),
            "In progress",
            "Amber",
            "Awaiting landlord",
        ),
        (
            "A003",
            "Action",
            "Escalate data flow issue to CSU",
            "BI Lead",
            D(2019, 5, 15),
            D(2019, 5, 24),
            "Open",
            "Red",
            "Overdue",
        ),
    ]
    _table(actions, 1, headers, rows)
    path = folder / "raid_log.xlsx"
    wb.save(path)
    return path


RAID_EXPECTED = Expected(
    kind="action_log",
    sheet="Actions",
    as_of="2019-06-01",
    n_tasks=3,
    not_plans=("Risks",),
    tasks={
        # the due date, not the date raised
        "Confirm agency cover with provider": {
            "task_id": "A001",
            "end": "2019-05-31",
            "status": "complete",
        },
        # in progress, due 14 June: due this month as of 1 June 2019
        "Submit estates change request": {
            "end": "2019-06-14",
            "status": "due this month",
            "state": "in progress",
        },
        # due 24 May, not complete, as of 1 June 2019: overdue
        "Escalate data flow issue to CSU": {
            "lead": "BI Lead",
            "end": "2019-05-24",
            "status": "overdue",
        },
    },
)


# --- 8. programme tracker with a work-area column ----------------------------------------------


def programme_tracker(folder: Path) -> Path:
    """Programme tracker: Work area | Ref | Task | Lead | Start date | End date | % complete."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws["A1"] = "Planned care programme tracker"
    headers = ["Work area", "Ref", "Task", "Lead", "Start date", "End date", "% complete", "RAG"]
    rows = [
        (
            "Outpatients",
            "OP1",
            "Advice and guidance rollout",
            "Dr S Jones",
            D(2020, 4, 1),
            D(2020, 9, 30),
            1.0,
            "Green",
        ),
        (
            "Outpatients",
            "OP2",
            "Patient-initiated follow-up",
            "Planned Care Lead",
            D(2020, 6, 1),
            D(2021, 3, 31),
            0.4,
            "Amber",
        ),
        (
            "Diagnostics",
            "DX1",
            "Community diagnostic hub business case",
            "Director of Strategy",
            D(2020, 7, 1),
            D(2020, 10, 31),
            0.0,
            "Red",
        ),
        (
            "Diagnostics",
            "DX2",
            "Straight-to-test pathways",
            "Dr P Ahmed",
            D(2020, 11, 1),
            D(2021, 1, 31),
            None,
            None,
        ),
    ]
    _table(ws, 3, headers, rows)
    path = folder / "planned_care_tracker.xlsx"
    wb.save(path)
    return path


TRACKER_EXPECTED = Expected(
    kind="action_log",
    sheet="Tracker",
    as_of="2020-10-15",
    n_tasks=4,
    tasks={
        # 100% complete
        "Advice and guidance rollout": {
            "task_id": "OP1",
            "section": "Outpatients",
            "start": "2020-04-01",
            "end": "2020-09-30",
            "status": "complete",
        },
        # 40%: started, ends March 2021
        "Patient-initiated follow-up": {"status": "in progress", "end": "2021-03-31"},
        # 0% but ends this month (31 October 2020)
        "Community diagnostic hub business case": {
            "section": "Diagnostics",
            "status": "due this month",
        },
        "Straight-to-test pathways": {"start": "2020-11-01", "status": "not started"},
    },
)


# --- 9. Microsoft Project table exported to Excel ---------------------------------------------


def ms_project_export(folder: Path) -> Path:
    """Task_Table: ID | Task Name | Duration | Start | Finish | Predecessors | Resource Names."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Task_Table"
    _table(
        ws,
        1,
        ["ID", "Task Name", "Duration", "Start", "Finish", "Predecessors", "Resource Names"],
        [
            (1, "Mobilisation", "40 days", "Mon 05/10/15", "Fri 27/11/15", None, None),
            (2, "Recruit staff", "20 days", "Mon 05/10/15", "Fri 30/10/15", None, "HR"),
            (3, "Train staff", "10 days", "Mon 02/11/15", "Fri 13/11/15", "2", "Clinical lead"),
            (4, "Go live", "0 days", "Mon 30/11/15", "Mon 30/11/15", "3", "Project manager"),
        ],
    )
    path = folder / "ms_project_export.xlsx"
    wb.save(path)
    return path


MS_PROJECT_EXPECTED = Expected(
    kind="action_log",
    sheet="Task_Table",
    as_of="2015-10-31",
    n_tasks=4,
    tasks={
        # ended Friday 30 October 2015, not marked complete: overdue on the 31st
        "Recruit staff": {
            "task_id": "2",
            "lead": "HR",
            "start": "2015-10-05",
            "end": "2015-10-30",
            "status": "overdue",
        },
        "Mobilisation": {"lead": None, "end": "2015-11-27", "status": "in progress"},
        "Go live": {
            "lead": "Project manager",
            "start": "2015-11-30",
            "end": "2015-11-30",
            "status": "not started",
        },
    },
)


# --- 10. quarterly roadmap ---------------------------------------------------------------------


def quarterly_roadmap(folder: Path) -> Path:
    """STP roadmap 2017/18 to 2018/19: Priority | Lead | Q1 ... Q4, Q1 ... Q4 (no years)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Roadmap"
    ws["A1"] = "Sustainability and transformation plan: delivery roadmap 2017/18 - 2018/19"
    _table(ws, 3, ["Priority", "Lead"] + ["Q1", "Q2", "Q3", "Q4"] * 2, [])
    rows = [  # priority, lead, quarters painted (0 = Q1 2017/18)
        ("Acute reconfiguration consultation", "STP Director", (1, 2)),
        ("Primary care at scale hubs", "Primary Care Lead", (2, 3, 4, 5)),
        ("Shared care record live", "Digital Lead", (6, 7)),
    ]
    for r, (priority, lead, quarters) in enumerate(rows, start=4):
        ws.cell(r, 1, priority)
        ws.cell(r, 2, lead)
        for q in quarters:
            ws.cell(r, 3 + q).fill = _fill("1F497D")
    path = folder / "stp_roadmap.xlsx"
    wb.save(path)
    return path


ROADMAP_EXPECTED = Expected(
    kind="gantt",
    sheet="Roadmap",
    as_of="2018-03-31",
    n_tasks=3,
    tasks={
        # Q2 and Q3 of 2017/18: July to December 2017
        "Acute reconfiguration consultation": {
            "lead": "STP Director",
            "start": "2017-07-01",
            "end": "2017-12-31",
            "status": "overdue",
        },
        # Q3 2017/18 to Q2 2018/19: October 2017 to September 2018
        "Primary care at scale hubs": {
            "start": "2017-10-01",
            "end": "2018-09-30",
            "status": "in progress",
        },
        # Q3 and Q4 of 2018/19: October 2018 to March 2019
        "Shared care record live": {
            "start": "2018-10-01",
            "end": "2019-03-31",
            "status": "not started",
        },
    },
)


CORPUS = {
    "integration_plan": (integration_plan, INTEGRATION_EXPECTED),
    "weekly_gantt": (weekly_gantt, WEEKLY_EXPECTED),
    "month_name_gantt": (month_name_gantt, MONTH_NAME_EXPECTED),
    "month_number_gantt": (month_number_gantt, MONTH_NUMBER_EXPECTED),
    "board_action_log": (board_action_log, ACTION_LOG_EXPECTED),
    "milestone_plan": (milestone_plan, MILESTONE_EXPECTED),
    "raid_log": (raid_log, RAID_EXPECTED),
    "programme_tracker": (programme_tracker, TRACKER_EXPECTED),
    "ms_project_export": (ms_project_export, MS_PROJECT_EXPECTED),
    "quarterly_roadmap": (quarterly_roadmap, ROADMAP_EXPECTED),
}
"""Shape name -> (builder, what a reader must find)."""


# === Shapes an outsider brings (issue 9: "plans in shapes outside the corpus") ================
# Each is modelled on a kind of published plan the ten above do not cover; the comments say
# which and how each expected value was worked out by hand.

from openpyxl.styles.colors import Color  # noqa: E402


def _theme_fill(theme: int, tint: float = 0.0) -> PatternFill:
    return PatternFill("solid", fgColor=Color(theme=theme, tint=tint))


# --- 11. council transformation Gantt: calendar years merged over month names ------------------


def council_year_gantt(folder: Path) -> Path:
    """Council transformation programme Gantt (cabinet-report appendices): "2024" merged over
    Sep ... Dec, "2025" over Jan ... Jun; Ref | Project / milestone | Responsible officer |
    Status; the grid painted "White, Background 1" (theme 0) everywhere, bars in "Accent 1,
    lighter 40%" (theme 4, tint 0.4), one bar in a hatched pattern fill. No year in the title.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Programme plan"
    ws["A1"] = "Adult social care transformation programme: delivery timeline"
    months = ["Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    ws.cell(3, 5, 2024)
    ws.merge_cells(start_row=3, start_column=5, end_row=3, end_column=8)
    ws.cell(3, 9, 2025)
    ws.merge_cells(start_row=3, start_column=9, end_row=3, end_column=14)
    for c, label in enumerate(
        ["Ref", "Project / milestone", "Responsible officer", "Status"] + months, start=1
    ):
        ws.cell(4, c, label).font = BOLD
    rows = [  # ref, project, officer, status, months painted (0 = Sep 2024), fill
        ("1", "Digital front door", None, None, (), None),
        ("1.1", "Online self-assessment live", "Head of Digital", "Complete", (0, 1), "tint"),
        ("1.2", "Care account portal", "Head of Digital", "In progress", (2, 3, 4, 5), "tint"),
        ("2", "Reablement at home", None, None, (), None),
        ("2.1", "Reablement service redesign", "Service Manager", "On hold", (3, 4, 5), "hatch"),
        (
            "2.2",
            "Therapy-led reablement pilot",
            "Principal OT",
            "Not started",
            (6, 7, 8, 9),
            "tint",
        ),
        ("2.3", "Evaluate pilot", "Performance Lead", "Overdue", (1,), "tint"),
    ]
    white = _theme_fill(0)
    for r, (ref, project, officer, status, painted, fill) in enumerate(rows, start=5):
        ws.cell(r, 1, ref)
        ws.cell(r, 2, project)
        if officer:
            ws.cell(r, 3, officer)
            ws.cell(r, 4, status)
        else:
            for c in range(1, 5):
                ws.cell(r, c).font = BOLD
        for k in range(len(months)):
            ws.cell(r, 5 + k).fill = white
        for k in painted:
            ws.cell(r, 5 + k).fill = (
                _theme_fill(4, 0.3999755851924192)
                if fill == "tint"
                else PatternFill("darkUp", fgColor="C0504D")
            )
    path = folder / "asc_transformation_timeline.xlsx"
    wb.save(path)
    return path


COUNCIL_YEAR_EXPECTED = Expected(
    kind="gantt",
    sheet="Programme plan",
    as_of="2024-12-15",
    n_tasks=5,
    names=[
        "Online self-assessment live",
        "Care account portal",
        "Reablement service redesign",
        "Therapy-led reablement pilot",
        "Evaluate pilot",
    ],
    tasks={
        # Sep and Oct under "2024": 1 September to 31 October 2024; "Complete"
        "Online self-assessment live": {
            "task_id": "1.1",
            "section": "Digital front door",
            "start": "2024-09-01",
            "end": "2024-10-31",
            "status": "complete",
        },
        # Nov, Dec 2024 and Jan, Feb under "2025": to 28 February 2025
        "Care account portal": {
            "start": "2024-11-01",
            "end": "2025-02-28",
            "status": "in progress",
        },
        # the hatched bar: Dec 2024 to Feb 2025
        "Reablement service redesign": {
            "section": "Reablement at home",
            "start": "2024-12-01",
            "end": "2025-02-28",
            "state": "on hold",
        },
        # Mar to Jun 2025
        "Therapy-led reablement pilot": {
            "lead": "Principal OT",
            "start": "2025-03-01",
            "end": "2025-06-30",
            "status": "not started",
        },
        # October 2024 only; ended before 15 December 2024
        "Evaluate pilot": {"start": "2024-10-01", "end": "2024-10-31", "status": "overdue"},
    },
)


# --- 12. weekly Gantt: month names merged over week-commencing day numbers ---------------------


def month_over_days_gantt(folder: Path) -> Path:
    """Excel weekly Gantt template (the common free templates): a "Project start" date in the
    title block, a month row ("October 2015" merged over its weeks) over a row of the Mondays'
    day numbers (5, 12, 19, 26, 2 ...); the task text in B:C merged on every row; a hidden
    column of old estimates and a hidden (collapsed) task row.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Project schedule"
    ws["A1"] = "Frailty virtual ward: project schedule"
    ws["A2"] = "Project start:"
    ws["C2"] = D(2015, 10, 5)
    mondays = [dt.date(2015, 10, 5) + dt.timedelta(weeks=k) for k in range(12)]
    first_col = 6  # F: A #, B:C task (merged), D owner, E old estimate (hidden)
    for k, monday in enumerate(mondays):
        ws.cell(5, first_col + k, monday.day)
    for month in ("October 2015", "November 2015", "December 2015"):
        span = [k for k, m in enumerate(mondays) if m.strftime("%B %Y") == month]
        ws.cell(4, first_col + span[0], month)
        ws.merge_cells(
            start_row=4,
            start_column=first_col + span[0],
            end_row=4,
            end_column=first_col + span[-1],
        )
    ws.cell(5, 1, "#")
    ws.cell(5, 2, "Task")
    ws.merge_cells("B5:C5")
    ws.cell(5, 4, "Owner")
    ws.cell(5, 5, "Old estimate (days)")
    ws.column_dimensions["E"].hidden = True
    rows = [  # no, task, owner, first week, last week
        (1, "Clinical model agreed", "Clinical Director", 0, 1),
        (2, "Recruit ward clerks", "Ward Manager", 2, 5),
        (3, "Remote monitoring kit procured", "Digital Lead", 3, 6),
        (4, "Withdrawn: pilot with one practice", "Ward Manager", 4, 4),
        (5, "First patients admitted", "Clinical Director", 8, 11),
    ]
    for r, (no, task, owner, first, last) in enumerate(rows, start=6):
        ws.cell(r, 1, no)
        ws.cell(r, 2, task)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        ws.cell(r, 4, owner)
        ws.cell(r, 5, (last - first + 1) * 5)
        for k in range(first, last + 1):
            ws.cell(r, first_col + k).fill = _theme_fill(5, -0.249977111117893)
    ws.row_dimensions[9].hidden = True  # the withdrawn task, collapsed but not deleted
    path = folder / "virtual_ward_schedule.xlsx"
    wb.save(path)
    return path


MONTH_OVER_DAYS_EXPECTED = Expected(
    kind="gantt",
    sheet="Project schedule",
    as_of="2015-11-15",
    n_tasks=5,
    tasks={
        # weeks of Mon 5 and Mon 12 October 2015: 5 to 18 October
        "Clinical model agreed": {
            "task_id": "1",
            "lead": "Clinical Director",
            "start": "2015-10-05",
            "end": "2015-10-18",
            "status": "overdue",
        },
        # w/c 19 Oct to w/c 9 Nov (Sunday 15 November)
        "Recruit ward clerks": {"start": "2015-10-19", "end": "2015-11-15"},
        # w/c 30 Nov to w/c 21 Dec 2015 (ends Sunday 27 December)
        "First patients admitted": {
            "start": "2015-11-30",
            "end": "2015-12-27",
            "status": "not started",
        },
        # a hidden row is still a row of the plan: read (week of 2 November)
        "Withdrawn: pilot with one practice": {"start": "2015-11-02", "end": "2015-11-08"},
    },
)


# --- 13. PMO action log in a governing-body paper, due dates as text ----------------------------


def pmo_action_log(folder: Path) -> Path:
    """Action log (ICB board papers, "Matters arising and action log"): Ref | Date raised |
    Meeting | Action | Lead | Due date | Status | Update. The due dates are text as minute-takers
    write them: "w/c 14/10", "End of June", "Q3 24/25", "Dec-24", "31/01/2025", "Next meeting".
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Action log"
    ws["A1"] = "Integrated Care Board: action log (open actions)"
    headers = ["Ref", "Date raised", "Meeting", "Action", "Lead", "Due date", "Status", "Update"]
    rows = [
        (
            "ICB-041",
            D(2024, 9, 26),
            "Board",
            "Circulate winter plan to members",
            "Chief Operating Officer",
            "w/c 14/10",
            "Complete",
            "Circulated 15/10",
        ),
        (
            "ICB-042",
            D(2024, 9, 26),
            "Board",
            "Report on elective recovery by specialty",
            "Chief Delivery Officer",
            "Q3 24/25",
            "In progress",
            None,
        ),
        (
            "ICB-043",
            D(2024, 9, 26),
            "Board",
            "Refresh the estates strategy",
            "Director of Estates",
            "End of June",
            "On hold",
            "Awaiting national guidance",
        ),
        (
            "ICB-044",
            D(2024, 11, 28),
            "Finance Committee",
            "Deep dive on CHC spend",
            "Chief Finance Officer",
            "Dec-24",
            "Overdue",
            None,
        ),
        (
            "ICB-045",
            D(2024, 11, 28),
            "Finance Committee",
            "Agree the 2025/26 savings plan",
            "Chief Finance Officer",
            "31/01/2025",
            "Not started",
            None,
        ),
        (
            "ICB-046",
            D(2024, 11, 28),
            "Board",
            "Patient story to a future meeting",
            "Chief Nurse",
            "Next meeting",
            "Not started",
            None,
        ),
    ]
    _table(ws, 3, headers, rows)
    path = folder / "icb_action_log.xlsx"
    wb.save(path)
    return path


PMO_LOG_EXPECTED = Expected(
    kind="action_log",
    sheet="Action log",
    as_of="2024-12-31",
    n_tasks=6,
    tasks={
        # "w/c 14/10", raised 26 September 2024: the week of Monday 14 October 2024, to Sunday 20
        "Circulate winter plan to members": {
            "task_id": "ICB-041",
            "lead": "Chief Operating Officer",
            "start": "2024-10-14",
            "end": "2024-10-20",
            "status": "complete",
        },
        # Q3 of 2024/25: October to December 2024; due this month as of 31 December
        "Report on elective recovery by specialty": {
            "start": "2024-10-01",
            "end": "2024-12-31",
            "status": "due this month",
        },
        # "End of June", raised 26 September 2024: the first June after it, June 2025
        "Refresh the estates strategy": {"end": "2025-06-30", "state": "on hold"},
        # Dec-24 is the last day of December 2024; the date raised (28 Nov) is not the due date
        "Deep dive on CHC spend": {"end": "2024-12-31"},
        "Agree the 2025/26 savings plan": {"end": "2025-01-31", "status": "not started"},
        # names no date: none guessed
        "Patient story to a future meeting": {"end": None, "status": "undated"},
    },
)


# --- 14. milestone tracker: baseline, forecast and actual dates ---------------------------------


def milestone_tracker(folder: Path) -> Path:
    """Programme milestone tracker (NHS programme boards, "Milestone tracker" tabs): ID |
    Milestone | Owner | Baseline date | Forecast date | Actual date | % complete | RAG.

    The baseline is the date first agreed, the forecast the date now expected, the actual the
    date it was met: a milestone is due on its forecast date (its baseline where no forecast is
    given), and met (complete) on its actual date (the same three dates, and the same order of
    precedence, as programme tools track them, e.g. Psoda's milestone module: "the original (or
    baseline) date", "the forecast date", "the actual date of completion").
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Milestones"
    ws["A1"] = "Community diagnostic centre programme: milestone tracker"
    headers = [
        "ID",
        "Milestone",
        "Owner",
        "Baseline date",
        "Forecast date",
        "Actual date",
        "% complete",
        "RAG",
    ]
    rows = [
        (
            "M1",
            "Outline business case approved",
            "Programme Director",
            D(2023, 6, 30),
            D(2023, 7, 31),
            D(2023, 7, 27),
            1.0,
            "Green",
        ),
        (
            "M2",
            "Planning permission granted",
            "Estates Lead",
            D(2023, 9, 30),
            D(2023, 12, 15),
            None,
            0.5,
            "Amber",
        ),
        (
            "M3",
            "Full business case approved",
            "Programme Director",
            D(2023, 12, 31),
            None,
            None,
            0.0,
            "Green",
        ),
        (
            "M4",
            "CT scanner installed",
            "Radiology Manager",
            D(2024, 3, 31),
            D(2024, 5, 31),
            None,
            0.0,
            "Red",
        ),
    ]
    _table(ws, 3, headers, rows)
    path = folder / "cdc_milestone_tracker.xlsx"
    wb.save(path)
    return path


MILESTONE_TRACKER_EXPECTED = Expected(
    kind="milestone_plan",
    sheet="Milestones",
    as_of="2023-11-30",
    n_tasks=4,
    tasks={
        # met on 27 July 2023 (the actual date), 100%: complete
        "Outline business case approved": {
            "task_id": "M1",
            "lead": "Programme Director",
            "end": "2023-07-27",
            "status": "complete",
        },
        # baseline 30 Sep slipped to a forecast of 15 Dec 2023: not overdue on 30 November
        "Planning permission granted": {"end": "2023-12-15", "status": "in progress"},
        # no forecast: due on its baseline, 31 December 2023
        "Full business case approved": {"end": "2023-12-31", "status": "not started"},
        "CT scanner installed": {"end": "2024-05-31", "lead": "Radiology Manager"},
    },
)


# --- 15. implementation plan with RACI columns --------------------------------------------------


def raci_implementation_plan(folder: Path) -> Path:
    """Implementation plan appendix of a strategy (council and CCG strategies): No. | Action |
    Responsible | Accountable | Consulted | Informed | Start | Completion date | Progress.

    The lead is the person Responsible for doing the action (RACI); Accountable, Consulted and
    Informed name others. Numbered theme rows ("1. Prevention") head the actions.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Implementation plan"
    ws["A1"] = "Carers strategy 2022-2025: implementation plan"
    headers = [
        "No.",
        "Action",
        "Responsible",
        "Accountable",
        "Consulted",
        "Informed",
        "Start",
        "Completion date",
        "Progress",
    ]
    rows = [
        ("1", "Identifying carers", None, None, None, None, None, None, None),
        (
            "1.1",
            "Carer registers in every GP practice",
            "Primary Care Lead",
            "Director of Primary Care",
            "LMC",
            "Carers Partnership Board",
            "Apr 22",
            "Sep 22",
            "Complete",
        ),
        (
            "1.2",
            "Carers awareness training for front-line staff",
            "Workforce Lead",
            "Director of Adult Services",
            "Carers Centre",
            "Staff",
            "Jun 22",
            "Mar 23",
            "In progress",
        ),
        ("2", "Breaks and support", None, None, None, None, None, None, None),
        (
            "2.1",
            "Recommission short breaks service",
            "Commissioning Manager",
            "Director of Commissioning",
            "Carers",
            "Cabinet member",
            "Oct 22",
            "Jun 23",
            "Not started",
        ),
    ]
    _table(ws, 3, headers, rows)
    path = folder / "carers_strategy_plan.xlsx"
    wb.save(path)
    return path


RACI_EXPECTED = Expected(
    kind="action_log",
    sheet="Implementation plan",
    as_of="2022-12-31",
    n_tasks=3,
    tasks={
        # Responsible, not Accountable: April to September 2022
        "Carer registers in every GP practice": {
            "task_id": "1.1",
            "lead": "Primary Care Lead",
            "section": "Identifying carers",
            "start": "2022-04-01",
            "end": "2022-09-30",
            "status": "complete",
        },
        "Carers awareness training for front-line staff": {
            "lead": "Workforce Lead",
            "end": "2023-03-31",
            "status": "in progress",
        },
        # October 2022 to June 2023; "Not started" though its start has passed
        "Recommission short breaks service": {
            "section": "Breaks and support",
            "lead": "Commissioning Manager",
            "start": "2022-10-01",
            "end": "2023-06-30",
        },
    },
)


# --- 16. ICS programme plan: financial years merged over quarters, week numbers elsewhere -------


def ics_fy_quarter_plan(folder: Path) -> Path:
    """ICS programme plan (joint forward plan delivery annexes): "2024/25" merged over Q1 ... Q4
    and "2025/26" over Q1 ... Q4; Workstream | Deliverable | SRO | Start | End, where most rows
    give their own start and end dates beside the painted bars (and one gives none).
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Delivery plan"
    ws["A1"] = "Joint forward plan: delivery of the urgent and emergency care programme"
    ws.cell(2, 6, "2024/25")
    ws.merge_cells(start_row=2, start_column=6, end_row=2, end_column=9)
    ws.cell(2, 10, "2025/26")
    ws.merge_cells(start_row=2, start_column=10, end_row=2, end_column=13)
    for c, label in enumerate(
        ["Workstream", "Deliverable", "SRO", "Start", "End"] + ["Q1", "Q2", "Q3", "Q4"] * 2, start=1
    ):
        ws.cell(3, c, label)
    rows = [  # workstream, deliverable, sro, start, end, quarters painted (0 = Q1 24/25)
        (
            "Same day emergency care",
            "SDEC open 12 hours a day",
            "UEC Director",
            D(2024, 4, 1),
            D(2024, 11, 29),
            (0, 1, 2),
        ),
        (
            "Same day emergency care",
            "Frailty SDEC at both sites",
            "Clinical Lead",
            D(2024, 10, 14),
            D(2025, 6, 13),
            (2, 3, 4),
        ),
        (
            "Virtual wards",
            "Virtual ward capacity to 40 per 100,000",
            "Director of Community",
            None,
            None,
            (4, 5, 6, 7),
        ),
    ]
    for r, (area, deliverable, sro, start, end, quarters) in enumerate(rows, start=4):
        for c, value in enumerate((area, deliverable, sro, start, end), start=1):
            if value is not None:
                ws.cell(r, c, value)
        for q in quarters:
            ws.cell(r, 6 + q).fill = _fill("00B050")
    path = folder / "jfp_uec_delivery_plan.xlsx"
    wb.save(path)
    return path


ICS_FY_EXPECTED = Expected(
    kind="gantt",
    sheet="Delivery plan",
    as_of="2025-01-31",
    n_tasks=3,
    tasks={
        # its own dates (1 April to 29 November 2024), finer than its bars (Q1 to Q3 2024/25)
        "SDEC open 12 hours a day": {
            "section": "Same day emergency care",
            "lead": "UEC Director",
            "start": "2024-04-01",
            "end": "2024-11-29",
            "status": "overdue",
        },
        # its own dates: 14 October 2024 to 13 June 2025 (the bars: Q3 24/25 to Q1 25/26)
        "Frailty SDEC at both sites": {"start": "2024-10-14", "end": "2025-06-13"},
        # no dates of its own: the bars, Q1 to Q4 of 2025/26 (the group above, not the first)
        "Virtual ward capacity to 40 per 100,000": {
            "start": "2025-04-01",
            "end": "2026-03-31",
            "status": "not started",
        },
    },
)


CORPUS.update(
    {
        "council_year_gantt": (council_year_gantt, COUNCIL_YEAR_EXPECTED),
        "month_over_days_gantt": (month_over_days_gantt, MONTH_OVER_DAYS_EXPECTED),
        "pmo_action_log": (pmo_action_log, PMO_LOG_EXPECTED),
        "milestone_tracker": (milestone_tracker, MILESTONE_TRACKER_EXPECTED),
        "raci_implementation_plan": (raci_implementation_plan, RACI_EXPECTED),
        "ics_fy_quarter_plan": (ics_fy_quarter_plan, ICS_FY_EXPECTED),
    }
)


# --- 17. Excel Gantt template over numbered weeks from a project start date --------------------


def week_number_gantt(folder: Path) -> Path:
    """Free Excel Gantt templates ("Project start: ...", "Week 1" ... "Week 10"): bars in pattern
    fills (a light-grey "gray125" for planned, a dark "darkGray" hatch for the critical path),
    % complete and RAG beside the task, a hidden row of a cancelled task.

    Week 1 is the week of the project start date (Monday 7 October 2024).
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Gantt"
    ws["A1"] = "Same day emergency care expansion"
    ws["A2"] = "Project start:"
    ws["B2"] = "07/10/2024"
    headers = ["Task", "Assigned to", "% complete", "RAG"] + [f"Week {k}" for k in range(1, 11)]
    for c, label in enumerate(headers, start=1):
        ws.cell(4, c, label).font = BOLD
    rows = [  # task, who, done, rag, weeks (1-based), pattern
        ("Estates survey", "Estates", 1.0, "Green", (1, 2), "gray125"),
        ("Cancelled: temporary modular unit", "Estates", 0.0, None, (2, 3), "gray125"),
        ("Recruit acute physicians", "Medical Director", 0.5, "Amber", (2, 3, 4, 5, 6), "darkGray"),
        ("Ambulatory pathways signed off", "Clinical Lead", 0.25, "Red", (5, 6), "gray125"),
        ("SDEC opens 12 hours", "Operations", 0.0, "Green", (9, 10), "darkGray"),
    ]
    for r, (task, who, done, rag, weeks, pattern) in enumerate(rows, start=5):
        ws.cell(r, 1, task)
        ws.cell(r, 2, who)
        ws.cell(r, 3, done).number_format = "0%"
        if rag:
            ws.cell(r, 4, rag)
        for w in weeks:
            ws.cell(r, 4 + w).fill = PatternFill(pattern, fgColor="FF595959")
    ws.row_dimensions[6].hidden = True
    path = folder / "sdec_gantt.xlsx"
    wb.save(path)
    return path


WEEK_NUMBER_EXPECTED = Expected(
    kind="gantt",
    sheet="Gantt",
    as_of="2024-10-31",
    n_tasks=5,
    tasks={
        # weeks 1-2 from Monday 7 October 2024: 7 to 20 October; 100%
        "Estates survey": {
            "lead": "Estates",
            "start": "2024-10-07",
            "end": "2024-10-20",
            "status": "complete",
        },
        # weeks 2-6: 14 October to Sunday 17 November 2024, 50%
        "Recruit acute physicians": {
            "start": "2024-10-14",
            "end": "2024-11-17",
            "status": "in progress",
        },
        # weeks 9-10: 2 to 15 December 2024
        "SDEC opens 12 hours": {
            "start": "2024-12-02",
            "end": "2024-12-15",
            "status": "not started",
        },
        # hidden, still a row of the plan: weeks 2-3, 14 to 27 October
        "Cancelled: temporary modular unit": {"start": "2024-10-14", "end": "2024-10-27"},
    },
)


# --- 18. winter plan: week-commencing dates as text without a year -----------------------------


def winter_text_weeks(folder: Path) -> Path:
    """System winter plan action grid (urgent care boards): a "2024/25" title, Ref | Key actions
    | Lead organisation | Lead officer | "w/c 25/11" ... "w/c 13/01" typed as text (the year
    crossing at January), bars painted in each organisation's colour with a key below the grid.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Winter plan"
    ws["A1"] = "Winter resilience plan 2024/25: high impact actions"
    mondays = [dt.date(2024, 11, 25) + dt.timedelta(weeks=k) for k in range(8)]
    labels = [f"w/c {m.day:02d}/{m.month:02d}" for m in mondays]
    for c, label in enumerate(
        ["Ref", "Key actions", "Lead organisation", "Lead officer"] + labels, start=1
    ):
        ws.cell(3, c, label)
    colours = {"Acute trust": "FFC000", "Community trust": "92D050", "ICB": "00B0F0"}
    rows = [  # ref, action, org, officer, weeks (0 = w/c 25 Nov)
        ("HIA1", "Open winter escalation ward", "Acute trust", "Director of Operations", (0, 1, 2)),
        ("HIA2", "Care transfer hub seven days", "Community trust", "Head of Flow", (2, 3, 4, 5)),
        ("HIA3", "Christmas and New Year GP hub rota", "ICB", "Primary Care Lead", (3, 4, 5, 6)),
        ("HIA4", "Post-Christmas surge review", "ICB", "UEC Director", (7,)),
    ]
    for r, (ref, action, org, officer, weeks) in enumerate(rows, start=4):
        for c, value in enumerate((ref, action, org, officer), start=1):
            ws.cell(r, c, value)
        for k in weeks:
            ws.cell(r, 5 + k).fill = _fill(colours[org])
    ws.cell(10, 2, "Key")
    for r, (org, colour) in enumerate(colours.items(), start=11):
        ws.cell(r, 2).fill = _fill(colour)
        ws.cell(r, 3, org)
    path = folder / "winter_plan_2024-25.xlsx"
    wb.save(path)
    return path


WINTER_EXPECTED = Expected(
    kind="gantt",
    sheet="Winter plan",
    as_of="2024-12-31",
    n_tasks=4,
    tasks={
        # w/c 25/11, 02/12, 09/12 of 2024: 25 November to Sunday 15 December 2024
        "Open winter escalation ward": {
            "task_id": "HIA1",
            "lead": "Director of Operations",
            "start": "2024-11-25",
            "end": "2024-12-15",
            "team": "Acute trust",
        },
        # w/c 16/12 to w/c 06/01: the year turns at January, 16 December 2024 to 12 January 2025
        "Christmas and New Year GP hub rota": {
            "start": "2024-12-16",
            "end": "2025-01-12",
            "team": "ICB",
        },
        # w/c 13/01 2025: 13 to 19 January
        "Post-Christmas surge review": {
            "start": "2025-01-13",
            "end": "2025-01-19",
            "status": "not started",
        },
    },
)


CORPUS.update(
    {
        "week_number_gantt": (week_number_gantt, WEEK_NUMBER_EXPECTED),
        "winter_text_weeks": (winter_text_weeks, WINTER_EXPECTED),
    }
)


# --- 19. ICS delivery plan: key milestones with timescales in words ------------------------------


def ics_timescales(folder: Path) -> Path:
    """Delivery plan annex of an ICS joint forward plan: Workstream | Key milestone | Timescale
    | Lead | RAG | Progress update, the timescales written as planners do ("Q1 2025/26",
    "H2 2024/25", "2025/26", "March 2025", "Complete", "Ongoing").
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Delivery plan"
    ws["A1"] = "Joint forward plan 2024/25 to 2028/29: delivery plan, primary care"
    rows = [
        (
            "Access",
            "Modern general practice access in every practice",
            "H2 2024/25",
            "Primary Care Director",
            "Amber",
            "Cloud telephony in 80% of practices",
        ),
        (
            "Access",
            "Pharmacy First referrals from NHS 111",
            "Complete",
            "Pharmacy Lead",
            "Green",
            None,
        ),
        ("Workforce", "ARRS roles recruited to plan", "2025/26", "Workforce Lead", "Amber", None),
        (
            "Workforce",
            "GP retention scheme evaluated",
            "Q1 2025/26",
            "Workforce Lead",
            "Green",
            None,
        ),
        (
            "Estates",
            "Primary care estates strategy agreed",
            "March 2025",
            "Estates Lead",
            "Red",
            "Delayed by the capital review",
        ),
        ("Estates", "Practice premises surveys", "Ongoing", "Estates Lead", "Green", None),
    ]
    _table(
        ws, 3, ["Workstream", "Key milestone", "Timescale", "Lead", "RAG", "Progress update"], rows
    )
    path = folder / "jfp_primary_care_delivery.xlsx"
    wb.save(path)
    return path


ICS_TIMESCALES_EXPECTED = Expected(
    kind="milestone_plan",
    sheet="Delivery plan",
    as_of="2025-03-31",
    n_tasks=6,
    tasks={
        # H2 of 2024/25: October 2024 to March 2025, due 31 March 2025
        "Modern general practice access in every practice": {
            "section": "Access",
            "lead": "Primary Care Director",
            "end": "2025-03-31",
            "status": "due this month",
        },
        "Pharmacy First referrals from NHS 111": {"end": None, "status": "complete"},
        # the whole financial year 2025/26: due 31 March 2026
        "ARRS roles recruited to plan": {
            "section": "Workforce",
            "end": "2026-03-31",
            "status": "not started",
        },
        # Q1 of 2025/26: April to June 2025
        "GP retention scheme evaluated": {"end": "2025-06-30"},
        "Primary care estates strategy agreed": {"end": "2025-03-31"},
        "Practice premises surveys": {"end": None, "status": "ongoing"},
    },
)


# --- 20. action log with a two-row header: "Dates" over Raised / Target / Completed ---------------


def two_row_action_log(folder: Path) -> Path:
    """Programme board action log (PMO templates): Ref | Action (merged over two columns) |
    Owner | "Dates" merged over Raised, Target and Completed | Status; the action text in B:C
    merged on every row.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws["A1"] = "Mental health transformation board: action log"
    for c, label in {1: "Ref", 2: "Action", 4: "Owner", 5: "Dates", 8: "Status"}.items():
        ws.cell(3, c, label).font = BOLD
    ws.merge_cells("B3:C4")
    ws.merge_cells("A3:A4")
    ws.merge_cells("D3:D4")
    ws.merge_cells("E3:G3")
    ws.merge_cells("H3:H4")
    for c, label in {5: "Raised", 6: "Target", 7: "Completed"}.items():
        ws.cell(4, c, label).font = BOLD
    rows = [
        (
            "MH01",
            "Confirm crisis line funding",
            "Finance Lead",
            D(2025, 1, 14),
            D(2025, 2, 28),
            D(2025, 2, 20),
            "Closed",
        ),
        (
            "MH02",
            "Bed occupancy report to each meeting",
            "BI Manager",
            D(2025, 1, 14),
            "Ongoing",
            None,
            "Open",
        ),
        (
            "MH03",
            "Agree the section 136 suite model",
            "Clinical Director",
            D(2025, 2, 11),
            D(2025, 4, 30),
            None,
            "Open",
        ),
    ]
    for r, (ref, action, owner, raised, target, done, status) in enumerate(rows, start=5):
        ws.cell(r, 1, ref)
        ws.cell(r, 2, action)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        for c, value in ((4, owner), (5, raised), (6, target), (7, done), (8, status)):
            if value is not None:
                ws.cell(r, c, value)
    path = folder / "mh_board_actions.xlsx"
    wb.save(path)
    return path


TWO_ROW_LOG_EXPECTED = Expected(
    kind="action_log",
    sheet="Actions",
    as_of="2025-03-31",
    n_tasks=3,
    tasks={
        # completed 20 February 2025, before its target: met then
        "Confirm crisis line funding": {
            "task_id": "MH01",
            "lead": "Finance Lead",
            "end": "2025-02-20",
            "status": "complete",
        },
        "Bed occupancy report to each meeting": {"end": None, "status": "ongoing"},
        # the target, never the date raised (11 February)
        "Agree the section 136 suite model": {
            "lead": "Clinical Director",
            "end": "2025-04-30",
            "status": "not started",
        },
    },
)


CORPUS.update(
    {
        "ics_timescales": (ics_timescales, ICS_TIMESCALES_EXPECTED),
        "two_row_action_log": (two_row_action_log, TWO_ROW_LOG_EXPECTED),
    }
)


# === Plans from tools, week numbers and quarters (issue 17, plans side) =======================
# Each shape below carries its WHOLE expected tasks table (every task, every column: a column
# not named in a row is expected blank), so that a silent wrong read fails; or, for a shape
# whose right answer is a refusal, the one line the reader must say. Column names and layouts
# follow the tools' own exports: MS Project's export map (Task_Table: ID, Unique_ID,
# Outline_Level, Name, Duration, Start_Date, Finish_Date, Predecessors, Resource_Names...) and
# its "Save as Excel" headers (Unique ID, WBS, Outline Level, Start, Finish, % Complete,
# Milestone, Cost); Smartsheet's Excel export (Task Name, Start Date, End Date, Duration,
# Predecessors, Assigned To, % Complete, Status, Comments; the hierarchy as Excel's row
# grouping); Microsoft Planner's "Export plan to Excel" (plan name, ID and date of export above
# the header on row 5: Task ID, Task Name, Bucket Name, Progress, Priority, Assigned To, Created
# By, Created Date, Start date, Due date, Is Recurring, Late, Completed Date, Completed By,
# Completed Checklist Items, Checklist Items, Labels, Description; dates as text).

import csv  # noqa: E402


@dataclass
class WholeTable:
    """The whole tasks table a reader must give, or the refusal it must make.

    Attributes:
        sheet: the plan's sheet (a CSV's is the file's stem).
        as_of: the reporting date status is read at.
        rows: one dict per task in order: tasks-table column -> value (dates ``YYYY-MM-DD``,
            others text); every column not named is expected blank, except ``plan``,
            ``sheet`` (the file's stem and the sheet) and ``shape`` (``shape`` below).
        shape: the reader (``action log``, ``gantt``, ``milestones``).
        unused: the columns the load report names as not used (``"A 'ID'"``...).
        notes: words each of some note of the load report holds.
        refusal: for a plan that must be refused: the one error line's start and a phrase
            it holds.
    """

    sheet: str
    as_of: str
    rows: list[dict] = field(default_factory=list)
    shape: str = "action log"
    unused: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    refusal: tuple[str, str] | None = None


def _csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


# --- 21. MS Project: CSV through the export map ------------------------------------------------


def ms_project_csv(folder: Path) -> Path:
    """MS Project "Save As" CSV with the default task map: the project summary task (outline
    level 0) and two summary tasks (level 1) over their sub-tasks (level 2); dates as UK
    MS Project writes them ("05/10/2015 08:00"); Unique_ID the stable key; Percent_Complete.
    """
    return _csv(
        folder / "beds_mobilisation.csv",
        [
            [
                "ID",
                "Unique_ID",
                "Outline_Level",
                "Name",
                "Duration",
                "Start_Date",
                "Finish_Date",
                "Predecessors",
                "Resource_Names",
                "Percent_Complete",
                "Notes",
            ],
            [
                0,
                0,
                0,
                "Community beds mobilisation",
                "60 days",
                "05/10/2015 08:00",
                "25/12/2015 17:00",
                "",
                "",
                "35%",
                "",
            ],
            [
                1,
                1,
                1,
                "Workforce",
                "30 days",
                "05/10/2015 08:00",
                "13/11/2015 17:00",
                "",
                "",
                "60%",
                "",
            ],
            [
                2,
                4,
                2,
                "Recruit ward staff",
                "20 days",
                "05/10/2015 08:00",
                "30/10/2015 17:00",
                "",
                "HR Business Partner",
                "100%",
                "Band 5 and 6 posts",
            ],
            [
                3,
                5,
                2,
                "Induction and training",
                "10 days",
                "02/11/2015 08:00",
                "13/11/2015 17:00",
                "2",
                "Clinical Educator",
                "50%",
                "",
            ],
            [
                4,
                2,
                1,
                "Estates",
                "25 days",
                "19/10/2015 08:00",
                "20/11/2015 17:00",
                "",
                "",
                "20%",
                "",
            ],
            [
                5,
                6,
                2,
                "Ward refurbishment",
                "20 days",
                "19/10/2015 08:00",
                "13/11/2015 17:00",
                "",
                "Estates Manager",
                "25%",
                "",
            ],
            [
                6,
                7,
                2,
                "Equipment delivered",
                "5 days",
                "16/11/2015 08:00",
                "20/11/2015 17:00",
                "5",
                "Estates Manager",
                "0%",
                "",
            ],
            [
                7,
                3,
                1,
                "Go live",
                "0 days",
                "30/11/2015 08:00",
                "30/11/2015 08:00",
                "3;6",
                "Project Manager",
                "0%",
                "Milestone",
            ],
        ],
    )


_BEDS = "beds_mobilisation.csv!beds_mobilisation!"

MS_PROJECT_CSV_EXPECTED = WholeTable(
    sheet="beds_mobilisation",
    as_of="2015-10-31",
    rows=[
        # the summary tasks (rows 2, 3, 6) are sections, not tasks; the task_id is Unique_ID
        dict(
            task_id="4",
            section="Workforce",
            task="Recruit ward staff",
            lead="HR Business Partner",
            start="2015-10-05",
            end="2015-10-30",
            status="complete",
            state="complete",
            due_text="30/10/2015 17:00",
            source=_BEDS + "4",
        ),
        # 50%: in progress, although it starts on 2 November
        dict(
            task_id="5",
            section="Workforce",
            task="Induction and training",
            lead="Clinical Educator",
            start="2015-11-02",
            end="2015-11-13",
            status="in progress",
            state="in progress",
            due_text="13/11/2015 17:00",
            source=_BEDS + "5",
        ),
        dict(
            task_id="6",
            section="Estates",
            task="Ward refurbishment",
            lead="Estates Manager",
            start="2015-10-19",
            end="2015-11-13",
            status="in progress",
            state="in progress",
            due_text="13/11/2015 17:00",
            source=_BEDS + "7",
        ),
        dict(
            task_id="7",
            section="Estates",
            task="Equipment delivered",
            lead="Estates Manager",
            start="2015-11-16",
            end="2015-11-20",
            status="not started",
            state="not started",
            due_text="20/11/2015 17:00",
            source=_BEDS + "8",
        ),
        # level 1 under the project summary task: its section is the project's
        dict(
            task_id="3",
            section="Community beds mobilisation",
            task="Go live",
            lead="Project Manager",
            start="2015-11-30",
            end="2015-11-30",
            status="not started",
            state="not started",
            due_text="30/11/2015 08:00",
            source=_BEDS + "9",
        ),
    ],
    unused=("A 'ID'", "E 'Duration'", "H 'Predecessors'", "K 'Notes'"),
    notes=("3 summary task(s) (from column C's outline levels)",),
)


# --- 22. MS Project: "Save as Excel" ------------------------------------------------------------

D9, D17 = dt.time(8), dt.time(17)


def ms_project_excel(folder: Path) -> Path:
    """MS Project saved as an Excel workbook: Task_Table with Unique ID, WBS, Outline Level,
    dates with their times, % Complete as a share, a Milestone flag and a Cost column; and the
    Resource_Table sheet of the same export, which is no plan."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Task_Table"
    headers = [
        "Unique ID", "WBS", "Name", "Duration", "Start", "Finish", "% Complete",
        "Predecessors", "Outline Level", "Resource Names", "Milestone", "Cost",
    ]  # fmt: skip
    rows = [
        (1, "1", "Virtual ward expansion", "120 days", D(2025, 4, 1, 8), D(2025, 9, 30, 17),
         0.45, None, 1, None, "No", 182000),
        (2, "1.1", "Clinical model", "40 days", D(2025, 4, 1, 8), D(2025, 5, 26, 17), 1.0,
         None, 2, None, "No", 12000),
        (3, "1.1.1", "Agree inclusion criteria", "10 days", D(2025, 4, 1, 8),
         D(2025, 4, 14, 17), 1.0, None, 3, "Clinical Director", "No", 2000),
        (4, "1.1.2", "Pathway sign-off", "0 days", D(2025, 5, 26, 8), D(2025, 5, 26, 8), 1.0,
         "3", 3, "Medical Director", "Yes", 0),
        (5, "1.2", "Workforce", "60 days", D(2025, 5, 1, 8), D(2025, 7, 24, 17), 0.5, None, 2,
         None, "No", 150000),
        (6, "1.2.1", "Recruit virtual ward nurses", "50 days", D(2025, 5, 1, 8),
         D(2025, 7, 10, 17), 0.6, "4", 3, "Head of Nursing", "No", 140000),
        (7, "1.2.2", "Remote monitoring training", "10 days", D(2025, 7, 11, 8),
         D(2025, 7, 24, 17), 0.0, "6", 3, "Clinical Educator", "No", 10000),
        (8, "1.3", "Go live: 40 additional beds", "0 days", D(2025, 9, 30, 17),
         D(2025, 9, 30, 17), 0.0, "7", 2, "Programme Manager", "Yes", 0),
    ]  # fmt: skip
    _table(ws, 1, headers, rows)
    for r in range(2, len(rows) + 2):
        ws.cell(r, 7).number_format = "0%"
        ws.cell(r, 12).number_format = '"£"#,##0.00'
    resources = wb.create_sheet("Resource_Table")
    _table(
        resources,
        1,
        ["ID", "Name", "Initials", "Max Units", "Standard Rate", "Cost"],
        [
            (1, "Clinical Director", "CD", 0.2, 95.0, 15200),
            (2, "Head of Nursing", "HN", 0.5, 60.0, 24000),
            (3, "Clinical Educator", "CE", 1.0, 38.0, 3040),
        ],
    )
    path = folder / "virtual_wards.xlsx"
    wb.save(path)
    return path


_VW = "virtual_wards.xlsx!Task_Table!"

MS_PROJECT_EXCEL_EXPECTED = WholeTable(
    sheet="Task_Table",
    as_of="2025-06-30",
    rows=[
        # Outline Level 3 under "Clinical model" (level 2) under the project (level 1)
        dict(
            task_id="3",
            section="Clinical model",
            task="Agree inclusion criteria",
            lead="Clinical Director",
            start="2025-04-01",
            end="2025-04-14",
            status="complete",
            state="complete",
            due_text="2025-04-14 17:00:00",
            source=_VW + "4",
        ),
        dict(
            task_id="4",
            section="Clinical model",
            task="Pathway sign-off",
            lead="Medical Director",
            start="2025-05-26",
            end="2025-05-26",
            status="complete",
            state="complete",
            due_text="2025-05-26 08:00:00",
            source=_VW + "5",
        ),
        # 60% done, ends 10 July: in progress on 30 June
        dict(
            task_id="6",
            section="Workforce",
            task="Recruit virtual ward nurses",
            lead="Head of Nursing",
            start="2025-05-01",
            end="2025-07-10",
            status="in progress",
            state="in progress",
            due_text="2025-07-10 17:00:00",
            source=_VW + "7",
        ),
        dict(
            task_id="7",
            section="Workforce",
            task="Remote monitoring training",
            lead="Clinical Educator",
            start="2025-07-11",
            end="2025-07-24",
            status="not started",
            state="not started",
            due_text="2025-07-24 17:00:00",
            source=_VW + "8",
        ),
        # level 2 again: back under the project summary task
        dict(
            task_id="8",
            section="Virtual ward expansion",
            task="Go live: 40 additional beds",
            lead="Programme Manager",
            start="2025-09-30",
            end="2025-09-30",
            status="not started",
            state="not started",
            due_text="2025-09-30 17:00:00",
            source=_VW + "9",
        ),
    ],
    unused=("B 'WBS'", "D 'Duration'", "H 'Predecessors'", "K 'Milestone'", "L 'Cost'"),
    notes=("3 summary task(s) (from column I's outline levels)",),
)


# --- 23. Smartsheet: a project sheet exported to Excel -----------------------------------------


def smartsheet_export(folder: Path) -> Path:
    """Smartsheet's "Export to Excel" of a project sheet: the parent rows ("Phase 1: Set
    up") hold their children as Excel row groups (outline level 1); Duration "30d";
    Predecessors "6FS +5d"; Status words beside a % Complete; a top-level row with no
    children is a task of its own."""
    wb = Workbook()
    ws = wb.active
    ws.title = "UCR mobilisation"
    headers = [
        "Task Name", "Start Date", "End Date", "Duration", "Predecessors", "Assigned To",
        "% Complete", "Status", "Comments",
    ]  # fmt: skip
    rows = [  # (level, values)
        (0, ("Phase 1: Set up", D(2025, 4, 7), D(2025, 5, 30), "40d", None, None, 0.75,
             "In Progress", None)),
        (1, ("Recruit 2-hour response team", D(2025, 4, 7), D(2025, 5, 16), "30d", None,
             "Amira Patel", 1.0, "Complete", "All posts filled")),
        (1, ("Procure rapid-response vehicles", D(2025, 4, 14), D(2025, 5, 30), "35d", None,
             "Tom Reilly", 0.5, "In Progress", "Lease agreed, two of four delivered")),
        (0, ("Phase 2: Launch", D(2025, 6, 2), D(2025, 7, 31), "44d", None, None, 0.0,
             "Not Started", None)),
        (1, ("Referral line live", D(2025, 6, 2), D(2025, 6, 2), "0", "3", "Amira Patel", 0.0,
             "Not Started", None)),
        (1, ("Falls pathway with ambulance trust", D(2025, 6, 9), D(2025, 7, 31), "40d",
             "6FS +5d", "Dr Sam Hughes", 0.0, "Not Started", None)),
        (0, ("Evaluation report to ICB board", D(2025, 9, 30), D(2025, 9, 30), "0", None,
             "Kim Ward", 0.0, "Not Started", None)),
    ]  # fmt: skip
    _table(ws, 1, headers, [values for _, values in rows])
    for r, (level, _) in enumerate(rows, start=2):
        if level:
            ws.row_dimensions[r].outline_level = level
        ws.cell(r, 7).number_format = "0%"
    path = folder / "ucr_mobilisation.xlsx"
    wb.save(path)
    return path


_UCR = "ucr_mobilisation.xlsx!UCR mobilisation!"

SMARTSHEET_EXPECTED = WholeTable(
    sheet="UCR mobilisation",
    as_of="2025-05-31",
    rows=[
        # no ID column: a task is known by its sheet and row
        dict(
            task_id="UCR mobilisation!3",
            section="Phase 1: Set up",
            task="Recruit 2-hour response team",
            lead="Amira Patel",
            start="2025-04-07",
            end="2025-05-16",
            status="complete",
            state="complete",
            due_text="2025-05-16",
            source=_UCR + "3",
        ),
        # "In Progress" and due 30 May: overdue on 31 May
        dict(
            task_id="UCR mobilisation!4",
            section="Phase 1: Set up",
            task="Procure rapid-response vehicles",
            lead="Tom Reilly",
            start="2025-04-14",
            end="2025-05-30",
            status="overdue",
            state="in progress",
            due_text="2025-05-30",
            source=_UCR + "4",
        ),
        dict(
            task_id="UCR mobilisation!6",
            section="Phase 2: Launch",
            task="Referral line live",
            lead="Amira Patel",
            start="2025-06-02",
            end="2025-06-02",
            status="not started",
            state="not started",
            due_text="2025-06-02",
            source=_UCR + "6",
        ),
        dict(
            task_id="UCR mobilisation!7",
            section="Phase 2: Launch",
            task="Falls pathway with ambulance trust",
            lead="Dr Sam Hughes",
            start="2025-06-09",
            end="2025-07-31",
            status="not started",
            state="not started",
            due_text="2025-07-31",
            source=_UCR + "7",
        ),
        # a top-level row with no children: a task in no phase
        dict(
            task_id="UCR mobilisation!8",
            task="Evaluation report to ICB board",
            lead="Kim Ward",
            start="2025-09-30",
            end="2025-09-30",
            status="not started",
            state="not started",
            due_text="2025-09-30",
            source=_UCR + "8",
        ),
    ],
    unused=("D 'Duration'", "E 'Predecessors'", "G '% Complete'", "I 'Comments'"),
    notes=("2 summary task(s) (from the rows' outline grouping)",),
)


# --- 24. Microsoft Planner: "Export plan to Excel" ---------------------------------------------


def planner_export(folder: Path) -> Path:
    """Planner's export: the plan's name, ID and date of export above a header on row 5;
    Task ID the plan's 28-character key; Bucket Name the section; Progress words; dates as
    text (dd/mm/yyyy, a UK tenant); two people assigned in one cell; a task with no dates."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Discharge to assess"
    ws["A1"], ws["B1"] = "Plan name", "Discharge to assess"
    ws["A2"], ws["B2"] = "Plan ID", "xqzUg9fRmEyW3cT1Qb2kD2UAF8bY"
    ws["A3"], ws["B3"] = "Date of export", "14/07/2025"
    headers = [
        "Task ID", "Task Name", "Bucket Name", "Progress", "Priority", "Assigned To",
        "Created By", "Created Date", "Start date", "Due date", "Is Recurring", "Late",
        "Completed Date", "Completed By", "Completed Checklist Items", "Checklist Items",
        "Labels", "Description",
    ]  # fmt: skip
    rows = [
        ("Kf3xQ0aLm2u9PZc1VbR7s2UAHk4T", "Agree D2A pathway 1 criteria", "Pathway design",
         "Completed", "Important", "Priya Shah", "Priya Shah", "02/04/2025", "07/04/2025",
         "30/05/2025", "false", "false", "28/05/2025", "Priya Shah", "3/3",
         "Draft;Consult;Sign off", "Pathway", "Criteria agreed with the acute trust"),
        ("Wm8nT4cRr1yHq6LdE0pS3UAJk9Zx", "Mobilise step-down beds at Elm Lodge", "Capacity",
         "In progress", "Urgent", "Dan Cole;Ruth Ede", "Priya Shah", "02/04/2025",
         "01/05/2025", "30/06/2025", "false", "true", None, None, "1/4",
         "CQC;Staffing;Contract;Open", "Beds", "12 beds from July"),
        ("Ab2cD3eF4gH5iJ6kL7mN8oP9qR0s", "Weekend discharge team", "Capacity", "Not started",
         "Medium", "Ruth Ede", "Dan Cole", "10/04/2025", None, "15/09/2025", "false",
         "false", None, None, None, None, None, None),
        ("Zy9xW8vU7tS6rQ5pO4nM3lK2jI1h", "Care home trusted assessor", "Pathway design",
         "Not started", "Low", None, "Dan Cole", "11/04/2025", None, None, "false", "false",
         None, None, None, None, None, "Scope to be agreed"),
    ]  # fmt: skip
    _table(ws, 5, headers, rows)
    path = folder / "d2a_planner.xlsx"
    wb.save(path)
    return path


_D2A = "d2a_planner.xlsx!Discharge to assess!"

PLANNER_EXPECTED = WholeTable(
    sheet="Discharge to assess",
    as_of="2025-07-14",
    rows=[
        # completed on 28 May, before its due date: met then
        dict(
            task_id="Kf3xQ0aLm2u9PZc1VbR7s2UAHk4T",
            section="Pathway design",
            task="Agree D2A pathway 1 criteria",
            lead="Priya Shah",
            start="2025-04-07",
            end="2025-05-28",
            status="complete",
            state="complete",
            due_text="30/05/2025",
            source=_D2A + "6",
        ),
        dict(
            task_id="Wm8nT4cRr1yHq6LdE0pS3UAJk9Zx",
            section="Capacity",
            task="Mobilise step-down beds at Elm Lodge",
            lead="Dan Cole;Ruth Ede",
            start="2025-05-01",
            end="2025-06-30",
            status="overdue",
            state="in progress",
            due_text="30/06/2025",
            source=_D2A + "7",
        ),
        dict(
            task_id="Ab2cD3eF4gH5iJ6kL7mN8oP9qR0s",
            section="Capacity",
            task="Weekend discharge team",
            lead="Ruth Ede",
            end="2025-09-15",
            status="not started",
            state="not started",
            due_text="15/09/2025",
            source=_D2A + "8",
        ),
        # no due date: undated, never a guess
        dict(
            task_id="Zy9xW8vU7tS6rQ5pO4nM3lK2jI1h",
            section="Pathway design",
            task="Care home trusted assessor",
            status="undated",
            state="not started",
            source=_D2A + "9",
        ),
    ],
    unused=(
        "E 'Priority'",
        "G 'Created By'",
        "K 'Is Recurring'",
        "L 'Late'",
        "N 'Completed By'",
        "O 'Completed Checklist Items'",
        "P 'Checklist Items'",
        "Q 'Labels'",
        "R 'Description'",
    ),  # fmt: skip
)


# --- 25. a Gantt over ISO week numbers under the year -------------------------------------------


def iso_week_gantt(folder: Path) -> Path:
    """Diagnostics recovery Gantt: "2025" merged over W14 ... W35 and the title saying the
    weeks are ISO weeks; bars painted; a bold heading row.

    ISO week 14 of 2025 starts Monday 31 March 2025; week n starts 7(n-14) days later."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws["A1"] = "Elective recovery: diagnostics (weeks are ISO weeks)"
    ws["D2"] = 2025
    ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=25)
    for c, label in enumerate(["Ref", "Action", "Lead"] + [f"W{w}" for w in range(14, 36)], 1):
        ws.cell(3, c, label)
    rows = [  # ref, action, lead, first week, last week
        ("D1", "Extra CT sessions on Saturdays", "Imaging Manager", 14, 22),
        ("D2", "Community diagnostic centre: MRI", "CDC Lead", 18, 30),
        ("D3", "Endoscopy insourcing", "Endoscopy Lead", 27, 35),
        (None, "Validation", None, None, None),
        ("D4", "Validate the waiting list", "Access Lead", 14, 15),
    ]
    for r, (ref, action, lead, first, last) in enumerate(rows, start=4):
        ws.cell(r, 1, ref)
        ws.cell(r, 2, action).font = BOLD if ref is None else Font()
        ws.cell(r, 3, lead)
        if first is not None:
            for week in range(first, last + 1):
                ws.cell(r, 4 + week - 14).fill = _fill("5B9BD5")
    path = folder / "diagnostics_weeks.xlsx"
    wb.save(path)
    return path


_DX = "diagnostics_weeks.xlsx!Plan!"

ISO_WEEK_EXPECTED = WholeTable(
    sheet="Plan",
    as_of="2025-06-30",
    shape="gantt",
    rows=[
        # W14 (Mon 31 March) to W22 (Sun 1 June 2025): ended before 30 June, not complete
        dict(
            task_id="D1",
            task="Extra CT sessions on Saturdays",
            lead="Imaging Manager",
            start="2025-03-31",
            end="2025-06-01",
            status="overdue",
            colour="#5B9BD5",
            source=_DX + "4",
        ),
        # W18 (Mon 28 April) to W30 (Sun 27 July)
        dict(
            task_id="D2",
            task="Community diagnostic centre: MRI",
            lead="CDC Lead",
            start="2025-04-28",
            end="2025-07-27",
            status="in progress",
            colour="#5B9BD5",
            source=_DX + "5",
        ),
        # W27 (Mon 30 June) to W35 (Sun 31 August): starts on the reporting date
        dict(
            task_id="D3",
            task="Endoscopy insourcing",
            lead="Endoscopy Lead",
            start="2025-06-30",
            end="2025-08-31",
            status="in progress",
            colour="#5B9BD5",
            source=_DX + "6",
        ),
        # under the bold heading; W14 to W15 (Sun 13 April)
        dict(
            task_id="D4",
            section="Validation",
            task="Validate the waiting list",
            lead="Access Lead",
            start="2025-03-31",
            end="2025-04-13",
            status="overdue",
            colour="#5B9BD5",
            source=_DX + "8",
        ),
    ],
    notes=("week numbers 14 to 35 read as ISO weeks (Monday to Sunday) of 2025",),
)


# --- 26. an action log due by quarters of the financial year ------------------------------------


def quarter_due_log(folder: Path) -> Path:
    """A mental health delivery plan 2025/26: due dates as quarters however written ("Q1
    2025/26", "Q3 25/26", "Q1-Q2 2025/26", "Quarter 4 2025-26"), one of a calendar year
    ("Q3 2025": which?) and one with no year ("Q4", after a row due in Q4 2025/26)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws["A1"] = "Mental health delivery plan 2025/26"
    _table(
        ws,
        3,
        ["Ref", "Action", "Owner", "Due", "Status"],
        [
            (
                "MH1",
                "Open a crisis cafe in the north locality",
                "Crisis Lead",
                "Q1 2025/26",
                "Complete",
            ),
            (
                "MH2",
                "Expand IPS employment support",
                "Commissioning Manager",
                "Q3 25/26",
                "On track",
            ),
            (
                "MH3",
                "Recommission talking therapies",
                "Head of Contracts",
                "Q1-Q2 2025/26",
                "Delayed",
            ),
            ("MH4", "Perinatal pathway review", "Perinatal Lead", "Quarter 4 2025-26", None),
            ("MH5", "Dementia diagnosis audit", "Primary Care Lead", "Q3 2025", None),
            ("MH6", "Section 136 suite review", "Crisis Lead", "Q4", None),
        ],  # fmt: skip
    )
    path = folder / "mh_delivery.xlsx"
    wb.save(path)
    return path


_MH = "mh_delivery.xlsx!Actions!"

QUARTER_LOG_EXPECTED = WholeTable(
    sheet="Actions",
    as_of="2025-10-31",
    rows=[
        # Q1 = April-June: due 30 June 2025
        dict(
            task_id="MH1",
            task="Open a crisis cafe in the north locality",
            lead="Crisis Lead",
            start="2025-04-01",
            end="2025-06-30",
            status="complete",
            state="complete",
            due_text="Q1 2025/26",
            source=_MH + "4",
        ),
        # Q3 = October-December: started by 31 October
        dict(
            task_id="MH2",
            task="Expand IPS employment support",
            lead="Commissioning Manager",
            start="2025-10-01",
            end="2025-12-31",
            status="in progress",
            state="on track",
            due_text="Q3 25/26",
            source=_MH + "5",
        ),
        # Q1-Q2: April to the end of September (not the end of June)
        dict(
            task_id="MH3",
            task="Recommission talking therapies",
            lead="Head of Contracts",
            start="2025-04-01",
            end="2025-09-30",
            status="overdue",
            state="delayed",
            due_text="Q1-Q2 2025/26",
            source=_MH + "6",
        ),
        dict(
            task_id="MH4",
            task="Perinatal pathway review",
            lead="Perinatal Lead",
            start="2026-01-01",
            end="2026-03-31",
            status="not started",
            due_text="Quarter 4 2025-26",
            source=_MH + "7",
        ),
        # Q3 of 2025 or of 2025/26? no date, and the report says why
        dict(
            task_id="MH5",
            task="Dementia diagnosis audit",
            lead="Primary Care Lead",
            status="undated",
            due_text="Q3 2025",
            source=_MH + "8",
        ),
        # "Q4" alone: the Q4 nearest the row before (due 31 March 2026)
        dict(
            task_id="MH6",
            task="Section 136 suite review",
            lead="Crisis Lead",
            start="2026-01-01",
            end="2026-03-31",
            status="not started",
            due_text="Q4",
            source=_MH + "9",
        ),
    ],
)


# --- 27 and 28: refusals -------------------------------------------------------------------------


def fy_week_gantt(folder: Path) -> Path:
    """A winter plan with "2025/26" merged over "Wk 1" ... "Wk 12" and nothing saying whether
    week 1 is January's (ISO) or April's (the financial year's): refused, with how to say."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws["A1"] = "Winter resilience plan"
    ws["C2"] = "2025/26"
    ws.merge_cells(start_row=2, start_column=3, end_row=2, end_column=14)
    for c, label in enumerate(["Action", "Lead"] + [f"Wk {w}" for w in range(1, 13)], 1):
        ws.cell(3, c, label)
    ws["A4"], ws["B4"] = "Open escalation beds", "Site Director"
    for c in range(5, 9):
        ws.cell(4, c).fill = _fill("FFC000")
    path = folder / "winter_weeks.xlsx"
    wb.save(path)
    return path


FY_WEEK_EXPECTED = WholeTable(
    sheet="Plan",
    as_of="2025-10-31",
    shape="gantt",
    refusal=(
        "winter_weeks.xlsx!Plan!C3: week numbers 1 to 12 under the financial year 2025/26: "
        "ISO weeks (week 1 in January) or weeks of the financial year (week 1 in April)?",
        "time_axis: {start: YYYY-MM-DD}",
    ),
)


def ms_project_no_dates(folder: Path) -> Path:
    """An MS Project export mapped without its dates (Name, Duration, Predecessors,
    Resource_Names): tasks but no start, finish or due date, so no plan to read."""
    return _csv(
        folder / "no_dates.csv",
        [
            ["ID", "Outline_Level", "Name", "Duration", "Predecessors", "Resource_Names"],
            [1, 1, "Recruit staff", "20 days", "", "HR"],
            [2, 1, "Train staff", "10 days", "1", "Clinical Educator"],
        ],
    )


NO_DATES_EXPECTED = WholeTable(
    sheet="no_dates",
    as_of="2015-10-31",
    refusal=(
        "no_dates.csv: no sheet holds a plan (a Gantt grid, an action log or a milestone "
        "plan): no_dates: header row 1 (",
        "has no due or end date column",
    ),
)


WHOLE_TABLES = {
    "ms_project_csv": (ms_project_csv, MS_PROJECT_CSV_EXPECTED),
    "ms_project_excel": (ms_project_excel, MS_PROJECT_EXCEL_EXPECTED),
    "smartsheet_export": (smartsheet_export, SMARTSHEET_EXPECTED),
    "planner_export": (planner_export, PLANNER_EXPECTED),
    "iso_week_gantt": (iso_week_gantt, ISO_WEEK_EXPECTED),
    "quarter_due_log": (quarter_due_log, QUARTER_LOG_EXPECTED),
    "fy_week_gantt": (fy_week_gantt, FY_WEEK_EXPECTED),
    "ms_project_no_dates": (ms_project_no_dates, NO_DATES_EXPECTED),
}
"""Shape name -> (builder, the whole tasks table or the refusal a reader must give)."""
