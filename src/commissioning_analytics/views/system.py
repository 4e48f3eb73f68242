"""The system's figures (issue 22): the sum of its organisations' headlines.

:func:`system_totals` adds up the organisations' ``summary.json`` figures key by key (the same
keys as an organisation's headline), so the system outturn is the sum of the organisations'
outturns by construction; :func:`deduction` is what leaving out double-counted schemes takes
off, from the model's per-scheme figures (``model.headline.scheme_figures``), and
:func:`as_headline` turns the totals back into a :class:`~..model.headline.Headline` for the
bridge and the verdict.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..model.headline import Headline

# Keys that are not amounts or counts: never added up across organisations.
NOT_ADDED = ("built",)
# Figures an organisation may have no value for (None) that then add nothing: no actuals yet
# is no actual saving. Any other figure some organisations lack has no system total (a partial
# sum would read as the system's).
NONE_ADDS_NOTHING = ("actual_to_date",)
RATIO_WORDS = ("share", "ratio", "pct", "percent", "rate")
# List entries are matched across organisations by this key (trajectory by month, movement by
# step), then added up.
LIST_KEYS = ("period", "step", "key")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_ratio(key: str) -> bool:
    return any(word in key.lower() for word in RATIO_WORDS)


def _merge(values: list[object], key: str, notes: list[str]) -> object:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, bool) for v in present):
        return any(bool(v) for v in present)
    if all(_is_number(v) for v in present):
        if _is_ratio(key):
            notes.append(f"{key}: a ratio, not added up across organisations (left out)")
            return None
        if len(present) < len(values) and key.rsplit(".", 1)[-1] not in NONE_ADDS_NOTHING:
            notes.append(f"{key}: not known for every organisation: no system figure")
            return None
        total = math.fsum(float(v) for v in present)  # type: ignore[arg-type]
        return int(total) if all(isinstance(v, int) for v in present) else total
    if all(isinstance(v, str) for v in present):
        distinct = list(dict.fromkeys(str(v) for v in present))
        return distinct[0] if len(distinct) == 1 else ", ".join(distinct)
    if all(isinstance(v, dict) for v in present):
        return _merge_dicts([v for v in present if isinstance(v, dict)], notes, prefix=f"{key}.")
    if all(isinstance(v, list) for v in present):
        return _merge_lists([v for v in present if isinstance(v, list)], key, notes)
    notes.append(f"{key}: values of different kinds in the organisations (left out)")
    return None


def _merge_dicts(
    dicts: list[dict[str, object]], notes: list[str], prefix: str = ""
) -> dict[str, object]:
    keys = list(dict.fromkeys(k for d in dicts for k in d))
    out: dict[str, object] = {}
    for k in keys:
        if k in NOT_ADDED:
            continue
        merged = _merge([d.get(k) for d in dicts], f"{prefix}{k}", notes)
        if merged is not None or any(k in d for d in dicts):
            out[k] = merged
    return out


def _merge_lists(lists: list[list[object]], key: str, notes: list[str]) -> list[object]:
    items = [item for lst in lists for item in lst]
    if all(not isinstance(i, dict) for i in items):  # e.g. months without actuals: the union
        return list(sorted(dict.fromkeys(str(i) for i in items)))
    dicts = [i for i in items if isinstance(i, dict)]
    by = next((k for k in LIST_KEYS if dicts and all(k in d for d in dicts)), None)
    if by is None or len(dicts) != len(items):
        notes.append(f"{key}: entries the organisations do not share (left out)")
        return []
    groups: dict[str, list[dict[str, object]]] = {}
    for d in dicts:
        groups.setdefault(str(d[by]), []).append(d)
    if by == "period":  # a month some organisations lack would be a partial sum: left out
        partial = sorted(k for k, g in groups.items() if len(g) < len(lists))
        if partial:
            notes.append(
                f"{key}: {', '.join(partial)} not in every organisation's: left out of the system's"
            )
        groups = {k: g for k, g in groups.items() if len(g) == len(lists)}
    order = sorted(groups) if by == "period" else list(groups)
    return [{by: k, **_merge_dicts(groups[k], notes, prefix=f"{key}.")} for k in order]


def system_totals(heads: Mapping[str, Mapping[str, object]]) -> tuple[dict[str, object], list[str]]:
    """The system's figures: every key of the organisations' summaries added up.

    Numbers are added (an actual to date an organisation has none of, ``None``, adds nothing;
    any other figure not known for every organisation has no total, ``None``, and a note), flags are true when any organisation's is, text is kept when all
    agree (else the distinct values joined), lists of months are joined, and lists of entries
    (trajectory, movement) are added up entry by entry. Ratios are never added (named in the
    notes).

    Returns:
        The totals and notes on what was left out.
    """
    notes: list[str] = []
    totals = _merge_dicts([dict(h) for h in heads.values()], notes)
    return totals, notes


# The per-scheme figures (model.headline.scheme_figures) behind each headline key.
_SCHEME_KEYS = {
    "plan_in_year": "plan",
    "schemes_plan_in_year": "plan",
    "most_likely_in_year": "most_likely",
    "forecast_in_year": "forecast",
    "plan_to_date": "plan_to_date",
    "forecast_to_date": "forecast_to_date",
    "actual_to_date": "actual_to_date",
    "forecast_after_period": "forecast_after",
    "forecast_for_months_without_actuals": "forecast_unreported",
    "forecast_outturn": "outturn",
    "plan_next_year": "plan_next_year",
    "forecast_next_year": "forecast_next_year",
}


def deduction(left_out: pd.DataFrame) -> dict[str, float]:
    """What leaving out double-counted schemes takes off the system's headline keys.

    Args:
        left_out: the schemes left out, ``model.headline.scheme_figures`` rows (every
            organisation's together).

    Returns:
        headline key -> £ to take off (the derived keys follow: weighting, slippage, actual
        against forecast, variance, gap, recurrent parts), and ``schemes`` (a count).
    """
    s = {k: float(left_out[c].sum()) if len(left_out) else 0.0 for k, c in _SCHEME_KEYS.items()}
    reported = float(left_out["forecast_reported"].sum()) if len(left_out) else 0.0
    rec = np.asarray(left_out["recurrent"] if len(left_out) else [], dtype=bool)
    s["risk_weighting"] = s["plan_in_year"] - s["most_likely_in_year"]
    s["slippage"] = s["most_likely_in_year"] - s["forecast_in_year"]
    s["actual_vs_forecast_to_date"] = s["actual_to_date"] - reported
    s["ytd_variance"] = s["actual_to_date"] - s["plan_to_date"]
    s["gap_to_target"] = s["plan_in_year"] - s["forecast_outturn"]
    for figure, column in (("plan", "plan"), ("forecast", "forecast"), ("outturn", "outturn")):
        s[f"{figure}_recurrent"] = (
            float(left_out[column].to_numpy(dtype=float)[rec].sum()) if len(left_out) else 0.0
        )
        s[f"{figure}_non_recurrent"] = s[_SCHEME_KEYS_BY_FIGURE[figure]] - s[f"{figure}_recurrent"]
    s["schemes"] = float(len(left_out))
    s["non_recurrent_schemes"] = float((~rec).sum()) if len(left_out) else 0.0
    return s


_SCHEME_KEYS_BY_FIGURE = {
    "plan": "plan_in_year",
    "forecast": "forecast_in_year",
    "outturn": "forecast_outturn",
}


def deducted(totals: Mapping[str, object], taken: Mapping[str, float]) -> dict[str, object]:
    """``totals`` less ``taken`` (:func:`deduction`) on the keys both have."""
    out = dict(totals)
    for key, value in taken.items():
        current = out.get(key)
        if _is_number(current):
            less = float(current) - value  # type: ignore[arg-type]
            out[key] = int(round(less)) if isinstance(current, int) else less
    return out


def as_headline(totals: Mapping[str, object]) -> Headline:
    """The system totals as a :class:`Headline` (for the bridge and the verdict)."""
    values: dict[str, object] = {}
    for f in dataclasses.fields(Headline):
        value = totals.get(f.name)
        if f.name == "actual_to_date" and value is None:
            value = float("nan")
        elif f.name == "months_without_actuals":
            value = tuple(str(m) for m in value) if isinstance(value, list | tuple) else ()
        elif value is None:
            value = "" if f.type in ("str", str) else 0
        values[f.name] = value
    return Headline(**values)  # type: ignore[arg-type]


def organisation_rows(
    heads: Mapping[str, Mapping[str, object]], names: Mapping[str, str]
) -> pd.DataFrame:
    """One row per organisation built: ``code, name, plan_in_year, forecast_in_year,
    actual_to_date, forecast_outturn, gap_to_target`` (pounds; actual ``nan`` when none)."""
    columns = ["plan_in_year", "forecast_in_year", "actual_to_date", "forecast_outturn"]
    rows: list[dict[str, object]] = []
    for code, head in heads.items():
        row: dict[str, object] = {"code": code, "name": names.get(code, code)}
        for c in [*columns, "gap_to_target"]:
            value = head.get(c)
            row[c] = float(value) if _is_number(value) else float("nan")  # type: ignore[arg-type]
        rows.append(row)
    return pd.DataFrame(rows, columns=["code", "name", *columns, "gap_to_target"])


def total_of(values: Iterable[float]) -> float:
    """A column's total as the system shows it (``nan`` counts nothing)."""
    return math.fsum(v for v in values if v == v)
