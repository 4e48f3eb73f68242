"""Counting each double-counted saving once (system.yml ``double_counting: deduct``) on the
sample system: the schemes left out and the £ taken off, from the model's own figures."""

from __future__ import annotations

import pytest

from commissioning_analytics.io.system import read_system
from commissioning_analytics.model.double_count import counted_once, double_counted
from commissioning_analytics.month import load_month
from commissioning_analytics.pack.system import double_count_deduction
from commissioning_analytics.views.savings import scheme_table
from fixtures import sample_system

pytestmark = pytest.mark.integration
PERIOD = "2026-10"


def test_the_smaller_of_each_pair_is_taken_off_whole(tmp_path):
    system = read_system(sample_system(tmp_path / "data"))
    months = {
        o.code: load_month(PERIOD, o.folder, organisation=o.name) for o in system.organisations
    }
    pairs = double_counted({code: scheme_table(m) for code, m in months.items()})
    assert len(pairs) == 2
    left_out = counted_once(pairs)
    assert left_out == {
        "NF-TRUST": {"1003", "1004"}
    }  # the ICB's and the council's plans are larger
    trust = scheme_table(months["NF-TRUST"]).set_index("scheme_id")
    taken = double_count_deduction(system, PERIOD, pairs)
    assert taken["plan_in_year"] == pytest.approx(trust.loc[["1003", "1004"], "plan_in_year"].sum())
    assert taken["forecast_in_year"] == pytest.approx(
        trust.loc[["1003", "1004"], "forecast_in_year"].sum()
    )
    assert taken["schemes"] == 2
    assert taken["gap_to_target"] == pytest.approx(
        taken["plan_in_year"] - taken["forecast_outturn"]
    )
