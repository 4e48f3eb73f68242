"""The scheme table from the cells of the scheme rows: each cell translated
(:mod:`.translate`), units applied, every bad cell collected as a located problem, then the
schema's lazy check; and a tracker's monthly plan and actuals as tidy tables."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import numpy as np
import pandas as pd

from ... import calendar
from ...errors import Problem
from ...schema import MONTHLY_PLAN_COLUMNS, Scheme, scheme_schema, schemes_certainly_valid
from ..headers import norm
from ..ratings import FILL, PERCENT, level_sense, read_rating
from ..values import MAX_MONTHS, MONEY_LIMIT_GBP
from ..values import amount as _money
from ..workbook import column_letter
from .columns import _Layout
from .efficiency import UNIDENTIFIED_ID, is_unidentified_line
from .translate import (
    _each_distinct,
    _month,
    _months,
    _number,
    _phase,
    _plain_numbers,
    _rag,
    _recurrent,
    _text,
)


def _monthly(
    raw_months, month_positions, schemes, scheme_rows, layout, file, sheet, problems
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy monthly plan (and actuals) of a tracker, money in pounds, in register order
    (scheme, then month). A blank plan month is 0; a blank actual month is left out."""
    ids = np.asarray(schemes[Scheme.scheme_id].tolist(), dtype=object)
    sources = np.asarray([f"{file}!{sheet}!{r}" for r in scheme_rows], dtype=object)
    frames = {}
    for measure, value_column in (("plan", "plan_gbp"), ("actual", "actual_gbp")):
        wanted = [(k, p, month) for k, (p, m, month) in enumerate(month_positions) if m == measure]
        amounts = np.full((len(ids), len(wanted)), np.nan)
        for j, (k, p, _) in enumerate(wanted):
            factor = layout.units[p][1] * layout.shares.get(p, 1.0)  # a quarter's month: 1/3
            for i, row in enumerate(raw_months):
                value = row[k]
                if value is None:
                    continue
                if type(value) in (int, float) and np.isfinite(value):  # the common case
                    amounts[i, j] = value * factor
                    continue
                amount, error = _money(value)
                if error:
                    problems.append(
                        Problem(file, error, sheet, f"{column_letter(p + 1)}{scheme_rows[i]}")
                    )
                else:
                    amounts[i, j] = amount * factor
        months = [month for _, _, month in wanted]
        order = np.argsort([m.ordinal for m in months], kind="stable")
        amounts = amounts[:, order]
        months = pd.PeriodIndex([months[o] for o in order], freq="M")
        if measure == "plan":
            amounts = np.nan_to_num(amounts, nan=0.0)
        keep = ~np.isnan(amounts).ravel()
        n_months = len(months)
        frames[measure] = pd.DataFrame(
            {
                Scheme.scheme_id: np.repeat(ids, n_months)[keep],
                "month": pd.PeriodIndex(np.tile(months, len(ids)), freq="M")[keep]
                if n_months
                else pd.PeriodIndex([], freq="M"),
                value_column: amounts.ravel()[keep],
                Scheme.source: np.repeat(sources, n_months)[keep],
            }
        )
    return frames["plan"].loc[:, list(MONTHLY_PLAN_COLUMNS)], frames["actual"]


def _shares(values: list) -> bool:
    """A rating column of likelihoods: every value a number 0-1 or a percentage text."""
    seen = False
    for v in values:
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)):
            if not 0 <= v <= 1:
                return False
        elif not (isinstance(v, str) and v.strip().endswith("%")):
            return False
        seen = True
    return seen


def _vocabulary(column, cells, ratings, sense, values) -> list[tuple]:
    """How a rating column's values were read: ``(column, value, rating, scale, schemes)`` for
    each distinct value (a blank cell read by its fill is ``(fill)``; one neither written nor
    painted is ``(blank)``, rated ``None``). Counted over distinct (cell, rating) pairs, so the
    work per scheme is one C-level count."""
    counts: dict[tuple, int] = {}
    for (value, rating), n in Counter(zip(cells, ratings)).items():
        if value is None or (isinstance(value, str) and not value.strip()):
            key = ("(fill)", rating, FILL) if rating is not None else ("(blank)", None, "")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            key = (f"{value:.0%}" if 0 <= value <= 1 else str(value), rating, PERCENT)
        else:
            text = str(value).strip()
            key = (text, rating, read_rating(text, sense, values)[1] or "")
        counts[key] = counts.get(key, 0) + n
    return [(column, *key, n) for key, n in counts.items()]


def _parse_schemes(
    raw,
    rag_fills,
    scheme_rows,
    pos,
    file,
    sheet,
    problems,
    factors=None,
    layout: _Layout | None = None,
    year=None,
    values: dict | None = None,
    vocabulary: list | None = None,
) -> pd.DataFrame:
    """Canonical scheme frame from raw cell values, collecting each bad cell as a problem."""
    n = len(scheme_rows)
    factors = factors or {}

    def cell(column: str, i: int) -> str:
        return f"{column_letter(pos[column] + 1)}{scheme_rows[i]}"

    def parse(column: str, parser, *extra, accept=None):
        # Parsers are pure: each distinct cell (its type and value, and the extras) is parsed
        # once (a register repeats its ratings, phases, months and flags thousands of times).
        # ``accept``: the range in which the parser reads a plain number as itself; those
        # cells are checked at once with numpy, and only the others go cell by cell.
        values = raw[column]
        out: list = [None] * len(values)
        todo = range(len(values))
        if accept is not None and values:
            numbers = _plain_numbers(values)
            with np.errstate(invalid="ignore"):
                done = accept(numbers)  # (NaN: never)
            out = numbers.tolist()
            todo = np.flatnonzero(~done).tolist()
        cells = list(zip(values, *extra))
        if not isinstance(todo, range):
            cells = [cells[i] for i in todo]
        for i, (parsed, error) in zip(todo, _each_distinct(parser, cells)):
            if error:
                problems.append(Problem(file, error, sheet, cell(column, i)))
            out[i] = parsed
        return out

    frame: dict[str, object] = {}
    for column in (
        Scheme.scheme_id,
        Scheme.file_ref,
        Scheme.theme,
        Scheme.scheme,
        Scheme.owner,
        Scheme.commentary,
    ):
        # (text, the commonest cell, is stripped in line: _text's own call costs more)
        frame[column] = (
            [(v.strip() or None) if type(v) is str else _text(v) for v in raw[column]]
            if column in raw
            else [None] * n
        )
    if Scheme.scheme_id not in raw:
        frame[Scheme.scheme_id] = [str(i + 1) for i in range(n)]
    # the plan's unidentified line ("Unidentified CIP"): numbered and named by what it states
    unidentified = [
        is_unidentified_line(i, s) for i, s in zip(frame[Scheme.scheme_id], frame[Scheme.scheme])
    ]
    for i in np.flatnonzero(unidentified).tolist():
        said = frame[Scheme.scheme][i] or frame[Scheme.scheme_id][i]
        frame[Scheme.scheme][i] = said
        if frame[Scheme.scheme_id][i] is None or frame[Scheme.scheme_id][i] == said:
            frame[Scheme.scheme_id][i] = (
                UNIDENTIFIED_ID if unidentified.count(True) == 1 else (f"{UNIDENTIFIED_ID}-{i + 1}")
            )
    for column in (Scheme.scheme_id, Scheme.scheme):
        if column in raw:
            for i, value in enumerate(frame[column]):
                if value is None:
                    what = "scheme number" if column == Scheme.scheme_id else "scheme name"
                    problems.append(
                        Problem(file, f"no {what} on a scheme row", sheet, cell(column, i))
                    )
    frame[Scheme.phase] = (
        parse(Scheme.phase, _phase, accept=lambda x: np.isin(x, (1, 2, 3, 4)))
        if Scheme.phase in raw
        else [np.nan] * n
    )
    year = year or calendar.common_fy(raw.get(Scheme.go_live, ()))  # two-digit years' window
    frame[Scheme.go_live] = (
        parse(
            Scheme.go_live,
            lambda v, y, u: (None, None) if u and v in (None, "") else _month(v, y),
            [year] * n,
            unidentified,
        )
        if Scheme.go_live in raw
        else [None] * n
    )  # (an unidentified line's blank go-live is April of the year: load.py)
    frame[Scheme.months_in_year] = (
        parse(Scheme.months_in_year, _months, accept=lambda x: (x >= 0) & (x <= 12))
        if Scheme.months_in_year in raw
        else [np.nan] * n
    )
    for column in Scheme.MONEY_COLUMNS:
        if column in raw:
            factor = factors.get(column, 1.0)
            frame[column] = [
                v * factor
                for v in parse(column, _money, accept=lambda x: np.abs(x) <= MONEY_LIMIT_GBP)
            ]
        else:
            frame[column] = [np.nan] * n
    if Scheme.fye_net_saving in raw:
        fye = np.asarray(frame[Scheme.fye_net_saving], dtype=float)
        for i in np.flatnonzero(np.isnan(fye)).tolist():
            if raw[Scheme.fye_net_saving][i] is None and not unidentified[i]:
                problems.append(
                    Problem(
                        file,
                        "no full-year effect (FYE): expected an amount in £",
                        sheet,
                        cell(Scheme.fye_net_saving, i),
                    )
                )
    for column in Scheme.RAG_COLUMNS:
        if column not in raw:
            frame[column] = [None] * n
            continue
        choice = (
            layout.assignment.choices.get(column)
            if layout is not None and layout.assignment is not None
            else None
        )
        sense = level_sense(choice.cell.shown) if choice is not None else None
        shares = _shares(raw[column])
        frame[column] = parse(
            column,
            lambda v, f, s=sense, sh=shares: _rag(v, f, s, values, sh),
            rag_fills[column],
        )
        if vocabulary is not None:
            vocabulary.extend(_vocabulary(column, raw[column], frame[column], sense, values))
    frame[Scheme.change_in_delivery_months] = (
        parse(
            Scheme.change_in_delivery_months,
            lambda v: _number(v, "months gained (+) or lost (-)", blank=0.0),
            accept=lambda x: np.abs(x) <= MAX_MONTHS,
        )
        if Scheme.change_in_delivery_months in raw
        else [0.0] * n
    )
    if Scheme.recurrent in raw:
        header = ""
        if layout is not None and layout.assignment is not None:
            choice = layout.assignment.choices.get(Scheme.recurrent)
            header = norm(choice.cell.shown) if choice else ""
        negated = bool(re.search(r"non-? ?recurr|one-?off", header)) and not re.search(
            r"\brecurrent ?/|\br ?/ ?nr\b|/ ?non", header
        )
        frame[Scheme.recurrent] = parse(Scheme.recurrent, lambda v: _recurrent(v, negated))
    else:  # no column: blank (the model counts a blank as recurrent), so not "stated"
        frame[Scheme.recurrent] = [None] * n
    # "Non-recurrent" marks a one-off saving when it qualifies the scheme itself: anywhere in
    # its type (theme), but in its name only as a label (in brackets, at the end, or before a
    # colon or dash at the start), so "Non-recurrent grants review" (a review of grants,
    # whose saving recurs) stays recurrent while "Estates disposal (non-recurrent)" does not.
    words = r"(?:non[\s-]?recurr\w*|one[\s-]?off|nr)"
    in_type = re.compile(rf"\b{words}\b", re.IGNORECASE)
    in_name = re.compile(
        rf"[(\[]\s*{words}\s*[)\]]|[-–:,]\s*{words}\s*$|^\s*{words}\s*[-–:]", re.IGNORECASE
    )

    def marked(text, pattern) -> bool:  # (every form of the words has "non", "one" or "nr")
        if not isinstance(text, str):
            return False
        lower = text.lower()
        return (
            "n" in lower
            and ("non" in lower or "one" in lower or "nr" in lower)
            and pattern.search(text) is not None
        )

    kinds = frame[Scheme.theme] if Scheme.theme in frame else [None] * n
    type_marked = dict(zip(set(kinds), (marked(k, in_type) for k in set(kinds))))
    for i, (name, kind) in enumerate(zip(frame[Scheme.scheme], kinds)):
        if type_marked[kind] or marked(name, in_name):
            frame[Scheme.recurrent][i] = False
    frame[Scheme.source] = [f"{file}!{sheet}!{r}" for r in scheme_rows]

    if Scheme.scheme_id in raw:
        first_seen: dict[str, int] = {}
        for i, scheme_id in enumerate(frame[Scheme.scheme_id]):
            if scheme_id is None:
                continue
            if scheme_id in first_seen:
                problems.append(
                    Problem(
                        file,
                        f"scheme number {scheme_id!r} appears twice (first at "
                        f"{cell(Scheme.scheme_id, first_seen[scheme_id])}): expected each once",
                        sheet,
                        cell(Scheme.scheme_id, i),
                    )
                )
            else:
                first_seen[scheme_id] = i

    text = lambda column: pd.Series(frame[column], dtype="object")  # noqa: E731
    schemes = pd.DataFrame(
        {
            Scheme.scheme_id: text(Scheme.scheme_id),
            Scheme.file_ref: text(Scheme.file_ref),
            Scheme.theme: text(Scheme.theme),
            Scheme.scheme: text(Scheme.scheme),
            Scheme.phase: pd.array(frame[Scheme.phase], dtype="Float64").astype("Int64")
            if n
            else pd.array([], dtype="Int64"),
            Scheme.go_live: pd.PeriodIndex(
                [m if m is not None else pd.NaT for m in frame[Scheme.go_live]], freq="M"
            ),
            Scheme.months_in_year: np.asarray(frame[Scheme.months_in_year], dtype=float),
            **{
                c: np.asarray(frame[c], dtype=float)
                for c in (
                    Scheme.gross_opportunity,
                    Scheme.fye_net_saving,
                    Scheme.plan_in_year,
                    Scheme.plan_next_year,
                )
            },
            **{c: text(c) for c in Scheme.RAG_COLUMNS},
            Scheme.most_likely_in_year: np.asarray(frame[Scheme.most_likely_in_year], dtype=float),
            Scheme.change_in_delivery_months: np.asarray(
                frame[Scheme.change_in_delivery_months], dtype=float
            ),
            Scheme.forecast_in_year: np.asarray(frame[Scheme.forecast_in_year], dtype=float),
            Scheme.forecast_next_year: np.asarray(frame[Scheme.forecast_next_year], dtype=float),
            Scheme.recurrent: pd.array(
                [v if v is not None else pd.NA for v in frame[Scheme.recurrent]], dtype="boolean"
            ),
            Scheme.owner: text(Scheme.owner),
            Scheme.commentary: text(Scheme.commentary),
            Scheme.source: text(Scheme.source),
        },
        columns=list(Scheme.COLUMNS),
    )
    return schemes


@cache
def _text_columns() -> tuple[str, ...]:
    """The columns :func:`scheme_schema` types ``str``."""
    from pandera.engines.pandas_engine import Engine

    text = Engine.dtype(str)
    return tuple(c for c, column in scheme_schema().columns.items() if column.dtype == text)


@cache
def _schema_with_text_checked(checked: frozenset) -> object:
    """:func:`scheme_schema` less the type check of the text columns in ``checked``."""
    if not checked:
        return scheme_schema()
    return scheme_schema().update_columns({c: {"dtype": None} for c in checked})


def _schema_problems(schemes, scheme_rows, pos, file, sheet) -> list[Problem]:
    """The schema's lazy check, each failure turned into a located problem.

    pandera checks a ``str`` column of Python objects value by value (``isinstance`` mapped
    over the column: the check's largest cost). A text column whose values are all ``str`` or
    missing, by one C pass (``infer_dtype``), passes that check for certain, so it is not
    asked again; any other column keeps pandera's check and its failure cases.

    A table that passes :func:`~commissioning_analytics.schema.schemes_certainly_valid` (the
    cheap checks of every rule, vectorised) is not given to pandera at all: its result would
    be "no failures", and ``schemes`` need not import it."""
    if schemes_certainly_valid(schemes):
        return []
    import pandera.errors  # (lazy: only a table the cheap checks are not sure of)

    checked = frozenset(
        c
        for c in _text_columns()
        if c in schemes
        and schemes[c].dtype == object
        and len(schemes)
        and pd.api.types.infer_dtype(schemes[c], skipna=True) in ("string", "empty")
    )
    try:
        _schema_with_text_checked(checked).validate(schemes, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.itertuples():
            column, index = case.column, case.index
            where = None
            if column in pos and index is not None and not pd.isna(index):
                where = f"{column_letter(pos[column] + 1)}{scheme_rows[int(index)]}"
            problems.append(
                Problem(file, f"{column}: {case.failure_case!r} fails {case.check}", sheet, where)
            )
        return problems
    return []


def schemes_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """The scheme table as the CSV carries it: go-live as ``YYYY-MM``, columns in order."""
    out = frame.loc[:, list(Scheme.COLUMNS)].copy()
    out[Scheme.go_live] = out[Scheme.go_live].dt.strftime("%Y-%m")
    return out
