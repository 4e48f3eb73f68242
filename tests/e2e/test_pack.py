"""The monthly pack end to end on the sample data, and the runner's failure modes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from commissioning_analytics import calendar
from commissioning_analytics.figures import money
from commissioning_analytics.model.phasing import FORECAST, MOST_LIKELY, PLAN, phase
from commissioning_analytics.pack import build as pack
from commissioning_analytics.pack import notebooks as pack_notebooks
from commissioning_analytics.pack import publish as pack_publish

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def _card(index_html: str, label: str) -> str:
    match = re.search(rf'data-figure="{re.escape(label)}">.*?class="value">([^<]*)<', index_html)
    assert match, f"no {label} card in index.html"
    return match.group(1)


def test_pack_builds_every_page(built_pack):
    assert built_pack.status == 0, built_pack.stderr
    folder = built_pack.folder
    notebooks = pack_notebooks.discover_notebooks(ROOT / "notebooks")
    assert [n.name for n in notebooks][:3] == [
        "10_savings_curves.ipynb",
        "20_rag_dashboard.ipynb",
        "30_change_in_delivery.ipynb",
    ]
    index = (folder / "index.html").read_text()
    for notebook in notebooks:
        assert (folder / notebook.name).is_file()  # the executed notebook
        assert (folder / f"{notebook.stem}.html").is_file()
        assert f'href="{notebook.stem}.html"' in index
    assert not (folder / "explorer.html").exists()  # the explorer is not part of the pack
    workbook = folder / f"savings-pack-{built_pack.period}.xlsx"
    assert workbook.is_file() and f'href="{workbook.name}"' in index
    sheets = pd.read_excel(workbook, sheet_name=None)
    assert {"summary", "schemes", "savings_curve", "waterfall", "ratings"} <= set(sheets)
    processed = built_pack.root / "data" / "processed" / built_pack.period
    assert (processed / "schemes.csv").is_file() and (processed / "savings_curve.csv").is_file()
    packs = (built_pack.out_dir / "index.html").read_text()
    assert f'href="{built_pack.period}/index.html"' in packs
    log = (built_pack.out_dir / "pack.log").read_text()
    assert f"{built_pack.period} built in" in log
    assert not list(built_pack.out_dir.glob(".*building*"))  # no scratch folder left


def test_headline_figures_match_the_library(built_pack):
    """Plan, forecast, actual to date and gap, recomputed here from phase() and the actuals."""
    from commissioning_analytics.io.actuals import load_actuals
    from commissioning_analytics.io.register import load_register

    load = load_register(built_pack.data_dir / "qipp_register.xlsx")
    register, year = load.schemes, load.year
    period = pd.Period(built_pack.period, freq="M")
    k = calendar.month_offset(period, calendar.fy_start(year))  # October = 6 (April = 0)
    plan = phase(register, year, PLAN).in_year.sum()
    forecast = phase(register, year, FORECAST)
    actuals = load_actuals(built_pack.data_dir / "qipp_actuals.xlsx")
    months = pd.PeriodIndex(actuals["month"], freq="M")
    in_scope = (
        (months >= calendar.fy_start(year))
        & (months <= period)
        & actuals["scheme_id"].astype(str).isin(register["scheme_id"].astype(str))
    )
    actual_to_date = actuals.loc[in_scope, "actual_gbp"].sum()
    outturn = actual_to_date + forecast.monthly[:, k + 1 : 12].sum()
    index = (built_pack.folder / "index.html").read_text()
    assert _card(index, "Plan (target)") == money(plan)
    assert _card(index, "Forecast") == money(forecast.in_year.sum())
    assert _card(index, "Actual to date") == money(actual_to_date)
    assert _card(index, "Gap to target") == money(abs(plan - outturn))
    summary = json.loads((built_pack.folder / "summary.json").read_text())
    assert summary["plan_in_year"] == pytest.approx(plan)
    assert summary["most_likely_in_year"] == pytest.approx(
        phase(register, year, MOST_LIKELY).in_year.sum()
    )
    assert summary["gap_to_target"] == pytest.approx(plan - outturn)
    for rating in ("Green", "Amber", "Red"):  # RAG in words, not colour alone
        count = int((register["rag_overall"].astype("string").str.lower() == rating.lower()).sum())
        assert f"{rating}: {count} scheme{'' if count == 1 else 's'}<" in index


def test_pages_are_offline_single_plotly_and_small(built_pack):
    for page in sorted(built_pack.folder.glob("[0-9][0-9]_*.html")):
        text = page.read_text()
        assert page.stat().st_size < pack_notebooks.MAX_PAGE_BYTES, page.name
        assert pack_notebooks.plotly_js_copies(text) == 1, page.name
        assert pack_notebooks.figure_count(text) >= 1, page.name
        assert not re.search(r'<script[^>]*src="https?://', text), page.name  # nothing fetched
        assert "configure_notebook(" not in text and "page.open_month(" not in text  # no code


def _break(notebook: Path, into: Path) -> int:
    """Copy ``notebook`` with its 6th cell replaced by one that raises; return that cell's index."""
    nb = nbformat.read(notebook, as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    broken = code[5]
    nb.cells[broken].source = 'raise ValueError("broken on purpose")'
    nbformat.write(nb, into / notebook.name)
    return broken


def test_a_failing_notebook_leaves_the_previous_pack(built_pack, tmp_path, capsys):
    out_dir = tmp_path / "outputs"
    shutil.copytree(built_pack.folder, out_dir / built_pack.period)  # last run's pack
    before = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (out_dir / built_pack.period).iterdir()
    }
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    cell = _break(ROOT / "notebooks" / "20_rag_dashboard.ipynb", notebooks)
    status = pack.build_pack(
        built_pack.period,
        built_pack.data_dir,
        out_dir,
        notebooks_dir=notebooks,
        processed=tmp_path / "processed",
        progress=False,
    )
    err = capsys.readouterr().err
    assert status == pack.EXIT_FAILED == 1
    # cells counted from 1 in the source notebook (papermill's injected cell not counted)
    assert f"20_rag_dashboard.ipynb, cell {cell + 1} " in err
    assert "ValueError: broken on purpose" in err
    after = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (out_dir / built_pack.period).iterdir()
    }
    assert after == before
    assert not (tmp_path / "processed" / built_pack.period).exists()
    assert not list(out_dir.glob(".*building*"))
    assert (out_dir / ".failed" / built_pack.period / "20_rag_dashboard.ipynb").is_file()
    assert "FAILED 20_rag_dashboard.ipynb" in (out_dir / "pack.log").read_text()


def test_a_second_run_is_refused_while_one_holds_the_lock(tmp_path, capsys):
    out_dir = tmp_path / "outputs"
    out_dir.mkdir()
    with pack_publish.pack_lock(out_dir):
        status = pack.build_pack("2026-10", ROOT / "data" / "raw", out_dir, progress=False)
    assert status == pack.EXIT_LOCKED == 3
    assert "another pack run is in progress" in capsys.readouterr().err
    assert not (out_dir / "2026-10").exists()
    with pack_publish.pack_lock(out_dir):  # released: a later run can take it
        pass


def test_a_missing_register_is_a_user_error(tmp_path, capsys):
    status = pack.build_pack("2026-10", tmp_path / "empty", tmp_path / "outputs", progress=False)
    assert status == pack.EXIT_USER_ERROR == 2
    err = capsys.readouterr().err
    assert "no such data folder" in err and "Traceback" not in err
    assert not list((tmp_path / "outputs").glob("20*"))


def test_cli_pack_exit_status_for_a_missing_register(tmp_path, capsys):
    from commissioning_analytics.cli import main

    (tmp_path / "raw").mkdir()
    assert main(["pack", "--data", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 2
    assert "qipp_register.xlsx: no such file" in capsys.readouterr().err


def test_latest_complete_period():
    from commissioning_analytics.month import latest_complete_period

    raw = ROOT / "data" / "raw"
    # actuals run April-October 2026: on 22 November, October is the last complete month
    assert latest_complete_period(raw, today=dt.date(2026, 11, 22)) == "2026-10"
    # on 15 October, October has not ended yet: September
    assert latest_complete_period(raw, today=dt.date(2026, 10, 15)) == "2026-09"


def test_replace_dir_swaps_a_month(tmp_path):
    old, new = tmp_path / "2026-10", tmp_path / ".new"
    old.mkdir(), new.mkdir()
    (old / "index.html").write_text("old")
    (new / "index.html").write_text("new")
    pack_publish.replace_dir(new, old)
    assert (old / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-10"]


def test_packs_index_lists_every_month(tmp_path):
    for period, plan in (("2026-09", 1_000_000.0), ("2026-10", 2_000_000.0)):
        folder = tmp_path / period
        folder.mkdir()
        (folder / "index.html").write_text("x")
        (folder / "summary.json").write_text(
            json.dumps(
                {
                    "plan_in_year": plan,
                    "forecast_in_year": plan / 2,
                    "actual_to_date": None,
                    "gap_to_target": plan / 4,
                    "built": "2026-11-01 06:00",
                }
            )
        )
    (tmp_path / ".2026-11.building-x").mkdir()  # a run in progress is not listed
    pack_publish.write_packs_index(tmp_path)
    text = (tmp_path / "index.html").read_text()
    assert text.index("2026-10/index.html") < text.index("2026-09/index.html")  # newest first
    assert "£2.00m" in text and "£1.00m" in text and "2026-11/index.html" not in text


def test_plotly_js_copies_counts_the_bundle_header():
    assert pack_notebooks.plotly_js_copies("<script>/**\n* plotly.js v3.1.0\n*/</script>") == 1
    assert pack_notebooks.plotly_js_copies("no plotly here") == 0


def test_the_sample_summary_names_the_owner_and_action_of_each_top_risk(built_pack):
    """The sample register's SRO column (scripts/sample_data/register.py: Integrated Care is
    S. Okafor's) reaches the board summary: scheme 9, discharge to assess, first of the top
    risks by effect on the outturn (its project plan starts the service four months later than
    the directors' forecast), with its owner and its plan's next task, lead and due date; no
    file path on the summary's risks."""
    assert built_pack.status == 0, built_pack.stderr
    index = (built_pack.folder / "index.html").read_text(encoding="utf-8")
    assert "<th>Owner</th>" in index and "<th>Action owner</th>" in index
    row = re.search(r"<tr><td>1</td>(?:(?!</tr>).)*</tr>", index, re.S)
    assert row, "no first top risk"
    row_text = row.group(0)
    assert "Discharge to assess pathway" in row_text and "S. Okafor" in row_text
    assert "Procurement of step-down beds" in row_text and "L. Evans" in row_text
    assert "20 Dec 2026" in row_text and ".xlsx" not in row_text


def test_summary_json_movement_adds_up_and_names_the_new_scheme(built_pack):
    """Issue 20: the movement since September, by cause, from September's outturn to
    October's within £1, the scheme new this month named; the forecast over the year from
    April to October."""
    summary = json.loads((built_pack.folder / "summary.json").read_text())
    steps = summary["movement"]
    total = summary["previous_forecast_outturn"] + sum(s["gbp"] for s in steps)
    assert abs(total - summary["forecast_outturn"]) < 1.0
    new = next(s for s in steps if s["step"] == "Schemes new this month")
    assert [s["scheme_id"] for s in new["schemes"]] == ["30"]
    assert new["gbp"] == pytest.approx(428_476, abs=1)
    assert [p["period"] for p in summary["trajectory"]] == [f"2026-{m:02d}" for m in range(4, 11)]
    assert summary["trajectory"][-1]["forecast_outturn"] == summary["forecast_outturn"]
    index = (built_pack.folder / "index.html").read_text(encoding="utf-8")
    assert 'class="trajectory"' in index and 'data-step="new_schemes"' in index
