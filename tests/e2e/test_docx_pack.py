"""`pack --docx` and `commissioning-analytics docx` on the sample: the Word summary's figures are
summary.json's."""

from __future__ import annotations

import json

import docx
import pytest

from commissioning_analytics import style
from commissioning_analytics.cli import main
from commissioning_analytics.model.headline import Headline, bridge_steps

pytestmark = pytest.mark.e2e


def _paper(path):
    document = docx.Document(str(path))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def _check_against_summary(path, summary):
    paragraphs, tables = _paper(path)
    outturn, plan = summary["forecast_outturn"], summary["plan_in_year"]
    assert (
        f"the forecast outturn is {style.money(outturn)} against a plan of {style.money(plan)} "
        f"({outturn / plan:.0%}), a gap of {style.money(summary['gap_to_target'])}"
    ) in paragraphs
    names = {f for f in Headline.__dataclass_fields__}
    head = Headline(
        **{k: summary[k] for k in names if k != "months_without_actuals"}, months_without_actuals=()
    )
    bridge = next(t for t in tables if t[0] == ["Step", "£"])
    expected = [
        [r.step, style.money(r.value_gbp, signed=r.measure == "relative")]
        for r in bridge_steps(head).itertuples()
    ]
    assert bridge[1:] == expected
    assert bridge[-1] == ["Outturn", style.money(outturn)]
    position = {row[0]: row[1] for t in tables if t[0] == ["Figure", "£"] for row in t[1:]}
    assert position["Next year's plan"] == style.money(summary["position"]["plan_next_year"])
    assert position["Next year's plan"] == style.money(summary["plan_next_year"])
    assert position["Exit run-rate"] == style.money(summary["position"]["exit_run_rate"])
    assert position["Shortfall carried forward"] == style.money(
        summary["position"]["shortfall_carried_forward"]
    )
    # the decisions: each option's pounds and owner, and what they leave of the gap
    options = next(t for t in tables if t[0][:3] == ["Option", "Closes", "Owner"])
    # as the summary page shows them: plan-contradicted schemes as the fall they would cause
    assert [row[:3] for row in options[1:]] == [
        [
            o["option"],
            style.money(-o["gbp"] if o["key"] == "plans_contradict" else o["gbp"]),
            o["owner"] or "—",
        ]
        for o in summary["decisions"]["options"]
    ]
    decisions = summary["decisions"]
    assert (
        f"Gap {style.money(decisions['gap_gbp'])}; the options close "
        f"{style.money(decisions['closed_gbp'])}, leaving "
        f"{style.money(decisions['remainder_gbp'])}."
    ) in paragraphs
    # the top risks: ranked, with the pounds the page shows and the action
    risks = next(t for t in tables if t[0][:3] == ["#", "Scheme", "Effect on outturn"])
    assert [row[:3] for row in risks[1:]] == [
        [str(r["rank"]), r["scheme"], style.money(r["effect_gbp"])] for r in summary["top_risks"]
    ]
    # movement: the steps from last month's outturn add up to this month's (within £1)
    moved = summary["previous_forecast_outturn"] + sum(m["gbp"] for m in summary["movement"])
    assert abs(moved - outturn) < 1
    assert "No movement" not in paragraphs and "No trajectory" not in paragraphs


def test_pack_docx_writes_the_word_summary_of_summary_json(built_pack):
    assert built_pack.status == 0, built_pack.stderr
    summary = json.loads((built_pack.folder / "summary.json").read_text())
    path = built_pack.folder / f"board-summary-{built_pack.period}.docx"
    assert path.is_file()
    _check_against_summary(path, summary)
    index = (built_pack.folder / "index.html").read_text(encoding="utf-8")
    plans = next(o for o in summary["decisions"]["options"] if o["key"] == "plans_contradict")
    assert f'<td class="num">{style.money(-plans["gbp"])}</td>' in index  # the same figure
    paragraphs, tables = _paper(path)
    assert paragraphs.startswith(
        "NHS Northfield ICB: savings programme 2026/27: board summary, October 2026"
    )
    cover = next(t for t in tables if t[0][0] == "Cover sheet")
    assert {row[0] for row in cover[1:]} >= {"Purpose", "Recommendation", "Committee"}


def test_docx_command_remakes_it_with_another_template(built_pack, tmp_path, capsys):
    template = tmp_path / "trust.docx"
    trust = docx.Document()
    trust.styles["Normal"].font.name = "Georgia"
    trust.save(str(template))
    out = tmp_path / "paper.docx"
    status = main(
        [
            "docx",
            str(built_pack.folder),
            "--template",
            str(template),
            "--data",
            str(built_pack.data_dir),
            "-o",
            str(out),
        ]
    )
    assert status == 0, capsys.readouterr().err
    assert docx.Document(str(out)).styles["Normal"].font.name == "Georgia"
    _check_against_summary(out, json.loads((built_pack.folder / "summary.json").read_text()))


def test_pack_with_a_template_that_is_not_docx_stops_before_building(tmp_path, capsys):
    bad = tmp_path / "template.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    out = tmp_path / "out"
    status = main(["pack", "--period", "2026-10", "--out", str(out), "--docx-template", str(bad)])
    err = capsys.readouterr().err
    assert status == 2
    assert "template.doc: not a Word .docx document (a .dotx or .doc? save it as a .docx)" in err
    assert "Traceback" not in err
    assert not (out / "2026-10").exists()


def test_docx_with_no_pack_is_exit_2(tmp_path, capsys):
    assert main(["docx", str(tmp_path)]) == 2
    assert "no summary.json; build the month's pack first" in capsys.readouterr().err


def test_the_verdict_options_are_read_alike_by_pack_and_docx(built_pack, tmp_path, capsys):
    # a share as 0.8 or 80%, the same rule for both commands: 71% of plan is at risk at 70%
    out = tmp_path / "paper.docx"
    args = ["docx", str(built_pack.folder), "-o", str(out), "--on-track", "80%"]
    assert main([*args, "--at-risk", "0.7"]) == 0, capsys.readouterr().err
    paragraphs, _ = _paper(out)
    assert "At risk: the forecast outturn is £9.92m" in paragraphs
    # at-risk above on-track is refused in one line by either command, nothing written
    for command in (["pack", "--out", str(tmp_path / "out")], args):
        out.unlink(missing_ok=True)
        assert main([*command, "--at-risk", "0.99", "--on-track", "0.98"]) == 2
        assert "error: --at-risk 0.99 is above --on-track 0.98" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "out").exists()
