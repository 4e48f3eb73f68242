"""Last month's ``schemes.csv`` as people leave it (month.read_previous_schemes, issue 18)."""

from __future__ import annotations

import dataclasses
import shutil

import pandas as pd
import pytest

from commissioning_analytics.month import (
    earlier_folders,
    load_month,
    previous_tables,
    read_previous_schemes,
)
from fixtures import SAMPLE_DATA, sample_folder

pytestmark = pytest.mark.integration


def test_a_table_round_tripped_through_excel_is_read_as_it_was_written(tmp_path):
    """Excel turns "2026-07" into "Jul-26" and 1 into 1.0, and a user renames a header."""
    path = tmp_path / "2026-09" / "schemes.csv"
    path.parent.mkdir()
    path.write_text(
        "Scheme ID,scheme,Go Live,RAG Overall,rag_value\n"
        "1.0,Falls,Jul-26,Amber ,green\n"
        "2.0,Wards,,,\n"
        "10.0,Drugs,01/11/2026,RED,amber\n",
        encoding="utf-8",
    )
    frame, notes = read_previous_schemes(path, pd.Series(["1", "2", "10"]), 2026)
    assert frame["scheme_id"].tolist() == ["1", "2", "10"]
    assert frame["go_live"].tolist() == ["2026-07", pd.NA, "2026-11"]
    assert frame["rag_overall"].tolist() == ["amber", pd.NA, "red"]
    assert "'Scheme ID' as scheme_id" in notes[0]
    assert "3 scheme number(s) written as numbers" in notes[1]
    assert "1 scheme(s) had no overall rating last month" in notes[2]
    assert "1 scheme(s) had no go-live month last month" in notes[3]


@pytest.mark.parametrize(
    "content, said",
    [
        (b"", "2026-09/schemes.csv: is empty"),
        (b"figure,value\nplan,1\n", "2026-09/schemes.csv: has no scheme_id column"),
        (b"scheme_id,scheme\n", "2026-09/schemes.csv: has no rows"),
    ],
)
def test_a_table_with_nothing_to_compare_is_one_note_not_a_stop(tmp_path, content, said):
    path = tmp_path / "2026-09" / "schemes.csv"
    path.parent.mkdir()
    path.write_bytes(content)
    frame, notes = read_previous_schemes(path)
    assert frame is None
    assert len(notes) == 1 and notes[0].startswith(said)


def test_last_months_tables_are_looked_for_beside_the_packs_after_the_data_folders_own(tmp_path):
    """A pack on a read-only data folder writes its tidy tables to ``OUT/processed``: the next
    month finds them there, after the data folder's own ``processed/`` (issue 18 Deliver 8)."""
    data = sample_folder(tmp_path / "data")  # no history/: September only where put below
    beside = tmp_path / "outputs" / "processed"
    shutil.copytree(SAMPLE_DATA / "history" / "2026-09", beside / "2026-09")
    month = load_month("2026-10", data, earlier_tables=(beside,))
    assert earlier_folders(month, "2026-09") == [
        data.resolve() / "processed" / "2026-09",
        beside / "2026-09",
        data / "history" / "2026-09",
    ]
    found = previous_tables(month)
    assert found is not None and found[2] == beside / "2026-09"
    assert float(found[1]["forecast_outturn"]) == pytest.approx(9_597_450.42, abs=0.01)
    # without the folder beside the packs there is no last month
    assert previous_tables(dataclasses.replace(month, earlier_tables=())) is None
    # the data folder's own processed/ comes first
    shutil.copytree(beside / "2026-09", data / "processed" / "2026-09")
    assert previous_tables(month)[2] == data.resolve() / "processed" / "2026-09"
