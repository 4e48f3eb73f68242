"""Actionable top risks: ranked by effect on the outturn, each with an owner, action and date."""

import datetime as dt

import pandas as pd
import pytest

from commissioning_analytics.model.actions import (
    due_from_text,
    first_sentence,
    next_actions,
    top_risks,
)
from commissioning_analytics.model.exposure import plans_outturn_effect, scheme_exposure
from commissioning_analytics.model.monthly import MonthlyFigures
from fixtures import actual_rows, board_register

pytestmark = pytest.mark.unit

AS_OF = dt.date(2026, 10, 31)
# October 2026, board weights.
# A: amber, £20k a month from April, no change: its only risk is the haircut (5,000 a month x
#    12 = 60,000 weighting), saved as forecast (£15k a month): effect 0.
# S: green, £10k a month from July, 2 months lost (September start): slippage 20,000; saved
#    £8k in September and October against a forecast of £10k: 4,000 below; effect 24,000.
# P: green, £10k a month from December; its plan says March (-3): effect 30,000 if it stands.
# G: green, live from April, saved as forecast: nothing at risk, never listed.
REGISTER = board_register(
    ("A", 240_000, "2026-04", "amber", 0),
    ("S", 120_000, "2026-07", "green", -2),
    ("P", 120_000, "2026-12", "green", 0),
    ("G", 12_000, "2026-04", "green", 0),
    file_ref=[None, "REF-S", None, None],
)
ACTUALS = actual_rows(
    *[("A", f"2026-{m:02d}", 15_000) for m in range(4, 11)],
    *[("G", f"2026-{m:02d}", 1_000) for m in range(4, 11)],
    ("S", "2026-09", 8_000),
    ("S", "2026-10", 8_000),
)


def exposure():
    figures = MonthlyFigures.from_register(REGISTER, 2026, "2026-10", ACTUALS)
    return scheme_exposure(figures, plans_outturn_effect(figures, {"P": -3}))


def tasks():
    return pd.DataFrame(
        {
            "task_id": ["1", "2", "3", "4"],
            "task": ["Recruit nurses", "Open clinic", "Agree contract", "Old task"],
            "lead": ["J. Lead", "K. Lead", None, "X"],
            "start": pd.to_datetime(["2026-09-01", "2026-11-01", "2026-08-01", "2026-01-01"]),
            "end": pd.to_datetime(["2026-12-15", "2027-01-31", "2026-10-20", "2026-02-01"]),
            "state": [None, None, None, "complete"],
            "file_ref": ["REF-S", "REF-S", "REF-S", "REF-S"],
            "shape": "action log",
        }
    )


def test_ranked_by_effect_on_the_outturn_not_the_haircut():
    top = top_risks(exposure(), as_of=AS_OF)
    # P 30,000 (plan), S 24,000 (slippage 20,000 + actuals 4,000 below), then A (haircut only)
    assert list(top["scheme_id"]) == ["P", "S", "A"]
    assert list(top["rank"]) == [1, 2, 3]
    assert list(top["effect_gbp"]) == pytest.approx([30_000, 24_000, 0])
    assert top.loc[2, "weighting_gbp"] == pytest.approx(60_000)
    assert top.loc[1, "why"] == "2 months lost (£20.0k); actuals £4.00k below forecast to date"
    assert top.loc[0, "why"].startswith("Its project plan starts the service 3 months later")
    assert top.loc[2, "why"] == "Rated amber (£60.0k weighting)"
    assert len(top_risks(exposure(), as_of=AS_OF, n=1)) == 1


def test_the_next_open_action_of_a_linked_plan_its_lead_and_date():
    acts = next_actions(tasks(), REGISTER, AS_OF)
    assert list(acts["scheme_id"]) == ["S"]
    # task 4 is complete; task 3 (due 20 October) is the earliest open one, overdue, no lead
    row = acts.iloc[0]
    assert row["action"] == "Agree contract" and row["due"] == dt.date(2026, 10, 20)
    assert bool(row["overdue"]) and row["action_owner"] == "" and row["action_from"] == "action log"
    top = top_risks(exposure(), as_of=AS_OF, actions=acts).set_index("scheme_id")
    assert top.loc["S", "action_owner"] == "Owner S"  # no lead: the scheme's owner
    assert top.loc["S", "overdue"]
    # with task 3 done, the next is task 1, J. Lead's, due 15 December, not overdue
    done = tasks().assign(state=[None, None, "complete", "complete"])
    row = next_actions(done, REGISTER, AS_OF).iloc[0]
    assert (row["action"], row["action_owner"], row["due"], bool(row["overdue"])) == (
        "Recruit nurses",
        "J. Lead",
        dt.date(2026, 12, 15),
        False,
    )


def test_commentary_gives_the_action_where_no_plan_does_and_its_absence_is_said():
    notes = {"P": "Provider mobilisation slips. New start agreed for March with the trust."}
    top = top_risks(exposure(), as_of=AS_OF, commentary=notes).set_index("scheme_id")
    assert top.loc["P", "action"] == "Provider mobilisation slips."
    assert top.loc["P", "due"] == dt.date(2027, 3, 31)
    assert top.loc["P", "action_from"] == "commentary"
    assert top.loc["P", "action_owner"] == "Owner P"
    assert top.loc["A", "action"] == "" and top.loc["A", "action_from"] == ""
    assert top.loc["A", "due"] is None
    assert not any("!" in str(v) for v in top.to_numpy().ravel())  # no file!sheet!row


def test_due_dates_from_words():
    assert due_from_text("opens in November", AS_OF) == dt.date(2026, 11, 30)
    assert due_from_text("go-live now January.", AS_OF) == dt.date(2027, 1, 31)
    assert due_from_text("review in Oct", AS_OF) == dt.date(2026, 10, 31)  # this month
    assert due_from_text("by September 2027", AS_OF) == dt.date(2027, 9, 30)
    assert due_from_text("the beds may open soon", AS_OF) is None  # "may" is no month
    assert due_from_text("", AS_OF) is None
    assert first_sentence("One. Two.") == "One."
    assert first_sentence("no stop at all") == "no stop at all"
