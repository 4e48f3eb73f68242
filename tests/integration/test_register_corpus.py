"""Every register of the corpus (tests/corpus/registers.py) read with no mapping file."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from registers import SHAPES  # noqa: E402

from commissioning_analytics.io.register import load_register  # noqa: E402
from commissioning_analytics.schema import Scheme  # noqa: E402

pytestmark = pytest.mark.integration


def test_the_corpus_has_at_least_fifteen_shapes():
    assert len(SHAPES) >= 15


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("corpus")


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_corpus_register_is_read_with_the_expected_values(folder, name):
    build, expected = SHAPES[name]
    load = load_register(build(folder))
    assert load.sheet == expected.sheet
    assert load.year == expected.year
    assert len(load.schemes) == expected.n_schemes
    read = dict(zip(load.report.choices["header"], load.report.choices["column"]))
    for header, column in expected.columns.items():
        if column is None:
            assert header not in read, f"{header!r} read as {read.get(header)}"
        else:
            assert read.get(header) == column, f"{header!r}: {read.get(header)}"
    units = {u for c, u in load.report.units.items()}
    assert units <= {expected.unit, "£"} and (expected.unit == "£" or expected.unit in units)
    schemes = load.schemes.set_index(Scheme.scheme_id)
    for scheme_id, values in expected.schemes.items():
        for column, value in values.items():
            got = schemes.loc[scheme_id, column]
            if value is None:  # blank: the sheet says nothing
                assert pd.isna(got), f"{scheme_id} {column}: {got!r} != blank"
                continue
            if column == Scheme.go_live:
                got = str(got)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                got = round(float(got), 2)
            elif isinstance(value, bool):
                got = bool(got)
            assert got == value, f"{scheme_id} {column}: {got!r} != {value!r}"
    plan = load.monthly_plan
    for scheme_id, months in expected.monthly.items():
        mine = plan[plan[Scheme.scheme_id] == scheme_id].set_index("month")["plan_gbp"]
        for month, value in months.items():
            assert mine[pd.Period(month, "M")] == pytest.approx(value), (scheme_id, month)
    assert bool(expected.monthly) == (not plan.empty) or expected.kind != "monthly tracker"
