"""Every plan of the corpus (tests/corpus/plans.py) read with no mapping: its kind, its tasks
and a few tasks checked by hand against the layout the builder wrote."""

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.plans import CORPUS, INTEGRATION_TASKS  # noqa: E402

from commissioning_analytics.io.plans import classify_plan_sheet, load_plan  # noqa: E402
from commissioning_analytics.io.workbook import open_workbook  # noqa: E402
from fixtures import plan_as_of  # noqa: E402

pytestmark = pytest.mark.integration


def _text(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


@pytest.mark.parametrize("shape", sorted(CORPUS))
def test_corpus_plan_is_read_with_its_expected_tasks(tmp_path, shape):
    build, expected = CORPUS[shape]
    path = build(tmp_path)
    load = plan_as_of(path, expected.as_of)
    tasks = load.tasks
    assert len(tasks) == expected.n_tasks, load.report.summary()
    assert set(tasks["sheet"]) == {expected.sheet}
    by_name = tasks.set_index("task")
    for name, columns in expected.tasks.items():
        assert name in by_name.index, f"{name!r} not read:\n{load.report.summary()}"
        row = by_name.loc[name]
        for column, value in columns.items():
            assert _text(row[column]) == value, (name, column, load.report.summary())
    for sheet in [s for s in load.report.sheets if s.shape]:  # every row accounted for
        assert sum(sheet.rows.values()) == sheet.rows_read


@pytest.mark.parametrize("shape", sorted(CORPUS))
def test_corpus_sheets_are_classified_for_inspect(tmp_path, shape):
    build, expected = CORPUS[shape]
    workbook = open_workbook(build(tmp_path))
    try:
        kind, reason = classify_plan_sheet(workbook[expected.sheet])
        assert kind == expected.kind, reason
        assert reason
        for other in expected.not_plans:
            kind, reason = classify_plan_sheet(workbook[other])
            assert kind is None and reason
    finally:
        workbook.close()


def test_integration_plan_reads_29_of_29_tasks_with_item_numbers(tmp_path):
    # Item | Activity | Lead: the activity is the task, the item number its task_id, rows
    # with an activity and no number are tasks too (the reader used to take the item numbers
    # for task names and read 4 of 29).
    build, expected = CORPUS["integration_plan"]
    tasks = plan_as_of(build(tmp_path), expected.as_of).tasks
    assert list(tasks["task"]) == INTEGRATION_TASKS
    assert len(INTEGRATION_TASKS) == 29
    numbered = tasks[~tasks["task_id"].str.contains("!")]
    assert list(numbered["task_id"][:4]) == ["1.1", "1.2", "1.3", "1.4"]
    assert len(numbered) == 19  # 29 tasks, 10 without an item number
    assert tasks["section"].nunique() == 5


def test_a_monthly_tracker_of_money_is_not_a_gantt(tmp_path):
    # month columns over figures (a CCG QIPP tracker), not painted bars: no plan, and why
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "QIPP tracker"
    months = ["Apr-19", "May-19", "Jun-19", "Jul-19", "Aug-19", "Sep-19"]
    ws.append(["Ref", "Scheme", "Lead"] + months)
    ws.append(["Q1", "MSK triage", "JM", 10_000, 12_000, 12_000, 14_000, 14_000, 14_000])
    ws.append(["Q2", "Prescribing", "LE", 5_000, 5_000, 6_000, 6_000, 7_000, 7_000])
    kind, reason = classify_plan_sheet(ws)
    assert kind is None and "figures, not bars" in reason


def test_no_register_of_the_register_corpus_is_read_as_a_plan(tmp_path):
    # the other corpus (tests/corpus/registers.py): appendices, monthly trackers, CIP
    # trackers; each names tasks, leads and dates of a sort, none is a project plan
    from corpus import registers

    from commissioning_analytics.errors import UserError

    tried = []
    for name, shape in registers.SHAPES.items():
        try:
            path = shape[0](tmp_path)
        except Exception:  # noqa: BLE001 - a shape this environment cannot write (.xls)
            continue
        if path.suffix != ".xlsx":
            continue
        tried.append(name)
        with pytest.raises(UserError, match="no sheet holds a plan"):
            load_plan(path)
    assert len(tried) >= 15


_INSPECT_KINDS = {"gantt": "Gantt", "action_log": "action log", "milestone_plan": "milestone plan"}


@pytest.mark.parametrize("shape", sorted(CORPUS))
def test_inspect_names_every_corpus_plan_by_its_kind(tmp_path, shape):
    # `inspect` asks the plans reader as well as the register words: a council Gantt whose
    # header has "Ref", "Project" and twelve month names over painted bars is a Gantt, not a
    # monthly tracker (its month columns hold no figures)
    from commissioning_analytics.io.inspect import inspect_workbook

    build, expected = CORPUS[shape]
    result = inspect_workbook(build(tmp_path))
    kinds = {s.sheet: s.kind for s in result.sheets}
    assert kinds[expected.sheet] == _INSPECT_KINDS[expected.kind], result.sheets
