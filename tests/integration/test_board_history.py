"""Earlier months' tables (io/history.py) and the sample data's history (scripts/make_history.py):
the movement since September and the forecast over the year, as the board paper will show them."""

import json
from pathlib import Path

import pandas as pd
import pytest

from commissioning_analytics import month as report
from commissioning_analytics.errors import UserError
from commissioning_analytics.io.history import (
    find_month_tables,
    month_summaries,
    read_month_tables,
    read_summary,
)
from commissioning_analytics.model import headline
from commissioning_analytics.model.monthly import MonthlyFigures
from commissioning_analytics.model.movement import movement
from commissioning_analytics.model.trajectory import trajectory

pytestmark = pytest.mark.integration

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw"
HISTORY = SAMPLE / "history"
MONTHS = [f"2026-{m:02d}" for m in range(4, 10)]


@pytest.fixture(scope="module")
def october():
    return report.load_month("2026-10", SAMPLE)


def test_the_sample_ships_every_earlier_month_of_the_year():
    for period in MONTHS:
        tables = read_month_tables(HISTORY / period)
        assert tables is not None, period
        assert tables.actuals is not None and len(tables.actuals)
        assert str(tables.summary["period"]) == period
        assert tables.register["go_live"].dtype == pd.PeriodDtype("M")
        # every actual is of a month to date and a scheme of that month's register
        assert (pd.PeriodIndex(tables.actuals["month"], freq="M") <= pd.Period(period, "M")).all()
        assert set(tables.actuals["scheme_id"]) <= set(tables.register["scheme_id"])


def test_movement_since_september_adds_up_to_octobers_outturn_and_names_the_new_scheme(october):
    september = read_month_tables(HISTORY / "2026-09")
    head = headline.headline(october)
    previous = MonthlyFigures.from_register(september.register, 2026, "2026-09", september.actuals)
    current = MonthlyFigures.from_register(october.register, 2026, "2026-10", october.actuals)
    move = movement(
        previous,
        current,
        previous_outturn=september.summary["forecast_outturn"],
        outturn=head.forecast_outturn,
        previous_plan=september.summary["plan_in_year"],
        plan=head.plan_in_year,
    )
    total = move.previous_outturn + move.steps["gbp"].sum()
    assert abs(total - head.forecast_outturn) < 1.0
    assert "restated_previous" not in set(move.steps["key"])  # the rules give both months
    data = move.as_json()
    new = next(s for s in data["movement"] if s["key"] == "new_schemes")
    assert [s["scheme_id"] for s in new["schemes"]] == ["30"]
    steps = dict(zip(move.steps["key"], move.steps["gbp"]))
    # The reading: the outturn rose £323k, but like for like it fell £85k; the rise
    # is scheme 30, added with its actuals back to April; the plan rose £338k.
    assert move.outturn - move.previous_outturn == pytest.approx(323_178.5, abs=1)
    like_for_like = sum(v for k, v in steps.items() if k not in ("new_schemes", "removed_schemes"))
    assert like_for_like == pytest.approx(-85_298, abs=1)
    assert steps["new_schemes"] == pytest.approx(428_476, abs=1)
    assert move.plan - move.previous_plan == pytest.approx(338_358, abs=1)


def test_the_forecast_over_the_year_from_the_shipped_history(october):
    found = month_summaries({p: [HISTORY / p] for p in MONTHS})
    head = headline.headline(october).as_dict()
    path = trajectory(
        head,
        {p: s for p, (_, s) in found.items()},
        sources={p: str(f) for p, (f, _) in found.items()},
    )
    assert list(path.points["period"]) == [*MONTHS, "2026-10"]
    assert path.missing == () and path.notes == ()
    september = pd.read_csv(HISTORY / "2026-09" / "summary.csv").set_index("figure")["value"]
    assert path.points["forecast_outturn"].iloc[-2] == pytest.approx(
        float(september["forecast_outturn"])
    )
    assert path.points["gap_to_target"].iloc[-1] == pytest.approx(head["gap_to_target"])
    # a year that drifts: the gap at October is larger than at April
    assert path.points["gap_to_target"].iloc[-1] > path.points["gap_to_target"].iloc[0]


def test_each_months_movement_in_the_history_adds_up(october):
    """April to October, every month's bridge runs from the outturn last month's pack
    published to the one this month's published, by the rules' steps alone."""
    states = [read_month_tables(HISTORY / p) for p in MONTHS]
    for before, after in zip(states, states[1:]):
        period_then, period_now = str(before.summary["period"]), str(after.summary["period"])
        move = movement(
            MonthlyFigures.from_register(before.register, 2026, period_then, before.actuals),
            MonthlyFigures.from_register(after.register, 2026, period_now, after.actuals),
            previous_outturn=before.summary["forecast_outturn"],
            outturn=after.summary["forecast_outturn"],
        )
        assert set(move.steps["key"]) <= {
            "new_schemes",
            "removed_schemes",
            "actuals_restated",
            "actual_vs_forecast",
            "go_live_fye",
            "ratings",
            "delivery",
        }, period_now  # published = the rules' (to the penny of the CSV)
        assert move.previous_outturn + move.steps["gbp"].sum() == pytest.approx(move.outturn)


def test_a_pack_summary_json_wins_over_the_tidy_tables_and_the_first_folder_wins(tmp_path):
    pack, tidy = tmp_path / "outputs" / "2026-09", tmp_path / "processed" / "2026-09"
    pack.mkdir(parents=True)
    tidy.mkdir(parents=True)
    (pack / "summary.json").write_text(json.dumps({"forecast_outturn": 5.0, "period": "2026-09"}))
    pd.DataFrame({"figure": ["forecast_outturn"], "value": ["7"]}).to_csv(
        tidy / "summary.csv", index=False
    )
    assert read_summary(tidy) == {"forecast_outturn": 7.0}
    found = month_summaries({"2026-09": [tidy / "none", pack, tidy]})
    assert found["2026-09"] == (pack, {"forecast_outturn": 5.0, "period": "2026-09"})
    assert read_summary(tmp_path) is None
    assert find_month_tables([tmp_path, HISTORY / "2026-09"]).folder == HISTORY / "2026-09"


def test_unreadable_tables_name_the_file(tmp_path):
    (tmp_path / "summary.json").write_text("{not json")
    with pytest.raises(UserError, match="summary.json: cannot be read as JSON"):
        read_summary(tmp_path)
    (tmp_path / "schemes.csv").write_text("scheme_id,go_live,fye_net_saving\n1,2026-07,lots\n")
    with pytest.raises(UserError, match=r"schemes.csv: row 2: fye_net_saving: expected a number"):
        read_month_tables(tmp_path)
    (tmp_path / "schemes.csv").write_text("scheme_id,go_live\n1,2026-07\n")
    with pytest.raises(UserError, match="no column fye_net_saving"):
        read_month_tables(tmp_path)


def test_the_board_papers_figures_agree_with_the_headline_on_the_sample(october):
    """One number per label: what the board paper's model states for the sample's October is
    the headline's own figure wherever the headline has one."""
    from commissioning_analytics.model.exposure import plans_outturn_effect, scheme_exposure
    from commissioning_analytics.model.plans import commencement_changes
    from commissioning_analytics.model.position import next_year

    head = headline.headline(october)
    figures = MonthlyFigures.from_register(october.register, 2026, "2026-10", october.actuals)
    assert figures.outturn() == pytest.approx(head.forecast_outturn)
    position = next_year(figures)
    assert position.recurrent_outturn == pytest.approx(head.outturn_recurrent)
    assert position.plan_next_year == pytest.approx(head.plan_next_year)
    assert position.forecast_next_year == pytest.approx(head.forecast_next_year)
    tasks, _ = report.plan_tasks(october)
    check = headline.plan_check(october, tasks)
    changes = commencement_changes(tasks, october.register)
    effect = plans_outturn_effect(
        figures, dict(zip(changes["scheme_id"], changes["change_in_delivery_months"]))
    )
    assert effect["effect_gbp"].sum() == pytest.approx(
        check.directors_outturn - check.plan_adjusted_outturn
    )
    exposure = scheme_exposure(figures, effect)
    assert exposure["outturn_gbp"].sum() == pytest.approx(head.forecast_outturn)
    assert exposure["weighting_gbp"].sum() == pytest.approx(head.risk_weighting)
    assert exposure["slippage_gbp"].sum() == pytest.approx(head.slippage)
    assert exposure["actual_vs_forecast_gbp"].sum() == pytest.approx(
        head.actual_vs_forecast_to_date
    )


def test_the_five_services_kept_twice_in_the_sample_are_linked():
    from commissioning_analytics.io.deflection import load_interventions
    from commissioning_analytics.model.overlap import link_services

    register = report.load_month("2026-10", SAMPLE).register
    interventions = load_interventions(SAMPLE / "deflection" / "interventions.xlsx").interventions
    links = link_services(register.assign(saving_gbp=1.0), interventions.assign(saving_gbp=1.0))
    assert dict(zip(links.pairs["scheme_id"], links.pairs["intervention_id"])) == {
        "7": "INT01",  # virtual ward
        "9": "INT02",  # discharge to assess
        "10": "INT07",  # care home enhanced support
        "11": "INT15",  # end of life care
        "14": "INT13",  # PIFU
    }
    assert links.ambiguous.empty
