"""Sample activity-deflection workbooks for a fictional borough (Eastmoor, in NHS Northfield ICB).

* ``deflection/interventions.xlsx``: 18 transformation interventions over 2025/26-2028/29 and
  the financial gap the programme must close by 2028/29;
* ``deflection/activity.xlsx``: monthly activity April 2023 - October 2026 for each
  intervention's cohort and for the borough by point of delivery, with seasonality, growth and
  the deflection after mobilisation. Two interventions under-deliver (about a third of plan;
  flagged for recovery) and the urgent community response deflects at once, a clear shift.

Deterministic (fixed seed). Figures are fictional.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

BOROUGH = "Eastmoor"
ORGANISATION = "NHS Northfield ICB"
FIRST_ACTIVITY = pd.Period("2023-04", "M")
LAST_ACTIVITY = pd.Period("2026-10", "M")
SEED = 20260401

INC = "Integrated neighbourhood teams"
UEC = "Urgent and emergency care"
FLOW = "Discharge and flow"
LTC = "Long-term conditions"
PLANNED = "Planned care"
AE, NEL, BED, OP = (
    "A&E attendances",
    "Non-elective admissions",
    "Bed days",
    "Outpatient appointments",
)

# id, intervention, theme, point of delivery, baseline a year, share, count, unit cost £,
# reinvestment £ a year, mobilisation, months to full effect, share of plan delivered
INTERVENTIONS = [
    ("INT01", "Frailty virtual ward", INC, BED, 14000, 0.12, None, 350, 420000, "2025-04", 6, 1.0),
    (
        "INT02",
        "Discharge to assess (pathway 1)",
        FLOW,
        BED,
        18000,
        0.10,
        None,
        350,
        380000,
        "2025-06",
        4,
        0.95,
    ),
    (
        "INT03",
        "High-intensity user service",
        INC,
        AE,
        9600,
        0.15,
        None,
        210,
        150000,
        "2025-04",
        3,
        1.05,
    ),
    (
        "INT04",
        "Respiratory care in the community",
        LTC,
        NEL,
        1100,
        0.18,
        None,
        2500,
        210000,
        "2025-10",
        6,
        0.95,
    ),
    (
        "INT05",
        "Heart failure community team",
        LTC,
        NEL,
        650,
        0.20,
        None,
        2800,
        160000,
        "2026-01",
        6,
        1.0,
    ),
    ("INT06", "Falls response service", UEC, AE, 3200, None, 640, 220, 90000, "2025-09", 3, 1.0),
    (
        "INT07",
        "Care home enhanced support",
        INC,
        NEL,
        900,
        0.15,
        None,
        2600,
        180000,
        "2025-07",
        6,
        0.3,
    ),
    (
        "INT08",
        "Urgent community response (2-hour)",
        UEC,
        AE,
        5400,
        0.25,
        None,
        200,
        110000,
        "2025-05",
        1,
        1.0,
    ),
    (
        "INT09",
        "Same-day emergency care streaming",
        UEC,
        NEL,
        2400,
        0.10,
        None,
        2300,
        300000,
        "2026-04",
        3,
        0.9,
    ),
    (
        "INT10",
        "Primary care academy: minor illness",
        INC,
        AE,
        7800,
        0.08,
        None,
        180,
        120000,
        "2026-06",
        6,
        1.0,
    ),
    (
        "INT11",
        "Advice and guidance: dermatology",
        PLANNED,
        OP,
        8500,
        0.20,
        None,
        150,
        60000,
        "2025-04",
        6,
        1.0,
    ),
    (
        "INT12",
        "Community MSK triage",
        PLANNED,
        OP,
        12000,
        0.15,
        None,
        140,
        240000,
        "2025-10",
        6,
        0.35,
    ),
    (
        "INT13",
        "Patient-initiated follow-up",
        PLANNED,
        OP,
        15000,
        None,
        2250,
        120,
        30000,
        "2026-01",
        6,
        1.0,
    ),
    (
        "INT14",
        "Diabetes specialist nursing in the community",
        LTC,
        NEL,
        500,
        0.12,
        None,
        2700,
        90000,
        "2026-10",
        6,
        1.0,
    ),
    (
        "INT15",
        "End-of-life care coordination",
        FLOW,
        BED,
        6000,
        0.15,
        None,
        350,
        200000,
        "2027-04",
        6,
        1.0,
    ),
    (
        "INT16",
        "Mental health crisis café",
        UEC,
        AE,
        2800,
        0.20,
        None,
        250,
        180000,
        "2026-02",
        3,
        1.0,
    ),
    (
        "INT17",
        "Virtual hospital for COPD",
        LTC,
        BED,
        4800,
        0.20,
        None,
        350,
        150000,
        "2027-01",
        6,
        1.0,
    ),
    (
        "INT18",
        "Children's urgent care in the community",
        UEC,
        AE,
        4400,
        0.12,
        None,
        190,
        95000,
        "2027-07",
        6,
        1.0,
    ),
]

# The recurrent gap the borough's plan must close in each financial year, £.
GAP = [
    ("2025/26", 1_200_000),
    ("2026/27", 2_300_000),
    ("2027/28", 2_400_000),
    ("2028/29", 2_450_000),
]

# Seasonal factor by calendar month (Jan..Dec), by point of delivery.
SEASON = {
    AE: [1.02, 0.96, 1.02, 1.00, 1.04, 1.03, 1.05, 0.98, 0.99, 1.00, 0.96, 0.95],
    NEL: [1.10, 1.04, 1.03, 0.97, 0.96, 0.93, 0.94, 0.92, 0.95, 1.00, 1.05, 1.11],
    BED: [1.12, 1.06, 1.03, 0.97, 0.95, 0.92, 0.93, 0.91, 0.94, 1.00, 1.06, 1.11],
    OP: [1.03, 1.04, 1.08, 0.97, 1.02, 1.03, 1.00, 0.88, 1.02, 1.05, 1.04, 0.84],
}
GROWTH = {AE: 0.025, NEL: 0.03, BED: 0.02, OP: 0.035}  # a year
BOROUGH_ACTIVITY = {AE: 96000, NEL: 21000, BED: 150000, OP: 310000}  # a year, 2023/24


def _ramp(months_live: np.ndarray, ramp_months: int) -> np.ndarray:
    return np.clip((months_live + 1) / max(ramp_months, 1), 0, 1) * (months_live >= 0)


def activity_frame(seed: int = SEED) -> pd.DataFrame:
    """Monthly activity: one row per series (intervention ID or point of delivery) and month."""
    rng = np.random.default_rng(seed)
    months = pd.period_range(FIRST_ACTIVITY, LAST_ACTIVITY, freq="M")
    t = np.arange(len(months)) / 12.0
    calendar_month = months.month.to_numpy() - 1
    rows = []
    deflected_by_pod = {pod: np.zeros(len(months)) for pod in SEASON}
    for (
        ident,
        _,
        _,
        pod,
        baseline,
        share,
        count,
        _,
        _,
        mobilisation,
        ramp,
        delivered,
    ) in INTERVENTIONS:
        season = np.array(SEASON[pod])[calendar_month]
        level = baseline / 12 * season * (1 + GROWTH[pod]) ** t
        aspired = (share * baseline if share is not None else count) / 12
        months_live = months.asi8 - pd.Period(mobilisation, "M").ordinal
        deflected = aspired * delivered * _ramp(months_live, ramp)
        noise = rng.normal(0.0, 0.02, len(months))
        values = np.round(level * (1 + noise) - deflected)
        deflected_by_pod[pod] += deflected
        rows += [(ident, None, m, v) for m, v in zip(months, values)]
    for pod, annual in BOROUGH_ACTIVITY.items():
        season = np.array(SEASON[pod])[calendar_month]
        level = annual / 12 * season * (1 + GROWTH[pod]) ** t
        noise = rng.normal(0.0, 0.015, len(months))
        values = np.round(level * (1 + noise) - deflected_by_pod[pod])
        rows += [(None, pod, m, v) for m, v in zip(months, values)]
    return pd.DataFrame(rows, columns=["intervention", "point_of_delivery", "month", "activity"])


def _month_date(month: str | pd.Period) -> dt.datetime:
    p = pd.Period(month, "M")
    return dt.datetime(p.year, p.month, 1)


def write_interventions(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Interventions"
    sheet["A1"] = f"{BOROUGH} transformation programme ({ORGANISATION}): interventions"
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [
        "ID",
        "Intervention",
        "Theme",
        "Point of delivery",
        "Baseline annual activity",
        "Deflection aspired (%)",
        "Deflection aspired (activity)",
        "Unit cost saved (£)",
        "Annual reinvestment (£)",
        "Mobilisation month",
        "Months to full effect",
    ]
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="005EB8")
    for (
        ident,
        name,
        theme,
        pod,
        baseline,
        share,
        count,
        unit_cost,
        reinvestment,
        mobilisation,
        ramp,
        _,
    ) in INTERVENTIONS:
        sheet.append(
            [
                ident,
                name,
                theme,
                pod,
                baseline,
                share,
                count,
                unit_cost,
                reinvestment,
                _month_date(mobilisation),
                ramp,
            ]
        )
    for row in sheet.iter_rows(min_row=4, max_row=sheet.max_row):
        row[4].number_format = "#,##0"
        row[5].number_format = "0%"
        row[6].number_format = "#,##0"
        row[7].number_format = "£#,##0"
        row[8].number_format = "£#,##0"
        row[9].number_format = "mmm-yy"
    for letter, width in zip("ABCDEFGHIJK", (8, 42, 30, 24, 14, 12, 12, 12, 14, 12, 10)):
        sheet.column_dimensions[letter].width = width

    gap = workbook.create_sheet("Financial gap")
    gap["A1"] = f"{BOROUGH}: the recurrent financial gap to close, by financial year"
    gap["A1"].font = Font(bold=True)
    gap.append([])
    gap.append(["Financial year", "Gap (£)"])
    for label, amount in GAP:
        gap.append([label, amount])
        gap.cell(gap.max_row, 2).number_format = "£#,##0"
    notes = workbook.create_sheet("Notes")
    notes["A1"] = (
        "Fictional data for the commissioning-analytics sample pack. Unit costs are "
        "illustrative national-tariff-like figures."
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_activity(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    frame = activity_frame()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Activity"
    sheet["A1"] = (
        f"{BOROUGH}: monthly activity (transformation performance indicators), "
        f"{FIRST_ACTIVITY.strftime('%B %Y')} - {LAST_ACTIVITY.strftime('%B %Y')}"
    )
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(["Intervention", "Point of delivery", "Month", "Activity"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append(
            [row.intervention, row.point_of_delivery, _month_date(row.month), int(row.activity)]
        )
        sheet.cell(sheet.max_row, 3).number_format = "mmm-yy"
    sheet.column_dimensions["B"].width = 24
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write(out_dir: Path) -> list[Path]:
    """Write both workbooks under ``out_dir/deflection/``."""
    folder = Path(out_dir) / "deflection"
    return [
        write_interventions(folder / "interventions.xlsx"),
        write_activity(folder / "activity.xlsx"),
    ]


if __name__ == "__main__":
    import sys

    for written in write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/raw")):
        print(written)
