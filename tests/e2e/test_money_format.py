"""Negative money in the house format through the real commands (issue 18, Why 6): ``−£91,912``,
never ``£-91,912``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.fixtures import sample_copy, set_register_cell

pytestmark = pytest.mark.e2e


def test_reconcile_prints_a_negative_stated_saving_in_the_house_format(tmp_path):
    data = sample_copy(tmp_path / "raw")
    set_register_cell(data, 1, "2026/27 Delivery Value £", -91_912)  # a sign typed in error
    result = subprocess.run(
        [sys.executable, "-m", "commissioning_analytics", "reconcile"]
        + [str(data / "qipp_register.xlsx")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 1, result.stderr  # findings
    line = next(x for x in result.stdout.splitlines() if "scheme 1 forecast_in_year" in x)
    # the rule: 245,100 x (9 - 3) / 12 x 75% (amber) = 91,912.50
    assert line.endswith("stated \u2212£91,912, expected £91,912"), line
    assert "£-" not in result.stdout + result.stderr
