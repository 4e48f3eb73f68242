"""Double counting across a system's registers (model/double_count.py): which pairs are the same
saving, and which schemes a system that deducts them leaves out."""

from __future__ import annotations

import pandas as pd
import pytest

from commissioning_analytics.model.double_count import counted_once, double_counted

pytestmark = pytest.mark.unit


def register(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=["scheme_id", "file_ref", "theme", "scheme", "plan_in_year", "forecast_in_year"],
    )


ICB = register(
    ("1", "QIPP-001", "Integrated Care", "Virtual ward", 120_000.0, 90_000.0),
    ("2", None, "Planned Care", "MSK triage", 50_000.0, 40_000.0),
)


def test_the_same_name_and_theme_in_two_registers_is_listed_with_the_pounds_in_each():
    trust = register(("T7", "TR-9", "integrated  care", "Virtual Ward.", 60_000.0, 45_000.0))
    pairs = double_counted({"ICB": ICB, "TRUST": trust})
    assert len(pairs) == 1
    row = pairs.iloc[0]
    assert row["evidence"] == "same name and theme"
    assert (row["organisation_a"], row["scheme_id_a"], row["plan_in_year_a"]) == (
        "ICB",
        "1",
        120_000,
    )
    assert (row["organisation_b"], row["scheme_id_b"], row["plan_in_year_b"]) == (
        "TRUST",
        "T7",
        60_000,
    )
    assert (row["forecast_in_year_a"], row["forecast_in_year_b"]) == (90_000, 45_000)


def test_the_same_name_under_another_theme_is_not_listed():
    trust = register(("T7", "TR-9", "Urgent Care", "Virtual ward", 60_000.0, 45_000.0))
    assert double_counted({"ICB": ICB, "TRUST": trust}).empty


def test_a_shared_plan_reference_is_listed_whatever_the_names():
    council = register(("C1", " qipp-001 ", "Adult social care", "Reablement", 30_000.0, 30_000.0))
    pairs = double_counted({"ICB": ICB, "COUNCIL": council})
    assert list(pairs["evidence"]) == ["shared plan reference"]
    assert (pairs.iloc[0]["organisation_a"], pairs.iloc[0]["organisation_b"]) == ("COUNCIL", "ICB")


def test_both_kinds_of_evidence_are_named_once():
    trust = register(("T1", "QIPP-001", "Integrated Care", "Virtual ward", 10.0, 10.0))
    pairs = double_counted({"ICB": ICB, "TRUST": trust})
    assert list(pairs["evidence"]) == ["shared plan reference; same name and theme"]


def test_schemes_of_one_organisation_are_never_paired_with_each_other():
    twice = register(
        ("1", "R-1", "Theme", "Same", 1.0, 1.0), ("2", "R-1", "Theme", "Same", 2.0, 2.0)
    )
    assert double_counted({"ICB": twice}).empty


def test_counted_once_keeps_the_largest_plan_of_a_group_and_leaves_out_the_rest():
    trust = register(("T1", "QIPP-001", "X", "Y", 60_000.0, 0.0))
    council = register(("C1", "QIPP-001", "Z", "W", 200_000.0, 0.0))
    pairs = double_counted({"ICB": ICB, "TRUST": trust, "COUNCIL": council})
    assert len(pairs) == 3  # every two of the three
    assert counted_once(pairs) == {"ICB": {"1"}, "TRUST": {"T1"}}  # the council's 200k stays


def test_unidentified_lines_of_two_organisations_are_not_a_double_count():
    one = register(("U", None, "Unidentified", "Unidentified", 500_000.0, 0.0))
    two = register(("U", None, "Unidentified", "Unidentified", 300_000.0, 0.0))
    staged = register(("G", None, "Gap", "Gap to find", 100_000.0, 0.0)).assign(
        stage="unidentified"
    )
    staged_too = register(("G", None, "Gap", "Gap to find", 100_000.0, 0.0)).assign(
        stage="Unidentified"
    )
    assert double_counted({"A": one, "B": two}).empty
    assert double_counted({"A": staged, "B": staged_too}).empty
