"""The sample data's scenarios apply to any register, whatever its size (issue 18, Why 7).

The recovery plan adds a scheme; numbered "31" it was a scheme of every register of 31 schemes
or more, so at 3,000 and 30,000 schemes the scenario page showed an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from commissioning_analytics.model.scenarios import apply_scenario, find_scenario, load_scenarios
from commissioning_analytics.schema import Scheme
from tests.fixtures import SAMPLE_DATA, board_register

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("schemes", [30, 31, 3_000])
def test_the_recovery_plan_adds_a_scheme_no_numbered_register_has(schemes):
    rows = [
        (i, 100_000, "2026-12", "red" if i == 10 else "amber", 0) for i in range(1, schemes + 1)
    ]
    register = board_register(*rows, phase=[4 if i % 5 == 0 else 2 for i in range(schemes)])
    scenario = find_scenario(load_scenarios(Path(SAMPLE_DATA) / "scenarios"), "recovery-plan")
    after = apply_scenario(register, scenario, as_of="2026-10")
    # scheme 10 withdrawn, the continuing healthcare review added: one in, one out
    assert len(after) == schemes
    added = after[after[Scheme.scheme_id] == "RP1"]
    assert added[Scheme.scheme].tolist() == ["Continuing healthcare review"]
    assert "10" not in set(after[Scheme.scheme_id])
