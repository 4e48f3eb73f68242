"""The tests' shared helpers (one module; tests never import each other).

Small registers and broken workbooks built with openpyxl, for the register tests.

The appendix layout here is the governing-body one, for 2013/14: a cover sheet, two title rows,
a two-row header with merged groups, schemes, a totals row and an unlabelled adjustment.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

from commissioning_analytics.schema import Scheme

APPENDIX_HEADERS = [
    "No",
    "File REF",
    "Transformation Heading",
    "Scheme",
    "Phase",
    "Go 'Live' Date",
    "No of Months Saving in 13/14",
    "Gross Opportunity / Current Cost",
    "(Full Year) Effect Net Saving",
    "13/14 Planned Saving",
    "14/15 Planned Saving",
    "Value",
    "Resources",
    "Timeliness",
    "Co-dependency",
    "Overall",
    "Most Likely Green 100% Amber 75% Red 50%",
    "Change in Delivery (Months +/-)",
    "2013/14 Delivery Value £",
    "2014/15 Delivery Value £",
]
GROUPS = [
    ("Scoping", 5, 11),
    ("Rag Rating 23/01/2013", 12, 16),
    ("Director Assessment 14/10/2013", 18, 20),
]
FILLS = {"green": "FF00B050", "amber": "FFFFC000", "red": "FFFF0000"}

# The worked example of the issue: FYE £602,000 live in July 2013 = 9 months, £451,500 in
# 2013/14 and £150,500 in 2014/15; amber weights £451,500 to £338,625; a change in delivery of
# -1 leaves 8 months: 602,000 x 8/12 x 0.75 = £301,000 in year, 602,000 - 401,333.33 =
# £200,666.67 next year.
EXAMPLE = [
    "1",
    "QIPP-01",
    "Planned Care",
    "MSK triage",
    2,
    dt.datetime(2013, 7, 1),
    9,
    900_000,
    602_000,
    451_500,
    150_500,
    "Green",
    "amber",
    "AMBER",
    "Red",
    "Amber",
    338_625,
    -1,
    301_000,
    200_667,
]
# FYE £120,000 live in April 2013 (text "Apr-13") = 12 months: £120,000 in year, £0 next,
# green so most likely £120,000; change blank = 0, forecast £120,000 and £0.
SECOND = [
    "2",
    None,
    "Prescribing",
    "Biosimilar switch",
    4,
    "Apr-13",
    12,
    "£150,000",
    "£120,000",
    120_000,
    0,
    "green",
    "green",
    "green",
    None,
    "green",
    120_000,
    None,
    120_000,
    0,
]
# FYE £60,000 live in January 2014 = 3 months: £15,000 in year, £45,000 next; red weighs
# £15,000 to £7,500; change +1 gives 4 months: 60,000 x 4/12 x 0.5 = £10,000 and £40,000.
THIRD = [
    "3",
    "QIPP-03",
    "Mental Health",
    "Crisis cafe",
    1,
    dt.datetime(2014, 1, 1),
    3,
    None,
    60_000,
    15_000,
    45_000,
    "red",
    "red",
    "amber",
    "red",
    "red",
    7_500,
    1,
    10_000,
    40_000,
]


def appendix(
    path: Path,
    schemes: list[list] | None = None,
    *,
    headers=None,
    totals: bool = True,
    cover: bool = True,
    sheet: str = "QIPP 13-14",
) -> Path:
    """An appendix-shaped register (2013/14); ``schemes`` rows follow APPENDIX_HEADERS."""
    schemes = [EXAMPLE, SECOND, THIRD] if schemes is None else schemes
    headers = headers or APPENDIX_HEADERS
    workbook = Workbook()
    if cover:
        workbook.active.title = "Cover"
        workbook.active["B2"] = "NHS Example CCG"
        workbook.active["B3"] = "QIPP Plan 2013/14"
        ws = workbook.create_sheet(sheet)
    else:
        ws = workbook.active
        ws.title = sheet
    ws["A1"] = "NHS Example CCG"
    ws["A2"] = "QIPP Plan 2013/14 - Appendix 2"
    ws.merge_cells("A1:T1")
    for title, first, last in GROUPS:
        ws.cell(4, first, title)
        ws.merge_cells(start_row=4, start_column=first, end_row=4, end_column=last)
    for col, text in enumerate(headers, start=1):
        grouped = any(first <= col <= last for _, first, last in GROUPS)
        ws.cell(5 if grouped else 4, col, text)
        if not grouped:
            ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    row = 6
    for values in schemes:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value)
            if isinstance(value, dt.datetime):
                cell.number_format = "mmm-yy"
            if 12 <= col <= 16 and isinstance(value, str) and value.lower() in FILLS:
                cell.fill = PatternFill("solid", fgColor=FILLS[value.lower()])
        row += 1
    if totals:
        row += 1  # a blank row, then the totals
        ws.cell(row, 4, "Total")
        for col in (8, 9, 10, 11, 17, 19, 20):
            amounts = [_pounds(values[col - 1]) for values in schemes]
            ws.cell(row, col, sum(a for a in amounts if a is not None))
        ws.cell(row + 1, 9, -50_000)  # unlabelled adjustment under the totals
        ws.cell(row + 1, 10, -25_000)
    workbook.save(path)
    return path


def _pounds(value):
    if isinstance(value, str):
        return float(value.replace("£", "").replace(",", ""))
    return value


def with_sheet_xml(source: Path, target: Path, edit) -> Path:
    """Copy a workbook, passing its first worksheet's XML through ``edit(bytes) -> bytes``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        names = [i.filename for i in old.infolist()]
        sheet = sorted(n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))[-1]
        for info in old.infolist():
            data = old.read(info)
            if info.filename == sheet:
                data = edit(data)
            new.writestr(info, data)
    return target


BOMB_DTD = (
    b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10)
        for i in range(9)
    )
    + b"]>"
)


def entity_bomb(source: Path, target: Path, padding: int = 0) -> Path:
    """``source`` with a billion-laughs DTD in its sheet XML and ``&j;`` in a cell.

    ``padding`` bytes of XML comment before the DTD push it past any short prolog scan.
    """

    def edit(data: bytes) -> bytes:
        if b"?>" in data:
            declaration, rest = data.split(b"?>", 1)
        else:
            declaration, rest = b'<?xml version="1.0" encoding="UTF-8"', data
        comment = b"<!--" + b"x" * padding + b"-->" if padding else b""
        rest = re.sub(rb"<v>[^<]*</v>", b"<v>&j;</v>", rest, count=1)
        return declaration + b"?>" + comment + BOMB_DTD + rest

    return with_sheet_xml(source, target, edit)


def as_excel_saves_it(source: Path, target: Path) -> Path:
    """``source`` rewritten the way Excel stores text: a shared-strings table (``t="s"``)
    instead of openpyxl's inline strings, the first string split into two rich-text runs."""
    with zipfile.ZipFile(source) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    strings: list[bytes] = []

    def share(match: re.Match) -> bytes:
        attrs, text = match[1], match[2]
        strings.append(text)
        return b'<c%st="s"><v>%d</v></c>' % (attrs, len(strings) - 1)

    for name in [n for n in parts if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]:
        xml = re.sub(rb'<c([^>]*?)t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', share, parts[name])
        parts[name] = xml
    items = [b"<si><t>%s</t></si>" % s for s in strings]
    if strings and len(strings[0]) > 1:
        first = strings[0]
        items[0] = b"<si><r><t>%s</t></r><r><rPr><b/></rPr><t>%s</t></r></si>" % (
            first[:1],
            first[1:],
        )
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
        b'uniqueCount="%d">%s</sst>' % (len(items), len(items), b"".join(items))
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
        b'Id="rIdSS" /></Relationships>',
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def three_schemes(
    change=(0.0, 0.0, 0.0), sources=("r.xlsx!QIPP!5", "r.xlsx!QIPP!6", "r.xlsx!QIPP!7")
):
    """A canonical register of three schemes, figures checkable by hand (board weights):

    1 Hips: Planned Care, phase 1, green, July 2026, FYE 120,000 -> 9 months = 90,000; next 30,000
    2 Generics: Prescribing, phase 3, amber, Oct 2026, FYE 240,000 -> 6 months = 120,000
      x 75% = 90,000 most likely; next 120,000
    3 Follow-ups: Planned Care, phase 4, green, Jan 2027, FYE 120,000 -> 3 months = 30,000;
      next 90,000
    Plan 240,000; forecast with no change in delivery 210,000.
    """
    import pandas as pd

    return pd.DataFrame(
        {
            "scheme_id": ["1", "2", "3"],
            "scheme": ["Hips", "Generics", "Follow-ups"],
            "theme": ["Planned Care", "Prescribing", "Planned Care"],
            "phase": pd.array([1, 3, 4], dtype="Int64"),
            "go_live": pd.PeriodIndex(["2026-07", "2026-10", "2027-01"], freq="M"),
            "fye_net_saving": [120_000.0, 240_000.0, 120_000.0],
            "rag_overall": ["green", "amber", "green"],
            "change_in_delivery_months": list(change),
            "source": list(sources),
        }
    )


# The small register a reader can work by hand (the report, headline and explorer tests).
def small_register() -> pd.DataFrame:
    """Three schemes of 2026/27, FYE £120k / £240k / £60k.

    A: live April 2026, green, no change       -> plan 120,000 (12 months), £10k a month
    B: live Oct 2026, amber, slips 2 months    -> plan 240,000 x 6/12 = 120,000; £20k a month
    C: live Jan 2027, red, gains 1 month       -> plan 60,000 x 3/12 = 15,000; £5k a month
    """
    return pd.DataFrame(
        {
            Scheme.scheme_id: ["A", "B", "C"],
            Scheme.file_ref: ["P1", None, None],
            Scheme.theme: ["Planned care", "Urgent care", "Planned care"],
            Scheme.scheme: ["Follow-ups", "Frailty unit", "Prescribing"],
            Scheme.phase: pd.array([4, 1, 2], dtype="Int64"),
            Scheme.go_live: pd.PeriodIndex(["2026-04", "2026-10", "2027-01"], freq="M"),
            Scheme.months_in_year: [12.0, 6.0, 3.0],
            Scheme.gross_opportunity: [200_000.0, 400_000.0, 90_000.0],
            Scheme.fye_net_saving: [120_000.0, 240_000.0, 60_000.0],
            Scheme.plan_in_year: [120_000.0, 120_000.0, 15_000.0],
            Scheme.plan_next_year: [0.0, 120_000.0, 45_000.0],
            Scheme.rag_value: ["green", "amber", "red"],
            Scheme.rag_resources: ["green", "red", "amber"],
            Scheme.rag_timeliness: ["green", "amber", "red"],
            Scheme.rag_codependency: ["amber", "amber", "green"],
            Scheme.rag_overall: ["green", "amber", "red"],
            Scheme.most_likely_in_year: [120_000.0, 90_000.0, 7_500.0],
            Scheme.change_in_delivery_months: [0.0, -2.0, 1.0],
            Scheme.forecast_in_year: [120_000.0, 60_000.0, 10_000.0],
            Scheme.forecast_next_year: [0.0, 160_000.0, 40_000.0],
            Scheme.source: ["r.xlsx!QIPP!5", "r.xlsx!QIPP!6", "r.xlsx!QIPP!7"],
        }
    )


def small_actuals() -> pd.DataFrame:
    # A saved £9k a month April-October 2026 (7 x 9,000 = 63,000); a November figure exists
    # but is after the reporting month; an unknown scheme "Z" is ignored.
    months = pd.period_range("2026-04", "2026-11", freq="M")
    frame = pd.DataFrame(
        {"scheme_id": "A", "month": months, "actual_gbp": 9_000.0, "source": "a.xlsx!Actuals!2"}
    )
    extra = pd.DataFrame(
        {
            "scheme_id": ["Z"],
            "month": pd.PeriodIndex(["2026-05"], freq="M"),
            "actual_gbp": [1e6],
            "source": ["a.xlsx!Actuals!99"],
        }
    )
    return pd.concat([frame, extra], ignore_index=True)


def board_register(*rows, **columns) -> pd.DataFrame:
    """A register of 2026/27 from ``(scheme_id, fye, go_live, rating, change)`` rows, named
    ``Scheme <id>``, phase 2, owner ``Owner <id>`` (the board paper's model tests); keyword
    arguments add or replace columns (one value per row)."""
    frame = pd.DataFrame(
        {
            Scheme.scheme_id: [str(r[0]) for r in rows],
            Scheme.scheme: [f"Scheme {r[0]}" for r in rows],
            Scheme.theme: "Planned care",
            Scheme.phase: pd.array([2] * len(rows), dtype="Int64"),
            Scheme.go_live: pd.PeriodIndex([r[2] for r in rows], freq="M"),
            Scheme.fye_net_saving: [float(r[1]) for r in rows],
            Scheme.rag_overall: [r[3] for r in rows],
            Scheme.change_in_delivery_months: [float(r[4]) for r in rows],
            Scheme.owner: [f"Owner {r[0]}" for r in rows],
        }
    )
    for name, values in columns.items():
        frame[name] = list(values)
    return frame


def actual_rows(*rows) -> pd.DataFrame:
    """Actuals from ``(scheme_id, month, pounds)`` rows."""
    return pd.DataFrame(
        {
            Scheme.scheme_id: [str(r[0]) for r in rows],
            "month": pd.PeriodIndex([r[1] for r in rows], freq="M"),
            "actual_gbp": [float(r[2]) for r in rows],
            "source": "a.xlsx!Actuals!2",
        }
    )


# Headless Chromium (the browser and print tests).
CHROMIUM = (
    shutil.which("chromium")
    or shutil.which("chromium-browser")
    or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
)


def require_chromium() -> str:
    if CHROMIUM:
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: CI must install Debian's chromium (.ci/run)")
    pytest.skip("chromium is not installed (apt-get install chromium); CI fails instead")


def dump_dom(page, profile) -> str:
    """The page's DOM after its scripts ran, from headless Chromium with networking off."""
    result = subprocess.run(
        [
            require_chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def damaged(source: Path, target: Path) -> Path:
    """A copy of ``source`` whose first sheet's XML is cut in the middle of a row."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    return target


def plan_as_of(path, as_of, **kwargs):
    """A plan read (``io.plans.load_plan``) with each task's status as of ``as_of`` (the
    model's rule, ``model.plans.with_status``), as the ``plan`` command and the pack read it."""
    import dataclasses

    from commissioning_analytics.io.plans import load_plan
    from commissioning_analytics.model.plans import with_status

    load = load_plan(path, **kwargs)
    return dataclasses.replace(load, tasks=with_status(load.tasks, as_of))


# ---------------------------------------------------------------------------------------------
# The whole pack through the real command, on an edited copy of the sample data (issue 18)

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "data" / "raw"
SAMPLE_SHEET = "Appendix 2 QIPP"  # the sample register's sheet
SAMPLE_HEADER_ROWS = 5  # its header ends on row 5; scheme No N is on row N + 5


def sample_copy(folder: Path) -> Path:
    """A copy of the sample data folder (with its ``history/``) at ``folder``."""
    shutil.copytree(SAMPLE_DATA, folder)
    return folder


def set_register_cell(data_dir: Path, scheme_id: int, header: str, value: object) -> None:
    """Set the sample register's cell of scheme ``scheme_id`` under ``header`` (row 4 or 5 of
    the header, e.g. ``"Value"``, ``"Overall"``); ``None`` leaves it blank and unfilled."""
    path = data_dir / "qipp_register.xlsx"
    book = load_workbook(path)
    sheet = book[SAMPLE_SHEET]
    columns = {
        str(cell.value).strip(): cell.column
        for row in sheet.iter_rows(min_row=4, max_row=SAMPLE_HEADER_ROWS)
        for cell in row
        if cell.value is not None
    }
    cell = sheet.cell(row=SAMPLE_HEADER_ROWS + scheme_id, column=columns[header])
    assert str(sheet.cell(row=cell.row, column=1).value) == str(scheme_id)
    cell.value = value
    if value is None:
        cell.fill = PatternFill(fill_type=None)
    book.save(path)


def run_pack(data_dir: Path, out_dir: Path, *args: str, period: str = "2026-10"):
    """``commissioning-analytics pack --data DIR --out OUT --period PERIOD`` as a user runs
    it (a new process); the completed process, text output."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "commissioning_analytics",
            "pack",
            "--data",
            str(data_dir),
            "--out",
            str(out_dir),
            "--period",
            period,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )


def no_traceback(result) -> None:
    """A run ended 0 or 2, never 1, and printed no traceback."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 2), result.stderr[-3000:]


# One number per label (issue 20 item 7): the (label, figure) pairs a reader sees on a page.
MONEY_FIGURE = re.compile(r"([+−-]?)£(\d[\d,]*(?:\.\d+)?)(bn|m|k)?")
_LABELLED = re.compile(
    r"(?:^|[.;(]\s+)([A-Z][^.:;£()]{2,80}?(?:\([^()£]{1,60}\))?)\s*:\s*\**([+−-]?£[\d.,]+(?:bn|m|k)?)"
)


def money_value(text: str) -> float | None:
    """Pounds of the first money figure in ``text`` (``£1.35m``, ``−£28.7k``, ``£10,198,185``),
    its sign ignored (a bridge shows a loss as a negative step); ``None`` without one."""
    found = MONEY_FIGURE.search(text)
    if not found:
        return None
    number = float(found.group(2).replace(",", ""))
    return number * {"bn": 1e9, "m": 1e6, "k": 1e3, None: 1.0}[found.group(3)]


def _label_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("¶", "")).strip(" :").lower()


def label_figures(page_html: str) -> list[tuple[str, str]]:
    """The (label, figure) pairs of a pack page: each card's label and value; each table cell
    holding money, labelled by its row's words before it and its column's header; and "Label: £x"
    in the text. Labels lower case, whitespace collapsed."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    for tag in soup(["script", "style", "svg", "nav"]):
        tag.decompose()
    pairs: list[tuple[str, str]] = []
    for card in soup.select("[data-figure]"):
        value = card.select_one(".value")
        if value is not None and MONEY_FIGURE.search(value.get_text()):
            pairs.append((_label_key(card["data-figure"]), value.get_text(strip=True)))
    for table in soup.find_all("table"):
        head_row = table.find("tr")
        headers = [c.get_text(" ", strip=True) for c in head_row.find_all(["th", "td"])]
        for row in table.find_all("tr")[1:]:
            cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
            if len(cells) < 2 or MONEY_FIGURE.search(cells[0]):
                continue
            for j, cell in enumerate(cells[1:], start=1):
                if MONEY_FIGURE.fullmatch(cell.strip()) and j < len(headers):
                    row_label = " ".join(c for c in cells[:j] if not MONEY_FIGURE.search(c))
                    pairs.append((_label_key(f"{row_label} | {headers[j]}"), cell.strip()))
        table.decompose()
    for block in soup.find_all(["p", "li", "div"]):
        if block.find(["p", "li", "div"]):
            continue
        text = re.sub(r"\s+", " ", block.get_text(" ", strip=True))
        for label, figure in _LABELLED.findall(text):
            pairs.append((_label_key(label), figure))
    return pairs


def sample_system(out_dir: Path) -> Path:
    """The three-organisation sample system (scripts/make_system_data.py) in ``out_dir``:
    NF-ICB (the shipped sample), NF-TRUST (its scheme 1004 has the ICB's "Virtual ward for frail
    older people" name and theme) and NF-COUNCIL (no plans, no deflection; its scheme 1003
    shares the trust's scheme 1003's plan reference)."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "make_system_data.py"
    spec = importlib.util.spec_from_file_location("make_system_data", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.sample_system(Path(out_dir))


# Realistic months of the sample data folder, one change at a time (issue 18, data level).
SAMPLE_DATA = Path(__file__).resolve().parents[1] / "data" / "raw"


def sample_folder(target: Path, history: bool = False) -> Path:
    """A copy of the sample data folder (without last month's tables unless ``history``)."""
    shutil.copytree(
        SAMPLE_DATA, target, ignore=None if history else shutil.ignore_patterns("history")
    )
    return target


def _edit_workbook(path: Path, edit) -> Path:
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


def register_copy_first(folder: Path, sheet: str = "Appendix 2 QIPP") -> str:
    """Excel's Move or Copy: a copy of the register sheet placed first; returns its name."""

    def edit(book):
        copy = book.copy_worksheet(book[sheet])
        copy.title = f"{sheet} (2)"
        book.move_sheet(copy, offset=-(len(book.sheetnames) - 1))

    _edit_workbook(folder / "qipp_register.xlsx", edit)
    return f"{sheet} (2)"


def last_months_actuals_first(folder: Path, last: int = 9) -> str:
    """Last month's actuals tab (months to ``last``, titled M1-M6) placed first."""

    def edit(book):
        copy = book.copy_worksheet(book["Actuals"])
        copy.title = "Actuals Sep"
        copy["A1"] = "NHS Northfield ICB: QIPP actual savings to date, 2026/27 (M1-M6)"
        for row in copy.iter_rows(min_row=4):
            when = row[2].value
            if isinstance(when, dt.datetime) and when.month > last:
                for cell in row:
                    cell.value = None
        book.move_sheet(copy, offset=-(len(book.sheetnames) - 1))

    _edit_workbook(folder / "qipp_actuals.xlsx", edit)
    return "Actuals Sep"


def add_actuals(folder: Path, *rows) -> None:
    """Append ``(scheme_no, month 'YYYY-MM', pounds)`` rows to the sample actuals sheet."""

    def edit(book):
        sheet = book["Actuals"]
        for number, month, pounds in rows:
            when = dt.datetime.strptime(month, "%Y-%m")
            sheet.append([number, "", when, pounds])

    _edit_workbook(folder / "qipp_actuals.xlsx", edit)


def drop_actuals(folder: Path, scheme: int, month: str) -> None:
    """Blank a scheme's actual for a month (no record: not a saving of £0)."""

    def edit(book):
        for row in book["Actuals"].iter_rows(min_row=4):
            when = row[2].value
            if row[0].value == scheme and isinstance(when, dt.datetime):
                if when.strftime("%Y-%m") == month:
                    row[3].value = None

    _edit_workbook(folder / "qipp_actuals.xlsx", edit)


def actuals_in_thousands(folder: Path) -> None:
    """The sample actuals kept in £000 ("Actual Saving £000", 14.261 for £14,261)."""

    def edit(book):
        sheet = book["Actuals"]
        sheet["D3"] = "Actual Saving £000"
        for row in sheet.iter_rows(min_row=4):
            if isinstance(row[3].value, (int, float)):
                row[3].value = row[3].value / 1000

    _edit_workbook(folder / "qipp_actuals.xlsx", edit)


def blank_rating_and_no_go_live(folder: Path) -> None:
    """Scheme 1's overall rating blank with no fill (not yet rated), and the go-live column
    deleted (derived from "No of Months")."""

    def edit(book):
        sheet = book["Appendix 2 QIPP"]
        sheet["P6"].value = None
        sheet["P6"].fill = PatternFill(fill_type=None)
        sheet.delete_cols(6)

    _edit_workbook(folder / "qipp_register.xlsx", edit)


def half_month_change(folder: Path) -> None:
    """Scheme 1 (FYE £245,100, live July, amber) gains half a month instead of losing three."""

    def edit(book):
        book["Appendix 2 QIPP"]["R6"] = 0.5

    _edit_workbook(folder / "qipp_register.xlsx", edit)
