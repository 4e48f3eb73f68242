"""`schemes` and `reconcile` on registers laid out in more than one row per scheme (the
corpus's layout block): a long extract read as a tracker, exit 0; a month given twice refused
in one line, exit 2, nothing written."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from registers import LAYOUT_SHAPES  # noqa: E402

from commissioning_analytics.cli import main  # noqa: E402

pytestmark = pytest.mark.e2e


def test_schemes_reads_a_long_extract_as_one_row_per_scheme(tmp_path, capsys):
    path = LAYOUT_SHAPES["long_extract_by_month"][0](tmp_path)
    out = tmp_path / "schemes.csv"
    assert main(["schemes", str(path), "--csv", str(out)]) == 0
    table = pd.read_csv(out, dtype=str)
    assert list(table["scheme_id"]) == ["P1", "P2", "P3"]
    assert list(table["plan_in_year"].astype(float)) == [120_000, 120_000, 60_000]
    assert list(table["go_live"]) == ["2024-04", "2024-10", "2024-04"]
    err = capsys.readouterr().err
    assert "3 schemes, 33 month rows" in err
    assert "appears twice" not in err


def test_reconcile_finds_nothing_in_a_measure_row_tracker_that_adds_up(tmp_path, capsys):
    path = LAYOUT_SHAPES["pmo_tracker_measure_rows"][0](tmp_path)
    assert main(["reconcile", str(path), "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_schemes_refuses_a_long_extract_with_a_month_twice_in_one_line(tmp_path, capsys):
    path = LAYOUT_SHAPES["long_extract_month_twice"][0](tmp_path)
    out = tmp_path / "schemes.csv"
    assert main(["schemes", str(path), "--csv", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        "error: long_extract_twice.xlsx!Export!B8: scheme 'P2' has a second plan row for "
        "May-24 (the first is row 6): expected one row per scheme and month"
    ]
    assert not out.exists()
