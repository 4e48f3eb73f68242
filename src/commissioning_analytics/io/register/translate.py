"""Translating cells: amounts (strictly, :mod:`..values`), counts of months, phases, months,
ratings (words, five-point letters, risk or confidence levels, fills) and recurrent flags, each
parser returning ``(value, None)`` or ``(None or NaN, the reason the cell is refused)``."""

from __future__ import annotations

import operator
import re

import numpy as np
import pandas as pd

from ... import calendar
from ..headers import norm
from ..ratings import rating_of_fill, read_rating, unknown_rating
from ..values import MAX_MONTHS, NotANumber, shown, strict_number
from ..values import cell_text as _text

GO_LIVE_WINDOW_YEARS = 10  # a go-live further than this from the register's year is a typo


def _each_distinct(fn, cells: list[tuple]) -> list:
    """``fn(*cell)`` for every cell, computed once for each distinct cell (a register repeats
    its ratings, phases, months and flags thousands of times); cells equal but of other
    types (``1``, ``1.0``, ``True``) are kept apart."""
    kinds = set(map(type, map(operator.itemgetter(0), cells)))
    if len(kinds & {bool, int, float}) > 1:
        keys = [(type(c[0]), c) for c in cells]
        table = {key: fn(*key[1]) for key in set(keys)}
    else:
        keys = cells
        table = {key: fn(*key) for key in set(keys)}
    return list(map(table.__getitem__, keys))


_NUMBER_KINDS = frozenset((int, float, type(None)))


def _plain_numbers(values: list) -> np.ndarray:
    """The cells as floats where they are plain numbers (``int``/``float``, not booleans, below
    10^15), NaN elsewhere: one C call when the column holds only numbers and blanks."""
    if set(map(type, values)) <= _NUMBER_KINDS:
        try:
            numbers = np.array(values, dtype=float)
        except OverflowError:  # an integer beyond float
            pass
        else:
            numbers[np.abs(numbers) >= 1e15] = np.nan
            return numbers
    return np.array(
        [
            v if (type(v) is float or type(v) is int) and -1e15 < v < 1e15 else np.nan
            for v in values
        ],
        dtype=float,
    )


def _number(
    value: object, what: str, blank: float = np.nan, limit: float = MAX_MONTHS
) -> tuple[float, str | None]:
    """A register's plain number, which is a count of months (months in year, change in
    delivery): strict (:mod:`.values`) and within ±``limit`` (default ±36 months, three years:
    the forecast keeps effective months within 0-12 anyway, so a larger change is a typo)."""
    try:
        number = strict_number(value, limit=limit)
    except NotANumber as error:
        return np.nan, f"expected {what}, found {shown(value)}" + (
            " (beyond the plausible range)" if "range" in str(error) else ""
        )
    return (blank if np.isnan(number) else number), None


def _months(value: object) -> tuple[float, str | None]:
    number, error = _number(value, "a number of months 0-12")
    if error is None and not np.isnan(number) and not 0 <= number <= 12:
        return np.nan, f"expected a number of months 0-12, found {shown(value)}"
    return number, error


def _phase(value: object) -> tuple[float, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return np.nan, None
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(?:phase\s*)?([0-9]+)\s*", value, re.IGNORECASE)
        number = float(match[1]) if match else None
    if number is None or number not in (1, 2, 3, 4):
        return np.nan, f"expected a phase 1, 2, 3 or 4, found {shown(value)}"
    return number, None


def _rag(
    value: object,
    fill: str | None,
    sense: str | None = None,
    extra: dict | None = None,
    shares: bool = False,
) -> tuple[str | None, str | None]:
    """A rating cell as green / amber / red through the rating vocabulary (:mod:`..ratings`):
    its value, else (a blank cell) its fill; blank and unpainted is ``None``.

    ``sense``: how the header reads High / Medium / Low; ``extra``: a mapping file's
    ``values``; ``shares``: the column holds likelihoods 0-1 (a number is a percentage).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return rating_of_fill(fill), None
    if not shares and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = _text(value)  # a number in a column of words: "1" may be a mapped value
    rating, _scale = read_rating(value, sense, extra)
    if rating is None:
        return None, unknown_rating(value)
    return rating, None


def _month(value: object, year: int | None = None) -> tuple[pd.Period | None, str | None]:
    """A go-live month; ``year`` is the register's financial year when known.

    A two-digit year ("Jul-99") is read in the window of ``GO_LIVE_WINDOW_YEARS`` around the
    register's year and refused when the window cannot place it; any go-live further than
    that from the register's year, or outside 1900-2100, is refused (a typo, never a plan).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "no go-live month: expected a month such as Jul-26 or a date"
    around = None if year is None else year
    window = calendar.TWO_DIGIT_WINDOW if year is None else GO_LIVE_WINDOW_YEARS
    try:
        month = calendar.parse_month(value, around=around, window=window)
    except ValueError as error:
        why = "" if "is not a month" in str(error) else f" ({error})"
        return None, (
            f"unreadable month {shown(value)}{why}: expected a month such as "
            "Jul-26, July 2026, 2026-07 or an Excel date"
        )
    if year is not None and abs(calendar.fy_start_year(month) - year) > GO_LIVE_WINDOW_YEARS:
        return None, (
            f"go-live {month.strftime('%b %Y')} is more than {GO_LIVE_WINDOW_YEARS} "
            f"years from the register's year {calendar.fy_label(year)}: a typo?"
        )
    return month, None


def _recurrent(value: object, negated: bool) -> tuple[bool | None, str | None]:
    """Recurrent (True) or one-off (False) from Y/N, R/NR, Recurrent/Non-recurrent; blank is
    recurrent. ``negated``: the header asks "Non-recurrent?", so "Y" means one-off."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True, None
    if isinstance(value, bool):
        return value != negated, None
    word = norm(value).replace("_", " ")
    if word in ("y", "yes", "true", "1", "recurrent", "rec", "r"):
        return not negated, None
    if word in (
        "n",
        "no",
        "false",
        "0",
        "non-recurrent",
        "non recurrent",
        "nonrecurrent",
        "nr",
        "non-rec",
        "one-off",
        "one off",
        "oneoff",
    ):
        return negated, None
    return None, (f"expected recurrent or non-recurrent (R/NR, Y/N), found {value!r}")
