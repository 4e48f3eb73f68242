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

:func:`merged_ranges` reads a sheet's ``<mergeCells>`` straight from the sheet XML, because
openpyxl's streaming (``read_only``) worksheets do not expose them. :func:`fill_hex` turns a
cell fill (ARGB, theme colour with tint, or indexed colour) into ``#RRGGBB``, and
:func:`rag_from_colour` reads a red / amber / green fill as the word.
"""

from __future__ import annotations

import colorsys
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import openpyxl
from openpyxl.styles.colors import COLOR_INDEX

from ..errors import WorkbookError

# A workbook whose XML parts add up to more than this, uncompressed, is refused (zip bomb).
MAX_UNCOMPRESSED_BYTES = 2_000_000_000
_PROLOG_BYTES = 4096
_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+)(?::([A-Z]+[0-9]+))?"')
_CELL_REF = re.compile(r"^([A-Z]+)([0-9]+)$")


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


def _check_archive(path: Path, name: str) -> None:
    """Refuse anything that is not a sane xlsx zip, before openpyxl sees it."""
    if not path.exists():
        raise WorkbookError(f"{name}: no such file")
    if path.is_dir():
        raise WorkbookError(f"{name}: is a folder, expected an Excel workbook (.xlsx)")
    if path.stat().st_size == 0:
        raise WorkbookError(f"{name}: the file is empty, expected an Excel workbook (.xlsx)")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{name}: not an Excel workbook (.xlsx); "
                            "save it from Excel as 'Excel Workbook (*.xlsx)'")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if "[Content_Types].xml" not in {m.filename for m in members}:
                raise WorkbookError(f"{name}: a zip file but not an Excel workbook (.xlsx)")
            if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
                raise WorkbookError(f"{name}: refused: its contents unpack to more than "
                                    f"{MAX_UNCOMPRESSED_BYTES // 10**9} GB")
            for member in members:
                if not member.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(member) as part:
                    prolog = part.read(_PROLOG_BYTES)
                if _ENTITY.search(prolog):
                    raise WorkbookError(
                        f"{name}: refused: {member.filename} declares XML entities "
                        "(a possible entity bomb); Excel never writes these")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise WorkbookError(f"{name}: damaged Excel workbook ({error})") from None


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
    path = Path(path)
    _check_archive(path, path.name)
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True,
                                      keep_vba=False, keep_links=False)
    except WorkbookError:
        raise
    except Exception as error:  # openpyxl raises a zoo of errors on damaged parts
        reason = type(error).__name__
        if "Entit" in reason or "DTD" in reason or "Forbidden" in reason:
            raise WorkbookError(f"{path.name}: refused: it declares XML entities "
                                "(a possible entity bomb)") from None
        raise WorkbookError(f"{path.name}: cannot be read as an Excel workbook "
                            f"({reason}: {error})") from None


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
    cell data in the sheet XML, so the part is decompressed and scanned with a regular
    expression (no XML parse: milliseconds even for large sheets).
    """
    if hasattr(worksheet, "merged_cells"):
        return [MergedRange(r.min_row, r.min_col, r.max_row, r.max_col)
                for r in worksheet.merged_cells.ranges]
    path = getattr(worksheet, "_worksheet_path", None)
    archive = getattr(worksheet.parent, "_archive", None)
    if path is None or archive is None:
        return []
    data = archive.read(path)
    return [MergedRange.parse(first.decode(), last.decode() if last else None)
            for first, last in _MERGE.findall(data)]


# --- fill colours -------------------------------------------------------------------------

# Office default theme (clrScheme order: dk1, lt1, dk2, lt2, accent1-6, hlink, folHlink).
_DEFAULT_THEME = ("000000", "FFFFFF", "44546A", "E7E6E6", "4472C4", "ED7D31", "A5A5A5",
                  "FFC000", "5B9BD5", "70AD47", "0563C1", "954F72")
_THEME_SCHEME = re.compile(
    rb"<a:(dk1|lt1|dk2|lt2|accent[1-6]|hlink|folHlink)>\s*<a:(?:srgbClr val|sysClr[^>]*lastClr)"
    rb'="([0-9A-Fa-f]{6})"')
_SCHEME_ORDER = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4",
                 "accent5", "accent6", "hlink", "folHlink")


def theme_colours(workbook) -> tuple[str, ...]:
    """The workbook's theme colours as RRGGBB in theme-index order (Office default if none).

    Theme index 0 is lt1 and 1 is dk1 (Excel swaps the first two pairs of the colour scheme).
    """
    found: dict[str, str] = {}
    theme = getattr(workbook, "loaded_theme", None)
    if theme:
        for key, value in _THEME_SCHEME.findall(theme):
            found.setdefault(key.decode(), value.decode().upper())
    scheme = [found.get(k, d) for k, d in zip(_SCHEME_ORDER, _DEFAULT_THEME)]
    scheme[0], scheme[1], scheme[2], scheme[3] = scheme[1], scheme[0], scheme[3], scheme[2]
    return tuple(scheme)


def _apply_tint(rrggbb: str, tint: float) -> str:
    """Excel's tint: lighten (tint > 0) or darken (tint < 0) in HLS space."""
    if not tint:
        return rrggbb
    r, g, b = (int(rrggbb[i:i + 2], 16) / 255 for i in (0, 2, 4))
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
    if pattern is None and hasattr(fill, "stop"):
        stops = getattr(fill, "stop", ())
        return colour_hex(stops[0].color, theme) if stops else None
    if pattern in (None, "none"):
        return None
    return colour_hex(fill.fgColor, theme) or colour_hex(fill.bgColor, theme)


def rag_from_colour(rrggbb: str | None) -> str | None:
    """Read a fill colour as ``"red"``, ``"amber"`` or ``"green"``; ``None`` if it is none of them.

    By hue: red 0-15° or 340-360°, amber (orange to yellow) 20-65°, green 70-170°, for colours
    with some saturation (greys and white are no rating).
    """
    if not rrggbb or not re.fullmatch(r"#[0-9A-Fa-f]{6}", rrggbb):
        return None
    r, g, b = (int(rrggbb[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, saturation, value = colorsys.rgb_to_hsv(r, g, b)
    degrees = hue * 360
    if saturation < 0.25 or value < 0.25:
        return None
    if degrees <= 15 or degrees >= 340:
        return "red"
    if 18 <= degrees <= 65:
        return "amber"
    if 70 <= degrees <= 170:
        return "green"
    return None


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
