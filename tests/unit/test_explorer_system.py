"""The explorer on a system (issue 22): the system's schemes together, and a switch to any one
organisation."""

from __future__ import annotations

import pytest

from commissioning_analytics import explorer
from commissioning_analytics import month as report
from fixtures import small_actuals, small_register

pytestmark = pytest.mark.unit


def two():
    one = report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    other = report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    return {"ICB": one, "TRUST": other}


def test_the_system_totals_are_the_organisations_added_up():
    months = two()
    system = explorer.SystemMonth.of(months)
    totals = explorer.recompute(system.data, period_index=system.period_index).totals
    each = [
        explorer.recompute(explorer.ExplorerData.from_month(m), period_index=m.period_index).totals
        for m in months.values()
    ]
    for key in ("plan_in_year", "forecast_in_year", "actual_to_date", "forecast_outturn"):
        assert totals[key] == pytest.approx(each[0][key] + each[1][key]), key
    assert totals["plan_in_year"] == pytest.approx(2 * 255_000)  # the small register's plan, twice
    assert list(system.data.scheme_ids[:1]) == ["ICB:" + str(months["ICB"].register.iloc[0, 0])]


def test_the_picker_switches_between_the_system_and_one_organisation(tmp_path, monkeypatch):
    months = two()
    monkeypatch.setattr(
        explorer, "system_months", lambda *a, **k: (months, {"ICB": "NHS A", "TRUST": "B"}, [])
    )
    box = explorer.system_app("2026-10", tmp_path)
    picker, _, holder = box.children
    system_curve = holder.children[0].children[1].children[0].data[0].y[-1]
    assert system_curve == pytest.approx(510_000)
    picker.value = "TRUST"
    assert holder.children[0].children[1].children[0].data[0].y[-1] == pytest.approx(255_000)
    picker.value = ""
    assert holder.children[0].children[1].children[0].data[0].y[-1] == pytest.approx(510_000)


def test_organisations_with_and_without_actuals_are_not_shown_as_one_system():
    months = two()
    months["TRUST"] = report.month_from_frames(small_register(), 2026, "2026-10")  # no actuals
    with pytest.raises(ValueError, match="TRUST has no actuals"):
        explorer.SystemMonth.of(months)
