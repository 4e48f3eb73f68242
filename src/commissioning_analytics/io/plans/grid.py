"""Reading cells: a sheet as a grid of values, fills and outline levels, and what a cell says (a
state word, a date in a title, a mark)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from xml.parsers import expat

from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils import get_column_letter

from ... import calendar
from ...errors import Problem, UserError, WorkbookError
from ..plan_dates import (
    parse_due,
    year_period,
)
from ..workbook import merged_ranges

# --- reading cells -----------------------------------------------------------------------


def fill_colour(fill) -> str | None:
    """A cell fill as a comparable key: ``"#RRGGBB"`` for RGB and indexed colours,
    ``"theme4+0.40"`` for theme colours with a tint, ``None`` for no fill, white, or the
    theme's "Background 1" without a tint (templates paint whole grids with it). Pattern
    fills (hatching) count by their pattern colour.

    (The register helper's ``io.workbook`` may provide a shared normaliser; this one is local
    so that plans do not wait for it.)
    """
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    colour = fill.fgColor
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        hex_ = colour.rgb[-6:].upper()
    elif colour.type == "indexed" and isinstance(colour.indexed, int):
        if colour.indexed >= len(COLOR_INDEX):  # 64/65: system foreground/background
            return None
        hex_ = COLOR_INDEX[colour.indexed][-6:].upper()
    elif colour.type == "theme" and isinstance(colour.theme, int):
        tint = float(colour.tint or 0.0)
        if colour.theme == 0 and not tint:  # "Background 1": the sheet's own background
            return None
        return f"theme{colour.theme}" + (f"{tint:+.2f}" if tint else "")
    else:
        return None
    return None if hex_ == "FFFFFF" else f"#{hex_}"


@dataclass
class _Grid:
    values: list[list[object]]
    fills: list[list[str | None]]
    bold: list[bool]
    merges: list = field(default_factory=list)
    levels: dict[int, int] = field(default_factory=dict)  # row (0-based) -> outline level

    def merged_down(self, first_body: int) -> int:
        """Give every cell of a cell merged down over several body rows (a lead, a work area
        or a due date written once beside the actions it covers) the merged cell's value;
        the number of cells given one."""
        given = 0
        for m in self.merges:
            top, col = m.min_row - 1, m.min_col - 1
            if m.max_row == m.min_row or top < first_body or top >= self.n_rows:
                continue
            value = self.value(top, col)
            if value is None:
                continue
            for r in range(top + 1, min(m.max_row, self.n_rows)):
                row = self.values[r]
                if col < len(row) and row[col] is None:
                    row[col] = value
                    given += 1
                elif col >= len(row):
                    row.extend([None] * (col - len(row)) + [value])
                    self.fills[r].extend([None] * (len(row) - len(self.fills[r])))
                    given += 1
        return given

    @property
    def n_rows(self) -> int:
        return len(self.values)

    def value(self, r: int, c: int):
        row = self.values[r]
        return row[c] if c < len(row) else None

    def fill(self, r: int, c: int):
        row = self.fills[r]
        return row[c] if c < len(row) else None

    def text(self, r: int, c: int | None) -> str | None:
        if c is None:
            return None
        value = self.value(r, c)
        if value is None:
            return None
        written = getattr(value, "written", None)  # a CSV's "1.10" stays "1.10"
        if written is not None:
            return written
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def row_empty(self, r: int) -> bool:
        return all(
            v is None or (isinstance(v, str) and not v.strip()) for v in self.values[r]
        ) and not any(self.fills[r])


def _read_sheet(ws, name: str, title: str) -> _Grid:
    """:func:`_read_grid`, a damaged sheet becoming one line naming file and sheet."""
    try:
        return _read_grid(ws)
    except UserError:
        raise
    except Exception as error:  # openpyxl raises a zoo of errors on damaged sheet XML
        raise WorkbookError(
            Problem(
                name, f"the sheet cannot be read: it is damaged ({type(error).__name__})", title
            )
        ) from None


def _read_grid(ws) -> _Grid:
    values, fills, bold = [], [], []
    for row in ws.iter_rows():
        values.append([c.value for c in row])
        fills.append([fill_colour(c.fill) for c in row])
        bold.append(any(c.value is not None and c.font is not None and c.font.b for c in row))
    # trailing empty rows carry nothing
    while values and all(v is None for v in values[-1]) and not any(fills[-1]):
        values.pop(), fills.pop(), bold.pop()
    return _Grid(values, fills, bold, merged_ranges(ws), _row_levels(ws))


def _row_levels(ws) -> dict[int, int]:
    """Rows grouped in outline (Excel's row grouping: Smartsheet exports its hierarchy so, a
    child row one level below its parent): 0-based row -> outline level, for rows above 0.

    A streaming worksheet has no row dimensions, so its sheet XML is read once more through
    expat for the ``<row outlineLevel=...>`` attributes (the part was checked well-formed and
    free of entity declarations when the workbook was opened)."""
    if hasattr(ws, "row_dimensions") and not hasattr(ws, "_worksheet_path"):
        return {
            r - 1: d.outline_level
            for r, d in ws.row_dimensions.items()
            if getattr(d, "outline_level", 0)
        }
    path = getattr(ws, "_worksheet_path", None)
    archive = getattr(ws.parent, "_archive", None)
    if path is None or archive is None:
        return {}
    levels: dict[int, int] = {}

    def start(tag, attrs):
        if tag.rpartition(":")[2] == "row":
            level, number = attrs.get("outlineLevel"), attrs.get("r")
            if level and level.isdigit() and int(level) and number and number.isdigit():
                levels[int(number) - 1] = int(level)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        with archive.open(path) as part:
            while chunk := part.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, KeyError, OSError):
        return {}
    return levels


def _cell(r: int, c: int) -> str:
    return f"{get_column_letter(c + 1)}{r + 1}"


def _fy_hint(grid: _Grid, rows) -> int | None:
    for r in rows:
        for value in grid.values[r]:
            if isinstance(value, str):
                year = calendar.find_fy_label(value)
                if year is not None:
                    return year
    return None


def _state(value) -> str | None:
    """A status/progress cell as a state word: "Done" -> complete, 100% -> complete,
    40% -> in progress, 0% -> not started; other text kept in lower case."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        share = value / 100 if value > 1 else value
        return "complete" if share >= 1 else ("in progress" if share > 0 else "not started")
    text = str(value).strip()
    percent = re.fullmatch(r"(\d{1,3})\s*%", text)
    if percent:
        return _state(int(percent[1]) / 100)
    if text.lower() in ("y", "yes", "✓", "✔"):  # a "Complete? (Y/N)" column
        return "complete"
    if text.lower() in ("n", "no"):
        return None  # not complete says nothing more than the dates do
    return parse_due(text).state or text.lower()


def _title_date(grid: _Grid, rows) -> dt.date | None:
    for r in rows:
        for value in grid.values[r]:
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, str):
                due = parse_due(value)
                if due.end is not None and (due.start, due.end) != year_period(value):
                    return due.end  # a day or a month, not a year the title names
    return None


_MARK = re.compile(r"^\s*(?:[xX✓✔■□█▇▆●◆♦*+]|yes|y)\s*$")
"""A Gantt cell marked by a character instead of a fill (``x``, ``■``, ``●``...)."""


def _marked(grid: _Grid, r: int, c: int) -> bool:
    """A painted (or marked) cell of a Gantt grid: a bar."""
    if grid.fill(r, c) is not None:
        return True
    value = grid.value(r, c)
    return isinstance(value, str) and bool(_MARK.match(value))


def _xlsx_grid(workbook, name: str, title: str) -> _Grid | None:
    """A worksheet's values, fills and merges (``None`` for a chart sheet)."""
    ws = workbook[title]
    if not hasattr(ws, "iter_rows"):
        return None
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some writers record wrong dimensions
    return _read_sheet(ws, name, title)


def _values_grid(book, title: str) -> _Grid | None:
    """A CSV export or an .xls/.xlsb/.ods sheet (:mod:`.tabular`): values and merges, no
    fills (an action log or milestone plan reads whole; a Gantt only where its bars are
    marked "x", not painted)."""
    found = book.rows(title)
    if found is None:
        return None
    values = [list(v) for _, v, _ in found]
    while values and all(v is None for v in values[-1]):
        values.pop()
    return _Grid(
        values, [[None] * len(v) for v in values], [False] * len(values), book.merges(title)
    )
