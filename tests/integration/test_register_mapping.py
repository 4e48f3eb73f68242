"""Mapping files on two-row merged headers: by sub-header, group or "group / sub", with and
without ``header_row``; a key that matches nothing names itself and the headers present."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from commissioning_analytics.errors import ConfigError
from commissioning_analytics.io.register import load_register
from commissioning_analytics.schema import Scheme
from fixtures import appendix

pytestmark = pytest.mark.integration

# The appendix (tests/_workbooks.py): groups in row 4 ("Scoping" E-K, "Rag Rating 23/01/2013"
# L-P, "Director Assessment 14/10/2013" R-T), sub-headers in row 5, other headers in row 4
# merged down to row 5. Here the mapping swaps what the detector would read for two columns.
MAPPING = """\
{header_row}columns:
  No: scheme_id
  Scheme: scheme
  "Go 'Live' Date": go_live
  Scoping / (Full Year) Effect Net Saving: fye_net_saving
  Rag Rating 23/01/2013 / Value: rag_timeliness
  Timeliness: rag_value
  Most Likely Green 100% Amber 75% Red 50%: most_likely_in_year
"""


@pytest.mark.parametrize("header_row", ["", "header_row: 5\n", "header_row: 4\n"])
def test_mapping_names_columns_of_a_two_row_merged_header(tmp_path, header_row):
    path = appendix(tmp_path / "qipp.xlsx")
    mapping = tmp_path / "layout.yml"
    mapping.write_text(MAPPING.format(header_row=header_row))
    load = load_register(path, mapping=mapping)
    first = load.schemes.iloc[0]
    assert first[Scheme.scheme_id] == "1" and first[Scheme.scheme] == "MSK triage"
    assert first[Scheme.fye_net_saving] == 602_000
    assert first[Scheme.most_likely_in_year] == 338_625
    # EXAMPLE's ratings: Value "Green", Timeliness "AMBER": swapped by the mapping.
    assert first[Scheme.rag_timeliness] == "green"
    assert first[Scheme.rag_value] == "amber"
    # The columns the mapping does not name are still read by evidence.
    assert first[Scheme.plan_next_year] == 150_500
    assert load.report.header_row == 5


def test_a_mapping_key_matching_nothing_names_the_key_and_the_headers(tmp_path):
    path = appendix(tmp_path / "qipp.xlsx")
    mapping = tmp_path / "layout.yml"
    mapping.write_text("columns:\n  Scheme Name: scheme\n")
    with pytest.raises(ConfigError) as caught:
        load_register(path, mapping=mapping)
    (line,) = caught.value.lines()
    assert line.startswith(
        "layout.yml: mapping key 'scheme name' matches no header of "
        "qipp.xlsx!QIPP 13-14 (header row 5); the headers are: 'No', "
    )
    assert "'Rag Rating 23/01/2013 / Value'" in line


def test_a_group_over_several_columns_must_be_named_with_its_sub_header(tmp_path):
    mapping = tmp_path / "layout.yml"
    mapping.write_text("columns:\n  Rag Rating 23/01/2013: rag_overall\n")
    with pytest.raises(ConfigError, match=r"is a group over 5 columns \(L, M, N, O, P\)"):
        load_register(appendix(tmp_path / "qipp.xlsx"), mapping=mapping)


def test_a_group_over_one_column_names_it(tmp_path):
    path = tmp_path / "grouped.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Initiative", "Begins", "Yearly amount", "Confidence"])
    sheet.append([None, None, None, "£", None])
    sheet.append(["X1", "Shared care records", "Jan-25", 24_000, "Green"])
    sheet.merge_cells("A1:A2")
    workbook.save(path)
    mapping = tmp_path / "layout.yml"
    mapping.write_text(
        "columns:\n  Yearly amount: fye_net_saving\n  Begins: go_live\n  Confidence: ignore\n"
    )
    load = load_register(path, mapping=mapping)
    assert load.schemes.iloc[0][Scheme.fye_net_saving] == 24_000
    assert str(load.schemes.iloc[0][Scheme.go_live]) == "2025-01"
    assert load.schemes.iloc[0][Scheme.rag_overall] is None  # ignored
