"""What a scenario is: the selectors, the five changes (shift, rate, scale, remove, add), and a
scenario built and checked from a mapping shaped like its YAML file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ... import calendar
from ...errors import ConfigError, Problem
from ...schema import RAG_WORDS, Scheme
from ..phasing import (
    WeightSet,
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
