"""The CLI's error handling: one line, the right exit status, nothing written (issue 12)."""

from __future__ import annotations

import errno
import json
import os
import stat
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from commissioning_analytics import cli
from commissioning_analytics.cli import main

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ROOT / "data" / "raw" / "qipp_register.xlsx"


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err and len(lines) == 1, err
    return lines[0]


def test_csv_naming_a_folder_is_exit_2(tmp_path, capsys):
    assert main(["schemes", str(REGISTER), "--csv", str(tmp_path)]) == 2
    assert one_line(capsys) == (
        f"error: {tmp_path}: is a folder; expected a file name such as {tmp_path / 'out.csv'}"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_file_system_is_exit_4_in_one_line(tmp_path, capsys, monkeypatch):
    target = tmp_path / "schemes.csv"

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(os, "open", read_only)
    assert main(["schemes", str(REGISTER), "--csv", str(target)]) == cli.EXIT_ENVIRONMENT == 4
    line = one_line(capsys)
    assert line.startswith(f"error: {tmp_path}/.schemes.csv.") and line.endswith(
        ".tmp: cannot write (Read-only file system); nothing was written"
    )
    assert not target.exists()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_csv_gets_the_mode_the_umask_gives(tmp_path, capsys, umask, mode):
    old = os.umask(umask)
    try:
        assert main(["schemes", str(REGISTER), "--csv", str(tmp_path / "s.csv")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "s.csv").stat().st_mode) == mode
    assert len(pd.read_csv(tmp_path / "s.csv")) == 30


def test_reconcile_json_never_prints_nan_or_infinity(capsys, monkeypatch):
    import commissioning_analytics.model.reconcile as reconcile_module

    findings = pd.DataFrame(
        [
            {"scheme_id": "1", "field": "plan_in_year", "stated": float("inf"), "expected": 1.5},
            {
                "scheme_id": "2",
                "field": "most_likely_in_year",
                "stated": 3.0,
                "expected": float("nan"),
            },
        ]
    )
    monkeypatch.setattr(reconcile_module, "reconcile", lambda *a, **k: findings)
    assert main(["reconcile", str(REGISTER), "--json"]) == 1  # 1: findings (for schedulers)
    out = capsys.readouterr().out
    assert "Infinity" not in out and "NaN" not in out
    assert json.loads(out) == [
        {"scheme_id": "1", "field": "plan_in_year", "stated": None, "expected": 1.5},
        {"scheme_id": "2", "field": "most_likely_in_year", "stated": 3.0, "expected": None},
    ]


def test_a_header_with_no_schemes_under_it_is_one_line_naming_the_cell(tmp_path, capsys):
    from fixtures import appendix

    path = appendix(tmp_path / "qipp.xlsx", [], totals=False)
    assert main(["schemes", str(path), "--csv", str(tmp_path / "s.csv")]) == 2
    assert one_line(capsys) == (
        "error: qipp.xlsx!QIPP 13-14!A6: no schemes under the header: "
        "expected a row per scheme from here"
    )


def test_a_bug_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    import commissioning_analytics.io.register as register

    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    monkeypatch.setattr(
        register,
        "load_register",
        lambda *a, **k: (_ for _ in ()).throw(ValueError("year 10000 is out of range")),
    )
    assert main(["schemes", str(REGISTER), "--csv", str(tmp_path / "s.csv")]) == 1
    assert one_line(capsys) == (
        "error: internal error (ValueError: year 10000 is out of range); nothing was written. "
        "Please report it; COMMISSIONING_ANALYTICS_DEBUG=1 shows the traceback"
    )
    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    with pytest.raises(ValueError):
        main(["schemes", str(REGISTER), "--csv", str(tmp_path / "s.csv")])


def test_a_mapping_file_yaml_error_is_one_line(tmp_path, capsys):
    mapping = tmp_path / "layout.yml"
    mapping.write_text("columns:\n  Ref: scheme_id\n  Initiative: [scheme\n  Start: go_live\n")
    assert (
        main(
            ["schemes", str(REGISTER), "--mapping", str(mapping), "--csv", str(tmp_path / "s.csv")]
        )
        == 2
    )
    line = one_line(capsys)
    assert line.startswith(f"error: {mapping}: not valid YAML at line ")


def test_plan_on_a_damaged_workbook_is_exit_2_naming_the_part(tmp_path, capsys):
    source = ROOT / "data" / "raw" / "plans" / "transition_milestones.xlsx"
    damaged = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(damaged, "w") as zout:
        for member in zin.infolist():
            data = zin.read(member)
            if member.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            zout.writestr(member, data)
    assert main(["plan", str(damaged), "--csv", str(tmp_path / "t.csv")]) == 2
    assert one_line(capsys).startswith(
        "error: plan.xlsx: damaged Excel workbook: xl/worksheets/sheet1.xml is not well-formed "
        "XML (unclosed token at line "
    )
    assert not (tmp_path / "t.csv").exists()


def test_a_workbook_openpyxl_cannot_open_is_exit_2_not_an_internal_error(tmp_path, capsys):
    # a run of the relationships part written twice, leaving a garbled second relationship
    # with the first one's id (`make fuzz` found it): calamine gives up, and the streaming
    # reader's KeyError is one line naming the file, exit 2, and no CSV is written
    damaged = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(REGISTER) as source, zipfile.ZipFile(damaged, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/_rels/workbook.xml.rels":
                i, j = int(0.3125 * len(data)), int(0.5 * len(data))
                data = data[:j] + data[i:j] + data[j:]  # bytes 31% to 50% again
            target.writestr(member, data)
    out = tmp_path / "schemes.csv"
    assert main(["schemes", str(damaged), "--csv", str(out)]) == 2
    err = capsys.readouterr().err
    assert "error: twice.xlsx: cannot be read as an Excel workbook (KeyError: 'rId1')" in err
    assert "internal error" not in err and "Traceback" not in err
    assert not out.exists()


def _with_rels(source: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.infolist():
            data = old.read(member)
            if member.filename == "xl/_rels/workbook.xml.rels":
                data = edit(data)
            new.writestr(member, data)
    return target


def test_a_sheet_whose_part_is_missing_is_named_exit_2(tmp_path, capsys):
    # bytes 31% to 53% of the relationships cut out (`make fuzz` found it): the register sheet
    # now points at a part the file does not hold; once an internal error, exit 1
    def cut(data: bytes) -> bytes:
        return data[: int(0.3125 * len(data))] + data[int(0.53125 * len(data)) :]

    damaged = _with_rels(REGISTER, tmp_path / "cut.xlsx", cut)
    out = tmp_path / "schemes.csv"
    assert main(["schemes", str(damaged), "--csv", str(out)]) == 2
    assert one_line(capsys) == (
        "error: cut.xlsx: damaged Excel workbook: sheet 'Appendix 2 QIPP' is "
        "xl/worksheetheets/sheet2.xml, which is not in the file; open and save it again in Excel"
    )
    assert not out.exists()


def test_a_part_named_in_another_case_is_read(tmp_path, capsys):
    # part names compare case-blind: 'Sheet2.XML' in the relationships is xl/worksheets/sheet2.xml
    def upper(data: bytes) -> bytes:
        return data.replace(b"sheet2.xml", b"Sheet2.XML")

    renamed = _with_rels(REGISTER, tmp_path / "case.xlsx", upper)
    assert b"Sheet2.XML" in zipfile.ZipFile(renamed).read("xl/_rels/workbook.xml.rels")
    out = tmp_path / "schemes.csv"
    assert main(["schemes", str(renamed), "--csv", str(out)]) == 0, capsys.readouterr().err
    assert len(pd.read_csv(out)) == 30
