"""Double counting across a system's registers (issue 22): the same saving in two organisations.

Two schemes in different organisations' registers are taken to be the same saving when

* they carry the same plan reference (``file_ref``, compared without case or spaces), or
* they have the same name and the same theme (compared without case, punctuation or repeated
  spaces); a placeholder name ("Unidentified", "TBC", ...) or a line of stage ``unidentified``
  is never such evidence: each organisation's unidentified savings are its own.

:func:`double_counted` lists each such pair once, with the evidence and the £ in each
register. :func:`counted_once` says, for a system that deducts them, which schemes to leave out so
that each group of schemes found to be one saving counts once: the one with the largest plan in
year stays (ties: the first organisation by code), the others are deducted whole (every figure,
so the system's bridge still adds up).
"""

from __future__ import annotations

import re

import pandas as pd

from ..schema import Scheme

# Names every register may use for a line that is not one scheme: never evidence of a double
# count (a shared plan reference still is).
PLACEHOLDER_NAMES = frozenset(
    {"unidentified", "unidentified savings", "to be identified", "tbc", "tbi", "other", "misc"}
)
EVIDENCE_REF = "shared plan reference"
EVIDENCE_NAME = "same name and theme"
MONEY = ("plan_in_year", "forecast_in_year")
PAIR_COLUMNS = [
    "evidence",
    *(
        f"{c}_{side}"
        for side in ("a", "b")
        for c in ("organisation", "scheme_id", "scheme", "theme", "file_ref", *MONEY)
    ),
]


def _key(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).casefold()
    text = re.sub(r"[^\w£]+", " ", text)
    return " ".join(text.split())


def _ref(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return re.sub(r"\s+", "", str(value)).casefold()


def _tidy(code: str, schemes: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "organisation": code,
            "scheme_id": schemes[Scheme.scheme_id].astype(str).to_numpy(),
            "scheme": schemes.get(Scheme.scheme, pd.Series("", index=schemes.index)).to_numpy(),
            "theme": schemes.get(Scheme.theme, pd.Series("", index=schemes.index)).to_numpy(),
            "file_ref": schemes.get(Scheme.file_ref, pd.Series("", index=schemes.index))
            .astype("object")
            .to_numpy(),
        }
    )
    for column in MONEY:
        values = schemes.get(column, pd.Series(0.0, index=schemes.index))
        out[column] = pd.to_numeric(values, errors="coerce").fillna(0.0).to_numpy()
    out["ref_key"] = [_ref(v) for v in out["file_ref"]]
    out["name_key"] = [
        f"{_key(t)}|{_key(n)}" if _key(n) and _key(n) not in PLACEHOLDER_NAMES else ""
        for t, n in zip(out["theme"], out["scheme"])
    ]
    # an unidentified line is each organisation's own gap, never a saving counted twice
    stage = schemes.get("stage")
    if stage is not None:
        unidentified = stage.astype("string").str.strip().str.lower().eq("unidentified")
        out.loc[unidentified.fillna(False).to_numpy(), "name_key"] = ""
    return out


def double_counted(registers: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every pair of schemes, in two different organisations, that look like one saving.

    Args:
        registers: organisation code -> its schemes (``scheme_id, scheme, theme, file_ref,
            plan_in_year, forecast_in_year``; the pack's ``schemes`` table).

    Returns:
        One row per pair (organisations in code order): ``evidence`` ("shared plan reference",
        "same name and theme", or both joined by "; "), then for each side ``a`` and ``b`` the
        organisation, scheme id, name, theme, plan reference, plan in year and forecast in year.
    """
    frames = [_tidy(code, frame) for code, frame in sorted(registers.items()) if len(frame)]
    if not frames:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    every = pd.concat(frames, ignore_index=True)
    every["row"] = range(len(every))
    found: dict[tuple[int, int], list[str]] = {}
    for key, evidence in (("ref_key", EVIDENCE_REF), ("name_key", EVIDENCE_NAME)):
        keyed = every[every[key] != ""]
        pairs = keyed.merge(keyed, on=key, suffixes=("_a", "_b"))
        pairs = pairs[pairs["organisation_a"] < pairs["organisation_b"]]
        for a, b in zip(pairs["row_a"], pairs["row_b"]):
            found.setdefault((int(a), int(b)), []).append(evidence)
    rows = []
    for (a, b), evidence in sorted(found.items()):
        left, right = every.iloc[a], every.iloc[b]
        row: dict[str, object] = {"evidence": "; ".join(evidence)}
        for side, scheme in (("a", left), ("b", right)):
            for column in ("organisation", "scheme_id", "scheme", "theme", "file_ref", *MONEY):
                row[f"{column}_{side}"] = scheme[column]
        rows.append(row)
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def counted_once(pairs: pd.DataFrame) -> dict[str, set[str]]:
    """For a system that deducts double counting: organisation -> the scheme ids to leave out.

    The pairs are joined into groups (a scheme found twice joins both pairs' groups); in each
    group the scheme with the largest plan in year stays (ties: the first organisation by code,
    then the first scheme id), the others are left out.
    """
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    plan: dict[tuple[str, str], float] = {}

    def root(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for row in pairs.itertuples(index=False):
        a = (str(row.organisation_a), str(row.scheme_id_a))
        b = (str(row.organisation_b), str(row.scheme_id_b))
        plan[a], plan[b] = float(row.plan_in_year_a), float(row.plan_in_year_b)
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    out: dict[str, set[str]] = {}
    for members in groups.values():
        keep = sorted(members, key=lambda n: (-plan[n], n))[0]
        for org, scheme_id in members:
            if (org, scheme_id) != keep:
                out.setdefault(org, set()).add(scheme_id)
    return out
