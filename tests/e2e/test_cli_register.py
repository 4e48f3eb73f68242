"""The `schemes` and `reconcile` commands, and every broken input of the issue's "Done when"."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from commissioning_analytics.cli import main
from fixtures import EXAMPLE, SECOND, THIRD, appendix, entity_bomb

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "qipp_register.xlsx"


def test_schemes_writes_the_canonical_csv(tmp_path, capsys):
    out = tmp_path / "schemes.csv"
    assert main(["schemes", str(SAMPLE), "--csv", str(out)]) == 0
    table = pd.read_csv(out, dtype=str)
    assert len(table) == 30
    assert table.columns[0] == "scheme_id" and table.columns[-1] == "source"
    assert table["go_live"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert "30 schemes" in capsys.readouterr().err


def test_reconcile_json_lists_the_planted_slips(capsys):
    assert main(["reconcile", str(SAMPLE), "--json"]) == 1  # 1: findings (for schedulers)
    findings = json.loads(capsys.readouterr().out)
    assert {(f["scheme_id"], f["field"]) for f in findings} == {
        ("7", "months_in_year"),
        ("12", "plan_in_year"),
        ("18", "most_likely_in_year"),
        ("23", "forecast_next_year"),
    }
    assert all(set(f) == {"scheme_id", "field", "stated", "expected"} for f in findings)
    months = next(f for f in findings if f["field"] == "months_in_year")
    assert (months["stated"], months["expected"]) == (8, 9)  # live July 2026 = 9 months


def test_reconcile_text_names_each_row(capsys):
    assert main(["reconcile", str(SAMPLE)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert lines[0] == (
        "qipp_register.xlsx!Appendix 2 QIPP!12: scheme 7 months_in_year: "
        "stated 8 months, the go-live gives 9"
    )


def _bad_cells(tmp_path: Path, row: int, col: int, value) -> Path:
    rows = [r[:] for r in (EXAMPLE, SECOND, THIRD)]
    rows[row][col] = value
    return appendix(tmp_path / "qipp.xlsx", rows, totals=False)


def _not_xlsx(tmp_path):
    path = tmp_path / "qipp.xlsx"
    path.write_text("No,Scheme,FYE\n1,MSK,602000\n")
    return path, [], "qipp.xlsx: not an Excel workbook"


def _empty(tmp_path):
    path = tmp_path / "qipp.xlsx"
    path.write_bytes(b"")
    return path, [], "qipp.xlsx: the file is empty"


def _no_register(tmp_path):
    path = tmp_path / "qipp.xlsx"
    workbook = Workbook()
    workbook.active.title = "Cover"
    workbook.active["A1"] = "QIPP Plan 2013/14"
    workbook.save(path)
    return path, [], "qipp.xlsx: no scheme register found on any sheet"


def _bad_month(tmp_path):
    return (
        _bad_cells(tmp_path, 0, 5, "Jull-13"),
        [],
        "qipp.xlsx!QIPP 13-14!F6: unreadable month 'Jull-13'",
    )


def _text_money(tmp_path):
    return (
        _bad_cells(tmp_path, 1, 9, "about 100k"),
        [],
        "qipp.xlsx!QIPP 13-14!J7: expected an amount in £, found 'about 100k'",
    )


def _unknown_rag(tmp_path):
    return (
        _bad_cells(tmp_path, 2, 12, "Purple"),
        [],
        "qipp.xlsx!QIPP 13-14!M8: unknown RAG rating 'Purple'",
    )


def _duplicate(tmp_path):
    return (
        _bad_cells(tmp_path, 2, 0, "2"),
        [],
        "qipp.xlsx!QIPP 13-14!A8: scheme number '2' appears twice (first at A7)",
    )


def _no_fye(tmp_path):
    headers = [
        "No",
        "File REF",
        "Transformation Heading",
        "Scheme",
        "Phase",
        "Go 'Live' Date",
        "No of Months Saving in 13/14",
    ]
    path = appendix(
        tmp_path / "qipp.xlsx", [r[:7] for r in (EXAMPLE, SECOND)], headers=headers, totals=False
    )
    return path, [], "qipp.xlsx!QIPP 13-14!A5: no full-year effect (FYE) column"


def _bomb(tmp_path):
    path = entity_bomb(appendix(tmp_path / "good.xlsx"), tmp_path / "qipp.xlsx")
    return path, [], "qipp.xlsx: refused"


def _missing(tmp_path):
    return tmp_path / "qipp.xlsx", [], "qipp.xlsx: no such file"


def _missing_sheet(tmp_path):
    return (
        appendix(tmp_path / "qipp.xlsx"),
        ["--sheet", "Appendix 9"],
        "qipp.xlsx!Appendix 9: no sheet named 'Appendix 9'",
    )


BROKEN = [
    _not_xlsx,
    _empty,
    _no_register,
    _bad_month,
    _text_money,
    _unknown_rag,
    _duplicate,
    _no_fye,
    _bomb,
    _missing,
    _missing_sheet,
]


@pytest.mark.parametrize("command", ["schemes", "reconcile"])
@pytest.mark.parametrize("broken", BROKEN, ids=lambda f: f.__name__.strip("_"))
def test_broken_input_exits_2_with_one_plain_line(tmp_path, capsys, broken, command):
    path, extra, expected = broken(tmp_path)
    out = tmp_path / "out" / "schemes.csv"
    out.parent.mkdir()
    argv = [command, str(path), *extra] + (["--csv", str(out)] if command == "schemes" else [])
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {expected}"), lines[0]
    assert "Traceback" not in captured.err and captured.out == ""
    assert list(out.parent.iterdir()) == []  # no CSV, no temporary file left behind
