"""Save as scenario (explorer.py): the explored changes written as a scenario file that the
pack finds and runs, with the same effect on the outturn as the explorer showed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commissioning_analytics import explorer
from commissioning_analytics import month as report
from commissioning_analytics.errors import UserError
from commissioning_analytics.io.datafolder import DataFolder
from commissioning_analytics.model.scenarios import find_scenario, load_scenarios
from commissioning_analytics.views import delivery as views

pytestmark = pytest.mark.integration

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "data" / "raw"
SAMPLE_PERIOD = "2026-10"


def test_saved_scenario_is_run_by_the_pack_with_the_explorers_effect(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data_dir)
    month = report.load_month(SAMPLE_PERIOD, data_dir)
    data = explorer.ExplorerData.from_month(month)
    # scheme 10 (care home enhanced support): not live before 2027, so it can move; one month
    # earlier in the explorer's sign (+ gained)
    overrides = {("scheme", "10"): 1}
    base = explorer.recompute(data, period_index=month.period_index)
    moved = explorer.recompute(data, period_index=month.period_index, overrides=overrides)
    gained = moved.totals["forecast_outturn"] - base.totals["forecast_outturn"]
    assert gained > 0

    path = explorer.save_scenario(data_dir, "Care home support a month early", overrides)
    assert path == data_dir / "scenarios" / "care-home-support-a-month-early.yml"
    assert "shift_months: -1" in path.read_text(encoding="utf-8")  # earlier, in the file's sign

    # what `pack --scenario` does with the name: find it among the data folder's scenarios
    scenarios = load_scenarios(DataFolder(data_dir).scenarios())
    chosen = find_scenario(scenarios, "Care home support a month early")
    month = report.load_month(SAMPLE_PERIOD, data_dir, scenario=chosen.name)
    assert views.selected_scenario(month, scenarios)[0] == chosen
    totals = views.compare(month, [chosen]).totals.set_index("scenario")
    assert totals.loc[chosen.name, "change_gbp"] == pytest.approx(gained, abs=1)

    with pytest.raises(UserError, match="exists"):  # never written over by mistake
        explorer.save_scenario(data_dir, "Care home support a month early", overrides)
    with pytest.raises(UserError, match="nothing to save"):
        explorer.save_scenario(data_dir, "Nothing", {("scheme", "10"): 0})
