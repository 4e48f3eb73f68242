"""The board summary's figures beyond the headline (views/board.py), wired to the month the pack
loads: the movement by cause from a hand-built pair of months and from the sample's history,
the forecast over the year, the decisions that face the gap, the top risks, next year, and the
schemes and interventions of the same service."""

from pathlib import Path

import pandas as pd
import pytest

from commissioning_analytics.commentary import load_commentary
from commissioning_analytics.model.headline import headline
from commissioning_analytics.month import load_month, month_from_frames
from commissioning_analytics.pack.summary import render_index
from commissioning_analytics.views.board import board_figures, monthly_figures
from fixtures import actual_rows, board_register

pytestmark = pytest.mark.integration

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def october():
    return load_month("2026-10", SAMPLE)


@pytest.fixture(scope="module")
def sample_board(october):
    return board_figures(october, headline(october), commentary=load_commentary(SAMPLE, "2026-10"))


def _hand_built_pair(tmp_path: Path):
    """September: 1 (FYE £120k, April, green), 2 (£240k, November, amber), 3 (£60k, April,
    green, no actuals); scheme 1 saved £10k a month April-September. September's outturn:
    1: 6 x 10k + 6 x 10k = 120k; 2: 240k x 5/12 x 75% = 75k; 3: 0 reported + 6 x 5k = 30k;
    225k. Plan 120k + 100k + 60k = 280k.

    October: 3 removed (-30k); 4 new (£120k, April, green, £10k a month April-October: 70k +
    5 x 10k = +120k); 1 saved £8k in October against a £10k forecast (-2k); 2 re-rated green
    (100k - 75k = +25k). October's outturn 118k + 100k + 120k = 338k = 225k + 120k - 30k - 2k
    + 25k."""
    september = board_register(
        (1, 120_000, "2026-04", "green", 0),
        (2, 240_000, "2026-11", "amber", 0),
        (3, 60_000, "2026-04", "green", 0),
    )
    history = tmp_path / "history" / "2026-09"
    history.mkdir(parents=True)
    september.assign(go_live=september["go_live"].astype(str)).to_csv(
        history / "schemes.csv", index=False
    )
    actual_rows(*[(1, f"2026-{m:02d}", 10_000) for m in range(4, 10)]).assign(
        month=lambda f: f["month"].astype(str)
    ).to_csv(history / "actuals.csv", index=False)
    pd.DataFrame(
        {
            "figure": ["period", "plan_in_year", "forecast_outturn", "gap_to_target"],
            "value": ["2026-09", 280_000, 225_000, 55_000],
        }
    ).to_csv(history / "summary.csv", index=False)
    october = board_register(
        (1, 120_000, "2026-04", "green", 0),
        (2, 240_000, "2026-11", "green", 0),
        (4, 120_000, "2026-04", "green", 0),
    )
    actuals = actual_rows(
        *[(1, f"2026-{m:02d}", 10_000) for m in range(4, 10)],
        (1, "2026-10", 8_000),
        *[(4, f"2026-{m:02d}", 10_000) for m in range(4, 11)],
    )
    return month_from_frames(october, 2026, "2026-10", actuals, data_dir=tmp_path)


def test_a_hand_built_pair_of_months_moves_by_cause_to_the_penny(tmp_path):
    month = _hand_built_pair(tmp_path)
    head = headline(month)
    assert head.forecast_outturn == pytest.approx(338_000)
    board = board_figures(month, head)
    move = board.movement
    assert move is not None
    steps = dict(zip(move.steps["key"], move.steps["gbp"]))
    assert steps["new_schemes"] == pytest.approx(120_000)
    assert steps["removed_schemes"] == pytest.approx(-30_000)
    assert steps["actual_vs_forecast"] == pytest.approx(-2_000)
    assert steps["ratings"] == pytest.approx(25_000)
    assert steps["go_live_fye"] == steps["delivery"] == pytest.approx(0)
    data = board.as_json()
    assert data["previous_forecast_outturn"] == pytest.approx(225_000)
    total = data["previous_forecast_outturn"] + sum(s["gbp"] for s in data["movement"])
    assert abs(total - head.forecast_outturn) < 1.0
    new = next(s for s in data["movement"] if s["key"] == "new_schemes")
    assert [s["scheme"] for s in new["schemes"]] == ["Scheme 4"]
    # the plan beside it (on the page; summary.json keeps the keys DESIGN.md names):
    # +120k new, -60k removed; 280k -> 340k
    assert "plan_movement" not in data
    plan = dict(zip(move.plan_steps["key"], move.plan_steps["gbp"]))
    assert plan == pytest.approx(
        {"new_schemes": 120_000, "removed_schemes": -60_000, "go_live_fye": 0}
    )
    assert move.previous_plan + sum(plan.values()) == pytest.approx(head.plan_in_year)
    assert [p["period"] for p in data["trajectory"]] == ["2026-09", "2026-10"]
    assert data["trajectory"][0]["gap_to_target"] == pytest.approx(55_000)
    page = render_index(month, head, [], "book.xlsx", "now", board=board)
    assert 'data-step="new_schemes"' in page and "Scheme 4 (No 4, +£120k)" in page
    assert "Scheme 3 (No 3, −£30.0k)" in page  # removed


def test_without_last_month_there_is_no_movement_and_the_page_says_so(tmp_path):
    month = month_from_frames(
        board_register((1, 120_000, "2026-04", "green", 0)), 2026, "2026-10", data_dir=tmp_path
    )
    board = board_figures(month)
    assert board.movement is None and "movement" not in board.as_json()
    assert [p["period"] for p in board.as_json()["trajectory"]] == ["2026-10"]
    page = render_index(month, None, [], "book.xlsx", "now", board=board)
    assert "No figures for September 2026 were found" in page


def test_the_pack_month_as_monthly_figures_gives_the_headline(october):
    head = headline(october)
    figures = monthly_figures(october, head)
    assert figures.outturn() == pytest.approx(head.forecast_outturn, abs=0.01)
    assert figures.plan_in_year() == pytest.approx(head.plan_in_year, abs=0.01)


def test_a_partly_reported_month_gives_the_headline_and_counts_the_forecast(october):
    """Scheme 1's October actual removed (the others reported): the board's figures count its
    October forecast, as the headline does, never 0."""
    actuals = october.actuals
    one = (actuals["scheme_id"].astype(str) == "1") & (
        pd.PeriodIndex(actuals["month"], freq="M") == pd.Period("2026-10", freq="M")
    )
    assert one.sum() == 1
    partly = month_from_frames(october.register, october.year, october.period, actuals[~one])
    head = headline(partly)
    figures = monthly_figures(partly, head)
    assert figures.outturn() == pytest.approx(head.forecast_outturn, abs=0.01)
    october_forecast = partly.forecast.monthly[0, 6]  # scheme 1 is the register's first row
    assert october_forecast > 0
    assert figures.outturn_by_month()[0, 6] == pytest.approx(october_forecast)
    assert figures.outturn_by_month()[0, 6] != pytest.approx(0.0)


def test_the_sample_decisions_face_the_whole_gap(october, sample_board):
    head = headline(october)
    found = sample_board.options
    assert found.gap_gbp == pytest.approx(head.gap_to_target)
    assert found.closed_gbp + found.remainder_gbp == pytest.approx(head.gap_to_target)
    table = found.table.set_index("key")
    assert table.loc["withdraw", "schemes"] == 0
    assert table.loc["withdraw", "words"].startswith("None qualifies")
    assert table.loc["remainder", "owner"] == "the board"
    # the plan-adjusted figure the issue found only on pages 30 and 40: £504k, three schemes
    assert found.plans_gbp == pytest.approx(504_325, abs=1)


def test_the_sample_top_risks_are_ranked_by_effect_and_actionable(sample_board):
    top = sample_board.top_risks
    assert top["scheme_id"].tolist()[:2] == ["9", "23"]
    assert (top["effect_gbp"].diff().dropna() <= 0).all()
    first = top.iloc[0]
    assert first["action"] == "Procurement of step-down beds" and first["action_owner"]
    assert str(first["due"]) == "2026-12-20"
    assert (top["action"] != "").all()


def test_the_sample_next_year_and_the_services_counted_once(october, sample_board):
    head = headline(october)
    assert sample_board.next_year.plan_next_year == pytest.approx(head.plan_next_year)
    assert sample_board.next_year.forecast_next_year == pytest.approx(head.forecast_next_year)
    links = sample_board.links
    assert links.pairs["scheme_id"].tolist() == ["7", "9", "10", "11", "14"]
    # four pairs count a saving on both sides; end of life care's intervention saves nothing
    assert links.pairs["overlaps"].tolist() == [True, True, True, False, True]
    assert links.overlap_gbp == pytest.approx(
        links.pairs["overlap_gbp"].sum()
    ) and links.overlap_gbp == pytest.approx(168_000 + 250_000 + 99_833.33 + 228_750, abs=1)


def test_a_part_that_cannot_be_worked_out_is_said_and_the_summary_stands(tmp_path, monkeypatch):
    from commissioning_analytics.views import board as board_views

    month = month_from_frames(
        board_register((1, 120_000, "2026-04", "green", 0)), 2026, "2026-10", data_dir=tmp_path
    )

    def broken(*args, **kwargs):
        raise ValueError("no months")

    monkeypatch.setattr(board_views, "monthly_figures", broken)
    board = board_views.board_figures(month)
    assert board.figures is None and board.options is None and board.as_json() == {}
    assert board.notes == ["The board's figures: not shown (no months)."]
    page = render_index(month, None, [], "book.xlsx", "now", board=board)
    assert "The board&#x27;s figures: not shown (no months)." in page
    assert "The options could not be worked out" in page
