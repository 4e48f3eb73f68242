"""The forecast over the year from each month's published figures."""

import pytest

from commissioning_analytics.model.trajectory import trajectory

pytestmark = pytest.mark.unit

OCTOBER = {
    "period": "2026-10",
    "plan_in_year": 1_000.0,
    "forecast_outturn": 700.0,
    "gap_to_target": 300.0,
}


def month(plan, outturn, gap=None):
    out = {"plan_in_year": plan, "forecast_outturn": outturn}
    if gap is not None:
        out["gap_to_target"] = gap
    return out


def test_points_oldest_first_ending_with_this_month():
    found = trajectory(
        OCTOBER,
        {"2026-09": month(990, 720, 270), "2026-04": month(950, 900, 50)},
        sources={"2026-09": "history/2026-09"},
    )
    assert list(found.points["period"]) == ["2026-04", "2026-09", "2026-10"]
    assert list(found.points["forecast_outturn"]) == [900, 720, 700]
    assert list(found.points["gap_to_target"]) == [50, 270, 300]
    assert list(found.points["source"]) == ["", "history/2026-09", ""]
    assert found.missing == ("2026-05", "2026-06", "2026-07", "2026-08")
    assert found.as_json()[-1] == {
        "period": "2026-10",
        "plan_in_year": 1000.0,
        "forecast_outturn": 700.0,
        "gap_to_target": 300.0,
    }


def test_months_of_another_year_or_not_before_this_one_are_left_out_and_named():
    found = trajectory(
        OCTOBER,
        {"2026-03": month(1, 1, 0), "2026-10": month(5, 5, 0), "2026-11": month(5, 5, 0)},
    )
    assert list(found.points["period"]) == ["2026-10"]
    assert found.points["forecast_outturn"].iloc[0] == 700  # this month's own figures
    assert len(found.notes) == 3 and all("left out" in n for n in found.notes)
    assert found.notes[0].startswith("2026-03")


def test_a_month_without_an_outturn_is_missing_and_a_gap_not_stated_is_worked_out():
    found = trajectory(
        OCTOBER,
        {"2026-08": {"plan_in_year": 980.0, "forecast_outturn": None}, "2026-09": month(990, 720)},
    )
    assert list(found.points["period"]) == ["2026-09", "2026-10"]
    assert found.points["gap_to_target"].iloc[0] == 270  # 990 - 720, said so
    assert "2026-08" in found.missing
    assert any(n.startswith("2026-09: no gap stated") for n in found.notes)
    assert any(n.startswith("2026-08") and "left out" in n for n in found.notes)


def test_figures_read_as_text_count_and_april_alone_is_one_point():
    april = {
        "period": "2026-04",
        "plan_in_year": "100",
        "forecast_outturn": "90",
        "gap_to_target": "10",
    }
    found = trajectory(april, {})
    assert found.as_json() == [
        {
            "period": "2026-04",
            "plan_in_year": 100.0,
            "forecast_outturn": 90.0,
            "gap_to_target": 10.0,
        }
    ]
    assert found.missing == ()
    with pytest.raises(ValueError, match="lack one of"):
        trajectory({"period": "2026-04", "plan_in_year": 1.0}, {})
