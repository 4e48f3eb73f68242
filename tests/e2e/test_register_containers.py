"""CSV and old-format workbooks through the same reader, and one-line refusals."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from registers import SHAPES  # noqa: E402

from commissioning_analytics.cli import main  # noqa: E402

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("name", ["csv_export", "pct_xls_appendix", "ods_appendix"])
def test_schemes_command_reads_other_containers(tmp_path, capsys, name):
    build, expected = SHAPES[name]
    out = tmp_path / "schemes.csv"
    assert main(["schemes", str(build(tmp_path)), "--csv", str(out)]) == 0
    table = pd.read_csv(out, dtype={"scheme_id": str})
    assert len(table) == expected.n_schemes
    first_id, values = next(iter(expected.schemes.items()))
    row = table.set_index("scheme_id").loc[first_id]
    assert row["fye_net_saving"] == values["fye_net_saving"]
    assert f"{expected.n_schemes} schemes" in capsys.readouterr().err


@pytest.mark.parametrize(
    "file, content, message",
    [
        ("register.xls", b"No,Scheme\n1,MSK\n", "register.xls: cannot be read as a .xls workbook"),
        ("register.ods", b"", "register.ods: the file is empty"),
        ("register.pdf", b"%PDF-1.4 not a workbook", "register.pdf: not an Excel workbook (.xlsx)"),
        ("register.csv", b"\x00\x01\x02binary", "register.csv: not a text (CSV) file"),
    ],
)
def test_unreadable_containers_are_refused_in_one_line(tmp_path, capsys, file, content, message):
    path = tmp_path / file
    path.write_bytes(content)
    assert main(["schemes", str(path), "--csv", str(tmp_path / "out.csv")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {message}"), lines
    assert not (tmp_path / "out.csv").exists()


def test_a_csv_with_no_register_says_so(tmp_path, capsys):
    path = tmp_path / "notes.csv"
    path.write_text("Meeting,Date\nBoard,2019-05-01\n")
    assert main(["reconcile", str(path)]) == 2
    assert capsys.readouterr().err.startswith("error: notes.csv: no scheme register found")


def test_rows_of_an_ods_sheet_starting_below_row_one_keep_their_numbers(tmp_path):
    # Two blank rows, then a cell in column C: calamine's iter_rows() gives rows from row 1
    # (the blank ones included) and columns from the first used one (C).
    from registers import write_ods

    from commissioning_analytics.io.tabular import open_book

    path = write_ods(
        tmp_path / "late.ods",
        "Sheet1",
        [[], [], [None, None, "No", "Scheme"], [None, None, 1, "MSK triage"]],
    )
    book = open_book(path)
    rows = [(n, v) for n, v, _ in book.rows("Sheet1")]
    assert rows[2:] == [(3, [None, None, "No", "Scheme"]), (4, [None, None, 1, "MSK triage"])]
