"""Two builds of the same month's pack, figure by figure: are they identical?

    .venv/bin/python scripts/compare_packs.py BEFORE_PACK BEFORE_TABLES AFTER_PACK AFTER_TABLES

``*_PACK`` is a built pack's folder (``outputs/<period>/``), ``*_TABLES`` its tidy tables
(``data/processed/<period>/``). Compared: every key of ``summary.json`` (but ``built``, the
time of the build), every CSV (the same files, byte for byte) and every sheet of the workbook
(the same sheets, every cell's value). Numbers must be equal, not close: a restructuring that
moves code must not move a penny. Text naming the data folder (a note saying which file was
left out) is compared with each build's own folder (``*_TABLES/../..``) put alike. Prints one line per difference (at most 20 a file) and a
last line with the counts; exits 0 when identical, 1 otherwise.

Used to show that issue 19's restructuring changed no figure: build the sample pack and a
3,000-scheme pack (``scripts/make_scale_data.py 3000 DIR``) before and after, then compare.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

MAX_SHOWN = 20  # differences printed per file
IGNORED_KEYS = {"built"}  # summary.json: when the pack was built


ROOTS: list[str] = []  # the two builds' data roots (before, after): text naming them is put alike


def _alike(value):
    if isinstance(value, str) and ROOTS and ROOTS[0] != ROOTS[1]:
        return value.replace(ROOTS[0], ROOTS[1])
    if isinstance(value, bytes) and ROOTS and ROOTS[0] != ROOTS[1]:
        return value.replace(ROOTS[0].encode(), ROOTS[1].encode())
    return value


def _same(a, b) -> bool:
    a = _alike(a)
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def compare_summary(before: Path, after: Path) -> list[str]:
    """Every key of two ``summary.json`` files but the build time."""
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (before, after))
    out = []
    for key in sorted((set(a) | set(b)) - IGNORED_KEYS):
        if key not in a or key not in b:
            out.append(f"summary.json: {key}: only in {'after' if key in b else 'before'}")
        elif not _same(a[key], b[key]):
            out.append(f"summary.json: {key}: {a[key]!r} before, {b[key]!r} after")
    return out


def compare_csvs(before: Path, after: Path) -> tuple[list[str], int]:
    """The same CSV files, byte for byte; returns the differences and how many were compared."""
    names_a = {p.name for p in before.glob("*.csv")}
    names_b = {p.name for p in after.glob("*.csv")}
    out = [f"{n}: only before" for n in sorted(names_a - names_b)]
    out += [f"{n}: only after" for n in sorted(names_b - names_a)]
    for name in sorted(names_a & names_b):
        lines_a = [_alike(x) for x in (before / name).read_bytes().splitlines()]
        lines_b = (after / name).read_bytes().splitlines()
        if lines_a == lines_b:
            continue
        shown = 0
        for number, (x, y) in enumerate(zip(lines_a, lines_b), 1):
            if x != y and shown < MAX_SHOWN:
                out.append(f"{name} line {number}: {x[:160]!r} before, {y[:160]!r} after")
                shown += 1
        if len(lines_a) != len(lines_b):
            out.append(f"{name}: {len(lines_a)} lines before, {len(lines_b)} after")
    return out, len(names_a & names_b)


def _sheets(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


def compare_workbooks(before: Path, after: Path) -> tuple[list[str], int]:
    """Every sheet's every cell value; returns the differences and how many cells compared."""
    a, b = _sheets(before), _sheets(after)
    out = [f"{before.name}: sheet {s!r} only before" for s in a if s not in b]
    out += [f"{before.name}: sheet {s!r} only after" for s in b if s not in a]
    if list(a) != list(b) and not out:
        out.append(f"{before.name}: sheets in another order: {list(a)} / {list(b)}")
    cells = 0
    for sheet in [s for s in a if s in b]:
        rows_a, rows_b = a[sheet], b[sheet]
        if len(rows_a) != len(rows_b):
            out.append(f"{sheet}: {len(rows_a)} rows before, {len(rows_b)} after")
        shown = 0
        for r, (x, y) in enumerate(zip(rows_a, rows_b), 1):
            cells += max(len(x), len(y))
            if len(x) != len(y):
                out.append(f"{sheet} row {r}: {len(x)} cells before, {len(y)} after")
                continue
            for c, (u, v) in enumerate(zip(x, y), 1):
                if not _same(u, v) and shown < MAX_SHOWN:
                    out.append(f"{sheet} row {r} column {c}: {u!r} before, {v!r} after")
                    shown += 1
    return out, cells


def compare(before_pack: Path, before_tables: Path, after_pack: Path, after_tables: Path):
    """All differences between two builds, and what was compared (for the last line)."""
    ROOTS[:] = [str(before_tables.resolve().parents[1]), str(after_tables.resolve().parents[1])]
    problems = compare_summary(before_pack / "summary.json", after_pack / "summary.json")
    csv_problems, csvs = compare_csvs(before_tables, after_tables)
    problems += csv_problems
    books_a = sorted(before_pack.glob("*.xlsx"))
    books_b = sorted(after_pack.glob("*.xlsx"))
    cells = 0
    if [p.name for p in books_a] != [p.name for p in books_b]:
        problems.append(f"workbooks: {[p.name for p in books_a]} / {[p.name for p in books_b]}")
    for x, y in zip(books_a, books_b):
        book_problems, n = compare_workbooks(x, y)
        problems += book_problems
        cells += n
    keys = len(json.loads((before_pack / "summary.json").read_text(encoding="utf-8")))
    return problems, {"summary keys": keys, "CSV files": csvs, "workbook cells": cells}


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    problems, counts = compare(*(Path(a) for a in argv))
    for line in problems:
        print(line)
    compared = ", ".join(f"{n:,} {what}" for what, n in counts.items())
    verdict = "identical" if not problems else f"{len(problems)} difference(s)"
    print(f"{verdict}: compared {compared}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
