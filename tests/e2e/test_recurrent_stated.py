"""Whether the register states which savings recur, through the real commands (issue 20 item 7):
the reader leaves the ``recurrent`` column blank when the register has no such column (it
returns what the sheet says; the model counts a blank as recurrent), so the savings page says
the register has no recurrent / non-recurrent column; with the column, it splits the figures.

Only the savings-curves notebook is built (``COMMISSIONING_ANALYTICS_NOTEBOOKS``): the line is
on its headline.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from commissioning_analytics.cli import main
from commissioning_analytics.pack.notebooks import NOTEBOOKS_ENV
from tests.fixtures import (
    SAMPLE_HEADER_ROWS,
    SAMPLE_SHEET,
    no_traceback,
    run_pack,
    sample_folder,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
NO_COLUMN = "the register has no recurrent / non-recurrent column"


def _with_recurrent_column(data: Path, one_off: int) -> None:
    """A "Recurrent / Non-recurrent" column after the sample's last (AC), every scheme "R"
    but scheme ``one_off``, "NR"."""
    path = data / "qipp_register.xlsx"
    book = load_workbook(path)
    sheet = book[SAMPLE_SHEET]
    column = sheet.max_column + 1
    sheet.cell(row=SAMPLE_HEADER_ROWS - 1, column=column).value = "Recurrent / Non-recurrent"
    sheet.merge_cells(
        start_row=SAMPLE_HEADER_ROWS - 1,
        start_column=column,
        end_row=SAMPLE_HEADER_ROWS,
        end_column=column,
    )
    for scheme in range(1, 31):
        row = SAMPLE_HEADER_ROWS + scheme
        assert sheet.cell(row=row, column=1).value == scheme
        sheet.cell(row=row, column=column).value = "NR" if scheme == one_off else "R"
    book.save(path)


def _recurrent(register: Path, out: Path) -> list[str]:
    assert main(["schemes", str(register), "--csv", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        return [row["recurrent"] for row in csv.DictReader(handle)]


def _savings_page(data: Path, out: Path, monkeypatch, notebooks: Path) -> str:
    monkeypatch.setenv(NOTEBOOKS_ENV, str(notebooks))
    result = run_pack(data, out)
    no_traceback(result)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (out / "2026-10" / "10_savings_curves.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("notebooks")
    shutil.copy(ROOT / "notebooks" / "10_savings_curves.ipynb", folder)
    return folder


def test_without_a_recurrent_column_the_table_is_blank_and_the_page_says_so(
    tmp_path, monkeypatch, notebooks
):
    data = sample_folder(tmp_path / "raw")
    # scheme 30, "Contract management: non-recurrent grants review", is not a one-off label
    assert _recurrent(data / "qipp_register.xlsx", tmp_path / "s.csv") == [""] * 30
    page = _savings_page(data, tmp_path / "outputs", monkeypatch, notebooks)
    assert f"Recurrent savings: {NO_COLUMN}, so every scheme is treated as recurrent" in page


def test_with_a_recurrent_column_it_is_stated_and_the_page_splits_the_figures(
    tmp_path, monkeypatch, notebooks
):
    data = sample_folder(tmp_path / "raw")
    _with_recurrent_column(data, one_off=3)
    assert _recurrent(data / "qipp_register.xlsx", tmp_path / "s.csv") == (
        ["True", "True", "False"] + ["True"] * 27
    )
    page = _savings_page(data, tmp_path / "outputs", monkeypatch, notebooks)
    assert NO_COLUMN not in page
    assert "1 non-recurrent scheme" in page
