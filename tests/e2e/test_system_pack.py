"""The system pack (issue 22): three organisations' packs and a system summary whose figures are
the sum of theirs; a scheme in two registers listed; one broken organisation leaves the others
built and named on the summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from commissioning_analytics.pack.build import build_pack
from commissioning_analytics.style import money
from fixtures import sample_system

pytestmark = pytest.mark.e2e
PERIOD = "2026-10"
CODES = ["NF-COUNCIL", "NF-ICB", "NF-TRUST"]


@pytest.fixture(scope="module")
def system(tmp_path_factory) -> Path:
    root = sample_system(tmp_path_factory.mktemp("system") / "data")
    out = root.parent / "out"
    status = build_pack(PERIOD, root, out, progress=False)
    assert status == 0
    return out / PERIOD


def test_three_packs_and_a_system_outturn_that_is_their_sum(system):
    summary = json.loads((system / "summary.json").read_text())
    assert sorted(summary["organisations"]) == CODES
    for code in CODES:
        own = json.loads((system / code / "summary.json").read_text())
        assert (system / code / "index.html").is_file()
        assert summary["organisations"][code]["forecast_outturn"] == own["forecast_outturn"]
    outturns = [summary["organisations"][c]["forecast_outturn"] for c in CODES]
    assert summary["forecast_outturn"] == pytest.approx(sum(outturns), abs=0.01)
    assert summary["plan_in_year"] == pytest.approx(
        sum(summary["organisations"][c]["plan_in_year"] for c in CODES), abs=0.01
    )
    assert summary["schemes"] == 30 + 12 + 8
    page = (system / "index.html").read_text(encoding="utf-8")
    shown = re.search(r"data-system-outturn>([^<]*)<", page)
    assert shown and shown.group(1) == money(summary["forecast_outturn"])
    for code in CODES:
        assert f'href="{code}/index.html"' in page
    assert (system / f"system-pack-{PERIOD}.xlsx").is_file()


def test_a_scheme_in_two_registers_is_listed_as_double_counting(system):
    summary = json.loads((system / "summary.json").read_text())
    pairs = {
        (p["organisation_a"], p["scheme_id_a"], p["organisation_b"], p["scheme_id_b"]): p
        for p in summary["double_counted"]
    }
    assert set(pairs) == {
        ("NF-ICB", "7", "NF-TRUST", "1004"),
        ("NF-COUNCIL", "1003", "NF-TRUST", "1003"),
    }
    virtual_ward = pairs[("NF-ICB", "7", "NF-TRUST", "1004")]
    assert virtual_ward["evidence"] == "same name and theme"
    assert virtual_ward["plan_in_year_a"] > 0 and virtual_ward["plan_in_year_b"] > 0
    assert pairs[("NF-COUNCIL", "1003", "NF-TRUST", "1003")]["evidence"] == "shared plan reference"
    assert summary["double_counting"] == "show"
    page = (system / "index.html").read_text(encoding="utf-8")
    assert "Virtual ward for frail older people" in page
    assert "not deducted" in page


def test_one_broken_register_leaves_the_other_two_built_and_named(tmp_path, capsys):
    root = sample_system(tmp_path / "data")
    (root / "organisations" / "NF-COUNCIL" / "qipp_register.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out"
    assert build_pack(PERIOD, root, out, progress=False) == 0
    folder = out / PERIOD
    summary = json.loads((folder / "summary.json").read_text())
    assert sorted(summary["organisations"]) == ["NF-ICB", "NF-TRUST"]
    assert not (folder / "NF-COUNCIL").exists()
    assert [e["organisation"] for e in summary["not_built"]] == ["NF-COUNCIL"]
    assert "qipp_register.xlsx" in summary["not_built"][0]["error"]
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert 'data-not-built="NF-COUNCIL"' in page and "Northfield City Council" in page
    assert "error: NF-COUNCIL:" in capsys.readouterr().err


def test_exit_2_and_nothing_written_when_no_organisation_can_be_built(tmp_path, capsys):
    root = tmp_path / "data"
    for code in ("A", "B"):
        (root / "organisations" / code).mkdir(parents=True)
        (root / "organisations" / code / "qipp_register.xlsx").write_bytes(b"broken")
    out = tmp_path / "out"
    assert build_pack(PERIOD, root, out, progress=False) == 2
    assert not (out / PERIOD).exists()
    err = capsys.readouterr().err
    assert "error: A:" in err and "error: B:" in err and "Traceback" not in err


def test_a_broken_organisations_file_is_one_line_and_exit_2(tmp_path, capsys):
    root = tmp_path / "data"
    (root / "organisations" / "A").mkdir(parents=True)
    (root / "organisations.yml").write_text("A: {name: Alpha, kind: hospital}\n")
    assert build_pack(PERIOD, root, tmp_path / "out", progress=False) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert (
        err[-1]
        == f"error: {root / 'organisations.yml'}: A: kind 'hospital' is not one of ICB, trust, council"
    )
    assert not (tmp_path / "out").exists()
