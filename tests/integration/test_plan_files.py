"""A data folder's plans/: plans saved as .xlsx, .xls or .csv are read; any other file is
named with the reason it is not read, on stderr and on the plans page, never passed over."""

import pytest
from corpus.plans import ACTION_LOG_EXPECTED, board_action_log, ms_project_csv
from corpus.xls import write_xls

from commissioning_analytics.io.datafolder import DataFolder
from commissioning_analytics.io.plans import plan_files
from commissioning_analytics.month import optional_input_problems
from commissioning_analytics.pages import project_plans as page

pytestmark = pytest.mark.integration


def _plans_folder(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    board_action_log(plans)  # governing_body_action_log.xlsx
    ms_project_csv(plans)  # beds_mobilisation.csv: 5 tasks under 3 summary tasks
    write_xls(  # an old .xls action log: 2 actions
        plans / "estates_actions.xls",
        "Actions",
        [
            ["Ref", "Action", "Owner", "Due"],
            ["E1", "Survey the ward", "Estates", "Oct 2026"],
            ["E2", "Order beds", "Procurement", "Dec 2026"],
        ],
    )
    (plans / "beds.mpp").write_bytes(b"MS Project native file")
    (plans / "minutes.docx").write_bytes(b"PK\x03\x04 not a plan")
    (plans / "~$governing_body_action_log.xlsx").write_bytes(b"owner")
    (plans / "archive").mkdir()
    (plans / ".DS_Store").write_bytes(b"")
    return tmp_path


def test_plans_in_xls_and_csv_are_read_and_every_other_file_is_named(tmp_path):
    folder = DataFolder(_plans_folder(tmp_path))
    assert [p.name for p in folder.plans()] == [
        "beds_mobilisation.csv",
        "estates_actions.xls",
        "governing_body_action_log.xlsx",
    ]
    left_out = plan_files(folder.plans_dir).left_out
    assert [line.split(":", 1)[0] for line in left_out] == [
        "archive",
        "beds.mpp",
        "minutes.docx",
        "~$governing_body_action_log.xlsx",
    ]
    assert "save it from MS Project as Excel or CSV" in left_out[1]
    # the pack's check of optional inputs says each on stderr (the three plans read cleanly)
    problems = optional_input_problems(folder)
    assert problems == [f"plans/{line}" for line in left_out]


def test_the_plans_page_reads_them_and_its_note_names_the_files_left_out(tmp_path):
    plans = page.load("2026-10", _plans_folder(tmp_path))
    assert set(plans.latest) == {
        "beds_mobilisation",
        "estates_actions",
        "governing_body_action_log",
    }
    assert len(plans.current) == 5 + 2 + ACTION_LOG_EXPECTED.n_tasks
    estates = plans.latest["estates_actions"].set_index("task_id")
    # "Oct 2026" is due on 31 October: due this month as of the end of October 2026
    assert estates.loc["E1", "end"].strftime("%Y-%m-%d") == "2026-10-31"
    assert estates.loc["E1", "status"] == "due this month"
    assert estates.loc["E2", "end"].strftime("%Y-%m-%d") == "2026-12-31"
    named = [note for note in plans.notes if note.endswith("(not a plan)")]
    assert [note.split(":", 1)[0] for note in named] == [
        "archive",
        "beds.mpp",
        "minutes.docx",
        "~$governing_body_action_log.xlsx",
    ]
