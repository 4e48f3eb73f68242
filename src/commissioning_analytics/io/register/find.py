"""Finding the table: the register's container by its suffix, and on a sheet the header
block among its first rows (:func:`..headers.find_header`), the rest of the rows left to read
lazily."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import tabular
from ..headers import find_header, is_header_like
from ..workbook import XlsxBook
from .fields import REGISTER_FIELDS
from .mapping import Mapping

SCAN_ROWS = 40  # rows of each sheet searched for a header


MIN_HEADER_COLUMNS = 3  # canonical columns a header row must name


def open_book(path: Path):
    """The register's container by its suffix: .xlsx/.xlsm here, CSV and .xls/.xlsb/.ods by
    :mod:`.tabular`; anything else is opened as .xlsx and refused in one line if it is not."""

    if path.suffix.lower() in tabular.SUFFIXES:
        return tabular.open_book(path)
    return XlsxBook(path)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, dt.date, dt.datetime)) and not isinstance(value, bool)


@dataclass
class _Sheet:
    """The first rows of a sheet (enough to find and read its header) and the rest, lazily."""

    title: str
    buffer: list  # (row_number, values, styles)
    rest: object  # iterator of the rows after the buffer
    block: tuple[int, int] | None
    merges: list


def _scan(book, title: str, mapping: Mapping | None, fields=REGISTER_FIELDS) -> _Sheet | None:
    rows = book.rows(title)
    if rows is None:
        return None
    scan = max(SCAN_ROWS, (mapping.header_row or 0) + 1) if mapping else SCAN_ROWS
    buffer = []
    for row in rows:
        buffer.append(row)
        if len(buffer) >= scan:
            break
    values = [v for _, v, _ in buffer]
    block = find_header(
        values,
        fields,
        MIN_HEADER_COLUMNS,
        header_row=mapping.header_row if mapping else None,
        strong=2.0,
    )
    if block is not None and mapping and mapping.header_row:
        first, last = block
        below = values[last + 1] if last + 1 < len(values) else []
        if first == last and is_header_like(below) and not any(_is_number(v) for v in below):
            block = (last, last + 1)  # header_row named the group row of a two-row header
    return _Sheet(title, buffer, rows, block, [])
