"""The project-plans page on the sample plans: each section gives a figure or a sentence."""

import shutil
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from IPython.display import Markdown

from commissioning_analytics.pages import project_plans as page
from fixtures import damaged

pytestmark = pytest.mark.integration

SAMPLE_PLANS = Path(__file__).resolve().parents[2] / "data" / "raw" / "plans"


def sample_folder(tmp_path):
    shutil.copytree(SAMPLE_PLANS, tmp_path / "plans")
    return tmp_path


def test_sections_on_the_sample_plans(tmp_path):
    plans = page.load("2026-10", sample_folder(tmp_path), organisation="NHS Northfield ICB")
    assert str(plans.as_of) == "2026-10-31" and plans.year == 2026
    # the latest version of the Gantt is current; v1 is its previous version
    assert set(plans.latest) == {
        "community_services_gantt",
        "integration_action_log",
        "transition_milestones",
    }
    assert set(plans.previous) == {"community_services_gantt"}
    for section in (page.gantt, page.slippage):
        assert isinstance(section(plans), go.Figure), section.__name__
    # actions and milestones are HTML tables, which print whole (issue 11: a plotly table
    # printed 6 of the 9 actions)
    actions = page.actions(plans).data
    # as of 31 October 2026: 8a (due 30 Sep), stage 2 (30 Sep) and pathway design (11 Oct)
    # are overdue; six more fall due by 30 November
    assert "3 overdue, 6 due soon" in actions and actions.count("<tr>") == 1 + 9
    assert "31 days overdue" in actions
    milestones = page.milestones(plans).data
    # stage 2 (30 September, not signed off) is red; stage 3 (November, not started) amber
    assert "Milestones: 1 Red, 1 Amber, 4 Green" in milestones
    assert ">Red</td>" in milestones and "Long list of options<br>Shortlist" in milestones
    slip = page.slippage(plans)
    assert slip.layout.title.text.endswith("4 slipped, 1 brought forward, 1 added, 1 removed")
    # no register in this folder: said in words, not an error
    assert isinstance(page.savings_at_risk(plans), Markdown)
    assert plans.notes


def test_savings_at_risk_with_a_register(tmp_path):
    plans = page.load("2026-10", sample_folder(tmp_path))
    plans.register = pd.DataFrame(
        {
            "scheme_id": ["9"],
            "file_ref": ["QIPP-26-009"],
            "scheme": ["Discharge to assess"],
            "go_live": pd.PeriodIndex(["2026-12"], freq="M"),
            "fye_net_saving": [120_000.0],
            "rag_overall": ["green"],
            "change_in_delivery_months": [0.0],
        }
    )
    fig = page.savings_at_risk(plans)
    # v2 commences in March 2027, register December 2026: 4 months in 2026/27 -> 1;
    # 120,000 x 4/12 = 40,000 less 120,000 x 1/12 = 10,000: 30,000 at risk
    assert fig.layout.title.text.endswith("£30.0k of the in-year forecast")
    # months in words with a true minus, as on every page (issue 11: one visual language)
    assert "−3 months" in page.commencement_table(plans).data


def test_the_sample_data_folder_links_plans_to_the_sample_register():
    plans = page.load("2026-10", SAMPLE_PLANS.parent)
    assert plans.register is not None and not plans.notes
    table = page.commencement_table(plans).data
    # discharge to assess (file ref QIPP-26-009): December 2026 -> March 2027 = -3 months;
    # falls prevention has no file ref in the register: linked by name, and says so in a
    # director's words (issue 11: no "(check)" jargon; the rule is in "About this page")
    assert "Discharge to assess pathway (9)" in table and "−3 months" in table
    assert "a similar name (to confirm)" in table and "(check)" not in table
    assert "similarity" in page.about(plans).data
    # issue 10: the plan against the directors' own assessment, on the same row: scheme 9
    # goes live in December 2026 and the directors give it a month's gain (+1: November);
    # its plan commences in March 2027, four months after the directors' November
    row = table.split("Discharge to assess pathway (9)")[1].split("</tr>")[0]
    assert "<td>Nov 2026</td>" in row and "plan 4 months later" in row
    assert isinstance(page.savings_at_risk(plans), go.Figure)


def test_an_empty_data_folder_says_so(tmp_path):
    plans = page.load("2026-10", tmp_path)
    assert isinstance(page.gantt(plans), Markdown)
    assert "No project plans" in page.inputs(plans).data


def test_tasks_with_no_workstream_are_named_in_words():
    import datetime as dt

    current = pd.DataFrame(
        {
            "task_id": ["1", "2"],
            "section": ["Beds", None],
            "task": ["Spec", "Tender"],
            "lead": ["JM", "LE"],
            "start": pd.to_datetime(["2026-09-01", "2026-10-01"]),
            "end": pd.to_datetime(["2026-09-30", "2026-12-31"]),
            "state": [None, None],
            "source": ["p!1", "p!2"],
            "shape": ["gantt", "gantt"],
        }
    )
    plans = page.PlanInputs(
        organisation="", as_of=dt.date(2026, 10, 31), year=2026, weight_set="board", current=current
    )
    table = page.status_by_workstream(plans).data
    assert "Not in a named workstream" in table and "(none)" not in table
    assert "<th>Overdue</th>" in table and "<th>Total</th>" in table


def test_a_damaged_or_out_of_range_plan_is_left_out_with_a_note(tmp_path, capsys):
    # issue 12: an optional input never stops the pack; the page says what was left out
    from openpyxl import Workbook

    folder = sample_folder(tmp_path)
    damaged(SAMPLE_PLANS / "transition_milestones.xlsx", folder / "plans" / "broken.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.append(["Action", "Lead", "Due"])
    ws.append(["Placeholder", "PMO", "Dec 9999"])
    wb.save(folder / "plans" / "far_future.xlsx")
    plans = page.load("2026-10", folder)
    assert "broken" not in plans.latest and "far_future" not in plans.latest
    assert "transition_milestones" in plans.latest  # the others are still read
    # file names and cells belong in "About this page", not at the top (issue 11)
    assert "About this page" in page.inputs(plans).data
    text = page.about(plans).data
    assert "broken.xlsx" in text and "far_future.xlsx!Sheet!C2" in text
    assert text.count("(plan left out)") == 2
    assert "far_future.xlsx" in capsys.readouterr().err
