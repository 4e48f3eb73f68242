"""Fuzzing ``schemes`` with broken registers: the CLI's contract holds for every one (issue 12).

Hypothesis mutates the sample register, cell by cell (text, numbers huge and non-finite,
dates of any year, booleans, Excel error codes, formulas never calculated, the words analysts
mistype) and byte by byte in its XML parts (truncation, deletion, duplication, a byte
changed), then runs the command. Every time the answer must be one of:

* exit 0, and a complete table: every canonical column, one row per scheme the load report
  counted, scheme numbers unique, finite figures, months within 1900-2100;
* exit 2, one line per problem, each ``error: ...`` naming the file, and nothing written.

Never a traceback, never another status. ``make test`` runs a fixed number of cases from a
fixed seed (about half a minute); ``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``) runs ten times
as many.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from commissioning_analytics.cli import main
from commissioning_analytics.schema import Scheme

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw" / "qipp_register.xlsx"
SAMPLE_BYTES = SAMPLE.read_bytes()
SHEET = "Appendix 2 QIPP"
CASES = 40 * (10 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 1)
FUZZ = settings(
    max_examples=CASES,
    deadline=None,
    database=None,
    derandomize=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
SEED = 20261128

WORDS = [
    "NaN",
    "inf",
    "-Infinity",
    "1_000",
    "£12,3,4",
    "(1,200)",
    "£1,234",
    "-",
    "Jul-99",
    "Jull-26",
    "29/02/2027",
    "01/01/0001",
    "Dec 9999",
    "2026-13",
    "Total",
    "Grand total",
    "green",
    "Ambr",
    "phase 5",
    "1e9",
    "",
    "   ",
    '=HYPERLINK("http://x","y")',
    "#REF!",
]
ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?"]
values = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.booleans(),
    st.tuples(st.just("error"), st.sampled_from(ERRORS)),
    st.tuples(st.just("formula"), st.sampled_from(["=A1*2", "=SUM(I6:I35)", "=NOW()"])),
)
cells = st.lists(st.tuples(st.integers(1, 42), st.integers(1, 21), values), min_size=1, max_size=4)
PARTS = [
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/sheet1.xml",
    "xl/workbook.xml",
    "xl/styles.xml",
    "[Content_Types].xml",
    "xl/_rels/workbook.xml.rels",
    "_rels/.rels",
]
xml_edits = st.tuples(
    st.sampled_from(PARTS),
    st.sampled_from(["truncate", "delete", "duplicate", "byte"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.integers(0, 255),
)


def with_cells(path: Path, edits) -> Path:
    book = openpyxl.load_workbook(io.BytesIO(SAMPLE_BYTES))
    sheet = book[SHEET]
    for row, col, value in edits:
        cell = sheet.cell(row, col)
        if isinstance(cell, openpyxl.cell.cell.MergedCell):
            continue  # inside a merged header group: only its first cell holds a value
        if isinstance(value, tuple) and value[0] == "error":
            cell.value = value[1]
            cell.data_type = "e"
        elif isinstance(value, tuple):
            cell.value = value[1]  # a formula openpyxl saves with no cached value
        else:
            cell.value = value
    book.save(path)
    return path


def with_xml(path: Path, edit) -> Path:
    part, how, a, b, byte = edit
    with (
        zipfile.ZipFile(io.BytesIO(SAMPLE_BYTES)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename == part:
                i, j = sorted((int(a * len(data)), int(b * len(data))))
                if how == "truncate":
                    data = data[:i]
                elif how == "delete":
                    data = data[:i] + data[j:]
                elif how == "duplicate":
                    data = data[:j] + data[i:j] + data[j:]
                else:
                    data = data[:i] + bytes([byte]) + data[i + 1 :]
            target.writestr(member, data)
    return path


def run_schemes(register: Path) -> tuple[int, str, Path]:
    out = register.parent / "schemes.csv"
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(["schemes", str(register), "--csv", str(out)])
    return status, err.getvalue(), out


def assert_contract(status: int, stderr: str, out: Path, register: Path) -> None:
    assert "Traceback" not in stderr
    assert status in (0, 2), (status, stderr)
    lines = [line for line in stderr.splitlines() if line.strip()]
    if status == 2:
        assert not out.exists()
        assert sorted(p.name for p in out.parent.iterdir()) == [register.name]  # no temp file
        assert lines, "exit 2 with nothing said"
        for line in lines:
            assert line.startswith(f"error: {register.name}"), line
        return
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == list(Scheme.COLUMNS)
    counted = re.search(r"(\d+) schemes?\b", lines[0])  # the summary, then its account
    assert counted and len(table) == int(counted[1]) >= 1, lines
    assert table[Scheme.scheme_id].is_unique and (table[Scheme.scheme_id] != "").all()
    assert table[Scheme.go_live].str.fullmatch(r"(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])").all()
    for column in Scheme.MONEY_COLUMNS + (Scheme.months_in_year, Scheme.change_in_delivery_months):
        assert not table[column].str.contains(r"inf|nan", case=False).any(), column
        assert pd.to_numeric(table[column].replace("", None)).notna().sum() >= 0
    assert pd.to_numeric(table[Scheme.fye_net_saving]).map(math.isfinite).all()


def test_the_sample_register_itself_passes_the_contract(tmp_path):
    register = tmp_path / "qipp_register.xlsx"
    register.write_bytes(SAMPLE_BYTES)
    status, stderr, out = run_schemes(register)
    assert status == 0, stderr
    assert_contract(status, stderr, out, register)
    assert len(pd.read_csv(out)) == 30


@seed(SEED)
@FUZZ
@given(edits=cells)
def test_mutated_cells_give_a_table_or_one_line_per_problem(tmp_path_factory, edits):
    folder = tmp_path_factory.mktemp("cells")
    register = with_cells(folder / "qipp_register.xlsx", edits)
    assert_contract(*run_schemes(register), register)


@seed(SEED)
@FUZZ
@given(edit=xml_edits)
def test_mutated_xml_gives_a_table_or_one_line_per_problem(tmp_path_factory, edit):
    folder = tmp_path_factory.mktemp("xml")
    register = with_xml(folder / "qipp_register.xlsx", edit)
    assert_contract(*run_schemes(register), register)


@pytest.mark.e2e
@pytest.mark.parametrize(
    "make, status",
    [
        (lambda p: with_cells(p, [(6, 9, "NaN"), (7, 6, "Jul-99")]), 2),
        (lambda p: with_xml(p, ("xl/worksheets/sheet2.xml", "truncate", 0.5, 0.5, 0)), 2),
        (lambda p: with_xml(p, ("xl/worksheets/sheet2.xml", "duplicate", 0.3, 0.31, 0)), None),
        (lambda p: with_cells(p, [(6, 4, "a scheme renamed")]), 0),
    ],
)
def test_the_real_command_keeps_the_contract(tmp_path, make, status):
    register = make(tmp_path / "qipp_register.xlsx")
    out = tmp_path / "schemes.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "commissioning_analytics",
            "schemes",
            str(register),
            "--csv",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert_contract(result.returncode, result.stderr, out, register)
    if status is not None:
        assert result.returncode == status, result.stderr
