"""An action log's free-text due date read as the last day of the period it names
(:func:`parse_due`); a state word kept; no date named, no date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..headers import header_year
from .words import (
    _CALENDAR_YEAR,
    _DAY_MONTH,
    _DAY_MONTH_NUM,
    _MONTH_NAMES,
    _MONTH_WORD,
    _QUARTER,
    _WEEK_OF,
    _YEAR,
    DATE_RANGE,
    STATE_WORDS,
    _explicit_dates,
    _month_end,
    _outside,
    _year,
)


def _out_of_range(text: str) -> DueDate:
    return DueDate(
        text,
        reason="a date outside 1900-2100",
        problem=f"date {text!r} is outside the years {DATE_RANGE[0]}-"
        f"{DATE_RANGE[1]} (expected a due date such as 'Dec 26', "
        f"'31/12/2026' or 'Ongoing')",
    )


@dataclass(frozen=True)
class DueDate:
    """What a free-text due date says.

    Attributes:
        text: the text as written.
        start: first day of the period named, where it names one.
        end: last day of the period named (the due date), or ``None`` when no date is named.
        state: a state word kept from the text (``"ongoing"``, ``"complete"``, ``"agreed"``,
            ``"in progress"``, ``"tbc"``...), or ``None``.
        reason: why there is no date, when there is none (for the load report).
        problem: set when the text names a date outside :data:`DATE_RANGE`: an input
            error to report with the cell, not a date.
    """

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    state: str | None = None
    reason: str | None = None
    problem: str | None = None


def _state_of(text: str) -> str | None:
    lowered = re.sub(r"\s+", " ", text.lower()).strip(" .!-")
    if lowered in STATE_WORDS:
        return STATE_WORDS[lowered]
    for word in sorted(STATE_WORDS, key=len, reverse=True):  # "Complete - Jan 08"
        if len(word) > 3 and re.match(rf"{re.escape(word)}(?![a-z])", lowered):
            return STATE_WORDS[word]
    return None


def _nearest_year(month: int, reference: dt.date) -> int:
    """The year putting ``month`` nearest to ``reference`` (a month named without a year)."""
    best = min(
        (reference.year - 1, reference.year, reference.year + 1),
        key=lambda y: abs((y * 12 + month) - (reference.year * 12 + reference.month)),
    )
    return best


def parse_due(
    value: object, *, reference: dt.date | None = None, after: dt.date | None = None
) -> DueDate:
    """Read a free-text due date as the last day of the period it names (see :func:`_parse_due`);
    a date outside 1900-2100 ("Dec 9999") gives no date and a ``problem`` to report."""
    try:
        due = _parse_due(value, reference=reference, after=after)
    except (ValueError, OverflowError):  # a year past 9999, a month past December 9999
        return _out_of_range(str(value).strip())
    if _outside(due.start, due.end):
        return _out_of_range(due.text)
    return due


def _parse_due(
    value: object, *, reference: dt.date | None = None, after: dt.date | None = None
) -> DueDate:
    """Read a free-text due date as the last day of the period it names.

    Args:
        value: the cell's value: text, a ``datetime``/``date``, or ``None``.
        reference: a date to place a month named without a year (e.g. the previous dated
            action or the log's own date): the occurrence of that month nearest to it. Without
            a reference such a month gives no date (never a guess).
        after: the date the action was raised, where the log gives one: a month or a day
            ("End of June", "w/c 14/10") named without a year is then the first one on or after
            it (an action falls due after it is raised), whatever ``reference`` says.

    Returns:
        A :class:`DueDate`. Ranges ("Feb & March 08", "April - May 2008") end on the last day
        of their last month and start on the first of their first; a month before the previous
        one in a range belongs to the year before ("Dec - Jan 09" starts 1 December 2008).
        "w/c 14 Jan 08" ends on Sunday 20 January 2008; "Q3 2026/27" ends 31 December 2026.
    """
    if value is None:
        return DueDate("", reason="blank")
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
        return DueDate(text, end=value.date())
    if isinstance(value, dt.date):
        return DueDate(value.isoformat(), end=value)
    text = str(value).strip()
    if not text:
        return DueDate("", reason="blank")
    state = _state_of(text)
    dates = _explicit_dates(text)
    if dates is not None:
        start, end = dates
        return DueDate(text, start=start, end=end, state=state)
    quarter = _quarter(text, state, reference=reference, after=after)
    if quarter is not None:
        return quarter
    day_month = _DAY_MONTH_NUM.search(text)
    if day_month and not _MONTH_WORD.search(text) and 1 <= int(day_month[2]) <= 12:
        day, month = int(day_month[1]), int(day_month[2])
        if after is not None:
            year = after.year + (1 if (month, day) < (after.month, after.day) else 0)
        elif reference is not None:
            year = _nearest_year(month, reference)
        else:
            return DueDate(
                text,
                state=state,
                reason="names a day and month but no year, and no dated row to place it",
            )
        try:
            day_ = dt.date(year, month, day)
        except ValueError:  # "31/02"
            return DueDate(text, state=state, reason="names a day that no month has")
        if _WEEK_OF.search(text):
            return DueDate(text, start=day_, end=day_ + dt.timedelta(days=6), state=state)
        return DueDate(text, end=day_, state=state)
    months = [_MONTH_NAMES[m.group(1).lower()] for m in _MONTH_WORD.finditer(text)]
    if months:
        rest = _MONTH_WORD.sub(" ", _DAY_MONTH.sub(" ", text))
        years = [_year(y) for y in _YEAR.findall(rest)]
        if years:
            last_year = years[-1]
        elif after is not None:
            last_year = after.year + (1 if months[-1] < after.month else 0)
        elif reference is not None:
            last_year = _nearest_year(months[-1], reference)
        else:
            return DueDate(
                text, state=state, reason="names a month but no year, and no dated row to place it"
            )
        # Walk back from the last month: a month after its successor is in the year before.
        years_of = [last_year] * len(months)
        for i in range(len(months) - 2, -1, -1):
            years_of[i] = years_of[i + 1] - (1 if months[i] > months[i + 1] else 0)
        end = _month_end(years_of[-1], months[-1])
        start = dt.date(years_of[0], months[0], 1)
        day_month = list(_DAY_MONTH.finditer(text))
        if len(months) == 1 and len(day_month) == 1:  # "15th March", its year from the rows
            try:
                day = dt.date(years_of[-1], months[-1], int(day_month[0][1]))
            except ValueError:
                return DueDate(text, state=state, reason="names a day that no month has")
            if _WEEK_OF.search(text):
                return DueDate(text, start=day, end=day + dt.timedelta(days=6), state=state)
            return DueDate(text, end=day, state=state)
        return DueDate(text, start=start, end=end, state=state)
    period = year_period(text)
    if period is not None:
        return DueDate(text, start=period[0], end=period[1], state=state)
    if state is not None:
        return DueDate(text, state=state, reason=f"a state ({state}), no date")
    return DueDate(text, reason="no date named")


_HALF = re.compile(r"\bh([12])\b", re.I)
_BARE_YEAR = re.compile(
    r"^(?:by\s+|(?:by\s+)?(?:the\s+)?end\s+of\s+|in\s+|during\s+)?"
    r"((?:19|20)\d{2})$",
    re.I,
)


def year_period(text: str) -> tuple[dt.date, dt.date] | None:
    """A half or a whole financial year ("H2 2024/25", "2025/26", "by end of 2025/26"), or a
    calendar year alone ("2025", "by end of 2025"): its first and last day."""
    first = header_year(text)  # "2025/26", "2025-26", "FY26"; "14/10" is a day and a month
    if first is not None:
        half = _HALF.search(text)
        if half is None:
            return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
        if half[1] == "1":
            return dt.date(first, 4, 1), dt.date(first, 9, 30)
        return dt.date(first, 10, 1), dt.date(first + 1, 3, 31)
    bare = _BARE_YEAR.match(text.strip())
    if bare:
        year = int(bare[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _quarter_dates(fy: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of quarter 1-4 of the financial year starting in April ``fy``."""
    year, month = divmod(fy * 12 + 3 + 3 * (quarter - 1), 12)
    return dt.date(year, month + 1, 1), _month_end(year + (month + 2) // 12, (month + 2) % 12 + 1)


def _quarter(
    text: str, state: str | None, *, reference: dt.date | None, after: dt.date | None
) -> DueDate | None:
    """A due date given as quarters of a financial year (Q1 = April to June): "Q3 2025/26",
    "Q3 25-26", "Quarter 3 FY26", "Q1-Q2 2025/26" (from the first named to the end of the
    last). A quarter with no financial year takes the one the rows place (``after``: the first
    such quarter ending on or after it; ``reference``: the nearest); with a calendar year
    ("Q3 2025") it names no date: Q3 of 2025 or of 2025/26 cannot be told apart."""
    numbers = [int(q) for q in _QUARTER.findall(text)]
    if not numbers:
        return None
    fy = header_year(text)
    if fy is None:
        rest = _CALENDAR_YEAR.sub(" ", _QUARTER.sub(" ", text.lower()))
        if re.sub(r"\b(?:by|end|of|in|the|during|and|to)\b|[^a-z0-9]", "", rest):
            return None  # "Q1 report to March 26 board": other words name the date
        calendar_year = _CALENDAR_YEAR.search(text)
        if calendar_year:
            return DueDate(
                text,
                state=state,
                reason=f"names a quarter of the calendar year {calendar_year[1]}, not of a "
                f"financial year (Q{numbers[-1]} {calendar_year[1]}/"
                f"{(int(calendar_year[1]) + 1) % 100:02d}?)",
            )
        if after is not None:
            fy = next(
                y
                for y in range(after.year - 1, after.year + 2)
                if _quarter_dates(y, numbers[-1])[1] >= after
            )
        elif reference is not None:
            middle = reference.toordinal()
            fy = min(
                range(reference.year - 2, reference.year + 2),
                key=lambda y: abs(
                    sum(d.toordinal() for d in _quarter_dates(y, numbers[-1])) / 2 - middle
                ),
            )
        else:
            return DueDate(
                text,
                state=state,
                reason="names a quarter but no financial year, and no dated row to place it",
            )
    # walk back from the last quarter named: one before its successor's number is in that
    # year, one after it ("Q4-Q1") in the year before
    years = [fy] * len(numbers)
    for i in range(len(numbers) - 2, -1, -1):
        years[i] = years[i + 1] - (1 if numbers[i] > numbers[i + 1] else 0)
    return DueDate(
        text,
        start=_quarter_dates(years[0], numbers[0])[0],
        end=_quarter_dates(years[-1], numbers[-1])[1],
        state=state,
    )
