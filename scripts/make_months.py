"""Realistic months: copies of the sample data folder changed the way real months differ.

    .venv/bin/python scripts/make_months.py SEED OUT_DIR [--changes K]

writes a copy of ``data/raw`` to ``OUT_DIR`` with ``K`` (default 3) changes chosen by ``SEED``
from :data:`CHANGES` and prints one line per change. The kinds are those of issue 18:

* blank and odd ratings (a panel or overall rating left blank with no fill, "GREEN ", "amber");
* schemes new, removed and renumbered against last month;
* odd dates (a go-live typed as text, "Jan-27");
* extra and reordered sheets (a notes sheet after the register, the cover moved last);
* optional inputs missing, damaged or in other formats (plans, deflection, commentary saved
  by Notepad, YAML commentary that is not valid, a plan saved as .csv that holds no plan);
* last month's tables with blanks, re-saved ids ("1.0"), renamed columns, emptied;
* odd units and dates in the actuals (kept in £000, an actual dated a year early);
* a partly reported month (some schemes' October actuals not yet in).

Each change says whether it may move a headline figure (:attr:`Change.moves_headline`) and,
where it has one, the words the pack must show for it (:attr:`Change.said`). The property test
(tests/e2e/test_months.py) builds the whole pack on such months: exit 0 with every oddity
named, or exit 2 with one line; never exit 1; and, where no change moves a headline figure,
the headline of the untouched sample. Same seed, same month.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles import PatternFill

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw"
PERIOD = "2026-10"
SHEET = "Appendix 2 QIPP"  # the sample register's sheet
HISTORY = Path("history") / "2026-09" / "schemes.csv"
PANELS = ("Value", "Resources", "Timeliness", "Co-dependency")


@dataclass(frozen=True)
class Change:
    """One way this month differs from the sample.

    Attributes:
        name: what was changed, in a few words.
        moves_headline: whether a headline figure may move (money, counts of schemes).
        said: words the pack must show for it ("" = none checked).
    """

    name: str
    moves_headline: bool = False
    said: str = ""


# --- the register ----------------------------------------------------------------------------


def _register(data: Path):
    path = data / "qipp_register.xlsx"
    book = load_workbook(path)
    return path, book, book[SHEET]


def _rows(sheet) -> dict[str, int]:
    """Scheme No -> row of the sample register."""
    out = {}
    for row in range(6, sheet.max_row + 1):
        value = sheet.cell(row, 1).value
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[str(int(value))] = row
    return out


def _column(sheet, header: str) -> int:
    for row in sheet.iter_rows(min_row=4, max_row=5):
        for cell in row:
            if cell.value is not None and str(cell.value).strip() == header:
                return cell.column
    raise KeyError(header)


def blank_panel_rating(data: Path, rng: random.Random) -> Change:
    path, book, sheet = _register(data)
    scheme = rng.choice(sorted(_rows(sheet)))
    panel = rng.choice(PANELS)
    cell = sheet.cell(_rows(sheet)[scheme], _column(sheet, panel))
    cell.value, cell.fill = None, PatternFill(fill_type=None)
    book.save(path)
    return Change(f"scheme {scheme}'s {panel} rating left blank (no fill)")


def blank_overall_rating(data: Path, rng: random.Random) -> Change:
    path, book, sheet = _register(data)
    scheme = rng.choice(sorted(_rows(sheet)))
    cell = sheet.cell(_rows(sheet)[scheme], _column(sheet, "Overall"))
    cell.value, cell.fill = None, PatternFill(fill_type=None)
    book.save(path)
    return Change(f"scheme {scheme}'s overall rating left blank (no fill)", moves_headline=True)


def odd_rating_words(data: Path, rng: random.Random) -> Change:
    path, book, sheet = _register(data)
    column = _column(sheet, rng.choice(PANELS))
    for row in _rows(sheet).values():
        cell = sheet.cell(row, column)
        if isinstance(cell.value, str):
            cell.value = rng.choice([cell.value.upper() + " ", " " + cell.value.lower()])
    book.save(path)
    return Change("a panel's ratings typed in capitals and with spaces")


def go_live_as_text(data: Path, rng: random.Random) -> Change:
    path, book, sheet = _register(data)
    column = _column(sheet, "Go 'Live' Date")
    scheme = rng.choice(sorted(_rows(sheet)))
    cell = sheet.cell(_rows(sheet)[scheme], column)
    month = pd.Timestamp(cell.value)
    cell.value = month.strftime("%b-%y")  # "Jan-27", as typed
    cell.number_format = "@"
    book.save(path)
    return Change(f"scheme {scheme}'s go-live typed as text ({cell.value})")


def scheme_removed(data: Path, rng: random.Random) -> Change:
    path, book, sheet = _register(data)
    scheme = rng.choice(sorted(_rows(sheet)))
    sheet.delete_rows(_rows(sheet)[scheme])
    book.save(path)
    return Change(f"scheme {scheme} removed from the register", moves_headline=True)


def scheme_renumbered(data: Path, rng: random.Random) -> Change:
    path, book, sheet = _register(data)
    scheme = rng.choice(sorted(_rows(sheet)))
    sheet.cell(_rows(sheet)[scheme], 1).value = 900 + int(scheme)
    book.save(path)
    return Change(
        f"scheme {scheme} renumbered {900 + int(scheme)} (its actuals name the old number)",
        moves_headline=True,
    )


def notes_sheet_added(data: Path, rng: random.Random) -> Change:
    path, book, _ = _register(data)
    notes = book.create_sheet("Notes")
    notes["A1"] = "Notes for the governing body"
    notes["A2"] = "Ratings were reviewed at the October panel."
    book.save(path)
    return Change("a notes sheet added after the register")


def cover_moved_last(data: Path, rng: random.Random) -> Change:
    path, book, _ = _register(data)
    if "Cover" in book.sheetnames:
        book.move_sheet("Cover", offset=len(book.sheetnames) - 1)
    book.save(path)
    return Change("the cover sheet moved after the register")


# --- actuals ---------------------------------------------------------------------------------


def partly_reported(data: Path, rng: random.Random) -> Change:
    path = data / "qipp_actuals.xlsx"
    book = load_workbook(path)
    sheet = book.worksheets[0]
    dropped = 0
    for row in reversed(range(4, sheet.max_row + 1)):  # No, Scheme, Month, Actual Saving £
        month = sheet.cell(row, 3).value
        try:
            is_october = pd.Timestamp(month).strftime("%Y-%m") == PERIOD
        except (TypeError, ValueError):
            continue
        if is_october and rng.random() < 0.4:
            sheet.delete_rows(row)
            dropped += 1
    book.save(path)
    return Change(f"{dropped} October actual(s) not yet in (a partly reported month)", True)


def actuals_in_thousands(data: Path, rng: random.Random) -> Change:
    path = data / "qipp_actuals.xlsx"
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(3, 4).value = "Actual Saving £000"
    for row in range(4, sheet.max_row + 1):
        cell = sheet.cell(row, 4)
        if isinstance(cell.value, int | float):
            cell.value = round(cell.value / 1000, 3)
    book.save(path)
    return Change("actuals kept in £000", moves_headline=True)


def actual_dated_last_year(data: Path, rng: random.Random) -> Change:
    path = data / "qipp_actuals.xlsx"
    book = load_workbook(path)
    sheet = book.worksheets[0]
    row = rng.randrange(4, sheet.max_row + 1)
    month = pd.Timestamp(sheet.cell(row, 3).value)
    sheet.cell(row, 3).value = month.replace(year=month.year - 1).to_pydatetime()
    book.save(path)
    return Change(f"an actual dated a year early (a typo, row {row})", moves_headline=True)


# --- last month's tables ---------------------------------------------------------------------


def _history(data: Path) -> pd.DataFrame:
    return pd.read_csv(data / HISTORY, dtype=str)


def history_blanks(data: Path, rng: random.Random) -> Change:
    frame = _history(data)
    rows = rng.sample(range(len(frame)), 3)
    frame.loc[rows[0], "rag_overall"] = None
    frame.loc[rows[1], "rag_value"] = None
    frame.loc[rows[2], "go_live"] = None
    frame.to_csv(data / HISTORY, index=False)
    return Change("last month's table with a blank rating and a blank go-live", said="not rated")


def history_resaved_ids(data: Path, rng: random.Random) -> Change:
    frame = _history(data)
    frame["scheme_id"] = frame["scheme_id"] + ".0"
    frame.to_csv(data / HISTORY, index=False)
    return Change("last month's ids re-saved as 1.0, 2.0 ...", said="written as numbers")


def history_renamed_columns(data: Path, rng: random.Random) -> Change:
    frame = _history(data).rename(
        columns={"scheme_id": "Scheme ID", "rag_overall": "RAG Overall", "go_live": "Go live"}
    )
    frame.to_csv(data / HISTORY, index=False)
    return Change("last month's columns renamed", said="columns read by their words")


def history_scheme_dropped(data: Path, rng: random.Random) -> Change:
    frame = _history(data)
    gone = rng.choice([i for i in frame["scheme_id"] if i != "31"])
    frame[frame["scheme_id"] != gone].to_csv(data / HISTORY, index=False)
    # named where the summary's movement lists the schemes new this month: "Name (No 21, +£598k)"
    return Change(f"scheme {gone} new against last month", said=f"(No {gone}, ")


def history_emptied(data: Path, rng: random.Random) -> Change:
    (data / HISTORY).write_bytes(rng.choice([b"", b"\x00\xff\xfe binary"]))
    return Change("last month's schemes.csv empty or not text", said="comparisons")


def history_gone(data: Path, rng: random.Random) -> Change:
    shutil.rmtree(data / "history")
    return Change("no last month's tables")


# --- optional inputs -------------------------------------------------------------------------


def commentary_cp1252(data: Path, rng: random.Random) -> Change:
    path = data / "commentary" / f"{PERIOD}.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    return Change("commentary saved by Notepad (Windows-1252)", said="read as Windows-1252")


def commentary_bad_yaml(data: Path, rng: random.Random) -> Change:
    (data / "commentary" / f"{PERIOD}.md").unlink(missing_ok=True)
    (data / "commentary" / f"{PERIOD}.yml").write_text(
        "pages:\n  summary: On track\n   savings_curves: [unclosed\n", encoding="utf-8"
    )
    return Change("YAML commentary that is not valid", said="not valid YAML")


def commentary_misplaced(data: Path, rng: random.Random) -> Change:
    path = data / "commentary" / f"{PERIOD}.md"
    text = path.read_text(encoding="utf-8") + "\n## Scheme 99\nNot ours.\n\n## Savings curve\nx\n"
    path.write_text(text, encoding="utf-8")
    return Change("commentary under an unknown scheme and a misspelt heading", said="scheme '99'")


def plan_in_another_format(data: Path, rng: random.Random) -> Change:
    name = rng.choice(["export.csv", "old_plan.xls"])
    content = b"a,b\n1,2\n" if name.endswith(".csv") else b"\xd0\xcf\x11\xe0 not a workbook"
    (data / "plans" / name).write_bytes(content)
    return Change(f"plans/{name} that holds no plan", said=name)


def plan_damaged(data: Path, rng: random.Random) -> Change:
    plan = rng.choice(sorted((data / "plans").glob("*.xlsx")))
    plan.write_bytes(plan.read_bytes()[:2000])  # a download cut short
    return Change(f"plans/{plan.name} cut short", said=plan.name)


def optional_folder_missing(data: Path, rng: random.Random) -> Change:
    folder = rng.choice(["plans", "deflection", "commentary", "scenarios"])
    shutil.rmtree(data / folder)
    return Change(f"no {folder}/ folder")


def intervention_without_activity(data: Path, rng: random.Random) -> Change:
    path = data / "deflection" / "activity.xlsx"
    book = load_workbook(path)
    sheet = book["Activity"]
    ids = sorted({str(c.value) for c in sheet["A"][3:] if c.value})
    gone = rng.choice(ids)
    for row in reversed(range(4, sheet.max_row + 1)):
        if sheet.cell(row, 1).value == gone:
            sheet.delete_rows(row)
    book.save(path)
    return Change(f"intervention {gone} with no activity rows", said=f"({gone})")


CHANGES: tuple[Callable[[Path, random.Random], Change], ...] = (
    blank_panel_rating,
    blank_overall_rating,
    odd_rating_words,
    go_live_as_text,
    scheme_removed,
    scheme_renumbered,
    notes_sheet_added,
    cover_moved_last,
    partly_reported,
    history_blanks,
    history_resaved_ids,
    history_renamed_columns,
    history_emptied,
    history_gone,
    commentary_cp1252,
    commentary_bad_yaml,
    commentary_misplaced,
    plan_in_another_format,
    plan_damaged,
    optional_folder_missing,
    intervention_without_activity,
    actuals_in_thousands,
    actual_dated_last_year,
    history_scheme_dropped,
)

# changes that edit the same file in ways that cannot both hold (the second would undo or
# contradict the first): at most one of each group in a month
_EXCLUSIVE = (
    {"history_blanks", "history_resaved_ids", "history_renamed_columns", "history_emptied",
     "history_gone", "history_scheme_dropped"},
    {"actuals_in_thousands", "actual_dated_last_year", "partly_reported"},
    {"history_scheme_dropped", "scheme_removed", "scheme_renumbered"},
    {"commentary_cp1252", "commentary_bad_yaml", "commentary_misplaced",
     "optional_folder_missing"},
    {"plan_in_another_format", "plan_damaged", "optional_folder_missing"},
    {"intervention_without_activity", "optional_folder_missing"},
)  # fmt: skip


def make_month(seed: int, target: Path, changes: int = 3, source: Path = SAMPLE) -> list[Change]:
    """A copy of ``source`` at ``target`` with ``changes`` changes chosen by ``seed``."""
    rng = random.Random(seed)
    shutil.copytree(source, target)
    chosen: list[Callable] = []
    for change in rng.sample(CHANGES, len(CHANGES)):
        clash = any(
            change.__name__ in group and any(c.__name__ in group for c in chosen)
            for group in _EXCLUSIVE
        )
        if not clash:
            chosen.append(change)
        if len(chosen) == changes:
            break
    return [change(target, rng) for change in chosen]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--changes", type=int, default=3)
    args = parser.parse_args(argv)
    for change in make_month(args.seed, args.out_dir, args.changes):
        print(f"{change.name}{' (may move the headline)' if change.moves_headline else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
