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
_MONTH_TEXT = re.compile(
    r"^\s*(?P<month>[A-Za-z]+)\.?[\s\-/']*(?P<year>\d{2}|\d{4})\s*$"
)
_ISO_MONTH = re.compile(r"^\s*(?P<year>\d{4})[-/](?P<month>\d{1,2})(?:[-/]\d{1,2})?(?:[ T].*)?\s*$")
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


def parse_month(value: object, *, default_century: int = 2000) -> pd.Period:
    """Read a month as analysts write it.

    Accepts an Excel date (``datetime``/``date``/``Timestamp``), an Excel serial day number,
    a ``Period``, and text such as ``"Jul-13"``, ``"July 2013"``, ``"Jul 2013"``,
    ``"2013-07"`` or ``"01/07/2013"``.

    Raises:
        ValueError: with a message naming the text when it is no month.
    """
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Period(value, freq="M")
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if np.isfinite(value) and 1 <= value < 2958466:
            return pd.Period(_EXCEL_EPOCH + pd.Timedelta(days=int(value)), freq="M")
        raise ValueError(f"{value!r} is not a month")
    text = str(value).strip()
    match = _MONTH_TEXT.match(text)
    if match:
        number = _MONTHS.get(match["month"].lower())
        if number is None:
            raise ValueError(f"{text!r} is not a month (expected e.g. Jul-13 or July 2013)")
        year = int(match["year"])
        if year < 100:
            year += default_century
        return pd.Period(year=year, month=number, freq="M")
    match = _ISO_MONTH.match(text)
    if match and 1 <= int(match["month"]) <= 12:
        return pd.Period(year=int(match["year"]), month=int(match["month"]), freq="M")
    day_first = re.match(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\s*$", text)
    if day_first:
        day, month, year = (int(g) for g in day_first.groups())
        year = year + default_century if year < 100 else year
        try:
            return pd.Period(dt.date(year, month, day), freq="M")
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a month (expected e.g. Jul-13, July 2013 or 2013-07)")


def month_end(month: pd.Period) -> dt.date:
    """The last day of a month."""
    return month.end_time.date()
