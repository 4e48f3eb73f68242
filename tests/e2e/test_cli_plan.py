"""`commissioning-analytics plan`: the tasks table as CSV; a user's mistake is exit 2, one line."""

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from commissioning_analytics.cli import main
from fixtures import damaged

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PLANS = ROOT / "data" / "raw" / "plans"


def read_csv(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def small_gantt(path, axis):
    wb = Workbook()
    ws = wb.active
    ws.title = "Gantt"
    for c, label in enumerate(["Task", "Lead"] + axis, start=1):
        ws.cell(1, c, label)
    ws.cell(2, 1, "Build")
    ws.cell(2, 2, "JM")
    for c in (3, 4):
        ws.cell(2, c).fill = PatternFill("solid", fgColor="9DC3E6")
    wb.save(path)
    return path


def test_plan_writes_the_tasks_table(tmp_path, capsys):
    # columns w/c 28 Dec 2026, "Jan", "Feb", "Mar": the bar covers the week and January
    path = small_gantt(tmp_path / "p.xlsx", [dt.datetime(2026, 12, 28), "Jan", "Feb", "Mar"])
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(path), "--csv", str(out), "--as-of", "2027-01-15"]) == 0
    rows = read_csv(out)
    assert len(rows) == 1
    row = rows[0]
    assert (row["task"], row["lead"], row["start"], row["end"]) == (
        "Build",
        "JM",
        "2026-12-28",
        "2027-01-31",
    )
    assert row["status"] == "due this month"  # ends 31 Jan, as of 15 Jan
    assert row["source"] == "p.xlsx!Gantt!2"
    assert "1 task" in capsys.readouterr().err


def test_bad_plan_exit_2_one_line_per_problem_nothing_written(tmp_path, capsys):
    path = small_gantt(tmp_path / "weeks.xlsx", ["wk 1", "wk 2", "wk 3", "wk 4"])
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(path), "--csv", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1  # the four columns nothing places, in one line
    assert err[0].startswith("error: weeks.xlsx!Gantt!C1: 4 columns to F1: ")
    assert "Traceback" not in "".join(err)
    assert not out.exists()


def test_missing_file_exit_2(tmp_path, capsys):
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(tmp_path / "nope.xlsx"), "--csv", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nope.xlsx: no such file" in err[0]
    assert not out.exists()


def test_sheet_with_no_plan_exit_2(tmp_path, capsys):
    path = small_gantt(tmp_path / "p.xlsx", [dt.datetime(2026, 12, 28), "Jan", "Feb", "Mar"])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.create_sheet("Notes")["A1"] = "nothing here"
    wb.save(path)
    assert main(["plan", str(path), "--sheet", "Notes", "--csv", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: p.xlsx!Notes!A1: no plan found")


@pytest.mark.e2e
@pytest.mark.parametrize(
    "name, n_tasks",
    [
        ("community_services_gantt_v1.xlsx", 14),
        ("integration_action_log.xlsx", 14),
        ("transition_milestones.xlsx", 6),
    ],
)
def test_the_real_command_on_the_sample_plans(tmp_path, name, n_tasks):
    out = tmp_path / "tasks.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "commissioning_analytics",
            "plan",
            str(SAMPLE_PLANS / name),
            "--csv",
            str(out),
            "--as-of",
            "2026-10-31",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    rows = read_csv(out)
    assert len(rows) == n_tasks
    assert all(row["source"].startswith(name) for row in rows)


def test_an_entity_bomb_plan_is_refused_safely(tmp_path, capsys):
    # Plans go through the same safe opening as registers: entity declarations are refused.
    from fixtures import entity_bomb

    bomb = entity_bomb(SAMPLE_PLANS / "integration_action_log.xlsx", tmp_path / "bomb.xlsx")
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(bomb), "--csv", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bomb.xlsx" in err and "entit" in err and "Traceback" not in err
    assert not out.exists()


ROOT_REGISTER = ROOT / "data" / "raw" / "qipp_register.xlsx"


def test_a_register_is_not_a_plan_exit_2_one_line(tmp_path, capsys):
    # The register names "No", "File REF", "Phase", "Go 'Live' Date" and nine money columns:
    # no task or stage column of names, so no plan; it used to give 30 "milestones" (task "2").
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(ROOT_REGISTER), "--csv", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: qipp_register.xlsx: no sheet holds a plan")
    assert "Appendix 2 QIPP" in err[0]
    assert not out.exists()


def test_a_due_date_in_the_year_9999_is_an_error_naming_the_cell(tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws.append(["Action", "Lead", "Due"])
    ws.append(["Sign contract", "LE", "Jan 27"])
    ws.append(["Placeholder", "PMO", "Dec 9999"])  # Excel users' "no date yet"
    wb.save(tmp_path / "log.xlsx")
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(tmp_path / "log.xlsx"), "--csv", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "error: log.xlsx!Actions!C3: date 'Dec 9999' is outside the years 1900-2100 "
        "(expected a due date such as 'Dec 26', '31/12/2026' or 'Ongoing')"
    ]
    assert not out.exists()


def test_a_gantt_axis_in_the_year_9999_is_an_error_naming_the_cell(tmp_path, capsys):
    path = small_gantt(tmp_path / "g.xlsx", ["Jan 9999", "Feb 9999", "Mar 9999", "Apr 9999"])
    assert main(["plan", str(path), "--csv", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and err[0].startswith("error: g.xlsx!Gantt!C1: time-axis date 9999")
    assert "Traceback" not in "\n".join(err)


def test_a_damaged_plan_exit_2_one_line(tmp_path, capsys):
    path = damaged(SAMPLE_PLANS / "integration_action_log.xlsx", tmp_path / "broken.xlsx")
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(path), "--csv", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: broken.xlsx")
    assert not out.exists()


def odd_log(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Log"
    ws.append(["No", "Thing to do", "Person", "When"])  # words the scoring does not know
    ws.append(["1", "Book venue", "JM", "Jan 27"])
    ws.append(["2", "Send invitations", "LE", "Feb 27"])
    wb.save(path)
    return path


def test_a_mapping_file_names_the_columns_the_scoring_cannot(tmp_path, capsys):
    path = odd_log(tmp_path / "odd.xlsx")
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(path), "--csv", str(out)]) == 2  # no task column found
    assert "no sheet holds a plan" in capsys.readouterr().err
    mapping = tmp_path / "plan.yml"
    mapping.write_text("No: task_id\nThing to do: task\nPerson: lead\nWhen: due\n")
    assert (
        main(
            [
                "plan",
                str(path),
                "--csv",
                str(out),
                "--mapping",
                str(mapping),
                "--as-of",
                "2027-01-15",
            ]
        )
        == 0
    )
    rows = read_csv(out)
    assert [(r["task_id"], r["task"], r["lead"], r["end"]) for r in rows] == [
        ("1", "Book venue", "JM", "2027-01-31"),
        ("2", "Send invitations", "LE", "2027-02-28"),
    ]
    assert "(mapping file)" in capsys.readouterr().err


def test_a_mapping_key_matching_no_header_is_one_line(tmp_path, capsys):
    path = odd_log(tmp_path / "odd.xlsx")
    mapping = tmp_path / "plan.yml"
    mapping.write_text("columns:\n  Activity: task\n  When: due\nheader_row: 1\n")
    out = tmp_path / "tasks.csv"
    assert main(["plan", str(path), "--csv", str(out), "--mapping", str(mapping)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "error: plan.yml: mapping key 'activity' matches no header of odd.xlsx!Log "
        "(header row 1); the headers are: 'No', 'Thing to do', 'Person', 'When'"
    ]
    assert not out.exists()
    mapping.write_text("Thing to do: taks\n")
    assert main(["plan", str(path), "--csv", str(out), "--mapping", str(mapping)]) == 2
    assert "unknown column 'taks'" in capsys.readouterr().err


def test_inspect_writes_a_plans_mapping_and_plan_reads_it_back(tmp_path, capsys):
    # the winter plan's week numbers under "2025/26" are refused (ISO or financial-year
    # weeks?); inspect writes the plan's reading as a mapping file, the user fills in the
    # time axis, and `plan --mapping` reads it: Wk 3-6 from 7 April is 21 April - 18 May 2025
    from corpus.plans import fy_week_gantt

    path = fy_week_gantt(tmp_path)
    out, mapping = tmp_path / "tasks.csv", tmp_path / "plan.yml"
    assert main(["plan", str(path), "--csv", str(out)]) == 2
    assert "ISO weeks (week 1 in January)" in capsys.readouterr().err
    assert main(["inspect", str(path), "--write-mapping", str(mapping)]) == 0
    written = mapping.read_text()
    assert "sheet: Plan\nheader_row: 3\ncolumns:\n  Action: task\n  Lead: lead\n" in written
    mapping.write_text(
        written.replace("# time_axis: {start: 2025-04-07}", "time_axis: {start: 2025-04-07}")
    )
    argv = [
        "plan",
        str(path),
        "--csv",
        str(out),
        "--mapping",
        str(mapping),
        "--as-of",
        "2025-05-01",
    ]
    assert main(argv) == 0
    (row,) = read_csv(out)
    assert (row["task"], row["start"], row["end"], row["status"]) == (
        "Open escalation beds",
        "2025-04-21",
        "2025-05-18",
        "due this month",
    )


def test_plan_names_every_column_not_used_on_stderr(tmp_path, capsys):
    # an MS Project CSV export: the ID row number, Duration, Predecessors and Notes are named
    # as not used, each with its reason; the outline's summary tasks are said
    from corpus.plans import ms_project_csv

    out = tmp_path / "tasks.csv"
    assert main(["plan", str(ms_project_csv(tmp_path)), "--csv", str(out)]) == 0
    err = capsys.readouterr().err
    assert "not used: A 'ID': reads as item number too, but column B is read as it" in err
    assert "not used: E 'Duration': a duration" in err
    assert "not used: H 'Predecessors': links between tasks" in err
    assert "not used: K 'Notes': comments or notes" in err
    assert "3 summary task(s)" in err
    assert len(read_csv(out)) == 5
