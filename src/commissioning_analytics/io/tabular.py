"""Registers in other containers: CSV exports and old ``.xls`` / ``.xlsb`` / ``.ods`` workbooks.

Each is opened as a :class:`Book`, the small interface the register reader walks (sheet names,
rows as ``(row_number, values, styles)``, merged ranges, fills), so the same header detection
reads them as it reads an ``.xlsx``.

* CSV (``.csv``, ``.txt``): one sheet named after the file; UTF-8 (with or without the byte
  order mark Excel writes) or Windows-1252; comma, semicolon or tab, as sniffed. Numbers written
  as plain digits become numbers; everything else stays text (``"£12,345"`` is read by the money
  parser as it is from a workbook).
* ``.xls`` (Excel 97-2003), ``.xlsb`` and ``.ods``: read with python-calamine (a Rust reader,
  several times faster than the pure-Python ones, kept up to date, one reader for all three).
  Calamine gives values and merged ranges but **no cell fills**: a rating given only as a
  colour, with no word, reads as blank from these files (save as ``.xlsx`` to keep fills).
  Whole numbers come back as floats and are turned back into integers, so scheme ``1`` stays
  ``"1"``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from ..errors import WorkbookError
from .workbook import MergedRange

CSV_SUFFIXES = (".csv", ".txt")
CALAMINE_SUFFIXES = (".xls", ".xlsb", ".ods")
SUFFIXES = CSV_SUFFIXES + CALAMINE_SUFFIXES
MAX_CSV_BYTES = 200_000_000
_NUMBER = re.compile(r"-?(?:[1-9]\d*|0)(?:\.\d+)?")


class CsvDecimal(float):
    """A CSV field of plain digits with a decimal point: a number, which keeps the text it was
    written as (``written``), so that an outline number such as "1.10" is not read as 1.1."""

    written: str

    def __new__(cls, text: str):
        number = super().__new__(cls, text)
        number.written = text
        return number

    def __reduce__(self):  # pickles (and deep-copies) with its text
        return (CsvDecimal, (self.written,))


def _cell(value: str):
    """A CSV field: ``None`` for blank, a number for plain digits (a :class:`CsvDecimal` with
    a decimal point), else the text."""
    text = value.strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return int(text) if "." not in text else CsvDecimal(text)
    return text


class Book:
    """Sheets of rows, as the register reader walks them (see the module docstring)."""

    sheetnames: list[str]

    def rows(self, title: str):
        """``(row_number, values, styles)`` for every row of a sheet, from row 1; ``None``
        when the sheet holds no cells (a chart sheet)."""
        raise NotImplementedError

    def merges(self, title: str) -> list[MergedRange]:
        return []

    def fill(self, style: int) -> str | None:
        """``#RRGGBB`` of a style's fill; these containers give none."""
        return None

    def close(self) -> None:
        pass


class CsvBook(Book):
    """A CSV file as a one-sheet book (the sheet is named after the file)."""

    def __init__(self, path: Path):
        self.path = path
        if path.stat().st_size > MAX_CSV_BYTES:
            raise WorkbookError(f"{path.name}: refused: larger than {MAX_CSV_BYTES // 10**6} MB")
        raw = path.read_bytes()
        if b"\x00" in raw[:4096]:
            raise WorkbookError(f"{path.name}: not a text (CSV) file")
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.text = raw.decode("cp1252", errors="replace")
        self.sheetnames = [path.stem]

    def rows(self, title: str):
        sample = self.text[:8192]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(self.text), dialect)
        try:
            for number, fields in enumerate(reader, start=1):
                yield number, [_cell(f) for f in fields], []
        except csv.Error as error:
            raise WorkbookError(f"{self.path.name}: unreadable CSV ({error})") from None


def _value(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, dt.time):
        return None
    if isinstance(value, dt.timedelta):
        return None
    return value


class CalamineBook(Book):
    """An ``.xls``, ``.xlsb`` or ``.ods`` workbook read by python-calamine (values only)."""

    def __init__(self, path: Path):
        try:
            from python_calamine import CalamineWorkbook
        except ImportError:  # pragma: no cover - a dependency of the package
            raise WorkbookError(
                f"{path.name}: reading {path.suffix} needs python-calamine; "
                "save it from Excel as .xlsx"
            ) from None
        try:
            self.workbook = CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises its own zoo on damaged files
            raise WorkbookError(
                f"{path.name}: cannot be read as a {path.suffix} workbook "
                f"({type(error).__name__}: {error})"
            ) from None
        self.path = path
        self.sheetnames = list(self.workbook.sheet_names)
        self._sheets: dict = {}

    def _sheet(self, title: str):
        if title not in self._sheets:
            try:
                self._sheets[title] = self.workbook.get_sheet_by_name(title)
            except Exception as error:
                raise WorkbookError(
                    f"{self.path.name}!{title}: cannot be read ({type(error).__name__}: {error})"
                ) from None
        return self._sheets[title]

    def rows(self, title: str):
        sheet = self._sheet(title)
        # iter_rows() starts at row 1 (leading empty rows included) but at the sheet's first
        # used column: the columns before it are put back.
        first_col = (sheet.start or (0, 0))[1]
        for number, values in enumerate(sheet.iter_rows(), start=1):
            yield number, [None] * first_col + [_value(v) for v in values], []

    def merges(self, title: str) -> list[MergedRange]:
        ranges = getattr(self._sheet(title), "merged_cell_ranges", None) or []
        out = []
        for found in ranges:
            try:
                (r0, c0), (r1, c1) = found
            except (TypeError, ValueError):
                continue
            out.append(MergedRange(r0 + 1, c0 + 1, r1 + 1, c1 + 1))
        return out

    def close(self) -> None:
        try:
            self.workbook.close()
        except Exception:  # noqa: BLE001 - closing a read-only file cannot lose anything
            pass


def open_book(path: Path) -> Book:
    """Open a CSV or calamine-read workbook, refusing a missing or empty file in one line."""
    path = Path(path)
    if not path.exists():
        raise WorkbookError(f"{path.name}: no such file")
    if path.is_dir():
        raise WorkbookError(f"{path.name}: is a folder, expected a register file")
    if path.stat().st_size == 0:
        raise WorkbookError(f"{path.name}: the file is empty")
    if path.suffix.lower() in CSV_SUFFIXES:
        return CsvBook(path)
    return CalamineBook(path)
