"""Delivery risk from today's position: how sure are we of the outturn? A Monte Carlo by RAG.

The year to date is known: actual savings to the reporting month are fixed in every draw, and
only the months after it are uncertain. In each draw every scheme has two chances to fall short
of its forecast (the director-assessed go-live, see :func:`phasing.delivery_offset`):

* its go-live **slips** by a number of whole months (0, 1, 3, ...), unless it is already live
  by the reporting month (a live scheme cannot slip), and
* it delivers only part of its full-year effect: a **shortfall** share of the FYE (0-1) is lost
  for the rest of the year,

each drawn from a discrete distribution chosen by the scheme's overall RAG (:class:`RiskConfig`;
the shipped defaults in ``risk.yml`` say why they are what they are).

**Calibration.** The board's risk weights already price the expected loss of each rating (the
forecast is risk-weighted). So that the Monte Carlo adds the *spread* around the forecast and
not a second discount, each scheme's draws are scaled (by default) so that their average over
the months after the reporting month is exactly its risk-weighted forecast for those months:
the simulated mean outturn then equals the headline outturn (actual to date + the forecast for
the months left), and the distributions give the shape of the uncertainty around it. With
``calibrate=False`` draws are the distributions as written (unweighted), and
:attr:`RiskResult.mean_gbp` differs from the outturn by what the distributions take off. The
next year's figures (incremental, as the board's forecast next year) are never weighted nor
scaled.

Percentiles follow the usual reading: **P10** is the pessimistic figure (a 1 in 10 chance of
saving less), **P50** the median, **P90** the optimistic one (a 1 in 10 chance of saving more).

Speed: a scheme's draw is one of a few joint outcomes (slip x shortfall); a draw is a 16-bit
random number mapped to an outcome by a 65,536-entry table per rating (probabilities are held to
the nearest 1/65,536, and the calibration uses those same probabilities, so the mean stays
exact). The months' savings of all schemes in a block of draws are one weighted ``bincount`` of
their first saving months. Blocks have a size fixed by the number of schemes (memory stays
bounded; a seed gives the same answer on any machine). Money in pounds; months are offsets
from April of the register's financial year.
"""

from __future__ import annotations

from collections.abc import Callable
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
from .changes import earliest_offset
from .phasing import WeightSet, delivery_offset, go_live_offsets, weight_set

BLOCK_ELEMENTS = 1 << 18  # draws x schemes per block: buffers stay in cache
LEVELS = 1 << 16  # resolution of the outcome tables (16-bit random numbers)
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
        calibrate: scale each scheme's draws to its risk-weighted forecast (see the module
            docstring); ``false`` in a file: the distributions as written.
    """

    by_rag: dict[str, RagRisk]
    unrated_as: str = "amber"
    source: str = "built in"
    calibrate: bool = True

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
        calibrate = mapping.get("calibrate", True)
        if not isinstance(calibrate, bool):
            bad("calibrate", f"expected true or false, got {calibrate!r}")
        for key in mapping:
            if key not in (*RAG_WORDS, "unrated_as", "calibrate"):
                bad(
                    str(key),
                    f"unknown key (expected {', '.join(RAG_WORDS)}, unrated_as or calibrate)",
                )
        by_rag = {}
        for rag in RAG_WORDS:
            spec = mapping.get(rag)
            if not isinstance(spec, dict):
                bad(rag, "missing: expected slip_months and shortfall")
                continue
            for key in spec:
                if key not in ("slip_months", "shortfall"):
                    bad(f"{rag}.{key}", "unknown key (expected slip_months or shortfall)")
            slip = _discrete(
                spec.get("slip_months"), f"{rag}.slip_months", bad, whole=True, low=0, high=None
            )
            short = _discrete(
                spec.get("shortfall"), f"{rag}.shortfall", bad, whole=False, low=0, high=1
            )
            if slip and short:
                by_rag[rag] = RagRisk(slip, short)
        if problems:
            raise ConfigError(problems)
        return cls(by_rag=by_rag, unrated_as=unrated, source=source, calibrate=bool(calibrate))

    def for_rag(self, rag: str) -> RagRisk:
        return self.by_rag[rag if rag in self.by_rag else self.unrated_as]


def _discrete(
    spec: object,
    key: str,
    bad: Callable[[str, str], None],
    *,
    whole: bool,
    low: float,
    high: float | None,
) -> Discrete | None:
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
        in_year: the year's outturn in each draw (actual to date + the drawn months after the
            reporting month), pounds, shape ``(draws,)``.
        next_year: the following year's incremental saving in each draw, pounds (not weighted).
        months: the twelve months of ``cumulative`` (April of ``year`` to March).
        cumulative: cumulative savings from April per draw and month, ``(draws, 12)``; up to the
            reporting month it is the actual to date in every draw.
        as_of: the reporting month (``None``: none; every month is uncertain).
        actual_to_date_gbp: actual savings April to the reporting month (without actuals: the
            forecast for those months).
        outturn_gbp: the outturn the draws are calibrated to: actual to date + the
            risk-weighted forecast for the months after the reporting month.
        calibrated: whether each scheme's draws were scaled to its risk-weighted forecast.
    """

    year: int
    seed: int | None
    in_year: np.ndarray
    next_year: np.ndarray
    months: pd.PeriodIndex
    cumulative: np.ndarray
    as_of: pd.Period | None = None
    actual_to_date_gbp: float = 0.0
    outturn_gbp: float = float("nan")
    calibrated: bool = True

    @property
    def draws(self) -> int:
        return len(self.in_year)

    @property
    def mean_gbp(self) -> float:
        """The mean simulated outturn, pounds."""
        return float(self.in_year.mean())

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
        """Cumulative savings from April: P10 / P50 / P90 and mean per month (for a fan chart;
        up to the reporting month every draw is the actual to date). Columns ``month``, ``p10``,
        ``p50``, ``p90``, ``mean``, ``actual`` (bool: a reported month), pounds."""
        cum = self.cumulative[:, :n_months]
        p = np.percentile(cum, PERCENTILES, axis=0)
        months = self.months[:n_months]
        return pd.DataFrame(
            {
                "month": months,
                **{f"p{q}": row for q, row in zip(PERCENTILES, p)},
                "mean": cum.mean(axis=0),
                "actual": (months <= self.as_of) if self.as_of is not None else False,
            }
        )

    def prob_reach(self, target_gbp: float) -> float:
        """Share of draws whose in-year outturn reaches ``target_gbp`` (0-1)."""
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
    actual_by_month: np.ndarray | None = None,
    weights: str | dict[str, float] | WeightSet = "board",
    calibrate: bool | None = None,
) -> RiskResult:
    """Draw the year's outturn ``draws`` times, from today's position.

    Args:
        register: canonical scheme table (``go_live``, ``fye_net_saving``, ``rag_overall``; and
            ``change_in_delivery_months`` when ``with_change``).
        year: the register's financial year (2026 for 2026/27).
        draws: number of draws.
        seed: an int seed (reproducible) or a numpy ``Generator``.
        config: slippage and shortfall per RAG (default: :func:`default_risk`).
        as_of: the reporting month: months up to it are reported (their savings are the
            actuals, fixed), a scheme live by then cannot slip. ``None``: nothing is reported,
            every month of the year is uncertain and every scheme may slip.
        with_change: start from the director-assessed go-live (forecast) rather than the plan.
        actual_by_month: actual savings per month of the year, April to March, pounds (months
            after ``as_of`` are ignored); ``None``: no actuals, the months to ``as_of`` count
            at their (risk-weighted, when calibrated) forecast, as the headline does.
        weights: the risk weights the draws are calibrated to (as the forecast's).
        calibrate: scale each scheme's draws so that their mean is its risk-weighted forecast
            for the months after ``as_of`` (see the module docstring); ``False``: the
            distributions as written; ``None``: as the configuration says (default true).

    Returns:
        A :class:`RiskResult` over the financial year from April of ``year``.
    """
    config = config or default_risk()
    calibrate = config.calibrate if calibrate is None else bool(calibrate)
    n = len(register)
    fye = register[Scheme.fye_net_saving].to_numpy(dtype=float)
    start = go_live_offsets(register, year)
    if with_change and Scheme.change_in_delivery_months in register:
        start = delivery_offset(start, register[Scheme.change_in_delivery_months].to_numpy(float))
    start = np.ceil(np.nan_to_num(start, nan=24.0))
    earliest = min(earliest_offset(year, as_of), 12)
    live = start < earliest
    weight = weight_set(weights).lookup(register)  # the forecast's: the outturn is weighted
    actual = np.zeros(12)
    if actual_by_month is not None and as_of is not None:
        actual[:earliest] = np.asarray(actual_by_month, dtype=float)[:earliest]
    elif as_of is not None:  # no actuals: the reported months count at their forecast
        # (risk-weighted, as the headline's outturn counts them)
        to_date = np.arange(earliest)[None, :] >= start[:, None]
        actual[:earliest] = (weight * fye / 12.0) @ to_date
    rag_text = (
        register[Scheme.rag_overall].astype("string").str.lower().fillna("")
        if Scheme.rag_overall in register
        else pd.Series([""] * n)
    )
    rag: np.ndarray = rag_text.to_numpy(dtype=object)
    rag = np.where(np.isin(rag, RAG_WORDS), rag, config.unrated_as)

    # Joint outcomes (slip x shortfall) per rating, padded to a common length K, with
    # probabilities held to 1/LEVELS and a table from a 16-bit number to the outcome.
    outcomes: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
    for word in RAG_WORDS:
        risk = config.for_rag(word)
        slip_grid, short_grid = np.meshgrid(
            risk.slip_months.values, risk.shortfall.values, indexing="ij"
        )
        prob = np.outer(risk.slip_months.probabilities, risk.shortfall.probabilities).ravel()
        edges = np.rint(np.cumsum(prob) * LEVELS).astype(np.int64)
        edges[-1] = LEVELS
        table = np.searchsorted(edges, np.arange(LEVELS), side="right").astype(np.uint8)
        held = np.diff(edges, prepend=0) / LEVELS
        outcomes[word] = (slip_grid.ravel(), short_grid.ravel(), held, table)
    k = max(len(o[0]) for o in outcomes.values())

    # Per scheme and outcome: the first month it saves in the months after the reporting month
    # (bucket 12 = not this year), its monthly saving then, and its next-year increment.
    # Live schemes first (they all start saving in the first month left: no bincount needed),
    # then the others; within each, by rating (contiguous columns per outcome table).
    order = np.lexsort((pd.Categorical(rag, categories=RAG_WORDS).codes, ~live))
    fye, start, live, rag, weight = fye[order], start[order], live[order], rag[order], weight[order]
    bucket = np.full((n, k), 12, dtype=np.int64)
    rate = np.zeros((n, k))
    nxt = np.zeros((n, k))
    prob = np.zeros((n, k))
    groups: list[tuple[slice, np.ndarray]] = []
    n_live = int(live.sum())
    for word, part in ((w, p) for p in (True, False) for w in RAG_WORDS):
        cols = np.flatnonzero((rag == word) & (live == part))
        if not len(cols):
            continue
        slip, short, held, table = outcomes[word]
        m = len(slip)
        moved = start[cols, None] + np.where(live[cols, None], 0.0, slip)
        bucket[cols, :m] = np.clip(np.maximum(moved, earliest), 0, 12)
        per_month = fye[cols, None] / 12.0 * (1.0 - short)
        rate[cols, :m] = per_month
        first = np.clip(12 - moved, 0, 12)
        second = np.clip(24 - np.maximum(moved, 12), 0, 12)
        nxt[cols, :m] = per_month * (second - first)
        prob[cols, :m] = held
        groups.append((slice(cols[0], cols[-1] + 1), table))
    future = 12 - bucket
    expected = np.sum(prob * rate * future, axis=1)
    target = weight * fye / 12.0 * (12 - np.clip(np.maximum(start, earliest), 0, 12))
    if calibrate:
        scale = np.divide(target, expected, out=np.zeros(n), where=expected > 0)
        rate = rate * scale[:, None]
    rate_flat = rate.ravel()
    bucket_flat = bucket.ravel().astype(np.int32)
    nxt_flat = nxt.ravel()
    base = (np.arange(n, dtype=np.int32) * k)[None, :]

    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    block = max(1, BLOCK_ELEMENTS // max(n, 1))
    steps = np.zeros((draws, 13))
    next_year = np.zeros(draws)
    pick = np.empty((block, n), dtype=np.int32)
    for first_draw in range(0, draws if n else 0, block):
        d = min(block, draws - first_draw)
        u = rng.integers(0, LEVELS, size=(d, n), dtype=np.uint16)
        p = pick[:d]
        for columns, table in groups:
            p[:, columns] = table[u[:, columns]]
        p += base
        rates = rate_flat[p]
        # Schemes not yet live: their first month varies by draw, one weighted bincount.
        keys = bucket_flat[p[:, n_live:]]
        keys += (np.arange(d, dtype=np.int32) * 13)[:, None]
        block_steps = (
            np.bincount(keys.ravel(), weights=rates[:, n_live:].ravel(), minlength=d * 13)
            .reshape(d, 13)
            .astype(np.float64)
        )
        # Live schemes all save from the first month left (bucket `earliest`).
        block_steps[:, earliest] += rates[:, :n_live].sum(axis=1)
        steps[first_draw : first_draw + d] = block_steps
        next_year[first_draw : first_draw + d] = nxt_flat[p].sum(axis=1)
    monthly = np.cumsum(steps[:, :12], axis=1)  # each month: the rates of schemes saving by then
    monthly[:, :earliest] = actual[:earliest]
    cumulative = np.cumsum(monthly, axis=1)
    months = calendar.fy_months(year)
    forecast_rest = float(np.sum(target))
    return RiskResult(
        year=year,
        seed=None if isinstance(seed, np.random.Generator) else int(seed),
        in_year=cumulative[:, 11].copy(),
        next_year=next_year,
        months=months,
        cumulative=cumulative,
        as_of=pd.Period(as_of, freq="M") if as_of is not None else None,
        actual_to_date_gbp=float(actual.sum()),
        outturn_gbp=float(actual.sum()) + forecast_rest,
        calibrated=calibrate,
    )
