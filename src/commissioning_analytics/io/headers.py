"""Reading a table's header by evidence: declared fields, one scoring function, one assignment.

A reader (registers, plans) declares its canonical fields once, as :class:`Field` rows: the
words that name the field in real papers (with weights), the words of a group cell above it
("Rag Rating ...", "Director Assessment ..."), the financial year its header should name (this
year's column or next year's), the kind of value its cells hold, and whether it is required or
may take several columns (a month-by-month plan). :func:`score` weighs one header column
against one field; :func:`assign` gives each field at most one column (best total score, an
exact assignment: the Hungarian method) and keeps, for every choice, the evidence behind it and
the nearest alternative, so a close call is chosen *and* reported.

Evidence used for each column of the header block:

* the words of its sub-header and of the (merged) group cell above it;
* the financial year it names, in any form registers use (``2013/14``, ``2013-14``, ``13/14``,
  ``2013 / 2014``, ``FY14``, ``FY2013/14``), compared with the register's year;
* a sample of the values below it (:class:`ValueProfile`: dates or month text, whole numbers
  0-12, ratings of any scale (:mod:`.ratings`) or fills, money, short codes, names, long text, yes/no words), never the
  whole column.

Also here, because every reader needs them: where the header block is (:func:`find_header`),
the header cells with their groups (:func:`header_cells`), money units (:func:`money_unit`),
month-like headers (:func:`month_label`) and the financial year a header names
(:func:`header_year`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import calendar
from ..errors import ConfigError, Problem
from ..safe_yaml import load_yaml
from .efficiency import value_kinds as efficiency_kinds
from .ratings import looks_like_rating
from .workbook import column_letter

SAMPLE_VALUES = 60  # values per column looked at for value evidence
MIN_SCORE = 1.5  # below this a field is not given the column
CLOSE_CALL = 1.0  # a choice within this of an alternative is reported as a close call
_BLOCKED = -1e6


# --- text ---------------------------------------------------------------------------------


def norm(text: object) -> str:
    """Header text for matching: lower case, no quotes, one space between words."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    text = str(text).lower().replace("\n", " ")
    text = re.sub(r"[\"'`\u2018\u2019\u201c\u201d]", "", text)
    return re.sub(r"\s+", " ", text).strip()


# Financial years: 2013/14, 2013-14, 13/14, 2013 / 2014, 2013-2014, FY14, FY 2014, FY2013/14.
_FY_PAIR = re.compile(
    r"(?<![\d/])(?P<a>(?:19|20)?\d{2})\s*[/\-\u2013]\s*(?P<b>(?:19|20)?\d{2})(?![\d/])"
)
_FY_SHORT = re.compile(r"\bfy\s*'?(?P<y>(?:19|20)?\d{2})\b(?!\s*[/\-])", re.IGNORECASE)


def header_year(text: object) -> int | None:
    """The financial year (its starting calendar year) a header names, or ``None``.

    ``FY14`` / ``FY2014`` is the year ending March 2014 (2013/14), as NHS and HM Treasury
    papers use it. Two numbers that are not consecutive years (``12/13`` is, ``1/2`` is not,
    ``23/01`` of a date is not) name no year.

    >>> [header_year(t) for t in ("13/14 Planned", "2013-14", "2013 / 2014", "FY14", "19/20")]
    [2013, 2013, 2013, 2013, 2019]
    """
    if text is None or isinstance(text, (int, float, dt.date)):
        return None
    text = str(text)
    for match in _FY_PAIR.finditer(text):
        a, b = match["a"], match["b"]
        first = int(a) + (2000 if len(a) == 2 else 0)
        second = int(b) + (2000 if len(b) == 2 else 0)
        if len(a) == 2 and len(b) == 2 and first >= 2050:
            continue
        if second == first + 1:
            # a date like 23/01/2013 has a third part: the lookarounds refuse it
            return first
    match = _FY_SHORT.search(text)
    if match:
        year = match["y"]
        end = int(year) + (2000 if len(year) == 2 else 0)
        return end - 1
    return None


# Money units, in a header or a title row ("All values £000", "(£000s)", "£'000", "£k", "£m").
_UNITS = (
    (re.compile(r"£\s*m(?:illions?|n|s)?\b|£\s*million|\bin millions\b", re.I), "£m", 1e6),
    (
        re.compile(
            r"£\s*'?\s*0{3}s?|£\s*k\b|£\s*thousands?|\bin thousands\b|\b000s\b|"
            r"\(\s*0{3}\s*\)",
            re.I,
        ),
        "£000",
        1e3,
    ),
)


def money_unit(text: object) -> tuple[str, float] | None:
    """The money unit a header or title names, as ``(label, factor to pounds)``; ``None``
    when it names none (plain ``£`` is pounds: ``None`` too).

    >>> money_unit("Plan (£000s)"), money_unit("All values £'000"), money_unit("FYE £k")
    (('£000', 1000.0), ('£000', 1000.0), ('£000', 1000.0))
    """
    if not isinstance(text, str):
        return None
    for pattern, label, factor in _UNITS:
        if pattern.search(text):
            return label, factor
    return None


_MONTH_NUMBER = re.compile(r"^(?:m|mth|month|p|period)\s*0?(?P<n>[1-9]|1[0-2])$")
_MONTH_TEXT = re.compile(r"^[a-z]{3,9}[\s\-/'.]*(?:\d{2}|\d{4})$")
_MONTH_ONLY = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|"
    r"dec(?:ember)?)$"
)


def month_label(value: object, year: int | None = None) -> tuple[str, object] | None:
    """A header that names one month: ``("month", Period)`` for ``Apr-19``, ``April 2019``,
    ``2019-04`` or a date; ``("number", n)`` for ``M1``, ``Month 1``, ``Mth 01``, ``P1``
    (n = 1 for April); ``("name", n)`` for a bare month name (``Apr``); else ``None``.
    """
    if isinstance(value, (dt.date, pd.Timestamp)):
        return "month", pd.Period(value, freq="M")
    if not isinstance(value, str):
        return None
    text = norm(value)
    text = re.sub(r"\b(?:plan|actual|forecast|budget|target|profile|£0{3}|£k|£)\b", "", text)
    text = text.strip(" :()-")
    match = _MONTH_NUMBER.match(text)
    if match:
        return "number", int(match["n"])
    if _MONTH_TEXT.match(text) or re.match(r"^\d{4}-\d{2}$", text):
        try:
            return "month", calendar.parse_month(text)
        except ValueError:
            return None
    if _MONTH_ONLY.match(text):
        try:
            month = calendar.parse_month(f"{text[:3]} 2000")
        except ValueError:
            return None
        return "name", calendar.fy_month_number(month)
    return None


def names_month(text: str, period: pd.Period) -> bool:
    """Whether a sheet name or title names the reporting month ("M7", "Month 7", "October",
    "Oct-26", "October 2026", "2026-10")."""
    low = norm(text)
    number = calendar.fy_month_number(period)
    if re.search(rf"\b(?:m|mth|month|p|period)\s*0?{number}\b", low):
        return True
    names = (period.strftime("%B").lower(), period.strftime("%b").lower())
    for match in re.finditer(r"[a-z]{3,9}", low):
        if match.group(0) in names:
            rest = low[match.end() :].lstrip(" -/'.")
            year = re.match(r"\d{2,4}", rest)
            if year is None or int(year.group(0)) % 100 == period.year % 100:
                return True
    return bool(re.search(period.strftime("%Y-%m"), low))


# --- values -------------------------------------------------------------------------------

_TRUE = {"y", "yes", "recurrent", "r", "true", "rec"}
_FALSE = {
    "n",
    "no",
    "non-recurrent",
    "non recurrent",
    "nonrecurrent",
    "nr",
    "false",
    "one-off",
    "one off",
    "non-rec",
    "nonrec",
}
_PERCENT = re.compile(r"^\d{1,3}(?:\.\d+)?\s*%$")
_MONEY_TEXT = re.compile(r"^\(?-?£?\s*-?[\d,]+(?:\.\d+)?\)?[km]?$", re.I)


def _is_num(v) -> bool:
    return (
        isinstance(v, (int, float, np.integer, np.floating))
        and not isinstance(v, bool)
        and not (isinstance(v, float) and np.isnan(v))
    )


@dataclass
class ValueProfile:
    """What a sample of a column's values looks like: shares of the non-blank values (0-1).

    Attributes:
        n: non-blank values sampled.
        filled: share of sampled rows (blank or not) painted red, amber or green.
        share: share of values that are a likelihood: a number 0-1 or a percentage text.
    """

    n: int = 0
    number: float = 0.0
    whole_0_12: float = 0.0
    whole_signed_12: float = 0.0
    phase: float = 0.0
    big: float = 0.0
    month: float = 0.0
    rag: float = 0.0
    boolean: float = 0.0
    short_code: float = 0.0
    text: float = 0.0
    long_text: float = 0.0
    unique: float = 0.0
    filled: float = 0.0
    share: float = 0.0
    stage: float = 0.0  # efficiency-plan words (:mod:`.efficiency`)
    spend: float = 0.0
    cash: float = 0.0
    qia: float = 0.0

    @classmethod
    def of(cls, values: Sequence, fills: Sequence | None = None) -> ValueProfile:
        """Profile of up to :data:`SAMPLE_VALUES` values (``fills``: RAG word or None each)."""
        values = list(values)[:SAMPLE_VALUES]
        rated = 0
        if fills is not None:
            rated = sum(1 for f in list(fills)[:SAMPLE_VALUES] if f)
        kept = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
        p = cls(n=len(kept), filled=rated / len(values) if values else 0.0)
        if not kept:
            return p
        counts = dict.fromkeys(
            (
                "number",
                "whole_0_12",
                "whole_signed_12",
                "phase",
                "big",
                "month",
                "rag",
                "boolean",
                "short_code",
                "text",
                "long_text",
                "share",
                "stage",
                "spend",
                "cash",
                "qia",
            ),
            0,
        )
        for v in kept:
            if isinstance(v, (dt.date, pd.Timestamp)):
                counts["month"] += 1
                continue
            if _is_num(v):
                counts["number"] += 1
                f = float(v)
                whole = f.is_integer()
                counts["whole_0_12"] += whole and 0 <= f <= 12
                counts["whole_signed_12"] += whole and -12 <= f <= 12
                counts["phase"] += f in (1.0, 2.0, 3.0, 4.0)
                counts["big"] += abs(f) > 12 or not whole
                counts["short_code"] += whole and f >= 0
                counts["share"] += 0 <= f <= 1
                continue
            t = str(v).strip()
            low = re.sub(r"\s+", " ", t.lower())
            if _PERCENT.match(low):  # "80%": a likelihood of delivery
                counts["share"] += 1
                counts["rag"] += 1
                continue
            if looks_like_rating(low):
                counts["rag"] += 1
            for kind in efficiency_kinds(low):
                counts["spend" if kind == "category" else kind] += 1
            if low in _TRUE or low in _FALSE:
                counts["boolean"] += 1
            if _MONEY_TEXT.match(t.replace(" ", "")) and any(c.isdigit() for c in t):
                counts["number"] += 1
                counts["big"] += 1
                counts["short_code"] += t.isdigit()
                continue
            if re.fullmatch(r"(?:phase\s*)?[1-4]", low):
                counts["phase"] += 1
            if re.fullmatch(r"[a-z]{3,9}[\s\-/'.]*(?:\d{2}|\d{4})", low) or re.fullmatch(
                r"\d{4}-\d{2}(?:-\d{2})?|\d{1,2}/\d{1,2}/\d{2,4}", low
            ):
                try:
                    calendar.parse_month(t)
                    counts["month"] += 1
                    continue
                except ValueError:
                    pass
            if len(t) <= 14 and len(t.split()) <= 2 and any(c.isdigit() for c in t):
                counts["short_code"] += 1
            elif any(c.isalpha() for c in t):
                counts["text"] += 1
                counts["long_text"] += len(t) >= 30
        for key, count in counts.items():
            setattr(p, key, count / len(kept))
        p.unique = len({str(v).strip().lower() for v in kept}) / len(kept)
        return p


def _mostly(share: float, other: float) -> float:
    """+2 when every value fits, -2 when none does (only ``other`` counts against)."""
    return 2.0 * share - 2.0 * other


def _fits(share: float, n: int) -> float:
    """+2 when at least 70% of the values are of the vocabulary, -2 (ruled out) otherwise; 0
    for an empty column."""
    if not n:
        return 0.0
    return 2.0 if share >= 0.7 else -2.0


# Value kinds: name -> score of a profile (about -2 to +2; 0 for an empty column).
VALUE_KINDS: dict[str, Callable[[ValueProfile], float]] = {
    "id": lambda p: 2.0 * p.short_code * p.unique - 1.5 * p.long_text - 1.0 * p.rag,
    "name": lambda p: (
        2.0 * p.text * min(1.0, p.unique + 0.2) - 1.5 * p.number - 1.5 * p.rag - 1.0 * p.month
    ),
    "category": lambda p: (
        2.0 * p.text * (1.0 if p.unique < 0.8 or p.n < 4 else 0.4)
        - 1.5 * p.number
        - 1.0 * p.rag
        - 1.0 * p.long_text
    ),
    "person": lambda p: 1.5 * p.text - 1.5 * p.long_text - 1.5 * p.number - 1.0 * p.rag,
    "long_text": lambda p: 1.0 * p.text + 1.0 * p.long_text - 1.5 * p.number - 1.0 * p.rag,
    "month": lambda p: _mostly(p.month, 1 - p.month - (p.number > 0.9) * 0.5),
    "date": lambda p: _mostly(p.month, 1 - p.month),
    "months": lambda p: _mostly(p.whole_0_12, 1 - p.whole_0_12),
    "signed_months": lambda p: _mostly(p.whole_signed_12, 1 - p.whole_signed_12),
    "phase": lambda p: _mostly(p.phase, 1 - p.phase),
    "money": lambda p: 2.0 * p.number * (0.5 + 0.5 * p.big) - 2.0 * (p.text + p.month + p.rag),
    "rag": lambda p: (
        (2.0 * max(p.rag, p.filled, p.share) if p.n else 2.0 * p.filled)
        - 2.0 * (1 - max(p.rag, p.share)) * (p.n > 0)
    ),
    "bool": lambda p: _mostly(p.boolean, 1 - p.boolean),
    # efficiency plans (:mod:`.efficiency`): stage, pay / non-pay, cash-releasing, QIA, WTE;
    # all or nothing: a "Category" or "Status" column of other words stays what it was
    "stage": lambda p: _fits(p.stage, p.n),
    "spend": lambda p: _fits(p.spend, p.n),
    "cash": lambda p: _fits(max(p.cash, p.boolean), p.n),
    "qia": lambda p: _fits(max(p.qia, p.boolean) + p.month, p.n),
    "quantity": lambda p: _mostly(p.number, 1 - p.number),
}


# --- fields -------------------------------------------------------------------------------

Words = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Field:
    """One canonical column a reader looks for.

    Attributes:
        name: the canonical column.
        words: ``(regex, weight)`` pairs matched on the normalised sub-header; the best
            matching weight counts (a strong phrase ~4, a weak word ~1.5).
        values: a key of :data:`VALUE_KINDS` (or ``None``: no value evidence).
        required: the reader cannot go on without it.
        multi: several columns may take it (e.g. one per month); kept out of the assignment.
        year: ``"this"`` or ``"next"``: the financial year its header should name, if any.
        group: ``(regex, weight)`` pairs matched on the group cell above (a "Rag Rating ..."
            panel is evidence for every rating field).
        order: where in its group the field usually sits (0 first, 1 last): a small bonus that
            settles a panel whose sub-headers are arbitrary words.
        avoid: regexes on the sub-header that rule the field out (``"ytd"`` for annual plan).
        avoid_unnamed: regexes that rule the field out in the sub-header, and in the group
            only when the sub-header does not name the field in words ("Full year forecast /
            Gross Plan" is a plan, "Full year forecast / Gross Actual" is not).
        output: ``False`` for fields recognised only so their columns are not misread.
    """

    name: str
    words: Words
    values: str | None = None
    required: bool = False
    multi: bool = False
    year: str | None = None
    group: Words = ()
    order: float | None = None
    avoid: tuple[str, ...] = ()
    avoid_unnamed: tuple[str, ...] = ()
    output: bool = True


_PATTERNS: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    """A field's word pattern compiled once (``re.search`` looks each up in re's cache, which
    costs more than the search of a short header)."""
    found = _PATTERNS.get(pattern)
    if found is None:
        found = _PATTERNS[pattern] = re.compile(pattern)
    return found


def _best(patterns: Words, text: str) -> tuple[float, str | None]:
    """The best weight of the patterns found in ``text``, and the words that matched."""
    best, why = 0.0, None
    if not text:
        return best, why
    for pattern, weight in patterns:
        if weight > best:
            match = _compiled(pattern).search(text)
            if match:
                best, why = weight, match.group(0).strip() or pattern
    return best, why


@dataclass
class HeaderCell:
    """One column of the header block.

    Attributes:
        column: 1-based column.
        group: text of the group cell above (merged or spread over the group), or "".
        sub: the column's own header text ("" when only the group row names it).
        values: a sample of the values below (for :class:`ValueProfile`).
        fills: RAG reading of each sampled cell's fill, or ``None`` each.
    """

    column: int
    group: str
    sub: str
    values: list = field(default_factory=list, repr=False)
    fills: list | None = field(default=None, repr=False)
    _profile: ValueProfile | None = field(default=None, repr=False)

    @property
    def shown(self) -> str:
        """The header as a person would quote it: ``group / sub``."""
        if self.group and self.sub and norm(self.group) != norm(self.sub):
            return f"{self.group} / {self.sub}"
        return self.sub or self.group

    @property
    def profile(self) -> ValueProfile:
        if self._profile is None:
            self._profile = ValueProfile.of(self.values, self.fills)
        return self._profile

    @property
    def year(self) -> int | None:
        return header_year(self.sub) or header_year(self.group)


@lru_cache(maxsize=4096)
def _norm_header(text: str) -> str:
    """:func:`norm` of a header text, once per text (every column is scored against every
    field)."""
    return norm(text)


def header_words(f: Field, cell: HeaderCell) -> float:
    """The header evidence alone for a field: its words in the sub-header, plus the best of its
    group words or its own words in the group (at 0.8), as :func:`score` weighs them; 0 for a
    header its ``avoid`` words rule out."""
    sub, group = _norm_header(cell.sub), _norm_header(cell.group)
    if any(_compiled(p).search(sub) or _compiled(p).search(group) for p in f.avoid):
        return 0.0
    return _best(f.words, sub)[0] + max(_best(f.group, group)[0], 0.8 * _best(f.words, group)[0])


def score(f: Field, cell: HeaderCell, year: int | None = None) -> tuple[float, list[str]]:
    """How well a header column fits a field, and the evidence, in words.

    Header evidence (sub-header words; group words, at 0.8 of their weight, or the field's
    group words) must be there for a column to be given the field at all; the year and value
    evidence then add or take away. Returns ``(_BLOCKED, ...)`` when the field is ruled out.
    """
    sub, group = _norm_header(cell.sub), _norm_header(cell.group)
    evidence: list[str] = []
    for pattern in f.avoid:
        if _compiled(pattern).search(sub) or _compiled(pattern).search(group):
            return _BLOCKED, [f"header {cell.shown!r} rules it out"]
    words, why = _best(f.words, sub)
    named = words >= 3 and why is not None and re.search(r"[a-z]{3}", why)
    for pattern in f.avoid_unnamed:
        if _compiled(pattern).search(sub) or (not named and _compiled(pattern).search(group)):
            return _BLOCKED, [f"header {cell.shown!r} rules it out"]
    if words:
        evidence.append(f"header words {why!r} +{words:g}")
    group_words, gwhy = _best(f.group, group)
    inherited, iwhy = _best(f.words, group)
    inherited *= 0.8
    if max(group_words, inherited) > 0:
        if group_words >= inherited:
            evidence.append(f"group {cell.group!r} +{group_words:g}")
        else:
            evidence.append(f"group words {iwhy!r} +{inherited:g}")
    header = words + max(group_words, inherited)
    if header <= 0:
        return _BLOCKED, ["no header evidence"]
    total = header
    named = cell.year
    if f.year and year is not None:
        wanted = year if f.year == "this" else year + 1
        if named is not None:
            if named == wanted:
                total += 2.0
                evidence.append(f"names {calendar.fy_label(named)} ({f.year} year) +2")
            else:
                return _BLOCKED, [f"names {calendar.fy_label(named)}, not {f.year} year"]
    elif (
        f.year == "next"
        and named is None
        and not re.search(
            r"next|following|future|subsequent|\bfye? impact|c/f|carry", sub + " " + group
        )
    ):
        total -= 2.5
        evidence.append("names no later year -2.5")
    if f.values:
        value = VALUE_KINDS[f.values](cell.profile)
        if cell.profile.n >= 2 and value <= -1.5:  # the values say otherwise, whatever the words
            return _BLOCKED, [f"values are not {f.values} ({value:+.1f})"]
        if cell.profile.n or cell.profile.filled:
            total += value
            evidence.append(f"values look like {f.values} {value:+.1f}")
    return total, evidence


def _order_bonus(fields: Sequence[Field], cells: Sequence[HeaderCell]) -> np.ndarray:
    """Bonus (0-0.6) for a field sitting where it usually does in its group."""
    bonus = np.zeros((len(cells), len(fields)))
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(cells):
        if c.group:
            groups.setdefault(norm(c.group), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            rel = k / (len(members) - 1)
            for j, f in enumerate(fields):
                if f.order is not None:
                    bonus[i, j] = 0.6 * (1 - abs(rel - f.order))
    return bonus


def hungarian(cost: np.ndarray) -> list[tuple[int, int]]:
    """Rows matched to columns at least total cost (rows <= columns), Kuhn-Munkres, O(n^3).

    Returns ``(row, column)`` pairs, one per row.
    """
    n, m = cost.shape
    if n == 0:
        return []
    if n > m:
        return [(r, c) for c, r in hungarian(cost.T)]
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=int)  # p[j]: row (1-based) matched to column j
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            free = ~used[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            candidates = np.where(free, minv[1:], np.inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[p[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return [(int(p[j]) - 1, j - 1) for j in range(1, m + 1) if p[j]]


@dataclass
class Choice:
    """A header column given to a field, with why."""

    cell: HeaderCell
    field: str
    score: float
    evidence: list[str]
    runner_up: tuple[str, float] | None = None  # the best other reading of this column
    rival: tuple[str, float] | None = None  # the best other column for this field

    @property
    def close(self) -> bool:
        """Another reading came within :data:`CLOSE_CALL` of this one."""
        return any(
            alt is not None and self.score - alt[1] < CLOSE_CALL
            for alt in (self.runner_up, self.rival)
        )

    def describe(self) -> str:
        text = (
            f"{self.cell.shown!r} -> {self.field} (score {self.score:.1f}: "
            f"{'; '.join(self.evidence)})"
        )
        if self.close:
            alts = []
            if self.runner_up and self.score - self.runner_up[1] < CLOSE_CALL:
                alts.append(f"it could be {self.runner_up[0]} ({self.runner_up[1]:.1f})")
            if self.rival and self.score - self.rival[1] < CLOSE_CALL:
                alts.append(f"{self.rival[0]!r} could be {self.field} ({self.rival[1]:.1f})")
            text += f"; close call: {', '.join(alts)}"
        return text


@dataclass
class Assignment:
    """The outcome of :func:`assign`."""

    choices: dict[str, Choice]
    unmapped: list[tuple[HeaderCell, str]]
    missing: list[str]  # required fields no column was given

    def column(self, name: str) -> int | None:
        """1-based column of a field, or ``None``."""
        choice = self.choices.get(name)
        return choice.cell.column if choice else None


def assign(
    fields: Sequence[Field],
    cells: Sequence[HeaderCell],
    year: int | None = None,
    fixed: dict[int, str] | None = None,
    min_score: float = MIN_SCORE,
) -> Assignment:
    """Give each single-valued field at most one column, maximising the total score.

    Args:
        fields: the reader's declared fields (multi-valued ones are left to the caller).
        cells: the header columns (cells already claimed, e.g. month columns, left out).
        year: the register's financial year, for fields that name one.
        fixed: column -> field given by the user (a mapping file); taken as is.
        min_score: a pairing scoring less is not made.
    """
    fixed = fixed or {}
    single = [f for f in fields if not f.multi]
    free_cells = [c for c in cells if c.column not in fixed]
    free_fields = [f for f in single if f.name not in fixed.values()]
    scores = np.full((len(free_cells), len(free_fields)), _BLOCKED)
    why: dict[tuple[int, int], list[str]] = {}
    for i, c in enumerate(free_cells):
        for j, f in enumerate(free_fields):
            s, ev = score(f, c, year)
            scores[i, j] = s
            why[i, j] = ev
    bonus = _order_bonus(free_fields, free_cells)
    scores = np.where(scores > _BLOCKED / 2, scores + bonus, scores)
    for (i, j), ev in why.items():
        if bonus[i, j] > 0.05 and scores[i, j] > _BLOCKED / 2:
            ev.append(f"place in its group +{bonus[i, j]:.1f}")
    allowed = scores >= min_score
    cost = np.where(allowed, -scores, 1e6)
    choices: dict[str, Choice] = {}
    used: set[int] = set()
    for i, j in hungarian(cost):
        if not allowed[i, j]:
            continue
        row = np.where(allowed[i], scores[i], -np.inf)
        row_alt = np.delete(row, j)
        runner = None
        if len(row_alt) and np.isfinite(row_alt.max()):
            k = int(np.argmax(row_alt))
            k += k >= j
            runner = (free_fields[k].name, float(scores[i, k]))
        col = np.where(allowed[:, j], scores[:, j], -np.inf)
        col_alt = np.delete(col, i)
        rival = None
        if len(col_alt) and np.isfinite(col_alt.max()):
            k = int(np.argmax(col_alt))
            k += k >= i
            rival = (free_cells[k].shown, float(scores[k, j]))
        choices[free_fields[j].name] = Choice(
            free_cells[i], free_fields[j].name, float(scores[i, j]), why[i, j], runner, rival
        )
        used.add(i)
    for c in cells:
        if c.column in fixed:
            choices[fixed[c.column]] = Choice(
                c, fixed[c.column], float("inf"), ["named in the mapping file"]
            )
    unmapped = []
    for i, c in enumerate(free_cells):
        if i in used:
            continue
        row = scores[i]
        if len(row) and row.max() > _BLOCKED / 2:
            j = int(np.argmax(row))
            reason = f"best reading {free_fields[j].name} scored {row[j]:.1f}"
            taken = choices.get(free_fields[j].name)
            if taken is not None and row[j] >= min_score:
                reason += f", but {taken.cell.shown!r} fits it better ({taken.score:.1f})"
        else:
            named = c.year
            reason = (
                f"names {calendar.fy_label(named)}, not this year or next"
                if named is not None and year is not None and named not in (year, year + 1)
                else "no header evidence"
            )
        unmapped.append((c, reason))
    missing = [f.name for f in single if f.required and f.name not in choices]
    return Assignment(choices, unmapped, missing)


# --- the header block ---------------------------------------------------------------------


def _texts(values: Sequence) -> dict[int, str]:
    """1-based column -> text of each non-blank text (or date) cell of a row."""
    out = {}
    for i, v in enumerate(values):
        if isinstance(v, str) and v.strip():
            out[i + 1] = v.strip()
        elif isinstance(v, (dt.date, pd.Timestamp)):
            out[i + 1] = v
    return out


def header_evidence(
    values: Sequence, fields: Sequence[Field], strong: float = 2.5, memo: dict | None = None
) -> int:
    """How many distinct fields (or month columns, counted once) a row's texts name with a
    word of weight ``strong`` or more.

    ``memo``: a dict kept across rows read with the same ``fields`` and ``strong``, so each
    distinct text is read once (rows of a register repeat their themes and ratings)."""
    memo = {} if memo is None else memo
    named: set[str] = set()
    months = 0
    for v in _texts(values).values():
        key = (type(v), v)
        if key not in memo:  # None: a month label
            memo[key] = (
                None
                if month_label(v) is not None
                else frozenset(
                    f.name for f in fields if f.output and _best(f.words, norm(v))[0] >= strong
                )
            )
        names = memo[key]
        if names is None:
            months += 1
        else:
            named |= names
    return len(named) + (1 if months >= 3 else 0)


def is_header_like(values: Sequence) -> bool:
    """Two or more text cells and few figures: a header (or group) row, not data."""
    texts = _texts(values)
    strings = sum(1 for v in texts.values() if isinstance(v, str))
    numbers = sum(1 for v in values if _is_num(v))
    return strings >= 2 and numbers <= max(1, strings // 4)


def find_header(
    rows: Sequence[Sequence],
    fields: Sequence[Field],
    min_fields: int = 3,
    header_row: int | None = None,
    strong: float = 2.5,
) -> tuple[int, int] | None:
    """Index (in ``rows``) of the first and last rows of the header block, or ``None``.

    The row naming most fields is the header; a header-like row just above it is its group
    row, or a header-like row just below naming a field is its sub-header row.
    """
    if header_row is not None:
        last = header_row - 1
        if last >= len(rows):
            return None
        first = last
        if last > 0 and is_header_like(rows[last - 1]):
            first = last - 1  # the group row of a two-row header (or cells merged down into it)
        return first, last
    memo: dict = {}
    scores = [
        header_evidence(r, fields, strong, memo)
        if is_header_like(r) or sum(1 for v in r if isinstance(v, str) and v.strip()) >= 3
        else 0
        for r in rows
    ]
    if not scores or max(scores) < min_fields:
        return None
    best = scores.index(max(scores))
    below = rows[best + 1] if best + 1 < len(rows) else []
    if is_header_like(below) and not any(_is_num(v) for v in below) and scores[best + 1] >= 1:
        return best, best + 1
    if best > 0 and is_header_like(rows[best - 1]):
        return best - 1, best
    return best, best


def header_cells(
    rows: Sequence[Sequence],
    first: int,
    last: int,
    merges: Iterable = (),
    row_offset: int = 1,
    data: Sequence[Sequence] = (),
    fills: Sequence[Sequence] | None = None,
) -> list[HeaderCell]:
    """The columns of a header block, each with its group text and a sample of its values.

    Args:
        rows: the rows read so far (the header block among them).
        first, last: the header block, indices in ``rows``.
        merges: merged ranges (``min_row, min_col, max_row, max_col``, 1-based) of the sheet.
            With none at all in the group row, a group label spreads right over the columns
            that have a sub-header and nothing above (as a CSV or an .xls read without merges
            shows a merged group).
        row_offset: worksheet row number of ``rows[0]``.
        data: rows below the header (a sample is enough).
        fills: RAG reading of each cell of ``data`` (same shape), or ``None``.
    """
    top = _texts(rows[first]) if first != last else {}
    bottom = _texts(rows[last])
    top = {c: v for c, v in top.items() if isinstance(v, str) or c not in bottom}
    top_row = first + row_offset
    if first != last:
        merged_here = [
            m for m in merges if m.min_row <= top_row <= m.max_row and m.max_col > m.min_col
        ]
        for m in merged_here:
            label = top.get(m.min_col)
            for col in range(m.min_col + 1, m.max_col + 1):
                if label and col not in top:
                    top[col] = label
        if not any(m.min_row <= top_row <= m.max_row for m in merges):
            label = None
            for col in range(1, max([*top, *bottom, 0]) + 1):
                if col in top:
                    label = top[col] if col in bottom else None
                    continue
                if label and col in bottom:
                    top[col] = label
                else:
                    label = None
    cells = []
    for col in sorted(set(top) | set(bottom)):
        group = top.get(col, "")
        sub = bottom.get(col, "")
        if not sub and first != last:
            sub, group = group, ""
        sample = [r[col - 1] if col - 1 < len(r) else None for r in data]
        sample_fills = None
        if fills is not None:
            sample_fills = [f[col - 1] if col - 1 < len(f) else None for f in fills]
        cells.append(
            HeaderCell(col, group if isinstance(group, str) else "", sub, sample, sample_fills)
        )
    return cells


# -- mapping files ----------------------------------------------------------------------------

IGNORE = "ignore"  # a mapping file's word for "leave this column out"
MAPPING_KEYS = ("columns", "sheet", "header_row", "values", "weights", "exclude_rows", "time_axis")
WEIGHT_KEYS = ("green", "amber", "red", "unrated")


@dataclass(frozen=True)
class MappingSpec:
    """A mapping file as written: what every reader's mapping may say.

    Attributes:
        file: the mapping file's name.
        columns: header text (as written) -> column name (``ignore`` for a blank).
        sheet: the sheet, as written (``None`` if absent).
        header_row: the (last) header row, 1-based (``None`` if absent).
        values: a cell's text (lower case, single spaces) -> what it means (a rating).
        weights: ``green`` / ``amber`` / ``red`` / ``unrated`` -> weight 0-1.
        exclude_rows: worksheet row ranges (1-based, inclusive) not to read.
        time_axis: a plan's time axis as written (``{start: ...}`` or ``{iso_weeks: ...}``), or
            ``None``; the plan reader checks it.
    """

    file: str
    columns: dict
    sheet: object = None
    header_row: int | None = None
    values: dict = field(default_factory=dict)
    weights: dict = field(default_factory=dict)
    exclude_rows: tuple[tuple[int, int], ...] = ()
    time_axis: object = None


def _row_ranges(spec, file: str, problems: list) -> tuple[tuple[int, int], ...]:
    """``exclude_rows``: a row (``40``), a range (``"40-55"``, ``[40, 55]``), or a list of them."""

    items = spec if isinstance(spec, list) and not _is_pair(spec) else [spec]
    out = []
    for item in items:
        if _is_pair(item):
            first, last = item
        elif isinstance(item, int) and not isinstance(item, bool):
            first = last = item
        elif isinstance(item, str) and re.fullmatch(r"\s*\d+\s*(?:[-\u2013]|to)\s*\d+\s*", item):
            first, last = (int(n) for n in re.findall(r"\d+", item))
        else:
            first = last = None
        if first is None or not 1 <= first <= last:
            problems.append(
                Problem(file, f"exclude_rows {item!r}: expected a row or a range like '40-55'")
            )
            continue
        out.append((first, last))
    return tuple(out)


def _is_pair(item) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in item)
    )


def read_mapping_spec(path, known: Sequence[str], meanings: Sequence[str] = ()) -> MappingSpec:
    """A YAML mapping file read safely (:func:`safe_yaml.load_yaml`: UTF-8, no aliases,
    size-limited) with a header such as "No" kept as text, not YAML's false; every problem at
    once. Shared by the register and plan readers, which each check the columns against their
    own names.

    Args:
        path: the mapping file.
        known: the column names a mapping may use (besides ``ignore``).
        meanings: what a ``values:`` line may translate a cell to (the ratings); empty: the
            reader translates no values.

    Raises:
        ConfigError: naming the file: missing or malformed, an unknown column or value
            meaning, a weight that is not 0-1, a header row that is not a row number.
    """

    class HeaderLoader(yaml.SafeLoader):
        """YAML with no yes/no booleans: a header "No" (the scheme number) stays the text."""

    HeaderLoader.yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def keys(spec: dict) -> list:
        out = list(spec)
        for part in ("columns", "values"):
            if isinstance(spec.get(part), dict):
                out += list(spec[part])
        return out

    path = Path(path)
    try:
        spec = load_yaml(path)  # UTF-8, no aliases, finite numbers: one-line ConfigError
        if isinstance(spec, dict) and any(isinstance(k, bool) for k in keys(spec)):
            # checked safe above; parsed again so that a header "No" stays the text, not false
            spec = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=HeaderLoader)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        raise ConfigError(Problem(path.name, f"not a readable YAML mapping ({error})")) from None
    if not isinstance(spec, dict):
        raise ConfigError(Problem(path.name, "expected 'header text: column' lines"))
    columns = spec.get("columns", {k: v for k, v in spec.items() if k not in MAPPING_KEYS})
    problems = []
    if not isinstance(columns, dict):
        problems.append(Problem(path.name, "'columns' must map header text to a column"))
        columns = {}
    columns = {k: (IGNORE if v is None else v) for k, v in columns.items()}
    for header, column in columns.items():
        if column != IGNORE and column not in known:
            problems.append(
                Problem(
                    path.name,
                    f"header {header!r}: unknown column {column!r}; "
                    f"expected one of {', '.join(known)} or {IGNORE}",
                )
            )
    header_row = spec.get("header_row")
    if header_row is not None and (
        not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1
    ):
        problems.append(Problem(path.name, f"header_row {header_row!r}: expected a row number"))
    values: dict[str, str] = {}
    raw_values = spec.get("values") or {}
    if not isinstance(raw_values, dict):
        problems.append(Problem(path.name, "'values' must map a cell's text to what it means"))
        raw_values = {}
    for text, meaning in raw_values.items():
        wanted = str(meaning).strip().lower() if meaning is not None else ""
        if wanted not in meanings:
            expected = ", ".join(meanings) if meanings else "nothing: this reader has no values"
            problems.append(
                Problem(path.name, f"values {text!r}: {meaning!r} is not one of {expected}")
            )
            continue
        values[norm(text)] = wanted
    weights: dict[str, float] = {}
    raw_weights = spec.get("weights") or {}
    if not isinstance(raw_weights, dict):
        problems.append(Problem(path.name, "'weights' must map a rating to a weight 0-1"))
        raw_weights = {}
    for key, weight in raw_weights.items():
        name = str(key).strip().lower()
        number = weight
        if isinstance(weight, str) and weight.strip().endswith("%"):
            try:
                number = float(weight.strip()[:-1]) / 100
            except ValueError:
                number = None
        if (
            name not in WEIGHT_KEYS
            or isinstance(number, bool)
            or not isinstance(number, (int, float))
            or not 0 <= number <= 1
        ):
            problems.append(
                Problem(
                    path.name,
                    f"weights {key!r}: {weight!r}: expected {', '.join(WEIGHT_KEYS)} with a "
                    "weight from 0 to 1 (or 0% to 100%)",
                )
            )
            continue
        weights[name] = float(number)
    exclude = ()
    if spec.get("exclude_rows") is not None:
        exclude = _row_ranges(spec["exclude_rows"], path.name, problems)
    if problems:
        raise ConfigError(problems)
    return MappingSpec(
        path.name,
        columns,
        spec.get("sheet"),
        header_row,
        values,
        weights,
        exclude,
        spec.get("time_axis"),
    )


def read_mapping_file(path, known: Sequence[str]) -> tuple[dict, object, int | None]:
    """:func:`read_mapping_spec`'s ``(columns, sheet, header_row)``, for a reader that takes
    only those."""
    spec = read_mapping_spec(path, known)
    return spec.columns, spec.sheet, spec.header_row


def mapping_columns(
    cells: Sequence[HeaderCell], columns: dict, file: str, where: str, row: int
) -> tuple[dict[int, str], set[int]]:
    """The columns a mapping file names, for every reader: each key (normalised) matches a
    column's sub-header, its ``group / sub-header`` (or ``group/sub``, ``group sub``), the header
    as shown, or else a group cell over exactly one column (a group over several is refused:
    name one as ``group / sub-header``).

    Args:
        cells: the header columns.
        columns: normalised key -> column name (or ``ignore``).
        file: the mapping file's name, for the problems.
        where: ``file!sheet`` of the header, for the problems.
        row: the (last) header row, 1-based.

    Returns:
        ``(fixed, ignored)``: 1-based column -> name, and the columns to leave out.

    Raises:
        ConfigError: every key that matches no header (listing the headers there), or a group
            over several columns.
    """

    fixed: dict[int, str] = {}
    ignored: set[int] = set()
    problems = []
    for key, column in columns.items():
        hits = [
            cell
            for cell in cells
            if key == norm(cell.shown)
            or key
            in {
                norm(cell.sub),
                norm(f"{cell.group} / {cell.sub}"),
                norm(f"{cell.group}/{cell.sub}"),
                norm(f"{cell.group} {cell.sub}"),
            }
        ]
        if not hits:
            hits = [c for c in cells if c.group and norm(c.group) == key]
            if len(hits) > 1 and column != IGNORE:
                letters = ", ".join(column_letter(c.column) for c in hits)
                problems.append(
                    Problem(
                        file,
                        f"mapping key {key!r} is a group over {len(hits)} columns "
                        f"({letters}) of {where}: name one as 'group / sub-header'",
                    )
                )
                continue
        if not hits:
            present = ", ".join(repr(c.shown) for c in cells)
            problems.append(
                Problem(
                    file,
                    f"mapping key {key!r} matches no header of {where} "
                    f"(header row {row}); the headers are: {present}",
                )
            )
            continue
        for cell in hits:
            if column == IGNORE:
                ignored.add(cell.column)
            else:
                fixed[cell.column] = column
    if problems:
        raise ConfigError(problems)
    return fixed, ignored
