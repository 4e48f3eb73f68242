"""The rating vocabulary: every way a register writes a rating, read as the board's green,
amber or red, by scale.

One table for every reader and for the header evidence (:mod:`.headers` asks it whether a
column's values look like ratings). A rating cell is read by its value, through the first scale
that knows it:

========================  ===================================================================
scale                     values (any case) -> rating
========================  ===================================================================
RAG                       Green, G -> green; Amber, A -> amber; Red, R -> red
BRAG                      Blue, B (delivered) -> green
RAYG                      Yellow (minor issues) -> amber
status words              On track, On target, Complete(d), Delivered, Achieved -> green;
                          At risk, Some risk, Not started, Delayed -> amber;
                          Off track, Off target, Stalled, Not delivered -> red
five-point letters        "Amber/Green", "A-R", "R/A": the worse of the two
confidence                High -> green, Medium -> amber, Low -> red (a header naming
                          confidence, certainty, assurance or deliverability)
risk                      High -> red, Medium -> amber, Low -> green (a header naming risk)
percentage                "80%" or 0.8 (a likelihood or confidence of delivery): the rating
                          whose board weight is nearest (green 100%, amber 75%, red 50%), so
                          88% and over green, 63% to 87% amber, under 63% red
fill                      a blank cell painted red, amber/orange/yellow or green (by hue)
========================  ===================================================================

A mapping file's ``values:`` (``On track: green``) adds words before these scales, so a
register's own words can be read or a standard word read otherwise. Every distinct value read
and the rating it became is kept by the register reader and shown in the load report.

The weight a rating carries is the model's (:mod:`..model.phasing`, ``weights.yml``); a blank
rating carries the weight set's ``unrated`` weight, stated there.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Mapping

RATINGS = ("green", "amber", "red")  # best first (schema.RAG_WORDS)
_WORSE = {r: i for i, r in enumerate(RATINGS)}

RAG = "RAG"
BRAG = "BRAG"
RAYG = "RAYG"
STATUS = "status words"
FIVE_POINT = "five-point letters"
CONFIDENCE = "confidence"
RISK = "risk"
PERCENT = "percentage"
FILL = "fill"
MAPPING = "mapping file"

SCALES: dict[str, dict[str, str]] = {
    RAG: {"green": "green", "g": "green", "amber": "amber", "a": "amber", "red": "red", "r": "red"},
    BRAG: {"blue": "green", "b": "green"},
    RAYG: {"yellow": "amber"},
    STATUS: {
        "on track": "green",
        "on target": "green",
        "complete": "green",
        "completed": "green",
        "delivered": "green",
        "achieved": "green",
        "at risk": "amber",
        "some risk": "amber",
        "not started": "amber",
        "delayed": "amber",
        "off track": "red",
        "off target": "red",
        "stalled": "red",
        "not delivered": "red",
    },
}
LEVELS: dict[str, dict[str, str]] = {
    RISK: {"high": "red", "medium": "amber", "med": "amber", "low": "green"},
    CONFIDENCE: {"high": "green", "medium": "amber", "med": "amber", "low": "red"},
}
_WORDS = {
    word: (rating, scale) for scale, words in SCALES.items() for word, rating in words.items()
}
_LETTERS = {w: r for w, r in SCALES[RAG].items()} | {"blue": "green", "b": "green"}
_SPLIT = re.compile(r"\s*[/\-&]\s*|\s+")
_PERCENT_TEXT = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*%$")
_BOARD_WEIGHTS = {"green": 1.0, "amber": 0.75, "red": 0.5}  # weights.yml's board set


def level_sense(header: str) -> str | None:
    """How a header's High / Medium / Low reads: as a ``"risk"`` (high = red) or a
    ``"confidence"`` (high = green); ``None`` when it names neither."""
    text = re.sub(r"\s+", " ", str(header).lower())
    if re.search(r"confiden|certaint|assurance|likelihood|deliverability|probab", text):
        return CONFIDENCE
    if re.search(r"\brisks?\b", text):
        return RISK
    return None


def _percent(value: object) -> float | None:
    """A share 0-1 from "80%" or a number 0-1 (how Excel stores 80%); ``None`` otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if 0 <= value <= 1 else None
    if isinstance(value, str):
        match = _PERCENT_TEXT.match(value.strip())
        if match and float(match[1]) <= 100:
            return float(match[1]) / 100
    return None


def rating_of_percent(share: float) -> str:
    """The rating whose board weight is nearest a likelihood of delivery (0-1); a tie goes to
    the worse rating."""
    return min(RATINGS, key=lambda r: (abs(_BOARD_WEIGHTS[r] - share), -_WORSE[r]))


def rating_of_fill(rrggbb: str | None) -> str | None:
    """A fill colour (``#RRGGBB``) as ``"red"``, ``"amber"`` or ``"green"``; ``None`` if it is
    none of them.

    By hue: red 0-15° or 340-360°, amber (orange to yellow) 18-65°, green 70-170°, for colours
    with some saturation (greys and white are no rating).
    """
    if not rrggbb or not re.fullmatch(r"#[0-9A-Fa-f]{6}", rrggbb):
        return None
    r, g, b = (int(rrggbb[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, saturation, value = colorsys.rgb_to_hsv(r, g, b)
    degrees = hue * 360
    if saturation < 0.25 or value < 0.25:
        return None
    if degrees <= 15 or degrees >= 340:
        return "red"
    if 18 <= degrees <= 65:
        return "amber"
    if 70 <= degrees <= 170:
        return "green"
    return None


def read_rating(
    value: object,
    sense: str | None = None,
    extra: Mapping[str, str] | None = None,
) -> tuple[str | None, str | None]:
    """A rating cell's value as ``(rating, scale)``; ``(None, None)`` when no scale knows it.

    Args:
        value: the cell (text, or a number for a percentage); not blank.
        sense: :func:`level_sense` of its header, for High / Medium / Low.
        extra: a mapping file's ``values`` (lower-case text -> rating), read first.
    """
    share = _percent(value)
    if share is not None:
        return rating_of_percent(share), PERCENT
    text = re.sub(r"\s+", " ", str(value).strip().lower())
    if extra and text in extra:
        return extra[text], MAPPING
    found = _WORDS.get(text)
    if found is not None:
        return found
    if sense is not None and text in LEVELS[sense]:
        return LEVELS[sense][text], sense
    parts = [p for p in _SPLIT.split(text) if p]
    if len(parts) == 2 and all(p in _LETTERS for p in parts):  # "Amber/Green": the worse
        return max((_LETTERS[p] for p in parts), key=_WORSE.__getitem__), FIVE_POINT
    return None, None


def looks_like_rating(text: str) -> bool:
    """Whether a (lower-case, stripped) cell text is a rating of some scale, a level or a
    percentage: value evidence for a rating column."""
    if text in _WORDS or text in LEVELS[RISK] or _PERCENT_TEXT.match(text):
        return True
    parts = [p for p in re.split(r"\s*[/\-&]\s*", text) if p]
    return bool(parts) and all(p in _LETTERS for p in parts)


def unknown_rating(value: object) -> str:
    """The reason a rating cell is refused, naming the scales that are read."""
    text = str(value).strip().lower()
    levels = (
        " (High, Medium, Low under a header naming risk or confidence)"
        if text in LEVELS[RISK]
        else ""
    )
    return (
        f"unknown RAG rating {value!r}: expected Green, Amber or Red{levels}, or a rating of "
        "another scale (Blue, Yellow, On track / At risk / Off track, a percentage); a "
        "mapping file's 'values:' can translate it"
    )
