"""Loading a 5,000-scheme register: ``load_register`` against plain ``pandas.read_excel``.

The workbook is appendix-shaped (cover sheet, title rows, two-row merged header, RAG fills,
a totals row), built once in a temporary folder. ``pandas.read_excel`` is given the sheet and
no header, so it only has to read the cells; ``load_register`` also finds the sheet and
header, maps the columns, parses and validates every cell and checks the totals.
Target: no slower than ``read_excel`` (ratio >= 1).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "scripts"))

from run import best_of  # noqa: E402
from sample_data.register import HEADERS  # noqa: E402  (the appendix wording, 26/27)

N_SCHEMES = 5_000
FILLS = {w: PatternFill("solid", fgColor=c)
         for w, c in {"Green": "FF00B050", "Amber": "FFFFC000", "Red": "FFFF0000"}.items()}
WEIGHT = {"Green": 1.0, "Amber": 0.75, "Red": 0.5}


def build(path: Path, n_schemes: int = N_SCHEMES) -> Path:
    """Write an appendix-shaped register of ``n_schemes`` schemes (financial year 2026/27)."""
    workbook = Workbook()
    workbook.active.title = "Cover"
    workbook.active["B2"] = "NHS Northfield ICB: QIPP Plan 2026/27"
    sheet = workbook.create_sheet("Appendix 2 QIPP")
    sheet["A1"] = "NHS Northfield ICB"
    sheet["A2"] = "QIPP Plan 2026/27"
    groups = [("Scoping", 5, 11), ("Rag Rating 23/04/2026", 12, 16),
              ("Director Assessment 14/10/2026", 18, 20)]
    for title, first, last in groups:
        sheet.cell(4, first, title)
        sheet.merge_cells(start_row=4, start_column=first, end_row=4, end_column=last)
    for col, text in enumerate(HEADERS, start=1):
        grouped = any(first <= col <= last for _, first, last in groups)
        sheet.cell(5 if grouped else 4, col, text)
    words = list(WEIGHT)
    totals = [0.0] * 7
    for i in range(n_schemes):
        fye = 50_000 + (i * 7919) % 1_450_000
        month = 4 + i % 12
        go_live = dt.datetime(2026 + (month > 12), (month - 1) % 12 + 1, 1)
        months = 12 - i % 12
        overall = words[i % 3]
        plan = round(fye * months / 12)
        change = (-1, 0, None, 1)[i % 4]
        effective = max(0, min(12, months + (change or 0)))
        values = [i + 1, f"QIPP-{i + 1:05d}", "Planned Care", f"Scheme {i + 1}", 1 + i % 4,
                  go_live, months, fye * 2, fye, plan, fye - plan,
                  words[i % 3], words[(i + 1) % 3], words[(i + 2) % 3], words[i % 3], overall,
                  round(plan * WEIGHT[overall]), change,
                  round(fye * effective / 12 * WEIGHT[overall]),
                  round(fye - fye * effective / 12)]
        row = 6 + i
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col, value)
            if 12 <= col <= 16:
                cell.fill = FILLS[value]
        for k, col in enumerate((8, 9, 10, 11, 17, 19, 20)):
            totals[k] += values[col - 1]
    total_row = 6 + n_schemes + 1
    sheet.cell(total_row, 4, "Total")
    for k, col in enumerate((8, 9, 10, 11, 17, 19, 20)):
        sheet.cell(total_row, col, totals[k])
    workbook.save(path)
    return path


def run() -> list[dict]:
    import pandas as pd

    from commissioning_analytics.io.register import load_register

    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "register_5000.xlsx")
        load = load_register(path)
        assert len(load.schemes) == N_SCHEMES, len(load.schemes)
        ours = best_of(lambda: load_register(path))
        reference = best_of(lambda: pd.read_excel(path, sheet_name="Appendix 2 QIPP",
                                                  header=None, engine="openpyxl"))
    ratio = reference / ours
    return [{
        "name": f"load_register, {N_SCHEMES:,} schemes",
        "seconds": ours,
        "reference": "pandas.read_excel",
        "reference_seconds": reference,
        "ratio": ratio,
        "target": "no slower than pandas.read_excel (ratio >= 1)",
        "met": ratio >= 1.0,
    }]


if __name__ == "__main__":
    for result in run():
        print(result)
