"""Registers in NHS England's efficiency terms (issue 21), built at test time: plan maturity
(stage), pay / non-pay / income, cash-releasing or cost avoidance, QIA sign-off, gateways, WTE
by staff group and an unidentified line, worded as ICB and trust financial plans and board
papers word them (none copies one).

Each shape is ``build(folder) -> Path`` with the WHOLE expected table: per scheme, its number,
plan in year (£) and every efficiency column the register states (``EFFICIENCY`` below).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

EFFICIENCY: dict[str, tuple] = {}  # name -> (build, expected rows)


def shape(rows: list[dict]):
    def register(build):
        EFFICIENCY[build.__name__] = (build, rows)
        return build

    return register


def _xlsx(folder: Path, name: str, title: str, rows: list[list], merges=()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    path = folder / f"{name}.xlsx"
    wb.save(path)
    return path


def e(scheme_id, plan, **columns) -> dict:
    return {"scheme_id": scheme_id, "plan_in_year": float(plan), **columns}


@shape(
    [
        e("EF01", 1_200_000, stage="in_delivery", category="pay", cash_releasing=True),
        e("EF02", 450_000, stage="not_started", category="non_pay", cash_releasing=True),
        e("EF03", 300_000, stage="in_progress", category="income", cash_releasing=True),
        e("EF04", 150_000, stage="opportunity", category="non_pay", cash_releasing=False),
        e("UNIDENTIFIED", 900_000, stage="unidentified", category=None, cash_releasing=None),
    ]
)
def icb_plan_template_schedule(folder: Path) -> Path:
    """An ICB's efficiency schedule to its 2026/27 financial plan, in £000, the maturity in
    the template's words, the unidentified part as a line with no number."""
    return _xlsx(
        folder,
        "icb_plan_template_schedule",
        "Efficiency 2026-27",
        [
            ["NHS Anytown ICB: efficiency plan 2026/27 (£000)"],
            [],
            [
                "Scheme ref",
                "Scheme description",
                "Efficiency category",
                "Plan maturity",
                "Cash releasing / cost avoidance",
                "Start month",
                "FYE £000",
                "2026/27 plan £000",
            ],
            [
                "EF01",
                "Agency and bank premium reduction",
                "Pay",
                "Fully developed – in delivery",
                "Cash releasing",
                "Apr-26",
                1200,
                1200,
            ],
            [
                "EF02",
                "Continuing healthcare: care package review",
                "Non-pay",
                "Fully developed – delivery not yet started",
                "Cash releasing",
                "Jul-26",
                600,
                450,
            ],
            [
                "EF03",
                "Overseas visitor income recovery",
                "Income",
                "Plans in progress",
                "Cash releasing",
                "Oct-26",
                600,
                300,
            ],
            [
                "EF04",
                "Prescribing: low-value medicines",
                "Non-pay",
                "Opportunity",
                "Cost avoidance",
                "Jan-27",
                600,
                150,
            ],
            [None, "Unidentified – still to be identified", None, None, None, None, None, 900],
            [None, "Total efficiency plan", None, None, None, None, 3000, 3000],
        ],  # fmt: skip
    )


@shape(
    [
        e(
            "C101",
            240_000,
            stage="in_delivery",
            category="pay",
            qia="approved",
            qia_date=dt.datetime(2026, 3, 12),
            wte=-6.0,
            staff_group="Nursing and midwifery",
        ),
        e(
            "C102",
            90_000,
            stage="not_started",
            category="non_pay",
            qia="pending",
            qia_date=None,
            wte=None,
            staff_group=None,
        ),
        e(
            "C103",
            60_000,
            stage="in_progress",
            category="pay",
            qia="approved",
            qia_date=dt.datetime(2026, 5, 1),
            wte=-2.5,
            staff_group="Admin and clerical",
        ),
        e(
            "C104",
            20_000,
            stage="opportunity",
            category="non_pay",
            qia="not_required",
            qia_date=None,
            wte=None,
            staff_group=None,
        ),
    ]  # fmt: skip
)
def trust_cip_tracker_with_qia(folder: Path) -> Path:
    """A trust's CIP tracker: "Scheme status" in NHSE's words (capitalised, hyphens), "Pay /
    Non Pay", QIA approved Y/N with its sign-off date, WTE impact by staff group."""
    return _xlsx(
        folder,
        "trust_cip_tracker_with_qia",
        "CIP 26-27",
        [
            ["Anytown Hospitals NHS Foundation Trust: CIP tracker 2026/27"],
            [
                "CIP Ref",
                "Scheme",
                "Division",
                "Pay / Non Pay",
                "Scheme Status",
                "QIA Approved",
                "QIA Sign-off Date",
                "WTE Impact",
                "Staff Group",
                "Go Live",
                "FYE £",
                "In Year Plan £",
            ],
            [
                "C101",
                "E-rostering: reduce agency shifts",
                "Surgery",
                "Pay",
                "Fully Developed - In Delivery",
                "Y",
                dt.datetime(2026, 3, 12),
                -6,
                "Nursing and midwifery",
                "Apr-26",
                240000,
                240000,
            ],
            [
                "C102",
                "Theatre consumables",
                "Surgery",
                "Non Pay",
                "Fully Developed - Delivery Not Yet Started",
                "N",
                None,
                None,
                None,
                "Oct-26",
                180000,
                90000,
            ],
            [
                "C103",
                "Admin review",
                "Corporate",
                "Pay",
                "Plans In Progress",
                "Y",
                dt.datetime(2026, 5, 1),
                -2.5,
                "Admin and clerical",
                "Jul-26",
                80000,
                60000,
            ],
            [
                "C104",
                "Energy contract",
                "Estates",
                "Non Pay",
                "Opportunity",
                "N/A",
                None,
                None,
                None,
                "Jan-27",
                80000,
                20000,
            ],
        ],  # fmt: skip
    )


@shape(
    [
        e("P1", 500_000, stage="in_delivery", category="pay", gateway="G4"),
        e("P2", 250_000, stage="in_progress", category="non_pay", gateway="G3"),
        e("P3", 100_000, stage="opportunity", category="income", gateway="G2"),
        e("P4", 50_000, stage="opportunity", category="other", gateway="G1"),
    ]
)
def provider_pipeline_gateways(folder: Path) -> Path:
    """A provider board's CIP pipeline: the short aliases ("In delivery", "In progress",
    "Pipeline", "Idea"), a gateway reached, "Type" pay / non-pay / income / mixed."""
    return _xlsx(
        folder,
        "provider_pipeline_gateways",
        "Pipeline",
        [
            ["CIP pipeline by gateway, 2026/27"],
            [
                "Ref",
                "Opportunity",
                "Type",
                "Stage",
                "Gateway",
                "Go live",
                "Full year £",
                "Plan 26/27 £",
            ],
            [
                "P1",
                "Nurse bank rate harmonisation",
                "Pay",
                "In delivery",
                "G4",
                "Apr-26",
                500000,
                500000,
            ],
            [
                "P2",
                "Outsourced pathology retender",
                "Non-Pay",
                "In progress",
                "G3",
                "Oct-26",
                500000,
                250000,
            ],
            ["P3", "Car parking income", "Income", "Pipeline", "G2", "Jan-27", 400000, 100000],
            ["P4", "Shared procurement hub", "Mixed", "Idea", "G1", "Jan-27", 200000, 50000],
        ],  # fmt: skip
    )


@shape(
    [
        e(
            "1",
            300_000,
            stage="in_delivery",
            category="pay",
            cash_releasing=True,
            qia="approved",
            qia_date=dt.datetime(2026, 2, 27),
        ),
        e(
            "2",
            200_000,
            stage="not_started",
            category="non_pay",
            cash_releasing=False,
            qia="pending",
            qia_date=None,
        ),
        e(
            "3",
            80_000,
            stage="in_progress",
            category="non_pay",
            cash_releasing=True,
            qia=None,
            qia_date=None,
        ),
    ]  # fmt: skip
)
def two_row_header_groups(folder: Path) -> Path:
    """A two-row header: "Efficiency classification" over Category / Maturity / Cash
    releasing, "Quality impact assessment" over Status / Date (a date in UK order as text)."""
    return _xlsx(
        folder,
        "two_row_header_groups",
        "Savings plan",
        [
            ["ICB savings plan 2026/27"],
            [
                "No",
                "Scheme",
                "Efficiency classification",
                None,
                None,
                "Quality impact assessment",
                None,
                "Go Live Date",
                "FYE £",
                "Plan 2026/27 £",
            ],
            [
                None,
                None,
                "Category",
                "Maturity",
                "Cash releasing?",
                "QIA status",
                "QIA date",
                None,
                None,
                None,
            ],
            [
                1,
                "Locum cap",
                "Pay",
                "Fully developed (in delivery)",
                "Yes",
                "Signed off",
                "27/02/2026",
                "Apr-26",
                300000,
                300000,
            ],
            [
                2,
                "Wound care formulary",
                "Non-pay",
                "Fully developed (not yet started)",
                "No",
                "Awaiting sign off",
                None,
                "Oct-26",
                400000,
                200000,
            ],
            [
                3,
                "Community equipment recycling",
                "Non-pay",
                "Plans in progress",
                "Yes",
                None,
                None,
                "Jan-27",
                320000,
                80000,
            ],
        ],  # fmt: skip
        merges=("C2:E2", "F2:G2", "A2:A3", "B2:B3", "H2:H3", "I2:I3", "J2:J3"),
    )


@shape(
    [
        e("QP-1", 120_000, stage="in_delivery", category="non_pay"),
        e("QP-2", 60_000, stage="opportunity", category="non_pay"),
        e("TBI", 400_000, stage="unidentified", category=None),  # its number as written
    ]
)
def csv_export_unidentified_gap(folder: Path) -> Path:
    """A CSV export of a QIPP plan: "NHSE category" with the template's en dash, the gap
    numbered "TBI" and named "Efficiency gap - to be identified"."""
    path = folder / "csv_export_unidentified_gap.csv"
    path.write_text(
        "Scheme ID,Scheme name,Cost type,NHSE category,Go-live,FYE (£),Plan 2026/27 (£)\n"
        "QP-1,Biosimilar switch,Non-pay,Fully developed – in delivery,Apr-26,120000,120000\n"
        "QP-2,Wheelchair service retender,Non-pay,Opportunity,Oct-26,120000,60000\n"
        "TBI,Efficiency gap - to be identified,,,,,400000\n",
        encoding="utf-8",
    )
    return path


@shape(
    [
        e("W1", 1_000_000, stage="not_started", category="pay", wte=-20.0, staff_group="Medical"),
        e("W2", 500_000, stage="in_progress", category="pay", wte=-12.0, staff_group="Nursing"),
        e("W3", 400_000, stage="in_delivery", category="non_pay", wte=None, staff_group=None),
        e("W4", 1_500_000, stage="unidentified", category=None, wte=None, staff_group=None),
    ]  # fmt: skip
)
def icb_millions_workforce(folder: Path) -> Path:
    """An ICB efficiency appendix in £m: "Savings type", "Planning status" in short form
    ("Fully developed", "Plans in progress", "Delivering"), a workforce reduction in WTE by
    staff group, and an "Unidentified CIP" line numbered like a scheme."""
    return _xlsx(
        folder,
        "icb_millions_workforce",
        "Appendix B",
        [
            ["Appendix B: efficiency programme 2026/27 (£m)"],
            [
                "Ref",
                "Scheme",
                "Savings type",
                "Planning status",
                "Workforce reduction (WTE)",
                "Staff group",
                "Go live",
                "FYE £m",
                "Plan 2026/27 £m",
            ],
            [
                "W1",
                "Medical job planning",
                "Pay",
                "Fully developed",
                -20,
                "Medical",
                "Apr-26",
                1.0,
                1.0,
            ],
            [
                "W2",
                "Skill mix review",
                "Pay",
                "Plans in progress",
                -12,
                "Nursing",
                "Oct-26",
                1.0,
                0.5,
            ],
            [
                "W3",
                "Estates rationalisation",
                "Non-pay",
                "Delivering",
                None,
                None,
                "Apr-26",
                0.4,
                0.4,
            ],
            ["W4", "Unidentified CIP", None, None, None, None, None, None, 1.5],
        ],  # fmt: skip
    )
