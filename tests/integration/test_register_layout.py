"""Registers laid out in more than one row per scheme, or with another table below them
(tests/corpus/registers.py, the layout block), read with no mapping file: each must give the
WHOLE expected scheme table (every canonical column, so that a silent wrong read fails), its
monthly plan and actuals, and a load report accounting for every row, or be refused in one
line naming the cell."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from registers import LAYOUT_SHAPES  # noqa: E402

from commissioning_analytics.errors import ValidationError  # noqa: E402
from commissioning_analytics.io.register import load_register, schemes_for_csv  # noqa: E402
from commissioning_analytics.schema import Scheme  # noqa: E402

pytestmark = pytest.mark.integration

READ = sorted(n for n, (_, e) in LAYOUT_SHAPES.items() if e.refusal is None)
REFUSED = sorted(n for n, (_, e) in LAYOUT_SHAPES.items() if e.refusal is not None)
MONTHS = [f"2024-{m:02d}" for m in range(4, 13)] + [f"2025-{m:02d}" for m in range(1, 4)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("layout")


def test_the_layout_block_has_read_and_refused_shapes():
    assert len(LAYOUT_SHAPES) >= 6
    assert len(REFUSED) >= 2 and len(READ) >= 6


def _expected_table(expected, file: str) -> pd.DataFrame:
    """The whole scheme table as the CSV carries it: the columns given, every other blank
    (change in delivery 0; recurrent blank, as the sheet has no such column)."""
    rows = []
    for given in expected.schemes:
        row = {c: None for c in Scheme.COLUMNS}
        row[Scheme.change_in_delivery_months] = 0.0
        row.update(given)
        row[Scheme.source] = f"{file}!{expected.sheet}!{given['source']}"
        rows.append(row)
    return pd.DataFrame(rows, columns=list(Scheme.COLUMNS))


def _cell(value):
    """A cell compared as a reader would: numbers as floats (blank NaN), text as text."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float)):
        return round(float(value), 2)
    return str(value)


@pytest.mark.parametrize("name", READ)
def test_layout_register_gives_the_whole_expected_table(folder, name):
    build, expected = LAYOUT_SHAPES[name]
    path = build(folder)
    load = load_register(path)
    assert (load.sheet, load.year) == (expected.sheet, expected.year)
    got = schemes_for_csv(load.schemes)
    want = _expected_table(expected, path.name)
    assert list(got[Scheme.scheme_id]) == list(want[Scheme.scheme_id])
    for column in Scheme.COLUMNS:
        mine = [_cell(v) for v in got[column]]
        theirs = [_cell(v) for v in want[column]]
        assert mine == theirs, f"{column}: {mine} != {theirs}"
    assert load.ids_invented is expected.ids_invented
    assert {k: n for k, n in load.report.counts().items() if n} == expected.outcomes
    for words in expected.notes:
        assert any(words in note for note in load.report.notes), (words, load.report.notes)


@pytest.mark.parametrize("name", READ)
def test_layout_register_gives_the_whole_monthly_plan_and_actuals(folder, name):
    build, expected = LAYOUT_SHAPES[name]
    load = load_register(build(folder))
    plan = load.monthly_plan
    assert sorted(set(plan[Scheme.scheme_id])) == sorted(expected.monthly_plan)
    for scheme_id, months in expected.monthly_plan.items():
        mine = plan[plan[Scheme.scheme_id] == scheme_id]
        assert len(mine) == 12
        first = mine["month"].min()
        assert list(mine["month"]) == [first + k for k in range(12)]
        assert list(mine["plan_gbp"]) == pytest.approx(months), scheme_id
    actual = load.monthly_actual
    got = {
        scheme_id: {str(m): v for m, v in zip(group["month"], group["actual_gbp"])}
        for scheme_id, group in actual.groupby(Scheme.scheme_id)
    }
    assert got == expected.monthly_actual


@pytest.mark.parametrize("name", REFUSED)
def test_layout_register_is_refused_in_one_line_naming_the_cell(folder, name):
    build, expected = LAYOUT_SHAPES[name]
    path = build(folder)
    with pytest.raises(ValidationError) as caught:
        load_register(path)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    cell, words = expected.refusal
    assert str(problems[0]).startswith(f"{path.name}!{expected.sheet}!{cell}: ")
    assert words in str(problems[0])


def test_another_table_below_is_listed_with_its_header_not_read_as_schemes(folder):
    build, _ = LAYOUT_SHAPES["highlight_report_risks_below"]
    load = load_register(build(folder))
    rows = load.report.rows.set_index("row")
    assert list(rows.loc[8:11, "outcome"]) == ["in another table"] * 4
    assert rows.loc[8, "reason"].startswith("the title of another table (its header at row 9")
    assert "'Ref', 'Risk', 'Owner'" in rows.loc[9, "reason"]
    # the risk log's "Ref" (R1, R2) never reaches the scheme table
    assert not load.schemes[Scheme.scheme_id].str.startswith("R").any()


def test_measure_rows_are_never_adjustments_and_their_months_keep_their_rows(folder):
    build, _ = LAYOUT_SHAPES["pmo_tracker_measure_rows"]
    load = load_register(build(folder))
    assert (load.totals["kind"] == "adjustment").sum() == 0
    # the totals block: its plan row checked against the schemes (300 x £1,000)
    total = load.totals_check[load.totals_check["field"] == Scheme.plan_in_year]
    assert list(total["stated"]) == [300_000] and list(total["schemes_sum"]) == [300_000]
    # each actual month sourced from the actual row it was read from
    s3 = load.monthly_actual[load.monthly_actual[Scheme.scheme_id] == "S3"]
    assert set(s3[Scheme.source]) == {"pmo_tracker_measures.xlsx!Tracker!10"}
    rows = load.report.rows.set_index("row")
    assert rows.loc[4, "reason"] == "the actual row of 'S1': its months read as the monthly actuals"
    assert rows.loc[13, "outcome"] == "total"


def test_a_long_extract_sources_each_month_from_its_own_row(folder):
    build, _ = LAYOUT_SHAPES["long_extract_by_month"]
    load = load_register(build(folder))
    plan = load.monthly_plan
    p2 = plan[plan[Scheme.scheme_id] == "P2"]
    # P2 is the second scheme of each month: rows 3, 6, 9, ... 36
    assert list(p2[Scheme.source]) == [f"long_extract.xlsx!Export!{3 + 3 * k}" for k in range(12)]
    read = dict(zip(load.report.choices["header"], load.report.choices["column"]))
    assert read["Reporting month"] == "each row's month (a long extract)"
    assert read["Plan £"] == "plan month"
    assert not any("Reporting month" in w for w in load.report.warnings)


def _register(folder: Path, name: str, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "QIPP"
    for row in rows:
        ws.append(row)
    wb.save(folder / name)
    return folder / name


HEADER = ["Ref", "Scheme", "Programme", "Go live", "FYE £", "Plan 2024/25 £", "Lead", "RAG"]
FIRST = ["Q1", "Virtual wards", "Urgent care", "Jul-24", 120_000, 90_000, "A Smith", "Green"]


def test_a_scheme_with_no_figures_yet_right_under_another_stays_a_scheme(folder):
    # its texts name a scheme ("project"), a theme and a plan ("Planned care programme") and an
    # owner ("lead"), its FYE is text and it has no rating: still a row of the register, not
    # another table's header
    rows = [
        HEADER,
        FIRST,
        ["Q2", "Outpatient project", "Planned care programme", "Oct-24", "£60,000", None,
         "J Smith (lead)", None],
    ]  # fmt: skip
    load = load_register(_register(folder, "no_figures_yet.xlsx", rows))
    assert list(load.schemes[Scheme.scheme_id]) == ["Q1", "Q2"]
    assert list(load.report.rows["outcome"]) == ["header", "scheme", "scheme"]


def test_another_tables_header_right_under_the_register_ends_it(folder):
    # no blank row between: four fields named (ref, owner, a rating, commentary) end it
    rows = [
        HEADER,
        FIRST,
        ["Ref", "Risk", "Owner", "Likelihood", "Impact", "Status", "Mitigation"],
        ["R1", "Vacancies", "A Smith", 4, 4, "Open", "Agency cover"],
    ]
    load = load_register(_register(folder, "risks_right_under.xlsx", rows))
    assert list(load.schemes[Scheme.scheme_id]) == ["Q1"]
    assert list(load.report.rows["outcome"]) == [
        "header",
        "scheme",
        "in another table",
        "in another table",
    ]


def test_a_blank_row_and_two_words_of_a_header_are_enough_to_end_the_register(folder):
    rows = [HEADER, FIRST, [], ["Ref", "Risk", "Likelihood", "Impact"], ["R1", "Vacancies", 4, 4]]
    load = load_register(_register(folder, "risks_two_words.xlsx", rows))
    assert list(load.schemes[Scheme.scheme_id]) == ["Q1"]
    outcomes = list(load.report.rows["outcome"])
    assert outcomes == ["header", "scheme", "blank", "in another table", "in another table"]
