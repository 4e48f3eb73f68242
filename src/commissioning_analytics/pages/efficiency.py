"""The board summary's efficiency-plan block (issue 21): the tables of
:mod:`..views.efficiency` formatted and rendered through ``templates/efficiency_summary.html.j2``.
Render only: every figure comes from the view."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd

from ..model.headline import Headline
from ..month import MonthInputs
from ..schema import Scheme
from ..style import money
from ..views import efficiency as views

_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def _breakdown(key: str, title: str, table: pd.DataFrame, plan: float, note: str = "") -> dict:
    return {
        "key": key,
        "title": title,
        "note": note,
        "header": [
            "",
            "Schemes",
            "Plan in year",
            "Share of plan",
            "Forecast in year",
            "Forecast outturn",
        ],  # fmt: skip
        "num": {1, 2, 3, 4, 5},
        "rows": [
            [
                r["label"],
                r["schemes"],
                money(r["plan_in_year"]),
                _share(r["plan_in_year"], plan),
                money(r["forecast_in_year"]),
                money(r["forecast_outturn"]),
            ]
            for r in table.to_dict("records")
        ],  # fmt: skip
        "empty": "",
    }


def _flag_text(flag: views.Flag) -> str:
    words = flag.words[:1].upper() + flag.words[1:]
    if not flag.stated:
        return f"{words}: not stated by the register."
    if flag.unit == "count":
        return f"{words}: {flag.value:.0f} (threshold {flag.threshold:.0f})."
    return f"{words}: {flag.value:.0%} (threshold {flag.threshold:.0%})."


def summary_block(month: MonthInputs, head: Headline) -> str:
    """The efficiency block of the summary page, as HTML."""
    plan = head.plan_in_year
    tables = [
        _breakdown("by_stage", "By plan maturity (stage)",
                   views.breakdown(month, Scheme.stage, head), plan),
        _breakdown("identified", "Identified against unidentified",
                   views.identified(month, head), plan,
                   "Unidentified: the part of the target with no scheme behind it yet."),
        _breakdown("by_category", "By category (pay / non-pay / income)",
                   views.breakdown(month, Scheme.category, head), plan),
        _breakdown("cash", "Cash-releasing against cost avoidance",
                   views.breakdown(month, Scheme.cash_releasing, head), plan,
                   "Only cash-releasing savings reduce spending."),
    ]  # fmt: skip
    moved = views.stage_movement(month)
    tables.append(
        {
            "key": "stage_movement",
            "title": "£ moving between stages since last month",
            "note": "",
            "header": ["From", "To", "Schemes", "Plan in year"],
            "num": {2, 3},
            "rows": []
            if moved is None
            else [
                [r["from_stage"], r["to_stage"], r["schemes"], money(r["plan_in_year"])]
                for r in moved.to_dict("records")
            ],
            "empty": "Last month's tables state no stage: no movement to show."
            if moved is None
            else "No scheme changed stage since last month.",
        }
    )
    qia = views.qia_exceptions(month)
    tables.append(
        {
            "key": "qia_exceptions",
            "title": "Exceptions: schemes going ahead without QIA sign-off",
            "note": "In delivery or live by the reporting month, with a quality impact "
            "assessment neither approved nor 'not required'.",
            "header": ["Scheme", "Stage", "QIA", "Go-live", "Plan in year"],
            "num": {4},
            "rows": [
                [
                    f"{r[Scheme.scheme_id]} {r[Scheme.scheme]}",
                    r[Scheme.stage],
                    r[Scheme.qia],
                    r[Scheme.go_live],
                    money(r["plan_in_year"]),
                ]
                for r in qia.to_dict("records")
            ],  # fmt: skip
            "empty": "The register has no QIA column."
            if Scheme.qia not in month.register
            else "None: every scheme going ahead has its QIA signed off.",
        }
    )
    wte = views.wte_by_staff_group(month)
    tables.append(
        {
            "key": "wte",
            "title": "Workforce change (WTE) by staff group",
            "note": "",
            "header": ["Staff group", "Schemes", "WTE"],
            "num": {1, 2},
            "rows": [
                [r["staff_group"], r["schemes"], f"{r['wte']:+,.1f}".replace("-", "−")]
                for r in wte.to_dict("records")
            ],  # fmt: skip
            "empty": "The register states no WTE change.",
        }
    )
    # a register that states none of it: the note and the flags alone (no "Not stated" tables)
    stated = set(views.has_columns(month.register))
    needs = {
        "by_stage": Scheme.stage,
        "identified": Scheme.stage,
        "by_category": Scheme.category,
        "cash": Scheme.cash_releasing,
        "stage_movement": Scheme.stage,
        "qia_exceptions": Scheme.qia,
        "wte": Scheme.wte,
    }
    tables = [t for t in tables if needs[t["key"]] in stated]
    if not views.unidentified_in_year(month):  # no unidentified line: every scheme identified
        tables = [t for t in tables if t["key"] != "identified"]
    return _ENV.get_template("efficiency_summary.html.j2").render(
        none_note=views.none_stated_note(month.register),
        flags=[
            {"key": f.key, "raised": f.raised, "text": _flag_text(f)}
            for f in views.credibility(month)
        ],
        tables=tables,
    )
