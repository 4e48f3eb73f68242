"""Scenarios: named sets of changes applied to the baseline register, compared side by side.

A scenario answers "what if": Planned Care slips a quarter, prescribing's aspiration is cut by a
fifth, a recovery plan brings two schemes forward and adds a new one. It is a list of changes,
applied in order by one function, :func:`apply_scenario`, which returns a new register (the
baseline is never modified); the model then phases it like any register.

Changes (each selects schemes by ``scheme_id``, ``theme`` and/or ``phase``: a list means any of
them, several selectors mean all of them, none means every scheme):

======================  ================================================================
``shift_months: N``     go-live moves N months later (N < 0: earlier)
``rag_overall: red``    overall rating overridden (green / amber / red)
``scale_fye: 0.8``      full-year effect scaled (a reduced, or raised, aspiration)
``remove: true``        schemes taken out of the programme
``add: [...]``          new schemes (``scheme_id``, ``scheme``, ``go_live``, ``fye_net_saving``;
                        optional ``theme``, ``phase``, ``rag_overall``,
                        ``change_in_delivery_months``)
======================  ================================================================

and, for the whole scenario, ``weights:`` a weight set name (``board``, ``treasury``) or a RAG
mapping. In YAML (``data/raw/scenarios/*.yml``)::

    name: Planned care slips a quarter
    description: Every Planned Care scheme goes live three months later than forecast.
    changes:
      - theme: Planned Care
        shift_months: 3

Stated register figures (``plan_in_year`` ...) are left as they were: figures come from
:func:`..model.phasing.phase` on the changed register. Money in pounds; months are periods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import yaml

from .. import calendar
from ..errors import ConfigError, Problem
from ..safe_yaml import load_yaml
from ..schema import RAG_WORDS, Scheme
from .changes import earliest_offset, hold_reported, outturn_gbp
from .phasing import (
    FORECAST,
    PLAN,
    Basis,
    WeightSet,
    delivery_offset,
    go_live_offsets,
    phase,
    weight_set,
)

SELECTORS = ("scheme_id", "theme", "phase")
ACTIONS = ("shift_months", "rag_overall", "scale_fye", "remove", "add")
ADD_REQUIRED = (Scheme.scheme_id, Scheme.scheme, Scheme.go_live, Scheme.fye_net_saving)
ADD_OPTIONAL = (
    Scheme.theme,
    Scheme.phase,
    Scheme.rag_overall,
    Scheme.change_in_delivery_months,
    Scheme.file_ref,
)
BASELINE = "Baseline"


@dataclass(frozen=True)
class Select:
    """Which schemes a change applies to; empty selectors match every scheme."""

    scheme_ids: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    phases: tuple[int, ...] = ()

    def mask(self, register: pd.DataFrame) -> np.ndarray:
        keep = np.ones(len(register), dtype=bool)
        if self.scheme_ids:
            keep &= register[Scheme.scheme_id].astype(str).isin(self.scheme_ids).to_numpy()
        if self.themes:
            themes = {t.strip().lower() for t in self.themes}
            keep &= (
                register[Scheme.theme]
                .astype("string")
                .str.strip()
                .str.lower()
                .isin(themes)
                .fillna(False)
                .to_numpy(dtype=bool)
            )
        if self.phases:
            keep &= (
                register[Scheme.phase]
                .astype("Int64")
                .isin(self.phases)
                .fillna(False)
                .to_numpy(dtype=bool)
            )
        return keep

    def describe(self) -> str:
        parts = []
        if self.themes:
            parts.append(" or ".join(self.themes))
        if self.phases:
            parts.append("phase " + " or ".join(str(p) for p in self.phases))
        if self.scheme_ids:
            parts.append("scheme " + ", ".join(self.scheme_ids))
        return "; ".join(parts) or "every scheme"


@dataclass(frozen=True)
class Change:
    """One change of a scenario.

    Attributes:
        action: ``shift_months``, ``rag_overall``, ``scale_fye``, ``remove`` or ``add``.
        value: months (shift, + = later), a RAG word, a factor, ``True`` (remove), or a tuple
            of new schemes as mappings of canonical columns (add).
        select: the schemes it applies to (ignored by ``add``).
    """

    action: str
    value: Any = None  # its type is the action's: int, str, float, bool or a tuple of mappings
    select: Select = field(default_factory=Select)


def shift(months: int, **select: Any) -> Change:
    """Go-live ``months`` later (negative: earlier) for the selected schemes."""
    return Change("shift_months", int(months), _select(**select))


def rate(rag_overall: str, **select: Any) -> Change:
    """Override the overall rating of the selected schemes."""
    return Change("rag_overall", rag_overall, _select(**select))


def scale_fye(factor: float, **select: Any) -> Change:
    """Scale the full-year effect of the selected schemes (0.8 = a fifth less)."""
    return Change("scale_fye", float(factor), _select(**select))


def remove(**select: Any) -> Change:
    """Take the selected schemes out."""
    return Change("remove", True, _select(**select))


def add(*schemes: dict[str, object]) -> Change:
    """Add new schemes (mappings with at least scheme_id, scheme, go_live, fye_net_saving).

    Raises:
        ConfigError: for every missing or malformed field.
    """
    problems: list[Problem] = []
    rows = _new_schemes(
        list(schemes), "add", lambda k, m: problems.append(Problem("scenario", f"{k}: {m}"))
    )
    if problems:
        raise ConfigError(problems)
    return Change("add", rows)


def _tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple, set)) else (value,)


def _select(scheme_id: Any = None, theme: Any = None, phase: Any = None) -> Select:
    return Select(
        tuple(str(s) for s in _tuple(scheme_id)),
        tuple(str(t) for t in _tuple(theme)),
        tuple(int(p) for p in _tuple(phase)),
    )


@dataclass(frozen=True)
class Scenario:
    """A named set of changes to the baseline register.

    Attributes:
        name: shown in tables and legends.
        description: one or two sentences for the reader.
        changes: applied in order.
        weights: a weight set overriding the comparison's (name, RAG mapping or WeightSet).
        source: the file it was read from, if any (named in errors).
    """

    name: str
    description: str = ""
    changes: tuple[Change, ...] = ()
    weights: str | dict[str, float] | WeightSet | None = None
    source: str | None = None

    @property
    def key(self) -> str:
        """The file stem (or the name): what the notebooks' ``scenario`` parameter names."""
        return Path(self.source).stem if self.source else self.name

    @classmethod
    def from_mapping(
        cls, mapping: object, source: str = "scenario", default_name: str | None = None
    ) -> Scenario:
        """Build and validate a scenario from a mapping shaped like the YAML files.

        Raises:
            ConfigError: every problem at once, each naming ``source`` and the key.
        """
        problems: list[Problem] = []

        def bad(key: str, message: str) -> None:
            problems.append(Problem(source, f"{key}: {message}"))

        if not isinstance(mapping, dict):
            raise ConfigError(
                Problem(source, "expected a mapping with name, description and changes")
            )
        for key in mapping:
            if key not in ("name", "description", "changes", "weights"):
                bad(str(key), "unknown key (expected name, description, weights, changes)")
        name = mapping.get("name", default_name)
        if not isinstance(name, str) or not name.strip():
            bad("name", "expected the scenario's name as text")
        description = mapping.get("description", "") or ""
        if not isinstance(description, str):
            bad("description", "expected text")
        weights = mapping.get("weights")
        if weights is not None:
            try:
                weight_set(weights)
            except ConfigError as error:
                bad("weights", "; ".join(str(p) for p in error.problems))
        raw_changes = mapping.get("changes")
        changes: list[Change] = []
        if raw_changes is None:
            bad("changes", "missing: expected a list of changes")
        elif not isinstance(raw_changes, list):
            bad("changes", "expected a list of changes (each starting with '- ')")
        else:
            for i, raw in enumerate(raw_changes):
                change = _change(raw, f"changes[{i}]", bad)
                if change is not None:
                    changes.append(change)
        if problems:
            raise ConfigError(problems)
        return cls(
            name=str(name).strip(),  # text: checked above
            description=description.strip(),
            changes=tuple(changes),
            weights=weights,
            source=source,
        )


def _change(raw: object, key: str, bad: Callable[[str, str], None]) -> Change | None:
    if not isinstance(raw, dict):
        bad(
            key, f"expected a mapping such as {{theme: Planned Care, shift_months: 3}}, got {raw!r}"
        )
        return None
    ok = True
    for k in raw:
        if k not in SELECTORS + ACTIONS:
            bad(
                f"{key}.{k}",
                f"unknown key (expected one of {', '.join(ACTIONS)} and optionally "
                f"{', '.join(SELECTORS)})",
            )
            ok = False
    actions = [a for a in ACTIONS if a in raw]
    if len(actions) != 1:
        bad(
            key,
            f"expected exactly one of {', '.join(ACTIONS)}, found "
            f"{', '.join(actions) if actions else 'none'}",
        )
        return None
    action, value = actions[0], raw[actions[0]]
    select = Select()
    try:
        select = _select(raw.get("scheme_id"), raw.get("theme"), raw.get("phase"))
    except (TypeError, ValueError):
        bad(f"{key}.phase", f"expected phase numbers 1-4, got {raw.get('phase')!r}")
        ok = False
    if any(p not in (1, 2, 3, 4) for p in select.phases) or any(
        isinstance(p, bool) for p in _tuple(raw.get("phase"))
    ):  # true is not phase 1
        bad(f"{key}.phase", f"expected phase numbers 1-4, got {raw.get('phase')!r}")
        ok = False
    where = f"{key}.{action}"
    if action == "shift_months":
        if isinstance(value, bool) or not isinstance(value, int):
            bad(where, f"expected a whole number of months (+ later, - earlier), got {value!r}")
            return None
    elif action == "rag_overall":
        if str(value).lower() not in RAG_WORDS:
            bad(where, f"expected green, amber or red, got {value!r}")
            return None
        value = str(value).lower()
    elif action == "scale_fye":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            bad(where, f"expected a factor >= 0 such as 0.8, got {value!r}")
            return None
        value = float(value)
    elif action == "remove":
        if value is not True:
            bad(where, f"expected true, got {value!r}")
            return None
        if select == Select():
            bad(key, "remove needs scheme_id, theme or phase (it would remove every scheme)")
            return None
    elif action == "add":
        if any(k in raw for k in SELECTORS):
            bad(key, "add takes no scheme_id/theme/phase selector: put them in each new scheme")
            return None
        value = _new_schemes(value, where, bad)
        if value is None:
            return None
    return Change(action, value, select) if ok else None


def _new_schemes(
    raw: object, key: str, bad: Callable[[str, str], None]
) -> tuple[dict[str, object], ...] | None:
    raw = [raw] if isinstance(raw, dict) else raw
    if not isinstance(raw, list) or not raw:
        bad(key, "expected a list of new schemes")
        return None
    out, ok = [], True
    for i, spec in enumerate(raw):
        where = f"{key}[{i}]"
        if not isinstance(spec, dict):
            bad(where, "expected a mapping of scheme_id, scheme, go_live, fye_net_saving, ...")
            ok = False
            continue
        for k in spec:
            if k not in ADD_REQUIRED + ADD_OPTIONAL:
                known = ", ".join(ADD_REQUIRED + ADD_OPTIONAL)
                bad(f"{where}.{k}", f"unknown key (expected {known})")
                ok = False
        for k in ADD_REQUIRED:
            if spec.get(k) is None:
                bad(f"{where}.{k}", "missing")
                ok = False
        row = {k: spec.get(k) for k in ADD_REQUIRED + ADD_OPTIONAL}
        if row[Scheme.scheme_id] is not None:
            row[Scheme.scheme_id] = str(row[Scheme.scheme_id])
        if row[Scheme.go_live] is not None:
            try:
                row[Scheme.go_live] = calendar.parse_month(row[Scheme.go_live])
            except ValueError as error:
                bad(f"{where}.go_live", str(error))
                ok = False
        for k in (Scheme.fye_net_saving, Scheme.change_in_delivery_months):
            v = row[k]
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                bad(f"{where}.{k}", f"expected a number, got {v!r}")
                ok = False
        if row[Scheme.phase] is not None and (
            isinstance(row[Scheme.phase], bool) or row[Scheme.phase] not in (1, 2, 3, 4)
        ):
            bad(f"{where}.phase", f"expected 1-4, got {row[Scheme.phase]!r}")
            ok = False
        if row[Scheme.rag_overall] is not None:
            if str(row[Scheme.rag_overall]).lower() not in RAG_WORDS:
                bad(
                    f"{where}.rag_overall",
                    f"expected green, amber or red, got {row[Scheme.rag_overall]!r}",
                )
                ok = False
            else:
                row[Scheme.rag_overall] = str(row[Scheme.rag_overall]).lower()
        out.append(row)
    return tuple(out) if ok else None


def load_scenario(path: str | Path) -> Scenario:
    """One scenario from a YAML file (name defaults to the file's stem).

    Raises:
        ConfigError: naming the file and every bad key.
    """
    path = Path(path)
    try:
        mapping = load_yaml(path)  # UTF-8, no aliases, finite numbers: one-line ConfigError
    except OSError as error:
        raise ConfigError(Problem(str(path), f"cannot read: {error.strerror or error}")) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        what = getattr(error, "problem", None) or error
        raise ConfigError(Problem(str(path), f"not valid YAML{at}: {what}")) from None
    return Scenario.from_mapping(mapping, source=str(path), default_name=path.stem)


def load_scenarios(paths: str | Path | list[Path]) -> list[Scenario]:
    """Every scenario of a folder (``*.yml``, ``*.yaml``) or list of files, by file name.

    Raises:
        ConfigError: every problem of every file at once (and duplicate names).
    """
    if isinstance(paths, (str, Path)):
        folder = Path(paths)
        paths = (
            sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        )
    problems: list[Problem | str] = []
    scenarios: list[Scenario] = []
    for path in paths:
        try:
            scenarios.append(load_scenario(path))
        except ConfigError as error:
            problems.extend(error.problems)
    seen: dict[str, str] = {}
    for s in scenarios:
        if s.name.lower() in seen:
            problems.append(
                Problem(
                    str(s.source), f"name: {s.name!r} is also the name of {seen[s.name.lower()]}"
                )
            )
        seen[s.name.lower()] = str(s.source)
    if problems:
        raise ConfigError(problems)
    return scenarios


def find_scenario(scenarios: list[Scenario], name: str) -> Scenario:
    """The scenario whose file stem or name is ``name`` (case-insensitive).

    Raises:
        ConfigError: naming the scenarios there are.
    """
    wanted = name.strip().lower()
    for s in scenarios:
        if wanted in (s.key.lower(), s.name.lower()):
            return s
    known = ", ".join(s.key for s in scenarios) or "none"
    raise ConfigError(f"scenario {name!r}: no such scenario (there are: {known})")


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


@dataclass
class ScenarioComparison:
    """Scenarios side by side (the baseline first), stated against the outturn.

    Attributes:
        year: the financial year compared.
        basis: the basis of the figures (forecast by default).
        target_gbp: the in-year target the gaps are measured against, pounds.
        as_of: the reporting month (``None``: none; then the outturn is the forecast in year).
        totals: one row per scenario: ``scenario``, ``description``, ``forecast_in_year_gbp``
            (the basis for the whole year), ``outturn_gbp`` (actual to date + the forecast for
            the months after the reporting month, as the headline's outturn), ``change_gbp``
            (outturn against the baseline's), ``gap_to_target_gbp`` (target - outturn: + = short
            of target, - = ahead), ``next_year_gbp``, ``held`` (changes held out of reported
            months).
        per_scheme: every scheme a scenario changes: ``scenario``, ``scheme_id``, ``scheme``,
            ``theme``, ``baseline_in_year_gbp``, ``in_year_gbp`` (the scheme's outturn),
            ``in_year_change_gbp``, ``baseline_next_year_gbp``, ``next_year_gbp``,
            ``next_year_change_gbp``.
        curves: long format ``scenario``, ``month``, ``value_gbp`` (that month: actual to the
            reporting month, then the forecast), ``cumulative_gbp`` (from April).
        registers: the changed register of each scenario, by name.
        held: every change held out of the reported months: ``scenario``, ``scheme_id``,
            ``asked``, ``applied``, ``why``.
    """

    year: int
    basis: Basis
    target_gbp: float
    totals: pd.DataFrame
    per_scheme: pd.DataFrame
    curves: pd.DataFrame
    registers: dict[str, pd.DataFrame]
    as_of: pd.Period | None = None
    held: pd.DataFrame = field(default_factory=pd.DataFrame)


def compare_scenarios(
    register: pd.DataFrame,
    year: int,
    scenarios: list[Scenario],
    target_gbp: float | None = None,
    weights: str | dict[str, float] | WeightSet = "board",
    *,
    basis: Basis = FORECAST,
    as_of: str | pd.Period | None = None,
    actuals: np.ndarray | None = None,
) -> ScenarioComparison:
    """Apply each scenario to the baseline and compare the year's outturn.

    Args:
        register: the baseline register (canonical columns).
        year: its financial year (2026 for 2026/27).
        scenarios: the scenarios, compared in this order after the baseline.
        target_gbp: the in-year target; ``None``: the baseline's plan in year (the year's
            plan is the programme's target).
        weights: risk weights, unless a scenario names its own.
        basis: ``FORECAST`` (default: director-assessed, risk-weighted), ``MOST_LIKELY`` or
            ``PLAN``.
        as_of: the reporting month: changes are held out of the months up to it
            (:func:`apply_scenario`) and, with ``actuals``, each outturn is actual to date +
            the scenario's forecast for the months after it.
        actuals: actual savings per scheme of ``register`` (rows in register order) and month
            of the year, ``(schemes, 12)`` pounds (``MonthInputs.actual_by_scheme_month()``);
            ``None``: no actuals (the outturn is the forecast in year). Actuals are fixed: a
            scenario that removes a scheme keeps what it has saved to date.

    Returns:
        A :class:`ScenarioComparison`.
    """
    if target_gbp is None:
        target_gbp = float(phase(register, year, PLAN).in_year.sum())
    as_of = pd.Period(as_of, freq="M") if as_of is not None else None
    k = calendar.month_offset(as_of, calendar.fy_start(year)) if as_of is not None else None
    ids = register[Scheme.scheme_id].astype(str).to_numpy()
    actual_of = {}
    if actuals is not None and k is not None:
        actuals = np.asarray(actuals, dtype=float)[:, :12]
        actual_of = dict(zip(ids, actuals[:, : k + 1].sum(axis=1)))
        actual_months = actuals.sum(axis=0)
    else:
        actuals, actual_months = None, None
    runs = [(BASELINE, "The register as it stands.", register, weights)]
    for s in scenarios:
        changed = apply_scenario(register, s, as_of=as_of)
        runs.append(
            (s.name, s.description, changed, s.weights if s.weights is not None else weights)
        )
    total_rows: list[dict[str, object]] = []
    scheme_frames: list[pd.DataFrame] = []
    curves: list[pd.DataFrame] = []
    registers: dict[str, pd.DataFrame] = {}
    held: list[dict[str, object]] = []
    base_frame = None
    for name, description, frame, w in runs:
        p = phase(frame, year, basis, weights=w)
        registers[name] = frame
        held += [{"scenario": name, **h} for h in frame.attrs.get("held", [])]
        forecast_months = p.monthly[:, :12].sum(axis=0)
        outturn = outturn_gbp(forecast_months, actual_months, k)
        next_year = float(p.next_year.sum())
        total_rows.append(
            {
                "scenario": name,
                "description": description,
                "forecast_in_year_gbp": float(p.in_year.sum()),
                "outturn_gbp": outturn,
                "gap_to_target_gbp": target_gbp - outturn,
                "next_year_gbp": next_year,
                "held": len(frame.attrs.get("held", [])),
            }
        )
        monthly = forecast_months.copy()
        if actual_months is not None and k is not None:
            monthly[: k + 1] = actual_months[: k + 1]
        curves.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "month": p.months[:12],
                    "value_gbp": monthly,
                    "cumulative_gbp": np.cumsum(monthly),
                }
            )
        )
        frame_ids = frame[Scheme.scheme_id].astype(str).to_numpy()
        scheme_outturn = p.in_year
        if actual_months is not None and k is not None:
            scheme_outturn = np.array([actual_of.get(i, 0.0) for i in frame_ids]) + p.monthly[
                :, k + 1 : 12
            ].sum(axis=1)
        by_scheme = pd.DataFrame(
            {
                Scheme.scheme_id: frame_ids,
                Scheme.scheme: frame[Scheme.scheme].to_numpy() if Scheme.scheme in frame else "",
                Scheme.theme: frame[Scheme.theme].to_numpy() if Scheme.theme in frame else "",
                "in_year_gbp": scheme_outturn,
                "next_year_gbp": p.next_year,
            }
        )
        if base_frame is None:
            base_frame = by_scheme
            continue
        merged = base_frame.merge(
            by_scheme, on=Scheme.scheme_id, how="outer", suffixes=("_baseline", ""), sort=False
        )
        for c in (Scheme.scheme, Scheme.theme):
            merged[c] = merged[c].fillna(merged[f"{c}_baseline"])
        merged = merged.rename(
            columns={
                "in_year_gbp_baseline": "baseline_in_year_gbp",
                "next_year_gbp_baseline": "baseline_next_year_gbp",
            }
        )
        money_cols = [
            "baseline_in_year_gbp",
            "in_year_gbp",
            "baseline_next_year_gbp",
            "next_year_gbp",
        ]
        merged[money_cols] = merged[money_cols].astype(float).fillna(0.0)
        removed = ~merged[Scheme.scheme_id].isin(frame_ids)
        # A removed scheme keeps what it saved to date (actuals are fixed).
        merged.loc[removed, "in_year_gbp"] = (
            merged.loc[removed, Scheme.scheme_id].map(actual_of).fillna(0.0).astype(float)
        )
        merged["in_year_change_gbp"] = merged.in_year_gbp - merged.baseline_in_year_gbp
        merged["next_year_change_gbp"] = merged.next_year_gbp - merged.baseline_next_year_gbp
        differs = (merged.in_year_change_gbp.abs() > 0.005) | (
            merged.next_year_change_gbp.abs() > 0.005
        )
        merged = merged.loc[differs].assign(scenario=name)
        scheme_frames.append(
            merged[
                [
                    "scenario",
                    Scheme.scheme_id,
                    Scheme.scheme,
                    Scheme.theme,
                    "baseline_in_year_gbp",
                    "in_year_gbp",
                    "in_year_change_gbp",
                    "baseline_next_year_gbp",
                    "next_year_gbp",
                    "next_year_change_gbp",
                ]
            ]
        )
    totals = pd.DataFrame(total_rows)
    totals.insert(4, "change_gbp", totals.outturn_gbp - totals.outturn_gbp.iloc[0])
    columns = [
        "scenario",
        Scheme.scheme_id,
        Scheme.scheme,
        Scheme.theme,
        "baseline_in_year_gbp",
        "in_year_gbp",
        "in_year_change_gbp",
        "baseline_next_year_gbp",
        "next_year_gbp",
        "next_year_change_gbp",
    ]
    per_scheme = (
        pd.concat(scheme_frames, ignore_index=True)
        if scheme_frames
        else pd.DataFrame(columns=columns)
    )
    return ScenarioComparison(
        year=year,
        basis=basis,
        target_gbp=float(target_gbp),
        totals=totals,
        per_scheme=per_scheme,
        curves=pd.concat(curves, ignore_index=True),
        registers=registers,
        as_of=as_of,
        held=pd.DataFrame(held, columns=["scenario", Scheme.scheme_id, "asked", "applied", "why"]),
    )
