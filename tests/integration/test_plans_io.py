"""Each plan shape read from a small workbook built here, with start/end dates checkable by hand."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.colors import Color

from commissioning_analytics.errors import ValidationError, WorkbookError
from commissioning_analytics.io.plans import (
    ACTION_LOG,
    COLUMNS,
    GANTT,
    MILESTONES,
    fill_colour,
    load_plan,
    plan_versions,
    split_deliverables,
    tasks_for_csv,
)
from fixtures import plan_as_of

pytestmark = pytest.mark.integration

D = dt.date
BLUE, ORANGE, GREEN = "9DC3E6", "F4B183", "A9D18E"
BOLD = Font(bold=True)


def ts(text):
    return pd.Timestamp(text)


def gantt_workbook(path, axis=None):
    """A Gantt grid: weeks commencing 14, 21, 28 December 2026, then "Jan" and "Feb" (no year).

    Columns: A ID, B Task, C Lead, D..H the time axis. Legend below the tasks.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws["A1"] = "Community beds project plan"
    axis = axis or [
        dt.datetime(2026, 12, 14),
        dt.datetime(2026, 12, 21),
        dt.datetime(2026, 12, 28),
        "Jan",
        "Feb",
    ]
    for c, label in enumerate(["ID", "Task", "Lead"] + axis, start=1):
        ws.cell(3, c, label)
    ws.cell(4, 1, "Mobilisation").font = BOLD  # heading row -> section
    ws.cell(5, 3, "R. Hughes")  # a lead alone under the heading: not a task

    def task(row, ident, name, lead, columns, colour):
        ws.cell(row, 1, ident)
        ws.cell(row, 2, name)
        if lead:
            ws.cell(row, 3, lead)
        for c in columns:
            ws.cell(row, c).fill = PatternFill("solid", fgColor=colour)

    task(6, "1", "Service specification", "J. Moore", [4, 5], BLUE)  # w/c 14 + 21 Dec
    task(7, "2", "Recruitment", "HR", [6, 7], ORANGE)  # w/c 28 Dec + Jan
    ws.cell(8, 2, "Delivery").font = BOLD  # second heading, in bold ...
    ws.cell(8, 3, "K. Singh")  # ... naming the workstream's lead: still a heading
    task(9, "3", "Commencement of service", "J. Moore", [7, 8], BLUE)  # Jan + Feb 2027
    task(10, "4", "Evaluation", "PMO", [8], GREEN)  # colour not in the legend
    ws.cell(12, 2, "Resource coding structure")
    ws.cell(13, 2).fill = PatternFill("solid", fgColor=BLUE)
    ws.cell(13, 3, "Commissioning")
    ws.cell(14, 2).fill = PatternFill("solid", fgColor=ORANGE)
    ws.cell(14, 3, "Workforce")
    wb.save(path)
    return path


def test_gantt_bars_run_from_the_first_period_start_to_the_last_period_end(tmp_path):
    load = plan_as_of(gantt_workbook(tmp_path / "beds.xlsx"), "2026-12-31")
    tasks = load.tasks.set_index("task_id")
    assert list(load.tasks.columns) == list(COLUMNS)
    assert len(tasks) == 4  # the heading rows and the lead-only row are not tasks
    # w/c Mon 14 Dec 2026 to the end of w/c 21 Dec (Sun 27 Dec)
    assert (tasks.loc["1", "start"], tasks.loc["1", "end"]) == (ts("2026-12-14"), ts("2026-12-27"))
    # w/c 28 Dec 2026 then "Jan": January is 2027 (carried over), so 28 Dec 2026 - 31 Jan 2027
    assert (tasks.loc["2", "start"], tasks.loc["2", "end"]) == (ts("2026-12-28"), ts("2027-01-31"))
    # "Jan" + "Feb": 1 Jan - 28 Feb 2027
    assert (tasks.loc["3", "start"], tasks.loc["3", "end"]) == (ts("2027-01-01"), ts("2027-02-28"))
    assert tasks.loc["1", "section"] == "Mobilisation"
    assert tasks.loc["3", "section"] == "Delivery"
    assert tasks.loc["1", "shape"] == GANTT
    assert tasks.loc["1", "source"] == "beds.xlsx!Plan!6"


def test_the_reader_says_what_the_sheet_says_and_the_model_reads_status_as_of_a_date(tmp_path):
    # the reader leaves status blank (a rule of the model, not of the sheet); one read serves
    # every reporting date. Task 3 runs 1 January to 28 February 2027: not started on 15
    # December, in progress on 15 January, overdue on 1 March (it does not say complete).
    from commissioning_analytics.model.plans import with_status

    tasks = load_plan(gantt_workbook(tmp_path / "beds.xlsx")).tasks.set_index("task_id")
    assert tasks["status"].isna().all()
    dates = ("2026-12-15", "2027-01-15", "2027-03-01")
    assert [with_status(tasks, d).loc["3", "status"] for d in dates] == [
        "not started",
        "in progress",
        "overdue",
    ]


def test_gantt_legend_maps_bar_colours_to_teams(tmp_path):
    load = plan_as_of(gantt_workbook(tmp_path / "beds.xlsx"), "2026-12-31")
    teams = load.tasks.set_index("task_id")["team"]
    assert teams["1"] == "Commissioning" and teams["2"] == "Workforce"
    assert teams["4"] is None  # green is not in the legend ...
    assert any("#A9D18E" in note and "H10" in note for note in load.report.sheets[0].notes)


def test_gantt_every_row_is_accounted_for(tmp_path):
    report = plan_as_of(gantt_workbook(tmp_path / "beds.xlsx"), "2026-12-31").report
    sheet = report.sheets[0]
    # 14 rows: 2 above the header (title and an empty row), 1 header, 2 headings, 1 lead
    # only, 4 tasks, 1 blank (row 11), 3 legend rows (its title + 2 entries)
    assert sheet.rows_read == 14
    assert sheet.rows == {
        "title": 2,
        "header": 1,
        "heading": 2,
        "lead only": 1,
        "task": 4,
        "blank": 1,
        "legend": 3,
    }
    assert sum(sheet.rows.values()) == sheet.rows_read
    assert "2026-12-14 to 2027-02-28 (3 weeks, 2 months)" in report.summary()


def test_gantt_with_numbered_months_and_a_misspelt_one(tmp_path):
    axis = ["Oct 2026", "Nov", "month3", "mnth4", "moth 5"]  # Oct 2026 ... Feb 2027
    path = gantt_workbook(tmp_path / "months.xlsx", axis=axis)
    tasks = plan_as_of(path, "2026-10-31").tasks.set_index("task_id")
    # columns F, G are "month3" (Dec 2026) and "mnth4" (Jan 2027)
    assert (tasks.loc["2", "start"], tasks.loc["2", "end"]) == (ts("2026-12-01"), ts("2027-01-31"))
    assert tasks.loc["4", "end"] == ts("2027-02-28")  # "moth 5" = February 2027


def test_gantt_axis_no_column_places_is_a_problem_naming_the_cell(tmp_path):
    path = gantt_workbook(tmp_path / "weeks.xlsx", axis=["wk 1", "wk 2", "wk 3", "wk 4", "wk 5"])
    with pytest.raises(ValidationError) as caught:
        load_plan(path)
    lines = caught.value.lines()
    # the whole axis in one line: its first cell, how many columns, its last cell
    assert len(lines) == 1, lines
    assert lines[0].startswith("weeks.xlsx!Plan!D3: 5 columns to H3: week number that nothing")
    assert "a year above the grid, or a mapping file's time_axis" in lines[0]


def action_log(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws["A1"] = "Integration board action log"
    for c, label in enumerate(["No", "Action", "Lead", "Due", "Status"], start=1):
        ws.cell(3, c, label)
    rows = [
        (None, "Governance", None, None, None),  # heading
        ("1", "Agree terms of reference", "Chair", "Jan 08", "Complete"),
        ("2", "Pooled budget contributions", "CFO", "Feb & March 08", None),
        ("3", "Report to the board", "PM", "March Meeting", None),
        ("4", "Risk register review", "PMO", "Ongoing", None),
        ("5", "Single point of access", "JM", "See notes", None),
        ("6", "Staff consultation", "HR", "Agreed", None),
        ("7", "Estates options", "Estates", "April – May 2008", None),
    ]
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    wb.save(path)
    return path


def test_action_log_due_dates_and_states(tmp_path):
    load = plan_as_of(action_log(tmp_path / "log.xlsx"), "2008-02-15")
    tasks = load.tasks.set_index("task_id")
    assert set(tasks["shape"]) == {ACTION_LOG}
    assert len(tasks) == 7
    assert tasks.loc["1", "end"] == ts("2008-01-31") and tasks.loc["1", "state"] == "complete"
    assert (tasks.loc["2", "start"], tasks.loc["2", "end"]) == (ts("2008-02-01"), ts("2008-03-31"))
    # "March Meeting": the March nearest the rows around it (Feb & March 08) -> 31 March 2008
    assert tasks.loc["3", "end"] == ts("2008-03-31")
    assert pd.isna(tasks.loc["4", "end"]) and tasks.loc["4", "state"] == "ongoing"
    assert pd.isna(tasks.loc["5", "end"]) and tasks.loc["5", "state"] is None
    assert tasks.loc["6", "state"] == "agreed"
    assert tasks.loc["7", "end"] == ts("2008-05-31")
    assert tasks.loc["1", "section"] == "Governance"
    # statuses as of 15 February 2008
    assert tasks["status"].to_dict() == {
        "1": "complete",
        "2": "in progress",
        "3": "not started",
        "4": "ongoing",
        "5": "undated",
        "6": "complete",
        "7": "not started",
    }
    undated = load.report.undated
    assert len(undated) == 3  # Ongoing, See notes, Agreed: no date named, none guessed
    assert any(line.startswith("Actions!D9 'See notes'") for line in undated)


def milestone_plan(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Transition"
    for c, label in enumerate(["Stage", "Target date", "Deliverables", "Lead"], start=1):
        ws.cell(2, c, label)
    ws.cell(3, 1, "Stage 1: Case for change")
    ws.cell(3, 2, dt.datetime(2026, 6, 30))
    ws.cell(3, 3, "• Case for change\n• Engagement report")
    ws.cell(4, 3, "• Board paper")  # continues stage 1
    ws.cell(5, 1, "Stage 2: Consultation")
    ws.cell(5, 2, "Nov 26")
    ws.cell(5, 3, "- Consultation document")
    ws.cell(5, 4, "JM")
    wb.save(path)
    return path


def test_milestone_plan_stage_date_and_bulleted_deliverables(tmp_path):
    load = plan_as_of(milestone_plan(tmp_path / "ms.xlsx"), "2026-10-31")
    tasks = load.tasks
    assert list(tasks["shape"]) == [MILESTONES, MILESTONES]
    assert list(tasks["end"]) == [ts("2026-06-30"), ts("2026-11-30")]
    assert tasks["deliverables"].iloc[0] == "Case for change; Engagement report; Board paper"
    assert tasks["deliverables"].iloc[1] == "Consultation document"
    assert load.report.sheets[0].rows == {
        "title": 1,
        "header": 1,
        "milestone": 2,
        "continuation": 1,
    }


def test_split_deliverables():
    assert split_deliverables("• A\n• B\n\n- C; \n1. D") == ["A", "B", "C", "D"]
    assert split_deliverables("Spec • Contract • Mobilisation plan") == [
        "Spec",
        "Contract",
        "Mobilisation plan",
    ]
    assert split_deliverables(None) == []


def test_all_shapes_in_one_workbook_and_one_sheet_chosen(tmp_path):
    gantt_workbook(tmp_path / "g.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "g.xlsx")
    log = wb.create_sheet("Actions")
    log.append(["Action", "Owner", "Due"])
    log.append(["Sign contract", "LE", "Jan 27"])
    wb.save(tmp_path / "both.xlsx")
    both = plan_as_of(tmp_path / "both.xlsx", "2026-12-31")
    assert set(both.tasks["shape"]) == {GANTT, ACTION_LOG}
    assert both.tasks["task_id"].is_unique
    only = plan_as_of(tmp_path / "both.xlsx", "2026-12-31", sheet="Actions")
    assert list(only.tasks["task"]) == ["Sign contract"]
    assert only.tasks["end"].iloc[0] == ts("2027-01-31")


def test_tasks_for_csv_writes_iso_dates(tmp_path):
    tasks = plan_as_of(gantt_workbook(tmp_path / "beds.xlsx"), "2026-12-31").tasks
    out = tasks_for_csv(tasks)
    assert out["start"].iloc[0] == "2026-12-14"
    assert list(out.columns[:8]) == [
        "task_id",
        "section",
        "task",
        "lead",
        "start",
        "end",
        "status",
        "source",
    ]


def test_fill_colours_normalised():
    assert fill_colour(PatternFill("solid", fgColor="FF9DC3E6")) == "#9DC3E6"
    assert fill_colour(PatternFill("solid", fgColor="9dc3e6")) == "#9DC3E6"
    assert fill_colour(PatternFill("solid", fgColor=Color(indexed=10))) == "#FF0000"
    assert fill_colour(PatternFill("solid", fgColor=Color(theme=4, tint=0.4))) == "theme4+0.40"
    assert fill_colour(PatternFill("solid", fgColor="FFFFFF")) is None  # white: unpainted
    assert fill_colour(PatternFill()) is None


def test_bad_inputs_are_workbook_errors(tmp_path):
    with pytest.raises(WorkbookError, match="no such file"):
        load_plan(tmp_path / "missing.xlsx")
    (tmp_path / "text.xlsx").write_text("not a workbook")
    with pytest.raises(WorkbookError, match="not an Excel workbook"):
        load_plan(tmp_path / "text.xlsx")
    gantt_workbook(tmp_path / "g.xlsx")
    with pytest.raises(WorkbookError, match="no sheet 'Nope'"):
        load_plan(tmp_path / "g.xlsx", sheet="Nope")
    wb = Workbook()
    wb.active["A1"] = "Just a note"
    wb.save(tmp_path / "empty.xlsx")
    with pytest.raises(ValidationError, match="no sheet holds a plan"):
        load_plan(tmp_path / "empty.xlsx")


def test_plan_versions_group_by_name():
    paths = [
        Path(p) for p in ("a/gantt_v2.xlsx", "a/gantt_v1.xlsx", "a/log.xlsx", "a/gantt_v10.xlsx")
    ]
    groups = plan_versions(paths)
    assert [p.name for p in groups["gantt"]] == ["gantt_v1.xlsx", "gantt_v2.xlsx", "gantt_v10.xlsx"]
    assert [p.name for p in groups["log"]] == ["log.xlsx"]


def test_gantt_progress_column_read_as_state(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Task", "% complete", "Apr 2026", "May", "Jun", "Jul"])
    for name, progress in (("a", 1.0), ("b", 0.4), ("c", "0%"), ("d", "Done")):
        ws.append([name, progress])
        ws.cell(ws.max_row, 3).fill = PatternFill("solid", fgColor=BLUE)
    wb.save(tmp_path / "p.xlsx")
    tasks = plan_as_of(tmp_path / "p.xlsx", "2026-06-15").tasks
    # 100% and "Done" are complete; 40% in progress; 0% not started
    assert list(tasks["state"]) == ["complete", "in progress", "not started", "complete"]
    assert list(tasks["status"]) == ["complete", "overdue", "overdue", "complete"]


def test_a_plan_kept_as_a_table_of_start_and_finish_dates(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Task name", "Start", "Finish", "Resource names"])
    ws.append(["Draft specification", dt.datetime(2026, 10, 5), dt.datetime(2026, 10, 30), "JM"])
    ws.append(["Market engagement", "Nov 26", "Dec 26", "LE"])
    wb.save(tmp_path / "table.xlsx")
    tasks = plan_as_of(tmp_path / "table.xlsx", "2026-10-15").tasks
    assert list(tasks["start"]) == [ts("2026-10-05"), ts("2026-11-01")]
    assert list(tasks["end"]) == [ts("2026-10-30"), ts("2026-12-31")]
    assert list(tasks["status"]) == ["due this month", "not started"]


def test_a_log_with_four_date_columns_is_not_a_gantt(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Action", "Raised", "Due date", "Revised", "Closed"])
    ws.append(
        [
            "Sign DSA",
            dt.datetime(2026, 9, 1),
            dt.datetime(2026, 10, 1),
            dt.datetime(2026, 11, 1),
            dt.datetime(2026, 10, 9),
        ]
    )
    ws.append(
        [
            "Draft DPIA",
            dt.datetime(2026, 9, 1),
            dt.datetime(2026, 10, 1),
            dt.datetime(2026, 11, 1),
            None,
        ]
    )
    ws.append(["Brief IG lead", dt.datetime(2026, 9, 1), dt.datetime(2026, 10, 1), None, None])
    wb.save(tmp_path / "log.xlsx")
    tasks = plan_as_of(tmp_path / "log.xlsx", "2026-10-15").tasks
    assert list(tasks["shape"]) == [ACTION_LOG] * 3
    # closed on 9 October: met then; revised to 1 November: due then; neither: due 1 October
    # (never the date raised, 1 September)
    assert list(tasks["end"]) == [ts("2026-10-09"), ts("2026-11-01"), ts("2026-10-01")]
    assert list(tasks["status"]) == ["complete", "not started", "overdue"]


def test_numbered_section_rows_are_headings_and_unnumbered_activities_are_tasks(tmp_path):
    # WBS numbering: "1.0" (not bold, no bar) heads 1.1 and 1.2; an activity with no number
    # but a bar is a task; "2.1" with no bar heads "2.1.1"
    wb = Workbook()
    ws = wb.active
    ws.append(["WBS", "Activity", "Owner", "Apr 2026", "May", "Jun", "Jul"])
    rows = [
        ("1.0", "Design", None, ()),
        ("1.1", "Spec", "JM", (4,)),
        (None, "Sign-off", "LE", (5,)),
        ("1.2", "Tender", None, (5, 6)),
        ("2.1", "Mobilise", None, ()),
        ("2.1.1", "Recruit", "HR", (6,)),
    ]
    for ident, activity, owner, columns in rows:
        ws.append([ident, activity, owner])
        for c in columns:
            ws.cell(ws.max_row, c).fill = PatternFill("solid", fgColor=BLUE)
    wb.save(tmp_path / "wbs.xlsx")
    tasks = plan_as_of(tmp_path / "wbs.xlsx", "2026-05-31").tasks
    assert list(tasks["task"]) == ["Spec", "Sign-off", "Tender", "Recruit"]
    assert list(tasks["section"]) == ["Design", "Design", "Design", "Mobilise"]
    assert list(tasks["task_id"])[0] == "1.1" and list(tasks["task_id"])[3] == "2.1.1"
    # Sign-off: May 2026 only
    assert (tasks["start"].iloc[1], tasks["end"].iloc[1]) == (ts("2026-05-01"), ts("2026-05-31"))


def test_a_cover_sheet_version_history_is_not_an_action_log(tmp_path):
    # PMO workbooks open with a document-control table (version, date, author/owner, change):
    # it names a date, an owner and a description, but it is not a plan
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover.append(["Version", "Date", "Owner", "Description of change"])
    cover.append([0.1, dt.datetime(2026, 9, 1), "PMO", "First draft"])
    cover.append([1.0, dt.datetime(2026, 10, 1), "PMO", "Approved by the board"])
    log = wb.create_sheet("Actions")
    log.append(["Action", "Owner", "Due"])
    log.append(["Sign contract", "LE", "Jan 27"])
    wb.save(tmp_path / "plan.xlsx")
    load = plan_as_of(tmp_path / "plan.xlsx", "2026-10-31")
    assert list(load.tasks["task"]) == ["Sign contract"]
    assert "version history" in load.report.sheets[0].reason


def test_bar_colours_in_theme_colours_are_drawn_as_excel_shows_them(tmp_path):
    # a bar painted "Accent 1, lighter 40%" (theme 4, tint 0.4) of openpyxl's default theme
    # (accent 1 = #4F81BD) is #95B3D7 in Excel's colour picker; an RGB fill stays as it is
    wb = Workbook()
    ws = wb.active
    ws.append(["Task", "Apr 2026", "May", "Jun", "Jul"])
    ws.append(["a"])
    ws.cell(2, 2).fill = PatternFill("solid", fgColor=Color(theme=4, tint=0.4))
    ws.append(["b"])
    ws.cell(3, 3).fill = PatternFill("solid", fgColor="FFFF0000")
    wb.save(tmp_path / "t.xlsx")
    tasks = plan_as_of(tmp_path / "t.xlsx", "2026-05-01").tasks
    assert list(tasks["colour"]) == ["#95B3D7", "#FF0000"]


def test_six_month_names_over_the_mondays_day_numbers_are_weeks(tmp_path):
    # "Jan 2025" ... "Jun 2025" each over the day numbers of its Mondays (6, 13, 20, 27, 3 ...):
    # the month row alone looks like a month axis; read through the days it is 22 weeks
    wb = Workbook()
    ws = wb.active
    mondays = [dt.date(2025, 1, 6) + dt.timedelta(weeks=k) for k in range(22)]
    for k, monday in enumerate(mondays):
        if k == 0 or monday.month != mondays[k - 1].month:
            ws.cell(1, 3 + k, monday.strftime("%b %Y"))
        ws.cell(2, 3 + k, monday.day)
    ws.append([])
    ws.cell(2, 1, "Task")
    ws.cell(2, 2, "Owner")
    for r, (task, weeks) in enumerate([("Design", (0, 1)), ("Launch", (19, 20, 21))], start=3):
        ws.cell(r, 1, task)
        ws.cell(r, 2, "JM")
        for k in weeks:
            ws.cell(r, 3 + k).fill = PatternFill("solid", fgColor=BLUE)
    wb.save(tmp_path / "days.xlsx")
    tasks = plan_as_of(tmp_path / "days.xlsx", "2025-03-01").tasks
    # Mon 6 Jan to Sun 19 Jan 2025; Mon 19 May to Sun 8 June 2025 (the 20th-22nd Mondays)
    assert list(tasks["start"]) == [ts("2025-01-06"), ts("2025-05-19")]
    assert list(tasks["end"]) == [ts("2025-01-19"), ts("2025-06-08")]


def test_a_grid_painted_background_white_has_no_bars_but_a_tinted_background_is_a_bar(tmp_path):
    # templates paint every grid cell "White, Background 1" (theme 0): the sheet's own
    # background, not a bar; "Background 1, darker 25%" (theme 0, tint -0.25) is a grey bar
    wb = Workbook()
    ws = wb.active
    ws.append(["Task", "Lead", "Apr 2026", "May 2026", "Jun 2026", "Jul 2026"])
    ws.append(["Spec", "JM"])
    ws.append(["Tender", "LE"])
    for r in (2, 3):
        for c in range(3, 7):
            ws.cell(r, c).fill = PatternFill("solid", fgColor=Color(theme=0))
    ws.cell(2, 4).fill = PatternFill("solid", fgColor=Color(theme=0, tint=-0.25))
    for c in (5, 6):
        ws.cell(3, c).fill = PatternFill("solid", fgColor=Color(theme=4, tint=0.4))
    wb.save(tmp_path / "white.xlsx")
    tasks = plan_as_of(tmp_path / "white.xlsx", "2026-04-30").tasks
    assert list(tasks["start"]) == [ts("2026-05-01"), ts("2026-06-01")]
    assert list(tasks["end"]) == [ts("2026-05-31"), ts("2026-07-31")]


def test_a_week_highlighted_down_the_whole_grid_is_shading_not_part_of_every_bar(tmp_path):
    # templates paint the current week (here w/c 19 Oct, column E) yellow in every row: it is
    # no bar; tasks keep their own bars
    wb = Workbook()
    ws = wb.active
    weeks = [dt.datetime(2026, 10, 5) + dt.timedelta(weeks=k) for k in range(6)]
    ws.append(["Task", "Lead"] + weeks)
    ws.append(["Spec", "JM"])
    ws.append(["Tender", "LE"])
    ws.append(["Governance", None])
    ws.append(["Award", "LE"])
    bars = {2: (3, 4), 3: (6, 7), 5: (8,)}  # Spec w/c 5-12 Oct, Tender 26 Oct-2 Nov, Award 9 Nov
    for r, columns in bars.items():
        for c in columns:
            ws.cell(r, c).fill = PatternFill("solid", fgColor=BLUE)
    for r in range(2, 6):
        ws.cell(r, 5).fill = PatternFill("solid", fgColor="FFFF00")
    wb.save(tmp_path / "today.xlsx")
    load = plan_as_of(tmp_path / "today.xlsx", "2026-10-20")
    tasks = load.tasks
    assert list(tasks["task"]) == ["Spec", "Tender", "Award"]  # "Governance": a heading
    assert list(tasks["start"]) == [ts("2026-10-05"), ts("2026-10-26"), ts("2026-11-09")]
    assert list(tasks["end"]) == [ts("2026-10-18"), ts("2026-11-08"), ts("2026-11-15")]
    assert "E painted down the whole grid" in load.report.summary()


def test_a_completed_y_n_column_marks_milestones_complete(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Milestone", "Due", "Completed (Y/N)"])
    ws.append(["Business case", dt.datetime(2025, 1, 31), "Y"])
    ws.append(["Go live", dt.datetime(2025, 3, 1), "N"])
    wb.save(tmp_path / "m.xlsx")
    tasks = plan_as_of(tmp_path / "m.xlsx", "2025-03-31").tasks
    # "Y": complete; "N" says no more than its date, 1 March, passed on 31 March: overdue
    assert list(tasks["status"]) == ["complete", "overdue"]


def test_an_objective_beside_the_key_actions_is_their_section(tmp_path):
    # strategy action plans: Objective | Key actions | Lead | Timescale, the objective written
    # once over the actions that serve it
    wb = Workbook()
    ws = wb.active
    ws.append(["Objective", "Key actions", "Lead", "Timescale"])
    ws.append(["Reduce admissions", "Expand virtual wards", "COO", "Q2 2025/26"])
    ws.append([None, "Falls response service", "Community Lead", "Sept 2025"])
    ws.append(["Faster discharge", "Discharge hub", "Head of Flow", "2025/26"])
    wb.save(tmp_path / "o.xlsx")
    tasks = plan_as_of(tmp_path / "o.xlsx", "2025-03-31").tasks
    assert list(tasks["task"]) == [
        "Expand virtual wards",
        "Falls response service",
        "Discharge hub",
    ]
    assert list(tasks["section"]) == ["Reduce admissions", "Reduce admissions", "Faster discharge"]
    # Q2 2025/26 ends 30 September 2025; Sept 2025 too; 2025/26 on 31 March 2026
    assert list(tasks["end"]) == [ts("2025-09-30"), ts("2025-09-30"), ts("2026-03-31")]


def test_status_and_rag_right_of_the_time_axis_are_read(tmp_path):
    # Task | Owner | Apr ... Mar | Status | RAG | Comments: the columns after the bars count
    wb = Workbook()
    ws = wb.active
    ws.append(["Delivery plan 2025/26"])
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    ws.append(["Task", "Owner"] + months + ["Status", "RAG", "Comments"])
    for r, (task, painted, status) in enumerate(
        [
            ("Design", (0, 1), "Complete"),
            ("Build", (2, 3, 4), "In progress"),
            ("Go live", (11,), "Not started"),
        ],
        start=3,
    ):
        ws.cell(r, 1, task)
        ws.cell(r, 2, "JM")
        for k in painted:
            ws.cell(r, 3 + k).fill = PatternFill("solid", fgColor=BLUE)
        ws.cell(r, 15, status)
        ws.cell(r, 16, "Green")
    wb.save(tmp_path / "right.xlsx")
    tasks = plan_as_of(tmp_path / "right.xlsx", "2025-07-15").tasks
    # Design ended in May but says Complete: complete, not overdue
    assert list(tasks["status"]) == ["complete", "in progress", "not started"]
    assert list(tasks["end"]) == [ts("2025-05-31"), ts("2025-08-31"), ts("2026-03-31")]


def test_a_second_table_under_its_own_copy_of_the_header_is_not_a_task(tmp_path):
    # "OPEN ACTIONS" then the header and rows; "CLOSED ACTIONS" then the header again
    wb = Workbook()
    ws = wb.active
    header = ["No", "Action", "Lead", "Due date", "Status"]
    ws.append(["Action log"])
    ws.append(["OPEN ACTIONS"])
    ws.append(header)
    ws.append([1, "Agree spec", "JM", dt.datetime(2025, 4, 30), "Open"])
    ws.append([2, "Recruit", "LE", "May 25", "Open"])
    ws.append([])
    ws.append(["CLOSED ACTIONS"])
    ws.append(header)
    ws.append([3, "Sign contract", "KS", dt.datetime(2025, 3, 1), "Closed"])
    wb.save(tmp_path / "two.xlsx")
    load = plan_as_of(tmp_path / "two.xlsx", "2025-04-15")
    tasks = load.tasks
    assert list(tasks["task"]) == ["Agree spec", "Recruit", "Sign contract"]
    assert list(tasks["section"]) == [None, None, "CLOSED ACTIONS"]
    assert list(tasks["status"]) == ["due this month", "not started", "complete"]
    assert load.report.sheets[0].rows["header"] == 2


def test_a_lead_work_area_or_date_merged_down_over_several_actions_is_each_ones(tmp_path):
    # implementation plans pasted from Word: the workstream and its lead merged down beside
    # the actions they cover, one timescale merged over two actions
    wb = Workbook()
    ws = wb.active
    ws.append(["Implementation plan"])
    ws.append(["Workstream", "Action", "Lead", "Timescale", "RAG"])
    ws.append(["Prevention", "Falls service", "Dr A", "June 2025", "Green"])
    ws.append([None, "Strength and balance classes", None, "Sept 2025", "Amber"])
    ws.append([None, "Home hazard checks", None, None, "Green"])
    ws.append(["Access", "Same day hub", "Ms B", "Q3 2025/26", "Red"])
    ws.merge_cells("A3:A5")
    ws.merge_cells("C3:C5")
    ws.merge_cells("D4:D5")
    wb.save(tmp_path / "merged.xlsx")
    tasks = plan_as_of(tmp_path / "merged.xlsx", "2025-05-31").tasks
    assert list(tasks["section"]) == ["Prevention"] * 3 + ["Access"]
    assert list(tasks["lead"]) == ["Dr A"] * 3 + ["Ms B"]
    # "Sept 2025" covers both rows it is merged over; Q3 2025/26 ends 31 December 2025
    assert list(tasks["end"]) == [
        ts("2025-06-30"),
        ts("2025-09-30"),
        ts("2025-09-30"),
        ts("2025-12-31"),
    ]


def test_week_commencing_dates_over_a_row_of_week_numbers_place_the_weeks(tmp_path):
    # dates on one header row, "Wk 1" ... under them: the dates place the columns
    wb = Workbook()
    ws = wb.active
    mondays = [dt.datetime(2024, 10, 7) + dt.timedelta(weeks=k) for k in range(5)]
    ws.append(["", ""] + mondays)
    ws.append(["Task", "Lead"] + [f"Wk {k}" for k in range(1, 6)])
    ws.append(["Survey", "JM"])
    for c in (4, 5):
        ws.cell(3, c).fill = PatternFill("solid", fgColor=BLUE)
    wb.save(tmp_path / "wk.xlsx")
    tasks = plan_as_of(tmp_path / "wk.xlsx", "2024-10-31").tasks
    # weeks 2-3: Monday 14 to Sunday 27 October 2024
    assert (tasks["start"].iloc[0], tasks["end"].iloc[0]) == (ts("2024-10-14"), ts("2024-10-27"))


def test_a_daily_gantt_month_over_its_day_numbers(tmp_path):
    # "March 2025" over 3 4 5 6 7 10 11 12 (working days): a bar over the 6th, 7th and 10th
    wb = Workbook()
    ws = wb.active
    days = [3, 4, 5, 6, 7, 10, 11, 12]
    ws.cell(1, 3, "March 2025")
    ws.cell(2, 1, "Task")
    ws.cell(2, 2, "Owner")
    for k, day in enumerate(days):
        ws.cell(2, 3 + k, day)
    ws.cell(3, 1, "Go-live weekend cover")
    ws.cell(3, 2, "Rota lead")
    for k in (3, 4, 5):
        ws.cell(3, 3 + k).fill = PatternFill("solid", fgColor=BLUE)
    wb.save(tmp_path / "daily.xlsx")
    load = plan_as_of(tmp_path / "daily.xlsx", "2025-03-05")
    tasks = load.tasks
    assert (tasks["start"].iloc[0], tasks["end"].iloc[0]) == (ts("2025-03-06"), ts("2025-03-10"))
    assert "8 days" in load.report.summary()


def test_a_chart_sheet_beside_the_plan_is_skipped_not_called_damaged(tmp_path):
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws.append(["Action", "Owner", "Due"])
    ws.append(["Agree spec", "JM", dt.datetime(2025, 5, 1)])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2))
    wb.create_chartsheet("Chart").add_chart(chart)
    wb.save(tmp_path / "chart.xlsx")
    load = plan_as_of(tmp_path / "chart.xlsx", "2025-04-01")
    assert list(load.tasks["task"]) == ["Agree spec"]
    assert "chart.xlsx!Chart: no plan found (0 rows read: a chart sheet" in load.report.summary()
    with pytest.raises(ValidationError, match="chart.xlsx!Chart: a chart sheet holds no plan"):
        load_plan(tmp_path / "chart.xlsx", sheet="Chart")


def test_an_action_log_exported_as_csv_is_read_like_a_workbook(tmp_path):
    # a SharePoint list or Smartsheet export: dates as text, day first
    path = tmp_path / "actions.csv"
    path.write_text(
        "Ref,Action,Owner,Date raised,Due date,Status\n"
        "A1,Agree spec,JM,01/04/2025,End of May,Open\n"
        "A2,Recruit nurses,LE,01/04/2025,30/06/2025,In progress\n"
        "A3,Sign contract,KS,15/03/2025,31/03/2025,Complete\n",
        encoding="utf-8",
    )
    tasks = plan_as_of(path, "2025-05-15").tasks
    assert list(tasks["task_id"]) == ["A1", "A2", "A3"]
    # "End of May", raised 1 April 2025: 31 May 2025
    assert list(tasks["end"]) == [ts("2025-05-31"), ts("2025-06-30"), ts("2025-03-31")]
    assert list(tasks["status"]) == ["due this month", "in progress", "complete"]
    assert tasks["source"].iloc[0] == "actions.csv!actions!2"


def test_a_priority_column_of_high_medium_low_is_not_a_section(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Action", "Priority", "Owner", "Due date"])
    ws.append(["Agree spec", "High", "JM", dt.datetime(2025, 5, 1)])
    ws.append(["Recruit", "Low", "LE", dt.datetime(2025, 6, 1)])
    wb.save(tmp_path / "p.xlsx")
    tasks = plan_as_of(tmp_path / "p.xlsx", "2025-04-01").tasks
    assert list(tasks["task"]) == ["Agree spec", "Recruit"]
    assert list(tasks["section"]) == [None, None]


def test_column_headers_on_the_row_under_the_dates(tmp_path):
    # the months on row 1, "Task" and "Lead" on row 2 under them: a header, not a task
    wb = Workbook()
    ws = wb.active
    ws.append(["", "", "Apr-25", "May-25", "Jun-25", "Jul-25", "Aug-25"])
    ws.append(["Task", "Lead"])
    ws.append(["Design", "JM"])
    ws.append(["Build", "LE"])
    for r, columns in ((3, (3, 4)), (4, (5, 6))):
        for c in columns:
            ws.cell(r, c).fill = PatternFill("solid", fgColor=BLUE)
    wb.save(tmp_path / "below.xlsx")
    load = plan_as_of(tmp_path / "below.xlsx", "2025-05-15")
    tasks = load.tasks
    assert list(tasks["task"]) == ["Design", "Build"]
    assert list(tasks["lead"]) == ["JM", "LE"]
    assert list(tasks["end"]) == [ts("2025-05-31"), ts("2025-07-31")]
    assert load.report.sheets[0].rows["header"] == 2
