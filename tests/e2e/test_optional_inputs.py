"""Optional inputs never stop the pack (issue 18, Deliver 5), through the real ``pack`` command.

A commentary file saved by Notepad (Windows-1252) under a misspelt heading and an unknown
scheme, plan files saved as ``.xls`` and ``.csv`` that hold no plan, an intervention with no
activity rows, a YAML commentary that is not valid: each is named among the summary's
exceptions, and the rest of the pack is built with the same headline figures.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from commissioning_analytics.commentary import load_commentary
from commissioning_analytics.model.headline import headline
from commissioning_analytics.month import load_month
from tests.fixtures import SAMPLE_DATA, no_traceback, run_pack, sample_copy

pytestmark = pytest.mark.e2e


def _exceptions(index: Path) -> str:
    """The words of the summary's "Exceptions on every page" section."""
    page = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", index.read_text("utf-8"))))
    return page[page.index("Exceptions on every page") : page.index("Overall ratings")]


def test_damaged_optional_inputs_are_named_and_the_rest_built(tmp_path):
    data = sample_copy(tmp_path / "raw")
    commentary = data / "commentary" / "2026-10.md"
    text = commentary.read_text(encoding="utf-8").replace("## Scheme 24", "## Scheme 99")
    text += "\n## Savings curve\nA misspelt heading: the plan is £12k short.\n"
    commentary.write_bytes(text.encode("cp1252"))  # as Notepad saves it ("ANSI")
    (data / "plans" / "old_plan.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    (data / "plans" / "export.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    activity = data / "deflection" / "activity.xlsx"
    book = load_workbook(activity)
    sheet = book["Activity"]
    for row in reversed(range(4, sheet.max_row + 1)):
        if sheet.cell(row, 1).value == "INT02":
            sheet.delete_rows(row)
    book.save(activity)

    result = run_pack(data, tmp_path / "out")

    no_traceback(result)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "2026-10"
    said = _exceptions(folder / "index.html")
    assert "2026-10.md: not UTF-8; read as Windows-1252" in said
    assert "the heading 'Savings curve' names no page of the pack" in said
    assert "scheme '99' is not in the register" in said
    assert "2 plan files not read" in said
    assert "old_plan.xls" in said and "export.csv" in said
    assert "1 intervention with no activity rows" in said
    assert "Discharge to assess (pathway 1) (INT02)" in said
    page = (folder / "50_deflection.html").read_text(encoding="utf-8")
    assert "Discharge to assess (pathway 1) (INT02)" in html.unescape(page)
    # the commentary that was placed is shown, its £ read right
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "£323k" in html.unescape(index)
    for warning in ("Windows-1252", "Savings curve", "old_plan.xls", "export.csv"):
        assert warning in result.stderr
    # the headline does not move: the figures of the untouched sample
    summary = json.loads((folder / "summary.json").read_text())
    untouched = headline(load_month("2026-10", SAMPLE_DATA))
    assert summary["forecast_outturn"] == pytest.approx(untouched.forecast_outturn)
    assert summary["plan_in_year"] == pytest.approx(untouched.plan_in_year)


def test_a_yaml_commentary_that_is_not_valid_is_named_and_the_pack_built(tmp_path):
    data = sample_copy(tmp_path / "raw")
    (data / "commentary" / "2026-10.md").unlink()
    (data / "commentary" / "2026-10.yml").write_text(
        "pages:\n  summary: On track\n   savings_curves: [unclosed\n", encoding="utf-8"
    )

    result = run_pack(data, tmp_path / "out")

    assert result.returncode == 0, result.stderr
    said = _exceptions(tmp_path / "out" / "2026-10" / "index.html")
    assert "2026-10.yml line 3: not valid YAML; the commentary is left out" in said


@pytest.mark.parametrize(
    "text",
    ["- a list\n- not a mapping\n", "pages: [summary, savings_curves]\n", "just words\n"],
    ids=["list", "pages-a-list", "a-string"],
)
def test_a_yaml_commentary_of_the_wrong_shape_is_a_problem_not_a_stop(tmp_path, text):
    (tmp_path / "commentary").mkdir()
    (tmp_path / "commentary" / "2026-10.yml").write_text(text, encoding="utf-8")
    commentary = load_commentary(tmp_path, "2026-10")
    assert commentary.pages == {} and commentary.schemes == {}
    assert commentary.problems == [
        "2026-10.yml: expected 'pages:' and 'schemes:', each mapping a name to its text; "
        "the commentary is left out"
    ]


def test_utf8_commentary_has_no_note_and_cp1252_one(tmp_path):
    (tmp_path / "commentary").mkdir()
    path = tmp_path / "commentary" / "2026-10.md"
    path.write_text("## Summary\nShort by £12k.\n", encoding="utf-8")
    assert load_commentary(tmp_path, "2026-10").problems == []
    path.write_bytes("## Summary\nShort by £12k.\n".encode("cp1252"))
    commentary = load_commentary(tmp_path, "2026-10")
    assert commentary.page("summary") == "Short by £12k."
    assert len(commentary.problems) == 1 and "Windows-1252" in commentary.problems[0]
