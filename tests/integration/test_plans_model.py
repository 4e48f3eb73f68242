"""Plans as of a date, versions compared, and plans moving a scheme's savings: by hand."""

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics.model import plans
from commissioning_analytics.model.phasing import FORECAST, phase

pytestmark = pytest.mark.integration

NaT = pd.NaT


def tasks(rows, columns=("task_id", "section", "task", "lead", "start", "end", "state")):
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["source"] = "plan.xlsx!Plan!" + frame["task_id"]
    return frame


def test_status_as_of_a_reporting_date():
    as_of = "2026-10-15"
    frame = tasks(
        [
            ("a", "S", "finished", "x", "2026-09-01", "2026-09-30", "Complete"),
            ("b", "S", "late", "x", "2026-09-01", "2026-10-10", None),  # ended 10 Oct < 15 Oct
            ("c", "S", "due later this month", "x", "2026-10-01", "2026-10-31", None),
            ("d", "S", "running", "x", "2026-10-01", "2026-11-01", None),  # 1 Nov: next month
            ("e", "S", "future", "x", "2026-11-02", "2026-12-01", None),
            ("f", "S", "always", "x", None, None, "ongoing"),
            ("g", "S", "no date", "x", None, None, None),
            ("h", "S", "agreed", "x", None, None, "agreed"),
            ("i", "S", "due today", "x", None, "2026-10-15", None),  # due on the day: not late
        ]
    )
    assert dict(zip(frame["task_id"], plans.task_status(frame, as_of))) == {
        "a": "complete",
        "b": "overdue",
        "c": "due this month",
        "d": "in progress",
        "e": "not started",
        "f": "ongoing",
        "g": "undated",
        "h": "complete",
        "i": "due this month",
    }


def test_milestone_rag():
    as_of = "2026-10-31"
    frame = tasks(
        [
            ("late", "", "m", "", None, "2026-10-30", None),  # overdue: red
            ("late but done", "", "m", "", None, "2026-09-30", "complete"),  # green
            ("soon", "", "m", "", None, "2026-11-30", None),  # within a month, not started: amber
            ("soon started", "", "m", "", None, "2026-11-30", "in progress"),  # green
            ("later", "", "m", "", None, "2026-12-01", None),  # beyond a month: green
            ("no date", "", "m", "", None, None, None),  # amber: nobody can say
        ]
    )
    assert dict(zip(frame["task_id"], plans.milestone_rag(frame, as_of))) == {
        "late": "red",
        "late but done": "green",
        "soon": "amber",
        "soon started": "green",
        "later": "green",
        "no date": "amber",
    }


def test_counts_by_workstream_and_lead():
    frame = tasks(
        [
            ("1", "Beds", "a", "JM", "2026-09-01", "2026-09-30", None),
            ("2", "Beds", "b", "JM", "2026-11-01", "2026-11-30", None),
            ("3", "IV", "c", "LE", "2026-09-01", "2026-09-30", "Complete"),
        ]
    )
    by_section = plans.status_counts(frame, "2026-10-15")
    assert by_section.loc["Beds", "overdue"] == 1 and by_section.loc["Beds", "not started"] == 1
    assert by_section.loc["IV", "complete"] == 1 and by_section["total"].sum() == 3
    by_lead = plans.status_counts(frame, "2026-10-15", by="lead")
    assert by_lead.loc["JM", "total"] == 2


def test_actions_due_lists_overdue_first():
    frame = tasks(
        [
            ("1", "", "late", "", None, "2026-10-01", None),
            ("2", "", "soon", "", None, "2026-11-10", None),
            ("3", "", "far", "", None, "2027-01-31", None),
            ("4", "", "done", "", None, "2026-10-01", "complete"),
        ]
    )
    due = plans.actions_due(frame, "2026-10-15")
    assert list(due["task_id"]) == ["1", "2"]
    assert list(due["days_to_due"]) == [-14, 26]  # 1 Oct is 14 days before 15 Oct; 10 Nov 26 after


def test_compare_versions():
    old = tasks(
        [
            ("1", "Procure", "Tender", "", "2026-10-01", "2026-11-30", None),
            ("2", "Procure", "Award", "", "2026-12-01", "2026-12-31", None),
            ("3", "Go live", "Commencement of service", "", "2027-01-01", "2027-01-31", None),
            ("4", "Go live", "Comms", "", "2027-01-01", "2027-01-31", None),
            ("5", "Old section", "Evaluation", "", "2027-02-01", "2027-02-28", None),
        ]
    )
    new = tasks(
        [
            ("1", "Procure", "tender ", "", "2026-10-01", "2026-12-14", None),  # +14 days
            ("2", "Procure", "Award", "", "2026-12-01", "2026-12-24", None),  # -7 days
            ("3", "Go live", "Commencement of service", "", "2027-03-01", "2027-03-31", None),
            ("6", "Go live", "Mobilisation", "", "2027-02-01", "2027-02-28", None),
            ("5", "Review", "Evaluation", "", "2027-02-01", "2027-02-28", None),  # section moved
        ]
    )
    diff = plans.compare_versions(old, new).set_index("task")
    assert diff.loc["Commencement of service", "change"] == "slipped"
    assert diff.loc["Commencement of service", "days"] == 59  # 31 Jan -> 31 Mar 2027
    assert (diff.loc["tender ", "change"], diff.loc["tender ", "days"]) == ("slipped", 14)
    assert (diff.loc["Award", "change"], diff.loc["Award", "days"]) == ("brought forward", -7)
    assert diff.loc["Comms", "change"] == "removed"
    assert diff.loc["Mobilisation", "change"] == "added"
    assert diff.loc["Evaluation", "change"] == "unchanged"
    assert diff.loc["Evaluation", "section"] == "Review"
    assert len(diff) == 6


def register():
    return pd.DataFrame(
        {
            "scheme_id": ["1", "2", "3"],
            "file_ref": ["QIPP-PC-01", "QIPP-CC-02", None],
            "scheme": ["Community IV therapy", "Falls prevention", "Respiratory virtual ward"],
            "go_live": pd.PeriodIndex(["2027-01", "2027-01", "2026-12"], freq="M"),
            "fye_net_saving": [120_000.0, 60_000.0, 240_000.0],
            "rag_overall": ["green", "green", "amber"],
            "change_in_delivery_months": [0.0, np.nan, 0.0],
        }
    )


def plan_tasks():
    frame = tasks(
        [
            ("1", "IV therapy", "Procurement", "", "2026-10-01", "2026-12-31", None),
            ("2", "IV therapy", "Commencement of service", "", "2027-03-01", "2027-03-31", None),
            ("3", "Falls", "Training", "", "2026-10-01", "2026-12-31", None),
            ("4", "Respiratory virtual ward", "Service go-live", "", None, "2027-02-15", None),
        ]
    )
    frame["file_ref"] = ["QIPP-PC-01", "qipp-pc-01", "QIPP-CC-02", None]
    frame["plan"] = "gantt"
    return frame


def test_a_slipped_commencement_is_a_change_in_delivery_of_the_right_scheme():
    changes = plans.commencement_changes(plan_tasks(), register()).set_index("scheme_id")
    # scheme 1: register go-live January 2027, plan commences March 2027: 2 months lost
    assert changes.loc["1", "change_in_delivery_months"] == -2
    assert changes.loc["1", "link"] == "file_ref"
    # scheme 2 (falls) has no commencement task: no change
    assert "2" not in changes.index
    # scheme 3 has no file ref; its plan's section names it exactly: a name match, reported
    assert changes.loc["3", "link"] == "name match"
    assert changes.loc["3", "change_in_delivery_months"] == -2  # December 2026 -> February 2027


def test_plan_driven_forecast_and_savings_at_risk():
    reg = register()
    changes = plans.commencement_changes(plan_tasks(), reg)
    driven = plans.plan_driven_register(reg, changes)
    assert list(driven["change_in_delivery_months"]) == [-2.0, 0.0, -2.0]
    forecast = phase(driven, 2026, FORECAST)
    # scheme 1: live January = 3 months in 2026/27, less 2 = 1 month: 120,000 / 12 = 10,000
    assert forecast.in_year[0] == pytest.approx(10_000)
    at_risk = plans.savings_at_risk(reg, changes, 2026).set_index("scheme_id")
    # register forecast 120,000 x 3/12 = 30,000; plan-driven 10,000: 20,000 at risk
    assert at_risk.loc["1", "at_risk_gbp"] == pytest.approx(20_000)
    # scheme 3: 4 months -> 2 months of 240,000/12 = 20,000 a month, amber 75%: 30,000
    assert at_risk.loc["3", "at_risk_gbp"] == pytest.approx(30_000)
    assert list(at_risk.index) == ["3", "1"]  # largest risk first


def test_an_unclear_name_is_not_linked():
    frame = plan_tasks().iloc[[3]].copy()
    frame["section"] = "Virtual wards"  # near neither name closely enough
    assert plans.link_tasks_to_schemes(frame, register()).empty


def test_reporting_date_is_the_last_day_of_the_month():
    assert plans.reporting_date("2026-10").isoformat() == "2026-10-31"
    assert plans.reporting_date("2027-02").isoformat() == "2027-02-28"


def _link_by_comparing_every_name(tasks_frame, register_frame):
    """The reference: every task text against every scheme name with difflib (the linking as
    it was before the index), for the index to agree with."""
    from difflib import SequenceMatcher

    def norm(series):
        return (
            series.fillna("")
            .astype(str)
            .str.lower()
            .str.replace(r"[^a-z0-9]+", " ", regex=True)
            .str.strip()
        )

    names = norm(register_frame["scheme"]).tolist()
    ids = register_frame["scheme_id"].astype(str).tolist()
    out = {}
    for column in ("section", "plan", "task"):
        for task_id, text in zip(tasks_frame["task_id"], norm(tasks_frame[column])):
            if not text or task_id in out:
                continue
            scores = [SequenceMatcher(None, text, name).ratio() for name in names]
            ranked = sorted(scores, reverse=True)
            if ranked[0] >= 0.85 and (len(ranked) == 1 or ranked[0] - ranked[1] >= 0.1):
                out[task_id] = ids[int(np.argmax(scores))]
    return out


def test_linking_by_index_agrees_with_comparing_every_name():
    # near-twins of a task's name (a typo, a word more, a number) must neither be missed
    # nor linked when two are equally close
    reg = pd.DataFrame(
        {
            "scheme_id": [str(k) for k in range(1, 9)],
            "file_ref": [None] * 8,
            "scheme": [
                "Falls prevention",
                "Falls prevention service",
                "Fals prevention",
                "Care home support",
                "Care home support 2",
                "Virtual ward",
                "Community IV therapy",
                "Respiratory virtual ward",
            ],
            "go_live": pd.PeriodIndex(["2026-12"] * 8, freq="M"),
        }
    )
    frame = tasks(
        [
            (str(k), section, name, "", None, "2026-12-31", None)
            for k, (section, name) in enumerate(
                [
                    ("Falls prevention", "Training"),
                    ("Care home support", "Recruit"),
                    ("Community IV therapy", "Go live"),
                    ("Respiratory virtual wards", "Beds"),
                    ("Virtual ward", "Pilot"),
                    ("Falls preventions", "Audit"),
                    ("Nothing like any scheme", "Community IV therapy"),
                ],
                start=1,
            )
        ]
    )
    frame["plan"] = "plan"
    links = plans.link_tasks_to_schemes(frame, reg)
    got = dict(zip(links["task_id"], links["scheme_id"]))
    assert got == _link_by_comparing_every_name(frame, reg)
    # checked by hand: IV therapy's section is its name exactly (7), so is the virtual
    # ward's (6); "Care home support" is within 0.1 of "Care home support 2" (unclear); the
    # falls sections are near three names (unclear); task 7's name is scheme 7's; task 4's
    # section is scheme 8's name with an "s" more
    assert got == {"3": "7", "5": "6", "7": "7", "4": "8"}


def test_linking_the_sample_plans_agrees_with_comparing_every_name():
    from pathlib import Path

    from commissioning_analytics.io.register import load_register
    from fixtures import plan_as_of

    raw = Path(__file__).resolve().parents[2] / "data" / "raw"
    reg = load_register(raw / "qipp_register.xlsx").schemes
    frame = pd.concat(
        [plan_as_of(p, "2026-10-31").tasks for p in sorted((raw / "plans").glob("*.xlsx"))],
        ignore_index=True,
    )
    frame["task_id"] = frame["plan"] + ":" + frame["task_id"]
    links = plans.link_tasks_to_schemes(frame, reg)
    by_name = links[links["link"] == "name match"]
    reference = _link_by_comparing_every_name(
        frame[~frame["task_id"].isin(links.loc[links["link"] == "file_ref", "task_id"])], reg
    )
    assert dict(zip(by_name["task_id"], by_name["scheme_id"])) == reference
    assert len(reference) > 0  # falls prevention and care home support link by name
