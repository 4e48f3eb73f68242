"""The board summary in Word (pack/docx.py), from a summary.json made by hand: every figure in
the paper is summary.json's, the cover sheet comes from the commentary, and a block the pack
published no figures for says so."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from commissioning_analytics.errors import UserError
from commissioning_analytics.model.verdict import VerdictRule
from commissioning_analytics.pack.docx import check_template, cover_fields, write_docx

pytestmark = pytest.mark.integration


def _summary(**extra) -> dict:
    # a month a reader can check: plan 1,000,000; weighting 100,000 and slippage 50,000 leave a
    # forecast of 850,000; actuals 20,000 below forecast give an outturn of 830,000 (83%)
    return {
        "period": "2026-10",
        "financial_year": "2026/27",
        "schemes": 3,
        "plan_in_year": 1_000_000.0,
        "most_likely_in_year": 900_000.0,
        "forecast_in_year": 850_000.0,
        "risk_weighting": 100_000.0,
        "slippage": 50_000.0,
        "plan_to_date": 400_000.0,
        "forecast_to_date": 300_000.0,
        "actual_to_date": 280_000.0,
        "ytd_variance": -120_000.0,
        "actual_vs_forecast_to_date": -20_000.0,
        "forecast_after_period": 550_000.0,
        "forecast_for_months_without_actuals": 0.0,
        "forecast_outturn": 830_000.0,
        "gap_to_target": 170_000.0,
        "plan_next_year": 1_200_000.0,
        "forecast_next_year": 1_100_000.0,
        "schemes_plan_in_year": 1_000_000.0,
        "adjustments_in_year": 0.0,
        "adjustments_excluded_in_year": 0.0,
        "plan_recurrent": 1_000_000.0,
        "forecast_recurrent": 850_000.0,
        "outturn_recurrent": 830_000.0,
        "non_recurrent_schemes": 0,
        "recurrent_stated": True,
        "figures": "rule",
        "adjustments": "exclude",
        "months_without_actuals": [],
        "rag_green": 1,
        "rag_amber": 1,
        "rag_red": 1,
        "built": "2026-11-05 09:00",
        **extra,
    }


def _pack(tmp_path: Path, **extra) -> Path:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    (folder / "summary.json").write_text(json.dumps(_summary(**extra)))
    return folder


def _text(path: Path) -> tuple[str, list[list[list[str]]]]:
    document = docx.Document(str(path))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def _table(tables, first_header: str) -> dict[str, str]:
    table = next(t for t in tables if t[0][0] == first_header)
    return {row[0]: row[1] for row in table[1:]}


def test_the_verdict_and_bridge_are_summary_json_figures(tmp_path, capsys):
    path, notes = write_docx(_pack(tmp_path))
    assert path == tmp_path / "2026-10" / "board-summary-2026-10.docx"
    paragraphs, tables = _text(path)
    # 830k of 1.00m is 83%: below 90%, off track by the default rule
    assert "Off track: the forecast outturn is £830k against a plan of £1.00m (83%)" in paragraphs
    assert "a gap of £170k" in paragraphs
    bridge = _table(tables, "Step")
    assert bridge["Plan (target)"] == "£1.00m"
    assert bridge["Outturn"] == "£830k"
    # the steps between add up: 1,000k − 100k − 50k − 20k = 830k
    assert list(bridge.values()) == ["£1.00m", "−£100k", "−£50.0k", "£850k", "−£20.0k", "£830k"]
    assert len(docx.Document(str(path)).inline_shapes) == 1  # the bridge drawn; no trajectory
    # no movement, trajectory, decisions, risks or credibility were published: each said
    assert any("No movement" in n for n in notes) and any("No trajectory" in n for n in notes)
    assert "No trajectory" in paragraphs
    assert "No trajectory" in capsys.readouterr().err


def test_the_verdict_follows_the_rule_given(tmp_path):
    path, _ = write_docx(_pack(tmp_path), verdict=VerdictRule(on_track=0.8, at_risk=0.5))
    paragraphs, _ = _text(path)
    assert paragraphs.count("On track: the forecast outturn is £830k") == 1  # 83% >= 80%


def test_movement_and_trajectory_when_published(tmp_path):
    movement = [
        {"step": "Last month's forecast outturn", "gbp": 800_000.0},
        {"step": "Schemes new this month", "gbp": 45_000.0},
        {"step": "Rating changes (risk weighting)", "gbp": -15_000.0},
        {"step": "This month's forecast outturn", "gbp": 830_000.0},
    ]
    trajectory = [
        {
            "period": "2026-09",
            "plan_in_year": 990_000,
            "forecast_outturn": 800_000,
            "gap_to_target": 190_000,
        },
        {
            "period": "2026-10",
            "plan_in_year": 1_000_000,
            "forecast_outturn": 830_000,
            "gap_to_target": 170_000,
        },
    ]
    folder = _pack(
        tmp_path, movement=movement, trajectory=trajectory, previous_forecast_outturn=800_000.0
    )
    path, notes = write_docx(folder)
    paragraphs, tables = _text(path)
    moved = next(t for t in tables if t[0] == ["Step", "£"] and "Schemes new" in t[2][0])
    assert moved[2] == ["Schemes new this month", "+£45.0k"]
    assert moved[3] == ["Rating changes (risk weighting)", "−£15.0k"]
    months = next(t for t in tables if t[0][0] == "Month")
    assert months[1:] == [
        ["Sep 2026", "£990k", "£800k", "£190k"],
        ["Oct 2026", "£1.00m", "£830k", "£170k"],
    ]
    assert "From last month's outturn of £800k to this month's £830k." in paragraphs
    assert len(docx.Document(str(path)).inline_shapes) == 2  # bridge and trajectory
    assert not any("No movement" in n or "No trajectory" in n for n in notes)


def test_cover_sheet_from_the_commentary(tmp_path):
    data = tmp_path / "data"
    (data / "commentary").mkdir(parents=True)
    (data / "commentary" / "2026-10.md").write_text(
        "## Cover\nPurpose: To update the board on savings at month 7.\n"
        "Recommendation: The board is asked to agree the recovery plans\n"
        "and to note the gap.\nCommittee: Finance and Performance Committee\n\n"
        "## Summary\nThe outturn rose.\n",
        encoding="utf-8",
    )
    path, notes = write_docx(_pack(tmp_path), data_dir=data)
    paragraphs, tables = _text(path)
    cover = _table(tables, "Cover sheet")
    assert cover["Purpose"] == "To update the board on savings at month 7."
    # a field runs on over the next line
    assert cover["Recommendation"] == (
        "The board is asked to agree the recovery plans and to note the gap."
    )
    assert cover["Committee"] == "Finance and Performance Committee"
    assert not any(n.startswith("cover sheet") for n in notes)
    assert "The outturn rose." in paragraphs


def test_a_cover_field_not_given_is_said(tmp_path):
    path, notes = write_docx(_pack(tmp_path))  # no data folder: no commentary
    _, tables = _text(path)
    cover = _table(tables, "Cover sheet")
    assert cover["Purpose"].startswith("not given: add 'Purpose: …' to a '## Cover' section")
    assert sum(n.startswith("cover sheet") for n in notes) == 3


def test_cover_fields_parse_labels_case_blind():
    assert cover_fields("purpose: A\nCOMMITTEE: B\nDate: 1 Dec\nLead: C") == {
        "purpose": "A",
        "committee": "B",
        "meeting": "1 Dec",
        "lead": "C",
    }


def test_the_trusts_template_styles_the_paper(tmp_path):
    template = tmp_path / "trust.docx"
    trust = docx.Document()
    trust.styles["Heading 1"].font.name = "Georgia"
    trust.add_paragraph("TEMPLATE BODY TEXT")
    trust.save(str(template))
    path, _ = write_docx(_pack(tmp_path), template=template)
    document = docx.Document(str(path))
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert "TEMPLATE BODY TEXT" not in "\n".join(p.text for p in document.paragraphs)
    assert any(p.style.name == "Heading 1" and p.text == "Verdict" for p in document.paragraphs)


def test_a_template_that_is_not_a_docx_is_refused(tmp_path):
    bad = tmp_path / "template.dotx"
    bad.write_text("not a zip")
    with pytest.raises(UserError, match=r"template\.dotx: not a Word \.docx document"):
        check_template(bad)
    with pytest.raises(UserError, match="no such file"):
        check_template(tmp_path / "missing.docx")
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(UserError, match="not a Word"):
        check_template(tmp_path / "other.docx")


def test_no_summary_json_is_one_clear_error(tmp_path):
    with pytest.raises(UserError, match="no summary.json; build the month's pack first"):
        write_docx(tmp_path)


def test_a_failed_write_leaves_no_paper(tmp_path, monkeypatch):
    folder = _pack(tmp_path)
    monkeypatch.setattr(docx.document.Document, "save", lambda self, path: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_docx(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["summary.json"]
