"""The register's fast .xlsx reader (io/workbook.py ``XlsxBook``): python-calamine for values
and a byte scan of the sheet XML for fills, checked against the streaming XML reader
(``stream_rows``) cell by cell, and against hostile files calamine must never be given."""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from commissioning_analytics.cli import main
from commissioning_analytics.io import workbook as wbmod
from commissioning_analytics.io.register import load_register
from commissioning_analytics.io.workbook import (
    StyleFills,
    XlsxBook,
    open_workbook,
    scan_sheet,
    stream_rows,
)
from fixtures import appendix, with_sheet_xml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))
sys.path.insert(0, str(ROOT / "scripts"))

from registers import SHAPES  # noqa: E402

pytestmark = pytest.mark.integration


def _trimmed(values: list) -> list:
    values = list(values)
    while values and values[-1] is None:
        values.pop()
    return values


def _both_readers(path: Path, dense: bool = True) -> list[tuple[str, list, list]]:
    """Every sheet's rows from both readers: (title, fast rows, streaming rows), each row
    ``(number, values without trailing blanks, fill colour of each painted cell)``."""
    book = XlsxBook(path)
    streamed = open_workbook(path)
    fills = StyleFills(streamed)
    out = []
    try:
        for title in book.sheetnames:
            rows = book.rows(title)
            if rows is None:
                continue
            fast = [(n, _trimmed(v), _trimmed([book.fill(s) for s in st])) for n, v, st in rows]
            assert book._scans[title].dense or not dense, f"{title}: not read by calamine"
            slow = [
                (n, _trimmed(v), _trimmed([fills.hex(s) for s in st]))
                for n, v, st in stream_rows(streamed[title])
            ]
            out.append((title, fast, slow))
    finally:
        book.close()
        streamed.close()
    return out


def _xlsx_shapes() -> list[str]:
    """The corpus shapes that are .xlsx workbooks (the CSV, .ods and .xls ones are read by
    python-calamine alone: there is no second reader to compare with)."""
    import tempfile

    names = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, _) in SHAPES.items():
            folder = Path(tmp) / name
            folder.mkdir()
            if build(folder).suffix == ".xlsx":
                names.append(name)
    return sorted(names)


@pytest.mark.parametrize("name", _xlsx_shapes())
def test_every_corpus_workbook_reads_the_same_as_the_streaming_reader(tmp_path, name):
    build, _ = SHAPES[name]
    path = build(tmp_path)
    assert path.suffix == ".xlsx"
    for title, fast, slow in _both_readers(path):
        assert fast == slow, title


def test_the_benchmark_register_reads_the_same_and_its_blank_cells_keep_their_fill(tmp_path):
    import make_scale_data

    path = tmp_path / "register.xlsx"
    make_scale_data.write_register(path, make_scale_data.schemes(60))
    fast, slow = {t: (f, s) for t, f, s in _both_readers(path)}["Appendix 2 QIPP"]
    assert fast == slow
    # Scheme 8 (row 13) is rated on its four panels (L-O) by fill alone: blank, painted.
    number, values, colours = fast[12]
    assert number == 13 and values[11:15] == [None] * 4
    assert all(colours[11:15]) and values[0] == 8  # and its number is an integer, not 8.0


def test_numbers_dates_and_blanks_are_typed_as_the_streaming_reader_types_them(tmp_path):
    import openpyxl

    path = tmp_path / "values.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"], sheet["E3"] = 7, 2.5, -3
    sheet["F3"] = dt.datetime(2026, 7, 1)
    sheet["F3"].number_format = "mmm-yy"
    sheet["G3"], sheet["H3"] = True, "Green"
    sheet["B5"] = 12345678901
    workbook.save(path)
    ((_, fast, slow),) = _both_readers(path)
    assert fast == slow
    assert fast == [
        (1, [], []),
        (2, [], []),
        (3, [None, None, 7, 2.5, -3, dt.datetime(2026, 7, 1), True, "Green"], []),
        (4, [], []),
        (5, [None, 12345678901], []),
    ]
    assert [type(v) for v in fast[2][1][2:5]] == [int, float, int]


def test_a_date_beyond_what_calamine_can_convert_is_read_as_the_streaming_reader_reads_it(tmp_path):
    # A date-formatted cell holding 1e12 days (beyond year 9999): calamine gives the number
    # (or panics, for some values); the scan sees it and the sheet is streamed, which reads
    # it as "#VALUE!", exactly as before.
    path = appendix(tmp_path / "good.xlsx")
    far = with_sheet_xml(
        path,
        tmp_path / "date.xlsx",
        lambda xml: xml.replace(b"<v>41456</v>", b"<v>1000000000000</v>", 1),
    )
    assert zipfile.ZipFile(far).read("xl/worksheets/sheet2.xml").count(b"1000000000000") == 1
    ((_, fast, slow),) = [r for r in _both_readers(far, dense=False) if r[0] == "QIPP 13-14"]
    assert fast == slow
    assert fast[5][1][5] == "#VALUE!"


def _scan(path: Path):
    book = XlsxBook(path)
    try:
        return scan_sheet(book._archive, book._parts["QIPP 13-14"], set(), "x", "QIPP 13-14")
    finally:
        book.close()


@pytest.mark.parametrize(
    "edit",
    [
        # a cell far outside the sheet's <dimension> (calamine would ask for 550 GB and abort)
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        ),
        # a cell with no reference (placed by position), or another attribute before it
        lambda xml: xml.replace(b"</sheetData>", b'<row r="30"><c><v>1</v></c></row></sheetData>'),
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="30"><c t="n" r="A30"><v>1</v></c></row></sheetData>'
        ),
        # a cell with a namespace prefix
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="30"><x:c xmlns:x="urn:x" r="A30"><x:v>1</x:v></x:c></row></sheetData>',
        ),
        # no dimension, and a far cell: measured from the cells, still far too many
        lambda xml: xml.replace(b'<dimension ref="A1:T11" />', b"").replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        ),
        # a row numbered 0, a reference with a leading zero: not placed the way calamine does
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="30"><c r="A0"><v>1</v></c></row></sheetData>'
        ),
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="30"><c r="A030"><v>1</v></c></row></sheetData>'
        ),
    ],
    ids=["far", "no-ref", "ref-not-first", "prefixed", "no-dimension-far", "row-0", "zero-led"],
)
def test_a_sheet_the_scan_cannot_bound_is_never_given_to_calamine(tmp_path, edit):
    path = appendix(tmp_path / "good.xlsx")
    assert b'<dimension ref="A1:T11" />' in zipfile.ZipFile(path).read("xl/worksheets/sheet2.xml")
    assert _scan(path).dense
    assert not _scan(with_sheet_xml(path, tmp_path / "odd.xlsx", edit)).dense


def test_a_dimension_larger_than_the_dense_limit_is_streamed(tmp_path, monkeypatch):
    path = appendix(tmp_path / "good.xlsx")
    monkeypatch.setattr(wbmod, "MAX_DENSE_CELLS", 20 * 11 - 1)  # A1:T11 is 220 cells
    assert not _scan(path).dense
    load = load_register(path)  # read by the streaming reader, the same schemes
    assert list(load.schemes["scheme"]) == ["MSK triage", "Biosimilar switch", "Crisis cafe"]


def test_a_register_with_a_cell_at_excels_last_corner_loads_without_calamine(tmp_path, monkeypatch):
    path = with_sheet_xml(
        appendix(tmp_path / "good.xlsx"),
        tmp_path / "corner.xlsx",
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        ),
    )

    def never(*_args, **_kwargs):
        raise AssertionError("calamine was given a sheet it would hold as 17 billion cells")

    import python_calamine

    monkeypatch.setattr(python_calamine.CalamineSheet, "iter_rows", never, raising=False)
    load = load_register(path, sheet="QIPP 13-14")
    assert list(load.schemes["scheme"]) == ["MSK triage", "Biosimilar switch", "Crisis cafe"]


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml"])
def test_an_external_entity_in_a_part_calamine_reads_exits_2_naming_the_file(
    tmp_path, capsys, part
):
    # XXE: a DTD declaring an external entity, in a part calamine (quick-xml) would read.
    # The archive is checked before any parser touches it: refused, one line, exit 2.
    source = appendix(tmp_path / "good.xlsx")
    target = tmp_path / "qipp.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                head, _, rest = data.rpartition(b"?>")
                data = head + _ + b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + rest
            new.writestr(info, data)
    out = tmp_path / "out" / "schemes.csv"
    out.parent.mkdir()
    assert main(["schemes", str(target), "--csv", str(out)]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line == (
        f"error: qipp.xlsx: refused: {part} declares XML entities (a possible "
        "entity bomb); Excel never writes these"
    )
    assert captured.out == "" and "Traceback" not in captured.err
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("form", [b'" />', b'"></c>'])
def test_a_blank_painted_cell_is_found_however_its_element_is_closed(tmp_path, form):
    # Excel writes <c r="L13" s="5"/>; other writers put a space before "/>" or close the
    # element with </c>. Each is a blank cell rated by its fill, read the same as before.
    import make_scale_data

    path = tmp_path / "register.xlsx"
    make_scale_data.write_register(path, make_scale_data.schemes(30))
    sheet = "xl/worksheets/sheet2.xml"
    xml = zipfile.ZipFile(path).read(sheet)
    assert xml.count(b'"/>') >= 4  # scheme 8's four panels, L13:O13
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(odd, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == sheet:
                data = re.sub(rb'(<c [^>]*)"/>', lambda m: m[1] + form, data)
            new.writestr(info, data)
    fast, slow = {t: (f, s) for t, f, s in _both_readers(odd)}["Appendix 2 QIPP"]
    assert fast == slow
    number, values, colours = fast[12]
    assert number == 13 and values[11:15] == [None] * 4 and all(colours[11:15])


def test_a_sheet_calamine_fails_on_is_read_by_the_streaming_reader(tmp_path, monkeypatch):
    class Panicking:  # python-calamine raises a Rust panic as a BaseException
        def get_sheet_by_name(self, title):
            raise BaseException("called `Option::unwrap()` on a `None` value")

        def close(self):
            pass

    opened = XlsxBook.__init__

    def with_panicking_calamine(self, path):
        opened(self, path)
        self._calamine = Panicking()

    monkeypatch.setattr(XlsxBook, "__init__", with_panicking_calamine)
    load = load_register(appendix(tmp_path / "register.xlsx"))
    assert list(load.schemes["scheme"]) == ["MSK triage", "Biosimilar switch", "Crisis cafe"]
    assert list(load.schemes["rag_value"]) == ["green", "green", "red"]


@pytest.mark.parametrize("date1904", [False, True])
def test_durations_and_1904_dates_read_as_the_streaming_reader_reads_them(tmp_path, date1904):
    import openpyxl

    path = tmp_path / "times.xlsx"
    workbook = openpyxl.Workbook()
    if date1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["C1"] = 1.5, 36.25, 0.25
    sheet["A1"].number_format, sheet["B1"].number_format = "[h]:mm", "[h]:mm:ss"
    sheet["C1"].number_format = "h:mm"
    sheet["D1"] = dt.datetime(2026, 7, 1)
    sheet["D1"].number_format = "mmm-yy"
    workbook.save(path)
    ((_, fast, slow),) = _both_readers(path)
    assert fast == slow
    assert fast[0][1][3] == dt.datetime(2026, 7, 1)


_DIMENSION_XML = b'<dimension ref="A1:T11" />'


@pytest.mark.parametrize(
    "declared",
    [b"", b'<dimension ref="A1" />', b'<dimension ref="B2:C3" />'],
    ids=["none", "A1-only", "too-small"],
)
def test_a_sheet_with_no_or_a_wrong_dimension_is_measured_from_its_cells(tmp_path, declared):
    # openpyxl's write-only mode, LibreOffice and many exporters declare no size (or a wrong
    # one): the scan measures the extent from the cells (A1:T11 here, 220 cells) and calamine
    # reads the sheet, every row the same as the streaming reader, the whole register the same
    # as with the size declared.
    path = appendix(tmp_path / "good.xlsx")
    odd = with_sheet_xml(
        path, tmp_path / "odd.xlsx", lambda xml: xml.replace(_DIMENSION_XML, declared)
    )
    assert _DIMENSION_XML not in zipfile.ZipFile(odd).read("xl/worksheets/sheet2.xml")
    scan = _scan(odd)
    assert scan.dense
    ((_, fast, slow),) = [r for r in _both_readers(odd) if r[0] == "QIPP 13-14"]
    ((_, declared_fast, _),) = [r for r in _both_readers(path) if r[0] == "QIPP 13-14"]
    assert fast == slow == declared_fast
    assert [n for n, _, _ in fast] == list(range(1, 12))  # rows 1-11, none invented or lost
    expected = load_register(path).schemes.drop(columns="source")
    got = load_register(odd).schemes.drop(columns="source")
    pd.testing.assert_frame_equal(got, expected)
    assert list(got["scheme"]) == ["MSK triage", "Biosimilar switch", "Crisis cafe"]


def test_the_measured_extent_over_the_dense_limit_is_streamed(tmp_path, monkeypatch):
    # With no size declared, the measured A1:T11 (220 cells) is held to the same limit.
    path = with_sheet_xml(
        appendix(tmp_path / "good.xlsx"),
        tmp_path / "odd.xlsx",
        lambda xml: xml.replace(_DIMENSION_XML, b""),
    )
    monkeypatch.setattr(wbmod, "MAX_DENSE_CELLS", 20 * 11)
    assert _scan(path).dense
    monkeypatch.setattr(wbmod, "MAX_DENSE_CELLS", 20 * 11 - 1)
    assert not _scan(path).dense
    load = load_register(path)
    assert list(load.schemes["scheme"]) == ["MSK triage", "Biosimilar switch", "Crisis cafe"]


def test_an_openpyxl_write_only_register_is_read_by_calamine_the_same_as_streamed(tmp_path):
    # openpyxl's write-only mode: no <dimension>, inline strings, blank cells painted.
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    path = tmp_path / "wo.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    green = PatternFill("solid", fgColor="FF00B050")
    sheet.append(["Scheme", "Plan 2026/27 £", "RAG"])
    sheet.append(["Virtual wards", 120000, "Green"])
    painted = WriteOnlyCell(sheet)
    painted.fill = green
    sheet.append(["Falls service", 80000.5, painted])
    sheet.append([None, None, None, None, "far right"])
    book.save(path)
    assert b"<dimension" not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    book = XlsxBook(path)
    try:
        assert book._scans["Register"].dense
    finally:
        book.close()
    ((_, fast, slow),) = _both_readers(path)
    assert (
        fast
        == slow
        == [
            (1, ["Scheme", "Plan 2026/27 £", "RAG"], []),
            (2, ["Virtual wards", 120000, "Green"], []),
            (3, ["Falls service", 80000.5], [None, None, "#00B050"]),
            (4, [None, None, None, None, "far right"], []),
        ]
    )


def _styles_both_ways(path: Path) -> tuple[list, set, list, set]:
    """(fill of each cell style, date styles) read by XlsxBook and by openpyxl's stylesheet."""
    book, streamed = XlsxBook(path), open_workbook(path)
    try:
        theirs = StyleFills(streamed)
        count = len(streamed._cell_styles)
        return (
            [book.fill(i) for i in range(count)] + [len(book._styles._cell_styles)],
            set(book._styles.date_formats),
            [theirs.hex(i) for i in range(count)] + [count],
            set(streamed._date_formats),
        )
    finally:
        book.close()
        streamed.close()


@pytest.mark.parametrize("name", _xlsx_shapes())
def test_every_corpus_workbooks_styles_read_as_openpyxls_stylesheet_reads_them(tmp_path, name):
    build, _ = SHAPES[name]
    ours_fills, ours_dates, their_fills, their_dates = _styles_both_ways(build(tmp_path))
    assert ours_fills == their_fills
    assert ours_dates == their_dates


def test_number_formats_and_fills_of_every_kind_are_read_without_openpyxl(tmp_path):
    import openpyxl
    from openpyxl.styles import Color, GradientFill, PatternFill

    path = tmp_path / "styles.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    formats = {
        "A1": "dd/mm/yyyy",  # a date
        "A2": "[$-809]mmm-yy",  # a date behind a locale
        "A3": '"£"#,##0',  # money: the "m" is quoted text
        "A4": "[h]:mm",  # a duration: a date to both readers
        "A5": "0.00%",  # built in, a number
        "A6": "mmm-yy",  # built in (17), a date
        "A7": "[Red]#,##0;-#,##0",  # a colour, a number
    }
    for ref, code in formats.items():
        sheet[ref] = 45000
        sheet[ref].number_format = code
    sheet["B1"].fill = PatternFill("solid", fgColor="FF00B050")
    sheet["B2"].fill = PatternFill("solid", fgColor=Color(theme=5, tint=0.4))
    sheet["B3"].fill = PatternFill("solid", fgColor=Color(indexed=10))
    sheet["B4"].fill = GradientFill(stop=("FFC000", "FFFFFF"))
    sheet["B5"].fill = PatternFill("solid")  # no colour given: openpyxl's default black
    book.save(path)
    ours_fills, ours_dates, their_fills, their_dates = _styles_both_ways(path)
    assert ours_fills == their_fills and ours_dates == their_dates
    fast = XlsxBook(path)
    try:
        rows = {
            n: (values, [fast.fill(s) for s in styles]) for n, values, styles in fast.rows("Sheet")
        }
    finally:
        fast.close()
    kinds = [type(rows[n][0][0]).__name__ for n in range(1, 8)]
    assert kinds == ["datetime", "datetime", "int", "datetime", "int", "datetime", "int"]
    assert [rows[n][1][1] for n in range(1, 6)] == [
        "#00B050",
        their_fills[_style_id(path, "B2")],
        "#FF0000",  # indexed colour 10
        "#FFC000",
        "#000000",
    ]


def _style_id(path: Path, ref: str) -> int:
    streamed = open_workbook(path, read_only=False)
    try:
        return streamed.active[ref].style_id
    finally:
        streamed.close()


def test_schemes_on_a_register_with_no_declared_size_imports_no_heavy_library(tmp_path):
    # `schemes` reads with calamine and the byte scan, checks the table cheaply and writes the
    # CSV itself: pandera, openpyxl, xlsxwriter and plotly are never imported (each is a
    # commented lazy import where it is needed), so the whole process starts faster.
    import subprocess

    path = with_sheet_xml(
        appendix(tmp_path / "good.xlsx"),
        tmp_path / "nodim.xlsx",
        lambda xml: xml.replace(_DIMENSION_XML, b""),
    )
    out = tmp_path / "schemes.csv"
    script = (
        "import sys\n"
        "from commissioning_analytics.cli import main\n"
        f"status = main(['schemes', {str(path)!r}, '--csv', {str(out)!r}])\n"
        "heavy = ('pandera', 'openpyxl', 'xlsxwriter', 'plotly', 'typeguard')\n"
        "print(status, sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr
    assert out.read_bytes().count(b"\r\n") == 4  # header and three schemes


def test_a_wide_sheet_with_no_declared_size_is_measured_to_its_last_column(tmp_path):
    # A Gantt-like sheet 300 columns wide (A to KN), no <dimension>: measured from the cells,
    # given to calamine, every row the same as the streaming reader.
    import openpyxl

    path = tmp_path / "wide.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append([f"W{i}" for i in range(1, 301)])
    sheet.append(list(range(1, 301)))
    sheet.append([None] * 299 + ["last"])
    book.save(path)
    scan = XlsxBook(path)
    try:
        assert scan._scans["Plan"].dense
        assert scan._scanners["Plan"].columns_to == 300
        assert scan._scanners["Plan"].rows_to == 3
    finally:
        scan.close()
    ((_, fast, slow),) = _both_readers(path)
    assert fast == slow
    assert [len(values) for _, values, _ in fast] == [300, 300, 300]
    assert fast[2][1][299] == "last" and fast[1][1][:3] == [1, 2, 3]
