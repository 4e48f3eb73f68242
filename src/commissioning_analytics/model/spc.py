"""Statistical process control: XmR charts as NHS England's *Making Data Count* teaches them.

The rules and defaults follow NHSRplotthedots 0.2.2 (``ptd_spc``), the NHS-R Community's
reference implementation, re-implemented here with numpy over many series at once:

* **Centre line** the mean of the points (of the first ``fix_after_n_points`` when set).
* **Moving range** ``|x_t - x_{t-1}|``; its mean is MR-bar. With ``screen_outliers`` (the
  default) moving ranges of ``3.267 x MR-bar`` or more are dropped and MR-bar recomputed once.
* **Process limits** ``mean +/- 2.66 x MR-bar`` (3 sigma); "near the limits" is beyond
  ``mean +/- (2/3 x 2.66) x MR-bar`` (2 sigma) but not outside the process limits.
* **Special cause**, in this order of precedence for a point's label:

  1. a point above the upper or below the lower process limit (strictly beyond it);
  2. a trend: 7 points in a row each strictly higher (or lower) than the one before; all 7
     points are flagged;
  3. two of three consecutive points near a limit (between 2 and 3 sigma), all three on the same
     side of the mean; only the near-limit points are flagged. By default (the reference's rule)
     a point *outside* a limit does not count towards the two; Making Data Count's own wording,
     "two out of three points close to or beyond the limits", is the option
     ``SpcOptions(two_of_three_counts_outside=True)``;
  4. a shift: 7 points in a row on the same side of the mean (a point exactly on the mean breaks
     the run); all 7 are flagged.

* **Rebasing** starts a new group of points at each rebase month: the first point of a group has
  no moving range, and limits and rules are computed within each group.
* **Variation icon** of a series: the point type of its last point (common cause, special cause
  improvement or concern given the improvement direction, or neutral high/low).
* **Assurance icon** (when a target is given and the direction is not neutral), from the last
  group's limits: target beyond the upper limit -> consistently fails (if higher is better) or
  passes (if lower is better); below the lower limit -> the reverse; otherwise hit or miss.
  A target may vary by point (a trajectory, NaN where there is none): the last point's target is
  the one judged, so a target that starts at a rebase is never judged against points before it.
* A group of fewer than 13 points carries ``short_group_warning`` (the reference's default
  option ``ptd_spc.warning_threshold = 13``, although its message speaks of "n < 12"): its
  limits are trial limits.

Run lengths are parameters (``shift_points``, ``trend_points``) defaulting to the reference's 7.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

Direction = Literal["increase", "decrease", "neutral"]

LIMIT = 2.66  # 3 sigma in units of MR-bar (3 / 1.128)
NEAR_LIMIT = 2 * LIMIT / 3  # 2 sigma
OUTLIER_MR = 3.267  # upper range limit D4 x MR-bar, for screening moving ranges
SHIFT_POINTS = 7
TREND_POINTS = 7
SHORT_GROUP_POINTS = 13
MIN_FIX_POINTS = 12

_DIRECTIONS = {"increase": 1, "neutral": 0, "decrease": -1}

# Special-cause codes (precedence is applied when they are combined).
_COMMON, _OUTSIDE, _TREND, _TWO_OF_THREE, _SHIFT = 0, 1, 2, 3, 4

VARIATION_WORDS = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause variation: improvement",
    "special_cause_concern": "Special cause variation: concern",
    "special_cause_neutral_high": "Special cause variation: neutral (higher)",
    "special_cause_neutral_low": "Special cause variation: neutral (lower)",
}
ASSURANCE_WORDS = {
    "consistent_pass": "Consistently passes the target",
    "consistent_fail": "Consistently fails the target",
    "inconsistent": "Hit or miss: sometimes passes, sometimes fails the target",
}


@dataclass(frozen=True)
class SpcOptions:
    """How an XmR chart is computed (defaults are the reference's).

    Attributes:
        fix_after_n_points: compute mean and limits from the first N points of each group only
            (N >= 12, as the reference requires); ``None`` uses every point.
        screen_outliers: drop moving ranges >= 3.267 x MR-bar before the final MR-bar.
        shift_points: points in a row on one side of the mean that make a shift (7).
        trend_points: points in a row rising (or falling) that make a trend (7).
        short_group_points: groups with fewer points than this carry a trial-limits warning (13).
        two_of_three_counts_outside: a point beyond a process limit also counts towards "two of
            three near a limit" (Making Data Count's wording); default ``False``, the reference's
            rule, where only points between 2 and 3 sigma count.
    """

    fix_after_n_points: int | None = None
    screen_outliers: bool = True
    shift_points: int = SHIFT_POINTS
    trend_points: int = TREND_POINTS
    short_group_points: int = SHORT_GROUP_POINTS
    two_of_three_counts_outside: bool = False

    def __post_init__(self) -> None:
        if self.fix_after_n_points is not None and self.fix_after_n_points < MIN_FIX_POINTS:
            raise ValueError(f"fix_after_n_points must be at least {MIN_FIX_POINTS}")
        if self.shift_points < 2 or self.trend_points < 3:
            raise ValueError("shift_points must be >= 2 and trend_points >= 3")


def _shift(a: np.ndarray, k: int, fill: object) -> np.ndarray:
    """``a`` moved ``k`` places along axis 1: ``out[:, i] = a[:, i - k]`` (fill outside)."""
    out = np.full_like(a, fill)
    if k > 0:
        out[:, k:] = a[:, :-k]
    elif k < 0:
        out[:, :k] = a[:, -k:]
    else:
        out[:] = a
    return out


def _part_of_run(end: np.ndarray, length: int) -> np.ndarray:
    """Every point of a run whose last point is marked in ``end`` (run of ``length`` points)."""
    part = end.copy()
    for k in range(1, length):
        part |= _shift(end, -k, False)
    return part


def xmr_arrays(
    y: np.ndarray, valid: np.ndarray, options: SpcOptions = SpcOptions()
) -> dict[str, np.ndarray]:
    """XmR statistics and rules for G groups of points at once.

    Args:
        y: values, shape ``(G, L)``; each group's points from column 0, padded with NaN.
        valid: which cells hold a point, same shape.
        options: see :class:`SpcOptions`.

    Returns:
        A dict of arrays: ``mean``, ``mr_bar``, ``lpl``, ``upl`` (shape ``(G,)``) and
        ``outside``, ``relative_to_mean``, ``close``, ``special`` (code per point: 0 common,
        1 outside, 2 trend, 3 two of three, 4 shift) and ``direction`` (+1 above / increasing,
        -1 below / decreasing, 0 common cause), shape ``(G, L)``.
    """
    y = np.where(valid, np.asarray(y, dtype=float), np.nan)
    n_groups, length = y.shape
    position = np.arange(length)[None, :]
    fix = valid & (position < (options.fix_after_n_points or length))
    fix_y = np.where(fix, y, np.nan)
    count = fix.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(fix_y, axis=1) / count
        mr = np.abs(np.diff(fix_y, axis=1))  # NaN where either point is missing
        has_mr = ~np.isnan(mr)
        mr_bar = np.nansum(mr, axis=1) / has_mr.sum(axis=1)
        if options.screen_outliers:
            kept = has_mr & (mr < OUTLIER_MR * mr_bar[:, None])
            mr_bar = np.where(kept, mr, 0.0).sum(axis=1) / kept.sum(axis=1)
    lpl, upl = mean - LIMIT * mr_bar, mean + LIMIT * mr_bar
    near_low, near_high = mean - NEAR_LIMIT * mr_bar, mean + NEAR_LIMIT * mr_bar

    with np.errstate(invalid="ignore"):
        outside = valid & ((y > upl[:, None]) | (y < lpl[:, None]))
        rtm = np.nan_to_num(np.sign(y - mean[:, None])).astype(np.int8)
        close = valid & ~outside & ((y < near_low[:, None]) | (y > near_high[:, None]))

    # Shift: this point and the previous (n - 1) on the same side of the mean.
    n = options.shift_points
    shift_end = rtm != 0
    for k in range(1, n):
        shift_end &= _shift(rtm, k, 0) == rtm
    shift = _part_of_run(shift_end, n)

    # Trend: (n - 1) successive strict rises (or falls) ending at this point.
    n = options.trend_points
    step = np.zeros_like(rtm)
    with np.errstate(invalid="ignore"):
        step[:, 1:] = np.nan_to_num(np.sign(np.diff(y, axis=1))).astype(np.int8)  # y_i - y_{i-1}
    rising, falling = step == 1, step == -1
    for k in range(1, n - 1):
        rising &= _shift(step, k, 0) == 1
        falling &= _shift(step, k, 0) == -1
    trend = _part_of_run(rising | falling, n)
    # A trend point's direction: the step to its right when the next point is in the trend too
    # (so the first point of a trend takes the trend's direction), otherwise the step from its left.
    step_right = _shift(step, -1, 0)
    if length:
        step_right[:, -1] = step[:, -1]
    next_in_trend = _shift(trend, -1, False)
    trend_direction = np.where(trend & next_in_trend, step_right, step)

    # Two of three: a window of 3 points all on one side of the mean, >= 2 of them near a limit.
    counted = (close | outside) if options.two_of_three_counts_outside else close
    close_i = counted.astype(np.int8)
    window_close = close_i + _shift(close_i, -1, 0) + _shift(close_i, -2, 0)
    window_side = rtm + _shift(rtm, -1, 0) + _shift(rtm, -2, 0)
    window = (window_close >= 2) & (np.abs(window_side) == 3)
    window[:, max(length - 2, 0) :] = False  # windows running past the last point
    in_window = window | _shift(window, 1, False) | _shift(window, 2, False)
    two_of_three = in_window & counted

    special = np.select(
        [outside, trend, two_of_three, shift],
        [_OUTSIDE, _TREND, _TWO_OF_THREE, _SHIFT],
        _COMMON,
    ).astype(np.int8)
    side = np.where(rtm > 0, 1, -1)
    direction = np.select(
        [special == _OUTSIDE, special == _TREND, special != _COMMON],
        [np.where(rtm == 1, 1, -1), np.where(trend_direction == 1, 1, -1), side],
        0,
    ).astype(np.int8)
    special = np.where(valid, special, _COMMON)
    direction = np.where(valid, direction, 0)
    return dict(
        mean=mean,
        mr_bar=mr_bar,
        lpl=lpl,
        upl=upl,
        outside=outside,
        relative_to_mean=rtm,
        close=close,
        special=special,
        direction=direction,
        count=valid.sum(axis=1),
    )


def _labels(special: np.ndarray, direction: np.ndarray, options: SpcOptions) -> pd.Categorical[str]:
    """The reference's special-cause labels, as a categorical (one code per point)."""
    labels = [
        "Common Cause",
        "Common Cause",
        "Below LCL",
        "Above UCL",
        f"{options.trend_points} Point Trend (Decreasing)",
        f"{options.trend_points} Point Trend (Increasing)",
        "2 in 3 Below CL",
        "2 in 3 Above CL",
        f"{options.shift_points} Points Below CL",
        f"{options.shift_points} Points Above CL",
    ]
    codes = special.astype(np.int64) * 2 + (direction > 0)
    categories = list(dict.fromkeys(labels))
    lookup = np.array([categories.index(label) for label in labels])
    return pd.Categorical.from_codes(lookup[codes], categories=pd.Index(categories))


POINT_TYPES = [
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
]


def _point_type(direction: np.ndarray, improvement: np.ndarray) -> pd.Categorical[str]:
    """Point type per point; ``improvement`` is +1 / 0 / -1 per point."""
    oriented = direction * improvement
    codes = np.select(
        [
            (improvement == 0) & (direction > 0),
            (improvement == 0) & (direction < 0),
            oriented > 0,
            oriented < 0,
        ],
        [3, 4, 1, 2],
        0,
    )
    return pd.Categorical.from_codes(codes, categories=pd.Index(POINT_TYPES))


def _date_key(dates: pd.Series) -> np.ndarray:
    """Sortable numbers for a date column (months, dates or numbers)."""
    if isinstance(dates.dtype, pd.PeriodDtype):
        return cast(np.ndarray, dates.array.asi8)
    if pd.api.types.is_datetime64_any_dtype(dates) or pd.api.types.is_numeric_dtype(dates):
        return dates.to_numpy().astype("int64" if dates.dtype.kind == "M" else float)
    return pd.factorize(dates, sort=True)[0]


def _per_facet(value: object, facets: pd.Index, default: object, name: str) -> pd.Series:
    if isinstance(value, Mapping):
        unknown = set(value) - set(facets)
        if unknown:
            raise ValueError(f"{name} given for unknown series: {sorted(map(str, unknown))}")
        return pd.Series([value.get(f, default) for f in facets], index=facets, dtype=object)
    return pd.Series(
        [value if value is not None else default] * len(facets), index=facets, dtype=object
    )


def spc(
    data: pd.DataFrame,
    value: str = "value",
    date: str = "month",
    facet: str | None = None,
    *,
    improvement_direction: Direction | Mapping[object, Direction] = "increase",
    target: float | Mapping[object, float] | None = None,
    rebase: list[Any] | Mapping[object, list[Any]] | None = None,
    target_column: str | None = None,
    options: SpcOptions = SpcOptions(),
) -> pd.DataFrame:
    """An XmR chart of each series in a long frame (one row per point).

    Args:
        data: one row per point; points of a series in any order (sorted by ``date`` here).
            Series should have no gaps (the reference's assumption too).
        value: the column plotted.
        date: the column ordering the points (months as ``Period`` or dates).
        facet: the column naming the series; ``None`` treats the frame as one series.
        improvement_direction: ``"increase"``, ``"decrease"`` or ``"neutral"``, for every series
            or by series name.
        target: a target value, for every series or by series name; ``None`` for no target.
        rebase: dates at which a new group of points starts (a list, or by series name).
        target_column: a column of ``data`` holding a target per point (a trajectory; NaN where
            there is none), used instead of ``target``.
        options: see :class:`SpcOptions`.

    Returns:
        The input columns ``facet`` (``"series"`` when no facet was given), ``date``, ``value``
        plus ``rebase_group``, ``mean``, ``lpl``, ``upl``, ``mr_bar``, ``outside_limits``,
        ``relative_to_mean``, ``close_to_limits``, ``special_cause_type`` (the reference's
        labels, e.g. ``"7 Points Below CL"``), ``special_cause_flag``, ``point_type``,
        ``short_group_warning``, ``target`` and ``improvement_direction``.
    """
    facet_col = facet or "series"
    frame = data[[c for c in (facet, date, value, target_column) if c]].copy()
    if facet is None:
        frame[facet_col] = "series"
    # Order by series (in order of first appearance) then date, without a pandas sort.
    facet_code, facet_values = pd.factorize(frame[facet_col], sort=False)
    order = np.lexsort((_date_key(frame[date]), facet_code))
    if not (np.diff(order) == 1).all():
        frame = frame.iloc[order]
        facet_code = facet_code[order]
    frame = frame.reset_index(drop=True)
    facets = pd.Index(facet_values)
    directions = _per_facet(improvement_direction, facets, "increase", "improvement_direction")
    bad = sorted({str(d) for d in directions if d not in _DIRECTIONS})
    if bad:
        raise ValueError(f"improvement_direction {bad}: expected increase, decrease or neutral")
    targets = _per_facet(target, facets, np.nan, "target").astype(float)

    # Rebase groups: a new group at every rebase date of the series.
    if rebase is None:
        starts = np.zeros(len(frame), dtype=bool)
    elif isinstance(rebase, Mapping):
        _per_facet(rebase, facets, None, "rebase")  # checks the names
        pairs = {(f, d) for f, dates in rebase.items() for d in dates}
        starts = np.array(
            [(f, d) in pairs for f, d in zip(frame[facet_col], frame[date])], dtype=bool
        )
    else:
        starts = frame[date].isin(list(rebase)).to_numpy()
    first_of_facet = (
        np.r_[True, facet_code[1:] != facet_code[:-1]] if len(frame) else np.zeros(0, dtype=bool)
    )
    starts_so_far = np.cumsum(starts)
    facet_first_row = np.flatnonzero(first_of_facet)[np.cumsum(first_of_facet) - 1]
    rebase_group = starts_so_far - starts_so_far[facet_first_row] + starts[facet_first_row]
    group_start = first_of_facet | starts
    group_id = np.cumsum(group_start) - 1
    position = np.arange(len(frame)) - np.flatnonzero(group_start)[group_id]

    n_groups = int(group_id.max()) + 1 if len(frame) else 0
    width = int(position.max()) + 1 if len(frame) else 0
    y = np.full((n_groups, width), np.nan)
    valid = np.zeros((n_groups, width), dtype=bool)
    y[group_id, position] = frame[value].to_numpy(dtype=float)
    valid[group_id, position] = True
    valid &= ~np.isnan(y)
    result = xmr_arrays(y, valid, options)

    g, p = group_id, position
    improvement = directions.map(_DIRECTIONS).to_numpy()[facet_code].astype(int)
    special = result["special"][g, p]
    point_direction = result["direction"][g, p]
    frame["rebase_group"] = rebase_group
    for name in ("mean", "lpl", "upl", "mr_bar"):
        frame[name] = result[name][g]
    frame["outside_limits"] = result["outside"][g, p]
    frame["relative_to_mean"] = result["relative_to_mean"][g, p].astype(int)
    frame["close_to_limits"] = result["close"][g, p]
    frame["special_cause_type"] = _labels(special, point_direction, options)
    frame["special_cause_flag"] = special != _COMMON
    frame["point_type"] = _point_type(point_direction, improvement)
    frame["short_group_warning"] = result["count"][g] < options.short_group_points
    if target_column is not None:
        if target is not None:
            raise ValueError("give a target or a target column, not both")
        point_targets = frame.pop(target_column).to_numpy(dtype=float)
        frame["target"] = point_targets
    else:
        frame["target"] = targets.to_numpy()[facet_code]
    direction_names = list(_DIRECTIONS)
    frame["improvement_direction"] = pd.Categorical.from_codes(
        np.array([direction_names.index(d) for d in directions], dtype=int)[facet_code]
        if len(frame)
        else np.zeros(0, dtype=int),
        categories=pd.Index(direction_names),
    )
    return frame


def assurance_type(target: float, lpl: float, upl: float, direction: Direction) -> str | None:
    """The assurance icon for a target against the process limits (``None``: no icon)."""
    if target is None or np.isnan(target) or direction == "neutral" or np.isnan(upl):
        return None
    increasing = direction == "increase"
    if target > upl:
        return "consistent_fail" if increasing else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if increasing else "consistent_fail"
    return "inconsistent"


def variation_words(point_type: str, direction: Direction) -> str:
    """The variation icon in words, e.g. ``"Special cause variation: improvement (lower)"``."""
    words = VARIATION_WORDS[point_type]
    if point_type == "special_cause_improvement":
        words += " (higher)" if direction == "increase" else " (lower)"
    elif point_type == "special_cause_concern":
        words += " (lower)" if direction == "increase" else " (higher)"
    return words


def summarise(chart: pd.DataFrame, facet: str | None = None, date: str = "month") -> pd.DataFrame:
    """One row per series: its last group's mean and limits, and the two icons.

    Args:
        chart: the output of :func:`spc`.
        facet: the series column given to :func:`spc` (``None``: ``"series"``).
        date: the date column given to :func:`spc`.

    Returns:
        ``facet, points, mean, lpl, upl, target, improvement_direction, special_cause_points,
        variation, variation_words, assurance, assurance_words, short_group_warning``.
        ``variation`` is the last point's type (the reference's variation icon).
    """
    facet = facet or "series"
    chart = chart.reset_index(drop=True)
    facet_code, facet_values = pd.factorize(chart[facet], sort=False)
    order = np.lexsort((_date_key(chart[date]), facet_code))
    is_last = np.r_[facet_code[order][1:] != facet_code[order][:-1], True][: len(order)]
    last = chart.iloc[order[is_last]]
    out = pd.DataFrame(
        {
            facet: last[facet].to_numpy(),
            "points": np.bincount(facet_code, minlength=len(facet_values))[
                facet_code[order[is_last]]
            ],
            "special_cause_points": np.bincount(
                facet_code,
                weights=chart["special_cause_flag"].to_numpy(dtype=float),
                minlength=len(facet_values),
            ).astype(int)[facet_code[order[is_last]]],
        }
    )
    for column in (
        "mean",
        "lpl",
        "upl",
        "target",
        "improvement_direction",
        "point_type",
        "short_group_warning",
    ):
        values = last[column]
        out[column] = (
            values.astype(object).to_numpy()
            if isinstance(values.dtype, pd.CategoricalDtype)
            else values.to_numpy()
        )
    out = out.rename(columns={"point_type": "variation"})
    direction = out["improvement_direction"].to_numpy(dtype=object)
    variation = out["variation"].to_numpy(dtype=object)
    words = pd.Series(variation).map(VARIATION_WORDS).to_numpy(dtype=object)
    higher = np.where(direction == "increase", " (higher)", " (lower)")
    lower = np.where(direction == "increase", " (lower)", " (higher)")
    out["variation_words"] = np.where(
        variation == "special_cause_improvement",
        words + higher,
        np.where(variation == "special_cause_concern", words + lower, words),
    )
    target, lpl, upl = (out[c].to_numpy(dtype=float) for c in ("target", "lpl", "upl"))
    increasing = direction == "increase"
    # None: no assurance to state (a list of Any: numpy's stubs take arrays only)
    choices: list[Any] = [
        None,
        np.where(increasing, "consistent_fail", "consistent_pass"),
        np.where(increasing, "consistent_pass", "consistent_fail"),
    ]
    with np.errstate(invalid="ignore"):
        assurance = np.select(
            [
                np.isnan(target) | (direction == "neutral") | np.isnan(upl),
                target > upl,
                target < lpl,
            ],
            choices,
            "inconsistent",
        ).astype(object)
    assurance[np.isnan(target) | (direction == "neutral") | np.isnan(upl)] = None
    out["assurance"] = assurance
    out["assurance_words"] = out["assurance"].map(ASSURANCE_WORDS).fillna("No target")
    return out


ATTENTION_RULE = (
    "an indicator needs attention when its latest point is a special-cause concern "
    "or its assurance is a consistent fail or hit and miss; worst first: a concern "
    "failing its target, a concern that is hit and miss, a concern, a consistent "
    "fail, then hit and miss"
)


def needing_attention(summary: pd.DataFrame) -> pd.DataFrame:
    """The series of :func:`summarise` that need attention, worst first.

    Every series whose variation icon is a special-cause concern and every series whose
    assurance is a consistent fail or hit and miss (see :data:`ATTENTION_RULE`). Severity adds 2
    for a concern, 2 for a consistent fail and 1 for hit and miss (a concern first on a tie);
    within a severity, the series with more special-cause points first.

    Returns:
        The rows of ``summary`` that need attention, with ``severity`` (1-4) and ``reason`` (in
        words), worst first.
    """
    concern = (summary["variation"] == "special_cause_concern").to_numpy()
    assurance = summary["assurance"].to_numpy(dtype=object)
    fail = assurance == "consistent_fail"
    hit_and_miss = assurance == "inconsistent"
    out = summary.copy()
    out["severity"] = 2 * concern + 2 * fail + hit_and_miss
    reasons = []
    for c, f, h in zip(concern, fail, hit_and_miss):
        words = (
            (["special-cause concern"] if c else [])
            + (["consistently fails the target"] if f else [])
            + (["hit and miss against the target"] if h else [])
        )
        reasons.append("; ".join(words))
    out["reason"] = reasons
    out["_concern"] = concern
    out = out[out["severity"] > 0].sort_values(
        ["severity", "_concern", "special_cause_points"], ascending=False, kind="stable"
    )
    return out.drop(columns="_concern").reset_index(drop=True)
