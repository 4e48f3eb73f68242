"""A scenario applied to the register: a new register, the baseline untouched; nothing moved into a
month already reported (each change held back listed)."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

from ... import calendar
from ...errors import ConfigError, Problem
from ...schema import Scheme
from ..changes import earliest_offset, hold_reported
from ..phasing import (
    delivery_offset,
    go_live_offsets,
)
from .define import ADD_OPTIONAL, ADD_REQUIRED, Scenario, Select


def apply_scenario(
    register: pd.DataFrame, scenario: Scenario, *, as_of: str | pd.Period | None = None
) -> pd.DataFrame:
    """The register as the scenario would have it: a new frame, the baseline untouched.

    Changes apply in order. No change moves savings into a month already reported
    (:mod:`.model.changes`): with ``as_of`` (the reporting month), a scheme whose forecast start
    is on or before it is live and does not shift, a shift earlier stops at the month after it,
    and an added scheme goes live no earlier than that month. Each change held back is listed
    in the result's ``attrs["held"]`` (``scheme_id``, ``asked``, ``applied``, ``why``). The
    scenario's weight set, if any, is recorded in ``attrs["weights"]`` (and
    :func:`compare_scenarios` uses it).

    Args:
        register: the baseline register (canonical columns).
        scenario: the changes.
        as_of: the reporting month; ``None``: nothing reported yet (April is the earliest month).

    Raises:
        ConfigError: naming the scenario's file, for every selector that matches no scheme and
            every added scheme whose id is taken.
    """
    where = scenario.source or f"scenario {scenario.name!r}"
    problems: list[Problem] = []
    out = register.copy()
    year = calendar.fy_start_year(pd.Period(as_of, freq="M")) if as_of is not None else None
    earliest = earliest_offset(year, as_of) if year is not None else 0
    held: list[dict[str, object]] = []
    for i, change in enumerate(scenario.changes):
        key = f"changes[{i}].{change.action}"
        if change.action == "add":
            new = pd.DataFrame([dict(row) for row in change.value]).reindex(
                columns=list(ADD_REQUIRED + ADD_OPTIONAL)
            )
            taken = set(out[Scheme.scheme_id].astype(str)) & set(new[Scheme.scheme_id])
            if taken:
                problems.append(
                    Problem(
                        where,
                        f"{key}: scheme_id {', '.join(sorted(taken))} is already in the register",
                    )
                )
                continue
            if year is not None:
                first = calendar.fy_start(year) + earliest
                for row, go in enumerate(new[Scheme.go_live]):
                    if pd.Period(go, freq="M") < first:
                        held.append(
                            {
                                Scheme.scheme_id: new[Scheme.scheme_id].iloc[row],
                                "asked": f"added, live from {pd.Period(go, freq='M')}",
                                "applied": f"live from {first}",
                                "why": _why(first),
                            }
                        )
                        cast(Any, new.loc)[row, Scheme.go_live] = first  # stubs: no Period
            out = _append(out, new, scenario)
            continue
        mask = change.select.mask(out)
        unmatched = _unmatched(out, change.select)
        if unmatched:
            problems.append(
                Problem(where, f"changes[{i}]: {unmatched} matches no scheme in the register")
            )
            continue
        if change.action == "shift_months":
            months = _allowed_shift(out.loc[mask], int(change.value), year, earliest)
            for scheme_id, got in zip(out.loc[mask, Scheme.scheme_id].astype(str), months):
                if got != int(change.value):
                    held.append(
                        {
                            Scheme.scheme_id: scheme_id,
                            "asked": f"{int(change.value):+d} months",
                            "applied": f"{int(got):+d} months",
                            "why": _why(
                                calendar.fy_start(cast(int, year)) + earliest
                            ),  # held: a year
                        }
                    )
            out.loc[mask, Scheme.go_live] = [
                g + int(m) if not pd.isna(g) else g
                for g, m in zip(out.loc[mask, Scheme.go_live], months)
            ]
        elif change.action == "rag_overall":
            out.loc[mask, Scheme.rag_overall] = change.value
        elif change.action == "scale_fye":
            out[Scheme.fye_net_saving] = out[Scheme.fye_net_saving].astype(float)
            out.loc[mask, Scheme.fye_net_saving] *= change.value
        elif change.action == "remove":
            out = out.loc[~mask]
    if problems:
        raise ConfigError(problems)
    out = out.reset_index(drop=True)
    out.attrs = {**register.attrs, "scenario": scenario.name, "held": held}
    if scenario.weights is not None:
        out.attrs["weights"] = scenario.weights
    return out


def _why(first: pd.Period) -> str:
    return (
        f"nothing moves into a month already reported: {first.strftime('%B %Y')} is the "
        "earliest month a change can affect"
    )


def _forecast_start(schemes: pd.DataFrame, year: int, shift: int | np.ndarray = 0) -> np.ndarray:
    """Forecast start (offset from April of ``year``) with go-live moved ``shift`` months."""
    change = (
        schemes[Scheme.change_in_delivery_months].to_numpy(dtype=float)
        if Scheme.change_in_delivery_months in schemes
        else np.zeros(len(schemes))
    )
    return delivery_offset(go_live_offsets(schemes, year) + shift, change)


def _allowed_shift(
    schemes: pd.DataFrame, months: int, year: int | None, earliest: int
) -> np.ndarray:
    """Months each selected scheme's go-live may shift (``months`` asked; + later), held out of
    the reported months by :func:`.model.changes.hold_reported`."""
    asked = np.full(len(schemes), int(months), dtype=np.int64)
    if year is None or not len(schemes):
        return asked
    before = _forecast_start(schemes, year)
    wanted = hold_reported(before, _forecast_start(schemes, year, months), earliest)
    # The shift (from 0 towards `months`) whose forecast start is the held one: the forecast
    # start is monotone in the shift, so the largest step that stays at or after `wanted`.
    allowed = np.zeros(len(schemes), dtype=np.int64)
    step = 1 if months > 0 else -1
    for t in range(step, months + step, step) if months else ():
        start = _forecast_start(schemes, year, t)
        ok = (start >= wanted - 1e-9) if months < 0 else (start <= wanted + 1e-9)
        ok &= ~np.isnan(start)
        allowed = np.where(ok & (np.abs(allowed) == abs(t) - 1), t, allowed)
    return np.where(np.isnan(before), asked, allowed)


def _unmatched(register: pd.DataFrame, select: Select) -> str:
    """The selector values that name nothing in the register, in words ("" if none)."""
    missing = []
    ids = set(register[Scheme.scheme_id].astype(str))
    missing += [f"scheme_id {s!r}" for s in select.scheme_ids if s not in ids]
    if select.themes:
        themes = set(register[Scheme.theme].dropna().astype(str).str.strip().str.lower())
        missing += [f"theme {t!r}" for t in select.themes if t.strip().lower() not in themes]
    if select.phases:
        phases = set(register[Scheme.phase].dropna().astype(int))
        missing += [f"phase {p}" for p in select.phases if p not in phases]
    if not missing and select != Select() and not select.mask(register).any():
        missing.append(select.describe())
    return ", ".join(missing)


def _append(register: pd.DataFrame, new: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The register with the new schemes below it (columns it lacks left blank)."""
    new = new.copy()
    new[Scheme.go_live] = pd.PeriodIndex(new[Scheme.go_live], freq="M")
    new[Scheme.fye_net_saving] = new[Scheme.fye_net_saving].astype(float)
    new[Scheme.change_in_delivery_months] = (
        new[Scheme.change_in_delivery_months].astype(float).fillna(0.0)
    )
    new[Scheme.phase] = new[Scheme.phase].astype("Int64")
    new[Scheme.source] = f"scenario {scenario.key}"
    new = new.reindex(columns=register.columns)
    return pd.concat([register, new], ignore_index=True)
