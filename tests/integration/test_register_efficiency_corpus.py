"""Issue 21 item 6: registers in NHS England's efficiency terms (tests/corpus/efficiency.py),
read with no mapping file, each asserting the WHOLE expected table: every scheme's number, plan
in year and every efficiency column the register states (and no other)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from efficiency import EFFICIENCY  # noqa: E402

from commissioning_analytics.io.register import load_register  # noqa: E402
from commissioning_analytics.schema import Scheme  # noqa: E402

pytestmark = pytest.mark.integration


def test_the_corpus_has_at_least_six_efficiency_shapes():
    assert len(EFFICIENCY) >= 6


def _plain(value: object) -> object:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


@pytest.mark.parametrize("name", sorted(EFFICIENCY))
def test_the_whole_efficiency_table_is_read(tmp_path, name):
    build, expected = EFFICIENCY[name]
    schemes = load_register(build(tmp_path)).schemes
    stated = [c for c in Scheme.EFFICIENCY_COLUMNS if c in schemes]
    wanted = [c for c in Scheme.EFFICIENCY_COLUMNS if c in expected[0]]
    if Scheme.qia in wanted and Scheme.qia_date not in wanted:
        wanted.append(Scheme.qia_date)  # (a QIA column gives its date column)
    assert stated == [c for c in Scheme.EFFICIENCY_COLUMNS if c in wanted]
    got = [
        {c: _plain(v) for c, v in row.items()}
        for row in schemes[[Scheme.scheme_id, Scheme.plan_in_year, *stated]].to_dict("records")
    ]
    want = [{**{c: None for c in stated}, **row} for row in expected]
    assert got == want
