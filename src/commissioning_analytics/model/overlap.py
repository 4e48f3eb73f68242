"""Savings schemes and deflection interventions of the same service, linked, so no total counts
their saving twice.

A commissioner often keeps the same service twice: as a QIPP scheme (its saving in the
register) and as a transformation intervention (its deflected activity x unit cost less the
reinvestment, in the deflection workbook). Two links say they are one service, tried in order:

1. **A reference**: the intervention's reference column (named by the caller, e.g.
   ``scheme_ref``) holds the scheme's number or its file ref (case and spaces ignored).
2. **A stated name match**, for an intervention with no reference: names are compared by their
   words (lower case, hyphens and punctuation as spaces, accents dropped, the small words
   :data:`SMALL_WORDS` and numbers left out). They match when every word of the shorter name
   is in the longer one (a word matches one that starts with it, at least four letters long:
   "frail" and "frailty") and the shorter has at least two words; or when one name's acronym
   in brackets is the other's initials ("Outpatient follow-up reduction (PIFU)" and
   "Patient-initiated follow-up"). An intervention that matches two schemes is linked to none
   and named as ambiguous.

A linked pair's savings **overlap** when both count a saving in the same year: the overlap is
the smaller of the two (their common part), which a total of both must count once. Where
several interventions link to one scheme, they overlap it in turn until its saving is used up
(together never more than the scheme's saving).
Money is in pounds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from ..schema import Intervention, Scheme

SMALL_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "for", "in", "to", "with", "on", "by", "at", "or", "from"}
)
_ACRONYM = re.compile(r"\(([A-Za-z]{2,})\)")
_SHORTEST_PREFIX = 4


@dataclass(frozen=True)
class Links:
    """Schemes and interventions of the same service.

    Attributes:
        pairs: ``scheme_id, scheme, intervention_id, intervention, link`` (``"reference"``,
            ``"name match"`` or ``"acronym"``), ``scheme_gbp``, ``intervention_gbp``,
            ``overlap_gbp`` (the smaller of the two savings, 0 when either is none),
            ``overlaps`` (bool).
        ambiguous: interventions whose name matches more than one scheme, with those schemes:
            ``intervention_id, intervention, scheme_ids``; not linked.
    """

    pairs: pd.DataFrame
    ambiguous: pd.DataFrame

    @property
    def overlap_gbp(self) -> float:
        return float(self.pairs["overlap_gbp"].sum())

    def total_gbp(self, schemes_gbp: float, interventions_gbp: float) -> float:
        """A total of both savings counting each overlap once."""
        return float(schemes_gbp) + float(interventions_gbp) - self.overlap_gbp


def words(name: str) -> list[str]:
    """A name's words as the match compares them (see the module docstring)."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return [w for w in text.split() if w not in SMALL_WORDS and not w.isdigit()]


def initials(name: str) -> str:
    """The initials of a name's words, hyphenated parts counted ("Patient-initiated
    follow-up" -> ``PIFU``); small words left out."""
    return "".join(w[0] for w in words(_ACRONYM.sub(" ", str(name)))).upper()


def same_service(a: str, b: str) -> str | None:
    """``"name match"`` or ``"acronym"`` when two names name one service by the stated
    rule, else ``None``."""
    wa, wb = words(_ACRONYM.sub(" ", a)), words(_ACRONYM.sub(" ", b))
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) >= 2 and all(any(_same_word(w, x) for x in long) for w in short):
        return "name match"
    for name, other in ((a, b), (b, a)):
        for acronym in _ACRONYM.findall(name):
            if acronym.upper() == initials(other):
                return "acronym"
    return None


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= _SHORTEST_PREFIX and long.startswith(short)


def link_services(
    schemes: pd.DataFrame,
    interventions: pd.DataFrame,
    *,
    reference: str | None = None,
) -> Links:
    """Link schemes and interventions of the same service and say where their savings overlap.

    Args:
        schemes: ``scheme_id``, ``scheme``, ``saving_gbp`` (the saving the pack counts for the
            year, e.g. the outturn), ``file_ref`` where present.
        interventions: ``intervention_id``, ``intervention``, ``saving_gbp`` (its net saving
            for the same year), and the ``reference`` column where given.
        reference: the interventions' column holding a scheme's number or file ref
            (``None``: link by name only).

    Returns:
        :class:`Links`, pairs in the schemes' order.
    """
    ids = schemes[Scheme.scheme_id].astype(str).tolist()
    names = schemes[Scheme.scheme].astype(str).tolist()
    refs = {_key(i): i for i in ids}
    if Scheme.file_ref in schemes:
        refs.update(
            {_key(r): i for r, i in zip(schemes[Scheme.file_ref], ids) if _key(r) and pd.notna(r)}
        )
    pairs: list[tuple[str, str, str]] = []
    ambiguous: list[tuple[str, str, str]] = []
    for row in interventions.to_dict("records"):
        iid, iname = str(row[Intervention.intervention_id]), str(row[Intervention.intervention])
        ref = row.get(reference) if reference else None
        if ref is not None and pd.notna(ref) and _key(ref) in refs:
            pairs.append((refs[_key(ref)], iid, "reference"))
            continue
        found = [(i, how) for i, n in zip(ids, names) if (how := same_service(n, iname))]
        if len(found) == 1:
            pairs.append((found[0][0], iid, found[0][1]))
        elif len(found) > 1:
            ambiguous.append((iid, iname, ", ".join(i for i, _ in found)))
    scheme_gbp = dict(zip(ids, pd.to_numeric(schemes["saving_gbp"]).astype(float)))
    scheme_name = dict(zip(ids, names))
    iv = interventions.assign(_id=interventions[Intervention.intervention_id].astype(str))
    int_gbp = dict(zip(iv["_id"], pd.to_numeric(iv["saving_gbp"]).astype(float)))
    int_name = dict(zip(iv["_id"], iv[Intervention.intervention].astype(str)))
    order = {i: k for k, i in enumerate(ids)}
    pairs.sort(key=lambda p: (order[p[0]], p[1]))
    table = pd.DataFrame(
        {
            Scheme.scheme_id: [p[0] for p in pairs],
            Scheme.scheme: [scheme_name[p[0]] for p in pairs],
            Intervention.intervention_id: [p[1] for p in pairs],
            Intervention.intervention: [int_name[p[1]] for p in pairs],
            "link": [p[2] for p in pairs],
            "scheme_gbp": [scheme_gbp[p[0]] for p in pairs],
            "intervention_gbp": [int_gbp[p[1]] for p in pairs],
        }
    )
    left = {i: max(g, 0.0) for i, g in scheme_gbp.items()}  # a scheme's saving not yet matched
    overlap = []
    for scheme_id, gbp in zip(table[Scheme.scheme_id], table["intervention_gbp"]):
        common = min(max(float(gbp), 0.0), left[scheme_id])
        left[scheme_id] -= common
        overlap.append(common)
    table["overlap_gbp"] = pd.Series(overlap, dtype=float)
    table["overlaps"] = table["overlap_gbp"] > 0.5
    return Links(
        pairs=table,
        ambiguous=pd.DataFrame(
            ambiguous,
            columns=[Intervention.intervention_id, Intervention.intervention, "scheme_ids"],
        ),
    )


def _key(value: object) -> str:
    if value is None:
        return ""
    return re.sub(r"\s+", "", str(value)).upper()
