"""Delivery risk: how sure are we? A Monte Carlo of slippage and shortfall, by overall RAG.

Each draw gives every scheme two chances to fall short of its forecast (the director-assessed
go-live, see :func:`phasing.delivery_offset`):

* its go-live **slips** by a number of whole months (0, 1, 3, ...), and
* it delivers only part of its full-year effect: a **shortfall** share of the FYE (0-1) is lost,

each drawn from a discrete distribution chosen by the scheme's overall RAG
(:class:`RiskConfig`; the shipped defaults in ``risk.yml`` say why they are what they are). A
drawn scheme then saves ``FYE x (1 - shortfall) / 12`` a month from its slipped go-live, for
ever, exactly as in :mod:`.phasing`; draws are not risk-weighted (the draws are the risk).

Percentiles follow the usual reading: **P10** is the pessimistic figure (a 1 in 10 chance of
saving less), **P50** the median, **P90** the optimistic one (a 1 in 10 chance of saving more).

Speed: a scheme's draw is one of a few joint outcomes (slip x shortfall), so a draw is an index
into a small per-scheme table; the monthly profile of all schemes in a draw is one weighted
``bincount`` of their start months, and a cumulative sum. Draws are processed in fixed chunks
(memory stays bounded, results do not depend on the machine). Money in pounds; months are
offsets from April of the register's financial year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import calendar
from ..errors import ConfigError, Problem
from ..safe_yaml import load_yaml
from ..schema import RAG_WORDS, Scheme
from .phasing import delivery_offset, go_live_offsets

CHUNK_DRAWS = 1000  # draws per block; fixed so that a seed gives the same answer anywhere
PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class Discrete:
    """A discrete distribution: ``values[i]`` with probability ``probabilities[i]``."""

    values: tuple[float, ...]
    probabilities: tuple[float, ...]

    def mean(self) -> float:
        return float(np.dot(self.values, self.probabilities))


@dataclass(frozen=True)
class RagRisk:
    """The risk of one overall rating.

    Attributes:
        slip_months: months go-live slips beyond the forecast date (whole months, >= 0).
        shortfall: share of the FYE not delivered (0-1).
    """

    slip_months: Discrete
    shortfall: Discrete


@dataclass(frozen=True)
class RiskConfig:
    """Slippage and shortfall distributions per overall RAG (``green``, ``amber``, ``red``).

    Attributes:
        by_rag: the distributions of each rating.
        unrated_as: the rating a scheme with no overall rating is treated as.
        source: where the configuration came from (a file name, or ``"built in"``).
    """

    by_rag: dict[str, RagRisk]
    unrated_as: str = "amber"
    source: str = "built in"

    @classmethod
    def from_mapping(cls, mapping: object, source: str = "risk configuration") -> RiskConfig:
        """Build and validate from a mapping shaped like ``risk.yml``.

        Raises:
            ConfigError: every problem at once, each naming ``source`` and the key.
        """
        problems: list[Problem] = []

        def bad(key: str, message: str) -> None:
            problems.append(Problem(source, f"{key}: {message}"))

        if not isinstance(mapping, dict):
            raise ConfigError(Problem(source, "expected a mapping of green, amber and red"))
        unrated = str(mapping.get("unrated_as", "amber")).lower()
        if unrated not in RAG_WORDS:
            bad("unrated_as", f"expected one of {', '.join(RAG_WORDS)}, got {unrated!r}")
        for key in mapping:
            if key not in (*RAG_WORDS, "unrated_as"):
                bad(str(key), f"unknown key (expected {', '.join(RAG_WORDS)} or unrated_as)")
        by_rag = {}
        for rag in RAG_WORDS:
            spec = mapping.get(rag)
            if not isinstance(spec, dict):
                bad(rag, "missing: expected slip_months and shortfall")
                continue
            for key in spec:
                if key not in ("slip_months", "shortfall"):
                    bad(f"{rag}.{key}", "unknown key (expected slip_months or shortfall)")
            slip = _discrete(spec.get("slip_months"), f"{rag}.slip_months", bad,
                             whole=True, low=0, high=None)
            short = _discrete(spec.get("shortfall"), f"{rag}.shortfall", bad,
                              whole=False, low=0, high=1)
            if slip and short:
                by_rag[rag] = RagRisk(slip, short)
        if problems:
            raise ConfigError(problems)
        return cls(by_rag=by_rag, unrated_as=unrated, source=source)

    def for_rag(self, rag: str) -> RagRisk:
        return self.by_rag[rag if rag in self.by_rag else self.unrated_as]


def _discrete(spec, key, bad, *, whole, low, high) -> Discrete | None:
    if not isinstance(spec, dict) or not spec:
        bad(key, "missing: expected a mapping of value: probability, e.g. {0: 0.5, 3: 0.5}")
        return None
    values, probabilities, ok, numeric = [], [], True, True
    for value, probability in spec.items():
        try:
            v, p = float(value), float(probability)
        except (TypeError, ValueError):
            bad(f"{key}.{value}", f"expected numbers, got {value!r}: {probability!r}")
            ok = numeric = False
            continue
        if whole and v != int(v):
            bad(f"{key}.{value}", "expected a whole number of months")
            ok = False
        if v < low or (high is not None and v > high):
            upper = "up" if high is None else high
            bad(f"{key}.{value}", f"expected a value from {low} to {upper}")
            ok = False
        if not 0 <= p <= 1:
            bad(f"{key}.{value}", f"probability {p} is not between 0 and 1")
            ok = False
        values.append(v)
        probabilities.append(p)
    if numeric and abs(sum(probabilities) - 1) > 1e-9:
        bad(key, f"probabilities add up to {sum(probabilities):g}, expected 1")
        ok = False
    return Discrete(tuple(values), tuple(probabilities)) if ok else None


@cache
def default_risk() -> RiskConfig:
    """The shipped distributions (``risk.yml``; its comments give the reasoning)."""
    text = resources.files("commissioning_analytics").joinpath("risk.yml").read_text()
    return RiskConfig.from_mapping(yaml.safe_load(text), source="risk.yml (built in)")


def load_risk_config(path: str | Path) -> RiskConfig:
    """A risk configuration from a YAML file shaped like the shipped ``risk.yml``.

    Raises:
        ConfigError: naming the file and every bad key.
    """
    path = Path(path)
    try:
        mapping = load_yaml(path)  # UTF-8, no aliases, finite numbers: one-line ConfigError
    except OSError as error:
        raise ConfigError(Problem(str(path), f"cannot read: {error.strerror or error}")) from None
    except yaml.YAMLError as error:
        raise ConfigError(Problem(str(path), f"not valid YAML: {error}")) from None
    return RiskConfig.from_mapping(mapping, source=str(path))


@dataclass
class RiskResult:
    """The Monte Carlo's draws and their summaries.

    Attributes:
        year: the register's financial year.
        seed: the seed the draws came from (``None`` when a Generator was passed).
        in_year: the year's saving in each draw, pounds, shape ``(draws,)``.
        next_year: the following year's incremental saving in each draw, pounds.
        months: the months of ``cumulative`` (April of ``year`` onwards).
        cumulative: cumulative savings from April per draw and month, ``(draws, months)``.
    """

    year: int
    seed: int | None
    in_year: np.ndarray
    next_year: np.ndarray
    months: pd.PeriodIndex
    cumulative: np.ndarray

    @property
    def draws(self) -> int:
        return len(self.in_year)

    def percentiles(self) -> pd.DataFrame:
        """P10 / P50 / P90 and the mean of the in-year and next-year savings, pounds.

        Returns:
            Index ``in_year``, ``next_year``; columns ``p10``, ``p50``, ``p90``, ``mean``.
        """
        rows = {}
        for name, values in (("in_year", self.in_year), ("next_year", self.next_year)):
            p = np.percentile(values, PERCENTILES)
            rows[name] = {f"p{q}": v for q, v in zip(PERCENTILES, p)} | {"mean": values.mean()}
        return pd.DataFrame.from_dict(rows, orient="index")

    def fan(self, n_months: int = 12) -> pd.DataFrame:
        """Cumulative savings from April: P10 / P50 / P90 and mean per month (long enough for
        a fan chart). Columns ``month``, ``p10``, ``p50``, ``p90``, ``mean``, pounds."""
        cum = self.cumulative[:, :n_months]
        p = np.percentile(cum, PERCENTILES, axis=0)
        return pd.DataFrame({
            "month": self.months[:n_months],
            **{f"p{q}": row for q, row in zip(PERCENTILES, p)},
            "mean": cum.mean(axis=0),
        })

    def prob_reach(self, target_gbp: float) -> float:
        """Share of draws whose in-year saving reaches ``target_gbp`` (0-1)."""
        return float(np.mean(self.in_year >= target_gbp - 1e-6))


def simulate(
    register: pd.DataFrame,
    year: int,
    *,
    draws: int = 10_000,
    seed: int | np.random.Generator = 2026,
    config: RiskConfig | None = None,
    as_of: str | pd.Period | None = None,
    with_change: bool = True,
) -> RiskResult:
    """Draw the programme's savings ``draws`` times.

    Args:
        register: canonical scheme table (``go_live``, ``fye_net_saving``, ``rag_overall``; and
            ``change_in_delivery_months`` when ``with_change``).
        year: the register's financial year (2026 for 2026/27).
        draws: number of draws.
        seed: an int seed (reproducible) or a numpy ``Generator``.
        config: slippage and shortfall per RAG (default: :func:`default_risk`).
        as_of: the reporting month; a scheme live by then cannot slip (its shortfall still
            applies). ``None``: every scheme may slip.
        with_change: start from the director-assessed go-live (forecast) rather than the plan.

    Returns:
        A :class:`RiskResult` over two financial years from April of ``year``.
    """
    config = config or default_risk()
    n_months = 24
    fye = register[Scheme.fye_net_saving].to_numpy(dtype=float)
    start = go_live_offsets(register, year)
    if with_change and Scheme.change_in_delivery_months in register:
        start = delivery_offset(start, register[Scheme.change_in_delivery_months].to_numpy(float))
    start = np.nan_to_num(start, nan=n_months)
    can_slip = np.ones(len(fye), dtype=bool)
    if as_of is not None:
        live_by = calendar.month_offset(pd.Period(as_of, freq="M"), calendar.fy_start(year))
        can_slip = start > live_by
    rag = (register[Scheme.rag_overall].astype("string").str.lower().fillna("")
           if Scheme.rag_overall in register else pd.Series([""] * len(fye)))
    rag = np.where(np.isin(rag.to_numpy(dtype=object), RAG_WORDS), rag.to_numpy(dtype=object),
                   config.unrated_as)

    # Joint outcomes (slip x shortfall) per rating, padded to a common length K.
    outcomes = {}
    for word in RAG_WORDS:
        risk = config.for_rag(word)
        slip, short = np.meshgrid(risk.slip_months.values, risk.shortfall.values, indexing="ij")
        prob = np.outer(risk.slip_months.probabilities, risk.shortfall.probabilities)
        outcomes[word] = (slip.ravel(), short.ravel(), prob.ravel())
    k = max(len(o[0]) for o in outcomes.values())

    # Group schemes by rating (contiguous columns), and build the per-scheme tables.
    order = np.argsort(pd.Categorical(rag, categories=RAG_WORDS).codes, kind="stable")
    fye, start, can_slip, rag = fye[order], start[order], can_slip[order], rag[order]
    n = len(fye)
    rate = np.zeros((n, k))
    bucket = np.full((n, k), n_months, dtype=np.int64)
    groups = []
    for word in RAG_WORDS:
        cols = np.flatnonzero(rag == word)
        if not len(cols):
            continue
        slip, short, prob = outcomes[word]
        m = len(slip)
        rate[cols, :m] = fye[cols, None] / 12.0 * (1.0 - short)
        moved = start[cols, None] + np.where(can_slip[cols, None], slip, 0.0)
        bucket[cols, :m] = np.clip(np.ceil(moved), 0, n_months).astype(np.int64)
        cum = np.cumsum(prob)
        cum[-1] = 1.0
        groups.append((slice(cols[0], cols[-1] + 1), cum))
    rate_flat, bucket_flat = rate.ravel(), bucket.ravel()
    row_base = (np.arange(n) * k)[None, :]

    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    monthly = np.empty((draws, n_months))
    for first in range(0, draws, CHUNK_DRAWS):
        d = min(CHUNK_DRAWS, draws - first)
        u = rng.random((d, n))
        pick = np.empty((d, n), dtype=np.int64)
        for cols, cum in groups:
            pick[:, cols] = np.searchsorted(cum, u[:, cols], side="right")
        pick += row_base
        # Monthly saving per draw: each scheme adds its rate from its start month on.
        flat = (np.arange(d) * (n_months + 1))[:, None] + bucket_flat[pick]
        steps = np.bincount(flat.ravel(), weights=rate_flat[pick].ravel(),
                            minlength=d * (n_months + 1)).reshape(d, n_months + 1)
        monthly[first:first + d] = np.cumsum(steps[:, :n_months], axis=1)
    cumulative = np.cumsum(monthly, axis=1)
    in_year = cumulative[:, 11].copy()
    next_year = cumulative[:, 23] - 2 * in_year
    return RiskResult(
        year=year,
        seed=None if isinstance(seed, np.random.Generator) else int(seed),
        in_year=in_year,
        next_year=next_year,
        months=pd.period_range(calendar.fy_start(year), periods=n_months, freq="M"),
        cumulative=cumulative,
    )
