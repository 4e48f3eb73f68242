"""The efficiency-plan columns of a register (stage, category, cash-releasing, QIA and its
date, gateway, WTE and staff group), read through the vocabulary of :mod:`..efficiency`, and the
plan's "unidentified" line: a row naming the part of the target with no scheme behind it
("Unidentified CIP", "Still to be identified") is a line of the plan with stage
``unidentified``, never a total.

Readers return what the sheet says: a cell no word knows is a located problem, a blank is blank.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ... import calendar
from ...errors import Problem
from ...schema import Scheme
from ..efficiency import (
    CATEGORIES,
    QIA_STATES,
    STAGES,
    is_unidentified_label,
    read_cash_releasing,
    read_category,
    read_qia,
    read_stage,
)
from ..headers import norm
from ..values import NotANumber, shown, strict_number
from ..workbook import column_letter

UNIDENTIFIED_ID = "UNIDENTIFIED"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_unidentified_line(scheme_id: object, name: object) -> bool:
    """Whether a row is the plan's unidentified part: its name is that label ("Unidentified
    CIP", "CIP gap - to be identified"), or its number is and it has no name. A scheme
    numbered "TBI" with a name of its own is a scheme."""
    if isinstance(name, str) and name.strip():
        return is_unidentified_label(name)
    return is_unidentified_label(scheme_id)


def _timestamp(value: dt.date | pd.Timestamp) -> tuple[object, str | None]:
    try:
        return pd.Timestamp(value).normalize(), None
    except (ValueError, OverflowError):  # (out of pandas' range: years 1677-2262)
        return None, f"expected a date, found {shown(value)}"


def _date(value: object) -> tuple[object, str | None]:
    if isinstance(value, (dt.date, pd.Timestamp)):
        return _timestamp(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", text):  # a day: UK order
        try:
            return pd.to_datetime(text, dayfirst="/" in text).normalize(), None
        except (ValueError, TypeError, OverflowError):
            pass
    try:
        return pd.Timestamp(calendar.parse_month(value).start_time), None
    except (ValueError, TypeError, OverflowError):
        return None, f"expected a date, found {shown(value)}"


def _qia(value: object) -> tuple[tuple[str | None, object], str | None]:
    """A QIA cell as (state, date): a date alone is an approval on that date; "Approved
    12/03/2026" is approved with its date."""
    if isinstance(value, (dt.date, pd.Timestamp)):
        when, error = _timestamp(value)
        return ("approved" if error is None else None, when), error
    state = read_qia(value)
    if state is None:
        return (None, None), (
            f"unknown QIA sign-off {shown(value)}: expected "
            + ", ".join(s.replace("_", " ") for s in QIA_STATES)
            + " (or a date of approval)"
        )
    text = str(value)
    when = None
    for token in text.replace(",", " ").split():
        if any(c.isdigit() for c in token):
            parsed, error = _date(token)
            if error is None:
                when = parsed
                break
    return (state, when), None


def _word(reader, what: str, known: tuple[str, ...]):
    def parse(value: object) -> tuple[object, str | None]:
        found = reader(value)
        if found is None:
            return None, (
                f"unknown {what} {shown(value)}: expected "
                + ", ".join(k.replace("_", " ") for k in known)
                + " (words in efficiency.yml)"
            )
        return found, None

    return parse


def _wte(value: object) -> tuple[float, str | None]:
    try:
        return strict_number(value, limit=100_000), None
    except NotANumber:
        return np.nan, f"expected a number of whole-time equivalents, found {shown(value)}"


def _own_words(own: dict[str, str], then):
    def parse(value: object) -> tuple[object, str | None]:
        found = own.get(norm(value))
        return (found, None) if found is not None else then(value)

    return parse


_PARSERS = {
    Scheme.stage: _word(read_stage, "plan stage", STAGES),
    Scheme.category: _word(read_category, "savings category", CATEGORIES),
    Scheme.cash_releasing: _word(
        read_cash_releasing, "cash-releasing flag", ("cash-releasing", "cost avoidance")
    ),
}


def read_efficiency(
    raw: dict,
    scheme_rows: list[int],
    pos: dict,
    file: str,
    sheet: str,
    problems: list,
    words: dict[str, str] | None = None,
) -> dict[str, list]:
    """The efficiency columns the register has, each a list a scheme row; every unreadable
    cell is added to ``problems`` (file, sheet, cell). ``words``: a mapping file's own words
    (normalised text -> a stage or category), read first."""
    out: dict[str, list] = {}
    parsers = dict(_PARSERS)
    if words:
        for column, known in ((Scheme.stage, STAGES), (Scheme.category, CATEGORIES)):
            own = {k: v for k, v in words.items() if v in known}
            if own:
                parsers[column] = _own_words(own, _PARSERS[column])

    def cell(column: str, i: int) -> str:
        return f"{column_letter(pos[column] + 1)}{scheme_rows[i]}"

    def each(column: str, parser) -> list:
        values = []
        for i, value in enumerate(raw[column]):
            if _blank(value):
                values.append(None)
                continue
            parsed, error = parser(value)
            if error:
                problems.append(Problem(file, error, sheet, cell(column, i)))
            values.append(parsed)
        return values

    for column, parser in parsers.items():
        if column in raw:
            out[column] = each(column, parser)
    if Scheme.qia in raw:
        pairs = each(Scheme.qia, _qia)
        out[Scheme.qia] = [p[0] if p else None for p in pairs]
        out[Scheme.qia_date] = [p[1] if p else None for p in pairs]
    if Scheme.qia_date in raw:
        dates = each(Scheme.qia_date, _date)
        stated = out.get(Scheme.qia_date, [None] * len(dates))
        out[Scheme.qia_date] = [d if d is not None else s for d, s in zip(dates, stated)]
        if Scheme.qia not in raw:  # a date of sign-off alone: approved on it
            out[Scheme.qia] = ["approved" if d is not None else None for d in dates]
    for column in (Scheme.gateway, Scheme.staff_group):
        if column in raw:
            out[column] = [None if _blank(v) else str(v).strip() for v in raw[column]]
    if Scheme.wte in raw:
        out[Scheme.wte] = [np.nan if v is None else v for v in each(Scheme.wte, _wte)]
    return out


def efficiency_frame(columns: dict[str, list], n: int) -> pd.DataFrame:
    """The columns read as typed Series, in :data:`Scheme.EFFICIENCY_COLUMNS` order (only
    those the register has)."""
    frame = {}
    for column in Scheme.EFFICIENCY_COLUMNS:
        if column not in columns:
            continue
        values = columns[column]
        if column == Scheme.cash_releasing:
            frame[column] = pd.array([pd.NA if v is None else v for v in values], dtype="boolean")
        elif column == Scheme.wte:
            frame[column] = np.asarray(values, dtype=float)
        elif column == Scheme.qia_date:
            frame[column] = pd.to_datetime(pd.Series(values, dtype="object"))
        else:
            frame[column] = pd.Series(values, dtype="object")
    return pd.DataFrame(frame, index=pd.RangeIndex(n))


def none_note() -> str:
    """What the load report says of a register with no efficiency column."""
    return (
        "no efficiency-plan columns (plan stage, pay / non-pay category, cash-releasing, QIA, "
        "gateway, WTE): the pack shows no breakdown by stage or category"
    )
