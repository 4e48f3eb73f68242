"""Numbers from cells, strictly: the one place that decides which text is a number.

Python's ``float()`` reads far more than an analyst ever means as a figure: ``"NaN"``,
``"inf"``, ``"-Infinity"``, ``"1_000"`` and ``"1e9"`` all parse. Removing every comma first
(the old way) also read ``"£12,3,4"`` as 1234. These readers accept only what a spreadsheet
shows for a number, and refuse the rest with a reason the caller puts next to the cell:

* a number cell (``int``/``float``) that is finite; booleans are not numbers;
* text: an optional sign, digits with commas only between groups of three (``12,345,678``),
  an optional decimal part (``1234.5``, ``.5``); spaces around it are ignored;
* money text also: a ``£`` before the digits (or after the sign), negatives in brackets
  (``(1,200)``), and a lone dash (``-``, ``–``, ``—``) for zero, as accounting formats show it.

Every reader takes a ``limit``: a number whose size is beyond it is refused (a change in
delivery of a billion months, a saving of £10^300), because no figure in a register is that
large and the model's arithmetic would overflow on it.
"""

from __future__ import annotations

import math
import re

MONEY_LIMIT_GBP = 1e12  # £1 trillion: more than any NHS budget, far below float overflow
NUMBER_LIMIT = 1e12
MAX_MONTHS = 36  # a change in delivery (months gained or lost) beyond three years is a typo

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_DASHES = ("-", "\u2013", "\u2014")


def shown(value: object, limit: int = 60) -> str:
    """A cell's value as an error message quotes it: ``repr``, cut to ``limit`` characters
    (a 32,000-character cell makes no readable message)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


class NotANumber(ValueError):
    """A cell that is not a number (the message says what it is instead)."""


def _finite(number: float, value: object, limit: float) -> float:
    if not math.isfinite(number):
        raise NotANumber(f"{value!r} is not a finite number")
    if abs(number) > limit:
        raise NotANumber(f"{value!r} is beyond the plausible range (±{limit:,.0f})")
    return number


def _from_text(text: str, value: object, limit: float) -> float:
    compact = text.strip()
    if not _NUMBER.fullmatch(compact):
        raise NotANumber(f"{value!r} is not a number")
    return _finite(float(compact.replace(",", "")), value, limit)


def strict_number(value: object, *, limit: float = NUMBER_LIMIT) -> float:
    """A finite number from a cell; ``nan`` for a blank cell (``None`` or spaces).

    Raises:
        NotANumber: text that is not a plain number (``"NaN"``, ``"inf"``, ``"1_000"``,
            ``"12,3,4"``), a boolean, a non-finite number, or one beyond ``limit``.
    """
    kind = type(value)
    if (kind is float or kind is int) and -limit <= value <= limit:  # the common case, fast
        return float(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return math.nan
    if isinstance(value, bool):
        raise NotANumber(f"{value!r} is not a number")
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise NotANumber(f"{value!r} is not a number") from None
        return _finite(number, value, limit)
    if isinstance(value, str):
        return _from_text(value, value, limit)
    raise NotANumber(f"{value!r} is not a number")


def strict_money(value: object, *, limit: float = MONEY_LIMIT_GBP) -> float:
    """Pounds from a cell: a number, or text like ``£12,345``, ``(1,200)``, ``-£50``, ``-``.

    Returns ``nan`` for a blank cell and ``0.0`` for a lone dash.

    Raises:
        NotANumber: anything else (see :func:`strict_number`).
    """
    if not isinstance(value, str):
        return strict_number(value, limit=limit)
    text = value.strip()
    if not text:
        return math.nan
    if text in _DASHES:
        return 0.0
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    sign = ""
    if text[:1] in "+-":
        sign, text = text[:1], text[1:].strip()
    if text.startswith("£"):
        text = text[1:].strip()
    if text[:1] in "+-" and not sign:
        sign, text = text[:1], text[1:].strip()
    if not text or text[:1] in "+-" or (negative and sign):
        raise NotANumber(f"{value!r} is not an amount")
    number = _from_text(text, value, limit)
    return -number if (negative or sign == "-") else number


def amount(value: object) -> tuple[float, str | None]:
    """Pounds from a cell as :func:`strict_money` reads it, or NaN and the reason a reader puts
    next to the cell (``"expected an amount in £, found 'tbc'"``); NaN and no reason for a
    blank cell."""
    try:
        return strict_money(value), None
    except NotANumber:
        return math.nan, f"expected an amount in £, found {shown(value)}"


def cell_text(value: object) -> str | None:
    """A label cell as text: stripped, ``None`` when blank; a whole float as an integer (a
    scheme number ``1`` read back as ``1.0`` is ``"1"``)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None
