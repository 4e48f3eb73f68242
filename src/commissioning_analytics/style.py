"""The pack's one visual language: colours, money and months, defined once for every page.

Every figure, table and page takes its colours and formats from here, so plan, most likely,
forecast, actual and outturn (and each RAG rating) look the same on every page and in print.
Colours are the NHS identity palette (england.nhs.uk/nhsidentity).
"""

from __future__ import annotations

import math
import textwrap

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
CATEGORY_COLOURS = [
    NHS_BLUE,
    NHS_PINK,
    NHS_AQUA_GREEN,
    NHS_PURPLE,
    NHS_LIGHT_BLUE,
    NHS_DARK_GREY,
    NHS_BRIGHT_BLUE,
    NHS_MID_GREY,
    NHS_DARK_BLUE,
    NHS_ORANGE,
]
RAG_COLOURS = {"green": NHS_GREEN, "amber": NHS_WARM_YELLOW, "red": NHS_RED}
RAG_TEXT = {"green": "white", "amber": NHS_BLACK, "red": "white"}
RAG_ORDER = ("green", "amber", "red")

# Making Data Count's own SPC icon and point colours (NHS England's "Making Data Count"): the
# one place outside the identity palette a page may take a colour from.
MDC_COMMON = "#7B7D7D"
MDC_IMPROVEMENT = "#289DE0"
MDC_CONCERN = "#FAB428"
MDC_NEUTRAL = "#361475"

# plotly's own dark text on a light cell (it picks it, or white, for heatmap cell labels so that
# the words stay readable on every RAG colour)
PLOTLY_CONTRAST_TEXT = "#444444"

# The board summary's verdict (see ``pages.index``): its words and its colour.
VERDICT_COLOURS = {"on track": NHS_GREEN, "at risk": NHS_WARM_YELLOW, "off track": NHS_RED}
VERDICT_TEXT = {"on track": "white", "at risk": NHS_BLACK, "off track": "white"}


def palette() -> set[str]:
    """Every colour a page may use (upper-case ``#RRGGBB``): the NHS identity colours and
    Making Data Count's. Tests check the built pages against this set."""
    return {
        v.upper()
        for k, v in globals().items()
        if k.isupper() and isinstance(v, str) and len(v) == 7 and v.startswith("#")
    }


MINUS = "\u2212"  # a true minus sign, as in print


def money(value_gbp: float | None, *, signed: bool = False) -> str:
    """Pounds as a director reads them, to three significant figures: ``£1.23bn``, ``£1.23m``,
    ``£456k``, ``−£28.7k``, ``£950``; ``"not available"`` for a missing value.

    Args:
        value_gbp: pounds.
        signed: put ``+`` before a positive amount (changes, variances).
    """
    if (
        value_gbp is None
        or (isinstance(value_gbp, float) and math.isnan(value_gbp))
        or value_gbp is pd.NA
    ):
        return "not available"
    value = float(value_gbp)
    sign = MINUS if value < 0 and round(abs(value)) > 0 else ("+" if signed and value > 0 else "")
    value = abs(value)
    amount = f"{value:.0f}"
    scales = ((1e9, "bn"), (1e6, "m"), (1e3, "k"))
    for i, (scale, suffix) in enumerate(scales):
        if round(value) >= scale:
            scaled = value / scale
            amount = next(
                f"{scaled:.{d}f}{suffix}"
                for d, limit in ((2, 10), (1, 100), (0, None))
                if limit is None or round(scaled, d) < limit
            )
            if amount == f"1000{suffix}" and i:  # rounds up into the next scale
                amount = f"1.00{scales[i - 1][1]}"
            break
    return f"{sign}£{amount}"


def months(value: float, *, signed: bool = False) -> str:
    """A number of months in words: ``1 month``, ``+3 months``, ``−1 month``."""
    n = float(value)
    text = f"{abs(n):g} month{'' if abs(n) == 1 else 's'}"
    if n < 0:
        return MINUS + text
    return ("+" + text) if signed and n > 0 else text


def wrap(text: str, width: int = 28, *, joiner: str = "<br>") -> str:
    """A long name on several lines, broken at spaces only (never mid-word), for chart labels:
    ``"Reduce follow-up outpatient appointments"`` -> ``"Reduce follow-up outpatient<br>appointments"``.
    A single word longer than ``width`` stays whole on its own line."""

    text = str(text)
    if len(text) <= width or joiner in text:
        return text
    return joiner.join(
        textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    )


def shorten(text: str, width: int = 50) -> str:
    """A name kept to one line where a chart has room for one only (a Gantt row): cut at a
    space, never mid-word, with ``…`` when words were left out."""

    text = " ".join(str(text).split())
    return text if len(text) <= width else textwrap.shorten(text, width=width, placeholder=" …")


def money_exact(value_gbp: float | None) -> str:
    """Whole pounds, ``£10,198,185`` / ``−£125,000``: only where a figure is set beside a
    workbook's own to tie out to the pound (the register tie-out, reconcile findings); every
    other figure is :func:`money`."""
    if value_gbp is None or value_gbp != value_gbp:
        return "—"
    value = float(value_gbp)
    return (MINUS if value < -0.5 else "") + f"£{abs(value):,.0f}"


#: the money formats, as a pattern (tests scan the pages with it): :func:`money` (``£950``,
#: ``£456k``, ``£45.6k``, ``£4.56k``, ``£1.23m``, ``£14.7bn``, ``+£28.7k``, ``−£28.7k``) and,
#: for tie-outs, :func:`money_exact` (``£10,198,185``)
MONEY_PATTERN = (
    r"[+\u2212]?£(?:\d{1,3}|\d\.\d\d(?:[km]|bn)|\d\d\.\d(?:[km]|bn)"
    r"|\d{3}(?:[km]|bn)|\d{1,3}(?:,\d{3})+)"
)


def month_label(month) -> str:
    """A month as ``Oct 2026`` (a Period, Timestamp, date or ``"2026-10"``)."""
    return pd.Period(month, freq="M").strftime("%b %Y")


def month_name(month) -> str:
    """A month in full, ``October 2026``, for sentences."""
    return pd.Period(month, freq="M").strftime("%B %Y")
