"""Opening untrusted workbooks safely; merges and fill colours read from the raw XML."""

from __future__ import annotations

import datetime as dt
import time
import zipfile

import openpyxl
import openpyxl.xml
import pytest
import _workbooks
from _workbooks import appendix, entity_bomb, with_sheet_xml
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color

from commissioning_analytics.errors import WorkbookError
from commissioning_analytics.io import workbook as wbmod
from commissioning_analytics.io.workbook import (
    colour_hex, fill_hex, merged_ranges, open_workbook, rag_from_colour, stream_rows,
)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(WorkbookError, match=r"^nowhere\.xlsx: no such file"):
        open_workbook(tmp_path / "nowhere.xlsx")


def test_empty_file_is_named(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(WorkbookError, match=r"^empty\.xlsx: the file is empty"):
        open_workbook(path)


def test_text_file_renamed_is_not_an_xlsx(tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_text("No,Scheme\n1,MSK\n")
    with pytest.raises(WorkbookError, match=r"^register\.xlsx: not an Excel workbook"):
        open_workbook(path)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(WorkbookError, match=r"^archive\.xlsx: a zip file but not an Excel"):
        open_workbook(path)


def test_defusedxml_is_what_openpyxl_parses_with():
    # openpyxl switches to defusedxml when it is installed; the environment must have it.
    assert openpyxl.xml.DEFUSEDXML is True


def test_entity_bomb_is_refused_quickly(tmp_path):
    bomb = entity_bomb(appendix(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx")
    start = time.perf_counter()
    with pytest.raises(WorkbookError, match=r"^bomb\.xlsx: refused: .*entit"):
        open_workbook(bomb)
    assert time.perf_counter() - start < 5  # a bomb expanded would take minutes and GBs


def test_entity_bomb_after_a_long_comment_is_still_refused(tmp_path):
    # 10 kB of comment before the DTD: the prolog scan reads on until the root element.
    bomb = entity_bomb(appendix(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx", padding=10_000)
    with pytest.raises(WorkbookError, match="refused"):
        open_workbook(bomb)


def test_entity_bomb_is_refused_by_defusedxml_too(tmp_path, monkeypatch):
    # Second line of defence: with the prolog check switched off, openpyxl (parsing with
    # defusedxml) refuses the DTD instead of expanding it, and the error still names the file.
    bomb = entity_bomb(appendix(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx")
    monkeypatch.setattr(wbmod, "_refuse_entities", lambda *args: None)
    with pytest.raises(WorkbookError, match=r"^bomb\.xlsx: refused: .*entities"):
        open_workbook(bomb)


def test_the_sheet_reader_refuses_a_dtd_by_itself(tmp_path):
    # Third line: the streaming reader's expat parser refuses any DTD it meets.
    path = appendix(tmp_path / "good.xlsx")
    workbook = open_workbook(path)
    sheet = workbook["QIPP 13-14"]
    original = workbook._archive.read(sheet._worksheet_path)
    workbook._archive = _FakeArchive(
        workbook._archive, sheet._worksheet_path, b'<?xml version="1.0"?>' + _workbooks.BOMB_DTD
        + original.split(b"?>", 1)[-1])
    with pytest.raises(WorkbookError, match=r"refused: sheet 'QIPP 13-14'"):
        list(stream_rows(sheet))


class _FakeArchive:
    """A zip archive with one member's bytes replaced."""

    def __init__(self, archive, name, data):
        self.archive, self.name, self.data, self.filename = archive, name, data, archive.filename

    def open(self, name, *args):
        import io
        return io.BytesIO(self.data) if name == self.name else self.archive.open(name, *args)

    def read(self, name):
        return self.data if name == self.name else self.archive.read(name)


def test_formulas_are_never_evaluated(tmp_path):
    path = tmp_path / "formulas.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 2
    workbook.active["A2"] = "=A1*100"  # saved by openpyxl: a formula with no cached value
    workbook.save(path)
    # Give A3 a formula with a cached value, as Excel would save it.
    with_sheet_xml(path, tmp_path / "cached.xlsx", lambda xml: xml.replace(
        b"</row></sheetData>",
        b'</row><row r="3"><c r="A3"><f>A1*7</f><v>14</v></c></row></sheetData>'))
    rows = list(stream_rows(open_workbook(tmp_path / "cached.xlsx").active))
    # A2 (no cached value) reads as empty, never as its formula text; A3 as its cached 14.
    assert [values for _, values, _ in rows] == [[2], [], [14]]


def test_stream_rows_gives_dates_text_and_gaps(tmp_path):
    path = tmp_path / "values.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"] = "Jul-13", dt.datetime(2013, 7, 1)
    sheet["B1"].number_format = "mmm-yy"
    sheet["C3"] = 1.5
    workbook.save(path)
    rows = list(stream_rows(open_workbook(path).active))
    assert [(n, v) for n, v, _ in rows] == [
        (1, ["Jul-13", dt.datetime(2013, 7, 1)]), (2, []), (3, [None, None, 1.5])]


def test_merged_ranges_of_a_streaming_sheet_match_normal_mode(tmp_path):
    path = appendix(tmp_path / "register.xlsx")
    streaming = merged_ranges(open_workbook(path)["QIPP 13-14"])
    normal = merged_ranges(open_workbook(path, read_only=False)["QIPP 13-14"])
    assert sorted(map(repr, streaming)) == sorted(map(repr, normal))
    # A1:T1 (title), three groups on row 4, and the 5 ungrouped headers (A-D, Q) over rows 4-5.
    assert len(streaming) == 1 + 3 + 5


def test_colours_normalise_to_rrggbb():
    assert colour_hex(Color(rgb="FFFF0000")) == "#FF0000"  # ARGB
    assert colour_hex(Color(indexed=2)) == "#FF0000"  # indexed 2 is red in Excel's palette
    assert colour_hex(Color(theme=9)) == "#70AD47"  # accent6 of the Office theme
    # Theme 0 is lt1 (white); tint -0.5 halves its lightness: 255 x 0.5 = 127.5 -> 0x80.
    assert colour_hex(Color(theme=0, tint=-0.5)) == "#808080"
    assert fill_hex(PatternFill("solid", fgColor="FFFFC000")) == "#FFC000"
    assert fill_hex(PatternFill()) is None


@pytest.mark.parametrize("colour, word", [
    ("#00B050", "green"), ("#70AD47", "green"), ("#FFC000", "amber"), ("#FFFF00", "amber"),
    ("#FF0000", "red"), ("#C00000", "red"), ("#FFFFFF", None), ("#808080", None),
    ("#4472C4", None), (None, None),
])
def test_rag_from_colour(colour, word):
    assert rag_from_colour(colour) == word
