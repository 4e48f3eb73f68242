"""The built pack prints one set of headline figures: every labelled figure on every page and
on the index equals ``summary.json``; with missing actuals allowed every page says so."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from commissioning_analytics.pack import build as pack
from commissioning_analytics.style import money

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e

# The index's cards (pages/index.py) by label, and how each shows its summary.json figure.
INDEX_CARDS = {
    "Plan (target)": ("plan_in_year", money),
    "Forecast": ("forecast_in_year", money),
    "Actual to date": ("actual_to_date", money),
    "Gap to target": ("gap_to_target", lambda v: money(abs(v))),
}


def _text(page: Path) -> str:
    """A page's HTML with plotly's JSON escapes of £ and the minus sign undone."""
    return page.read_text(encoding="utf-8").replace("\\u00a3", "£").replace("\\u2212", "−")


def test_every_headline_figure_printed_equals_summary_json(built_pack):
    assert built_pack.status == 0, built_pack.stderr
    summary = json.loads((built_pack.folder / "summary.json").read_text())
    checked = 0
    pages = sorted(built_pack.folder.glob("[0-9][0-9]_*.html"))
    for page in pages:
        text = _text(page)
        for key, shown in re.findall(r'data-figure=\\?"([a-z_]+)\\?">([^<]*)<', text):
            assert key in summary, f"{page.name}: {key} is not in summary.json"
            assert shown == money(summary[key]), f"{page.name}: {key} {shown}"
            checked += 1
        for outturn, gap in re.findall(
            r"From plan to outturn: (£[^,]+), a gap of (−?£[0-9.]+[mk]?)", text
        ):
            assert (outturn, gap) == (
                money(summary["forecast_outturn"]),
                money(summary["gap_to_target"]),
            ), page.name
            checked += 1
    index = _text(built_pack.folder / "index.html")
    for label, (key, show) in INDEX_CARDS.items():
        card = re.search(rf'data-figure="{re.escape(label)}">.*?class="value">([^<]*)<', index)
        assert card and card.group(1) == show(summary[key]), label
        checked += 1
    for outturn in re.findall(r"forecast outturn (−?£[0-9.]+[mk]?)", index):
        assert outturn == money(summary["forecast_outturn"])
    # Every sentence on any page or the index that states "the outturn of £X (£Y short ...)"
    # (scenarios, bring-forward, the summary's decisions) states the headline's.
    stated = []
    for page in [built_pack.folder / "index.html", *pages]:
        stated += [
            (page.name, o, g)
            for o, g in re.findall(
                r"outturn of (?:<b>|<strong>|\*\*)?(−?£[0-9.]+[mk]?)(?:</b>|</strong>|\*\*)? "
                r"\((−?£[0-9.]+[mk]?) short",
                _text(page),
            )
        ]
    assert stated, "no page states the outturn in words"
    for name, outturn, gap in stated:
        assert (outturn, gap) == (
            money(summary["forecast_outturn"]),
            money(summary["gap_to_target"]),
        ), name
    # pages 10 and 30 both print the plan, forecast, outturn and gap; each bridge title too
    assert checked >= 20
    for name in ("10_savings_curves.html", "30_change_in_delivery.html"):
        text = _text(built_pack.folder / name)
        assert f'data-figure="forecast_outturn">{money(summary["forecast_outturn"])}<' in text
        assert "From plan to outturn" in text


def test_summary_json_bridge_adds_up_to_the_penny(built_pack):
    summary = json.loads((built_pack.folder / "summary.json").read_text())
    pence = lambda x: round(x * 100)  # noqa: E731
    forecast = summary["plan_in_year"] - summary["risk_weighting"] - summary["slippage"]
    assert pence(forecast) == pence(summary["forecast_in_year"])
    assert pence(forecast + summary["actual_vs_forecast_to_date"]) == pence(
        summary["forecast_outturn"]
    )
    assert pence(summary["plan_in_year"] - summary["forecast_outturn"]) == pence(
        summary["gap_to_target"]
    )
    # the sample's figures, as the recomputation found them: outturn £9.92m, gap £4.01m
    assert money(summary["forecast_outturn"]) == "£9.92m"
    assert money(summary["gap_to_target"]) == "£4.01m"
    assert summary["months_without_actuals"] == []
    assert summary["non_recurrent_schemes"] == 0
    assert summary["plan_recurrent"] == summary["plan_in_year"]


def test_allowed_missing_actuals_put_a_banner_on_every_page(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("10_savings_curves.ipynb", "20_rag_dashboard.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, notebooks / name)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data)
    status = pack.build_pack(
        "2026-11",
        data,
        tmp_path / "out",
        notebooks_dir=notebooks,
        processed=tmp_path / "processed",
        progress=False,
        today=dt.date(2026, 11, 28),
        allow_missing_actuals=True,
    )
    assert status == 0
    folder = tmp_path / "out" / "2026-11"
    for page in [*folder.glob("[0-9][0-9]_*.html"), folder / "index.html"]:
        assert "No actuals recorded for November 2026" in page.read_text(), page.name
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["months_without_actuals"] == ["2026-11"]
    # November counts its forecast, not zero: the outturn is the October pack's
    assert money(summary["forecast_outturn"]) == "£9.92m"


def test_pack_refuses_december_and_november_on_the_sample(tmp_path, capsys):
    for period, words in (
        ("2026-12", "December 2026 has not started"),
        ("2026-11", "no actual for November 2026"),
    ):
        status = pack.build_pack(
            period,
            ROOT / "data" / "raw",
            tmp_path / "out",
            progress=False,
            today=dt.date(2026, 11, 28),
        )
        err = capsys.readouterr().err.strip().splitlines()
        assert status == 2 and len(err) == 1 and words in err[0], err
        assert not (tmp_path / "out" / period).exists()
