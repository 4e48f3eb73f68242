"""scripts/compare_packs.py on the sample pack: two builds of the same month are identical figure
by figure (summary.json, every CSV, every workbook cell), and a penny moved anywhere is found.
Issue 19's check that a restructuring moved no figure; README "Checking that no figure moved"."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from commissioning_analytics.pack.build import build_pack

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "compare_packs.py"


def _compare(before_root: Path, after_root: Path, period: str) -> subprocess.CompletedProcess:
    """The script as a person runs it: BEFORE_PACK BEFORE_TABLES AFTER_PACK AFTER_TABLES."""
    args = [
        before_root / "outputs" / period,
        before_root / "data" / "processed" / period,
        after_root / "outputs" / period,
        after_root / "data" / "processed" / period,
    ]
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True
    )


def test_two_builds_of_the_sample_pack_are_identical_figure_by_figure(built_pack, tmp_path):
    assert built_pack.status == 0, built_pack.stderr
    again = tmp_path / "again"
    shutil.copytree(built_pack.data_dir, again / "data" / "raw")
    status = build_pack(
        built_pack.period, again / "data" / "raw", again / "outputs", progress=False
    )
    assert status == 0
    # the month and the views the pages shared stay out of the published pack
    assert not list((again / "outputs" / built_pack.period).glob(".month*"))
    result = _compare(built_pack.root, again, built_pack.period)
    assert result.returncode == 0, result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("identical: compared ")
    assert " summary keys, " in last and " CSV files, " in last and " workbook cells" in last


def test_a_penny_moved_in_summary_json_a_csv_or_a_workbook_cell_is_a_difference(
    built_pack, tmp_path
):
    assert built_pack.status == 0, built_pack.stderr
    period = built_pack.period
    # two copies of the pack (a copy's text still names the folder it was built from)
    for copy in ("before", "after"):
        shutil.copytree(built_pack.folder, tmp_path / copy / "outputs" / period)
        shutil.copytree(
            built_pack.root / "data" / "processed" / period,
            tmp_path / copy / "data" / "processed" / period,
        )
    after = tmp_path / "after"
    summary_path = after / "outputs" / period / "summary.json"
    summary = json.loads(summary_path.read_text())
    summary["forecast_outturn"] += 0.01
    summary_path.write_text(json.dumps(summary, indent=2))
    bridge = after / "data" / "processed" / period / "bridge.csv"
    lines = bridge.read_text().splitlines()
    lines[1] += "1"  # the last figure of the first step: ten times and a digit more
    bridge.write_text("\n".join(lines) + "\n")
    for copy in ("before", "after"):  # both through openpyxl (it saves a blank text as empty)
        book_path = next((tmp_path / copy / "outputs" / period).glob("*.xlsx"))
        book = load_workbook(book_path)
        if copy == "after":
            cell = book["schemes"].cell(row=2, column=1)
            cell.value = f"{cell.value}x"
        book.save(book_path)

    result = _compare(tmp_path / "before", after, period)
    out = result.stdout
    assert result.returncode == 1, out
    assert "summary.json: forecast_outturn:" in out
    assert "bridge.csv line 2:" in out
    assert "schemes row 2 column 1:" in out
    assert out.strip().splitlines()[-1].startswith("3 difference(s): compared "), out
