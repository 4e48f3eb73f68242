"""Actionable top risks: the schemes that cost the outturn most, each with its owner, the next
action and its due date.

**Ranked by effect on the outturn** (:mod:`.exposure`): what the scheme's outturn has lost, or
would lose, to delivery: months lost, actuals below forecast, and the months its own project
plan would lose where it starts the service later than the directors' forecast. The rating's
haircut (plan less most likely) is an expected loss, not a delivery problem: it is shown beside
the effect and only breaks ties (a scheme whose only risk is its haircut ranks after every scheme
with an effect).

**The action** comes from the scheme's project plan where one is linked to it
(``model.plans.link_tasks_to_schemes``): its next open task (not complete), the earliest due
first, with the task's lead as the action's owner and its end date as the due date (an action
past its date is marked overdue). Otherwise from the month's commentary on the scheme: its
first sentence, owned by the scheme's owner, due at the end of the first month it names
("opens in November": 30 November). With neither, the action is said to be missing. No file
path or cell reference is shown: where a figure came from stays in the workbook.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd

from .. import calendar
from ..schema import Scheme, Task
from ..style import money, months
from .plans import COMPLETE, OVERDUE, link_tasks_to_schemes, task_status

TOP = 5
COLUMNS = (
    "rank",
    Scheme.scheme_id,
    Scheme.scheme,
    Scheme.owner,
    "rating",
    "effect_gbp",
    "weighting_gbp",
    "at_risk_gbp",
    "why",
    "action",
    "action_owner",
    "due",
    "overdue",
    "action_from",
    "commentary",
)
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
#: a month named in commentary: capitalised ("may" the verb is not May), a year optional
_MONTH = re.compile(rf"\b({_MONTH_NAMES}|{_SHORT})\b\.?(?:\s+(\d{{4}}))?")
_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.S)


def next_actions(
    tasks: pd.DataFrame, register: pd.DataFrame, as_of: dt.date | str | pd.Timestamp
) -> pd.DataFrame:
    """Each scheme's next open action from the project plans linked to it.

    Args:
        tasks: the tasks table of every plan (``task_id``, ``task``, ``lead``, ``end``;
            ``file_ref``, ``section``, ``plan``, ``shape`` where present).
        register: the canonical register (``scheme_id``, ``scheme``, ``file_ref``).
        as_of: the reporting date (the end of the reporting month).

    Returns:
        One row per scheme with an open task: ``scheme_id, action, action_owner, due``
        (a date, or ``None`` when the task has none), ``overdue``, ``action_from``
        (``"project plan"`` or ``"action log"``).
    """
    columns = [Scheme.scheme_id, "action", "action_owner", "due", "overdue", "action_from"]
    if tasks is None or tasks.empty:
        return pd.DataFrame(columns=columns)
    links = link_tasks_to_schemes(tasks, register)
    if links.empty:
        return pd.DataFrame(columns=columns)
    status = task_status(tasks, as_of)
    open_tasks = tasks.assign(_status=status.to_numpy())[(status != COMPLETE).to_numpy()]
    joined = open_tasks.merge(links[[Task.task_id, Scheme.scheme_id]], on=Task.task_id)
    if joined.empty:
        return pd.DataFrame(columns=columns)
    joined = joined.assign(_end=pd.to_datetime(joined[Task.end]))
    joined = joined.sort_values([Scheme.scheme_id, "_end"], na_position="last", kind="stable")
    first = joined.drop_duplicates(Scheme.scheme_id, keep="first")
    shape = first["shape"] if "shape" in first else pd.Series("", index=first.index)
    lead = first[Task.lead] if Task.lead in first else pd.Series("", index=first.index)
    return pd.DataFrame(
        {
            Scheme.scheme_id: first[Scheme.scheme_id].astype(str).to_numpy(),
            "action": first[Task.task].astype(str).str.strip().to_numpy(),
            "action_owner": lead.astype("string").fillna("").str.strip().to_numpy(dtype=object),
            "due": [None if pd.isna(d) else d.date() for d in first["_end"]],
            "overdue": (first["_status"] == OVERDUE).to_numpy(),
            "action_from": np.where(
                shape.astype(str).str.contains("action", case=False), "action log", "project plan"
            ),
        }
    )


def due_from_text(text: str, as_of: dt.date) -> dt.date | None:
    """The due date a commentary names: the last day of the first month it names ("opens in
    November" -> 30 November), the first such month from ``as_of``'s month on when no year is
    written; ``None`` when it names no month."""
    found = _MONTH.search(text or "")
    if not found:
        return None
    name, year = found.group(1), found.group(2)
    number = calendar.parse_month(f"{name[:3]} 2000").month
    if year:
        month = pd.Period(year=int(year), month=number, freq="M")
    else:
        month = pd.Period(year=as_of.year, month=number, freq="M")
        if month < pd.Period(as_of, freq="M"):
            month += 12
    return calendar.month_end(month)


def first_sentence(text: str) -> str:
    """A commentary's first sentence (all of it when it has no full stop)."""
    text = " ".join(str(text or "").split())
    found = _SENTENCE.match(text)
    return found.group(1) if found else text


def top_risks(
    exposure: pd.DataFrame,
    *,
    as_of: dt.date,
    actions: pd.DataFrame | None = None,
    commentary: Mapping[str, str] | None = None,
    n: int = TOP,
) -> pd.DataFrame:
    """The ``n`` schemes with the largest effect on the outturn, each with its action.

    Args:
        exposure: :func:`.exposure.scheme_exposure` of the month (with the plans' effect).
        as_of: the reporting date (the end of the reporting month).
        actions: :func:`next_actions` (``None``: no plan).
        commentary: scheme_id -> the month's commentary on it (the commentary file's, else the
            register's column).
        n: how many.

    Returns:
        :data:`COLUMNS`, one row per scheme, largest effect first (see the module docstring):
        ``why`` says in words what the effect is made of; ``due`` is a date or ``None``;
        ``action_from`` is ``"project plan"``, ``"action log"``, ``"commentary"`` or ``""``
        (no action recorded).
    """
    notes = {str(k): str(v) for k, v in (commentary or {}).items() if str(v).strip()}
    at_risk = exposure[(exposure["effect_gbp"] > 0.5) | (exposure["weighting_gbp"] > 0.5)]
    ranked = at_risk.assign(
        _effect=at_risk["effect_gbp"].clip(lower=0.0), _id=at_risk[Scheme.scheme_id].astype(str)
    ).sort_values(["_effect", "weighting_gbp", "_id"], ascending=[False, False, True])
    top = ranked.head(n).reset_index(drop=True)
    by_scheme = (
        actions.set_index(Scheme.scheme_id)
        if actions is not None and not actions.empty
        else pd.DataFrame(columns=["action", "action_owner", "due", "overdue", "action_from"])
    )
    rows = []
    for rank, r in enumerate(top.to_dict("records"), start=1):
        scheme_id = str(r[Scheme.scheme_id])
        note = notes.get(scheme_id, "")
        if scheme_id in by_scheme.index:
            act = by_scheme.loc[scheme_id]
            action = (
                str(act["action"]),
                str(act["action_owner"]) or str(r[Scheme.owner]),
                act["due"],
                bool(act["overdue"]),
                str(act["action_from"]),
            )
        elif note:
            due = due_from_text(note, as_of)
            action = (first_sentence(note), str(r[Scheme.owner]), due, False, "commentary")
        else:
            action = ("", str(r[Scheme.owner]), None, False, "")
        rows.append(
            (
                rank,
                scheme_id,
                r[Scheme.scheme],
                r[Scheme.owner],
                r["rating"],
                float(r["effect_gbp"]),
                float(r["weighting_gbp"]),
                float(r["at_risk_gbp"]),
                why(r),
                *action,
                note,
            )
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def why(row: Mapping[Hashable, object]) -> str:
    """What a scheme's effect on the outturn is made of, in words."""
    parts = []
    change = _float(row.get("change_months"))
    slip = _float(row.get("slippage_gbp"))
    if abs(slip) > 0.5:
        lost = "lost" if slip > 0 else "gained"
        parts.append(f"{months(abs(change))} {lost} ({money(abs(slip))})")
    avf = _float(row.get("actual_vs_forecast_gbp"))
    if abs(avf) > 0.5:
        side = "below" if avf < 0 else "above"
        parts.append(f"actuals {money(abs(avf))} {side} forecast to date")
    plans = _float(row.get("plans_effect_gbp"))
    if plans > 0.5:
        later = _float(row.get("change_months")) - _float(row.get("plan_change_months"))
        parts.append(
            f"its project plan starts the service {months(later)} later than the forecast "
            f"({money(plans)} more if it stands)"
        )
    weighting = _float(row.get("weighting_gbp"))
    if weighting > 0.5:
        rating = str(row.get("rating") or "not rated")
        parts.append(f"rated {rating} ({money(weighting)} weighting)")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _float(value: object) -> float:
    try:
        number = float(str(value)) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        return 0.0
    return 0.0 if np.isnan(number) else number
