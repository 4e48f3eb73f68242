"""Plans as tools export them, week-number axes and quarter due dates (tests/corpus/plans.py,
WHOLE_TABLES): each read with no mapping gives its whole expected tasks table, every task and
every column, or the one clear refusal it must give; every column with content is used or
named as not used."""

import pandas as pd
import pytest
from corpus.plans import WHOLE_TABLES, ms_project_csv

from commissioning_analytics.errors import UserError
from commissioning_analytics.io.plans import COLUMNS, load_plan
from fixtures import plan_as_of

pytestmark = pytest.mark.integration

READ = sorted(name for name, (_, expected) in WHOLE_TABLES.items() if not expected.refusal)
REFUSED = sorted(name for name, (_, expected) in WHOLE_TABLES.items() if expected.refusal)


def _text(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


@pytest.mark.parametrize("shape", READ)
def test_a_tools_plan_gives_its_whole_tasks_table(tmp_path, shape):
    build, expected = WHOLE_TABLES[shape]
    path = build(tmp_path)
    load = plan_as_of(path, expected.as_of)
    got = [{c: _text(row[c]) for c in COLUMNS} for _, row in load.tasks.iterrows()]
    want = [
        {c: None for c in COLUMNS}
        | {"plan": path.stem, "sheet": expected.sheet, "shape": expected.shape}
        | row
        for row in expected.rows
    ]
    assert got == want, load.report.summary()


@pytest.mark.parametrize("shape", READ)
def test_every_column_and_row_of_a_tools_plan_is_accounted_for(tmp_path, shape):
    build, expected = WHOLE_TABLES[shape]
    report = load_plan(build(tmp_path)).report
    sheet = next(s for s in report.sheets if s.sheet == expected.sheet)
    assert sum(sheet.rows.values()) == sheet.rows_read
    unused = tuple(line.split(":", 1)[0] for line in sheet.unused)
    assert unused == expected.unused, report.summary()
    assert not sheet.warnings, report.summary()
    for words in expected.notes:
        assert any(words in note for note in sheet.notes), report.summary()


@pytest.mark.parametrize("shape", REFUSED)
def test_a_plan_the_reader_cannot_place_is_refused_in_one_clear_line(tmp_path, shape):
    build, expected = WHOLE_TABLES[shape]
    with pytest.raises(UserError) as caught:
        load_plan(build(tmp_path))
    lines = caught.value.lines()
    start, phrase = expected.refusal
    assert len(lines) == 1 and lines[0].startswith(start) and phrase in lines[0], lines


def test_dates_written_month_first_are_read_so_and_said(tmp_path):
    # a Planner export from a US-locale tenant: "05/30/2025" can only be 30 May, so every
    # date of the sheet is month first ("04/07/2025" is 7 April, not 4 July)
    from openpyxl import Workbook

    def export(path, due):
        wb = Workbook()
        ws = wb.active
        ws.append(["Task Name", "Assigned To", "Start date", "Due date"])
        ws.append(["Agree criteria", "Priya Shah", "04/07/2025", due])
        ws.append(["Open beds", "Dan Cole", "05/01/2025", "06/10/2025"])
        wb.save(path)
        return load_plan(path)

    load = export(tmp_path / "us.xlsx", "05/30/2025")
    got = [(r.task, _text(r.start), _text(r.end)) for r in load.tasks.itertuples()]
    assert got == [
        ("Agree criteria", "2025-04-07", "2025-05-30"),
        ("Open beds", "2025-05-01", "2025-06-10"),
    ]
    assert [n for n in load.report.sheets[0].notes if "month first" in n] == [
        "dates written month first ('05/30/2025' at D2 can be nothing else): every date of "
        "column(s) C, D read so"
    ]
    # the other side: nothing that can only be month first, so day first (UK), no note
    load = export(tmp_path / "uk.xlsx", "30/05/2025")
    got = [(r.task, _text(r.start), _text(r.end)) for r in load.tasks.itertuples()]
    assert got == [
        ("Agree criteria", "2025-07-04", "2025-05-30"),
        ("Open beds", "2025-01-05", "2025-10-06"),
    ]
    assert not [n for n in load.report.sheets[0].notes if "month first" in n]
    # read as written, and said: the first task now starts after it ends
    assert load.report.sheets[0].warnings == [
        "row 2 'Agree criteria' starts 2025-07-04, after it ends 2025-05-30"
    ]


def test_a_csv_outline_number_keeps_the_digits_it_was_written_with(tmp_path):
    # WBS "1.10" in a CSV export is the tenth task of 1, not 1.1 (which would make two "1.1"s
    # and lose both ids): the hierarchy and the ids read as written
    path = tmp_path / "wbs.csv"
    path.write_text(
        "WBS,Task Name,Start,Finish\n"
        "1,Mobilisation,01/04/2025,30/06/2025\n"
        "1.1,Recruit,01/04/2025,30/04/2025\n"
        "1.10,Train,01/05/2025,30/06/2025\n"
    )
    tasks = load_plan(path).tasks
    assert list(tasks["task_id"]) == ["1.1", "1.10"]
    assert list(tasks["section"]) == ["Mobilisation", "Mobilisation"]


def test_inspect_names_a_plan_exported_as_csv_or_xls_by_its_kind(tmp_path):
    # inspect asked the plan reader only of .xlsx sheets: an MS Project CSV was "nothing"
    from corpus.xls import write_xls

    from commissioning_analytics.io.inspect import inspect_workbook

    kinds = {s.sheet: s.kind for s in inspect_workbook(ms_project_csv(tmp_path)).sheets}
    assert kinds == {"beds_mobilisation": "action log"}
    path = write_xls(
        tmp_path / "log.xls",
        "Actions",
        [["Ref", "Action", "Owner", "Due"], ["E1", "Survey the ward", "Estates", "Oct 2026"]],
    )
    assert [s.kind for s in inspect_workbook(path).sheets] == ["action log"]
