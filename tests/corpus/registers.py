"""A corpus of register layouts as commissioners and providers publish them, built at test time.

Each shape is a function ``build(folder) -> Path`` that writes one small register (into a
temporary folder; nothing is committed but this script) and carries what a reader must find in
it (:class:`Expected`): its kind, financial year, money unit, the canonical column each header
must be read as, and hand-checkable values of a few schemes. The shapes are modelled on the
layouts of public papers (the wording varies from paper to paper; none copies one):

* governing-body QIPP appendices (a two-row header with merged groups, ratings under a
  "Rag Rating <date>" group, "Director Assessment" forecasts), as in CCG board papers;
* CCG finance-report QIPP trackers (a plan month by month, YTD plan / actual / variance, a
  forecast outturn, all in £000 or £k; e.g. the "QIPP Performance Report" tables of London CCG
  finance packs: "Unique Ref, Project Name, POD, Gross Plan, Gross Actual, Gross Variance");
* provider CIP trackers (scheme reference, division, recurrent Y/N, FYE and in-year plan in
  £000, SRO, narrative), as in trust board finance reports;
* CSV exports, OpenDocument (.ods) and Excel 97-2003 (.xls, written by ``xls.py`` here)
  workbooks of the same tables.

Most are deliberately unlike the shipped sample (``data/raw``): other words, other column
orders, units, year forms and extra columns (CQUIN, QIA approval, notes) a reader must leave.

Shapes 22-30 were added from outside the first corpus, each tried before the reader changed:
a CCG governing body finance report's QIPP table at month 7 (annual plan, YTD, forecast outturn,
risk rating, no go-live or FYE), a Better Care Fund pooled-budget savings tracker ("Saving
2024/25 £", "Saving 2025/26 £"), a trust CIP tracker by division (full and part year effect,
Plan and Actual M1-M12 blocks), five-point letter ratings ("A/G", "A/R"), the year only in the
sheet name, a printed layout starting in column C under notes rows with a spacer column, an ICB
efficiency appendix in £m with one decimal, a London CCG "QIPP Performance Report" (the same
Gross Plan / Actual / Variance sub-headers under "Year to date" and "Full year forecast"
groups), a council savings progress table (target, forecast, variance, RAG), and a CIP
tracker with its divisions as heading rows over their schemes, a delivery risk rated High /
Medium / Low, savings written as negative figures (reductions in spend), a CIP plan split into
recurrent and non-recurrent amounts, an ICB plan with its years as group cells over Plan /
Forecast / Variance, a month-7 return with only a "Full year plan", and a plan phased by
quarter with its total row above the schemes, and a programme column merged down beside its
schemes (one scheme written over two rows), and a workbook opening with a summary by
programme before its schemes, monthly actuals under a single merged "Actual" cell, and a slippage given in money.

The WHOLE shapes (issue 17's classes: ratings of other scales, next-year "Impact" and "2023/24 (£)"
year columns, quarterly phasing, a deleted go-live column, words of no scale, and refusals: a
Move-or-Copy duplicate, an actuals workbook, quarters with no year) carry the whole table
expected, every column of every scheme, or the exact refusal.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import PatternFill

FILLS = {"green": "FF00B050", "amber": "FFFFC000", "red": "FFFF0000"}
MONTHS_19 = [
    "Apr-19",
    "May-19",
    "Jun-19",
    "Jul-19",
    "Aug-19",
    "Sep-19",
    "Oct-19",
    "Nov-19",
    "Dec-19",
    "Jan-20",
    "Feb-20",
    "Mar-20",
]


@dataclass
class Expected:
    """What a reader must find in a corpus register.

    Attributes:
        kind: what ``inspect`` calls the sheet ("register" or "monthly tracker").
        sheet: the sheet the register is on.
        year: the financial year (starting calendar year).
        n_schemes: schemes read.
        columns: header text (as ``inspect`` shows it) -> canonical column.
        schemes: scheme_id -> {canonical column: value} (money in £, go-live as YYYY-MM).
        unit: the money unit named in the load report ("£", "£000", "£m").
        monthly: scheme_id -> {YYYY-MM: plan £} for trackers.
    """

    kind: str
    sheet: str
    year: int
    n_schemes: int
    columns: dict[str, str]
    schemes: dict[str, dict]
    unit: str = "£"
    monthly: dict[str, dict] = field(default_factory=dict)


SHAPES: dict[str, tuple] = {}


def shape(expected: Expected):
    def register(build):
        SHAPES[build.__name__] = (build, expected)
        return build

    return register


def _sheet(wb, title, rows, merges=(), fills=None, first=True):
    ws = wb.active if first else wb.create_sheet(title)
    ws.title = title
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                cell = ws.cell(r, c, value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "mmm-yy"
    for ref in merges:
        ws.merge_cells(ref)
    for ref, colour in (fills or {}).items():
        ws[ref].fill = PatternFill("solid", fgColor=FILLS[colour])
    return ws


def _rag_fills(rows, first_row, columns):
    """Fills matching the RAG words in ``columns`` (letters) of ``rows`` from ``first_row``."""
    out = {}
    for i, values in enumerate(rows):
        for letter in columns:
            index = ord(letter) - 65
            value = values[index] if index < len(values) else None
            if isinstance(value, str) and value.lower() in FILLS:
                out[f"{letter}{first_row + i}"] = value.lower()
    return out


# 1 -------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Appendix A",
        year=2013,
        n_schemes=3,
        columns={
            "Ref": "scheme_id",
            "Programme": "theme",
            "Scheme title": "scheme",
            "Scoping / Start date": "go_live",
            "Scoping / Months 13/14": "months_in_year",
            "Scoping / FYE £": "fye_net_saving",
            "Scoping / 2013/14 £": "plan_in_year",
            "Scoping / 2014/15 £": "plan_next_year",
            "Rag Rating 23/01/2013 / Quality": "rag_value",
            "Rag Rating 23/01/2013 / Scheme delivery": "rag_resources",
            "Rag Rating 23/01/2013 / Data": "rag_timeliness",
            "Rag Rating 23/01/2013 / Contracting": "rag_codependency",
            "Rag Rating 23/01/2013 / Overall": "rag_overall",
        },
        schemes={
            "A1": {
                "scheme": "Community IV therapy",
                "go_live": "2013-10",
                "fye_net_saving": 240_000,
                "plan_in_year": 120_000,
                "plan_next_year": 120_000,
                "rag_overall": "amber",
                "rag_resources": "green",
            },
            "A3": {"go_live": "2013-04", "plan_in_year": 90_000, "rag_overall": "red"},
        },
    )
)
def gb_appendix_arbitrary_ratings(folder: Path) -> Path:
    """A governing-body QIPP appendix (2013/14) whose "Rag Rating" panel uses sub-headers no
    word list knows ("Quality", "Scheme delivery", "Data", "Contracting"); "Scheme delivery"
    holds ratings, not names. Plan columns are named by the year alone under a "Scoping" group.
    """
    rows = [
        ["NHS Eastshire CCG: QIPP schemes 2013/14"],
        [],
        [
            "Ref",
            "Programme",
            "Scheme title",
            "Scoping",
            None,
            None,
            None,
            None,
            "Rag Rating 23/01/2013",
        ],
        [
            None,
            None,
            None,
            "Start date",
            "Months 13/14",
            "FYE £",
            "2013/14 £",
            "2014/15 £",
            "Quality",
            "Scheme delivery",
            "Data",
            "Contracting",
            "Overall",
        ],
        [
            "A1",
            "Urgent care",
            "Community IV therapy",
            dt.datetime(2013, 10, 1),
            6,
            240_000,
            120_000,
            120_000,
            "Green",
            "Green",
            "Amber",
            "Amber",
            "Amber",
        ],
        [
            "A2",
            "Urgent care",
            "Frailty unit",
            dt.datetime(2013, 7, 1),
            9,
            100_000,
            75_000,
            25_000,
            "Amber",
            "Red",
            "Amber",
            "Green",
            "Amber",
        ],
        [
            "A3",
            "Prescribing",
            "Generic switching",
            "Apr-13",
            12,
            90_000,
            90_000,
            0,
            "Red",
            "Red",
            "Red",
            "Amber",
            "Red",
        ],
    ]
    wb = Workbook()
    _sheet(
        wb,
        "Appendix A",
        rows,
        merges=("D3:H3", "I3:M3", "A3:A4", "B3:B4", "C3:C4"),
        fills=_rag_fills(rows[4:], 5, "IJKLM"),
    )
    path = folder / "eastshire_appendix.xlsx"
    wb.save(path)
    return path


# 2 -------------------------------------------------------------------------------------------
_PLANS_2 = {
    "Q01": [0, 0, 0, 5, 5, 10, 10, 10, 10, 10, 10, 10],  # ramps from July: 80 (£000)
    "Q02": [12.5] * 12,  # from April: 150
    "Q03": [0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 20, 20],  # from January: 60
}


@shape(
    Expected(
        kind="monthly tracker",
        sheet="QIPP M6",
        year=2019,
        n_schemes=3,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Workstream": "theme",
            "Scheme": "scheme",
            "Lead": "owner",
            "Annual Plan": "plan_in_year",
            "Forecast Outturn": "forecast_in_year",
            "Comments": "commentary",
        },
        schemes={
            "Q01": {
                "plan_in_year": 80_000,
                "go_live": "2019-07",
                "fye_net_saving": 120_000,
                "forecast_in_year": 60_000,
                "owner": "J Patel",
            },
            "Q02": {"plan_in_year": 150_000, "go_live": "2019-04", "fye_net_saving": 150_000},
            "Q03": {"plan_in_year": 60_000, "go_live": "2020-01", "fye_net_saving": 240_000},
        },
        monthly={
            "Q01": {"2019-06": 0, "2019-07": 5_000, "2019-09": 10_000},
            "Q03": {"2020-03": 20_000},
        },
    )
)
def ccg_tracker_apr19(folder: Path) -> Path:
    """A CCG finance report's QIPP tracker at month 6, 2019/20: "All values £000" in a title
    row, the plan under Apr-19 ... Mar-20 (text), YTD plan / actual / variance, a forecast
    outturn and comments; no go-live and no FYE column (go-live is the first month with a
    plan, FYE the March plan x 12)."""
    header = [
        "Ref",
        "Workstream",
        "Scheme",
        "Lead",
        "Annual Plan",
        *MONTHS_19,
        "YTD Plan",
        "YTD Actual",
        "YTD Variance",
        "Forecast Outturn",
        "Comments",
    ]
    rows = [
        ["NHS Westfield CCG"],
        ["QIPP Tracker 2019/20: Month 6"],
        ["All values £000"],
        [],
        header,
    ]
    extra = {
        "Q01": (
            "Planned care",
            "Dermatology triage",
            "J Patel",
            60,
            "Ramp slower than planned; recovery plan agreed in September",
        ),
        "Q02": ("Prescribing", "Medicines optimisation", "A Okafor", 150, None),
        "Q03": ("Urgent care", "Same day emergency care", "R Lewis", 60, None),
    }
    for ref, plan in _PLANS_2.items():
        theme, name, lead, fot, comment = extra[ref]
        ytd = sum(plan[:6])
        rows.append([ref, theme, name, lead, sum(plan), *plan, ytd, ytd - 2, -2, fot, comment])
    rows.append(
        [None, None, "Total", None, 290, *[sum(p[i] for p in _PLANS_2.values()) for i in range(12)]]
    )
    wb = Workbook()
    _sheet(wb, "QIPP M6", rows)
    path = folder / "westfield_qipp_tracker.xlsx"
    wb.save(path)
    return path


# 3 -------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="monthly tracker",
        sheet="Savings",
        year=2021,
        n_schemes=2,
        unit="£000",
        columns={
            "Scheme ID": "scheme_id",
            "Scheme title": "scheme",
            "Directorate": "theme",
            "SRO": "owner",
            "FYE £k": "fye_net_saving",
        },
        schemes={
            "S-101": {"fye_net_saving": 36_000, "plan_in_year": 18_000, "go_live": "2021-10"},
            "S-102": {"fye_net_saving": 24_000, "plan_in_year": 24_000, "go_live": "2021-04"},
        },
        monthly={"S-101": {"2021-09": 0, "2021-10": 3_000}, "S-102": {"2021-04": 2_000}},
    )
)
def icb_m1_m12_two_row(folder: Path) -> Path:
    """A savings programme for "FY22" (2021/22): a two-row header with "Plan £k" and
    "Actual £k" groups merged over M1 ... M12; actuals to month 5."""
    plan_a = [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3]
    plan_b = [2] * 12
    m = [f"M{i}" for i in range(1, 13)]
    rows = [
        ["Savings Programme FY22"],
        [],
        [
            "Scheme ID",
            "Scheme title",
            "Directorate",
            "SRO",
            "FYE £k",
            "Plan £k",
            *[None] * 11,
            "Actual £k",
        ],
        [None] * 5 + m + m,
        ["S-101", "Theatre productivity", "Surgery", "Dr K Shah", 36, *plan_a, 0, 0, 0, 0, 0],
        ["S-102", "Agency reduction", "Workforce", "L Evans", 24, *plan_b, 2, 2, 1, 2, 2],
    ]
    wb = Workbook()
    _sheet(
        wb, "Savings", rows, merges=("F3:Q3", "R3:AC3", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4")
    )
    path = folder / "fy22_savings.xlsx"
    wb.save(path)
    return path


# 4 -------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="monthly tracker",
        sheet="Tracker",
        year=2018,
        n_schemes=2,
        columns={
            "No.": "scheme_id",
            "Description": "scheme",
            "Total 2018-19": "plan_in_year",
            "Start": "go_live",
        },
        schemes={
            "1": {"plan_in_year": 45_000, "go_live": "2018-10", "fye_net_saving": 90_000},
            "2": {"plan_in_year": 24_000, "go_live": "2018-04"},
        },
        monthly={"1": {"2018-10": 7_500}},
    )
)
def tracker_month_n(folder: Path) -> Path:
    """A tracker with "Month 1" ... "Month 12" and the year only in "Total 2018-19" (the
    2018-19 form); a go-live column given as "Start"; no FYE (March plan x 12)."""
    rows = [
        ["No.", "Description", "Start", *[f"Month {i}" for i in range(1, 13)], "Total 2018-19"],
        [1, "Care home medicines reviews", "Oct-18", *[0] * 6, *[7500] * 6, 45_000],
        [2, "Wound care formulary", "Apr-18", *[2000] * 12, 24_000],
    ]
    wb = Workbook()
    _sheet(wb, "Tracker", rows)
    path = folder / "tracker_month_n.xlsx"
    wb.save(path)
    return path


# 5 -------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="monthly tracker",
        sheet="2020-21",
        year=2020,
        n_schemes=2,
        columns={
            "Project code": "scheme_id",
            "Project": "scheme",
            "Recurrent / Non-recurrent": "recurrent",
            "Annual target £": "plan_in_year",
        },
        schemes={
            "P1": {"recurrent": True, "plan_in_year": 60_000, "go_live": "2020-04"},
            "P2": {"recurrent": False, "plan_in_year": 50_000, "go_live": "2020-07"},
        },
        monthly={"P2": {"2020-07": 5_000, "2021-03": 5_000}},
    )
)
def tracker_real_dates(folder: Path) -> Path:
    """Month columns headed by real dates (1 April 2020 ...), money in plain pounds, an
    "R"/"NR" recurrent column; P2's stated annual target (£50,000) is not the sum of its months
    (£45,000): a finding for ``reconcile``."""
    dates = [dt.datetime(2020 + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
    rows = [
        ["Project code", "Project", "Recurrent / Non-recurrent", "Annual target £", *dates],
        ["P1", "Estates rationalisation", "R", 60_000, *[5000] * 12],
        ["P2", "Prior-year accrual release", "NR", 50_000, 0, 0, 0, *[5000] * 9],
    ]
    wb = Workbook()
    _sheet(wb, "2020-21", rows)
    path = folder / "tracker_dates.xlsx"
    wb.save(path)
    return path


# 6 -------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="CIP 17-18",
        year=2017,
        n_schemes=3,
        unit="£000",
        columns={
            "CIP Ref": "scheme_id",
            "Division": "theme",
            "Scheme Description": "scheme",
            "Recurrent? (Y/N)": "recurrent",
            "FYE £000": "fye_net_saving",
            "In-Year Plan £000": "plan_in_year",
            "Start Month": "go_live",
            "RAG": "rag_overall",
            "SRO": "owner",
            "Narrative": "commentary",
        },
        schemes={
            "MED-01": {
                "fye_net_saving": 120_000,
                "plan_in_year": 60_000,
                "go_live": "2017-10",
                "recurrent": True,
                "rag_overall": "green",
            },
            "SUR-02": {"fye_net_saving": 45_500, "recurrent": False, "owner": "M Brown"},
            "COR-03": {"plan_in_year": 30_000, "rag_overall": "red"},
        },
    )
)
def trust_cip_tracker(folder: Path) -> Path:
    """A provider's CIP tracker, 2017/18: units in each money header (£000), a "Recurrent?
    (Y/N)" column, irrelevant columns (CQUIN, QIA approved) a reader must leave alone."""
    rows = [
        ["Trust CIP Programme 2017/18"],
        [],
        [
            "CIP Ref",
            "Division",
            "Scheme Description",
            "QIA approved",
            "Recurrent? (Y/N)",
            "FYE £000",
            "In-Year Plan £000",
            "Start Month",
            "RAG",
            "CQUIN",
            "SRO",
            "Narrative",
        ],
        [
            "MED-01",
            "Medicine",
            "Length of stay reduction on elderly wards",
            "Yes",
            "Y",
            120,
            60,
            "Oct-17",
            "G",
            "No",
            "Dr S Hill",
            "On track",
        ],
        [
            "SUR-02",
            "Surgery",
            "Theatre consumables procurement",
            "Yes",
            "N",
            45.5,
            45.5,
            "Apr-17",
            "A",
            "No",
            "M Brown",
            "One-off rebate agreed with supplier",
        ],
        [
            "COR-03",
            "Corporate",
            "Printing and postage",
            "Pending",
            "Y",
            40,
            30,
            "Jul-17",
            "R",
            "No",
            "T Green",
            "Savings at risk: contract extended",
        ],
    ]
    wb = Workbook()
    _sheet(wb, "CIP 17-18", rows)
    path = folder / "trust_cip.xlsx"
    wb.save(path)
    return path


# 7 -------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="qipp_export",
        year=2022,
        n_schemes=3,
        columns={
            "Scheme Ref": "scheme_id",
            "Programme": "theme",
            "Scheme Name": "scheme",
            "Go-live": "go_live",
            "FYE (£)": "fye_net_saving",
            "2022/23 Plan (£)": "plan_in_year",
            "2023/24 Plan (£)": "plan_next_year",
            "RAG": "rag_overall",
        },
        schemes={
            "22-01": {
                "go_live": "2022-07",
                "fye_net_saving": 120_000,
                "plan_in_year": 90_000,
                "plan_next_year": 30_000,
                "rag_overall": "amber",
            },
            "22-03": {"fye_net_saving": 1_250_000, "rag_overall": "green"},
        },
    )
)
def csv_export(folder: Path) -> Path:
    """A register exported to CSV from a PMO system: one header row, money as "£1,250,000"
    text, dates as dd/mm/yyyy."""
    path = folder / "qipp_export.csv"
    path.write_text(
        "Scheme Ref,Programme,Scheme Name,Go-live,FYE (£),2022/23 Plan (£),2023/24 Plan (£),RAG\n"
        "22-01,Planned care,Cataract pathway,01/07/2022,120000,90000,30000,Amber\n"
        "22-02,Mental health,Out of area placements,01/10/2022,60000,30000,30000,Red\n"
        '22-03,Prescribing,Biosimilars,01/04/2022,"£1,250,000","£1,250,000",0,Green\n',
        encoding="utf-8",
    )
    return path


# 8 -------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Sheet1",
        year=2016,
        n_schemes=2,
        columns={
            "Full year value": "fye_net_saving",
            "Confidence": "rag_overall",
            "Initiative": "scheme",
            "Saving 16/17": "plan_in_year",
            "Saving 17/18": "plan_next_year",
            "Implementation date": "go_live",
            "ID": "scheme_id",
            "Notes": "commentary",
        },
        schemes={
            "7": {
                "fye_net_saving": 48_000,
                "plan_in_year": 24_000,
                "plan_next_year": 24_000,
                "go_live": "2016-10",
                "rag_overall": "amber",
            },
            "9": {"scheme": "Back office merger", "rag_overall": "green"},
        },
    )
)
def unusual_order(folder: Path) -> Path:
    """Columns in an unusual order (the FYE first, the scheme number last) with the year in
    the "16/17" form and a notes column."""
    rows = [
        [
            "Full year value",
            "Confidence",
            "Initiative",
            "Saving 16/17",
            "Saving 17/18",
            "Implementation date",
            "Notes",
            "ID",
        ],
        [
            48_000,
            "Amber",
            "Community phlebotomy",
            24_000,
            24_000,
            dt.datetime(2016, 10, 1),
            "Awaiting estates sign-off for the new clinic rooms",
            7,
        ],
        [36_000, "Green", "Back office merger", 36_000, 0, dt.datetime(2016, 4, 1), None, 9],
    ]
    wb = Workbook()
    _sheet(wb, "Sheet1", rows)
    path = folder / "unusual_order.xlsx"
    wb.save(path)
    return path


# 9 -------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Plan",
        year=2015,
        n_schemes=2,
        columns={
            "Scheme number": "scheme_id",
            "Scheme": "scheme",
            "Months in 2015 / 2016": "months_in_year",
            "Recurrent saving": "fye_net_saving",
            "Plan 2015 / 2016": "plan_in_year",
            "Plan 2016 / 2017": "plan_next_year",
            "Outturn 2014 / 2015": None,
        },
        schemes={
            "1": {
                "months_in_year": 3,
                "go_live": "2016-01",
                "fye_net_saving": 80_000,
                "plan_in_year": 20_000,
                "plan_next_year": 60_000,
            },
            "2": {"months_in_year": 12, "go_live": "2015-04"},
        },
    )
)
def year_forms_four_digit(folder: Path) -> Path:
    """Years written "2015 / 2016"; last year's outturn ("Outturn 2014 / 2015") stands beside
    this year's and next year's plans and must not be read as either; no go-live column
    (go-live from the months in year)."""
    rows = [
        [
            "Scheme number",
            "Scheme",
            "Outturn 2014 / 2015",
            "Months in 2015 / 2016",
            "Recurrent saving",
            "Plan 2015 / 2016",
            "Plan 2016 / 2017",
        ],
        [1, "Continence products", 0, 3, 80_000, 20_000, 60_000],
        [2, "Home oxygen review", 5_000, 12, 30_000, 30_000, 0],
    ]
    wb = Workbook()
    _sheet(wb, "Plan", rows)
    path = folder / "year_forms.xlsx"
    wb.save(path)
    return path


# 10 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Summary",
        year=2020,
        n_schemes=2,
        unit="£m",
        columns={
            "Scheme": "scheme",
            "Ref": "scheme_id",
            "Go live": "go_live",
            "Full year effect": "fye_net_saving",
            "Plan 20/21": "plan_in_year",
            "Risk adjusted": "most_likely_in_year",
            "Forecast 20/21": "forecast_in_year",
            "Overall RAG": "rag_overall",
        },
        schemes={
            "R1": {
                "fye_net_saving": 1_200_000,
                "plan_in_year": 600_000,
                "most_likely_in_year": 450_000,
                "forecast_in_year": 400_000,
            },
            "R2": {"fye_net_saving": 500_000, "rag_overall": "green"},
        },
    )
)
def millions_in_title(folder: Path) -> Path:
    """A system savings summary in £m, the unit only in a title row "(£m)"."""
    rows = [
        ["System savings plan 2020/21 (£m)"],
        [],
        [
            "Ref",
            "Scheme",
            "Go live",
            "Full year effect",
            "Plan 20/21",
            "Overall RAG",
            "Risk adjusted",
            "Forecast 20/21",
        ],
        ["R1", "Outpatient transformation", "Oct-20", 1.2, 0.6, "Amber", 0.45, 0.4],
        ["R2", "Corporate services", "Apr-20", 0.5, 0.5, "Green", 0.5, 0.5],
    ]
    wb = Workbook()
    _sheet(wb, "Summary", rows)
    path = folder / "system_savings.xlsx"
    wb.save(path)
    return path


# 11 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP 24-25",
        year=2024,
        n_schemes=3,
        columns={
            "Scheme No": "scheme_id",
            "Scheme Name": "scheme",
            "Go Live": "go_live",
            "FYE": "fye_net_saving",
            "Savings 24/25": "plan_in_year",
            "Savings 25/26": "plan_next_year",
            "Lead Director": "owner",
        },
        schemes={
            "1": {"plan_in_year": 30_000, "owner": "Director of Finance"},
            "3": {"scheme": "Continuing healthcare reviews", "fye_net_saving": 100_000},
        },
    )
)
def totals_and_headings(folder: Path) -> Path:
    """An appendix after a notes sheet: theme heading rows, a sub-total per theme, a grand
    total and a footnote; ``Lead Director`` names the owner."""
    rows = [
        [
            "Scheme No",
            "Scheme Name",
            "Lead Director",
            "Go Live",
            "FYE",
            "Savings 24/25",
            "Savings 25/26",
        ],
        [None, "PLANNED CARE"],
        [1, "Advice and guidance", "Director of Finance", "Jan-25", 120_000, 30_000, 90_000],
        [2, "Outpatient follow-ups", "Director of Finance", "Apr-24", 60_000, 60_000, 0],
        [None, "Sub-total", None, None, 180_000, 90_000, 90_000],
        [None, "CONTINUING CARE"],
        [3, "Continuing healthcare reviews", "Chief Nurse", "Oct-24", 100_000, 50_000, 50_000],
        [None, "Sub-total", None, None, 100_000, 50_000, 50_000],
        [None, "Grand total", None, None, 280_000, 140_000, 140_000],
        ["Figures in £, rounded to the nearest pound"],
    ]
    wb = Workbook()
    _sheet(wb, "Notes", [["Read with the finance report, item 7"]])
    _sheet(wb, "QIPP 24-25", rows, first=False)
    path = folder / "appendix_with_totals.xlsx"
    wb.save(path)
    return path


# 12 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Register",
        year=2014,
        n_schemes=2,
        columns={
            "Project No": "scheme_id",
            "Programme Area": "theme",
            "Project": "scheme",
            "Category": "phase",
            "Implementation Date": "go_live",
            "Months Benefit 2014/15": "months_in_year",
            "Recurrent saving (FYE)": "fye_net_saving",
            "Plan 2014/15": "plan_in_year",
            "Plan 2015/16": "plan_next_year",
            "Assessment / Finance": "rag_value",
            "Assessment / People": "rag_resources",
            "Assessment / Timescales": "rag_timeliness",
            "Assessment / Dependencies": "rag_codependency",
            "Assessment / Overall": "rag_overall",
            "Risk adjusted 14/15": "most_likely_in_year",
            "Slippage (months)": "change_in_delivery_months",
            "Forecast 2014/15": "forecast_in_year",
            "Forecast 2015/16": "forecast_next_year",
        },
        schemes={
            "P-1": {
                "phase": 2,
                "months_in_year": 6,
                "fye_net_saving": 200_000,
                "plan_in_year": 100_000,
                "most_likely_in_year": 75_000,
                "change_in_delivery_months": -2,
                "forecast_in_year": 50_000,
                "forecast_next_year": 133_333,
                "rag_timeliness": "red",
            }
        },
    )
)
def assessment_panel(folder: Path) -> Path:
    """The appendix shape in other words: an "Assessment" group of ratings, "Risk adjusted",
    "Slippage (months)", "Forecast 2014/15" / "2015/16", a phase called "Category"."""
    rows = [
        [
            "Project No",
            "Programme Area",
            "Project",
            "Category",
            "Implementation Date",
            "Months Benefit 2014/15",
            "Recurrent saving (FYE)",
            "Plan 2014/15",
            "Plan 2015/16",
            "Assessment",
            None,
            None,
            None,
            None,
            "Risk adjusted 14/15",
            "Slippage (months)",
            "Forecast 2014/15",
            "Forecast 2015/16",
        ],
        [None] * 9 + ["Finance", "People", "Timescales", "Dependencies", "Overall"],
        [
            "P-1",
            "Long term conditions",
            "COPD pulmonary rehab",
            2,
            dt.datetime(2014, 10, 1),
            6,
            200_000,
            100_000,
            100_000,
            "Green",
            "Amber",
            "Red",
            "Amber",
            "Amber",
            75_000,
            -2,
            50_000,
            133_333,
        ],
        [
            "P-2",
            "Planned care",
            "Referral management",
            3,
            dt.datetime(2014, 4, 1),
            12,
            50_000,
            50_000,
            0,
            "Green",
            "Green",
            "Green",
            "Green",
            "Green",
            50_000,
            None,
            50_000,
            0,
        ],
    ]
    wb = Workbook()
    merges = ["J1:N1"] + [f"{c}1:{c}2" for c in "ABCDEFGHI"] + [f"{c}1:{c}2" for c in "OPQR"]
    _sheet(wb, "Register", rows, merges=merges)
    path = folder / "assessment_panel.xlsx"
    wb.save(path)
    return path


# 13 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Schemes",
        year=2023,
        n_schemes=3,
        columns={
            "#": "scheme_id",
            "Opportunity": "scheme",
            "Owner": "owner",
            "Live date": "go_live",
            "Annual saving": "fye_net_saving",
            "RAG": "rag_overall",
            "Update": "commentary",
        },
        schemes={
            "1": {"rag_overall": "green", "go_live": "2023-06"},
            "2": {"rag_overall": "amber"},
            "3": {"rag_overall": "red"},
        },
    )
)
def ratings_as_fills(folder: Path) -> Path:
    """Ratings painted as cell fills with no word (a common PMO habit), an owner and an
    update column, and a "#" for the scheme number."""
    rows = [
        ["#", "Opportunity", "Owner", "Live date", "Annual saving", "RAG", "Update"],
        [
            1,
            "Digital first primary care",
            "C Ward",
            "Jun-23",
            72_000,
            None,
            "Go-live confirmed for June, first month of savings validated",
        ],
        [
            2,
            "Community diagnostics",
            "P Singh",
            "Sep-23",
            54_000,
            None,
            "Recruitment delayed two months, revised trajectory to committee",
        ],
        [
            3,
            "Falls response service",
            "H Ali",
            "Jan-24",
            30_000,
            None,
            "Business case not yet approved by the system board",
        ],
    ]
    wb = Workbook()
    _sheet(wb, "Schemes", rows, fills={"F2": "green", "F3": "amber", "F4": "red"})
    path = folder / "ratings_as_fills.xlsx"
    wb.save(path)
    return path


# 14 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP",
        year=2019,
        n_schemes=2,
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Type": "theme",
            "Go Live": "go_live",
            "FYE": "fye_net_saving",
        },
        # N2's type says nothing of recurrence and there is no recurrent column: blank
        schemes={"N1": {"recurrent": False, "fye_net_saving": 50_000}, "N2": {"recurrent": None}},
    )
)
def non_recurrent_by_type(folder: Path) -> Path:
    """ "Non-recurrent" written in the scheme's type rather than a column of its own."""
    rows = [
        ["Ref", "Scheme", "Type", "Go Live", "FYE"],
        ["N1", "Balance sheet release", "Non-recurrent", "Apr-19", 50_000],
        ["N2", "Pathology tender", "Contracting", "Oct-19", 80_000],
    ]
    wb = Workbook()
    _sheet(wb, "QIPP", rows)
    path = folder / "non_recurrent.xlsx"
    wb.save(path)
    return path


# 15 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Appendix",
        year=2012,
        n_schemes=2,
        columns={
            "No": "scheme_id",
            "Scheme": "scheme",
            "Go Live": "go_live",
            "QIPP Value / FYE": "fye_net_saving",
            "QIPP Value / 2012/13": "plan_in_year",
            "QIPP Value / 2013/14": "plan_next_year",
        },
        schemes={
            "1": {
                "fye_net_saving": 300_000,
                "plan_in_year": 150_000,
                "plan_next_year": 150_000,
                "go_live": "2012-10",
            },
            "2": {"fye_net_saving": 12_000},
        },
    )
)
def ods_appendix(folder: Path) -> Path:
    """An OpenDocument (.ods) appendix, as LibreOffice users publish them, with a group
    "QIPP Value" merged over "FYE", "2012/13", "2013/14" (merges read by calamine)."""
    rows = [
        ["No", "Scheme", "Go Live", "QIPP Value", None, None],
        [None, None, None, "FYE", "2012/13", "2013/14"],
        [1, "Urgent care centre redesign", dt.date(2012, 10, 1), 300_000, 150_000, 150_000],
        [2, "Stoma appliances", dt.date(2012, 4, 1), 12_000, 12_000, 0],
    ]
    path = folder / "appendix.ods"
    write_ods(path, "Appendix", rows, spans={(0, 3): 3})
    return path


def write_ods(path: Path, sheet: str, rows: list[list], spans: dict | None = None) -> Path:
    """A minimal OpenDocument spreadsheet: strings, numbers and dates; ``spans`` maps
    ``(row, col)`` (0-based) to columns merged from there."""
    spans = spans or {}
    body = []
    for r, values in enumerate(rows):
        cells = []
        skip = 0
        for c, value in enumerate(values):
            if skip:
                cells.append("<table:covered-table-cell/>")
                skip -= 1
                continue
            span = spans.get((r, c))
            attrs = f' table:number-columns-spanned="{span}"' if span else ""
            if span:
                skip = span - 1
            if value is None:
                cells.append(f"<table:table-cell{attrs}/>")
            elif isinstance(value, dt.date):
                cells.append(
                    f'<table:table-cell{attrs} office:value-type="date" '
                    f'office:date-value="{value.isoformat()}"><text:p>'
                    f"{value.isoformat()}</text:p></table:table-cell>"
                )
            elif isinstance(value, (int, float)):
                cells.append(
                    f'<table:table-cell{attrs} office:value-type="float" '
                    f'office:value="{value}"><text:p>{value}</text:p>'
                    "</table:table-cell>"
                )
            else:
                cells.append(
                    f'<table:table-cell{attrs} office:value-type="string">'
                    f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
                )
        while skip:
            cells.append("<table:covered-table-cell/>")
            skip -= 1
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="{escape(sheet)}">{"".join(body)}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


# 16 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP 26-27",
        year=2026,
        n_schemes=2,
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Go live": "go_live",
            "FYE": "fye_net_saving",
            "Plan FY27": "plan_in_year",
            "Plan FY28": "plan_next_year",
            "R/NR": "recurrent",
        },
        schemes={
            "1": {"plan_in_year": 45_000, "plan_next_year": 15_000, "recurrent": True},
            "2": {"recurrent": False, "plan_in_year": 20_000},
        },
    )
)
def fy_short_form(folder: Path) -> Path:
    """Years in the "FY27" form (the year ending March 2027 = 2026/27) and an "R/NR" column."""
    rows = [
        ["Ref", "Scheme", "R/NR", "Go live", "FYE", "Plan FY27", "Plan FY28"],
        [1, "Virtual wards", "R", "Jul-26", 60_000, 45_000, 15_000],
        [2, "Estates one-off disposal", "NR", "Apr-26", 20_000, 20_000, 0],
    ]
    wb = Workbook()
    _sheet(wb, "QIPP 26-27", rows)
    path = folder / "fy_short.xlsx"
    wb.save(path)
    return path


# 17 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP 2011-12",
        year=2011,
        n_schemes=2,
        columns={
            "No": "scheme_id",
            "Scheme": "scheme",
            "Go Live": "go_live",
            "Savings / FYE": "fye_net_saving",
            "Savings / 2011/12": "plan_in_year",
            "Savings / 2012/13": "plan_next_year",
            "RAG": "rag_overall",
        },
        schemes={
            "1": {
                "go_live": "2011-07",
                "fye_net_saving": 120_000,
                "plan_in_year": 90_000,
                "plan_next_year": 30_000,
                "rag_overall": "amber",
            },
            "2": {"go_live": "2011-04", "fye_net_saving": 40_000, "rag_overall": "green"},
        },
    )
)
def pct_xls_appendix(folder: Path) -> Path:
    """A primary care trust's QIPP appendix saved as Excel 97-2003 (.xls), as papers before
    2016 were: a title, a two-row header with "Savings" merged over FYE / 2011/12 / 2012/13,
    go-lives typed as text (written by tests/corpus/xls.py)."""
    from xls import write_xls

    rows = [
        ["NHS Oldtown PCT: QIPP 2011/12"],
        [],
        ["No", "Scheme", "Go Live", "Savings", None, None, "RAG"],
        [None, None, None, "FYE", "2011/12", "2012/13", None],
        [1, "Choose and book referral management", "Jul-11", 120_000, 90_000, 30_000, "Amber"],
        [2, "Prescribing incentive scheme", "Apr-11", 40_000, 40_000, 0, "Green"],
    ]
    merges = [(2, 3, 2, 5), (2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 3, 2), (2, 6, 3, 6)]
    return write_xls(folder / "pct_appendix.xls", "QIPP 2011-12", rows, merges)


# 18 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="monthly tracker",
        sheet="M7",
        year=2019,
        n_schemes=2,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Annual Plan £000": "plan_in_year",
            "Apr-19 / Plan": "plan month 2019-04",
            "Apr-19 / Actual": "actual month 2019-04",
            "YTD / Plan": "ytd_plan",
            "YTD / Var": "ytd_variance",
        },
        schemes={
            "Q1": {"plan_in_year": 12_000, "go_live": "2019-04", "fye_net_saving": 12_000},
            "Q2": {"plan_in_year": 6_000, "go_live": "2019-10", "fye_net_saving": 12_000},
        },
        monthly={
            "Q1": {"2019-04": 1_000, "2020-03": 1_000},
            "Q2": {"2019-09": 0, "2019-10": 1_000},
        },
    )
)
def interleaved_month_groups(folder: Path) -> Path:
    """A CCG finance pack's tracker at month 7: each month a merged group over "Plan",
    "Actual" and "Var"; a YTD group the same; the unit named once, in "Annual Plan £000"."""
    from openpyxl.utils import get_column_letter as letter

    top, sub = ["Ref", "Scheme", "Annual Plan £000"], [None, None, None]
    merges = ["A1:A2", "B1:B2", "C1:C2"]
    for i, month in enumerate([*MONTHS_19, "YTD"]):
        column = 4 + 3 * i
        top += [month, None, None]
        sub += ["Plan", "Actual", "Var"]
        merges.append(f"{letter(column)}1:{letter(column + 2)}1")
    q1 = ["Q1", "Falls prevention", 12]
    q2 = ["Q2", "Wound care formulary", 6]
    for i in range(12):
        q1 += [1, 1 if i < 7 else None, 0 if i < 7 else None]
        q2 += [
            1 if i >= 6 else 0,
            (0.5 if i == 6 else 0) if i < 7 else None,
            (-0.5 if i == 6 else 0) if i < 7 else None,
        ]
    q1 += [7, 7, 0]
    q2 += [1, 0.5, -0.5]
    wb = Workbook()
    _sheet(wb, "M7", [top, sub, q1, q2], merges=merges)
    path = folder / "interleaved_tracker.xlsx"
    wb.save(path)
    return path


# 19 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Summary",
        year=2019,
        n_schemes=1,
        columns={
            "2019/20 / Plan": "plan_in_year",
            "2019/20 / Forecast": "forecast_in_year",
            "2019/20 / Variance": "ytd_variance",
            "2020/21 / Plan": "plan_next_year",
        },
        schemes={
            "X": {
                "plan_in_year": 12_000,
                "forecast_in_year": 10_000,
                "plan_next_year": 12_000,
                "go_live": "2019-10",
            }
        },
    )
)
def year_groups(folder: Path) -> Path:
    """The year as a merged group ("2019/20" over Plan, Forecast, Variance; "2020/21" over
    Plan): the same word "Plan" twice, told apart by the year above it."""
    rows = [
        ["QIPP 2019/20"],
        ["Ref", "Scheme", "Go live", "FYE", "2019/20", None, None, "2020/21"],
        [None, None, None, None, "Plan", "Forecast", "Variance", "Plan"],
        ["X", "Falls", "Oct-19", 24_000, 12_000, 10_000, -2_000, 12_000],
    ]
    wb = Workbook()
    _sheet(wb, "Summary", rows, merges=("E2:G2", "A2:A3", "B2:B3", "C2:C3", "D2:D3"))
    path = folder / "year_groups.xlsx"
    wb.save(path)
    return path


# 20 ------------------------------------------------------------------------------------------
_MONTH_NAMES = [
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "January",
    "February",
    "March",
]


@shape(
    Expected(
        kind="monthly tracker",
        sheet="Efficiency",
        year=2023,
        n_schemes=2,
        columns={
            "Scheme / Project Title": "scheme",
            "Scheme Owner": "owner",
            "Total": "plan_in_year",
            "Status": "rag_overall",
            "April": "plan month 2023-04",
            "March": "plan month 2024-03",
        },
        schemes={
            "1": {
                "scheme": "Theatre utilisation",
                "plan_in_year": 24_000,
                "go_live": "2023-04",
                "fye_net_saving": 24_000,
            },
            "2": {
                "plan_in_year": 27_000,
                "go_live": "2023-07",
                "fye_net_saving": 36_000,
                "rag_overall": "amber",
            },
        },
        monthly={"2": {"2023-06": 0, "2023-07": 3_000, "2024-03": 3_000}},
    )
)
def month_names_no_year(folder: Path) -> Path:
    """A provider efficiency plan: months named "April" ... "March" with the year only in the
    title ("Efficiency plan 2023/24"), no scheme numbers, two people columns (the scheme owner
    and a finance lead: a close call, reported), a "Total" column and a "Status" rating."""
    rows = [
        ["Efficiency plan 2023/24"],
        [
            "Scheme / Project Title",
            "Scheme Owner",
            "Finance Lead",
            *_MONTH_NAMES,
            "Total",
            "Status",
        ],
        ["Theatre utilisation", "Mr K Osei", "S Young", *[2_000] * 12, 24_000, "Green"],
        ["Agency premium", "Dr P Rao", "S Young", 0, 0, 0, *[3_000] * 9, 27_000, "Amber"],
    ]
    wb = Workbook()
    _sheet(wb, "Efficiency", rows)
    path = folder / "efficiency_plan.xlsx"
    wb.save(path)
    return path


# 21 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Programme",
        year=2025,
        n_schemes=2,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Title": "scheme",
            "Category": "theme",
            "Recurrent": "recurrent",
            "Full Year Effect £'000": "fye_net_saving",
            "Plan 25/26 £'000": "plan_in_year",
            "Forecast 25/26 £'000": "forecast_in_year",
            "Start": "go_live",
            "Owner": "owner",
            "Latest update": "commentary",
        },
        schemes={
            "E1": {
                "fye_net_saving": 100_000,
                "plan_in_year": 50_000,
                "forecast_in_year": 40_000,
                "go_live": "2025-10",
                "recurrent": True,
            },
            "E2": {"recurrent": False, "commentary": "Complete"},
        },
    )
)
def trust_programme_2025_26(folder: Path) -> Path:
    """A trust's savings programme "2025-26" in £'000, a "Category" of words (not a phase),
    "Recurrent" Yes/No, a variance column to leave, and a latest update."""
    rows = [
        ["Savings Programme 2025-26"],
        [],
        [
            "Ref",
            "Title",
            "Category",
            "Recurrent",
            "Full Year Effect £'000",
            "Plan 25/26 £'000",
            "Forecast 25/26 £'000",
            "Variance £'000",
            "Start",
            "Owner",
            "Latest update",
        ],
        [
            "E1",
            "Energy",
            "Estates",
            "Yes",
            100,
            50,
            40,
            -10,
            "Oct-25",
            "A Shah",
            "Contract signed with the new supplier in September",
        ],
        ["E2", "Drugs", "Pharmacy", "No", 20, 20, 20, 0, "Apr-25", "B Jones", "Complete"],
    ]
    wb = Workbook()
    _sheet(wb, "Programme", rows)
    path = folder / "trust_programme.xlsx"
    wb.save(path)
    return path


# --- shapes added from outside the first corpus (issue 9: "shapes outside the corpus") -------
# Each was built from the layout of a kind of public paper the first 21 did not cover, tried
# through `schemes`, `reconcile` and `inspect` before the reader was changed.


# 22 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP M7",
        year=2019,
        n_schemes=3,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "QIPP Scheme": "scheme",
            "Lead Director": "owner",
            "Annual Plan": "plan_in_year",
            "YTD Plan": "ytd_plan",
            "Forecast Outturn": "forecast_in_year",
            "Risk Rating": "rag_overall",
        },
        schemes={
            "Q01": {
                "scheme": "Prescribing efficiencies",
                "plan_in_year": 1_200_000,
                "fye_net_saving": 1_200_000,
                "go_live": "2019-04",
                "forecast_in_year": 1_100_000,
                "rag_overall": "amber",
                "owner": "Dr A Patel",
            },
            "Q03": {
                "plan_in_year": 840_000,
                "fye_net_saving": 840_000,
                "go_live": "2019-04",
                "forecast_in_year": 560_000,
                "rag_overall": "red",
            },
        },
    )
)
def ccg_finance_report_month7(folder: Path) -> Path:
    """The QIPP table of a CCG governing body finance report at month 7 (as in the "QIPP
    programme month 7 position" tables of CCG finance reports): a title naming the year and
    the unit, an annual plan, YTD plan / actual / variance, a forecast outturn and its
    variance, a risk rating; no go-live, months or FYE column and no monthly phasing. Each YTD
    plan is the annual plan x 7/12 (a flat year), so every scheme saves from April and its
    FYE is the annual plan."""
    rows = [
        ["NHS Anytown CCG - QIPP Programme 2019/20 - Month 7 position (£000)"],
        [],
        [
            "Ref",
            "QIPP Scheme",
            "Lead Director",
            "Annual Plan",
            "YTD Plan",
            "YTD Actual",
            "YTD Variance",
            "Forecast Outturn",
            "Forecast Variance",
            "Risk Rating",
        ],
        ["Q01", "Prescribing efficiencies", "Dr A Patel", 1200, 700, 650, -50, 1100, -100, "Amber"],
        ["Q02", "Outpatient follow-ups", "J Smith", 600, 350, 360, 10, 620, 20, "Green"],
        ["Q03", "Continuing healthcare review", "M Jones", 840, 490, 300, -190, 560, -280, "Red"],
        [None, "Total", None, 2640, 1540, 1310, -230, 2280, -360],
    ]
    wb = Workbook()
    _sheet(wb, "QIPP M7", rows)
    path = folder / "anytown_finance_report_m7.xlsx"
    wb.save(path)
    return path


# 23 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="BCF savings",
        year=2024,
        n_schemes=3,
        columns={
            "Scheme ID": "scheme_id",
            "Scheme": "scheme",
            "Lead organisation": "owner",
            "Saving 2024/25 £": "plan_in_year",
            "Saving 2025/26 £": "plan_next_year",
            "RAG": "rag_overall",
            "Comments": "commentary",
        },
        schemes={
            "BCF01": {
                "plan_in_year": 120_000,
                "plan_next_year": 0,
                "fye_net_saving": 120_000,
                "go_live": "2024-04",
            },
            "BCF02": {
                "plan_in_year": 80_000,
                "plan_next_year": 40_000,
                "fye_net_saving": 120_000,
                "go_live": "2024-08",
            },
            "BCF03": {
                "plan_in_year": 0,
                "plan_next_year": 60_000,
                "fye_net_saving": 60_000,
                "go_live": "2025-04",
                "rag_overall": "red",
            },
        },
    )
)
def bcf_pooled_budget(folder: Path) -> Path:
    """A council's Better Care Fund pooled-budget savings tracker (as in health and wellbeing
    board BCF reports): the saving of each year in pounds ("Saving 2024/25 £", "Saving 2025/26
    £"), a lead organisation, no go-live and no FYE. The second year is the incremental
    saving (the register's plan next year), so FYE = the two added and the scheme starts when
    the rules put it: 80k of 120k in year is 8 months, August; nothing in year is next April."""
    rows = [
        ["Better Care Fund 2024-25: pooled budget savings tracker"],
        [],
        [
            "Scheme ID",
            "Scheme",
            "Lead organisation",
            "Saving 2024/25 £",
            "Saving 2025/26 £",
            "RAG",
            "Comments",
        ],
        [
            "BCF01",
            "Reablement reprocurement",
            "County Council",
            120_000,
            0,
            "Green",
            "Contract let",
        ],
        [
            "BCF02",
            "Discharge to assess beds",
            "ICB",
            80_000,
            40_000,
            "Amber",
            "Beds reduced from August",
        ],
        [
            "BCF03",
            "Equipment service review",
            "County Council",
            0,
            60_000,
            "Red",
            "Review delayed to 2025/26",
        ],
        [None, "Total", None, 200_000, 100_000],
    ]
    wb = Workbook()
    _sheet(wb, "BCF savings", rows)
    path = folder / "bcf_savings_tracker.xlsx"
    wb.save(path)
    return path


# 24 ------------------------------------------------------------------------------------------
_CIP_PLAN = {
    "SUR-01": [0, 0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10],  # £000, from July: 90
    "MED-01": [5] * 12,  # 60
    "COR-01": [0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 0, 0],
}  # one-off in October: 25


@shape(
    Expected(
        kind="monthly tracker",
        sheet="CIP Tracker",
        year=2022,
        n_schemes=3,
        unit="£000",
        columns={
            "Division": "theme",
            "CIP Ref": "scheme_id",
            "Scheme Description": "scheme",
            "Recurrent/Non-Recurrent": "recurrent",
            "Full Year Effect £000": "fye_net_saving",
            "Part Year Effect £000": "plan_in_year",
        },
        schemes={
            "SUR-01": {
                "theme": "Surgery",
                "fye_net_saving": 120_000,
                "plan_in_year": 90_000,
                "go_live": "2022-07",
                "recurrent": True,
            },
            "MED-01": {"fye_net_saving": 60_000, "plan_in_year": 60_000, "go_live": "2022-04"},
            "COR-01": {"recurrent": False, "plan_in_year": 25_000, "go_live": "2022-10"},
        },
        monthly={
            "SUR-01": {"2022-06": 0, "2022-07": 10_000, "2023-03": 10_000},
            "COR-01": {"2022-10": 25_000, "2022-11": 0},
        },
    )
)
def trust_cip_by_division(folder: Path) -> Path:
    """A trust CIP tracker by division (as in acute trust finance committee CIP reports): the
    full-year and part-year effect, "Recurrent/Non-Recurrent" in words, then a "Plan" block and
    an "Actual" block of M1 ... M12 under merged groups; the year only in the title."""
    m = [f"M{i}" for i in range(1, 13)]
    rows = [
        ["Cost Improvement Programme 2022/23 - tracker by division (£000)"],
        [],
        [
            "Division",
            "CIP Ref",
            "Scheme Description",
            "Recurrent/Non-Recurrent",
            "Full Year Effect £000",
            "Part Year Effect £000",
            "Plan",
            *[None] * 11,
            "Actual",
            *[None] * 11,
        ],
        [None] * 6 + m + m,
        [
            "Surgery",
            "SUR-01",
            "Theatre session utilisation",
            "Recurrent",
            120,
            90,
            *_CIP_PLAN["SUR-01"],
            0,
            0,
            0,
            8,
            9,
            10,
        ],
        [
            "Medicine",
            "MED-01",
            "Bank and agency controls",
            "Recurrent",
            60,
            60,
            *_CIP_PLAN["MED-01"],
            5,
            5,
            4,
            5,
            5,
            5,
        ],
        [
            "Corporate",
            "COR-01",
            "VAT recovery on leases",
            "Non-Recurrent",
            25,
            25,
            *_CIP_PLAN["COR-01"],
            0,
            0,
            0,
            0,
            0,
            0,
        ],
    ]
    wb = Workbook()
    _sheet(wb, "CIP Tracker", rows, merges=("G3:R3", "S3:AD3", *(f"{c}3:{c}4" for c in "ABCDEF")))
    path = folder / "trust_cip_by_division.xlsx"
    wb.save(path)
    return path


# 25 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Schemes",
        year=2018,
        n_schemes=5,
        columns={
            "No": "scheme_id",
            "Scheme": "scheme",
            "Go Live": "go_live",
            "FYE": "fye_net_saving",
            "18/19 Plan": "plan_in_year",
            "Delivery RAG": "rag_overall",
        },
        schemes={
            "1": {"rag_overall": "green"},
            "2": {"rag_overall": "amber"},
            "3": {"rag_overall": "amber"},
            "4": {"rag_overall": "red"},
            "5": {"rag_overall": "red", "plan_in_year": 10_000, "go_live": "2019-01"},
        },
    )
)
def five_point_letters(folder: Path) -> Path:
    """Ratings in the five-point letter form of many PMO trackers ("G", "A/G", "A", "A/R",
    "R"): a split rating is read as the worse colour."""
    rows = [
        ["QIPP schemes 2018/19"],
        ["No", "Scheme", "Go Live", "FYE", "18/19 Plan", "Delivery RAG"],
        [1, "Stroke ESD", "Apr-18", 60_000, 60_000, "G"],
        [2, "Falls service", "Jul-18", 40_000, 30_000, "A/G"],
        [3, "Diabetes education", "Oct-18", 24_000, 12_000, "A"],
        [4, "Ophthalmology pathway", "Oct-18", 20_000, 10_000, "A/R"],
        [5, "MSK triage", "Jan-19", 40_000, 10_000, "R"],
    ]
    wb = Workbook()
    _sheet(wb, "Schemes", rows)
    path = folder / "five_point_letters.xlsx"
    wb.save(path)
    return path


# 26 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP 2021-22",
        year=2021,
        n_schemes=2,
        columns={
            "Scheme No": "scheme_id",
            "Scheme": "scheme",
            "Months": "months_in_year",
            "FYE": "fye_net_saving",
            "In Year": "plan_in_year",
        },
        schemes={
            "7": {"go_live": "2021-10", "plan_in_year": 50_000, "fye_net_saving": 100_000},
            "8": {"go_live": "2021-04", "plan_in_year": 30_000},
        },
    )
)
def year_in_sheet_name(folder: Path) -> Path:
    """The financial year only in the sheet's name ("QIPP 2021-22"), no title row, a months
    column and no go-live: go-live comes from the months, which needs the year."""
    rows = [
        ["Scheme No", "Scheme", "Months", "FYE", "In Year", "Lead"],
        [7, "Community phlebotomy", 6, 100_000, 50_000, "C Ward"],
        [8, "Repeat prescribing hub", 12, 30_000, 30_000, "D Hill"],
    ]
    wb = Workbook()
    _sheet(wb, "QIPP 2021-22", rows)
    path = folder / "year_in_sheet_name.xlsx"
    wb.save(path)
    return path


# 27 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Register",
        year=2023,
        n_schemes=2,
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Go-live": "go_live",
            "FYE £": "fye_net_saving",
            "2023/24 £": "plan_in_year",
        },
        schemes={
            "R1": {"go_live": "2023-07", "fye_net_saving": 48_000, "plan_in_year": 36_000},
            "R2": {"go_live": "2023-04", "plan_in_year": 15_000},
        },
    )
)
def offset_with_notes(folder: Path) -> Path:
    """A register laid out for printing: it starts in column C, two notes rows above the
    header, a blank spacer column between the scheme and the figures."""
    rows = [
        [None, None, "Notes: figures are draft and subject to QIPP board approval"],
        [None, None, "Prepared by the finance team, 12 June 2023"],
        [],
        [None, None, "Ref", "Scheme", None, "Go-live", "FYE £", "2023/24 £"],
        [None, None, "R1", "Virtual ward", None, "Jul-23", 48_000, 36_000],
        [None, None, "R2", "Outpatient advice and guidance", None, "Apr-23", 15_000, 15_000],
    ]
    wb = Workbook()
    _sheet(wb, "Register", rows)
    path = folder / "offset_with_notes.xlsx"
    wb.save(path)
    return path


# 28 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="System savings",
        year=2023,
        n_schemes=3,
        unit="£m",
        columns={
            "Ref": "scheme_id",
            "Programme": "theme",
            "Scheme": "scheme",
            "Start month": "go_live",
            "FYE £m": "fye_net_saving",
            "2023/24 £m": "plan_in_year",
        },
        schemes={
            "ICS1": {"fye_net_saving": 1_200_000, "plan_in_year": 600_000, "go_live": "2023-10"},
            "ICS2": {"fye_net_saving": 400_000, "plan_in_year": 400_000},
            "ICS3": {"fye_net_saving": 2_400_000, "plan_in_year": 200_000, "go_live": "2024-02"},
        },
    )
)
def millions_one_decimal(folder: Path) -> Path:
    """An ICB efficiency plan appendix in £m with one decimal in each money header (as ICB
    board efficiency appendices are): 1.2 is £1,200,000. ICS3's plan in year (0.2) is not its
    two months of a 2.4 FYE (0.4): a finding for ``reconcile``."""
    rows = [
        ["Integrated Care Board - system efficiency plan 2023/24"],
        [],
        ["Ref", "Programme", "Scheme", "Start month", "FYE £m", "2023/24 £m"],
        ["ICS1", "Elective", "Outpatient transformation", "Oct-23", 1.2, 0.6],
        ["ICS2", "Medicines", "Biosimilar switch", "Apr-23", 0.4, 0.4],
        ["ICS3", "Workforce", "Temporary staffing", "Feb-24", 2.4, 0.2],
        [None, None, "Total", None, 4.0, 1.2],
    ]
    wb = Workbook()
    _sheet(wb, "System savings", rows)
    path = folder / "ics_efficiency_millions.xlsx"
    wb.save(path)
    return path


# 29 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP M9",
        year=2013,
        n_schemes=2,
        unit="£000",
        columns={
            "Unique Ref": "scheme_id",
            "Project Name": "scheme",
            "POD": "theme",
            "Year to date (£000) / Gross Plan": "ytd_plan",
            "Full year forecast (£000) / Gross Plan": "plan_in_year",
            "Full year forecast (£000) / Gross Actual": "forecast_in_year",
        },
        schemes={
            "UC01": {
                "plan_in_year": 400_000,
                "fye_net_saving": 400_000,
                "forecast_in_year": 350_000,
                "go_live": "2013-04",
            },
            "PC02": {"plan_in_year": 120_000, "forecast_in_year": 125_000},
        },
    )
)
def qipp_performance_two_groups(folder: Path) -> Path:
    """A London CCG "QIPP Performance Report" table (Unique Ref, Project Name, POD, then Gross
    Plan / Gross Actual / Gross Variance / Gross Variance (%) twice): the same sub-headers under
    a "Year to date" group and a "Full year forecast" group. The full-year "Gross Plan" is the
    plan (gross of reinvestment, not a gross opportunity: no net plan beside it), its "Gross
    Actual" the forecast; the year-to-date block is left as YTD."""
    rows = [
        ["NHS Riverside CCG QIPP Performance Report M9: 2013/14"],
        [],
        [
            None,
            None,
            None,
            "Year to date (£000)",
            None,
            None,
            None,
            "Full year forecast (£000)",
            None,
            None,
            None,
        ],
        [
            "Unique Ref",
            "Project Name",
            "POD",
            "Gross Plan",
            "Gross Actual",
            "Gross Variance",
            "Gross Variance (%)",
            "Gross Plan",
            "Gross Actual",
            "Gross Variance",
            "Gross Variance (%)",
        ],
        ["UC01", "Care planning", "Non-elective", 300, 250, -50, -0.167, 400, 350, -50, -0.125],
        ["PC02", "Dermatology", "Outpatients", 90, 95, 5, 0.056, 120, 125, 5, 0.042],
        ["Total", None, None, 390, 345, -45, None, 520, 475, -45, None],
    ]
    wb = Workbook()
    _sheet(wb, "QIPP M9", rows, merges=("D3:G3", "H3:K3"))
    path = folder / "riverside_qipp_performance.xlsx"
    wb.save(path)
    return path


# 30 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Savings progress",
        year=2018,
        n_schemes=2,
        unit="£000",
        columns={
            "Directorate": "theme",
            "Savings proposal": "scheme",
            "Target 2018/19 £000": "plan_in_year",
            "Forecast 2018/19 £000": "forecast_in_year",
            "RAG": "rag_overall",
        },
        schemes={
            "1": {
                "scheme": "Home care commissioning",
                "plan_in_year": 500_000,
                "forecast_in_year": 400_000,
                "fye_net_saving": 500_000,
                "go_live": "2018-04",
                "rag_overall": "amber",
            },
            "2": {"theme": "Children", "plan_in_year": 300_000},
        },
    )
)
def council_savings_progress(folder: Path) -> Path:
    """A council's savings progress table in a joint strategic commissioner's finance appendix
    (local authority savings beside the CCG's): directorate, savings proposal, a target and a
    forecast for the year in £000, a variance and a RAG; no scheme numbers, no go-live, no FYE."""
    rows = [
        ["Local authority savings progress 2018/19"],
        [
            "Directorate",
            "Savings proposal",
            "Target 2018/19 £000",
            "Forecast 2018/19 £000",
            "Variance £000",
            "RAG",
        ],
        ["Adults", "Home care commissioning", 500, 400, -100, "Amber"],
        ["Children", "Placements review", 300, 300, 0, "Green"],
        ["Total", None, 800, 700, -100],
    ]
    wb = Workbook()
    _sheet(wb, "Savings progress", rows)
    path = folder / "council_savings_progress.xlsx"
    wb.save(path)
    return path


# 31 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="monthly tracker",
        sheet="CIP 21-22",
        year=2021,
        n_schemes=3,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Lead": "owner",
            "FYE £000": "fye_net_saving",
        },
        schemes={
            "S1": {"theme": "SURGERY", "plan_in_year": 120_000, "go_live": "2021-04"},
            "S2": {
                "theme": "SURGERY",
                "plan_in_year": 30_000,
                "go_live": "2021-10",
                "fye_net_saving": 60_000,
            },
            "M1": {"theme": "MEDICINE", "plan_in_year": 24_000},
        },
        monthly={"S2": {"2021-09": 0, "2021-10": 5_000}},
    )
)
def cip_division_heading_rows(folder: Path) -> Path:
    """A trust CIP tracker whose divisions are heading rows ("SURGERY", "MEDICINE") over their
    schemes, each with a division total, months "Apr" ... "Mar" and the year only in the title:
    the heading is each scheme's theme."""
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    rows = [
        ["CIP 2021/22 (£000)"],
        ["Ref", "Scheme", "Lead", "FYE £000", *months, "Total"],
        [None, "SURGERY"],
        ["S1", "Theatres", "A Brown", 120, *[10] * 12, 120],
        ["S2", "Day case conversion", "C Dean", 60, *[0] * 6, *[5] * 6, 30],
        [None, "Surgery total", None, 180, *[10] * 6, *[15] * 6, 150],
        [None, "MEDICINE"],
        ["M1", "Agency controls", "E Fox", 24, *[2] * 12, 24],
        [None, "Medicine total", None, 24, *[2] * 12, 24],
        [None, "Grand total", None, 204, *[12] * 6, *[17] * 6, 174],
    ]
    wb = Workbook()
    _sheet(wb, "CIP 21-22", rows)
    path = folder / "cip_division_headings.xlsx"
    wb.save(path)
    return path


# 32 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP",
        year=2022,
        n_schemes=3,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Plan £000": "plan_in_year",
            "Forecast £000": "forecast_in_year",
            "Delivery risk": "rag_overall",
            "Confidence": None,
        },
        schemes={
            "R1": {"rag_overall": "red", "plan_in_year": 100_000, "go_live": "2022-04"},
            "R2": {"rag_overall": "green"},
            "R3": {"rag_overall": "amber"},
        },
    )
)
def risk_levels(folder: Path) -> Path:
    """A QIPP summary (as in CCG QIPP committee papers) rating each scheme's delivery risk as
    High / Medium / Low, with the year written "2022-2023" in the title: high risk is red. A
    second, free-text "Confidence" column (words, not levels) is not read as a rating."""
    rows = [
        ["QIPP plan 2022-2023 (£000)"],
        ["Ref", "Scheme", "Plan £000", "Forecast £000", "Delivery risk", "Confidence"],
        ["R1", "Stroke early supported discharge", 100, 90, "High", "Provider capacity"],
        ["R2", "Falls pathway", 50, 50, "Low", "On track"],
        ["R3", "MSK triage", 40, 30, "Medium", "Referrals rising"],
    ]
    wb = Workbook()
    _sheet(wb, "QIPP", rows)
    path = folder / "risk_levels.xlsx"
    wb.save(path)
    return path


# 33 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Savings",
        year=2019,
        n_schemes=2,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Go live": "go_live",
            "FYE £000": "fye_net_saving",
            "Plan 19/20 £000": "plan_in_year",
        },
        schemes={
            "N1": {"fye_net_saving": 120_000, "plan_in_year": 60_000, "go_live": "2019-10"},
            "N2": {"fye_net_saving": 50_000, "plan_in_year": 50_000},
        },
    )
)
def negative_savings(folder: Path) -> Path:
    """Savings written as reductions in spend, every figure negative (as CCG finance reports
    show QIPP against budgets), with a totals row: read as positive savings, the total too."""
    rows = [
        ["Commissioner savings 2019/20"],
        ["Ref", "Scheme", "Go live", "FYE £000", "Plan 19/20 £000"],
        ["N1", "Stroke rehabilitation", "Oct-19", -120, -60],
        ["N2", "Falls prevention", "Apr-19", -50, -50],
        [None, "Total", None, -170, -110],
    ]
    wb = Workbook()
    _sheet(wb, "Savings", rows)
    path = folder / "negative_savings.xlsx"
    wb.save(path)
    return path


# 34 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="CIP",
        year=2023,
        n_schemes=2,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Recurrent FYE": "fye_net_saving",
            "Non-recurrent": "non_recurrent_amount",
            "In-year plan": "plan_in_year",
            "Start date": "go_live",
        },
        schemes={
            "C1": {
                "recurrent": True,
                "fye_net_saving": 120_000,
                "plan_in_year": 60_000,
                "go_live": "2023-10",
            },
            "C2": {"recurrent": False, "fye_net_saving": 80_000, "plan_in_year": 80_000},
        },
    )
)
def cip_recurrent_split(folder: Path) -> Path:
    """A provider CIP plan splitting each saving into a "Recurrent FYE" and a "Non-recurrent"
    amount (as trust financial plans report CIP "recurrent / non-recurrent"): a scheme with a
    non-recurrent amount and no recurrent effect is a one-off, its FYE its in-year plan."""
    rows = [
        ["CIP 2023/24 £000"],
        ["Ref", "Scheme", "Recurrent FYE", "Non-recurrent", "In-year plan", "Start date"],
        ["C1", "Agency reduction", 120, 0, 60, "Oct-23"],
        ["C2", "Accrual release", 0, 80, 80, "Apr-23"],
    ]
    wb = Workbook()
    _sheet(wb, "CIP", rows)
    path = folder / "cip_recurrent_split.xlsx"
    wb.save(path)
    return path


# 35 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Efficiency plan",
        year=2024,
        n_schemes=2,
        unit="£000",
        columns={
            "Scheme Code": "scheme_id",
            "Scheme": "scheme",
            "Lead": "owner",
            "2024/25 £000 / Plan": "plan_in_year",
            "2024/25 £000 / Forecast": "forecast_in_year",
            "2025/26 £000 / Plan": "plan_next_year",
        },
        schemes={
            "QIPP/24/001": {
                "plan_in_year": 400_000,
                "plan_next_year": 200_000,
                "fye_net_saving": 600_000,
                "go_live": "2024-08",
                "forecast_in_year": 350_000,
            },
            "QIPP/24/002": {"fye_net_saving": 300_000, "go_live": "2024-04"},
        },
    )
)
def icb_year_groups(folder: Path) -> Path:
    """An ICB efficiency plan (as in ICB board finance papers) whose years are group cells over
    "Plan / Forecast / Variance" sub-headers ("2024/25 £000", "2025/26 £000"), codes like
    "QIPP/24/001", no go-live and no FYE: 400 this year and 200 next is a FYE of 600 from
    August (400 = 600 x 8/12)."""
    rows = [
        ["ICB efficiency plan"],
        [],
        [None, None, None, "2024/25 £000", None, None, "2025/26 £000"],
        ["Scheme Code", "Scheme", "Lead", "Plan", "Forecast", "Variance", "Plan"],
        ["QIPP/24/001", "Virtual wards", "Dr N Iqbal", 400, 350, -50, 200],
        ["QIPP/24/002", "Biosimilar switching", "P Grant", 300, 300, 0, 0],
    ]
    wb = Workbook()
    _sheet(wb, "Efficiency plan", rows, merges=("D3:F3",))
    path = folder / "icb_year_groups.xlsx"
    wb.save(path)
    return path


# 36 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="QIPP M7",
        year=2020,
        n_schemes=2,
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Full year plan": "fye_net_saving",
            "M7 YTD plan": "ytd_plan",
            "Full year forecast": "forecast_in_year",
            "RAG": "rag_overall",
        },
        schemes={
            "A": {
                "plan_in_year": 120_000,
                "fye_net_saving": 120_000,
                "go_live": "2020-04",
                "forecast_in_year": 110_000,
                "rag_overall": "amber",
            },
            "B": {"plan_in_year": 60_000, "rag_overall": "green"},
        },
    )
)
def full_year_plan_only(folder: Path) -> Path:
    """A month-7 QIPP return naming its annual figure "Full year plan" (read as the FYE), with
    "M7 YTD plan / actual", a full-year forecast and letter RAGs: plan in year is the full-year
    plan (a flat year from April; each YTD plan is 7/12 of it)."""
    rows = [
        ["QIPP 2020/21"],
        [
            "Ref",
            "Scheme",
            "Full year plan",
            "M7 YTD plan",
            "M7 YTD actual",
            "Full year forecast",
            "RAG",
        ],
        ["A", "Care home support", 120_000, 70_000, 60_000, 110_000, "A"],
        ["B", "Wound care", 60_000, 35_000, 35_000, 60_000, "G"],
    ]
    wb = Workbook()
    _sheet(wb, "QIPP M7", rows)
    path = folder / "full_year_plan_only.xlsx"
    wb.save(path)
    return path


# 37 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Plan",
        year=2023,
        n_schemes=2,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "FYE": "fye_net_saving",
            "Annual plan": "plan_in_year",
        },
        schemes={
            "S1": {"plan_in_year": 90_000, "fye_net_saving": 120_000, "go_live": "2023-07"},
            "S2": {"plan_in_year": 40_000, "go_live": "2023-04"},
        },
        monthly={
            "S1": {"2023-04": 0, "2023-06": 0, "2023-07": 10_000, "2024-03": 10_000},
            "S2": {"2023-04": 10_000 / 3, "2024-03": 10_000 / 3},
        },
    )
)
def quarterly_summary_first(folder: Path) -> Path:
    """A system savings plan phased by quarter ("Q1 Plan" ... "Q4 Plan", as ICB operational
    plans phase efficiencies) with its total row first, above the schemes (a summary at the
    top): each quarter's plan is spread over its three months into the monthly plan (not read
    as next year's plan), the total is checked against the schemes below it, and go-live is
    the first month with a plan (S1's Q1 is 0: July)."""
    rows = [
        ["System savings plan 2023/24 (£000)"],
        ["Ref", "Scheme", "FYE", "Q1 Plan", "Q2 Plan", "Q3 Plan", "Q4 Plan", "Annual plan"],
        [None, "Total", 160, 10, 40, 40, 40, 130],
        ["S1", "Outpatient transformation", 120, 0, 30, 30, 30, 90],
        ["S2", "Medicines optimisation", 40, 10, 10, 10, 10, 40],
    ]
    wb = Workbook()
    _sheet(wb, "Plan", rows)
    path = folder / "quarterly_summary_first.xlsx"
    wb.save(path)
    return path


# 38 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Appendix 2",
        year=2019,
        n_schemes=4,
        columns={
            "Programme": "theme",
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Go live": "go_live",
            "FYE £": "fye_net_saving",
            "Plan 19/20 £": "plan_in_year",
            "Update": "commentary",
        },
        schemes={
            "P1": {"theme": "Planned care", "plan_in_year": 100_000},
            "P2": {"theme": "Planned care", "go_live": "2019-10", "plan_in_year": 60_000},
            "U1": {"theme": "Urgent care", "commentary": "Unit open from July"},
            "U2": {"theme": "Urgent care", "plan_in_year": 20_000},
        },
    )
)
def merged_programme_column(folder: Path) -> Path:
    """A governing-body appendix with the programme written once in a cell merged down beside
    its schemes (as printed appendices group schemes), and one scheme (U1) written over two
    rows: its number and name merged down, its update continued on the second row. Each
    scheme takes its programme; the continuation row is not a second scheme."""
    rows = [
        ["QIPP 2019/20: schemes by programme"],
        ["Programme", "Ref", "Scheme", "Go live", "FYE £", "Plan 19/20 £", "Update"],
        ["Planned care", "P1", "Dermatology triage", "Apr-19", 100_000, 100_000, "Live"],
        [None, "P2", "MSK first contact", "Oct-19", 120_000, 60_000, "Recruiting"],
        ["Urgent care", "U1", "Frailty unit", "Jul-19", 40_000, 30_000, "Unit open from July"],
        [None, None, None, None, None, None, "(staffing agreed in June)"],
        [None, "U2", "Same day emergency care", "Jan-20", 80_000, 20_000, "On plan"],
    ]
    wb = Workbook()
    _sheet(wb, "Appendix 2", rows, merges=("A3:A4", "A5:A7", "B5:B6", "C5:C6"))
    path = folder / "merged_programme.xlsx"
    wb.save(path)
    return path


# 39 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="Schemes",
        year=2019,
        n_schemes=3,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Programme": "theme",
            "Scheme": "scheme",
            "Annual plan": "plan_in_year",
            "Forecast": "forecast_in_year",
            "RAG": "rag_overall",
        },
        schemes={
            "P1": {
                "plan_in_year": 300_000,
                "forecast_in_year": 250_000,
                "rag_overall": "amber",
                "go_live": "2019-04",
            },
            "U1": {"theme": "Urgent care", "plan_in_year": 300_000},
        },
    )
)
def summary_sheet_first(folder: Path) -> Path:
    """A QIPP workbook whose first sheet is a summary by programme (Programme | Plan |
    Forecast | Variance, as finance reports open), the schemes on the second sheet: the
    summary names no scheme column and is passed over."""
    wb = Workbook()
    _sheet(
        wb,
        "Summary",
        [
            ["QIPP summary 2019/20 (£000)"],
            ["Programme", "Plan", "Forecast", "Variance"],
            ["Planned care", 500, 450, -50],
            ["Urgent care", 300, 300, 0],
            ["Total", 800, 750, -50],
        ],
    )
    _sheet(
        wb,
        "Schemes",
        [
            ["QIPP schemes 2019/20 (£000)"],
            ["Ref", "Programme", "Scheme", "Annual plan", "Forecast", "RAG"],
            ["P1", "Planned care", "Dermatology triage", 300, 250, "Amber"],
            ["P2", "Planned care", "MSK first contact", 200, 200, "Green"],
            ["U1", "Urgent care", "Frailty unit", 300, 300, "Green"],
        ],
        first=False,
    )
    path = folder / "summary_sheet_first.xlsx"
    wb.save(path)
    return path


# 40 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="monthly tracker",
        sheet="QIPP M6",
        year=2021,
        n_schemes=2,
        unit="£000",
        columns={"Ref": "scheme_id", "Scheme": "scheme", "Annual plan": "plan_in_year"},
        schemes={
            "A": {"plan_in_year": 120_000, "fye_net_saving": 120_000, "go_live": "2021-04"},
            "B": {"plan_in_year": 60_000},
        },
    )
)
def actuals_under_one_group(folder: Path) -> Path:
    """A month-6 QIPP return: an annual plan, then the months delivered so far under one cell
    "Actual" merged over them (the only text in its row). The months are actuals, not a
    monthly plan: the plan is the annual one."""
    months = ["Apr-21", "May-21", "Jun-21", "Jul-21", "Aug-21", "Sep-21"]
    rows = [
        ["QIPP 2021/22 (£000)"],
        [None, None, None, "Actual"],
        ["Ref", "Scheme", "Annual plan", *months],
        ["A", "Care home support", 120, 10, 10, 10, 10, 9, 8],
        ["B", "Wound care formulary", 60, 0, 0, 0, 5, 5, 5],
    ]
    wb = Workbook()
    _sheet(wb, "QIPP M6", rows, merges=("D2:I2",))
    path = folder / "actuals_under_one_group.xlsx"
    wb.save(path)
    return path


# 41 ------------------------------------------------------------------------------------------
@shape(
    Expected(
        kind="register",
        sheet="CIP",
        year=2019,
        n_schemes=3,
        unit="£000",
        columns={
            "Ref": "scheme_id",
            "Scheme": "scheme",
            "Go live": "go_live",
            "FYE £000": "fye_net_saving",
            "Plan £000": "plan_in_year",
            "Forecast £000": "forecast_in_year",
            "Slippage £000": None,
        },
        schemes={
            "A": {
                "change_in_delivery_months": 0,
                "forecast_in_year": 20_000,
                "plan_in_year": 24_000,
            },
            "B": {"change_in_delivery_months": 0, "go_live": "2019-10"},
        },
    )
)
def slippage_in_money(folder: Path) -> Path:
    """A CIP tracker whose "Slippage £000" is money (forecast less plan, small numbers that
    could pass for months): a header naming a money unit is not a count of months."""
    rows = [
        ["CIP 2019/20 (£000)"],
        ["Ref", "Scheme", "Go live", "FYE £000", "Plan £000", "Forecast £000", "Slippage £000"],
        ["A", "Procurement", "Apr-19", 24, 24, 20, -4],
        ["B", "Rostering", "Oct-19", 12, 6, 4, -2],
        ["C", "Estates", "Jul-19", 36, 27, 27, 0],
    ]
    wb = Workbook()
    _sheet(wb, "CIP", rows)
    path = folder / "slippage_in_money.xlsx"
    wb.save(path)
    return path


# --- whole tables -----------------------------------------------------------------------------
# Shapes of issue 17's classes whose test asserts the WHOLE table read (every canonical column
# of every scheme, as the CSV carries it), or the exact refusal: a silent wrong read fails.
# ``WHOLE``: name -> (build, rows or None, the refusal's first line or None, extra checks).

WHOLE: dict[str, tuple] = {}
BLANK_ROW = {
    "file_ref": "",
    "theme": "",
    "phase": "",
    "months_in_year": "",
    "gross_opportunity": "",
    "plan_next_year": "",
    "rag_value": "",
    "rag_resources": "",
    "rag_timeliness": "",
    "rag_codependency": "",
    "rag_overall": "",
    "most_likely_in_year": "",
    "change_in_delivery_months": "0.0",
    "forecast_in_year": "",
    "forecast_next_year": "",
    "recurrent": "",
    "owner": "",
    "commentary": "",
}


def whole(rows=None, refusal=None, **checks):
    def register(build):
        WHOLE[build.__name__] = (build, rows, refusal, checks)
        return build

    return register


def row(source, **values) -> dict:
    """One scheme as the CSV carries it: text, money as floats ("120000.0"), blanks empty."""
    out = dict(BLANK_ROW)
    out.update({k: str(v) for k, v in values.items()})
    out["source"] = source
    return out


def _one(folder: Path, name: str, rows, title="Register", merges=(), fills=None) -> Path:
    wb = Workbook()
    _sheet(wb, title, rows, merges=merges, fills=fills)
    path = folder / f"{name}.xlsx"
    wb.save(path)
    return path


_W = ["Ref", "Scheme", "Go live", "FYE £", "Plan 2024/25 £"]


def _scheme(ref, name, live, fye, plan, *more):
    return [ref, name, live, fye, plan, *more]


@whole(
    rows=[
        row(
            "status_words.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-04",
            fye_net_saving="120000.0",
            plan_in_year="120000.0",
            rag_overall="green",
        ),
        row(
            "status_words.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2024-10",
            fye_net_saving="60000.0",
            plan_in_year="30000.0",
            rag_overall="amber",
        ),
        row(
            "status_words.xlsx!Register!5",
            scheme_id="S3",
            scheme="Frailty",
            go_live="2025-01",
            fye_net_saving="40000.0",
            plan_in_year="10000.0",
            rag_overall="red",
        ),
    ],
    vocabulary="status words",
)
def status_words(folder: Path) -> Path:
    """A PMO register whose rating is a status (On track / At risk / Off track): read through
    the vocabulary, not left blank at full weight."""
    return _one(
        folder,
        "status_words",
        [
            ["Savings plan 2024/25"],
            [*_W, "Status"],
            _scheme("S1", "Virtual wards", "Apr-24", 120_000, 120_000, "On track"),
            _scheme("S2", "Care homes", "Oct-24", 60_000, 30_000, "At risk"),
            _scheme("S3", "Frailty", "Jan-25", 40_000, 10_000, "Off track"),
        ],
    )


@whole(
    rows=[
        row(
            "brag.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-04",
            fye_net_saving="120000.0",
            plan_in_year="120000.0",
            rag_overall="green",
        ),
        row(
            "brag.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2024-10",
            fye_net_saving="60000.0",
            plan_in_year="30000.0",
            rag_overall="amber",
        ),
    ],
    vocabulary="BRAG",
)
def brag(folder: Path) -> Path:
    """BRAG: blue is delivered, counted as green."""
    return _one(
        folder,
        "brag",
        [
            ["Savings plan 2024/25"],
            [*_W, "BRAG"],
            _scheme("S1", "Virtual wards", "Apr-24", 120_000, 120_000, "Blue"),
            _scheme("S2", "Care homes", "Oct-24", 60_000, 30_000, "Amber"),
        ],
    )


@whole(
    rows=[
        row(
            "rayg.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-04",
            fye_net_saving="120000.0",
            plan_in_year="120000.0",
            rag_overall="amber",
        ),
        row(
            "rayg.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2024-10",
            fye_net_saving="60000.0",
            plan_in_year="30000.0",
            rag_overall="red",
        ),
    ],
    vocabulary="RAYG",
)
def rayg(folder: Path) -> Path:
    """RAYG: yellow (minor issues) read as amber."""
    return _one(
        folder,
        "rayg",
        [
            ["Savings plan 2024/25"],
            [*_W, "RAG"],
            _scheme("S1", "Virtual wards", "Apr-24", 120_000, 120_000, "Yellow"),
            _scheme("S2", "Care homes", "Oct-24", 60_000, 30_000, "Red"),
        ],
    )


@whole(
    rows=[
        row(
            "confidence_percent.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-04",
            fye_net_saving="120000.0",
            plan_in_year="120000.0",
            rag_overall="green",
        ),
        row(
            "confidence_percent.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2024-10",
            fye_net_saving="60000.0",
            plan_in_year="30000.0",
            rag_overall="amber",
        ),
        row(
            "confidence_percent.xlsx!Register!5",
            scheme_id="S3",
            scheme="Frailty",
            go_live="2025-01",
            fye_net_saving="40000.0",
            plan_in_year="10000.0",
            rag_overall="red",
        ),
    ],
    vocabulary="percentage",
)
def confidence_percent(folder: Path) -> Path:
    """Confidence of delivery as a percentage (Excel keeps 90% as 0.9): the nearest board
    weight's rating."""
    return _one(
        folder,
        "confidence_percent",
        [
            ["Savings plan 2024/25"],
            [*_W, "Confidence %"],
            _scheme("S1", "Virtual wards", "Apr-24", 120_000, 120_000, 0.9),
            _scheme("S2", "Care homes", "Oct-24", 60_000, 30_000, 0.7),
            _scheme("S3", "Frailty", "Jan-25", 40_000, 10_000, 0.3),
        ],
    )


@whole(
    rows=[
        row(
            "confidence_levels.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-04",
            fye_net_saving="120000.0",
            plan_in_year="120000.0",
            rag_overall="red",
            owner="J Smith",
        ),
        row(
            "confidence_levels.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2024-10",
            fye_net_saving="60000.0",
            plan_in_year="30000.0",
            rag_overall="green",
            owner="A Khan",
        ),
    ],
    vocabulary="confidence",
)
def confidence_levels(folder: Path) -> Path:
    """Confidence High / Medium / Low: high confidence is green, low red."""
    return _one(
        folder,
        "confidence_levels",
        [
            ["Savings plan 2024/25"],
            [*_W, "Confidence", "Lead"],
            _scheme("S1", "Virtual wards", "Apr-24", 120_000, 120_000, "Low", "J Smith"),
            _scheme("S2", "Care homes", "Oct-24", 60_000, 30_000, "High", "A Khan"),
        ],
    )


@whole(
    rows=[
        row(
            "impact_columns.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-10",
            fye_net_saving="120000.0",
            plan_in_year="60000.0",
            plan_next_year="60000.0",
            rag_overall="green",
        ),
        row(
            "impact_columns.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2025-01",
            fye_net_saving="40000.0",
            plan_in_year="10000.0",
            plan_next_year="30000.0",
            rag_overall="amber",
        ),
    ],
)
def impact_columns(folder: Path) -> Path:
    """This year's and next year's saving worded "Impact", in £k: next year's is the
    incremental effect, read by the year it names."""
    return _one(
        folder,
        "impact_columns",
        [
            ["Efficiency plan 2024/25"],
            ["Ref", "Scheme", "Go live", "FYE £k", "2024/25 Impact £k", "2025/26 Impact £k", "RAG"],
            ["S1", "Virtual wards", "Oct-24", 120, 60, 60, "G"],
            ["S2", "Care homes", "Jan-25", 40, 10, 30, "A"],
        ],
    )


@whole(
    rows=[
        row(
            "year_columns_pounds.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2023-07",
            fye_net_saving="120000.0",
            plan_in_year="90000.0",
            plan_next_year="30000.0",
        ),
        row(
            "year_columns_pounds.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2023-04",
            fye_net_saving="50000.0",
            plan_in_year="50000.0",
            plan_next_year="0.0",
        ),
    ],
)
def year_columns_pounds(folder: Path) -> Path:
    """Year columns headed "2023/24 (£)", "2024/25 (£)" and no go-live: the annual figures
    are read and go-live taken by the rules turned round (90 of 120: July)."""
    return _one(
        folder,
        "year_columns_pounds",
        [
            ["Savings 2023/24"],
            ["Ref", "Scheme", "2023/24 (£)", "2024/25 (£)"],
            ["S1", "Virtual wards", 90_000, 30_000],
            ["S2", "Care homes", 50_000, 0],
        ],
    )


@whole(
    rows=[
        row(
            "quarterly_phasing.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-07",
            fye_net_saving="240000.0",
            plan_in_year="150000.0",
            rag_overall="green",
        ),
        row(
            "quarterly_phasing.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2024-04",
            fye_net_saving="120000.0",
            plan_in_year="120000.0",
            rag_overall="amber",
        ),
    ],
    monthly={
        "S1": [0, 0, 0, 10_000, 10_000, 10_000, 20_000, 20_000, 20_000, 20_000, 20_000, 20_000],
        "S2": [10_000] * 12,
    },
    findings=[],
)
def quarterly_phasing(folder: Path) -> Path:
    """A ramping scheme phased by quarter ("Q1 24/25 £000" ... "Q4"): the monthly plan follows
    the quarters (not the go-live rule's 600k-style step), and its annual plan agrees with them."""
    return _one(
        folder,
        "quarterly_phasing",
        [
            ["CIP 2024/25 (£000)"],
            [
                "Ref",
                "Scheme",
                "FYE",
                "Q1 24/25 £000",
                "Q2 24/25 £000",
                "Q3 24/25 £000",
                "Q4 24/25 £000",
                "Annual plan",
                "RAG",
            ],
            ["S1", "Virtual wards", 240, 0, 30, 60, 60, 150, "G"],
            ["S2", "Care homes", 120, 30, 30, 30, 30, 120, "A"],
        ],
    )


@whole(
    rows=[
        row(
            "unknown_status_words.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-04",
            fye_net_saving="120000.0",
            plan_in_year="120000.0",
        ),
        row(
            "unknown_status_words.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2024-10",
            fye_net_saving="60000.0",
            plan_in_year="30000.0",
        ),
    ],
    warning="F2: 'Status' is headed like a rating but its values ('Fine', 'Wobbly') are no "
    "rating scale's",
    note="2 scheme(s) have no overall rating (S1, S2)",
)
def unknown_status_words(folder: Path) -> Path:
    """A status of a programme's own words: not read, said as a warning, and the schemes named
    as unrated (counted at the unrated weight, never in full)."""
    return _one(
        folder,
        "unknown_status_words",
        [
            ["Savings plan 2024/25"],
            [*_W, "Status"],
            _scheme("S1", "Virtual wards", "Apr-24", 120_000, 120_000, "Fine"),
            _scheme("S2", "Care homes", "Oct-24", 60_000, 30_000, "Wobbly"),
        ],
    )


@whole(
    rows=[
        row(
            "go_live_from_months.xlsx!Register!3",
            scheme_id="S1",
            scheme="Virtual wards",
            go_live="2024-04",
            months_in_year="12.0",
            fye_net_saving="120000.0",
            plan_in_year="120000.0",
        ),
        row(
            "go_live_from_months.xlsx!Register!4",
            scheme_id="S2",
            scheme="Care homes",
            go_live="2024-10",
            months_in_year="6.0",
            fye_net_saving="60000.0",
            plan_in_year="30000.0",
        ),
    ],
    note="go-live read from the months in year (no go-live column)",
)
def go_live_from_months(folder: Path) -> Path:
    """The go-live column deleted: go-live from "No of Months" (12 = April), and said."""
    return _one(
        folder,
        "go_live_from_months",
        [
            ["Savings plan 2024/25"],
            ["Ref", "Scheme", "No of Months 24/25", "FYE £", "Plan 2024/25 £"],
            ["S1", "Virtual wards", 12, 120_000, 120_000],
            ["S2", "Care homes", 6, 60_000, 30_000],
        ],
    )


@whole(
    refusal="duplicate_sheet.xlsx: 2 sheets hold a scheme register ('Register (2)', "
    "'Register'): name the one to read",
)
def duplicate_sheet(folder: Path) -> Path:
    """Excel's Move or Copy puts the copy first: two registers, refused naming both."""
    wb = Workbook()
    for title, first in (("Register (2)", True), ("Register", False)):
        _sheet(
            wb,
            title,
            [
                ["Savings plan 2024/25"],
                _W,
                _scheme("S1", "Virtual wards", "Apr-24", 120_000, 120_000),
            ],
            first=first,
        )
    path = folder / "duplicate_sheet.xlsx"
    wb.save(path)
    return path


@whole(
    refusal="actuals_not_register.xlsx: no register here: 'Actuals' holds actual savings by "
    "scheme and month (an actuals workbook), not a scheme register",
)
def actuals_not_register(folder: Path) -> Path:
    """An actuals workbook passed as the register: one line, no 'appears twice' flood."""
    rows = [["QIPP actuals 2024/25"], ["No", "Scheme", "Month", "Actual Saving £000"]]
    for month in ("Apr-24", "May-24", "Jun-24", "Jul-24"):
        rows += [[1, "Virtual wards", month, 10], [2, "Care homes", month, 5]]
    return _one(folder, "actuals_not_register", rows, title="Actuals")


@whole(
    refusal="quarters_no_year.xlsx: no scheme register found on any sheet ('Register')",
)
def quarters_no_year(folder: Path) -> Path:
    """Quarter columns, no annual figure, no go-live and no year anywhere: not a register a
    reader can place; refused in one line, not guessed."""
    return _one(
        folder,
        "quarters_no_year",
        [
            ["Ref", "Scheme", "Q1", "Q2", "Q3", "Q4"],
            ["S1", "Virtual wards", 0, 30, 60, 60],
            ["S2", "Care homes", 30, 30, 30, 30],
        ],
    )


def build_all(folder: Path) -> dict[str, tuple[Path, Expected]]:
    """Every corpus register written into ``folder``: name -> (path, expected)."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: (build(folder), expected) for name, (build, expected) in SHAPES.items()}


# --- tables as they are laid out (issue 17, Deliver 4) ----------------------------------------
# Registers whose rows are not one scheme each: another table below the register, several
# measure rows per scheme (Plan / Actual / Forecast), codes written into the names, and long
# extracts (a row per scheme per month). Each carries the WHOLE scheme table a reader must give
# (:class:`LayoutExpected`), or the one line it must refuse with.

MONTHS_24 = [dt.datetime(2024, m, 1) for m in range(4, 13)] + [
    dt.datetime(2025, m, 1) for m in range(1, 4)
]


@dataclass
class LayoutExpected:
    """What a reader must make of a register laid out in more than one row per scheme.

    Attributes:
        sheet: the sheet read.
        year: the financial year (starting calendar year).
        schemes: every scheme in order, each the canonical columns that are not blank (the
            others must be blank; ``change_in_delivery_months`` 0 unless given; ``recurrent``
            blank unless given); money in £, go-live ``YYYY-MM``; ``source`` as the sheet row
            number.
        monthly_plan: scheme_id -> the plan of each month April-March, £ (trackers only).
        monthly_actual: scheme_id -> {YYYY-MM: actual £}, every actual month.
        outcomes: rows of the load report by outcome (every outcome with rows).
        ids_invented: the scheme numbers are made up from row order.
        notes: words some note of the load report must contain.
        refusal: for a register that must be refused: (cell, words of the one error line).
    """

    sheet: str
    year: int | None
    schemes: list[dict] = field(default_factory=list)
    monthly_plan: dict[str, list] = field(default_factory=dict)
    monthly_actual: dict[str, dict] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    ids_invented: bool = False
    notes: tuple[str, ...] = ()
    refusal: tuple[str, str] | None = None


LAYOUT_SHAPES: dict[str, tuple] = {}


def layout_shape(expected: LayoutExpected):
    def register(build):
        LAYOUT_SHAPES[build.__name__] = (build, expected)
        return build

    return register


def _save(rows: list[list], sheet: str, name: str, folder: Path, merges=()) -> Path:
    wb = Workbook()
    _sheet(wb, sheet, rows, merges)
    path = folder / name
    wb.save(path)
    return path


# L1 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Highlight",
        year=2024,
        schemes=[
            dict(
                scheme_id="UC1",
                scheme="Virtual wards",
                go_live="2024-07",
                fye_net_saving=120_000,
                plan_in_year=90_000,
                rag_overall="green",
                owner="A Smith",
                source=4,
            ),
            dict(
                scheme_id="UC2",
                scheme="Same day emergency care",
                go_live="2024-04",
                fye_net_saving=60_000,
                plan_in_year=60_000,
                rag_overall="amber",
                owner="B Jones",
                source=5,
            ),
            dict(
                scheme_id="UC3",
                scheme="Frailty hub",
                go_live="2025-01",
                fye_net_saving=48_000,
                plan_in_year=12_000,
                rag_overall="red",
                owner="C Patel",
                source=6,
            ),
        ],
        outcomes={"title": 1, "blank": 2, "header": 1, "scheme": 3, "in another table": 4},
    )
)
def highlight_report_risks_below(folder: Path) -> Path:
    """A programme highlight report: its schemes, then under a title "Key risks and issues" a
    risk log with a header of its own ("Ref", "Risk", "Owner", ... "Mitigation"). The risks
    are another table: not read on as more schemes, their header row included."""
    rows = [
        ["Urgent care programme - highlight report, April 2024"],
        [],
        ["Ref", "Scheme", "Go live", "FYE £", "Plan 2024/25 £", "RAG", "Lead"],
        ["UC1", "Virtual wards", "Jul-24", 120_000, 90_000, "Green", "A Smith"],
        ["UC2", "Same day emergency care", "Apr-24", 60_000, 60_000, "Amber", "B Jones"],
        ["UC3", "Frailty hub", "Jan-25", 48_000, 12_000, "Red", "C Patel"],
        [],
        ["Key risks and issues"],
        ["Ref", "Risk", "Owner", "Likelihood", "Impact", "Score", "Mitigation"],
        ["R1", "Community nursing vacancies", "A Smith", 4, 4, 16, "Agency cover agreed"],
        ["R2", "SDEC activity not yet flowing", "B Jones", 3, 2, 6, "Manual counts"],
    ]
    return _save(rows, "Highlight", "highlight_report.xlsx", folder)


# L2 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="QIPP",
        year=2024,
        schemes=[
            dict(
                scheme_id="1",
                scheme="Virtual wards",
                go_live="2024-07",
                fye_net_saving=120_000,
                plan_in_year=90_000,
                rag_overall="green",
                source=3,
            ),
            dict(
                scheme_id="2",
                scheme="Falls response",
                go_live="2024-04",
                fye_net_saving=36_000,
                plan_in_year=36_000,
                rag_overall="amber",
                source=4,
            ),
            dict(
                scheme_id="3",
                scheme="Care home support",
                go_live="2024-10",
                fye_net_saving=24_000,
                plan_in_year=12_000,
                rag_overall="red",
                source=7,
            ),
            dict(
                scheme_id="4",
                scheme="Community IV therapy",
                go_live="2025-01",
                fye_net_saving=60_000,
                plan_in_year=15_000,
                rag_overall="green",
                source=8,
            ),
        ],
        outcomes={"title": 1, "header": 2, "blank": 1, "scheme": 4},
    )
)
def header_repeated_per_page(folder: Path) -> Path:
    """A register printed over two pages, its header repeated at the top of the second: the
    repeated header is a header row, and the schemes under it are read on."""
    header = ["No", "Scheme", "Go live", "FYE £", "Plan 2024/25 £", "RAG"]
    rows = [
        ["QIPP register 2024/25"],
        header,
        ["1", "Virtual wards", "Jul-24", 120_000, 90_000, "Green"],
        ["2", "Falls response", "Apr-24", 36_000, 36_000, "Amber"],
        [],
        header,
        ["3", "Care home support", "Oct-24", 24_000, 12_000, "Red"],
        ["4", "Community IV therapy", "Jan-25", 60_000, 15_000, "Green"],
    ]
    return _save(rows, "QIPP", "register_two_pages.xlsx", folder)


# L3 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Tracker",
        year=2024,
        schemes=[
            dict(
                scheme_id="S1",
                scheme="Virtual wards",
                go_live="2024-04",
                fye_net_saving=120_000,
                plan_in_year=120_000,
                forecast_in_year=114_000,
                owner="A Smith",
                source=3,
            ),
            dict(
                scheme_id="S2",
                scheme="Falls service",
                go_live="2024-10",
                fye_net_saving=240_000,
                plan_in_year=120_000,
                forecast_in_year=90_000,
                owner="B Jones",
                source=6,
            ),
            # forecast: the actual to September (27) and the forecast October-March (6 x 4)
            dict(
                scheme_id="S3",
                scheme="Discharge to assess",
                go_live="2024-04",
                fye_net_saving=60_000,
                plan_in_year=60_000,
                forecast_in_year=51_000,
                owner="C Patel",
                source=9,
            ),
        ],
        monthly_plan={
            "S1": [10_000] * 12,
            "S2": [0] * 6 + [20_000] * 6,
            "S3": [5_000] * 12,
        },
        monthly_actual={
            "S1": {f"2024-{m:02d}": 9_000 for m in range(4, 10)},
            "S2": {f"2024-{m:02d}": 0 for m in range(4, 10)},
            "S3": {
                "2024-04": 5_000,
                "2024-05": 5_000,
                "2024-06": 5_000,
                "2024-07": 4_000,
                "2024-08": 4_000,
                "2024-09": 4_000,
            },
        },
        outcomes={"title": 1, "header": 1, "scheme": 3, "measure row": 6, "total": 3},
        notes=("one per measure", "taking the actual for a month with no forecast"),
    )
)
def pmo_tracker_measure_rows(folder: Path) -> Path:
    """A PMO tracker in £000 with three rows per scheme: "Plan", "Actual" and "Forecast" in a
    "Measure" column, the scheme's number and name on its first row only, months Apr-24 to
    Mar-25 and a "Total 2024/25"; the totals block has the same three rows. S3's forecast row
    gives only the months still to come (Oct-Mar) and no total: its forecast is the actual to
    September plus those months."""
    months = [m.strftime("%b-%y") for m in MONTHS_24]
    blank6 = [None] * 6
    rows = [
        ["Community services QIPP tracker 2024/25 (£000)"],
        ["Ref", "Scheme", "Lead", "Measure", *months, "Total 2024/25"],
        ["S1", "Virtual wards", "A Smith", "Plan", *[10] * 12, 120],
        [None, None, None, "Actual", *[9] * 6, *blank6, 54],
        [None, None, None, "Forecast", *[9] * 6, *[10] * 6, 114],
        ["S2", "Falls service", "B Jones", "Plan", *[0] * 6, *[20] * 6, 120],
        [None, None, None, "Actual", *[0] * 6, *blank6, 0],
        [None, None, None, "Forecast", *[0] * 6, *[15] * 6, 90],
        ["S3", "Discharge to assess", "C Patel", "Plan", *[5] * 12, 60],
        [None, None, None, "Actual", 5, 5, 5, 4, 4, 4, *blank6, 27],
        [None, None, None, "Forecast", *blank6, *[4] * 6, None],
        ["Total", None, None, "Plan", *[15] * 6, *[35] * 6, 300],
        [None, None, None, "Actual", 14, 14, 14, 13, 13, 13, *blank6, 81],
        [None, None, None, "Forecast", *blank6, *[29] * 6, None],
    ]
    return _save(rows, "Tracker", "pmo_tracker_measures.xlsx", folder)


# L4 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="CIP 25-26",
        year=2025,
        schemes=[
            # FYE = 200,000 + 100,000; 200,000 = 300,000 x 8 / 12: live from August
            dict(
                scheme_id="C01",
                scheme="Theatre utilisation",
                go_live="2025-08",
                fye_net_saving=300_000,
                plan_in_year=200_000,
                plan_next_year=100_000,
                rag_overall="amber",
                forecast_in_year=150_000,
                forecast_next_year=150_000,
                source=2,
            ),
            dict(
                scheme_id="C02",
                scheme="Agency premium",
                go_live="2025-04",
                fye_net_saving=300_000,
                plan_in_year=300_000,
                plan_next_year=0,
                rag_overall="green",
                forecast_in_year=300_000,
                forecast_next_year=0,
                source=6,
            ),
        ],
        outcomes={"header": 1, "scheme": 2, "measure row": 2, "note": 4},
        notes=("an actual to date, with no months",),
    )
)
def measure_rows_annual(folder: Path) -> Path:
    """A CIP plan with the scheme repeated on each of its rows and a "Type" column (Plan,
    Forecast, Actual YTD, Variance) over annual columns "2025/26 £" and "2026/27 £": the plan
    row is the scheme, the forecast row its forecast in year and next year; the actual to date
    and the variance rows are not part of the scheme table and are said so."""
    rows = [
        ["Scheme ref", "Scheme", "Type", "2025/26 £", "2026/27 £", "RAG"],
        ["C01", "Theatre utilisation", "Plan", 200_000, 100_000, "Amber"],
        ["C01", "Theatre utilisation", "Forecast", 150_000, 150_000, "Amber"],
        ["C01", "Theatre utilisation", "Actual YTD", 40_000, None, None],
        ["C01", "Theatre utilisation", "Variance", -50_000, 50_000, None],
        ["C02", "Agency premium", "Plan", 300_000, 0, "Green"],
        ["C02", "Agency premium", "Forecast", 300_000, 0, "Green"],
        ["C02", "Agency premium", "Actual YTD", 90_000, None, None],
        ["C02", "Agency premium", "Variance", 0, 0, None],
    ]
    return _save(rows, "CIP 25-26", "cip_measure_rows.xlsx", folder)


# L5 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Schemes",
        year=2023,
        schemes=[
            dict(
                scheme_id="QIPP01",
                theme="Urgent care",
                scheme="Virtual wards",
                go_live="2023-10",
                fye_net_saving=240_000,
                plan_in_year=120_000,
                rag_overall="green",
                source=3,
            ),
            dict(
                scheme_id="QIPP02",
                theme="Planned care",
                scheme="Outpatient follow-ups",
                go_live="2023-04",
                fye_net_saving=60_000,
                plan_in_year=60_000,
                rag_overall="amber",
                source=4,
            ),
            dict(
                scheme_id="QIPP03",
                theme="Complex care",
                scheme="Continuing healthcare review",
                go_live="2023-07",
                fye_net_saving=80_000,
                plan_in_year=60_000,
                rag_overall="red",
                source=5,
            ),
        ],
        outcomes={"title": 1, "header": 1, "scheme": 3},
        notes=("scheme numbers read from the codes at the start of the names",),
    )
)
def codes_in_names(folder: Path) -> Path:
    """No number column: each name starts with its code ("QIPP01 - Virtual wards"), which is
    the scheme number; the name keeps the rest."""
    rows = [
        ["QIPP schemes 2023/24"],
        ["Scheme", "Programme", "Go-live", "FYE £", "2023/24 £", "Overall RAG"],
        ["QIPP01 - Virtual wards", "Urgent care", "Oct-23", 240_000, 120_000, "Green"],
        ["QIPP02 - Outpatient follow-ups", "Planned care", "Apr-23", 60_000, 60_000, "Amber"],
        ["QIPP03 - Continuing healthcare review", "Complex care", "Jul-23", 80_000, 60_000, "Red"],
    ]
    return _save(rows, "Schemes", "codes_in_names.xlsx", folder)


# L6 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="CIP",
        year=2022,
        schemes=[
            dict(
                scheme_id="CIP-07",
                theme="Surgery",
                scheme="Theatre utilisation",
                go_live="2022-04",
                fye_net_saving=150_000,
                plan_in_year=150_000,
                source=3,
            ),
            dict(
                scheme_id="CIP-12",
                theme="Medicine",
                scheme="Agency premium",
                go_live="2022-10",
                fye_net_saving=90_000,
                plan_in_year=45_000,
                source=4,
            ),
            dict(
                scheme_id="CIP-15",
                theme="Corporate",
                scheme="Procurement",
                go_live="2023-01",
                fye_net_saving=40_000,
                plan_in_year=10_000,
                source=5,
            ),
        ],
        outcomes={"title": 1, "header": 1, "scheme": 3},
    )
)
def bracketed_codes_in_names(folder: Path) -> Path:
    """A CIP list whose names carry their codes in brackets ("[CIP-07] Theatre utilisation")
    and one written "CIP-15: Procurement": every name has a code, so each is the number."""
    rows = [
        ["CIP 2022/23"],
        ["Initiative", "Division", "Start month", "Full year effect £", "In-year saving £"],
        ["[CIP-07] Theatre utilisation", "Surgery", "Apr-22", 150_000, 150_000],
        ["[CIP-12] Agency premium", "Medicine", "Oct-22", 90_000, 45_000],
        ["CIP-15: Procurement", "Corporate", "Jan-23", 40_000, 10_000],
    ]
    return _save(rows, "CIP", "cip_bracketed_codes.xlsx", folder)


# L7 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Savings",
        year=2024,
        schemes=[
            dict(
                scheme_id="1",
                scheme="Virtual wards",
                go_live="2024-07",
                fye_net_saving=120_000,
                plan_in_year=90_000,
                rag_overall="green",
                source=3,
            ),
            dict(
                scheme_id="2",
                scheme="Falls response",
                go_live="2024-04",
                fye_net_saving=36_000,
                plan_in_year=36_000,
                rag_overall="amber",
                source=4,
            ),
            dict(
                scheme_id="3",
                scheme="Care home support",
                go_live="2024-10",
                fye_net_saving=24_000,
                plan_in_year=12_000,
                rag_overall="red",
                source=5,
            ),
        ],
        outcomes={"title": 1, "header": 1, "scheme": 3},
        ids_invented=True,
        notes=("month-on-month matching goes by scheme name",),
    )
)
def names_without_codes(folder: Path) -> Path:
    """No number column and no codes in the names: schemes are numbered 1, 2, 3 in row order,
    and the load says so (``ids_invented``) so that month-on-month matching goes by name."""
    rows = [
        ["Savings plan 2024/25"],
        ["Scheme", "Go live", "FYE £", "Plan 2024/25 £", "RAG"],
        ["Virtual wards", "Jul-24", 120_000, 90_000, "Green"],
        ["Falls response", "Apr-24", 36_000, 36_000, "Amber"],
        ["Care home support", "Oct-24", 24_000, 12_000, "Red"],
    ]
    return _save(rows, "Savings", "names_without_codes.xlsx", folder)


def _long_rows() -> list[list]:
    """P1-P3 a month each, in a BI export's order (by month, then scheme); actuals to June."""
    plan = {"P1": [10_000] * 12, "P2": [0] * 6 + [20_000] * 6, "P3": [5_000] * 12}
    actual = {"P1": [9_000] * 3, "P2": [0] * 3, "P3": [5_000, 5_000, 4_000]}
    later = {"P1": 10_000, "P2": None, "P3": 4_000}
    names = {
        "P1": ("Virtual wards", "Urgent care"),
        "P2": ("Falls service", "Community"),
        "P3": ("Discharge to assess", "Community"),
    }
    rows = []
    for k, month in enumerate(MONTHS_24):
        for scheme in ("P1", "P2", "P3"):
            done = actual[scheme][k] if k < 3 else None
            if done is not None:
                forecast = done
            elif scheme == "P2":
                forecast = 0 if k < 6 else 15_000
            else:
                forecast = later[scheme]
            rag = "Amber" if scheme == "P2" and k < 2 else ("Red" if scheme == "P2" else "Green")
            name, programme = names[scheme]
            rows.append([month, scheme, name, programme, plan[scheme][k], done, forecast, rag])
    return rows


# L8 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Export",
        year=2024,
        schemes=[
            # forecast: 3 x 9,000 actual + 9 x 10,000
            dict(
                scheme_id="P1",
                theme="Urgent care",
                scheme="Virtual wards",
                go_live="2024-04",
                fye_net_saving=120_000,
                plan_in_year=120_000,
                rag_overall="green",
                forecast_in_year=117_000,
                source=8,
            ),
            # rated Red from June (its row 9, the latest month with an actual); 6 x 15,000
            dict(
                scheme_id="P2",
                theme="Community",
                scheme="Falls service",
                go_live="2024-10",
                fye_net_saving=240_000,
                plan_in_year=120_000,
                rag_overall="red",
                forecast_in_year=90_000,
                source=9,
            ),
            # 5,000 + 5,000 + 4,000 actual + 9 x 4,000
            dict(
                scheme_id="P3",
                theme="Community",
                scheme="Discharge to assess",
                go_live="2024-04",
                fye_net_saving=60_000,
                plan_in_year=60_000,
                rag_overall="green",
                forecast_in_year=50_000,
                source=10,
            ),
        ],
        monthly_plan={
            "P1": [10_000] * 12,
            "P2": [0] * 6 + [20_000] * 6,
            "P3": [5_000] * 12,
        },
        monthly_actual={
            "P1": {"2024-04": 9_000, "2024-05": 9_000, "2024-06": 9_000},
            "P2": {"2024-04": 0, "2024-05": 0, "2024-06": 0},
            "P3": {"2024-04": 5_000, "2024-05": 5_000, "2024-06": 4_000},
        },
        outcomes={"header": 1, "scheme": 3, "month row": 33},
        notes=("a long extract, one row per scheme and month", "differs between the months"),
    )
)
def long_extract_by_month(folder: Path) -> Path:
    """A BI tool's export: one row per scheme per month (dates), ordered by month, with the
    plan, actual and forecast of that month and the rating as it was that month. It is read as
    a monthly tracker: one scheme each, the monthly plan and actuals, the forecast the sum of
    the forecast months; each scheme's rating from June, its latest month with an actual (P2
    went from Amber to Red in June)."""
    header = [
        "Reporting month",
        "Scheme ID",
        "Scheme",
        "Programme",
        "Plan £",
        "Actual £",
        "Forecast £",
        "RAG",
    ]
    return _save([header, *_long_rows()], "Export", "long_extract.xlsx", folder)


# L9 ------------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Savings",
        year=2025,
        schemes=[
            dict(
                scheme_id="S12",
                scheme="Outpatient follow-ups",
                go_live="2025-04",
                fye_net_saving=60_000,
                plan_in_year=60_000,
                source=14,
            ),
            # live from July: 9 x 8,000 in year, 12 x 8,000 full year
            dict(
                scheme_id="S14",
                scheme="Medicines optimisation",
                go_live="2025-07",
                fye_net_saving=96_000,
                plan_in_year=72_000,
                source=26,
            ),
        ],
        monthly_plan={"S12": [5_000] * 12, "S14": [0] * 3 + [8_000] * 9},
        outcomes={"title": 1, "header": 1, "scheme": 2, "month row": 22},
        notes=("a long extract", "scheme numbers read from the codes"),
    )
)
def long_extract_names_with_codes(folder: Path) -> Path:
    """A PMO system's extract with no id column: "S12: Outpatient follow-ups" a row per month,
    months written M1 ... M12 under a title naming 2025/26, the saving in £000. Rows are
    grouped by name, and the codes become the numbers."""
    rows = [["Savings by month 2025/26 (£000)"], ["Scheme", "Period", "Saving £000"]]
    for n in range(1, 13):
        rows.append(["S12: Outpatient follow-ups", f"M{n}", 5])
    for n in range(1, 13):
        rows.append(["S14: Medicines optimisation", f"M{n}", 0 if n <= 3 else 8])
    return _save(rows, "Savings", "long_extract_codes.xlsx", folder)


# L10 -----------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Export",
        year=None,
        refusal=("B8", "scheme 'P2' has a second plan row for May-24 (the first is row 6)"),
    )
)
def long_extract_month_twice(folder: Path) -> Path:
    """The export of L8 with P2's May row pasted twice: one row per scheme and month cannot
    hold, and guessing which of the two is right would be a wrong read. Refused in one line."""
    header = ["Reporting month", "Scheme ID", "Scheme", "Programme", "Plan £", "Actual £"]
    rows = [r[:6] for r in _long_rows()]
    rows.insert(6, list(rows[4]))  # P2, May-24 again, as row 8
    return _save([header, *rows], "Export", "long_extract_twice.xlsx", folder)


# L11 -----------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Tracker",
        year=None,
        refusal=("C5", "scheme 'S2' has no plan row"),
    )
)
def measure_rows_without_plan(folder: Path) -> Path:
    """Measure rows where S2 has an actual and a forecast row and no plan row: its plan cannot
    be read, and taking the actual for it would be a wrong read. Refused in one line."""
    rows = [
        ["QIPP tracker 2024/25"],
        ["Ref", "Scheme", "Measure", "Apr-24", "May-24", "Jun-24", "Total"],
        ["S1", "Virtual wards", "Plan", 10_000, 10_000, 10_000, 30_000],
        [None, None, "Actual", 9_000, 9_000, None, 18_000],
        ["S2", "Falls service", "Actual", 2_000, 2_000, None, 4_000],
        [None, None, "Forecast", 2_000, 2_000, 3_000, 7_000],
    ]
    return _save(rows, "Tracker", "measures_without_plan.xlsx", folder)


# L12 -----------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Tracker",
        year=2024,
        schemes=[
            dict(scheme_id="1", theme="PLANNED CARE", scheme="Virtual wards", go_live="2024-04",
                 fye_net_saving=120_000, plan_in_year=120_000, forecast_in_year=117_000,
                 owner="A Smith", source=5),
            dict(scheme_id="2", theme="PLANNED CARE", scheme="Outpatient follow-ups",
                 go_live="2024-10", fye_net_saving=240_000, plan_in_year=120_000,
                 forecast_in_year=90_000, owner="B Jones", source=9),
            dict(scheme_id="3", theme="URGENT CARE", scheme="Falls response", go_live="2024-04",
                 fye_net_saving=60_000, plan_in_year=60_000, forecast_in_year=50_000,
                 owner="C Patel", source=14),
        ],
        monthly_plan={
            "1": [10_000] * 12,
            "2": [0] * 6 + [20_000] * 6,
            "3": [5_000] * 12,
        },
        monthly_actual={
            "1": {"2024-04": 9_000, "2024-05": 9_000, "2024-06": 9_000},
            "2": {"2024-04": 0, "2024-05": 0, "2024-06": 0},
            "3": {"2024-04": 5_000, "2024-05": 5_000, "2024-06": 4_000},
        },
        outcomes={"title": 1, "header": 1, "note": 2, "scheme": 3, "measure row": 9},
        ids_invented=True,
        notes=("one per measure", "theme read from the heading rows"),
    )
)  # fmt: skip
def measures_under_names(folder: Path) -> Path:
    """A tracker in £000 whose measures are written in the name column: each scheme's name
    (and lead) on a row of its own, then its "Plan", "Actual" and "Forecast" rows, under
    section headings. The Plan row is the scheme, with the name row's name and lead; a "Plan"
    is never a scheme of its own."""
    months = [m.strftime("%b-%y") for m in MONTHS_24]
    rows = [
        ["QIPP tracker 2024/25 (£000)"],
        ["Scheme", "Lead", *months, "Total"],
        ["PLANNED CARE"],
        ["Virtual wards", "A Smith"],
        ["Plan", None, *[10] * 12, 120],
        ["Actual", None, 9, 9, 9, *[None] * 9, 27],
        ["Forecast", None, 9, 9, 9, *[10] * 9, 117],
        ["Outpatient follow-ups", "B Jones"],
        ["Plan", None, *[0] * 6, *[20] * 6, 120],
        ["Actual", None, 0, 0, 0, *[None] * 9, 0],
        ["Forecast", None, *[0] * 6, *[15] * 6, 90],
        ["URGENT CARE"],
        ["Falls response", "C Patel"],
        ["Plan", None, *[5] * 12, 60],
        ["Actual", None, 5, 5, 4, *[None] * 9, 14],
        ["Forecast", None, 5, 5, 4, *[4] * 9, 50],
    ]
    return _save(rows, "Tracker", "measures_under_names.xlsx", folder)


# L13 -----------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Extract",
        year=2024,
        schemes=[
            dict(scheme_id="1", scheme="Virtual wards", go_live="2024-04", fye_net_saving=12_000,
                 plan_in_year=12_000, source=6),
            # live from July: 9 x 2,000 in year, 12 x 2,000 full year
            dict(scheme_id="2", scheme="Falls service", go_live="2024-07", fye_net_saving=24_000,
                 plan_in_year=18_000, source=21),
        ],
        monthly_plan={"1": [1_000] * 12, "2": [0] * 3 + [2_000] * 9},
        monthly_actual={
            "1": {"2024-04": 900, "2024-05": 900, "2024-06": 900},
            "2": {"2024-04": 0, "2024-05": 0, "2024-06": 0},
        },
        outcomes={"header": 1, "scheme": 2, "month row": 28},
        ids_invented=True,
        notes=("a long extract", "one per measure"),
    )
)  # fmt: skip
def long_extract_with_measures(folder: Path) -> Path:
    """The longest form: a row per scheme, month and measure ("Plan", "Actual") with the
    amount in one "Value £" column, no year anywhere but in the months. Read as a tracker whose
    year is the months'."""
    rows = [["Scheme", "Month", "Measure", "Value £"]]
    for name, plan in (("Virtual wards", [1_000] * 12), ("Falls service", [0] * 3 + [2_000] * 9)):
        for k, month in enumerate(MONTHS_24):
            rows.append([name, month.strftime("%b-%y"), "Plan", plan[k]])
            if k < 3:
                rows.append([name, month.strftime("%b-%y"), "Actual", 900 if plan[0] else 0])
    return _save(rows, "Extract", "long_extract_measures.xlsx", folder)


# L14 -----------------------------------------------------------------------------------------
@layout_shape(
    LayoutExpected(
        sheet="Report",
        year=2024,
        schemes=[
            dict(scheme_id="Q1", scheme="Virtual wards", go_live="2024-07", fye_net_saving=120_000,
                 plan_in_year=90_000, rag_overall="green", source=2),
            dict(scheme_id="Q2", scheme="Falls response", go_live="2024-04",
                 fye_net_saving=60_000, plan_in_year=60_000, rag_overall="amber", source=3),
        ],
        outcomes={"header": 1, "scheme": 2, "in another table": 4},
    )
)  # fmt: skip
def risks_under_a_title(folder: Path) -> Path:
    """A risk table right under the schemes, with a one-word title and a header naming
    hardly any register field ("Risk", "Likelihood", "Impact", "Score"): its words where the
    register has its go-live and FYE mark it as another table."""
    rows = [
        ["Ref", "Scheme", "Go live", "FYE £", "Plan 2024/25 £", "RAG"],
        ["Q1", "Virtual wards", "Jul-24", 120_000, 90_000, "Green"],
        ["Q2", "Falls response", "Apr-24", 60_000, 60_000, "Amber"],
        ["Risks"],
        ["Risk", "Likelihood", "Impact", "Score"],
        ["Community nursing vacancies", 4, 4, 16],
        ["SDEC activity not yet flowing", 2, 3, 6],
    ]
    return _save(rows, "Report", "risks_under_a_title.xlsx", folder)


def build_layout_all(folder: Path) -> dict[str, tuple[Path, LayoutExpected]]:
    """Every register of the layout block written into ``folder``: name -> (path, expected)."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: (build(folder), expected) for name, (build, expected) in LAYOUT_SHAPES.items()}


if __name__ == "__main__":  # python tests/corpus/registers.py OUT_DIR: write them to look at
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-registers")
    for name, (path, _) in build_all(out).items():
        print(f"{name}: {path}")
