"""Opening untrusted workbooks safely, and reading what openpyxl leaves raw (merges, fills).

Every workbook the project reads goes through :func:`open_workbook`:

* a missing file, an empty file, a file that is not an xlsx zip (a text file renamed, an old
  ``.xls``) or a damaged one raise :class:`~commissioning_analytics.errors.WorkbookError`
  naming the file, never a library traceback;
* XML entity declarations (the "billion laughs" entity bomb and external entities) are refused
  before openpyxl parses anything, and openpyxl itself parses with ``defusedxml`` when it is
  installed (``openpyxl.xml.DEFUSEDXML``);
* formulas and macros are never evaluated: the workbook is opened with ``data_only=True`` (the
  values Excel last cached; ``None`` for a formula never calculated) and ``keep_vba=False``.

The register's reader, :class:`XlsxBook`, reads values with python-calamine (Rust) after the
same checks, and takes what calamine does not give (fills, formulas never calculated, merges,
the sheet's extent) from one byte scan of the sheet XML (:func:`scan_sheet`); a sheet the scan
cannot bound is read by :func:`stream_rows`, the streaming expat reader, instead.

:func:`merged_ranges` reads a sheet's ``<mergeCells>`` straight from the sheet XML, because
openpyxl's streaming (``read_only``) worksheets do not expose them. :func:`fill_hex` turns a
cell fill (ARGB, theme colour with tint, or indexed colour) into ``#RRGGBB``, and
:func:`rag_from_colour` (the rating vocabulary's, :mod:`.ratings`) reads a red / amber / green fill
as the word.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import re
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from xml.etree import ElementTree

try:
    from defusedxml import DefusedXmlException
except ImportError:  # openpyxl then parses without defusedxml; the prolog check still refuses

    class DefusedXmlException(ValueError):  # noqa: N818
        """Stand-in when defusedxml is absent."""


from ..errors import WorkbookError
from .ratings import rating_of_fill as rag_from_colour  # noqa: F401 (the rating vocabulary's)

# A workbook whose XML parts add up to more than this, uncompressed, is refused (zip bomb).
MAX_UNCOMPRESSED_BYTES = 2_000_000_000
# One XML part (a sheet, the shared strings) unpacked: streamed readers stop here. Zip records
# each part's size and Python's zipfile never unpacks more than it, so a part declaring less
# cannot produce more; parts are also counted while they are read.
MAX_PART_BYTES = 256_000_000
# Readers that build every cell in memory (``read_only=False``) take smaller sheets.
MAX_LOADED_PART_BYTES = 32_000_000
MAX_ROWS = 1_048_576  # Excel's own limits: a sheet beyond them was not written by Excel
MAX_COLUMNS = 16_384
_CHECK_CHUNK = 1 << 20
_PROLOG_BYTES = 4096
_MAX_PROLOG_BYTES = 1_000_000
# Day 0 of the workbook's calendar (openpyxl's CALENDAR_WINDOWS_1900 and CALENDAR_MAC_1904).
CALENDAR_WINDOWS_1900 = dt.datetime(1899, 12, 30)
CALENDAR_MAC_1904 = dt.datetime(1904, 1, 1)
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # compound file: .xls, or an encrypted .xlsx
_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# Comments and processing instructions (<?xml ...?>) may pad a prolog; an unfinished one at
# the end of what was read so far is dropped too, and completed by the next chunk.
_PROLOG_NOISE = re.compile(rb"<!--.*?(?:-->|$)|<\?.*?(?:\?>|$)", re.DOTALL)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData\s*>|<(?:\w+:)?sheetData\s*/>")
_CELL_REF = re.compile(r"^([A-Z]+)([0-9]+)$")


def _mb(size: int) -> str:
    return f"{size / 10**6:,.0f} MB" if size >= 10**7 else f"{size / 10**6:.2f} MB"


class _Refused(Exception):
    """Raised inside the expat callbacks when a sheet declares a DTD or entities."""


def _refuse(*_args):
    raise _Refused()


def _guarded_parser():
    """An expat parser that refuses a DTD or entity declaration (:class:`_Refused`)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    return parser


def _chunks(archive, part, limit: int, too_big: str, size: int):
    """A zip member's bytes, ``size`` at a time, then ``b""``; :class:`WorkbookError`
    (``too_big``) once more than ``limit`` bytes have come out."""
    read = 0
    with archive.open(part) as source:
        while True:
            chunk = source.read(size)
            read += len(chunk)
            if read > limit:
                raise WorkbookError(too_big)
            yield chunk
            if not chunk:
                return


@contextmanager
def _sheet_errors(name: str, title: str):
    """Entity declarations and malformed XML met while a sheet is streamed, as one line."""
    from xml.parsers import expat

    try:
        yield
    except _Refused:
        raise WorkbookError(
            f"{name}: refused: sheet {title!r} declares XML entities (a possible entity bomb)"
        ) from None
    except expat.ExpatError as error:
        raise WorkbookError(
            f"{name}: sheet {title!r} is damaged "
            f"({expat.ErrorString(error.code)} at line {error.lineno})"
        ) from None


def column_letter(index: int) -> str:
    """1 -> ``A``, 27 -> ``AA`` (1-based column index)."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _refuse_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse an XML part whose prolog (before the root element) declares a DTD or entities.

    Only the prolog is read: comments and processing instructions are skipped, and reading
    stops at the root element's start tag, so large sheets cost next to nothing.
    """
    prolog = b""
    with archive.open(member) as part:
        while True:
            chunk = part.read(_PROLOG_BYTES)
            prolog += chunk
            visible = _PROLOG_NOISE.sub(b"", prolog)
            if _ENTITY.search(visible):
                raise WorkbookError(
                    f"{name}: refused: {member.filename} declares XML entities "
                    "(a possible entity bomb); Excel never writes these"
                )
            if not chunk or _ROOT_START.search(visible):
                return
            if len(prolog) > _MAX_PROLOG_BYTES:
                raise WorkbookError(
                    f"{name}: refused: {member.filename} has "
                    f"{_MAX_PROLOG_BYTES // 1000} kB before its first element"
                )


@contextmanager
def reading(name: str):
    """Turn the XML and zip errors of a lazily parsed (streaming) workbook into a
    :class:`WorkbookError` naming the file, e.g. defusedxml refusing an entity while rows
    are read."""
    try:
        yield
    except WorkbookError:
        raise
    except (
        DefusedXmlException,
        ElementTree.ParseError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
    ) as error:
        reason = type(error).__name__
        if isinstance(error, DefusedXmlException):
            raise WorkbookError(
                f"{name}: refused: it declares XML entities (a possible entity bomb; {reason})"
            ) from None
        raise WorkbookError(f"{name}: damaged Excel workbook ({reason}: {error})") from None


def _check_part(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, limit: int, also=None
) -> None:
    """Parse one XML part with expat, streamed, keeping nothing: refuse a part larger than
    ``limit`` unpacked, one that declares a DTD or entities, and one that is not well-formed
    (truncated, damaged), naming the part and line. C speed: about a second for 256 MB."""
    from xml.parsers import expat

    parser = _guarded_parser()
    too_big = (
        f"{name}: refused: {member.filename} unpacks to more than {_mb(limit)} (the "
        "limit for one sheet)"
    )
    try:
        for chunk in _chunks(archive, member, limit, too_big, _CHECK_CHUNK):
            parser.Parse(chunk, not chunk)
            if also is not None:
                also(chunk)
    except _Refused:
        raise WorkbookError(
            f"{name}: refused: {member.filename} declares XML entities "
            "(a possible entity bomb); Excel never writes these"
        ) from None
    except expat.ExpatError as error:
        raise WorkbookError(
            f"{name}: damaged Excel workbook: {member.filename} is not well-formed XML "
            f"({expat.ErrorString(error.code)} at line {error.lineno}, column "
            f"{error.offset + 1}); open and save it again in Excel"
        ) from None


def _check_archive(path: Path, name: str, part_limit: int = MAX_PART_BYTES, feeds=None) -> None:
    """Refuse anything that is not a sane xlsx zip, before openpyxl sees it.

    ``feeds(archive, part)``, if given, is asked before each part is parsed (every other part
    first, the worksheets last, so theirs come after the workbook, its relationships and
    styles are known good) and may return a callable also fed the part's bytes."""
    if not path.exists():
        raise WorkbookError(f"{name}: no such file")
    if path.is_dir():
        raise WorkbookError(f"{name}: is a folder, expected an Excel workbook (.xlsx)")
    if path.stat().st_size == 0:
        raise WorkbookError(f"{name}: the file is empty, expected an Excel workbook (.xlsx)")
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic == _OLE_MAGIC:
        raise WorkbookError(
            f"{name}: an old-format (.xls) or password-protected workbook; "
            "save it from Excel as 'Excel Workbook (*.xlsx)' with no password"
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookError(
            f"{name}: not an Excel workbook (.xlsx); "
            "save it from Excel as 'Excel Workbook (*.xlsx)'"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if "[Content_Types].xml" not in {m.filename for m in members}:
                raise WorkbookError(f"{name}: a zip file but not an Excel workbook (.xlsx)")
            if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
                raise WorkbookError(
                    f"{name}: refused: its contents unpack to more than "
                    f"{MAX_UNCOMPRESSED_BYTES // 10**9} GB"
                )
            xml_parts = [m for m in members if m.filename.endswith((".xml", ".rels", ".vml"))]
            for member in xml_parts:
                if member.file_size > part_limit:
                    raise WorkbookError(
                        f"{name}: refused: {member.filename} unpacks to "
                        f"{_mb(member.file_size)} (the limit for one sheet is "
                        f"{_mb(part_limit)})"
                    )
            for member in xml_parts:
                _refuse_entities(archive, member, name)
            sheets_last = sorted(xml_parts, key=lambda m: m.filename.startswith("xl/worksheets/"))
            for member in sheets_last:
                also = feeds(archive, member.filename) if feeds is not None else None
                _check_part(archive, member, name, part_limit, also)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        zlib.error,
        NotImplementedError,
        ValueError,
        RuntimeError,
    ) as error:
        # (NotImplementedError: an unknown compression method; RuntimeError: encrypted)
        raise WorkbookError(
            f"{name}: damaged Excel workbook ({type(error).__name__}: {str(error)[:200]})"
        ) from None


def open_workbook(path: str | Path, *, read_only: bool = True):
    """Open an xlsx for reading cached values only, safely.

    Args:
        path: the workbook.
        read_only: stream rows (fast; no ``merged_cells``, see :func:`merged_ranges`).

    Returns:
        An ``openpyxl`` workbook opened with ``data_only=True`` (formulas not evaluated).

    Raises:
        WorkbookError: naming the file, when it is missing, empty, not an xlsx, damaged, or
            declares XML entities.
    """
    # openpyxl imported in _load_checked, not at the top: the register's reader (XlsxBook,
    # calamine) never needs it, and ``schemes`` starts faster without it (a quarter of a second).
    path = Path(path)
    _check_archive(path, path.name, MAX_PART_BYTES if read_only else MAX_LOADED_PART_BYTES)
    return _load_checked(path, read_only=read_only)


def _load_checked(path: Path, *, read_only: bool):
    """openpyxl's workbook of an archive already checked (:func:`_check_archive`), its zoo of
    errors on damaged parts (a duplicated relationship id is a ``KeyError``) turned into one
    :class:`WorkbookError` naming the file."""
    import openpyxl  # (lazy: see open_workbook)

    try:
        return openpyxl.load_workbook(
            path, read_only=read_only, data_only=True, keep_vba=False, keep_links=False
        )
    except WorkbookError:
        raise
    except Exception as error:  # openpyxl raises a zoo of errors on damaged parts
        reason = type(error).__name__
        chain, cause = [], error
        while cause is not None and len(chain) < 10:
            chain.append(cause)
            cause = cause.__cause__ or cause.__context__
        if any(isinstance(e, DefusedXmlException) for e in chain):
            raise WorkbookError(
                f"{path.name}: refused: it declares XML entities (a possible entity bomb)"
            ) from None
        raise WorkbookError(
            f"{path.name}: cannot be read as an Excel workbook ({reason}: {error})"
        ) from None


@dataclass(frozen=True)
class MergedRange:
    """A merged block of cells, 1-based inclusive rows and columns."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @classmethod
    def parse(cls, first: str, last: str | None = None) -> MergedRange:
        a = _CELL_REF.match(first)
        b = _CELL_REF.match(last or first)
        return cls(int(a[2]), column_index(a[1]), int(b[2]), column_index(b[1]))

    def __contains__(self, row_col: tuple[int, int]) -> bool:
        row, col = row_col
        return self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col


def merged_ranges(worksheet) -> list[MergedRange]:
    """The merged ranges of a worksheet, normal or streaming (``read_only``).

    A streaming worksheet has no ``merged_cells``; its ``<mergeCells>`` element sits after the
    cell data in the sheet XML, so the part is streamed through expat (64 kB at a time, at
    most :data:`MAX_PART_BYTES`) keeping only the ``mergeCell`` elements: memory stays small
    whatever the size of the sheet. A reference that is not a cell (``ref="junk"``) is
    skipped; a damaged part is a :class:`WorkbookError`.
    """
    if hasattr(worksheet, "merged_cells"):
        return [
            MergedRange(r.min_row, r.min_col, r.max_row, r.max_col)
            for r in worksheet.merged_cells.ranges
        ]
    path = getattr(worksheet, "_worksheet_path", None)
    archive = getattr(worksheet.parent, "_archive", None)
    if path is None or archive is None:
        return []
    found: list[MergedRange] = []

    def start(tag, attrs):
        if tag.endswith("mergeCell") and tag.rpartition(":")[2] == "mergeCell":
            first, _, last = (attrs.get("ref") or "").partition(":")
            if _CELL_REF.match(first) and (not last or _CELL_REF.match(last)):
                merge = MergedRange.parse(first, last or None)
                if merge.max_row <= MAX_ROWS and merge.max_col <= MAX_COLUMNS:
                    found.append(merge)

    # The cell data is parsed with no Python callback at all (C speed); the element handler
    # is installed where the cell data ends, found by a byte search that may straddle chunks.
    parser = _guarded_parser()
    name = Path(str(getattr(archive, "filename", "") or "workbook")).name
    too_big = (
        f"{name}: refused: sheet {worksheet.title!r} unpacks to more than {_mb(MAX_PART_BYTES)}"
    )
    tail = b""
    with _sheet_errors(name, worksheet.title):
        for chunk in _chunks(archive, path, MAX_PART_BYTES, too_big, _CHUNK_BYTES):
            if parser.StartElementHandler is None and chunk:
                data_end = _SHEET_DATA_END.search(tail + chunk)
                if data_end:
                    cut = max(data_end.end() - len(tail), 0)
                    parser.Parse(chunk[:cut], False)
                    parser.StartElementHandler = start
                    chunk = chunk[cut:]
                else:
                    tail = (tail + chunk)[-64:]
            parser.Parse(chunk, not chunk)
    return found


# --- fill colours -------------------------------------------------------------------------

# Office default theme (clrScheme order: dk1, lt1, dk2, lt2, accent1-6, hlink, folHlink).
_OFFICE_SCHEME = (
    "000000",
    "FFFFFF",
    "44546A",
    "E7E6E6",
    "4472C4",
    "ED7D31",
    "A5A5A5",
    "FFC000",
    "5B9BD5",
    "70AD47",
    "0563C1",
    "954F72",
)
_THEME_SCHEME = re.compile(
    rb"<a:(dk1|lt1|dk2|lt2|accent[1-6]|hlink|folHlink)>\s*<a:(?:srgbClr val|sysClr[^>]*lastClr)"
    rb'="([0-9A-Fa-f]{6})"'
)
# Theme colour indices swap the first two pairs: 0 = lt1, 1 = dk1, 2 = lt2, 3 = dk2.
_DEFAULT_THEME = (
    _OFFICE_SCHEME[1],
    _OFFICE_SCHEME[0],
    _OFFICE_SCHEME[3],
    _OFFICE_SCHEME[2],
    *_OFFICE_SCHEME[4:],
)
_SCHEME_ORDER = (
    "dk1",
    "lt1",
    "dk2",
    "lt2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)


def theme_colours(workbook) -> tuple[str, ...]:
    """The workbook's theme colours as RRGGBB in theme-index order (Office default if none).

    Theme index 0 is lt1 and 1 is dk1 (Excel swaps the first two pairs of the colour scheme).
    """
    found: dict[str, str] = {}
    theme = getattr(workbook, "loaded_theme", None)
    if theme:
        for key, value in _THEME_SCHEME.findall(theme):
            found.setdefault(key.decode(), value.decode().upper())
    scheme = [found.get(k, d) for k, d in zip(_SCHEME_ORDER, _OFFICE_SCHEME)]
    scheme[0], scheme[1], scheme[2], scheme[3] = scheme[1], scheme[0], scheme[3], scheme[2]
    return tuple(scheme)


def _apply_tint(rrggbb: str, tint: float) -> str:
    """Excel's tint: lighten (tint > 0) or darken (tint < 0) in HLS space."""
    if not tint:
        return rrggbb
    r, g, b = (int(rrggbb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(h, min(max(lightness, 0.0), 1.0), s)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def colour_hex(colour, theme: tuple[str, ...] = _DEFAULT_THEME) -> str | None:
    """An openpyxl ``Color`` (rgb / theme+tint / indexed) as ``#RRGGBB``; ``None`` if unknown."""
    if colour is None:
        return None
    kind = getattr(colour, "type", None)
    value = getattr(colour, "value", None)
    if kind == "rgb" and isinstance(value, str) and re.fullmatch(r"[0-9A-Fa-f]{6,8}", value):
        return "#" + value[-6:].upper()
    if kind == "theme" and isinstance(value, int) and 0 <= value < len(theme):
        return "#" + _apply_tint(theme[value], float(getattr(colour, "tint", 0.0) or 0.0))
    if kind == "indexed" and isinstance(value, int) and 0 <= value < 64:
        from openpyxl.styles.colors import COLOR_INDEX  # (lazy: openpyxl is slow to import)

        rgb = COLOR_INDEX[value]
        return "#" + _apply_tint(rgb[-6:].upper(), float(getattr(colour, "tint", 0.0) or 0.0))
    return None


def fill_hex(fill, theme: tuple[str, ...] = _DEFAULT_THEME) -> str | None:
    """The colour a cell is painted, as ``#RRGGBB``; ``None`` for no fill or an unknown colour.

    Solid pattern fills use the foreground colour; other patterns fall back to it, then the
    background. Gradient fills take their first stop.
    """
    if fill is None:
        return None
    pattern = getattr(fill, "patternType", None) or getattr(fill, "fill_type", None)
    if hasattr(fill, "stop"):  # (openpyxl's GradientFill has a fill_type: "linear")
        stops = getattr(fill, "stop", ())
        return colour_hex(stops[0].color, theme) if stops else None
    if pattern in (None, "none"):
        return None
    return colour_hex(fill.fgColor, theme) or colour_hex(fill.bgColor, theme)


class FillReader:
    """Fill colours of one workbook's cells, with its theme read once."""

    def __init__(self, workbook):
        self.workbook = workbook

    @cached_property
    def theme(self) -> tuple[str, ...]:
        return theme_colours(self.workbook)

    def hex(self, cell) -> str | None:
        """``#RRGGBB`` of a cell's fill (``None`` for an empty, unstyled cell)."""
        if cell is None or not getattr(cell, "has_style", False):
            return None
        return fill_hex(cell.fill, self.theme)


# --- streaming cell values ----------------------------------------------------------------

_CHUNK_BYTES = 1 << 16


class _BadCell(Exception):
    """Raised inside the expat callbacks for a cell or row the reader cannot place."""


_UNCACHED_SHOWN = 10


def stream_rows(worksheet):
    """Yield ``(row_number, values, style_ids)`` for every row of a streaming worksheet.

    A lean reader of the sheet XML with ``pyexpat`` (several times faster than building
    openpyxl cells, which is what ``pandas.read_excel`` does): values are what openpyxl would
    give with ``data_only=True`` (cached formula results, shared and inline strings, numbers as
    ``int``/``float``, date-formatted numbers as ``datetime``, booleans, error codes as text),
    lists indexed by column (0 = A) and padded with ``None``; ``style_ids`` index the
    workbook's cell styles (see :class:`FillReader`). Rows missing from the XML are yielded
    empty, so row numbers run without gaps from 1. A DTD or entity declaration is refused.

    Bounded: at most :data:`MAX_PART_BYTES` of XML, :data:`MAX_ROWS` rows and
    :data:`MAX_COLUMNS` columns (Excel's limits), checked as the part is read. A formula
    with no cached value (a workbook saved by a program that does not calculate, never opened
    in Excel) is never read as blank: when the sheet has been read to its end, a
    :class:`WorkbookError` names those cells.

    Args:
        worksheet: a worksheet of a workbook opened by :func:`open_workbook` (``read_only``).
    """
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    workbook = worksheet.parent
    shared = worksheet._shared_strings
    date_styles = workbook._date_formats
    epoch = workbook.epoch
    done: list[tuple[int, list, list]] = []
    local_names: dict[str, str] = {}
    row = col = style = 0
    kind = "n"
    parts: list | None = None
    in_rph = False
    text: str | None = None
    formula = cached = False
    uncached: list[str] = []
    values: list = []
    styles: list = []

    def local(tag: str) -> str:
        name = local_names.get(tag)
        if name is None:
            name = local_names[tag] = tag.rpartition(":")[2]
        return name

    def where() -> str:
        return f"{column_letter(col + 1)}{row}" if 0 <= col < MAX_COLUMNS else f"row {row}"

    def start(tag, attrs):
        nonlocal row, col, style, kind, parts, in_rph, text, values, styles, formula, cached
        tag = local(tag)
        if tag == "c":
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                if (
                    not letters
                    or len(letters) > 3
                    or not letters.isalpha()
                    or not letters.isupper()
                ):
                    raise _BadCell(f"a cell reference {ref[:20]!r} in row {row}")
                col = ord(letters) - 65 if len(letters) == 1 else column_index(letters) - 1
            else:
                col += 1
            if col >= MAX_COLUMNS:
                raise _BadCell(
                    f"a cell beyond column {column_letter(MAX_COLUMNS)} (Excel's last) in row {row}"
                )
            kind = attrs.get("t", "n")
            found = attrs.get("s")
            style = int(found) if found and found.isdigit() else 0
            text = None
            formula = cached = False
        elif tag == "v" or tag == "is":
            parts = []
            cached = True
        elif tag == "f":
            formula = True
        elif tag == "row":
            ref = attrs.get("r")
            if ref and not ref.isdigit():
                raise _BadCell(f"a row number {ref[:20]!r} after row {row}")
            row = int(ref) if ref else row + 1
            if not 1 <= row <= MAX_ROWS:
                raise _BadCell(f"row {row}, beyond Excel's last row ({MAX_ROWS:,})")
            col = -1
            values, styles = [], []
        elif tag == "rPh":
            in_rph = True

    def end(tag):
        nonlocal parts, in_rph, text
        tag = local(tag)
        if tag == "c":
            value = None
            if text is not None:
                if kind == "n":
                    try:
                        value = int(text) if text.lstrip("-").isdigit() else float(text)
                    except ValueError:
                        value = text
                    if style in date_styles and not isinstance(value, str):
                        try:
                            value = from_excel(value, epoch)
                        except (OverflowError, ValueError, TypeError):
                            value = "#VALUE!"
                elif kind == "s":
                    try:
                        value = shared[int(text)]
                    except (ValueError, IndexError):
                        raise _BadCell(
                            f"cell {where()} names shared string {text[:20]!r}, "
                            "which the workbook does not have"
                        ) from None
                elif kind == "b":
                    value = text.strip() in ("1", "true")
                elif kind == "d":
                    try:
                        value = from_ISO8601(text)
                    except (ValueError, TypeError, OverflowError):
                        value = text
                else:  # str (formula text result), inlineStr, e (error code)
                    value = text
            elif formula and (not cached or kind != "str"):
                # No <v>, or an empty one on a cell that is not text: never calculated (Excel
                # writes every number, boolean and error it calculates; only a text result
                # may be empty). openpyxl and many exporters write such cells.
                uncached.append(where())
            if value is not None or style:
                if len(values) <= col:
                    pad = col + 1 - len(values)
                    values.extend([None] * pad)
                    styles.extend([0] * pad)
                values[col] = value
                styles[col] = style
        elif tag == "v" or tag == "is":
            text = "".join(parts) or None
            parts = None
        elif tag == "row":
            done.append((row, values, styles))
        elif tag == "rPh":
            in_rph = False

    def chars(data):
        if parts is not None and not in_rph:
            parts.append(data)

    parser = _guarded_parser()
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = chars
    name = Path(str(getattr(workbook, "_archive", None) and workbook._archive.filename)).name
    too_big = (
        f"{name}: refused: sheet {worksheet.title!r} unpacks to more than {_mb(MAX_PART_BYTES)}"
    )
    expected = 1
    try:  # (rows finished by each chunk are handed on; the one in progress stays in values)
        with _sheet_errors(name, worksheet.title):
            for chunk in _chunks(
                workbook._archive, worksheet._worksheet_path, MAX_PART_BYTES, too_big, _CHUNK_BYTES
            ):
                parser.Parse(chunk, not chunk)
                for number, row_values, row_styles in done:
                    while expected < number:
                        yield expected, [], []
                        expected += 1
                    yield number, row_values, row_styles
                    expected = number + 1
                done.clear()
    except _BadCell as error:
        raise WorkbookError(f"{name}: sheet {worksheet.title!r} is damaged: {error}") from None
    if uncached:
        raise _uncached_error(name, worksheet.title, uncached)


def check_calculated(path: str | Path, sheets: list[str] | None = None) -> None:
    """Refuse a workbook whose sheets hold formulas never calculated, naming the cells.

    For readers that take cells from openpyxl, which reads such a formula as blank exactly
    like an empty cell: one call, with the path they opened. The register's reader gets the
    same check from :func:`stream_rows` without a second pass.

    Args:
        path: the workbook.
        sheets: the sheets to check (default: every worksheet).

    Raises:
        WorkbookError: naming the file, the sheet and the first cells (or the workbook's
            own problems, as :func:`open_workbook`).
    """
    workbook = open_workbook(path)
    try:
        with reading(Path(path).name):
            for title in sheets or workbook.sheetnames:
                worksheet = workbook[title]
                if hasattr(worksheet, "_worksheet_path"):  # not a chart sheet
                    for _ in stream_rows(worksheet):
                        pass
    finally:
        workbook.close()


class StyleFills:
    """``#RRGGBB`` fill of a cell style id, looked up once per style."""

    def __init__(self, workbook):
        self.workbook = workbook
        self._cache: dict[int, str | None] = {}

    @cached_property
    def theme(self) -> tuple[str, ...]:
        return theme_colours(self.workbook)

    def hex(self, style_id: int) -> str | None:
        if not style_id:
            return None
        if style_id not in self._cache:
            try:
                fill = self.workbook._fills[self.workbook._cell_styles[style_id].fillId]
            except (IndexError, AttributeError):
                fill = None
            self._cache[style_id] = fill_hex(fill, self.theme)
        return self._cache[style_id]


# --- a fast reader: python-calamine for values, a byte scan of the sheet XML for fills ----

# Calamine builds a sheet as one dense block from its first to its last cell: a file with one
# cell at A1 and one at XFD1048576 asks for 17 billion cells (550 GB) and aborts the process.
# It is only given sheets whose every cell the byte scan has placed, and whose extent (the
# declared <dimension>, grown to every cell found beyond it; measured from the cells when none
# is declared) spans at most this many cells (32 bytes a cell in Rust: at most ~320 MB, a
# 200,000-row register 50 columns wide); others are streamed.
MAX_DENSE_CELLS = 10_000_000
_SCAN_CHUNK = 1 << 22
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]{1,3}[0-9]{1,7}:)?'
    rb'([A-Z]{1,3})([0-9]{1,7})"'
)
_FORMULA = re.compile(rb"<f[\s>/]")
_CACHED = re.compile(rb"<v\s*>[^<]|<is[\s>]")
_MERGE_CELL = re.compile(rb'<mergeCell\s+ref="([A-Z]{1,3}[0-9]{1,7})(?::([A-Z]{1,3}[0-9]{1,7}))?"')
_HAS_VALUE = re.compile(rb"<(?:v|is)[\s>/]")
# A namespace prefix on a sheet element ("<x:c ...>"): the byte scan's patterns assume none
# (Excel writes none), so such a sheet is streamed.
_PREFIXED = re.compile(rb":c[\s>/]")
_CELL_TYPE = re.compile(rb'\st="([a-zA-Z]+)"')
_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _at_most(bound: str, first: str, last: str, *, shorter: bytes) -> bytes:
    """A regex matching any string of ``first``-``last`` characters that is at most ``bound``
    (same length, compared place by place) or shorter (``shorter``: the pattern for those)."""
    options = [shorter] if len(bound) > 1 else []
    for i, char in enumerate(bound):
        low = first if i == 0 and first == "A" else ("1" if i == 0 else first)
        if char > low:
            options.append(
                re.escape(bound[:i]).encode()
                + f"[{low}-{chr(ord(char) - 1)}]".encode()
                + f"[{first}-{last}]{{{len(bound) - i - 1}}}".encode()
            )
    options.append(bound.encode())
    return b"(?:" + b"|".join(options) + b")"


def _outside(columns: str, rows: int) -> re.Pattern:
    """A pattern for any cell start tag that is not ``<c r="REF"`` with REF inside A1 to
    ``columns``+``rows``: a cell with no reference, another attribute first, a prefixed tag,
    a reference beyond the bound. Normal sheets never match, so one search costs C speed."""
    letters = _at_most(
        columns, "A", "Z", shorter=b"[A-Z]{1,%d}" % (len(columns) - 1) if len(columns) > 1 else b""
    )
    digits = str(rows)
    numbers = _at_most(
        digits,
        "0",
        "9",
        shorter=b"[1-9][0-9]{0,%d}" % (len(digits) - 2) if len(digits) > 1 else b"",
    )
    return re.compile(rb'<c(?=[\s>/])(?! r="' + letters + numbers + rb'")')


# Cells with a value report their fill only in a sheet's first rows, where readers sample a
# column's evidence (a register: its header within 40 rows, 60 rows sampled below it); a
# blank painted cell (a rating given as a colour, a Gantt bar) reports it everywhere.
VALUE_FILL_ROWS = 200
_ROW_NUMBER = re.compile(rb'<row\s+r="([0-9]{1,7})"')
# Numbers a date cannot hold in Python (negative, or past 9999-12-31 = day 2,958,465).
# (A date written in E notation, which no spreadsheet writes, is not looked for: calamine
# reads 1E+20 as that number, the streaming reader as "#VALUE!"; either is an error.)
_ODD_NUMBER = re.compile(
    rb"<v>(?:-|[0-9]{8}|[3-9][0-9]{6}|29[6-9][0-9]{4}|2958[5-9][0-9]{2}"
    rb"|29584[7-9][0-9]|295846[6-9])"
)
_STYLE_ATTR = re.compile(rb'\ss="([0-9]+)"')


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found: whether calamine may read it (``dense``), the
    style of painted cells (``row -> [(column 0-based, style id)]``; see
    :data:`VALUE_FILL_ROWS`), formula cells with no calculated value, the merged ranges."""

    dense: bool
    fills: dict
    uncached: list
    merges: list


def _painted(filled_styles: set[int]) -> re.Pattern:
    """Cells whose style is one of ``filled_styles``, with or without a value."""
    ids = b"|".join(str(s).encode() for s in sorted(filled_styles))
    return re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?\ss="(' + ids + rb')"')


# (re's literal search is about twice as fast as bytes.find for these: ">" is everywhere)
_EMPTY_ENDS = ((re.compile(rb"/>"), 0), (re.compile(rb'"></c>'), 1))


def _empty_element_ends(data: bytes, lo: int, hi: int):
    """Offsets of the ``/>`` of empty elements and of the ``>`` of a start tag closed at once
    (``<c r="A1" s="3"></c>``: the tag's last attribute's quote, then ``></c>``)."""
    for mark, skip in _EMPTY_ENDS:
        for found in mark.finditer(data, lo, hi):
            yield found.start() + skip


_CELL_REF_AT = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


def _blank_painted(data: bytes, lo: int, hi: int, filled_styles) -> list[tuple]:
    """``(letters, row, style)`` of every blank cell (``<c .../>`` or ``<c ...></c>``) whose
    style is one of ``filled_styles``: found from the ends of empty elements, a fast literal
    search, so cells with a value cost nothing."""
    out = []
    for tag_end in _empty_element_ends(data, lo, hi):
        start = data.rfind(b"<", lo, tag_end)  # the start tag (no "<" in attributes)
        if data[start : start + 3] != b"<c ":
            continue
        style = _STYLE_ATTR.search(data, start, tag_end)
        if style is None or int(style[1]) not in filled_styles:
            continue
        ref = _CELL_REF_AT.match(data, start)
        if ref is not None:
            out.append((ref[1], ref[2], style[1]))
    return out


def _values_end(data: bytes, cut: int) -> int:
    """Byte offset in ``data`` where row :data:`VALUE_FILL_ROWS` + 1 (or a later one) starts;
    ``cut`` if none does before it."""
    for found in _ROW_NUMBER.finditer(data, 0, cut):
        if int(found[1]) > VALUE_FILL_ROWS:
            return found.start()
    return cut


def _odd_dates(data: bytes, cut: int, date_styles) -> bool:
    """A number in a date-formatted cell that calamine reads otherwise than the streaming
    reader: negative (calamine: midnight; openpyxl: a date before 1900) or beyond year 9999
    (calamine: the number; openpyxl: ``#VALUE!``). Only numbers of that shape are looked at."""
    for found in _ODD_NUMBER.finditer(data, 0, cut):
        start = data.rfind(b"<c ", 0, found.start())
        style = _STYLE_ATTR.search(data, start, found.start())
        if style is not None and int(style[1]) in date_styles:
            return True
    return False


def _uncached_cells(data: bytes, cut: int) -> list[str]:
    """Formula cells with no calculated value (as :func:`stream_rows` decides it)."""
    out, start = [], 0
    while True:
        formula = _FORMULA.search(data, start, cut)
        if formula is None:
            return out
        cell_start = data.rfind(b"<c", 0, formula.start())
        cell_end = data.find(b"</c>", formula.end(), cut)
        cell_end = cut if cell_end < 0 else cell_end
        body = data[formula.start() : cell_end]
        kind = _CELL_TYPE.search(data, cell_start, formula.start())
        is_str = kind is not None and kind[1] == b"str"
        if not _CACHED.search(body) and not (is_str and _HAS_VALUE.search(body)):
            ref = re.match(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"', data[cell_start : cell_start + 20])
            out.append(ref[1].decode() if ref else f"a cell near byte {cell_start}")
        start = cell_end


class _SheetScanner:
    """:func:`scan_sheet`'s pass, fed a sheet part's bytes in chunks of any size (so the
    archive check, which streams every part anyway, can feed it: one unpacking, not two)."""

    def __init__(self, filled_styles: set[int], date_styles: set[int] = frozenset()):
        self.filled, self.dates = filled_styles, date_styles
        self.every = _painted(filled_styles) if filled_styles else None
        self.outside: re.Pattern | None = None
        self.dense = True
        self.columns_to = self.rows_to = 1
        self.early = True  # still within the first VALUE_FILL_ROWS rows
        self.fills: dict[int, list] = {}
        self.uncached: list[str] = []
        self.merges: list[MergedRange] = []
        self.tail = b""
        self.columns: dict[bytes, int] = {}

    def _bound(self, columns: int, rows: int) -> None:
        """The extent so far (1-based last column and row): the pattern of cells outside it,
        or not dense when calamine would build more than :data:`MAX_DENSE_CELLS` cells."""
        if columns > MAX_COLUMNS or rows > MAX_ROWS or columns * rows > MAX_DENSE_CELLS:
            self.dense, self.outside = False, None
            return
        self.columns_to, self.rows_to = columns, rows
        self.outside = _outside(column_letter(columns), rows)

    def _measure(self, data: bytes, cut: int) -> None:
        """The sheet's extent measured from its cells, with or without a declared
        ``<dimension>`` (openpyxl's write-only mode, LibreOffice and many exporters write
        none, or one too small): the bound grows to every well-formed cell reference met (the
        chunk's last ``<row r>`` first, so a normal sheet costs one search per chunk), and a
        cell the scan cannot place (no reference, another attribute first, a row 0 or a
        leading zero) makes the sheet streamed."""
        last_row = data.rfind(b"<row r=", 0, cut)
        if last_row >= 0:
            found = _ROW_NUMBER.match(data, last_row)
            if found is not None and int(found[1]) > self.rows_to:
                self._bound(self.columns_to, int(found[1]))
        at = 0
        while self.dense:
            outside = self.outside.search(data, at, cut)
            if outside is None:
                return
            ref = _CELL_REF_AT.match(data, outside.start())
            if ref is None:  # not placed by a reference: calamine's bound is not ours
                self.dense = False
                return
            column, row = column_index(ref[1].decode()), int(ref[2])
            if column <= self.columns_to and row <= self.rows_to:  # "A0", "A01": unplaceable
                self.dense = False
                return
            if column > self.columns_to:  # a wider row: its last cell (in order) bounds it,
                end = data.find(b"</row>", outside.start(), cut)  # one pattern for the row
                last = _CELL_REF_AT.match(data, data.rfind(b'<c r="', outside.start(), end))
                if end > 0 and last is not None:
                    column = max(column, column_index(last[1].decode()))
            self._bound(max(column, self.columns_to), max(row, self.rows_to))
            at = outside.start()

    def feed(self, chunk: bytes) -> None:
        """The next bytes of the part; ``b""`` at its end."""
        data = self.tail + chunk
        if chunk:
            cut = max(data.rfind(b"</row>"), data.rfind(b"</c>"), data.rfind(b"/>"))
            if cut < 0:
                self.tail = data
                return
            cut = data.index(b">", cut) + 1
        else:
            cut = len(data)
        if self.outside is None and self.dense:
            # The declared <dimension> (if any) is where the bound starts; the cells move it.
            found = _DIMENSION.search(data, 0, cut)
            last_col, last_row = (
                (column_index(found[1].decode()), int(found[2])) if found else (1, 1)
            )
            self._bound(last_col, max(last_row, 1))
        if self.dense and self.outside is not None:
            self._measure(data, cut)
        if (
            self.dense
            and self.outside is not None
            and (_PREFIXED.search(data, 0, cut) or self.dates and _odd_dates(data, cut, self.dates))
        ):
            self.dense = False
        if self.every is not None:
            split = _values_end(data, cut) if self.early else 0
            self.early = split == cut
            columns, fills = self.columns, self.fills
            for letters, row, style in self.every.findall(data, 0, split) + _blank_painted(
                data, split, cut, self.filled
            ):
                col = columns.get(letters)
                if col is None:
                    col = columns[letters] = column_index(letters.decode()) - 1
                fills.setdefault(int(row), []).append((col, int(style)))
        for first, last in _MERGE_CELL.findall(data, 0, cut):
            merge = MergedRange.parse(first.decode(), last.decode() or None)
            if merge.max_row <= MAX_ROWS and merge.max_col <= MAX_COLUMNS:
                self.merges.append(merge)
        self.uncached.extend(_uncached_cells(data, cut))
        self.tail = data[cut:]

    def result(self) -> SheetScan:
        return SheetScan(
            self.dense and self.outside is not None, self.fills, self.uncached, self.merges
        )


def scan_sheet(
    archive: zipfile.ZipFile,
    part: str,
    filled_styles: set[int],
    name: str,
    title: str,
    date_styles: set[int] = frozenset(),
) -> SheetScan:
    """One streamed pass over a sheet part (bytes, never parsed, never expanded), chunk by
    chunk at C speed: the extent check for calamine, the painted cells, the uncached formulas,
    the merged ranges.

    A cell is painted when its style (``s="N"``) is in ``filled_styles``. ``dense`` is False
    (the sheet is streamed instead) when its extent (see :meth:`_SheetScanner._measure`: the
    declared ``<dimension>`` if any, grown to every cell beyond it) or its declared size is
    larger than :data:`MAX_DENSE_CELLS`, a cell is written in a way the scan does not place
    (no ``r``, another attribute first, a prefix, row 0), or a date calamine reads otherwise
    (:func:`_odd_dates`; ``date_styles`` are the date-formatted styles).
    """
    too_big = f"{name}: refused: sheet {title!r} unpacks to more than {_mb(MAX_PART_BYTES)}"
    scanner = _SheetScanner(filled_styles, date_styles)
    for chunk in _chunks(archive, part, MAX_PART_BYTES, too_big, _SCAN_CHUNK):
        scanner.feed(chunk)
    return scanner.result()


def _uncached_error(name: str, title: str, uncached: list[str]) -> WorkbookError:
    shown = ", ".join(uncached[:_UNCACHED_SHOWN]) + (
        ", ..." if len(uncached) > _UNCACHED_SHOWN else ""
    )
    return WorkbookError(
        f"{name}: sheet {title!r} has {len(uncached)} formula cell"
        f"{'s' if len(uncached) > 1 else ''} with no calculated value ({shown}): it was "
        "saved by a program that does not calculate formulas; open it in Excel (or "
        "LibreOffice), let it calculate, and save it"
    )


_INT_LIMIT = 2.0**53  # (a float: comparing a float with an int costs more)
_EXITS = (KeyboardInterrupt, SystemExit, GeneratorExit)  # re-raised, never read as a panic


def _calamine_row(values: list, epoch: dt.datetime) -> list:
    """A row from calamine as :func:`stream_rows` gives it: ``None`` for a blank cell, a whole
    number as ``int`` (calamine gives every number as a float; Excel writes ``1`` for a whole
    number, which the XML reader reads as ``int``), a date as ``datetime``, a duration
    (``[h]:mm``) as the date-time openpyxl reads from its serial (``epoch``: the workbook's
    1900 or 1904 calendar); trailing blanks dropped."""
    for i, value in enumerate(values):
        kind = type(value)
        if kind is float:
            if value.is_integer() and -_INT_LIMIT < value < _INT_LIMIT:
                values[i] = int(value)
        elif kind is str:
            if not value:
                values[i] = None
        elif kind is dt.date:
            values[i] = dt.datetime(value.year, value.month, value.day)
        elif kind is dt.timedelta:
            from openpyxl.utils.datetime import from_excel

            values[i] = from_excel(value / dt.timedelta(days=1), epoch)
    while values and values[-1] is None:
        values.pop()
    return values


# Excel's built-in number formats that are dates or times (ids 14-22 and 45-47; the others,
# 0-13 and 37-49, are numbers, currency, text); a style with a custom format is a date when
# its code's first section has a date or time letter outside quotes and brackets (openpyxl's
# rule, ``openpyxl.styles.numbers.is_date_format``, so both readers type the same cells).
_BUILTIN_DATE_FORMATS = frozenset((*range(14, 23), 45, 46, 47))
_FORMAT_LITERALS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_format(code: str | None) -> bool:
    """Whether a number format code shows a date or time (openpyxl's rule)."""
    if code is None:
        return False
    return _DATE_LETTER.search(_FORMAT_LITERALS.sub("", code.split(";")[0])) is not None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _number(text: str | None, kind=int):
    try:
        return kind(text) if text is not None else None
    except ValueError:
        return None


class _Colour:
    """A ``<color>``/``<fgColor>``/``<bgColor>`` as :func:`colour_hex` reads openpyxl's
    ``Color``: ``type`` indexed, theme, auto or rgb (default ``00000000``, as openpyxl's)."""

    __slots__ = ("type", "value", "tint")

    def __init__(self, attrs: dict | None = None):
        attrs = attrs or {}
        self.tint = _number(attrs.get("tint"), float) or 0.0
        if "indexed" in attrs:
            self.type, self.value = "indexed", _number(attrs["indexed"])
        elif "theme" in attrs:
            self.type, self.value = "theme", _number(attrs["theme"])
        elif "auto" in attrs:
            self.type, self.value = "auto", attrs["auto"]
        else:
            self.type, self.value = "rgb", attrs.get("rgb", "00000000")


class _PatternFill:
    __slots__ = ("patternType", "fgColor", "bgColor")

    def __init__(self, node):
        self.patternType = node.get("patternType")
        self.fgColor = self.bgColor = _Colour()
        for child in node:
            if _local(child.tag) == "fgColor":
                self.fgColor = _Colour(child.attrib)
            elif _local(child.tag) == "bgColor":
                self.bgColor = _Colour(child.attrib)


class _Stop:
    __slots__ = ("color",)

    def __init__(self, node):
        found = [c for c in node if _local(c.tag) == "color"]
        self.color = _Colour(found[0].attrib) if found else None


class _GradientFill:
    __slots__ = ("stop",)

    def __init__(self, node):
        self.stop = [_Stop(c) for c in node if _local(c.tag) == "stop"]


class _Xf:
    __slots__ = ("fillId",)

    def __init__(self, fill_id: int):
        self.fillId = fill_id


class _Styles:
    """The parts of a workbook's styles and theme that :class:`StyleFills` reads (each cell
    style's fill, the fills, which styles are dates), parsed from styles.xml (already checked
    by :func:`_check_archive`) with defusedxml, as openpyxl's stylesheet reader gives them,
    without importing openpyxl: ``schemes`` starts faster."""

    def __init__(self, archive: zipfile.ZipFile, styles_part: str | None, theme_part: str | None):
        from defusedxml.ElementTree import fromstring

        self._cell_styles: list[_Xf] = []
        self._fills: list = []
        self.date_formats: set[int] = set()
        self.loaded_theme = archive.read(theme_part) if theme_part else None
        if not styles_part:
            return
        root = fromstring(archive.read(styles_part))
        custom: dict[int | None, str | None] = {}
        xfs: list = []
        for section in root:
            kind = _local(section.tag)
            if kind == "numFmts":
                for fmt in section:
                    custom[_number(fmt.get("numFmtId"))] = fmt.get("formatCode")
            elif kind == "fills":
                for fill in section:
                    inner = next(iter(fill), None)
                    if inner is None:
                        self._fills.append(None)
                    elif _local(inner.tag) == "patternFill":
                        self._fills.append(_PatternFill(inner))
                    else:
                        self._fills.append(_GradientFill(inner))
            elif kind == "cellXfs":
                xfs = list(section)
        for index, xf in enumerate(xfs):  # (after the loop: numFmts may come in any order)
            self._cell_styles.append(_Xf(_number(xf.get("fillId")) or 0))
            number_format = _number(xf.get("numFmtId")) or 0
            if (
                is_date_format(custom[number_format])
                if number_format in custom
                else number_format in _BUILTIN_DATE_FORMATS
            ):
                self.date_formats.add(index)


class XlsxBook:
    """An .xlsx read fast and safely: python-calamine (Rust) for the values, one byte scan of
    each sheet's XML for the fills of painted cells and for formulas never calculated.

    Walked like :class:`.tabular.Book`: ``sheetnames``, ``rows(title)`` yielding
    ``(row_number, values, styles)`` as :func:`stream_rows` does (values identical; ``styles``
    non-zero only for painted cells, which is all a fill lookup needs), ``merges(title)``,
    ``fill(style)``, ``close()``.

    Safety is the same as :func:`open_workbook`'s: the archive is checked whole first (zip
    bomb, part sizes, DTDs and entity declarations refused, every part well-formed) before
    calamine touches it, and a sheet calamine could not hold in bounded memory (see
    :data:`MAX_DENSE_CELLS`) is streamed by :func:`stream_rows` instead.
    """

    def __init__(self, path: str | Path):
        path = Path(path)
        self.path, self.name = path, path.name
        self._archive = self._streamed = self._calamine = self._parts = None
        self._scanners: dict[str, _SheetScanner] = {}
        # The archive check streams every part; each worksheet's bytes also feed its scan.
        _check_archive(path, self.name, feeds=self._feed)
        try:
            from python_calamine import CalamineWorkbook
        except ImportError:  # pragma: no cover - a dependency of the package
            CalamineWorkbook = None
        self._archive = zipfile.ZipFile(path)
        try:
            self._know(self._archive)
            if CalamineWorkbook is not None:
                try:
                    self._calamine = CalamineWorkbook.from_path(str(path))
                except _EXITS:
                    raise
                except BaseException:  # noqa: BLE001 - an error or a Rust panic: streamed
                    self._calamine = None
        except WorkbookError:
            self.close()
            raise
        except Exception as error:  # calamine and openpyxl's stylesheet: a zoo of errors
            self.close()
            raise WorkbookError(
                f"{self.name}: cannot be read as an Excel workbook "
                f"({type(error).__name__}: {str(error)[:200]})"
            ) from None
        self.sheetnames = list(self._parts)
        self._scans: dict[str, SheetScan] = {t: s.result() for t, s in self._scanners.items()}

    def _know(self, archive) -> None:
        """The sheets' parts, the styles and the calendar, read once (after their check)."""
        if self._parts is None:
            parts, styles, theme = self._read_parts(archive)
            self._styles = _Styles(archive, styles, theme)
            self._fills = StyleFills(self._styles)
            self._painted = {
                i for i in range(1, len(self._styles._cell_styles)) if self._fills.hex(i)
            }
            self._parts = parts

    def _feed(self, archive, part: str):
        """The archive check's hook: a worksheet's scanner, fed as the part is checked."""
        if not part.startswith("xl/worksheets/"):
            return None
        try:
            self._know(archive)
        except Exception:  # noqa: BLE001 - raised again, named, once the check is done
            return None
        title = next((t for t, p in self._parts.items() if p == part), None)
        if title is None:
            return None
        self._scanners[title] = _SheetScanner(self._painted, self._styles.date_formats)
        return self._scanners[title].feed

    def _read_parts(self, archive):
        from defusedxml.ElementTree import fromstring

        def target(rels_part: str, base: str) -> dict[str, tuple[str, str]]:
            out = {}
            for rel in fromstring(archive.read(rels_part)):
                ref = rel.get("Target") or ""
                part = ref.lstrip("/") if ref.startswith("/") else f"{base}{ref}"
                out[rel.get("Id")] = (part, rel.get("Type") or "")
            return out

        rels = target("xl/_rels/workbook.xml.rels", "xl/")
        book = fromstring(archive.read("xl/workbook.xml"))
        # part names compare case-blind (Open Packaging Conventions); a worksheet whose part is
        # not in the file is a damaged workbook, refused here naming the sheet and the part
        stored = {n.lower(): n for n in archive.namelist()}
        parts = {}
        for node in book.iter(f"{{{_MAIN_NS}}}sheet"):
            part, kind = rels.get(node.get(f"{{{_RELS_NS}}}id"), (None, ""))
            if not kind.endswith("/worksheet"):
                parts[node.get("name")] = None
                continue
            if part.lower() not in stored:
                raise WorkbookError(
                    f"{self.name}: damaged Excel workbook: sheet {node.get('name')!r} is "
                    f"{part}, which is not in the file; open and save it again in Excel"
                )
            parts[node.get("name")] = stored[part.lower()]
        properties = book.find(f"{{{_MAIN_NS}}}workbookPr")
        date1904 = properties is not None and (properties.get("date1904") or "").lower() in (
            "1",
            "true",
        )
        self._epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        styles = next((p for p, k in rels.values() if k.endswith("/styles")), None)
        theme = next((p for p, k in rels.values() if k.endswith("/theme")), None)
        names = set(archive.namelist())
        return parts, styles if styles in names else None, theme if theme in names else None

    @property
    def workbook(self):
        """The workbook opened by openpyxl (streaming), for readers of its cells (the plans'
        sheet classifier); opened on first use."""
        return self._streaming()

    def _streaming(self):
        """The openpyxl streaming workbook, for a sheet calamine is not given."""
        if self._streamed is None:  # the archive was checked when the book was opened
            self._streamed = _load_checked(Path(self.path), read_only=True)
        return self._streamed

    def rows(self, title: str):
        part = self._parts.get(title)
        if part is None:
            return None
        return self._rows(title, part)

    def _scan(self, title: str, part: str) -> SheetScan:
        if title not in self._scans:  # (scanned while checked, normally)
            self._scans[title] = scan_sheet(
                self._archive, part, self._painted, self.name, title, self._styles.date_formats
            )
        return self._scans[title]

    def _rows(self, title: str, part: str):
        scan = self._scan(title, part)
        if not scan.dense or self._calamine is None:
            yield from stream_rows(self._streaming()[title])
            return
        if scan.uncached:
            raise _uncached_error(self.name, title, scan.uncached)
        try:
            sheet = self._calamine.get_sheet_by_name(title)
        except _EXITS:
            raise
        except BaseException:  # noqa: BLE001 - an error or a Rust panic: the streaming
            yield from stream_rows(self._streaming()[title])  # reader names the problem
            return
        # iter_rows() starts at row 1 (leading empty rows included) but at the sheet's first
        # used column: the columns before it are put back.
        first_col = (sheet.start or (0, 0))[1]
        fills = scan.fills
        number = 0
        pad = [None] * first_col
        rows = iter(sheet.iter_rows())
        while True:
            try:
                values = next(rows)
            except StopIteration:
                break
            except _EXITS:
                raise
            except BaseException:  # noqa: BLE001 - a Rust panic (a date beyond chrono's range)
                # Calamine cannot convert a cell of this row: the rest of the sheet is streamed,
                # which reads such a date as today's reader does ("#VALUE!").
                for row in stream_rows(self._streaming()[title]):
                    if row[0] > number:
                        yield row
                return
            number += 1
            values = _calamine_row(pad + values if first_col else values, self._epoch)
            styles = self._styles_of(fills.get(number))
            if len(styles) > len(values):
                values.extend([None] * (len(styles) - len(values)))
            yield number, values, styles
        last = number
        for row in sorted(r for r in fills if r > last):  # painted, empty rows at the end
            for empty in range(last + 1, row + 1):
                yield empty, [], self._styles_of(fills.get(empty))
            last = row

    @staticmethod
    def _styles_of(painted) -> list:
        if not painted:
            return []
        styles = [0] * (max(c for c, _ in painted) + 1)
        for col, style in painted:
            styles[col] = style
        return styles

    def merges(self, title: str) -> list[MergedRange]:
        part = self._parts.get(title)
        if part is None:
            return []
        scan = self._scan(title, part)
        if scan.dense:
            return list(scan.merges)
        return merged_ranges(_PartSheet(self._archive, part, title))

    def fill(self, style: int) -> str | None:
        return self._fills.hex(style)

    def close(self) -> None:
        for thing in (self._streamed, getattr(self, "_calamine", None), self._archive):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - closing a read-only file loses nothing
                    pass


class _PartSheet:
    """A sheet part as :func:`merged_ranges` reads a streaming worksheet."""

    def __init__(self, archive, part: str, title: str):
        self._worksheet_path, self.title = part, title
        self.parent = type("_Parent", (), {"_archive": archive})()
