"""Sample QIPP register and actual savings for the fictional NHS Northfield ICB, 2026/27.

``data/raw/qipp_register.xlsx`` is shaped like a governing-body appendix: a cover sheet first,
then the sheet "Appendix 2 QIPP" with two title rows, a two-row header with merged group cells
("Scoping", "Rag Rating 23/04/2026", "Director Assessment 14/10/2026") in the appendix wording
("No of Months Saving in 26/27", "(Full Year) Effect Net Saving", ...), 30 schemes, a totals
row, an unlabelled adjustment row under it and a note. Go-lives are Excel dates except a few
typed as text ("Jul-26"); RAG words carry matching fills (one co-dependency rating is a fill
with no word, in a theme colour); some changes in delivery are blank (= 0).

Every stated figure follows the rules of shared/DESIGN.md, rounded to the pound, except four
deliberate slips for ``reconcile`` to find (and nothing else):

* scheme 7: go-live July 2026 (9 months) but "No of Months Saving" says 8; its £ figures use 9;
* scheme 12: 26/27 planned saving typed with two digits swapped;
* scheme 18: amber overall, but "most likely" weighted at 50 % (red's weight) instead of 75 %;
* scheme 23: 2027/28 delivery value is FYE less the *planned* in-year saving, ignoring the
  director's change in delivery of -2 months.

The totals row adds up the stated figures (slips included), so it agrees with the schemes.

After the SRO, the plan in NHS England's efficiency terms (issue 21; no seed is drawn for it,
so the figures above do not move): the plan maturity in the financial plan template's words
(live by October 2026: "Fully developed – in delivery"; else phase 3-4 "Fully developed –
delivery not yet started", phase 2 "Plans in progress", phase 1 "Opportunity"), Pay / Non-pay /
Income, cash-releasing or cost avoidance (the admission-avoidance schemes), the QIA status and
date (scheme 14, live since June, still "Pending": an exception), and a WTE change by staff group.

``data/raw/qipp_actuals.xlsx`` holds actual savings by scheme and month, April-October 2026
(scheme No, scheme, month, actual £): from the month each scheme's forecast starts (go-live
moved by the change in delivery), its forecast monthly saving (FYE / 12 x RAG weight) with
some noise, and four schemes (5, 8, 19, 25) running at roughly half of it.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.colors import Color
from openpyxl.utils import get_column_letter

YEAR = 2026
WEIGHTS = {"green": 1.0, "amber": 0.75, "red": 0.5}
FILLS = {"green": "FF00B050", "amber": "FFFFC000", "red": "FFFF0000"}
SLIPS = {
    "7": "months_in_year",
    "12": "plan_in_year",
    "18": "most_likely_in_year",
    "23": "forecast_next_year",
}

# theme, scheme, phase
SCHEMES = [
    ("Primary & Community Care", "Community nursing: integrated caseload management", 2),
    ("Primary & Community Care", "Anticoagulation service moved to primary care", 3),
    ("Primary & Community Care", "Community dermatology triage", 2),
    ("Primary & Community Care", "Practice-based phlebotomy", 4),
    ("Primary & Community Care", "Falls prevention and community rehab", 1),
    ("Primary & Community Care", "Diabetes: community specialist nurse clinics", 2),
    ("Integrated Care", "Virtual ward for frail older people", 1),
    ("Integrated Care", "Rapid response team: admission avoidance", 1),
    ("Integrated Care", "Discharge to assess pathway", 2),
    ("Integrated Care", "Care home enhanced support", 2),
    ("Integrated Care", "End of life care coordination", 3),
    ("Planned Care", "Ophthalmology: cataract referral thresholds", 3),
    ("Planned Care", "MSK triage and physiotherapy first", 2),
    ("Planned Care", "Outpatient follow-up reduction (PIFU)", 2),
    ("Planned Care", "Advice and guidance before referral", 3),
    ("Planned Care", "Procedures of limited clinical value policy", 4),
    ("Planned Care", "Elective activity: tariff and contract alignment", 4),
    ("Mental Health", "Out of area placements repatriation", 1),
    ("Mental Health", "Crisis cafe and alternatives to admission", 2),
    ("Mental Health", "Continuing healthcare: mental health reviews", 3),
    ("Mental Health", "Talking therapies: digital stepped care", 3),
    ("Prescribing", "Medicines optimisation in care homes", 3),
    ("Prescribing", "Biosimilar switching (adalimumab)", 4),
    ("Prescribing", "Oral nutritional supplements review", 3),
    ("Prescribing", "Respiratory inhaler review", 2),
    ("Prescribing", "Wound care formulary", 3),
    ("Corporate", "Estates rationalisation: lease exits", 4),
    ("Corporate", "Shared back office (finance and HR)", 3),
    ("Corporate", "Continuing healthcare: retrospective review backlog", 2),
    ("Corporate", "Contract management: non-recurrent grants review", 4),
]

HEADERS = [
    "No",
    "File REF",
    "Transformation Heading",
    "Scheme",
    "Phase",
    "Go 'Live' Date",
    "No of Months Saving in 26/27",
    "Gross Opportunity / Current Cost",
    "(Full Year) Effect Net Saving",
    "26/27 Planned Saving",
    "27/28 Planned Saving",
    "Value",
    "Resources",
    "Timeliness",
    "Co-dependency",
    "Overall",
    "Most Likely Green 100% Amber 75% Red 50%",
    "Change in Delivery (Months +/-)",
    "2026/27 Delivery Value £",
    "2027/28 Delivery Value £",
    "SRO",
]
# The senior responsible owner of each theme's schemes (the register's last column).
SROS = {
    "Primary & Community Care": "A. Khan",
    "Integrated Care": "S. Okafor",
    "Planned Care": "R. Patel",
    "Mental Health": "J. Doyle",
    "Prescribing": "M. Evans",
    "Corporate": "K. Singh",
}
# The efficiency plan in NHS England's terms, after the SRO (issue 21).
EFFICIENCY_HEADERS = [
    "Plan maturity (NHSE category)",
    "Pay / Non-pay / Income",
    "Cash releasing / cost avoidance",
    "QIA status",
    "QIA date",
    "WTE change",
    "Staff group",
]
STAGE_WORDS = {
    "in_delivery": "Fully developed – in delivery",
    "not_started": "Fully developed – delivery not yet started",
    "in_progress": "Plans in progress",
    "opportunity": "Opportunity",
}
PAY = {"28"}  # shared back office
INCOME = {"29"}  # continuing healthcare: costs recovered from the retrospective review
COST_AVOIDANCE = {"5", "7", "8", "19"}  # admission avoidance: no spend released
QIA_NOT_REQUIRED = {"16", "17", "23", "30"}  # contractual and policy changes
QIA_PENDING_LIVE = {"14"}  # live with its QIA still pending: an exception on the summary
WTE = {"28": (-8.5, "Administrative and clerical"), "27": (-2.0, "Estates and ancillary")}
REPORTED = dt.datetime(YEAR, 10, 1)  # the sample's reporting month


def efficiency_cells(s: dict) -> list:
    """The scheme's stage, category, cash flag, QIA status and date, WTE and staff group, as
    the register writes them (deterministic: no seed is drawn)."""
    if s["go_live"] <= REPORTED:
        stage = "in_delivery"
    else:
        stage = {4: "not_started", 3: "not_started", 2: "in_progress", 1: "opportunity"}[s["phase"]]
    category = "Pay" if s["no"] in PAY else "Income" if s["no"] in INCOME else "Non-pay"
    cash = "Cost avoidance" if s["no"] in COST_AVOIDANCE else "Cash releasing"
    if s["no"] in QIA_NOT_REQUIRED:
        qia, when = "Not required", None
    elif stage == "in_delivery" and s["no"] not in QIA_PENDING_LIVE:
        qia, when = "Approved", dt.datetime(YEAR, 3, 1 + int(s["no"]) % 28)
    else:
        qia, when = "Pending", None
    wte, group = WTE.get(s["no"], (None, None))
    return [STAGE_WORDS[stage], category, cash, qia, when, wte, group]


GROUPS = [
    ("Scoping", 5, 11),
    ("Rag Rating 23/04/2026", 12, 16),
    ("Director Assessment 14/10/2026", 18, 20),
]
MONEY_COLUMNS = (8, 9, 10, 11, 17, 19, 20)  # 1-based: H I J K Q S T


def _rag(rng: random.Random, phase: int) -> str:
    """A panel rating: greener for simpler (higher) phases, red now and then."""
    greens = {1: 0.35, 2: 0.5, 3: 0.65, 4: 0.85}[phase]
    draw = rng.random()
    return "green" if draw < greens else ("red" if draw > 0.93 else "amber")


def _overall(panel: list[str]) -> str:
    """Red on two reds, amber on any red or two ambers, else green."""
    if panel.count("red") >= 2:
        return "red"
    return "amber" if "red" in panel or panel.count("amber") >= 2 else "green"


def build_schemes(seed: int = 2026) -> list[dict]:
    """The 30 schemes with their stated figures (rules applied, then the slips planted)."""
    rng = random.Random(seed)
    schemes = []
    for number, (theme, name, phase) in enumerate(SCHEMES, start=1):
        fye = rng.randrange(500, 15001) * 100  # £50,000 - £1,500,000 in £100s
        gross = round(fye * rng.uniform(1.3, 2.6), -3)
        if phase == 4 and rng.random() < 0.5:
            go_live = (YEAR - 1, rng.choice([11, 12, 1 + 12]))  # already live
        else:
            offset = {1: (4, 11), 2: (2, 9), 3: (1, 7), 4: (0, 4)}[phase]
            start = rng.randint(*offset)
            go_live = (YEAR, 4 + start)
        year, month = go_live
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        offset = (year - YEAR) * 12 + month - 4
        panel = [_rag(rng, phase) for _ in range(4)]
        overall = _overall(panel)
        change = rng.choice([0, 0, 0, 0, None, None, -1, -1, -2, -3, 1]) if phase < 4 else None
        months = max(0, min(12, 12 - offset))
        plan = fye * months / 12
        effective = max(0, min(12, months + (change or 0)))
        weight = WEIGHTS[overall]
        schemes.append(
            {
                "no": str(number),
                "file_ref": f"QIPP-{YEAR % 100}-{number:03d}" if number % 5 else None,
                "theme": theme,
                "scheme": name,
                "phase": phase,
                "go_live": dt.datetime(year, month, 1),
                "months": months,
                "gross": gross,
                "fye": fye,
                "plan": round(plan),
                "next": round(fye - plan),
                "panel": panel,
                "overall": overall,
                "likely": round(plan * weight),
                "change": change,
                "forecast": round(fye * effective / 12 * weight),
                "forecast_next": round(fye - fye * effective / 12),
            }
        )
    by_no = {s["no"]: s for s in schemes}
    # The planted slips (see the module docstring); each scheme is made to fit its slip.
    s = by_no["7"]
    s.update(go_live=dt.datetime(YEAR, 7, 1), months=8)
    _restate(s, months=9)
    s = by_no["12"]
    digits = str(s["plan"])
    s["plan"] = (
        int(digits[0] + digits[2] + digits[1] + digits[3:])
        if digits[1] != digits[2]
        else s["plan"] + 9000
    )
    s = by_no["18"]
    s["overall"] = "amber"
    s["panel"] = [w if w != "red" else "amber" for w in s["panel"]]
    if "amber" not in s["panel"]:
        s["panel"][0] = "amber"
    _restate(s, months=s["months"])
    s["likely"] = round(s["fye"] * s["months"] / 12 * 0.5)
    s = by_no["23"]
    s["change"] = -2
    _restate(s, months=s["months"])
    s["forecast_next"] = round(s["fye"] - s["fye"] * s["months"] / 12)
    return schemes


def _restate(s: dict, months: int) -> None:
    """Recompute a scheme's £ figures from ``months`` by the rules."""
    fye, weight = s["fye"], WEIGHTS[s["overall"]]
    plan = fye * months / 12
    effective = max(0, min(12, months + (s["change"] or 0)))
    s.update(
        plan=round(plan),
        next=round(fye - plan),
        likely=round(plan * weight),
        forecast=round(fye * effective / 12 * weight),
        forecast_next=round(fye - fye * effective / 12),
    )


def _write_register(path: Path, schemes: list[dict]) -> None:
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Cover"
    for row, text in enumerate(
        [
            "NHS Northfield ICB",
            "QIPP Plan 2026/27",
            "Appendix 2: QIPP scheme register",
            "Governing Body, 23 April 2026; director assessment updated 14 October 2026",
            "Prepared by: Finance and PMO",
            "Status: for assurance",
        ],
        start=2,
    ):
        cover.cell(row, 2, text).font = Font(bold=row == 2, size=14 if row == 2 else 11)

    sheet = workbook.create_sheet("Appendix 2 QIPP")
    bold = Font(bold=True)
    thin = Side(style="thin", color="FF808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="FF005EB8")
    white = Font(bold=True, color="FFFFFFFF")
    sheet["A1"] = "NHS Northfield ICB"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = "QIPP Plan 2026/27: schemes by transformation heading"
    sheet["A2"].font = bold
    sheet.merge_cells("A1:U1")
    for title, first, last in GROUPS:
        sheet.cell(4, first, title)
        sheet.merge_cells(start_row=4, start_column=first, end_row=4, end_column=last)
    for col, text in enumerate([*HEADERS, *EFFICIENCY_HEADERS], start=1):
        grouped = any(first <= col <= last for _, first, last in GROUPS)
        row = 5 if grouped else 4
        sheet.cell(row, col, text)
        if not grouped:
            sheet.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    for row in (4, 5):
        for col in range(1, len(HEADERS) + len(EFFICIENCY_HEADERS) + 1):
            cell = sheet.cell(row, col)
            cell.font, cell.fill, cell.border = white, head_fill, box
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")

    text_dates = {"3", "9", "15", "21", "26"}
    row = 6
    for s in schemes:
        go_live = s["go_live"].strftime("%b-%y") if s["no"] in text_dates else s["go_live"]
        values = [
            int(s["no"]),
            s["file_ref"],
            s["theme"],
            s["scheme"],
            s["phase"],
            go_live,
            s["months"],
            s["gross"],
            s["fye"],
            s["plan"],
            s["next"],
            *[w.capitalize() for w in s["panel"]],
            s["overall"].upper(),
            s["likely"],
            s["change"],
            s["forecast"],
            s["forecast_next"],
            SROS[s["theme"]],
            *efficiency_cells(s),
        ]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col, value)
            cell.border = box
            if col == 6 and not isinstance(value, str):
                cell.number_format = "mmm-yy"
            if col == len(HEADERS) + 5 and value is not None:  # the QIA date
                cell.number_format = "dd/mm/yyyy"
            if col in MONEY_COLUMNS:
                cell.number_format = '"£"#,##0'
        for col, word in zip(range(12, 17), [*s["panel"], s["overall"]]):
            sheet.cell(row, col).fill = PatternFill("solid", fgColor=FILLS[word])
        row += 1
    # A rating painted with no word, in a theme colour (accent6, green in the Office theme).
    no_word = next(s for s in schemes if s["panel"][3] == "green")
    fill_only = sheet.cell(6 + schemes.index(no_word), 15)
    fill_only.value = None
    fill_only.fill = PatternFill("solid", fgColor=Color(theme=9, tint=0.0))

    total_row = row + 1
    sheet.cell(total_row, 4, "Total QIPP Plan").font = bold
    keys = {
        8: "gross",
        9: "fye",
        10: "plan",
        11: "next",
        17: "likely",
        19: "forecast",
        20: "forecast_next",
    }
    for col, key in keys.items():
        cell = sheet.cell(total_row, col, sum(s[key] for s in schemes))
        cell.font, cell.number_format = bold, '"£"#,##0'
    # The unlabelled adjustment under the totals: unidentified QIPP held centrally.
    for col, amount in {9: -250_000, 10: -125_000, 11: -125_000}.items():
        sheet.cell(total_row + 1, col, amount).number_format = '"£"#,##0'
    sheet.cell(
        total_row + 3,
        1,
        "RAG ratings from the QIPP panel of 23 April 2026; delivery "
        "values from the director assessment of 14 October 2026.",
    )
    widths = [5, 12, 24, 44, 7, 10, 11, 13, 13, 12, 12, 9, 10, 11, 12, 9, 14, 11, 13, 13, 11]
    widths += [26, 12, 16, 12, 11, 9, 22]
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "E6"
    workbook.save(path)


def _write_actuals(path: Path, schemes: list[dict], seed: int = 7) -> None:
    rng = random.Random(seed)
    behind = {"5", "8", "19", "25"}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actuals"
    sheet["A1"] = "NHS Northfield ICB: QIPP actual savings to date, 2026/27 (M1-M7)"
    sheet["A1"].font = Font(bold=True)
    for col, text in enumerate(["No", "Scheme", "Month", "Actual Saving £"], start=1):
        sheet.cell(3, col, text).font = Font(bold=True)
    row = 4
    for s in schemes:
        # The forecast's start: go-live moved by the change in delivery, held within the year
        # (as the board's rule does), as an offset from April 2026.
        offset = (s["go_live"].year - YEAR) * 12 + s["go_live"].month - 4
        if s["change"]:
            offset = max(0, min(12, max(0, min(12, offset)) - s["change"]))
        month = 3 + offset
        effective = dt.datetime(YEAR + month // 12, month % 12 + 1, 1)
        for m in range(7):  # April - October 2026
            month = dt.datetime(YEAR + (3 + m) // 12, (3 + m) % 12 + 1, 1)
            if month < effective:
                continue
            noise = rng.uniform(0.35, 0.6) if s["no"] in behind else rng.uniform(0.85, 1.1)
            factor = WEIGHTS[s["overall"]] * noise  # the forecast's monthly rate, roughly
            sheet.cell(row, 1, int(s["no"]))
            sheet.cell(row, 2, s["scheme"])
            when = month.strftime("%b-%y") if (row % 17 == 0) else month
            cell = sheet.cell(row, 3, when)
            if not isinstance(when, str):
                cell.number_format = "mmm-yy"
            sheet.cell(row, 4, round(s["fye"] / 12 * factor)).number_format = '"£"#,##0'
            row += 1
    for col, width in zip("ABCD", (6, 44, 10, 16)):
        sheet.column_dimensions[col].width = width
    workbook.save(path)


def write(out_dir: Path) -> list[Path]:
    """Write qipp_register.xlsx and qipp_actuals.xlsx into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    schemes = build_schemes()
    register, actuals = out_dir / "qipp_register.xlsx", out_dir / "qipp_actuals.xlsx"
    _write_register(register, schemes)
    _write_actuals(actuals, schemes)
    return [register, actuals]
