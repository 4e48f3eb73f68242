"""Decisions that face the gap: October 2026 (M7), board weights, worked by hand."""

import pytest

from commissioning_analytics.model.exposure import plans_outturn_effect, scheme_exposure
from commissioning_analytics.model.monthly import MonthlyFigures
from commissioning_analytics.model.options import Rules, options
from fixtures import actual_rows, board_register

pytestmark = pytest.mark.unit

# W: planned January (3 x 10,000 = 30,000), amber, slipped 3 months out of the year: outturn 0.
# R: red, £10k a month from April, saved £5k a month as forecast: outturn 60,000 of 120,000.
# H: amber, £20k a month from July, 2 months lost, nothing in September/October: outturn 75,000
#    of 180,000 (under half).
# B: green, phase 4, £10k a month from February: plan 20,000 = outturn; can come 3 months forward.
# P: green, phase 1, £10k a month from December (40,000); its plan says February.
# Plan 390,000; outturn 195,000; gap 195,000.
ROWS = [
    ("W", 120_000, "2027-01", "amber", -3),
    ("R", 120_000, "2026-04", "red", 0),
    ("H", 240_000, "2026-07", "amber", -2),
    ("B", 120_000, "2027-02", "green", 0),
    ("P", 120_000, "2026-12", "green", 0),
]
PHASES = [2, 2, 2, 4, 1]
ACTUALS = actual_rows(*[("R", f"2026-{m:02d}", 5_000) for m in range(4, 11)])


def month(rows=ROWS, phases=PHASES):
    register = board_register(*rows, phase=phases)
    figures = MonthlyFigures.from_register(register, 2026, "2026-10", ACTUALS)
    effect = plans_outturn_effect(figures, {"P": -2})
    return figures, scheme_exposure(figures, effect)


def by_key(found):
    return found.table.set_index("key")


def test_the_options_in_order_close_what_they_can_and_the_rest_is_the_boards():
    found = options(*month())
    assert found.gap_gbp == pytest.approx(195_000)
    table = by_key(found)
    # withdraw W: 30,000 off the target; recovery: R 5 x (10,000 - 5,000) and H 5 x (20,000 -
    # 15,000) = 25,000 each; bring B forward 3 months: 30,000 of the 115,000 left
    assert table.loc["withdraw", "gbp"] == pytest.approx(30_000)
    assert table.loc["recovery", "gbp"] == pytest.approx(50_000)
    assert table.loc["bring_forward", "gbp"] == pytest.approx(30_000)
    assert table.loc["remainder", "gbp"] == pytest.approx(85_000)
    assert found.closed_gbp + found.remainder_gbp == pytest.approx(found.gap_gbp)
    assert table.loc["recovery", "owner"] == "Owner H, Owner R"  # equal pounds: by number
    assert table.loc["remainder", "owner"] == "the board"
    assert "accept that shortfall or re-baseline" in table.loc["remainder", "words"]
    moved = found.schemes[found.schemes["key"] == "bring_forward"]
    assert list(moved["scheme_id"]) == ["B"] and moved["months"].iloc[0] == 3
    # P's plan: if it stands the outturn falls 20,000 and 105,000 is left
    assert table.loc["plans_contradict", "gbp"] == pytest.approx(-20_000)
    assert found.remainder_if_plans_stand_gbp == pytest.approx(105_000)
    assert "Scheme P (No P, £20.0k)" in table.loc["plans_contradict", "named"]


def test_none_qualifies_for_withdrawal_is_said_with_the_rule():
    found = options(*month(ROWS[1:], PHASES[1:]))
    row = by_key(found).loc["withdraw"]
    assert row["gbp"] == 0 and row["schemes"] == 0
    assert row["words"].startswith("None qualifies")
    assert "outturn (actual to date plus forecast) is £0" in row["rule"]


def test_recovery_on_either_side_of_half_the_plan_and_for_a_red_rating():
    # R at exactly half its plan: red -> recovery; green -> none (not under half)
    red = options(*month())
    assert "R" in set(red.schemes.loc[red.schemes["key"] == "recovery", "scheme_id"])
    rows = [list(r) for r in ROWS]
    rows[1][3] = "green"  # forecast 120,000 at green, saved 5,000 a month: outturn 85,000 >= 60,000
    green = options(*month([tuple(r) for r in rows]))
    assert "R" not in set(green.schemes.loc[green.schemes["key"] == "recovery", "scheme_id"])
    strict = options(*month([tuple(r) for r in rows]), rules=Rules(recovery_share=0.75))
    assert "R" in set(strict.schemes.loc[strict.schemes["key"] == "recovery", "scheme_id"])


def test_options_that_exceed_the_gap_leave_a_surplus_and_no_bring_forward():
    figures, exposure = month()
    found = options(figures, exposure, gap_gbp=60_000)  # withdrawal + recovery = 80,000
    table = by_key(found)
    assert table.loc["bring_forward", "gbp"] == 0
    assert table.loc["bring_forward", "words"].startswith("Not needed")
    assert found.remainder_gbp == pytest.approx(-20_000)
    assert table.loc["remainder", "words"] == "The options close the gap, with £20.0k to spare."


def test_as_json_lists_each_option_with_its_pounds_and_owner():
    data = options(*month()).as_json()
    assert [o["key"] for o in data["options"]] == [
        "withdraw",
        "recovery",
        "bring_forward",
        "remainder",
        "plans_contradict",
    ]
    assert data["remainder_gbp"] == pytest.approx(85_000)
    assert data["options"][0] == {
        "key": "withdraw",
        "option": "Withdraw or re-phase into next year",
        "gbp": 30_000.0,
        "owner": "Owner W",
        "schemes": 1,
    }
