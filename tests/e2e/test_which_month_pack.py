"""The pack on a month whose inputs leave choices (issue 18, data level), through the command:
last month's actuals tab placed first, actuals in £000, one early actual for the next month
and a live scheme not yet reported. Built with every choice said on the summary and stderr,
and the figures those choices should not move unmoved; two register sheets with nothing to
tell them apart stop the pack with one line naming both."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from commissioning_analytics import month as report
from commissioning_analytics.model.headline import scheme_figures
from commissioning_analytics.pack import build as pack
from fixtures import (
    actuals_in_thousands,
    add_actuals,
    drop_actuals,
    half_month_change,
    last_months_actuals_first,
    register_copy_first,
    sample_folder,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e

SAMPLE_OUTTURN = 9_920_628.92  # the sample's October outturn
SCHEME_1_OCTOBER_ACTUAL = 14_261.0


def _summary_text(folder: Path) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", (folder / "index.html").read_text())).split())


def test_a_month_with_choices_is_built_and_every_choice_said(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "10_savings_curves.ipynb", notebooks)
    data = sample_folder(tmp_path / "data")
    last_months_actuals_first(data)
    actuals_in_thousands(data)
    add_actuals(data, (1, "2026-11", 15.0))  # £15k, early, for November
    drop_actuals(data, 1, "2026-10")  # scheme 1's October not entered yet
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = pack.build_pack(
            None,  # the default month, as `commissioning-analytics pack --data DIR`
            data,
            tmp_path / "out",
            notebooks_dir=notebooks,
            processed=tmp_path / "processed",
            progress=False,
            today=dt.date(2026, 12, 5),
        )
    assert status == 0, err.getvalue()
    folder = tmp_path / "out" / "2026-10"  # not November: 1 of its 22 live schemes reported
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["period"] == "2026-10"
    # £000 scaled; last month's tab not read; scheme 1's October counts its forecast
    assert summary["actual_to_date"] == pytest.approx(3_320_531 - SCHEME_1_OCTOBER_ACTUAL)
    assert summary["forecast_outturn"] > SAMPLE_OUTTURN - SCHEME_1_OCTOBER_ACTUAL
    text = _summary_text(folder)
    for said in (
        "qipp_actuals.xlsx: sheet 'Actuals' read: of the actuals sheets ('Actuals Sep', "
        "'Actuals') it is the one whose name or title names October 2026",
        "November 2026 is partly reported: actuals for 1 of the 22 schemes live (5%, under 80%)",
        "1 actual(s) totalling £15,000 dated after the reporting month Oct-26 are not counted",
        "1 live scheme with no actual yet for a reported month (the outturn counts their forecast)",
        "Community nursing: integrated caseload management (Oct-26)",
    ):
        assert said in text, said
    page = (folder / "10_savings_curves.html").read_text()
    assert "at least 80% of the schemes live have an actual recorded" in page
    assert "actuals in £000 (from the header" in unescape(page)
    warnings = err.getvalue()
    assert "warning: qipp_actuals.xlsx: sheet 'Actuals' read" in warnings
    assert "warning: November 2026 is partly reported" in warnings


def test_two_register_sheets_stop_the_command_with_one_line_naming_both(tmp_path):
    data = sample_folder(tmp_path / "data")
    copy = register_copy_first(data)
    run = subprocess.run(
        [sys.executable, "-m", "commissioning_analytics", "pack", "--period", "2026-10"]
        + ["--data", str(data), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr
    assert f"2 sheets hold a scheme register ('{copy}', 'Appendix 2 QIPP')" in lines[0]
    assert not (tmp_path / "out" / "2026-10").exists()
    # named (--sheet; the pack's pack.yml register_sheet: test_which_month), it is read
    run = subprocess.run(
        [sys.executable, "-m", "commissioning_analytics", "schemes"]
        + [str(data / "qipp_register.xlsx"), "--sheet", "Appendix 2 QIPP"]
        + ["--csv", str(tmp_path / "schemes.csv")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert len((tmp_path / "schemes.csv").read_text().strip().splitlines()) == 31


def test_half_a_month_counts_the_same_in_reconcile_and_the_pack(tmp_path):
    data = sample_folder(tmp_path / "data")
    half_month_change(data)
    run = subprocess.run(
        [sys.executable, "-m", "commissioning_analytics", "reconcile"]
        + [str(data / "qipp_register.xlsx"), "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 1, run.stderr  # findings: the stated -3 months' figures
    found = {(f["scheme_id"], f["field"]): f["expected"] for f in json.loads(run.stdout)}
    # 245,100 x 9.5 / 12 x 75% = 145,528.12; next year 245,100 - 245,100 x 9.5 / 12
    assert found[("1", "forecast_in_year")] == pytest.approx(145_528.12, abs=0.01)
    assert found[("1", "forecast_next_year")] == pytest.approx(51_062.50, abs=0.01)
    month = report.load_month("2026-10", data)
    # the monthly profile the pages draw: half of June, then July on
    assert month.forecast.monthly[0, 2:4].tolist() == pytest.approx([7_659.38, 15_318.75])
    per = scheme_figures(month).set_index("scheme_id")
    assert per.loc["1", "forecast"] == pytest.approx(145_528.12, abs=0.01)


def test_a_negative_actual_not_counted_is_said_in_the_house_money_format(tmp_path):
    """A clawback of £91,912 keyed against last year (a typo) is not counted, and said as
    "−£91,912" on stderr and the summary, never "£-91,912" (issue 18, smaller defects)."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "10_savings_curves.ipynb", notebooks)
    data = sample_folder(tmp_path / "data")
    add_actuals(data, (1, "2025-07", -91_912.0))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = pack.build_pack(
            "2026-10",
            data,
            tmp_path / "out",
            notebooks_dir=notebooks,
            processed=tmp_path / "processed",
            progress=False,
        )
    assert status == 0, err.getvalue()
    said = "1 actual(s) totalling \u2212£91,912 dated outside 2026/27 are not counted: 1 Jul-25"
    assert f"warning: {said}" in err.getvalue()
    text = _summary_text(tmp_path / "out" / "2026-10")
    assert said in text
    assert "£-" not in text and "£-" not in err.getvalue()
