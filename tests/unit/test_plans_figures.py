"""Plan figures: what a director reads on them (titles, words, the reporting date)."""

import pandas as pd
import pytest

from commissioning_analytics.figures import NHS_RED
from commissioning_analytics.figures import plans as figures
from commissioning_analytics.model import plans as model

pytestmark = pytest.mark.unit


def tasks():
    frame = pd.DataFrame(
        {
            "task_id": ["1", "2", "3", "4"],
            "section": ["Beds", "Beds", "IV", "IV"],
            "task": ["Spec", "Tender", "Go live", "Someday"],
            "lead": ["JM", "LE", "JM", None],
            "start": pd.to_datetime(["2026-09-01", "2026-10-01", None, None]),
            "end": pd.to_datetime(["2026-09-30", "2026-12-31", "2027-01-31", None]),
            "state": [None, None, None, None],
            "team": ["Commissioning", "Contracts", "Provider", None],
        }
    )
    return model.with_status(frame, "2026-10-31")


def test_gantt_marks_the_reporting_date_and_counts_the_undated():
    fig = figures.gantt(tasks(), "2026-10-31")
    assert "1 undated task not shown" in fig.layout.title.text
    line = fig.layout.shapes[0]
    assert pd.Timestamp(line.x0) == pd.Timestamp("2026-10-31")
    overdue = next(t for t in fig.data if t.name == "overdue")
    assert overdue.marker.color == NHS_RED and list(overdue.y) == ["Beds: Spec"]
    # a bar of 1-30 September is 30 days long, in milliseconds on a date axis
    assert overdue.x[0] == 30 * 86_400_000
    # a task with an end and no start is a diamond on its date
    assert any(t.type == "scatter" and t.mode == "markers" for t in fig.data)


def test_gantt_by_team():
    fig = figures.gantt(tasks(), "2026-10-31", colour_by="team")
    assert {t.name for t in fig.data} >= {"Commissioning", "Contracts"}


def test_milestone_table_shows_rag_in_words():
    milestones = tasks().assign(shape="milestones")
    table = model.milestones_as_of(milestones, "2026-10-31")
    fig = figures.milestone_rag_table(table)
    assert "Red" in fig.data[0].cells.values[3]  # Spec ended 30 Sep, not complete
    assert fig.layout.title.text.startswith("Milestones: 1 Red")


def test_savings_at_risk_chart_totals_the_risk():
    at_risk = pd.DataFrame(
        {
            "scheme_id": ["1", "2"],
            "scheme": ["IV", "Falls"],
            "plan_change_months": [-2.0, 1.0],
            "at_risk_gbp": [20_000.0, -3_750.0],
        }
    )
    fig = figures.savings_at_risk_chart(at_risk)
    # the title states what the bars add up to (issue 10: titles equal their bars):
    # 20,000 - 3,750 = £16,250 net, with the split
    assert fig.layout.title.text == (
        "Savings at risk from plans, net of plans earlier: £16.2k of the in-year forecast "
        "(£20.0k at risk from slipped plans, £3.75k gained where plans start earlier)"
    )
    assert sum(fig.data[0].x) == 16_250
    assert "£20.0k (−2 months)" in fig.data[0].text


def test_gantt_by_team_takes_the_plan_own_key_colours():
    # issue 11: the team colours follow the plan's colour key, not the pack's palette
    frame = tasks().assign(colour=["#9DC3E6", "#F4B183", "#9DC3E6", None])
    fig = figures.gantt(frame, "2026-10-31", colour_by="team")
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours["Commissioning"] == "#9DC3E6" and colours["Contracts"] == "#F4B183"
    # Provider's only task is a milestone painted #9DC3E6: its diamond keeps that colour
    assert colours["Provider (milestone)"] == "#9DC3E6"
    assert "(none)" not in colours


def test_long_task_names_are_wrapped_not_cut():
    # issue 11: "…integrated casel…" was cut mid-word; every word stays, lines break at spaces
    frame = tasks()
    frame.loc[0, "task"] = (
        "Community nursing: integrated caseload management across all four localities"
    )
    fig = figures.gantt(frame, "2026-10-31")
    label = next(y for t in fig.data for y in t.y if "caseload" in y)
    assert label.replace("<br>", " ") == (
        "Beds: Community nursing: integrated caseload management across all four localities"
    )
    assert all(len(line) <= 48 for line in label.split("<br>"))
