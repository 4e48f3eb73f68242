"""reconcile invents no findings: a totals row with no schemes under it is not checked (and
says so), and a "Recurrent FYE" total is checked against the schemes' stated FYE, not the
one-off schemes' in-year amount taken as their FYE."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from commissioning_analytics.io.register import load_register
from commissioning_analytics.model.reconcile import reconcile

pytestmark = pytest.mark.integration


def _save(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "CIP"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_total_with_no_schemes_under_it_is_not_a_finding(tmp_path):
    path = _save(
        tmp_path / "r.xlsx",
        [
            ["CIP 2024/25"],
            ["Ref", "Scheme", "Go live", "FYE £", "Plan 2024/25 £"],
            ["A", "Procurement", "Apr-24", 120_000, 120_000],
            ["B", "Rostering", "Oct-24", 60_000, 30_000],
            [None, "Subtotal", None, 180_000, 150_000],
            [None, "Total system plan", None, 2_000_000, 1_500_000],  # other providers' too
        ],
    )
    load = load_register(path)
    assert reconcile(load).empty
    labels = list(load.totals["label"])
    assert labels == ["Subtotal", "Total system plan (no schemes under it: not checked)"]
    assert bool(load.totals["agrees"].iloc[0]) and load.totals["agrees"].isna().iloc[1]


def test_a_wrong_subtotal_is_still_a_finding(tmp_path):
    path = _save(
        tmp_path / "r.xlsx",
        [
            ["CIP 2024/25"],
            ["Ref", "Scheme", "Go live", "FYE £", "Plan 2024/25 £"],
            ["A", "Procurement", "Apr-24", 120_000, 120_000],
            ["B", "Rostering", "Oct-24", 60_000, 30_000],
            [None, "Subtotal", None, 170_000, 150_000],
        ],
    )
    findings = reconcile(load_register(path))
    assert findings[["scheme_id", "field", "stated", "expected"]].values.tolist() == [
        ["TOTAL", "fye_net_saving", 170_000.0, 180_000.0]
    ]


def test_a_recurrent_fye_total_leaves_out_one_off_savings(tmp_path):
    path = _save(
        tmp_path / "r.xlsx",
        [
            ["CIP 2024/25 (£000)"],
            ["Ref", "Scheme", "Go live", "Recurrent FYE", "Non-recurrent", "Plan 2024/25"],
            ["A", "Procurement", "Apr-24", 120, None, 120],
            ["B", "Estates disposal", "Apr-24", 0, 50, 50],  # one-off: its FYE is its plan
            [None, "Total", None, 120, 50, 170],
        ],
    )
    load = load_register(path)
    assert list(load.schemes["recurrent"]) == [True, False]
    assert list(load.schemes["fye_net_saving"]) == [120_000, 50_000]
    assert reconcile(load).empty  # the recurrent FYE total is 120, as stated


def test_a_mapping_file_s_weights_are_the_ones_reconcile_checks_most_likely_by(tmp_path):
    path = _save(
        tmp_path / "r.xlsx",
        [
            ["CIP 2024/25"],
            ["Ref", "Scheme", "Go live", "FYE £", "Plan 2024/25 £", "RAG", "Most likely £"],
            ["A", "Procurement", "Apr-24", 120_000, 120_000, "Amber", 84_000],  # 70%
        ],
    )
    findings = reconcile(load_register(path))  # the board's amber is 75%: 90,000
    assert findings[["field", "stated", "expected"]].values.tolist() == [
        ["most_likely_in_year", 84_000.0, 90_000.0]
    ]
    mapping = tmp_path / "layout.yml"
    mapping.write_text("weights:\n  amber: 0.7\n")
    assert reconcile(load_register(path, mapping=mapping)).empty
