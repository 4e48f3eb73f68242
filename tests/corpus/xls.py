"""A minimal Excel 97-2003 (.xls, BIFF8) writer for the corpus: text and numbers, one sheet,
merged cells. No maintained Python package writes .xls any more (xlwt is unmaintained), so the
tests build their .xls registers with this: an OLE2 compound file holding a "Workbook" stream of
BIFF8 records (BOF, BOUNDSHEET, EOF for the globals; BOF, DIMENSIONS, LABEL / NUMBER cells,
MERGEDCELLS, EOF for the sheet), as described in Microsoft's [MS-XLS] and [MS-CFB]
specifications. Enough for a reader to open; not a general writer (no styles, no dates: months
are written as text such as "Jul-13", as many old papers typed them).
"""

from __future__ import annotations

import struct
from pathlib import Path

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _text(value: str) -> bytes:
    data = value.encode("utf-16-le")
    return struct.pack("<HB", len(value), 1) + data


def _sheet(rows: list[list], merges: list[tuple[int, int, int, int]]) -> bytes:
    cells = []
    width = max((len(r) for r in rows), default=0)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value))))
            else:
                cells.append(_record(0x0204, struct.pack("<HHH", r, c, 0) + _text(str(value))))
    body = _bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    body += b"".join(cells)
    if merges:
        body += _record(
            0x00E5,
            struct.pack("<H", len(merges))
            + b"".join(struct.pack("<HHHH", r0, r1, c0, c1) for r0, c0, r1, c1 in merges),
        )
    return body + _record(0x000A)


def workbook_stream(
    sheet: str, rows: list[list], merges: list[tuple[int, int, int, int]] = ()
) -> bytes:
    """The BIFF8 "Workbook" stream of a one-sheet workbook. ``merges``: 0-based
    ``(first_row, first_col, last_row, last_col)``."""
    name = sheet.encode("latin-1")
    globals_without = (
        _bof(0x0005) + _record(0x0085, b"\0" * 6 + bytes([len(name), 0]) + name) + _record(0x000A)
    )
    offset = len(globals_without)
    globals_ = (
        _bof(0x0005)
        + _record(0x0085, struct.pack("<IH", offset, 0) + bytes([len(name), 0]) + name)
        + _record(0x000A)
    )
    return globals_ + _sheet(rows, list(merges))


def write_xls(
    path: Path, sheet: str, rows: list[list], merges: list[tuple[int, int, int, int]] = ()
) -> Path:
    """Write ``rows`` (text and numbers) as a one-sheet .xls (OLE2 compound file, version 3)."""
    stream = workbook_stream(sheet, rows, merges)
    size = max(len(stream), 4096)  # 4,096 bytes or more: regular sectors, no mini stream
    stream = stream.ljust(-(-size // _SECTOR) * _SECTOR, b"\0")
    n_stream = len(stream) // _SECTOR
    dir_sector = 1 + n_stream
    fat = [_FAT] + [i + 2 for i in range(n_stream - 1)] + [_END, _END]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, dir_sector, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    assert len(header) == _SECTOR

    def entry(name: str, kind: int, child: int, start: int, length: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        out = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
        out += struct.pack("<III", _FREE, _FREE, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        out += struct.pack("<III", start, length, 0)
        return out

    directory = entry("Root Entry", 5, 1, _END, 0) + entry("Workbook", 2, _FREE, 1, size)
    directory += (
        b"\0" * 64
        + struct.pack("<HBB", 0, 0, 0)
        + struct.pack("<III", _FREE, _FREE, _FREE)
        + b"\0" * 36
        + struct.pack("<III", 0, 0, 0)
    ) * 2
    assert len(directory) == _SECTOR
    path.write_bytes(header + struct.pack(f"<{_SECTOR // 4}I", *fat) + stream + directory)
    return path
