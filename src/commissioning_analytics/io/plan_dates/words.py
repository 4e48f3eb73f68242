"""What both readers of plan dates share: month names, state words, the patterns of a written
date, the years a date may fall in."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re

_MONTH_NAMES = {}
for _n in range(1, 13):
    _MONTH_NAMES[_cal.month_name[_n].lower()] = _n
    _MONTH_NAMES[_cal.month_abbr[_n].lower()] = _n
_MONTH_NAMES["sept"] = 9

STATE_WORDS = {
    "ongoing": "ongoing",
    "on-going": "ongoing",
    "on going": "ongoing",
    "continuous": "ongoing",
    "continuing": "ongoing",
    "rolling": "ongoing",
    "complete": "complete",
    "completed": "complete",
    "done": "complete",
    "closed": "complete",
    "achieved": "complete",
    "finished": "complete",
    "delivered": "complete",
    "agreed": "agreed",
    "approved": "agreed",
    "signed off": "agreed",
    "in progress": "in progress",
    "started": "in progress",
    "underway": "in progress",
    "under way": "in progress",
    "tbc": "tbc",
    "tba": "tbc",
    "to be confirmed": "tbc",
    "to be agreed": "tbc",
    "not started": "not started",
    "n/a": "not applicable",
    "na": "not applicable",
}
"""Words a plan uses for a state rather than a date, and the state each stands for."""

DONE_STATES = frozenset({"complete", "agreed"})

DATE_RANGE = (1900, 2100)
"""Years a plan's date may name; a date outside them is an input error (Excel's "Dec 9999"
placeholder, a mistyped year), never a date read."""


def _outside(*days) -> bool:
    return any(d is not None and not DATE_RANGE[0] <= d.year <= DATE_RANGE[1] for d in days)


_MONTH_RE = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_MONTH_WORD = re.compile(rf"\b({_MONTH_RE})\b\.?", re.I)
_YEAR = re.compile(r"(?<![\d/.])'?(\d{4}|\d{2})(?![\d/.a-z])", re.I)
_DAY_FIRST = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+({_MONTH_RE})\b\.?", re.I)
_DAY_MONTH_NUM = re.compile(r"(?<![\d/.\-])(\d{1,2})/(\d{1,2})(?![\d/.\-])")
"""A day and month with no year: "14/10" (day first, as the UK writes it)."""
_QUARTER = re.compile(r"\bq(?:tr|uarter)?\.?\s*([1-4])\b", re.I)
_FY = re.compile(r"(?<!\d)((?:19|20)?\d{2})\s*/\s*(\d{2})(?!\d)")
_CALENDAR_YEAR = re.compile(r"(?<![\d/\-])((?:19|20)\d{2})(?![\d/\-])")
_WEEK_OF = re.compile(r"\b(w/?c|wc|week commencing|w/b|week beginning)\b", re.I)


def _year(text: str) -> int:
    """A year as written: two digits are 2000-2068 or 1969-1999 (the POSIX ``%y`` window), so
    "Jul-99" is July 1999, never 2099."""
    year = int(text.lstrip("'"))
    if year >= 100:
        return year
    return year + (2000 if year <= 68 else 1900)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def _explicit_dates(text: str) -> tuple[dt.date | None, dt.date] | None:
    found: list[dt.date] = []
    try:
        for match in _ISO.finditer(text):
            found.append(dt.date(int(match[1]), int(match[2]), int(match[3])))
        for match in _DAY_FIRST.finditer(_ISO.sub(" ", text)):
            found.append(dt.date(_year(match[3]), int(match[2]), int(match[1])))
        if not found:
            day_month = _DAY_MONTH.search(text)
            if day_month:
                years = _YEAR.findall(text[day_month.end() :])
                if years:
                    found.append(
                        dt.date(
                            _year(years[0]), _MONTH_NAMES[day_month[2].lower()], int(day_month[1])
                        )
                    )
    except ValueError:
        return None
    if not found:
        return None
    if _WEEK_OF.search(text) and len(found) == 1:
        return found[0], found[0] + dt.timedelta(days=6)
    return (min(found) if len(found) > 1 else None), max(found)
