"""The NHS financial calendar: the only place that knows the year runs April to March.

Months are ``pandas.Period`` objects of frequency ``M`` (never days). A financial year is
named by the calendar year it starts in (``2013`` for 1 April 2013 - 31 March 2014) and
written ``2013/14``. Month 1 (M1) is April, M12 is March.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

FIRST_MONTH = 4  # April

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    }
}
_MONTHS["sept"] = 9

_FY_LABEL = re.compile(r"(?<!\d)(?P<first>(?:19|20)?\d{2})\s*[/\-]\s*(?P<second>\d{2})(?!\d)")
_MONTH_TEXT = re.compile(r"^\s*(?P<month>[A-Za-z]+)\.?[\s\-/']*(?P<year>\d{2}|\d{4})\s*$")
_ISO_MONTH = re.compile(
    r"^\s*(?P<year>\d{4})[-/](?P<month>\d{1,2})(?:[-/](?P<day>\d{1,2}))?(?:[ T].*)?\s*$"
)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def fy_start_year(month: pd.Period | pd.Timestamp | dt.date) -> int:
    """The financial year a month falls in, named by its starting calendar year.

    >>> fy_start_year(pd.Period("2014-03", "M")), fy_start_year(pd.Period("2014-04", "M"))
    (2013, 2014)
    """
    return month.year if month.month >= FIRST_MONTH else month.year - 1


def fy_label(start_year: int) -> str:
    """``2013`` -> ``"2013/14"``."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def parse_fy_label(text: str) -> int:
    """The starting year of a financial year written ``2013/14``, ``13/14`` or ``2013-14``.

    Raises:
        ValueError: if the text names no financial year or the two years are not consecutive.
    """
    match = _FY_LABEL.search(str(text))
    if not match:
        raise ValueError(f"no financial year (like 2013/14) in {text!r}")
    first = int(match["first"])
    if first < 100:
        first += 2000
    if (first + 1) % 100 != int(match["second"]):
        raise ValueError(f"{text!r}: {match.group(0)} is not two consecutive years")
    return first


def find_fy_label(text: str) -> int | None:
    """Like :func:`parse_fy_label` but ``None`` when the text names no financial year."""
    try:
        return parse_fy_label(text)
    except ValueError:
        return None


def fy_start(start_year: int) -> pd.Period:
    """April of the financial year (M1)."""
    return pd.Period(year=start_year, month=FIRST_MONTH, freq="M")


def fy_months(start_year: int) -> pd.PeriodIndex:
    """The twelve months M1 (April) to M12 (March) of a financial year."""
    return pd.period_range(fy_start(start_year), periods=12, freq="M")


def fy_month_number(month: pd.Period) -> int:
    """M1 for April ... M12 for March."""
    return (month.month - FIRST_MONTH) % 12 + 1


def month_offset(month: pd.Period, start: pd.Period) -> int:
    """Whole months from ``start`` to ``month`` (negative when ``month`` is earlier)."""
    return (month.year - start.year) * 12 + month.month - start.month


def month_offsets(months: pd.Series | pd.PeriodIndex, start: pd.Period) -> np.ndarray:
    """Vectorised :func:`month_offset`; missing months give ``NaN``."""
    index = pd.PeriodIndex(months, freq="M")
    ordinals = index.asi8.astype("float64")
    ordinals[index.isna()] = np.nan
    return ordinals - start.ordinal


def months_in_year(go_live: pd.Period, start_year: int) -> int:
    """Months of saving from go-live to the end of the financial year, 0-12.

    A go-live in April gives 12, in March 1, before the year 12, after it 0.
    """
    return int(np.clip(12 - month_offset(go_live, fy_start(start_year)), 0, 12))


MIN_YEAR, MAX_YEAR = 1900, 2100  # a month outside these years is a typo, never a plan
TWO_DIGIT_WINDOW = 50  # a two-digit year is the one within 50 years of the reference year


def place_two_digit_year(
    two_digits: int, around: int | None = None, window: int = TWO_DIGIT_WINDOW
) -> int:
    """The four-digit year a two-digit year means: the one nearest ``around``.

    Args:
        two_digits: 0-99, as written ("Jul-99" -> 99).
        around: the reference calendar year (a register's financial year); default this year.
        window: how far from ``around`` the year may be; with the default (50) every two-digit
            year is placed (the century centred on ``around``).

    Raises:
        ValueError: when no year within ``window`` of ``around`` ends in those two digits.

    >>> place_two_digit_year(13, 2026), place_two_digit_year(99, 2026), place_two_digit_year(27, 2026)
    (2013, 1999, 2027)
    """
    around = dt.date.today().year if around is None else int(around)
    base = around - around % 100 + two_digits
    year = min((base - 100, base, base + 100), key=lambda y: (abs(y - around), y))
    if abs(year - around) > window:
        raise ValueError(
            f"a two-digit year '{two_digits:02d}' is not within {window} years of {around}"
        )
    return year


def _checked(year: int, month: int, text: object) -> pd.Period:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"{text!r} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return pd.Period(year=year, month=month, freq="M")


def _real_day(year: int, month: int, day: int, text: str) -> None:
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (there is no day {day} in {dt.date(2000, month, 1):%B} {year})"
        ) from None


def parse_month(
    value: object, *, around: int | None = None, window: int = TWO_DIGIT_WINDOW
) -> pd.Period:
    """Read a month as analysts write it.

    Accepts an Excel date (``datetime``/``date``/``Timestamp``), an Excel serial day number,
    a ``Period``, and text such as ``"Jul-13"``, ``"July 2013"``, ``"Jul 2013"``,
    ``"2013-07"`` or ``"01/07/2013"``. Every month must fall within 1900-2100. A two-digit
    year is read as the year nearest ``around`` (see :func:`place_two_digit_year`); a
    four-digit year is read as written (``01/01/0001`` is year 1, refused, never 2001). A day
    that does not exist (``29/02/2027``) is refused.

    Args:
        value: the cell.
        around: the reference year for two-digit years (a register's year); default today's.
        window: the most a two-digit year may be from ``around``.

    Raises:
        ValueError: with a message naming the text when it is no month.
    """
    if isinstance(value, pd.Period):
        return _checked(value.year, value.month, value)
    if isinstance(value, (dt.date, pd.Timestamp)):
        if value is pd.NaT:
            raise ValueError("no month")
        return _checked(value.year, value.month, value)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if np.isfinite(value) and 1 <= value < 2958466:
            day = _EXCEL_EPOCH + pd.Timedelta(days=int(value))
            return _checked(day.year, day.month, value)
        raise ValueError(f"{value!r} is not a month")
    text = str(value).strip()
    match = _MONTH_TEXT.match(text)
    if match:
        number = _MONTHS.get(match["month"].lower())
        if number is None:
            raise ValueError(f"{text!r} is not a month (expected e.g. Jul-13 or July 2013)")
        year = int(match["year"])
        if len(match["year"]) == 2:
            year = place_two_digit_year(year, around, window)
        return _checked(year, number, text)
    match = _ISO_MONTH.match(text)
    if match and 1 <= int(match["month"]) <= 12:
        year, month = int(match["year"]), int(match["month"])
        if match["day"]:
            _real_day(max(year, 1), month, int(match["day"]), text)
        return _checked(year, month, text)
    day_first = re.match(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\s*$", text)
    if day_first:
        day, month, year = (int(g) for g in day_first.groups())
        if len(day_first[3]) == 2:
            year = place_two_digit_year(year, around, window)
        if 1 <= month <= 12:
            _real_day(max(year, 1), month, day, text)
            return _checked(year, month, text)
    raise ValueError(f"{text!r} is not a month (expected e.g. Jul-13, July 2013 or 2013-07)")


def common_fy(values) -> int | None:
    """The financial year most of these cells' months fall in (earliest on a tie), ``None``
    when none is a month: the reference year for reading two-digit years when no header
    names the year. Cells that are no month are ignored here (their reader reports them)."""
    counts: dict[int, int] = {}
    for value in values:
        try:
            year = fy_start_year(parse_month(value))
        except (ValueError, TypeError, OverflowError):
            continue
        counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    return min(y for y, n in counts.items() if n == top)


def month_end(month: pd.Period) -> dt.date:
    """The last day of a month."""
    return month.end_time.date()
