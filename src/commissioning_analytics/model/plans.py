"""Project plans as of a reporting date, plan versions compared, and plans driving savings.

Pure functions on the tasks table (see :mod:`commissioning_analytics.io.plans`) and the
canonical scheme register; vectorised with numpy, no per-row loops over tasks.

Status as of a reporting date ``d`` (first rule that applies):

=================  =========================================================================
``complete``       the plan says complete / done / agreed
``ongoing``        the plan says ongoing
``undated``        no end date
``overdue``        ended before ``d``
``due this month`` ends on or after ``d`` in the same calendar month
``in progress``    started on or before ``d``
``not started``    starts after ``d`` (or has no start and is due after this month)
=================  =========================================================================

A Gantt bar that ended before the reporting date with no "complete" in the plan counts as
overdue: a plan that does not say a task is done has not told anyone it is.

Change in delivery, in months, is the register's go-live month less the month the plan now
forecasts service to commence: a service forecast to start two months after the register's
go-live is ``-2`` (two months of saving lost), as the register's ``change_in_delivery_months`` (docs/methods.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np
import pandas as pd

from .. import calendar
from ..schema import Scheme, Task
from .phasing import FORECAST, WeightSet, phase

COMPLETE, IN_PROGRESS, NOT_STARTED = "complete", "in progress", "not started"
DUE_THIS_MONTH, OVERDUE, ONGOING, UNDATED = "due this month", "overdue", "ongoing", "undated"
STATUSES = (OVERDUE, DUE_THIS_MONTH, IN_PROGRESS, NOT_STARTED, ONGOING, UNDATED, COMPLETE)

_DONE_STATES = ("complete", "agreed")
_STARTED_STATES = ("in progress", "ongoing", "started")
COMMENCEMENT = re.compile(
    r"commence\w*\s+(?:of\s+)?(?:the\s+)?(?:new\s+)?service|service\s+(?:commence|start|go[- ]?live|"
    r"launch)|go[- ]?live|service\s+live",
    re.I,
)
"""Task names that mark a scheme's service commencement."""

NAME_MATCH_THRESHOLD = 0.85
"""Similarity (0-1, difflib ratio of normalised names) above which a task's section or name is
a confident match for a scheme name."""


def _as_timestamp(as_of: dt.date | str | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(as_of).normalize()


def _states(tasks: pd.DataFrame) -> pd.Series:
    if "state" not in tasks:
        return pd.Series("", index=tasks.index)
    # normalise each distinct state once, not each row (a plan has a handful of them)
    codes, uniques = pd.factorize(tasks["state"], use_na_sentinel=True)
    words = np.array([str(u).lower().strip() for u in uniques] + [""], dtype=object)
    return pd.Series(words[codes], index=tasks.index)


def task_status(tasks: pd.DataFrame, as_of: dt.date | str | pd.Timestamp) -> pd.Series:
    """Each task's status as of a reporting date (see the module docstring for the rules).

    Args:
        tasks: the tasks table (``start``, ``end``, optional ``state``).
        as_of: the reporting date.

    Returns:
        A string Series aligned with ``tasks``, values from :data:`STATUSES`.
    """
    d = _as_timestamp(as_of)
    state = _states(tasks)
    start = pd.to_datetime(tasks[Task.start])
    end = pd.to_datetime(tasks[Task.end])
    month_end = d + pd.offsets.MonthEnd(0)
    conditions = [
        state.isin(_DONE_STATES).to_numpy(),
        (state == ONGOING).to_numpy(),
        end.isna().to_numpy(),
        (end < d).to_numpy(),
        (end <= month_end).to_numpy(),
        (start <= d).fillna(False).to_numpy(dtype=bool) | (state == IN_PROGRESS).to_numpy(),
    ]
    choices = [COMPLETE, ONGOING, UNDATED, OVERDUE, DUE_THIS_MONTH, IN_PROGRESS]
    return pd.Series(
        np.select(conditions, choices, default=NOT_STARTED), index=tasks.index, name=Task.status
    )


def with_status(tasks: pd.DataFrame, as_of: dt.date | str | pd.Timestamp) -> pd.DataFrame:
    """A copy of ``tasks`` with ``status`` read as of ``as_of``."""
    out = tasks.copy()
    out[Task.status] = task_status(out, as_of)
    return out


def milestone_rag(tasks: pd.DataFrame, as_of: dt.date | str | pd.Timestamp) -> pd.Series:
    """RAG per milestone as of a reporting date: ``red`` overdue (due before the date and not
    complete), ``amber`` due within a month of it unless started, otherwise ``green``;
    complete milestones are ``green``; undated ones ``amber`` (nobody can say they are on
    track)."""
    d = _as_timestamp(as_of)
    state = _states(tasks)
    end = pd.to_datetime(tasks[Task.end])
    start = pd.to_datetime(tasks[Task.start])
    done = state.isin(_DONE_STATES).to_numpy()
    started = (state.isin(_STARTED_STATES) | (start <= d).fillna(False)).to_numpy(dtype=bool)
    within_month = (end <= d + pd.DateOffset(months=1)).to_numpy(dtype=bool)
    rag = np.select(
        [done, end.isna().to_numpy(), (end < d).to_numpy(dtype=bool), within_month & ~started],
        ["green", "amber", "red", "amber"],
        default="green",
    )
    return pd.Series(rag, index=tasks.index, name="rag")


def milestones_as_of(tasks: pd.DataFrame, as_of: dt.date | str | pd.Timestamp) -> pd.DataFrame:
    """The milestones of ``tasks`` (shape ``"milestones"``) with ``status`` and ``rag``."""
    milestones = tasks[tasks["shape"] == "milestones"] if "shape" in tasks else tasks
    out = with_status(milestones, as_of)
    out["rag"] = milestone_rag(out, as_of)
    return out


def actions_due(
    tasks: pd.DataFrame, as_of: dt.date | str | pd.Timestamp, *, within_days: int = 31
) -> pd.DataFrame:
    """Tasks overdue or due within ``within_days`` of the reporting date, most overdue first,
    with ``days_to_due`` (negative = days overdue)."""
    out = with_status(tasks, as_of)
    d = _as_timestamp(as_of)
    end = pd.to_datetime(out[Task.end])
    out["days_to_due"] = (end - d).dt.days
    keep = out[Task.status].isin([OVERDUE, DUE_THIS_MONTH]) | (
        (out["days_to_due"] >= 0)
        & (out["days_to_due"] <= within_days)
        & ~out[Task.status].isin([COMPLETE])
    )
    return out[keep].sort_values(["days_to_due", Task.task_id]).reset_index(drop=True)


def status_counts(
    tasks: pd.DataFrame, as_of: dt.date | str | pd.Timestamp, by: str = Task.section
) -> pd.DataFrame:
    """Tasks per status by workstream (``section``) or ``lead``: one row per group, one column
    per status (in :data:`STATUSES` order), plus ``total``."""
    out = with_status(tasks, as_of)
    groups = out[by].fillna("(none)")
    table = pd.crosstab(groups, out[Task.status]).reindex(columns=list(STATUSES), fill_value=0)
    table["total"] = table.sum(axis=1)
    table.columns.name = None
    return table


def _normalise(text: pd.Series) -> pd.Series:
    return (
        text.fillna("")
        .astype(str)
        .str.lower()
        .str.replace(r"[^a-z0-9]+", " ", regex=True)
        .str.strip()
    )


def compare_versions(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """What changed between two versions of a plan.

    Tasks are matched on their section and name (case, spacing and punctuation ignored); a name
    found once in each version matches even if its section moved.

    Returns:
        One row per task in either version: ``section, task, lead, old_start, old_end,
        new_start, new_end, change`` (``added``, ``removed``, ``slipped``, ``brought forward``,
        ``unchanged``) and ``days`` (new end - old end: positive = slipped by that many days,
        negative = brought forward). Sorted by days slipped, most first.
    """

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out["_name"] = _normalise(out[Task.task])
        out["_key"] = _normalise(out[Task.section]) + "|" + out["_name"]
        out["_n"] = out.groupby("_key").cumcount()
        return out

    a, b = keyed(old), keyed(new)
    cols = ["_key", "_n", "_name", Task.section, Task.task, Task.lead, Task.start, Task.end]
    merged = a[cols].merge(
        b[cols], on=["_key", "_n"], how="outer", suffixes=("_old", "_new"), indicator=True
    )
    # second chance: a task whose section changed, its name unique among the unmatched
    left = merged["_merge"].eq("left_only")
    right = merged["_merge"].eq("right_only")
    lone_old = merged.loc[left, "_name_old"]
    lone_new = merged.loc[right, "_name_new"]
    once_old = lone_old[~lone_old.duplicated(keep=False)]
    once_new = lone_new[~lone_new.duplicated(keep=False)]
    shared = set(once_old) & set(once_new)
    if shared:
        new_rows = {name: i for i, name in once_new.items() if name in shared}
        drop = []
        for i, name in once_old.items():
            if name in shared:
                j = new_rows[name]
                for column in [c for c in merged.columns if c.endswith("_new")]:
                    value: Any = merged.at[j, column]  # a cell of any column's type
                    merged.at[i, column] = value
                merged.at[i, "_merge"] = "both"
                drop.append(j)
        merged = merged.drop(index=drop)
    old_end, new_end = (
        pd.to_datetime(merged[f"{Task.end}_old"]),
        pd.to_datetime(merged[f"{Task.end}_new"]),
    )
    days = (new_end - old_end).dt.days
    change = np.select(
        [
            merged["_merge"].eq("right_only").to_numpy(),
            merged["_merge"].eq("left_only").to_numpy(),
            (days > 0).to_numpy(dtype=bool),
            (days < 0).to_numpy(dtype=bool),
        ],
        ["added", "removed", "slipped", "brought forward"],
        default="unchanged",
    )
    result = pd.DataFrame(
        {
            Task.section: merged[f"{Task.section}_new"].combine_first(
                merged[f"{Task.section}_old"]
            ),
            Task.task: merged[f"{Task.task}_new"].combine_first(merged[f"{Task.task}_old"]),
            Task.lead: merged[f"{Task.lead}_new"].combine_first(merged[f"{Task.lead}_old"]),
            "old_start": pd.to_datetime(merged[f"{Task.start}_old"]),
            "old_end": old_end,
            "new_start": pd.to_datetime(merged[f"{Task.start}_new"]),
            "new_end": new_end,
            "change": change,
            "days": days.astype("Int64"),
        }
    )
    order = result["days"].astype("float").fillna(0) * -1
    return (
        result.assign(_o=order)
        .sort_values(["_o", Task.task])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "
_CODES = np.full(128, -1, dtype=np.int64)
_CODES[[ord(c) for c in _ALPHABET]] = np.arange(len(_ALPHABET))


def _char_counts(texts: list[str]) -> np.ndarray:
    """Character counts of normalised texts (``[a-z0-9 ]`` only), one row each."""
    width = len(_ALPHABET)
    if not texts:
        return np.zeros((0, width), dtype=np.int32)
    joined = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8)
    rows = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
    codes = _CODES[joined]
    ok = codes >= 0
    flat = np.bincount(rows[ok] * width + codes[ok], minlength=len(texts) * width)
    return flat.reshape(len(texts), width).astype(np.int32)


class SchemeNameIndex:
    """The register's scheme names, normalised once, for linking tasks by name quickly.

    Matching a text against every name with difflib is O(names) slow ratios per text. The
    index keeps each name's character counts, so one vectorised step bounds every ratio from
    above (difflib's ``quick_ratio``: 2 x shared characters / total length), and the exact
    ratio is computed only for names whose bound could reach the margin that decides a match.
    The answer is the same as comparing with every name (tests check it).
    """

    def __init__(self, register: pd.DataFrame):
        self.names = _normalise(register[Scheme.scheme]).tolist()
        self.ids = register[Scheme.scheme_id].astype(str).tolist()
        lengths = np.array([len(n) for n in self.names], dtype=np.int64)
        self.by_length = np.argsort(lengths, kind="stable")  # names in order of length
        self.sorted_lengths = lengths[self.by_length]
        self.counts = _char_counts([self.names[k] for k in self.by_length])

    def best(self, text: str) -> tuple[str | None, float]:
        """The scheme a text names, if one is a clear match: ``(scheme_id, ratio)`` when its
        ratio is the best and beats every other by 0.1, else ``(None, 0.0)`` (as
        :func:`link_tasks_to_schemes` has always decided)."""
        if not self.names:
            return None, 0.0
        # A name only matters when it could score >= 0.75: below that it neither makes a
        # match (>= 0.85) nor comes within 0.1 of one. Two bounds of the ratio, cheapest
        # first: 2 x the shorter length / both lengths (names of a length from 0.6 to 1/0.6
        # of the text's), then 2 x the characters shared / both lengths.
        n = len(text)
        low = np.searchsorted(self.sorted_lengths, 0.6 * n - 1e-9, side="left")
        high = np.searchsorted(self.sorted_lengths, n / 0.6 + 1e-9, side="right")
        vector = _char_counts([text])[0]
        shared = np.minimum(self.counts[low:high], vector).sum(axis=1)
        bound = 2.0 * shared / np.maximum(self.sorted_lengths[low:high] + n, 1)
        keep = np.sort(self.by_length[low:high][bound >= 0.75 - 1e-9])  # register order
        if keep.size == 0:
            return None, 0.0
        scores = np.array([_similarity(text, self.names[k]) for k in keep])
        order = np.argsort(-scores, kind="stable")  # equal scores: register order
        top = float(scores[order[0]])
        if top < NAME_MATCH_THRESHOLD:
            return None, 0.0
        # the runner-up among the kept names; any name left out scores < 0.75, so it is
        # at least 0.1 below a match
        second = float(scores[order[1]]) if keep.size > 1 else 0.0
        if len(self.names) > 1 and top - second < 0.1:
            return None, 0.0
        return self.ids[keep[order[0]]], top


def link_tasks_to_schemes(
    tasks: pd.DataFrame, register: pd.DataFrame, index: SchemeNameIndex | None = None
) -> pd.DataFrame:
    """Which scheme each task belongs to.

    A task's ``file_ref`` equal to a scheme's ``file_ref`` (case and spacing ignored) links it
    (``link = "file_ref"``). A task with no file ref whose section, plan or name matches a
    scheme name with similarity >= :data:`NAME_MATCH_THRESHOLD`, and better than any other
    scheme by 0.1, links as ``"name match"`` (reported as such, with its ``score``).

    Args:
        tasks: the tasks table.
        register: the canonical register.
        index: the register's :class:`SchemeNameIndex`, when the caller keeps one (built
            here otherwise).

    Returns:
        ``task_id, scheme_id, link, score`` for linked tasks only.
    """

    def norm(series: pd.Series) -> pd.Series:
        text = series.astype(object).fillna("").astype(str)
        return text.str.upper().str.replace(r"\s+", "", regex=True)

    refs = pd.DataFrame(
        {
            Scheme.scheme_id: register[Scheme.scheme_id].astype(str),
            "_ref": norm(register[Scheme.file_ref]),
        }
    )
    refs = refs[refs["_ref"] != ""].drop_duplicates("_ref")
    file_ref = tasks["file_ref"] if "file_ref" in tasks else pd.Series(None, index=tasks.index)
    by_ref = pd.DataFrame({Task.task_id: tasks[Task.task_id], "_ref": norm(file_ref)}).merge(
        refs, on="_ref", how="inner"
    )
    by_ref = by_ref.assign(link="file_ref", score=1.0)[
        [Task.task_id, Scheme.scheme_id, "link", "score"]
    ]
    unlinked = tasks[~tasks[Task.task_id].isin(by_ref[Task.task_id])]
    matches = []
    if len(register) and len(unlinked):
        index = index if index is not None else SchemeNameIndex(register)
        candidates: dict[str, tuple[str | None, float]] = {}
        for column in (Task.section, "plan", Task.task):
            if column not in unlinked:
                continue
            texts = _normalise(unlinked[column])
            for task_id, text in zip(unlinked[Task.task_id], texts):
                if not text:
                    continue
                if text not in candidates:
                    candidates[text] = index.best(text)
                scheme_id, score = candidates[text]
                if scheme_id is not None and score >= NAME_MATCH_THRESHOLD:
                    matches.append((task_id, scheme_id, "name match", round(score, 3)))
    by_name = pd.DataFrame(
        matches, columns=[Task.task_id, Scheme.scheme_id, "link", "score"]
    ).drop_duplicates(Task.task_id)
    return pd.concat([by_ref, by_name], ignore_index=True)


def commencement_changes(
    tasks: pd.DataFrame, register: pd.DataFrame, index: SchemeNameIndex | None = None
) -> pd.DataFrame:
    """Change in delivery per scheme from its plan's "commencement of service" task.

    Args:
        tasks: the tasks table (every plan; link by ``file_ref`` or a confident name match).
        register: the canonical scheme register (``scheme_id``, ``file_ref``, ``scheme``,
            ``go_live`` as ``Period[M]``).

    Returns:
        One row per scheme with a dated commencement task: ``scheme_id, scheme, task_id, task,
        link, go_live`` (register, Period[M]), ``forecast_end`` (the task's end date),
        ``forecast_go_live`` (its month) and ``change_in_delivery_months`` = go-live month -
        forecast month (negative when the plan has slipped: months of saving lost). Where a
        scheme has several commencement tasks the latest end is taken.

    ``index``: the register's :class:`SchemeNameIndex`, when the caller keeps one.
    """
    links = link_tasks_to_schemes(tasks, register, index=index)
    columns = [
        Scheme.scheme_id,
        Scheme.scheme,
        Task.task_id,
        Task.task,
        "link",
        Scheme.go_live,
        "forecast_end",
        "forecast_go_live",
        Scheme.change_in_delivery_months,
    ]
    start_tasks = tasks[
        tasks[Task.task].fillna("").str.contains(COMMENCEMENT) & tasks[Task.end].notna()
    ]
    joined = start_tasks[[Task.task_id, Task.task, Task.end]].merge(links, on=Task.task_id)
    if joined.empty:
        return pd.DataFrame(columns=columns)
    joined = joined.sort_values(Task.end).drop_duplicates(Scheme.scheme_id, keep="last")
    joined = joined.merge(
        register[[Scheme.scheme_id, Scheme.scheme, Scheme.go_live]].astype({Scheme.scheme_id: str}),
        on=Scheme.scheme_id,
    )
    forecast = pd.PeriodIndex(pd.to_datetime(joined[Task.end]), freq="M")
    go_live = pd.PeriodIndex(joined[Scheme.go_live], freq="M")
    joined["forecast_end"] = pd.to_datetime(joined[Task.end])
    joined["forecast_go_live"] = forecast
    joined[Scheme.change_in_delivery_months] = (go_live.asi8 - forecast.asi8).astype(float)
    return (
        joined[columns]
        .sort_values([Scheme.change_in_delivery_months, Scheme.scheme_id])
        .reset_index(drop=True)
    )


def plan_driven_register(register: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """The register with ``change_in_delivery_months`` replaced by the plans' for every scheme
    a plan dates (others keep the director's figure); ready for
    ``phasing.phase(..., FORECAST)``."""
    out = register.copy()
    by_scheme = changes.set_index(Scheme.scheme_id)[Scheme.change_in_delivery_months]
    planned = out[Scheme.scheme_id].astype(str).map(by_scheme)
    out[Scheme.change_in_delivery_months] = (
        planned.combine_first(out[Scheme.change_in_delivery_months].astype(float))
        .fillna(0.0)
        .astype(float)
    )
    return out


def savings_at_risk(
    register: pd.DataFrame,
    changes: pd.DataFrame,
    year: int,
    *,
    weights: str | dict[str, float] | WeightSet = "board",
) -> pd.DataFrame:
    """In-year savings lost (or gained) when plans, not the register, say when services start.

    Args:
        register: canonical scheme register.
        changes: :func:`commencement_changes`.
        year: the register's financial year (starting calendar year, e.g. 2026 for 2026/27).
        weights: risk weight set for the forecast basis.

    Returns:
        One row per scheme with a plan: ``scheme_id, scheme, change_in_delivery_months``
        (register), ``plan_change_months`` (from the plan), ``forecast_in_year`` (register
        basis, £), ``plan_forecast_in_year`` (£) and ``at_risk_gbp`` = register forecast -
        plan-driven forecast (positive = savings at risk). Largest risk first.
    """
    columns = [
        Scheme.scheme_id,
        Scheme.scheme,
        Scheme.change_in_delivery_months,
        "plan_change_months",
        Scheme.forecast_in_year,
        "plan_forecast_in_year",
        "at_risk_gbp",
    ]
    if changes.empty:
        return pd.DataFrame(columns=columns)
    base = register.copy()
    base[Scheme.change_in_delivery_months] = (
        base[Scheme.change_in_delivery_months].astype(float).fillna(0.0)
    )
    driven = plan_driven_register(base, changes)
    stated = phase(base, year, FORECAST, weights=weights).in_year
    planned = phase(driven, year, FORECAST, weights=weights).in_year
    out = pd.DataFrame(
        {
            Scheme.scheme_id: base[Scheme.scheme_id].astype(str).to_numpy(),
            Scheme.scheme: base[Scheme.scheme].to_numpy(),
            Scheme.change_in_delivery_months: base[Scheme.change_in_delivery_months].to_numpy(),
            "plan_change_months": driven[Scheme.change_in_delivery_months].to_numpy(),
            Scheme.forecast_in_year: stated,
            "plan_forecast_in_year": planned,
        }
    )
    out["at_risk_gbp"] = out[Scheme.forecast_in_year] - out["plan_forecast_in_year"]
    out = out[out[Scheme.scheme_id].isin(changes[Scheme.scheme_id].astype(str))]
    return out.sort_values("at_risk_gbp", ascending=False)[columns].reset_index(drop=True)


@dataclass(frozen=True)
class AtRisk:
    """The one figure of savings at risk from plans, and how it splits, for every page.

    Attributes:
        net_gbp: the sum of ``at_risk_gbp`` over schemes (what the bars add up to): £ of the
            in-year forecast lost if services start when the plans say (negative = gained).
        lost_gbp: the sum over schemes whose plan is later than the register (> 0).
        gained_gbp: the sum over schemes whose plan is earlier, as a positive amount.
        schemes_late, schemes_early: how many schemes each.
    """

    net_gbp: float
    lost_gbp: float
    gained_gbp: float
    schemes_late: int
    schemes_early: int


def at_risk_total(at_risk: pd.DataFrame) -> AtRisk:
    """:class:`AtRisk` of a :func:`savings_at_risk` table."""
    values = at_risk["at_risk_gbp"].astype(float) if len(at_risk) else pd.Series(dtype=float)
    late, early = values[values > 0], values[values < 0]
    return AtRisk(
        net_gbp=float(values.sum()),
        lost_gbp=float(late.sum()),
        gained_gbp=float(-early.sum()),
        schemes_late=int(len(late)),
        schemes_early=int(len(early)),
    )


def reporting_date(period: str) -> dt.date:
    """The as-of date of a reporting month ``YYYY-MM``: its last day."""
    return calendar.month_end(pd.Period(period, freq="M"))
