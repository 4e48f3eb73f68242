"""Several rows per scheme gathered into one: measure rows (a Plan, an Actual and a Forecast
row under each scheme, as PMO trackers lay them out) and long extracts (one row per scheme per
month, as PMO systems and BI tools export). Either becomes the scheme table a wide tracker
gives, with its monthly plan and actuals, and the forecast from the forecast rows; never
"unlabelled adjustments" and never "appears twice".

The walk (:mod:`.rows`) picks every row that carries a scheme's key (number, or name) or, under
a measure column, a measure; :func:`regroup` then groups them by key, checks each scheme has
one plan row (one per month in a long extract), and rebuilds one row of cells per scheme with
synthetic month columns for its plan and actuals, which the rest of the reader reads as it
reads a wide tracker's.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ... import calendar
from ...errors import Problem
from ...schema import Scheme
from ..headers import month_label, norm
from ..values import amount as _money
from ..values import cell_text as _text
from ..workbook import column_letter
from .report import MEASURE, MONTH, NOTE, SCHEME

# A row's measure, by its words (first match wins: "Forecast variance" is a variance).
_MEASURE_WORDS = (
    ("variance", r"\bvar(?:iance)?\b|\bdiff(?:erence)?\b|\bgap\b"),
    ("most_likely", r"most likely|risk[\s-]?(?:adjusted|weighted|assessed)|\bweighted\b"),
    ("actual", r"\bactuals?\b|\bachieved\b|\bdelivered\b|\brealised\b|\bout-?turn to date\b"),
    ("forecast", r"\bforecast\b|\bfcst\b|\bprojected\b|\bprojection\b|\bout-?turn\b|\bfot\b"),
    ("plan", r"\bplan\b|\bplanned\b|\bbudget\b|\btarget\b|\bprofile\b|\btrajectory\b"),
)
_MEASURE_PATTERNS = tuple((kind, re.compile(p)) for kind, p in _MEASURE_WORDS)
READ_MEASURES = ("plan", "actual", "forecast", "most_likely")
_SHOWN = {"most_likely": "most likely"}

# A column of measures: most of its cells name one, and several kinds appear.
_MEASURE_SHARE = 0.9
_MIN_CELLS = 4


def measure_of(value: object) -> str | None:
    """The measure a cell names ("Plan", "Actual £000", "Forecast outturn", "Var"), or
    ``None`` when it names none (or is too long to be a label)."""
    if not isinstance(value, str):
        return None
    text = norm(value)
    if not text or len(text) > 40 or len(text.split()) > 5:
        return None
    for kind, pattern in _MEASURE_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def measure_column(sample: list, skip: set[int]) -> int | None:
    """The 0-based column naming each row's measure in the rows under the header, or
    ``None``: nearly all of its cells name a measure, a plan and at least one other kind among
    them, and the rows of the other measures carry nothing left of it, or the same as the row
    above (so a "Status" column of "Planned" / "Delivered" beside distinct schemes is not
    one)."""
    width = max((len(r) for r in sample), default=0)
    for c in range(width):
        if c in skip:
            continue
        filled = [(i, r[c]) for i, r in enumerate(sample) if c < len(r) and not _blank(r[c])]
        if len(filled) < _MIN_CELLS or not all(isinstance(v, str) for _, v in filled):
            continue
        if measure_of(filled[0][1]) is None and measure_of(filled[1][1]) is None:
            continue  # (a quick no for most columns)
        kinds = [measure_of(v) for _, v in filled]
        if sum(k is not None for k in kinds) < _MEASURE_SHARE * len(filled):
            continue
        if "plan" not in kinds or len({k for k in kinds if k}) < 2:
            continue
        others = [i for (i, _), k in zip(filled, kinds) if k != "plan"]
        follows = sum(
            1
            for i in others
            if all(_blank(v) for v in sample[i][:c])
            or (i > 0 and list(sample[i][:c]) == list(sample[i - 1][:c]))
        )
        if 2 * follows >= len(others):
            return c
    return None


def measures_under_names(sample: list, c: int) -> bool:
    """Whether column ``c`` (the scheme's name) holds measure labels under each name: a name
    on a row with no figures, then its "Plan", "Actual", "Forecast" rows with the figures (a
    plan among them, and as many measure rows as names at least)."""
    filled = [(i, r[c]) for i, r in enumerate(sample) if c < len(r) and not _blank(r[c])]
    if len(filled) < _MIN_CELLS or not all(isinstance(v, str) for _, v in filled):
        return False
    figures = [any(type(v) in (int, float) for v in r) for r in sample]
    names = [i for i, _ in filled if not figures[i]]
    measured = [measure_of(v) for i, v in filled if figures[i]]
    return (
        bool(names)
        and len(measured) >= max(2, len(names))
        and all(measured)
        and "plan" in measured
        and len(set(measured)) >= 2
    )


def month_columns(sample: list, skip: set[int]) -> list[int]:
    """0-based columns whose cells under the header are months (a go-live, or each row's
    month in a long extract; which one is settled once every row is read)."""
    width = max((len(r) for r in sample), default=0)
    found = []
    for c in range(width):
        if c in skip:
            continue
        cells = [r[c] for r in sample if c < len(r) and not _blank(r[c])]
        if len(cells) < _MIN_CELLS:
            continue
        allowed = (1 - _MEASURE_SHARE) * len(cells)  # cells that are not months, at most
        misses = 0
        for v in cells:
            if type(v) in (int, float) or month_label(v) is None:
                misses += 1
                if misses > allowed:
                    break
        else:
            found.append(c)
    return found


@dataclass
class Regrouped:
    """One row of cells per scheme, rebuilt from its rows (see :func:`regroup`)."""

    picked: list  # one tuple per scheme: the cells of ``wanted``, then of ``month_positions``
    wanted: list  # (canonical column, 0-based position)
    month_positions: list  # (position whose unit applies, measure, month)
    rows: list  # the worksheet row of each scheme (its plan row; a long extract's latest)
    kept: list  # index (in the walk's rows) of each scheme's row
    outcomes: dict  # worksheet row -> (outcome, reason) for every row read into a scheme
    problems: list
    notes: list
    dropped: set  # canonical columns whose cells were not the scheme's (a long extract's month)
    relabel: dict = field(default_factory=dict)  # column letter -> what its header was read as
    sources: dict = field(default_factory=dict)  # (measure, scheme index, month) -> row
    year: int | None = None


def _month_of(value: object, year: int | None) -> pd.Period | None:
    label = month_label(value)
    if label is None:
        return None
    kind, found = label
    if kind == "month":
        return found
    if year is None:
        return None
    return calendar.fy_start(year) + (found - 1)


def _is_annual(header: str) -> bool:
    """A money header naming a year's figure ("Annual plan", "FYE", "Plan 2024/25")."""
    text = norm(header)
    return bool(
        re.search(r"annual|full ?-?year|\bfye\b|in ?-?year|\byear\b|recurrent|\btotal\b", text)
        or re.search(r"\d{2,4} ?[/-] ?\d{2,4}|\bfy ?\d{2}", text)
    )


def regroup(
    walked_rows: list[int],
    picked: list[tuple],
    continued: set[int],
    wanted: list[tuple[str, int]],
    month_positions: list[tuple[int, str, pd.Period]],
    layout,
    measure_pos: int | None,
    month_keys: list[int],
    file: str,
    sheet: str,
    header: list = (),
) -> Regrouped | None:
    """The rows of each scheme gathered into one, or ``None`` when every scheme is one row.

    Args:
        walked_rows: worksheet row of each row picked by the walk.
        picked: the cells of each (``wanted`` then ``month_positions``).
        continued: indices of rows with no key of their own (a measure row under its scheme).
        wanted: (canonical column or ``_measure`` / ``_month@<pos>`` / ``_actual``, position).
        month_positions: the sheet's month columns (position, measure, month).
        layout: the header reading (:class:`.columns._Layout`).
        measure_pos: the measure column (0-based) or ``None``.
        month_keys: columns of months (0-based) that may be each row's month.
        file, sheet: for the problems' locations.
        header: the cells of the (last) header row, to name columns in the notes.
    """
    index = {c: k for k, (c, _) in enumerate(wanted)}
    pos = dict(wanted)
    n = len(picked)
    if not n:
        return None
    key_column = Scheme.scheme_id if Scheme.scheme_id in index else Scheme.scheme
    if key_column not in index:
        return None
    k_key = index[key_column]
    if measure_pos is None and 2 * len(set(map(operator.itemgetter(k_key), picked))) > n:
        return None  # (one C pass) keys mostly distinct: one row per scheme, no long extract
    keys: list[str | None] = []
    for i, cells in enumerate(picked):
        if i in continued:
            keys.append(keys[-1] if keys else None)
        else:
            keys.append(_text(cells[k_key]))
    groups: dict[str | None, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    measures: list[str | None] = [None] * n
    if measure_pos is not None:
        k_measure = index["_measure"]
        measures = [
            measure_of(cells[k_measure]) or ("plan" if _blank(cells[k_measure]) else "unknown")
            for cells in picked
        ]
    year = layout.year
    long_pos, months = None, [None] * n
    if len(groups) * 2 <= n:  # keys repeat: perhaps a long extract, one row per month
        for p in month_keys:
            k_month = index[f"_month@{p}"]
            seen: dict = {}
            found = [seen.setdefault(c[k_month], _month_of(c[k_month], year)) for c in picked]
            if any(m is None for m in found) or len(set(found)) < 2:
                continue
            long_pos, months = p, found
            break
    if measure_pos is None and long_pos is None:
        return None
    relabel: dict[str, str] = {}
    if measure_pos is not None:
        relabel[column_letter(measure_pos + 1)] = "each row's measure (plan, actual, forecast)"
    if year is None and long_pos is not None:
        year = Counter(calendar.fy_start_year(m) for m in months).most_common(1)[0][0]
        months = [_month_of(c[index[f"_month@{long_pos}"]], year) for c in picked]
    problems: list[Problem] = []
    notes: list[str] = []

    def where(p: int, row: int) -> str:
        return f"{column_letter(p + 1)}{row}"

    # Each scheme's rows by (measure, month); a second row of the same is an error.
    slots: dict[str | None, dict[tuple, int]] = {}
    for key, members in groups.items():
        own: dict[tuple, int] = {}
        for i in members:
            slot = (measures[i] or "plan", months[i])
            if slot in own and slot[0] in READ_MEASURES:
                row, first = walked_rows[i], walked_rows[own[slot]]
                what = _SHOWN.get(slot[0], slot[0])
                when = f" for {slot[1].strftime('%b-%y')}" if slot[1] is not None else ""
                problems.append(
                    Problem(
                        file,
                        f"scheme {key!r} has a second {what} row{when} (the first is row "
                        f"{first}): expected one row per scheme"
                        + (" and month" if long_pos is not None else "")
                        + (" and measure" if measure_pos is not None else ""),
                        sheet,
                        where(pos[key_column], row),
                    )
                )
                continue
            own[slot] = i
        slots[key] = own
    for key, own in slots.items():
        if not any(m == "plan" for m, _ in own):
            first = walked_rows[groups[key][0]]
            problems.append(
                Problem(
                    file,
                    f"scheme {key!r} has no plan row: expected a row whose measure is Plan "
                    "(or Budget, Target) for each scheme",
                    sheet,
                    where(measure_pos if measure_pos is not None else pos[key_column], first),
                )
            )
    if problems:
        return Regrouped([], wanted, month_positions, [], [], {}, problems, notes, set())

    # Where each measure's monthly figures are: a wide layout's plan month columns, or a long
    # extract's value columns (the row's measure, or one column per measure).
    dropped: set[str] = set()
    choices = layout.assignment.choices if layout.assignment is not None else {}
    headers = {c: choice.cell.shown for c, choice in choices.items()}
    value_columns: dict[str, tuple[int, int]] = {}  # measure -> (index in cells, position)
    if long_pos is not None:
        dropped |= {c for c, p in wanted if p == long_pos and not c.startswith("_")}
        relabel[column_letter(long_pos + 1)] = "each row's month (a long extract)"
        candidates = {
            "plan": (Scheme.plan_in_year, Scheme.fye_net_saving),
            "actual": ("_actual",),
            "forecast": (Scheme.forecast_in_year,),
            "most_likely": (Scheme.most_likely_in_year,),
        }
        for measure, columns in candidates.items():
            for column in columns:
                if column not in index:
                    continue
                k = index[column]
                varies = any(
                    len({_money(picked[i][k])[0] for i in members} - {np.nan}) > 1
                    for members in groups.values()
                )
                if column != "_actual" and _is_annual(headers.get(column, "")) and not varies:
                    continue  # a year's figure repeated on every row: the scheme's own
                value_columns[measure] = (k, pos[column])
                if not column.startswith("_"):
                    dropped.add(column)
                relabel[column_letter(pos[column] + 1)] = f"{_SHOWN.get(measure, measure)} month"
                break
        if measure_pos is not None:  # the row's measure says what its one value column holds
            plan_value = value_columns.get("plan")
            value_columns = {m: plan_value for m in READ_MEASURES} if plan_value else {}
        if "plan" not in value_columns:
            problems.append(
                Problem(
                    file,
                    "a long extract (one row per scheme and month) with no plan amount "
                    "column: expected a column like 'Plan £' beside the month",
                    sheet,
                    f"{column_letter(long_pos + 1)}{layout.header_last}",
                )
            )
            return Regrouped([], wanted, month_positions, [], [], {}, problems, notes, set())
    month_cols = [(k, p, month) for k, (p, m, month) in enumerate(month_positions) if m == "plan"]
    base = len(wanted)

    # Every scheme's monthly figures: (measure) -> {month: (amount, unit position, row)}.
    schemes: list[tuple[str | None, int, dict]] = []  # key, representative, figures
    outcomes: dict[int, tuple[str, str]] = {}
    annual: list[dict] = []  # per scheme: measure -> {column: (cell, row)} from other rows
    for key, own in slots.items():
        figures: dict[str, dict] = {m: {} for m in READ_MEASURES}
        extra: dict[str, dict] = {}
        for (measure, month), i in own.items():
            row = walked_rows[i]
            cells = picked[i]
            if measure not in READ_MEASURES:
                word = cells[index["_measure"]] if "_measure" in index else measure
                outcomes[row] = (
                    NOTE,
                    f"a {str(word).strip()!r} row of {key!r}: not plan, actual or forecast, "
                    "not read",
                )
                continue
            if long_pos is not None:
                if measure_pos is not None:
                    targets = [(measure, value_columns[measure])]
                else:
                    targets = list(value_columns.items())
                for m, (k, p) in targets:
                    figures[m][month] = (cells[k], p, row)
            else:
                for k, p, m in month_cols:
                    figures[measure][m] = (cells[base + k], p, row)
                if measure != "plan":
                    extra[measure] = {
                        c: (cells[index[c]], row)
                        for c in (Scheme.plan_in_year, Scheme.plan_next_year)
                        if c in index
                    }
        if long_pos is not None:
            plans = [(months[i], i) for (m, _), i in own.items() if m == "plan"]
            reported = {mo for mo, v in figures["actual"].items() if not _blank(v[0])}
            latest = max(reported) if reported else None
            chosen = [x for x in plans if latest is None or x[0] <= latest] or plans
            rep = max(chosen, key=lambda x: x[0])[1]
        else:
            rep = own[("plan", None)]
        schemes.append((key, rep, figures))
        annual.append(extra)
        for (measure, month), i in own.items():
            row = walked_rows[i]
            if row in outcomes:
                continue
            if i == rep:
                outcomes[row] = (SCHEME, "")
            elif long_pos is not None:
                outcomes[row] = (MONTH, f"{key!r}, {month.strftime('%b-%y')}")
            else:
                outcomes[row] = _measure_outcome(
                    measure, key, bool(month_cols) or long_pos is not None
                )
    schemes.sort(key=lambda s: min(groups[s[0]]))
    annual = [annual[k] for k in np.argsort([min(groups[s[0]]) for s in schemes], kind="stable")]

    parsed: dict[tuple[int, int], float] = {}

    def amount(cell, p: int, row: int) -> float:
        """A figure in the sheet's unit (NaN for blank), each bad cell said once."""
        if (p, row) not in parsed:
            value, error = _money(cell)
            if error:
                problems.append(Problem(file, error, sheet, where(p, row)))
            parsed[(p, row)] = value
        return parsed[(p, row)]

    def factor(p: int) -> float:
        return layout.units[p][1] if p in layout.units else 1.0

    # The synthetic month columns: the plan and actual months, as a tracker's.
    all_months = {m: sorted({mo for _, _, f in schemes for mo in f[m]}) for m in ("plan", "actual")}
    unit_position = {}
    for _, _, f in schemes:
        for m in ("plan", "actual"):
            for mo, (_, p, _) in f[m].items():
                unit_position.setdefault((m, mo), p)
    new_months = [
        (unit_position[(m, mo)], m, mo) for m in ("plan", "actual") for mo in all_months[m]
    ]
    kept_wanted = [(c, p) for c, p in wanted if c not in dropped]
    added: dict[str, int] = {}
    sums: list[dict] = []
    sources: dict = {}
    for s, (_, _, f) in enumerate(schemes):
        own_sums = {}
        for m in ("forecast", "most_likely"):
            if not f[m]:
                continue
            total, fell_back = 0.0, 0
            for mo in sorted(set(f[m]) | set(f["actual"])):
                cell, p, row = f[m].get(mo, (None, None, None))
                value = amount(cell, p, row) if p is not None else np.nan
                if np.isnan(value) and mo in f["actual"] and m == "forecast":
                    cell, p, row = f["actual"][mo]
                    value = amount(cell, p, row)
                    fell_back += not np.isnan(value)
                if not np.isnan(value):
                    total += value * factor(p)
            own_sums[m] = (total, fell_back)
        sums.append(own_sums)
        for m in ("plan", "actual"):
            for mo, (_, _, row) in f[m].items():
                sources[(m, s, mo)] = row
    # The annual figures the other measure rows give (a forecast row's total), or the sums.
    targets = {
        "forecast": {
            Scheme.plan_in_year: Scheme.forecast_in_year,
            Scheme.plan_next_year: Scheme.forecast_next_year,
        },
        "most_likely": {Scheme.plan_in_year: Scheme.most_likely_in_year},
    }
    fills: list[dict] = [{} for _ in schemes]
    for s, extra in enumerate(annual):
        for m, cells in extra.items():
            for source_column, (cell, row) in cells.items():
                target = targets.get(m, {}).get(source_column)
                if target is None:
                    continue
                value = amount(cell, pos[source_column], row)
                if not np.isnan(value):
                    fills[s][target] = value * factor(pos[source_column])
        for m, target in (
            ("forecast", Scheme.forecast_in_year),
            ("most_likely", Scheme.most_likely_in_year),
        ):
            if target not in fills[s] and m in sums[s]:
                fills[s][target] = sums[s][m][0]
    for target in (Scheme.forecast_in_year, Scheme.forecast_next_year, Scheme.most_likely_in_year):
        if any(target in f for f in fills) and target not in dict(kept_wanted):
            added[target] = -1  # no column of the sheet: the figure in pounds, no unit
    new_wanted = kept_wanted + list(added.items())
    new_index = {c: k for k, (c, _) in enumerate(new_wanted)}
    new_picked = []
    rows_out, kept = [], []
    for s, (_, rep, f) in enumerate(schemes):
        cells = picked[rep]
        out = [cells[index[c]] for c, _ in kept_wanted] + [None] * len(added)
        for target, value in fills[s].items():
            k = new_index[target]
            if target in added:
                out[k] = value
            elif _blank(out[k]):
                out[k] = value / factor(new_wanted[k][1])
        months_out = []
        for _, m, mo in new_months:
            cell = f[m].get(mo)
            value = np.nan if cell is None else amount(*cell)
            months_out.append(None if np.isnan(value) else value)
        new_picked.append(tuple(out) + tuple(months_out))
        rows_out.append(walked_rows[rep])
        kept.append(rep)

    n_schemes = len(schemes)
    if long_pos is not None:
        first, last = min(all_months["plan"]), max(all_months["plan"])
        notes.append(
            f"a long extract, one row per scheme and month ({n} rows, {n_schemes} schemes, "
            f"{first.strftime('%b-%y')} to {last.strftime('%b-%y')}, the month in column "
            f"{column_letter(long_pos + 1)} {header_text(header, long_pos)}): read as a "
            "monthly tracker; each "
            "scheme's details (name, ratings, owner) from its row of the latest month with an "
            "actual (the latest month when there are none)"
        )
        varied = _varied(picked, groups, kept_wanted, index)
        for column, count, example in varied:
            notes.append(
                f"{column} differs between the months of {count} scheme(s) (e.g. {example!r}): "
                "each takes its latest reported month's"
            )
    if measure_pos is not None:
        seen = Counter(_SHOWN.get(m, m) for m in measures if m is not None and m in READ_MEASURES)
        ignored = Counter(m for m in measures if m is not None and m not in READ_MEASURES)
        notes.append(
            f"schemes laid out over several rows, one per measure (column "
            f"{column_letter(measure_pos + 1)} {header_text(header, measure_pos)}: "
            + ", ".join(f"{count} {m}" for m, count in seen.items())
            + "): each scheme is its plan row, "
            + (
                "the actual rows give its monthly actuals, the forecast rows its forecast (a "
                "forecast row's own total, else the sum of its months)"
                if month_cols or long_pos is not None
                else "the forecast rows its forecast; the actual rows (an actual to date, with "
                "no months) are not part of the scheme table"
            )
            + (
                "; " + ", ".join(f"{count} {m}" for m, count in ignored.items()) + " rows not read"
                if ignored
                else ""
            )
        )
    if any(s.get("forecast", (0, 0))[1] for s in sums):
        notes.append(
            "forecast in year: the sum of the forecast months, taking the actual for a "
            "month with no forecast"
        )
    return Regrouped(
        picked=new_picked,
        wanted=new_wanted,
        month_positions=new_months,
        rows=rows_out,
        kept=kept,
        outcomes=outcomes,
        problems=problems,
        notes=notes,
        dropped=dropped,
        relabel=relabel,
        sources=sources,
        year=year,
    )


def _measure_outcome(measure: str, key, months: bool) -> tuple[str, str]:
    """What became of a scheme's actual, forecast or most-likely row: read as part of it, or
    (an actual to date with no months) a note, not read."""
    what = _SHOWN.get(measure, measure)
    if measure != "actual":
        return MEASURE, f"the {what} row of {key!r}: read as the scheme's {what}"
    if months:
        return MEASURE, f"the actual row of {key!r}: its months read as the monthly actuals"
    return NOTE, f"the actual row of {key!r}: an actual to date with no months, not read"


def _varied(picked, groups, wanted, index) -> list[tuple[str, int, str]]:
    """Scheme columns whose cells differ between a scheme's rows: (column, schemes, example)."""
    out = []
    for column, _ in wanted:
        if column.startswith("_") or column in Scheme.MONEY_COLUMNS:
            continue
        k = index[column]
        differing = [
            key
            for key, members in groups.items()
            if len({_text(picked[i][k]) for i in members} - {None}) > 1
        ]
        if differing:
            out.append((column, len(differing), differing[0]))
    return out


def month_sources(frame: pd.DataFrame, measure: str, schemes, sources: dict, prefix: str) -> None:
    """Each month of a tidy monthly frame sourced from the row it was read from (a long
    extract's month row, a scheme's actual row), in place."""
    if frame.empty:
        return
    order = {scheme_id: s for s, scheme_id in enumerate(schemes[Scheme.scheme_id])}
    frame[Scheme.source] = [
        f"{prefix}{sources[(measure, order[i], m)]}" if (measure, order[i], m) in sources else src
        for i, m, src in zip(frame[Scheme.scheme_id], frame["month"], frame[Scheme.source])
    ]


def accounted(
    choices: pd.DataFrame,
    unmapped: list[str],
    warnings: list[str],
    relabel: dict,
    header: list,
    row: int,
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The header reading, the columns not used and the warnings, with the columns the row
    layout took said as what they were read as (a measure column, a long extract's month and
    amounts) and no longer as not used."""
    if not relabel:
        return choices, unmapped, warnings
    choices = choices.copy()
    letters = choices["cell"].str.extract(r"^([A-Z]+)", expand=False)
    added = []
    for letter, what in relabel.items():
        if (letters == letter).any():
            choices.loc[letters == letter, "column"] = what
            choices.loc[letters == letter, "evidence"] += "; the layout of the rows"
            continue
        position = _position(letter)
        text = header[position] if position < len(header) else None
        added.append(
            {
                "cell": f"{letter}{row}",
                "header": str(text).strip() if not _blank(text) else "(no header)",
                "column": what,
                "score": "",
                "evidence": "the layout of the rows",
                "close_call": False,
            }
        )
    if added:
        choices = pd.concat([choices, pd.DataFrame(added)], ignore_index=True)
    unmapped = [u for u in unmapped if re.match(r"[A-Z]+", u)[0] not in relabel]
    warnings = [w for w in warnings if (re.match(r"[A-Z]+(?=\d)", w) or [""])[0] not in relabel]
    return choices, unmapped, warnings


def _position(letter: str) -> int:
    """0-based column of a column letter."""
    n = 0
    for char in letter:
        n = n * 26 + ord(char) - 64
    return n - 1


def header_text(header: list, position: int) -> str:
    """A column's header as a person would quote it, or its letter where it has none."""
    text = header[position] if position < len(header) else None
    return repr(str(text).strip()) if not _blank(text) else "(no header)"
