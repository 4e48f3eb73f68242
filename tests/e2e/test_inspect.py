"""``inspect``: each sheet's kind and why, each header's reading, and a mapping that reads the
same when passed back."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from registers import SHAPES  # noqa: E402

from commissioning_analytics.cli import main  # noqa: E402
from commissioning_analytics.io.inspect import inspect_workbook  # noqa: E402
from commissioning_analytics.io.register import load_register, mapping_text  # noqa: E402

pytestmark = pytest.mark.e2e

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("inspect")


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_inspect_names_the_kind_and_columns_of_every_corpus_register(folder, name):
    build, expected = SHAPES[name]
    result = inspect_workbook(build(folder))
    kinds = {s.sheet: s.kind for s in result.sheets}
    assert kinds[expected.sheet] == expected.kind
    assert result.chosen == expected.sheet
    read = dict(zip(result.load.report.choices["header"], result.load.report.choices["column"]))
    for header, column in expected.columns.items():
        if column is not None:
            assert read[header] == column


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_written_mapping_reads_the_same(folder, name, tmp_path):
    build, _ = SHAPES[name]
    path = build(folder)
    load = load_register(path)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(mapping_text(load), encoding="utf-8")
    again = load_register(path, mapping=mapping)
    pd.testing.assert_frame_equal(load.schemes, again.schemes)
    pd.testing.assert_frame_equal(load.monthly_plan, again.monthly_plan)


@pytest.mark.parametrize(
    "file, kind",
    [
        ("plans/community_services_gantt_v1.xlsx", "Gantt"),
        ("plans/integration_action_log.xlsx", "action log"),
        ("plans/transition_milestones.xlsx", "milestone plan"),
        ("deflection/interventions.xlsx", "deflection workbook"),
        ("deflection/activity.xlsx", "deflection workbook"),
        ("qipp_register.xlsx", "register"),
    ],
)
def test_the_sample_workbooks_kinds(file, kind):
    result = inspect_workbook(RAW / file)
    assert result.sheets[-1 if file == "qipp_register.xlsx" else 0].kind == kind


def test_inspect_command_prints_the_reading_and_writes_a_mapping(tmp_path, capsys):
    build, _ = SHAPES["ccg_tracker_apr19"]
    path = build(tmp_path)
    mapping = tmp_path / "layout.yml"
    assert main(["inspect", str(path), "--write-mapping", str(mapping)]) == 0
    out = capsys.readouterr().out
    assert "  QIPP M6: monthly tracker (" in out
    assert "financial year: 2019/20 (from the month columns)" in out
    assert "money: £000 (converted to £)" in out
    assert "E5 'Annual Plan' -> plan_in_year (6.0; header words 'annual plan' +4" in out
    assert "F5 'Apr-19' -> plan month 2019-04" in out
    assert "rows by outcome: 3 scheme, 1 total, 1 blank, 3 title, 1 header" in out
    assert "Annual Plan: plan_in_year" in mapping.read_text()
    csv = tmp_path / "schemes.csv"
    assert main(["schemes", str(path), "--mapping", str(mapping), "--csv", str(csv)]) == 0
    assert list(pd.read_csv(csv)["plan_in_year"]) == [80_000, 150_000, 60_000]


def test_inspect_of_a_missing_file_is_one_line(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "none.xlsx")]) == 2
    assert capsys.readouterr().err.strip() == "error: none.xlsx: no such file"


def test_a_register_with_a_bad_cell_still_shows_its_header_and_writes_a_mapping(tmp_path, capsys):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from fixtures import EXAMPLE, SECOND, appendix

    rows = [EXAMPLE[:], SECOND[:]]
    rows[0][5] = "Jull-13"  # F6: no such month
    path = appendix(tmp_path / "qipp.xlsx", rows)
    mapping = tmp_path / "layout.yml"
    assert main(["inspect", str(path), "--write-mapping", str(mapping)]) == 1
    out = capsys.readouterr().out
    assert "F5 \"Scoping / Go 'Live' Date\" -> go_live (" in out
    assert "qipp.xlsx!QIPP 13-14!F6: unreadable month 'Jull-13'" in out
    assert "Scoping / Go 'Live' Date: go_live" in mapping.read_text()
