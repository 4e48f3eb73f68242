"""Issue 21 item 1: a register in NHS England's terms (plan maturity, pay / non-pay / income,
cash-releasing, QIA, gateway, WTE) read with no mapping file; its unidentified line is a line
of the plan, never a total; a register without these columns reads as before."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from commissioning_analytics.errors import UserError
from commissioning_analytics.io.efficiency import read_category, read_qia, read_stage
from commissioning_analytics.io.register import load_register
from commissioning_analytics.model.phasing import weight_set
from commissioning_analytics.schema import Scheme

pytestmark = pytest.mark.integration

HEADER = [
    "Ref",
    "Scheme",
    "Category",
    "Plan maturity",
    "Cash releasing / cost avoidance",
    "QIA status",
    "QIA date",
    "Gateway",
    "WTE",
    "Staff group",
    "Go live",
    "FYE £000",
    "Plan 2026/27 £000",
    "RAG",
]
ROWS = [
    ["E01", "Agency reduction", "Pay", "Fully developed – in delivery", "Cash releasing",
     "Approved", "12/03/2026", "G4", -12.5, "Nursing", "Apr-26", 1200, 1200, "Green"],
    ["E02", "Medicines optimisation", "Non-pay", "Fully developed – delivery not yet started",
     "Cash releasing", "Pending", None, "G3", None, None, "Jul-26", 800, 600, "Amber"],
    ["E03", "Outpatient follow-ups", "Non-pay", "Plans in progress", "Cost avoidance",
     "Not required", None, "G2", None, None, "Oct-26", 400, 200, "Amber"],
    ["E04", "Private patient income", "Income", "Opportunity", "Cash releasing", "Pending",
     None, "G1", None, None, "Jan-27", 400, 100, "Red"],
    [None, "Unidentified CIP", None, None, None, None, None, None, None, None, None, None,
     1400, None],
    [None, "Total", None, None, None, None, None, None, None, None, None, 2800, 3500, None],
]  # fmt: skip


def _register(path, header=HEADER, rows=ROWS):
    wb = Workbook()
    ws = wb.active
    ws.title = "CIP plan 2026-27"
    ws.append(["ICB efficiency plan 2026/27 (£000)"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_the_columns_are_read_in_nhs_englands_terms_with_no_mapping_file(tmp_path):
    load = load_register(_register(tmp_path / "plan.xlsx"))
    got = load.schemes
    assert list(got.columns) == [*Scheme.COLUMNS, *Scheme.EFFICIENCY_COLUMNS]
    table = got[[Scheme.scheme_id, *Scheme.EFFICIENCY_COLUMNS]].astype(object)
    table = table.where(table.notna(), None)
    assert table.to_dict("records") == [
        {"scheme_id": "E01", "stage": "in_delivery", "category": "pay", "cash_releasing": True,
         "qia": "approved", "qia_date": pd.Timestamp("2026-03-12"), "gateway": "G4",
         "wte": -12.5, "staff_group": "Nursing"},
        {"scheme_id": "E02", "stage": "not_started", "category": "non_pay",
         "cash_releasing": True, "qia": "pending", "qia_date": None, "gateway": "G3",
         "wte": None, "staff_group": None},
        {"scheme_id": "E03", "stage": "in_progress", "category": "non_pay",
         "cash_releasing": False, "qia": "not_required", "qia_date": None, "gateway": "G2",
         "wte": None, "staff_group": None},
        {"scheme_id": "E04", "stage": "opportunity", "category": "income",
         "cash_releasing": True, "qia": "pending", "qia_date": None, "gateway": "G1",
         "wte": None, "staff_group": None},
        {"scheme_id": "UNIDENTIFIED", "stage": "unidentified", "category": None,
         "cash_releasing": None, "qia": None, "qia_date": None, "gateway": None,
         "wte": None, "staff_group": None},
    ]  # fmt: skip


def test_the_unidentified_line_is_in_the_plan_never_a_total(tmp_path):
    load = load_register(_register(tmp_path / "plan.xlsx"))
    line = load.schemes.set_index(Scheme.scheme_id).loc["UNIDENTIFIED"]
    assert line[Scheme.scheme] == "Unidentified CIP"
    assert line[Scheme.go_live] == pd.Period("2026-04", "M")  # the whole year
    assert line[Scheme.fye_net_saving] == 1_400_000  # its plan in year, FYE blank
    assert load.schemes[Scheme.plan_in_year].sum() == 3_500_000  # 1.2 + 0.6 + 0.2 + 0.1 + 1.4m
    totals = load.totals
    # the total adds the figures as stated: FYE 2.8m (the line states none), plan 3.5m with it
    assert list(totals["label"]) == ["Total"] and bool(totals["agrees"].iloc[0])
    assert any(n.startswith("unidentified savings: 'Unidentified CIP'") for n in load.report.notes)
    assert not any("UNIDENTIFIED" in n for n in load.report.notes if "no overall rating" in n)


def test_the_unidentified_line_weighs_nothing_in_every_set(tmp_path):
    schemes = load_register(_register(tmp_path / "plan.xlsx")).schemes
    for name in ("board", "treasury", "stage"):
        assert weight_set(name).lookup(schemes)[-1] == 0.0, name
    # the others: board by RAG (green, amber, amber, red)
    assert list(weight_set("board").lookup(schemes)[:4]) == [1.0, 0.75, 0.75, 0.5]


def test_an_unknown_stage_is_refused_naming_its_cell(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][3] = "Half baked"
    with pytest.raises(UserError) as caught:
        load_register(_register(tmp_path / "plan.xlsx", rows=rows))
    assert caught.value.lines()[0] == (
        "plan.xlsx!CIP plan 2026-27!D4: unknown plan stage 'Half baked': expected in delivery, "
        "not started, in progress, opportunity, unidentified (words in efficiency.yml)"
    )


def test_a_register_without_these_columns_reads_as_before(tmp_path):
    keep = [0, 1, 10, 11, 12, 13]
    header = [HEADER[k] for k in keep]
    rows = [[r[k] for k in keep] for r in ROWS[:4]]
    schemes = load_register(_register(tmp_path / "plain.xlsx", header, rows)).schemes
    assert list(schemes.columns) == list(Scheme.COLUMNS)
    assert schemes[Scheme.plan_in_year].sum() == 2_100_000
    assert np.allclose(weight_set("stage").lookup(schemes), weight_set("stage").unrated_weight)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Fully Developed - In Delivery", "in_delivery"),
        ("Fully developed (delivery not yet started)", "not_started"),
        ("Plans in Progress", "in_progress"),
        ("Pipeline", "opportunity"),
        ("Idea", "opportunity"),
        ("Still to be identified", "unidentified"),
        ("FD – in delivery (M3)", "in_delivery"),
        ("On track", None),
    ],
)
def test_stage_words(text, stage):
    assert read_stage(text) == stage


def test_category_and_qia_words():
    assert [read_category(w) for w in ("Pay", "Non-Pay", "non pay", "Income", "Mixed")] == [
        "pay",
        "non_pay",
        "non_pay",
        "income",
        "other",
    ]
    assert [read_qia(w) for w in ("Yes", "Signed off 01/04/2026", "N/A", "Awaiting")] == [
        "approved",
        "approved",
        "not_required",
        "pending",
    ]


def test_a_category_or_status_column_of_other_words_is_read_as_before(tmp_path):
    """The other side of the value evidence: "Category" holding programmes and "Status"
    holding status words (one of three a pay word, one a stage word) stay theme and rating."""
    header = ["No", "Scheme", "Category", "Status", "Go live", "FYE £", "Plan 2026/27 £"]
    rows = [
        [1, "A", "Pay", "On track", "Apr-26", 100, 100],
        [2, "B", "Prescribing", "Delivered", "Apr-26", 100, 100],
        [3, "C", "Acute", "At risk", "Apr-26", 100, 100],
    ]
    load = load_register(_register(tmp_path / "mixed.xlsx", header, rows))
    assert dict(zip(load.report.choices["header"], load.report.choices["column"])) == {
        "No": "scheme_id",
        "Scheme": "scheme",
        "Category": "theme",
        "Status": "rag_overall",
        "Go live": "go_live",
        "FYE £": "fye_net_saving",
        "Plan 2026/27 £": "plan_in_year",
    }
    assert list(load.schemes.columns) == list(Scheme.COLUMNS)


def test_the_sample_register_states_its_plan_in_these_terms():
    """scripts/sample_data/register.py: live by October 2026 is in delivery, else by phase
    (3-4 not started, 2 in progress, 1 opportunity); 28 pay, 29 income; 5, 7, 8 and 19 cost
    avoidance; 16, 17, 23 and 30 need no QIA; 14 is live with its QIA pending."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "data" / "raw" / "qipp_register.xlsx"
    schemes = load_register(sample).schemes.set_index(Scheme.scheme_id)
    assert schemes.loc[["2", "5", "6", "7"], Scheme.stage].tolist() == [
        "not_started",  # phase 3, November
        "opportunity",  # phase 1, December
        "in_progress",  # phase 2, November
        "in_delivery",  # live since July
    ]
    assert schemes[Scheme.category].value_counts().to_dict() == {
        "non_pay": 28,
        "pay": 1,
        "income": 1,
    }
    assert sorted(schemes.index[~schemes[Scheme.cash_releasing].astype(bool)], key=int) == [
        "5",
        "7",
        "8",
        "19",
    ]
    assert sorted(schemes.index[schemes[Scheme.qia] == "not_required"], key=int) == [
        "16",
        "17",
        "23",
        "30",
    ]
    assert (
        schemes.loc["14", Scheme.qia] == "pending"
        and str(schemes.loc["14", Scheme.go_live]) == "2026-06"
    )
    assert schemes.loc["28", [Scheme.category, Scheme.wte, Scheme.staff_group]].tolist() == [
        "pay",
        -8.5,
        "Administrative and clerical",
    ]


def test_a_mapping_file_reads_a_templates_own_stage_words(tmp_path):
    """Labels differ year to year: a mapping file's ``values:`` names a stage or category for
    a register's own words (read before the vocabulary), beside its rating words."""
    header = ["Ref", "Scheme", "Delivery confidence", "Go live", "FYE £", "Plan 2026/27 £",
              "RAG"]  # fmt: skip
    rows = [
        ["A1", "Agency", "Locked in", "Apr-26", 100, 100, "On track"],
        ["A2", "Drugs", "Worked up", "Oct-26", 100, 50, "Amber"],
        ["A3", "Estates", "Opportunity", "Jan-27", 100, 25, "Red"],
    ]
    mapping = tmp_path / "map.yml"
    mapping.write_text(
        "columns:\n  Delivery confidence: stage\n"
        "values:\n  Locked in: in_delivery\n  Worked up: in_progress\n  On track: green\n",
        encoding="utf-8",
    )
    from commissioning_analytics.io.register import read_mapping

    load = load_register(
        _register(tmp_path / "own.xlsx", header, rows), mapping=read_mapping(mapping)
    )
    assert load.schemes[Scheme.stage].tolist() == ["in_delivery", "in_progress", "opportunity"]
    assert load.schemes[Scheme.rag_overall].tolist() == ["green", "amber", "red"]


@pytest.mark.parametrize(
    ("scheme_id", "name", "line"),
    [
        (None, "Unidentified CIP", True),
        (None, "Still to be identified", True),
        ("U1", "CIP gap – unidentified", True),
        ("TBI", "Efficiency gap (to be identified)", True),
        ("Unidentified", None, True),
        ("S9", "Unidentified patient transport review", False),  # a scheme about them
        ("S10", "Reduce unidentified costs", False),
        ("TBI", "Pathology retender", False),  # a scheme whose number is still to come
    ],
)
def test_the_unidentified_line_by_its_whole_label(scheme_id, name, line):
    from commissioning_analytics.io.register.efficiency import is_unidentified_line

    assert is_unidentified_line(scheme_id, name) is line
