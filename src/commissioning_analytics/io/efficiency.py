"""The efficiency-plan vocabulary: how registers word a scheme's plan maturity (stage), its
category (pay / non-pay / income), cash-releasing or cost avoidance, and its quality impact
assessment (QIA), read as the canonical values of docs/methods.md ("Efficiency plans").

One table for every reader and for the header evidence (:mod:`.headers` asks it whether a
column's values look like stages, categories, cash flags or QIA states), as :mod:`.ratings` is
for ratings. The labels are configurable: ``efficiency.yml`` (shipped beside ``weights.yml``)
holds each canonical value's display label and the words read as it; a word is matched on its
normalised text (any case, dashes, brackets and slashes as spaces), then by the key phrases of
:data:`STAGE_PHRASES` (``"FD – in delivery (M3)"`` is in delivery).

==============  =================================================================================
stage           in_delivery (fully developed – in delivery), not_started (fully developed –
                delivery not yet started), in_progress (plans in progress), opportunity,
                unidentified
category        pay, non_pay, income, other
cash_releasing  True (cash-releasing), False (cost avoidance)
qia             approved, pending, not_required (a date alone is an approval on that date)
==============  =================================================================================
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import yaml

STAGES = ("in_delivery", "not_started", "in_progress", "opportunity", "unidentified")
CATEGORIES = ("pay", "non_pay", "income", "other")
QIA_STATES = ("approved", "pending", "not_required")

# Key phrases of a stage, most specific first: a longer wording containing one is that stage.
STAGE_PHRASES = (
    (
        r"\b(?:un ?identified|to be identified|not (?:yet )?identified|tbi|unallocated)\b",
        "unidentified",
    ),
    (r"\bnot (?:yet )?started\b|\bnot yet in delivery\b", "not_started"),
    (r"\bin delivery\b|\bdelivering\b|\bimplemented\b", "in_delivery"),
    (r"\bin progress\b|\bin development\b|\bdeveloping\b", "in_progress"),
    (r"\bopportunit(?:y|ies)\b|\bpipeline\b|\bideas?\b", "opportunity"),
)
_STAGE_PHRASES = tuple((re.compile(p), s) for p, s in STAGE_PHRASES)
# a line of the plan with no scheme behind it, by its whole label ("Unidentified CIP", "Still
# to be identified", "CIP gap - unidentified", "Efficiency gap (to be identified)"): the words
# and nothing but plan words around them, so a scheme named "Unidentified patient transport
# review" stays a scheme
_GAP_WORDS = r"(?:un ?identified|(?:still )?to be identified|not yet identified|unallocated|tbi)"
_PLAN_WORDS = (
    r"(?:cip|qipp|savings?|efficienc(?:y|ies)|gap|target|schemes?|requirement|balance|plan|"
    r"programme|line|\d{2,4}(?: \d{2,4})?)"
)
UNIDENTIFIED_LINE = re.compile(
    rf"(?:(?:{_PLAN_WORDS}|{_GAP_WORDS}) )*{_GAP_WORDS}(?: (?:{_PLAN_WORDS}|{_GAP_WORDS}))*",
    re.IGNORECASE,
)


def is_unidentified_label(text: object) -> bool:
    """Whether a row's number or name is the label of the plan's unidentified part."""
    if not isinstance(text, str):
        return False
    lower = text.lower()  # (a register's names, thousands: the regexes only for likely ones)
    if "identif" not in lower and "tbi" not in lower and "unallocated" not in lower:
        return False
    return UNIDENTIFIED_LINE.fullmatch(norm_word(text)) is not None


def norm_word(value: object) -> str:
    """A cell's text as the vocabulary matches it: lower case, dashes, brackets, slashes and
    colons as spaces, single spaces (``"Fully developed – in delivery"`` -> ``"fully
    developed in delivery"``)."""
    text = str(value).strip().lower()
    text = re.sub(r"[\u2010-\u2015\-/():;,.]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@cache
def vocabulary() -> dict:
    """The shipped vocabulary (``efficiency.yml``): for each of ``stage``, ``category``,
    ``cash_releasing`` and ``qia``, canonical value -> ``{"label", "words"}``."""
    text = resources.files("commissioning_analytics").joinpath("efficiency.yml").read_text()
    return yaml.safe_load(text)


@cache
def _words(kind: str) -> dict[str, object]:
    table: dict[str, object] = {}
    for value, spec in vocabulary()[kind].items():
        key: object = value
        if kind == "cash_releasing":
            key = value == "cash_releasing"
        for word in [value, spec.get("label", ""), *spec.get("words", ())]:
            if word:
                table[norm_word(word)] = key
    return table


def label(kind: str, value: object) -> str:
    """The display label of a canonical value (``label("stage", "in_progress")`` -> ``"Plans
    in progress"``); a value with no label is shown as written."""
    if kind == "cash_releasing" and isinstance(value, bool):
        value = "cash_releasing" if value else "cost_avoidance"
    spec = vocabulary()[kind].get(value)
    return spec["label"] if spec else str(value)


def read_stage(value: object) -> str | None:
    """A stage cell as a canonical stage; ``None`` when no word or phrase knows it."""
    text = norm_word(value)
    found = _words("stage").get(text)
    if found is not None:
        return str(found)
    for pattern, stage in _STAGE_PHRASES:
        if pattern.search(text):
            return stage
    return None


def read_category(value: object) -> str | None:
    """A pay / non-pay / income / other cell as its canonical category; ``None`` if unknown."""
    found = _words("category").get(norm_word(value))
    return None if found is None else str(found)


def read_cash_releasing(value: object) -> bool | None:
    """True for cash-releasing, False for cost avoidance; ``None`` when unknown. Yes / No
    read as the header's question (is it cash-releasing?)."""
    if isinstance(value, bool):
        return value
    found = _words("cash_releasing").get(norm_word(value))
    return None if found is None else bool(found)


def read_qia(value: object) -> str | None:
    """A QIA cell's state (a date alone is read by the caller as approved); ``None`` if
    unknown."""
    text = norm_word(value)
    found = _words("qia").get(text)
    if found is None:  # "Approved 12/03/2026", "Signed off by MD & CN"
        first = re.sub(r"\d.*$", "", text).strip()
        found = _words("qia").get(first)
        if found is None:
            for state in ("not_required", "approved", "pending"):
                if any(w and text.startswith(w + " ") for w in _state_words(state)):
                    return state
    return None if found is None else str(found)


@cache
def _state_words(state: str) -> tuple[str, ...]:
    return tuple(w for w, s in _words("qia").items() if s == state and len(w) > 2)


@lru_cache(maxsize=4096)
def value_kinds(text: str) -> tuple[str, ...]:
    """Which vocabularies a (stripped) cell text belongs to, of ``"stage"``, ``"category"``,
    ``"cash"`` and ``"qia"`` (Yes / No belong to both the last two); none for other text
    (value evidence for :mod:`.headers`)."""
    word = norm_word(text)
    if not word:
        return ()
    kinds = tuple(
        kind
        for kind, table in (
            ("stage", "stage"),
            ("category", "category"),
            ("cash", "cash_releasing"),
            ("qia", "qia"),
        )
        if word in _words(table)
    )
    if not kinds and read_stage(word) is not None:
        return ("stage",)
    return kinds
