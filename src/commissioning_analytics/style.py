"""The pack's one visual language: colours, money and months, defined once for every page.

Every figure, table and page takes its colours and formats from here, so plan, most likely,
forecast, actual and outturn (and each RAG rating) look the same on every page and in print.
Colours are the NHS identity palette (england.nhs.uk/nhsidentity).
"""

from __future__ import annotations

import math

import pandas as pd

# NHS identity colour palette.
NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_BRIGHT_BLUE = "#0072CE"
NHS_LIGHT_BLUE = "#41B6E6"
NHS_AQUA_GREEN = "#00A499"
NHS_GREEN = "#009639"
NHS_WARM_YELLOW = "#FFB81C"
NHS_ORANGE = "#ED8B00"
NHS_RED = "#DA291C"
NHS_DARK_GREY = "#425563"
NHS_MID_GREY = "#768692"
NHS_PALE_GREY = "#E8EDEE"
NHS_PURPLE = "#330072"
NHS_PINK = "#AE2573"
NHS_BLACK = "#231F20"

# One colour per series, the same on every page.
SERIES = {
    "plan": NHS_DARK_BLUE,
    "most_likely": NHS_LIGHT_BLUE,
    "forecast": NHS_ORANGE,
    "actual": NHS_AQUA_GREEN,
    "outturn": NHS_PURPLE,
    "gap": NHS_RED,
}
SERIES_LABELS = {
    "plan": "Plan",
    "most_likely": "Most likely",
    "forecast": "Forecast",
    "actual": "Actual",
    "outturn": "Outturn",
    "gap": "Gap",
}
# Categorical colours for themes, phases, teams: never a series or RAG colour first.
CATEGORY_COLOURS = [NHS_BLUE, NHS_PINK, NHS_AQUA_GREEN, NHS_PURPLE, NHS_LIGHT_BLUE,
                    NHS_DARK_GREY, NHS_BRIGHT_BLUE, NHS_MID_GREY, NHS_DARK_BLUE, NHS_ORANGE]
RAG_COLOURS = {"green": NHS_GREEN, "amber": NHS_WARM_YELLOW, "red": NHS_RED}
RAG_TEXT = {"green": "white", "amber": NHS_BLACK, "red": "white"}
RAG_ORDER = ("green", "amber", "red")

MINUS = "\u2212"  # a true minus sign, as in print


def money(value_gbp: float | None, *, signed: bool = False) -> str:
    """Pounds as a director reads them, to three significant figures: ``£1.23m``, ``£456k``,
    ``−£28.7k``, ``£950``; ``"not available"`` for a missing value.

    Args:
        value_gbp: pounds.
        signed: put ``+`` before a positive amount (changes, variances).
    """
    if value_gbp is None or (isinstance(value_gbp, float) and math.isnan(value_gbp)) \
            or value_gbp is pd.NA:
        return "not available"
    value = float(value_gbp)
    sign = MINUS if value < 0 and round(abs(value)) > 0 else ("+" if signed and value > 0 else "")
    value = abs(value)
    amount = f"{value:.0f}"
    for scale, suffix in ((1e6, "m"), (1e3, "k")):
        if round(value) >= scale:
            scaled = value / scale
            amount = next(f"{scaled:.{d}f}{suffix}" for d, limit in ((2, 10), (1, 100), (0, None))
                          if limit is None or round(scaled, d) < limit)
            if suffix == "k" and amount == "1000k":
                amount = "1.00m"
            break
    return f"{sign}£{amount}"


def months(value: float, *, signed: bool = False) -> str:
    """A number of months in words: ``1 month``, ``+3 months``, ``−1 month``."""
    n = float(value)
    text = f"{abs(n):g} month{'' if abs(n) == 1 else 's'}"
    if n < 0:
        return MINUS + text
    return ("+" + text) if signed and n > 0 else text


def month_label(month) -> str:
    """A month as ``Oct 2026`` (a Period, Timestamp, date or ``"2026-10"``)."""
    return pd.Period(month, freq="M").strftime("%b %Y")


def month_name(month) -> str:
    """A month in full, ``October 2026``, for sentences."""
    return pd.Period(month, freq="M").strftime("%B %Y")
