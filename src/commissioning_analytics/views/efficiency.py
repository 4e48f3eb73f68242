"""The efficiency plan in NHS England's terms (issue 21): plan, forecast and outturn by plan
maturity (stage) and by category (pay / non-pay / income), identified against unidentified,
cash-releasing against cost avoidance, £ moving between stages since last month, schemes going
ahead without QIA sign-off, WTE by staff group, and the credibility flags a board reads.

Every figure is the headline's own per scheme (:func:`model.headline.scheme_figures`), so each
breakdown adds up to the plan, forecast and outturn of the summary (adjustment rows, when the
settings count them, are a key of their own). Pounds; shares 0-1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from ..io.efficiency import CATEGORIES, STAGES, label, vocabulary
from ..model.headline import Headline, scheme_figures
from ..month import MonthInputs, previous_tables
from ..schema import Scheme

NOT_STATED = "not_stated"
ADJUSTMENTS = "adjustments"
BREAKDOWN_COLUMNS = ("key", "label", "schemes", "plan_in_year", "forecast_in_year",
                     "forecast_outturn")  # fmt: skip
SIGNED_OFF = ("approved", "not_required")  # a QIA that lets a scheme go ahead
NOT_YET_LIVE = ("not_started", "in_progress", "opportunity", "unidentified")


def has_columns(register: pd.DataFrame) -> list[str]:
    """The efficiency columns the register states (``Scheme.EFFICIENCY_COLUMNS`` order)."""
    return [c for c in Scheme.EFFICIENCY_COLUMNS if c in register]


def none_stated_note(register: pd.DataFrame) -> str:
    """What the pack says of a register with no efficiency column ("" when it has some)."""
    if has_columns(register):
        return ""
    return (
        "The register has no efficiency-plan columns (plan stage, pay / non-pay / income, "
        "cash-releasing, QIA sign-off, gateway, WTE): no breakdown by stage or category."
    )


def _keys(register: pd.DataFrame, column: str) -> np.ndarray:
    if column not in register:
        return np.full(len(register), NOT_STATED, dtype=object)
    values = register[column].astype("object")
    return np.array([NOT_STATED if pd.isna(v) else v for v in values], dtype=object)


def _order(column: str) -> tuple[object, ...]:
    if column == Scheme.stage:
        return (*STAGES, NOT_STATED)
    if column == Scheme.category:
        return (*CATEGORIES, NOT_STATED)
    if column == Scheme.cash_releasing:
        return (True, False, NOT_STATED)
    return (NOT_STATED,)


def _label(column: str, key: object) -> str:
    if key == NOT_STATED:
        return "Not stated"
    if key == ADJUSTMENTS:
        return "Adjustment rows"
    kind = {Scheme.stage: "stage", Scheme.category: "category"}.get(column, column)
    return label(kind, key) if kind in vocabulary() else str(key)


def breakdown(month: MonthInputs, column: str, head: Headline | None = None) -> pd.DataFrame:
    """Schemes, plan in year, forecast in year and outturn by a column's values (in the
    vocabulary's order, then "not stated"), with the adjustment rows as a row of their own
    when the settings count them, so that the rows add up to the headline's totals.

    Columns: :data:`BREAKDOWN_COLUMNS` (pounds).
    """
    per = scheme_figures(month)
    keys = _keys(month.register, column)
    rows: list[dict[str, Any]] = []
    seen = list(dict.fromkeys(keys.tolist()))
    ordered = [k for k in _order(column) if k in seen] + [
        k for k in seen if k not in _order(column)
    ]
    for key in ordered:
        mask = np.array([k == key for k in keys], dtype=bool)
        rows.append(
            {
                "key": "cash_releasing" if key is True else "cost_avoidance" if key is False
                else str(key),
                "label": _label(column, key),
                "schemes": int(mask.sum()),
                "plan_in_year": float(per.loc[mask, "plan"].sum()),
                "forecast_in_year": float(per.loc[mask, "forecast"].sum()),
                "forecast_outturn": float(per.loc[mask, "outturn"].sum()),
            }
        )  # fmt: skip
    adjust = head.adjustments_in_year if head is not None else _adjustments(month)
    if adjust:
        rows.append(
            {
                "key": ADJUSTMENTS,
                "label": _label(column, ADJUSTMENTS),
                "schemes": 0,
                "plan_in_year": adjust,
                "forecast_in_year": adjust,
                "forecast_outturn": adjust,
            }
        )
    return pd.DataFrame(rows, columns=list(BREAKDOWN_COLUMNS))


def _adjustments(month: MonthInputs) -> float:
    if month.settings.adjustments != "include":
        return 0.0
    return float(month.adjustment_total("plan_in_year"))


def _as_keys(table: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    return {
        str(r["key"]): {
            "schemes": int(r["schemes"]),
            "plan_in_year": float(r["plan_in_year"]),
            "forecast_in_year": float(r["forecast_in_year"]),
            "forecast_outturn": float(r["forecast_outturn"]),
        }
        for r in table.to_dict("records")
    }


def unidentified_in_year(month: MonthInputs) -> float:
    """The plan in year of the unidentified line(s): the part of the target with no scheme."""
    if Scheme.stage not in month.register:
        return 0.0
    mask = month.register[Scheme.stage].astype("string").eq("unidentified").fillna(False)
    return float(month.plan.in_year[mask.to_numpy(dtype=bool)].sum())


def unidentified_ids(register: pd.DataFrame) -> set[str]:
    """The scheme numbers of the plan's unidentified line(s) (stage ``unidentified``)."""
    if Scheme.stage not in register:
        return set()
    mask = register[Scheme.stage].astype("string").eq("unidentified").fillna(False)
    return set(register.loc[mask.to_numpy(dtype=bool), Scheme.scheme_id].astype(str))


def summary_keys(month: MonthInputs, head: Headline) -> dict[str, object]:
    """``summary.json``'s ``by_stage``, ``by_category`` (key -> ``{"schemes",
    "plan_in_year", "forecast_in_year", "forecast_outturn"}``, adding up to the totals),
    ``unidentified_in_year`` and ``credibility`` (the flags, each with its share and
    threshold)."""
    return {
        "by_stage": _as_keys(breakdown(month, Scheme.stage, head)),
        "by_category": _as_keys(breakdown(month, Scheme.category, head)),
        "unidentified_in_year": unidentified_in_year(month),
        "credibility": [flag.as_dict() for flag in credibility(month)],
    }


def identified(month: MonthInputs, head: Headline | None = None) -> pd.DataFrame:
    """Identified schemes against the unidentified line(s): :data:`BREAKDOWN_COLUMNS`."""
    per = scheme_figures(month)
    stage = _keys(month.register, Scheme.stage)
    gap = stage == "unidentified"
    rows = []
    for key, name, mask in (("identified", "Identified schemes", ~gap),
                            ("unidentified", "Unidentified", gap)):  # fmt: skip
        rows.append(
            {
                "key": key,
                "label": name,
                "schemes": int(mask.sum()),
                "plan_in_year": float(per.loc[mask, "plan"].sum()),
                "forecast_in_year": float(per.loc[mask, "forecast"].sum()),
                "forecast_outturn": float(per.loc[mask, "outturn"].sum()),
            }
        )
    adjust = head.adjustments_in_year if head is not None else _adjustments(month)
    if adjust:
        rows.append(
            {
                "key": ADJUSTMENTS,
                "label": "Adjustment rows",
                "schemes": 0,
                "plan_in_year": adjust,
                "forecast_in_year": adjust,
                "forecast_outturn": adjust,
            }
        )
    return pd.DataFrame(rows, columns=list(BREAKDOWN_COLUMNS))


def qia_exceptions(month: MonthInputs) -> pd.DataFrame:
    """Schemes going ahead without QIA sign-off: in delivery, or live by the reporting month,
    with a QIA neither approved nor "not required" (pending or blank). Empty when the register
    has no QIA column (the pack says so). Columns ``scheme_id, scheme, stage, qia, go_live,
    plan_in_year``."""
    reg = month.register
    columns = [Scheme.scheme_id, Scheme.scheme, Scheme.stage, Scheme.qia, Scheme.go_live,
               "plan_in_year"]  # fmt: skip
    if Scheme.qia not in reg:
        return pd.DataFrame(columns=columns)
    stage = _keys(reg, Scheme.stage)
    qia = _keys(reg, Scheme.qia)
    live = (reg[Scheme.go_live] <= month.period).to_numpy(dtype=bool)
    going = ((stage == "in_delivery") | live) & (stage != "unidentified")
    unsigned = np.array([q not in SIGNED_OFF for q in qia], dtype=bool)
    mask = going & unsigned
    out = pd.DataFrame(
        {
            Scheme.scheme_id: reg[Scheme.scheme_id].astype(str).to_numpy()[mask],
            Scheme.scheme: reg[Scheme.scheme].astype(str).to_numpy()[mask],
            Scheme.stage: [_label(Scheme.stage, s) for s in stage[mask]],
            Scheme.qia: [_label("qia", q) for q in qia[mask]],
            Scheme.go_live: reg[Scheme.go_live].astype(str).to_numpy()[mask],
            "plan_in_year": month.plan.in_year[mask],
        }
    )
    return out.sort_values("plan_in_year", ascending=False, kind="stable").reset_index(drop=True)


def wte_by_staff_group(month: MonthInputs) -> pd.DataFrame:
    """The workforce change (WTE, signed as stated) by staff group: ``staff_group, schemes,
    wte``; empty when the register states no WTE."""
    reg = month.register
    if Scheme.wte not in reg:
        return pd.DataFrame(columns=["staff_group", "schemes", "wte"])
    wte = reg[Scheme.wte].astype(float)
    given = wte.notna().to_numpy()
    groups = _keys(reg, Scheme.staff_group)[given]
    frame = pd.DataFrame(
        {
            "staff_group": ["Not stated" if g == NOT_STATED else str(g) for g in groups],
            "wte": wte.to_numpy()[given],
        }
    )
    out = frame.groupby("staff_group", sort=False).agg(schemes=("wte", "size"), wte=("wte", "sum"))
    return out.reset_index()


def stage_movement(month: MonthInputs) -> pd.DataFrame | None:
    """£ of plan in year moving between stages since last month, per pair of stages
    (``from_stage, to_stage, schemes, plan_in_year``; new schemes come from "new"), from last
    month's schemes table. ``None`` when last month's table states no stage."""
    found = previous_tables(month)
    if found is None or Scheme.stage not in found[0] or Scheme.stage not in month.register:
        return None
    before = found[0]
    was = dict(
        zip(
            before[Scheme.scheme_id].astype(str),
            before[Scheme.stage].astype("object").where(before[Scheme.stage].notna(), None),
        )
    )
    now = _keys(month.register, Scheme.stage)
    ids = month.register[Scheme.scheme_id].astype(str).to_numpy()
    rows: dict[tuple[str, str], list[float]] = {}
    for scheme_id, stage, plan in zip(ids, now, month.plan.in_year):
        old = was.get(scheme_id, "new")
        old = NOT_STATED if old is None else old
        if old == stage:
            continue
        cell = rows.setdefault((str(old), str(stage)), [0, 0.0])
        cell[0] += 1
        cell[1] += float(plan)
    return pd.DataFrame(
        [
            {
                "from_stage": "New this month" if a == "new" else _label(Scheme.stage, a),
                "to_stage": _label(Scheme.stage, b),
                "schemes": int(n),
                "plan_in_year": gbp,
            }
            for (a, b), (n, gbp) in rows.items()
        ],
        columns=["from_stage", "to_stage", "schemes", "plan_in_year"],
    )


# --- credibility flags ----------------------------------------------------------------------


@cache
def thresholds() -> dict[str, float]:
    """The flags' thresholds (shares 0-1, counts), from ``efficiency.yml`` ``credibility``."""
    return {str(k): float(v) for k, v in vocabulary()["credibility"].items()}


@dataclass(frozen=True)
class Flag:
    """One credibility check: its value against its threshold, raised or not."""

    key: str
    words: str
    value: float
    threshold: float
    raised: bool
    stated: bool = True  # False: the register does not state what the check needs
    unit: str = "share"

    def as_dict(self) -> dict[str, object]:
        return {
            "flag": self.key,
            "words": self.words,
            "unit": self.unit,
            "value": self.value if self.stated else None,
            "threshold": self.threshold,
            "raised": self.raised,
        }


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def credibility(month: MonthInputs) -> list[Flag]:
    """The credibility flags of docs/methods.md ("Credibility flags"), thresholds from
    :func:`thresholds`: the share of the plan in the last four months of the year; the
    non-recurrent share; the opportunity and unidentified share; the schemes going ahead
    without QIA sign-off; the share of the year's plan not yet live."""
    limits = thresholds()
    plan_m = month.plan.monthly[:, :12]
    plan = float(plan_m.sum())
    last_four = _share(float(plan_m[:, 8:].sum()), plan)
    reg = month.register
    one_off = (
        reg[Scheme.recurrent].astype("boolean").eq(False).fillna(False).to_numpy(dtype=bool)
        if Scheme.recurrent in reg
        else np.zeros(len(reg), dtype=bool)
    )
    non_recurrent = _share(float(month.plan.in_year[one_off].sum()), plan)
    stage = _keys(reg, Scheme.stage)
    weak = np.isin(stage, ("opportunity", "unidentified"))
    weak_share = _share(float(month.plan.in_year[weak].sum()), plan)
    no_qia = len(qia_exceptions(month))
    live_by_now = (reg[Scheme.go_live] <= month.period).to_numpy(dtype=bool)
    not_live_share = _share(float(month.plan.in_year[~live_by_now].sum()), plan)
    return [
        Flag(
            "last_four_months",
            "share of the year's plan in its last four months (December to March)",
            last_four,
            limits["last_four_months_share"],
            last_four > limits["last_four_months_share"],
        ),
        Flag(
            "non_recurrent",
            "non-recurrent share of the plan",
            non_recurrent,
            limits["non_recurrent_share"],
            non_recurrent > limits["non_recurrent_share"],
            # a register without the column reads it blank (counted recurrent): not stated
            stated=bool(Scheme.recurrent in reg and reg[Scheme.recurrent].notna().any()),
        ),
        Flag(
            "opportunity_unidentified",
            "share of the plan still at opportunity or unidentified",
            weak_share,
            limits["opportunity_unidentified_share"],
            weak_share > limits["opportunity_unidentified_share"],
            stated=Scheme.stage in reg,
        ),
        Flag(
            "without_qia",
            "schemes going ahead without QIA sign-off",
            float(no_qia),
            limits["schemes_without_qia"],
            no_qia > limits["schemes_without_qia"],
            stated=Scheme.qia in reg,
            unit="count",
        ),
        Flag(
            "not_yet_live",
            "share of the year's plan in schemes not yet live",
            not_live_share,
            limits["not_yet_live_share"],
            not_live_share > limits["not_yet_live_share"],
        ),
    ]
