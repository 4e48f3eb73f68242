"""Synthetic data folders of N schemes, shaped as the sample data, for `make bench`.

    .venv/bin/python scripts/make_scale_data.py N OUT_DIR [--seed S]

writes ``OUT_DIR/qipp_register.xlsx`` (the appendix shape of the sample: cover sheet, title rows,
two-row merged header, RAG words with matching fills, one in twenty rating cells a fill with no
word, a totals row), ``qipp_actuals.xlsx`` (April to October 2026, from each scheme's forecast
start), ``plans/`` (the sample plans plus a milestone plan with a "Commencement of service"
for one scheme in ten, linked by ``file_ref``), ``deflection/`` and ``scenarios/`` (the
sample's). Every stated figure follows the rules of shared/DESIGN.md (rounded to the pound),
so the register reconciles and the pack's figures can be checked. Same N and seed, same
figures. Workbooks are written with XlsxWriter (30,000 schemes in seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from sample_data.register import GROUPS, HEADERS, SCHEMES, WEIGHTS, YEAR  # noqa: E402

FILLS = {"green": "#00B050", "amber": "#FFC000", "red": "#FF0000"}
THEMES = list(dict.fromkeys(theme for theme, _, _ in SCHEMES))


def schemes(n: int, seed: int = 2026) -> dict[str, np.ndarray]:
    """``n`` schemes with their stated figures, by the rules (arrays, one entry a scheme)."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(SCHEMES), n)
    phase = np.array([SCHEMES[k][2] for k in pick])
    fye = rng.integers(500, 15001, n) * 100.0
    gross = np.round(fye * rng.uniform(1.3, 2.6, n), -3)
    lo = np.array([4, 2, 1, 0])[phase - 1]
    hi = np.array([11, 9, 7, 4])[phase - 1]
    offset = lo + (rng.random(n) * (hi - lo + 1)).astype(int)
    already = (phase == 4) & (rng.random(n) < 0.5)
    offset = np.where(already, -rng.integers(1, 6, n), offset)
    greens = np.array([0.35, 0.5, 0.65, 0.85])[phase - 1]
    draws = rng.random((4, n))
    panel = np.where(draws < greens, "green", np.where(draws > 0.93, "red", "amber"))
    reds = (panel == "red").sum(axis=0)
    ambers = (panel == "amber").sum(axis=0)
    overall = np.where(reds >= 2, "red", np.where((reds >= 1) | (ambers >= 2), "amber", "green"))
    change = np.where(phase < 4, rng.choice([0, 0, 0, 0, -99, -99, -1, -1, -2, -3, 1], n), -99)
    months = np.clip(12 - offset, 0, 12)
    plan = fye * months / 12
    effective = np.clip(months + np.where(change == -99, 0, change), 0, 12)
    weight = np.vectorize(WEIGHTS.get)(overall)
    number = np.arange(1, n + 1)
    return {
        "no": number,
        "theme": np.array([SCHEMES[k][0] for k in pick]),
        "scheme": np.array([f"{SCHEMES[k][1]} ({i})" for i, k in zip(number, pick)]),
        "phase": phase,
        "offset": offset,
        "months": months,
        "gross": gross,
        "fye": fye,
        "plan": np.round(plan),
        "next": np.round(fye - plan),
        "panel": panel,
        "overall": overall,
        "likely": np.round(plan * weight),
        "change": change,
        "forecast": np.round(fye * effective / 12 * weight),
        "forecast_next": np.round(fye - fye * effective / 12),
        "start": np.where(
            change == -99,
            offset,
            np.clip(np.clip(offset, 0, 12) - np.where(change == -99, 0, change), 0, 12),
        ),
        "weight": weight,
    }


def _month(offset: int) -> dt.datetime:
    m = 3 + int(offset)
    return dt.datetime(YEAR + m // 12, m % 12 + 1, 1)


def write_register(path: Path, s: dict, *, shared_strings: bool = True) -> Path:
    """The register workbook; ``shared_strings`` as Excel saves text (else inline strings,
    XlsxWriter's low-memory mode)."""
    import xlsxwriter

    n = len(s["no"])
    book = xlsxwriter.Workbook(str(path), {"constant_memory": not shared_strings})
    cover = book.add_worksheet("Cover")
    cover.write(1, 1, "NHS Northfield ICB")
    cover.write(2, 1, f"QIPP Plan {YEAR}/{(YEAR + 1) % 100:02d}")
    sheet = book.add_worksheet("Appendix 2 QIPP")
    money = book.add_format({"num_format": '"£"#,##0'})
    month = book.add_format({"num_format": "mmm-yy"})
    fills = {w: book.add_format({"bg_color": c}) for w, c in FILLS.items()}
    sheet.write(0, 0, "NHS Northfield ICB")
    sheet.write(1, 0, f"QIPP Plan {YEAR}/{(YEAR + 1) % 100:02d}: schemes by transformation heading")
    grouped = set()
    for title, first, last in GROUPS:
        sheet.merge_range(3, first - 1, 3, last - 1, title)
        grouped |= set(range(first, last + 1))
    for col, text in enumerate(HEADERS, start=1):
        sheet.write(4 if col in grouped else 3, col - 1, text)
    totals = {
        k: 0.0 for k in ("gross", "fye", "plan", "next", "likely", "forecast", "forecast_next")
    }
    for i in range(n):
        row = 5 + i
        sheet.write_number(row, 0, int(s["no"][i]))
        if s["no"][i] % 5:
            sheet.write_string(row, 1, f"QIPP-{YEAR % 100}-{s['no'][i]:05d}")
        sheet.write_string(row, 2, s["theme"][i])
        sheet.write_string(row, 3, s["scheme"][i])
        sheet.write_number(row, 4, int(s["phase"][i]))
        sheet.write_datetime(row, 5, _month(s["offset"][i]), month)
        sheet.write_number(row, 6, int(s["months"][i]))
        for col, key in ((7, "gross"), (8, "fye"), (9, "plan"), (10, "next")):
            sheet.write_number(row, col, float(s[key][i]), money)
            totals[key] += float(s[key][i])
        words = [*s["panel"][:, i], s["overall"][i]]
        for k, word in enumerate(words):
            if k < 4 and i % 20 == 7:  # rated by its fill only: the reader's fill path runs
                sheet.write_blank(row, 11 + k, None, fills[word])
            else:
                sheet.write_string(
                    row, 11 + k, word.upper() if k == 4 else word.capitalize(), fills[word]
                )
        sheet.write_number(row, 16, float(s["likely"][i]), money)
        if s["change"][i] != -99:
            sheet.write_number(row, 17, int(s["change"][i]))
        sheet.write_number(row, 18, float(s["forecast"][i]), money)
        sheet.write_number(row, 19, float(s["forecast_next"][i]), money)
        for key in ("likely", "forecast", "forecast_next"):
            totals[key] += float(s[key][i])
    total_row = 5 + n + 1
    sheet.write_string(total_row, 3, "Total QIPP Plan")
    for col, key in (
        (7, "gross"),
        (8, "fye"),
        (9, "plan"),
        (10, "next"),
        (16, "likely"),
        (18, "forecast"),
        (19, "forecast_next"),
    ):
        sheet.write_number(total_row, col, totals[key], money)
    book.close()
    return path


def write_actuals(path: Path, s: dict, seed: int = 7, last_offset: int = 6) -> Path:
    """Actual savings April to October (offsets 0-6) from each scheme's forecast start."""
    import xlsxwriter

    rng = np.random.default_rng(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Actuals")
    money = book.add_format({"num_format": '"£"#,##0'})
    month = book.add_format({"num_format": "mmm-yy"})
    sheet.write(0, 0, f"NHS Northfield ICB: QIPP actual savings to date, {YEAR}/{(YEAR + 1) % 100}")
    for col, text in enumerate(["No", "Scheme", "Month", "Actual Saving £"]):
        sheet.write(2, col, text)
    row = 3
    for i in range(len(s["no"])):
        for m in range(max(0, int(s["start"][i])), last_offset + 1):
            sheet.write_number(row, 0, int(s["no"][i]))
            sheet.write_string(row, 1, s["scheme"][i])
            sheet.write_datetime(row, 2, _month(m), month)
            rate = s["fye"][i] / 12 * s["weight"][i] * rng.uniform(0.85, 1.1)
            sheet.write_number(row, 3, round(rate), money)
            row += 1
    book.close()
    return path


def write_plans(folder: Path, s: dict) -> list[Path]:
    """The sample plans, and a milestone plan commencing one scheme in ten, by file_ref."""
    import xlsxwriter

    folder.mkdir(parents=True, exist_ok=True)
    for sample in (ROOT / "data" / "raw" / "plans").glob("*.xlsx"):
        shutil.copy2(sample, folder / sample.name)
    path = folder / "commencement_milestones.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Milestones")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "Scheme mobilisation: commencement of service by scheme")
    for col, text in enumerate(
        ("Stage", "Milestone date", "Deliverables", "Lead", "Status", "File ref")
    ):
        sheet.write(2, col, text)
    row = 3
    for i in range(len(s["no"])):
        if s["no"][i] % 10 != 3:  # file_ref exists for every number not divisible by 5
            continue
        start = _month(s["start"][i] + (i % 3 == 0))  # a third run a month late
        sheet.write_string(row, 0, f"Commencement of service: scheme {s['no'][i]}")
        sheet.write_datetime(row, 1, start, date)
        sheet.write_string(row, 2, "First month of activity")
        sheet.write_string(row, 3, "PMO")
        sheet.write_string(row, 5, f"QIPP-{YEAR % 100}-{s['no'][i]:05d}")
        row += 1
    book.close()
    return [path]


def write(n: int, out_dir: Path, seed: int = 2026) -> Path:
    """Write a data folder of ``n`` schemes into ``out_dir``; returns it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    s = schemes(n, seed)
    write_register(out_dir / "qipp_register.xlsx", s)
    write_actuals(out_dir / "qipp_actuals.xlsx", s)
    write_plans(out_dir / "plans", s)
    for name in ("deflection", "scenarios"):
        source = ROOT / "data" / "raw" / name
        if source.is_dir():
            shutil.copytree(source, out_dir / name, dirs_exist_ok=True)
    return out_dir


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of schemes")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv[1:])
    print(write(args.n, args.out_dir, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
