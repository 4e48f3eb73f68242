"""Last month's tables as people leave them, through the real ``pack`` command (issue 18, Why 1).

Each test edits a copy of the sample data (which ships September 2026 in ``history/``) the way
a month really differs, builds October's pack with ``commissioning-analytics pack`` and reads
the pack a director would: the RAG page's "ratings moved" table and the summary's "since last
month". None of them may stop the pack.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from tests.fixtures import no_traceback, run_pack, sample_copy, set_register_cell

pytestmark = pytest.mark.e2e

HISTORY = ("history", "2026-09", "schemes.csv")


def _history(data_dir):
    return data_dir.joinpath(*HISTORY)


def _text(page: str) -> str:
    """A page's words, tags and entities aside."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_blank_ratings_now_and_then_build_and_say_not_rated(tmp_path):
    """The headline crash: a panel rating left blank (no fill) with last month's tables there
    stopped the pack with ``TypeError: boolean value of NA is ambiguous``. Here scheme 2's
    Value rating is blank now, scheme 3's overall rating was blank in September, scheme 4 had
    no go-live in September and September's ids were re-saved as ``1.0``."""
    data = sample_copy(tmp_path / "raw")
    set_register_cell(data, 2, "Value", None)
    history = pd.read_csv(_history(data), dtype=str)
    history.loc[history["scheme_id"] == "3", "rag_overall"] = None
    history.loc[history["scheme_id"] == "4", "go_live"] = None
    history["scheme_id"] = history["scheme_id"] + ".0"  # Excel's re-save
    history.to_csv(_history(data), index=False)

    result = run_pack(data, tmp_path / "out")

    no_traceback(result)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "2026-10"
    rag = _text((folder / "20_rag_dashboard.html").read_text(encoding="utf-8"))
    index = _text((folder / "index.html").read_text(encoding="utf-8"))
    for page in (rag, index):
        assert "<NA>" not in page and "&lt;NA&gt;" not in page and " nan " not in page
    # scheme 2's Value: amber in September, blank now
    moved = pd.read_csv(tmp_path / "processed" / "2026-10" / "ratings_moved.csv", dtype=str)
    two = moved[(moved["scheme_id"] == "2") & (moved["panel"] == "Value")]
    assert two[["was", "now", "direction"]].values.tolist() == [["amber", "not rated", "changed"]]
    # scheme 3's overall: blank in September, amber now: rated, neither better nor worse
    three = moved[(moved["scheme_id"] == "3") & (moved["panel"] == "Overall")]
    assert three[["was", "now", "direction"]].values.tolist() == [["not rated", "amber", "changed"]]
    assert "Not rated" in rag
    # ids "1.0" match "1": only the real new scheme (30) is new, and only 31 removed
    assert sorted(set(moved.loc[moved["was"] == "new", "scheme_id"])) == ["30"]
    # the summary's bridge by cause: only scheme 30 new, only 31 removed (not all 30 twice)
    assert "Schemes new this month" in index and "(No 30, +" in index
    assert "Patient transport eligibility review (No 31, " in index
    assert "(No 23.0" not in index and "(No 1.0" not in index
    # the blank go-live is not a move, and is said
    assert "1 scheme(s) had no go-live month last month" in index
    assert "written as numbers" in index


def test_renamed_columns_in_last_months_table_are_read_by_their_words(tmp_path):
    data = sample_copy(tmp_path / "raw")
    history = pd.read_csv(_history(data), dtype=str)
    history = history.rename(
        columns={"scheme_id": "Scheme ID", "rag_overall": "Overall RAG", "go_live": "Go Live"}
    )
    history.to_csv(_history(data), index=False)

    result = run_pack(data, tmp_path / "out")

    assert result.returncode == 0, result.stderr
    index = _text((tmp_path / "out" / "2026-10" / "index.html").read_text(encoding="utf-8"))
    # the same bridge as the shipped history gives: scheme 30 new, 10's rating, 5's go-live
    assert "Movement since last month: not shown" not in index
    assert "(No 30, +" in index and "Care home enhanced support (No 10, " in index
    assert "Falls prevention and community rehab (No 5, " in index
    assert "'Scheme ID' as scheme_id" in index
    moved = pd.read_csv(tmp_path / "processed" / "2026-10" / "ratings_moved.csv", dtype=str)
    ten = moved[(moved["scheme_id"] == "10") & (moved["panel"] == "Overall")]
    assert ten[["was", "now", "direction"]].values.tolist() == [["amber", "red", "worse"]]


@pytest.mark.parametrize(
    "content, said",
    [(b"", "schemes.csv: is empty"), (b"PK\x03\x04\x00\xff\xfe\x00\x81", "schemes.csv: ")],
    ids=["empty", "not-text"],
)
def test_an_empty_or_binary_schemes_csv_is_named_and_the_pack_built(tmp_path, content, said):
    data = sample_copy(tmp_path / "raw")
    _history(data).write_bytes(content)

    result = run_pack(data, tmp_path / "out")

    assert result.returncode == 0, result.stderr
    index = _text((tmp_path / "out" / "2026-10" / "index.html").read_text(encoding="utf-8"))
    assert said in index
    assert "last month's comparisons (ratings moved, since last month) are left out" in index
