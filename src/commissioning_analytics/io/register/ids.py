"""Scheme numbers when the register has no id column: the codes written at the start of the
names ("QIPP01 - Virtual wards", "[CIP-12] Theatre utilisation", "S12: Outpatients", "1.2
Urgent care") become ``scheme_id`` and the name keeps the rest; with no codes, schemes are
numbered in row order, which the load says (``ids_invented``) because such numbers shift when
a row is added, so that month-on-month matching goes by name.
"""

from __future__ import annotations

import re

# A code: letters then a number ("QIPP01", "CIP-12", "S12", "QIPP 01" in capitals), or an
# outline number ("1.2", "3"), always with a digit; then a separator, or brackets round it.
_CODE = r"(?:[A-Z]{1,8}[ ]?|[A-Za-z]{1,8}[-_./]?)?\d+(?:[-_./]?[A-Za-z0-9]+)*"
_CODED_NAME = re.compile(
    rf"""^\s*(?:
        \[\s*(?P<bracketed>{_CODE})\s*\]\s*[-–—:|]?            # [CIP-12] Theatres
      | \(\s*(?P<parenthesised>{_CODE})\s*\)\s*[-–—:|]?        # (S12) Outpatients
      | (?P<plain>{_CODE})\s*(?:[-–—:|]|\.(?=\s))               # QIPP01 - ..., S12: ..., 3. ...
      | (?P<outline>\d+(?:\.\d+)+)\.?(?=\s)                     # 1.2 Urgent care
    )\s*(?P<rest>\S.*?)\s*$""",
    re.VERBOSE | re.DOTALL,
)


def code_in_name(name: object) -> tuple[str, str] | None:
    """``(code, rest of the name)`` when a name starts with a scheme code, else ``None``."""
    if not isinstance(name, str):
        return None
    match = _CODED_NAME.match(name)
    if match is None:
        return None
    code = next(
        match[g] for g in ("bracketed", "parenthesised", "plain", "outline") if match[g] is not None
    )
    return code.strip(), match["rest"]


def codes_in_names(names: list) -> tuple[list[str], list[str]] | None:
    """The codes and the rest of every name, when every name carries a code and no code is
    used twice; ``None`` otherwise (then no name is split: a code in some names only, or one
    repeated, is no scheme number)."""
    if not names:
        return None
    split = [code_in_name(n) for n in names]
    if any(s is None for s in split):
        return None
    codes = [s[0] for s in split]
    if len(set(codes)) != len(codes):
        return None
    return codes, [s[1] for s in split]


def numbered_note(how_matched: str = "by scheme name") -> str:
    """The load report's sentence on ids made up from row order."""
    return (
        "no scheme number column and no codes in the names: schemes are numbered 1, 2, ... "
        "in register order; such numbers shift when a row is added, so month-on-month "
        f"matching goes {how_matched}"
    )
