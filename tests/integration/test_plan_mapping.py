"""A plan mapping file sets what a plan's layout cannot say: the time axis, rows to leave out,
the columns; `inspect --write-mapping` writes one that reads the plan the same way."""

import pandas as pd
import pytest
from corpus.plans import WHOLE_TABLES, fy_week_gantt
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from commissioning_analytics.errors import ConfigError, ValidationError
from commissioning_analytics.io.plans import (
    load_plan,
    plan_mapping_text,
    read_plan_mapping,
)
from fixtures import plan_as_of

pytestmark = pytest.mark.integration


def test_a_time_axis_start_places_week_numbers_the_sheet_leaves_open(tmp_path):
    # "2025/26" over Wk 1 ... Wk 12 is refused (ISO or financial-year weeks?); the mapping
    # says week 1 starts Monday 7 April 2025: the bar over Wk 3-6 runs 21 April to 18 May
    path = fy_week_gantt(tmp_path)
    with pytest.raises(ValidationError, match="ISO weeks .* or weeks of the financial year"):
        load_plan(path)
    mapping = tmp_path / "plan.yml"
    mapping.write_text("time_axis: {start: 2025-04-07}\n")
    load = plan_as_of(path, "2025-05-01", mapping=mapping)
    row = load.tasks.iloc[0]
    assert (row["task"], row["start"], row["end"], row["status"]) == (
        "Open escalation beds",
        pd.Timestamp("2025-04-21"),
        pd.Timestamp("2025-05-18"),
        "due this month",
    )
    assert "time axis from 2025-04-07 (mapping file)" in load.report.summary()


def _numbered_weeks(path, title):
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws["A1"] = title
    for c, label in enumerate(["Task", "Lead"] + [f"W{w}" for w in range(50, 53)] + ["W1"], 1):
        ws.cell(3, c, label)
    ws["A4"], ws["B4"] = "Christmas surge rota", "Ops"
    for c in (5, 6):  # W52 and W1
        ws.cell(4, c).fill = PatternFill("solid", fgColor="70AD47")
    wb.save(path)
    return path


def test_iso_weeks_from_a_mapping_run_over_the_year_end(tmp_path):
    # no year on the sheet: refused; `iso_weeks: 2025` places W50 ... W52, W1 (of 2026):
    # the bar over W52 and W1 runs Monday 22 December 2025 to Sunday 4 January 2026
    path = _numbered_weeks(tmp_path / "rota.xlsx", "Winter rota")
    with pytest.raises(ValidationError, match="week number that nothing places"):
        load_plan(path)
    mapping = tmp_path / "plan.yml"
    mapping.write_text("time_axis:\n  iso_weeks: 2025\n")
    tasks = load_plan(path, mapping=mapping).tasks
    assert (tasks.loc[0, "start"], tasks.loc[0, "end"]) == (
        pd.Timestamp("2025-12-22"),
        pd.Timestamp("2026-01-04"),
    )


def test_a_calendar_year_in_the_title_places_week_numbers_as_iso_weeks_and_says_so(tmp_path):
    # the same rota titled "Winter rota 2025": the year the sheet states, read as ISO weeks,
    # with a note that the sheet does not say which numbering
    load = load_plan(_numbered_weeks(tmp_path / "rota.xlsx", "Winter rota 2025"))
    assert load.tasks.loc[0, "start"] == pd.Timestamp("2025-12-22")
    (note,) = [n for n in load.report.sheets[0].notes if "ISO weeks" in n]
    assert "of 2025" in note and "the sheet does not say which numbering" in note


def _log_with_closed_actions(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws.append(["Ref", "Action", "Owner", "Due"])
    ws.append(["A1", "Draft the service specification", "JM", "Oct 25"])
    ws.append(["A2", "Agree the activity baseline", "LE", "Nov 25"])
    ws.append([None, "Closed actions", None, None])
    ws.append(["A0", "Confirm the project board", "JM", "Sep 25"])
    ws.append(["A00", "Name the SRO", "KS", "Aug 25"])
    wb.save(path)
    return path


def test_excluded_rows_are_left_out_and_counted_as_such(tmp_path):
    path = _log_with_closed_actions(tmp_path / "log.xlsx")
    assert list(load_plan(path).tasks["task_id"]) == ["A1", "A2", "A0", "A00"]
    mapping = tmp_path / "plan.yml"
    mapping.write_text("exclude_rows: [4-6]\n")
    load = load_plan(path, mapping=mapping)
    assert list(load.tasks["task_id"]) == ["A1", "A2"]
    sheet = load.report.sheets[0]
    assert sheet.rows == {"header": 1, "task": 2, "excluded by the mapping file": 3}
    assert sum(sheet.rows.values()) == sheet.rows_read == 6


@pytest.mark.parametrize(
    "text, says",
    [
        ("time_axis: soon\n", "time_axis 'soon': expected"),
        ("time_axis: {start: 31/04/2025}\n", "time_axis start '31/04/2025'"),
        ("time_axis: {iso_weeks: 2025, start: 2025-01-06}\n", "give start or iso_weeks"),
        ("exclude_rows: [ten]\n", "exclude_rows 'ten': expected a row or a range like '40-55'"),
        ("exclude_rows: [9-3]\n", "exclude_rows '9-3': expected a row or a range"),
    ],
)
def test_a_mistaken_time_axis_or_row_range_is_one_line_naming_the_file(tmp_path, text, says):
    mapping = tmp_path / "plan.yml"
    mapping.write_text(text)
    with pytest.raises(ConfigError) as caught:
        read_plan_mapping(mapping)
    (line,) = caught.value.lines()
    assert line.startswith("plan.yml: ") and says in line


READ = sorted(name for name, (_, expected) in WHOLE_TABLES.items() if not expected.refusal)


@pytest.mark.parametrize("shape", READ)
def test_the_mapping_inspect_writes_reads_the_plan_the_same_way(tmp_path, shape):
    build, _ = WHOLE_TABLES[shape]
    path = build(tmp_path)
    text = plan_mapping_text(path)
    mapping = tmp_path / "written.yml"
    mapping.write_text(text)
    spec = read_plan_mapping(mapping)
    assert spec.columns and "task" in spec.columns.values()  # the task column, named
    again = load_plan(path, mapping=mapping)
    pd.testing.assert_frame_equal(again.tasks, load_plan(path).tasks)
    assert "(mapping file)" in again.report.summary()
