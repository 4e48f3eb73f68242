"""Movement since last month by cause: hand-worked registers of 2026/27, board weights
(green 100%, amber 75%, red 50%), June 2026 (M3) to July 2026 (M4)."""

import json

import pytest

from commissioning_analytics.model.monthly import MonthlyFigures
from commissioning_analytics.model.movement import movement
from fixtures import actual_rows, board_register

pytestmark = pytest.mark.unit

# A: £10k a month from April, green. Actual £10k in April-June; in July £7k (£3k below
#    June's forecast of £10k for it) and May restated to £11k (+£1k).
# B: £10k a month from October, amber -> green: forecast 6 x 7,500 = 45,000 -> 60,000 (+15,000).
# C: £20k a month from September, red; go-live edited to November (7 -> 5 months at 50%:
#    70,000 -> 50,000, -20,000), then a month lost (-1: 4 months, 40,000, -10,000).
#    The plan: 7 x 20,000 = 140,000 -> 5 x 20,000 = 100,000 (-40,000).
# D: new in July, £10k a month from April with actuals back to April: outturn 120,000.
# E: removed in July: £5k a month from December, amber: 4 x 3,750 = 15,000; plan 20,000.
JUNE = board_register(
    ("A", 120_000, "2026-04", "green", 0),
    ("B", 120_000, "2026-10", "amber", 0),
    ("C", 240_000, "2026-09", "red", 0),
    ("E", 60_000, "2026-12", "amber", 0),
)
JULY = board_register(
    ("A", 120_000, "2026-04", "green", 0),
    ("B", 120_000, "2026-10", "green", 0),
    ("C", 240_000, "2026-11", "red", -1),
    ("D", 120_000, "2026-04", "green", 0),
)
JUNE_ACTUALS = actual_rows(
    ("A", "2026-04", 10_000), ("A", "2026-05", 10_000), ("A", "2026-06", 10_000)
)
JULY_ACTUALS = actual_rows(
    ("A", "2026-04", 10_000),
    ("A", "2026-05", 11_000),
    ("A", "2026-06", 10_000),
    ("A", "2026-07", 7_000),
    *[("D", m, 10_000) for m in ("2026-04", "2026-05", "2026-06", "2026-07")],
)


def months(then=JUNE, now=JULY, then_actuals=JUNE_ACTUALS, now_actuals=JULY_ACTUALS, **kw):
    previous = MonthlyFigures.from_register(then, 2026, "2026-06", then_actuals, **kw)
    current = MonthlyFigures.from_register(now, 2026, "2026-07", now_actuals, **kw)
    return previous, current


def steps(move):
    return dict(zip(move.steps["key"], move.steps["gbp"]))


def test_each_cause_is_its_own_step_and_the_steps_add_up():
    previous, current = months()
    # June: A 30,000 actual + 9 x 10,000 = 120,000; B 45,000; C 70,000; E 15,000 = 250,000.
    # July: A 38,000 + 8 x 10,000 = 118,000; B 60,000; C 40,000; D 120,000 = 338,000.
    move = movement(previous, current)
    assert move.previous_outturn == pytest.approx(250_000)
    assert move.outturn == pytest.approx(338_000)
    assert steps(move) == pytest.approx(
        {
            "new_schemes": 120_000,
            "removed_schemes": -15_000,
            "actuals_restated": 1_000,
            "actual_vs_forecast": -3_000,
            "go_live_fye": -20_000,
            "ratings": 15_000,
            "delivery": -10_000,
        }
    )
    assert list(move.steps["key"])[:2] == ["new_schemes", "removed_schemes"]
    assert move.previous_outturn + move.steps["gbp"].sum() == pytest.approx(move.outturn, abs=1e-6)
    # the plan beside it: 340,000 -> 400,000, by new, removed and go-live edits only
    assert move.previous_plan == pytest.approx(340_000) and move.plan == pytest.approx(400_000)
    assert dict(zip(move.plan_steps["key"], move.plan_steps["gbp"])) == pytest.approx(
        {"new_schemes": 120_000, "removed_schemes": -20_000, "go_live_fye": -40_000}
    )


def test_a_scheme_added_with_actuals_back_to_april_is_new_not_a_rating_change():
    move = movement(*months())
    new = move.schemes("new_schemes")
    assert list(new["scheme_id"]) == ["D"] and new["gbp"].iloc[0] == pytest.approx(120_000)
    assert list(move.schemes("ratings")["scheme_id"]) == ["B"]
    row = move.by_scheme.set_index("scheme_id").loc["D"]
    assert row["status"] == "new" and row["ratings"] == 0 and row["actual_vs_forecast"] == 0


def test_each_schemes_steps_add_up_to_its_own_movement():
    move = movement(*months())
    table = move.by_scheme.set_index("scheme_id")
    step_columns = list(move.steps["key"])
    assert (
        table[step_columns].sum(axis=1) - (table["outturn_now"] - table["outturn_then"])
    ).abs().max() < 1e-6
    assert table.loc["E", "status"] == "removed" and table.loc["E", "removed_schemes"] == -15_000


def test_the_order_of_substitution_rating_before_delivery():
    # One scheme, £10k a month from October, amber -> green and 0 -> -2 months together.
    # Rating first (at last month's timing): 6 x (10,000 - 7,500) = +15,000; then the delivery
    # change at the new rating: 4 x 10,000 - 6 x 10,000 = -20,000. (The other order would give
    # -15,000 and +10,000: same total, other attribution.)
    then = board_register(("X", 120_000, "2026-10", "amber", 0))
    now = board_register(("X", 120_000, "2026-10", "green", -2))
    move = movement(*months(then, now, None, None))
    assert steps(move)["ratings"] == pytest.approx(15_000)
    assert steps(move)["delivery"] == pytest.approx(-20_000)


def test_an_edit_moves_only_months_not_yet_reported():
    # Go-live edited from August to May, in July: May-July are reported (actual £6k each, and
    # another scheme's actuals make them reported); from August the scheme was live in both
    # registers, so the edit moves nothing. The reported months' £18k is the actual against
    # June's forecast for July (0: not yet live) and restated actuals of May and June (0 -> 6k).
    then = board_register(
        ("X", 120_000, "2026-08", "green", 0), ("Y", 12_000, "2026-04", "green", 0)
    )
    now = board_register(
        ("X", 120_000, "2026-05", "green", 0), ("Y", 12_000, "2026-04", "green", 0)
    )
    ys = [("Y", m, 1_000) for m in ("2026-04", "2026-05", "2026-06", "2026-07")]
    xs = [("X", m, 6_000) for m in ("2026-05", "2026-06", "2026-07")]
    move = movement(*months(then, now, actual_rows(*ys[:3]), actual_rows(*ys, *xs)))
    x = move.by_scheme.set_index("scheme_id").loc["X"]
    assert x["go_live_fye"] == 0
    assert x["actuals_restated"] == pytest.approx(12_000)  # May and June: 0 recorded -> 6,000
    assert x["actual_vs_forecast"] == pytest.approx(6_000)  # July: 6,000 against 0
    # the plan moves by the edit: 8 -> 11 months of 10,000
    assert dict(zip(move.plan_steps["key"], move.plan_steps["gbp"]))[
        "go_live_fye"
    ] == pytest.approx(30_000)


def test_published_outturns_the_rules_do_not_give_are_steps_of_their_own():
    previous, current = months()
    # as published: nothing to restate, no step
    plain = movement(previous, current, previous_outturn=250_000, outturn=338_000)
    assert "restated_previous" not in set(plain.steps["key"])
    assert "counting" not in set(plain.steps["key"])
    # last month published 251,000 (another weight set, say) and this month counts £5,000 of
    # adjustment rows: the bridge runs between the published figures and still adds up
    move = movement(previous, current, previous_outturn=251_000, outturn=343_000)
    assert steps(move)["restated_previous"] == pytest.approx(-1_000)
    assert steps(move)["counting"] == pytest.approx(5_000)
    assert list(move.steps["key"])[0] == "restated_previous"
    assert list(move.steps["key"])[-1] == "counting"
    assert 251_000 + move.steps["gbp"].sum() == pytest.approx(343_000)


def test_adjustment_rows_counted_in_both_months_move_nothing_but_their_change():
    prev = MonthlyFigures.from_register(
        JUNE, 2026, "2026-06", JUNE_ACTUALS, adjustments_in_year=4_000
    )
    cur = MonthlyFigures.from_register(
        JULY, 2026, "2026-07", JULY_ACTUALS, adjustments_in_year=4_000
    )
    assert "counting" not in set(movement(prev, cur).steps["key"])
    cur = MonthlyFigures.from_register(
        JULY, 2026, "2026-07", JULY_ACTUALS, adjustments_in_year=-1_000
    )
    move = movement(prev, cur)
    assert steps(move)["counting"] == pytest.approx(-5_000)
    assert move.outturn == pytest.approx(337_000)


def test_treasury_weights_make_a_phase_change_the_weighting_step():
    # Treasury weights read the phase: phase 2 (50%) -> phase 4 (70%), £10k a month from
    # October: 6 x 10,000 x 20% = +12,000; the overall rating moving does nothing.
    then = board_register(("X", 120_000, "2026-10", "amber", 0))
    now = board_register(("X", 120_000, "2026-10", "red", 0), phase=[4])
    move = movement(*months(then, now, None, None, weights="treasury"))
    assert steps(move)["ratings"] == pytest.approx(12_000)


def test_no_movement_across_financial_years_or_backwards():
    march = MonthlyFigures.from_register(JUNE, 2025, "2026-03")
    april = MonthlyFigures.from_register(JULY, 2026, "2026-04")
    with pytest.raises(ValueError, match="not of one financial year"):
        movement(march, april)
    previous, current = months()
    with pytest.raises(ValueError, match="is not before"):
        movement(current, previous)


def test_summary_json_shape_names_the_schemes_new_this_month():
    data = movement(*months()).as_json(names=1)
    json.dumps(data)  # JSON-ready
    assert data["previous_forecast_outturn"] == pytest.approx(250_000)
    new = next(s for s in data["movement"] if s["key"] == "new_schemes")
    assert new["step"] == "Schemes new this month"
    assert new["schemes"] == [{"scheme_id": "D", "scheme": "Scheme D", "gbp": 120_000.0}]
    assert new["more_schemes"] == 0
    edits = next(s for s in data["plan_movement"] if s["key"] == "go_live_fye")
    assert edits["schemes"] == [{"scheme_id": "C", "scheme": "Scheme C", "gbp": -40_000.0}]
    # only A's July actual is judged against June's forecast (D is new: its actuals are its own)
    actual = next(s for s in data["movement"] if s["key"] == "actual_vs_forecast")
    assert [s["scheme_id"] for s in actual["schemes"]] == ["A"] and actual["more_schemes"] == 0
