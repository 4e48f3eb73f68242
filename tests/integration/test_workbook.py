"""Opening untrusted workbooks safely; merges and fill colours read from the raw XML."""

from __future__ import annotations

import datetime as dt
import time
import zipfile

import openpyxl
import openpyxl.xml
import pytest
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color

import fixtures
from commissioning_analytics.errors import WorkbookError
from commissioning_analytics.io import workbook as wbmod
from commissioning_analytics.io.workbook import (
    colour_hex,
    fill_hex,
    merged_ranges,
    open_workbook,
    rag_from_colour,
    stream_rows,
)
from fixtures import appendix, entity_bomb, with_sheet_xml

pytestmark = pytest.mark.integration


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


def test_old_xls_or_password_protected_file_says_so(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)
    with pytest.raises(
        WorkbookError,
        match=r"^locked\.xlsx: an old-format \(\.xls\) or "
        r"password-protected workbook",
    ):
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
        workbook._archive,
        sheet._worksheet_path,
        b'<?xml version="1.0"?>' + fixtures.BOMB_DTD + original.split(b"?>", 1)[-1],
    )
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


def test_formulas_are_never_evaluated_and_never_read_blank(tmp_path):
    path = tmp_path / "formulas.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = 2
    workbook.active["A2"] = "=A1*100"  # saved by openpyxl: a formula with no cached value
    workbook.save(path)
    # A3 and A4 as Excel saves formulas: a cached 14, and a text result that is empty.
    with_sheet_xml(
        path,
        tmp_path / "cached.xlsx",
        lambda xml: xml.replace(
            b"</row></sheetData>",
            b'</row><row r="3"><c r="A3"><f>A1*7</f><v>14</v></c></row>'
            b'<row r="4"><c r="A4" t="str"><f>""</f><v></v></c></row></sheetData>',
        ),
    )
    rows = []
    with pytest.raises(WorkbookError) as caught:
        for row in stream_rows(open_workbook(tmp_path / "cached.xlsx").active):
            rows.append(row)
    # The cached 14 is read (never the formula text); the sheet's end names the one cell
    # never calculated (A2), and only it.
    assert [values for _, values, _ in rows] == [[2], [], [14], []]
    assert str(caught.value) == (
        "cached.xlsx: sheet 'Sheet' has 1 formula cell with no calculated value (A2): it was "
        "saved by a program that does not calculate formulas; open it in Excel (or "
        "LibreOffice), let it calculate, and save it"
    )


def test_a_register_of_uncalculated_formulas_is_an_input_error_naming_cells(tmp_path):
    from commissioning_analytics.io.register import load_register

    path = appendix(tmp_path / "register.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["QIPP 13-14"]
    for row in (6, 7, 8):
        sheet[f"J{row}"] = f"=I{row}*G{row}/12"  # plan in year, as a formula never calculated
    book.save(path)
    with pytest.raises(
        WorkbookError,
        match=r"^register\.xlsx: sheet 'QIPP 13-14' has 3 formula "
        r"cells with no calculated value \(J6, J7, J8\)",
    ):
        load_register(path)


def test_damaged_sheet_xml_is_refused_at_open_naming_the_part(tmp_path):
    path = appendix(tmp_path / "good.xlsx")
    cut = with_sheet_xml(path, tmp_path / "cut.xlsx", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(
        WorkbookError,
        match=r"^cut\.xlsx: damaged Excel workbook: "
        r"xl/worksheets/sheet2\.xml is not well-formed XML "
        r"\((?:unclosed token|no element found) at line \d+",  # where the half ends
    ):
        open_workbook(cut)


def test_a_sheet_declaring_more_than_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = with_sheet_xml(
        appendix(tmp_path / "good.xlsx"),
        tmp_path / "big.xlsx",
        lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 50_000),
    )
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet2.xml").file_size > 50_000
    monkeypatch.setattr(wbmod, "MAX_PART_BYTES", 40_000)
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile,
        "open",
        lambda self, name, *a, **k: (
            opened.append(getattr(name, "filename", name)) or real_open(self, name, *a, **k)
        ),
    )
    with pytest.raises(
        WorkbookError,
        match=r"^big\.xlsx: refused: xl/worksheets/sheet2\.xml "
        r"unpacks to 0.0\d MB \(the limit for one sheet is 0.04 MB\)",
    ):
        open_workbook(path)
    assert "xl/worksheets/sheet2.xml" not in opened  # refused from the zip directory alone


def test_rows_and_columns_beyond_excel_are_refused_while_streaming(tmp_path):
    path = appendix(tmp_path / "good.xlsx")
    far_row = with_sheet_xml(
        path,
        tmp_path / "row.xlsx",
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="99999999"><c r="A99999999"><v>1</v></c></row></sheetData>'
        ),
    )
    with pytest.raises(
        WorkbookError,
        match=r"row 99999999, beyond Excel's last row "
        r"\(1,048,576\)",
    ):
        list(stream_rows(open_workbook(far_row)["QIPP 13-14"]))
    far_col = with_sheet_xml(
        path,
        tmp_path / "col.xlsx",
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="30"><c r="ZZZZZ30"><v>1</v></c></row></sheetData>'
        ),
    )
    with pytest.raises(WorkbookError, match=r"damaged: a cell reference 'ZZZZZ30' in row 30"):
        list(stream_rows(open_workbook(far_col)["QIPP 13-14"]))
    xfe = with_sheet_xml(
        path,
        tmp_path / "xfe.xlsx",
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="30"><c r="XFE30"><v>1</v></c></row></sheetData>'
        ),
    )
    with pytest.raises(WorkbookError, match=r"a cell beyond column XFD \(Excel's last\) in row 30"):
        list(stream_rows(open_workbook(xfe)["QIPP 13-14"]))


def test_merged_ranges_stream_the_part_never_read_whole(tmp_path, monkeypatch):
    path = appendix(tmp_path / "register.xlsx")
    sheet = open_workbook(path)["QIPP 13-14"]

    def no_whole_read(*_args, **_kwargs):
        raise AssertionError("the sheet part was read whole")

    monkeypatch.setattr(sheet.parent._archive, "read", no_whole_read)
    monkeypatch.setattr(wbmod, "_CHUNK_BYTES", 50)  # mergeCell elements straddle chunks
    assert len(merged_ranges(sheet)) == 1 + 3 + 5


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
        (1, ["Jul-13", dt.datetime(2013, 7, 1)]),
        (2, []),
        (3, [None, None, 1.5]),
    ]


def test_rows_split_across_read_chunks_come_out_whole(tmp_path, monkeypatch):
    # Read the sheet XML 37 bytes at a time: rows, cells and strings straddle chunk boundaries.
    path = appendix(tmp_path / "register.xlsx")
    whole = list(stream_rows(open_workbook(path)["QIPP 13-14"]))
    monkeypatch.setattr(wbmod, "_CHUNK_BYTES", 37)
    assert list(stream_rows(open_workbook(path)["QIPP 13-14"])) == whole
    assert whole[5][1][:4] == ["1", "QIPP-01", "Planned Care", "MSK triage"]  # row 6


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


@pytest.mark.parametrize(
    "colour, word",
    [
        ("#00B050", "green"),
        ("#70AD47", "green"),
        ("#FFC000", "amber"),
        ("#FFFF00", "amber"),
        ("#FF0000", "red"),
        ("#C00000", "red"),
        ("#FFFFFF", None),
        ("#808080", None),
        ("#4472C4", None),
        (None, None),
    ],
)
def test_rag_from_colour(colour, word):
    assert rag_from_colour(colour) == word


def test_check_calculated_names_uncalculated_formulas_for_openpyxl_readers(tmp_path):
    from commissioning_analytics.io.workbook import check_calculated

    path = tmp_path / "actuals.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Actuals"
    workbook.active.append(["No", "Month", "Actual Saving £"])
    workbook.active.append(["1", "Jul-26", 1200])
    workbook.active.append(["2", "Jul-26", "=C2*2"])  # read as blank by openpyxl
    workbook.create_sheet("Notes")["A1"] = "=TODAY()"
    workbook.save(path)
    with pytest.raises(
        WorkbookError,
        match=r"^actuals\.xlsx: sheet 'Actuals' has 1 formula "
        r"cell with no calculated value \(C3\)",
    ):
        check_calculated(path, ["Actuals"])
    with pytest.raises(WorkbookError, match=r"sheet 'Notes' has 1 formula cell .*\(A1\)"):
        check_calculated(path, ["Notes"])
    appendix_path = appendix(tmp_path / "register.xlsx")
    check_calculated(appendix_path)  # no formulas: nothing to say
