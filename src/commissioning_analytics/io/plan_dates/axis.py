"""A Gantt grid's time-axis labels as periods (:func:`resolve_axis`): weeks, months, quarters,
ISO week numbers; missing years from neighbouring dated columns."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .words import (
    _DAY_MONTH,
    _DAY_MONTH_NUM,
    _FY,
    _MONTH_NAMES,
    _MONTH_RE,
    _WEEK_OF,
    DATE_RANGE,
    _explicit_dates,
    _month_end,
    _outside,
    _year,
)

# --- Gantt time axis ---------------------------------------------------------------------

WEEK, MONTH, QUARTER, DAY = "week", "month", "quarter", "day"


@dataclass(frozen=True)
class AxisToken:
    """One header label read on its own, before neighbours are consulted.

    ``kind`` is ``"date"`` (a dated column: a week commencing or a month, decided by its
    neighbours), ``"week"`` (a week-commencing date for sure), ``"month"`` (a month name, year
    possibly unknown), ``"relweek"`` ("wk 3") or ``"relmonth"`` ("month4", "mnth5").
    """

    kind: str
    date: dt.date | None = None
    month: int | None = None
    year: int | None = None
    number: int | None = None


@dataclass(frozen=True)
class AxisPeriod:
    """A time-axis column resolved: its granularity and the first and last day it covers."""

    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == QUARTER:
            fy = self.start.year - (1 if self.start.month < 4 else 0)
            return f"Q{(self.start.month - 4) % 12 // 3 + 1} {fy}/{(fy + 1) % 100:02d}"
        if self.kind == MONTH:
            return self.start.strftime("%b %Y")
        if self.kind == DAY:
            return self.start.isoformat()
        return f"w/c {self.start.isoformat()}"


_REL = re.compile(r"^([a-z]{1,6})\.?\s*[-#]?\s*(\d{1,2})$")
_QUARTER_LABEL = re.compile(
    r"^q(?:tr|uarter)?\.?\s*([1-4])(?:\s*[-,]?\s*(?:fy\s*)?((?:19|20)?\d{2}\s*/\s*\d{2}))?$"
)
_ISO_WEEK_LABEL = re.compile(
    r"^(?:((?:19|20)\d{2})\s*-?\s*w(\d{1,2})|w(?:k|eek)?\.?\s*(\d{1,2})\s*[,/\- ]\s*((?:19|20)\d{2}))$"
)
_MONTH_LABEL = re.compile(rf"^({_MONTH_RE})\.?(?:[\s\-/']*(\d{{4}}|\d{{2}}))?$", re.I)


def axis_token(value: object) -> AxisToken | None:
    """Read one header cell as a time-axis label, or ``None`` when it is not one.

    "mnth5", "moth 6", "mth 7" and "month4" are month numbers (any word of up to six letters
    all drawn from "month"); "wk 1", "week 2", "w3" are week numbers.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return AxisToken("date", date=value.date())
    if isinstance(value, dt.date):
        return AxisToken("date", date=value)
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", value.strip().lower())
    if not text:
        return None
    quarter = _QUARTER_LABEL.match(text)
    if quarter:  # "Q1", "Qtr 2 2016/17", "Quarter 3 16/17": a quarter of the financial year
        fy = _FY.search(quarter[2] or "")
        return AxisToken("quarter", number=int(quarter[1]), year=_year(fy[1]) if fy else None)
    iso = _ISO_WEEK_LABEL.match(text)
    if iso:  # "2025-W14", "W14 2025", "wk 14/2025": an ISO week of that year
        year, number = (int(iso[1]), int(iso[2])) if iso[1] else (int(iso[4]), int(iso[3]))
        try:
            return AxisToken("week", date=dt.date.fromisocalendar(year, number, 1))
        except ValueError:
            return None
    rel = _REL.match(text)
    if rel:
        word, number = rel[1], int(rel[2])
        if word[0] == "m" and set(word) <= set("month") and 1 <= number <= 60:
            return AxisToken("relmonth", number=number)
        if word[0] == "w" and set(word) <= set("week") and 1 <= number <= 260:
            return AxisToken("relweek", number=number)
    week_of = _WEEK_OF.search(text)
    if week_of:
        rest = text[week_of.end() :].strip(" :")
        dates = _explicit_dates(rest) if rest else None
        if dates is None and rest:
            day_month = _DAY_MONTH.fullmatch(rest)
            if day_month:  # "w/c 5 Oct": the year comes from neighbours
                return AxisToken(
                    "week", month=_MONTH_NAMES[day_month[2].lower()], number=int(day_month[1])
                )
            day_month = _DAY_MONTH_NUM.fullmatch(rest)
            if day_month and 1 <= int(day_month[2]) <= 12 and 1 <= int(day_month[1]) <= 31:
                return AxisToken("week", month=int(day_month[2]), number=int(day_month[1]))
        if dates is not None:
            return AxisToken("week", date=dates[1] - dt.timedelta(days=6))
        return None
    dates = _explicit_dates(text)
    if dates is not None and dates[0] is None:
        return AxisToken("date", date=dates[1])
    month = _MONTH_LABEL.match(text)
    if month:
        year = _year(month[2]) if month[2] else None
        return AxisToken("month", month=_MONTH_NAMES[month[1].lower()], year=year)
    day_month = _DAY_MONTH.fullmatch(text)
    if day_month and 1 <= int(day_month[1]) <= 31:  # "05-Oct" typed as text: a week's Monday
        return AxisToken("week", month=_MONTH_NAMES[day_month[2].lower()], number=int(day_month[1]))
    return None


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _quarter_period(fy: int, quarter: int) -> AxisPeriod:
    """Quarter 1-4 of the financial year starting in April of ``fy``."""
    year, month = _add_months(fy, 4, 3 * (quarter - 1))
    end_year, end_month = _add_months(year, month, 2)
    return AxisPeriod(QUARTER, dt.date(year, month, 1), _month_end(end_year, end_month))


def _quarter_after(prev: AxisPeriod, quarter: int) -> AxisPeriod:
    """The first quarter numbered ``quarter`` that starts after ``prev`` starts."""
    fy = prev.start.year - (1 if prev.start.month < 4 else 0)
    for year in (fy, fy + 1):
        period = _quarter_period(year, quarter)
        if period.start > prev.start:
            return period
    return _quarter_period(fy + 2, quarter)


def _quarter_before(nxt: AxisPeriod, quarter: int) -> AxisPeriod:
    """The last quarter numbered ``quarter`` that ends before ``nxt`` starts."""
    fy = nxt.start.year - (1 if nxt.start.month < 4 else 0)
    for year in (fy, fy - 1):
        period = _quarter_period(year, quarter)
        if period.end < nxt.start:
            return period
    return _quarter_period(fy - 2, quarter)


def _month_period(year: int, month: int) -> AxisPeriod:
    return AxisPeriod(MONTH, dt.date(year, month, 1), _month_end(year, month))


def _week_period(start: dt.date) -> AxisPeriod:
    return AxisPeriod(WEEK, start, start + dt.timedelta(days=6))


def _iso_monday(year: int, week: int) -> dt.date:
    """Monday of ISO week ``week`` of ``year`` (ValueError for a week 53 the year lacks)."""
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(
            f"{year} has no ISO week {week} (it has {dt.date(year, 12, 28).isocalendar()[1]})"
        ) from None


def iso_weeks(
    tokens: list[AxisToken | None], year: int, *, financial: bool = False
) -> tuple[list[AxisToken | None], list[AxisProblem]]:
    """Week numbers ("W14", "Wk 15" ...) as ISO weeks (Monday to Sunday; week 1 holds the
    year's first Thursday), counted in ``year``: the calendar year, or with ``financial`` the
    financial year starting in April of ``year`` (a week number of April to December is in
    ``year``, one of January to March in the next). Where the numbers fall (W52, W1) the weeks
    run on into the next year. Other labels are kept; a number the year has no week of (W53
    of a 52-week year) is a problem naming the column.

    >>> [t.date.isoformat() for t in iso_weeks([AxisToken("relweek", number=14)], 2025)[0]]
    ['2025-03-31']
    """
    out: list[AxisToken | None] = list(tokens)
    problems: list[AxisProblem] = []
    current, previous = None, None
    for i, tok in enumerate(tokens):
        if tok is None or tok.kind != "relweek":
            continue
        if current is None:
            current = year
            if financial:  # the calendar year whose week n lies in April year .. March year+1
                start, end = dt.date(year, 3, 29), dt.date(year + 1, 3, 31)
                current = next(
                    (
                        y
                        for y in (year, year + 1)
                        if tok.number <= 53 and _fits(y, tok.number, start, end)
                    ),
                    year,
                )
        elif previous is not None and tok.number < previous:
            current += 1  # W52, W1: the next year
        previous = tok.number
        try:
            out[i] = AxisToken("week", date=_iso_monday(current, tok.number))
        except ValueError as error:
            problems.append(AxisProblem(i, f"week number {tok.number}: {error}"))
            out[i] = None
    return out, problems


def _fits(year: int, week: int, start: dt.date, end: dt.date) -> bool:
    try:
        return start <= _iso_monday(year, week) <= end
    except ValueError:
        return False


class AxisProblem(ValueError):
    """A time-axis column that cannot be placed; ``index`` is its position in the axis."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index


def resolve_axis(
    tokens: list[AxisToken | None],
    *,
    fy_hint: int | None = None,
    start_hint: dt.date | None = None,
) -> tuple[list[AxisPeriod | None], list[AxisProblem]]:
    """Give every time-axis column its period, consulting neighbours for what a label omits.

    Args:
        tokens: one per column, left to right (``None`` for a blank column inside the axis,
            which continues its left neighbour by one week or month).
        fy_hint: the financial year the sheet names elsewhere (e.g. a title "2026/27"), used
            only when no column carries a year: "month4" is then M4 (July), "Jan" is January
            of the year's second calendar year, "w/c 06/01" likewise.
        start_hint: a date the sheet names above the axis ("Project start: 07/10/2024"), used
            only when neither the columns nor ``fy_hint`` place any: "Week 1" is the week
            starting that day, "Month 1" its month, a month or a "w/c 14/10" without a year
            the first one on or after it.

    Returns:
        The periods (``None`` where a column cannot be placed) and the problems found: a
        column that cannot be placed, or one not after its left neighbour.

    Rules: a dated column is a week when a neighbouring dated column is about 7 days away (or
    its neighbours are weeks), a month when they are about a month away. A month named without a
    year takes the year of its left neighbour, plus one if its number is lower (December ->
    January); leading ones take it from the right. "month4" after "month3" (or after any month
    column) is the next month; "wk 2" after a week is the next week.
    """
    n = len(tokens)
    outside = [
        AxisProblem(
            i,
            f"time-axis date {t.date or t.year} is outside the years "
            f"{DATE_RANGE[0]}-{DATE_RANGE[1]}",
        )
        for i, t in enumerate(tokens)
        if t is not None
        and (
            _outside(t.date)
            or (t.year is not None and not DATE_RANGE[0] <= t.year <= DATE_RANGE[1])
        )
    ]
    if outside:
        return [None] * n, outside
    kinds = [t.kind if t else None for t in tokens]
    # 1. dated columns: week or month, by their neighbours.
    for i, tok in enumerate(tokens):
        if tok is None or tok.kind != "date":
            continue
        gaps, near = [], set()
        for j in (i - 1, i + 1):
            if 0 <= j < n and tokens[j] is not None:
                if tokens[j].kind == "date":
                    gaps.append(abs((tokens[j].date - tok.date).days))
                else:
                    near.add(kinds[j])
        if gaps and all(1 <= g <= 3 for g in gaps) and not near:
            kinds[i] = DAY  # a daily Gantt (Friday to Monday is 3 days)
        elif any(5 <= g <= 9 for g in gaps) or near & {"week", "relweek"}:
            kinds[i] = "week"
        elif any(27 <= g <= 32 for g in gaps) or (
            near & {"month", "relmonth"} and tok.date.day == 1
        ):
            kinds[i] = "month"
        else:
            kinds[i] = "week"
    periods: list[AxisPeriod | None] = [None] * n
    for i, tok in enumerate(tokens):
        if tok is None:
            continue
        if kinds[i] == DAY:
            periods[i] = AxisPeriod(DAY, tok.date, tok.date)
        elif kinds[i] == "week" and tok.date is not None:
            periods[i] = _week_period(tok.date)
        elif kinds[i] == "month" and tok.date is not None:
            periods[i] = _month_period(tok.date.year, tok.date.month)
        elif tok.kind == "month" and tok.year is not None:
            periods[i] = _month_period(tok.year, tok.month)
        elif tok.kind == "quarter" and tok.year is not None:
            periods[i] = _quarter_period(tok.year, tok.number)

    def from_left(i: int, prev: AxisPeriod, j: int) -> AxisPeriod | None:
        tok, steps, left = tokens[i], i - j, tokens[j]
        if tok is not None and tok.kind == "quarter":
            return _quarter_after(prev, tok.number)
        if tok is None and prev.kind == QUARTER:
            fy = prev.start.year - (1 if prev.start.month < 4 else 0)
            q = (prev.start.month - 4) % 12 // 3 + 1
            return _quarter_period(fy + (q == 4), q % 4 + 1)
        kind = tok.kind if tok else prev.kind
        if tok is None and prev.kind == DAY:
            day = prev.start + dt.timedelta(days=steps)
            return AxisPeriod(DAY, day, day)
        if (
            tok is not None
            and tok.kind in ("relmonth", "relweek")
            and left is not None
            and left.kind == tok.kind
        ):
            steps = tok.number - left.number
        if kind in ("relmonth",) or (tok is None and prev.kind == MONTH):
            if prev.kind == MONTH:
                return _month_period(*_add_months(prev.start.year, prev.start.month, steps))
            return _month_period(*_add_months(prev.start.year, prev.start.month, 1))
        if kind in ("relweek",) or (tok is None and prev.kind == WEEK):
            if prev.kind == WEEK:
                return _week_period(prev.start + dt.timedelta(days=7 * steps))
            return _week_period(prev.end + dt.timedelta(days=1 + 7 * (steps - 1)))
        if tok.kind == "month":  # a month without a year
            year = prev.start.year + (1 if tok.month < prev.start.month else 0)
            return _month_period(year, tok.month)
        if tok.kind == "week" and tok.month is not None:  # "w/c 5 Oct" without a year
            year = prev.start.year + (1 if tok.month < prev.start.month else 0)
            return _week_period(dt.date(year, tok.month, tok.number))
        return None

    def from_right(i: int, nxt: AxisPeriod, k: int) -> AxisPeriod | None:
        tok, steps, right = tokens[i], k - i, tokens[k]
        if tok is None:
            return None
        if tok.kind == "quarter":
            return _quarter_before(nxt, tok.number)
        if tok.kind in ("relmonth", "relweek") and right is not None and right.kind == tok.kind:
            steps = right.number - tok.number
        if tok.kind == "relmonth":
            return _month_period(
                *_add_months(nxt.start.year, nxt.start.month, -steps if nxt.kind == MONTH else -1)
            )
        if tok.kind == "relweek":
            return _week_period(nxt.start - dt.timedelta(days=7 * steps))
        if tok.kind in ("month", "week") and tok.month is not None:
            year = nxt.start.year - (1 if tok.month > nxt.start.month else 0)
            if tok.kind == "month":
                return _month_period(year, tok.month)
            return _week_period(dt.date(year, tok.month, tok.number))
        return None

    try:
        changed = True
        while changed and any(p is None for p in periods):
            changed = False
            last = None
            for i in range(n):
                if periods[i] is None and last is not None:
                    periods[i] = from_left(i, periods[last], last)
                    changed |= periods[i] is not None
                if periods[i] is not None:
                    last = i
            nxt = None
            for i in range(n - 1, -1, -1):
                if periods[i] is None and nxt is not None:
                    periods[i] = from_right(i, periods[nxt], nxt)
                    changed |= periods[i] is not None
                if periods[i] is not None:
                    nxt = i
        if fy_hint is not None and all(p is None for p in periods):
            for i, tok in enumerate(tokens):
                if tok is not None and tok.kind == "relmonth" and 1 <= tok.number <= 12:
                    periods[i] = _month_period(*_add_months(fy_hint, 4, tok.number - 1))
                elif tok is not None and tok.kind == "month":
                    periods[i] = _month_period(fy_hint + (1 if tok.month < 4 else 0), tok.month)
                elif tok is not None and tok.kind == "quarter":
                    periods[i] = _quarter_period(fy_hint, tok.number)
                    break  # the first quarter placed, the others follow it
                elif tok is not None and tok.kind == "week" and tok.month is not None:
                    periods[i] = _week_period(
                        dt.date(fy_hint + (1 if tok.month < 4 else 0), tok.month, tok.number)
                    )
                    break  # the first week placed, the others follow it
            if any(p is not None for p in periods):
                return resolve_axis_from(tokens, periods)
        if start_hint is not None and all(p is None for p in periods):
            for i, tok in enumerate(tokens):
                if tok is None:
                    continue
                if tok.kind == "relweek":
                    periods[i] = _week_period(start_hint + dt.timedelta(weeks=tok.number - 1))
                elif tok.kind == "relmonth":
                    periods[i] = _month_period(
                        *_add_months(start_hint.year, start_hint.month, tok.number - 1)
                    )
                elif tok.kind in ("month", "week") and tok.month is not None:
                    year = start_hint.year + (1 if tok.month < start_hint.month else 0)
                    periods[i] = (
                        _month_period(year, tok.month)
                        if tok.kind == "month"
                        else _week_period(dt.date(year, tok.month, tok.number))
                    )
                if periods[i] is not None:
                    break  # the first column placed, the others follow it
            if any(p is not None for p in periods):
                return resolve_axis_from(tokens, periods)
    except ValueError as error:  # an impossible day such as "w/c 31 Feb"
        return periods, [AxisProblem(0, f"time axis: {error}")]
    return _fortnights(periods), _axis_problems(tokens, periods)


def _fortnights(periods: list[AxisPeriod | None]) -> list[AxisPeriod | None]:
    """Week columns a fortnight apart (a Gantt over every other Monday) each cover the two
    weeks to the next column, the last as long as the one before it."""
    out = list(periods)
    for i, period in enumerate(periods):
        if period is None or period.kind != WEEK:
            continue
        nxt = periods[i + 1] if i + 1 < len(periods) else None
        prev = periods[i - 1] if i > 0 else None
        if nxt is not None and nxt.kind == WEEK:
            gap = (nxt.start - period.start).days
        elif nxt is None and prev is not None and prev.kind == WEEK:
            gap = (period.start - prev.start).days
        else:
            continue
        if 10 <= gap <= 16:
            out[i] = AxisPeriod(WEEK, period.start, period.start + dt.timedelta(days=gap - 1))
    return out


def resolve_axis_from(tokens, periods):
    """Finish resolving an axis some of whose periods are already known."""

    def known(period: AxisPeriod) -> AxisToken:
        if period.kind == MONTH:
            return AxisToken("month", year=period.start.year, month=period.start.month)
        if period.kind == QUARTER:
            fy = period.start.year - (1 if period.start.month < 4 else 0)
            return AxisToken("quarter", number=(period.start.month - 4) % 12 // 3 + 1, year=fy)
        return AxisToken("week", date=period.start)

    filled = [known(p) if p is not None else t for t, p in zip(tokens, periods)]
    resolved, problems = resolve_axis(filled)
    return resolved, problems


def _axis_problems(tokens, periods) -> list[AxisProblem]:
    problems = []
    for i, period in enumerate(periods):
        if period is None:
            problems.append(
                AxisProblem(
                    i,
                    "time-axis label that no dated column places (expected a week-commencing "
                    "date or a month with its year somewhere along the axis)",
                )
            )
    previous = None
    for i, period in enumerate(periods):
        if period is None:
            continue
        if previous is not None and period.start <= previous.start:
            problems.append(
                AxisProblem(
                    i,
                    f"time-axis column {period.label} is not after its left neighbour "
                    f"{previous.label}",
                )
            )
        previous = period
    return problems
